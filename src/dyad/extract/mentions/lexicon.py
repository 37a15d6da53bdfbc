"""The resolver's precomputed view of the actor dictionary: phrase matchers and word lists.

Building the matchers tokenises a few thousand names, so it happens once per
(dictionary, vocabulary) pair and is cached; resolving a document then costs
two PhraseMatcher passes (C speed) and dictionary lookups on what they find,
never a scan over all actors.

- `names` matches on exact case (ORTH): state names and demonyms,
  organisations, places, capitals and seats, full person names and bare
  surnames. Case matters: "US" is a state, "us" is not; "May" is a surname,
  "may" is not.
- `roles` matches case-insensitively (LOWER): role phrases from
  `data/role_phrases.yaml` ("the Japanese foreign minister").
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

import spacy
from spacy.matcher import PhraseMatcher
from spacy.vocab import Vocab

from dyad.actors import Actor, ActorDictionary, Metonym
from dyad.actors.dictionary import family_first
from dyad.actors.loader import DATA_DIR, read_honorifics
from dyad.actors.names import normalise, order_variants, surname
from dyad.caches import Bounded
from dyad.data import load_yaml

# Labels of the `names` matcher.
STATE, ORG, PLACE, CAPITAL, PERSON, SURNAME = "state", "org", "place", "capital", "person", "surname"
HEAD, INSTITUTION = "head", "institution"


@dataclass(frozen=True)
class RolePhrase:
    """One office a phrase names, with the keys a bare mention of it may refer back to."""

    text: str
    role: str | None
    sector: str | None
    family: frozenset[str]


@dataclass
class Lexicon:
    """Matchers and word lists built once from a dictionary for one spaCy vocabulary."""

    dictionary: ActorDictionary
    vocab: Vocab
    names: PhraseMatcher
    roles: PhraseMatcher
    role_phrases: dict[int, RolePhrase]
    institutions: dict[int, str]
    institution_roles: dict[str, RolePhrase]
    titles: frozenset[str]
    title_words: frozenset[str]
    ranks: frozenset[str]
    not_the_holder: frozenset[str]
    pronoun_kinds: dict[str, str]
    pronoun_hashes: frozenset[int]
    surname_keys: dict[str, tuple[str, ...]]
    known: dict[str, list[Actor]] = field(default_factory=dict)
    places: dict[str, list[tuple[Actor, list[str]]]] = field(default_factory=dict)
    capitals: dict[str, list[Metonym]] = field(default_factory=dict)
    words: dict[str, Any] = field(default_factory=dict)

    def exact(self, text: str) -> list[Actor]:
        """Return the dictionary's exact lookup of a name, precomputed for every pattern."""
        found = self.known.get(text)
        return found if found is not None else self.dictionary.exact(text)

    def state(self, text: str) -> Actor | None:
        """Return the state a name or demonym denotes, with or without a leading "the"."""
        for form in (text, _without_the(text)):
            for actor in self.exact(form):
                if actor.kind == "state":
                    return actor
        return None

    def place(self, text: str) -> list[tuple[Actor, list[str]]]:
        """Return (place, users of this name) for a place name, precomputed for every pattern."""
        text = _without_the(text)
        found = self.places.get(text)
        return found if found is not None else self.dictionary.place(text)

    def metonym(self, text: str) -> list[Metonym]:
        """Return what a capital or seat stands for, precomputed for every pattern."""
        found = self.capitals.get(text) or self.capitals.get(_without_the(text))
        return found if found is not None else self.dictionary.metonym(text)

    def label(self, match_id: int) -> str:
        """Return the string label of a match id."""
        return str(self.vocab.strings[match_id])


_CACHE: Bounded[tuple[int, int], Lexicon] = Bounded(4)
_LOCK = threading.Lock()


def lexicon_for(dictionary: ActorDictionary, vocab: Vocab) -> Lexicon:
    """Return the lexicon of a dictionary for a vocabulary, building it on first use.

    Keyed by identity; the cached entry holds both objects, so an id is never
    reused while its entry lives. At most four entries are kept.
    """
    key = (id(dictionary), id(vocab))
    found = _CACHE.get(key)
    if found is not None and found.dictionary is dictionary and found.vocab is vocab:
        return found
    with _LOCK:
        built = build_lexicon(dictionary, vocab)
        _CACHE.put(key, built)
    return built


def _name_patterns(dictionary: ActorDictionary) -> dict[str, set[str]]:
    """Collect the exact-case strings each `names` label should match."""
    patterns: dict[str, set[str]] = {label: set() for label in (STATE, ORG, PLACE, PERSON, SURNAME)}
    kinds = {"state": STATE, "organisation": ORG, "place": PLACE}
    for actor in dictionary:
        names = [actor.name, *actor.aliases]
        if actor.kind == "person":
            for name in names:
                patterns[PERSON].update(order_variants(name, family_first(actor.country, name)))
            patterns[SURNAME].update(surname(name, family_first(actor.country, name)) for name in names)
        elif actor.kind in kinds:
            patterns[kinds[actor.kind]].update(_without_the(name) for name in names)
    for label in (PERSON, SURNAME):
        patterns[label] |= {_ascii(text) for text in patterns[label]}
    for texts in patterns.values():  # "People's Liberation Army" as typeset: "People’s"
        texts |= {text.replace("'", "’") for text in texts if "'" in text}
    return patterns


def _without_the(name: str) -> str:
    """Drop a leading "the": the finder extends a match over "the"/"The" itself."""
    return name[4:] if name.lower().startswith("the ") else name


def _ascii(text: str) -> str:
    """Fold accents but keep case, so "Erdogan" in a text matches "Erdoğan"."""
    import unicodedata

    folded = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in folded if not unicodedata.combining(ch)).replace("ı", "i")


def _capital_words(dictionary: ActorDictionary) -> set[str]:
    """Read the metonym words (capitals and seats) the dictionary knows."""
    from dyad.actors.loader import read_metonyms

    return {_without_the(word) for word in read_metonyms(DATA_DIR / "metonyms.csv")}


def build_lexicon(dictionary: ActorDictionary, vocab: Vocab) -> Lexicon:
    """Build the matchers for a dictionary: exact-case names, lower-case roles."""
    tokenizer: Any = spacy.blank("en", vocab=vocab).tokenizer
    names = PhraseMatcher(vocab, attr="ORTH")
    patterns = _name_patterns(dictionary)
    patterns[CAPITAL] = {w for w in _capital_words(dictionary) if _metonym(dictionary, w)}
    for label, texts in patterns.items():
        names.add(label, list(tokenizer.pipe(sorted(t for t in texts if t))))
    known = {
        text: dictionary.exact(text)
        for label in (STATE, ORG, PERSON, SURNAME)
        for text in patterns[label]
    }
    roles = PhraseMatcher(vocab, attr="LOWER")
    data = load_yaml("role_phrases.yaml")
    role_phrases: dict[int, RolePhrase] = {}
    for entry in data["roles"]:
        family = frozenset(entry.get("family") or ([entry["role"]] if entry["role"] else []))
        for phrase in entry["phrases"]:
            label = f"role:{phrase}"
            roles.add(label, [tokenizer(phrase)])
            role_phrases[vocab.strings[label]] = RolePhrase(
                phrase, entry["role"], entry["sector"], family
            )
    roles.add(HEAD, list(tokenizer.pipe(data["heads"])))
    institutions: dict[int, str] = {}
    for phrase, role in data["institutions"].items():
        label = f"institution:{phrase}"
        roles.add(label, [tokenizer(phrase)])
        institutions[vocab.strings[label]] = role
    titles = frozenset(read_honorifics(DATA_DIR / "honorifics.csv"))
    words = load_yaml("resolve_words.yaml")
    by_key = {p.role: p for p in role_phrases.values() if p.role}
    kinds = {word: kind for kind, ws in words["pronouns"].items() for word in ws}
    return Lexicon(
        dictionary=dictionary,
        vocab=vocab,
        names=names,
        roles=roles,
        role_phrases=role_phrases,
        institutions=institutions,
        institution_roles={key: by_key[key] for key in institutions.values()},
        titles=titles,
        title_words=frozenset(word for title in titles for word in title.split()),
        ranks=_ranks(),
        not_the_holder=frozenset(data["not_the_holder"]),
        pronoun_kinds=kinds,
        pronoun_hashes=frozenset(vocab.strings.add(word) for word in kinds),
        surname_keys=_surname_keys(dictionary),
        known=known,
        places={text: dictionary.place(text) for text in patterns[PLACE]},
        capitals={text: _metonym(dictionary, text) for text in patterns[CAPITAL]},
        words=words,
    )


def _metonym(dictionary: ActorDictionary, word: str) -> list[Metonym]:
    """Return what a capital word stands for, also when it is listed only with its article ("The Hague")."""
    return dictionary.metonym(word) or dictionary.metonym(f"The {word}")


def _surname_keys(dictionary: ActorDictionary) -> dict[str, tuple[str, ...]]:
    """Precompute the surname keys of every person: what a later bare surname will match."""
    keys: dict[str, tuple[str, ...]] = {}
    for actor in dictionary:
        if actor.kind == "person":
            found = {dictionary.key(surname(n, family_first(actor.country, n))) for n in (actor.name, *actor.aliases)}
            keys[actor.id] = tuple(sorted(k for k in found if k))
    return keys


def _ranks() -> frozenset[str]:
    """Read the military ranks from honorifics.csv: a ranked new person is MIL."""
    from dyad.actors.loader import read_rows

    rows = read_rows(DATA_DIR / "honorifics.csv", ("title", "kind", "source"))
    return frozenset(normalise(row["title"]) for _, row in rows if row["kind"] == "military rank")


