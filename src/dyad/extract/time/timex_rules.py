"""The patterns of the time stage, built once per process from time_words.yaml.

Each rule is one compiled regular expression with named groups; the finder in
`timex.py` runs every rule over a text, resolves each match, and keeps the
longest non-overlapping ones. Keywords match in lower case or capitalised,
while month and weekday names must be capitalised, which alone rules out "may
be challenged" and "a protest march".
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
    prepositions: frozenset[str]
    month_triggers: frozenset[str]
    year_triggers: frozenset[str]
    month_determiners: frozenset[str]
    month_nouns: frozenset[str]
    weekday_name_words: frozenset[str]
    year_plural_ok: frozenset[str]
    relative_after_the: frozenset[str]
    past_verb_blockers: frozenset[str]
    irregular_pasts: frozenset[str]
    ahead_prepositions: frozenset[str]
    date_prepositions: frozenset[str]  # every word that may stand before a date as its preposition


def _alt(words: list[str], insensitive: bool = True) -> str:
    """Join words into one alternation, longest first so that prefixes never win.

    "Insensitive" spells each word in lower case and capitalised rather than
    using a `(?i)` flag, so the pattern still starts with plain literals.
    """
    if insensitive:
        words = sorted({v for w in words for v in (w.lower(), w[:1].upper() + w[1:].lower())})
    escaped = [re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)]
    return "(?:" + "|".join(escaped) + ")"


def _norm(word: str) -> str:
    """Normalise a captured word for lookup: lower case, single spaces, no dot."""
    return " ".join(word.lower().rstrip(".").split())


def _load() -> dict[str, Any]:
    """Load the data file and check that the sections the rules need are there."""
    data = load_yaml(DATA_FILE)
    needed = ["months", "weekdays", "ordinals", "cardinals", "parts", "seasons", "relative",
              "deictic", "prepositions", "modifiers", "month_triggers", "year_triggers",
              "month_determiners", "month_nouns",
              "year_plural_ok", "year_blockers", "units", "future_cues", "past_cues",
              "reporting_verbs", "weekday_name_words", "relative_after_the", "past_verb_blockers",
              "irregular_pasts", "ahead_prepositions"]
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
        prepositions=frozenset(_norm(w) for w in data["prepositions"]),
        month_triggers=frozenset(_norm(w) for w in data["month_triggers"]),
        year_triggers=frozenset(_norm(w) for w in data["year_triggers"]),
        month_determiners=frozenset(_norm(w) for w in data["month_determiners"]),
        month_nouns=frozenset(_norm(w) for w in data["month_nouns"]),
        weekday_name_words=frozenset(_norm(w) for w in data["weekday_name_words"]),
        year_plural_ok=frozenset(_norm(w) for w in data["year_plural_ok"]),
        relative_after_the=frozenset(_norm(w) for w in data["relative_after_the"]),
        past_verb_blockers=frozenset(_norm(w) for w in data["past_verb_blockers"]),
        irregular_pasts=frozenset(_norm(w) for w in data["irregular_pasts"]),
        ahead_prepositions=frozenset(_norm(w) for w in data["ahead_prepositions"]),
        date_prepositions=frozenset(_norm(w) for key in ("prepositions", "month_triggers", "year_triggers")
                                    for w in data[key]),
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
    """Compose the rule patterns from the word lists.

    Every pattern starts with a literal word or a digit, never with an optional
    group or a look-behind: Python's engine then skips ahead to candidate
    characters instead of trying each position, which made the stage ten times
    faster. Prepositions, a leading "the" and a weekday before a date are
    looked for behind the match afterwards (see `BEFORE`), and left-hand
    boundaries are checked by `LEFT_GUARDS`.
    """
    month = _month_alt(data, abbreviated=True)
    full_month = _month_alt(data, abbreviated=False)
    weekday = _alt([w for names in data["weekdays"].values() for w in names], insensitive=False)
    rel = _alt(list(data["relative"]))
    unit = _alt(list(data["units"]))
    part = _alt([w for spec in data["parts"].values() for w in spec["words"]])
    season = _alt([w for spec in data["seasons"].values() for w in spec["words"]])
    ordinal = _alt(list(data["ordinals"]))
    cardinal = _alt(list(data["cardinals"]))
    compound = rf"{_alt(data['tens'])}[-\u2010\u2011]{_alt(data['units_of_tens'])}"
    blockers = "|".join(re.escape(b) for b in data["year_blockers"])
    year_end = rf"(?:19|20)\d\d(?![\d%]|[.,:]\d|/\d\d?/|\s*(?i:{blockers})(?![A-Za-z]))"
    year = rf"(?P<year>{year_end})"
    ryear = rf"(?:(?i:the)\s+)?(?P<ryrel>{rel})\s+(?i:year)\b"
    any_year = rf"(?:{year}|{ryear}|(?P<theyear>(?i:the\s+year)))"
    day = r"(?P<day>[0-9][0-9]?)(?:st|nd|rd|th)?(?![\d:])"
    m1, m2 = f"(?P<month>{month})", f"(?P<month2>{full_month})"
    f1 = f"(?P<month>{full_month})"
    ago = r"\s+(?P<unit>(?i:day|week|month|year))s?\s+(?i:ago)\b"
    season_year = rf"(?:,?\s+(?:(?i:of)\s+)?(?:{year}|{ryear}))?"
    # Two days of one span: "11-12 July", "July 11 to 13", "June 30-July 2", "11 and 12 May".
    to = r"(?:\s*[-\u2013\u2014]\s*|\s+(?i:to|and|until|till|through)\s+)"
    dash = r"\s*[-\u2013\u2014]\s*"
    day2 = r"(?P<day2>[0-9][0-9]?)(?:st|nd|rd|th)?(?![\d:])"
    first_day = r"(?P<day>[0-9][0-9]?)(?:st|nd|rd|th)?"
    tail_year = rf"(?:,?\s+(?:{year}|{ryear}))?"
    rules = {
        "iso": r"(?P<year>[12]\d{3})-(?P<mnum>\d\d)-(?P<day>\d\d)(?![\d\-])",
        # Dates in figures: 27.10.2020 (day first), 2020/10/27, and 27/10/2020 or
        # 10/27/2020 where one field is past 12 (a slash date like 05/06/2020 is left alone)
        "numeric": r"(?P<n1>\d{1,4})(?P<sep>[./])(?P<n2>\d\d?)(?P=sep)(?P<n3>\d{1,4})(?![\d/]|\.\d)",
        "mdy_days": rf"{m1}\s+{first_day}{to}{day2}{tail_year}",
        "dmy_days": rf"{first_day}{to}{day2}\s+(?:(?i:of)\s+)?{m1}{tail_year}",
        "mdy_mdy": rf"{m1}\s+{first_day}{dash}(?P<month2>{month})\s+{day2}{tail_year}",
        "dmy_dmy": rf"{first_day}\s+{m1}{dash}{day2}\s+(?P<month2>{month}){tail_year}",
        "mdy": rf"{m1}\s+{day}(?:,?\s+(?:(?i:of)\s+)?(?:{year}|{ryear}))?",
        "dmy": rf"{day}\s+(?:(?i:of)\s+)?{m1}(?:,?\s+(?:{year}|{ryear}))?",
        "month_range": rf"{f1}(?:\s+(?i:or|and|to|through|until)\s+|\s?[-\u2013]\s?){m2}"
                       rf"(?:,?\s+{any_year})?",
        "part_month": rf"(?P<part>{part})(?:\s+|-)(?:(?P<rel>{rel})\s+)?{f1}(?:,?\s+{any_year})?",
        "month_year": rf"{m1},?\s+(?:(?i:of)\s+)?(?:{year}|{ryear})",
        "rel_month": rf"(?P<rel>{rel})\s+{f1}",
        "bare_month": rf"{f1}(?!\s*\d)",
        "part_unit": rf"(?P<part>{part})(?:\s+|-)(?:(?P<rel>{rel})|(?i:the))\s+(?P<unit>{unit})\b",
        "part_year": rf"(?P<part>{part})(?:\s+|-){year}",
        "rel_unit": rf"(?P<rel>{rel})\s+(?P<unit>{unit})\b",
        "year_span": rf"{year}\s+(?i:and|to|until)\s+(?P<year2>{year_end})",
        "year_range": rf"{year}[-\u2013/](?P<year2>{year_end})",
        "year": rf"{year}(?:(?=\s+(?P<next>[a-z]+)\b)|)",
        "half": rf"(?P<ord>{ordinal})\s+(?i:half)\s+(?i:of)\s+{any_year}",
        "quarter_q": rf"Q(?P<q>[1-4])(?![\w])(?:\s+(?:(?i:of)\s+)?{any_year})?",
        "quarter": rf"(?P<ord>{ordinal})\s+(?i:quarter)(?:\s+(?:(?i:of)\s+)?{any_year})?",
        "rel_season": rf"(?P<rel>{rel})\s+(?P<season>{season})\b{season_year}",
        "season": rf"(?P<season>{season})\b{season_year}",
        "rel_weekday": rf"(?P<rel>{rel})\s+(?P<weekday>{weekday})\b",
        "weekday": rf"(?P<weekday>{weekday})\b",
        "deictic": rf"(?P<deictic>{_alt(list(data['deictic']))})\b",
        "weekend": rf"(?:(?P<rel>{rel})|(?i:the))\s+(?i:week-?end)\b(?!s)",
        # "said on the 16th": a day of the month the report is written in (news
        # translated from Korean or Japanese writes days so), never "on the 16th floor"
        "month_day_only": r"(?<![\w])(?i:on)\s+the\s+(?P<day>[1-9]|[12][0-9]|3[01])(?:st|nd|rd|th)"
                          r"(?=\s*[,.;:)]|\s+(?i:in|at|that|and|to|with|when|after|before|during|for|of\s+this\s+month)\b)",
        "ago": rf"(?P<n>[0-9][0-9]?){ago}",
        "ago_word": rf"(?P<n>{compound}|{cardinal}){ago}",
    }
    return {name: re.compile(pattern) for name, pattern in rules.items()}


# Characters that may not stand right before a match of these rules, besides
# letters and digits: "2+2019", "1.2019", "x-2019-05-30" are not dates.
LEFT_GUARDS = {
    "iso": "-", "numeric": "./-", "dmy": ".,", "dmy_days": ".,-/", "dmy_dmy": ".,-/", "year_span": ".,/-+", "year_range": ".,/-+", "year": ".,/-+",
    "quarter_q": "", "ago": "-", "ago_word": "-\u2010\u2011",
}

# Rules that cannot match a text lacking all of these strings: the text is
# searched for them first, which costs far less than a pattern that starts
# with "the" or a relative word (most texts say neither "weekend" nor "week-end").
# "ago" in any case, since its pattern takes any: the number-word rule tries
# its alternation of cardinals at every letter of a text, a third of the
# stage's regular-expression time on 1,000 news pages that held no "ago".
_AGO = tuple(a + g + o for a in "aA" for g in "gG" for o in "oO")
LITERALS = {"weekend": ("eekend", "eek-end"), "month_day_only": ("the 1", "the 2", "the 3", "the 4", "the 5",
                                                                  "the 6", "the 7", "the 8", "the 9"),
            "ago": _AGO, "ago_word": _AGO}

# Rules whose expression may take a leading "the" ("the third quarter"), and
# rules that absorb a weekday before them ("Thursday, July 4").
TAKES_THE = frozenset({"half", "quarter", "rel_unit", "season", "rel_season", "deictic"})
TAKES_WEEKDAY = frozenset({"mdy", "dmy", "mdy_days", "dmy_days", "mdy_mdy", "dmy_dmy"})


def _reversed_alt(words: list[str], insensitive: bool) -> str:
    """Join words spelt backwards into one alternation, for matching text read backwards."""
    if insensitive:
        words = [v for w in words for v in (w.lower(), w[:1].upper() + w[1:].lower())]
    spelt = sorted({w[::-1] for w in words}, key=len, reverse=True)
    return "(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in spelt) + ")"


def _before(data: dict[str, Any]) -> re.Pattern[str]:
    """Match, in the text before an expression read backwards, a weekday, "the" and a preposition.

    Reading backwards lets one anchored match do what a search ending at the
    expression would do by trying every position, which cost a third of the
    stage's time.
    """
    preps = [*data["prepositions"], *data["month_triggers"], *data["year_triggers"]]
    weekdays = [w for names in data["weekdays"].values() for w in names]
    return re.compile(
        rf"(?:\s+,?(?P<weekday>{_reversed_alt(weekdays, False)})(?![\w]))?"
        rf"(?:\s+(?P<the>eht|ehT)(?![\w]))?"
        rf"(?:\s+(?P<prep>{_reversed_alt(preps, True)})(?![\w]))?"
    )


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
BEFORE = _before(_DATA)
TENSE_CUES = _tense(_DATA)
REPORTING = _cue(_DATA, "reporting_verbs")
WEEKDAY_HINT = _hint(_DATA)
