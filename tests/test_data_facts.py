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
        if name in ("outcomes", "outcomes_searched"):  # after 2017: plan_line names the plan item they speak to
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


# ---------------------------------------------------------------- facts: years, ids, 以上, ranges


_UNDATED = {"textile.undated.enterprises_sales_over_cny10bn", "textile.undated.enterprises_sales_over_cny5bn",
            "textile.undated.listed_companies", "chemical.undated.listed_companies",
            "chemical.undated.leading_firms_market_share_national_pct", "huangjiu.undated.enterprises_all",
            "huangjiu.undated.listed_companies", "pearl.undated.output_share_world_pct",
            "pearl.undated.output_share_national_pct", "motor.undated.leading_firms_market_share_national_pct"}


def test_figures_without_a_printed_year_have_no_year():
    f = sx.load("facts")
    undated = f[f["year"].isna()]
    assert set(undated["fact_id"]) == _UNDATED
    assert (undated["kind"] == "actual").all()
    assert undated["note"].str.contains("No year printed").all()
    assert undated["note_zh"].str.contains("原文未写年份").all()
    # huangjiu's 59 producers are stated as 目前 (at present): no year, and not the above-scale count
    hj = f.set_index("fact_id").loc["huangjiu.undated.enterprises_all"]
    assert hj["value"] == 59 and "目前" in hj["note"]


def test_a_year_is_given_only_where_the_plan_prints_it():
    plan = _plan_lines()
    f = sx.load("facts")
    for r in f[f["year"].notna()].itertuples(index=False):
        assert f"{int(r.year)}年" in plan[int(r.source_line) - 1], (r.fact_id, r.source_line)
    for r in f[f["year"].isna()].itertuples(index=False):
        assert not re.search(r"20\d\d年", r.quote), r.fact_id


def test_value_and_range_are_in_the_quote():
    f = sx.load("facts")
    chinese = {2: "两"}
    for r in f.itertuples(index=False):
        for v in (r.value, r.value_max):
            if pd.notna(v):
                assert _number(v) in r.quote or chinese.get(v, "?") in r.quote, (r.fact_id, v, r.quote)
    ranges = f[f["value_max"].notna()].set_index("fact_id")
    assert ranges["value"].to_dict() == {"all.2020.international_regional_brands": 3,
                                         "metal.2020.enterprises_sales_over_cny10bn": 2}
    assert ranges["value_max"].to_dict() == {"all.2020.international_regional_brands": 5,
                                             "metal.2020.enterprises_sales_over_cny10bn": 3}
    assert not f["metric"].str.endswith(("_min", "_max")).any()       # one convention for ranges


def test_one_reading_of_yishang():
    """以上 after the last figure of a 分别 list applies to every figure of the list: at_least everywhere."""
    f = sx.load("facts")
    with_yishang = f[f["quote"].str.contains("以上")]
    assert len(with_yishang) >= 15
    assert (with_yishang["qualifier"] == "at_least").all(), with_yishang[["fact_id", "qualifier"]]
    both = f[f["quote"].str.contains("分别") & f["quote"].str.endswith("以上")]
    assert set(both["fact_id"]) == {"all.2020.value_added_per_mu", "all.2020.tax_per_mu",
                                    "textile.2020.chemical_fibre_value_added_share_pct",
                                    "textile.2020.apparel_value_added_share_pct"}


_FAMILIES = ("enterprises", "output_value", "taxes", "employment", "sales", "output_volume")
_ABOVE_SCALE = ("规上", "规模以上")


def test_one_metric_id_per_concept():
    f = sx.load("facts")
    assert not (f["metric"] == "enterprises").any()      # above-scale firms and all producers are told apart
    assert set(f.loc[f["metric"] == "enterprises_above_scale", "industry"]) == {"textile", "chemical", "metal",
                                                                                 "huangjiu", "pearl"}
    for r in f.itertuples(index=False):
        family = next((x for x in _FAMILIES if r.metric in (x, f"{x}_above_scale")), None)
        if family is None:
            continue
        above = any(k in r.scope_zh for k in _ABOVE_SCALE)
        assert r.metric.endswith("_above_scale") == above, (r.fact_id, r.scope_zh)
    # one unit per metric id, across industries (physical output is counted in each product's own unit)
    units = f[~f["metric"].str.startswith("output_volume")].groupby("metric")["unit"].nunique()
    assert (units == 1).all(), units[units > 1]
    # a named firm's market share is not the industry's
    firms = f[f["metric"] == "leading_firms_market_share_national_pct"]
    assert set(firms["industry"]) == {"chemical", "motor"}
    assert firms["scope_zh"].str.contains("龙盛|卧龙").all()
    assert f.loc[f["metric"] == "market_share_national_pct", "industry"].tolist() == ["huangjiu"]


def test_the_analyses_read_the_new_ids():
    from shaoxing import analysis as A
    facts = sx.load("facts")
    ov = A.industry_overview(facts, sx.load("industries"), sx.load("segments")).set_index("industry")
    assert ov.at["huangjiu", "firms"] == 14          # above-scale firms, not the 59 producers
    assert ov.at["textile", "taxes"] == 93.5 and ov.at["textile", "employment"] == 31.5
    checks = A.prose_table_checks(facts, sx.load("segments"))
    assert len(checks) == 10 and checks["ok"].all()
