"""shaoxing.build.run: nothing started for a report outlives it, the builder included when it is
stopped by SIGTERM, with or without the fork server."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from shaoxing.reports import build_reports

pytestmark = pytest.mark.slow


def _notebook(folder: Path, name: str, *cells: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python", "name": "python3"}
    nb.cells = [nbformat.v4.new_code_cell('lang = "en"', metadata={"tags": ["parameters"]})]
    nb.cells += [nbformat.v4.new_code_cell(c) for c in cells]
    nbformat.write(nb, folder / f"{name}.ipynb")
    return folder


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] not in ("Z", "X")
    except OSError:
        return False


def _gone(pids, seconds: float = 10) -> list[int]:
    end = time.monotonic() + seconds
    while time.monotonic() < end and any(_alive(p) for p in pids):
        time.sleep(0.05)
    return [p for p in pids if _alive(p)]


@pytest.mark.parametrize("fork_server", [True, False], ids=["fork-server", "no-fork-server"])
def test_a_kernels_setsid_children_do_not_outlive_the_report(tmp_path, monkeypatch, fork_server):
    if not fork_server:
        monkeypatch.setenv("SHAOXING_NO_FORK_SERVER", "1")
    pids = tmp_path / "pids"
    folder = _notebook(tmp_path / "nbs", "spawner",
                       "import subprocess, os\n"
                       "p = subprocess.Popen(['sleep', '300'], start_new_session=True)\n"
                       "q = subprocess.Popen(['setsid', 'sh', '-c', 'sleep 300 & echo $!'], stdout=subprocess.PIPE)\n"
                       f"open({str(pids)!r}, 'w').write(f'{{p.pid}} {{q.stdout.readline().decode().strip()}}')")
    [result] = build_reports(notebook_dir=folder, out=tmp_path / "out", langs=["en"], jobs=1, quiet=True)
    assert result.status == "ok", result.error
    started = [int(p) for p in pids.read_text().split()]
    assert len(started) == 2
    assert not _gone(started), f"still running after the report: {started}"


def _sleeper_build(tmp_path, **streams):
    """A builder (no fork server) running one report whose cell sleeps; (the builder, (kernel pid, worker pid))
    once the cell has written them."""
    pids = tmp_path / "pids"
    folder = _notebook(tmp_path / "nbs", "sleeper",
                       "import os, time\n"
                       f"open({str(pids)!r}, 'w').write(f'{{os.getpid()}} {{os.getppid()}}')\n"
                       "time.sleep(300)")
    env = dict(os.environ, SHAOXING_NO_FORK_SERVER="1")
    builder = subprocess.Popen([sys.executable, "-m", "shaoxing.reports", "--notebook-dir", str(folder),
                                "--out", str(tmp_path / "out"), "--lang", "en", "-q", "-j", "1"],
                               env=env, **streams)
    end = time.monotonic() + 120
    while not (pids.is_file() and pids.read_text().strip()) and time.monotonic() < end:
        if builder.poll() is not None:
            break
        time.sleep(0.1)
    assert builder.poll() is None, builder.communicate()
    kernel, worker = (int(p) for p in pids.read_text().split())
    return builder, (kernel, worker)


def test_sigterm_to_the_builder_stops_its_workers_and_kernels(tmp_path):
    builder, (kernel, worker) = _sleeper_build(tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert _alive(kernel) and _alive(worker)
        builder.send_signal(signal.SIGTERM)
        _, err = builder.communicate(timeout=60)
        assert builder.returncode == 143, err
        assert "stopped (SIGTERM)" in err and "Traceback" not in err, err
        assert not _gone([kernel, worker]), "the worker or its kernel outlived the builder"
    finally:
        if builder.poll() is None:
            builder.kill()
            builder.wait()


def test_a_killed_builders_worker_stops_its_kernel(tmp_path):
    """SIGKILL leaves the builder no time to clean up: its worker notices (PR_SET_PDEATHSIG) and does."""
    builder, (kernel, worker) = _sleeper_build(tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        builder.kill()
        builder.wait()
        assert not _gone([kernel, worker], 30), "the worker or its kernel outlived a killed builder"
    finally:
        if builder.poll() is None:
            builder.kill()
            builder.wait()


def test_no_other_thread_runs_when_the_builder_forks(tmp_path):
    """The progress bar's monitor and a queue's feeder thread are threads a forked worker would
    inherit as locks held by nobody; the builder forks with its main thread alone."""
    import threading

    me = os.getpid()
    seen: list[list[str]] = []

    def before_fork():
        if os.getpid() == me and recording:
            seen.append(sorted(t.name for t in threading.enumerate()))

    recording = True
    os.register_at_fork(before=before_fork)
    try:
        folder = _notebook(tmp_path / "nbs", "plain", "print('hello')")
        results = build_reports(notebook_dir=folder, out=tmp_path / "out", langs=["en", "zh"], jobs=2,
                                quiet=False)
    finally:
        recording = False
    assert [r.status for r in results] == ["ok", "ok"]
    assert seen, "no fork was seen"
    assert all(names == ["MainThread"] for names in seen), seen


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the early child is forked on Linux only")
def test_work_in_an_early_child_reports_whether_it_succeeded():
    from shaoxing.build import run

    def boom():
        raise RuntimeError("x")

    results = []
    for work in (lambda: True, lambda: False, boom):
        pid = run._in_child(work)
        assert pid is not None and pid != os.getpid()
        results.append(run._child_succeeded(pid))
    assert results == [True, False, False]


def test_the_sources_pages_are_written_even_if_the_early_child_fails(tmp_path, monkeypatch):
    """The sources pages come from a child forked at the start; if it fails, the builder writes them."""
    from shaoxing.build import run

    failing = []

    def failing_child(work):
        pid = os.fork()
        if pid == 0:
            os._exit(1)  # did nothing
        failing.append(pid)
        return pid

    monkeypatch.setattr(run, "_in_child", failing_child)
    results = build_reports(notebooks=["data_dictionary"], langs=["en"], out=tmp_path / "out", jobs=1, quiet=True)
    assert [r.status for r in results] == ["ok"] and failing
    for lang in ("en", "zh"):
        page = (tmp_path / "out" / "sources" / f"{lang}.html").read_text(encoding="utf-8")
        assert 'id="L214"' in page
