"""How far a run has come: documents per link state, failed links (`dyad report`), analyses not followed up.

The store records the states (dyad.store.progress); these read them.
"""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Engine, func, select

from dyad.queries.paging import clamp
from dyad.store.engine import reading
from dyad.store.progress import LINK_STATES, unseen
from dyad.store.schema import analyses, documents


class LinkFailure(NamedTuple):
    """A document whose linking failed, and why."""

    id: str
    source: str
    part: int
    reason: str


def link_states(engine: Engine) -> dict[str, int]:
    """Count documents per link state: stored (waiting to be linked), linked, failed."""
    linked, failed = documents.c.story.is_not(None), documents.c.link_error.is_not(None)
    query = select(linked.label("linked"), failed.label("failed"), func.count().label("n")).group_by(linked, failed)
    counts = dict.fromkeys(LINK_STATES, 0)
    with reading(engine) as conn:
        for is_linked, is_failed, n in conn.execute(query):
            counts["linked" if is_linked else "failed" if is_failed else "stored"] += int(n)
    return counts


def unfollowed(engine: Engine) -> int:
    """Count the analyses no follow-up has finished with (a run stopped before or during its follow-up leaves some)."""
    with reading(engine) as conn:
        return int(conn.scalar(select(func.count()).select_from(analyses).where(unseen())) or 0)


def link_failures(engine: Engine, limit: int = 20, offset: int = 0) -> list[LinkFailure]:
    """List the documents whose linking failed, with why, by source."""
    limit, offset = clamp(limit, offset)
    query = (select(documents.c.id, documents.c.source, documents.c.part, documents.c.link_error)
             .where(documents.c.link_error.is_not(None), documents.c.story.is_(None))
             .order_by(documents.c.source, documents.c.part).limit(limit).offset(offset))
    with reading(engine) as conn:
        return [LinkFailure._make(row) for row in conn.execute(query)]
