"""Fresh kernels for reports, started cheaply.

Every report runs in a kernel of its own, so that nothing one notebook does can
reach the next.  Starting an IPython kernel and importing pandas, matplotlib and
matplotlib in it costs about a second of CPU, as much as running a typical report, so
the builder works to make that cheap:

* :class:`KernelPool` gives each worker its kernels, starting the next one while
  the current report runs.
* On Linux kernels are forked from Python's own ``multiprocessing`` **forkserver**
  (one per worker), preloaded with ipykernel and those libraries
  (``set_forkserver_preload``).  Each kernel is a ``multiprocessing`` Process
  whose target becomes an ordinary ``ipykernel`` kernel with the connection file
  jupyter_client wrote, in a new session, with the environment and working folder
  the kernel would have had.  Two differences remain: forked kernels share the
  server's string-hash seed (``hash("abc")``, the order of a set of strings), which
  separate interpreters draw at random, and what the server loaded before forking is
  frozen out of the garbage collector's reach (``gc.freeze``, see
  :mod:`shaoxing.build.kernel_preload`); nothing in a report may depend on either.
  :class:`ForkProvisioner` plugs this into jupyter_client as a kernel provisioner,
  so papermill and nbclient drive the kernel as they drive any other.  Whenever
  forking does not apply (another interpreter in the kernel spec, no forkserver, no
  pidfd on this platform) the kernel starts the normal way.
* :class:`ReadyClient` is the asynchronous client nbclient needs (under a blocking
  one a cell timeout never fires and a kernel that dies hangs the report), and it
  knows a kernel is ready as soon as it has answered, where jupyter_client's client
  always waits another 0.2 s for silence.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.utils import run_sync

KERNEL_NAME = "python3"
# What every report imports.  The forkserver imports them once and every kernel
# inherits them; a kernel that was not forked imports them as soon as it starts,
# while the previous report still runs.  Only sys.modules changes: no name is bound
# in the notebook's namespace, so a notebook that forgets an import still fails as
# it would anywhere else.
PRELOAD_MODULES = ("pandas", "matplotlib.pyplot", "shaoxing.plots", "shaoxing.analysis")
PRELOAD = ("--IPKernelApp.exec_lines=[\"(" + ", ".join(f"__import__({m!r})" for m in PRELOAD_MODULES)
           + ") and None\"]")
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
# The import path at import time: in the forkserver (which imports this module first) that of a
# fresh interpreter, which the forked kernels take instead of the worker's
_FIRST_PATH = list(sys.path)


# Every process started for a report carries this variable: "<run>" in a worker and its
# forkserver, "<run>:<kernel id>" in a kernel and whatever it starts.  A process that left
# the kernel's process group (setsid) is still found by it and killed with the kernel.
MARK = "SHAOXING_KERNEL_MARK"


def marked_processes(value: str, prefix: bool = False) -> list[int]:
    """PIDs of this user's processes whose environment has ``MARK=value`` (or starting with it)."""
    want = f"{MARK}={value}".encode()
    me = os.getpid()
    found = []
    try:
        entries = os.listdir("/proc")
    except OSError:
        return found
    for entry in entries:
        if not entry.isdigit() or int(entry) == me:
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                env = f.read().split(b"\0")
        except OSError:
            continue
        if any(v == want or (prefix and v.startswith(want)) for v in env):
            found.append(int(entry))
    return found


def kill_marked(value: str, prefix: bool = False, rounds: int = 5) -> int:
    """SIGKILL every process :func:`marked_processes` finds (again, while new ones appear); how many."""
    killed = 0
    for _ in range(rounds):
        pids = marked_processes(value, prefix)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        time.sleep(0.01)
    return killed


def cpu_seconds(pid: int | None) -> float | None:
    """CPU seconds (user + system) process ``pid`` has used so far, from /proc; None where unknown."""
    if pid is None:
        return None
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            fields = f.read().rsplit(b")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError, AttributeError):
        return None



def fork_supported() -> bool:
    return (sys.platform.startswith("linux") and hasattr(os, "pidfd_open") and hasattr(signal, "pidfd_send_signal")
            and "forkserver" in multiprocessing.get_all_start_methods())


def kernel_argv(cmd: list[str]) -> list[str] | None:
    """The kernel's own arguments if ``cmd`` starts an ipykernel with this interpreter, else None."""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return None
    # the same file *in the same folder*: a virtualenv's python is a symlink to its base
    # interpreter, and finds its environment from where it is called
    exe = os.path.expanduser(cmd[0])
    try:
        same = (os.path.samefile(exe, sys.executable)
                and os.path.realpath(os.path.dirname(os.path.abspath(exe)))
                == os.path.realpath(os.path.dirname(os.path.abspath(sys.executable))))
    except OSError:
        same = False
    return list(cmd[3:]) if same else None


# ------------------------------------------------------------------ forking


def start_forkserver(env: dict, folder: str):
    """The ``multiprocessing`` forkserver context of this process, its server started with the
    kernels' environment ``env`` and the common libraries imported; None if it cannot start."""
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload([__name__, "ipykernel.kernelapp", *PRELOAD_MODULES, f"{__package__}.kernel_preload"])
    # the server takes this process's environment and folder: the kernels' environment (the
    # inline backend unless it chose one), and a private folder, so that nothing in the user's
    # working folder shadows a library while it loads
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        os.environ.clear()
        os.environ.update(env)
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        os.chdir(folder)
        from multiprocessing import forkserver

        with _no_main():
            forkserver.ensure_running()
        return ctx
    except (OSError, ValueError) as exc:
        print(f"no forkserver ({exc}); kernels start normally", file=sys.stderr, flush=True)
        return None
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)


@contextlib.contextmanager
def _no_main():
    """Hide this process's ``__main__`` while a forkserver Process starts: multiprocessing
    would import it again in the child (the builder's script, pytest, a user's program)."""
    import types

    main = sys.modules["__main__"]
    sys.modules["__main__"] = types.ModuleType("__main__")
    try:
        yield
    finally:
        sys.modules["__main__"] = main


class _Fd:
    """A file descriptor handed to a forkserver Process: sent with the request, open in the child."""

    def __init__(self, fd: int):
        self.fd = fd

    def __reduce__(self):
        from multiprocessing.reduction import DupFd

        return _detach, (DupFd(self.fd),)


def _detach(dup) -> int:
    return dup.detach()


class ForkedProcess:
    """The part of :class:`subprocess.Popen` jupyter_client uses, for a kernel Process.

    Signals go through a pidfd of the kernel, so they never reach another process that
    was given the same pid after the kernel ended.  The pidfd is opened right after the
    start; it is this kernel's if the kernel was still there then (the forkserver has
    not reported its end), which any kernel that answered was.  The exit status is the
    Process's ``exitcode``.  ``lifeline`` is the write end of a pipe the kernel watches:
    closed (here, or by the worker's death), the kernel kills its process group.
    """

    stdin = stdout = stderr = None

    def __init__(self, proc, lifeline: int):
        self.proc, self.pid, self._lifeline = proc, proc.pid, lifeline
        self._pidfd = os.pidfd_open(proc.pid)
        if proc.exitcode is not None:  # ended (and reaped) already: the pid may be another's
            self.close()

    @property
    def returncode(self) -> int | None:
        return self.proc.exitcode

    def poll(self) -> int | None:
        if self.proc.exitcode is not None:
            self.close()
        return self.proc.exitcode

    def wait(self, timeout: float | None = None) -> int:
        self.proc.join(timeout)
        if self.poll() is None:
            raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
        return self.proc.exitcode

    def alive(self) -> bool:
        """The kernel has not exited (so its pid, and its process group's id, are still its own)."""
        return self._pidfd is not None and not select.select([self._pidfd], [], [], 0)[0]

    def send_signal(self, signum: int) -> None:
        if self.alive():
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._pidfd, signum)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def close(self) -> None:
        for name in ("_pidfd", "_lifeline"):
            if getattr(self, name, None) is not None:
                with contextlib.suppress(OSError):
                    os.close(getattr(self, name))
                setattr(self, name, None)

    def __del__(self):
        self.close()


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, forking the kernel from :attr:`ctx` when it can."""

    ctx = None  # a forkserver context (see start_forkserver)
    forked = False
    cpu_at_end: float | None = None  # CPU seconds the kernel had used when it was killed

    async def launch_kernel(self, cmd: list[str], **kwargs):
        argv = kernel_argv(cmd) if self.ctx is not None else None
        if argv is not None:
            out = kwargs.get("stdout")
            cwd = kwargs.get("cwd") or os.getcwd()
            # as jupyter_client's launcher sets it, although the kernel's parent is the forkserver
            env = dict(kwargs.get("env") or os.environ, JPY_PARENT_PID=str(os.getpid()))
            watch, lifeline = os.pipe()
            try:
                fds = [_Fd(watch)] + ([_Fd(out.fileno())] if hasattr(out, "fileno") else [])
                proc = self.ctx.Process(target=_become_kernel, args=(argv, env, cwd, *fds), name="kernel")
                with _no_main():
                    proc.start()
                self.process = ForkedProcess(proc, lifeline)
            except (OSError, ValueError, EOFError) as exc:  # said in the report's log
                os.close(lifeline)
                print(f"forking the kernel failed ({exc}); starting it normally", file=sys.stderr, flush=True)
            else:
                self.pid = self.pgid = proc.pid  # the kernel leads its own session
                self.cwd = cwd
                self.forked = True
                return self.connection_info
            finally:
                os.close(watch)
        return await super().launch_kernel(cmd, **kwargs)

    async def send_signal(self, signum: int) -> None:
        """Signal the kernel's process group while the kernel lives (its group id is then its own),
        and the kernel itself through its pidfd."""
        if not self.forked or self.process is None:
            return await super().send_signal(signum)
        if self.process.alive():
            with contextlib.suppress(OSError):
                os.killpg(self.pgid, signum)
        self.process.send_signal(signum)

    async def kill(self, restart: bool = False) -> None:
        """Kill the kernel's process group and see it end.

        jupyter_client then polls the kernel every 0.1 s until it has gone; a SIGKILLed
        process goes within milliseconds, so waiting for it here spares that sleep.
        """
        if self.forked and self.process is not None and self.process.alive():
            self.cpu_at_end = cpu_seconds(self.pid)  # what the report cost, read while it is there
        await super().kill(restart=restart)  # through send_signal: the group, then the pidfd
        if self.forked and self.process is not None:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=0.5)


def attach(km, ctx) -> None:
    """Make the (not yet started) kernel manager ``km`` fork its kernel from the forkserver context ``ctx``."""
    import uuid

    km.kernel_id = km.kernel_id or str(uuid.uuid4())
    provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
    provisioner.ctx = ctx
    km.provisioner = provisioner


# ------------------------------------------------------------------ readiness


class ReadyClient(AsyncKernelClient):
    """The asynchronous kernel client nbclient expects, ready as soon as the kernel has answered.

    It must be asynchronous: under a blocking client nbclient's waits for output block
    its event loop, so a cell timeout never fires and a kernel that dies in the middle
    of a cell hangs the report forever.

    jupyter_client's ``wait_for_ready`` ends by reading IOPub until it has been quiet
    for 0.2 s; a report pays that twice (the worker checks the kernel, then nbclient
    does).  This one sends ``kernel_info_request`` and returns once the reply has come
    on shell and the request's closing ``idle`` status on IOPub: the subscription
    works and nothing of the request is still on its way.  If IOPub stays silent (its
    subscription was not yet connected) it asks again, as jupyter_client does.
    """

    async def wait_for_ready(self, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (float("inf") if timeout is None else timeout)
        while True:
            msg_id = self.kernel_info()

            def answer(m, msg_id=msg_id):
                return m["msg_type"] == "kernel_info_reply" and m["parent_header"].get("msg_id") == msg_id

            def idle(m, msg_id=msg_id):
                return (m["msg_type"] == "status" and m["parent_header"].get("msg_id") == msg_id
                        and m["content"].get("execution_state") == "idle")

            reply = await self._first(self.shell_channel, min(1.0, max(0.0, deadline - time.monotonic())), answer)
            if reply is not None and await self._first(self.iopub_channel, 0.5, idle):
                # jupyter_client's own wait_for_ready hands the reply to this hook of the client
                # class (it adapts the session to the kernel's protocol); there is no public one
                self._handle_kernel_info_reply(reply)
                return
            if not await self.is_alive():
                raise RuntimeError("Kernel died before replying to kernel_info")
            if time.monotonic() > deadline:
                raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

    @staticmethod
    async def _first(channel, timeout: float, wanted):
        """The first message on ``channel`` within ``timeout`` seconds that is ``wanted`` (others are
        dropped), or None."""
        end = time.monotonic() + timeout
        while True:
            try:
                msg = await channel.get_msg(timeout=max(0.0, end - time.monotonic()))
            except Empty:
                return None
            if wanted(msg):
                return msg


# ------------------------------------------------------------------ a worker's kernels


class KernelPool:
    """Fresh kernels for one worker; the next one is started while the current report runs.

    With ``fork``, the kernels are forked from this process's ``multiprocessing``
    forkserver (see :func:`start_forkserver`), started here.
    On POSIX the kernels talk over Unix sockets in a private folder (IPC transport):
    with TCP, kernels started at the same moment by parallel workers (or by anything
    else on the machine) can pick the same free port and die on start-up.  A kernel
    that still fails to start is replaced (three tries).
    """

    TRIES = 3

    def __init__(self, env: dict, cwd: str, ipc_dir: str | None = None, fork: bool = False):
        self.env, self.cwd = env, cwd
        self.spare = None
        self.count = 0
        self.ipc_dir = ipc_dir
        if ipc_dir is not None:
            self.ipc_dir = os.path.join(ipc_dir, str(os.getpid()))
            os.makedirs(self.ipc_dir, exist_ok=True)
        self.ctx = start_forkserver(env, self.ipc_dir or cwd) if fork and fork_supported() else None

    def _start(self):
        from jupyter_client.manager import KernelManager

        import uuid

        self.count += 1
        kernel_id = str(uuid.uuid4())
        env = dict(self.env, **{MARK: f"{self.env.get(MARK) or 'shaoxing'}:{kernel_id}"})
        where = {}
        if self.ipc_dir is not None:
            where = {"transport": "ipc", "ip": os.path.join(self.ipc_dir, f"k{self.count}")}
        err = tempfile.TemporaryFile()
        km = KernelManager(kernel_name=KERNEL_NAME, client_factory=ReadyClient, kernel_id=kernel_id, **where)
        km.shaoxing_mark = env[MARK]
        if self.ctx is not None:
            attach(km, self.ctx)
        km.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:", PRELOAD],
                        env=env, cwd=self.cwd, stdout=err, stderr=err)
        return km, err

    @staticmethod
    def _wait_ready(km, timeout: float = 120) -> None:
        kc = km.client()
        kc.start_channels()
        try:
            run_sync(kc.wait_for_ready)(timeout=timeout)
        finally:
            kc.stop_channels()

    def take(self):
        """A started kernel that has answered (raises after TRIES kernels failed to start)."""
        for attempt in range(1, self.TRIES + 1):
            kernel, self.spare = self.spare or self._start(), None
            try:
                self._wait_ready(kernel[0])
                return kernel
            except Exception as exc:
                output = self.stop(kernel)
                first = (str(exc).strip().splitlines() or [""])[0]
                print(f"kernel start-up failed (try {attempt} of {self.TRIES}): {type(exc).__name__}: {first}\n"
                      f"{output}",
                      file=sys.stderr, flush=True)
                if attempt == self.TRIES:
                    raise

    def prefetch(self) -> None:
        if self.spare is None:
            self.spare = self._start()

    @staticmethod
    def stop(kernel) -> str:
        """Kill a kernel if it still runs; return what it wrote to stdout / stderr."""
        km, err = kernel
        with contextlib.suppress(Exception):
            if km.has_kernel:
                km.shutdown_kernel(now=True)
        mark = getattr(km, "shaoxing_mark", None)
        if mark and sys.platform.startswith("linux"):  # what it started in sessions of their own
            kill_marked(mark)
        with contextlib.suppress(Exception):
            km.cleanup_resources()
        try:
            err.seek(0)
            return err.read().decode("utf-8", "replace")
        except Exception:
            return ""
        finally:
            err.close()

    def close(self) -> None:
        if self.spare is not None:
            self.stop(self.spare)
            self.spare = None
        if self.ipc_dir is not None:
            shutil.rmtree(self.ipc_dir, ignore_errors=True)


ENGINE = "shaoxing-started-kernel"


def register_engine() -> None:
    """Register :data:`ENGINE` with papermill: its nbclient engine, in a kernel already started."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines

    class StartedKernelEngine(NBClientEngine):
        """papermill's nbclient engine, run in a kernel the worker has already started."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=60, execution_timeout=None,
                                     km=None, **kwargs):
            client = PapermillNotebookClient(
                nb_man, km=km, kernel_name=kernel_name, timeout=execution_timeout,
                startup_timeout=start_timeout, log=logging.getLogger("papermill"),
                log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file,
                shutdown_kernel="immediate")
            client.owns_km = True  # shut the kernel down and close the channels when done
            return client.execute()

    papermill_engines.register(ENGINE, StartedKernelEngine)


# ------------------------------------------------------------------ in the forked kernel


def _become_kernel(argv: list[str], env: dict, cwd: str, watch: int, out: int | None = None) -> None:
    """The target of a kernel's Process: turn into the kernel; never returns."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGINT, signal.default_int_handler)  # as in a new interpreter
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        out = os.open(os.devnull, os.O_WRONLY) if out is None else out
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        for fd in {null, out} - {0, 1, 2}:
            os.close(fd)
        sys.stdin = open(0, closefd=False)  # multiprocessing left a closed one
        # multiprocessing gave us the worker's import path: a fresh interpreter's instead, without
        # its working folder ("", of the server's python -c), as ipykernel_launcher drops it
        sys.path[:] = [p for p in _FIRST_PATH[:1] if p != ""] + _FIRST_PATH[1:]
        if sys.modules.get("__mp_main__") is sys.modules["__main__"]:  # multiprocessing's alias
            del sys.modules["__mp_main__"]
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        if "numpy" in sys.modules:  # a fresh process would not share the server's random state
            sys.modules["numpy"].random.seed()

        def watch_worker():  # the worker has closed its end, or died: so do we and our group
            with contextlib.suppress(OSError):
                os.read(watch, 1)
            os.killpg(0, signal.SIGKILL)

        threading.Thread(target=watch_worker, name="shaoxing-lifeline", daemon=True).start()
        # the forkserver is the parent: if it is killed, the kernel goes too
        argv = list(argv) + [f"--IPKernelApp.parent_handle={os.getppid()}"]
        import ipykernel_launcher
        sys.argv = [ipykernel_launcher.__file__, *argv]
        from ipykernel import kernelapp

        kernelapp.launch_new_instance(argv=argv)
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code)
