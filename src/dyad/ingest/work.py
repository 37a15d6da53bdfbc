"""The per-document work of ingest over a batch of raw inputs: process, then analyse.

It is pure (raw inputs, settings and an actor dictionary in, a BatchWork
out, nothing written), so the run (dyad.pipeline) hands it to whichever
mapper does the per-document work: this process, worker processes or Dask
tasks, which all run this same function. One input that fails costs that
input alone: its failure is recorded and the batch goes on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from dyad.actors import ActorDictionary
from dyad.budget import time_limit
from dyad.errors import InputError, TimeBudgetError, brief
from dyad.ingest.document import Processed, process_raw
from dyad.model import Document, Failure, RawItem
from dyad.settings import Settings

if TYPE_CHECKING:
    from dyad.extract.annotate import Annotations
    from dyad.store.links import LinkedDoc

# Seconds reading and cleaning one input may take (milliseconds on a page, seconds on 5 MB): a stall ends here.
CLEAN_SECONDS = 120.0


@dataclass
class BatchWork:
    """What the per-document stages made of one batch, ready for the one writer."""

    done: list[Processed] = field(default_factory=list)
    found: dict[str, Annotations] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def merge_work(first: BatchWork, then: BatchWork) -> BatchWork:
    """Join two chunks' work into one, in order, for one write."""
    return BatchWork(
        done=[*first.done, *then.done],
        found={**first.found, **then.found},
        failures=[*first.failures, *then.failures],
        notices=[*first.notices, *then.notices],
    )


class Tally(Protocol):
    """What batching counts as it goes: an ingest report, or one Dask shard's."""

    inputs: int
    failures: list[Failure]


def batches(items: Iterable[RawItem | Failure], size: int, tally: Tally) -> Iterator[list[RawItem]]:
    """Group raw items into batches of `size`, recording read failures as they come."""
    batch: list[RawItem] = []
    for item in items:
        if isinstance(item, Failure):
            tally.failures.append(item)
            continue
        tally.inputs += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def work_batch(raws: list[RawItem], settings: Settings, dictionary: ActorDictionary | None) -> BatchWork:
    """Run the per-document stages over a batch; pure, so it runs here, in a worker or on Dask."""
    work = BatchWork()
    for raw in raws:
        processed = process_one(raw, settings)
        if isinstance(processed, Failure):
            work.failures.append(processed)
        else:
            work.notices.extend(processed.notices)
            work.done.append(processed)
    documents = [doc for p in work.done for doc in p.documents if doc.analysable]
    if documents and dictionary is not None:
        from dyad.extract.annotate import annotate_documents  # spaCy loads only when analysing

        work.found, failed = annotate_documents(documents, dictionary)
        work.failures.extend(Failure(where(doc), reason) for doc, reason in failed)
    return work


def process_one(raw: RawItem, settings: Settings) -> Processed | Failure:
    """Process one raw item, turning any error into a Failure so the batch goes on."""
    try:
        with time_limit(CLEAN_SECONDS, "reading and cleaning it"):
            return process_raw(raw, settings)
    except TimeBudgetError as exc:  # a stall costs its file, not the batch
        return Failure(raw.location, str(exc))
    except InputError as exc:
        return Failure(exc.location, exc.reason)
    except Exception as exc:  # a bug must not stop the batch: report it and go on
        return Failure(raw.location, f"could not be processed ({brief(exc)}); please report this")


def where(document: Document | LinkedDoc) -> str:
    """Name a document in a failure line the way a user can find it."""
    return f"{document.source} (item {document.part})"
