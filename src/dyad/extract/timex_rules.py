"""The patterns of the time stage, built once per process from time_words.yaml.

Each rule is one compiled regular expression with named groups; the finder in
`timex.py` runs every rule over a text, resolves each match, and keeps the
longest non-overlapping ones. Keyword groups are case-insensitive through
scoped `(?i:...)` flags, while month and weekday names must be capitalised,
which alone rules out "may be challenged" and "a protest march".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from dyad.data import load_yaml
from dyad.errors import DataFileError

DATA_FILE = "time_words.yaml"


@dataclass(frozen=True)
class Words:
    """Lookups from the words a pattern captured to the numbers they mean."""

    months: dict[str, int]
    weekdays: dict[str, int]
    ordinals: dict[str, int]
    cardinals: dict[str, int]
    relative: dict[str, int]
    deictic: dict[str, int]
    parts: dict[str, str]
    part_ranges: dict[str, dict[str, tuple[int, int]]]
    seasons: dict[str, str]
    season_info: dict[str, tuple[int, int, str]]
    modifiers: frozenset[str]
    weekday_name_words: frozenset[str]
    year_plural_ok: frozenset[str]


def _alt(words: list[str], insensitive: bool = True) -> str:
    """Join words into one alternation, longest first so that prefixes never win."""
    escaped = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    body = "|".join(escaped)
    return f"(?i:{body})" if insensitive else f"(?:{body})"


def _norm(word: str) -> str:
    """Normalise a captured word for lookup: lower case, single spaces, no dot."""
    return " ".join(word.lower().rstrip(".").split())


def _load() -> dict[str, Any]:
    """Load the data file and check that the sections the rules need are there."""
    data = load_yaml(DATA_FILE)
    needed = ["months", "weekdays", "ordinals", "cardinals", "parts", "seasons", "relative",
              "deictic", "prepositions", "modifiers", "month_triggers", "year_triggers",
              "year_plural_ok", "year_blockers", "units", "future_cues", "past_cues",
              "reporting_verbs", "weekday_name_words"]
    missing = [key for key in needed if not isinstance(data, dict) or key not in data]
    if missing:
        raise DataFileError(DATA_FILE, f"lacks the section(s) {', '.join(missing)}")
    return data


def _words(data: dict[str, Any]) -> Words:
    """Build the lookup tables from the loaded data."""
    parts = {_norm(w): name for name, spec in data["parts"].items() for w in spec["words"]}
    ranges = {
        name: {"month": tuple(spec["month_days"]), "year": tuple(spec["year_months"])}
        for name, spec in data["parts"].items() if "month_days" in spec
    }
    return Words(
        months={_norm(w): int(n) for n, names in data["months"].items() for w in names},
        weekdays={_norm(w): int(n) for n, names in data["weekdays"].items() for w in names},
        ordinals={_norm(k): int(v) for k, v in data["ordinals"].items()},
        cardinals={_norm(k): int(v) for k, v in data["cardinals"].items()},
        relative={_norm(k): int(v) for k, v in data["relative"].items()},
        deictic={_norm(k): int(v) for k, v in data["deictic"].items()},
        parts=parts,
        part_ranges=ranges,
        seasons={_norm(w): name for name, spec in data["seasons"].items() for w in spec["words"]},
        season_info={
            name: (int(spec["months"][0]), int(spec["months"][1]), str(spec["code"]))
            for name, spec in data["seasons"].items()
        },
        modifiers=frozenset(_norm(w) for w in data["modifiers"]),
        weekday_name_words=frozenset(_norm(w) for w in data["weekday_name_words"]),
        year_plural_ok=frozenset(_norm(w) for w in data["year_plural_ok"]),
    )


def _month_alt(data: dict[str, Any], abbreviated: bool) -> str:
    """Match a capitalised month name; abbreviations, with or without a dot, if asked.

    Abbreviations are only safe next to a day or a year: "in Mar del Plata".
    """
    names = []
    for spellings in data["months"].values():
        full, *abbrevs = spellings
        names.append(re.escape(full))
        if abbreviated:
            names.extend(re.escape(a) + r"\.?" for a in abbrevs)
    names.sort(key=len, reverse=True)
    return "(?:" + "|".join(names) + r")(?![A-Za-z])"


def _build(data: dict[str, Any]) -> dict[str, re.Pattern[str]]:
    """Compose the rule patterns from the word lists."""
    month = _month_alt(data, abbreviated=True)
    full_month = _month_alt(data, abbreviated=False)
    weekday = _alt([w for names in data["weekdays"].values() for w in names], insensitive=False)
    rel = _alt(list(data["relative"]))
    unit = _alt(list(data["units"]))
    part = _alt([w for spec in data["parts"].values() for w in spec["words"]])
    season = _alt([w for spec in data["seasons"].values() for w in spec["words"]])
    ordinal = _alt(list(data["ordinals"]))
    cardinal = _alt(list(data["cardinals"]))
    blockers = "|".join(re.escape(b) for b in data["year_blockers"])
    prep = rf"(?:(?P<prep>{_alt(data['prepositions'])})\s+)?"
    year_end = rf"(?:19|20)\d\d(?![\d%]|[.,:]\d|\s*(?i:{blockers})(?![A-Za-z]))"
    year_core = rf"(?<![\d.,/\-+]){year_end}"
    year = rf"(?P<year>{year_core})"
    ryear = rf"(?:(?i:the)\s+)?(?P<ryrel>{rel})\s+(?i:year)\b"
    any_year = rf"(?:{year}|{ryear}|(?P<theyear>(?i:the\s+year)))"
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?![\d:])"
    wd_prefix = rf"(?:{weekday},?\s+)?"
    m1, m2 = f"(?P<month>{month})", f"(?P<month2>{full_month})"
    f1 = f"(?P<month>{full_month})"
    rules = {
        "iso": rf"{prep}(?<![\d\-])(?P<year>\d{{4}})-(?P<mnum>\d\d)-(?P<day>\d\d)(?![\d\-])",
        "mdy": rf"{prep}{wd_prefix}{m1}\s+{day}(?:,?\s+(?:{year}|{ryear}))?",
        "dmy": rf"{prep}{wd_prefix}(?<![\d.,])\b{day}\s+(?:(?i:of)\s+)?{m1}(?:,?\s+(?:{year}|{ryear}))?",
        "month_range": rf"{prep}{f1}(?:\s+(?i:or|and|to|through|until)\s+|\s?[-\u2013]\s?){m2}"
                       rf"(?:,?\s+{any_year})?",
        "part_month": rf"{prep}(?P<part>{part})(?:\s+|-)(?:(?P<rel>{rel})\s+)?{f1}(?:,?\s+{any_year})?",
        "month_year": rf"{prep}{m1},?\s+(?:(?i:of)\s+)?(?:{year}|{ryear})",
        "rel_month": rf"{prep}(?P<rel>{rel})\s+{f1}",
        "bare_month": rf"(?P<prep>{_alt(data['month_triggers'])})\s+{f1}(?!\s*\d)",
        "part_unit": rf"{prep}(?P<part>{part})(?:\s+|-)(?:(?P<rel>{rel})|(?i:the))\s+(?P<unit>{unit})\b",
        "part_year": rf"{prep}(?P<part>{part})(?:\s+|-)(?<![\d.,/+])(?P<year>{year_end})",
        "rel_unit": rf"{prep}(?:(?i:the)\s+)?(?P<rel>{rel})\s+(?P<unit>{unit})\b",
        "year_span": rf"(?P<prep>(?i:between|from))\s+{year}\s+(?i:and|to|until)\s+(?P<year2>{year_core})",
        "year_range": rf"{prep}{year}[-\u2013/](?P<year2>{year_end})",
        "year": rf"(?P<prep>{_alt(data['year_triggers'])})\s+(?:(?i:the\s+year)\s+)?{year}"
                r"(?:(?=\s+(?P<next>[a-z]+)\b)|)",
        "half": rf"{prep}(?:(?i:the)\s+)?(?P<ord>{ordinal})\s+(?i:half)\s+(?i:of)\s+{any_year}",
        "quarter": rf"{prep}(?:(?<![\w])Q(?P<q>[1-4])(?![\w])|(?:(?i:the)\s+)?(?P<ord>{ordinal})\s+(?i:quarter))"
                   rf"(?:\s+(?:(?i:of)\s+)?{any_year})?",
        "season": rf"{prep}(?:(?P<rel>{rel})\s+|(?P<the>(?i:the))\s+)?(?:(?i:early|mid|late)[\s-]+)?"
                  rf"(?P<season>{season})\b(?:,?\s+(?:(?i:of)\s+)?(?:{year}|{ryear}))?",
        "weekday": rf"{prep}(?:(?P<rel>{rel})\s+)?(?P<weekday>{weekday})\b",
        "deictic": rf"{prep}(?P<deictic>{_alt(list(data['deictic']))})\b",
        "ago": rf"(?<![\w])(?P<n>\d{{1,2}}|{cardinal})\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b",
    }
    return {name: re.compile(pattern) for name, pattern in rules.items()}


def _phrases(data: dict[str, Any], key: str) -> str:
    """Join a list of phrases (regular expressions) into one alternation, longest first."""
    return "|".join(sorted(data[key], key=len, reverse=True))


def _cue(data: dict[str, Any], key: str) -> re.Pattern[str]:
    """Compile a list of phrases into one case-insensitive word-bounded pattern."""
    return re.compile(rf"(?<![\w'])(?:{_phrases(data, key)})(?![\w])", re.I)


def _tense(data: dict[str, Any]) -> re.Pattern[str]:
    """Match a future or a past cue, telling which by the group that took part."""
    body = rf"(?P<future>{_phrases(data, 'future_cues')})|(?P<past>{_phrases(data, 'past_cues')})"
    return re.compile(rf"(?<![\w'])(?:{body})(?![\w])", re.I)


def _hint(data: dict[str, Any]) -> re.Pattern[str]:
    """Match a weekday told of the dateline day: "said Saturday", "on Saturday"."""
    weekday = _alt([w for names in data["weekdays"].values() for w in names], insensitive=False)
    verbs = _alt(data["reporting_verbs"])
    return re.compile(rf"(?:{verbs}\s+(?:(?i:on)\s+)?|(?i:on)\s+)(?P<weekday>{weekday})\b")


_DATA = _load()
WORDS = _words(_DATA)
RULES = _build(_DATA)
TENSE_CUES = _tense(_DATA)
REPORTING = _cue(_DATA, "reporting_verbs")
WEEKDAY_HINT = _hint(_DATA)
