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
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from dyad.extract.timex_calendar import infer_year
from dyad.extract.timex_resolve import RESOLVERS, Context, Resolution
from dyad.extract.timex_rules import RULES, WEEKDAY_HINT, WORDS

__all__ = ["TimeExpr", "find_time_expressions", "infer_year", "weekday_hints"]

# How far into a document weekday hints are looked for: the dateline and the
# first paragraphs, where "said Saturday" tells the day of the report.
HINT_REACH = 1500


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
        overlapping text, the longer match wins.
    """
    context = Context(text, anchor)
    candidates = []
    for order, (name, pattern) in enumerate(RULES.items()):
        resolve = RESOLVERS[name]
        for match in pattern.finditer(text):
            candidates.append((match.start(), -match.end(), order, match, resolve))
    candidates.sort(key=lambda c: c[:3])
    found: list[TimeExpr] = []
    for start, _, _, match, resolve in candidates:
        if found and start < found[-1].end:
            continue
        expr = _build(match, resolve, context)
        if expr is not None:
            found.append(expr)
    return found


def _build(match: re.Match[str], resolve: Callable[[re.Match[str], Context], Resolution | None],
           context: Context) -> TimeExpr | None:
    """Resolve one match and wrap it with its offsets, or None if the rule rejects it."""
    resolution = resolve(match, context)
    if resolution is None:
        return None
    prep = match.groupdict().get("prep")
    modifier = " ".join(prep.lower().split()) if prep else None
    return TimeExpr(
        start=match.start(),
        end=match.end(),
        text=match.group(0),
        value=resolution.value,
        first=resolution.first,
        last=resolution.last,
        precision=resolution.precision,
        anchored=resolution.anchored,
        modifier=modifier if modifier in WORDS.modifiers else None,
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
