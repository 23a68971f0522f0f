"""Data that used to fail without a DataError (shaoxing.data): each now names table, row and column,
and the public validate_frame() checks a DataFrame by the loader's own rules."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import shaoxing as sx
from conftest import make_unreadable, replace_in
from shaoxing.data import DataError, validate_frame

ROOT = Path(__file__).resolve().parent.parent


def _error(data_copy, table="industries") -> DataError:
    sx.data.clear_cache()
    with pytest.raises(DataError) as info:
        sx.load(table, data_copy)
    return info.value


def test_an_integer_too_large_is_a_data_error(data_copy):
    replace_in(data_copy / "industries.csv", ",214,534,", ",99999999999999999999999,534,")
    err = _error(data_copy)
    assert (err.table, err.row, err.column) == ("industries", 1, "first_line"), str(err)
    assert "too large" in str(err)


def test_a_cell_over_128_kb_is_a_data_error(data_copy):
    header = (data_copy / "industries.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    replace_in(data_copy / "industries.csv", ",214,534,", ",214,534," + "x" * 140_000)
    err = _error(data_copy)
    after = header[header.index("last_line") + 1]  # the long text went into the column after last_line
    assert (err.table, err.row, err.column) == ("industries", 1, after), str(err)
    assert "131072" in str(err)


def test_an_unreadable_file_is_a_data_error(data_copy, monkeypatch):
    make_unreadable(monkeypatch, data_copy / "industries.csv")
    err = _error(data_copy)
    assert err.table == "industries" and "Permission denied" in str(err)


def test_a_catastrophic_pattern_is_stopped_and_named(data_copy):
    """``(a+)+$`` against a long cell that fails it takes exponential time: --list must still end."""
    package = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    industries = next(r for r in package["resources"] if r["name"] == "industries")
    field = next(f for f in industries["schema"]["fields"] if f["name"] == "name_en")
    field.setdefault("constraints", {})["pattern"] = "^([A-Za-z]+)+$"
    (data_copy / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False), encoding="utf-8")
    replace_in(data_copy / "industries.csv", ",Textiles,", ",Textilesaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!,")
    out = subprocess.run([sys.executable, "-m", "shaoxing.reports", "--list", "--data-dir", str(data_copy),
                          "--notebook-dir", str(ROOT / "notebooks")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 2, out.stderr
    assert "table 'industries'" in out.stderr and "column 'name_en'" in out.stderr, out.stderr
    assert "took longer than" in out.stderr and "Traceback" not in out.stderr, out.stderr


def test_validate_frame_types_a_frame_as_load_types_its_file():
    shipped = sx.load("industries")
    assert validate_frame(shipped, "industries").equals(shipped)


def test_validate_frame_names_the_row_and_column_of_a_bad_value():
    frame = sx.load("industries")
    frame["first_line"] = frame["first_line"].astype(object)
    frame.loc[2, "first_line"] = "about 700"
    with pytest.raises(DataError) as info:
        validate_frame(frame, "industries")
    assert (info.value.table, info.value.row, info.value.column) == ("industries", 3, "first_line")


def test_validate_frame_refuses_unknown_columns_and_unknown_keys():
    with pytest.raises(DataError, match="not in the schema"):
        validate_frame(sx.load("industries").assign(extra=1), "industries")
    segments = sx.load("segments")
    segments.loc[0, "industry"] = "nosuch"
    with pytest.raises(DataError, match="'nosuch'"):
        validate_frame(segments, "segments")


def test_progress_validates_frames_without_a_temporary_file(monkeypatch):
    import tempfile

    from shaoxing import progress

    def no_temp(*a, **k):
        raise AssertionError("a temporary file was made to validate a frame")

    monkeypatch.setattr(tempfile, "TemporaryDirectory", no_temp)
    monkeypatch.setattr(tempfile, "NamedTemporaryFile", no_temp)
    shipped = sx.load("outcomes")
    extra = shipped.head(1).assign(observation_id="mine_1")
    checked = progress._frame_as_outcomes(extra)
    assert checked["observation_id"].tolist() == ["mine_1"]
    assert isinstance(pd.DataFrame(checked), pd.DataFrame)
