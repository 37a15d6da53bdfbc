"""Write records as JSONL: one JSON object per line, each with its `"type"`."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any, TextIO

from dyad.export.records import RECORD_TYPES, read_documents
from dyad.store import Store


def write_jsonl_line(record: dict[str, Any], out: TextIO) -> None:
    """Write one record as one line of JSON, keeping non-ASCII text readable."""
    out.write(json.dumps(record, ensure_ascii=False))
    out.write("\n")


def export_documents_jsonl(store: Store, out: TextIO) -> int:
    """Write every document as a JSONL record, in source order; return how many."""
    count = 0
    for record in read_documents(store):
        write_jsonl_line(record, out)
        count += 1
    return count


def export_jsonl(store: Store, out: TextIO, types: Sequence[str]) -> dict[str, int]:
    """Write the named record types as JSONL, type after type; return the count per type."""
    counts: dict[str, int] = {}
    for kind in types:
        counts[kind] = 0
        for record in RECORD_TYPES[kind].read(store):
            write_jsonl_line(record, out)
            counts[kind] += 1
    return counts
