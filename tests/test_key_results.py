"""The shipped figures behind each report, hand-computed from the plan.

These checks used to sit at the end of the notebooks, where they stopped a
report built from a corrected copy of the data.  The notebooks now check only
what holds for any valid data (shares add up, a required growth equals its
formula); the plan's own figures are checked here, on the shipped data.
"""

from __future__ import annotations

import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A
from shaoxing import progress as PR


@pytest.fixture(scope="module")
def t():
    return {n: sx.load(n) for n in sx.list_tables()}


def test_plan_overview_figures(t):
    overview = A.indicator_overview(t["indicators"])
    missing = A.missing_baselines(t["indicators"])
    row = overview.set_index("indicator_no")
    assert len(overview) == 18 and overview["indicator_no"].tolist() == list(range(1, 19))
    assert abs(row.loc[2, "change_2020"] - ((2500 / 1236.9) ** (1 / 4) - 1)) < 1e-12
    assert abs(row.loc[3, "change_2020"] - (40 - 32.8) / 4) < 1e-9 and row.loc[3, "measure_2020"] == "pp_per_year"
    assert abs(row.loc[6, "change_2020"] - (1.2 - 0.57) / 5) < 1e-9  # baseline 2015: five years to 2020
    assert abs(row.loc[10, "ratio_2020"] - 500 / 352) < 1e-12 and row.loc[10, "measure_2020"] == "annual_increment"
    assert abs(row.loc[16, "ratio_2020"] - 100 / 48) < 1e-12
    assert abs(row.loc[13, "index_2025"] - 1300 / 354 * 100) < 1e-9
    assert missing["indicator_no"].tolist() == [1, 5, 11]
    assert missing["reason"].tolist() == ["composition", "not_printed", "not_printed"]
    mix = t["fibre_mix"].sort_values("year")
    assert mix[["apparel", "home_textile", "industrial"]].values.tolist() == [[60, 30, 10], [40, 30, 30], [35, 30, 35]]
    assert mix["home_textile"].nunique() == 1  # the page says home textiles stay unchanged


def test_plan_overview_reconciliation(t):
    recon = A.target_reconciliation(t["facts"], t["industries"], year=2020,
                                    headline_metric="key_traditional_industries_output_value")
    summary = A.reconciliation_summary(recon)
    caveats = A.reconciliation_caveats(recon, t["facts"])
    assert summary["headline"] == 8000 and summary["output_sum"] == 4500 + 1800 + 1500 + 150 == 7950
    assert summary["gap"] == 50 and summary["other_scope"] == {"huangjiu": 100}
    assert summary["sum_with_other_scope"] == 8050 and summary["non_key_sum"] == 100 + 100 + 300
    assert set(caveats.loc[caveats["kind"] == "wider_than_baseline", "industry"]) == {"textile", "chemical", "metal"}
    assert caveats.loc[caveats["kind"] == "baseline_scope_differs", "industry"].tolist() == ["pearl"]


def test_cross_industry_figures(t):
    ov = A.industry_overview(t["facts"], t["industries"], t["segments"])
    ix = ov.set_index("industry")
    assert list(ix.index) == ["textile", "chemical", "metal", "huangjiu", "pearl", "bearing", "kitchenware", "motor"]
    assert ix.at["textile", "firms"] == 1873 and ix.at["textile", "output_above_scale"] == 3673.5
    assert abs(ix.at["textile", "output_per_firm"] - 3673.5 / 1873) < 1e-12
    assert abs(ix.at["pearl", "output_per_firm"] - 30.7 / 23) < 1e-12 and ix.at["pearl", "output"] == 116
    assert abs(ix.at["textile", "required_cagr"] - ((4500 / 3673.5) ** 0.25 - 1)) < 1e-12
    assert abs(ix.at["chemical", "required_cagr"] - ((1800 / 1297) ** 0.25 - 1)) < 1e-12
    assert abs(ix.at["metal", "required_cagr"] - ((1500 / 1136.4) ** 0.25 - 1)) < 1e-12
    # huangjiu (2016 sales vs 2020 full-chain sales) and pearl (output vs processing output): no rate across scopes
    for ind in ("huangjiu", "pearl"):
        assert ix["comparable"].eq(False)[ind]
        assert pd.isna(ix.at[ind, "required_cagr"])
    assert ix.at["huangjiu", "base_value"] == 43 and ix.at["huangjiu", "target_value"] == 100
    for ind, target in (("bearing", 100), ("kitchenware", 100), ("motor", 300)):
        assert ix.at[ind, "target_value"] == target and pd.isna(ix.at[ind, "base_value"])
        assert ix["comparable"].isna()[ind]
    assert ix.at["textile", "employment"] == 31.5 and ix["employment"].notna().sum() == 1


def test_implementation_2017_counts(t):
    measures, tasks, milestones = t["measures"], t["tasks_2017"], t["milestones_2017"]
    timeline = A.milestone_timeline(milestones)
    by_month = A.milestones_by_month(milestones)
    schedule = A.task_schedule(tasks, milestones)
    assert len(tasks) == 10 and len(milestones) == 43 and len(measures) == 8
    assert int(timeline["dated"].sum()) == 30 and int((~timeline["dated"]).sum()) == 13  # no month: deadline NA
    assert by_month.set_index("month").loc[6, "dated"] == 7 and by_month["total"].sum() == 30
    assert schedule["milestones"].sum() == 43 and schedule.set_index("task_no").loc[10, "milestones"] == 7
    roles = A.unit_roles(measures, tasks, "zh")
    zh = A.unit_workload(roles, milestones).set_index("unit")
    assert zh.loc["市经信委", "lead"] == 11 and zh.loc["市经信委", "total"] == 17 and zh.loc["市经信委", "lead_tasks"] == 8
    assert zh.loc["各区、县（市）政府", "responsible"] == 16 and zh.loc["市直开发区管委会", "responsible"] == 14
    assert len(zh) == 27 and roles["item"].nunique() == 18
    en = A.unit_workload(A.unit_roles(measures, tasks, "en"), milestones)
    assert len(en) == 27
    # more than half of the 18 items: the districts (16) and the development zones (14)
    assert A.majority_units(zh.reset_index(), 18)["unit"].tolist() == ["各区、县（市）政府", "市直开发区管委会"]


def test_data_audit_figures(t):
    segments = t["segments"]
    checks = A.segment_checks(segments)
    assert checks["ok"].all(), checks[~checks["ok"]]
    by = A.share_sum_checks(segments).set_index("industry")
    assert by.loc["chemical", "total"] == 12.9 and abs(by.loc["chemical", "parts"] - 13.0) < 1e-9  # 8.2 + 4.8
    assert by.loc["chemical", "total_is_rounding"] and by.loc["textile", "exact"] and by.loc["metal", "exact"]
    h = A.implied_city_total(segments).set_index("industry")["implied_city_total"]
    assert abs(h["textile"] - 3673.5 / 36.6 * 100) < 1e-9 and abs(h["chemical"] - 1297.0 / 12.9 * 100) < 1e-9
    assert abs(h["metal"] - 1136.4 / 11.3 * 100) < 1e-9 and h.between(10000, 10100).all()
    consistency = A.city_share_consistency(segments)
    assert consistency.attrs["low"] < consistency.attrs["high"]  # the three tables agree on one city total
    assert consistency.loc[~consistency["consistent"], "segment_zh"].tolist() == ["纺织机械"]
    assert A.prose_table_checks(t["facts"], segments)["ok"].all()
    assert A.mix_checks(t["fibre_mix"], t["value_added_mix"])["ok"].all()
    infos = {n: sx.describe(n) for n in t}
    catalogue = A.table_catalogue(t, infos)
    assert catalogue.set_index("name").loc["indicators", "rows"] == 18


def test_data_dictionary_counts(t):
    catalogue = A.table_catalogue(t, {n: sx.describe(n) for n in t})
    dictionary = A.data_dictionary(sx.datapackage(), t)
    assert len(catalogue) == 15  # 14 tables of the plan + outcomes_searched
    by = dictionary.set_index(["table", "field"])
    assert by.loc[("segments", "output_value"), "unit"] == "亿元" and by.loc[("segments", "output_value"), "filled"] == 18
    assert by.loc[("segments", "industry"), "references"] == "industries.industry"
    assert by.loc[("indicators", "indicator_no"), "rows"] == 18 and by.loc[("indicators", "indicator_no"), "in_primary_key"]
    assert by.loc[("segments", "output_value"), "title_zh"] == "产值"


@pytest.mark.parametrize("industry", ["textile", "huangjiu", "pearl"])
def test_industry_profile_figures(t, industry):
    structure = A.segment_structure(t["segments"], industry)
    paths = A.growth_paths(t["facts"], industry=industry)
    if industry == "textile":
        head = structure[structure["level"] == "industry"].iloc[0]
        assert head["output_value"] == 3673.5 and int(head["enterprises"]) == 1873
        p = paths.query("metric == 'output_value'").iloc[0]
        assert abs(p["required_cagr"] - ((4500 / 3673.5) ** 0.25 - 1)) < 1e-12
        assert A.segment_checks(t["segments"].query("industry == @industry"))["ok"].all()
    else:
        # the plan's headline targets for these two measure another scope than the 2016 figure
        assert (~paths.dropna(subset=["base_value"])["comparable"]).any()


def test_progress_tracker_figures(t):
    outcomes = t["outcomes"]
    shipped = PR.assess(outcomes, t["indicators"], t["facts"]).set_index("item")
    assert len(outcomes) == 27 and outcomes["source_url"].notna().all()
    assert shipped.loc["indicator 3", "status"] == "target_met"
    assert abs(shipped.loc["indicator 3", "required_cagr"] - (40 - 32.8) / 4) < 1e-12  # pp a year, 2016-2020
    assert abs(shipped.loc["indicator 3", "observed_cagr"] - (44 - 32.8) / 4) < 1e-12
    assert shipped.loc["indicator 4", "target_year"] == 2025 and shipped.loc["indicator 4", "status"] == "on_track"
    assert abs(shipped.loc["indicator 4", "ratio"] - ((54.4 - 28.7) / 5) / ((55 - 28.7) / 9)) < 1e-12
    for task in ("task 1: dyeing_firms_relocated_or_upgraded", "task 1: chemical_firms_relocated_or_upgraded"):
        assert shipped.loc[task, "status"] == "target_met"
    assert (shipped.loc[~shipped["comparable"].astype(bool), "status"] == "not_comparable").all()
    assert shipped.loc["huangjiu: sales", "target"] == 100 and shipped.loc["huangjiu: sales", "baseline"] == 43
    missing = PR.unobserved_items(t["indicators"], t["facts"], t["industries"], shipped.reset_index())
    assert {3, 4}.isdisjoint(set(missing["indicator_no"].dropna().astype(int)))
