"""Benchmark ingest of pages made of recurring paragraphs against spaCy's parse of the same pages.

A site's standard paragraphs and a press-release archive make pages that
share most of their paragraphs with many others: every band key of such a
page is held by many documents, and linking that follows each of them reads
and compares hundreds of candidates per page. Issue 29's goal: `dyad ingest`
of 240 such pages costs at most twice spaCy's own parse of them.

Pages are generated (benchmarks/corpus.py's sentences): a pool of POOL
paragraphs, and each page one paragraph of its own plus SHARED drawn from
the pool. Three timings, each in a fresh child process, CPU seconds with the
model load and warm-up left out: spaCy's `nlp.pipe` over the pages' texts;
`dyad ingest` without linking; `dyad ingest` with it (the difference is
linking's cost).

    python benchmarks/recurring.py                 # 240 pages
    python benchmarks/recurring.py --pages 120 --pool 30
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from corpus import _clause, template_page  # noqa: E402

SHARED = 6
POOL = 40
_STATES = ["Norway", "Chile", "Kenya", "Peru", "Japan", "Canada", "Egypt", "Poland"]


def _paragraph(rng: random.Random) -> str:
    a, b = rng.sample(_STATES, 2)
    return " ".join(_clause(rng, a, b, rng.choice(["trade", "fisheries", "energy"])) for _ in range(rng.randint(3, 5)))


def write_pages(folder: Path, count: int, pool_size: int, seed: int = 11, *, own: int = 1,
                dated: bool = True, template: bool = False) -> list[str]:
    """Write `count` pages of recurring paragraphs (and `own` of their own) as .txt files; return their texts."""
    rng = random.Random(seed)
    pool = [_paragraph(rng) for _ in range(pool_size)]
    folder.mkdir(parents=True, exist_ok=True)
    texts = []
    for n in range(count):
        if template:
            text = template_page(n, rng)
            (folder / f"page{n:04d}.txt").write_text(text, encoding="utf-8")
            texts.append(text)
            continue
        paragraphs = [*(_paragraph(rng) for _ in range(own)), *rng.sample(pool, SHARED)]
        date = f"{rng.randint(1, 28)} March 2021\n\n" if dated else ""
        text = f"Statement number {n} on regional cooperation\n\n{date}" + "\n\n".join(paragraphs) + "\n"
        (folder / f"page{n:04d}.txt").write_text(text, encoding="utf-8")
        texts.append(text)
    return texts


def _cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def child(kind: str, folder: str, db: str) -> None:
    """Run one timing in this fresh process and print it as JSON."""
    if kind == "spacy":
        from dyad.nlp.analyze import load_nlp

        nlp = load_nlp()
        texts = [p.read_text(encoding="utf-8") for p in sorted(Path(folder).iterdir())]
        list(nlp.pipe(texts[:2]))
        started = _cpu()
        for _ in nlp.pipe(texts, batch_size=64):
            pass
        print(json.dumps({"cpu": _cpu() - started}))
        return
    import dyad
    from dyad.extract.warm import warm_up
    from dyad.settings import load_settings

    warm_up()
    settings = load_settings().with_overrides(link=kind == "link", workers=1)
    started, wall = _cpu(), time.perf_counter()
    report = dyad.ingest([folder], db, settings=settings)
    print(json.dumps({"cpu": _cpu() - started, "wall": time.perf_counter() - wall,
                      "documents": report.documents_added, "failed": len(report.failures)}))


def measure(kind: str, folder: Path, db: Path) -> dict[str, float]:
    out = subprocess.run([sys.executable, __file__, "--child", kind, str(folder), str(db)],
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=240)
    parser.add_argument("--pool", type=int, default=POOL)
    parser.add_argument("--own", type=int, default=1, help="paragraphs of its own on each page")
    parser.add_argument("--template", action="store_true",
                        help="corpus.py's template pages instead: every sentence one template")
    parser.add_argument("--undated", action="store_true", help="pages without a date line")
    parser.add_argument("--only", choices=["spacy", "nolink", "link"], nargs="*")
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "pages"
        write_pages(folder, args.pages, args.pool, own=args.own, dated=not args.undated,
                    template=args.template)
        found = {kind: measure(kind, folder, Path(tmp) / f"{kind}.db") for kind in args.only or ["spacy", "nolink", "link"]}
    for kind, result in found.items():
        print(f"{kind:>8}: {result['cpu']:7.1f} s CPU  {json.dumps(result)}")
    if {"spacy", "link"} <= found.keys():
        print(f"ingest with linking / spaCy parse: {found['link']['cpu'] / found['spacy']['cpu']:.2f}")
    if {"nolink", "link"} <= found.keys():
        print(f"linking: {found['link']['cpu'] - found['nolink']['cpu']:.1f} s CPU")


if __name__ == "__main__":
    main()
