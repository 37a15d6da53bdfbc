"""Inputs that cost parsing time for nothing: filler that recycles a few words, and texts over the parser's limit."""

from __future__ import annotations

import random
import time
from dataclasses import replace

import pytest

from dyad.errors import InputError
from dyad.ingest.document import MAX_ANALYSED_CHARS, process_raw
from dyad.ingest.language import NO_CONTENT, repeats_few_words
from dyad.model import RawItem
from dyad.settings import load_settings

ARTICLE = (
    "Estonia's defence minister told reporters in Tallinn on Thursday that the country would buy "
    "six more air-defence launchers from a German maker before the end of next year. Officials in "
    "Berlin confirmed the order and said deliveries could start in the spring, once parliament "
    "approves the budget line. The minister added that training crews would take several months."
)


def _filler(words: int, vocabulary: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    pool = ARTICLE.split()[:vocabulary]
    return " ".join(rng.choice(pool) for _ in range(words))


@pytest.mark.parametrize("text", [
    ARTICLE,
    ARTICLE + " " + ARTICLE,  # a page that repeats its article once
    "Talks resumed.",  # too short to judge
    "Yes, yes, yes, the talks go on, the talks go on, yes.",  # under MIN_WORDS
    "\n\n".join([ARTICLE] * 4),  # four copies of one article: a scrape that repeated itself, still prose
])
def test_prose_is_prose(text: str) -> None:
    assert not repeats_few_words(text)


@pytest.mark.parametrize("words,vocabulary", [(40, 10), (2_000, 10), (5_000, 30), (400, 12)])
def test_a_few_words_recycled_are_not_prose(words: int, vocabulary: int) -> None:
    assert repeats_few_words(_filler(words, vocabulary))


def test_filler_is_stored_but_not_analysed() -> None:
    raw = RawItem("filler.txt", "filler.txt", ("Notes\n\n" + _filler(3_000, 10)).encode(), "text")
    (doc,) = process_raw(raw, load_settings()).documents
    assert doc.language == NO_CONTENT and not doc.analysable
    raw = RawItem("news.txt", "news.txt", ("Estonia buys launchers\n\n" + ARTICLE).encode(), "text")
    (doc,) = process_raw(raw, load_settings()).documents
    assert doc.language == "en" and doc.analysable


def test_a_text_over_the_limit_is_refused_before_it_is_cleaned() -> None:
    page = ("Long page\n\n" + "\n\n".join(f"{ARTICLE} ({n})" for n in range(MAX_ANALYSED_CHARS // 300))).encode()
    assert len(page) > MAX_ANALYSED_CHARS
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"its text is 1,\d{3},\d{3} characters"):
        process_raw(RawItem("long.txt", "long.txt", page, "text"), load_settings())
    assert time.perf_counter() - started < 0.5  # cleaning it took ~0.7 s
    stored = process_raw(RawItem("long.txt", "long.txt", page, "text"), replace(load_settings(), analyse=False))
    assert len(stored.documents[0].text) > MAX_ANALYSED_CHARS  # without analysis the text is stored whole
