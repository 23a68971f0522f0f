"""Core analysis functions and labels, against hand-computed values."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A, display as D, i18n


def test_required_cagr_scalar_and_vector():
    assert A.required_cagr(100, 121, 2) == pytest.approx(0.10)
    assert A.required_cagr(3673.5, 4500, 4) == pytest.approx((4500 / 3673.5) ** 0.25 - 1)
    out = A.required_cagr(np.array([100.0, 50.0]), np.array([200.0, 50.0]), 1)
    assert out.tolist() == [1.0, 0.0]
    s = A.required_cagr(pd.Series([100.0, np.nan, 0.0]), pd.Series([110.0, 5.0, 5.0]), pd.Series([1, 1, 1]))
    assert s.iloc[0] == pytest.approx(0.1) and pd.isna(s.iloc[1]) and pd.isna(s.iloc[2])


def test_required_cagr_rejects_non_positive_years():
    with pytest.raises(ValueError, match="years must be positive"):
        A.required_cagr(1, 2, 0)


def test_required_pp_per_year():
    assert A.required_pp_per_year(32.8, 40, 4) == pytest.approx(1.8)
    assert A.required_pp_per_year(50, 40, 5) == pytest.approx(-2.0)


def test_segment_structure_shares_and_output_per_firm():
    seg = pd.DataFrame({
        "industry": ["x"] * 3, "level": ["industry", "segment", "segment"], "segment_zh": ["X", "a", "b"],
        "enterprises": pd.array([10, 4, 6], dtype="Int64"), "output_value": [100.0, 30.0, 70.0],
    })
    out = A.segment_structure(seg, "x")
    assert out["share_of_industry_output_pct"].tolist() == [100.0, 30.0, 70.0]
    assert out["share_of_industry_firms_pct"].tolist() == [100.0, 40.0, 60.0]
    assert out["output_per_firm"].tolist() == pytest.approx([10.0, 7.5, 70 / 6])
    assert A.segment_structure(seg, "huangjiu").empty  # a real industry without a structure table
    with pytest.raises(sx.params.ParameterError, match="'nothing' is not valid.*Valid values: textile"):
        A.segment_structure(seg, "nothing")


def test_segment_structure_on_textile():
    out = A.segment_structure(sx.load("segments"), "textile").set_index("segment_zh")
    assert out.loc["织造", "share_of_industry_output_pct"] == pytest.approx(1382.6 / 3673.5 * 100)
    assert out.loc["印染", "output_per_firm"] == pytest.approx(911.0 / 248)


def test_implied_totals():
    seg = pd.DataFrame({"industry": ["x"], "level": ["industry"], "segment_zh": ["X"], "segment_en": ["X"],
                        "output_value": [50.0], "share_city_pct": [25.0], "share_province_pct": [10.0],
                        "share_national_pct": [np.nan]})
    out = A.implied_totals(seg).iloc[0]
    assert out["implied_city_total"] == 200.0 and out["implied_province_total"] == 500.0
    assert pd.isna(out["implied_national_total"])
    real = A.implied_city_total(sx.load("segments")).set_index("industry")
    assert real.loc["textile", "implied_city_total"] == pytest.approx(3673.5 / 36.6 * 100)


def test_growth_paths_pairs_target_with_latest_earlier_actual():
    facts = pd.DataFrame({
        "industry": ["x", "x", "x", "y", "y"], "year": [2015, 2016, 2020, 2016, 2020],
        "kind": ["actual", "actual", "target", "actual", "target"], "metric": ["out", "out", "out", "s", "s"],
        "value": [90.0, 100.0, 146.41, 43.0, 100.0], "unit": ["亿元"] * 5, "unit_en": ["u"] * 5,
        "qualifier": [None, None, "reach", None, "exceed"], "scope_zh": ["a"] * 5, "scope_en": ["a"] * 5,
        "scope_differs": pd.array([pd.NA, pd.NA, False, pd.NA, True], dtype="boolean"), "note": [None] * 5,
    })
    out = A.growth_paths(facts).set_index("industry")
    assert out.loc["x", "base_year"] == 2016 and out.loc["x", "base_value"] == 100.0
    assert out.loc["x", "required_cagr"] == pytest.approx(0.10)
    assert out.loc["x", "qualifier"] == "reach"
    assert not out.loc["y", "comparable"] and pd.isna(out.loc["y", "required_cagr"])


def test_money_labels():
    assert i18n.money(3673.5, "zh") == "3673.5亿元"
    assert i18n.money(3673.5, "en") == "CNY 367.35 bn"
    assert i18n.money(float("nan"), "en") == "—"
    assert i18n.money_value(10.0, "en") == pytest.approx(1.0)


def test_labels_exist_in_both_languages():
    for key, entry in i18n.LABELS.items():
        assert set(entry) == {"en", "zh"}, key
        assert bool(entry["en"]) == bool(entry["zh"]), key
    with pytest.raises(sx.params.ParameterError, match="Valid values: en, zh"):
        i18n.t("year", "fr")


def test_qualifier_words():
    assert i18n.qualifier("exceed", "zh") == "超过"
    assert i18n.target_phrase(35, "at_least", "%", "zh") == "35%以上"
    assert i18n.target_phrase(1800, "exceed", "亿元", "en") == "more than 1800 亿元"


def test_escaping_keeps_markup_as_text():
    s = i18n.esc("<script>alert(1)</script> a_b")
    assert "<script>" not in s and "&lt;script&gt;" in s and "a\\_b" in s
    html = D.to_html(pd.DataFrame({"x": ["<img src=x onerror=alert(1)>"]}))
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html


def test_parameter_checks_list_valid_values():
    with pytest.raises(sx.params.ParameterError) as err:
        sx.params.check_industry("textle")
    assert "Did you mean 'textile'?" in str(err.value) and "kitchenware" in str(err.value)
    with pytest.raises(sx.params.ParameterError):
        sx.params.check_industry("textile'; import os")
    assert sx.params.check_lang("zh") == "zh"


def test_scope_flags_lists_only_targets_measured_differently():
    flags = A.scope_flags(sx.load("facts"))
    assert sorted(zip(flags["industry"], flags["metric"])) == [("huangjiu", "sales"), ("pearl", "output_value")]
    assert set(flags["base_value"]) == {43.0, 116.0} and flags["required_cagr"].isna().all()


def test_source_detail_names_the_section_and_its_lines():
    from shaoxing import plots

    one = {"section_en": "Annex", "section_zh": "附件", "line_ranges": [[316, 316]]}
    assert plots.source_detail(one, "en") == "Annex, line 316"
    assert plots.source_detail(one, "zh") == "附件，第316行"
    many = {"section_en": "Part 2", "section_zh": "二", "lines": [210, 1022]}
    assert plots.source_detail(many, "en") == "Part 2, lines 210-1022"
    assert plots.source_detail(many, "en", lines=[(1, 2), (5, 5)]) == "Part 2, lines 1-2, 5"
    assert plots.source_detail(many, "zh", lines=[(1, 2), (5, 5)]) == "二，第1-2、5行"
    assert plots.source_text("en", "Annex, line 316").endswith("Annex, line 316")


def test_table_keeps_nowrap_columns_on_one_line():
    html = D.to_html(pd.DataFrame({"code": ["a b"], "text": ["long words"]}), {"code": "Code", "text": "Text"},
                     nowrap={"code"})
    head, body = html.split("</thead>")
    assert '<th style="text-align:left;white-space:nowrap">Code</th>' in head
    assert '<th style="text-align:left">Text</th>' in head
    assert 'style="text-align:left;white-space:nowrap">a b</td>' in body
    assert 'style="text-align:left">long words</td>' in body


def test_english_charts_use_straight_quotes_and_chinese_keep_theirs():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from shaoxing import plots

    texts = {}
    for lang in ("en", "zh"):
        fig, (ax, cat) = plt.subplots(1, 2)
        ax.barh([0, 1], [1, 2])
        ax.set_yticks([0, 1], ["Advance “Internet+”", "the city’s firms"])  # fixed labels
        ax.legend(["“quoted”"])
        cat.barh(["“Robots+”", "plain"], [1, 2])  # category labels
        plots.finish(fig, "Tasks “2017”", "Source: plan", lang)
        fig.canvas.draw()  # tick labels are made again from their formatters when drawn
        texts[lang] = [t.get_text() for t in ax.get_yticklabels() + cat.get_yticklabels()] + [
            fig._suptitle.get_text(), ax.get_legend().get_texts()[0].get_text()]
        plt.close(fig)
    assert texts["en"] == ['Advance "Internet+"', "the city's firms", '"Robots+"', "plain", 'Tasks "2017"',
                           '"quoted"']
    assert texts["zh"] == ["Advance “Internet+”", "the city’s firms", "“Robots+”", "plain", "Tasks “2017”",
                           "“quoted”"]
