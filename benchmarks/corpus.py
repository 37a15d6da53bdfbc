"""Generate synthetic news pages for benchmarks: varied, furniture included, never repeated.

Two kinds of page:

    page            news-like: sentences drawn from many patterns over a large
                    vocabulary (made-up people, places, numbers), so two
                    unrelated pages share a stray phrase, not paragraphs; some
                    pages report the same happening as an earlier one in other
                    words, a few are syndicated copies and a few re-quote an
                    earlier page's paragraph, as in real news
    template_page   the old generator: every sentence is one template, so every
                    page shares long runs of words with every other. Real news
                    does not do that, but boilerplate (a site's footer, a wire
                    service's standard paragraph) does: `--boilerplate` in
                    benchmarks/ingest.py keeps linking honest on it
"""

from __future__ import annotations

import random
from collections import deque
from collections.abc import Iterator
from pathlib import Path

_STATES = ["Japan", "Russia", "China", "India", "Brazil", "Turkey", "Germany", "France", "Canada", "Mexico",
           "Indonesia", "Australia", "South Korea", "Iran", "Ukraine", "Argentina", "Italy", "Saudi Arabia",
           "Egypt", "Nigeria", "Kenya", "Vietnam", "Poland", "Spain", "Chile", "Peru", "Norway", "Qatar"]
_VERBS = ["met", "held talks with", "criticised", "praised", "signed an accord with", "called on", "warned"]
_TOPICS = ["missile defence", "trade", "fisheries", "energy", "border security", "cyber security", "grain exports",
           "migration", "climate finance", "port access", "rare earths", "debt relief", "nuclear safety",
           "visa rules", "arms control", "shipping lanes", "food security", "tariffs", "sanctions", "water rights"]
_PUBLISHERS = ["Kyodo News", "Reuters", "Xinhua", "Yonhap", "TASS", "Associated Press", "Al Jazeera", "BBC News",
               "The Diplomat", "Deutsche Welle", "Anadolu", "Press Trust of India"]
_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_ROLES = ["foreign minister", "defence minister", "prime minister", "trade envoy", "deputy foreign minister",
          "ambassador", "president", "finance minister", "national security adviser", "spokesperson"]
_SYLLABLES = ["ka", "ro", "mi", "ta", "sen", "vo", "li", "an", "der", "mar", "ko", "su", "bel", "ra", "no",
              "ev", "gi", "os", "ul", "pet", "han", "zu", "di", "la", "mor", "ti", "ven", "a", "is", "ch"]
_PLACES = ["Geneva", "Vienna", "Doha", "Singapore", "Istanbul", "Astana", "Nairobi", "Brasilia", "Jakarta",
           "Oslo", "Helsinki", "Lima", "Cairo", "Hanoi", "Warsaw", "Madrid", "Seoul", "Tokyo", "Delhi", "Ankara"]
_NOUNS = ["agreement", "proposal", "framework", "plan", "initiative", "package", "road map", "memorandum",
          "declaration", "review", "dialogue", "mechanism", "roadmap", "treaty", "programme", "pact"]
_ADJECTIVES = ["new", "joint", "regional", "bilateral", "long-delayed", "interim", "expanded", "revised",
               "preliminary", "comprehensive", "limited", "five-year", "two-stage", "multilateral"]
_SAYS = ["said", "told reporters", "wrote on social media", "said in a statement", "told parliament",
         "told a news conference", "said in an interview", "added", "stressed", "noted"]


def _name(rng: random.Random) -> str:
    """Make up a person's name, so names repeat rarely, as across real news."""
    def word() -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    return f"{word()} {word()}"


def _clause(rng: random.Random, a: str, b: str, topic: str) -> str:
    """Write one sentence about two states and a topic, from one of many patterns."""
    person, role = _name(rng), rng.choice(_ROLES)
    noun, adjective = rng.choice(_NOUNS), rng.choice(_ADJECTIVES)
    number, place, day = rng.randint(2, 900), rng.choice(_PLACES), rng.choice(_DAYS)
    patterns = [
        f"{a}'s {role} {person} {rng.choice(_VERBS)} {b} on {topic} in {place} on {day}.",
        f"\"We expect {b} to honour the {adjective} {noun},\" {person} {rng.choice(_SAYS)}.",
        f"The {adjective} {noun} on {topic} would cover {number} projects over {rng.randint(2, 12)} years.",
        f"{person}, {a}'s {role}, said talks with {b} had been {rng.choice(['frank', 'useful', 'difficult', 'tense', 'constructive'])}.",
        f"Officials in {place} said {a} and {b} disagreed over {topic} but would meet again in {rng.choice(_MONTHS)}.",
        f"{b} rejected the {noun}, calling it {rng.choice(['unbalanced', 'premature', 'a step back', 'vague', 'unworkable'])}.",
        f"Trade between {a} and {b} reached {number} billion dollars last year, up {rng.randint(1, 40)} percent.",
        f"Analysts in {place} expect the {topic} dispute to {rng.choice(['ease', 'deepen', 'drag on', 'resurface'])} before {rng.choice(_MONTHS)}.",
        f"{person} arrived in {place} on {day} for {rng.randint(2, 5)} days of talks on {topic}.",
        f"A {adjective} round of {topic} talks is planned for {rng.choice(_MONTHS)}, {person} {rng.choice(_SAYS)}.",
        f"{a} has sent {number} {rng.choice(['observers', 'engineers', 'inspectors', 'delegates', 'troops'])} to {place}.",
        f"The {rng.choice(['ministry', 'embassy', 'cabinet office', 'parliament'])} of {b} gave no comment on {day}.",
    ]
    return rng.choice(patterns)


def page(n: int, rng: random.Random) -> str:
    """Return one scraped news-like page: navigation, title, date, varied prose, a caption, furniture."""
    a, b = rng.sample(_STATES, 2)
    topic = rng.choice(_TOPICS)
    # 6 to 14 paragraphs of 2 to 5 sentences: about 500 words, the length of a wire story.
    body = "\n\n".join(" ".join(_clause(rng, a, b, topic) for _ in range(rng.randint(2, 5)))
                       for _ in range(rng.randint(6, 14)))
    return (
        "Skip to content\nMenu\n\n"
        f"{a} and {b} {rng.choice(['discuss', 'clash over', 'agree on', 'revisit'])} {topic} (item {n})\n\n"
        f"{rng.randint(1, 28)} {rng.choice(_MONTHS)} {rng.randint(2000, 2025)}\n\n"
        f"{body}\n\n"
        f"Delegates arrive for the talks\nPhoto: {rng.choice(_PUBLISHERS)}/Staff\n\n"
        f"{_clause(rng, b, a, topic)}\n\nRelated articles\n{b} names new envoy\n\nShare this article\nLeave a comment\n"
    )


def _copy(earlier: str, n: int, rng: random.Random) -> str:
    """Make a syndicated copy of an earlier page: a new headline line, the body as it was."""
    lines = earlier.split("\n\n")
    lines[1] = f"{lines[1].rsplit(' (item', 1)[0]} (syndicated, item {n})"
    return "\n\n".join(lines)


def _requote(text: str, earlier: str, rng: random.Random) -> str:
    """Quote an earlier page's longest paragraph inside a new page, naming an agency."""
    quoted = max(earlier.split("\n\n"), key=len)
    parts = text.split("\n\n")
    parts.insert(3, f"{rng.choice(_PUBLISHERS)} reported: {quoted}")
    return "\n\n".join(parts)


def sentence(rng: random.Random) -> str:
    """Return one template sentence: the same words on every page but for a few slots."""
    a, b = rng.sample(_STATES, 2)
    return (f"Officials from {a} {rng.choice(_VERBS)} {b} on {rng.choice(_TOPICS)} "
            f"in talks that lasted {rng.randint(2, 9)} hours, according to a statement issued on day {rng.randint(1, 28)}.")


def template_page(n: int, rng: random.Random) -> str:
    """Return one template page: every sentence shares most of its words with every other page's."""
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


def pages(count: int, seed: int = 7, *, boilerplate: bool = False) -> Iterator[str]:
    """Yield `count` pages: news-like (3% copies, 3% re-quotes of a recent page) or template ones."""
    rng = random.Random(seed)
    recent: deque[str] = deque(maxlen=200)  # copies and re-quotes follow their original within days
    for n in range(count):
        roll = rng.random()
        if boilerplate:
            text = template_page(n, rng)
        elif recent and roll < 0.03:
            text = _copy(rng.choice(recent), n, rng)
        elif recent and roll < 0.06:
            text = _requote(page(n, rng), rng.choice(recent), rng)
        else:
            text = page(n, rng)
        recent.append(text)
        yield text


def write_corpus(folder: Path, count: int, seed: int = 7, *, boilerplate: bool = False) -> int:
    """Write `count` pages as .txt files under `folder`; return total bytes written."""
    folder.mkdir(parents=True, exist_ok=True)
    total = 0
    for n, text in enumerate(pages(count, seed, boilerplate=boilerplate)):
        sub = folder / f"{n // 1000:03d}"
        sub.mkdir(exist_ok=True)
        data = text.encode("utf-8")
        (sub / f"page{n:06d}.txt").write_bytes(data)
        total += len(data)
    return total
