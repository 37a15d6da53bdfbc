"""Compare the cost of finding quotes with the cost of the spaCy parse it reads.

Run: python benchmarks/quotes.py [--copies N]. The documents are the seed
corpus's articles (../shared/corpus/seeds), repeated N times; both stages run
on the same documents in the same process, so the ratio is comparable between
machines. Resolving mentions is timed apart: it is another stage's cost.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from pathlib import Path

from dyad.actors import load_dictionary
from dyad.analyze import analyze, load_nlp
from dyad.extract.quotes import find_quotes
from dyad.extract.resolve import resolve_mentions
from dyad.ingest.page import parse_page

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"


def seed_texts() -> list[tuple[str, date | None]]:
    """Return the clean text of every seed article, with the day it was published."""
    texts = []
    for path in sorted(SEEDS.glob("*.txt")):
        for item in parse_page(path.read_text(encoding="utf-8")):
            day = item.published
            texts.append(
                (
                    item.text,
                    date.fromisoformat(day.value) if day and day.precision == "day" else None,
                )
            )
    return texts


def main() -> None:
    """Time the parse, the mentions and the quote finder, and print the quote/parse ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--copies", type=int, default=25)
    args = parser.parse_args()
    items = seed_texts() * args.copies
    load_nlp()
    dictionary = load_dictionary()
    started = time.perf_counter()
    docs = list(analyze([text for text, _ in items]))
    parse = time.perf_counter() - started
    started = time.perf_counter()
    mentions = [
        resolve_mentions(doc, day, dictionary)[0] for doc, (_, day) in zip(docs, items, strict=True)
    ]
    resolve = time.perf_counter() - started
    started = time.perf_counter()
    found = sum(len(find_quotes(doc, ms)) for doc, ms in zip(docs, mentions, strict=True))
    quotes = time.perf_counter() - started
    chars = sum(len(text) for text, _ in items)
    print(f"{len(docs)} documents, {chars / 1e6:.2f} M characters, {found} quotes")
    print(f"spaCy analyze   {parse:7.2f} s")
    print(f"resolve (apart) {resolve:7.2f} s")
    print(f"find_quotes     {quotes:7.2f} s  ({len(docs) / quotes:,.0f} documents/s)")
    print(f"find_quotes / analyze = {quotes / parse:.3f}")


if __name__ == "__main__":
    main()
