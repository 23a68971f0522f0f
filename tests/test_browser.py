"""The rendered pages work in a real browser, offline: headless Chromium opens them from file://.

The full site (conftest.full_site) is built with the project's builder; the index and
four pages (the textile profile and the plan overview, in English and Chinese) are opened with every request outside the page itself blocked and recorded.  A page
fails on any such request, console error, page error or dialog, any image that did
not load, or, on a Chinese page, an embedded CJK font face that did not load or is
not the font the Chinese text is drawn with.  Full-page screenshots are saved in the
test's temporary folder (the path is printed).

Needs /usr/bin/chromium (Debian's ``chromium``); skipped with the reason where it is absent.
"""

from __future__ import annotations

import contextlib
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import launch_chromium, open_offline, skip_without_chromium
from shaoxing.reports import FONT_FAMILY_CSS

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
PAGES = ["industry_profile/textile.en.html", "industry_profile/textile.zh.html",
         "plan_overview/en.html", "plan_overview/zh.html"]
_CJK = re.compile("[\u3400-\u9fff]")


class _Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


@pytest.fixture(scope="module")
def site(request, tmp_path_factory):
    """The full report site (conftest.full_site, built once per run), where there is a browser to open it."""
    skip_without_chromium()
    out = request.getfixturevalue("full_site")
    shots = tmp_path_factory.mktemp("browser_shots")
    print(f"\nbrowser: pages in {out}, screenshots in {shots}")
    return {"out": out, "shots": shots}


@pytest.fixture(scope="module")
def browser(site):
    """Headless Chromium, opened after the reports are built (see conftest.launch_chromium)."""
    with launch_chromium() as chromium:
        yield chromium


def test_index_links_every_built_page_and_nothing_outside(site):
    out = site["out"]
    hrefs = _Links((out / "index.html").read_text(encoding="utf-8")).hrefs
    for page in PAGES:
        assert page in hrefs, f"index.html does not link {page}"
    for href in hrefs:
        assert "://" not in href and not href.startswith("//"), f"index.html links outside: {href}"
        if not href.startswith("#"):
            assert (out / href.split("#")[0]).is_file(), f"index.html links {href}, which does not exist"


@pytest.mark.parametrize("page", ["index.html"] + PAGES)
def test_page_works_offline(site, browser, page):
    with open_offline(browser, site["out"] / page, site["shots"]) as visit:
        assert not visit.problems(), visit.report()
        assert visit.screenshot is not None and visit.screenshot.stat().st_size > 0
        text = visit.page.inner_text("body")
        assert len(text) > 200, f"{page}: the page shows almost no text:\n{text[:500]}"
        if page != "index.html":
            assert visit.images, f"{page}: no chart was shown"
        page_is_zh = visit.html_lang.startswith("zh")
        assert page_is_zh == (".zh." in page or page.endswith("/zh.html")), (
            f"{page}: <html lang={visit.html_lang!r}>")
        if page_is_zh or _CJK.search(text):
            _assert_cjk_font_used(visit, page)


def _assert_cjk_font_used(visit, page: str) -> None:
    """The embedded face loaded, and Chinese text is drawn with it (not a system font or boxes)."""
    faces = [f for f in visit.fonts if f["family"] == FONT_FAMILY_CSS]
    assert faces, f"{page}: no @font-face {FONT_FAMILY_CSS!r} (fonts: {visit.fonts})"
    assert all(f["status"] == "loaded" for f in faces), f"{page}: {FONT_FAMILY_CSS!r} faces: {faces}"
    selector = "h1" if visit.html_lang.startswith("zh") else "[lang^=zh]"
    sample = visit.page.inner_text(selector)
    cjk = "".join(_CJK.findall(sample))
    assert cjk, f"{page}: no Chinese text in {selector}: {sample!r}"
    assert visit.page.evaluate("([family, text]) => document.fonts.check(`16px \"${family}\"`, text)",
                               [FONT_FAMILY_CSS, cjk]), f"{page}: {FONT_FAMILY_CSS!r} cannot draw {cjk!r}"
    # what Chromium actually used to draw the element (CDP: CSS.getPlatformFontsForNode)
    cdp = visit.page.context.new_cdp_session(visit.page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    used = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
    assert any(f["isCustomFont"] and f["glyphCount"] > 0 for f in used), (
        f"{page}: the Chinese text of <{selector}> is not drawn with the embedded font: {used}")


# ------------------------------------------------------------------ a reviewer's walk through the site (issue 14)


@contextlib.contextmanager
def _walk(browser, root: Path, width: int = 1280):
    """A browser context that may open any file of the site and nothing else (other requests recorded)."""
    context = browser.new_context(service_workers="block", viewport={"width": width, "height": 900},
                                  accept_downloads=True)
    outside: list[str] = []
    inside = root.resolve().as_uri() + "/"

    def route(r):
        url = r.request.url
        if url.startswith(inside) or url.startswith(("data:", "blob:")):
            r.continue_()
        else:
            outside.append(url[:200])
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)[:200]))
    try:
        yield page, outside, errors
    finally:
        context.close()


def _lands_at(page, url_end: str, selector: str) -> None:
    """The page at ``url_end`` has loaded and shows ``selector`` at the top of the window."""
    page.wait_for_url(lambda url: url.endswith(url_end), timeout=15000)
    page.wait_for_load_state("load")
    try:
        page.wait_for_function("""s => { const e = document.querySelector(s);
            return e !== null && e.getBoundingClientRect().top >= 0 && e.getBoundingClientRect().top < 80; }""",
                               arg=selector, timeout=10000)
    except Exception:
        top = page.evaluate("s => { const e = document.querySelector(s); return e && e.getBoundingClientRect().top; }",
                            selector)
        raise AssertionError(f"{page.url}: {selector} is not at the top of the window (top: {top})") from None


def test_reviewer_walks_contents_language_switch_and_plan_line(site, browser):
    """Index -> textile in Chinese -> a contents entry -> the same section in English -> back ->
    a plan-line link lands on that line of the sources page, highlighted -> the CSV behind the chart."""
    out = site["out"]
    with _walk(browser, out) as (page, outside, errors):
        page.goto((out / "index.html").resolve().as_uri())
        page.click('a[href="industry_profile/textile.zh.html"]')
        _lands_at(page, "/industry_profile/textile.zh.html", "nav.sx-nav")
        # contents: the third entry, and the page scrolled to its heading
        entry = page.locator(".sx-contents a").nth(2)
        anchor = entry.get_attribute("href")
        heading_zh = page.inner_text(anchor).split("¶")[0].strip()
        entry.click()
        _lands_at(page, f"textile.zh.html{anchor}", anchor)
        # the same section in English (the heading's own language link, shown on hover)
        page.hover(anchor)
        page.click(f"{anchor} .sx-twin")
        _lands_at(page, f"textile.en.html{anchor}", anchor)
        heading_en = page.inner_text(anchor).split("¶")[0].strip()
        assert heading_en and not _CJK.search(heading_en) and _CJK.search(heading_zh), (heading_en, heading_zh)
        # the header's switch goes back to the Chinese page, at the section the reader is in
        page.click("nav.sx-nav a.sx-lang")
        _lands_at(page, f"/industry_profile/textile.zh.html{anchor}", anchor)
        # a plan-line reference under a chart: lands on that line of the sources page, highlighted
        link = page.locator(".sx-data-source a.sx-line").first
        href = link.get_attribute("href")
        line = href.split("#L")[1]
        link.click()
        _lands_at(page, f"/sources/zh.html#L{line}", f"#L{line}")
        assert page.evaluate("document.querySelector('tbody:target').id") == f"L{line}"
        colour = page.evaluate("getComputedStyle(document.querySelector('tbody:target td')).backgroundColor")
        assert colour == "rgb(255, 241, 168)", f"the target line is not highlighted: {colour}"
        page.screenshot(path=str(site["shots"] / f"sources_zh_L{line}.png"))
        # back to the profile; download the CSV behind the output chart (2016 output by segment)
        page.go_back()
        page.wait_for_url(lambda url: "/industry_profile/textile.zh.html" in url)
        page.wait_for_load_state("load")
        csv_link = page.locator("p.sx-data-chart a").first
        with page.expect_download() as dl:
            csv_link.click()
        data = Path(dl.value.path()).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf"), "CSV without a byte-order mark"
        text = data.decode("utf-8-sig")
        assert "产值（亿元）" in text.splitlines()[0] and "纺织机械" in text
        assert not outside, f"requests outside the site: {outside}"
        assert not errors, errors


def test_chinese_page_prints_on_a4(site, browser):
    """Print the Chinese textile profile to PDF: contents and navigation hidden, nothing wider than A4.

    The PDF (and, where poppler's pdftoppm is installed, PNGs of its first pages) are kept
    with the screenshots for a person to look at.
    """
    import shutil
    import subprocess

    out, shots = site["out"], site["shots"]
    with _walk(browser, out, width=760) as (page, outside, errors):
        page.goto((out / "industry_profile" / "textile.zh.html").resolve().as_uri())
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.sx-contents', 'nav.sx-nav', '.sx-data']
            .map(s => document.querySelector(s)).map(e => e && getComputedStyle(e).display)""")
        assert hidden == ["none", "none", "none"], hidden
        pdf = shots / "textile.zh.pdf"
        page.pdf(path=str(pdf), format="A4", print_background=True, prefer_css_page_size=True)
        wide = page.evaluate("""() => { const w = document.querySelector('.sx-page').clientWidth;
            return Array.from(document.querySelectorAll('img, table, .sx-block'))
              .filter(e => e.getBoundingClientRect().width > w + 1).map(e => e.tagName + ' ' + e.className); }""")
        assert not wide, f"wider than the printed page: {wide}"
        assert not outside
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page>") + \
        len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 3
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "4", str(pdf), str(shots / "textile.zh.print")],
                       check=True, timeout=120)
        assert list(shots.glob("textile.zh.print*.png"))


@pytest.mark.parametrize("page_name", ["industry_profile/textile.zh.html", "data_audit/zh.html",
                                       "implementation_2017/zh.html", "progress_tracker/zh.html"])
def test_no_chinese_table_column_wraps_one_character_per_line(site, browser, page_name):
    out = site["out"]
    with _walk(browser, out, width=900) as (page, outside, errors):
        page.goto((out / page_name).resolve().as_uri())
        squeezed = page.evaluate("""() => Array.from(document.querySelectorAll('main td, main th')).map(c => {
              const text = c.innerText.trim(); const r = document.createRange(); r.selectNodeContents(c);
              const tops = new Set(Array.from(r.getClientRects()).filter(x => x.width > 0)
                                   .map(x => Math.round(x.top)));
              return {text: text.slice(0, 30), chars: text.replace(/\\s/g, '').length, lines: tops.size};
            }).filter(c => c.chars >= 3 && c.lines >= c.chars)""")
        assert not squeezed, f"{page_name}: cells wrapping a character a line: {squeezed[:5]}"


@pytest.mark.parametrize("page_name", ["industry_profile/pearl.zh.html", "industry_profile/pearl.en.html"])
def test_plan_line_link_under_a_chart_reads_as_the_charts_own_source_line(site, browser, page_name):
    """The plan-line link beside a CSV link is inline text: no download mark before it, no gap after it,
    so the line under the chart reads 第933-979行 (Chinese never spaces a number from 第 / 行), lines 933-979."""
    out = site["out"]
    with _walk(browser, out) as (page, outside, errors):
        page.goto((out / page_name).resolve().as_uri())
        links = page.evaluate("""() => Array.from(document.querySelectorAll('.sx-data-source a.sx-line')).map(a => ({
              before: getComputedStyle(a, '::before').content, after: getComputedStyle(a, '::after').content,
              margin: getComputedStyle(a).marginRight, left: getComputedStyle(a).marginLeft,
              text: a.parentElement.innerText}))""")
        assert links, f"{page_name}: no plan-line link under a chart or table"
        for link in links:
            assert link["before"] in ("none", "normal") and link["after"] in ("none", "normal"), link
            assert link["margin"] == "0px" and link["left"] == "0px", link
        if ".zh." in page_name:
            assert all(re.search(r"第\d+(-\d+)?行", link["text"]) for link in links), links
        # the CSV link itself keeps its download mark
        mark = page.evaluate("getComputedStyle(document.querySelector('.sx-data > a[download]'), '::before').content")
        assert "\u2913" in mark
        assert not outside and not errors


def test_page_language_switch_keeps_the_readers_section(site, browser):
    """The header's language switch follows the reader: scrolled to a section, it opens that section of the
    other-language page; at the top, the other page's top.  Without JavaScript it is a plain link to the page."""
    out = site["out"]
    name = "industry_profile/huangjiu.en.html"
    with _walk(browser, out) as (page, outside, errors):
        page.goto((out / name).resolve().as_uri())
        page.wait_for_load_state("load")
        assert page.get_attribute("nav.sx-nav a.sx-lang", "href") == "huangjiu.zh.html"
        headings = page.evaluate("() => Array.from(document.querySelectorAll('main h2[id^=\"sec-\"], "
                                 "main h3[id^=\"sec-\"]')).map(h => h.id)")
        assert len(headings) >= 4, headings
        target = headings[3]
        page.evaluate("id => document.getElementById(id).scrollIntoView()", target)
        page.wait_for_function("id => document.querySelector('nav.sx-nav a.sx-lang').getAttribute('href')"
                               " === 'huangjiu.zh.html#' + id", arg=target, timeout=5000)
        page.click("nav.sx-nav a.sx-lang")
        _lands_at(page, f"/industry_profile/huangjiu.zh.html#{target}", f"#{target}")
        # and back again from the Chinese page, still at the same section
        page.click("nav.sx-nav a.sx-lang")
        _lands_at(page, f"/industry_profile/huangjiu.en.html#{target}", f"#{target}")
        assert not outside and not errors, (outside, errors)
    context = browser.new_context(java_script_enabled=False)
    try:
        plain = context.new_page()
        plain.goto((out / name).resolve().as_uri())
        assert plain.get_attribute("nav.sx-nav a.sx-lang", "href") == "huangjiu.zh.html"
    finally:
        context.close()


@pytest.mark.parametrize("page_name", ["sources/en.html", "sources/zh.html"])
def test_the_sources_table_fits_the_page(site, browser, page_name):
    """Long row ids (all.2020.strategic_emerging_industries_value_added_share_pct) wrap instead of pushing the
    sources table past the page's text column."""
    out = site["out"]
    with _walk(browser, out, width=1200) as (page, outside, errors):
        page.goto((out / page_name).resolve().as_uri())
        widths = page.evaluate("""() => { const t = document.querySelector('table.sx-sources');
              const m = t.parentElement.getBoundingClientRect();
              return {table: Math.round(t.getBoundingClientRect().width), column: Math.round(m.width),
                      page: document.documentElement.scrollWidth, view: window.innerWidth}; }""")
        assert widths["table"] <= widths["column"] + 1 and widths["page"] <= widths["view"], widths
