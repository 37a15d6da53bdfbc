"""The store's tables, declared once in SQLAlchemy Core for SQLite and PostgreSQL.

Only generic column types are used here so the same declarations create the same
tables on both engines; anything engine-specific (SQLite's FTS5 index) lives in a
migration step that runs on that engine only. JSON-valued columns hold JSON text
written and read by the store, so they look the same on every engine.

    raw_inputs   one row per distinct input (file, JSONL line, WARC record), keyed
                 by the SHA-256 of its bytes, with the bytes kept compressed so a
                 document can always be re-processed
    documents    one row per article cut from a raw input; `content_hash` is unique
                 so an exact copy of a text is stored once
    migrations   the name of every migration applied, so a store knows its version
"""

from __future__ import annotations

from sqlalchemy import (
    Column,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()

raw_inputs = Table(
    "raw_inputs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("source", Text, nullable=False),
    Column("location", Text, nullable=False),
    Column("size", Integer, nullable=False),
    # zlib-compressed bytes; NULL when the input was over the keep limit.
    Column("content", LargeBinary, nullable=True),
    Column("kind", String(16), nullable=False),
    Column("fields", Text, nullable=False, default="{}"),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

documents = Table(
    "documents",
    metadata,
    Column("id", String(64), primary_key=True),
    Column("raw_sha256", String(64), ForeignKey("raw_inputs.sha256"), nullable=False),
    Column("source", Text, nullable=False),
    Column("part", Integer, nullable=False),
    Column("title", Text),
    Column("publisher", Text),
    # ISO 8601 cut to its precision: 2019-05-30, 2013-11, 2013 or --11-02.
    Column("published", String(32)),
    Column("published_precision", String(16)),
    Column("published_method", String(16)),
    Column("byline", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("removed", Text, nullable=False, default="[]"),
    Column("story", String(64)),
    Column("duplicate_of", String(64)),
    Column("cites", Text, nullable=False, default="[]"),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
)

Index("ix_documents_content_hash", documents.c.content_hash, unique=True)
# (source, part, id) is the export order and the keyset for streaming it.
Index("ix_documents_order", documents.c.source, documents.c.part, documents.c.id)
Index("ix_documents_raw", documents.c.raw_sha256)
Index("ix_documents_publisher", documents.c.publisher)
Index("ix_documents_published", documents.c.published)

migrations = Table(
    "migrations",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)
