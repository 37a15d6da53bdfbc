"""Give a year to a meeting dated only by month and day, when who took part allows one year only.

An undated report that says "on Friday (Oct 8)" or "On April 13th" leaves
the year open. The people at the meeting narrow it: each must have held an
office of the dictionary on that day, and the day must fall on the weekday
the sentence names. When several years are left, the years the report
names anywhere ("the FY 2024 appropriations") keep those it names: a
report names its own year far more often than another the people could
have met in. When exactly one year is left, it is the meeting's;
otherwise the date stays open (never "--10-08").
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from spacy.tokens import Span

from dyad.actors import ActorDictionary

_WEEKDAYS = {name.lower(): n for n, name in enumerate(calendar.day_name)}
_FIRST_YEAR = 1945  # the dictionary's offices start after the war
_YEAR = re.compile(r"(?<![\d.,$€£])(?:19[4-9]\d|20\d\d)(?![\d%]|[.,]\d)")


def years_named(text: str) -> frozenset[int]:
    """Return the years a text writes out as numbers ("in 2024", "FY 2024"), not amounts ("2,024", "2024.5")."""
    return frozenset(int(m.group()) for m in _YEAR.finditer(text))


def weekday_named(sent: Span) -> int | None:
    """Return the weekday a sentence names (Monday is 0), if it names exactly one."""
    found = {_WEEKDAYS[t.lower_] for t in sent if t.lower_ in _WEEKDAYS}
    return found.pop() if len(found) == 1 else None


def infer_year(monthday: str, weekday: int | None, participants: list[str], dictionary: ActorDictionary,
               today: date | None = None, named: frozenset[int] = frozenset()) -> str | None:
    """Return the full date of a "--MM-DD" day that only one year fits, or None.

    Args:
        monthday: the day without its year, as "--10-08".
        weekday: the weekday the sentence names, or None.
        participants: actor ids of the meeting's people.
        dictionary: the actor dictionary, whose offices have dates.
        today: the last day a meeting can have been held (default: today).
        named: the years the report names (`years_named`), which choose among several that fit.
    """
    try:
        month, day = int(monthday[2:4]), int(monthday[5:7])
    except ValueError:
        return None
    people = [a for a in (dictionary.by_id(p) for p in participants) if a is not None and a.roles]
    if not people:
        return None  # nobody to narrow the years with
    last = (today or date.today()).year
    fits = []
    for year in range(_FIRST_YEAR, last + 1):
        try:
            when = date(year, month, day)
        except ValueError:
            continue  # 29 February
        if weekday is not None and when.weekday() != weekday:
            continue
        if all(person.roles_on(when) for person in people):
            fits.append(when)
    if len(fits) > 1:
        fits = [when for when in fits if when.year in named] or fits
    return fits[0].isoformat() if len(fits) == 1 else None
