"""shaoxing.build.state and cjkfont's cache: files written whole and never through a link, records
of any shape read safely, and a page (or font subset) on disk verified before it is trusted."""

from __future__ import annotations

import errno
import hashlib
import json
import os
from pathlib import Path

import pytest

from shaoxing.build import cjkfont, state


def test_write_atomic_replaces_a_link_instead_of_writing_through_it(tmp_path):
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    path = tmp_path / "out" / "page.html"
    path.parent.mkdir()
    path.symlink_to(victim)
    # a link planted at the temporary name as well
    (path.parent / f".page.html.{os.getpid()}.tmp").symlink_to(victim)
    state.write_atomic(path, "new page")
    assert victim.read_text() == "precious"
    assert not path.is_symlink() and path.read_text() == "new page"
    assert sorted(p.name for p in path.parent.iterdir()) == ["page.html"]


def test_write_atomic_keeps_the_old_file_and_no_temporary_when_writing_fails(tmp_path, monkeypatch):
    path = tmp_path / "index.html"
    path.write_text("earlier")

    def full(*a, **k):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(state.os, "replace", full)
    with pytest.raises(OSError):
        state.write_atomic(path, "x" * 1000)
    assert path.read_text() == "earlier"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["index.html"]


@pytest.mark.parametrize("content", [
    '{"last_success": "abc"}', '{"last_success": ["hash"]}', '{"last_success": {"hash": 5, "built_at": 1}}',
    '{"last_success": {"hash": "h", "built_at": "t", "page_sha256": 7}}', '[]', '"text"', 'null', '{', b"\xff\xfe",
    '{"status": ["ok"], "error": {"x": 1}, "last_success": {"hash": "h", "built_at": "t", "duration": "long"}}',
])
def test_a_record_of_any_shape_is_read_without_error(tmp_path, content):
    meta = tmp_path / "r.json"
    meta.write_bytes(content if isinstance(content, bytes) else content.encode())
    files = {"meta": meta, "html": tmp_path / "r.html"}
    (tmp_path / "r.html").write_text("<html></html>")
    success = state.last_success(state.read_meta(meta))
    assert success is None or isinstance(success["hash"], str)
    assert state.up_to_date(files, "h") is None


def test_a_fifo_or_folder_at_the_record_is_no_record(tmp_path):
    os.mkfifo(tmp_path / "fifo.json")  # reading it would block forever
    (tmp_path / "dir.json").mkdir()
    assert state.read_meta(tmp_path / "fifo.json") == {} and state.read_meta(tmp_path / "dir.json") == {}


def _recorded(tmp_path: Path, page: bytes) -> dict:
    files = {"meta": tmp_path / "r.json", "html": tmp_path / "r.html"}
    files["html"].write_bytes(page)
    files["meta"].write_text(json.dumps({"last_success": {
        "hash": "digest", "built_at": "2026-01-01T00:00:00+00:00", "duration": 1.0,
        "page_sha256": hashlib.sha256(page).hexdigest()}}))
    return files


def test_a_page_is_up_to_date_only_while_it_is_the_page_that_was_built(tmp_path):
    page = b"<html>" + b"x" * 5000 + b"</html>"
    files = _recorded(tmp_path, page)
    assert state.up_to_date(files, "digest")["built_at"].startswith("2026")
    assert state.up_to_date(files, "other inputs") is None
    files["html"].write_bytes(page[:50])  # truncated
    assert state.up_to_date(files, "digest") is None
    files["html"].unlink()
    (tmp_path / "copy.html").write_bytes(page)
    files["html"].symlink_to(tmp_path / "copy.html")  # same bytes, but through a link
    assert state.up_to_date(files, "digest") is None


def test_a_record_without_the_page_hash_means_rebuild(tmp_path):
    files = _recorded(tmp_path, b"<html></html>")
    record = json.loads(files["meta"].read_text())
    del record["last_success"]["page_sha256"]  # written by an older builder
    files["meta"].write_text(json.dumps(record))
    assert state.up_to_date(files, "digest") is None


def test_a_damaged_font_subset_in_the_cache_is_made_again(tmp_path):
    cjkfont._SUBSETS.clear()
    first = cjkfont.font_subset("纺织", tmp_path)
    [cached] = tmp_path.glob("*.woff2")
    cached.write_bytes(first[:100])  # truncated
    cjkfont._SUBSETS.clear()
    again = cjkfont.font_subset("纺织", tmp_path)
    assert again == first and cached.read_bytes() == first


# ---- the base font: a page's subset is cut from the characters the project uses, cut once


def _outlines(woff2: bytes) -> dict[str, list]:
    """Each character's outline (pen operations) in a WOFF2 font."""
    import io

    from fontTools.pens.recordingPen import RecordingPen
    from fontTools.ttLib import TTFont

    font = TTFont(io.BytesIO(woff2))
    glyphs = font.getGlyphSet()
    out = {}
    for cp, name in font.getBestCmap().items():
        pen = RecordingPen()
        glyphs[name].draw(pen)
        out[chr(cp)] = (glyphs[name].width, pen.value)
    return out


def test_a_subset_cut_from_the_base_draws_what_one_cut_from_the_full_font_draws(tmp_path):
    text = "纺织产业，规上工业总产值3673.5亿元（2016年）“绍兴”—"
    assert set(text) - set("0123456789.") <= cjkfont.repertoire()
    cjkfont._SUBSETS.clear()
    cjkfont._BASES.clear()
    from_base = cjkfont.font_subset(text, tmp_path)
    assert list(tmp_path.glob("base-*.otf")), "the base is cut and kept in the cache"
    full = cjkfont._cut(str(__import__("shaoxing.fonts").fonts.cjk_font_path()), "".join(sorted(set(text))), "woff2")
    assert _outlines(from_base) == _outlines(full)


def test_a_character_outside_the_base_is_cut_from_the_full_font(tmp_path):
    rare = "\u9fa0"  # 龠 is in the font, in no file of the project
    assert rare not in cjkfont.repertoire()
    cjkfont._SUBSETS.clear()
    assert set(_outlines(cjkfont.font_subset("纺织" + rare, tmp_path))) == {"纺", "织", rare}


def test_a_damaged_base_in_the_cache_is_left_aside(tmp_path):
    cjkfont._SUBSETS.clear()
    cjkfont._BASES.clear()
    good = cjkfont.font_subset("纺织", tmp_path)
    [base] = tmp_path.glob("base-*.otf")
    base.write_bytes(base.read_bytes()[:2000])  # truncated: still starts with OTTO
    for woff in tmp_path.glob("*.woff2"):
        woff.unlink()
    cjkfont._SUBSETS.clear()
    cjkfont._BASES.clear()
    assert _outlines(cjkfont.font_subset("纺织", tmp_path)) == _outlines(good)


def test_the_base_lock_is_never_opened_through_a_planted_link(tmp_path):
    cjkfont._SUBSETS.clear()
    cjkfont._BASES.clear()
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    cache = tmp_path / "fonts"
    cache.mkdir()
    (cache / "base.lock").symlink_to(victim)
    assert _outlines(cjkfont.font_subset("纺织", cache)).keys() == {"纺", "织"}
    assert victim.read_text() == "keep me" and (cache / "base.lock").is_symlink()
