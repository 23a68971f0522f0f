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

import pandas as pd

from .params import LANGS, check_lang

__all__ = ["LABELS", "LANGS", "t", "col", "money", "money_unit", "number", "pct", "pp", "rate",
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
    "output_value": {"en": "Output (CNY bn)", "zh": "产值（亿元）"},
    "output_per_firm": {"en": "Output per firm (CNY m)", "zh": "户均产值（亿元）"},
    "share_city": {"en": "Share of city above-scale industry (%)", "zh": "占全市规上工业比重（%）"},
    "share_province": {"en": "Share of the trade in Zhejiang (%)", "zh": "占全省同行业比重（%）"},
    "share_national": {"en": "Share of the trade in China (%)", "zh": "占全国同行业比重（%）"},
    "share_of_industry": {"en": "Share of industry output (%)", "zh": "占本产业产值比重（%）"},
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
    "k_site": {"en": "site", "zh": "地点"},
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
    "no_structure": {"en": "The plan gives no 2016 structure table for {name}. What it does give is listed below, "
                             "from the industry's prose.",
                     "zh": "方案未给出{name}的2016年产业结构表。以下为方案正文中给出的数据。"},
    "no_facts": {"en": "The plan states no figure for {name} in its prose.", "zh": "方案正文未给出{name}的数据。"},
    "no_paths": {"en": "The plan gives no 2016 baseline that a target of {name} can be compared with, so no "
                         "required growth rate can be computed; the targets are listed above.",
                 "zh": "方案未给出可与{name}目标对比的2016年基期数据，无法计算所需增速；目标见上表。"},
    "no_positioning": {"en": "The plan gives {name} no positioning goal of its own.",
                       "zh": "方案未对{name}单独提出产业定位。"},
    "no_benchmarks": {"en": "The roadmap names no benchmark for {name}.", "zh": "路线图未列出{name}的对标对象。"},
    "no_standing": {"en": "The plan gives no share of the provincial or national trade for {name}.",
                    "zh": "方案未给出{name}占全省、全国同行业的比重。"},
    "structure_sentence": {"en": "In 2016 the industry had {firms} above-scale firms with an output of {output}, "
                                 "{share_city} of the city's above-scale industry. The largest segment, {top}, "
                                 "produced {top_share} of it. Output per firm ranged from {min_opf} ({min_seg}) to "
                                 "{max_opf} ({max_seg}).",
                           "zh": "2016年，全市规上{name}企业{firms}家，产值{output}，占全市规上工业的{share_city}。"
                                 "最大的行业为{top}，占产业产值的{top_share}。户均产值从{min_seg}的{min_opf}到"
                                 "{max_seg}的{max_opf}不等。"},
    "subsegment_note": {"en": "Indented rows (marked # in the plan) are parts of the row above and are not added "
                              "again; {excluded} stands beside the industry but is not part of its totals.",
                        "zh": "缩进行（方案中标#）为上一行的组成部分，不重复计入；{excluded}与本产业并列，不计入合计。"},
    "growth_sentence": {"en": "To go from {base} in {y0} to {target} in {y1} ({qual}), {metric} must grow "
                              "{cagr} a year.",
                        "zh": "{metric}从{y0}年的{base}到{y1}年{qual}{target}，需年均增长{cagr}。"},
    "scope_warning": {"en": "Scope differs: the {y1} target ({tscope}) measures something else than the {y0} "
                            "figure ({bscope}); the two are shown side by side, not as a growth path.",
                      "zh": "口径不同：{y1}年目标（{tscope}）与{y0}年数据（{bscope}）统计范围不同，仅并列展示，不视为增长路径。"},
    "facts_table_caption": {"en": "Figures the plan states for {name}", "zh": "方案给出的{name}数据"},
    "positioning_sentence": {"en": "The plan's positioning for the industry: {goals}.",
                             "zh": "方案提出的产业定位：{goals}。"},
    "standing_sentence": {"en": "{segment} accounted for {prov} of the trade's output in Zhejiang and {nat} in China "
                                "(2016).",
                          "zh": "{segment}产值占全省同行业的{prov}，占全国同行业的{nat}（2016年）。"},
    "benchmarks_sentence": {"en": "The roadmap names {n} benchmarks in {k} countries or regions for its {m} focus "
                                  "areas; {foreign} of them are outside China.",
                            "zh": "路线图{m}个重点领域共列出{n}个对标对象，分布于{k}个国家或地区，其中{foreign}个在国外。"},
    "value_added_sentence": {"en": "The plan notes the value-added chain of the four numbered segments as "
                                   "{ratio} (line 316).",
                             "zh": "方案注明化纤、织造、印染、服装工业增加值比重为{ratio}（第316行）。"},
}


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


def number(x, digits: int = 1, lang: str = "en") -> str:
    """A number with thousands separators; ``—`` for a missing figure."""
    if _missing(x):
        return "—"
    return f"{x:,.{digits}f}"


def money_unit(lang: str) -> str:
    """The money unit shown to readers: ``CNY bn`` (en) or ``亿元`` (zh)."""
    return {"en": "CNY bn", "zh": "亿元"}[check_lang(lang)]


def money(yi, lang: str, digits: int | None = None, unit: bool = True) -> str:
    """Format an amount held in 亿元 for ``lang``.

    >>> money(3673.5, "zh")
    '3,673.5 亿元'
    >>> money(3673.5, "en")
    'CNY 367.35 bn'
    """
    if _missing(yi):
        return "—"
    if check_lang(lang) == "zh":
        s = number(float(yi), 1 if digits is None else digits)
        return f"{s} 亿元" if unit else s
    bn = float(yi) * YI_TO_BN
    s = number(bn, 2 if digits is None else digits)
    return f"CNY {s} bn" if unit else s


def money_value(yi, lang: str):
    """An amount in 亿元 converted to the reader's unit (numbers, for tables and axes)."""
    return yi * YI_TO_BN if check_lang(lang) == "en" else yi


def pct(x, digits: int = 1) -> str:
    """``12.3%`` from a percentage number (not a fraction)."""
    return "—" if _missing(x) else f"{x:.{digits}f}%"


def rate(fraction, digits: int = 1) -> str:
    """A growth rate given as a fraction, shown as a signed percentage: ``+5.2%``."""
    return "—" if _missing(fraction) else f"{fraction * 100:+.{digits}f}%"


def pp(x, lang: str, digits: int = 2) -> str:
    """A change in percentage points: ``+1.80 pp`` / ``+1.80个百分点``."""
    if _missing(x):
        return "—"
    return f"{x:+.{digits}f} pp" if check_lang(lang) == "en" else f"{x:+.{digits}f}个百分点"


def qualifier(q, lang: str) -> str:
    """The plan's qualifier (reach, exceed, at_least, about, strive) in ``lang``."""
    return "" if _missing(q) else t(f"q_{q}", lang)


def target_phrase(value, q, unit_text: str, lang: str) -> str:
    """A target with its qualifier as the plan would say it: 'more than 1,800.0 亿元' / '超过1,800.0 亿元'."""
    qual = qualifier(q, lang)
    if check_lang(lang) == "zh":
        if q == "at_least":
            return f"{value}{unit_text}以上"
        if q == "about":
            return f"{value}{unit_text}左右"
        return f"{qual}{value}{unit_text}"
    return f"{qual} {value} {unit_text}".strip()


def unit(unit_zh, unit_en, lang: str) -> str:
    """A unit cell in ``lang``; money units are converted (亿元 -> CNY bn) by callers that convert values."""
    u = unit_en if check_lang(lang) == "en" else unit_zh
    return "" if _missing(u) else str(u)


def esc(text) -> str:
    """Escape data text for Markdown/HTML output, so markup in the data shows as text.

    ``<`` ``>`` ``&`` become entities and Markdown's inline markers are
    backslash-escaped; quotes and ``#`` are left alone (they are harmless
    inside a paragraph and entities would show literally).
    """
    if _missing(text):
        return "—"
    s = str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for ch in "\\`*_[]|":
        s = s.replace(ch, "\\" + ch)
    return s
