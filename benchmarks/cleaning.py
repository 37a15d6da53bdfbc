"""Measure how cleaning time grows with the length of a line and of a run without spaces, up to 5 MB.

Cleaning is everything ingest does to a raw input before analysis
(`process_raw` without the parse: decoding, HTML extraction, Unicode
normalisation, furniture removal, splitting, dating). Each shape below is
made at sizes doubling up to --max-mb and cleaned; the script prints the
seconds per size, the time per MB, and each size's time over the previous
size's. Linear growth shows as ratios near 2.0 and a flat time per MB; a
quadratic step as ratios near 4 (issue 30 found the lookalike-letter pass at
4.0: 10,000 characters 0.4 s, 80,000 28 s).

    line        one line of prose (sentences, no line breaks), as a page flattened to text
    run         a run of base64 letters without a space between two short lines (an inlined image)
    lookalike   a space-less run of Latin letters with a Cyrillic lookalike every 50 (one huge suspect word)
    html-line   the prose line as one <p> of a page
    html-run    a page whose script is one minified line, beside a short paragraph

    python benchmarks/cleaning.py                  # up to 5 MB, best of 1 (about a minute)
    python benchmarks/cleaning.py --max-mb 1.25 --rounds 3
    python benchmarks/cleaning.py --shapes run lookalike
"""

from __future__ import annotations

import argparse
import random
import time
from collections.abc import Callable

from dyad.errors import InputError
from dyad.ingest.document import process_raw
from dyad.model import RawItem
from dyad.settings import Settings

MB = 1 << 20
STEPS = 7  # sizes: max/64, max/32, ... max
WORDS = ["the", "minister", "said", "that", "talks", "on", "trade", "would", "resume", "in", "June"]
BASE64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _prose(size: int) -> str:
    rng = random.Random(size)
    words, length = [], 0
    while length < size:
        word = rng.choice(WORDS) + ("." if len(words) % 14 == 13 else "")
        words.append(word.capitalize() if len(words) % 14 == 0 else word)
        length += len(word) + 1
    return " ".join(words)[:size]


def _run(size: int) -> str:
    rng = random.Random(size)
    return "".join(rng.choice(BASE64) for _ in range(size))


def _lookalike(size: int) -> str:
    letters = "abcdefghijklmnopqrstuvwxy"
    return "".join("\u0430" if i % 50 == 49 else letters[i % 25] for i in range(size))


def _paragraph() -> str:
    return "The foreign minister said on Monday that the talks on trade would resume in June."


SHAPES: dict[str, tuple[str, Callable[[int], str]]] = {
    "line": ("text", lambda n: "Talks resume\n\n" + _prose(n)),
    "run": ("text", lambda n: f"Talks resume\n\n{_paragraph()}\n\n{_run(n)}\n\n{_paragraph()}"),
    "lookalike": ("text", lambda n: f"Talks resume\n\n{_paragraph()}\n\n{_lookalike(n)}\n\n{_paragraph()}"),
    "html-line": ("html", lambda n: f"<html><head><title>Talks</title></head><body><p>{_prose(n)}</p></body></html>"),
    "html-run": ("html", lambda n: f"<html><body><h1>Talks resume</h1><p>{_paragraph()}</p>"
                                   f"<script>var a='{_run(n)}';</script><p>{_paragraph()}</p></body></html>"),
}


def clean_seconds(kind: str, text: str, rounds: int) -> float:
    """Clean one input `rounds` times; return the best time."""
    raw = RawItem(source="bench", location="bench", data=text.encode("utf-8"), kind=kind)
    settings = Settings(db=":memory:", analyse=False, max_document_bytes=64 * MB)
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        try:
            process_raw(raw, settings)
        except InputError:
            pass  # a shape may hold no article text once cleaned: the time is what counts
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--max-mb", type=float, default=5.0, help="largest size, in MB (default 5)")
    parser.add_argument("--rounds", type=int, default=1, help="best of this many runs per size (default 1)")
    parser.add_argument("--shapes", nargs="+", choices=list(SHAPES), default=list(SHAPES))
    args = parser.parse_args()
    sizes = [int(args.max_mb * MB) >> (STEPS - 1 - i) for i in range(STEPS)]
    for kind, make in SHAPES.values():  # load the data files and HTML extraction once, outside the rows
        clean_seconds(kind, make(1000), 1)
    print(f"{'shape':<10} {'size':>9} {'seconds':>8} {'s per MB':>9} {'ratio':>6}")
    for name in args.shapes:
        kind, make = SHAPES[name]
        previous = None
        for size in sizes:
            seconds = clean_seconds(kind, make(size), args.rounds)
            ratio = f"{seconds / previous:6.2f}" if previous else ""
            print(f"{name:<10} {size / MB:8.3f}M {seconds:8.3f} {seconds / (size / MB):9.3f} {ratio:>6}", flush=True)
            previous = seconds


if __name__ == "__main__":
    main()
