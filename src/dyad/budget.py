"""Give one step on one document a time budget, so a stall costs that document, not the run.

`time_limit` arms a one-shot timer (SIGALRM): when it goes off, the block
raises TimeBudgetError at the next line of Python it runs, and the caller
records the document as failed and goes on. A stall inside one call into C
(one regular-expression search) ends when that call returns. Signals
reach only the main thread, so elsewhere (a web server's thread, a
thread of the caller's own) the block runs without a limit.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from dyad.errors import TimeBudgetError


@contextmanager
def time_limit(seconds: float, what: str) -> Iterator[None]:
    """Raise TimeBudgetError inside the block once `seconds` have passed (`what` names the step)."""
    if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return
    armed = [True]

    def expired(_signum: int, _frame: FrameType | None) -> None:
        if armed[0]:
            raise TimeBudgetError(f"{what} took more than {seconds:g} s and was stopped")

    previous = signal.signal(signal.SIGALRM, expired)
    outer, _ = signal.setitimer(signal.ITIMER_REAL, seconds)
    started = time.monotonic()
    try:
        yield
    finally:
        try:
            armed[0] = False  # an alarm from here on is too late to matter
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            if outer:  # an enclosing limit keeps what is left of its time
                signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 0.001))
