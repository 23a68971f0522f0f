"""shaoxing.build.cli (and the checks of plan / run it relies on): what is refused before anything
runs or is written, with exit status 2 and a message that says what is allowed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, make_unreadable, replace_in
from shaoxing.build import cli, plan, run

ROOT = Path(__file__).resolve().parent.parent


def _folder(tmp_path: Path, **names: str) -> Path:
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    for stem, fixture in names.items():
        shutil.copy(FIXTURES / f"{fixture}.ipynb", folder / f"{stem}.ipynb")
    return folder


def _refused(capsys, args, *words) -> str:
    status = cli.main(args)
    err = capsys.readouterr().err
    assert status == 2, err
    assert err.startswith("shaoxing-reports: error:") and "Traceback" not in err, err
    for word in words:
        assert word in err, err
    return err


@pytest.mark.parametrize("value", ["0", "-5", "nan", "inf"])
def test_a_timeout_that_does_not_limit_is_refused(tmp_path, capsys, value):
    out = tmp_path / "out"
    _refused(capsys, ["--notebook-dir", str(_folder(tmp_path, good="good")), "--out", str(out),
                      "--timeout", value], "--timeout", "greater than 0")
    assert not out.exists()
    with pytest.raises(plan.ParameterError):
        run.check_timeout(float(value))


@pytest.mark.parametrize("where", ["root", "repository"])
def test_out_of_the_root_or_the_repository_is_refused(tmp_path, capsys, where):
    out = "/" if where == "root" else str(ROOT)
    before = sorted(Path(out).iterdir())
    _refused(capsys, ["--notebook-dir", str(_folder(tmp_path, good="good")), "--out", out],
             "holds other files", "empty folder")
    assert sorted(Path(out).iterdir()) == before


def test_a_project_folder_is_accepted_when_empty_or_already_a_reports_folder(tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    assert run.check_out(project) == project  # empty
    (project / "pyproject.toml").write_text("")
    with pytest.raises(plan.ParameterError):
        run.check_out(project)
    (project / "index.html").write_text('<html><head><meta name="generator" content="shaoxing 0.1.0">')
    assert run.check_out(project) == project
    assert run.check_out(tmp_path / "new") == tmp_path / "new"  # does not exist yet
    (tmp_path / "file").write_text("")
    with pytest.raises(plan.ParameterError, match="is a file"):
        run.check_out(tmp_path / "file")


def test_a_data_error_exits_2_with_its_message(tmp_path, capsys, data_copy):
    replace_in(data_copy / "industries.csv", ",214,534,", ",99999999999999999999999,534,")
    out = tmp_path / "out"
    _refused(capsys, ["--notebook-dir", str(ROOT / "notebooks"), "--data-dir", str(data_copy), "--out", str(out)],
             "table 'industries'", "column 'first_line'", "too large")
    assert not out.exists()


def test_an_unreadable_data_file_exits_2(tmp_path, capsys, data_copy, monkeypatch):
    make_unreadable(monkeypatch, data_copy / "roadmap.csv")
    out = tmp_path / "out"
    _refused(capsys, ["--notebook-dir", str(ROOT / "notebooks"), "--data-dir", str(data_copy),
                      "--out", str(out), "--notebook", "plan_overview"], "roadmap.csv", "Permission denied")
    assert not out.exists()


# ------------------------------------------------------------------ --param


def test_param_lists_its_own_report_names(tmp_path, capsys):
    folder = _folder(tmp_path, scenario="scenario", good="good")
    status = cli.main(["--notebook-dir", str(folder), "--industry", "textile", "--lang", "en", "--list",
                       "--param", "scenario_growth_pct=3", "--param", "label='hi there'"])
    out = capsys.readouterr().out.split()
    assert status == 0
    # only the notebook that declares the parameters; a name of its own
    assert out == ["scenario/textile.en.label-hi_there~" + plan.value_slug("hi there").split("~")[1]
                   + ".scenario_growth_pct-3"]


@pytest.mark.parametrize("args, words", [
    (["--param", "scenario_growth=3"], ["no parameter 'scenario_growth'", "Did you mean 'scenario_growth_pct'"]),
    (["--param", "scenario_growth_pct=abc"], ["not valid", "Python literal"]),
    (["--param", "scenario_growth_pct=[1, 2]"], ["not valid"]),
    (["--param", "scenario_growth_pct"], ["NAME=VALUE"]),
    (["--param", "industry=pearl"], ["--industry"]),
    (["--param", "label=3"], ["takes text"]),
    (["--param", "scenario_growth_pct=1e999"], ["finite"]),
    (["--param", "scenario_growth_pct=1", "--param", "scenario_growth_pct=2"], ["twice"]),
    (["--notebook", "good", "--param", "scenario_growth_pct=3"], ["good", "no parameter"]),
])
def test_a_bad_param_exits_2_and_writes_nothing(tmp_path, capsys, args, words):
    folder = _folder(tmp_path, scenario="scenario", good="good")
    out = tmp_path / "out"
    _refused(capsys, ["--notebook-dir", str(folder), "--out", str(out), "--industry", "textile", *args], *words)
    assert not out.exists()


def test_value_slugs_are_safe_file_name_parts():
    assert [plan.value_slug(v) for v in (3, -2, 2.5, "base", True, None)] == ["3", "-2", "2.5", "base", "True", "None"]
    for value in ("../../etc/passwd", "a/b", "x" * 100, "中文"):
        slug = plan.value_slug(value)
        assert "/" not in slug and not slug.startswith(".") and len(slug) <= 50 and slug.isascii()


@pytest.mark.parametrize("value, words", [("500", ["outside the allowed range", "-50", "100"]),
                                          ("-60", ["outside the allowed range"]),
                                          ("'fast'", ["must be a number of percent a year"])])
def test_a_scenario_the_notebook_would_refuse_is_refused_before_anything_runs(tmp_path, capsys, value, words):
    out = tmp_path / "out"
    _refused(capsys, ["--notebook-dir", str(ROOT / "notebooks"), "--out", str(out), "--notebook", "industry_profile",
                      "--industry", "textile", "--lang", "en", "--param", f"scenario_growth_pct={value}"], *words)
    assert not out.exists()


def test_the_industry_profile_takes_a_scenario_under_its_own_name(capsys):
    status = cli.main(["--notebook-dir", str(ROOT / "notebooks"), "--notebook", "industry_profile", "--industry",
                       "textile", "--lang", "en", "--param", "scenario_growth_pct=3", "--list"])
    assert status == 0
    assert capsys.readouterr().out.split() == ["industry_profile/textile.en.scenario_growth_pct-3"]
