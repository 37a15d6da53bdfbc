"""Run ingest over many inputs: read, process each, write in batches.

Reading and processing stream one input at a time, so memory stays flat
however large the batch. Writes go to the store in transactions of
`batch_size` raw inputs: a kill at any moment leaves whole inputs or nothing,
and a re-run skips what is already stored and completes the rest.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from dyad.errors import InputError
from dyad.ingest.document import Processed, process_raw
from dyad.ingest.read import read_inputs
from dyad.model import Failure, RawItem
from dyad.progress import Progress
from dyad.settings import Settings
from dyad.store import Store


@dataclass
class IngestReport:
    """What one ingest run did, for the end-of-run summary and the exit status."""

    inputs: int = 0
    documents_added: int = 0
    already_stored: int = 0
    duplicate_documents: int = 0
    failures: list[Failure] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.failures


def ingest_into(
    store: Store,
    paths: Iterable[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
) -> IngestReport:
    """Ingest every input under `paths` into `store` and report what happened."""
    report = IngestReport()
    started = time.perf_counter()
    items = read_inputs(paths, settings, stdin=stdin)
    for batch in _batches(items, settings.batch_size, report):
        _ingest_batch(store, batch, settings, report)
        if progress:
            progress.update(inputs=report.inputs, documents=report.documents_added, failed=len(report.failures))
    report.seconds = time.perf_counter() - started
    return report


def _batches(items: Iterable[RawItem | Failure], size: int, report: IngestReport) -> Iterator[list[RawItem]]:
    """Group raw items into batches, recording read failures as they come."""
    batch: list[RawItem] = []
    for item in items:
        if isinstance(item, Failure):
            report.failures.append(item)
            continue
        report.inputs += 1
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _ingest_batch(store: Store, batch: list[RawItem], settings: Settings, report: IngestReport) -> None:
    """Process the raw items not yet stored and write them in one transaction."""
    known = store.known_raw(raw.sha256 for raw in batch)
    done: list[Processed] = []
    seen: set[str] = set(known)
    for raw in batch:
        sha = raw.sha256
        if sha in seen:
            report.already_stored += 1
            continue
        seen.add(sha)
        processed = process_one(raw, settings)
        if isinstance(processed, Failure):
            report.failures.append(processed)
        else:
            report.notices.extend(processed.notices)
            done.append(processed)
    if done:
        result = store.add_batch([(p.raw, p.documents) for p in done])
        report.documents_added += result.documents_added
        report.duplicate_documents += result.documents_skipped_duplicate


def process_one(raw: RawItem, settings: Settings) -> Processed | Failure:
    """Process one raw item, turning any error into a Failure so the batch goes on."""
    try:
        return process_raw(raw, settings)
    except InputError as exc:
        return Failure(exc.location, exc.reason)
    except Exception as exc:  # a bug must not stop the batch: report it and go on
        return Failure(raw.location, f"could not be processed ({type(exc).__name__}: {exc}); please report this")
