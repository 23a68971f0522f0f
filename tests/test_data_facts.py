"""The data holds only what the plan prints (issue 11, "Data that is not invented").

Each test states one decision about the shipped data and fails if the data
goes back to an invented value: a year for a figure stated as 目前, a month for
a step the plan gives none, two readings of 以上, two concepts under one
metric id.
"""

from __future__ import annotations

import re

import pandas as pd

import shaoxing as sx


# ---------------------------------------------------------------- milestones: no invented month


def test_steps_without_a_month_have_no_deadline():
    m = sx.load("milestones_2017").set_index(["task_no", "milestone_no"])
    undated = m[m["deadline"].isna()]
    assert len(m) == 43 and len(undated) == 13
    actions = set(undated["action_zh"])
    # the examples: lead-ins and undated sentences are not December deadlines
    for start in ("加快推进黄酒小镇建设", "实施企业“上云”工程", "加大政策支持力度", "打好人才精准招引战",
                  "实施“工业机器人”应用倍增计划", "加快推动企业股改上市", "实施“三名工程”"):
        assert any(a.startswith(start) for a in actions), start
    # a clause after "；" does not borrow the month of the clause before it
    for start in ("完成190家化工企业", "推进袜艺小镇", "积极对接西班牙加泰罗尼亚理工大学"):
        assert any(a.startswith(start) for a in actions), start
    # whole-year figures split off a May / June clause
    assert {"全年淘汰落后织造3000万米以上", "全年中国轻纺城“线上线下”成交额突破1800亿元"} <= actions
    assert undated["note"].str.startswith("No month in the plan").all()
    assert undated["note_zh"].str.startswith("原文未写月份").all()
    # and a dated row never carries the no-month note
    dated = m[m["deadline"].notna()]
    assert not dated["note"].fillna("").str.startswith("No month").any()


def test_milestones_rebuild_the_requirements_cell():
    """Per task, the steps in order, each dated one behind its 'N月底前，', are the printed cell."""
    tasks = sx.load("tasks_2017").set_index("task_no")
    ms = sx.load("milestones_2017")
    for task_no, g in ms.groupby("task_no"):
        text = tasks.at[task_no, "requirements_zh"]
        pos = 0
        for r in g.sort_values("milestone_no").itertuples(index=False):
            k = text.find(r.action_zh, pos)
            assert k >= 0, (task_no, r.milestone_no, r.action_zh)
            between = text[pos:k]
            phrase = re.search(r"(\d{1,2})月底前，$", between)
            if pd.isna(r.deadline):
                assert phrase is None, (task_no, r.milestone_no)
            else:
                assert phrase is not None and int(phrase.group(1)) == int(r.deadline[5:]), (task_no, r.milestone_no)
                assert r.deadline.startswith("2017-")
            assert re.fullmatch(r"[；。，]?(\d{1,2}月底前，)?", between), (task_no, r.milestone_no, between)
            pos = k + len(r.action_zh)
        assert re.fullmatch(r"[；。]?", text[pos:]), (task_no, text[pos:])
