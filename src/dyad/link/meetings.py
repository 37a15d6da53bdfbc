"""Merge the meetings that several documents report into one record each.

Two reports are one meeting when their places agree (or one names none),
their dates agree (equal, or one a coarser form of the other: "2018" and
"2018-07-31") and something ties them beyond that. Two dated reports are
tied by the same place, a shared participant or the same format. A report
without a date is tied only by its people: two of them at the meeting (or
its one), since the same place or one shared minister recurs across the
years (the ministers of one pair meet in one capital again and again). Two
placeless reports of one day with nothing else in common are not one
meeting: a day of world news holds many. A report with neither a date nor
a participant is too vague to merge and stays on its own. The most precise
date and place win.
"""

from __future__ import annotations

from bisect import insort
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from heapq import merge

from dyad.model import Meeting


@dataclass
class MergedMeeting:
    date: str | None
    place: str | None
    format: str | None
    participants: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    id: str = ""  # a stored record's id (dyad.link.meeting_records); empty for a merge made on the spot
    status: str = "held"  # a stored record's: held, or planned when only previews report it


def _dates_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def vague(meeting: Meeting) -> bool:
    """Tell whether a report has neither date nor participant: too vague to merge with any other."""
    return meeting.date is None and not meeting.participants


def _places_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def merge_meetings(found: Iterable[tuple[Meeting, str]]) -> list[MergedMeeting]:
    """Merge (meeting, document id) pairs into one record per meeting, most precise first.

    Each report joins the first earlier record it agrees with, or starts a
    new one. Records are looked up through `_Records` rather than scanned:
    a scan made the merge quadratic (8,000 reports took 7 s, the 100,000 of
    20,000 articles most of an hour).
    """
    return merge_ordered(sorted(found, key=lambda pair: merge_order(pair[0])))


def merge_order(meeting: Meeting) -> tuple[int, bool]:
    """Sort key of the merge: the longest (most precise) dates first, then reports with a place."""
    return -len(meeting.date or ""), meeting.place is None


def merge_ordered(ordered: Iterable[tuple[Meeting, str]]) -> list[MergedMeeting]:
    """Merge reports that come already in `merge_order` (a stable sort), as a store can stream them.

    Only the merged records are held, not the reports: a store's 100,000
    reports are read a page at a time.
    """
    records = _Records()
    for meeting, doc_id in ordered:
        n = None if vague(meeting) else next((k for k in records.candidates(meeting) if _joins(records.merged[k], meeting)), None)
        if n is None:
            n = records.add(MergedMeeting(meeting.date, meeting.place, meeting.format))
        home = records.merged[n]
        if home.place is None and meeting.place is not None:
            home.place = meeting.place
        home.format = better_format(home.format, meeting.format)
        home.participants = list(dict.fromkeys([*home.participants, *meeting.participants]))
        records.joined(n, meeting.participants)
        if doc_id not in home.documents:
            home.documents.append(doc_id)
    return records.merged


def could_merge(a: Iterable[Meeting], b: Iterable[Meeting]) -> bool:
    """Tell whether merging two documents' reports could give a record holding reports of both.

    Every member of a record agreed with its date and, where it has one, its
    place when it joined; so one report of a and one of b agree on date and
    place (a record's first report and any member from the other side). No
    such pair, no shared meeting, and the merge need not run: story scoring
    asks this of every pair of documents it compares.
    """
    others = [m for m in b if not vague(m)]
    return any(
        _dates_agree(x.date, y.date) and _places_agree(x.place, y.place)
        for x in a if not vague(x)
        for y in others
    )


def _joins(record: MergedMeeting, meeting: Meeting) -> bool:
    """Say whether a report is of this record's meeting: dates, places and formats agree, and something ties them."""
    return (_dates_agree(record.date, meeting.date) and _places_agree(record.place, meeting.place)
            and formats_agree(record.format, meeting.format) and tied(record, meeting))


# Formats that only count the sides (what a report gives when it names no
# format): they agree with any named one ("multilateral" and "foreign ministers").
_GENERIC_FORMATS = frozenset({"bilateral", "multilateral"})


def better_format(kept: str | None, new: str | None) -> str | None:
    """Return the format a record keeps: its own, unless it has none or only counts the sides and `new` names one."""
    if kept is None or (kept in _GENERIC_FORMATS and new is not None and new not in _GENERIC_FORMATS):
        return new
    return kept


def generic_format(value: str | None) -> bool:
    """Tell whether a format only counts the sides ("bilateral"), naming no kind of meeting."""
    return value in _GENERIC_FORMATS


def formats_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a == b or a in _GENERIC_FORMATS or b in _GENERIC_FORMATS


def tied(record: MergedMeeting, meeting: Meeting) -> bool:
    """Tell whether a report shares more than a date with a record (see the module's docstring)."""
    shared = len(set(meeting.participants).intersection(record.participants))
    if meeting.date is None or record.date is None:
        return shared >= min(2, len(set(meeting.participants)))
    if shared or (record.place is not None and meeting.place is not None):
        return True  # and the places agree: `_places_agree` checked
    return record.format is not None and record.format == meeting.format


class _Records:
    """The merged records in the order they were made, indexed for the reports still to come.

    Reports come most precise date first, so when a dated report arrives
    every record is dated at least as precisely: the records it can join
    are those whose date starts with its own, listed per prefix. A report
    without a date can join the records with its people, listed per
    person. Lists hold record numbers in order of making, so the first
    candidate that agrees is the one a scan of all records would find.
    Prefixes of a length are listed from the first report dated to that
    precision on (the records so far, in order, then each new one), so the
    lengths need not be known before the reports are read.
    """

    def __init__(self) -> None:
        self.merged: list[MergedMeeting] = []
        self._lengths: list[int] = []
        self._by_prefix: dict[str, list[int]] = {}
        self._by_person: dict[str, list[int]] = {}

    def add(self, record: MergedMeeting) -> int:
        """Keep a new record; return its number."""
        n = len(self.merged)
        self.merged.append(record)
        day = record.date or ""
        for length in self._lengths:
            if len(day) >= length:
                self._by_prefix.setdefault(day[:length], []).append(n)
        return n

    def joined(self, n: int, people: Iterable[str]) -> None:
        """List record n under the people a report brought to it."""
        for person in people:
            listed = self._by_person.setdefault(person, [])
            if n not in listed:
                insort(listed, n)

    def _index(self, length: int) -> None:
        """List every record so far under its date's prefix of this length, then each new one."""
        self._lengths.append(length)
        for n, record in enumerate(self.merged):
            if record.date is not None and len(record.date) >= length:
                self._by_prefix.setdefault(record.date[:length], []).append(n)

    def candidates(self, meeting: Meeting) -> Iterable[int]:
        """List, in order of making, the numbers of every record the report could join (and maybe a few more).

        An undated report joins only a record with its people (`tied`):
        those are listed.
        """
        if meeting.date is not None:
            if len(meeting.date) not in self._lengths:
                self._index(len(meeting.date))
            return self._by_prefix.get(meeting.date, [])
        lists = [self._by_person.get(p, []) for p in dict.fromkeys(meeting.participants)]
        return _distinct(merge(*lists))


def _distinct(ordered: Iterable[int]) -> Iterator[int]:
    """Drop repeats from an ascending sequence."""
    last = None
    for n in ordered:
        if n != last:
            yield n
        last = n
