"""The shipped observations (data/outcomes.csv) as review found them wanting, each check one that would have failed.

- a figure outside the years the tracker looks at (2018-2022) must say so in its notes;
- a weak source (a machine translation, a page naming no original) must say so;
- a row without a period must say why;
- one plan item is named in one wording, so that the tracker counts it once;
- the tracker's page counts distinct plan items (17, counted by hand below), not rows or series.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import pages, progress as PR

WINDOW = range(2018, 2023)  # the years the tracker looks at (outcomes description in datapackage.json)
WIN_EN, WIN_ZH = "Outside the 2018-2022 window", "不在2018-2022年观察期内"
WEAK_EN, WEAK_ZH = "Weak source", "来源薄弱"
CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def obs():
    return sx.load("outcomes")


@pytest.fixture(scope="module")
def each(obs):
    return PR.assess_each(obs, sx.load("indicators"), sx.load("facts"))


# ---------------------------------------------------------------- the window


def test_the_window_is_stated_where_the_table_is_described():
    res = next(r for r in sx.datapackage()["resources"] if r["name"] == "outcomes")
    assert "2018-2022" in res["description"] and WIN_EN in res["description"] and WEAK_EN in res["description"]
    assert "2018-2022" in res["description_zh"] and WIN_ZH in res["description_zh"] and WEAK_ZH in res["description_zh"]


def _outside(r) -> bool:
    """Outside the window: not 2018-2022, except a 2017 key task observed in 2017, its own year."""
    if r["year"] in WINDOW:
        return False
    return not (pd.notna(r["task_no"]) and r["year"] == 2017)


def test_every_observation_is_in_the_window_or_its_notes_say_it_is_not(obs):
    outside = {r["observation_id"] for r in obs.to_dict("records") if _outside(r)}
    flagged_en = set(obs.loc[obs["note"].str.startswith(WIN_EN, na=False), "observation_id"])
    flagged_zh = set(obs.loc[obs["note_zh"].str.startswith(WIN_ZH, na=False), "observation_id"])
    assert outside == flagged_en == flagged_zh  # and no row in the window carries the flag
    # the shipped rows outside: dyeing in the plan's own year, huangjiu's January-November 2023
    assert outside == {"dyeing_output_2017_10m", "dyeing_output_growth_2017_10m",
                       "huangjiu_sales_above_scale_2023_11m", "huangjiu_sales_above_scale_growth_2023_11m"}
    # a figure outside the window is never assessed as comparable
    assert not obs.loc[obs["observation_id"].isin(outside), "comparable"].any()


def test_the_window_check_fails_on_an_unflagged_later_figure(obs):
    row = obs[obs["observation_id"] == "huangjiu_sales_2022"].iloc[0].to_dict()
    assert not _outside(row)
    assert _outside({**row, "year": 2023}) and _outside({**row, "year": 2017})
    assert not _outside({**row, "year": 2017, "task_no": 1}) and _outside({**row, "year": 2016, "task_no": 1})


# ---------------------------------------------------------------- sources, quotes, periods


def test_every_sourced_row_quotes_its_figure(obs):
    assert obs["source_url"].str.match(r"https?://\S+$").all()
    assert (obs["quote"].fillna("").str.strip() != "").all()
    # the figure stands in its quote as printed; 200 billion yuan (2000亿元) as the translation prints it
    printed = {"textile_output_2019": "200 miliardów"}
    for r in obs.to_dict("records"):
        text = printed.get(r["observation_id"], f"{r['value']:g}")
        assert text in r["quote"], (r["observation_id"], text)


def test_a_quote_that_is_not_chinese_is_a_machine_translation_and_a_weak_source(obs):
    foreign = obs[~obs["quote"].str.contains(CJK)]
    assert set(foreign["observation_id"]) == {"textile_output_2019", "textile_firms_above_scale_2019"}
    for r in foreign.to_dict("records"):
        assert r["note"].startswith(WEAK_EN) and re.search(r"machine[- ]translat", r["note"]), r["observation_id"]
        assert r["note_zh"].startswith(WEAK_ZH) and "机器翻译" in r["note_zh"], r["observation_id"]
        assert r["source_kind"] == "secondary"
    # the output figure from it is an order of magnitude, never assessed
    assert not obs.set_index("observation_id").loc["textile_output_2019", "comparable"]


def test_a_row_without_a_period_says_why(obs):
    no_period = obs[obs["period"].isna()]
    assert len(no_period) == 5
    for r in no_period.to_dict("records"):
        said = "period" in (r["note"] + r["scope_note_en"]).lower() and "期间" in r["note_zh"] + r["scope_note_zh"]
        assert said, r["observation_id"]


def test_the_pearl_period_is_unclear_and_said_to_be_so(obs):
    pearl = obs[obs["industry"] == "pearl"].set_index("observation_id")
    assert pearl["period"].isna().all() and (pearl["year"] == 2020).all() and not pearl["comparable"].any()
    for oid, r in pearl.iterrows():
        assert r["note"].startswith(WEAK_EN + ", unclear period") and r["note_zh"].startswith(WEAK_ZH + "，期间不明"), oid
    # the companion figure's period, from another page, is recorded as a search
    s = sx.load("outcomes_searched")
    dated = s[s["source_url"].fillna("").str.contains("dashoubi.org.cn")]
    assert len(dated) == 1 and dated["result"].iloc[0] == "not_used" and "1至10月份" in dated["finding_zh"].iloc[0]


def test_searches_are_numbered_in_order_and_name_their_store():
    s = sx.load("outcomes_searched")
    assert list(s["search_no"]) == list(range(1, len(s) + 1))
    assert set(s["corpus"]) == {"pages", "docs"}
    assert s["source_url"].dropna().str.match(r"https?://\S+$").all()
    # a search that gave rows or a figure not used names the page it refers to
    assert s.loc[s["result"].isin(["used", "not_used"]) & (s["search_no"] > 24), "source_url"].notna().all()


# ---------------------------------------------------------------- one plan item, one wording


def _head(text: str, bracket: str) -> str:
    """A plan item's name before its parenthesis (what the plan asks), without the baseline details after it."""
    return text.split(bracket)[0].strip()


def test_one_plan_item_has_one_wording(obs):
    for col, bracket in (("plan_item_en", " ("), ("plan_item_zh", "（")):
        by_head = obs.groupby(obs[col].map(lambda t: _head(t, bracket)))[col].nunique()
        assert (by_head == 1).all(), f"{col}: one plan item named in several wordings: {list(by_head[by_head > 1].index)}"
    pairs = obs[["plan_item_en", "plan_item_zh"]].drop_duplicates()
    assert pairs["plan_item_en"].is_unique and pairs["plan_item_zh"].is_unique  # en and zh name the same items


def test_huangjiu_full_chain_sales_target_is_one_plan_item(obs, each):
    chain = obs[obs["plan_item_zh"].str.contains("全产业链销售收入超100亿元")]
    assert set(chain["observation_id"]) == {"huangjiu_sales_2022", "huangjiu_sales_above_scale_2023_11m",
                                            "huangjiu_sales_above_scale_growth_2023_11m"}
    assert chain["plan_item_en"].nunique() == 1 and chain["plan_item_zh"].nunique() == 1
    rows = each[each["observation_id"].isin(chain["observation_id"])]
    assert len(rows) == 3 and rows["plan_item_en"].nunique() == 1  # three series, one plan item


def test_counting_plan_items_counts_wordings_so_a_second_wording_counts_twice():
    """What the data tests above guard: count_plan_items keys on the plan item's name."""
    frame = pd.DataFrame({"item": ["huangjiu: sales", "huangjiu: sales_above_scale", "huangjiu: national"],
                          "plan_item_en": ["Huangjiu: CNY 10 bn", "Huangjiu: CNY 10 bn", "Huangjiu: share 35%"]})
    assert PR.count_plan_items(frame) == 2
    assert PR.count_plan_items(frame.assign(plan_item_en=["Huangjiu: CNY 10 bn", "Huangjiu: CNY 10 bn (3.75)",
                                                          "Huangjiu: share 35%"])) == 3
    assert PR.count_plan_items(frame.assign(plan_item_en=[None, None, "x"])) == 3  # no name: the series is the item


# ---------------------------------------------------------------- the tracker's page counts plan items


# the 17 plan items of the 27 shipped observations, counted by hand (observations in brackets)
PLAN_ITEMS = {
    "indicator 3": 1, "indicator 4": 1,
    "8000亿元 headline": 5,             # growth of value added, profit, taxes (2019); value added, profit (2018)
    "dyeing segment": 2, "huangjiu full-chain sales": 3, "huangjiu market share": 1,
    "textile output": 1, "textile firms": 1, "chemical output": 1, "chemical firms": 1, "chemical share": 1,
    "metal output": 2, "pearl output": 2, "measure 4 robots": 1, "measure 4 smart upgrading": 2,
    "task 1 dyeing": 1, "task 1 chemical": 1,
}


def test_the_tracker_counts_17_distinct_plan_items(obs, each):
    assert len(PLAN_ITEMS) == 17 and sum(PLAN_ITEMS.values()) == len(obs) == 27
    assert PR.count_plan_items(each) == 17
    assert PR.count_plan_items(PR.assess(obs, sx.load("indicators"), sx.load("facts"))) == 17
    assert "27 observations that speak to 17 plan items" in pages.progress_intro(obs, each, "en")
    assert "共27条观测数据，涉及17个方案事项" in pages.progress_intro(obs, each, "zh")
    # by status, each plan item once: met 3 (indicator 3, task 1 twice), on track 1 (indicator 4),
    # not comparable 9, no target 4 (textile firms, chemical firms, chemical share, smart upgrading)
    assert pages.progress_summary(each, "en").startswith(
        "4 of the 17 plan items can be assessed against their target (target met: 3, on track: 1). 9 are not "
        "comparable with their plan item, and 4 have no target or baseline to assess against.")
    assert pages.progress_summary(each, "zh") == ("17个方案事项中，4个可对照目标评估：已达目标3个，进度正常1个。"
                                                  "9个与方案事项口径不可比，4个缺少目标或基期，无法评估。")


def test_no_outcome_gives_a_plan_item_a_deadline_the_plan_does_not_print():
    """Task 1's chemical-firms clause (after the '；') has no month in the plan (milestones_2017 leaves its
    deadline empty); the tracker's wording of that plan item must not add one ("by end-2017", 12月底前)."""
    import shaoxing as sx

    steps = sx.load("milestones_2017")
    chem = steps[(steps["task_no"] == 1) & steps["action_zh"].str.contains("190家化工企业")]
    assert len(chem) == 1 and chem["deadline"].isna().all()
    rows = sx.load("outcomes")
    row = rows[rows["observation_id"] == "task1_chemical_firms_2017"].iloc[0]
    assert "12月底前" not in row["plan_item_zh"] and "end-2017" not in row["plan_item_en"]
    assert "12月底前" in rows[rows["observation_id"] == "task1_dyeing_firms_2017"].iloc[0]["plan_item_zh"]
