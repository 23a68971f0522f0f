"""shaoxing.build.index: the index lists every report with its status."""

from __future__ import annotations

from conftest import fixture_notebooks as _notebooks, external_references as _external_references
from shaoxing import reports


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


