"""Alias keys near a name, found by the letter pairs they share before any is scored.

rapidfuzz scores a name against alias keys at C speed, yet scanning the
thousands whose length can reach the cutoff cost 0.1 ms a name, and every
name a news article holds that the dictionary lacks (most of its people)
asks once: a third of resolving mentions. A key close enough shares most
of the name's letter pairs, so only keys sharing enough are scored, and
the answer is the same as the scan's.

Why it is the same: rapidfuzz's ratio is 100 * (1 - d / (a + b)) for keys
of lengths a and b at insert/delete distance d, so a key b letters long
scores the cutoff c only with d <= (1 - c/100) * (a + b). One insertion or
deletion breaks at most two letter pairs, so a key within d edits keeps at
least P - 2d of the name's P distinct pairs. A key sharing fewer cannot
reach the cutoff.
"""

from __future__ import annotations

import math

import numpy as np


def letter_pairs(key: str) -> set[str]:
    """Return the distinct pairs of neighbouring characters of a key."""
    return {key[i : i + 2] for i in range(len(key) - 1)}


class NearKeys:
    """The alias keys of a dictionary by the letter pairs they hold, in dictionary order."""

    def __init__(self, keys: list[str]) -> None:
        self.keys = keys
        self.lengths = np.array([len(key) for key in keys])
        postings: dict[str, list[int]] = {}
        for number, key in enumerate(keys):
            for pair in letter_pairs(key):
                postings.setdefault(pair, []).append(number)
        self._postings = {pair: np.array(found, dtype=np.int32) for pair, found in postings.items()}
        # The keys of each length range asked, as a mask: a name's length and the
        # cutoff set the range, so a few ranges serve every name (13 on 1,000
        # news pages), and comparing every key's length per name was a fifth of
        # the look-up.
        self._within: dict[tuple[float, float], np.ndarray] = {}

    def candidates(self, key: str, score_cutoff: float, shortest: float, longest: float) -> list[str] | None:
        """Return, in dictionary order, the keys between two lengths that can score the cutoff against this one.

        None when the letter pairs cannot narrow the search (a short name,
        a low cutoff): the caller scans every key of a length in reach.
        """
        if not math.isfinite(longest):
            return None
        most_edits = math.floor((100 - score_cutoff) * (len(key) + longest) / 100 + 1e-9)
        pairs = letter_pairs(key)
        needed = len(pairs) - 2 * most_edits
        if needed <= 0:
            return None
        held = [self._postings[pair] for pair in pairs if pair in self._postings]
        if len(held) < needed:
            return []
        shared = np.bincount(np.concatenate(held), minlength=len(self.keys))
        chosen = np.flatnonzero((shared >= needed) & self._lengths_within(shortest, longest))
        keys = self.keys
        return [keys[number] for number in chosen.tolist()]

    def _lengths_within(self, shortest: float, longest: float) -> np.ndarray:
        """Return which keys are between two lengths, worked out once per range."""
        found = self._within.get((shortest, longest))
        if found is None:
            found = self._within[(shortest, longest)] = (self.lengths >= shortest) & (self.lengths <= longest)
        return found
