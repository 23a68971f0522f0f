"""Which reports a run covers: the notebooks found, their parameters, every value checked.

Every ``*.ipynb`` of the notebooks folder (files starting with ``_`` or ``.`` are
left out) is a notebook; its code cell tagged ``parameters`` declares what it
takes.  A notebook that declares ``industry`` is built for every industry id of
the ``industries`` table, one that declares ``lang`` for every language in
:data:`shaoxing.params.LANGS`; any other parameter keeps its default unless the
run gives it (``--param NAME=VALUE``).  Nothing here writes a file.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from ..params import LANGS, ParameterError, check_choice
from .checks import one_line

PACKAGE_DIR = Path(__file__).resolve().parent.parent
# where a wheel keeps the notebooks (see pyproject.toml, force-include)
PACKAGED_NOTEBOOKS = PACKAGE_DIR / "_notebooks"


class NotebookDirError(LookupError):
    """The notebooks folder does not exist or holds no notebook."""


# ------------------------------------------------------------------ what to build


@dataclass(frozen=True)
class Notebook:
    """A notebook found in the notebooks folder, with the parameters it declares."""

    name: str
    path: Path
    parameters: tuple[str, ...] = ()
    title: dict = field(default_factory=dict, compare=False, hash=False)
    order: float = float("inf")
    error: str | None = None  # set when the file cannot be read; its reports fail with it
    # (name, inferred type name, default as written) of each parameter, from papermill
    defaults: tuple[tuple[str, str, str], ...] = field(default=(), compare=False, hash=False)

    @property
    def takes_industry(self) -> bool:
        return "industry" in self.parameters

    @property
    def takes_lang(self) -> bool:
        return "lang" in self.parameters

    def title_in(self, lang: str) -> str:
        return str(self.title.get(lang) or self.title.get("en") or self.name.replace("_", " ").capitalize())


@dataclass(frozen=True)
class Report:
    """One page to build: a notebook with its industry and language (``None`` when not taken).

    ``extra`` holds other parameters given for the run, as sorted ``(name, value)``
    pairs; a report with extra parameters has a name (and files) of its own, e.g.
    ``textile.en.scenario_growth_pct-3``, so it never replaces the default page.
    """

    notebook: Notebook
    industry: str | None = None
    lang: str | None = None
    extra: tuple[tuple[str, object], ...] = ()

    @property
    def name(self) -> str:
        base = [p for p in (self.industry, self.lang) if p]
        base += [f"{k}-{value_slug(v)}" for k, v in self.extra]
        return ".".join(base) or "report"

    @property
    def key(self) -> str:
        return f"{self.notebook.name}/{self.name}"

    @property
    def parameters(self) -> dict:
        params = {}
        if self.industry is not None:
            params["industry"] = self.industry
        if self.lang is not None:
            params["lang"] = self.lang
        params.update(self.extra)
        return params

    @property
    def page_lang(self) -> str:
        return self.lang or "en"

    def files(self, out: Path) -> dict[str, Path]:
        folder = Path(out) / self.notebook.name
        return {
            "html": folder / f"{self.name}.html",
            "ipynb": folder / f"{self.name}.ipynb",
            "log": folder / f"{self.name}.log",
            "meta": folder / f"{self.name}.json",
            "failed": folder / f"{self.name}.failed.ipynb",
        }


@dataclass
class Result:
    """What happened to one report in a run."""

    key: str
    notebook: str
    name: str
    industry: str | None
    lang: str | None
    status: str  # "ok" (built now), "skipped" (up to date) or "failed"
    duration: float = 0.0  # seconds this run spent on it
    built_at: str | None = None  # ISO time of the page on disk (its last good build)
    html: str | None = None  # path of the page, if there is one
    log: str | None = None  # path of the log of the last attempt
    error: str | None = None  # first error line of a failure
    cpu: dict = field(default_factory=dict)  # CPU seconds by phase: kernel_start, execution, page
    params: tuple = ()  # the report's extra parameters (see Report.extra)

    @property
    def ok(self) -> bool:
        return self.status != "failed"


def default_notebook_dir() -> Path:
    """``./notebooks`` when it exists, else the source checkout's ``notebooks/``, else the installed copy."""
    here = Path("notebooks")
    if here.is_dir():
        return here
    checkout = PACKAGE_DIR.parent
    if (checkout / "pyproject.toml").is_file() and (checkout / "notebooks").is_dir():
        return checkout / "notebooks"
    if PACKAGED_NOTEBOOKS.is_dir():
        return PACKAGED_NOTEBOOKS
    return here


def discover_notebooks(notebook_dir: str | os.PathLike | None = None) -> dict[str, Notebook]:
    """The notebooks of ``notebook_dir`` by stem, in index order (metadata ``shaoxing.order``, then name)."""
    folder = Path(notebook_dir) if notebook_dir is not None else default_notebook_dir()
    if not folder.is_dir():
        raise NotebookDirError(f"no notebooks folder at {str(folder)!r} (give one with --notebook-dir)")
    found = []
    for path in sorted(folder.glob("*.ipynb")):
        if path.name.startswith((".", "_")):
            continue
        found.append(_read_notebook(path))
    if not found:
        raise NotebookDirError(f"no notebooks (*.ipynb) in {str(folder)!r}")
    found.sort(key=lambda nb: (nb.order, nb.name))
    return {nb.name: nb for nb in found}


def parameters_cell(nb: dict) -> list[tuple[str, str, str]]:
    """``(name, type, default)`` of each parameter the notebook ``nb`` (its JSON) declares.

    The parameters are the assignments of its cell tagged ``parameters``, as papermill
    reads them (``papermill.inspect_notebook``): ``type`` is the annotation as written
    or ``"None"`` without one, ``default`` the value as written (``'"textile"'``).
    Read with :mod:`ast`, so that planning a run (``--list`` too) needs neither
    papermill nor nbformat.  A cell that is not valid Python raises SyntaxError.
    """
    import ast

    for cell in nb.get("cells") or []:
        tags = (cell.get("metadata") or {}).get("tags") or []
        if cell.get("cell_type") != "code" or "parameters" not in tags:
            continue
        source = cell.get("source") or ""
        source = source if isinstance(source, str) else "".join(source)
        found = []
        for node in ast.parse(source).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                found.append((node.targets[0].id, "None", ast.get_source_segment(source, node.value)))
            elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value is not None:
                note = node.annotation  # a quoted annotation ("float") reads as the type it names
                kind = (note.value if isinstance(note, ast.Constant) and isinstance(note.value, str)
                        else ast.get_source_segment(source, note))
                found.append((node.target.id, kind, ast.get_source_segment(source, node.value)))
        # a name assigned twice: papermill keeps its first place and its last value
        return list({name: (name, kind or "", default or "") for name, kind, default in found}.values())
    return []


def _read_notebook(path: Path) -> Notebook:
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(nb, dict):
            raise ValueError("not a notebook (its JSON is not an object)")
        meta = (nb.get("metadata") or {}).get("shaoxing", {})
        meta = meta if isinstance(meta, dict) else {}
        defaults = tuple(parameters_cell(nb))
        params = tuple(name for name, _, _ in defaults)
    except Exception as exc:  # a notebook someone is editing: its reports fail, the others run
        return Notebook(path.stem, path.resolve(), error=f"cannot read {path.name}: {one_line(exc)}")
    title = meta.get("title") if isinstance(meta.get("title"), dict) else {}
    order = meta.get("order")
    order = float(order) if isinstance(order, (int, float)) and not isinstance(order, bool) else float("inf")
    return Notebook(path.stem, path.resolve(), params, {k: str(v) for k, v in title.items()}, order,
                    defaults=defaults)


_PLAIN_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*")


def _unique(values: Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        values = [values]
    return list(dict.fromkeys(values))


def plan_reports(available: dict[str, Notebook], notebooks: Sequence[str] | None = None,
                 industries: Sequence[str] | None = None, langs: Sequence[str] | None = None,
                 data_dir: str | os.PathLike | None = None, params: dict | None = None) -> list[Report]:
    """The reports a run covers, after checking every value (raises ParameterError).

    ``params`` (name -> value) are further parameters: every one must be declared by
    each chosen notebook's parameters cell (without ``notebooks``, only the notebooks
    that declare them all are chosen) and fit its default's type.
    """
    notebooks, industries, langs = _unique(notebooks), _unique(industries), _unique(langs)
    for name in notebooks or ():
        check_choice("notebook", name, list(available))
    for lang in langs or ():
        check_choice("lang", lang, LANGS)
    chosen = [available[n] for n in notebooks] if notebooks else list(available.values())
    if industries and not notebooks:
        chosen = [nb for nb in chosen if nb.takes_industry]
    extra = check_params(params or {}, chosen, explicit=bool(notebooks))
    if extra:
        chosen = [nb for nb in chosen if all(k in nb.parameters for k, _ in extra)]
    all_industries: list[str] = []
    if industries or any(nb.takes_industry for nb in chosen):
        from ..params import industries as industry_ids
        all_industries = industry_ids(data_dir)
        for ind in all_industries:  # they name files: plain ids only
            if not isinstance(ind, str) or not _PLAIN_ID.fullmatch(ind):
                raise ParameterError(f"the industries table has an id that is not a plain name: {ind!r} "
                                     "(letters, digits, '_' and '-' only)")
        for ind in industries or ():
            check_choice("industry", ind, all_industries)
    reports = []
    for nb in chosen:
        for ind in (industries or all_industries) if nb.takes_industry else [None]:
            for lang in (langs or list(LANGS)) if nb.takes_lang else [None]:
                reports.append(Report(nb, ind, lang, extra))
    return reports


# ------------------------------------------------------------------ other parameters (--param)

_RESERVED = {"industry": "--industry", "lang": "--lang"}
# Checks the notebooks run on a parameter, run by the builder too, before anything is
# built: a value they would refuse is refused here (exit 2, nothing written).
PARAMETER_CHECKS = {"scenario_growth_pct": "shaoxing.analysis:check_growth_pct"}


def parse_param(text: str) -> tuple[str, object]:
    """``NAME=VALUE`` as (name, value): VALUE is a Python literal (``3``, ``-2.5``, ``'text'``, ``None``)."""
    import ast

    name, sep, raw = str(text).partition("=")
    name = name.strip()
    if not sep or not name.isidentifier():
        raise ParameterError(f"--param {text!r} is not valid: write NAME=VALUE, e.g. scenario_growth_pct=3.")
    try:
        value = ast.literal_eval(raw.strip()) if raw.strip() else _NO_LITERAL
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        value = _NO_LITERAL
    if value is _NO_LITERAL or not isinstance(value, (int, float, str, bool, type(None))):
        return name, _Unparsed(raw.strip())
    return name, value


class _Unparsed(str):
    """A --param value that is not a Python literal (allowed only where the default is a string)."""


_NO_LITERAL = object()


def check_params(params: dict, notebooks: Sequence[Notebook], explicit: bool) -> tuple[tuple[str, object], ...]:
    """``params`` checked against the notebooks' parameters cells, as sorted (name, value) pairs."""
    checked = []
    for name, value in (params or {}).items():
        if name in _RESERVED:
            raise ParameterError(f"--param {name}=... is not how to choose the {name}: use {_RESERVED[name]}.")
        takers = [nb for nb in notebooks if name in nb.parameters]
        if not takers or (explicit and len(takers) < len(notebooks)):
            lacking = [nb.name for nb in notebooks if name not in nb.parameters]
            known = sorted({p for nb in notebooks for p in nb.parameters} - set(_RESERVED))
            where = f"notebook(s) {', '.join(lacking)}" if lacking else "the chosen notebooks"
            raise ParameterError(f"--param {name}: {where} declare no parameter {name!r}."
                                 f"{check_hint(name, known)} Parameters they take: "
                                 f"{', '.join(known) if known else 'none besides industry and lang'}.")
        for nb in takers:
            type_name, default = next(((t, d) for n, t, d in nb.defaults if n == name), ("", ""))
            value = _fit(name, value, type_name, default, nb.name)
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise ParameterError(f"--param {name}={value!r} is not valid: give a finite number.")
        if name in PARAMETER_CHECKS and value is not None:  # the check the notebook itself runs
            module, function = PARAMETER_CHECKS[name].split(":")
            import importlib

            getattr(importlib.import_module(module), function)(value)
        checked.append((name, value))
    return tuple(sorted(checked))


def check_hint(name: str, known: list[str]) -> str:
    import difflib

    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    return f" Did you mean {close[0]!r}?" if close else ""


def _fit(name: str, value, type_name: str, default: str, notebook: str):
    """``value`` if it fits the parameter's declared type (``int``, ``float``, ``str``, ``bool``, or
    anything for a default of None); else ParameterError."""
    import ast

    type_name = type_name.strip().lower()
    try:  # the default as written ("textile", 3, None) says the type when no annotation does
        written = ast.literal_eval(default.strip())
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        written = ...
    if type_name in ("", "none") and written is not ...:
        type_name = {bool: "bool", int: "int", float: "float", str: "str"}.get(type(written), "")
    if default.strip() == "None" or type_name in ("", "none"):
        kind = "any"
    elif "float" in type_name or "int" in type_name and "bool" not in type_name:
        kind = "number"
    elif "str" in type_name:
        kind = "str"
    elif "bool" in type_name:
        kind = "bool"
    else:
        kind = "any"
    if isinstance(value, _Unparsed):
        if kind == "str":
            return str(value)
        raise ParameterError(f"--param {name}={str(value)!r} is not valid: the value must be a Python literal "
                             f"(a number such as 3 or -2.5, a quoted string, True, False or None); "
                             f"{notebook}'s default is {default or 'not given'}.")
    if kind == "number" and (isinstance(value, bool) or not isinstance(value, (int, float))):
        raise ParameterError(f"--param {name}={value!r} is not valid: {notebook} takes a number here "
                             f"(default {default}).")
    if kind == "str" and not isinstance(value, str):
        raise ParameterError(f"--param {name}={value!r} is not valid: {notebook} takes text here "
                             f"(default {default}).")
    if kind == "bool" and not isinstance(value, bool):
        raise ParameterError(f"--param {name}={value!r} is not valid: {notebook} takes True or False here.")
    return value


_SLUG_SAFE = re.compile(r"[^A-Za-z0-9_.+-]")


def value_slug(value) -> str:
    """A parameter value as part of a file name: ``3``, ``-2.5``, ``text``; anything else made safe."""
    import hashlib

    text = repr(value) if isinstance(value, float) else str(value)
    slug = _SLUG_SAFE.sub("_", text)[:40].strip(".") or "_"
    if slug != text:
        slug += "~" + hashlib.sha256(repr(value).encode()).hexdigest()[:8]
    return slug


def select_reports(notebooks=None, industries=None, langs=None, notebook_dir=None, data_dir=None, params=None):
    """(available notebooks, chosen reports, resolved data folder) after checking every value."""
    from ..data import data_dir as resolve_data_dir

    folder = Path(notebook_dir) if notebook_dir is not None else default_notebook_dir()
    available = discover_notebooks(folder)
    data = resolve_data_dir(data_dir)
    return available, plan_reports(available, notebooks, industries, langs, data, params), data

