"""An executed notebook as a page: safe, offline HTML with the site's header and footer.

Pages hide all code and prompts, drop cells tagged ``remove-cell`` (and
``parameters`` / ``injected-parameters``) and the outputs of ``remove-output``,
sanitize HTML and Markdown (markup in data shows as text and runs nothing; an
``<img>`` or external link inside HTML / Markdown is not kept: show figures as
image outputs), embed images as data: URLs, load nothing from outside, and embed
a WOFF2 subset of the CJK font with only the characters the page uses.
"""

from __future__ import annotations

import datetime as _dt
import re
from pathlib import Path

from .. import __version__
from ..i18n import PLAN_TITLE
from .checks import text_of
from . import site_nav, sources
from .cjkfont import embed_font
from .plan import Report
from .state import TEMPLATE_DIR, write_atomic

TEMPLATE_NAME = "shaoxing_report"
HTML_LANG = {"en": "en", "zh": "zh-CN"}
LANG_NAMES = {"en": "English", "zh": "中文"}
# The words of the page chrome (header and footer), in both languages.
LABELS = {
    "back": {"en": "All reports", "zh": "全部报告"},
    "industry": {"en": "Industry", "zh": "产业"},
    "lang": {"en": "Language", "zh": "语言"},
    # {when}, {version}, {notebook}, {params} come wrapped as code (identifiers; the template sets them in <code>)
    "built": {"en": "Built {when} by shaoxing {version}.", "zh": "生成于{when}（协调世界时），程序包版本{version}。"},
    "from": {"en": "Executed from the notebook {notebook} with {params}.",
             "zh": "由笔记本{notebook}执行，参数为{params}。"},
    "offline": {"en": "This page is self-contained: it loads nothing from the network.",
                "zh": "本页自成一体，不从网络加载任何内容。"},
}

# ------------------------------------------------------------------ HTML: sanitizing

_ALLOWED_TAGS = frozenset("""
    a abbr b blockquote br caption cite code col colgroup dd del details dfn div dl dt em
    figcaption figure h1 h2 h3 h4 h5 h6 hr i ins kbd li mark ol p pre q s samp small span
    strong sub summary sup table tbody td tfoot th thead time tr u ul var
""".split())
_ALLOWED_CSS = frozenset({"text-align", "vertical-align", "white-space", "font-weight", "font-style",
                          "color", "background-color", "width", "min-width", "max-width"})
_STYLE_ELEMENT = re.compile(r"<style\b[^>]*>.*?</style\s*>", re.S | re.I)
_CLEANER = None


def _allowed_attribute(tag: str, name: str, value: str) -> bool:
    if name in ("class", "id", "title", "lang", "dir"):
        return True
    if name == "href":  # in-page anchors only: nothing leaves the page
        return tag == "a" and value.strip().startswith("#")
    if name == "style":
        return True  # filtered by the CSS sanitizer: a few layout properties, no url()
    if tag in ("td", "th"):
        return name in ("colspan", "rowspan", "align", "scope")
    if tag in ("col", "colgroup"):
        return name == "span"
    if tag == "ol":
        return name in ("start", "type")
    return False


def sanitize_html(markup) -> str:
    """Make output HTML safe to show: known tags and attributes kept, anything else shown as text.

    Tables, headings, lists and in-page links survive; ``<script>``, ``<img onerror>``,
    ``<iframe>`` and the like are escaped, so the reader sees them as text; links and
    styles that would load something from outside are dropped.  ``<style>`` blocks
    (pandas writes one before every DataFrame) are removed: the page's own CSS styles
    tables.  Used as nbconvert's ``clean_html`` filter; images never pass through here
    (PNG outputs are embedded as data: URLs by the template).
    """
    global _CLEANER
    if _CLEANER is None:
        from bleach.css_sanitizer import CSSSanitizer
        from bleach.sanitizer import Cleaner
        _CLEANER = Cleaner(tags=_ALLOWED_TAGS, attributes=_allowed_attribute, protocols=frozenset(),
                           strip=False, strip_comments=True,
                           css_sanitizer=CSSSanitizer(allowed_css_properties=_ALLOWED_CSS))
    text = markup.decode() if isinstance(markup, bytes) else str(markup)
    return _CLEANER.clean(_STYLE_ELEMENT.sub("", text))



def site_css() -> str:
    return (TEMPLATE_DIR / "site.css").read_text(encoding="utf-8")


# ------------------------------------------------------------------ HTML: pages

_EXPORTER = None


def _page_exporter_class():
    """nbconvert's HTMLExporter less its last step, which costs a quarter of a page's time.

    ``HTMLExporter.from_notebook_node`` ends by parsing the whole page with BeautifulSoup
    to give the outputs inside a ``.jp-Notebook`` element ``tabindex="0"`` and every image
    without one a stock alt text, and serializing it again.  These pages have no
    ``.jp-Notebook`` element (the template lays them out) and every image has its own alt
    text (``shaoxing.display.show``), so that pass changes nothing but the markup's
    spelling.  The rest is HTMLExporter's own preparation, in its order;
    ``tests/test_build_page.py`` checks that a page is the one HTMLExporter writes.
    """
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            if not (hasattr(self, "_init_resources") and hasattr(self, "_nb_metadata")):
                return super().from_notebook_node(nb, resources, **kw)  # another nbconvert: its own way
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code", self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return PageExporter


def exporter(standard: bool = False):
    """The page exporter (``standard``: nbconvert's own HTMLExporter, configured alike; for tests)."""
    global _EXPORTER
    if _EXPORTER is None or standard:
        from nbconvert import HTMLExporter
        from traitlets.config import Config

        c = Config()
        c.HTMLExporter.template_name = TEMPLATE_NAME
        c.HTMLExporter.extra_template_basedirs = [str(TEMPLATE_DIR)]
        c.HTMLExporter.exclude_input = True
        c.HTMLExporter.exclude_input_prompt = True
        c.HTMLExporter.exclude_output_prompt = True
        c.HTMLExporter.sanitize_html = True
        c.HTMLExporter.filters = {"clean_html": sanitize_html}
        # what may be shown, best first: nothing that needs a script or a CDN
        c.NbConvertBase.display_data_priority = [
            "text/html", "text/markdown", "image/svg+xml", "image/png", "image/jpeg", "text/plain"]
        c.TagRemovePreprocessor.enabled = True
        c.TagRemovePreprocessor.remove_cell_tags = {"remove-cell", "parameters", "injected-parameters"}
        c.TagRemovePreprocessor.remove_all_outputs_tags = {"remove-output"}
        c.TagRemovePreprocessor.remove_input_tags = {"remove-input"}
        c.CSSHTMLHeaderPreprocessor.enabled = False  # code highlighting CSS: there is no code
        if standard:
            return HTMLExporter(config=c)
        try:
            _EXPORTER = _page_exporter_class()(config=c)
        except (ImportError, AttributeError):  # another nbconvert: its own exporter, a little slower
            _EXPORTER = HTMLExporter(config=c)
    return _EXPORTER


def _repeated_title(nb, heading: str):
    """Where the notebook's first top-level Markdown heading only repeats the page's heading:
    ``(cell index, output index, what the output keeps or None)``; None if it does not."""
    want = " ".join(heading.split())
    for c, cell in enumerate(nb.cells):
        for i, out in enumerate(cell.get("outputs", [])):
            text = text_of((out.get("data") or {}).get("text/markdown", "")).strip()
            if not text:
                continue
            first = text.splitlines()[0]
            if first.startswith("# ") and " ".join(re.sub(r"\\(.)", r"\1", first[2:]).split()) == want:
                return c, i, (None if text == first else text[len(first):].lstrip("\n"))
            return None  # only the first Markdown output can be the title
    return None


def _drop_repeated_title(nb, heading: str) -> None:
    """Remove the notebook's first top-level Markdown heading if it only repeats the page's heading.

    A notebook opens with its title (for readers in JupyterLab); the page header
    already shows it, so the page would show it twice.
    """
    found = _repeated_title(nb, heading)
    if found is not None:
        c, i, rest = found
        if rest is None:
            del nb.cells[c].outputs[i]
        else:
            nb.cells[c].outputs[i]["data"]["text/markdown"] = rest


def render_page(nb, page: dict, cache_dir: Path | None = None) -> str:
    """The HTML of an executed notebook; ``page`` holds the header and footer fields (see page_info)."""
    import copy

    sx = dict(page, css=site_css())
    found = _repeated_title(nb, page["heading"]) if page.get("heading") else None
    if found is not None:  # the caller's notebook stays as it is: only the cell that changes is copied
        c = found[0]
        nb = copy.copy(nb)
        nb.cells = list(nb.cells)
        nb.cells[c] = copy.deepcopy(nb.cells[c])
        _drop_repeated_title(nb, page["heading"])
    body, _ = exporter().from_notebook_node(nb, resources={"sx": sx})
    body = site_nav.finish_page(body, page.get("nav"))  # issue 14: contents, language switch, links
    return embed_font(body, cache_dir)


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")


def fmt_time(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        when = _dt.datetime.fromisoformat(iso).astimezone(_dt.timezone.utc)
    except ValueError:
        return iso
    return when.strftime("%Y-%m-%d %H:%M UTC")


def page_info(report: Report, industry_names: dict[str, dict[str, str]], lines: tuple | None = None) -> dict:
    """Header and footer fields of a report page (everything but the build time)."""
    lang = report.page_lang
    other = "zh" if lang == "en" else "en"
    title = report.notebook.title_in(lang)
    params = []
    heading = title
    if report.industry is not None:
        name = industry_names.get(report.industry, {}).get(lang) or report.industry
        params.append((LABELS["industry"][lang], name, report.industry))
        heading = f"{title}：{name}" if lang == "zh" else f"{title}: {name}"
    if report.lang is not None:
        params.append((LABELS["lang"][lang], LANG_NAMES[report.lang], report.lang))
    shown = ", ".join(f"{k}={v}" for k, v in report.parameters.items()) or "defaults"
    return {
        "html_lang": HTML_LANG[lang],
        "lang": lang,
        "version": __version__,
        "page_title": heading,
        "heading": heading,
        "plan": PLAN_TITLE[lang],
        "plan_alt": PLAN_TITLE[other],
        "plan_alt_lang": HTML_LANG[other],
        "params": params,
        "back_href": "../index.html",
        "labels": {k: v[lang] for k, v in LABELS.items()},
        "footer_from": LABELS["from"][lang].format(notebook=_code(report.notebook.name + ".ipynb"),
                                                   params=_code(shown)),
        "nav": site_info(report, industry_names, lines),
    }


# ---- issue 14: a page's links to its twin, its neighbours and the sources page (see site_nav, sources)

SOURCES_DIR = "sources"
SOURCES_LINK = {"en": "Plan lines cited", "zh": "方案原文引用"}


def site_info(report: Report, industry_names: dict[str, dict[str, str]], lines: tuple | None = None) -> dict:
    """The ``nav`` of :func:`site_nav.finish_page` for a report; ``lines`` is (anchors, ranges) of the
    sources page (:func:`sources.anchors`, :func:`sources.spans`)."""
    import dataclasses

    lang = report.page_lang
    anchors, ranges = lines or ([], [])
    nav = {"lang": lang, "back": ("../index.html", LABELS["back"][lang]), "lines": list(anchors),
           "ranges": [list(r) for r in ranges], "sources": (f"../{SOURCES_DIR}/{lang}.html", SOURCES_LINK[lang])}
    if report.lang is not None:
        other = "zh" if lang == "en" else "en"
        twin = dataclasses.replace(report, lang=other)
        nav["twin"] = (f"{twin.name}.html", LANG_NAMES[other], HTML_LANG[other])
    if report.industry is not None and report.industry in industry_names:
        order = list(industry_names)
        k = order.index(report.industry)
        for key, j in (("prev", k - 1), ("next", k + 1)):
            if 0 <= j < len(order):
                near = dataclasses.replace(report, industry=order[j])
                nav[key] = (f"{near.name}.html", industry_names[order[j]].get(lang) or order[j])
    return nav


def write_sources(out: Path, data_dir, entries: list[dict] | None = None) -> list[Path]:
    """Write ``out/sources/<lang>.html`` for every language (see :mod:`shaoxing.build.sources`)."""
    from ..params import LANGS

    entries = sources.collect(data_dir) if entries is None else entries
    written = []
    for lang in LANGS:
        other = "zh" if lang == "en" else "en"
        nav = site_nav.nav_bar({"lang": lang, "back": ("../index.html", LABELS["back"][lang]),
                                "twin": (f"{other}.html", LANG_NAMES[other], HTML_LANG[other])})
        page = sources.page_html(entries, lang, site_css(), nav, (PLAN_TITLE[lang], PLAN_TITLE[other]),
                                 LABELS["offline"][lang])
        path = Path(out) / SOURCES_DIR / f"{lang}.html"
        write_atomic(path, embed_font(page, Path(out) / ".cache" / "fonts"))
        written.append(path)
    return written


CODE_MARK = "\x1f"  # footer text between two marks is an identifier: the template sets it in <code>


def _code(text: str) -> str:
    return f"{CODE_MARK}{text}{CODE_MARK}"


def footer(page: dict, built_at: str) -> list[str]:
    lang = page["lang"]
    when = fmt_time(built_at)
    if lang == "zh":  # the time without 'UTC' (the label says 协调世界时)
        when = when.replace(" UTC", "")
    return [LABELS["built"][lang].format(when=_code(when), version=_code(page["version"])),
            page["footer_from"], LABELS["offline"][lang]]

