"""Find candidate mentions on a spaCy parse: names, roles, pronouns. Deciding is resolve.py's job.

Sources of candidates, all on token indices of one Doc:

1. the lexicon's exact-case name matcher: states and demonyms, organisations,
   places, capitals and seats, known full names and surnames;
2. spaCy's PERSON entities (people the dictionary may lack);
3. "Family, Given Patronymic" names, which NER splits in two ("Mr. Lavrov,
   Sergey Viktorovich"): joined when the dictionary knows the whole, or when a
   title or rank stands before the family name ("Colonel General Salyukov,
   Oleg Leonidovich");
4. role phrases, and "<head> of the [state] <institution>" ("the Head of the
   Japanese Defence Ministry");
5. singular personal pronouns.

Overlaps are settled longest first; on equal length a dictionary match beats a
bare NER entity. A state, organisation, place or capital match takes a
"the" before it when the match heads its own phrase ("the Russian Federation",
"the Japanese" as a noun, but not "the [Japanese foreign minister]").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.attrs import LOWER, ORTH
from spacy.tokens import Doc, Span, Token

from dyad.extract.mentions.coref import is_given_name
from dyad.extract.mentions.lexicon import (
    CAPITAL,
    HEAD,
    ORG,
    PERSON,
    PLACE,
    STATE,
    SURNAME,
    Lexicon,
    RolePhrase,
)
from dyad.nlp.analyze import column, entities, word_hashes

NER_PERSON = "ner_person"
ROLE = "role"
PRONOUN = "pronoun"
DESCRIPTION = "description"
NAMED = frozenset({STATE, ORG, PLACE, CAPITAL})
DESCRIBED_MODIFIERS = 2  # "the Democratic presidential nominee": words between "the" and the noun
PEOPLE = frozenset({PERSON, SURNAME, NER_PERSON})
# Equal-length tie-break: lower wins.
_PRIORITY = {PERSON: 0, ORG: 1, PLACE: 2, CAPITAL: 3, STATE: 4, SURNAME: 5, NER_PERSON: 6}


@dataclass
class Candidate:
    """A token span that may name an actor, with what found it."""

    start: int
    end: int
    kind: str
    role: RolePhrase | None = None
    lookup: str | None = None  # the name to look up when it differs from the span text

    def span(self, doc: Doc) -> Span:
        """Return the candidate's tokens."""
        return doc[self.start : self.end]


def find_candidates(doc: Doc, lexicon: Lexicon) -> tuple[list[Candidate], list[Candidate]]:
    """Find (names, roles) in a Doc, each list in text order without overlaps."""
    roles = _role_candidates(doc, lexicon)
    role_tokens = {i for cand in roles for i in range(cand.start, cand.end)}
    names = _name_candidates(doc, lexicon, role_tokens)
    names += _pronouns(doc, lexicon)
    names += _descriptions(doc, lexicon, role_tokens)
    names.sort(key=lambda c: c.start)
    return names, roles


# A possessive or a clitic ("is", "has") the entity recogniser took into a name.
_CLITICS = frozenset({"'s", "’s", "'", "’"})


def _name_candidates(doc: Doc, lexicon: Lexicon, role_tokens: set[int]) -> list[Candidate]:
    """Collect name matches and PERSON entities, joined comma names, settled by length."""
    found = [
        Candidate(start, end, lexicon.label(match_id))
        for match_id, start, end in lexicon.names(doc)
    ]
    found = [c for c in found if not (c.kind == SURNAME and c.start in role_tokens)]
    for ent in entities(doc).values():
        if ent.label_ == "PERSON" and not _people(ent, lexicon):
            start = _skip_roles(ent.start, ent.end, role_tokens)
            end = ent.end
            while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in _CLITICS):
                end -= 1  # "Peter Hale’s", "Trump’s not": the name stops before "’s", however it was tagged
            if start < end:
                found.append(Candidate(start, end, NER_PERSON))
    found += _names_after_offices(doc, lexicon)
    found += _echoes(doc, lexicon, found)
    kept = _settle(found)
    kept = _join_comma_names(doc, lexicon, kept)
    for cand in kept:
        if cand.kind in NAMED:
            cand.start = _take_the(doc, cand)
    return kept


def _people(ent: Span, lexicon: Lexicon) -> bool:
    """Tell a people the tagger took for a person: a plural with a state's name or demonym
    ("Bosnian Serbs", "Iraqi Kurds", "Kosovo Albanians") names many; its state word still counts."""
    return ent[-1].tag_ in ("NNPS", "NNS") and any(lexicon.state(t.text) is not None for t in ent)


def _names_after_offices(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """Find names after an office that spaCy's recogniser missed or swallowed into an organisation.

    spaCy reads "US Secretary of Homeland Security Jane Roe" as one
    organisation, or passes over a name it does not know. A given name
    (data/gender.yaml) followed by one or two capitalised proper nouns,
    within four words after an office word (resolve_words.yaml
    `office_words`), is a name. "the Lake Victoria Center" has no office
    before "Victoria"; a name the recogniser found is left as it found it.
    """
    offices = word_hashes(tuple(lexicon.words["office_words"]))
    found = []
    # a name starts one to four words after an office word: only those words are looked at
    at_office = [i for i, word in enumerate(column(doc, LOWER).tolist()) if word in offices]
    after_office = sorted({i + n for i in at_office for n in range(1, 5)})
    titled = {i + 1 for i in at_office if doc[i].text[:1].isupper()}  # "President Moody Kamau"
    for i in after_office:
        if i >= len(doc):
            break
        token = doc[i]
        if token.ent_type_ == "PERSON" or not token.text[:1].isupper():
            continue
        if not is_given_name(token.text):
            end = _titled_name(doc, lexicon, i) if i in titled else None
            if end is not None:
                found.append(Candidate(i, end, NER_PERSON))
            continue
        end = i + 1
        while end < len(doc) and end - i < 3 and doc[end].pos_ == "PROPN" and doc[end].text[:1].isupper() \
                and doc[end].ent_type_ != "PERSON":
            end += 1
        if end - i >= 2:
            found.append(Candidate(i, end, NER_PERSON))
    return found


def _titled_name(doc: Doc, lexicon: Lexicon, start: int) -> int | None:
    """Return the end of a name right after a capitalised title that the recogniser took for an
    organisation ("Vice-President MOODY KAMAU"): two or three capitalised proper nouns, the whole
    of what follows in capitals and the whole of the entity, none an institution's or an office's
    word. Words it tagged as nothing may be another title ("Chief Diplomat Dendias"): left alone."""
    end = start
    while end < len(doc) and _name_word(doc[end], lexicon):
        end += 1
    if not 2 <= end - start <= 3 or (end < len(doc) and doc[end].text[:1].isupper()):
        return None
    first, last = doc[start], doc[end - 1]
    if not (first.ent_type_ == "ORG" and first.ent_iob_ == "B" and last.ent_iob_ != "O"
            and (end == len(doc) or doc[end].ent_iob_ != "I")):
        return None  # no entity ("Chief DIPLOMAT Dendias"), another kind, or an organisation that goes on
    return end


def _name_word(token: Token, lexicon: Lexicon) -> bool:
    """Tell whether a token can be part of a person's name after a title: a capitalised proper noun
    naming no institution or office."""
    word = token.lower_
    return (token.pos_ == "PROPN" and token.text.istitle() and token.is_alpha
            and word not in lexicon.words["institution_words"] and word not in lexicon.words["office_words"])


def _echoes(doc: Doc, lexicon: Lexicon, found: list[Candidate]) -> list[Candidate]:
    """Add later bare uses of the last word of a multi-word PERSON entity ("Jane Doe" ... "Doe"), or of a
    surname the recogniser found alone after a title ("Sen. Doe" ... "Doe"), outside other entities there.

    NER often misses a surname used alone; resolution keeps it only if that
    person was introduced (see coref.py).
    """
    last = {doc[c.end - 1].orth: c.end for c in found if c.kind == NER_PERSON and c.end - c.start > 1}
    titled = {doc[c.start].orth: c.end for c in found if c.kind == NER_PERSON and c.end - c.start == 1
              and _titled(doc, lexicon, c.start) and doc[c.start].orth not in last}
    if not last and not titled:
        return []
    array = column(doc, ORTH)
    hits = np.flatnonzero(np.isin(array, [*last, *titled])).tolist()  # a Token only where such a word stands
    orths = array.tolist()
    return [
        Candidate(i, i + 1, SURNAME)
        for i in hits
        if doc[i].text[:1].isupper()  # "McAuliffe", "DeSantis" are no is_title
        and (i >= last[orths[i]] if orths[i] in last else i >= titled[orths[i]] and doc[i].ent_type_ in ("", "PERSON"))
    ]


def _titled(doc: Doc, lexicon: Lexicon, start: int) -> bool:
    """Tell whether a title or an office word stands right before a word ("Sen. Doe", "Mayor Doe")."""
    if start == 0 or not doc[start - 1].text[:1].isupper():
        return False
    word = doc[start - 1].lower_.rstrip(".")
    words = lexicon.words
    return word in words["surname_titles"] or word in words["title_nouns"] or word in words["office_words"]


def _skip_roles(start: int, end: int, role_tokens: set[int]) -> int:
    """Move an entity's start past role words NER included ("Minister Onodera")."""
    while start < end and start in role_tokens:
        start += 1
    return start


def _settle(found: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping candidates; on a tie, the dictionary's kind."""
    ordered = sorted(found, key=lambda c: (c.start - c.end, _PRIORITY.get(c.kind, 9), c.start))
    taken: set[int] = set()
    kept = []
    for cand in ordered:
        tokens = set(range(cand.start, cand.end))
        if tokens & taken:
            continue
        taken |= tokens
        kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _take_the(doc: Doc, cand: Candidate) -> int:
    """Extend a match over a preceding "the" when the match heads its own phrase."""
    last = doc[cand.end - 1]
    if cand.start > 0 and doc[cand.start - 1].lower_ == "the" and last.dep_ not in ("amod", "compound"):
        return cand.start - 1
    return cand.start


def _join_comma_names(doc: Doc, lexicon: Lexicon, cands: list[Candidate]) -> list[Candidate]:
    """Join "Family, Given Patronymic" pairs that NER split at the comma."""
    out: list[Candidate] = []
    for cand in cands:
        prev = out[-1] if out else None
        joined = None
        if cand.kind in PEOPLE:
            adjacent = prev is not None and prev.kind in PEOPLE and _comma_between(doc, prev, cand)
            if adjacent:
                joined = _joined(doc, lexicon, prev, cand)  # type: ignore[arg-type]
            if joined is None and (adjacent or prev is None or prev.end < cand.start - 1):
                joined = _family_before_comma(doc, lexicon, cand)
        if joined is not None:
            while out and out[-1].end > joined.start:
                out.pop()
        out.append(joined or cand)
    return out


def _comma_between(doc: Doc, first: Candidate, second: Candidate) -> bool:
    """Tell whether exactly one comma separates two candidates."""
    return second.start == first.end + 1 and doc[first.end].text == ","


def _joined(doc: Doc, lexicon: Lexicon, family: Candidate, given: Candidate) -> Candidate | None:
    """Join two person candidates as one "Family, Given" name if the dictionary knows it."""
    if family.kind not in PEOPLE or len(given.span(doc)) > 3:
        return None
    lookup = f"{family.span(doc).text}, {given.span(doc).text}"
    if not lexicon.exact(lookup):
        return None
    return Candidate(family.start, given.end, PERSON, lookup=lookup)


def _family_before_comma(doc: Doc, lexicon: Lexicon, given: Candidate) -> Candidate | None:
    """Find "Rank Family, Given" where only the given names were tagged a PERSON."""
    comma = given.start - 1
    if comma < 2 or doc[comma].text != "," or len(given.span(doc)) > 3:
        return None
    family = doc[comma - 1]
    if not (family.is_title and family.pos_ == "PROPN"):
        return None
    start = comma - 1
    while start > 0 and doc[start - 1].is_title and _title_word(lexicon, doc[start - 1].text):
        start -= 1
    lookup = f"{family.text}, {given.span(doc).text}"
    if start == comma - 1 and not lexicon.exact(lookup):
        return None
    return Candidate(start, given.end, PERSON, lookup=lookup)


def _title_word(lexicon: Lexicon, text: str) -> bool:
    """Tell whether a word belongs to a courtesy title or rank ("Colonel", "Mr.")."""
    return text.lower().rstrip(".") in lexicon.title_words


def _role_candidates(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """Collect role phrases and "<head> of the [state] <institution>" roles."""
    phrases: list[Candidate] = []
    heads: list[tuple[int, int]] = []
    for match_id, start, end in sorted(lexicon.roles(doc), key=lambda m: (m[1], m[2])):
        if match_id in lexicon.role_phrases:
            phrases.append(Candidate(start, end, ROLE, role=lexicon.role_phrases[match_id]))
        elif match_id in lexicon.institutions:
            role = _headed(doc, lexicon.institution_roles[lexicon.institutions[match_id]], start, end, heads)
            if role is not None:
                phrases.append(role)
        elif lexicon.label(match_id) == HEAD:
            heads.append((start, end))
    return _settle_roles(phrases)


def _headed(
    doc: Doc, role: RolePhrase, start: int, end: int, heads: list[tuple[int, int]]
) -> Candidate | None:
    """Make a role of an institution when "<head> of [the] [state words]" comes right before it."""
    for head_start, head_end in sorted(heads, key=lambda h: (-h[1], h[0])):
        gap = doc[head_end:start]
        if not 0 < len(gap) <= 5 or gap[0].lower_ != "of":
            continue
        if all(t.lower_ in ("of", "the") or t.is_title for t in gap):
            return Candidate(head_start, end, ROLE, role=role)
    return None


def _settle_roles(phrases: list[Candidate]) -> list[Candidate]:
    """Keep the longest of overlapping role phrases."""
    ordered = sorted(phrases, key=lambda c: (c.start - c.end, c.start))
    taken: set[int] = set()
    kept = []
    for cand in ordered:
        tokens = set(range(cand.start, cand.end))
        if not tokens & taken:
            taken |= tokens
            kept.append(cand)
    return sorted(kept, key=lambda c: c.start)


def _pronouns(doc: Doc, lexicon: Lexicon) -> list[Candidate]:
    """Collect singular personal pronouns."""
    words = lexicon.pronoun_hashes
    lowers = column(doc, LOWER).tolist()
    return [Candidate(i, i + 1, PRONOUN) for i, lower in enumerate(lowers) if lower in words]


def _descriptions(doc: Doc, lexicon: Lexicon, role_tokens: set[int]) -> list[Candidate]:
    """Collect "the spokesman", "the Republican nominee" (resolve_words.yaml `described_people`), not a title
    before a name."""
    hashes = word_hashes(tuple(lexicon.words["described_people"]))
    lowers = column(doc, LOWER).tolist()  # a Token only for the few words that are such nouns
    found = []
    for t in (doc[i] for i, lower in enumerate(lowers) if lower in hashes):
        after = doc[t.i + 1] if t.i + 1 < len(doc) else None
        if t.pos_ != "NOUN" or t.i in role_tokens or (after is not None and (after.pos_ == "PROPN" or after.lower_ == "of")):
            continue  # "the nominee of each party" is anyone's
        start = _described_start(doc, t.i)
        if start is not None:
            found.append(Candidate(start, t.i + 1, DESCRIPTION))
    return found


def _described_start(doc: Doc, noun: int) -> int | None:
    """Return where "the [party] [presidential] <noun>" starts: "the", then up to DESCRIBED_MODIFIERS words."""
    for start in range(noun - 1, max(noun - 2 - DESCRIBED_MODIFIERS, -1), -1):
        word = doc[start]
        if word.lower_ == "the":
            return start
        if word.pos_ not in ("ADJ", "PROPN") or word.dep_ not in ("amod", "compound"):
            return None
    return None
