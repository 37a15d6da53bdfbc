"""Meeting records: a page of them, those some documents report, their reports' evidence, all of them for exports.

A record is one meeting however many documents report it (linking merges
the reports: dyad.store.meeting_records); each comes back as a
MergedMeeting with the documents of its reports.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from typing import Any, NamedTuple

from sqlalchemy import Engine, Select, func, select

from dyad.link.meetings import MergedMeeting
from dyad.queries.paging import MAX_PAGE, STREAM_BATCH, clamp
from dyad.store.engine import Read, list_params, list_size, listed, read_rows, reading
from dyad.store.meeting_records import with_documents
from dyad.store.rows import in_chunks
from dyad.store.schema import meeting_records, meetings


class MeetingReport(NamedTuple):
    """One document's words for a meeting: the evidence a meeting row links to."""

    document: str
    start: int
    end: int
    trigger: str


def page(engine: Engine, status: str | None = None, limit: int = 50, offset: int = 0) -> list[MergedMeeting]:
    """Return one page of meeting records, latest first (undated last), with their documents."""
    limit, offset = clamp(limit, offset)
    query = (select(meeting_records).order_by(meeting_records.c.date.desc().nulls_last(), meeting_records.c.id)
             .limit(limit).offset(offset))
    if status:
        query = query.where(meeting_records.c.status == status)
    with reading(engine) as conn:
        return with_documents(conn, list(conn.execute(query)))


def reports(engine: Engine, record_ids: list[str]) -> dict[str, list[MeetingReport]]:
    """Return each meeting record's reports, by record id, in document then text order (a page's records at most)."""
    if not record_ids:
        return {}
    wanted = sorted(set(record_ids))[:MAX_PAGE]
    found: dict[str, list[MeetingReport]] = {}
    for record, *rest in read_rows(engine, _reports_of(list_size(len(wanted))), list_params("id", wanted)):
        found.setdefault(record, []).append(MeetingReport(*rest))
    return found


@functools.lru_cache(maxsize=16)
def _reports_of(size: int) -> Select[Any]:
    """Build, once per list size, the query for some meeting records' reports."""
    return (select(meetings.c.record, meetings.c.document, meetings.c.start, meetings.c.end, meetings.c.trigger)
            .where(meetings.c.record.in_(listed("id", size)))
            .order_by(meetings.c.record, meetings.c.document, meetings.c.start))


def of_documents(engine: Engine, doc_ids: Iterable[str]) -> list[MergedMeeting]:
    """Return the records that these documents report, each with all its documents, by date then id.

    The records are looked for first, on the driver (`read_rows`): most
    documents report none, and then that one statement is all.
    """
    ids: set[str] = set()
    for chunk in in_chunks(sorted(set(doc_ids))):
        ids.update(row[0] for row in read_rows(engine, *records_read(chunk)))
    if not ids:
        return []
    with reading(engine) as conn:
        rows: list[Any] = []
        for chunk in in_chunks(sorted(ids)):
            rows += conn.execute(select(meeting_records).where(meeting_records.c.id.in_(chunk))).all()
        found = with_documents(conn, rows)
    return sorted(found, key=lambda r: (r.date or "", r.id))


def records_read(doc_ids: list[str]) -> Read:
    """Name the first read `of_documents` makes for these documents (a chunk's worth; for `read_ahead`)."""
    return Read(_records_of(list_size(len(doc_ids))), list_params("id", doc_ids))


@functools.lru_cache(maxsize=16)
def _records_of(size: int) -> Select[Any]:
    """Build, once per list size, the query for the meeting records some documents report."""
    return (select(meetings.c.record).distinct()
            .where(meetings.c.document.in_(listed("id", size)), meetings.c.record.is_not(None)))


def count(engine: Engine) -> int:
    """Count the meeting records, held or planned (`dyad.queries.counts.meetings_held` counts the meetings held)."""
    with reading(engine) as conn:
        return int(conn.scalar(select(func.count()).select_from(meeting_records)) or 0)


def stream(engine: Engine, batch: int = STREAM_BATCH) -> Iterator[MergedMeeting]:
    """Yield every meeting record with its documents, by id, a page at a time (keyset, not offset)."""
    last = ""
    while True:
        with reading(engine) as conn:
            query = select(meeting_records).where(meeting_records.c.id > last).order_by(meeting_records.c.id)
            rows = list(conn.execute(query.limit(batch)))
            found = with_documents(conn, rows)
        yield from found
        if len(rows) < batch:
            return
        last = rows[-1].id
