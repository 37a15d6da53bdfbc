"""Find reported speech without quotation marks: "X said (that) …", "according to X, …".

An indirect quote is the clausal complement of a reporting verb that follows
it, from after "that" to the end of the clause; or the clause before the verb
when it opens the sentence ("The plan is dead, she said"); or the sentence
around a reporting aside, without the aside ("The plan, she said, is dead",
joined like a split direct quote); or what a speaker asks for ("urged X to
…", "told X to …", "called for X"). The clause stops before a
second speaker's report hanging inside it ("Onodera said both countries …,
while Shoigu said that …" gives two quotes, not one holding the other). A
clause without a speaker ("It must be stressed that …", the writer's own
voice) is not a quote, nor is one that full direct quotes make up half of
or more (the direct quotes already record those words; a clause with a few
quoted words in it, "said the plan was “taking shape” and …", stays).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import numpy as np
from spacy.attrs import DEP, LOWER
from spacy.tokens import Doc, Token

from dyad.extract.quotes.quotes_lexicon import Lexicon, SpeechEntry, Trigger, trigger_covering
from dyad.extract.quotes.quotes_speakers import (
    SUBJECTS,
    Speaker,
    nominal,
    source_tokens,
    speaker_from,
    speaker_span,
    subject_speaker,
)
from dyad.model import Mention, Quote
from dyad.nlp.analyze import column

CHARGE_PREPS = frozenset({"of", "for"})  # "accused X OF …", "praised X FOR …": the charge is what was said
_TRAILING = re.compile(r"(?:[\s,;:–—-]|\b(?:while|whereas|and|but)\b)+$")
_LEADING = re.compile(r"[\s,;:–—-]+")
FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})  # a finite verb makes a clause, no source's name
COMPLETE = frozenset({"dobj", "ccomp", "xcomp", "attr", "acomp", "oprd"})  # a verb with its object or complement: nothing missing
REASONS = frozenset({"because", "since"})  # a reason after the reported clause is the speaker's
_AFTER_CLOSING = frozenset({"dobj", "dative", "prep", "npadvmod", "advmod", "punct"})  # whom told, where, when
POSSESSIVE_MARKS = frozenset({"'s", "’s", "'", "’"})
_ASIDE_ENDS = frozenset({",", "—", "–", "--"})  # not a hyphen: "side-by-side" is one word
_WRITER_READER = frozenset({"i", "we", "you"})  # "as I have argued": the writer's own voice, no source
SOURCE_MAX_TOKENS = 12  # words of an "according to" source that opens a sentence, up to its comma


@dataclass(frozen=True)
class _Scan:
    """What every step reads: the parse, its text (built once: `Doc.text` joins all tokens), mentions."""

    doc: Doc
    text: str
    mentions: Sequence[Mention]
    lexicon: Lexicon
    quoted: set[int]  # tokens inside direct quotes
    titles: set[int]  # tokens of quoted titles ("the book 'Make Your Kid Rich'"): no clause of anyone's


def indirect_quotes(
    doc: Doc,
    text: str,
    mentions: Sequence[Mention],
    lexicon: Lexicon,
    blocked: list[tuple[int, int]],
    quoted: set[int],
    titles: set[int] | None = None,
) -> list[Quote]:
    """Return the document's indirect quotes that no direct quote covers."""
    scan = _Scan(doc, text, mentions, lexicon, quoted, titles or set())
    found = [
        *_clause_quotes(scan), *_joined_quotes(scan), *_inverted_quotes(scan), *_aside_quotes(scan), *_as_quotes(scan), *_demand_quotes(scan), *_object_quotes(scan),
        *_according_quotes(scan), *_fragment_quotes(scan), *_noun_quotes(scan),
    ]
    return [q for q in found if not _mostly_quoted(q, blocked)]


def _mostly_quoted(quote: Quote, blocked: list[tuple[int, int]]) -> bool:
    """Tell whether direct quotes hold half of a reported clause or more (a few quoted words may sit in it)."""
    held = sum(max(0, min(quote.end, b) - max(quote.start, a)) for a, b in blocked)
    return held * 2 >= quote.end - quote.start


def positions(doc: Doc, attr: int, values: Iterable[str]) -> list[int]:
    """Return the indices of tokens whose `attr` (DEP, LOWER, …) is one of `values`.

    Read from the parse's arrays rather than by building a Token per word,
    which cost more than the rest of the indirect quote scan.
    """
    if not len(doc):
        return []
    wanted = np.array(sorted({doc.vocab.strings[value] for value in values}), dtype=np.uint64)  # hashes, or symbols
    return np.flatnonzero(np.isin(column(doc, attr), wanted)).tolist()  # type: ignore[no-any-return]


def _clause_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield the clause of every reporting verb with a complement clause after it, or before it."""
    doc = scan.doc
    for i in positions(doc, DEP, ("ccomp", "advcl", "relcl")):
        token = doc[i]
        verb = (_addressed(scan, token) or _set_at(scan, token)) if token.dep_ == "relcl" else token.head
        if verb is None or token.i in scan.titles:
            continue
        if token.dep_ == "advcl" and not _complement_as_adverbial(token, verb):
            continue
        opens = _fronted(doc, token, verb) if token.i < verb.i else None
        if verb.i in scan.quoted or (token.i < verb.i and opens is None):
            continue
        trigger = trigger_covering(doc, verb.i, scan.lexicon) or _carried(scan, verb, token)
        if trigger is None or trigger.entry.speaker != "subject":
            continue
        speaker = subject_speaker(doc, trigger, scan.lexicon, scan.mentions, scan.quoted)
        if opens is not None:
            span = _trimmed(scan, opens, token.right_edge.i)
        else:
            span = _clause_span(scan, token, trigger.last + 1)
        if speaker is not None and span is not None:
            quote = _quote(scan.text, span, speaker, trigger.entry.lemma)
            rest = _going_on(scan, verb, token) if opens is not None else None
            if rest is not None:  # "A paid 9 percent, the agency said, and B paid 1 percent"
                quote.text = f"{quote.text} {scan.text[rest[0] : rest[1]]}"
                quote.end = rest[1]
            yield quote


def _inverted_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield the "that" clause the parse made the sentence's head, hanging the reporting verb before it on it.

    "The nominee continues to insist, most recently in an interview with ABC,
    that he wants to release his taxes": past the long aside the parse reads
    "wants" as the main verb and "continues to insist" as its complement. A
    main verb opened by "that" is no main verb: it is what the verb before
    it reports.
    """
    doc = scan.doc
    for i in positions(doc, DEP, ("ccomp",)):
        verb, clause = doc[i], doc[i].head
        if verb.i > clause.i or clause.dep_ != "ROOT" or verb.i in scan.quoted:
            continue
        that = next((c for c in clause.children if c.dep_ == "mark" and c.lower_ == "that" and verb.i < c.i), None)
        if that is None or any(doc[t].is_quote for t in range(verb.i, that.i)):
            continue
        trigger = trigger_covering(doc, verb.i, scan.lexicon) or _carried(scan, verb, clause)
        if trigger is None or trigger.entry.speaker != "subject":
            continue
        speaker = subject_speaker(doc, trigger, scan.lexicon, scan.mentions, scan.quoted)
        span = _trimmed(scan, that.i + 1, clause.right_edge.i)
        if speaker is not None and span is not None:
            yield _quote(scan.text, span, speaker, trigger.entry.lemma)


def _joined_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield what comes before a reporting verb the parse joined to the sentence's first verb as its conjunct.

    "The port could reopen in May, but only if the dredging ends, officials
    told Reuters": the parse hangs "told" on "reopen" as a second verb, so no
    clause is its complement, yet all before ", officials told" is what they
    told. The verb closes its sentence: after it only whom it told, where and
    when (a clause or an infinitive of its own, "told the crews that …" or
    "to wait", is its report, found elsewhere; an object of a verb that
    tells no one, "said a prayer", is what was said); its subject stands right after
    a comma, with no "and"/"but" (", and officials told Reuters nothing" is
    the writer going on).
    """
    doc = scan.doc
    for i in positions(doc, DEP, ("conj",)):
        verb = doc[i]
        head = verb.head
        if verb.pos_ != "VERB" or head.i >= verb.i or head.dep_ != "ROOT":
            continue
        sent = verb.sent
        if head.left_edge.i != sent.start:
            continue
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        if subject is None or subject.i > verb.i or verb.i in scan.quoted:
            continue
        comma = subject.left_edge.i - 1
        if comma <= sent.start or doc[comma].text != "," or any(
                c.dep_ in ("cc", "mark") or (c.i > verb.i and c.dep_ not in _AFTER_CLOSING) for c in verb.children):
            continue
        if any(t.i in scan.quoted for t in doc[sent.start : comma]):
            continue
        trigger = trigger_covering(doc, verb.i, scan.lexicon)
        if trigger is None or trigger.entry.speaker != "subject":
            continue
        if verb.lemma_.lower() not in scan.lexicon.addressee_verbs and any(c.dep_ == "dobj" for c in verb.children):
            continue  # "…, the captain said a prayer": what was said is its object, not the clause before
        speaker = subject_speaker(doc, trigger, scan.lexicon, scan.mentions, scan.quoted)
        span = _trimmed(scan, sent.start, comma - 1)
        if speaker is not None and span is not None:
            yield _quote(scan.text, span, speaker, trigger.entry.lemma)


def _noun_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield the "that" clause of a statement's noun whose owner is named ("the police's claim that …").

    "that" opens the clause as a conjunction (a relative "that" is its
    clause's subject or object: "a report that few read"; a clause the
    parse calls relative must have its object or complement), the clause
    has a subject of its own, and the noun (claim_nouns) has an owner: its
    possessor ("Roe's claim", "his claim") or a name set before it ("a New
    York Times report"). "the claim that the port was closed" names no one
    and gives no quote.
    """
    doc, nouns = scan.doc, scan.lexicon.claim_nouns
    for i in positions(doc, DEP, ("acl", "relcl")):
        clause = doc[i]
        noun = clause.head
        verb = nouns.get(noun.lemma_.lower())
        if verb is None or noun.i > clause.i or noun.i in scan.quoted or noun.pos_ != "NOUN":
            continue
        that = doc[noun.i + 1] if noun.i + 1 < len(doc) else None
        if that is None or that.lower_ != "that" or that.dep_ != "mark" or that.head.i != clause.i:
            continue
        if not any(c.dep_ in SUBJECTS for c in clause.children) or (
                clause.dep_ == "relcl" and not any(c.dep_ in COMPLETE for c in clause.children)):
            continue  # parsed as relative, it must lack no object: "a report that few people liked" is no report's words
        owner = _owner(doc, noun, scan.quoted)
        if not owner:
            continue
        speaker = speaker_from(doc, owner, owner, owner[-1], scan.mentions)
        span = _clause_span(scan, clause, that.i)
        if speaker is not None and span is not None:
            yield _quote(scan.text, span, speaker, verb)


def _owner(doc: Doc, noun: Token, quoted: set[int]) -> list[int]:
    """Return the words naming whose statement a noun is: its possessor, else the names compounded before it."""
    possessor = next((c for c in noun.children if c.dep_ == "poss"), None)
    if possessor is not None:
        return [t.i for t in possessor.subtree if t.dep_ != "case" and t.i not in quoted]
    left = noun.left_edge.i
    if left >= 2 and doc[left - 1].lower_ in POSSESSIVE_MARKS and doc[left - 2].pos_ in ("NOUN", "PROPN"):
        owner = doc[left - 2]  # "the police's earlier claim": the parse read "'s" as "is", hanging no possessor
        return [i for i in range(owner.left_edge.i, owner.i + 1) if i not in quoted]
    names = [c for c in noun.children if c.dep_ == "compound" and c.pos_ == "PROPN" and c.i not in quoted]
    return [t.i for c in names for t in c.subtree if t.i not in quoted] if names else []


def _fragment_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield a phrase without a verb that opens a sentence ended by its reporting verb ("Builders like Roe, he said.").

    The parse hangs the phrase on the verb as an unlabelled or adverbial
    noun, or as a second subject before the one after the comma; a time ("Last week, he said …") is no words of anyone's, and a
    verb with anything after it but a time or place ("she said on
    Tuesday") reports that instead.
    """
    doc = scan.doc
    for i in positions(doc, DEP, ("dep", "npadvmod", "nsubj")):
        phrase = doc[i]
        verb = phrase.head
        if phrase.pos_ not in ("NOUN", "PROPN") or phrase.ent_type_ in ("DATE", "TIME") or verb.i < phrase.i:
            continue
        second = next((c for c in verb.children if c.dep_ == "nsubj" and phrase.i < c.i < verb.i), None)
        if phrase.dep_ == "nsubj" and second is None:
            continue  # taken for the verb's subject, with the true one after the comma ("Builders like Roe, he said")
        if phrase.left_edge.i != phrase.sent.start or verb.i in scan.quoted or _fronted(doc, phrase, verb) is None:
            continue
        if any(c.i > verb.i and c.dep_ not in ("punct", "prep", "npadvmod", "advmod") for c in verb.children):
            continue
        trigger = trigger_covering(doc, verb.i, scan.lexicon)
        if trigger is None or trigger.entry.speaker != "subject":
            continue
        if second is not None:  # the subject after the comma speaks, not the phrase
            words = speaker_span(second, scan.quoted)
            speaker = speaker_from(doc, words, words, second.i, scan.mentions) if words else None
        else:
            speaker = subject_speaker(doc, trigger, scan.lexicon, scan.mentions, scan.quoted)
        span = _trimmed(scan, phrase.left_edge.i, phrase.right_edge.i)
        if speaker is not None and span is not None:
            yield _quote(scan.text, span, speaker, trigger.entry.lemma)


def _complement_as_adverbial(clause: Token, verb: Token) -> bool:
    """Tell whether the parse took a reported clause after its verb for an adverbial one.

    "Roe said after the vote he would not accept the deal": a clause with a
    subject and a finite verb or modal, but no "because"/"if"/"when" to
    open it, is what was said.
    """
    if clause.i < verb.i or any(c.dep_ == "mark" or c.tag_ in ("WRB", "WDT") for c in clause.children):
        return False
    finite = clause.tag_ in FINITE or any(c.dep_ == "aux" and c.tag_ in FINITE for c in clause.children)
    return finite and any(c.dep_ in SUBJECTS for c in clause.children)


def _addressed(scan: _Scan, clause: Token) -> Token | None:
    """Return the verb that told someone a clause the parse took for a relative clause on the one told.

    "Roe told a room of donors that the plan lacked funds": "that" opens the
    clause as a conjunction (a relative "that" is its clause's subject or
    object: "told a story that few believed" is no report), the clause has a
    subject of its own, and the noun it hangs on is the object of a verb of
    telling (addressee_verbs), past "of" phrases.
    """
    if not any(c.lower_ == "that" and c.dep_ == "mark" for c in clause.children) or not any(
            c.dep_ in SUBJECTS for c in clause.children):
        return None
    noun = clause.head
    while noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.i != noun.head.i:
        noun = noun.head.head
    verb = noun.head
    if noun.dep_ not in ("dobj", "dative") or verb.lemma_.lower() not in scan.lexicon.addressee_verbs:
        return None
    return verb


def _set_at(scan: _Scan, clause: Token) -> Token | None:
    """Return the verb whose clause the parse took for a relative clause on the time or occasion of the report.

    "Roe said at the time that the port was shut", "told reporters in an
    interview that …": "that" right after the noun opens the clause as a
    conjunction (a relative "that" is its clause's subject or object: "said
    in a statement that was read aloud" is no report), the clause has a
    subject of its own, and the noun (setting_nouns) is the verb's object of
    a preposition or its adverb of time. A verb with an object of its own
    said that, unless the object is whom it told.
    """
    noun = clause.head
    after = noun.i + 1
    if after >= len(scan.doc) or noun.lemma_.lower() not in scan.lexicon.setting_nouns:
        return None
    that = scan.doc[after]
    if that.lower_ != "that" or that.head.i != clause.i or that.dep_ not in ("mark", "advmod"):
        return None
    if not any(c.dep_ in SUBJECTS and c.i > that.i for c in clause.children):
        return None
    verb = noun.head.head if noun.dep_ == "pobj" else noun.head if noun.dep_ == "npadvmod" else None
    if verb is None or verb.pos_ != "VERB":
        return None
    said = any(c.dep_ == "dobj" for c in verb.children) and verb.lemma_.lower() not in scan.lexicon.addressee_verbs
    return None if said else verb  # "said nothing at the time that the port closed": the time it closed


def _going_on(scan: _Scan, verb: Token, clause: Token) -> tuple[int, int] | None:
    """Return a clause joined by ", and" after a reporting verb set inside a report, if any.

    "The middle band paid 9 percent, the agency said in a report, and the
    bottom band paid 1 percent": the report runs on past the attribution in
    a clause of the same verb; another verb is the writer's narration going
    on ("…, the minister said, and the ships waited").
    """
    doc = scan.doc
    for child in verb.children:
        first = child.left_edge.i
        subject = next((c for c in child.children if c.dep_ in SUBJECTS), None)
        if child.dep_ != "conj" or child.i < verb.i or subject is None or _bare_pronoun(subject) \
                or child.lemma_.lower() != clause.lemma_.lower():
            continue
        before = doc[first - 1] if first > 0 and doc[first].pos_ != "CCONJ" else doc[first]
        if before.lower_ == "and" and doc[before.i - 1].text == "," and not _reports(scan, child):
            return _trimmed(scan, before.i, child.right_edge.i)
    return None


def _bare_pronoun(subject: Token) -> bool:
    """Tell whether a subject is a pronoun alone ("and he left"), not a phrase around one ("those in the bottom band")."""
    return subject.pos_ == "PRON" and not any(True for _ in subject.children)


def _carried(scan: _Scan, verb: Token, clause: Token) -> Trigger | None:
    """Return the reporting verb a verb of going on carries before a clause the parse hung on it.

    "Roe continues to insist, in every interview, that the quota is fair":
    the clause is what "insist" reports.
    """
    if verb.lemma_.lower() not in scan.lexicon.aspect_verbs:
        return None
    carried = next((c for c in verb.children if c.dep_ == "xcomp" and c.i < clause.i), None)
    return trigger_covering(scan.doc, carried.i, scan.lexicon) if carried is not None else None


def _demand_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield what a speaker asks for: "told X to …", "urged X to …", "called on X to …", "called for X"."""
    doc = scan.doc
    asked = [doc[i] for i in positions(doc, DEP, ("xcomp",))]
    asked += [c for i in positions(doc, LOWER, ("for",)) for c in doc[i].children if c.dep_ in ("pobj", "pcomp")]
    for token in asked:
        verb = token.head if token.dep_ == "xcomp" else token.head.head
        if token.i < verb.i or verb.i in scan.quoted or any(c.dep_ == "nsubjpass" for c in verb.children):
            continue
        trigger = trigger_covering(doc, verb.i, scan.lexicon)
        if trigger is None or trigger.entry.speaker != "subject" or trigger.last >= token.i:
            continue
        if verb.dep_ == "ccomp" and _reports(scan, verb.head):  # reported inside another's report
            continue
        if token.dep_ == "xcomp" and _object_gap(scan, verb, token):
            continue
        if token.dep_ != "xcomp" and not (trigger.last == token.head.i and trigger.entry.lemma == "call_for"):
            continue
        speaker = subject_speaker(doc, trigger, scan.lexicon, scan.mentions, scan.quoted)
        span = _trimmed(scan, trigger.last + 1, token.right_edge.i)
        if speaker is not None and span is not None:
            yield _quote(scan.text, span, speaker, trigger.entry.lemma)


def _object_gap(scan: _Scan, verb: Token, asked: Token) -> bool:
    """Tell whether what a verb asks for lacks its object, which is the noun the verb's clause describes.

    "the quota it pledged to meet", "the wall he promised to build": a
    relative clause without a relative subject, whose infinitive has no
    object, says what was pledged of a noun, not words of its own. "the
    mayor who promised to build a wall" keeps its quote, and so does a verb
    that asks someone (asking_verbs): "the voters she urged to stay home" are
    the ones asked.
    """
    if verb.dep_ != "relcl" or verb.lemma_.lower() in scan.lexicon.asking_verbs:
        return False
    if any(c.dep_ in SUBJECTS and c.lower_ in scan.lexicon.relatives for c in verb.children):
        return False
    return not any(c.dep_ in COMPLETE for c in asked.children)


def _object_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield what a reporting verb's object says: "stressed her support for X", "called the vote a mistake",
    "accused Roe of hiding the figures"."""
    doc, lexicon = scan.doc, scan.lexicon
    for i in positions(doc, DEP, ("dobj",)):
        obj = doc[i]
        verb = obj.head
        lemma = verb.lemma_.lower()
        if obj.i < verb.i or verb.i in scan.quoted or verb.pos_ != "VERB":
            continue
        judged = [c for c in verb.children if c.i > obj.i and (c.dep_ == "oprd" or c.lower_ == "as")] or [
            c for c in obj.children if _set_as_judgement(c)]
        if obj.pos_ == "PRON" and not (judged and lemma in lexicon.naming_verbs):
            continue  # "called it a disgrace" is a judgement; "stressed it", "called him" report nothing
        charged = [c for c in (*verb.children, *obj.children)
                   if c.i > obj.i and c.dep_ == "prep" and c.lower_ in CHARGE_PREPS]
        if lemma in lexicon.naming_verbs and judged:
            last = judged[0].right_edge.i
        elif lemma in lexicon.charge_verbs and charged:  # "accused Roe of hiding the figures"
            last = charged[0].right_edge.i
        elif lemma in lexicon.object_verbs and obj.left_edge.i < obj.right_edge.i:
            last = obj.right_edge.i
        else:
            continue
        if any(c.dep_ in ("nsubjpass", "ccomp") for c in verb.children):
            continue
        trigger = Trigger(verb.i, verb.i, SpeechEntry(lemma, (lemma,), "subject", None))
        speaker = subject_speaker(doc, trigger, lexicon, scan.mentions, scan.quoted)
        span = _trimmed(scan, obj.left_edge.i, last)
        if speaker is not None and span is not None:
            yield _quote(scan.text, span, speaker, lemma)


def _set_as_judgement(noun: Token) -> bool:
    """Tell whether the parse took a naming verb's judgement for its object's apposition.

    "called the closure of the channel a disaster": an indefinite noun right
    after the object's phrase with no comma before it is what the object was
    called; an apposition set off by a comma ("called his brother, a
    doctor,") describes the one called.
    """
    doc = noun.doc
    return (noun.dep_ == "appos" and noun.i > noun.head.i and noun.left_edge.lower_ in ("a", "an")
            and noun.left_edge.i > 0 and doc[noun.left_edge.i - 1].text not in (",", "—", "–", "(", "-"))


def _aside_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield the sentence around a reporting aside ("The plan, she said, is dead"), without the aside."""
    doc = scan.doc
    for i in positions(doc, DEP, ("parataxis",)):
        verb = doc[i]
        sent = verb.sent
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if verb.i in scan.quoted or subject is None:
            continue
        first, last = _aside_start(doc, subject, verb), verb.right_edge.i
        if first <= sent.start or not _opens_aside(doc[first - 1]):
            continue
        trigger = trigger_covering(doc, verb.i, scan.lexicon)
        if trigger is None or trigger.entry.speaker != "subject":
            continue
        if first > subject.i:  # "To know the real Roe, Judge Doe said, …": the parse took Roe for the subject
            words = list(range(first, verb.i))
            speaker = speaker_from(doc, words, words, None, scan.mentions) if nominal(doc, words) else None
        else:
            speaker = subject_speaker(doc, trigger, scan.lexicon, scan.mentions, scan.quoted)
        before = _trimmed(scan, sent.start, first - 1)
        after = _trimmed(scan, last + 1, sent.end - 1) if last + 1 < sent.end else None
        if speaker is None or before is None:
            continue
        quote = _quote(scan.text, before, speaker, trigger.entry.lemma)
        if after is not None:
            quote.text = f"{quote.text} {scan.text[after[0] : after[1]]}"
            quote.end = after[1]
        yield quote


def _as_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield the clause an "as X said" aside vouches for, without the aside.

    "As the mayor noted, the channel is silting up", "The channel is silting
    up, as officials have said", "If, as I have argued, the rules help them,
    …": the clause the aside hangs on is what X said (without its own "if").
    The aside has no words of its own: a verb with a clause, an infinitive
    or an object ("as he said goodbye", but "as he told reporters") tells
    something else, and "as the mayor spoke" reports nothing (no reporting
    verb). It is set off: it opens the sentence or follows a comma or a dash.
    "As I have argued", "as you pointed out" are the writer's own voice or
    the reader's (someone addressed inside a quote), no source's. The aside
    ends at its comma: words the parse hung on its verb after that ("as Roe
    observed, in the early days …") are the clause's.
    """
    doc = scan.doc
    for i in positions(doc, LOWER, ("as",)):
        mark, verb = doc[i], doc[i].head
        head = verb.head
        if mark.dep_ != "mark" or verb.dep_ != "advcl" or verb.left_edge.i != i or head.pos_ not in ("VERB", "AUX"):
            continue
        if verb.i in scan.quoted or (i > verb.sent.start and not _opens_aside(doc[i - 1])):
            continue
        subject = next((c for c in verb.children if c.dep_ in SUBJECTS), None)
        if subject is None or subject.lower_ in _WRITER_READER or any(c.dep_ in ("ccomp", "xcomp", "advcl") or (
                c.dep_ == "dobj" and verb.lemma_.lower() not in scan.lexicon.addressee_verbs) for c in verb.children):
            continue
        trigger = trigger_covering(doc, verb.i, scan.lexicon)
        if trigger is None or trigger.entry.speaker != "subject":
            continue
        speaker = subject_speaker(doc, trigger, scan.lexicon, scan.mentions, scan.quoted)
        first = head.left_edge.i
        if doc[first].dep_ == "mark" and doc[first].head.i == head.i:  # "If, as I argued, …": the condition's words
            first += 1
        end = next((t.i - 1 for t in doc[verb.i + 1 : verb.right_edge.i + 1] if t.text in _ASIDE_ENDS), verb.right_edge.i)
        before = _trimmed(scan, first, i - 1) if first < i else None
        after = _trimmed(scan, end + 1, head.right_edge.i) if end < head.right_edge.i else None
        parts = [p for p in (before, after) if p is not None]
        if speaker is None or not parts:
            continue
        quote = _quote(scan.text, parts[0], speaker, trigger.entry.lemma)
        if len(parts) == 2:
            quote.text = f"{quote.text} {scan.text[parts[1][0] : parts[1][1]]}"
            quote.end = parts[1][1]
        yield quote


def _aside_start(doc: Doc, subject: Token, verb: Token) -> int:
    """Return where an aside starts: its subject, not a clause the parse hung on its verb before it.

    "If the talks fail, Roe argues, there are other tools": the "if" clause
    is the report's, hung on "argues" by the parse. When the subject's
    phrase runs back past a comma ("To know the real Roe, Judge Doe said"),
    the aside starts after the comma.
    """
    first = min(subject.left_edge.i, verb.i)
    if first > 0 and _opens_aside(doc[first - 1]):
        return first
    commas = [i for i in range(first, verb.i) if _opens_aside(doc[i])]
    return commas[-1] + 1 if commas else first


def _opens_aside(token: Token) -> bool:
    """Tell whether a token sets off an aside: a comma or a dash."""
    return token.text in (",", "—", "–", "-", "(")


def _fronted(doc: Doc, clause: Token, verb: Token) -> int | None:
    """Return where the report starts when a clause before its reporting verb is one ("The plan is dead, she said").

    The clause must open its sentence, or be the second of two clauses that
    do ("The ships were to sail, but the navy held them, a source said": the
    parse hangs only the second on the verb); only a comma and the verb's
    subject (with an adverb: "Roe often says") may stand between it and the verb.
    """
    first = clause.left_edge.i
    start = clause.sent.start
    if first != start and not _second_clause(doc, first, verb):
        return None
    end = clause.right_edge.i
    if doc[end].text != ",":  # the parse may keep the comma in the clause ("…, but only if …, Roe told")
        end += 1
    between = doc[end + 1 : verb.i]
    subject = {t.i for c in verb.children if c.dep_ == "nsubj" for t in c.subtree}  # "lawyers for the family"
    fronted = (
        end < verb.i
        and doc[end].text == ","
        and all(t.i in subject or t.dep_ in ("nsubj", "punct", "advmod", "compound", "det", "amod", "aux") for t in between)
    )
    return start if fronted else None


def _second_clause(doc: Doc, first: int, verb: Token) -> bool:
    """Tell whether a clause follows ", but" / ", and" after one that opens the sentence and the verb also heads.

    The parse hangs the first clause on the verb as its head ("said" a
    conjunct of it) or as a second complement.
    """
    if first < 2 or doc[first - 1].pos_ != "CCONJ" or doc[first - 2].text != ",":
        return False
    opener = doc[first - 1].head  # the clause "but" joins this one to
    return opener.i < first and opener.left_edge.i == doc[first].sent.start and (opener.head.i == verb.i or verb.head.i == opener.i)


def _clause_span(scan: _Scan, clause: Token, after: int) -> tuple[int, int] | None:
    """Return the character span of a reported clause, without "that" and any second report in it."""
    doc = scan.doc
    first = max(
        clause.left_edge.i, after
    )  # "made it clear that …": the clause starts after the phrase
    if first < len(doc) and doc[first].lower_ in ("that", "whether", "if") and (
        doc[first].dep_ == "mark" or (doc[first].dep_ == "advmod" and doc[first].head.i == clause.i)
    ):  # an "advmod" "that" opens a clause the parse took for a relative one ("said at the time that …")
        first += 1
    last = _reason_after(doc, clause) or _colon_after(scan, clause)
    for inner in doc[clause.left_edge.i : last + 1]:
        if inner.i != clause.i and inner.dep_ in ("advcl", "conj") and _reports(scan, inner) and (
                _has_content(inner) or inner.left_edge.i <= first) and not _interrupts(inner, clause, first):
            last = min(last, inner.left_edge.i - 1)  # "told X, after he admitted …": his words
        if inner.text == ";" and inner.i > first:  # a semicolon starts the writer's next clause
            last = min(last, inner.i - 1)
    return _trimmed(scan, first, last)


def _interrupts(inner: Token, clause: Token, first: int) -> bool:
    """Tell whether a report inside a clause sits between its words and its verb, which goes on after it.

    "Critics note that Roe — even as he says the code is simple — has
    proposed little": the aside interrupts what is noted, which runs on to
    "has proposed little"; a second report after the clause's verb ("…,
    while Doe said that …") ends it.
    """
    return first < inner.left_edge.i and inner.right_edge.i < clause.i


def _colon_after(scan: _Scan, clause: Token) -> int:
    """Extend a reported clause that a colon ends over what the colon opens, to the end of its sentence.

    "Roe notes that the fleet has a single flaw: its boats are older than
    their crews": the parse often makes what follows the colon a sentence of
    its own, yet it is the flaw she notes. Not over a quotation mark (the direct quote
    records those words), a line break, or a second clause of the same
    verb, which is a quote of its own.
    """
    doc, last = scan.doc, clause.right_edge.i
    colon = last + 1
    if colon + 1 >= len(doc) or doc[colon].text != ":" or "\n" in doc[colon].text_with_ws:
        return last
    end = doc[colon + 1].sent.end - 1
    words = doc[colon + 1 : end + 1]
    if any(t.i in scan.quoted or t.is_quote or (t.i < end and "\n" in t.text_with_ws) or t.head.i == clause.head.i
           for t in words):
        return last
    return end


def _reason_after(doc: Doc, clause: Token) -> int | None:
    """Return the end of a reason the parse hung on the reporting verb right after its clause, if any.

    "Roe said the claim was hollow, because the owners had asked first":
    the reason is the speaker's, part of what was said.
    """
    verb, end = clause.head, clause.right_edge.i
    for child in verb.children:
        if child.dep_ != "advcl" or child.left_edge.i <= end:
            continue
        gap = doc[end + 1 : child.left_edge.i]
        if all(t.text == "," for t in gap) and child.left_edge.lower_ in REASONS:
            return child.right_edge.i
    return None


def _has_content(verb: Token) -> bool:
    """Tell whether a reporting verb inside a clause reports words of its own ("while Doe said that …")."""
    return any(c.dep_ in ("ccomp", "xcomp", "dobj") for c in verb.children) or verb.lemma_.lower() == "say"


def _reports(scan: _Scan, verb: Token) -> bool:
    """Tell whether a verb inside a clause is another speaker's report ("while Shoigu said")."""
    trigger = trigger_covering(scan.doc, verb.i, scan.lexicon)
    return trigger is not None and any(c.dep_ == "nsubj" for c in verb.children)


def _trimmed(scan: _Scan, first: int, last: int) -> tuple[int, int] | None:
    """Return the span's characters without the punctuation and joining words at its ends."""
    if last < first:
        return None
    doc, text = scan.doc, scan.text
    start, end = doc[first].idx, doc[last].idx + len(doc[last])
    lead = _LEADING.match(text, start, end)
    start = lead.end() if lead else start
    tail = _TRAILING.search(text[start:end])
    end = tail.start() + start if tail else end
    while end > start and text[end - 1] == ".":
        end -= 1
    return (start, _closing_mark(text, start, end)) if end > start else None


def _closing_mark(text: str, start: int, end: int) -> int:
    """Extend a clause over the closing mark of a quote it opens ('poses a "potential threat."')."""
    inner = text[start:end]
    double_open = inner.count('"') % 2 or inner.count("“") > inner.count("”")
    opening = list(re.finditer(r"(?:^|\s)['‘]\w", inner))
    single_open = bool(opening) and not re.search(r"\w[.,!?]?['’](?:\s|$)", inner[opening[-1].end() :])
    if not double_open and not single_open:
        return end
    match = re.match(r"[.,!?]?[\"”]" if double_open else r"[.,!?]?['’]", text[end : end + 2])
    return end + match.end() if match else end


def _according_quotes(scan: _Scan) -> Iterator[Quote]:
    """Yield "according to X, …" and "…, according to X" clauses that hold no quotation mark."""
    # By first word (as the lexicon holds them), so each place is checked against
    # its own few phrases and its words are read once, not once per phrase: a
    # Token per word of every phrase at every "as" or "in" was most of this scan.
    phrases = {first: after for first, entries in scan.lexicon.phrases.items()
               if (after := [p for p in entries if p.speaker == "after"])}
    longest = max((len(p.words) for entries in phrases.values() for p in entries), default=0)
    doc = scan.doc
    for i in positions(doc, LOWER, phrases):
        if i in scan.quoted:
            continue
        words = tuple(t.lower_ for t in doc[i : i + longest])
        for entry in phrases[words[0]]:
            n = len(entry.words)
            if words[:n] == entry.words:
                token = doc[i]
                quote = _according(scan, token.sent.start, token.sent.end, i, i + n, entry.lemma)
                if quote is not None:
                    yield quote


def _according(scan: _Scan, s_start: int, s_end: int, first: int, after: int, lemma: str) -> Quote | None:
    """Build one "according to" (or "as stated in", …: the phrase's lemma) quote from the sentence around the phrase."""
    doc = scan.doc
    tokens = source_tokens(doc, after, scan.quoted, scan.lexicon)
    if not tokens or any(i in scan.quoted for i in range(s_start, s_end)):
        return None
    opens = all(doc[i].is_punct for i in range(s_start, first))
    if not opens and doc[first].lower_ == "as" and doc[first - 1].text not in (",", "—", "–"):
        return None  # "The plan worked as stated in the contract": the manner, not an attribution set off as an aside
    if opens:  # "According to the conservative-leaning Tax Institute, …": the source runs to the comma
        comma = next((i for i in range(after, min(after + SOURCE_MAX_TOKENS, s_end)) if doc[i].text == ","), None)
        if comma is not None and not any(doc[i].tag_ in FINITE for i in range(after, comma)):
            tokens = list(range(after, comma))
    speaker = speaker_from(doc, tokens, tokens, None, scan.mentions)
    if speaker is None:
        return None
    if opens:
        span = _trimmed(scan, max(tokens) + 1, s_end - 1)
    else:
        span = _trimmed(scan, s_start, first - 1)
    return _quote(scan.text, span, speaker, lemma) if span else None


def _quote(text: str, span: tuple[int, int], speaker: Speaker, verb: str) -> Quote:
    """Make an indirect quote record."""
    return speaker.quote(text, span[0], span[1], verb, direct=False)
