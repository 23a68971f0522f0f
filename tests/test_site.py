"""The report site (issue 14): contents, language switch, sources page, plan-line links, CSV per chart / table.

Unit tests of the pure functions in shaoxing.build.site_nav / sources / chartdata with
hand-made inputs, then checks over the full built site (conftest.full_site): every
internal link and #anchor resolves, every report page has contents and a link to its
twin, every chart and table has a CSV that parses, and the CSV of a chart holds the
numbers the chart draws.
"""

from __future__ import annotations

import csv
import io
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nbformat
import pytest

from shaoxing.build import chartdata, site_nav, sources

# ------------------------------------------------------------------ site_nav

PAGE = ('<html><body><header class="sx-header"><p class="sx-nav"><a href="../index.html">back</a></p></header>'
        '<main class="sx-main"><h2 id="A%20b">Structure<a class="anchor-link" href="#A%20b">¶</a></h2>'
        '<p>x</p><h3 id="c">Products<a class="anchor-link" href="#c">¶</a></h3>'
        '<h2 id="d">Growth &amp; targets<a class="anchor-link" href="#d">¶</a></h2></main></body></html>')
NAV = {"lang": "en", "back": ("../index.html", "All reports"), "twin": ("textile.zh.html", "中文", "zh-CN"),
       "prev": ("bearing.en.html", "Bearings"), "next": ("chemical.en.html", "Chemicals")}


def test_decorate_numbers_headings_and_builds_contents():
    out = site_nav.decorate(PAGE, NAV)
    assert site_nav.headings(out) == [("h2", "sec-1", "Structure ¶ 中文"), ("h3", "sec-2", "Products ¶ 中文"),
                                      ("h2", "sec-3", "Growth & targets ¶ 中文")]
    # the contents: nested, in page order, before <main>, text without the anchor marks
    toc = out[out.index('<nav class="sx-contents"'):out.index('<main')]
    assert re.findall(r'href="#(sec-\d)">([^<]*)<', toc) == [
        ("sec-1", "Structure"), ("sec-2", "Products"), ("sec-3", "Growth &amp; targets")]
    assert toc.index("<ol><li><a href=\"#sec-2\"") > toc.index("sec-1")  # h3 nested under its h2
    # each heading links to the same section of the twin page
    assert '<a class="sx-twin" href="textile.zh.html#sec-3" hreflang="zh-CN"' in out
    assert 'id="A%20b"' not in out and 'class="anchor-link"' not in out
    # the header bar: back, previous, next, the other language
    bar = out[out.index('<nav class="sx-nav"'):out.index("</nav>") + 6]
    assert re.findall(r'href="([^"]+)"', bar) == ["../index.html", "bearing.en.html", "chemical.en.html",
                                                  "textile.zh.html"]
    assert 'rel="prev"' in bar and 'rel="next"' in bar and 'lang="zh-CN"' in bar


def test_decorate_escapes_heading_text_and_leaves_pages_without_main_alone():
    page = '<main class="sx-main"><h2 id="x">&lt;script&gt;alert(1)&lt;/script&gt;</h2></main>'
    out = site_nav.decorate(page, {"lang": "zh"})
    assert "<script>" not in out and "&lt;script&gt;" in out
    assert '<p class="sx-contents-title">目录</p>' in out
    assert site_nav.decorate("<p>no main</p>", NAV) == "<p>no main</p>"


def test_contents_keep_a_headings_code_identifiers_as_code():
    # a table's name in a heading is code on the page; the contents show it as code too (the language
    # check leaves <code> alone), while markup in the heading's text stays escaped
    page = ('<main class="sx-main"><h3 id="x">方案涉及的产业（<code>industries</code>）：8行中的3行</h3>'
            '<h3 id="y">&lt;b&gt; <code>a&amp;b</code> <em>c</em></h3></main>')
    out = site_nav.decorate(page, {"lang": "zh"})
    toc = out[out.index('<nav class="sx-contents"'):out.index('<main')]
    assert re.findall(r'href="#sec-\d">(.*?)</a>', toc) == [
        "方案涉及的产业（<code>industries</code>）：8行中的3行", "&lt;b&gt; <code>a&amp;b</code> c"]


def _table(heads, rows):
    th = "".join(f"<th>{h}</th>" for h in heads)
    body = "".join("<tr>" + "".join(f'<td class="text">{c}</td>' for c in r) + "</tr>" for r in rows)
    return f'<table class="sx-table"><caption>Roadmap</caption><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>'


def test_long_prose_tables_become_blocks_short_tables_stay():
    long = "新一代高性能纤维材料及其复合材料的研发与产业化应用" * 2
    heads = ["No.", "Group", "Area", "Products", "Technologies", "Equipment", "Benchmarks"]
    page = _table(heads, [["1", "化纤", "高性能纤维", long, long, long, long], ["2", "印染", "—", long, long, "—", long]])
    out = site_nav.fold_long_tables(page)
    assert "<table" not in out and out.count('<section class="sx-block">') == 2
    assert '<h4 class="sx-block-title">1 化纤 · 高性能纤维</h4>' in out and '<h4 class="sx-block-title">2 印染</h4>' in out
    assert out.count("<dt>Products</dt>") == 2 and "<p class=\"sx-blocks-caption\">Roadmap</p>" in out
    short = _table(heads, [["1", "a", "b", "c", "d", "e", "f"]])
    assert site_nav.fold_long_tables(short) == short


def test_urls_become_links_that_send_no_referrer():
    page = ('<td>see https://www.sx.gov.cn/art/2021/1/19/x.html?a=1&amp;b=2。</td>'
            '<a href="#x">https://inside.link/</a><style>/* https://style.example/ */</style>'
            '<li>来源：<code>http://www.shaoxing.com.cn/xsdxw/p/2758338.html</code></li>')
    out = site_nav.link_urls(page)
    assert ('<a class="sx-ext" href="https://www.sx.gov.cn/art/2021/1/19/x.html?a=1&amp;b=2" '
            'rel="noopener noreferrer">') in out
    assert ('<code><a class="sx-ext" href="http://www.shaoxing.com.cn/xsdxw/p/2758338.html" '
            'rel="noopener noreferrer">http://www.shaoxing.com.cn/xsdxw/p/2758338.html</a></code>') in out
    assert out.count("<a ") == 3  # nothing inside <a> or <style> is touched
    assert "x.html?a=1&amp;b=2</a>。" in out


# ------------------------------------------------------------------ sources


def test_plan_line_references_link_to_the_first_cited_line():
    lines = [65, 70, 214, 216, 316, 540]
    en = sources.link_plan_lines("<td>Part 2, lines 210-1022, 65-68; line 316 and line 999</td>", "s.html", lines)
    assert re.findall(r'href="s.html#L(\d+)"[^>]*>([^<]+)<', en) == [("214", "210-1022"), ("65", "65-68"),
                                                                     ("316", "316")]
    assert "line 999" in en  # no cited line in the range: stays text
    ranged = sources.link_plan_lines("<td>line 787</td>", "s.html", lines, "en", [(700, 1000), (706, 790)])
    assert 'href="s.html#L706"' in ranged  # not cited itself: the narrowest table range holding it
    zh = sources.link_plan_lines("<p>第70-208、540行；第2016行</p>", "s.html", lines, "zh")
    assert re.findall(r'#L(\d+)"[^>]*>([^<]+)<', zh) == [("70", "70-208"), ("540", "540")]
    assert "第2016行" in zh
    untouched = '<a href="#x">line 316</a><code>line 316</code><style>p{}/* line 316 */</style>'
    assert sources.link_plan_lines(untouched, "s.html", lines) == untouched


def _package(tmp_path: Path, with_line: bool) -> Path:
    fields = [{"name": "industry"}, {"name": "metric"}, {"name": "value"}, {"name": "quote"},
              {"name": "name_zh", "title_zh": "名称"}, {"name": "name_en", "title": "Name"}]
    if with_line:
        fields += [{"name": "source_line"}, {"name": "source_lines"}]
    rows = [["textile", "output", "3673.5", "纺织产业产值3673.5亿元", "纺织", "Textiles"],
            ["chemical", "firms", "", "", "化工", "Chemicals"]]
    if with_line:
        rows[0] += ["216", "216-218"]
        rows[1] += ["", ""]
    res = {"name": "facts", "path": "facts.csv", "title": "Facts", "title_zh": "事实",
           "source": {"section_zh": "二、重点领域", "section_en": "Part 2", "lines": [210, 1022],
                      "line_ranges": [[214, 534], [536, 704]]},
           "schema": {"fields": fields}}
    (tmp_path / "datapackage.json").write_text(json.dumps({"resources": [res]}), encoding="utf-8")
    with open(tmp_path / "facts.csv", "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow([f["name"] for f in fields])
        w.writerows(rows)
    return tmp_path


def test_sources_lists_range_starts_and_rows_with_their_own_line(tmp_path):
    entries = sources.collect(_package(tmp_path, with_line=True))
    assert [(e["line"], e["range"]) for e in entries] == [(214, True), (216, False), (536, True)]
    row = entries[1]
    assert row["zh"] == "纺织产业产值3673.5亿元" and row["en"] == "Name: Textiles" and "textile" in row["row"]
    assert sources.anchors(entries) == [214, 216, 536]
    page = sources.page_html(entries, "en", "", plan=("Plan", "方案"))
    assert page.count("<tbody id=") == 3 and '<tbody id="L216">' in page and '<a href="#L216">216</a>' in page
    assert row["last"] == 218 and "lines 216-218" in page  # a row printed over several lines says so
    assert "<th>English</th>" in page and "Name: Textiles" in page
    zh = sources.page_html(entries, "zh", "")
    assert "<th>English</th>" not in zh and "数据表引用范围：第214-534行" in zh


def test_sources_without_row_lines_still_anchor_each_range(tmp_path):
    entries = sources.collect(_package(tmp_path, with_line=False))
    assert [(e["line"], e["last"]) for e in entries] == [(214, 534), (536, 704)]


def test_sources_page_escapes_data_text(tmp_path):
    pkg = _package(tmp_path, with_line=True)
    text = (pkg / "facts.csv").read_text(encoding="utf-8").replace("纺织产业产值3673.5亿元", "<img src=x onerror=alert(1)>")
    (pkg / "facts.csv").write_text(text, encoding="utf-8")
    page = sources.page_html(sources.collect(pkg), "zh", "")
    assert "<img" not in page and "&lt;img src=x onerror=alert(1)&gt;" in page


# ------------------------------------------------------------------ chartdata


def _bars():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.barh(["a", "b", "c"], [1.5, 2.25, 4.0], label="2016")
    ax.set_xlabel("Output (CNY bn)")
    fig.canvas.draw()
    return fig, plt


def test_figure_payload_reads_bars_with_the_unit_in_the_header():
    fig, plt = _bars()
    payload = chartdata.figure_payload(fig)
    plt.close(fig)
    assert payload["columns"] == ["series", "category", "Output (CNY bn)"]
    assert payload["rows"] == [["2016", "a", 1.5], ["2016", "b", 2.25], ["2016", "c", 4.0]]


def test_figure_payload_reads_stacked_bars_and_lines():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.barh([0], [18], color="r")
    ax.barh([0], [40], left=18)
    ax.plot([2016, 2020], [100, 140], label="index")
    ax.set_ylabel("Index (2016 = 100)")
    fig.canvas.draw()
    payload = chartdata.figure_payload(fig)
    plt.close(fig)
    values = [r[payload["columns"].index("Index (2016 = 100)")] for r in payload["rows"]
              if r[payload["columns"].index("series")] == "index"]
    assert values == [100.0, 140.0]
    assert "starts at" in payload["columns"]


def test_figure_payload_joins_a_wrapped_legend_label():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    payloads = {}
    for lang, label in (("en", "2016: output value of above-designated-size textile\nenterprises"),
                        ("zh", "2016年：规上纺织\n企业产值")):
        fig, ax = plt.subplots()
        ax.scatter([2016], [367.35], label=label)
        ax.set_ylabel("CNY bn")
        fig.canvas.draw()
        payloads[lang] = chartdata.figure_payload(fig, lang)
        plt.close(fig)
    assert payloads["en"]["rows"] == [["2016: output value of above-designated-size textile enterprises", 2016.0, 367.35]]
    assert payloads["zh"]["rows"][0][0] == "2016年：规上纺织企业产值"


def test_figure_payload_names_points_by_category_and_skips_reference_lines():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.scatter([155.5, 80.0], [0, 1])
    ax.set_yticks([0, 1], ["Indicator 3", "Task 1"])
    ax.axvline(100, color="grey")
    ax.set_xlabel("% of the growth required\n(100 = on pace)")
    fig.canvas.draw()
    payload = chartdata.figure_payload(fig)
    plt.close(fig)
    assert payload["columns"] == ["category", "% of the growth required (100 = on pace)"]
    assert payload["rows"] == [["Indicator 3", 155.5], ["Task 1", 80.0]]


def test_attached_data_wins_over_the_artists():
    import pandas as pd

    fig, plt = _bars()
    fig._shaoxing_source = "Source: plan, line 316"
    from shaoxing import plots as P
    P.attach_data(fig, pd.DataFrame({"segment": ["a"], "share (%)": [18.0]}))
    payload = chartdata.figure_payload(fig)
    plt.close(fig)
    assert payload["columns"] == ["segment", "share (%)"] and payload["rows"] == [["a", 18.0]]
    assert payload["source"] == "Source: plan, line 316"


def test_csv_has_a_bom_and_its_source_and_reads_back():
    payload = {"kind": "chart", "title": "t", "source": "来源：第316行", "columns": ["行业", "产值（亿元）"],
               "rows": [["化纤", 967.6], ["织造", None]]}
    text = chartdata.to_csv(payload, "zh")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    assert rows == [["行业", "产值（亿元）", "来源"], ["化纤", "967.6", "来源：第316行"], ["织造", "", "来源：第316行"]]


def test_extract_takes_payloads_out_and_names_the_files():
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    payload = {"kind": "chart", "title": "", "source": "", "columns": ["a"], "rows": [[1]]}
    table = dict(payload, kind="table")
    cell.outputs = [nbformat.v4.new_output("display_data", {"image/png": "AAAA", chartdata.MIME: payload}),
                    nbformat.v4.new_output("display_data", {"text/html": "<table></table>", chartdata.MIME: table}),
                    nbformat.v4.new_output("display_data", {"text/plain": "x"})]
    nb.cells = [cell]
    files = chartdata.extract(nb, "textile.zh", "zh")
    assert list(files) == ["chart-01.csv", "table-01.csv"]
    meta = cell.outputs[0]["metadata"][chartdata.META_KEY]
    assert meta["href"] == "textile.zh.data/chart-01.csv" and meta["label"] == "数据（CSV）"
    assert chartdata.MIME not in cell.outputs[0]["data"] and chartdata.META_KEY not in cell.outputs[2].get(
        "metadata", {})


def test_write_files_replaces_the_folder(tmp_path):
    folder = tmp_path / "p.data"
    chartdata.write_files(folder, {"chart-01.csv": "\ufeffa\r\n1\r\n", "chart-02.csv": "x"})
    chartdata.write_files(folder, {"chart-01.csv": "\ufeffb\r\n"})
    assert sorted(p.name for p in folder.iterdir()) == ["chart-01.csv"]
    assert (folder / "chart-01.csv").read_bytes() == "\ufeffb\r\n".encode()
    assert [p.name for p in tmp_path.iterdir()] == ["p.data"]


def test_segment_chart_payload_equals_the_bars_it_draws():
    """The textile output chart: the CSV's numbers are the bar lengths and sum to the segments' output."""
    import matplotlib.pyplot as plt

    import shaoxing as sx
    from shaoxing import analysis as A
    from shaoxing import plots as P

    structure = A.segment_structure(sx.load("segments"), "textile")
    for lang in ("en", "zh"):
        fig = P.segment_bars(structure, lang, "Source: plan, lines 214-534")
        fig.canvas.draw()
        payload = chartdata.figure_payload(fig, lang)
        drawn = [p.get_width() for p in fig.axes[0].patches]
        plt.close(fig)
        value_col = next(i for i, c in enumerate(payload["columns"]) if c not in ("category", "类别", "series", "系列"))
        values = [r[value_col] for r in payload["rows"]]
        assert values == pytest.approx(drawn)
        seg = structure[structure["level"] != "industry"]
        total = float(seg["output_value"].astype(float).sum()) * (0.1 if lang == "en" else 1.0)
        assert sum(values) == pytest.approx(total)


# ------------------------------------------------------------------ the built site


class _Page(HTMLParser):
    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[dict] = []
        self.srcs: list[str] = []
        self.classes: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])
        if tag == "a" and a.get("href") is not None:
            self.links.append(a)
        for key in ("src", "data", "poster"):
            if a.get(key):
                self.srcs.append(a[key])
        if tag == "link":
            self.srcs.append(a.get("href", ""))
        if a.get("class"):
            self.classes.append(a["class"])


@pytest.fixture(scope="module")
def site(full_site):
    pages = {p.relative_to(full_site).as_posix(): _Page(p.read_text(encoding="utf-8"))
             for p in sorted(full_site.rglob("*.html")) if ".cache" not in p.parts}
    return full_site, pages


REPORT = re.compile(r"^(?!sources/)[a-z0-9_]+/[^/]+\.html$")


def test_every_internal_link_and_anchor_resolves(site):
    out, pages = site
    checked = 0
    problems = []
    for name, page in pages.items():
        for a in page.links:
            href = a["href"]
            parts = urlsplit(href)
            if parts.scheme in ("http", "https"):
                if "sx-ext" not in a.get("class", "") or a.get("rel") != "noopener noreferrer":
                    problems.append(f"{name}: external link without rel=noopener noreferrer: {href}")
                continue
            assert not parts.scheme and not parts.netloc, f"{name}: link leaves the site: {href}"
            target = (out / name).parent / unquote(parts.path) if parts.path else out / name
            target = target.resolve()
            if not target.is_file():
                problems.append(f"{name}: {href}: no such file")
                continue
            if parts.fragment:
                rel = target.relative_to(out.resolve()).as_posix()
                if parts.fragment not in pages[rel].ids:
                    problems.append(f"{name}: {href}: no id {parts.fragment!r} in {rel}")
            checked += 1
        for src in page.srcs:
            assert src.startswith("data:"), f"{name}: loads {src[:80]}"
    assert not problems, "\n".join(problems[:30])
    assert checked > 1000


def test_outcome_sources_are_links(site, data_path):
    out, pages = site
    urls = {row["source_url"] for row in csv.DictReader(open(data_path / "outcomes.csv", encoding="utf-8"))
            if row["source_url"]}
    assert urls
    for lang in ("en", "zh"):
        linked = {a["href"] for a in pages[f"progress_tracker/{lang}.html"].links if a.get("class") == "sx-ext"}
        assert urls <= linked, f"progress_tracker/{lang}: not linked: {sorted(urls - linked)[:3]}"


def test_every_report_page_has_contents_and_its_twin(site):
    out, pages = site
    reports = [n for n in pages if REPORT.match(n)]
    assert len(reports) >= 28
    for name in reports + ["sources/en.html", "sources/zh.html"]:
        page = pages[name]
        assert "sx-contents" in page.classes, f"{name}: no contents"
        contents = [a for a in page.links if a["href"].startswith("#")]
        assert contents, f"{name}: contents link nothing"
        twins = [a for a in page.links if a.get("class") == "sx-lang"]
        assert len(twins) == 1, f"{name}: {len(twins)} language switches"
        twin = (Path(name).parent / twins[0]["href"]).as_posix()
        assert twin in pages and twin != name, f"{name}: twin {twin} missing"
        back = [a for a in pages[twin].links if a.get("class") == "sx-lang"][0]["href"]
        assert (Path(twin).parent / back).as_posix() == name, f"{twin} does not switch back to {name}"


def test_every_plan_line_reference_is_a_link(site, data_path):
    """Every "line N" / "第N行" that names a line the data covers is a link (a table's "第1行",
    its first row, is not a plan line: nothing the data cites is there)."""
    out, pages = site
    cited = sources.collect(data_path)
    anchors, spans = sources.anchors(cited), sources.spans(cited)

    def plan_line(ref: str) -> bool:
        nums = [int(n) for n in re.findall(r"\d+", ref)]
        return sources.target_line(nums[0], nums[1] if len(nums) > 1 else nums[0], anchors, spans) is not None
    en = re.compile(r"\blines? \d+")
    zh = re.compile(r"第\d+(?:-\d+)?(?:、\d+(?:-\d+)?)*行")
    linked = 0
    for name in pages:
        if not REPORT.match(name):
            continue
        text = (out / name).read_text(encoding="utf-8")
        text = re.sub(r"<(style|title)\b.*?</\1>", "", text, flags=re.S)
        linked += text.count('class="sx-line"')
        plain = re.sub(r"<a\b[^>]*>.*?</a>", "", text, flags=re.S)  # what is left outside links
        plain = re.sub(r"<[^>]+>", " ", plain)
        left = [m.group(0) for m in re.finditer(r"\blines? \d+(?:-\d+)?", plain) if en.match(m.group(0))]
        left += [m.group(0) for m in zh.finditer(plain)]
        left = [ref for ref in left if plan_line(ref)]
        assert not left, f"{name}: plan-line references that are not links: {left[:5]}"
    assert linked > 100


def test_every_chart_and_table_has_a_csv_that_parses(site):
    out, pages = site
    n_csv = 0
    for name in pages:
        if not REPORT.match(name):
            continue
        text = (out / name).read_text(encoding="utf-8")
        charts = text.count('<div class="jp-RenderedImage')
        tables = text.count('<table class="sx-table">') + text.count('<div class="sx-blocks">')
        # the link's attributes in any order, download among them
        links = re.findall(r'<p class="sx-data sx-data-(chart|table)"><a (?=[^>]*\bdownload\b)[^>]*?\bhref="([^"]+)"',
                           text)
        assert sum(k == "chart" for k, _ in links) == charts, f"{name}: {charts} charts, CSV links {links}"
        assert sum(k == "table" for k, _ in links) == tables, f"{name}: {tables} tables, CSV links {links}"
        for _, href in links:
            path = out / Path(name).parent / href
            raw = path.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), f"{path}: no byte-order mark"
            rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
            assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows), f"{path}: ragged or empty"
            n_csv += 1
    assert n_csv > 100


def test_output_chart_csv_holds_the_plan_figures(site):
    """The cross-industry output chart's CSV: the 2016 figures and 2020 targets of the facts table."""
    out, _ = site
    import shaoxing as sx

    facts = sx.load("facts")
    found = []
    for path in sorted((out / "cross_industry" / "zh.data").glob("chart-*.csv")):
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        if rows and any(c.startswith("2020年目标") for c in rows[0]):
            found.append(rows)
    assert len(found) == 1, "one chart of the 2020 output targets"
    rows = found[0]
    head = list(rows[0])
    target_col = next(c for c in head if c.startswith("2020年目标"))
    targets = facts[(facts["kind"] == "target") & (facts["year"] == 2020) & (facts["unit"] == "亿元")]
    textile = next(r for r in rows if r[head[0]].startswith("纺织"))
    assert float(textile[target_col]) == 4500.0
    assert float(textile[target_col]) in set(targets[targets["industry"] == "textile"]["value"].astype(float))
    assert len(rows) == 8
    assert "来源" in head


def test_sources_page_has_an_anchor_for_every_cited_line(site, data_path):
    out, pages = site
    lines = sources.anchors(sources.collect(data_path))
    for lang in ("en", "zh"):
        ids = pages[f"sources/{lang}.html"].ids
        assert {f"L{n}" for n in lines} <= ids
    assert 316 in lines  # the value-added ratio's line


def test_the_sources_page_shows_plan_text_not_the_search_log():
    """The searches for later figures (outcomes_searched) are the project's notes, not plan text: the sources page
    lists that table by its line range only."""
    from shaoxing.build import sources
    from shaoxing.data import data_dir

    entries = sources.collect(data_dir())
    searched = [e for e in entries if e["table"] == "outcomes_searched"]
    assert searched and all(e["range"] for e in searched)
    assert not any("the store" in e["en"].lower() or "docs store" in e["en"].lower() or "检索" in e["zh"]
                   for e in entries if not e["range"])
