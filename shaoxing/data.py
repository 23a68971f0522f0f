"""Load the plan's tables: read, type, validate and cache.

One registry drives everything: ``datapackage.json`` (Frictionless Data
Package with Table Schema) describes every table, its fields, types, units,
keys and where in the plan it comes from.  :func:`load` reads a CSV, checks
it strictly against that schema and returns a typed :class:`pandas.DataFrame`;
nothing is coerced silently: a value that does not fit raises
:class:`DataError` naming the table, the row and the column.

The data ships inside the package (``shaoxing/_data`` in a wheel) and is read
through :mod:`importlib.resources`; in a source checkout it is the top-level
``data/`` folder.  ``SHAOXING_DATA=/some/dir`` or ``data_dir=`` loads another
copy, validated the same way.
"""

from __future__ import annotations

import csv
import difflib
import io
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from ._timelimit import TimeLimitExceeded, time_limit

__all__ = [
    "DataError",
    "UnknownTableError",
    "TableInfo",
    "data_dir",
    "datapackage",
    "describe",
    "list_tables",
    "load",
    "read_resource",
    "resource",
    "validate_frame",
]

ENV_VAR = "SHAOXING_DATA"
DESCRIPTOR = "datapackage.json"


class DataError(ValueError):
    """A data file or its description breaks the schema.

    The message names the table, and where it applies the row (1-based data
    row, with the CSV line number) and the column.  The parts are also kept
    as attributes for programs: ``table``, ``row``, ``column``, ``path``.
    """

    def __init__(self, message: str, *, table: str | None = None, row: int | None = None,
                 column: str | None = None, path: str | os.PathLike | None = None):
        self.table, self.row, self.column = table, row, column
        self.path = str(path) if path is not None else None
        where = []
        if table is not None:
            where.append(f"table {table!r}")
        if row is not None:
            where.append(f"row {row} (line {row + 1} of {Path(self.path).name if self.path else 'the CSV'})")
        if column is not None:
            where.append(f"column {column!r}")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class UnknownTableError(LookupError):
    """Raised for a table name that the data package does not have."""

    def __init__(self, name: str, available: list[str]):
        self.name, self.available = name, available
        close = difflib.get_close_matches(name, available, n=1, cutoff=0.5)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        super().__init__(
            f"no table named {name!r}.{hint} Available tables: {', '.join(available)}. "
            "See shaoxing.list_tables() and shaoxing.describe(name)."
        )

    def __str__(self) -> str:  # LookupError would otherwise quote the message
        return self.args[0]


# ---------------------------------------------------------------- locating


def _packaged_dir() -> Path:
    """The data folder: ``shaoxing/_data`` in a wheel, ``data/`` in a checkout."""
    packaged = resources.files("shaoxing") / "_data"
    if packaged.is_dir():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parent.parent / "data"
    if (checkout / DESCRIPTOR).is_file():
        return checkout
    raise DataError(
        "cannot find the data: neither shaoxing/_data (installed wheel) nor data/ (source "
        f"checkout) exists. Set {ENV_VAR}=/path/to/data to point at a copy."
    )


def _resolve_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder data is read from: ``path``, else ``$SHAOXING_DATA``, else the packaged data."""
    chosen = path if path is not None else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return _packaged_dir()
    chosen = Path(chosen).expanduser()
    if not (chosen / DESCRIPTOR).is_file():
        source = "data_dir=" if path is not None else f"${ENV_VAR}"
        raise DataError(f"{source} points at {str(chosen)!r}, which has no {DESCRIPTOR}; "
                        "it must be a folder laid out like the project's data/ (a copy of it).")
    return chosen.resolve()


# ---------------------------------------------------------------- registry

_PACKAGES: dict[Path, tuple[int, dict]] = {}


def datapackage(data_dir_: str | os.PathLike | None = None) -> dict:
    """The parsed ``datapackage.json`` (cached; do not modify the result)."""
    folder = _resolve_dir(data_dir_)
    path = folder / DESCRIPTOR
    mtime = path.stat().st_mtime_ns
    cached = _PACKAGES.get(folder)
    if cached and cached[0] == mtime:
        return cached[1]
    try:
        package = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DataError(f"cannot read {path}: {exc.strerror or exc}", path=path) from None
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise DataError(f"{path} is not valid UTF-8 JSON: {exc}", path=path) from None
    if not isinstance(package, dict) or not isinstance(package.get("resources"), list):
        raise DataError(f"{path} has no 'resources' list", path=path)
    _PACKAGES[folder] = (mtime, package)
    return package


def resource(name: str, data_dir: str | os.PathLike | None = None) -> dict:
    """The data package's description of table ``name`` (its ``schema``, ``path``, ...); do not modify it."""
    return _resource(name, data_dir)


def _resource(name: str, data_dir_=None) -> dict:
    if not isinstance(name, str):
        raise TypeError(f"table name must be a string, not {type(name).__name__}")
    package = datapackage(data_dir_)
    for res in package["resources"]:
        if res.get("name") == name:
            return res
    raise UnknownTableError(name, [r["name"] for r in package["resources"]])


def list_tables(data_dir: str | os.PathLike | None = None) -> list[str]:
    """The names of the plan's tables, in the order of the data package."""
    return [r["name"] for r in datapackage(data_dir)["resources"]]


# ---------------------------------------------------------------- describe


@dataclass(frozen=True)
class TableInfo:
    """Metadata of one table: print it, or use its parts as data."""

    name: str
    title: str
    title_zh: str
    description: str
    description_zh: str
    source: dict
    primary_key: list[str]
    foreign_keys: list[dict]
    fields: pd.DataFrame = field(repr=False)
    path: str = ""

    @property
    def units(self) -> dict[str, str]:
        """``{column: unit}`` for every column that has a unit."""
        f = self.fields.dropna(subset=["unit"])
        return dict(zip(f["name"], f["unit"]))

    @property
    def source_text(self) -> str:
        """The plan section and line range, as one line (used in chart source lines)."""
        return _source_text(self.source)

    def to_dict(self) -> dict:
        d = {k: getattr(self, k) for k in ("name", "title", "title_zh", "description",
                                            "description_zh", "source", "primary_key", "foreign_keys", "path")}
        d["fields"] = self.fields.to_dict("records")
        return d

    def __str__(self) -> str:
        lines = [f"{self.name}: {self.title} / {self.title_zh}",
                 f"  source: {self.source_text}",
                 f"  primary key: {', '.join(self.primary_key) or '-'}",
                 "", _wrap(self.description, "  "), ""]
        width = max(len(n) for n in self.fields["name"])
        for rec in self.fields.itertuples():
            unit = f" [{rec.unit}]" if isinstance(rec.unit, str) else ""
            lines.append(f"  {rec.name:<{width}}  {rec.type:<8}{unit}  {rec.description or ''}".rstrip())
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        import html
        head = (f"<p><b>{html.escape(self.name)}</b>: {html.escape(self.title)} / "
                f"{html.escape(self.title_zh)}<br><small>source: {html.escape(self.source_text)}</small></p>"
                f"<p>{html.escape(self.description)}</p>")
        return head + self.fields.to_html(index=False, na_rep="")


def _wrap(text: str, indent: str) -> str:
    import textwrap
    return textwrap.fill(text or "", width=100, initial_indent=indent, subsequent_indent=indent)


def _source_text(source: dict) -> str:
    if not source:
        return ""
    parts = [source.get("document", ""), source.get("section_en") or source.get("section_zh", "")]
    ranges = source.get("line_ranges") or ([source["lines"]] if source.get("lines") else [])
    if ranges:
        parts.append("lines " + ", ".join(f"{a}-{b}" for a, b in ranges))
    return ", ".join(p for p in parts if p)


def describe(name: str, data_dir: str | os.PathLike | None = None) -> TableInfo:
    """Metadata of table ``name``: title, description, source in the plan, fields with types and units.

    >>> info = describe("indicators")          # doctest: +SKIP
    >>> print(info)                            # a readable summary
    >>> info.fields                            # a DataFrame: name, type, unit, description
    """
    res = _resource(name, data_dir)
    schema = res.get("schema", {})
    fields = pd.DataFrame(
        [{"name": f["name"], "type": f.get("type", "string"), "unit": f.get("unit"),
          "title": f.get("title"), "description": f.get("description"),
          "required": bool(f.get("constraints", {}).get("required", False))}
         for f in schema.get("fields", [])],
        columns=["name", "type", "unit", "title", "description", "required"],
    )
    pk = schema.get("primaryKey", [])
    return TableInfo(
        name=name, title=res.get("title", ""), title_zh=res.get("title_zh", ""),
        description=res.get("description", ""), description_zh=res.get("description_zh", ""),
        source=res.get("source", {}), primary_key=[pk] if isinstance(pk, str) else list(pk),
        foreign_keys=schema.get("foreignKeys", []), fields=fields, path=res.get("path", ""),
    )


# ---------------------------------------------------------------- reading

# ASCII digits only: Python's int()/float() would also take "1_000" and full-width "１８７３"
_INT = re.compile(r"[+-]?[0-9]+")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
_INT64_MIN, _INT64_MAX = -(2 ** 63), 2 ** 63 - 1
# Longest a schema's ``pattern`` may take over one column: a pattern with nested
# repetition such as ``(a+)+$`` can take exponential time on a cell that fails it.
PATTERN_SECONDS = 2.0
# Largest cell: the csv module's default field limit, said as a DataError.
MAX_CELL = 131072
_TRUE = {"true", "True", "TRUE", "1"}
_FALSE = {"false", "False", "FALSE", "0"}


def _decode(raw: bytes, table: str, path: Path) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        row = line - 1 if line > 1 else None
        column = None
        if row is not None:  # which column the bad byte stands in: count the cells before it
            start = raw.rfind(b"\n", 0, exc.start) + 1
            before = raw[start:exc.start].decode("utf-8", errors="replace")
            header = next(csv.reader([raw.split(b"\n", 1)[0].decode("utf-8", errors="replace").lstrip("\ufeff")]))
            k = len(next(csv.reader([before + "x"]))) - 1
            column = header[k] if k < len(header) else None
        raise DataError(
            f"the file is not UTF-8 (byte 0x{raw[exc.start]:02x} at line {line}); save it as UTF-8 "
            "(a GBK/GB18030 file can be converted with iconv -f GB18030 -t UTF-8)",
            table=table, row=row, column=column, path=path) from None
    return text[1:] if text.startswith("\ufeff") else text


def _convert(values: list[str], spec: dict, table: str, path: Path) -> pd.Series | np.ndarray:
    """Type one column strictly; raise DataError naming the first bad row."""
    name, ftype = spec["name"], spec.get("type", "string")
    cons = spec.get("constraints", {})

    def fail(i: int, msg: str):
        raise DataError(msg, table=table, row=i + 1, column=name, path=path)

    if cons.get("required"):
        for i, v in enumerate(values):
            if v == "":
                fail(i, "a value is required here but the cell is empty")
    if ftype == "integer":
        out = []
        for i, v in enumerate(values):
            if v == "":
                out.append(None)
            elif _INT.fullmatch(v):
                if not _INT64_MIN <= int(v) <= _INT64_MAX:
                    fail(i, f"{v} is too large for an integer column (allowed: {_INT64_MIN} to {_INT64_MAX})")
                out.append(int(v))
            else:
                fail(i, f"{v!r} is not an integer (integers are written with the ASCII digits 0-9 like 42, "
                        "no separators, underscores or full-width digits; leave the cell empty if missing)")
        col = pd.array(out, dtype="Int64")
    elif ftype == "number":
        out = []
        for i, v in enumerate(values):
            if v == "":
                out.append(np.nan)
                continue
            if not _NUMBER.fullmatch(v):
                fail(i, f"{v!r} is not a number (write 12.5 with the ASCII digits 0-9 and a point; no units, "
                        "thousands separators, underscores or full-width digits; leave the cell empty if missing)")
            x = float(v)
            if not np.isfinite(x):
                fail(i, f"{v!r} is not a finite number")
            out.append(x)
        col = np.asarray(out, dtype="float64")
    elif ftype == "boolean":
        out = []
        for i, v in enumerate(values):
            if v == "":
                out.append(None)
            elif v in _TRUE:
                out.append(True)
            elif v in _FALSE:
                out.append(False)
            else:
                fail(i, f"{v!r} is not a boolean (allowed: true, false)")
        col = pd.array(out, dtype="boolean")
    elif ftype == "string":
        col = pd.array([v if v != "" else None for v in values], dtype="string")
    else:
        raise DataError(f"field type {ftype!r} is not supported (use string, integer, number, boolean)",
                        table=table, column=name, path=path)

    if "enum" in cons:
        allowed = [str(a) for a in cons["enum"]]
        for i, v in enumerate(values):
            if v != "" and v not in allowed:
                fail(i, f"{v!r} is not allowed; allowed values: {', '.join(allowed)}")
    if "pattern" in cons:
        try:
            pat = re.compile(cons["pattern"])
        except (re.error, TypeError, RecursionError, OverflowError) as exc:
            raise DataError(f"the schema's pattern {cons['pattern']!r} is not a valid regular expression: {exc}",
                            table=table, column=name, path=path) from None
        with time_limit(PATTERN_SECONDS):
            for i, v in enumerate(values):
                try:
                    matched = v == "" or pat.fullmatch(v)
                except TimeLimitExceeded:
                    fail(i, f"checking the pattern {cons['pattern']!r} took longer than {PATTERN_SECONDS:g} s "
                            f"(a pattern with nested repetition such as (a+)+ takes exponential time); "
                            "simplify the pattern in datapackage.json")
                if not matched:
                    fail(i, f"{v[:200]!r} does not match the pattern {cons['pattern']}")
    for bound, op, word in (("minimum", np.less, "below"), ("maximum", np.greater, "above")):
        if bound in cons and ftype in ("integer", "number"):
            for i, v in enumerate(values):
                if v != "" and op(float(int(v)) if ftype == "integer" else float(v), cons[bound]):
                    fail(i, f"{v} is {word} the {bound} {cons[bound]}")
    return col


def _read_text(path: Path, table: str) -> str:
    """The text of a CSV, or a DataError saying why it cannot be read."""
    if not path.is_file():
        raise DataError(f"the file {str(path)!r} does not exist", table=table, path=path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DataError(f"cannot read the file {str(path)!r}: {exc.strerror or exc}", table=table,
                        path=path) from None
    return _decode(raw, table, path)


def _csv_rows(text: str, table: str, path: Path) -> list[list[str]]:
    rows = []
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for r in reader:
            rows.append(r)
    except csv.Error as exc:
        header = rows[0] if rows else []
        row = len(rows)  # the data row being read (the header is row 0)
        column = None
        bad = f"{exc}"
        if "field larger than field limit" in bad:
            line = text.splitlines()[reader.line_num - 1] if reader.line_num else ""
            limit = csv.field_size_limit()
            try:  # read the line once more, allowing the long cell, to say which column it is in
                csv.field_size_limit(max(limit, len(line) + 1))
                cells = next(csv.reader([line]), [])
            except csv.Error:
                cells = []
            finally:
                csv.field_size_limit(limit)
            k = next((k for k, c in enumerate(cells) if len(c) > MAX_CELL), None)
            column = header[k] if k is not None and k < len(header) else None
            bad = f"a cell is longer than {MAX_CELL} characters (the most a cell may hold)"
        raise DataError(bad, table=table, row=row or None, column=column, path=path) from None
    return rows


def read_resource(resource: dict, path: str | os.PathLike, *, table: str | None = None) -> pd.DataFrame:
    """Read one CSV strictly against a Frictionless resource's schema.

    Checks the header (no missing, extra or duplicated columns, in any order),
    row lengths, types, constraints and the primary key.  Foreign keys are
    checked by :func:`load`, which knows the other tables.
    """
    table = table or resource.get("name", "?")
    path = Path(path)
    text = _read_text(path, table)
    if not text.strip():
        raise DataError("the file is empty: it needs at least a header row", table=table, path=path)
    rows = _csv_rows(text, table, path)
    return _typed_frame(resource, rows[0], [r for r in rows[1:] if r != []], table, path)


def validate_frame(frame: pd.DataFrame, table: str, data_dir: str | os.PathLike | None = None, *,
                   path: str | os.PathLike | None = None) -> pd.DataFrame:
    """Check a DataFrame against table ``table``'s schema exactly as :func:`load` checks its CSV.

    Returns the frame typed as :func:`load` types it.  Every column of the schema
    must be present (a column missing from ``frame`` counts as all empty only if
    the schema does not require it); extra columns are refused.  Values are
    checked as the text a CSV would hold (``True`` → ``true``, ``3.0`` in an
    integer column → ``3``), so the messages and the rules are the loader's:
    :class:`DataError` naming the table, the row and the column.  Foreign keys
    are checked against the other tables of ``data_dir``.
    """
    res = _resource(table, data_dir)
    names = [f["name"] for f in res.get("schema", {}).get("fields", [])]
    types = {f["name"]: f.get("type", "string") for f in res.get("schema", {}).get("fields", [])}
    header = [c for c in frame.columns if c in names] + [c for c in names if c not in frame.columns]
    extra = [str(c) for c in frame.columns if c not in names]
    if extra:
        raise DataError(f"the frame has column(s) not in the schema: {', '.join(map(repr, extra))}; expected "
                        f"columns: {', '.join(names)}", table=table, column=extra[0], path=path)
    columns = [[_cell_text(v, types[c]) for v in frame[c]] if c in frame.columns else [""] * len(frame)
               for c in header]
    body = [list(r) for r in zip(*columns)] if columns else []
    checked = _typed_frame(res, header, body, table, Path(path) if path is not None else None)
    _check_foreign_keys(table, checked, res, _resolve_dir(data_dir), path)
    return checked


def _cell_text(value, ftype: str) -> str:
    """A value of a DataFrame as the text a CSV cell would hold."""
    if value is None or (not isinstance(value, (list, tuple, dict)) and pd.isna(value)):
        return ""
    if isinstance(value, (bool, np.bool_)):
        return "true" if value else "false"
    if ftype == "integer" and isinstance(value, (float, np.floating)) and float(value).is_integer():
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        return repr(float(value))
    return str(value)


def _typed_frame(resource: dict, header: list[str], body: list[list[str]], table: str,
                 path: Path | None) -> pd.DataFrame:
    fields = resource.get("schema", {}).get("fields", [])
    expected = [f["name"] for f in fields]

    dupes = sorted({c for c in header if header.count(c) > 1})
    if dupes:
        raise DataError(f"the header repeats column(s) {', '.join(dupes)}", table=table, path=path)
    missing = [c for c in expected if c not in header]
    if missing:
        raise DataError(f"the header lacks column(s) {', '.join(map(repr, missing))}; expected columns: "
                        f"{', '.join(expected)}", table=table, column=missing[0], path=path)
    extra = [c for c in header if c not in expected]
    if extra:
        raise DataError(f"the header has column(s) not in the schema: {', '.join(map(repr, extra))}; describe "
                        f"them in datapackage.json or remove them", table=table, column=extra[0], path=path)
    for i, r in enumerate(body):
        if len(r) != len(header):
            raise DataError(f"the row has {len(r)} cells but the header has {len(header)} "
                            "(a stray comma or a missing quote?)", table=table, row=i + 1, path=path)

    index = {c: k for k, c in enumerate(header)}
    data = {}
    for spec in fields:
        k = index[spec["name"]]
        data[spec["name"]] = _convert([r[k].strip() for r in body], spec, table, path)
    frame = pd.DataFrame(data, columns=expected)

    pk = resource.get("schema", {}).get("primaryKey")
    if pk:
        pk = [pk] if isinstance(pk, str) else list(pk)
        dup = frame.duplicated(subset=pk, keep="first")
        if dup.any():
            i = int(np.flatnonzero(dup.to_numpy())[0])
            key = ", ".join(f"{c}={_plain(frame.iloc[i][c])!r}" for c in pk)
            first = int(np.flatnonzero((frame[pk] == frame.iloc[i][pk]).all(axis=1).to_numpy())[0])
            raise DataError(f"duplicate primary key ({key}); row {first + 1} has it already",
                            table=table, row=i + 1, column=pk[0] if len(pk) == 1 else "+".join(pk), path=path)
    return frame


def _plain(value):
    """A numpy scalar as the Python value it holds (for readable messages)."""
    return value.item() if hasattr(value, "item") else value


def _check_foreign_keys(name: str, frame: pd.DataFrame, resource: dict, folder: Path, path: Path) -> None:
    for fk in resource.get("schema", {}).get("foreignKeys", []):
        cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
        ref = fk["reference"]
        ref_cols = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
        other = ref.get("resource") or name
        target = frame if other == name else _load_cached(other, folder)
        valid = set(map(tuple, target[ref_cols].astype(object).itertuples(index=False, name=None)))
        extra = set(fk.get("allow", []))  # e.g. "all" for city-wide facts
        for i, key in enumerate(frame[cols].astype(object).itertuples(index=False, name=None)):
            if any(pd.isna(k) for k in key):
                continue
            if key not in valid and (len(key) != 1 or key[0] not in extra):
                allowed = sorted({v[0] if len(v) == 1 else v for v in valid} | extra)
                raise DataError(
                    f"{key[0] if len(key) == 1 else key!r} does not exist in table {other!r}; "
                    f"allowed: {', '.join(map(str, allowed))}",
                    table=name, row=i + 1, column=cols[0], path=path)


# ---------------------------------------------------------------- load + cache

_CACHE: dict[tuple[Path, str], tuple[tuple, pd.DataFrame]] = {}


def _load_cached(name: str, folder: Path) -> pd.DataFrame:
    res = _resource(name, folder)
    path = folder / res.get("path", f"{name}.csv")
    try:
        st = path.stat()
        stamp = (st.st_mtime_ns, st.st_size, (folder / DESCRIPTOR).stat().st_mtime_ns)
    except FileNotFoundError:
        raise DataError(f"the file {str(path)!r} does not exist", table=name, path=path) from None
    hit = _CACHE.get((folder, name))
    if hit and hit[0] == stamp:
        return hit[1]
    frame = read_resource(res, path, table=name)
    _check_foreign_keys(name, frame, res, folder, path)
    frame.attrs = {"table": name, "title": res.get("title", ""), "source": _source_text(res.get("source", {})),
                   "units": {f["name"]: f["unit"] for f in res["schema"]["fields"] if f.get("unit")}}
    _CACHE[(folder, name)] = (stamp, frame)
    return frame


def load(name: str, data_dir: str | os.PathLike | None = None, lang: str | None = None) -> pd.DataFrame:
    """Load one of the plan's tables as a typed DataFrame.

    Integers come as nullable ``Int64``, numbers as ``float64``, text as
    ``string`` and booleans as ``boolean``; a missing figure is NA, never 0.
    The frame's ``attrs`` carry the table's title, source and ``units``.
    Results are cached; every call returns a fresh copy the caller may modify.

    Parameters
    ----------
    name : str
        A table name, see :func:`list_tables`.
    data_dir : path, optional
        Another copy of the data (default: ``$SHAOXING_DATA``, else the packaged data).
    lang : {"en", "zh"}, optional
        A localized view in that language (see :func:`shaoxing.views.localize`):
        each ``*_zh`` / ``*_en`` pair becomes one column under its neutral name
        (``name``, ``segment``, ``unit``), and ``attrs["titles"]`` holds the
        columns' titles from ``datapackage.json`` in that language.

    Raises
    ------
    UnknownTableError
        For a name that is not a table (the message suggests the closest).
    DataError
        When the file breaks its schema (naming table, row and column).
    """
    folder = _resolve_dir(data_dir)
    frame = _load_cached(name, folder).copy(deep=True)
    frame.attrs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in frame.attrs.items()}
    if lang is not None:
        from .views import localize
        return localize(frame, lang, data_dir=folder)
    return frame


def clear_cache() -> None:
    """Forget every cached table (files are re-read on the next load)."""
    _CACHE.clear()
    _PACKAGES.clear()


def data_dir(path: str | os.PathLike | None = None) -> Path:
    """The folder tables are read from: ``path``, else ``$SHAOXING_DATA``, else the packaged data."""
    return _resolve_dir(path)
