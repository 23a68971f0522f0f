"""Analysis behind the plan overview and the data audit, against hand-computed numbers.

Each function is tested twice: on a small hand-made frame whose answer is
worked out in the comments, and on the real data, against the plan's own
figures.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A


# ---------------------------------------------------------------- hand-made frames


def _indicators():
    """Five indicators: a money level, a share, a yearly flow, a composition, one without a baseline."""
    return pd.DataFrame({
        "indicator_no": pd.array([1, 2, 3, 4, 5], dtype="Int64"),
        "category_zh": ["甲", "甲", "乙", "乙", "乙"], "category_en": ["A", "A", "B", "B", "B"],
        "name_zh": ["产值", "占比", "新增", "比例", "品牌"], "name_en": ["output", "share", "new", "mix", "brands"],
        "unit_zh": pd.array(["亿元", "%", "家", None, "个"], dtype="string"),
        "unit_en": ["100 million yuan", "%", "firms", "ratio", "count"],
        "baseline_year": pd.array([2016, 2015, 2016, 2016, 2016], dtype="Int64"),
        "baseline": [100.0, 10.0, 50.0, np.nan, np.nan],
        "target_2020": [121.0, 15.0, 80.0, np.nan, 3.0],
        "target_2025": [242.0, 20.0, 80.0, np.nan, 6.0],
        "target_kind": ["level", "level", "annual_increment", "composition", "level"],
        "baseline_text": ["100", "10（2015年）", "50", "60:30:10", "—"],
        "target_2020_text": ["121", "15", "年均新增80家", "40:30:30", "3"],
        "target_2025_text": ["242", "20", "年均新增80家", "35:30:35", "6"],
        "note": [None, "base 2015", None, "ratio", "printed —"],
    })


def _segments(chem_total_share=12.9):
    """Two little tables shaped like the plan's, with the chemical table's 12.9 / 8.2 + 4.8 quirk."""
    rows = [
        # industry, level, segment_zh, parent_zh, firms, output, city %, province %, nation %, counted
        ("tex", "industry", "T", None, 100, 50.0, 5.0, 25.0, 2.0, True),
        ("tex", "segment", "T1", "T", 60, 30.0, 3.0, 40.0, 4.0, True),
        ("tex", "segment", "T2", "T", 40, 20.0, 2.0, 10.0, 1.0, True),
        ("tex", "sub-segment", "T2a", "T2", 10, 8.0, 0.8, 50.0, 20.0, False),
        ("tex", "segment", "TM", "T", 5, 3.0, 1.0, 10.0, 1.0, False),  # 3.0 / 1.0 -> 300: off the common range
        ("chem", "industry", "C", None, 30, 129.0, chem_total_share, 10.0, 0.5, True),
        ("chem", "segment", "C1", "C", 20, 82.0, 8.2, 10.0, 0.5, True),
        ("chem", "segment", "C2", "C", 10, 47.0, 4.8, 10.0, 0.5, True),
    ]
    df = pd.DataFrame(rows, columns=["industry", "level", "segment_zh", "parent_zh", "enterprises", "output_value",
                                     "share_city_pct", "share_province_pct", "share_national_pct",
                                     "counted_in_total"])
    df["segment_en"] = df["segment_zh"] + "-en"
    df["year"] = pd.array([2016] * len(df), dtype="Int64")
    df["enterprises"] = pd.array(df["enterprises"], dtype="Int64")
    df["counted_in_total"] = pd.array(df["counted_in_total"], dtype="boolean")
    df["parent_zh"] = pd.array(df["parent_zh"], dtype="string")
    return df


def _facts():
    cols = ["industry", "year", "kind", "metric", "value", "unit", "qualifier", "scope_zh", "scope_en",
            "baseline_metric", "scope_vs_baseline"]
    rows = [
        ("all", 2020, "target", "headline", 100.0, "亿元", "reach", "重点产业", "key industries", None, None),
        ("a", 2016, "actual", "output_value_above_scale", 30.0, "亿元", None, "规上a产值", "above-scale a output",
         None, None),
        ("a", 2020, "target", "output_value", 40.0, "亿元", "strive", "a产值", "a output", "output_value_above_scale",
         "possibly_wider"),
        ("b", 2016, "actual", "sales", 5.0, "亿元", None, "b销售", "b sales", None, None),
        ("b", 2020, "target", "sales", 10.0, "亿元", "exceed", "b全产业链销售", "b full-chain sales", "sales",
         "different"),
        ("d", 2016, "actual", "output_value", 8.0, "亿元", None, "d产值（养殖）", "d output with farming", None, None),
        ("d", 2020, "target", "output_value", 12.0, "亿元", "reach", "d加工产值", "d processing output", "output_value",
         "different"),
        ("c", 2020, "target", "output_value", 30.0, "亿元", "reach", "c产值", "c output", None, None),
    ]
    df = pd.DataFrame(rows, columns=cols)
    df["year"] = pd.array(df["year"], dtype="Int64")
    for c in ("baseline_metric", "scope_vs_baseline"):
        df[c] = pd.array(df[c], dtype="string")
    return df


def _industries():
    return pd.DataFrame({"industry": ["a", "b", "d", "c"], "group": ["key", "key", "key", "other"]})


@pytest.fixture(scope="module")
def real():
    return {n: sx.load(n) for n in ("indicators", "fibre_mix", "value_added_mix", "segments", "facts",
                                    "industries")}


# ---------------------------------------------------------------- indicator_paths / target_index


def test_indicator_paths_hand_made():
    p = A.indicator_paths(_indicators()).set_index(["indicator_no", "step"])
    # money level: 100 -> 121 in 4 years: 1.1 ** 2 = 1.21 -> (1.21) ** (1/4) - 1 = sqrt(1.1) - 1
    r = p.loc[(1, "baseline->2020")]
    assert r["measure"] == "cagr" and r["years"] == 4
    assert r["rate"] == pytest.approx(1.1 ** 0.5 - 1, abs=1e-12)
    assert p.loc[(1, "2020->2025"), "rate"] == pytest.approx(2 ** (1 / 5) - 1, abs=1e-12)  # 121 -> 242
    # share from 2015: (15 - 10) / 5 = 1.0 pp a year, then (20 - 15) / 5 = 1.0
    r = p.loc[(2, "baseline->2020")]
    assert r["measure"] == "pp_per_year" and r["years"] == 5 and r["rate"] == pytest.approx(1.0)
    assert r["ratio_to_base"] == pytest.approx(1.5)
    # yearly flow: no growth rate, 80 a year against 50 in the baseline year = 1.6
    r = p.loc[(3, "baseline->2020")]
    assert r["measure"] == "annual_increment" and pd.isna(r["rate"]) and r["ratio_to_base"] == pytest.approx(1.6)
    assert p.loc[(3, "2020->2025"), "ratio_to_base"] == pytest.approx(1.6)
    # composition and missing baseline: no rate, a comment
    assert p.loc[(4, "baseline->2020"), "comment"].startswith("composition")
    r = p.loc[(5, "baseline->2020")]
    assert pd.isna(r["rate"]) and r["comment"] == "no figure to start from"
    assert p.loc[(5, "2020->2025"), "rate"] == pytest.approx(2 ** (1 / 5) - 1)  # 3 -> 6


def test_target_index_hand_made():
    ti = A.target_index(_indicators()).set_index("indicator_no")
    assert list(ti.index) == [1, 2, 3]  # composition (4) and no baseline (5) left out
    assert ti.loc[1, "index_2020"] == pytest.approx(121.0) and ti.loc[1, "index_2025"] == pytest.approx(242.0)
    assert ti.loc[2, "index_2020"] == pytest.approx(150.0) and ti.loc[2, "index_2025"] == pytest.approx(200.0)
    assert ti.loc[3, "index_2020"] == pytest.approx(160.0) == ti.loc[3, "index_2025"]


def test_indicator_paths_real(real):
    p = A.indicator_paths(real["indicators"]).set_index(["indicator_no", "step"])
    assert len(p) == 36
    assert p.loc[(2, "baseline->2020"), "rate"] == pytest.approx((2500 / 1236.9) ** (1 / 4) - 1, abs=1e-12)
    assert p.loc[(2, "2020->2025"), "rate"] == pytest.approx((4000 / 2500) ** (1 / 5) - 1, abs=1e-12)
    assert p.loc[(3, "baseline->2020"), "rate"] == pytest.approx((40 - 32.8) / 4) == pytest.approx(1.8)
    assert p.loc[(4, "baseline->2020"), "rate"] == pytest.approx((42 - 28.7) / 4)  # 3.325 pp
    assert p.loc[(6, "baseline->2020"), "years"] == 5  # baseline 2015
    assert p.loc[(6, "baseline->2020"), "rate"] == pytest.approx((1.2 - 0.57) / 5)  # 0.126 pp
    assert p.loc[(10, "baseline->2020"), "ratio_to_base"] == pytest.approx(500 / 352)
    assert p.loc[(16, "baseline->2020"), "ratio_to_base"] == pytest.approx(100 / 48)
    assert p.loc[(15, "baseline->2020"), "rate"] == pytest.approx((15000 / 12308.5) ** 0.25 - 1)


def test_target_index_real(real):
    ti = A.target_index(real["indicators"]).set_index("indicator_no")
    assert sorted(ti.index) == [2, 3, 4, 6, 7, 8, 9, 10, 12, 13, 14, 15, 16, 17, 18]
    assert ti.loc[13, "index_2025"] == pytest.approx(1300 / 354 * 100)  # 367.2: the boldest
    assert ti.loc[12, "index_2025"] == pytest.approx(80 / 64.6 * 100)  # 123.8: the most modest
    assert ti.loc[16, "index_2020"] == pytest.approx(100 / 48 * 100)


# ---------------------------------------------------------------- indicator_overview / missing_baselines


def test_indicator_overview_hand_made():
    ov = A.indicator_overview(_indicators()).set_index("indicator_no")
    assert ov.loc[1, "measure_2020"] == "cagr" and ov.loc[1, "change_2020"] == pytest.approx(1.1 ** 0.5 - 1)
    assert ov.loc[2, "measure_2025"] == "pp_per_year" and ov.loc[2, "change_2025"] == pytest.approx(1.0)
    assert ov.loc[3, "measure_2020"] == "annual_increment" and ov.loc[3, "ratio_2020"] == pytest.approx(1.6)
    assert pd.isna(ov.loc[4, "measure_2020"]) and pd.isna(ov.loc[4, "index_2025"])
    assert pd.isna(ov.loc[5, "measure_2020"]) and ov.loc[5, "measure_2025"] == "cagr"
    assert ov.loc[2, "years_2020"] == 5 and ov.loc[1, "years_2020"] == 4 and ov.loc[1, "years_2025"] == 5
    assert ov.loc[1, "index_2025"] == pytest.approx(242.0)


def test_indicator_overview_real(real):
    ov = A.indicator_overview(real["indicators"]).set_index("indicator_no")
    assert len(ov) == 18
    assert ov.loc[2, "change_2020"] == pytest.approx((2500 / 1236.9) ** (1 / 4) - 1, abs=1e-12)  # 19.2 %
    assert ov.loc[3, "change_2020"] == pytest.approx(1.8) and ov.loc[3, "change_2025"] == pytest.approx(2.0)
    assert ov.loc[13, "change_2020"] == pytest.approx((760 / 354) ** 0.25 - 1)
    assert ov.loc[10, "ratio_2020"] == pytest.approx(500 / 352)  # 1.42 x the 2016 grants
    assert ov.loc[5, "change_2025"] == pytest.approx((5 / 3) ** (1 / 5) - 1)  # only 2020 -> 2025
    assert ov.loc[11, "change_2025"] == pytest.approx(2 ** (1 / 5) - 1)
    assert set(ov.index[ov["measure_2020"].eq("pp_per_year").fillna(False)]) == {3, 4, 6, 7, 8, 12}


def test_missing_baselines():
    m = A.missing_baselines(_indicators())
    assert m["indicator_no"].tolist() == [4, 5] and m["reason"].tolist() == ["composition", "not_printed"]
    real = A.missing_baselines(sx.load("indicators"))
    assert real["indicator_no"].tolist() == [1, 5, 11]
    assert real["reason"].tolist() == ["composition", "not_printed", "not_printed"]


# ---------------------------------------------------------------- reconciliation


def test_target_reconciliation_hand_made():
    r = A.target_reconciliation(_facts(), _industries(), headline_metric="headline")
    by = r.set_index("industry")
    assert by.loc["a", "value"] == 40 and bool(by.loc["a", "comparable"])
    assert by.loc["b", "metric"] == "sales" and not bool(by.loc["b", "comparable"])
    # key output targets: a 40 + d 12 = 52; b's sales 10 are not output; headline 100 -> gap 48
    assert r.attrs["key_output_sum"] == 52 and r.attrs["key_sum_all_figures"] == 62
    assert r.attrs["headline"] == 100 and r.attrs["gap"] == 48


def test_target_reconciliation_real(real):
    r = A.target_reconciliation(real["facts"], real["industries"])
    assert r.attrs["headline"] == 8000
    assert r.attrs["key_output_sum"] == 4500 + 1800 + 1500 + 150 == 7950
    assert r.attrs["gap"] == 50
    assert r.attrs["key_sum_all_figures"] == 7950 + 100  # with huangjiu's full-chain sales
    hj = r.set_index("industry").loc["huangjiu"]
    assert hj["metric"] == "sales" and not bool(hj["comparable"])


def test_reconciliation_summary():
    s = A.reconciliation_summary(A.target_reconciliation(_facts(), _industries(), headline_metric="headline"))
    assert s["output_parts"] == {"a": 40.0, "d": 12.0} and s["output_sum"] == 52
    assert s["gap"] == 48 and s["gap_pct"] == pytest.approx(48.0)
    assert s["other_scope"] == {"b": 10.0} and s["sum_with_other_scope"] == 62
    assert s["excess_with_other_scope"] == -38
    assert s["non_key"] == {"c": 30.0} and s["sum_with_non_key"] == 82
    real = A.reconciliation_summary(A.target_reconciliation(sx.load("facts"), sx.load("industries")))
    assert real["output_parts"] == {"textile": 4500, "chemical": 1800, "metal": 1500, "pearl": 150}
    assert real["gap"] == 50 and real["gap_pct"] == pytest.approx(50 / 8000 * 100)  # 0.625 %
    assert real["other_scope"] == {"huangjiu": 100} and real["excess_with_other_scope"] == 50
    assert real["non_key_sum"] == 500 and real["sum_with_non_key"] == 8450


def test_reconciliation_caveats():
    f = _facts()
    c = A.reconciliation_caveats(A.target_reconciliation(f, _industries(), headline_metric="headline"), f)
    kinds = set(zip(c["industry"], c["kind"]))
    # a: judged possibly wider (规上 baseline, whole-industry target); and "strive"; b: sales; d: scope differs;
    # c: not key
    assert kinds == {("a", "wider_than_baseline"), ("a", "qualifier"), ("b", "other_scope"),
                     ("d", "baseline_scope_differs"), ("c", "not_in_headline")}
    assert c.set_index(["industry", "kind"]).loc[("a", "wider_than_baseline"), "base_value"] == 30
    facts = sx.load("facts")
    real = A.reconciliation_caveats(A.target_reconciliation(facts, sx.load("industries")), facts)
    got = real.groupby("kind")["industry"].apply(set).to_dict()
    assert got == {"wider_than_baseline": {"textile", "chemical", "metal"}, "qualifier": {"chemical", "metal"},
                   "other_scope": {"huangjiu"}, "baseline_scope_differs": {"pearl"},
                   "not_in_headline": {"bearing", "kitchenware", "motor"}}


# ---------------------------------------------------------------- structure checks


def test_implied_city_total_hand_made():
    t = A.implied_city_total(_segments()).set_index("industry")
    # 50 / 5.0 % = 1000; rounding interval 50 / 5.05 % .. 50 / 4.95 %
    assert t.loc["tex", "implied_city_total"] == pytest.approx(1000.0)
    assert t.loc["tex", "implied_low"] == pytest.approx(50 / 5.05 * 100)  # 990.10
    assert t.loc["tex", "implied_high"] == pytest.approx(50 / 4.95 * 100)  # 1010.10
    assert t.loc["chem", "implied_city_total"] == pytest.approx(129 / 12.9 * 100)  # 1000


def test_implied_city_total_real(real):
    t = A.implied_city_total(real["segments"]).set_index("industry")
    assert t.loc["textile", "implied_city_total"] == pytest.approx(3673.5 / 36.6 * 100)  # 10,036.9
    assert t.loc["chemical", "implied_city_total"] == pytest.approx(1297.0 / 12.9 * 100)  # 10,054.3
    assert t.loc["metal", "implied_city_total"] == pytest.approx(1136.4 / 11.3 * 100)  # 10,056.6
    assert t["implied_city_total"].between(10000, 10100).all()  # "about 10,050 亿元" from all three
    assert t.loc["textile", "implied_low"] == pytest.approx(3673.5 / 36.65 * 100)
    assert (t["implied_low"] < t["implied_city_total"]).all() and (t["implied_city_total"] < t["implied_high"]).all()


def test_segment_checks_hand_made():
    c = A.segment_checks(_segments())
    sums = c[c["check"] == "segments = industry"].set_index(["industry", "measure"])
    assert sums.loc[("tex", "enterprises"), "parts"] == 100 and sums.loc[("tex", "enterprises"), "ok"]
    assert sums.loc[("tex", "output_value"), "parts"] == pytest.approx(50.0)  # TM (not counted) left out
    assert sums.loc[("chem", "output_value"), "difference"] == pytest.approx(0.0)
    sub = c[c["check"] == "sub-segment ≤ parent"].set_index("measure")
    assert sub.loc["output_value", "parts"] == 8.0 and sub.loc["output_value", "total"] == 20.0
    assert sub["ok"].all()
    bad = _segments()
    bad.loc[bad["segment_zh"] == "T1", "enterprises"] = 61
    bad.loc[bad["segment_zh"] == "T2a", "output_value"] = 25.0
    c = A.segment_checks(bad)
    failed = set(zip(c.loc[~c["ok"], "industry"], c.loc[~c["ok"], "measure"]))
    assert failed == {("tex", "enterprises"), ("tex", "output_value")}
    assert c.loc[~c["ok"] & (c["check"] == "segments = industry"), "difference"].iloc[0] == 1


def test_segment_checks_real(real):
    c = A.segment_checks(real["segments"])
    assert len(c) == 21 and c["ok"].all()
    s = c[c["check"] == "segments = industry"].set_index(["industry", "measure"])
    assert s.loc[("textile", "enterprises"), "parts"] == 188 + 1023 + 248 + 414 == 1873
    assert s.loc[("textile", "output_value"), "parts"] == pytest.approx(967.6 + 1382.6 + 911.0 + 412.3)
    assert s.loc[("chemical", "output_value"), "parts"] == pytest.approx(819.3 + 477.7)
    assert s.loc[("metal", "enterprises"), "parts"] == 111 + 198 + 51


def test_mix_checks():
    fm = pd.DataFrame({"year": pd.array([2016, 2020], dtype="Int64"), "apparel": [60.0, 40.0],
                       "home_textile": [30.0, 30.0], "industrial": [10.0, 29.0]})
    va = pd.DataFrame({"industry": ["x"] * 3, "segment_zh": ["a", "b", "c"], "share_pct": [50.0, 30.0, 20.0]})
    m = A.mix_checks(fm, va)
    assert m["total"].tolist() == [100.0, 99.0, 100.0] and m["ok"].tolist() == [True, False, True]
    real = A.mix_checks(sx.load("fibre_mix"), sx.load("value_added_mix"))
    assert len(real) == 4 and real["ok"].all()  # 60:30:10, 40:30:30, 35:30:35 and 18:40:29:13


def test_share_sum_checks():
    s = A.share_sum_checks(_segments(), city_total=1000.0).set_index("industry")
    assert s.loc["tex", "exact"] and s.loc["tex", "parts"] == pytest.approx(5.0)
    c = s.loc["chem"]
    # 8.2 + 4.8 = 13.0 against a printed 12.9: 0.1 off, within 0.05 x (2 parts + 1) = 0.15
    assert c["parts"] == pytest.approx(13.0) and c["total"] == 12.9 and c["difference"] == pytest.approx(0.1)
    assert not c["exact"] and c["within_rounding"] and c["tolerance"] == pytest.approx(0.15)
    assert c["unrounded"] == pytest.approx((82 + 47) / 1000 * 100)  # 12.9: the printed total is right
    assert c["total_is_rounding"]
    far = A.share_sum_checks(_segments(chem_total_share=12.5), city_total=1000.0).set_index("industry")
    assert not far.loc["chem", "within_rounding"]  # 13.0 vs 12.5


def test_share_sum_checks_real(real):
    s = A.share_sum_checks(real["segments"]).set_index("industry")
    assert s.loc["textile", "exact"] and s.loc["metal", "exact"]  # 9.6+13.8+9.1+4.1 = 36.6; 5.8+3.6+1.9 = 11.3
    c = s.loc["chemical"]
    assert c["parts"] == pytest.approx(8.2 + 4.8) and c["total"] == 12.9 and not c["exact"]
    assert c["within_rounding"] and c["total_is_rounding"]
    # 1297.0 of a city total of about 10,037 亿元 is 12.92 %, which rounds to the printed 12.9
    assert c["unrounded"] == pytest.approx(12.92, abs=0.01)


def test_city_share_consistency():
    c = A.city_share_consistency(_segments())
    # heads: tex 50 / [5.05, 4.95] % -> [990.10, 1010.10]; chem 129 / [12.95, 12.85] % -> [996.14, 1003.89]
    assert c.attrs["low"] == pytest.approx(129 / 12.95 * 100)
    assert c.attrs["high"] == pytest.approx(129 / 12.85 * 100)
    by = c.set_index("segment_zh")
    assert not by.loc["TM", "consistent"]  # 3.0 / [1.05, 0.95] % -> [285.7, 315.8]
    assert by.loc["C1", "consistent"]  # 82 / [8.25, 8.15] % -> [993.9, 1006.1]
    assert by.loc["TM", "share_low"] == pytest.approx(3.0 / c.attrs["high"] * 100)


def test_city_share_consistency_real(real):
    c = A.city_share_consistency(real["segments"])
    # the textile row's interval is the narrowest, so it is the common range
    assert c.attrs["low"] == pytest.approx(3673.5 / 36.65 * 100)  # 10,023.2
    assert c.attrs["high"] == pytest.approx(3673.5 / 36.55 * 100)  # 10,050.6
    bad = c.loc[~c["consistent"], "segment_zh"].tolist()
    assert bad == ["纺织机械"]  # printed 1.0 %, but 92.5 亿元 is 0.92 % of about 10,040 亿元
    row = c.set_index("segment_zh").loc["纺织机械"]
    assert row["share_high"] == pytest.approx(92.5 / c.attrs["low"] * 100) and row["share_high"] < 0.95


def test_implied_total_intervals():
    t = A.implied_total_intervals(_segments()).set_index("segment_zh")
    # T: 50 at 25 % of the province -> 200; interval 50 / 25.05 % .. 50 / 24.95 %
    assert t.loc["T", "implied_province_total"] == pytest.approx(200.0)
    assert t.loc["T", "implied_province_low"] == pytest.approx(50 / 25.05 * 100)
    assert t.loc["T", "province_spread_pct"] == pytest.approx((50 / 24.95 - 50 / 25.05) * 100 / 2 / 200 * 100)
    real = A.implied_total_intervals(sx.load("segments")).set_index("segment_zh")
    assert real.loc["纺织", "implied_province_total"] == pytest.approx(3673.5 / 33.2 * 100)
    assert real.loc["化工", "implied_national_total"] == pytest.approx(1297.0 / 0.7 * 100)
    assert real.loc["化工", "national_spread_pct"] > 7  # a 0.7 % share: ± 0.05 is ± 7 %


def test_prose_table_checks():
    seg = _segments()
    facts = pd.DataFrame({"industry": ["tex", "tex", "chem"], "year": pd.array([2016] * 3, dtype="Int64"),
                          "kind": ["actual"] * 3, "metric": ["enterprises_above_scale", "output_value_above_scale",
                                                                 "output_value_above_scale"],
                          "value": [100.0, 51.0, 129.0]})
    p = A.prose_table_checks(facts, seg)
    assert p["ok"].tolist() == [True, False, True] and p.loc[1, "table"] == 50.0
    real = A.prose_table_checks(sx.load("facts"), sx.load("segments"))
    assert len(real) == 10 and real["ok"].all()
    assert real.set_index(["industry", "metric"]).loc[("textile", "output_value_above_scale"), "prose"] == 3673.5


def test_decision_notes_and_catalogue():
    df = pd.DataFrame({"k": [1, 2, 3], "note": pd.array(["a", None, " "], dtype="string")})
    n = A.decision_notes(df, ["k"])
    assert n["k"].tolist() == [1] and list(n.columns) == ["k", "note"]
    info = SimpleNamespace(title="T", title_zh="表", primary_key=["k"],
                           source={"section_en": "S", "section_zh": "节", "line_ranges": [[1, 2], [5, 6]]})
    cat = A.table_catalogue({"t": df}, {"t": info})
    assert cat.iloc[0][["rows", "columns", "rows_with_note"]].tolist() == [3, 2, 1]
    assert cat.iloc[0]["line_ranges"] == [(1, 2), (5, 6)]
    names = sx.list_tables()
    frames = {n: sx.load(n) for n in names}
    real = A.table_catalogue(frames, {n: sx.describe(n) for n in names}).set_index("name")
    assert real.loc["indicators", "rows"] == 18 and real.loc["indicators", "rows_with_note"] == 18
    assert real.loc["segments", "rows"] == 18
    assert (real["rows_with_note"] <= real["rows"]).all()


def test_data_dictionary_on_a_small_package_and_on_the_real_one():
    package = {"resources": [
        {"name": "parent", "schema": {"primaryKey": "id", "fields": [{"name": "id", "type": "string"}]}},
        {"name": "child", "schema": {
            "primaryKey": ["id", "year"],
            "foreignKeys": [{"fields": "id", "reference": {"resource": "parent", "fields": "id"}}],
            "fields": [
                {"name": "id", "type": "string", "constraints": {"required": True, "enum": ["a", "b"]}},
                {"name": "year", "type": "integer", "unit": "year", "constraints": {"enum": [2016, 2020]}},
                {"name": "value", "type": "number", "unit": "亿元", "title": "Value", "description": "d"},
                {"name": "share", "type": "number", "unit": "percent", "unit_zh": "%"},
                {"name": "flag", "type": "boolean", "constraints": {"enum": [True]}},
            ]}},
    ]}
    child = pd.DataFrame({"id": ["a", "b", "a"], "year": [2016, 2016, 2020], "value": [1.0, np.nan, 3.0],
                          "share": [1.0, 2.0, 3.0], "flag": [True, True, True]})
    dd = A.data_dictionary(package, {"child": child})  # "parent" is not asked for: left out
    assert dd["table"].unique().tolist() == ["child"] and dd["position"].tolist() == [1, 2, 3, 4, 5]
    r = dd.set_index("field")
    assert r.loc["id", "references"] == "parent.id" and r.loc["year", "references"] == ""
    assert r.loc["id", "in_primary_key"] and r.loc["year", "in_primary_key"] and not r.loc["value", "in_primary_key"]
    assert r.loc["id", "required"] and not r.loc["value", "required"]
    assert r.loc["id", "allowed"] == "a, b" and r.loc["year", "allowed"] == "2016, 2020"
    assert r.loc["flag", "allowed"] == "true"  # as written in the CSV
    assert r.loc["value", "unit"] == "亿元" and pd.isna(r.loc["id", "unit"])
    # the unit in Chinese: as given, "" where the package gives none, missing where there is no unit at all
    assert r.loc["share", "unit_zh"] == "%" and r.loc["value", "unit_zh"] == "" and pd.isna(r.loc["id", "unit_zh"])
    assert r.loc["value", ["filled", "rows"]].tolist() == [2, 3]  # one missing value
    assert r.loc["value", "title"] == "Value" and r.loc["value", "description"] == "d"

    names = sx.list_tables()
    frames = {n: sx.load(n) for n in names}
    real = A.data_dictionary(sx.datapackage(), frames)
    # every column of every CSV is described, in the CSV's order
    for n in names:
        assert real.loc[real["table"] == n, "field"].tolist() == list(frames[n].columns), n
    seg = real[real["table"] == "segments"].set_index("field")
    assert seg.loc["output_value", "unit"] == "亿元" and seg.loc["output_value", "filled"] == 18
    assert seg.loc["segment_no", "filled"] == 9  # the nine numbered segments (4 textile, 2 chemical, 3 metal)
    assert seg.loc["industry", "references"] == "industries.industry"
    assert seg.loc["industry", "allowed"] == "textile, chemical, metal"
    # the project's rule: every number has a unit
    numbers = real[real["type"].isin(["number", "integer"])]
    assert numbers["unit"].notna().all(), numbers.loc[numbers["unit"].isna(), ["table", "field"]]
    # ... and every unit is also given in Chinese, without English words (a Chinese page shows it)
    units = real[real["unit"].notna()]
    assert (units["unit_zh"] != "").all(), units.loc[units["unit_zh"] == "", ["table", "field", "unit"]]
    bare = units["unit_zh"].str.replace(r"`[^`]*`", "", regex=True)  # column names are code
    assert not bare.str.contains("[A-Za-z]").any(), units.loc[bare.str.contains("[A-Za-z]"), ["field", "unit_zh"]]
    assert seg.loc["enterprises", "unit_zh"] == "家" and seg.loc["segment_no", "unit_zh"].startswith("序号")
