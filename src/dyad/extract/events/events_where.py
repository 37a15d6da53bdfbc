"""Give an act that names no doer the state it happened in, as CAMEO coders do.

"Three soldiers were killed in a bombing near the town of Samarra", "a
journalist was arrested in Tehran", "gunmen killed five people at a market in
Karachi": the text names no one who acted, and CAMEO (and the PLOVER gold
standard) codes such acts as done by the state where they happen: unknown
attackers are that state's, arrests and investigations its authorities'.

Only acts of the lexicon's `located_roots` (investigation, coercion, violence)
are placed, and only when the doer is unnamed: a passive without an agent, or
a subject or agent from `unnamed_agents` ("gunmen", "police", "a bomb") that
resolves to no actor. The way from the act to its place goes down locative
prepositions ("in", "near", "outside of", "at") through the nouns on the way
("killed in a BOMBING in Baghdad", "arrested at a CHECKPOINT in Mosul"), and
stops at a mishap ("killed in a car CRASH in Lagos" is no one's act). A noun
on the way that names a state ("killed in RUSSIAN shelling") gives that state:
it says who did it.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.extract.events.events_lexicon import EventLexicon
from dyad.extract.events.events_syntax import MentionIndex, place_states, prep_objects

LOCATIVE_PREPS = ("in", "near", "outside", "inside", "at", "around")
DEPTH = 3  # nouns on the way from the act to its place: "in a bombing NEAR the town OF Samarra"


def unnamed(subject: Token | None, passive: bool, lexicon: EventLexicon) -> bool:
    """Tell whether an act names no doer: a passive without an agent, or an unnamed agent ("gunmen")."""
    if subject is None:
        return passive
    return subject.lemma_.lower() in lexicon.unnamed_agents


def where_done(
    verb: Token, noun: Token | None, subject: Token | None, index: MentionIndex, lexicon: EventLexicon
) -> list[str]:
    """Return the state an act happened in: the place its clause or its pattern's noun names ("put
    under house ARREST in Nairobi"), else the place its doer's phrase names."""
    if verb.dep_ == "conj" and not _locatives(verb):
        verb = verb.head  # "was arrested in Cairo and JAILED": the place is shared
    for head in (verb, noun, subject):
        if head is not None:
            found = _placed(head, index, lexicon, 0)
            if found:
                return found
    return []


def _placed(head: Token, index: MentionIndex, lexicon: EventLexicon, depth: int) -> list[str]:
    """Search a phrase's locative prepositions, and the nouns they reach, for a place's state."""
    for obj in _locatives(head):
        if obj.lemma_.lower() in lexicon.mishaps:
            continue
        found = place_states(obj, index)
        if not found and depth < DEPTH:
            found = _placed(obj, index, lexicon, depth + 1)
        if found:
            return found
    return []


def _locatives(head: Token) -> list[Token]:
    """Return the objects of a word's locative prepositions, and of "outside OF"."""
    found = prep_objects(head, LOCATIVE_PREPS)
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in LOCATIVE_PREPS:
            found += prep_objects(prep, ("of",))
    return found
