"""The per-document stage of ingest: one raw input in, its documents out.

`process_raw` is a pure function of the raw item and the settings. It never
touches the store, so it runs the same in this process, in a pool of
workers, or on a cluster.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from dyad.errors import InputError
from dyad.ingest.decode import decode_text
from dyad.ingest.html import extract_html
from dyad.ingest.language import NO_CONTENT, detect_language, repeats_few_words
from dyad.ingest.page import Hints, Item, parse_page
from dyad.model import Document, RawItem, document_id
from dyad.settings import Settings

# spaCy's own limit on one text (Language.max_length): past it the parse raises
# for the whole batch, so a document that long is refused here, alone.
MAX_ANALYSED_CHARS = 1_000_000


@dataclass
class Processed:
    """The documents one raw input gave, and notices worth telling the user."""

    raw: RawItem
    documents: list[Document]
    notices: list[str] = field(default_factory=list)


def process_raw(raw: RawItem, settings: Settings) -> Processed:
    """Read, clean, split and date one raw input.

    Raises:
        InputError: when the input holds no usable article text.
    """
    notices: list[str] = []
    text, hints = _page_text(raw, notices)
    if settings.analyse and len(text) > MAX_ANALYSED_CHARS:
        raise _too_long(raw, "text", len(text))  # refused before cleaning, which costs ~0.7 s a megabyte
    items = parse_page(text, hints)
    if not items:
        raise InputError(raw.location, "no article text is left once page furniture is removed")
    docs = [_document(raw, n, item, settings) for n, item in enumerate(items)]
    too_long = [doc for doc in docs if settings.analyse and doc.analysable and not may_analyse(doc)]
    if too_long:
        raise _too_long(raw, "article text", len(too_long[0].text))
    return Processed(raw, docs, notices)


def _too_long(raw: RawItem, what: str, length: int) -> InputError:
    """Refuse an input longer than the parser takes, saying how to store it anyway.

    The whole page is measured before cleaning, since cleaning a text that
    size costs seconds and seldom brings it under the limit; a page of many
    short articles that long is refused with it (split the file first).
    """
    return InputError(
        raw.location,
        f"its {what} is {length:,} characters, more than the {MAX_ANALYSED_CHARS:,} the parser takes in one "
        "piece; split the file, or ingest it with --no-analyse to store the text only",
    )


def may_analyse(document: Document) -> bool:
    """Tell whether a document passes the guards of every analysis: in English, and short enough to parse.

    Re-analysis (catch-up, a date inherited while linking) asks the same: a
    page of 40,000 quotation marks, never analysed at ingest since it is in
    no language, kept spaCy's tokenizer busy for minutes when re-analysed.
    """
    return document.analysable and len(document.text) <= MAX_ANALYSED_CHARS


def _page_text(raw: RawItem, notices: list[str]) -> tuple[str, Hints]:
    """Return the page's text and the metadata its container gave."""
    fields = raw.fields
    hints = _hints(fields)
    if raw.kind == "record":
        if isinstance(fields.get("html"), str) and fields["html"].strip():
            return _from_html(fields["html"], hints, raw.location)
        return str(fields.get("text") or ""), hints
    text, notice = decode_text(raw.data, raw.location)
    if notice:
        notices.append(f"{raw.location}: {notice}")
    if raw.kind == "html":
        return _from_html(text, hints, raw.location)
    return text, hints


def _from_html(html: str, hints: Hints, location: str) -> tuple[str, Hints]:
    """Extract the article of an HTML page, letting given fields win over its meta tags."""
    article = extract_html(html, hints.url, location)
    merged = Hints(
        title=hints.title or article.title,
        publisher=hints.publisher or article.sitename,
        published=hints.published or article.date,
        byline=hints.byline or article.author,
        url=hints.url or article.url,
        saved=hints.saved,
    )
    return article.text, merged


def _hints(fields: dict[str, Any]) -> Hints:
    def text(*keys: str) -> str | None:
        for key in keys:
            value = fields.get(key)
            if isinstance(value, str) and value.strip():
                return value.strip()
        return None

    return Hints(
        title=text("title"),
        publisher=text("publisher", "source_name", "sitename"),
        published=text("published", "date", "published_at"),
        byline=text("byline", "author"),
        url=text("url", "link"),
        saved=_day(text("fetched", "fetched_at", "saved", "retrieved", "crawled")),
    )


def _day(value: str | None) -> str | None:
    """Keep the ISO day of a fetch timestamp ("2020-10-27T10:14:00Z" → 2020-10-27)."""
    return value[:10] if value and re.match(r"\d{4}-\d{2}-\d{2}", value) else None


def _document(raw: RawItem, part: int, item: Item, settings: Settings) -> Document:
    language = raw.fields.get("language") if isinstance(raw.fields.get("language"), str) else None
    if repeats_few_words(item.text):
        language = NO_CONTENT  # stored, not analysed: generated filler parses as slowly as prose, for nothing
    return Document(
        id=document_id(raw.sha256, part),
        source=raw.source,
        part=part,
        text=item.text,
        raw_sha256=raw.sha256,
        title=item.title,
        publisher=item.publisher,
        published=item.published,
        byline=item.byline,
        agency=item.agency,
        updated=item.updated,
        url=item.url,
        language=language or detect_language(item.text, settings.min_language_chars),
        removed=item.removed,
    )
