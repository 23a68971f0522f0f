"""reports/index.html: every report of the full default set, with its status and links."""

from __future__ import annotations

import contextlib
from pathlib import Path

from .. import __version__
from ..i18n import PLAN_TITLE
from ..params import LANGS
from .cjkfont import embed_font
from . import site_nav
from .page import HTML_LANG, LANG_NAMES, SOURCES_DIR, fmt_time, site_css, utc_now
from .plan import Notebook, Report, Result, plan_reports
from .state import TEMPLATE_DIR, inputs_digest, last_success, read_meta, report_hash, up_to_date, write_atomic

# what marks an index.html this builder wrote (the template's generator tag)
INDEX_MARK = '<meta name="generator" content="shaoxing '
STATUS_TEXT = {"ok": "ok", "skipped": "up to date", "failed": "failed", "not-built": "not built"}
INDEX_GROUP_PLAN = ("The whole plan", "全方案")

def industry_names(data_dir) -> dict[str, dict[str, str]]:
    try:
        from ..data import load
        table = load("industries", data_dir)
    except Exception:
        return {}
    names = {}
    for rec in table.to_dict("records"):
        names[rec["industry"]] = {lang: str(rec.get(f"name_{lang}") or rec["industry"]) for lang in LANGS}
    return names



def write_index(out: Path, available: dict[str, Notebook], data_dir, run: list[Result],
                names: dict[str, dict[str, str]] | None = None, seconds: float | None = None,
                common: str | None = None) -> Path:
    """Write ``out/index.html``: every report of the full default set, with this run's status.

    Reports this run did not touch show their last recorded status, marked out of date
    when their inputs have changed since (``common`` is :func:`inputs_digest`).
    """
    page = embed_font(index_html(out, available, data_dir, run, names, seconds, common),
                      out / ".cache" / "fonts")
    path = out / "index.html"
    write_atomic(path, page)
    return path


def index_html(out: Path, available: dict[str, Notebook], data_dir, run: list[Result],
                names: dict[str, dict[str, str]] | None, seconds: float | None, common: str | None) -> str:
    """The index page before its font is embedded (see write_index)."""
    import jinja2
    from markupsafe import Markup

    names = names if names is not None else industry_names(data_dir)
    try:
        every = plan_reports(available, data_dir=data_dir)
    except Exception:  # industries unreadable: list what this run built
        every = []
    this_run = {r.key: r for r in run}
    keys = {r.key for r in every}
    every += [r for r in _reports_of(run, available) if r.key not in keys]
    keys = {r.key for r in every}
    every += [r for r in _reports_with_extra_parameters(out, available) if r.key not in keys]
    digests: dict = {}
    if common is None:
        with contextlib.suppress(Exception):
            common = inputs_digest(Path(data_dir) if data_dir is not None else _data_dir())
    cells: dict[str, dict] = {}
    for report in every:
        current = report_hash(report, common, digests) if common else None
        cells[report.key] = _index_cell(report, out, this_run.get(report.key), current)

    groups = []
    plan_rows = [nb for nb in available.values() if not nb.takes_industry]
    industry_rows = [nb for nb in available.values() if nb.takes_industry]
    if plan_rows:
        groups.append({"id": "plan", "title_en": INDEX_GROUP_PLAN[0], "title_zh": INDEX_GROUP_PLAN[1],
                       "industry": None, "rows": _index_rows(plan_rows, None, every, cells)})
    for ind in dict.fromkeys(r.industry for r in every if r.industry is not None):
        nm = names.get(ind, {})
        groups.append({"id": f"industry-{ind}", "title_en": nm.get("en", ind), "title_zh": nm.get("zh"),
                       "industry": ind, "rows": _index_rows(industry_rows, ind, every, cells)})
    groups = [g for g in groups if g["rows"]]

    summary = status_summary([cells[r.key] for r in every if not r.extra],
                             [cells[r.key] for r in every if r.extra])
    if run:
        built = sum(r.status == "ok" for r in run)
        summary += (f" Last run ({fmt_time(utc_now())}"
                    + (f", {seconds:.1f} s" if seconds is not None else "")
                    + f"): {built} built, {sum(r.status == 'skipped' for r in run)} up to date, "
                      f"{sum(r.status == 'failed' for r in run)} failed.")
    lead = _index_lead(available, every, cells, names)  # issue 14: what each report answers, first
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATE_DIR)), autoescape=True,
                             trim_blocks=False)
    return env.get_template("site_index.html.j2").render(
        version=__version__, plan=PLAN_TITLE,
        css=Markup(site_css()), summary=summary, groups=groups,
        langs=list(LANGS), lang_names=LANG_NAMES, built_at=fmt_time(utc_now()), lead=lead,
        sources=[(f"{SOURCES_DIR}/{lang}.html", LANG_NAMES[lang]) for lang in LANGS
                 if (out / SOURCES_DIR / f"{lang}.html").is_file()])


SUMMARY_STATES = ("ok", "out of date", "failed", "not built")


def _state(cell: dict) -> str:
    """One report's state for the summary: ok (its page is current), out of date, failed or not built."""
    if cell["status_class"] == "failed":
        return "failed"
    if cell["status_class"] == "not-built" or not cell.get("page"):
        return "not built"
    return "out of date" if cell.get("stale") else "ok"


def _tally(cells: list[dict]) -> str:
    counts = {s: 0 for s in SUMMARY_STATES}
    for cell in cells:
        counts[_state(cell)] += 1
    return ", ".join(f"{n} {s}" for s, n in counts.items() if n)


def status_summary(defaults: list[dict], extras: list[dict]) -> str:
    """The index's status line: the default set counted on its own (ok, out of date, failed, not built), and
    pages built with other parameters (``--param``) listed apart, never added to the default set's total.

    >>> status_summary([{"status_class": "ok", "page": "a"}] * 2, [{"status_class": "ok", "page": "b", "stale": True}])
    '2 reports: 2 ok. Also 1 page with other parameters (--param): 1 out of date.'
    """
    if not defaults and not extras:
        return "No reports."
    text = f"{len(defaults)} {'report' if len(defaults) == 1 else 'reports'}: {_tally(defaults)}." if defaults \
        else "No report of the default set."
    if extras:
        text += (f" Also {len(extras)} {'page' if len(extras) == 1 else 'pages'} with other parameters (--param): "
                 f"{_tally(extras)}.")
    return text


def _index_lead(available: dict[str, Notebook], every: list[Report], cells: dict, names: dict) -> list[dict]:
    """The index's first list: each report's title, what it answers (en, zh) and its pages."""
    rows = []
    for nb in available.values():
        groups: dict = {}
        for r in every:
            if r.notebook.name != nb.name or r.extra:
                continue
            label = names.get(r.industry, {}) if r.industry else {}
            group = groups.setdefault(r.industry, {"en": label.get("en", r.industry or ""),
                                                   "zh": label.get("zh"), "links": []})
            page = cells[r.key]["page"]
            if page:
                group["links"].append((page, LANG_NAMES.get(r.lang, "open") if r.lang else "open",
                                       HTML_LANG.get(r.lang or "en")))
        rows.append({"id": f"report-{nb.name}", "title_en": nb.title_in("en"), "title_zh": nb.title.get("zh"),
                     "answers": site_nav.report_answers(nb.name), "groups": list(groups.values())})
    return rows


def _reports_of(run: list[Result], available: dict[str, Notebook]) -> list[Report]:
    return [Report(available[r.notebook], r.industry, r.lang, tuple(r.params or ()))
            for r in run if r.notebook in available]


def _reports_with_extra_parameters(out: Path, available: dict[str, Notebook]) -> list[Report]:
    """Reports built earlier with other parameters (``--param``), found by their build records."""
    found = []
    for nb in available.values():
        folder = Path(out) / nb.name
        try:
            records = sorted(folder.glob("*.json"))
        except OSError:
            continue
        for path in records:
            meta = read_meta(path)
            params = meta.get("parameters")
            if not isinstance(params, dict):
                continue
            extra = tuple(sorted((k, v) for k, v in params.items() if k not in ("industry", "lang")))
            if not extra or not all(isinstance(v, (int, float, str, bool, type(None))) for _, v in extra):
                continue
            report = Report(nb, params.get("industry") if nb.takes_industry else None,
                            params.get("lang") if nb.takes_lang else None, extra)
            if report.files(out)["meta"] == path:  # the record is this report's own
                found.append(report)
    return found


def _index_rows(notebooks, industry, every, cells):
    rows = []
    for nb in notebooks:
        mine = [r for r in every if r.notebook.name == nb.name and r.industry == industry]
        for extra in dict.fromkeys(r.extra for r in mine):  # the defaults first, then each variant
            variant = [r for r in mine if r.extra == extra]
            shown = ", ".join(f"{k}={v!r}" for k, v in extra)
            row = {"title_en": nb.title_in("en") + (f" ({shown})" if extra else ""),
                   "title_zh": (nb.title.get("zh") + f"（{shown}）") if nb.title.get("zh") and extra
                   else nb.title.get("zh"), "single": None, "cells": {}}
            if nb.takes_lang:
                row["cells"] = {r.lang: cells[r.key] for r in variant}
            else:
                row["single"] = cells[variant[0].key]
            rows.append(row)
    return rows


def _data_dir():
    from ..data import data_dir
    return data_dir()


def _index_cell(report: Report, out: Path, result: Result | None, current_hash: str | None = None) -> dict:
    files = report.files(out)
    meta = read_meta(files["meta"])
    success = last_success(meta) or {}
    rel = lambda p: p.relative_to(out).as_posix()  # noqa: E731
    page = rel(files["html"]) if files["html"].is_file() else None
    log = rel(files["log"]) if files["log"].is_file() else None
    if result is not None:
        status, error, duration = result.status, result.error, result.duration
    elif meta:
        status, error, duration = meta.get("status", "ok"), meta.get("error"), None
        error = str(error)[:300] if error is not None else None
    else:
        status, error, duration = "not-built", None, None
    if not isinstance(status, str) or status not in STATUS_TEXT:
        status = "failed"
    when, stale = "", False
    if page and success.get("built_at"):
        took = success.get("duration")
        when = f"built {fmt_time(success['built_at'])}" + (f" in {took:.1f} s" if took else "")
        if status == "failed":
            when = f"showing the earlier page, {when}"
        elif result is None and current_hash and success.get("hash") != current_hash:
            when += "; out of date (inputs changed since)"
            stale = True
        elif result is None and up_to_date(files, success["hash"]) is None:
            when += "; out of date (the page was changed since)"
            stale = True
    elif status == "failed" and duration:
        when = f"failed after {duration:.1f} s; no earlier page"
    link_text = LANG_NAMES.get(report.lang, "open") if report.lang else "open"
    return {"page": page, "log": log, "status": STATUS_TEXT[status], "status_class": status,
            "error": error if status == "failed" else None, "when": when, "link_text": link_text, "stale": stale}

