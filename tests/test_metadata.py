"""Every table and field described; the data package validates."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import shaoxing as sx


@pytest.fixture(scope="module")
def package():
    return sx.datapackage()


def test_every_table_described(package):
    for res in package["resources"]:
        for key in ("title", "title_zh", "description", "description_zh"):
            assert res.get(key), f"{res['name']} has no {key}"
        src = res.get("source", {})
        assert src.get("lines") or src.get("line_ranges"), f"{res['name']} does not say where in the plan it is"
        assert src.get("section_zh") and src.get("section_en"), res["name"]
        assert res["schema"].get("primaryKey"), f"{res['name']} has no primary key"


def test_every_field_described_and_every_number_has_a_unit(package):
    for res in package["resources"]:
        names = [f["name"] for f in res["schema"]["fields"]]
        assert len(names) == len(set(names))
        for f in res["schema"]["fields"]:
            assert f.get("description"), f"{res['name']}.{f['name']} has no description"
            if f.get("type") in ("integer", "number"):
                assert f.get("unit"), f"{res['name']}.{f['name']} is numeric but has no unit"


def test_tables_with_industry_reference_industries(package):
    ids = set(sx.load("industries")["industry"])
    for res in package["resources"]:
        names = [f["name"] for f in res["schema"]["fields"]]
        if "industry" not in names or res["name"] == "industries":
            continue
        fks = [fk for fk in res["schema"].get("foreignKeys", []) if fk["fields"] in ("industry", ["industry"])]
        enum = next(f for f in res["schema"]["fields"] if f["name"] == "industry").get("constraints", {}).get("enum")
        assert fks or (enum and ids <= set(enum)), f"{res['name']}.industry is not checked against industries"


def test_csv_headers_match_schema(package, data_path):
    for res in package["resources"]:
        header = (data_path / res["path"]).read_text(encoding="utf-8").splitlines()[0].split(",")
        assert header == [f["name"] for f in res["schema"]["fields"]], res["name"]


@pytest.mark.slow
def test_frictionless_validate_passes(data_path, tmp_path):
    exe = Path(sys.executable).with_name("frictionless")
    if not exe.exists():
        exe = shutil.which("frictionless")
    result = subprocess.run([str(exe), "validate", "--json", "datapackage.json"], cwd=data_path,
                            capture_output=True, text=True, timeout=600)
    report = json.loads(result.stdout)
    errors = [(t.get("name"), e.get("message")) for t in report.get("tasks", []) for e in t.get("errors", [])]
    assert report["valid"], errors[:10]
