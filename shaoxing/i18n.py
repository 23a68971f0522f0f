"""Labels and number formats for English (``en``) and Chinese (``zh``) reports.

Every string a report shows comes from :data:`LABELS` (or from the data's
own ``_en`` / ``_zh`` columns); numbers in sentences are formatted here from
the data, never typed into prose.

Money: the data holds the plan's 亿元 (100 million yuan).  Chinese output
shows 亿元; English output shows CNY billion (1 亿元 = 0.1 CNY bn).
"""

from __future__ import annotations

import html
import math
import re

import pandas as pd

from .params import LANGS, check_lang

__all__ = ["LABELS", "LANGS", "t", "col", "money", "money_unit", "number", "figure", "pct", "pp", "rate", "minus",
           "qualifier", "unit", "esc", "pick"]

YI_TO_BN = 0.1  # 1 亿元 = 100 million yuan = 0.1 billion yuan

PLAN_TITLE = {
    "en": "Shaoxing pilot plan for transforming and upgrading traditional industries (2017)",
    "zh": "绍兴市传统产业改造提升试点实施方案（2017）",
}

LABELS: dict[str, dict[str, str]] = {
    # sources
    "source": {"en": "Source: {src}", "zh": "资料来源：{src}"},
    "plan": PLAN_TITLE,
    "plan_short": {"en": "Shaoxing pilot plan (2017)", "zh": "《绍兴市传统产业改造提升试点实施方案》"},
    "lines": {"en": "lines {a}-{b}", "zh": "第{a}-{b}行"},
    "line": {"en": "line {a}", "zh": "第{a}行"},
    # qualifiers
    "q_reach": {"en": "reach", "zh": "达到"},
    "q_exceed": {"en": "more than", "zh": "超过"},
    "q_at_least": {"en": "at least", "zh": "以上"},
    "q_about": {"en": "about", "zh": "左右"},
    "q_strive": {"en": "strive for", "zh": "力争"},
    "q_": {"en": "", "zh": ""},
    # generic words
    "year": {"en": "Year", "zh": "年份"},
    "baseline": {"en": "Baseline", "zh": "基期"},
    "target": {"en": "Target", "zh": "目标"},
    "actual": {"en": "Actual", "zh": "实际"},
    "industry": {"en": "Industry", "zh": "产业"},
    "segment": {"en": "Segment", "zh": "行业"},
    "enterprises": {"en": "Firms", "zh": "企业数（家）"},
    "firms_unit": {"en": "firms", "zh": "家"},
    "thousand_persons": {"en": "thousand persons", "zh": "千人"},
    "output_value": {"en": "Output (CNY bn)", "zh": "产值（亿元）"},
    "output_per_firm": {"en": "Output per firm (CNY m)", "zh": "户均产值（亿元）"},
    "share_city": {"en": "Share of the city's industry above designated size (%)", "zh": "占全市规上工业比重（%）"},
    "share_province": {"en": "Share of the trade in Zhejiang (%)", "zh": "占全省同行业比重（%）"},
    "share_national": {"en": "Share of the trade in China (%)", "zh": "占全国同行业比重（%）"},
    "share_of_industry": {"en": "Share of industry output (%)", "zh": "占本产业产值比重（%）"},
    # the three shares of the standing chart have three different totals (denominators): say which
    "share_city_of": {"en": "Share of the city's industry above designated size (all industries in Shaoxing)",
                      "zh": "占全市规上工业比重（分母：全市所有规上工业）"},
    "share_province_of": {"en": "Share of the same trade in Zhejiang province",
                          "zh": "占全省同行业比重（分母：浙江省同行业）"},
    "share_national_of": {"en": "Share of the same trade in China", "zh": "占全国同行业比重（分母：全国同行业）"},
    "share_city_of_short": {"en": "of the city's industry above designated size", "zh": "占全市规上工业"},
    "share_province_of_short": {"en": "of the trade in Zhejiang", "zh": "占全省同行业"},
    "share_national_of_short": {"en": "of the trade in China", "zh": "占全国同行业"},
    "share_axis_totals": {"en": "Share (%); each colour has its own total", "zh": "比重（%），各颜色的分母不同"},
    "key_regions": {"en": "Key regions", "zh": "重点区域"},
    "products": {"en": "Main products", "zh": "主要产品产量"},
    "quantity": {"en": "Quantity", "zh": "产量"},
    "unit": {"en": "Unit", "zh": "单位"},
    "qualifier": {"en": "Qualifier", "zh": "表述"},
    "scope": {"en": "Scope", "zh": "口径"},
    "note": {"en": "Note", "zh": "说明"},
    "required_cagr": {"en": "Required growth (% a year)", "zh": "所需年均增速（%）"},
    "required_pp": {"en": "Required change (pp a year)", "zh": "所需年均变化（百分点）"},
    "comparable": {"en": "Same scope as baseline", "zh": "与基期口径一致"},
    "yes": {"en": "yes", "zh": "是"},
    "no": {"en": "no", "zh": "否"},
    "none": {"en": "—", "zh": "—"},
    "category": {"en": "Category", "zh": "类别"},
    "indicator": {"en": "Indicator", "zh": "指标"},
    "indicator_no": {"en": "No.", "zh": "序号"},
    "focus_area": {"en": "Focus area", "zh": "重点领域"},
    "group": {"en": "Group", "zh": "类别"},
    "new_products": {"en": "New products", "zh": "新产品"},
    "new_technologies": {"en": "New technologies", "zh": "新技术"},
    "new_equipment": {"en": "New equipment", "zh": "新装备"},
    "benchmarks": {"en": "Benchmarks", "zh": "对标企业"},
    "benchmark": {"en": "Benchmark", "zh": "对标对象"},
    "country": {"en": "Country", "zh": "国家/地区"},
    "kind": {"en": "Kind", "zh": "类型"},
    "count": {"en": "Count", "zh": "数量"},
    "k_enterprise": {"en": "enterprise", "zh": "企业"},
    "k_region": {"en": "region", "zh": "地区"},
    "k_site": {"en": "site", "zh": "场所"},
    "positioning": {"en": "Positioning goal", "zh": "产业定位"},
    "benchmark_regions": {"en": "Benchmark regions", "zh": "对标地区"},
    "benchmark_enterprises": {"en": "Benchmark enterprises", "zh": "对标企业"},
    "task": {"en": "Task", "zh": "任务"},
    "measure": {"en": "Measure", "zh": "工作措施"},
    "month": {"en": "Month (2017)", "zh": "月份（2017年）"},
    "deadline": {"en": "Deadline", "zh": "时限"},
    "action": {"en": "Action", "zh": "工作内容"},
    "lead": {"en": "lead", "zh": "牵头"},
    "cooperating": {"en": "cooperating", "zh": "配合"},
    "responsible": {"en": "responsible", "zh": "责任"},
    "role": {"en": "Role", "zh": "角色"},
    "agency": {"en": "Agency", "zh": "单位"},
    "items": {"en": "Measures and tasks", "zh": "措施与任务数"},
    "total": {"en": "Total", "zh": "合计"},
    "check": {"en": "Check", "zh": "核对项"},
    "parts": {"en": "Sum of parts", "zh": "分项合计"},
    "whole": {"en": "Total", "zh": "总计"},
    "difference": {"en": "Difference", "zh": "差额"},
    "ok": {"en": "OK", "zh": "通过"},
    "table": {"en": "Table", "zh": "数据表"},
    "decision": {"en": "Decision recorded", "zh": "处理说明"},
    "row": {"en": "Row", "zh": "行"},
    "metric": {"en": "Metric", "zh": "指标"},
    "value": {"en": "Value", "zh": "数值"},
    # industry profile
    "profile_title": {"en": "{name}: structure, growth path and benchmarks", "zh": "{name}：产业结构、增长路径与对标"},
    "profile_intro": {"en": "This page sets out what the plan says about {name}: where the industry stood in 2016, "
                              "what the plan wants by 2020 and 2025 and how fast that requires it to grow, and whom "
                              "it is measured against.",
                      "zh": "本页整理方案对{name}的表述：2016年的产业基础、2020年和2025年的目标及其所需增速，以及对标对象。"},
    "sec_structure": {"en": "Structure in 2016", "zh": "2016年产业结构"},
    "sec_growth": {"en": "Growth path", "zh": "增长路径"},
    "sec_benchmarks": {"en": "Benchmark positioning", "zh": "对标定位"},
    "sec_roadmap": {"en": "Roadmap: focus areas", "zh": "改造提升路线图：重点领域"},
    "sec_products": {"en": "Main products", "zh": "主要产品产量"},
    "sec_standing": {"en": "Standing in the province and the nation", "zh": "在全省、全国的地位"},
    "no_structure": {"en": "The plan gives no 2016 structure table for {name}; whatever figures its prose gives "
                             "are under “{growth}” below.",
                     "zh": "方案未给出{name}的2016年产业结构表；方案正文给出的数据（如有）见下文“{growth}”。"},
    "no_facts": {"en": "The plan states no figure for {name} in its prose.", "zh": "方案正文未给出{name}的数据。"},
    "no_paths": {"en": "The plan gives no 2016 baseline that a target of {name} can be compared with, so no "
                         "required growth rate can be computed; the targets are listed above.",
                 "zh": "方案未给出可与{name}目标对比的2016年基期数据，无法计算所需增速；目标见上表。"},
    "no_positioning": {"en": "The plan gives {name} no positioning goal of its own.",
                       "zh": "方案未对{name}单独提出产业定位。"},
    "no_benchmarks": {"en": "The roadmap names no benchmark for {name}.", "zh": "路线图未列出{name}的对标对象。"},
    "no_standing": {"en": "The plan gives no share of the provincial or national trade for {name}.",
                    "zh": "方案未给出{name}占全省、全国同行业的比重。"},
    "structure_sentence": {"en": "In 2016 the industry had {firms} firms above designated size with an output of {output}, "
                                 "{share_city} of the city's industry above designated size. The largest segment, {top}, "
                                 "produced {top_share} of it. Output per firm ranged from {min_opf} ({min_seg}) to "
                                 "{max_opf} ({max_seg}).",
                           "zh": "2016年，全市规上{name}企业{firms}家，产值{output}，占全市规上工业的{share_city}。"
                                 "最大的行业为{top}，占产业产值的{top_share}。户均产值从{min_seg}的{min_opf}到"
                                 "{max_seg}的{max_opf}不等。"},
    "subsegment_note": {"en": "Indented rows (marked # in the plan) are parts of the row above and are not added "
                              "again.",
                        "zh": "缩进的行（方案表中以“#”标注）为上一行的其中项，不重复计入合计。"},
    "excluded_note": {"en": "{excluded} stands beside the industry but is not part of its totals, so it has no share "
                            "of the industry's output.",
                      "zh": "{excluded}与本产业并列，不计入合计，因此不计算其占本产业产值的比重。"},
    "growth_sentence": {"en": "To go from {base} in {y0} to {target} in {y1} ({qual}), {metric} must grow "
                              "{cagr} a year.",
                        "zh": "{metric}从{y0}年的{base}到{y1}年{qual}{target}，需年均增长{cagr}。"},
    "scope_warning": {"en": "Scope differs: the {y1} target ({tscope}) measures something other than the {y0} "
                            "figure ({bscope}); the two are shown side by side, not as a growth path.",
                      "zh": "口径不同：{y1}年目标（{tscope}）与{y0}年数据（{bscope}）统计范围不同，仅并列展示，不视为增长路径。"},
    "scope_possibly_wider": {"en": "Scope: the {y0} figure counts firms above designated size only; the {y1} target "
                                   "({tscope}) does not say so and may cover more firms. The rate reads both as the same "
                                   "firms; if the target covers more, the growth it requires is lower.",
                             "zh": "口径说明：{y0}年数据仅含规模以上企业，{y1}年目标（{tscope}）未注明规上，范围可能更宽。"
                                   "上述增速按两者同为规上口径计算；若目标范围更宽，实际所需增速更低。"},
    "scope_possibly_wider_short": {"en": "not certain: the 2016 figure counts firms above designated size only",
                                   "zh": "不确定：基期仅含规上企业"},
    "targets_chart_title": {"en": "The plan's targets", "zh": "方案目标"},
    "path_chart_title": {"en": "2016 figures and the plan's targets", "zh": "2016年数据与方案目标"},
    # the lines joining a baseline and a target, named in the chart's CSV
    "path_line": {"en": "line from the {y0} figure to the {y1} target", "zh": "连线：{y0}年数据至{y1}年目标"},
    "path_line_scope": {"en": "line from the {y0} figure to the {y1} target (scope differs)",
                        "zh": "连线：{y0}年数据至{y1}年目标（口径不同）"},
    "benchmark_chart_title": {"en": "Benchmarks named in the roadmap, by country", "zh": "路线图对标对象的国家分布"},
    "facts_table_caption": {"en": "Figures the plan states for {name}", "zh": "方案给出的{name}数据"},
    "positioning_sentence": {"en": "The plan's positioning for the industry: {goals}.",
                             "zh": "方案提出的产业定位：{goals}。"},
    "standing_sentence": {"en": "{segment} accounted for {prov} of the trade's output in Zhejiang and {nat} in China "
                                "(2016).",
                          "zh": "{segment}产值占全省同行业的{prov}，占全国同行业的{nat}（2016年）。"},
    "benchmarks_sentence": {"en": "The roadmap names {n} benchmarks in {k} countries for the industry's {m} "
                                  "focus area(s); {foreign} of them are outside China.",
                            "zh": "路线图{m}个重点领域共列出{n}个对标对象，分布于{k}个国家或地区，其中{foreign}个在国外。"},
    # benchmarks counted distinct (a name under several focus areas once); see benchmarks_text
    "bm_head": {"en": "The roadmap names {n} distinct {benchmarks} for the industry's {m} {areas}",
                "zh": "路线图为{m}个重点领域列出{n}个对标对象"},
    "bm_mentions": {"en": " ({k} mentions: some are named under several focus areas)",
                    "zh": "（共提及{k}次，部分对象在多个领域重复出现）"},
    "bm_all_home": {"en": ", all of them in China.", "zh": "，均在国内。"},
    "bm_all_abroad": {"en": ", all of them abroad, in {c} {countries}.", "zh": "，均在国外，分属{c}个国家。"},
    "bm_mixed_one": {"en": ": {home} in China and {abroad} abroad.", "zh": "，其中国内{home}个，国外{abroad}个。"},
    "bm_mixed": {"en": ": {home} in China and {abroad} abroad, in {c} {countries}.",
                 "zh": "，其中国内{home}个，国外{abroad}个，分属{c}个国家。"},
    "value_added_sentence": {"en": "The plan notes the value-added chain of the four numbered segments as "
                                   "{ratio} (line 316).",
                             "zh": "方案注明化纤、织造、印染、服装工业增加值比重为{ratio}（第316行）。"},
}


# ISO 3166 codes of the benchmarks' countries, as readers know them
COUNTRIES: dict[str, dict[str, str]] = {
    "AT": {"en": "Austria", "zh": "奥地利"}, "BE": {"en": "Belgium", "zh": "比利时"},
    "BH": {"en": "Bahrain", "zh": "巴林"}, "CA": {"en": "Canada", "zh": "加拿大"},
    "CH": {"en": "Switzerland", "zh": "瑞士"}, "CN": {"en": "China", "zh": "中国"},
    "DE": {"en": "Germany", "zh": "德国"}, "FR": {"en": "France", "zh": "法国"},
    "GB": {"en": "United Kingdom", "zh": "英国"}, "IT": {"en": "Italy", "zh": "意大利"},
    "JP": {"en": "Japan", "zh": "日本"}, "KR": {"en": "South Korea", "zh": "韩国"},
    "NL": {"en": "Netherlands", "zh": "荷兰"}, "SE": {"en": "Sweden", "zh": "瑞典"},
    "US": {"en": "United States", "zh": "美国"},
}


def country(code, lang: str) -> str:
    """A country's name for readers from its ISO code: ``country("JP", "zh") -> "日本"`` (unknown codes as given)."""
    if _missing(code):
        return "—"
    names = COUNTRIES.get(str(code).upper())
    return names[check_lang(lang)] if names else str(code)


def t(key: str, lang: str, **kw) -> str:
    """The label ``key`` in ``lang``, with ``{placeholders}`` filled from ``kw``."""
    check_lang(lang)
    try:
        text = LABELS[key][lang]
    except KeyError:
        raise KeyError(f"no label {key!r}; add it to shaoxing.i18n.LABELS with 'en' and 'zh'") from None
    return text.format(**kw) if kw else text


def pick(mapping: dict[str, str], lang: str) -> str:
    """Choose the ``lang`` entry of a ``{"en": ..., "zh": ...}`` mapping."""
    return mapping[check_lang(lang)]


def col(base: str, lang: str) -> str:
    """The column holding ``base`` in ``lang``: ``col("name", "en") -> "name_en"``."""
    return f"{base}_{check_lang(lang)}"


def _missing(x) -> bool:
    return x is None or x is pd.NA or (isinstance(x, float) and math.isnan(x))


def _trim(text: str) -> str:
    """'1297.0' -> '1297', '4.10' -> '4.1': no zeros after the decimal point that say nothing."""
    return text.rstrip("0").rstrip(".") if "." in text else text


MINUS = "\u2212"  # the minus sign of a negative number (not the hyphen-minus of ranges such as 2016-2020)
_SIGN = re.compile(r"(?<![\w.\-\u2212])-(?=\d|\.\d)")


def minus(text: str) -> str:
    """A formatted number (or a text of them) with a true minus sign: ``-8.1%`` -> ``−8.1%``.

    Only a sign is changed: a hyphen that starts a number (not one between two numbers,
    as in a range ``933-979`` or a year span ``2016-2020``); a negative zero is zero.

    >>> minus("-8.1%"), minus("(-0.00)"), minus("lines 933-979"), minus("+5.2%"), minus("a - b")
    ('−8.1%', '(0.00)', 'lines 933-979', '+5.2%', 'a - b')
    """
    text = re.sub(r"(?<![\w.\-\u2212])-(?=(?:0+(?:\.0*)?|\.0+)(?![\d.]))", "", str(text))  # -0, -0.0: no sign
    return _SIGN.sub(MINUS, text)


def number(x, digits: int = 1, lang: str = "en") -> str:
    """A number for ``lang``; ``—`` for a missing figure.

    English: thousands separators and ``digits`` decimals (``3,673.5``).
    Chinese, as the plan prints numbers: no thousands separator and no
    trailing zeros (``3673.5``, ``1297``, ``1873``).

    >>> number(3673.5, 1, "en"), number(3673.5, 1, "zh"), number(1297.0, 1, "zh")
    ('3,673.5', '3673.5', '1297')
    """
    if _missing(x):
        return "—"
    if check_lang(lang) == "zh":
        return minus(_trim(f"{x:.{digits}f}"))
    return minus(f"{x:,.{digits}f}")


def figure(x, lang: str = "en") -> str:
    """A figure as the plan prints it, to at most two decimals without trailing zeros; ``—`` if missing.

    English groups thousands, Chinese does not:

    >>> figure(12308.5), figure(12308.5, "zh"), figure(800.0), figure(9.35, "zh")
    ('12,308.5', '12308.5', '800', '9.35')
    """
    if _missing(x):
        return "—"
    return number(float(x), 2, "zh") if check_lang(lang) == "zh" else minus(_trim(f"{float(x):,.2f}"))


def count(n, lang: str) -> str:
    """A whole number: ``1,873`` (en) / ``1873`` (zh)."""
    return "—" if _missing(n) else minus(f"{int(n):,}" if check_lang(lang) == "en" else str(int(n)))


def money_unit(lang: str) -> str:
    """The money unit shown to readers: ``CNY bn`` (en) or ``亿元`` (zh)."""
    return {"en": "CNY bn", "zh": "亿元"}[check_lang(lang)]


def money(yi, lang: str, digits: int | None = None, unit: bool = True, trim: bool = False) -> str:
    """Format an amount held in 亿元 for ``lang``.

    Chinese as the plan prints it (no separator, no space before the unit,
    no ``.0``); English in CNY billion (``trim``: without trailing zeros, ``CNY 800 bn``).

    >>> money(3673.5, "zh"), money(1297.0, "zh"), money(4.14, "zh", digits=2)
    ('3673.5亿元', '1297亿元', '4.14亿元')
    >>> money(3673.5, "en")
    'CNY 367.35 bn'
    """
    if _missing(yi):
        return "—"
    if check_lang(lang) == "zh":
        s = number(float(yi), 1 if digits is None else digits, "zh")
        return f"{s}亿元" if unit else s
    bn = float(yi) * YI_TO_BN
    # by default only the decimals the figure has: CNY 367.35 bn, CNY 450 bn (not 450.00 beside 450 elsewhere)
    s = number(bn, 2 if digits is None else digits)
    s = _trim(s) if trim or digits is None else s
    return f"CNY {s} bn" if unit else s


def money_value(yi, lang: str):
    """An amount in 亿元 converted to the reader's unit (numbers, for tables and axes)."""
    return yi * YI_TO_BN if check_lang(lang) == "en" else yi


def pct(x, digits: int = 1) -> str:
    """``12.3%`` from a percentage number (not a fraction); no ``.0`` the plan does not print (``13%``)."""
    return "—" if _missing(x) else minus(f"{_trim(f'{x:.{digits}f}')}%")


def rate(fraction, digits: int = 1, lang: str = "en", signed: bool | None = None) -> str:
    """A growth rate given as a fraction, as a percentage.

    English: signed by default (``+5.2%``, for tables of changes).  Chinese:
    the sign only for a fall, since the words say it is growth
    (需年均增长``5.2%``).  ``signed=False`` drops the ``+`` in English too, for
    sentences ('must grow 5.2% a year').
    """
    if _missing(fraction):
        return "—"
    if signed is None:
        signed = check_lang(lang) == "en"
    if check_lang(lang) == "zh":  # as the plan writes a rate: 21%, not 21.0%
        return minus(f"{_trim(f'{fraction * 100:.{digits}f}')}%")
    return minus(f"{fraction * 100:+.{digits}f}%" if signed else f"{fraction * 100:.{digits}f}%")


def pp(x, lang: str, digits: int = 2) -> str:
    """A change in percentage points: ``+1.80 pp`` / ``1.8个百分点`` (Chinese: no ``+``, no trailing zeros)."""
    if _missing(x):
        return "—"
    if check_lang(lang) == "en":
        return minus(f"{x:+.{digits}f} pp")
    return minus(f"{_trim(f'{x:.{digits}f}')}个百分点")


def value_range(value, value_max=None, lang: str = "en") -> str:
    """A figure the plan prints as a range stays a range: ``2-3`` (``value`` to ``value_max``), else ``value``.

    >>> value_range(2, 3), value_range(1873, None, "zh"), value_range(36.6)
    ('2-3', '1873', '36.6')
    """
    if _missing(value):
        return "—"
    if _missing(value_max) or float(value_max) == float(value):
        return figure(value, lang)
    return f"{figure(value, lang)}-{figure(value_max, lang)}"


def benchmarks_text(distinct: int, mentions: int, focus_areas: int, domestic: int, foreign: int,
                    countries_abroad: int, lang: str) -> str:
    """The benchmarks sentence of an industry page, counting distinct names, in natural words for ``lang``.

    No "0 of them abroad": all at home, all abroad, or both counts are said as they are.
    """
    en = check_lang(lang) == "en"
    plural = lambda n, one, many: one if n == 1 else many  # noqa: E731
    text = t("bm_head", lang, n=distinct, m=focus_areas, benchmarks=plural(distinct, "benchmark", "benchmarks"),
             areas=plural(focus_areas, "focus area", "focus areas"))
    if mentions > distinct:
        text += t("bm_mentions", lang, k=mentions)
    countries = plural(countries_abroad, "country", "countries") if en else ""
    if foreign == 0:
        text += t("bm_all_home", lang)
    elif domestic == 0:
        text += t("bm_all_abroad", lang, c=countries_abroad, countries=countries)
    else:
        text += t("bm_mixed" if foreign > 1 else "bm_mixed_one", lang, home=domestic, abroad=foreign, c=countries_abroad, countries=countries)
    return text


def industry_short(name, lang: str) -> str:
    """An industry's name as the plan uses it before 企业: 纺织产业 -> 纺织 (规上纺织企业); English unchanged."""
    name = "" if _missing(name) else str(name)
    if check_lang(lang) == "zh" and name.endswith("产业") and len(name) > 2:
        return name[:-2]
    return name


def line_span(first, last, lang: str) -> str:
    """Where in the plan: 'lines 214-534' / '第214-534行', and one line as one line ('line 316' / '第316行')."""
    if _missing(last) or int(first) == int(last):
        return t("line", lang, a=int(first))
    return t("lines", lang, a=int(first), b=int(last))


def item_code(item: str, lang: str) -> str:
    """A work measure or 2017 task code for readers: 'M3' / 'T10' (en), '措施3' / '任务10' (zh)."""
    item = str(item)
    if check_lang(lang) == "en" or item[:1] not in ("M", "T") or not item[1:].isdigit():
        return item
    return ("措施" if item[0] == "M" else "任务") + item[1:]


def structure_note(excluded, lang: str) -> str:
    """The note under a structure table: indented rows are parts; a row beside the industry is named, if any.

    ``excluded``: names of the segments that stand beside the industry (not part of its totals).
    """
    names = [str(x) for x in excluded if not _missing(x)]
    text = t("subsegment_note", lang)
    if names:
        sep = t("list_sep", lang)
        text += (" " if check_lang(lang) == "en" else "") + t("excluded_note", lang, excluded=sep.join(names))
    return text


def qualifier(q, lang: str) -> str:
    """The plan's qualifier (reach, exceed, at_least, about, strive) in ``lang``."""
    return "" if _missing(q) else t(f"q_{q}", lang)


def target_phrase(value, q, unit_text: str, lang: str) -> str:
    """A target with its qualifier as the plan would say it: 'more than CNY 180 bn' / '超过1800亿元'."""
    qual = qualifier(q, lang)
    if check_lang(lang) == "zh":
        if q == "at_least":
            return f"{value}{unit_text}以上"
        if q == "about":
            return f"{value}{unit_text}左右"
        return f"{qual}{value}{unit_text}"
    return f"{qual} {value} {unit_text}".strip()


_CJK = "\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_YI_YUAN = re.compile(r"(\d[\d,]*(?:\.\d+)?)[ \t]*(亿元|万元)")


def english_money(text):
    """English data text (a note) with its amounts in 亿元 / 万元 in the English pages' units.

    ``3673.5 亿元`` becomes ``CNY 367.35 bn`` and ``110万元`` ``CNY 1,100,000``; an amount inside a
    Chinese phrase the note quotes from the plan (``产值超过2500亿元``) stays as the plan prints it.
    Text that is not a string is given back unchanged.

    >>> english_money("1873 firms / 3673.5 亿元; about 10,040 亿元; prints 110万元 (per mu)")
    '1873 firms / CNY 367.35 bn; about CNY 1,004 bn; prints CNY 1,100,000 (per mu)'
    >>> english_money("states it as 新材料产值超过2500亿元: exceed")
    'states it as 新材料产值超过2500亿元: exceed'
    """
    if not isinstance(text, str) or ("亿元" not in text and "万元" not in text):
        return text

    def one(m):
        before = text[:m.start()].rstrip(" \t")
        if before and re.match(f"[{_CJK}]", before[-1]):
            return m.group(0)  # part of a quoted Chinese phrase
        v = float(m.group(1).replace(",", ""))
        if m.group(2) == "亿元":
            return f"CNY {_trim(f'{v * YI_TO_BN:,.3f}')} bn"
        return f"CNY {_trim(f'{v * 10000:,.2f}')}"
    return _YI_YUAN.sub(one, text)


def unit(unit_zh, unit_en, lang: str) -> str:
    """A unit cell in ``lang``; money units are converted (亿元 -> CNY bn) by callers that convert values."""
    u = unit_en if check_lang(lang) == "en" else unit_zh
    return "" if _missing(u) else str(u)


def esc(text) -> str:
    """Escape data text for Markdown/HTML output, so markup in the data shows as text.

    ``<`` ``>`` ``&`` become entities, Markdown's inline markers (and ``$``, which
    starts maths) are backslash-escaped, and line breaks become spaces: data text
    is one run of text inside a sentence, so a newline in a name cannot start a
    heading, a list or a quote.  A value that would open a block at the start of a
    line (``# x``, ``- x``, ``1. x``, ``> x``) has its marker escaped too.  Quotes
    are left alone (entities would show literally).
    """
    if _missing(text):
        return "—"
    s = _LINE_BREAKS.sub(" ", str(text))
    parts = s.split("`")
    if len(parts) > 2 and len(parts) % 2 == 1:
        # identifiers set as `code` (the data package's convention) stay code spans: their text is shown
        # literally by Markdown, so only the text between them is escaped
        return "".join(_esc_plain(p, first=k == 0) if k % 2 == 0
                       else f"`{p}`" if p.strip() else _esc_plain(f"`{p}`", first=False)
                       for k, p in enumerate(parts))
    return _esc_plain(s)


def _esc_plain(s: str, first: bool = True) -> str:
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|$~":
        s = s.replace(ch, "\\" + ch)
    if first:  # only the text's start can open a block (heading, list, quote)
        s = _BLOCK_START.sub(lambda m: m.group(1) + "\\" + m.group(2), s)
    return s


_LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")
_BLOCK_START = re.compile(r"^(\s*(?:\d{1,9})?)([#+=\-]|[.)](?=\s|$))")


# ---------------------------------------------------------------- cross-industry and implementation 2017

LABELS.update({
    # cross_industry
    "cross_title": {"en": "Industries side by side", "zh": "产业横向比较"},
    "cross_intro": {"en": "The eight industries the plan treats, side by side: what the plan says about each in "
                          "2016 (firms, output, taxes, employment), the output each must reach in 2020 and the "
                          "annual growth that requires. Every figure is the plan's own; where the plan gives none "
                          "the table shows —.",
                    "zh": "方案涉及的八个产业横向对照：2016年的企业数、产值、税收和从业人员，2020年的产值目标及其所需的"
                          "年均增速。所有数据均取自方案；方案未给出的以“—”表示。"},
    "sec_base_2016": {"en": "Where the industries stood in 2016", "zh": "2016年各产业基础"},
    "sec_targets_2020": {"en": "2020 output targets and the growth they require", "zh": "2020年产值目标及所需增速"},
    "sec_not_given": {"en": "What the plan does not give", "zh": "方案未给出的数据"},
    "sec_scopes": {"en": "What each figure measures", "zh": "各项数据的统计口径"},
    "col_firms_above_scale": {"en": "Firms above designated size", "zh": "规上企业数（家）"},
    "col_output_above_scale": {"en": "Output of firms above designated size (CNY bn)", "zh": "规上企业产值（亿元）"},
    "col_output_stated": {"en": "Output as stated (CNY bn)", "zh": "产值（亿元）"},
    "col_output_per_firm": {"en": "Output per firm above designated size (CNY m)", "zh": "规上企业户均产值（亿元）"},
    "col_taxes": {"en": "Taxes paid (CNY bn)", "zh": "上缴税金（亿元）"},
    "col_employment": {"en": "Employment (thousand persons)", "zh": "从业人员（万人）"},
    "col_share_city": {"en": "Share of the city's industry above designated size (%)", "zh": "占全市规上工业比重（%）"},
    "col_baseline_2016": {"en": "2016 figure (CNY bn)", "zh": "2016年数据（亿元）"},
    "col_target_2020": {"en": "2020 target (CNY bn)", "zh": "2020年目标（亿元）"},
    "col_base_scope": {"en": "2016 figure measures", "zh": "2016年数据口径"},
    "col_target_scope": {"en": "2020 target measures", "zh": "2020年目标口径"},
    "col_firms_scope": {"en": "Firms counted", "zh": "企业数口径"},
    "col_output_scope": {"en": "Output stated", "zh": "产值口径"},
    "col_taxes_scope": {"en": "Taxes", "zh": "税金口径"},
    "sales_paren": {"en": "(sales)", "zh": "（销售收入）"},
    "chart_2016": {"en": "2016 figure", "zh": "2016年数据"},
    "chart_2020": {"en": "2020 target", "zh": "2020年目标"},
    "chart_2020_scope": {"en": "2020 target, scope differs from 2016", "zh": "2020年目标（与2016年口径不同）"},
    "no_2016_figure": {"en": "no 2016 figure in the plan", "zh": "方案未给出2016年数据"},
    "scope_differs_short": {"en": "scope differs", "zh": "口径不同"},
    "no_rate_scope": {"en": "no rate: target and 2016 figure differ in scope", "zh": "不计算：目标与2016年数据口径不同"},
    "no_rate_base": {"en": "no rate: no 2016 figure in the plan", "zh": "不计算：方案未给出2016年数据"},
    "chart_targets_title": {"en": "2016 output and the 2020 target, by industry", "zh": "各产业2016年产值与2020年目标"},
    "chart_cagr_title": {"en": "Annual growth each industry needs to reach its 2020 target",
                         "zh": "各产业实现2020年目标所需的年均增速"},
    "chart_opf_title": {"en": "Output per firm above designated size, 2016", "zh": "2016年规上企业户均产值"},
    "opf_axis": {"en": "Output per firm above designated size (CNY m)", "zh": "规上企业户均产值（亿元/家）"},
    "base_sentence": {"en": "The plan counts firms above designated size and their output for {n} of the eight industries. "
                            "{big} is by far the largest: {big_firms} firms with {big_output}, {big_share} of the "
                            "city's industry above designated size. Output per firm above designated size ranges from {lo} ({lo_name}) "
                            "to {hi} ({hi_name}).",
                      "zh": "方案给出了八个产业中{n}个产业的规上企业数及其产值。{big}规模最大：规上企业{big_firms}家，产值"
                            "{big_output}，占全市规上工业的{big_share}。规上企业户均产值从{lo_name}的{lo}到{hi_name}的"
                            "{hi}不等。"},
    "output_scope_note": {"en": "{name}: the plan states an output of {output}, described as “{scope}”; the "
                                "{firms} firms above designated size produced {above} of it.",
                          "zh": "{name}：方案给出产值{output}，口径为“{scope}”；其中{firms}家规上企业产值{above}。"},
    "no_output_note": {"en": "{name}: the plan gives no 2016 output value for the whole industry, only the {scope}: {value}.",
                       "zh": "{name}：方案未给出2016年产值，仅给出{scope}{value}。"},
    "src_cross": {"en": "Part 2 Key areas, (1)-(6), prose on each industry", "zh": "二、重点领域（一）至（六）各产业正文"},
    "src_roles": {"en": "Part 3 Work measures and the annex of 2017 key tasks", "zh": "三、工作措施及附件重点工作清单"},
    "what_firms": {"en": "Number of firms above designated size", "zh": "规上企业数"},
    "what_output": {"en": "Output of firms above designated size", "zh": "规上企业产值"},
    "what_taxes": {"en": "Taxes paid", "zh": "上缴税金"},
    "what_employment": {"en": "Employment", "zh": "从业人员"},
    "what_share": {"en": "Share of the city's industry above designated size", "zh": "占全市规上工业比重"},
    "what_baseline": {"en": "A 2016 figure to set against the 2020 output target",
                      "zh": "可与2020年产值目标对比的2016年数据"},
    "of_n": {"en": "{k} of {n}", "zh": "{n}项中的{k}项"},
    "growth_cross_sentence": {"en": "Where the target can be set against the 2016 figure (read as counting the same "
                                    "firms where the 2016 figure covers firms above designated size only and the target "
                                    "does not say), {fast} needs the fastest growth, {fast_rate} a year to "
                                    "{fast_target}, and {slow} the slowest, {slow_rate} a year.",
                              "zh": "在目标可与2016年数据对照的产业中（2016年数据仅含规上企业而目标未注明的，按同一口径计算），"
                                    "{fast}所需增速最高，需年均增长{fast_rate}才能实现{fast_target}的目标；{slow}最低，"
                                    "需年均增长{slow_rate}。"},
    "cross_scope_warning": {"en": "{name}: the 2020 target, {target}, measures “{tscope}”; the 2016 figure, {base}, "
                                  "measures “{bscope}”. The two are shown side by side and no growth rate is "
                                  "computed across them.",
                            "zh": "{name}：2020年目标{target}的口径是“{tscope}”，2016年数据{base}的口径是“{bscope}”。"
                                  "两者口径不同，仅并列展示，不计算增速。"},
    "per_firm_money": {"en": "CNY {v} m", "zh": "{v}亿元"},
    "no_baseline_sentence": {"en": "{names} have 2020 output targets but no 2016 figure in the plan, so no required "
                                   "growth can be computed for them.",
                             "zh": "{names}有2020年产值目标，但方案未给出2016年数据，无法计算所需增速。"},
    "not_given_item": {"en": "{what}: not given for {names}.", "zh": "{what}：方案未给出{names}的数据。"},
    "not_given_all_but": {"en": "{what}: given only for {names}.", "zh": "{what}：方案仅给出{names}的数据。"},
    "list_sep": {"en": ", ", "zh": "、"},
    "list_and": {"en": " and ", "zh": "和"},
    # implementation_2017
    "impl_title": {"en": "Implementation in 2017: tasks, deadlines and agencies",
                   "zh": "2017年实施安排：任务、时限与责任单位"},
    "impl_intro": {"en": "The plan's annex lists the key tasks for 2017 with their deadlines, and each work measure "
                         "and task names the agencies that lead it, cooperate on it and answer for carrying it out. "
                         "This page sets out the year month by month and shows how the work is shared.",
                   "zh": "方案附件列出了2017年重点工作及其时间节点，每项工作措施和重点任务都明确了牵头单位、配合单位和"
                         "责任单位。本页逐月梳理全年安排，并展示各单位的分工。"},
    "sec_tasks": {"en": "The ten key tasks of 2017", "zh": "2017年重点工作"},
    "sec_timeline": {"en": "The year month by month", "zh": "逐月时间节点"},
    "sec_by_month": {"en": "Milestones by month", "zh": "各月节点"},
    "sec_roles": {"en": "Who leads, cooperates and answers for what", "zh": "牵头、配合与责任分工"},
    "sec_load": {"en": "The load on each agency", "zh": "各单位承担的工作量"},
    "sec_items": {"en": "Measures and tasks", "zh": "工作措施与重点任务一览"},
    "timeline_sentence": {"en": "The annex sets {n_tasks} tasks with {n} steps. {dated} of them have a deadline "
                                "month; the busiest months are {busy}, with {busy_n} deadlines each. {undated} steps "
                                "have no month in the plan: the data leaves their deadline empty, and the chart shows "
                                "them in a column of their own, not as December deadlines.",
                          "zh": "附件列出{n_tasks}项重点工作，共{n}个节点。其中{dated}个明确了完成月份，节点最集中的是"
                                "{busy}，各有{busy_n}个。另有{undated}个节点方案未写明月份，数据中时限留空，图中单列一栏，"
                                "不计入12月。"},
    # the headings count milestones (steps), as the timeline sentence does: 个节点, not the 项 of tasks
    "month_heading": {"en": "By the end of {month} 2017 ({n} {steps})", "zh": "2017年{month}底前（{n}个节点）"},
    "undated_heading": {"en": "No month given: during 2017 ({n} {steps})", "zh": "未明确月份：2017年内（{n}个节点）"},
    "m_1": {"en": "January", "zh": "1月"}, "m_2": {"en": "February", "zh": "2月"},
    "m_3": {"en": "March", "zh": "3月"}, "m_4": {"en": "April", "zh": "4月"},
    "m_5": {"en": "May", "zh": "5月"}, "m_6": {"en": "June", "zh": "6月"},
    "m_7": {"en": "July", "zh": "7月"}, "m_8": {"en": "August", "zh": "8月"},
    "m_9": {"en": "September", "zh": "9月"}, "m_10": {"en": "October", "zh": "10月"},
    "m_11": {"en": "November", "zh": "11月"}, "m_12": {"en": "December", "zh": "12月"},
    "milestones_due": {"en": "Steps due (count)", "zh": "节点数（个）"},
    "no_month_tick": {"en": "no\nmonth", "zh": "未明确\n月份"},
    "dated_step": {"en": "step with a deadline month", "zh": "明确月份的节点"},
    "undated_step": {"en": "step without a month (during the year)", "zh": "未明确月份的节点（年内）"},
    "timeline_title": {"en": "2017 key tasks: deadlines month by month", "zh": "2017年重点工作：逐月时间节点"},
    "roles_title": {"en": "Who does what: the {n} most involved agencies", "zh": "分工：参与最多的{n}个单位"},
    "load_title": {"en": "Measures and tasks per agency, by role ({n} most involved agencies)",
                   "zh": "各单位参与的措施与任务数（按角色，前{n}个单位）"},
    "code_lead": {"en": "L", "zh": "牵"}, "code_cooperating": {"en": "C", "zh": "配"},
    "code_responsible": {"en": "R", "zh": "责"},
    "measures_group": {"en": "Work measures", "zh": "工作措施"},
    "tasks_group": {"en": "2017 key tasks", "zh": "2017年重点工作"},
    "items_axis": {"en": "Work measures (M1-M8) and 2017 key tasks (T1-T10)",
                   "zh": "工作措施（措施1至措施8）与2017年重点工作（任务1至任务10）"},
    "load_axis": {"en": "Measures and tasks (count)", "zh": "措施与任务数（项）"},
    "col_item": {"en": "No.", "zh": "编号"},
    "col_title": {"en": "Title", "zh": "名称"},
    "col_lead_units": {"en": "Lead", "zh": "牵头单位"},
    "col_cooperating_units": {"en": "Cooperating", "zh": "配合单位"},
    "col_responsible_units": {"en": "Responsible", "zh": "责任单位"},
    "col_milestones": {"en": "Steps", "zh": "节点数"},
    "col_undated": {"en": "of which without a month", "zh": "其中未定月份"},
    "col_first_month": {"en": "First deadline (month)", "zh": "最早时限（月）"},
    "col_last_month": {"en": "Last deadline (month)", "zh": "最晚时限（月）"},
    "col_leads": {"en": "Leads", "zh": "牵头"},
    "col_cooperates": {"en": "Cooperates on", "zh": "配合"},
    "col_answers": {"en": "Answers for", "zh": "责任"},
    "col_items_total": {"en": "Measures and tasks", "zh": "措施与任务合计"},
    "col_lead_measures": {"en": "Measures led", "zh": "牵头措施"},
    "col_lead_tasks": {"en": "Tasks led", "zh": "牵头任务"},
    "col_lead_milestones": {"en": "Steps in tasks led", "zh": "牵头任务的节点数"},
    "col_task": {"en": "Task", "zh": "任务"},
    "col_action": {"en": "Step", "zh": "工作内容"},
    "roles_sentence": {"en": "{top} leads {lead} of the {items} measures and tasks, including {lead_tasks} of the "
                             "{n_tasks} key tasks of 2017 with {lead_ms} of their {n_ms} steps, and cooperates on "
                             "{coop} more. As responsible units, {resp} carry out most of them.",
                       "zh": "{top}牵头{items}项措施与任务中的{lead}项，其中包括2017年{n_tasks}项重点工作中的"
                             "{lead_tasks}项（共{n_ms}个节点中的{lead_ms}个），另配合{coop}项。责任单位中，{resp}"
                             "承担了其中大部分的落实。"},
    "units_count_sentence": {"en": "{n} agencies are named in all. The charts show the {top} most involved; the "
                                   "other {rest} ({names}) each have a single item and are listed in the table below.",
                             "zh": "方案共涉及{n}个单位。图中显示参与最多的{top}个单位；其余{rest}个单位（{names}）"
                                   "各参与1项，见下表。"},
})


def headcount_value(wan, lang: str):
    """A head count held in 万人 (10,000 persons), in the reader's unit: thousand persons (en) or 万人 (zh)."""
    return wan * 10 if check_lang(lang) == "en" else wan


def join_names(names, lang: str) -> str:
    """'a, b and c' (en) or 'a、b和c' (zh)."""
    names = [str(n) for n in names]
    if len(names) <= 1:
        return "".join(names)
    return t("list_sep", lang).join(names[:-1]) + t("list_and", lang) + names[-1]


# ---------------------------------------------------------------- plan overview and data audit

LABELS.update({
    # plan_overview
    "ov_title": {"en": "Plan overview: main indicators and targets", "zh": "方案总览：主要指标与目标"},
    "ov_intro": {"en": "The plan sets {n} main indicators in {k} categories, each with a baseline (2016, or {early_year} "
                       "for {n_early} of them) and targets for 2020 and 2025. This page lists them with the change "
                       "each target requires, compares the ambition of all targets on one scale, follows the fibre "
                       "mix the plan wants for the textile industry, and checks whether the industries' own 2020 "
                       "output targets add up to the plan's headline target.",
                 "zh": "方案提出{k}类{n}项主要指标，每项给出基期值（2016年，其中{n_early}项为{early_year}年）及2020年、"
                       "2025年目标。本页列出各项指标及其所需的年均变化，在同一尺度上比较各项目标的力度，展示方案对纺织"
                       "纤维用途结构的要求，并核对各产业2020年产值目标之和与方案总体目标是否一致。"},
    "ov_sec_indicators": {"en": "The main indicators by category", "zh": "主要指标（按类别）"},
    "ov_how_to_read": {"en": "Required change: compound annual growth for levels; percentage points a year for shares "
                             "(unit %); for the indicators whose target is a yearly flow ({flows}) the yearly target "
                             "is compared with the baseline year's flow. The first step runs from the baseline year "
                             "to 2020, the second from 2020 to 2025. Money is shown in {money}.",
                       "zh": "所需年均变化：总量指标为年均复合增速；比重指标（单位为%）为每年提高的百分点；目标为每年新增量"
                             "的指标（第{flows}项）以每年目标与基期当年的新增量相比。第一段为基期至2020年，第二段为2020年"
                             "至2025年。金额单位为{money}。"},
    "ov_col_baseline": {"en": "Baseline (year)", "zh": "基期值（年份）"},
    "ov_col_2020": {"en": "2020 target", "zh": "2020年目标"},
    "ov_col_2025": {"en": "2025 target", "zh": "2025年目标"},
    "ov_col_change_2020": {"en": "Required change: baseline → 2020", "zh": "所需年均变化：基期至2020年"},
    "ov_col_change_2025": {"en": "Required change: 2020 → 2025", "zh": "所需年均变化：2020至2025年"},
    "ov_cell_baseline": {"en": "{v} ({y})", "zh": "{v}（{y}年）"},
    "ov_cell_cagr": {"en": "{rate} a year", "zh": "年均{rate}"},
    "ov_cell_pp": {"en": "{pp} a year", "zh": "年均{pp}"},
    "ov_cell_flow_target": {"en": "{v} a year", "zh": "年均新增{v}"},
    "ov_cell_flow_change": {"en": "{ratio}× the {y} flow ({base})", "zh": "为{y}年新增量（{base}）的{ratio}倍"},
    "ov_cell_no_base": {"en": "— (no baseline)", "zh": "—（无基期值）"},
    "ov_cell_composition": {"en": "see the fibre mix", "zh": "见纤维比重"},
    "ov_cell_not_printed": {"en": "— (not printed)", "zh": "—（未列）"},
    "ov_sec_ambition": {"en": "How ambitious is each target?", "zh": "各项目标的力度"},
    "ov_ambition_sentence": {"en": "Indexed to its baseline (= 100), the boldest 2025 target is no. {top_no}, {top_name} "
                                   "({top}); the most modest is no. {low_no}, {low_name} ({low}). {n_double} of the "
                                   "{n} targets shown at least double their baseline by 2025.",
                             "zh": "以基期值为100，2025年目标力度最大的是第{top_no}项{top_name}（{top}），最小的是第{low_no}项"
                                   "{low_name}（{low}）。图中{n}项指标里，有{n_double}项的2025年目标达到基期值的两倍及以上。"},
    "ov_ambition_caveats": {"en": "Read the index with care. For shares it compares the shares themselves, not "
                                  "percentage points (no. {ex_no}: {ex_base} → {ex_target} scores {ex_index}). "
                                  "Indicators {early} start from {early_year}, not 2016. For the yearly flows (hollow "
                                  "diamonds: {flows}) one yearly target holds for 2020 and 2025. Indicators {missing} "
                                  "have no baseline and are left out.",
                            "zh": "解读该指数需注意：比重指标比较的是比重本身而非百分点（如第{ex_no}项：{ex_base}→{ex_target}，"
                                  "指数为{ex_index}）；第{early}项的基期为{early_year}年而非2016年；空心菱形所示的年度增量"
                                  "指标（第{flows}项）2020年与2025年为同一每年目标；第{missing}项无基期值，未列入图中。"},
    "ov_sec_missing": {"en": "Indicators without a baseline", "zh": "无基期值的指标"},
    "ov_missing_sentence": {"en": "{n} indicators have no numeric baseline, so no change from the baseline can be "
                                  "computed for them:",
                            "zh": "以下{n}项指标没有数值型基期值，无法计算从基期起的变化："},
    "ov_col_why": {"en": "Why there is no baseline", "zh": "原因"},
    "ov_reason_composition": {"en": "a ratio of three shares, printed as {text}, not one number; shown as the fibre "
                                    "mix below",
                              "zh": "为三项比重之比（印为{text}），不是单一数值；见下文纤维比重"},
    "ov_reason_not_printed": {"en": "the plan prints “{text}” in the baseline cell; only the step from 2020 to 2025 "
                                    "can be computed ({rate})",
                              "zh": "方案基期栏印为“{text}”；只能计算2020年至2025年的变化（{rate}）"},
    "ov_reason_missing": {"en": "no baseline figure in the plan", "zh": "方案未给出基期数据"},
    "ov_sec_fibre": {"en": "The fibre mix: from {m0} to {m1} to {m2}", "zh": "纤维用途结构：从{m0}到{m1}再到{m2}"},
    "ov_fibre_sentence": {"en": "The plan wants the textile industry to move from apparel towards industrial "
                                "textiles: the share of fibre used for industrial textiles rises from {ind0} in {y0} "
                                "to {ind1} in {y1} ({pp1}) and {ind2} in {y2} ({pp2}), while apparel falls from "
                                "{app0} to {app1} and {app2}. Home textiles stay at {home}.",
                          "zh": "方案要求纺织产业由服装用向产业用转型：产业用纤维比重从{y0}年的{ind0}提高到{y1}年的{ind1}"
                                "（{pp1}）和{y2}年的{ind2}（{pp2}），服装用纤维比重从{app0}降至{app1}和{app2}，家纺用"
                                "保持在{home}。"},
    "ov_fibre_unit_note": {"en": "The plan prints the mix as ratios without a unit; the data reads them as "
                                 "percentage shares (each year sums to 100).",
                           "zh": "方案以比例形式列出，未注明单位；数据按百分比处理（每年合计为100）。"},
    "ov_pp_a_year": {"en": "{pp} a year", "zh": "年均{pp}"},
    "ov_sec_recon": {"en": "Do the industries' 2020 targets add up to the headline?",
                     "zh": "各产业2020年目标之和与总体目标是否一致"},
    "ov_recon_sentence": {"en": "For {year} the plan wants the output of the key traditional industries to reach "
                                "{headline}. The output targets it sets for the key industries add up to {sum}: "
                                "{parts}. That is {gap} ({gap_pct}) short of the headline.",
                          "zh": "方案提出，到{year}年重点传统产业产值达到{headline}。方案为各重点产业设定的产值目标合计为"
                                "{sum}（{parts}），比总体目标少{gap}（{gap_pct}）。"},
    "ov_recon_sentence_over": {"en": "For {year} the plan wants the output of the key traditional industries to reach "
                                     "{headline}. The output targets it sets for the key industries add up to {sum}: "
                                     "{parts}. That is {gap} ({gap_pct}) more than the headline.",
                               "zh": "方案提出，到{year}年重点传统产业产值达到{headline}。方案为各重点产业设定的产值目标合计"
                                     "为{sum}（{parts}），比总体目标多{gap}（{gap_pct}）。"},
    "ov_recon_other": {"en": "{name}'s {year} target, {value}, is not output but {scope}, so it is not added in; "
                             "with it the sum would be {with_it}, {over} above the headline.",
                       "zh": "{name}的{year}年目标{value}不是产值，而是{scope}，因此未计入；若计入，合计为{with_it}，比总体"
                             "目标多{over}。"},
    "ov_recon_caveats": {"en": "Why the sum is only approximate", "zh": "合计仅为近似的原因"},
    "ov_cav_other_scope": {"en": "{name}: the {year} figure ({value}) measures {scope}, not output; it is left out "
                                 "of the sum.",
                           "zh": "{name}：{year}年目标（{value}）为{scope}，不是产值，未计入合计。"},
    "ov_cav_baseline_scope_differs": {"en": "{name}: the target counts the {scope}, while the 2016 figure ({base}) "
                                            "is the {bscope}; the plan gives no 2016 figure of the target's scope.",
                                      "zh": "{name}：目标口径为{scope}，而2016年数据（{base}）为{bscope}；方案未给出与目标"
                                            "口径一致的2016年数据。"},
    "ov_cav_wider_than_baseline": {"en": "{name}: the 2016 figure ({base}) counts firms above designated size "
                                         "only; the target ({value}, {scope}) does not say so and may cover more.",
                                   "zh": "{name}：2016年数据（{base}）仅为规模以上企业；目标（{value}，{scope}）未注明"
                                         "规上，口径可能更宽。"},
    "ov_cav_qualifier": {"en": "{name}: the target reads “{phrase}”, not a plain figure to reach.",
                         "zh": "{name}：目标表述为“{phrase}”，而非确定的达到值。"},
    "ov_cav_not_in_headline": {"en": "{names} have output targets of their own ({values}; {total} in all) but the "
                                     "data does not count them among the key traditional industries, so they are "
                                     "left out; with them the sum would be {with_all}.",
                               "zh": "{names}也有各自的产值目标（{values}；合计{total}），但数据未将其列为重点传统产业，"
                                     "因此未计入；若计入，合计为{with_all}。"},
    "ov_col_group": {"en": "Group", "zh": "类别"},
    "ov_group_key": {"en": "key industry", "zh": "重点产业"},
    "ov_group_other": {"en": "other industry", "zh": "其他产业"},
    "ov_col_target_2020": {"en": "2020 target (CNY bn)", "zh": "2020年目标（亿元）"},
    "ov_col_counted": {"en": "In the output sum", "zh": "计入产值合计"},
    "ov_recon_caption": {"en": "The industries' 2020 targets, and which enter the output sum",
                         "zh": "各产业2020年目标及是否计入合计"},
    "ov_src_recon": {"en": "Part 1 (3) main goals and Part 2, each industry's prose", "zh": "一、（三）主要目标；二、各产业正文"},
    "ov_lines_list": {"en": "lines {lines}", "zh": "第{lines}行"},
    "ov_line_one": {"en": "line {lines}", "zh": "第{lines}行"},
    # data_audit
    "au_title": {"en": "Data audit: checks and decisions", "zh": "数据核查：校验与处理说明"},
    "au_intro": {"en": "The plan's tables and figures are held in {n} data tables ({rows} rows). This page shows a "
                       "reviewer the checks the data makes on itself (do the parts add up, do the printed shares "
                       "point to one city total, do the mixes sum to 100) and lists every ambiguity met in "
                       "transcribing the plan with the decision taken: {notes} rows carry such a note.",
                 "zh": "方案中的表格和数据整理为{n}张数据表（共{rows}行）。本页向审阅者展示数据的自我校验（分项是否加总"
                       "为合计、所印比重是否指向同一个全市总量、结构比例是否合计为100），并逐条列出整理方案时遇到的歧义"
                       "及处理办法：共有{notes}行带有此类说明。"},
    "au_sec_tables": {"en": "The tables", "zh": "数据表一览"},
    "au_col_name": {"en": "Table", "zh": "数据表"},
    "au_col_title": {"en": "Title", "zh": "标题"},
    "au_col_rows": {"en": "Rows", "zh": "行数"},
    "au_col_notes": {"en": "Rows with a note", "zh": "带说明的行数"},
    "au_col_source": {"en": "Source in the plan", "zh": "方案出处"},
    "au_sec_totals": {"en": "Do the parts add up?", "zh": "分项与合计是否一致"},
    "au_totals_sentence": {"en": "In each of the three 2016 structure tables the numbered segments should add up to "
                                 "the industry row, and a row marked # (a part of the segment above it) should not "
                                 "exceed that segment. {n_ok} of {n} checks pass.",
                           "zh": "三张2016年产业发展情况表中，编号行业之和应等于产业合计行，标#的行（上一行业的组成部分）不应"
                                 "超过其所属行业。{n}项核对中{n_ok}项通过。"},
    "au_chk_sum": {"en": "segments = industry", "zh": "各行业之和 = 产业合计"},
    "au_chk_sub": {"en": "part ≤ its segment", "zh": "子行业 ≤ 所属行业"},
    "au_col_part": {"en": "Part(s)", "zh": "分项"},
    "au_col_whole": {"en": "Whole", "zh": "合计/所属行业"},
    "au_col_measure": {"en": "Measure", "zh": "指标"},
    "au_m_enterprises": {"en": "firms", "zh": "企业数（家）"},
    "au_m_output_value": {"en": "output (CNY bn)", "zh": "产值（亿元）"},
    "au_m_share_city_pct": {"en": "share of city (%)", "zh": "占全市比重（%）"},
    "au_sec_shares": {"en": "Do the segments' shares add up to the industry's?", "zh": "各行业占比之和与产业占比是否一致"},
    "au_shares_sentence": {"en": "Shares of the city's industry above designated size are printed to one decimal, so the "
                                 "segments' shares need not add up exactly to the industry's. {exact} of {n} tables "
                                 "add up exactly.",
                           "zh": "占全市规上工业的比重保留一位小数，因此各行业占比之和未必与产业占比完全一致。{n}张表中"
                                 "{exact}张完全一致。"},
    "au_shares_mismatch": {"en": "{name}: the table prints {total} for the industry, but its segments' shares add up "
                                 "to {parts} ({terms}). Computed from the outputs and a city total of {city}, the "
                                 "industry's share is {unrounded}, which rounds to the printed {total}: the {parts} "
                                 "is a sum of rounded figures. The data keeps both as printed.",
                           "zh": "{name}：表中产业合计行印为{total}，而各行业占比之和为{parts}（{terms}）。按产值和{city}"
                                 "的全市总量计算，该产业占比为{unrounded}，四舍五入即为所印的{total}；{parts}是各项舍入后"
                                 "相加的结果。数据按原样保留两者。"},
    "au_shares_unexplained": {"en": "{name}: the table prints {total} for the industry, but its segments' shares add "
                                    "up to {parts} ({terms}); computed from the outputs the share is {unrounded}, so "
                                    "the printed {total} is not a rounding of it. The data keeps both as printed.",
                              "zh": "{name}：表中产业合计行印为{total}，而各行业占比之和为{parts}（{terms}）；按产值计算为"
                                    "{unrounded}，所印{total}并非其舍入结果。数据按原样保留两者。"},
    "au_col_parts_sum": {"en": "Segments' shares added (%)", "zh": "各行业占比之和（%）"},
    "au_col_printed_total": {"en": "Industry's printed share (%)", "zh": "产业合计行所印占比（%）"},
    "au_col_within_rounding": {"en": "Within rounding", "zh": "在舍入误差内"},
    "au_col_unrounded": {"en": "Share computed from output (%)", "zh": "按产值计算的占比（%）"},
    "au_sec_prose": {"en": "The prose against the tables", "zh": "正文与表格对照"},
    "au_prose_sentence": {"en": "Each industry's prose repeats some figures of its table's industry row; {n_ok} of "
                                "{n} agree.",
                          "zh": "各产业正文重复了表格合计行的部分数据；{n}项中{n_ok}项一致。"},
    "au_col_prose": {"en": "Prose", "zh": "正文"},
    "au_col_table": {"en": "Table", "zh": "表格"},
    "au_m_share_city_industry_pct": {"en": "share of city (%)", "zh": "占全市比重（%）"},
    "au_m_share_province_pct": {"en": "share of the trade in Zhejiang (%)", "zh": "占全省同行业比重（%）"},
    "au_sec_city": {"en": "One city total behind three tables", "zh": "三张表背后的同一全市总量"},
    "au_city_sentence": {"en": "Each table gives every row's output and its share of the city's industry above "
                               "designated size, so output ÷ share × 100 is the city total the row implies. The three "
                               "industry rows imply {totals}: about {approx}. A share printed to one decimal could be "
                               "anything within ±0.05, so each row allows an interval; the three industry rows' "
                               "intervals overlap from {low} to {high}.",
                         "zh": "各表均给出每一行的产值及其占全市规上工业的比重，因此“产值÷比重×100”即为该行隐含的全市总量。"
                               "三张表的产业合计行分别推算出{totals}，约为{approx}。比重保留一位小数，实际值可在±0.05"
                               "之内，因此每一行给出一个区间；三个产业合计行的区间重叠于{low}至{high}。"},
    "au_city_outliers": {"en": "Against that range, {n_bad} of {n} rows print a share that cannot be a rounding of "
                               "the true one: {rows}. The data keeps the printed figures.",
                         "zh": "以该区间衡量，{n}行中有{n_bad}行所印比重不可能是实际比重的舍入结果：{rows}。数据按原样保留"
                               "所印数据。"},
    "au_city_outlier_item": {"en": "{name} (printed {printed}, computed {computed})",
                             "zh": "{name}（印为{printed}，推算为{computed}）"},
    "au_city_all_ok": {"en": "Every row's printed share is a possible rounding of its share of that range.",
                       "zh": "各行所印比重均与该区间相符。"},
    "au_col_implied_city": {"en": "Implied city total (CNY bn)", "zh": "推算全市总量（亿元）"},
    "au_col_interval": {"en": "Rounding interval (CNY bn)", "zh": "舍入区间（亿元）"},
    "au_col_consistent": {"en": "Fits the common range", "zh": "与共同区间相符"},
    "au_industry_total": {"en": "{name} (industry total)", "zh": "{name}（产业合计）"},
    "au_part_of": {"en": "{name} (part of {parent})", "zh": "{name}（属{parent}）"},
    "au_sec_implied": {"en": "Implied province and nation totals", "zh": "推算的全省、全国同行业总量"},
    "au_implied_sentence": {"en": "The shares of the province's and the nation's trade imply those trades' totals "
                                  "in the same way. They differ from row to row because each row is a different "
                                  "trade. Small shares make them rough: the ± column gives the half-width of the "
                                  "rounding interval.",
                            "zh": "同理，占全省、全国同行业的比重可推算出相应行业的总量。由于各行所属行业不同，推算结果逐行不同。"
                                  "比重越小，推算越粗略：“±”列为舍入区间的半宽。"},
    "au_col_implied_province": {"en": "Implied Zhejiang total (CNY bn)", "zh": "推算全省同行业总量（亿元）"},
    "au_col_implied_national": {"en": "Implied China total (CNY bn)", "zh": "推算全国同行业总量（亿元）"},
    "au_col_spread": {"en": "± (%)", "zh": "±（%）"},
    "au_sec_mix": {"en": "Mixes sum to 100", "zh": "结构比例合计为100"},
    "au_mix_sentence": {"en": "{n_ok} of {n} mixes sum to 100: the fibre mix of each year and each value-added "
                              "chain.",
                        "zh": "{n}组结构比例中{n_ok}组合计为100：各年份的纤维用途比重及产业链增加值构成。"},
    "au_col_mix": {"en": "Mix", "zh": "结构比例"},
    "au_col_key": {"en": "Year or industry", "zh": "年份或产业"},
    "au_mix_fibre_mix": {"en": "fibre mix (apparel : home textiles : industrial)", "zh": "纤维用途比重（服装用：家纺用：产业用）"},
    "au_mix_value_added_mix": {"en": "value-added chain", "zh": "产业链增加值构成"},
    "au_sec_notes": {"en": "Every ambiguity and the decision taken", "zh": "歧义与处理说明（逐条）"},
    "au_notes_intro": {"en": "Each table's note column records where the plan is ambiguous, inconsistent or "
                             "incomplete and what the data does about it. Below, for each table, every row with a "
                             "note, identified by its key columns.",
                       "zh": "各数据表的“说明”列记录了方案表述含糊、不一致或不完整之处，以及数据的处理办法。以下按表列出所有"
                             "带说明的行，并给出其主键列。"},
    "au_notes_heading": {"en": "{title} (`{name}`): {k} of {n} rows", "zh": "{title}（`{name}`）：{n}行中的{k}行"},
    "au_no_notes": {"en": "No row of this table carries a note.", "zh": "本表无说明。"},
    "au_col_note": {"en": "Ambiguity and decision", "zh": "歧义与处理（英文原文）"},
    "au_col_what": {"en": "Row", "zh": "内容"},
    "au_key_industry": {"en": "Industry", "zh": "产业"},
    "au_key_indicator_no": {"en": "No.", "zh": "序号"},
    "au_key_year": {"en": "Year", "zh": "年份"},
    "au_key_segment_zh": {"en": "Segment (Chinese)", "zh": "行业"},
    "au_key_product_zh": {"en": "Product (Chinese)", "zh": "产品"},
    "au_key_kind": {"en": "Kind", "zh": "类型"},
    "au_key_metric": {"en": "Metric id", "zh": "指标代码"},
    "au_key_focus_no": {"en": "Focus area", "zh": "重点领域序号"},
    "au_key_name_zh": {"en": "Name (Chinese)", "zh": "名称"},
    "au_key_positioning_no": {"en": "No.", "zh": "序号"},
    "au_key_measure_no": {"en": "Measure", "zh": "措施序号"},
    "au_key_task_no": {"en": "Task", "zh": "任务序号"},
    "au_key_milestone_no": {"en": "Step", "zh": "节点序号"},
    "au_key_observation_id": {"en": "Observation id", "zh": "观测编号"},
    "au_key_fact_id": {"en": "Fact id", "zh": "数据代码"},
    "au_key_search_no": {"en": "Search", "zh": "检索序号"},
    "au_all_city": {"en": "city-wide", "zh": "全市"},
})


# ---------------------------------------------------------------- plan vs outcome (progress tracker)

LABELS.update({
    "progress_title": {"en": "Plan vs outcome: progress assessment", "zh": "方案与实际：进展评估"},
    "progress_intro": {"en": "The plan set targets for 2020 and 2025. This page sets against them the later figures "
                             "found in public sources: {n_obs} observations that speak to {n_items} plan items. "
                             "Every figure is quoted with its source. Where a figure measures something other than "
                             "its plan item (another coverage, part of a year, a growth rate where the plan targets "
                             "a level) it is shown but not assessed. The years looked at are 2018 to 2022, with "
                             "the 2017 results of the 2017 task list; figures for other periods are shown and not "
                             "assessed.",
                       "zh": "方案设定了2020年和2025年的目标。本页将方案发布后公开来源中的数据与目标对照：共{n_obs}条观测数据，"
                             "涉及{n_items}个方案事项。每条数据均附原文和来源。与方案事项口径不同的数据（统计范围不同、仅为部分月份、"
                             "以增速对应水平目标等）予以展示，但不作评估。观察期为2018-2022年，另含2017年重点工作清单的2017年完成情况；"
                             "其他期间的数据予以展示，但不作评估。"},
    "progress_user": {"en": "{n} observations of your own, from {file}, are included and marked “yours”.",
                      "zh": "已纳入来自{file}的{n}条自有观测数据，标为“自有”。"},
    "progress_summary": {"en": "{n_assessed} of the {n_items} plan items can be assessed against their target "
                               "({counts}). {n_nc} {are} not comparable with their plan item, and {n_ua} {have} no "
                               "target or baseline to assess against.",
                         "zh": "{n_items}个方案事项中，{n_assessed}个可对照目标评估：{counts}。{n_nc}个与方案事项口径不可比，"
                               "{n_ua}个缺少目标或基期，无法评估。"},
    "progress_count": {"en": "{label}: {n}", "zh": "{label}{n}个"},
    "progress_list_sep": {"en": ", ", "zh": "，"},
    "progress_method": {"en": "The method is the progress measurement of Open SDG, the open-source platform "
                              "for reporting on the UN Sustainable Development Goals (its “progress methodology” "
                              "documentation). The growth observed from the plan's baseline to the observation is "
                              "divided by the growth the target requires from the same baseline, both as compound "
                              "annual rates, or for shares as percentage points a year. A ratio of 95% or more is on "
                              "track, 60% to 95% needs acceleration, 0 to 60% is limited progress, below 0 is "
                              "deterioration. An item whose observed figure already reaches its target is target "
                              "met, whatever the pace. An observation is set against the plan's first target year "
                              "not before it (2020, else 2025). Not comparable: the figure measures something other "
                              "than its plan item (another coverage, unit or period), so no rate is computed. Unable "
                              "to assess: the plan gives the item no target, or no baseline to measure growth from.",
                        "zh": "采用联合国可持续发展目标开放数据平台的进展评估方法（方法说明见该平台文档）。以方案基期值为起点，"
                              "将实际年均增速除以实现目标所需的年均增速（均为复合年增长率；比重类指标按每年变化的百分点计）。"
                              "比值不低于95%为进度正常，60%至95%为需加快，0至60%为进展有限，低于0为倒退；实际值已达到目标的，"
                              "不论增速，均为已达目标。观测数据对照不早于其年份的第一个目标年（2020年，否则2025年）。"
                              "口径不可比：数据与方案事项的统计范围、单位或期间不同，不计算增速。无法评估：方案未给出该事项的目标，"
                              "或缺少计算增速所需的基期值。"},
    "pt_sec_assessment": {"en": "Plan items with an observation", "zh": "有观测数据的方案事项"},
    "pt_sec_observations": {"en": "Every observation and its source", "zh": "全部观测数据及来源"},
    "pt_sec_unobserved": {"en": "Plan items without any observation", "zh": "无观测数据的方案事项"},
    "pt_sec_method": {"en": "Method", "zh": "评估方法"},
    "observations_intro": {"en": "{n} observations. Quotes are exactly as published; the scope note says how each "
                                 "figure differs from its plan item and why it is or is not assessed.",
                           "zh": "共{n}条观测数据。原文照录；口径说明指出每条数据与方案事项的差异，以及评估或不评估的理由。"},
    "unobserved_intro": {"en": "No observation speaks to these {n} items: {n_ind} of the 18 main indicators and "
                               "{n_out} output targets of the industries. They are not assessed; a missing figure says nothing "
                               "about whether a target was reached.",
                         "zh": "以下{n}个事项没有观测数据：18项主要指标中的{n_ind}项，以及{n_out}项产业产值目标。"
                               "它们未作评估；缺少数据并不说明目标是否实现。"},
    "st_target_met": {"en": "Target met", "zh": "已达目标"},
    "st_on_track": {"en": "On track", "zh": "进度正常"},
    "st_acceleration_needed": {"en": "Acceleration needed", "zh": "需加快"},
    "st_limited_progress": {"en": "Limited progress", "zh": "进展有限"},
    "st_deterioration": {"en": "Deterioration", "zh": "倒退"},
    "st_not_comparable": {"en": "Not comparable", "zh": "口径不可比"},
    "st_unable_to_assess": {"en": "Unable to assess", "zh": "无法评估"},
    "rs_scope": {"en": "scope differs", "zh": "口径不同"},
    "rs_unit": {"en": "unit differs", "zh": "单位不同"},
    "rs_plan_scope": {"en": "the plan's target and baseline differ in scope", "zh": "方案目标与基期口径不同"},
    "rs_no_target": {"en": "no target in the plan", "zh": "方案无对应目标"},
    "rs_no_baseline": {"en": "no baseline in the plan", "zh": "方案无基期值"},
    "rs_no_interval": {"en": "not later than the baseline", "zh": "不晚于基期"},
    "rs_not_positive": {"en": "values not positive", "zh": "数值非正"},
    "rs_composition": {"en": "composition indicator", "zh": "构成类指标"},
    "sk_official": {"en": "official", "zh": "官方"},
    "sk_press": {"en": "press", "zh": "报刊"},
    "sk_secondary": {"en": "secondary", "zh": "转引"},
    "or_user": {"en": "yours", "zh": "自有"},
    "it_indicator": {"en": "main indicator", "zh": "主要指标"},
    "it_industry": {"en": "output target", "zh": "产值目标"},
    "pt_col_plan_item": {"en": "Plan item", "zh": "方案事项"},
    "pt_col_baseline": {"en": "Baseline", "zh": "基期值"},
    "pt_col_target": {"en": "Target", "zh": "目标值"},
    "pt_col_observed": {"en": "Observed", "zh": "实际值"},
    "pt_col_required_growth": {"en": "Required a year", "zh": "所需年均增长"},
    "pt_col_observed_growth": {"en": "Observed a year", "zh": "实际年均增长"},
    "pt_col_ratio": {"en": "Observed ÷ required (%)", "zh": "实际÷所需（%）"},
    "pt_col_status": {"en": "Status", "zh": "评估结果"},
    "pt_col_item_kind": {"en": "Kind of item", "zh": "事项类型"},
    "pt_col_target_2020": {"en": "2020 target", "zh": "2020年目标"},
    "pt_col_target_2025": {"en": "2025 target", "zh": "2025年目标"},
    "progress_chart_title": {"en": "Plan vs outcome: observed growth against the growth each target needs",
                             "zh": "方案与实际：实际增速与目标所需增速对照"},
    "progress_axis": {"en": "Observed growth as % of the growth the target requires (100 = exactly on pace)",
                      "zh": "实际增速相当于目标所需增速的百分比（%，100为恰好符合进度）"},
    "panel_assessed": {"en": "Assessed against the plan's target", "zh": "对照方案目标评估"},
    "panel_not_assessed": {"en": "Not assessed: scope differs, or no target or baseline (details in the tables)",
                           "zh": "未评估：口径不同，或无目标、无基期（详见下表）"},
    "met_no_rate": {"en": "{obs} against a target of {target}: met (no baseline to measure growth)",
                    "zh": "实际{obs}，目标{target}：已达目标（无基期，无法计算增速）"},
    "met_with_rate": {"en": "{obs} against a target of {target}: met ({ratio}% of the pace needed: {rates})",
                      "zh": "实际{obs}，目标{target}：已达目标（达到所需进度的{ratio}%：{rates}）"},
    "progress_100": {"en": "100 = on pace", "zh": "100＝恰好符合进度"},
    "obs_vs_req": {"en": "{obs} a year against {req} required", "zh": "实际年均{obs}，所需{req}"},
    "obs_in_period": {"en": "{value} ({period})", "zh": "{value}（{period}）"},
    "progress_source": {"en": "main indicators, main goals, work measure 4 and the 2017 task list; observed figures: "
                              "the public sources listed below",
                        "zh": "主要指标、主要目标、工作措施4及2017年重点工作清单；实际数据：下文所列公开来源"},
    "item_indicator": {"en": "{n}. {name}", "zh": "{n}. {name}"},
    "ob_head": {"en": "{i}. {what}: {value}, {period}", "zh": "{i}. {what}：{value}，{period}"},
    "ob_comparable": {"en": "comparable with its plan item", "zh": "与方案事项口径可比"},
    "ob_not_comparable": {"en": "not comparable with its plan item", "zh": "与方案事项口径不可比"},
    "ob_plan_item": {"en": "Plan item: {x}", "zh": "方案事项：{x}"},
    "ob_scope": {"en": "Scope: {x}", "zh": "口径：{x}"},
    "ob_quote": {"en": "Quote: {x}", "zh": "原文：{x}"},  # x in <q>: the browser sets the quotation marks
    "increment_baseline": {"en": "{value} new in {year}", "zh": "{year}年新增{value}"},
    "ob_source": {"en": "Source ({kind}): {x}", "zh": "来源（{kind}）：{x}"},
    "ob_observed": {"en": "{value}, {period}: {what}", "zh": "{value}，{period}：{what}"},
    "ob_baseline_other_scope": {"en": "{x}; other scope", "zh": "{x}；口径不同"},
})


def amount(value, unit_zh, unit_en, lang: str) -> str:
    """A figure with its unit for ``lang``: 亿元 through :func:`money`, ``%`` glued on, other units after it.

    >>> amount(44, "%", "%", "en"), amount(105, "万元/亩", "10,000 yuan per mu", "zh")
    ('44%', '105万元/亩')
    >>> amount(105, "万元/亩", "10,000 yuan per mu", "en")
    '1,050,000 yuan per mu'
    >>> amount(47.7, "亿米", "100 million m", "en")
    '4.77 bn m'
    """
    if _missing(value):
        return "—"
    v = float(value)
    if unit_zh == "亿元":
        return money(v, lang, digits=None)
    if lang == "zh":
        text = number(v, 2, "zh")
    else:
        text = minus(f"{v:,.2f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:,.0f}")
    if unit_zh in ("%", "％"):
        return f"{text}%"
    u = unit(unit_zh, unit_en, lang) or (unit_zh if isinstance(unit_zh, str) else "")
    if lang == "en":  # a unit with a multiplier in it ('10,000 yuan per mu'): the figure multiplied out
        for prefix, factor in (("10,000 ", 1e4), ("100 million ", 1e8)):
            if u.startswith(prefix):
                full = v * factor
                text = (minus(f"{full / 1e9:,.2f}".rstrip("0").rstrip(".")) + " bn" if abs(full) >= 1e9 else
                        minus(f"{full / 1e6:,.2f}".rstrip("0").rstrip(".")) + " m" if abs(full) >= 1e7 else
                        minus(f"{full:,.0f}"))
                return f"{text} {u[len(prefix):]}"
    return f"{text} {u}".strip() if lang == "en" else f"{text}{u}"


# the plan's own count word where its table header says otherwise: patents are 项 in the plan's text (lines 66,
# 152: 年均新增500项) though the indicator's header says 个
_COUNT_WORD_ZH = {"count (patents)": "项"}


def count_word(unit_zh, unit_en, lang: str):
    """The unit a Chinese page counts in: the plan's own word where its table header says otherwise (项 for patents)."""
    return _COUNT_WORD_ZH.get(unit_en, unit_zh) if check_lang(lang) == "zh" else unit_zh


def indicator_target(value, printed, kind, unit_zh, unit_en, lang: str) -> str:
    """A main indicator's target as the plan means it: a yearly increment reads 'year on year', not as a stock.

    ``kind`` is the indicator's ``target_kind``; for ``annual_increment``
    (indicators 10 and 16) the Chinese is the plan's own cell (``printed``,
    年均新增500项) and the English says '500 new a year'.  Other targets go
    through :func:`amount` (``printed`` where the value is not a number: 40:30:30).
    """
    if kind == "annual_increment" and not _missing(value):
        if check_lang(lang) == "zh":
            return str(printed) if not _missing(printed) else f"年均新增{number(float(value), 2, 'zh')}{unit_zh}"
        what = str(unit_en).split("(")[-1].rstrip(")") if "(" in str(unit_en) else str(unit_en)
        return f"{number(float(value), 0)} new {what} a year"
    if _missing(value):
        return "—" if _missing(printed) else str(printed)
    u = _COUNT_WORD_ZH.get(unit_en, unit_zh) if lang == "zh" else unit_zh
    return amount(value, u, unit_en, lang)


def growth(x, measure, lang: str) -> str:
    """A yearly rate of :func:`shaoxing.progress.assess`: ``+5.7%`` (``cagr``) or ``+2.80 pp`` (``pp_per_year``)."""
    if _missing(x) or _missing(measure):
        return "—"
    return pp(x, lang) if measure == "pp_per_year" else rate(x, lang=lang)


def item_label(row, lang: str) -> str:
    """The plan item of an assessment row in ``lang``: '3. <indicator name>' for main indicators."""
    name = row["plan_item_en"] if check_lang(lang) == "en" else row["plan_item_zh"]
    if row["item_type"] == "indicator" and not _missing(row["indicator_no"]):
        return t("item_indicator", lang, n=int(row["indicator_no"]), name=name)
    return str(name)


def period_text(period, year, lang: str) -> str:
    """An observation's period for readers: '2020', 'Jan-Oct 2021' / '2020年', '2021年1-10月'."""
    check_lang(lang)
    if _missing(period) or "/" not in str(period):
        y = year if _missing(period) else period
        return "—" if _missing(y) else (f"{int(y)}" if lang == "en" else f"{int(y)}年")
    start, end = str(period).split("/")
    (y0, m0), (y1, m1) = (int(p) for p in start.split("-")), (int(p) for p in end.split("-"))
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    if y0 == y1:
        return f"{months[m0 - 1]}-{months[m1 - 1]} {y0}" if lang == "en" else f"{y0}年{m0}-{m1}月"
    return (f"{months[m0 - 1]} {y0}-{months[m1 - 1]} {y1}" if lang == "en"
            else f"{y0}年{m0}月-{y1}年{m1}月")


# ---------------------------------------------------------------- the data dictionary

LABELS.update({
    "dd_title": {"en": "Data dictionary: tables, columns and units", "zh": "数据字典：数据表、字段与单位"},
    "dd_intro": {"en": "The plan's tables are held in {n} CSV tables in the project's data folder: {f} columns and "
                       "{rows} rows in all. Below, each table with its source in the plan, the columns that "
                       "identify a row and every column with its type, unit and meaning. In Python, "
                       "sx.load(name) loads a table as a DataFrame and sx.describe(name) prints this description.",
                 "zh": "方案中的表格整理为项目`data`目录下的{n}张CSV数据表，共{f}个字段、{rows}行。以下逐表列出其在方案中的出处、"
                       "唯一确定一行的字段（主键）以及每个字段的类型、单位和含义。在`Python`中，`sx.load(表名)`将数据表读取为"
                       "`DataFrame`，`sx.describe(表名)`显示本说明。"},
    "dd_english_only": {"en": "Column meanings are written in English only, as in the data package "
                               "(datapackage.json); table titles and descriptions are in both languages.",
                        "zh": "字段说明仅有英文（与数据包datapackage.json一致）；数据表的标题和介绍有中英文。"},
    "dd_sec_tables": {"en": "The tables", "zh": "数据表一览"},
    "dd_sec_columns": {"en": "Columns of each table", "zh": "各表字段"},
    "dd_col_table": {"en": "Table", "zh": "数据表"},
    "dd_col_title": {"en": "Title", "zh": "标题"},
    "dd_col_rows": {"en": "Rows", "zh": "行数"},
    "dd_col_columns": {"en": "Columns", "zh": "字段数"},
    "dd_col_source": {"en": "Source in the plan", "zh": "方案出处"},
    "dd_table_heading": {"en": "{title} (`{name}`)", "zh": "{title}（`{name}`）"},
    "dd_source": {"en": "Source: {source}.", "zh": "出处：{source}。"},
    "dd_key": {"en": "A row is identified by: {columns}.", "zh": "主键：{columns}。"},
    "dd_refs": {"en": "Links to other tables: {refs}.", "zh": "与其他数据表的关联：{refs}。"},
    "dd_col_field": {"en": "Column", "zh": "字段"},
    "dd_col_type": {"en": "Type", "zh": "类型"},
    "dd_col_unit": {"en": "Unit", "zh": "单位"},
    "dd_col_required": {"en": "Always filled", "zh": "必填"},
    "dd_col_filled": {"en": "Rows with a value", "zh": "有值行数"},
    "dd_allowed": {"en": "Allowed values: {values}.", "zh": "允许值：{values}。"},
    "dd_col_description": {"en": "Meaning", "zh": "说明"},
    "dd_type_string": {"en": "text", "zh": "文本"},
    "dd_type_integer": {"en": "whole number", "zh": "整数"},
    "dd_type_number": {"en": "number", "zh": "数值"},
    "dd_type_boolean": {"en": "true / false", "zh": "是/否"},
})
