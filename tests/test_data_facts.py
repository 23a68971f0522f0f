"""The data holds only what the plan prints (issue 11, "Data that is not invented").

Each test states one decision about the shipped data and fails if the data
goes back to an invented value: a year for a figure stated as 目前, a month for
a step the plan gives none, two readings of 以上, two concepts under one
metric id.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

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


# ---------------------------------------------------------------- source lines point at the plan


def _plan_lines():
    """The plan text, one entry per line (index 0 = line 1), or skip when this checkout has no copy of it."""
    import os
    from pathlib import Path
    repo = Path(__file__).resolve().parent.parent
    name = "000_82f5de82100c7f04.txt"
    candidates = [Path(os.environ["SHAOXING_PLAN"])] if os.environ.get("SHAOXING_PLAN") else []
    candidates += [repo.parent / "shared" / "plan" / name, repo.parent.parent / "shared" / "plan" / name]
    for path in candidates:
        if path.is_file():
            return path.read_text(encoding="utf-8").split("\n")
    pytest.skip("the plan text is not next to this checkout (../shared/plan); set SHAOXING_PLAN to check source lines")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", str(text))


def _number(v) -> str:
    """A figure as the plan prints it: 967.6, 1873, 60 (no trailing .0)."""
    return f"{float(v):g}" if float(v) != int(float(v)) else str(int(float(v)))


# table -> what the row's source line must contain
_ON_THE_LINE = {
    "industries": lambda r: r.name_zh,
    "indicators": lambda r: str(r.indicator_no),    # the number cell opens the row; its name is on the next line
    "fibre_mix": lambda r: f"{_number(r.apparel)}:{_number(r.home_textile)}:{_number(r.industrial)}",
    "segments": lambda r: r.segment_zh,
    "segment_products": lambda r: f"{_number(r.quantity)}{r.unit}",
    "value_added_mix": lambda r: f"{r.segment_zh}",
    "facts": lambda r: r.quote,
    "roadmap": lambda r: r.focus_area_zh,
    "benchmarks": lambda r: r.name_zh,
    "positioning": lambda r: r.positioning_zh,
    "measures": lambda r: f"{r.measure_no}.{r.title_zh}。",
    "tasks_2017": lambda r: str(r.task_no),         # the number cell opens the row; its title is on the next line
    "milestones_2017": lambda r: r.action_zh,
}


def test_every_table_but_outcomes_gives_rows_a_source_line():
    for name in sx.list_tables():
        if name == "outcomes":         # observations after 2017: plan_line names the plan item they speak to
            continue
        df = sx.load(name)
        assert "source_line" in df and df["source_line"].notna().all(), name
        assert name in _ON_THE_LINE, f"no check of {name}'s source lines"


@pytest.mark.parametrize("name", sorted(_ON_THE_LINE))
def test_source_line_holds_the_rows_text(name):
    plan = _plan_lines()
    df = sx.load(name)
    bad = []
    for r in df.itertuples(index=False):
        line = int(r.source_line)
        needle = _squash(_ON_THE_LINE[name](r))
        text = _squash(plan[line - 1]) if 1 <= line <= len(plan) else None
        if text is None or (needle not in text if name not in ("indicators", "tasks_2017") else needle != text):
            bad.append((line, needle))
        if "source_lines" in df.columns:
            first, _, last = r.source_lines.partition("-")
            assert int(first) == line and (not last or int(last) > line), (name, r.source_lines, line)
    assert not bad, f"{name}: source_line does not hold the row's text: {bad[:5]}"


def test_multi_line_rows_hold_their_figures():
    """A row's source_lines cover every figure of the row as printed."""
    plan = _plan_lines()

    def span(rng):
        a, _, b = rng.partition("-")
        return _squash("".join(plan[int(a) - 1:int(b or a)]))

    for r in sx.load("indicators").itertuples(index=False):
        text = span(r.source_lines)
        assert _squash(r.name_zh) in _squash(plan[int(r.source_line)]), r.indicator_no      # the next line
        for printed in (r.baseline_text, r.target_2020_text, r.target_2025_text):
            if isinstance(printed, str):
                assert _squash(printed) in text, (r.indicator_no, printed)
    for r in sx.load("segments").itertuples(index=False):
        text = span(r.source_lines)
        for v in (r.enterprises, r.output_value, r.share_city_pct):
            if pd.notna(v):
                assert _number(v) in text or f"{float(v):.1f}" in text, (r.segment_zh, v)
    tasks = sx.load("tasks_2017")
    for r in tasks.itertuples(index=False):
        assert _squash(r.requirements_zh) in span(r.source_lines), r.task_no
        assert _squash(plan[int(r.source_line)]) == _squash(r.title_zh), r.task_no


# ---------------------------------------------------------------- Chinese notes and descriptions


def test_every_note_has_a_chinese_twin():
    for name in sx.list_tables():
        df = sx.load(name)
        if "note" not in df or name == "outcomes":   # outcomes.csv is kept by the progress tracker's owner
            continue
        assert "note_zh" in df, f"{name} has note but no note_zh"
        note = df["note"].fillna("").str.strip()
        zh = df["note_zh"].fillna("").str.strip()
        assert ((note != "") == (zh != "")).all(), f"{name}: note_zh filled exactly where note is"
        cjk = zh[zh != ""].str.contains(r"[\u4e00-\u9fff]")
        assert cjk.all(), f"{name}: note_zh without Chinese text"


def test_every_table_and_field_is_described_in_chinese():
    package = sx.datapackage()
    assert package.get("title_zh") and package.get("description_zh")
    for res in package["resources"]:
        assert re.search(r"[\u4e00-\u9fff]", res.get("title_zh", "")), res["name"]
        assert re.search(r"[\u4e00-\u9fff]", res.get("description_zh", "")), res["name"]
        for f in res["schema"]["fields"]:
            assert re.search(r"[\u4e00-\u9fff]", f.get("description_zh", "")), f"{res['name']}.{f['name']}"


_ALLOWED_LATIN = {"ISO", "CSV"}     # the country-code standard; a file format (issue 11 allows format names)


def test_chinese_text_uses_no_latin_words_the_plan_does_not_print():
    """A Chinese page shows note_zh and description_zh: Latin words in them are the plan's own (R&D, KME, PTA...)."""
    plan = _squash("\n".join(_plan_lines()))
    texts = []
    for name in sx.list_tables():
        df = sx.load(name)
        if "note_zh" in df:
            texts += [(f"{name}.note_zh", t) for t in df["note_zh"].dropna()]
    for res in sx.datapackage()["resources"]:
        texts.append((f"{res['name']}.description_zh", res["description_zh"]))
        texts += [(f"{res['name']}.{f['name']}.description_zh", f["description_zh"]) for f in res["schema"]["fields"]]
    bad = set()
    for where, text in texts:
        text = re.sub(r"`[^`]*`", "", text)          # code identifiers are set as code
        for word in re.findall(r"[A-Za-z][A-Za-z&]*", text):
            if word not in plan and word not in _ALLOWED_LATIN:
                bad.add((where.split(".")[0], word))
    assert not bad, sorted(bad)
