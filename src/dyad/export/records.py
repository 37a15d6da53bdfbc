"""The exported record types: their fields, their value types, and how to read them.

Each record type is declared once, as data: its fields in order, each with a
value type (`str`, `int`, `float`, `bool`, `list`, `roles`), and a function that
streams its records as dicts from a store. JSONL writes the dicts as they are;
CSV and Parquet take their columns and Parquet its schema from the same
declaration, so the three formats cannot drift apart. The first fields of each
type are DESIGN.md's contract, in its order; extras follow.

Adding `commitment` or `story` means adding one RecordType to RECORD_TYPES.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from dyad.actors import Actor
from dyad.link.meetings import MergedMeeting
from dyad.model import Document
from dyad.queries import commitments as commitment_queries
from dyad.queries import counts as count_queries
from dyad.queries import events as event_queries
from dyad.queries import meetings as meeting_queries
from dyad.queries import quotes as quote_queries
from dyad.queries import stories as story_queries
from dyad.store import Store
from dyad.store.annotation_rows import role_dict
from dyad.store.counts import is_counted_event

Record = dict[str, Any]


@dataclass(frozen=True)
class RecordType:
    """One exported record type: its name, its (field, value type) pairs, its reader."""

    name: str
    fields: tuple[tuple[str, str], ...]
    read: Callable[[Store], Iterator[Record]]

    @property
    def columns(self) -> list[str]:
        """Name the fields in order, as CSV and Parquet columns."""
        return [name for name, _ in self.fields]


def document_record(doc: Document) -> Record:
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
        "agency": doc.agency,
        "updated": doc.updated,
        "url": doc.url,
        "published_precision": published.precision if published else None,
        "content_hash": doc.content_hash,
    }


def actor_record(actor: Actor) -> Record:
    """Turn an actor into its record; its dated roles come as an extra."""
    return {
        "type": "actor",
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "sector": actor.sector,
        "code": actor.code,
        "aliases": list(actor.aliases),
        "roles": [{k: v for k, v in role_dict(role).items() if k != "source"} for role in actor.roles],
    }


def _pick(kind: str, row: Record, fields: tuple[tuple[str, str], ...]) -> Record:
    """Build a record of one type from a stored row, in the declared field order."""
    return {"type": kind, **{name: row[name] for name, _ in fields}}


def meeting_record(meeting: MergedMeeting, meeting_id: str) -> Record:
    """Turn a meeting merged across documents into its record."""
    return {
        "type": "meeting",
        "id": meeting_id,
        "date": meeting.date,
        "place": meeting.place,
        "format": meeting.format,
        "status": meeting.status,
        "participants": list(meeting.participants),
        "documents": list(meeting.documents),
    }


def read_documents(store: Store) -> Iterator[Record]:
    """Stream every document record, in source order."""
    return (document_record(doc) for doc in store.iter_documents())


def read_actors(store: Store) -> Iterator[Record]:
    """Stream every stored actor: the store holds those mentioned in a text or imported."""
    return (actor_record(actor) for actor in store.iter_actors_batched())


def read_events(store: Store) -> Iterator[Record]:
    """Stream every event record, by document and offset; `counted` says whether it counts (dyad.store.counts)."""
    for event, copies in count_queries.with_copies(store.engine, event_queries.stream_all(store.engine)):
        row = event._asdict()
        row["counted"] = is_counted_event(row, copies)
        yield _pick("event", row, EVENT_FIELDS)


def read_quotes(store: Store) -> Iterator[Record]:
    """Stream every quote record, by document and offset; a quote in a copy has `counted` false."""
    for quote, copies in count_queries.with_copies(store.engine, quote_queries.stream(store.engine)):
        row = {**quote._asdict(), "counted": quote.document not in copies}
        yield _pick("quote", row, QUOTE_FIELDS)


def read_meetings(store: Store) -> Iterator[Record]:
    """Stream the stored meeting records (merged across documents when linked), held and planned, by id."""
    return (meeting_record(meeting, meeting.id) for meeting in meeting_queries.stream(store.engine))


def read_stories(store: Store) -> Iterator[Record]:
    """Stream every story with its documents (earliest first), latest story first."""
    for story, document_ids in story_queries.stream(store.engine):
        yield {
            "type": "story",
            "id": story.id,
            "documents": document_ids,
            "title": story.title,
            "first_date": story.first_date,
            "last_date": story.last_date,
            "publishers": story.publishers,
        }


def read_commitments(store: Store) -> Iterator[Record]:
    """Stream every commitment with its latest follow-up status, by document and offset (`counted` as quotes)."""
    for commitment, copies in count_queries.with_copies(store.engine, commitment_queries.stream(store.engine)):
        row = {**commitment._asdict(), "counted": commitment.document not in copies}
        yield _pick("commitment", row, COMMITMENT_FIELDS)


DOCUMENT_FIELDS = (
    ("id", "str"), ("source", "str"), ("part", "int"), ("title", "str"), ("publisher", "str"),
    ("published", "str"), ("published_method", "str"), ("byline", "str"), ("language", "str"),
    ("text", "str"), ("story", "str"), ("duplicate_of", "str"), ("cites", "list"),
    ("agency", "str"), ("updated", "str"), ("url", "str"), ("published_precision", "str"), ("content_hash", "str"),
)  # fmt: skip
ACTOR_FIELDS = (
    ("id", "str"), ("name", "str"), ("kind", "str"), ("country", "str"), ("sector", "str"),
    ("code", "str"), ("aliases", "list"), ("roles", "roles"),
)  # fmt: skip
EVENT_FIELDS = (
    ("id", "str"), ("document", "str"), ("source_actor", "str"), ("target_actor", "str"),
    ("source_code", "str"), ("target_code", "str"), ("cameo", "str"), ("root", "str"),
    ("quad_class", "int"), ("goldstein", "float"), ("plover", "str"), ("date", "str"),
    ("modality", "str"), ("start", "int"), ("end", "int"), ("documents", "int"),
    ("publishers", "int"), ("date_precision", "str"), ("trigger", "str"),
    ("confidence", "float"), ("coder", "str"), ("counted", "bool"),
)  # fmt: skip
QUOTE_FIELDS = (
    ("id", "str"), ("document", "str"), ("speaker", "str"), ("speaker_name", "str"),
    ("text", "str"), ("direct", "bool"), ("start", "int"), ("end", "int"),
    ("partial", "bool"), ("speaker_start", "int"), ("speaker_end", "int"), ("verb", "str"),
    ("counted", "bool"),
)  # fmt: skip
MEETING_FIELDS = (
    ("id", "str"), ("date", "str"), ("place", "str"), ("format", "str"), ("status", "str"),
    ("participants", "list"), ("documents", "list"),
)  # fmt: skip

STORY_FIELDS = (
    ("id", "str"), ("documents", "list"), ("title", "str"), ("first_date", "str"),
    ("last_date", "str"), ("publishers", "int"),
)  # fmt: skip
COMMITMENT_FIELDS = (
    ("id", "str"), ("document", "str"), ("parties", "list"), ("action", "str"), ("kind", "str"),
    ("made", "str"), ("due", "str"), ("status", "str"), ("status_evidence", "list"),
    ("start", "int"), ("end", "int"), ("due_first", "str"), ("due_last", "str"), ("place", "str"),
    ("status_as_of", "str"), ("fulfilled_on", "str"), ("counted", "bool"),
)  # fmt: skip

# Record type -> declaration, in the order types appear in a JSONL file.
RECORD_TYPES: dict[str, RecordType] = {
    kind.name: kind
    for kind in (
        RecordType("document", DOCUMENT_FIELDS, read_documents),
        RecordType("actor", ACTOR_FIELDS, read_actors),
        RecordType("event", EVENT_FIELDS, read_events),
        RecordType("quote", QUOTE_FIELDS, read_quotes),
        RecordType("meeting", MEETING_FIELDS, read_meetings),
        RecordType("commitment", COMMITMENT_FIELDS, read_commitments),
        RecordType("story", STORY_FIELDS, read_stories),
    )
}
