"""Score stored commitments and their statuses against an answer key (part of `dyad eval`).

    commitments        stored commitments whose evidence overlaps the key's, in the
                       key's file; precision over the commitments stored for those files
    commitment_status  of the key's commitments, those found with the status given.
                       "fulfilled", "fulfilled late" and "contradicted" must be equal.
                       A key's "unknown", "ongoing" or "in progress" means no evidence
                       either way, and accepts unknown, pending or overdue: those differ
                       only by the day asked about. "unknown (overdue as of the corpus
                       end)" accepts overdue or unknown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from dyad.model import Document
from dyad.queries import commitments as commitment_queries
from dyad.store import Store

if TYPE_CHECKING:
    from dyad.evaluate import Score

_NO_EVIDENCE = ("unknown", "pending", "overdue")
Overlaps = Callable[[str, int, int, str], bool]


def score_commitments(
    data: dict[str, Any], docs: dict[str, list[Document]], store: Store, found_score: Score, status_score: Score,
    overlaps: Overlaps,
) -> None:
    """Match the key's commitments to stored ones by evidence, then compare statuses."""
    gold = data.get("commitments", [])
    wanted_docs = {doc.id: (file, doc) for file in {g["file"] for g in gold} for doc in docs.get(file, [])}
    found = [(*wanted_docs[c.document], c) for c in commitment_queries.listing(store.engine, copies=True)
             if c.document in wanted_docs]
    matched: set[int] = set()
    for entry in gold:
        hit = next((i for i, (f, doc, c) in enumerate(found) if i not in matched and f == entry["file"]
                    and overlaps(doc.text, c.commitment.start, c.commitment.end, entry["evidence"])), None)
        if hit is None:
            found_score.fn += 1
            status_score.fn += 1
            found_score.misses.append(f"missed {entry['id']}: {entry['evidence'][:50]!r}")
            continue
        matched.add(hit)
        found_score.tp += 1
        _score_status(entry, found[hit][2].status, status_score)
    for i, (file, _, c) in enumerate(found):
        if i not in matched:
            found_score.fp += 1
            found_score.misses.append(f"extra {file} {c.commitment.kind}: {c.commitment.action[:50]!r}")


def _score_status(entry: dict[str, Any], got: str, score: Score) -> None:
    wanted = entry.get("status_by_corpus", "unknown")
    if status_matches(wanted, got):
        score.tp += 1
        return
    score.fn += 1
    score.fp += 1
    score.misses.append(f"{entry['id']}: got {got!r}, want {wanted!r}")


def status_matches(wanted: str, got: str) -> bool:
    """Compare a key's status (free text, as annotators write it) with a stored one."""
    base, _, note = wanted.casefold().partition("(")
    base = base.strip()
    if "overdue" in note:
        return got in ("overdue", "unknown")
    if base in ("unknown", "ongoing", "in progress"):
        return got in _NO_EVIDENCE
    return got == base
