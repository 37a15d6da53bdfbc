"""Write what a store holds in the exchange formats of DESIGN.md.

JSONL is one record per line, each with a `"type"`; the field names of each type
are a fixed contract (DESIGN.md, "JSONL export: field names"). A record type is
a pure function from a record to a dict plus a writer that streams every record
of that type; adding actors, events or quotes means adding one of each to
JSONL_WRITERS, nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TextIO

from dyad.errors import ConfigError
from dyad.model import Document
from dyad.store import Store

Writer = Callable[[Store, TextIO], int]


def document_record(doc: Document) -> dict[str, Any]:
    """Turn a document into its JSONL record: the contract fields, then extras."""
    published = doc.published
    return {
        "type": "document",
        "id": doc.id,
        "source": doc.source,
        "part": doc.part,
        "title": doc.title,
        "publisher": doc.publisher,
        "published": published.value if published else None,
        "published_method": published.method if published else None,
        "byline": doc.byline,
        "language": doc.language,
        "text": doc.text,
        "story": doc.story,
        "duplicate_of": doc.duplicate_of,
        "cites": list(doc.cites),
        # Extras beyond the contract.
        "url": doc.url,
        "published_precision": published.precision if published else None,
        "content_hash": doc.content_hash,
    }


def write_jsonl_line(record: dict[str, Any], out: TextIO) -> None:
    """Write one record as one line of JSON, keeping non-ASCII text readable."""
    out.write(json.dumps(record, ensure_ascii=False))
    out.write("\n")


def export_documents_jsonl(store: Store, out: TextIO) -> int:
    """Write every document as a JSONL record, in source order; return how many."""
    count = 0
    for doc in store.iter_documents():
        write_jsonl_line(document_record(doc), out)
        count += 1
    return count


# Record type -> writer, in the order types appear in the file. Later issues add
# actor, event, quote, commitment, meeting and story here.
JSONL_WRITERS: dict[str, Writer] = {
    "document": export_documents_jsonl,
}


def export_jsonl(store: Store, out: TextIO) -> dict[str, int]:
    """Write every record type as JSONL; return the count written per type."""
    return {kind: writer(store, out) for kind, writer in JSONL_WRITERS.items()}


FORMATS: dict[str, Callable[[Store, TextIO], dict[str, int]]] = {
    "jsonl": export_jsonl,
}


def export(store: Store, fmt: str, out: TextIO) -> dict[str, int]:
    """Write a store in the named format; return the count written per record type.

    Args:
        store: the store to read.
        fmt: the format name, as given to `dyad export --format`.
        out: a text stream to write to (a file or stdout).

    Returns:
        How many records of each type were written, e.g. {"document": 12}.
    """
    writer = FORMATS.get(fmt.strip().lower())
    if writer is None:
        raise ConfigError(
            f"Cannot export as {fmt!r}. Supported formats: {', '.join(sorted(FORMATS))}; "
            "csv, parquet and gdelt come with the events issue."
        )
    return writer(store, out)
