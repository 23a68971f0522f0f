"""Page logic shared by both languages (shaoxing.pages), and notebooks that read as analysis."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A
from shaoxing import display as D
from shaoxing import i18n, pages

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted(p for p in (ROOT / "notebooks").glob("*.ipynb") if not p.name.startswith(("_", ".")))
LANG_BRANCH = re.compile(r"\blang\s*[!=]=|[!=]=\s*lang\b")
CJK = re.compile(r"[\u3400-\u9fff]")


def _code(path: Path) -> list[str]:
    nb = json.loads(path.read_text(encoding="utf-8"))
    return ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code"]


# ------------------------------------------------------------------ notebooks read as analysis


def test_language_is_a_parameter_not_a_branch_in_every_cell():
    found = {p.name: len(LANG_BRANCH.findall("\n".join(_code(p)))) for p in NOTEBOOKS}
    assert sum(found.values()) <= 5, f"language branches in notebooks (at most 5 in all): {found}"


def test_the_branch_counter_counts_what_it_should():
    sample = 'a = "x" if lang == "en" else "y"\nb = lang != "zh"\nif "zh" == lang: pass\nlanguage == 1\n'
    assert len(LANG_BRANCH.findall(sample)) == 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_cells_hold_no_page_logic(path):
    """Functions, lambdas and pandas reshaping belong in the package; a cell calls them."""
    for source in _code(path):
        for banned in ("def ", "lambda ", ".assign(", "iterrows()", "itertuples("):
            assert banned not in source, f"{path.name}: `{banned}` in a cell:\n{source}"
        assert len(source.splitlines()) <= 20, f"{path.name}: a cell of {len(source.splitlines())} lines:\n{source}"


# ------------------------------------------------------------------ units and numbers


@pytest.mark.parametrize("yi, lang, digits", [(8000, "en", 0), (3673.5, "en", 2), (4650, "en", 0), (150, "en", 0),
                                              (8000, "zh", 0), (3673.5, "zh", 1), (1297.25, "zh", 2)])
def test_money_figure_shows_only_the_decimals_the_figure_has(yi, lang, digits):
    assert pages.money_figure(yi, lang) == i18n.money(yi, lang, digits=digits)


def test_output_per_firm_one_conversion_for_tables_sentences_and_charts():
    # 3673.5 亿元 / 1873 firms = 1.9613 亿元 a firm = CNY 196.13 m
    v = 3673.5 / 1873
    assert pages.per_firm_value(v, "en") == pytest.approx(196.129, abs=1e-3)
    assert pages.per_firm_value(v, "zh") == pytest.approx(1.9613, abs=1e-4)
    series = pages.per_firm_value(pd.Series([v, 30.7 / 23]), "en")
    assert series.round(1).tolist() == [196.1, 133.5]
    assert pages.per_firm_text(v, "en") == i18n.t("per_firm_money", "en", v="196")
    assert pages.per_firm_text(v, "zh") == i18n.t("per_firm_money", "zh", v="1.96")


def test_majority_rule_is_strictly_more_than_half():
    load = pd.DataFrame({"unit": ["a", "b", "c", "d"], "lead": [5, 0, 1, 0], "cooperating": [0, 0, 0, 0],
                         "responsible": [9, 10, 16, 4], "total": [9, 10, 16, 4]})
    assert A.majority_units(load, 18)["unit"].tolist() == ["c", "b"]  # 9 of 18 is not more than half
    assert A.majority_units(load, 18, role="lead").empty
    with pytest.raises(ValueError, match="lead, cooperating, responsible"):
        A.majority_units(load, 18, role="boss")


# ------------------------------------------------------------------ sentences with their numbers


@pytest.fixture(scope="module")
def data():
    return {n: sx.load(n) for n in sx.list_tables()}


def test_targets_sentence_names_the_fastest_and_slowest_growth(data):
    ov = A.industry_overview(data["facts"], data["industries"], data["segments"])
    # chemical (1297 -> 1800: 8.5% a year) fastest, textile (3673.5 -> 4500: 5.2%) slowest; huangjiu and pearl
    # measure other scopes and are left out
    en = pages.targets_sentence(ov, "en")
    assert "Chemical" in en and "8.5%" in en and "5.2%" in en and "extile" in en
    zh = pages.targets_sentence(ov, "zh")
    assert "化工" in zh and "8.5%" in zh and "纺织" in zh and not re.search("[A-Za-z]{3,}", zh)


def test_reconciliation_sentences_follow_the_sign_of_the_gap(data):
    names = pages.names(data["industries"], "en")
    recon = A.target_reconciliation(data["facts"], data["industries"], year=2020,
                                    headline_metric="key_traditional_industries_output_value")
    summary = A.reconciliation_summary(recon)
    shipped = pages.recon_sentences(summary, recon, names, "en")
    assert shipped[0] == i18n.t("ov_recon_sentence", "en", year=2020, headline=pages.money_figure(8000, "en"),
                                sum=pages.money_figure(7950, "en"), gap=pages.money_figure(50, "en"),
                                gap_pct=i18n.pct(50 / 8000 * 100),
                                parts=" + ".join(f"{names[k]} {pages.money_figure(v, 'en')}"
                                                 for k, v in summary["output_parts"].items()))
    assert len(shipped) == 2  # huangjiu's sales target, another scope
    over = dict(summary, gap=-50.0, gap_pct=-50 / 8000 * 100)
    assert pages.recon_sentences(over, recon, names, "en")[0].startswith(
        i18n.t("ov_recon_sentence_over", "en", year=2020, headline="H", sum="S", parts="P", gap="G",
               gap_pct="X").split("H")[0])


def test_indicator_tables_one_per_category_in_the_plans_order(data):
    ov = A.indicator_overview(data["indicators"])
    for lang in ("en", "zh"):
        tables = pages.indicator_tables(ov, lang)
        cats = sx.load("indicators", lang=lang)["category"].drop_duplicates().tolist()
        assert [c for c, _ in tables] == cats
        assert sum(len(v.frame) for _, v in tables) == 18
    row2 = pd.concat(v.frame for _, v in pages.indicator_tables(ov, "en")).set_index("indicator_no").loc[2]
    assert row2["t2020"] == "250" and row2["unit"] == "CNY bn"  # 2500 亿元
    assert row2["c2020"] == i18n.t("ov_cell_cagr", "en", rate=i18n.rate((2500 / 1236.9) ** 0.25 - 1))


def test_growth_sentences_say_the_required_rate_and_skip_other_scopes(data):
    paths = A.growth_paths(data["facts"], industry="textile")
    en = pages.growth_sentences(paths, "en")
    rate = i18n.rate((4500 / 3673.5) ** 0.25 - 1, signed=False)  # 'must grow 5.2% a year', no '+'
    assert all("+" not in s for s in en)
    assert any(rate in s and i18n.money(4500, "en") in s for s in en)
    zh = pages.growth_sentences(paths, "zh")
    rate_zh = i18n.rate((4500 / 3673.5) ** 0.25 - 1, lang="zh")  # 需年均增长5.2%: no '+' in Chinese
    assert any(rate_zh in s and i18n.money(4500, "zh") in s and "+" not in s for s in zh)
    pearl = A.growth_paths(data["facts"], industry="pearl")
    warnings = pages.growth_warnings(pearl, data["facts"].query("industry == 'pearl'"), "Pearl", "en")
    assert any(w.startswith("Scope differs") for w in warnings)


def test_notes_view_shows_the_note_in_the_readers_language():
    df = pd.DataFrame({"industry": ["textile", "pearl", "all"], "name_zh": ["纺织", "珍珠", "全市"],
                       "name_en": ["Textile", "Pearl", "City"], "note": ["why", "", "because"],
                       "note_zh": ["原因", "", "因为"]})
    names = {"textile": "纺织产业", "pearl": "珍珠产业"}
    zh = pages.notes_view(df, ["industry"], names, "zh")
    assert zh.frame["industry"].tolist() == ["纺织产业", i18n.t("au_all_city", "zh")]
    assert list(zh.columns) == ["industry", "name_zh", "note_zh"]
    assert zh.frame["note_zh"].tolist() == ["原因", "因为"]
    en = pages.notes_view(df, ["industry"], names, "en")
    assert en.frame["note"].tolist() == ["why", "because"]
    assert pages.notes_view(df.assign(note="", note_zh=""), ["industry"], names, "en") is None


def test_every_table_view_renders_escaped_html(data):
    names = pages.names(data["industries"], "zh")
    ov = A.industry_overview(data["facts"], data["industries"], data["segments"])
    views = [pages.base_table(ov, "zh"), pages.targets_table(ov, "zh"), pages.scopes_table(ov, "zh"),
             pages.mix_table(A.mix_checks(data["fibre_mix"], data["value_added_mix"]), names, "zh"),
             pages.items_table(data["measures"], data["tasks_2017"], "zh")]
    for view in views:
        html = view.to_html()
        assert html.startswith('<table class="sx-table">') and "<script" not in html
        for header in view.columns.values():
            assert i18n.esc(header).replace("\\", "") in html or header in html
    # the Chinese pages' tables carry no English column
    assert all(CJK.search(h) for h in pages.base_table(ov, "zh").columns.values())


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_dictionary_sections_title_every_column(data, lang):
    infos = {n: sx.describe(n) for n in data}
    dictionary = A.data_dictionary(sx.datapackage(), data)
    sections = pages.dictionary_sections(infos, dictionary, lang)
    assert len(sections) == len(data)
    seg = next(s for s in sections if s["heading"].endswith(("(`segments`)", "（`segments`）")))  # the name as code
    titles = dict(zip(seg["view"].frame["field"], seg["view"].frame["title_label"]))
    assert titles["output_value"] == {"en": "Output value", "zh": "产值"}[lang]
    # identifiers are code (the key, the links, the allowed values); units in the page's language
    assert seg["facts"].count("`") % 2 == 0 and "`industry`" in seg["facts"] and "`industries.industry`" in seg["facts"]
    view = seg["view"].frame.set_index("field")
    assert "`textile`" in view.loc["industry", "meaning"] and "`sub-segment`" in view.loc["level", "meaning"]
    assert view.loc["enterprises", "unit_label"] == {"en": "家 (firms)", "zh": "家"}[lang]
    assert view.loc["source_line", "unit_label"] == {"en": "line number", "zh": "行号"}[lang]
    assert view.loc["industry", "unit_label"] == ""  # text has no unit
    html = seg["view"].to_html()
    assert "<code>textile</code>" in html and "`" not in html


def test_display_helpers_escape_data_text(monkeypatch):
    shown = []
    monkeypatch.setattr(D, "_show", lambda obj: shown.append(getattr(obj, "data", obj)))
    D.say("<b>x</b> * y")
    D.bullets(["a_b", "<i>"])
    D.bullets([])
    D.small("1 < 2")
    D.title("T")
    assert shown == ["&lt;b&gt;x&lt;/b&gt; \\* y", "- a\\_b\n- &lt;i&gt;", "<small>1 &lt; 2</small>", "# T"]


def test_outcomes_path_parameter_is_checked_with_a_clear_message(tmp_path):
    assert sx.params.check_outcomes_path("") is None
    csv_file = tmp_path / "mine.csv"
    csv_file.write_text("x\n", encoding="utf-8")
    assert sx.params.check_outcomes_path(str(csv_file)) == str(csv_file)
    with pytest.raises(sx.params.ParameterError, match="no such file"):
        sx.params.check_outcomes_path(str(tmp_path / "missing.csv"))
    with pytest.raises(sx.params.ParameterError, match="as a string"):
        sx.params.check_outcomes_path(3)


def test_sentences_have_nothing_to_say_without_figures_rather_than_failing(data):
    ov = A.industry_overview(data["facts"], data["industries"], data["segments"])
    none = ov.assign(comparable=pd.array([pd.NA] * len(ov), dtype="boolean"), firms=float("nan"))
    assert pages.targets_sentence(none, "en") == "" and pages.base_sentence(none, "zh") == ""
    overview = A.indicator_overview(data["indicators"])
    assert pages.ambition_sentence(overview.assign(index_2025=float("nan")), "en") == ""


def test_notes_sections_cover_every_table_and_count_its_notes(data):
    infos = {n: sx.describe(n) for n in data}
    catalogue = A.table_catalogue(data, infos).set_index("name")
    names = pages.names(data["industries"], "zh")
    sections = pages.notes_sections(data, infos, names, "zh")
    assert len(sections) == len(data)
    for (heading, view), name in zip(sections, data):
        k = 0 if view is None else len(view.frame)
        assert k == catalogue.at[name, "rows_with_note"], name
        assert f"（{name}）" in heading or name in heading
        if view is not None and "note_zh" in data[name]:  # the Chinese page shows the Chinese note
            assert list(view.columns)[-1] == "note_zh" and view.frame["note_zh"].notna().all()
            assert view.columns["note_zh"] == "歧义与处理"
        elif view is not None:  # a table without Chinese notes: the header says they are the English original
            assert list(view.columns)[-1] == "note" and "英文" in view.columns["note"]
        if view is not None:  # key columns are headed in the page's language, not by their ids (fact_id)
            assert all(CJK.search(view.columns[k]) for k in infos[name].primary_key), (name, view.columns)
    for name in data:  # also the tables without a note today
        assert all(f"au_key_{k}" in i18n.LABELS for k in infos[name].primary_key), name
    intro = pages.notes_intro(data, infos, "zh")
    english_only = [n for n in data if "note" in data[n] and "note_zh" not in data[n]
                    and catalogue.at[n, "rows_with_note"] > 0]
    assert ("英文原文" in intro) == bool(english_only)


def test_overview_counts_patents_in_xiang_and_keeps_the_plans_increment_cell():
    """Indicator 10: the plan counts patents in 项 (年均新增500项), the table header's 个 notwithstanding."""
    import shaoxing as sx
    from shaoxing import pages as P
    r = sx.load("indicators").set_index("indicator_no").loc[10].to_dict()
    assert P._unit_cell(r, "zh") == "项"
    assert P._target_cell(r, 2020, "zh") == "年均新增500项"


def test_the_progress_page_states_its_years_and_defines_every_status():
    from shaoxing.i18n import t

    for lang, years, statuses in (("en", "2018 to 2022", ("Not comparable:", "Unable to assess:")),
                                  ("zh", "2018-2022年", ("口径不可比：", "无法评估："))):
        intro = t("progress_intro", lang, n_obs=27, n_items=17)
        assert years in intro
        method = t("progress_method", lang)
        assert all(s in method for s in statuses), method
    assert "docs/progress-methodology.md" not in t("progress_method", "en")


def test_the_city_total_interval_is_written_as_the_page_writes_numbers():
    """Chinese: 10023至10051 in the table (no thousands separator, no spaced dash), as its sentence writes it."""
    import pandas as pd

    heads = pd.DataFrame({"industry": ["textile"], "segment_zh": ["纺织"], "output_value": [3673.5],
                          "share_city_pct": [36.6], "implied_city_total": [10036.9], "implied_low": [10023.2],
                          "implied_high": [10050.6]})
    view = pages.city_table(heads, {"textile": "纺织产业"}, "zh")
    assert view.frame["interval"].tolist() == ["10023至10051"]
    assert pages.city_table(heads, {"textile": "Textiles"}, "en").frame["interval"].tolist() == ["1,002.3 – 1,005.1"]
