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

from dyad.ingest.dates import DateLine, date_stamps, parse_date, parse_date_line
from dyad.ingest.lines import (
    Line,
    counter_stem,
    ends_sentence,
    furniture_kind,
    is_body,
    is_caption,
    is_heading,
    is_separator,
    same_text,
    word_count,
)
from dyad.ingest.publishers import (
    agency_name,
    canonical_publisher,
    known_publisher,
    looks_like_masthead,
    publisher_from_url,
)
from dyad.ingest.split import SOURCE_LINE, Segment, is_source_line

# One word of a name: "Lee", "El-Din", "O'Brien", "Kramp-Karrenbauer".
_NAME_WORD = r"(?:[A-Z][a-zà-ÿ'’]+|[A-Z]['’][A-Z][a-zà-ÿ]+)(?:-[A-Z]?[a-zà-ÿ'’]+)*"
_NAME = (
    rf"{_NAME_WORD}(?:\s+(?:[A-Z]\.|{_NAME_WORD}|de|van|von|der|den|da|di|du|le|la|al|el|bin|ibn|dos|das|del))*"
    rf"\s+{_NAME_WORD}"
)
_BYLINE_NAMES = re.compile(rf"^(?:[Bb]y\s+)?{_NAME}(?:\s*(?:,|and|&)\s*{_NAME})*$")
BY_PREFIX = re.compile(r"^(?:by|written by|reporting by|text by|author:)\s+(?=\S)", re.I)
# Agency credits at the foot of wire copy: "js/sms (AP, dpa)", "ap/rt (Reuters)".
AGENCY_CREDIT = re.compile(r"^[a-z]{1,4}(?:/[a-z]{1,4})+(?:\s*\([A-Za-z ,.&-]{2,60}\))?$")
_METADATA_KINDS = {"source", "date", "byline", "masthead", "bydate", "label"}
TITLE_MIN_WORDS = 4
# Small words a Title Case headline capitalises and a person's name never holds:
# "On The Naval Hotline" is a deck, not a byline ("and" joins two authors).
_HEADLINE_WORDS = frozenset("the on in of to for at with after before over amid as is are a an from into".split())
# Words that make a Title Case line the name of an issuing office, not a title.
_OFFICE_WORDS = frozenset(
    "Department Ministry Office Embassy Agency Council Commission Government Bureau Secretariat Mission "
    "Consulate Cabinet Directorate Presidency Chancellery Parliament Senate Assembly".split()
)
_NAME_JOINERS = frozenset("of the and for on in & de du des la le".split())
TITLE_MAX_WORDS = 40  # the longest titles, of transcripts of official remarks, run to about 35 words
_TITLE_LINES = 3  # a title stands in the first lines of a page
_CRUMB_LINES = 5  # breadcrumbs sit in the first lines of a page, above or on its title
# "[Title] …", "[Date] …": the labelled fields of databases and archives of documents.
_LABELLED = re.compile(r"^\[(?P<label>[A-Za-z][A-Za-z ]{1,20})\]\s*(?P<value>.*)$")


@dataclass
class Header:
    """What the head of one article says about it."""

    title: str | None = None
    publisher: str | None = None
    date: tuple[str, str, str] | None = None  # (ISO value, precision, method)
    byline: str | None = None
    agency: str | None = None  # the wire agency whose copy the page carries
    updated: str | None = None  # a revision date, kept apart from the publication date
    saved: str | None = None  # the day the page was saved, for "2 hours ago"
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
    if BY_PREFIX.match(text) or AGENCY_CREDIT.match(text):
        return True
    if not _BYLINE_NAMES.match(text) or looks_like_masthead(text):
        return False
    words = re.split(r"[\s,/-]+", text)
    return not any(w in _place_words() or w.casefold() in _HEADLINE_WORDS for w in words)


def section_labels(lines: list[Line]) -> set[str]:
    """Find section names the page links back to ("Back to X"), which are not titles."""
    labels = set()
    for line in lines:
        match = re.match(r"^(?:back to|more from|more on|return to)\s+(.+)$", line.text, re.I)
        if match:
            labels.add(match.group(1).casefold())
    return labels


def read_header(
    segment: Segment, given_title: str | None = None, saved: str | None = None
) -> Header:
    """Classify the head lines of a segment and find where its prose starts.

    The title is a `[Title]` field when there is one; else the first heading
    of four words or more above the first byline, date or source line (or
    anywhere in the head without those), passing over kickers ("World"), the
    issuing office's name and captions; else, on a page with no heading, a
    first prose line that the next line or a breadcrumb repeats, or that ends
    without punctuation (the whole-clause titles of transcripts). Headings
    above the title are kickers and go; those below it (a standfirst) stay.
    """
    head = Header(title=given_title, saved=saved, section_labels=section_labels(segment.lines))
    head.removed.extend(segment.preamble)
    lines = segment.lines
    crumbs = _breadcrumbs(lines[:_CRUMB_LINES])
    end = next(
        (i for i, line in enumerate(lines) if i not in crumbs and is_body(line.text) and not furniture_kind(line.text)),
        len(lines),
    )
    head.body_start = end
    kinds: list[str] = []
    for i, line in enumerate(lines[:end]):
        kinds.append(
            "furniture" if i in crumbs else _kind(line.text, head, seen_heading="heading" in kinds)
        )
    labelled_at = _labelled_title(lines[:end])
    labelled = _LABELLED.match(lines[labelled_at].text) if labelled_at is not None else None
    if head.title is not None:
        title_at = None
    else:  # headings above a `[Title]` field are the archive's masthead, not the document's
        title_at = labelled_at if labelled_at is not None else _title_index(lines, kinds)
    if head.title is None:
        head.title = (
            (labelled.group("value").strip() if labelled else None)
            or _caption_title(lines)
            or (lines[title_at].text if title_at is not None else None)
        )
    if head.title is None and (_sentence_title(lines, end) or _crumbed(lines, crumbs, end)):
        head.title = lines[end].text
        head.removed.append(lines[end].text)
        head.body_start = end + 1
    for i, kind in enumerate(kinds):
        text = lines[i].text
        keep = kind == "other" or (kind == "heading" and title_at is not None and i > title_at)
        if keep and not (head.title and _repeats_title(text, head.title)):
            head.kept.append(i)
        else:
            _record(kind, text, head)
            head.removed.append(text)
    return head


def _sentence_title(lines: list[Line], at: int) -> bool:
    """Tell whether the first prose line of a page with no heading is its title.

    It is when the next line repeats it (a headline printed again as the lead),
    or when it has no closing punctuation and is no longer than the longest
    titles (transcripts and releases are titled with a whole clause).
    """
    if at >= min(len(lines), _TITLE_LINES) or is_caption(lines[at].text):
        return False
    text = lines[at].text
    if at + 1 < len(lines) and same_text(text, lines[at + 1].text):
        return True
    return at + 1 < len(lines) and not ends_sentence(text) and word_count(text) <= TITLE_MAX_WORDS


def _crumbed(lines: list[Line], crumbs: set[int], at: int) -> bool:
    """Tell whether a breadcrumb ends with the text of line `at`: then that line is the title."""
    return at < len(lines) and any(lines[i].text.endswith(lines[at].text) for i in crumbs)


def _breadcrumbs(lines: list[Line]) -> set[int]:
    """Find breadcrumb lines: "Home", a few section names, then another head line's text."""
    found = set()
    for i, line in enumerate(lines):
        words = line.text.split()
        if len(words) < 3 or words[0].casefold() != "home":
            continue
        others = [other.text for j, other in enumerate(lines) if j != i]
        if any(same_text(" ".join(words[k:]), other) for k in range(1, 5) for other in others):
            found.add(i)
    return found


def _labelled_title(lines: list[Line]) -> int | None:
    """Return the index of a `[Title] …` head line, which names the document outright."""
    for i, line in enumerate(lines):
        match = _LABELLED.match(line.text)
        if match and match.group("label").casefold() == "title" and match.group("value").strip():
            return i
    return None


def _title_index(lines: list[Line], kinds: list[str]) -> int | None:
    """Pick the title among the head's headings (see read_header)."""
    headings = [i for i, kind in enumerate(kinds) if kind == "heading" and not is_caption(lines[i].text)]
    if not headings:
        return None
    first_meta = next((i for i, kind in enumerate(kinds) if kind in _METADATA_KINDS), None)
    before = [i for i in headings if first_meta is not None and i < first_meta] or headings
    # Kickers and section names ("World", "Press Releases") are short; a title
    # is the first heading of some length, and a standfirst below it stays text.
    titles = [
        i
        for i in before
        if word_count(lines[i].text) >= TITLE_MIN_WORDS and not _names_an_office(lines[i].text)
    ]
    return titles[0] if titles else max(before, key=lambda i: (word_count(lines[i].text), -i))


def _names_an_office(text: str) -> bool:
    """Tell whether a heading is only the name of an office ("Department of National Defense").

    Releases print the issuing office above their title; such a line is all
    capitalised words but for the small words of a name, and names an office.
    """
    words = text.split()
    if not all(w[:1].isupper() or w in _NAME_JOINERS for w in words):
        return False
    return any(w.strip(",.") in _OFFICE_WORDS for w in words)


def _caption_title(lines: list[Line]) -> str | None:
    """Find a title repeated with counters (`T 1`, `T 2`): the captions of its pictures."""
    for a, b in zip(lines, lines[1:], strict=False):
        if is_body(a.text):
            return None
        stem_a, stem_b = counter_stem(a.text), counter_stem(b.text)
        if stem_a and stem_b and same_text(stem_a, stem_b) and is_heading(stem_a):
            return stem_a
    return None


def _repeats_title(text: str, title: str) -> bool:
    return same_text(text, title) or same_text(counter_stem(text) or "", title)


def _site_name(text: str) -> bool:
    """Tell a line that is only the name of a known outlet of two words or more ("Gulf News"), or its host.

    Above the title too: a scraped page often starts with the site's name,
    and a kicker or section is seldom exactly an outlet's name of several
    words; a one-word name ("Express", "Mint") could be either, so it is not read here.
    """
    name = text.strip()
    return (" " in name and known_publisher(name) is not None) or _host_publisher(name) is not None


def _host_publisher(text: str) -> str | None:
    """Return the known publisher a line naming its web host stands for ("GulfNews.com"), or None."""
    name = text.strip()
    if " " in name or not re.fullmatch(r"(?:[\w-]+\.)+[a-z]{2,}", name, re.I):
        return None
    found = publisher_from_url("https://" + name.lower())
    return found if found is not None and known_publisher(found) is not None else None


def _kind(text: str, head: Header, *, seen_heading: bool) -> str:
    """Name what one head line is, before deciding which heading is the title.

    Mastheads and bylines are only looked for below a heading: above the
    title, a Title Case line is far more often a kicker or a section name.
    A line that says "By …" is a byline wherever it stands.
    """
    if is_source_line(text):
        return "source"
    if _LABELLED.match(text):
        return "label"
    if furniture_kind(text) or is_separator(text) or text.casefold() in head.section_labels:
        return "furniture"
    if parse_date_line(text, head.saved):
        return "date"
    if _byline_and_date(text, head.saved):
        return "bydate"
    if agency_name(text) or (seen_heading and looks_like_masthead(text)) or _site_name(text):
        return "masthead"
    if (seen_heading or BY_PREFIX.match(text)) and is_byline(text):
        return "byline"
    return "heading" if is_heading(text) else "other"


def _record(kind: str, text: str, head: Header) -> None:
    """Keep what a removed head line says about the article."""
    if kind == "source":
        _read_source_line(text, head)
    elif kind == "date":
        for stamp in date_stamps(text, head.saved):
            _record_date(stamp, head)
    elif kind == "bydate":
        found = _byline_and_date(text, head.saved)
        assert found is not None
        head.byline = head.byline or found[0]
        _record_date(found[1], head)
    elif kind == "label":
        _record_label(text, head)
    elif kind == "masthead":
        agency = agency_name(text)
        if agency:
            head.agency = head.agency or agency
        elif not head.publisher:
            head.publisher = _host_publisher(text) or canonical_publisher(text)  # a known name comes back as stored
    elif kind == "byline":
        _record_byline(BY_PREFIX.sub("", text), head)


def _record_date(found: DateLine | None, head: Header) -> None:
    """Keep the first publication date and the first revision date of the head."""
    if found is None:
        return
    if found.updated:
        head.updated = head.updated or found.value
    elif not head.date:
        head.date = (found.value, found.precision, "text")


def _record_label(text: str, head: Header) -> None:
    """Keep what a `[Date] …` or `[Source] …` field says; `[Title]` was read already."""
    match = _LABELLED.match(text)
    assert match is not None
    label, value = match.group("label").casefold(), match.group("value").strip()
    if label in {"date", "published", "issued"}:
        _record_date(parse_date_line(value, head.saved), head)


def _record_byline(text: str, head: Header) -> None:
    """Split a wire credit off a byline: "Jane Doe | Reuters", "Jane Doe, AP"."""
    parts = re.split(r"\s*(?:\||,|/|\bfor\b)\s*", text)
    agency = agency_name(parts[-1]) if len(parts) > 1 else agency_name(text)
    if agency:
        head.agency = head.agency or agency
        text = " ".join(parts[:-1]) if len(parts) > 1 else ""
    if text and not head.byline:
        head.byline = text


def _byline_and_date(text: str, saved: str | None) -> tuple[str, DateLine] | None:
    """Read "Jane Doe, Tuesday 6 Apr 2021" or "By Jane Doe | 27 Oct 2020": a byline then a date."""
    for match in re.finditer(r"\s*[,|–—]\s*", text):
        name, rest = text[: match.start()].strip(), text[match.end() :].strip()
        if name and rest and is_byline(name):
            found = parse_date_line(rest, saved)
            if found:
                return BY_PREFIX.sub("", name), found
    return None


def _read_source_line(text: str, head: Header) -> None:
    """Take publisher and date from an aggregator's "(Source: X; issued DATE)" line."""
    match = SOURCE_LINE.match(text)
    assert match is not None
    head.publisher = head.publisher or canonical_publisher(match.group("publisher"))
    found = parse_date(match.group("date") or "")
    if found and not head.date:
        head.date = (found[0], found[1], "metadata")
