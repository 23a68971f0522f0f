"""Page navigation for the report site: contents, section anchors, language switch, previous / next.

Pure functions of an HTML string (the page nbconvert wrote) and a small ``nav``
dict from the builder; nothing loaded from outside, and one tiny inline script
(:data:`LANG_FOLLOW_JS`, the only script a page has) that keeps the reader's place
when switching language:

* :func:`decorate` gives every h2 / h3 of the page body a stable anchor
  (``sec-1``, ``sec-2``, ... in page order, so the English and the Chinese page
  of a report share them), a "¶" link to it shown on hover, a small link to the
  same section of the other-language page, and puts a contents list (in the
  page's language) before the body and a navigation bar (all reports, the other
  language, previous / next industry) in the header.
* The header's language switch goes to the other-language page as a plain link
  (the page works without JavaScript); where scripts run, :data:`LANG_FOLLOW_JS`
  points it at the section the reader is in as they scroll (``zh.html#sec-3``),
  as the per-section switches do.
* :func:`fold_long_tables` turns a table with several long prose columns (the
  roadmaps: focus area, products, technologies, equipment, benchmarks) into one
  block per row, so no column is squeezed to a character a line.

``nav`` keys (all optional but ``lang``): ``lang``; ``back`` (href, text);
``twin`` (href, text, html lang); ``prev`` / ``next`` (href, text);
``sources`` (href, text).
"""

from __future__ import annotations

import html as _html
import re

CONTENTS = {"en": "Contents", "zh": "目录"}
PREV = {"en": "Previous industry", "zh": "上一个产业"}
NEXT = {"en": "Next industry", "zh": "下一个产业"}
SECTION_IN = {"en": "this section in Chinese", "zh": "本节英文版"}
NAV_LABEL = {"en": "Site", "zh": "站点导航"}

# The page-level language switch follows the reader: its href becomes the twin page at the section whose
# heading was last scrolled past (the same sec-N anchors on both pages), or the page's top above the first one.
# No request, no storage, nothing but this link changes; without JavaScript the link goes to the page's top.
LANG_FOLLOW_ID = "sx-lang-follow"
LANG_FOLLOW_JS = (
    "(function(){var a=document.querySelector('nav.sx-nav a.sx-lang');if(!a)return;"
    "var base=a.getAttribute('href').split('#')[0];"
    "var hs=Array.prototype.slice.call(document.querySelectorAll('main h2[id^=\"sec-\"],main h3[id^=\"sec-\"]'));"
    "function follow(){var id='';for(var i=0;i<hs.length;i++){"
    "if(hs[i].getBoundingClientRect().top<=100){id=hs[i].id;}else{break;}}"
    "a.setAttribute('href',id?base+'#'+id:base);}"
    "window.addEventListener('scroll',follow,{passive:true});window.addEventListener('hashchange',follow);"
    "window.addEventListener('load',follow);follow();})();")
LANG_FOLLOW = f'<script id="{LANG_FOLLOW_ID}">{LANG_FOLLOW_JS}</script>'

_HEADING = re.compile(r"<(h[23])\b([^>]*)>(.*?)</\1>", re.S)
_ID = re.compile(r'\s+id="[^"]*"')
_ANCHOR = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_NAV_P = re.compile(r'<p class="sx-nav">.*?</p>', re.S)
_MAIN = '<main class="sx-main">'


def _e(text) -> str:
    return _html.escape(str(text), quote=True)


def _text(fragment: str) -> str:
    return " ".join(_html.unescape(_TAG.sub("", fragment)).split())


_CODE = re.compile(r"<code\b[^>]*>(.*?)</code>", re.S)


def _label_html(fragment: str) -> str:
    """A heading's text as escaped HTML for the contents list, its ``<code>`` identifiers kept as code.

    Everything else is reduced to text (anchor marks, links, other markup), so the
    contents show the heading as the page does: a table's name stays code, which
    marks it as an identifier rather than a word of the page's language.
    """
    parts = _CODE.split(fragment)  # text, code, text, code, ..., text
    out = "".join(f"<code>{_e(_text(p))}</code>" if k % 2 else _e(_html.unescape(_TAG.sub("", p)))
                  for k, p in enumerate(parts))
    return " ".join(out.split())


def headings(page: str) -> list[tuple[str, str, str]]:
    """(level, anchor, text) of every h2 / h3 in the page body, after :func:`decorate`."""
    body = page.split(_MAIN, 1)[-1]
    out = []
    for m in _HEADING.finditer(body):
        anchor = re.search(r'\sid="([^"]*)"', m.group(2))
        out.append((m.group(1), anchor.group(1) if anchor else "", _text(_ANCHOR.sub("", m.group(3)))))
    return out


def nav_bar(nav: dict) -> str:
    """The header's navigation: all reports, the other language, previous / next industry, sources."""
    lang = nav.get("lang", "en")
    items = []
    if nav.get("back"):
        href, text = nav["back"]
        items.append(f'<a class="sx-back" href="{_e(href)}">&larr; {_e(text)}</a>')
    if nav.get("prev"):
        href, text = nav["prev"]
        items.append(f'<a class="sx-prev" rel="prev" href="{_e(href)}" title="{_e(PREV[lang])}">'
                     f'&lsaquo; {_e(text)}</a>')
    if nav.get("next"):
        href, text = nav["next"]
        items.append(f'<a class="sx-next" rel="next" href="{_e(href)}" title="{_e(NEXT[lang])}">'
                     f'{_e(text)} &rsaquo;</a>')
    if nav.get("sources"):
        href, text = nav["sources"]
        items.append(f'<a class="sx-sources" href="{_e(href)}">{_e(text)}</a>')
    if nav.get("twin"):
        href, text, hl = nav["twin"]
        items.append(f'<a class="sx-lang" hreflang="{_e(hl)}" lang="{_e(hl)}" href="{_e(href)}">{_e(text)}</a>')
    return (f'<nav class="sx-nav" aria-label="{_e(NAV_LABEL[lang])}">' + "".join(items) + "</nav>")


def decorate(page: str, nav: dict) -> str:
    """Anchors on the body's h2 / h3, contents before the body, the navigation bar in the header."""
    lang = nav.get("lang", "en")
    head, sep, body = page.partition(_MAIN)
    if not sep:
        return page
    twin = nav.get("twin")
    entries = []
    count = 0

    def fix(m):
        nonlocal count
        count += 1
        level, attrs, inner = m.group(1), _ID.sub("", m.group(2)), _ANCHOR.sub("", m.group(3))
        anchor = f"sec-{count}"
        entries.append((level, anchor, _label_html(inner)))
        extra = f' <a class="sx-anchor" href="#{anchor}" aria-label="§">¶</a>'
        if twin:
            extra += (f' <a class="sx-twin" href="{_e(twin[0])}#{anchor}" hreflang="{_e(twin[2])}"'
                      f' title="{_e(SECTION_IN[lang])}">{_e(twin[1])}</a>')
        return f'<{level} id="{anchor}"{attrs}>{inner}{extra}</{level}>'

    body = _HEADING.sub(fix, body)
    toc = contents_html(entries, lang)
    head = _NAV_P.sub(lambda m: nav_bar(nav), head, count=1) if _NAV_P.search(head) else head
    if twin and entries and "</body>" in body:  # the header's switch keeps the reader's section
        at = body.rindex("</body>")
        body = body[:at] + LANG_FOLLOW + "\n" + body[at:]
    return head + toc + sep + body


def contents_html(entries, lang: str) -> str:
    """A nested contents list: h2 entries, each with its h3 entries beneath.

    ``entries`` are ``(level, anchor, label)``; ``label`` is HTML (escaped text,
    possibly with ``<code>`` spans: see :func:`_label_html`).
    """
    if not entries:
        return ""
    parts = [f'<nav class="sx-contents" aria-label="{_e(CONTENTS[lang])}">'
             f'<p class="sx-contents-title">{_e(CONTENTS[lang])}</p><ol>']
    open_sub = False
    open_item = False
    for level, anchor, label in entries:
        link = f'<a href="#{_e(anchor)}">{label}</a>'
        if level == "h3" and open_item:
            if not open_sub:
                parts.append("<ol>")
                open_sub = True
            parts.append(f"<li>{link}</li>")
            continue
        if open_sub:
            parts.append("</ol>")
            open_sub = False
        if open_item:
            parts.append("</li>")
        parts.append(f"<li>{link}")
        open_item = True
    if open_sub:
        parts.append("</ol>")
    if open_item:
        parts.append("</li>")
    parts.append("</ol></nav>")
    return "".join(parts)


# ---------------------------------------------------------------- long tables

_TABLE = re.compile(r'<table class="sx-table">(.*?)</table>', re.S)
_CAPTION = re.compile(r"<caption>(.*?)</caption>", re.S)
_TH = re.compile(r"<th\b[^>]*>(.*?)</th>", re.S)
_TR = re.compile(r"<tr>(.*?)</tr>", re.S)
_TD = re.compile(r"<td\b[^>]*>(.*?)</td>", re.S)


def _is_long(cells: list[str], lang: str) -> bool:
    """A prose column: its cells are long on average (Chinese characters count double)."""
    def width(c):
        t = _text(c)
        return sum(2 if ord(ch) > 0x2e80 else 1 for ch in t)
    filled = [width(c) for c in cells if _text(c) not in ("", "—")]
    return bool(filled) and sum(filled) / len(filled) > 36


def fold_long_tables(page: str, min_prose: int = 4) -> str:
    """Tables (``sx-table``) with at least ``min_prose`` prose columns become one block per row.

    Each block is headed by the row's first short cells (a number, a group, a name: up to
    three) and lists the other columns as label / text pairs.  The block list
    keeps the table's caption; nothing else of the page changes.
    """
    def fold(m):
        inner = m.group(1)
        heads = [_text(h) for h in _TH.findall(inner)]
        rows = [_TD.findall(r) for r in _TR.findall(inner.split("</thead>", 1)[-1])]
        rows = [r for r in rows if len(r) == len(heads)]
        if not rows or len(heads) < min_prose + 1:
            return m.group(0)
        prose = [k for k in range(len(heads)) if _is_long([r[k] for r in rows], "")]
        if len(prose) < min_prose:
            return m.group(0)
        title_cols = [k for k in range(len(heads)) if k not in prose][:3] or [0]
        cap = _CAPTION.search(inner)
        out = ['<div class="sx-blocks">']
        if cap:
            out.append(f'<p class="sx-blocks-caption">{cap.group(1)}</p>')
        for r in rows:
            named = [r[k] for k in title_cols if _text(r[k]) not in ("", "—")]
            title = " ".join(named[:1]) + (" " + " · ".join(named[1:]) if len(named) > 1 else "")
            out.append(f'<section class="sx-block"><h4 class="sx-block-title">{title}</h4><dl>')
            for k, (h, c) in enumerate(zip(heads, r)):
                if k in title_cols:
                    continue
                out.append(f"<dt>{_e(h)}</dt><dd>{c}</dd>")
            out.append("</dl></section>")
        out.append("</div>")
        return "".join(out)

    return _TABLE.sub(fold, page)


# ---------------------------------------------------------------- links out

_URL = re.compile(r"\bhttps?://[^\s<>\"'，。；）】]+[^\s<>\"'，。；）】.,;:!?)]")
_SPLIT = re.compile(r"(<[^>]*>)")


def link_urls(page: str) -> str:
    """Web addresses in the page's text become links that load nothing until clicked.

    ``rel="noopener noreferrer"`` and no ``target``: the page sends no referrer and
    the opened site gets no handle on it.  Text inside ``<a>``, ``<style>``,
    ``<script>`` and ``<title>`` is left alone (an address in ``<code>`` is linked too).
    """
    parts = _SPLIT.split(page)
    skip = 0
    for i, part in enumerate(parts):
        if i % 2 == 1:
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in ("a", "style", "script", "title", "textarea"):
                skip = max(0, skip + (-1 if m.group(1) else 1))
            continue
        if skip or "://" not in part:
            continue
        parts[i] = _URL.sub(lambda m: f'<a class="sx-ext" href="{m.group(0)}" rel="noopener noreferrer">'
                                      f"{m.group(0)}</a>", part)
    return "".join(parts)


def finish_page(page: str, nav: dict | None) -> str:
    """Everything the site adds to a rendered report page (see the module docstring); ``nav`` as above,
    plus ``lines`` (the sorted line anchors of the sources page) for the plan-line links."""
    from . import sources

    if not nav:
        return page
    page = decorate(page, nav)
    page = fold_long_tables(page)
    if nav.get("sources") and nav.get("lines"):
        page = sources.link_plan_lines(page, nav["sources"][0], nav["lines"], nav.get("lang", "en"),
                                       [tuple(r) for r in nav.get("ranges", ())])
    return link_urls(page)


# ---------------------------------------------------------------- the index: what each report answers

ANSWERS = {
    "industry_profile": {
        "en": "Where each industry stood in 2016, where the plan wants it in 2020 and 2025, and whom it "
              "benchmarks against.",
        "zh": "各产业2016年的基础、方案提出的2020年和2025年目标，以及对标的地区和企业。"},
    "plan_overview": {
        "en": "What the plan's main indicators are, from their 2016 baselines to the 2020 and 2025 targets.",
        "zh": "方案主要指标从2016年基期值到2020年、2025年目标的变化。"},
    "cross_industry": {
        "en": "How the industries compare: their size, their targets and the growth the targets require.",
        "zh": "各产业的规模、目标及实现目标所需增速的横向比较。"},
    "implementation_2017": {
        "en": "What had to be done in 2017, by when, and by which agencies.",
        "zh": "2017年重点工作的内容、完成时限与责任单位。"},
    "data_audit": {
        "en": "How the data was checked against the plan, and what was decided where the plan is unclear.",
        "zh": "数据如何与方案原文逐项核对，以及方案表述不明确之处如何处理。"},
    "progress_tracker": {
        "en": "What public sources report happened after the plan, set against its targets.",
        "zh": "方案发布后公开来源所载的实际进展与方案目标的对照。"},
    "data_dictionary": {
        "en": "Which tables and columns the data has, with their types, units and sources.",
        "zh": "数据包含哪些数据表和字段，及其类型、单位和来源。"},
}


def report_answers(name: str) -> dict[str, str]:
    """What a report answers, one line in each language ({} for a notebook the site does not know)."""
    return dict(ANSWERS.get(name, {}))
