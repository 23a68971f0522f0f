"""The project installs as a wheel that works without the checkout, and its dependency lists agree."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The project's wheel, built once for the tests of this module."""
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(dist), str(ROOT)],
                   check=True, capture_output=True, text=True, timeout=600)
    return next(dist.glob("shaoxing-*.whl"))


@pytest.mark.slow
def test_wheel_works_outside_the_checkout(tmp_path, wheel):
    names = zipfile.ZipFile(wheel).namelist()
    assert "shaoxing/_data/datapackage.json" in names and "shaoxing/_data/segments.csv" in names
    # unpack the wheel into a bare folder and import it from there, in a clean interpreter
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = ("import shaoxing as sx, pathlib; df = sx.load('segments'); "
            "assert len(df) == 18; p = sx.data_dir(); "
            "assert 'site' in p.parts and p.name == '_data', p; print(len(sx.list_tables()))")
    out = subprocess.run([sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120,
                         env={"PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 13


def _norm(req: str) -> str:
    name = re.split(r"[<>=!~\[ ;]", req.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def test_environment_yml_lists_the_same_packages():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_norm(r) for r in project["dependencies"] + project["optional-dependencies"]["dev"]}
    conda_names = {"build": "python-build", "bleach": "bleach-with-css"}  # conda-forge spells a few differently
    wanted = {conda_names.get(n, n) for n in wanted}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    deps += next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    listed = {_norm(d) for d in deps if not d.startswith("-e")} - {"python", "pip", "brotli"}
    assert wanted == listed, f"only in pyproject: {wanted - listed}; only in environment.yml: {listed - wanted}"


def test_version_is_written_once():
    import shaoxing
    assert re.fullmatch(r"\d+\.\d+\.\d+", shaoxing.__version__)
    assert "version =" not in (ROOT / "pyproject.toml").read_text().split("[project]")[1].split("[")[0]


# modules that come with a declared package's extra, not as a package of their own
_VIA_EXTRA = {"brotli": "fonttools[woff]"}


def test_every_imported_package_is_declared():
    """Each third-party module the package imports is installed by a requirement of pyproject.toml."""
    import ast
    from importlib.metadata import packages_distributions

    declared = {_norm(r) for r in tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]}
    providers = packages_distributions()
    imported = set()
    for path in (ROOT / "shaoxing").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                imported.add(node.module.split(".")[0])
    third_party = {m for m in imported if m not in sys.stdlib_module_names and m not in ("shaoxing", "__future__")}
    missing = {}
    for module in sorted(third_party):
        if module in _VIA_EXTRA:
            assert _norm(_VIA_EXTRA[module]) in declared, module
            continue
        dists = {_norm(d) for d in providers.get(module, [module])}
        if not dists & declared:
            missing[module] = sorted(dists)
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


@pytest.mark.slow
def test_an_installed_wheel_lists_and_builds_reports_outside_the_checkout(tmp_path, wheel):
    """pip install of the wheel in a fresh venv (its dependencies borrowed from this environment):
    shaoxing-reports finds the notebooks the wheel carries, lists every report and builds one."""
    import sysconfig

    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("shaoxing/_notebooks/")) == shipped
    assert "shaoxing/build/run.py" in names
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    site = next((venv / "lib").glob("python3*/site-packages"))
    # the dependencies: this environment's packages, after the venv's own (so shaoxing is the wheel's)
    (site / "borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    str(wheel)], check=True, capture_output=True, timeout=300)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(tmp_path), "MPLBACKEND": "Agg",
           # the borrowed packages' data files (nbconvert's templates) are under this prefix
           "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    command = str(venv / "bin" / "shaoxing-reports")
    where = subprocess.run([str(venv / "bin" / "python"), "-c", "import shaoxing; print(shaoxing.__file__)"],
                           cwd=elsewhere, env=env, capture_output=True, text=True, timeout=120)
    assert str(site) in where.stdout, where
    listed = subprocess.run([command, "--list"], cwd=elsewhere, env=env, capture_output=True, text=True,
                            timeout=300)
    assert listed.returncode == 0, listed.stderr
    from shaoxing.build import plan

    expected = [r.key for r in plan.plan_reports(plan.discover_notebooks(ROOT / "notebooks"))]
    assert listed.stdout.split() == expected
    built = subprocess.run([command, "--notebook", "industry_profile", "--industry", "pearl", "--lang", "zh",
                            "-q"], cwd=elsewhere, env=env, capture_output=True, text=True, timeout=600)
    assert built.returncode == 0, built.stderr
    page = elsewhere / "reports" / "industry_profile" / "pearl.zh.html"
    assert page.is_file() and "珍珠" in page.read_text(encoding="utf-8")
    # --notebook-dir still overrides the notebooks the wheel carries
    own = elsewhere / "mine"
    own.mkdir()
    (own / "solo.ipynb").write_text((ROOT / "tests" / "fixtures" / "notebooks" / "good.ipynb").read_text())
    listed = subprocess.run([command, "--list", "--notebook-dir", str(own), "--industry", "textile", "--lang", "en"],
                            cwd=elsewhere, env=env, capture_output=True, text=True, timeout=300)
    assert listed.stdout.split() == ["solo/textile.en"], listed.stderr
