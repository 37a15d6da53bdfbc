"""Decide the actor of every candidate mention in one document.

`resolve_mentions(doc, on, dictionary)` is a pure function of its inputs: the
lexicon it builds from the dictionary is cached per process, nothing else is
kept between calls. Decisions, in text order:

- **States** by name or demonym ("Japan", "the Russian Federation",
  "Japanese" as a modifier, "the Russians" as a noun): the state; method
  `name`, or `demonym` when spaCy tags the word NORP or an adjective.
- **Capitals and seats** stand for the government only as agents: subject,
  object, possessor, or object of "with/against/by" ("Moscow objected",
  "Beijing warned Washington", "Moscow's concern", "Moscow and Tokyo are
  engaged"). Elsewhere ("in Tokyo", "talks in Moscow", "visit Moscow") they are
  places: a mention with kind `place`, no actor, method `place`, kept so that
  later stages can read where a meeting was.
- **Organisations** and **places** by name; a contested place carries
  `used_by`, the state(s) whose name it is (Northern Territories -> JPN).
- **People**: see `people.py` (names, titles, surnames, fuzzy, new actors).
- **Roles** without a name ("the Russian Defence Minister") resolve through
  tenure on the document's date; without a country, or without a date, to
  the last person the document gave that role (see `coref.py`).
- **Pronouns** by the rule in `coref.py`.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from functools import cache, cached_property

from spacy.tokens import Doc, Span, Token

from dyad.actors import Actor, ActorDictionary
from dyad.extract.mentions.coref import History, pronoun_gender
from dyad.extract.mentions.described import described_person
from dyad.extract.mentions.lexicon import CAPITAL, ORG, PLACE, STATE, SURNAME, Lexicon, lexicon_for
from dyad.extract.mentions.mentions import DESCRIPTION, PEOPLE, PRONOUN, Candidate, find_candidates
from dyad.extract.mentions.people import People
from dyad.extract.mentions.roles import RoleUnit, build_units
from dyad.model import Mention
from dyad.nlp.analyze import doc_text

__all__ = ["resolve_mentions"]

# Confidence by method: how often, on the seeds and tests/test_resolve.py, a
# link of this kind is right; a user can filter on it.
CONFIDENCE = {"name": 1.0, "demonym": 0.95, "metonym": 0.85, "place": 0.9, "role": 0.9, "coref": 0.8}
PRONOUN_CONFIDENCE = 0.7


def resolve_mentions(
    doc: Doc, on: date | None, dictionary: ActorDictionary
) -> tuple[list[Mention], list[Actor]]:
    """Find and resolve every actor mention in a parsed document.

    Args:
        doc: a spaCy Doc of the document's clean text (offsets point into it).
        on: the document's publication date, for role tenure; None if unknown.
        dictionary: the actor dictionary (read only).
    Returns:
        The mentions in text order, and the new actors created for people the
        dictionary lacks (ids `new:<slug>`).
    """
    lexicon = lexicon_for(dictionary, doc.vocab)
    names, roles = find_candidates(doc, lexicon)
    states = _resolve_named(doc, lexicon, names)
    units = build_units(doc, lexicon, names, roles, {c.start: a.id for c, a in states.values()})
    return _Run(doc, on, lexicon, states).resolve(names, units)


def _resolve_named(
    doc: Doc, lexicon: Lexicon, names: list[Candidate]
) -> dict[int, tuple[Candidate, Actor]]:
    """Resolve state and organisation candidates up front: roles need their countries."""
    found: dict[int, tuple[Candidate, Actor]] = {}
    memo: dict[tuple[str, str], Actor | None] = {}
    for cand in names:
        if cand.kind not in (STATE, ORG):
            continue
        text = cand.span(doc).text
        if (cand.kind, text) not in memo:
            memo[cand.kind, text] = _named_actor(lexicon, cand.kind, text)
        actor = memo[cand.kind, text]
        if actor is not None:
            found[cand.start] = (cand, actor)
    return found


def _named_actor(lexicon: Lexicon, kind: str, text: str) -> Actor | None:
    """Look up the state or organisation a name denotes."""
    if kind == STATE:
        return lexicon.state(text)
    options = lexicon.exact(text) or lexicon.exact(_bare(text))
    return next((a for a in options if a.kind == "organisation"), None)


class _Run:
    """The state of resolving one document: what was said so far, and the mentions made."""

    def __init__(
        self, doc: Doc, on: date | None, lexicon: Lexicon, named: dict[int, tuple[Candidate, Actor]]
    ) -> None:
        self.doc, self.on, self.lexicon, self.named = doc, on, lexicon, named
        self.history = History.of(doc, frozenset(lexicon.words["possessed_people"]))
        countries = {a.id for _, a in named.values() if a.kind == "state"}
        self.people = People(doc, on, lexicon, self.history, frozenset(countries))
        self.mentions: list[Mention] = []
        self.title_nouns = {title: tuple(nouns) for title, nouns in lexicon.words["title_nouns"].items()}

    def resolve(self, names: list[Candidate], units: list[RoleUnit]) -> tuple[list[Mention], list[Actor]]:
        """Walk candidates and role units in text order, making mentions."""
        absorbed = {id(c) for u in units for c in u.absorbed}
        titled = {id(u.person): u for u in units if u.person is not None}
        items: list[tuple[int, Candidate | RoleUnit]] = [
            (c.start, c) for c in names if id(c) not in absorbed
        ]
        items += [(u.start, u) for u in units if u.person is None]
        for _, item in sorted(items, key=lambda pair: pair[0]):
            if isinstance(item, RoleUnit):
                self._role(item)
            elif item.kind in PEOPLE:
                self._person(item, titled.get(id(item)))
            else:
                self._other(item)
        self.mentions.sort(key=lambda m: (m.start, m.end))
        return self.mentions, self.people.new_actors()

    @cached_property
    def lower_text(self) -> str:
        """The document's text in lower case, for the descriptions' string tests (made once, if any)."""
        return doc_text(self.doc).lower()

    def _add(self, span: Span, actor: str | None, kind: str, method: str, **extra: object) -> None:
        """Record a mention of a span."""
        confidence = extra.pop("confidence", CONFIDENCE.get(method, 0.8))
        self.mentions.append(Mention(
            span.start_char, span.end_char, span.text, actor, kind, method,
            float(confidence), **extra,  # type: ignore[arg-type]
        ))

    def _other(self, cand: Candidate) -> None:
        """Resolve a state, organisation, place, capital or pronoun candidate."""
        span = cand.span(self.doc)
        if cand.kind == STATE and self._ethnic(cand):
            return  # "ethnic Albanians", "African-Americans": a people, not the state
        if cand.kind == STATE and (place := self._named_after(cand)) is not None:
            self._add(place, None, "place", "place")  # "New Mexico", "Northern Ireland": a place, no state's
            return
        if cand.kind in (STATE, ORG) and cand.start in self.named:
            actor = self.named[cand.start][1]
            method = "demonym" if cand.kind == STATE and _is_demonym(span) else "name"
            self._add(span, actor.id, actor.kind, method)
        elif cand.kind == PLACE:
            self._place(span)
        elif cand.kind == CAPITAL:
            self._capital(cand, span)
        elif cand.kind == PRONOUN:
            self._pronoun(cand, span)
        elif cand.kind == DESCRIPTION:
            self._described(span)

    def _ethnic(self, cand: Candidate) -> bool:
        """Tell whether a demonym names a people, not its state: "ETHNIC Albanians", "AFRICAN-American"."""
        doc, i = self.doc, cand.start
        if i > 0 and doc[i - 1].lower_ in self.lexicon.words["ethnic_markers"]:
            return True
        if self._minority(cand):
            return True
        return (
            i > 1 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_ and not doc[i - 2].whitespace_
            and doc[i - 2].lower_ in self.lexicon.words["hyphen_peoples"]
        )

    def _minority(self, cand: Candidate) -> bool:
        """Tell whether a people is named after where it lives: "BOSNIAN Serbs" live in Bosnia, and
        the state word before them stands for the group ("Bosnian Serbs demanded" is Bosnia's).

        Only the peoples in `minority_peoples`, named by a state they do not live in; the citizens of
        a state stay its own ("Turkish CYPRIOTS" are Cyprus's).
        """
        doc, i = self.doc, cand.start
        if i == 0 or cand.end - cand.start != 1 or doc[i].lower_ not in self.lexicon.words["minority_peoples"]:
            return False
        before, this = self.named.get(i - 1), self.named.get(i)
        return (
            before is not None and this is not None and before[1].kind == "state" and before[1].id != this[1].id
            and _modifies(doc[i - 1], i)
        )

    def _named_after(self, cand: Candidate) -> Span | None:
        """Return the whole name when a state's name ends a longer place's ("New Jersey"), else None."""
        listed = self.lexicon.words["named_after_states"]
        firsts = _first_words(tuple(listed))
        for before in (1, 2):
            if cand.start >= before and self.doc[cand.start - before].lower_ in firsts:
                span = self.doc[cand.start - before : cand.end]
                if span.text.lower() in listed and span[0].is_title:
                    return span
        return None

    def _pronoun(self, cand: Candidate, span: Span) -> None:
        """Resolve a pronoun and record it, so that a chain of pronouns stays on one person."""
        kind = self.lexicon.pronoun_kinds[span.text.lower()]
        person = self.history.pronoun(span[0], kind)
        if person is not None:
            self._add(span, person, "person", "coref", confidence=PRONOUN_CONFIDENCE)
            # "Rakeyia Scott said ... She added": a person whose name told no gender takes the gender of
            # a pronoun that refers to them, so that a later "he" goes elsewhere. Not an object pronoun's:
            # it never takes its clause's subject and reaches furthest back, the least sure kind. An owner's
            # "her" is no object ("Jo Lind said her son left"), and tells as surely as "his".
            gender = pronoun_gender(span.text) if kind != "object" or span[0].dep_ == "poss" else None
            self.history.add(person, cand.start, cand.end, self.history.roles_of(person), None, gender)

    def _described(self, span: Span) -> None:
        """Resolve "the spokesman", "the senator" to the person last named so (see described.py)."""
        actor = described_person(self.doc, span, self.mentions, self.title_nouns, self.lower_text)
        if actor is not None:
            self._add(span, actor, "person", "coref")
            self.history.add(actor, span.start, span.end, self.history.roles_of(actor), None)

    def _place(self, span: Span) -> None:
        """Resolve a place name, noting which state's name it is."""
        options = self.lexicon.place(span.text)
        if not options:
            return
        preferred = [o for o in options if set(o[1]) & self.people.countries] or options
        place, users = preferred[0]
        self._add(span, place.id, "place", "name", used_by=";".join(users) or None)

    def _capital(self, cand: Candidate, span: Span) -> None:
        """Make a capital a metonym for its government when it acts, else a place.

        A city whose name takes the article ("The Hague") is that city only
        with it ("in The Hague", "the Hague tribunal"); without it, and after a
        person of that surname ("William Hague … Hague said"), it is the person.
        """
        meanings = self.lexicon.metonym(span.text)
        if not meanings:
            return
        person = self.history.surname(self.lexicon.dictionary.key(span.text))
        articled = all(m.word.lower().startswith("the ") for m in meanings)
        if person is not None or (articled and not _after_the(span)):
            self._person(replace(cand, kind=SURNAME), None)
            return
        if _acts(span.root, self.lexicon):
            self._add(span, meanings[0].country, "state", "metonym")
        else:
            self._add(span, None, "place", "place")

    def _person(self, cand: Candidate, unit: RoleUnit | None) -> None:
        """Resolve a name, with the role that titles it, and record it for coreference."""
        found = self.people.resolve(cand, unit)
        if found is None:
            return
        actor, method, confidence = found
        name = cand.span(self.doc)
        if unit is not None and unit.before_name:
            span = self.doc[unit.start : cand.end]
            self._add(span, actor, "person", "title" if method == "name" else method, confidence=confidence)
        else:
            self._add(name, actor, "person", method, confidence=confidence)
            if unit is not None:
                self._add(self.doc[unit.start : unit.end], actor, "person", "title", confidence=confidence)

    def _role(self, unit: RoleUnit) -> None:
        """Resolve a role without a name through tenure, or to the last holder mentioned."""
        found = None if unit.blocked or not unit.definite else self.people.by_role(unit)
        if found is not None:
            actor, method = found
            self._add(self.doc[unit.start : unit.end], actor, "person", method)
            return
        if self._former(unit):
            return
        # No holder known ("a top U.S. official", "Taiwan's Vice Foreign Minister"):
        # the country the role belongs to still acts, as its government.
        for cand in unit.absorbed:
            if cand.kind in (STATE, ORG) and cand.start in self.named:
                self._other(cand)


    def _former(self, unit: RoleUnit) -> bool:
        """Resolve "the former president" to the person the document named with those words ("Former
        President John Roe"); tenure cannot tell a past holder. Tell whether it did."""
        start = unit.start - 2
        if start < 0 or self.doc[start].lower_ != "the" or self.doc[start + 1].lower_ not in self.lexicon.words["former"]:
            return False
        span = self.doc[start : unit.end]
        actor = described_person(self.doc, span, self.mentions, self.title_nouns, self.lower_text, every_word=True)
        if actor is not None:
            self._add(span, actor, "person", "coref")
            self.history.add(actor, span.start, span.end, self.history.roles_of(actor), None)
        return actor is not None


def _bare(text: str) -> str:
    """Drop a leading "the" the finder took in front of a name."""
    return text[4:] if text[:4].lower() == "the " else text


def _after_the(span: Span) -> bool:
    """Tell whether a name is written with "the", inside its span or right before it."""
    return span[0].lower_ == "the" or (span.start > 0 and span.doc[span.start - 1].lower_ == "the")


@cache
def _first_words(names: tuple[str, ...]) -> frozenset[str]:
    """The first words of some names: a state's name is looked at whole only after one of them."""
    return frozenset(name.split()[0] for name in names)


def _modifies(token: Token, head: int) -> bool:
    """Tell whether a word, or the first of the words it is coordinated with, modifies a head
    ("BOSNIAN Serbs", "Bosnian and CROATIAN Serbs")."""
    for _ in range(4):
        if token.dep_ != "conj" or token.head.i == token.i:
            break
        token = token.head
    return token.head.i == head and token.dep_ in ("amod", "compound", "nmod")


def _is_demonym(span: Span) -> bool:
    """Tell whether a state word is used as a demonym (NORP, or an adjective)."""
    last = span[-1]
    return last.ent_type_ == "NORP" or last.pos_ == "ADJ"


def _acts(token: Token, lexicon: Lexicon) -> bool:
    """Tell whether a capital's token acts as an agent (see the module docstring)."""
    words = lexicon.words
    while token.dep_ == "conj" and token.head is not token:
        token = token.head
    dep = token.dep_
    if dep == "pobj":
        return token.head.lower_ in words["agent_preps"]
    if dep in ("dobj", "dative", "iobj") and token.head.lemma_.lower() in words["place_verbs"]:
        return False
    return dep in words["agent_deps"]
