"""Localized views of tables (sx.load(name, lang=...), sx.localize) and column titles from datapackage.json."""

from __future__ import annotations

import re

import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import display as D
from shaoxing.views import language_columns, localize, titles

CJK = re.compile(r"[\u3400-\u9fff\uff08\uff09]")


def test_pairs_become_one_neutral_column_in_the_chosen_language():
    df = pd.DataFrame({"industry": ["pearl"], "name_zh": ["珍珠"], "name_en": ["Pearl"],
                       "unit": ["亿元"], "unit_en": ["100 million yuan"],
                       "note": ["English note"], "note_zh": ["中文说明"], "summary_en": ["only English"]})
    zh, en = localize(df, "zh"), localize(df, "en")
    assert zh.columns.tolist() == ["industry", "name", "unit", "note", "summary_en"]
    assert en.columns.tolist() == zh.columns.tolist()
    assert zh.iloc[0][["name", "unit", "note"]].tolist() == ["珍珠", "亿元", "中文说明"]
    assert en.iloc[0][["name", "unit", "note"]].tolist() == ["Pearl", "100 million yuan", "English note"]
    assert en.attrs["lang"] == "en" and df.columns.tolist()[1] == "name_zh"  # the input is not changed


def test_an_id_beside_its_two_texts_is_kept_as_id():
    df = pd.DataFrame({"metric": ["output_value"], "metric_en": ["Output"], "metric_zh": ["产值"]})
    assert localize(df, "zh").to_dict("records") == [{"metric_id": "output_value", "metric": "产值"}]
    assert language_columns(df.columns) == {"metric": {"en": "metric_en", "zh": "metric_zh"}}


def test_bad_language_is_refused_with_the_allowed_ones():
    with pytest.raises(sx.params.ParameterError, match="en, zh"):
        sx.load("industries", lang="fr")


@pytest.mark.parametrize("name", sx.list_tables())
def test_every_table_has_a_localized_view_with_titles_in_both_languages(name):
    raw = sx.load(name)
    en, zh = sx.load(name, lang="en"), sx.load(name, lang="zh")
    assert en.columns.tolist() == zh.columns.tolist()
    assert len(en) == len(zh) == len(raw)
    assert not any(c.endswith("_zh") for c in zh.columns), zh.columns
    for view, lang in ((en, "en"), (zh, "zh")):
        t = view.attrs["titles"]
        assert list(t) == view.columns.tolist(), (name, lang)
        assert all(isinstance(v, str) and v for v in t.values())
    # Chinese titles are Chinese, English ones carry no Chinese
    assert all(CJK.search(v) for v in zh.attrs["titles"].values()), zh.attrs["titles"]
    assert not any(CJK.search(v) for v in en.attrs["titles"].values()), en.attrs["titles"]
    # a neutral column's title does not name a language
    for base, pair in language_columns(raw.columns).items():
        assert not re.search(r"English|Chinese|英文|中文", en.attrs["titles"][base] + zh.attrs["titles"][base])


def test_every_field_of_the_datapackage_has_a_chinese_title():
    for res in sx.datapackage()["resources"]:
        for f in res["schema"]["fields"]:
            assert CJK.search(f.get("title_zh", "")), (
                f"field {f['name']!r} of table {res['name']!r} has no Chinese title: add \"title_zh\" to it in "
                "data/datapackage.json (reports and sx.load(name, lang='zh') head the column with it)")


def test_localized_values_come_from_the_right_column():
    seg_zh, seg_en = sx.load("segments", lang="zh"), sx.load("segments", lang="en")
    raw = sx.load("segments")
    assert seg_zh["segment"].tolist() == raw["segment_zh"].tolist()
    assert seg_en["segment"].tolist() == raw["segment_en"].tolist()
    assert seg_en["output_value"].equals(raw["output_value"])  # numbers are not touched
    facts = sx.load("facts", lang="en")
    assert facts["unit"].tolist() == sx.load("facts")["unit_en"].tolist()
    assert titles("segments", "zh")["segment"] == "行业" and titles("segments", "en")["segment"] == "Segment"
    assert titles("segments", "zh", localized=False)["segment_en"] == "行业（英文）"


def test_a_table_takes_its_headers_from_the_titles():
    view = sx.load("industries", lang="zh")
    html = D.to_html(view, ["name", "first_line"])
    assert "<th" in html and "名称" in html and "起始行" in html and "name_zh" not in html
    assert D.headers(view, {"name": "X"}) == {"name": "X"}


def test_doctests_of_the_views_module():
    import doctest

    from shaoxing import views
    assert doctest.testmod(views).failed == 0
