"""A bounded cache: a dict that forgets everything once it holds its most entries and another comes.

Dyad's caches hold answers that are cheap to find again (a name's key, a
word's lemma, a regex's verdict on a string) and are read on every token, so
the cache is a plain dict (its `get` runs at C speed) and bounding it costs
one length test per new entry. Forgetting all at once rather than the least
recently used keeps that cost flat; the common entries come back within a
document. Nothing is built when a module defining one is imported.
"""

from __future__ import annotations

from typing import TypeVar

K = TypeVar("K")
V = TypeVar("V")


class Bounded(dict[K, V]):
    """A dict of at most `most` entries: `put` empties it when full, then adds."""

    __slots__ = ("most",)

    def __init__(self, most: int) -> None:
        super().__init__()
        if most < 1:
            raise ValueError(f"a bounded cache holds at least one entry, not {most}")
        self.most = most

    def put(self, key: K, value: V) -> V:
        """Remember `value` under `key` (emptying the cache first when it is full) and return it."""
        if len(self) >= self.most:
            self.clear()
        self[key] = value
        return value
