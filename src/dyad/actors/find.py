"""Find stored actors by a name as people type it: any alias, a surname, a near spelling.

The search page lists these beside the documents, so "shoygu", "Lavrov" or
"Putin" lead to the actor's page whichever transliteration the user knows.
A pure function over (id, name, aliases) rows: the store reads them, this
decides.
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz import fuzz

from dyad.actors.names import normalise, spelling_key

# A typed name matches a name or alias (or one of its words, a surname) at this
# rapidfuzz ratio or above: "shoygu" ~ "shoigu" is 83, "lavrof" ~ "lavrov" 83,
# while "lavender" ~ "lavrov" is 57 and "tokyo" ~ "taro kono" 57.
NEAR = 80.0
SHORTEST = 3  # a word shorter than this matches only exactly: "Abe", not "Ab"


def find_actors(query: str, rows: Iterable[tuple[str, str, list[str]]], limit: int = 10) -> list[tuple[str, float]]:
    """Return (actor id, score 0-100) of the actors a typed name may mean, best first."""
    typed = _key(query)
    if len(typed) < SHORTEST:
        return []
    found: dict[str, float] = {}
    for actor_id, name, aliases in rows:
        best = max(_score(typed, _key(form)) for form in (name, *aliases))
        if best >= NEAR:
            found[actor_id] = best
    return sorted(found.items(), key=lambda pair: (-pair[1], pair[0]))[:limit]


def _key(name: str) -> str:
    """Fold a name as the dictionary does: lower-case ASCII, one spelling of -y/-iy/-ii (Shoygu, Shoigu)."""
    return spelling_key(normalise(name))


def _score(typed: str, form: str) -> float:
    """Score a typed name against one name form: whole, or any of its words (a surname alone)."""
    if not form:
        return 0.0
    if typed == form:
        return 100.0
    whole = fuzz.ratio(typed, form)
    if " " in typed:
        return whole
    # A surname a letter off ("lavrof"), not a longer word around it ("Putting" is not "Putin").
    words = [w for w in form.split() if len(w) >= SHORTEST and abs(len(w) - len(typed)) <= 1]
    return max([whole, *(fuzz.ratio(typed, w) - (0 if typed == w else 1) for w in words)])
