"""Analyses of the plan's tables: pure functions on DataFrames.

No I/O and no plotting: every function takes frames (as returned by
:func:`shaoxing.load`) and returns numbers or frames, so each can be unit
tested against hand-computed values.  Notebooks call these; they do not
compute on their own.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = [
    "required_cagr",
    "required_pp_per_year",
    "indicator_paths",
    "target_index",
    "growth_paths",
    "scope_flags",
    "segment_structure",
    "implied_totals",
    "implied_city_total",
    "segment_checks",
    "mix_checks",
    "target_reconciliation",
    "benchmark_summary",
    "unit_roles",
    "unit_load",
    "milestone_calendar",
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


def growth_paths(facts: pd.DataFrame, industry: str | None = None, metric: str | None = None) -> pd.DataFrame:
    """Baseline-to-target paths stated in the prose, one row per target.

    Each ``target`` fact is paired with the latest ``actual`` fact of the same
    industry and metric from an earlier year.  Carries the plan's qualifier
    (reach / exceed / at_least / about / strive) and both scopes;
    ``comparable`` is False where the data flags the target's scope as
    different from the baseline's (``scope_differs``) (huangjiu 2016 sales vs 2020 full-chain sales, pearl farming
    vs processing output), so a chart never joins the two without saying so.
    ``required_cagr`` is only given where the two are comparable and the
    metric is not a share; for shares ``required_pp_per_year`` is given.
    """
    f = facts
    if industry is not None:
        f = f[f["industry"] == industry]
    if metric is not None:
        f = f[f["metric"] == metric]
    actual = f[f["kind"] == "actual"]
    rows = []
    for t in f[f["kind"] == "target"].itertuples(index=False):
        base = actual[(actual["industry"] == t.industry) & (actual["metric"] == t.metric)
                      & (actual["year"] < t.year)].sort_values("year")
        rec = dict(industry=t.industry, metric=t.metric, unit=t.unit, unit_en=t.unit_en,
                   base_year=pd.NA, base_value=np.nan, base_scope_zh=pd.NA, base_scope_en=pd.NA,
                   target_year=t.year, target_value=t.value, qualifier=t.qualifier,
                   target_scope_zh=t.scope_zh, target_scope_en=t.scope_en,
                   comparable=pd.NA, required_cagr=np.nan, required_pp_per_year=np.nan, note=t.note)
        if len(base):
            b = base.iloc[-1]
            # the data records the judgement (scope_differs); a unit change also breaks the line
            differs = t.scope_differs is not pd.NA and bool(t.scope_differs)
            comparable = bool(b["unit"] == t.unit and not differs)
            rec.update(base_year=b["year"], base_value=b["value"], base_scope_zh=b["scope_zh"],
                       base_scope_en=b["scope_en"], comparable=comparable)
            if comparable and pd.notna(b["value"]) and pd.notna(t.value):
                years = int(t.year) - int(b["year"])
                if _is_share(t.unit):
                    rec["required_pp_per_year"] = required_pp_per_year(float(b["value"]), float(t.value), years)
                else:
                    rec["required_cagr"] = required_cagr(float(b["value"]), float(t.value), years)
        rows.append(rec)
    cols = ["industry", "metric", "unit", "unit_en", "base_year", "base_value", "base_scope_zh", "base_scope_en",
            "target_year", "target_value", "qualifier", "target_scope_zh", "target_scope_en", "comparable",
            "required_cagr", "required_pp_per_year", "note"]
    out = pd.DataFrame(rows, columns=cols)
    out["base_year"] = pd.array(out["base_year"], dtype="Int64")
    out["target_year"] = pd.array(out["target_year"], dtype="Int64")
    out["comparable"] = pd.array(out["comparable"], dtype="boolean")
    for c in ("base_value", "target_value", "required_cagr", "required_pp_per_year"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out.sort_values(["industry", "metric", "target_year"], kind="stable").reset_index(drop=True)


def scope_flags(facts: pd.DataFrame) -> pd.DataFrame:
    """Targets whose scope differs from the baseline they would be compared with."""
    paths = growth_paths(facts)
    return paths[paths["comparable"].eq(False)].reset_index(drop=True)


# ---------------------------------------------------------------- structure


def segment_structure(segments: pd.DataFrame, industry: str) -> pd.DataFrame:
    """The 2016 structure of one industry: each row's share of the industry and output per firm.

    ``share_of_industry_output_pct`` and ``share_of_industry_firms_pct`` are
    relative to the industry row; ``output_per_firm`` is in 亿元 per firm
    (NaN where the plan gives no firm count).
    """
    seg = segments[segments["industry"] == industry].copy()
    if seg.empty:
        return seg.assign(share_of_industry_output_pct=pd.Series(dtype="float64"),
                          share_of_industry_firms_pct=pd.Series(dtype="float64"),
                          output_per_firm=pd.Series(dtype="float64"))
    total = seg[seg["level"] == "industry"].iloc[0]
    firms = seg["enterprises"].astype("float64")
    seg["share_of_industry_output_pct"] = seg["output_value"] / total["output_value"] * 100
    seg["share_of_industry_firms_pct"] = firms / float(total["enterprises"]) * 100
    seg["output_per_firm"] = seg["output_value"] / firms
    return seg.reset_index(drop=True)


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


def segment_checks(segments: pd.DataFrame) -> pd.DataFrame:
    """Do the parts add up?  One row per check: numbered segments vs the industry row, sub-segments vs parent.

    ``difference`` = parts − whole; ``ok`` is True when segments equal their
    industry (within 0.05 for output, exactly for firm counts) and
    sub-segments do not exceed their parent.
    """
    rows = []
    for ind, seg in segments.groupby("industry", sort=False):
        head = seg[seg["level"] == "industry"]
        if head.empty:
            continue
        head = head.iloc[0]
        parts = seg[(seg["level"] == "segment") & seg["counted_in_total"].fillna(False).astype(bool)]
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


def milestone_calendar(milestones: pd.DataFrame) -> pd.DataFrame:
    """Milestones per task and month of 2017: a task × month count table (months 1-12)."""
    m = milestones.assign(month=milestones["deadline"].str.slice(5, 7).astype(int))
    table = m.pivot_table(index="task_no", columns="month", values="milestone_no", aggfunc="count", fill_value=0)
    return table.reindex(columns=range(1, 13), fill_value=0).astype(int)
