"""Keep the answers of the aggregate views a while: they change only when an ingest writes.

The home page's top dyads and the dyads listing group every event that
counts (2-3 s on a million events), and a dyad's page sums its months and
builds its chart (0.3-0.7 s for the busiest pair). A read-only store's
answer is kept FRESH_SECONDS, as its record counts are (COUNTS_TTL); once
older, the kept answer is still given while one background thread computes
the new one, so after the first no request waits for the aggregate. A
first request for a key waits for a computation already running rather
than starting another. At most MOST answers are kept per store, the least
recently asked dropped first. A writable store's views are never kept:
what it was just given must show at once.
"""

from __future__ import annotations

import contextlib
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from dyad.store import Store

FRESH_SECONDS = 30.0
RETRY_SECONDS = 5.0  # after a refresh failed: the app's Retry-After
MOST = 512  # a dyad page's dict is 10-150 KB: at most some tens of MB per store


class Recent:
    """Answers kept by key, each with the time it goes stale; refreshed in the background once stale."""

    def __init__(self, fresh: float = FRESH_SECONDS, most: int = MOST) -> None:
        self.fresh, self.most = fresh, most
        self._kept: OrderedDict[Hashable, tuple[float, Any]] = OrderedDict()
        self._running: dict[Hashable, threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Give the kept answer for key (starting a refresh if it is stale), or compute it now if there is none."""
        with self._lock:
            found = self._kept.get(key)
            running = self._running.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                if found[0] < time.monotonic() and running is None:
                    self._start(key, compute)
                return found[1]
            if running is None:
                self._running[key] = threading.Event()
        if running is not None:  # another request is computing it: wait for that answer
            running.wait()
            with self._lock:
                if key in self._kept:
                    return self._kept[key][1]
        return self._compute(key, compute)

    def _start(self, key: Hashable, compute: Callable[[], Any]) -> None:
        """Refresh one key in a daemon thread (called holding the lock)."""
        self._running[key] = threading.Event()
        threading.Thread(target=self._refresh, args=(key, compute), daemon=True, name="dyad-recent").start()

    def _refresh(self, key: Hashable, compute: Callable[[], Any]) -> None:
        """Compute a stale key's answer in the background; a failure keeps the old one (see `_compute`)."""
        with contextlib.suppress(Exception):
            self._compute(key, compute)

    def _compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Compute and keep an answer, then wake whoever waits for it; an error is kept by no one.

        A refresh that fails (the database away) leaves the kept answer in
        place, tried again RETRY_SECONDS later rather than on every request.
        """
        try:
            try:
                value = compute()
            except Exception:
                with self._lock:
                    if key in self._kept:
                        self._kept[key] = (time.monotonic() + RETRY_SECONDS, self._kept[key][1])
                raise
            with self._lock:
                self._kept[key] = (time.monotonic() + self.fresh, value)
                self._kept.move_to_end(key)
                while len(self._kept) > self.most:
                    self._kept.popitem(last=False)
            return value
        finally:
            with self._lock:
                done = self._running.pop(key, None)
            if done is not None:
                done.set()


_BY_STORE: weakref.WeakKeyDictionary[Store, Recent] = weakref.WeakKeyDictionary()
_BY_STORE_LOCK = threading.Lock()


def remembered(store: Store, key: Hashable, compute: Callable[[], Any]) -> Any:
    """Give a view's answer kept for a read-only store, or computed now for a writable one."""
    if not store.readonly:
        return compute()
    with _BY_STORE_LOCK:
        recent = _BY_STORE.get(store)
        if recent is None:
            recent = _BY_STORE[store] = Recent()
    return recent.get(key, compute)
