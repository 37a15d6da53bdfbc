"""Compute the answers not kept on the event loop itself, one at a time, the API's before the pages'.

A server process answers kept answers and static files on its event loop
in tens of microseconds (dyad.web.answers); what is left, a first request
for a path, is computed by a view in 1-5 ms at a million events. Those
views ran in threads (4 for the API, 3 for pages and downloads per
process): every one was two hand-offs between threads, and the threads and
the event loop took the interpreter from each other in turn, the loop
waiting up to the interpreter's switch interval (5 ms) each time it gave
it up, for a socket or for SQLite. Under 50 clients in a closed loop
(load.py, 1M events, two processes) that cost more than the views: 562
answers a second at 1.8 ms of server CPU each, against 1,060 at 1.3 with
the views run on the loop.

Here a view runs on the loop when its turn comes: one at a time, the API's
waiting calls first (their answers are promised within 100 ms, pages'
within 300), and between two of them the loop reads what arrived and
sends every kept answer and static file asked meanwhile, so that those
wait for at most the one view being computed, never behind a queue of
them. A process with nothing to compute runs a view at once.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
LANES = ("api", "page")  # in the order their waiting calls are taken


class Turns:
    """Run views on the event loop one at a time, each lane's waiting calls in arrival order, the API's first."""

    def __init__(self) -> None:
        self._busy = False
        self._waiting: dict[str, deque[asyncio.Future[None]]] = {lane: deque() for lane in LANES}

    async def run(self, lane: str, work: Callable[[], T]) -> T:
        """Wait for this call's turn, then run work on the loop and give the turn to the next waiting call."""
        if self._busy:
            turn = asyncio.get_running_loop().create_future()
            self._waiting[lane].append(turn)
            try:
                await turn  # resumed in a later pass of the loop, after what arrived meanwhile
            except asyncio.CancelledError:
                if turn.done() and not turn.cancelled():  # given the turn, then cancelled: pass it on
                    self._next()
                raise
        else:
            self._busy = True
        try:
            return work()
        finally:
            self._next()

    def _next(self) -> None:
        """Give the turn to the first call waiting, the API's before the pages'; or free it."""
        for lane in LANES:
            waiting = self._waiting[lane]
            while waiting:
                turn = waiting.popleft()
                if not turn.done():  # a call cancelled while it waited has its future cancelled
                    turn.get_loop().call_soon(self._give, turn)
                    return
        self._busy = False

    def _give(self, turn: asyncio.Future[None]) -> None:
        """Hand the turn over one pass of the loop later, so that what arrived meanwhile goes first.

        Under uvloop a pass runs the callbacks due, then reads the sockets,
        whose new requests' first steps come after: handed at once, the next
        view would run before the kept answers and static files that arrived
        while the last one was computed, which then waited for two views.
        """
        if turn.done():  # cancelled while the turn came to it
            self._next()
        else:
            turn.set_result(None)

    def waiting(self) -> int:
        """Count the calls waiting for a turn (for tests and diagnostics)."""
        return sum(len(waiting) for waiting in self._waiting.values())
