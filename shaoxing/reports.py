"""Build every report: papermill executes the notebooks, nbconvert turns them into offline HTML.

Command line (``shaoxing-reports``, ``python -m shaoxing.reports``, ``make reports``)::

    shaoxing-reports                          # every notebook, industry and language
    shaoxing-reports --industry textile --lang zh
    shaoxing-reports --notebook plan_overview --force
    shaoxing-reports --list                   # the reports a run would cover, one a line

From Python: ``build_reports(notebooks=None, industries=None, langs=None, jobs=None,
out="reports", force=False, notebook_dir=None, data_dir=None, timeout=600, quiet=False)``
returns one :class:`Result` per report (``status`` "ok", "skipped" or "failed").

What is built.  Every ``notebooks/*.ipynb`` (files starting with ``_`` or ``.`` are
left out).  Its first code cell is tagged ``parameters``; a notebook that declares
``industry`` is built for every industry id of the ``industries`` table, one that
declares ``lang`` for every language in :data:`shaoxing.params.LANGS`; any other
parameter keeps its default.  ``--industry`` keeps only the notebooks that take an
industry (unless ``--notebook`` names others too).

Output (``--out``, default ``reports/``)::

    index.html                          every report, grouped by industry and language,
                                        with its status, build time and links
    <notebook>/<name>.html              the page: self-contained, no request outside itself
    <notebook>/<name>.ipynb             the executed notebook
    <notebook>/<name>.log               the log of the last attempt (cell outputs, traceback)
    <notebook>/<name>.json              the build record: status, times, content hash
    <notebook>/<name>.failed.ipynb      the executed notebook of a failed attempt
    .cache/fonts/                       font subsets already made (safe to delete)

``<name>`` is ``<industry>.<lang>`` (``textile.en``), just ``<lang>`` or ``<industry>``
for a notebook that takes one of the two, or ``report`` for one that takes neither.

Rules the builder keeps:

* Parameters are checked before anything runs: an unknown notebook, industry or
  language exits with status 2, names the valid values and the closest match, and
  writes nothing.
* Reports run in separate worker processes (``--jobs``, default: the CPUs this
  process may use), each report in a fresh kernel; a worker starts its next kernel
  while the current report runs, and on Linux forks it from a server that has the
  common libraries imported (see :mod:`shaoxing.build.kernels`).  Kernels get
  ``MPLBACKEND=Agg``.  A cell that runs longer than ``--timeout`` seconds, or a
  kernel that dies, fails its report.
* A report is up to date when a content hash over its notebook, every file of the
  data folder, the package's code and templates and its parameters equals the hash
  of its last *successful* build; it is then skipped (``--force`` rebuilds it).
* A failed report never replaces an earlier good page: files are written under
  temporary names and renamed on success.  A report also fails when an output
  shows a "Glyph ... missing from font" warning (boxes instead of characters) or a
  Matplotlib figure that came out as text instead of an image.  The run goes on;
  the summary lists each failure with its first error line and its log, and the
  exit status is 1.
* Pages hide all code and prompts, drop cells tagged ``remove-cell`` (and
  ``parameters`` / ``injected-parameters``) and the outputs of ``remove-output``,
  sanitize HTML and Markdown (markup in data shows as text and runs nothing; an
  ``<img>`` or external link inside HTML / Markdown is not kept: show figures as
  image outputs), embed images as data: URLs, load nothing from outside, and embed
  a WOFF2 subset of Noto Sans CJK SC with only the characters the page uses.

The code lives in the :mod:`shaoxing.build` package, one module a job (see its
docstring); this module keeps the command's and the API's old home working.
"""

from __future__ import annotations

import sys

from .build.checks import failing_line as _failing_line, one_line as _one_line, output_problems
from .build.cjkfont import FONT_FAMILY_CSS, embed_font, font_face_css, font_subset
from .build.cli import main
from .build.index import write_index
from .build.kernels import KernelPool
from .build.page import _drop_repeated_title, render_page, sanitize_html
from .build.plan import (Notebook, NotebookDirError, Report, Result, default_notebook_dir,
                         discover_notebooks, plan_reports, select_reports)
from .build.run import DEFAULT_OUT, DEFAULT_TIMEOUT, KERNEL_ENV, build_reports

__all__ = [
    "Notebook",
    "Report",
    "Result",
    "build_reports",
    "discover_notebooks",
    "plan_reports",
    "output_problems",
    "sanitize_html",
    "font_face_css",
    "main",
]

if __name__ == "__main__":
    sys.exit(main())
