"""Read publication dates from date lines, datelines and metadata strings.

Only absolute dates live here; expressions anchored to a publication date
("last Thursday") belong to the time stage, which runs after ingest.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?:(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{2,4})?)?"

# Whole-string shapes, tried in order; each names the parts it gives.
_SHAPES = [
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})-(?P<day>\d{1,2})(?:[T ][\d:.+\-Z]*)?", re.I),
    re.compile(r"(?P<year>\d{4})/(?P<mnum>\d{1,2})/(?P<day>\d{1,2})", re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})" + _TIME, re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\.?\s+" + _MONTH + r",?\s+(?P<year>\d{4})" + _TIME, re.I),
    re.compile(r"(?P<day>\d{1,2})\.(?P<mnum>\d{1,2})\.(?P<year>\d{4})", re.I),
    re.compile(_MONTH + r",?\s+(?P<year>\d{4})", re.I),
    re.compile(r"(?P<year>\d{4})-(?P<mnum>\d{1,2})", re.I),
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?", re.I),
    re.compile(_WEEKDAY + r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH, re.I),
    re.compile(r"(?P<year>(?:19|20)\d{2})", re.I),
]
_LINE_PREFIX = re.compile(
    r"^(?:(?:published|posted|updated|issued|date|dated|last updated|first published)"
    r"(?:\s+on)?\s*:?\s*)?",
    re.I,
)


def parse_date(text: str) -> tuple[str, str] | None:
    """Return (ISO value, precision) when the whole string is one date, else None.

    A month and day without a year come back as `--MM-DD` with precision
    `monthday`, so that the year can be inferred later instead of guessed now.
    """
    text = _LINE_PREFIX.sub("", text.strip()).strip(" .,;()")
    for shape in _SHAPES:
        match = shape.fullmatch(text)
        if match:
            return _from_parts(match.groupdict())
    return None


def _from_parts(parts: dict[str, str | None]) -> tuple[str, str] | None:
    """Build an ISO value from the named parts of a match, checking it is a real date."""
    year = int(str(parts["year"])) if parts.get("year") else None
    if parts.get("month"):
        month = _MONTHS[str(parts["month"]).lower().rstrip(".")]
    elif parts.get("mnum"):
        month = int(str(parts["mnum"]))
    else:
        month = None
    day = int(str(parts["day"])) if parts.get("day") else None
    if year is not None and not 1800 <= year <= 2200:
        return None
    try:
        if year and month and day:
            return date(year, month, day).isoformat(), "day"
        if year and month:
            return date(year, month, 1).isoformat()[:7], "month"
        if month and day:
            date(2000, month, day)  # a leap year, so 29 February is accepted
            return f"--{month:02d}-{day:02d}", "monthday"
        if year:
            return f"{year:04d}", "year"
    except ValueError:
        return None
    return None


def parse_metadata_date(value: str) -> tuple[str, str] | None:
    """Read a date given as metadata (HTML, JSONL), trying our shapes then dateparser."""
    found = parse_date(value)
    if found:
        return found
    import dateparser  # imported here: slow to import and rarely needed

    data = dateparser.date.DateDataParser(languages=["en"]).get_date_data(value)
    if data is None or data.date_obj is None:
        return None
    period = data.period or "day"
    iso = data.date_obj.date().isoformat()
    if period == "month":
        return iso[:7], "month"
    if period == "year":
        return iso[:4], "year"
    return iso, "day"
