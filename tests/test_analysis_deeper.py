"""Issue 12's deeper analysis: headline arithmetic, value added against its targets, structure measures,
benchmarks counted, plausibility flags, scenarios and the outcomes of each industry.

Every expected number is worked out by hand in the test (the arithmetic is written out), from the plan's
figures or from small made-up frames, never taken from the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A
from shaoxing import progress as PR


@pytest.fixture(scope="module")
def facts():
    return sx.load("facts")


@pytest.fixture(scope="module")
def industries():
    return sx.load("industries")


def _fact(industry, year, kind, metric, value, unit="亿元", scope_zh="", qualifier=pd.NA, scope_differs=pd.NA):
    return dict(industry=industry, year=year, kind=kind, metric=metric, value=value, unit=unit, unit_en="",
                qualifier=qualifier, scope_zh=scope_zh, scope_en=scope_zh, quote="", source_line=1,
                scope_differs=scope_differs, note=pd.NA)


def _facts(*rows) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    df["value"] = df["value"].astype("float64")
    df["scope_differs"] = pd.array(df["scope_differs"], dtype="boolean")
    return df


# ---------------------------------------------------------------- item 3: the headline's arithmetic


def test_headline_growth_under_each_reading_of_the_2016_base(facts, industries):
    h = A.headline_arithmetic(facts, industries).set_index("reading")
    stated = 3673.5 + 1297 + 1136.4 + 43 + 116          # as the plan states each industry's size
    above = 3673.5 + 1297 + 1136.4 + 37.5 + 30.7        # firms above designated size only
    assert h.loc["stated", "base"] == pytest.approx(stated) == pytest.approx(6265.9)
    assert h.loc["above_scale", "base"] == pytest.approx(above) == pytest.approx(6175.1)
    assert h.loc["stated", "required_cagr"] == pytest.approx((8000 / 6265.9) ** (1 / 4) - 1)
    assert h.loc["above_scale", "required_cagr"] == pytest.approx((8000 / 6175.1) ** (1 / 4) - 1)
    assert round(h.loc["stated", "required_cagr"] * 100, 1) == 6.3
    assert round(h.loc["above_scale", "required_cagr"] * 100, 1) == 6.7
    # what each reading assumes: huangjiu's figure is sales under both; the stated one mixes scopes
    assert h.loc["stated", "sales_counted"] == h.loc["above_scale", "sales_counted"] == "huangjiu"
    assert (h.loc["stated", "above_scale_parts"], h.loc["stated", "total_parts"]) == (3, 2)
    assert (h.loc["above_scale", "above_scale_parts"], h.loc["above_scale", "total_parts"]) == (5, 0)


def test_headline_reading_takes_the_above_scale_figure_only_where_the_scope_says_so(industries):
    f = _facts(_fact("textile", 2016, "actual", "output_value", 100, scope_zh="纺织产值"),  # no 规上: not above-scale
               _fact("chemical", 2016, "actual", "output_value", 50, scope_zh="规上化工企业产值"),
               _fact("all", 2020, "target", "key_traditional_industries_output_value", 300))
    c = A.headline_components(f, industries).set_index(["reading", "industry"])
    assert c.loc[("stated", "textile"), "value"] == 100
    assert pd.isna(c.loc[("above_scale", "textile"), "value"])
    h = A.headline_arithmetic(f, industries).set_index("reading")
    assert h.loc["stated", "base"] == 150 and h.loc["stated", "n_parts"] == 2
    assert h.loc["stated", "missing"] == "metal;huangjiu;pearl"
    assert h.loc["stated", "required_cagr"] == pytest.approx(2 ** 0.25 - 1)   # 300 / 150 in 4 years
    assert h.loc["above_scale", "base"] == 50 and h.loc["above_scale", "ratio"] == 6


# ---------------------------------------------------------------- item 4: value added against its targets


def test_value_added_targets_for_textile(facts):
    v = A.value_added_targets(sx.load("value_added_mix"), facts).set_index("segment_zh")
    assert (v.loc["化纤", "share_pct"], v.loc["化纤", "target_pct"], v.loc["化纤", "change_pp"]) == (18, 30, 12)
    assert (v.loc["服装", "share_pct"], v.loc["服装", "target_pct"], v.loc["服装", "change_pp"]) == (13, 20, 7)
    assert v.loc["化纤", "pp_per_year"] == pytest.approx(12 / 4) and v.loc["服装", "pp_per_year"] == pytest.approx(7 / 4)
    # the data reads the trailing 以上 of 分别达到30%和20%以上 as applying to both figures
    assert v.loc["服装", "qualifier"] == "at_least" and v.loc["化纤", "qualifier"] == "at_least"
    assert v[["target_pct"]].loc[["织造", "印染"]].isna().all().all()
    # the targets leave weaving and dyeing at most 100 - 30 - 20 = 50 of value added, against 40 + 29 = 69
    assert v.attrs["untargeted_max_pct"] == 50 and v.attrs["untargeted_now_pct"] == 69


def test_value_added_targets_base_year_is_a_parameter():
    mix = pd.DataFrame(dict(industry=["x", "x"], segment_zh=["甲", "乙"], segment_en=["A", "B"], share_pct=[10.0, 90.0]))
    f = _facts(_fact("x", 2020, "target", "a_value_added_share_pct", 22, unit="%", scope_zh="甲工业增加值比重"))
    v = A.value_added_targets(mix, f, industry="x", base_year=2017).set_index("segment_zh")
    assert v.loc["甲", "pp_per_year"] == pytest.approx((22 - 10) / 3) and pd.isna(v.loc["乙", "target_pct"])


def test_value_added_shares_beside_output_shares():
    v = A.value_added_vs_output(sx.load("value_added_mix"), sx.load("segments")).set_index("segment_zh")
    total = 967.6 + 1382.6 + 911.0 + 412.3  # = 3673.5
    assert v.loc["化纤", "output_share_pct"] == pytest.approx(967.6 / total * 100)
    assert [round(x, 1) for x in v["output_share_pct"]] == [26.3, 37.6, 24.8, 11.2]
    assert v.loc["服装", "output_segment_zh"] == "服装服饰"
    assert v.loc["化纤", "va_to_output"] == pytest.approx(18 / (967.6 / total * 100))
    assert v.loc["印染", "va_to_output"] > 1 > v.loc["化纤", "va_to_output"]


# ---------------------------------------------------------------- item 5: structure measures


def test_tax_intensity_shares_and_productivity(facts, industries):
    s = A.structure_measures(facts, industries, sx.load("segments")).set_index("industry")
    assert s.loc["textile", "tax_intensity_pct"] == pytest.approx(93.5 / 3673.5 * 100)
    assert round(s.loc["textile", "tax_intensity_pct"], 1) == 2.5
    assert round(s.loc["chemical", "tax_intensity_pct"], 1) == 2.2 == round(28.8 / 1297 * 100, 1)
    assert round(s.loc["metal", "tax_intensity_pct"], 1) == 1.5 == round(17.4 / 1136.4 * 100, 1)
    # metal pays 6.8% of the city's taxes with 11.3% of its output
    assert (s.loc["metal", "taxes_share_city_pct"], s.loc["metal", "output_share_city_pct"]) == (6.8, 11.3)
    assert s.loc["metal", "tax_to_output_share"] == pytest.approx(6.8 / 11.3)
    assert s.loc["textile", "output_per_worker"] == pytest.approx(3673.5 / 31.5)
    assert round(s.loc["textile", "output_per_worker"], 1) == 116.6
    # huangjiu: taxes against sales (no output value), and said so
    assert s.loc["huangjiu", "tax_base_metric"] == "sales"
    assert s.loc["huangjiu", "tax_intensity_pct"] == pytest.approx(4.6 / 43 * 100)
    # the plan's own word for the taxes: 上缴税金 for the structure-table industries, 实缴税金 for huangjiu (line 875)
    assert (s.loc["textile", "tax_term_zh"], s.loc["huangjiu", "tax_term_zh"]) == ("上缴税金", "实缴税金")
    assert pd.isna(s.loc["chemical", "output_per_worker"]) and pd.isna(s.loc["pearl", "tax_intensity_pct"])


def test_structure_measures_follow_the_data_not_constants(industries):
    f = _facts(_fact("textile", 2016, "actual", "output_value", 200),
               _fact("textile", 2016, "actual", "taxes", 10),
               _fact("textile", 2016, "actual", "employment", 4, unit="万人"),
               _fact("textile", 2016, "actual", "share_city_industry_pct", 40, unit="%"),
               _fact("textile", 2016, "actual", "taxes_share_city_pct", 30, unit="%"))
    s = A.structure_measures(f, industries).set_index("industry")  # no segments: the prose share is used
    assert s.loc["textile", "tax_intensity_pct"] == 5 and s.loc["textile", "output_per_worker"] == 50
    assert s.loc["textile", "tax_to_output_share"] == pytest.approx(0.75)


def test_concentration_from_top_firm_counts_and_targets(facts):
    c = A.concentration_measures(facts)
    top = c[c["kind"] == "top_firms"].set_index("industry")
    # textile: 1 firm above 100 亿元 and 4 above 50 亿元 (the four leave out the largest): 5 firms >= 300 亿元
    assert top.loc["textile", "firms"] == 5 and top.loc["textile", "sales_lower_bound"] == 1 * 100 + 4 * 50
    assert top.loc["textile", "share_pct"] == pytest.approx(300 / 3673.5 * 100)
    assert round(top.loc["textile", "share_pct"], 1) == 8.2
    assert top.loc["textile", "denominator_metric"] == "output_value_above_scale"
    # the plan prints the textile counts without a year: set against the latest actual output (2016)
    assert pd.isna(top.loc["textile", "year"]) and top.loc["textile", "denominator_year"] == 2016
    # metal's 2020 target of 2 firms above 100 亿元 against its 1500 亿元 target; pearl's 5 above 10 亿元 against sales
    assert top.loc["metal", "share_pct"] == pytest.approx(200 / 1500 * 100)
    assert top.loc["pearl", "denominator_metric"] == "sales" and top.loc["pearl", "share_pct"] == pytest.approx(25)
    targets = c[c["kind"] == "target_share"].set_index("industry")["share_pct"].to_dict()
    assert targets == {"metal": 80, "pearl": 60}
    assert c[(c["kind"] == "market_share") & (c["industry"] == "chemical")]["share_pct"].tolist() == [70]
    nested = A.concentration_measures(facts, exclusive_bands=False)
    n = nested[nested["kind"] == "top_firms"].set_index("industry")
    assert n.loc["textile", "sales_lower_bound"] == 4 * 50 and n.loc["textile", "firms"] == 4


# ---------------------------------------------------------------- item 6: benchmarks


def test_benchmarks_counted_distinct_by_name():
    b = A.benchmark_profile(sx.load("benchmarks")).set_index("industry")
    assert (b.loc["textile", "mentions"], b.loc["textile", "distinct"]) == (26, 22)
    assert set(b.loc["textile", "repeated"].split(";")) == {"Toray", "Teijin", "Kangpingna"}
    assert b.loc["huangjiu", "domestic"] == 6 and b.loc["huangjiu", "foreign"] == 0
    assert (b.loc["huangjiu", "enterprises"], b.loc["huangjiu", "regions"], b.loc["huangjiu", "sites"]) == (3, 1, 2)


def test_benchmark_profile_on_a_made_up_frame():
    b = pd.DataFrame(dict(industry=["x"] * 4, name_en=["A", "A", "B", "C"], kind=["enterprise", "enterprise", "region",
                                                                                   "enterprise"],
                          country=["JP", "JP", "CN", "US"], detail_en=["d", pd.NA, pd.NA, pd.NA]))
    r = A.benchmark_profile(b).iloc[0]
    assert (r["mentions"], r["distinct"], r["repeated"]) == (4, 3, "A")
    assert (r["enterprises"], r["regions"], r["domestic"], r["foreign"], r["countries"], r["with_detail"]) == \
        (2, 1, 1, 2, 2, 1)


# ---------------------------------------------------------------- item 7: plausibility flags


def test_huangjiu_2025_target_is_23_times_2016_sales_and_flagged(facts):
    p = A.plausibility_flags(facts, sx.load("indicators")).set_index("item")
    r = p.loc["huangjiu: output_value"]
    assert (r["base_metric"], r["base"], r["target"], r["years"]) == ("sales", 43, 1000, 9)
    assert r["ratio"] == pytest.approx(1000 / 43) and round(r["ratio"]) == 23
    assert r["required_cagr"] == pytest.approx((1000 / 43) ** (1 / 9) - 1)
    assert r["flagged"] and r["reasons"] == "growth;ratio" and not r["same_metric"] and not r["same_scope"]
    s = p.loc["huangjiu: sales"]  # 43 -> 100 in four years: 23.5% a year, and a different scope
    assert s["required_cagr"] == pytest.approx((100 / 43) ** 0.25 - 1) and s["reasons"] == "growth"
    assert s["same_metric"] and not s["same_scope"]
    assert not p.loc["textile: output_value", "flagged"]
    assert p.loc["textile: output_value", "required_cagr"] == pytest.approx((4500 / 3673.5) ** 0.25 - 1)
    # main indicators too: indicator 9, 99 -> 200 high-tech enterprises in four years, 19.2% a year
    assert p.loc["indicator 9 (baseline->2020)", "flagged"]
    assert p.loc["indicator 9 (baseline->2020)", "required_cagr"] == pytest.approx((200 / 99) ** 0.25 - 1)


def test_flag_thresholds_are_strict():
    f = _facts(_fact("a", 2016, "actual", "output_value", 100), _fact("a", 2026, "target", "output_value", 300),
               _fact("b", 2016, "actual", "output_value", 100), _fact("b", 2026, "target", "output_value", 301),
               _fact("c", 2016, "actual", "output_value", 100), _fact("c", 2017, "target", "output_value", 115),
               _fact("d", 2016, "actual", "output_value", 100), _fact("d", 2017, "target", "output_value", 116),
               _fact("e", 2016, "actual", "output_value", 100), _fact("e", 2020, "target", "output_value", 300))
    p = A.plausibility_flags(f).set_index("industry")
    # 3.0x in ten years (11.6% a year) is not flagged, 3.01x is (ratio only)
    assert not p.loc["a", "flagged"] and p.loc["b", "reasons"] == "ratio"
    assert not p.loc["c", "flagged"] and p.loc["d", "reasons"] == "growth"          # 15% a year exactly vs 16%
    assert p.loc["e", "reasons"] == "growth"                                        # 3.0x in 4 years: 31.6% a year
    assert p.loc["e", "required_cagr"] == pytest.approx(3 ** 0.25 - 1)
    q = A.plausibility_flags(f, max_cagr=0.5, max_ratio=2).set_index("industry")
    assert q.loc["a", "reasons"] == "ratio" and not q.loc["d", "flagged"]


# ---------------------------------------------------------------- item 8: scenarios


def test_textile_at_three_percent_a_year():
    s = A.scenario_projection(3673.5, 2016, 3, years=(2020, 2025), targets={2020: 4500}).set_index("year")
    assert s.loc[2020, "projected"] == pytest.approx(3673.5 * 1.03 ** 4)
    assert round(s.loc[2020, "projected"], 1) == 4134.6 and round(s.loc[2020, "projected"] / 10, 1) == 413.5
    assert s.loc[2020, "gap"] == pytest.approx(3673.5 * 1.03 ** 4 - 4500) and not s.loc[2020, "meets"]
    assert s.loc[2020, "gap_pct"] == pytest.approx((3673.5 * 1.03 ** 4 - 4500) / 4500 * 100)
    assert s.loc[2025, "projected"] == pytest.approx(3673.5 * 1.03 ** 9)
    assert pd.isna(s.loc[2025, "target"]) and pd.isna(s.loc[2025, "meets"])


def test_scenario_edges():
    s = A.scenario_projection(100, 2016, -50, years=(2018,), targets={2018: 25}).iloc[0]
    assert s["projected"] == pytest.approx(25) and s["meets"]
    assert A.scenario_projection(100, 2016, "100", years=(2017,)).iloc[0]["projected"] == pytest.approx(200)
    assert A.scenario_projection(100, 2016, 0, years=(2016,)).iloc[0]["projected"] == 100
    with pytest.raises(ValueError, match="before the base year"):
        A.scenario_projection(100, 2016, 3, years=(2015,))
    with pytest.raises(ValueError, match="base must be a number"):
        A.scenario_projection("lots", 2016, 3)


@pytest.mark.parametrize("bad", ["abc", "", True, None, float("nan"), float("inf"), -50.01, 100.5, "1e3", [3]])
def test_growth_parameter_refused_with_the_allowed_range(bad):
    with pytest.raises(ValueError) as err:
        A.check_growth_pct(bad)
    msg = str(err.value)
    assert "scenario_growth_pct" in msg and "-50" in msg and "100" in msg


@pytest.mark.parametrize("good, value", [(3, 3.0), ("2.5", 2.5), (" -50 ", -50.0), (100, 100.0), (np.float64(0), 0.0)])
def test_growth_parameter_accepted(good, value):
    assert A.check_growth_pct(good) == value


# ---------------------------------------------------------------- item 1: outcomes on each industry's chart


def test_textile_outcomes_for_the_chart_and_the_sentence(facts):
    obs = PR.all_outcomes()
    a = PR.assess(obs, sx.load("indicators"), facts)
    t = PR.industry_outcomes(obs, a, facts, "textile")
    pts = t[t["on_chart"]]
    assert pts["observation_id"].tolist() == ["textile_output_2019"]
    assert (pts["year"].iloc[0], pts["value"].iloc[0], bool(pts["comparable"].iloc[0])) == (2019, 2000, False)
    assert pts["status"].iloc[0] == "not_comparable" and pts["target_metric"].iloc[0] == "output_value"
    # the dyeing task's count is not a level in 亿元: listed, not drawn, with its own status
    task = t.set_index("observation_id").loc["task1_dyeing_firms_2017"]
    assert not task["on_chart"] and task["status"] == "target_met" and task["item"].startswith("task 1:")
    summary = PR.industry_outcome_summary(t)
    assert (summary["points"], summary["comparable_points"], summary["other_scope_points"]) == (1, 0, 1)
    assert summary["latest"]["value"] == 2000


def test_a_comparable_observation_is_a_point_with_the_assessed_status(facts):
    extra = pd.DataFrame([dict(observation_id="my_textile_2020", industry="textile", metric="output_value", year=2020,
                               value=4600.0, unit="亿元", comparable=True, source_kind="official")])
    obs = PR.all_outcomes(extra)
    a = PR.assess(obs, sx.load("indicators"), facts)
    t = PR.industry_outcomes(obs, a, facts, "textile").set_index("observation_id")
    assert t.loc["my_textile_2020", "on_chart"] and t.loc["my_textile_2020", "chosen"]
    assert t.loc["my_textile_2020", "status"] == "target_met"      # 4600 >= 4500
    assert not t.loc["textile_output_2019", "chosen"]              # the comparable one speaks for the item
    s = PR.industry_outcome_summary(t.reset_index())
    assert s["comparable_points"] == 1 and s["latest"]["value"] == 4600 and s["statuses"]["textile: output_value"] == "target_met"


def test_huangjiu_chart_metric_is_sales_and_an_industry_without_observations_is_empty(facts):
    obs = PR.all_outcomes()
    a = PR.assess(obs, sx.load("indicators"), facts)
    h = PR.industry_outcomes(obs, a, facts, "huangjiu")
    assert set(h["target_metric"]) == {"sales"}
    assert set(h.loc[h["on_chart"], "observation_id"]) == {"huangjiu_sales_2022", "huangjiu_sales_above_scale_2023_11m"}
    empty = PR.industry_outcomes(obs, a, facts, "bearing")
    assert empty.empty and PR.industry_outcome_summary(empty) == dict(n=0, points=0, comparable_points=0,
                                                                      other_scope_points=0, latest=None, statuses={})


def test_cross_industry_measures_side_by_side(facts, industries):
    c = A.cross_industry_measures(facts, industries, sx.load("segments"), sx.load("benchmarks")).set_index("industry")
    assert list(c.index) == list(industries["industry"])
    assert c.loc["textile", "top_firms_share_pct"] == pytest.approx(300 / 3673.5 * 100)
    assert c.loc["metal", "top_firms_target_share_pct"] == pytest.approx(200 / 1500 * 100)
    assert c.loc["pearl", "leading_firms_target_pct"] == 60 and pd.isna(c.loc["textile", "leading_firms_target_pct"])
    assert c.loc["huangjiu", "flags"] == 2 and c.loc["textile", "flags"] == 0
    assert c.loc["huangjiu", "max_ratio"] == pytest.approx(1000 / 43)
    assert (c.loc["textile", "benchmarks"], c.loc["textile", "benchmark_mentions"]) == (22, 26)
    assert c.loc["metal", "tax_intensity_pct"] == pytest.approx(17.4 / 1136.4 * 100)


def test_growth_parameter_error_is_a_parameter_error():
    with pytest.raises(sx.params.ParameterError, match="outside the allowed range"):
        A.check_growth_pct(150)
