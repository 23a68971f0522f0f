"""Errors of fact and contradictions found in review (issue 11), each with the figure worked out by hand."""

from __future__ import annotations

import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A, i18n, pages, progress as PR


def test_a_segment_beside_the_industry_has_no_share_of_it():
    s = A.segment_structure(sx.load("segments"), "textile").set_index("segment_zh")
    assert pd.isna(s.loc["纺织机械", "share_of_industry_output_pct"])  # stands beside textile (plan README)
    assert pd.isna(s.loc["纺织机械", "share_of_industry_firms_pct"])
    assert s.loc["袜业", "share_of_industry_output_pct"] == pytest.approx(176.8 / 3673.5 * 100)  # a part of 织造
    assert s.loc["纺织", "share_of_industry_output_pct"] == 100


def test_structure_note_names_a_row_beside_the_industry_only_when_there_is_one():
    assert i18n.structure_note([], "zh") == "缩进的行（方案表中以“#”标注）为上一行的其中项，不重复计入合计。"
    assert "—" not in i18n.structure_note([], "en") and "stands beside" not in i18n.structure_note([], "en")
    assert "纺织机械与本产业并列" in i18n.structure_note(["纺织机械"], "zh")


def test_ranges_stay_ranges():
    assert i18n.value_range(2, 3) == "2-3"  # line 778: 培育销售超百亿元企业2-3家
    assert i18n.value_range(3, 5, "zh") == "3-5"
    assert i18n.value_range(2, None) == "2" and i18n.value_range(2, float("nan")) == "2"
    assert i18n.value_range(1873, None, "zh") == "1873" and i18n.value_range(12308.5, None, "en") == "12,308.5"
    # one figure formatter behind ranges and the plan overview's cells: at most two decimals, no trailing zeros
    assert [i18n.figure(v, "en") for v in (12308.5, 800.0, 9.349, -3.5, float("nan"))] == [
        "12,308.5", "800", "9.35", "\u22123.5", "—"]  # a true minus sign
    assert [i18n.figure(v, "zh") for v in (12308.5, 800.0, 9.349, 2)] == ["12308.5", "800", "9.35", "2"]


@pytest.fixture(scope="module")
def shipped():
    return sx.load("outcomes"), sx.load("indicators"), sx.load("facts"), sx.load("industries")


def test_every_observation_has_a_row_and_plan_items_are_counted_once(shipped):
    outcomes, indicators, facts, _ = shipped
    each = PR.assess_each(outcomes, indicators, facts)
    assert len(each) == len(outcomes)
    assert set(each["observation_id"]) == set(outcomes["observation_id"])
    # the 2018 growth figures (+5.6% value added, +24.7% profit) are rows of their own
    y2018 = each[each["year"] == 2018].set_index("metric")["observed"]
    assert y2018.to_dict() == {"key_traditional_industries_value_added_growth_pct": 5.6,
                               "key_traditional_industries_profit_growth_pct": 24.7}
    # rows are series (one metric each); plan items are fewer: the 8000亿元 headline alone has five series
    # (growth of value added, profit, taxes in 2018 and 2019), smart upgrading two (firms, projects)
    plan_items = set(outcomes.loc[outcomes["indicator_no"].isna(), "plan_item_en"]) | set(
        outcomes["indicator_no"].dropna().astype(int))
    assert PR.count_plan_items(each) == len(plan_items) < len(PR.assess(outcomes, indicators, facts)) < len(each)
    # rows of one plan item stay together, earlier years first
    head = each[each["plan_item_zh"].str.contains("8000亿元", na=False)]
    assert list(head.index) == list(range(head.index[0], head.index[0] + 5))
    assert list(head["year"]) == sorted(head["year"])


def test_no_observation_list_leaves_out_the_headline_and_shows_yearly_increments(shipped):
    outcomes, indicators, facts, industries = shipped
    missing = PR.unobserved_items(indicators, facts, industries, PR.assess_each(outcomes, indicators, facts))
    headline = missing[(missing["industry"] == "all") & (missing["item_type"] == "industry")]
    assert headline.empty, "the 8000亿元 target has observations (growth of value added, profit, taxes)"
    inc = missing[missing["indicator_no"].isin([10, 16])].set_index("indicator_no")
    assert (inc["target_kind"] == "annual_increment").all()
    r10, r16 = inc.loc[10], inc.loc[16]
    text = lambda r, lang: i18n.indicator_target(r["target_2020"], r["target_2020_text"], r["target_kind"],  # noqa: E731
                                                 r["unit"], r["unit_en"], lang)
    assert text(r10, "zh") == "年均新增500项" and text(r16, "zh") == "年均新增100家"  # lines 152, 193
    assert text(r10, "en") == "500 new patents a year" and text(r16, "en") == "100 new enterprises a year"
    assert i18n.indicator_target(352, "352", "level", "个", "count (patents)", "zh") == "352项"


def test_huangjiu_national_figure_flags_the_scope_change(shipped):
    outcomes, _, facts, _ = shipped
    f = facts[facts["industry"] == "huangjiu"].set_index("metric")["value"]
    implied = f["sales_above_scale"] / f["sales_share_national_above_scale_pct"] * 100
    assert implied == pytest.approx(198.4, abs=0.05)  # 37.5 ÷ 18.9%
    row = outcomes.set_index("observation_id").loc["huangjiu_national_sales_2022"]
    assert row["value"] == 101 and not row["comparable"]
    # the implied total is said, so 32.7% is not read as a share (English pages give money in CNY bn)
    assert "CNY 19.8 bn" in row["scope_note_en"] and "18.9%" in row["scope_note_en"]
    assert "198亿元" in row["scope_note_zh"] and "18.9%" in row["scope_note_zh"]


def test_standing_leaves_out_shares_of_single_firms():
    facts = pd.DataFrame({"industry": ["motor", "motor", "huangjiu", "huangjiu", "textile"],
                          "kind": ["actual", "target", "actual", "actual", "actual"],
                          "metric": ["leading_firms_market_share_national_pct", "output_value",
                                     "sales_share_national_pct", "taxes_share_city_pct", "share_province_pct"],
                          "value": [20, 300, 18.9, 5, 33.2]})
    assert A.standing_shares(facts, "motor").empty  # Wolong Electric's share is not the industry's (line 983)
    assert list(A.standing_shares(facts, "huangjiu")["metric"]) == ["sales_share_national_pct"]
    assert list(A.standing_shares(facts, "textile")["metric"]) == ["share_province_pct"]


def test_benchmark_sentence_counts_distinct_names_in_natural_words():
    zh = i18n.benchmarks_text(22, 26, 16, 12, 10, 7, "zh")
    assert zh == "路线图为16个重点领域列出22个对标对象（共提及26次，部分对象在多个领域重复出现），其中国内12个，国外10个，分属7个国家。"
    assert i18n.benchmarks_text(3, 3, 1, 2, 1, 1, "zh") == "路线图为1个重点领域列出3个对标对象，其中国内2个，国外1个。"
    home = i18n.benchmarks_text(6, 6, 4, 6, 0, 0, "zh")
    assert home == "路线图为4个重点领域列出6个对标对象，均在国内。" and "0个" not in home
    en = i18n.benchmarks_text(2, 2, 1, 0, 2, 2, "en")
    assert en == "The roadmap names 2 distinct benchmarks for the industry's 1 focus area, all of them abroad, in 2 countries."



def test_benchmarks_sentence_says_benchmark_profiles_counts():
    # one counter of distinct benchmarks (analysis.benchmark_profile) behind both sentences of an industry page
    b, roadmap = sx.load("benchmarks"), sx.load("roadmap")
    tex, tex_road = b[b["industry"] == "textile"], roadmap[roadmap["industry"] == "textile"]
    r = A.benchmark_profile(tex).iloc[0]
    assert (r["distinct"], r["mentions"]) == (22, 26)
    assert pages.benchmarks_sentence(tex, tex_road, "en") == i18n.benchmarks_text(
        22, 26, len(tex_road), int(r["domestic"]), int(r["foreign"]), int(r["countries"]), "en")
    assert pages.benchmarks_sentence(b.iloc[:0], tex_road, "zh") == i18n.benchmarks_text(0, 0, len(tex_road), 0, 0, 0, "zh")

def test_plan_terms_and_line_references():
    assert i18n.industry_short("纺织产业", "zh") == "纺织" and i18n.industry_short("化工产业", "zh") == "化工"
    assert i18n.industry_short("Textiles", "en") == "Textiles"
    assert i18n.line_span(316, 316, "zh") == "第316行" and i18n.line_span(316, 316, "en") == "line 316"
    assert i18n.line_span(214, 534, "zh") == "第214-534行"
    assert i18n.item_code("T10", "zh") == "任务10" and i18n.item_code("M3", "zh") == "措施3"
    assert i18n.item_code("M3", "en") == "M3"
    zh_labels = " ".join(v["zh"] for v in i18n.LABELS.values())
    assert "规划" not in zh_labels  # the document is a 方案
    assert "销售" not in zh_labels.replace("销售收入", "").replace("销售额", "")


def test_facts_table_shows_a_range_as_a_range_and_money_in_cny_bn():
    from shaoxing import pages

    facts = pd.DataFrame({"industry": ["metal"] * 2, "year": [2020, 2016], "kind": ["target", "actual"],
                          "metric": ["enterprises_sales_over_cny10bn", "output_value_above_scale"],
                          "value": [2.0, 1136.4], "value_max": [3.0, float("nan")], "unit": ["家", "亿元"],
                          "unit_en": ["firms", "100 million yuan"], "qualifier": ["strive", pd.NA],
                          "scope_zh": ["销售超百亿元的金属加工企业数", "规上金属加工企业产值"],
                          "scope_en": ["firms with sales above 100亿元", "output of above-scale firms"]})
    en = pages.facts_table(facts, "Metal processing", "en").frame.set_index("metric")
    assert en.loc["enterprises_sales_over_cny10bn", "value"] == "2-3"  # line 778: 2-3家
    assert en.loc["output_value_above_scale", "value"] == "113.64"
    assert en.loc["output_value_above_scale", "unit"] == "CNY bn"  # not '100 million yuan'
    zh = pages.facts_table(facts, "金属加工产业", "zh").frame.set_index("metric")
    assert zh.loc["enterprises_sales_over_cny10bn", "value"] == "2-3"
    assert zh.loc["output_value_above_scale", ["value", "unit"]].tolist() == ["1136.4", "亿元"]


def test_progress_texts_count_plan_items_not_rows(shipped):
    from shaoxing import pages

    outcomes, indicators, facts, _ = shipped
    each = PR.assess_each(outcomes, indicators, facts)
    n = PR.count_plan_items(each)
    assert f"{len(outcomes)} observations that speak to {n} plan items" in pages.progress_intro(outcomes, each, "en")
    zh = pages.progress_summary(each, "zh")
    assert zh.startswith(f"{n}个方案事项中，4个可对照目标评估：已达目标3个，进度正常1个。"), zh
    en = pages.progress_summary(each, "en")  # not '3 target met, 1 on track'
    assert en.startswith(f"4 of the {n} plan items can be assessed against their target (target met: 3, on track: 1)."), en
    # every plan item is counted once, under one status
    counts = [int(x) for x in __import__("re").findall(r"(\d+)个(?:与方案|缺少)", zh)]
    assert 4 + sum(counts) == n, zh
