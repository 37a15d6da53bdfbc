"""Read publication dates from date lines, datelines and metadata strings.

Only absolute dates live here; expressions anchored to a publication date
("last Thursday") belong to the time stage, which runs after ingest.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from dyad.data import load_yaml

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
    # 27/10/2020, 10/27/2020, 27-10-2020: which figure is the day is told by the one past 12
    re.compile(r"(?P<first>\d{1,2})(?P<sep>[/-])(?P<second>\d{1,2})(?P=sep)(?P<year>\d{4})", re.I),
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


# A stamp signed by whoever posted it, after the date: "… 4:05PM by PIB Delhi".
_SIGNED = re.compile(r"\s+by\s+(?:the\s+)?[A-Z][\w.&' -]{1,40}$")


def parse_date(text: str) -> tuple[str, str] | None:
    """Return (ISO value, precision) when the whole string is one date, else None.

    A month and day without a year come back as `--MM-DD` with precision
    `monthday`, so that the year can be inferred later instead of guessed now.
    """
    text = _LINE_PREFIX.sub("", text.strip()).strip(" .,;()")
    for shape in _SHAPES:
        match = shape.fullmatch(text)
        if match:
            return date_from_parts(match.groupdict())
    return None


@dataclass(frozen=True)
class DateLine:
    """What one date stamp says: its date, precision, and whether it is a revision date."""

    value: str
    precision: str
    updated: bool = False


def phrases(entries: list[str]) -> str:
    """Join phrases of a data file into one regex alternation, longest first, any spacing between words."""
    return "|".join(re.escape(e).replace(r"\ ", r"\s+") for e in sorted(entries, key=len, reverse=True))


@cache
def _line_patterns() -> dict[str, re.Pattern[str]]:
    """Compile the labels, times and zones of date_lines.yaml into the patterns a stamp is read with."""
    data = load_yaml("date_lines.yaml")
    zones = phrases(data["time_zones"])
    units = phrases(list(data["relative"]))
    return {
        # a label in front of a date, possibly bracketed: "Published:", "[Date]", "Updated on"
        "published": re.compile(rf"^[\[(]?\s*(?:{phrases(data['published'])})\s*[\])]?\s*:?\s*", re.I),
        "updated": re.compile(rf"^[\[(]?\s*(?:{phrases(data['updated'])})\s*[\])]?\s*:?\s*", re.I),
        # a time of day with its zone: "15:37 IST", "10.14 a.m. ET", "21:00"
        "time": re.compile(
            rf"(?:\bat\s+)?\b\d{{1,2}}(?::\d{{2}}(?::\d{{2}})?(?![.\d])|\.\d{{2}}(?=\s*[ap]\.?\s?m\b))"
            rf"\s*(?:[ap]\.?\s?m\.?)?(?:\s*\(?(?:{zones})\b\)?|\s*[+-]\d\d:?\d\d\b)?"
            rf"|\b\d{{1,2}}\s*[ap]\.?m\.?(?:\s*(?:{zones})\b)?",
            re.I,
        ),
        "relative": re.compile(rf"^(?P<n>\d{{1,3}}|an?|one)\s+(?P<unit>{units})\s+ago$", re.I),
        # what a date line may carry beside its stamp: a byline, a source, a reading time, an update age
        "aside": re.compile(
            rf"(?:by|source|from)\s*:?\s+[^\d|]{{2,40}}|\d{{1,2}}\s+min(?:ute)?s?\s+read"
            rf"|(?:{phrases(data['updated'])})\s*:?\s*(?:\d{{1,3}}|an?)\s+\w+\s+ago",
            re.I,
        ),
    }


def parse_date_line(text: str, saved: str | None = None) -> DateLine | None:
    """Read a head line that is only a date stamp, with labels, time of day and zone around it.

    `Published: X | Updated: Y` gives X; a line with only an updated date gives
    it marked `updated`. "3 hours ago" is read against `saved`, the day the page
    was saved, and is None without it.
    """
    stamps = date_stamps(text, saved)
    return next((s for s in stamps if not s.updated), stamps[0]) if stamps else None


def date_stamps(text: str, saved: str | None = None) -> list[DateLine]:
    """Return every stamp of a date line (`Published: X | Updated: Y` gives two), or [] for other lines."""
    if len(text) > 120 or not _could_be_stamp(text):
        return []
    patterns = _line_patterns()
    parts = [part for part in _PARTS.split(text) if part.strip()]
    found: list[DateLine] = []
    for part in parts:
        stamp = _stamp(part, saved)
        if stamp is not None:
            found.append(stamp)
        elif patterns["aside"].fullmatch(part.strip()) or not _bare(part, patterns):
            continue  # "27.10.2020 | 14:05", "| Updated 3 years ago", "| By Jane Roe", "| 3 min read"
        else:
            return []
    return found


# Parts of a date line: "X | Y", "X • Y", and Reuters' "X / 2:05 PM / Y"
_PARTS = re.compile(r"\s+[|•·/]\s+|\s*\|\s*")


def _bare(part: str, patterns: dict[str, re.Pattern[str]]) -> bool:
    """Tell whether anything but labels and a time of day is left of a part: what makes a line no stamp."""
    rest = patterns["time"].sub("", patterns["updated"].sub("", patterns["published"].sub("", part.strip())))
    return bool(rest.strip(" .,;:–—-()"))


def _could_be_stamp(text: str) -> bool:
    """Reject most lines at once: every stamp has a digit, or says "ago" ("an hour ago")."""
    return any(c.isdigit() for c in text) or "ago" in text.casefold()


def _stamp(part: str, saved: str | None) -> DateLine | None:
    """Read one labelled part of a date line."""
    patterns = _line_patterns()
    part = part.strip()
    updated = bool(patterns["updated"].match(part))
    part = patterns["updated" if updated else "published"].sub("", part, count=1)
    # "30 June 202121:00": a time glued to the year by a lost space
    part = re.sub(r"(?<=\b\d{4})(?=\d{1,2}:\d{2}\b)", " ", part)
    relative = patterns["relative"].match(part.strip(" .,;"))
    if relative:
        return _relative(relative, saved, updated)
    part = patterns["time"].sub(" ", part)
    part = _SIGNED.sub("", part)  # "27 OCT 2020 4:05PM by PIB Delhi": the office that posted it
    part = re.sub(r"\s*[–—,/]\s*$|^\s*[–—,/]\s*", "", re.sub(r"\s+[–—-]\s+", " ", part)).strip()
    found = parse_date(part)
    if not found or found[1] not in {"day", "month", "monthday"}:
        return None
    return DateLine(found[0], found[1], updated)


def _relative(match: re.Match[str], saved: str | None, updated: bool) -> DateLine | None:
    """Resolve "N units ago" against the saving date; minutes and hours are the same day."""
    if not saved or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", saved):
        return None
    n = match.group("n").lower()
    count = 1 if n in {"a", "an", "one"} else int(n)
    days = load_yaml("date_lines.yaml")["relative"][match.group("unit").lower()] * count
    return DateLine((date.fromisoformat(saved) - timedelta(days=days)).isoformat(), "day", updated)


def date_from_parts(parts: dict[str, str | None]) -> tuple[str, str] | None:
    """Build an ISO value from the named parts of a match, checking it is a real date."""
    year = int(str(parts["year"])) if parts.get("year") else None
    if parts.get("first"):  # day and month in figures, in an order only a figure past 12 tells
        first, second = int(str(parts["first"])), int(str(parts["second"]))
        if (first > 12) == (second > 12):
            return None  # 05/06/2020: day-first and month-first pages both write it
        parts = {**parts, "day": str(max(first, second)), "mnum": str(min(first, second))}
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
