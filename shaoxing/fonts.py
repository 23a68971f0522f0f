"""The project's CJK font: Noto Sans CJK SC, shipped by the ``mplfonts`` package.

Found on disk through importlib.resources (no network, no system fonts), so
charts and HTML pages render Chinese the same on every machine.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

FONT_FAMILY = "Noto Sans CJK SC"
_FONT_FILE = "NotoSansCJKsc-Regular.otf"


@lru_cache(maxsize=1)
def cjk_font_path() -> Path:
    """Path of the bundled Noto Sans CJK SC font file."""
    try:
        path = Path(str(resources.files("mplfonts") / "fonts" / _FONT_FILE))
    except ModuleNotFoundError as exc:  # pragma: no cover - a broken install
        raise RuntimeError("the 'mplfonts' package is missing: reinstall shaoxing (pip install -e .)") from exc
    if not path.is_file():  # pragma: no cover
        raise RuntimeError(f"{_FONT_FILE} not found in the mplfonts package at {path.parent}")
    return path
