"""Gather the sightings of a report's meetings into one group per meeting.

A sighting is one trigger sentence and what it says of its meeting. A
sighting with its own date joins the meeting of that date; one without goes
on about the meeting last reported, unless it names only other people; a
date taken from the report's own day is soft, overruled by a sentence's
"yesterday". Groups keep the order of first report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Span

from dyad.extract.time.timex import TimeExpr

# A date the sentence gives beats the report's own day up to this many days
# apart: reports dated the morning after say "yesterday" once and then "the meeting".
_SOFT_DAYS = 2


@dataclass
class Sighting:
    """One trigger and what its sentence says about the meeting."""

    sentence: Span
    trigger: str
    date: TimeExpr | None
    place: str | None
    place_is_state: bool
    format: str | None
    remote: bool = False
    country: str | None = None  # the alpha-3 code of the place's country, when known
    people: frozenset[str] = frozenset()  # the people its sentence names
    planned: bool = False  # announced or previewed, not reported as held
    yearless: str | None = None  # "--10-08": the day the sentence gives without a year
    weekday: int | None = None  # the weekday the sentence names
    verb: bool = False  # told by a verb ("X met Y"), whose subject and object are its parties
    before: bool = False  # told as some time before the report, day unknown ("recently met")
    definite: bool = False  # a noun that points back at a meeting told ("the talks", "their meeting")


def group_sightings(sightings: list[Sighting], on: date | None) -> list[list[Sighting]]:
    """Gather the sightings of one meeting together, in order of first report.

    A sighting with neither date nor place of its own ("the talks") goes on
    about the meeting reported before it, or failing that the next one.
    """
    groups: list[list[Sighting]] = []
    waiting: list[Sighting] = []
    for sighting in sightings:
        if not groups and sighting.date is None and sighting.place is None:
            if not (waiting and _another(waiting, sighting)):
                waiting.append(sighting)
                continue
            groups.append(dated_today(waiting, on))  # "X negotiates with Y" after "A met B": another meeting
            waiting = []
        home = _home(groups, sighting, on)
        if home is None:
            if waiting and recent(sighting, on) and not _strangers(waiting, sighting):
                groups.append([*waiting, sighting])
            else:  # an earlier round recalled: the bare sightings before it report the current meeting
                if waiting:
                    groups.append(dated_today(waiting, on))
                groups.append([sighting])
            waiting = []
        else:
            home.append(sighting)
    if waiting:
        groups.append(dated_today(waiting, on))
    return groups


def recent(sighting: Sighting, on: date | None) -> bool:
    """Tell whether a sighting's meeting falls around the report's day (or either is unknown).

    A month or year is not near enough: "earlier this month" recalls another meeting.
    """
    if sighting.date is None or on is None or not sighting.date.value:
        return True
    return len(sighting.date.value) >= 10 and near(sighting.date.value, on)


def dated_today(sightings: list[Sighting], on: date | None) -> list[Sighting]:
    """Date bare sightings by the report's day and return them as one group."""
    for sighting in sightings:
        sighting.date = report_day(on)
    return sightings


def near(value: str, on: date) -> bool:
    """Tell whether an ISO date (of any precision) falls within two days of a day."""
    if len(value) < 10:
        return on.isoformat().startswith(value)
    try:
        return abs((date.fromisoformat(value[:10]) - on).days) <= 2
    except ValueError:
        return False


def _home(groups: list[list[Sighting]], sighting: Sighting, on: date | None) -> list[Sighting] | None:
    """Find the meeting a sighting belongs to.

    A sighting with a date of its own joins the meeting of that date. One
    without a date goes on about the meeting last reported; with none before
    it, it reports the document's own day, as news does unless it says
    otherwise ("last year"), but a verb that names only other people ("while
    Kerry negotiates with Russia" after "Obama met Putin") tells another
    meeting of that day; a noun ("after the meeting, Merkel said") may name
    only its speaker. A dated sighting does not join a meeting whose
    day is unknown (an undated report) unless both name one place: "the
    previous round, held in 2023" is another meeting. Nor does a sighting
    dated only by the report's day, naming people, go back past the meeting
    last reported to one that names none of them: "X and Y began
    negotiations with China", told after other meetings, is not the
    session some paragraphs up; "after the session, X said" (a noun that
    points back) may be.
    """
    bare = False
    if sighting.date is None:
        if groups and _same_meeting(groups[-1][0], sighting) and not _strangers(groups[-1], sighting) \
                and not _another(groups[-1], sighting):
            return groups[-1]
        sighting.date = report_day(on)
        if sighting.date is None:
            return None
        bare = True
    return next((g for g in groups if _same_meeting(_dated(g, on), sighting)
                 and (_dated(g, on).date is not None or _same_place(g, sighting))
                 and not _another(g, sighting) and not (bare and not sighting.definite and g is not groups[-1] and _unnamed(g, sighting))),
                None)


def _unnamed(group: list[Sighting], sighting: Sighting) -> bool:
    """Tell whether a sighting names people and the meeting's sightings name none of them."""
    return bool(sighting.people) and frozenset().union(*(s.people for s in group)).isdisjoint(sighting.people)


def _another(group: list[Sighting], sighting: Sighting) -> bool:
    """Tell whether a sighting told by a verb names someone the meeting's sightings do not: another meeting.

    "McConnell met with her" after "her meeting with Obama", "Lavrov also
    met Erdogan" after "Lavrov and Cavusoglu held talks": a verb tells its
    own parties, and a new one among them makes it another meeting; a noun
    may name one more speaker of the same meeting ("after the meeting, X said").
    """
    known = frozenset().union(*(s.people for s in group))
    return sighting.verb and bool(known) and not sighting.people <= known


def _strangers(group: list[Sighting], sighting: Sighting) -> bool:
    """Tell whether a sighting names people and the meeting's sightings name others, none of them."""
    known = frozenset().union(*(s.people for s in group))
    return bool(sighting.people) and bool(known) and known.isdisjoint(sighting.people)


def _same_place(group: list[Sighting], sighting: Sighting) -> bool:
    return sighting.place is not None and any(s.place == sighting.place for s in group)


def _dated(group: list[Sighting], on: date | None) -> Sighting:
    """Return the group's first sighting with a date, or its first one dated by the document."""
    first = next((s for s in group if s.date), group[0])
    if first.date is None:
        first.date = report_day(on)
    return first


def report_day(on: date | None) -> TimeExpr | None:
    if on is None:
        return None
    return TimeExpr(0, 0, "", on.isoformat(), on, on, "day", True)


def _same_meeting(first: Sighting, other: Sighting) -> bool:
    """Tell whether a later sighting reports the same meeting as an earlier one.

    A date taken from the report's own day (the sentence gave none) is
    soft: a sighting dated the day before by its sentence ("yesterday")
    still reports the same meeting.
    """
    if first.date and other.date and first.date.value != other.date.value:
        if not (first.date.first and other.date.first and _overlap(first.date, other.date)):
            if not ((soft(first.date) or soft(other.date)) and _days_apart(first.date, other.date) <= _SOFT_DAYS):
                return False
    if first.format and other.format and first.format != other.format:
        return False
    return not (first.place and other.place and not first.place_is_state and not other.place_is_state
                and first.place != other.place)


def soft(when: TimeExpr) -> bool:
    """Tell whether a date is the report's own day, given for want of one in the sentence (see `_day`)."""
    return not when.text and when.start == when.end == 0


def _days_apart(a: TimeExpr, b: TimeExpr) -> int:
    if not (a.first and a.last and b.first and b.last):
        return 1 << 20
    return max((b.first - a.last).days, (a.first - b.last).days, 0)


def _overlap(a: TimeExpr, b: TimeExpr) -> bool:
    assert a.first and a.last and b.first and b.last
    return a.first <= b.last and b.first <= a.last
