"""Tell what a line of scraped text is from its shape.

Plain-text scrapes lose the markup that said "this is navigation" or "this is
a caption". What is left is the shape of each line: its length, whether it
ends like a sentence, whether it is numbered, whether it matches a known
furniture phrase. Every rule here is about shape, never about one site.
"""

from __future__ import annotations

import re
import re._parser as re_parser  # a pattern's parse, which no public module gives: `_anywhere`
from dataclasses import dataclass
from functools import cache, lru_cache
from re._constants import ANY, MAX_REPEAT, MAXREPEAT
from typing import Any

from dyad.data import load_yaml
from dyad.errors import DataFileError

_WORDS = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")
_BULLET = re.compile(r"^[•·▪▸►◦‣∙*]\s*|^[-–—]\s+")
_ENUMERATOR = re.compile(r"^(?:\(?\d{1,2}[.)]|\(?[ivx]{1,4}\)|\(?[a-h]\))\s+", re.I)
_SENTENCE_END = re.compile(r"""[.!?:;…]["'”’»)\]]*$|["”’»]$""")
_SEPARATOR = re.compile(r"^[^\w]*$")
_COUNTER = re.compile(r"^(?P<stem>.*\S)\s+\(?(?P<n>\d{1,2})\)?$")
_COUNTER_ENDS = frozenset("0123456789)")  # the last character of any line _COUNTER matches

# A body line ends like a sentence and has a few words, or runs on too long to
# be a label. Titles of official releases reach 17 words in the seeds and 20+
# elsewhere, but almost never end with a full stop; a line of 25 words or more
# without one is prose that lost its last character in the scrape.
SENTENCE_MIN_WORDS = 5
RUN_ON_WORDS = 25
# A line of 8+ words with at least half its words in lower case reads as a
# sentence: Title Case labels score 0.1-0.3, sentence-case prose 0.6-0.8.
PROSE_WORDS = 8
PROSE_LOWER_SHARE = 0.5
LONG_LABEL_WORDS = 16  # headlines run to 15 words; a longer line without an ending is a cut sentence
_CAPTION_END = re.compile(
    r"(?:\b(?:image|photo|picture|video|foto)(?:\s+credit)?s?\s*:\s*[\w .,'’&/-]{2,60}"
    r"|\([^()]{0,80}\b(?:photo|pool|via|credit)\b[^()]{0,80}\))\s*$",
    re.I,
)
_SENTENCE_INSIDE = re.compile(r"[a-z0-9)][.!?][\"”’]?\s+[A-Z]")


def strip_bullet(line: str) -> str:
    """Remove a leading bullet glyph, which carries no meaning in clean text."""
    return _BULLET.sub("", line, count=1)


@lru_cache(maxsize=4096)
def word_count(line: str) -> int:
    """Count a line's words; cached, as the head, the body and the label passes each ask of one line."""
    return len(_WORDS.findall(line))


def is_enumerated(line: str) -> bool:
    """Tell whether a line opens with a list number such as `1.` or `(2)`."""
    return bool(_ENUMERATOR.match(line))


def ends_sentence(line: str) -> bool:
    return bool(_SENTENCE_END.search(line))


def is_separator(line: str) -> bool:
    """Tell whether a non-empty line holds no letter or digit at all (`| |`, `* * *`)."""
    return bool(line) and bool(_SEPARATOR.match(line))


def is_body(line: str) -> bool:
    """Tell whether a line reads as article prose rather than a label."""
    words = word_count(line)
    return words >= RUN_ON_WORDS or (words >= SENTENCE_MIN_WORDS and ends_sentence(line))


def is_heading(line: str) -> bool:
    """Tell whether a line is short and label-like: a title, subheading or link."""
    return bool(line) and not is_separator(line) and not is_body(line) and not ends_sentence(line)


def reads_as_prose(line: str) -> bool:
    """Tell whether a line without an ending is a sentence cut short, not a label.

    Labels (titles, related links) capitalise most words and hold one
    sentence; a sentence cut off by the end of a scrape has 8 words or more,
    most of them in lower case, or a whole sentence before the cut, or runs
    longer than headlines do.
    """
    words = _WORDS.findall(line)
    if len(words) < PROSE_WORDS:
        return False
    if len(words) >= LONG_LABEL_WORDS or holds_a_sentence(line):
        return True
    lower = sum(w[0].islower() for w in words[1:])
    return lower >= PROSE_LOWER_SHARE * (len(words) - 1)


def is_caption(line: str) -> bool:
    """Tell whether a line ends with a picture credit: "… Image Credit: X", "(AP Photo/X)", "PHOTO: X"."""
    return bool(_CAPTION_END.search(line))


def is_title_case(line: str) -> bool:
    """Tell whether every word of four letters or more is capitalised, as headlines are styled."""
    return all(w[0].isupper() for w in _WORDS.findall(line) if len(w) >= 4 and w.isalpha())


def holds_a_sentence(line: str) -> bool:
    """Tell whether a whole sentence ends inside the line ("… the alliance. The next")."""
    return bool(_SENTENCE_INSIDE.search(line))


def counter_stem(line: str) -> str | None:
    """Return `Title` for `Title 2`, the shape gallery captions give a repeated title.

    Only a line ending in a digit or ")" (before at most one newline) can be
    one: every body line is asked, and the pattern backtracked over all of a
    prose line before failing.
    """
    if line.removesuffix("\n")[-1:] not in _COUNTER_ENDS:
        return None
    match = _COUNTER.match(line)
    return match.group("stem") if match else None


def same_text(a: str, b: str) -> bool:
    """Compare two lines ignoring case, spacing and punctuation."""
    return _key(a) == _key(b)


@lru_cache(maxsize=4096)
def _key(line: str) -> str:
    """Return a line's words in lower case, one space apart; cached, as a title is compared with every line."""
    return " ".join(_WORDS.findall(line.casefold()))


@dataclass(frozen=True)
class _Furniture:
    """One group's patterns: those matched against the whole line, and those of the form `.*X.*`."""

    group: str
    whole: re.Pattern[str]  # every pattern of the group, fully matched (for a line holding a newline)
    shape: re.Pattern[str]  # the patterns not of the form `.*X.*`, fully matched
    inside: re.Pattern[str] | None  # X of each `.*X.*` pattern, searched for


@cache
def _furniture() -> list[_Furniture]:
    """Compile the furniture patterns of each group into alternations (a few scans a line).

    A pattern `.*X.*` fully matches a line without a newline exactly when X
    is found anywhere in it, and searching for X is far cheaper: the full
    match backtracked over every character of every prose line (four such
    patterns took half of furniture_kind's 0.5 s of CPU per 1,000 news pages).
    """
    compiled = []
    for group, patterns in load_yaml("furniture.yaml").items():
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as exc:
                raise DataFileError("furniture.yaml", f"bad pattern {pattern!r} ({exc})") from None
        inside = [p[2:-2] for p in patterns if _anywhere(p)]
        shape = [p for p in patterns if not _anywhere(p)]
        compiled.append(_Furniture(group, _alternation(patterns), _alternation(shape),
                                   _alternation(inside) if inside else None))
    return compiled


def _anywhere(pattern: str) -> bool:
    """Tell whether a pattern is `.*X.*` as a whole: a run of any characters, X, and another run.

    Read from the parse of the pattern, so that `.*a|b.*` (an alternation),
    `.*?a.*` and `.*a[.]*` (dots, not any character) are not taken for one.
    """
    if not (pattern.startswith(".*") and pattern.endswith(".*")):
        return False
    items = re_parser.parse(pattern).data
    return len(items) >= 2 and _any_run(items[0]) and _any_run(items[-1])


def _any_run(item: tuple[Any, Any]) -> bool:
    """Tell whether an item of a pattern's parse is `.*`: any characters but a newline, as many as there are."""
    op, arguments = item
    return op is MAX_REPEAT and arguments[:2] == (0, MAXREPEAT) and list(arguments[2]) == [(ANY, None)]


def _alternation(patterns: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in patterns), re.I)


def furniture_kind(line: str) -> str | None:
    """Return the furniture group a whole line belongs to, or None for other text."""
    text = _ENUMERATOR.sub("", strip_bullet(line)).strip()
    if not text:
        return None
    for furniture in _furniture():
        if "\n" in text:  # `.*` stops at a newline: only the full match can tell
            if furniture.whole.fullmatch(text):
                return furniture.group
        elif furniture.shape.fullmatch(text) or (furniture.inside is not None and furniture.inside.search(text)):
            return furniture.group
    return None


@dataclass
class Line:
    """One non-empty line of a page and the paragraph block it sits in."""

    text: str
    block: int
