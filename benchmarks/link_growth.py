"""Measure how linking's cost and memory grow with the store, on analysed documents.

`throughput.py --only memory` shows the whole ingest's peak climbing over
20,000 documents, but it takes an hour and cannot say which stage climbs.
This isolates linking, in minutes: throughput.py's generated articles are
ingested and analysed first, without linking (`--no-link`, in worker
processes), and then linked here 200 at a time, as `dyad ingest` links each
batch it stores. Unlike link.py, whose documents are not analysed, the story
choice sees actors and meetings, so its windows and profiles grow as they do
in a real store.

Every STEP documents it prints, for the batches since the last line: CPU
seconds per 1,000 documents linked, the small-object arenas CPython holds
(where linking's Python objects live; they climb when a batch needs more
than the arenas already pinned by longer-lived objects), and the peak
resident memory so far. With --trace, the largest allocation peak of one
batch above what it started with instead of the arenas (tracemalloc wraps
the allocator, which then reports none; it also doubles the CPU).

    python benchmarks/link_growth.py                      # 6,000 documents (~10 min on 2 cores)
    python benchmarks/link_growth.py --documents 2000 --step 400
    python benchmarks/link_growth.py --store kept.db      # reuse an unlinked store made before
"""

from __future__ import annotations

import argparse
import os
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from throughput import write_articles  # noqa: E402

BATCH = 200  # what `dyad ingest` links at a time (its batch size)


def arenas_mb() -> float | None:
    """Return the MiB of CPython's small-object arenas in use, read from its allocator statistics.

    None while tracemalloc runs: it wraps the allocator, which then prints no statistics.
    """
    with tempfile.TemporaryFile("w+") as out:
        saved = os.dup(2)
        os.dup2(out.fileno(), 2)  # _debugmallocstats writes to the C-level stderr
        try:
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        out.seek(0)
        arenas = None
        for line in out:
            if line.startswith("# arenas allocated current"):
                arenas = int(line.split("=")[-1].replace(",", ""))
            elif line.startswith("# bytes in allocated blocks"):
                break
    return None if arenas is None else float(arenas)  # one arena is 1 MiB on CPython 3.10 and later


def unlinked_store(path: Path, documents: int, workers: int) -> None:
    """Ingest and analyse generated articles into a new store, linking none of them."""
    import dyad
    from dyad.settings import Settings

    with tempfile.TemporaryDirectory() as work:
        articles = Path(work) / "articles.jsonl"
        write_articles(articles, documents)
        report = dyad.ingest([str(articles)], str(path), settings=Settings(workers=workers, link=False))
    print(f"stored {report.documents_added:,} documents, unlinked, in {report.seconds:.0f} s", flush=True)


def link_growing(path: Path, step: int, trace: bool) -> list[dict[str, Any]]:
    """Link the store's documents BATCH at a time, in storing order; return one row per `step` documents."""
    from dyad.actors import load_dictionary
    from dyad.link.run import link_documents
    from dyad.store import Store

    store = Store.open(str(path))
    dictionary = load_dictionary()
    ids = store.unlinked_ids(limit=10_000_000)
    if trace:
        import tracemalloc

        tracemalloc.start(1)
    rows: list[dict[str, Any]] = []
    span_cpu, span_docs, transient = 0.0, 0, 0.0
    for start in range(0, len(ids), BATCH):
        batch = ids[start : start + BATCH]
        if trace:
            before = tracemalloc.get_traced_memory()[0]
            tracemalloc.reset_peak()
        cpu = time.process_time()
        link_documents(store, batch, dictionary)
        span_cpu += time.process_time() - cpu
        span_docs += len(batch)
        if trace:
            transient = max(transient, (tracemalloc.get_traced_memory()[1] - before) / 2**20)
        done = start + len(batch)
        if done % step == 0 or done == len(ids):
            row = {"documents": done, "cpu_per_1000": 1000 * span_cpu / span_docs,
                   "arenas_mb": None if trace else arenas_mb(),
                   "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "transient_mb": transient}
            rows.append(row)
            arenas = "-" if row["arenas_mb"] is None else f"{row['arenas_mb']:.0f}"
            print(f"{done:>9,} {row['cpu_per_1000']:>14.1f} {arenas:>10} {row['peak_mb']:>8.0f}"
                  + (f" {transient:>12.1f}" if trace else ""), flush=True)
            span_cpu, span_docs, transient = 0.0, 0, 0.0
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=6000, help="articles to generate and store (default 6,000)")
    parser.add_argument("--step", type=int, default=1000, help="documents between printed rows (a multiple of 200)")
    parser.add_argument("--workers", type=int, default=2, help="processes for the unlinked ingest (default 2)")
    parser.add_argument("--store", type=Path,
                        help="an unlinked store to copy instead of making one (made and kept there if missing)")
    parser.add_argument("--trace", action="store_true", help="show each batch's allocation peak instead of the arenas (slower)")
    args = parser.parse_args()
    if args.step % BATCH:
        parser.error(f"--step must be a multiple of {BATCH}, the documents linked at a time")
    with tempfile.TemporaryDirectory() as work:
        linked = Path(work) / "linked.db"
        source = args.store or Path(work) / "unlinked.db"
        if not source.exists():
            unlinked_store(source, args.documents, args.workers)
        kept, copy = sqlite3.connect(source), sqlite3.connect(linked)
        kept.backup(copy)  # with what its write-ahead log holds; the unlinked store stays, to be linked again
        copy.close()
        kept.close()
        print(f"{'documents':>9} {'CPU s/1,000':>14} {'arenas MB':>10} {'peak MB':>8}"
              + (f" {'transient MB':>12}" if args.trace else ""))
        rows = link_growing(linked, args.step, args.trace)
    first, last = rows[0], rows[-1]
    arenas = "" if args.trace else f"   arenas +{last['arenas_mb'] - first['arenas_mb']:.0f} MB"
    print(f"linking CPU per document, last row / first: {last['cpu_per_1000'] / first['cpu_per_1000']:.2f}"
          f"{arenas}   peak +{last['peak_mb'] - first['peak_mb']:.0f} MB")


if __name__ == "__main__":  # the unlinked ingest's workers start from a fresh interpreter that imports this file
    main()
