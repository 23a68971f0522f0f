"""The data checked against itself and against the plan's printed figures."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A

CONTRACT = ["industries", "indicators", "fibre_mix", "segments", "segment_products", "value_added_mix", "facts",
            "roadmap", "benchmarks", "positioning", "measures", "tasks_2017", "milestones_2017"]


def test_every_contract_table_is_listed():
    assert set(CONTRACT) <= set(sx.list_tables())


@pytest.mark.parametrize("name", CONTRACT)
def test_contract_columns_present(name):
    required = {
        "industries": ["industry", "name_zh", "name_en", "group"],
        "indicators": ["indicator_no", "category_zh", "category_en", "name_zh", "name_en", "unit_zh", "unit_en",
                       "baseline_year", "baseline", "target_2020", "target_2025", "target_kind", "note"],
        "fibre_mix": ["year", "apparel", "home_textile", "industrial"],
        "segments": ["industry", "year", "level", "segment_zh", "segment_en", "parent_zh", "enterprises",
                     "output_value", "share_city_pct", "share_province_pct", "share_national_pct",
                     "key_regions_zh", "key_regions_en", "counted_in_total", "products_zh"],
        "segment_products": ["industry", "segment_zh", "product_zh", "product_en", "quantity", "unit"],
        "value_added_mix": ["industry", "segment_zh", "share_pct"],
        "facts": ["industry", "year", "kind", "metric", "value", "unit", "qualifier", "scope_zh", "scope_en", "note"],
        "roadmap": ["industry", "focus_no", "group_zh", "group_en", "focus_area_zh", "focus_area_en",
                    "new_products_zh", "new_products_en", "new_technologies_zh", "new_technologies_en",
                    "new_equipment_zh", "new_equipment_en", "benchmarks_zh"],
        "benchmarks": ["industry", "focus_no", "name_zh", "name_en", "kind", "country", "note"],
        "positioning": ["positioning_zh", "positioning_en", "industry", "benchmark_regions_zh",
                        "benchmark_enterprises_zh", "benchmark_regions_en", "benchmark_enterprises_en"],
        "measures": ["measure_no", "title_zh", "title_en", "lead_units", "cooperating_units", "responsible_units"],
        "tasks_2017": ["task_no", "title_zh", "title_en", "requirements_zh", "requirements_en", "lead_units",
                       "cooperating_units", "responsible_units"],
        "milestones_2017": ["task_no", "deadline", "action_zh", "action_en"],
    }[name]
    missing = set(required) - set(sx.load(name).columns)
    assert not missing, f"{name} lacks {missing}"


def test_row_counts_match_the_plan():
    assert len(sx.load("industries")) == 8
    assert len(sx.load("indicators")) == 18
    assert len(sx.load("segments")) == 18
    assert len(sx.load("positioning")) == 8
    assert len(sx.load("measures")) == 8
    assert len(sx.load("tasks_2017")) == 10
    assert sx.load("fibre_mix")["year"].tolist() == [2016, 2020, 2025]


def test_focus_numbers_restart_per_roadmap():
    counts = sx.load("roadmap").groupby("industry")["focus_no"].agg(["min", "max", "count"])
    expected = {"textile": 16, "chemical": 4, "metal": 6, "huangjiu": 4, "pearl": 4,
                "bearing": 1, "kitchenware": 1, "motor": 1}
    for ind, n in expected.items():
        assert counts.loc[ind, "count"] == n, ind
    shared = {"bearing": 1, "kitchenware": 2, "motor": 3}
    for ind in ("textile", "chemical", "metal", "huangjiu", "pearl"):
        assert (counts.loc[ind, "min"], counts.loc[ind, "max"]) == (1, expected[ind])
    for ind, no in shared.items():
        assert counts.loc[ind, "min"] == no


def test_plan_figures_as_printed():
    seg = sx.load("segments").set_index(["industry", "segment_zh"])
    assert seg.loc[("textile", "纺织"), "output_value"] == 3673.5
    assert seg.loc[("textile", "纺织"), "enterprises"] == 1873
    assert seg.loc[("textile", "印染"), "output_value"] == 911.0
    assert seg.loc[("chemical", "化工"), "share_city_pct"] == 12.9
    assert seg.loc[("metal", "金属加工"), "output_value"] == 1136.4
    ind = sx.load("indicators").set_index("indicator_no")
    assert ind.loc[2, ["baseline", "target_2020", "target_2025"]].tolist() == [1236.9, 2500, 4000]
    assert ind.loc[15, "baseline"] == 12308.5
    assert ind.loc[6, "baseline_year"] == 2015 and ind.loc[7, "baseline_year"] == 2015
    assert pd.isna(ind.loc[5, "baseline"]) and pd.isna(ind.loc[11, "baseline"])
    assert set(ind.loc[ind["target_kind"] == "annual_increment"].index) == {10, 16}


def test_numbered_segments_add_up_to_each_industry():
    checks = A.segment_checks(sx.load("segments"))
    sums = checks[checks["check"] == "segments = industry"]
    assert len(sums) == 6  # firms and output for three industries
    assert sums["ok"].all(), sums[~sums["ok"]]


def test_sub_segments_stay_within_their_parent():
    checks = A.segment_checks(sx.load("segments"))
    subs = checks[checks["check"] == "sub-segment ≤ parent"]
    assert set(subs["part"]) == {"袜业", "领带", "染料化学", "塑料薄膜", "钢结构"}
    assert subs["ok"].all(), subs[~subs["ok"]]


def test_textile_machinery_is_outside_textile_totals():
    seg = sx.load("segments").set_index("segment_zh")
    assert not seg.loc["纺织机械", "counted_in_total"]
    assert all(not seg.loc[s, "counted_in_total"] for s in ["袜业", "领带", "染料化学", "塑料薄膜", "钢结构"])


def test_city_shares_imply_one_city_total():
    """Each industry row's output / city share gives the same 2016 city total, within rounding."""
    totals = A.implied_city_total(sx.load("segments"))
    assert totals["implied_city_total"].between(10_000, 10_100).all()
    # every rounding interval contains a common value
    assert totals["implied_low"].max() <= totals["implied_high"].min()


def test_segment_city_shares_sum_to_industry_share_within_rounding():
    seg = sx.load("segments")
    for ind, g in seg.groupby("industry"):
        head = g[g["level"] == "industry"].iloc[0]
        parts = g[(g["level"] == "segment") & g["counted_in_total"]]
        # each printed share is rounded to 0.1, so the sum may be off by 0.05 per part
        assert abs(parts["share_city_pct"].sum() - head["share_city_pct"]) <= 0.05 * (len(parts) + 1), ind


def test_mixes_sum_to_100():
    checks = A.mix_checks(sx.load("fibre_mix"), sx.load("value_added_mix"))
    assert len(checks) == 4 and checks["ok"].all()


def test_fibre_mix_agrees_with_indicator_1():
    ind = sx.load("indicators").set_index("indicator_no").loc[1]
    mix = sx.load("fibre_mix").set_index("year")
    for year, col in ((2016, "baseline_text"), (2020, "target_2020_text"), (2025, "target_2025_text")):
        printed = [float(x) for x in re.split(r"[:：]", ind[col])]
        assert printed == mix.loc[year, ["apparel", "home_textile", "industrial"]].tolist()


RISING_EXCEPTIONS = {1: "composition", 10: "yearly increment (merged cell)", 16: "yearly increment (merged cell)"}


def test_targets_rise_from_baseline_to_2020_to_2025():
    ind = sx.load("indicators")
    for r in ind.itertuples(index=False):
        if r.indicator_no in RISING_EXCEPTIONS:
            continue
        chain = [v for v in (r.baseline, r.target_2020, r.target_2025) if pd.notna(v)]
        assert chain == sorted(chain) and len(set(chain)) == len(chain), (r.indicator_no, chain)


def test_annual_increment_targets_exceed_their_baseline_year():
    ind = sx.load("indicators").set_index("indicator_no")
    for no in (10, 16):
        assert ind.loc[no, "target_2020"] > ind.loc[no, "baseline"]


def test_industry_output_targets_exceed_2016_output():
    paths = A.growth_paths(sx.load("facts"), metric="output_value")
    comparable = paths[paths["comparable"].eq(True)]
    assert set(comparable["industry"]) >= {"textile", "chemical", "metal"}
    assert (comparable["target_value"] > comparable["base_value"]).all()


def test_every_en_cell_is_filled_where_zh_is():
    for name in sx.list_tables():
        df = sx.load(name)
        for zh in [c for c in df.columns if c.endswith("_zh")]:
            en = "note" if zh == "note_zh" else zh[:-3] + "_en"   # note_zh is the Chinese twin of note
            assert en in df.columns, f"{name}.{zh} has no {en}"
            gap = df[df[zh].notna() & df[en].isna()]
            assert gap.empty, f"{name}.{en} empty where {zh} is filled, rows {list(gap.index + 1)}"


def test_every_benchmark_has_an_iso_country_code():
    b = sx.load("benchmarks")
    assert b["country"].notna().all()
    assert b["country"].str.fullmatch(r"[A-Z]{2}").all()
    assert set(b["kind"]) <= {"enterprise", "region", "site"}
    known = {"Toray": "JP", "Teijin": "JP", "DuPont": "US", "Lenzing": "AT"}
    for name, cc in known.items():
        rows = b[b["name_en"].str.contains(name, regex=False)]
        assert len(rows) and (rows["country"] == cc).all(), name


def test_benchmarks_belong_to_a_roadmap_row(data_copy):
    # the loader enforces the foreign key, so the shipped table cannot break it: check that it does
    path = data_copy / "benchmarks.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("textile,1,日本东丽,", "textile,99,日本东丽,", 1),
                    encoding="utf-8")
    sx.data.clear_cache()
    with pytest.raises(sx.DataError, match="roadmap") as info:
        sx.load("benchmarks", data_copy)
    assert (info.value.table, info.value.row, info.value.column) == ("benchmarks", 1, "industry")


def test_labels_carry_no_list_numbering():
    pattern = re.compile(r"^\s*(\d+[.、]|#|（\d+）)")
    for name, cols in {"segments": ["segment_zh"], "roadmap": ["focus_area_zh"], "measures": ["title_zh"],
                       "tasks_2017": ["title_zh"], "indicators": ["name_zh"]}.items():
        for c in cols:
            bad = sx.load(name)[c].dropna().loc[lambda s: s.str.match(pattern)]
            assert bad.empty, (name, c, bad.tolist())


def test_missing_figures_are_missing_not_zero():
    ind = sx.load("indicators")
    assert not (ind[["baseline", "target_2020", "target_2025"]] == 0).any().any()
    seg = sx.load("segments")
    assert not (seg[["enterprises", "output_value"]].fillna(1) == 0).any().any()


def test_scope_changes_are_flagged():
    facts = sx.load("facts")
    judged = facts[facts["scope_vs_baseline"].notna()]
    assert {(r.industry, r.metric, r.scope_vs_baseline) for r in judged.itertuples()} == {
        ("huangjiu", "sales", "different"), ("pearl", "output_value", "different"),
        ("textile", "output_value", "possibly_wider"), ("chemical", "output_value", "possibly_wider"),
        ("metal", "output_value", "possibly_wider")}
    assert judged["note"].notna().all() and judged["note_zh"].notna().all()
    # a judgement only where a baseline is named, and every named baseline exists as an earlier actual figure
    assert (facts["scope_vs_baseline"].notna() == facts["baseline_metric"].notna()).all()
    for r in judged.itertuples():
        base = facts[(facts["industry"] == r.industry) & (facts["metric"] == r.baseline_metric)
                     & (facts["kind"] == "actual") & (facts["year"] < r.year)]
        assert len(base) == 1, (r.industry, r.metric)


def test_qualifiers_kept():
    facts = sx.load("facts").set_index(["industry", "year", "kind", "metric"])
    assert facts.loc[("chemical", 2020, "target", "output_value"), "qualifier"] == "exceed"
    assert facts.loc[("textile", 2020, "target", "output_value"), "qualifier"] == "reach"
    assert facts.loc[("metal", 2020, "target", "output_value"), "qualifier"] == "strive"
    assert facts.loc[("all", 2020, "target", "key_traditional_industries_output_value"), "value"] == 8000


def test_milestones_are_in_2017_and_belong_to_tasks():
    m = sx.load("milestones_2017")
    assert m["deadline"].str.fullmatch(r"2017-(0[1-9]|1[0-2])").all()
    assert set(m["task_no"]) == set(range(1, 11))  # every task has a milestone (tasks_2017 is the foreign key)
