"""The loader: typing, caching, overrides and every kind of bad input."""

from __future__ import annotations

import subprocess
import sys

import pandas as pd
import pytest

import shaoxing as sx
from conftest import load_error, replace_in


def test_types_follow_the_schema():
    seg = sx.load("segments")
    assert seg["enterprises"].dtype == "Int64"
    assert seg["output_value"].dtype == "float64"
    assert seg["counted_in_total"].dtype == "boolean"
    assert str(seg["segment_zh"].dtype).startswith("string")
    ind = sx.load("indicators")
    assert ind["baseline"].isna().sum() >= 3  # 1, 5, 11: missing is NaN, never 0


def test_segments_are_the_18_rows_of_the_three_tables():
    seg = sx.load("segments")
    assert len(seg) == 18
    assert seg.groupby("industry").size().to_dict() == {"chemical": 5, "metal": 5, "textile": 8}


def test_frames_carry_units_and_source():
    seg = sx.load("segments")
    assert seg.attrs["units"]["output_value"] == "亿元"
    assert "218" in seg.attrs["source"]


def test_each_load_returns_an_independent_copy():
    a = sx.load("indicators")
    a.loc[0, "baseline"] = -1.0
    a.attrs["units"]["baseline"] = "changed"
    a["note"] = "overwritten"
    b = sx.load("indicators")
    assert b.loc[0, "baseline"] != -1.0 or pd.isna(b.loc[0, "baseline"])
    assert (b["note"] != "overwritten").all()
    assert b.attrs["units"]["baseline"] != "changed"


def test_unknown_table_lists_tables_and_suggests_closest():
    with pytest.raises(sx.UnknownTableError) as err:
        sx.load("indicatorz")
    msg = str(err.value)
    assert "Did you mean 'indicators'?" in msg
    assert "segments" in msg and "milestones_2017" in msg
    with pytest.raises(LookupError):
        sx.describe("nope")


def test_describe_says_where_and_in_what_unit():
    info = sx.describe("indicators")
    text = str(info)
    assert "lines 70-208" in text
    assert info.units["baseline_year"] == "year" and "target_kind" not in info.units  # text has no unit
    fields = info.fields.set_index("name")
    assert "unit_zh" in fields["unit"]["baseline"]  # varies by row, says where to look
    assert info.primary_key == ["indicator_no"]
    assert info.to_dict()["fields"][0]["name"] == "indicator_no"
    assert "<table" in info._repr_html_()


def test_env_var_and_argument_load_another_copy(data_copy, monkeypatch):
    replace_in(data_copy / "segments.csv", "3673.5", "3673.6")
    assert sx.load("segments", data_dir=data_copy).loc[0, "output_value"] == 3673.6
    monkeypatch.setenv("SHAOXING_DATA", str(data_copy))
    assert sx.load("segments").loc[0, "output_value"] == 3673.6
    assert sx.data_dir() == data_copy.resolve()
    monkeypatch.delenv("SHAOXING_DATA")
    assert sx.load("segments").loc[0, "output_value"] == 3673.5


def test_override_folder_without_descriptor_is_refused(tmp_path):
    with pytest.raises(sx.DataError, match="no datapackage.json"):
        sx.load("segments", data_dir=tmp_path)


def test_edits_to_a_file_are_picked_up(data_copy):
    assert sx.load("fibre_mix", data_dir=data_copy).loc[0, "apparel"] == 60
    path = data_copy / "fibre_mix.csv"
    text = path.read_text(encoding="utf-8").replace("2016,60,30,10", "2016,61,29,10")
    path.write_text(text + "\n", encoding="utf-8")  # size changes too
    assert sx.load("fibre_mix", data_dir=data_copy).loc[0, "apparel"] == 61


# ------------------------------------------------------------------ malformed CSVs


def test_missing_column(data_copy):
    path = data_copy / "fibre_mix.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(",".join(l.split(",")[:3] + l.split(",")[4:]) for l in lines) + "\n",
                    encoding="utf-8")
    err = load_error(data_copy, "fibre_mix")
    assert err.table == "fibre_mix" and err.column == "industrial"
    assert "lacks column(s) 'industrial'" in str(err)


def test_text_in_a_number(data_copy):
    replace_in(data_copy / "segments.csv", ",967.6,", ",about 967,")
    err = load_error(data_copy, "segments")
    assert (err.table, err.row, err.column) == ("segments", 2, "output_value")
    assert "'about 967' is not a number" in str(err)
    assert "row 2 (line 3 of segments.csv)" in str(err)


def test_text_in_an_integer(data_copy):
    replace_in(data_copy / "segments.csv", "textile,2016,segment,1,化纤,Chemical fibres,纺织,Textiles,188,",
               "textile,2016,segment,1,化纤,Chemical fibres,纺织,Textiles,188.5,")
    err = load_error(data_copy, "segments")
    assert (err.row, err.column) == (2, "enterprises")
    assert "not an integer" in str(err)


def test_duplicate_key(data_copy):
    path = data_copy / "industries.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[1]]) + "\n", encoding="utf-8")
    err = load_error(data_copy, "industries")
    assert err.row == 9 and err.column == "industry"
    assert "duplicate primary key (industry='textile'); row 1 has it already" in str(err)


def test_unknown_industry(data_copy):
    replace_in(data_copy / "roadmap.csv", "\nchemical,1,", "\nchemicals,1,")
    err = load_error(data_copy, "roadmap")
    assert err.column == "industry" and err.row is not None
    assert "'chemicals'" in str(err)
    assert "chemical, metal" in str(err)  # lists what exists


def test_not_utf8(data_copy):
    path = data_copy / "industries.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    err = load_error(data_copy, "industries")
    assert "not UTF-8" in str(err) and "line 2" in str(err)
    assert err.table == "industries" and err.row == 1


def test_missing_file(data_copy):
    (data_copy / "measures.csv").unlink()
    err = load_error(data_copy, "measures")
    assert "does not exist" in str(err) and err.table == "measures"


def test_empty_file(data_copy):
    (data_copy / "measures.csv").write_text("", encoding="utf-8")
    assert "empty" in str(load_error(data_copy, "measures"))


def test_value_outside_enum(data_copy):
    replace_in(data_copy / "benchmarks.csv", ",enterprise,", ",company,")
    err = load_error(data_copy, "benchmarks")
    assert err.column == "kind" and "allowed values: enterprise, region, site" in str(err)


def test_ragged_row(data_copy):
    path = data_copy / "fibre_mix.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("2020,40,30,30,", "2020,40,30,30,x,"), encoding="utf-8")
    err = load_error(data_copy, "fibre_mix")
    assert err.row == 2 and "cells but the header has" in str(err)


def test_import_is_light():
    code = ("import sys, shaoxing; heavy = [m for m in ('matplotlib', 'seaborn', 'papermill', 'nbconvert') "
            "if m in sys.modules]; print(','.join(heavy))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
