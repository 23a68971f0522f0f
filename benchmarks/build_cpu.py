"""CPU seconds of a whole build: the builder, its workers, the kernels and whatever serves them.

The per-report figures of ``bench_reports.py`` leave out what no report owns (the
builder's start, the workers' warm-up, the processes kernels are forked from).  This
runs ``python -m shaoxing.reports --force`` (the full default set unless arguments
say otherwise) as the child of a process that adopts orphans (Linux
``PR_SET_CHILD_SUBREAPER``), reaps every process of the build, and prints the CPU
seconds (user + system) they used together, and the wall-clock time.

    python benchmarks/build_cpu.py [--repeat N] [builder arguments...]
"""

from __future__ import annotations

import ctypes
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

PR_SET_CHILD_SUBREAPER = 36


def one_build(args: list[str]) -> tuple[float, float, int]:
    """(CPU seconds, wall seconds, exit status) of one build; needs this process to be a subreaper."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    with tempfile.TemporaryDirectory(prefix="sx-cpu-") as out:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "shaoxing.reports", "--out", out, "--force", "-q", *args],
                                stdout=subprocess.DEVNULL)
        code = proc.wait()
        wall = time.perf_counter() - start
        while True:  # the orphans this process adopted, once they end
            try:
                os.wait()
            except ChildProcessError:
                break
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall, code


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    repeat = 1
    if argv[:1] == ["--repeat"]:
        repeat, argv = int(argv[1]), argv[2:]
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) != 0:
        print("cannot adopt the build's orphans (PR_SET_CHILD_SUBREAPER): Linux only", file=sys.stderr)
        return 1
    runs = [one_build(argv) for _ in range(repeat)]
    for cpu, wall, code in runs:
        print(f"build: {cpu:.1f} CPU s, {wall:.1f} s wall-clock (exit status {code})")
    if repeat > 1:
        print(f"median: {statistics.median(c for c, _, _ in runs):.1f} CPU s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
