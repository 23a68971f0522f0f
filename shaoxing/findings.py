"""Sentences and chart overlays for issue 12's deeper analysis, in English and Chinese.

The numbers come from :mod:`shaoxing.analysis` and :mod:`shaoxing.progress` (headline arithmetic, value
added against its targets, structure measures, plausibility flags, scenarios, each industry's outcomes);
this module only says them, in either language, so the notebooks stay thin and the wording is tested.

Number style: Chinese as the plan writes (``4134.6亿元``, ``6.3%``, ``1862家``: no thousands separator,
no space before the unit); English in CNY bn (1 亿元 = CNY 0.1 bn).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from . import i18n
from .i18n import check_lang

__all__ = ["money", "pct", "headline_text", "headline_table", "value_added_text", "value_added_table",
           "structure_text", "concentration_text", "measures_table", "flag_texts", "no_flag_text", "scenario_for",
           "scenario_text", "scenario_sentence", "benchmark_text", "outcomes_text", "outcomes_table", "outcome_points", "outcome_credit", "add_outcome_points",
           "add_scenario_line", "TEXT", "text"]


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def money(yi, lang: str, digits: int = 1) -> str:
    """An amount held in 亿元, rounded to ``digits`` with trailing zeros dropped.

    zh as the plan writes it, ``4134.6亿元``, ``8000亿元`` (no separator, no space); en in CNY bn with one
    more decimal below CNY 10 bn: ``CNY 413.5 bn``, ``CNY 800 bn``, ``CNY 9.35 bn``.  Formatted by
    :func:`shaoxing.i18n.money`.
    """
    if _missing(yi):
        return "—"
    if check_lang(lang) == "en" and abs(float(yi) * i18n.YI_TO_BN) < 10:
        digits += 1
    return i18n.money(float(yi), lang, digits, trim=True)


def plan_money(yi, lang: str) -> str:
    """A figure the plan prints (or a sum of such figures), as exact as printed: ``CNY 367.35 bn`` for
    3673.5亿元, not ``CNY 367.4 bn``; Chinese as :func:`money` (``3673.5亿元``)."""
    return money(yi, lang, digits=2 if check_lang(lang) == "en" else 1)


def pct(x, digits: int = 1, signed: bool = False) -> str:
    """A percentage number (not a fraction): ``8.2%``, ``25%`` (no spurious ``.0``), or ``+6.3%`` with ``signed``."""
    if _missing(x):
        return "—"
    s = f"{float(x):+.{digits}f}" if signed else f"{float(x):.{digits}f}"
    return i18n.minus((s.rstrip("0").rstrip(".") if "." in s else s) + "%")


def _num(x, digits: int = 1) -> str:
    if _missing(x):
        return "—"
    v = float(x)
    return i18n.minus(f"{v:.0f}" if digits == 0 or v == round(v) and digits <= 1 and abs(v) >= 100
                      else f"{v:.{digits}f}")


def _pp(x, lang: str, digits: int = 2) -> str:
    if _missing(x):
        return "—"
    s = i18n.minus(f"{float(x):.{digits}f}".rstrip("0").rstrip("."))
    return f"{s} percentage points" if lang == "en" else f"{s}个百分点"


TEXT = {
    # headings and notes of the sections these sentences fill
    "sec_headline": {"en": "What the headline target implies", "zh": "总目标隐含的增速"},
    "sec_measures": {"en": "Taxes, productivity and concentration", "zh": "税收、劳动生产率与集中度"},
    "no_measures": {"en": "The plan gives no taxes, employment or counts of large firms for {name}.",
                    "zh": "方案未给出{name}的税金、从业人员或大企业数量。"},
    "sec_outcomes": {"en": "Later figures", "zh": "后续实际数据"},
    "sec_cross_measures": {"en": "Structure measures side by side", "zh": "各产业结构指标对比"},
    "cross_measures_intro": {
        "en": ("From the plan's own 2016 figures: taxes against output (huangjiu: against sales), the industry's "
               "shares of the taxes and output of the city's firms above designated size, output per worker, the least share its named "
               "large firms hold, the leading-firm targets, the targets flagged as implausible and the benchmarks "
               "named. A dash: the plan gives no input."),
        "zh": ("均由方案2016年数据计算：税金占产值比重（黄酒为占销售收入比重）、占全市规上工业税金与产值的比重、人均产值、"
               "方案所列大企业至少占有的份额、龙头企业份额目标、被提示的目标数及对标对象数。“—”表示方案未给出所需数据。"),
    },
    "scenario_no_base": {"en": "Scenario: the plan gives no figure in money to project from.",
                         "zh": "情景测算：方案未给出可作基数的金额数据。"},
    # table headers
    "col_segment": {"en": "Segment", "zh": "行业"},
    "col_va_share": {"en": "Share of value added", "zh": "增加值比重"},
    "col_output_share": {"en": "Share of output", "zh": "产值比重"},
    "col_va_to_output": {"en": "Value added / output share", "zh": "增加值比重/产值比重"},
    "col_va_target": {"en": "2020 target", "zh": "2020年目标"},
    "col_pp_year": {"en": "Change needed a year", "zh": "每年需提高"},
    "col_industry": {"en": "Industry", "zh": "产业"},
    "col_tax_intensity": {"en": "Taxes / output", "zh": "税金/产值"},
    "col_tax_share": {"en": "Share of city taxes", "zh": "占全市税金"},
    "col_out_share": {"en": "Share of city output", "zh": "占全市产值"},
    "col_per_worker": {"en": "Output per worker (CNY m)", "zh": "人均产值（万元）"},
    "col_top_firms": {"en": "Named large firms' least share", "zh": "所列大企业至少占"},
    "col_top_target": {"en": "Large-firm target's least share", "zh": "大企业培育目标至少占"},
    "col_lead_target": {"en": "Leading firms' target share", "zh": "龙头企业份额目标"},
    "col_flags": {"en": "Targets flagged", "zh": "被提示的目标"},
    "col_benchmarks": {"en": "Benchmarks (mentions)", "zh": "对标对象（提及次数）"},
    "col_year": {"en": "Year", "zh": "年份"},
    "col_figure": {"en": "Figure", "zh": "数值"},
    "col_measures_what": {"en": "What it measures", "zh": "统计内容"},
    "col_comparable": {"en": "Comparable", "zh": "可比"},
    "col_status": {"en": "Status", "zh": "状态"},
    "col_source": {"en": "Source", "zh": "来源"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "kind_official": {"en": "official", "zh": "官方"},
    "kind_press": {"en": "press", "zh": "报刊"},
    "kind_secondary": {"en": "secondary", "zh": "转载"},
    # benchmarks
    "benchmarks_distinct": {
        "en": ("Counted by name, the roadmap's {mentions} benchmark mentions are {distinct} distinct benchmarks{repeated}: "
               "{kinds}; {where}. The plan gives no figure for any of them, so no gap to a benchmark can be measured."),
        "zh": ("按名称计，路线图中{mentions}次提及的对标对象共{distinct}个{repeated}：{kinds}；{where}。"
               "方案未给出任何对标对象的数据，无法测算与对标对象的差距。"),
    },
    "benchmarks_kinds": {
        "en": "By kind: {kinds}.{repeated} The plan gives no figure for any of them, so no gap to a benchmark can be measured.",
        "zh": "按类型分，{kinds}。{repeated}方案未给出任何对标对象的数据，无法测算与对标对象的差距。",
    },
    "benchmarks_kinds_repeated": {"en": " {names} are named under more than one focus area.",
                                  "zh": "{names}在多个重点领域被重复提及。"},
    "where_both": {"en": "{domestic} in China and {foreign} abroad ({countries} {countries_word})",
                   "zh": "国内{domestic}个，国外{foreign}个（{countries}个国家）"},
    "where_domestic": {"en": "all in China", "zh": "均在国内"},
    "where_foreign": {"en": "all abroad ({countries} {countries_word})", "zh": "均在国外（{countries}个国家）"},
    "benchmarks_repeated": {"en": " ({names} are named more than once)", "zh": "（{names}被多次提及）"},
    "kind_enterprise": {"en": "{n} enterprise{s}", "zh": "企业{n}个"},
    "kind_region": {"en": "{n} region{s}", "zh": "地区{n}个"},
    "kind_site": {"en": "{n} site{s}", "zh": "场所{n}个"},
    # headline
    "headline": {
        "en": ("The plan sets the key traditional industries an output of {headline} for {year1} but "
               "gives no {year0} total. Summing the five industries' {year0} figures as the plan states them "
               "({stated_parts}) gives {base_stated}, so the headline needs growth of {cagr_stated} a year "
               "({ratio_stated} times the base in {years} years). Counting firms above designated size only "
               "({above_parts}) gives {base_above} and {cagr_above} a year. Both readings add huangjiu's sales to "
               "the others' output value, and the first mixes figures for firms above designated size with city-wide ones."),
        "zh": ("方案提出{year1}年重点传统产业产值达到{headline}，但未给出{year0}年合计。按方案对五个产业的表述加总"
               "（{stated_parts}），{year0}年为{base_stated}，实现目标需年均增长{cagr_stated}（{years}年增至{ratio_stated}倍）；"
               "仅计规模以上企业（{above_parts}），基数为{base_above}，需年均增长{cagr_above}。两种口径都把黄酒销售额"
               "与其他产业产值相加，前一种还混合了规上数据与全市数据。"),
    },
    "reading_stated": {"en": "as the plan states each industry", "zh": "按方案表述"},
    "reading_above_scale": {"en": "firms above designated size only", "zh": "仅计规上企业"},
    "assume_stated": {"en": "output of firms above designated size for textiles, chemicals and metal; "
                               "city-wide huangjiu sales and pearl output",
                      "zh": "纺织、化工、金属加工为规上产值；黄酒为全市销售额，珍珠为全市产值"},
    "assume_above_scale": {"en": "output of firms above designated size; for huangjiu, their sales",
                           "zh": "均为规上企业产值，黄酒为规上企业销售额"},
    "col_reading": {"en": "Reading", "zh": "口径"},
    "col_base": {"en": "2016 base", "zh": "2016年基数"},
    "col_ratio": {"en": "Target / base", "zh": "目标/基数"},
    "col_cagr": {"en": "Growth needed a year", "zh": "所需年均增速"},
    "col_assumes": {"en": "What the reading assumes", "zh": "该口径的假定"},
    # value added
    "va_target": {
        "en": ("The {segment} segment has {share} of the textile industry's value added and is to reach {target} "
               "by {year1}: {change} more, {per_year} a year from {year0}."),
        "zh": "{segment}工业增加值占纺织业的{share}，方案要求{year1}年达到{target}：需提高{change}，自{year0}年起每年提高{per_year}。",
    },
    "va_rest": {
        "en": ("Together the targets leave the other segments ({rest}) at most {rest_max} of value added, against "
               "{rest_now} in the plan's value-added chain."),
        "zh": "两项目标合计后，其余行业（{rest}）的增加值比重最多为{rest_max}，而目前为{rest_now}。",
    },
    "va_vs_output": {
        "en": ("Value added is spread differently from output: {low} make {low_out} of output but {low_va} of value "
               "added; {high}, {high_out} of output and {high_va} of value added."),
        "zh": "增加值与产值的分布不同：{low}占产值的{low_out}，占增加值的{low_va}；{high}占产值的{high_out}，占增加值的{high_va}。",
    },
    # structure
    "tax_intensity": {
        "en": "Taxes were {ti} of {base_label} in {year} ({taxes} on {base}).",
        "zh": "{year}年{tax_term}{taxes}，占{base_label}{base}的{ti}。",
    },
    "base_output_value": {"en": "output", "zh": "产值"},
    "base_output_value_above_scale": {"en": "output", "zh": "产值"},
    "base_sales": {"en": "sales", "zh": "销售收入"},
    "tax_share": {
        "en": ("The industry accounted for {out_share} of the output and {tax_share} of the taxes of the city's "
               "industrial firms above designated size."),
        "zh": "该产业以占全市规上工业{out_share}的产值，缴纳了全市规上工业{tax_share}的税金。",
    },
    "productivity": {
        "en": ("Output per worker was {opw} ({output} from {emp} workers), and the industry employed {emp_share} of "
               "the workforce of the city's industrial firms above designated size."),
        "zh": "人均产值{opw}（产值{output}，从业人员{emp}），从业人员占全市规上工业的{emp_share}。",
    },
    "top_firms_actual": {
        "en": ("The plan names {bands}: {firms} firms with sales of at least {bound} together, at least {share} of "
               "the industry's {den_label} in {year} (their sales set against the industry's {den_label})."),
        "zh": "方案列出{bands}：{firms}家企业合计销售收入至少{bound}，至少相当于{year}年全行业{den_label}的{share}（以企业销售收入对比行业{den_label}）。",
    },
    "top_firms_target": {
        "en": ("The {year} target of {bands} means sales of at least {bound} for those firms, at least {share} of "
               "the industry's {den_label} target."),
        "zh": "方案要求{year}年培育{bands}，即这些企业合计销售收入至少{bound}，至少相当于行业{den_label}目标的{share}。",
    },
    "target_share": {
        "en": "Leading firms are to hold {share} of the industry's output by {year}.",
        "zh": "方案要求到{year}年行业龙头企业产值占行业总量的{share}。",
    },
    "den_output_value": {"en": "output", "zh": "产值"},
    "den_output_value_above_scale": {"en": "output", "zh": "产值"},
    "den_sales": {"en": "sales", "zh": "销售额"},
    "den_sales_above_scale": {"en": "sales", "zh": "销售额"},
    "undated_count": {"en": " The plan prints these counts without a year; they are set against the {year} figure.",
                      "zh": "方案未注明上述企业数的年份，此处与{year}年数据对比。"},
    # flags
    "flag": {
        "en": ("Flag: the {year1} target of {target} ({tscope}) is {ratio} times the {year0} figure of {base} "
               "({bscope}) and needs {cagr} a year for {years} years{scope}."),
        "zh": "提示：{year1}年目标（{tscope}{target}）为{year0}年{bscope}{base}的{ratio}倍，{years}年间需年均增长{cagr}{scope}。",
    },
    "flag_same": {
        "en": ("Flag: the {year1} target of {target} ({tscope}) is {ratio} times the {year0} figure of {base} and needs "
               "{cagr} a year for {years} years."),
        "zh": "提示：{year1}年目标（{tscope}{target}）为{year0}年{base}的{ratio}倍，{years}年间需年均增长{cagr}。",
    },
    "flag_scope": {"en": "; the two measure different scopes, so the arithmetic only shows the size of the step",
                   "zh": "；两者统计口径不同，上述计算仅反映跨度大小"},
    "no_flag": {
        "en": "No target of this industry needs more than {cagr} a year or more than {ratio} times its baseline.",
        "zh": "该产业各项目标所需年均增速均不超过{cagr}，目标值均不超过基数的{ratio}倍。",
    },
    # scenario
    "scenario": {
        "en": ("Scenario: at {rate} a year from {base} in {year0}, the industry would reach {p1} in {year1}, {gap} "
               "{side} the target of {target} ({gap_pct}), and {p2} in {year2}."),
        "zh": "情景测算：以{year0}年{base}为基数，按年均{rate}增长，{year1}年将达到{p1}，比目标{target}{side}{gap}（{gap_pct}）；{year2}年达到{p2}。",
    },
    "scenario_no_target": {
        "en": "Scenario: at {rate} a year from {base} in {year0}, the industry would reach {p1} in {year1} and {p2} in {year2}.",
        "zh": "情景测算：以{year0}年{base}为基数，按年均{rate}增长，{year1}年将达到{p1}，{year2}年达到{p2}。",
    },
    "below": {"en": "below", "zh": "低"},
    "above": {"en": "above", "zh": "高"},
    "scenario_scope": {
        "en": " The baseline has a different scope from the target, so the gap only shows the size of the step.",
        "zh": "基数与目标统计口径不同，差距仅反映跨度大小。",
    },
    "scenario_label": {"en": "scenario, {rate} a year", "zh": "情景：年均{rate}"},
    # outcomes
    "outcomes_none": {"en": "No later figure for this industry has been found in public sources.",
                      "zh": "公开来源中未找到该产业的后续数据。"},
    "outcomes_intro": {
        "en": "Later figures found for this industry: {n}; levels drawn on the chart above: {points}.",
        "zh": "共收集到该产业后续数据{n}项，其中总量数据{points}项，已标于上图。",
    },
    "outcome_point_other": {
        "en": ("{year}: {value}, {metric}. It has a different scope from the plan's target, so it is drawn apart "
               "and no progress is measured from it (status: not comparable)."),
        "zh": "{year}年：{value}，{metric}。其统计口径与方案目标不同，故单独标出，不据此评估进展（状态：不可比）。",
    },
    "outcome_point_comparable": {
        "en": "{year}: {value}, {metric}, comparable with the plan's figures: {status}.",
        "zh": "{year}年：{value}，{metric}，与方案数据可比：{status}。",
    },
    "observed_comparable": {"en": "observed", "zh": "实际值"},
    "observed_other": {"en": "observed, other scope", "zh": "实际值（口径不同）"},
    # the credit the growth chart adds to its source line when it draws later figures
    "outcome_credit": {"en": "later figures ({years}): public sources ({kinds}) listed under “Later figures”",
                       "zh": "后续数据（{years}年）：公开来源（{kinds}），详见“后续实际数据”"},
    "status_target_met": {"en": "target met", "zh": "已达目标"},
    "status_on_track": {"en": "on track", "zh": "进度正常"},
    "status_acceleration_needed": {"en": "acceleration needed", "zh": "需加快进度"},
    "status_limited_progress": {"en": "limited progress", "zh": "进展有限"},
    "status_deterioration": {"en": "moving away from the target", "zh": "背离目标"},
    "status_not_comparable": {"en": "not comparable", "zh": "不可比"},
    "status_unable_to_assess": {"en": "unable to assess", "zh": "无法评估"},
}


def text(key: str, lang: str, **kw) -> str:
    """The sentence ``key`` in ``lang`` with its placeholders filled."""
    s = TEXT[key][check_lang(lang)]
    return s.format(**kw) if kw else s


def _target(figure: str, q, lang: str) -> str:
    """A target figure with the plan's qualifier, placed as each language places it.

    en: ``more than 1800``, ``at least 20%``, ``about 50%``, ``1500 (a 'strive for' target)``;
    zh: ``超过1800亿元``, ``20%以上``, ``50%左右``, ``力争达到1500亿元``.
    """
    if _missing(q) or q == "reach":
        return figure
    if lang == "en":
        return {"exceed": f"more than {figure}", "at_least": f"at least {figure}", "about": f"about {figure}",
                "strive": f"{figure} (a 'strive for' target)"}.get(q, figure)
    return {"exceed": f"超过{figure}", "at_least": f"{figure}以上", "about": f"{figure}左右",
            "strive": f"力争达到{figure}"}.get(q, figure)


def _lower(s):
    """Lower-case an English name's first letter for use inside a sentence (not an acronym such as R&D)."""
    if isinstance(s, str) and len(s) > 1 and s[0].isupper() and s[1].islower():
        return s[0].lower() + s[1:]
    return s


def _join(items, lang: str) -> str:
    items = [i for i in items if i]
    if lang == "zh":
        return "，".join(items)
    return ", ".join(items[:-1]) + (" and " if len(items) > 1 else "") + items[-1] if items else ""


# ---------------------------------------------------------------- headline


def headline_text(arith: pd.DataFrame, components: pd.DataFrame, industries: pd.DataFrame, lang: str) -> str:
    """One paragraph on :func:`shaoxing.analysis.headline_arithmetic` (both readings)."""
    a = arith.set_index("reading")
    names = industries.set_index("industry")["name_en" if lang == "en" else "name_zh"]

    def parts(reading):
        c = components[(components["reading"] == reading) & components["value"].notna()]
        sep = " " if lang == "en" else ""
        return ("; " if lang == "en" else "；").join(f"{names.get(r.industry, r.industry)}{sep}{plan_money(r.value, lang)}"
                                                    for r in c.itertuples(index=False))

    s, b = a.loc["stated"], a.loc["above_scale"]
    return text("headline", lang, headline=money(s["headline"], lang), year0=int(s["base_year"]),
                year1=int(s["target_year"]), years=int(s["years"]), stated_parts=parts("stated"),
                above_parts=parts("above_scale"), base_stated=money(s["base"], lang), base_above=money(b["base"], lang),
                cagr_stated=pct(s["required_cagr"] * 100), cagr_above=pct(b["required_cagr"] * 100),
                ratio_stated=f"{s['ratio']:.2f}")


def headline_table(arith: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The readings as a small table with localized headers, figures formatted for ``lang``."""
    rows = [{text("col_reading", lang): text(f"reading_{r.reading}", lang),
             text("col_base", lang): money(r.base, lang),
             text("col_ratio", lang): f"{r.ratio:.3f}",
             text("col_cagr", lang): pct(r.required_cagr * 100),
             text("col_assumes", lang): text(f"assume_{r.reading}", lang)} for r in arith.itertuples(index=False)]
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- value added


def value_added_text(targets: pd.DataFrame, vs_output: pd.DataFrame, lang: str) -> list[str]:
    """Sentences on :func:`value_added_targets` and :func:`value_added_vs_output` (one a paragraph)."""
    seg = "segment_en" if lang == "en" else "segment_zh"

    def name(x):
        return x[:1].lower() + x[1:] if lang == "en" else x

    out = []
    for r in targets[targets["target_pct"].notna()].itertuples(index=False):
        out.append(text("va_target", lang, segment=name(getattr(r, seg)), share=pct(r.share_pct, 0),
                        target=_target(pct(r.target_pct, 0), r.qualifier, lang), year1=int(r.target_year),
                        year0=int(r.base_year), change=_pp(r.change_pp, lang), per_year=_pp(r.pp_per_year, lang)))
    if out:
        rest = [name(x) for x in targets.loc[targets["target_pct"].isna(), seg]]
        out.append(text("va_rest", lang, rest=("; " if lang == "en" else "、").join(rest),
                        rest_max=pct(targets.attrs["untargeted_max_pct"], 0),
                        rest_now=pct(targets.attrs["untargeted_now_pct"], 0)))
    if len(vs_output) and vs_output["va_to_output"].notna().any():
        lo = vs_output.loc[vs_output["va_to_output"].idxmin()]
        hi = vs_output.loc[vs_output["va_to_output"].idxmax()]
        out.append(text("va_vs_output", lang, low=name(lo[seg]), low_out=pct(lo["output_share_pct"]),
                        low_va=pct(lo["va_share_pct"], 0), high=name(hi[seg]), high_out=pct(hi["output_share_pct"]),
                        high_va=pct(hi["va_share_pct"], 0)))
    return out


def value_added_table(targets: pd.DataFrame, vs_output: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Segments with their value-added and output shares and the 2020 targets, headers in ``lang``."""
    seg = "segment_en" if lang == "en" else "segment_zh"
    t = targets.set_index("segment_zh")
    rows = []
    for r in vs_output.itertuples(index=False):
        tr = t.loc[r.segment_zh] if r.segment_zh in t.index else None
        has = tr is not None and not _missing(tr["target_pct"])
        rows.append({text("col_segment", lang): getattr(r, seg),
                     text("col_va_share", lang): pct(r.va_share_pct, 0),
                     text("col_output_share", lang): pct(r.output_share_pct),
                     text("col_va_to_output", lang): f"{r.va_to_output:.2f}",
                     text("col_va_target", lang): _target(pct(tr["target_pct"], 0), tr["qualifier"], lang) if has else "—",
                     text("col_pp_year", lang): _pp(tr["pp_per_year"], lang) if has else "—"})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- structure


def structure_text(row: pd.Series, lang: str) -> list[str]:
    """Sentences on one industry's row of :func:`shaoxing.analysis.structure_measures` (what the plan allows)."""
    out = []
    if not _missing(row["tax_intensity_pct"]):
        out.append(text("tax_intensity", lang, ti=pct(row["tax_intensity_pct"]), year=int(row["year"]),
                        taxes=plan_money(row["taxes"], lang), base=plan_money(row["tax_base"], lang),
                        base_label=text(f"base_{row['tax_base_metric']}", lang), tax_term=row["tax_term_zh"]))
    if not _missing(row["taxes_share_city_pct"]) and not _missing(row["output_share_city_pct"]):
        out.append(text("tax_share", lang, tax_share=pct(row["taxes_share_city_pct"]),
                        out_share=pct(row["output_share_city_pct"])))
    if not _missing(row["output_per_worker"]):
        opw = (f"CNY {row['output_per_worker'] / 100:.2f} m" if lang == "en"  # the unit of the table: CNY m
               else f"{row['output_per_worker']:.1f}万元")
        emp = f"{row['employment'] * 10000:,.0f}" if lang == "en" else f"{row['employment']:g}万人"
        out.append(text("productivity", lang, opw=opw, output=plan_money(row["tax_base"], lang), emp=emp,
                        emp_share=pct(row["employment_share_city_pct"])))
    return out


def concentration_text(rows: pd.DataFrame, lang: str) -> list[str]:
    """Sentences on one industry's rows of :func:`shaoxing.analysis.concentration_measures`."""
    out = []
    for r in rows.itertuples(index=False):
        if r.kind == "top_firms":
            key = "top_firms_actual" if r.fact_kind == "actual" else "top_firms_target"
            bands = []
            for thr, n in zip(str(r.thresholds).split(";"), str(r.counts).split(";")):
                n, limit = int(float(n)), money(float(thr), lang)
                bands.append(f"{n} {'firm' if n == 1 else 'firms'} with sales above {limit}" if lang == "en"
                             else f"销售超{limit}的企业{n}家")
            bands = _join(bands, lang) if lang == "en" else "、".join(bands)
            year = r.year if not _missing(r.year) else r.denominator_year
            sentence = text(key, lang, firms=int(r.firms), bands=bands, bound=money(r.sales_lower_bound, lang),
                            share=pct(r.share_pct), year=int(year), den_label=text(f"den_{r.denominator_metric}", lang))
            if _missing(r.year):
                sentence += text("undated_count", lang, year=int(r.denominator_year))
            out.append(sentence)
        elif r.kind == "target_share":
            out.append(text("target_share", lang, share=_target(pct(r.share_pct, 0), r.qualifier, lang),
                            year=int(r.year)))
    return out


def measures_table(cross: pd.DataFrame, lang: str) -> pd.DataFrame:
    """:func:`shaoxing.analysis.cross_industry_measures` as a table with headers and figures in ``lang``."""
    name = "name_en" if lang == "en" else "name_zh"
    rows = []
    for r in cross.to_dict("records"):
        opw = r["output_per_worker"]
        rows.append({text("col_industry", lang): r[name],
                     text("col_tax_intensity", lang): pct(r["tax_intensity_pct"]),
                     text("col_tax_share", lang): pct(r["taxes_share_city_pct"]),
                     text("col_out_share", lang): pct(r["output_share_city_pct"]),
                     text("col_per_worker", lang): "—" if _missing(opw) else (f"{opw / 100:.2f}" if lang == "en"
                                                                             else f"{opw:.1f}"),
                     text("col_top_firms", lang): pct(r["top_firms_share_pct"]),
                     text("col_top_target", lang): pct(r["top_firms_target_share_pct"]),
                     text("col_lead_target", lang): pct(r["leading_firms_target_pct"], 0),
                     text("col_flags", lang): str(int(r["flags"])),
                     text("col_benchmarks", lang): (f"{int(r['benchmarks'])} ({int(r['benchmark_mentions'])})"
                                                    if "benchmarks" in r else "—")})
    return pd.DataFrame(rows)


def benchmark_text(profile_row, benchmarks: pd.DataFrame, lang: str, counts: bool = True) -> str:
    """One sentence on an industry's row of :func:`shaoxing.analysis.benchmark_profile` (distinct names first)."""
    r = profile_row
    kinds = [text(f"kind_{k}", lang, n=int(r[f"{k}s"]), s="" if int(r[f"{k}s"]) == 1 else "s")
             for k in ("enterprise", "region", "site") if int(r[f"{k}s"])]
    d, f, c = int(r["domestic"]), int(r["foreign"]), int(r["countries"])
    where = text("where_both" if d and f else ("where_domestic" if d else "where_foreign"), lang, domestic=d,
                 foreign=f, countries=c, countries_word="country" if c == 1 else "countries")
    repeated = ""
    if isinstance(r["repeated"], str) and r["repeated"]:
        first = benchmarks.drop_duplicates("name_en")
        shown = dict(zip(first["name_en"], first["name_en" if lang == "en" else "name_zh"]))
        names = [shown.get(n, n) for n in r["repeated"].split(";")]
        joined = _join(names, lang) if lang == "en" else "、".join(names)
        repeated = text("benchmarks_repeated" if counts else "benchmarks_kinds_repeated", lang, names=joined)
    if not counts:  # beside pages.benchmarks_sentence, which already gives the counts: only what it does not say
        return text("benchmarks_kinds", lang, kinds=_join(kinds, lang) if lang == "en" else "，".join(kinds),
                    repeated=repeated)
    return text("benchmarks_distinct", lang, mentions=int(r["mentions"]), distinct=int(r["distinct"]),
                repeated=repeated, kinds=_join(kinds, lang) if lang == "en" else "，".join(kinds), where=where)


# ---------------------------------------------------------------- flags


def flag_texts(flags: pd.DataFrame, lang: str) -> list[str]:
    """One sentence per flagged row of :func:`shaoxing.analysis.plausibility_flags` (empty if none), in year
    order: the 2020 target before the 2025 one (then by baseline year, then as the plan lists them); flags of
    several industries stay together by industry, in the order the industries come."""
    out = []
    flagged = flags[flags["flagged"]]
    if "industry" in flagged.columns:
        first = {ind: k for k, ind in enumerate(dict.fromkeys(flagged["industry"]))}
        flagged = flagged.assign(_group=flagged["industry"].map(first))
    order = [c for c in ("_group", "target_year", "base_year") if c in flagged.columns]
    for r in flagged.sort_values(order, kind="stable").to_dict("records") if order else flagged.to_dict("records"):
        unit = r["unit_en"] if lang == "en" and isinstance(r.get("unit_en"), str) else r["unit"]

        def figure(v):
            if r["unit"] == "亿元":
                return money(v, lang)
            return f"{v:g}{'' if lang == 'zh' or str(unit).startswith('%') else ' '}{unit}"

        tscope = _lower(r["target_scope_en"]) if lang == "en" else r["target_scope_zh"]
        bscope = _lower(r["base_scope_en"]) if lang == "en" else r["base_scope_zh"]
        key = "flag_same" if r["same_scope"] and tscope == bscope else "flag"
        out.append(text(key, lang, year1=int(r["target_year"]), target=_target(figure(r["target"]), r["qualifier"], lang),
                        tscope=tscope, year0=int(r["base_year"]), base=figure(r["base"]), bscope=bscope,
                        ratio=i18n.number(float(r["ratio"]), 1, "zh"), cagr=pct(r["required_cagr"] * 100), years=int(r["years"]),
                        scope="" if r["same_scope"] else text("flag_scope", lang)))
    return out


def no_flag_text(flags: pd.DataFrame, lang: str):
    """The reassurance that no target was flagged, where targets were checked; None otherwise."""
    if flags.empty or flags["flagged"].any():
        return None
    return text("no_flag", lang, cagr=pct(flags.attrs.get("max_cagr", 0.15) * 100, 0),
                ratio=f"{flags.attrs.get('max_ratio', 3):g}")


# ---------------------------------------------------------------- scenario


def scenario_for(paths: pd.DataFrame, rate_pct, years=(2020, 2025)):
    """The scenario of an industry page: its chart's baseline grown at ``rate_pct`` (None: no scenario).

    The baseline is the money path of :func:`shaoxing.analysis.growth_paths` with a figure to start from,
    the output one first (comparable scope first); the targets are that metric's.  Returns
    ``(projection, base_year)`` (:func:`shaoxing.analysis.scenario_projection`), ``(None, None)`` when there
    is no baseline, or None when ``rate_pct`` is None.
    """
    from .analysis import scenario_projection
    if rate_pct is None:
        return None
    money_paths = paths[(paths["unit"] == "亿元") & paths["base_value"].notna()]
    if money_paths.empty:
        return None, None
    order = money_paths.assign(_o=money_paths["metric"].ne("output_value"),
                               _c=~money_paths["comparable"].fillna(False).astype(bool))
    first = order.sort_values(["_c", "_o", "target_year"], kind="stable").iloc[0]
    same = money_paths[money_paths["metric"] == first["metric"]]
    targets = {int(y): float(v) for y, v in zip(same["target_year"], same["target_value"])}
    proj = scenario_projection(float(first["base_value"]), int(first["base_year"]), rate_pct, years, targets)
    proj.attrs["comparable"] = bool(first["comparable"]) if not _missing(first["comparable"]) else False
    return proj, int(first["base_year"])


def scenario_text(proj: pd.DataFrame, base_year: int, lang: str) -> str:
    """One sentence on :func:`shaoxing.analysis.scenario_projection` (first year against its target)."""
    p1, p2 = proj.iloc[0], proj.iloc[-1]
    common = dict(rate=pct(p1["rate_pct"], 1), base=plan_money(p1["base"], lang), year0=int(base_year),
                  p1=money(p1["projected"], lang), year1=int(p1["year"]), p2=money(p2["projected"], lang),
                  year2=int(p2["year"]))
    if _missing(p1["target"]):
        return text("scenario_no_target", lang, **common)
    side = text("below" if p1["gap"] < 0 else "above", lang)
    gap = money(abs(p1["gap"]), lang)
    out = text("scenario", lang, target=money(p1["target"], lang), gap=gap, side=side,
               gap_pct=pct(p1["gap_pct"], 1, signed=True), **common)
    return out + ("" if proj.attrs.get("comparable", True) else text("scenario_scope", lang))


def scenario_sentence(scenario, lang: str):
    """The page's sentence for :func:`scenario_for`'s result: None without a scenario, a note without a base."""
    if scenario is None:
        return None
    proj, base_year = scenario
    if proj is None:
        return text("scenario_no_base", lang, year=2016)
    return scenario_text(proj, base_year, lang)


# ---------------------------------------------------------------- outcomes


def _value(r, lang: str) -> str:
    if r["unit"] == "亿元":
        return money(r["value"], lang, digits=2)
    unit = r["unit_en"] if lang == "en" and isinstance(r.get("unit_en"), str) else r["unit"]
    sep = "" if lang == "zh" or str(unit).startswith("%") else " "
    v = float(r["value"])
    # English groups thousands like every other count on the page (1,862 firms beside 1,873); Chinese as the plan
    num = i18n.minus(f"{v:,.12g}" if lang == "en" and abs(v) >= 1000 else f"{v:g}")
    return f"{num}{sep}{unit}"


def outcomes_text(rows: pd.DataFrame, lang: str) -> list[str]:
    """Sentences on :func:`shaoxing.progress.industry_outcomes`: how many, and each point on the chart."""
    if rows.empty:
        return [text("outcomes_none", lang)]
    pts = rows[rows["on_chart"]]
    out = [text("outcomes_intro", lang, n=len(rows), points=len(pts))]
    metric = "metric_en" if lang == "en" else "metric_zh"
    for r in pts.to_dict("records"):
        m = r.get(metric) if isinstance(r.get(metric), str) else r["metric"]
        if bool(r["comparable"]) and isinstance(r.get("status"), str):
            out.append(text("outcome_point_comparable", lang, year=int(r["year"]), value=_value(r, lang), metric=m,
                            status=text(f"status_{r['status']}", lang)))
        else:
            out.append(text("outcome_point_other", lang, year=int(r["year"]), value=_value(r, lang), metric=m))
    return out


def outcomes_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Every observation of :func:`shaoxing.progress.industry_outcomes` with headers in ``lang``."""
    metric = "metric_en" if lang == "en" else "metric_zh"
    out = []
    for r in rows.to_dict("records"):
        status = r.get("status")
        out.append({text("col_year", lang): str(int(r["year"])),
                    text("col_figure", lang): _value(r, lang),
                    text("col_measures_what", lang): r[metric] if isinstance(r.get(metric), str) else r["metric"],
                    text("col_comparable", lang): text("yes" if bool(r["comparable"]) else "no", lang),
                    text("col_status", lang): text(f"status_{status}", lang) if isinstance(status, str) else "—",
                    text("col_source", lang): text(f"kind_{r['source_kind']}", lang)})
    return pd.DataFrame(out)


def outcome_points(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The chart's points: ``year``, ``value`` in the reader's unit (CNY bn / 亿元), ``comparable``."""
    pts = rows[rows["on_chart"]]
    scale = 0.1 if check_lang(lang) == "en" else 1.0
    return pd.DataFrame({"year": pts["year"].astype(int).to_numpy(),
                         "value": pts["value"].astype(float).to_numpy() * scale,
                         "comparable": pts["comparable"].fillna(False).astype(bool).to_numpy()})


def outcome_credit(rows: pd.DataFrame, lang: str) -> str:
    """Where the later figures drawn on a chart come from, for its source line and CSV ('' without any):
    their years and the kinds of their sources (official, press, secondary), which the page's table of
    later figures lists one by one.

    >>> outcome_credit(pd.DataFrame({"year": [2023, 2022], "source_kind": ["secondary", "secondary"]}), "zh")
    '后续数据（2022-2023年）：公开来源（转载），详见“后续实际数据”'
    """
    if rows.empty:
        return ""
    years = sorted({int(y) for y in rows["year"] if not _missing(y)})
    span = (f"{years[0]}" if len(years) == 1 else f"{years[0]}-{years[-1]}") if years else ""
    kinds = [k for k in dict.fromkeys(rows.get("source_kind", pd.Series(dtype=object))) if f"kind_{k}" in TEXT]
    names = (", " if check_lang(lang) == "en" else "、").join(text(f"kind_{k}", lang) for k in kinds)
    out = text("outcome_credit", lang, years=span, kinds=names)
    return out if names else out.replace(" ()", "").replace("（）", "")


def _retick(ax, years) -> None:
    ticks = sorted(set(int(round(x)) for x in ax.get_xticks()) | set(int(y) for y in years))
    lo, hi = ax.get_xlim()
    ax.set_xticks(ticks, [str(t) for t in ticks])  # labels too: the chart may have fixed its own (2016, 2020)
    ax.set_xlim(min(lo, min(ticks) - 0.8), max(hi, max(ticks) + 0.8))


def _point_label(v: float, lang: str) -> str:
    """A point's value on a money panel, with its unit as the chart's other labels carry it: ``33亿元``,
    ``29.13亿元`` (as the figures are written); English in CNY bn as the chart's own labels, to at most two
    decimals: ``CNY 200 bn``, ``CNY 2.91 bn``."""
    if check_lang(lang) == "zh":
        return i18n.figure(v, "zh") + "亿元"
    return f"CNY {i18n.figure(v)} bn"


def add_outcome_points(fig, rows: pd.DataFrame, lang: str):
    """Draw :func:`outcome_points` on the money panel of a growth chart (the first axes); returns ``fig``.

    Comparable observations are filled diamonds in the house ink; others hollow grey squares labelled as
    another scope; each carries its value.  The legend is redrawn with the two kinds.
    """
    pts = outcome_points(rows, lang)
    if pts.empty or not fig.axes:
        return fig
    # a figure for part of a year says which part, under its value: 29.13亿元 / 2023年1-11月
    on = rows[rows["on_chart"]]
    periods = on["period"].tolist() if "period" in on else [None] * len(on)
    pts["part"] = [isinstance(p, str) and "/" in p for p in periods]
    pts["label"] = [_point_label(v, lang) + (f"\n{i18n.period_text(p, y, lang)}" if part else "")
                    for v, p, y, part in zip(pts["value"], periods, pts["year"], pts["part"])]
    ax = fig.axes[0]
    for kind, g in pts.groupby("comparable"):
        style = (dict(marker="D", color="#222222", markersize=7, linestyle="none") if kind else
                 dict(marker="s", color="#888888", markerfacecolor="white", markersize=7, linestyle="none"))
        ax.plot(g["year"], g["value"], label=text("observed_comparable" if kind else "observed_other", lang), **style)
        for y, v, label, part in zip(g["year"], g["value"], g["label"], g["part"]):
            where = (dict(xytext=(0, -9), ha="center", va="top") if part else dict(xytext=(8, -3)))
            ax.annotate(label, (y, v), textcoords="offset points", fontsize=8, color="#555555",
                        bbox=dict(boxstyle="square,pad=0.1", facecolor="white", alpha=0.85, lw=0), **where)
    _retick(ax, pts["year"])
    from .plots import extend_source
    extend_source(fig, outcome_credit(rows[rows["on_chart"]], lang), lang)
    lo, hi = ax.get_ylim()
    top = float(pts["value"].max())
    # the legend grows to three entries in the upper left: the data keeps below its lowest line
    new_top = max(hi, top * 1.15, float(ax.dataLim.y1) / 0.6)
    ax.set_ylim(lo, new_top)
    ticks = [v for v in ax.get_yticks() if lo <= v <= new_top]
    if ticks and (new_top - max(ticks)) < 0.06 * (new_top - lo):  # no tick label against the unit above the axis
        ax.set_ylim(lo, max(ticks) + 0.08 * (new_top - lo))
    ax.legend(loc="upper left", fontsize=8)
    return fig


def add_scenario_line(fig, proj: pd.DataFrame, base_year: int, lang: str):
    """Draw a scenario (:func:`shaoxing.analysis.scenario_projection`) as a dashed line from the base year."""
    if not fig.axes or proj.empty:
        return fig
    ax = fig.axes[0]
    scale = 0.1 if check_lang(lang) == "en" else 1.0
    years = [int(base_year), *proj["year"].astype(int)]
    values = [float(proj["base"].iloc[0]) * scale, *(proj["projected"].astype(float) * scale)]
    ax.plot(years, values, linestyle="--", color="#7d5ba6", lw=1.5, marker="o", markersize=4,
            label=text("scenario_label", lang, rate=pct(proj["rate_pct"].iloc[0], 1)))
    for y, v in zip(years[1:], values[1:]):
        ax.annotate(_point_label(v, lang) if check_lang(lang) == "en" else i18n.number(v, 1, "zh") + "亿元",
                    (y, v), textcoords="offset points", xytext=(8, 4), fontsize=8, color="#7d5ba6")
    _retick(ax, years)
    lo, hi = ax.get_ylim()
    ax.set_ylim(lo, max(hi, max(values) * 1.15))
    ax.legend(loc="upper left", fontsize=8)
    return fig
