"""shaoxing.build.index: the index lists every report with its status."""

from __future__ import annotations

import shutil
from pathlib import Path


from conftest import ParsedHtml
from shaoxing import reports

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
HOSTILE = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>"]


def _notebooks(tmp_path: Path, **names: str) -> Path:
    """A notebooks folder holding fixture ``names[stem] + '.ipynb'`` as ``stem.ipynb``."""
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    for stem, fixture in names.items():
        shutil.copy(FIXTURES / f"{fixture}.ipynb", folder / f"{stem}.ipynb")
    return folder


def _external_references(html: str) -> list[str]:
    """src / href values that would make a request outside the page (data:, #anchors, relative are fine)."""
    bad = []
    for tag, attrs in ParsedHtml(html).tags:
        for name in ("src", "href", "action", "formaction", "poster", "data", "srcset"):
            value = (attrs.get(name) or "").strip()
            if not value:
                continue
            if value.startswith(("data:", "#")):
                continue
            if "://" in value or value.startswith("//") or ":" in value.split("/")[0]:
                bad.append(f"<{tag} {name}={value[:60]}>")
    lowered = html.lower()
    if "@import" in lowered:
        bad.append("@import")
    for chunk in lowered.split("url(")[1:]:
        if not chunk.lstrip("'\" ").startswith("data:"):
            bad.append("url(" + chunk[:40])
    return bad


# ---------------------------------------------------------------- no execution



def test_index_lists_reports_with_status(tmp_path):
    folder = _notebooks(tmp_path, good="good")
    available = reports.discover_notebooks(folder)
    out = tmp_path / "out"
    out.mkdir()
    path = reports.write_index(out, available, None, [])
    html = path.read_text(encoding="utf-8")
    assert "not built" in html and "纺织产业" in html and "@font-face" in html
    assert _external_references(html) == []


# ---------------------------------------------------------------- building (executes notebooks)


