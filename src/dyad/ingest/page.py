"""Turn the text of one page into its articles, with their metadata.

This is the per-page heart of ingest: lines → segments (one per article) →
head and body of each → metadata chosen by a fixed order of trust:

    publisher: given metadata > source line > masthead > page template
               > URL host > the wire agency (when nothing else names the outlet)
    agency:    wire credit in the head (masthead line, "By X | Reuters")
               > wire dateline ("TOKYO (AP) —") > credit at the foot ("(ANI)")
    date:      given metadata > source line > date stamp in the head
               > the saved-on date of the front matter > date line in the body
               > wire dateline > a date in the URL's path

Front matter above the page (`url: …`, ` date 2020-10-27`) is split off
first (dyad.ingest.front).
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from dyad.ingest.clean import clean_body
from dyad.ingest.credits import agency_credit, date_from_url
from dyad.ingest.dates import parse_date, parse_metadata_date
from dyad.ingest.front import read_front_matter
from dyad.ingest.header import AGENCY_CREDIT, read_header
from dyad.ingest.lines import Line, ends_sentence, is_enumerated
from dyad.ingest.normalize import normalize_text
from dyad.ingest.publishers import (
    agency_name,
    canonical_publisher,
    publisher_from_template,
    publisher_from_url,
)
from dyad.ingest.split import Segment, dateline_at, split_page
from dyad.model import Published


@dataclass
class Hints:
    """Metadata the container already gave (HTML meta tags, JSONL fields)."""

    title: str | None = None
    publisher: str | None = None
    published: str | None = None
    byline: str | None = None
    url: str | None = None
    saved: str | None = None  # ISO day the page was fetched or saved


@dataclass
class Item:
    """One article read from a page."""

    text: str
    title: str | None
    publisher: str | None
    published: Published | None
    byline: str | None
    removed: list[str] = field(default_factory=list)
    agency: str | None = None
    updated: str | None = None
    url: str | None = None  # the page's address, given or read from its front matter


def to_lines(text: str) -> list[Line]:
    """Split normalised text into lines, numbering blank-line blocks, rejoining hard wraps."""
    lines: list[Line] = []
    for number, block in enumerate(text.split("\n\n")):
        rows = [row.strip() for row in block.split("\n") if row.strip()]
        if _hard_wrapped(rows):
            rows = [" ".join(rows)]
        for row in rows:
            if lines and lines[-1].block == number and _continues(lines[-1].text, row):
                lines[-1].text = f"{lines[-1].text} {row}"
            else:
                lines.append(Line(row, number))
    return lines


def _hard_wrapped(rows: list[str]) -> bool:
    """Tell whether a block is one paragraph wrapped at a fixed width.

    Wrapped lines are 40–100 characters, mostly end mid-sentence, the last one
    ends the paragraph and is no longer than the others. A title or source line
    above an unwrapped paragraph, a list, or captions fail one of these.
    """
    if len(rows) < 2 or not ends_sentence(rows[-1]):
        return False
    inner = rows[:-1]
    if len(rows[-1]) > max(len(row) for row in inner):
        return False
    if not all(40 <= len(row) <= 100 and not is_enumerated(row) for row in inner):
        return False
    return sum(ends_sentence(row) for row in inner) * 2 <= len(inner)


def _continues(previous: str, line: str) -> bool:
    """Tell whether a line starting in lower case carries on the sentence before it."""
    return line[:1].islower() and not ends_sentence(previous) and not AGENCY_CREDIT.match(line)


def parse_page(text: str, hints: Hints | None = None) -> list[Item]:
    """Return the articles of one page of text, in page order."""
    given = hints or Hints()
    front = read_front_matter(text)
    hints = replace(given, url=given.url or front.url, saved=given.saved or front.saved)
    lines = to_lines(normalize_text(front.text))
    if not lines:
        return []
    template = publisher_from_template(line.text for line in lines)
    segments = split_page(lines)
    items = [_read_segment(seg, hints, template) for seg in segments]
    return [item for item in items if item.text]


def _read_segment(segment: Segment, hints: Hints, template: str | None) -> Item:
    """Read head and body of one article and settle its metadata."""
    head = read_header(segment, hints.title, hints.saved)
    body = clean_body(segment.lines, head)
    dateline = next((dateline_at(x) for x in body.text.split("\n")[:2] if dateline_at(x)), None)
    wire = dateline.group("agency") if dateline and dateline.group("agency") else None
    page_text = "\n".join(line.text for line in segment.lines)  # credits may have left the clean text
    agency = head.agency or (agency_name(wire) if wire else None) or agency_credit(page_text)
    publisher = (
        (canonical_publisher(hints.publisher) if hints.publisher else None)
        or head.publisher
        or template
        or publisher_from_url(hints.url)
        or agency
        or (canonical_publisher(wire) if wire else None)
    )
    published = _choose_date(hints, head.date, body.date, dateline.group("date") if dateline else None, head.updated)
    return Item(
        text=body.text,
        title=head.title,
        publisher=publisher,
        published=published,
        byline=hints.byline or head.byline or body.byline,
        removed=body.removed,
        agency=agency,
        updated=head.updated,
        url=hints.url,
    )


def _choose_date(
    hints: Hints,
    head_date: tuple[str, str, str] | None,
    body_date: tuple[str, str] | None,
    dateline_date: str | None,
    updated: str | None = None,
) -> Published | None:
    """Pick the most trusted date found for an article.

    A page that shows only when it was last updated is dated by that, last
    of all: the day it first appeared is unknown but not later, and its
    "on Tuesday" then resolves to the right week far more often than not at all.
    """
    if hints.published:
        found = parse_metadata_date(hints.published)
        if found:
            return Published(found[0], found[1], "metadata")
    if head_date:
        return Published(*head_date)
    if hints.saved:
        return Published(hints.saved, "day", "saved")
    if body_date:
        return Published(body_date[0], body_date[1], "text")
    if dateline_date:
        found = parse_date(dateline_date)
        if found:
            return Published(found[0], found[1], "dateline")
    found = date_from_url(hints.url)
    if found:
        return Published(found[0], found[1], "url")
    if updated and updated[:1].isdigit():  # a day or a month, not a day without its year
        return Published(updated, "day" if len(updated) == 10 else "month", "updated")
    return None
