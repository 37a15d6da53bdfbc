"""Measure what each extraction stage adds to the spaCy parse of the same documents.

Run: python benchmarks/extract.py [--documents N] [--corpus DIR]. The corpus
is the seed documents plus N generated documents built from the event test
sentences (tests/fixtures/event_sentences.yaml), so most sentences hold a
name, a quote or an event; with --corpus, the text pages of a folder of real
news instead (for example ../shared/corpus/dev, repeated --repeat times so
the timings are not lost in noise). Every stage is timed in one run over the same parsed
Docs, and each is printed as a share of the parse time:

    resolve   mentions → actors (issue 3 goal: under 10%)
    events + quotes together (issue 4 goal: under 25%)
    time expressions, meetings, commitments: shown for completeness

Dictionary and lexicon building happen once per process before timing.
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from dyad.actors import load_dictionary
from dyad.extract.commitments.commitments import find_commitments
from dyad.extract.events.events import code_events
from dyad.extract.meetings.meetings import find_meetings
from dyad.extract.mentions.lexicon import lexicon_for
from dyad.extract.mentions.resolve import resolve_mentions
from dyad.extract.quotes.quotes import find_quotes
from dyad.extract.time.timex import find_time_expressions
from dyad.ingest.page import parse_page
from dyad.model import Published
from dyad.nlp.analyze import analyze, load_nlp

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
SENTENCES = ROOT / "tests" / "fixtures" / "event_sentences.yaml"
ON = date(2019, 5, 30)


def corpus(count: int, seed: int = 11) -> list[str]:
    """Return the seed items' clean text plus `count` generated documents of 5 paragraphs."""
    texts = [item.text for path in sorted(SEEDS.glob("*.txt")) for item in parse_page(path.read_text("utf-8"))]
    sentences = [entry["text"] for entry in yaml.safe_load(SENTENCES.read_text("utf-8"))]
    rng = random.Random(seed)
    for _ in range(count):
        texts.append("\n\n".join(" ".join(rng.choice(sentences) for _ in range(5)) for _ in range(5)))
    return texts


def real_pages(folder: Path) -> list[str]:
    """Return the clean text of every text page in a folder, as ingest reads it."""
    return [item.text for path in sorted(folder.glob("*.txt")) for item in parse_page(path.read_text("utf-8"))]


def timed(stage: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = stage()
    return result, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--corpus", type=Path, help="a folder of real pages (.txt) to time instead")
    parser.add_argument("--repeat", type=int, default=5, help="times the --corpus pages are read (default 5)")
    args = parser.parse_args()
    texts = corpus(args.documents) if args.corpus is None else real_pages(args.corpus) * args.repeat
    dictionary = load_dictionary()
    lexicon_for(dictionary, load_nlp().vocab)

    docs, parse = timed(lambda: list(analyze(texts)))
    mentions, resolve = timed(lambda: [resolve_mentions(d, ON, dictionary)[0] for d in docs])
    times, timex = timed(lambda: [find_time_expressions(d.text, ON) for d in docs])
    _, events = timed(lambda: [code_events(d, m, t) for d, m, t in zip(docs, mentions, times, strict=True)])
    _, quotes = timed(lambda: [find_quotes(d, m) for d, m in zip(docs, mentions, strict=True)])
    _, meetings = timed(
        lambda: [find_meetings(d, m, t, ON, dictionary) for d, m, t in zip(docs, mentions, times, strict=True)]
    )
    published = Published(ON.isoformat(), "day", "metadata")
    _, commitments = timed(
        lambda: [find_commitments(d, m, t, published, dictionary) for d, m, t in zip(docs, mentions, times, strict=True)]
    )

    tokens = sum(len(d) for d in docs)
    print(f"documents {len(docs)}, tokens {tokens:,}, parse {parse:.2f} s ({tokens / parse:,.0f} tokens/s)")
    for name, seconds in [("resolve", resolve), ("time", timex), ("events", events), ("quotes", quotes),
                          ("meetings", meetings), ("commitments", commitments), ("events + quotes", events + quotes),
                          ("all stages", resolve + timex + events + quotes + meetings + commitments)]:
        print(f"{name:<16} {seconds:6.2f} s  {seconds / parse:6.1%} of parse")


if __name__ == "__main__":
    main()
