"""Fresh kernels for reports, started cheaply.

Every report runs in a kernel of its own, so that nothing one notebook does can
reach the next.  Starting an IPython kernel and importing pandas, matplotlib and
seaborn in it costs about a second of CPU, as much as running a typical report, so
the builder works to make that cheap:

* :class:`KernelPool` gives each worker its kernels, starting the next one while
  the current report runs.
* On Linux kernels are forked from a **fork server** (:class:`ForkServer`), one
  process per batch that has imported those libraries and ipykernel and does
  nothing else.  For each kernel it forks; the child becomes an ordinary
  ``ipykernel`` kernel with the connection file jupyter_client wrote, in a new
  session, with the environment and working folder the kernel would have had.
  One difference remains: forked kernels share the server's string-hash seed
  (``hash("abc")``, the order of a set of strings), which separate interpreters
  draw at random; nothing in a report may depend on either.
  :class:`ForkProvisioner` plugs this into jupyter_client as a kernel provisioner,
  so papermill and nbclient drive the kernel as they drive any other.  Whenever
  forking does not apply (another interpreter in the kernel spec, no server, no
  fork on this platform) the kernel starts the normal way.
* :class:`ReadyClient` is the asynchronous client nbclient needs (under a blocking
  one a cell timeout never fires and a kernel that dies hangs the report), and it
  knows a kernel is ready as soon as it has answered, where jupyter_client's client
  always waits another 0.2 s for silence.

The server runs as ``python -m shaoxing.build.kernels FD``, FD being a listening Unix
``SOCK_SEQPACKET`` socket (:class:`ForkServer` does this).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from queue import Empty

from jupyter_client.asynchronous import AsyncKernelClient
from jupyter_client.provisioning import LocalProvisioner
from jupyter_client.utils import run_sync

KERNEL_NAME = "python3"
# What every report imports.  The fork server imports them once and every kernel
# inherits them; a kernel that was not forked imports them as soon as it starts,
# while the previous report still runs.  Only sys.modules changes: no name is bound
# in the notebook's namespace, so a notebook that forgets an import still fails as
# it would anywhere else.
PRELOAD_MODULES = ("pandas", "seaborn", "matplotlib.pyplot", "shaoxing.plots", "shaoxing.analysis")
PRELOAD = ("--IPKernelApp.exec_lines=[\"(" + ", ".join(f"__import__({m!r})" for m in PRELOAD_MODULES)
           + ") and None\"]")
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
_BUF = 1 << 20  # largest message: a request carries the kernel's environment


# Every process started for a report carries this variable: "<run>" in the fork
# server, "<run>:<kernel id>" in a kernel and whatever it starts.  A process that left
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


class ForkServerError(RuntimeError):
    """The fork server is not running or did not answer."""


def fork_supported() -> bool:
    return (sys.platform.startswith("linux") and hasattr(socket, "send_fds") and hasattr(os, "pidfd_open")
            and hasattr(signal, "pidfd_send_signal"))


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


# ------------------------------------------------------------------ forking: the client side


class ForkServer:
    """The fork server process, listening on the Unix socket ``path``.

    One serves every worker of a batch: it starts before the workers, so that its
    imports run while the builder warms up, and each worker connects with a
    :class:`ForkClient`.  ``env`` and ``cwd`` are the kernels' (each request repeats
    them); the server's own errors go to ``stderr`` (default: the builder's).
    """

    def __init__(self, env: dict, cwd: str, path: str, stderr=None):
        self.path = path
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            listener.bind(path)
            listener.listen(64)
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "shaoxing.build.kernels", str(listener.fileno())],
                pass_fds=[listener.fileno()], env=env, cwd=cwd, stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=stderr, start_new_session=True)
        finally:
            listener.close()

    def close(self) -> None:
        """Stop the server; it kills any kernel still running."""
        if self.proc.poll() is None:
            self.proc.terminate()
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        with contextlib.suppress(OSError):
            os.unlink(self.path)


class ForkClient:
    """A connection to a :class:`ForkServer`; the kernels it starts die with the connection."""

    def __init__(self, path: str):
        self._sock = socket.socket(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self._lock = threading.Lock()
        try:
            self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, _BUF)
            self._sock.connect(path)
        except OSError as exc:
            self._sock.close()
            raise ForkServerError(f"cannot reach the fork server at {path}: {exc}") from exc

    def _ask(self, message: dict, fds=(), timeout: float = 180) -> dict:
        reply, received = self._ask_fds(message, fds, timeout)
        for fd in received:
            os.close(fd)
        return reply

    def _ask_fds(self, message: dict, fds=(), timeout: float = 180) -> tuple[dict, list[int]]:
        """Send a request (with ``fds``); return the reply and the descriptors that came with it."""
        with self._lock:
            try:
                socket.send_fds(self._sock, [json.dumps(message).encode()], list(fds))
                ready, _, _ = select.select([self._sock], [], [], timeout)
                if not ready:
                    # its late answer would be read as the next one's: drop the connection
                    # (the server then kills any kernel it started for it) and fall back for good
                    self._sock.close()
                    raise ForkServerError(f"the fork server did not answer within {timeout:g} s")
                data, received, _flags, _addr = socket.recv_fds(self._sock, _BUF, 1)
            except (OSError, ValueError) as exc:
                raise ForkServerError(f"the fork server is gone: {exc}") from exc
        if not data or "error" in (reply := json.loads(data)):
            for fd in received:
                os.close(fd)
            raise ForkServerError(reply["error"] if data else "the fork server closed the connection")
        return reply, received

    def fork(self, argv: list[str], env: dict, cwd: str, output_fd: int | None = None) -> tuple[int, int]:
        """Start a kernel with ``argv`` (ipykernel's arguments); return its pid and a pidfd of it.

        The server opens the pidfd before it could reap the kernel, so the
        descriptor always refers to this kernel, even once its pid is reused.
        """
        fds = [output_fd] if output_fd is not None else []
        reply, received = self._ask_fds({"op": "fork", "argv": argv, "env": dict(env), "cwd": str(cwd)}, fds)
        if len(received) != 1:
            for fd in received:
                os.close(fd)
            raise ForkServerError("the fork server sent no pidfd with the kernel")
        return reply["pid"], received[0]

    def exit_status(self, pid: int) -> tuple[bool, int | None]:
        """``(ended, status)`` of a kernel: ``(False, None)`` until the server has collected
        its exit status, ``(True, None)`` if the server cannot tell (it is gone)."""
        try:
            reply = self._ask({"op": "status", "pid": pid}, timeout=5)
        except ForkServerError:
            return True, None
        return (not reply.get("running"), reply.get("status"))

    def close(self) -> None:
        with self._lock:
            self._sock.close()


class ForkedProcess:
    """The part of :class:`subprocess.Popen` jupyter_client uses, for a kernel the server forked.

    It holds a pidfd of the kernel: whether it has ended is read from the pidfd, and
    signals go through it, so they can never reach another process that was given
    the same pid after the kernel was reaped.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int, server: ForkClient, pidfd: int):
        self.pid, self._server, self._pidfd = pid, server, pidfd
        self.returncode: int | None = None

    def _ended(self) -> bool:
        if self._pidfd is None:
            return True
        ready, _, _ = select.select([self._pidfd], [], [], 0)
        return bool(ready)  # a pidfd is readable once its process has exited

    def poll(self) -> int | None:
        if self.returncode is None and self._ended():
            ended, status = self._server.exit_status(self.pid)
            if ended:  # else: exited, not yet collected by the server
                self.returncode = -signal.SIGKILL if status is None else status
                self.close()
        return self.returncode

    def wait(self, timeout: float | None = None, interval: float = 0.01) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            if self._pidfd is not None and not self._ended():
                left = interval if deadline is None else max(0.0, min(interval * 10, deadline - time.monotonic()))
                select.select([self._pidfd], [], [], left)
            else:
                time.sleep(interval)
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self._pidfd is not None and not self._ended():
            with contextlib.suppress(ProcessLookupError):
                signal.pidfd_send_signal(self._pidfd, signum)

    def alive(self) -> bool:
        """The kernel has not exited (so its pid, and its process group's id, are still its own)."""
        return not self._ended()

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def close(self) -> None:
        if self._pidfd is not None:
            with contextlib.suppress(OSError):
                os.close(self._pidfd)
            self._pidfd = None

    def __del__(self):
        self.close()


class ForkProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, forking the kernel from :attr:`server` when it can."""

    server: ForkClient | None = None
    forked = False
    cpu_at_end: float | None = None  # CPU seconds the kernel had used when it was killed

    async def launch_kernel(self, cmd: list[str], **kwargs):
        argv = kernel_argv(cmd) if self.server is not None else None
        if argv is not None:
            out = kwargs.get("stdout")
            try:
                fd = out.fileno() if out is not None and hasattr(out, "fileno") else None
                # as jupyter_client's launcher sets it, although the kernel's parent is the server
                env = dict(kwargs.get("env") or os.environ, JPY_PARENT_PID=str(os.getpid()))
                pid, pidfd = self.server.fork(argv, env, kwargs.get("cwd") or os.getcwd(), fd)
            except (ForkServerError, OSError) as exc:  # said in the report's log
                print(f"forking the kernel failed ({exc}); starting it normally", file=sys.stderr, flush=True)
            else:
                self.process = ForkedProcess(pid, self.server, pidfd)
                self.pid = self.pgid = pid  # the kernel leads its own session
                self.cwd = kwargs.get("cwd") or os.getcwd()
                self.forked = True
                return self.connection_info
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
                self.process.wait(timeout=0.5, interval=0.002)


def attach(km, server: ForkClient) -> None:
    """Make the (not yet started) kernel manager ``km`` fork its kernel from ``server``."""
    import uuid

    km.kernel_id = km.kernel_id or str(uuid.uuid4())
    provisioner = ForkProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
    provisioner.server = server
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

    ``fork_server`` is the socket of a :class:`ForkServer` to fork the kernels from.
    On POSIX the kernels talk over Unix sockets in a private folder (IPC transport):
    with TCP, kernels started at the same moment by parallel workers (or by anything
    else on the machine) can pick the same free port and die on start-up.  A kernel
    that still fails to start is replaced (three tries).
    """

    TRIES = 3

    def __init__(self, env: dict, cwd: str, ipc_dir: str | None = None, fork_server: str | None = None):
        self.env, self.cwd = env, cwd
        self.spare = None
        self.count = 0
        self.ipc_dir = ipc_dir
        if ipc_dir is not None:
            self.ipc_dir = os.path.join(ipc_dir, str(os.getpid()))
            os.makedirs(self.ipc_dir, exist_ok=True)
        self.server = None
        if fork_server is not None:
            try:
                self.server = ForkClient(fork_server)
            except ForkServerError as exc:
                print(f"{exc}; kernels start normally", file=sys.stderr, flush=True)

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
        if self.server is not None:
            attach(km, self.server)
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
        if self.server is not None:
            self.server.close()
            self.server = None
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


# ------------------------------------------------------------------ forking: the server side


def _preload() -> None:
    # as a kernel would see it: the inline backend unless the environment chose one
    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
    import ipykernel.kernelapp  # noqa: F401
    for name in PRELOAD_MODULES:
        __import__(name)


def _become_kernel(request: dict, fds: list[int], server_pid: int) -> None:
    """In the forked child: turn into the kernel ``request`` describes; never returns."""
    code = 1
    try:
        os.setsid()
        for sig in (signal.SIGINT, signal.SIGTERM):  # as in a new interpreter
            signal.signal(sig, signal.SIG_DFL if sig != signal.SIGINT else signal.default_int_handler)
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
        out = fds[0] if fds else os.open(os.devnull, os.O_WRONLY)
        null = os.open(os.devnull, os.O_RDONLY)
        os.dup2(null, 0)
        os.dup2(out, 1)
        os.dup2(out, 2)
        for fd in {null, out} - {0, 1, 2}:
            os.close(fd)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)
        if "numpy" in sys.modules:  # a fresh process would not share the server's random state
            sys.modules["numpy"].random.seed()
        argv = list(request["argv"]) + [f"--IPKernelApp.parent_handle={server_pid}"]
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
            try:
                stream.flush()
            except Exception:
                pass
        os._exit(code)


def serve(listener: socket.socket) -> None:
    """Answer fork and status requests until stopped (SIGTERM) or orphaned.

    A client that disconnects takes its kernels with it: they are killed.
    """
    parent, me = os.getppid(), os.getpid()
    clients: list[socket.socket] = []
    owner: dict[int, socket.socket] = {}  # running kernel -> the client that asked for it
    ended: dict[int, int] = {}
    error = None
    try:
        _preload()
    except Exception as exc:  # every request gets the reason, and the clients fall back
        error = f"the fork server could not import the common libraries: {exc!r}"

    def reap():
        while owner:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            owner.pop(pid, None)
            ended[pid] = os.waitstatus_to_exitcode(status)

    def kill(pids):
        for pid in pids:  # the process itself too: a kernel just forked may not lead its group yet
            with contextlib.suppress(OSError):
                os.killpg(pid, signal.SIGKILL)
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    def answer(conn: socket.socket) -> bool:
        try:
            data, fds, _flags, _addr = socket.recv_fds(conn, _BUF, 4)
        except OSError:
            data, fds = b"", []
        if not data:
            return False
        pidfd = None
        try:
            request = json.loads(data)
            if request.get("op") == "status":
                pid = request.get("pid")
                reply = {"status": ended.get(pid), "running": pid in owner}
            elif error is not None:
                reply = {"error": error}
            elif threading.active_count() > 1:
                reply = {"error": "the fork server has started a thread; forking is unsafe"}
            else:
                sys.stdout.flush()
                sys.stderr.flush()
                # no SIGTERM between the fork and recording the child: it would never be killed
                signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
                try:
                    pid = os.fork()
                    if pid == 0:
                        listener.close()
                        for c in clients:
                            c.close()
                        _become_kernel(request, fds, me)
                    owner[pid] = conn
                finally:
                    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
                pidfd = os.pidfd_open(pid)  # before any reap: it is this kernel's for sure
                reply = {"pid": pid}
        except Exception as exc:  # a bad request or a failed fork: that client falls back, the rest go on
            reply = {"error": f"the fork server could not do it: {exc!r}"}
        finally:
            for fd in fds:
                os.close(fd)
        try:
            socket.send_fds(conn, [json.dumps(reply).encode()], [pidfd] if pidfd is not None else [])
        except OSError:
            return False
        finally:
            if pidfd is not None:
                os.close(pidfd)
        return True

    try:
        while os.getppid() == parent:
            ready, _, _ = select.select([listener, *clients], [], [], 0.1)
            reap()
            for sock in ready:
                if sock is listener:
                    with contextlib.suppress(OSError):
                        clients.append(listener.accept()[0])
                elif not answer(sock):
                    clients.remove(sock)
                    kill([pid for pid, c in owner.items() if c is sock])
                    sock.close()
    finally:
        kill(list(owner))
        for pid in list(owner):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def _terminate(signum, frame):
    raise SystemExit(128 + signum)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    # as ipykernel_launcher does: the working folder is not on the import path while
    # the libraries load (the kernel puts it back when it starts)
    if sys.path and (sys.path[0] == "" or Path(sys.path[0]) == Path.cwd()):
        del sys.path[0]
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # a Ctrl-C is for the builder, which stops us
    signal.signal(signal.SIGTERM, _terminate)
    code = 0
    try:
        serve(socket.socket(fileno=int(argv[0])))
    except SystemExit as exc:
        code = 0 if exc.code == 128 + signal.SIGTERM else 1
    except BaseException:
        import traceback

        traceback.print_exc()
        code = 1
    finally:
        # nothing to tidy up that the OS does not: skip tearing down pandas and matplotlib
        sys.stderr.flush()
        os._exit(code)


if __name__ == "__main__":
    main()
