"""Store reads and writes for commitments and their follow-up.

A mixin of Store, kept in its own module so the store's core stays small.
The reads here are those the follow-up stage decides on as it writes
statuses (the commitments a new document may change, the events and
documents that may settle them): record reads of a stage, kept with the
Store. The board, its totals, `dyad commitments` and the exports read
through dyad.queries.commitments.
Commitments are written with the rest of a document's annotations (see
`annotations.write_annotations`, which calls `commitment_rows`); their status
is written later, by the follow-up stage, through `set_commitment_statuses`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import Engine, bindparam, func, or_, select, update

from dyad.model import Commitment
from dyad.store.annotation_rows import record_id
from dyad.store.engine import reading, writing
from dyad.store.keyset import sorted_read
from dyad.store.progress import unseen
from dyad.store.schema import actors, analyses, commitments, documents, events, mentions

STATUSES = ("pending", "fulfilled", "fulfilled late", "overdue", "contradicted", "unknown")


# Commitment statuses written a statement at a time (see set_commitment_statuses).
STATUS_ROWS = 500


@dataclass
class StoredCommitment:
    """A commitment as stored: the extracted record plus its id, document and status."""

    id: str
    document: str
    commitment: Commitment
    status: str = "unknown"
    status_as_of: str | None = None
    status_evidence: list[str] = field(default_factory=list)
    fulfilled_on: str | None = None


@dataclass
class StatusUpdate:
    """A commitment's status as of a day, with the ids of the records that show it."""

    id: str
    status: str
    as_of: str
    evidence: list[str]
    fulfilled_on: str | None = None


def commitment_rows(document: str, found: Iterable[Commitment]) -> list[dict[str, Any]]:
    """Build the `commitments` rows of one document; status starts unknown, for the follow-up to set."""
    rows = []
    for c in found:
        rows.append({
            "id": record_id(document, "commitment", c.start, c.end, c.action),
            "document": document,
            "parties": json.dumps(c.parties),
            "action": c.action,
            "kind": c.kind,
            "made": c.made,
            "due": c.due,
            "due_first": c.due_first,
            "due_last": c.due_last,
            "place": c.place,
            "start": c.start,
            "end": c.end,
            "status": "unknown",
            "status_as_of": None,
            "status_evidence": "[]",
            "fulfilled_on": None,
        })
    return rows


# Commitments in the order they were made, undated first on every engine (PostgreSQL sorts NULL last).
MADE_KEY = func.coalesce(commitments.c.made, "").label("made_key")


def row_commitment(row: Any) -> StoredCommitment:
    """Rebuild a stored commitment from its row (the trigger is not stored: it is in the text)."""
    found = Commitment(
        parties=json.loads(row.parties), action=row.action, kind=row.kind, made=row.made,
        start=row.start, end=row.end, trigger="", due=row.due, due_first=row.due_first,
        due_last=row.due_last, place=row.place,
    )
    return StoredCommitment(row.id, row.document, found, row.status, row.status_as_of,
                            json.loads(row.status_evidence), row.fulfilled_on)


class FollowUpRecords:
    """Store methods for the follow-up: the commitments a new document may change, their evidence, their status."""

    _engine: Engine

    def commitments_to_follow(self, only_new: bool = False, batch: int = 500) -> Iterator[StoredCommitment]:
        """Yield the commitments that analyses the follow-up has not seen could change, earliest made first.

        Those are the new documents' own commitments, older ones whose
        parties the new documents mention, and those naming no party.
        With `only_new` False: all of them. Undated ones come first. They
        come `batch` at a time from one sorted read: a follow-up of 20,000
        articles' commitments holds a batch of them, not all their ids.
        """
        query = select(commitments, MADE_KEY)
        if only_new:
            fresh = select(analyses.c.document).where(unseen())
            with reading(self._engine) as conn:
                states = set(conn.scalars(_states_mentioned(fresh)))
            touched = [commitments.c.parties.like(f'%"{state}"%') for state in sorted(states - {None})]
            query = query.where(or_(commitments.c.document.in_(fresh), commitments.c.parties == "[]", *touched))
        for row in sorted_read(self._engine, query.order_by(MADE_KEY, commitments.c.id), batch):
            yield row_commitment(row)

    def set_commitment_statuses(self, updates: Iterable[StatusUpdate]) -> int:
        """Write follow-up results; return how many commitments changed.

        STATUS_ROWS updates go in one statement (executemany): one statement
        each, built and compiled each time, cost a quarter millisecond a
        commitment, a fifth of the follow-up.
        """
        statement = update(commitments).where(commitments.c.id == bindparam("b_id")).values(
            status=bindparam("b_status"), status_as_of=bindparam("b_as_of"),
            status_evidence=bindparam("b_evidence"), fulfilled_on=bindparam("b_fulfilled"),
        )
        changed = 0
        with writing(self._engine) as conn:
            items = iter(updates)  # judged lazily, as they are written: a store's worth is never held
            while chunk := list(islice(items, STATUS_ROWS)):
                result = conn.execute(statement, [
                    {"b_id": item.id, "b_status": item.status, "b_as_of": item.as_of,
                     "b_evidence": json.dumps(item.evidence), "b_fulfilled": item.fulfilled_on}
                    for item in chunk
                ])
                changed += int(result.rowcount or 0)
        return changed

    def events_with_codes(self, codes: Iterable[str], after: str) -> Iterator[dict[str, Any]]:
        """Stream the asserted or reported events with these CAMEO codes, dated on or after a year.

        Only the columns a follow-up reads, a thousand rows at a time: at
        20,000 articles they are 400,000 events, whose full rows held at
        once took most of a gigabyte.
        """
        columns = (events.c.id, events.c.document, events.c.date, events.c.source_actor, events.c.target_actor,
                   events.c.cameo, events.c.trigger)
        query = select(*columns).where(
            events.c.cameo.in_(sorted(set(codes))),
            events.c.modality.in_(("asserted", "reported")),
            events.c.date >= after,
        ).order_by(events.c.date, events.c.id)
        with reading(self._engine) as conn:
            for row in conn.execution_options(yield_per=1000).execute(query):
                yield dict(row._mapping)

    def documents_naming(
        self, parties: Iterable[str], after: str, until: str, exclude: str, limit: int
    ) -> list[tuple[str, str]]:
        """List documents published after one ISO day, up to another, naming a party or one of its people.

        The first `limit` by date, as (id, published): what a promise's
        later reports are looked for in (dyad.link.followup_reports).
        """
        states = sorted(set(parties))
        named = select(actors.c.id).where(or_(actors.c.id.in_(states), actors.c.country.in_(states)))
        query = (
            select(documents.c.id, documents.c.published).distinct()
            .join(mentions, mentions.c.document == documents.c.id)
            .where(mentions.c.actor.in_(named), documents.c.published > after, documents.c.published <= until + "~",
                   documents.c.id != exclude)
            .order_by(documents.c.published, documents.c.id)
            .limit(limit)
        )
        with reading(self._engine) as conn:
            return [(doc_id, published) for doc_id, published in conn.execute(query)]

    def commitment_mentions(self, document: str, start: int, end: int) -> list[str]:
        """Return the people a commitment's evidence names, by actor id."""
        query = select(mentions.c.actor).where(
            mentions.c.document == document, mentions.c.start >= start, mentions.c.start < end,
            mentions.c.kind == "person", mentions.c.actor.is_not(None),
        )
        with reading(self._engine) as conn:
            return list(dict.fromkeys(conn.scalars(query)))


def _states_mentioned(fresh: Any) -> Any:
    """Select the states (or people's countries) mentioned in some documents."""
    return (
        select(actors.c.country)
        .join(mentions, mentions.c.actor == actors.c.id)
        .where(mentions.c.document.in_(fresh))
        .union(select(actors.c.id).join(mentions, mentions.c.actor == actors.c.id)
               .where(mentions.c.document.in_(fresh), actors.c.kind == "state"))
    )
