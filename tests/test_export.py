"""The JSONL export writes the DESIGN.md field names, one record per line."""

from __future__ import annotations

import io
import json

import pytest

from dyad.errors import ConfigError
from dyad.export import document_record, export, export_documents_jsonl

DOCUMENT_FIELDS = {
    "type", "id", "source", "part", "title", "publisher", "published", "published_method",
    "byline", "language", "text", "story", "duplicate_of", "cites",
}  # fmt: skip


def _lines(out: io.StringIO) -> list[dict]:
    text = out.getvalue()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_documents_carry_exactly_the_contract_fields(store_db, store_batch):
    store_db.add_batch(store_batch)
    out = io.StringIO()
    assert export_documents_jsonl(store_db, out) == 3
    records = _lines(out)
    assert len(records) == 3
    for record in records:
        assert DOCUMENT_FIELDS <= set(record)
        assert set(record) - DOCUMENT_FIELDS == {"url", "published_precision", "content_hash"}
        assert record["type"] == "document"


def test_document_record_values(store_db, store_batch):
    store_db.add_batch(store_batch)
    out = io.StringIO()
    export_documents_jsonl(store_db, out)
    first = _lines(out)[0]
    doc = store_batch[0][1][0]
    assert first == {
        "type": "document",
        "id": doc.id,
        "source": "seeds/mod.html",
        "part": 0,
        "title": "Defence ministers meet in Tokyo",
        "publisher": "Ministry of Defence",
        "published": "2013-11-02",
        "published_method": "metadata",
        "byline": "Press Office",
        "language": "en",
        "text": "Sergei Shoigu met Itsunori Onodera in Tokyo.",
        "story": None,
        "duplicate_of": None,
        "cites": [],
        "url": "https://example.org/mod",
        "published_precision": "day",
        "content_hash": doc.content_hash,
    }


def test_undated_document_and_non_ascii_text(store_make):
    _, (doc,) = store_make("ja.txt", [("東京で会談", "Сергей Шойгу — 東京")])
    record = document_record(doc)
    assert (record["published"], record["published_method"]) == (None, None)
    out = io.StringIO()
    export(_FakeStore([doc]), "jsonl", out)
    assert "東京で会談" in out.getvalue()
    assert _lines(out)[0]["text"] == "Сергей Шойгу — 東京"


class _FakeStore:
    """Stand in for a Store where only iteration matters."""

    def __init__(self, docs):
        self.docs = docs

    def iter_documents(self, batch=500):
        return iter(self.docs)


def test_export_dispatches_by_format_and_counts_by_type(store_db, store_batch):
    store_db.add_batch(store_batch)
    out = io.StringIO()
    assert export(store_db, "JSONL", out) == {"document": 3}
    assert [r["source"] for r in _lines(out)] == [
        "seeds/mod.html",
        "seeds/mod.html",
        "seeds/tass.txt",
    ]


def test_empty_store_exports_nothing(store_db):
    out = io.StringIO()
    assert export(store_db, "jsonl", out) == {"document": 0}
    assert out.getvalue() == ""


@pytest.mark.parametrize("fmt", ["csv", "parquet", "gdelt", "xml"])
def test_unsupported_format_names_the_supported_ones(store_db, fmt):
    with pytest.raises(ConfigError, match=r"Supported formats: jsonl.*csv, parquet and gdelt"):
        export(store_db, fmt, io.StringIO())
