"""One way to bound a block of Python code in time: an interval timer and SIGALRM.

Used by the loader (a schema ``pattern`` that backtracks for ever) and by the
builder (a page that takes too long to render).  Python checks for signals between
bytecodes and inside regular-expression matching, so the timer interrupts both.
"""

from __future__ import annotations

import contextlib
import signal
import threading


class TimeLimitExceeded(Exception):
    """Raised inside a :func:`time_limit` block when its time is up."""


@contextlib.contextmanager
def time_limit(seconds: float):
    """Raise :class:`TimeLimitExceeded` in the block after ``seconds``; yields whether the limit applies.

    It applies in the main thread of a POSIX process when no other interval timer is
    running (one is never overwritten); elsewhere the block runs unbounded.
    """
    usable = (hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
              and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0))
    if not usable:
        yield False
        return

    def expired(signum, frame):
        raise TimeLimitExceeded

    old = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield True
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
