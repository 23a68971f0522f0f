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

__all__ = ["setup", "figure", "finish", "attach_data", "source_text", "PALETTE"]

PALETTE = ["#1b6ca8", "#e07b39", "#3a9d5d", "#c23b3b", "#7d5ba6", "#8c6d31", "#d45fa0", "#5f6b73"]
QUALIFIER_MARKERS = {"reach": "o", "exceed": "^", "at_least": "^", "about": "D", "strive": "s"}
_READY = False


def setup() -> None:
    """Register the bundled CJK font and apply the house style (idempotent)."""
    global _READY
    if _READY:
        return
    font_manager.fontManager.addfont(str(cjk_font_path()))
    import seaborn as sns
    sns.set_theme(context="notebook", style="whitegrid", palette=PALETTE)
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


def finish(fig, title: str, source: str, lang: str):
    """Add the title and the source line, tidy the layout, and return ``fig``.

    In English, curly quotes in any of the figure's texts become straight quotes.
    """
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    fig.text(0.01, 0.005, source, ha="left", va="bottom", fontsize=8, color="#555555")
    fig._shaoxing_title, fig._shaoxing_source, fig._shaoxing_lang = title, source, lang  # for its CSV
    if lang == "en":
        _straighten_quotes(fig)
    fig.tight_layout(rect=(0, 0.045, 1, 0.96))
    return fig


_CSV_NAME = {"en": "name", "zh": "名称"}  # first column of a registered chart's CSV


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
    for y, (v, n) in enumerate(zip(values, seg["enterprises"])):
        firms = "" if pd.isna(n) else (f"{int(n):,} firms" if lang == "en" else f"{int(n):,}家")
        ax.text(v, y, f" {v:,.1f}  ({firms})" if firms else f" {v:,.1f}", va="center", fontsize=9)
    ax.set_xlabel(i18n.t("output_value", lang))
    ax.set_xlim(0, float(values.max()) * 1.3)
    ax.grid(axis="y", visible=False)
    title = "Output by segment, 2016" if lang == "en" else "2016年分行业产值"
    return finish(fig, title, source, lang)


def share_bars(structure: pd.DataFrame, lang: str, source: str):
    """Each segment's share of the city's above-scale industry, of the province's and of the nation's trade."""
    seg = structure.iloc[::-1]
    names = list(seg[i18n.col("segment", lang)])
    fig, ax = figure(9, 0.6 * len(seg) + 2.0)
    y = np.arange(len(seg))
    h = 0.27
    for k, (colname, key) in enumerate((("share_city_pct", "share_city"), ("share_province_pct", "share_province"),
                                        ("share_national_pct", "share_national"))):
        vals = seg[colname].astype(float)
        ax.barh(y + (k - 1) * h, vals, height=h, label=i18n.t(key, lang), color=PALETTE[k])
        for yy, v in zip(y + (k - 1) * h, vals):
            if pd.notna(v):
                ax.text(v, yy, f" {v:g}", va="center", fontsize=8)
    ax.set_yticks(y, names)
    ax.set_xlabel("%")
    ax.set_xlim(0, 105)
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    title = "Where the industry stands: shares of city, province and nation, 2016" if lang == "en" \
        else "2016年产业地位：占全市、全省、全国比重"
    return finish(fig, title, source, lang)


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
    return finish(fig, title, source, lang)


def growth_path_chart(paths: pd.DataFrame, lang: str, source: str, title: str):
    """Baseline and targets per metric, one panel per unit.

    A solid line joins a baseline and a target of the same scope; where the
    scopes differ the points stand alone, with a dotted grey connector and
    a label saying the scope differs.
    """
    units = list(dict.fromkeys(paths["unit"]))
    fig, axes = figure(9, 3.6 * len(units), nrows=len(units), squeeze=False)
    for ax, u in zip(axes[:, 0], units):
        sub = paths[paths["unit"] == u]
        money = u == "亿元"
        for k, (metric, g) in enumerate(sub.groupby("metric", sort=False)):
            color = PALETTE[k % len(PALETTE)]
            g = g.sort_values("target_year")
            scale = i18n.YI_TO_BN if money and lang == "en" else 1.0
            label = _metric_label(g.iloc[-1], lang)
            base = g.dropna(subset=["base_value"])
            if len(base):
                b = base.iloc[0]
                ax.plot([b["base_year"]], [b["base_value"] * scale], "o", color=color, markersize=7,
                        markerfacecolor="white")
                ax.annotate(_fmt(b["base_value"] * scale), (b["base_year"], b["base_value"] * scale),
                            textcoords="offset points", xytext=(0, -14), ha="center", fontsize=9)
            for r in g.itertuples(index=False):
                v = r.target_value * scale
                marker = QUALIFIER_MARKERS.get(r.qualifier, "o")
                ax.plot([r.target_year], [v], marker, color=color, markersize=8)
                ax.annotate(f"{i18n.qualifier(r.qualifier, lang)} {_fmt(v)}".strip(), (r.target_year, v),
                            textcoords="offset points", xytext=(0, 8), ha="center", fontsize=9)
                if pd.notna(r.base_value):
                    style = dict(color=color, lw=2) if r.comparable else dict(color="#999999", lw=1, ls=":")
                    ax.plot([r.base_year, r.target_year], [r.base_value * scale, v], **style)
                    if r.comparable is False or r.comparable is pd.NA or not bool(r.comparable):
                        mid = ((r.base_year + r.target_year) / 2, (r.base_value * scale + v) / 2)
                        ax.annotate("scope differs" if lang == "en" else "口径不同", mid, fontsize=8,
                                    color="#777777", ha="center")
            ax.plot([], [], color=color, lw=2, label=label)
        ulabel = (i18n.money_unit(lang) if money else (sub["unit_en"].iloc[0] if lang == "en" else u))
        ax.set_ylabel(ulabel)
        ax.set_xlabel(i18n.t("year", lang))
        years = sorted(set(sub["target_year"].dropna().astype(int)) | set(sub["base_year"].dropna().astype(int)))
        ax.set_xticks(years)
        ax.set_xlim(min(years) - 0.8, max(years) + 0.8)
        lo, hi = ax.get_ylim()
        ax.set_ylim(0 if lo >= 0 else lo, hi * 1.15)
        ax.legend(loc="upper left")
    return finish(fig, title, source, lang)


def _fmt(v: float) -> str:
    return f"{v:,.1f}" if abs(v) < 100 else f"{v:,.0f}"


def _metric_label(row, lang: str) -> str:
    scope = row["target_scope_en"] if lang == "en" else row["target_scope_zh"]
    return wrap(scope if isinstance(scope, str) else row["metric"], 40 if lang == "en" else 24)


def benchmark_chart(summary: pd.DataFrame, lang: str, source: str, title: str):
    """Benchmarks by country, stacked by kind."""
    table = summary.pivot_table(index="country", columns="kind", values="count", aggfunc="sum", fill_value=0)
    table = table.loc[table.sum(axis=1).sort_values().index]
    fig, ax = figure(8, 0.45 * len(table) + 1.8)
    left = np.zeros(len(table))
    for k, kind in enumerate(table.columns):
        ax.barh(table.index, table[kind], left=left, label=i18n.t(f"k_{kind}", lang), color=PALETTE[k])
        left += table[kind].to_numpy()
    ax.set_xlabel(i18n.t("count", lang) + (" (benchmarks named)" if lang == "en" else "（对标对象个数）"))
    ax.set_ylabel(i18n.t("country", lang) + (" (ISO code)" if lang == "en" else "（ISO代码）"))
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(loc="lower right")
    ax.grid(axis="y", visible=False)
    return finish(fig, title, source, lang)


# ---------------------------------------------------------------- plan-wide


def labelled_bars(labels, values, lang: str, source: str, title: str, xlabel: str, fmt="{:,.1f}",
                  highlight=None):
    """Horizontal bars with their values written at the end (generic cross-industry chart)."""
    labels, values = list(labels), np.asarray(values, dtype=float)
    order = np.argsort(np.nan_to_num(values, nan=-np.inf))
    fig, ax = figure(9, 0.5 * len(labels) + 1.8)
    colors = [PALETTE[1] if highlight is not None and highlight[i] else PALETTE[0] for i in order]
    ax.barh([labels[i] for i in order], np.nan_to_num(values[order]), color=colors)
    for y, i in enumerate(order):
        ax.text(np.nan_to_num(values[i]), y, " " + ("—" if np.isnan(values[i]) else fmt.format(values[i])),
                va="center", fontsize=9)
    ax.set_xlabel(xlabel)
    finite = values[np.isfinite(values)]
    if len(finite):
        lo = min(0.0, float(finite.min()) * 1.2)
        ax.set_xlim(lo, float(finite.max()) * 1.2 if finite.max() > 0 else 1)
    ax.grid(axis="y", visible=False)
    attach_data(fig, pd.DataFrame({_CSV_NAME[lang]: [" ".join(str(labels[i]).split()) for i in order[::-1]],
                                   xlabel: values[order[::-1]]}))  # missing values stay missing, not 0
    return finish(fig, title, source, lang)


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


CATEGORY_COLORS = ["#1b6ca8", "#b35806", "#2f7d4a", "#7d5ba6", "#8c6d31"]


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
    return finish(fig, title, source, lang)


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
    return finish(fig, title, source, lang)


def _fmt_whole(v: float) -> str:
    """Like ``_fmt`` but without a trailing '.0' on whole numbers (50, not 50.0)."""
    return f"{v:,.0f}" if abs(v - round(v)) < 1e-9 else _fmt(v)


def reconciliation_bars(recon: pd.DataFrame, names: dict, lang: str, source: str):
    """The key industries' 2020 output targets stacked against the headline target, with a zoomed panel.

    ``recon`` is :func:`shaoxing.analysis.target_reconciliation`; ``names``
    maps industry id -> display name.  Output targets are stacked on one
    bar; the gap to the headline is an outlined box; a key industry whose
    figure has another scope (huangjiu's full-chain sales) is drawn hatched
    on its own row, starting where the output targets end, so it is never
    added in silently.  The right panel zooms on the end of the bars.
    """
    headline = float(recon.attrs.get("headline", np.nan))
    key = recon[(recon["group"] == "key") & recon["value"].notna()]
    counted = key[key["comparable"].eq(True)]
    other = key[key["comparable"].eq(False)]
    scale = i18n.YI_TO_BN if lang == "en" else 1.0
    colors = [c for c in PALETTE if c != PALETTE[3]]
    gap_color, other_color = PALETTE[3], "#5f6b73"
    H, total = headline * scale, float(counted["value"].sum()) * scale
    o_end = total + float(other["value"].sum()) * scale
    labels = ["Headline target:\nkey traditional industries" if lang == "en" else "总体目标：\n重点传统产业产值",
              "Sum of the key industries'\noutput targets" if lang == "en" else "重点产业\n产值目标合计",
              "Another scope,\nnot output" if lang == "en" else "其他口径\n（非产值）"]
    fig, (ax, zx) = figure(11, 4.6, ncols=2, sharey=True, gridspec_kw={"width_ratios": [2.3, 1]})
    handles = []
    for a in (ax, zx):
        a.barh([0], [H], color="#8a949b", height=0.6)
        left = 0.0
        for k, r in enumerate(counted.itertuples(index=False)):
            v = float(r.value) * scale
            h = a.barh([1], [v], left=left, color=colors[k % len(colors)], edgecolor="white", height=0.6,
                       label=names.get(r.industry, r.industry))
            if a is ax:
                handles.append(h)
            left += v
        if H - total > 0:
            h = a.barh([1], [H - total], left=total, facecolor="none", edgecolor=gap_color, linestyle="--",
                       height=0.6, label="Gap to the headline" if lang == "en" else "与总体目标的差额")
            if a is ax:
                handles.append(h)
        o_left = total
        for r in other.itertuples(index=False):
            v = float(r.value) * scale
            scope = r.scope_en if lang == "en" else r.scope_zh
            h = a.barh([2], [v], left=o_left, facecolor="white", edgecolor=other_color, hatch="///", height=0.6,
                       label=wrap(f"{names.get(r.industry, r.industry)}{': ' if lang == 'en' else '：'}{scope}",
                                  30 if lang == "en" else 16))
            if a is ax:
                handles.append(h)
            o_left += v
    # full panel: values inside the wide bars
    left = 0.0
    for r in counted.itertuples(index=False):
        v = float(r.value) * scale
        if v > 0.08 * H:
            ax.text(left + v / 2, 1, _fmt_whole(v), ha="center", va="center", color="white", fontsize=9)
        left += v
    ax.text(H / 2, 0, _fmt_whole(H), ha="center", va="center", color="white", fontsize=10)
    ax.set_xlim(0, max(H, o_end) * 1.04)
    # detail panel: the end of the bars
    lo, hi = total - 0.045 * H, max(H, o_end) + 0.012 * H
    zx.set_xlim(lo, hi)
    zx.axvline(H, color="#333333", lw=1, ls=":")
    box = dict(facecolor="white", edgecolor="none", pad=1.0)
    zx.text(H, -0.42, _fmt_whole(H), ha="center", va="bottom", fontsize=8, bbox=box)
    if len(counted):
        last = counted.iloc[-1]
        v = float(last["value"]) * scale
        mid = max(total - v / 2, (lo + total) / 2)
        zx.text(mid, 1, f"{names.get(last['industry'], last['industry'])}\n{_fmt_whole(v)}", ha="center", va="center",
                color="white", fontsize=8)
    zx.text(total, 1.36, ("sum " if lang == "en" else "合计") + _fmt_whole(total), ha="center", va="top", fontsize=8)
    if H - total > 0:
        zx.text((total + H) / 2, 0.66, ("gap " if lang == "en" else "差额") + _fmt_whole(H - total), ha="center",
                va="bottom", fontsize=8, color=gap_color, bbox=box)
    if len(other):
        zx.text(o_end, 2, " " + ("with it " if lang == "en" else "相加") + _fmt_whole(o_end), ha="left", va="center",
                fontsize=8)
    zx.set_title("Detail" if lang == "en" else "局部放大", fontsize=10)
    ax.set_yticks([0, 1, 2] if len(other) else [0, 1], labels if len(other) else labels[:2])
    ax.set_ylim(2.5 if len(other) else 1.5, -0.55)
    xlabel = ("2020 output target (CNY bn)" if lang == "en" else "2020年产值目标（亿元）")
    for a in (ax, zx):
        a.set_xlabel(xlabel)
        a.grid(axis="y", visible=False)
    fig.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.05), ncol=min(len(handles), 4),
               fontsize=9)
    year = int(recon.attrs.get("year", 2020))
    title = f"{year} output targets: the key industries against the headline" if lang == "en" \
        else f"{year}年产值目标：重点产业目标与总体目标对照"
    finish(fig, title, source, lang)
    fig.tight_layout(rect=(0, 0.2, 1, 0.96))  # room for the legend below the panels
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
    ax.set_xlabel(("City above-scale industrial output implied, 2016" if lang == "en"
                   else "推算的2016年全市规上工业产值") + (f" ({i18n.money_unit(lang)})" if lang == "en" else "（亿元）"))
    ax.legend(loc="upper right", fontsize=8, frameon=True, facecolor="white", edgecolor="#cccccc")
    ax.grid(axis="y", visible=False)
    title = "One city total behind three tables: output ÷ printed share" if lang == "en" \
        else "三张表背后的同一全市总量：产值÷所印比重"
    return finish(fig, title, source, lang)


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
        return f"{v:,.2f}".rstrip("0").rstrip(".")

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
    ax.legend(handles=handles, loc="lower right")
    ax.grid(axis="y", visible=False)
    unit, colon = i18n.t("output_value", lang), (": " if lang == "en" else "：")
    drawn = pd.DataFrame({
        _CSV_NAME[lang]: [_industry_label(r, lang, 99).replace("\n", " ") for _, r in df.iterrows()],
        f"{i18n.t('chart_2016', lang)}{colon}{unit}": base, f"{i18n.t('chart_2020', lang)}{colon}{unit}": target,
        ("scope differs" if lang == "en" else "口径不同"): [
            r["comparable"] is not pd.NA and r["comparable"] is not None and not bool(r["comparable"])
            for _, r in df.iterrows()]})
    attach_data(fig, drawn.iloc[::-1])
    return finish(fig, title, source, lang)


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
            ax.text(rate[k], y[k], f" {rate[k]:+.1f}%", va="center", fontsize=9)
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
    return finish(fig, title, source, lang)


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
    top.set_ylabel(wrap(i18n.t("milestones_due", lang), 14 if lang == "en" else 6), fontsize=9)
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
    return finish(fig, title, source, lang)


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
    ax.set_xticks(range(len(items)), items, fontsize=8.5)
    ax.set_yticks(range(len(units)), [wrap(u, 44 if lang == "en" else 20) for u in units], fontsize=8.5)
    ax.set_ylim(len(units) - 0.5, -1.4)
    ax.set_xlim(-0.6, len(items) - 0.4)
    ax.text((n_measures - 1) / 2, -1.0, i18n.t("measures_group", lang), ha="center", va="center", fontsize=9.5,
            color="#444444")
    ax.text(n_measures + (len(items) - n_measures - 1) / 2, -1.0, i18n.t("tasks_group", lang), ha="center",
            va="center", fontsize=9.5, color="#444444")
    ax.set_xlabel(i18n.t("items_axis", lang))
    ax.set_ylabel(i18n.t("agency", lang))
    for role, c in colors.items():
        ax.scatter([], [], color=c, marker="s", s=80, label=f"{code[role]} = {i18n.t(role, lang)}")
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=3, borderaxespad=0.2)
    ax.grid(False)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    return finish(fig, title, source, lang)


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
    return finish(fig, title, source, lang)


# ---------------------------------------------------------------- plan vs outcome (progress tracker)

STATUS_COLORS = {"target_met": "#1a7f37", "on_track": "#5cb85c", "acceleration_needed": "#d9a400",
                 "limited_progress": "#e07b39", "deterioration": "#c23b3b",
                 "not_comparable": "#8c8c8c", "unable_to_assess": "#b0b0b0"}
_ASSESSED = ("target_met", "on_track", "acceleration_needed", "limited_progress", "deterioration")
_BANDS = (("deterioration", None, 0), ("limited_progress", 0, 60), ("acceleration_needed", 60, 95),
          ("on_track", 95, None))


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
    for k, r in done.iterrows():
        y = n - 1 - k
        color = STATUS_COLORS[r["status"]]
        marker, size = ("*", 260) if r["status"] == "target_met" else ("o", 90)
        if np.isfinite(ratio[k]):
            x = float(np.clip(ratio[k], lo, hi))
            text = i18n.t("obs_vs_req", lang, obs=i18n.growth(r["observed_cagr"], r["measure"], lang),
                          req=i18n.growth(r["required_cagr"], r["measure"], lang))
            text = f"{i18n.t('st_' + r['status'], lang)}{colon}{ratio[k]:.0f}%  ·  {text}"
        else:
            x = met_x
            text = i18n.t("met_no_rate", lang, obs=i18n.amount(r["observed"], r["unit"], r["unit_en"], lang),
                          target=i18n.amount(r["target"], r["unit"], r["unit_en"], lang))
        ax.scatter([x], [y], s=size, marker=marker, color=color, edgecolor="white", lw=0.8, zorder=3)
        right = x > (lo + hi) / 2
        ax.annotate(text, (x, y), textcoords="offset points", xytext=(-8 if right else 8, -13),
                    ha="right" if right else "left", va="center", fontsize=8.5, color="#333333",
                    bbox=dict(boxstyle="square,pad=0.15", facecolor="white", alpha=0.75, lw=0))
    ax.set_yticks(range(n), [wrap(i18n.item_label(r, lang), width_label) for _, r in done.iloc[::-1].iterrows()])
    ax.set_ylim(-0.8, n - 0.4)
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
    return finish(fig, title or i18n.t("progress_chart_title", lang), source, lang)
