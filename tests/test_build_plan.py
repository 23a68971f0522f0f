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




# ---- the parameters cell, read without papermill (planning imports neither papermill nor nbformat)


def _nb(source, tags=("parameters",)):
    return {"cells": [{"cell_type": "markdown", "metadata": {}, "source": "# t"},
                      {"cell_type": "code", "metadata": {"tags": list(tags)}, "source": source,
                       "outputs": [], "execution_count": None}],
            "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


@pytest.mark.parametrize("source", [
    'industry = "textile"  # an id\nlang = "en"\n',
    'n: int = 3\nx: "float" = 2.5  # help\nflag = True\n',
    'cfg = {\n    "a": 1,  # one\n    "b": [1, 2],\n}\nname = None\n',
    '# only a comment\n',
    '',
])
def test_parameters_cell_reads_as_papermill_does(tmp_path, source):
    import json

    import papermill

    from shaoxing.build.plan import parameters_cell

    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps(_nb(source)), encoding="utf-8")
    import ast

    expected = [(name, str(info.get("inferred_type_name") or ""), ast.literal_eval(str(info.get("default"))))
                for name, info in papermill.inspect_notebook(str(path)).items()]
    got = parameters_cell(json.loads(path.read_text(encoding="utf-8")))
    # a default over several lines is kept as written (papermill joins its lines): the same value
    assert [(name, kind, ast.literal_eval(default)) for name, kind, default in got] == expected


def test_parameters_cell_of_every_project_notebook_matches_papermill():
    import json

    import papermill

    from shaoxing.build.plan import default_notebook_dir, parameters_cell

    notebooks = sorted(default_notebook_dir().glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        expected = [(name, str(info.get("inferred_type_name") or ""), str(info.get("default") or ""))
                    for name, info in papermill.inspect_notebook(str(path)).items()]
        assert parameters_cell(json.loads(path.read_text(encoding="utf-8"))) == expected, path.name


def test_parameters_cell_without_a_tagged_cell_or_with_a_repeated_name():
    from shaoxing.build.plan import parameters_cell

    assert parameters_cell(_nb('industry = "textile"\n', tags=())) == []
    assert parameters_cell(_nb('a = 1\nb = 2\na = 3\n')) == [("a", "None", "3"), ("b", "None", "2")]


def test_a_notebook_whose_parameters_cell_is_not_python_fails_its_reports_only(tmp_path):
    import json

    from shaoxing.build.plan import discover_notebooks

    (tmp_path / "good.ipynb").write_text(json.dumps(_nb('lang = "en"\n')), encoding="utf-8")
    (tmp_path / "broken.ipynb").write_text(json.dumps(_nb('lang = "en\n')), encoding="utf-8")
    found = discover_notebooks(tmp_path)
    assert found["good"].parameters == ("lang",) and found["good"].error is None
    assert "cannot read broken.ipynb" in found["broken"].error


def test_listing_reports_imports_neither_papermill_nor_jsonschema():
    """Planning reads notebooks as JSON: ``--list`` answers without papermill, nbformat or jsonschema
    (whose optional rfc3987_syntax compiles Lark grammars for 0.7 s at import)."""
    import subprocess
    import sys

    code = ("import sys, io, contextlib\n"
            "from shaoxing.build.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()): assert main(['--list']) == 0\n"
            "print(sorted(m for m in ('papermill', 'nbformat', 'jsonschema', 'lark') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", out.stdout + out.stderr


def test_the_command_keeps_jsonschema_from_importing_rfc3987_syntax():
    """The builder's processes validate notebooks with nbformat (jsonschema) without rfc3987_syntax's
    import-time grammar compilation; validation itself still works."""
    import subprocess
    import sys

    code = ("import sys\n"
            "from shaoxing.build.cli import skip_rfc3987_syntax\n"
            "skip_rfc3987_syntax()\n"
            "import nbformat\n"
            "nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('1')])\n"
            "nbformat.validate(nb)\n"
            "print('rfc3987_syntax' in sys.modules and sys.modules['rfc3987_syntax'] is None, 'lark' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True False", out.stdout + out.stderr
