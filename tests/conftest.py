"""Shared fixtures: the packaged data, a writable copy of it for breaking things, and headless Chromium."""

from __future__ import annotations

import contextlib
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest

import shaoxing as sx

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def data_path() -> Path:
    return sx.data_dir()


@pytest.fixture
def data_copy(tmp_path, data_path) -> Path:
    """A copy of data/ in a temporary folder, for tests that break a file."""
    dest = tmp_path / "data"
    shutil.copytree(data_path, dest)
    return dest


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    """Edit a CSV in place (test helper); fails loudly if ``old`` is absent."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


# Fixture notebooks (some fail on purpose) are inputs of the report-builder
# tests, not notebooks for nbval to run.
collect_ignore_glob = ["fixtures/*"]


# ------------------------------------------------------------------ headless Chromium
#
# Browser tests drive Debian's `chromium` through the playwright package; no
# browser is ever downloaded (`playwright install` is never needed).  Where
# /usr/bin/chromium is absent they are skipped with the reason (shown by -ra).

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage"]


NO_CHROMIUM = (f"browser test skipped: {CHROMIUM} not found; install Debian's chromium "
               "(apt-get install chromium) to run it (.ci/run does)")
needs_chromium = pytest.mark.skipif(not CHROMIUM.is_file(), reason=NO_CHROMIUM)


def skip_without_chromium() -> None:
    if not CHROMIUM.is_file():
        pytest.skip(NO_CHROMIUM)


@contextlib.contextmanager
def launch_chromium():
    """A headless Chromium (playwright Browser), or a skip where /usr/bin/chromium is absent.

    Keep it open only while pages are looked at.
    """
    skip_without_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


class PageVisit:
    """What happened while a page was open from file:// (see :func:`open_offline`)."""

    def __init__(self, path: Path):
        self.path = Path(path)
        self.url = self.path.resolve().as_uri()
        self.outside: list[str] = []  # requests for anything but the page itself (blocked)
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        self.dialogs: list[str] = []  # alert / confirm / prompt: hostile data ran
        self.images: list[dict] = []
        self.fonts: list[dict] = []
        self.html_lang = ""
        self.screenshot: Path | None = None
        self.page = None  # the live playwright Page, while the `with` block runs

    def _route(self, route):
        url = route.request.url
        if url.split("#")[0] == self.url or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            self.outside.append(f"{route.request.method} {url[:200]}")
            route.abort()

    @property
    def broken_images(self) -> list[dict]:
        return [img for img in self.images if not (img["complete"] and img["naturalWidth"] > 0)]

    def problems(self) -> list[str]:
        """Everything a self-contained, script-free page must not do, one line each."""
        out = [f"request outside the page (blocked): {u}" for u in self.outside]
        out += [f"console error: {m}" for m in self.console_errors]
        out += [f"page error: {m}" for m in self.page_errors]
        out += [f"dialog opened: {m}" for m in self.dialogs]
        out += [f"image did not load: <img src={img['src']!r} alt={img['alt']!r}>" for img in self.broken_images]
        out += [f"font face {f['family']!r} status {f['status']!r} (not loaded)"
                for f in self.fonts if f["status"] != "loaded"]
        return out

    def report(self) -> str:
        return f"{self.path} (screenshot: {self.screenshot}):\n  " + "\n  ".join(self.problems())


_IMAGES_JS = """() => Array.from(document.images).map(i => ({
    src: i.getAttribute('src') ? i.getAttribute('src').slice(0, 60) : '', alt: i.alt || '',
    complete: i.complete, naturalWidth: i.naturalWidth}))"""
_FONTS_JS = """async () => { await document.fonts.ready;
    return Array.from(document.fonts).map(f => ({family: f.family.replace(/^["']|["']$/g, ''), status: f.status})); }"""


@contextlib.contextmanager
def open_offline(browser, path: Path, screenshot_dir: Path | None = None):
    """Open ``path`` from file:// in a fresh browser context and yield a :class:`PageVisit`.

    Every request but the page itself (and data: / blob: URLs inside it) is
    aborted and recorded; console errors, page errors and dialogs are recorded
    (dialogs dismissed); once the page and its fonts have loaded, its images and
    font faces are read and a full-page screenshot is saved in ``screenshot_dir``.
    """
    visit = PageVisit(path)
    context = browser.new_context(service_workers="block", viewport={"width": 1280, "height": 900})
    try:
        context.route("**/*", visit._route)
        page = context.new_page()
        page.on("console", lambda m: m.type == "error" and visit.console_errors.append(m.text[:300]))
        page.on("pageerror", lambda e: visit.page_errors.append(str(e)[:300]))

        def on_dialog(dialog):
            visit.dialogs.append(f"{dialog.type}: {dialog.message[:100]}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.goto(visit.url, wait_until="load")
        visit.fonts = page.evaluate(_FONTS_JS)
        visit.images = page.evaluate(_IMAGES_JS)
        visit.html_lang = page.evaluate("document.documentElement.lang")
        if screenshot_dir is not None:
            screenshot_dir.mkdir(parents=True, exist_ok=True)
            rel = visit.path.parent.name + "_" + visit.path.stem
            visit.screenshot = screenshot_dir / f"{rel}.png"
            page.screenshot(path=str(visit.screenshot), full_page=True)
        visit.page = page
        yield visit
    finally:
        visit.page = None
        context.close()


def load_error(data, table) -> sx.DataError:
    """The DataError that loading ``table`` from the folder ``data`` raises (fails if none)."""
    with pytest.raises(sx.DataError) as err:
        sx.load(table, data_dir=data)
    return err.value


class ParsedHtml(HTMLParser):
    """Start tags with attributes, and the text inside each kind of element."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.text_in: dict[str, list[str]] = {}
        self.all_text: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in ("img", "br", "hr", "meta", "link", "col", "input"):
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data):
        self.all_text.append(data)
        for tag in set(self.stack):
            self.text_in.setdefault(tag, []).append(data)

    def text(self, tag: str | None = "body") -> str:
        """The text inside ``tag`` elements (``None``: all the page's text)."""
        return "".join(self.all_text if tag is None else self.text_in.get(tag, []))


# ------------------------------------------------------------------ the full report site, built once
#
# The site tests (tests/test_site.py) and the browser tests open the same full build.
# Under pytest-xdist each worker is its own process: the first to need the site builds
# it under a lock in the run's shared temporary folder, the others wait and reuse it.


@pytest.fixture(scope="session")
def full_site(tmp_path_factory) -> Path:
    """Every report in every language, with the index and the sources pages (built once per run)."""
    import fcntl
    import json

    from shaoxing.reports import build_reports

    import os

    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base  # this run's folder only
    out = shared / "full_site"
    done = shared / "full_site.json"
    with open(shared / "full_site.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            if not done.is_file():
                results = build_reports(out=out, force=True, quiet=True, notebook_dir=ROOT / "notebooks")
                failed = [f"{r.key}: {r.error} (log: {r.log})" for r in results if r.status != "ok"]
                done.write_text(json.dumps(failed))
            failed = json.loads(done.read_text())
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)
    assert not failed, "reports failed to build:\n  " + "\n  ".join(failed)
    return out


# ---------------------------------------------------------------- shared by the builder's tests

FIXTURES = Path(__file__).parent / "fixtures" / "notebooks"
HOSTILE = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>"]


def fixture_notebooks(tmp_path: Path, **names: str) -> Path:
    """A notebooks folder holding fixture ``names[stem] + '.ipynb'`` as ``stem.ipynb``."""
    folder = tmp_path / "notebooks"
    folder.mkdir(exist_ok=True)
    for stem, fixture in names.items():
        shutil.copy(FIXTURES / f"{fixture}.ipynb", folder / f"{stem}.ipynb")
    return folder


def external_references(html: str) -> list[str]:
    """src / href values that would make a request outside the page (data:, #anchors, relative are fine)."""
    bad = []
    for tag, attrs in ParsedHtml(html).tags:
        for name in ("src", "href", "action", "formaction", "poster", "data", "srcset"):
            value = (attrs.get(name) or "").strip()
            if not value:
                continue
            if value.startswith(("data:", "#")):
                continue
            if "://" in value or value.startswith("//") or ":" in value.split("/")[0]:
                bad.append(f"<{tag} {name}={value[:60]}>")
    lowered = html.lower()
    if "@import" in lowered:
        bad.append("@import")
    for chunk in lowered.split("url(")[1:]:
        if not chunk.lstrip("'\" ").startswith("data:"):
            bad.append("url(" + chunk[:40])
    return bad


def make_unreadable(monkeypatch, target: Path) -> None:
    """Reading ``target`` raises PermissionError, as a file without read permission does (even for root)."""
    real = Path.read_bytes

    def read_bytes(self):
        if self == target:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
