"""The shipped observations (data/outcomes.csv) as review found them wanting, each check one that would have failed.

- one plan item is named in one wording, so that the tracker counts it once;
- the tracker's page counts distinct plan items (17, counted by hand below), not rows or series.
"""

from __future__ import annotations

import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import pages, progress as PR


@pytest.fixture(scope="module")
def obs():
    return sx.load("outcomes")


@pytest.fixture(scope="module")
def each(obs):
    return PR.assess_each(obs, sx.load("indicators"), sx.load("facts"))


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
