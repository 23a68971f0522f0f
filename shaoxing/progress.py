"""Plan against outcome: later observations set against the plan's targets, and a progress status for each.

Three layers, kept apart so the arithmetic can be tested without files:

- loading: :func:`load_outcomes` reads a user's CSV of observations, checked
  against the ``outcomes`` table's schema by the same code as the shipped data
  (:func:`shaoxing.data.read_resource`), so it fails with the same messages
  naming table, row and column; :func:`combine_outcomes` adds such rows to the
  shipped ones.
- pure computation: :func:`assess` (observations + indicators + facts ->
  one row per plan item), :func:`classify` (the status of one ratio) and
  :func:`unobserved_items` (what no observation speaks to).
- the convenience entry point :func:`assess_progress`, which loads and calls
  :func:`assess`.

Method
------
Open SDG's progress measurement ("Progress Measurement Methodology for the
Sustainable Development Goals", ``docs/progress-methodology.md`` in
https://github.com/open-sdg/open-sdg, after Statistics Canada and Eurostat):
the growth observed since the base year is compared with the growth the
target needs, as the ratio ``R = observed / required`` of two compound annual
growth rates,

    observed = (y_i / y_0) ** (1 / (t_i - t_0)) - 1
    required = (y_T / y_0) ** (1 / (t_T - t_0)) - 1

(the methodology's direction ``d`` is the sign of ``y_T - y_0`` here, and
``observed / required`` is positive whenever the figure moves the way the
target does, up or down), and ``R`` is classified: target achieved
(whatever the trend), on track
(R >= 95%), progress made but acceleration needed (60% <= R < 95%), limited
progress (0 <= R < 60%), deterioration (R < 0).  Where the methodology gives
"unable to assess" (fewer than two data points, values not all positive) this
module says ``unable_to_assess``; where the observation does not measure
what the plan item measures it says ``not_comparable`` and computes nothing.

Two choices of this project, stated here because the methodology leaves them
open: shares (unit ``%``) are compared in percentage points a year,
``(y_i - y_0) / (t_i - t_0)`` against ``(y_T - y_0) / (t_T - t_0)``, since
compounding a share is not meaningful; and an observation is set against the
plan's first target year not before the observation (2020, else 2025), with
the plan's baseline as ``y_0``.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pandas as pd

from . import analysis as A
from .data import DataError, load, read_resource, resource, validate_frame

__all__ = [
    "STATUSES",
    "ON_TRACK",
    "ACCELERATION",
    "classify",
    "load_outcomes",
    "write_template",
    "check_outcomes",
    "combine_outcomes",
    "all_outcomes",
    "plan_item",
    "assess",
    "assess_progress",
    "unobserved_items",
]

TABLE = "outcomes"

#: Every status :func:`assess` gives, best first (the last two say why none of the others could be given).
STATUSES = ("target_met", "on_track", "acceleration_needed", "limited_progress", "deterioration",
            "not_comparable", "unable_to_assess")
#: Thresholds on R = observed / required growth (Open SDG).
ON_TRACK = 0.95
ACCELERATION = 0.60

#: Why a row got ``not_comparable`` or ``unable_to_assess`` (``reason`` column); empty otherwise.
REASONS = {
    "scope": "the observation's scope differs from the plan item's (see its scope note)",
    "unit": "the observation's unit differs from the plan item's",
    "plan_scope": "the plan's own target has a different scope from its baseline",
    "no_target": "the plan sets no figure for this item",
    "no_baseline": "the plan gives no baseline, so no growth can be measured",
    "no_interval": "the observation is not later than the baseline",
    "not_positive": "a growth rate needs positive values",
    "composition": "the indicator is a composition (see fibre_mix), not one figure",
}

_KIND_RANK = {"official": 0, "press": 1, "secondary": 2}
_TYPE_RANK = {"indicator": 0, "industry": 1, "measure": 2, "task": 3}


# ---------------------------------------------------------------- classification


def classify(ratio: float, target_met: bool = False, comparable: bool = True) -> str:
    """The Open SDG status of one plan item.

    ``target_met`` wins over any ratio; otherwise ``ratio`` (observed over
    required growth, 1.0 = exactly the pace needed) is classified:
    ``>= 0.95`` on_track, ``>= 0.60`` acceleration_needed, ``>= 0``
    limited_progress, below 0 deterioration.  A ratio that is NaN gives
    ``unable_to_assess``.  The ratio is rounded to 9 decimals first, so a
    value meant to sit on a boundary (0.95 computed as 0.9499999999) is
    classified as the boundary.

    >>> classify(0.95), classify(0.9), classify(0.0), classify(-0.1)
    ('on_track', 'acceleration_needed', 'limited_progress', 'deterioration')
    """
    if not comparable:
        return "not_comparable"
    if target_met:
        return "target_met"
    if ratio is None or pd.isna(ratio):
        return "unable_to_assess"
    r = round(float(ratio), 9)
    if r >= ON_TRACK:
        return "on_track"
    if r >= ACCELERATION:
        return "acceleration_needed"
    if r >= 0:
        return "limited_progress"
    return "deterioration"


# ---------------------------------------------------------------- loading


def _outcomes_resource(data_dir=None) -> dict:
    return resource(TABLE, data_dir)


def check_outcomes(frame: pd.DataFrame, path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Rules a Table Schema cannot express, checked row by row (raises :class:`DataError`).

    Each row must name its plan item (``indicator_no``, or ``metric`` with
    ``task_no``, ``measure_no`` or ``industry``); ``period``, where given,
    must end in ``year``; ``plan_target`` and ``plan_target_year`` go
    together.  Returns ``frame`` unchanged.
    """
    def fail(i, column, msg):
        raise DataError(msg, table=TABLE, row=i + 1, column=column, path=path)

    for i, r in enumerate(frame.itertuples(index=False)):
        has_indicator = not pd.isna(r.indicator_no)
        others = [c for c in ("task_no", "measure_no", "industry") if not pd.isna(getattr(r, c))]
        if not has_indicator:
            if not others:
                fail(i, "indicator_no", "the row names no plan item: give indicator_no (a main indicator, 1-18), "
                                        "or a metric with task_no, measure_no or industry")
            if pd.isna(r.metric):
                fail(i, "metric", f"a row about {others[0]} needs a metric (a snake_case id of what is observed, "
                                  "e.g. output_value for an industry's output target)")
        end_year = None if pd.isna(r.period) else int(str(r.period).split("/")[-1][:4])
        if end_year is not None and end_year != r.year:
            fail(i, "period", f"the period {r.period!r} does not end in year {r.year}")
        if pd.isna(r.plan_target) != pd.isna(r.plan_target_year):
            fail(i, "plan_target_year" if pd.isna(r.plan_target_year) else "plan_target",
                 "plan_target and plan_target_year go together: give both or neither")
    return frame


def load_outcomes(path: str | os.PathLike, data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Read a CSV of one's own observations, validated exactly like the shipped ``outcomes`` table.

    The file needs the columns of ``shaoxing.describe("outcomes")`` in any
    order (:func:`write_template` writes the header); only
    ``observation_id``, ``year``, ``value``, ``unit`` and ``comparable``
    must be filled, plus what names the plan item, e.g. for a main
    indicator::

        observation_id,indicator_no,industry,metric,...,year,period,value,unit,...,comparable,...
        my_ind17_2019,17,,,...,2019,,105,万元/亩,...,true,...

    Raises :class:`shaoxing.DataError` naming the table, the row (with the
    file's line) and the column: a missing column, text in a number, a
    duplicated ``observation_id``, an unknown industry, a file that is not
    UTF-8, a row that names no plan item.
    """
    frame = read_resource(_outcomes_resource(data_dir), path, table=TABLE)
    return check_outcomes(frame, path)


def write_template(path: str | os.PathLike, data_dir: str | os.PathLike | None = None) -> Path:
    """Write an empty CSV with the header :func:`load_outcomes` expects, to fill in with one's observations."""
    names = [f["name"] for f in _outcomes_resource(data_dir)["schema"]["fields"]]
    path = Path(path)
    path.write_text(",".join(names) + "\n", encoding="utf-8")
    return path


def _frame_as_outcomes(frame: pd.DataFrame, data_dir=None) -> pd.DataFrame:
    """Validate a DataFrame of observations by the loader's rules (optional columns may be left out)."""
    frame = frame.drop(columns=[c for c in ("origin",) if c in frame.columns])
    return check_outcomes(validate_frame(frame, TABLE, data_dir))


def combine_outcomes(shipped: pd.DataFrame, extra: pd.DataFrame | None,
                     path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Shipped observations followed by ``extra`` ones, with ``origin`` = ``shipped`` / ``user``.

    An ``observation_id`` used twice across the two raises :class:`DataError`
    naming the row of ``extra``.
    """
    shipped = shipped.assign(origin="shipped")
    if extra is None or len(extra) == 0:
        return shipped.reset_index(drop=True)
    taken = set(shipped["observation_id"])
    for i, oid in enumerate(extra["observation_id"]):
        if oid in taken:
            raise DataError(f"observation_id {oid!r} is already used by the shipped observations "
                            "(sx.load('outcomes')); give your observation another id",
                            table=TABLE, row=i + 1, column="observation_id", path=path)
    both = pd.concat([shipped, extra.assign(origin="user")], ignore_index=True)
    for c in shipped.columns:  # keep the schema's dtypes (concat of all-NA columns gives object)
        if c != "origin":
            both[c] = both[c].astype(shipped[c].dtype)
    return both


def all_outcomes(outcomes: str | os.PathLike | pd.DataFrame | None = None,
                 data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """The shipped observations plus ``outcomes`` (a CSV path, or a DataFrame), each validated."""
    shipped = check_outcomes(load(TABLE, data_dir))
    if outcomes is None or (isinstance(outcomes, (str, os.PathLike)) and str(outcomes) == ""):
        return combine_outcomes(shipped, None)
    if isinstance(outcomes, pd.DataFrame):
        return combine_outcomes(shipped, _frame_as_outcomes(outcomes, data_dir))
    if isinstance(outcomes, (str, os.PathLike)):
        return combine_outcomes(shipped, load_outcomes(outcomes, data_dir), path=outcomes)
    raise TypeError(f"outcomes must be a path to a CSV, a DataFrame or None, not {type(outcomes).__name__}")


# ---------------------------------------------------------------- assessment


def plan_item(row) -> tuple[str, str]:
    """``(item_type, item)`` of one observation: which plan item it speaks to.

    ``indicator`` (``"indicator 17"``) where ``indicator_no`` is given, else
    ``task`` (``"task 1: <metric>"``), ``measure`` (``"measure 4: <metric>"``)
    or ``industry`` (``"<industry>: <metric>"``, matched against the facts
    targets of that industry and metric).
    """
    get = row.get if isinstance(row, dict) else (lambda k: getattr(row, k))
    if not pd.isna(get("indicator_no")):
        return "indicator", f"indicator {int(get('indicator_no'))}"
    if not pd.isna(get("task_no")):
        return "task", f"task {int(get('task_no'))}: {get('metric')}"
    if not pd.isna(get("measure_no")):
        return "measure", f"measure {int(get('measure_no'))}: {get('metric')}"
    return "industry", f"{get('industry')}: {get('metric')}"


def _choose(group: pd.DataFrame) -> pd.Series:
    """The observation that speaks for its plan item: comparable first, then latest, then most official."""
    if len(group) == 1:
        return group.iloc[0]
    g = group.assign(_c=~group["comparable"].fillna(False).astype(bool),
                     _y=-group["year"].astype("float64"),
                     _k=group["source_kind"].map(_KIND_RANK).fillna(3),
                     _o=(group["origin"] != "user").astype(int) if "origin" in group else 0)
    return g.sort_values(["_c", "_y", "_k", "_o", "observation_id"], kind="stable").iloc[0]


def _pick_target(targets: dict[int, float], year: int) -> int | None:
    """The first target year not before ``year``, else the last one."""
    years = sorted(y for y, v in targets.items() if v is not None and not pd.isna(v))
    if not years:
        return None
    later = [y for y in years if y >= year]
    return later[0] if later else years[-1]


class _Plan:
    """The plan's side, looked up by key: main indicators by number, growth paths by (industry, metric)."""

    def __init__(self, indicators: pd.DataFrame, facts: pd.DataFrame):
        self.indicators = {}
        for pos, no in enumerate(indicators["indicator_no"]):
            if pd.notna(no):
                self.indicators.setdefault(int(no), pos)
        self._indicator_rows = indicators
        self._paths = A.growth_paths(facts)
        self.paths: dict[tuple, list[int]] = {}
        for pos, key in enumerate(zip(self._paths["industry"], self._paths["metric"])):
            self.paths.setdefault(key, []).append(pos)

    def indicator(self, no: int):
        pos = self.indicators.get(no)
        return None if pos is None else self._indicator_rows.iloc[pos]

    def growth_paths(self, industry, metric) -> pd.DataFrame:
        """``A.growth_paths(facts, industry=industry, metric=metric)``."""
        return self._paths.iloc[self.paths.get((industry, metric), [])]


def _plan_side(item_type: str, obs: pd.Series, plan: _Plan) -> dict:
    """Baseline, target and names of the plan item an observation speaks to."""
    year = int(obs["year"])
    side = dict(name_en=obs.get("plan_item_en"), name_zh=obs.get("plan_item_zh"), plan_unit=pd.NA,
                plan_unit_en=pd.NA, baseline_year=pd.NA, baseline=np.nan, target_year=pd.NA, target=np.nan,
                qualifier=pd.NA, plan_comparable=True, composition=False)
    if item_type == "indicator":
        r = plan.indicator(int(obs["indicator_no"]))
        if r is None:
            return side
        side.update(name_en=r["name_en"], name_zh=r["name_zh"], plan_unit=r["unit_zh"], plan_unit_en=r["unit_en"],
                    composition=r["target_kind"] == "composition")
        ty = _pick_target({2020: r["target_2020"], 2025: r["target_2025"]}, year)
        if pd.notna(r["baseline"]):
            side.update(baseline_year=r["baseline_year"], baseline=float(r["baseline"]))
        if ty is not None:
            side.update(target_year=ty, target=float(r[f"target_{ty}"]))
        return side
    if item_type == "industry" and not pd.isna(obs["industry"]):
        paths = plan.growth_paths(obs["industry"], obs["metric"])
        if len(paths):
            ty = _pick_target(dict(zip(paths["target_year"].astype(int), paths["target_value"])), year)
            p = paths[paths["target_year"] == ty].iloc[0]
            side.update(plan_unit=p["unit"], plan_unit_en=p["unit_en"], target_year=ty,
                        target=float(p["target_value"]), qualifier=p["qualifier"])
            if pd.isna(side["name_en"]):
                side.update(name_en=p["target_scope_en"], name_zh=p["target_scope_zh"])
            if pd.notna(p["base_value"]):
                side.update(baseline_year=p["base_year"], baseline=float(p["base_value"]),
                            plan_comparable=bool(p["comparable"]))
            return side
    if pd.notna(obs["plan_target"]):
        side.update(plan_unit=obs["unit"], plan_unit_en=obs["unit_en"], target_year=int(obs["plan_target_year"]),
                    target=float(obs["plan_target"]))
    return side


def _rates(share: bool, base: float, base_year: int, target: float, target_year: int, value: float, year: int):
    """(required, observed) per year: percentage points for shares, compound growth otherwise."""
    if share:
        return (A.required_pp_per_year(base, target, target_year - base_year),
                A.required_pp_per_year(base, value, year - base_year))
    return (A.required_cagr(base, target, target_year - base_year), A.required_cagr(base, value, year - base_year))


def _assess_one(obs: pd.Series, side: dict) -> dict:
    value, year = float(obs["value"]), int(obs["year"])
    base, target = side["baseline"], side["target"]
    share = A._is_share(side["plan_unit"] if pd.notna(side["plan_unit"]) else obs["unit"])
    out = dict(measure="pp_per_year" if share else "cagr", required_cagr=np.nan, observed_cagr=np.nan,
               ratio=np.nan, status=None, reason="")

    def done(status, reason=""):
        out.update(status=status, reason=reason)
        if np.isnan(out["required_cagr"]):
            out["measure"] = pd.NA
        return out

    if not bool(obs["comparable"]):
        return done("not_comparable", "scope")
    if pd.notna(side["plan_unit"]) and str(side["plan_unit"]).strip() != str(obs["unit"]).strip():
        return done("not_comparable", "unit")
    if not side["plan_comparable"]:
        return done("not_comparable", "plan_scope")
    if side["composition"]:
        return done("unable_to_assess", "composition")
    if pd.isna(target):
        return done("unable_to_assess", "no_target")
    direction = 1.0 if pd.isna(base) or target >= base else -1.0
    met = value * direction >= target * direction
    if pd.notna(base) and not pd.isna(side["baseline_year"]):
        y0, ty = int(side["baseline_year"]), int(side["target_year"])
        if year > y0 and ty > y0:
            required, observed = _rates(share, base, y0, target, ty, value, year)
            out.update(required_cagr=required, observed_cagr=observed)
            if not (np.isnan(required) or np.isnan(observed)) and required != 0:
                out["ratio"] = observed / required
    if met:
        return done("target_met")
    if pd.isna(base):
        return done("unable_to_assess", "no_baseline")
    if year <= int(side["baseline_year"]):
        return done("unable_to_assess", "no_interval")
    if np.isnan(out["required_cagr"]) or np.isnan(out["observed_cagr"]):
        return done("unable_to_assess", "not_positive")
    if out["required_cagr"] == 0:  # target = baseline and not met: the figure fell below both
        return done("deterioration")
    return done(classify(out["ratio"]))


ASSESSMENT_COLUMNS = [
    "item", "item_type", "indicator_no", "industry", "metric", "metric_en", "metric_zh", "task_no", "measure_no",
    "plan_item_en",
    "plan_item_zh", "unit", "unit_en", "baseline_year", "baseline", "target_year", "target", "qualifier",
    "observation_id", "origin", "year", "period", "observed", "source_kind", "comparable", "measure",
    "required_cagr", "observed_cagr", "ratio", "status", "reason", "n_observations", "observation_ids",
]


def assess(outcomes: pd.DataFrame, indicators: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Set observations against the plan: one row per plan item that has an observation (pure).

    ``outcomes`` as loaded (``sx.load("outcomes")``, :func:`all_outcomes`);
    ``indicators`` and ``facts`` as loaded.  Observations are grouped by
    :func:`plan_item`; the one that speaks for the item is the comparable one
    if any, then the latest, then the most official (official > press >
    secondary), then a user's over a shipped one.

    The plan side: a main indicator's baseline and its first target not
    before the observation year (2020, else 2025); an industry target of
    facts (same industry and metric) with its baseline paired by
    :func:`shaoxing.analysis.growth_paths`; else ``plan_target`` /
    ``plan_target_year`` from the observation (work measures, 2017 tasks).

    Columns: ``item``, ``item_type``, the keys (``indicator_no``,
    ``industry``, ``metric``, ``task_no``, ``measure_no``), ``metric_en`` /
    ``_zh`` (what the observation measures; the metric id if not given),
    ``plan_item_en`` / ``_zh``, ``unit``, ``baseline_year``, ``baseline``, ``target_year``,
    ``target``, ``qualifier``; the observation (``observation_id``,
    ``origin``, ``year``, ``period``, ``observed``, ``source_kind``,
    ``comparable``); ``measure`` (``cagr``: fractions a year, 0.05 = 5 %; or
    ``pp_per_year``: percentage points a year, for shares) for
    ``required_cagr`` and ``observed_cagr``; ``ratio`` = observed / required;
    ``status`` (one of :data:`STATUSES`, see :func:`classify`); ``reason``
    (a key of :data:`REASONS` for ``not_comparable`` / ``unable_to_assess``);
    ``n_observations`` and ``observation_ids`` (``;``-joined) of the item.

    Yearly-increment indicators (10 and 16: "500 new patents a year") are
    read as the level of that yearly flow, from the baseline year's flow.
    A composition (indicator 1) is ``unable_to_assess``.

    ``target_met`` is given whenever the observed value reaches the target
    (in the target's direction), whatever the year and pace, as Open SDG
    does; the ratio is still reported where a baseline allows it.  Nothing
    is computed for ``not_comparable`` rows.  See the module docstring for
    the method (Open SDG progress methodology).
    """
    return _assess(outcomes, indicators, facts)


def _assess(outcomes: pd.DataFrame, indicators: pd.DataFrame, facts: pd.DataFrame, each: bool = False) -> pd.DataFrame:
    """:func:`assess`; with ``each``, every observation on its own (rows in the order of ``outcomes``).

    The facts' growth paths are computed once for all the observations.
    """
    if outcomes.empty:
        return pd.DataFrame(columns=ASSESSMENT_COLUMNS)
    plan = _Plan(indicators, facts)
    obs = outcomes if "origin" in outcomes else outcomes.assign(origin="shipped")
    keys = [plan_item(r) for r in obs.to_dict("records")]
    obs = obs.assign(_type=[k[0] for k in keys], _item=[k[1] for k in keys])
    groups = ([(obs["_item"].iloc[i], obs.iloc[[i]]) for i in range(len(obs))] if each
              else obs.groupby("_item", sort=False))
    rows = []
    for item, group in groups:
        o = _choose(group)
        item_type = o["_type"]
        side = _plan_side(item_type, o, plan)
        res = _assess_one(o, side)
        unit = side["plan_unit"] if pd.notna(side["plan_unit"]) else o["unit"]
        unit_en = side["plan_unit_en"] if pd.notna(side["plan_unit_en"]) else o["unit_en"]
        rows.append(dict(
            item=item, item_type=item_type, indicator_no=o["indicator_no"], industry=o["industry"],
            metric=o["metric"], metric_en=o["metric_en"] if pd.notna(o["metric_en"]) else o["metric"],
            metric_zh=o["metric_zh"] if pd.notna(o["metric_zh"]) else o["metric"],
            task_no=o["task_no"], measure_no=o["measure_no"],
            plan_item_en=side["name_en"] if pd.notna(side["name_en"]) else item,
            plan_item_zh=side["name_zh"] if pd.notna(side["name_zh"]) else item,
            unit=unit, unit_en=unit_en, baseline_year=side["baseline_year"], baseline=side["baseline"],
            target_year=side["target_year"], target=side["target"], qualifier=side["qualifier"],
            observation_id=o["observation_id"], origin=o["origin"], year=o["year"], period=o["period"],
            observed=float(o["value"]), source_kind=o["source_kind"], comparable=o["comparable"],
            n_observations=len(group), observation_ids=";".join(group["observation_id"]), **res))
    out = pd.DataFrame(rows, columns=ASSESSMENT_COLUMNS)
    for c in ("indicator_no", "task_no", "measure_no", "baseline_year", "target_year", "year", "n_observations"):
        out[c] = pd.array(out[c].astype(object).where(out[c].notna(), None), dtype="Int64")
    for c in ("baseline", "target", "observed", "required_cagr", "observed_cagr", "ratio"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    for c in ("item", "item_type", "industry", "metric", "metric_en", "metric_zh", "plan_item_en", "plan_item_zh",
              "unit", "unit_en", "qualifier", "observation_id", "origin", "period", "source_kind", "measure",
              "status", "reason", "observation_ids"):
        out[c] = out[c].astype("string")
    out["comparable"] = pd.array(out["comparable"], dtype="boolean")
    if each:
        return out
    rank = out["item_type"].map(_TYPE_RANK)
    order = pd.DataFrame({"r": rank, "i": out["indicator_no"].astype("float64"),
                          "m": out["measure_no"].astype("float64"), "t": out["task_no"].astype("float64"),
                          "k": np.arange(len(out))})  # within a kind: the order of first appearance
    return out.loc[order.sort_values(["r", "i", "m", "t", "k"], kind="stable").index].reset_index(drop=True)


def assess_progress(outcomes: str | os.PathLike | pd.DataFrame | None = None,
                    data_dir: str | os.PathLike | None = None) -> pd.DataFrame:
    """Progress of the plan: the shipped observations, plus ``outcomes``, set against the plan's targets.

    ``outcomes`` adds observations of one's own: a CSV path (read by
    :func:`load_outcomes`) or a DataFrame with the ``outcomes`` columns
    (optional ones may be left out); either is validated like the shipped
    table.  Returns :func:`assess` of them: one row per plan item with an
    observation and its ``status`` (``target_met``, ``on_track``,
    ``acceleration_needed``, ``limited_progress``, ``deterioration``,
    ``not_comparable``, ``unable_to_assess``).

    Method: Open SDG's progress measurement methodology
    (``docs/progress-methodology.md`` of https://github.com/open-sdg/open-sdg):
    ratio of the observed to the required compound annual growth rate, with
    thresholds 95 % and 60 %; for shares, percentage points a year.

    >>> import shaoxing as sx
    >>> sx.assess_progress().set_index("item").loc["indicator 3", "status"]
    'target_met'
    """
    observed = all_outcomes(outcomes, data_dir)
    return assess(observed, load("indicators", data_dir), load("facts", data_dir))


def assess_each(outcomes: pd.DataFrame, indicators: pd.DataFrame, facts: pd.DataFrame) -> pd.DataFrame:
    """Every observation set against its plan item: one row per observation (pure).

    The same columns as :func:`assess`, each row assessed on its own (so the
    2018 and 2019 growth figures of the same series both have a row), in the
    order of :func:`assess`: by plan item, then by year.  Several rows may
    speak to the same plan item; :func:`count_plan_items` counts the items.
    """
    if outcomes.empty:
        return pd.DataFrame(columns=ASSESSMENT_COLUMNS)
    out = _assess(outcomes, indicators, facts, each=True)
    first = {name: k for k, name in enumerate(dict.fromkeys(out["plan_item_en"]))}
    order = pd.DataFrame({"r": out["item_type"].map(_TYPE_RANK), "i": out["indicator_no"].astype("float64"),
                          "m": out["measure_no"].astype("float64"), "t": out["task_no"].astype("float64"),
                          "p": out["plan_item_en"].map(first), "y": out["year"].astype("float64"),
                          "k": np.arange(len(out))})
    order = order.assign(p=order.groupby("p")["k"].transform("min"))  # a plan item's rows stay together
    return out.loc[order.sort_values(["r", "i", "m", "t", "p", "y", "k"], kind="stable").index].reset_index(drop=True)


def count_plan_items(assessment: pd.DataFrame) -> int:
    """How many distinct plan items the rows of :func:`assess` / :func:`assess_each` speak to.

    Rows are series of observations (one metric each); several series may
    speak to one plan item (three growth rates to the 8000亿元 headline
    target), so the items are counted by the plan item they name.
    """
    if assessment.empty:
        return 0
    return int(assessment["plan_item_en"].fillna(assessment["item"]).nunique())


def unobserved_items(indicators: pd.DataFrame, facts: pd.DataFrame, industries: pd.DataFrame,
                     assessment: pd.DataFrame) -> pd.DataFrame:
    """Plan items no observation speaks to: main indicators and the industries' output targets (pure).

    The output targets are the facts targets of metric ``output_value`` of
    each industry, and the headline ``key_traditional_industries_output_value``
    (industry ``all``).  An item counts as observed when ``assessment`` has a
    row for it (comparable or not).  Columns: ``item_type`` (``indicator`` /
    ``industry``), ``indicator_no``, ``industry``, ``industry_en`` /
    ``industry_zh`` (industry name; city-wide for ``all``), ``metric``,
    ``name_en`` / ``name_zh``, ``unit``, ``unit_en``, ``baseline_year``,
    ``baseline``, ``baseline_comparable`` (False where the plan's baseline
    measures another scope than its target: pearl), ``target_2020``,
    ``target_2025``, ``qualifier``, and for indicators the figures as printed
    (``baseline_text``, ``target_2020_text``, ``target_2025_text``: '40:30:30' for the fibre mix) and
    ``target_kind`` (``annual_increment`` for indicators 10 and 16, whose targets are yearly
    increments, 年均新增; show them with :func:`shaoxing.i18n.indicator_target`).
    """
    seen_ind = set(assessment.loc[assessment["item_type"] == "indicator", "indicator_no"].dropna().astype(int))
    seen_pairs = set(zip(assessment.loc[assessment["item_type"] == "industry", "industry"],
                         assessment.loc[assessment["item_type"] == "industry", "metric"]))
    # city-wide series named after the headline's concept (key_traditional_industries_*: growth of value added,
    # profit, taxes) speak to the headline output target: it has observations, even if none is comparable
    seen_all = [m for i, m in seen_pairs if i == "all" and isinstance(m, str)]
    names = industries.set_index("industry")[["name_en", "name_zh"]].to_dict("index")
    names["all"] = {"name_en": "City-wide", "name_zh": "全市"}
    rows = []
    for r in indicators.itertuples(index=False):
        if int(r.indicator_no) in seen_ind:
            continue
        rows.append(dict(item_type="indicator", indicator_no=r.indicator_no, industry="all",
                         industry_en=names["all"]["name_en"], industry_zh=names["all"]["name_zh"], metric=pd.NA,
                         name_en=r.name_en, name_zh=r.name_zh, unit=r.unit_zh, unit_en=r.unit_en,
                         baseline_year=r.baseline_year, baseline=r.baseline,
                         baseline_comparable=True if pd.notna(r.baseline) else pd.NA, target_2020=r.target_2020,
                         target_2025=r.target_2025, qualifier=pd.NA,
                         baseline_text=r.baseline_text, target_2020_text=r.target_2020_text,
                         target_2025_text=r.target_2025_text, target_kind=r.target_kind))
    t = facts[(facts["kind"] == "target")
              & (((facts["industry"] != "all") & (facts["metric"] == "output_value"))
                 | ((facts["industry"] == "all") & (facts["metric"] == "key_traditional_industries_output_value")))]
    order = {k: i for i, k in enumerate(["all", *industries["industry"]])}
    t = t.assign(_o=t["industry"].map(order)).sort_values(["_o", "year"], kind="stable")
    for (ind, metric), g in t.groupby(["industry", "metric"], sort=False):
        if (ind, metric) in seen_pairs:
            continue
        concept = metric[:-len("_output_value")] if metric.endswith("_output_value") else ""
        if ind == "all" and concept and any(m.startswith(concept + "_") for m in seen_all):
            continue
        paths = A.growth_paths(facts, industry=ind, metric=metric)
        first = paths.iloc[0]
        same_scope = first["comparable"] if pd.notna(first["comparable"]) else pd.NA
        by_year = dict(zip(g["year"].astype(int), g["value"]))
        rows.append(dict(item_type="industry", indicator_no=pd.NA, industry=ind,
                         industry_en=names[ind]["name_en"], industry_zh=names[ind]["name_zh"], metric=metric,
                         name_en=first["target_scope_en"], name_zh=first["target_scope_zh"],
                         unit=first["unit"], unit_en=first["unit_en"],
                         baseline_year=first["base_year"], baseline=first["base_value"],
                         baseline_comparable=same_scope, target_2020=by_year.get(2020, np.nan),
                         target_2025=by_year.get(2025, np.nan),
                         qualifier=g["qualifier"].iloc[0], baseline_text=pd.NA, target_2020_text=pd.NA,
                         target_2025_text=pd.NA, target_kind="level"))
    cols = ["item_type", "indicator_no", "industry", "industry_en", "industry_zh", "metric", "name_en", "name_zh",
            "unit", "unit_en", "baseline_year", "baseline", "baseline_comparable", "target_2020", "target_2025",
            "qualifier", "baseline_text", "target_2020_text", "target_2025_text", "target_kind"]
    out = pd.DataFrame(rows, columns=cols)
    out["baseline_comparable"] = pd.array(out["baseline_comparable"], dtype="boolean")
    for c in ("indicator_no", "baseline_year"):
        out[c] = pd.array(out[c].astype(object).where(out[c].notna(), None), dtype="Int64")
    for c in ("baseline", "target_2020", "target_2025"):
        out[c] = pd.to_numeric(out[c], errors="coerce").astype("float64")
    return out


# ---------------------------------------------------------------- outcomes per industry (issue 12, item 1)

__all__ += ["CHART_METRICS", "industry_outcomes", "industry_outcome_summary"]

#: Observed metrics that measure what the industries' money targets count (output or sales): drawn on the
#: industry's growth chart (in 亿元).
CHART_METRICS = frozenset({"output_value", "sales", "sales_above_scale", "output_value_above_scale"})


def _chart_target_metric(facts: pd.DataFrame, industry: str):
    """The metric of the industry's growth chart: of its first target year, the output target, else the first in 亿元."""
    t = facts[(facts["industry"] == industry) & (facts["kind"] == "target") & (facts["unit"] == "亿元")]
    if t.empty:
        return pd.NA
    t = t[t["year"] == t["year"].min()]
    out = t[t["metric"] == "output_value"]
    return "output_value" if len(out) else t.sort_values(["year", "metric"])["metric"].iloc[0]


def industry_outcomes(outcomes: pd.DataFrame, assessment: pd.DataFrame, facts: pd.DataFrame,
                      industry: str) -> pd.DataFrame:
    """The later observations that speak to one industry, ready for its growth chart and a sentence (pure).

    One row per observation of ``outcomes`` (:func:`all_outcomes`, or ``sx.load("outcomes")``) whose
    ``industry`` is ``industry``.  ``on_chart`` is True for levels in 亿元 that measure output or sales
    (:data:`CHART_METRICS`, what the industries' money targets count): a point at its ``year`` on the
    growth chart, drawn as comparable where ``comparable`` is True and marked as another scope otherwise.
    ``item``, ``status`` and ``reason`` are those of the observation's plan item in ``assessment``
    (:func:`assess_progress`), ``chosen`` says whether this observation is the one speaking for the item
    there.  ``target_metric`` is the metric of the industry's growth chart (of its first target year, the
    output target, else the first target in 亿元: huangjiu's 2020 sales).  Points first, then by year.
    """
    o = outcomes[outcomes["industry"] == industry].copy()
    keyed = [plan_item(r)[1] for r in o.to_dict("records")]
    a = assessment.set_index("item") if len(assessment) else pd.DataFrame(columns=["status", "reason",
                                                                                    "observation_id"])
    o["item"] = pd.array(keyed, dtype="string")
    o["on_chart"] = (o["unit"] == "亿元") & o["metric"].isin(CHART_METRICS)
    o["status"] = pd.array([a.at[i, "status"] if i in a.index else pd.NA for i in keyed], dtype="string")
    o["reason"] = pd.array([a.at[i, "reason"] if i in a.index else pd.NA for i in keyed], dtype="string")
    o["chosen"] = [bool(i in a.index and a.at[i, "observation_id"] == oid) for i, oid in zip(keyed, o["observation_id"])]
    o["target_metric"] = _chart_target_metric(facts, industry)
    cols = ["observation_id", "item", "year", "period", "metric", "metric_en", "metric_zh", "value", "unit", "unit_en",
            "comparable", "on_chart", "status", "reason", "chosen", "source_kind", "source_url", "scope_note_en",
            "scope_note_zh", "target_metric"]
    out = o[[c for c in cols if c in o.columns]]
    return out.sort_values(["on_chart", "year", "observation_id"], ascending=[False, True, True],
                           kind="stable").reset_index(drop=True)


def industry_outcome_summary(rows: pd.DataFrame) -> dict:
    """Counts and the latest point of :func:`industry_outcomes`, for a sentence.

    ``n`` (observations), ``points`` (on the chart), ``comparable_points``, ``other_scope_points``,
    ``latest`` (the latest point as a dict, comparable ones first, or None), ``statuses`` (status of each
    plan item the observations speak to, ``{item: status}``).
    """
    pts = rows[rows["on_chart"]] if len(rows) else rows
    comp = pts[pts["comparable"].fillna(False).astype(bool)] if len(pts) else pts
    pick = comp if len(comp) else pts
    latest = pick.sort_values("year").iloc[-1].to_dict() if len(pick) else None
    statuses = {}
    for item, status in zip(rows.get("item", []), rows.get("status", [])):
        if pd.notna(status):
            statuses.setdefault(str(item), str(status))
    return dict(n=len(rows), points=len(pts), comparable_points=len(comp), other_scope_points=len(pts) - len(comp),
                latest=latest, statuses=statuses)
