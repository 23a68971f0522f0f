"""Localized views of the plan's tables: one column per idea, in the reader's language.

The data keeps both languages side by side (``name_zh`` / ``name_en``,
``unit`` / ``unit_en``, ``note`` / ``note_zh``).  A report or a researcher
working in one language wants one column per idea, under one neutral name:

>>> import shaoxing as sx
>>> seg = sx.load("segments", lang="zh")          # doctest: +SKIP
>>> seg[["segment", "output_value"]]  # doctest: +SKIP

The rule, for every base name ``B`` of a table's columns:

- ``B_en`` and ``B_zh`` -> ``B`` holds the ``lang`` text (the other column is dropped);
  if the table also has a plain ``B`` (an id, e.g. outcomes' ``metric``), that
  id is kept as ``B_id``;
- ``B`` and ``B_en`` (no ``B_zh``): ``B`` is the Chinese text (``unit``, ``lead_units``);
- ``B`` and ``B_zh`` (no ``B_en``): ``B`` is the English text (``note``);
- a column in one language only (``summary_en``, ``quote``) is left as it is.

Column titles come from ``data/datapackage.json`` (each field's ``title`` and
``title_zh``): :func:`titles` gives them for a table, and a localized view
carries them in ``view.attrs["titles"]`` (which :func:`shaoxing.display.table`
uses for headers).
"""

from __future__ import annotations

import re

import pandas as pd

from .params import LANGS, check_lang

__all__ = ["localize", "titles", "language_columns", "neutral_name"]

_SUFFIXES = tuple(f"_{x}" for x in LANGS)
# "(English)", "（中文）" ... : the language a field title names, dropped from a neutral column's title
_LANG_IN_TITLE = re.compile(r"\s*(?:[(（](?:English|Chinese|英文|中文)[)）]|,\s*(?:English|Chinese))\s*$")


def language_columns(columns) -> dict[str, dict[str, str]]:
    """``{neutral name: {"en": column, "zh": column}}`` for every column pair in ``columns``.

    >>> language_columns(["industry", "name_zh", "name_en", "unit", "unit_en", "note", "note_zh"])
    {'name': {'zh': 'name_zh', 'en': 'name_en'}, 'unit': {'zh': 'unit', 'en': 'unit_en'}, \
'note': {'en': 'note', 'zh': 'note_zh'}}
    """
    cols = [str(c) for c in columns]
    present = set(cols)
    pairs: dict[str, dict[str, str]] = {}
    for c in cols:
        base = c[:-3] if c.endswith(_SUFFIXES) else c
        if base in pairs:
            continue
        en, zh = f"{base}_en", f"{base}_zh"
        if en in present and zh in present:
            pairs[base] = {"zh": zh, "en": en} if cols.index(zh) < cols.index(en) else {"en": en, "zh": zh}
        elif base in present and en in present:
            pairs[base] = {"zh": base, "en": en}
        elif base in present and zh in present:
            pairs[base] = {"en": base, "zh": zh}
    return pairs


def neutral_name(column: str, columns) -> str:
    """The name ``column`` has in a localized view of a frame with ``columns`` (itself if it is not paired)."""
    for base, pair in language_columns(columns).items():
        if column in pair.values():
            return base
    return column


def _field_titles(table: str, data_dir=None) -> dict[str, dict[str, str]]:
    from .data import _resource
    fields = _resource(table, data_dir).get("schema", {}).get("fields", [])
    return {f["name"]: {"en": f.get("title") or f["name"], "zh": f.get("title_zh") or f.get("title") or f["name"]}
            for f in fields}


def _plain(title: str) -> str:
    return _LANG_IN_TITLE.sub("", title)


def _mapping(columns, lang: str) -> tuple[dict[str, str], list[str]]:
    """``(renames, dropped)`` that turn ``columns`` into their localized view in ``lang``."""
    check_lang(lang)
    columns = [str(c) for c in columns]
    renames: dict[str, str] = {}
    drop: list[str] = []
    for base, pair in language_columns(columns).items():
        if base in columns and base not in pair.values():
            renames[base] = f"{base}_id"  # an id beside its two texts (outcomes' metric)
        drop += [c for x, c in pair.items() if x != lang]
        renames[pair[lang]] = base
    return renames, drop


def titles(table: str, lang: str, data_dir=None, localized: bool = True) -> dict[str, str]:
    """Column titles of ``table`` in ``lang``, from ``datapackage.json`` (``title`` / ``title_zh``).

    With ``localized`` (the default) the keys are the columns of the localized
    view (``name``, not ``name_en`` / ``name_zh``), titled without the language
    ("Name", "名称"); otherwise every column of the CSV with its own title.
    """
    check_lang(lang)
    own = _field_titles(table, data_dir)
    if not localized:
        return {c: t[lang] for c, t in own.items()}
    renames, drop = _mapping(own, lang)
    return {renames.get(c, c): (_plain(t[lang]) if c in renames and not renames[c].endswith("_id") else t[lang])
            for c, t in own.items() if c not in drop}


def localize(df: pd.DataFrame, lang: str, titles_from: str | None = None, data_dir=None) -> pd.DataFrame:
    """A copy of ``df`` in ``lang``: each ``*_zh`` / ``*_en`` pair becomes one column under its neutral name.

    ``titles_from`` names the data table whose ``datapackage.json`` titles label
    the columns (default: ``df.attrs["table"]``, which :func:`shaoxing.load` sets);
    they are put in ``attrs["titles"]``, and ``attrs["lang"]`` records the language.
    Works on any frame, e.g. an analysis result that carries both languages.

    >>> import pandas as pd
    >>> df = pd.DataFrame({"industry": ["pearl"], "name_zh": ["珍珠"], "name_en": ["Pearl"]})
    >>> localize(df, "zh").columns.tolist(), localize(df, "en").loc[0, "name"]
    (['industry', 'name'], 'Pearl')
    """
    renames, drop = _mapping(df.columns, lang)
    out = df.drop(columns=drop).rename(columns=renames)
    out.attrs = {k: (dict(v) if isinstance(v, dict) else v) for k, v in df.attrs.items()}
    out.attrs["lang"] = lang
    if "units" in out.attrs:
        out.attrs["units"] = {renames.get(c, c): u for c, u in out.attrs["units"].items() if c not in drop}
    table = titles_from or df.attrs.get("table")
    if table:
        out.attrs["titles"] = titles(table, lang, data_dir)
    return out
