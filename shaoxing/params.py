"""The parameters notebooks and the report builder accept, and their checks.

Kept free of heavy imports so a notebook's first cell and the batch builder
can both call it before any work starts.
"""

from __future__ import annotations

import difflib

LANGS: tuple[str, ...] = ("en", "zh")


class ParameterError(ValueError):
    """A parameter value that is not allowed; the message lists what is."""


def industries(data_dir=None) -> list[str]:
    """Industry ids in the data (``industries`` table), in the plan's order."""
    from .data import load
    return load("industries", data_dir)["industry"].tolist()


def _closest(value: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(str(value), allowed, n=1, cutoff=0.5)
    return f" Did you mean {close[0]!r}?" if close else ""


def check_choice(name: str, value, allowed) -> str:
    """Return ``value`` if it is one of ``allowed``; else raise ParameterError listing them."""
    allowed = list(allowed)
    if not isinstance(value, str) or value not in allowed:
        raise ParameterError(
            f"{name}={value!r} is not valid.{_closest(value, allowed) if isinstance(value, str) else ''} "
            f"Valid values: {', '.join(allowed)}."
        )
    return value


def check_lang(lang) -> str:
    """Validate a report language (``en`` or ``zh``)."""
    return check_choice("lang", lang, LANGS)


def check_industry(industry, data_dir=None) -> str:
    """Validate an industry id against the ``industries`` table."""
    return check_choice("industry", industry, industries(data_dir))


def check_outcomes_path(value) -> str | None:
    """Validate the progress tracker's ``outcomes_path``: "" (shipped observations only) or an existing CSV.

    Returns the path with ``~`` expanded, or None for "".
    """
    from pathlib import Path

    if not isinstance(value, str):
        raise ParameterError(f"outcomes_path={value!r} is not valid: give the path of a CSV as a "
                             "string, or \"\" for the shipped observations only.")
    if not value:
        return None
    path = Path(value).expanduser()
    if not path.is_file():
        raise ParameterError(f"outcomes_path={value!r}: no such file. Give the path of a CSV with "
                             "the columns of sx.describe('outcomes'), or \"\" for the shipped observations only.")
    return str(path)
