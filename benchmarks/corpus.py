"""Generate synthetic news pages for benchmarks: varied, furniture included, never repeated."""

from __future__ import annotations

import random
from pathlib import Path

_STATES = ["Japan", "Russia", "China", "India", "Brazil", "Turkey", "Germany", "France", "Canada", "Mexico",
           "Indonesia", "Australia", "South Korea", "Iran", "Ukraine", "Argentina", "Italy", "Saudi Arabia"]
_VERBS = ["met", "held talks with", "criticised", "praised", "signed an accord with", "called on", "warned"]
_TOPICS = ["missile defence", "trade", "fisheries", "energy", "border security", "cyber security", "grain exports"]
_PUBLISHERS = ["Kyodo News", "Reuters", "Xinhua", "Yonhap", "TASS", "Associated Press"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]


def sentence(rng: random.Random) -> str:
    a, b = rng.sample(_STATES, 2)
    return (f"Officials from {a} {rng.choice(_VERBS)} {b} on {rng.choice(_TOPICS)} "
            f"in talks that lasted {rng.randint(2, 9)} hours, according to a statement issued on day {rng.randint(1, 28)}.")


def page(n: int, rng: random.Random) -> str:
    """Return one scraped page: navigation, title, date, prose, a caption and trailing furniture."""
    a, b = rng.sample(_STATES, 2)
    body = "\n\n".join(" ".join(sentence(rng) for _ in range(rng.randint(2, 4))) for _ in range(rng.randint(4, 9)))
    return (
        "Skip to content\nMenu\n\n"
        f"{a} and {b} discuss {rng.choice(_TOPICS)} (item {n})\n\n"
        f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2000, 2025)}\n\n"
        f"{body}\n\n"
        f"Delegates arrive for the talks\nPhoto: {rng.choice(_PUBLISHERS)}/Staff\n\n"
        f"{sentence(rng)}\n\nRelated articles\n{b} names new envoy\n\nShare this article\nLeave a comment\n"
    )


def write_corpus(folder: Path, count: int, seed: int = 7) -> int:
    """Write `count` pages as .txt files under `folder`; return total bytes written."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n in range(count):
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        data = page(n, rng).encode("utf-8")
        (sub / f"page{n:06d}.txt").write_bytes(data)
        total += len(data)
    return total
