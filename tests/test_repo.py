"""The repository stays clean: notebooks committed without outputs, nbstripout as their
git filter (set up by ``make``), and ``reports/`` holding only its README.

The filter is tried end to end in a throw-away git repository: ``make hooks`` there,
then a notebook saved with outputs must leave ``git status`` clean, and a real edit
must be staged without the outputs.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))
GIT = shutil.which("git")
MAKE = shutil.which("make")
IN_GIT = GIT is not None and (ROOT / ".git").exists()
needs_git = pytest.mark.skipif(not IN_GIT, reason="not a git checkout (or no git): nothing is committed here")


def _git(*args: str, cwd: Path = ROOT, env: dict | None = None, check: bool = True) -> str:
    out = subprocess.run([GIT, *args], cwd=cwd, env=env, capture_output=True, text=True)
    if check and out.returncode:
        raise AssertionError(f"git {' '.join(args)} exited {out.returncode}: {out.stderr}")
    return out.stdout


def _committed(path: Path) -> str:
    """The notebook as git has it (the index: what the next commit holds), else the file."""
    if IN_GIT:
        rel = path.relative_to(ROOT).as_posix()
        if _git("ls-files", "--", rel).strip():
            return _git("show", f":{rel}")
    return path.read_text(encoding="utf-8")


def _output_problems(text: str) -> list[str]:
    nb = json.loads(text)
    problems = []
    for i, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        if cell.get("outputs"):
            problems.append(f"cell {i} has {len(cell['outputs'])} output(s)")
        if cell.get("execution_count") is not None:
            problems.append(f"cell {i} has execution_count {cell['execution_count']}")
        if "execution" in cell.get("metadata", {}):
            problems.append(f"cell {i} has execution timings in its metadata")
    if "papermill" in nb.get("metadata", {}):
        problems.append("notebook metadata holds a papermill run")
    return problems


def test_there_are_notebooks():
    assert len(NOTEBOOKS) >= 5, NOTEBOOKS


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_notebooks_are_committed_without_outputs(path):
    problems = _output_problems(_committed(path))
    assert not problems, f"notebooks/{path.name} is committed with outputs: " + "; ".join(problems)


def test_output_check_catches_an_executed_notebook():
    nb = json.loads(NOTEBOOKS[0].read_text(encoding="utf-8"))
    code = next(c for c in nb["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]}]
    code["execution_count"] = 3
    assert len(_output_problems(json.dumps(nb))) == 2


@pytest.fixture(scope="module")
def stripped(tmp_path_factory):
    """Each committed notebook after nbstripout --keep-id (the filter's command), in one run."""
    folder = tmp_path_factory.mktemp("stripped")
    copies = []
    for path in NOTEBOOKS:
        (folder / path.name).write_text(_committed(path), encoding="utf-8")
        copies.append(str(folder / path.name))
    subprocess.run([sys.executable, "-m", "nbstripout", "--keep-id", *copies], check=True)
    return {p.name: (folder / p.name).read_text(encoding="utf-8") for p in NOTEBOOKS}


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def test_committed_notebooks_pass_the_filter_unchanged(path, stripped):
    """Otherwise every checkout with the filter on would show the notebook as modified."""
    assert stripped[path.name] == _committed(path), (
        f"notebooks/{path.name} changes under nbstripout --keep-id (the git filter); commit the notebook as "
        f"`.venv/bin/python -m nbstripout --keep-id notebooks/{path.name}` leaves it")


@needs_git
def test_gitattributes_route_notebooks_through_nbstripout():
    files = [p.relative_to(ROOT).as_posix() for p in NOTEBOOKS]
    attrs = _git("check-attr", "filter", "diff", "--", *files, "tests/nbval/key_results.ipynb")
    for f in files:
        assert f"{f}: filter: nbstripout" in attrs and f"{f}: diff: ipynb" in attrs, attrs
    # nbval compares the reference notebook's outputs: they must stay
    assert "tests/nbval/key_results.ipynb: filter: unset" in attrs, attrs


def _scratch_env(tmp_path: Path) -> dict[str, str]:
    # nothing of the calling make (`make test NO_GIT_FILTER=1` exports it) or git reaches the scratch run
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GIT_", "MAKE", "MFLAGS")) and k not in ("NO_GIT_FILTER", "VENV", "BIN", "STAMP")}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    env.update(HOME=str(home), GIT_CONFIG_NOSYSTEM="1", GIT_CEILING_DIRECTORIES=str(tmp_path),
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    return env


def _make_hooks(folder: Path, env: dict, *extra: str) -> subprocess.CompletedProcess:
    # VENV: this environment (it has nbstripout); the Makefile's `hooks` step needs nothing else
    return subprocess.run([MAKE, "--no-print-directory", "hooks", f"VENV={sys.prefix}", *extra], cwd=folder,
                          env=env, capture_output=True, text=True)


@pytest.mark.skipif(GIT is None or MAKE is None, reason="needs git and make")
def test_make_hooks_sets_up_the_filter_and_a_saved_run_leaves_git_clean(tmp_path):
    env = _scratch_env(tmp_path)
    repo = tmp_path / "clone"
    (repo / "notebooks").mkdir(parents=True)
    for name in ("Makefile", ".gitattributes", "pyproject.toml"):
        shutil.copy2(ROOT / name, repo / name)
    nb_path = repo / "notebooks" / "industry_profile.ipynb"
    shutil.copy2(ROOT / "notebooks" / "industry_profile.ipynb", nb_path)
    _git("init", "-q", cwd=repo, env=env)
    _git("add", ".", cwd=repo, env=env)
    _git("commit", "-q", "-m", "init", cwd=repo, env=env)

    made = _make_hooks(repo, env)
    assert made.returncode == 0, made.stdout + made.stderr
    assert _git("config", "filter.nbstripout.clean", cwd=repo, env=env).strip().endswith("-m nbstripout --keep-id")
    assert _git("config", "filter.nbstripout.required", cwd=repo, env=env).strip() == "true"

    # "run all" and save in Lab: outputs, execution counts and timings appear in the file
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    for n, cell in enumerate(code, 1):
        cell["execution_count"] = n
        cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                            "data": {"image/png": "iVBORw0KGgo=", "text/plain": ["<Figure>"]}}]
        cell["metadata"]["execution"] = {"iopub.status.idle": "2026-01-01T00:00:00Z"}
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _output_problems(nb_path.read_text(encoding="utf-8"))
    # git diff sees no change; `git add` (or `commit -a`) stages nothing new, after which status is clean.
    # (Before that, `git status` may list the file: git takes a changed size as a change without
    # running the filter.)
    assert _git("diff", cwd=repo, env=env) == "", "a notebook only run and saved shows a diff"
    _git("add", "-A", cwd=repo, env=env)
    assert _git("diff", "--cached", cwd=repo, env=env) == "", "git add staged the outputs of a run"
    assert _git("status", "--porcelain", cwd=repo, env=env) == "", "a notebook only run and saved stays modified"

    # a real edit is staged, without the outputs
    code[0]["source"] = code[0]["source"] + ["\n# my note"] if isinstance(code[0]["source"], list) \
        else code[0]["source"] + "\n# my note"
    nb_path.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    assert _git("status", "--porcelain", cwd=repo, env=env).strip() == "M notebooks/industry_profile.ipynb"
    _git("add", "notebooks/industry_profile.ipynb", cwd=repo, env=env)
    staged = _git("show", ":notebooks/industry_profile.ipynb", cwd=repo, env=env)
    assert "# my note" in staged
    assert _output_problems(staged) == []

    again = _make_hooks(repo, env)  # idempotent: .gitattributes is not appended to
    assert again.returncode == 0 and (repo / ".gitattributes").read_bytes() == (ROOT / ".gitattributes").read_bytes()


@pytest.mark.skipif(GIT is None or MAKE is None, reason="needs git and make")
def test_make_hooks_outside_a_checkout_or_opted_out_does_nothing_and_succeeds(tmp_path):
    env = _scratch_env(tmp_path)
    plain = tmp_path / "unpacked"
    plain.mkdir()
    shutil.copy2(ROOT / "Makefile", plain / "Makefile")
    made = _make_hooks(plain, env)
    assert made.returncode == 0 and "not a git checkout" in made.stdout, made.stdout + made.stderr

    repo = tmp_path / "clone"
    repo.mkdir()
    shutil.copy2(ROOT / "Makefile", repo / "Makefile")
    _git("init", "-q", cwd=repo, env=env)
    made = _make_hooks(repo, env, "NO_GIT_FILTER=1")
    assert made.returncode == 0 and "NO_GIT_FILTER" in made.stdout, made.stdout + made.stderr
    assert _git("config", "filter.nbstripout.clean", cwd=repo, env=env, check=False) == ""

    # no nbstripout to run (a .venv not yet installed): a warning, and the install goes on
    made = subprocess.run([MAKE, "--no-print-directory", "hooks", f"VENV={tmp_path / 'no-venv'}"], cwd=repo,
                          env=env, capture_output=True, text=True)
    assert made.returncode == 0 and "WARNING: could not set up" in made.stdout, made.stdout + made.stderr
    assert _git("config", "filter.nbstripout.clean", cwd=repo, env=env, check=False) == ""


@needs_git
def test_reports_folder_holds_only_its_readme():
    tracked = _git("ls-files", "--", "reports").split()
    assert tracked == ["reports/README.md"], f"tracked under reports/: {tracked}"
    ignored = _git("check-ignore", "--no-index", "reports/index.html", "reports/industry_profile/textile.en.html",
                   "reports/plan_overview/zh.ipynb", check=False).split()
    assert len(ignored) == 3, f"generated reports not ignored: {ignored}"
    assert _git("check-ignore", "--no-index", "reports/README.md", check=False) == ""
    text = (ROOT / "reports" / "README.md").read_text(encoding="utf-8")
    assert "make reports" in text and "index.html" in text and ".ipynb" in text
