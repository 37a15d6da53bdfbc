"""Give one step on one document a time budget, so a stall costs that document, not the run.

`time_limit` arms a one-shot timer: when it goes off, the block raises
TimeBudgetError at the next line of Python it runs, and the caller records
the document as failed and goes on. A stall inside one call into C (one
regular-expression search) ends when that call returns.

On the main thread the timer is SIGALRM. Signals reach only the main
thread, so on any other (a Dask worker's task thread, a web server's, a
caller's own) a timer thread raises the error in the block's thread
instead (CPython's PyThreadState_SetAsyncExc, which is checked at the same
points a signal handler runs), and clears it if the block ended first.
"""

from __future__ import annotations

import ctypes
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
    if seconds <= 0:
        yield
        return
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        with _thread_limit(seconds, what):
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


@contextmanager
def _thread_limit(seconds: float, what: str) -> Iterator[None]:
    """Do what `time_limit` does off the main thread: a timer thread raises the error in this one."""
    message = f"{what} took more than {seconds:g} s and was stopped"
    # Raised by class, so the class carries the message: wherever it lands, it reads right.
    expired = type("TimeBudgetExpired", (TimeBudgetError,), {"__str__": lambda _self: message})
    target = ctypes.c_ulong(threading.get_ident())
    lock = threading.Lock()
    state = {"open": True, "fired": False}

    def expire() -> None:
        with lock:
            if state["open"]:
                state["fired"] = True
                ctypes.pythonapi.PyThreadState_SetAsyncExc(target, ctypes.py_object(expired))

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        with lock:
            state["open"] = False
        timer.cancel()
        if state["fired"]:  # went off as the block ended: take back an error not raised yet
            ctypes.pythonapi.PyThreadState_SetAsyncExc(target, None)
