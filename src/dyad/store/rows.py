"""Turn records into table rows and back, as pure functions with no database in sight.

Keeping the mapping here means the store's SQL never spells out a column list
twice, and a document read back equals the one written, field for field.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from dyad.model import Document, Published, RawItem

# 50 MB: bigger inputs are remembered by hash and location only, so re-running an
# ingest still skips them, without making the store file grow by their size.
KEEP_LIMIT_BYTES = 50_000_000


def raw_row(raw: RawItem, sha256: str, now: datetime) -> dict[str, Any]:
    """Build the `raw_inputs` row for one input, compressing the bytes kept."""
    kept = zlib.compress(raw.data, 6) if len(raw.data) <= KEEP_LIMIT_BYTES else None
    return {
        "sha256": sha256,
        "source": raw.source,
        "location": raw.location,
        "size": len(raw.data),
        "content": kept,
        "kind": raw.kind,
        "fields": json.dumps(raw.fields, ensure_ascii=False, sort_keys=True, default=str),
        "ingested_at": now,
    }


def raw_content(content: bytes | None) -> bytes | None:
    """Give back the bytes a raw row keeps, or None when they were not kept."""
    return None if content is None else zlib.decompress(content)


def document_row(doc: Document, now: datetime) -> dict[str, Any]:
    """Build the `documents` row for one document."""
    published = doc.published
    return {
        "id": doc.id,
        "raw_sha256": doc.raw_sha256,
        "source": doc.source,
        "part": doc.part,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": published.value if published else None,
        "published_precision": published.precision if published else None,
        "published_method": published.method if published else None,
        "byline": doc.byline,
        "agency": doc.agency,
        "updated": doc.updated,
        "url": doc.url,
        "language": doc.language,
        "text": doc.text,
        "content_hash": doc.content_hash,
        "removed": json.dumps(doc.removed, ensure_ascii=False),
        "story": doc.story,
        "duplicate_of": doc.duplicate_of,
        "cites": json.dumps(doc.cites, ensure_ascii=False),
        "ingested_at": now,
    }


def row_published(row: Any) -> Published | None:
    """Rebuild a document's date from the `published` columns of a row."""
    return published_of(row._mapping)


def published_of(m: Mapping[str, Any]) -> Published | None:
    """Rebuild a document's date from the `published` columns, by name."""
    if m["published"] is None:
        return None
    return Published(value=m["published"], precision=m["published_precision"], method=m["published_method"])


def row_document(row: Any) -> Document:
    """Rebuild a Document from a `documents` row."""
    return document_of(row._mapping)


# The `documents` columns a Document is made of (not `ingested_at`, nor `content_hash` and `link_error`).
DOCUMENT_COLUMNS = ("id", "source", "part", "text", "raw_sha256", "title", "publisher", "published",
                    "published_precision", "published_method", "byline", "agency", "updated", "url", "language",
                    "removed", "story", "duplicate_of", "cites")


def document_of(m: Mapping[str, Any]) -> Document:
    """Rebuild a Document from the DOCUMENT_COLUMNS of a row, by name."""
    return Document(
        id=m["id"],
        source=m["source"],
        part=m["part"],
        text=m["text"],
        raw_sha256=m["raw_sha256"],
        title=m["title"],
        publisher=m["publisher"],
        published=published_of(m),
        byline=m["byline"],
        agency=m["agency"],
        updated=m["updated"],
        url=m["url"],
        language=m["language"],
        removed=json.loads(m["removed"]),
        story=m["story"],
        duplicate_of=m["duplicate_of"],
        cites=json.loads(m["cites"]),
    )


# SQLite allows 32766 bound parameters per statement (999 before 3.32); stay well under.
IN_CHUNK = 900


def in_chunks(items: list[Any], size: int = IN_CHUNK) -> Iterator[list[Any]]:
    """Cut a list of values into pieces small enough for one IN (...) list on every engine."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
