"""Chinese pages read as Chinese: the language check over every built Chinese report.

All reports are built once for the session (about 20-50 s on two cores); each
Chinese page is then checked for

- English left on the page: every Latin word outside ``<code>`` and elements
  marked ``lang="en"`` must occur in the plan text itself (the plan prints a
  few, such as PTA, GS, CNC), be a file-format name (CSV, JSON) or the
  language switch's "English";
- half-width ``;`` ``:`` ``,`` between Chinese characters (Chinese text takes
  full-width ``；：，``), except inside ``<q>``: a quotation keeps its source's
  punctuation exactly as published;
- images without a description: every ``<img>`` has an alt text that is not
  nbconvert's default ("No description has been provided for this image").

The checker functions are tested on small hand-written pages first, so a
checker that cannot fail is caught before the pages are read.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from shaoxing.reports import build_reports

ROOT = Path(__file__).resolve().parent.parent
PLAN = ROOT.parent / "shared" / "plan" / "000_82f5de82100c7f04.txt"
if not PLAN.is_file():  # the worktree's ../shared is the team's shared folder; fall back to its fixed place
    PLAN = Path("/work/shared/plan/000_82f5de82100c7f04.txt")

LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9]*")
HAN = "\u3400-\u9fff\uf900-\ufaff"
# a half-width ; : , with Chinese on both sides (spaces allowed); full-width brackets count as Chinese text.
# Quotation marks do not: “;” names the character itself (the data's list separator), it is not punctuation.
HALF_WIDTH_BETWEEN_HAN = re.compile(rf"[{HAN}（）《》、。][ \t]*[;:,][ \t]*[{HAN}（）《》]")
# numbers as the plan prints them: no thousands separator (1873家, not 1,873家), no spurious .0 before a unit
# (25%, 2倍, not 25.0%, 2.0倍), no space between a number and its unit (3673.5亿元, not 3673.5 亿元).
# Table cells keep their column's decimals (the plan's own table prints 1297.0); they carry no unit.
ZH_UNITS = "亿元|万元|万人|万吨|亿米|家|项|个|倍|%|年"
THOUSANDS_IN_ZH = re.compile(rf"(?<![\d.,])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?(?=[{HAN}%])")
SPURIOUS_ZERO = re.compile(r"(?<![\d.])\d+\.0(?:" + ZH_UNITS + ")")
SPACE_BEFORE_UNIT = re.compile(r"\d[ \t]+(?:" + ZH_UNITS.replace("|年", "") + ")")
DEFAULT_ALT = "No description has been provided for this image"
# words a Chinese page may show besides the plan's own: the language switch and file formats
ALLOWED_WORDS = {"english", "csv", "json", "html", "png", "svg", "pdf"}
SKIP_TAGS = {"code", "script", "style", "pre", "kbd", "samp"}
VOID_TAGS = {"img", "br", "hr", "meta", "link", "col", "input", "source", "wbr", "area", "base", "track"}


def plan_words(text: str | None = None) -> set[str]:
    """The Latin words the plan itself prints (lower case)."""
    text = PLAN.read_text(encoding="utf-8") if text is None else text
    return {w.lower() for w in LATIN_WORD.findall(text)}


class PageText(HTMLParser):
    """The text a reader sees, outside ``<code>`` and ``lang="en"`` elements, and every image's alt."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self._stack: list[tuple[str, bool]] = []  # (tag, excluded)
        self.chunks: list[str] = []
        self.unquoted: list[str] = []  # the same text without verbatim quotations (<q>)
        self.alts: list[str | None] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "img":
            self.alts.append(a.get("alt"))
        if tag in VOID_TAGS:
            return
        lang = (a.get("lang") or "").lower()
        # a quotation marked as another language than Chinese keeps its source's words (a Polish trade site)
        foreign_quote = tag == "q" and lang and not lang.startswith("zh")
        excluded = tag in SKIP_TAGS or lang == "en" or lang.startswith("en-") or foreign_quote
        self._stack.append((tag, excluded))

    def handle_startendtag(self, tag, attrs):
        if tag == "img":
            self.alts.append(dict(attrs).get("alt"))

    def handle_endtag(self, tag):
        for i in range(len(self._stack) - 1, -1, -1):
            if self._stack[i][0] == tag:
                del self._stack[i:]
                return

    def handle_data(self, data):
        if not any(excluded for _, excluded in self._stack):
            self.chunks.append(data)
            if not any(tag == "q" for tag, _ in self._stack):
                self.unquoted.append(data)

    @property
    def text(self) -> str:
        return "\n".join(self.chunks)  # element boundaries separate words


def foreign_words(html: str, allowed: set[str]) -> dict[str, int]:
    """Latin words shown outside code and English-marked text that ``allowed`` does not hold, with counts."""
    found: dict[str, int] = {}
    for word in LATIN_WORD.findall(PageText(html).text):
        if word.lower() not in allowed:
            found[word] = found.get(word, 0) + 1
    return found


def half_width_between_chinese(html: str) -> list[str]:
    """Each half-width ``;`` ``:`` ``,`` standing between Chinese text, as ``中;文`` with a little context after it.

    Quotations (``<q>``) are left out: they keep the punctuation of the source they quote.
    """
    text = "\n".join(PageText(html).unquoted)
    return [m.group(0) + text[m.end():m.end() + 10].split("\n")[0] for m in HALF_WIDTH_BETWEEN_HAN.finditer(text)]


def number_style_defects(html: str) -> list[str]:
    """Numbers not as the plan prints them, in the page's text and its images' alt texts."""
    page = PageText(html)
    text = "\n".join([page.text, *[a for a in page.alts if a]])
    return [m.group(0) for rx in (THOUSANDS_IN_ZH, SPURIOUS_ZERO, SPACE_BEFORE_UNIT) for m in rx.finditer(text)]


def images_without_description(html: str) -> list[str | None]:
    """The alt of every image that has none, an empty one or nbconvert's default."""
    return [alt for alt in PageText(html).alts if not alt or not alt.strip() or alt.strip() == DEFAULT_ALT]


# ------------------------------------------------------------------ the checkers themselves


def test_checker_finds_english_but_not_code_plan_words_or_english_marked_text():
    page = ("<html><body><p>纺织产业的PTA与GS，见<code>sx.load(name)</code>。The plan says</p>"
            "<p lang=\"en\">Shaoxing pilot plan</p><a>English</a><p>下载CSV</p>"
            "<p>原文：<q lang=\"und\">w 2019 roku</q></p></body></html>")
    assert foreign_words(page, plan_words("PTA GS") | ALLOWED_WORDS) == {"The": 1, "plan": 1, "says": 1}


def test_checker_finds_half_width_punctuation_between_chinese_only():
    page = ("<p>法国巴黎;意大利米兰，口径:规上 产值（亿元）,合计</p><p>1,297.0 and 40:30:30</p><code>中;文</code>"
            "<p>原文：<q>1-10月,全市高新技术产业</q></p><p>以“;”连接</p>")
    found = half_width_between_chinese(page)
    assert [hit[:3] for hit in found] == ["黎;意", "径:规", "）,合"], found


def test_checker_finds_numbers_not_in_the_plans_style():
    page = ("<p>规上企业1,873家，产值3673.5亿元，占25.0%，是基数的2.0倍，合计300 亿元。</p>"
            "<table><tr><td>1297.0</td><td>100.0</td></tr></table><p>需年均增长5.2%，共1873家，2倍，21%。</p>"
            '<img alt="条形图：化纤 18%；2,000亿元"><p lang="en">CNY 1,297.0 bn</p>')
    assert number_style_defects(page) == ["1,873", "2,000", "25.0%", "2.0倍", "0 亿元"]


def test_checker_finds_images_without_a_description():
    page = (f'<img src="a.png" alt="{DEFAULT_ALT}"><img src="b.png"><img src="c.png" alt=" ">'
            '<img src="d.png" alt="条形图：2016年分行业产值。">')
    assert images_without_description(page) == [DEFAULT_ALT, None, " "]


def test_plan_words_hold_what_the_plan_prints():
    words = plan_words()
    assert {"pta", "gs", "mdi", "hplc"} <= words
    assert "the" not in words and "industry" not in words


# ------------------------------------------------------------------ the built Chinese pages


@pytest.fixture(scope="session")
def zh_pages(tmp_path_factory) -> dict[str, str]:
    """Every Chinese report, built once for the session: page path -> HTML."""
    out = tmp_path_factory.mktemp("language_site")
    results = build_reports(langs=["zh"], out=out, force=True, quiet=True, notebook_dir=ROOT / "notebooks")
    failed = [f"{r.key}: {r.error} (log: {r.log})" for r in results if r.status != "ok"]
    assert not failed, "reports failed to build:\n  " + "\n  ".join(failed)
    # the report pages (the site's index and sources pages are not notebooks' reports)
    return {f"{r.key}.html": (out / f"{r.key}.html").read_text(encoding="utf-8") for r in results}


ZH_PAGES = ["industry_profile/" + i + ".zh.html" for i in
            ("textile", "chemical", "metal", "huangjiu", "pearl", "bearing", "kitchenware", "motor")] + [
    n + "/zh.html" for n in ("plan_overview", "cross_industry", "implementation_2017", "data_audit",
                             "progress_tracker", "data_dictionary")]


WORD_CHECKED = ZH_PAGES
PUNCT_CHECKED = ZH_PAGES


def test_every_chinese_page_is_checked(zh_pages):
    assert sorted(zh_pages) == sorted(ZH_PAGES), "a Chinese page was added or removed: list it in ZH_PAGES"


@pytest.mark.slow
@pytest.mark.parametrize("page", WORD_CHECKED)
def test_no_english_on_a_chinese_page(zh_pages, page):
    found = foreign_words(zh_pages[page], plan_words() | ALLOWED_WORDS)
    assert not found, (f"{page}: English outside <code> and lang=\"en\" (words the plan does not print): "
                       + ", ".join(f"{w} ×{n}" for w, n in sorted(found.items(), key=lambda x: -x[1])[:40]))


@pytest.mark.slow
@pytest.mark.parametrize("page", PUNCT_CHECKED)
def test_full_width_punctuation_between_chinese(zh_pages, page):
    found = half_width_between_chinese(zh_pages[page])
    assert not found, f"{page}: half-width ; : , between Chinese text: " + " | ".join(found[:20])


@pytest.mark.slow
@pytest.mark.parametrize("page", ZH_PAGES)
def test_every_image_is_described(zh_pages, page):
    html = zh_pages[page]
    alts = PageText(html).alts
    missing = images_without_description(html)
    assert not missing, f"{page}: {len(missing)} of {len(alts)} images without a description: {missing}"
    for alt in alts:  # in the page's language: Chinese, not an English sentence
        assert re.search(f"[{HAN}]", alt), f"{page}: alt text not in Chinese: {alt!r}"


@pytest.mark.slow
@pytest.mark.parametrize("page", ZH_PAGES)
def test_numbers_as_the_plan_prints_them(zh_pages, page):
    found = number_style_defects(zh_pages[page])
    assert not found, f"{page}: numbers not in the plan's style (separator, spurious .0, space before unit): {found[:20]}"


def test_sources_page_writes_the_datas_list_separator_as_chinese_text():
    from shaoxing.build import sources
    row = {"goal_zh": "时尚纺织之都", "benchmark_regions_zh": "法国巴黎;意大利米兰", "benchmark_regions_en": "Paris;Milan"}
    zh = sources._cells(row, list(row), {}, "zh")
    assert zh == "时尚纺织之都；法国巴黎；意大利米兰" and not half_width_between_chinese(f"<p>{zh}</p>")
