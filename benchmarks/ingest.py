"""Benchmark the read → clean → store (→ link) path of `dyad ingest` (no analysis) at two sizes.

Each size runs in a fresh child process so that peak memory (max RSS) is that
run's alone; both sizes run in this one invocation and are reported side by
side, with their ratio. Peak memory must not grow with the number of
documents: ingest streams, writes in fixed-size batches, and links each new
document through indexed look-ups only.

    python benchmarks/ingest.py              # 1,000 and 10,000 documents
    python benchmarks/ingest.py --sizes 500 5000
    python benchmarks/ingest.py --link       # linking on: its cost and memory
    python benchmarks/ingest.py --link --boilerplate   # every page shares template sentences
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import write_corpus  # noqa: E402


def child(folder: str, db: str, link: bool) -> None:
    """Ingest one corpus and print docs/s and peak RSS as JSON (runs in a fresh process)."""
    import dyad
    from dyad.settings import load_settings

    started = time.perf_counter()
    settings = load_settings().with_overrides(analyse=False, link=link)
    report = dyad.ingest([folder], db, settings=settings)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"documents": report.documents_added, "failed": len(report.failures),
                      "seconds": seconds, "peak_mb": peak_kb / 1024}))


def measure(size: int, work: Path, link: bool, boilerplate: bool) -> dict[str, float]:
    folder = work / f"corpus{size}"
    write_corpus(folder, size, boilerplate=boilerplate)
    db = work / f"bench{size}.db"
    out = subprocess.run([sys.executable, __file__, "--child", str(folder), str(db), "link" if link else "-"],
                         check=True, capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["docs_per_s"] = result["documents"] / result["seconds"]
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs=2, default=[1000, 10000])
    parser.add_argument("--link", action="store_true", help="link documents as they are stored (off by default)")
    parser.add_argument("--boilerplate", action="store_true",
                        help="generate template pages sharing whole sentences (the pathological case for linking)")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], args.child[1], args.child[2] == "link")
        return
    with tempfile.TemporaryDirectory() as tmp:
        small, large = (measure(size, Path(tmp), args.link, args.boilerplate) for size in args.sizes)
    print(f"{'documents':>10} {'seconds':>8} {'docs/s':>8} {'peak MB':>8}")
    for r in (small, large):
        print(f"{r['documents']:>10,} {r['seconds']:>8.1f} {r['docs_per_s']:>8.0f} {r['peak_mb']:>8.1f}")
    print(f"peak memory ratio {args.sizes[1]:,}/{args.sizes[0]:,}: {large['peak_mb'] / small['peak_mb']:.2f}")
    print(f"throughput ratio  {args.sizes[1]:,}/{args.sizes[0]:,}: {large['docs_per_s'] / small['docs_per_s']:.2f}")


if __name__ == "__main__":
    main()
