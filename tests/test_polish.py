"""Page polish found by reviewers on the built site (English and Chinese pages).

First the functions behind each defect, with hand-worked expectations (minus signs, flags in year order,
the 2017 headings' measure words, output per firm in one unit, English notes without 亿元, the growth
chart's CSV and source line, upright axis titles, the index's status line); then checks over the full
built site (conftest.full_site): no hyphen-minus for a negative number, one English term for firms
above designated size, no 亿 / 万元 on an English page outside a quoted Chinese phrase, every series
of a chart CSV named.  The plan-line link under a chart and the page-level language switch are
checked in a real browser (tests/test_browser.py).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import shaoxing as sx  # noqa: E402
from shaoxing import analysis as A, findings as F, i18n, pages, plots as P, progress as PR  # noqa: E402
from shaoxing.build import chartdata, index  # noqa: E402
from shaoxing.display import _cell  # noqa: E402
from test_language import PageText  # noqa: E402

MINUS = "\u2212"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ 6. a true minus sign


def test_minus_changes_only_the_sign_of_a_number():
    assert i18n.minus("-8.1%") == f"{MINUS}8.1%"
    assert i18n.minus("(-8.1%)") == f"({MINUS}8.1%)"
    assert i18n.minus("gap -0.5 and -1,234.5") == f"gap {MINUS}0.5 and {MINUS}1,234.5"
    # ranges and spans keep their hyphen; a plus stays; a negative zero is zero
    assert i18n.minus("lines 933-979, 2016-2020, T-10") == "lines 933-979, 2016-2020, T-10"
    assert i18n.minus("+5.2%") == "+5.2%" and i18n.minus("-0.0%") == "0.0%" and i18n.minus("-0") == "0"
    assert i18n.minus("a - b") == "a - b"  # a dash between words is no sign


@pytest.mark.parametrize("got, want", [
    (lambda: i18n.number(-23.55, 2), f"{MINUS}23.55"),
    (lambda: i18n.number(-3.0, 1, "zh"), f"{MINUS}3"),
    (lambda: i18n.figure(-3.5), f"{MINUS}3.5"),
    (lambda: i18n.pct(-8.1), f"{MINUS}8.1%"),
    (lambda: i18n.rate(-0.081), f"{MINUS}8.1%"),
    (lambda: i18n.rate(-0.081, lang="zh"), f"{MINUS}8.1%"),
    (lambda: i18n.pp(-1.8, "en"), f"{MINUS}1.80 pp"),
    (lambda: i18n.pp(-1.8, "zh"), f"{MINUS}1.8个百分点"),
    (lambda: i18n.money(-365, "en"), f"CNY {MINUS}36.5 bn"),
    (lambda: i18n.money(-365, "zh"), f"{MINUS}365亿元"),
    (lambda: F.pct(-8.06, 1, signed=True), f"{MINUS}8.1%"),
    (lambda: F.pct(6.3, 1, signed=True), "+6.3%"),
    (lambda: _cell(np.int64(-199), None), f"{MINUS}199"),
    (lambda: _cell(-23.55, None), f"{MINUS}23.55"),
    (lambda: _cell(np.float64(-2.3), 1, "zh"), f"{MINUS}2.3"),
])
def test_formatters_write_negative_numbers_with_a_minus_sign(got, want):
    assert got() == want


def test_scenario_gap_has_a_minus_sign_in_both_languages():
    # 3673.5 亿元 at 3% a year for 4 years: 4134.6 亿元, 365.4 亿元 (8.1%) below the 4500 亿元 target
    proj = A.scenario_projection(3673.5, 2016, 3, targets={2020: 4500})
    en, zh = F.scenario_text(proj, 2016, "en"), F.scenario_text(proj, 2016, "zh")
    assert f"({MINUS}8.1%)" in en and f"（{MINUS}8.1%）" in zh, (en, zh)
    assert "-8" not in en and "-8" not in zh


# ------------------------------------------------------------------ 7. flags in year order


def test_flags_are_listed_in_year_order():
    facts = sx.load("facts")
    flags = A.plausibility_flags(facts).query("industry == 'huangjiu'")
    assert list(flags.loc[flags["flagged"], "target_year"]) == [2025, 2020]  # as analysis returns them
    for lang in ("en", "zh"):
        texts = F.flag_texts(flags, lang)
        years = [int(re.search(r"(20\d\d)", s).group(1)) for s in texts]
        assert years == [2020, 2025], texts


# ------------------------------------------------------------------ 8. the 2017 headings count steps


def test_month_headings_count_milestones_as_the_sentence_does():
    tasks = pd.DataFrame({"task_no": [1, 2], "title_en": ["a", "b"], "title_zh": ["甲", "乙"]})
    timeline = pd.DataFrame({"task_no": [1, 1, 2, 2, 2], "month": pd.array([3, 3, 3, 6, pd.NA], dtype="Int64"),
                             "dated": [True, True, True, True, False],
                             "action_en": list("vwxyz"), "action_zh": list("五六七八九")})
    zh = [h for h, _ in pages.month_tables(timeline, tasks, "zh")]
    en = [h for h, _ in pages.month_tables(timeline, tasks, "en")]
    assert zh == ["2017年3月底前（3个节点）", "2017年6月底前（1个节点）", "未明确月份：2017年内（1个节点）"]
    assert en == ["By the end of March 2017 (3 steps)", "By the end of June 2017 (1 step)",
                  "No month given: during 2017 (1 step)"]
    # the timeline sentence counts the same things in the same words: 项 for tasks, 个节点 for steps
    assert "项重点工作" in i18n.LABELS["timeline_sentence"]["zh"] and "个节点" in i18n.LABELS["timeline_sentence"]["zh"]


# ------------------------------------------------------------------ 4. output per firm in one unit


def test_structure_sentence_gives_output_per_firm_in_the_tables_unit():
    structure = A.segment_structure(sx.load("segments"), "textile")
    en = pages.structure_sentence(structure, "Textiles", "en")
    # hosiery 176.8 亿元 / 215 firms = 0.822 亿元 = CNY 82 m; chemical fibres 967.6 / 188 = 5.147 亿元 = CNY 515 m
    assert "from CNY 82 m (Hosiery) to CNY 515 m (Chemical fibres)" in en, en
    assert " bn (Hosiery)" not in en
    view = pages.structure_table(structure, "en")
    assert "CNY m" in view.columns["per_firm"] and view.digits["per_firm"] == 0
    html = view.to_html()
    assert ">82<" in html and ">515<" in html
    zh = pages.structure_sentence(structure, "纺织产业", "zh")
    assert "袜业的0.82亿元" in zh and "化纤的5.15亿元" in zh, zh


# ------------------------------------------------------------------ 5. one English term


def _english_labels():
    for key, value in {**i18n.LABELS, **F.TEXT}.items():
        yield key, value["en"]


def test_english_labels_say_above_designated_size_never_above_scale():
    found = [(k, v) for k, v in _english_labels() if re.search(r"above[- ]scale", v, re.I)]
    assert not found, found
    assert "above designated size" in i18n.t("col_firms_above_scale", "en").lower()
    assert "above designated size" in i18n.t("share_city", "en")


# ------------------------------------------------------------------ 10. English notes without 亿元


def test_english_money_converts_the_plans_units_but_keeps_quoted_chinese():
    assert i18n.english_money("1873 firms / 3673.5 亿元") == "1873 firms / CNY 367.35 bn"
    assert i18n.english_money("(规上化工企业, 1297亿元)") == "(规上化工企业, CNY 129.7 bn)"
    assert i18n.english_money("about 10,040 亿元)") == "about CNY 1,004 bn)"
    assert i18n.english_money("Prose prints 40万元 (per mu)") == "Prose prints CNY 400,000 (per mu)"
    quoted = "states it as 纺织、化工、金属等新材料产值超过2500亿元: exceed"
    assert i18n.english_money(quoted) == quoted
    assert i18n.english_money(None) is None and i18n.english_money("no money") == "no money"


def test_audit_notes_in_english_show_no_yi_yuan():
    segments = sx.load("segments")
    view = pages.notes_view(segments, ["industry", "segment_zh"], {"textile": "Textiles"}, "en", "segments")
    notes = " ".join(view.frame["note"].astype(str))
    assert "CNY 367.35 bn" in notes and not re.search(r"\d\s*亿元", notes), notes
    zh = pages.notes_view(segments, ["industry", "segment_zh"], {"textile": "纺织"}, "zh", "segments")
    assert "3673.5" in " ".join(zh.frame["note_zh"].astype(str))  # the Chinese notes stay as written


# ------------------------------------------------------------------ 2, 3. the growth chart's CSV and source line


def _growth_chart(industry: str, lang: str):
    facts = sx.load("facts")
    observed = PR.all_outcomes()
    outcomes = PR.industry_outcomes(observed, PR.assess(observed, sx.load("indicators"), facts), facts, industry)
    ind = sx.load("industries", lang=lang).set_index("industry").loc[industry]
    fig = pages.growth_chart(A.growth_paths(facts, industry=industry), ind["name"], lang,
                             pages.profile_source(ind, lang))
    return F.add_outcome_points(fig, outcomes, lang)


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_growth_chart_names_every_series_and_credits_the_later_figures(lang):
    fig = _growth_chart("huangjiu", lang)
    payload = chartdata.figure_payload(fig, lang)
    series = payload["columns"].index("系列" if lang == "zh" else "series")
    names = [row[series] for row in payload["rows"]]
    assert all(isinstance(n, str) and n.strip() for n in names), names
    assert any(("连线" if lang == "zh" else "line from the 2016 figure") in n for n in names), names
    # the source line drawn under the chart and the CSV's source credit the plan and the later figures
    drawn = fig._shaoxing_source_artist.get_text()
    if lang == "zh":
        want = "第873-931行；后续数据（2022-2023年）：公开来源（转载），详见“后续实际数据”"
    else:
        want = 'lines 873-931; later figures (2022-2023): public sources (secondary) listed under "Later figures"'
    assert want in drawn, drawn
    assert payload["source"].replace("“", '"').replace("”", '"').endswith(want.replace("“", '"').replace("”", '"'))


def test_a_chart_without_later_figures_credits_only_the_plan():
    plain = pages.growth_chart(A.growth_paths(sx.load("facts"), industry="huangjiu"), "Huangjiu", "en", "Source: x")
    assert F.outcome_credit(pd.DataFrame(columns=["year", "source_kind"]), "en") == ""
    P.extend_source(plain, "", "en")
    assert plain._shaoxing_source == "Source: x" and plain._shaoxing_source_artist.get_text() == "Source: x"
    assert F.outcome_credit(pd.DataFrame({"year": [2019], "source_kind": ["official"]}), "en") == \
        "later figures (2019): public sources (official) listed under “Later figures”"
    assert F.outcome_credit(pd.DataFrame({"year": [2021, 2019], "source_kind": ["press", "official"]}), "zh") == \
        "后续数据（2019-2021年）：公开来源（报刊、官方），详见“后续实际数据”"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_reconciliation_chart_names_its_headline_bar(lang):
    industries = sx.load("industries")
    recon = A.target_reconciliation(sx.load("facts"), industries, year=2020,
                                    headline_metric="key_traditional_industries_output_value")
    names = dict(zip(industries["industry"], industries[f"name_{lang}"]))
    payload = chartdata.figure_payload(P.reconciliation_bars(recon, names, lang, "s"), lang)
    series = payload["columns"].index("series" if lang == "en" else "系列")
    assert all(str(r[series]).strip() for r in payload["rows"]), payload["rows"]
    assert payload["rows"][0][series] == ("Headline target: key traditional industries" if lang == "en"
                                          else "总体目标：重点传统产业产值")


# ------------------------------------------------------------------ 9. upright axis titles


def _charts_with_a_vertical_axis_title(lang: str):
    facts = sx.load("facts")
    yield "growth", _growth_chart("textile", lang)
    benchmarks = sx.load("benchmarks").query("industry == 'textile'")
    yield "benchmarks", P.benchmark_chart(benchmarks, lang, "s", "t")
    tasks, milestones, measures = sx.load("tasks_2017"), sx.load("milestones_2017"), sx.load("measures")
    timeline = A.milestone_timeline(milestones)
    yield "milestones", P.milestone_chart(timeline, pages.task_labels(tasks, lang), lang, "s", "t")
    roles = A.unit_roles(measures, tasks, lang)
    yield "agencies", P.agency_role_chart(roles, A.unit_workload(roles, milestones), lang, "s", "t", top=20)
    del facts


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_vertical_axis_titles_are_written_upright(lang):
    checked = 0
    for name, fig in _charts_with_a_vertical_axis_title(lang):
        for ax in fig.axes:
            label = ax.yaxis.label
            if label.get_text():
                assert label.get_rotation() == 0, f"{name}: {label.get_text()!r} turned {label.get_rotation()}°"
                checked += 1
    assert checked >= 4
    if lang == "zh":
        fig = _growth_chart("huangjiu", "zh")
        assert fig.axes[0].get_ylabel() == "亿元"


def test_no_chart_function_turns_an_axis_title_on_its_side():
    """Every vertical axis title in the chart code goes through plots.y_title (upright, at the axis's top)."""
    import inspect
    source = inspect.getsource(P)
    assert source.count(".set_ylabel(") == 1 and ".set_ylabel(" in inspect.getsource(P.y_title), \
        "a chart sets a y label directly: use plots.y_title"


# ------------------------------------------------------------------ 11. the index's status line


def test_index_status_counts_the_default_set_and_lists_parameter_pages_apart():
    ok, stale = {"status_class": "ok", "page": "a.html"}, {"status_class": "ok", "page": "b.html", "stale": True}
    failed, missing = {"status_class": "failed", "page": None}, {"status_class": "not-built", "page": None}
    assert index.status_summary([ok] * 27 + [stale], []) == "28 reports: 27 ok, 1 out of date."
    assert index.status_summary([ok] * 28, [stale, stale]) == \
        "28 reports: 28 ok. Also 2 pages with other parameters (--param): 2 out of date."
    assert index.status_summary([ok, failed, missing], []) == "3 reports: 1 ok, 1 failed, 1 not built."
    assert index.status_summary([], []) == "No reports."


# ------------------------------------------------------------------ the built site, both languages


@pytest.fixture(scope="module")
def site_pages(full_site):
    reports = re.compile(r"^(?!sources/)[a-z0-9_]+/[^/]+\.html$")
    return {p.relative_to(full_site).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(full_site.rglob("*.html")) if reports.match(p.relative_to(full_site).as_posix())}


# a hyphen-minus standing for a sign: at the start of a number, after a space, a bracket, = or a colon
HYPHEN_SIGN = re.compile(r"(?:^|[\s(（=:：,，;；])-\d")


def test_no_negative_number_with_a_hyphen_minus(site_pages):
    bad = {}
    for name, html in site_pages.items():
        text = "\n".join(PageText(html).unquoted)
        found = [text[max(0, m.start() - 20):m.end() + 8] for m in HYPHEN_SIGN.finditer(text)]
        if found:
            bad[name] = found[:3]
    assert not bad, bad
    # the audit's differences are negative numbers: they are there, with a minus sign
    assert f"{MINUS}199" in site_pages["data_audit/en.html"] and f"{MINUS}199" in site_pages["data_audit/zh.html"]


def _english(site_pages):
    return {n: h for n, h in site_pages.items() if n.endswith((".en.html", "/en.html")) or ".en." in n}


def test_english_pages_say_above_designated_size(site_pages):
    pages_en = _english(site_pages)
    assert len(pages_en) >= 14
    bad = {n: re.findall(r".{30}above[- ]scale.{10}", PageText(h).text, re.I | re.S)[:3]
           for n, h in pages_en.items() if re.search(r"above[- ]scale", PageText(h).text, re.I)}
    assert not bad, bad


# a Chinese phrase the page quotes (from the plan or a source): three Chinese characters or more besides the
# units themselves; "3673.5 亿元" or "(1297亿元)" is a figure in the plan's unit, not a quotation
_HAN = "\u3400-\u9fff"
_CHINESE_RUN = re.compile(rf"[{_HAN}\d.,、，。：（）％%·\-“”]+")


def _unquoted_yi(text: str) -> list[str]:
    out = []
    for m in _CHINESE_RUN.finditer(text):
        run = m.group(0)
        if not re.search("亿|万元", run):
            continue
        words = re.sub(rf"亿|万|元|[^{_HAN}]", "", run)
        quoted = "“" in run or len(words) >= 3
        if not quoted:
            out.append(text[max(0, m.start() - 25):m.end() + 5])
    return out


def test_checker_tells_a_figure_from_a_quoted_phrase():
    assert _unquoted_yi("the 2016 figure of 116亿元 (line 934)") and _unquoted_yi("1873 firms / 3673.5 亿元")
    assert not _unquoted_yi("as 纺织、化工、金属等新材料产值超过2500亿元: exceed")
    assert not _unquoted_yi("prints only a quantity: “185.1亿米” (18.51 billion m)")


def test_no_yi_or_wan_yuan_on_an_english_page(site_pages):
    """English pages show money in CNY bn: 亿 and 万元 appear only inside a Chinese phrase they quote
    (<code>, <q>, text marked lang="zh", or a run of Chinese words).  The data dictionary documents the
    data's own stored units (亿元 is the unit of its value columns) and is left out."""
    bad = {}
    for name, html in _english(site_pages).items():
        if name.startswith("data_dictionary/"):
            continue
        parser = PageText(re.sub(r'<([a-z0-9]+)\b[^>]*\blang="zh[^"]*"[^>]*>.*?</\1>', " ", html, flags=re.S))
        found = _unquoted_yi("\n".join(parser.unquoted))
        if found:
            bad[name] = found[:4]
    assert not bad, bad


def test_every_series_in_a_chart_csv_is_named(full_site):
    checked = 0
    for path in sorted(full_site.rglob("chart-*.csv")):
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
        head = rows[0]
        for col in ("series", "系列"):
            if col in head:
                i = head.index(col)
                blank = [r for r in rows[1:] if not r[i].strip()]
                assert not blank, f"{path}: {len(blank)} rows without a series name: {blank[:2]}"
                checked += 1
    assert checked >= 10


def test_growth_chart_csv_credits_the_outcome_sources(full_site):
    for lang, credit in (("en", "later figures (2022-2023)"), ("zh", "后续数据（2022-2023年）")):
        for path in sorted((full_site / "industry_profile" / f"huangjiu.{lang}.data").glob("chart-*.csv")):
            text = path.read_text(encoding="utf-8-sig")
            if "2022" in text:
                assert credit in text, f"{path}: the later figures' sources are not credited"
                break
        else:
            raise AssertionError(f"huangjiu {lang}: no chart CSV with the later figures")


# ------------------------------------------------------------------ further: charts whose CSV did not say what they draw


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_implementation_chart_csvs_hold_tasks_months_and_roles_not_positions(lang):
    tasks, milestones, measures = sx.load("tasks_2017"), sx.load("milestones_2017"), sx.load("measures")
    timeline = A.milestone_timeline(milestones)
    fig = P.milestone_chart(timeline, pages.task_labels(tasks, lang), lang, "s", "t")
    payload = chartdata.figure_payload(fig, lang)
    assert payload["columns"] == [i18n.t("col_task", lang), i18n.t("month", lang), i18n.t("milestones_due", lang)]
    assert sum(r[2] for r in payload["rows"]) == len(milestones) == 43
    no_month = {"en": "no month", "zh": "未明确月份"}[lang]
    assert sum(r[2] for r in payload["rows"] if r[1] == no_month) == 13  # the steps without a month
    roles = A.unit_roles(measures, tasks, lang)
    fig = P.agency_role_chart(roles, A.unit_workload(roles, milestones), lang, "s", "t", top=20)
    payload = chartdata.figure_payload(fig, lang)
    assert payload["columns"] == [i18n.t("agency", lang), i18n.t("col_item", lang), i18n.t("role", lang)]
    assert {r[2] for r in payload["rows"]} == {i18n.t(k, lang) for k in ("lead", "cooperating", "responsible")}


def test_benchmark_chart_csv_names_the_kind_of_each_stacked_bar():
    fig = P.benchmark_chart(sx.load("benchmarks").query("industry == 'huangjiu'"), "zh", "s", "t")
    payload = chartdata.figure_payload(fig, "zh")
    series = payload["columns"].index("系列")
    # huangjiu: 3 enterprises, 1 region, 2 sites, all in China
    assert sorted((r[series], r[series + 2]) for r in payload["rows"]) == [("企业", 3.0), ("地区", 1.0), ("场所", 2.0)]


def test_progress_chart_csv_gives_each_items_ratio_not_its_marks_position():
    observed = PR.all_outcomes()
    assessment = PR.assess(observed, sx.load("indicators"), sx.load("facts"))
    payload = chartdata.figure_payload(P.progress_chart(assessment, "en", "s"), "en")
    rows = [dict(zip(payload["columns"], r)) for r in payload["rows"]]
    assert {r["panel"] for r in rows} == {i18n.t("panel_assessed", "en"), i18n.t("panel_not_assessed", "en")}
    assert len(rows) == len(assessment)
    by_item = {r["Plan item"]: r for r in rows}
    ind3 = by_item["3. Strategic emerging industries' share of industrial value added"]
    assert ind3["Observed ÷ required (%)"] == 155.6 and ind3["Status"] == "Target met"
    # a target met without a baseline has no ratio (the chart draws it in a column of its own)
    met = [r for r in rows if r["Status"] == "Target met" and r["Plan item"].startswith("2017 task")]
    assert met and all(r["Observed ÷ required (%)"] is None for r in met)


def test_later_figures_on_the_growth_chart_carry_their_unit():
    """The outcome points' labels say CNY bn as the chart's own labels do (CNY 367.35 bn), not a bare 200."""
    fig = _growth_chart("textile", "en")
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert "CNY 200 bn" in labels and "200" not in labels, labels
    assert "2000亿元" in [t.get_text() for t in _growth_chart("textile", "zh").axes[0].texts]


def test_structure_table_prints_the_city_shares_to_one_decimal_as_the_plan_does():
    view = pages.structure_table(A.segment_structure(sx.load("segments"), "textile"), "zh")
    html = view.to_html()
    assert ">1.0<" in html and ">36.6<" in html  # textile machinery 1.0 (line 304-313), the industry 36.6


def test_a_plan_line_reference_stays_on_one_line():
    """第 and 行 never wrap apart from their number (a line ending in 第): one reference is one unbreakable span;
    a list of several may break between its items."""
    from shaoxing.build import sources
    zh = sources.link_plan_lines("<p>资料来源：x，第933-979行；第1、5行</p>", "../s.html", [1, 5, 933], "zh")
    assert '<span class="sx-ref">第<a class="sx-line" href="../s.html#L933"' in zh and "933-979</a>行</span>" in zh
    assert "；第<a" in zh  # the list 第1、5行 is not held together
    en = sources.link_plan_lines("<p>Source: lines 933-979</p>", "../s.html", [933], "en")
    assert '<span class="sx-ref">lines <a class="sx-line"' in en
    css = (Path(sx.__file__).parent / "templates" / "site.css").read_text(encoding="utf-8")
    assert re.search(r"\.sx-ref\s*\{[^}]*white-space:\s*nowrap", css)


def test_flags_of_several_industries_stay_together_each_in_year_order():
    flags = A.plausibility_flags(sx.load("facts"))  # the cross-industry page's flags: huangjiu, the plan's own
    order = [(r["industry"], r["target_year"]) for r in flags[flags["flagged"]].to_dict("records")]
    texts = F.flag_texts(flags, "en")
    assert len(texts) == len(order)
    groups = list(dict.fromkeys(i for i, _ in order))
    want = sorted(order, key=lambda iy: (groups.index(iy[0]), iy[1]))
    years = [int(re.search(r"the (20\d\d) target", s).group(1)) for s in texts]
    assert years == [y for _, y in want]
    hj = [k for k, (i, _) in enumerate(want) if i == "huangjiu"]
    assert hj == list(range(hj[0], hj[0] + len(hj)))  # huangjiu's 2020 and 2025 flags side by side


def test_head_counts_in_one_unit_on_an_english_page():
    """The textile page says '315,000 workers' in a sentence; its facts table gives the same 31.5 万人 as
    315 thousand persons, not '31.5 10,000 persons'.  Chinese keeps 31.5万人."""
    facts = sx.load("facts").query("industry == 'textile'")
    en = pages.facts_table(facts, "Textiles", "en").frame.set_index("metric")
    zh = pages.facts_table(facts, "纺织", "zh").frame.set_index("metric")
    assert (en.at["employment_above_scale", "value"], en.at["employment_above_scale", "unit"]) == ("315", "thousand persons")
    assert (zh.at["employment_above_scale", "value"], zh.at["employment_above_scale", "unit"]) == ("31.5", "万人")
