"""Read violence done in words as what it is: criticism, or nothing.

Campaign and parliamentary news is full of politicians who "attack" and
"fight" each other, a plan, an idea or "climate change". Coded as they read,
these are military assaults between two people. CAMEO codes a verbal attack
as criticism (111) and has no code for fighting an idea. The lexicon's
`figurative_violence` lists the verbs; this stage asks, only of a match one
of them triggered, who did it to whom:

- a doer that is no person (a state, an armed group, "rebels") keeps the
  violence, unless the doer named is a decision, a rule or a statement
  (`deed_nouns`, `speech_nouns`: "a decision by the FBI destroys credibility"), as does a target that is a state or a place, or an object that is
  armed forces, a named place or one of `violent_objects`;
- otherwise a person attacking a person or an organisation criticised them
  (`figurative_code`), and a person attacking no actor did nothing coded.

`place_violence` verbs ("invade", "capture", "bomb", "storm") are force done
to places: by a person, to no place, none of them codes ("captured the
nomination", "bombed in the debate"), and a town of the gazetteer is a place.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyad.extract.events.events_lexicon import EventLexicon
from dyad.extract.events.events_match import Index, Match
from dyad.extract.events.events_syntax import child, lemma, place_states, prep_objects, subject_of
from dyad.extract.mentions.people import NEW_PREFIX

WITHDRAWAL = "087"
# Acts sport has between national teams: meeting, hosting, force.
CONTEST_ROOTS = frozenset({"04", "17", "18", "19", "20"})
# Violence, and the threat of it ("wants to attack four provisions of the tax code" is 138).
VIOLENT_ROOTS = frozenset({"13", "17", "18", "19", "20"})
PLACE_KINDS = frozenset({"state", "place"})
# Named places the parser finds and the dictionary may lack ("the Kerch Bridge"); not GPE,
# which the small model gives to surnames ("attacked MACHADO in tweets").
PLACE_ENTITIES = frozenset({"LOC", "FAC"})


def in_words(match: Match, index: Index, lexicon: EventLexicon) -> Match | None:
    """Return the match as violence, as criticism, or None when a person "fought" no actor."""
    words = {lemma(w) for w in match.words}
    in_places = not words & lexicon.figurative_violence and bool(words & lexicon.place_violence)
    if match.code[:2] not in VIOLENT_ROOTS or not (words & lexicon.figurative_violence or in_places):
        return match
    kinds = _kinds(match.trigger, index)
    if not _verbal_doer(match.trigger, lexicon) and (
        not match.sources or any(_kind(s, kinds) != "person" for s in match.sources)
    ):
        return match  # "rebels attacked", "Russia attacked": violence
    if any(kinds.get(t) in PLACE_KINDS for t in match.targets) or _violent_object(match, index, lexicon, in_places):
        return match  # "the general attacked Georgia", "attacked a convoy"
    if not match.targets or in_places:
        return None  # "attacked the plan", "fought climate change", "captured the nomination"
    return replace(match, code=lexicon.figurative_code, targeted=None)


def in_play(match: Match, lexicon: EventLexicon) -> Match | None:
    """Return None for a meeting, a hosting or force that happens in a game: "Australia MET England
    in the semifinal", "clashed with Switzerland in a heated GAME", "attacked in the first half of
    the MATCH", "knocked out Spain on PENALTIES" are sport between national teams, no act between
    states. The trigger, or the verb it hangs from, has "in" or "on" whose object (or its compound:
    "in the World CUP final") is one of `contest_nouns`; leaders who meet "at" or "during" a game
    still meet."""
    if match.code.startswith(WITHDRAWAL) and any(lemma(o) in lexicon.races for o in _left(match.trigger)):
        return None  # "withdrew FROM the race", "pulled out OF the debate": a candidate, no troops
    if match.code[:2] not in CONTEST_ROOTS:
        return match
    heads = [match.trigger, *match.governors]
    for head in heads:
        for prep in head.children:
            if prep.dep_ != "prep" or prep.lower_ not in ("in", "on"):
                continue  # not "met Merkel DURING the World Cup", "AT the final": leaders at a game
            for obj in prep.children:
                words = {lemma(w) for w in (obj, *obj.children) if w.dep_ in ("pobj", "compound")}
                if obj.dep_ == "pobj" and words & lexicon.contest_nouns:
                    return None
    return match


def _left(verb: Token) -> list[Token]:
    """Return what a verb leaves: its "from" object, or "out of" ("pulled OUT OF the debate")."""
    left = prep_objects(verb, ("from",))
    for word in verb.children:
        if word.dep_ in ("prt", "advmod", "prep") and word.lower_ == "out":
            left += prep_objects(word, ("of",))
    return left + prep_objects(verb, ("of",)) if child(verb, "prt") is not None else left


def _verbal_doer(trigger: Token, lexicon: EventLexicon) -> bool:
    """Tell whether what does the violence is a decision, a rule or a statement, which uses no force
    whoever made it ("a decision BY THE FBI destroys credibility"): it is read as a person would be."""
    subject, passive = subject_of(trigger)
    if subject is None or passive or subject.pos_ != "NOUN":
        return False
    word = lemma(subject)
    return word in lexicon.deed_nouns or word in lexicon.speech_nouns


def _kinds(trigger: Token, index: Index) -> dict[str, str]:
    """Map each actor named in the trigger's sentence to its kind (person, state, …)."""
    kinds: dict[str, str] = {}
    for token in trigger.sent:
        mention = index[token.i]
        if mention is not None and mention.actor is not None:
            kinds.setdefault(mention.actor, mention.kind)
    return kinds


def _kind(actor: str, kinds: dict[str, str]) -> str | None:
    """Return an actor's kind as the sentence names it; a speaker found elsewhere ("WE fight")
    is known as a person only when the text gave the person ("new:")."""
    return kinds.get(actor) or ("person" if actor.startswith(NEW_PREFIX) else None)


def _violent_object(match: Match, index: Index, lexicon: EventLexicon, towns: bool = False) -> bool:
    """Tell whether what was attacked is armed forces, a named place or a thing only force strikes;
    with `towns`, a name of the gazetteer too ("bombed ALEPPO"; not for "attacked MACHADO", a
    surname the gazetteer also holds)."""
    held = {w.i for w in match.words}
    objects: list[Token | None] = [match.obj]
    for word in match.words:  # "attacked the convoy", "attacks ON the base", "stepped up attacks ON the town"
        objects += [child(word, "dobj"), *prep_objects(word, ("on", "against", "at"))]
    return any(obj is not None and obj.i not in held and _violent(obj, index, lexicon, towns) for obj in objects)


def _violent(obj: Token, index: Index, lexicon: EventLexicon, towns: bool = False) -> bool:
    """Tell whether an object is one only force strikes: armed forces, a place, a convoy."""
    name, mention = lemma(obj), index[obj.i]
    if mention is not None and mention.kind in PLACE_KINDS:
        return True
    if towns and obj.pos_ == "PROPN" and mention is None and place_states(obj, index):
        return True  # "Assad bombed ALEPPO": a town of the gazetteer the dictionary lacks
    return name in lexicon.armed_forces or name in lexicon.violent_objects or obj.ent_type_ in PLACE_ENTITIES
