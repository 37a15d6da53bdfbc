"""Merge the meetings that several documents report into one record each.

Two reports are one meeting when their places agree (or one names none) and
their dates agree: equal, or one a coarser form of the other ("2018" and
"2018-07-31"). Reports with neither a date nor a place are too vague to
merge and stay on their own. The most precise date and place win.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dyad.model import Meeting


@dataclass
class MergedMeeting:
    date: str | None
    place: str | None
    format: str | None
    participants: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)


def _dates_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.startswith(b) or b.startswith(a)


def _places_agree(a: str | None, b: str | None) -> bool:
    return a is None or b is None or a.casefold() == b.casefold()


def merge_meetings(found: Iterable[tuple[Meeting, str]]) -> list[MergedMeeting]:
    """Merge (meeting, document id) pairs into one record per meeting, most precise first."""
    ordered = sorted(found, key=lambda pair: (-len(pair[0].date or ""), pair[0].place is None))
    merged: list[MergedMeeting] = []
    for meeting, doc_id in ordered:
        vague = meeting.date is None and meeting.place is None
        home = None if vague else next(
            (m for m in merged if _dates_agree(m.date, meeting.date) and _places_agree(m.place, meeting.place)
             and (m.format is None or meeting.format is None or m.format == meeting.format
                  or meeting.format == "bilateral")),
            None,
        )
        if home is None:
            home = MergedMeeting(meeting.date, meeting.place, meeting.format)
            merged.append(home)
        home.place = home.place or meeting.place
        home.format = home.format or meeting.format
        home.participants = list(dict.fromkeys([*home.participants, *meeting.participants]))
        if doc_id not in home.documents:
            home.documents.append(doc_id)
    return merged
