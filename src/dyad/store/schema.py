"""The store's tables, declared once in SQLAlchemy Core for SQLite and PostgreSQL.

Only generic column types are used here so the same declarations create the same
tables on both engines; anything engine-specific (SQLite's FTS5 index,
PostgreSQL's text search index, index orders spelt per engine) lives in a
migration step. JSON-valued columns hold JSON text
written and read by the store, so they look the same on every engine.

    raw_inputs   one row per distinct input (file, JSONL line, WARC record), keyed
                 by the SHA-256 of its bytes, with the bytes kept compressed so a
                 document can always be re-processed
    documents    one row per article cut from a raw input; `content_hash` is unique
                 so an exact copy of a text is stored once; its link state is
                 stored (no story yet), linked (a story) or failed (`link_error`)
    migrations   the name of every migration applied, so a store knows its version
    store_generation  one row counting the store's write transactions, so that a
                 reader keeping answers can tell in one look whether any is out of date
    actors       every actor a document mentions or a user imported, with roles
    mentions     spans of a document's text tied to an actor, and how
    times        date expressions in a document's text, resolved to dates
    analyses     which version of extraction last annotated each document, and
                 whether the commitment follow-up has seen that analysis yet
    events       who did what to whom (CAMEO), with evidence offsets
    dyad_months  the events that count per pair of states, month and quad class
    quotes       words attributed to a speaker, direct or reported
    meetings     meetings a document reports: date, place, format, participants,
                 and the meeting record (`meeting_records`) linking put it in
    meeting_records  one row per meeting, merged across the documents reporting
                 it during linking (dyad.link.meeting_records): a stable id, the
                 most precise date, the place, format and participants
    meeting_people   who took part in each meeting record, for finding by person
    stories      groups of documents that report one happening
    lsh_bands    MinHash LSH band keys of documents and paragraphs, for finding
                 near-copies and re-quoted passages without scanning the corpus
    commitments  promises, agreements, proposals and invitations, with their status
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    DateTime,
    Float,
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
    Column("agency", Text),
    Column("updated", String(32)),
    Column("url", Text),
    Column("language", String(16)),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("removed", Text, nullable=False, default="[]"),
    Column("story", String(64)),
    Column("duplicate_of", String(64)),
    Column("cites", Text, nullable=False, default="[]"),
    Column("ingested_at", DateTime(timezone=True), nullable=False),
    # Why linking this document failed (migration 0014); NULL while it waits
    # to be linked (`story` NULL) and once it is linked. A failed document is
    # not tried again by later runs.
    Column("link_error", Text),
)

Index("ix_documents_content_hash", documents.c.content_hash, unique=True)
# (source, part, id) is the export order and the keyset for streaming it.
Index("ix_documents_order", documents.c.source, documents.c.part, documents.c.id)
Index("ix_documents_raw", documents.c.raw_sha256)
Index("ix_documents_publisher", documents.c.publisher)
Index("ix_documents_published", documents.c.published)
# A story's documents are read each time one joins it (dyad.link.stories).
ix_documents_story = Index("ix_documents_story", documents.c.story)

migrations = Table(
    "migrations",
    metadata,
    Column("name", String(128), primary_key=True),
    Column("applied_at", DateTime(timezone=True), nullable=False),
)

store_generation = Table(
    "store_generation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("n", BigInteger, nullable=False),
)

actors = Table(
    "actors",
    metadata,
    Column("id", String(128), primary_key=True),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("country", String(16)),
    Column("sector", String(16)),
    Column("code", String(32)),
    Column("aliases", Text, nullable=False, default="[]"),
    # JSON list of {role, role_key, country, sector, start, end, source}.
    Column("roles", Text, nullable=False, default="[]"),
    # "dictionary" (bundled), "text" (found in a document), "import" (a user's file)
    Column("origin", String(16), nullable=False),
)
Index("ix_actors_country", actors.c.country)

mentions = Table(
    "mentions",
    metadata,
    Column("document", String(64), ForeignKey("documents.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("actor", String(128), ForeignKey("actors.id")),
    Column("kind", String(16), nullable=False),
    Column("method", String(16), nullable=False),
    Column("confidence", Float, nullable=False),
    Column("used_by", String(16)),
)
Index("ix_mentions_actor", mentions.c.actor)

times = Table(
    "times",
    metadata,
    Column("document", String(64), ForeignKey("documents.id"), primary_key=True),
    Column("start", Integer, primary_key=True),
    Column("end", Integer, primary_key=True),
    Column("text", Text, nullable=False),
    Column("value", String(32)),
    Column("first", String(10)),
    Column("last", String(10)),
    Column("precision", String(16), nullable=False),
    Column("anchored", Boolean, nullable=False),
    Column("modifier", String(16)),
)

analyses = Table(
    "analyses",
    metadata,
    Column("document", String(64), ForeignKey("documents.id"), primary_key=True),
    Column("version", String(16), nullable=False),
    Column("analysed_at", DateTime(timezone=True), nullable=False),
    # When the commitment follow-up took this analysis into account (migration
    # 0014): NULL until then, and again after the document is re-analysed.
    Column("followed_at", DateTime(timezone=True)),
)

events = Table(
    "events",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document", String(64), ForeignKey("documents.id"), nullable=False),
    Column("source_actor", String(128)),
    Column("target_actor", String(128)),
    Column("source_code", String(32)),
    Column("target_code", String(32)),
    Column("cameo", String(8), nullable=False),
    Column("root", String(2), nullable=False),
    Column("quad_class", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    Column("plover", String(32)),
    Column("date", String(32)),
    Column("date_precision", String(16)),
    Column("modality", String(16), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("confidence", Float, nullable=False),
    Column("coder", String(32), nullable=False),
    # How many documents, and distinct publishers, report this event (a copy counts once).
    Column("documents", Integer, nullable=False, default=1),
    Column("publishers", Integer, nullable=False, default=1),
    # The states behind source and target (a minister's country, a place's
    # holder) and their pair in alphabetical order ("JPN-RUS"): listings filter
    # on these by equality, which an index serves in date order (migration 0008).
    Column("source_country", String(3)),
    Column("target_country", String(3)),
    Column("dyad", String(7)),
    # The publisher of the event's document, copied here so a publisher's
    # listing is read off an index in date order (migration 0009).
    Column("publisher", Text),
    # Its document's title, copied for the same reason (migration 0011): a
    # listing page then reads only the events' own rows. Titles never change
    # once a document is stored.
    Column("document_title", Text),
)
Index("ix_events_document", events.c.document)

# The events that count summed per pair, month ("" for none) and quad class,
# kept equal to the events by triggers (dyad.store.dyad_months, migration 0020).
dyad_months = Table(
    "dyad_months",
    metadata,
    Column("dyad", String(7), primary_key=True),
    Column("month", String(7), primary_key=True),
    Column("quad_class", Integer, primary_key=True),
    Column("events", Integer, nullable=False),
    Column("goldstein", Float, nullable=False),
    sqlite_with_rowid=False,
)
Index("ix_events_dyad", events.c.source_code, events.c.target_code, events.c.date)
# Migration 0007 adds the listing indexes (latest first, per root and per actor,
# and by target code) in DDL, since their NULLS LAST order is spelt per engine.

quotes = Table(
    "quotes",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document", String(64), ForeignKey("documents.id"), nullable=False),
    Column("speaker", String(128)),
    Column("speaker_name", Text),
    Column("text", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Column("partial", Boolean, nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("speaker_start", Integer),
    Column("speaker_end", Integer),
    Column("verb", String(32)),
)
Index("ix_quotes_document", quotes.c.document)
Index("ix_quotes_speaker", quotes.c.speaker)

meetings = Table(
    "meetings",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document", String(64), ForeignKey("documents.id"), nullable=False),
    Column("date", String(32)),
    Column("place", Text),
    Column("format", String(32)),
    Column("participants", Text, nullable=False, default="[]"),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("trigger", Text, nullable=False),
    Column("status", String(16), nullable=False, default="held", server_default="held"),
    Column("record", String(32)),  # the meeting_records row; NULL until linked
)
Index("ix_meetings_document", meetings.c.document)
Index("ix_meetings_date", meetings.c.date)
ix_meetings_record = Index("ix_meetings_record", meetings.c.record)

meeting_records = Table(
    "meeting_records",
    metadata,
    Column("id", String(32), primary_key=True),  # from the report that started it: never changes
    Column("date", String(32)),
    Column("place", Text),
    Column("format", String(32)),
    Column("participants", Text, nullable=False, default="[]"),  # JSON list of actor ids
    Column("status", String(16), nullable=False, default="held", server_default="held"),  # or planned: previews only
)
Index("ix_meeting_records_date", meeting_records.c.date)

meeting_people = Table(
    "meeting_people",
    metadata,
    Column("actor", String(64), primary_key=True),
    Column("record", String(32), primary_key=True),
)

stories = Table(
    "stories",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("title", Text),
    Column("first_date", String(32)),
    Column("last_date", String(32)),
    Column("created_at", DateTime(timezone=True), nullable=False),
    # True from the link write that changed the story until its events are
    # recounted (migration 0014), so a run stopped in between is finished.
    Column("counts_stale", Boolean),
)

lsh_bands = Table(
    "lsh_bands",
    metadata,
    Column("level", String(8), primary_key=True),  # "doc" or "para"
    Column("band", Integer, primary_key=True),
    Column("key", String(32), primary_key=True),
    Column("document", String(64), ForeignKey("documents.id"), primary_key=True),
    Column("paragraph", Integer, primary_key=True),  # 0 for level "doc"
)
# No index on `document` alone (migration 0021 drops the one there was): every
# read of this table goes by band key, and no document is ever deleted, so an
# index by document was only kept up, at a third of the cost of each row written.

commitments = Table(
    "commitments",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("document", String(64), ForeignKey("documents.id"), nullable=False),
    Column("parties", Text, nullable=False, default="[]"),  # JSON list of actor ids
    Column("action", Text, nullable=False),
    Column("kind", String(16), nullable=False),  # agreement, intention, proposal, invitation
    Column("made", String(32)),
    Column("due", String(32)),  # ISO value or first/last range
    Column("due_first", String(10)),
    Column("due_last", String(10)),
    Column("place", Text),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("status", String(16), nullable=False, default="unknown"),
    Column("status_as_of", String(10)),
    Column("status_evidence", Text, nullable=False, default="[]"),  # JSON ids of events, meetings, documents
    Column("fulfilled_on", String(32)),
)
Index("ix_commitments_document", commitments.c.document)
Index("ix_commitments_status", commitments.c.status)
