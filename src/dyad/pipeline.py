"""The ingest run, written once: read, map the per-document work, write and link, catch up, follow up.

    inputs ─► read (dyad.ingest.read) ─► skip what is stored
           ─► mapper: process + analyse each batch (dyad.ingest.work.work_batch)
                in this process (InProcess), worker processes (dyad.parallel.ProcessPool)
                or Dask tasks (dyad.distributed.Dask)
           ─► write each batch in one transaction, then link what is not linked yet
           ─► catch up: analyse stored documents this extractor has not annotated
           ─► finish: link the stragglers, merge meeting reports, follow up commitments

The run owns its resources (settings, the store, the actor dictionary with
the store's imported actors) and the one writer; a mapper only turns raw
inputs into BatchWork, in input order. So what comes after the mapper is
the same for all three, and a run with workers or on Dask stores what a run
in one process stores.

Reading and processing stream one batch at a time, so memory stays flat
however large the input. Writes go to the store in transactions of
`batch_size` raw inputs: a kill at any moment leaves whole inputs or nothing,
and a re-run skips what is already stored and completes the rest.

After each write comes the link step: every stored document not linked yet
is linked, oldest first, and at the end of the run the follow-up judges the
commitments that what was analysed can change. Both take the store's link
lock, and both find their work in the store (dyad.store.progress), so a run
links what an interrupted one left before its own documents, in the order
they were stored, and concurrent runs take turns: the store ends as one
uninterrupted run would leave it.

Nothing under dyad.ingest, dyad.extract or dyad.link imports this module.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import BinaryIO, Protocol

from dyad.actors import Actor, ActorDictionary
from dyad.actors.stored import imported_actors, with_imported
from dyad.ingest.document import may_analyse
from dyad.ingest.read import read_inputs
from dyad.ingest.work import BatchWork, batches, where, work_batch
from dyad.link.followup import follow_up
from dyad.link.merge import recount
from dyad.link.run import link_documents
from dyad.model import Document, Failure, RawItem
from dyad.progress import Progress
from dyad.queries.progress import link_states
from dyad.settings import Settings
from dyad.store import Store
from dyad.store.retry import retried


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


class Resources:
    """What a run loads once and every stage shares: settings, the actor dictionary, the imported actors.

    The dictionary is built on first use (a run that does not analyse never
    builds it); mappers hand the imported actors to workers, which build the
    same dictionary where they run.
    """

    def __init__(self, store: Store, settings: Settings) -> None:
        self.settings = settings
        self._store = store

    @cached_property
    def imported(self) -> list[Actor]:
        return imported_actors(self._store)

    @cached_property
    def dictionary(self) -> ActorDictionary | None:
        return with_imported(self.imported) if self.settings.analyse else None


class Mapper(Protocol):
    """Does the per-document work of a run's inputs, yielding one BatchWork per write, in input order.

    A mapper may read the inputs itself (Dask reads shards on its workers) or
    from `run.read`; it drops what is stored with `run.fresh`. Anything it
    must do after a batch is written runs when the run asks for the next one.
    """

    def works(self, run: Run, paths: Iterable[str]) -> Iterator[BatchWork]: ...


class InProcess:
    """The per-document work in this process, a batch at a time."""

    def works(self, run: Run, paths: Iterable[str]) -> Iterator[BatchWork]:
        settings = run.settings
        for batch in batches(run.read(paths), settings.batch_size, run.report):
            fresh = run.fresh(batch)
            if fresh:
                yield work_batch(fresh, settings, run.resources.dictionary)


class Run:
    """One ingest run into one store: the stages after the mapper, written once."""

    def __init__(
        self, store: Store, settings: Settings, *, stdin: BinaryIO | None = None, progress: Progress | None = None
    ) -> None:
        self.store = store
        self.settings = settings
        self.resources = Resources(store, settings)
        self.report = IngestReport()
        self._stdin = stdin
        self._progress = progress

    def ingest(self, paths: Iterable[str], mapper: Mapper) -> IngestReport:
        """Ingest every input under `paths` with `mapper` doing the per-document work; report what happened."""
        started = time.perf_counter()
        works = mapper.works(self, paths)  # a mapper may refuse the inputs before anything is done
        if self.settings.link:
            self.link_pending()  # what an interrupted run left comes before this run's documents
        try:
            for work in works:
                self.write(work)
                self.show()
        finally:
            close = getattr(works, "close", None)
            if close is not None:
                close()  # a run that ends early ends its mapper's workers now
        if self.settings.analyse:
            self.catch_up()
        self.finish()
        self.report.seconds = time.perf_counter() - started
        return self.report

    # -- reading -------------------------------------------------------------

    def read(self, paths: Iterable[str]) -> Iterator[RawItem | Failure]:
        """Read the raw inputs under `paths` (stdin for `-`), one at a time."""
        return read_inputs(paths, self.settings, stdin=self._stdin)

    def fresh(self, batch: list[RawItem], pending: set[str] | None = None) -> list[RawItem]:
        """Keep the raw items neither stored, nor `pending` (on their way to the store), nor repeated."""
        seen: set[str] = self.store.known_raw(raw.sha256 for raw in batch) | (pending or set())
        fresh: list[RawItem] = []
        for raw in batch:
            sha = raw.sha256
            if sha in seen:
                self.report.already_stored += 1
                continue
            seen.add(sha)
            fresh.append(raw)
        return fresh

    # -- writing -------------------------------------------------------------

    def write(self, work: BatchWork) -> None:
        """Write one batch's results in one transaction, link them (unless told not to), and count them."""
        report = self.report
        report.failures.extend(work.failures)
        report.notices.extend(work.notices)
        if not work.done:
            return
        result = self.store.add_batch([(p.raw, p.documents) for p in work.done], work.found)
        if self.settings.link:
            retried(self.link_pending, then="this batch is stored, not yet linked")
        report.documents_added += result.documents_added
        report.documents_analysed += len(work.found)
        report.duplicate_documents += result.documents_skipped_duplicate

    def show(self) -> None:
        """Bring the progress line up to date."""
        if self._progress:
            report = self.report
            self._progress.update(inputs=report.inputs, documents=report.documents_added, failed=len(report.failures))

    # -- after the mapper ----------------------------------------------------

    def catch_up(self) -> None:
        """Analyse stored documents that this version of extraction has not annotated yet.

        This is how a newer extractor reaches documents stored by an older one, and
        how a document whose analysis failed gets another try.
        """
        from dyad.extract.annotate import ANALYSIS_VERSION  # spaCy loads only when analysing

        failed_now = {failure.location for failure in self.report.failures}
        batch: list[Document] = []
        for document in self.store.unanalysed(ANALYSIS_VERSION):
            if may_analyse(document) and where(document) not in failed_now:
                batch.append(document)
            if len(batch) >= self.settings.batch_size:
                self._reanalyse(batch)
                self.show()
                batch = []
        if batch:
            self._reanalyse(batch)

    def _reanalyse(self, batch: list[Document]) -> None:
        from dyad.extract.annotate import annotate_documents

        dictionary = self.resources.dictionary
        assert dictionary is not None, "catch-up runs only when analysing"
        found, failed = annotate_documents(batch, dictionary)
        self.report.failures.extend(Failure(where(doc), reason) for doc, reason in failed)
        self.report.documents_analysed += self.store.replace_annotations(found.values())

    def link_pending(self) -> None:
        """Link every stored document not linked yet, oldest first, holding the store's link lock.

        That is what this run just stored, and what a run stopped between
        storing and linking left, or a concurrent run stored and has not linked:
        linked in the order they were stored, as one run would have.
        """
        with self.store.link_lock():
            self._link_pending()

    def _link_pending(self) -> None:
        store = self.store
        while ids := store.unlinked_ids():
            linked = link_documents(store, ids, self.resources.dictionary)
            self.report.failures += [Failure(where(doc), why) for doc, why in linked.failed]
            if not linked.documents and not linked.failed:
                break  # nothing could be linked: stop rather than loop
        recount(store, store.stale_stories())  # what a run stopped between linking and recounting left

    def finish(self) -> None:
        """End a run: link what is left to link, follow up what was analysed, and say what could not be linked."""
        store = self.store
        with store.link_lock():
            if self.settings.link:
                self._link_pending()
                store.link_meetings()  # reports of documents analysed after they were linked (a catch-up)
            if self.settings.analyse:
                follow_up(store, only_new=True)
        failed = link_states(store.engine)["failed"]
        if failed:
            self.report.notices.append(
                f"{failed:,} stored documents could not be linked (`dyad report` says why); "
                "they are left out of stories and not tried again."
            )


def local_mapper(settings: Settings) -> Mapper:
    """Return the mapper for this machine: this process, or `settings.workers` worker processes."""
    if settings.workers > 1:
        from dyad.parallel import ProcessPool

        return ProcessPool()
    return InProcess()


def ingest_into(
    store: Store,
    paths: Iterable[str],
    settings: Settings,
    *,
    stdin: BinaryIO | None = None,
    progress: Progress | None = None,
    mapper: Mapper | None = None,
) -> IngestReport:
    """Ingest every input under `paths` into `store` and report what happened."""
    run = Run(store, settings, stdin=stdin, progress=progress)
    return run.ingest(paths, mapper or local_mapper(settings))
