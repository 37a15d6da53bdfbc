"""Match one trigger token against the lexicon and find its source and target.

Finding is separate from writing: a `Match` holds the code, the actors and the
tokens that decide modality; `events.py` turns matches into Event records.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from spacy.tokens import Token

from dyad.extract.events.events_lexicon import EventLexicon, Rule, load_event_lexicon, shift_code
from dyad.extract.events.events_modality import is_hypothetical, is_negated
from dyad.extract.events.events_rules import rule_fits
from dyad.extract.events.events_syntax import (
    PLURALS,
    RELATIVE_WORDS,
    actors_of,
    author_of,
    child,
    is_first_person,
    is_reciprocal,
    lemma,
    place_states,
    prep_objects,
    resolve_actors,
    speaker_actors,
    speech_head,
    subject_of,
)
from dyad.extract.events.events_where import is_crowd, unnamed, where_done
from dyad.extract.mentions.people import NEW_PREFIX
from dyad.model import Mention

Index = Sequence[Mention | None]
OBJECT_DEPS = ("dobj", "dative", "iobj")
NOUN_DEPS = ("dobj", "nsubjpass", "attr", "oprd")
CLAUSE_DEPS = ("acomp", "attr", "oprd", "conj", "xcomp")
NOMINAL_SOURCE_DEPS = ("poss", "amod", "compound", "nmod")
# A judged phrase naming no actor may name its place: "the build-up IN the Northern Territories".
WHERE_PREPS = ("in", "on", "near", "around")
# Roots whose intention CAMEO codes in 03 (help) and in 13 (harm); 15, force posture, stays.
INTENT_ROOTS = ("04", "05", "06", "07", "08")
THREAT_ROOTS = ("14", "16", "17", "18", "19", "20")
REFUSAL, THREAT, DEMAND, APPEAL = "120", "130", "100", "020"
MODALS_AHEAD = frozenset({"will", "would", "could", "might", "may", "'ll", "wo"})  # "no chance X WILL withdraw"
ASKING_ROOTS = ("02", "10")  # appeals and demands: the one asked is their target
THREAT_PREPS = ("to", "against", "on")  # "threatened to cut off power TO Azerbaijan"
PLACE_TARGET_PREPS = ("in", "at", "near", "to")  # where an act with no party named is done
# Confidence factors: a subject found by climbing or an absent target weakens a match.
# A purpose ("to demand") is an aim of the act it hangs from, less sure than the act.
# An act in a clause that describes a noun is background to the sentence's news.
CLIMBED, NO_TARGET, PURPOSE, BACKGROUND = 0.9, 0.9, 0.8, 0.9
# A doer known only by where the act happened is a convention, less sure than one named.
PLACED = 0.8


@dataclass
class Match:
    """A lexicon match: code, actors, and the tokens modality and evidence need."""

    code: str
    trigger: Token
    words: list[Token]
    sources: list[str]
    targets: list[str] = field(default_factory=list)
    governors: list[Token] = field(default_factory=list)
    obj: Token | None = None
    targeted: str | None = None
    reciprocal: bool = False
    mutual: bool = False
    speech_act: bool = False
    shifted: bool = False
    conf: float = 0.9

    def confidence(self, has_target: bool) -> float:
        """Return the match's confidence, lowered when the event has no target."""
        return self.conf * (1.0 if has_target else NO_TARGET)


def find_prep(verb: Token, prep: str) -> Token | None:
    """Return the verb's preposition or particle with this text, or the "for" that opens a clause
    under it ("called FOR Russia to withdraw", parsed as a clause marked by "for")."""
    for c in verb.children:
        if c.dep_ in ("prep", "prt", "agent", "dative") and c.lower_ == prep and not _dated(c):
            return c
    clause = for_clause(verb) if prep == "for" else None
    return child(clause, "mark") if clause is not None else None


def _dated(prep: Token) -> bool:
    """Tell whether a preposition only dates the act: "called Lavrov ON FRIDAY" is no "call on"."""
    objects = [c for c in prep.children if c.dep_ == "pobj"]
    return bool(objects) and all(o.ent_type_ in ("DATE", "TIME") for o in objects)


def _asked_for(clause: Token) -> bool:
    """Tell whether a clause is the one a "for" opens under its head ("pushed for the US to SUPPORT")."""
    found = for_clause(clause.head) if clause.dep_ == "advcl" else None
    return found is not None and found.i == clause.i


def for_clause(verb: Token) -> Token | None:
    """Return the verb of a clause opened by "for" with its own subject ("called for RUSSIA to
    WITHDRAW"), if the verb has one."""
    for c in verb.children:
        if c.dep_ == "advcl" and child(c, "nsubj") is not None and any(
            m.dep_ == "mark" and m.lower_ == "for" for m in c.children
        ):
            return c
    return None


NounsByLemma = dict[str, list[Token]]


def find_noun(
    verb: Token,
    rule: Rule,
    prep: Token | None,
    carriers: frozenset[str] = frozenset(),
    seen: dict[int, NounsByLemma] | None = None,
) -> Token | None:
    """Return the pattern's object noun: the preposition's object, or the verb's object.

    A carrier noun stands for the event noun it is modified by ("launched a
    MEDIATION effort between …"); the carrier, which the phrase's
    prepositions hang from, is returned. `seen` keeps each head's nouns by
    lemma while one verb's patterns are tried (a light verb has dozens).
    """
    head = prep if prep is not None and prep.dep_ != "prt" and _has_object(prep) else verb
    nouns = seen.get(head.i) if seen is not None else None
    if nouns is None:
        nouns = _object_nouns(head, head is verb, carriers)
        if seen is not None:
            seen[head.i] = nouns
    for noun in nouns.get(rule.noun or "", ()):
        if all(any(lemma(t) == m for t in noun.subtree) for m in rule.mods):
            return noun
    return None


def _has_object(prep: Token) -> bool:
    """Tell whether a preposition has its own object: a particle parsed as one has none ("forced
    the agency OUT of the country": the noun is the verb's)."""
    return any(c.dep_ == "pobj" for c in prep.children)


def _object_nouns(head: Token, is_verb: bool, carriers: frozenset[str]) -> NounsByLemma:
    """Index the object nouns under a verb or preposition by lemma, in text order of their phrases:
    each object, its conjuncts, its "of" objects ("200 tons OF aid"), an amount's "in" object
    ("$500 million IN aid"), and a carrier under its modifier's lemma ("an AID package")."""
    deps = NOUN_DEPS if is_verb else ("pobj",)
    found: NounsByLemma = {}
    for c in head.children:
        if c.dep_ not in deps:
            continue
        amounts = prep_objects(c, ("in",)) if c.like_num else []  # "$500 million IN aid"
        for noun in (c, *c.conjuncts, *prep_objects(c, ("of",)), *amounts):
            word = lemma(noun)
            found.setdefault(word, []).append(noun)
            if word in carriers:
                for k in noun.children:
                    if k.dep_ == "compound":
                        found.setdefault(lemma(k), []).append(noun)
    return found


def _names(noun: Token, word: str | None, carriers: frozenset[str]) -> bool:
    """Tell whether a noun is the pattern's noun, or a carrier modified by it ("an AID package")."""
    if lemma(noun) == word:
        return True
    return lemma(noun) in carriers and any(c.dep_ == "compound" and lemma(c) == word for c in noun.children)


def bind(
    verb: Token,
    rule: Rule,
    carriers: frozenset[str] = frozenset(),
    seen: dict[int, NounsByLemma] | None = None,
) -> tuple[Token | None, Token | None] | None:
    """Match a rule's required words around a verb; return (prep, noun) or None."""
    if rule.xcomp is not None:
        ok = any(c.dep_ == "xcomp" and lemma(c) == rule.xcomp for c in verb.children)
        return (None, None) if ok else None
    prep = find_prep(verb, rule.prep) if rule.prep else None
    if rule.prep and prep is None:
        return None
    noun = find_noun(verb, rule, prep, carriers, seen) if rule.noun else None
    if rule.noun and noun is None:
        return None
    return prep, noun


def governors_of(token: Token) -> list[Token]:
    """Return the verbs whose open complement holds a token ("agreed to continue to HOLD")."""
    chain: list[Token] = []
    if token.dep_ == "conj" and token.head.dep_ == "xcomp" and child(token, "nsubj", "nsubjpass") is None:
        token = token.head  # "agreed to meet and SIGN", "called on Arabs to unite and MOBILIZE"
    while token.dep_ == "xcomp" and token.head.i != token.i and len(chain) < 4:
        token = token.head
        chain.append(token)
    return chain


def shift(code: str, governors: list[Token], lexicon: EventLexicon) -> tuple[str, bool] | None:
    """Move a code into root 03, 12 or 13 when a governor makes it an intention, refusal or threat.

    Returns None when the governor owns its complement ("urged Russia to withdraw").
    """
    for gov in governors:
        word = lemma(gov)
        if word in lexicon.refuse_verbs:
            return shift_code(code, lexicon.refuse_codes) or REFUSAL, True
        if word in lexicon.threat_verbs:
            return shift_code(code, lexicon.threat_codes) or THREAT, True
        if word in lexicon.preparing_verbs and gov.pos_ == "VERB" and (ready := shift_code(code, lexicon.preparing_codes)):
            return ready, True  # "PREPARED to resume shelling": force readied (152), not a threat
        if word in lexicon.intent_verbs:
            return intended(code, lexicon), True
        if word in lexicon.directing_verbs or any(r.governs and rule_fits(gov, r, lexicon) for r in lexicon.verbs.get(word, ())):
            return None  # not "ordered its TROOPS to withdraw": a governor in another sense leaves the act done
    return code, False


def intended(code: str, lexicon: EventLexicon) -> str:
    """Return the code of the intention to do an act: root 03 for help, 13 for harm (CAMEO)."""
    if code[:2] in THREAT_ROOTS:
        return shift_code(code, lexicon.threat_codes) or THREAT
    return shift_code(code, lexicon.intent_codes) or code


def armed(code: str, verb: Token, lexicon: EventLexicon) -> str:
    """Code acts by who does them as CAMEO does: armed forces' violence is military force ("Serb
    forces killed" -> 190), their arrival a deployment (154), peacekeepers' protection (074);
    gunmen's attacks are unconventional violence (180)."""
    if code not in lexicon.armed_codes and code not in lexicon.peace_codes and code not in lexicon.irregular_codes:
        return code
    obj = child(verb, "dobj")
    if obj is not None and code in lexicon.peace_codes and _peace(obj, lexicon):
        return lexicon.peace_codes[code]  # "sent PEACEKEEPING forces"
    subject = child(verb, "nsubj") or child(child(verb, "agent") or verb, "pobj")
    if subject is None:
        return code
    for noun in (subject, *prep_objects(subject, ("of",))):  # "a contingent OF troops"
        if code in lexicon.peace_codes and _peace(noun, lexicon):
            return lexicon.peace_codes[code]
        if lemma(noun) in lexicon.armed_forces and code in lexicon.armed_codes:
            return lexicon.armed_codes[code]
        if lemma(noun) in lexicon.irregulars and code in lexicon.irregular_codes:
            return lexicon.irregular_codes[code]
    return code


def _peace(noun: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a noun names peacekeepers ("PEACEKEEPERS", "PEACEKEEPING troops")."""
    words = {lemma(noun), *(lemma(c) for c in noun.children if c.dep_ in ("amod", "compound"))}
    return bool(words & lexicon.peace_forces)


def asked(verb: Token, code: str, lexicon: EventLexicon) -> str:
    """Code an appeal or demand by the act it asks for ("urged X to SUPPORT Y" 020 -> 022, CAMEO)."""
    table = lexicon.appeal_codes if code == APPEAL else lexicon.demand_codes
    for c in verb.children:
        if not (c.dep_ == "xcomp" or _purpose(c)) or is_negated([c], None, lexicon):  # "urged X NOT to support"
            continue
        for rule in lexicon.verbs.get(lemma(c), ()):
            if bind(c, rule, lexicon.carrier_nouns) is not None:
                return shift_code(rule.code, table) or code
    return code


def future_shift(verb: Token, code: str, lexicon: EventLexicon) -> str | None:
    """Code a plainly future act as CAMEO codes a stated intention ("Japan WILL host" -> 036).

    "would" counts as "will" ("said it would allow"); "unless" makes the act
    a threat. A condition does not unmake a stated intention: "will meet him
    IF he comes" is an offer (03, hypothetical), "will not accept refugees IF
    war starts" a refusal (12), "may halt its mediation IF talks fail", said
    of harm, a threat (13). Another modal, without a condition, leaves the act
    hypothetical; and a negated promise of help is a refusal ("will not accept" -> 12).
    """
    if code[:2] not in ("03", *INTENT_ROOTS, *THREAT_ROOTS):
        return None
    future = unless = modal = False
    for c in verb.children:
        word = c.lower_
        if c.dep_ == "advcl":
            unless = unless or any(m.dep_ == "mark" and m.lower_ == "unless" for m in c.children)
        if c.dep_ != "aux":
            continue
        if word in lexicon.future_words or word == "would":
            future = True
        elif word in lexicon.hypothetical_words:
            modal = True
    conditional = unless or is_hypothetical([verb], lexicon, modals=False)
    if (
        code[:2] in THREAT_ROOTS and conditional and (future or modal) and _said(verb, lexicon)
        and not is_negated([verb], None, lexicon)  # "will NOT attack if …" is no threat
    ):
        return shift_code(code, lexicon.threat_codes) or THREAT  # "may halt mediation if …", said
    if not future or modal:
        return None
    if unless:  # "will withdraw its force UNLESS ...": a conditional threat
        return shift_code(code, lexicon.threat_codes) or THREAT
    if is_negated([verb], None, lexicon):
        if code[:2] in ("03", *INTENT_ROOTS):
            return shift_code(code, lexicon.refuse_codes) or REFUSAL
        return None
    return None if code[:2] == "03" else intended(code, lexicon)


def _said(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether an act is someone's words: reported speech, or no modal but will/would.

    "X may halt its aid if …" in the reporter's voice is a guess, not X's threat.
    """
    modals = {c.lower_ for c in verb.children if c.dep_ == "aux"} & lexicon.hypothetical_words
    return not (modals - {"would"}) or speech_head(verb, lexicon.speech_verbs) is not None


def _owns_complement(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a verb's clausal complement is only asked for (appeals, demands, governors).

    A light verb's pattern counts only with its noun there: "reiterated its DEMAND that
    Israel ease …" only asks, "sent inspectors to investigate" does investigate.
    """
    rules = lexicon.verbs.get(lemma(verb), ())
    return any(
        (r.governs or r.code[:2] in ("02", "10")) and (r.noun is None or bind(verb, r, lexicon.carrier_nouns))
        and (not r.governs or rule_fits(verb, r, lexicon))
        for r in rules
    )


def find_targets(
    verb: Token,
    rule: Rule,
    prep: Token | None,
    noun: Token | None,
    passive: bool,
    index: Index,
    speech: frozenset[str],
    sources: Sequence[str] = (),
) -> tuple[list[str], Token | None]:
    """Return the target actors of a verb match and the phrase that named them."""
    # The pattern's own target prepositions first: "complained TO the UN OVER Israeli raids"
    steps: list[Token | None] = list(prep_objects(verb, rule.preps))
    obj = child(verb, "dobj")
    if obj is not None and (noun is None or obj.i != noun.i):  # "handed over a suspect TO the US", hung on the object
        steps += prep_objects(obj, rule.preps)
    if prep is not None and noun is None and prep.dep_ == "mark":  # "called for RUSSIA to withdraw"
        steps.append(child(prep.head, "nsubj"))
    elif prep is not None and noun is None and prep.dep_ != "prt":
        steps += [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        steps += prep_objects(prep, ("of",))  # "pulled out OF Lebanon"
    if noun is not None and prep is not None and prep.dep_ != "prt" and not _has_object(prep):
        steps += prep_objects(prep, ("of",))  # "pulled its troops OUT OF Lebanon"
    if noun is not None and prep is not None:  # "accused Russia of aggression", "Russia WAS accused of aggression"
        steps += [c for c in verb.children if c.dep_ in OBJECT_DEPS or (passive and c.dep_ == "nsubjpass")]
    elif noun is not None:  # "gave Kenya a loan": the indirect object; "held ISRAEL responsible": the object
        deps = ("dative", "iobj", "dobj") if noun.dep_ == "oprd" else ("dative", "iobj")
        steps += [c for c in verb.children if c.dep_ in deps]
    if noun is not None:
        heads = [noun, noun.head] if noun.dep_ == "conj" else [noun]
        for head in heads:
            steps += prep_objects(head, rule.preps)
            steps += [c for c in head.children if c.dep_ == "poss"] + prep_objects(head, ("by",))
            steps += prep_objects(head, ("of",))  # "expelled inspectors OF the IAEA", "the invasion OF Lebanon"
        steps += [
            c for c in noun.children if c.dep_ in ("amod", "compound")
        ]  # "23 Russian diplomats"
    elif passive:
        steps.append(child(verb, "nsubjpass"))
    else:
        steps += [c for c in verb.children if c.dep_ in OBJECT_DEPS + ("npadvmod",)]
        if not rule.preps:  # a verb whose target is its object: "CONDEMNED and rejected the Russian plan"
            steps.append(shared_object(verb))  # (not "WITHDREW and attacked Ukraine")
        complement = _complement(verb, rule)
        if complement is not None:  # "attempted to assassinate THE PRESIDENT"
            steps += [c for c in complement.children if c.dep_ in OBJECT_DEPS]
    steps += _asked_parties(verb, noun, rule)
    for token in steps:
        if is_reciprocal(token):
            return [], token
        found = resolve_actors(token, index, speech, rule.place)
        if found:
            return found, token
    if rule.place:  # "retook a village IN western Cambodia", "raided a camp NEAR Damascus": the place's state
        held = prep_objects(noun, rule.preps) if noun is not None else []  # "seized control OF the town of Goma"
        held += prep_objects(verb, rule.preps)  # "shipped out troops FROM Basra"
        if prep is not None and prep.dep_ != "prt":
            held += [c for c in prep.children if c.dep_ == "pobj"]  # "arrived IN Moscow": the pattern's own
        objects = (*held, *(c for c in verb.children if c.dep_ in ("dobj", "nsubjpass") and c is not noun))
        found, place = first_place(objects, ("in", "near", "outside"), index)
        if found:
            return found, place
    return unnamed_targets(verb, rule, noun, index, speech, sources)


def first_place(objects: Iterable[Token], inner: tuple[str, ...], index: Index) -> tuple[list[str], Token | None]:
    """Return the states of the first of these phrases, or of a place inside one (its `inner`
    prepositions: "a camp NEAR Damascus", "a jail IN Israel"), that names a place, and that place."""
    for obj in objects:
        for place in (obj, *prep_objects(obj, inner)):
            found = place_states(place, index)
            if found:
                return found, place
    return [], None


def unnamed_targets(
    verb: Token, rule: Rule, noun: Token | None, index: Index, speech: frozenset[str], sources: Sequence[str] = ()
) -> tuple[list[str], Token | None]:
    """Return the targets of a match whose own words name none (`complement_roots`,
    `from_party_roots`, `beneficiary_roots` and `place_target_roots` in event_lexicon.yaml): the
    party of the act an intention, refusal or threat is about; the party an act is done against,
    a restriction is on, a thing is taken, received or asked from, or aid is given for; and the
    state where a material act takes place. A place is aimed at only by a party known to act for
    a state or a body: a person new to the dictionary ("X said he had fought in Vietnam") acts
    for no one we know."""
    lexicon = load_event_lexicon()
    root = rule.code[:2]
    complement = root in lexicon.complement_roots
    acts = _intended_acts(verb) if complement else []
    preps = tuple(lexicon.complement_preps)
    for act in [verb, *acts] if complement else []:  # "promised to continue military aid TO Mozambique"
        obj = child(act, "dobj")
        for token in (obj, *prep_objects(act, preps), *(prep_objects(obj, preps) if obj is not None else ())):
            found = resolve_actors(token, index, speech) if token is not None else []
            if found:
                return found, token
    things = [t for t in (noun, child(verb, "dobj")) if t is not None]
    material = root in lexicon.place_target_roots
    parties = ["against"] + (["on"] if material else []) + (["from"] if root in lexicon.from_party_roots else [])
    parties += ["for"] if root in lexicon.beneficiary_roots else []
    for prep in parties:  # "opened investigations AGAINST X", "rejected an offer FROM Afghanistan"
        for token in (obj for head in (*things, verb) for obj in prep_objects(head, (prep,))):
            found = resolve_actors(token, index, speech)
            if found:
                return found, token
    strangers = bool(sources) and all(source.startswith(NEW_PREFIX) for source in sources)
    heads = [verb, *things] if material else []  # "imposed a curfew IN Algiers"
    heads += [*acts, *(c for act in acts for c in act.children if c.dep_ == "dobj")]  # not "agreed IN Lima to …"
    if strangers:
        return [], None
    named = (obj for head in heads for obj in prep_objects(head, PLACE_TARGET_PREPS))
    return first_place(named, ("in", "near"), index)  # "rioted at a jail IN Israel"


def _intended_acts(verb: Token) -> list[Token]:
    """Return the acts a verb's open complements name, two deep ("agreed to help rebuild", "is ready to send")."""
    found: list[Token] = []
    for first in (c for c in verb.children if c.dep_ in ("xcomp", "acomp")):
        found.append(first)
        found += [c for c in first.children if c.dep_ == "xcomp"]
    return [a for a in found if a.pos_ in ("VERB", "AUX")]


def shared_object(verb: Token) -> Token | None:
    """Return the object a verb shares with a verb coordinated after it: in "condemned and
    rejected the Russian plan", "criticized and then sanctioned Russia", the object the last verb
    takes is the first's too. Only when nothing but the coordination follows the first verb and
    the later verb has no subject of its own: in "condemned the vote and rejected the plan", "Kenya
    withdrew on Monday and Uganda attacked the town", each verb keeps its own."""
    if any(c.dep_ in OBJECT_DEPS or c.dep_ in ("ccomp", "xcomp", "prep", "prt", "attr", "acomp") for c in verb.children):
        return None
    if any(c.i > verb.i and c.dep_ not in ("cc", "conj", "punct") for c in verb.children):
        return None
    for later in sorted((c for c in verb.conjuncts if c.i > verb.i and c.pos_ == "VERB"), key=lambda c: c.i):
        if child(later, "nsubj", "nsubjpass") is not None:
            return None
        obj = child(later, "dobj")
        if obj is not None:
            return obj
        if any(c.i > later.i and c.dep_ not in ("cc", "conj", "punct") for c in later.children):
            return None  # "withdrew, regrouped in the hills and attacked the town": no shared object
    return None


def _asked_parties(verb: Token, noun: Token | None, rule: Rule) -> list[Token | None]:
    """Return who is asked or threatened when no object names them: the subject of what a demand
    or an appeal asks ("demanded THAT the US cancel", "its demand that ISRAEL ease"), and where a
    threat's or a refusal's uncoded act goes ("threatened to cut off power TO Azerbaijan")."""
    if rule.code[:2] in ASKING_ROOTS:
        clauses = [c for head in (verb, noun) if head is not None for c in head.children if c.dep_ in ("ccomp", "acl")]
        return [child(c, "nsubj", "nsubjpass") for c in clauses if c.pos_ in ("VERB", "AUX")]
    if rule.code in (THREAT, REFUSAL):  # "refused to respond TO a demand from the US"
        acts = [c for c in verb.children if c.dep_ == "xcomp"]
        return [o for act in acts for o in (child(act, "dobj"), *prep_objects(act, THREAT_PREPS))]
    return []


def match_verb(verb: Token, lexicon: EventLexicon, index: Index) -> Match | None:
    """Match a verb against its patterns, most specific first, and find its actors.

    A particle makes another verb: when the lexicon knows the verb with its
    particle ("call OFF"), only those patterns may match ("called off the
    strike" is no call for a strike); an unknown particle of `changing_particles`
    leaves only the verb's patterns with a noun ("backed off" is no backing,
    "closed off the border" still a closure), one of `sense_particles` only its
    patterns with no noun ("GAVE UP its weapons" gives no arms, "HELD UP the
    talks" holds none; "fought BACK" still fights).
    """
    rules = lexicon.verbs[lemma(verb)]
    found = {c.lower_ for c in verb.children if c.dep_ == "prt" and not _amount(c)}
    particles = found & {r.prep for r in rules}
    if particles:
        rules = tuple(r for r in rules if r.prep in particles)
    else:
        if any(c.dep_ in ("prt", "advmod") and c.lower_ in lexicon.changing_particles and not _amount(c) for c in verb.children):
            # "backed OFF", "backed AWAY from": not "back", nor any bare verb
            rules = tuple(r for r in rules if r.prep is not None or r.noun is not None)
        if any(c.lower_ in lexicon.sense_particles and (c.dep_ == "prt" or c.i == verb.i + 1) for c in found_words(verb)):
            # "GAVE UP its weapons", "HELD UP the talks": no light verb
            rules = tuple(r for r in rules if r.noun is None or r.prep is not None)
    seen: dict[int, NounsByLemma] = {}
    for rule in rules:
        if not rule_fits(verb, rule, lexicon):
            continue  # "released his tax RETURNS", "asked him ABOUT the talks", "met the DEADLINE"
        bound = bind(verb, rule, lexicon.carrier_nouns, seen)
        if bound is not None:
            return build_verb_match(verb, rule, *bound, lexicon, index)
    return None


def found_words(verb: Token) -> list[Token]:
    """Return a verb's particles and adverbs, less an amount's "up" ("kidnapped UP to 16")."""
    return [c for c in verb.children if c.dep_ in ("prt", "advmod") and not _amount(c)]


def _amount(word: Token) -> bool:
    """Tell whether a particle-like word opens an amount: "kidnapped UP to 16 advisers"."""
    doc = word.doc
    return word.i + 2 < len(doc) and doc[word.i + 1].lower_ == "to" and doc[word.i + 2].like_num


def build_verb_match(
    verb: Token,
    rule: Rule,
    prep: Token | None,
    noun: Token | None,
    lexicon: EventLexicon,
    index: Index,
) -> Match | None:
    """Find the actors of a bound verb rule and shift its code through governors."""
    if verb.dep_ == "ccomp" and _owns_complement(verb.head, lexicon):
        return None  # "demanded that Russia withdraw": not done, only demanded
    clause = verb.head if verb.dep_ == "conj" and child(verb, "nsubj", "nsubjpass") is None else verb
    if _asked_content(clause, lexicon):
        return None  # "its DEMAND that Chile withdraw", "a PLAN to send troops", "the PLEDGE he made to back": not done
    if (_purpose(clause) or _asked_for(clause)) and _owns_complement(clause.head, lexicon):
        return None  # "called Thursday on Arabs TO UNITE and MOBILIZE", "called for Russia TO WITHDRAW": only asked
    if _purpose(clause) and _asked_object(clause.head, lexicon):
        return None  # "faced PRESSURE from donors TO BACK him" (parsed as a purpose): only asked
    if verb.dep_ == "pcomp" and verb.head.lower_ in lexicon.unrealised_preps:
        return None  # "warned Japan against deploying", "refrained from attacking": not done
    if verb.dep_ == "pcomp" and _content(verb) and _owns_complement(verb.head.head, lexicon):
        return None  # "pleaded WITH the officers not TO shoot" (parsed under the preposition): only asked
    if _obliged(verb, lexicon):
        return None  # "said Colombia MUST withdraw": a demand (match_obligation), not a withdrawal
    governors = governors_of(verb)
    base = rule.forecast if rule.forecast and forecasts(verb, lexicon) else rule.code
    shifted = shift(base, governors, lexicon)
    if shifted is None:
        return None
    code, was_shifted = shifted
    code = armed(code, verb, lexicon)
    if (rule.governs or rule.prep == "for") and code in (APPEAL, DEMAND):
        code = asked(verb, code, lexicon)  # "urged Russia to WITHDRAW", "called for Russia to WITHDRAW"
    if not was_shifted:
        future = future_shift(verb, code, lexicon)
        if future is not None:
            code, was_shifted = future, True
    subject, passive = subject_of(verb)
    if passive and subject is None and verb.lower_ in lexicon.stative_participles:
        subject, passive = child(verb, "nsubjpass"), False  # "Israel is OPPOSED to …": a stance, not a passive
    if subject is not None and subject.pos_ == "NOUN" and lemma(subject) in lexicon.impersonal_nouns:
        return None  # "the Chinese SLOWDOWN threatens German exports": no party acts, China least of all
    if rule.civil and subject is not None and lemma(subject) in lexicon.armed_forces:
        return None  # "Chinese warships PROBED Japanese waters", "Russian military PROBING": reconnaissance
    if rule.swap:
        return _swapped(verb, rule, noun, subject, lexicon, index)
    sources = resolve_actors(subject, index, lexicon.speech_verbs, joint=rule.mutual) or _located(subject, verb, index, lexicon)
    if not sources and subject is not None:
        sources = actors_of(_second_subject(verb, subject), index)
    if not sources and passive and subject is None and code in lexicon.own_force_codes:
        sources = _force_owners(verb, index, lexicon)  # "Russian troops were withdrawn": Russia withdrew them
    crowd = code[:2] in lexicon.crowd_roots and is_crowd(subject, lexicon)  # "students marched in Lima"
    placed = not sources and (crowd or _placeable(verb, code, lexicon) and unnamed(subject, passive, lexicon))
    if placed:  # "three soldiers were killed in a bombing in Baghdad": the doer is the place's
        sources = where_done(verb, noun, subject, index, lexicon)
    if not sources:
        return None
    targets, named = find_targets(verb, rule, prep, noun, passive, index, lexicon.speech_verbs, sources)
    if rule.travel and journey(verb, prep, noun, subject, targets, index, lexicon):
        return None  # "visited the MUSEUM", "Syrians ARRIVING in the US": a journey, no visit
    direct = subject is not None and subject.head.i in {verb.i, *(g.i for g in governors)}
    return Match(
        code=code,
        trigger=verb,
        words=[w for w in (verb, prep, noun, _complement(verb, rule)) if w is not None],
        sources=sources,
        targets=targets,
        governors=governors,
        obj=noun or child(verb, "dobj"),
        targeted=None if was_shifted else rule.targeted,
        reciprocal=is_reciprocal(named),
        mutual=rule.mutual,
        shifted=was_shifted,
        conf=rule.conf * (1.0 if direct else CLIMBED) * (PURPOSE if _purpose(verb) else 1.0)
        * (BACKGROUND if _background(verb, governors) else 1.0) * (PLACED if placed else 1.0),
    )


def _force_owners(verb: Token, index: Index, lexicon: EventLexicon) -> list[str]:
    """Return the owners of the armed forces a passive with no agent moves ("RUSSIAN troops were
    withdrawn", "eighty UN peacekeepers were shipped out"): a party moves its own forces."""
    patient = child(verb, "nsubjpass")
    if patient is None:
        return []
    nouns = (patient, *prep_objects(patient, ("of",)))  # "a contingent OF troops"
    if not any(lemma(n) in lexicon.armed_forces or _peace(n, lexicon) for n in nouns):
        return []
    return resolve_actors(patient, index, lexicon.speech_verbs)


def journey(
    verb: Token,
    prep: Token | None,
    noun: Token | None,
    subject: Token | None,
    targets: list[str],
    index: Index,
    lexicon: EventLexicon,
) -> bool:
    """Tell a journey from a visit between parties: those who go are a people or travellers
    ("SYRIANS arriving in the US", "Mexican WORKERS"), or where they go names no party and no
    state ("visited the MUSEUM", "arrived in CONGRESS", "return to visit IT")."""
    if subject is not None and _travellers(subject, index, lexicon):
        return True
    return not targets and _nowhere(_destination(verb, prep, noun), lexicon)


def _nowhere(place: Token | None, lexicon: EventLexicon) -> bool:
    """Tell whether where one goes is a thing, no state's place: a pronoun ("visit IT") or a common
    noun with no name in its phrase ("the MUSEUM"; not "the CITY", "the Hermitage", whose state may be
    unknown to the gazetteer), or a body one takes a seat in (`seats`: "arrived in CONGRESS")."""
    if place is None:
        return False
    if place.pos_ == "PRON":
        return place.lower_ in ("it", "them")
    if place.lower_ in lexicon.seats:  # "arrived in CONGRESS in 1993": a seat taken (a named actor would be a target)
        return True
    return (
        place.pos_ == "NOUN" and lemma(place) not in lexicon.place_nouns
        and not any(t.pos_ == "PROPN" or t.ent_type_ for t in place.subtree)
    )


def _destination(verb: Token, prep: Token | None, noun: Token | None) -> Token | None:
    """Return the phrase naming where one goes: "arrived IN Tokyo", "paid a visit TO Tokyo", "visited Tokyo"."""
    if prep is not None and prep.dep_ != "prt":
        return child(prep, "pobj")
    if noun is not None:
        return next(iter(prep_objects(noun, ("to",))), None)
    return child(verb, "dobj")


def _travellers(subject: Token, index: Index, lexicon: EventLexicon) -> bool:
    """Tell whether those who go are a people ("SYRIANS", a plural demonym) or travellers ("refugees",
    "thousands OF migrants", "Mexican workers"), not a state's envoys."""
    for noun in (subject, *prep_objects(subject, ("of",))):
        mention = index[noun.i]
        if mention is not None and mention.kind == "state" and mention.method == "demonym" and noun.tag_ in PLURALS:
            return True
        if lemma(noun) in lexicon.travellers:
            return True
    return False


def forecasts(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a verb's that-clause tells what no party does ("warned that growth WOULD slow",
    "warned that a defeat would bring chaos"), not what a party will do ("that IT would respond",
    "that Russia would retaliate", "that the GOVERNMENT would act", "that its TROOPS would fire")."""
    clause = child(verb, "ccomp")
    if clause is not None and lemma(clause) in lexicon.happening_verbs:
        return True  # "warned that it could COLLAPSE": what befalls it
    subject = child(clause, "nsubj", "nsubjpass") if clause is not None else None
    if subject is None or subject.pos_ in ("PRON", "PROPN"):
        return False
    word = lemma(subject)
    if subject.tag_ in ("NNS", "NNPS"):
        return word in lexicon.happenings  # "that PRICES would rise"; "that the PROTESTERS would return" a party's
    return word not in lexicon.armed_forces and word not in lexicon.party_nouns


def _placeable(verb: Token, code: str, lexicon: EventLexicon) -> bool:
    """Tell whether an act with no doer named may take the state it happens in (`located_roots`)."""
    word = lemma(verb)
    return code[:2] in lexicon.located_roots or word in lexicon.placed_verbs or word in lexicon.from_verbs


def _second_subject(verb: Token, subject: Token) -> Token | None:
    """Return a second subject of the verb after the first, an apposition the parser took for one
    ("Members of the Association, A BODY linked to the OAU, investigated")."""
    doc = verb.doc
    if subject.head.i != verb.i or subject.right_edge.i + 1 >= len(doc) or doc[subject.right_edge.i + 1].text != ",":
        return None  # only "X, Y, verb": not a label ("Cavusoglu: In his statement, Dendias made …")
    second = next((c for c in verb.children if c.dep_ == "nsubj" and c.i > subject.i), None)
    if second is None or second.left_edge.i != subject.right_edge.i + 2:
        return None
    return second


def _obliged(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether an obligation ("must") binds the act or the clause it serves ("must ensure security TO ALLOW")."""
    current = verb
    for _ in range(4):
        if any(c.dep_ == "aux" and c.lower_ in lexicon.obligation_words for c in current.children):
            return True
        if current.dep_ not in ("xcomp", "advcl", "conj") or current.head.i == current.i:
            return False
        if current.dep_ == "conj" and child(current, "nsubj", "nsubjpass") is not None:
            return False  # a clause of its own: "Y must leave and X ATTACKED"
        current = current.head
    return False


def _complement(verb: Token, rule: Rule) -> Token | None:
    """Return the open complement a rule names ("attempted to ASSASSINATE"), part of its match."""
    if rule.xcomp is None:
        return None
    return next((c for c in verb.children if c.dep_ == "xcomp" and lemma(c) == rule.xcomp), None)


def _background(verb: Token, governors: list[Token]) -> bool:
    """Tell whether an act is told in a clause describing a noun ("the hostages WHOM they had taken");
    what a statement says is its news ("issued a statement CONDEMNING …")."""
    return any(t.dep_ in ("relcl", "acl") and author_of(t.head) is None for t in (verb, *governors))


def _content(clause: Token) -> bool:
    """Tell whether a clause on a noun is its content ("that Chile withdraw", "to send troops"),
    not a relative clause ("the plan THAT Chile drafted"); a clause with its own subject and no
    relative word is content too ("no chance X WILL withdraw"), and so is one the parser took for a
    relative clause when a modal looks ahead in it ("no chance X will withdraw" with no "that":
    "the offer Russia rejected" stays a relative clause, its object gone before it)."""
    if clause.dep_ == "acl" and child(clause, "nsubj", "nsubjpass") is not None:
        return True
    if clause.dep_ == "relcl" and _ahead(clause):
        return True
    return any(c.dep_ in ("mark", "aux") and c.lower_ in ("that", "to") for c in clause.children)


def _ahead(clause: Token) -> bool:
    """Tell whether a clause has its own subject, no relative word, and a modal of what may come."""
    subject = child(clause, "nsubj", "nsubjpass")
    if subject is None or subject.lower_ in RELATIVE_WORDS or subject.tag_ in ("WDT", "WP"):
        return False
    if any(t.tag_ in ("WDT", "WP", "WP$", "WRB") for t in clause.subtree if t.i < clause.i):
        return False  # "a proposal IN WHICH the US would pledge": a relative clause
    return any(c.dep_ == "aux" and c.lower_ in MODALS_AHEAD for c in clause.children)


def _asked_content(clause: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a clause is what a noun of asking or of mere chance holds, not done: "its DEMAND
    that Chile withdraw", "his REASONS to veto", "no CHANCE that X will withdraw", "a CALL for
    providing weapons", and through the verb that made it, "the PLEDGE he made to support X"; and
    what a noun of asking or aiming is said to be: "his GOAL was to make Kaine DEFEND it"."""
    if clause.dep_ == "ccomp" and lemma(clause.head) in lexicon.control_verbs:
        clause = clause.head  # "to MAKE Kaine defend": what the goal is, is making him
    if clause.dep_ in ("acl", "relcl") and lemma(clause.head) in lexicon.asking_nouns and _content(clause):
        return True
    maker = clause.head
    if clause.dep_ == "xcomp" and lemma(maker) == "be":  # "the PLAN is to send troops"
        subject = child(maker, "nsubj")
        if subject is not None and lemma(subject) in lexicon.asking_nouns:
            return True
    if clause.dep_ == "pcomp" and maker.lower_ == "for" and maker.head.pos_ == "NOUN" and lemma(maker.head) in lexicon.asking_nouns:
        return True  # "a CALL for providing weapons", "the DEMAND for releasing them"
    return (
        clause.dep_ in ("advcl", "xcomp")
        and _content(clause)
        and maker.dep_ == "relcl"
        and lemma(maker.head) in lexicon.asking_nouns
    )


def _asked_object(verb: Token, lexicon: EventLexicon) -> bool:
    """Tell whether a verb's object is a noun of asking ("faced PRESSURE", "received an INVITATION")."""
    obj = child(verb, "dobj")
    return obj is not None and lemma(obj) in lexicon.asking_nouns


def _purpose(verb: Token) -> bool:
    """Tell whether a verb is the purpose of another act ("staged rallies TO DEMAND reforms")."""
    return verb.dep_ == "advcl" and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def _located(subject: Token | None, verb: Token, index: Index, lexicon: EventLexicon) -> list[str]:
    """Give an ethnic group the state it acts in ("ethnic Albanians demonstrated IN Serbia")."""
    if subject is None or not any(t.lower_ in lexicon.located_groups for t in subject.subtree):
        return []
    places = prep_objects(verb, ("in",)) + prep_objects(subject, ("in",))  # "ethnic Albanians IN Serbia demanded"
    return [a for obj in places for a in actors_of(obj, index)]


def _swapped(
    verb: Token,
    rule: Rule,
    noun: Token | None,
    subject: Token | None,
    lexicon: EventLexicon,
    index: Index,
) -> Match | None:
    """Match an experiencer verb: the one concerned acts, the cause is the target."""
    holders = [c for c in verb.children if c.dep_ in OBJECT_DEPS and (noun is None or c.i != noun.i)]
    if noun is not None:
        holders += [c for c in noun.children if c.dep_ in ("compound", "poss")]
    holders += prep_objects(verb, ("from",)) + (prep_objects(noun, ("from",)) if noun is not None else [])
    sources: list[str] = []
    first_person = False
    for holder in holders:
        sources = resolve_actors(holder, index, lexicon.speech_verbs)
        if sources:
            # "is causing us concern": the speaker's own act, not one reported
            first_person = is_first_person(holder)
            break
    targets = _judged_actors(subject, index)
    if not sources or not targets:
        return None
    return Match(
        code=rule.code,
        trigger=verb,
        words=[w for w in (verb, noun) if w is not None],
        sources=sources,
        targets=targets,
        speech_act=first_person,
        conf=rule.conf,
    )


def _judged_actors(subject: Token | None, index: Index) -> list[str]:
    """Return whose doing a phrase is: its actors, else the place it happens in."""
    found = actors_of(subject, index)
    if found or subject is None:
        return found
    for place in prep_objects(subject, WHERE_PREPS):
        found += actors_of(place, index, place=True)
    return found


def clause_verb(word: Token) -> Token | None:
    """Climb from a predicate adjective to the verb of its clause ("is UNACCEPTABLE" -> is)."""
    current = word
    for _ in range(4):
        if current.pos_ in ("VERB", "AUX"):
            return current
        if current.dep_ not in CLAUSE_DEPS or current.head.i == current.i:
            return None
        current = current.head
    return None


def match_judgement(
    word: Token, code: str, _trigger: Token, lexicon: EventLexicon, index: Index
) -> Match | None:
    """Match a speaker's judgement of an actor's doing ("X said Y's build-up is unacceptable")."""
    verb = clause_verb(word)
    if verb is None:
        return None
    if word.dep_ == "oprd":  # "called Japan's plans unacceptable"
        judged, speaker_verb = child(verb, "dobj"), verb
        sources = actors_of(subject_of(verb)[0], index)
    else:
        judged = child(verb, "nsubj", "nsubjpass")
        speaker_verb = speech_head(verb, lexicon.speech_verbs) or verb
        sources = speaker_actors(verb, index, lexicon.speech_verbs)
    targets = _judged_actors(judged, index)
    if not sources or not targets:
        return None
    return Match(
        code=code,
        trigger=speaker_verb,
        words=[word],
        sources=sources,
        targets=targets,
        speech_act=True,
        conf=0.8,
    )


def match_dismissal(noun: Token, particle: str, code: str, lexicon: EventLexicon, index: Index) -> Match | None:
    """Match a speaker ruling an act out ("X said lifting the sanctions on Y is OUT OF THE QUESTION",
    "talks with Y are OFF THE TABLE"): X refuses it, aimed at the parties the act names."""
    prep = noun.head
    head = prep.head if prep.lower_ == "of" else prep  # "out OF the question"; "off the table"
    if head.lower_ != particle or head.i == noun.i:
        return None
    verb = head.head
    if verb.lemma_.lower() not in ("be", "remain", "stay"):
        return None
    speaker = speech_head(verb, lexicon.speech_verbs)
    sources = speaker_actors(verb, index, lexicon.speech_verbs)
    if speaker is None or not sources:
        return None
    act = child(verb, "csubj", "nsubj")
    targets: list[str] = []
    for t in act.subtree if act is not None else ():
        for actor in actors_of(t, index) if t.dep_ in ("pobj", "dobj", "poss", "compound", "amod") else ():
            if actor not in targets and actor not in sources:
                targets.append(actor)
    return Match(
        code=code,
        trigger=speaker,
        words=[noun],
        sources=sources,
        targets=targets,
        speech_act=True,
        conf=0.85,
    )


def match_obligation(modal: Token, lexicon: EventLexicon, index: Index) -> Match | None:
    """Match a reported obligation as the speaker's demand of its subject ("X said Y must withdraw")."""
    verb = modal.head
    if modal.dep_ != "aux" or verb.i == modal.i:
        return None
    speaker = speech_head(verb, lexicon.speech_verbs)
    sources = speaker_actors(verb, index, lexicon.speech_verbs)
    subject = subject_of(verb)[0]
    targets = actors_of(subject, index)
    if not targets and speaker is not None and subject is not None and subject.lower_ in ("it", "they"):
        targets = actors_of(_addressee(speaker), index)  # "reminded IRAQ that IT must cooperate"
    if speaker is None or not sources or not targets:
        return None
    return Match(
        code=DEMAND,
        trigger=speaker,
        words=[modal],
        sources=sources,
        targets=targets,
        speech_act=True,
        conf=0.85,  # the speaker's own act: above the reported act it demands
    )


def _addressee(speaker: Token) -> Token | None:
    """Return whom a speech verb or statement noun is addressed to ("told IRAQ", "said TO Iraq",
    "issued a reminder TO Iraq"): a pronoun under an obligation refers to it, not to the speaker."""
    heads = [speaker]
    if speaker.pos_ in ("NOUN", "PROPN"):
        heads.append(speaker.head)  # "issued a reminder ... TO Iraq"
    for head in heads:
        obj = child(head, "dobj") if head is speaker and speaker.pos_ == "VERB" else None
        if obj is not None:
            return obj
        found = prep_objects(head, ("to",))
        if found:
            return found[0]
    return None


def match_wrongdoing(word: Token, code: str, lexicon: EventLexicon, index: Index) -> Match | None:
    """Match a wrong a speaker lays at an actor's door ("X said Y's aggression ...", "X said Y violated").

    A noun's wrongdoer is its owner ("Y's intransigence", "violations BY Y",
    "Ethiopian intransigence"); a verb's, its subject; an adjective's ("Y's
    ASSERTIVE actions"), the owner of the noun it describes. Said by no one,
    it is the reporter's wording, not an accusation.
    """
    sources = speaker_actors(word, index, lexicon.speech_verbs)
    if not sources:
        return None
    if word.pos_ in ("VERB", "AUX"):
        if word.dep_ not in ("amod", "acl") or child(word, "nsubj") is not None:  # "a statement that Y VIOLATED"
            targets = actors_of(subject_of(word)[0], index)
        else:  # "the soldiers killed BY Y": a participle's agent did it; the noun it describes did not
            agent = child(word, "agent")
            targets = actors_of(child(agent, "pobj"), index) if agent is not None else []
    else:
        owned = word.head if word.dep_ == "amod" else word
        targets = _owners(owned, index)
        if not targets and owned.dep_ == "dobj" and lemma(owned.head) in lexicon.light_verbs:
            targets = actors_of(subject_of(owned.head)[0], index)  # "Y made unacceptable accusations"
    targets = [t for t in targets if t not in sources]
    if not targets:
        return None
    return Match(
        code=code,
        trigger=speech_head(word, lexicon.speech_verbs) or word,
        words=[word],
        sources=sources,
        targets=targets,
        speech_act=True,
        conf=0.75,
    )


def _owners(noun: Token, index: Index) -> list[str]:
    """Return who a noun of doing belongs to: possessor, demonym, "by"/"from" agent."""
    found: list[str] = []
    for c in noun.children:
        if c.dep_ in NOMINAL_SOURCE_DEPS:
            found += actors_of(c, index)
    for agent in prep_objects(noun, ("by", "from")) + _acl_agents(noun):
        found += actors_of(agent, index)
    return list(dict.fromkeys(found))


def match_nominal(noun: Token, lexicon: EventLexicon, index: Index) -> Match | None:
    """Match a decided act named by a noun as its verb ("Italy announced the SUSPENSION of air links
    with Serbia": Italy suspends them). The deciding verb's subject, or the noun's owner, acts; the
    "of" object is the verb's object."""
    decider = noun.head
    objects = [o for obj in prep_objects(noun, ("of",)) for o in (obj, *obj.conjuncts)]
    for rule in lexicon.verbs.get(lexicon.nominals[lemma(noun)], ()):
        if rule.prep is not None or rule.xcomp is not None:
            continue
        obj = next((o for o in objects if rule.noun is None or (
            _names(o, rule.noun, lexicon.carrier_nouns) and all(any(lemma(t) == m for t in o.subtree) for m in rule.mods)
        )), None)
        if rule.noun is not None and obj is None:
            continue
        owner = child(noun, "poss")
        sources = resolve_actors(owner or subject_of(decider)[0], index, lexicon.speech_verbs)
        if not sources:
            return None
        targets: list[str] = []
        for phrase in (noun, obj):
            for found in prep_objects(phrase, rule.preps) if phrase is not None else ():
                targets += actors_of(found, index, rule.place)
        if not targets and obj is not None:  # "the expulsion of two RUSSIAN diplomats"
            targets = actors_of(obj, index, rule.place)
        return Match(
            code=rule.code,
            trigger=decider,
            words=[w for w in (noun, obj) if w is not None],
            sources=sources,
            targets=list(dict.fromkeys(targets)),
            obj=noun,
            mutual=rule.mutual,
            conf=rule.conf * 0.9,
        )
    return None


def match_noun(noun: Token, lexicon: EventLexicon, index: Index) -> Match | None:
    """Match an event noun owned by an actor ("Japan's visit to Russia", "a visit by Kono")."""
    governor = noun.head.head if noun.dep_ == "pobj" else noun.head
    if noun.dep_ in ("dobj", "pobj") and any(
        r.noun == lemma(noun) for r in lexicon.verbs.get(lemma(governor), ())
    ):
        return None  # a light-verb pattern codes it ("held talks", "called for talks")
    rule = lexicon.nouns[lemma(noun)]
    if noun.dep_ in ("dobj", "pobj") and rule.code[:2] not in lexicon.verbal_roots and (
        lemma(governor) in lexicon.prospective_verbs
    ):
        return None  # "will SEEK new sanctions", "PROPOSED a visit": not done
    sources: list[str] = []
    for c in noun.children:
        if c.dep_ in NOMINAL_SOURCE_DEPS:
            sources += actors_of(c, index)
    for agent in prep_objects(noun, ("by",)) + _acl_agents(noun):
        sources += actors_of(agent, index)
    targets: list[str] = []
    for obj in prep_objects(noun, rule.preps):
        targets += actors_of(obj, index, rule.place)
    if not targets:  # "X's accusation THAT Turkey had violated …": the clause's subject
        for clause in noun.children:
            if clause.dep_ in ("acl", "ccomp") and any(m.dep_ == "mark" and m.lower_ == "that" for m in clause.children):
                targets += actors_of(child(clause, "nsubj", "nsubjpass"), index)
    if rule.travel and not targets and any(_nowhere(p, lexicon) for p in prep_objects(noun, rule.preps)):
        return None  # "her visit to the MUSEUM": a journey, no visit between parties
    if not sources and rule.mutual and len(targets) > 1:
        sources, targets = targets, []  # "talks between Japan and Russia"
    if not sources:
        return None
    return Match(
        code=rule.code,
        trigger=noun,
        words=[noun],
        sources=list(dict.fromkeys(sources)),
        targets=targets,
        mutual=rule.mutual,
        conf=rule.conf * 0.9,
    )


def _acl_agents(noun: Token) -> list[Token]:
    """Return the agents of a participle modifying a noun ("a visit MADE BY the minister")."""
    found = []
    for c in noun.children:
        if c.dep_ == "acl":
            found += prep_objects(c, ("by",))
    return found
