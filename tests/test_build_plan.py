"""shaoxing.build.plan: report names and files, and every value checked before anything runs."""

from __future__ import annotations

import pytest

from conftest import fixture_notebooks as _notebooks
from shaoxing import reports
from shaoxing.params import ParameterError


# ---------------------------------------------------------------- no execution


def test_report_names_and_files(tmp_path):
    nb = reports.Notebook("profile", tmp_path / "profile.ipynb", ("industry", "lang"))
    assert reports.Report(nb, "textile", "en").key == "profile/textile.en"
    assert reports.Report(nb, "textile", "en").parameters == {"industry": "textile", "lang": "en"}
    only_lang = reports.Notebook("overview", tmp_path / "overview.ipynb", ("lang",))
    assert reports.Report(only_lang, None, "zh").name == "zh"
    assert reports.Report(reports.Notebook("misc", tmp_path / "misc.ipynb"), None, None).name == "report"
    files = reports.Report(nb, "textile", "en").files(tmp_path)
    assert files["html"] == tmp_path / "profile" / "textile.en.html"
    assert {p.parent for p in files.values()} == {tmp_path / "profile"}


def test_list_prints_one_report_a_line(tmp_path, capsys):
    folder = _notebooks(tmp_path, good="good")
    assert reports.main(["--notebook-dir", str(folder), "--industry", "textile", "chemical",
                         "--lang", "en", "--list", "--out", str(tmp_path / "out")]) == 0
    assert capsys.readouterr().out.split() == ["good/textile.en", "good/chemical.en"]
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("args, valid, closest", [
    (["--notebook", "godo"], "good", "good"),
    (["--industry", "textle"], "textile", "textile"),
    (["--industry", "textile'; import os"], "textile", None),
    (["--lang", "zn"], "en, zh", "zh"),
    (["--lang", "fr"], "en, zh", None),
])
def test_bad_parameter_exits_2_and_writes_nothing(tmp_path, capsys, args, valid, closest):
    folder = _notebooks(tmp_path, good="good")
    out = tmp_path / "out"
    status = reports.main(["--notebook-dir", str(folder), "--out", str(out), *args])
    err = capsys.readouterr().err
    assert status == 2
    assert "Valid values:" in err and valid in err
    if closest:
        assert f"Did you mean {closest!r}?" in err
    assert not out.exists()


def test_bad_parameter_from_python_raises_before_writing(tmp_path):
    folder = _notebooks(tmp_path, good="good")
    with pytest.raises(ParameterError, match="textile"):
        reports.build_reports(industries=["textle"], notebook_dir=folder, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_industry_ids_from_the_data_must_be_plain_names(tmp_path, monkeypatch):
    """Industry ids name output files: one like '../x' in the data is refused, nothing is written."""
    import shaoxing.params

    monkeypatch.setattr(shaoxing.params, "industries", lambda data_dir=None: ["textile", "../../escape"])
    folder = _notebooks(tmp_path, good="good")
    with pytest.raises(ParameterError, match="not a plain name"):
        reports.build_reports(notebook_dir=folder, out=tmp_path / "out")
    assert not (tmp_path / "out").exists()


