"""The parts of a commitment read from the parse: parties, date made, due window, place.

Helpers of `dyad.extract.commitments.commitments`, which finds the cues; here a cue's
subject becomes states ("the two sides" are the document's two states, "we"
is the speaker's), the sentence's past date becomes the day the promise was
made, the act's future date its due window, and a place the act's verb or
event noun takes its place.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span, Token

from dyad.actors import ActorDictionary
from dyad.extract.commitments.commitment_cues import CommitmentCues
from dyad.extract.time.timex import TimeExpr, starting_in
from dyad.model import Mention, Published
from dyad.nlp.analyze import entities

_DEADLINE = {"by", "before", "until", "till"}
_PLACE_LABELS = {"GPE", "LOC", "FAC"}


@dataclass
class Cue:
    """One cue: the cue token, what kind of promise, the verb of the promised act, its subject."""

    token: Token
    kind: str
    head: Token
    subject: Token | None
    announced: bool = False  # the subject is the meeting itself ("The next 2+2 will take place")
    line: tuple[int, int] | None = None  # a listed action: its whole line (token range), whatever the parse
    dated: bool = False  # a plan only with a date ahead in its clause ("before Chile votes next May")
    passive: bool = False  # the subject is what is acted on ("a report will be issued"): the act's object
    bound: tuple[str, ...] = ()  # a named agreement's own parties (`named.parties` in commitment_cues.yaml)


@dataclass
class Context:
    """What every sentence of one document needs: cue words, mentions, dates, the two states."""

    words: CommitmentCues
    mentions: list[Mention]
    times: list[TimeExpr]
    dictionary: ActorDictionary
    dyad: list[str]
    published: Published | None
    paired: bool = True  # the document is about the two states' relations (`document_dyad`)

    def sides(self) -> list[str]:
        """Return the states a promise whose subject names none binds: the two of a document about
        their relations, else the one state the document is about."""
        return list(self.dyad if self.paired else self.dyad[:1])


def document_dyad(mentions: list[Mention], dictionary: ActorDictionary, words: CommitmentCues,
                  day: date | None = None) -> tuple[list[str], bool]:
    """Name the two states a document mentions most, and tell whether it is about their relations.

    It is when the second is mentioned often enough beside the first, and
    not only once or twice in a longer story (`pair` in commitment_cues.yaml):
    a Japan-Russia page is about both; a U.S. story that names China twice
    is about the United States, and a U.S. company's agreement in it binds
    no Chinese party. Only states count: an international organisation and
    its officials on the day (`_party_of`) are no state's, so a story about
    the UN's secretary-general is not about his home state.
    """
    counts: Counter[str] = Counter()
    for mention in mentions:
        state = _party_of(mention, dictionary, day)
        if state and (actor := dictionary.by_id(state)) is not None and actor.kind == "state":
            counts[state] += 1
    top = counts.most_common(2)
    dyad = [state for state, _ in top]
    if len(top) < 2:
        return dyad, False
    first, second = top[0][1], top[1][1]
    often = second >= words.pair_least or second >= words.pair_close * first
    return dyad, often and second >= words.pair_share * first


def _party_of(mention: Mention, dictionary: ActorDictionary, day: date | None) -> str | None:
    """Roll a mention up to the party it acts for: a state, or an international organisation.

    A state is itself, a body or a person its country; an international
    organisation (a CAMEO IGO code, no country) is itself, and so is a
    person whose every office on the document's day is the organisation's
    (a role whose country is the organisation's id): the UN's secretary-
    general vows for the UN, not for his home state, while the same man as
    his country's foreign minister binds his country. An NGO or a firm
    with no country is no party.
    """
    if mention.actor is None or mention.kind == "place":
        return None
    actor = dictionary.by_id(mention.actor)
    if actor is None:
        return None
    if actor.kind == "state":
        return actor.id
    if actor.kind == "organisation" and actor.country is None:
        return actor.id if (actor.code or "").startswith("IGO") else None
    if actor.kind == "person" and day is not None:
        held = {role.country for role in actor.roles_on(day)}
        if len(held) == 1 and (owner := dictionary.by_id(next(iter(held)) or "")) is not None \
                and owner.kind == "organisation":
            return owner.id
    return actor.country


def subject_of(token: Token) -> Token | None:
    """Return a verb's subject, active or passive; a second verb shares its first's ("we are and will remain")."""
    for _ in range(3):
        found = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if found is not None or token.dep_ != "conj" or token.head is token:
            return found
        token = token.head
    return None


def inverted(verb: Token, subject: Token) -> bool:
    """Tell whether a clause asks: its auxiliary stands before its subject ("WILL Kenya agree to …?",
    "will you pledge …, he asked"), as no statement of a promise has it."""
    return any(c.dep_ == "aux" and c.i < subject.i and c.lower_ != "to" for c in verb.children)


def actorish(subject: Token | None, words: CommitmentCues) -> bool:
    """Tell whether a subject names who acts: a name, a pronoun for people, or "the two sides"."""
    if subject is None or is_meeting(subject, words):
        return False
    if subject.lower_ in words.pronouns:
        return True
    if subject.pos_ == "PROPN" or subject.ent_type_ in ("GPE", "NORP", "PERSON", "ORG"):
        return True
    return _is_group(subject, words)


def _is_group(token: Token, words: CommitmentCues) -> bool:
    """Tell whether a word, as written or as its lemma, is a group word ("the government", "both sides")."""
    return token.lower_ in words.groups or token.lemma_.lower() in words.groups


def may_choose(cue: Cue, ctx: Context) -> bool:
    """Tell whether a cue of choice or wish ("decided to", "wants to") is a party's to make.

    A state, a body, a group such as "the government", or a person in office on
    the document's day chooses for a state; a private person's decision or a
    candidate's wish ("the challenger wants to cut taxes") promises nothing a
    state will do. So with agreeing THAT (`concurring`): "Kenya agreed that the
    talks should resume" is agreed; "a former governor agreed that the rules
    should change" shares a view. Any other cue is a party's as before.
    """
    word = cue.token.lemma_.lower()
    if word not in ctx.words.choosing and not (word in ctx.words.concurring and cue.head.dep_ == "ccomp"):
        return True
    if word == "like" and not any(c.dep_ == "aux" and c.lower_ in ctx.words.liking for c in cue.token.children):
        return False  # "likes to visit": a habit
    subject = cue.subject
    if subject is None:
        return word not in ctx.words.choosing  # an agreement whose subject the parser lost stays one
    if _is_group(subject, ctx.words):
        return True
    heads = [subject.idx, *(c.idx for c in subject.children if c.dep_ == "conj")]  # not a clause on it
    day = published_first(ctx.published)
    return any(m.start <= at < m.end and _chooses_for_state(m, ctx.dictionary, day)
               for m in ctx.mentions for at in heads)


def thing_proposes(cue: Cue, ctx: Context) -> bool:
    """Tell whether a proposal's subject is a thing of `things`, no party: "the show offered him a
    platform to speak", "the advert suggests that the police back him", "schools offering parents hope that …".

    What a thing offers or suggests is its content or effect; a party, a
    person named or described, or an institution proposes.
    """
    subject = cue.subject
    if cue.kind != "proposal" or subject is None or subject.pos_ != "NOUN" or subject.ent_type_:
        return False
    if subject.lemma_.lower() not in ctx.words.things and subject.lower_ not in ctx.words.things:
        return False
    at = subject.idx  # a mention of the noun itself, not its owner's ("Oz's show" is still a show)
    return not any(m.start <= at < m.end and m.actor is not None for m in ctx.mentions)


def private_business(cue: Cue, ctx: Context) -> bool:
    """Tell whether a promise's subject is a private business (`businesses`): "the mining company agreed to
    clean up the site", "surety companies agreed to release the cash", "the bank said it would drop the fees".

    A firm's deal or plan is no state's undertaking, whatever state the story
    is about. A business a state or a body is named in ("China's state oil
    company", "a Japanese firm") or one of `public` ("the state-run bank",
    "the development bank") still acts for a party; a relative pronoun is the
    noun its clause hangs from, and "it" or "they" the business that says it.
    """
    subject = cue.subject
    if subject is None:
        return False
    if subject.lower_ in ctx.words.relatives and subject.head.dep_ == "relcl":
        subject = subject.head.head
    elif subject.lower_ in ctx.words.body_pronouns or subject.lower_ == "they":
        speaker = next((subject_of(a) for a in cue.token.ancestors if a.lemma_.lower() in ctx.words.speech), None)
        subject = speaker if speaker is not None else subject
    if subject.lower_ not in ctx.words.businesses and subject.lemma_.lower() not in ctx.words.businesses:
        return False
    own = [t for t in subject.subtree if t.i <= subject.i]  # its name and modifiers, not a clause on it
    if any(t.lower_ in ctx.words.public for t in own):
        return False
    start, end = own[0].idx, subject.idx + len(subject.text)
    return not any(start <= m.start < end and m.actor is not None and m.kind in ("state", "organisation")
                   for m in ctx.mentions)


def _chooses_for_state(mention: Mention, dictionary: ActorDictionary, day: date | None) -> bool:
    """Tell whether a mention is a state, a body, or a person holding an office on the day (any office
    when the document's day is unknown)."""
    if mention.actor is None or mention.kind == "place":
        return False
    if mention.kind in ("state", "organisation"):
        return True
    actor = dictionary.by_id(mention.actor)
    if actor is None:
        return False
    return bool(actor.roles_on(day)) if day is not None else bool(actor.roles)


def is_meeting(subject: Token | None, words: CommitmentCues) -> bool:
    """Tell whether a subject is a meeting ("the talks", "the summit"), which a plan may have as subject."""
    return subject is not None and (subject.lower_ in words.event_nouns or subject.lemma_.lower() in words.event_nouns)


def made_date(sent: Span, cue: Token, ctx: Context) -> tuple[str | None, date | None]:
    """Date the promise: a past date on the cue or the verb reporting it ("On Friday"), else the document's."""
    on = _published_last(ctx.published)
    verbs = _reporting_verbs(cue)
    for expr in starting_in(ctx.times, sent.start_char, sent.end_char):
        if not expr.value or expr.last is None:
            continue
        span = sent.doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None or _governing_verb(span.root) not in verbs:
            continue
        if on is None or expr.last <= on:
            return expr.value, expr.first
    if ctx.published is None:
        return None, None
    return ctx.published.value, published_first(ctx.published)


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


def due_of(tokens: list[Token], ctx: Context, made: date | None) -> TimeExpr | None:
    """Pick the act's first date expression that is not in the past."""
    span = (tokens[0].idx, tokens[-1].idx + len(tokens[-1].text))
    for expr in starting_in(ctx.times, *span):
        if expr.value and expr.last is not None:
            if made is None or expr.last >= made:
                return expr
    return None


def due_first(due: TimeExpr | None, made: date | None) -> str | None:
    """Open a deadline's window on the day made ("by the end of this year"); else the date's first day."""
    if due is None:
        return None
    if due.modifier in _DEADLINE:
        return made.isoformat() if made else None
    return due.first.isoformat() if due.first else None


def published_first(published: Published | None) -> date | None:
    """Return the first day of the document's date, at whatever precision it is known."""
    if published is None or published.precision not in ("day", "month", "year"):
        return None
    value = published.value + {"day": "", "month": "-01", "year": "-01-01"}[published.precision]
    return date.fromisoformat(value)


def _published_last(published: Published | None) -> date | None:
    first = published_first(published)
    if first is None or published is None:
        return None
    if published.precision == "year":
        return date(first.year, 12, 31)
    if published.precision == "month":
        following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return date.fromordinal(following.toordinal() - 1)
    return first


def place_of(tokens: list[Token], words: CommitmentCues) -> str | None:
    """Find where the act is to happen: a place a verb of motion takes, or after in/to/at.

    The place must hang from a verb or an event noun ("talks in Moscow"), not
    from a topic ("aid in Syria").
    """
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.ent_type_ not in _PLACE_LABELS or token.ent_iob_ != "B" or token.i == 0:
            continue
        ent = entities(token.doc)[token.i]
        if ent.root.dep_ == "dobj" and ent.root.head.lemma_.lower() in words.motion:
            return ent.text  # "visit Moscow"
        prep = token.doc[token.i - 1]
        if prep.lower_ not in ("in", "to", "at") or prep.i not in inside:
            continue
        if prep.lower_ == "to" and prep.head.lemma_.lower() not in words.motion:
            continue
        if prep.head.pos_ in ("VERB", "AUX") or prep.head.lower_ in words.event_nouns:
            return ent.text
    return None


def parties_of(cue: Cue, tokens: list[Token], ctx: Context) -> list[str]:
    """Name the states that promised: the subject's, "both sides" as the document's two states.

    An agreement binds, and a proposal or invitation is made to, another side
    as well: a state the act names among the document's two, else the other
    of the two only when the document is about their relations (`paired`).
    Trump's vow in a U.S. story that names China in passing is the United
    States' alone. The other of the two is a side only to one of the two:
    an international organisation's pledge binds the organisation and what
    the act names, not both states of a story it is a third party to. A
    named agreement of fixed membership is its own parties' (`Cue.bound`).
    """
    if cue.bound:
        return list(cue.bound)
    if cue.announced:
        states = _states_in(tokens, ctx)
        return states if len(states) > 1 else ctx.sides()
    states = _subject_states(cue.subject, cue.token, ctx)
    if cue.kind != "intention" and len(states) < 2:
        third = bool(states) and not any(state in ctx.dyad for state in states)
        others = [*_states_in(tokens, ctx), *([] if third or _own_plan(cue, ctx) else ctx.sides())]
        for state in others:
            if state in ctx.dyad and state not in states:
                states.append(state)
    return states or ctx.sides()


def _own_plan(cue: Cue, ctx: Context) -> bool:
    """Tell whether a proposal's act is the proposer's own: "suggested that it would withdraw".

    A clause whose subject is "it", "he" or "she" (the proposer, not "they"
    or "both") hints at what the proposer will do; nothing is put to the
    other side, which is a party only when the act names it.
    """
    if cue.kind != "proposal":
        return False
    own = subject_of(cue.head)
    return own is not None and own.lower_ in ctx.words.body_pronouns | ctx.words.speaker_pronouns


def _subject_states(subject: Token | None, cue: Token, ctx: Context) -> list[str]:
    """Resolve a subject to states: its mentions, its speaker for "we", the two states for a group.

    A group that says it is two ("the two sides", "their two nations", "both
    countries") is the document's two states even where one is seldom named;
    any other subject naming no state is the document's side or sides (`sides`).
    "We" or "the country" in the words of a "he" or "she" the mentions tie to
    a named person is that person's state ("we remain committed", he said).
    A verb of speech whose subject is the subject itself ("May said the
    country would declare … and suggested that …": "declare") is the
    promise's own, not its speaker's.
    """
    if subject is None:
        return []
    if subject.lower_ in ctx.words.relatives and subject.head.dep_ == "relcl":
        return _antecedent_states(subject.head, cue, ctx)
    states = _states_in(list(subject.subtree), ctx)
    if states:
        return states
    if _two(subject, ctx.words):
        return list(ctx.dyad)
    single = ctx.words.speaker_pronouns | ctx.words.body_pronouns
    if subject.tag_ == "NN" and _is_group(subject, ctx.words):
        single = single | {subject.lower_}  # "the country", "the government": one state, the speaker's
    if subject.lower_ in ctx.words.pronouns or subject.lower_ in single:
        speaker = next((found for a in cue.ancestors if a.lemma_.lower() in ctx.words.speech
                        and (found := subject_of(a)) is not None and found.i != subject.i), None)  # not the subject's own verb
        if speaker is not None and speaker.lower_ not in ctx.words.pronouns | single:
            return _subject_states(speaker, speaker.head, ctx)
        if speaker is not None and speaker.lower_ in ctx.words.speaker_pronouns:
            named = _states_in([speaker], ctx)  # "he said" that the mentions tie to a named person
            if named:
                return named
    return ctx.sides()


def _antecedent_states(clause: Token, cue: Token, ctx: Context) -> list[str]:
    """Resolve a relative pronoun subject ("…, which vowed to …") to the noun its clause hangs from.

    The noun's own words, not the clause: "China and the United States,
    which together vowed …" are China and the United States; a description
    set beside a name ("the two biggest polluters, which …") is the name's.
    """
    noun = clause.head
    inside = {t.i for t in clause.subtree}
    for _ in range(2):
        states = _states_in([t for t in noun.subtree if t.i not in inside and t.i <= clause.i], ctx)
        if states or noun.dep_ != "appos":
            break
        noun = noun.head
    return states or (list(ctx.dyad) if _two(noun, ctx.words) else ctx.sides())


def _two(subject: Token, words: CommitmentCues) -> bool:
    """Tell whether a subject says it is two parties: "both", or a group word with "two" or "both"."""
    if subject.lower_ in words.pair_words:
        return True
    return _is_group(subject, words) and any(c.lower_ in words.pair_words for c in subject.children
                                             if c.dep_ in ("nummod", "det", "predet"))


def _states_in(tokens: list[Token], ctx: Context) -> list[str]:
    """List the states the mentions inside some tokens roll up to, in text order."""
    if not tokens:
        return []
    start, end = tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
    found: list[str] = []
    for mention in ctx.mentions:
        if start <= mention.start < end:
            state = _party_of(mention, ctx.dictionary, published_first(ctx.published))
            if state and state not in found:
                found.append(state)
    return found
