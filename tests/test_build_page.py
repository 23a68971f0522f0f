"""shaoxing.build.page and cjkfont: the page drops a repeated title, sanitizes markup, embeds only the CJK font it needs."""

from __future__ import annotations

import nbformat

from conftest import ParsedHtml
from conftest import HOSTILE, external_references as _external_references
from shaoxing import reports


# ---------------------------------------------------------------- no execution


def test_a_notebook_title_that_repeats_the_page_heading_is_shown_once():
    def nb_with(markdown):
        nb = nbformat.v4.new_notebook()
        cell = nbformat.v4.new_code_cell("D.md(...)")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": m, "text/plain": ""})
                        for m in markdown]
        nb.cells = [nbformat.v4.new_code_cell("x = 1"), cell]
        return nb

    nb = nb_with(["# Data audit: checks and decisions", "# Data audit: checks and decisions", "Some text"])
    reports._drop_repeated_title(nb, "Data audit: checks and decisions")
    assert [o.data["text/markdown"] for o in nb.cells[1].outputs] == [
        "# Data audit: checks and decisions", "Some text"]  # only the first one, the title, goes
    nb = nb_with(["# 数据字典：数据表、字段与单位\n\nIntro"])
    reports._drop_repeated_title(nb, "数据字典：数据表、字段与单位")
    assert nb.cells[1].outputs[0].data["text/markdown"] == "Intro"
    nb = nb_with(["# Huangjiu: structure, growth path and benchmarks"])  # a different title stays
    reports._drop_repeated_title(nb, "Industry profile: Huangjiu")
    assert len(nb.cells[1].outputs) == 1
    nb = nb_with([r"# Plan \(2017\)"])  # Markdown escapes do not hide a repeat
    reports._drop_repeated_title(nb, "Plan (2017)")
    assert nb.cells[1].outputs == []


def test_sanitize_keeps_tables_and_headings_and_escapes_markup():
    html = ('<style scoped>.x{background:url(https://evil.example/x)}</style>'
            '<h2 id="a">Title</h2><table class="dataframe"><thead><tr><th>k</th></tr></thead>'
            '<tbody><tr><td class="num" style="text-align: right; background-image: url(x)">1</td></tr>'
            '</tbody></table><a href="https://evil.example">out</a> <a href="#a">in</a>'
            + "".join(HOSTILE) + '<iframe src="https://evil.example"></iframe>')
    clean = reports.sanitize_html(html)
    assert "<h2" in clean and "<table" in clean and "<th>k</th>" in clean and 'class="num"' in clean
    assert "text-align: right" in clean and "url(" not in clean and "<style" not in clean
    assert '<a href="#a">in</a>' in clean and "<a>out</a>" in clean  # external link: text only
    assert _external_references(clean) == []
    tags = {tag for tag, _ in ParsedHtml(clean).tags}
    assert not tags & {"script", "img", "iframe", "style"}
    assert "&lt;script&gt;alert('x')&lt;/script&gt;" in clean
    assert "&lt;img src=x onerror=alert(1)&gt;" in clean


def test_font_face_only_with_cjk_text(tmp_path):
    assert reports.font_face_css("<html lang=\"en\"><p>plain English</p></html>") == ""
    css = reports.font_face_css('<html lang="en"><p>纺织产业 — “quoted”</p></html>', tmp_path)
    assert "@font-face" in css and "data:font/woff2;base64," in css
    assert "U+7EBA" in css and "U+201C" not in css  # CJK only on an English page
    assert len(css) < 20_000
    zh = reports.font_face_css('<html lang="zh-CN"><p>纺织“产业”</p></html>', tmp_path)
    assert "U+201C" in zh
    assert list(tmp_path.glob("*.woff2"))  # subsets are cached on disk




def test_the_page_exporter_writes_what_nbconvert_writes_without_reparsing_the_page():
    """build.page's exporter skips HTMLExporter's final BeautifulSoup pass; the page is the same markup."""
    import base64
    import copy

    from bs4 import BeautifulSoup

    from shaoxing.build import page as pg

    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(64)).decode()
    nb = nbformat.v4.new_notebook()
    nb.metadata["language_info"] = {"name": "python"}
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("display_data", {"text/markdown": "# Title\n\nText with **bold** & <b>x</b>"}),
        nbformat.v4.new_output("display_data", {"text/html": "<table><tr><th>a</th></tr><tr><td>1 &lt; 2</td></tr>"
                                                             "</table><script>alert(1)</script>"}),
        nbformat.v4.new_output("display_data", {"image/png": png, "text/plain": "<Figure>"},
                               metadata={"image/png": {"alt": "A chart of 纺织"}}),
        nbformat.v4.new_output("stream", name="stdout", text="printed <i>\n"),
    ]
    nb.cells = [nbformat.v4.new_markdown_cell("## Notes"), cell]
    sx = {"html_lang": "en", "lang": "en", "page_title": "t", "heading": "t", "plan": "", "plan_alt": "",
          "plan_alt_lang": "zh-CN", "params": [], "back_href": "", "labels": {k: v["en"] for k, v in pg.LABELS.items()},
          "version": "x", "footer": [], "css": ""}
    fast = pg.exporter()
    assert type(fast).__name__ == "PageExporter"
    ours, _ = fast.from_notebook_node(copy.deepcopy(nb), resources={"sx": sx})
    theirs, _ = pg.exporter(standard=True).from_notebook_node(copy.deepcopy(nb), resources={"sx": sx})
    assert str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert 'alt="A chart of 纺织"' in ours and "&lt;script&gt;" in ours


def test_render_page_drops_the_repeated_title_and_leaves_the_notebook_as_it_was():
    import copy

    from shaoxing.build import page as pg

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("D.md(...)")
    cell.outputs = [nbformat.v4.new_output("display_data", data={"text/markdown": "# Plan overview\n\nIntro text",
                                                                 "text/plain": ""})]
    nb.cells = [cell]
    before = copy.deepcopy(nb)
    info = {"html_lang": "en", "lang": "en", "page_title": "Plan overview", "heading": "Plan overview", "plan": "",
            "plan_alt": "", "plan_alt_lang": "zh-CN", "params": [], "back_href": "",
            "labels": {k: v["en"] for k, v in pg.LABELS.items()}, "version": "x", "footer": []}
    html = pg.render_page(nb, info)
    assert "Intro text" in html and "<h1" not in html.split("Intro text")[0].split("sx-main")[-1]
    assert nb == before
