"""Read a meeting's date and city from the report's title when the text leaves them out.

Statements and transcripts often say where and when only in their title
("Remarks following talks, Antalya, June 30, 2021"; "Speech at the summit:
18 January 2018") and then speak of "the talks" or "today". A title counts
only when it names a meeting (a trigger word or a format); its city must
follow "in", "at" or a comma, and be a city of the gazetteer; its date must
have a year. The title is not parsed: it is read with the time expressions'
own rules and a look-up of its capitalised words, which costs nothing next
to a parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from dyad.actors import ActorDictionary
from dyad.extract.meetings.meeting_places import Place, gazetteer, name_key
from dyad.extract.time.timex import find_time_expressions

_WORD = re.compile(r"[\w’'.-]+|[,:;–—]")
_BEFORE_PLACE = frozenset({"in", "at", ",", ":", "–", "—"})
_MOST_WORDS = 4


@dataclass(frozen=True)
class TitleHints:
    """What a report's title says of its meeting: a city and a date, either may be missing."""

    city: Place | None
    date: str | None
    people: tuple[str, ...] = ()


def title_hints(title: str | None, triggers: frozenset[str], formats: list[re.Pattern[str]],
                on: date | None, dictionary: ActorDictionary | None = None) -> TitleHints | None:
    """Return the city, date and people a title gives its meeting, or None when it names no meeting."""
    if not title:
        return None
    words = _WORD.findall(title)
    if not any(w.lower() in triggers for w in words) and not any(p.search(title) for p in formats):
        return None
    dated = [t.value for t in find_time_expressions(title, on) if t.value and not t.value.startswith("-")]
    people = _people(words, dictionary) if dictionary is not None else ()
    return TitleHints(_city(words), max(dated, key=len, default=None), people)


def people_named(text: str, dictionary: ActorDictionary) -> tuple[str, ...]:
    """Return the people of the dictionary a line names in full ("Prime Minister Theresa May"), in order."""
    return _people(_WORD.findall(text), dictionary)


def _people(words: list[str], dictionary: ActorDictionary) -> tuple[str, ...]:
    """Return the people of the dictionary a title names in full ("Sergey Lavrov"), in order."""
    found: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(_MOST_WORDS, len(words) - i), 1, -1):
            chunk = words[i : i + n]
            if not all(w[:1].isupper() for w in chunk):
                continue
            people = [a.id for a in dictionary.exact(" ".join(chunk)) if a.kind == "person"]
            if len(people) == 1:
                found += [p for p in people if p not in found]
                i += n - 1
                break
        i += 1
    return tuple(found)


def _city(words: list[str]) -> Place | None:
    """Find the first gazetteer city that follows "in", "at" or a comma in a title's words."""
    names = gazetteer()
    for i in range(1, len(words)):
        if words[i - 1].lower() not in _BEFORE_PLACE or not words[i][:1].isupper():
            continue
        for n in range(min(_MOST_WORDS, len(words) - i), 0, -1):
            place = names.get(name_key(" ".join(words[i : i + n])))
            if place is not None and place.is_city:
                return place
    return None
