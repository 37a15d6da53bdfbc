"""Measure what mention resolution adds to spaCy analysis of the same corpus.

Run: python benchmarks/resolve.py [--documents N]. The corpus is the seed
documents plus N generated news-like documents; both stages are timed in
one run over the same Docs, and the ratio resolve/analyze is printed. The
lexicon (phrase matchers built from the dictionary, once per process) is
built before timing and reported on its own line.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from pathlib import Path

from dyad.actors import load_dictionary
from dyad.analyze import analyze, load_nlp
from dyad.extract.lexicon import lexicon_for
from dyad.extract.resolve import resolve_mentions
from dyad.ingest.page import parse_page

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
SENTENCES = [
    "Russian Defence Minister Sergei Shoigu met Japanese Defense Minister Takeshi Iwaya in Tokyo.",
    "He said that Moscow and Tokyo were engaged in an active dialogue.",
    "The Japanese foreign minister told his counterpart that the Northern Territories were Japan's.",
    "Beijing warned Washington against arms sales, and the Kremlin rejected the proposal.",
    "U.S. Secretary of State Antony Blinken arrived in Seoul on Monday.",
    "Blinken said the talks with South Korean officials had been useful.",
    "Mr. Lavrov, Sergey Viktorovich, Minister of Foreign Affairs of the Russian Federation, spoke.",
    "The British Prime Minister and the French President discussed the Falklands and NATO.",
    "Deputy Foreign Minister Jane Doe of Canada visited the UN in New York.",
    "Chinese ships sailed near the Diaoyu Islands, which the Japanese call the Senkaku Islands.",
    "The minister said the ASEAN meeting and the East Asia Summit would follow in late June.",
    "Economic growth slowed in the first half of the year as exports fell sharply.",
    "Indian Prime Minister Narendra Modi and Chinese President Xi Jinping met at the G20 summit.",
    "The ministers agreed to hold talks in Moscow next year on the Kuril Islands.",
]


def seed_texts() -> list[str]:
    """Return the clean text of every seed item, if the seeds are beside the repo."""
    if not SEEDS.exists():
        return []
    return [
        item.text
        for path in sorted(SEEDS.glob("*.txt"))
        for item in parse_page(path.read_text(encoding="utf-8"))
    ]


def make_documents(count: int, seed: int = 11) -> list[str]:
    """Build `count` documents of 25 sentences in paragraphs of five, reproducibly."""
    rng = random.Random(seed)
    docs = []
    for _ in range(count):
        paragraphs = [" ".join(rng.choice(SENTENCES) for _ in range(5)) for _ in range(5)]
        docs.append("\n\n".join(paragraphs))
    return docs


def main() -> None:
    """Time analysis and resolution over one corpus and print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=300)
    args = parser.parse_args()
    texts = seed_texts() + make_documents(args.documents)
    dictionary = load_dictionary()
    nlp = load_nlp()
    built = time.perf_counter()
    lexicon_for(dictionary, nlp.vocab)
    built = time.perf_counter() - built

    started = time.perf_counter()
    docs = list(analyze(texts))
    analysed = time.perf_counter() - started

    started = time.perf_counter()
    mentions = new = 0
    for doc in docs:
        found, actors = resolve_mentions(doc, date(2019, 5, 30), dictionary)
        mentions, new = mentions + len(found), new + len(actors)
    resolved = time.perf_counter() - started

    tokens = sum(len(doc) for doc in docs)
    print(f"documents          {len(docs)} ({tokens} tokens)")
    print(f"lexicon build      {built:.2f} s (once per process, not in the ratio)")
    print(f"analyze (spaCy)    {analysed:.2f} s")
    print(f"resolve_mentions   {resolved:.2f} s ({mentions} mentions, {new} new actors)")
    print(f"ratio              {resolved / analysed:.1%} of analysis time")


if __name__ == "__main__":
    main()
