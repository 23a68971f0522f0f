"""The package as a new user meets it: dir(), analysis.__all__, helpful errors, one missing-value marker."""

from __future__ import annotations

import inspect
import types

import numpy as np
import pandas as pd
import pytest

import shaoxing as sx
from shaoxing import analysis as A
from shaoxing.params import ParameterError

PACKAGE_DIR = __import__("pathlib").Path(sx.__file__).parent
SUBMODULES = sorted(p.stem for p in PACKAGE_DIR.glob("*.py") if not p.stem.startswith("_")) + sorted(
    p.name for p in PACKAGE_DIR.iterdir() if (p / "__init__.py").is_file() and not p.name.startswith("_"))


# ---------------------------------------------------------------- dir(shaoxing)


def test_dir_lists_the_api_and_every_submodule_and_no_imports():
    names = dir(sx)
    assert "plots" in SUBMODULES and "analysis" in SUBMODULES
    for sub in SUBMODULES:
        assert sub in names, f"dir(shaoxing) hides the submodule {sub!r}"
    for name in sx.__all__:
        assert name in names
    for leaked in ("importlib", "annotations", "pkgutil"):
        assert leaked not in names, f"dir(shaoxing) lists {leaked!r}"
    assert names == sorted(names)


@pytest.mark.parametrize("sub", SUBMODULES)
def test_every_listed_submodule_can_be_reached_as_an_attribute(sub):
    mod = getattr(sx, sub)
    assert isinstance(mod, types.ModuleType) and mod.__name__ == f"shaoxing.{sub}"


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'plotz'"):
        sx.plotz  # noqa: B018


# ---------------------------------------------------------------- analysis.__all__


def _public_functions(module) -> list[str]:
    return sorted(name for name, obj in vars(module).items()
                  if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__)


def test_analysis_all_covers_every_public_function():
    public = _public_functions(A)
    assert len(public) >= 20
    missing = [n for n in public if n not in A.__all__]
    assert not missing, f"public functions of shaoxing.analysis not in __all__: {missing}"
    unknown = [n for n in A.__all__ if not hasattr(A, n)]
    assert not unknown, f"analysis.__all__ names what the module lacks: {unknown}"
    assert len(A.__all__) == len(set(A.__all__)), "analysis.__all__ repeats a name"


def test_star_import_gives_the_functions():
    ns: dict = {}
    exec("from shaoxing.analysis import *", ns)
    assert {"growth_paths", "segment_structure", "indicator_overview", "MISSING"} <= set(ns)


def test_every_public_function_is_a_checked_entry_point():
    """The block at the end of analysis.py wraps each public function (one marker, checked ids)."""
    unwrapped = [n for n in _public_functions(A) if not hasattr(getattr(A, n), "__wrapped__")]
    assert not unwrapped, (f"not wrapped by analysis._checked (defined after the wrapping block at the end of "
                           f"analysis.py?): {unwrapped}")
    assert inspect.signature(A.growth_paths).parameters["industry"].default is None  # signature kept


# ---------------------------------------------------------------- unknown industry ids


@pytest.fixture(scope="module")
def tables():
    return {n: sx.load(n) for n in sx.list_tables()}


@pytest.mark.parametrize("call", [
    lambda t: A.growth_paths(t["facts"], "huangjui"),
    lambda t: A.growth_paths(t["facts"], industry="huangjui", metric="sales"),
    lambda t: A.segment_structure(t["segments"], "huangjui"),
    lambda t: A.benchmark_summary(t["benchmarks"], industry="huangjui"),
], ids=["growth_paths", "growth_paths-keywords", "segment_structure", "benchmark_summary"])
def test_unknown_industry_raises_a_helpful_error(tables, call):
    with pytest.raises(ParameterError) as err:
        call(tables)
    msg = str(err.value)
    assert "industry='huangjui' is not valid" in msg
    assert "Did you mean 'huangjiu'?" in msg
    for ind in tables["industries"]["industry"]:
        assert ind in msg, f"the error does not list {ind!r}: {msg}"
    assert isinstance(err.value, ValueError)


def test_every_analysis_function_taking_an_industry_checks_it(tables):
    takes = [n for n in _public_functions(A) if "industry" in inspect.signature(getattr(A, n)).parameters]
    assert {"growth_paths", "segment_structure", "benchmark_summary"} <= set(takes)
    by_param = _by_param(tables)
    for name in takes:
        func = getattr(A, name)
        kwargs = {p.name: by_param[p.name] for p in inspect.signature(func).parameters.values()
                  if p.default is inspect.Parameter.empty and p.name != "industry"}
        with pytest.raises(ParameterError, match="huangjui"):
            func(**kwargs, industry="huangjui")


def test_a_valid_industry_without_rows_is_an_empty_result_not_an_error(tables):
    assert A.segment_structure(tables["segments"], "huangjiu").empty  # no structure table for huangjiu
    assert len(A.growth_paths(tables["facts"], "huangjiu")) >= 1
    assert len(A.growth_paths(tables["facts"], "all")) >= 1  # plan-wide figures: an id of the facts table
    assert A.growth_paths(tables["facts"], None).shape[0] == A.growth_paths(tables["facts"]).shape[0]


def test_industry_ids_of_a_corrected_copy_are_accepted():
    facts = pd.DataFrame({"industry": ["silk"], "metric": ["output_value"], "unit": ["亿元"], "unit_en": ["x"],
                          "year": pd.array([2020], dtype="Int64"), "kind": ["target"], "value": [10.0],
                          "qualifier": ["reach"], "scope_zh": ["丝"], "scope_en": ["silk"],
                          "scope_differs": pd.array([pd.NA], dtype="boolean"), "note": [pd.NA]})
    assert A.growth_paths(facts, "silk")["target_value"].tolist() == [10.0]
    with pytest.raises(ParameterError, match="Did you mean 'silk'"):
        A.growth_paths(facts, "silx")


# ---------------------------------------------------------------- one missing-value marker


def _by_param(tables):
    """An argument for each parameter name the analysis functions use, from the shipped data."""
    roles = A.unit_roles(tables["measures"], tables["tasks_2017"])
    recon = A.target_reconciliation(tables["facts"], tables["industries"])
    return {"facts": tables["facts"], "segments": tables["segments"], "indicators": tables["indicators"],
                "industries": tables["industries"], "benchmarks": tables["benchmarks"],
                "measures": tables["measures"], "tasks": tables["tasks_2017"],
                "milestones": tables["milestones_2017"], "fibre_mix": tables["fibre_mix"],
                "value_added_mix": tables["value_added_mix"], "roles": roles, "recon": recon,
                "package": sx.datapackage(), "frames": tables, "frame": tables["segments"],
                "keys": ["industry", "level", "segment_zh"], "industry": "textile",
                "infos": {n: sx.describe(n) for n in tables}}


def _calls(tables):
    """Every frame-returning analysis function, called on the shipped data."""
    by_param = _by_param(tables)
    calls, skipped = {}, []
    for name in _public_functions(A):
        params = inspect.signature(getattr(A, name)).parameters.values()
        required = [p.name for p in params if p.default is inspect.Parameter.empty]
        if all(p in by_param for p in required):
            kwargs = {p: by_param[p] for p in required}
            if "industry" in {p.name for p in params} and "industry" not in kwargs:
                calls[f"{name}(industry=textile)"] = (name, {**kwargs, "industry": "textile"})
            calls[name] = (name, kwargs)
        else:
            skipped.append(name)
    return calls, skipped


def _markers(series: pd.Series) -> set[str]:
    missing = series[series.isna()]
    return {"pd.NA" if v is pd.NA else f"{type(v).__name__} {v!r}" for v in missing}


def test_results_use_pd_na_as_their_one_missing_value_marker(tables):
    calls, skipped = _calls(tables)
    frames = 0
    problems = []
    for label, (name, kwargs) in calls.items():
        try:
            out = getattr(A, name)(**kwargs)
        except (TypeError, ValueError, KeyError) as e:  # a function that needs other input
            skipped.append(f"{label} ({type(e).__name__}: {e})")
            continue
        if not isinstance(out, pd.DataFrame):
            continue
        frames += 1
        for col in out.columns:
            other = _markers(out[col]) - {"pd.NA"}
            if other:
                problems.append(f"{label}: column {col!r} ({out[col].dtype}) holds {sorted(other)[:2]}")
            if out[col].dtype == "float64":
                problems.append(f"{label}: column {col!r} is float64 (missing values would be NaN), not Float64")
    assert frames >= 25, f"only {frames} result frames checked; skipped: {skipped}"
    assert not problems, "results mix missing-value markers:\n  " + "\n  ".join(problems)


def test_growth_paths_shows_only_na_where_the_plan_has_no_baseline(tables):
    paths = A.growth_paths(tables["facts"], "motor")
    row = paths.iloc[0]
    for col in ("base_year", "base_value", "base_scope_zh", "comparable", "required_cagr"):
        assert row[col] is pd.NA, f"{col}: {row[col]!r}"
    assert "NaN" not in paths.to_string() and "<NA>" in paths.to_string()
    assert A.MISSING is pd.NA


def test_the_marker_conversion_keeps_values_types_and_attrs():
    frame = pd.DataFrame({"f": [1.5, np.nan], "i": pd.array([2016, pd.NA], dtype="Int64"),
                          "s": pd.array(["a", None], dtype="str"), "o": pd.Series([("x",), None], dtype=object),
                          "b": pd.array([True, pd.NA], dtype="boolean"), "n": [1, 2]})
    frame.attrs["headline"] = 8000
    out = A._one_missing_marker(frame)
    assert [str(t) for t in out.dtypes] == ["Float64", "Int64", "string", "object", "boolean", "int64"]
    assert out["f"][0] == 1.5 and out["i"][0] == 2016 and out["s"][0] == "a" and out["o"][0] == ("x",)
    assert all(out[c][1] is pd.NA for c in "fisob")
    assert out.attrs == {"headline": 8000} and frame["f"].dtype == "float64"  # the input is left alone


def test_scalar_helpers_stay_plain_floats():
    assert isinstance(A.required_cagr(3673.5, 4500, 4), float)
    assert np.isnan(A.required_cagr(0, 4500, 4))
