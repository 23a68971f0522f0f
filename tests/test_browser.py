"""The rendered pages work in a real browser, offline: headless Chromium opens them from file://.

A small set of reports (the industry profile of textile and the plan overview, in
English and Chinese) is built with the project's builder; the index and every page
are opened with every request outside the page itself blocked and recorded.  A page
fails on any such request, console error, page error or dialog, any image that did
not load, or, on a Chinese page, an embedded CJK font face that did not load or is
not the font the Chinese text is drawn with.  Full-page screenshots are saved in the
test's temporary folder (the path is printed).

Needs /usr/bin/chromium (Debian's ``chromium``); skipped with the reason where it is absent.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from conftest import launch_chromium, open_offline, skip_without_chromium
from shaoxing.reports import FONT_FAMILY_CSS, build_reports

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
def site(tmp_path_factory):
    """The small set of reports, built once (where there is a browser to open them)."""
    skip_without_chromium()
    out = tmp_path_factory.mktemp("browser_site")
    results = build_reports(notebooks=["industry_profile", "plan_overview"], industries=["textile"],
                            out=out, force=True, quiet=True, notebook_dir=ROOT / "notebooks")
    failed = [f"{r.key}: {r.error} (log: {r.log})" for r in results if r.status != "ok"]
    assert not failed, "reports failed to build:\n  " + "\n  ".join(failed)
    shots = out / "screenshots"
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
