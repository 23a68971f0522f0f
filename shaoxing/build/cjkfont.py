"""The CJK font a page embeds: a WOFF2 subset of Noto Sans CJK SC holding only the characters used."""

from __future__ import annotations

import base64
import contextlib
import functools
import hashlib
import io
import os
import re
import struct
from pathlib import Path

from .state import write_atomic

FONT_FAMILY_CSS = "Shaoxing CJK"
_FONT_SLOT = "<!--sx-font-face-->"

_CJK = re.compile("[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u31ff\u3400-\u4dbf\u4e00-\u9fff"
                  "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\U00020000-\U0003134f]")
_SUBSETS: dict[str, bytes] = {}
_SUBSET_VERSION = "1"
BROTLI_QUALITY = 9  # a page ~8 KB larger than at 10 for a sixth of the time (see _brotli_quality)


@contextlib.contextmanager
def _brotli_quality(quality: int):
    """Run fontTools' WOFF2 writer at a lower Brotli quality.

    Measured on a Chinese page's subset (664 characters, 121 KB): quality 11 (fontTools'
    default) 0.44 s of CPU and 96.9 KB, 10 0.135 s and 97.4 KB, 9 0.023 s and 105 KB.
    """
    try:
        import brotli
        from fontTools.ttLib import woff2
    except ImportError:  # pragma: no cover - fontTools[woff] is a dependency
        yield
        return
    original = getattr(woff2, "brotli", None)
    if original is not brotli:
        yield
        return

    class _Tuned:
        MODE_GENERIC, MODE_TEXT, MODE_FONT = brotli.MODE_GENERIC, brotli.MODE_TEXT, brotli.MODE_FONT
        decompress = staticmethod(brotli.decompress)

        @staticmethod
        def compress(data, mode=brotli.MODE_GENERIC, **kw):
            kw.setdefault("quality", quality)
            return brotli.compress(data, mode=mode, **kw)

    woff2.brotli = _Tuned
    try:
        yield
    finally:
        woff2.brotli = original


def _read_file(path: Path) -> bytes | None:
    """The bytes of a regular file of the cache (never read through a symlink), or None."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        return path.read_bytes()
    except OSError:
        return None


def _read_cached(path: Path) -> bytes | None:
    """A cached subset if it is a whole WOFF2 file (signature and the length its header gives), else None."""
    data = _read_file(path)
    if data is None or len(data) < 48 or data[:4] != b"wOF2" or struct.unpack(">I", data[8:12])[0] != len(data):
        return None
    return data


def _cut(source, chars: str, flavor: str | None) -> bytes:
    """The font at ``source`` (a path or a file object) with only ``chars``: WOFF2, or OpenType if no flavor."""
    from fontTools import subset

    opts = subset.Options()
    opts.flavor = flavor
    opts.layout_features = []  # horizontal text needs none; halves the size
    opts.hinting = False
    opts.desubroutinize = True
    opts.notdef_outline = True
    opts.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF", "vhea", "vmtx", "VORG"]
    font = subset.load_font(source, opts, lazy=True)
    try:
        for tag in opts.drop_tables:  # dropped anyway; deleting them first spares parsing them
            if tag in font:
                del font[tag]
        subsetter = subset.Subsetter(options=opts)
        subsetter.populate(text=chars)
        subsetter.subset(font)
        buf = io.BytesIO()
        with _brotli_quality(BROTLI_QUALITY):
            subset.save_font(font, buf, opts)
    finally:
        font.close()
    return buf.getvalue()


# ---- the base: the characters any page of the project can hold, cut once from the full font
#
# Cutting a page's subset from the full font (65,000 glyphs, subroutinized CFF) costs about
# 0.1 s of CPU before the first character and 0.3 s for a Chinese page; cut from a base
# holding only the characters the package and the data use (about 1,600 glyphs, outlines
# already desubroutinized) it costs a quarter of that.  The base is cut once per build
# (0.5 s), by the first process that needs it, and kept in the fonts cache beside the
# subsets; a page with a character outside it is cut from the full font.

_BASE_VERSION = "1"
_BASES: dict[str, bytes] = {}
# beside the characters of the package's and the data's files: the punctuation and symbol
# blocks a page's own text may use
_BASE_RANGES = ((0x0021, 0x007E), (0x00A0, 0x00FF), (0x2010, 0x2027), (0x2030, 0x203B), (0x3000, 0x301F),
                (0xFF01, 0xFF5E))
_TEXT_SUFFIXES = (".csv", ".json", ".py", ".j2", ".ipynb", ".html", ".css", ".md", ".txt")


@functools.lru_cache(maxsize=4)
def repertoire(data_dir: str | None = None) -> frozenset[str]:
    """The characters of the package's files (labels, templates, notebooks) and of the data folder's
    files, with printable ASCII and the common punctuation and symbol blocks: what the base font holds."""
    from .. import data as _data

    roots = [Path(__file__).resolve().parent.parent]
    with contextlib.suppress(Exception):
        roots.append(_data.data_dir(data_dir))
    chars = {chr(cp) for lo, hi in _BASE_RANGES for cp in range(lo, hi + 1)}
    for root in roots:
        for path in sorted(root.rglob("*")):
            if path.suffix in _TEXT_SUFFIXES and not path.is_symlink() and path.is_file():
                with contextlib.suppress(OSError):
                    chars.update(path.read_text(encoding="utf-8", errors="ignore"))
    return frozenset(c for c in chars if ord(c) > 0x20 and not c.isspace())


@contextlib.contextmanager
def _locked(path: Path):
    """Hold an exclusive lock on ``path`` (created, never through a symlink) where the platform has one."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no flock (Windows): two processes may both cut the base
        yield
        return
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0), 0o644)
    except OSError:  # a read-only cache, or something planted there: cut without the lock
        yield
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def _read_base(path: Path) -> bytes | None:
    """A cached base font if the file is OpenType with CFF outlines (a damaged one fails later, and is left aside)."""
    data = _read_file(path)
    return data if data is not None and data[:4] == b"OTTO" else None


def base_font(chars: frozenset[str], cache_dir: Path | None = None) -> bytes:
    """The project's CJK font cut to ``chars`` (OpenType), cached in memory and in ``cache_dir``.

    Processes building at once wait for the one that cuts it (a lock file in ``cache_dir``).
    """
    from ..fonts import cjk_font_path

    font_path = cjk_font_path()
    text = "".join(sorted(chars))
    key = hashlib.sha256(f"base|{_BASE_VERSION}|{font_path.name}|{font_path.stat().st_size}|{text}"
                         .encode()).hexdigest()[:32]
    if key in _BASES:
        return _BASES[key]
    data = None
    if cache_dir is not None:
        with contextlib.suppress(OSError):
            cache_dir.mkdir(parents=True, exist_ok=True)
        path = cache_dir / f"base-{key}.otf"
        data = _read_base(path)
        if data is None:
            with _locked(cache_dir / "base.lock"):
                data = _read_base(path)  # cut by another process while this one waited
                if data is None:
                    data = _cut(str(font_path), text, None)
                    with contextlib.suppress(OSError):  # a cache: a full disk only costs time
                        write_atomic(path, data)
    if data is None:
        data = _cut(str(font_path), text, None)
    _BASES[key] = data
    return data


def font_subset(chars: str, cache_dir: Path | None = None, data_dir: str | None = None) -> bytes:
    """WOFF2 bytes of the project's CJK font with only ``chars`` (cached in memory and in ``cache_dir``).

    Cut from the base font (:func:`base_font` of :func:`repertoire`) when it holds every
    character, else from the full font; a base that cannot be read is left aside.
    """
    from ..fonts import cjk_font_path

    font_path = cjk_font_path()
    chars = "".join(sorted(set(chars)))
    key = hashlib.sha256(f"{_SUBSET_VERSION}|{font_path.name}|{font_path.stat().st_size}|{chars}"
                         .encode()).hexdigest()[:32]
    if key in _SUBSETS:
        return _SUBSETS[key]
    cached = cache_dir / f"{key}.woff2" if cache_dir is not None else None
    data = _read_cached(cached) if cached is not None else None
    if data is None:
        rep = repertoire(data_dir)
        if set(chars) <= rep:
            try:
                data = _cut(io.BytesIO(base_font(rep, cache_dir)), chars, "woff2")
            except Exception:  # a damaged base in the cache: the full font gives the same subset
                data = None
        if data is None:
            data = _cut(str(font_path), chars, "woff2")
        if cached is not None:  # a cache: a full disk or a read-only folder only costs time
            with contextlib.suppress(OSError):
                write_atomic(cached, data)
    _SUBSETS[key] = data
    return data


def _unicode_range(chars: str) -> str:
    points = sorted({ord(c) for c in chars})
    runs, start = [], None
    for i, cp in enumerate(points):
        if start is None:
            start = cp
        if i + 1 == len(points) or points[i + 1] != cp + 1:
            runs.append(f"U+{start:X}" if start == cp else f"U+{start:X}-{cp:X}")
            start = None
    return ",".join(runs)


def font_face_css(page: str, cache_dir: Path | None = None, cjk_only: bool | None = None) -> str:
    """A ``<style>`` with an @font-face holding the CJK characters of ``page`` ("" if it has none).

    The face is named first in the pages' font-family and its ``unicode-range`` lists
    exactly the characters it holds, so those come from the embedded font and every
    other character from the reader's own fonts.  On a Chinese page (``<html
    lang="zh-CN">``) all non-ASCII characters the font has go in (Chinese punctuation and
    quotes), elsewhere only CJK ones (English quotes and dashes stay proportional).
    """
    if not _CJK.search(page):
        return ""
    if cjk_only is None:
        cjk_only = '<html lang="zh' not in page[:2000]
    wanted = (c for c in set(page) if ord(c) > 0x7F and not c.isspace())
    chars = "".join(sorted(c for c in wanted if not cjk_only or _CJK.match(c)))
    data = base64.b64encode(font_subset(chars, cache_dir)).decode("ascii")
    return (f'<style>@font-face{{font-family:"{FONT_FAMILY_CSS}";font-style:normal;font-weight:400;'
            f'font-display:block;src:url(data:font/woff2;base64,{data}) format("woff2");'
            f'unicode-range:{_unicode_range(chars)};}}</style>')


def embed_font(page: str, cache_dir: Path | None = None) -> str:
    """Put the page's @font-face (if it has CJK text) where the template left its slot."""
    return page.replace(_FONT_SLOT, font_face_css(page, cache_dir), 1)

