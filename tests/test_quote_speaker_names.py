"""Speakers named in ways the resolver used to miss: a given name alone, and others.

All sentences are written for these tests; each rule has a near miss that
must not take the same path. Quotes are found through the whole annotation
stage (the resolver's mentions and coreference, then the quote finder).
"""

from __future__ import annotations

from functools import cache

import pytest

from dyad.actors import load_dictionary
from dyad.extract.annotate import annotate_documents
from dyad.model import Document, Published, Quote

TEXTS = {
    # a person a feature calls by her given name alone is a person of her own
    "given name": (
        "The ferry was late again on Tuesday.\n\n"
        "Martha waited on the pier for an hour. She had missed two meetings already.\n\n"
        "“Nobody tells us anything,” she said."
    ),
    # near miss: the given name of a man is not who "she" is
    "given name, other gender": (
        "The ferry was late again on Tuesday.\n\nAlbert waited on the pier for an hour.\n\n"
        "“Nobody tells us anything,” she said."
    ),
    # a given name after the full name is the person introduced
    "given name after full name": (
        "Martha Lindqvist runs the bakery by the harbour.\n\n"
        "Martha opened early on Tuesday because the ferry was late.\n\n"
        "“The crews need their coffee,” Martha said."
    ),
    # near miss: a given name the story writes in full further on is that person, not one of her own
    "given name before full name": (
        "Martha waited on the pier for an hour.\n\n"
        "“Nobody tells us anything,” she said.\n\n"
        "Martha Lindqvist has run the harbour bakery since 2010."
    ),
    # a participle after a relative clause that already reports its own words is the main clause's
    "participle past relative": (
        "Karl Nyberg was evasive when asked about not paying a builder who said he was cheated after he "
        "built a shed at one of Nyberg’s farms, saying, “Maybe the work was poor, and I was not happy with it.”"
    ),
    # near miss: a relative clause with no words of its own keeps the participle
    "participle in relative": (
        "Karl Nyberg met a builder who complained about the shed, saying, “Maybe the wood was poor.”"
    ),
    # "it" after an excerpt of several sentences is the publication that introduced it
    "it after excerpt": (
        "Last spring the Harbour Gazette backed the mayor in an editorial:\n\n"
        "She knows the port. She has run the ferry board for a decade. The crews trust her. "
        "Her budgets balance. She listens before she decides.\n\n"
        "This week it turned on Karl Nyberg, saying he “has no plan for the docks at all.”"
    ),
    # near miss: only people before, so "it" names nobody
    "it after people": (
        "Karl Nyberg spoke at the pier last spring.\n\n"
        "She knows the port. She has run the ferry board for a decade. The crews trust her. "
        "Her budgets balance. She listens before she decides.\n\n"
        "This week it turned on Nyberg, saying he “has no plan for the docks at all.”"
    ),
}


@cache
def _found() -> dict[str, tuple[list[Quote], dict[str, str]]]:
    docs = [
        Document(id=name, source=name, part=0, text=text, raw_sha256="0" * 64,
                 published=Published("2023-05-10", "day", "metadata"), language="en")
        for name, text in TEXTS.items()
    ]
    dictionary = load_dictionary()
    found = annotate_documents(docs, dictionary)[0]
    out = {}
    for name, ann in found.items():
        names = {a.id: a.name for a in ann.actors}
        names.update({m.actor: m.text for m in ann.mentions if m.actor and m.actor not in names})
        out[name] = ([q for q in ann.quotes if q.direct], names)
    return out


def _speaker(name: str) -> str | None:
    quotes, names = _found()[name]
    actor = quotes[-1].speaker
    return names.get(actor, actor) if actor is not None else None


@pytest.mark.parametrize(
    ("name", "speaker"),
    [
        ("given name", "Martha"),
        ("given name, other gender", None),
        ("given name after full name", "Martha Lindqvist"),
        ("given name before full name", None),
    ],
)
def test_speaker_actor(name: str, speaker: str | None) -> None:
    assert _speaker(name) == speaker, (name, _found()[name][0][-1])


@pytest.mark.parametrize(
    ("name", "speaker"),
    [
        ("it after excerpt", "Harbour Gazette"),
        ("it after people", "it"),
        ("participle past relative", "Karl Nyberg"),
        ("participle in relative", "a builder"),
    ],
)
def test_speaker_words(name: str, speaker: str) -> None:
    quote = _found()[name][0][-1]
    assert quote.speaker_name == speaker, (name, quote)
