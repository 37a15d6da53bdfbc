"""Descriptions without a name: "the spokesman", "the Republican nominee", "the senator".

A description refers to the person the document last named with its noun and
every capitalised word of it (resolve_words.yaml `described_people`). A name
is "named with" the words written in the four words before it ("Republican
nominee Jane Roe", "Ohio Gov. Jane Roe") and the words of its apposition
("Jane Roe, the Green Party candidate,"); an abbreviated title stands for the
nouns it abbreviates (`title_nouns`: "Sen." for "senator" and "lawmaker").

A place in the description ("the Ohio senator") may be missing beside the
name ("Sen. Jane Roe (R-Ohio)"), but then only one person may have been named
with the noun: with two senators named, "the Ohio senator" stays unresolved.

The work runs only where a description candidate stands, over the person
mentions before it; where the noun's spellings stand in the text is found once
per description, so that no span is built for the many names never given it.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Mapping, Sequence
from functools import cache

from spacy.tokens import Doc, Span, Token

from dyad.model import Mention

DESCRIBED_REACH = 80  # characters before a name that can hold the words titling it (four words)
TITLE_WORDS = 4  # words before a name that title it
APPOSITION_REACH = 120  # characters after a name that can hold its apposition
APPOSITION_WORDS = 12  # words after a name within which its apposition's noun stands
MODIFIERS = frozenset({"compound", "amod", "nmod"})
PLACES = frozenset({"GPE", "LOC"})


def described_person(
    doc: Doc, span: Span, mentions: Sequence[Mention], title_nouns: Mapping[str, tuple[str, ...]],
    lower_text: str, every_word: bool = False,
) -> str | None:
    """Return the actor a description refers to, or None.

    Of the people named with its words, the one mentioned last before it
    ("Sen. Roe … Sen. Doe … Roe left. The senator said": Roe).

    Args:
        doc: the parsed document.
        span: the description ("the", up to two modifiers, the noun).
        mentions: the mentions made so far, in text order.
        title_nouns: abbreviated or other titles -> the nouns they also stand for.
        lower_text: the document's text in lower case.
        every_word: require every word of the description, not only the capitalised ones ("the former
            president" is no one named only "President").
    """
    word = span[-1].lower_
    modifiers = [t for t in span[1:-1] if t.pos_ == "PROPN" or t.text[:1].isupper() or (every_word and t.is_alpha)]
    required = {word} | {t.lower_ for t in modifiers if t.ent_type_ not in PLACES}
    places = {t.lower_ for t in modifiers if t.ent_type_ in PLACES}
    spots = _spots(lower_text, _spellings(word, tuple(sorted(title_nouns.items()))), span.start_char)
    if not spots:
        return None
    before = [m for m in mentions if m.kind == "person" and m.actor and m.end <= span.start_char]
    strict: set[str] = set()
    loose: set[str] = set()
    for m in before:
        if m.method == "coref" or m.actor in strict:
            continue
        near = bisect_left(spots, m.start - DESCRIBED_REACH)
        if near == len(spots) or spots[near] > m.end + APPOSITION_REACH:
            continue  # a string test first: most names were never given the word
        named = doc.char_span(m.start, m.end, alignment_mode="expand")
        if named is None or named.end > span.start:
            continue
        words = _titling_words(doc, named, title_nouns)
        if required | places <= words:
            strict.add(m.actor)  # type: ignore[arg-type]
        elif places and required <= words:
            loose.add(m.actor)  # type: ignore[arg-type]
    chosen = strict or (loose if len(loose) == 1 else set())
    return next((m.actor for m in reversed(before) if m.actor in chosen), None)


def _titling_words(doc: Doc, named: Span, title_nouns: Mapping[str, tuple[str, ...]]) -> set[str]:
    """Return the words a name was given: the few before it and its apposition, abbreviations spelt out."""
    tokens = list(doc[max(0, named.start - TITLE_WORDS) : named.end])
    for child in named.root.children:
        if child.dep_ == "appos" and named.end <= child.i < named.end + APPOSITION_WORDS:
            tokens += _noun_phrase(child)
    words = {t.lower_ for t in tokens}
    for t in tokens:
        words.update(title_nouns.get(t.lower_.rstrip("."), ()))
    return words


def _noun_phrase(noun: Token) -> list[Token]:
    """Return a noun and the words that modify it before it ("the Green Party candidate"), not an owner's
    ("the candidate's brother" is no candidate)."""
    words = [noun]
    stack = [c for c in noun.children if c.i < noun.i and c.dep_ in MODIFIERS]
    while stack:
        word = stack.pop()
        words.append(word)
        stack += [c for c in word.children if c.dep_ in MODIFIERS]
    return words


def _spots(lower_text: str, spellings: tuple[str, ...], end: int) -> list[int]:
    """Return where the spellings of a noun stand in the text before a description, in order."""
    spots = []
    for spelling in spellings:
        at = lower_text.find(spelling, 0, end)
        while at >= 0:
            spots.append(at)
            at = lower_text.find(spelling, at + 1, end)
    return sorted(spots)


@cache
def _spellings(word: str, title_nouns: tuple[tuple[str, tuple[str, ...]], ...]) -> tuple[str, ...]:
    """Return the ways a noun may be written beside a name: itself and the titles that stand for it."""
    return (word, *(title for title, nouns in title_nouns if word in nouns))
