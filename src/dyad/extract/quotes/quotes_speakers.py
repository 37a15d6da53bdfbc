"""Reporting verbs and the speakers they name, read off spaCy's tokens and parse.

The lexicon is `data/speech_verbs.yaml`. A speaker is found in this order:

1. the subject of the reporting verb ("Shoigu said", "he noted"); when the
   verb has none, the subject of the verb it hangs from ("…, saying, '…'"),
   past a relative clause that reports words of its own ("paid no builder who
   said he was cheated, saying '…'": not the builder's);
   the object of a "to" infinitive after a verb that is no request ("forced
   Roe to admit that …"); the subject of an adjective the verb hangs from
   ("was quick to note");
2. a relative pronoun stands for the noun its clause describes ("Iwaya, who
   told his counterpart …"), the name that noun is set beside ("Roe, a
   senator who said …") or the list member right before it ("… and Doe,
   who joked");
3. a passive expletive ("it was stated") gives way to a `by` phrase on the
   verb ("In another article by Modern Tokyo Times it was stated …"), and
   names nobody without one ("It must be stressed that …" is the writer's own);
4. otherwise the noun phrase right before or right after the verb ("… the
   Minister of Defense noted", "said the Russian Defence Minister").

The words found are then matched to the resolver's mentions: the speaker's
actor is the mention over those words, preferring the one over the head word,
then a person, then any mention with an actor; a place named inside the
speaker's words ("Modern Tokyo Times") is not the speaker, nor is a pronoun
off the head ("those close to him"), nor anything in a clause set on the
subject ("a statement saying Sweden must leave"). A text speaks for the
author named with it ("an analysis by Roe", "a complaint filed by X"); a
name in apposition wins over a description ("the minister of trade, Roe,");
a state's own body speaks for the state in its own words ("the Egyptian
Foreign Ministry": EGY). On the PolNeAR dev articles these took speaker
right from 0.908 to 0.911 (direct) and 0.855 to 0.876 (indirect).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from dyad.extract.quotes.quotes_lexicon import (
    Lexicon,
    Trigger,
    load_lexicon,
    trigger_covering,
)
from dyad.model import Mention, Quote

SUBJECTS = ("nsubj", "nsubjpass")
OBJECTS = frozenset({"dobj", "dative", "oprd"})
CLIMB = (
    "advcl",
    "xcomp",
    "conj",
    "pcomp",
    "prep",
    "acomp",
)  # a verb whose subject is its head's ("quoted as saying", "will be unable to … accuse")
NP_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "PRON", "NUM"})
POSSESSIVE = frozenset({"'s", "’s", "'", "’"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "their", "its", "my", "our", "your"})
PRONOUNS = POSSESSIVE_PRONOUNS | frozenset({"he", "she", "him", "they", "them", "it", "we", "us", "i", "me"})
SPEAKING_PRONOUNS = frozenset({"i", "we", "you", "he", "she", "they", "who"})
WHOSE = frozenset({"at", "for", "with", "from"})  # "officials at X", "a spokesman for X"
PLACE_PREPS = frozenset({"in", "on", "at", "from", "outside", "across"})  # "farmers in Ohio", "crews on Harbour Island"
PLACE_ENTITIES = frozenset({"GPE", "LOC", "FAC", "ORG"})  # entity labels of a place or a body, never a "who"
COPULAS = frozenset({"be", "seem", "appear", "remain", "become", "look", "sound"})
NAME_JOINERS = frozenset({"of", "and", "for", "&"})  # "Conference of Harbour Masters", "Fish and Game Board"
LONG_NAME = 4  # words of a proper name that a state's name inside it does not speak for ("United States Postal Service")
MAX_NP = 14  # tokens: "Russian Defence Minister General of the Army Sergei Shoigu" is 9


@dataclass(frozen=True)
class Speaker:
    """Who a quote is attributed to, and where the text names them."""

    actor: str | None
    name: str
    start: int
    end: int

    def quote(self, text: str, start: int, end: int, verb: str | None, *, direct: bool) -> Quote:
        """Make the record of the words text[start:end] that this speaker said."""
        return Quote(
            text=text[start:end],
            start=start,
            end=end,
            direct=direct,
            speaker=self.actor,
            speaker_name=self.name,
            speaker_start=self.start,
            speaker_end=self.end,
            verb=verb,
        )


def clause_speaker(
    doc: Doc, i: int, lexicon: Lexicon, mentions: Sequence[Mention], stop: set[int]
) -> Speaker | None:
    """Name the subject of the nearest verb outside the quote above token `i` ("X called it “…”").

    A clause that is the content of another verb ("X agreed that Y is “…”")
    is the holder's: the phrase is X's, not Y's.
    """
    first: Token | None = None
    for verb in doc[i].ancestors:
        if verb.i in stop or verb.pos_ not in ("VERB", "AUX"):
            continue
        if verb.dep_ == "ccomp" and _holder(verb, lexicon, stop) is not None:
            continue  # "Most voters agreed that Roe is in 'good health'": the voters' phrase, not Roe's
        subject = described_by(subject_of(verb) or _name_before(verb), lexicon)
        if subject is None or subject.i in stop or _expletive(subject, verb, lexicon):
            break
        if _may_speak(subject, lexicon):
            first = subject
            break
        first = first or subject  # "make sure everything is 'above board'": a thing says nothing; look higher
    if first is None:
        return None
    return speaker_from(doc, speaker_span(first, stop), _name_tokens(first), first.i, mentions)


def _holder(clause: Token, lexicon: Lexicon, stop: set[int]) -> Token | None:
    """Return the subject of the verb a that-clause is the content of ("voters agreed that …"), if any."""
    for verb in clause.ancestors:
        if verb.pos_ in ("VERB", "AUX"):
            subject = subject_of(verb)
            if subject is None or subject.i in stop or _expletive(subject, verb, lexicon):
                return None
            return subject
    return None


def _name_before(verb: Token) -> Token | None:
    """Return the name right before a finite verb the parse left without a subject.

    "… in the war, Roe and Doe call them “lone wolves”" is sometimes parsed
    with the names hanging from the noun before them; a name right before a
    present or past verb is its subject all the same.
    """
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if before is None or verb.tag_ not in ("VBZ", "VBP", "VBD") or before.pos_ != "PROPN":
        return None
    return before


def _expletive(subject: Token, verb: Token, lexicon: Lexicon) -> bool:
    """Tell whether a subject is an empty "it"/"there" ("it is 'vital' that …"), not a body that acts.

    "It" is empty with "be" and its kind, in the passive, and before a clause
    it stands for; "it referenced 'political tensions'" names a body.
    """
    if subject.lower_ not in lexicon.expletives:
        return False
    return (
        subject.lower_ != "it"
        or subject.dep_ == "nsubjpass"
        or verb.lemma_.lower() in COPULAS
        or any(c.dep_ in ("ccomp", "xcomp", "csubj", "acomp", "attr") for c in verb.children)
    )


def _may_speak(subject: Token, lexicon: Lexicon) -> bool:
    """Tell whether a subject can be who uses a quoted phrase: a name, a person's pronoun, a person or body."""
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("PERSON", "ORG", "NORP", "GPE"):
        return True
    word = subject.lower_
    return word in SPEAKING_PRONOUNS or word in lexicon.person_nouns or word in lexicon.organisation_nouns \
        or subject.lemma_.lower() in lexicon.person_nouns


def subject_of(verb: Token) -> Token | None:
    """Return the verb's subject, that of the verb it hangs from ("…, saying"), or the noun it describes.

    Two parses need help: a participle right after a named object is that
    person's ("showed footage of Roe asking, '…'", parsed as the main verb's
    complement), but not after a day ("issued a statement on Monday saying"),
    and a verb right after "and"/"but" shares the subject of the verb it is
    coordinated with ("Roe said … but said '…'", often parsed as that verb's
    clausal complement). A text that someone issued speaks for its issuer:
    "Oslo issued a statement saying" is Oslo's words (issuing_verbs).
    """
    adjective = False  # climbed through "be unable to", "is worth noting"
    for _ in range(6):
        for child in verb.children:
            if child.dep_ in SUBJECTS:
                return None if adjective and child.lower_ in ("it", "there") else child  # "It is worth noting"
        named = _name_before(verb)
        if named is not None:  # "…, Roe and Doe call them 'lone wolves' and describe …"
            return named
        if verb.dep_ == "acl" and verb.head.pos_ in ("PROPN", "NOUN"):  # "footage of Roe saying"
            if not _issued(verb.head):
                return verb.head
            verb = verb.head.head  # "issued a statement saying": the issuing verb's subject
            continue
        controller = _object_control(verb)
        if controller is not None:
            return controller
        before = verb.doc[verb.i - 1] if verb.i > 0 else None
        if (verb.dep_ in ("xcomp", "advcl") and verb.tag_ == "VBG" and before is not None and before.pos_ == "PROPN"
                and before.dep_ in ("pobj", "dobj") and verb.head in before.ancestors
                and before.ent_type_ not in ("DATE", "TIME")):
            return before
        coordinated = verb.dep_ == "ccomp" and before is not None and before.pos_ == "CCONJ"
        if (verb.dep_ not in CLIMB and not coordinated) or verb.head.i == verb.i:
            return None
        adjective = adjective or verb.dep_ == "acomp"
        verb = _past_relative(verb) or verb.head
    return None


def _object_control(verb: Token) -> Token | None:
    """Return the object that does a "to" infinitive ("forced Roe to admit that …": Roe admits, not who forced).

    Not after a verb that reports a request: "asked Roe to explain" says Roe
    has not spoken yet, and "asked the crowd to welcome 'my friend'" quotes the asker.
    """
    if verb.dep_ != "xcomp" or not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children):
        return None
    if trigger_covering(verb.doc, verb.head.i, load_lexicon()) is not None:
        return None
    return next((c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i and _agentive(c)), None)


def _agentive(noun: Token) -> bool:
    """Tell whether an object can act: a name, a pronoun, a person or body ("used blunt language to …" has none)."""
    lexicon = load_lexicon()
    return (noun.pos_ in ("PROPN", "PRON") or noun.ent_type_ in ("PERSON", "ORG", "NORP", "GPE")
            or noun.lemma_.lower() in lexicon.person_nouns or noun.lemma_.lower() in lexicon.organisation_nouns
            or any(c.pos_ == "PROPN" and c.dep_ in ("compound", "appos") for c in noun.children))


def _issued(noun: Token) -> bool:
    """Tell whether a noun is a text put out by its verb's subject ("issued a statement"), which then speaks."""
    lexicon = load_lexicon()
    return (noun.lower_ in lexicon.document_nouns and noun.dep_ == "dobj"
            and noun.head.lemma_.lower() in lexicon.issuing_verbs)


def _past_relative(verb: Token) -> Token | None:
    """Return the verb above a relative clause that a comma-set participle was hung from by mistake.

    "Roe refused to pay a builder who said he was cheated, saying, '…'": the
    relative clause reports its own words already ("said he was cheated"),
    so the participle after the comma is the main clause's, Roe's. A relative
    clause with no clause of its own ("a builder who complained, saying …")
    keeps it.
    """
    head = verb.head
    before = verb.doc[verb.i - 1] if verb.i > 0 else None
    if verb.dep_ != "advcl" or verb.tag_ != "VBG" or before is None or before.text != "," or head.dep_ != "relcl":
        return None
    if not any(c.dep_ == "ccomp" and c.i < verb.i for c in head.children):
        return None
    node = head.head  # the noun the relative clause describes
    for _ in range(4):
        if node.head is node:
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX"):
            return node
    return None


def np_tokens(doc: Doc, start: int, step: int, stop: set[int]) -> list[int]:
    """Collect the noun phrase beside a verb, walking from `start` forward (1) or back (-1)."""
    found: list[int] = []
    i = start
    while 0 <= i < len(doc) and len(found) < MAX_NP and i not in stop:
        token = doc[i]
        if "\n" in token.text or not (
            token.pos_ in NP_POS or token.lower_ == "of" or token.lower_ in POSSESSIVE or _hyphened(doc, i)
        ):
            break
        found.append(i)
        i += step
    return sorted(found)


def source_tokens(doc: Doc, start: int, stop: set[int], lexicon: Lexicon) -> list[int]:
    """Collect the source named after "according to": a text's author when it has one ("a study by X")."""
    tokens = np_tokens(doc, start, 1, stop)
    if not tokens:
        return tokens
    last = doc[max(tokens)]
    by = max(tokens) + 1
    if by < len(doc) and doc[by].tag_ == "VBN":  # "a complaint filed by X"
        by += 1
    if (last.lower_ in lexicon.document_nouns or last.lemma_.lower() in lexicon.document_nouns) and (
        by < len(doc) and doc[by].lower_ == "by"
    ):
        author = np_tokens(doc, by + 1, 1, stop)
        if nominal(doc, author):
            return author
    return tokens


def _hyphened(doc: Doc, i: int) -> bool:
    """Tell whether token `i` is an inner hyphen or a word it joins ("left-leaning": "left" is an adverb)."""
    return _inner_hyphen(doc, i) or (i + 1 < len(doc) and _inner_hyphen(doc, i + 1)) or (
        i > 0 and _inner_hyphen(doc, i - 1)
    )


def _inner_hyphen(doc: Doc, i: int) -> bool:
    """Tell whether token `i` is a hyphen inside a word ("AFL-CIO", "Crouse-Mays", "left-leaning", "52-count")."""
    return (
        doc[i].text == "-" and 0 < i < len(doc) - 1 and not doc[i].whitespace_
        and not doc[i - 1].whitespace_ and doc[i - 1].text[-1:].isalnum() and doc[i + 1].text[:1].isalnum()
    )


def _name_tokens(subject: Token) -> list[int]:
    """Return the subject's own words: its left part and "of" phrases, not clauses or appositions.

    A role's "at"/"for" phrase says whose it is and stays: "officials at the
    port authority", "a spokeswoman for the union".
    """
    tokens = [t.i for t in subject.subtree if t.i <= subject.i]
    role = subject.lemma_.lower() in load_lexicon().person_nouns
    clauses = {t.i for c in subject.children if c.dep_ in ("relcl", "acl") for t in c.subtree}
    for token in subject.doc[subject.i + 1 : subject.right_edge.i + 1]:
        if token.is_punct or token.dep_ in ("relcl", "acl", "appos", "cc", "conj", "case") or token.i in clauses:
            break
        if token.dep_ == "prep" and token.lower_ != "of" and not (role and token.lower_ in WHOSE):
            break
        tokens.append(token.i)
    return tokens


def _agent(verb: Token) -> Token | None:
    """Return the object of a `by` phrase in the verb's clause ("article by X … it was stated")."""
    for token in verb.subtree:
        if token.lower_ == "by" and token.dep_ in ("agent", "prep"):
            objects = [c for c in token.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
    return None


def subject_speaker(
    doc: Doc, trigger: Trigger, lexicon: Lexicon, mentions: Sequence[Mention], stop: set[int]
) -> Speaker | None:
    """Find who a reporting verb's clause names as speaker."""
    verb = doc[trigger.first]
    subject = described_by(subject_of(verb), lexicon) or _apposed_subject(verb)
    if subject is not None and subject.lower_ in lexicon.expletives and subject.dep_ == "nsubjpass":
        subject = _agent(verb)
        if subject is None:
            return None
    if subject is not None and subject.i not in stop:
        subject = named_apposition(author_of(subject, lexicon))
        return speaker_from(doc, speaker_span(subject, stop), _name_tokens(subject), subject.i, mentions)
    named = _word_name(doc, _past_adverbs(doc, trigger.first - 1, stop))
    before = np_tokens(doc, _past_adverbs(doc, trigger.first - 1, stop), -1, stop) or named
    tokens = before or np_tokens(doc, trigger.last + 1, 1, stop)
    if not before and any(doc[t].dep_ in OBJECTS and doc[t].head.i == verb.i for t in tokens):
        return None  # "… and accuse the audience of …": the verb's object, not a speaker set after it
    return speaker_from(doc, tokens, tokens, None, mentions) if nominal(doc, tokens) or tokens == named else None


def _apposed_subject(verb: Token) -> Token | None:
    """Return the name the parse set beside a place before a reporting verb it left without a subject.

    "In a debate in Oslo, Jane Roe, the head of the union, told …": the
    parse reads Roe as "Oslo"'s apposition or conjunct, through the
    description after her; the name, not the place, is who told. So with a relative clause
    between ("In Bergen, the union, which represents dockers, said").
    """
    doc, i = verb.doc, verb.i - 1
    while i > 0 and doc[i].pos_ == "ADV":
        i -= 1
    if i < 1 or doc[i].text != ",":
        return None
    node = doc[i - 1]
    for _ in range(8):
        if node.dep_ in ("appos", "conj") and node.pos_ in ("PROPN", "NOUN") and node.head.dep_ == "pobj" \
                and node.head.i < node.i:
            return node
        if node.dep_ not in ("pobj", "prep", "appos", "compound", "dobj", "relcl") or node.head.i == node.i:
            return None
        node = node.head
    return None


def _past_adverbs(doc: Doc, i: int, stop: set[int]) -> int:
    """Step back over adverbs before a verb the parse left without a subject ("May also confirmed")."""
    while i >= 0 and i not in stop and doc[i].pos_ == "ADV" and doc[i].text.islower():
        i -= 1
    return i


def _word_name(doc: Doc, i: int) -> list[int]:
    """Return a name the parse took for a verb, right before one ("May also confirmed …": tagged NNP, parsed AUX)."""
    if 0 <= i and doc[i].tag_ == "NNP" and doc[i].pos_ in ("AUX", "VERB") and doc[i].text[:1].isupper():
        return [i]
    return []


def nominal(doc: Doc, tokens: list[int]) -> bool:
    """Tell whether words beside a verb hold a noun, a name or a pronoun: "worth noting" names nobody."""
    return any(doc[t].pos_ in ("NOUN", "PROPN", "PRON", "NUM") for t in tokens)


def described_by(subject: Token | None, lexicon: Lexicon) -> Token | None:
    """Return who a relative pronoun stands for: the noun its clause describes, or the name that noun is set beside.

    "an architect who said …" is the architect's; "Jane Roe, a senator who
    said …" is Jane Roe's (the relative clause describes the apposition).
    """
    if subject is None or subject.lower_ not in lexicon.relatives:
        return subject
    if subject.head.dep_ != "relcl":  # a relative clause parsed as another clause: the noun right before
        near = _before_relative(subject)
        relative = subject.tag_ in ("WP", "WDT") and 0 < subject.i and near.i < subject.i
        return near if relative and subject.lower_ in ("who", "which") and near.pos_ in ("NOUN", "PROPN") else subject
    noun = _last_conjunct(subject, subject.head.head)
    if noun.pos_ not in ("NOUN", "PROPN"):  # the parse hung the clause on a verb: the noun right before
        near = _before_relative(subject)
        noun = near if near.pos_ in ("NOUN", "PROPN") else noun
    if noun.dep_ == "appos" and noun.head.pos_ == "PROPN":
        return noun.head
    if subject.lower_ == "who":
        noun = _people_at(noun)
    return _predicated(noun, subject.lower_ == "who", lexicon) or noun


def _people_at(noun: Token) -> Token:
    """Return the people a "who" clause describes when the parse hung it on the place or body they are at.

    "anxious farmers on Harbour Island, who have argued …", "farmers in
    Ohio, who said …": a place is no "who"; the noun its preposition hangs
    on is, or the noun right before the preposition when the parse hung it
    on the verb ("angered farmers in Ohio, who …"). So is a thing after any
    preposition but "of" ("listeners to his morning program who said …"): a
    common noun no entity, person, group or organisation word names ("the
    wife of a pilot who said …" may be the pilot's words). A person stays ("a
    friend of Jane Roe, who said …": Roe).
    """
    prep = noun.head
    if noun.dep_ != "pobj" or prep.i == 0 or not (
            (noun.ent_type_ in PLACE_ENTITIES and prep.lower_ in PLACE_PREPS) or (prep.lower_ != "of" and _thing(noun))):
        return noun
    people = prep.head if prep.head.pos_ in ("NOUN", "PROPN") else noun.doc[prep.i - 1]
    if people.i == prep.i or people.pos_ not in ("NOUN", "PROPN") or people.ent_type_ in PLACE_ENTITIES:
        return noun
    return people


def _thing(noun: Token) -> bool:
    """Tell whether a noun names a thing, no "who": a common noun that no entity, person, group or body word names."""
    lexicon = load_lexicon()
    lemma = noun.lemma_.lower()
    return (noun.pos_ == "NOUN" and not noun.ent_type_ and lemma not in lexicon.person_nouns
            and lemma not in lexicon.group_nouns and lemma not in lexicon.organisation_nouns)


def _predicated(noun: Token, person: bool, lexicon: Lexicon) -> Token | None:
    """Return the subject a described noun is said of ("Roe is a former minister who argued …": Roe).

    The noun, or the list it ends, is the complement of "be" (or "remain",
    "become"); the relative clause describes that subject, a person for
    "who" ("the video became a focal point for crowds, who …" is no video's).
    A "be" joined to a verb before it shares that verb's subject ("Roe
    regularly incites crowds and is a liar who has vowed …").
    """
    first = noun
    for _ in range(6):
        if first.dep_ != "conj" or first.head.i == first.i:
            break
        first = first.head
    verb = first.head
    if first.dep_ != "attr" or verb.lemma_.lower() not in COPULAS:
        return None
    said = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
    if said is None and verb.dep_ == "conj":  # "Roe incites crowds and is a liar who …": the first verb's subject
        said = next((c for c in verb.head.children if c.dep_ in SUBJECTS), None)
    if said is None or said.pos_ not in ("PROPN", "NOUN"):
        return None
    if person and not (said.pos_ == "PROPN" or said.lemma_.lower() in lexicon.person_nouns):
        return None
    return said


def _last_conjunct(relative: Token, noun: Token) -> Token:
    """Return the member of a list right before a relative pronoun, which the parse hung on the list's first.

    "… Patti Roe and Stevie Doe, who joked, '…'" is Doe's joke, not the
    first celebrity's.
    """
    near = _before_relative(relative)
    up, listed = near, False
    while up.i != noun.i and up.dep_ in ("conj", "pobj", "prep") and up.head.i != up.i:
        listed = listed or up.dep_ == "conj"
        up = up.head  # "singers like Roe, Poe and Doe, who": up the list and its "like"
    return near if up.i == noun.i and listed else noun


def _before_relative(relative: Token) -> Token:
    """Return the head of the name or noun right before a relative pronoun (past a comma)."""
    i = relative.i - 1
    if i > 0 and relative.doc[i].text == ",":
        i -= 1
    near = relative.doc[max(i, 0)]
    while near.dep_ == "compound" and near.head.i > near.i:
        near = near.head
    return near


def named_apposition(subject: Token) -> Token:
    """Return the name set beside a described subject ("The minister of trade, Jane Roe, said"), else the subject.

    The description may be resolved to someone else who holds a like title;
    the name beside it is who spoke.
    """
    if subject.pos_ != "NOUN":
        return subject
    return next((c for c in subject.children if c.dep_ == "appos" and c.pos_ == "PROPN"), subject)


def author_of(subject: Token, lexicon: Lexicon) -> Token:
    """Return who wrote a text that speaks, when the subject names them ("a study by X", "X's report").

    A text says only what its author says; the author named with it is the
    speaker ("according to an analysis by Jane Roe"). A text with no author
    named stays the speaker.
    """
    if subject.lower_ not in lexicon.document_nouns and subject.lemma_.lower() not in lexicon.document_nouns:
        return subject
    for child in subject.children:
        if child.dep_ == "acl" and child.tag_ == "VBN":  # "a complaint filed by X"
            child = next((c for c in child.children if c.dep_ == "agent"), child)
        if child.dep_ in ("prep", "agent") and child.lower_ in ("by", "from"):
            objects = [c for c in child.children if c.dep_ == "pobj"]
            if objects:
                return objects[0]
        if child.dep_ == "poss" and child.pos_ in ("PROPN", "NOUN"):
            return child
    return subject


def speaker_span(subject: Token, stop: set[int]) -> list[int]:
    """Return the words that may name a subject: its phrase without the clauses that describe it.

    "an architect who said he was cheated" names no "he", and "a statement
    saying Sweden must leave" no Sweden: a clause set on the subject is
    about it, never who it is. So is a relative clause deeper in the phrase
    ("farmers on Harbour Island, who argued that Roe …": no Roe).
    """
    described = [c for c in subject.children if c.dep_ in ("relcl", "acl")]
    described += [t for t in subject.subtree if t.dep_ == "relcl" and t.head.i != subject.i]
    clauses = {t.i for c in described for t in c.subtree}
    return [t.i for t in subject.subtree if t.i not in stop and t.i not in clauses]


def speaker_from(
    doc: Doc, span: list[int], name: list[int], head: int | None, mentions: Sequence[Mention]
) -> Speaker | None:
    """Name the speaker from the words that describe them, using the mention over them."""
    if not name:
        return None
    lo, hi = doc[min(span)].idx, doc[max(span)].idx + len(doc[max(span)])
    head_at = doc[head].idx if head is not None else doc[max(name)].idx
    lexicon = load_lexicon()
    head_word = doc[head if head is not None else max(name)].lower_
    described = head_word in lexicon.person_nouns or head_word in lexicon.organisation_nouns \
        or _longer_name(doc, head if head is not None else max(name))
    former = any(t.lower_ in lexicon.former_words for t in doc[min(span) : max(span) + 1])
    near = [m for m in mentions if m.start < hi and m.end > lo and not _state_in_name(doc, m, head_at)
            and not (former and m.kind != "person")]  # "a former NATO chairman": no longer NATO's voice
    mention = best_mention(near, lo, hi, head_at, described and head_word not in lexicon.state_bodies)
    words = doc[min(name) : max(name) + 1]
    if mention is not None and mention.kind == "state" and head_word in lexicon.state_bodies:
        return _state_body(words, mention)
    if mention is not None:
        return Speaker(mention.actor, mention.text, mention.start, mention.end)
    return Speaker(_earlier_person(words, mentions), words.text, words.start_char, words.end_char)


def _longer_name(doc: Doc, head: int) -> bool:
    """Tell whether the speaker's head is part of a long proper name, which a state's name only opens.

    "the United States Conference of Harbour Masters said", "the Norway Fish
    and Game Board says": a body of its own, not the state. A
    name of four words or more, or joined by "of"/"and"/"for"; "the US Navy"
    stays the state's.
    """
    if doc[head].pos_ != "PROPN":
        return False
    first, last = head, head
    while first > 0 and _name_part(doc, first - 1):
        first -= 1
    while last + 1 < len(doc) and _name_part(doc, last + 1):
        last += 1
    while doc[last].lower_ in NAME_JOINERS:
        last -= 1
    run = doc[first : last + 1]
    return len(run) >= LONG_NAME or any(t.lower_ in NAME_JOINERS for t in run)


def _state_in_name(doc: Doc, mention: Mention, head_at: int) -> bool:
    """Tell whether a state's mention only opens a longer name in the speaker's words, not their head.

    "Critics, including the Norway Conference of Harbour Masters, said": the
    conference is no state, whatever the head ("Critics") of the phrase. A
    state's own body stays its state's ("the Russian Ministry of Foreign
    Affairs").
    """
    if mention.kind != "state" or mention.start <= head_at < mention.end:
        return False
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None or span.end >= len(doc) or not _name_part(doc, span.end) or not _longer_name(doc, span.end - 1):
        return False
    last = span.end
    while last + 1 < len(doc) and _name_part(doc, last + 1):
        last += 1
    bodies = load_lexicon().state_bodies  # "the Russian Ministry of Foreign Affairs" speaks for Russia
    return not any(t.lower_ in bodies for t in doc[span.end : last + 1])


def _name_part(doc: Doc, i: int) -> bool:
    """Tell whether token `i` can be a word of a proper name: a capitalised name word, or "of"/"and" inside one."""
    token = doc[i]
    return (token.pos_ == "PROPN" and token.text[:1].isupper()) or (
        token.lower_ in NAME_JOINERS and i + 1 < len(doc) and doc[i + 1].pos_ == "PROPN")


def _state_body(words: Span, state: Mention) -> Speaker:
    """Name a state's own body ("the Egyptian Foreign Ministry said"): the state speaks, in the body's words.

    As "the Kremlin" stands for Russia, a ministry, embassy or government
    named with its state speaks for that state; the name keeps the body's
    words, without "the".
    """
    if len(words) > 1 and words[0].lower_ == "the":
        words = words[1:]
    return Speaker(state.actor, words.text, words.start_char, words.end_char)


def _earlier_person(words: Span, mentions: Sequence[Mention]) -> str | None:
    """Return the person an untagged surname stands for: an earlier mention ending in it ("Lapid")."""
    last = words[-1]
    if last.pos_ != "PROPN" or not last.text[:1].isupper():
        return None
    for mention in reversed(mentions):
        if mention.start >= words.start_char or mention.kind != "person" or mention.actor is None:
            continue
        if mention.text.split()[-1].lower() == last.lower_ and " " in mention.text:
            return mention.actor
    return None


def best_mention(
    mentions: Sequence[Mention], start: int, end: int, head: int, described: bool = False
) -> Mention | None:
    """Pick the mention that names the speaker among those over [start, end).

    When the head word describes a person or an organisation ("the top US
    diplomat", "the Sudanese ministry"), a state named beside it is not the speaker.
    """
    inside = [
        m for m in mentions
        if m.start < end and m.end > start and _may_name(m, head)
        and not (described and m.kind == "state" and not m.start <= head < m.end)
        and not (m.text.lower() in PRONOUNS and not m.start <= head < m.end)  # "His lawyer said", "those close to him"
    ]
    ranked = sorted(
        inside,
        key=lambda m: (
            m.actor is None,
            not (m.start <= head < m.end),
            m.kind != "person",
            m.start,
        ),
    )
    return ranked[0] if ranked else None


def _may_name(mention: Mention, head: int) -> bool:
    """Tell whether a mention can name the speaker: it holds the head word, or is an actor but no place.

    "Modern Tokyo Times" holds a mention of Tokyo, a place, which is not who spoke.
    """
    if mention.start <= head < mention.end:
        return True
    return mention.actor is not None and mention.kind != "place"
