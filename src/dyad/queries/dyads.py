"""Dyads: the pairs of states with the most events, and one pair's totals, months and meetings.

Every number here counts only the events that count (dyad.store.counts),
on the very condition a dyad's page totals, so the home page, the dyads
listing, a dyad's page, the report and the CLI show one number.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from sqlalchemy import Engine, Integer, bindparam, func, select

from dyad.link.meetings import MergedMeeting
from dyad.queries.events import EventFilter, dyad_condition
from dyad.queries.paging import MAX_PAGE, clamp
from dyad.store.counts import counted_events
from dyad.store.engine import Read, read_rows, reading
from dyad.store.meeting_records import with_documents
from dyad.store.schema import actors, dyad_months, events, meeting_records, meetings


class DyadRow(NamedTuple):
    """A pair of states with the events that count between them (either direction) and their Goldstein sum."""

    a: str
    b: str
    events: int
    goldstein: float


class DyadTotals(NamedTuple):
    """A pair's events that count, their Goldstein sum, and how many per quad class."""

    events: int
    goldstein: float
    by_quad_class: dict[int, int]


class DyadMonth(NamedTuple):
    """A month's events of one quad class between a pair, and their Goldstein sum."""

    month: str
    quad_class: int
    events: int
    goldstein: float


class DyadMeeting(NamedTuple):
    """A meeting record reported with events of a pair, with its participants' countries for the caller to check."""

    meeting: MergedMeeting
    countries: list[str]


def top(engine: Engine, limit: int = 10) -> list[DyadRow]:
    """List pairs of states by the events that count between them (either direction), with Goldstein sums.

    A pair is the events' `dyad` column (the states behind source and
    target), the very condition a dyad's page totals, so both show one
    number; events of a state with itself are left out. The sums come from
    `dyad_months` (dyad.store.dyad_months), a few rows per pair and month,
    not from every event.
    """
    n = func.sum(dyad_months.c.events)
    query = (
        select(dyad_months.c.dyad, n.label("n"), func.sum(dyad_months.c.goldstein).label("g"))
        .where(func.substr(dyad_months.c.dyad, 1, 3) != func.substr(dyad_months.c.dyad, 5))
        .group_by(dyad_months.c.dyad)
        .order_by(n.desc(), dyad_months.c.dyad)
        .limit(clamp(limit)[0])
    )
    with reading(engine) as conn:
        rows = conn.execute(query).all()
    return [DyadRow(pair[:3], pair[4:], int(n), round(float(g or 0), 2)) for pair, n, g in rows]


# Two states' totals and months, built once and run on the driver (read_rows): a dyad's first
# request ran five statements built anew each time, whose building cost more than reading them.
_PAIR_TOTALS = (select(dyad_months.c.quad_class, func.sum(dyad_months.c.events), func.sum(dyad_months.c.goldstein))
                .where(dyad_months.c.dyad == bindparam("pair")).group_by(dyad_months.c.quad_class))
_PAIR_MONTHS = (select(dyad_months.c.month, dyad_months.c.quad_class, dyad_months.c.events, dyad_months.c.goldstein)
                .where(dyad_months.c.dyad == bindparam("pair"), dyad_months.c.month != "")
                .order_by(dyad_months.c.month, dyad_months.c.quad_class))
_PAIR_EVENTS = select(func.coalesce(func.sum(dyad_months.c.events), 0)).where(dyad_months.c.dyad == bindparam("pair"))
_SOME_REPORTS = select(func.count()).select_from(
    select(meetings.c.id).where(meetings.c.record.is_not(None)).limit(bindparam("most", type_=Integer)).subquery())


def _pair(a: str, b: str) -> str | None:
    """Name the pair of two states as `dyad_months` keys it ("JPN-RUS"); None for other codes ("RUSMIL", "IGO")."""
    shape, params = EventFilter(dyad=(a, b)).bound()
    return params["dyad"] if shape == (("dyad", "states"),) else None


def pair_reads(a: str, b: str) -> list[Read]:
    """Name the reads of two states' kept sums a dyad's page makes (`months`, `totals`, and the count that
    `meetings_of` starts from), for `dyad.store.engine.read_ahead`; none for other codes, read otherwise."""
    pair = _pair(a, b)
    if pair is None:
        return []
    return [Read(_PAIR_MONTHS, {"pair": pair}), Read(_PAIR_TOTALS, {"pair": pair}), Read(_PAIR_EVENTS, {"pair": pair})]


def totals(engine: Engine, a: str, b: str) -> DyadTotals:
    """Count the events that count between a and b, their Goldstein sum, and how many per quad class."""
    pair = _pair(a, b)
    if pair is not None:  # two states: their sums, kept
        rows: list[tuple[Any, ...]] = read_rows(engine, _PAIR_TOTALS, {"pair": pair})
    else:  # other codes: grouped from their events
        query = (
            select(events.c.quad_class, func.count().label("n"), func.sum(events.c.goldstein).label("g"))
            .where(dyad_condition(a, b), counted_events())
            .group_by(events.c.quad_class)
        )
        with reading(engine) as conn:
            rows = [tuple(row) for row in conn.execute(query)]
    return DyadTotals(sum(int(n) for _, n, _ in rows), round(sum(float(g or 0) for _, _, g in rows), 2),
                      {int(q): int(n) for q, n, _ in rows if n})


def months(engine: Engine, a: str, b: str) -> list[DyadMonth]:
    """Count events and sum Goldstein scores per month and quad class between two code prefixes.

    Only the events that count; those dated only to a year, or not at all,
    have no month and are left out (at most 12 x 4 rows a year of events).
    Two states' months are read as kept (dyad.store.dyad_months); other
    codes' are grouped from their events on the same test of a month.
    """
    pair = _pair(a, b)
    if pair is not None:
        return [DyadMonth(month, quad_class, int(n), round(float(g or 0), 2))
                for month, quad_class, n, g in read_rows(engine, _PAIR_MONTHS, {"pair": pair})]
    month = func.substr(events.c.date, 1, 7)
    query = (
        select(month.label("month"), events.c.quad_class, func.count().label("events"),
               func.sum(events.c.goldstein).label("goldstein"))
        # A month is "YYYY-MM": this leaves out year-only dates and ISO weeks ("2013-W44").
        .where(dyad_condition(a, b), counted_events(), func.length(events.c.date) >= 7, events.c.date >= "0",
               func.substr(events.c.date, 6, 2) >= "01", func.substr(events.c.date, 6, 2) <= "12")
        .group_by(month, events.c.quad_class)
        .order_by(month, events.c.quad_class)
    )
    with reading(engine) as conn:
        return [DyadMonth(month, quad_class, int(n), round(float(g or 0), 2)) for month, quad_class, n, g in conn.execute(query)]


def meetings_of(engine: Engine, a: str, b: str, limit: int = MAX_PAGE) -> list[DyadMeeting]:
    """Return the meeting records reported by documents holding events between a and b, by date.

    The records come from their reports (`meetings.record`) in documents
    holding events of the pair, found from whichever side is smaller: the
    pair's documents off the dyad index (50,000 events for the busiest pair
    at a million, 5 ms), or the meeting reports, each checked for an event
    of the pair in its document. Each record carries its documents and its
    participants' countries for the caller to check. For two states the
    records' ids are found first, by statements built once and run on the
    driver (`read_rows`): most pairs have none, and then that is all.
    """
    pair = _pair(a, b)
    reported = meetings.c.record.is_not(None)
    if pair is not None:
        statement = _PAIR_RECORDS_BY_REPORTS if _fewer_reports(engine, pair) else _PAIR_RECORDS_BY_EVENTS
        ids: Any = sorted(row[0] for row in read_rows(engine, statement, {"pair": pair}))
        if not ids:
            return []
    else:
        docs = select(events.c.document).where(dyad_condition(a, b)).distinct()
        ids = select(meetings.c.record).where(meetings.c.document.in_(docs), reported).distinct()
    with reading(engine) as conn:
        query = (select(meeting_records).where(meeting_records.c.id.in_(ids))
                 .order_by(meeting_records.c.date, meeting_records.c.id).limit(clamp(limit)[0]))
        found = with_documents(conn, list(conn.execute(query)))
        people = sorted({p for m in found for p in m.participants})
        countries = dict(conn.execute(select(actors.c.id, actors.c.country).where(actors.c.id.in_(people[:900]))).all())
    return [DyadMeeting(m, sorted({countries[p] for p in m.participants if countries.get(p)})) for m in found]


# The records of two states' meetings, from the meeting reports (each checked for an event of the pair
# in its document) or from the pair's documents: whichever side is smaller (`_fewer_reports`).
_PAIR_RECORDS_BY_REPORTS = select(meetings.c.record).where(
    meetings.c.record.is_not(None),
    select(events.c.id).where(events.c.document == meetings.c.document, events.c.dyad == bindparam("pair")).exists(),
).distinct()
_PAIR_RECORDS_BY_EVENTS = select(meetings.c.record).where(
    meetings.c.document.in_(select(events.c.document).where(events.c.dyad == bindparam("pair")).distinct()),
    meetings.c.record.is_not(None),
).distinct()


def _fewer_reports(engine: Engine, pair: str) -> bool:
    """Tell whether the store holds fewer linked meeting reports than the pair has events that count.

    Counting stops at the pair's number, so the test costs the smaller of the two.
    """
    events_of_pair = int(read_rows(engine, _PAIR_EVENTS, {"pair": pair})[0][0] or 0)
    return int(read_rows(engine, _SOME_REPORTS, {"most": events_of_pair})[0][0] or 0) < events_of_pair
