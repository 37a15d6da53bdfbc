"""Find date expressions in a text and resolve them against its publication date.

This is the time stage of extraction: a pure function of one text and one
anchor date, with no spaCy, so it runs on every document at regex speed.

Rules, in brief (the data file `time_words.yaml` holds the words):

- **News looks back.** A month or day without a year ("In December",
  "On July 31") and a bare weekday ("on Friday", "said Saturday") mean the
  latest one on or before the publication date, a weekday at most six days
  back. A future cue earlier in the same sentence, after its last reporting
  verb ("will meet on Friday", "the upcoming summit in late June"), makes it
  the first one on or after instead.
- **Relative words are strict.** "last November" is the latest November
  before the anchor's month, "next Tuesday" the first Tuesday after the
  anchor, "this October" October of the anchor's year, "this Monday" the
  Monday of the anchor's ISO week.
- **Value and precision name the unit the text names**: "in late June" has
  value `2019-06` and precision `month`, while `first`/`last` narrow to days
  21-30; "early next year" has value `2020`, months January to April. "The end
  of X" is the last day of X at day precision, because in news it is a
  deadline ("by the end of this year" -> `2018-12-31`). Two months joined by
  "or"/"and"/"to", halves and year spans are ranges: `first/last`.
- **Standing alone is suspect.** A month name without a day or year counts
  only after a preposition ("In December") or a relative word; a four-digit
  year only after in/since/by/until/of/... or a month; month and weekday names
  must be capitalised. So "may be challenged", "a protest march", "1830 UTC",
  "12 years" and "a 1956 Soviet proposal" give nothing.
- **No anchor, no guess.** With `anchor=None` absolute expressions resolve as
  usual; relative ones are still returned, with value, first and last None,
  except a yearless day, whose value is `--MM-DD` (precision `monthday`), so
  that its year can be inferred later (see `infer_year`).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dyad.extract.time.timex_calendar import infer_year
from dyad.extract.time.timex_resolve import RESOLVERS, Context
from dyad.extract.time.timex_rules import (
    BEFORE,
    LEFT_GUARDS,
    LITERALS,
    RULES,
    TAKES_THE,
    TAKES_WEEKDAY,
    WEEKDAY_HINT,
    WORDS,
)

__all__ = ["TimeExpr", "find_time_expressions", "infer_year", "weekday_hints"]

# How far into a document weekday hints are looked for: the dateline and the
# first paragraphs, where "said Saturday" tells the day of the report.
HINT_REACH = 1500

# How far behind a match a preposition, "the" or weekday is looked for.
BEFORE_REACH = 40
SPAN_WORDS = frozenset({"between", "from"})


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """One date expression: where it is, what it says, and the days it denotes.

    `value` is ISO 8601 at the expression's precision (`2019-05-30`,
    `2013-W44`, `2018-11`, `2019-Q3`, `2019-SU`, `2018`), or `first/last` for a
    range. `first` and `last` are the inclusive days it covers. `anchored` is
    True when the publication date was needed to resolve it. `modifier` keeps
    a preposition that changes its meaning ("by", "since", "until", ...).
    """

    start: int
    end: int
    text: str
    value: str | None
    first: date | None
    last: date | None
    precision: str
    anchored: bool
    modifier: str | None = None


def find_time_expressions(text: str, anchor: date | None) -> list[TimeExpr]:
    """Find every date expression in `text`, resolved against `anchor`.

    Args:
        text: the document's clean text; offsets point into it.
        anchor: the publication date, or None when it is unknown.

    Returns:
        Non-overlapping expressions in text order; where two rules match
        overlapping text, the one that starts first wins, then the longer.
    """
    context = Context(text, anchor)
    candidates = []
    for order, (name, pattern) in enumerate(RULES.items()):
        if name in LITERALS and not any(literal in text for literal in LITERALS[name]):
            continue
        for match in pattern.finditer(text):
            if not _guarded(text, match.start(), name):
                start, prep = _extend(text, match.start(), name)
                candidates.append((start, -match.end(), order, name, prep, match))
    candidates.sort(key=lambda c: c[:3])
    found: list[TimeExpr] = []
    for start, _, _, name, prep, match in candidates:
        if found and start < found[-1].end:
            if match.start() < found[-1].end:
                continue
            start, prep = match.start(), None
        expr = _build(text, start, name, prep, match, context)
        if expr is not None:
            found.append(expr)
    return found


def starting_in(times: Sequence[TimeExpr], start: int, end: int) -> Sequence[TimeExpr]:
    """Return the expressions of a document's list (as found: in text order) that start in [start, end).

    Extractors ask once per sentence or promise: scanning the whole list each
    time made a long document's analysis quadratic (a 240 KB text with 4,000
    dates spent 13 of its 48 s in such scans).
    """
    first = bisect_left(times, start, key=_start)
    return times[first:bisect_left(times, end, lo=first, key=_start)]


def overlapping(times: Sequence[TimeExpr], start: int, end: int) -> Sequence[TimeExpr]:
    """Return the expressions of a document's list that overlap [start, end); they do not overlap each other."""
    first = bisect_right(times, start, key=_end)
    return times[first:bisect_left(times, end, lo=first, key=_start)]


def _start(expr: TimeExpr) -> int:
    return expr.start


def _end(expr: TimeExpr) -> int:
    return expr.end


def _guarded(text: str, start: int, name: str) -> bool:
    """Tell whether the character before a match rules it out ("2+2019", "x2019")."""
    if start == 0 or name not in LEFT_GUARDS:
        return False
    before = text[start - 1]
    return before.isalnum() or before == "_" or before in LEFT_GUARDS[name]


def _extend(text: str, start: int, name: str) -> tuple[int, str | None]:
    """Take in the preposition, "the" or weekday before a match, when the rule allows."""
    before = BEFORE.match(text[max(0, start - BEFORE_REACH):start][::-1])
    if before is None or before.end() == 0:
        return start, None
    if (before["weekday"] and name not in TAKES_WEEKDAY) or (before["the"] and name not in TAKES_THE):
        return start, None
    if before["prep"] is None:
        return start - before.end(), None
    prep = " ".join(before["prep"][::-1].lower().split())
    if prep in _allowed(name):
        return start - before.end(), prep
    inner = "the" if before["the"] else "weekday" if before["weekday"] else None
    return (start - before.end(inner), None) if inner else (start, None)


def _allowed(name: str) -> frozenset[str]:
    """Return the prepositions a rule accepts before its match."""
    if name == "bare_month":
        return WORDS.month_triggers
    if name == "year":
        return WORDS.year_triggers
    if name == "year_span":
        return SPAN_WORDS
    return WORDS.prepositions


def _build(text: str, start: int, name: str, prep: str | None, match: re.Match[str],
           context: Context) -> TimeExpr | None:
    """Resolve one match and wrap it with its offsets, or None if the rule rejects it."""
    resolution = RESOLVERS[name](match, context, prep)
    if resolution is None:
        return None
    return TimeExpr(
        start=start,
        end=match.end(),
        text=text[start:match.end()],
        value=resolution.value,
        first=resolution.first,
        last=resolution.last,
        precision=resolution.precision,
        anchored=resolution.anchored,
        modifier=prep if prep in WORDS.modifiers else None,
    )


def weekday_hints(text: str, reach: int = HINT_REACH) -> list[int]:
    """Return the weekdays (Monday = 0) that the opening of a text gives for its own day.

    A report says "Shoigu said Saturday" or "on Saturday" of the day it is
    filed; weekdays after "last"/"next" or deep in the text are other days.
    Hints come in order of first mention, each once.

    Args:
        text: the document's clean text.
        reach: how many leading characters to read.

    Returns:
        Weekday numbers for `infer_year`.
    """
    hints: list[int] = []
    for match in WEEKDAY_HINT.finditer(text, 0, reach):
        weekday = WORDS.weekdays[match.group("weekday").lower()]
        if weekday not in hints:
            hints.append(weekday)
    return hints
