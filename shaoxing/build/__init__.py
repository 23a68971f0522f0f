"""The report builder, one job a module, data flowing one way.

::

    checks    what makes a finished report fail, said in one line
    plan      which reports a run covers (notebooks found, parameters checked)
    state     is a report up to date? (content hashes, build records, atomic writes)
    cjkfont   the WOFF2 subset of the CJK font a page embeds
    page      an executed notebook as a safe, offline HTML page (sanitizing, chrome)
    kernels   fresh kernels for reports, forked from a forkserver that has the libraries
    worker    one report in a worker process: execute, check, write the files
    index     reports/index.html
    run       the batch: worker processes, their supervision, ``build_reports``
    cli       the ``shaoxing-reports`` command

Data flows down the list: a module imports only modules above it.
The public API is re-exported here
(lazily, so importing the package stays cheap) and by :mod:`shaoxing.reports`.
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "Notebook": "plan", "Report": "plan", "Result": "plan", "NotebookDirError": "plan",
    "discover_notebooks": "plan", "plan_reports": "plan", "select_reports": "plan",
    "default_notebook_dir": "plan",
    "output_problems": "checks",
    "sanitize_html": "page", "render_page": "page",
    "font_face_css": "cjkfont", "embed_font": "cjkfont", "FONT_FAMILY_CSS": "cjkfont",
    "build_reports": "run", "DEFAULT_OUT": "run", "DEFAULT_TIMEOUT": "run", "KERNEL_ENV": "run",
    "write_index": "index",
    "main": "cli",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS))
