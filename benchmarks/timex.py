"""Measure how many date expressions per second the time stage finds and resolves.

Run: python benchmarks/timex.py [--documents N]. The text is generated from a
few news-like sentences so that the numbers are comparable between runs.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date

from dyad.extract.time.timex import find_time_expressions

SENTENCES = [
    "Ministers meeting in Tokyo on Thursday accused each other of a military buildup.",
    "Last November, the two leaders agreed to speed up negotiations.",
    "In December, the cabinet approved plans to buy new fighter jets.",
    "The leaders will meet at the upcoming summit in Osaka in late June.",
    "Previous negotiations took place in Moscow last year.",
    "They agreed to hold peace treaty talks in January or February next year.",
    "A visit is to be arranged by the end of this year, and a port call on this October.",
    "The first visit in 12 years, since the visit in 2006, was made on July 31, 2018.",
    "The status quo may be challenged, said the minister, and a protest march followed.",
    "Each evening at 1830 UTC the editors send out a selection of the day's news.",
    "The ceasefire signed on 12 March 2015 was broken two years ago.",
    "Growth slowed in the first half of 2020 and recovered in Q3.",
]


def make_documents(count: int, seed: int = 7) -> list[str]:
    """Build `count` documents of 30 sentences each, reproducibly."""
    rng = random.Random(seed)
    return [" ".join(rng.choice(SENTENCES) for _ in range(30)) for _ in range(count)]


def main() -> None:
    """Time the stage over generated documents and print the rates."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=2000)
    args = parser.parse_args()
    documents = make_documents(args.documents)
    anchor = date(2019, 5, 30)
    started = time.perf_counter()
    found = sum(len(find_time_expressions(text, anchor)) for text in documents)
    elapsed = time.perf_counter() - started
    chars = sum(len(text) for text in documents)
    print(f"{len(documents)} documents, {chars / 1e6:.1f} M characters, {found} expressions")
    print(f"{elapsed:.2f} s: {found / elapsed:,.0f} expressions/s, "
          f"{len(documents) / elapsed:,.0f} documents/s, {chars / elapsed / 1e6:.2f} M chars/s")


if __name__ == "__main__":
    main()
