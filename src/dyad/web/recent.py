"""Keep the answers of the aggregate views for as long as the store's generation stands.

The home page's top dyads and the dyads listing group every event that
counts (a second or more on a million events), and a dyad's page sums its
months and builds its chart (0.1 s for the busiest pair). Their dicts are
kept per key under the store's generation (dyad.store.generation), read
before computing (the one the request read as it came: dyad.web.generations):
a kept dict is given only while the generation is the one a request reads,
so an ingest shows at once and no dict ever differs
from what the store holds. A first request for a key waits for a
computation already running rather than starting another. At most MOST
answers are kept per store, the least recently asked dropped first. A
writable store's views are never kept: what it was just given must show
at once, and it has no reader to share them with.

While the database cannot be reached (a PostgreSQL server restarting), a
key's last dict is given as it was, the last the store answered, rather
than an error page; every other page says the database is away.
"""

from __future__ import annotations

import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any

from dyad.errors import StoreUnavailable
from dyad.store import Store
from dyad.web.generations import request_generation

MOST = 512  # a dyad page's dict is 10-150 KB: at most some tens of MB per store


class Recent:
    """Answers kept by key, each with the generation it was computed under; one computation per key at a time."""

    def __init__(self, most: int = MOST) -> None:
        self.most = most
        self._kept: OrderedDict[Hashable, tuple[int, Any]] = OrderedDict()
        self._running: dict[tuple[int, Hashable], threading.Event] = {}
        self._lock = threading.Lock()

    def get(self, generation: int, key: Hashable, compute: Callable[[], Any]) -> Any:
        """Give the answer kept for key under this generation, or compute it (once, however many ask at once)."""
        while True:
            with self._lock:
                found = self._kept.get(key)
                if found is not None and found[0] == generation:
                    self._kept.move_to_end(key)
                    return found[1]
                running = self._running.get((generation, key))
                if running is None:
                    done = self._running[(generation, key)] = threading.Event()
                    break
            running.wait()  # another request is computing it: take that answer, or try ourselves if it failed
        try:
            value = compute()
            with self._lock:
                self._kept[key] = (generation, value)
                self._kept.move_to_end(key)
                while len(self._kept) > self.most:
                    self._kept.popitem(last=False)
            return value
        finally:
            with self._lock:
                self._running.pop((generation, key), None)
            done.set()

    def last(self, key: Hashable) -> Any:
        """Give the answer last kept for key, of whatever generation, or None."""
        with self._lock:
            found = self._kept.get(key)
        return None if found is None else found[1]


_BY_STORE: weakref.WeakKeyDictionary[Store, Recent] = weakref.WeakKeyDictionary()
_BY_STORE_LOCK = threading.Lock()


def remembered(store: Store, key: Hashable, compute: Callable[[], Any]) -> Any:
    """Give a view's answer kept for a read-only store's generation, or computed now for a writable one."""
    if not store.readonly:
        return compute()
    with _BY_STORE_LOCK:
        recent = _BY_STORE.get(store)
        if recent is None:
            recent = _BY_STORE[store] = Recent()
    try:
        generation = request_generation()  # read as the request came (dyad.web.generations), or now
        if generation is None:
            generation = store.generation()
    except StoreUnavailable:
        last = recent.last(key)
        if last is None:
            raise
        return last
    return recent.get(generation, key, compute)
