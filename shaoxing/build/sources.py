"""The sources page, line by line, and the links to it from every page.

``reports/sources/<lang>.html`` lists every line of the plan that the data cites,
in line order, each with an anchor (``#L216``) and what the data took from that
line: the quote or the cells as printed (Chinese), with the English beside them
on the English page.  It is built from the data package alone
(``datapackage.json`` and the CSV files it names):

* a row cites a line when its table has a row-level line column: ``source_line``
  (or ``plan_line``, the plan line an outcome is set against; ``first_line`` for
  the industries, whose rows are sections of the plan);
* every line range a table's ``source`` names (``line_ranges`` or ``lines``) gets an
  entry at its first line, so a reference to a table's range always lands.

:func:`link_plan_lines` turns every plan-line reference in a page's text
("line 316", "lines 214-534, 540-608", "第316行", "第70-208、65-68行") into links to
the first cited line of each range on the sources page.  The target row is
highlighted with CSS ``:target``: no script.
"""

from __future__ import annotations

import bisect
import csv
import html as _html
import json
import re
from pathlib import Path

LINE_COLUMNS = ("source_line", "plan_line", "first_line")
TITLE = {"en": "Plan lines cited by the data", "zh": "数据引用的方案原文行"}
INTRO = {
    "en": ("Every line of the plan that the data cites, in line order, with what the data took from it: "
           "the quote or the cells as printed in the plan (Chinese) and their English. Line numbers are "
           "those of the plan's full text. A table's line range is listed at its first line; rows that "
           "name their own line are listed at that line."),
    "zh": ("按行号列出数据所引用的方案原文各行，以及数据从该行摘取的内容：原文引文或表格中照录的数值。"
           "行号为方案全文的行号。数据表的引用范围列于其起始行；注明出处行的记录列于该行。"),
}
HEAD = {"en": ("Line", "Table", "Row", "As printed in the plan", "English"),
        "zh": ("行号", "数据表", "记录", "方案原文（照录）", None)}
RANGE_TEXT = {"en": "the whole table draws on lines {a}-{b}", "zh": "数据表引用范围：第{a}-{b}行"}
RANGE_ONE = {"en": "the whole table draws on line {a}", "zh": "数据表引用：第{a}行"}
BY_TABLE = {"en": "By table", "zh": "按数据表"}
LINK_TITLE = {"en": "see what the data took from plan line {n}", "zh": "查看数据从方案第{n}行摘取的内容"}

_SKIP = {"note", "note_zh", "note_en", "source_url", "source_kind", *LINE_COLUMNS, "last_line", "source_lines"}
ROW_SPAN = {"en": "lines {a}-{b}", "zh": "第{a}-{b}行"}


def _e(text) -> str:
    return _html.escape(str(text), quote=True)


# ---------------------------------------------------------------- reading the data package


def _read_rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _as_line(value) -> int | None:
    try:
        n = int(str(value).strip())
    except (TypeError, ValueError):
        return None
    return n if n > 0 else None


def _ranges(source: dict) -> list[tuple[int, int]]:
    spans = source.get("line_ranges") or ([source["lines"]] if source.get("lines") else [])
    out = []
    for span in spans:
        try:
            a, b = int(span[0]), int(span[-1])
        except (TypeError, ValueError, IndexError):
            continue
        out.append((a, b))
    return out


def _key_fields(resource: dict, fields: list[str]) -> list[str]:
    keys = resource.get("schema", {}).get("primaryKey") or []
    keys = [keys] if isinstance(keys, str) else list(keys)
    return keys or [f for f in fields[:2] if not f.endswith(("_zh", "_en"))] or fields[:1]


def _key(keys: list[str], row: dict) -> str:
    return " · ".join(str(row.get(k, "")) for k in keys if row.get(k, "") != "")


def _short_zh(description) -> str | None:
    """A column's Chinese label from its description's first clause ("企业数（家）：规模以上企业数" -> "企业数（家）")."""
    first = re.split("[：；，。]", str(description or ""))[0].strip()
    if first.count("（") != first.count("）"):  # a clause cut inside brackets: drop the bracket
        first = first.split("（")[0].strip()
    return first if first and len(first) <= 14 and "`" not in first else None


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


_CJK_TEXT = re.compile("[\u3400-\u9fff]")


def _cells(row: dict, fields: list[str], titles: dict, want: str, keys=()) -> str:
    """The row's cells as printed (``want='zh'``: Chinese text and numbers) or their English.

    Chinese: every ``*_zh`` cell and every other cell in Chinese, as they are; numbers with
    their column's Chinese title (or the column's name).  English: every ``*_en`` cell with
    its column's title.  Codes (``textile``, ``key``) are left out: the row's key shows them.
    """
    parts = []
    for f in fields:
        v = (row.get(f) or "").strip()
        if f in _SKIP or f in keys or not v:
            continue
        if want == "zh":
            if f.endswith("_en"):
                continue
            if f.endswith("_zh") or _CJK_TEXT.search(v):
                parts.append(v.replace(";", "；"))  # the data's list separator, written as Chinese text writes it
            elif _is_number(v):
                parts.append(f"{titles.get(f) or f}：{v}")
        elif f.endswith("_en"):
            parts.append(f"{titles.get(f) or f}: {v}")
    return ("; " if want == "en" else "；").join(parts)


# tables that record the project's own work about a plan item (the searches for later figures), not text
# taken from the plan: listed by their line range only, never row by row under "as printed in the plan"
LOG_TABLES = frozenset({"outcomes_searched"})


def collect(data_dir: str | Path) -> list[dict]:
    """Every cited line's entries, in line order: ``{"line", "table", "table_zh", "row", "zh", "en", "range"}``."""
    data_dir = Path(data_dir)
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    entries = []
    for res in package.get("resources", []):
        name = res.get("name", "")
        source = res.get("source") or {}
        title_en, title_zh = res.get("title") or name, res.get("title_zh") or res.get("title") or name
        for a, b in _ranges(source):
            entries.append({"line": a, "last": b, "table": name, "title_en": title_en, "title_zh": title_zh,
                            "row": "", "zh": source.get("section_zh") or "", "en": source.get("section_en") or "",
                            "range": True})
        fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
        line_col = next((c for c in LINE_COLUMNS if c in fields), None)
        path = data_dir / res.get("path", "")
        if line_col is None or not path.is_file() or path.is_symlink() or name in LOG_TABLES:
            continue
        titles_en = {f["name"]: f.get("title") or f["name"] for f in res["schema"]["fields"]}
        titles_zh = {f["name"]: f.get("title_zh") or _short_zh(f.get("description_zh")) for f in res["schema"]["fields"]}
        keys = _key_fields(res, fields)
        for row in _read_rows(path):
            line = _as_line(row.get(line_col))
            if line is None:
                continue
            quote = (row.get("quote") or "").strip() if name != "outcomes" else ""
            zh = quote or (row.get("plan_item_zh") or "").strip() or _cells(row, fields, titles_zh, "zh", keys)
            en = (row.get("plan_item_en") or "").strip() or _cells(row, fields, titles_en, "en", keys)
            span = re.fullmatch(r"\s*(\d+)\s*-\s*(\d+)\s*", row.get("source_lines") or "")
            last = int(span.group(2)) if span and int(span.group(1)) == line else _as_line(row.get("last_line"))
            entries.append({"line": line, "last": max(last or line, line), "table": name,
                            "title_en": title_en, "title_zh": title_zh, "row": _key(keys, row),
                            "zh": zh, "en": en, "range": False})
    entries.sort(key=lambda e: (e["line"], not e["range"], e["table"], e["row"]))
    return entries


def anchors(entries: list[dict]) -> list[int]:
    """The sorted line numbers that have an anchor on the sources page."""
    return sorted({e["line"] for e in entries})


# ---------------------------------------------------------------- the page


def page_html(entries: list[dict], lang: str, css: str, nav_html: str = "", plan: tuple[str, str] = ("", ""),
              footer: str = "") -> str:
    """The sources page in ``lang`` (a font slot ``<!--sx-font-face-->`` is left in the head)."""
    en = lang == "en"
    heads = HEAD[lang]
    by_line: dict[int, list[dict]] = {}
    for e in entries:
        by_line.setdefault(e["line"], []).append(e)
    first_of_table: dict[str, tuple[int, str]] = {}
    for e in entries:
        if e["table"] not in first_of_table or e["line"] < first_of_table[e["table"]][0]:
            first_of_table[e["table"]] = (e["line"], e["title_en"] if en else e["title_zh"])
    html_lang = "en" if en else "zh-CN"
    out = [f'<!DOCTYPE html>\n<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
           '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
           f"<title>{_e(TITLE[lang])}</title>\n<style>\n{css}\n</style>\n<!--sx-font-face-->\n</head>\n<body>\n"
           '<div class="sx-page sx-sources-page">\n<header class="sx-header">\n',
           nav_html,
           f'<p class="sx-plan">{_e(plan[0])}<span class="sx-plan-alt" lang="{"zh-CN" if en else "en"}">'
           f"{_e(plan[1])}</span></p>\n<h1>{_e(TITLE[lang])}</h1>\n<p>{_e(INTRO[lang])}</p>\n</header>\n"]
    toc = "".join(f'<li><a href="#L{line}">{_e(title)}</a> <span class="sx-meta-inline">{line}</span></li>'
                  for _, (line, title) in sorted(first_of_table.items(), key=lambda kv: kv[1][0]))
    out.append(f'<nav class="sx-contents" aria-label="{_e(BY_TABLE[lang])}"><p class="sx-contents-title">'
               f"{_e(BY_TABLE[lang])}</p><ol>{toc}</ol></nav>\n")
    out.append('<main class="sx-main">\n<table class="sx-sources">\n<thead><tr>'
               + "".join(f"<th>{_e(h)}</th>" for h in heads if h) + "</tr></thead>\n")
    for line in sorted(by_line):
        rows = by_line[line]
        out.append(f'<tbody id="L{line}">')
        for k, e in enumerate(rows):
            cells = []
            if k == 0:
                cells.append(f'<th scope="rowgroup" rowspan="{len(rows)}" class="sx-lineno">'
                             f'<a href="#L{line}">{line}</a></th>')
            table = e["title_en"] if en else e["title_zh"]
            cells.append(f'<td class="sx-src-table"><span>{_e(table)}</span> <code>{_e(e["table"])}</code></td>')
            if e["range"]:
                cells.append(f'<td class="sx-src-row">{_e((RANGE_ONE if e["line"] == e["last"] else RANGE_TEXT)[lang].format(a=e["line"], b=e["last"]))}</td>')
            else:
                more = (f' <span class="sx-meta-inline">{_e(ROW_SPAN[lang].format(a=e["line"], b=e["last"]))}</span>'
                        if e["last"] > e["line"] else "")
                cells.append(f'<td class="sx-src-row"><code>{_e(e["row"])}</code>{more}</td>')
            cells.append(f'<td class="sx-src-zh" lang="zh-CN">{_e(e["zh"])}</td>')
            if en:
                cells.append(f'<td class="sx-src-en">{_e(e["en"])}</td>')
            out.append("<tr>" + "".join(cells) + "</tr>")
        out.append("</tbody>\n")
    out.append("</table>\n</main>\n")
    if footer:
        out.append(f'<footer class="sx-footer"><p>{_e(footer)}</p></footer>\n')
    out.append("</div>\n</body>\n</html>\n")
    return "".join(out)


# ---------------------------------------------------------------- links from every page

_NUMS = r"\d+(?:\s*[-–—~至]\s*\d+)?"
_EN_REF = re.compile(r"\b(lines?)(\s+)(" + _NUMS + r"(?:(?:,\s*|\s+and\s+)" + _NUMS + r")*)")
_ZH_REF = re.compile(r"(第\s*)(" + _NUMS + r"(?:\s*[、，,]\s*" + _NUMS + r")*)(\s*行)")
_ITEM = re.compile(_NUMS)
_SPLIT = re.compile(r"(<[^>]*>)")


def spans(entries: list[dict]) -> list[tuple[int, int]]:
    """The line ranges of the tables' sources, ``(first, last)``, sorted."""
    return sorted({(e["line"], e["last"]) for e in entries if e["range"]})


def target_line(a: int, b: int, lines: list[int], ranges=()) -> int | None:
    """The first cited line in ``a``..``b`` (``lines`` sorted); failing that, the start of the
    narrowest table range that holds line ``a`` (a line the data covers as part of a range); else None."""
    a, b = min(a, b), max(a, b)
    i = bisect.bisect_left(lines, a)
    if i < len(lines) and lines[i] <= b:
        return lines[i]
    holding = [(last - first, first) for first, last in ranges if first <= a <= last]
    return min(holding)[1] if holding else None


def _link_items(text: str, href: str, lines: list[int], lang: str, ranges=()) -> str:
    def one(m):
        nums = [int(n) for n in re.findall(r"\d+", m.group(0))]
        line = target_line(nums[0], nums[-1], lines, ranges)
        if line is None:
            return m.group(0)
        return (f'<a class="sx-line" href="{_e(href)}#L{line}" '
                f'title="{_e(LINK_TITLE[lang].format(n=line))}">{m.group(0)}</a>')
    return _ITEM.sub(one, text)


def _ref(before: str, items: str, after: str) -> str:
    """A plan-line reference whose numbers became links, kept on one line (第 / 行 / lines never apart from
    their number: 第933-979行, not 第 at a line's end); a list of several (lines 65, 320, 611, …) may still
    break between its items, and one that links nothing stays plain text."""
    if items.count("<a ") != 1 or re.sub(r"<[^>]*>", "", items).strip() != items.split(">", 1)[-1].split("<", 1)[0]:
        return before + items + after
    return f'<span class="sx-ref">{before}{items}{after}</span>'


def link_plan_lines(page: str, href: str, lines: list[int], lang: str = "en", ranges=()) -> str:
    """Plan-line references in the page's text become links to ``href#L<first cited line>``.

    Only text outside tags is touched, never inside ``<a>``, ``<style>``,
    ``<script>``, ``<title>``, ``<code>`` or ``<pre>``; a range with no cited line
    stays text unless a table's range (``ranges``, see :func:`spans`) holds it.  ``href`` is the
    sources page's URL relative to the page.
    """
    if not lines:
        return page
    parts = _SPLIT.split(page)
    skip = 0
    skip_tags = ("a", "style", "script", "title", "code", "pre", "textarea")
    for i, part in enumerate(parts):
        if i % 2 == 1:
            m = re.match(r"<(/?)([a-zA-Z0-9]+)", part)
            if m and m.group(2).lower() in skip_tags and not part.endswith("/>"):
                skip += -1 if m.group(1) else 1
                skip = max(skip, 0)
            continue
        if skip or not part or not any(ch.isdigit() for ch in part):
            continue
        part = _EN_REF.sub(lambda m: _ref(m.group(1) + m.group(2),
                                          _link_items(m.group(3), href, lines, lang, ranges), ""), part)
        part = _ZH_REF.sub(lambda m: _ref(m.group(1), _link_items(m.group(2), href, lines, lang, ranges),
                                          m.group(3)), part)
        parts[i] = part
    return "".join(parts)
