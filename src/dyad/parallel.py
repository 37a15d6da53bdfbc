"""Run the per-document stages of ingest in worker processes; the main process stays the one writer.

    main process                         worker processes (N)
    read inputs → chunks of raw items ─► process_raw + spaCy + extraction
    skip what is stored                   (spaCy and the actor dictionary
    write whole batches, in order    ◄─   loaded once, before they fork)
    and link them

The writer waits for chunks in order until they make a full batch
(`batch_size` inputs, as one process writes) and writes and links that in
one transaction. Linking a batch has a cost that does not shrink with the
batch (reading the stories, windows and profiles near its documents), so
writing whatever few chunks were finished made linking the run's
bottleneck: 1,000 articles with 2 workers were written in 94-104 batches of
about 10, and writing took 34-40 s of CPU where one process takes about 20.
At most two batches' worth of chunks are in flight (`in_flight`): while one
is written, the workers parse the next, and memory stays flat however long
the input, since the next chunk is read only when the oldest has been
written. Chunks are a fifth of a batch, but small near the end of the
input, so that the workers share its last part evenly (`joined`). They are
written in the order they were read, so a run with N workers stores
exactly what a run with one stores.

Workers start with the 'forkserver' method: forked from a fresh interpreter,
never from the main process, whose threads and open database connections a
fork would copy. When analysing, the forkserver imports Dyad and spaCy, loads
the model and builds the actor lexicon once (`dyad.extract.preload`, 5 to 8 s
on this machine) and every worker forks from it ready; before, each worker
loaded the model and built the tables itself, 2 to 3 s of CPU apiece counted
in the run's time. `start_forkserver` starts it early.

Workers die with the main process. Ctrl-C and SIGTERM stop the run where it
is (the batch being written is rolled back whole) and end the workers at
once, not after the chunks queued for them; Ctrl-C reaches only the main
process's decision, since workers ignore it. A main process killed outright
(kill -9, out of memory) cannot stop anything: each worker watches it and
exits as soon as it is gone, and the forkserver, whose last client was the
worker, follows. Before, a killed ingest left its forkserver and workers
running (four processes, 0.9 GB) until they were killed by hand.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any

from dyad.actors import Actor, ActorDictionary
from dyad.actors.stored import with_imported
from dyad.errors import ConfigError
from dyad.ingest.work import BatchWork, batches, merge_work, work_batch
from dyad.model import RawItem
from dyad.settings import Settings

if TYPE_CHECKING:
    from dyad.pipeline import Run

Window = deque[tuple[set[str], "Future[BatchWork]"]]

# Raw inputs per unit of work: JOIN small chunks of CHUNK while the input
# runs, small chunks alone for its last few. A worker parses and annotates a
# chunk in one spaCy batch and memory zone: 160 articles in chunks of 32 took
# 3.5-7% less CPU than in chunks of 8 (three pairs run side by side), and 2
# workers took 102 s of CPU for 1,000 articles in chunks of 40 against 116-119
# in chunks of 8. Near the end small chunks share the last of the input
# evenly: with chunks of 32, 100 articles were 32, 32, 32 and 4, and one of 2
# workers parsed 64 of them.
CHUNK = 8
JOIN = 5  # 40 a chunk: five to a batch of 200
# Chunks queued per worker at the least (many workers, small batches): enough
# that workers go on while the writer links.
IN_FLIGHT_PER_WORKER = 6
START_METHOD = "forkserver"
PRELOAD = ["dyad.parallel"]
PRELOAD_ANALYSIS = [*PRELOAD, "dyad.extract.preload"]
_END_WAIT = 5.0  # seconds to wait for each terminated worker


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


def init_worker(settings: Settings, imported: list[Actor] | None) -> None:
    """Load spaCy and the actor dictionary once, when a worker process starts; exit when the main process is gone."""
    global _state
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the main process decides
    _exit_with_parent()
    dictionary = None
    if imported is not None:
        from dyad.nlp.analyze import load_nlp

        load_nlp()
        dictionary = with_imported(imported)
    _state = _WorkerState(settings, dictionary)


def _exit_with_parent() -> None:
    """Watch the process that started this one, in a thread, and exit the moment it is gone.

    The parent holds the writing end of a pipe whose reading end is the
    parent's sentinel here: it becomes readable when the parent exits, however.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)  # no clean-up to do: the work in hand is for a writer that is gone

    threading.Thread(target=watch, name="dyad-exit-with-parent", daemon=True).start()


def work_in_worker(raws: list[RawItem]) -> BatchWork:
    """Run the per-document stages over one chunk with the worker's settings and dictionary."""
    assert _state is not None, "init_worker did not run in this process"
    return work_batch(raws, _state.settings, _state.dictionary)


class ProcessPool:
    """The per-document work in `settings.workers` processes; the run writes each batch here, in input order."""

    def works(self, run: Run, paths: Iterable[str]) -> Iterator[BatchWork]:
        settings = run.settings
        imported = run.resources.imported if settings.analyse else None
        window: Window = deque()
        pending: set[str] = set()  # hashes in flight: a repeat of one is already on its way
        most = in_flight(settings)
        with _pool(settings, imported) as pool:
            small = batches(run.read(paths), small_chunk(settings), run.report)
            for chunk in _fresh_chunks(joined(small, chunks_joined(settings)), run, pending):
                shas = {raw.sha256 for raw in chunk}
                pending |= shas
                window.append((shas, pool.submit(work_in_worker, chunk)))
                while len(window) >= most:
                    shas, work = next_batch(window, settings.batch_size)
                    yield work  # the run writes it before asking for the next
                    pending -= shas
            while window:
                shas, work = next_batch(window, settings.batch_size)
                yield work
                pending -= shas


def small_chunk(settings: Settings) -> int:
    """Return the raw inputs of a small chunk: CHUNK, or a whole batch when batches are smaller."""
    return min(CHUNK, settings.batch_size)


def chunks_joined(settings: Settings) -> int:
    """Return how many small chunks make one unit of work: up to JOIN, never more than a batch."""
    return max(1, min(JOIN, settings.batch_size // small_chunk(settings)))


def joined(small: Iterable[list[RawItem]], per: int) -> Iterator[list[RawItem]]:
    """Join small chunks `per` at a time, in order, but leave the last ones (up to 2 x `per` - 1) small.

    It holds 2 x `per` small chunks back, so it knows the input is ending
    before it has joined what should stay small.
    """
    held: deque[list[RawItem]] = deque()
    for chunk in small:
        held.append(chunk)
        if len(held) >= 2 * per:
            yield [raw for _ in range(per) for raw in held.popleft()]
    yield from held


def in_flight(settings: Settings) -> int:
    """Return how many chunks may be in flight: two batches' worth, so workers parse one while the other is written."""
    size = small_chunk(settings) * chunks_joined(settings)
    return max(2 * -(-settings.batch_size // size), IN_FLIGHT_PER_WORKER * settings.workers)


def _fresh_chunks(units: Iterator[list[RawItem]], run: Run, pending: set[str]) -> Iterator[list[RawItem]]:
    """Yield each chunk's raw items that are neither stored nor in flight; skip empty chunks."""
    for unit in units:
        fresh = run.fresh(unit, pending)
        if fresh:
            yield fresh


def next_batch(window: Window, batch_size: int) -> tuple[set[str], BatchWork]:
    """Wait for the chunks at the head of the window, in order, until they make a batch: one write.

    One transaction (and one linking pass) for `batch_size` inputs, or what
    is left at the end of the input, however small the chunks.
    """
    shas, work = _result(window.popleft())
    inputs = len(shas)
    while window and inputs + len(window[0][0]) <= batch_size:
        more_shas, more = _result(window.popleft())
        shas, inputs = shas | more_shas, inputs + len(more_shas)
        work = merge_work(work, more)
    return shas, work


def _result(entry: tuple[set[str], Future[BatchWork]]) -> tuple[set[str], BatchWork]:
    """Wait for one chunk's work, explaining a worker that died."""
    shas, future = entry
    try:
        return shas, future.result()
    except BrokenProcessPool:
        raise ConfigError(
            "A worker process died (out of memory, or killed). What was written before is stored; "
            "run the same command again with fewer --workers to complete the rest. From a Python "
            'script, start the ingest under `if __name__ == "__main__":`: each worker imports the '
            "script, and one that starts an ingest as it is imported dies."
        ) from None


def start_forkserver(analyse: bool = True) -> None:
    """Start the server workers fork from, warmed for analysis, unless it runs already.

    Starting it returns at once: the server imports and loads while this
    process goes on, and the first worker waits for it.
    """
    context = multiprocessing.get_context(START_METHOD)
    context.set_forkserver_preload(PRELOAD_ANALYSIS if analyse else PRELOAD)
    from multiprocessing import forkserver

    forkserver.ensure_running()


@contextmanager
def _pool(settings: Settings, imported: list[Actor] | None) -> Iterator[ProcessPoolExecutor]:
    """Start the worker processes from the forkserver, warmed once for all of them; end them however the run ends.

    A run that ends by an error, Ctrl-C or SIGTERM drops the chunks still
    queued and ends the workers at once, rather than waiting for them.
    """
    start_forkserver(imported is not None)
    context = multiprocessing.get_context(START_METHOD)
    pool = ProcessPoolExecutor(
        max_workers=settings.workers,
        mp_context=context,
        initializer=init_worker,
        initargs=(settings, imported),
    )
    try:
        with _terminated_on_sigterm():
            yield pool
    except BaseException:
        _end_workers(pool)
        raise
    pool.shutdown(wait=True)


@contextmanager
def _terminated_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into SystemExit while the block runs, so that it unwinds (and ends the workers) as Ctrl-C does."""
    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread may handle signals; an embedding program handles its own
        return

    def stop(signum: int, _frame: Any) -> None:
        raise SystemExit(128 + signum)

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _end_workers(pool: ProcessPoolExecutor) -> None:
    """Drop the queued work and terminate the workers, waiting a little for them to go."""
    processes = list((getattr(pool, "_processes", None) or {}).values())
    # A chunk half written into the call queue's pipe when the workers go would block that
    # queue's feeder thread for good, and the interpreter's exit joins it: do not wait for it.
    call_queue = getattr(pool, "_call_queue", None)
    if call_queue is not None:
        call_queue.cancel_join_thread()
    result_queue = getattr(pool, "_result_queue", None)  # shutdown() drops it from the pool
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(timeout=_END_WAIT)
    # Likewise a result half written by a worker when it went: the pool's manager thread waits
    # for its rest for good (this process holds the pipe's write end too, so no end of file
    # comes), and the interpreter's exit joins that thread. With the workers gone, closing our
    # write end ends its read.
    if result_queue is not None:
        with suppress(OSError):
            result_queue._writer.close()
