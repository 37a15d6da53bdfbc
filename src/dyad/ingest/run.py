"""Run ingest over many inputs: read, process each, write in batches.

Reading and processing stream one input at a time, so memory stays flat
however large the batch. Writes go to the store in transactions of
`batch_size` raw inputs: a kill at any moment leaves whole inputs or nothing,
and a re-run skips what is already stored and completes the rest.

After each write comes the link step: every stored document not linked yet
is linked, oldest first, and at the end of the run the follow-up judges the
commitments that what was analysed can change. Both take the store's link
lock, and both find their work in the store (dyad.store.progress), so a run
links what an interrupted one left before its own documents, in the order
they were stored, and concurrent runs take turns: the store ends as one
uninterrupted run would leave it.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, BinaryIO, Protocol

from dyad.actors import ActorDictionary, load_dictionary
from dyad.actors.dictionary import bundled_actors
from dyad.budget import time_limit
from dyad.errors import InputError, TimeBudgetError, brief
from dyad.ingest.document import Processed, may_analyse, process_raw
from dyad.ingest.read import read_inputs
from dyad.link.followup import follow_up
from dyad.link.merge import recount
from dyad.link.run import link_documents
from dyad.model import Document, Failure, RawItem

if TYPE_CHECKING:
    from dyad.extract.annotate import Annotations
from dyad.progress import Progress
from dyad.settings import Settings
from dyad.store import Store
from dyad.store.links import LinkedDoc
from dyad.store.retry import retried

# Seconds reading and cleaning one input may take (milliseconds on a page, seconds on 5 MB): a stall ends here.
CLEAN_SECONDS = 120.0


@dataclass
class IngestReport:
    """What one ingest run did, for the end-of-run summary and the exit status."""

    inputs: int = 0
    documents_added: int = 0
    documents_analysed: int = 0
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
    dictionary = dictionary_for(store) if settings.analyse else None
    items = read_inputs(paths, settings, stdin=stdin)
    if settings.link:
        link_pending(store, dictionary, report)  # what an interrupted run left comes before this run's documents
    if settings.workers > 1:
        from dyad.parallel import ingest_parallel

        ingest_parallel(store, items, settings, dictionary, report, progress)
    else:
        for batch in _batches(items, settings.batch_size, report):
            _ingest_batch(store, batch, settings, dictionary, report)
            _show(progress, report)
    if dictionary is not None:
        _catch_up(store, settings, dictionary, report, progress)
    finish(store, settings, dictionary, report)
    report.seconds = time.perf_counter() - started
    return report


def finish(store: Store, settings: Settings, dictionary: ActorDictionary | None, report: IngestReport) -> None:
    """End a run: link what is left to link, follow up what was analysed, and say what could not be linked."""
    with store.link_lock():
        if settings.link:
            _link_pending(store, dictionary, report)
            store.link_meetings()  # reports of documents analysed after they were linked (a catch-up)
        if dictionary is not None:
            follow_up(store, only_new=True)
    failed = store.link_states()["failed"]
    if failed:
        report.notices.append(f"{failed:,} stored documents could not be linked (`dyad report` says why); "
                              "they are left out of stories and not tried again.")


def link_pending(store: Store, dictionary: ActorDictionary | None, report: IngestReport) -> None:
    """Link every stored document not linked yet, oldest first, holding the store's link lock.

    That is what this run just stored, and what a run stopped between
    storing and linking left, or a concurrent run stored and has not linked:
    linked in the order they were stored, as one run would have.
    """
    with store.link_lock():
        _link_pending(store, dictionary, report)


def _link_pending(store: Store, dictionary: ActorDictionary | None, report: IngestReport) -> None:
    while ids := store.unlinked_ids():
        linked = link_documents(store, ids, dictionary)
        report.failures += [Failure(_where(doc), why) for doc, why in linked.failed]
        if not linked.documents and not linked.failed:
            break  # nothing could be linked: stop rather than loop
    recount(store, store.stale_stories())  # what a run stopped between linking and recounting left


def _show(progress: Progress | None, report: IngestReport) -> None:
    if progress:
        progress.update(inputs=report.inputs, documents=report.documents_added, failed=len(report.failures))


def dictionary_for(store: Store) -> ActorDictionary:
    """Return the bundled actor dictionary, plus the actors a user imported into this store."""
    imported = list(store.iter_actors(origin="import"))
    if not imported:
        return load_dictionary()
    actors, metonyms, titles = bundled_actors()
    return ActorDictionary([*actors, *imported], metonyms, titles)


def _catch_up(
    store: Store, settings: Settings, dictionary: ActorDictionary, report: IngestReport, progress: Progress | None
) -> None:
    """Analyse stored documents that this version of extraction has not annotated yet.

    This is how a newer extractor reaches documents stored by an older one, and
    how a document whose analysis failed gets another try.
    """
    from dyad.extract.annotate import ANALYSIS_VERSION  # spaCy loads only when analysing

    failed_now = {failure.location for failure in report.failures}
    batch: list[Document] = []
    for document in store.unanalysed(ANALYSIS_VERSION):
        if may_analyse(document) and _where(document) not in failed_now:
            batch.append(document)
        if len(batch) >= settings.batch_size:
            _reanalyse(store, batch, dictionary, report)
            _show(progress, report)
            batch = []
    if batch:
        _reanalyse(store, batch, dictionary, report)


def _reanalyse(store: Store, batch: list[Document], dictionary: ActorDictionary, report: IngestReport) -> None:
    from dyad.extract.annotate import annotate_documents

    found, failed = annotate_documents(batch, dictionary)
    report.failures.extend(Failure(_where(doc), reason) for doc, reason in failed)
    report.documents_analysed += store.replace_annotations(found.values())


def _where(document: Document | LinkedDoc) -> str:
    """Name a document in a failure line the way a user can find it."""
    return f"{document.source} (item {document.part})"


class Tally(Protocol):
    """What batching counts as it goes: an ingest report, or one Dask shard's."""

    inputs: int
    failures: list[Failure]


def _batches(items: Iterable[RawItem | Failure], size: int, report: Tally) -> Iterator[list[RawItem]]:
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


def _ingest_batch(
    store: Store,
    batch: list[RawItem],
    settings: Settings,
    dictionary: ActorDictionary | None,
    report: IngestReport,
) -> None:
    """Process and analyse the raw items not yet stored, and write them in one transaction."""
    fresh = fresh_raws(store, batch, report)
    if fresh:
        write_batch(store, work_batch(fresh, settings, dictionary), dictionary, report, settings.link)


@dataclass
class BatchWork:
    """What the per-document stages made of one batch, ready for the one writer."""

    done: list[Processed] = field(default_factory=list)
    found: dict[str, Annotations] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def fresh_raws(store: Store, batch: list[RawItem], report: IngestReport, pending: set[str] | None = None) -> list[RawItem]:
    """Keep the raw items neither stored, nor `pending` (on their way to the store), nor repeated."""
    seen: set[str] = store.known_raw(raw.sha256 for raw in batch) | (pending or set())
    fresh: list[RawItem] = []
    for raw in batch:
        sha = raw.sha256
        if sha in seen:
            report.already_stored += 1
            continue
        seen.add(sha)
        fresh.append(raw)
    return fresh


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
        from dyad.extract.annotate import annotate_documents

        work.found, failed = annotate_documents(documents, dictionary)
        work.failures.extend(Failure(_where(doc), reason) for doc, reason in failed)
    return work


def write_batch(
    store: Store, work: BatchWork, dictionary: ActorDictionary | None, report: IngestReport, link: bool = True
) -> None:
    """Write one batch's results in one transaction, link them (unless told not to), and count them."""
    report.failures.extend(work.failures)
    report.notices.extend(work.notices)
    done, found = work.done, work.found
    if not done:
        return
    result = store.add_batch([(p.raw, p.documents) for p in done], found)
    if link:
        retried(lambda: link_pending(store, dictionary, report), then="this batch is stored, not yet linked")
    report.documents_added += result.documents_added
    report.documents_analysed += len(found)
    report.duplicate_documents += result.documents_skipped_duplicate


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
