"""What makes a finished report fail, and the one line that says why.

A report fails when a cell raises, and also when an output shows the page would be
wrong although nothing raised (:func:`output_problems`).  :func:`one_line` turns
any failure into the line the summary and the index show.
"""

from __future__ import annotations

import re

__all__ = ["ReportError", "output_problems", "failing_line", "one_line"]

_GLYPH = re.compile(r"Glyph \d+ .*?missing from (?:current )?font")
_FIGURE_TEXT = re.compile(r"^<Figure size \d+(?:\.\d+)?x\d+(?:\.\d+)? with \d+ Axes>$")
_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


def text_of(value) -> str:
    return "".join(value) if isinstance(value, list) else str(value or "")


def output_problems(nb) -> list[str]:
    """Outputs that mean the page is wrong though no cell raised: glyph warnings, figures as text."""
    problems = []
    for number, cell in enumerate(nb.get("cells", []), start=1):
        for out in cell.get("outputs", []) or []:
            data = out.get("data", {}) or {}
            texts = [text_of(out.get("text"))] if out.get("output_type") == "stream" else []
            texts.append(text_of(data.get("text/plain")))
            texts.extend(_ANSI.sub("", text_of(line)) for line in out.get("traceback", []) or [])
            for text in texts:
                for line in text.splitlines():
                    if _GLYPH.search(line):
                        problems.append(f"glyph missing from font in cell {number}: {line.strip()}")
                        break
            plain = text_of(data.get("text/plain")).strip()
            if _FIGURE_TEXT.match(plain) and not any(k.startswith("image/") for k in data):
                problems.append(
                    f"figure shown as text in cell {number} ({plain}): under MPLBACKEND=Agg a notebook "
                    "must display its figures as images (%matplotlib inline, or display a PNG)")
    return problems



class ReportError(Exception):
    """A report that ran but must not be published (the message is its first error line)."""


_CELL_FRAME = re.compile(r"^(?:Cell In\s*\[(\d+)\]|Input In \[(\d+)\]).*?line (\d+)")
_FAILING_LINE = re.compile(r"^-+>\s*(\d+)\s?(.*)$")


def failing_line(traceback_lines) -> tuple[int, str] | None:
    """(line number, code) of the notebook cell's line that raised, from an IPython traceback."""
    lines = _ANSI.sub("", "\n".join(text_of(t) for t in traceback_lines or [])).splitlines()
    for i, line in enumerate(lines):
        if _CELL_FRAME.match(line.strip()):
            for after in lines[i + 1:]:
                m = _FAILING_LINE.match(after.strip())
                if m:
                    return int(m.group(1)), m.group(2).strip()
                if _CELL_FRAME.match(after.strip()) or after.startswith(("File ", "  File ")):
                    break
            break
    return None


def one_line(exc: BaseException) -> str:
    """The error a batch user sees in the summary and the index: one line, at most 300 characters.

    For an error in a notebook: the exception and its message (or, for a message of
    several lines such as a table, how many lines it has: the log holds it), the cell's
    execution count as shown in the executed notebook, and the line of the cell that
    raised, e.g. ``AssertionError (message of 3 lines, see the log) in cell [12],
    line 4: assert checks["ok"].all(), checks[~checks["ok"]]``.
    """
    from papermill.exceptions import PapermillExecutionError

    if isinstance(exc, PapermillExecutionError):
        evalue = [ln for ln in _ANSI.sub("", str(exc.evalue or "")).strip().splitlines() if ln.strip()]
        if len(evalue) == 1:
            text = f"{exc.ename}: {evalue[0].strip()}"
        elif evalue:
            text = f"{exc.ename} (message of {len(evalue)} lines, see the log)"
        else:
            text = exc.ename
        where = []
        if exc.exec_count is not None:
            where.append(f"cell [{exc.exec_count}]")
        failing = failing_line(exc.traceback)
        if failing is not None:
            where.append(f"line {failing[0]}: {failing[1]}")
        tail = " in " + ", ".join(where) if where else ""
        if len(text) + len(tail) > 300:  # keep where it failed; shorten the message
            text = text[:max(80, 297 - len(tail))].rstrip() + "..."
        text += tail
    elif isinstance(exc, ReportError):
        text = str(exc)
    else:
        lines = [ln for ln in _ANSI.sub("", str(exc)).splitlines() if ln.strip()]
        text = f"{type(exc).__name__}: {lines[0].strip()}" if lines else type(exc).__name__
    return text if len(text) <= 300 else text[:297] + "..."


