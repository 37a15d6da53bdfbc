"""Benchmark the catch-up's memory: reading every unanalysed document of a store, as the run does.

A store of N documents stored without analysis (`analyse=False`) is caught
up by the run's own loop (`dyad.pipeline.Run.catch_up`), with spaCy's
analysis replaced by a no-op so that what is measured is the reading: the
run holds one page of `Store.unanalysed` and one batch of documents at a
time, so the memory it adds must not grow with N. `--all-at-once` reads the
same documents the way `unanalysed` did before it was paged (every row with
its text in one list), for comparison.

Each size runs in a fresh child process; "peak MB" is the most memory the
catch-up allocated at once (tracemalloc, started just before it: what the
catch-up holds, not what importing Dyad and spaCy costs), and "RSS MB" the
process's resident memory when it is done.

    python benchmarks/catch_up.py                     # 2,000 and 20,000 documents
    python benchmarks/catch_up.py --sizes 1000 5000
    python benchmarks/catch_up.py --all-at-once       # the old, unpaged read
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus  # noqa: E402


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def child(db: str, all_at_once: bool) -> None:
    """Catch up one store with a no-op analysis; print documents read, seconds and memory as JSON."""
    import dyad.extract.annotate as annotate
    from dyad.pipeline import Run
    from dyad.settings import load_settings
    from dyad.store import Store
    from dyad.store.rows import row_document
    from dyad.store.schema import analyses, documents

    read = [0]

    def no_analysis(batch: list[Any], _dictionary: Any) -> tuple[dict[str, Any], list[Any]]:
        read[0] += len(batch)
        return {}, []

    annotate.annotate_documents = no_analysis  # type: ignore[assignment]
    settings = load_settings().with_overrides(analyse=True, link=False)
    with Store.open(db) as store:
        run = Run(store, settings)
        run.resources.__dict__["dictionary"] = object()  # never used by the no-op analysis; not built
        if all_at_once:
            from sqlalchemy import select

            def unpaged(version: str) -> Any:
                done = select(analyses.c.document).where(analyses.c.version == version)
                query = select(documents).where(documents.c.id.not_in(done)).order_by(documents.c.id)
                with store._engine.connect() as conn:
                    rows = conn.execute(query).all()
                yield from (row_document(row) for row in rows)

            store.unanalysed = unpaged  # type: ignore[method-assign]
        tracemalloc.start()
        started = time.perf_counter()
        run.catch_up()
        seconds = time.perf_counter() - started
        peak = tracemalloc.get_traced_memory()[1] / 2**20
        tracemalloc.stop()
    print(json.dumps({"documents": read[0], "seconds": seconds, "peak_mb": peak, "rss_mb": _rss_mb()}))


def build(size: int, work: Path) -> str:
    """Write `size` generated pages and store them without analysis or linking; return the store's path."""
    import dyad
    from dyad.settings import load_settings

    folder = work / f"corpus{size}"
    write_corpus(folder, size)
    db = str(work / f"store{size}.db")
    report = dyad.ingest([str(folder)], db, settings=load_settings().with_overrides(analyse=False, link=False))
    assert report.documents_added > 0, report.failures[:3]
    return db


def measure(db: str, all_at_once: bool) -> dict[str, float]:
    command = [sys.executable, __file__, "--child", db, "all" if all_at_once else "paged"]
    out = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[2000, 20000])
    parser.add_argument("--all-at-once", action="store_true", help="also read the old way, every row at once")
    parser.add_argument("--child", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1] == "all")
        return
    ways = ["paged", "all at once"] if args.all_at_once else ["paged"]
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            db = build(size, Path(tmp))
            rows += [(way, measure(db, way == "all at once")) for way in ways]
    print(f"{'read':>12} {'documents':>10} {'seconds':>8} {'peak MB':>8} {'RSS MB':>8}")
    for way, r in rows:
        print(f"{way:>12} {r['documents']:>10,} {r['seconds']:>8.2f} {r['peak_mb']:>8.1f} {r['rss_mb']:>8.1f}")
    for way in ways:
        small, large = (r for w, r in rows if w == way)
        print(f"{way}: catch-up peak, {args.sizes[1]:,} against {args.sizes[0]:,} documents: "
              f"{large['peak_mb']:.1f} / {small['peak_mb']:.1f} MB = {large['peak_mb'] / small['peak_mb']:.2f}")


if __name__ == "__main__":
    main()
