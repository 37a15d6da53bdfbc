"""Ingest a batch of good pages beside about 1,000 hostile files, against the good pages alone.

Run: python benchmarks/hostile_batch.py [--copies 36] [--good DIR]. Issue 30's
"done" check: the hostile files are tests/fuzz_inputs.py's set, generated
with `--copies` different seeds (28 files each: long lines, space-less runs,
NUL bytes, deep markup, cut gzip/JSONL/WARC, mixed encodings, odd names,
empty files, random bytes, a text over the parser's limit); the good pages
are a folder of real news (default: the development set) and the fuzz set's
own good articles. Both batches run as `dyad ingest` in a fresh process and
store, side by side, and the script prints

    time     the mixed batch's wall time over the good batch's (goal: under 2)
    memory   the mixed run's peak resident memory (goal: under 1 GB)
    stored   the good pages' documents in each store (goal: all, in both)
    records  whether the good pages' exported records are the same in both
             stores (documents, events, quotes, commitments)
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fuzz_inputs import write_good, write_hostile  # noqa: E402

DEV = ROOT.parent / "shared" / "corpus" / "dev"
DYAD = Path(sys.executable).with_name("dyad")
KINDS = ("document", "event", "quote", "commitment")


def ingest(folder: Path, db: Path) -> tuple[float, int, str]:
    """Run `dyad ingest` on a folder in a child process; return wall seconds, the child's peak KB, its output."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    run = subprocess.run([str(DYAD), "--db", str(db), "ingest", str(folder)], capture_output=True, text=True,
                         check=False)
    seconds = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return seconds, max(peak, before), run.stdout + run.stderr


def good_records(db: Path, sources: set[str]) -> list[str]:
    """Export a store and keep the records of the good pages, without store-specific ids and times."""
    out = subprocess.run([str(DYAD), "--db", str(db), "export", "--format", "jsonl"], capture_output=True,
                         text=True, check=True).stdout
    docs: dict[str, str] = {}
    kept = []
    for line in out.splitlines():
        record = json.loads(line)
        if record.get("type") == "document" and Path(str(record.get("source", ""))).name in sources:
            docs[record["id"]] = Path(record["source"]).name
    for line in out.splitlines():
        record = json.loads(line)
        doc = record.get("id") if record.get("type") == "document" else record.get("document")
        if record.get("type") in KINDS and doc in docs:
            record.pop("ingested_at", None)
            if "source" in record:
                record["source"] = Path(record["source"]).name  # the two batches sit in two folders
            kept.append(json.dumps(record, sort_keys=True))
    return sorted(kept)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--copies", type=int, default=36, help="hostile sets of 28 files (default 36: 1,008 files)")
    parser.add_argument("--good", type=Path, default=DEV, help="a folder of good pages (default: the dev set)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        good, mixed = base / "good", base / "mixed"
        good.mkdir()
        for path in sorted(args.good.glob("*.txt")):
            shutil.copy(path, good / path.name)
        write_good(good)
        shutil.copytree(good, mixed)
        hostile = 0
        for seed in range(args.copies):
            hostile += len(write_hostile(mixed / f"hostile_{seed:03d}", seed=seed))
        sources = {name for name in os.listdir(good)}
        alone, alone_kb, _ = ingest(good, base / "good.db")
        both, both_kb, output = ingest(mixed, base / "mixed.db")
        alone_records, mixed_records = good_records(base / "good.db", sources), good_records(base / "mixed.db", sources)
        count = lambda records: sum('"type": "document"' in r for r in records)  # noqa: E731
        print(f"good pages {len(sources)}, hostile files {hostile}")
        print(f"time     good alone {alone:.1f} s, with hostile {both:.1f} s: x{both / alone:.2f} (goal < 2)")
        print(f"memory   peak {both_kb / 1024:.0f} MB with hostile, {alone_kb / 1024:.0f} MB alone (goal < 1,024 MB)")
        print(f"stored   good pages' documents: {count(alone_records)} alone, {count(mixed_records)} with hostile")
        print(f"records  good pages' records the same in both stores: {alone_records == mixed_records}")
        if alone_records != mixed_records:
            for a, b in zip(alone_records, mixed_records, strict=False):
                if a != b:
                    print(f"  first difference:\n  alone {a[:600]}\n  mixed {b[:600]}")
                    break
        print(output.strip().splitlines()[-1] if output.strip() else "")


if __name__ == "__main__":
    main()
