"""Code events: who did what to whom, in CAMEO terms, from the dependency parse.

The event stage of extraction, a pure function of one parsed document, its
resolved mentions and its time expressions. Per sentence it

1. finds triggers by lemma in the compiled lexicon (`events_lexicon`):
   verb patterns ("objected to", "held talks with", "imposed sanctions on"),
   event nouns ("Japan's visit to Russia"), and judgements said of an
   actor's doings ("X said Y's build-up is unacceptable");
2. finds source and target in the parse (`events_syntax`);
3. shifts the code when a governing verb makes the act an intention,
   refusal or threat ("agreed to hold talks" 040 -> 036, "refused to meet"
   -> 125, "threatened to attack" -> 138);
4. labels modality and date (`events_modality`);
5. keeps one event per (source, target, code, sentence), the most confident;
6. keeps one accusation per charge: a charge the page repeats (standfirst and
   body, reported and then quoted) is one accusation, told where it is fullest;
7. keeps no accusation that is not stated (`stated`): "did not accuse",
   "denied blaming", "if X accuses Y" charge no one (issue 28: only asserted
   records count).

Statements (010) are left to the quote stage, which codes what is said.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from spacy.attrs import LEMMA
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span, Token

from dyad.caches import Bounded
from dyad.extract.events.events_figurative import in_play, in_words
from dyad.extract.events.events_lexicon import EventLexicon, load_event_lexicon
from dyad.extract.events.events_match import (
    Match,
    match_dismissal,
    match_judgement,
    match_nominal,
    match_noun,
    match_obligation,
    match_verb,
    match_wrongdoing,
)
from dyad.extract.events.events_modality import HYPOTHETICAL, NEGATED, date_of, modality_of
from dyad.extract.events.events_syntax import index_mentions, index_quotes
from dyad.extract.time.timex import TimeExpr
from dyad.model import Event, Mention, Quote
from dyad.nlp.analyze import column, sentences

__all__ = ["CODER_VERSION", "code_events", "stated", "without_echoes"]

# Bump when a lexicon or rule change should make stored events be re-coded.
CODER_VERSION = "dyad-events-4"
# Trigger lemma hashes per lexicon (keyed by id: the bundled lexicon lives for the process).
_HASHES: Bounded[int, frozenset[int]] = Bounded(4)
# Letters of a word that name it in a charge: "cheating" (a noun) and "cheat" are one charge.
STEM = 4
OWNED = "owned:"  # marks a charge named by a noun with a possessive pronoun, in one_per_charge's keys


@dataclass
class _Found:
    """Events kept so far, one per (source, target, code, sentence)."""

    events: dict[tuple[str, str | None, str, int], Event] = field(default_factory=dict)

    def add(self, key: tuple[str, str | None, str, int], event: Event) -> None:
        """Keep an event unless an equal one with higher confidence is already kept."""
        kept = self.events.get(key)
        if kept is None or event.confidence > kept.confidence:
            self.events[key] = event


def code_events(
    doc: Doc,
    mentions: list[Mention],
    times: list[TimeExpr],
    coder: str = CODER_VERSION,
    quotes: Sequence[Quote] = (),
) -> list[Event]:
    """Code the events a parsed document reports.

    Args:
        doc: the spaCy parse of the document's clean text.
        mentions: resolved actor mentions (character offsets into the text).
        times: the document's time expressions.
        coder: the coder version written on every event.
        quotes: the document's quotations: who speaks a sentence with no speech verb of its own.

    Returns:
        Events in text order; source is always an actor, target may be None.
    """
    lexicon = load_event_lexicon()
    index = index_mentions(doc, mentions)
    index_quotes(index, doc, ((q.start, q.end, q.speaker) for q in quotes if q.direct and q.speaker))
    sents = sentences(doc)
    starts = [sentence.start for sentence in sents]
    by_sentence: dict[int, list[Match]] = {}
    for i in trigger_positions(doc, lexicon):
        match = match_token(doc[i], lexicon, index)
        if match is not None:
            by_sentence.setdefault(bisect_right(starts, i) - 1, []).append(match)
    found = _Found()
    charges: dict[int, str] = {}  # id(event) -> its trigger words' lemmas, for one_per_charge
    contents: dict[int, frozenset[str]] = {}  # id(event) -> what an accusation charges, for one_per_charge
    for number, matches in by_sentence.items():
        for match in drop_governors(matches):
            for event in events_of(match, sents[number], times, lexicon, coder):
                charges[id(event)] = _charge(match)
                if event.cameo.startswith("11"):
                    contents[id(event)] = charged(match.trigger)
                found.add((event.source or "", event.target, event.cameo, number), event)
    return sorted(
        one_per_charge(list(found.events.values()), charges, contents),
        key=lambda e: (e.start, e.cameo, e.source or "", e.target or ""),
    )


def _charge(match: Match) -> str:
    """Name a match's charge by its words' lemmas; a noun its speaker owns ("his criticism") is marked "owned"."""
    words = " ".join(t.lemma_.lower() for t in sorted(match.words, key=lambda t: t.i))
    trigger = match.trigger
    owned = trigger.pos_ == "NOUN" and any(c.dep_ == "poss" and c.pos_ == "PRON" for c in trigger.children)
    return f"{OWNED}{words}" if owned else words


def charged(trigger: Token) -> frozenset[str]:
    """Return the content words of what a trigger charges: its "of" or "for" phrase ("accused her OF
    BEING ASLEEP", "blamed them FOR THE FLOODS"), or a clause the parser hung on its object ("accused
    the campaign OF BEING DUPED"); empty when it says no charge."""
    found: set[str] = set()
    objects = [c for c in trigger.children if c.dep_ == "dobj"]
    for c in [*trigger.children, *(p for o in objects for p in o.children if _clause_prep(p))]:
        if c.dep_ == "prep" and c.lower_ in ("of", "for"):
            for head in c.children:  # the charge's own word and the words on it, no clause further down
                found.update(t.lemma_.lower()[:STEM] for t in (head, *head.children)
                             if t.pos_ in _CHARGE_TAGS and not t.is_stop and t.lemma_ != "be")
    return frozenset(found)


_CHARGE_TAGS = frozenset({"NOUN", "PROPN", "VERB", "ADJ"})


def _clause_prep(prep: Token) -> bool:
    """Tell whether a preposition takes a clause ("of BEING duped"), not a noun ("the leaders of Kenya")."""
    return prep.dep_ == "prep" and any(c.dep_ == "pcomp" for c in prep.children)


def one_per_charge(
    events: list[Event], lemmas: Mapping[int, str], contents: Mapping[int, frozenset[str]] | None = None
) -> list[Event]:
    """Keep one accusation (root 11) per source, target and trigger word: the one told in the longest sentence.

    A page repeats a charge: a standfirst then the body ("X said the party is no
    friend of democracy"), a report then the quote it reports, a rebuttal that
    restates it ("He said Turkey violates ..."). Annotators count it once, at
    its fullest telling, which carries the attribution and the scope. Charges
    with different trigger words ("accused", "assertive") stay apart, except
    a noun with a possessive pronoun ("undercutting his own criticism of
    Dendias"), which points back to a charge the page told before. Nor is a
    second charge with words of its own the first told again ("accused her OF
    LYING", later "accused her OF SLEEPING THROUGH the attack", `contents`):
    a page of news in brief holds several.
    """
    best: dict[tuple[str | None, str | None, str], Event] = {}
    for event in events:
        if not event.cameo.startswith("11") or event.target is None:
            continue
        key = (event.source, event.target, lemmas.get(id(event), event.trigger.lower()))
        kept = best.get(key)
        if kept is None or event.end - event.start > kept.end - kept.start:
            best[key] = event
    chosen = {id(e) for e in best.values()}
    if contents:
        chosen |= _other_charges(events, best, lemmas, contents)
    for (source, target, charge), told in best.items():  # "his criticism of X" after X was accused: that again
        if charge.startswith(OWNED) and any(
            e.start < told.start and e.source == source and e.target == target for e in best.values()
        ):
            chosen.discard(id(told))
    return [e for e in events if not e.cameo.startswith("11") or e.target is None or id(e) in chosen]


def _other_charges(
    events: list[Event],
    best: Mapping[tuple[str | None, str | None, str], Event],
    lemmas: Mapping[int, str],
    contents: Mapping[int, frozenset[str]],
) -> set[int]:
    """Return the ids of accusations that charge something no fuller telling under their key charges."""
    told: dict[tuple[str | None, str | None, str], list[frozenset[str]]] = {
        key: [contents.get(id(event), frozenset())] for key, event in best.items()}
    extra: set[int] = set()
    for event in sorted(events, key=lambda e: e.start - e.end):  # fullest first
        words = contents.get(id(event), frozenset())
        key = (event.source, event.target, lemmas.get(id(event), event.trigger.lower()))
        if not words or key not in told or best[key] is event:
            continue
        if all(other and not (other & words) for other in told[key]):
            told[key].append(words)
            extra.add(id(event))
    return extra


def _trigger_hashes(lexicon: EventLexicon) -> frozenset[int]:
    """Hash every lemma that can start a match, in lower and title case (spaCy keeps PROPN case)."""
    found = _HASHES.get(id(lexicon))
    if found is not None:
        return found
    words = {*lexicon.verbs, *lexicon.nouns, *lexicon.judgements, *lexicon.obligation_words}
    words |= set(lexicon.wrongdoings) | {verb for verb, _ in lexicon.wrong_acts} | set(lexicon.denied_attributes)
    words |= {verb for verb, _ in lexicon.judgement_nouns} | set(lexicon.nominals) | set(lexicon.dismissals)
    return _HASHES.put(id(lexicon), frozenset(hash_string(form) for w in words for form in (w, w.title())))


def trigger_positions(doc: Doc, lexicon: EventLexicon) -> list[int]:
    """Return the indices of tokens whose lemma is in the lexicon, without building Token objects.

    Building a Token per word costs more than all the matching (profiled: 60%).
    """
    wanted = _trigger_hashes(lexicon)
    lemmas = column(doc, LEMMA).tolist()
    found = [i for i, value in enumerate(lemmas) if value in wanted]
    hyphen = hash_string("-")
    joined = [i + 1 for i, value in enumerate(lemmas[1:-1], 1) if value == hyphen and hyphened(doc[i + 1]) in lexicon.wrongdoings]
    return sorted({*found, *joined}) if joined else found


def hyphened(token: Token) -> str | None:
    """Return the hyphenated word a token ends ("cover-up" at "up"), which the tokenizer split in three."""
    doc, i = token.doc, token.i
    if i < 2 or doc[i - 1].text != "-" or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return None
    return f"{doc[i - 2].lower_}-{token.lower_}"


def match_token(
    token: Token, lexicon: EventLexicon, index: Sequence[Mention | None]
) -> Match | None:
    """Match one token as a verb pattern, an event noun or a judgement."""
    word = token.lemma_.lower()
    match: Match | None = None
    wrong = lexicon.wrongdoings.get(hyphened(token) or word) or _wrong_act(token, lexicon)
    if wrong is None and word in lexicon.wrong_participles and token.dep_ in ("acl", "amod") and any(
        c.dep_ == "agent" for c in token.children
    ):
        wrong = lexicon.wrong_participles[word]
    if wrong is None and word in lexicon.judgements and token.dep_ == "amod":
        wrong = lexicon.judgements[word]
    if wrong is not None:
        match = match_wrongdoing(token, wrong, lexicon, index)
        if match is not None:
            return match
    if word in lexicon.verbs and token.pos_ == "VERB":
        match = match_verb(token, lexicon, index)
    elif word in lexicon.nominals and token.dep_ == "dobj" and token.head.lemma_.lower() in lexicon.nominal_verbs:
        match = match_nominal(token, lexicon, index)
    elif word in lexicon.nouns and token.pos_ in ("NOUN", "PROPN"):
        match = match_noun(token, lexicon, index)
    elif word in lexicon.judgements and token.pos_ == "ADJ":
        match = match_judgement(token, lexicon.judgements[word], token, lexicon, index)
    elif word in lexicon.obligation_words:
        match = match_obligation(token, lexicon, index)
    elif word in lexicon.dismissals and token.dep_ == "pobj":
        match = match_dismissal(token, *lexicon.dismissals[word], lexicon, index)

    elif word in lexicon.denied_attributes and token.dep_ == "attr" and _denied(token):
        match = match_judgement(token, lexicon.denied_attributes[word], token, lexicon, index)
    if match is None and token.pos_ == "VERB":
        code = _judgement_noun(token, lexicon)
        if code is not None:
            match = match_judgement(token, code, token, lexicon, index)
    match = in_words(match, index, lexicon) if match is not None else None
    return in_play(match, lexicon) if match is not None else None


def _denied(noun: Token) -> bool:
    """Tell whether a predicate noun is denied by "no" ("the party is NO friend of democracy")."""
    return any(c.dep_ == "det" and c.lower_ == "no" for c in noun.children)


def _wrong_act(token: Token, lexicon: EventLexicon) -> str | None:
    """Return the code of a verb + object that names a wrong ("change the status quo"), if any."""
    return _object_code(token, lexicon.wrong_acts) if token.pos_ == "VERB" else None


def _judgement_noun(token: Token, lexicon: EventLexicon) -> str | None:
    """Return the code of a verb + object judgement ("poses a threat"), if any."""
    return _object_code(token, lexicon.judgement_nouns)


def _object_code(token: Token, table: Mapping[tuple[str, str], str]) -> str | None:
    """Look a verb and each of its direct objects up, by lemma, in a (verb, object) table."""
    for c in token.children:
        if c.dep_ == "dobj":
            code = table.get((token.lemma_.lower(), c.lemma_.lower()))
            if code is not None:
                return code
    return None


def drop_governors(matches: list[Match]) -> list[Match]:
    """Drop a governing verb's own match when its complement was coded through it,
    and a word's own match when another match's pattern holds it ("attempted to
    ASSASSINATE" is an attempt, 185, not an assassination)."""
    governing = {g.i for m in matches if m.shifted for g in m.governors}
    held = {w.i for m in matches for w in m.words[1:]}  # a match's own word comes first
    return [m for m in matches if m.trigger.i not in governing and m.words[0].i not in held]


def pairs(match: Match) -> list[tuple[str, str | None]]:
    """Turn a match's actors into (source, target) pairs: reciprocal, mutual or crossed."""
    sources, targets = match.sources, match.targets
    if match.reciprocal or (match.mutual and not targets):
        if len(sources) < 2:
            return [(s, None) for s in sources] if not match.reciprocal else []
        return [(s, t) for s in sources for t in sources if s != t]
    crossed: list[tuple[str, str | None]] = [(s, t) for s in sources for t in targets if s != t]
    if not crossed:  # no target, or only the source itself ("Sudan imposed a curfew in Sudan")
        return [(s, None) for s in sources]
    return crossed


def events_of(
    match: Match, sentence: Span, times: Sequence[TimeExpr], lexicon: EventLexicon, coder: str
) -> Iterator[Event]:
    """Build the events of one match, one per (source, target) pair."""
    found = pairs(match)
    if not found:
        return
    modality = modality_of(match.trigger, match.governors, match.obj, lexicon, match.speech_act)
    value, precision = date_of(sentence, match.trigger, times)
    start = sentence.start_char
    end = start + len(sentence.text.rstrip())
    trigger = " ".join(t.text for t in sorted(match.words, key=lambda t: t.i))
    for source, target in found:
        code = match.targeted if (target is not None and match.targeted) else match.code
        yield Event(
            source=source,
            target=target,
            cameo=code,
            modality=modality,
            start=start,
            end=end,
            trigger=trigger,
            confidence=round(match.confidence(target is not None), 2),
            date=value,
            date_precision=precision,
            coder=coder,
        )


# Modalities under which an accusation (root 11) charges no one: denied or only supposed.
UNSTATED = frozenset({NEGATED, HYPOTHETICAL})


def stated(events: list[Event]) -> list[Event]:
    """Drop the accusations a sentence negates or only supposes ("did not accuse", "if X blames Y").

    An accusation is a charge made; one denied or imagined is no record of
    one, where a negated visit is still news that the visit did not happen.
    """
    return [e for e in events if not (e.cameo.startswith("11") and e.modality in UNSTATED)]


def without_echoes(coded: list[Event], spoken: list[Event]) -> list[Event]:
    """Drop the quote stage's events that repeat a coded one: same speaker and CAMEO root, overlapping text.

    The coder may say more than the quote stage ("called on X to RETURN …" is
    0253, the speech verb alone 020): the same root is the same act.

    "X went on to accuse Greece of 'denying …'" is one accusation, Greece its
    target; the quote stage, which sees the quoted words, would add it again
    without a target.
    """
    kept = []
    for event in spoken:
        if not any(
            c.source == event.source and c.cameo[:2] == event.cameo[:2] and c.start < event.end and event.start < c.end
            for c in coded
        ):
            kept.append(event)
    return kept
