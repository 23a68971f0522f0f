"""One report in a worker process: execute the notebook in a fresh kernel, check it, write its files.

A failed report never replaces an earlier good page: files are written under
temporary names and renamed on success.
"""

from __future__ import annotations

import contextlib
import gc
import json
import logging
import os
import signal
import sys
import time
import traceback
from pathlib import Path

from .. import __version__
from .._timelimit import TimeLimitExceeded, time_limit
from . import chartdata
from .checks import ReportError, one_line, output_problems
from .kernels import ENGINE, KERNEL_NAME, MARK, KernelPool, cpu_seconds, kill_marked, register_engine
from .page import footer, render_page, exporter, sanitize_html, utc_now
from .state import file_sha256, last_success, read_meta, write_atomic

@contextlib.contextmanager
def _output_to(log):
    """Send this process's stdout / stderr (fd 1 and 2) and papermill's log to ``log``."""
    sys.stdout.flush()
    sys.stderr.flush()
    saved = os.dup(1), os.dup(2)
    os.dup2(log.fileno(), 1)
    os.dup2(log.fileno(), 2)
    logger = logging.getLogger("papermill")
    handler = logging.StreamHandler(log)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%H:%M:%S"))
    old = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old[0])
        logger.propagate = old[1]
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        log.flush()
        os.dup2(saved[0], 1)
        os.dup2(saved[1], 2)
        os.close(saved[0])
        os.close(saved[1])


# Bounds on a page: its outputs (text, HTML, images) and the time to turn them into HTML.
# A notebook that prints a 100,000-row table would otherwise take minutes and gigabytes.
MAX_OUTPUT_BYTES = 40 * 1024 * 1024
PAGE_SECONDS = 120


def output_bytes(nb) -> int:
    """Characters of all the outputs of a notebook (what a page would have to hold)."""
    total = 0
    for cell in nb.get("cells", []):
        for out in cell.get("outputs", []) or []:
            for value in [out.get("text")] + list((out.get("data") or {}).values()):
                if isinstance(value, list):
                    total += sum(len(str(v)) for v in value)
                elif value is not None:
                    total += len(value) if isinstance(value, str) else len(str(value))
    return total


def bounded_page(nb, page: dict, cache_dir: Path, seconds: float | None = None,
                 max_bytes: int | None = None) -> str:
    """:func:`render_page`, refused for outputs over ``max_bytes`` and stopped after ``seconds``
    (default: :data:`MAX_OUTPUT_BYTES`, :data:`PAGE_SECONDS`)."""
    seconds = PAGE_SECONDS if seconds is None else seconds
    max_bytes = MAX_OUTPUT_BYTES if max_bytes is None else max_bytes
    size = output_bytes(nb)
    if size > max_bytes:
        raise ReportError(f"the notebook's outputs are {size / 2**20:.0f} MB, more than a page may hold "
                          f"({max_bytes / 2**20:.0f} MB): show a summary or the first rows, not the whole table")
    try:
        with time_limit(seconds):
            return render_page(nb, page, cache_dir)
    except TimeLimitExceeded:
        raise ReportError(f"writing the page took longer than {seconds:g} s (outputs of {size / 2**20:.1f} MB): "
                          "show a summary or the first rows, not the whole table") from None


def tmp_name(path: Path, pid: int | None = None) -> Path:
    """The temporary name a worker writes ``path`` under (same folder, so a rename is atomic)."""
    return path.with_name(f".{path.stem}.{pid or os.getpid()}.tmp{path.suffix}")


def _kernel_pid(kernel) -> int | None:
    with contextlib.suppress(Exception):
        return kernel[0].provisioner.pid
    return None


def _build_one(task: dict, kernels: KernelPool) -> dict:
    """Execute one notebook, export its page, keep the earlier page on failure; return a Result dict.

    Every file is written under a temporary name and renamed into place, the log
    too: nothing is opened through a symlink or FIFO planted at a final name.  A
    storage fault (full disk, read-only folder) fails the report: its temporary
    files are removed and the earlier page and log are kept.
    """
    files = {k: Path(v) for k, v in task["files"].items()}
    tmp = {k: tmp_name(files[k]) for k in ("ipynb", "html", "log")}
    started, clock = utc_now(), time.monotonic()
    cpu: dict[str, float] = {}
    error = None
    log_ok = False
    try:
        files["html"].parent.mkdir(parents=True, exist_ok=True)
        tmp["log"].unlink(missing_ok=True)  # a stale one of an earlier worker with this pid
        fd = os.open(tmp["log"], os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        with open(fd, "w", encoding="utf-8", buffering=1) as log:
            error = _execute(task, kernels, files, tmp, log, started, clock, cpu)
            log.write(f"\n{'failed' if error else 'ok'} after {time.monotonic() - clock:.1f} s\n")
        log_ok = True
    except Exception as exc:  # the builder could not write (disk full, read-only, ...)
        error = error or f"builder error: {one_line(exc)}"
    finally:
        if log_ok:
            with contextlib.suppress(OSError):
                os.replace(tmp["log"], files["log"])
        for path in tmp.values():
            with contextlib.suppress(OSError):
                path.unlink(missing_ok=True)
    duration = time.monotonic() - clock
    previous = last_success(read_meta(files["meta"]))
    page_hash = None
    if error is None:
        try:
            page_hash = file_sha256(files["html"])
        except OSError as exc:
            error = f"builder error: {one_line(exc)}"
    success = ({"hash": task["hash"], "built_at": started, "duration": round(duration, 3),
                "page_sha256": page_hash} if error is None else previous)
    record = {
        "report": task["key"], "notebook": task["notebook"], "parameters": task["parameters"],
        "status": "failed" if error else "ok", "attempted_at": started, "duration": round(duration, 3),
        "hash": task["hash"], "error": error, "version": __version__, "cpu": cpu,
        "last_success": success,
    }
    try:
        write_atomic(files["meta"], json.dumps(record, indent=2, ensure_ascii=False) + "\n")
    except OSError as exc:
        if error is None:
            error = f"builder error: cannot write the build record: {one_line(exc)}"
            success = previous
    return {
        "key": task["key"], "status": "failed" if error else "ok", "duration": duration, "error": error,
        "built_at": (success or {}).get("built_at"), "cpu": cpu,
        "html": str(files["html"]) if files["html"].is_file() else None,
        "log": str(files["log"]) if files["log"].is_file() else None,
    }


def _execute(task: dict, kernels: KernelPool, files: dict, tmp: dict, log, started: str, clock: float,
             cpu: dict) -> str | None:
    """Run the report, writing its log to ``log``; return its error line or None."""
    import papermill

    log.write(f"report {task['key']}  parameters {json.dumps(task['parameters'], ensure_ascii=False)}\n"
              f"notebook {task['notebook_path']}\nstarted {started}  shaoxing {__version__}  "
              f"hash {task['hash']}\n\n")
    error = None
    kernel = None
    with _output_to(log):
        try:
            if task.get("notebook_error"):
                raise ReportError(task["notebook_error"])
            kernel = kernels.take()
            pid = _kernel_pid(kernel)
            provisioner = kernel[0].provisioner  # jupyter_client drops it when the kernel is shut down
            at_start = cpu_seconds(pid)
            if at_start is not None:
                cpu["kernel_start"] = round(at_start, 3)
            if task.get("prefetch"):
                kernels.prefetch()
            mine = time.process_time()
            nb = papermill.execute_notebook(
                task["notebook_path"], str(tmp["ipynb"]), parameters=task["parameters"],
                engine_name=ENGINE, kernel_name=KERNEL_NAME, km=kernel[0], progress_bar=False,
                log_output=True, request_save_on_cell_execute=False, start_timeout=120,
                execution_timeout=task.get("timeout"))
            at_end = getattr(provisioner, "cpu_at_end", None)
            if at_start is not None and at_end is not None:  # forked kernels: read as it is killed
                cpu["execution"] = round(time.process_time() - mine + at_end - at_start, 3)
            executed = time.monotonic()
            log.write(f"executed in {executed - clock:.2f} s\n")
            problems = output_problems(nb)
            if problems:
                for p in problems:
                    log.write(f"ERROR {p}\n")
                raise ReportError(problems[0] + (f" (and {len(problems) - 1} more, see the log)"
                                                  if len(problems) > 1 else ""))
            mine = time.process_time()
            page = dict(task["page"], footer=footer(task["page"], started))
            csv_files = chartdata.extract(nb, files["html"].stem, task["page"].get("lang", "en"))  # issue 14
            html = bounded_page(nb, page, Path(task["cache_dir"]))
            write_atomic(tmp["html"], html)
            cpu["page"] = round(time.process_time() - mine, 3)
            log.write(f"page written in {time.monotonic() - executed:.2f} s\n")
            os.replace(tmp["ipynb"], files["ipynb"])
            os.replace(tmp["html"], files["html"])
            chartdata.write_files(files["html"].parent / f"{files['html'].stem}.data", csv_files)  # issue 14
            with contextlib.suppress(OSError):  # the page is published; a stale failed copy may stay
                files["failed"].unlink(missing_ok=True)
        except Exception as exc:
            error = one_line(exc)
            log.write(f"\nFAILED: {error}\n\n")
            traceback.print_exc(file=log)
            if tmp["ipynb"].exists():
                with contextlib.suppress(OSError):
                    os.replace(tmp["ipynb"], files["failed"])
        finally:
            if kernel is not None:
                kernel_output = KernelPool.stop(kernel)
                if kernel_output.strip():
                    log.write(f"\n--- kernel stdout / stderr ---\n{kernel_output}")
    return error


_WARM = False


def warm_up() -> None:
    """Compile the page template and load the font subsetter (once a process: a forked worker inherits it)."""
    global _WARM
    if _WARM:
        return
    _WARM = True
    import nbformat
    import fontTools.subset  # noqa: F401

    page = {"html_lang": "en", "page_title": "", "heading": "", "plan": "", "plan_alt": "",
            "plan_alt_lang": "zh-CN", "params": [], "back_href": "", "labels": {"back": ""},
            "version": __version__, "footer": []}
    with contextlib.suppress(Exception):
        exporter().from_notebook_node(nbformat.v4.new_notebook(), resources={"sx": dict(page, css="")})
        sanitize_html("<p>warm</p>")


def _forget_parent_threads() -> None:
    """Drop state a forked worker inherits from its parent's threads.

    jupyter_core runs blocking jupyter_client calls made under a running
    asyncio loop (in a notebook, or beside playwright's sync API) on a runner
    thread kept in ``jupyter_core.utils._runner_map``.  A forked child has the
    map but not the thread, and its first kernel start would wait on it
    forever; forgetting the map makes the child start its own runner.
    """
    try:
        from jupyter_core import utils
    except ImportError:  # pragma: no cover
        return
    # jupyter_core has no public way to drop its runners; the builder itself forks with no
    # thread running (see run.run_workers), so this matters only when it is called from a
    # program that runs an event loop (a notebook, playwright's sync API)
    runners = getattr(utils, "_runner_map", None)
    if isinstance(runners, dict):
        runners.clear()


def _die_with_parent() -> None:
    """Ask Linux to send this process SIGTERM when the builder that forked it dies, however it dies."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # pragma: no cover - no prctl: the loop's check remains
        pass


def _exit_when_orphaned(parent: int, mark: str | None, every: float = 0.5) -> None:
    """End this worker, and what its run started, soon after the builder is gone, however it went.

    The builder's death sends the worker SIGTERM (PR_SET_PDEATHSIG), but while a notebook
    runs nbclient handles SIGTERM itself: it shuts the kernel down and goes on waiting for
    the cell, up to the cell timeout.  So a thread also watches the parent; once it has
    gone, the worker kills every process of its run (kernels, forkservers: the processes
    whose environment carries the run's mark) and exits at once.
    """
    import threading

    def watch():
        while os.getppid() == parent:
            time.sleep(every)
        if mark and sys.platform.startswith("linux"):
            kill_marked(mark, prefix=True)
        os._exit(128 + signal.SIGTERM)

    threading.Thread(target=watch, name="shaoxing-orphan-watch", daemon=True).start()


def worker_main(tasks: list[dict], taken, results, env: dict, cwd: str, ipc_dir: str | None = None,
                fork: bool = False) -> None:
    """A worker process: take the next task of ``tasks`` (``taken`` counts those handed out), report each.

    It runs in its own session, so a Ctrl-C reaches only the parent, which stops the
    workers with SIGTERM; each then kills its kernels.  A worker whose builder has gone,
    even by SIGKILL, gets SIGTERM from the kernel (PR_SET_PDEATHSIG) and stops the same way,
    or, in the middle of a notebook (where nbclient takes SIGTERM), is ended by its watch
    on the parent (:func:`_exit_when_orphaned`).
    """
    _forget_parent_threads()
    # what the worker inherited (papermill, nbconvert, the page template) lives as long as it does:
    # out of the collector's reach, so that collections here walk only what the reports make
    gc.freeze()

    def _terminate(signum, frame):
        raise SystemExit(128 + signum)

    parent = os.getppid()
    signal.signal(signal.SIGTERM, _terminate)
    _die_with_parent()
    _exit_when_orphaned(parent, env.get(MARK))
    if hasattr(os, "setsid"):
        with contextlib.suppress(OSError):
            os.setsid()
    if os.getppid() != parent:  # the builder died before the death signal was asked for
        return
    register_engine()
    kernels = KernelPool(env, cwd, ipc_dir, fork)
    try:
        kernels.prefetch()  # the first report's kernel boots while this process warms up
        warm_up()
        while os.getppid() == parent:  # a builder that was killed gets no more reports built
            with taken.get_lock():
                index = taken.value
                if index >= len(tasks):
                    break
                taken.value = index + 1
            task = tasks[index]
            results.put(("start", task["key"], os.getpid()))
            try:
                res = _build_one(task, kernels)
            except Exception as exc:  # the builder itself failed: report, go on
                res = {"key": task["key"], "status": "failed", "duration": 0.0,
                       "error": f"builder error: {one_line(exc)}", "built_at": None, "html": None,
                       "log": task["files"]["log"]}
            results.put(("done", res))
            signal.signal(signal.SIGTERM, _terminate)  # nbclient leaves it at the default after a run
    finally:
        kernels.close()
