"""Hostile and broken input: markup in the data runs nothing, code in a parameter never reaches a
kernel, and malformed CSVs are refused with a message naming table, row and column.

The data is always a copy (``SHAOXING_DATA`` / ``data_dir=``), never ``data/`` itself.
Malformed-CSV cases already in tests/test_loader.py are not repeated here; these are
the variants it lacks (a real GBK file, a bad row further down, composite keys, the
same errors seen through the report builder).
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import shaoxing as sx
from conftest import ParsedHtml, load_error, launch_chromium, needs_chromium, open_offline, replace_in
from shaoxing import reports
from shaoxing.build import run as build_run, site_nav

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
INJECTION = "textile'; import os"
# Markdown and maths in a name: a heading, a list and a macro mathtext does not know
MARKDOWN = "\n\n# Injected heading\n\n- injected item $\\nosuchmacro$"

# Text cells the English industry profile of textile shows, and how each is shown:
# (file, text before, text after, where the page shows it).
HOSTILE_EDITS = [
    ("industries.csv", "textile,纺织产业,Textiles,", f"textile,纺织产业,{IMG},",
     "the industry's name: page heading (template), title (Markdown), index"),
    ("segments.csv", ",织造,Weaving,纺织,", f",织造,\"{SCRIPT}{MARKDOWN}\",纺织,",
     "the largest segment: a sentence (Markdown), the structure table (HTML) and a chart's labels"),
    ("roadmap.csv", ",高性能纤维,High-performance fibres,", f",高性能纤维,{SCRIPT},",
     "a roadmap focus area: roadmap table (HTML)"),
    ("benchmarks.csv", "textile,1,日本东丽,Toray,", f"textile,1,日本东丽,{IMG},",
     "a benchmark's name: benchmark table (HTML) and chart labels"),
    ("positioning.csv", ",时尚纺织之都,Capital of fashion textiles,", f",时尚纺织之都,{IMG},",
     "a positioning goal: a sentence (Markdown) and a table (HTML)"),
]


def _copy_data(dest: Path) -> Path:
    shutil.copytree(sx.data_dir(), dest)
    return dest


def _executable_markup(html: str) -> list[str]:
    """Elements or attributes in ``html`` that would run the hostile strings.

    The one script a page may have is the site's own language-switch script, exactly as the site writes it
    (site_nav.LANG_FOLLOW, at most once); any other <script> element is the data's markup run.
    """
    own = html.count(site_nav.LANG_FOLLOW)
    page = ParsedHtml(html.replace(site_nav.LANG_FOLLOW, "", 1))
    found = [f"<script> element: {a}" for t, a in page.tags if t == "script"]
    found += [f"the site's script {own} times" for _ in range(1) if own > 1]
    found += [f"<{t} {k}=...>" for t, a in page.tags for k in a if k.lower().startswith("on")]
    found += [f"<img src={a.get('src')!r}>" for t, a in page.tags if t == "img"
              and not str(a.get("src", "")).startswith("data:image/")]
    return found


# ------------------------------------------------------------------ markup in the data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """industry_profile textile en, built from a data copy with markup in five text cells."""
    tmp = tmp_path_factory.mktemp("hostile")
    data = _copy_data(tmp / "data")
    for file, old, new, _ in HOSTILE_EDITS:
        replace_in(data / file, old, new)
    out = tmp / "out"
    results = reports.build_reports(notebooks=["industry_profile"], industries=["textile"], langs=["en"],
                                    data_dir=data, out=out, jobs=1, force=True, quiet=True,
                                    notebook_dir=NOTEBOOK_DIR)
    (result,) = results
    assert result.status == "ok", f"{result.key} failed on hostile data: {result.error} (log: {result.log})"
    page = out / "industry_profile" / "textile.en.html"
    return {"out": out, "page": page, "html": page.read_text(encoding="utf-8"),
            "index": (out / "index.html").read_text(encoding="utf-8")}


@pytest.mark.slow
def test_markup_in_data_shows_as_text(hostile_site):
    html = hostile_site["html"]
    assert not _executable_markup(html), _executable_markup(html)
    page = ParsedHtml(html)
    body = page.text()
    # every edited cell reached the page (so the kernel read the copy), as visible text
    assert body.count(SCRIPT) >= 3 and body.count(IMG) >= 4, (
        f"{hostile_site['page']} shows {SCRIPT} {body.count(SCRIPT)} times (want >= 3) and {IMG} "
        f"{body.count(IMG)} times (want >= 4): the edited cells did not all reach the page")
    assert IMG in page.text("h1"), f"heading: {page.text('h1')!r}"
    assert SCRIPT in page.text("td") and IMG in page.text("td"), "table cells"
    assert SCRIPT in page.text("p") and IMG in page.text("p"), "Markdown sentences"
    for raw in (SCRIPT, IMG):
        assert raw not in html, f"{raw} is in the page's markup unescaped"
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    # a newline in a name starts no heading or list, and "$...$" is text (the report did not fail on it)
    assert "Injected heading" in body and "injected item" in body
    for tag in ("h1", "h2", "h3", "h4", "li"):
        assert "Injected" not in page.text(tag) and "injected item" not in page.text(tag), tag
    assert "$\\nosuchmacro$" in body


@pytest.mark.slow
def test_markup_in_data_shows_as_text_in_the_index(hostile_site):
    index = hostile_site["index"]
    assert not _executable_markup(index), _executable_markup(index)
    assert IMG in ParsedHtml(index).text() and IMG not in index


@pytest.mark.slow
@pytest.mark.browser
@needs_chromium
def test_markup_in_data_runs_nothing_in_a_browser(hostile_site):
    with launch_chromium() as browser:  # open only for this test (see conftest.launch_chromium)
        _look_at_hostile_pages(browser, hostile_site)


def _look_at_hostile_pages(browser, hostile_site) -> None:
    out = hostile_site["out"]
    for path in (hostile_site["page"], out / "index.html"):
        with open_offline(browser, path, out / "screenshots") as visit:
            assert not visit.problems(), visit.report()  # no dialog, request, error
            for text in (SCRIPT, IMG) if path.name != "index.html" else (IMG,):
                shown = visit.page.get_by_text(text)
                assert shown.count() >= 1 and shown.first.is_visible(), f"{path.name}: {text} not visible"
            injected = visit.page.evaluate(
                "() => document.querySelectorAll('script:not(#sx-lang-follow), img[onerror], [onerror], img[src=x]')"
                ".length")
            assert injected == 0, f"{path.name}: {injected} injected elements in the live DOM"
            own = visit.page.evaluate("() => Array.from(document.querySelectorAll('script')).map(s => s.textContent)")
            assert own in ([], [site_nav.LANG_FOLLOW_JS]), f"{path.name}: scripts other than the site's own: {own}"


# ------------------------------------------------------------------ code in a parameter


@pytest.mark.parametrize("args, valid", [
    (["--notebook", "industry_profile", "--industry", INJECTION], "textile, chemical, metal"),
    (["--industry", 'textile"; import os; "'], "textile, chemical, metal"),
    (["--lang", "en'); __import__('os').system('touch pwned'); ('"], "Valid values: en, zh."),
    (["--notebook", "industry_profile; import os"], "industry_profile"),
], ids=["industry", "industry-dq", "lang", "notebook"])
def test_code_in_a_parameter_is_refused_before_any_kernel(tmp_path, monkeypatch, capsys, args, valid):
    started = []

    def no_kernel(*a, **k):
        started.append(a)
        raise AssertionError("a kernel or worker was started for a refused parameter")

    from jupyter_client.manager import KernelManager
    import papermill

    monkeypatch.setattr(KernelManager, "start_kernel", no_kernel)
    monkeypatch.setattr(reports.KernelPool, "_start", no_kernel)
    monkeypatch.setattr(build_run, "run_workers", no_kernel)
    monkeypatch.setattr(papermill, "execute_notebook", no_kernel)
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    status = reports.main(args + ["--out", str(out), "--notebook-dir", str(NOTEBOOK_DIR), "-q"])
    err = capsys.readouterr().err
    assert status == 2, err
    assert "is not valid" in err and valid in err, err
    assert not started and not out.exists(), "something ran or was written"
    assert not (tmp_path / "pwned").exists()


def test_code_in_a_parameter_exits_2_from_the_command_line(tmp_path):
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "shaoxing.reports", "--notebook", "industry_profile", "--industry", INJECTION,
         "--out", str(out), "--notebook-dir", str(NOTEBOOK_DIR)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert proc.returncode == 2, proc.stderr
    assert f"industry={INJECTION!r} is not valid" in proc.stderr
    assert "Valid values: " + ", ".join(sx.params.industries()) + "." in proc.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_a_value_given_to_papermill_directly_is_only_a_string():
    """Without the builder, papermill injects the value as a string literal and runs nothing else;
    the notebook's own check then refuses it (see test_notebook_sweep)."""
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.read(NOTEBOOK_DIR / "industry_profile.ipynb", as_version=4)
    nb.metadata["papermill"] = {}  # what papermill.execute_notebook sets up before parameterizing
    hostile = {"industry": INJECTION, "lang": "en\"; import os; \""}
    done = parameterize_notebook(nb, hostile)
    (cell,) = [c for c in done.cells if "injected-parameters" in c.metadata.get("tags", [])]
    tree = ast.parse(cell.source)
    values = {}
    for node in tree.body:
        assert isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant), ast.dump(node)
        values[node.targets[0].id] = node.value.value
    assert values == hostile


# ------------------------------------------------------------------ malformed CSVs (beyond test_loader.py)


def test_gbk_encoded_file(data_copy):
    path = data_copy / "segments.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    err = load_error(data_copy, "segments")
    assert (err.table, err.row) == ("segments", 1), str(err)
    assert "not UTF-8" in str(err) and "line 2" in str(err) and "GB18030" in str(err)


def test_gbk_row_further_down_is_located(data_copy):
    path = data_copy / "roadmap.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    raw = [ln.encode("gbk") if i == 5 else ln.encode("utf-8") for i, ln in enumerate(lines)]
    path.write_bytes(b"\n".join(raw))
    err = load_error(data_copy, "roadmap")
    assert (err.table, err.row) == ("roadmap", 5) and "line 6" in str(err), str(err)


def test_gbk_error_names_the_column(data_copy):
    path = data_copy / "segments.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    assert load_error(data_copy, "segments").column == "segment_zh"


@pytest.mark.parametrize("content", [b"", b"\n\n", b"\xef\xbb\xbf", b"   \r\n"], ids=["0-bytes", "newlines",
                                                                                   "bom-only", "blank"])
def test_empty_file_names_the_table(data_copy, content):
    (data_copy / "segments.csv").write_bytes(content)
    err = load_error(data_copy, "segments")
    assert err.table == "segments" and "empty" in str(err) and "header row" in str(err)


def test_misspelt_column_is_named(data_copy):
    replace_in(data_copy / "segments.csv", ",enterprises,output_value,", ",enterprises,output_valu,")
    err = load_error(data_copy, "segments")
    assert (err.table, err.column) == ("segments", "output_value")
    assert "lacks column(s) 'output_value'" in str(err) and "expected columns:" in str(err)


def test_text_in_a_target(data_copy):
    replace_in(data_copy / "indicators.csv", ",1236.9,2500,4000,level,", ",1236.9,2500亿,4000,level,")
    err = load_error(data_copy, "indicators")
    assert (err.table, err.row, err.column) == ("indicators", 2, "target_2020"), str(err)
    assert "'2500亿' is not a number" in str(err)


def test_thousands_separator_is_not_a_number(data_copy):
    replace_in(data_copy / "segments.csv", ",1873,3673.5,", ',1873,"3,673.5",')
    err = load_error(data_copy, "segments")
    assert (err.row, err.column) == (1, "output_value") and "'3,673.5' is not a number" in str(err)


def test_duplicate_composite_key(data_copy):
    path = data_copy / "segments.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines + [lines[3]]) + "\n", encoding="utf-8")
    err = load_error(data_copy, "segments")
    assert (err.table, err.row, err.column) == ("segments", len(lines), "industry+segment_zh"), str(err)
    assert "duplicate primary key (industry='textile', segment_zh='织造'); row 3 has it already" in str(err)


@pytest.mark.parametrize("bad", ["Textile", "textiles", "纺织"])
@pytest.mark.parametrize("table, old, new, row", [
    ("segments", "\ntextile,2016,segment,2,", "\n{bad},2016,segment,2,", 3),  # an enum of three industries
    ("positioning", ",Capital of fashion textiles,textile,", ",Capital of fashion textiles,{bad},", 1),  # a key
])
def test_unknown_industry_in_another_table(data_copy, bad, table, old, new, row):
    replace_in(data_copy / f"{table}.csv", old, new.format(bad=bad))
    err = load_error(data_copy, table)
    assert (err.table, err.row, err.column) == (table, row, "industry"), str(err)
    assert f"{bad!r}" in str(err) and "allowed" in str(err) and "textile, chemical, metal" in str(err), str(err)


def test_broken_industries_table_stops_the_builder_before_any_kernel(tmp_path):
    data = _copy_data(tmp_path / "data")
    path = data / "industries.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gbk"))
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "shaoxing.reports", "--industry", "textile", "--out", str(out),
         "--notebook-dir", str(NOTEBOOK_DIR)],
        capture_output=True, text=True, cwd=tmp_path, timeout=120,
        env=dict(os.environ, SHAOXING_DATA=str(data)))
    assert proc.returncode == 2, proc.stderr
    assert "table 'industries', row 1" in proc.stderr and "not UTF-8" in proc.stderr, proc.stderr
    assert not out.exists()


@pytest.mark.slow
def test_malformed_figure_fails_the_report_naming_table_row_and_column(tmp_path):
    """Through SHAOXING_DATA and the command line, as a batch user meets it."""
    data = _copy_data(tmp_path / "data")
    replace_in(data / "segments.csv", ",967.6,", ",about 967,")
    out = tmp_path / "out"
    proc = subprocess.run(
        [sys.executable, "-m", "shaoxing.reports", "--notebook", "industry_profile", "--industry", "textile",
         "--lang", "en", "--out", str(out), "--notebook-dir", str(NOTEBOOK_DIR), "-q"],
        capture_output=True, text=True, cwd=tmp_path, timeout=300,
        env=dict(os.environ, SHAOXING_DATA=str(data)))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    where = "table 'segments', row 2 (line 3 of segments.csv), column 'output_value': 'about 967' is not a number"
    assert "industry_profile/textile.en" in proc.stderr and where in proc.stderr, proc.stderr
    log = out / "industry_profile" / "textile.en.log"
    assert f"log: {log}" in proc.stderr and where in log.read_text(encoding="utf-8")
    assert not (out / "industry_profile" / "textile.en.html").exists()


@pytest.mark.parametrize("text, shown", [
    ("Textiles\n\n# X\n\n- item", "Textiles # X - item"),
    ("# heading", "# heading"),
    ("- item", "- item"),
    ("1. first", "1. first"),
    ("costs $5 and $6", "costs $5 and $6"),
    ("a\u2028b\r\nc", "a b c"),
])
def test_data_text_is_one_run_of_text_in_markdown(text, shown):
    """i18n.esc: a name rendered as Markdown shows as the same words in one paragraph, no block, no maths."""
    import markdown_it

    from shaoxing.i18n import esc

    md = markdown_it.MarkdownIt("commonmark")
    for source, want in ((f"In {esc(text)} there.", f"In {shown} there."), (esc(text), shown)):
        rendered = md.render(source)
        assert rendered.startswith("<p>") and rendered.count("<p>") == 1, rendered
        assert "<h" not in rendered and "<li" not in rendered and "<ol" not in rendered, rendered
        assert " ".join(rendered.split()) == f"<p>{want}</p>", rendered
