"""Who said it, when the attribution only points: pronouns, roles, bodies, sentence-wide sources.

All sentences are written for these tests; each rule has a near miss that
must not take the same path. Quotes are found through the whole annotation
stage (the resolver's mentions and coreference, then the quote finder).
"""

from __future__ import annotations

from functools import cache

import pytest

from dyad.actors import load_dictionary
from dyad.extract.annotate import annotate_documents
from dyad.extract.mentions.coref import gender_of
from dyad.model import Document, Published, Quote

TEXTS = {
    # sentences inside quotation marks are no steps back for the pronoun after them
    "quoted sentences": (
        "Lena Holm criticised the harbour plan on Monday.\n\n"
        "“Who asked the crews? Who asked the town? Nobody did. It is a scandal,” she said."
    ),
    # near miss: four sentences of narration are too far for "she"
    "narrated sentences": (
        "Lena Holm criticised the harbour plan on Monday. The board met twice. The vote was close. "
        "The crews waited outside.\n\n“It is a scandal,” she said."
    ),
    # the subject of the main clause, not of the clause it reports, is who "he" is
    "main subject": "Tom Berg said Karl Nyberg had misread the budget.\n\n“The numbers are plain,” he said.",
    # near miss: gender rules out the main subject
    "main subject, other gender": (
        "Linda Holm said Karl Nyberg had misread the budget.\n\n“The numbers are plain,” he said."
    ),
    # "according to X" at the end of the sentence attributes a quoted phrase in it
    "according to": "Turnout reached a “record high” in the north, according to the regional election board.",
    # near miss: a reporting verb nearer the quote wins over "according to"
    "according to, nearer verb": (
        "According to the regional election board, Lena Holm said turnout was “a record high.”"
    ),
    # an adverb between the speaker and the verb after the quote
    "adverb": "“Rates will stay high,” the central bank said.\n\n“Growth will slow. Prices will rise in the spring,” it further wrote.",
    # near miss: the verb after the quote reports words of its own
    "adverb, other words": "“We will appeal the ruling.” Lena Holm later said the judge was fair.",
    # a role's "at" phrase says whose it is
    "role at": "Officials at the Harbour Authority said ships “may be delayed for weeks.”",
    # near miss: no role noun, so the "at" phrase is only where they were
    "people at": "Students at the college said ships “may be delayed for weeks.”",
    # "it" acting is a body named before
    "it acts": "The fisheries ministry did not name the plan, but it cited “rising risks” in its report.",
    # near miss: an empty "it" before "be" names nobody
    "empty it": "The fisheries ministry met on Monday. It was “a long day” for the staff.",
    # "went on about": talked of
    "went on about": (
        "“Are we done?” Linda Holm said, but the room was tired, and as Karl Nyberg went on about "
        "“the cost of the bridge,” she left."
    ),
    # the described person is the last main-clause subject, not the last name in a subordinate clause
    "described": (
        "Tom Berg says too much is made of the vote.\n\n"
        "The former mayor spoke in Bergen on Friday, after a speech in which Karl Nyberg praised the union.\n\n"
        "The mayor said critics were “fighting the last war.”"
    ),
}


@cache
def _quotes() -> dict[str, list[Quote]]:
    """Annotate every text once; return each one's direct quotes."""
    docs = [
        Document(id=name, source=name, part=0, text=text, raw_sha256="0" * 64,
                 published=Published("2023-05-10", "day", "metadata"), language="en")
        for name, text in TEXTS.items()
    ]
    found = annotate_documents(docs, load_dictionary())[0]
    return {name: [q for q in found[name].quotes if q.direct] for name in TEXTS}


@pytest.mark.parametrize(
    "name,speaker",
    [
        ("quoted sentences", "Lena Holm"),
        ("narrated sentences", "she"),
        ("main subject", "Tom Berg"),
        ("main subject, other gender", "Karl Nyberg"),
        ("according to", "the regional election board"),
        ("according to, nearer verb", "Lena Holm"),
        ("adverb", "the central bank"),
        ("role at", "Officials at the Harbour Authority"),
        ("people at", "Students"),
        ("it acts", "fisheries ministry"),
        ("went on about", "Karl Nyberg"),
        ("described", "Tom Berg"),
    ],
)
def test_speaker(name: str, speaker: str) -> None:
    quote = _quotes()[name][-1]
    assert quote.speaker_name == speaker, (name, quote)


def test_an_unresolved_pronoun_names_nobody() -> None:
    (quote,) = _quotes()["narrated sentences"]
    assert quote.speaker is None


def test_a_verb_that_reports_other_words_does_not_sign_the_quote_before() -> None:
    assert all(q.speaker_name != "Lena Holm" or q.verb is None for q in _quotes()["adverb, other words"])


def test_an_empty_it_names_nobody() -> None:
    (quote,) = _quotes()["empty it"]
    assert quote.speaker is None and quote.speaker_name is None


@pytest.mark.parametrize(
    "name,gender",
    [
        ("Mary Roe", "female"),
        ("Crooked Mary Roe", "female"),  # an epithet before the given name
        ("Tom Mary", "male"),  # the first given name decides
        ("Roe Mary", None),  # a last word is a surname, never read as a given name
        ("Mary", "female"),
    ],
)
def test_gender_from_the_first_given_name(name: str, gender: str | None) -> None:
    assert gender_of(name, None) == gender
