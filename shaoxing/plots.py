"""Figures in one house style, with a CJK-capable font and a source line on every chart.

Call :func:`setup` once (the notebooks do); it registers Noto Sans CJK SC
from the ``mplfonts`` package (no network, no system fonts) so Chinese
labels render as characters.  Every chart function returns the Figure, has
a title, axis labels with units, and a source line naming the plan section.
"""

from __future__ import annotations

import textwrap

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib import font_manager

from . import i18n
from .fonts import FONT_FAMILY, cjk_font_path

__all__ = ["setup", "figure", "finish", "attach_data", "extend_source", "series_name", "y_title", "source_text", "alt_text",
           "PALETTE"]

PALETTE = ["#1b6ca8", "#e07b39", "#3a9d5d", "#c23b3b", "#7d5ba6", "#8c6d31", "#d45fa0", "#5f6b73"]

#: What ``seaborn.set_theme(context="notebook", style="whitegrid")`` sets (seaborn 0.13), less its
#: colour map (none of these charts has one) and its font list (setup sets the CJK font): the
#: house style without importing seaborn, which costs every kernel 0.3 s of CPU at start.
WHITEGRID = {
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15",
    "axes.labelsize": 12.0, "axes.linewidth": 1.25, "axes.titlesize": 12.0, "font.size": 12.0,
    "grid.color": ".8", "grid.linewidth": 1.0, "legend.fontsize": 11.0, "legend.title_fontsize": 12.0,
    "lines.solid_capstyle": "round", "patch.edgecolor": "w", "patch.force_edgecolor": True, "text.color": ".15",
    "xtick.bottom": False, "xtick.color": ".15", "xtick.labelsize": 11.0, "xtick.major.size": 6.0,
    "xtick.major.width": 1.25, "xtick.minor.size": 4.0, "xtick.minor.width": 1.0,
    "ytick.color": ".15", "ytick.labelsize": 11.0, "ytick.left": False, "ytick.major.size": 6.0,
    "ytick.major.width": 1.25, "ytick.minor.size": 4.0, "ytick.minor.width": 1.0,
}
QUALIFIER_MARKERS = {"reach": "o", "exceed": "^", "at_least": "^", "about": "D", "strive": "s"}
_READY = False


def setup() -> None:
    """Register the bundled CJK font and apply the house style (idempotent)."""
    global _READY
    if _READY:
        return
    font_manager.fontManager.addfont(str(cjk_font_path()))
    plt.rcParams.update(WHITEGRID)
    plt.rcParams["axes.prop_cycle"] = plt.cycler(color=PALETTE)
    plt.rcParams.update({
        "font.family": "sans-serif",
        "font.sans-serif": [FONT_FAMILY, "DejaVu Sans"],
        "axes.unicode_minus": False,
        # every text in a chart comes from the data or the labels: "$" is a dollar, never maths
        "text.parse_math": False,
        "figure.dpi": 110,
        "savefig.dpi": 110,
        "figure.figsize": (9, 5),
        "axes.titlesize": 13,
        "axes.titleweight": "normal",
        "axes.labelsize": 11,
        "xtick.labelsize": 10,
        "ytick.labelsize": 10,
        "legend.fontsize": 9,
        "legend.frameon": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
    })
    _READY = True


def source_text(lang: str, detail: str = "") -> str:
    """'Source: Shaoxing pilot plan (2017), <detail>' in ``lang``."""
    src = i18n.t("plan_short", lang) + (("，" if lang == "zh" else ", ") + detail if detail else "")
    return i18n.t("source", lang, src=src)


def figure(width: float = 9, height: float = 5, **kw):
    """A new figure and axes in the house style."""
    setup()
    return plt.subplots(figsize=(width, height), **kw)


def wrap(label: str, width: int) -> str:
    """Wrap a label; Chinese (no spaces) is cut by characters."""
    label = str(label)
    if " " not in label:
        return "\n".join(label[i:i + width] for i in range(0, len(label), width))
    return textwrap.fill(label, width=width * 2 if width < 12 else width)


# The CJK font draws curly quotes full-width, as Chinese text wants them; in English
# text they leave wide gaps ("Advance “Internet+”"), so English charts use straight ones.
_STRAIGHT_QUOTES = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'"})


_KINDS = {"bars": ("Bar chart", "条形图"), "stacked": ("Stacked bar chart", "堆积条形图"),
          "dots": ("Dot chart", "点图"), "paths": ("Chart of figures and targets by year", "年份数据与目标图"),
          "ranges": ("Chart of ranges", "区间图"), "grid": ("Grid chart", "矩阵图"),
          "timeline": ("Timeline chart", "时间节点图")}


def describe(lang: str, kind: str, title: str, items=(), more: str = "") -> str:
    """A chart's alt text in ``lang``: what kind of chart, its title, then what it shows, item by item.

    >>> describe("zh", "bars", "2016年分行业产值", ["化纤1100亿元", "织造900亿元"])
    '条形图：2016年分行业产值。化纤1100亿元；织造900亿元。'
    """
    en = i18n.check_lang(lang) == "en"
    head = _KINDS[kind][0 if en else 1] + (": " if en else "：") + title.rstrip(".。")
    text = head + ("." if en else "。")
    items = [str(i) for i in items if str(i)]
    if items:
        text += (" " if en else "") + ("; " if en else "；").join(items) + ("." if en else "。")
    if more:
        text += (" " if en else "") + more
    return " ".join(text.split()) if en else text.replace("\n", "")


def alt_text(fig) -> str:
    """The description a chart function gave ``fig`` (see :func:`finish`), else its title."""
    alt = getattr(fig, "sx_alt", None)
    if alt:
        return alt
    return fig._suptitle.get_text() if fig._suptitle is not None else ""


def finish(fig, title: str, source: str, lang: str, alt: str | None = None):
    """Add the title and the source line, tidy the layout, and return ``fig``.

    ``alt`` describes what the chart shows in ``lang`` (see :func:`describe`);
    it is kept as ``fig.sx_alt`` and becomes the image's alt text on the page
    (``shaoxing.display.show``).  In English, curly quotes in any of the
    figure's texts become straight quotes.
    """
    fig.sx_alt = " ".join((alt or title).split()) if lang == "en" else (alt or title).replace("\n", "")
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    fig._shaoxing_source_artist = fig.text(0.01, 0.005, source, ha="left", va="bottom", fontsize=8, color="#555555")
    fig._shaoxing_title, fig._shaoxing_source, fig._shaoxing_lang = title, source, lang  # for its CSV
    if lang == "en":
        _straighten_quotes(fig)
    fig.tight_layout(rect=(0, 0.045, 1, 0.96))
    # the layout is done: without the placeholder engine tight_layout leaves, savefig draws once, not twice
    fig.set_layout_engine(None)
    return fig


_CSV_NAME = {"en": "name", "zh": "名称"}  # first column of a registered chart's CSV


def extend_source(fig, more: str, lang: str):
    """Credit more sources on a finished chart: ``more`` joins the source line drawn under it and the
    source its CSV names (one line: 'Source: <plan>, lines …; later figures: …'); returns ``fig``."""
    if not more:
        return fig
    sep = "；" if i18n.check_lang(lang) == "zh" else "; "
    source = (getattr(fig, "_shaoxing_source", "") or "").rstrip("。.")
    source = f"{source}{sep}{more}" if source else more
    fig._shaoxing_source = source
    artist = getattr(fig, "_shaoxing_source_artist", None)
    if artist is not None:
        artist.set_text(source if lang == "zh" else source.translate(_STRAIGHT_QUOTES))
    return fig


def y_title(ax, text: str, **kw):
    """The vertical axis's title, written horizontally above the axis's top-left corner (over the tick
    labels), never turned on its side: Chinese (亿元, 国家/地区) read upright, and English in the same style.
    Kept as the axis label, so the chart's CSV names its column after it; returns the label."""
    label = ax.set_ylabel(" ".join(str(text).split()) if kw.pop("one_line", True) else text, rotation=0,
                          ha="right", va="bottom", rotation_mode="anchor", **kw)
    ax.yaxis.set_label_coords(0, 1.02)
    return label


def series_name(artist, name: str):
    """Name a drawn series that has no legend entry (a connecting line, a reference bar) for the chart's CSV,
    where every series has a name (see :mod:`shaoxing.build.chartdata`); returns ``artist``."""
    artist._shaoxing_series = " ".join(str(name).split())
    return artist


def attach_data(fig, data: pd.DataFrame):
    """Register the numbers ``fig`` draws (headers with units), for the CSV beside the chart; returns ``fig``.

    Without it, the page's CSV holds the numbers read from the figure's bars, lines and
    points (see :mod:`shaoxing.build.chartdata`); a chart whose artists do not say what
    they are (a stacked bar whose segments are named in the bar) registers them here.
    """
    fig._shaoxing_data = data.reset_index(drop=True)
    return fig


def _straighten_quotes(fig) -> None:
    """Straight quotes in every text of ``fig``, tick labels included (they are redrawn from formatters)."""
    from matplotlib.category import StrCategoryFormatter
    from matplotlib.text import Text
    from matplotlib.ticker import FixedFormatter, FuncFormatter

    for text in fig.findobj(Text):
        s = text.get_text()
        if s and s != s.translate(_STRAIGHT_QUOTES):
            text.set_text(s.translate(_STRAIGHT_QUOTES))
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            fmt = axis.get_major_formatter()
            # text labels: given with set_xticks / set_yticks (a FixedFormatter or a FuncFormatter,
            # depending on the locator) or categories of bars plotted against strings; numeric
            # formatters keep state between ticks and hold no quotes, so they are left alone
            if isinstance(fmt, (FixedFormatter, FuncFormatter, StrCategoryFormatter)):
                axis.set_major_formatter(FuncFormatter(_straight_labels(fmt)))


def _straight_labels(formatter):
    return lambda x, pos=None: str(formatter(x, pos)).translate(_STRAIGHT_QUOTES)


# ---------------------------------------------------------------- industry profile


def segment_bars(structure: pd.DataFrame, lang: str, source: str):
    """Output by segment (bars) with the number of firms written beside each bar."""
    seg = structure[structure["level"] != "industry"].iloc[::-1]
    names = [("    " if lvl == "sub-segment" else "") + str(n)
             for n, lvl in zip(seg[i18n.col("segment", lang)], seg["level"])]
    values = i18n.money_value(seg["output_value"].astype(float), lang)
    fig, ax = figure(9, 0.55 * len(seg) + 1.8)
    colors = [PALETTE[0] if c else "#9aa5ad" for c in seg["counted_in_total"].fillna(False)]
    colors = [PALETTE[1] if lvl == "sub-segment" else c for c, lvl in zip(colors, seg["level"])]
    ax.barh(names, values, color=colors)
    items = []
    for y, (v, n, name) in enumerate(zip(values, seg["enterprises"], names)):
        firms = "" if pd.isna(n) else (f"{int(n):,} firms" if lang == "en" else f"{int(n)}家")
        num = i18n.number(v, 1, lang)
        ax.text(v, y, (f" {num}  ({firms})" if lang == "en" else f" {num}（{firms}）") if firms else f" {num}",
                va="center", fontsize=9)
        amount = i18n.money(v / i18n.YI_TO_BN if lang == "en" else v, lang)
        items.append(f"{name.strip()}{' ' if lang == 'en' else ''}{amount}" + ((f" ({firms})" if lang == "en" else f"（{firms}）") if firms else ""))
    ax.set_xlabel(i18n.t("output_value", lang))
    ax.set_xlim(0, float(values.max()) * 1.3)
    ax.grid(axis="y", visible=False)
    # what the colours mean, for the kinds of row this industry has
    from matplotlib.patches import Patch

    kinds = {PALETTE[0]: ("a segment of the industry", "行业"),
             PALETTE[1]: ("part of a segment above", "上方某行业的其中项"),
             "#9aa5ad": ("beside the industry, not in its total", "与本产业并列，不计入合计")}
    present = [c for c in kinds if c in colors]
    if len(present) > 1:
        ax.legend(handles=[Patch(color=c, label=kinds[c][0 if lang == "en" else 1]) for c in present],
                  loc="lower right", fontsize=9)
    title = "Output by segment, 2016" if lang == "en" else "2016年分行业产值"
    return finish(fig, title, source, lang, describe(lang, "bars", title, items[::-1]))


def share_bars(structure: pd.DataFrame, lang: str, source: str):
    """Each segment's share of the city's industry above designated size, of the province's and of the nation's trade."""
    seg = structure.iloc[::-1]
    names = list(seg[i18n.col("segment", lang)])
    fig, ax = figure(9, 0.6 * len(seg) + 2.6)
    y = np.arange(len(seg))
    h = 0.27
    shares = (("share_city_pct", "share_city_of"), ("share_province_pct", "share_province_of"),
              ("share_national_pct", "share_national_of"))
    for k, (colname, key) in enumerate(shares):
        vals = seg[colname].astype(float)
        # first share on top within each group, as in the legend above the plot (read in the same order)
        ax.barh(y + (1 - k) * h, vals, height=h, label=i18n.t(key, lang), color=PALETTE[k])
        for yy, v in zip(y + (1 - k) * h, vals):
            if pd.notna(v):
                ax.text(v, yy, f" {v:g}", va="center", fontsize=8)
    ax.set_yticks(y, names)
    ax.set_xlabel(i18n.t("share_axis_totals", lang))
    finite = seg[[c for c, _ in shares]].astype(float).max().max()
    ax.set_xlim(0, max(float(finite) * 1.12, 10) if pd.notna(finite) else 100)
    # the legend above the bars, never over them; one entry a line, in the order the bars are stacked
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=1, borderaxespad=0.3)
    ax.grid(axis="y", visible=False)
    title = "Where the industry stands, 2016: shares of three different totals" if lang == "en" \
        else "2016年产业地位：占三个不同总量的比重"
    colon = ": " if lang == "en" else "："
    items = []
    for name, (_, r) in zip(names[::-1], seg.iloc[::-1].iterrows()):
        parts = [f"{i18n.t(key + '_short', lang)} {r[c]:g}%" if lang == "en" else f"{i18n.t(key + '_short', lang)}{r[c]:g}%"
                 for c, key in shares if pd.notna(r[c])]
        items.append(name + colon + (", " if lang == "en" else "，").join(parts))
    return finish(fig, title, source, lang, describe(lang, "bars", title, items))


def value_added_pie(mix: pd.DataFrame, lang: str, source: str):
    """The textile value-added chain (shares of value added by segment)."""
    fig, ax = figure(9, 2.6)
    left = 0.0
    for k, r in enumerate(mix.itertuples(index=False)):
        ax.barh([0], [r.share_pct], left=left, color=PALETTE[k % len(PALETTE)])
        label = getattr(r, i18n.col("segment", lang))
        ax.text(left + r.share_pct / 2, 0, f"{label}\n{r.share_pct:g}%", ha="center", va="center",
                color="white", fontsize=10)
        left += r.share_pct
    ax.set_xlim(0, 100)
    ax.set_yticks([])
    ax.set_xlabel("% of value added" if lang == "en" else "占工业增加值比重（%）")
    ax.grid(False)
    title = "Value-added chain of the textile industry" if lang == "en" else "纺织产业链增加值构成"
    attach_data(fig, pd.DataFrame({_CSV_NAME[lang]: list(mix[i18n.col("segment", lang)]),
                                   ax.get_xlabel(): mix["share_pct"].astype(float).to_numpy()}))
    items = [f"{getattr(r, i18n.col('segment', lang))} {r.share_pct:g}%" for r in mix.itertuples(index=False)]
    return finish(fig, title, source, lang, describe(lang, "stacked", title, items))


def chartable_paths(paths: pd.DataFrame) -> pd.DataFrame:
    """The rows of :func:`shaoxing.analysis.growth_paths` worth a chart: metrics with two points or more.

    A metric with a single target and no baseline is one point; a chart of it
    shows nothing a sentence or a table does not (say it in words instead).
    """
    if paths.empty:
        return paths
    targets = paths.groupby("metric")["target_year"].transform("count")
    has_base = paths.groupby("metric")["base_value"].transform(lambda v: v.notna().any()).astype(int)
    return paths[(targets + has_base) >= 2]


def _money_label(yi: float, lang: str) -> str:
    """An amount in 亿元 with only the decimals it has: 'CNY 10 bn', 'CNY 367.35 bn' / '100亿元'."""
    if lang == "zh":
        return i18n.money(yi, lang)
    bn = float(yi) * i18n.YI_TO_BN
    return f"CNY {f'{bn:,.2f}'.rstrip('0').rstrip('.')} bn"


def growth_path_chart(paths: pd.DataFrame, lang: str, source: str, title: str):
    """Baseline and targets, one panel per metric (each scope on its own axis, from zero).

    Only metrics with two points or more are drawn (:func:`chartable_paths`).
    A solid line joins a baseline and a target of the same scope; where the
    scopes differ the points stand apart, joined by a dotted grey line marked
    "scope differs".  Every point has a legend entry saying what it measures.
    """
    paths = chartable_paths(paths)
    metrics = list(dict.fromkeys(paths["metric"]))
    if not metrics:
        raise ValueError("growth_path_chart: no metric with two points (a baseline and a target, or two targets); "
                         "say the single figures in words instead (see chartable_paths)")
    fig, axes = figure(9, 3.3 * len(metrics) + 0.9, nrows=len(metrics), squeeze=False)
    en = lang == "en"
    items = []
    for ax, metric in zip(axes[:, 0], metrics):
        g = paths[paths["metric"] == metric].sort_values("target_year")
        unit = g["unit"].iloc[0]
        money = unit == "亿元"
        scale = i18n.YI_TO_BN if money and en else 1.0
        amount = (lambda v: _money_label(v, lang)) if money else \
            (lambda v: i18n.amount(v, unit, g["unit_en"].iloc[0], lang))
        color = PALETTE[0]
        base = g.dropna(subset=["base_value"])
        if len(base):
            b = base.iloc[0]
            bscope = b["base_scope_en"] if en else b["base_scope_zh"]
            label = (f"{int(b['base_year'])}: " if en else f"{int(b['base_year'])}年：") + str(bscope)
            ax.plot([b["base_year"]], [b["base_value"] * scale], "o", color="#5f6b73", markersize=8,
                    label=wrap(label, 60 if en else 34))
            ax.annotate(amount(b["base_value"]), (b["base_year"], b["base_value"] * scale),
                        textcoords="offset points", xytext=(0, 9), ha="center", fontsize=9)
            items.append(f"{label}{' ' if en else ''}{amount(b['base_value'])}")
        for r in g.itertuples(index=False):
            v = r.target_value * scale
            tscope = r.target_scope_en if en else r.target_scope_zh
            label = (f"{int(r.target_year)} target: " if en else f"{int(r.target_year)}年目标：") + str(tscope)
            ax.plot([r.target_year], [v], QUALIFIER_MARKERS.get(r.qualifier, "o"), color=color, markersize=9,
                    label=wrap(label, 60 if en else 34))
            text = i18n.target_phrase(amount(r.target_value), r.qualifier, "", lang)
            ax.annotate(text, (r.target_year, v), textcoords="offset points", xytext=(0, 9), ha="center", fontsize=9)
            items.append(f"{label}{' ' if en else ''}{text}")
            if pd.notna(r.base_value):
                same = r.comparable is not pd.NA and bool(r.comparable)
                style = dict(color=color, lw=2) if same else dict(color="#999999", lw=1, ls=":")
                joint, = ax.plot([r.base_year, r.target_year], [r.base_value * scale, v], zorder=1, **style)
                series_name(joint, i18n.t("path_line" if same else "path_line_scope", lang,
                                          y0=int(r.base_year), y1=int(r.target_year)))
                if not same:
                    ax.annotate(i18n.t("scope_differs_short", lang), ((r.base_year + r.target_year) / 2,
                                (r.base_value * scale + v) / 2), textcoords="offset points", xytext=(0, -14),
                                fontsize=8, color="#777777", ha="center")
                    items.append(i18n.t("scope_differs_short", lang))
        y_title(ax, i18n.money_unit(lang) if money else (g["unit_en"].iloc[0] if en else unit))
        ax.set_xlabel(i18n.t("year", lang))
        years = sorted(set(g["target_year"].dropna().astype(int)) | set(g["base_year"].dropna().astype(int)))
        ax.set_xticks(years, [str(y) for y in years])
        ax.set_xlim(min(years) - 1, max(years) + 1)
        top = float(np.nanmax(np.r_[g["target_value"].to_numpy(float), g["base_value"].to_numpy(float)])) * scale
        ax.set_ylim(0, top * 1.3)  # from zero, each metric on its own scale
        ax.legend(loc="upper left", fontsize=8.5)
    sep = "; " if en else "；"
    return finish(fig, title, source, lang, describe(lang, "paths", title, [sep.join(items)]))


def _fmt(v: float) -> str:
    return f"{v:,.1f}" if abs(v) < 100 else f"{v:,.0f}"


def _metric_label(row, lang: str) -> str:
    scope = row["target_scope_en"] if lang == "en" else row["target_scope_zh"]
    return wrap(scope if isinstance(scope, str) else row["metric"], 40 if lang == "en" else 24)


def benchmark_chart(benchmarks: pd.DataFrame, lang: str, source: str, title: str):
    """Distinct benchmarks by country, stacked by kind.

    Takes the ``benchmarks`` table (one row per mention in the roadmap): a
    benchmark named in several focus areas counts once (by its English name).
    A table of counts (``country``, ``kind``, ``count``) is drawn as given.
    Countries are named, not coded; the legend sits above the bars.
    """
    from matplotlib.patches import Patch

    if "count" in benchmarks.columns:
        counts = benchmarks
    else:
        distinct = benchmarks.drop_duplicates(subset=["name_en"])
        counts = distinct.groupby(["country", "kind"]).size().rename("count").reset_index()
    table = counts.pivot_table(index="country", columns="kind", values="count", aggfunc="sum", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values(kind="stable").index]
    names = [i18n.country(c, lang) for c in table.index]
    fig, ax = figure(8, 0.45 * len(table) + 2.2)
    left = np.zeros(len(table))
    handles = []
    for k, kind in enumerate(table.columns):
        ax.barh(names, table[kind], left=left, color=PALETTE[k], height=0.7, label=i18n.t(f"k_{kind}", lang))
        handles.append(Patch(facecolor=PALETTE[k], edgecolor=PALETTE[k], label=i18n.t(f"k_{kind}", lang)))
        left += table[kind].to_numpy()
    for y, v in enumerate(left):
        ax.text(v, y, f" {int(v)}", va="center", fontsize=9)
    ax.set_xlabel(i18n.t("count", lang) + (" (distinct benchmarks)" if lang == "en" else "（对标对象个数，不重复计）"))
    y_title(ax, i18n.t("country", lang))
    ax.set_xlim(0, float(left.max()) * 1.15 + 0.5)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=len(handles), borderaxespad=0.3)
    ax.grid(axis="y", visible=False)
    items = []
    for name, (code, row) in zip(names[::-1], table.iloc[::-1].iterrows()):
        kinds = [f"{int(v)} {i18n.t(f'k_{k}', lang)}" if lang == "en" else f"{i18n.t(f'k_{k}', lang)}{int(v)}个"
                 for k, v in row.items() if v]
        items.append(f"{name} " + ", ".join(kinds) if lang == "en" else f"{name}" + "、".join(kinds))
    return finish(fig, title, source, lang, describe(lang, "stacked", title, items))


# ---------------------------------------------------------------- plan-wide


def _fmtv(fmt: str, v: float, lang: str) -> str:
    """``fmt.format(v)``; in Chinese without thousands separators or a trailing ``.0`` (the plan's style)."""
    text = fmt.format(v)
    if lang == "zh":
        text = text.replace(",", "")
        if "." in text:
            head, _, tail = text.partition(".")
            digits = "".join(ch for ch in tail if ch.isdigit())
            rest = tail[len(digits):]
            digits = digits.rstrip("0")
            text = head + ("." + digits if digits else "") + rest
    return text


def labelled_bars(labels, values, lang: str, source: str, title: str, xlabel: str, fmt="{:,.1f}",
                  highlight=None):
    """Horizontal bars with their values written at the end (generic cross-industry chart)."""
    labels, values = list(labels), np.asarray(values, dtype=float)
    order = np.argsort(np.nan_to_num(values, nan=-np.inf))
    fig, ax = figure(9, 0.5 * len(labels) + 1.8)
    colors = [PALETTE[1] if highlight is not None and highlight[i] else PALETTE[0] for i in order]
    ax.barh([labels[i] for i in order], np.nan_to_num(values[order]), color=colors)
    for y, i in enumerate(order):
        ax.text(np.nan_to_num(values[i]), y, " " + ("—" if np.isnan(values[i]) else _fmtv(fmt, values[i], lang)),
                va="center", fontsize=9)
    ax.set_xlabel(xlabel)
    finite = values[np.isfinite(values)]
    if len(finite):
        lo = min(0.0, float(finite.min()) * 1.2)
        ax.set_xlim(lo, float(finite.max()) * 1.2 if finite.max() > 0 else 1)
    ax.grid(axis="y", visible=False)
    attach_data(fig, pd.DataFrame({_CSV_NAME[lang]: [" ".join(str(labels[i]).split()) for i in order[::-1]],
                                   xlabel: values[order[::-1]]}))  # missing values stay missing, not 0
    items = [f"{str(labels[i]).replace(chr(10), '')}{' ' if lang == 'en' else ''}"
             + ("—" if np.isnan(values[i]) else _fmtv(fmt, values[i], lang)) for i in order[::-1]]
    return finish(fig, title, source, lang, describe(lang, "bars", title, items))


def source_detail(source: dict, lang: str, lines=None) -> str:
    """'<plan section>, lines a-b, c-d' in ``lang`` from a table's ``source`` metadata.

    ``source`` is ``shaoxing.describe(name).source``; ``lines`` overrides its
    line ranges (a list of ``(first, last)`` pairs).
    """
    section = (source.get("section_en") if lang == "en" else source.get("section_zh")) or ""
    ranges = lines if lines is not None else (source.get("line_ranges") or
                                              ([source["lines"]] if source.get("lines") else []))
    sep = ", " if lang == "en" else "，"
    parts = [section]
    if ranges:
        spans = [str(a) if a == b else f"{a}-{b}" for a, b in ranges]
        one = len(ranges) == 1 and ranges[0][0] == ranges[0][1]
        parts.append(i18n.t("ov_line_one" if one else "ov_lines_list", lang,
                            lines=(", " if lang == "en" else "、").join(spans)))
    return sep.join(p for p in parts if p)


def source_for(source: dict, lang: str, lines=None) -> str:
    """A chart source line ('Source: <plan>, <section>, lines …') from a table's ``source`` metadata."""
    return source_text(lang, source_detail(source, lang, lines))


# colours of the indicator names by category: none of them is the blue or orange of the 2020 / 2025 dots
CATEGORY_COLORS = ["#2f7d4a", "#7d5ba6", "#8c6d31", "#127a7a", "#a0307a"]


def indicator_ambition_chart(overview: pd.DataFrame, lang: str, source: str):
    """Every main indicator's 2020 and 2025 target as an index of its baseline (= 100), on one scale.

    Takes :func:`shaoxing.analysis.indicator_overview`.  Rows are sorted by
    the 2025 index; indicator names are coloured by category; targets that
    are yearly flows (annual increments) are drawn as hollow diamonds, and
    a baseline from another year than 2016 is named in the label.
    """
    df = overview.dropna(subset=["index_2025"]).sort_values("index_2025").reset_index(drop=True)
    cats = list(dict.fromkeys(overview[i18n.col("category", lang)]))
    cat_color = {c: CATEGORY_COLORS[k % len(CATEGORY_COLORS)] for k, c in enumerate(cats)}
    names = []
    for r in df.itertuples(index=False):
        name = getattr(r, i18n.col("name", lang))
        extra = []
        if r.target_kind == "annual_increment":
            extra.append("yearly flow" if lang == "en" else "年度增量")
        if pd.notna(r.baseline_year) and int(r.baseline_year) != 2016:
            extra.append(f"base {int(r.baseline_year)}" if lang == "en" else f"基期{int(r.baseline_year)}年")
        width = 46 if lang == "en" else 20
        label = wrap(name, width)
        if extra:
            tail = ("(" + "; ".join(extra) + ")") if lang == "en" else ("（" + "；".join(extra) + "）")
            last = label.split("\n")[-1]
            fits = len(last) + len(tail) + 1 <= (width if lang == "zh" else width * 1.1)
            label += (" " if lang == "en" else "") + tail if fits else "\n" + tail
        names.append(f"{int(r.indicator_no)}. " + label)
    fig, ax = figure(10, 0.62 * len(df) + 2.4)
    y = np.arange(len(df))
    ax.axvline(100, color="#333333", lw=1)
    flow = (df["target_kind"] == "annual_increment").to_numpy()
    ax.hlines(y, 100, df[["index_2020", "index_2025"]].max(axis=1), color="#cccccc", zorder=1)
    for k, (c, yr) in enumerate((("index_2020", 2020), ("index_2025", 2025))):
        ax.scatter(df.loc[~flow, c], y[~flow], s=55, color=PALETTE[k], zorder=3, label=str(yr))
    ax.scatter(df.loc[flow, "index_2025"], y[flow], s=70, marker="D", facecolor="white", edgecolor="#333333",
               linewidth=1.6, zorder=3,
               label="2020 = 2025 (yearly target)" if lang == "en" else "2020年=2025年（每年目标）")
    for yy, r in zip(y, df.itertuples(index=False)):
        pad = "    " if r.target_kind == "annual_increment" else "  "  # the diamond is wider than a dot
        ax.text(r.index_2025, yy, f"{pad}{r.index_2025:.0f}", va="center", fontsize=8)
        if abs(r.index_2025 - r.index_2020) > 0.5:
            ax.annotate(f"{r.index_2020:.0f}", (r.index_2020, yy), textcoords="offset points", xytext=(0, 6),
                        ha="center", va="bottom", fontsize=7, color="#555555")
    ax.set_yticks(y, names)
    for tick, cat in zip(ax.get_yticklabels(), df[i18n.col("category", lang)]):
        tick.set_color(cat_color[cat])
    ax.set_ylim(-0.7, len(df) - 0.4)
    ax.set_xlabel("Target as % of baseline (baseline = 100)" if lang == "en" else "目标值相当于基期值的百分比（基期=100）")
    top = float(df[["index_2020", "index_2025"]].max().max())
    ax.set_xlim(80, max(top * 1.12, 120))
    leg = ax.legend(loc="lower right", title="Target year" if lang == "en" else "目标年")
    ax.add_artist(leg)
    from matplotlib.patches import Patch
    handles = [Patch(color=cat_color[c], label=c) for c in cats if c in set(df[i18n.col("category", lang)])]
    ax.legend(handles=handles, loc="lower right", bbox_to_anchor=(1.0, 0.2), ncol=1,
              title="Category (colour of the name)" if lang == "en" else "类别（指标名称颜色）")
    ax.grid(axis="y", visible=False)
    title = "How ambitious is each target? Targets indexed to the baseline" if lang == "en" \
        else "各项指标目标的力度：以基期为100的目标指数"
    items = []
    for r in df.iloc[::-1].itertuples(index=False):
        name = getattr(r, i18n.col("name", lang))
        if lang == "en":
            items.append(f"{int(r.indicator_no)}. {name}: 2020 {r.index_2020:.0f}, 2025 {r.index_2025:.0f}")
        else:
            items.append(f"{int(r.indicator_no)}. {name}：2020年{r.index_2020:.0f}，2025年{r.index_2025:.0f}")
    return finish(fig, title, source, lang, describe(lang, "dots", title, items))


FIBRE_PARTS = (("apparel", "Apparel", "服装用"), ("home_textile", "Home textiles", "家纺用"),
               ("industrial", "Industrial", "产业用"))


def fibre_mix_shift_chart(mix: pd.DataFrame, lang: str, source: str, baseline_year: int = 2016):
    """The apparel : home-textile : industrial fibre mix, one stacked bar per year, legend above the bars."""
    fig, ax = figure(9, 3.3)
    years = [f"{int(y)} " + (("actual" if lang == "en" else "实际") if int(y) == baseline_year
                             else ("target" if lang == "en" else "目标")) for y in mix["year"]]
    if lang == "zh":
        years = [s.replace(" ", "年") for s in years]
    left = np.zeros(len(mix))
    for k, (c, en, zh) in enumerate(FIBRE_PARTS):
        vals = mix[c].astype(float).to_numpy()
        ax.barh(years, vals, left=left, color=PALETTE[k], label=en if lang == "en" else zh, height=0.62)
        for yy, (lft, v) in enumerate(zip(left, vals)):
            ax.text(lft + v / 2, yy, f"{v:g}%", ha="center", va="center", color="white", fontsize=11)
        left += vals
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of fibre use" if lang == "en" else "占纤维用量比重（%）")
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.0), ncol=3)
    ax.grid(axis="y", visible=False)
    title = "Fibre mix: apparel : home textiles : industrial" if lang == "en" else "服装用、家纺用、产业用纤维比重"
    items = [f"{y} " + ":".join(f"{float(r[c]):g}" for c, _, _ in FIBRE_PARTS) if lang == "en"
             else f"{y}" + ":".join(f"{float(r[c]):g}" for c, _, _ in FIBRE_PARTS)
             for y, (_, r) in zip(years, mix.iterrows())]
    return finish(fig, title, source, lang, describe(lang, "stacked", title, items))


def _fmt_whole(v: float) -> str:
    """Like ``_fmt`` but without a trailing '.0' on whole numbers (50, not 50.0)."""
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else _fmt(v)


def reconciliation_bars(recon: pd.DataFrame, names: dict, lang: str, source: str):
    """The key industries' 2020 output targets stacked against the headline target, on one axis from zero.

    ``recon`` is :func:`shaoxing.analysis.target_reconciliation`; ``names``
    maps industry id -> display name.  Output targets are stacked on one
    bar; the gap to the headline is an outlined box and is written as a
    number and a percentage of the headline (a zoomed axis would make a gap
    of a fraction of a percent look large); a key industry whose figure has
    another scope (huangjiu's full-chain sales) is drawn hatched on its own
    row, starting where the output targets end, so it is never added in silently.
    """
    en = lang == "en"
    headline = float(recon.attrs.get("headline", np.nan))
    key = recon[(recon["group"] == "key") & recon["value"].notna()]
    counted = key[key["comparable"].eq(True)]
    other = key[key["comparable"].eq(False)]
    scale = i18n.YI_TO_BN if en else 1.0
    colors = [c for c in PALETTE if c != PALETTE[3]]
    gap_color, other_color = PALETTE[3], "#5f6b73"
    H, total = headline * scale, float(counted["value"].sum()) * scale
    o_end = total + float(other["value"].sum()) * scale
    num = lambda v: i18n.number(v, 1, lang) if en else i18n.number(v, 1, "zh")  # noqa: E731
    labels = ["Headline target:\nkey traditional industries" if en else "总体目标：\n重点传统产业产值",
              "Sum of the key industries'\noutput targets" if en else "重点产业\n产值目标合计",
              "Another scope,\nnot output" if en else "其他口径\n（非产值）"]
    fig, ax = figure(10, 4.4)
    handles = []
    flat = lambda s_: s_.replace("\n", " ") if en else s_.replace("\n", "")  # noqa: E731
    series_name(ax.barh([0], [H], color="#8a949b", height=0.6), flat(labels[0]))
    ax.text(H / 2, 0, num(H), ha="center", va="center", color="white", fontsize=10)
    left = 0.0
    for k, r in enumerate(counted.itertuples(index=False)):
        v = float(r.value) * scale
        handles.append(ax.barh([1], [v], left=left, color=colors[k % len(colors)], edgecolor="white", height=0.6,
                               label=names.get(r.industry, r.industry)))
        if v > 0.08 * max(H, o_end):
            ax.text(left + v / 2, 1, num(v), ha="center", va="center", color="white", fontsize=9)
        left += v
    gap = H - total
    if gap > 0:
        handles.append(ax.barh([1], [gap], left=total, facecolor="none", edgecolor=gap_color, linestyle="--",
                               height=0.6, label="Gap to the headline" if en else "与总体目标的差额"))
    amt = lambda v: i18n.money(v / scale, lang)  # noqa: E731  (v in the chart's unit)
    items = [f"{flat(labels[0])}{' ' if en else ''}{amt(H)}", f"{flat(labels[1])}{' ' if en else ''}{amt(total)}"]
    if gap != 0 and np.isfinite(gap):
        share = abs(gap) / H * 100
        text = (f"sum {num(total)}: {num(abs(gap))} ({share:.1f}%) {'below' if gap > 0 else 'above'} the headline"
                if en else f"合计{num(total)}，{'低于' if gap > 0 else '高于'}总体目标{num(abs(gap))}（{share:.1f}%）")
        ax.annotate(text, (max(total, H), 1), textcoords="offset points", xytext=(6, 0), ha="left", va="center",
                    fontsize=9, color=gap_color)
        items.append(f"{amt(abs(gap))} ({share:.1f}%) {'below' if gap > 0 else 'above'} the headline" if en
                     else f"{'低于' if gap > 0 else '高于'}总体目标{amt(abs(gap))}（{share:.1f}%）")
    o_left = total
    for r in other.itertuples(index=False):
        v = float(r.value) * scale
        scope = r.scope_en if en else r.scope_zh
        handles.append(ax.barh([2], [v], left=o_left, facecolor="white", edgecolor=other_color, hatch="///",
                               height=0.6, label=wrap(f"{names.get(r.industry, r.industry)}{': ' if en else '：'}"
                                                      f"{scope}", 30 if en else 16)))
        o_left += v
    if len(other):
        text = (f"with it {num(o_end)}" if en else f"相加为{num(o_end)}")
        ax.annotate(text, (o_end, 2), textcoords="offset points", xytext=(6, 0), ha="left", va="center", fontsize=9)
        items.append(flat(labels[2]) + (f", with it {amt(o_end)}" if en else f"，相加为{amt(o_end)}"))
    ax.axvline(H, color="#333333", lw=1, ls=":")
    ax.set_xlim(0, max(H, o_end) * 1.42)
    ax.set_yticks([0, 1, 2] if len(other) else [0, 1], labels if len(other) else labels[:2])
    ax.set_ylim(2.5 if len(other) else 1.5, -0.55)
    ax.set_xlabel("2020 output target (CNY bn)" if en else "2020年产值目标（亿元）")
    ax.grid(axis="y", visible=False)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.05), ncol=min(len(handles), 4),
               fontsize=9)
    year = int(recon.attrs.get("year", 2020))
    title = f"{year} output targets: the key industries against the headline" if en \
        else f"{year}年产值目标：重点产业目标与总体目标对照"
    finish(fig, title, source, lang, describe(lang, "stacked", title, items))
    fig.tight_layout(rect=(0, 0.22, 1, 0.96))  # room for the legend below the panel
    return fig


def city_total_chart(consistency: pd.DataFrame, labels: list, lang: str, source: str):
    """The 2016 city total implied by each row's printed share, with its rounding interval.

    ``consistency`` is :func:`shaoxing.analysis.city_share_consistency`;
    ``labels`` one display label per row.  The band is the range all three
    tables' industry rows agree on; a row whose interval misses it is drawn
    in red.
    """
    df = consistency.reset_index(drop=True)
    scale = i18n.YI_TO_BN if lang == "en" else 1.0
    low, high = consistency.attrs["low"] * scale, consistency.attrs["high"] * scale
    fig, ax = figure(10, 0.42 * len(df) + 2.4)
    y = np.arange(len(df))
    ax.axvspan(low, high, color=PALETTE[2], alpha=0.18, lw=0,
               label=("Range all three industry rows agree on" if lang == "en" else "三张表合计行共同给出的区间"))
    for yy, r in zip(y, df.itertuples(index=False)):
        color = PALETTE[0] if r.consistent else PALETTE[3]
        ax.plot([r.implied_low * scale, r.implied_high * scale], [yy, yy], color=color, lw=2.2,
                solid_capstyle="butt")
        ax.plot([r.implied_city_total * scale], [yy], "o", color=color, markersize=6 if r.level == "industry" else 4)
    ax.plot([], [], color=PALETTE[0], lw=2.2, marker="o",
            label="Implied total and rounding interval" if lang == "en" else "推算总量及舍入区间")
    ax.plot([], [], color=PALETTE[3], lw=2.2, marker="o",
            label="Printed share not a rounding of the true one" if lang == "en" else "所印比重与推算值不符")
    for yy, (a, b) in enumerate(zip(df["industry"].iloc[:-1], df["industry"].iloc[1:])):
        if a != b:
            ax.axhline(yy + 0.5, color="#999999", lw=0.8)
    for yy, lvl in zip(y, df["level"]):
        if lvl == "industry":
            ax.axhspan(yy - 0.45, yy + 0.45, color="#eeeeee", zorder=0, lw=0)
    ax.set_yticks(y, labels)
    ax.set_ylim(len(df) - 0.5, -0.5)
    ax.set_xlabel(("Implied output of the city's industry above designated size, 2016" if lang == "en"
                   else "推算的2016年全市规上工业产值") + (f" ({i18n.money_unit(lang)})" if lang == "en" else "（亿元）"))
    ax.legend(loc="upper right", fontsize=8, frameon=True, facecolor="white", edgecolor="#cccccc")
    ax.grid(axis="y", visible=False)
    title = "One city total behind three tables: output ÷ printed share" if lang == "en" \
        else "三张表背后的同一全市总量：产值÷所印比重"
    n_bad = int((~df["consistent"].astype(bool)).sum())
    more = (f"All rows agree on {i18n.number(low, 0, lang)} to {i18n.number(high, 0, lang)}; "
            f"{n_bad} of {len(df)} rows fall outside." if lang == "en" else
            f"各行共同给出的区间为{i18n.number(low, 0, lang)}至{i18n.number(high, 0, lang)}亿元；{len(df)}行中有{n_bad}行落在区间之外。")
    return finish(fig, title, source, lang, describe(lang, "ranges", title, more=more))


# ---------------------------------------------------------------- cross-industry


def _industry_label(row, lang: str, width: int = 16) -> str:
    name = row["name_en"] if lang == "en" else row["name_zh"]
    if isinstance(row.get("target_metric"), str) and row["target_metric"] != "output_value":
        name = f"{name}{'' if lang == 'zh' else ' '}{i18n.t('sales_paren', lang)}"
    return wrap(name, width if lang == "zh" else 22)


def output_target_chart(overview: pd.DataFrame, lang: str, source: str, title: str):
    """Each industry's 2016 figure beside its 2020 target (money, one pair of bars per industry).

    A target whose scope differs from the 2016 figure is hatched and marked
    "scope differs"; an industry without a 2016 figure shows the target alone
    with "no 2016 figure" written where the baseline bar would be.
    """
    df = overview.iloc[::-1].reset_index(drop=True)
    scale = i18n.YI_TO_BN if lang == "en" else 1.0
    fig, ax = figure(10, 0.75 * len(df) + 2.0)
    y = np.arange(len(df))
    h = 0.38
    base = df["base_value"].to_numpy(dtype=float) * scale
    target = df["target_value"].to_numpy(dtype=float) * scale
    top = float(np.nanmax(np.r_[base, target]))
    from matplotlib.patches import Patch

    def num(v: float) -> str:
        return i18n.number(v, 2, lang) if lang == "zh" else f"{v:,.2f}".rstrip("0").rstrip(".")

    ax.barh(y + h / 2, np.nan_to_num(base), height=h, color="#9fbfd9")
    for k, r in df.iterrows():
        differs = r["comparable"] is not pd.NA and r["comparable"] is not None and not bool(r["comparable"])
        ax.barh(y[k] - h / 2, np.nan_to_num(target[k]), height=h, color=PALETTE[0] if not differs else "white",
                edgecolor=PALETTE[0], hatch="///" if differs else None, lw=1)
        if np.isfinite(base[k]):
            ax.text(base[k], y[k] + h / 2, " " + num(base[k]), va="center", fontsize=9)
        else:
            ax.text(0, y[k] + h / 2, " " + i18n.t("no_2016_figure", lang), va="center", fontsize=8.5,
                    color="#777777")
        if np.isfinite(target[k]):
            label = " " + i18n.target_phrase(num(target[k]), r["qualifier"], "", lang)
            if differs:
                label += "  (" + i18n.t("scope_differs_short", lang) + ")"
            ax.text(target[k], y[k] - h / 2, label, va="center", fontsize=9)
    handles = [Patch(facecolor="#9fbfd9", label=i18n.t("chart_2016", lang)),
               Patch(facecolor=PALETTE[0], edgecolor=PALETTE[0], label=i18n.t("chart_2020", lang)),
               Patch(facecolor="white", edgecolor=PALETTE[0], hatch="///", label=i18n.t("chart_2020_scope", lang))]
    ax.set_yticks(y, [_industry_label(r, lang) for _, r in df.iterrows()])
    ax.set_xlabel(i18n.t("output_value", lang))
    ax.set_xlim(0, top * 1.45)
    ax.legend(handles=handles, loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, borderaxespad=0.3)
    ax.grid(axis="y", visible=False)
    unit, colon = i18n.t("output_value", lang), (": " if lang == "en" else "：")
    drawn = pd.DataFrame({
        _CSV_NAME[lang]: [_industry_label(r, lang, 99).replace("\n", " ") for _, r in df.iterrows()],
        f"{i18n.t('chart_2016', lang)}{colon}{unit}": base, f"{i18n.t('chart_2020', lang)}{colon}{unit}": target,
        ("scope differs" if lang == "en" else "口径不同"): [
            r["comparable"] is not pd.NA and r["comparable"] is not None and not bool(r["comparable"])
            for _, r in df.iterrows()]})
    attach_data(fig, drawn.iloc[::-1])
    items = []
    for k, r in df.iloc[::-1].iterrows():
        name = _industry_label(r, lang).replace("\n", "" if lang == "zh" else " ")
        b = num(base[k]) if np.isfinite(base[k]) else i18n.t("no_2016_figure", lang)
        tg = i18n.target_phrase(num(target[k]), r["qualifier"], "", lang) if np.isfinite(target[k]) else "—"
        if lang == "en":
            items.append(f"{name}: 2016 {b}, 2020 {tg}")
        else:  # not '2016年方案未给出2016年数据'
            items.append(f"{name}：{'2016年' + b if np.isfinite(base[k]) else b}，2020年{tg}")
    return finish(fig, title, source, lang, describe(lang, "bars", title, items))


def required_growth_chart(overview: pd.DataFrame, lang: str, source: str, title: str):
    """Required compound annual growth from the 2016 figure to the 2020 target, per industry.

    Industries without a rate say why: the scopes differ, or there is no
    2016 figure.
    """
    df = overview.iloc[::-1].reset_index(drop=True)
    rate = df["required_cagr"].to_numpy(dtype=float) * 100
    fig, ax = figure(10, 0.5 * len(df) + 2.0)
    y = np.arange(len(df))
    ax.barh(y, np.nan_to_num(rate), color=PALETTE[0], height=0.6)
    for k, r in df.iterrows():
        if np.isfinite(rate[k]):
            ax.text(rate[k], y[k], " " + i18n.rate(rate[k] / 100, 1, lang), va="center", fontsize=9)
        else:
            why = "no_rate_scope" if r["comparable"] is not pd.NA and r["comparable"] is False else "no_rate_base"
            if pd.isna(r["comparable"]):
                why = "no_rate_base"
            ax.text(0, y[k], " " + i18n.t(why, lang), va="center", fontsize=8.5, color="#777777")
    ax.set_yticks(y, [_industry_label(r, lang) for _, r in df.iterrows()])
    ax.set_xlabel(i18n.t("required_cagr", lang))
    finite = rate[np.isfinite(rate)]
    ax.set_xlim(0, max(float(finite.max()) if len(finite) else 1.0, 1.0) * 1.6)
    ax.grid(axis="y", visible=False)
    attach_data(fig, pd.DataFrame({
        _CSV_NAME[lang]: [_industry_label(r, lang, 99).replace("\n", " ") for _, r in df.iterrows()],
        i18n.t("required_cagr", lang): rate}).iloc[::-1])  # no rate: missing, not 0
    items = [_industry_label(r, lang).replace("\n", "" if lang == "zh" else " ")
             + (": " if lang == "en" else "：")
             + (i18n.rate(rate[k] / 100, 1, lang) if np.isfinite(rate[k]) else "—") for k, r in df.iloc[::-1].iterrows()]
    return finish(fig, title, source, lang, describe(lang, "bars", title, items))


# ---------------------------------------------------------------- implementation 2017


def milestone_chart(timeline: pd.DataFrame, task_labels: dict, lang: str, source: str, title: str):
    """The 2017 milestones on a task × month grid, with the number due per month above it.

    ``timeline`` is :func:`shaoxing.analysis.milestone_timeline`.  Steps with a
    month are filled dots in their month; steps the plan gives no month are
    hollow dots in a separate column after December, not December deadlines.
    Dot size and the number inside give how many steps fall in the cell.
    """
    from matplotlib.lines import Line2D

    nomonth = 13.6
    m = timeline.assign(x=np.where(timeline["dated"], timeline["month"].astype("float64"), nomonth))
    counts = m.groupby(["task_no", "x", "dated"]).size().rename("n").reset_index()
    tasks = sorted(m["task_no"].unique())
    ypos = {t: i for i, t in enumerate(reversed(tasks))}
    setup()
    fig, (top, ax) = plt.subplots(2, 1, figsize=(10, 0.55 * len(tasks) + 3.6), sharex=True,
                                  gridspec_kw={"height_ratios": [1, 0.55 * len(tasks) / 1.6]})
    per = m.groupby(["x", "dated"]).size().rename("n").reset_index()
    for r in per.itertuples(index=False):
        top.bar(r.x, r.n, width=0.7, color=PALETTE[0] if r.dated else "#b8c2c9")
        top.text(r.x, r.n, str(r.n), ha="center", va="bottom", fontsize=9)
    y_title(top, i18n.t("milestones_due", lang), fontsize=9)
    top.set_ylim(0, per["n"].max() * 1.3)
    top.grid(axis="x", visible=False)
    top.yaxis.get_major_locator().set_params(integer=True)
    for r in counts.itertuples(index=False):
        yy = ypos[r.task_no]
        if r.dated:
            ax.scatter(r.x, yy, s=80 + (r.n - 1) * 70, color=PALETTE[0], zorder=3)
            txt_color = "white"
        else:
            ax.scatter(r.x, yy, s=80 + (r.n - 1) * 70, facecolor="white", edgecolor="#5f6b73", lw=1.4, zorder=3)
            txt_color = "#333333"
        if r.n > 1:
            ax.text(r.x, yy, str(r.n), ha="center", va="center", color=txt_color, fontsize=8, zorder=4)
    for a in (top, ax):
        a.axvline(12.8, color="#999999", lw=1, ls="--")
    ax.set_yticks(list(ypos.values()),
                  [f"{t}. " + wrap(task_labels.get(t, ""), 44 if lang == "en" else 14) for t in ypos], fontsize=9)
    ax.set_ylim(-0.6, len(tasks) - 0.4)
    ax.set_xticks(list(range(1, 13)) + [nomonth], [str(i) for i in range(1, 13)] + [i18n.t("no_month_tick", lang)])
    ax.set_xlim(0.4, nomonth + 0.8)
    ax.set_xlabel(i18n.t("month", lang))
    ax.grid(axis="y", color="#eeeeee")
    handles = [Line2D([], [], marker="o", ls="", color=PALETTE[0], markersize=8, label=i18n.t("dated_step", lang)),
               Line2D([], [], marker="o", ls="", markerfacecolor="white", markeredgecolor="#5f6b73", markersize=8,
                      label=i18n.t("undated_step", lang))]
    top.legend(handles=handles, loc="upper left", ncol=2, bbox_to_anchor=(0, 1.32))
    no_month = " ".join(i18n.t("no_month_tick", lang).split()) if lang == "en" else \
        i18n.t("no_month_tick", lang).replace("\n", "")
    attach_data(fig, pd.DataFrame({
        i18n.t("col_task", lang): [f"{int(r.task_no)}. {task_labels.get(r.task_no, '')}" for r in counts.itertuples()],
        i18n.t("month", lang): [str(int(r.x)) if r.dated else no_month for r in counts.itertuples()],
        i18n.t("milestones_due", lang): counts["n"].astype(int).to_numpy()}))
    months = m[m["dated"]].groupby("month").size()
    if lang == "en":
        items = [f"{i18n.t(f'm_{int(k)}', lang)} {int(v)}" for k, v in months.items()]
        items.append(f"no month given {int((~m['dated']).sum())}")
        more = f"{len(m)} steps of {len(tasks)} tasks; steps due per month and per task."
    else:
        items = [f"{int(k)}月{int(v)}个" for k, v in months.items()] + [f"未明确月份{int((~m['dated']).sum())}个"]
        more = f"{len(tasks)}项重点工作共{len(m)}个节点，按月份和任务分布。"
    return finish(fig, title, source, lang, describe(lang, "timeline", title, items, more))


def agency_role_chart(roles: pd.DataFrame, load: pd.DataFrame, lang: str, source: str, title: str,
                      top: int = 20):
    """Agency × measure/task matrix for the ``top`` agencies of ``load`` (in its order).

    Each cell is lettered: L/C/R (en) or 牵/配/责 (zh) for lead, cooperating,
    responsible.  Measures and tasks are separated by a line and labelled.
    """
    units = list(load["unit"].iloc[:top])
    items = sorted(roles["item"].unique(), key=lambda s: (s[0] != "M", int(s[1:])))
    code = {role: i18n.t(f"code_{role}", lang) for role in ("lead", "cooperating", "responsible")}
    colors = {"lead": PALETTE[3], "cooperating": PALETTE[0], "responsible": PALETTE[2]}
    fig, ax = figure(11, 0.4 * len(units) + 2.6)
    n_measures = sum(1 for i in items if i.startswith("M"))
    ax.axvspan(n_measures - 0.5, len(items) - 0.5, color="#f3f5f7", zorder=0)
    ax.axvline(n_measures - 0.5, color="#999999", lw=1)
    sel = roles[roles["unit"].isin(units)].drop_duplicates(["unit", "item", "role"])
    for r in sel.itertuples(index=False):
        x, y = items.index(r.item), units.index(r.unit)
        ax.scatter(x, y, s=190, color=colors[r.role], marker="s", zorder=3)
        ax.text(x, y, code[r.role], ha="center", va="center", color="white", fontsize=7.5, zorder=4)
    ax.set_xticks(range(len(items)), [i18n.item_code(i, lang) for i in items], fontsize=8.5,
                  rotation=0 if lang == "en" else 90)
    ax.set_yticks(range(len(units)), [wrap(u, 44 if lang == "en" else 20) for u in units], fontsize=8.5)
    ax.set_ylim(len(units) - 0.5, -1.4)
    ax.set_xlim(-0.6, len(items) - 0.4)
    ax.text((n_measures - 1) / 2, -1.0, i18n.t("measures_group", lang), ha="center", va="center", fontsize=9.5,
            color="#444444")
    ax.text(n_measures + (len(items) - n_measures - 1) / 2, -1.0, i18n.t("tasks_group", lang), ha="center",
            va="center", fontsize=9.5, color="#444444")
    ax.set_xlabel(i18n.t("items_axis", lang))
    y_title(ax, i18n.t("agency", lang))
    for role, c in colors.items():
        ax.scatter([], [], color=c, marker="s", s=80, label=f"{code[role]} = {i18n.t(role, lang)}")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, borderaxespad=0.2)
    ax.grid(False)
    rows = sel.assign(_u=sel["unit"].map(units.index), _i=sel["item"].map(items.index)).sort_values(["_u", "_i"])
    attach_data(fig, pd.DataFrame({i18n.t("agency", lang): rows["unit"].to_numpy(),
                                   i18n.t("col_item", lang): [i18n.item_code(i, lang) for i in rows["item"]],
                                   i18n.t("role", lang): [i18n.t(r, lang) for r in rows["role"]]}))
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    items = []
    for u in units:
        mine = sel[sel["unit"] == u]
        parts = [f"{code[role]} " + ",".join(mine.loc[mine["role"] == role, "item"]) if lang == "en"
                 else f"{i18n.t(role, lang)}" + "、".join(i18n.item_code(i, lang) for i in mine.loc[mine["role"] == role, "item"])
                 for role in colors if (mine["role"] == role).any()]
        items.append(f"{u}: " + "; ".join(parts) if lang == "en" else f"{u}：" + "，".join(parts))
    return finish(fig, title, source, lang, describe(lang, "grid", title, items))


def unit_load_chart(load: pd.DataFrame, lang: str, source: str, title: str, top: int = 20):
    """Measures and tasks per agency, stacked by role (lead / cooperating / responsible), ``top`` agencies."""
    df = load.iloc[:top].iloc[::-1].reset_index(drop=True)
    fig, ax = figure(10, 0.36 * len(df) + 2.0)
    left = np.zeros(len(df))
    colors = {"lead": PALETTE[3], "cooperating": PALETTE[0], "responsible": PALETTE[2]}
    names = [wrap(u, 44 if lang == "en" else 20) for u in df["unit"]]
    for role, c in colors.items():
        vals = df[role].to_numpy(dtype=float)
        ax.barh(names, vals, left=left, color=c, label=i18n.t(role, lang), height=0.7)
        left += vals
    for y, (v, tot) in enumerate(zip(left, df["total"])):
        ax.text(v, y, f" {int(tot)}", va="center", fontsize=9)
    ax.set_xlabel(i18n.t("load_axis", lang))
    ax.set_xlim(0, float(left.max()) * 1.12)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.tick_params(axis="y", labelsize=8.5)
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    items = []
    for r in df.iloc[::-1].itertuples(index=False):
        if lang == "en":
            items.append(f"{r.unit} {int(r.total)} (lead {int(r.lead)}, cooperating {int(r.cooperating)}, "
                         f"responsible {int(r.responsible)})")
        else:
            items.append(f"{r.unit}{int(r.total)}项（牵头{int(r.lead)}，配合{int(r.cooperating)}，责任{int(r.responsible)}）")
    return finish(fig, title, source, lang, describe(lang, "stacked", title, items))


# ---------------------------------------------------------------- plan vs outcome (progress tracker)

STATUS_COLORS = {"target_met": "#1a7f37", "on_track": "#5cb85c", "acceleration_needed": "#d9a400",
                 "limited_progress": "#e07b39", "deterioration": "#c23b3b",
                 "not_comparable": "#8c8c8c", "unable_to_assess": "#b0b0b0"}
_ASSESSED = ("target_met", "on_track", "acceleration_needed", "limited_progress", "deterioration")
_BANDS = (("deterioration", None, 0), ("limited_progress", 0, 60), ("acceleration_needed", 60, 95),
          ("on_track", 95, None))


def _or_none(text: str):
    """A formatted figure for a chart's CSV: empty (None) where the page writes a dash for 'none'."""
    return None if text == "—" else text


def progress_chart(assessment: pd.DataFrame, lang: str, source: str, title: str | None = None):
    """Observed growth as a share of the growth each target needs, coloured by status (Open SDG ratio).

    Takes :func:`shaoxing.progress.assess`.  Top panel: the items assessed
    against a target, one row each, a dot (a star for target met) at
    ``ratio`` x 100 on bands of the four Open SDG categories (below 0, 0-60,
    60-95, 95 and more), with the observed and required yearly rates written
    under it; an item met without a baseline to measure growth from stands in
    a column of its own at the right.  Bottom panel: the items not assessed
    (not comparable, unable to assess) with what was observed and why, so
    they are shown but kept apart.
    """
    done = assessment[assessment["status"].isin(_ASSESSED)].reset_index(drop=True)
    other = assessment[~assessment["status"].isin(_ASSESSED)].reset_index(drop=True)
    width_label = 46 if lang == "en" else 18
    h1 = 0.72 * max(len(done), 1) + 1.2
    h2 = 0.42 * max(len(other), 1) + 0.8
    fig, (ax, bx) = figure(10.5, h1 + h2 + 1.0, nrows=2, gridspec_kw={"height_ratios": [h1, h2]})

    ratio = done["ratio"].to_numpy(dtype=float) * 100
    finite = ratio[np.isfinite(ratio)]
    lo = min(-40.0, float(finite.min()) - 25) if len(finite) else -40.0
    hi = max(200.0, float(finite.max()) + 30) if len(finite) else 200.0
    hi = min(hi, 400.0)
    met_x = hi + 0.18 * (hi - lo)  # the column for 'target met' without a measurable growth rate
    for status, a, b in _BANDS:
        ax.axvspan(lo if a is None else a, hi if b is None else b, color=STATUS_COLORS[status], alpha=0.13, lw=0)
        mid = ((lo if a is None else a) + (hi if b is None else b)) / 2
        label = i18n.t(f"st_{status}", lang)
        ax.text(mid, 1.01, textwrap.fill(label, 13) if lang == "en" else wrap(label, 6),
                transform=ax.get_xaxis_transform(), ha="center", va="bottom", fontsize=8.5,
                color=STATUS_COLORS[status])
    ax.axvline(100, color="#333333", lw=1, ls="--")

    ax.axvspan(hi, met_x + 0.12 * (hi - lo), color="#f2f2f2", lw=0)
    n = len(done)
    colon = ": " if lang == "en" else "："
    items = []
    for k, r in done.iterrows():
        y = n - 1 - k
        color = STATUS_COLORS[r["status"]]
        marker, size = ("*", 260) if r["status"] == "target_met" else ("o", 90)
        rates = i18n.t("obs_vs_req", lang, obs=i18n.growth(r["observed_cagr"], r["measure"], lang),
                       req=i18n.growth(r["required_cagr"], r["measure"], lang))
        if r["status"] == "target_met":
            # every item that met its target stands in the 'target met' column, whatever its pace
            x = met_x
            text = i18n.t("met_no_rate" if not np.isfinite(ratio[k]) else "met_with_rate", lang,
                          obs=i18n.amount(r["observed"], r["unit"], r["unit_en"], lang),
                          target=i18n.amount(r["target"], r["unit"], r["unit_en"], lang), ratio=f"{ratio[k]:.0f}",
                          rates=rates)
        else:
            x = float(np.clip(ratio[k], lo, hi))
            text = f"{i18n.t('st_' + r['status'], lang)}{colon}{ratio[k]:.0f}%  ·  {rates}"
        items.append(f"{i18n.item_label(r, lang)}{colon}{text}")
        ax.scatter([x], [y], s=size, marker=marker, color=color, edgecolor="white", lw=0.8, zorder=3)
        right = x > (lo + hi) / 2
        ax.annotate(text, (x, y), textcoords="offset points", xytext=(-8 if right else 8, -13),
                    ha="right" if right else "left", va="center", fontsize=8.5, color="#333333",
                    bbox=dict(boxstyle="square,pad=0.15", facecolor="white", alpha=0.75, lw=0))
    ax.set_yticks(range(n), [wrap(i18n.item_label(r, lang), width_label) for _, r in done.iloc[::-1].iterrows()])
    ax.set_ylim(-0.8, n + 0.1)  # a free strip above the first row for the label of the 100 line
    ax.text(100, n - 0.35, " " + i18n.t("progress_100", lang), ha="left", va="center", fontsize=8.5, color="#333333")
    ticks = [t for t in (-100, -50, 0, 60, 95, 150, 200, 300, 400) if lo <= t <= hi]
    ax.set_xticks(ticks + [met_x], [f"{t:g}" for t in ticks] + [wrap(i18n.t("st_target_met", lang), 8)])
    ax.set_xlim(lo, met_x + 0.12 * (hi - lo))
    ax.set_xlabel(i18n.t("progress_axis", lang))
    ax.set_title(i18n.t("panel_assessed", lang), loc="left", fontsize=11, pad=30)
    ax.grid(False)

    m = len(other)
    for k, r in other.iterrows():
        y = m - 1 - k
        status = i18n.t("st_" + r["status"], lang)
        if isinstance(r["reason"], str) and r["reason"] not in ("", "scope"):  # 'scope' says no more than the status
            status += colon + i18n.t(f"rs_{r['reason']}", lang)
        value = i18n.t("obs_in_period", lang, value=i18n.amount(r["observed"], r["unit"], r["unit_en"], lang),
                       period=i18n.period_text(r["period"], r["year"], lang))
        bx.scatter([0], [y], s=40, marker="x", color=STATUS_COLORS[r["status"]])
        items.append(f"{r['metric_en'] if lang == 'en' else r['metric_zh']}{colon}{value}，{status}" if lang == "zh"
                     else f"{r['metric_en']}: {value}, {status}")
        bx.text(0.02, y, f"{value}  ·  {status}", va="center", fontsize=8.5, color="#444444")
    labels = [wrap(r["metric_en"] if lang == "en" else r["metric_zh"], width_label + 8)
              for _, r in other.iloc[::-1].iterrows()]
    bx.set_yticks(range(m), labels, fontsize=8.5)
    bx.set_xlim(-0.03, 1)
    bx.set_ylim(-0.7, max(m, 1) - 0.3)
    bx.set_xticks([])
    bx.grid(False)
    for side in ("top", "right", "bottom"):
        bx.spines[side].set_visible(False)
    bx.set_title(i18n.t("panel_not_assessed", lang), loc="left", fontsize=11)
    # the CSV: each item's status and ratio as assessed, not where a mark stands (a met target's column,
    # the not-assessed panel's left edge)
    rows = []
    for panel, frame in ((i18n.t("panel_assessed", lang), done), (i18n.t("panel_not_assessed", lang), other)):
        for _, r in frame.iterrows():
            ratio_pct = float(r["ratio"]) * 100 if pd.notna(r["ratio"]) and np.isfinite(float(r["ratio"])) else None
            rows.append({"panel": " ".join(panel.split()),
                         "item": i18n.item_label(r, lang) if panel == i18n.t("panel_assessed", lang)
                         else (r["metric_en"] if lang == "en" else r["metric_zh"]),
                         "status": i18n.t("st_" + r["status"], lang),
                         "ratio": None if ratio_pct is None else round(ratio_pct, 1),
                         "observed": _or_none(i18n.growth(r["observed_cagr"], r["measure"], lang)),
                         "required": _or_none(i18n.growth(r["required_cagr"], r["measure"], lang))})
    heads = {"panel": "图" if lang == "zh" else "panel", "item": i18n.t("pt_col_plan_item", lang),
             "status": i18n.t("pt_col_status", lang), "ratio": i18n.t("pt_col_ratio", lang),
             "observed": i18n.t("pt_col_observed_growth", lang), "required": i18n.t("pt_col_required_growth", lang)}
    attach_data(fig, pd.DataFrame(rows, columns=list(heads)).rename(columns=heads))
    title = title or i18n.t("progress_chart_title", lang)
    return finish(fig, title, source, lang, describe(lang, "dots", title, items))
