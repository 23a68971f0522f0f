"""Every notebook, for every industry it takes and both languages, runs cleanly.

The combinations come from what the notebooks declare (``papermill.inspect_notebook``)
and from the data (``sx.params.industries()``), never from a list kept here.

The sweep (marked ``slow``) builds every report once, in parallel worker processes,
with the project's own builder (``shaoxing.reports.build_reports``), then checks each
combination separately: its status, the executed notebook the builder wrote (no error
output, no "Glyph ... missing" or findfont warning) and its log.  The fast tests check
the notebooks as committed, and that a bad parameter value stops a notebook in the
cell right after its parameters with the valid values listed.
"""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import nbformat
import papermill
import pytest

import shaoxing as sx
from shaoxing import reports

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
# the builder's rule: notebooks/*.ipynb, except names starting with "_" or "."
NOTEBOOKS = sorted(p for p in NOTEBOOK_DIR.glob("*.ipynb") if not p.name.startswith(("_", ".")))
DECLARED = {p.stem: papermill.inspect_notebook(str(p)) for p in NOTEBOOKS}
INDUSTRIES = sx.params.industries()
LANGS = list(sx.params.LANGS)


def _combinations() -> list[tuple[str, str | None, str | None]]:
    combos = []
    for name, params in DECLARED.items():
        for industry in INDUSTRIES if "industry" in params else [None]:
            for lang in LANGS if "lang" in params else [None]:
                combos.append((name, industry, lang))
    return combos


COMBINATIONS = _combinations()


def _report_name(industry: str | None, lang: str | None) -> str:
    """The builder's file name for a report: ``textile.en``, ``en``, ``textile`` or ``report``."""
    return ".".join(p for p in (industry, lang) if p) or "report"


def _params(industry, lang) -> dict:
    return {k: v for k, v in (("industry", industry), ("lang", lang)) if v is not None}


# ------------------------------------------------------------------ what is wrong in an executed notebook

_GLYPH = re.compile(r"Glyph \d+.*missing from", re.I)
_FINDFONT = re.compile(r"findfont", re.I)
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def _first_line(source: str) -> str:
    lines = [ln.strip() for ln in source.splitlines() if ln.strip()]
    return (lines[0] if lines else "")[:100]


def _failing_line(traceback: list) -> str:
    """The notebook's source line an error traceback points at (the builder's own reading of it)."""
    found = reports._failing_line(traceback)
    return found[1][:160] if found else ""


def notebook_problems(nb, name: str = "the notebook") -> list[str]:
    """Error outputs and font warnings of an executed notebook, one entry each, naming the cell.

    Cells are numbered as in the source notebook (0-based, papermill's injected-parameters
    cell and error banners left out), so the number is the one to look for in Jupyter.
    """
    problems = []
    index = -1
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if "injected-parameters" in tags or "papermill-error-cell-tag" in tags:
            continue
        index += 1
        if cell.cell_type != "code":
            continue
        where = f"cell {index} of {name} (`{_first_line(cell.source)}`)"
        warnings = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                evalue = _ANSI.sub("", str(out.get("evalue", ""))).rstrip().splitlines()
                shown = "\n      ".join(ln.rstrip() for ln in evalue[:12])
                more = f"\n      ... ({len(evalue) - 12} more lines)" if len(evalue) > 12 else ""
                line = _failing_line(out.get("traceback", []))
                problems.append(f"{where} raised {out.get('ename')}"
                                + (f" at `{line}`" if line else "") + f":\n      {shown}{more}")
                continue
            texts = [_text(out.get("text"))]
            texts += [_text(v) for k, v in (out.get("data") or {}).items() if k.startswith("text/")]
            warnings += [ln.strip() for ln in "\n".join(texts).splitlines()
                         if _GLYPH.search(ln) or _FINDFONT.search(ln)]
        if warnings:
            more = f" (and {len(warnings) - 1} more)" if len(warnings) > 1 else ""
            problems.append(f"{where}: font warning: {warnings[0][:200]}{more}")
    return problems


def log_font_warnings(log_text: str) -> list[str]:
    """Glyph / findfont lines in the build log (cell outputs and the kernel's own stderr)."""
    found = [ln.strip() for ln in log_text.splitlines() if _GLYPH.search(ln) or _FINDFONT.search(ln)]
    more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
    return [f"font warning in the log: {found[0][:200]}{more}"] if found else []


# ------------------------------------------------------------------ the sweep


@pytest.fixture(scope="module")
def sweep(tmp_path_factory):
    """Every report of every notebook, built once with the project's builder in parallel processes."""
    from shaoxing.reports import build_reports

    out = tmp_path_factory.mktemp("sweep")
    start = time.monotonic()
    results = build_reports(out=out, jobs=os.cpu_count(), force=True, quiet=True, notebook_dir=NOTEBOOK_DIR)
    seconds = time.monotonic() - start
    print(f"\nsweep: {len(results)} reports built in {seconds:.1f} s into {out}")
    return {"out": out, "results": {r.key: r for r in results}, "seconds": seconds}


def test_there_is_something_to_sweep():
    assert NOTEBOOKS, f"no notebooks in {NOTEBOOK_DIR}"
    assert len(INDUSTRIES) >= 8 and LANGS == ["en", "zh"]
    assert any("industry" in p for p in DECLARED.values()), "no notebook takes an industry"


@pytest.mark.slow
def test_builder_covers_exactly_the_declared_combinations(sweep):
    expected = {f"{nb}/{_report_name(ind, lang)}" for nb, ind, lang in COMBINATIONS}
    built = set(sweep["results"])
    assert built == expected, (f"the builder built {sorted(built - expected)} not declared, and missed "
                               f"{sorted(expected - built)}")


@pytest.mark.slow
@pytest.mark.parametrize("notebook, industry, lang", COMBINATIONS,
                         ids=[f"{nb}-{_report_name(i, l)}" for nb, i, l in COMBINATIONS])
def test_notebook_runs_cleanly(sweep, notebook, industry, lang):
    out, name = sweep["out"], _report_name(industry, lang)
    params = _params(industry, lang)
    what = f"notebooks/{notebook}.ipynb with {params or 'its defaults'}"
    result = sweep["results"].get(f"{notebook}/{name}")
    assert result is not None, f"{what}: the builder did not build it"
    log = Path(result.log) if result.log else out / notebook / f"{name}.log"
    executed = out / notebook / f"{name}.ipynb"
    failed = out / notebook / f"{name}.failed.ipynb"
    # a failed attempt leaves its notebook beside the last good one: look at the attempt
    nb_path = failed if (result.status == "failed" and failed.is_file()) or not executed.is_file() else executed

    problems = []
    if nb_path.is_file():
        nb = nbformat.read(nb_path, as_version=4)
        ran_with = nb.metadata.get("papermill", {}).get("parameters")
        if ran_with != params:
            problems.append(f"executed with parameters {ran_with}, expected {params}")
        problems += notebook_problems(nb, f"notebooks/{notebook}.ipynb")
    else:
        problems.append("no executed notebook was written")
    if result.status != "ok" or result.error:
        problems.insert(0, f"the builder says {result.status}: {result.error}")
    if log.is_file() and not any("font warning" in p for p in problems):  # e.g. the kernel's stderr
        problems += log_font_warnings(log.read_text(encoding="utf-8", errors="replace"))
    if result.status == "ok" and not (out / notebook / f"{name}.html").is_file():
        problems.append("no HTML page was written")
    if problems:
        pytest.fail(f"{what} broke:\n  " + "\n  ".join(dict.fromkeys(problems))
                    + f"\n  executed notebook: {nb_path}\n  log: {log}", pytrace=False)
