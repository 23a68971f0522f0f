"""Analyses of the plan's tables: pure functions on DataFrames.

No I/O and no plotting: every function takes frames (as returned by
:func:`shaoxing.load`) and returns numbers or frames, so each can be unit
tested against hand-computed values.  Notebooks call these; they do not
compute on their own.
"""

from __future__ import annotations

import functools
import inspect
import re
import threading

import numpy as np
import pandas as pd

__all__ = [
    "MISSING",
    "required_cagr",
    "required_pp_per_year",
    "indicator_paths",
    "target_index",
    "growth_paths",
    "scope_flags",
    "segment_structure", "standing_shares",
    "implied_totals",
    "implied_city_total",
    "segment_checks",
    "mix_checks",
    "target_reconciliation",
    "benchmark_summary",
    "unit_roles",
    "unit_load",
    "milestone_calendar",
    "indicator_overview",
    "missing_baselines",
    "reconciliation_summary",
    "city_share_consistency",
    "share_sum_checks",
    "prose_table_checks",
    "decision_notes",
    "table_catalogue",
    "reconciliation_caveats",
    "implied_total_intervals",
]


# ---------------------------------------------------------------- growth


def required_cagr(base, target, years):
    """Compound annual growth rate needed to go from ``base`` to ``target`` in ``years``.

    ``(target / base) ** (1 / years) - 1``, as a fraction (0.05 = 5 % a year).
    Works on scalars, arrays and Series; gives NaN where ``base`` or ``target``
    is missing or not positive (a growth rate is undefined there).

    >>> round(required_cagr(3673.5, 4500, 4), 4)
    0.0521
    """
    base, target, years = (np.asarray(x, dtype="float64") if not isinstance(x, pd.Series) else x.astype("float64")
                           for x in (base, target, years))
    if np.any(np.asarray(years) <= 0):
        raise ValueError("years must be positive")
    with np.errstate(divide="ignore", invalid="ignore"):
        ok = (base > 0) & (target > 0)
        out = np.where(ok, (target / np.where(ok, base, 1.0)) ** (1.0 / years) - 1.0, np.nan)
    if isinstance(base, pd.Series):
        return pd.Series(out, index=base.index)
    return float(out) if np.ndim(out) == 0 else out


def required_pp_per_year(base, target, years):
    """Change in a share needed per year, in percentage points: ``(target - base) / years``.

    The linear equivalent of :func:`required_cagr` for figures that are
    already percentages (shares, rates), where compounding a share is not
    meaningful.

    >>> required_pp_per_year(32.8, 40, 4)
    1.8
    """
    base = pd.to_numeric(base) if isinstance(base, pd.Series) else np.asarray(base, dtype="float64")
    target = pd.to_numeric(target) if isinstance(target, pd.Series) else np.asarray(target, dtype="float64")
    years = np.asarray(years, dtype="float64")
    if np.any(years <= 0):
        raise ValueError("years must be positive")
    out = (target - base) / years
    if isinstance(out, np.ndarray) and out.ndim == 0:
        return float(np.round(out, 12))
    return out


def _is_share(unit) -> bool:
    return isinstance(unit, str) and unit.strip() in {"%", "％"}


def indicator_paths(indicators: pd.DataFrame) -> pd.DataFrame:
    """Required annual change for each main indicator, baseline → 2020 and 2020 → 2025.

    One row per indicator and step.  Shares (unit %) get ``pp_per_year``
    (percentage points a year); levels get ``cagr`` (fraction a year);
    ``annual_increment`` targets (indicators 10 and 16) are compared with the
    baseline year's figure (``ratio_to_base``) and get no growth rate, since
    the target is itself a yearly flow; ``composition`` (indicator 1) and
    indicators without a baseline get NaN rates and a ``comment``.
    """
    rows = []
    for r in indicators.itertuples(index=False):
        steps = [("baseline", r.baseline_year, r.baseline, 2020, r.target_2020),
                 ("2020", 2020, r.target_2020, 2025, r.target_2025)]
        for start, y0, v0, y1, v1 in steps:
            years = (y1 - y0) if pd.notna(y0) else np.nan
            rec = dict(indicator_no=r.indicator_no, step=f"{start}->{y1}", from_year=y0, to_year=y1,
                       from_value=v0, to_value=v1, years=years, target_kind=r.target_kind,
                       measure=None, rate=np.nan, ratio_to_base=np.nan, comment="")
            if r.target_kind == "composition":
                rec["comment"] = "composition: see fibre_mix"
            elif pd.isna(v0) or pd.isna(v1):
                rec["comment"] = "no figure to start from" if pd.isna(v0) else "no target"
            elif r.target_kind == "annual_increment":
                rec["measure"] = "annual_increment"
                rec["ratio_to_base"] = float(v1) / float(r.baseline) if pd.notna(r.baseline) and r.baseline else np.nan
                rec["comment"] = "target is a yearly increment; compared with the baseline year's figure"
            elif _is_share(r.unit_zh):
                rec["measure"], rec["rate"] = "pp_per_year", required_pp_per_year(float(v0), float(v1), years)
                rec["ratio_to_base"] = float(v1) / float(v0)
            else:
                rec["measure"], rec["rate"] = "cagr", required_cagr(float(v0), float(v1), years)
                rec["ratio_to_base"] = float(v1) / float(v0)
            rows.append(rec)
    out = pd.DataFrame(rows)
    out["indicator_no"] = out["indicator_no"].astype("Int64")
    for c in ("from_year", "to_year"):
        out[c] = pd.array(out[c], dtype="Int64")
    for c in ("from_value", "to_value", "years", "rate", "ratio_to_base"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


def target_index(indicators: pd.DataFrame) -> pd.DataFrame:
    """Each indicator's 2020 and 2025 targets as an index of its baseline (baseline = 100).

    A unit-free measure of ambition that puts every indicator on one scale.
    Indicators without a numeric baseline (composition, or "—") are left out;
    yearly-increment targets are indexed to the baseline year's figure.
    """
    df = indicators[indicators["baseline"].notna() & (indicators["target_kind"] != "composition")]
    out = df[["indicator_no", "category_zh", "category_en", "name_zh", "name_en", "unit_zh", "unit_en",
              "target_kind", "baseline_year", "baseline", "target_2020", "target_2025"]].copy()
    out["index_2020"] = out["target_2020"] / out["baseline"] * 100
    out["index_2025"] = out["target_2025"] / out["baseline"] * 100
    return out.reset_index(drop=True)


def _scope_judgement(t) -> str | None:
    """The data's judgement of a target's scope against its baseline: same / possibly_wider / different."""
    d = t._asdict()
    v = d.get("scope_vs_baseline")
    if isinstance(v, str) and v:
        return v
    old = d.get("scope_differs")  # older copies of the data: a boolean
    if old is not None and old is not pd.NA and not (isinstance(old, float) and np.isnan(old)):
        return "different" if bool(old) else "same"
    return None


def growth_paths(facts: pd.DataFrame, industry: str | None = None, metric: str | None = None) -> pd.DataFrame:
    """Baseline-to-target paths stated in the prose, one row per target.

    Each ``target`` fact is paired with the latest ``actual`` fact of the same
    industry from an earlier year whose metric is the target's
    ``baseline_metric`` (the data says which baseline the plan sets the target
    against: textile's 2020 ``output_value`` against 2016
    ``output_value_above_scale``); a target with an empty ``baseline_metric``
    has no baseline.  Frames without that column pair the same metric.
    Figures without a year (NA) are never a baseline.  Carries the plan's
    qualifier (reach / exceed / at_least / about / strive), both scopes, and
    the data's one judgement ``scope_vs_baseline``: ``same``,
    ``possibly_wider`` (baseline above-scale firms only, target the whole
    industry: textile, chemical, metal) or ``different`` (huangjiu 2016 sales
    vs 2020 full-chain sales, pearl farming vs processing output).
    ``comparable`` is False where the scopes differ (or the units do), so a
    chart never joins the two without saying so; ``required_cagr`` (levels)
    or ``required_pp_per_year`` (shares) is given only where comparable, and
    for ``possibly_wider`` it is the rate on the reading that both count the
    same firms (an upper bound if the target covers more).
    """
    f = facts
    if industry is not None:
        f = f[f["industry"] == industry]
    pool = facts if industry is None else facts[facts["industry"] == industry]
    actual = pool[(pool["kind"] == "actual") & pool["year"].notna()]
    if metric is not None:
        f = f[f["metric"] == metric]
    explicit = "baseline_metric" in facts.columns
    # the actual figures of each (industry, metric), earliest first: a target's baseline is the
    # latest of its pair from a year before the target's
    bases: dict[tuple, list[dict]] = {}
    for rec in actual.sort_values("year", kind="stable").to_dict("records"):
        bases.setdefault((rec["industry"], rec["metric"]), []).append(rec)
    rows = []
    for t in f[f["kind"] == "target"].itertuples(index=False):
        if explicit:
            bm = t.baseline_metric if isinstance(t.baseline_metric, str) and t.baseline_metric else None
        else:
            bm = t.metric
        base = ([b for b in bases.get((t.industry, bm), ()) if b["year"] < t.year]
                if bm is not None and pd.notna(t.year) else [])
        d = t._asdict()
        rec = dict(industry=t.industry, metric=t.metric, base_metric=pd.NA, unit=t.unit, unit_en=d.get("unit_en"),
                   base_year=pd.NA, base_value=np.nan, base_scope_zh=pd.NA, base_scope_en=pd.NA,
                   target_year=t.year, target_value=t.value, qualifier=t.qualifier,
                   target_scope_zh=t.scope_zh, target_scope_en=t.scope_en, scope_vs_baseline=pd.NA,
                   comparable=pd.NA, required_cagr=np.nan, required_pp_per_year=np.nan, note=d.get("note"))
        if base:
            b = base[-1]
            # the data records the judgement (scope_vs_baseline); a unit change also breaks the line
            judgement = _scope_judgement(t) or "same"
            comparable = bool(b["unit"] == t.unit and judgement != "different")
            rec.update(base_metric=b["metric"], base_year=b["year"], base_value=b["value"],
                       base_scope_zh=b["scope_zh"], base_scope_en=b["scope_en"], scope_vs_baseline=judgement,
                       comparable=comparable)
            if comparable and pd.notna(b["value"]) and pd.notna(t.value):
                years = int(t.year) - int(b["year"])
                if _is_share(t.unit):
                    rec["required_pp_per_year"] = required_pp_per_year(float(b["value"]), float(t.value), years)
                else:
                    rec["required_cagr"] = required_cagr(float(b["value"]), float(t.value), years)
        rows.append(rec)
    cols = ["industry", "metric", "base_metric", "unit", "unit_en", "base_year", "base_value", "base_scope_zh",
            "base_scope_en", "target_year", "target_value", "qualifier", "target_scope_zh", "target_scope_en",
            "scope_vs_baseline", "comparable", "required_cagr", "required_pp_per_year", "note"]
    out = pd.DataFrame(rows, columns=cols)
    out["base_year"] = pd.array(out["base_year"], dtype="Int64")
    out["target_year"] = pd.array(out["target_year"], dtype="Int64")
    out["comparable"] = pd.array(out["comparable"], dtype="boolean")
    for c in ("base_metric", "scope_vs_baseline"):
        out[c] = out[c].astype("string")
    for c in ("base_value", "target_value", "required_cagr", "required_pp_per_year"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out.sort_values(["industry", "metric", "target_year"], kind="stable").reset_index(drop=True)


def scope_flags(facts: pd.DataFrame, include_possibly_wider: bool = False) -> pd.DataFrame:
    """Targets whose scope differs from the baseline they would be compared with (the data's judgement).

    With ``include_possibly_wider`` also the targets that may cover more firms
    than their above-scale baseline (``scope_vs_baseline == "possibly_wider"``).
    """
    paths = growth_paths(facts)
    flag = paths["comparable"].eq(False)
    if include_possibly_wider:
        flag |= paths["scope_vs_baseline"].eq("possibly_wider").fillna(False)
    return paths[flag].reset_index(drop=True)


# ---------------------------------------------------------------- structure


def segment_structure(segments: pd.DataFrame, industry: str) -> pd.DataFrame:
    """The 2016 structure of one industry: each row's share of the industry and output per firm.

    ``share_of_industry_output_pct`` and ``share_of_industry_firms_pct`` are
    relative to the industry row (NaN for a segment that stands beside the
    industry and is not part of its totals, such as textile machinery);
    ``output_per_firm`` is in 亿元 per firm (NaN where the plan gives no firm count).
    """
    seg = segments[segments["industry"] == industry].copy()
    if seg.empty:
        return seg.assign(share_of_industry_output_pct=pd.Series(dtype="float64"),
                          share_of_industry_firms_pct=pd.Series(dtype="float64"),
                          output_per_firm=pd.Series(dtype="float64"))
    total = seg[seg["level"] == "industry"].iloc[0]
    firms = seg["enterprises"].astype("float64")
    # a segment that stands beside the industry (textile machinery) is no part of it: no share of it
    counted = seg["counted_in_total"].fillna(False).astype(bool) if "counted_in_total" in seg else True
    beside = (seg["level"] == "segment") & ~counted
    seg["share_of_industry_output_pct"] = (seg["output_value"] / total["output_value"] * 100).mask(beside)
    seg["share_of_industry_firms_pct"] = (firms / float(total["enterprises"]) * 100).mask(beside)
    seg["output_per_firm"] = seg["output_value"] / firms
    return seg.reset_index(drop=True)


def standing_shares(facts: pd.DataFrame, industry: str) -> pd.DataFrame:
    """The industry's own shares of a wider whole (province, nation, world) that the plan states as facts.

    Shares that describe one firm or a few leading firms (metric ids
    ``leading_firms_*``, such as Wolong Electric's market share or the two
    dye makers' share) are not the industry's standing and are left out;
    so are shares of the city's industry (``*_city*``) and targets.
    """
    f = facts[(facts["industry"] == industry) & (facts["kind"] == "actual")]
    metric = f["metric"].astype(str)
    keep = (metric.str.contains("share") & ~metric.str.startswith("leading_firms_") & ~metric.str.contains("_city")
            & metric.str.contains("province|national|world"))
    return f[keep].reset_index(drop=True)


def implied_totals(segments: pd.DataFrame) -> pd.DataFrame:
    """The totals each row's shares imply: output / share × 100, for city, province and nation.

    The city figure is the 2016 output of all above-scale industry in
    Shaoxing; the province and nation figures are the same trade's output in
    Zhejiang and China (so they differ by row).  Rounded shares make these
    approximate; the spread across rows shows how approximate.
    """
    out = segments[["industry", "level", "segment_zh", "segment_en", "output_value",
                    "share_city_pct", "share_province_pct", "share_national_pct"]].copy()
    for scope in ("city", "province", "national"):
        share = out[f"share_{scope}_pct"]
        out[f"implied_{scope}_total"] = (out["output_value"] / share * 100).where(share > 0)
    return out.reset_index(drop=True)


def implied_city_total(segments: pd.DataFrame, level: str = "industry") -> pd.DataFrame:
    """The 2016 city total of above-scale industry implied by each industry table's head row.

    About 10,050 亿元 from each of textile, chemical and metal processing.
    Also gives the rounding interval: a share printed to one decimal could be
    anything within ±0.05, so the implied total lies in
    ``[output / (share + 0.05), output / (share - 0.05)] × 100``.
    """
    rows = implied_totals(segments)
    rows = rows[rows["level"] == level].copy()
    rows["implied_low"] = rows["output_value"] / (rows["share_city_pct"] + 0.05) * 100
    rows["implied_high"] = rows["output_value"] / (rows["share_city_pct"] - 0.05) * 100
    return rows[["industry", "segment_zh", "segment_en", "output_value", "share_city_pct",
                 "implied_city_total", "implied_low", "implied_high"]].reset_index(drop=True)

def _industry_tables(segments: pd.DataFrame):
    """Yield ``(industry, rows, head_row, counted_segments)`` for each structure table with an industry row."""
    for ind, seg in segments.groupby("industry", sort=False):
        head = seg[seg["level"] == "industry"]
        if head.empty:
            continue
        parts = seg[(seg["level"] == "segment") & seg["counted_in_total"].fillna(False).astype(bool)]
        yield ind, seg, head.iloc[0], parts


def segment_checks(segments: pd.DataFrame) -> pd.DataFrame:
    """Do the parts add up?  One row per check: numbered segments vs the industry row, sub-segments vs parent.

    ``difference`` = parts − whole; ``ok`` is True when segments equal their
    industry (within 0.05 for output, exactly for firm counts) and
    sub-segments do not exceed their parent.
    """
    rows = []
    for ind, seg, head, parts in _industry_tables(segments):
        for col, tol in (("enterprises", 0), ("output_value", 0.05 + 1e-9)):
            total, s = float(head[col]), float(parts[col].astype("float64").sum())
            rows.append(dict(industry=ind, check="segments = industry", part="+".join(parts["segment_zh"]),
                             whole=head["segment_zh"], measure=col, parts=s, total=total,
                             difference=s - total, ok=abs(s - total) <= tol))
        for sub in seg[seg["level"] == "sub-segment"].itertuples(index=False):
            parent = seg[seg["segment_zh"] == sub.parent_zh]
            if parent.empty:
                rows.append(dict(industry=ind, check="sub-segment ≤ parent", part=sub.segment_zh,
                                 whole=sub.parent_zh, measure="parent", parts=np.nan, total=np.nan,
                                 difference=np.nan, ok=False))
                continue
            p = parent.iloc[0]
            for col in ("enterprises", "output_value", "share_city_pct"):
                a, b = sub._asdict()[col], p[col]
                if pd.isna(a) or pd.isna(b):
                    continue
                rows.append(dict(industry=ind, check="sub-segment ≤ parent", part=sub.segment_zh,
                                 whole=sub.parent_zh, measure=col, parts=float(a), total=float(b),
                                 difference=float(a) - float(b), ok=float(a) <= float(b)))
    return pd.DataFrame(rows, columns=["industry", "check", "part", "whole", "measure", "parts", "total",
                                       "difference", "ok"])


def mix_checks(fibre_mix: pd.DataFrame, value_added_mix: pd.DataFrame) -> pd.DataFrame:
    """The fibre mix of each year and the value-added mix of each industry must sum to 100."""
    rows = [dict(table="fibre_mix", key=int(r.year), total=float(r.apparel + r.home_textile + r.industrial))
            for r in fibre_mix.itertuples(index=False)]
    for ind, g in value_added_mix.groupby("industry", sort=False):
        rows.append(dict(table="value_added_mix", key=ind, total=float(g["share_pct"].sum())))
    out = pd.DataFrame(rows)
    out["ok"] = (out["total"] - 100).abs() < 1e-9
    return out


# ---------------------------------------------------------------- reconciliation


def target_reconciliation(facts: pd.DataFrame, industries: pd.DataFrame, year: int = 2020,
                          headline_metric: str = "key_traditional_industries_output_value") -> pd.DataFrame:
    """Set the industries' output targets for ``year`` against the plan's headline target.

    The plan wants the key traditional industries to reach 8,000 亿元 of
    output in 2020 (``headline_metric`` of industry ``all``).  This lists the
    target of each industry whose prose gives an ``output_value`` (or, where
    it gives none, the nearest figure with its scope), the sum of the five
    key industries, and the gap to the headline.  The gap is what the
    industries' own targets leave unexplained; where a component measures
    something else (sales, processing output) ``comparable`` says so.
    """
    t = facts[(facts["kind"] == "target") & (facts["year"] == year)]
    headline = t[(t["industry"] == "all") & (t["metric"] == headline_metric)]
    rows = []
    for ind in industries.itertuples(index=False):
        ft = t[t["industry"] == ind.industry]
        pick = ft[ft["metric"] == "output_value"]
        comparable = True
        if pick.empty:
            pick = ft[ft["unit"] == "亿元"]
            comparable = False
        if pick.empty:
            rows.append(dict(industry=ind.industry, group=ind.group, metric=pd.NA, value=np.nan,
                             qualifier=pd.NA, scope_en=pd.NA, scope_zh=pd.NA, comparable=pd.NA))
            continue
        p = pick.iloc[0]
        rows.append(dict(industry=ind.industry, group=ind.group, metric=p["metric"], value=p["value"],
                         qualifier=p["qualifier"], scope_en=p["scope_en"], scope_zh=p["scope_zh"],
                         comparable=comparable))
    out = pd.DataFrame(rows)
    key = out[out["group"] == "key"]
    key_sum = float(key.loc[key["comparable"].eq(True), "value"].sum())
    key_sum_all = float(key["value"].sum())
    head = float(headline["value"].iloc[0]) if len(headline) else np.nan
    out.attrs.update(headline=head, key_output_sum=key_sum, key_sum_all_figures=key_sum_all,
                     gap=head - key_sum, year=year)
    return out


# ---------------------------------------------------------------- benchmarks


def benchmark_summary(benchmarks: pd.DataFrame, industry: str | None = None) -> pd.DataFrame:
    """Benchmarks counted by country and kind (enterprise / region / site)."""
    b = benchmarks if industry is None else benchmarks[benchmarks["industry"] == industry]
    if b.empty:
        return pd.DataFrame(columns=["country", "kind", "count"])
    return (b.groupby(["country", "kind"]).size().rename("count").reset_index()
            .sort_values(["count", "country"], ascending=[False, True]).reset_index(drop=True))


# ---------------------------------------------------------------- implementation


ROLES = ("lead", "cooperating", "responsible")


def unit_roles(measures: pd.DataFrame, tasks: pd.DataFrame, lang: str = "zh") -> pd.DataFrame:
    """Who does what: one row per (unit, role, item) over the work measures and 2017 tasks.

    ``item`` is ``M1``…``M8`` for measures and ``T1``…``T10`` for tasks;
    ``role`` is lead / cooperating / responsible.  Units come from the
    ``;``-joined columns (``lead_units`` etc., or their ``_en`` twins when
    ``lang="en"``).
    """
    suffix = "_en" if lang == "en" else ""
    rows = []
    for frame, prefix, no in ((measures, "M", "measure_no"), (tasks, "T", "task_no")):
        for r in frame.itertuples(index=False):
            d = r._asdict()
            for role in ROLES:
                cell = d.get(f"{role}_units{suffix}")
                if cell is None or cell is pd.NA or (isinstance(cell, float) and np.isnan(cell)):
                    continue
                for unit in str(cell).split(";"):
                    if unit.strip():
                        rows.append(dict(unit=unit.strip(), role=role, item=f"{prefix}{d[no]}",
                                         kind="measure" if prefix == "M" else "task"))
    return pd.DataFrame(rows, columns=["unit", "role", "item", "kind"])


def unit_load(roles: pd.DataFrame) -> pd.DataFrame:
    """How many measures and tasks each unit leads, cooperates on or answers for.

    Columns: lead, cooperating, responsible, total (distinct items), sorted by
    total then lead.
    """
    if roles.empty:
        return pd.DataFrame(columns=["unit", *ROLES, "total"])
    table = roles.pivot_table(index="unit", columns="role", values="item", aggfunc="nunique", fill_value=0)
    for role in ROLES:
        if role not in table:
            table[role] = 0
    table = table[list(ROLES)].astype(int)
    table["total"] = roles.groupby("unit")["item"].nunique()
    return (table.reset_index().sort_values(["total", "lead", "unit"], ascending=[False, False, True])
            .reset_index(drop=True).rename_axis(columns=None))


def milestone_calendar(milestones: pd.DataFrame, assume_undated: str | None = None) -> pd.DataFrame:
    """Milestones per task and month of 2017: a task × month count table (months 1-12).

    Steps without a month (deadline NA) are left out, unless ``assume_undated``
    (e.g. ``"2017-12"``) places them in that month; ``attrs["assumption"]``
    then says so (see :func:`milestone_timeline`).
    """
    m = milestone_timeline(milestones, assume_undated=assume_undated)
    known = m[m["month"].notna()].astype({"month": int})
    table = known.pivot_table(index="task_no", columns="month", values="milestone_no", aggfunc="count", fill_value=0)
    out = table.reindex(columns=range(1, 13), fill_value=0).astype(int)
    out.attrs.update(m.attrs)
    return out


# ---------------------------------------------------------------- cross-industry


__all__ += ["industry_overview", "milestone_timeline", "milestones_by_month", "task_schedule", "unit_workload",
            "majority_units"]

_OVERVIEW_COLUMNS = [
    "industry", "name_zh", "name_en", "group",
    "firms", "firms_metric", "firms_scope_zh", "firms_scope_en", "output_above_scale", "output_per_firm",
    "output", "output_scope_zh", "output_scope_en",
    "taxes", "taxes_scope_zh", "taxes_scope_en", "employment",
    "share_city_pct", "share_province_pct", "share_national_pct",
    "base_metric", "base_year", "base_value", "base_scope_zh", "base_scope_en",
    "target_metric", "target_year", "target_value", "qualifier", "target_scope_zh", "target_scope_en",
    "scope_vs_baseline", "comparable", "required_cagr",
]


def industry_overview(facts: pd.DataFrame, industries: pd.DataFrame, segments: pd.DataFrame | None = None,
                      year: int = 2016, target_year: int = 2020) -> pd.DataFrame:
    """The industries side by side: one row per industry of ``industries``, in its order.

    From the ``actual`` facts of ``year`` (NaN where the plan states nothing):

    - ``firms``: above-scale firms (``enterprises_above_scale``); ``firms_metric`` says so;
    - ``output_above_scale``: output of those same firms (``output_value_above_scale``),
      and ``output_per_firm`` = ``output_above_scale / firms`` (亿元 per firm);
    - ``output``: the industry's output of all firms as the plan states it
      (``output_value``), with its scope (pearl: 116 亿元 for the whole city,
      against 30.7 亿元 of above-scale firms);
    - ``taxes`` (亿元) with its scope (``taxes_above_scale``, else ``taxes``),
      ``employment`` (万人; ``employment_above_scale``, else ``employment``);
    - ``share_city_pct`` / ``share_province_pct`` / ``share_national_pct``:
      from the industry row of ``segments`` where given, else from the facts
      (``share_city_industry_pct``, ``share_province_pct``).

    Against the ``target_year`` target: the industry's ``output_value`` target,
    or where it has none its first target in 亿元 (huangjiu: sales), paired by
    :func:`growth_paths` with the baseline the data names (``baseline_metric``).
    ``scope_vs_baseline`` is the data's judgement (same / possibly_wider /
    different); ``comparable`` is True where a rate is computed (same, or
    possibly wider: textile, chemical, metal, read as the same above-scale
    firms), False where the scopes differ (huangjiu, pearl: no
    ``required_cagr`` then), and <NA> where the plan gives no baseline
    (bearings, kitchenware, motors).
    """
    act = facts[(facts["kind"] == "actual") & (facts["year"] == year)]
    paths = growth_paths(facts)
    paths = paths[paths["target_year"] == target_year]
    seg_head = (segments[segments["level"] == "industry"].set_index("industry")
                if segments is not None else pd.DataFrame())

    def fact(ind: str, metric: str):
        row = act[(act["industry"] == ind) & (act["metric"] == metric)]
        return row.iloc[0] if len(row) else None

    def value(row) -> float:
        return float(row["value"]) if row is not None and pd.notna(row["value"]) else np.nan

    rows = []
    for ind in industries.itertuples(index=False):
        rec = {c: pd.NA for c in _OVERVIEW_COLUMNS}
        rec.update(industry=ind.industry, name_zh=ind.name_zh, name_en=ind.name_en, group=ind.group)
        # firms and the output of the same firms
        for firms_metric, output_metric in (("enterprises_above_scale", "output_value_above_scale"),):
            f = fact(ind.industry, firms_metric)
            if f is not None:
                o = fact(ind.industry, output_metric)
                rec.update(firms=value(f), firms_metric=firms_metric, firms_scope_zh=f["scope_zh"],
                           firms_scope_en=f["scope_en"], output_above_scale=value(o))
                break
        out = fact(ind.industry, "output_value")
        if out is not None:
            rec.update(output=value(out), output_scope_zh=out["scope_zh"], output_scope_en=out["scope_en"])
        tax = fact(ind.industry, "taxes_above_scale")
        tax = tax if tax is not None else fact(ind.industry, "taxes")
        if tax is not None:
            rec.update(taxes=value(tax), taxes_scope_zh=tax["scope_zh"], taxes_scope_en=tax["scope_en"])
        emp = fact(ind.industry, "employment_above_scale")
        rec["employment"] = value(emp if emp is not None else fact(ind.industry, "employment"))
        # shares: the structure table's head row first, the prose otherwise
        for col, metric in (("share_city_pct", "share_city_industry_pct"), ("share_province_pct", "share_province_pct"),
                            ("share_national_pct", "share_national_pct")):
            v = seg_head.at[ind.industry, col] if ind.industry in seg_head.index else np.nan
            rec[col] = float(v) if pd.notna(v) else value(fact(ind.industry, metric))
        # the 2020 target and its baseline
        p = paths[paths["industry"] == ind.industry]
        pick = p[p["metric"] == "output_value"]
        if pick.empty:
            pick = p[p["unit"] == "亿元"]
        if len(pick):
            t = pick.iloc[0]
            rec.update(target_metric=t["metric"], target_year=t["target_year"], target_value=t["target_value"],
                       qualifier=t["qualifier"], target_scope_zh=t["target_scope_zh"],
                       target_scope_en=t["target_scope_en"], scope_vs_baseline=t["scope_vs_baseline"],
                       comparable=t["comparable"], required_cagr=t["required_cagr"])
            if pd.notna(t["base_value"]):
                rec.update(base_metric=t["base_metric"], base_year=t["base_year"], base_value=t["base_value"],
                           base_scope_zh=t["base_scope_zh"], base_scope_en=t["base_scope_en"])
        rows.append(rec)
    out = pd.DataFrame(rows, columns=_OVERVIEW_COLUMNS)
    for c in ("firms", "output_above_scale", "output", "taxes", "employment", "share_city_pct", "share_province_pct",
              "share_national_pct", "base_value", "target_value", "required_cagr"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["output_per_firm"] = out["output_above_scale"] / out["firms"]
    for c in ("base_year", "target_year"):
        out[c] = pd.array(out[c], dtype="Int64")
    out["comparable"] = pd.array(out["comparable"], dtype="boolean")
    for c in ("firms_metric", "firms_scope_zh", "firms_scope_en", "output_scope_zh", "output_scope_en", "taxes_scope_zh", "taxes_scope_en", "base_metric", "scope_vs_baseline",
              "base_scope_zh", "base_scope_en", "target_metric", "qualifier", "target_scope_zh", "target_scope_en"):
        out[c] = out[c].astype("string")
    return out


# ---------------------------------------------------------------- 2017 timeline

UNDATED_NOTE = "No month in the plan"


def _assumption_label(assume_undated: str) -> str:
    return (f"assumption: steps without a month in the plan are counted as due in {assume_undated} "
            "(the plan prints no month for them)")


def milestone_timeline(milestones: pd.DataFrame, assume_undated: str | None = None) -> pd.DataFrame:
    """The 2017 milestones in calendar order, with ``month`` (1-12) and ``dated``.

    ``dated`` is False where the plan gives the step no month: the data
    leaves its ``deadline`` empty (NA) and so ``month`` is <NA>, so a chart
    must not present it as due in any month.  Where an analysis needs a month
    for every step, pass ``assume_undated="2017-12"`` (a ``YYYY-MM``): those
    steps then get that month, ``assumed`` is True for them and
    ``attrs["assumption"]`` holds the label to show with the result.
    Sorted by month (undated last), task and printed order.
    """
    m = milestones.copy()
    deadline = m["deadline"].astype("string")
    note = m["note"].astype("string").fillna("") if "note" in m else pd.Series("", index=m.index, dtype="string")
    # older copies of the data filled a month in and flagged it in the note
    m["dated"] = (deadline.notna() & ~note.str.startswith(UNDATED_NOTE)).astype(bool)
    month = pd.to_numeric(deadline.str.slice(5, 7), errors="coerce")
    m["month"] = pd.array(month.where(m["dated"]), dtype="Int64")
    m["assumed"] = False
    if assume_undated is not None:
        if not isinstance(assume_undated, str) or not pd.Series([assume_undated]).str.fullmatch(
                r"\d{4}-(0[1-9]|1[0-2])").iloc[0]:
            raise ValueError(f"assume_undated must be a month written YYYY-MM (e.g. '2017-12'), not {assume_undated!r}")
        m.loc[~m["dated"], "month"] = int(assume_undated[5:7])
        m["assumed"] = ~m["dated"]
    out = (m.assign(_k=m["month"].astype("float64").fillna(99))
           .sort_values(["dated", "_k", "task_no", "milestone_no"], ascending=[False, True, True, True], kind="stable")
           .drop(columns="_k").reset_index(drop=True))
    out.attrs["assumption"] = _assumption_label(assume_undated) if assume_undated is not None else ""
    return out


def milestones_by_month(milestones: pd.DataFrame, assume_undated: str | None = None) -> pd.DataFrame:
    """How many milestones fall due in each month of 2017 (1-12): ``dated``, ``undated``, ``tasks``, ``total``.

    ``dated`` counts the steps whose month the plan prints; ``tasks`` the
    distinct tasks among them.  Steps without a month are in no month
    (``undated`` is 0 everywhere, their number is ``attrs["n_undated"]``)
    unless ``assume_undated`` (e.g. ``"2017-12"``) places them in that month:
    ``undated`` then counts them there and ``attrs["assumption"]`` says so.
    """
    m = milestone_timeline(milestones, assume_undated=assume_undated)
    months = pd.Index(range(1, 13), name="month")
    dated = m[m["dated"]].groupby("month").size().reindex(months, fill_value=0)
    placed = m[~m["dated"] & m["month"].notna()]
    undated = placed.groupby("month").size().reindex(months, fill_value=0)
    tasks = m[m["dated"]].groupby("month")["task_no"].nunique().reindex(months, fill_value=0)
    out = pd.DataFrame({"dated": dated, "undated": undated, "tasks": tasks}).astype(int)
    out["total"] = out["dated"] + out["undated"]
    out = out.reset_index()
    out.attrs.update(assumption=m.attrs["assumption"], n_undated=int((~m["dated"]).sum()))
    return out


def task_schedule(tasks: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """Each 2017 task with its number of milestones, how many have a month, and its first and last dated month.

    Columns added to ``tasks``: ``milestones``, ``dated``, ``undated``,
    ``first_month``, ``last_month`` (<NA> for a task without dated steps).
    """
    m = milestone_timeline(milestones)
    g = m.groupby("task_no")
    d = m[m["dated"]].groupby("task_no")["month"]
    out = tasks.copy()
    out["milestones"] = out["task_no"].map(g.size()).fillna(0).astype(int)
    out["dated"] = out["task_no"].map(m[m["dated"]].groupby("task_no").size()).fillna(0).astype(int)
    out["undated"] = out["milestones"] - out["dated"]
    out["first_month"] = pd.array(out["task_no"].map(d.min()), dtype="Int64")
    out["last_month"] = pd.array(out["task_no"].map(d.max()), dtype="Int64")
    return out.reset_index(drop=True)


def unit_workload(roles: pd.DataFrame, milestones: pd.DataFrame) -> pd.DataFrame:
    """:func:`unit_load` plus what leading means for each unit.

    Added columns: ``lead_measures`` and ``lead_tasks`` (items led, by kind)
    and ``lead_milestones``, the 2017 milestones of the tasks the unit leads
    (a task led by two units counts for both).  Same order as
    :func:`unit_load`.
    """
    load = unit_load(roles)
    lead = roles[roles["role"] == "lead"].drop_duplicates(["unit", "item"])
    per_task = milestones.groupby("task_no").size()
    lead_tasks = lead[lead["kind"] == "task"]
    ms = lead_tasks.assign(n=lead_tasks["item"].str.slice(1).astype(int).map(per_task).fillna(0))
    load["lead_measures"] = load["unit"].map(lead[lead["kind"] == "measure"].groupby("unit").size()).fillna(0).astype(int)
    load["lead_tasks"] = load["unit"].map(lead_tasks.groupby("unit").size()).fillna(0).astype(int)
    load["lead_milestones"] = load["unit"].map(ms.groupby("unit")["n"].sum()).fillna(0).astype(int)
    return load


def majority_units(load: pd.DataFrame, n_items: int, role: str = "responsible") -> pd.DataFrame:
    """The units named in ``role`` on more than half of the ``n_items`` measures and tasks, most first.

    ``load`` is :func:`unit_load` (or :func:`unit_workload`); "more than half"
    is strict (9 of 18 is not a majority).  Returns those rows, sorted by the
    role's count (descending), ties in ``load``'s order.
    """
    if role not in ROLES:
        raise ValueError(f"role={role!r} is not valid; valid roles: {', '.join(ROLES)}")
    return load[load[role] * 2 > n_items].sort_values(role, ascending=False, kind="stable")


# ---------------------------------------------------------------- plan overview


def indicator_overview(indicators: pd.DataFrame) -> pd.DataFrame:
    """The 18 main indicators, one row each, with the change each step requires.

    Combines :func:`indicator_paths` (two steps: baseline → 2020 and
    2020 → 2025) and :func:`target_index` into one wide row per indicator.
    For each step ``s`` in ``("2020", "2025")``:

    - ``measure_s``: ``cagr`` (levels), ``pp_per_year`` (shares, unit %),
      ``annual_increment`` (indicators whose target is a yearly flow) or NA
      (no figure to start from, or a composition);
    - ``change_s``: the CAGR as a fraction, or percentage points a year;
    - ``ratio_s``: target / starting figure (for ``annual_increment`` rows:
      the yearly target / the baseline year's figure);
    - ``years_s``: the length of the step in years.

    ``index_2020`` / ``index_2025`` are the targets as an index of the
    baseline (baseline = 100), NaN where there is no baseline.
    """
    paths = indicator_paths(indicators)
    base_cols = ["indicator_no", "category_zh", "category_en", "name_zh", "name_en", "unit_zh", "unit_en",
                 "target_kind", "baseline_year", "baseline", "target_2020", "target_2025"]
    base_cols += [c for c in ("baseline_text", "target_2020_text", "target_2025_text") if c in indicators]
    out = indicators[base_cols].copy().reset_index(drop=True)
    for step, label in (("baseline->2020", "2020"), ("2020->2025", "2025")):
        p = paths[paths["step"] == step].set_index("indicator_no")
        idx = out["indicator_no"]
        out[f"measure_{label}"] = pd.array(p["measure"].reindex(idx).to_numpy(), dtype="string")
        out[f"change_{label}"] = p["rate"].reindex(idx).to_numpy(dtype="float64")
        out[f"ratio_{label}"] = p["ratio_to_base"].reindex(idx).to_numpy(dtype="float64")
        out[f"years_{label}"] = p["years"].reindex(idx).to_numpy(dtype="float64")
    ti = target_index(indicators).set_index("indicator_no")
    for c in ("index_2020", "index_2025"):
        out[c] = ti[c].reindex(out["indicator_no"]).to_numpy(dtype="float64")
    return out


_NOT_PRINTED = {"—", "-", "–", "―", "——", "－"}


def missing_baselines(indicators: pd.DataFrame) -> pd.DataFrame:
    """Main indicators without a numeric baseline, and why.

    ``reason`` is ``composition`` (the indicator is a ratio of shares, kept
    in ``fibre_mix``), ``not_printed`` (the plan prints "—" in the baseline
    cell) or ``missing`` (anything else).  Carries the printed baseline text
    and the data's ``note``.
    """
    df = indicators[indicators["baseline"].isna()].copy()
    text = df["baseline_text"] if "baseline_text" in df else pd.Series(pd.NA, index=df.index)
    reason = []
    for kind, printed in zip(df["target_kind"], text):
        if kind == "composition":
            reason.append("composition")
        elif printed is pd.NA or printed is None or str(printed).strip() in _NOT_PRINTED:
            reason.append("not_printed")
        else:
            reason.append("missing")
    df["reason"] = pd.array(reason, dtype="string")
    cols = ["indicator_no", "category_zh", "category_en", "name_zh", "name_en", "target_kind", "reason",
            "baseline_text", "target_2020_text", "target_2025_text", "note"]
    return df[[c for c in cols if c in df]].reset_index(drop=True)


def reconciliation_summary(recon: pd.DataFrame) -> dict:
    """The figures of a :func:`target_reconciliation` as a plain dict, for sentences and checks.

    - ``headline``: the plan's headline target (8,000 亿元 for 2020);
    - ``output_sum``: the key industries' targets that are output values;
    - ``output_parts``: ``{industry: value}`` of those;
    - ``gap`` and ``gap_pct``: headline − output_sum, and as % of the headline;
    - ``other_scope``: ``{industry: value}`` of key industries whose only
      figure has another scope (huangjiu's full-chain sales);
    - ``sum_with_other_scope``: output_sum plus those (what a naive sum gives);
    - ``non_key``: ``{industry: value}`` of the other industries' output
      targets (not part of the headline), ``non_key_sum``, and
      ``sum_with_non_key`` (output_sum + non_key_sum);
    - ``excess_with_other_scope``: sum_with_other_scope − headline.
    """
    key = recon[recon["group"] == "key"]
    counted = key[key["comparable"].eq(True) & key["value"].notna()]
    other = key[key["comparable"].eq(False) & key["value"].notna()]
    non_key = recon[(recon["group"] != "key") & recon["value"].notna()]
    headline = float(recon.attrs.get("headline", np.nan))
    output_sum = float(counted["value"].sum())
    gap = headline - output_sum
    return dict(
        year=recon.attrs.get("year"),
        headline=headline,
        output_parts=dict(zip(counted["industry"], counted["value"].astype(float))),
        output_sum=output_sum,
        gap=gap,
        gap_pct=gap / headline * 100 if headline else np.nan,
        other_scope=dict(zip(other["industry"], other["value"].astype(float))),
        sum_with_other_scope=output_sum + float(other["value"].sum()),
        non_key=dict(zip(non_key["industry"], non_key["value"].astype(float))),
        non_key_sum=float(non_key["value"].sum()),
        sum_with_non_key=output_sum + float(non_key["value"].sum()),
        excess_with_other_scope=output_sum + float(other["value"].sum()) - headline,
    )


# ---------------------------------------------------------------- data audit


def city_share_consistency(segments: pd.DataFrame, half_step: float = 0.05) -> pd.DataFrame:
    """Is every row's printed share of city industry consistent with one city total?

    Each share is printed to one decimal, so row ``i`` says the city total
    lies in ``[output / (share + 0.05), output / (share - 0.05)] × 100``.
    The *common range* is the intersection of these intervals over the
    three tables' ``industry`` rows (the best-determined ones); its bounds
    are in ``attrs["low"]`` and ``attrs["high"]`` (empty: low > high).
    For every row, ``share_low`` / ``share_high`` give the unrounded share
    the row's output has against the common range, and ``consistent`` says
    whether the row's own interval meets the common range (i.e. the printed
    share is a possible rounding of the true one).
    """
    rows = implied_totals(segments)
    rows = rows[rows["output_value"].notna() & (rows["share_city_pct"] > half_step)].copy()
    rows["implied_low"] = rows["output_value"] / (rows["share_city_pct"] + half_step) * 100
    rows["implied_high"] = rows["output_value"] / (rows["share_city_pct"] - half_step) * 100
    heads = rows[rows["level"] == "industry"]
    low = float(heads["implied_low"].max()) if len(heads) else np.nan
    high = float(heads["implied_high"].min()) if len(heads) else np.nan
    rows["share_low"] = rows["output_value"] / high * 100
    rows["share_high"] = rows["output_value"] / low * 100
    eps = 1e-9
    rows["consistent"] = (rows["implied_low"] <= high + eps) & (rows["implied_high"] >= low - eps)
    out = rows[["industry", "level", "segment_zh", "segment_en", "output_value", "share_city_pct",
                "implied_city_total", "implied_low", "implied_high", "share_low", "share_high",
                "consistent"]].reset_index(drop=True)
    out.attrs.update(low=low, high=high, midpoint=(low + high) / 2)
    return out


def share_sum_checks(segments: pd.DataFrame, city_total: float | None = None,
                     half_step: float = 0.05) -> pd.DataFrame:
    """Do the numbered segments' printed shares of city industry add up to their industry's printed share?

    One row per industry table.  ``parts`` is the sum of the printed shares
    of the segments counted in the total, ``total`` the industry row's
    printed share, ``difference`` = parts − total.  ``exact`` is True when
    they are equal; ``within_rounding`` when the difference is no more than
    the rounding of all the terms allows (``half_step`` × (number of parts + 1)).
    ``unrounded`` recomputes the share from the parts' outputs (which add up
    to the industry's) and ``city_total`` (default: the midpoint of the
    common range of :func:`city_share_consistency`); ``total_is_rounding``
    says whether the industry's printed share is that figure rounded to one
    decimal, i.e. whether the sum of the parts is the rounding artefact.
    """
    if city_total is None:
        city_total = city_share_consistency(segments, half_step).attrs["midpoint"]
    rows = []
    for ind, seg, head, parts in _industry_tables(segments):
        s = float(parts["share_city_pct"].sum())
        total = float(head["share_city_pct"])
        diff = s - total
        tol = half_step * (len(parts) + 1)
        rows.append(dict(industry=ind, whole=head["segment_zh"], part="+".join(parts["segment_zh"]),
                         n_parts=len(parts), parts=s, total=total, difference=diff,
                         exact=abs(diff) < 1e-9, within_rounding=abs(diff) <= tol + 1e-9, tolerance=tol,
                         unrounded=float(parts["output_value"].sum()) / city_total * 100))
    cols = ["industry", "whole", "part", "n_parts", "parts", "total", "difference", "exact", "within_rounding",
            "tolerance", "unrounded"]
    out = pd.DataFrame(rows, columns=cols)
    out["total_is_rounding"] = (out["unrounded"] - out["total"]).abs() <= half_step + 1e-9
    out.attrs["city_total"] = city_total
    return out


# prose metric -> structure-table column, for the industry row of each table
_PROSE_TABLE_METRICS = {"enterprises_above_scale": "enterprises", "output_value_above_scale": "output_value",
                        "share_city_industry_pct": "share_city_pct", "share_province_pct": "share_province_pct"}


def prose_table_checks(facts: pd.DataFrame, segments: pd.DataFrame) -> pd.DataFrame:
    """The 2016 figures stated in an industry's prose against its structure table's industry row.

    One row per (industry, metric) that both give; ``ok`` when equal.
    """
    rows = []
    for head in segments[segments["level"] == "industry"].itertuples(index=False):
        f = facts[(facts["industry"] == head.industry) & (facts["kind"] == "actual") & (facts["year"] == head.year)]
        for metric, column in _PROSE_TABLE_METRICS.items():
            hit = f[f["metric"] == metric]
            table_value = getattr(head, column)
            if hit.empty or pd.isna(table_value):
                continue
            prose = float(hit["value"].iloc[0])
            rows.append(dict(industry=head.industry, metric=metric, column=column, prose=prose,
                             table=float(table_value), ok=abs(prose - float(table_value)) < 1e-9))
    return pd.DataFrame(rows, columns=["industry", "metric", "column", "prose", "table", "ok"])


def decision_notes(frame: pd.DataFrame, keys: list[str], note: str = "note") -> pd.DataFrame:
    """The rows of a table that carry a note (an ambiguity and the decision taken): ``keys`` + note."""
    if note not in frame:
        return pd.DataFrame(columns=[*keys, note])
    text = frame[note].astype("string").str.strip()
    has = text.notna() & (text != "")
    return frame.loc[has, [*keys, note]].reset_index(drop=True)


def table_catalogue(frames: dict, infos: dict, note: str = "note") -> pd.DataFrame:
    """One row per table: name, titles, rows, columns, rows with a note, source.

    ``frames`` maps table name -> DataFrame (``shaoxing.load``), ``infos``
    maps name -> :class:`shaoxing.data.TableInfo` (``shaoxing.describe``);
    the order of ``frames`` is kept.
    """
    rows = []
    for name, df in frames.items():
        info = infos[name]
        notes = len(decision_notes(df, [], note)) if note in df else 0
        src = info.source or {}
        rows.append(dict(name=name, title_en=info.title, title_zh=info.title_zh, rows=len(df),
                         columns=df.shape[1], rows_with_note=notes,
                         section_en=src.get("section_en", ""), section_zh=src.get("section_zh", ""),
                         line_ranges=[tuple(r) for r in (src.get("line_ranges") or
                                                         ([src["lines"]] if src.get("lines") else []))],
                         primary_key=list(info.primary_key)))
    return pd.DataFrame(rows, columns=["name", "title_en", "title_zh", "rows", "columns", "rows_with_note",
                                       "section_en", "section_zh", "line_ranges", "primary_key"])


def reconciliation_caveats(recon: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """What makes the sum of :func:`target_reconciliation` an inexact comparison: one row per caveat.

    ``kind`` is one of:

    - ``other_scope``: a key industry whose figure is not an output value
      (huangjiu's full-chain sales), left out of the output sum;
    - ``baseline_scope_differs``: a counted target whose scope differs from
      its 2016 baseline (the data's ``scope_vs_baseline`` is ``different``:
      pearl processing vs the 2016 figure stated with farming);
    - ``wider_than_baseline``: the 2016 baseline counts firms above
      designated size (规上 / 规模以上) and the target may cover more (the
      data's ``scope_vs_baseline`` is ``possibly_wider``);
    - ``qualifier``: the target is not a plain "reach" (more than, strive
      for, about, at least), so the sum adds targets of different firmness;
    - ``not_in_headline``: an industry outside the key group with an output
      target of its own (not part of the headline).

    Columns: industry, kind, value, qualifier, scope_zh, scope_en,
    base_value, base_scope_zh, base_scope_en.
    """
    year = recon.attrs.get("year", 2020)
    f = facts
    rows = []

    def add(r, kind, base=None):
        rows.append(dict(industry=r.industry, kind=kind, value=r.value, qualifier=r.qualifier,
                         scope_zh=r.scope_zh, scope_en=r.scope_en,
                         base_value=np.nan if base is None else base["value"],
                         base_scope_zh=pd.NA if base is None else base["scope_zh"],
                         base_scope_en=pd.NA if base is None else base["scope_en"]))

    for r in recon[recon["value"].notna()].itertuples(index=False):
        if r.group != "key":
            add(r, "not_in_headline")
            continue
        if r.comparable is False or (r.comparable is not pd.NA and not bool(r.comparable)):
            add(r, "other_scope")
            continue
        # the data's one judgement (scope_vs_baseline), through growth_paths
        path = growth_paths(f, industry=r.industry, metric=r.metric)
        path = path[path["target_year"] == year]
        p = path.iloc[0] if len(path) else None
        b = None if p is None or pd.isna(p["base_value"]) else \
            {"value": p["base_value"], "scope_zh": p["base_scope_zh"], "scope_en": p["base_scope_en"]}
        judgement = p["scope_vs_baseline"] if p is not None else pd.NA
        if judgement == "different":
            add(r, "baseline_scope_differs", b)
        elif judgement == "possibly_wider":
            add(r, "wider_than_baseline", b)
        if isinstance(r.qualifier, str) and r.qualifier != "reach":
            add(r, "qualifier")
    cols = ["industry", "kind", "value", "qualifier", "scope_zh", "scope_en", "base_value", "base_scope_zh",
            "base_scope_en"]
    out = pd.DataFrame(rows, columns=cols)
    out["value"] = pd.to_numeric(out["value"]).astype("float64")
    out["base_value"] = pd.to_numeric(out["base_value"]).astype("float64")
    return out


def implied_total_intervals(segments: pd.DataFrame, half_step: float = 0.05) -> pd.DataFrame:
    """:func:`implied_totals` with the rounding interval of each implied total (city, province, nation).

    A share printed to one decimal lies within ``± half_step``, so the total
    it implies lies in ``[output / (share + h), output / (share - h)] × 100``;
    ``{scope}_spread_pct`` is the interval's half-width relative to the
    implied total (how rough the figure is: large for small shares).
    """
    out = implied_totals(segments)
    for scope in ("city", "province", "national"):
        share, total = out[f"share_{scope}_pct"], out[f"implied_{scope}_total"]
        ok = share > half_step
        out[f"implied_{scope}_low"] = (out["output_value"] / (share + half_step) * 100).where(ok)
        out[f"implied_{scope}_high"] = (out["output_value"] / (share - half_step) * 100).where(ok)
        out[f"{scope}_spread_pct"] = ((out[f"implied_{scope}_high"] - out[f"implied_{scope}_low"]) / 2
                                      / total * 100).where(ok)
    return out


# ---------------------------------------------------------------- the data dictionary

__all__ += ["data_dictionary"]

_DICTIONARY_COLUMNS = ["table", "position", "field", "title", "type", "unit", "required", "in_primary_key",
                       "references", "allowed", "filled", "rows", "description", "title_zh", "description_zh",
                       "unit_zh"]


def data_dictionary(package: dict, frames: dict) -> pd.DataFrame:
    """One row per column of every table: what a researcher needs to use it.

    ``package`` is the data package (``shaoxing.datapackage()``), ``frames`` maps
    table name -> DataFrame (``shaoxing.load``); tables not in ``frames`` are left
    out and the order of ``frames`` is kept.  Per column: its ``position`` in the
    table (from 1), ``title``, ``type``, ``unit`` (missing if it has none),
    ``required``, ``in_primary_key``, ``references`` ("industries.industry" for a
    foreign key, else ""), ``allowed`` (the enum's values joined by ", ", else ""),
    ``filled`` (rows with a value) out of ``rows``, and ``description``; ``title_zh``
    and ``description_zh`` are the Chinese title and description ("" where the
    package has none); ``unit_zh`` is the unit in Chinese (missing where the column has no unit, "" where the
    package gives none in Chinese).
    """
    resources = {r["name"]: r for r in package.get("resources", [])}
    rows = []
    for name, df in frames.items():
        schema = resources[name].get("schema", {})
        key = schema.get("primaryKey") or []
        key = [key] if isinstance(key, str) else list(key)
        refs = {}
        for fk in schema.get("foreignKeys") or []:
            own = [fk["fields"]] if isinstance(fk["fields"], str) else fk["fields"]
            theirs = fk["reference"]["fields"]
            theirs = [theirs] if isinstance(theirs, str) else theirs
            for a, b in zip(own, theirs):
                refs[a] = f"{fk['reference']['resource'] or name}.{b}"
        for i, f in enumerate(schema.get("fields", []), start=1):
            c = f.get("constraints") or {}
            allowed = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in c.get("enum") or [])
            filled = int(df[f["name"]].notna().sum()) if f["name"] in df else 0
            rows.append(dict(table=name, position=i, field=f["name"], title=f.get("title", ""), type=f["type"],
                             unit=f.get("unit"), required=bool(c.get("required", False)),
                             in_primary_key=f["name"] in key, references=refs.get(f["name"], ""),
                             allowed=allowed, filled=filled, rows=len(df), description=f.get("description", ""),
                             title_zh=f.get("title_zh", ""), description_zh=f.get("description_zh", ""),
                             unit_zh=f.get("unit_zh", "") if f.get("unit") is not None else None))
    return pd.DataFrame(rows, columns=_DICTIONARY_COLUMNS)


# =====================================================================================================
# Deeper analysis (issue 12, items 3-8): headline arithmetic, value added against its targets, structure
# measures, benchmarks counted, plausibility flags, scenarios. Item 1 (each industry's outcomes) is in
# progress.py, the sentences in findings.py.
# Owned by the b12-analysis branch; every figure is derived from the data tables passed in.
# =====================================================================================================

__all__ += ["headline_components", "headline_arithmetic", "value_added_targets", "value_added_vs_output",
            "structure_measures", "concentration_measures", "benchmark_profile", "plausibility_flags",
            "check_growth_pct", "scenario_projection",
            "GROWTH_PCT_MIN", "GROWTH_PCT_MAX", "FLAG_CAGR", "FLAG_RATIO"]

_ABOVE_SCALE_WORDS = ("规上", "规模以上")

#: The readings of the headline's 2016 base: which figure of each key industry is summed.
#: ``stated``: each industry as the plan states its size (output value; huangjiu: sales; pearl: the city
#: total); ``above_scale``: firms above designated size only (huangjiu, pearl: their above-scale figures).
HEADLINE_READINGS = {
    "stated": (("output_value", False), ("sales", False), ("output_value_above_scale", False)),
    "above_scale": (("output_value_above_scale", None), ("sales_above_scale", None), ("output_value", True)),
}


def _actuals(facts: pd.DataFrame, year: int | None = None) -> dict:
    """``{(industry, metric): fact}``: the latest ``actual`` fact with a value of each pair (of ``year``
    if given), as a row; a fact without a year sorts last."""
    f = facts[(facts["kind"] == "actual") & facts["value"].notna()]
    if year is not None:
        f = f[f["year"] == year]
    f = f.sort_values("year", kind="stable")
    last = {key: pos for pos, key in enumerate(zip(f["industry"], f["metric"]))}
    return {key: f.iloc[pos] for key, pos in last.items()}


def _is_above_scale(scope, metric=None) -> bool:
    """Does a figure count firms above designated size only (its metric id or its scope says so)?"""
    if isinstance(metric, str) and metric.endswith("_above_scale"):
        return True
    return isinstance(scope, str) and any(w in scope for w in _ABOVE_SCALE_WORDS)


def headline_components(facts: pd.DataFrame, industries: pd.DataFrame, year: int = 2016) -> pd.DataFrame:
    """The 2016 figure of each key industry under each reading of the headline's base (long table).

    One row per (reading, key industry): ``metric``, ``value`` (亿元), ``scope_zh`` / ``scope_en`` and
    ``above_scale`` (the figure counts firms above designated size only).  Readings
    (:data:`HEADLINE_READINGS`):

    - ``stated``: the figure with which the plan states each industry's size: ``output_value`` (pearl's
      116 亿元, a city total), else ``sales`` (huangjiu's 43 亿元), else ``output_value_above_scale`` (textile,
      chemicals, metal: the plan states them for firms above designated size only);
    - ``above_scale``: the figure of firms above designated size: ``output_value_above_scale`` (pearl:
      30.7 亿元), else ``sales_above_scale`` (huangjiu: 37.5 亿元), else an ``output_value`` whose scope
      says 规上/规模以上.

    An industry with no such figure gets a row with NaN value.
    """
    keys = industries.loc[industries["group"] == "key", "industry"]
    actuals = _actuals(facts, year)
    rows = []
    for reading, choices in HEADLINE_READINGS.items():
        for ind in keys:
            pick = None
            for metric, need_above in choices:
                f = actuals.get((ind, metric))
                if f is None:
                    continue
                if need_above is True and not _is_above_scale(f["scope_zh"], f["metric"]):
                    continue
                pick = f
                break
            rows.append(dict(reading=reading, industry=ind,
                             metric=pick["metric"] if pick is not None else pd.NA,
                             value=float(pick["value"]) if pick is not None else np.nan,
                             scope_zh=pick["scope_zh"] if pick is not None else pd.NA,
                             scope_en=pick["scope_en"] if pick is not None else pd.NA,
                             above_scale=_is_above_scale(pick["scope_zh"], pick["metric"]) if pick is not None else pd.NA))
    out = pd.DataFrame(rows, columns=["reading", "industry", "metric", "value", "scope_zh", "scope_en", "above_scale"])
    out["above_scale"] = pd.array(out["above_scale"], dtype="boolean")
    return out


def headline_arithmetic(facts: pd.DataFrame, industries: pd.DataFrame, year: int = 2016, target_year: int = 2020,
                        headline_metric: str = "key_traditional_industries_output_value") -> pd.DataFrame:
    """The growth a year the headline target needs from the 2016 base, under each reading of that base.

    The plan sets 8000 亿元 for the key traditional industries in 2020 but gives no 2016 total; the base
    is the sum of the five key industries' figures under a reading of :func:`headline_components`.
    One row per reading: ``base`` (亿元), ``n_parts`` and ``missing`` (industries without a figure),
    ``headline``, ``years``, ``ratio`` (headline / base), ``required_cagr`` (fraction a year),
    ``sales_counted`` (industries whose figure is sales, not output: a sum of unlike things),
    ``above_scale_parts`` / ``total_parts`` (how many parts count above-scale firms only / every firm).

    With the plan's figures: ``stated`` 6265.9 亿元 → about 6.3% a year; ``above_scale`` 6175.1 亿元 →
    about 6.7% a year.
    """
    comp = headline_components(facts, industries, year)
    head = facts[(facts["kind"] == "target") & (facts["industry"] == "all") & (facts["metric"] == headline_metric)
                 & (facts["year"] == target_year)]
    headline = float(head["value"].iloc[0]) if len(head) else np.nan
    years = target_year - year
    rows = []
    for reading, g in comp.groupby("reading", sort=False):
        have = g[g["value"].notna()]
        base = float(have["value"].sum()) if len(have) else np.nan
        rows.append(dict(reading=reading, base_year=year, base=base, n_parts=len(have),
                         missing=";".join(g.loc[g["value"].isna(), "industry"]),
                         target_year=target_year, headline=headline, years=years,
                         ratio=headline / base if base else np.nan,
                         required_cagr=required_cagr(base, headline, years) if base else np.nan,
                         sales_counted=";".join(have.loc[have["metric"].astype(str).str.startswith("sales"), "industry"]),
                         above_scale_parts=int(have["above_scale"].fillna(False).sum()),
                         total_parts=int((~have["above_scale"].fillna(False).astype(bool)).sum())))
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- value added


def value_added_targets(value_added_mix: pd.DataFrame, facts: pd.DataFrame, industry: str = "textile",
                        base_year: int = 2016) -> pd.DataFrame:
    """Each segment's value-added share beside the plan's target for it, and the change needed.

    A target is a ``target`` fact of ``industry`` whose metric ends in ``_value_added_share_pct`` and whose
    Chinese scope names the segment (规上化纤… → 化纤, 规上服装… → 服装).  One row per segment of the mix:
    ``share_pct`` (the mix), ``target_year``, ``target_pct``, ``qualifier``, ``change_pp`` (target −
    share), ``pp_per_year`` (over ``target_year − base_year``; the mix prints no year: it is the note to
    the 2016 table, so ``base_year`` defaults to 2016 and is returned with the rows), and for segments
    without a target ``target_pct`` NaN.

    ``attrs["untargeted_max_pct"]``: what the targets leave for the segments without one (100 − sum of
    targets) against ``attrs["untargeted_now_pct"]``, their present sum (textile: 50 against 69).
    """
    mix = value_added_mix[value_added_mix["industry"] == industry].copy()
    t = facts[(facts["industry"] == industry) & (facts["kind"] == "target")
              & facts["metric"].astype(str).str.endswith("_value_added_share_pct")]
    rows = []
    for m in mix.itertuples(index=False):
        hit = t[t["scope_zh"].astype(str).str.contains(m.segment_zh, regex=False)].sort_values("year")
        rec = dict(industry=industry, segment_zh=m.segment_zh, segment_en=m.segment_en, base_year=base_year,
                   share_pct=float(m.share_pct), metric=pd.NA, target_year=pd.NA, target_pct=np.nan,
                   qualifier=pd.NA, change_pp=np.nan, pp_per_year=np.nan)
        if len(hit):
            h = hit.iloc[0]
            rec.update(metric=h["metric"], target_year=int(h["year"]), target_pct=float(h["value"]),
                       qualifier=h["qualifier"], change_pp=float(h["value"]) - float(m.share_pct),
                       pp_per_year=required_pp_per_year(float(m.share_pct), float(h["value"]),
                                                        int(h["year"]) - base_year))
        rows.append(rec)
    out = pd.DataFrame(rows, columns=["industry", "segment_zh", "segment_en", "base_year", "share_pct", "metric",
                                      "target_year", "target_pct", "qualifier", "change_pp", "pp_per_year"])
    out["target_year"] = pd.array(out["target_year"], dtype="Int64")
    for c in ("share_pct", "target_pct", "change_pp", "pp_per_year"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    targeted = out["target_pct"].notna()
    out.attrs.update(untargeted_max_pct=100.0 - float(out.loc[targeted, "target_pct"].sum()),
                     untargeted_now_pct=float(out.loc[~targeted, "share_pct"].sum()))
    return out


def value_added_vs_output(value_added_mix: pd.DataFrame, segments: pd.DataFrame,
                          industry: str = "textile") -> pd.DataFrame:
    """Each segment's share of value added beside its share of output (the four segments = 100).

    Output shares are the segment outputs of ``segments`` (the numbered segments counted in the industry
    total) over their sum; a value-added segment is matched to the output segment whose name starts with
    it (服装 → 服装服饰).  ``va_to_output`` = value-added share / output share: above 1, the segment adds
    more value per yuan of output than the four together (textile: 化纤 0.68, 服装 1.16).
    """
    mix = value_added_mix[value_added_mix["industry"] == industry]
    seg = segments[(segments["industry"] == industry) & (segments["level"] == "segment")
                   & segments["counted_in_total"].fillna(False).astype(bool)]
    total = float(seg["output_value"].sum())
    rows = []
    for m in mix.itertuples(index=False):
        hit = seg[seg["segment_zh"].astype(str).str.startswith(m.segment_zh)]
        out_value = float(hit["output_value"].iloc[0]) if len(hit) else np.nan
        out_share = out_value / total * 100 if total else np.nan
        rows.append(dict(industry=industry, segment_zh=m.segment_zh, segment_en=m.segment_en,
                         output_segment_zh=hit["segment_zh"].iloc[0] if len(hit) else pd.NA,
                         output_value=out_value, output_share_pct=out_share, va_share_pct=float(m.share_pct),
                         va_to_output=float(m.share_pct) / out_share if out_share else np.nan))
    return pd.DataFrame(rows, columns=["industry", "segment_zh", "segment_en", "output_segment_zh", "output_value",
                                       "output_share_pct", "va_share_pct", "va_to_output"])


# ---------------------------------------------------------------- structure measures


def structure_measures(facts: pd.DataFrame, industries: pd.DataFrame, segments: pd.DataFrame | None = None,
                       year: int = 2016) -> pd.DataFrame:
    """Intensity measures from the plan's own 2016 figures, one row per industry.

    - ``tax_intensity_pct`` = taxes / output × 100 with both of one coverage: above-scale firms' taxes on
      their output (``taxes_above_scale`` / ``output_value_above_scale``: textile 2.5%, chemicals 2.2%,
      metal 1.5%), else the industry's ``taxes`` on its ``output_value``, else on its ``sales`` (huangjiu:
      4.6 / 43); ``tax_base_metric`` says which;
    - ``taxes_share_city_pct`` against ``output_share_city_pct`` (the structure table's head row; the
      prose where there is none) and their ratio ``tax_to_output_share`` (metal 6.8 / 11.3 = 0.60: it pays
      less tax than its weight in output);
    - ``employment_share_city_pct`` and ``output_per_worker`` (万元 per person: output in 亿元 over
      employment in 万人 is 万元 a person; textile 3673.5 / 31.5 = 116.6 万元), from above-scale figures
      where the plan gives them.

    NaN where the plan gives no input.
    """
    seg_head = (segments[segments["level"] == "industry"].set_index("industry")
                if segments is not None else pd.DataFrame())

    actuals = _actuals(facts, year)

    def val(ind, metric):
        f = actuals.get((ind, metric))
        return (float(f["value"]), f) if f is not None else (np.nan, None)

    rows = []
    for ind in industries.itertuples(index=False):
        # taxes set against output of the same coverage: above-scale firms' taxes on their output, else the
        # industry's taxes on its output, else on its sales (huangjiu)
        taxes = output = np.nan
        base_metric = tax_term_zh = None
        for tax_metric, base_metrics in (("taxes_above_scale", ("output_value_above_scale",)),
                                         ("taxes", ("output_value", "sales"))):
            t_val, t_fact = val(ind.industry, tax_metric)
            for m in base_metrics:
                b_val, _ = val(ind.industry, m)
                if not np.isnan(t_val) and not np.isnan(b_val):
                    taxes, output, base_metric = t_val, b_val, m
                    # the plan's own word for these taxes (上缴税金, 实缴税金), as printed in the quote
                    term = re.search(r"[\u4e00-\u9fff]{2}税金", str(t_fact.get("quote", "")))
                    tax_term_zh = term.group(0) if term else "税金"
                    break
            if base_metric:
                break
        employment, _ = val(ind.industry, "employment_above_scale")
        if np.isnan(employment):
            employment, _ = val(ind.industry, "employment")
        worker_output, _ = val(ind.industry, "output_value_above_scale")
        if np.isnan(worker_output):
            worker_output, _ = val(ind.industry, "output_value")
        tax_share, _ = val(ind.industry, "taxes_share_city_pct")
        emp_share, _ = val(ind.industry, "employment_share_city_pct")
        out_share = (float(seg_head.at[ind.industry, "share_city_pct"]) if ind.industry in seg_head.index
                     else val(ind.industry, "share_city_industry_pct")[0])
        rows.append(dict(industry=ind.industry, name_zh=ind.name_zh, name_en=ind.name_en, year=year,
                         taxes=taxes, tax_term_zh=tax_term_zh, tax_base_metric=base_metric, tax_base=output,
                         tax_intensity_pct=taxes / output * 100 if output else np.nan,
                         taxes_share_city_pct=tax_share, output_share_city_pct=out_share,
                         tax_to_output_share=tax_share / out_share if out_share else np.nan,
                         employment=employment, employment_share_city_pct=emp_share,
                         output_per_worker=(worker_output / employment if employment > 0 else np.nan)))
    out = pd.DataFrame(rows)
    out[["tax_base_metric", "tax_term_zh"]] = out[["tax_base_metric", "tax_term_zh"]].astype("string")
    num = [c for c in out.columns if c not in ("industry", "name_zh", "name_en", "year", "tax_base_metric", "tax_term_zh")]
    out[num] = out[num].apply(pd.to_numeric, errors="coerce").astype("float64")
    return out


_SALES_THRESHOLD = r"^enterprises_sales_over_cny(\d+(?:\.\d+)?)bn$"


def concentration_measures(facts: pd.DataFrame, exclusive_bands: bool = True) -> pd.DataFrame:
    """What the plan's counts of large firms and its leading-firm targets say about concentration.

    ``kind`` = ``top_firms``: from the counts of firms with sales above a threshold
    (``enterprises_sales_over_cny10bn`` = above 100 亿元, ``…5bn`` = above 50 亿元, ``…1bn`` = above
    10 亿元) of one industry and year, the fewest sales those firms can have, ``sales_lower_bound`` =
    Σ count × threshold, against the industry's figure of the same year and kind (actual or target):
    sales where the plan gives them, else output value (``denominator_metric``); ``share_lower_bound_pct``
    = bound / denominator × 100; a count the plan gives without a year (textile's) is set against the
    industry's latest actual figure (``denominator_year``).  The textile counts (1 firm above 100 亿元, 4 above 50 亿元) are read as
    exclusive bands, as the data's note says the four named firms leave out the largest
    (``exclusive_bands``; False reads nested counts and keeps the lowest threshold's); ``thresholds`` and
    ``counts`` list the bands (亿元; firms), ';'-joined: 5 firms with at least 300 亿元 = at least
    8.2% of 3673.5 亿元 (sales set against output: an approximation the row says).

    ``kind`` = ``target_share``: the plan's targets for the leading firms' share of output
    (``leading_firms_output_share_pct``: metal 80%, pearl 60%), and ``market_share``: shares of a
    national market held by named firms (``leading_firms_market_share_national_pct``: chemicals, Longsheng
    and Runtu, 70% of dyes).
    """
    f = facts[facts["value"].notna()]
    rows = []
    bands = f[f["metric"].astype(str).str.match(_SALES_THRESHOLD)]
    for (ind, year, kind), g in bands.groupby(["industry", "year", "kind"], sort=False, dropna=False):
        thr = g["metric"].str.extract(_SALES_THRESHOLD, expand=False).astype(float) * 10  # bn yuan -> 亿元
        counts = g["value"].astype(float)
        if exclusive_bands:
            bound, firms = float((counts * thr.values).sum()), float(counts.sum())
        else:  # nested counts: the firms above the lowest threshold include the others
            i = int(np.argmin(thr.values))
            bound, firms = float(counts.iloc[i] * thr.iloc[i]), float(counts.iloc[i])
        # the industry's figure of the same kind and year (an undated count: the latest actual figure)
        den = None
        for metric in ("sales", "output_value", "output_value_above_scale", "sales_above_scale"):
            d = f[(f["industry"] == ind) & (f["kind"] == kind) & (f["metric"] == metric)]
            d = d[d["year"] == year] if not pd.isna(year) else d[d["year"].notna()].sort_values("year").iloc[-1:]
            if len(d):
                den = d.iloc[0]
                break
        rows.append(dict(industry=ind, year=pd.NA if pd.isna(year) else int(year), kind="top_firms", fact_kind=kind,
                         firms=firms, thresholds=";".join(f"{t:g}" for t in thr),
                         counts=";".join(f"{c:g}" for c in counts), sales_lower_bound=bound,
                         denominator_metric=den["metric"] if den is not None else pd.NA,
                         denominator_year=int(den["year"]) if den is not None else pd.NA,
                         denominator=float(den["value"]) if den is not None else np.nan,
                         share_pct=bound / float(den["value"]) * 100 if den is not None else np.nan,
                         qualifier="at_least", names_zh=pd.NA))
    for metric, kind in (("leading_firms_output_share_pct", "target_share"),
                         ("leading_firms_market_share_national_pct", "market_share")):
        for r in f[f["metric"] == metric].itertuples(index=False):
            rows.append(dict(industry=r.industry, year=pd.NA if pd.isna(r.year) else int(r.year), kind=kind,
                             fact_kind=r.kind, firms=np.nan, thresholds=pd.NA, counts=pd.NA, sales_lower_bound=np.nan,
                             denominator_metric=pd.NA, denominator_year=pd.NA, denominator=np.nan,
                             share_pct=float(r.value), qualifier=r.qualifier if isinstance(r.qualifier, str) else pd.NA,
                             names_zh=r.scope_zh))
    cols = ["industry", "year", "kind", "fact_kind", "firms", "thresholds", "counts", "sales_lower_bound",
            "denominator_metric", "denominator_year",
            "denominator", "share_pct", "qualifier", "names_zh"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("firms", "sales_lower_bound", "denominator", "share_pct"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    for c in ("year", "denominator_year"):
        out[c] = pd.array(out[c].astype(object).where(out[c].notna(), None), dtype="Int64")
    return out.reset_index(drop=True)


# ---------------------------------------------------------------- benchmarks


def benchmark_profile(benchmarks: pd.DataFrame) -> pd.DataFrame:
    """Benchmarks per industry: mentions and distinct names, by kind and by domestic / foreign.

    A benchmark named under several roadmap rows is one name mentioned several times: names are counted
    distinct by ``name_en`` (山东康平纳集团 and 山东康平纳 are one firm, Kangpingna): textile has 22
    distinct names among 26 mentions.  Columns: ``mentions``, ``distinct``, ``repeated`` (names mentioned
    more than once, ';'-joined), ``enterprises`` / ``regions`` / ``sites`` (distinct names of each kind),
    ``domestic`` / ``foreign`` (distinct names in China / abroad), ``countries`` (distinct country codes
    abroad) and ``with_detail`` (mentions with a detail printed).  The plan prints no figure for any
    benchmark, so no gap to a benchmark can be measured from it.
    """
    rows = []
    for ind, g in benchmarks.groupby("industry", sort=False):
        names = g.drop_duplicates("name_en")
        counts = g["name_en"].value_counts()
        rows.append(dict(industry=ind, mentions=len(g), distinct=len(names),
                         repeated=";".join(sorted(counts[counts > 1].index)),
                         enterprises=int((names["kind"] == "enterprise").sum()),
                         regions=int((names["kind"] == "region").sum()), sites=int((names["kind"] == "site").sum()),
                         domestic=int((names["country"] == "CN").sum()), foreign=int((names["country"] != "CN").sum()),
                         countries=int(names.loc[names["country"] != "CN", "country"].nunique()),
                         with_detail=int(g["detail_en"].notna().sum()) if "detail_en" in g else 0))
    return pd.DataFrame(rows, columns=["industry", "mentions", "distinct", "repeated", "enterprises", "regions", "sites",
                                       "domestic", "foreign", "countries", "with_detail"])


# ---------------------------------------------------------------- plausibility


#: A target is flagged when the growth it needs exceeds this (fraction a year) ...
FLAG_CAGR = 0.15
#: ... or when it is more than this multiple of its baseline.
FLAG_RATIO = 3.0


def plausibility_flags(facts: pd.DataFrame, indicators: pd.DataFrame | None = None, max_cagr: float = FLAG_CAGR,
                       max_ratio: float = FLAG_RATIO) -> pd.DataFrame:
    """Every level target with a figure to start from, its ratio and required growth, and whether it is flagged.

    A facts target (unit 亿元 or a count, not a share) is paired with its baseline as
    :func:`growth_paths` pairs it (the data's ``baseline_metric``; ``same_scope`` False where the data judges
    the scopes ``different``); where there is none and the target is in 亿元, with the industry's latest
    earlier money figure (output value, else sales): huangjiu's 2025 target of 1000 亿元 of related
    industries' output is set against its 2016 sales of 43 亿元 (23.3 times, 41.9% a year).  Main
    indicators (``indicators``, optional) that are levels (growth measured as a CAGR) are added from
    :func:`indicator_paths`.  ``same_metric`` / ``same_scope`` say whether baseline and target measure the
    same thing (``same_scope`` False where the data records ``scope_differs`` or the metric differs);
    ``flagged`` is True where ``required_cagr > max_cagr`` or ``ratio > max_ratio``, ``reasons`` names which.
    """
    rows = []
    act = facts[(facts["kind"] == "actual") & facts["value"].notna() & facts["year"].notna()]
    for t in growth_paths(facts).itertuples(index=False):
        if _is_share(t.unit) or t.industry == "all" or pd.isna(t.target_value):
            continue
        if pd.notna(t.base_value):
            b = dict(metric=t.base_metric, year=int(t.base_year), value=float(t.base_value), scope_zh=t.base_scope_zh,
                     scope_en=t.base_scope_en)
            same_metric = t.base_metric == t.metric
            same_scope = bool(t.comparable) if not pd.isna(t.comparable) else False
        elif t.unit == "亿元":  # no designated baseline: the industry's latest earlier money figure
            cand = None
            for metric in ("output_value", "output_value_above_scale", "sales"):
                c = act[(act["industry"] == t.industry) & (act["metric"] == metric) & (act["year"] < t.target_year)
                        & (act["unit"] == "亿元")]
                if len(c):
                    cand = c.sort_values("year").iloc[-1]
                    break
            if cand is None:
                continue
            b = dict(metric=cand["metric"], year=int(cand["year"]), value=float(cand["value"]),
                     scope_zh=cand["scope_zh"], scope_en=cand["scope_en"])
            same_metric = same_scope = False
        else:
            continue
        years = int(t.target_year) - b["year"]
        ratio = float(t.target_value) / b["value"] if b["value"] else np.nan
        rows.append(dict(source="facts", item=f"{t.industry}: {t.metric}", industry=t.industry, indicator_no=pd.NA,
                         target_metric=t.metric, target_year=int(t.target_year), target=float(t.target_value),
                         qualifier=t.qualifier, target_scope_zh=t.target_scope_zh, target_scope_en=t.target_scope_en,
                         base_metric=b["metric"], base_year=b["year"], base=b["value"], base_scope_zh=b["scope_zh"],
                         base_scope_en=b["scope_en"], unit=t.unit, unit_en=t.unit_en, years=years, ratio=ratio,
                         required_cagr=required_cagr(b["value"], float(t.target_value), years),
                         same_metric=same_metric, same_scope=same_scope))
    if indicators is not None:
        ind = indicators.set_index("indicator_no")
        for p in indicator_paths(indicators).itertuples(index=False):
            if p.measure != "cagr" or pd.isna(p.rate):
                continue
            r = ind.loc[p.indicator_no]
            rows.append(dict(source="indicators", item=f"indicator {int(p.indicator_no)} ({p.step})", industry="all",
                             indicator_no=int(p.indicator_no), target_metric=pd.NA, target_year=int(p.to_year),
                             target=float(p.to_value), qualifier=pd.NA, target_scope_zh=r["name_zh"],
                             target_scope_en=r["name_en"], base_metric=pd.NA, base_year=int(p.from_year),
                             base=float(p.from_value), base_scope_zh=r["name_zh"], base_scope_en=r["name_en"],
                             unit=r["unit_zh"], unit_en=r["unit_en"], years=int(p.years), ratio=float(p.ratio_to_base),
                             required_cagr=float(p.rate), same_metric=True, same_scope=True))
    cols = ["source", "item", "industry", "indicator_no", "target_metric", "target_year", "target", "qualifier",
            "target_scope_zh", "target_scope_en", "base_metric", "base_year", "base", "base_scope_zh", "base_scope_en",
            "unit", "unit_en", "years", "ratio", "required_cagr", "same_metric", "same_scope"]
    out = pd.DataFrame(rows, columns=cols)
    for c in ("target", "base", "ratio", "required_cagr"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    out["indicator_no"] = pd.array(out["indicator_no"], dtype="Int64")
    fast = out["required_cagr"] > max_cagr + 1e-12
    big = out["ratio"] > max_ratio + 1e-12
    out["flagged"] = fast | big
    out["reasons"] = [";".join(n for n, on in (("growth", a), ("ratio", b)) if on) for a, b in zip(fast, big)]
    out.attrs.update(max_cagr=max_cagr, max_ratio=max_ratio)
    return out


# ---------------------------------------------------------------- scenarios

#: The range of growth rates (percent a year) a scenario accepts.
GROWTH_PCT_MIN = -50.0
GROWTH_PCT_MAX = 100.0


def check_growth_pct(value, name: str = "scenario_growth_pct") -> float:
    """``value`` as a float if it is a growth rate in percent a year within −50 … 100.

    Else raises :class:`shaoxing.params.ParameterError` (a ValueError), as the other parameter checks do,
    so a notebook stops in its check cell and the report builder reports it without a traceback.

    Accepts ints, floats and numeric strings ("3", "2.5"); refuses booleans, NaN, infinities, text and
    anything outside the range, with a message naming the parameter, the value and the allowed range.
    """
    from .params import ParameterError

    allowed = f"a number of percent a year from {GROWTH_PCT_MIN:g} to {GROWTH_PCT_MAX:g} (e.g. 3 for 3% a year)"
    if isinstance(value, (bool, np.bool_)) or value is None:
        raise ParameterError(f"{name} must be {allowed}, not {value!r}")
    try:
        x = float(value.strip()) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        raise ParameterError(f"{name} must be {allowed}, not {value!r}") from None
    if not np.isfinite(x):
        raise ParameterError(f"{name} must be {allowed}, not {value!r}")
    if not GROWTH_PCT_MIN <= x <= GROWTH_PCT_MAX:
        raise ParameterError(f"{name} = {x:g} is outside the allowed range: it must be {allowed}")
    return x


def scenario_projection(base: float, base_year: int, rate_pct, years=(2020, 2025), targets: dict | None = None,
                        ) -> pd.DataFrame:
    """The baseline grown at ``rate_pct`` percent a year to each of ``years``, against the targets.

    ``projected = base × (1 + rate_pct / 100) ** (year − base_year)``; ``targets`` maps year → target
    (missing years get NaN); ``gap`` = projected − target (negative: short of it) and ``gap_pct`` = gap /
    target × 100; ``meets`` = projected ≥ target.  ``rate_pct`` is checked by :func:`check_growth_pct`.

    >>> round(float(scenario_projection(3673.5, 2016, 3, targets={2020: 4500})["projected"].iloc[0]), 1)
    4134.6
    """
    rate = check_growth_pct(rate_pct)
    try:
        base = float(base)
    except (TypeError, ValueError):
        raise ValueError(f"base must be a number, not {base!r}") from None
    if not np.isfinite(base):
        raise ValueError(f"base must be a finite number, not {base!r}")
    targets = targets or {}
    rows = []
    for y in years:
        n = int(y) - int(base_year)
        if n < 0:
            raise ValueError(f"projection year {y} is before the base year {base_year}")
        projected = base * (1 + rate / 100) ** n
        target = targets.get(int(y), targets.get(str(y), np.nan))
        target = float(target) if target is not None and not pd.isna(target) else np.nan
        gap = projected - target
        rows.append(dict(year=int(y), years=n, rate_pct=rate, base=base, projected=projected, target=target, gap=gap,
                         gap_pct=gap / target * 100 if target else np.nan,
                         meets=bool(projected >= target) if not np.isnan(target) else pd.NA))
    out = pd.DataFrame(rows, columns=["year", "years", "rate_pct", "base", "projected", "target", "gap", "gap_pct",
                                      "meets"])
    out["meets"] = pd.array(out["meets"], dtype="boolean")
    return out


__all__ += ["cross_industry_measures"]


def cross_industry_measures(facts: pd.DataFrame, industries: pd.DataFrame, segments: pd.DataFrame | None = None,
                            benchmarks: pd.DataFrame | None = None, indicators: pd.DataFrame | None = None,
                            year: int = 2016) -> pd.DataFrame:
    """The structure measures, concentration, flags and benchmarks of every industry side by side.

    One row per industry of ``industries`` (in order): the columns of :func:`structure_measures`, plus
    ``top_firms_share_pct`` (the least share of the industry's figure its named large firms hold, ``year``),
    ``top_firms_target_share_pct`` (the same for a target's count of large firms), ``leading_firms_target_pct``
    (the plan's target for leading firms' share of output), ``flags`` (targets flagged by
    :func:`plausibility_flags`) and ``max_ratio`` (the largest target / baseline), ``benchmarks`` /
    ``benchmark_mentions`` (distinct names / mentions, :func:`benchmark_profile`).
    """
    out = structure_measures(facts, industries, segments, year)
    conc = concentration_measures(facts)
    top = conc[(conc["kind"] == "top_firms") & (conc["fact_kind"] == "actual")].groupby("industry")["share_pct"].max()
    top_t = conc[(conc["kind"] == "top_firms") & (conc["fact_kind"] == "target")].groupby("industry")["share_pct"].max()
    lead = conc[conc["kind"] == "target_share"].groupby("industry")["share_pct"].max()
    flags = plausibility_flags(facts)
    out["top_firms_share_pct"] = out["industry"].map(top).astype("float64")
    out["top_firms_target_share_pct"] = out["industry"].map(top_t).astype("float64")
    out["leading_firms_target_pct"] = out["industry"].map(lead).astype("float64")
    out["flags"] = out["industry"].map(flags.groupby("industry")["flagged"].sum()).fillna(0).astype(int)
    out["max_ratio"] = out["industry"].map(flags.groupby("industry")["ratio"].max()).astype("float64")
    if benchmarks is not None:
        prof = benchmark_profile(benchmarks).set_index("industry")
        out["benchmarks"] = out["industry"].map(prof["distinct"]).fillna(0).astype(int)
        out["benchmark_mentions"] = out["industry"].map(prof["mentions"]).fillna(0).astype(int)
    return out


# ---------------------------------------------------------------- one missing-value marker, checked ids
#
# Every function in __all__ that returns a DataFrame returns it with pandas' nullable
# dtypes (Float64, Int64, boolean, string), so a missing value is always pd.NA (shown
# <NA>), never NaN beside <NA>.  Scalars, arrays and Series of the arithmetic helpers
# (required_cagr, ...) stay plain floats (NaN).  An ``industry`` argument that is
# neither in the frame nor in the ``industries`` table raises ParameterError listing
# the valid ids, as shaoxing.load does for a table name.

MISSING = pd.NA
_CALLS = threading.local()


def _one_missing_marker(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with float64 -> Float64, NaN-strings -> string, and pd.NA for missing objects."""
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_float_dtype(s.dtype) and not isinstance(s.dtype, pd.api.extensions.ExtensionDtype):
            out[col] = s.astype("Float64")
        elif isinstance(s.dtype, pd.StringDtype) and s.dtype.na_value is not pd.NA:
            out[col] = s.astype("string")
        elif s.dtype == object and s.isna().any():
            out[col] = s.astype(object).where(s.notna(), pd.NA)
    out.attrs = dict(frame.attrs)
    return out


def _check_industry(frame: pd.DataFrame, industry) -> None:
    """Raise ParameterError for an industry id that is neither in ``frame`` nor in the industries table."""
    from .params import check_choice, industries

    if industry is None:
        return
    present = [str(v) for v in pd.unique(frame["industry"].dropna())] if "industry" in frame else []
    if isinstance(industry, str) and industry in present:
        return
    try:
        known = industries()
    except Exception:  # the shipped table cannot be read: the frame's own ids are what is known
        known = []
    check_choice("industry", industry, known + [i for i in present if i not in known])


def _checked(func):
    """Public entry point: check the ``industry`` id, and give results one missing-value marker."""
    sig = inspect.signature(func)
    takes_industry = "industry" in sig.parameters

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        depth = getattr(_CALLS, "depth", 0)
        if takes_industry and depth == 0:
            bound = sig.bind(*args, **kwargs)
            frame = next(iter(bound.arguments.values()))
            if isinstance(frame, pd.DataFrame):
                _check_industry(frame, bound.arguments.get("industry"))
        _CALLS.depth = depth + 1
        try:
            out = func(*args, **kwargs)
        finally:
            _CALLS.depth = depth
        return _one_missing_marker(out) if depth == 0 and isinstance(out, pd.DataFrame) else out

    return wrapper


for _name in __all__:
    if inspect.isfunction(globals()[_name]):
        globals()[_name] = _checked(globals()[_name])
del _name
