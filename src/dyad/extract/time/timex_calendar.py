"""Calendar arithmetic of the time stage: spans, shifts and the news rule.

Everything here is a pure function of numbers and dates, so the rules that
choose a year ("In December" in a May article means last December) can be
tested without any text. Spans are inclusive pairs of dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache

Span = tuple[date, date]

# How far a bare weekday may lie from the publication date: news speaks of the
# current week, so "on Friday" is at most six days away.
WEEKDAY_REACH = 6


def last_day(year: int, month: int) -> int:
    """Return the number of days in a month, leap years included."""
    return calendar.monthrange(year, month)[1]


@lru_cache(maxsize=4096)  # story scoring asks it for every pair of documents compared, of a few hundred dates
def iso_span(value: str | None) -> Span | None:
    """Turn an ISO date of any precision (day, ISO week, month, year) into its first and last day; None without a year."""
    if not value or value.startswith("-"):
        return None
    try:
        if "-W" in value:  # an ISO week, "2013-W44", or its weekend, "2013-W44-WE"
            year, week = int(value[:4]), int(value[6:8])
            first = 6 if value.endswith("-WE") else 1
            return date.fromisocalendar(year, week, first), date.fromisocalendar(year, week, 7)
        parts = [int(p) for p in value[:10].split("-")]
        if len(parts) == 3:
            day = date(*parts)
            return day, day
        if len(parts) == 2:
            return month_span(parts[0], parts[1])
        return year_span(parts[0])
    except ValueError:
        return None


def month_span(year: int, month: int) -> Span:
    """Return the first and last day of a month."""
    return date(year, month, 1), date(year, month, last_day(year, month))


def year_span(year: int) -> Span:
    """Return the first and last day of a year."""
    return date(year, 1, 1), date(year, 12, 31)


def week_span(day: date) -> Span:
    """Return the ISO week (Monday to Sunday) that holds a day."""
    monday = day - timedelta(days=day.weekday())
    return monday, monday + timedelta(days=6)


def week_value(day: date) -> str:
    """Name the ISO week of a day the way ISO 8601 writes it: 2013-W44."""
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def weekend_of(anchor: date, direction: int | None, tense: str | None) -> date:
    """Return the Saturday of the weekend meant: "last/next weekend", or "this/the weekend" by tense and nearness.

    "Last" and "next" are the weekends of the weeks before and after the
    anchor's. On a Saturday or Sunday "this/the weekend" is the current one;
    on other days a future cue makes it the coming one and a past cue the last
    one; with neither, "the weekend" is the last (news reports the past) and
    "this weekend" the nearer: on a Monday or Tuesday the one just gone ("the
    president told voters this weekend"), later in the week the coming one.
    """
    saturday = week_span(anchor)[0] + timedelta(days=5)
    if direction is None or direction == 0:
        if anchor >= saturday or tense == "future":
            direction = 0
        elif tense == "past":
            direction = -1
        else:
            direction = -1 if direction is None or anchor.weekday() <= 1 else 0
    return saturday + timedelta(days=7 * direction)


def quarter_span(year: int, quarter: int) -> Span:
    """Return the first and last day of a calendar quarter."""
    first_month = 3 * (quarter - 1) + 1
    return date(year, first_month, 1), month_span(year, first_month + 2)[1]


def season_span(year: int, first_month: int, last_month: int) -> Span:
    """Return a season that starts in `year`; winter ends in the next year."""
    end_year = year + 1 if last_month < first_month else year
    return date(year, first_month, 1), month_span(end_year, last_month)[1]


def shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    """Move a month by `delta` months, across year boundaries."""
    index = year * 12 + (month - 1) + delta
    return index // 12, index % 12 + 1


def month_part(year: int, month: int, lo: int, hi: int) -> Span:
    """Return days lo..hi of a month, cut at its last day ("late February")."""
    end = min(hi, last_day(year, month))
    return date(year, month, lo), date(year, month, end)


def year_part(year: int, lo_month: int, hi_month: int) -> Span:
    """Return months lo..hi of a year ("early next year")."""
    return date(year, lo_month, 1), month_span(year, hi_month)[1]


def span_third(span: Span, third: int) -> Span:
    """Return the first, second or third third of a span (for weeks and quarters)."""
    days = (span[1] - span[0]).days + 1
    cuts = [0, days // 3, 2 * days // 3, days]
    return span[0] + timedelta(days=cuts[third]), span[0] + timedelta(days=cuts[third + 1] - 1)


def news_month_year(month: int, anchor: date, future: bool) -> int:
    """Choose the year of a yearless month: the latest one not after the anchor's month.

    News mostly reports the past, so "In December" in a May 2019 article is
    December 2018; a future cue flips the search to the first one not before.
    """
    if future:
        return anchor.year if month >= anchor.month else anchor.year + 1
    return anchor.year if month <= anchor.month else anchor.year - 1


def relative_month_year(month: int, anchor: date, direction: int) -> int:
    """Choose the year of "last/this/next November": strictly before, same year, or after."""
    if direction < 0:
        return anchor.year if month < anchor.month else anchor.year - 1
    if direction > 0:
        return anchor.year if month > anchor.month else anchor.year + 1
    return anchor.year


# A yearless day with no tense cue is the past one, unless that is more than
# half a year back and the next one comes within FUTURE_DAY_REACH: in September
# "the Nov. 8 election" and "it expires on September 30th" are this year's,
# while "the Feb. 13 death" is February's. (Not so for a bare month: "reached in
# Paris in December" is last December as often as "in November" is the next.)
PAST_DAY_REACH = 183
FUTURE_DAY_REACH = 120


def news_day_year(month: int, day: int, anchor: date, future: bool, untold: bool = False) -> int | None:
    """Choose the year of a yearless day by the news rule; skip years lacking it (29 Feb).

    `untold`: no tense cue either way, so a day far back yields to a near one ahead (see PAST_DAY_REACH).
    """
    if untold and not future:
        back, ahead = news_day_year(month, day, anchor, False), news_day_year(month, day, anchor, True)
        if back is not None and ahead is not None and back != ahead:
            if (anchor - date(back, month, day)).days > PAST_DAY_REACH \
                    and (date(ahead, month, day) - anchor).days <= FUTURE_DAY_REACH:
                return ahead
        return back
    step = 1 if future else -1
    year = anchor.year
    for _ in range(9):
        if day <= last_day(year, month):
            candidate = date(year, month, day)
            if (candidate >= anchor) if future else (candidate <= anchor):
                return year
        year += step
    return None


def news_weekday(weekday: int, anchor: date, future: bool) -> date:
    """Resolve a bare weekday: the latest on or before the anchor, or the first on or after."""
    if future:
        return anchor + timedelta(days=(weekday - anchor.weekday()) % 7)
    return anchor - timedelta(days=(anchor.weekday() - weekday) % 7)


def relative_weekday(weekday: int, anchor: date, direction: int) -> date:
    """Resolve "last/this/next Monday": strictly before, in the anchor's week, strictly after."""
    if direction < 0:
        return anchor - timedelta(days=(anchor.weekday() - weekday - 1) % 7 + 1)
    if direction > 0:
        return anchor + timedelta(days=(weekday - anchor.weekday() - 1) % 7 + 1)
    return week_span(anchor)[0] + timedelta(days=weekday)


def season_start_year(months: tuple[int, int], anchor: date, direction: int | None,
                      future: bool) -> int:
    """Choose which season is meant: by a relative word, or by the news rule when bare."""
    def span(y: int) -> Span:
        return season_span(y, months[0], months[1])

    years = range(anchor.year - 2, anchor.year + 3)
    if direction is None:
        if future:
            return min(y for y in years if span(y)[1] >= anchor)
        return max(y for y in years if span(y)[0] <= anchor)
    if direction < 0:
        return max(y for y in years if span(y)[1] < anchor)
    if direction > 0:
        return min(y for y in years if span(y)[0] > anchor)
    holding = [y for y in years if span(y)[0] <= anchor <= span(y)[1]]
    return holding[0] if holding else anchor.year


def unit_span(unit: str, anchor: date, shift: int) -> tuple[Span, str, str]:
    """Return the span, value and precision of the week/month/quarter/year `shift` units away."""
    if unit == "week":
        day = anchor + timedelta(days=7 * shift)
        return week_span(day), week_value(day), "week"
    if unit == "month":
        year, month = shift_month(anchor.year, anchor.month, shift)
        return month_span(year, month), f"{year:04d}-{month:02d}", "month"
    if unit == "quarter":
        index = anchor.year * 4 + (anchor.month - 1) // 3 + shift
        year, quarter = index // 4, index % 4 + 1
        return quarter_span(year, quarter), f"{year:04d}-Q{quarter}", "quarter"
    year = anchor.year + shift
    return year_span(year), f"{year:04d}", "year"


def infer_year(month: int, day: int, weekday: int | None,
               candidate_years: Iterable[int]) -> list[int]:
    """Return the candidate years in which month/day exists and falls on `weekday`.

    A yearless dateline ("TOKYO, November 2") plus a weekday in the text
    ("said Saturday") narrows the candidates, usually the years in which the
    officeholders the document names served together, to one.

    Args:
        month: 1-12.
        day: 1-31.
        weekday: Monday = 0 ... Sunday = 6, or None to check only that the day exists.
        candidate_years: the years to test.

    Returns:
        The matching years, ascending and without repeats.
    """
    found = set()
    for year in candidate_years:
        if 1 <= month <= 12 and 1 <= day <= last_day(year, month):
            if weekday is None or date(year, month, day).weekday() == weekday:
                found.add(year)
    return sorted(found)
