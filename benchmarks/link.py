"""Benchmark cross-document linking: per-document time at 1,000 and at 10,000 stored documents.

For each size a fresh store is filled with generated documents, stored and
linked in batches of 500 as `dyad ingest` does, and then a further 200 new
documents are linked one batch at a time and timed: that is the per-document
cost of linking into a store of that size. Linking must be sub-linear (band
keys and dates are looked up through indexes), so the ratio of the two
per-document times must stay under 1.5.

The documents are generated without analysis (no spaCy: analysis of 10,000
documents would take hours and is not what is measured), so stories form on
text alone: band keys, copies (5% of documents are near-copies of an earlier
one), re-quotes (5% quote a paragraph of an earlier one and name its
publisher) and date proximity. Actor and meeting candidates need analysis and
are not exercised here; their look-ups go through the same kind of index
(published date, meeting date).

    python benchmarks/link.py                 # 1,000 and 10,000
    python benchmarks/link.py --sizes 500 5000
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from dyad.link.run import link_documents
from dyad.model import Document, Published, RawItem, document_id
from dyad.store import Store

PUBLISHERS = ["Reuters", "TASS", "Kyodo News", "Xinhua", "Yonhap", "Al Jazeera", "BBC News", "The Diplomat"]
BATCH = 500
TIMED = 200


class Corpus:
    """Generate articles: random prose, some near-copies and re-quotes of earlier ones."""

    def __init__(self, seed: int = 7) -> None:
        self.random = random.Random(seed)
        self.words = [f"w{i}" for i in range(20_000)]
        self.made: list[tuple[str, str]] = []  # (text, publisher) of earlier documents
        self.n = 0

    def paragraph(self) -> str:
        return " ".join(self.random.choices(self.words, k=self.random.randint(40, 80))) + "."

    def text(self, publisher: str) -> str:
        roll = self.random.random()
        if self.made and roll < 0.05:  # a near-copy: one word changed
            words = self.random.choice(self.made)[0].split(" ")
            words[self.random.randrange(len(words))] = "changed"
            return " ".join(words)
        paragraphs = [self.paragraph() for _ in range(self.random.randint(3, 7))]
        if self.made and roll < 0.10:  # a re-quote of an earlier document's paragraph
            earlier, who = self.random.choice(self.made)
            paragraphs.insert(1, f"{who} reports " + earlier.split("\n\n")[0])
        return "\n\n".join(paragraphs)

    def item(self) -> tuple[RawItem, list[Document]]:
        self.n += 1
        publisher = self.random.choice(PUBLISHERS)
        text = self.text(publisher)
        self.made.append((text, publisher))
        day = date(2018, 1, 1) + timedelta(days=self.random.randrange(730))
        raw = RawItem(f"gen/{self.n}.txt", f"gen/{self.n}.txt", f"{self.n}\n{text}".encode(), "text")
        doc = Document(document_id(raw.sha256, 0), raw.source, 0, text, raw_sha256=raw.sha256,
                       title=f"Article {self.n}", publisher=publisher,
                       published=Published(day.isoformat(), "day", "metadata"), language="en")
        return raw, [doc]


def store_and_link(store: Store, corpus: Corpus, count: int) -> float:
    """Store and link `count` new documents in ingest-sized batches; return the seconds linking took."""
    spent = 0.0
    for start in range(0, count, BATCH):
        items = [corpus.item() for _ in range(min(BATCH, count - start))]
        store.add_batch(items)
        began = time.perf_counter()
        link_documents(store, [doc.id for _, docs in items for doc in docs], None)
        spent += time.perf_counter() - began
    return spent


def measure(size: int, work: Path) -> float:
    """Return the seconds per document to link into a store already holding `size` documents."""
    corpus = Corpus()
    with Store.open(str(work / f"link{size}.db")) as store:
        store_and_link(store, corpus, size)
        return store_and_link(store, corpus, TIMED) / TIMED


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs=2, default=[1_000, 10_000])
    args = parser.parse_args()
    small, large = args.sizes
    with tempfile.TemporaryDirectory() as tmp:
        times = {size: measure(size, Path(tmp)) for size in (small, large)}
    for size, seconds in times.items():
        print(f"{size:>7,} stored: {seconds * 1000:.2f} ms to link one document")
    ratio = times[large] / times[small]
    print(f"ratio {large:,}/{small:,}: {ratio:.2f} (must be < 1.5)")
    sys.exit(0 if ratio < 1.5 else 1)


if __name__ == "__main__":
    main()
