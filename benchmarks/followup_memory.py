"""Benchmark the follow-up's bookkeeping memory: taking up unseen analyses and walking the commitments to follow.

A SQLite store of N documents, each with an analysis not followed up and a
commitment, is built by hand (no spaCy). Then, as `dyad.link.followup.follow_up`
does, the analyses are taken up (`Store.take_unfollowed`), every commitment
to follow is walked (`Store.commitments_to_follow`) and the analyses are
marked followed. The evidence and the judging are left out: what is measured
is what the follow-up holds for the store's size. "peak MB" is the most memory
allocated at once (tracemalloc) over the three steps; it must not grow with N.
"seconds" times them again, untraced.

    python benchmarks/followup_memory.py                  # 20,000 and 100,000 documents
    python benchmarks/followup_memory.py --sizes 1000 5000
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert, update

from dyad.queries import progress
from dyad.store import Store
from dyad.store.schema import analyses, commitments, documents, raw_inputs

_DAY = datetime(2024, 5, 1, tzinfo=UTC)


def build(db: str, n: int) -> None:
    """Store n documents, each analysed (not followed up) with one commitment made on one of 90 days."""
    with Store.open(db) as store, store.engine.begin() as conn:
        conn.execute(insert(raw_inputs).values(sha256="r", source="s", location="s", size=1, kind="txt",
                                               ingested_at=_DAY))
        for first in range(0, n, 10_000):
            ids = [(k, f"{k:064x}") for k in range(first, min(n, first + 10_000))]
            conn.execute(insert(documents), [{"id": d, "source": "s", "part": k, "text": "x", "content_hash": d,
                                              "raw_sha256": "r", "ingested_at": _DAY} for k, d in ids])
            conn.execute(insert(analyses), [{"document": d, "version": "v", "analysed_at": _DAY} for _, d in ids])
            conn.execute(insert(commitments), [{
                "id": f"c{k:031d}", "document": d, "parties": json.dumps(["JPN", "RUS"]), "action": "hold talks",
                "kind": "meeting", "made": f"20{10 + k % 10}-0{1 + k % 9}-1{k % 10}", "start": 0, "end": 1,
                "status": "unknown", "status_evidence": "[]"} for k, d in ids])


def follow(store: Store) -> tuple[int, int]:
    """Take up, walk and mark as the follow-up does; return (taken, walked)."""
    taken = store.take_unfollowed()
    walked = sum(1 for _ in store.commitments_to_follow(False))
    store.mark_followed()
    assert progress.unfollowed(store.engine) == 0
    return taken, walked


def measure(db: str) -> tuple[int, int, float, float]:
    """Follow up twice: traced (peak MB), then untraced again from scratch (seconds); return (taken, walked, MB, s)."""
    with Store.open(db) as store:
        tracemalloc.start()
        taken, walked = follow(store)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        with store.engine.begin() as conn:
            conn.execute(update(analyses).values(followed_at=None))
        started = time.perf_counter()
        assert follow(store) == (taken, walked)
        return taken, walked, peak, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20_000, 100_000])
    args = parser.parse_args()
    print(f"{'documents':>10} {'taken':>8} {'walked':>8} {'peak MB':>8} {'seconds':>8}")
    for n in args.sizes:
        with tempfile.TemporaryDirectory() as folder:
            db = str(Path(folder) / "followup.db")
            build(db, n)
            taken, walked, peak, seconds = measure(db)
        print(f"{n:>10,} {taken:>8,} {walked:>8,} {peak:>8.1f} {seconds:>8.1f}")


if __name__ == "__main__":
    main()
