"""Role units: a role phrase with its country, and the name it titles, if any.

"Russian Defence Minister General of the Army Sergei Shoigu" is one unit:
the role phrase "Defence Minister", the country RUS from the demonym before it,
and the name after it, across the rank. The country of a role comes from, in
order: a state or organisation inside the phrase ("Head of the Japanese
Defence Ministry"), one right before it ("Russian", "Russia's", "UN"), or an
"of" chain after it ("Chief of the General Staff of the Armed Forces of the
Russian Federation"), unless the state word only begins the proper name of
a body there ("president of the American Action Forum": no country). States
used this way belong to the role and are not reported as mentions of their own.
A role that names an office sought or given ("running for president", "to be
president", "elected president") names no holder.

A role titles a name in one of two ways:
- **before** it, with only ranks, courtesy titles and at most one comma
  between ("Foreign Minister Taro Kono", "the Head of ..., Takeshi Iwaya");
- **after** it as an apposition, with only a comma and "the" between, or
  nothing ("Fumio Kishida, the Foreign Minister of Japan", "Mr. Shoygu, Sergey
  Kuzhugetovich Minister for Defense"). A tight title before a name wins.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from dyad.extract.mentions.lexicon import ORG, STATE, Lexicon, RolePhrase
from dyad.extract.mentions.mentions import PEOPLE, Candidate

POSSESSIVE = frozenset({"'s", "\u2019s"})
OF_DEPTH = 3  # "of" links followed when looking for a role's country
TITLE_GAP = 5  # tokens of rank or title allowed between a role and its name
PORTFOLIO = 5  # tokens of an "of" phrase between a role and its name ("of foreign trade and development")


@dataclass
class RoleUnit:
    """A role phrase with its country and the candidates it absorbs."""

    start: int
    end: int
    role: RolePhrase
    country: str | None = None
    definite: bool = False  # preceded by "the" or a country: it names one holder
    blocked: bool = False  # "a minister", "former President": not the holder on the date
    absorbed: list[Candidate] = field(default_factory=list)
    person: Candidate | None = None
    before_name: bool = False


def build_units(
    doc: Doc, lexicon: Lexicon, names: list[Candidate], roles: list[Candidate], states: dict[int, str]
) -> list[RoleUnit]:
    """Turn role candidates into units with their countries, then attach them to names."""
    named = [c for c in names if c.kind in (STATE, ORG)]
    ends = {c.end: c for c in named}
    units = [_unit(doc, lexicon, role, named, ends, states) for role in roles]
    _attach(doc, lexicon, units, [c for c in names if c.kind in PEOPLE])
    return units


def _country_of(cand: Candidate, states: dict[int, str]) -> str | None:
    """Return the state or organisation id a candidate was resolved to."""
    return states.get(cand.start)


def _unit(
    doc: Doc,
    lexicon: Lexicon,
    role: Candidate,
    names: list[Candidate],
    ends: dict[int, Candidate],
    states: dict[int, str],
) -> RoleUnit:
    """Build one unit: find the role's country inside, before or after it."""
    unit = RoleUnit(role.start, role.end, role.role)  # type: ignore[arg-type]
    inner = [c for c in names if role.start <= c.start and c.end <= role.end]
    left = ends.get(role.start)
    if left is None and role.start > 0 and doc[role.start - 1].text in POSSESSIVE:
        left = ends.get(role.start - 1)
    right = None if inner or left else _of_country(doc, role, names)
    for cand in (*inner, left, right):
        if cand is not None and _country_of(cand, states):
            unit.country = unit.country or _country_of(cand, states)
            unit.absorbed.append(cand)
            unit.start, unit.end = min(unit.start, cand.start), max(unit.end, cand.end)
    before = doc[unit.start - 1].lower_ if unit.start > 0 else ""
    if before == "the":
        unit.start -= 1
    unit.definite = before == "the" or doc[unit.start].lower_ == "the" or unit.country is not None
    unit.blocked = _not_the_holder(doc, lexicon, unit.start) or _office_sought(doc[role.start : role.end].root, lexicon)
    return unit


def _office_sought(root: Token, lexicon: Lexicon) -> bool:
    """Tell whether a role names an office someone seeks or is given, not the person who holds it.

    "running for president of the United States", "wants to be (become) the
    president", "was elected president": the office, no holder. "He met the
    president" and "the winner was the president" (a finite "be") name him.
    """
    verb = root.head
    if root.dep_ == "oprd":
        return True
    if root.dep_ == "attr":
        return verb.lemma_ == "become" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    return (
        root.dep_ == "pobj" and verb.lower_ == "for"
        and verb.head.lemma_.lower() in lexicon.words["office_seeking"]
    )


def _not_the_holder(doc: Doc, lexicon: Lexicon, start: int) -> bool:
    """Tell whether "a", "former", "then-" and the like stand right before a role."""
    window = doc[max(0, start - 2) : start]
    return any(t.lower_ in lexicon.not_the_holder for t in window if t.text != "-")


def _of_country(doc: Doc, role: Candidate, names: list[Candidate]) -> Candidate | None:
    """Follow "of" links after a role to a state ("Minister of Defense of Russian Federation")."""
    by_token = {i: c for c in names if c.start < role.end + 9 for i in range(c.start, c.end)}
    frontier = [doc[i] for i in range(role.start, role.end)]
    for _ in range(OF_DEPTH):
        objects = [
            obj
            for token in frontier
            for prep in token.children
            if prep.dep_ == "prep" and prep.lower_ == "of"
            for obj in prep.children
            if obj.dep_ == "pobj"
        ]
        for obj in objects:
            found = _state_in(obj, by_token)
            if found is not None and found.start - role.end <= 8 and not _names_a_body(obj, found):
                return found
        frontier = objects
    return None


def _names_a_body(obj: Token, state: Candidate) -> bool:
    """Tell whether a state word only begins the proper name of a body after "of": the role is the body's.

    "president of the American Action Forum" heads a think tank, not the
    United States; "head of the Russian delegation" (a common noun) and
    "Minister of Defense of the Russian Federation" (the state's own name)
    stay the state's.
    """
    return obj.pos_ == "PROPN" and not state.start <= obj.i < state.end


def _state_in(token: Token, by_token: dict[int, Candidate]) -> Candidate | None:
    """Return the state candidate covering a token or its compound and amod children."""
    for tok in (token, *(c for c in token.children if c.dep_ in ("compound", "amod"))):
        if tok.i in by_token:
            return by_token[tok.i]
    return None


def _attach(doc: Doc, lexicon: Lexicon, units: list[RoleUnit], people: list[Candidate]) -> None:
    """Give each unit the name it titles: a tight name after it first, else an apposition before."""
    starts = {p.start: p for p in people}
    ends = {p.end: p for p in people}
    taken: set[int] = set()
    for unit in units:
        person = _name_after(doc, lexicon, unit, starts)
        if person is not None and person.start not in taken:
            unit.person, unit.before_name = person, True
            taken.add(person.start)
    for unit in units:
        if unit.person is None:
            person = _name_before(doc, unit, ends)
            if person is not None and person.start not in taken:
                unit.person = person
                taken.add(person.start)


def _name_after(doc: Doc, lexicon: Lexicon, unit: RoleUnit, starts: dict[int, Candidate]) -> Candidate | None:
    """Find the name a role stands before, across ranks, titles, one comma and its portfolio.

    The portfolio is a short "of" phrase the role phrase did not take in
    ("the minister of the economy, Mr. Roe").
    """
    commas = 0
    start = _past_portfolio(doc, unit.end)
    for i in range(start, min(len(doc), start + TITLE_GAP + 1)):
        if i in starts:
            return starts[i]
        token = doc[i]
        if token.text == ",":
            commas += 1
        elif not (token.lower_ in ("of", "the") or token.lower_.rstrip(".") in lexicon.title_words):
            return None
        if commas > 1 or "\n" in token.whitespace_:
            return None
    return None


def _past_portfolio(doc: Doc, end: int) -> int:
    """Return where the name may start after a role: past an "of" phrase of PORTFOLIO words or fewer."""
    if end >= len(doc) or doc[end].lower_ != "of" or doc[end].dep_ != "prep":
        return end
    after = doc[end].right_edge.i + 1
    return after if after - end <= PORTFOLIO else end


def _name_before(doc: Doc, unit: RoleUnit, ends: dict[int, Candidate]) -> Candidate | None:
    """Find the name a role follows as an apposition ("Kishida, the Foreign Minister")."""
    i = unit.start
    while i > 0 and doc[i - 1].lower_ == "the":
        i -= 1
    if i in ends and i == unit.start:
        return ends[i]
    if i > 0 and doc[i - 1].text == "," and i - 1 in ends:
        return ends[i - 1]
    return None
