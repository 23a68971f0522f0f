"""The ``shaoxing-reports`` command (also ``python -m shaoxing.reports`` and ``make reports``)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Sequence

from .. import __version__
from ..params import LANGS, ParameterError
from .plan import NotebookDirError, parse_param, select_reports
from .run import DEFAULT_OUT, DEFAULT_TIMEOUT, Terminated, build_reports, check_timeout, default_jobs

def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="shaoxing-reports",
        description="Execute the notebooks for every industry and language and write self-contained "
                    "HTML reports with an index (reports/index.html). Up-to-date reports are skipped.",
        epilog="Exit status: 0 all reports ok or up to date; 1 a report failed (or the index could not be "
               "written); 2 a bad parameter or data that cannot be read, nothing built; 130 interrupted; "
               "143 stopped by SIGTERM.")
    p.add_argument("--notebook", nargs="+", metavar="NAME", help="notebooks to build, by file stem "
                   "(e.g. industry_profile); default: every notebook in the notebooks folder")
    p.add_argument("--industry", nargs="+", metavar="ID", help="industry ids (e.g. textile); default: all. "
                   "Without --notebook, only the notebooks that take an industry are built")
    p.add_argument("--lang", nargs="+", metavar="LANG", help=f"languages ({', '.join(LANGS)}); default: all")
    p.add_argument("--jobs", "-j", type=int, metavar="N", help="reports built at once, each in its own "
                   f"process (default: the number of CPUs, here {default_jobs()})")
    p.add_argument("--out", default=DEFAULT_OUT, metavar="DIR", help="output folder (default: reports)")
    p.add_argument("--force", action="store_true", help="rebuild reports that are up to date")
    p.add_argument("--list", action="store_true", help="print the reports a run would cover, one a line, "
                   "and exit")
    p.add_argument("--data-dir", metavar="DIR", help="data folder to use (passed to the kernels as "
                   "SHAOXING_DATA); default: the package's data")
    p.add_argument("--notebook-dir", metavar="DIR", help="folder of the notebooks (default: ./notebooks)")
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, metavar="SECONDS",
                   help=f"longest a single cell may run, more than 0 (default: {DEFAULT_TIMEOUT})")
    p.add_argument("--param", action="append", default=[], metavar="NAME=VALUE",
                   help="another parameter of the notebooks' parameters cell, as a Python literal "
                        "(repeatable), e.g. --param scenario_growth_pct=3; only notebooks that declare it "
                        "are built, each under a file name of its own (textile.en.scenario_growth_pct-3.html)")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar; print only failures")
    p.add_argument("--version", action="version", version=f"shaoxing {__version__}")
    return p


def skip_rfc3987_syntax() -> None:
    """Keep jsonschema from importing ``rfc3987_syntax`` in the builder and its workers.

    nbformat imports jsonschema, which imports ``rfc3987_syntax`` where it is installed
    (JupyterLab's dependencies install it), and that compiles about 40 Lark grammars
    at import: 0.7 s of CPU before the first report can start
    (python-jsonschema/jsonschema#1428).  Only the "iri" formats of jsonschema's
    format checker use it, and nothing the builder validates has them.  Called by the
    command only, before anything imports jsonschema: the kernels are fresh
    interpreters and a program that calls ``build_reports`` keeps its own imports.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)  # None: "import rfc3987_syntax" raises ImportError


def main(argv: Sequence[str] | None = None) -> int:
    """The ``shaoxing-reports`` command; returns the exit status."""
    from ..data import DataError

    skip_rfc3987_syntax()

    args = _parser().parse_args(argv)
    prog = "shaoxing-reports"
    try:
        if args.jobs is not None and args.jobs < 1:
            raise ParameterError(f"--jobs {args.jobs} is not valid: give a whole number of at least 1.")
        try:
            check_timeout(args.timeout)
        except ParameterError:
            raise ParameterError(f"--timeout {args.timeout:g} is not valid: give the seconds a cell may run, "
                                 f"a number greater than 0 (default {DEFAULT_TIMEOUT}).") from None
        params = {}
        for text in args.param:
            name, value = parse_param(text)
            if name in params:
                raise ParameterError(f"--param {name} is given twice.")
            params[name] = value
        if args.list:
            _, reports, _ = select_reports(args.notebook, args.industry, args.lang, args.notebook_dir,
                                           args.data_dir, params)
            for report in reports:
                print(report.key)
            return 0
        start = time.monotonic()
        results = build_reports(args.notebook, args.industry, args.lang, args.jobs, args.out, args.force,
                                args.notebook_dir, args.data_dir, args.timeout, args.quiet, params)
    except (ParameterError, NotebookDirError, DataError) as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except Terminated:
        print(f"{prog}: stopped (SIGTERM); every worker and kernel was stopped", file=sys.stderr)
        return 143
    except KeyboardInterrupt:
        print(f"{prog}: interrupted", file=sys.stderr)
        return 130
    failed = [r for r in results if r.status == "failed"]
    if not args.quiet:
        built = sum(r.status == "ok" for r in results)
        skipped = sum(r.status == "skipped" for r in results)
        index = f"Index: {results.index}" if results.index else "Index not written."
        print(f"{len(results)} reports: {built} built, {skipped} up to date, {len(failed)} failed "
              f"in {time.monotonic() - start:.1f} s. {index}")
    if results.index_error:
        print(f"{prog}: the index could not be written: {results.index_error}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} report{'s' if len(failed) > 1 else ''} failed:", file=sys.stderr)
        for r in failed:
            print(f"  {r.key}: {r.error}\n    log: {r.log}", file=sys.stderr)
        return 1
    return 1 if results.index_error else 0


if __name__ == "__main__":
    sys.exit(main())
