"""Events: one page of a filtered listing, a stream of it for CSV, a document's events, their evidence.

Every query is SQLAlchemy Core (parameterised) and returns at most MAX_PAGE
rows per call, except `stream` (a filter's every event, keyset-paged on the
primary key for CSV downloads) and `stream_all` (every event, for exports). Each filter leans on an index that holds events in listing
order (latest first): a state is an equality on the events' own state
columns, a CAMEO root on `root`, a publisher on the events' copy of it;
other codes ("IGO") are ranges on the code columns. The page of events,
the API's hottest read, runs on the driver directly (`read_rows`).
"""

from __future__ import annotations

import calendar
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from sqlalchemy import (
    ColumnElement,
    Engine,
    Integer,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    union,
)

from dyad.actors.loader import alpha3_codes
from dyad.queries.paging import MAX_PAGE, STREAM_BATCH, clamp, keyset
from dyad.store.counts import counted_events
from dyad.store.engine import Read, read_rows
from dyad.store.schema import documents, events

_TOP = "\uffff"  # above every code character: [p, p + _TOP) is "starts with p"


class EventRow(NamedTuple):
    """An event as the listings show it: its columns, with its document's title and publisher (kept on the event)."""

    id: str
    document: str
    source_actor: str | None
    target_actor: str | None
    source_code: str | None
    target_code: str | None
    cameo: str
    root: str
    quad_class: int
    goldstein: float
    plover: str | None
    date: str | None
    date_precision: str | None
    modality: str
    start: int
    end: int
    trigger: str
    confidence: float
    coder: str
    documents: int
    publishers: int
    publisher: str | None
    document_title: str | None


# In EventRow's order: the page is read as the driver's tuples, each made an EventRow as it is.
EVENT_COLUMNS = tuple(events.c[name] for name in EventRow._fields)


LISTING_ORDER = (events.c.date.desc().nulls_last(), events.c.id)


@dataclass(frozen=True)
class EventFilter:
    """What an events listing is narrowed to; None means no condition."""

    actor: str | None = None  # actor id, as source or target
    source: str | None = None  # start of the source code: a country (JPN) or more (RUSMIL)
    target: str | None = None
    dyad: tuple[str, str] | None = None  # two code prefixes, either direction
    root: str | None = None  # CAMEO root, two digits
    date_from: str | None = None  # ISO, possibly partial
    date_to: str | None = None
    publisher: str | None = None
    counted: bool = False  # only the events that count (dyad.store.counts): what a total or chart bar counted

    def bound(self) -> tuple[Shape, dict[str, Any]]:
        """Split the filter into its shape (which conditions, of which kind) and the values they compare.

        Filters of one shape share one statement, built and compiled once and
        run with new values: building and keying a statement cost more than
        the database's work for a page off an index.
        """
        shape: list[tuple[str, str]] = []
        params: dict[str, Any] = {}
        if self.actor:
            shape.append(("actor", ""))
            params["actor"] = self.actor
        for side, value in (("source", self.source), ("target", self.target)):
            if value:
                kind = _code_kind(value)
                shape.append((side, kind))
                params[f"{side}_country"], params[f"{side}_low"] = value[:3], value
                if kind == "state_code":
                    params[f"{side}_length"] = len(value)
                elif kind == "prefix":
                    params[f"{side}_high"] = value + _TOP
        if self.dyad:
            a, b = self.dyad
            if _is_country(a) and _is_country(b):
                shape.append(("dyad", "states"))
                params["dyad"] = "-".join(sorted((a, b)))
            else:
                shape.append(("dyad", "prefixes"))
                params.update(dyad_a_low=a, dyad_a_high=a + _TOP, dyad_b_low=b, dyad_b_high=b + _TOP)
        for name in ("root", "date_from", "publisher"):
            if getattr(self, name):
                shape.append((name, ""))
                params[name] = getattr(self, name)
        if self.date_to:
            shape.append(("date_to", ""))
            params["date_to"] = last_day(self.date_to)
        if self.counted:
            shape.append(("counted", ""))
        return tuple(shape), params

    def conditions(self) -> list[ColumnElement[bool]]:
        """Turn the filter into WHERE conditions on events joined with documents, values bound in."""
        shape, params = self.bound()
        return [condition.params(params) for condition in shape_conditions(shape)]


Shape = tuple[tuple[str, str], ...]


def _code_kind(value: str) -> str:
    """Say how a code filter is matched: a state, a longer code of a state ("RUSMIL"), or any other prefix."""
    if _is_country(value):
        return "state"
    return "state_code" if _is_country(value[:3]) else "prefix"


def _is_country(code: str) -> bool:
    """Tell a state's code (ISO alpha-3) from other three-letter codes such as IGO or NGO."""
    return code in alpha3_codes()


def _between(column: Any, low: str, high: str) -> ColumnElement[bool]:
    """Match codes starting with a prefix as a range [prefix, prefix + _TOP), so a code index serves it."""
    return and_(column >= bindparam(low), column < bindparam(high))


def shape_conditions(shape: Shape) -> list[ColumnElement[bool]]:
    """Build the WHERE conditions of a filter shape, each value a named parameter.

    A state is matched on its country column (indexed in date order); a
    longer code that starts with a state ("RUSMIL") on the state's column too,
    so its listing index is read in date order and the code's start checked
    on each index entry. (As a range the code misled PostgreSQL: it took
    state and range for independent, estimated one row, and gathered and
    sorted every match off the code index.) Any other code ("IGO") is
    matched by its range.
    """
    found: list[ColumnElement[bool]] = []
    for name, kind in shape:
        if name == "actor":
            found.append(or_(events.c.source_actor == bindparam("actor"), events.c.target_actor == bindparam("actor")))
        elif name in ("source", "target"):
            country, code = events.c[f"{name}_country"], events.c[f"{name}_code"]
            if kind in ("state", "state_code"):
                found.append(country == bindparam(f"{name}_country"))
            if kind == "state_code":
                found.append(func.substr(code, 1, bindparam(f"{name}_length", type_=Integer)) == bindparam(f"{name}_low"))
            elif kind == "prefix":
                found.append(_between(code, f"{name}_low", f"{name}_high"))
        elif name == "dyad" and kind == "states":
            found.append(events.c.dyad == bindparam("dyad"))
        elif name == "dyad":
            src, tgt = events.c.source_code, events.c.target_code
            found.append(or_(
                and_(_between(src, "dyad_a_low", "dyad_a_high"), _between(tgt, "dyad_b_low", "dyad_b_high")),
                and_(_between(src, "dyad_b_low", "dyad_b_high"), _between(tgt, "dyad_a_low", "dyad_a_high")),
            ))
        elif name == "date_from":
            found.append(events.c.date >= bindparam("date_from"))
        elif name == "date_to":  # `>= "0"` leaves out undated events, which sort below every date
            found.append(and_(events.c.date <= bindparam("date_to"), events.c.date >= literal("0")))
        elif name == "counted":
            found.append(counted_events())
        else:  # root, publisher
            found.append(events.c[name] == bindparam(name))
    return found


@functools.lru_cache(maxsize=256)
def _page_ids(shape: Shape, half: str | None = None) -> Select[Any]:
    """Build, once per shape, the query for one page's event ids: latest first, limit and offset as parameters.

    It names only columns the listing indexes hold (the filter's columns,
    date, id), so the database can find a page, and skip an offset, in the
    index alone, without reading the table rows it passes over. `half`
    ("source_actor" or "target_actor") asks instead for one side of an
    actor's listing: the actor on that side, the rest of the shape as given,
    the first `reach` (limit + offset) ids with their dates.
    """
    if half:
        conditions = [*shape_conditions(tuple(part for part in shape if part[0] != "actor")),
                      events.c[half] == bindparam("actor")]
        return (select(events.c.id, events.c.date).where(*conditions).order_by(*LISTING_ORDER)
                .limit(bindparam("reach", type_=Integer)))
    return (
        select(events.c.id).where(*shape_conditions(shape)).order_by(*LISTING_ORDER)
        .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
    )


@functools.lru_cache(maxsize=256)
def _listing(shape: Shape) -> Select[Any]:
    """Build, once per shape, the page query of a filter: latest first, limit and offset as parameters.

    A filter on a code within a state ("RUSMIL") reads the page's ids first,
    then only their rows (a "deferred join"): its start is checked on each
    index entry of the state's listing, and the table is read for the 50
    rows kept, not for every row checked. (PostgreSQL cannot check a
    condition on an index entry before it reads the row, except in an
    index-only scan: in one query that page cost 7 ms, at offset 150 60 ms;
    now 3.) For other filters the index's order alone finds the page, and
    the two-step query only costs more to plan and run.
    """
    if any(name == "actor" for name, _ in shape):
        return _rows(events.c.id.in_(_either_side(shape)))
    if any(kind == "state_code" for _, kind in shape):
        return _rows(events.c.id.in_(_page_ids(shape).scalar_subquery()))
    return _rows(*shape_conditions(shape)).limit(bindparam("limit", type_=Integer)).offset(
        bindparam("offset", type_=Integer))


def _rows(*which: ColumnElement[bool]) -> Select[Any]:
    """Select the listing's columns (the event and its document's title and publisher) for some events."""
    return select(*EVENT_COLUMNS).where(*which).order_by(*LISTING_ORDER)


def _either_side(shape: Shape) -> Any:
    """Build the query for one page of an actor's event ids: as source or as target, latest first.

    `source_actor = X OR target_actor = X` makes the database gather and sort
    every match (6 s for a busy actor among a million events). Each side alone
    is read in order off its own index, so only the first limit + offset ids
    of each are taken; their union (an event of an actor with itself is in
    both) is small, and the page is cut from it. One statement: it reads one
    snapshot without a transaction (before, two queries and a merge here cost
    five round trips to PostgreSQL).
    """
    halves = [_page_ids(shape, half).subquery() for half in ("source_actor", "target_actor")]
    both = union(*(select(half.c.id, half.c.date) for half in halves)).subquery()
    return (
        select(both.c.id).order_by(both.c.date.desc().nulls_last(), both.c.id)
        .limit(bindparam("limit", type_=Integer)).offset(bindparam("offset", type_=Integer))
        .scalar_subquery()
    )


def dyad_condition(a: str, b: str) -> ColumnElement[bool]:
    """Match events from a to b or from b to a: by the dyad column for two states, else by code prefixes."""
    return EventFilter(dyad=(a, b)).conditions()[0]


def last_day(value: str) -> str:
    """Widen a partial ISO date to its last day ("2019-02" -> "2019-02-28"), for an inclusive end."""
    parts = value.split("-")
    if len(parts) == 1:
        return f"{value}-12-31"
    if len(parts) == 2:
        year, month = int(parts[0]), int(parts[1])
        return f"{value}-{calendar.monthrange(year, month)[1]:02d}"
    return value


def page(engine: Engine, where: EventFilter, limit: int = 50, offset: int = 0) -> list[EventRow]:
    """Return one page of events matching a filter, latest first, with document title and publisher."""
    shape, params = _page_params(where, limit, offset)
    return [EventRow._make(row) for row in read_rows(engine, _listing(shape), params)]


def _page_params(where: EventFilter, limit: int, offset: int) -> tuple[Shape, dict[str, Any]]:
    """Give a filter's shape and the values of its page query (limit and offset capped, and how far to read)."""
    limit, offset = clamp(limit, offset)
    shape, params = where.bound()
    return shape, {**params, "limit": limit, "offset": offset, "reach": limit + offset}


class Evidence(NamedTuple):
    """What a page of events shows beside each one: its words, and whether its document is a copy."""

    text: str | None
    copy: bool


def page_with_evidence(engine: Engine, where: EventFilter, limit: int = 50,
                       offset: int = 0) -> list[tuple[EventRow, Evidence]]:
    """Return one page of events as `page` does, each with its evidence and whether its document is a copy.

    One statement: the page's events, then each one's document read by its
    key (a scalar subquery) for its stretch of text. Joined, PostgreSQL's
    planner may hash the whole documents table for a page of fifty events
    when that table looks small to it (2.7 ms against 0.4 at a million
    events in 4,000 documents); asked apart, the evidence was a second round
    trip for every page.
    """
    shape, params = _page_params(where, limit, offset)
    rows = read_rows(engine, _listing_with_evidence(shape), params)
    width = len(EventRow._fields)
    return [(EventRow._make(row[:width]), Evidence(row[width], bool(row[width + 1]))) for row in rows]


@functools.lru_cache(maxsize=256)
def _listing_with_evidence(shape: Shape) -> Select[Any]:
    """Build, once per shape, the page query of a filter with each event's evidence and copy flag."""
    ranked = _listing(shape).subquery()
    by_key = documents.c.id == ranked.c.document
    piece = (select(func.substr(documents.c.text, ranked.c.start + 1, ranked.c.end - ranked.c.start))
             .where(by_key).scalar_subquery())
    copied = select(documents.c.duplicate_of.is_not(None)).where(by_key).scalar_subquery()
    return (select(*(ranked.c[name] for name in EventRow._fields), piece.label("evidence"), copied.label("copy"))
            .order_by(ranked.c.date.desc().nulls_last(), ranked.c.id))


@functools.lru_cache(maxsize=256)
def _streaming(shape: Shape) -> Select[Any]:
    """Build, once per filter shape, the query for a batch of its events by id after `after` (for `stream`)."""
    return (select(*EVENT_COLUMNS).where(events.c.id > bindparam("after"), *shape_conditions(shape))
            .order_by(events.c.id).limit(STREAM_BATCH))


def stream(engine: Engine, where: EventFilter) -> Iterator[EventRow]:
    """Yield every event matching a filter, by id, a batch per short query (for CSV).

    Each batch is one statement of the filter's shape, built once, run on the
    driver (`read_rows`): a CSV download of a pair's month is a first request
    nearly every time, and SQLAlchemy's building, keying and rows took more of
    it than SQLite did.
    """
    shape, params = where.bound()
    statement = _streaming(shape)
    after = ""
    while True:
        rows = read_rows(engine, statement, {**params, "after": after})
        yield from map(EventRow._make, rows)
        if len(rows) < STREAM_BATCH:
            return
        after = rows[-1][0]


def stream_all(engine: Engine, batch: int = STREAM_BATCH) -> Iterator[EventRow]:
    """Yield every stored event, by document and offset, a batch per query (keyset): what exports write."""
    order = (events.c.document, events.c.start, events.c.id)
    for row in keyset(engine, select(*EVENT_COLUMNS), order, batch):
        yield EventRow._make(row)


# A document's events in text order, built once and run on the driver (read_rows): a document page
# reads up to MAX_PAGE rows, and SQLAlchemy's rows cost more than SQLite's reading them.
_OF_DOCUMENT = (select(*EVENT_COLUMNS).where(events.c.document == bindparam("document"))
                .order_by(events.c.start, events.c.id).limit(MAX_PAGE))


def of_document_read(doc_id: str) -> Read:
    """Name the read `of_document` makes (for `dyad.store.engine.read_ahead`)."""
    return Read(_OF_DOCUMENT, {"document": doc_id})


def of_document(engine: Engine, doc_id: str) -> list[EventRow]:
    """Return a document's events with their codes, in text order (a page's worth at most)."""
    return [EventRow._make(row) for row in read_rows(engine, *of_document_read(doc_id))]
