"""Numbers as the plan prints them, and charts that do not mislead (issue 11).

Each test reads what a chart draws (its artists, axes limits, legend) from the
Figure a chart function returns, on the shipped data, with expectations
worked out by hand from the plan.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_hex  # noqa: E402
from matplotlib.patches import Rectangle  # noqa: E402

import shaoxing as sx  # noqa: E402
from shaoxing import analysis as A, i18n, plots as P, progress as PR  # noqa: E402

HAN = "\u4e00-\u9fff"


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


# ------------------------------------------------------------------ numbers in Chinese and English


def test_chinese_numbers_as_the_plan_prints_them():
    assert i18n.money(3673.5, "zh") == "3673.5亿元"  # no separator, no space before the unit
    assert i18n.money(1297.0, "zh") == "1297亿元"  # no spurious .0
    assert i18n.money(8000, "zh") == "8000亿元"
    assert i18n.money(4.14, "zh", digits=2) == "4.14亿元"
    assert i18n.money(1800, "zh", unit=False) == "1800"
    assert i18n.number(12308.5, 1, "zh") == "12308.5"
    assert i18n.count(1873, "zh") == "1873" and i18n.count(1873, "en") == "1,873"
    assert i18n.amount(2172, "台", "robots", "zh") == "2172台"
    assert i18n.amount(10000, "台", "robots", "en") == "10,000 robots"
    assert i18n.amount(43, "亿元", "100 million yuan", "zh") == "43亿元"


def test_growth_rates_in_chinese_have_no_plus_sign():
    assert i18n.rate(0.0524, 1, "zh") == "5.2%"  # 需年均增长5.2%
    assert i18n.rate(-0.031, 1, "zh") == "\u22123.1%"  # a fall, with a true minus sign
    assert i18n.rate(0.0524) == "+5.2%"  # English tables of changes keep the sign
    assert i18n.pp(1.8, "zh") == "1.8个百分点"
    assert i18n.pp(1.8, "en") == "+1.80 pp"
    assert i18n.growth(0.085, "cagr", "zh") == "8.5%"


def test_percentages_without_a_zero_the_plan_does_not_print():
    assert i18n.pct(13.0) == "13%" and i18n.pct(36.6) == "36.6%" and i18n.pct(0.57, 2) == "0.57%"


def test_english_money_in_cny_billion():
    assert i18n.money(3673.5, "en") == "CNY 367.35 bn"
    assert i18n.money(8000, "en") == "CNY 800 bn" and i18n.money(1297, "en") == "CNY 129.7 bn"  # no 800.00
    # trim: no zeros after the point that say nothing (the findings' sentences), thousands still grouped
    assert i18n.money(8000, "en", 1, trim=True) == "CNY 800 bn" and i18n.money(93.5, "en", 2, trim=True) == "CNY 9.35 bn"
    assert i18n.money(123456, "en", 1, trim=True) == "CNY 12,345.6 bn" and i18n.money(1297.0, "zh", trim=True) == "1297亿元"


def test_iso_codes_become_country_names():
    assert i18n.country("JP", "zh") == "日本" and i18n.country("US", "zh") == "美国"
    assert i18n.country("JP", "en") == "Japan"
    codes = set(sx.load("benchmarks")["country"])
    assert all(c in i18n.COUNTRIES for c in codes), codes - set(i18n.COUNTRIES)


# ------------------------------------------------------------------ alt texts


def test_alt_text_describes_the_chart_in_the_pages_language():
    structure = A.segment_structure(sx.load("segments"), "textile")
    for lang in ("en", "zh"):
        fig = P.segment_bars(structure, lang, "src")
        alt = P.alt_text(fig)
        title = fig._suptitle.get_text()
        assert alt.startswith(("Bar chart: " if lang == "en" else "条形图：") + title), alt
        assert len(alt) > len(title) + 40, alt  # says what it shows, not only the title
    zh = P.alt_text(P.segment_bars(structure, "zh", "src"))
    assert "织造1382.6亿元（1023家）" in zh, zh
    en = P.alt_text(P.segment_bars(structure, "en", "src"))
    assert "Weaving CNY 138.26 bn (1,023 firms)" in en, en


def test_describe_joins_items_in_the_languages_punctuation():
    assert P.describe("zh", "bars", "标题", ["甲1", "乙2"]) == "条形图：标题。甲1；乙2。"
    assert P.describe("en", "bars", "Title", ["a 1", "b 2"]) == "Bar chart: Title. a 1; b 2."


def test_display_show_puts_the_alt_text_in_the_output(monkeypatch):
    from shaoxing import display as D

    shown = []
    monkeypatch.setattr(D, "_show_bundle", lambda data, metadata=None: shown.append((data, metadata)))
    fig = P.segment_bars(A.segment_structure(sx.load("segments"), "chemical"), "zh", "src")
    alt = P.alt_text(fig)
    D.show(fig)
    data, meta = shown[0]
    assert "image/png" in data and meta["image/png"]["alt"] == alt and alt.startswith("条形图：")


# ------------------------------------------------------------------ benchmarks: distinct names, countries named


def _bar_widths_by_label(ax) -> dict[str, float]:
    labels = [t.get_text() for t in ax.get_yticklabels()]
    out: dict[str, float] = {}
    for patch in ax.patches:
        if isinstance(patch, Rectangle) and patch.get_width() > 0:
            y = int(round(patch.get_y() + patch.get_height() / 2))
            out[labels[y]] = out.get(labels[y], 0) + patch.get_width()
    return out


def test_benchmark_chart_counts_distinct_benchmarks_by_country_name():
    b = sx.load("benchmarks")
    textile = b[b["industry"] == "textile"]
    assert len(textile) == 26  # mentions
    fig = P.benchmark_chart(textile, "zh", "src", "t")
    widths = _bar_widths_by_label(fig.axes[0])
    assert widths["日本"] == 2  # Toray and Teijin, named 2 and 3 times
    assert widths["中国"] == 12  # Kangpingna named twice
    assert sum(widths.values()) == 22
    assert "JP" not in widths and "CN" not in widths


def test_benchmark_legend_is_solid_and_above_the_bars():
    b = sx.load("benchmarks")
    fig = P.benchmark_chart(b[b["industry"] == "huangjiu"], "en", "src", "t")
    ax = fig.axes[0]
    legend = ax.get_legend()
    fig.canvas.draw()
    bars = [p for p in ax.patches if p.get_width() > 0]
    for handle, bar in zip(legend.legend_handles, bars):
        assert handle.get_fill() and to_hex(handle.get_facecolor()) == to_hex(bar.get_facecolor())
    assert legend.get_window_extent().y0 >= ax.get_window_extent().y1 - 1  # above the plot, over no bar


# ------------------------------------------------------------------ standing chart


def test_share_bars_legend_above_in_bar_order_and_denominators_named():
    structure = A.segment_structure(sx.load("segments"), "chemical")
    fig = P.share_bars(structure, "zh", "src")
    ax = fig.axes[0]
    fig.canvas.draw()
    legend = ax.get_legend()
    assert legend.get_window_extent().y0 >= ax.get_window_extent().y1 - 1  # covers no bar or label
    texts = [t.get_text() for t in legend.get_texts()]
    assert all("分母" in t for t in texts), texts  # each share says what it is a share of
    # within a segment, bars from top to bottom come in the legend's order
    colours = [to_hex(h.get_facecolor()) for h in legend.legend_handles]
    first = sorted((p for p in ax.patches if abs(p.get_y() + p.get_height() / 2 - (len(structure) - 1)) < 0.5),
                   key=lambda p: -p.get_y())
    assert [to_hex(p.get_facecolor()) for p in first] == colours


# ------------------------------------------------------------------ growth paths


def test_single_points_are_not_charted():
    facts = sx.load("facts")
    for industry in ("bearing", "kitchenware", "motor"):
        paths = A.growth_paths(facts, industry=industry)
        assert P.chartable_paths(paths[paths["unit"] == "亿元"]).empty, industry
    with pytest.raises(ValueError, match="two points"):
        P.growth_path_chart(A.growth_paths(facts, industry="motor"), "en", "src", "t")


def test_huangjiu_growth_chart_keeps_scopes_apart_with_every_point_in_the_legend():
    paths = A.growth_paths(sx.load("facts"), industry="huangjiu")
    money = paths[paths["unit"] == "亿元"]
    fig = P.growth_path_chart(money, "zh", "src", "t")
    axes = fig.axes
    assert len(axes) == 1  # 2016 sales vs 2020 full-chain sales; the lone 2025 target is not squashed beside them
    ax = axes[0]
    assert ax.get_ylim()[0] == 0 and ax.get_ylim()[1] < 200  # 43 and 100 not squashed under an axis to 1200
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert len(labels) == 2 and labels[0].startswith("2016年") and labels[1].startswith("2020年目标"), labels
    assert any(t.get_text() == "口径不同" for t in ax.texts)


# ------------------------------------------------------------------ plan overview charts


def test_ambition_chart_category_colours_differ_from_the_target_year_dots():
    overview = A.indicator_overview(sx.load("indicators"))
    fig = P.indicator_ambition_chart(overview, "en", "src")
    ax = fig.axes[0]
    dots = {to_hex(c.get_facecolor()[0]) for c in ax.collections if len(c.get_offsets()) and
            c.get_facecolor().size and c.get_facecolor()[0][3] > 0}
    names = {to_hex(t.get_color()) for t in ax.get_yticklabels()}
    assert names and not (names & dots), (names, dots)


def test_reconciliation_axis_starts_at_zero_and_the_gap_is_a_number():
    recon = A.target_reconciliation(sx.load("facts"), sx.load("industries"), year=2020,
                                    headline_metric="key_traditional_industries_output_value")
    names = sx.load("industries").set_index("industry")["name_en"].to_dict()
    fig = P.reconciliation_bars(recon, names, "en", "src")
    assert len(fig.axes) == 1 and fig.axes[0].get_xlim()[0] == 0
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert any("below the headline" in t and "%" in t for t in texts), texts


# ------------------------------------------------------------------ progress chart


def test_progress_chart_puts_every_met_target_in_one_column_and_labels_100():
    assessment = PR.assess(sx.load("outcomes"), sx.load("indicators"), sx.load("facts"))
    fig = P.progress_chart(assessment, "en", "src")
    ax = fig.axes[0]
    met = (assessment["status"] == "target_met").sum()
    stars = [c for c in ax.collections if c.get_paths() and len(c.get_offsets()) == 1
             and to_hex(c.get_facecolor()[0]) == P.STATUS_COLORS["target_met"]]
    xs = {round(float(c.get_offsets()[0][0]), 6) for c in stars}
    assert len(stars) == met and len(xs) == 1, xs  # indicator 3 (ratio 156) stands with the others
    assert any(t.get_text().strip() == "100 = on pace" for t in ax.texts)


def test_growth_chart_money_labels_carry_only_the_decimals_they_have():
    paths = A.growth_paths(sx.load("facts"), industry="huangjiu")
    fig = P.growth_path_chart(paths[paths["unit"] == "亿元"], "en", "src", "t")
    texts = [t.get_text() for t in fig.axes[0].texts]
    assert "CNY 4.3 bn" in texts and "more than CNY 10 bn" in texts, texts


def test_the_house_style_is_seaborns_whitegrid_without_importing_seaborn():
    """plots.setup() sets what seaborn's whitegrid theme sets (less its colour map), and our own style on top;
    it does not import seaborn (0.3 s of CPU at every kernel's start)."""
    import subprocess
    import sys

    code = r'''
import json, sys
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
from shaoxing import plots
plots._READY = False
plots.setup()
ours = {k: str(v) for k, v in matplotlib.rcParams.items()}
imported = "seaborn" in sys.modules
matplotlib.rcdefaults()
import seaborn as sns
sns.set_theme(context="notebook", style="whitegrid", palette=plots.PALETTE)
matplotlib.font_manager.fontManager.addfont(str(plots.cjk_font_path()))
plt.rcParams["image.cmap"] = "viridis"
plots._READY = False
theirs_before_ours = {k: str(v) for k, v in matplotlib.rcParams.items()}
plots.setup()
theirs = {k: str(v) for k, v in matplotlib.rcParams.items()}
print(json.dumps({"imported": imported, "diff": sorted(k for k in ours if ours[k] != theirs[k])}))
'''
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    import json

    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result == {"imported": False, "diff": []}, result


def test_segment_bars_say_what_their_colours_mean():
    """Textiles has segments, sub-items (orange) and one segment beside the industry (grey): a legend names all
    three; an industry whose rows are all of one kind needs none."""
    import matplotlib.pyplot as plt

    import shaoxing as sx
    from shaoxing import analysis as A, plots as P

    seg = sx.load("segments")
    fig = P.segment_bars(A.segment_structure(seg, "textile"), "zh", "来源")
    legend = fig.axes[0].get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == ["行业", "上方某行业的其中项", "与本产业并列，不计入合计"]
    plt.close(fig)
    fig = P.segment_bars(A.segment_structure(seg, "textile"), "en", "Source")
    assert "beside the industry, not in its total" in [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    plt.close(fig)
