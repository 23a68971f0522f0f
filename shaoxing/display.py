"""Show results in a notebook as a reviewer reads them: Markdown prose and clean tables.

Data text is escaped on the way out, so markup inside the data (``<script>``,
``<img onerror=...>``) shows as text and runs nothing.
"""

from __future__ import annotations

import html
import re

import pandas as pd

from . import i18n
from .build import chartdata

__all__ = ["md", "title", "say", "small", "bullets", "heading", "table", "note", "show"]


def _show(obj) -> None:
    from IPython.display import display
    display(obj)


def md(text: str) -> None:
    """Display Markdown written by the package (callers escape data text with ``i18n.esc``)."""
    from IPython.display import Markdown
    _show(Markdown(text))


def title(text: str) -> None:
    """The page's title (a top-level heading)."""
    md("# " + i18n.esc(text))


def say(text: str) -> None:
    """A paragraph of plain text (escaped: data text in it shows as written); nothing for empty text."""
    if text:
        md(i18n.esc(text))


def small(text: str) -> None:
    """A paragraph of plain text in small print (caveats, units)."""
    md("<small>" + i18n.esc(text) + "</small>")


def bullets(items) -> None:
    """A bulleted list of plain-text items (escaped); nothing for an empty list."""
    items = [str(s) for s in items]
    if items:
        md("\n".join("- " + i18n.esc(s) for s in items))


def heading(text: str, level: int = 2) -> None:
    """A section heading."""
    md("#" * level + " " + i18n.esc(text))


def note(text: str) -> None:
    """A highlighted remark (e.g. what the plan does not give)."""
    md("> " + i18n.esc(text))


def _cell(v, digits: int | None, lang: str = "en") -> str:
    if hasattr(v, "item") and not isinstance(v, (str, bytes)) and getattr(v, "ndim", 1) == 0:
        v = v.item()  # a numpy number is formatted as the Python number it holds
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return "—"
    if isinstance(v, bool):
        return "✓" if v else "✗"
    sep = "," if lang == "en" else ""  # Chinese numbers as the plan prints them: no thousands separator
    # a negative number with a true minus sign (−23.55), as the page's prose writes it (i18n.minus)
    if isinstance(v, float) and digits is not None:
        return i18n.minus(f"{v:{sep}.{digits}f}")
    if isinstance(v, float):
        return i18n.minus(f"{v:{sep}.2f}".rstrip("0").rstrip(".") if abs(v) < 1e6 else f"{v:{sep}.0f}")
    if isinstance(v, int):
        return i18n.minus(f"{v:{sep}}" if abs(v) >= 10000 else str(v))
    return str(v)


def headers(df: pd.DataFrame, columns=None) -> dict[str, str]:
    """``{column: header}``: ``columns`` as given (a dict), or titled from ``df.attrs["titles"]``.

    A list of column names takes each header from the frame's titles (a localized
    view from ``sx.load(name, lang=...)`` carries them, see :mod:`shaoxing.views`);
    a column without a title is headed by its name.
    """
    if isinstance(columns, dict):
        return dict(columns)
    titles = df.attrs.get("titles") or {}
    return {c: titles.get(c, c) for c in (df.columns if columns is None else columns)}


def to_html(df: pd.DataFrame, columns: dict[str, str] | list[str] | None = None, digits: dict[str, int] | None = None,
            caption: str | None = None, nowrap=(), lang: str | None = None, code=()) -> str:
    """An escaped HTML table: ``columns`` maps column -> header label (and selects / orders columns).

    ``columns`` may also be a list of column names, headed by their titles (:func:`headers`).
    Columns in ``nowrap`` keep their header and cells on one line (short codes and
    counts, which a browser would otherwise break to give a long text column room).
    """
    columns = headers(df, columns)
    digits = digits or {}
    keep = {c: ";white-space:nowrap" if c in nowrap else "" for c in columns}
    head = "".join(f'<th style="text-align:left{keep[c]}">{html.escape(str(label))}</th>'
                   for c, label in columns.items())
    body = []
    for rec in df[list(columns)].astype(object).itertuples(index=False):
        cells = []
        for c, v in zip(columns, rec):
            text = _cell(v, digits.get(c), lang or df.attrs.get("lang", "en"))
            num = isinstance(v, (int, float)) and not isinstance(v, bool)
            align = "right" if num else "left"
            shown = html.escape(text)
            if c in code and not num and text != "—":  # identifiers (table, field, metric ids)
                shown = f"<code>{shown}</code>"
            elif not num and text.count("`") >= 2 and text.count("`") % 2 == 0:  # `identifiers` in data text
                shown = re.sub(r"`([^`]+)`", r"<code>\1</code>", shown)
            cells.append(f'<td class="{"num" if num else "text"}" style="text-align:{align}{keep[c]}">'
                         f'{shown}</td>')
        body.append("<tr>" + "".join(cells) + "</tr>")
    cap = f"<caption>{html.escape(caption)}</caption>" if caption else ""
    return (f'<table class="sx-table">{cap}<thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(body)}</tbody></table>')


def table(df, columns: dict[str, str] | list[str] | None = None, digits: dict[str, int] | None = None,
          caption: str | None = None, nowrap=()) -> None:
    """Display ``df`` as an escaped HTML table (see :func:`to_html`).

    ``df`` may also be a table view of :mod:`shaoxing.pages` (a ``frame`` with its
    ``columns``, ``digits``, ``caption`` and ``nowrap``).  The output also carries the
    table's numbers for the page's CSV (see :mod:`shaoxing.build.chartdata`).
    """
    if hasattr(df, "frame") and columns is None:
        view = df
        df, columns, digits, caption, nowrap = df.frame, df.columns, df.digits, df.caption, df.nowrap
    else:
        view = None
    data = _data_bundle(lambda: chartdata.frame_payload(df, "table", caption or "", "", headers(df, columns)))
    # a page's table view writes its numbers and identifiers the page's way (see pages.TableView)
    html_text = view.to_html() if view is not None else to_html(df, columns, digits, caption, nowrap)
    _show_bundle(dict({"text/html": html_text}, **data))


def show(fig) -> None:
    """Display a Matplotlib figure as a PNG image and close it (so it is shown once, on any backend)."""
    import base64
    import io

    import matplotlib.pyplot as plt

    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110)
    plt.close(fig)
    from .plots import alt_text

    title = fig._suptitle.get_text() if fig._suptitle is not None else ""
    extra = _data_bundle(lambda: chartdata.figure_payload(fig, getattr(fig, "_shaoxing_lang", "en")))
    png = base64.b64encode(buf.getvalue()).decode("ascii")
    _show_bundle(dict({"image/png": png, "text/plain": f"<Figure: {title}>"}, **extra),
                 {"image/png": {"alt": alt_text(fig)}})  # the chart function's description


# ---- the numbers behind a chart or table travel with it (see shaoxing.build.chartdata)


def _data_bundle(make) -> dict:
    """``{MIME: payload}`` for the page builder's CSV files; empty if the payload cannot be made."""
    try:
        return {chartdata.MIME: make()}
    except Exception:  # the chart or table still shows; only its CSV is missing (the site check says so)
        return {}


def _show_bundle(data: dict, metadata: dict | None = None) -> None:
    from IPython.display import display
    display(data, raw=True, metadata=metadata or {})
