"""Kernels for reports (shaoxing.build.kernels): a forked kernel is a fresh kernel, and every fallback works.

On Linux each worker forks its reports' kernels from multiprocessing's forkserver,
which has imported the common libraries.  These tests check what a report could
notice: the forked kernel's working folder, import path, environment, signals,
process group and random state are those of a normally started kernel, its kernels
die with the worker that asked for them (or with the forkserver), and when forking
is impossible kernels start the normal way.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from jupyter_client.utils import run_sync

from shaoxing import reports
from shaoxing.build import kernels as _kernels

pytestmark = pytest.mark.skipif(not _kernels.fork_supported(), reason="forking kernels is Linux-only")

PROBE = r'''
import json, os, signal, sys
import matplotlib, numpy
with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
    parent = f.read().replace(b"\0", b" ").decode()
print(json.dumps({
    "cwd": os.getcwd(),
    "path": sys.path,
    "main": type(sys.modules["__main__"]).__name__,
    "names": sorted(n for n in dir() if not n.startswith("_")),
    "backend": matplotlib.get_backend(),
    "env": {k: os.environ.get(k) for k in ("MPLBACKEND", "SX_PROBE", "PYDEVD_DISABLE_FILE_VALIDATION")},
    "worker_is_jpy_parent": os.environ.get("JPY_PARENT_PID") == str(os.getppid()) or None,
    "sigint": signal.getsignal(signal.SIGINT) is signal.default_int_handler,
    "sigterm": str(signal.getsignal(signal.SIGTERM)),
    "sigpipe": str(signal.getsignal(signal.SIGPIPE)),
    "own_session": os.getsid(0) == os.getpid() and os.getpgid(0) == os.getpid(),
    "forked": "multiprocessing.forkserver" in parent,
    "random": numpy.random.random(),
    # the forkserver's warm-up (shaoxing.build.kernel_preload) leaves no style, figure or font behind
    "rc": {k: str(matplotlib.rcParams[k]) for k in ("font.sans-serif", "figure.figsize", "axes.grid",
                                                    "text.parse_math", "savefig.dpi")},
    "figures": __import__("matplotlib.pyplot").pyplot.get_fignums(),
    "cjk_font_registered": any("CJK" in f.name for f in matplotlib.font_manager.fontManager.ttflist),
}))
'''


def _probe_folder(tmp_path: Path, source: str = PROBE) -> Path:
    folder = tmp_path / "nbs"
    folder.mkdir()
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("lang = 'en'  # language", metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, folder / "probe.ipynb")
    return folder


def _probe_states(folder: Path, out: Path) -> dict[str, dict]:
    results = reports.build_reports(notebook_dir=folder, langs=["en", "zh"], out=out, jobs=1, quiet=True,
                                    force=True)
    assert [r.status for r in results] == ["ok", "ok"], [r.error for r in results]
    states = {}
    for lang in ("en", "zh"):
        nb = nbformat.read(out / "probe" / f"{lang}.ipynb", as_version=4)
        states[lang] = json.loads(nb.cells[-1].outputs[0]["text"])
    return states


@pytest.mark.slow
def test_a_forked_kernel_looks_like_a_freshly_started_one(tmp_path, monkeypatch):
    monkeypatch.setenv("SX_PROBE", "passed on")
    folder = _probe_folder(tmp_path)
    forked = _probe_states(folder, tmp_path / "forked")
    monkeypatch.setenv("SHAOXING_NO_FORK_SERVER", "1")
    started = _probe_states(folder, tmp_path / "started")

    assert [s["forked"] for s in forked.values()] == [True, True]
    assert [s["forked"] for s in started.values()] == [False, False]
    for lang in ("en", "zh"):
        a = {k: v for k, v in forked[lang].items() if k not in ("forked", "random", "worker_is_jpy_parent")}
        b = {k: v for k, v in started[lang].items() if k not in ("forked", "random", "worker_is_jpy_parent")}
        assert a == b
        assert a["cwd"] == str(folder)
        assert a["env"] == {"MPLBACKEND": "Agg", "SX_PROBE": "passed on", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
        assert a["sigint"] and a["own_session"]
        # the kernel that was started normally is the worker's child; JPY_PARENT_PID names
        # the worker in both cases (a forked kernel's parent is the forkserver, so no match there)
        assert started[lang]["worker_is_jpy_parent"] is True
    # each forked kernel draws its own random numbers, as separate processes would
    assert forked["en"]["random"] != forked["zh"]["random"]


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            return f.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
    except OSError:
        return False


def _gone_within(pid: int, seconds: float = 10) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def _pool(tmp_path: Path, fork: bool) -> _kernels.KernelPool:
    ipc = tmp_path / "ipc"
    ipc.mkdir(exist_ok=True)
    return _kernels.KernelPool(dict(os.environ, **reports.KERNEL_ENV), str(tmp_path), str(ipc), fork)


@pytest.fixture
def forking_pool(tmp_path):
    """A worker's kernel pool that forks its kernels; closed (its kernels stopped) afterwards."""
    pool = _pool(tmp_path, True)
    yield pool
    pool.close()


def _answers(km) -> bool:
    kc = km.blocking_client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive("x = 6 * 7", timeout=60)
        return reply["content"]["status"] == "ok"
    finally:
        kc.stop_channels()


WORKER = r"""
import os, sys, time
from shaoxing import reports
from shaoxing.build.kernels import KernelPool
pool = KernelPool(dict(os.environ, **reports.KERNEL_ENV), sys.argv[1], sys.argv[1], fork=True)
km, err = pool.take()
print(km.provisioner.forked, km.provisioner.pid, flush=True)
time.sleep(600)
"""


@pytest.mark.slow
def test_kernels_die_with_the_worker_that_asked_for_them(tmp_path):
    worker = subprocess.Popen([sys.executable, "-c", WORKER, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        forked, pid = worker.stdout.readline().split()
        assert forked == "True"
        worker.kill()  # no chance to stop its kernels
        assert _gone_within(int(pid)), "the kernel outlived its worker"
    finally:
        worker.kill()
        worker.wait()


def _ppid(pid: int) -> int:
    with open(f"/proc/{pid}/stat", "rb") as f:
        return int(f.read().rsplit(b")", 1)[1].split()[1])


@pytest.mark.slow
def test_a_killed_forkserver_takes_its_kernels_and_is_started_again(forking_pool):
    km, err = forking_pool.take()
    assert km.provisioner.forked
    pid = km.provisioner.pid
    server = _ppid(pid)
    os.kill(server, signal.SIGKILL)
    assert _gone_within(pid), "the kernel outlived the forkserver"
    assert km.provisioner.process.wait(timeout=10) is not None
    forking_pool.stop((km, err))
    km2, err2 = forking_pool.take()
    assert km2.provisioner.forked and _ppid(km2.provisioner.pid) != server and _answers(km2)
    forking_pool.stop((km2, err2))


@pytest.mark.slow
def test_no_forkserver_means_kernels_start_normally(tmp_path, monkeypatch, capsys):
    from multiprocessing import forkserver

    def fail():
        raise OSError("no room for a server")

    monkeypatch.setattr(forkserver, "ensure_running", fail)
    pool = _pool(tmp_path, True)
    assert "no forkserver (no room for a server); kernels start normally" in capsys.readouterr().err
    try:
        assert pool.ctx is None
        kernel = pool.take()
        assert not getattr(kernel[0].provisioner, "forked", False) and _answers(kernel[0])
        pool.stop(kernel)
    finally:
        pool.close()


def test_only_this_interpreters_ipykernel_is_forked():
    me = sys.executable
    assert _kernels.kernel_argv([me, "-m", "ipykernel_launcher", "-f", "c.json"]) == ["-f", "c.json"]
    assert _kernels.kernel_argv(["/no/such/python", "-m", "ipykernel_launcher", "-f", "c.json"]) is None
    assert _kernels.kernel_argv([me, "-m", "other_kernel", "-f", "c.json"]) is None
    assert _kernels.kernel_argv(["R", "--slave"]) is None


@pytest.mark.slow
def test_a_forked_kernel_that_runs_too_long_is_stopped(tmp_path):
    folder = _probe_folder(tmp_path, "import os, time\n"
                                     "open('kernel.pid', 'w').write(str(os.getpid()))\n"
                                     "time.sleep(600)")
    [result] = reports.build_reports(notebook_dir=folder, langs=["en"], out=tmp_path / "out", jobs=1, quiet=True,
                                     force=True, timeout=3)
    assert result.status == "failed" and "CellTimeoutError" in result.error, result.error
    pid = int((folder / "kernel.pid").read_text())
    assert _gone_within(pid), "the timed-out kernel still runs"


@pytest.mark.slow
def test_a_kernel_that_dies_in_a_cell_fails_its_report_and_the_batch_goes_on(tmp_path):
    """Regression: under a blocking kernel client nbclient waited for this kernel's output forever."""
    folder = _probe_folder(tmp_path, "import os\nos._exit(3) if lang == 'en' else print('still here')")
    results = reports.build_reports(notebook_dir=folder, langs=["en", "zh"], out=tmp_path / "out", jobs=1,
                                    quiet=True, force=True)
    status = {r.lang: (r.status, r.error) for r in results}
    assert status["en"] == ("failed", "DeadKernelError: Kernel died")
    assert status["zh"] == ("ok", None)


@pytest.mark.slow
def test_an_interrupt_reaches_a_forked_kernel(forking_pool):
    km, err = forking_pool.take()
    assert km.provisioner.forked
    kc = km.blocking_client()
    kc.start_channels()
    msg_id = kc.execute("import time\nprint('sleeping', flush=True)\ntime.sleep(600)")
    # interrupt once the cell is running (the kernel said so), not after a guessed delay
    deadline = time.monotonic() + 60
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if (msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "stream"
                and "sleeping" in msg["content"]["text"]):
            break
    km.interrupt_kernel()
    reply = kc.get_shell_msg(timeout=30)
    assert reply["parent_header"]["msg_id"] == msg_id
    assert reply["content"]["status"] == "error" and reply["content"]["ename"] == "KeyboardInterrupt"
    kc.stop_channels()
    forking_pool.stop((km, err))


@pytest.mark.slow
def test_ready_client_reports_a_dead_kernel(forking_pool):
    km, err = forking_pool._start()
    km.provisioner.process.kill()
    kc = km.client()
    assert isinstance(kc, _kernels.ReadyClient)
    kc.start_channels()
    with pytest.raises(RuntimeError, match="died|didn't respond"):
        run_sync(kc.wait_for_ready)(timeout=10)
    kc.stop_channels()
    forking_pool.stop((km, err))


def test_a_virtualenvs_base_interpreter_is_not_this_interpreter():
    base = os.path.realpath(sys.executable)
    if os.path.dirname(base) == os.path.dirname(os.path.abspath(sys.executable)):
        pytest.skip("this interpreter is not a symlink into another folder (not a virtualenv)")
    # the same file, but called from its own folder it would not see this environment
    assert _kernels.kernel_argv([base, "-m", "ipykernel_launcher", "-f", "c.json"]) is None


@pytest.mark.slow
def test_a_forked_kernel_reports_its_own_exit_status(forking_pool):
    km, err = forking_pool.take()
    kc = km.blocking_client()
    kc.start_channels()
    kc.execute("import os\nos._exit(3)")
    assert km.provisioner.process.wait(timeout=30) == 3
    kc.stop_channels()
    forking_pool.stop((km, err))


def test_a_signal_never_reaches_a_process_that_reused_the_kernels_pid():
    """ForkedProcess signals through the pidfd it opened while the kernel ran, not the bare pid: once
    the kernel has ended, a process that was given its pid is left alone."""
    stranger = subprocess.Popen(["sleep", "60"])
    ended = subprocess.Popen(["sleep", "0.2"])

    class Process:  # a kernel's multiprocessing Process whose end was not yet reported
        pid, exitcode = ended.pid, None

    try:
        kernel = _kernels.ForkedProcess(Process(), os.pipe()[1])
        ended.wait()
        kernel.pid = Process.pid = stranger.pid  # as if the pid had been reused
        assert not kernel.alive()
        kernel.kill()
        kernel.send_signal(signal.SIGTERM)
        time.sleep(0.2)
        assert stranger.poll() is None, "the signal reached another process"
    finally:
        stranger.kill()
        stranger.wait()


def _run(km, code: str) -> str:
    """What ``code`` prints in kernel ``km``."""
    kc = km.blocking_client()
    kc.start_channels()
    out = []
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(code, timeout=60, output_hook=lambda m: out.append(
            m["content"].get("text", "")) if m["msg_type"] == "stream" else None)
        assert reply["content"]["status"] == "ok", reply["content"]
    finally:
        kc.stop_channels()
    return "".join(out)


WARMED = r"""
import os, sys
from pathlib import Path
from shaoxing import reports
from shaoxing.build.kernels import KernelPool
sys.path.insert(0, sys.argv[2])
from test_build_kernels import _run

CODE = ("import shaoxing as sx, shaoxing.data as d\n"
        "cold = sorted(set(sx.list_tables()) - {k[1] for k in d._CACHE if str(k[0]) == sx.data_dir().as_posix()})\n"
        "print(cold or 'warm', sx.data_dir(), sx.load('industries').set_index('industry').at['textile', 'name_en'])")
pool = KernelPool(dict(os.environ, **reports.KERNEL_ENV), sys.argv[1], sys.argv[1], fork=True)
try:
    km, err = pool.take()
    assert km.provisioner.forked
    print(_run(km, CODE).strip())
    pool.stop((km, err))
    path = Path(os.environ["SHAOXING_DATA"]) / "industries.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace(",Textiles,", ",Textile industry,", 1),
                    encoding="utf-8")
    km, err = pool.take()
    print(_run(km, CODE).strip())
    pool.stop((km, err))
finally:
    pool.close()
"""


@pytest.mark.slow
def test_kernels_forked_from_a_warmed_server_read_the_data_as_it_is_now(tmp_path):
    """The forkserver loads every table once (kernel_preload); a kernel still reads the kernels' own data
    folder, and a table changed after the server warmed up is read again, not served from the warm cache.

    In a process of its own: multiprocessing keeps one forkserver a process, and this one must be
    started with the data folder in its environment, as a worker's is.
    """
    import shutil

    from shaoxing.data import data_dir

    data = tmp_path / "data"
    shutil.copytree(data_dir(), data)
    assert ",Textiles," in (data / "industries.csv").read_text(encoding="utf-8-sig")
    run = subprocess.run([sys.executable, "-c", WARMED, str(tmp_path), str(Path(__file__).parent)],
                         env=dict(os.environ, SHAOXING_DATA=str(data)), capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    first, second = run.stdout.strip().splitlines()[-2:]
    assert first.split(maxsplit=2) == ["warm", str(data), "Textiles"]
    assert second.split(maxsplit=2) == ["warm", str(data), "Textile industry"]
