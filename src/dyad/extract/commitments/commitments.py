"""Find the commitments a document reports: agreements, intentions, proposals and invitations.

The commitment stage of extraction, a pure function of one parsed document,
its mentions and its date expressions. Per sentence it finds cues in the
parse (the words are in `commitment_cues.yaml`):

1. a cue verb with a complement: "agreed to hold", "intended to send",
   "proposed strengthening", "invited their counterparts to come";
2. a view shared or confirmed, with a future clause: "shared the view that
   they will continue", "shared the view that a discussion is to be held";
3. a future clause with an actor as subject ("both countries would broaden",
   reported; "Japan will hold"), or with a meeting as subject, which
   announces it ("The next 2+2 will take place in Russia");
4. a meeting verb with a future date ("before Abe and Putin meet at the
   upcoming G20 summit … in late June");
5. an act known by a date ahead: a passive future ("a report will be issued
   by December") or an actor's act "before" it ("before Ethiopia begins to
   fill the dam this summer"); with no date ahead neither is a promise;
6. an agreement the page names (`commitment_names`), once.

A trip "for" a meeting the document announces is part of that plan, and an
act that names nothing ("continue to forge ahead") is no promise.

Then, for each cue: the action is the complement's verb phrase with the verb
as its lemma, dates and auxiliaries left out ("hold peace treaty talks"); two
objects joined by "and" are two commitments ("a visit … by the end of this
year, and a port call … on this October"); parties are the states of the
subject, with "the two sides", "they" or "both countries" standing for the
two states the document is about; the date made is the document's unless the
sentence dates the promise ("On Friday, … had agreed"); the due window is the
date expression inside the action ("in January or February next year"); the
place is a place the action's verb or event noun takes ("come to Moscow").
Parties, dates and place are read by `commitment_parts`. Whether a
commitment was kept is decided later, across documents (`dyad.link.followup`).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import replace

import numpy as np
from spacy.attrs import LOWER, POS
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.symbols import ADJ, AUX, VERB
from spacy.tokens import Doc, Span, Token

from dyad.actors import ActorDictionary
from dyad.extract.commitments.commitment_cues import CommitmentCues, cues, format_named
from dyad.extract.commitments.commitment_forms import SECOND_PERSON, form_cue, opens_line
from dyad.extract.commitments.commitment_names import named_agreement
from dyad.extract.commitments.commitment_parts import (
    Context,
    Cue,
    actorish,
    document_dyad,
    due_first,
    due_of,
    inverted,
    is_meeting,
    made_date,
    may_choose,
    parties_of,
    place_of,
    private_business,
    published_first,
    subject_of,
    thing_proposes,
)
from dyad.extract.quotes.quotes_speakers import load_lexicon
from dyad.extract.quotes.quotes_turns import label_at, unnamed_turns
from dyad.extract.time.timex import TimeExpr, overlapping
from dyad.ingest.normalize import latin_share
from dyad.model import Commitment, Mention, Published
from dyad.nlp.analyze import column, doc_text, sentences, word_ids

__all__ = ["document_dyad", "find_commitments"]

PLACE_ADVERBS = frozenset({"here", "there"})
FOREIGN_SHARE = 0.7  # a sentence with fewer Latin letters than this share is in another script
_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())
DASHES = frozenset({"--", "—", "–", "-"})  # the dash after a dateline ("NAIROBI -- ")
SENTENCE_CLOSE = frozenset(".!?\"'”’)»:…")


def find_commitments(
    doc: Doc,
    mentions: list[Mention],
    times: list[TimeExpr],
    published: Published | None,
    dictionary: ActorDictionary,
) -> list[Commitment]:
    """Return the commitments a parsed document reports, in text order.

    Args:
        doc: the spaCy parse of the document's clean text.
        mentions: resolved actor mentions.
        times: the document's date expressions, resolved against its date.
        published: the document's date, the default date a promise was made.
        dictionary: the actor dictionary, to roll people up to their states.

    Returns:
        One Commitment per promised act; a promise repeated word for word once.
    """
    words = cues()
    dyad, paired = document_dyad(mentions, dictionary, words, published_first(published))
    ctx = Context(words, mentions, times, dictionary, dyad, published, paired)
    found: list[Commitment] = []
    seen: set[tuple[str, str]] = set()
    names: set[str] = set()  # agreements named so far, each an agreement once
    announced: set[str | None] = set()  # formats of the meetings the document announces
    acts: dict[int, set[int]] = {}  # id(commitment) -> its tokens, to ask later what meeting the act is for
    text = doc_text(doc)
    named_at = _named_nouns(doc, text, ctx.words)
    unnamed = unnamed_turns(text, load_lexicon())
    cut = _cut_word(text)
    able = _cue_positions(doc, ctx.words)
    lead = _title_block(text, ctx.words)
    for sent in sentences(doc):
        line = text[sent.start_char : sent.end_char]
        if sent.start_char < lead or any(a <= sent.start_char < b for a, b in unnamed) or _foreign(line) or _shouted(line):
            continue  # a headline, a moderator running the event, a line in another script, a heading: no promise we can read
        covered: set[int] = set()
        for i in able[bisect_left(able, sent.start) : bisect_left(able, sent.end)]:
            token = doc[i]
            blocked = token.i in covered and not opens_line(token)  # a list's next item is its own promise
            cue = None if blocked or latin_share(token.text[0]) < FOREIGN_SHARE else _cue(token, ctx.words)
            if cue is None:
                continue
            for made, tokens in _commitments(cue, sent, ctx):
                covered |= tokens
                commitment = _uncut(_unlabelled(made, text), cut)
                if commitment is not None and (commitment.action, commitment.kind) not in seen:
                    seen.add((commitment.action, commitment.kind))
                    found.append(commitment)
                    if cue.announced:
                        announced.add(format_named(commitment.action))
                    else:
                        acts[id(commitment)] = tokens
        for cue in _named(sent, named_at, ctx.words, names):  # a named agreement stands beside the sentence's other promises
            for made, _ in _commitments(cue, sent, ctx):
                commitment = _uncut(made, cut)
                if commitment is not None and (commitment.action, commitment.kind) not in seen:
                    seen.add((commitment.action, commitment.kind))
                    found.append(commitment)
    announced.discard(None)
    if not announced:  # most pages announce no meeting: no act is for one
        return found
    return [c for c in found if id(c) not in acts or _purpose(doc, acts[id(c)]) not in announced]


def _purpose(doc: Doc, tokens: set[int]) -> str | None:
    """Return the meeting format an act is for ("visit New Delhi FOR THE 2+2 DIALOGUE"), if any.

    A trip or a round of calls for a meeting the document announces ("The 2+2
    will be held on Tuesday") is part of that one plan, not a second promise.
    """
    for i in sorted(tokens):
        token = doc[i]
        if token.lower_ == "for" and token.dep_ == "prep":
            named = format_named(" ".join(t.text for t in token.subtree))
            if named is not None:
                return named
    return None


def _named(sent: Span, at: list[int], words: CommitmentCues, names: set[str]) -> list[Cue]:
    """Return the cues of the agreements a sentence names that the document has not named before.

    `at` holds the document's indices of the nouns that end a name, so that
    no sentence without one is read twice.
    """
    found = []
    for i in at[bisect_left(at, sent.start) : bisect_left(at, sent.end)]:
        cue = named_agreement(sent.doc[i], sent, words, names)
        if cue is not None:
            found.append(cue)
    return found


def _named_nouns(doc: Doc, text: str, words: CommitmentCues) -> list[int]:
    """Return the indices of the tokens that may end an agreement's name, found in the lower-cased text.

    A page names few agreements: a look for each word in its text (`str.find`)
    costs less than a look at every token, or a case-blind pattern.
    """
    lowered = text.lower()
    if len(lowered) != len(text):  # a letter whose lower case is longer ("İ") would shift the offsets
        return []
    found = []
    for word in words.named_nouns:
        at = lowered.find(word)
        while at >= 0:
            end = at + len(word)
            whole = (at == 0 or not lowered[at - 1].isalnum()) and (end == len(lowered) or not lowered[end].isalnum())
            span = doc.char_span(at, end) if whole else None
            if span is not None and len(span) == 1:
                found.append(span.start)
            at = lowered.find(word, end)
    return sorted(found)


_CUE_TAGS = frozenset({VERB, AUX, ADJ})
_CUE_TAG_IDS = np.array(sorted(_CUE_TAGS), dtype=np.uint64)


def _cue_positions(doc: Doc, words: CommitmentCues) -> list[int]:
    """List the tokens that can be cues (`_cue`): verbs, auxiliaries, adjectives and the listed words.

    Read from the parse's arrays: most tokens are neither, and building a
    Token for each to ask `_cue` cost a tenth of the stage; a Python loop
    over every token's (tag, word) pair cost 0.1 s per 300 news pages, the
    arrays' look-ups 0.06.
    """
    owned = words.intent_nouns | words.bound_nouns
    listed = word_ids(frozenset({*words.list_verbs, *words.signing_nouns, *owned,
                                 *(f"{n}s" for n in owned)}))  # cues whatever their tag
    found = np.isin(column(doc, POS), _CUE_TAG_IDS) | np.isin(column(doc, LOWER), listed)
    return np.flatnonzero(found).tolist()  # type: ignore[no-any-return]


_CAPITALS = bytes(range(ord("A"), ord("Z") + 1))
_SMALL = bytes(range(ord("a"), ord("z") + 1))


def _title_block(text: str, words: CommitmentCues) -> int:
    """Return where the body starts after a title and standfirst kept in the text, or 0.

    A text that opens with short lines (fewer than `headline` words) before
    its first long paragraph, within the first `paragraphs`, opens with its
    headline ("World leaders denounce test; Obama vows consequences", then
    "WASHINGTON -- …"): telegraphic words the parser misreads, that the body
    tells again in full. A text whose first paragraph is long has no such block.
    """
    start = 0
    for _ in range(words.headline_paragraphs):
        while start < len(text) and text[start] == "\n":
            start += 1
        end = text.find("\n", start)
        end = len(text) if end < 0 else end
        if len(text[start:end].split()) >= words.headline_words:
            return start
        if end >= len(text):
            return 0
        start = end
    return 0


def _shouted(text: str) -> bool:
    """Tell whether a line is set in capitals ("SPEND A QUARTER"): a heading, which the parser reads as an order.

    Its Latin letters are counted on its ASCII bytes (every sentence is
    asked: a letter at a time in Python cost a second a thousand pages).
    """
    raw = text.encode("ascii", "ignore")
    capitals = len(raw) - len(raw.translate(None, _CAPITALS))
    letters = capitals + len(raw) - len(raw.translate(None, _SMALL))
    return letters >= 8 and capitals >= 0.8 * letters


def _foreign(text: str) -> bool:
    """Tell whether a sentence is mostly in a script other than Latin (an embedded post in Hebrew or Arabic).

    The English parse of such words is noise: verbs and subjects that are not there.
    A sentence whose ASCII letters alone make the Latin share is settled
    without reading it a letter at a time (its curly quotes made every
    sentence take the slow way).
    """
    ascii_text = text.encode("ascii", "ignore")
    others = len(text) - len(ascii_text)
    letters = len(ascii_text.translate(None, _NOT_LETTERS))
    if letters >= FOREIGN_SHARE * (letters + others):
        return False
    return latin_share(text) < FOREIGN_SHARE


def _cut_word(text: str) -> tuple[int, str] | None:
    """Return where the word a truncated text ends in starts, and the word.

    A page saved or truncated mid-sentence ("… and the pact will provi") ends
    without closing punctuation after prose: a sentence finished earlier on
    its last line, or a line before it that ends one. Its last word may be cut
    mid-way. A text that ends properly, or a list whose items carry no full
    stops ("Increase investments in …"), is whole: None.
    """
    stripped = text.rstrip()
    if not stripped or stripped[-1] in SENTENCE_CLOSE or not stripped[-1].isalpha():
        return None
    line_start = stripped.rfind("\n") + 1
    before = stripped[:line_start].rstrip()
    if all(stripped.rfind(c, line_start) < 0 for c in ".!?") and not (before and before[-1] in SENTENCE_CLOSE):
        return None
    word = stripped.split()[-1]
    return len(stripped) - len(word), word


def _unlabelled(commitment: Commitment, text: str) -> Commitment:
    """Leave a transcript's turn label ("MINISTER ROE:") out of an action that starts with it."""
    line_start = text.rfind("\n", 0, commitment.start) + 1
    line_end = text.find("\n", line_start)
    label = label_at(text, line_start, len(text) if line_end < 0 else line_end)
    name = text[label.start : label.end + 1] if label is not None else ""
    if label is None or commitment.start >= label.words or not commitment.action.startswith(name):
        return commitment
    return replace(commitment, action=commitment.action.removeprefix(name).strip(), start=label.words)


def _uncut(commitment: Commitment, cut: tuple[int, str] | None) -> Commitment | None:
    """Drop the cut word from an action that runs into it; nothing but function words left, no commitment.

    "… will provi" leaves nothing, "… reiterates its support for the Phi" only "the".
    """
    if cut is None or commitment.end <= cut[0]:
        return commitment
    action = commitment.action
    if action.lower().endswith(cut[1].lower()):  # the act may hold the cut word as its lemma ("Uga" -> "uga")
        action = action[: -len(cut[1])].rstrip(" ,;:-")
    if all(word.lower() in STOP_WORDS for word in action.split()):
        return None
    return commitment if action == commitment.action else replace(commitment, action=action, end=cut[0])


# -- cues --------------------------------------------------------------------


def _cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Recognise a token as a commitment cue, trying the four kinds in turn.

    Every kind of cue is a verb (or an auxiliary): other tokens are turned away
    before the look at their children, which cost more than the rest of the stage.
    """
    if _misread_verb(token, words):
        cue = _verb_cue(token, words)
        if cue is not None and cue.subject is None:  # the subject read as the noun's compound
            cue.subject = next((c for c in reversed(list(token.lefts)) if c.dep_ == "compound"), None)
        return cue
    if token.pos_ not in ("VERB", "AUX", "ADJ") or _negated(token):
        lower = token.lower_
        listed = lower in words.list_verbs and token.is_title
        owned = lower.removesuffix("s")
        named = listed or lower in words.signing_nouns or owned in words.intent_nouns or owned in words.bound_nouns
        return form_cue(token, words) if named else None
    if token.pos_ == "ADJ":
        return form_cue(token, words)
    return (_verb_cue(token, words) or _view_cue(token, words) or _future_cue(token, words)
            or _meet_cue(token, words) or _dated_cue(token, words) or form_cue(token, words))


def _misread_verb(token: Token, words: CommitmentCues) -> bool:
    """Tell whether the tagger read a cue verb's third person as a plural noun that the parser still hangs a
    subject and a "to" act on: "The Clinton campaign PLANS to employ …" (plans/NNS with nsubj and xcomp),
    or, at the sentence's root, with the subject read as its compound ("The Harris campaign PROMISES to cut
    taxes": "campaign" a compound of "promises").

    A noun with no subject of its own ("announced plans to deploy", "his plans to cut") is the
    noun, read by `commitment_forms`.
    """
    if token.pos_ != "NOUN" or token.tag_ != "NNS" or token.lemma_.lower() not in words.verbs:
        return False
    children = list(token.children)
    subject = any(c.dep_ == "nsubj" for c in children) or (
        token.dep_ == "ROOT" and token.i > 0 and token.doc[token.i - 1].dep_ == "compound"
        and token.doc[token.i - 1].head.i == token.i)
    return subject and any(
        c.dep_ == "xcomp" and c.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        for c in children)


def _verb_cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Match "agreed to hold", "proposed strengthening", "invited X to come"."""
    kind = words.verbs.get(token.lemma_.lower())
    if kind is None or not (token.pos_ == "VERB" or _misread_verb(token, words)) or token.dep_ in ("amod", "compound"):
        return None
    if token.lemma_.lower() in words.purpose_passives and (
            any(c.dep_ == "auxpass" for c in token.children) or (token.dep_ == "acl" and token.tag_ == "VBN")):
        return None  # "the loan was intended to remind Britain …", "a loan intended to …": a purpose, not a plan
    if token.dep_ == "acl" and token.tag_ == "VBN" and not any(c.dep_ == "agent" for c in token.children):
        return None  # "students invited to join the forum": who is invited, by no one named
    head = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
    if head is None:
        return _object_cue(token, kind, words) or _invited_to(token, kind, words)
    if kind == "proposal" and any(c.dep_ == "dobj" and c.pos_ == "NOUN" and c.i < head.i for c in token.children):
        return _object_cue(token, kind, words)  # "offered him a platform TO SPEAK": the act is the thing's use
    if (_negated(head) and token.lemma_.lower() not in words.refraining) or _stated(token, head, words) or _unmade(
            token, words):
        return None  # "decided not to send troops": no act; "vowed not to repeat it" promises to refrain
    if head.dep_ == "ccomp" and _asked(head, words):
        return None  # "deciding who will lead": the question, not the decision
    if kind == "proposal" and _advice(head):
        return None
    subject = subject_of(token)
    if subject is not None and inverted(token, subject):
        return None  # "Will you pledge to …?": a promise asked for, not made
    return Cue(token, kind, _innermost(head), subject)



def _advice(head: Token) -> bool:
    """Tell whether a proposed act is advice to the reader: no subject of its own, "your" in it.

    "suggested a way to pay: borrow against your land, …", a book's title
    ("Grow Your Own Farm"): what the reader should do, no party's proposal.
    "proposed that you and your team visit Nairobi" names who acts, and stays.
    """
    return subject_of(head) is None and any(t.lower_ in SECOND_PERSON for t in head.subtree)


def _object_cue(token: Token, kind: str, words: CommitmentCues) -> Cue | None:
    """Match a party promising a thing its object names: "Kenya pledged a new railway", "proposed a ceasefire".

    Not a courtesy ("offered condolences"), a sum or a pledge noun, which
    `commitment_forms` reads ("pledged $5 million", "pledged support to"). A
    proposal the sentence goes on to report agreed ("X proposed joint drills,
    and both sides agreed to arrange them") is that agreement, one promise.
    """
    if token.lemma_.lower() not in words.object_verbs or _unmade(token, words):
        return None
    if any(c.dep_ == "conj" and words.verbs.get(c.lemma_.lower()) == "agreement" for c in token.children):
        return None
    thing = next((c for c in token.children if c.dep_ == "dobj" and c.pos_ == "NOUN"), None)
    if thing is None or thing.lemma_.lower() in words.courtesies or thing.lower_ in words.courtesies:
        return None
    if any(c.dep_ == "det" and c.lower_ == "no" for c in thing.children):
        return None  # "offered no proof": nothing offered
    if thing.lemma_.lower() in words.pledge_nouns or any(t.ent_type_ == "MONEY" for t in thing.subtree):
        return None
    if _standing(token, words):
        return None  # "the government offers loans to parents": a programme that runs, no offer made
    subject = subject_of(token)
    if not actorish(subject, words):
        return None
    after = [c.right_edge.i for c in token.children if c.i > token.i and c.dep_ not in _NOT_THE_ACT]
    return Cue(token, kind, token, subject, line=(token.i, max(after, default=token.i) + 1))


def _standing(token: Token, words: CommitmentCues) -> bool:
    """Tell whether an object verb of `standing` is in the simple present, with no helper: "the government
    offers loans to parents" tells a programme that runs; "offered", "will offer", "is offering" an offer made."""
    return (token.lemma_.lower() in words.standing and token.tag_ in ("VBZ", "VBP")
            and not any(c.dep_ in ("aux", "auxpass") for c in token.children))


def _invited_to(token: Token, kind: str, words: CommitmentCues) -> Cue | None:
    """Match an invitation of a party to a meeting named by a noun: "Peña Nieto invited Mr. Trump TO A MEETING
    in Mexico City", "Kenya invited Uganda's president to a summit in Nairobi".

    The guest is the verb's object and must name a party; the meeting one of
    `event_nouns`. A dinner, a briefing or a party ("invited reporters to the
    briefing") is no meeting between parties, a passive ("was invited to the
    summit") names no host, and an invitation with no subject of its own ("final
    arrangements toward inviting Korea to the summit") is a step of the promise
    around it.
    """
    if kind != "invitation" or _unmade(token, words):
        return None
    guest = next((c for c in token.children if c.dep_ == "dobj"), None)
    if guest is None or not (actorish(guest, words) or any(t.ent_type_ in ("GPE", "NORP", "PERSON") for t in guest.subtree)):
        return None  # "Uganda's president" names a party through its owner
    meeting = next((g for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"
                    for g in c.children if g.dep_ == "pobj" and is_meeting(g, words)), None)
    if meeting is None:
        return None
    subject = subject_of(token)
    if subject is None or inverted(token, subject):
        return None  # "arrangements toward inviting X to the summit": a step of another promise, told by its cue
    return Cue(token, kind, token, subject, line=(token.i, meeting.right_edge.i + 1))


_NOT_THE_ACT = frozenset({"conj", "cc", "punct", "advcl", "parataxis", "relcl"})  # "promised a veto AND attempted …"


def _unmade(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a cue verb names a promise not made.

    Refused or sought of someone ("refused to pledge", "urged Iran to agree
    to", "persuade them to agree"), a bare order ("Promise me you will
    ..."), or a forecast by a thing ("That promises to make life harder",
    "rules that promise to transform the economy").
    """
    if token.dep_ == "xcomp" and token.head.lemma_.lower() in words.unmade:
        return True
    subject = subject_of(token)
    if subject is None and token.tag_ == "VB" and token.dep_ in _CLAUSES and not any(
            c.dep_ in ("aux", "auxpass") for c in token.children):
        return True  # also a quoted order: "'Promise me you'll call,' she sang"
    if token.lemma_.lower() not in words.foretelling or subject is None:
        return False
    if subject.tag_ in ("DT", "IN") and subject.lower_ in words.anaphors:  # the tagger reads a quoted "That," as IN
        return True  # "That promises to ...": no one promises
    return subject.tag_ == "WDT" and token.dep_ == "relcl" and token.head.pos_ == "NOUN" and not actorish(
        token.head, words) and token.head.ent_type_ == ""


_CLAUSES = frozenset({"ROOT", "ccomp", "parataxis"})  # where a bare verb with no subject is an order


def _stated(token: Token, head: Token, words: CommitmentCues) -> bool:
    """Tell whether a proposing or agreeing verb's clause states a fact ("suggests that voters are tired"), asking no act.

    A clause in the past tense or the third person's present without a modal
    states; one in the bare form ("that they hold talks", which the tagger
    reads as a plural present) or with "would", "should" asks, unless its
    verb is a state ("agreed the plan would be costly"). Of a plural
    present, only "are" and "have" state: the bare form of "be" is "be".
    """
    if token.lemma_.lower() not in words.moods or head.dep_ != "ccomp":
        return False
    helpers = [c for c in head.children if c.dep_ in ("aux", "auxpass")]
    if any(c.tag_ == "MD" for c in helpers):  # "would be the biggest winners": a state foreseen, no act asked
        passive = any(c.dep_ == "auxpass" for c in helpers)
        return not passive and (_innermost(head).lemma_.lower() in words.states or _thing_acts(head, words))
    if _worth_doing(head):
        return False
    finite = helpers[0] if helpers else head  # "are wasting", "was held": the tense is the helper's
    return finite.tag_ in ("VBZ", "VBD") or (finite.tag_ == "VBP" and finite.lemma_.lower() in ("be", "have"))


def _thing_acts(head: Token, words: CommitmentCues) -> bool:
    """Tell whether a clause's subject is a thing, not a party: "agreed that the tariff would raise prices".

    What a thing would do is a view of its effect; a party's act ("that
    their ministers would meet") or a meeting's ("that the talks would
    resume") is asked.
    """
    subject = subject_of(head)
    return (subject is not None and subject.pos_ == "NOUN" and subject.ent_type_ == ""
            and not actorish(subject, words) and not is_meeting(subject, words))


def _worth_doing(head: Token) -> bool:
    """Tell whether a "be" clause judges an act worth doing: "that it is timely to look into X" asks X."""
    if head.lemma_ != "be":
        return False
    near = [*head.children, *(g for c in head.children if c.dep_ in ("acomp", "attr") for g in c.children)]
    return any(t.dep_ in ("xcomp", "ccomp") and t.pos_ == "VERB" and any(a.dep_ == "aux" and a.lower_ == "to"
                                                                            for a in t.children) for t in near)


def _view_cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Match "shared the view that they will …" and "confirmed that … will …"."""
    view = words.views.get(token.lemma_.lower())
    if view is None or token.pos_ != "VERB":
        return None
    nouns, kind = view
    holders = [token]
    if nouns:
        holders = [c for c in token.children if c.dep_ == "dobj" and c.lemma_.lower() in nouns]
    for holder in holders:
        for clause in holder.children:
            if clause.dep_ in ("ccomp", "acl", "relcl") and _is_future(clause, words):
                head = _innermost(clause)
                subject = subject_of(head) or subject_of(clause)
                announced = not actorish(subject, words) and is_meeting(subject, words)
                return Cue(token, kind, head, subject if announced or actorish(subject, words) else subject_of(token),
                            announced)
    return None


def _future_cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Match a future clause whose subject is an actor, or a meeting it announces; not a forecast."""
    if token.pos_ not in ("VERB", "AUX") or not _is_future(token, words) or _hedged(token, words):
        return None
    if _negated_future(token, words) or _asked(token, words) or _wished(token, words) or _in_a_period(token, words):
        return None
    head = _innermost(token)
    subject = subject_of(token) or subject_of(head)
    if subject is None or _anaphoric(subject, words) or _people_at_large(subject) or inverted(token, subject):
        return None
    if head.lemma_.lower() in words.states and not any(c.dep_ == "auxpass" for c in head.children):
        return None  # "will always be the king", "would owe $65 billion": a forecast of a state, no act
    if any(c.dep_ == "dobj" and c.lemma_.lower() in words.calendar for c in head.children):
        return None  # "will hold elections next year", "will finish his term": the calendar, no promise
    if _bound_or_past(token, head) or _judged(token) or _deemed(head, words):
        return None
    if subject.ent_type_ == "GPE" and subject.dep_ == "nsubjpass" and head.lemma_.lower() not in words.announce:
        return None  # "Florida will be flooded with visitors": the place undergoes, promises nothing
    if actorish(subject, words) or _reported_speaker(subject, token, words):
        return Cue(token, "intention", head, subject)
    if is_meeting(subject, words) and head.lemma_.lower() in words.announce:
        return Cue(token, "intention", head, subject, announced=True)
    if _passive_noun(head, subject):
        return Cue(token, "intention", head, subject, dated=True, passive=True)  # "a report will be issued by May"
    return None


def _negated_future(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a future is denied on its helper or ruled out: "never WILL accept", "NO chance he will quit".

    "no doubt he will", "no question they will" (words.affirming) affirm it.
    """
    if any(c.dep_ == "aux" and _negated(c) for c in token.children):
        return True
    noun = token.head
    return (token.dep_ in ("acl", "relcl", "ccomp") and noun.pos_ == "NOUN" and noun.lemma_.lower() not in words.affirming
            and any(c.lower_ == "no" for c in noun.children))


def _wished(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a future clause is what someone else hopes or believes of its subject.

    "Japan hopes China will play a constructive role", "in the hope that
    they will go easier on him": the hope is Japan's, the act China's to
    choose, so no one promises it. "We hope we will meet soon" (the hoper
    acts) stays an intention.
    """
    holder = token.head
    if token.dep_ not in ("ccomp", "acl") or (holder.lemma_.lower() not in words.wishing and holder.lower_ not in words.wishing):
        return False
    above = holder.head if holder.dep_ == "acomp" else holder  # "she was SURE that …", "are CONVINCED …"
    own, theirs = subject_of(above), subject_of(token)
    if own is None or theirs is None:
        return holder.pos_ == "NOUN"
    return own.lower_ != theirs.lower_ and not (own.lower_ in ("i", "we") and theirs.lower_ in ("i", "we"))


def _people_at_large(subject: Token) -> bool:
    """Tell whether a subject is a people or a party's members at large: "Kenyans will flock", "Democrats will …".

    A bare plural of a nationality or a party names everyone so called, whose
    future the writer or a pundit foresees; no one promises it for them. "The
    Kenyans will send a delegation" (with the article: the side in the
    talks) stays a plan.
    """
    return subject.ent_type_ == "NORP" and subject.tag_ == "NNPS" and not any(
        c.dep_ in ("det", "poss", "nummod") for c in subject.children)


def _in_a_period(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a future clause tells what happens in a stretch of time: "a month of fasting, DURING WHICH …".

    A relative opened by "<preposition> which" (on the future verb or the verb
    above it) about a time or an election ("the vote, in which the party will
    win") says what will go on then; "the summit, at which they will sign a
    pact" is about a meeting, and stays a promise.
    """
    for node in (token, *list(token.ancestors)[:2]):
        for prep in node.children:
            if prep.dep_ == "prep" and prep.i < token.i and any(
                    g.dep_ == "pobj" and g.tag_ == "WDT" for g in prep.children):
                return prep.lower_ in words.period_preps or _is_period(_antecedent(node, prep), words)
    return False


def _antecedent(clause: Token, prep: Token) -> Token:
    """Return the noun a relative clause points back to: its head, or the word before "<preposition> which"."""
    if clause.dep_ == "relcl":
        return clause.head
    before = prep.i - 1
    while before > 0 and prep.doc[before].is_punct:
        before -= 1
    return prep.doc[before]


def _is_period(noun: Token, words: CommitmentCues) -> bool:
    """Tell whether a noun names a stretch of time or a vote: a date, "the month", "the election"."""
    lemma = noun.lemma_.lower()
    return noun.ent_type_ == "DATE" or lemma in words.periods or lemma in words.calendar or noun.lower_ in words.calendar


def _judged(token: Token) -> bool:
    """Tell whether a future "be" judges or rates what someone would do: "would be wrong to go", "will be able to"."""
    return token.lemma_ == "be" and any(c.dep_ == "acomp" for c in token.children)


def _deemed(head: Token, words: CommitmentCues) -> bool:
    """Tell whether a future verb of judging takes a verbless small clause: "would consider it a personal
    insult", "will call the talks a success" tell a view; "would consider naming X" (a verb) stays a plan."""
    if head.lemma_.lower() not in words.deeming:
        return False
    return any(c.dep_ == "oprd" or (c.dep_ == "ccomp" and c.pos_ in ("NOUN", "PROPN", "ADJ")
                                     and any(g.dep_ == "nsubj" for g in c.children)) for c in head.children)


def _bound_or_past(token: Token, head: Token) -> bool:
    """Tell whether a future clause is an obligation, a thing had, or what would have been.

    "will have to spend" (bound, not resolved), "the impact she would have"
    (a relative "have" with no object of its own), "would have done it" (a
    past that did not happen): none is a promise.
    """
    if head.lemma_.lower() == "have" and head.pos_ == "VERB":
        if any(c.dep_ == "xcomp" for c in head.children) or not any(c.dep_ == "dobj" for c in head.children):
            return True
    helpers = [c.lower_ for c in token.children if c.dep_ == "aux"]
    return "would" in helpers and "have" in helpers


def _asked(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a future clause is a question or a condition, not a promise.

    "have not said WHEN they would take up the bill", "asked WHETHER the
    talks will resume", "deciding WHO will lead", "IF we were to go to war":
    the clause opens with a question word or "if"/"whether"/"unless" of its
    own (hanging from its verb, not from a clause inside it: "when the talks
    end, they will sign" promises). A relative clause ("the summit, where
    they will sign a pact") is not asked.
    """
    if token.dep_ == "relcl":
        return False
    opener = token.left_edge
    if opener.tag_ not in ("WRB", "WP", "WDT") and opener.lower_ not in words.conditions:
        return False
    for node in (opener, *opener.ancestors):
        if node.i == token.i:
            return True
        if node.pos_ in ("VERB", "AUX") and node is not opener:
            return False
    return False


def _passive_noun(verb: Token, subject: Token | None) -> bool:
    """Tell whether a verb is passive with a common noun as its subject ("a report will be ISSUED")."""
    return (subject is not None and subject.pos_ == "NOUN" and subject.dep_ == "nsubjpass"
            and any(c.dep_ == "auxpass" for c in verb.children))


def _due_cue(token: Token) -> Cue | None:
    """Match a passive infinitive with a subject: "goals TO BE MET by December 2022" (a plan with a date ahead)."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return None
    subject = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    return Cue(token, "intention", token, subject, dated=True, passive=True) if _passive_noun(token, subject) else None


def _dated_cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Match the forms known by a date ahead, by the verb's tag: "to be MET by 2022", "before Chile VOTES"."""
    tag = token.tag_
    if tag == "VBN":
        return _due_cue(token)
    return _before_cue(token, words) if tag in ("VBZ", "VBP", "VBG") else None


def _before_cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Match an act an actor is to do "before" a date ahead: "before Chile votes next May", "before leaving in 2019".

    The clause takes for granted that the act will happen; without a date
    ahead ("before the talks began") it only orders events.
    """
    tag = token.tag_
    if tag not in ("VBZ", "VBP", "VBG") or token.dep_ != ("pcomp" if tag == "VBG" else "advcl"):
        return None
    marker = token.head if tag == "VBG" else next((c for c in token.children if c.dep_ == "mark"), None)
    if marker is None or marker.lower_ != "before" or token.pos_ != "VERB":
        return None
    subject, above = subject_of(token), token
    for _ in range(4):  # "Britain tries to strengthen ties before leaving": the subject of the clause above
        if subject is not None or above.head.i == above.i:
            break
        above = above.head
        subject = subject_of(above)
    return Cue(token, "intention", token, subject, dated=True) if actorish(subject, words) else None


def _meet_cue(token: Token, words: CommitmentCues) -> Cue | None:
    """Match a present-tense meeting verb with "upcoming" or a future date in its phrase."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in words.meet or token.tag_ not in ("VBP", "VBZ"):
        return None
    subject = subject_of(token)
    if not actorish(subject, words):
        return None
    if not any(t.lower_ in words.upcoming for t in token.subtree):
        return None
    return Cue(token, "intention", token, subject)


def _hedged(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a future clause is the writer's forecast: "will likely discuss", "it is likely that … will"."""
    if any(c.dep_ == "advmod" and c.lower_ in words.hedges for c in token.children):
        return True
    head = token.head
    return token.dep_ == "ccomp" and any(c.lower_ in words.hedges for c in (head, *head.children))


def _is_future(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a clause is future: "will hold", reported "would start", or "is to be held"."""
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ in words.future:
            return True
        if child.dep_ == "aux" and child.lower_ in words.reported_future and _reported(token, words):
            return True
    if token.lemma_ == "be":  # "is to be held"; "we're here to stay" is a place, not a plan
        return any(
            c.dep_ == "xcomp" and any(a.lower_ == "to" and _adjacent(token, a) for a in c.children)
            for c in token.children
        )
    return False


def _adjacent(be: Token, to: Token) -> bool:
    """Tell whether only adverbs of time stand between "be" and "to" ("is soon to sign", not "is here to")."""
    between = be.doc[be.i + 1 : to.i]
    return all(t.pos_ in ("ADV", "PART") and t.lower_ not in PLACE_ADVERBS for t in between)


def _reported(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a clause is the complement of a speech verb ("said both countries would …").

    A clause joined to the speech verb itself ("the centre says it would cut
    revenue at first, but would add …") is no complement: the parser hangs
    such a second "would" on "says", whose subject it is not.
    """
    if token.dep_ == "conj" and token.head.lemma_.lower() in words.speech:
        return False
    for above in token.ancestors:
        if above.lemma_.lower() in words.speech:
            return True
        if _surmise(above, words):
            return False  # "said it believes the bill could bring reprisals, where others would …"
    return False


def _surmise(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a word between a "would" clause and the speech verb makes the clause a belief or a
    possibility, not the speaker's word: a word of believing or being sure ("believes", "was sure that
    Smith would win") or a clause with a modal of doubt ("could bring reprisals, where …")."""
    if token.lemma_.lower() in words.wishing or token.lower_ in words.wishing:
        return True
    return any(c.dep_ == "aux" and c.lower_ in words.doubting for c in token.children)


def _reported_speaker(subject: Token, token: Token, words: CommitmentCues) -> bool:
    """Tell whether "he" or "she" is most likely the speaker reporting the clause: "X said SHE will open …".

    Inside a quotation ("… he would look at me," she said) the pronoun is
    someone the speaker talks about, not the speaker: more quote marks open
    than close before it in its sentence. Opening and closing marks are told
    by their tags, so a possessive's apostrophe ("the States’ army", tagged
    as closing) never opens one.
    """
    if subject.lower_ in words.body_pronouns:
        return _body_speaks(token, words) and _reported(token, words)
    if subject.lower_ not in words.speaker_pronouns or not _reported(token, words):
        return False
    before = subject.doc[subject.sent.start : subject.i]
    return sum(t.tag_ == "``" for t in before) <= sum(t.tag_ == "''" for t in before)


def _body_speaks(token: Token, words: CommitmentCues) -> bool:
    """Tell whether the speech verb over a clause has a state or a body as subject ("China said it would …")."""
    verb = next((a for a in token.ancestors if a.lemma_.lower() in words.speech), None)
    speaker = _speaker_past_dateline(verb) if verb is not None else None
    return speaker is not None and speaker.ent_type_ in ("GPE", "ORG", "NORP")


def _speaker_past_dateline(verb: Token) -> Token | None:
    """Return the subject of a speech verb, past a dateline the parser reads as one ("NAIROBI -- Kenya said").

    The one named after the dateline's dash speaks: its apposition ("NAIROBI --
    President Ruto, …, said") or the verb's next subject ("NAIROBI -- Kenya said").
    """
    speaker = subject_of(verb)
    if speaker is None or not any(c.dep_ == "punct" and c.i == speaker.i + 1 and c.lower_ in DASHES
                                  for c in speaker.children):
        return speaker
    after = [c for c in speaker.children if c.dep_ == "appos"]
    after += [c for c in verb.children if c.dep_ == "nsubj" and c.i > speaker.i]
    return after[0] if after else None


def _innermost(token: Token) -> Token:
    """Step from "is" down to the verb of "is to be held"."""
    if token.lemma_ == "be":
        inner = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if inner is not None:
            return inner
    return token


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in token.children)


def _anaphoric(subject: Token, words: CommitmentCues) -> bool:
    """Tell whether a subject points back ("this discussion"), elaborating an earlier promise."""
    return subject.lower_ in words.anaphors or any(
        c.dep_ == "det" and c.lower_ in words.anaphors for c in subject.children
    )


# -- from a cue to commitments -------------------------------------------------


def _commitments(cue: Cue, sent: Span, ctx: Context) -> Iterable[tuple[Commitment, set[int]]]:
    """Build the commitments of one cue: its main act, and each further object joined by "and"."""
    if not may_choose(cue, ctx) or thing_proposes(cue, ctx) or private_business(cue, ctx):
        return  # "the driver decided to turn back", "the show offered him a platform to …", a firm's deal: no party's promise
    extra = _extra_objects(cue)
    acts = _extra_acts(cue)
    skip = {t.i for part in extra + acts for t in part.subtree}
    main = [t for t in _act_tokens(cue, ctx.words) if t.i not in skip]
    while main and (main[-1].is_punct or main[-1].dep_ == "cc"):  # "resume the dialogue, and"
        main.pop()
    path = {cue.token.i} | {a.i for a in cue.head.ancestors if cue.token.i in {b.i for b in a.ancestors}}
    items = [(main, _action(cue, main, sent, ctx), False)]
    chain = _verb_chain(cue)
    for noun in extra:
        tokens = list(noun.subtree)
        items.append((tokens, f"{chain} {_phrase(tokens, ctx, set())}".strip(), True))
    for verb in acts:
        tokens = [t for t in verb.subtree if not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == verb.i)]
        items.append((tokens, _phrase(tokens, ctx, set(), lemma=verb), True))
    if cue.dated and not _date_ahead(cue, sent, ctx):
        return
    for tokens, action, own_span in items:
        if not action or not tokens or _vague(tokens, cue, ctx.words):
            continue
        yield _build(cue, tokens, action, sent, ctx, own_span), {t.i for t in tokens} | path


def _date_ahead(cue: Cue, sent: Span, ctx: Context) -> bool:
    """Tell whether the clause of a dated cue holds a date that is not past on the document's day.

    Not the day the promise was made, which a past date in the same clause would set.
    """
    return due_of(list(cue.head.subtree), ctx, published_first(ctx.published)) is not None


def _vague(tokens: list[Token], cue: Cue, words: CommitmentCues) -> bool:
    """Tell whether an act names nothing: no noun, number or object ("continue to forge ahead", "to visit").

    A promise says what is promised; meeting verbs need no object ("agreed to meet again"), unless
    they share the object of a verb joined to them ("promised to meet and exceed his goals": "meet"
    the goals, no meeting), an object the act left to that verb.
    """
    if cue.head.lemma_.lower() in words.objectless and not _shared_object(cue.head):
        return False
    subject = {t.i for t in cue.subject.subtree} if cue.subject is not None and not cue.announced else set()
    return not any(
        t.pos_ in ("NOUN", "PROPN", "NUM") or (t.pos_ == "PRON" and t.dep_ in ("dobj", "pobj"))
        for t in tokens if t.i not in subject
    )


def _shared_object(verb: Token) -> bool:
    """Tell whether a verb with no object of its own, followed by "and"/"or", has a joined verb with one
    ("meet and in some cases exceed the goals"; the parser may join that verb to a verb above)."""
    doc = verb.doc
    if any(c.dep_ in ("dobj", "prep", "advmod") for c in verb.children):
        return False  # "meet in Kampala and sign …", "meet again and …": a meeting of its own
    if verb.i + 1 >= len(doc) or doc[verb.i + 1].dep_ != "cc":
        return False
    following = next((t for t in doc[verb.i + 2 : verb.sent.end] if t.pos_ in ("VERB", "AUX")), None)
    if following is None or following.dep_ != "conj" or following.head.i not in {verb.i, *(a.i for a in verb.ancestors)}:
        return False
    return any(g.dep_ == "dobj" for g in following.children)


def _extra_objects(cue: Cue) -> list[Token]:
    """Find objects coordinated with the main act ("…, and a port call in Hakodate").

    The object is the act's own or that of a verb it opens ("continue to
    arrange a visit …, and a port call"), not one deeper in a phrase ("look
    into the possibility of expanding cooperation and activities" is one act).
    """
    found = [c for c in cue.token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    verbs = [cue.head]
    while len(verbs) < 4:
        opened = next((c for c in verbs[-1].children if c.dep_ == "xcomp"), None)
        if opened is None:
            break
        verbs.append(opened)
    obj = next((c for v in verbs for c in v.children if c.dep_ == "dobj"), None)
    if obj is not None:
        found += [c for c in obj.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
    return found


def _extra_acts(cue: Cue) -> list[Token]:
    """Find acts coordinated with the main one by "and to" ("agreed to resume X, and to establish Y").

    "X as well as to Y" adds to the same act and stays one commitment.
    """
    doc = cue.head.doc
    return [
        c for c in cue.head.children
        if c.dep_ == "conj" and c.pos_ == "VERB" and c.i >= 2 and doc[c.i - 1].lower_ == "to"
        and doc[c.i - 2].lower_ == "and" and any(a.dep_ == "aux" and a.i == c.i - 1 for a in c.children)
    ]


def _act_tokens(cue: Cue, words: CommitmentCues) -> list[Token]:
    """Collect the tokens of the promised act: the head's phrase without glosses and other clauses."""
    if cue.line is not None:  # a listed action is its line, however spaCy joined or split it
        return [t for t in cue.head.doc[cue.line[0] : cue.line[1]] if not t.is_space]
    dropped: set[int] = set()
    for token in cue.head.subtree:
        if token.i in dropped:
            continue
        if _is_gloss(token, cue.head, words):
            dropped |= {t.i for t in token.subtree}
    tokens = [t for t in cue.head.subtree if t.i not in dropped]
    if cue.announced and cue.subject is not None:
        subject = {t.i for t in cue.subject.subtree}
        tokens = sorted([*cue.subject.subtree, *(t for t in tokens if t.i not in subject)], key=lambda t: t.i)
    return tokens


def _is_gloss(token: Token, head: Token, words: CommitmentCues) -> bool:
    """Tell whether a token starts a part that is not the act: a clause of its own, an "as …" gloss."""
    if token.i == head.i:
        return False
    if token.dep_ in ("advcl", "parataxis", "relcl") or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX")
                                                         and subject_of(token) is not None):
        return True
    return token.dep_ == "prep" and token.lower_ in words.trim_preps


def _verb_chain(cue: Cue) -> str:
    """Name the verbs leading to an object ("continue to arrange"), for coordinated objects."""
    verbs = [t for t in cue.head.subtree if t.pos_ == "VERB" and (t.i == cue.head.i or t.dep_ == "xcomp")]
    words = []
    for verb in verbs:
        words.append(verb.lemma_ if verb.i == cue.head.i else verb.text)
    return " to ".join(words)


def _action(cue: Cue, tokens: list[Token], sent: Span, ctx: Context) -> str:
    """Write the act as a normalised verb phrase: lemma first, no auxiliaries or dates."""
    leave = {t.i for t in tokens if (t.dep_ in ("aux", "auxpass") and t.lower_ != "to") or t.dep_ in ("mark", "neg")}
    leave |= {t.i for t in tokens if t.lower_ in ctx.words.upcoming and t.lower_ != "next"}
    if cue.announced:
        leave |= {cue.head.i} | {c.i for c in cue.head.children if c.dep_ in ("dobj", "aux") and c.lower_ in ("place", "to")}
        leave |= {t.i for t in tokens if t.lower_ == "the" and t.head.i == (cue.subject.i if cue.subject else -1)}
        text = "hold " + _phrase(tokens, ctx, leave)
    elif cue.passive and cue.subject is not None:  # "a report will be issued by May" -> "issue a report"
        subject = {t.i for t in cue.subject.subtree}
        rest = _phrase([t for t in tokens if t.i not in subject and t.i != cue.head.i
                        and not (t.dep_ == "aux" and t.head.i == cue.head.i)], ctx, leave)
        text = f"{cue.head.lemma_} {_phrase(list(cue.subject.subtree), ctx, leave)} {rest}".strip()
    else:
        subject = {t.i for t in cue.subject.subtree} if cue.subject is not None else set()
        text = _phrase(tokens, ctx, leave | subject, lemma=cue.head)
        refrain = next((c for c in cue.head.children if c.dep_ == "neg" or c.lower_ == "never"), None)
        if refrain is not None and cue.token.lemma_.lower() in ctx.words.refraining:
            text = f"{refrain.lower_} {text}"  # "vowed never to close it": the promise is to refrain
    return _resolve_purpose(text, sent.text, ctx.words)


def _phrase(tokens: list[Token], ctx: Context, leave: set[int], lemma: Token | None = None) -> str:
    """Join tokens as text, without date expressions and quote marks, one verb as its lemma."""
    reach = (min(t.idx for t in tokens), max(t.idx + len(t.text) for t in tokens)) if tokens else (0, 0)
    dated = [(t.start, t.end) for t in overlapping(ctx.times, *reach) if t.value]
    out = []
    for token in tokens:
        if token.i in leave or any(a <= token.idx < b for a, b in dated) or token.is_space or token.is_quote:
            out.append(token.whitespace_ and " ")
            continue
        text = token.lemma_ if lemma is not None and token.i == lemma.i else token.text
        out.append(text + (token.whitespace_ and " "))
    phrase = " ".join("".join(out).split())
    return phrase.strip(" ,;:.-—").removeprefix("to ")


def _resolve_purpose(text: str, sentence: str, words: CommitmentCues) -> str:
    """Replace "for this purpose" by the meeting format the sentence names, so the action stands alone."""
    fmt = format_named(sentence)
    if fmt is None or format_named(text):
        return text
    for phrase in words.purpose:
        if phrase in text:
            return text.replace(phrase, f"for a {fmt} meeting")
    return text


def _build(cue: Cue, tokens: list[Token], action: str, sent: Span, ctx: Context, own_span: bool) -> Commitment:
    """Assemble a commitment: parties, dates, place and evidence span (its own, for a further object)."""
    start = tokens[0].idx if own_span else min(tokens[0].idx, cue.token.idx)
    if cue.subject is not None and not cue.announced and not own_span:
        start = min(start, cue.subject.left_edge.idx)
    last = tokens[-1]
    end = last.idx + len(last.text)
    made, made_first = made_date(sent, cue.token, ctx)
    due = due_of(tokens, ctx, made_first)
    return Commitment(
        parties=parties_of(cue, tokens, ctx),
        action=action,
        kind=cue.kind,
        made=made,
        start=start,
        end=end,
        trigger=cue.token.text,
        due=due.value if due else None,
        due_first=due_first(due, made_first),
        due_last=due.last.isoformat() if due and due.last else None,
        place=place_of(tokens, ctx.words),
    )
