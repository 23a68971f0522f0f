"""The sentences of issue 12's analysis in both languages (shaoxing.findings): right figures, right style."""

from __future__ import annotations

import re

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import shaoxing as sx  # noqa: E402
from shaoxing import analysis as A  # noqa: E402
from shaoxing import findings as F  # noqa: E402
from shaoxing import progress as PR  # noqa: E402

LATIN = re.compile(r"[A-Za-z]{2,}")


@pytest.fixture(scope="module")
def data():
    return {n: sx.load(n) for n in ("facts", "industries", "segments", "value_added_mix", "indicators")}


def _zh_ok(s: str) -> None:
    assert not LATIN.search(s), s                      # no English left on a Chinese page
    assert not re.search(r"\d,\d{3}", s), s             # plan style: 3673.5亿元, no thousands separator
    assert not re.search(r"\d 亿元", s), s              # no space before the unit
    assert "(" not in s and ")" not in s, s             # full-width brackets


@pytest.mark.parametrize("v, zh, en", [(4134.5566, "4134.6亿元", "CNY 413.5 bn"), (8000, "8000亿元", "CNY 800 bn"),
                                       (93.5, "93.5亿元", "CNY 9.35 bn"), (1297.0, "1297亿元", "CNY 129.7 bn"),
                                       (123456, "123456亿元", "CNY 12,345.6 bn"), (-150.05, "\u2212150.1亿元", "CNY \u221215 bn"),
                                       (float("nan"), "—", "—")])
def test_money_in_the_plans_style_and_in_cny_bn(v, zh, en):
    assert F.money(v, "zh") == zh and F.money(v, "en") == en


def test_headline_sentence_both_languages(data):
    f, i = data["facts"], data["industries"]
    h, c = A.headline_arithmetic(f, i), A.headline_components(f, i)
    en, zh = F.headline_text(h, c, i, "en"), F.headline_text(h, c, i, "zh")
    assert "6.3% a year" in en and "6.7% a year" in en and "CNY 626.59 bn" not in en and "CNY 626.6 bn" in en
    assert "Textiles CNY 367.35 bn;" in en and "Metal processing CNY 113.64 bn;" in en  # each part as printed
    assert "6265.9亿元" in zh and "6175.1亿元" in zh and "年均增长6.3%" in zh and "8000亿元" in zh
    _zh_ok(zh)
    t = F.headline_table(h, "zh")
    assert list(t.columns)[0] == "口径" and t.iloc[1, 3] == "6.7%"


def test_value_added_sentences(data):
    v = A.value_added_targets(data["value_added_mix"], data["facts"])
    vo = A.value_added_vs_output(data["value_added_mix"], data["segments"])
    en, zh = F.value_added_text(v, vo, "en"), F.value_added_text(v, vo, "zh")
    assert "reach at least 30% by 2020: 12 percentage points more, 3 percentage points a year" in en[0]
    assert "at least 20%" in en[1] and "1.75 percentage points a year" in en[1]
    assert zh[0].startswith("化纤工业增加值占纺织业的18%") and "达到30%以上" in zh[0] and "达到20%以上" in zh[1]
    assert "最多为50%" in zh[2] and "26.3%" in zh[3]
    for s in zh:
        _zh_ok(s)


def test_structure_and_concentration_sentences(data):
    f, i, s = data["facts"], data["industries"], data["segments"]
    sm = A.structure_measures(f, i, s).set_index("industry")
    en, zh = F.structure_text(sm.loc["textile"], "en"), F.structure_text(sm.loc["textile"], "zh")
    assert en[0].startswith("Taxes were 2.5% of output") and "CNY 1.17 m " in en[2]  # CNY m, the unit of the table beside it
    # plan figures as exact as printed (3673.5亿元, 93.5亿元), never rounded to CNY 367.4 bn
    assert "(CNY 9.35 bn on CNY 367.35 bn)" in en[0] and "(CNY 367.35 bn from 315,000 workers)" in en[2]
    # both shares are of the city's industry above designated size, not 'of its [the industry's] output'
    assert en[1] == ("The industry accounted for 36.6% of the output and 36.6% of the taxes of the city's "
                     "industrial firms above designated size.")
    assert "人均产值116.6万元" in zh[2] and "占产值3673.5亿元的2.5%" in zh[0]
    assert zh[0].startswith("2016年上缴税金93.5亿元")
    assert F.structure_text(sm.loc["huangjiu"], "zh")[0].startswith("2016年实缴税金4.6亿元")  # the plan's word, line 875
    metal = F.structure_text(sm.loc["metal"], "zh")
    assert "11.3%的产值" in metal[1] and "6.8%的税金" in metal[1]
    assert F.structure_text(sm.loc["bearing"], "en") == []
    c = A.concentration_measures(f)
    t_zh = F.concentration_text(c[c["industry"] == "textile"], "zh")[0]
    assert "销售超100亿元的企业1家、销售超50亿元的企业4家" in t_zh and "至少300亿元" in t_zh and "8.2%" in t_zh
    t_en = F.concentration_text(c[c["industry"] == "textile"], "en")[0]
    assert "1 firm with sales above CNY 10 bn and 4 firms with sales above CNY 5 bn" in t_en and "8.2%" in t_en
    for x in zh + metal + [t_zh]:
        _zh_ok(x)


def test_flag_sentences_say_the_multiple_and_the_scope(data):
    fl = A.plausibility_flags(data["facts"])
    hj = fl[fl["industry"] == "huangjiu"]
    en, zh = F.flag_texts(hj, "en"), F.flag_texts(hj, "zh")
    assert any("23.3 times" in x and "41.9% a year for 9 years" in x and "different scopes" in x for x in en)
    assert any("23.3倍" in x and "超过1000亿元" in x and "口径不同" in x for x in zh)
    textile = fl[fl["industry"] == "textile"]
    assert F.flag_texts(textile, "en") == [] and F.no_flag_text(textile, "en").startswith("No target of this industry")
    assert F.no_flag_text(hj, "zh") is None and F.no_flag_text(fl[fl["industry"] == "bearing"], "en") is None
    for x in zh:
        _zh_ok(x)


def test_scenario_sentence_textile_at_three_percent():
    p = A.scenario_projection(3673.5, 2016, 3, targets={2020: 4500})
    en, zh = F.scenario_text(p, 2016, "en"), F.scenario_text(p, 2016, "zh")
    assert "CNY 413.5 bn in 2020" in en and "below the target of CNY 450 bn" in en
    assert "2020年将达到4134.6亿元" in zh and "比目标4500亿元低365.4亿元" in zh
    _zh_ok(zh)
    up = F.scenario_text(A.scenario_projection(3673.5, 2016, 10, targets={2020: 4500}), 2016, "en")
    assert "above the target" in up
    none = F.scenario_text(A.scenario_projection(100, 2016, 3), 2016, "zh")
    assert "目标" not in none and "2020年将达到112.6亿元" in none


def test_outcome_sentences_and_points(data):
    obs = PR.all_outcomes()
    a = PR.assess(obs, data["indicators"], data["facts"])
    rows = PR.industry_outcomes(obs, a, data["facts"], "textile")
    zh = F.outcomes_text(rows, "zh")
    assert zh[0] == "共收集到该产业后续数据5项，其中总量数据1项，已标于上图。"
    assert zh[1].startswith("2019年：2000亿元") and "不可比" in zh[1]
    pts = F.outcome_points(rows, "en")
    assert pts.to_dict("records") == [{"year": 2019, "value": 200.0, "comparable": False}]
    assert F.outcomes_text(rows.iloc[0:0], "en") == ["No later figure for this industry has been found in public sources."]


def test_chart_overlays_draw_the_points_and_the_scenario(data):
    from shaoxing import plots as P
    f = data["facts"]
    paths = A.growth_paths(f, industry="textile")
    fig = P.growth_path_chart(paths[paths["unit"] == "亿元"], "en", "source", "title")
    obs = PR.all_outcomes()
    rows = PR.industry_outcomes(obs, PR.assess(obs, data["indicators"], f), f, "textile")
    F.add_outcome_points(fig, rows, "en")
    F.add_scenario_line(fig, A.scenario_projection(3673.5, 2016, 3, targets={2020: 4500}), 2016, "en")
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "observed, other scope" in labels and "scenario, 3% a year" in labels
    assert {2016, 2019, 2020, 2025} <= set(int(x) for x in ax.get_xticks())
    drawn = [tuple(line.get_xydata()[0]) for line in ax.get_lines() if line.get_label() == "observed, other scope"]
    assert drawn == [(2019.0, 200.0)]
    import matplotlib.pyplot as plt
    plt.close(fig)


def test_scenario_for_an_industry_page(data):
    f = data["facts"]
    assert F.scenario_for(A.growth_paths(f, industry="textile"), None) is None
    proj, base_year = F.scenario_for(A.growth_paths(f, industry="textile"), 3)
    assert base_year == 2016 and proj.attrs["comparable"]
    assert proj.set_index("year").loc[2020, "projected"] == pytest.approx(3673.5 * 1.03 ** 4)
    assert proj.set_index("year").loc[2020, "target"] == 4500
    hj, _ = F.scenario_for(A.growth_paths(f, industry="huangjiu"), 3)
    assert hj["base"].iloc[0] == 43 and not hj.attrs["comparable"]
    assert "口径不同" in F.scenario_text(hj, 2016, "zh") and "a different scope" in F.scenario_text(hj, 2016, "en")
    assert F.scenario_for(A.growth_paths(f, industry="bearing"), 3) == (None, None)
    assert F.scenario_sentence(None, "en") is None
    assert F.scenario_sentence((None, None), "zh") == "情景测算：方案未给出可作基数的金额数据。"
    assert F.scenario_sentence((proj, base_year), "en") == F.scenario_text(proj, 2016, "en")
    with pytest.raises(sx.params.ParameterError):
        F.scenario_for(A.growth_paths(f, industry="textile"), 101)


def test_tables_in_both_languages(data):
    f, i, s = data["facts"], data["industries"], data["segments"]
    v = A.value_added_targets(data["value_added_mix"], f)
    vo = A.value_added_vs_output(data["value_added_mix"], s)
    zh = F.value_added_table(v, vo, "zh").set_index("行业")
    assert zh.loc["服装", "2020年目标"] == "20%以上" and zh.loc["化纤", "产值比重"] == "26.3%"
    assert zh.loc["织造", "2020年目标"] == "—"
    cross = A.cross_industry_measures(f, i, s, sx.load("benchmarks"))
    en = F.measures_table(cross, "en").set_index("Industry")
    assert en.loc["Textiles", "Taxes / output"] == "2.5%" and en.loc["Textiles", "Output per worker (CNY m)"] == "1.17"
    assert en.loc["Metal processing", "Share of city taxes"] == "6.8%" and en.loc["Textiles", "Benchmarks (mentions)"] == "22 (26)"
    zt = F.measures_table(cross, "zh").set_index("产业")
    assert zt.loc["纺织产业", "人均产值（万元）"] == "116.6" and zt.loc["金属加工产业", "大企业培育目标至少占"] == "13.3%"
    obs = PR.all_outcomes()
    rows = PR.industry_outcomes(obs, PR.assess(obs, data["indicators"], f), f, "textile")
    t = F.outcomes_table(rows, "en")
    assert t.iloc[0].tolist() == ["2019", "CNY 200 bn", rows.iloc[0]["metric_en"], "no", "not comparable", "secondary"]
    assert "18.05% year on year" in t["Figure"].tolist()
    tz = F.outcomes_table(rows, "zh")
    assert tz.iloc[0].tolist()[:2] == ["2019", "2000亿元"] and set(tz["可比"]) == {"是", "否"}


def test_benchmark_sentence_counts_distinct_names():
    b = sx.load("benchmarks")
    prof = A.benchmark_profile(b).set_index("industry")
    en = F.benchmark_text(prof.loc["textile"], b, "en")
    assert "26 benchmark mentions are 22 distinct benchmarks" in en and "21 enterprises and 1 regions" not in en
    assert "12 in China and 10 abroad (7 countries)" in en and "no gap to a benchmark can be measured" in en
    zh = F.benchmark_text(prof.loc["textile"], b, "zh")
    assert "26次提及的对标对象共22个" in zh and "日本东丽" in zh and "企业21个，地区1个" in zh
    _zh_ok(zh)


@pytest.mark.slow
def test_industry_profile_runs_a_scenario_and_refuses_a_bad_one(tmp_path):
    """The notebook's own parameter: 3% a year shows CNY 413.5 bn for 2020 beside the 450 target; 150 stops early."""
    import papermill
    from pathlib import Path
    nb = Path(__file__).resolve().parent.parent / "notebooks" / "industry_profile.ipynb"
    out = tmp_path / "textile.ipynb"
    papermill.execute_notebook(str(nb), str(out), parameters=dict(industry="textile", lang="en", scenario_growth_pct=3),
                               progress_bar=False, log_output=False)
    text = out.read_text(encoding="utf-8")
    assert "would reach CNY 413.5 bn in 2020" in text and "the target of CNY 450 bn" in text
    assert "Later figures found for this industry: 5" in text
    with pytest.raises(papermill.PapermillExecutionError, match="outside the allowed range"):
        papermill.execute_notebook(str(nb), str(tmp_path / "bad.ipynb"), progress_bar=False, log_output=False,
                                   parameters=dict(industry="textile", lang="zh", scenario_growth_pct=150))


def test_flags_of_main_indicators_use_the_readers_unit(data):
    fl = A.plausibility_flags(data["facts"], data["indicators"])
    en = [x for x in F.flag_texts(fl, "en") if "high-tech enterprises" in x]
    assert en == ["Flag: the 2020 target of 200 enterprises (national high-tech enterprises in key traditional "
                  "industries) is 2 times the 2016 figure of 99 enterprises and needs 19.2% a year for 4 years."]
    zh = [x for x in F.flag_texts(fl, "zh") if "高新技术企业" in x]
    assert zh == ["提示：2020年目标（重点传统产业国家级高新技术企业200家）为2016年99家的2倍，4年间需年均增长19.2%。"]


def test_benchmark_kinds_beside_the_counts_sentence_do_not_repeat_the_counts():
    """The industry page says the counts once (pages.benchmarks_sentence); the findings sentence then adds only kinds."""
    b = sx.load("benchmarks")
    prof = A.benchmark_profile(b).set_index("industry")
    zh = F.benchmark_text(prof.loc["textile"], b, "zh", counts=False)
    assert zh.startswith("按类型分，企业21个，地区1个。") and "在多个重点领域被重复提及。" in zh
    assert "22个" not in zh and "26次" not in zh and "国外" not in zh
    _zh_ok(zh)
    en = F.benchmark_text(prof.loc["textile"], b, "en", counts=False)
    assert en.startswith("By kind: 21 enterprises and 1 region.") and "22 distinct" not in en
    one = F.benchmark_text(prof.loc["motor"], b, "zh", counts=False)
    assert one == "按类型分，企业2个。方案未给出任何对标对象的数据，无法测算与对标对象的差距。"


@pytest.mark.filterwarnings("ignore:Glyph:UserWarning")  # a bare figure without the reports' CJK font
def test_outcome_points_carry_their_year_and_unit_on_the_chart(data):
    """Huangjiu's later figures (2022, 2023) sit beside ticks labelled with their years, valued as 33亿元, not 33.0."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.plot([2016, 2020], [43, 100])
    ax.set_xticks([2016, 2020], ["2016", "2020"])
    rows = pd.DataFrame({"on_chart": [True, True], "year": [2022, 2023], "value": [33.0, 29.13],
                         "comparable": [False, False]})
    F.add_outcome_points(fig, rows, "zh")
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels()]
    assert "2022" in labels and "2023" in labels
    notes = [t.get_text() for t in ax.texts]
    assert notes == ["33亿元", "29.13亿元"]
    plt.close(fig)


def test_outcome_counts_group_thousands_in_english():
    r = {"unit": "家", "unit_en": "firms", "value": 1862.0}
    assert F._value(r, "en") == "1,862 firms" and F._value(r, "zh") == "1862家"
    assert F._value({"unit": "%", "unit_en": "% year on year", "value": 18.05}, "en") == "18.05% year on year"


def test_a_part_year_point_says_which_part_of_the_year():
    """Huangjiu's 2023 figure covers January to November: its label says so, in both languages."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    rows = pd.DataFrame({"on_chart": [True, True], "year": [2022, 2023], "value": [33.0, 29.13],
                         "comparable": [False, False], "period": ["2022", "2023-01/2023-11"]})
    for lang, want in (("zh", ["33亿元", "29.13亿元\n2023年1-11月"]), ("en", ["CNY 3.3 bn", "CNY 2.91 bn\nJan-Nov 2023"])):
        fig, ax = plt.subplots()
        ax.plot([2016, 2020], [43, 100])
        F.add_outcome_points(fig, rows, lang)
        assert [t.get_text() for t in ax.texts] == want
        plt.close(fig)


def test_english_amounts_multiply_out_a_unit_with_a_multiplier():
    from shaoxing.i18n import amount

    assert amount(48, "万千升", "10,000 kilolitres", "en") == "480,000 kilolitres"
    assert amount(88, "万元/亩", "10,000 yuan per mu", "en") == "880,000 yuan per mu"
    assert amount(47.7, "亿米", "100 million m", "en") == "4.77 bn m"
    assert amount(88, "万元/亩", "10,000 yuan per mu", "zh") == "88万元/亩"


def test_later_figures_keep_clear_of_the_legend_and_of_the_unit_above_the_axis():
    """With the three-entry legend in the upper left, every point lies in the lower 60% of the panel, and no
    tick label sits at the very top of the axis (where the unit is written)."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    ax.plot([2016, 2020], [129.7, 180.0], label="plan")
    rows = pd.DataFrame({"on_chart": [True], "year": [2020], "value": [1000.0], "comparable": [False]})
    F.add_outcome_points(fig, rows, "zh")
    lo, hi = ax.get_ylim()
    assert (180.0 - lo) / (hi - lo) <= 0.6 + 1e-9 and (1000.0 - lo) / (hi - lo) <= 0.6 + 1e-9
    ticks = [v for v in ax.get_yticks() if lo <= v <= hi]
    assert hi - max(ticks) >= 0.06 * (hi - lo) - 1e-9
    plt.close(fig)
