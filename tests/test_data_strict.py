"""Strict number parsing: only ASCII digits are numbers (issue 11)."""

from __future__ import annotations

import pytest

from conftest import load_error, replace_in


@pytest.mark.parametrize("bad", ["1_873", "１８７３", "1873.0e", "nan", "inf", "1,873", "٣"])
def test_integer_cells_take_ascii_digits_only(data_copy, bad):
    replace_in(data_copy / "segments.csv", ",,1873,3673.5,", f",,\"{bad}\",3673.5,")
    err = load_error(data_copy, "segments")
    assert (err.table, err.row, err.column) == ("segments", 1, "enterprises")
    assert f"{bad!r} is not an integer" in str(err)


@pytest.mark.parametrize("bad", ["3_673.5", "３６７３.５", "3673．5", "NaN", "inf", "1e", "--1", "3,673.5"])
def test_number_cells_take_ascii_digits_only(data_copy, bad):
    replace_in(data_copy / "segments.csv", ",3673.5,", f",\"{bad}\",")
    err = load_error(data_copy, "segments")
    assert (err.table, err.row, err.column) == ("segments", 1, "output_value")
    assert f"{bad!r} is not a number" in str(err)
    assert "full-width" in str(err)


@pytest.mark.parametrize("good, value", [("3673.5", 3673.5), ("+3673.5", 3673.5), ("3673.", 3673.0),
                                         ("3.6735e3", 3673.5)])
def test_plain_numbers_still_parse(data_copy, good, value):
    import shaoxing as sx
    replace_in(data_copy / "segments.csv", ",3673.5,", f",{good},")
    seg = sx.load("segments", data_dir=data_copy)
    assert seg.loc[0, "output_value"] == value
