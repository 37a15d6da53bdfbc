"""The actor dictionary: every known actor, indexed the ways the resolver asks.

`load_dictionary()` reads the bundled data files once per process (plus any
user files passed as `extra`) and returns an `ActorDictionary`. Lookups:

- `by_id`, `exact(name)`, `fuzzy(name)`: names to actors, through the keys of
  `names.py` (accents, punctuation, titles, name order and romanisation folded);
- `holders(country, role_key, on)`: who held an office on a day (tenure);
- `surname_index`: the bare surname a text uses after first mention;
- `state`, `state_by_name`, `metonym`, `place`: states, demonyms, capitals
  used for governments, and places with the names each side uses.

Finding is separate from deciding: these methods return every candidate; the
resolver picks one in context.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
from rapidfuzz import fuzz, process

from dyad.caches import Bounded
from dyad.data import load_yaml

from .loader import (
    DATA_DIR,
    read_demonyms,
    read_honorifics,
    read_metonyms,
    read_organisations,
    read_people,
    read_places,
    state_actors,
)
from .names import comma_reorder, normalise, order_variants, spelling_key, strip_titles, surname
from .near_keys import NearKeys
from .records import Actor, cameo_code

# Names written family name first in English-language news.
FAMILY_FIRST = frozenset({"CHN", "KOR", "PRK", "TWN"})


def family_first(country: str | None, name: str) -> bool:
    """Tell whether a person's name is written family name first: a Chinese or Korean name, unless it
    starts with a Western given name ("Joseph Wu" is called "Wu", not "Joseph"; data/gender.yaml)."""
    if country not in FAMILY_FIRST:
        return False
    first = name.split()[0].lower() if name.strip() else ""
    given, family = _given_names()
    return first not in given or first in family


@lru_cache(maxsize=1)
def _given_names() -> tuple[frozenset[str], frozenset[str]]:
    """Read the given names and the region's family names that are also given names, from data/gender.yaml."""
    data = load_yaml("gender.yaml")
    given = frozenset(w.lower() for words in data["given_names"].values() for w in words)
    return given, frozenset(w.lower() for w in data.get("east_asian_family_names") or ())
KEYS_KEPT = 5_000  # name keys remembered (~1 MB); kept small, as every cache shows in peak memory
FUZZY_KEPT = 500  # fuzzy searches remembered, each a few actors at most
REACH_KEPT = 64  # lists of alias keys by (length, cutoff): names run to some 60 letters


def within_reach(length: int, score_cutoff: float) -> tuple[float, float]:
    """Return the shortest and longest key that can score `score_cutoff` against a key of this length.

    rapidfuzz's ratio is 100 * (1 - d / (a + b)) for keys of lengths a and
    b, and their edit (insert/delete) distance d is at least |a - b|: so the
    ratio is at most 200 * min(a, b) / (a + b), whatever the letters.
    """
    if score_cutoff <= 0:
        return 0, float("inf")
    if score_cutoff > 100:
        return 1, 0  # nothing reaches it
    slack = 1e-9  # the bounds are exact fractions: keep a key on the bound in
    return length * score_cutoff / (200 - score_cutoff) - slack, length * (200 - score_cutoff) / score_cutoff + slack


@dataclass(frozen=True)
class Metonym:
    """A word standing for a state's institution ("Moscow" -> RUS GOV)."""

    word: str
    country: str
    sector: str
    note: str

    @property
    def code(self) -> str:
        return cameo_code(self.country, self.sector) or self.country


class ActorDictionary:
    """Actors plus the indexes the resolver needs; built once, then read-only."""

    def __init__(
        self,
        actors: Iterable[Actor],
        metonyms: dict[str, list[tuple[str, str, str]]],
        titles: Iterable[str] = (),
    ) -> None:
        self._titles = tuple(sorted(titles, key=len, reverse=True))
        # Answers kept per dictionary, which is read-only once built: a feed names the
        # same people and places article after article, and each key is a few regular
        # expressions, each fuzzy search a scan of every alias (together 1.7% of ingest).
        self._keys: Bounded[str, str] = Bounded(KEYS_KEPT)
        self._fuzzy: Bounded[tuple[str, float], tuple[tuple[Actor, float], ...]] = Bounded(FUZZY_KEPT)
        self._actors: dict[str, Actor] = {}
        for actor in actors:
            self.add(actor)
        self._metonyms = {
            self.key(word): [Metonym(word, *entry) for entry in entries]
            for word, entries in metonyms.items()
        }
        self._build_indexes()

    def add(self, actor: Actor) -> None:
        """Add an actor, merging it into an existing one with the same id."""
        if actor.id in self._actors:
            self._actors[actor.id].merge(actor)
        else:
            self._actors[actor.id] = actor

    def _build_indexes(self) -> None:
        """Index every alias and its rule-derived variants by spelling key."""
        self._names: dict[str, list[Actor]] = defaultdict(list)
        self.surname_index: dict[str, list[Actor]] = defaultdict(list)
        self._holders: dict[tuple[str, str], list[Actor]] = defaultdict(list)
        for actor in self._actors.values():
            for alias in [actor.name, *actor.aliases]:
                forms = order_variants(alias, family_first(actor.country, alias)) if actor.kind == "person" else [alias]
                for form in forms:
                    self._index(self._names, self.key(form), actor)
            if actor.kind == "person":
                self._index(self.surname_index, self.key(surname(actor.name, family_first(actor.country, actor.name))), actor)
                for alias in actor.aliases:  # a one-word alias is a name used alone ("Lula", "Anwar")
                    if " " not in alias.strip():
                        self._index(self.surname_index, self.key(alias), actor)
            for role in actor.roles:
                if role.country:
                    self._index(self._holders, (role.country, role.role_key), actor)
        self._fuzzy_keys = list(self._names)
        self._fuzzy_lengths = np.array([len(key) for key in self._fuzzy_keys])
        self._in_reach: Bounded[tuple[int, float], list[str]] = Bounded(REACH_KEPT)
        self._near: NearKeys | None = None

    @staticmethod
    def _index(index: dict, key: object, actor: Actor) -> None:  # type: ignore[type-arg]
        """Append an actor under a key once."""
        if key and actor not in index[key]:
            index[key].append(actor)

    def key(self, text: str) -> str:
        """Return the matching key of a name: normalised, titles stripped, spelling folded."""
        found = self._keys.get(text)
        if found is None:
            found = self._keys.put(text, spelling_key(strip_titles(normalise(text), self._titles)))
        return found

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._actors.values())

    def by_id(self, actor_id: str) -> Actor | None:
        """Return the actor with this id, or None."""
        return self._actors.get(actor_id)

    def exact(self, name: str) -> list[Actor]:
        """Return the actors a name denotes, ignoring case, punctuation, titles and name order.

        Args:
            name: a mention as written ("Mr. Shoygu, Sergey Kuzhugetovich").
        Returns:
            Every matching actor; empty when none.
        """
        found: list[Actor] = []
        for candidate in self._forms(name.strip()):
            for actor in self._names.get(self.key(candidate), []):
                if actor not in found:
                    found.append(actor)
        return found

    def _forms(self, name: str) -> list[str]:
        """List the forms of a mention to look up: itself and any comma reordering.

        Titles are stripped from the family part first, so "Mr. Lavrov, Sergey
        Viktorovich" becomes "Sergey Viktorovich Lavrov" and "Sergey Lavrov".
        """
        family, sep, given = name.partition(",")
        if not sep or "," in given or not family.strip() or not given.strip():
            return [name]
        family_key = strip_titles(normalise(family), self._titles)
        return [name, *comma_reorder(f"{family_key}, {normalise(given)}")]

    def fuzzy(self, name: str, score_cutoff: float = 90) -> list[tuple[Actor, float]]:
        """Return actors whose alias keys are close to the name (rapidfuzz ratio), best first."""
        key = self.key(name)
        if not key:
            return []
        found = self._fuzzy.get((key, score_cutoff))
        if found is None:
            found = self._fuzzy.put((key, score_cutoff), self._search(key, score_cutoff))
        return list(found)

    def _search(self, key: str, score_cutoff: float) -> tuple[tuple[Actor, float], ...]:
        """Scan the alias keys that can be close to this one; return the actors, best first.

        Only keys of a length that can reach the cutoff (within_reach) and
        sharing enough letter pairs with it (near_keys) are scored, in their
        order in the dictionary, so ties come out as from a scan of all keys.
        """
        best: dict[str, tuple[Actor, float]] = {}
        lo, hi = within_reach(len(key), score_cutoff)
        near = self._near_keys().candidates(key, score_cutoff, lo, hi)
        keys = self._keys_in_reach(len(key), score_cutoff) if near is None else near
        matches = process.extract(key, keys, scorer=fuzz.ratio, score_cutoff=score_cutoff, limit=10)
        for alias_key, score, _ in matches:
            for actor in self._names[alias_key]:
                if actor.id not in best or best[actor.id][1] < score:
                    best[actor.id] = (actor, score)
        return tuple(sorted(best.values(), key=lambda pair: -pair[1]))

    def _near_keys(self) -> NearKeys:
        """Index the alias keys by their letter pairs, on the first fuzzy search (40 ms)."""
        if self._near is None:
            self._near = NearKeys(self._fuzzy_keys)
        return self._near

    def _keys_in_reach(self, length: int, score_cutoff: float) -> list[str]:
        """Return the alias keys whose length can reach the cutoff, in dictionary order; one list per length."""
        found = self._in_reach.get((length, score_cutoff))
        if found is None:
            lo, hi = within_reach(length, score_cutoff)
            lengths = self._fuzzy_lengths
            found = [self._fuzzy_keys[i] for i in np.flatnonzero((lengths >= lo) & (lengths <= hi)).tolist()]
            self._in_reach.put((length, score_cutoff), found)
        return found

    def holders(self, country: str, role_key: str, on: date) -> list[Actor]:
        """Return who held a role in a country (or organisation id) on a day.

        Args:
            country: ISO alpha-3 code, or an organisation id such as "eu".
            role_key: a key from roles.csv, e.g. "defence_minister".
            on: the day; a role's end date is exclusive.
        """
        return [
            actor
            for actor in self._holders.get((country, role_key), [])
            if any(r.role_key == role_key and r.country == country and r.active(on) for r in actor.roles)
        ]

    def surnames(self, name: str) -> list[Actor]:
        """Return the people called by this bare surname ("Shoygu")."""
        return list(self.surname_index.get(self.key(name), []))

    def state(self, alpha3: str) -> Actor | None:
        """Return the state actor for an ISO alpha-3 code."""
        actor = self._actors.get(alpha3.upper())
        return actor if actor is not None and actor.kind == "state" else None

    def state_by_name(self, name: str) -> Actor | None:
        """Return the state a name or demonym denotes ("Japanese", "the U.K.")."""
        key = self.key(name)
        for candidate in (key, key.removeprefix("the ")):
            for actor in self._names.get(candidate, []):
                if actor.kind == "state":
                    return actor
        return None

    def metonym(self, word: str) -> list[Metonym]:
        """Return what a capital or seat stands for ("the Kremlin" -> RUS GOV).

        A capital is a metonym only as a subject or agent ("Moscow objected");
        as a location ("talks in Moscow") it is a place. The resolver decides.
        """
        return list(self._metonyms.get(self.key(word), []))

    def place(self, name: str) -> list[tuple[Actor, list[str]]]:
        """Return (place, countries that use this name) for every place with this name."""
        key = self.key(name)
        found = []
        for actor in self._names.get(key, []):
            if actor.kind != "place":
                continue
            users = [u for n, us in actor.names_by_user.items() if self.key(n) == key for u in us]
            found.append((actor, users))
        return found


def bundled_actors() -> tuple[list[Actor], dict[str, list[tuple[str, str, str]]], list[str]]:
    """Read the bundled data files: actors, metonyms and titles."""
    organisations = read_organisations(DATA_DIR / "organisations.csv")
    org_codes = {org.id: org.code or "" for org in organisations}
    actors = [
        *state_actors(read_demonyms(DATA_DIR / "demonyms.csv")),
        *organisations,
        *read_places(DATA_DIR / "places.csv", DATA_DIR / "place_names.csv"),
        *read_people(DATA_DIR / "people.csv", org_codes),
    ]
    return actors, read_metonyms(DATA_DIR / "metonyms.csv"), read_honorifics(DATA_DIR / "honorifics.csv")


def load_dictionary(extra: Iterable[Path] = ()) -> ActorDictionary:
    """Load the bundled dictionary plus user files, once per process per set of files.

    Args:
        extra: more actor files: `.csv` in the people.csv format, or PETRARCH
            `.actors.txt` files. Records with an id already known are merged.
    Returns:
        A read-only ActorDictionary (shared: do not mutate it).
    """
    return _load(tuple(Path(path).resolve() for path in extra))


@lru_cache(maxsize=8)
def _load(extra: tuple[Path, ...]) -> ActorDictionary:
    """Build the dictionary for one tuple of extra files."""
    from .importers import import_file

    actors, metonyms, titles = bundled_actors()
    for path in extra:
        actors.extend(import_file(path))
    return ActorDictionary(actors, metonyms, titles)
