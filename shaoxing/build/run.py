"""The batch: worker processes, their supervision, and :func:`build_reports`.

Reports run in separate worker processes (``jobs``, default: the CPUs this process
may use), each report in a fresh kernel; a worker starts its next kernel while the
current report runs, and on Linux forks it from a forkserver that has the common
libraries imported (see :mod:`shaoxing.build.kernels`).  Kernels get
``MPLBACKEND=Agg``.  A cell that runs longer than ``timeout`` seconds, or a kernel
that dies, fails its report; the run goes on.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence

from ..params import ParameterError
from .state import inputs_digest, report_hash, up_to_date
from .cjkfont import embed_font
from .index import INDEX_MARK, index_html, industry_names, write_index
from . import sources
from .page import page_info, write_sources
from .plan import Result, select_reports
from .worker import warm_up, worker_main

DEFAULT_OUT = "reports"
DEFAULT_TIMEOUT = 600  # seconds a single cell may run
# Headless Matplotlib in every kernel.  Under Agg a notebook must put its figures
# into the output itself (`%matplotlib inline`, or display a PNG); a figure that
# comes out as text is reported as a failure (see checks.output_problems).
KERNEL_ENV = {"MPLBACKEND": "Agg", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

class Terminated(KeyboardInterrupt):
    """The builder was asked to stop (SIGTERM); its workers and their kernels are stopped first."""


@contextlib.contextmanager
def _sigterm_stops_the_run():
    """While the block runs, SIGTERM raises :class:`Terminated` (main thread only), so that the
    ``finally`` clauses stop every worker and kernel instead of leaving them running."""
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def stop(signum, frame):
        raise Terminated(f"stopped by signal {signum}")

    old = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def run_workers(tasks: list[dict], jobs: int, env: dict, cwd: str, on_done,
                background=None) -> dict[str, dict]:
    """Run ``tasks`` in ``jobs`` worker processes; call ``on_done(result)`` as each finishes.

    ``background``, if given, runs in a thread of this process once the workers have
    started (never while a worker is being forked).  No other thread of this module
    runs when a worker is forked: workers take their tasks by index from the list
    they inherit (no queue feeder thread), and the progress bar has no monitor thread.
    Every process started for the run carries ``MARK=<run id>`` in its environment
    and is killed at the end, whatever happened to the worker that started it.
    """
    import threading
    import uuid

    from .kernels import MARK, kill_marked

    # fork on Linux: workers start at once with papermill and nbconvert already imported;
    # spawn elsewhere (fork is unsafe on macOS and absent on Windows)
    ctx = multiprocessing.get_context("fork" if sys.platform.startswith("linux") else "spawn")
    run_id = f"run-{uuid.uuid4().hex}"
    env = dict(env, **{MARK: run_id})
    taken = ctx.Value("i", 0)
    result_q = ctx.Queue()
    ipc_dir = None
    workers: list = []
    helper = None
    try:
        # the kernels' Unix sockets (see KernelPool), removed at the end even if a worker was killed
        ipc_dir = tempfile.mkdtemp(prefix="shaoxing-kernels-") if os.name == "posix" else None
        # on Linux, each worker forks its kernels from a forkserver that has imported the common
        # libraries (see shaoxing.build.kernels)
        fork = ctx.get_start_method() == "fork" and _fork_kernels(ipc_dir)
        if ctx.get_start_method() == "fork":
            warm_up()  # once here rather than in every worker: forked workers inherit it
        jobs = max(1, min(jobs, len(tasks)))

        def spawn():
            proc = ctx.Process(target=worker_main, daemon=False,
                               args=(tasks, taken, result_q, env, cwd, ipc_dir, fork))
            proc.start()
            return proc

        workers.extend(spawn() for _ in range(jobs))
        if background is not None:
            helper = threading.Thread(target=background, name="shaoxing-reports-background", daemon=True)
            helper.start()
        pending = {t["key"] for t in tasks}
        logs = {t["key"]: t["files"]["log"] for t in tasks}
        running: dict[int, str] = {}
        done: dict[str, dict] = {}
        respawns = 0

        def finish(res):
            done[res["key"]] = res
            pending.discard(res["key"])
            on_done(res)

        def handle(msg) -> None:
            if msg[0] == "start":
                running[msg[2]] = msg[1]
            elif msg[0] == "done":
                for pid in [pid for pid, k in running.items() if k == msg[1]["key"]]:
                    del running[pid]
                finish(msg[1])

        while pending:
            try:
                handle(result_q.get(timeout=0.5))
                continue
            except queue.Empty:
                pass
            if any(proc.exitcode is not None for proc in workers):
                # what an ended worker sent last may still be on its way: read it first
                with contextlib.suppress(queue.Empty):
                    while True:
                        handle(result_q.get(timeout=0.2))
            for proc in list(workers):  # a worker that died in the middle of a report
                if proc.exitcode is None:
                    continue
                workers.remove(proc)
                key = running.pop(proc.pid, None)
                if key in pending:
                    finish({"key": key, "status": "failed", "duration": 0.0, "built_at": None,
                            "html": None, "log": _keep_log(logs[key], proc.pid),
                            "error": f"worker process died (exit code {proc.exitcode})"})
                if proc.exitcode != 0 and pending and respawns < len(tasks):
                    if helper is not None:
                        helper.join()  # no fork while another thread runs
                    respawns += 1
                    workers.append(spawn())
            if pending and not workers:
                for key in sorted(pending):
                    finish({"key": key, "status": "failed", "duration": 0.0, "built_at": None,
                            "html": None, "log": None, "error": "not run: the worker processes died"})
        for proc in workers:
            proc.join(timeout=30)
        if helper is not None:
            helper.join()
    finally:
        lock = taken.get_lock()
        if lock.acquire(timeout=1):  # no worker takes another report (one that died may hold it)
            try:
                taken.value = len(tasks)
            finally:
                lock.release()
        for proc in workers:
            if proc.is_alive():
                proc.terminate()
        for proc in workers:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.kill()
                proc.join(timeout=5)
        if sys.platform.startswith("linux"):
            kill_marked(run_id, prefix=True)  # whatever a killed worker's kernels left behind
        if ipc_dir is not None:
            shutil.rmtree(ipc_dir, ignore_errors=True)
    return done


def _in_child(work) -> int | None:
    """Run ``work()`` in a child process forked now; its pid, or None where that is not done.

    Only on Linux, and only while this process runs no other thread (the builder has
    none before its workers start).  The child exits 0 if ``work()`` returned true, and
    gets SIGTERM if the builder dies first.
    """
    import threading

    if not sys.platform.startswith("linux") or threading.active_count() > 1:
        return None
    try:
        pid = os.fork()
    except OSError:
        return None
    if pid:
        return pid
    code = 1
    try:
        from .worker import _die_with_parent

        _die_with_parent()
        code = 0 if work() else 1
    finally:
        os._exit(code)


def _child_succeeded(pid: int) -> bool:
    """Wait for the child ``pid`` (of :func:`_in_child`) to end; whether it exited 0."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return False
    return os.waitstatus_to_exitcode(status) == 0


def _keep_log(log: str, pid: int) -> str | None:
    """The log of a report whose worker died: what it had written so far (its temporary file)."""
    from .worker import tmp_name

    partial = tmp_name(Path(log), pid)
    with contextlib.suppress(OSError):
        if partial.is_file() and not partial.is_symlink():
            os.replace(partial, log)
    return log if os.path.isfile(log) else None


def _fork_kernels(ipc_dir: str | None) -> bool:
    """Whether workers fork their kernels (see :mod:`shaoxing.build.kernels`)."""
    from .kernels import fork_supported

    return ipc_dir is not None and fork_supported() and not os.environ.get("SHAOXING_NO_FORK_SERVER")


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # pragma: no cover - not on Linux
        return os.cpu_count() or 1



class Results(list):
    """The :class:`Result` of every report, in plan order; ``index`` is the index page written
    (None if it could not be, ``index_error`` then says why)."""

    index: Path | None = None
    index_error: str | None = None


def check_timeout(timeout) -> float | None:
    """``timeout`` if it is a positive number of seconds (or None: no limit); else ParameterError."""
    if timeout is None:
        return None
    if isinstance(timeout, bool) or not isinstance(timeout, (int, float)) or not timeout > 0 \
            or timeout != timeout or timeout == float("inf"):
        raise ParameterError(f"timeout={timeout!r} is not valid: give the seconds a cell may run, "
                             "a number greater than 0 (e.g. 600).")
    return timeout


# files a project folder has; a folder holding one is not an output folder
_PROJECT_MARKERS = (".git", "pyproject.toml", "setup.py", "setup.cfg")


def check_out(out: Path) -> Path:
    """Refuse an output folder whose contents the builder would mix with others' files.

    ``/``, the home folder and a project's root (a folder with ``.git`` or
    ``pyproject.toml``, such as this repository's) are refused unless empty or
    already a reports folder (one with an ``index.html`` this builder wrote).
    """
    path = Path(out).expanduser()
    try:
        resolved = path.resolve()
    except (OSError, RuntimeError) as exc:
        raise ParameterError(f"--out {str(out)!r} is not a usable folder: {exc}") from None
    if resolved.exists() and not resolved.is_dir():
        raise ParameterError(f"--out {str(out)!r} is a file, not a folder.")
    if not resolved.is_dir():
        return path
    risky = (resolved == Path(resolved.anchor) or resolved == Path.home().resolve()
             or any((resolved / m).exists() for m in _PROJECT_MARKERS))
    if not risky:
        return path
    try:
        empty = not any(resolved.iterdir())
    except OSError:
        empty = False
    if empty or is_reports_folder(resolved):
        return path
    raise ParameterError(
        f"--out {str(out)!r} is {'the root folder' if resolved == Path(resolved.anchor) else 'a project or home folder'}"
        " and holds other files: the reports would be mixed with them. Give an empty folder or a reports "
        "folder (default: reports).")


def is_reports_folder(folder: Path) -> bool:
    """A folder this builder has written to: its index.html says so."""
    try:
        with open(folder / "index.html", "rb") as f:
            return INDEX_MARK.encode() in f.read(4096)
    except OSError:
        return False


def build_reports(notebooks: Sequence[str] | None = None, industries: Sequence[str] | None = None,
                  langs: Sequence[str] | None = None, jobs: int | None = None,
                  out: str | os.PathLike = DEFAULT_OUT, force: bool = False,
                  notebook_dir: str | os.PathLike | None = None,
                  data_dir: str | os.PathLike | None = None, timeout: float | None = DEFAULT_TIMEOUT,
                  quiet: bool = False, params: dict | None = None) -> Results:
    """Build the chosen reports into ``out`` and rewrite ``out/index.html``; one Result per report.

    ``None`` means "all" for notebooks, industries and langs.  ``params`` gives other
    parameters of the notebooks (checked against their parameters cells).  Raises
    ParameterError (before anything is written) for an unknown notebook, industry,
    language or parameter, a timeout that is not a positive number, or an output
    folder that is not safe to write to; DataError for data that cannot be read.
    ``data_dir`` is passed to the kernels as ``SHAOXING_DATA``.
    """
    run_start = time.monotonic()
    timeout = check_timeout(timeout)
    if jobs is not None and (isinstance(jobs, bool) or not isinstance(jobs, int) or jobs < 1):
        raise ParameterError(f"jobs={jobs!r} is not valid: give a whole number of at least 1.")
    available, reports, data = select_reports(notebooks, industries, langs, notebook_dir, data_dir, params)
    out = check_out(Path(out))
    common = inputs_digest(data)
    cache: dict = {}
    names = industry_names(data)
    try:  # issue 14: the sources page's line anchors, for the plan-line links of every page
        cited = sources.collect(data)
    except Exception:  # an unreadable data package fails the reports themselves, with a clear error
        cited = []
    lines = (sources.anchors(cited), sources.spans(cited))
    results: dict[str, Result] = {}
    tasks = []
    for report in reports:
        files = report.files(out)
        digest = report_hash(report, common, cache)
        success = None if force else up_to_date(files, digest)
        if success is not None:
            results[report.key] = Result(report.key, report.notebook.name, report.name, report.industry,
                                         report.lang, "skipped", 0.0, success.get("built_at"),
                                         str(files["html"]), str(files["log"]) if files["log"].is_file()
                                         else None, params=report.extra)
            continue
        tasks.append({
            "key": report.key, "notebook": report.notebook.name,
            "notebook_path": str(report.notebook.path), "notebook_error": report.notebook.error,
            "parameters": report.parameters, "hash": digest,
            "files": {k: str(v) for k, v in files.items()}, "page": page_info(report, names, lines),
            "cache_dir": str(out / ".cache" / "fonts"), "timeout": timeout,
        })
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ParameterError(f"cannot create the output folder {str(out)!r}: {exc.strerror or exc}") from None
    if tasks:
        jobs = jobs or default_jobs()
        n_workers = max(1, min(jobs, len(tasks)))
        for i, task in enumerate(tasks):
            task["prefetch"] = i < len(tasks) - n_workers
        env = dict(os.environ, **KERNEL_ENV)
        if data_dir is not None:
            env["SHAOXING_DATA"] = str(data)
        by_key = {r.key: r for r in reports}
        import tqdm as _tqdm

        _tqdm.tqdm.monitor_interval = 0  # no monitor thread: workers are forked from this process
        bar = _tqdm.tqdm(total=len(tasks), desc="reports", unit="report", file=sys.stderr, disable=quiet,
                         dynamic_ncols=True, leave=True)

        def on_done(res):
            report = by_key[res["key"]]
            results[report.key] = Result(report.key, report.notebook.name, report.name, report.industry,
                                         report.lang, res["status"], res["duration"], res["built_at"],
                                         res["html"], res["log"], res["error"], res.get("cpu") or {},
                                         report.extra)
            if res["status"] == "failed" and not quiet:
                bar.write(f"failed: {res['key']}: {res['error']}", file=sys.stderr)
            bar.set_postfix_str(res["key"], refresh=False)
            bar.update(1)

        sources_written = []

        def site_pages() -> bool:
            """The index's font subset (with the base font, cut once) and the sources pages; True if
            the sources pages were written (or there are none)."""
            with contextlib.suppress(Exception):
                embed_font(index_html(out, available, data, [], names, None, common),
                           out / ".cache" / "fonts")
            try:
                if cited:
                    write_sources(out, data, cited)
                return True
            except Exception:
                return False

        # made while the workers start: in a child process now, on the core the builder leaves idle
        # while it prepares the workers (Linux), else in a thread of this process once they run;
        # warmed first, so that the child and the workers inherit the libraries it loads
        if sys.platform.startswith("linux"):
            warm_up()
        early = _in_child(site_pages)

        def background():
            if site_pages():
                sources_written.append(True)

        try:
            with _sigterm_stops_the_run():
                run_workers(tasks, n_workers, env, str(reports[0].notebook.path.parent), on_done,
                            background=None if early is not None else background)
        finally:
            bar.close()
            if early is not None and _child_succeeded(early):
                sources_written.append(True)
    else:
        sources_written = []
    ordered = Results(results[r.key] for r in reports)
    try:
        if cited and not sources_written:  # not written while the reports ran (none ran, or it failed)
            write_sources(out, data, cited)
        ordered.index = write_index(out, available, data, ordered, names, time.monotonic() - run_start, common)
    except OSError as exc:  # a full disk, a read-only folder: the reports' results still stand
        ordered.index_error = f"{exc.strerror or exc} ({getattr(exc, 'filename', None) or out})"
    return ordered
