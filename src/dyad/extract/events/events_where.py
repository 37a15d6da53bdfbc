"""Give an act that names no doer the state it happened in, as CAMEO coders do.

"Three soldiers were killed in a bombing near the town of Samarra", "a
journalist was arrested in Tehran", "gunmen killed five people at a market in
Karachi": the text names no one who acted, and CAMEO (and the PLOVER gold
standard) codes such acts as done by the state where they happen: unknown
attackers are that state's, arrests and investigations its authorities'.

Only acts of the lexicon's `located_roots` (investigation, coercion, violence)
are placed, and only when the doer is unnamed: a passive without an agent, a
subject or agent from `unnamed_agents` ("gunmen", "police", "a bomb") that
resolves to no actor, or people no actor owns (`crowds`: "rioters", "dozens of
villagers"). A protest (`crowd_roots`) by such a crowd is placed too:
"thousands of students marched in Santiago" is Chile's, as CAMEO codes a
country's civilians. The way from the act to its place goes down locative
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

LOCATIVE_PREPS = ("in", "near", "outside", "inside", "at", "around", "across", "throughout", "through")
COUNTS = 2  # counting nouns in a row: "hundreds of THOUSANDS of people"
DEPTH = 3  # nouns on the way from the act to its place: "in a bombing NEAR the town OF Samarra"
# Clauses that share their head's place: "was arrested in Cairo and JAILED", "a bomb exploded in
# Baghdad, KILLING five"; and clauses of circumstance under it: "were killed WHEN a bomb exploded in Baghdad".
SHARING_DEPS = ("conj", "advcl", "xcomp")
CIRCUMSTANCE_MARKS = ("when", "as", "after", "while")


def unnamed(subject: Token | None, passive: bool, lexicon: EventLexicon) -> bool:
    """Tell whether an act names no doer: a passive without an agent, an unnamed agent ("gunmen",
    "SECURITY forces", "dozens OF gunmen") or a crowd ("rioters")."""
    if subject is None:
        return passive
    subject = counted(subject, lexicon)
    word = subject.lemma_.lower()
    names = {word, *(f"{c.lemma_.lower()} {word}" for c in subject.children if c.dep_ == "compound")}
    return bool(names & lexicon.unnamed_agents) or word in lexicon.crowds


def is_crowd(subject: Token | None, lexicon: EventLexicon) -> bool:
    """Tell whether a doer is people named by what they do or are ("students", "thousands OF villagers",
    "KURDS") or a people marked as one ("ETHNIC Albanians")."""
    if subject is None:
        return False
    people = counted(subject, lexicon)
    word = people.lemma_.lower()
    if people.pos_ == "PROPN" and word == people.lower_ and word.endswith("s"):
        word = word[:-1]  # the tagger leaves a people's name unlemmatised ("Kurds")
    return word in lexicon.crowds or any(
        c.dep_ in ("amod", "compound") and c.lower_ in lexicon.crowd_markers for c in people.children
    )


def counted(noun: Token, lexicon: EventLexicon) -> Token:
    """Return who a counting noun counts ("hundreds of thousands OF people", "a group OF farmers"), else the noun."""
    for _ in range(COUNTS):
        if not (noun.like_num or noun.lemma_.lower() in lexicon.counting_nouns):
            break
        counts = prep_objects(noun, ("of",))
        if not counts:
            break
        noun = counts[0]
    return noun


def where_done(
    verb: Token, noun: Token | None, subject: Token | None, index: MentionIndex, lexicon: EventLexicon
) -> list[str]:
    """Return the state an act happened in: the place its clause or its pattern's noun names ("put
    under house ARREST in Nairobi"), a clause that shares it, its object's ("shot an OFFICER in
    Karachi"), else the place its doer's phrase names."""
    if verb.lemma_.lower() in lexicon.from_verbs:  # "two diplomats were expelled FROM Canada"
        found = [s for obj in prep_objects(verb, ("from",)) for s in place_states(obj, index)]
        if found:
            return found
    objects = [c for c in verb.children if c.dep_ in ("dobj", "nsubjpass")]  # "shot an officer IN Karachi"
    if verb.lemma_.lower() in lexicon.placed_verbs:  # "summoned TO the foreign ministry in Algiers"
        objects += prep_objects(verb, ("to",))
    for head in (verb, noun, *_sharing(verb), *objects, subject):
        if head is not None:
            found = _placed(head, index, lexicon, 0)
            if found:
                return found
    return []


def _sharing(verb: Token) -> list[Token]:
    """Return the clauses whose place is the act's: the one it hangs from, and those of circumstance under it."""
    found = [verb.head] if verb.dep_ in SHARING_DEPS and verb.head.i != verb.i else []
    for c in verb.children:
        if c.dep_ == "advcl" and any(m.dep_ in ("mark", "advmod") and m.lower_ in CIRCUMSTANCE_MARKS for m in c.children):
            found.append(c)
    return found


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
