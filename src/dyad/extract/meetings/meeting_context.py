"""What the rest of a report says of the meetings its trigger sentences report.

A meeting's own sentences are not all a report tells of it: a later
meeting dated by its sentence to another time is an earlier round
recalled (`recalled`); a photo caption placing the ministers in the
meeting's city dates it to the day (`day_of_scene`); a speech's byline
names one who was there (`speaker_attends`). Each reads the parse and the
meetings `dyad.extract.meetings.meetings` built, and changes only those.
"""

from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from dyad.actors import ActorDictionary
from dyad.extract.meetings.meeting_groups import Sighting, near, soft
from dyad.extract.meetings.meeting_titles import people_named
from dyad.extract.time.timex import TimeExpr
from dyad.model import Meeting, Mention


def recalled(group: list[Sighting], meeting: Meeting, lead: Meeting, on: date | None) -> bool:
    """Tell whether a meeting after the report's first one is an earlier round recalled as background.

    Its sentences date it themselves, and not to the report's days: a month
    or a year ("the third round, held in April 2023 in Washington"; "at
    their summit in Brussels earlier this month"), or a day far from the
    report's day, or, in an undated report, a day before its first
    meeting's. Such a meeting is kept (status "background") but is not
    news of this report: it is neither counted as held here nor merged
    into the report's own meeting.
    """
    own = [s.date for s in group if s.date is not None and not soft(s.date) and s.date.value]
    if not own or meeting.date is None:
        return False
    if len(meeting.date) < 10:
        return True
    if on is not None:
        return not near(meeting.date, on)
    return lead.date is not None and len(lead.date) >= 10 and meeting.date[:10] < lead.date[:10]


def day_of_scene(doc: Doc, meeting: Meeting, times: list[TimeExpr], mentions: list[Mention],
                  dictionary: ActorDictionary) -> None:
    """Date a meeting its sentences leave undated, or date to a month only, by a scene of it.

    A photo caption or a sentence of its own may place people of two
    countries or more in the meeting's city on a day of the meeting's
    month ("the three foreign ministers sit in a hotel in Kinshasa on
    April 4, 2021"): that is the meeting, on that day, and they are at it.
    """
    for expr in times:
        value = expr.value or ""
        if len(value) != 10 or value.startswith("-") or not value.startswith(meeting.date or ""):
            continue
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None:
            continue
        sent = span.sent
        if meeting.place not in sent.text:  # type: ignore[operator]  # placed: checked by the caller
            continue
        people = list(dict.fromkeys(m.actor for m in mentions if m.kind == "person" and m.actor
                                    and sent.start_char <= m.start < sent.end_char))
        countries = {a.country for a in (dictionary.by_id(p) for p in people) if a is not None and a.country}
        if len(countries) < 2:
            continue
        meeting.date = value
        meeting.participants = list(dict.fromkeys([*meeting.participants, *people]))
        return


_FIRST_PERSON = frozenset({"we", "us", "our", "i", "me", "my"})


def speaker_attends(doc: Doc, meeting: Meeting, byline: str, dictionary: ActorDictionary) -> None:
    """Add the officeholder who signs a report in the first person ("we meet") to its first meeting.

    A speech or statement ("Prime Minister Theresa May": "for these talks
    ... we are gathered here") is given by one who took part; a reporter's
    byline names nobody the dictionary holds in office.
    """
    people = [p for p in people_named(byline, dictionary) if (a := dictionary.by_id(p)) is not None and a.roles]
    if len(people) != 1 or people[0] in meeting.participants:
        return
    if any(t.lower_ in _FIRST_PERSON for t in doc):
        meeting.participants.append(people[0])
