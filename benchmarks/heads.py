"""Measure what reading pages' heads and cleaning their text costs beside the parse.

Run: python benchmarks/heads.py [--documents N]. Two corpora, each timed in
one run: the development set's real pages (../shared/corpus/dev, when it is
there) and N generated news pages (corpus.py, furniture included). For each,
three stages over the same pages: reading the page (front matter, head,
furniture, body: `parse_page`), spaCy's own `nlp.pipe` of the clean texts
(the model Dyad loads, as it ships), and Dyad's parse. The share printed is
reading's time over the sum of reading and Dyad's parse, the nearest this
machine gets to "share of ingest time" without linking and storage, which
only make the share smaller (issue 24 goal: under 3%).

Each stage runs `--rounds` times and the fastest round counts, as the
stages are short and the machine is shared.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dyad.ingest.page import parse_page
from dyad.nlp.analyze import analyze, load_nlp

sys.path.insert(0, str(Path(__file__).parent))
from corpus import page  # noqa: E402

DEV = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "dev"


def fastest(stage: Callable[[], Any], rounds: int) -> tuple[Any, float]:
    best, result = float("inf"), None
    for _ in range(rounds):
        started = time.perf_counter()
        result = stage()
        best = min(best, time.perf_counter() - started)
    return result, best


def measure(name: str, pages: list[str], rounds: int) -> None:
    items, read = fastest(lambda: [item for p in pages for item in parse_page(p)], rounds)
    texts = [item.text for item in items]
    nlp = load_nlp()
    _, spacy_parse = fastest(lambda: list(nlp.pipe(texts)), rounds)
    _, dyad_parse = fastest(lambda: list(analyze(texts)), rounds)
    words = sum(len(t.split()) for t in texts)
    print(f"{name:<22} {len(pages):>6,} {words:>9,} {read:>9.3f} {spacy_parse:>9.2f} {dyad_parse:>9.2f} "
          f"{read / (read + dyad_parse):>8.1%}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    load_nlp()
    list(analyze(["Warm-up: the minister met his counterpart in Tokyo on Monday."]))
    print(f"{'corpus':<22} {'pages':>6} {'words':>9} {'read s':>9} {'spaCy s':>9} {'Dyad s':>9} {'read %':>8}")
    if DEV.is_dir():
        measure("development set", [p.read_text("utf-8") for p in sorted(DEV.glob("*.txt"))], args.rounds)
    rng = random.Random(7)
    measure("generated news pages", [page(n, rng) for n in range(args.documents)], args.rounds)


if __name__ == "__main__":
    main()
