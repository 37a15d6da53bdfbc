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
   upcoming G20 summit … in late June").

Then, for each cue: the action is the complement's verb phrase with the verb
as its lemma, dates and auxiliaries left out ("hold peace treaty talks"); two
objects joined by "and" are two commitments ("a visit … by the end of this
year, and a port call … on this October"); parties are the states of the
subject, with "the two sides", "they" or "both countries" standing for the
two states the document is about; the date made is the document's unless the
sentence dates the promise ("On Friday, … had agreed"); the due window is the
date expression inside the action ("in January or February next year"); the
place is a place the action's verb or event noun takes ("come to Moscow").
Whether a commitment was kept is decided later, across documents
(`dyad.link.followup`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from spacy.tokens import Doc, Span, Token

from dyad.actors import ActorDictionary
from dyad.data import load_yaml
from dyad.extract.timex import TimeExpr
from dyad.model import Commitment, Mention, Published

__all__ = ["CommitmentCues", "cues", "find_commitments", "meeting_formats"]

_DEADLINE = {"by", "before", "until", "till"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass(frozen=True)
class CommitmentCues:
    """The cue words of `commitment_cues.yaml`, as sets for look-up."""

    verbs: dict[str, str]
    views: dict[str, tuple[frozenset[str], str]]
    future: frozenset[str]
    reported_future: frozenset[str]
    speech: frozenset[str]
    announce: frozenset[str]
    meet: frozenset[str]
    upcoming: frozenset[str]
    groups: frozenset[str]
    pronouns: frozenset[str]
    anaphors: frozenset[str]
    purpose: tuple[str, ...]
    event_nouns: frozenset[str]
    motion: frozenset[str]
    trim_preps: frozenset[str]
    activities: tuple[dict[str, Any], ...]


@cache
def cues() -> CommitmentCues:
    """Load the commitment cues from the bundled data file."""
    data: dict[str, Any] = load_yaml("commitment_cues.yaml")
    return CommitmentCues(
        verbs=dict(data["verbs"]),
        views={v["verb"]: (frozenset(v["nouns"]), v["kind"]) for v in data["views"]},
        future=frozenset(data["future"]),
        reported_future=frozenset(data["reported_future"]),
        speech=frozenset(data["speech_verbs"]),
        announce=frozenset(data["announce"]),
        meet=frozenset(data["meet_verbs"]),
        upcoming=frozenset(data["upcoming"]),
        groups=frozenset(data["groups"]),
        pronouns=frozenset(data["pronouns"]),
        anaphors=frozenset(data["anaphors"]),
        purpose=tuple(data["purpose"]),
        event_nouns=frozenset(data["event_nouns"]),
        motion=frozenset(data["motion"]),
        trim_preps=frozenset(data["trim_preps"]),
        activities=tuple(data["activities"]),
    )


@cache
def meeting_formats() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Return the meeting formats of `meetings.yaml` with the pattern that names each."""
    data: dict[str, Any] = load_yaml("meetings.yaml")
    return tuple(
        (f["name"], re.compile("|".join(f"(?:{p})" for p in f["patterns"]), re.I)) for f in data["formats"]
    )


def format_named(text: str) -> str | None:
    """Return the meeting format a text names ("2+2"), if any."""
    return next((name for name, pattern in meeting_formats() if pattern.search(text)), None)


@dataclass
class _Cue:
    """One cue: the cue token, what kind of promise, the verb of the promised act, its subject."""

    token: Token
    kind: str
    head: Token
    subject: Token | None
    announced: bool = False  # the subject is the meeting itself ("The next 2+2 will take place")


@dataclass
class _Context:
    """What every sentence of one document needs: cue words, mentions, dates, the two states."""

    words: CommitmentCues
    mentions: list[Mention]
    times: list[TimeExpr]
    dictionary: ActorDictionary
    dyad: list[str]
    published: Published | None


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
    ctx = _Context(cues(), mentions, times, dictionary, document_dyad(mentions, dictionary), published)
    found: list[Commitment] = []
    seen: set[tuple[str, str]] = set()
    for sent in doc.sents:
        covered: set[int] = set()
        for token in sent:
            cue = None if token.i in covered else _cue(token, ctx.words)
            if cue is None:
                continue
            for commitment, tokens in _commitments(cue, sent, ctx):
                covered |= tokens
                if (commitment.action, commitment.kind) not in seen:
                    seen.add((commitment.action, commitment.kind))
                    found.append(commitment)
    return found


def document_dyad(mentions: list[Mention], dictionary: ActorDictionary) -> list[str]:
    """Name the two states a document is most about, by how often it mentions each."""
    counts: Counter[str] = Counter()
    for mention in mentions:
        state = _state_of(mention, dictionary)
        if state:
            counts[state] += 1
    return [state for state, _ in counts.most_common(2)]


def _state_of(mention: Mention, dictionary: ActorDictionary) -> str | None:
    """Roll a mention up to its state: a state itself, or a person's or body's country."""
    if mention.actor is None or mention.kind == "place":
        return None
    actor = dictionary.by_id(mention.actor)
    if actor is None:
        return None
    return actor.id if actor.kind == "state" else actor.country


# -- cues --------------------------------------------------------------------


def _cue(token: Token, words: CommitmentCues) -> _Cue | None:
    """Recognise a token as a commitment cue, trying the four kinds in turn."""
    if _negated(token):
        return None
    return _verb_cue(token, words) or _view_cue(token, words) or _future_cue(token, words) or _meet_cue(token, words)


def _verb_cue(token: Token, words: CommitmentCues) -> _Cue | None:
    """Match "agreed to hold", "proposed strengthening", "invited X to come"."""
    kind = words.verbs.get(token.lemma_.lower())
    if kind is None or token.pos_ != "VERB" or token.dep_ in ("amod", "compound"):
        return None
    head = next((c for c in token.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
    if head is None or _negated(head):
        return None
    return _Cue(token, kind, _innermost(head), _subject(token))


def _view_cue(token: Token, words: CommitmentCues) -> _Cue | None:
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
                subject = _subject(head) or _subject(clause)
                announced = not _actorish(subject, words) and _is_meeting(subject, words)
                return _Cue(token, kind, head, subject if announced or _actorish(subject, words) else _subject(token),
                            announced)
    return None


def _future_cue(token: Token, words: CommitmentCues) -> _Cue | None:
    """Match a future clause whose subject is an actor, or a meeting it announces."""
    if token.pos_ not in ("VERB", "AUX") or not _is_future(token, words):
        return None
    head = _innermost(token)
    subject = _subject(token) or _subject(head)
    if subject is None or _anaphoric(subject, words):
        return None
    if _actorish(subject, words):
        return _Cue(token, "intention", head, subject)
    if _is_meeting(subject, words) and head.lemma_.lower() in words.announce:
        return _Cue(token, "intention", head, subject, announced=True)
    return None


def _meet_cue(token: Token, words: CommitmentCues) -> _Cue | None:
    """Match a present-tense meeting verb with "upcoming" or a future date in its phrase."""
    if token.pos_ != "VERB" or token.lemma_.lower() not in words.meet or token.tag_ not in ("VBP", "VBZ"):
        return None
    subject = _subject(token)
    if not _actorish(subject, words):
        return None
    if not any(t.lower_ in words.upcoming for t in token.subtree):
        return None
    return _Cue(token, "intention", token, subject)


def _is_future(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a clause is future: "will hold", reported "would start", or "is to be held"."""
    for child in token.children:
        if child.dep_ == "aux" and child.lower_ in words.future:
            return True
        if child.dep_ == "aux" and child.lower_ in words.reported_future and _reported(token, words):
            return True
    if token.lemma_ == "be":
        return any(c.dep_ == "xcomp" and any(a.lower_ == "to" for a in c.children) for c in token.children)
    return False


def _reported(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a clause is the complement of a speech verb ("said both countries would …")."""
    return any(a.lemma_.lower() in words.speech for a in token.ancestors)


def _innermost(token: Token) -> Token:
    """Step from "is" down to the verb of "is to be held"."""
    if token.lemma_ == "be":
        inner = next((c for c in token.children if c.dep_ == "xcomp" and c.pos_ == "VERB"), None)
        if inner is not None:
            return inner
    return token


def _subject(token: Token) -> Token | None:
    return next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def _negated(token: Token) -> bool:
    return any(c.dep_ == "neg" or c.lower_ == "never" for c in token.children)


def _actorish(subject: Token | None, words: CommitmentCues) -> bool:
    """Tell whether a subject names who acts: a name, a pronoun for people, or "the two sides"."""
    if subject is None or _is_meeting(subject, words):
        return False
    if subject.lower_ in words.pronouns:
        return True
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("GPE", "NORP", "PERSON", "ORG"):
        return True
    return subject.lower_ in words.groups or subject.lemma_.lower() in words.groups


def _is_meeting(subject: Token | None, words: CommitmentCues) -> bool:
    return subject is not None and (subject.lower_ in words.event_nouns or subject.lemma_.lower() in words.event_nouns)


def _anaphoric(subject: Token, words: CommitmentCues) -> bool:
    """Tell whether a subject points back ("this discussion"), elaborating an earlier promise."""
    return subject.lower_ in words.anaphors or any(
        c.dep_ == "det" and c.lower_ in words.anaphors for c in subject.children
    )


# -- from a cue to commitments -------------------------------------------------


def _commitments(cue: _Cue, sent: Span, ctx: _Context) -> Iterable[tuple[Commitment, set[int]]]:
    """Build the commitments of one cue: its main act, and each further object joined by "and"."""
    extra = _extra_objects(cue)
    skip = {t.i for noun in extra for t in noun.subtree}
    main = [t for t in _act_tokens(cue, ctx.words) if t.i not in skip]
    path = {cue.token.i} | {a.i for a in cue.head.ancestors if cue.token.i in {b.i for b in a.ancestors}}
    items = [(main, _action(cue, main, sent, ctx), False)]
    chain = _verb_chain(cue)
    for noun in extra:
        tokens = list(noun.subtree)
        items.append((tokens, f"{chain} {_phrase(tokens, ctx, set())}".strip(), True))
    for tokens, action, own_span in items:
        if not action or not tokens:
            continue
        yield _build(cue, tokens, action, sent, ctx, own_span), {t.i for t in tokens} | path


def _extra_objects(cue: _Cue) -> list[Token]:
    """Find objects coordinated with the main act ("…, and a port call in Hakodate")."""
    found = [c for c in cue.token.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    obj = next((c for c in cue.head.subtree if c.dep_ == "dobj"), None)
    if obj is not None:
        found += [c for c in obj.children if c.dep_ == "conj" and c.pos_ == "NOUN"]
    return found


def _act_tokens(cue: _Cue, words: CommitmentCues) -> list[Token]:
    """Collect the tokens of the promised act: the head's phrase without glosses and other clauses."""
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
                                                         and _subject(token) is not None):
        return True
    return token.dep_ == "prep" and token.lower_ in words.trim_preps


def _verb_chain(cue: _Cue) -> str:
    """Name the verbs leading to an object ("continue to arrange"), for coordinated objects."""
    verbs = [t for t in cue.head.subtree if t.pos_ == "VERB" and (t.i == cue.head.i or t.dep_ == "xcomp")]
    words = []
    for verb in verbs:
        words.append(verb.lemma_ if verb.i == cue.head.i else verb.text)
    return " to ".join(words)


def _action(cue: _Cue, tokens: list[Token], sent: Span, ctx: _Context) -> str:
    """Write the act as a normalised verb phrase: lemma first, no auxiliaries or dates."""
    leave = {t.i for t in tokens if (t.dep_ in ("aux", "auxpass") and t.lower_ != "to") or t.dep_ in ("mark", "neg")}
    leave |= {t.i for t in tokens if t.lower_ in ctx.words.upcoming and t.lower_ != "next"}
    if cue.announced:
        leave |= {cue.head.i} | {c.i for c in cue.head.children if c.dep_ in ("dobj", "aux") and c.lower_ in ("place", "to")}
        leave |= {t.i for t in tokens if t.lower_ == "the" and t.head.i == (cue.subject.i if cue.subject else -1)}
        text = "hold " + _phrase(tokens, ctx, leave)
    else:
        subject = {t.i for t in cue.subject.subtree} if cue.subject is not None else set()
        text = _phrase(tokens, ctx, leave | subject, lemma=cue.head)
    return _resolve_purpose(text, sent.text, ctx.words)


def _phrase(tokens: list[Token], ctx: _Context, leave: set[int], lemma: Token | None = None) -> str:
    """Join tokens as text, without date expressions and quote marks, one verb as its lemma."""
    dated = [(t.start, t.end) for t in ctx.times if t.value]
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


def _build(cue: _Cue, tokens: list[Token], action: str, sent: Span, ctx: _Context, own_span: bool) -> Commitment:
    """Assemble a commitment: parties, dates, place and evidence span (its own, for a further object)."""
    start = tokens[0].idx if own_span else min(tokens[0].idx, cue.token.idx)
    if cue.subject is not None and not cue.announced and not own_span:
        start = min(start, cue.subject.left_edge.idx)
    last = tokens[-1]
    end = last.idx + len(last.text)
    made, made_first = _made(sent, cue.token, ctx)
    due = _due(tokens, ctx, made_first)
    return Commitment(
        parties=_parties(cue, tokens, ctx),
        action=action,
        kind=cue.kind,
        made=made,
        start=start,
        end=end,
        trigger=cue.token.text,
        due=due.value if due else None,
        due_first=_due_first(due, made_first),
        due_last=due.last.isoformat() if due and due.last else None,
        place=_place(tokens, ctx.words),
    )


def _made(sent: Span, cue: Token, ctx: _Context) -> tuple[str | None, date | None]:
    """Date the promise: a past date on the cue or the verb reporting it ("On Friday"), else the document's."""
    on = _published_last(ctx.published)
    verbs = _reporting_verbs(cue)
    for expr in ctx.times:
        if not sent.start_char <= expr.start < sent.end_char or not expr.value or expr.last is None:
            continue
        span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or _governing_verb(span.root) not in verbs:
            continue
        if on is None or expr.last <= on:
            return expr.value, expr.first
    if ctx.published is None:
        return None, None
    return ctx.published.value, _published_first(ctx.published)


def _reporting_verbs(cue: Token) -> set[int]:
    """Return the cue and the verbs it hangs from, up to a coordination (another clause)."""
    found = {cue.i}
    token = cue
    while token.dep_ not in ("conj", "ROOT") and token.head.i != token.i:
        token = token.head
        found.add(token.i)
    return found


def _governing_verb(token: Token) -> int:
    """Return the index of the first verb above a token (itself if it is one)."""
    while token.pos_ not in ("VERB", "AUX") and token.head.i != token.i:
        token = token.head
    return token.i


def _due(tokens: list[Token], ctx: _Context, made: date | None) -> TimeExpr | None:
    """Pick the act's first date expression that is not in the past."""
    span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    for expr in ctx.times:
        if span[0] <= expr.start < span[1] and expr.value and expr.last is not None:
            if made is None or expr.last >= made:
                return expr
    return None


def _due_first(due: TimeExpr | None, made: date | None) -> str | None:
    """Open a deadline's window on the day made ("by the end of this year"); else the date's first day."""
    if due is None:
        return None
    if due.modifier in _DEADLINE:
        return made.isoformat() if made else None
    return due.first.isoformat() if due.first else None


def _published_first(published: Published | None) -> date | None:
    if published is None or published.precision not in ("day", "month", "year"):
        return None
    value = published.value + {"day": "", "month": "-01", "year": "-01-01"}[published.precision]
    return date.fromisoformat(value)


def _published_last(published: Published | None) -> date | None:
    first = _published_first(published)
    if first is None or published is None:
        return None
    if published.precision == "year":
        return date(first.year, 12, 31)
    if published.precision == "month":
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return first


def _place(tokens: list[Token], words: CommitmentCues) -> str | None:
    """Find where the act is to happen: a place after in/to/at that a verb or an event noun takes."""
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.ent_type_ not in _PLACE_LABELS or token.ent_iob_ != "B" or token.i == 0:
            continue
        prep = token.doc[token.i - 1]
        if prep.lower_ not in ("in", "to", "at") or prep.i not in inside:
            continue
        if prep.lower_ == "to" and prep.head.lemma_.lower() not in words.motion:
            continue
        if prep.head.pos_ in ("VERB", "AUX") or prep.head.lower_ in words.event_nouns:
            ent = next(e for e in token.doc.ents if e.start == token.i)
            return ent.text
    return None


def _parties(cue: _Cue, tokens: list[Token], ctx: _Context) -> list[str]:
    """Name the states that promised: the subject's, "both sides" as the document's two states."""
    if cue.announced:
        states = _states_in(tokens, ctx)
        return states if len(states) > 1 else list(ctx.dyad)
    states = _subject_states(cue.subject, cue.token, ctx)
    if cue.kind != "intention" and len(states) < 2:
        # agreements bind both sides; proposals and invitations are made to the other
        for state in [*_states_in(tokens, ctx), *ctx.dyad]:
            if state in ctx.dyad and state not in states:
                states.append(state)
    return states or list(ctx.dyad)


def _subject_states(subject: Token | None, cue: Token, ctx: _Context) -> list[str]:
    """Resolve a subject to states: its mentions, its speaker for "we", the two states for a group."""
    if subject is None:
        return []
    states = _states_in(list(subject.subtree), ctx)
    if states:
        return states
    if subject.lower_ in ctx.words.pronouns:
        speaker = next((_subject(a) for a in cue.ancestors if a.lemma_.lower() in ctx.words.speech), None)
        if speaker is not None and speaker.lower_ not in ctx.words.pronouns:
            return _subject_states(speaker, speaker.head, ctx)
    return list(ctx.dyad)


def _states_in(tokens: list[Token], ctx: _Context) -> list[str]:
    """List the states the mentions inside some tokens roll up to, in text order."""
    if not tokens:
        return []
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    found: list[str] = []
    for mention in ctx.mentions:
        if start <= mention.start < end:
            state = _state_of(mention, ctx.dictionary)
            if state and state not in found:
                found.append(state)
    return found
