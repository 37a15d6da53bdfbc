"""Find who acts and who is acted on, from spaCy's dependency parse.

Rules, in brief:

- **Actors come from mentions.** A token stands for the actor of the mention
  covering it. A phrase with no mention of its own stands for the actors of
  its modifiers, in this order: possessor ("JAPAN's planned deployment"),
  demonym or compound ("JAPANESE and RUSSIAN ministers"), apposition,
  a "by" agent ("the creation BY THE US of …") and an "of" owner ("the
  foreign minister OF RUSSIA"). Coordination gives every conjunct.
- **Subjects climb.** A verb without a subject takes its governor's: a
  conjoined verb, an open complement ("agreed to HOLD"), an adverbial
  participle ("saying"); a relative clause takes the noun it modifies ("Iwaya,
  who told …"); a participle modifying a noun takes that noun ("ministers
  MEETING in Tokyo").
- **Passives swap.** The passive subject is the target, the "by" agent the source.
- **Reciprocals.** "each other", "one another", "each others'" in the target
  mean: both directions between the members of the subject.
- **We in reported speech.** "we"/"us"/"our" with no mention inside the
  complement of a speech verb stand for the speech verb's subject.
- **Places give states.** People in a place ("demonstrators IN Baghdad") and
  a group based there ("a newspaper BASED in Beirut") stand for its state when
  nothing else names them; a place is a state's name or demonym, or a capital
  or city of the gazetteer (`data/gazetteer.csv`).
- **Attitudes are not owners.** "an ANTI-Syria journalist", "PRO-Iranian
  militias" name no actor.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache

from spacy.tokens import Doc, Token

from dyad.extract.events.events_lexicon import load_event_lexicon
from dyad.extract.meetings.meeting_places import gazetteer, name_key
from dyad.model import Mention

MODIFIER_DEPS = ("poss", "amod", "compound", "nmod", "appos")
OWNER_PREPS = ("by", "of")
# How an affiliation modifier names its owner: "SAUDI-led", "led BY", "loyal TO", "affiliated WITH".
AFFILIATION_DEPS = ("npadvmod", "compound", "nmod")
AFFILIATION_PREPS = ("by", "to", "with")
# A group placed in a state stands for it, when nothing else names it ("security forces IN Guinea").
WHERE_OWNER_PREPS = ("in", "from", "throughout")
# People FROM an organisation are its members ("activists FROM Fatah"); people IN one need not be.
MEMBER_KINDS = ("state", "organisation")
# Modifiers of a place phrase that may name its state ("the IRAQI city", "northern MALI").
PLACE_MODIFIER_DEPS = ("amod", "compound", "nmod")
PLACE_WORDS = 4  # "Khanty-Mansiysk" is three tokens: the longest name tried, in tokens
SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
PLURALS = frozenset({"NNS", "NNPS"})  # "the ALBANIANS of southern Serbia": a people, not its state
CLIMB_DEPS = frozenset({"conj", "xcomp", "advcl", "pcomp", "acomp"})  # acomp: "is WILLING to send"
TOPIC_PREPS = frozenset({"about", "of", "on", "over"})
CHARGE_PREPS = frozenset({"for", "of"})  # "blamed X FOR doing", "accused X OF doing": X did it
JUDGING_ROOTS = frozenset({"05", "11"})  # praising and disapproving verbs judge the one they name
RELATIVE_WORDS = frozenset({"who", "which", "that", "whom"})
THIRD_PERSON = frozenset({"it", "they"})
THIRD_POSSESSIVE = frozenset({"its", "their"})
FIRST_PERSON = frozenset({"we", "us", "our", "ours", "i", "me", "my"})
RECIPROCAL_HEADS = frozenset({"other", "others", "another"})
ACTOR_KINDS = frozenset({"person", "state", "organisation"})
FORMER = frozenset({"former", "ex"})

MentionIndex = Sequence[Mention | None]


class TokenIndex(list):  # type: ignore[type-arg]
    """The mention covering each token, the speaker of the quotation holding it, if any, and the
    actors the document names as persons (a person is no "it" or "they")."""

    quoted: list[str | None] | None = None
    persons: frozenset[str] = frozenset()


def index_mentions(doc: Doc, mentions: Iterable[Mention]) -> TokenIndex:
    """Map every token index to the mention covering it, so lookups cost O(1)."""
    index = TokenIndex([None] * len(doc))
    persons: set[str] = set()
    for mention in mentions:
        if mention.actor is None:
            continue
        if mention.kind == "person":
            persons.add(mention.actor)
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is None:
            continue
        for i in range(span.start, span.end):
            index[i] = mention
    index.persons = frozenset(persons)
    return index


def own_actor(token: Token, index: MentionIndex, place: bool = False) -> str | None:
    """Return the actor of the mention covering a token; places only when asked."""
    mention = index[token.i]
    if mention is None or mention.actor is None:
        return None
    if mention.kind in ACTOR_KINDS or (place and mention.kind == "place"):
        return mention.actor
    return None


def actors_of(token: Token | None, index: MentionIndex, place: bool = False) -> list[str]:
    """List the actors a phrase stands for: its own mention, or its modifiers', per conjunct."""
    if token is None:
        return []
    found: list[str] = []
    for head in (token, *token.conjuncts):
        for actor in _phrase_actors(head, index, place, depth=0):
            if actor not in found:
                found.append(actor)
    return found


def _phrase_actors(head: Token, index: MentionIndex, place: bool, depth: int) -> list[str]:
    """Return the head's own actor, else its modifiers' actors, else its owners'."""
    actor = own_actor(head, index, place)
    if actor is not None:
        return [] if _attitude(head) else (_people_of(head, actor, index) or [actor])
    if depth > 2:  # "Montenegro Municipality Association officials": three modifiers deep
        return []
    apart = head.pos_ == "NOUN" and head.lemma_.lower() in load_event_lexicon().apart_nouns
    if head.pos_ == "NOUN" and any(c.dep_ == "amod" and c.lower_ in FORMER for c in head.children):
        return []  # "former RT JOURNALISTS", "a former FBI AGENT" speak for themselves, not the body they left
    if _is_affiliation(head):
        return _owners_of(head, index, place, depth)
    found: list[str] = [a for c in head.children if c.dep_ == "compound" for a in _named_body(c, index)]
    if found:  # "bin Laden's AL-QAEDA network", "Putin's UNITED RUSSIA party": the body named acts, not its owner
        return found
    for dep in MODIFIER_DEPS:
        if apart and dep in ("poss", "appos"):
            continue  # "X's FAMILY", "X's CRITICS" act for themselves; "SYRIAN critics" are Syria's
        for child in head.children:
            if child.dep_ == dep:
                for member in (child, *child.conjuncts):
                    found += _phrase_actors(member, index, place, depth + 1)
        if found:
            return found
    for child in head.children:  # "workers AFFILIATED with X", "forces LED by X"
        if child.dep_ == "acl" and _is_affiliation(child):
            found += _phrase_actors(child, index, place, depth + 1)
    if found:
        return found
    for child in head.children:  # "a newspaper BASED in Beirut"
        if child.dep_ == "acl" and child.lemma_.lower() in load_event_lexicon().based_words:
            found += [s for obj in prep_objects(child, ("in",)) for s in place_states(obj, index)]
    if found:
        return found
    lexicon = load_event_lexicon()
    owners = OWNER_PREPS + ("from",) if head.lemma_.lower() in lexicon.asking_nouns else OWNER_PREPS
    for prep in owners if not apart else ():  # "the WIFE of X" is not X; "an OFFER from X" is X's
        for obj in prep_objects(head, (prep,)):
            found += actors_of(obj, index, place)
        if found:
            return found
    if head.lemma_.lower() in load_event_lexicon().resident_nouns:  # "residents OF Gaza City"
        found = [s for obj in prep_objects(head, ("of",)) for s in place_states(obj, index)]
        if found:
            return found
    if depth == 0 and head.pos_ == "NOUN" and head.tag_ == "NNS":
        outsider = head.lemma_.lower() in load_event_lexicon().outsiders
        for prep in WHERE_OWNER_PREPS:
            if outsider and prep != "from":
                continue  # "settlers IN the West Bank" are not Palestine's; "refugees FROM Syria" are Syria's
            for obj in prep_objects(head, (prep,)):
                kinds = MEMBER_KINDS if prep == "from" else ("state",)
                found += _actors_of_kind(obj, index, kinds) or place_states(obj, index)
    return found


def _named_body(token: Token, index: MentionIndex) -> list[str]:
    """Return the organisation a compound modifier names ("the AL-QAEDA network"), if it names one."""
    mention = index[token.i]
    return [mention.actor] if mention is not None and mention.actor is not None and mention.kind == "organisation" else []


def _people_of(head: Token, actor: str, index: MentionIndex) -> list[str]:
    """Return the state a people lives in when the text places it with "of" in another state it
    names: "the Albanians OF southern Serbia" are Serbia's, as CAMEO codes a minority ("Albanians
    IN Serbia" may be visitors; "Albanian troops of the brigade" are no people)."""
    mention = index[head.i]
    if mention is None or mention.kind != "state" or mention.method != "demonym" or head.tag_ not in PLURALS:
        return []
    states = [s for obj in prep_objects(head, ("of",)) for s in named_states(obj, index)]  # a state named, not
    return [s for s in dict.fromkeys(states) if s != actor]  # a gazetteer town ("the West BANK" is no town "Bank")


def _attitude(token: Token) -> bool:
    """Tell whether a word is the object of an attitude prefix ("anti-SYRIA", "pro-IRANIAN")."""
    i, doc = token.i, token.doc
    return i > 1 and doc[i - 1].text == "-" and doc[i - 2].lower_ in load_event_lexicon().attitude_prefixes


def place_states(token: Token, index: MentionIndex, depth: int = 0) -> list[str]:
    """Return the state a place phrase lies in: a state it names ("northern MALI", "the IRAQI
    city"), a capital or city of the gazetteer ("central BAGHDAD"), or, for a noun of places, its
    "of" name's ("the town OF Samarra"; "the shelling OF Donetsk" is no place). A word that names
    a person or an organisation is no place."""
    states = named_states(token, index)
    if states:
        return states
    mention = index[token.i]
    if token.pos_ == "PROPN" and (mention is None or mention.kind == "place"):
        country = _gazetteer_state(token)
        if country is not None:
            return [country]
    if depth < 2 and token.lemma_.lower() in load_event_lexicon().place_nouns:
        for obj in prep_objects(token, ("of",)):
            states += place_states(obj, index, depth + 1)
    return states


def named_states(token: Token, index: MentionIndex) -> list[str]:
    """Return the states a place phrase names itself or by a modifier ("northern MALI", "the IRAQI city")."""
    states: list[str] = []
    for word in (token, *(c for c in token.children if c.dep_ in PLACE_MODIFIER_DEPS)):
        mention = index[word.i]
        if mention is not None and mention.kind == "state" and mention.actor and not _attitude(word):
            states.append(mention.actor)
    return list(dict.fromkeys(states))


def _gazetteer_state(token: Token) -> str | None:
    """Look a proper name ending at a token up in the gazetteer, longest first ("East Jerusalem",
    then "Jerusalem"), and return its country."""
    doc, start = token.doc, token.i
    while start > 0 and token.i - start < PLACE_WORDS - 1 and (
        doc[start - 1].pos_ == "PROPN" or (doc[start - 1].text == "-" and not doc[start - 1].whitespace_)
    ):
        start -= 1
    names = gazetteer()
    for i in range(start, token.i + 1):
        found = names.get(name_key(doc[i : token.i + 1].text))
        if found is not None:
            return found.country
    if token.lower_ == "city" and token.i > start:  # "Gaza City" is Gaza in the gazetteer ("Mexico City" is itself)
        return _gazetteer_state(doc[token.i - 1])
    return None


def _is_affiliation(token: Token) -> bool:
    """Tell whether a modifier ties its noun to an owner ("Saudi-LED", "LOYAL to X", "AFFILIATED with X")."""
    return token.pos_ in ("VERB", "ADJ") and (
        token.lemma_.lower() in _affiliation_words() or token.lower_ in _affiliation_words()
    )


def _owners_of(word: Token, index: MentionIndex, place: bool, depth: int) -> list[str]:
    """Return the owners an affiliation modifier names: its hyphenated prefix, or its preposition's object."""
    found: list[str] = []
    for c in word.children:
        if c.dep_ in AFFILIATION_DEPS:
            found += _phrase_actors(c, index, place, depth + 1)
    for obj in prep_objects(word, AFFILIATION_PREPS):
        found += actors_of(obj, index, place)
    return found


@cache
def _affiliation_words() -> frozenset[str]:
    """Return the lexicon's affiliation lemmas (data/event_lexicon.yaml)."""
    return load_event_lexicon().affiliation_words


def _actors_of_kind(token: Token, index: MentionIndex, kinds: tuple[str, ...]) -> list[str]:
    """Return a phrase's actors that its words mention as one of these kinds ("the FATAH Party": organisation)."""
    named = {m.actor for t in token.subtree if (m := index[t.i]) is not None and m.kind in kinds}
    return [a for a in actors_of(token, index) if a in named]


def prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Return the objects of a token's prepositions named in `preps`, in the order `preps` names them.

    A pattern lists its prepositions most telling first: "complained to the UN
    OVER Israeli raids" is about Israel before it is to the UN.
    """
    rank = {prep: i for i, prep in enumerate(preps)}
    found: list[tuple[int, Token]] = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in rank:
            found += [(rank[child.lower_], c) for c in child.children if c.dep_ in ("pobj", "pcomp")]
    return [c for _, c in sorted(found, key=lambda rc: (rc[0], rc[1].i))]


def lemma(token: Token) -> str:
    """Return a token's lower-case lemma."""
    return token.lemma_.lower()


def child(token: Token, *deps: str) -> Token | None:
    """Return the first child with one of the dependency labels."""
    for c in token.children:
        if c.dep_ in deps:
            return c
    return None


def subject_of(verb: Token) -> tuple[Token | None, bool]:
    """Return a verb's subject token and whether the verb is passive, climbing when it has none."""
    reduced = _reduced_passive(verb)
    if reduced is not None:
        return reduced
    seen = 0
    while seen < 6:
        seen += 1
        passive = child(verb, "nsubjpass") is not None or (
            child(verb, "auxpass") is not None and child(verb, *SUBJECT_DEPS) is None
        )  # "before BEING ASSASSINATED": the one it befell does not do it
        if passive:
            agent = child(verb, "agent") or _stranded_agent(verb)
            return (child(agent, "pobj") if agent is not None else None), True
        subject = child(verb, *SUBJECT_DEPS)
        if subject is not None:
            if verb.dep_ == "relcl" and subject.lower_ in RELATIVE_WORDS:
                return verb.head, False
            return _participle_subject(subject), False
        fused = _fused_subject(verb)
        if fused is not None:
            return fused, False
        if verb.dep_ in ("acl", "relcl") and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return author_of(verb.head) or _held_by(verb.head, verb) or verb.head, False
        if verb.dep_ not in CLIMB_DEPS or verb.head.i == verb.i:
            return None, False
        if verb.dep_ == "conj" and _active(verb) and child(verb.head, "nsubjpass") is not None:
            return child(verb.head, "nsubjpass"), False  # "X was indicted and WILL RESIGN": X resigns
        # "resorted TO THROWING stones", "minced no words IN SAYING": past the preposition
        # (and past the object noun it hangs from) to the verb whose subject it takes
        doer = _charged(verb) or _controller(verb)
        if doer is not None:
            return doer, False
        if verb.dep_ == "pcomp" and verb.head.dep_ == "prep":
            verb = verb.head.head
            if verb.pos_ in ("NOUN", "PROPN") and verb.dep_ in ("dobj", "attr"):
                verb = verb.head
            continue
        verb = verb.head
    return None, False


FINITE_TAGS = frozenset({"VBZ", "VBP", "VBD"})


def _fused_subject(verb: Token) -> Token | None:
    """Return the noun right before a verb that the parser hung on it as a compound, as if the
    two were one noun ("the off-chance a health EMERGENCY forces her out"): it is the verb's own
    subject, so the doer is not borrowed from a clause above ("Obama should act … for the chance a
    health emergency FORCES her out" is no act of Obama's). A verb takes no compound otherwise.
    Only a finite verb: a participle's noun is the one it describes ("a Security Council
    RESOLUTION censuring X" is the resolution's author's act, found by `author_of`)."""
    if verb.pos_ != "VERB" or verb.tag_ not in FINITE_TAGS or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.head.i == verb.i and before.dep_ == "compound" and before.pos_ in ("NOUN", "PROPN"):
        return before
    return None


def _charged(verb: Token) -> Token | None:
    """Return whom a verb's "for"/"of" clause is charged to: "criticized the officer FOR SHOOTING
    a man", "blamed Russia FOR DOWNING the jet", "Russia was accused OF INTERFERING": the one
    blamed or praised did it, not the one blaming."""
    prep = verb.head
    if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in CHARGE_PREPS:
        return None
    if prep.head.pos_ == "VERB":
        return child(prep.head, "dobj", "nsubjpass")
    judge = prep.head.head
    if prep.head.dep_ in ("dobj", "nsubjpass") and judge.pos_ == "VERB" and _judging(judge):
        return prep.head  # the parser hung the clause on the one blamed: "accused [Bolivian rebels OF breaking]"
    return None


def _judging(verb: Token) -> bool:
    """Tell whether a verb judges the one it names for an act (CAMEO 05 praise, 11 disapprove:
    "accused", "blamed", "thanked", "criticised"); "began a timetable FOR withdrawing" does not."""
    rules = load_event_lexicon().verbs.get(verb.lemma_.lower(), ())
    return bool(rules) and all(rule.code[:2] in JUDGING_ROOTS for rule in rules)


def charged_by(verb: Token) -> Token | None:
    """Return the verb that charges an act to someone ("ACCUSED X of breaking", "BLAMED X for
    downing"), when the act is such a charge's "for"/"of" clause (see `_charged`)."""
    if _charged(verb) is None:
        return None
    head = verb.head.head
    return head if head.pos_ == "VERB" else head.head


def _controller(verb: Token) -> Token | None:
    """Return the object that does an open complement: "FORCED RUSSIA to WITHDRAW", "called ON
    ARABS to unite" (`control_verbs`)."""
    head = verb.head
    if verb.dep_ != "xcomp" or head.lemma_.lower() not in load_event_lexicon().control_verbs:
        return None
    called = (o for o in prep_objects(head, ("on",)) if o.ent_type_ not in ("DATE", "TIME"))  # not "ON WEDNESDAY"
    return child(head, "dobj") or next(called, None)


def _reduced_passive(verb: Token) -> tuple[Token | None, bool] | None:
    """Return the doer of a participle clause that is passive without "be", or None if it is not one.

    "When PRESSED by the moderator, he said …", "BACKED by the West, the coalition …": the
    "by" object does it, not the subject of the clause it hangs from. "ASKED about the
    talks, she said": no one named asks. (A participle describing a noun with no "by"
    keeps its reading: "the report released Thursday".)
    """
    clause = verb.head if verb.dep_ == "conj" and child(verb, "agent") is not None else verb
    if verb.tag_ != "VBN" or clause.tag_ != "VBN" or clause.dep_ not in ("advcl", "acl"):
        return None  # ("a coalition led by X and BACKED by Y": the conjunct is a participle too)
    if any(c.dep_ in ("aux", "auxpass", "nsubjpass", *SUBJECT_DEPS) for c in verb.children):
        return None  # "having met", "after he was asked": a clause of its own
    agent = child(verb, "agent")
    if agent is None and clause.dep_ == "acl":
        return None
    return (child(agent, "pobj") if agent is not None else None), True


AGENT_TAGS = frozenset({"NNS", "NNPS", "NNP"})  # a gerund's "by" object that names parties, not a means


def _stranded_agent(verb: Token) -> Token | None:
    """Return the "by" phrase the parser hung on the charge of a passive verb, not on the verb
    ("was accused OF corruption BY officials", "criticised FOR its role BY the EU"); after an
    event noun it is that event's doer ("accused of an attack by rebels"), and after another
    preposition it is not the verb's ("met WITH opposition by experts"). A gerund's "by" is its
    means ("accused of destabilising the region BY ARMING rebels", "of seizing it BY FORCE"),
    unless it names parties, a plural or a name ("accused of stealing funds BY Peruvian OFFICIALS"):
    no one steals by officials."""
    lexicon = load_event_lexicon()
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in ("of", "for"):
            continue
        for obj in prep.children:
            if obj.dep_ == "pcomp" and obj.tag_ == "VBG":
                for by in obj.children:
                    if by.dep_ == "prep" and by.lower_ == "by" and any(
                        o.dep_ == "pobj" and o.tag_ in AGENT_TAGS for o in by.children
                    ):
                        return by
                continue
            word = obj.lemma_.lower()
            if obj.dep_ != "pobj" or obj.tag_ == "VBG" or word in lexicon.nouns or word in lexicon.nominals:
                continue
            for by in obj.children:
                if by.dep_ == "prep" and by.lower_ == "by":
                    return by
    return None


def _participle_subject(subject: Token) -> Token:
    """Read "The Red Cross OPERATING in Iraq said", parsed with the participle as the subject
    and the noun as its own subject, as the noun."""
    if subject.dep_ == "nsubj" and subject.tag_ == "VBG":
        return child(subject, "nsubj") or subject
    return subject


def _active(verb: Token) -> bool:
    """Tell whether a verb without a subject is active: not a bare participle sharing a passive
    ("was arrested and JAILED"), nor one with its own passive auxiliary."""
    if any(c.dep_ == "auxpass" for c in verb.children):
        return False
    return verb.tag_ != "VBN" or any(c.dep_ == "aux" for c in verb.children)


def author_of(noun: Token) -> Token | None:
    """Return who made a statement noun, the subject of what it says ("RUSSIA issued a statement
    ACCUSING …", "RUSSIA's letter urging …"); None for other nouns ("ministers MEETING in Tokyo")."""
    if noun.lemma_.lower() not in _speech_nouns():
        return None
    owner = child(noun, "poss")
    if owner is not None:
        return owner
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in load_event_lexicon().issuing_verbs:
        return subject_of(noun.head)[0]  # "Russia ISSUED a statement"; one it REJECTED is another's
    if noun.dep_ == "pobj" and noun.head.lower_ in ("in", "through", "via") and noun.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(noun.head.head)[0]  # "Russia, IN a letter urging …, said"
    return None


def _held_by(noun: Token, clause: Token) -> Token | None:
    """Return who holds a protest whose purpose a to-clause gives ("thousands converged for a RALLY
    TO PROTEST …": the thousands protest, not the rally). Holding the protest does what it is
    for; "an offensive to retake the town" need not retake it."""
    if noun.lemma_.lower() not in _protest_nouns() or not any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children
    ):
        return None
    return _maker(noun)


def _maker(noun: Token) -> Token | None:
    """Return who holds an event noun: its owner, or the subject of the verb it is the object of
    ("students HELD a rally", "converged FOR a rally")."""
    owner = child(noun, "poss")
    if owner is not None:
        return owner
    if noun.dep_ == "dobj":
        return subject_of(noun.head)[0]
    if noun.dep_ == "pobj" and noun.head.dep_ == "prep" and noun.head.head.pos_ in ("VERB", "AUX"):
        return subject_of(noun.head.head)[0]
    return None


@cache
def _protest_nouns() -> frozenset[str]:
    """Return the lexicon's event nouns of protest, CAMEO root 14 ("rally", "demonstration")."""
    return frozenset(word for word, rule in load_event_lexicon().nouns.items() if rule.code[:2] == "14")


def _says(clause: Token) -> bool:
    """Tell whether a clause on a noun is its content ("a warning THAT …"), not a relative clause."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)


@cache
def _speech_nouns() -> frozenset[str]:
    """Return the lexicon's nouns of statements (data/event_lexicon.yaml)."""
    return load_event_lexicon().speech_nouns


def is_reciprocal(token: Token | None) -> bool:
    """Tell whether a phrase is "each other", "one another" or "each others' X"."""
    if token is None:
        return False
    for t in (token, *(c for c in token.children if c.dep_ == "poss")):
        if t.lower_ in ("one", "each") and any(c.lower_ in RECIPROCAL_HEADS for c in t.children):
            return True
        if t.lower_ in RECIPROCAL_HEADS:
            if any(c.lower_ in ("each", "one") for c in t.children) or (
                t.i > 0 and t.doc[t.i - 1].lower_ in ("each", "one")
            ):
                return True
    return False


def speech_head(token: Token, speech_verbs: frozenset[str]) -> Token | None:
    """Return the speech verb whose complement holds a token ("Shoigu SAID that …"), if any."""
    current = token
    for _ in range(12):
        head = current.head
        if head.i == current.i:
            return _according_to(current)
        if head.lemma_ in speech_verbs and current.dep_ in (
            "ccomp",
            "parataxis",
            "conj",
            "dobj",
            "advcl",
        ):
            if current.dep_ != "conj" or head.dep_ == "ccomp":
                return head
        if head.lemma_ in speech_verbs and current.dep_ == "prep" and current.lower_ in TOPIC_PREPS:
            return head  # "spoke ABOUT violations by Greece"
        if current.dep_ in ("acl", "ccomp") and _says(current) and head.lemma_.lower() in _speech_nouns():
            return head  # "issued a REMINDER that Iraq must cooperate", "a REPORT that X attacked"
        current = head
    return None


def _according_to(root: Token) -> Token | None:
    """Return the root when the sentence is attributed with "according to X"."""
    for c in root.children:
        if c.dep_ == "prep" and c.lower_ == "according":
            return root
    return None


def index_quotes(index: TokenIndex, doc: Doc, quotes: Iterable[tuple[int, int, str]]) -> None:
    """Note, per token, the speaker of the direct quotation (start, end, actor) holding it."""
    quoted: list[str | None] = [None] * len(doc)
    for start, end, speaker in quotes:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            quoted[span.start : span.end] = [speaker] * len(span)
    index.quoted = quoted


def speaker_actors(token: Token, index: MentionIndex, speech_verbs: frozenset[str], person: bool = True) -> list[str]:
    """Return the actors of the speaker of the reported speech, or of the quotation, holding a token.

    A quotation of several sentences has a speech verb for its first only
    ("…, saying, "A. B."): the quote stage knows who speaks B. With `person`
    false, a speaker named as one person gives none ("it" in Lavrov's words is
    not Lavrov; in the words of "the Obama administration" it is).
    """
    verb = speech_head(token, speech_verbs)
    if verb is None:
        quoted = getattr(index, "quoted", None)
        speaker = quoted[token.i] if quoted else None
        return [speaker] if speaker and (person or speaker not in getattr(index, "persons", ())) else []
    if verb.pos_ in ("NOUN", "PROPN"):  # "X's statement that …", "X issued a warning that …"
        return _speaker_phrase(author_of(verb), index, person)
    if verb.lemma_ not in speech_verbs:  # "according to X"
        for c in verb.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                return _speaker_phrase(child(child(c, "prep") or c, "pobj"), index, person)
        return []
    subject, _ = subject_of(verb)
    return _speaker_phrase(subject, index, person)


def _speaker_phrase(head: Token | None, index: MentionIndex, person: bool) -> list[str]:
    """Return a speaker phrase's actors; none, unless `person`, when its head names one person."""
    if head is None:
        return []
    mention = index[head.i]
    if not person and mention is not None and mention.kind == "person":
        return []
    return actors_of(head, index)


def resolve_actors(
    token: Token | None, index: MentionIndex, speech_verbs: frozenset[str], place: bool = False, joint: bool = False
) -> list[str]:
    """Return a phrase's actors, reading an unresolved "we"/"us" as the reported speaker, and
    "it"/"they" as a speaker who is no single person ("Russia said IT would"; in "Lavrov said IT
    would", "it" is something else), unless the act is a joint one the speaker takes part in
    (`joint`: "Lavrov said THEY had agreed to continue the talks")."""
    if token is None:
        return []
    found = actors_of(token, index, place)
    if found:
        return found
    if is_first_person(token):
        return speaker_actors(token, index, speech_verbs)
    if is_third_person(token):
        return speaker_actors(token, index, speech_verbs, person=joint and token.lower_ == "they")
    return []


def is_third_person(token: Token) -> bool:
    """Tell whether a subject is "it"/"they" or "its"/"their" X: in reported speech, the speaker's
    ("X said IT would", "X said ITS forces had withdrawn").

    Only as subject: "ITS soldiers" in "X said Y must withdraw its soldiers" is Y's.
    """
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return token.lower_ in THIRD_PERSON or any(
        c.dep_ == "poss" and c.lower_ in THIRD_POSSESSIVE for c in token.children
    )


def is_first_person(token: Token) -> bool:
    """Tell whether a phrase is "we"/"us" or is owned by them ("our ships", "us concern")."""
    return token.lower_ in FIRST_PERSON or any(
        c.lower_ in FIRST_PERSON and c.dep_ in ("poss", "compound") for c in token.children
    )
