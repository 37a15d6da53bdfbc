"""Store the meeting records linking makes (dyad.queries.meetings reads them back for the web and exports).

A report (a row of `meetings`, one document's account of a meeting held or
planned) points at its record through `meetings.record`; NULL means not linked yet,
so linking reads only the reports a batch added and the records they could
join (by exact date, date prefix or person, all indexed), and a second run
finds nothing to do. A record's documents are those of its reports.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from contextlib import AbstractContextManager
from datetime import date
from itertools import groupby
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, Select, and_, bindparam, delete, or_, select, update

from dyad.link.meeting_records import Linked, Report, fold, remerge, wanted
from dyad.link.meetings import MergedMeeting
from dyad.store.annotation_rows import row_meeting
from dyad.store.bulk import insert_many
from dyad.store.rows import in_chunks
from dyad.store.schema import documents, meeting_people, meeting_records, meetings, stories
from dyad.store.story_heads import follow, merge_stories

# Reports linked per transaction: a run of --no-link ingests, or a new
# extractor's catch-up, may leave many.
LINK_CHUNK = 5_000
# Stored reports merged again with a chunk's new ones, at most. The group
# connected to a new report is its meeting's few reports in news, but
# grows with a store where meetings of the same days and people never
# stop (the link benchmark: 100,000 in 30 days); past this many the group
# is cut, and the records there may depend on the order reports came in.
CONNECTED_REPORTS = 2_000


def link_unlinked(conn: Connection, *, stories: bool = True, most: int | None = None) -> Linked:
    """Link the reports not in a record yet (at most `most` of them; all when None); return what was decided.

    With `stories`, the documents of one meeting held are then put into
    one story (`one_story_per_meeting`), and `Linked.stories` names the
    stories that gained documents. `Linked.new` holds the records made.
    """
    total = Linked()
    while reports := _unlinked(conn, LINK_CHUNK if most is None else min(LINK_CHUNK, most - len(total.assigned))):
        old = _connected(conn, reports)
        linked = remerge([*reports, *old.values()], {report: record for record, report in old})
        _save(conn, linked)
        if stories:
            total.stories |= one_story_per_meeting(conn, [*linked.new.values(), *linked.changed.values()])
        total.new.update(linked.new)
        total.assigned.update(linked.assigned)
        total.read += linked.read
        total.tested += linked.tested
        if len(reports) < LINK_CHUNK or (most is not None and len(total.assigned) >= most):
            break
    return total


def one_story_per_meeting(conn: Connection, records: Iterable[MergedMeeting]) -> set[str]:
    """Join the stories of documents reporting one meeting held on a known day; return the stories kept.

    Stories are chosen document by document on words, actors and dates;
    the meeting record is the happening itself, so documents that report
    it are one story even when their words differ (a ministry's readout
    and a wire report). Only records dated to the day (an undated or
    month-dated record may be of several meetings), and only documents
    published within NEWS_DAYS of it: for a later one the meeting is
    background ("the first 2+2, held in Tokyo in 2013"), and its story is
    another. The oldest story (first made) keeps its id; the others'
    documents move into it.
    """
    wanted = sorted(r.id for r in records if r.status == "held" and r.date and len(r.date) == 10)
    into: dict[str, str] = {}
    for chunk in in_chunks(wanted):
        query = (select(meetings.c.record, meeting_records.c.date, documents.c.published, stories.c.id,
                        stories.c.created_at).distinct()
                 .join(meeting_records, meeting_records.c.id == meetings.c.record)
                 .join(documents, documents.c.id == meetings.c.document).join(stories, stories.c.id == documents.c.story)
                 .where(meetings.c.record.in_(chunk)).order_by(meetings.c.record))
        for _, rows in groupby(conn.execute(query), key=lambda row: row.record):
            found = sorted({(_naive(made), follow(into, story)) for _, day, published, story, made in rows
                            if _news(day, published)})
            if not found:
                continue
            keeper = found[0][1]
            for _, story in found[1:]:
                if story != keeper:
                    into[story] = keeper
    return merge_stories(conn, into)


# A document published this many days after a meeting (or before: a
# preview) reports it as news; one further off recalls it.
NEWS_DAYS = 3


def _news(day: str, published: str | None) -> bool:
    """Tell whether a document published on a day reports a meeting of another as news."""
    if not published or len(published) < 10:
        return False
    try:
        return abs((date.fromisoformat(published[:10]) - date.fromisoformat(day)).days) <= NEWS_DAYS
    except ValueError:
        return False


def _naive(moment: Any) -> Any:
    return moment.replace(tzinfo=None) if moment is not None else moment


def refresh_records(conn: Connection, ids: Iterable[str]) -> None:
    """Rebuild records from the reports left in them (a re-analysis removed some); drop those left empty."""
    wanted_ids = sorted(set(ids) - {None})  # type: ignore[arg-type]
    for chunk in in_chunks(wanted_ids):
        rows = conn.execute(select(meetings).where(meetings.c.record.in_(chunk)).order_by(meetings.c.record))
        kept = {record: [_report(row) for row in group] for record, group in groupby(rows, key=lambda r: r.record)}
        conn.execute(delete(meeting_people).where(meeting_people.c.record.in_(chunk)))
        gone = [i for i in chunk if i not in kept]
        if gone:
            conn.execute(delete(meeting_records).where(meeting_records.c.id.in_(gone)))
        rebuilt = {i: fold(reports, i) for i, reports in kept.items()}
        _update(conn, list(rebuilt.values()))
        _add_people(conn, rebuilt.values())


def records_of_reports(conn: Connection, document: str) -> list[str]:
    """List the records a document's reports are in (before its annotations are replaced)."""
    query = select(meetings.c.record).distinct().where(meetings.c.document == document, meetings.c.record.is_not(None))
    return list(conn.scalars(query))


def _report(row: Any) -> Report:
    return Report(row.id, row.document, row_meeting(row))


def _unlinked(conn: Connection, limit: int) -> list[Report]:
    query = (select(meetings).where(meetings.c.record.is_(None))
             .order_by(meetings.c.document, meetings.c.start, meetings.c.id).limit(limit))
    return [_report(row) for row in conn.execute(query)]


def _connected(conn: Connection, reports: list[Report]) -> dict[tuple[str, str], Report]:
    """Read the stored reports connected to these: (record, report id) -> report, up to CONNECTED_REPORTS.

    Two reports are connected when one could be a candidate of the other's
    record (`dyad.link.meeting_records.wanted`), and through the reports
    of each record found, until no new record comes or the group is full.
    """
    found: dict[tuple[str, str], Report] = {}
    records: set[str] = set()
    frontier = reports
    while frontier and len(found) < CONNECTED_REPORTS:
        more = _records_near(conn, frontier) - records
        records |= more
        frontier = []
        for chunk in in_chunks(sorted(more)):
            for row in conn.execute(select(meetings).where(meetings.c.record.in_(chunk)).order_by(meetings.c.id)):
                found[row.record, row.id] = _report(row)
                frontier.append(found[row.record, row.id])
    return found


def _records_near(conn: Connection, reports: list[Report]) -> set[str]:
    """List the records holding a report these could join, or that could join theirs.

    By the reports' own dates (a record's date is one of its reports'; a
    record may hold reports a day or two off it), by person for undated
    reports, and the records holding an undated report of a person a dated
    one names (that report could join the dated one's record).
    """
    asked = wanted(reports)
    linked = meetings.c.record.is_not(None)
    ids: set[str] = set()
    for chunk in in_chunks(sorted(asked.dates)):
        ids.update(conn.scalars(select(meetings.c.record).where(linked, meetings.c.date.in_(chunk))))
    prefixes = sorted(asked.prefixes)
    for start in range(0, len(prefixes), 100):
        condition = or_(*(_prefix_range(p, meetings.c.date) for p in prefixes[start : start + 100]))
        ids.update(conn.scalars(select(meetings.c.record).where(linked, condition)))
    for chunk in in_chunks(sorted(asked.plan_dates)):
        planned = select(meetings.c.record).where(linked, meetings.c.date.in_(chunk), meetings.c.status == "planned")
        ids.update(conn.scalars(planned))
    for chunk in in_chunks(sorted(asked.people)):
        ids.update(conn.scalars(select(meeting_people.c.record).where(meeting_people.c.actor.in_(chunk))))
    named = sorted({person for report in reports if report.meeting.date for person in report.meeting.participants})
    for chunk in in_chunks(named):
        ids.update(conn.scalars(_undated_records_of(chunk)))
    return ids


def _undated_records_of(people: list[str]) -> Select[Any]:
    """Select the records of these people that hold an undated report, each once.

    Read from the people's records, each asked whether it holds an undated
    report. As a join, SQLite went through every undated report of the
    store and asked for each person whether the report's record was theirs:
    finding the records near a batch's reports took 0.86 s of CPU over
    1,000 generated news pages, now 0.21 s. The answer is the same set.
    """
    undated = select(meetings.c.id).where(meetings.c.record == meeting_people.c.record, meetings.c.date.is_(None))
    return select(meeting_people.c.record).distinct().where(meeting_people.c.actor.in_(people), undated.exists())


def _prefix_range(prefix: str, column: Any = meeting_records.c.date) -> Any:
    """Match dates starting with a prefix through the date index (LIKE would not use it on every engine)."""
    after = prefix[:-1] + chr(ord(prefix[-1]) + 1)
    return and_(column >= prefix, column < after)


def _record(row: Any, documents: list[str] | None = None) -> MergedMeeting:
    return MergedMeeting(row.date, row.place, row.format, json.loads(row.participants), documents or [], id=row.id,
                         status=row.status)


def _save(conn: Connection, linked: Linked) -> None:
    """Write a batch's new and changed records, their people, and each report's record; drop the records gone."""
    changed = sorted([*linked.changed, *linked.gone])
    for chunk in in_chunks(changed):  # a re-merge may have taken people from a record: list them again
        conn.execute(delete(meeting_people).where(meeting_people.c.record.in_(chunk)))
    for chunk in in_chunks(sorted(linked.gone)):
        conn.execute(delete(meeting_records).where(meeting_records.c.id.in_(chunk)))
    insert_many(conn, "meeting_records (id, date, place, format, participants, status)",
                [(r.id, r.date, r.place, r.format, json.dumps(r.participants), r.status) for r in linked.new.values()])
    _update(conn, list(linked.changed.values()))
    _add_people(conn, [*linked.new.values(), *linked.changed.values()])
    pairs = [{"m_id": report, "m_record": record} for report, record in linked.assigned.items()]
    if pairs:
        conn.execute(update(meetings).where(meetings.c.id == bindparam("m_id")).values(record=bindparam("m_record")),
                     pairs)


def _update(conn: Connection, records: list[MergedMeeting]) -> None:
    if not records:
        return
    values = [{"r_id": r.id, "r_date": r.date, "r_place": r.place, "r_format": r.format,
               "r_people": json.dumps(r.participants), "r_status": r.status} for r in records]
    conn.execute(update(meeting_records).where(meeting_records.c.id == bindparam("r_id"))
                 .values(date=bindparam("r_date"), place=bindparam("r_place"), format=bindparam("r_format"),
                         participants=bindparam("r_people"), status=bindparam("r_status")), values)


def _add_people(conn: Connection, records: Iterable[MergedMeeting]) -> None:
    rows = sorted({(person, r.id) for r in records for person in r.participants})
    insert_many(conn, "meeting_people (actor, record)", rows, ignore=True)


def with_documents(conn: Connection, rows: list[Any]) -> list[MergedMeeting]:
    """Give records read from the store their documents (those of their reports)."""
    documents: dict[str, list[str]] = {}
    for chunk in in_chunks(sorted({row.id for row in rows})):
        query = (select(meetings.c.record, meetings.c.document).distinct().where(meetings.c.record.in_(chunk))
                 .order_by(meetings.c.record, meetings.c.document))
        for record, document in conn.execute(query):
            documents.setdefault(record, []).append(document)
    return [_record(row, documents.get(row.id, [])) for row in rows]


class MeetingLinking:
    """Store methods for meeting records: link new reports into them."""

    if TYPE_CHECKING:
        _engine: Engine

        def _write(self) -> AbstractContextManager[Connection]: ...
        def _check_writable(self) -> None: ...

    def link_meetings(self) -> int:
        """Put every report not yet linked into its meeting's record, in one transaction a chunk.

        Returns:
            How many records were made.
        """
        return len(self.link_meeting_reports().new)

    def link_meeting_reports(self) -> Linked:
        """Do what `link_meetings` does; return the records made and the work done (records read, pairs tested)."""
        self._check_writable()
        total = Linked()
        while True:
            with self._write() as conn:
                linked = link_unlinked(conn, most=LINK_CHUNK)
            total.new.update(linked.new)
            total.assigned.update(linked.assigned)
            total.stories |= linked.stories
            total.read += linked.read
            total.tested += linked.tested
            if len(linked.assigned) < LINK_CHUNK:
                return total
