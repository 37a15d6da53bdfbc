"""Measure what event coding adds to the spaCy parse of the same documents.

Run: python benchmarks/events.py [--documents N]. In one run it parses the
seed items and N generated documents (built from the sentences of
tests/fixtures/event_sentences.yaml, so most sentences hold a trigger), resolves
their mentions and time expressions, then times `code_events` over the same
parsed documents and prints its time as a share of the parse time.
The issue's budget is events + quotes under 25% of parse time; events aim below 10%.
"""

from __future__ import annotations

import argparse
import random
import time
from datetime import date
from pathlib import Path

import yaml

from dyad.actors import load_dictionary
from dyad.analyze import analyze, load_nlp
from dyad.extract.events import code_events
from dyad.extract.resolve import resolve_mentions
from dyad.extract.timex import find_time_expressions
from dyad.ingest.page import parse_page

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "event_sentences.yaml"
SEEDS = ROOT.parent / "shared" / "corpus" / "seeds"
ANCHOR = date(2019, 5, 30)


def make_documents(count: int, seed: int = 7) -> list[str]:
    """Build the seed items plus `count` documents of 25 fixture sentences each, reproducibly."""
    sentences = [item["text"] for item in yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))]
    rng = random.Random(seed)
    texts = [" ".join(rng.choice(sentences) for _ in range(25)) for _ in range(count)]
    for path in sorted(SEEDS.glob("*.txt")):
        texts += [item.text for item in parse_page(path.read_text(encoding="utf-8"))]
    return texts


def main() -> None:
    """Time the parse and the event coder over the same documents; print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=200)
    args = parser.parse_args()
    texts = make_documents(args.documents)
    load_nlp()
    started = time.perf_counter()
    docs = list(analyze(texts))
    parse_time = time.perf_counter() - started
    dictionary = load_dictionary()
    inputs = [
        (doc, resolve_mentions(doc, ANCHOR, dictionary)[0], find_time_expressions(doc.text, ANCHOR))
        for doc in docs
    ]
    code_events(*inputs[0])  # compile the lexicon outside the timing
    started = time.perf_counter()
    found = sum(len(code_events(doc, mentions, times)) for doc, mentions, times in inputs)
    events_time = time.perf_counter() - started
    chars = sum(len(text) for text in texts)
    print(f"{len(texts)} documents, {chars / 1e6:.2f} M characters, {found} events")
    print(
        f"parse {parse_time:.2f} s, events {events_time:.3f} s: "
        f"events = {100 * events_time / parse_time:.1f}% of parse time"
    )


if __name__ == "__main__":
    main()
