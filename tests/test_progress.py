"""Plan vs outcome: observations, a user's own CSV, and the Open SDG progress status (shaoxing.progress).

Every expected number below is computed by hand from the formula in the test,
not by the code under test.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import progress as PR

HEADER = [f["name"] for f in sx.describe("outcomes").fields.to_dict("records")]


# ---------------------------------------------------------------- helpers


def _indicators(**overrides) -> pd.DataFrame:
    """Two made-up indicators: 1 a share (10% in 2016 -> 30% in 2020 -> 50% in 2025), 2 a level (88 -> 110 -> 130)."""
    rows = [dict(indicator_no=1, name_en="share", name_zh="比重", unit_zh="%", unit_en="%", baseline_year=2016,
                 baseline=10.0, target_2020=30.0, target_2025=50.0, target_kind="level"),
            dict(indicator_no=2, name_en="level", name_zh="水平", unit_zh="万元/亩", unit_en="10,000 yuan per mu",
                 baseline_year=2016, baseline=88.0, target_2020=110.0, target_2025=130.0, target_kind="level")]
    df = pd.DataFrame(rows)
    for k, v in overrides.items():
        df[k] = v
    df["indicator_no"] = df["indicator_no"].astype("Int64")
    df["baseline_year"] = df["baseline_year"].astype("Int64")
    return df


def _obs(**kw) -> dict:
    row = {c: pd.NA for c in HEADER}
    row.update(observation_id="o1", year=2019, value=1.0, unit="%", comparable=True, source_kind="official",
               origin="user")
    row.update(kw)
    return row


def _frame(*rows) -> pd.DataFrame:
    df = pd.DataFrame(list(rows))
    for c in ("indicator_no", "task_no", "measure_no", "year", "plan_target_year"):
        df[c] = df[c].astype("Int64")
    for c in ("value", "plan_target"):
        df[c] = np.array([np.nan if pd.isna(v) else float(v) for v in df[c]], dtype="float64")
    df["comparable"] = df["comparable"].astype("boolean")
    return df


def _assess_one(row: dict, indicators=None, facts=None) -> pd.Series:
    out = PR.assess(_frame(row), _indicators() if indicators is None else indicators,
                    sx.load("facts") if facts is None else facts)
    assert len(out) == 1
    return out.iloc[0]


def _csv(tmp_path, rows: list[dict], name="mine.csv", header=None, encoding="utf-8"):
    header = header or HEADER
    lines = [",".join(header)]
    for r in rows:
        lines.append(",".join("" if pd.isna(r.get(c, pd.NA)) else str(r[c]) for c in header))
    path = tmp_path / name
    path.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    return path


IND17 = {"observation_id": "my_ind17_2019", "indicator_no": 17, "year": 2019, "value": 105, "unit": "万元/亩",
         "comparable": "true"}


# ---------------------------------------------------------------- classification


@pytest.mark.parametrize("ratio, status", [
    (2.0, "on_track"), (1.0, "on_track"), (0.95, "on_track"), (0.9499, "acceleration_needed"),
    (0.6, "acceleration_needed"), (0.5999, "limited_progress"), (0.0, "limited_progress"),
    (-0.0001, "deterioration"), (-3.0, "deterioration"), (float("nan"), "unable_to_assess"),
])
def test_classify_thresholds(ratio, status):
    assert PR.classify(ratio) == status


def test_classify_target_met_and_not_comparable_win():
    assert PR.classify(-5.0, target_met=True) == "target_met"
    assert PR.classify(2.0, target_met=True, comparable=False) == "not_comparable"
    assert PR.classify(0.95 - 1e-12) == "on_track"  # a boundary computed with rounding error stays a boundary


# shares in percentage points: required (30 - 10) / 4 = 5 pp a year to 2020
@pytest.mark.parametrize("year, value, observed_pp, ratio, status", [
    (2020, 29.0, 19 / 4, 0.95, "on_track"),                  # 4.75 / 5: exactly the on-track boundary
    (2020, 28.9, 18.9 / 4, 0.945, "acceleration_needed"),
    (2018, 16.0, 6 / 2, 0.6, "acceleration_needed"),         # 3 / 5: the lower boundary of acceleration_needed
    (2018, 15.99, 5.99 / 2, 0.599, "limited_progress"),
    (2018, 10.0, 0.0, 0.0, "limited_progress"),              # no change: 0 is still limited progress
    (2018, 9.0, -0.5, -0.1, "deterioration"),
])
def test_share_item_in_percentage_points(year, value, observed_pp, ratio, status):
    r = _assess_one(_obs(indicator_no=1, year=year, value=value))
    assert r["measure"] == "pp_per_year" and r["target_year"] == 2020
    assert r["required_cagr"] == pytest.approx(5.0)
    assert r["observed_cagr"] == pytest.approx(observed_pp)
    assert r["ratio"] == pytest.approx(ratio)
    assert r["status"] == status


def test_share_target_met_before_the_target_year():
    r = _assess_one(_obs(indicator_no=1, year=2019, value=30.0))
    assert r["status"] == "target_met"
    assert r["observed_cagr"] == pytest.approx(20 / 3) and r["ratio"] == pytest.approx((20 / 3) / 5)


def test_observation_after_2020_is_set_against_the_2025_target():
    r = _assess_one(_obs(indicator_no=1, year=2021, value=31.0))
    # required (50 - 10) / 9 pp a year, observed (31 - 10) / 5: ratio 4.2 / 4.444 = 0.945
    assert r["target_year"] == 2025 and r["target"] == 50
    assert r["required_cagr"] == pytest.approx(40 / 9)
    assert r["ratio"] == pytest.approx(4.2 / (40 / 9))
    assert r["status"] == "acceleration_needed"


def test_level_item_in_compound_growth():
    r = _assess_one(_obs(indicator_no=2, year=2018, value=80.0, unit="万元/亩"))
    assert r["measure"] == "cagr"
    assert r["required_cagr"] == pytest.approx((110 / 88) ** (1 / 4) - 1)
    assert r["observed_cagr"] == pytest.approx((80 / 88) ** (1 / 2) - 1)
    assert r["observed_cagr"] < 0 and r["status"] == "deterioration"


def test_not_comparable_computes_nothing():
    r = _assess_one(_obs(indicator_no=1, value=40.0, comparable=False))
    assert r["status"] == "not_comparable" and r["reason"] == "scope"
    assert math.isnan(r["ratio"]) and math.isnan(r["observed_cagr"]) and pd.isna(r["measure"])


def test_unit_other_than_the_plan_item_is_not_comparable():
    r = _assess_one(_obs(indicator_no=2, value=105.0, unit="万元"))
    assert (r["status"], r["reason"]) == ("not_comparable", "unit")


def test_plan_target_from_the_observation_for_tasks_and_measures():
    met = _assess_one(_obs(task_no=1, metric="dyeing_firms", value=182.0, unit="家", year=2017,
                           plan_target=182.0, plan_target_year=2017))
    assert met["status"] == "target_met" and met["target"] == 182 and pd.isna(met["baseline"])
    short = _assess_one(_obs(task_no=1, metric="dyeing_firms", value=150.0, unit="家", year=2017,
                             plan_target=182.0, plan_target_year=2017))
    assert (short["status"], short["reason"]) == ("unable_to_assess", "no_baseline")
    none = _assess_one(_obs(measure_no=4, metric="smart_upgrade_firms", value=251.0, unit="家"))
    assert (none["status"], none["reason"]) == ("unable_to_assess", "no_target")


def test_industry_item_uses_the_facts_target_and_baseline():
    # textile output: 3673.5 亿元 in 2016, target 4500 in 2020 (facts); a made-up 4200 in 2019
    r = _assess_one(_obs(industry="textile", metric="output_value", value=4200.0, unit="亿元", year=2019))
    assert (r["baseline"], r["baseline_year"], r["target"], r["target_year"]) == (3673.5, 2016, 4500, 2020)
    req, obs = (4500 / 3673.5) ** (1 / 4) - 1, (4200 / 3673.5) ** (1 / 3) - 1
    assert r["required_cagr"] == pytest.approx(req) and r["observed_cagr"] == pytest.approx(obs)
    assert r["ratio"] == pytest.approx(obs / req) and r["status"] == "acceleration_needed"  # 0.877


def test_plan_target_of_another_scope_than_its_baseline_is_not_comparable():
    # huangjiu: 2016 sales 43 亿元, 2020 target 100 亿元 of full-chain sales (facts scope_vs_baseline: different)
    r = _assess_one(_obs(industry="huangjiu", metric="sales", value=90.0, unit="亿元", year=2020))
    assert (r["status"], r["reason"]) == ("not_comparable", "plan_scope")


def test_one_row_per_item_the_comparable_observation_speaks_for_it():
    out = PR.assess(_frame(_obs(observation_id="a", indicator_no=1, year=2018, value=16.0),
                           _obs(observation_id="b", indicator_no=1, year=2021, value=99.0, comparable=False),
                           _obs(observation_id="c", indicator_no=2, year=2019, value=105.0, unit="万元/亩")),
                    _indicators(), sx.load("facts"))
    assert list(out["item"]) == ["indicator 1", "indicator 2"]
    first = out.iloc[0]
    assert first["observation_id"] == "a" and first["n_observations"] == 2 and first["observation_ids"] == "a;b"
    assert first["status"] == "acceleration_needed"


# ---------------------------------------------------------------- the shipped observations


def test_shipped_observations_are_sourced_and_split_one_figure_a_row():
    obs = sx.load("outcomes")
    assert len(obs) == 27 and obs["observation_id"].is_unique
    for c in ("source_url", "source_kind", "quote", "scope_note_en", "scope_note_zh", "plan_item_en",
              "plan_item_zh", "metric"):
        assert obs[c].notna().all(), c
    # a period is left empty only where the source does not say which months it covers
    no_period = set(obs.loc[obs["period"].isna(), "observation_id"])
    assert no_period == {"chemical_output_2020", "chemical_firms_above_scale_2020", "chemical_share_city_2020",
                         "pearl_zhuji_industry_output_2020", "pearl_zhuji_industry_output_growth_2020"}
    assert obs["source_url"].str.match(r"https?://").all()
    PR.check_outcomes(obs)
    # the sentence on the five key industries holds three figures: three rows, one quote
    key5 = obs[obs["quote"].str.startswith("五大重点传统产业")]
    assert sorted(key5["value"]) == [8.9, 11.5, 11.8]
    assert set(obs.loc[obs["task_no"] == 1, "value"]) == {182, 190}


def test_comparability_decisions():
    obs = sx.load("outcomes").set_index("observation_id")
    comparable = set(obs.index[obs["comparable"]])
    assert comparable == {"ind3_sei_share_2020", "ind4_high_tech_share_2021_10m", "task1_dyeing_firms_2017",
                          "task1_chemical_firms_2017", "measure4_smart_upgrade_firms_2019",
                          "measure4_smart_upgrade_projects_2019", "textile_firms_above_scale_2019",
                          "chemical_firms_above_scale_2020", "chemical_share_city_2020"}
    # output levels after 2016 imply a city total ~29% below the plan's: a broken series, never comparable
    for oid in ("textile_output_2019", "chemical_output_2020"):
        assert not obs.loc[oid, "comparable"] and "7143" in obs.loc[oid, "scope_note_zh"]
    assert "规上" in obs.loc["ind3_sei_share_2020", "scope_note_zh"]


def test_done_when_indicator_3_is_target_met():
    a = sx.assess_progress().set_index("item")
    r = a.loc["indicator 3"]
    assert r["status"] == "target_met" and r["observed"] == 44 and r["target"] == 40 and r["target_year"] == 2020
    assert r["required_cagr"] == pytest.approx((40 - 32.8) / 4) and r["observed_cagr"] == pytest.approx((44 - 32.8) / 4)
    assert a.loc["indicator 4", "status"] == "on_track"
    assert a.loc["indicator 4", "ratio"] == pytest.approx(((54.4 - 28.7) / 5) / ((55 - 28.7) / 9))
    assert (a.loc[["task 1: dyeing_firms_relocated_or_upgraded", "task 1: chemical_firms_relocated_or_upgraded"],
                  "status"] == "target_met").all()
    assert (a.loc[a["comparable"].eq(False), "status"] == "not_comparable").all()
    assert set(a["status"]) <= set(PR.STATUSES)


def test_done_when_a_hand_written_csv_for_indicator_17_is_on_track(tmp_path):
    path = _csv(tmp_path, [IND17])
    r = sx.assess_progress(path).set_index("item").loc["indicator 17"]
    assert r["origin"] == "user" and r["status"] == "on_track"
    assert r["required_cagr"] == pytest.approx((110 / 88) ** (1 / 4) - 1)
    assert r["observed_cagr"] == pytest.approx((105 / 88) ** (1 / 3) - 1)
    assert r["ratio"] >= 0.95
    assert r["ratio"] == pytest.approx(((105 / 88) ** (1 / 3) - 1) / ((110 / 88) ** (1 / 4) - 1))


def test_template_header_loads(tmp_path):
    path = PR.write_template(tmp_path / "empty.csv")
    assert path.read_text(encoding="utf-8").strip().split(",") == HEADER
    assert len(sx.load_outcomes(path)) == 0


# ---------------------------------------------------------------- a user's CSV: errors


def _load_error(path) -> sx.DataError:
    with pytest.raises(sx.DataError) as err:
        sx.load_outcomes(path)
    return err.value


def test_missing_column(tmp_path):
    path = _csv(tmp_path, [IND17], header=[c for c in HEADER if c != "value"])
    err = _load_error(path)
    assert (err.table, err.column) == ("outcomes", "value")
    assert "lacks column(s) 'value'" in str(err) and "expected columns: observation_id" in str(err)


def test_text_in_a_number(tmp_path):
    err = _load_error(_csv(tmp_path, [dict(IND17, value="about 105")]))
    assert (err.table, err.row, err.column) == ("outcomes", 1, "value")
    assert "'about 105' is not a number" in str(err) and "row 1 (line 2 of mine.csv)" in str(err)


def test_duplicate_key(tmp_path):
    err = _load_error(_csv(tmp_path, [IND17, dict(IND17, year=2020)]))
    assert (err.row, err.column) == (2, "observation_id")
    assert "duplicate primary key (observation_id='my_ind17_2019'); row 1 has it already" in str(err)


def test_bad_industry(tmp_path):
    row = dict(IND17, indicator_no="", industry="textiles", metric="output_value")
    err = _load_error(_csv(tmp_path, [row]))
    assert (err.table, err.row, err.column) == ("outcomes", 1, "industry")
    assert "'textiles' is not allowed" in str(err) and "all, textile, chemical" in str(err)


def test_not_utf8(tmp_path):
    err = _load_error(_csv(tmp_path, [IND17], encoding="gb18030"))
    assert "not UTF-8" in str(err) and "line 2" in str(err)
    assert (err.table, err.row) == ("outcomes", 1)


def test_row_naming_no_plan_item(tmp_path):
    err = _load_error(_csv(tmp_path, [dict(IND17, indicator_no="")]))
    assert (err.row, err.column) == (1, "indicator_no") and "names no plan item" in str(err)


def test_required_and_typed_cells(tmp_path):
    assert _load_error(_csv(tmp_path, [dict(IND17, comparable="")])).column == "comparable"
    assert "not a boolean" in str(_load_error(_csv(tmp_path, [dict(IND17, comparable="yes")])))
    err = _load_error(_csv(tmp_path, [dict(IND17, indicator_no=19)]))
    assert err.column == "indicator_no" and "above the maximum 18" in str(err)
    err = _load_error(_csv(tmp_path, [dict(IND17, period="2020")]))
    assert err.column == "period" and "does not end in year 2019" in str(err)


def test_id_already_shipped(tmp_path):
    path = _csv(tmp_path, [dict(IND17, observation_id="ind3_sei_share_2020")])
    with pytest.raises(sx.DataError) as err:
        sx.assess_progress(path)
    assert (err.value.row, err.value.column) == (1, "observation_id") and "already used" in str(err.value)


# ---------------------------------------------------------------- extra observations as a frame


def test_extra_frame_is_validated_and_added_to_the_shipped_rows():
    extra = pd.DataFrame([{"observation_id": "frame_ind17", "indicator_no": 17, "year": 2019, "value": 105,
                           "unit": "万元/亩", "comparable": True}])
    everything = PR.all_outcomes(extra)
    assert len(everything) == len(sx.load("outcomes")) + 1 and everything["origin"].tolist().count("user") == 1
    a = sx.assess_progress(extra).set_index("item")
    shipped = sx.assess_progress().set_index("item")
    assert set(a.index) == set(shipped.index) | {"indicator 17"}
    assert a.loc["indicator 17", "status"] == "on_track" and a.loc["indicator 17", "origin"] == "user"
    assert a.loc["indicator 3", "status"] == "target_met"
    with pytest.raises(sx.DataError) as err:
        sx.assess_progress(extra.assign(value="lots"))
    assert err.value.column == "value"


def test_unobserved_items_list_indicators_and_output_targets():
    a = sx.assess_progress()
    m = PR.unobserved_items(sx.load("indicators"), sx.load("facts"), sx.load("industries"), a)
    ind = m[m["item_type"] == "indicator"]
    assert len(ind) == 16 and not {3, 4} & set(ind["indicator_no"].astype(int))
    out = m[m["item_type"] == "industry"]
    # textile, chemical, metal and pearl output targets have observations (of another scope): observed;
    # so has the 8000亿元 headline ('all': growth of value added, profit, taxes)
    assert set(out["industry"]) == {"huangjiu", "bearing", "kitchenware", "motor"}
    assert out.set_index("industry").loc["huangjiu", "target_2025"] == 1000


def test_assess_of_nothing_is_an_empty_frame():
    out = PR.assess(_frame(_obs()).iloc[0:0], _indicators(), sx.load("facts"))
    assert out.empty and "status" in out.columns


def test_item_2_observations_reach_every_industry_with_a_2020_target_and_quote_their_figure():
    obs = sx.load("outcomes")
    later = obs[obs["year"] >= 2018]
    assert {"textile", "chemical", "metal", "huangjiu", "pearl"} <= set(later["industry"])
    assert obs["note_zh"].notna().all() and not obs["note_zh"].str.contains("[A-Za-z]{12,}").any()
    # each figure stands in its quote as printed (thousands of 亿元 as 亿元, 200 billion yuan as 200 miliardów)
    shown = {"textile_output_2019": "200 miliardów", "chemical_output_2020": "1000亿元",
             "metal_zhuji_new_materials_output_2022": "411.5亿元", "pearl_zhuji_industry_output_2020": "433.6亿元",
             "huangjiu_sales_above_scale_2023_11m": "29.13亿元"}
    q = obs.set_index("observation_id")["quote"]
    for oid, text in shown.items():
        assert text in q[oid], oid


def test_searches_are_documented_for_every_industry_with_a_2020_target():
    s = sx.load("outcomes_searched")
    assert {"textile", "chemical", "metal", "huangjiu", "pearl"} <= set(s["industry"])
    used = set(s.loc[s["result"] == "used", "source_url"])
    assert used <= set(sx.load("outcomes")["source_url"])  # every page marked used gave rows
    assert s["finding_zh"].notna().all() and s["search_no"].is_unique
