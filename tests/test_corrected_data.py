"""A corrected copy of the data builds every report, and the pages show the corrected figures.

The README's promise: point SHAOXING_DATA at a copy of data/ with a figure
corrected, build, and the pages follow.  Here two targets are changed
(textile's 2020 output 4500 -> 4600 亿元, main indicator 2's 2020 target
2500 -> 2600 亿元); every report must build, and the pages must show the new
targets (CNY 460 bn / 4600亿元, CNY 260 bn / 2600) and the growth recomputed
from them, not the shipped figures.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

import shaoxing as sx
from shaoxing import i18n

from conftest import ParsedHtml

ROOT = Path(__file__).resolve().parent.parent


def _edit_row(path: Path, match: dict, changes: dict) -> None:
    """Change the cells ``changes`` of the one CSV row whose cells equal ``match``; other lines keep their bytes."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = next(csv.reader([lines[0]]))
    hits = []
    for i, line in enumerate(lines[1:], start=1):
        row = dict(zip(header, next(csv.reader([line]))))
        if all(row.get(k) == v for k, v in match.items()):
            hits.append((i, row))
    assert len(hits) == 1, f"{path.name}: {len(hits)} rows match {match}"
    i, row = hits[0]
    for k, (old, new) in changes.items():
        assert old in row[k], f"{path.name} row {i}: {k}={row[k]!r} has no {old!r}"
        row[k] = row[k].replace(old, new)
    buf = io.StringIO()
    csv.writer(buf, lineterminator=lines[i][len(lines[i].rstrip("\r\n")):] or "\n").writerow([row[h] for h in header])
    lines[i] = buf.getvalue()
    path.write_text("".join(lines), encoding="utf-8")


@pytest.fixture(scope="module")
def corrected():
    """Every report built from a corrected copy of data/ through SHAOXING_DATA.

    In a folder of its own (not pytest's numbered tmp folders, which another
    pytest session on the same machine may prune while the build runs).
    """
    with tempfile.TemporaryDirectory(prefix="sx-corrected-") as tmp:
        yield _build_corrected(Path(tmp))


def _build_corrected(base: Path) -> dict:
    data = base / "data"
    shutil.copytree(sx.data_dir(), data)
    _edit_row(data / "facts.csv", {"industry": "textile", "year": "2020", "kind": "target", "value": "4500"},
              {"value": ("4500", "4600"), "quote": ("4500", "4600")})
    _edit_row(data / "indicators.csv", {"indicator_no": "2"},
              {"target_2020": ("2500", "2600"), "target_2020_text": ("2500", "2600")})
    # the copy is valid data, and it holds the new figures
    facts = sx.load("facts", data_dir=data).query("industry == 'textile' and year == 2020 and kind == 'target'")
    assert 4600 in facts["value"].tolist() and 4500 not in facts["value"].tolist()
    assert sx.load("indicators", data_dir=data).set_index("indicator_no").at[2, "target_2020"] == 2600
    out = base / "reports"
    cli = Path(sys.executable).with_name("shaoxing-reports")
    env = dict(os.environ, SHAOXING_DATA=str(data), MPLBACKEND="Agg")
    run = subprocess.run([str(cli), "--out", str(out), "--force", "--quiet"], env=env, cwd=ROOT,
                         capture_output=True, text=True, timeout=1800)
    listed = subprocess.run([str(cli), "--list"], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300)
    return {"out": out, "run": run, "reports": listed.stdout.split()}


def _text(out: Path, page: str) -> str:
    path = out / f"{page}.html"
    assert path.is_file(), f"{page}.html was not built"
    return " ".join(ParsedHtml(path.read_text(encoding="utf-8")).text("body").split())


def _table_rows(out: Path, page: str) -> list[list[str]]:
    """The cells of every table row of a page, as text."""
    html = (out / f"{page}.html").read_text(encoding="utf-8")
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", html, flags=re.S):
        cells = re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", tr, flags=re.S)
        rows.append([" ".join(ParsedHtml(c).text(None).split()) for c in cells])
    return rows


def _rate_re(fraction: float) -> re.Pattern:
    return re.compile(r"(?<![\d.])\+?" + re.escape(i18n.rate(fraction, signed=False)))


TEXTILE_RATE = _rate_re((4600 / 3673.5) ** 0.25 - 1)       # 5.8% (shipped: 5.2%)
SHIPPED_TEXTILE_RATE = _rate_re((4500 / 3673.5) ** 0.25 - 1)
INDICATOR_2_RATE = _rate_re((2600 / 1236.9) ** 0.25 - 1)   # 20.4% (shipped: 19.2%)
SHIPPED_INDICATOR_2_RATE = _rate_re((2500 / 1236.9) ** 0.25 - 1)
# a money figure in each page's style: CNY bn in English (460, 460.0, 460.00), 亿元 in Chinese (4600 or 4,600)
EN_460 = re.compile(r"(?<![\d,.])460(?:\.0+)?(?![\d,])")  # in a sentence (CNY 460 bn) or a table cell
ZH_4600 = re.compile(r"(?<![\d,.])4,?600(?:\.0+)?(?![\d,])")  # in a sentence (4600亿元) or a table cell


@pytest.mark.slow
def test_every_report_builds_from_the_corrected_copy(corrected):
    run = corrected["run"]
    assert run.returncode == 0, f"the builder failed on a corrected copy:\n{run.stdout[-3000:]}\n{run.stderr[-3000:]}"
    assert len(corrected["reports"]) >= 20, corrected["reports"]
    for key in corrected["reports"]:
        assert (corrected["out"] / f"{key}.html").is_file(), f"{key}.html was not built"


@pytest.mark.slow
@pytest.mark.parametrize("page", ["industry_profile/textile.en", "cross_industry/en"])
def test_english_pages_show_the_new_textile_target_and_its_growth(corrected, page):
    text = _text(corrected["out"], page)
    assert EN_460.search(text), f"{page}: no CNY 460 bn"
    assert TEXTILE_RATE.search(text), f"{page}: no {TEXTILE_RATE.pattern}"
    assert not SHIPPED_TEXTILE_RATE.search(text), f"{page}: still shows the shipped {SHIPPED_TEXTILE_RATE.pattern}"


@pytest.mark.slow
@pytest.mark.parametrize("page", ["industry_profile/textile.zh", "cross_industry/zh"])
def test_chinese_pages_show_the_new_textile_target_and_its_growth(corrected, page):
    text = _text(corrected["out"], page)
    assert ZH_4600.search(text), f"{page}: no 4600亿元"
    assert TEXTILE_RATE.search(text) and not SHIPPED_TEXTILE_RATE.search(text)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_plan_overview_shows_the_new_indicator_target_and_reconciliation(corrected, lang):
    name = sx.load("indicators", lang=lang).set_index("indicator_no").at[2, "name"]
    [row] = [r for r in _table_rows(corrected["out"], f"plan_overview/{lang}") if r[:2] == ["2", name]]
    target = {"en": re.compile(r"^260(?:\.0+)?$"), "zh": re.compile(r"^2600(?:\.0+)?$")}[lang]  # zh: no separator
    assert any(target.match(cell) for cell in row), row
    assert any(INDICATOR_2_RATE.search(cell) for cell in row) and not any(SHIPPED_INDICATOR_2_RATE.search(c) for c in row), row
    text = _text(corrected["out"], f"plan_overview/{lang}")
    # 4600 + 1800 + 1500 + 150 = 8050: now over the headline 8000 by 50
    from shaoxing import pages
    assert pages.money_figure(8050, lang) in text and pages.money_figure(7950, lang) not in text
