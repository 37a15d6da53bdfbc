"""Run the per-document stages of ingest in worker processes; the main process stays the one writer.

    main process                         worker processes (N)
    read inputs → chunks of raw items ─► process_raw + spaCy + extraction
    skip what is stored                   (spaCy and the actor dictionary
    write each chunk, in input order ◄─   loaded once per worker)

At most `2 × workers` chunks are in flight, so memory stays flat however long
the input: the next chunk is read only when the oldest one has been written.
Chunks are written in the order they were read, so a run with N workers
stores exactly what a run with one stores.

Workers start with the 'forkserver' method: forked from a fresh interpreter
that has imported Dyad and spaCy once (5 to 8 s on this machine), never from
the main process, whose threads and open database connections a fork would
copy. Each worker then loads the spaCy model itself (about two seconds).
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass

from dyad.actors import Actor, ActorDictionary, load_dictionary
from dyad.actors.dictionary import bundled_actors
from dyad.errors import ConfigError
from dyad.ingest.run import (
    BatchWork,
    IngestReport,
    _batches,
    _show,
    fresh_raws,
    work_batch,
    write_batch,
)
from dyad.model import Failure, RawItem
from dyad.progress import Progress
from dyad.settings import Settings
from dyad.store import Store

Window = deque[tuple[set[str], "Future[BatchWork]"]]

# Raw inputs per unit of work (and per transaction) with workers: small enough
# that every worker has work to the end of a small corpus, while a commit per
# 32 inputs costs little next to their analysis (about 5 s of CPU here).
CHUNK = 32
IN_FLIGHT_PER_WORKER = 2
START_METHOD = "forkserver"


@dataclass
class _WorkerState:
    """What each worker process loads once: the settings and the actor dictionary."""

    settings: Settings
    dictionary: ActorDictionary | None


_state: _WorkerState | None = None


def check_workers(workers: int) -> None:
    """Refuse a number of workers below one, saying what to give instead."""
    if workers < 1:
        raise ConfigError(f"workers must be 1 or more, got {workers}. Give --workers 1 to process in this process.")


def imported_actors(store: Store) -> list[Actor]:
    """Return the actors a user imported into the store, for workers to add to the bundled ones."""
    return list(store.iter_actors(origin="import"))


def build_dictionary(imported: list[Actor]) -> ActorDictionary:
    """Build the dictionary `dictionary_for(store)` gives, from the imported actors alone."""
    if not imported:
        return load_dictionary()
    actors, metonyms, titles = bundled_actors()
    return ActorDictionary([*actors, *imported], metonyms, titles)


def init_worker(settings: Settings, imported: list[Actor] | None) -> None:
    """Load spaCy and the actor dictionary once, when a worker process starts."""
    global _state
    dictionary = None
    if imported is not None:
        from dyad.analyze import load_nlp

        load_nlp()
        dictionary = build_dictionary(imported)
    _state = _WorkerState(settings, dictionary)


def work_in_worker(raws: list[RawItem]) -> BatchWork:
    """Run the per-document stages over one chunk with the worker's settings and dictionary."""
    assert _state is not None, "init_worker did not run in this process"
    return work_batch(raws, _state.settings, _state.dictionary)


def ingest_parallel(
    store: Store,
    items: Iterable[RawItem | Failure],
    settings: Settings,
    dictionary: ActorDictionary | None,
    report: IngestReport,
    progress: Progress | None,
) -> None:
    """Process chunks of raw items in `settings.workers` processes and write them here, in order."""
    imported = imported_actors(store) if dictionary is not None else None
    window: Window = deque()
    pending: set[str] = set()  # hashes in flight: a repeat of one is already on its way
    with _pool(settings, imported) as pool:
        for chunk in _fresh_chunks(_batches(items, min(CHUNK, settings.batch_size), report), store, report, pending):
            shas = {raw.sha256 for raw in chunk}
            pending |= shas
            window.append((shas, pool.submit(work_in_worker, chunk)))
            while len(window) >= IN_FLIGHT_PER_WORKER * settings.workers:
                _write_oldest(store, window, pending, dictionary, report, settings.link)
                _show(progress, report)
        while window:
            _write_oldest(store, window, pending, dictionary, report, settings.link)
            _show(progress, report)


def _fresh_chunks(
    batches: Iterator[list[RawItem]], store: Store, report: IngestReport, pending: set[str]
) -> Iterator[list[RawItem]]:
    """Yield each chunk's raw items that are neither stored nor in flight; skip empty chunks."""
    for batch in batches:
        fresh = fresh_raws(store, batch, report, pending)
        if fresh:
            yield fresh


def _write_oldest(
    store: Store,
    window: Window,
    pending: set[str],
    dictionary: ActorDictionary | None,
    report: IngestReport,
    link: bool,
) -> None:
    """Wait for the oldest chunk in flight and write it: input order, one writer."""
    shas, future = window.popleft()
    try:
        work = future.result()
    except BrokenProcessPool:
        raise ConfigError(
            "A worker process died (out of memory, or killed). What was written before is stored; "
            "run the same command again with fewer --workers to complete the rest."
        ) from None
    write_batch(store, work, dictionary, report, link)
    pending -= shas


def _pool(settings: Settings, imported: list[Actor] | None) -> ProcessPoolExecutor:
    """Start the worker processes, each loading spaCy and the dictionary once."""
    context = multiprocessing.get_context(START_METHOD)
    context.set_forkserver_preload(["dyad.parallel"])  # import spaCy and Dyad once, not once per worker
    return ProcessPoolExecutor(
        max_workers=settings.workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(settings, imported),
    )
