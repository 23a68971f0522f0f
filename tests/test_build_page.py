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


