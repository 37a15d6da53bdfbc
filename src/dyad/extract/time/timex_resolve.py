"""Turn one rule's match into a value, a span of days and a precision.

One resolver per rule in `timex_rules.RULES`, each a short pure function of the
match and a `Context` (the text, for tense cues, and the anchor date). A
resolver returns None to reject a match that only looks like a date.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import NamedTuple

from dyad.extract.time import timex_calendar as cal
from dyad.extract.time.timex_rules import REPORTING, TENSE_CUES, WORDS

# How far back a sentence is searched for a future cue; a longer sentence is
# cut here, which only ever makes a date read as past.
SENTENCE_REACH = 400
_SENTENCE_END = re.compile(r"[.!?]\s|\n")
_CAPITAL_NEXT = re.compile(r"[ \t]+[A-Z][a-z]")
_ARTICLE_BEFORE = re.compile(r"(?<![\w])(?:[Tt]he|[Aa]n?)\s+$")


class Resolution(NamedTuple):
    """What a resolver found: ISO value, inclusive days, precision, anchor use."""

    value: str | None
    first: date | None
    last: date | None
    precision: str
    anchored: bool


@dataclass
class Context:
    """The text and anchor a resolver may consult, with tense cues computed on demand."""

    text: str
    anchor: date | None
    _tense: dict[int, str | None] = field(default_factory=dict)

    def tense(self, start: int) -> str | None:
        """Return the tense the sentence before `start` gives a date: "future", "past" or None (see `_tense_cue`)."""
        if start not in self._tense:
            self._tense[start] = _tense_cue(self.text, start)
        return self._tense[start]

    def future(self, start: int) -> bool:
        """Tell whether the sentence before `start` speaks of the future."""
        return self.tense(start) == "future"


def _tense_cue(text: str, start: int) -> str | None:
    """Return the kind of the last tense cue before `start` in its sentence, "past" when a past verb stands right before."""
    lo = max(0, start - SENTENCE_REACH)
    for match in _SENTENCE_END.finditer(text, lo, start):
        lo = match.end()
    for match in REPORTING.finditer(text, lo, start):
        lo = match.end()
    kind = None
    for match in TENSE_CUES.finditer(text, lo, start):
        kind = match.lastgroup
    if kind != "past" and _past_verb_before(text[max(lo, start - 40):start]):
        return "past"
    return kind


def _past_verb_before(before: str) -> bool:
    """Tell whether a verb in the past stands right before the date: "called Friday", "signed in March".

    A cue earlier in the sentence ("his rival in the upcoming election called
    Friday for ...") speaks of something else. Not a passive or infinitive to
    come ("will be released Friday") nor a future cue itself ("expected Friday").
    """
    words = [w.lower() for w in before.split()[-3:]]
    for at in (-1, -2):  # the word right before the date, or the one before a short word ("signed in")
        if len(words) < -at or (at == -2 and (len(words[-1]) > 6 or not words[-1].isalpha())):
            return False
        verb = words[at]
        if (verb.endswith("ed") or verb in WORDS.irregular_pasts) and verb.isalpha():
            if TENSE_CUES.fullmatch(verb):
                return False
            return len(words) < 1 - at or words[at - 1] not in WORDS.past_verb_blockers
    return False


def _day(day: date, anchored: bool) -> Resolution:
    """Resolve to one day."""
    return Resolution(day.isoformat(), day, day, "day", anchored)


def _month(year: int, month: int, anchored: bool, part: str | None = None) -> Resolution:
    """Resolve to a month, narrowed to early/mid/late days or to its last day."""
    first, last = cal.month_span(year, month)
    if part == "end":
        return _day(last, anchored)
    if part:
        first, last = cal.month_part(year, month, *WORDS.part_ranges[part]["month"])
    return Resolution(f"{year:04d}-{month:02d}", first, last, "month", anchored)


def _range(first: date, last: date, anchored: bool) -> Resolution:
    """Resolve to a range of days written `first/last`."""
    return Resolution(f"{first.isoformat()}/{last.isoformat()}", first, last, "range", anchored)


def _unresolved(precision: str) -> Resolution:
    """Return a relative expression that cannot be resolved without an anchor."""
    return Resolution(None, None, None, precision, True)


def _group(match: re.Match[str], name: str) -> str | None:
    """Return a named group's text, or None when the rule lacks it or it did not take part."""
    return match.groupdict().get(name)


def _month_of(match: re.Match[str], name: str = "month") -> int:
    """Return the number of a captured month name."""
    return WORDS.months[str(match.group(name)).lower().rstrip(".")]


def _rel(match: re.Match[str]) -> int | None:
    """Return the direction of a captured relative word, or None when there is none."""
    word = _group(match, "rel")
    return WORDS.relative[" ".join(word.lower().split())] if word else None


def _year_of(match: re.Match[str], anchor: date | None) -> tuple[int | None, bool]:
    """Return the year a match names (explicitly or as "next year") and whether it is relative."""
    if _group(match, "year"):
        return int(str(match.group("year"))), False
    word = _group(match, "ryrel")
    if word is None and _group(match, "theyear") is None:
        return None, False
    if anchor is None:
        return None, True
    shift = WORDS.relative[" ".join(word.lower().split())] if word else 0
    return anchor.year + shift, True


def _part(match: re.Match[str]) -> str | None:
    """Return the part-of-period name ("early", "mid", "late", "end") a match carries."""
    word = _group(match, "part")
    return WORDS.parts[" ".join(word.lower().split())] if word else None


def iso(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve 2019-05-30."""
    try:
        day = date(int(match["year"]), int(match["mnum"]), int(match["day"]))
    except ValueError:
        return None
    return _day(day, False)


def numeric(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve 27.10.2020 (day first), 2020/10/27, and 27/10/2020 or 10/27/2020 where one field is past 12.

    A slash date whose first two fields could both be the month (05/06/2020)
    is left alone: day-first and month-first outlets both write it.
    """
    one, two, three, dotted = match["n1"], int(match["n2"]), match["n3"], match["sep"] == "."
    if len(one) == 4 and len(three) <= 2 and not dotted:
        year, month, day = int(one), two, int(three)
    elif len(three) == 4 and len(one) <= 2 and three[:2] in ("19", "20"):
        a, year = int(one), int(three)
        if dotted:
            day, month = a, two
        elif (a > 12) == (two > 12):
            return None
        else:
            day, month = (a, two) if a > 12 else (two, a)
    else:
        return None
    if not 1900 <= year <= 2099:
        return None
    try:
        return _day(date(year, month, day), False)
    except ValueError:
        return None


def month_day(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "May 30, 2019", "30 May 2019", "July 31", "November 2 last year"."""
    month, day = _month_of(match), int(match["day"])
    if not 1 <= day <= 31:
        return None
    year, relative = _year_of(match, ctx.anchor)
    if year is None and not relative:
        if ctx.anchor is None:
            return Resolution(f"--{month:02d}-{day:02d}", None, None, "monthday", True)
        year, relative = _news_year(month, day, match.start(), ctx, ctx.anchor, prep), True
    if year is None:
        return _unresolved("day")
    if day > cal.last_day(year, month):
        return None
    return _day(date(year, month, day), relative)


def day_of_month(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "on the 16th": that day of the anchor's month, or of the month before when still to come.

    News reports the past; with a future cue the day is this month's if not
    gone by, else next month's.
    """
    if ctx.anchor is None:
        return _unresolved("day")
    day, anchor = int(match["day"]), ctx.anchor
    if ctx.future(match.start()):
        year, month = (anchor.year, anchor.month) if day >= anchor.day else cal.shift_month(anchor.year, anchor.month, 1)
    else:
        year, month = (anchor.year, anchor.month) if day <= anchor.day else cal.shift_month(anchor.year, anchor.month, -1)
    if day > cal.last_day(year, month):
        return None
    return _day(date(year, month, day), True)


# The longest span of days written as one ("June 30-July 2"): a longer one is
# more likely two dates or a count ("1-40 May" is no span).
MAX_SPAN_DAYS = 31


def day_span(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve two days of one span, "11-12 July", "July 11 to 13, 2023", "June 30-July 2": precision "days"."""
    month = _month_of(match)
    month2 = _month_of(match, "month2") if _group(match, "month2") else month
    first_day, last_day = int(match["day"]), int(match["day2"])
    year, relative = _year_of(match, ctx.anchor)
    if year is None and not relative:
        if ctx.anchor is None:
            return _unresolved("days")
        # "from"/"between" here open the span itself, not a count from a day gone by
        year, relative = _news_year(month, first_day, match.start(), ctx, ctx.anchor, prep, spanning=True), True
    if year is None:
        return _unresolved("days")
    try:
        first = date(year, month, first_day)
        last = date(year + (month2 < month), month2, last_day)
    except ValueError:
        return None
    if not 0 < (last - first).days <= MAX_SPAN_DAYS:
        return None
    return Resolution(f"{first.isoformat()}/{last.isoformat()}", first, last, "days", relative)


def _news_year(month: int, day: int, start: int, ctx: Context, anchor: date, prep: str | None,
               *, spanning: bool = False) -> int | None:
    """Choose the year of a yearless day by the news rule: by its sentence's tense, else by nearness.

    A day with no tense cue more than half a year back yields to the next
    one when that is near (cal.news_day_year), only bare or after a
    preposition that may point ahead; `spanning`: "from"/"between" open a
    span of days ("from 3 to 5 May") and count as bare.
    """
    tense = ctx.tense(start)
    opened = spanning and (prep in _SPAN_OPENERS or ctx.text[max(0, start - 8):start].rstrip().lower()
                           .endswith(_SPAN_OPENERS))
    untold = tense is None and (opened or _ahead_or_bare(prep, ctx.text, start))
    return cal.news_day_year(month, day, anchor, tense == "future", untold)


_SPAN_OPENERS = ("from", "between")


def _ahead_or_bare(prep: str | None, text: str, start: int) -> bool:
    """Tell whether a day stands bare or after a preposition that may point ahead ("on", "by").

    "since/between/from January 1" counts from a day gone by, whatever its distance.
    """
    if prep is None:
        before = text[max(0, start - 9):start].split()
        prep = before[-1].lower() if before else None
        if prep not in WORDS.date_prepositions:
            return True
    return prep in WORDS.ahead_prepositions


def month_range(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "January or February next year", "between May and July 2019"."""
    year, relative = _year_of(match, ctx.anchor)
    if year is None and not relative and not prep:
        return None
    first_month, last_month = _month_of(match), _month_of(match, "month2")
    if year is None and not relative:
        if ctx.anchor is None:
            return _unresolved("range")
        year, relative = cal.news_month_year(first_month, ctx.anchor, ctx.future(match.start())), True
    if year is None:
        return _unresolved("range")
    end_year = year + 1 if last_month < first_month else year
    return _range(cal.month_span(year, first_month)[0], cal.month_span(end_year, last_month)[1], relative)


def _month_with_year(match: re.Match[str], ctx: Context, part: str | None) -> Resolution:
    """Resolve a month whose year comes from the text, a relative word or the news rule."""
    month = _month_of(match)
    year, relative = _year_of(match, ctx.anchor)
    if year is None and not relative and ctx.anchor is not None:
        direction = _rel(match)
        if direction is None:
            year = cal.news_month_year(month, ctx.anchor, ctx.future(match.start()))
        else:
            year = cal.relative_month_year(month, ctx.anchor, direction)
        relative = True
    if year is None:
        return _unresolved("day" if part == "end" else "month")
    return _month(year, month, relative, part)


def month(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "March 2018", "Last November", "In December", "this October"."""
    return _month_with_year(match, ctx, None)


def bare_month(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "In December" and "its July summit", but not a month name standing alone ("May I ask").

    Without a preposition the month must say when an event is: a determiner or
    a possessive before it and an event's noun after it, at most one word
    between ("the November presidential election"). A meeting's sentence
    often dates it so ("at its July summit in Warsaw"); missing it dated the
    meeting on the day of the report.
    """
    if prep is None and not _names_an_events_month(match):
        return None
    return _month_with_year(match, ctx, None)


_WORD_BEFORE = re.compile(r"(?<![\w'’])([A-Za-z]+(?:['’]s|s['’])?)\s+$")
_TWO_AFTER = re.compile(r"\s+([\w-]+)(?:\s+([a-z]+)\b)?")


def _names_an_events_month(match: re.Match[str]) -> bool:
    """Tell whether a month name stands between an owner and an event's noun ("NATO's July summit")."""
    text = match.string
    before = _WORD_BEFORE.search(text, max(0, match.start() - 40), match.start())
    if before is None:
        return False
    word = before.group(1)
    if not (word.lower() in WORDS.month_determiners or word.endswith(("'s", "’s", "s'", "s’"))):
        return False
    after = _TWO_AFTER.match(text, match.end())
    return after is not None and (after.group(1) in WORDS.month_nouns or after.group(2) in WORDS.month_nouns)


def part_month(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "in late June", "mid-March 2018", "the end of June"."""
    return _month_with_year(match, ctx, _part(match))


def part_unit(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "by the end of this year", "early next year", "the end of the month"."""
    if ctx.anchor is None:
        return _unresolved("day" if _part(match) == "end" else str(match["unit"]).lower())
    unit = str(match["unit"]).lower()
    span, value, precision = cal.unit_span(unit, ctx.anchor, _rel(match) or 0)
    return _narrow(span, value, precision, _part(match), True)


def part_year(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "early 2020", "mid-2021", "the end of 2020"."""
    year = int(match["year"])
    return _narrow(cal.year_span(year), f"{year:04d}", "year", _part(match), False)


def _narrow(span: cal.Span, value: str, precision: str, part: str | None,
            anchored: bool) -> Resolution:
    """Narrow a unit's span to the part of it the text names, keeping its value."""
    first, last = span
    if part == "end":
        return _day(last, anchored)
    if part and precision == "month":
        first, last = cal.month_part(first.year, first.month, *WORDS.part_ranges[part]["month"])
    elif part and precision == "year":
        first, last = cal.year_part(first.year, *WORDS.part_ranges[part]["year"])
    elif part:
        first, last = cal.span_third(span, ["early", "mid", "late"].index(part))
    return Resolution(value, first, last, precision, anchored)


def rel_unit(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "last year", "next week", "this month", "next quarter"."""
    unit = str(match["unit"]).lower()
    if ctx.anchor is None:
        return _unresolved(unit)
    span, value, precision = cal.unit_span(unit, ctx.anchor, _rel(match) or 0)
    return Resolution(value, span[0], span[1], precision, True)


def year_span(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "between 2006 and 2010", "from 2014 to 2016", but not "in 2006 and 2010"."""
    if prep not in ("between", "from"):
        return None
    return year_range(match, ctx, prep)


def year_range(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "2018-2019", "2018/2019"."""
    first, last = int(match["year"]), int(match["year2"])
    if last <= first:
        return None
    return _range(date(first, 1, 1), date(last, 12, 31), False)


def year(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "in 2006", "since 2006", but not "of 2000 troops" or a year standing alone."""
    if prep is None:
        return None
    follower = _group(match, "next")
    if follower and follower.endswith("s") and follower not in WORDS.year_plural_ok:
        return None
    value = int(match["year"])
    return Resolution(f"{value:04d}", *cal.year_span(value), "year", False)


def half(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "the first half of 2020", "the second half of next year"."""
    year, relative = _year_of(match, ctx.anchor)
    if year is None:
        return _unresolved("range")
    number = WORDS.ordinals[str(match["ord"]).lower()]
    if number > 2:
        return None
    months = (1, 6) if number == 1 else (7, 12)
    return _range(*cal.year_part(year, *months), relative)


def quarter(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "Q3", "Q3 2020", "the third quarter of 2019"."""
    q = _group(match, "q")
    number = int(q) if q else WORDS.ordinals[str(match["ord"]).lower()]
    year, relative = _year_of(match, ctx.anchor)
    if year is None and not relative and ctx.anchor is not None:
        year, relative = ctx.anchor.year, True
    if year is None:
        return _unresolved("quarter")
    return Resolution(f"{year:04d}-Q{number}", *cal.quarter_span(year, number), "quarter", relative)


def season(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "this summer", "in the spring", "autumn 2019", but not "prices fall"."""
    name = WORDS.seasons[str(match["season"]).lower()]
    direction = _rel(match)
    year, relative = _year_of(match, ctx.anchor)
    is_fall = str(match["season"]).lower() == "fall"
    if year is None and not relative and direction is None and (is_fall or prep is None):
        return None
    first_month, last_month, code = WORDS.season_info[name]
    if year is None and not relative:
        if ctx.anchor is None:
            return _unresolved("season")
        future = ctx.future(match.start())
        year = cal.season_start_year((first_month, last_month), ctx.anchor, direction, future)
        relative = True
    if year is None:
        return _unresolved("season")
    first, last = cal.season_span(year, first_month, last_month)
    return Resolution(f"{year:04d}-{code}", first, last, "season", relative)


def weekday(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "Thursday", "on Friday", "last Monday", "next Tuesday"."""
    direction = _rel(match)
    if direction is not None and _after_the_only(match, ctx.text):
        direction = None  # "Following Monday's debate": after a Monday, not the next one
    if direction is None and not prep and _weekday_is_name(match, ctx.text):
        return None
    if ctx.anchor is None:
        return _unresolved("day")
    number = WORDS.weekdays[str(match["weekday"]).lower()]
    if direction is None:
        return _day(cal.news_weekday(number, ctx.anchor, ctx.future(match.start())), True)
    return _day(cal.relative_weekday(number, ctx.anchor, direction), True)


def _after_the_only(match: re.Match[str], text: str) -> bool:
    """Tell a relative word that points only after "the" ("following") standing without it."""
    word = " ".join(str(match["rel"]).lower().split())
    if word not in WORDS.relative_after_the:
        return False
    before = text[max(0, match.start() - 5):match.start()].split()
    return not before or before[-1].lower() != "the"


def _weekday_is_name(match: re.Match[str], text: str) -> bool:
    """Tell a weekday inside a name ("Good Friday", "The Sunday Times") from a day."""
    before = text[max(0, match.start() - 12):match.start()].split()
    if before and before[-1].lower() in WORDS.weekday_name_words:
        return True
    return _CAPITAL_NEXT.match(text, match.end()) is not None


def deictic(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "today", "yesterday", "tomorrow", "this morning", "last night".

    A phrase of two words is no day after an article or before "of": "the
    last night of the festival", "a last evening together".
    """
    words = " ".join(str(match["deictic"]).lower().split())
    if " " in words and not words.startswith("the ") and (
            _ARTICLE_BEFORE.search(ctx.text, max(0, match.start() - 5), match.start())
            or ctx.text.startswith(" of ", match.end())):
        return None
    if ctx.anchor is None:
        return _unresolved("day")
    offset = WORDS.deictic[words]
    return _day(ctx.anchor + timedelta(days=offset), True)


def ago(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "two years ago", "3 days ago"."""
    unit = str(match["unit"]).lower()
    if ctx.anchor is None:
        return _unresolved(unit)
    count = match["n"]
    # "seventy-four": the tens and the unit add up
    n = int(count) if count.isdigit() else sum(WORDS.cardinals[w] for w in re.split("[-\u2010\u2011]", count.lower()))
    if unit == "day":
        return _day(ctx.anchor - timedelta(days=n), True)
    span, value, precision = cal.unit_span(unit, ctx.anchor, -n)
    return Resolution(value, span[0], span[1], precision, True)


def weekend(match: re.Match[str], ctx: Context, prep: str | None) -> Resolution | None:
    """Resolve "the weekend", "last weekend", "this weekend" to its Saturday and Sunday ("2021-W25-WE")."""
    if ctx.anchor is None:
        return _unresolved("weekend")
    saturday = cal.weekend_of(ctx.anchor, _rel(match), ctx.tense(match.start()))
    return Resolution(f"{cal.week_value(saturday)}-WE", saturday, saturday + timedelta(days=1), "weekend", True)


Resolver = Callable[[re.Match[str], Context, str | None], Resolution | None]

RESOLVERS: dict[str, Resolver] = {
    "iso": iso,
    "numeric": numeric,
    "mdy": month_day,
    "mdy_days": day_span,
    "dmy_days": day_span,
    "mdy_mdy": day_span,
    "dmy_dmy": day_span,
    "dmy": month_day,
    "month_range": month_range,
    "part_month": part_month,
    "month_year": month,
    "rel_month": month,
    "bare_month": bare_month,
    "part_unit": part_unit,
    "part_year": part_year,
    "rel_unit": rel_unit,
    "year_span": year_span,
    "year_range": year_range,
    "year": year,
    "half": half,
    "quarter_q": quarter,
    "quarter": quarter,
    "rel_season": season,
    "season": season,
    "rel_weekday": weekday,
    "weekday": weekday,
    "deictic": deictic,
    "weekend": weekend,
    "month_day_only": day_of_month,
    "ago": ago,
    "ago_word": ago,
}
