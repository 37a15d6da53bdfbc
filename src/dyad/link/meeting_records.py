"""Put each new meeting report into the stored record of its meeting, or start one.

Meetings are records with stable ids, merged once, when the documents
reporting them are linked, not at every read: exports, the web, the
follow-up and `dyad eval` read the stored records. A report joins a record
as `dyad.link.meetings` merges two reports (dates agree, places and formats
agree, and something ties them), and also a record of a day or two before
or after it ("yesterday" in a report dated the morning after, a two-day
summit) when two of its people are there, or it names the same place and
the same named format. A meeting of the same pair weeks or years later is
another record.

A report joins the first record it agrees with, so what the records are
depends on the order reports are merged in. That order is fixed (`_order`:
most precise first, then by document), and each link merges the new reports
again from scratch with every stored report they are connected to (could
be a candidate of, or have as one: `remerge`), so the records are those one
merge of every report would make, whatever order the documents came in.

This module is pure: the store reads the records a batch of reports can
join (`Wanted`, looked up by date and by person, so the cost follows the
batch and not the store) and writes what `link_reports` decided.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache

from dyad.link.meetings import (
    MergedMeeting,
    better_format,
    formats_agree,
    generic_format,
    merge_order,
    tied,
    vague,
)
from dyad.model import Meeting

# Reports this many days apart can be of one meeting: a report dated the
# morning after, a summit over two days. Further apart is another meeting.
WINDOW_DAYS = 2
# A preview may give another day than the one the meeting was held on (it
# was put off, or the preview guessed): up to this many days apart, with
# the same people, it announced that meeting.
PLAN_WINDOW_DAYS = 7


@dataclass(frozen=True)
class Report:
    """One stored report of a held meeting: its row id, its document and what it says."""

    id: str
    document: str
    meeting: Meeting


@dataclass
class Wanted:
    """What the store must read for a batch: records by exact date, by date prefix, and by person."""

    dates: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    plan_dates: set[str] = field(default_factory=set)  # days of planned-only records a held report could join


@dataclass
class Linked:
    """What `link_reports` decided: each report's record, the records made, and those changed."""

    assigned: dict[str, str] = field(default_factory=dict)  # report id -> record id
    new: dict[str, MergedMeeting] = field(default_factory=dict)
    changed: dict[str, MergedMeeting] = field(default_factory=dict)  # stored records given new fields
    read: int = 0  # stored records the batch could join
    tested: int = 0  # (report, record) pairs compared: the work of a batch, for benchmarks/meetings_link.py
    stories: set[str] = field(default_factory=set)  # stories that gained documents reporting one meeting
    gone: set[str] = field(default_factory=set)  # stored records a re-merge left without reports


def record_key(report_id: str) -> str:
    """Name the record a report starts: from the report's stable row id, so re-linking names it again."""
    # The store's id scheme, imported here: the store imports this module.
    from dyad.store.annotation_rows import record_id

    return record_id("meeting", report_id)


def wanted(reports: Iterable[Report]) -> Wanted:
    """List the dates, date prefixes and people whose records these reports could join."""
    found = Wanted()
    for report in reports:
        when = report.meeting.date
        if when is None:
            found.people.update(report.meeting.participants)
        else:
            keys = _keys_asked(when, _window(report.meeting))
            found.dates.update(k[1:] for k in keys if k[0] == "=")
            found.prefixes.update(k[1:] for k in keys if k[0] == "^")
            found.plan_dates.update(k[2:] for k in keys if k[:2] == "P=")
    return found


def _window(meeting: Meeting) -> int:
    return PLAN_WINDOW_DAYS if meeting.status == "planned" else WINDOW_DAYS


def _order(report: Report) -> tuple[object, ...]:
    """Order a batch's reports: held before planned, most precise first (`merge_order`), then as stored."""
    return (report.meeting.status != "held", *merge_order(report.meeting), report.document, report.meeting.start,
            report.id)


def link_reports(reports: Iterable[Report], stored: Iterable[MergedMeeting]) -> Linked:
    """Decide each report's record among the stored ones (those `wanted` named) and the ones it makes.

    Reports are taken most precise first (`merge_order`), as the read-time
    merge took them, so a month-dated report finds the day-dated records.
    """
    index = _Index()
    linked = Linked()
    for record in stored:
        index.add(record)
        linked.read += 1
    for report in sorted(reports, key=_order):
        meeting = report.meeting
        home = None
        for record in [] if vague(meeting) else index.candidates(meeting):
            linked.tested += 1
            if joins(record, meeting) and not _told_apart(record, meeting, report.document):
                home = record
                break
        if home is None:
            home = MergedMeeting(None, None, None, id=record_key(report.id), status=meeting.status)
            linked.new[home.id] = home
            index.add(home)
        elif home.id not in linked.new:
            linked.changed[home.id] = home
        absorb(home, meeting, report.document)
        index.add(home)  # under its date and people as they are now
        linked.assigned[report.id] = home.id
    return linked


def _told_apart(record: MergedMeeting, meeting: Meeting, document: str) -> bool:
    """Tell whether a background report's own document already told the record's meeting as another one.

    The extractor keeps an earlier meeting a report recalls apart from the
    meeting it reports (status "background"): her meeting with Obama and
    the summit she "recently" chaired, both undated with one person shared,
    are two. Two held reports of one document may still be one meeting the
    extractor told twice ("the dialogue" and "Blinken met Garland and
    Mayorkas" of one visit).
    """
    return meeting.status == "background" and document in record.documents


def remerge(reports: Iterable[Report], old: dict[str, str]) -> Linked:
    """Merge a connected group of reports from scratch; keep stored records' ids where their reports stay together.

    `old` maps the group's stored reports to their records. A merged
    record takes the id of the first of its reports (in merge order) whose
    record no earlier one took, so a record that only gained reports keeps
    its id (pages link to it); one of new reports only is named as
    `link_reports` names it. `changed` holds the records whose id was
    stored, `new` the others, `gone` the stored ids no record kept.
    """
    merged = link_reports(reports, [])
    members: dict[str, list[str]] = {}
    for report_id, record_id in merged.assigned.items():
        members.setdefault(record_id, []).append(report_id)  # in merge order: `assigned` is filled in it
    taken = set(old.values())
    claimed: set[str] = set()
    renamed: dict[str, str] = {}
    for record_id in merged.new:
        mine = [old[r] for r in members[record_id] if r in old and old[r] not in claimed]
        used = taken | claimed  # once a record: once a report, the union cost a group's size each time
        fresh = [k for k in (record_key(r) for r in members[record_id]) if k not in used]
        renamed[record_id] = (mine or fresh or [record_key("+".join(sorted(members[record_id])))])[0]
        claimed.add(renamed[record_id])
    linked = Linked(read=len(taken), tested=merged.tested, gone=taken - claimed)
    for record_id, record in merged.new.items():
        record.id = renamed[record_id]
        (linked.changed if record.id in taken else linked.new)[record.id] = record
    linked.assigned = {report: renamed[record] for report, record in merged.assigned.items()}
    return linked


def fold(reports: Iterable[Report], record_id: str) -> MergedMeeting:
    """Rebuild a record from its reports (after some were removed by a re-analysis)."""
    ordered = sorted(reports, key=_order)
    record = MergedMeeting(None, None, None, id=record_id, status=ordered[0].meeting.status if ordered else "held")
    for report in ordered:
        absorb(record, report.meeting, report.document)
    return record


def absorb(record: MergedMeeting, meeting: Meeting, document: str) -> None:
    """Take what a joining report adds: a more precise date, a place, a named format, people.

    A preview adds only its document to a meeting reported as held; the
    first report of a previewed meeting being held gives it its day.
    """
    if document not in record.documents:
        record.documents.append(document)
    if meeting.status != "held" and record.status == "held":
        return
    if meeting.status == "held" and record.status != "held":
        record.status = "held"
        record.date = meeting.date or record.date
        record.place = meeting.place or record.place
        record.format = better_format(meeting.format, record.format)
        record.participants = list(dict.fromkeys([*meeting.participants, *record.participants]))
        return
    if meeting.date is not None and (
        record.date is None or (len(meeting.date) > len(record.date) and meeting.date.startswith(record.date))
    ):
        record.date = meeting.date
    if record.place is None and meeting.place is not None:
        record.place = meeting.place
    record.format = better_format(record.format, meeting.format)
    record.participants = list(dict.fromkeys([*record.participants, *meeting.participants]))


def joins(record: MergedMeeting, meeting: Meeting) -> bool:
    """Tell whether a report is of a record's meeting (see the module's docstring)."""
    if not (_places_agree(record.place, meeting.place) and formats_agree(record.format, meeting.format)):
        return False
    if "planned" in (record.status, meeting.status):
        near = _dates_agree(record.date, meeting.date) or _days_apart(record.date, meeting.date) <= PLAN_WINDOW_DAYS
        return near and _close(record, meeting)
    if _dates_agree(record.date, meeting.date):
        return tied(record, meeting)
    return _days_apart(record.date, meeting.date) <= WINDOW_DAYS and _close(record, meeting)


def _close(record: MergedMeeting, meeting: Meeting) -> bool:
    """Tie a report to a record of another day: two of its people there, or the same place and named format.

    One shared person is not enough a day apart: a minister on a tour meets
    someone else each day.
    """
    shared = len(set(meeting.participants).intersection(record.participants))
    if shared >= 2:
        return True
    return (record.place is not None and meeting.place is not None and record.format is not None
            and record.format == meeting.format and not generic_format(record.format))


def _dates_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _places_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def _day(value: str | None) -> date | None:
    if value is None or len(value) != 10:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _days_apart(a: str | None, b: str | None) -> int:
    first, second = _day(a), _day(b)
    if first is None or second is None:
        return 1 << 20
    return abs((first - second).days)


# Dates asked about, kept: a batch's reports ask for a few days many times over
# (twice each: to read the records near, then to link), and spelling a day's
# 22 keys was a third of linking a batch's reports into records.
_KEYS_KEPT = 4096


@lru_cache(maxsize=_KEYS_KEPT)
def _keys_asked(when: str, window: int = WINDOW_DAYS) -> tuple[str, ...]:
    """List the index keys a report dated `when` looks up: "=" an exact date, "^" a date prefix, "P=" a plan's day.

    A day asks for the days around it, for records dated only to its
    month or year, and for planned-only records of the days a preview may
    have got wrong; a month for every record in it and for its year's; a
    year for every record in it.
    """
    day = _day(when)
    if day is not None:
        around = [(day + timedelta(days=k)).isoformat() for k in range(-window, window + 1)]
        plans = [(day + timedelta(days=k)).isoformat() for k in range(-PLAN_WINDOW_DAYS, PLAN_WINDOW_DAYS + 1)]
        return (*(f"={d}" for d in around), f"={when[:7]}", f"={when[:4]}", *(f"P={d}" for d in plans))
    if len(when) == 7:
        return (f"^{when}", f"={when[:4]}")
    if len(when) == 4:
        return (f"^{when}",)
    return (f"={when}", f"={when[:7]}", f"={when[:4]}")  # a week or a range: the same value, or a coarser one


def _keys_held(when: str) -> list[str]:
    """List the index keys a record dated `when` is found under."""
    return [f"={when}", *(f"^{when[:n]}" for n in (4, 7) if len(when) >= n)]


class _Index:
    """The records a batch can join, listed by date key and by person, in the order they were added."""

    def __init__(self) -> None:
        self._order: dict[str, int] = {}
        self._records: dict[str, MergedMeeting] = {}
        self._by_key: dict[str, set[str]] = {}

    def add(self, record: MergedMeeting) -> None:
        """List a record (again) under its current date and people, and a planned one under its day."""
        self._order.setdefault(record.id, len(self._order))
        self._records[record.id] = record
        keys = _keys_held(record.date) if record.date else []
        if record.status == "planned" and record.date:
            keys.append(f"P={record.date}")
        people = sorted(set(record.participants))
        keys += [f"@{p}" for p in people]
        keys += [f"&{a}\x00{b}" for n, a in enumerate(people) for b in people[n + 1 :]]
        if record.status == "planned":  # planned since it was made: a record only ever becomes held
            keys += [f"!{p}" for p in people]
        for key in keys:
            self._by_key.setdefault(key, set()).add(record.id)

    def candidates(self, meeting: Meeting) -> list[MergedMeeting]:
        """List the records a report could join: nearest date first, then in the order they were added."""
        keys = _keys_asked(meeting.date, _window(meeting)) if meeting.date else _keys_undated(meeting)
        ids = set().union(*(self._by_key.get(k, set()) for k in keys)) if keys else set()
        found = [self._records[i] for i in ids]
        day = _day(meeting.date)
        if day is None:  # a month, a year or no date: every candidate's date agrees or is a day in it
            return sorted(found, key=lambda r: self._order[r.id])
        ordinal = day.toordinal()
        return sorted(found, key=lambda r: (_distance(r.date, meeting.date, ordinal), self._order[r.id]))


def _keys_undated(meeting: Meeting) -> list[str]:
    """List the index keys an undated report looks up: the records it could join, fewer than all of its people's.

    With no date, a report joins a record through its people (`joins`):
    at least two of them there when it names two or more, or, with a
    planned side, two there or the same place and named format. So a report
    of two or more people, naming no place and format, asks only for the
    records holding a pair of them ("&"), and with a place and named format
    also for the planned records of one of them ("!"; a planned one
    of them, when itself planned). A planned report of one person naming
    no place and format joins nothing. The candidates are then those the
    person look-up gave that can join, in the same order: the same record is
    found first. A busy minister's undated reports scanned his every record.
    """
    people = sorted(set(meeting.participants))
    named = meeting.place is not None and meeting.format is not None and not generic_format(meeting.format)
    pairs = [f"&{a}\x00{b}" for n, a in enumerate(people) for b in people[n + 1 :]]
    if named and not pairs:
        return [f"@{p}" for p in people]
    if named:  # a planned report joins any record of one of its people there and so named; a held one, a planned
        return [*pairs, *(f"@{p}" if meeting.status == "planned" else f"!{p}" for p in people)]
    if len(people) < 2:
        return [] if meeting.status == "planned" else [f"@{p}" for p in people]
    return pairs


def _distance(held: str | None, asked: str | None, ordinal: int) -> int:
    """Count the days between a record's date and a report's day (0 when the dates agree: one is the other's prefix)."""
    if held is None or asked is None or asked.startswith(held) or held.startswith(asked):
        return 0
    day = _day(held)
    return abs(day.toordinal() - ordinal) if day is not None else 1 << 20
