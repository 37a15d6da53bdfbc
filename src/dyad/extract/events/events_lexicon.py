"""The event lexicon, compiled once per process into dicts keyed by lemma.

`data/event_lexicon.yaml` says which words and patterns code which CAMEO
events (its header documents the pattern syntax). Loading checks every code
against the CAMEO ontology, so a typo fails the loading test instead of
producing events with unknown codes. Coding a sentence then costs one dict
lookup per token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dyad.data import load_yaml
from dyad.errors import DataFileError
from dyad.extract.events.cameo import load_cameo

DATA_NAME = "event_lexicon.yaml"
# Words that, right after the head verb, are its preposition or particle.
PARTICLES = frozenset(
    "to for on with in of against down off up out over about into at from between by under back".split()
)
SPEC_KEYS = frozenset(
    {"code", "targeted", "preps", "mutual", "swap", "place", "mod", "governs", "conf", "armed", "needs", "meeting", "objects", "names", "civil", "advises", "permits", "forecast", "not_objects", "bare", "travel"}
)
FRAME_KEYS = frozenset({"verbs", "nouns", "preps", "mutual", "place", "conf"})


@dataclass(frozen=True, slots=True)
class Rule:
    """One compiled pattern: the words it needs and the event it codes."""

    pattern: str
    code: str
    verb: str
    prep: str | None = None  # preposition or particle of the verb ("object TO")
    noun: str | None = None  # object noun ("hold TALKS"), or the prep's object ("call for AID")
    mods: tuple[str, ...] = ()  # lemmas the noun's phrase must contain ("JOINT exercises")
    xcomp: str | None = None  # verb of the open complement ("decline to COMMENT")
    preps: tuple[str, ...] = ()  # prepositions whose object may be the target
    targeted: str | None = None  # the code when a target is found ("concern over X" -> 110)
    mutual: bool = False
    swap: bool = False
    place: bool = False
    governs: bool = False
    armed: bool = False  # its direct object, if any, must be armed forces ("mobilized TROOPS", not "pressure groups")
    needs: tuple[str, ...] = ()  # one of these complements, by dependency or preposition ("asked X TO go")
    meeting: bool = False  # meeting someone: not "met the deadline", "met with opposition"
    objects: frozenset[str] = frozenset()  # its object, if any, is one of these ("summoned the AMBASSADOR")
    advises: bool = False  # "warned X to DO": a threat only for an act coded or ceased ("to STOP"), not "to BOOST security"
    civil: bool = False  # its doer is no armed force: "police PROBED the attack", not "warships PROBED the waters"
    names: bool = False  # a name passes `objects` too: "recognized KOSOVO", as "recognized the GOVERNMENT"
    bare: bool = False  # it takes no object or that-clause: "DEMONSTRATED in Minsk", not "demonstrated its resolve"
    not_objects: frozenset[str] = frozenset()  # its object is none of these ("welcomed the GUESTS", "occupies a POST")
    forecast: str | None = None  # the code when its that-clause tells what no party does ("warned that growth WOULD slow")
    permits: bool = False  # letting a party act: "allowed the MONITORS to enter", not "allowed COMPLACENCY to grow"
    travel: bool = False  # a visit: where one goes names a party or a state, not "visited the MUSEUM"
    conf: float = 0.9

    @property
    def specificity(self) -> float:
        """Rank longer patterns first: each required word counts, an object noun most.

        "fired rockets at X" is a rocket attack whatever preposition also binds ("fire on" Sunday).
        """
        words = sum(x is not None for x in (self.prep, self.xcomp)) + len(self.mods)
        return words + (1.5 if self.noun is not None else 0)


@dataclass(frozen=True)
class EventLexicon:
    """Everything the coder looks up, keyed for O(1) access by lemma."""

    verbs: dict[str, tuple[Rule, ...]]
    nouns: dict[str, Rule]
    judgements: dict[str, str]  # adjective -> code
    judgement_nouns: dict[tuple[str, str], str]  # (verb, object noun) -> code ("pose threat")
    wrongdoings: dict[str, str]  # noun or verb naming a wrong -> code ("Y's aggression", "Y violated")
    wrong_acts: dict[tuple[str, str], str]  # (verb, object) naming a wrong ("change the status quo")
    denied_attributes: dict[str, str]  # "X is NO friend of …": said of X, a criticism
    speech_verbs: frozenset[str]
    intent_verbs: frozenset[str]
    refuse_verbs: frozenset[str]
    threat_verbs: frozenset[str]
    intent_codes: dict[str, str]
    refuse_codes: dict[str, str]
    threat_codes: dict[str, str]
    appeal_codes: dict[str, str]  # "urged X to SUPPORT Y": the appeal by what it asks (022)
    demand_codes: dict[str, str]  # "pressed X to RELEASE Y": the demand by what it asks (1053)
    future_words: frozenset[str]
    obligation_words: frozenset[str]  # "X said Y MUST withdraw": X demands of Y
    armed_forces: frozenset[str]  # nouns of armed forces: their violence is military force
    stative_participles: frozenset[str]  # "is opposed to": the subject holds the stance
    located_groups: frozenset[str]  # "ethnic": a people acting in a state stands for that state
    unrealised_preps: frozenset[str]  # "warned AGAINST deploying": the act is not done
    armed_codes: dict[str, str]
    irregulars: frozenset[str]  # "attacked by GUNMEN": unconventional violence (18)
    irregular_codes: dict[str, str]
    peace_forces: frozenset[str]  # "PEACEKEEPING troops": their deployment is protection (074)
    peace_codes: dict[str, str]
    hypothetical_words: frozenset[str]
    condition_marks: frozenset[str]
    negation_words: frozenset[str]
    control_verbs: frozenset[str] = frozenset()  # "FORCED Russia to withdraw": Russia withdraws
    directing_verbs: frozenset[str] = frozenset()  # "TOLD Kyiv to withdraw": no withdrawal
    prospective_verbs: frozenset[str] = frozenset()  # "will SEEK new sanctions": no sanction yet
    changing_particles: frozenset[str] = frozenset()  # "backed OFF": another verb than "back"
    sense_particles: frozenset[str] = frozenset()  # "GAVE UP its weapons": no light verb of a frame
    negating_governors: frozenset[str] = frozenset()  # "AVOIDED condemning": not done
    negating_phrases: frozenset[str] = frozenset()  # "STEERED CLEAR of criticizing": not done
    necessity_words: frozenset[str] = frozenset()  # "NEEDS to make concessions": not done yet
    light_verbs: frozenset[str] = frozenset()  # "Y MADE accusations": the noun is the subject's act
    wrong_participles: dict[str, str] = field(default_factory=dict)  # "the soldiers killed BY Y"
    nominals: dict[str, str] = field(default_factory=dict)  # "the SUSPENSION of links" -> suspend
    nominal_verbs: frozenset[str] = frozenset()  # "ANNOUNCED the suspension": the announcer suspends
    asking_nouns: frozenset[str] = frozenset()  # "its DEMAND that Chile withdraw": not done
    verbal_roots: frozenset[str] = frozenset()  # what a bare verb may code with a statement as its object
    speech_nouns: frozenset[str] = frozenset()
    shown_nouns: frozenset[str] = frozenset()  # "released his tax RETURNS": no deed, like a statement
    figurative_violence: frozenset[str] = frozenset()  # "ATTACKED his rival": violence in words
    impersonal_nouns: frozenset[str] = frozenset()  # "the Chinese SLOWDOWN threatens": no doer
    races: frozenset[str] = frozenset()  # "withdrew from the RACE": a candidate, no troops
    contest_nouns: frozenset[str] = frozenset()  # "met England in the SEMIFINAL": sport, no meeting
    place_violence: frozenset[str] = frozenset()  # "CAPTURED the nomination": force only on a place
    figurative_code: str = "111"
    violent_objects: frozenset[str] = frozenset()  # "attacked a CONVOY": violence whoever does it
    deed_nouns: frozenset[str] = frozenset()  # "the FBI's DECISION destroys credibility": no force used
    issuing_verbs: frozenset[str] = frozenset()  # "ISSUED a statement": the statement is the subject's  # "X issued a STATEMENT accusing Y": X accuses
    carrier_nouns: frozenset[str] = frozenset()  # "a MEDIATION effort": the modifier names the event
    affiliation_words: frozenset[str] = frozenset()  # "SAUDI-led", "loyal to X": the group's owner
    based_words: frozenset[str] = frozenset()  # "a group BASED in Goma": the state it is in
    attitude_prefixes: frozenset[str] = frozenset()  # "an ANTI-Syria journalist" is not Syria's
    located_roots: frozenset[str] = frozenset()  # acts whose unnamed doer is the state they happen in
    complement_roots: frozenset[str] = frozenset()  # "promised to continue aid TO Mozambique": the act's party
    complement_preps: frozenset[str] = frozenset()
    from_party_roots: frozenset[str] = frozenset()  # "rejected an offer FROM Kabul": the party it came from
    place_target_roots: frozenset[str] = frozenset()  # "imposed a curfew IN Algiers": aimed at where it is done
    beneficiary_roots: frozenset[str] = frozenset()  # "aid FOR Romania": given to it
    placed_verbs: frozenset[str] = frozenset()  # "the ambassador was SUMMONED in Algiers": placed too
    from_verbs: frozenset[str] = frozenset()  # "EXPELLED from Canada": the state sent from does it
    unnamed_agents: frozenset[str] = frozenset()  # "GUNMEN killed five in Karachi": no actor, a place
    mishaps: frozenset[str] = frozenset()  # "killed in a car CRASH in Lagos": no one's act
    crowd_roots: frozenset[str] = frozenset()  # acts a crowd no actor owns does for the state it is in
    preparing_verbs: frozenset[str] = frozenset()  # "PREPARED to attack": readying force, not a threat
    preparing_codes: dict[str, str] = field(default_factory=dict)  # violence readied -> force posture (15)
    dismissals: dict[str, tuple[str, str]] = field(default_factory=dict)  # "QUESTION" -> ("out", "120")
    own_force_codes: frozenset[str] = frozenset()  # "RUSSIAN troops were withdrawn": the owner moves its forces
    crowd_markers: frozenset[str] = frozenset()  # "ETHNIC Albanians": a people, counted as a crowd
    crowds: frozenset[str] = frozenset()  # "STUDENTS marched in Lima": people named by what they do or are
    counting_nouns: frozenset[str] = frozenset()  # "THOUSANDS of students": the doer is what they count
    post_holders: frozenset[str] = frozenset()  # "a POLICE post" is a place, no statement
    place_nouns: frozenset[str] = frozenset()  # "the TOWN of Samarra": the name after "of" is the place
    outsiders: frozenset[str] = frozenset()  # "SETTLERS in the West Bank": in a place, not of it
    resident_nouns: frozenset[str] = frozenset()  # "RESIDENTS of Gaza City": of the place's state
    travellers: frozenset[str] = frozenset()  # "REFUGEES arriving in Germany": a journey, no state visit
    seats: frozenset[str] = frozenset()  # "arrived in CONGRESS in 1993": a seat taken, no visit
    apart_nouns: frozenset[str] = frozenset()  # "X's FAMILY", "X's CRITICS": not X
    party_nouns: frozenset[str] = frozenset()  # "warned that the GOVERNMENT would act": a party's deed
    happenings: frozenset[str] = frozenset()  # "warned that PRICES would rise": no party's deed
    happening_verbs: frozenset[str] = frozenset()  # "warned that it could COLLAPSE": what befalls
    permission_nouns: frozenset[str] = frozenset()  # "allowed ACCESS": what a state lets in or through
    idle_complements: frozenset[str] = frozenset()  # "allowed them to BELIEVE": no act let be done
    ceasing_verbs: frozenset[str] = frozenset()  # "warned Japan to STOP": a party told to cease, a threat


def split_pattern(pattern: str) -> dict[str, Any]:
    """Read a pattern's words into verb, prep, noun, mods, xcomp and trailing target preps."""
    words = pattern.lower().split()
    parts: dict[str, Any] = {"verb": words[0], "mods": (), "preps": ()}
    rest = words[1:]
    if rest and rest[0].startswith("~"):
        parts["xcomp"] = rest[0][1:]
        return parts
    if rest and rest[0] in PARTICLES:
        parts["prep"], rest = rest[0], rest[1:]
    if rest and rest[-1] in PARTICLES:
        parts["preps"], rest = (rest[-1],), rest[:-1]
    if rest:
        head = rest.index("of") - 1 if "of" in rest else len(rest) - 1
        parts["noun"] = rest[head]
        parts["mods"] = tuple(w for i, w in enumerate(rest) if i != head and w != "of")
    return parts


def compile_rule(pattern: str, spec: dict[str, Any]) -> Rule:
    """Build a Rule from a pattern and its spec, refusing unknown keys."""
    unknown = set(spec) - SPEC_KEYS
    if unknown:
        raise ValueError(f"unknown field(s) {', '.join(sorted(unknown))}")
    parts = split_pattern(pattern)
    extra = tuple(spec.get("preps") or ())
    if not all(isinstance(p, str) for p in extra):
        raise ValueError('preps must be words; quote "on" and "off", which YAML reads as booleans')
    preps = tuple(parts.pop("preps")) + extra
    parts["mods"] = tuple(parts["mods"]) + ((str(spec["mod"]),) if spec.get("mod") else ())  # "hold exercise" {mod: joint}
    return Rule(
        pattern=pattern,
        code=str(spec["code"]),
        preps=preps,
        targeted=spec.get("targeted"),
        mutual=bool(spec.get("mutual")),
        swap=bool(spec.get("swap")),
        place=bool(spec.get("place")),
        governs=bool(spec.get("governs")),
        armed=bool(spec.get("armed")),
        needs=tuple(str(w) for w in spec.get("needs") or ()),
        meeting=bool(spec.get("meeting")),
        objects=frozenset(str(w) for w in spec.get("objects") or ()),
        names=bool(spec.get("names")),
        civil=bool(spec.get("civil")),
        advises=bool(spec.get("advises")),
        not_objects=frozenset(str(w) for w in spec.get("not_objects") or ()),
        bare=bool(spec.get("bare")),
        permits=bool(spec.get("permits")),
        travel=bool(spec.get("travel")),
        forecast=str(spec["forecast"]) if spec.get("forecast") else None,
        conf=float(spec.get("conf", 0.9)),
        **parts,
    )


def check_codes(rules: list[Rule], data: dict[str, Any]) -> None:
    """Fail on any code the CAMEO ontology lacks, naming the pattern."""
    cameo = load_cameo()
    codes = [(r.pattern, c) for r in rules for c in (r.code, r.targeted) if c]
    codes += [(f"judgements: {k}", str(v)) for k, v in data["judgements"].items()]
    codes += [(f"wrongdoings: {k}", str(v)) for k, v in data["wrongdoings"].items()]
    codes += [(f"denied_attributes: {k}", str(v)) for k, v in data["denied_attributes"].items()]
    codes += [("figurative_code", str(data["figurative_code"]))]
    codes += [(f"dismissals: {k}", str(v)) for k, v in data["dismissals"].items()]
    for table in (
        "intent_codes", "refuse_codes", "threat_codes", "armed_codes", "peace_codes", "irregular_codes", "appeal_codes", "demand_codes",
        "preparing_codes",
    ):
        codes += [(f"{table}: {k}", str(v)) for k, v in data[table].items()]
        codes += [(f"{table}: {k}", str(k)) for k in data[table]]
    for where, code in codes:
        if code not in cameo:
            raise DataFileError(
                DATA_NAME, f"'{where}' names code '{code}', which is not in cameo.csv"
            )


def _specs(value: Any) -> list[dict[str, Any]]:
    """Accept one spec or a list of specs for a pattern."""
    return list(value) if isinstance(value, list) else [value]


def expand_frames(data: dict[str, Any]) -> dict[str, Any]:
    """Spell out each frame (light verbs x event nouns) as patterns; a pattern written out wins.

    "launched an attack", "carried out an air strike", "staged a rally":
    the verb carries no meaning of its own, the noun names the event.
    """
    patterns = dict(data["patterns"])
    for number, frame in enumerate(data.get("frames") or (), start=1):
        unknown = set(frame) - FRAME_KEYS
        if unknown or not frame.get("verbs") or not frame.get("nouns"):
            raise DataFileError(DATA_NAME, f"frame {number} needs verbs and nouns and knows no {sorted(unknown)}")
        extra = {k: frame[k] for k in ("preps", "mutual", "place", "conf") if k in frame}
        for verb in frame["verbs"]:
            for noun, code in frame["nouns"].items():
                patterns.setdefault(f"{verb} {noun}", {"code": str(code), **extra})
    return patterns


def read_lexicon(data: dict[str, Any]) -> EventLexicon:
    """Compile the parsed YAML into an EventLexicon, checking every entry."""
    rules: list[Rule] = []
    for pattern, value in expand_frames(data).items():
        for spec in _specs(value):
            try:
                rules.append(compile_rule(str(pattern), spec))
            except (ValueError, KeyError, TypeError) as exc:
                raise DataFileError(
                    DATA_NAME, f"pattern '{pattern}' is malformed ({exc})"
                ) from None
    nouns = {str(n): compile_rule(str(n), spec) for n, spec in data["nouns"].items()}
    check_codes(rules + list(nouns.values()), data)
    verbs: dict[str, list[Rule]] = {}
    for rule in rules:
        verbs.setdefault(rule.verb, []).append(rule)
    aliases = {str(wrong): str(right) for wrong, right in (data.get("lemma_aliases") or {}).items()}
    for wrong, right in aliases.items():
        verbs.setdefault(wrong, []).extend(verbs.get(right, ()))
    judgements = {str(k): str(v) for k, v in data["judgements"].items() if " " not in str(k)}
    pairs = {tuple(str(k).split()): str(v) for k, v in data["judgements"].items() if " " in str(k)}

    def words(key: str) -> frozenset[str]:
        found = {str(w) for w in data[key]}
        return frozenset(found | {wrong for wrong, right in aliases.items() if right in found})

    def codes(key: str) -> dict[str, str]:
        return {str(k): str(v) for k, v in data[key].items()}

    return EventLexicon(
        verbs={v: tuple(sorted(rs, key=lambda r: -r.specificity)) for v, rs in verbs.items()},
        nouns=nouns,
        judgements=judgements,
        judgement_nouns={(a, b): code for (a, b), code in pairs.items()},
        wrongdoings={str(k): str(v) for k, v in data["wrongdoings"].items() if " " not in str(k)},
        denied_attributes=codes("denied_attributes"),
        wrong_acts={tuple(str(k).split()): str(v) for k, v in data["wrongdoings"].items() if " " in str(k)},  # type: ignore[misc]
        speech_verbs=words("speech_verbs"),
        intent_verbs=words("intent_verbs"),
        refuse_verbs=words("refuse_verbs"),
        threat_verbs=words("threat_verbs"),
        intent_codes=codes("intent_codes"),
        refuse_codes=codes("refuse_codes"),
        threat_codes=codes("threat_codes"),
        appeal_codes=codes("appeal_codes"),
        demand_codes=codes("demand_codes"),
        future_words=words("future_words"),
        obligation_words=words("obligation_words"),
        armed_forces=words("armed_forces"),
        stative_participles=words("stative_participles"),
        located_groups=words("located_groups"),
        unrealised_preps=words("unrealised_preps"),
        armed_codes=codes("armed_codes"),
        irregulars=words("irregulars"),
        irregular_codes=codes("irregular_codes"),
        peace_forces=words("peace_forces"),
        peace_codes=codes("peace_codes"),
        hypothetical_words=words("hypothetical_words"),
        condition_marks=words("condition_marks"),
        negation_words=words("negation_words"),
        negating_governors=words("negating_governors"),
        negating_phrases=words("negating_phrases"),
        changing_particles=words("changing_particles"),
        sense_particles=words("sense_particles"),
        prospective_verbs=words("prospective_verbs"),
        control_verbs=words("control_verbs"),
        directing_verbs=words("directing_verbs"),
        necessity_words=words("necessity_words"),
        light_verbs=words("light_verbs"),
        wrong_participles=codes("wrong_participles"),
        affiliation_words=words("affiliation_words"),
        based_words=words("based_words"),
        attitude_prefixes=words("attitude_prefixes"),
        located_roots=words("located_roots"),
        complement_roots=words("complement_roots"),
        complement_preps=words("complement_preps"),
        from_party_roots=words("from_party_roots"),
        place_target_roots=words("place_target_roots"),
        beneficiary_roots=words("beneficiary_roots"),
        placed_verbs=words("placed_verbs"),
        from_verbs=words("from_verbs"),
        unnamed_agents=words("unnamed_agents"),
        mishaps=words("mishaps"),
        crowd_roots=words("crowd_roots"),
        own_force_codes=words("own_force_codes"),
        dismissals={str(k).split()[-1]: (str(k).split()[0], str(v)) for k, v in data["dismissals"].items()},
        preparing_verbs=words("preparing_verbs"),
        preparing_codes=codes("preparing_codes"),
        crowds=words("crowds"),
        crowd_markers=words("crowd_markers"),
        counting_nouns=words("counting_nouns"),
        post_holders=words("post_holders"),
        place_nouns=words("place_nouns"),
        outsiders=words("outsiders"),
        resident_nouns=words("resident_nouns"),
        travellers=words("travellers"),
        seats=words("seats"),
        apart_nouns=words("apart_nouns"),
        permission_nouns=words("permission_nouns"),
        party_nouns=words("party_nouns"),
        happenings=words("happenings"),
        happening_verbs=words("happening_verbs"),
        idle_complements=words("idle_complements"),
        ceasing_verbs=words("ceasing_verbs"),
        carrier_nouns=words("carrier_nouns"),
        speech_nouns=words("speech_nouns"),
        shown_nouns=words("shown_nouns"),
        figurative_violence=words("figurative_violence"),
        place_violence=words("place_violence"),
        contest_nouns=words("contest_nouns"),
        races=words("races"),
        impersonal_nouns=words("impersonal_nouns"),
        figurative_code=str(data["figurative_code"]),
        violent_objects=words("violent_objects"),
        deed_nouns=words("deed_nouns"),
        issuing_verbs=words("issuing_verbs"),
        verbal_roots=words("verbal_roots"),
        asking_nouns=words("asking_nouns"),
        nominals=codes("nominals"),
        nominal_verbs=words("nominal_verbs"),
    )


@cache
def load_event_lexicon() -> EventLexicon:
    """Return the bundled event lexicon, compiled once per process."""
    return read_lexicon(load_yaml(DATA_NAME))


def shift_code(code: str, table: dict[str, str]) -> str | None:
    """Map a code through an intent/refusal/threat table, most specific key first."""
    for key in (code[:4], code[:3], code[:2]):
        if key in table:
            return table[key]
    return None
