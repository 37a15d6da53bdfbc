"""Read an article's head: title, publisher, date and byline.

The head is everything above the first line of prose. Scrapes put the title,
a date stamp, bylines, a masthead and navigation there in any order, so each
line is classified by shape and the first good answer of each kind wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

import pycountry

from dyad.ingest.dates import parse_date
from dyad.ingest.lines import (
    Line,
    counter_stem,
    furniture_kind,
    is_body,
    is_heading,
    is_separator,
    same_text,
)
from dyad.ingest.publishers import canonical_publisher, looks_like_masthead
from dyad.ingest.split import SOURCE_LINE, Segment, is_source_line

_NAME = r"[A-Z][a-zà-ÿ'’-]+(?:\s+(?:[A-Z]\.|[A-Z][a-zà-ÿ'’-]+|de|van|von|der|den|da|di|du|le|la|al|el|bin|ibn|dos|das|del))*\s+[A-Z][a-zà-ÿ'’-]+"
_BYLINE_NAMES = re.compile(rf"^(?:by\s+)?{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*$", re.I)
_BY_PREFIX = re.compile(r"^(?:by|written by|reporting by|text by|author:)\s+\S", re.I)
# Agency credits at the foot of wire copy: "js/sms (AP, dpa)", "ap/rt (Reuters)".
AGENCY_CREDIT = re.compile(r"^[a-z]{1,4}(?:/[a-z]{1,4})+(?:\s*\([A-Za-z ,.&-]{2,60}\))?$")
_DATE_PRECISIONS = {"day", "month", "monthday"}


@dataclass
class Header:
    """What the head of one article says about it."""

    title: str | None = None
    publisher: str | None = None
    date: tuple[str, str, str] | None = None  # (ISO value, precision, method)
    byline: str | None = None
    body_start: int = 0
    removed: list[str] = field(default_factory=list)
    kept: list[int] = field(default_factory=list)  # head lines that stay in the text
    section_labels: set[str] = field(default_factory=set)


@cache
def _place_words() -> frozenset[str]:
    """Collect words of country names, which make a capitalised line a place, not a person."""
    words: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            words.update(getattr(country, attr, "").split())
    return frozenset(w for w in words if w[:1].isupper() and len(w) > 3)


def is_byline(text: str) -> bool:
    """Tell whether a head line names the authors rather than the story."""
    if _BY_PREFIX.match(text) or AGENCY_CREDIT.match(text):
        return True
    if not _BYLINE_NAMES.match(text) or looks_like_masthead(text):
        return False
    return not any(w.strip(",") in _place_words() for w in text.split())


def section_labels(lines: list[Line]) -> set[str]:
    """Find section names the page links back to ("Back to X"), which are not titles."""
    labels = set()
    for line in lines:
        match = re.match(r"^(?:back to|more from|more on|return to)\s+(.+)$", line.text, re.I)
        if match:
            labels.add(match.group(1).casefold())
    return labels


def read_header(segment: Segment, given_title: str | None = None) -> Header:
    """Classify the head lines of a segment and find where its prose starts."""
    head = Header(title=given_title, section_labels=section_labels(segment.lines))
    head.removed.extend(segment.preamble)
    lines = segment.lines
    caption_title = _caption_title(lines)
    if caption_title and not head.title:
        head.title = caption_title
    i = 0
    while i < len(lines) and not is_body(lines[i].text):
        if _classify(lines[i].text, head):
            head.kept.append(i)
        else:
            head.removed.append(lines[i].text)
        i += 1
    head.body_start = i
    return head


def _caption_title(lines: list[Line]) -> str | None:
    """Find a title repeated with counters (`T 1`, `T 2`): the captions of its pictures."""
    for a, b in zip(lines, lines[1:], strict=False):
        if is_body(a.text):
            return None
        stem_a, stem_b = counter_stem(a.text), counter_stem(b.text)
        if stem_a and stem_b and same_text(stem_a, stem_b) and is_heading(stem_a):
            return stem_a
    return None


def _classify(text: str, head: Header) -> bool:
    """Record what one head line tells; return True when the line stays in the text."""
    if is_source_line(text):
        _read_source_line(text, head)
    elif head.title and (same_text(text, head.title) or same_text(counter_stem(text) or "", head.title)):
        pass  # a repeat of the title
    elif furniture_kind(text) or is_separator(text) or text.casefold() in head.section_labels:
        pass
    elif _date_line(text):
        head.date = head.date or (*_date_line(text), "text")  # type: ignore[misc]
    elif head.title is None and is_heading(text):
        head.title = text
    elif head.title and looks_like_masthead(text) and not head.publisher:
        head.publisher = canonical_publisher(text)
    elif head.title and is_byline(text) and not head.byline:
        head.byline = re.sub(r"^by\s+", "", text, flags=re.I)
    else:
        return True  # an unclassified head line (a standfirst, a kicker) stays in the text
    return False


def _date_line(text: str) -> tuple[str, str] | None:
    found = parse_date(text)
    return found if found and found[1] in _DATE_PRECISIONS else None


def _read_source_line(text: str, head: Header) -> None:
    """Take publisher and date from an aggregator's "(Source: X; issued DATE)" line."""
    match = SOURCE_LINE.match(text)
    assert match is not None
    head.publisher = head.publisher or canonical_publisher(match.group("publisher"))
    found = parse_date(match.group("date") or "")
    if found and not head.date:
        head.date = (found[0], found[1], "metadata")
