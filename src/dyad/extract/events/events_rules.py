"""Tell whether a verb pattern's rule may code a verb: the checks its spec fields ask for.

The lexicon's patterns say which words code which event; the spec fields of a
pattern (see event_lexicon.yaml) and a few word lists say when the words are
used in another sense. Every check here reads only the verb and its children,
and runs only for a verb whose lemma a pattern already matched:

- `armed`, `objects`: the object must be armed forces ("mobilized RESERVISTS") or
  one of the listed nouns ("summoned the AMBASSADOR"); `not_objects`: none of these
  ("welcomed the GUESTS" is hospitality, no praise); `bare`: no object or that-clause at all
  ("DEMONSTRATED in Minsk" is a protest, "demonstrated its resolve" none);
- a bare verb outside the verbal roots does nothing to a statement or a thing
  shown ("released his tax RETURNS", "a RULING released Thursday");
- `needs`: a complement the verb must have ("asked Russia TO withdraw", not
  "asked him about the talks"), unless several parties do it together;
- `meeting`: what is met is someone, not a bar, a reaction or kin;
- `permits`: what is let act is a party or a permission, and the act let is one.
"""

from __future__ import annotations

from spacy.tokens import Token

from dyad.extract.events.events_lexicon import EventLexicon, Rule
from dyad.extract.events.events_syntax import child, lemma
from dyad.extract.meetings.meetings import meets_no_one

RELATIVE_OBJECTS = frozenset({"that", "which", "whom"})
JOINT_PRONOUNS = frozenset({"we", "they"})


def rule_fits(verb: Token, rule: Rule, lexicon: EventLexicon) -> bool:
    """Tell whether a matched verb is used in the sense its rule codes."""
    if rule.armed and not _armed_object(verb, lexicon):
        return False
    if rule.objects and not _object_among(verb, rule.objects, rule.names):
        return False  # "summoned his adviser": no protest
    if rule.bare and child(verb, "dobj", "ccomp") is not None:
        return False  # "demonstrated its resolve", "demonstrate to X that ...", "marched troops in": showing, moving
    if rule.not_objects and _object_in(verb, rule.not_objects):
        return False  # "welcomed the guests", "occupies a post", "released his plan": another sense
    if rule.noun is None and rule.code[:2] not in lexicon.verbal_roots and _states(verb, lexicon):
        return False  # "released a STATEMENT", "released his tax RETURNS": no release
    if rule.needs and not _completed(verb, rule.needs) and not (rule.mutual and _joint(verb)):
        return False  # "asked him about the talks": a question, no appeal
    if rule.code[:2] in VIOLENT_ROOTS and _reflexive_object(verb):
        return False  # "shot himself": harm done to oneself is no act between parties
    if rule.advises and _advice(verb, lexicon):
        return False  # "warned officials to BOOST security", "warned residents to STAY indoors": advice
    if rule.permits and not _lets_party_act(verb, lexicon):
        return False  # "allowed complacency to grow", "allowed voters to believe": no yielding
    return not (rule.meeting and meets_no_one(verb))  # "met the deadline", "met with opposition"


NAME_TYPES = frozenset({"GPE", "ORG", "NORP", "PERSON", "LOC"})  # entity types of a party's or a place's name
VIOLENT_ROOTS = frozenset({"18", "19", "20"})
REFLEXIVES = frozenset({"himself", "herself", "themselves", "itself", "myself", "ourselves", "yourself"})


def _reflexive_object(verb: Token) -> bool:
    """Tell whether a verb's object is the subject itself ("shot HIMSELF", "blew THEMSELVES up")."""
    obj = child(verb, "dobj")
    return obj is not None and obj.lower_ in REFLEXIVES


PARTY_TAGS = frozenset({"NNS", "NNPS", "NNP", "PRP"})  # a plural, a name or a pronoun may be a party


def _advice(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a warning to someone to act is advice: the act is none the lexicon codes, no
    ceasing and not negated ("warned officials to BOOST security", "warned travellers to AVOID the
    area"); "warned Japan to STOP its patrols", "warned Iran not to ATTACK", "warned the rebels to
    WITHDRAW" press a party, a threat."""
    act = child(verb, "xcomp")
    if act is None or child(verb, "dobj") is None:
        return False
    if any(c.dep_ == "neg" for c in act.children):
        return False
    if lemma(act) in lexicon.ceasing_verbs:
        return False
    obj = child(act, "dobj")
    return not any(
        r.noun is None or (obj is not None and r.noun == lemma(obj)) for r in lexicon.verbs.get(lemma(act), ())
    )


def _lets_party_act(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a verb of letting lets a party act ("allowed the MONITORS to ENTER", "allowed
    ACCESS"), not a thing happen ("allowed COMPLACENCY to grow") or a belief ("allowed them to THINK")."""
    act = child(verb, "ccomp", "xcomp")
    if act is not None and lemma(act) in lexicon.idle_complements:
        return False
    party = child(verb, "dobj") or (child(act, "nsubj") if act is not None else None)
    if party is None:
        return True  # "agreed to allow", "would allow": nothing named to judge by
    if lemma(party) in lexicon.permission_nouns or any(lemma(c) in lexicon.permission_nouns for c in party.children if c.dep_ == "compound"):
        return True
    return party.tag_ in PARTY_TAGS and party.lower_ != "it"


def _states(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a verb's object is a statement ("released a STATEMENT", "issued a REPORT") or a
    thing shown ("released his tax RETURNS", "the RETURNS were released", "a RULING released Thursday").
    A "post" held by a force or a border is a place ("stormed a police POST")."""
    obj = child(verb, "dobj")
    if obj is not None and lemma(obj) in lexicon.speech_nouns and not _held_post(obj, lexicon):
        return True
    if (obj is None and verb.dep_ == "acl" and verb.tag_ == "VBN") or (verb.dep_ == "relcl" and _object_relative(verb, obj)):
        obj = verb.head  # "a ruling RELEASED Thursday", "the records that he RELEASED": the noun is its object
        if lemma(obj) in lexicon.speech_nouns:
            return True
    if obj is None:
        obj = child(verb, "nsubjpass")
    return obj is not None and lemma(obj) in lexicon.shown_nouns


def _held_post(obj: Token, lexicon: EventLexicon) -> bool:
    """Tell a post held by a force or a border ("a police POST", "a border POST") from a statement."""
    return any(c.dep_ in ("compound", "amod") and lemma(c) in lexicon.post_holders for c in obj.children)


def _object_relative(verb: Token, obj: Token | None) -> bool:
    """Tell whether a relative clause's noun is its object: "the records THAT he released", "the
    records he released" (not "the group that attacked", whose noun is the subject)."""
    if obj is not None:
        return obj.lower_ in RELATIVE_OBJECTS
    subject = child(verb, "nsubj")
    return subject is not None and subject.lower_ not in RELATIVE_OBJECTS and subject.lower_ != "who"


def _joint(verb: Token) -> bool:
    """Tell whether a verb's subject is several parties ("Japan and Russia agreed", "we agreed", "the
    two ministers discussed"): what they agree on or discuss together needs no partner named."""
    subject = child(verb, "nsubj")
    if subject is None:  # "held a videoconference with X, DISCUSSING …": the partner is the clause's
        return verb.dep_ in ("advcl", "conj") and verb.tag_ == "VBG"
    return subject.lower_ in JOINT_PRONOUNS or any(
        c.dep_ in ("conj", "nummod") or c.lower_ == "both" for c in subject.children
    )  # "the two ministers", "both sides"; not "analysts agree that …"


def _completed(verb: Token, needs: tuple[str, ...]) -> bool:
    """Tell whether a verb has one of the complements its rule needs, by dependency or preposition."""
    return any(c.dep_ in needs or (c.dep_ in ("prep", "prt", "dative") and c.lower_ in needs) for c in verb.children)


def _object_among(verb: Token, nouns: frozenset[str], names: bool = False) -> bool:
    """Tell whether a verb has no object or one of these nouns ("summoned the AMBASSADOR", "the
    ENVOY was summoned"), or, with `names`, a name ("recognized KOSOVO", "the TALIBAN were
    recognized"; not "recognized the Islamic HOLIDAY", whose name is only a modifier). A name is
    an entity the tagger typed: a headline's capitals ("Recognizes Major Islamic HOLIDAY") are none."""
    obj = _counted(child(verb, "dobj", "nsubjpass"))
    return obj is None or lemma(obj) in nouns or (names and obj.ent_type_ in NAME_TYPES)


def _object_in(verb: Token, nouns: frozenset[str]) -> bool:
    """Tell whether a verb's object is one of these nouns ("welcomed the GUESTS", "the GUESTS were welcomed")."""
    obj = _counted(child(verb, "dobj", "nsubjpass"))
    return obj is not None and lemma(obj) in nouns


def _counted(obj: Token | None) -> Token | None:
    """Return what an amount counts ("ONE of the key posts", "BILLIONS of euros"), else the object."""
    if obj is not None and (obj.pos_ == "NUM" or obj.lower_ in PARTITIVES):
        of = child(obj, "prep")
        return child(of, "pobj") or obj if of is not None and of.lower_ == "of" else obj
    return obj


PARTITIVES = frozenset({"one", "some", "many", "several", "all", "each", "any", "dozens", "hundreds", "thousands", "millions",
                        "billions"})


def _armed_object(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a verb has no object or one naming armed forces ("mobilized its RESERVISTS",
    "RESERVISTS were mobilized"; not "the stigma was reinforced")."""
    obj = child(verb, "dobj", "nsubjpass")
    return obj is None or lemma(obj) in lexicon.armed_forces
