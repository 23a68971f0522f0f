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

__all__ = ["setup", "figure", "finish", "source_text", "PALETTE"]

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


def finish(fig, title: str, source: str, lang: str):
    """Add the title and the source line, tidy the layout, and return ``fig``."""
    fig.suptitle(title, x=0.01, ha="left", fontsize=14)
    fig.text(0.01, 0.005, source, ha="left", va="bottom", fontsize=8, color="#555555")
    fig.tight_layout(rect=(0, 0.045, 1, 0.96))
    return fig


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


def ambition_chart(index: pd.DataFrame, lang: str, source: str):
    """Every indicator's 2020 and 2025 target as an index of its baseline (= 100)."""
    df = index.sort_values("index_2025", na_position="first").reset_index(drop=True)
    names = [f"{int(n)}. " + wrap(s, 48 if lang == "en" else 22)
             for n, s in zip(df["indicator_no"], df[i18n.col("name", lang)])]
    fig, ax = figure(10, 0.62 * len(df) + 2.0)
    y = np.arange(len(df))
    ax.axvline(100, color="#333333", lw=1)
    for k, (c, yr) in enumerate((("index_2020", 2020), ("index_2025", 2025))):
        ax.scatter(df[c], y, s=55, color=PALETTE[k], zorder=3, label=str(yr))
    ax.hlines(y, 100, df[["index_2020", "index_2025"]].max(axis=1), color="#cccccc", zorder=1)
    for yy, v in zip(y, df["index_2025"]):
        if pd.notna(v):
            ax.text(v, yy, f"  {v:.0f}", va="center", fontsize=8)
    ax.set_yticks(y, names)
    ax.set_xlabel("Target as % of baseline (baseline = 100)" if lang == "en" else "目标值相当于基期值的百分比（基期=100）")
    ax.set_xlim(80, max(float(df[["index_2020", "index_2025"]].max().max()) * 1.12, 120))
    ax.legend(loc="lower right", title="Target year" if lang == "en" else "目标年")
    ax.grid(axis="y", visible=False)
    title = "How ambitious is each target? Targets indexed to the baseline" if lang == "en" \
        else "各项指标目标的力度：以基期为100的目标指数"
    return finish(fig, title, source, lang)


def fibre_mix_chart(mix: pd.DataFrame, lang: str, source: str):
    """The apparel : home textile : industrial fibre mix, stacked per year."""
    parts = [("apparel", "Apparel", "服装用"), ("home_textile", "Home textiles", "家纺用"),
             ("industrial", "Industrial", "产业用")]
    fig, ax = figure(9, 3.4)
    years = [str(int(y)) + ("" if y == 2016 else (" target" if lang == "en" else "年目标")) for y in mix["year"]]
    left = np.zeros(len(mix))
    for k, (c, en, zh) in enumerate(parts):
        vals = mix[c].astype(float).to_numpy()
        ax.barh(years, vals, left=left, color=PALETTE[k], label=en if lang == "en" else zh)
        for yy, (lft, v) in enumerate(zip(left, vals)):
            ax.text(lft + v / 2, yy, f"{v:g}%", ha="center", va="center", color="white")
        left += vals
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("% of fibre use" if lang == "en" else "占纤维用量比重（%）")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.28), ncol=3)
    ax.grid(axis="y", visible=False)
    title = "Fibre mix: apparel : home textiles : industrial" if lang == "en" else "服装用、家纺用、产业用纤维比重"
    return finish(fig, title, source, lang)


def reconciliation_chart(recon: pd.DataFrame, lang: str, source: str):
    """The industries' 2020 targets stacked against the headline target for the key industries."""
    headline = recon.attrs.get("headline", np.nan)
    key = recon[(recon["group"] == "key") & recon["value"].notna()]
    scale = i18n.YI_TO_BN if lang == "en" else 1.0
    fig, ax = figure(9, 3.6)
    left = 0.0
    for k, r in enumerate(key.itertuples(index=False)):
        v = float(r.value) * scale
        hatch = None if r.comparable else "//"
        ax.barh([0], [v], left=left, color=PALETTE[k % len(PALETTE)], hatch=hatch, edgecolor="white",
                label=i18n.t("industry", lang) + f": {r.name}" if hasattr(r, "name") else r.industry)
        if v > 0.05 * headline * scale:
            ax.text(left + v / 2, 0, f"{_fmt(v)}", ha="center", va="center", color="white", fontsize=9)
        left += v
    ax.barh([1], [headline * scale], color="#5f6b73")
    ax.text(headline * scale, 1, f" {_fmt(headline * scale)}", va="center")
    ax.text(left, 0, f" {_fmt(left)}", va="center")
    ax.set_yticks([0, 1], ["Sum of industry targets" if lang == "en" else "各产业目标合计",
                           "Headline target" if lang == "en" else "总体目标"])
    ax.set_xlabel(i18n.t("output_value", lang))
    ax.set_xlim(0, max(headline, left / scale) * scale * 1.15)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.3), ncol=3)
    ax.grid(axis="y", visible=False)
    title = "2020 output targets: the industries against the headline" if lang == "en" \
        else "2020年产值目标：各产业目标与总体目标对照"
    return finish(fig, title, source, lang)


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
    return finish(fig, title, source, lang)


def timeline_chart(milestones: pd.DataFrame, task_labels: dict, lang: str, source: str):
    """2017 milestones as dots on a task × month grid (dot size = number of deadlines)."""
    m = milestones.assign(month=milestones["deadline"].str.slice(5, 7).astype(int))
    counts = m.groupby(["task_no", "month"]).size().rename("n").reset_index()
    tasks = sorted(m["task_no"].unique())
    fig, ax = figure(10, 0.5 * len(tasks) + 2.0)
    ypos = {t: i for i, t in enumerate(reversed(tasks))}
    ax.scatter(counts["month"], counts["task_no"].map(ypos), s=counts["n"] * 90, color=PALETTE[0], zorder=3)
    for r in counts.itertuples(index=False):
        if r.n > 1:
            ax.text(r.month, ypos[r.task_no], str(r.n), ha="center", va="center", color="white", fontsize=8)
    ax.set_yticks(list(ypos.values()), [f"{t}. " + wrap(task_labels.get(t, ""), 40 if lang == "en" else 16)
                                        for t in ypos])
    ax.set_xticks(range(1, 13))
    ax.set_xlim(0.5, 12.5)
    ax.set_xlabel(i18n.t("month", lang))
    title = "2017 key tasks: deadlines month by month" if lang == "en" else "2017年重点工作：逐月时间节点"
    return finish(fig, title, source, lang)


def role_matrix_chart(roles: pd.DataFrame, lang: str, source: str, top: int = 20):
    """Agency × measure/task matrix: L = lead, C = cooperating, R = responsible."""
    load = roles.groupby("unit")["item"].nunique().sort_values(ascending=False)
    units = list(load.index[:top])
    items = sorted(roles["item"].unique(), key=lambda s: (s[0] != "M", int(s[1:])))
    code = {"lead": "L", "cooperating": "C", "responsible": "R"} if lang == "en" else \
        {"lead": "牵", "cooperating": "配", "responsible": "责"}
    colors = {"lead": PALETTE[3], "cooperating": PALETTE[0], "responsible": PALETTE[2]}
    fig, ax = figure(11, 0.38 * len(units) + 2.4)
    for r in roles[roles["unit"].isin(units)].drop_duplicates(["unit", "item", "role"]).itertuples(index=False):
        x, y = items.index(r.item), units.index(r.unit)
        ax.scatter(x, y, s=160, color=colors[r.role], marker="s")
        ax.text(x, y, code[r.role], ha="center", va="center", color="white", fontsize=7)
    ax.set_xticks(range(len(items)), items, rotation=0, fontsize=8)
    ax.set_yticks(range(len(units)), [wrap(u, 48 if lang == "en" else 20) for u in units], fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("Measures (M1-M8) and 2017 tasks (T1-T10)" if lang == "en" else "工作措施（M1-M8）与2017年任务（T1-T10）")
    for role, c in colors.items():
        ax.scatter([], [], color=c, marker="s", label=f"{code[role]} = {i18n.t(role, lang)}")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.08 - 2.0 / (0.38 * len(units) + 2.4) * 0.3), ncol=3)
    ax.grid(False)
    title = f"Who does what: the {len(units)} most involved agencies" if lang == "en" else f"分工：参与最多的{len(units)}个单位"
    return finish(fig, title, source, lang)
