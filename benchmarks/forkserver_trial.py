"""Trial for issue 13 section 2: kernels from multiprocessing's forkserver against the project's fork server.

Starts N kernels one after another each way and measures, per kernel, the wall-clock
time until it answers and the CPU seconds the kernel process used to get there.
The multiprocessing way: ``multiprocessing.get_context("forkserver")`` with
``set_forkserver_preload`` of the same modules, a Process whose target turns into
the kernel (as :func:`shaoxing.build.kernels._become_kernel` does), and a
provisioner that treats the Process as the kernel's process.

    python benchmarks/forkserver_trial.py [N]
"""

from __future__ import annotations

import multiprocessing
import os
import statistics
import sys
import tempfile
import time

from jupyter_client.manager import KernelManager

from shaoxing.build import kernels as K
from shaoxing.build.run import KERNEL_ENV


def _mp_kernel(argv, env, cwd):  # runs in a child of multiprocessing's forkserver
    K._become_kernel({"argv": argv, "env": env, "cwd": cwd}, [], os.getppid())


class MPProcess:
    """What jupyter_client needs of a Popen, for a multiprocessing Process."""

    stdin = stdout = stderr = None

    def __init__(self, proc):
        self.proc, self.pid, self.returncode = proc, proc.pid, None

    def poll(self):
        self.returncode = self.proc.exitcode
        return self.returncode

    def wait(self, timeout=None):
        self.proc.join(timeout)
        return self.poll()

    def send_signal(self, signum):
        if self.proc.exitcode is None:
            os.kill(self.pid, signum)

    def kill(self):
        self.proc.kill()

    def terminate(self):
        self.proc.terminate()


class MPProvisioner(K.LocalProvisioner):
    ctx = None

    async def launch_kernel(self, cmd, **kwargs):
        argv = K.kernel_argv(cmd)
        env = dict(kwargs.get("env") or os.environ, JPY_PARENT_PID=str(os.getpid()))
        proc = self.ctx.Process(target=_mp_kernel, args=(argv, env, kwargs.get("cwd") or os.getcwd()))
        proc.start()
        self.process = MPProcess(proc)
        self.pid = self.pgid = proc.pid
        return self.connection_info


def start_mp(ctx, ipc: str, n: int):
    import uuid

    km = KernelManager(kernel_name=K.KERNEL_NAME, client_factory=K.ReadyClient, transport="ipc",
                       ip=os.path.join(ipc, f"m{n}"))
    km.kernel_id = str(uuid.uuid4())
    prov = MPProvisioner(kernel_id=km.kernel_id, kernel_spec=km.kernel_spec, parent=km)
    prov.ctx = ctx
    km.provisioner = prov
    km.start_kernel(extra_arguments=["--HistoryManager.hist_file=:memory:", K.PRELOAD],
                    env=dict(os.environ, **KERNEL_ENV), cwd=os.getcwd())
    return km


def measure(start, n: int) -> tuple[list[float], list[float]]:
    walls, cpus = [], []
    for i in range(n):
        t = time.perf_counter()
        km = start(i)
        K.KernelPool._wait_ready(km)
        walls.append(time.perf_counter() - t)
        cpus.append(K.cpu_seconds(km.provisioner.pid) or float("nan"))
        km.shutdown_kernel(now=True)
    return walls, cpus


def main(argv=None) -> int:
    n = int((argv or sys.argv[1:] or ["8"])[0])
    os.environ.update(KERNEL_ENV)
    ipc = tempfile.mkdtemp(prefix="sx-trial-")
    env = dict(os.environ)
    # the project's fork server
    server = K.ForkServer(env, os.getcwd(), os.path.join(ipc, "fs"))
    pool = K.KernelPool(env, os.getcwd(), ipc, server.path)
    time.sleep(3)  # let it import
    try:
        ours = measure(lambda i: pool._start()[0], n)
    finally:
        pool.close()
        server.close()
    # multiprocessing's forkserver
    ctx = multiprocessing.get_context("forkserver")
    os.environ.setdefault("MPLBACKEND", K.INLINE_BACKEND)
    ctx.set_forkserver_preload(["ipykernel.kernelapp", *K.PRELOAD_MODULES])
    ctx.Process(target=time.sleep, args=(0,)).start()  # start the server and its imports
    time.sleep(3)
    theirs = measure(lambda i: start_mp(ctx, ipc, i), n)
    for name, (walls, cpus) in (("project fork server", ours), ("multiprocessing forkserver", theirs)):
        print(f"{name:28s} ready in {statistics.median(walls):.2f} s (median of {n}), "
              f"kernel CPU to ready {statistics.median(cpus):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
