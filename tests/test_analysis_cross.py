"""Cross-industry and 2017-implementation analyses, against hand-computed numbers.

Small hand-made frames check each function's arithmetic and edge cases; the
checks on the real data pin the plan's own figures (textile needs
(4500 / 3673.5) ** 0.25 - 1 a year; huangjiu's 2020 sales target measures
another scope than its 2016 sales, so no rate is computed).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A

# ---------------------------------------------------------------- hand-made frames


def _fact(industry, year, kind, metric, value, unit="亿元", qualifier=None, scope=None, base=None, judgement=None):
    return dict(industry=industry, year=year, kind=kind, metric=metric, value=value, unit=unit,
                unit_en={"亿元": "100 million yuan", "家": "firms", "%": "%", "万人": "10,000 persons"}.get(unit, unit),
                qualifier=qualifier, scope_zh=scope or metric, scope_en=scope or metric, baseline_metric=base,
                scope_vs_baseline=judgement, note=None)


@pytest.fixture
def facts() -> pd.DataFrame:
    rows = [
        # a: firms and output of the same (above-scale) firms, taxes, employment; a 2020 target of the whole
        # industry set against the above-scale output (possibly wider: a rate on the same-firms reading)
        _fact("a", 2016, "actual", "enterprises_above_scale", 10, "家"),
        _fact("a", 2016, "actual", "output_value_above_scale", 200.0),
        _fact("a", 2016, "actual", "taxes_above_scale", 5.0, scope="taxes of a"),
        _fact("a", 2016, "actual", "employment_above_scale", 2.0, "万人"),
        _fact("a", 2020, "target", "output_value", 292.82, qualifier="reach", base="output_value_above_scale",
              judgement="possibly_wider"),
        _fact("a", 2016, "actual", "share_x_pct", 30.0, "%"),
        _fact("a", 2020, "target", "share_x_pct", 38.0, "%", qualifier="at_least", base="share_x_pct",
              judgement="same"),
        _fact("a", None, "actual", "share_x_pct", 1.0, "%"),          # no year printed: never a baseline
        # b: above-scale figures beside a whole-industry output; target of another scope
        _fact("b", 2016, "actual", "enterprises_above_scale", 4, "家"),
        _fact("b", 2016, "actual", "output_value_above_scale", 10.0),
        _fact("b", 2016, "actual", "output_value", 40.0, scope="whole b"),
        _fact("b", 2016, "actual", "share_city_industry_pct", 3.0, "%"),
        _fact("b", 2017, "actual", "enterprises_above_scale", 99, "家"),          # another year: ignored
        _fact("b", 2020, "target", "output_value", 60.0, qualifier="exceed", scope="processing b", base="output_value",
              judgement="different"),
        # c: a target only, and not an output value (the first 亿元 target is taken)
        _fact("c", 2020, "target", "sales", 30.0, qualifier="strive"),
    ]
    f = pd.DataFrame(rows)
    f["year"] = f["year"].astype("Int64")
    for c in ("industry", "kind", "metric", "unit", "unit_en", "qualifier", "scope_zh", "scope_en", "baseline_metric",
              "scope_vs_baseline", "note"):
        f[c] = f[c].astype("string")
    return f


@pytest.fixture
def industries() -> pd.DataFrame:
    return pd.DataFrame({"industry": ["a", "b", "c", "d"], "name_zh": ["甲", "乙", "丙", "丁"],
                         "name_en": ["A", "B", "C", "D"], "group": ["key", "key", "other", "other"]})


@pytest.fixture
def segments() -> pd.DataFrame:
    return pd.DataFrame({"industry": ["a", "a"], "level": ["industry", "segment"], "share_city_pct": [12.5, 6.0],
                         "share_province_pct": [20.0, 9.0], "share_national_pct": [1.5, 0.5]})


@pytest.fixture
def milestones() -> pd.DataFrame:
    undated = "No month in the plan: undated action; deadline empty (NA)."
    return pd.DataFrame({
        "task_no": [1, 1, 2, 2, 2],
        "milestone_no": [1, 2, 1, 2, 3],
        "deadline": pd.array(["2017-03", None, "2017-06", "2017-12", "2017-03"], dtype="string"),
        "action_zh": list("甲乙丙丁戊"), "action_en": list("abcde"),
        "note": [None, undated, None, None, "Deadlines in this task are not in calendar order"],
    })


@pytest.fixture
def measures() -> pd.DataFrame:
    return pd.DataFrame({"measure_no": [1], "title_zh": ["措施"], "title_en": ["Measure"],
                         "lead_units": ["甲;乙"], "lead_units_en": ["A;B"],
                         "cooperating_units": ["丙"], "cooperating_units_en": ["C"],
                         "responsible_units": [None], "responsible_units_en": [None]})


@pytest.fixture
def tasks() -> pd.DataFrame:
    return pd.DataFrame({"task_no": [1, 2, 3], "title_zh": ["任务一", "任务二", "任务三"],
                         "title_en": ["Task 1", "Task 2", "Task 3"],
                         "lead_units": ["甲", "丙", None], "lead_units_en": ["A", "C", None],
                         "cooperating_units": ["乙", pd.NA, None], "cooperating_units_en": ["B", pd.NA, None],
                         "responsible_units": ["丁;戊", "丁", None], "responsible_units_en": ["D;E", "D", None]})


# ---------------------------------------------------------------- growth rates


def test_required_cagr_by_hand():
    assert A.required_cagr(200, 292.82, 4) == pytest.approx(0.10, abs=1e-12)     # 1.1 ** 4 = 1.4641
    assert A.required_cagr(100, 100, 3) == 0.0
    assert A.required_cagr(100, 81, 2) == pytest.approx(-0.10)                   # 0.9 ** 2 = 0.81
    out = A.required_cagr(np.array([100.0, 0.0, np.nan]), np.array([121.0, 5.0, 10.0]), 2)
    assert out[0] == pytest.approx(0.10) and pd.isna(out[1]) and pd.isna(out[2])
    s = A.required_cagr(pd.Series([100.0, -1.0], index=["x", "y"]), pd.Series([144.0, 10.0], index=["x", "y"]), 2)
    assert list(s.index) == ["x", "y"] and s["x"] == pytest.approx(0.2) and pd.isna(s["y"])
    with pytest.raises(ValueError):
        A.required_cagr(100, 110, 0)


def test_required_cagr_textile():
    assert A.required_cagr(3673.5, 4500, 4) == pytest.approx((4500 / 3673.5) ** 0.25 - 1, abs=1e-15)
    assert round(A.required_cagr(3673.5, 4500, 4), 4) == 0.0520


def test_growth_paths_hand_made(facts):
    p = A.growth_paths(facts).set_index(["industry", "metric"])
    a = p.loc[("a", "output_value")]
    assert a["base_year"] == 2016 and a["base_value"] == 200 and a["target_value"] == 292.82
    assert bool(a["comparable"]) and a["required_cagr"] == pytest.approx(0.10)
    assert a["qualifier"] == "reach"
    share = p.loc[("a", "share_x_pct")]
    assert share["required_pp_per_year"] == pytest.approx(2.0) and pd.isna(share["required_cagr"])  # (38-30)/4
    assert share["base_value"] == 30 and share["scope_vs_baseline"] == "same"     # the undated 1.0 is no baseline
    assert a["base_metric"] == "output_value_above_scale" and a["scope_vs_baseline"] == "possibly_wider"
    b = p.loc[("b", "output_value")]
    assert b["comparable"] == False and pd.isna(b["required_cagr"])  # noqa: E712 (pandas boolean)
    assert b["base_scope_en"] == "whole b" and b["target_scope_en"] == "processing b"
    c = p.loc[("c", "sales")]
    assert pd.isna(c["comparable"]) and pd.isna(c["base_value"]) and pd.isna(c["base_year"])


def test_growth_paths_real_data():
    p = A.growth_paths(sx.load("facts")).set_index(["industry", "metric", "target_year"])
    tex = p.loc[("textile", "output_value", 2020)]
    assert tex["base_value"] == 3673.5 and tex["target_value"] == 4500
    assert tex["required_cagr"] == pytest.approx((4500 / 3673.5) ** 0.25 - 1, abs=1e-12)
    hj = p.loc[("huangjiu", "sales", 2020)]       # 2016 sales (43) vs 2020 full-chain sales (100)
    assert hj["base_value"] == 43 and hj["target_value"] == 100
    assert hj["comparable"] == False and pd.isna(hj["required_cagr"])  # noqa: E712
    pearl = p.loc[("pearl", "output_value", 2020)]   # 116 (with farming) vs processing output 150
    assert pearl["comparable"] == False and pd.isna(pearl["required_cagr"])  # noqa: E712
    assert tex["base_metric"] == "output_value_above_scale" and tex["scope_vs_baseline"] == "possibly_wider"
    assert hj["scope_vs_baseline"] == "different" and pearl["scope_vs_baseline"] == "different"
    assert set(A.scope_flags(sx.load("facts"))["industry"]) == {"huangjiu", "pearl"}
    assert set(A.scope_flags(sx.load("facts"), include_possibly_wider=True)["industry"]) == \
        {"huangjiu", "pearl", "textile", "chemical", "metal"}
    for ind in ("bearing", "kitchenware", "motor"):
        row = p.loc[(ind, "output_value", 2020)]
        assert pd.isna(row["comparable"]) and pd.isna(row["base_value"])


# ---------------------------------------------------------------- industry_overview


def test_industry_overview_hand_made(facts, industries, segments):
    ov = A.industry_overview(facts, industries, segments)
    assert list(ov["industry"]) == ["a", "b", "c", "d"]
    a, b, c, d = (ov.iloc[i] for i in range(4))
    # a: same firms, output, per firm; shares from the structure table's head row
    assert a["firms"] == 10 and a["output_above_scale"] == 200 and a["output_per_firm"] == 20.0
    assert pd.isna(a["output"]) and a["taxes"] == 5 and a["taxes_scope_en"] == "taxes of a" and a["employment"] == 2
    assert (a["share_city_pct"], a["share_province_pct"], a["share_national_pct"]) == (12.5, 20.0, 1.5)
    assert a["scope_vs_baseline"] == "possibly_wider" and a["base_metric"] == "output_value_above_scale"
    assert a["base_value"] == 200
    assert a["target_metric"] == "output_value" and a["target_value"] == 292.82 and a["qualifier"] == "reach"
    assert bool(a["comparable"]) and a["required_cagr"] == pytest.approx(0.10)
    # b: above-scale firms with the above-scale output (10 / 4), beside the whole-industry output (40)
    assert b["firms_metric"] == "enterprises_above_scale" and b["firms"] == 4
    assert b["output_per_firm"] == 2.5 and b["output"] == 40 and b["output_scope_en"] == "whole b"
    assert b["share_city_pct"] == 3.0 and pd.isna(b["share_province_pct"])       # from the prose
    assert pd.isna(b["taxes"]) and pd.isna(b["employment"])
    assert b["base_value"] == 40 and b["target_value"] == 60
    assert b["comparable"] == False and pd.isna(b["required_cagr"])  # noqa: E712
    assert b["scope_vs_baseline"] == "different"
    # c: a sales target, no baseline
    assert c["target_metric"] == "sales" and c["target_value"] == 30 and pd.isna(c["comparable"])
    assert pd.isna(c["base_value"]) and pd.isna(c["firms"]) and pd.isna(c["output_per_firm"])
    # d: nothing at all
    assert pd.isna(d["target_metric"]) and pd.isna(d["target_value"]) and pd.isna(d["comparable"])
    assert ov["comparable"].dtype == "boolean" and ov["base_year"].dtype == "Int64"


def test_industry_overview_without_segments(facts, industries):
    ov = A.industry_overview(facts, industries)
    assert pd.isna(ov.iloc[0]["share_city_pct"]) and ov.iloc[1]["share_city_pct"] == 3.0


def test_industry_overview_real_data():
    ov = A.industry_overview(sx.load("facts"), sx.load("industries"), sx.load("segments")).set_index("industry")
    assert list(ov.index) == ["textile", "chemical", "metal", "huangjiu", "pearl", "bearing", "kitchenware", "motor"]
    assert ov.at["textile", "firms"] == 1873 and ov.at["textile", "output_above_scale"] == 3673.5
    assert ov.at["textile", "output_per_firm"] == pytest.approx(3673.5 / 1873)
    assert ov.at["textile", "taxes"] == 93.5 and ov.at["textile", "employment"] == 31.5
    assert ov.at["chemical", "share_city_pct"] == 12.9 and ov.at["metal", "taxes"] == 17.4
    assert ov.at["pearl", "output_per_firm"] == pytest.approx(30.7 / 23) and ov.at["pearl", "output"] == 116
    assert ov.at["huangjiu", "firms"] == 14 and pd.isna(ov.at["huangjiu", "output_above_scale"])
    assert ov.at["textile", "required_cagr"] == pytest.approx((4500 / 3673.5) ** 0.25 - 1, abs=1e-12)
    assert ov.at["chemical", "required_cagr"] == pytest.approx((1800 / 1297) ** 0.25 - 1, abs=1e-12)
    assert ov.at["metal", "required_cagr"] == pytest.approx((1500 / 1136.4) ** 0.25 - 1, abs=1e-12)
    assert ov.at["huangjiu", "target_metric"] == "sales"
    # one judgement in the data: above-scale baselines, whole-industry targets
    assert ov["scope_vs_baseline"][["textile", "chemical", "metal"]].eq("possibly_wider").all()
    assert ov["scope_vs_baseline"][["huangjiu", "pearl"]].eq("different").all()
    assert ov["base_metric"][["textile", "chemical", "metal"]].eq("output_value_above_scale").all()
    assert ov["comparable"].eq(False)[["huangjiu", "pearl"]].all()
    assert ov["required_cagr"][["huangjiu", "pearl", "bearing", "kitchenware", "motor"]].isna().all()
    assert ov["comparable"].isna()[["bearing", "kitchenware", "motor"]].all()
    assert list(ov.loc[["bearing", "kitchenware", "motor"], "target_value"]) == [100, 100, 300]
    # the prose and the structure tables agree on the head rows
    seg = sx.load("segments").query("level == 'industry'").set_index("industry")
    for ind in seg.index:
        assert ov.at[ind, "firms"] == seg.at[ind, "enterprises"]
        assert ov.at[ind, "output_above_scale"] == seg.at[ind, "output_value"]


# ---------------------------------------------------------------- 2017 timeline


def test_milestone_timeline(milestones):
    tl = A.milestone_timeline(milestones)
    assert list(zip(tl["task_no"], tl["milestone_no"])) == [(1, 1), (2, 3), (2, 1), (2, 2), (1, 2)]
    assert list(tl["month"].astype(object).fillna(0)) == [3, 3, 6, 12, 0]   # no month: NA, not December
    assert list(tl["dated"]) == [True, True, True, True, False] and not tl["assumed"].any()
    assert len(milestones) == 5 and "month" not in milestones     # input untouched
    assert tl.attrs["assumption"] == ""
    # a month for every step only as a labelled assumption
    assumed = A.milestone_timeline(milestones, assume_undated="2017-11")
    assert list(assumed["month"]) == [3, 3, 6, 12, 11] and list(assumed["assumed"]) == [False] * 4 + [True]
    assert list(assumed["dated"]) == [True, True, True, True, False]
    assert "assumption" in assumed.attrs["assumption"] and "2017-11" in assumed.attrs["assumption"]
    for bad in ("December", "2017-13", 12):
        with pytest.raises(ValueError, match="YYYY-MM"):
            A.milestone_timeline(milestones, assume_undated=bad)


def test_older_data_with_a_flagged_december_is_still_undated(milestones):
    old = milestones.assign(deadline=["2017-03", "2017-12", "2017-06", "2017-12", "2017-03"])
    tl = A.milestone_timeline(old)
    assert list(tl["dated"]) == [True, True, True, True, False] and pd.isna(tl["month"].iloc[-1])


def test_milestones_by_month(milestones):
    bm = A.milestones_by_month(milestones).set_index("month")
    assert list(bm.index) == list(range(1, 13))
    assert bm.loc[3].tolist() == [2, 0, 2, 2]          # dated, undated, tasks, total
    assert bm.loc[6].tolist() == [1, 0, 1, 1]
    assert bm.loc[12].tolist() == [1, 0, 1, 1]          # the undated step is in no month
    assert bm["total"].sum() == 4 and bm.loc[[1, 2, 4, 5, 7, 8, 9, 10, 11], "total"].sum() == 0
    assert bm.attrs["n_undated"] == 1 and bm.attrs["assumption"] == ""
    ba = A.milestones_by_month(milestones, assume_undated="2017-12").set_index("month")
    assert ba.loc[12].tolist() == [1, 1, 1, 2] and ba["total"].sum() == 5
    assert "2017-12" in ba.attrs["assumption"]


def test_milestone_calendar(milestones):
    cal = A.milestone_calendar(milestones)
    assert list(cal.columns) == list(range(1, 13))
    assert cal.loc[1, 3] == 1 and cal.loc[2, 3] == 1 and cal.loc[2, 6] == 1
    assert cal.loc[2, 12] == 1 and int(cal.to_numpy().sum()) == 4 and cal.loc[1, 12] == 0
    assert A.milestone_calendar(milestones, assume_undated="2017-12").loc[1, 12] == 1


def test_task_schedule(tasks, milestones):
    s = A.task_schedule(tasks, milestones).set_index("task_no")
    assert s.loc[1, ["milestones", "dated", "undated"]].tolist() == [2, 1, 1]
    assert (s.loc[1, "first_month"], s.loc[1, "last_month"]) == (3, 3)
    assert s.loc[2, ["milestones", "dated", "undated"]].tolist() == [3, 3, 0]
    assert (s.loc[2, "first_month"], s.loc[2, "last_month"]) == (3, 12)
    assert s.loc[3, "milestones"] == 0 and pd.isna(s.loc[3, "first_month"])


def test_timeline_real_data():
    ms = sx.load("milestones_2017")
    tl = A.milestone_timeline(ms)
    assert len(tl) == 43 and tl["dated"].sum() == 30 and tl["month"].isna().sum() == 13
    bm = A.milestones_by_month(ms).set_index("month")
    assert bm.loc[6, "dated"] == 7 and bm.loc[12, "dated"] == 7 and bm["undated"].sum() == 0
    assert bm.loc[3, "dated"] == 4 and bm["total"].sum() == 30 and bm.attrs["n_undated"] == 13
    ba = A.milestones_by_month(ms, assume_undated="2017-12").set_index("month")
    assert ba.loc[12, "undated"] == 13 and ba["total"].sum() == 43
    cal = A.milestone_calendar(ms)
    assert cal.loc[10, 5] == 2 and int(cal.to_numpy().sum()) == 30
    s = A.task_schedule(sx.load("tasks_2017"), ms).set_index("task_no")
    assert s.loc[9, "dated"] == 0 and s.loc[9, "undated"] == 2      # task 9 gives no month at all
    assert s.loc[10, "milestones"] == 7 and s.loc[10, "first_month"] == 3 and s.loc[10, "last_month"] == 9


# ---------------------------------------------------------------- agencies


def test_unit_roles(measures, tasks):
    r = A.unit_roles(measures, tasks)
    got = set(zip(r["unit"], r["role"], r["item"]))
    assert got == {("甲", "lead", "M1"), ("乙", "lead", "M1"), ("丙", "cooperating", "M1"),
                   ("甲", "lead", "T1"), ("乙", "cooperating", "T1"), ("丁", "responsible", "T1"),
                   ("戊", "responsible", "T1"), ("丙", "lead", "T2"), ("丁", "responsible", "T2")}
    assert len(r) == 9 and set(r.loc[r["item"].str.startswith("M"), "kind"]) == {"measure"}
    en = A.unit_roles(measures, tasks, "en")
    assert set(en["unit"]) == {"A", "B", "C", "D", "E"} and len(en) == 9


def test_unit_load(measures, tasks):
    load = A.unit_load(A.unit_roles(measures, tasks, "en"))
    assert list(load["unit"]) == ["A", "B", "C", "D", "E"]           # total, then lead, then name
    assert load.set_index("unit").loc["A"].tolist() == [2, 0, 0, 2]
    assert load.set_index("unit").loc["B"].tolist() == [1, 1, 0, 2]
    assert load.set_index("unit").loc["D"].tolist() == [0, 0, 2, 2]
    assert load.set_index("unit").loc["E"].tolist() == [0, 0, 1, 1]
    assert A.unit_load(A.unit_roles(measures.iloc[:0], tasks.iloc[:0])).empty


def test_unit_workload(measures, tasks, milestones):
    w = A.unit_workload(A.unit_roles(measures, tasks, "en"), milestones).set_index("unit")
    assert w.loc["A", ["lead_measures", "lead_tasks", "lead_milestones"]].tolist() == [1, 1, 2]
    assert w.loc["B", ["lead_measures", "lead_tasks", "lead_milestones"]].tolist() == [1, 0, 0]
    assert w.loc["C", ["lead_measures", "lead_tasks", "lead_milestones"]].tolist() == [0, 1, 3]
    assert w.loc["D", "lead_milestones"] == 0


def test_agencies_real_data():
    measures, tasks, ms = sx.load("measures"), sx.load("tasks_2017"), sx.load("milestones_2017")
    zh = A.unit_workload(A.unit_roles(measures, tasks, "zh"), ms)
    en = A.unit_workload(A.unit_roles(measures, tasks, "en"), ms)
    assert len(zh) == len(en) == 27                     # one English name per Chinese one
    top = zh.iloc[0]
    assert top["unit"] == "市经信委" and (top["lead"], top["cooperating"], top["total"]) == (11, 6, 17)
    assert (top["lead_tasks"], top["lead_measures"], top["lead_milestones"]) == (8, 3, 35)
    assert en.iloc[0]["unit"] == "Municipal Economy and Information Technology Commission"
    z = zh.set_index("unit")
    assert z.loc["各区、县（市）政府", "responsible"] == 16 and z.loc["市直开发区管委会", "responsible"] == 14
    # every measure and task has at least one lead unit
    roles = A.unit_roles(measures, tasks, "zh")
    assert roles.loc[roles["role"] == "lead", "item"].nunique() == 18 == roles["item"].nunique()
    assert math.isclose(zh[["lead", "cooperating", "responsible"]].to_numpy().sum(), len(roles))
