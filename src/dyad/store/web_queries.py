"""Store queries of the web UI and JSON API: counts, filtered events, dyads, pages of records.

A mixin of Store, kept in its own module so the store's core stays small.
Every query is SQLAlchemy Core (parameterised) and returns at most MAX_PAGE
rows per call, except `stream_events`, which keyset-pages on the primary key
for CSV downloads. Each filter leans on an index that holds events in
listing order (latest first): a state is an equality on the events' own
state columns, a CAMEO root on `root`, a publisher on the events' copy of
it; other codes ("IGO") are ranges on the code columns. The page of events,
the API's hottest read, runs on the driver directly (`read_dicts`).
"""

from __future__ import annotations

import calendar
import functools
import json
from collections.abc import Callable, Hashable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Integer,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    text,
    true,
    union,
)

from dyad.actors.loader import alpha3_codes
from dyad.store.counts import counted_events, not_in_copy
from dyad.store.engine import read_dicts, reading
from dyad.store.meeting_records import with_documents
from dyad.store.schema import (
    actors,
    commitments,
    documents,
    events,
    meeting_records,
    meetings,
    mentions,
    quotes,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

# 500 rows: a page a browser renders at once; the API's `limit` is capped here too.
MAX_PAGE = 500
# Deep offsets cost a scan of every skipped row; past this, filter instead.
MAX_OFFSET = 100_000
_STREAM_BATCH = 1000
PUBLISHERS_TTL = 30.0  # seconds the publisher list of the filter form is reused
_TOP = "\uffff"  # above every code character: [p, p + _TOP) is "starts with p"

EVENT_COLUMNS = (
    events.c.id, events.c.document, events.c.source_actor, events.c.target_actor,
    events.c.source_code, events.c.target_code, events.c.cameo, events.c.root,
    events.c.quad_class, events.c.goldstein, events.c.plover, events.c.date,
    events.c.date_precision, events.c.modality, events.c.start, events.c.end,
    events.c.trigger, events.c.confidence, events.c.coder, events.c.documents,
    events.c.publishers, events.c.publisher, events.c.document_title,
)  # fmt: skip


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


# A loose index scan: each step seeks the next name after the last, so the
# whole list costs one index seek per publisher however many documents each has.
_DISTINCT_PUBLISHERS = text(
    "WITH RECURSIVE p(name) AS ("
    " SELECT min(publisher) FROM documents"
    " UNION ALL"
    " SELECT (SELECT min(d.publisher) FROM documents AS d WHERE d.publisher > p.name) FROM p WHERE p.name IS NOT NULL"
    ") SELECT name FROM p WHERE name IS NOT NULL LIMIT :limit"
)


def _page(limit: int, offset: int) -> tuple[int, int]:
    """Clamp a page request to the caps, whatever the caller asked."""
    return max(1, min(limit, MAX_PAGE)), max(0, min(offset, MAX_OFFSET))


def _commitment_dicts(result: Any) -> list[dict[str, Any]]:
    """Turn commitment rows into dicts with their parties and evidence as lists."""
    rows = _dicts(result)
    for row in rows:
        row["parties"] = json.loads(row["parties"] or "[]")
        row["status_evidence"] = json.loads(row["status_evidence"] or "[]")
    return rows


def _dicts(result: Any) -> list[dict[str, Any]]:
    """Turn a result into dicts by zipping its keys once: half the cost of a mapping per row.

    Keys are made plain `str` (SQLAlchemy names some columns with a str
    subclass), which the JSON encoder requires.
    """
    keys = [str(key) for key in result.keys()]
    return [dict(zip(keys, row, strict=True)) for row in result.all()]


class WebQueries:
    """Store methods the web UI and API read through."""

    if TYPE_CHECKING:
        _engine: Engine

        def kept(self, key: Hashable, seconds: float, compute: Callable[[], Any]) -> Any: ...

    def latest_documents(self, limit: int = 10) -> list[dict[str, Any]]:
        """List the most recently published documents (undated last), without their text."""
        limit, _ = _page(limit, 0)
        query = (
            select(documents.c.id, documents.c.title, documents.c.publisher, documents.c.published,
                   documents.c.story, documents.c.duplicate_of)
            .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
            .limit(limit)
        )
        with reading(self._engine) as conn:
            return _dicts(conn.execute(query))

    def document_page(self, publisher: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Return one page of documents, latest published first (undated last), without their text."""
        limit, offset = _page(limit, offset)
        query = (
            select(documents.c.id, documents.c.title, documents.c.publisher, documents.c.agency,
                   documents.c.published, documents.c.language, documents.c.story, documents.c.duplicate_of)
            .order_by(documents.c.published.desc().nulls_last(), documents.c.id)
            .limit(limit).offset(offset)
        )
        if publisher:
            query = query.where(documents.c.publisher == publisher)
        with reading(self._engine) as conn:
            return _dicts(conn.execute(query))

    def quote_page(
        self, speaker: str | None = None, direct: bool | None = None, limit: int = 50, offset: int = 0
    ) -> list[dict[str, Any]]:
        """Return one page of quotes with their documents, latest documents first, in text order within one."""
        limit, offset = _page(limit, offset)
        query = (
            select(quotes.c.id, quotes.c.document, quotes.c.speaker, quotes.c.speaker_name, quotes.c.text,
                   quotes.c.direct, quotes.c.verb, quotes.c.start, quotes.c.end,
                   documents.c.title.label("document_title"), documents.c.publisher, documents.c.published)
            .join(documents, documents.c.id == quotes.c.document)
            .order_by(documents.c.published.desc().nulls_last(), quotes.c.document, quotes.c.start)
            .limit(limit).offset(offset)
        )
        if speaker:
            query = query.where(quotes.c.speaker == speaker)
        if direct is not None:
            query = query.where(quotes.c.direct == direct)
        with reading(self._engine) as conn:
            return _dicts(conn.execute(query))

    def meeting_page(self, status: str | None = None, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Return one page of meeting records, latest first (undated last), with their documents."""
        limit, offset = _page(limit, offset)
        query = (select(meeting_records).order_by(meeting_records.c.date.desc().nulls_last(), meeting_records.c.id)
                 .limit(limit).offset(offset))
        if status:
            query = query.where(meeting_records.c.status == status)
        with reading(self._engine) as conn:
            found = with_documents(conn, list(conn.execute(query)))
        return [{"id": m.id, "date": m.date, "place": m.place, "format": m.format, "status": m.status,
                 "participants": list(m.participants), "documents": list(m.documents)} for m in found]

    def publishers(self, limit: int = MAX_PAGE) -> list[str]:
        """List the distinct publishers, for the events filter, remembered for a short while.

        Every events page shows this list, so a read-only store reads it at
        most once per PUBLISHERS_TTL seconds per process, and again as soon as
        its generation moves (dyad.store.generation), and reads it by skipping from one publisher to
        the next on its index, so its cost follows the number of publishers,
        not of documents.
        """
        limit = _page(limit, 0)[0]

        def read() -> list[str]:
            with reading(self._engine) as conn:
                return list(conn.scalars(_DISTINCT_PUBLISHERS, {"limit": limit}))

        return list(self.kept(("publishers", limit), PUBLISHERS_TTL, read))

    def top_dyads(self, limit: int = 10) -> list[dict[str, Any]]:
        """List pairs of states by the events that count between them (either direction), with Goldstein sums.

        A pair is the events' `dyad` column (the states behind source and
        target), the very condition a dyad's page totals, so both show one
        number; events of a state with itself are left out.
        """
        query = (
            select(events.c.dyad, func.count().label("n"), func.sum(events.c.goldstein).label("g"))
            .where(events.c.dyad.is_not(None), events.c.source_country != events.c.target_country, counted_events())
            .group_by(events.c.dyad)
            .order_by(func.count().desc(), events.c.dyad)
            .limit(_page(limit, 0)[0])
        )
        with reading(self._engine) as conn:
            rows = conn.execute(query).all()
        return [{"a": pair[:3], "b": pair[4:], "events": int(n), "goldstein": round(float(g or 0), 2)}
                for pair, n, g in rows]

    def dyad_totals(self, a: str, b: str) -> dict[str, Any]:
        """Count the events that count between a and b, their Goldstein sum, and how many per quad class."""
        query = (
            select(events.c.quad_class, func.count().label("n"), func.sum(events.c.goldstein).label("g"))
            .where(dyad_condition(a, b), counted_events())
            .group_by(events.c.quad_class)
        )
        with reading(self._engine) as conn:
            rows = conn.execute(query).all()
        return {"events": sum(int(n) for _, n, _ in rows),
                "goldstein": round(sum(float(g or 0) for _, _, g in rows), 2),
                "by_quad_class": {int(q): int(n) for q, n, _ in rows}}

    # -- events ------------------------------------------------------------

    def query_events(self, where: EventFilter, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Return one page of events matching a filter, latest first, with document title and publisher."""
        limit, offset = _page(limit, offset)
        shape, params = where.bound()
        return read_dicts(self._engine, _listing(shape),
                          {**params, "limit": limit, "offset": offset, "reach": limit + offset})

    def stream_events(self, where: EventFilter) -> Iterator[dict[str, Any]]:
        """Yield every event matching a filter, by id, a batch per short query (for CSV)."""
        after = ""
        while True:
            query = (
                select(*EVENT_COLUMNS)
                .where(events.c.id > after, *where.conditions())
                .order_by(events.c.id)
                .limit(_STREAM_BATCH)
            )
            with reading(self._engine) as conn:
                rows = _dicts(conn.execute(query))
            yield from rows
            if len(rows) < _STREAM_BATCH:
                return
            after = rows[-1]["id"]

    def event_evidence(self, ids: list[str]) -> dict[str, str]:
        """Return the evidence text (the clause or sentence) of these events, by id: a page's worth at most."""
        if not ids:
            return {}
        piece = func.substr(documents.c.text, events.c.start + 1, events.c.end - events.c.start)
        query = (select(events.c.id, piece.label("evidence")).join(documents, documents.c.id == events.c.document)
                 .where(events.c.id.in_(sorted(set(ids))[:MAX_PAGE])))
        with reading(self._engine) as conn:
            return {row.id: row.evidence for row in conn.execute(query)}

    def document_events(self, doc_id: str) -> list[dict[str, Any]]:
        """Return a document's events with their codes, in text order."""
        query = (
            select(*EVENT_COLUMNS)
            .where(events.c.document == doc_id)
            .order_by(events.c.start, events.c.id)
            .limit(MAX_PAGE)
        )
        with reading(self._engine) as conn:
            return _dicts(conn.execute(query))

    # -- dyads -------------------------------------------------------------

    def dyad_months(self, a: str, b: str) -> list[dict[str, Any]]:
        """Count events and sum Goldstein scores per month and quad class between two code prefixes.

        Only the events that count (dyad.store.counts); those dated only to a
        year, or not at all, have no month and are left out.
        """
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
        with reading(self._engine) as conn:
            return [{**row, "goldstein": round(float(row["goldstein"] or 0), 2)}
                    for row in _dicts(conn.execute(query))]

    def dyad_meetings(self, a: str, b: str, limit: int = MAX_PAGE) -> list[dict[str, Any]]:
        """Return the meeting records reported by documents holding events between a and b, by date.

        The documents come from the dyad index and the records from their
        reports (`meetings.record`), so the cost follows the dyad; each
        record carries its documents and its participants' countries for
        the caller to check.
        """
        docs = select(events.c.document).where(dyad_condition(a, b)).distinct()
        ids = select(meetings.c.record).where(meetings.c.document.in_(docs), meetings.c.record.is_not(None)).distinct()
        query = (select(meeting_records).where(meeting_records.c.id.in_(ids))
                 .order_by(meeting_records.c.date, meeting_records.c.id).limit(_page(limit, 0)[0]))
        with reading(self._engine) as conn:
            found = with_documents(conn, list(conn.execute(query)))
            people = sorted({p for m in found for p in m.participants})
            countries = dict(conn.execute(select(actors.c.id, actors.c.country).where(actors.c.id.in_(people[:900]))).all())
        return [{"id": m.id, "date": m.date, "place": m.place, "format": m.format, "status": m.status,
                 "participants": m.participants,
                 "documents": m.documents, "countries": sorted({countries[p] for p in m.participants if countries.get(p)})}
                for m in found]

    def meeting_reports(self, record_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        """Return each meeting record's reports (document, evidence offsets, trigger), by record id.

        The evidence a meeting row links to: each document's own words for
        the meeting, in document then text order (a page's records at most).
        """
        if not record_ids:
            return {}
        query = (select(meetings.c.record, meetings.c.document, meetings.c.start, meetings.c.end, meetings.c.trigger)
                 .where(meetings.c.record.in_(sorted(set(record_ids))[:MAX_PAGE]))
                 .order_by(meetings.c.record, meetings.c.document, meetings.c.start))
        found: dict[str, list[dict[str, Any]]] = {}
        with reading(self._engine) as conn:
            for row in _dicts(conn.execute(query)):
                found.setdefault(row.pop("record"), []).append(row)
        return found

    # -- actors ------------------------------------------------------------

    def actor_mention_page(self, actor_id: str, limit: int = 50, offset: int = 0) -> list[dict[str, Any]]:
        """Return one page of an actor's mentions with their documents' titles."""
        limit, offset = _page(limit, offset)
        query = (
            select(mentions.c.document, mentions.c.start, mentions.c.end, mentions.c.text, mentions.c.method,
                   documents.c.title.label("document_title"), documents.c.publisher, documents.c.published)
            .join(documents, documents.c.id == mentions.c.document)
            .where(mentions.c.actor == actor_id)
            .order_by(documents.c.published.desc().nulls_last(), mentions.c.document, mentions.c.start)
            .limit(limit).offset(offset)
        )
        with reading(self._engine) as conn:
            return _dicts(conn.execute(query))

    def actor_quotes(self, actor_id: str, limit: int = 50) -> list[dict[str, Any]]:
        """Return what an actor is quoted as saying, through the speaker index."""
        query = (
            select(quotes.c.id, quotes.c.document, quotes.c.text, quotes.c.direct, quotes.c.start, quotes.c.end,
                   documents.c.title.label("document_title"))
            .join(documents, documents.c.id == quotes.c.document)
            .where(quotes.c.speaker == actor_id)
            .order_by(quotes.c.document, quotes.c.start).limit(_page(limit, 0)[0])
        )
        with reading(self._engine) as conn:
            return _dicts(conn.execute(query))

    def actor_aliases(self) -> list[tuple[str, str, list[str]]]:
        """Return every stored actor's (id, name, aliases), for finding actors by name; kept PUBLISHERS_TTL seconds."""
        def read() -> list[tuple[str, str, list[str]]]:
            with reading(self._engine) as conn:
                return [(row.id, row.name, json.loads(row.aliases or "[]"))
                        for row in conn.execute(select(actors.c.id, actors.c.name, actors.c.aliases))]

        return self.kept("actor_aliases", PUBLISHERS_TTL, read)  # type: ignore[no-any-return]

    def actor_names(self, ids: list[str]) -> dict[str, str]:
        """Return the names of these actors, by id (at most a page of them)."""
        if not ids:
            return {}
        query = select(actors.c.id, actors.c.name).where(actors.c.id.in_(sorted(set(ids))[:MAX_PAGE]))
        with reading(self._engine) as conn:
            return {row.id: row.name for row in conn.execute(query)}

    # -- commitments -------------------------------------------------------

    def commitment_page(self, status: str | None = None, limit: int = 200, offset: int = 0) -> list[dict[str, Any]]:
        """Return commitments that count (not those of copies) with their document titles, by status then date made."""
        limit, offset = _page(limit, offset)
        condition = commitments.c.status == status if status else true()
        query = (
            select(commitments, documents.c.title.label("document_title"), documents.c.publisher)
            .join(documents, documents.c.id == commitments.c.document)
            .where(condition, not_in_copy(commitments))
            .order_by(commitments.c.status, commitments.c.made.desc().nulls_last(), commitments.c.id)
            .limit(limit).offset(offset)
        )
        with reading(self._engine) as conn:
            return _commitment_dicts(conn.execute(query))

    def count_commitments(self, status: str | None = None) -> int:
        """Count the commitments that count, of one status or all: the board's total."""
        condition = commitments.c.status == status if status else true()
        query = select(func.count()).select_from(commitments).where(condition, not_in_copy(commitments))
        with reading(self._engine) as conn:
            return int(conn.scalar(query) or 0)

    def document_commitments(self, doc_id: str) -> list[dict[str, Any]]:
        """Return a document's commitments in text order."""
        query = select(commitments).where(commitments.c.document == doc_id).order_by(commitments.c.start).limit(MAX_PAGE)
        with reading(self._engine) as conn:
            return _commitment_dicts(conn.execute(query))
