"""What the report pages say: sentences with their numbers and table views, for both languages.

The notebooks are the analysis a reader follows (load a table, call a
function, show a table or chart, say a sentence).  The logic that turns
analysis results into a page's text is the same for English and Chinese
and lives here, tested (tests/test_pages.py): a notebook cell reads
``D.say(pages.ambition_sentence(overview, lang))`` rather than formatting
numbers and choosing columns itself.

Conventions:

- Functions take analysis results (or tables) and ``lang``; they return plain
  text (the notebook's ``D.say`` / ``D.bullets`` escape it) or a
  :class:`TableView` (``D.table`` shows it).
- Money is held in 亿元; English text shows CNY bn, Chinese text 亿元
  (:mod:`shaoxing.i18n`).  Output per firm is shown in CNY m (en) / 亿元 (zh):
  :func:`per_firm_value`.
- What differs between the languages is data here (``{"en": ..., "zh": ...}``
  lookups and :data:`shaoxing.i18n.LABELS`), never a branch in a notebook.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from . import analysis as A
from . import i18n
from .i18n import t
from .params import check_lang
from .views import language_columns, localize

__all__ = [
    "TableView", "clause_sep", "item_sep", "paren", "names", "source_lines", "money_figure", "per_firm_value",
    "per_firm_text", "per_firm_digits", "overview_intro", "indicator_how_to_read", "indicator_tables",
    "ambition_sentence", "ambition_caveats", "missing_sentence", "missing_table", "fibre_heading", "fibre_sentence",
    "recon_lines", "recon_source", "recon_sentences", "recon_table", "recon_caveats", "money_digits", "cross_source",
    "base_sentence", "base_table", "output_scope_notes", "per_firm_chart", "scopes_table", "targets_sentence",
    "scope_warnings", "no_baseline_notes", "targets_table", "not_given_items", "units_text", "sources_of",
    "roles_source", "task_labels", "tasks_table", "timeline_sentence", "month_tables", "roles_sentence",
    "units_count_sentence", "items_table", "load_table", "info_title", "info_description", "segment_names",
    "segment_row_label", "audit_intro", "catalogue_table", "totals_sentence", "totals_table", "shares_sentence",
    "shares_table", "shares_explanations", "prose_sentence", "prose_table", "city_sentence", "city_table",
    "city_chart", "city_outliers_sentence", "implied_table", "mix_sentence", "mix_table", "notes_view",
    "notes_sections", "dictionary_intro", "dictionary_language_notes", "dictionary_sections", "profile_source",
    "structure_sentence", "structure_table", "subsegment_note", "value_added_sentence", "titled", "products_table",
    "facts_table", "growth_sentences", "growth_warnings", "growth_chart", "positioning_sentence",
    "positioning_table", "benchmarks_sentence", "benchmarks_table", "roadmap_table", "standing_sentence",
    "shares_in_prose", "figure_in_year", "progress_intro", "progress_user_notes", "progress_summary",
    "assessment_table", "observations_markdown", "unobserved_intro", "unobserved_table",
]

# -------------------------------------------------------------------------------- small helpers

_CLAUSE_SEP = {"en": ", ", "zh": "，"}      # between parts of one source line / sentence
_ITEM_SEP = {"en": "; ", "zh": "；"}       # between whole items in one sentence
_NUM_SEP = {"en": ", ", "zh": "、"}        # between numbers in a list
_PAREN = {"en": " ({})", "zh": "（{}）"}
_RATIO_SEP = {"en": ":", "zh": "："}        # 18：40：29：13, as the plan prints a ratio (line 316)
_TITLE_NAME = {"en": "{title} — {name}", "zh": "{name}：{title}"}  # a chart title naming the industry
_PER_FIRM_SCALE = {"en": 1000.0, "zh": 1.0}  # 亿元 -> CNY m (en: 0.1 bn = 100 m per 亿元) / 亿元 (zh)
_PER_FIRM_DIGITS = {"en": 0, "zh": 2}


@dataclass
class TableView:
    """A table as a page shows it: the rows, the columns with their headers, and number formats."""

    frame: pd.DataFrame
    columns: dict[str, str]
    digits: dict[str, int] | None = None
    caption: str | None = None
    nowrap: tuple = field(default_factory=tuple)
    lang: str | None = None  # numbers as the page's language writes them (1,297.0 / 1297.0)
    code: tuple = field(default_factory=tuple)  # columns of identifiers, set as code

    def to_html(self) -> str:
        from .display import to_html
        return to_html(self.frame, self.columns, self.digits, self.caption, self.nowrap,
                       lang=self.lang or self.frame.attrs.get("lang", "en"), code=self.code)


def clause_sep(lang: str) -> str:
    """The separator between the parts of one line: ', ' (en) or '，' (zh)."""
    return _CLAUSE_SEP[check_lang(lang)]


def item_sep(lang: str) -> str:
    """The separator between whole items: '; ' (en) or '；' (zh)."""
    return _ITEM_SEP[check_lang(lang)]


def paren(text: str, lang: str) -> str:
    """' (text)' (en) or '（text）' (zh), to append to a word."""
    return _PAREN[check_lang(lang)].format(text)


def names(industries: pd.DataFrame, lang: str) -> dict[str, str]:
    """``{industry id: name}`` in ``lang`` from the ``industries`` table."""
    return dict(zip(industries["industry"], localize(industries, lang)["name"]))


def source_lines(lines, lang: str) -> str:
    """'lines 3, 7, 12' / '第3、7、12行' for a list of line numbers."""
    return t("ov_lines_list", lang, lines=_NUM_SEP[check_lang(lang)].join(str(int(n)) for n in lines))


def _decimals(x: float) -> int:
    """The decimals a figure has (0, 1 or 2): 8000 -> 0, 367.35 -> 2, 800.0 -> 0."""
    if x == round(x):
        return 0
    return 1 if abs(x * 10 - round(x * 10)) < 1e-9 else 2


def money_figure(yi, lang: str) -> str:
    """An amount held in 亿元, in the reader's unit, with only the decimals the figure has.

    8000 亿元 is 'CNY 800 bn' (not 800.00), 4650 亿元 'CNY 465 bn', 3673.5 亿元 'CNY 367.35 bn'.
    """
    if i18n._missing(yi):
        return i18n.money(yi, lang)
    x = float(i18n.money_value(float(yi), lang))
    return i18n.money(yi, lang, digits=_decimals(x))


def per_firm_value(yi, lang: str):
    """Output per firm held in 亿元, in the reader's unit: CNY m (en) or 亿元 (zh); works on Series too."""
    return i18n.money_value(yi, lang) * _PER_FIRM_SCALE[check_lang(lang)]


def per_firm_text(yi, lang: str) -> str:
    """Output per firm as text: 'CNY 196 m' (en) / '1.96 亿元' (zh)."""
    v = per_firm_value(float(yi), lang)  # Chinese as the plan writes a figure: no trailing zero (0.8, not 0.80)
    return t("per_firm_money", lang, v=i18n.number(v, 2, "zh") if lang == "zh" else i18n.number(v, _PER_FIRM_DIGITS[lang]))


def per_firm_digits(lang: str) -> int:
    """Decimals shown for output per firm (whole CNY m in English, 0.01 亿元 in Chinese)."""
    return _PER_FIRM_DIGITS[check_lang(lang)]


def _nos(values, lang: str) -> str:
    return i18n.join_names([str(int(v)) for v in values], lang)


# -------------------------------------------------------------------------------- plan overview


def _is_money(r) -> bool:
    return isinstance(r["unit_zh"], str) and r["unit_zh"] == "亿元"


def _value(r, v, lang: str) -> str:
    """A figure of indicator row ``r`` in the reader's unit (亿元 -> CNY bn in English)."""
    return i18n.figure(i18n.money_value(v, lang), lang) if _is_money(r) else i18n.figure(v, lang)


def _unit_cell(r, lang: str) -> str:
    return i18n.money_unit(lang) if _is_money(r) else i18n.unit(i18n.count_word(r["unit_zh"], r["unit_en"], lang),
                                                                r["unit_en"], lang)


def _change_cell(r, step: str, lang: str) -> str:
    m = r[f"measure_{step}"]
    if r["target_kind"] == "composition":
        return t("ov_cell_composition", lang)
    if m is pd.NA or m is None:
        return t("ov_cell_no_base", lang)
    if m == "cagr":
        return t("ov_cell_cagr", lang, rate=i18n.rate(r[f"change_{step}"], lang=lang))
    if m == "pp_per_year":
        return t("ov_cell_pp", lang, pp=i18n.pp(r[f"change_{step}"], lang))
    base = _value(r, r["baseline"], lang)
    if lang == "zh":  # 352项, 48家: the count with its word
        base += i18n.count_word(r["unit_zh"], r["unit_en"], lang) or ""
    return t("ov_cell_flow_change", lang, ratio=f"{r[f'ratio_{step}']:.2f}", y=int(r["baseline_year"]), base=base)


def _baseline_cell(r, lang: str) -> str:
    if r["target_kind"] == "composition":
        return t("ov_cell_baseline", lang, v=r["baseline_text"], y=int(r["baseline_year"]))
    if pd.isna(r["baseline"]):
        return t("ov_cell_not_printed", lang)
    return t("ov_cell_baseline", lang, v=_value(r, r["baseline"], lang), y=int(r["baseline_year"]))


def _target_cell(r, year: int, lang: str) -> str:
    if r["target_kind"] == "composition":
        return r[f"target_{year}_text"]
    if r["target_kind"] == "annual_increment" and lang == "zh" and isinstance(r.get(f"target_{year}_text"), str):
        return r[f"target_{year}_text"]  # the plan's own cell, with its count word: 年均新增500项
    v = _value(r, r[f"target_{year}"], lang)
    return t("ov_cell_flow_target", lang, v=v) if r["target_kind"] == "annual_increment" else v


def _early(overview: pd.DataFrame) -> pd.DataFrame:
    """Indicators whose baseline is not 2016."""
    return overview[overview["baseline_year"].notna() & (overview["baseline_year"] != 2016)]


def _flows(overview: pd.DataFrame) -> pd.DataFrame:
    return overview[overview["target_kind"] == "annual_increment"]


def overview_intro(overview: pd.DataFrame, lang: str) -> str:
    """The page's opening: how many indicators, in how many categories, with which baseline years."""
    early = _early(overview)
    return t("ov_intro", lang, n=len(overview), k=overview["category_en"].nunique(), n_early=len(early),
             early_year=int(early["baseline_year"].min()) if len(early) else 2016)


def indicator_how_to_read(overview: pd.DataFrame, lang: str) -> str:
    """How to read the indicator tables (which rows are yearly flows, the money unit)."""
    return t("ov_how_to_read", lang, flows=_nos(_flows(overview)["indicator_no"], lang), money=i18n.money_unit(lang))


def indicator_tables(overview: pd.DataFrame, lang: str) -> list[tuple[str, TableView]]:
    """The indicators, one table per category (``[(category, view), ...]``, in the plan's order)."""
    rows = [r for _, r in overview.iterrows()]
    table = localize(overview, lang).assign(
        unit=[_unit_cell(r, lang) for r in rows],
        base=[_baseline_cell(r, lang) for r in rows],
        t2020=[_target_cell(r, 2020, lang) for r in rows],
        t2025=[_target_cell(r, 2025, lang) for r in rows],
        c2020=[_change_cell(r, "2020", lang) for r in rows],
        c2025=[_change_cell(r, "2025", lang) for r in rows],
    )
    cols = {"indicator_no": t("indicator_no", lang), "name": t("indicator", lang), "unit": t("unit", lang),
            "base": t("ov_col_baseline", lang), "t2020": t("ov_col_2020", lang), "t2025": t("ov_col_2025", lang),
            "c2020": t("ov_col_change_2020", lang), "c2025": t("ov_col_change_2025", lang)}
    return [(cat, TableView(g, cols, lang=lang)) for cat, g in table.groupby("category", sort=False)]


def ambition_sentence(overview: pd.DataFrame, lang: str) -> str:
    """Which target is the most and which the least ambitious (2025 as an index of the baseline); "" if none has one."""
    shown = localize(overview.dropna(subset=["index_2025"]), lang)
    if shown.empty:
        return ""
    top = shown.loc[shown["index_2025"].idxmax()]
    low = shown.loc[shown["index_2025"].idxmin()]
    return t("ov_ambition_sentence", lang, top_no=int(top["indicator_no"]), top_name=top["name"],
             top=f"{top['index_2025']:.0f}", low_no=int(low["indicator_no"]), low_name=low["name"],
             low=f"{low['index_2025']:.0f}", n_double=int((shown["index_2025"] >= 200).sum()), n=len(shown))


def ambition_caveats(overview: pd.DataFrame, missing: pd.DataFrame, lang: str) -> str:
    """What the ambition chart cannot show (shares, early baselines, yearly flows, no baseline)."""
    shown = overview.dropna(subset=["index_2025"])
    shares = shown[(shown["unit_zh"] == "%") & (shown["baseline_year"] == 2016)]
    early, flows = _early(overview), _flows(overview)
    ex = shares.iloc[0] if len(shares) else None
    return t("ov_ambition_caveats", lang,
             ex_no=int(ex["indicator_no"]) if ex is not None else "—",
             ex_base=i18n.pct(ex["baseline"]) if ex is not None else "—",
             ex_target=i18n.pct(ex["target_2020"]) if ex is not None else "—",
             ex_index=f"{ex['index_2020']:.0f}" if ex is not None else "—",
             early=_nos(early["indicator_no"], lang),
             early_year=int(early["baseline_year"].min()) if len(early) else 2016,
             flows=_nos(flows["indicator_no"], lang), missing=_nos(missing["indicator_no"], lang))


def missing_sentence(missing: pd.DataFrame, lang: str) -> str:
    return t("ov_missing_sentence", lang, n=len(missing))


def missing_table(missing: pd.DataFrame, overview: pd.DataFrame, lang: str) -> TableView:
    """The indicators without a baseline: why, and their targets."""
    by_no = overview.set_index("indicator_no")

    def why(r):
        if r["reason"] == "composition":
            return t("ov_reason_composition", lang, text=r["baseline_text"])
        if r["reason"] == "not_printed":
            return t("ov_reason_not_printed", lang, text=r["baseline_text"],
                     rate=_change_cell(by_no.loc[r["indicator_no"]].to_dict(), "2025", lang))
        return t("ov_reason_missing", lang)

    view = localize(missing, lang).assign(
        why=[why(r) for _, r in missing.iterrows()],
        t2020=[_target_cell(by_no.loc[n].to_dict(), 2020, lang) for n in missing["indicator_no"]],
        t2025=[_target_cell(by_no.loc[n].to_dict(), 2025, lang) for n in missing["indicator_no"]])
    return TableView(view, {"indicator_no": t("indicator_no", lang), "name": t("indicator", lang),
                            "why": t("ov_col_why", lang), "t2020": t("ov_col_2020", lang),
                            "t2025": t("ov_col_2025", lang)}, lang=lang)


def _ratio(r, lang: str = "en") -> str:
    # the plan's body text writes the mix with a full-width colon (40：30：30)
    return ("：" if lang == "zh" else ":").join(f"{v:g}" for v in (r["apparel"], r["home_textile"], r["industrial"]))


def fibre_heading(mix: pd.DataFrame, lang: str) -> str:
    """'Fibre mix: 60:30:10 -> 40:30:30 -> 35:30:35' (the plan's three ratios, by year)."""
    m = mix.sort_values("year").reset_index(drop=True)
    return t("ov_sec_fibre", lang, m0=_ratio(m.iloc[0], lang), m1=_ratio(m.iloc[1], lang), m2=_ratio(m.iloc[2], lang))


def fibre_sentence(mix: pd.DataFrame, lang: str) -> str:
    """The shift of the fibre mix in words, with the percentage points a year each step needs."""
    m0, m1, m2 = (r for _, r in mix.sort_values("year").head(3).iterrows())
    pp1 = A.required_pp_per_year(m0["industrial"], m1["industrial"], int(m1["year"] - m0["year"]))
    pp2 = A.required_pp_per_year(m1["industrial"], m2["industrial"], int(m2["year"] - m1["year"]))
    return t("ov_fibre_sentence", lang, y0=int(m0["year"]), y1=int(m1["year"]), y2=int(m2["year"]),
             ind0=i18n.pct(m0["industrial"], 0), ind1=i18n.pct(m1["industrial"], 0),
             ind2=i18n.pct(m2["industrial"], 0),
             pp1=t("ov_pp_a_year", lang, pp=i18n.pp(pp1, lang, 1)), pp2=t("ov_pp_a_year", lang, pp=i18n.pp(pp2, lang, 1)),
             app0=i18n.pct(m0["apparel"], 0), app1=i18n.pct(m1["apparel"], 0), app2=i18n.pct(m2["apparel"], 0),
             home=i18n.pct(m0["home_textile"], 0))


def recon_lines(recon: pd.DataFrame, facts: pd.DataFrame, headline_metric: str) -> list[int]:
    """The plan's lines that state the targets a reconciliation adds up (and the headline's)."""
    year = recon.attrs.get("year", 2020)
    used = pd.concat([recon.dropna(subset=["metric"])[["industry", "metric"]],
                      pd.DataFrame({"industry": ["all"], "metric": [headline_metric]})])
    targets = facts[(facts["year"] == year) & (facts["kind"] == "target")]
    return sorted(set(targets.merge(used)["source_line"].dropna().astype(int)))


def recon_source(recon: pd.DataFrame, facts: pd.DataFrame, headline_metric: str, lang: str) -> str:
    """The source line of the reconciliation chart: the sections and the lines of every target added."""
    from .plots import source_text
    lines = recon_lines(recon, facts, headline_metric)
    return source_text(lang, t("ov_src_recon", lang) + clause_sep(lang) + source_lines(lines, lang))


def recon_sentences(summary: dict, recon: pd.DataFrame, names_: dict, lang: str) -> list[str]:
    """The headline against the sum of the industries' targets; then each target left out for its scope."""
    parts = " + ".join(f"{names_[k]} {money_figure(v, lang)}" for k, v in summary["output_parts"].items())
    key = "ov_recon_sentence" if summary["gap"] >= 0 else "ov_recon_sentence_over"
    out = [t(key, lang, year=summary["year"], headline=money_figure(summary["headline"], lang),
             sum=money_figure(summary["output_sum"], lang), parts=parts, gap=money_figure(abs(summary["gap"]), lang),
             gap_pct=i18n.pct(abs(summary["gap_pct"])))]
    by = localize(recon, lang).set_index("industry")
    for ind_id, v in summary["other_scope"].items():
        out.append(t("ov_recon_other", lang, name=names_[ind_id], year=summary["year"], value=money_figure(v, lang),
                     scope=by.loc[ind_id, "scope"], with_it=money_figure(summary["sum_with_other_scope"], lang),
                     over=money_figure(summary["excess_with_other_scope"], lang)))
    return out


_TARGET_DIGITS = {"en": 1, "zh": 0}


def recon_table(recon: pd.DataFrame, names_: dict, lang: str) -> TableView:
    """Every industry's 2020 target, its group, scope and whether the sum counts it."""
    view = localize(recon, lang).assign(
        name=[names_[i] for i in recon["industry"]],
        group_label=[t(f"ov_group_{g}", lang) for g in recon["group"]],
        target=i18n.money_value(recon["value"], lang),
        q=[i18n.qualifier(q, lang) for q in recon["qualifier"]],
        counted=[t("yes" if (g == "key" and c is True) else "no", lang)
                 for g, c in zip(recon["group"], recon["comparable"])])
    return TableView(view, {"name": t("industry", lang), "group_label": t("ov_col_group", lang),
                            "q": t("qualifier", lang), "target": t("ov_col_target_2020", lang),
                            "scope": t("scope", lang), "counted": t("ov_col_counted", lang)},
                     digits={"target": _TARGET_DIGITS[lang]}, caption=t("ov_recon_caption", lang), lang=lang)


def recon_caveats(caveats: pd.DataFrame, summary: dict, names_: dict, lang: str) -> list[str]:
    """Why the sum is an inexact comparison, one item per caveat."""
    items = []
    cav = localize(caveats, lang)
    for r in cav[cav["kind"] != "not_in_headline"].itertuples(index=False):
        kw = dict(name=names_[r.industry], year=summary["year"], value=money_figure(r.value, lang), scope=r.scope)
        if r.kind == "qualifier":
            kw["phrase"] = i18n.target_phrase(money_figure(r.value, lang), r.qualifier, "", lang)
        if pd.notna(r.base_value):
            kw.update(base=money_figure(r.base_value, lang), bscope=r.base_scope)
        items.append(t(f"ov_cav_{r.kind}", lang, **kw))
    other = cav[cav["kind"] == "not_in_headline"]
    if len(other):
        items.append(t("ov_cav_not_in_headline", lang, names=i18n.join_names([names_[i] for i in other["industry"]], lang),
                       values=_NUM_SEP[lang].join(f"{names_[i]} {money_figure(v, lang)}"
                                                  for i, v in zip(other["industry"], other["value"])),
                       total=money_figure(summary["non_key_sum"], lang),
                       with_all=money_figure(summary["sum_with_non_key"], lang)))
    return items


# -------------------------------------------------------------------------------- cross-industry

_MONEY_DIGITS = {"en": 2, "zh": 1}       # money columns of tables: CNY bn to 0.01, 亿元 to 0.1
_HEADCOUNT_DIGITS = {"en": 0, "zh": 1}   # thousand persons / 万人


def money_digits(lang: str) -> int:
    """Decimals of a money column in a table: 2 for CNY bn (en), 1 for 亿元 (zh)."""
    return _MONEY_DIGITS[check_lang(lang)]


def cross_source(industries: pd.DataFrame, lang: str) -> str:
    """The chart source line of the cross-industry page: the industries' prose and its lines."""
    from .plots import source_text
    return source_text(lang, t("src_cross", lang) + clause_sep(lang)
                       + i18n.line_span(int(industries["first_line"].min()), int(industries["last_line"].max()), lang))


def base_sentence(ov: pd.DataFrame, lang: str) -> str:
    """The 2016 base in one sentence: the largest industry, and the range of output per firm ("" without figures)."""
    have = localize(ov.dropna(subset=["firms", "output_above_scale"]), lang)
    if have.empty:
        return ""
    big = have.loc[have["output_above_scale"].idxmax()]
    lo = have.loc[have["output_per_firm"].idxmin()]
    hi = have.loc[have["output_per_firm"].idxmax()]
    return t("base_sentence", lang, n=len(have), big=big["name"], big_firms=f"{int(big['firms']):,}" if lang == "en" else str(int(big["firms"])),
             big_output=i18n.money(big["output_above_scale"], lang), big_share=i18n.pct(big["share_city_pct"]),
             lo=per_firm_text(lo["output_per_firm"], lang), lo_name=lo["name"],
             hi=per_firm_text(hi["output_per_firm"], lang), hi_name=hi["name"])


def base_table(ov: pd.DataFrame, lang: str) -> TableView:
    """The industries' 2016 base side by side, in the reader's units (CNY bn / CNY m / thousand persons)."""
    view = localize(ov, lang).assign(
        output_r=i18n.money_value(ov["output_above_scale"], lang),
        per_firm_r=per_firm_value(ov["output_per_firm"], lang),
        taxes_r=i18n.money_value(ov["taxes"], lang),
        employment_r=i18n.headcount_value(ov["employment"], lang),
    )
    dig = money_digits(lang)
    return TableView(view, {"name": t("industry", lang), "firms": t("col_firms_above_scale", lang),
                            "output_r": t("col_output_above_scale", lang), "per_firm_r": t("col_output_per_firm", lang),
                            "taxes_r": t("col_taxes", lang), "employment_r": t("col_employment", lang),
                            "share_city_pct": t("col_share_city", lang)},
                     digits={"firms": 0, "output_r": dig, "per_firm_r": per_firm_digits(lang), "taxes_r": dig,
                             "employment_r": _HEADCOUNT_DIGITS[lang], "share_city_pct": 1}, lang=lang)


def output_scope_notes(ov: pd.DataFrame, lang: str) -> list[str]:
    """Where an industry's stated output is not the output of its above-scale firms, or is not given."""
    notes = []
    for _, r in localize(ov, lang).iterrows():
        if pd.notna(r["output"]) and pd.notna(r["output_above_scale"]) and r["output"] != r["output_above_scale"]:
            notes.append(t("output_scope_note", lang, name=r["name"], output=i18n.money(r["output"], lang),
                           scope=r["output_scope"], firms=f"{int(r['firms']):,}",
                           above=i18n.money(r["output_above_scale"], lang)))
        elif pd.isna(r["output"]) and pd.notna(r["base_value"]):
            notes.append(t("no_output_note", lang, name=r["name"], scope=r["base_scope"],
                           value=i18n.money(r["base_value"], lang)))
    return notes


def per_firm_chart(ov: pd.DataFrame, lang: str, source: str):
    """Bars of output per above-scale firm, in CNY m (en) or 亿元 (zh)."""
    from .plots import labelled_bars
    opf = localize(ov.dropna(subset=["output_per_firm"]), lang)
    digits = per_firm_digits(lang)
    return labelled_bars(opf["name"], per_firm_value(opf["output_per_firm"], lang), lang, source,
                         t("chart_opf_title", lang), t("opf_axis", lang), fmt="{:,.%df}" % digits)


def scopes_table(ov: pd.DataFrame, lang: str) -> TableView:
    """What each industry's firm count, output and taxes cover (the plan's own words)."""
    scopes = localize(ov.dropna(subset=["firms_scope_en"], how="all"), lang)
    return TableView(scopes, {"name": t("industry", lang), "firms_scope": t("col_firms_scope", lang),
                              "output_scope": t("col_output_scope", lang), "taxes_scope": t("col_taxes_scope", lang)}, lang=lang)


def targets_sentence(ov: pd.DataFrame, lang: str) -> str:
    """The fastest and the slowest growth the 2020 targets require (comparable scopes only; "" if there is none)."""
    comp = localize(ov[ov["comparable"].eq(True) & ov["required_cagr"].notna()], lang)
    if comp.empty:
        return ""
    fast = comp.loc[comp["required_cagr"].idxmax()]
    slow = comp.loc[comp["required_cagr"].idxmin()]
    return t("growth_cross_sentence", lang, fast=fast["name"], fast_rate=i18n.pct(fast["required_cagr"] * 100),
             fast_target=i18n.target_phrase(i18n.money(fast["target_value"], lang), fast["qualifier"], "", lang),
             slow=slow["name"], slow_rate=i18n.pct(slow["required_cagr"] * 100))


def scope_warnings(ov: pd.DataFrame, lang: str) -> list[str]:
    """One warning per industry whose target measures another scope than its baseline."""
    out = []
    for _, r in localize(ov[ov["comparable"].eq(False)], lang).iterrows():
        out.append(t("cross_scope_warning", lang, name=r["name"], tscope=r["target_scope"], bscope=r["base_scope"],
                     target=i18n.target_phrase(i18n.money(r["target_value"], lang), r["qualifier"], "", lang),
                     base=i18n.money(r["base_value"], lang)))
    return out


def no_baseline_notes(ov: pd.DataFrame, lang: str) -> list[str]:
    """The industries with a target but no baseline (a list of at most one sentence)."""
    nobase = localize(ov[ov["comparable"].isna() & ov["target_value"].notna()], lang)
    return [t("no_baseline_sentence", lang, names=i18n.join_names(nobase["name"], lang))] if len(nobase) else []


# the data's judgement of a target's scope against its baseline, as the targets table says it
_SCOPE_VS_BASELINE = {"same": lambda lang: t("yes", lang),
                      "possibly_wider": lambda lang: t("scope_possibly_wider_short", lang),
                      "different": lambda lang: t("no", lang)}


def targets_table(ov: pd.DataFrame, lang: str) -> TableView:
    """Baseline, 2020 target, their scopes and the growth required, per industry."""
    tv = localize(ov, lang).assign(
        base_r=i18n.money_value(ov["base_value"], lang),
        target_txt=[i18n.target_phrase(i18n.money(v, lang, unit=False), q, "", lang) if pd.notna(v) else "—"
                    for v, q in zip(ov["target_value"], ov["qualifier"])],
        same=[_SCOPE_VS_BASELINE.get(j, lambda _: "—")(lang) for j in ov["scope_vs_baseline"].astype(object)],
        cagr=[i18n.rate(x, lang=lang) for x in ov["required_cagr"]],
    )
    return TableView(tv, {"name": t("industry", lang), "base_r": t("col_baseline_2016", lang),
                          "base_scope": t("col_base_scope", lang), "target_txt": t("col_target_2020", lang),
                          "target_scope": t("col_target_scope", lang), "same": t("comparable", lang),
                          "cagr": t("required_cagr", lang)},
                     digits={"base_r": money_digits(lang)}, lang=lang)


_NOT_GIVEN = (("what_firms", "firms"), ("what_output", "output_above_scale"), ("what_taxes", "taxes"),
              ("what_employment", "employment"), ("what_share", "share_city_pct"), ("what_baseline", "base_value"))


def not_given_items(ov: pd.DataFrame, lang: str) -> list[str]:
    """What the plan leaves out, figure by figure: 'not given for a, b' or 'given only for c'."""
    view = localize(ov, lang)
    items = []
    for what, colname in _NOT_GIVEN:
        missing = view.loc[view[colname].isna(), "name"].tolist()
        given = view.loc[view[colname].notna(), "name"].tolist()
        if not missing:
            continue
        key = "not_given_all_but" if len(given) < len(missing) else "not_given_item"
        items.append(t(key, lang, what=t(what, lang), names=i18n.join_names(given if len(given) < len(missing)
                                                                            else missing, lang)))
    return items


# -------------------------------------------------------------------------------- implementation 2017


def units_text(cell, lang: str) -> str:
    """A ';'-joined list of units as a reader sees it ('a, b' / 'a、b'); '—' for none."""
    if i18n._missing(cell):
        return "—"
    return t("list_sep", lang).join(str(cell).split(";"))


def sources_of(tables, lang: str) -> str:
    """A chart source line naming each table's plan section and lines ('…, lines a-b; …')."""
    from .data import describe
    from .plots import source_text
    parts = []
    for name in tables:
        s = describe(name).source
        a, b = s["lines"]
        parts.append(s[i18n.col("section", lang)] + clause_sep(lang) + i18n.line_span(a, b, lang))
    return source_text(lang, item_sep(lang).join(parts))


def roles_source(lang: str) -> str:
    """The source line of the agency charts: the measures and the task annex."""
    from .data import describe
    from .plots import source_text
    return source_text(lang, t("src_roles", lang) + clause_sep(lang)
                       + t("lines", lang, a=describe("measures").source["lines"][0],
                           b=describe("tasks_2017").source["lines"][1]))


def task_labels(tasks: pd.DataFrame, lang: str) -> dict:
    """``{task_no: title}`` in ``lang``."""
    return dict(zip(tasks["task_no"], localize(tasks, lang)["title"]))


def tasks_table(schedule: pd.DataFrame, lang: str) -> TableView:
    """The 2017 tasks: lead units, milestones (with and without a month), first and last month."""
    view = localize(schedule, lang)
    view["lead"] = [units_text(c, lang) for c in view["lead_units"]]
    return TableView(view, {"task_no": t("col_item", lang), "title": t("col_title", lang),
                            "lead": t("col_lead_units", lang), "milestones": t("col_milestones", lang),
                            "undated": t("col_undated", lang), "first_month": t("col_first_month", lang),
                            "last_month": t("col_last_month", lang)}, lang=lang)


def timeline_sentence(tasks: pd.DataFrame, timeline: pd.DataFrame, by_month: pd.DataFrame, lang: str) -> str:
    """How many milestones, how many dated, and the busiest month(s)."""
    dated = by_month["dated"]
    busy = by_month[dated == dated.max()]
    return t("timeline_sentence", lang, n_tasks=len(tasks), n=len(timeline), dated=int(timeline["dated"].sum()),
             busy=i18n.join_names([t(f"m_{m}", lang) for m in busy["month"]], lang), busy_n=int(dated.max()),
             undated=int((~timeline["dated"]).sum()))


def _steps(n: int) -> str:
    """The English word for ``n`` milestones: '1 step', '4 steps' (Chinese counts 个节点 in the label)."""
    return "step" if n == 1 else "steps"


def month_tables(timeline: pd.DataFrame, tasks: pd.DataFrame, lang: str) -> list[tuple[str, TableView]]:
    """The milestones month by month, then those without a month: ``[(heading, view), ...]``."""
    labels = task_labels(tasks, lang)
    listing = localize(timeline, lang)
    listing["task"] = [f"{n}. {labels[n]}" for n in listing["task_no"]]
    cols = {"task": t("col_task", lang), "action": t("col_action", lang)}
    out = []
    for month in range(1, 13):
        rows = listing[listing["dated"] & (listing["month"] == month)]
        if len(rows):
            out.append((t("month_heading", lang, month=t(f"m_{month}", lang), n=len(rows), steps=_steps(len(rows))),
                        TableView(rows, cols, lang=lang)))
    rows = listing[~listing["dated"]]
    if len(rows):
        out.append((t("undated_heading", lang, n=len(rows), steps=_steps(len(rows))), TableView(rows, cols, lang=lang)))
    return out


def roles_sentence(roles: pd.DataFrame, load: pd.DataFrame, tasks: pd.DataFrame, milestones: pd.DataFrame,
                   lang: str) -> str:
    """The busiest agency, and the agencies answerable for most of the plan's items."""
    n_items = roles["item"].nunique()
    first = load.iloc[0]
    resp = A.majority_units(load, n_items)
    return t("roles_sentence", lang, top=first["unit"], lead=int(first["lead"]), items=n_items,
             lead_tasks=int(first["lead_tasks"]), n_tasks=len(tasks), lead_ms=int(first["lead_milestones"]),
             n_ms=len(milestones), coop=int(first["cooperating"]),
             resp=i18n.join_names([u + paren(t("of_n", lang, k=int(k), n=n_items), lang)
                                   for u, k in zip(resp["unit"], resp["responsible"])], lang))


def units_count_sentence(load: pd.DataFrame, top: int, lang: str) -> str:
    """How many agencies the plan names, and the ones beyond the ``top`` shown in the charts."""
    rest = load.iloc[top:]
    return t("units_count_sentence", lang, n=len(load), top=min(top, len(load)), rest=len(rest),
             names=i18n.join_names(rest["unit"], lang))


def items_table(measures: pd.DataFrame, tasks: pd.DataFrame, lang: str) -> TableView:
    """Every measure (M1…) and task (T1…) with its lead, cooperating and responsible units."""
    rows = []
    for frame, prefix, no in ((measures, "M", "measure_no"), (tasks, "T", "task_no")):
        for _, r in localize(frame, lang).iterrows():
            rows.append(dict(item=i18n.item_code(f"{prefix}{r[no]}", lang), title=r["title"], lead=units_text(r["lead_units"], lang),
                             coop=units_text(r["cooperating_units"], lang),
                             resp=units_text(r["responsible_units"], lang)))
    return TableView(pd.DataFrame(rows, columns=["item", "title", "lead", "coop", "resp"]),
                     {"item": t("col_item", lang), "title": t("col_title", lang), "lead": t("col_lead_units", lang),
                      "coop": t("col_cooperating_units", lang), "resp": t("col_responsible_units", lang)}, lang=lang)


def load_table(load: pd.DataFrame, lang: str) -> TableView:
    """Each agency's load: items it leads, cooperates on, answers for; tasks and milestones it leads."""
    return TableView(load, {"unit": t("agency", lang), "lead": t("col_leads", lang),
                            "cooperating": t("col_cooperates", lang), "responsible": t("col_answers", lang),
                            "total": t("col_items_total", lang), "lead_tasks": t("col_lead_tasks", lang),
                            "lead_milestones": t("col_lead_milestones", lang)}, lang=lang)


# -------------------------------------------------------------------------------- data audit and dictionary

_WHOLE_MONEY_DIGITS = {"en": 1, "zh": 0}  # a city-wide total: CNY bn to 0.1, 亿元 whole
_LABEL_WIDTH = {"en": 48, "zh": 22}       # chart row labels, characters a line
_OUTLIER_SEP = {"en": ", ", "zh": "；"}
_WORD_SEP = {"en": " ", "zh": ""}          # between sentences


def info_title(info, lang: str) -> str:
    """A table's title (:class:`shaoxing.TableInfo`) in ``lang``."""
    return {"en": info.title, "zh": info.title_zh}[check_lang(lang)]


def info_description(info, lang: str) -> str:
    """A table's description in ``lang``."""
    return {"en": info.description, "zh": info.description_zh}[check_lang(lang)]


def segment_names(segments: pd.DataFrame, lang: str) -> dict[str, str]:
    """``{segment_zh: name in lang}`` (segments are keyed by their Chinese name)."""
    return dict(zip(segments["segment_zh"], localize(segments, lang)["segment"]))


def segment_row_label(segments: pd.DataFrame, segment_zh: str, level: str, lang: str) -> str:
    """A segment's name, saying which rows are industry totals and which are parts of another segment."""
    names_ = segment_names(segments, lang)
    name = names_[segment_zh]
    if level == "industry":
        return t("au_industry_total", lang, name=name)
    if level == "sub-segment":
        parent = dict(zip(segments["segment_zh"], segments["parent_zh"]))[segment_zh]
        return t("au_part_of", lang, name=name, parent=names_.get(parent, parent))
    return name


def audit_intro(catalogue: pd.DataFrame, lang: str) -> str:
    return t("au_intro", lang, n=len(catalogue), rows=f"{int(catalogue['rows'].sum()):,}",
             notes=f"{int(catalogue['rows_with_note'].sum()):,}")


def catalogue_table(catalogue: pd.DataFrame, infos: dict, lang: str, prefix: str = "au") -> TableView:
    """The tables with their titles, rows and source (``prefix`` au: with notes; dd: with columns)."""
    from .plots import source_detail
    view = localize(catalogue, lang)
    view["source"] = [source_detail(infos[n].source, lang) for n in catalogue["name"]]
    if prefix == "au":
        cols = {"name": t("au_col_name", lang), "title": t("au_col_title", lang), "rows": t("au_col_rows", lang),
                "rows_with_note": t("au_col_notes", lang), "source": t("au_col_source", lang)}
    else:
        cols = {"name": t("dd_col_table", lang), "title": t("dd_col_title", lang), "rows": t("dd_col_rows", lang),
                "columns": t("dd_col_columns", lang), "source": t("dd_col_source", lang)}
    return TableView(view, cols, lang=lang, code=("name",))


def totals_sentence(checks: pd.DataFrame, lang: str) -> str:
    return t("au_totals_sentence", lang, n=len(checks), n_ok=int(checks["ok"].sum()))


def _money_scale(measures, lang: str) -> list[float]:
    """Per row: the factor that puts a value in the reader's unit (money rows only)."""
    return [i18n.money_value(1.0, lang) if m == "output_value" else 1.0 for m in measures]


def totals_table(checks: pd.DataFrame, segments: pd.DataFrame, names_: dict, lang: str) -> TableView:
    """Each structure table's parts against its whole."""
    seg = segment_names(segments, lang)
    scale = _money_scale(checks["measure"], lang)
    view = checks.assign(
        industry_name=[names_[i] for i in checks["industry"]],
        check_label=[t("au_chk_sum" if c == "segments = industry" else "au_chk_sub", lang) for c in checks["check"]],
        part_label=[" + ".join(seg[p] for p in s.split("+")) for s in checks["part"]],
        whole_label=[seg.get(w, w) for w in checks["whole"]],
        measure_label=[t(f"au_m_{m}", lang) for m in checks["measure"]],
        parts_v=checks["parts"] * scale, total_v=checks["total"] * scale, diff_v=checks["difference"] * scale)
    return TableView(view, {"industry_name": t("industry", lang), "check_label": t("check", lang),
                            "part_label": t("au_col_part", lang), "whole_label": t("au_col_whole", lang),
                            "measure_label": t("au_col_measure", lang), "parts_v": t("parts", lang),
                            "total_v": t("whole", lang), "diff_v": t("difference", lang), "ok": t("ok", lang)}, lang=lang)


def shares_sentence(share_sums: pd.DataFrame, lang: str) -> str:
    return t("au_shares_sentence", lang, n=len(share_sums), exact=int(share_sums["exact"].sum()))


def shares_table(share_sums: pd.DataFrame, names_: dict, lang: str) -> TableView:
    view = share_sums.assign(industry_name=[names_[i] for i in share_sums["industry"]])
    return TableView(view, {"industry_name": t("industry", lang), "parts": t("au_col_parts_sum", lang),
                            "total": t("au_col_printed_total", lang), "difference": t("difference", lang),
                            "within_rounding": t("au_col_within_rounding", lang),
                            "unrounded": t("au_col_unrounded", lang)},
                     digits={"parts": 1, "total": 1, "difference": 1, "unrounded": 2}, lang=lang)


def shares_explanations(share_sums: pd.DataFrame, segments: pd.DataFrame, names_: dict, lang: str) -> list[str]:
    """For each industry whose parts do not add up to its share: the terms, and whether rounding explains it."""
    out = []
    for r in share_sums[~share_sums["exact"]].itertuples(index=False):
        parts = segments[(segments["industry"] == r.industry) & (segments["level"] == "segment")
                         & segments["counted_in_total"]]
        key = "au_shares_mismatch" if r.total_is_rounding else "au_shares_unexplained"
        out.append(t(key, lang, name=names_[r.industry], total=i18n.pct(r.total), parts=i18n.pct(r.parts),
                     terms=" + ".join(f"{v:g}" for v in parts["share_city_pct"]),
                     city=i18n.money(share_sums.attrs["city_total"], lang, _WHOLE_MONEY_DIGITS[lang]),
                     unrounded=i18n.pct(r.unrounded, 2)))
    return out


def prose_sentence(prose: pd.DataFrame, lang: str) -> str:
    return t("au_prose_sentence", lang, n=len(prose), n_ok=int(prose["ok"].sum()))


def prose_table(prose: pd.DataFrame, names_: dict, lang: str) -> TableView:
    scale = _money_scale(prose["column"], lang)
    view = prose.assign(industry_name=[names_[i] for i in prose["industry"]],
                        measure_label=[t(f"au_m_{m}", lang) for m in prose["column"]],
                        prose_v=prose["prose"] * scale, table_v=prose["table"] * scale)
    return TableView(view, {"industry_name": t("industry", lang), "measure_label": t("au_col_measure", lang),
                            "prose_v": t("au_col_prose", lang), "table_v": t("au_col_table", lang),
                            "ok": t("ok", lang)}, lang=lang)


def city_sentence(heads: pd.DataFrame, consistency: pd.DataFrame, segments: pd.DataFrame, lang: str) -> str:
    """The city total each table implies, and the range all three allow."""
    seg = segment_names(segments, lang)
    d = _WHOLE_MONEY_DIGITS[check_lang(lang)]
    approx = heads["implied_city_total"].mean()
    return t("au_city_sentence", lang,
             totals=i18n.join_names([f"{seg[s]}{' ' if lang == 'en' else ''}{i18n.money(v, lang, d)}"
                                     for s, v in zip(heads["segment_zh"], heads["implied_city_total"])], lang),
             approx=i18n.money(round(approx, -1), lang, 0), low=i18n.money(consistency.attrs["low"], lang, d),
             high=i18n.money(consistency.attrs["high"], lang, d))


def city_table(heads: pd.DataFrame, names_: dict, lang: str) -> TableView:
    d = _WHOLE_MONEY_DIGITS[check_lang(lang)]
    view = heads.assign(industry_name=[names_[i] for i in heads["industry"]],
                        output=i18n.money_value(heads["output_value"], lang),
                        implied=i18n.money_value(heads["implied_city_total"], lang),
                        # Chinese as the page's sentences write it (10023至10051), English with an en dash
                        interval=[(f"{i18n.number(i18n.money_value(a, lang), d, lang)}至"
                                   f"{i18n.number(i18n.money_value(b, lang), d, lang)}") if lang == "zh" else
                                  f"{i18n.number(i18n.money_value(a, lang), d)} – {i18n.number(i18n.money_value(b, lang), d)}"
                                  for a, b in zip(heads["implied_low"], heads["implied_high"])])
    return TableView(view, {"industry_name": t("industry", lang), "output": t("output_value", lang),
                            "share_city_pct": t("share_city", lang), "implied": t("au_col_implied_city", lang),
                            "interval": t("au_col_interval", lang)},
                     digits={"output": money_digits(lang), "share_city_pct": 1, "implied": d}, lang=lang)


def city_chart(consistency: pd.DataFrame, segments: pd.DataFrame, lang: str, source: str):
    """Each row's interval for the city total against the range the three tables share."""
    from .plots import city_total_chart, wrap
    labels = [wrap(segment_row_label(segments, s, lvl, lang), _LABEL_WIDTH[lang])
              for s, lvl in zip(consistency["segment_zh"], consistency["level"])]
    return city_total_chart(consistency, labels, lang, source)


def city_outliers_sentence(consistency: pd.DataFrame, segments: pd.DataFrame, lang: str) -> str:
    """The rows whose printed share no city total in the common range can give (or that there are none)."""
    bad = consistency[~consistency["consistent"]]
    if bad.empty:
        return t("au_city_all_ok", lang)
    rows = _OUTLIER_SEP[check_lang(lang)].join(
        t("au_city_outlier_item", lang, name=segment_row_label(segments, r.segment_zh, r.level, lang),
          printed=i18n.pct(r.share_city_pct), computed=i18n.pct((r.share_low + r.share_high) / 2, 2))
        for r in bad.itertuples(index=False))
    return t("au_city_outliers", lang, n_bad=len(bad), n=len(consistency), rows=rows)


def implied_table(intervals: pd.DataFrame, segments: pd.DataFrame, names_: dict, lang: str) -> TableView:
    d = _WHOLE_MONEY_DIGITS[check_lang(lang)]
    view = intervals.assign(
        label=[segment_row_label(segments, s, lvl, lang) for s, lvl in zip(intervals["segment_zh"], intervals["level"])],
        industry_name=[names_[i] for i in intervals["industry"]],
        prov=i18n.money_value(intervals["implied_province_total"], lang),
        nat=i18n.money_value(intervals["implied_national_total"], lang))
    return TableView(view, {"industry_name": t("industry", lang), "label": t("segment", lang),
                            "share_province_pct": t("share_province", lang), "prov": t("au_col_implied_province", lang),
                            "province_spread_pct": t("au_col_spread", lang),
                            "share_national_pct": t("share_national", lang), "nat": t("au_col_implied_national", lang),
                            "national_spread_pct": t("au_col_spread", lang)},
                     digits={"share_province_pct": 1, "share_national_pct": 1, "prov": d, "nat": d,
                             "province_spread_pct": 1, "national_spread_pct": 1}, lang=lang)


def mix_sentence(mixes: pd.DataFrame, lang: str) -> str:
    return t("au_mix_sentence", lang, n=len(mixes), n_ok=int(mixes["ok"].sum()))


def mix_table(mixes: pd.DataFrame, names_: dict, lang: str) -> TableView:
    view = mixes.assign(mix=[t(f"au_mix_{m}", lang) for m in mixes["table"]],
                        key_label=[names_.get(k, k) if isinstance(k, str) else str(k) for k in mixes["key"]])
    return TableView(view, {"mix": t("au_col_mix", lang), "key_label": t("au_col_key", lang),
                            "total": t("total", lang), "ok": t("ok", lang)}, digits={"total": 1}, lang=lang)


# columns that say in words what a row is about, in order of preference
_READABLE = ("name", "segment", "focus_area", "title", "positioning", "scope", "action", "plan_item")


def _key_label(col: str, lang: str) -> str:
    return t(f"au_key_{col}", lang) if f"au_key_{col}" in i18n.LABELS else col


def notes_view(df: pd.DataFrame, keys: list[str], names_: dict, lang: str, table: str = "") -> TableView | None:
    """The rows of one table that carry a note: their key, what they are about in words, and the note.

    ``None`` when no row has a note.  Key columns are shown as stored (ids,
    Chinese names); industry ids become names; long snake_case ids may break
    after "_" in a browser.  The note is in ``lang`` where the data has it in
    both languages (``note`` / ``note_zh``).
    """
    pair = language_columns(df.columns).get("note")
    note = pair[lang] if pair else "note"
    rows = A.decision_notes(df.assign(_row=range(len(df))), ["_row"], note=note)["_row"]
    if rows.empty:
        return None
    view = df.iloc[list(rows)].reset_index(drop=True)
    readable = next((i18n.col(b, lang) for b in _READABLE
                     if i18n.col(b, lang) in view and i18n.col(b, lang) not in keys), None)
    if "industry" in keys:
        view["industry"] = [names_.get(i, t("au_all_city", lang) if i == "all" else i) for i in view["industry"]]
        if readable and view[readable].astype(str).tolist() == view["industry"].astype(str).tolist():
            readable = None  # the industries table: the name is the key already shown
    if "kind" in keys and table == "facts":
        view["kind"] = [t(k, lang) for k in view["kind"]]
    for k in keys:  # long snake_case ids (metric, observation_id): let the browser break them after "_"
        if view[k].dtype == "string" or view[k].dtype == object:
            view[k] = [v.replace("_", "_\u200b") if isinstance(v, str) else v for v in view[k]]
    if check_lang(lang) == "en":  # amounts in the English pages' units (CNY bn), not the plan's 亿元
        view[note] = [i18n.english_money(v) for v in view[note]]
    cols = {k: _key_label(k, lang) for k in keys}
    if readable:
        cols[readable] = t("au_col_what", lang)
    # the header says when a Chinese page shows a note in its English original (a table without note_zh)
    cols[note] = t("au_col_note" if pair is None else "au_col_note_in_lang", lang)
    ids = tuple(k for k in keys if view[k].map(lambda v: isinstance(v, str) and v.replace("\u200b", "").isascii()).all())
    return TableView(view, cols, lang=lang, code=ids)


i18n.LABELS.update({
    "au_col_note_in_lang": {"en": "Ambiguity and decision", "zh": "歧义与处理"},
    "au_notes_intro_lang": {
        "en": "Each table's note column records where the plan is ambiguous, inconsistent or incomplete and what "
              "the data does about it. Below, for each table, every row with a note, identified by its key columns.",
        "zh": "各数据表的说明列（`note`、`note_zh`）记录了方案表述含糊、不一致或不完整之处，以及数据的处理办法。以下按表列出"
              "所有带说明的行，并给出其主键列。"},
    "au_notes_english_only": {"en": " The notes of the {tables} table are written in English only.",
                              "zh": "{tables}表的说明仅有英文原文。"},
})


_SAYS_ENGLISH_ONLY = {"en": False, "zh": True}


def notes_intro(frames: dict, infos: dict, lang: str) -> str:
    """What the notes are; on the Chinese page, which tables' notes exist in English only."""
    english_only = [n for n, df in frames.items()
                    if "note" in df and "note" not in language_columns(df.columns)
                    and len(A.decision_notes(df, [])) > 0]
    # a Chinese reader is told which notes are shown in their English original; an English reader needs no word
    say_it = _SAYS_ENGLISH_ONLY[check_lang(lang)] and english_only
    extra = (t("au_notes_english_only", lang, tables=i18n.join_names([f"`{n}`" for n in english_only], lang))
             if say_it else "")
    return t("au_notes_intro_lang", lang) + extra


def notes_sections(frames: dict, infos: dict, names_: dict, lang: str) -> list[tuple[str, TableView | None]]:
    """Every table's decisions: ``[(heading, view or None), ...]`` (None: the table has no note)."""
    out = []
    for name, df in frames.items():
        info = infos[name]
        keys = list(info.primary_key)
        view = notes_view(df, keys, names_, lang, table=name)
        k = 0 if view is None else len(view.frame)
        out.append((t("au_notes_heading", lang, title=info_title(info, lang), name=name, k=k, n=len(df)), view))
    return out


i18n.LABELS.update({
    "dd_english_meanings": {
        "en": "Column meanings are written in English only, as in the data package (datapackage.json); the "
              "titles of tables and columns, and the tables' descriptions, are in both languages.",
        "zh": "字段说明仅有英文（与数据包datapackage.json一致）；数据表的标题、介绍以及字段标题有中英文。"},
})


def dictionary_intro(catalogue: pd.DataFrame, dictionary: pd.DataFrame, lang: str) -> str:
    return t("dd_intro", lang, n=len(catalogue), f=f"{len(dictionary):,}", rows=f"{int(catalogue['rows'].sum()):,}")


def dictionary_language_notes(dictionary: pd.DataFrame, lang: str) -> list[str]:
    """A note that column meanings are in English only, while any column lacks a Chinese description."""
    missing = dictionary["description_zh"].fillna("").astype(str).str.strip() == ""
    return [t("dd_english_meanings", lang)] if missing.any() else []


def _either(en, zh, lang: str) -> str:
    """The text in ``lang``; the English one where the Chinese is missing or empty."""
    filled = isinstance(zh, str) and zh.strip() != ""
    return {"en": en, "zh": zh if filled else en}[check_lang(lang)]


def _code(name: str) -> str:
    """An identifier (a column, a table, a stored value) as a code span of the package's Markdown."""
    return f"`{name}`"


def _meaning(description: str, allowed: str, lang: str) -> str:
    if not allowed:
        return description
    chinese = check_lang(lang) == "zh"
    # the allowed values are stored values (ids, or the English category names): code, listed with 、 in Chinese
    allowed = _NUM_SEP[lang].join(_code(v) for v in allowed.split(", "))
    cjk = any("\u4e00" <= ch <= "\u9fff" for ch in description)
    stop = "" if description.rstrip().endswith((".", "。")) else ("。" if cjk else ".")
    return description + stop + ("" if chinese and cjk else " ") + t("dd_allowed", lang, values=allowed)


def dictionary_sections(infos: dict, dictionary: pd.DataFrame, lang: str) -> list[dict]:
    """Per table: ``heading``, ``description``, ``facts`` (source, key, links) and the columns ``view``."""
    from .plots import source_detail
    out = []
    for name, info in infos.items():
        cols = dictionary[dictionary["table"] == name]
        facts = [t("dd_source", lang, source=source_detail(info.source, lang)),
                 t("dd_key", lang, columns=_NUM_SEP[lang].join(_code(c) for c in info.primary_key))]
        links = cols[cols["references"] != ""]
        if len(links):
            facts.append(t("dd_refs", lang, refs=_NUM_SEP[lang].join(f"{_code(f)} → {_code(r)}" for f, r in
                                                                     zip(links["field"], links["references"]))))
        # title and description in lang (English where no Chinese is written)
        descriptions = [_either(en, zh, lang) for en, zh in zip(cols["description"], cols["description_zh"])]
        view = cols.assign(title_label=[_either(en, zh, lang) for en, zh in zip(cols["title"], cols["title_zh"])],
                          type_label=[t(f"dd_type_{x}", lang) for x in cols["type"]],
                          unit_label=[_either(en, zh, lang) if isinstance(en, str) else ""
                                      for en, zh in zip(cols["unit"], cols["unit_zh"])],
                          filled_label=[f"{f} / {r}" for f, r in zip(cols["filled"], cols["rows"])],
                          meaning=[_meaning(d, a, lang) for d, a in zip(descriptions, cols["allowed"])])
        out.append(dict(
            heading=t("dd_table_heading", lang, title=info_title(info, lang), name=name),
            description=info_description(info, lang),
            facts=_WORD_SEP[lang].join(facts),
            view=TableView(view, {"field": t("dd_col_field", lang), "title_label": t("dd_col_title", lang),
                                  "type_label": t("dd_col_type", lang), "unit_label": t("dd_col_unit", lang),
                                  "required": t("dd_col_required", lang), "filled_label": t("dd_col_filled", lang),
                                  "meaning": t("dd_col_description", lang)},
                           nowrap=("field", "type_label", "required", "filled_label"), lang=lang, code=("field",))))
    return out


# -------------------------------------------------------------------------------- industry profile


def profile_source(ind: pd.Series, lang: str) -> str:
    """The chart source line of an industry page: its plan section and lines."""
    from .plots import source_text
    return source_text(lang, ind["section"] + clause_sep(lang)
                       + i18n.line_span(int(ind["first_line"]), int(ind["last_line"]), lang))


def structure_sentence(structure: pd.DataFrame, name: str, lang: str) -> str:
    """The 2016 structure in one sentence: firms, output, share of the city, largest segment, output per firm."""
    s = localize(structure, lang)
    head = s[s["level"] == "industry"].iloc[0]
    counted = s[(s["level"] == "segment") & s["counted_in_total"]]
    top = counted.loc[counted["output_value"].idxmax()]
    opf = s[s["level"] != "industry"].dropna(subset=["output_per_firm"])
    lo, hi = opf.loc[opf["output_per_firm"].idxmin()], opf.loc[opf["output_per_firm"].idxmax()]
    return t("structure_sentence", lang, name=i18n.industry_short(name, lang), firms=i18n.count(head["enterprises"], lang),
             output=i18n.money(head["output_value"], lang), share_city=i18n.pct(head["share_city_pct"]),
             top=top["segment"], top_share=i18n.pct(top["share_of_industry_output_pct"]),
             # output per firm in the table's unit (CNY m / 亿元), not CNY bn: one unit for one quantity
             min_opf=per_firm_text(lo["output_per_firm"], lang), min_seg=lo["segment"],
             max_opf=per_firm_text(hi["output_per_firm"], lang), max_seg=hi["segment"])


def structure_table(structure: pd.DataFrame, lang: str) -> TableView:
    """The structure table: segments (parts indented) with firms, output, shares, output per firm, regions."""
    s = localize(structure, lang)
    view = s.assign(
        label=[("\u2003" if lvl == "sub-segment" else "") + seg for seg, lvl in zip(s["segment"], s["level"])],
        output=i18n.money_value(s["output_value"], lang),
        per_firm=per_firm_value(s["output_per_firm"], lang),
        regions=s["key_regions"].str.replace(";", _NUM_SEP[check_lang(lang)], regex=False))
    return TableView(view, {"label": t("segment", lang), "enterprises": t("enterprises", lang),
                            "output": t("output_value", lang),
                            "share_of_industry_output_pct": t("share_of_industry", lang),
                            "per_firm": t("output_per_firm", lang), "share_city_pct": t("share_city", lang),
                            "share_province_pct": t("share_province", lang),
                            "share_national_pct": t("share_national", lang), "regions": t("key_regions", lang)},
                     # the city shares as the plan prints them, to one decimal (textile machinery 1.0, not 1)
                     digits={"output": money_digits(lang), "share_of_industry_output_pct": 1,
                             "per_firm": per_firm_digits(lang), "share_city_pct": 1}, lang=lang)


def subsegment_note(structure: pd.DataFrame, lang: str) -> str:
    """What the indented rows are, and which segment stands beside the industry outside its totals."""
    s = localize(structure, lang)
    excluded = s.loc[~s["counted_in_total"] & (s["level"] == "segment"), "segment"]
    return i18n.structure_note(list(excluded), lang)


def value_added_sentence(mix: pd.DataFrame, lang: str) -> str:
    return t("value_added_sentence", lang, ratio=_RATIO_SEP[check_lang(lang)].join(f"{v:g}" for v in mix["share_pct"]))


def titled(view: pd.DataFrame, columns, **labels) -> dict[str, str]:
    """Headers for ``columns`` of a localized view: its titles from datapackage.json, ``labels`` overriding."""
    from .display import headers
    return {**headers(view, list(columns)), **{k: v for k, v in labels.items() if k in columns}}


def products_table(products: pd.DataFrame, lang: str) -> TableView:
    """The main products' output (``segment_products`` rows), headed by the data package's titles."""
    view = localize(products, lang, titles_from="segment_products")
    return TableView(view, titled(view, ["segment", "product", "quantity", "unit"]), lang=lang)


def facts_table(facts: pd.DataFrame, name: str, lang: str) -> TableView:
    """The figures the plan states for an industry in its prose, by kind and year."""
    money = (facts["unit"] == "亿元").to_numpy()
    # head counts as the rest of the page gives them: thousand persons in English (315,000 workers), 万人 in Chinese
    heads = (facts["unit"] == "万人").to_numpy() & (check_lang(lang) == "en")
    high = facts["value_max"] if "value_max" in facts else pd.Series(np.nan, index=facts.index)
    scale = np.where(money, float(i18n.money_value(1.0, lang)), np.where(heads, float(i18n.headcount_value(1.0, lang)), 1.0))
    view = localize(facts, lang).assign(
        q=[i18n.qualifier(q, lang) for q in facts["qualifier"]], kind_label=[t(k, lang) for k in facts["kind"]],
        # a range stays a range (2-3家); money in the reader's unit (CNY bn in English)
        value=[i18n.value_range(v * k, h * k if pd.notna(h) else h, lang)
               for v, h, k in zip(facts["value"].astype(float), high.astype(float), scale)],
        unit=[i18n.money_unit(lang) if m else t("thousand_persons", lang) if h else u
              for m, h, u in zip(money, heads, localize(facts, lang)["unit"])])
    return TableView(view.sort_values(["kind", "year"]),
                     {"year": t("year", lang), "kind_label": t("kind", lang), "scope": t("scope", lang),
                      "q": t("qualifier", lang), "value": t("value", lang), "unit": t("unit", lang)},
                     caption=t("facts_table_caption", lang, name=name), lang=lang)


def _figure(v, unit_zh, unit_text, lang: str) -> str:
    if unit_zh == "亿元":
        return i18n.money(v, lang)
    return f"{v:g}" + {"en": " ", "zh": ""}[check_lang(lang)] + str(unit_text)


def growth_sentences(paths: pd.DataFrame, lang: str) -> list[str]:
    """'To go from X in 2016 to Y in 2020, … must grow Z a year', for each target with a comparable baseline."""
    out = []
    view = localize(paths, lang)
    for (_, r), (_, raw) in zip(view.iterrows(), paths.iterrows()):
        if pd.isna(r["base_value"]) or not bool(r["comparable"]):
            continue
        growth = (i18n.rate(r["required_cagr"], lang=lang, signed=False) if pd.notna(r["required_cagr"])
                  else i18n.pp(r["required_pp_per_year"], lang))
        out.append(t("growth_sentence", lang, base=_figure(r["base_value"], raw["unit"], r["unit"], lang),
                     y0=r["base_year"], target=_figure(r["target_value"], raw["unit"], r["unit"], lang),
                     y1=r["target_year"], qual=i18n.qualifier(r["qualifier"], lang), metric=r["target_scope"],
                     cagr=growth))
    return out


def growth_warnings(paths: pd.DataFrame, facts: pd.DataFrame, name: str, lang: str) -> list[str]:
    """Targets whose baseline measures another scope (or possibly a narrower one); or that none has a baseline."""
    view = localize(paths.dropna(subset=["base_value"]), lang)
    out = []
    for _, r in view.iterrows():
        if not bool(r["comparable"]):
            out.append(t("scope_warning", lang, y0=r["base_year"], y1=r["target_year"], tscope=r["target_scope"],
                         bscope=r["base_scope"]))
        elif r.get("scope_vs_baseline") == "possibly_wider":
            out.append(t("scope_possibly_wider", lang, y0=r["base_year"], y1=r["target_year"],
                         tscope=r["target_scope"]))
    if view.empty and not facts.empty:
        out.append(t("no_paths", lang, name=name))
    return out


def growth_chart(paths: pd.DataFrame, name: str, lang: str, source: str):
    """The 2016 figures and targets in money (None when the industry has none)."""
    from .plots import growth_path_chart
    from .plots import chartable_paths
    money_paths = chartable_paths(paths[paths["unit"] == "亿元"])  # a lone target is in the facts table, not a chart
    if money_paths.empty:
        return None
    key = "path_chart_title" if money_paths["base_value"].notna().any() else "targets_chart_title"
    return growth_path_chart(money_paths, lang, source, chart_title(t(key, lang), name, lang))


def chart_title(title: str, name: str, lang: str) -> str:
    """A chart title naming the industry: 'Benchmarks … — Textiles' / '纺织产业：路线图对标对象…'."""
    return _TITLE_NAME[check_lang(lang)].format(title=title, name=name)


def positioning_sentence(positioning: pd.DataFrame, lang: str) -> str:
    return t("positioning_sentence", lang, goals=item_sep(lang).join(localize(positioning, lang)["positioning"]))


def positioning_table(positioning: pd.DataFrame, lang: str) -> TableView:
    """The positioning goals with their benchmarks, headed by the data package's titles."""
    view = localize(positioning, lang, titles_from="positioning")
    for c in ("benchmark_regions", "benchmark_enterprises"):  # ';'-joined in the data: 法国巴黎；意大利米兰
        view[c] = view[c].str.replace(";", item_sep(lang), regex=False)
    return TableView(view, titled(view, ["positioning", "benchmark_regions", "benchmark_enterprises"]), lang=lang)


def benchmarks_sentence(benchmarks: pd.DataFrame, roadmap: pd.DataFrame, lang: str) -> str:
    """How many benchmarks, counted distinct (a name under several focus areas once), at home and abroad.

    The counts are :func:`shaoxing.analysis.benchmark_profile`'s, over all the rows given taken as one group.
    """
    prof = A.benchmark_profile(benchmarks.assign(industry="all"))
    if prof.empty:
        return i18n.benchmarks_text(0, 0, len(roadmap), 0, 0, 0, lang)
    r = prof.iloc[0]
    return i18n.benchmarks_text(int(r["distinct"]), int(r["mentions"]), len(roadmap), int(r["domestic"]),
                                int(r["foreign"]), int(r["countries"]), lang)


def benchmarks_table(benchmarks: pd.DataFrame, lang: str) -> TableView:
    view = localize(benchmarks, lang).assign(kind_label=[t(f"k_{k}", lang) for k in benchmarks["kind"]],
                                             country=[i18n.country(c, lang) for c in benchmarks["country"]])
    return TableView(view, {"focus_no": "#", "name": t("benchmark", lang), "detail": t("note", lang),
                            "country": t("country", lang), "kind_label": t("kind", lang)}, lang=lang)


def roadmap_table(roadmap: pd.DataFrame, lang: str) -> TableView:
    """The roadmap's focus areas (with their group where the roadmap has groups), headed by the data package's titles."""
    view = localize(roadmap, lang, titles_from="roadmap")
    cols = ["focus_no"] + (["group"] if view["group"].notna().any() else [])
    cols += ["focus_area", "new_products", "new_technologies", "new_equipment", "benchmarks"]
    return TableView(view, titled(view, cols, focus_no="#"), lang=lang)


def standing_sentence(structure: pd.DataFrame, name: str, lang: str) -> str:
    head = structure[structure["level"] == "industry"].iloc[0]
    return t("standing_sentence", lang, segment=name, prov=i18n.pct(head["share_province_pct"]),
             nat=i18n.pct(head["share_national_pct"]))


def shares_in_prose(facts: pd.DataFrame, lang: str) -> TableView | None:
    """The shares an industry's prose states (for industries without a structure table); None if none."""
    shares = A.standing_shares(facts, facts["industry"].iloc[0]) if len(facts) else facts
    if shares.empty:
        return None
    return TableView(localize(shares, lang), {"year": t("year", lang), "scope": t("scope", lang), "value": "%"}, lang=lang)


# -------------------------------------------------------------------------------- progress tracker

_COLON = {"en": ": ", "zh": "："}
ASSESSED = ("target_met", "on_track", "acceleration_needed", "limited_progress", "deterioration")


def _amount(v, unit_zh, unit_en, lang: str) -> str:
    return i18n.amount(v, unit_zh, unit_en, lang)


def figure_in_year(v, unit_zh, unit_en, year, lang: str) -> str:
    """A figure with its year: '32.8% (2016)' / '32.8%（2016年）'; '—' when missing."""
    if pd.isna(v):
        return "—"
    return t("obs_in_period", lang, value=_amount(v, unit_zh, unit_en, lang), period=i18n.period_text(None, year, lang))


def progress_intro(observations: pd.DataFrame, assessment: pd.DataFrame, lang: str) -> str:
    """How many observations, and how many distinct plan items they speak to (not rows of a table)."""
    from .progress import count_plan_items
    return t("progress_intro", lang, n_obs=len(observations), n_items=count_plan_items(assessment))


def _item_status(assessment: pd.DataFrame) -> pd.Series:
    """One status per distinct plan item: assessed if any of its rows is, else not comparable, else unable."""
    rank = {s: k for k, s in enumerate(ASSESSED + ("not_comparable", "unable_to_assess"))}
    key = assessment["plan_item_en"].fillna(assessment["item"])
    best = assessment.assign(_k=key, _r=assessment["status"].map(rank)).sort_values("_r", kind="stable")
    return best.drop_duplicates("_k").set_index("_k")["status"]


def progress_user_notes(observations: pd.DataFrame, file_name: str, lang: str) -> list[str]:
    """A note naming the user's file, when observations of one's own are included."""
    n_user = int((observations["origin"] == "user").sum())
    return [t("progress_user", lang, n=n_user, file=file_name)] if n_user else []


def progress_summary(assessment: pd.DataFrame, lang: str) -> str:
    """How many plan items could be assessed, by status; how many were not comparable or not assessable."""
    from .progress import STATUSES
    status = _item_status(assessment) if len(assessment) else pd.Series(dtype="string")
    assessed = status[status.isin(ASSESSED)]
    counts = assessed.value_counts()
    parts = [t("progress_count", lang, label=t("st_" + s, lang).lower(), n=int(counts[s]))
             for s in STATUSES if s in counts]
    return t("progress_summary", lang, n_assessed=len(assessed), n_items=len(status),
             counts=t("progress_list_sep", lang).join(parts) or "—",
             n_nc=int((status == "not_comparable").sum()), n_ua=int((status == "unable_to_assess").sum()),
             are="is" if int((status == "not_comparable").sum()) == 1 else "are",
             have="has" if int((status == "unable_to_assess").sum()) == 1 else "have")


def _status_text(status: str, reason, lang: str) -> str:
    # the reason is shown where it says more than the status ('scope differs' says no more than 'not comparable')
    text = t("st_" + status, lang)
    if isinstance(reason, str) and reason and reason != "scope":
        text += _COLON[check_lang(lang)] + t("rs_" + reason, lang)
    return text


def assessment_table(assessment: pd.DataFrame, lang: str) -> TableView:
    """Each plan item: baseline, target, latest observation, growth required and observed, status."""
    rows = [r for _, r in assessment.iterrows()]
    loc = localize(assessment, lang)
    view = assessment.assign(
        label=[i18n.item_label(r, lang) for r in rows],
        base=[figure_in_year(r["baseline"], r["unit"], r["unit_en"], r["baseline_year"], lang) for r in rows],
        tgt=[figure_in_year(r["target"], r["unit"], r["unit_en"], r["target_year"], lang) for r in rows],
        obs=[t("ob_observed", lang, value=_amount(r["observed"], r["unit"], r["unit_en"], lang),
               period=i18n.period_text(r["period"], r["year"], lang), what=what)
             for r, what in zip(rows, loc["metric"])],
        req=[i18n.growth(r["required_cagr"], r["measure"], lang) for r in rows],
        got=[i18n.growth(r["observed_cagr"], r["measure"], lang) for r in rows],
        pct=assessment["ratio"] * 100,
        st=[_status_text(s, r, lang) for s, r in zip(assessment["status"], assessment["reason"])],
    )
    return TableView(view, {"label": t("pt_col_plan_item", lang), "base": t("pt_col_baseline", lang),
                            "tgt": t("pt_col_target", lang), "obs": t("pt_col_observed", lang),
                            "req": t("pt_col_required_growth", lang), "got": t("pt_col_observed_growth", lang),
                            "pct": t("pt_col_ratio", lang), "st": t("pt_col_status", lang)},
                     digits={"pct": 0}, lang=lang)


def _url_text(u) -> str:
    """A URL as a Markdown code span: shown exactly as text, never a link or markup ('`' cannot close it)."""
    return "`" + str(u).replace("`", "%60") + "`" if pd.notna(u) else "—"


def _quote(text, lang: str) -> str:
    """A source's words in <q>, exactly as published; marked as another language when the page's is not theirs.

    A quote without a Chinese character on a Chinese page (or with one on an English page) is in a language the
    page cannot name from the data (a Polish trade site, say): ``lang="und"`` says it is not the page's language.
    """
    if pd.isna(text):
        return "—"
    chinese = any("\u4e00" <= ch <= "\u9fff" for ch in str(text))
    other = (check_lang(lang) == "zh") != chinese
    return (f'<q lang="und">' if other else "<q>") + i18n.esc(text) + "</q>"


def observations_markdown(observations: pd.DataFrame, lang: str) -> str:
    """Every observation as a short block: what, value, period, comparability, plan item, scope, quote, source.

    Returns Markdown with all data text escaped (show it with ``D.md``).
    """
    esc = i18n.esc
    loc = localize(observations, lang)
    blocks = []
    for i, ((_, r), (_, raw)) in enumerate(zip(loc.iterrows(), observations.iterrows()), start=1):
        what = r["metric"] if pd.notna(r["metric"]) else r["metric_id"]
        kind = (t("sk_" + r["source_kind"], lang) if pd.notna(r["source_kind"]) else "—") \
            + (" · " + t("or_user", lang) if r["origin"] == "user" else "")
        head = t("ob_head", lang, i=i, what=what if pd.notna(what) else "—",
                 value=_amount(raw["value"], raw["unit"], raw["unit_en"], lang),
                 period=i18n.period_text(r["period"], r["year"], lang))
        text = lambda x: x if pd.notna(x) else "—"  # noqa: E731
        lines = ["**" + esc(head) + "** · " + esc(t("ob_comparable" if r["comparable"] else "ob_not_comparable", lang)),
                 "- " + esc(t("ob_plan_item", lang, x=text(r["plan_item"]))),
                 "- " + esc(t("ob_scope", lang, x=text(r["scope_note"]))),
                 "- " + esc(t("ob_quote", lang, x="QUOTETOKEN")).replace(
                     "QUOTETOKEN", _quote(r["quote"], lang)),
                 "- " + esc(t("ob_source", lang, kind=kind, x="URLTOKEN")).replace("URLTOKEN", _url_text(r["source_url"]))]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def unobserved_intro(missing: pd.DataFrame, lang: str) -> str:
    return t("unobserved_intro", lang, n=len(missing), n_ind=int((missing["item_type"] == "indicator").sum()),
             n_out=int((missing["item_type"] == "industry").sum()))


def _target_text(v, text, unit_zh, unit_en, lang: str, kind="level") -> str:
    """A target as the plan means it: a yearly increment as such (年均新增500项), a composition as printed."""
    return i18n.indicator_target(v, text, kind if isinstance(kind, str) else "level", unit_zh, unit_en, lang)


def unobserved_table(missing: pd.DataFrame, lang: str) -> TableView:
    """The plan items no observation speaks to: their baseline and targets."""
    loc = localize(missing, lang)

    def base(r):
        unit = i18n.count_word(r["unit"], r["unit_en"], lang)
        at = figure_in_year(r["baseline"], unit, r["unit_en"], r["baseline_year"], lang)
        if r.get("target_kind") == "annual_increment" and pd.notna(r["baseline"]):
            return t("increment_baseline", lang, value=_amount(r["baseline"], unit, r["unit_en"], lang),
                     year=int(r["baseline_year"]))
        if pd.notna(r["baseline_comparable"]) and not bool(r["baseline_comparable"]):
            return t("ob_baseline_other_scope", lang, x=at)
        if pd.notna(r["baseline"]):
            return at
        return r["baseline_text"] if pd.notna(r["baseline_text"]) else "—"

    rows = [r for _, r in missing.iterrows()]
    view = missing.assign(
        kind=[t("it_" + k, lang) for k in missing["item_type"]],
        label=[(f"{int(r['indicator_no'])}. " if r["item_type"] == "indicator" else f"{ind}{_COLON[check_lang(lang)]}") + str(nm)
               for r, ind, nm in zip(rows, loc["industry"], loc["name"])],
        base=[base(r) for r in rows],
        t20=[_target_text(r["target_2020"], r["target_2020_text"], r["unit"], r["unit_en"], lang, r.get("target_kind"))
             for r in rows],
        t25=[_target_text(r["target_2025"], r["target_2025_text"], r["unit"], r["unit_en"], lang, r.get("target_kind"))
             for r in rows],
    )
    return TableView(view, {"kind": t("pt_col_item_kind", lang), "label": t("pt_col_plan_item", lang),
                            "base": t("pt_col_baseline", lang), "t20": t("pt_col_target_2020", lang),
                            "t25": t("pt_col_target_2025", lang)}, lang=lang)
