"""Measure what linking costs when many documents share one week: a news feed's usual state.

Story linking compares each new document with those published within a week
of it that name the same actors (at most MAX_WINDOW_CANDIDATES of them), so
its cost follows how busy the week is, not how large the store is. The
throughput benchmark spreads its articles over fifteen years; a feed brings
thousands a day. Here, in one run, each step in a fresh child process:

    build    a store of the first N articles, all published within one week
             (read, clean, parse, extract, store, link)
    with     M more articles of that week ingested into a copy of it
    without  the same M into another copy with linking off (--no-link)

Reported: CPU seconds of the last two, and linking's share of the first,
1 - without / with. The articles are throughput.py's, re-dated.

    python benchmarks/busy_week.py                  # 750 in the store, 250 more
    python benchmarks/busy_week.py --sizes 2000 250
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from throughput import article  # noqa: E402

WEEK = ["2019-05-13", "2019-05-14", "2019-05-15", "2019-05-16", "2019-05-17", "2019-05-18", "2019-05-19"]


def write_week(path: Path, first: int, count: int, seed: int) -> None:
    """Write `count` articles numbered from `first`, each published on a day of WEEK."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8") as out:
        for n in range(first, first + count):
            out.write(json.dumps({**article(n, rng), "published": rng.choice(WEEK)}) + "\n")


def child(what: str, jsonl: str, db: str) -> dict[str, Any]:
    """Ingest one file into a store (after start-up, which is not timed) and return its CPU seconds."""
    import dyad
    from dyad.extract.warm import warm_up
    from dyad.settings import load_settings

    warm_up()
    settings = load_settings().with_overrides(link=what != "without")
    started = time.process_time()
    report = dyad.ingest([jsonl], db, settings=settings)
    return {"documents": report.documents_added, "cpu": time.process_time() - started}


def spawn(*args: str) -> dict[str, Any]:
    """Run one step in a fresh Python process and return what it printed."""
    out = subprocess.run([sys.executable, __file__, "--child", *args], check=True, capture_output=True,
                         text=True).stdout
    return dict(json.loads(out.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[750, 250], metavar=("STORED", "ADDED"))
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    stored, added = args.sizes
    with tempfile.TemporaryDirectory(prefix="dyad-busy-week-") as folder:
        work = Path(folder)
        write_week(work / "stored.jsonl", 0, stored, seed=1)
        write_week(work / "added.jsonl", stored, added, seed=2)
        built = spawn("build", str(work / "stored.jsonl"), str(work / "base.db"))
        rows = {}
        for what in ("with", "without"):
            shutil.copy(work / "base.db", work / f"{what}.db")
            rows[what] = spawn(what, str(work / "added.jsonl"), str(work / f"{what}.db"))
    print(f"store: {built['documents']:,} articles of one week ({built['cpu']:.0f} s CPU to build)")
    print(f"| {added:,} more articles | CPU s | s per article |")
    print("|---|---|---|")
    for what, row in rows.items():
        print(f"| {what} linking | {row['cpu']:.1f} | {row['cpu'] / max(row['documents'], 1):.3f} |")
    print(f"linking's share of the ingest: {1 - rows['without']['cpu'] / rows['with']['cpu']:.0%}")


if __name__ == "__main__":
    main()
