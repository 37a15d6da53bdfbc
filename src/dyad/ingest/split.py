"""Cut a page that holds several articles into one segment per article.

Aggregator pages, press digests and wire round-ups put several items on one
page. Each item announces itself the same way within a page: a title followed
by a source line ("(Source: X; issued DATE)"), a title followed by a wire
dateline ("MOSCOW, March 3 (Reuters) –"), or a separator line between items.
A page with none of these is one item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dyad.ingest.lines import Line, is_body, is_heading, is_separator, word_count
from dyad.ingest.publishers import agency_name

SOURCE_LINE = re.compile(
    r"^\(?\s*(?:source|from|publisher|published by)\s*:?\s+"
    r"(?P<publisher>[^;|()]+?)"
    r"(?:\s*(?:[;,|]|\bon\b)\s*(?:(?:issued|published|posted|dated|updated)\s*(?:on\s*)?:?\s*)?"
    r"(?P<date>[^;|()]+?))?\s*\)?$",
    re.I,
)
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'’ -]{1,40}?(?:,\s*[A-Z][A-Za-z.'’ -]{1,30})?)"
    r"(?:,\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
    r"\s*(?:\((?P<agency>[^)]{2,40})\))?\s*[-–—:]+\s+"
)
# "Lisbon, March 4 (Jiji Press)--", "Tokyo [Japan], October 7 (ANI):": a place
# written in Title Case is a dateline only with both a date and an agency.
WIRE_DATELINE = re.compile(
    r"^(?P<place>[A-Z][\w.'’-]+(?:\s+[A-Z][\w.'’-]+){0,3}(?:\s*\[[^\]]{2,30}\])?)"
    r",\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)"
    r"\s*\((?P<agency>[^)]{2,40})\)\s*[-–—:]+\s*(?=\S)"
)
# "MOSCOW, June 30. /TASS/.": the agency between slashes after the date, as TASS writes it
SLASHED_DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Za-z.'’ -]{1,40}?)"
    r",\s*(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)\.?"
    r"\s*/(?P<agency>[A-Z][\w -]{1,30}?)/\.?\s+(?=\S)"
)
_MIN_ITEM_BODY = 2  # body lines an item needs before a separator counts as a boundary


@dataclass
class Segment:
    """The lines of one article, and the source line that introduced it, if any."""

    lines: list[Line]
    source_line: str | None = None
    preamble: list[str] = field(default_factory=list)


def is_source_line(text: str) -> bool:
    match = SOURCE_LINE.match(text)
    return match is not None and word_count(match.group("publisher")) <= 8


def dateline_at(text: str) -> re.Match[str] | None:
    """Match a wire dateline at the start of a paragraph; it needs a date or an agency."""
    match = DATELINE.match(text)
    if match and (match.group("date") or match.group("agency")):
        return match
    wire = WIRE_DATELINE.match(text)
    if wire:
        return wire
    slashed = SLASHED_DATELINE.match(text)  # only a known agency: "/Updated/" is no wire
    return slashed if slashed and agency_name(slashed.group("agency")) else None


def split_page(lines: list[Line]) -> list[Segment]:
    """Return one segment per article on the page, in page order."""
    for finder in (_source_line_starts, _dateline_starts):
        starts = finder(lines)
        if starts:
            return _cut(lines, starts)
    return _split_on_separators(lines) or [Segment(lines)]


def _source_line_starts(lines: list[Line]) -> list[int]:
    """Start an item at the title line above each source line."""
    starts = []
    for i, line in enumerate(lines):
        if is_source_line(line.text) and i > 0 and is_heading(lines[i - 1].text):
            starts.append(i - 1)
    return starts


def _dateline_starts(lines: list[Line]) -> list[int]:
    """Start an item at the title above each dateline, when a page has two or more."""
    starts = [
        i - 1
        for i, line in enumerate(lines)
        if i > 0 and dateline_at(line.text) and is_body(line.text) and is_heading(lines[i - 1].text)
    ]
    return starts if len(starts) >= 2 else []


def _cut(lines: list[Line], starts: list[int]) -> list[Segment]:
    """Cut lines at item starts; what precedes the first item is page preamble."""
    preamble = [line.text for line in lines[: starts[0]]]
    segments = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        chunk = lines[start:end]
        source = chunk[1].text if len(chunk) > 1 and is_source_line(chunk[1].text) else None
        segments.append(Segment(chunk, source, preamble if n == 0 else []))
    return segments


def _split_on_separators(lines: list[Line]) -> list[Segment] | None:
    """Split at separator lines when every piece is a whole article (title plus body)."""
    pieces: list[list[Line]] = [[]]
    for line in lines:
        if is_separator(line.text) and len(line.text.replace(" ", "")) >= 3:
            pieces.append([])
        else:
            pieces[-1].append(line)
    pieces = [p for p in pieces if p]
    if len(pieces) < 2 or not all(_is_article(p) for p in pieces):
        return None
    return [Segment(p) for p in pieces]


def _is_article(lines: list[Line]) -> bool:
    return is_heading(lines[0].text) and sum(is_body(x.text) for x in lines) >= _MIN_ITEM_BODY
