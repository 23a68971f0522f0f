"""How much faster the report builder is than running papermill and nbconvert by hand.

Builds the same reports two ways, one after the other on this machine, into a
temporary folder:

* the builder: ``shaoxing.reports.build_reports(..., force=True, jobs=<CPUs>)`` in this
  process (``--cli``: through ``python -m shaoxing.reports --force``, interpreter start
  and imports included);
* the naive way: for each report, the ``papermill`` command line, then
  ``jupyter nbconvert --to html --no-input``, one report after another.

By default the four key industries' profiles in English (textile, chemical,
metal, huangjiu); ``--all`` also times the full default set (every notebook,
industry and language) with the builder.  Prints both times and the ratio, then
the CPU seconds each report of the builder's last run cost, by phase: starting its
kernel (after the fork, or the whole start without the fork server), executing the
notebook (the kernel and the worker driving it) and writing the page.

    python benchmarks/bench_reports.py            # or: make bench
    python benchmarks/bench_reports.py --all
    python benchmarks/bench_reports.py --industry textile pearl --lang zh
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # papermill and jupyter of this environment


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:
        return os.cpu_count() or 1


def _tool(name: str) -> str:
    path = BIN / name
    return str(path) if path.exists() else (shutil.which(name) or name)


def naive(notebook: Path, reports: list[dict], out: Path, env: dict) -> tuple[float, int]:
    """papermill CLI then nbconvert CLI, for each report in turn; (seconds, failures)."""
    out.mkdir(parents=True)
    failures = 0
    start = time.perf_counter()
    for params in reports:
        name = ".".join(params.values()) or "report"
        executed = out / f"{name}.ipynb"
        args = [_tool("papermill"), str(notebook), str(executed), "--kernel", "python3",
                "--cwd", str(notebook.parent), "--no-progress-bar"]
        for key, value in params.items():
            args += ["-p", key, value]
        run = subprocess.run(args, env=env, capture_output=True, text=True)
        if run.returncode == 0:
            run = subprocess.run([_tool("jupyter"), "nbconvert", "--to", "html", "--no-input",
                                  str(executed)], env=env, capture_output=True, text=True)
        if run.returncode != 0:
            failures += 1
            print(f"  naive: {name} failed: {(run.stderr.strip().splitlines() or ['?'])[-1]}",
                  file=sys.stderr)
    return time.perf_counter() - start, failures


def builder(out: Path, jobs: int, cli: bool = False, **selection) -> tuple[float, list[str]]:
    """Time the builder with force; (seconds, failures as "key: error" lines).

    By default ``build_reports()`` in this process (a fresh output folder and no font
    subsets in memory, so nothing is reused between runs); ``cli`` runs
    ``python -m shaoxing.reports`` instead, interpreter start and imports included.
    """
    from shaoxing.build import cjkfont
    from shaoxing.reports import build_reports

    if not cli:
        cjkfont._SUBSETS.clear()
        start = time.perf_counter()
        results = build_reports(out=out, force=True, jobs=jobs, quiet=True, **selection)
        return time.perf_counter() - start, [f"{r.key}: {r.error}" for r in results if r.status == "failed"]
    args = [sys.executable, "-m", "shaoxing.reports", "--force", "-q", "--jobs", str(jobs), "--out", str(out)]
    for option, key in (("--notebook", "notebooks"), ("--industry", "industries"), ("--lang", "langs")):
        if selection.get(key):
            args += [option, *selection[key]]
    if selection.get("notebook_dir"):
        args += ["--notebook-dir", str(selection["notebook_dir"])]
    start = time.perf_counter()
    run = subprocess.run(args, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    failures = [ln.strip() for ln in run.stderr.splitlines() if ln.startswith("  ") and ": " in ln
                and not ln.strip().startswith("log:")]
    if run.returncode not in (0, 1):
        failures.append(f"exit status {run.returncode}: {run.stderr.strip()[-300:]}")
    return seconds, failures


PHASES = ("kernel_start", "execution", "page")


def cpu_by_phase(out: Path) -> list[tuple[str, dict]]:
    """(report, CPU seconds by phase) from the build records the builder wrote under ``out``."""
    import json

    rows = []
    for record in sorted(out.glob("*/*.json")):
        try:
            meta = json.loads(record.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(meta, dict) and isinstance(meta.get("cpu"), dict) and meta.get("status") == "ok":
            rows.append((str(meta.get("report")), meta["cpu"]))
    return rows


def print_cpu(out: Path, title: str) -> None:
    rows = cpu_by_phase(out)
    if not rows:
        print(f"{title}: no CPU figures (the fork server was not used?)")
        return
    width = max(len(k) for k, _ in rows) + 2
    print(f"{title}: CPU seconds per report by phase")
    print("  " + "report".ljust(width) + "".join(p.rjust(14) for p in PHASES) + "total".rjust(10))
    totals = dict.fromkeys(PHASES, 0.0)
    for key, cpu in rows:
        values = [cpu.get(p) for p in PHASES]
        for p, v in zip(PHASES, values):
            totals[p] += v or 0.0
        total = sum(v or 0.0 for v in values)
        print("  " + key.ljust(width) + "".join(("%.2f" % v if v is not None else "-").rjust(14) for v in values)
              + f"{total:10.2f}")
    n = len(rows)
    print("  " + "mean".ljust(width) + "".join(f"{totals[p] / n:14.2f}" for p in PHASES)
          + f"{sum(totals.values()) / n:10.2f}")


def _warm_up(env: dict) -> None:
    """Load the libraries once so that neither way pays for a cold disk cache."""
    subprocess.run([sys.executable, "-c", "import pandas, matplotlib.pyplot, seaborn, papermill, nbconvert"],
                   env=env, capture_output=True)


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--notebook", default="industry_profile", help="notebook stem (default: industry_profile)")
    p.add_argument("--industry", nargs="+", default=["textile", "chemical", "metal", "huangjiu"])
    p.add_argument("--lang", nargs="+", default=["en"])
    p.add_argument("--jobs", type=int, default=_cpus(), help="builder workers (default: the CPUs)")
    p.add_argument("--notebook-dir", default=str(ROOT / "notebooks"))
    p.add_argument("--all", action="store_true", help="also time the full default set with the builder")
    p.add_argument("--cli", action="store_true",
                   help="time the builder through its command line (python -m shaoxing.reports) "
                        "instead of build_reports() in this process")
    p.add_argument("--repeat", type=int, default=1, metavar="N",
                   help="time each way N times and keep the best (a shared machine is noisy)")
    p.add_argument("--keep", action="store_true", help="keep the output folder and print where it is")
    args = p.parse_args(argv)

    from shaoxing.build.cli import skip_rfc3987_syntax

    skip_rfc3987_syntax()  # as the shaoxing-reports command does, for build_reports() in this process
    notebook = Path(args.notebook_dir) / f"{args.notebook}.ipynb"
    if not notebook.is_file():
        print(f"bench_reports: {notebook} does not exist (yet)", file=sys.stderr)
        return 2
    from shaoxing import reports as sxr

    nb_info = sxr.discover_notebooks(args.notebook_dir)[args.notebook]
    selected = sxr.plan_reports({nb_info.name: nb_info}, [nb_info.name],
                                args.industry if nb_info.takes_industry else None,
                                args.lang if nb_info.takes_lang else None)
    params = [r.parameters for r in selected]
    env = dict(os.environ, **sxr.KERNEL_ENV)
    tmp = Path(tempfile.mkdtemp(prefix="shaoxing-bench-"))
    try:
        _warm_up(env)
        label = ", ".join(r.name for r in selected)
        print(f"{len(selected)} reports of {args.notebook} ({label}) on {_cpus()} CPUs")
        best_builder = best_naive = float("inf")
        for run in range(max(1, args.repeat)):
            t_builder, failed = builder(tmp / f"builder{run}", args.jobs, args.cli,
                                        notebooks=[args.notebook],
                                        industries=args.industry if nb_info.takes_industry else None,
                                        langs=args.lang if nb_info.takes_lang else None,
                                        notebook_dir=args.notebook_dir)
            how = "shaoxing-reports" if args.cli else "build_reports"
            print(f"  builder ({how}, jobs={args.jobs}):".ljust(36) + f"{t_builder:6.1f} s"
                  + (f"  ({len(failed)} failed)" if failed else ""))
            for line in failed:
                print(f"    {line}", file=sys.stderr)
            t_naive, naive_failed = naive(notebook, params, tmp / f"naive{run}", env)
            print("  naive (papermill + nbconvert CLI):".ljust(36) + f"{t_naive:6.1f} s"
                  + (f"  ({naive_failed} failed)" if naive_failed else ""))
            best_builder, best_naive = min(best_builder, t_builder), min(best_naive, t_naive)
        print_cpu(tmp / f"builder{max(1, args.repeat) - 1}", "builder")
        best = " (best of each)" if args.repeat > 1 else ""
        print(f"  ratio{best}: {best_naive:.1f} s / {best_builder:.1f} s, "
              f"the builder is {best_naive / best_builder:.1f}x faster")
        if args.all:
            count = len(sxr.plan_reports(sxr.discover_notebooks(args.notebook_dir)))
            t_all, failed = builder(tmp / "all", args.jobs, args.cli, notebook_dir=args.notebook_dir)
            print(f"full default set, builder (jobs={args.jobs}): {count} reports in {t_all:.1f} s"
                  + (f", {len(failed)} failed" if failed else ""))
            for line in failed:
                print(f"    {line}", file=sys.stderr)
            print_cpu(tmp / "all", "full default set")
            again = time.perf_counter()
            run = subprocess.run([sys.executable, "-m", "shaoxing.reports", "-q", "--out", str(tmp / "all"),
                                  "--notebook-dir", str(args.notebook_dir)], capture_output=True, text=True)
            print(f"second run, nothing changed: {time.perf_counter() - again:.1f} s (exit status "
                  f"{run.returncode})")
    finally:
        if args.keep:
            print(f"output kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
