"""Annotate one parsed document: its actors, its dates, and its own date when partial.

`annotate` is the per-document extraction stage: a pure function of the
document, its spaCy parse and the actor dictionary, so it runs in any process.

A dateline such as "TOKYO, November 2" gives no year. The year is inferred
from two kinds of evidence the text carries: the weekday it names for the
report ("said Saturday") and the officeholders it names, who must all have
been in office on the date. 2 November fell on a Saturday in 2013 and 2019;
only in 2013 were Kishida and Onodera foreign and defence ministers together.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from spacy.tokens import Doc

from dyad.actors import Actor, ActorDictionary
from dyad.budget import time_limit
from dyad.errors import TimeBudgetError, brief
from dyad.extract.commitments.commitments import find_commitments
from dyad.extract.events.events import code_events, stated, without_echoes
from dyad.extract.meetings.meetings import find_meetings
from dyad.extract.mentions.lexicon import lexicon_for
from dyad.extract.mentions.people import surname_actor
from dyad.extract.mentions.resolve import resolve_mentions
from dyad.extract.quotes.quotes import find_quotes
from dyad.extract.quotes.quotes_lexicon import speech_cameo
from dyad.extract.time.timex import TimeExpr, find_time_expressions, infer_year, weekday_hints
from dyad.extract.time.timex_calendar import iso_span
from dyad.model import Commitment, Document, Event, Meeting, Mention, Published, Quote
from dyad.nlp.heap import settle

# Bump when a change to extraction should make `dyad` re-analyse stored documents.
ANALYSIS_VERSION = "5"  # 5: session 23: event coder dyad-events-4, mentions, commitments, meetings, quotes
# Seconds one document's extraction may take (it takes milliseconds; a stall on a pathological text ends here).
EXTRACT_SECONDS = 60.0
QUOTE_CODER = "dyad-quotes-1"
STATEMENT = "010"  # CAMEO "Make statement"
EARLIEST_YEAR = 1945  # no candidate year for a partial date before this one
_NAMED = {"name", "title", "fuzzy"}  # methods that name a person rather than describe a role


@dataclass
class Annotations:
    """What extraction found in one document."""

    document: str
    mentions: list[Mention] = field(default_factory=list)
    times: list[TimeExpr] = field(default_factory=list)
    actors: list[Actor] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    published: Published | None = None
    version: str = ANALYSIS_VERSION
    # The document's date was refuted by its text (see refuted): store it undated.
    undated: bool = False


def anchor_date(published: Published | None) -> date | None:
    """Return the day relative dates are counted from, when the document's date is a day."""
    if published is None or published.precision != "day":
        return None
    return date.fromisoformat(published.value)


def annotate(document: Document, parsed: Doc, dictionary: ActorDictionary, today: date | None = None) -> Annotations:
    """Resolve a document's mentions and date expressions, inferring its year when missing.

    `parsed` is spaCy's parse of `document.text`, and spaCy keeps every
    character, so the text is read from the document: `Doc.text` joins every
    token again at each access (5% of this stage's time, twice over).
    """
    published = document.published
    text = document.text
    mentions, new = resolve_mentions(parsed, anchor_date(published), dictionary)
    if published is not None and published.precision == "monthday":
        inferred = infer_published(published, mentions, text, dictionary, today or date.today())
        if inferred is not None:
            published = inferred
            mentions, new = resolve_mentions(parsed, anchor_date(published), dictionary)
    on = anchor_date(published)
    times = find_time_expressions(text, on)
    quotes = find_quotes(
        parsed, mentions, text, {actor.id: actor.name for actor in new},
        lambda word: surname_actor(dictionary, word, on),
    )
    meetings = find_meetings(parsed, mentions, times, on, dictionary, published, document.title, document.byline,
                             {actor.id: actor.country for actor in new})
    if published is not None and refuted(published, meetings, times):
        again = annotate(replace(document, published=None), parsed, dictionary, today)
        again.undated = True
        return again
    return Annotations(
        document=document.id,
        mentions=mentions,
        times=times,
        actors=_actors([m.actor for m in mentions] + [q.speaker for q in quotes], new, dictionary),
        quotes=quotes,
        events=_events(code_events(parsed, mentions, times, quotes=quotes), quotes, published),
        meetings=meetings,
        commitments=find_commitments(parsed, mentions, times, published, dictionary),
        published=published,
    )


# Days a meeting reported as held may fall after the document's date: a
# date counted from the document's own ("on Tuesday") falls within a week
# of it, and a day-late date line is common; a month on, only an explicit
# date can put it there, and a report cannot tell of a meeting not yet held.
REFUTING_DAYS = 31


def refuted(published: Published, meetings: list[Meeting], times: list[TimeExpr]) -> bool:
    """Tell whether a document's date is before a meeting its text reports as held, by more than REFUTING_DAYS.

    Such a date is not the document's: a saved page's header of another
    day, a site's date of another item. The document is better undated,
    and its relative dates unresolved, than dated wrong. Only a meeting day
    the text writes out in full counts ("on 30 June 2021"): one counted
    from the document's date ("before the end of the year") says nothing
    against it.
    """
    span = iso_span(published.value)
    if span is None:
        return False
    last = span[1]
    written = {t.value for t in times if not t.anchored and t.precision == "day"}
    return any(m.status == "held" and m.date is not None and m.date in written
               and (date.fromisoformat(m.date) - last).days > REFUTING_DAYS for m in meetings)


def _events(coded: list[Event], quotes: list[Quote], published: Published | None) -> list[Event]:
    """Join the coded events and the quotes' speech acts, each act once; an accusation denied or only
    supposed echoes a quote's act all the same, though it is no event itself."""
    return _dated(stated(coded), published) + without_echoes(coded, quote_events(quotes, published))


def _dated(events: list[Event], published: Published | None) -> list[Event]:
    """Give events with no date of their own the document's date."""
    if published is not None:
        for event in events:
            if event.date is None:
                event.date, event.date_precision = published.value, published.precision
    return events


def quote_events(quotes: list[Quote], published: Published | None) -> list[Event]:
    """Code each attributed quote as the speech act its verb names (a statement by default).

    A quote's date is the document's: news reports what was said the day it
    reports, or says otherwise in a sentence the event coder reads.
    """
    found = []
    for quote in quotes:
        if quote.speaker is None or quote.partial:
            continue
        found.append(
            Event(
                source=quote.speaker,
                target=None,
                cameo=(quote.verb and speech_cameo(quote.verb)) or STATEMENT,
                modality="asserted" if quote.direct else "reported",
                start=min(quote.start, quote.speaker_start if quote.speaker_start is not None else quote.start),
                end=max(quote.end, quote.speaker_end or quote.end),
                trigger=quote.verb or "quote",
                confidence=0.9 if quote.direct else 0.7,
                date=published.value if published else None,
                date_precision=published.precision if published else None,
                coder=QUOTE_CODER,
            )
        )
    return found


def infer_published(
    published: Published, mentions: list[Mention], text: str, dictionary: ActorDictionary, today: date
) -> Published | None:
    """Give a yearless date its year when weekday and officeholders allow only one."""
    month, day = int(published.value[2:4]), int(published.value[5:7])
    people = _named_officeholders(mentions, dictionary)
    candidates = [y for y in range(EARLIEST_YEAR, today.year + 1) if _all_in_office(people, y, month, day)]
    hints = weekday_hints(text)
    years = infer_year(month, day, hints[0] if hints else None, candidates)
    if len(years) != 1 or date(years[0], month, day) > today:
        return None
    return Published(date(years[0], month, day).isoformat(), "day", "inferred")


def _named_officeholders(mentions: list[Mention], dictionary: ActorDictionary) -> list[Actor]:
    """Collect the people named (not merely described) who have dated offices."""
    found: dict[str, Actor] = {}
    for mention in mentions:
        if mention.kind != "person" or mention.method not in _NAMED or mention.actor is None:
            continue
        actor = dictionary.by_id(mention.actor)
        if actor is not None and any(role.start for role in actor.roles):
            found[actor.id] = actor
    return list(found.values())


def _all_in_office(people: list[Actor], year: int, month: int, day: int) -> bool:
    try:
        on = date(year, month, day)
    except ValueError:  # 29 February outside a leap year
        return False
    return all(person.roles_on(on) for person in people)


def _actors(ids: list[str | None], new: list[Actor], dictionary: ActorDictionary) -> list[Actor]:
    """List every actor the document mentions or quotes once, dictionary entries and new ones alike.

    A quote's speaker may have no mention: a transcript label ("ROE:") is read
    by the quote finder only.
    """
    by_id = {actor.id: actor for actor in new}
    for actor_id in ids:
        if actor_id and actor_id not in by_id:
            actor = dictionary.by_id(actor_id)
            if actor is not None:
                by_id[actor_id] = actor
    return list(by_id.values())


def annotate_documents(
    documents: list[Document], dictionary: ActorDictionary
) -> tuple[dict[str, Annotations], list[tuple[Document, str]]]:
    """Parse documents in one spaCy batch and annotate each; a failing one is reported, not raised.

    The batch is parsed in a spaCy memory zone: the words it brings into
    the vocabulary (news never stops bringing new names) are forgotten when
    it is done, so a long run's vocabulary does not grow with its corpus.
    Annotations are plain data, made before the zone closes; the actor
    lexicon is built first, outside it, since its words must stay, and the
    words the batch's documents share are kept after it (analyze.py).
    """
    from dyad.nlp.analyze import analyze, keep_recurring_words, load_nlp

    nlp = load_nlp()
    lexicon_for(dictionary, nlp.vocab)
    settle()  # the model, dictionary and lexicon stay for the process: out of the collector's way
    found: dict[str, Annotations] = {}
    failed: list[tuple[Document, str]] = []
    with nlp.memory_zone():
        for document, parsed in zip(documents, analyze(d.text for d in documents), strict=True):
            try:
                with time_limit(EXTRACT_SECONDS, "extracting its records"):
                    found[document.id] = annotate(document, parsed, dictionary)
            except TimeBudgetError as exc:  # a stall costs its document, not the batch
                failed.append((document, str(exc)))
            except Exception as exc:  # one document's bug must not stop the batch
                failed.append((document, f"could not be analysed ({brief(exc)}); please report this"))
    keep_recurring_words(nlp, [d.text for d in documents])
    return found, failed
