"""Run the views off the event loop, in lanes of a few threads each: the API's, and the pages' and downloads'.

A view that is not kept (dyad.web.answers) reads the store and builds its
answer in milliseconds of CPU; run on the event loop it would hold every
other request, kept answers and static files included. Each lane has
threads of its own, started with the app, and a queue: a call goes to
its lane's queue and the first free thread of the lane runs it, in the
order calls came. So an API call (promised within 100 ms) never waits in
line behind pages (within 300 ms), and a call whose client went away
while it waited is dropped rather than run.

anyio's `to_thread.run_sync` with a limiter per lane did the same before;
a hop there cost 56-61 µs of CPU, here 32-33 (5,000 calls, one process),
which every answer not kept pays.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")



class Lanes:
    """Threads of their own for each lane, each lane's calls run in the order they came."""

    def __init__(self, threads: dict[str, int]) -> None:
        self.threads = dict(threads)
        self._queues: dict[str, queue.SimpleQueue[Any]] = {lane: queue.SimpleQueue() for lane in threads}
        self._running: list[threading.Thread] = []

    def start(self) -> None:
        """Start the threads (once)."""
        if self._running:
            return
        for lane, count in self.threads.items():
            for n in range(count):
                thread = threading.Thread(target=self._serve, args=(self._queues[lane],), daemon=True,
                                          name=f"dyad-{lane}-{n}")
                thread.start()
                self._running.append(thread)

    def stop(self, timeout: float = 10.0) -> None:
        """End the threads once the calls already queued are done; wait at most `timeout` seconds for them."""
        for lane, count in self.threads.items():
            for _ in range(count):
                self._queues[lane].put(None)
        for thread in self._running:
            thread.join(timeout)
        self._running = []

    async def run(self, lane: str, work: Callable[[], T]) -> T:
        """Run work in a thread of its lane, after the calls that came to the lane before it."""
        if not self._running:
            raise RuntimeError("Lanes.run before Lanes.start")
        loop = asyncio.get_running_loop()
        done: asyncio.Future[T] = loop.create_future()
        self._queues[lane].put((work, loop, done))
        return await done

    @staticmethod
    def _serve(calls: queue.SimpleQueue[Any]) -> None:
        while (call := calls.get()) is not None:
            work, loop, done = call
            if done.cancelled():  # the client went away while it waited: nobody to answer
                continue
            try:
                outcome: tuple[Any, BaseException | None] = (work(), None)
            except BaseException as exc:  # handed to the request that asked, as a thread pool does
                outcome = (None, exc)
            try:
                loop.call_soon_threadsafe(_settle, done, *outcome)
            except RuntimeError:  # the loop has closed (the server stopped): nobody to answer
                pass


def _settle(done: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    """Hand a call's outcome to the request waiting for it, on its event loop (unless it stopped waiting)."""
    if done.cancelled():
        return
    if error is not None:
        done.set_exception(error)
    else:
        done.set_result(result)
