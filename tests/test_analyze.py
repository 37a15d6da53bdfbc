"""The parse: words shared by a batch's documents outlive its memory zone, and the parse is the same for it."""

from __future__ import annotations

import random

import numpy as np
import pytest
from spacy.attrs import (
    DEP,
    ENT_IOB,
    ENT_TYPE,
    HEAD,
    IDX,
    LEMMA,
    LOWER,
    MORPH,
    ORTH,
    POS,
    SENT_START,
    SPACY,
    TAG,
)
from spacy.language import Language

from dyad.nlp import analyze as analyze_module
from dyad.nlp.analyze import (
    analyze,
    doc_text,
    dyad_pipeline,
    keep_recurring_words,
    load_model,
    parse_batches,
    sentences,
)

COLUMNS = [ORTH, IDX, SPACY, TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]

# Our own sentences, written to share words across documents in the forms the
# tokenizer splits: contractions, abbreviations, attached punctuation and
# quotes, hyphens, numbers, money, brackets, a URL and an address.
TEXTS = [
    "MOSCOW (Reuters) - Russia's foreign minister said on Tuesday that Moscow \"won't accept\" the U.S. plan.\n\n"
    "The plan, worth $1.2bn, was sent to Dr. Ivanova's office on e-mail: press@example.org.",
    "Japan's prime minister didn't comment. \"We can't say,\" an official said on Tuesday, citing the U.S. plan.\n\n"
    "Talks (the third this year) will resume in mid-June at https://example.org/talks.",
    "The U.S. plan, which Moscow rejected on Tuesday, was drafted in mid-June. Dr. Ivanova's aide said: "
    "\"It's a non-starter.\"\n\nRussia's reply ran to 1,200 words.",
    "Officials in Tokyo said they won't accept a deal that Russia's navy can't honour; the third round ended.\n\n"
    "Brief statement: no comment (yet).",
]


def _pipeline() -> Language:
    return dyad_pipeline(load_model())


def _arrays(nlp: Language, texts: list[str]) -> list[np.ndarray]:
    with nlp.memory_zone():
        return [doc.to_array(COLUMNS).copy() for doc in nlp.pipe(texts)]


def _strings(nlp: Language, texts: list[str]) -> list[list[str]]:
    with nlp.memory_zone():
        return [[t.text for t in doc] + [t.lemma_ for t in doc] + [e.label_ for e in doc.ents]
                for doc in nlp.pipe(texts)]


@pytest.fixture(scope="module")
def two_pipelines() -> tuple[Language, Language]:
    return _pipeline(), _pipeline()


def test_keeping_words_changes_nothing_the_parse_yields(two_pipelines: tuple[Language, Language]) -> None:
    plain, keeping = two_pipelines
    expected_arrays, expected_strings = _arrays(plain, TEXTS), _strings(plain, TEXTS)
    _arrays(keeping, TEXTS)
    assert keep_recurring_words(keeping, TEXTS) >= 15
    for _ in range(2):  # the next batch finds the words kept, and so does the one after
        assert all(np.array_equal(a, b) for a, b in zip(_arrays(keeping, TEXTS), expected_arrays, strict=True))
        assert _strings(keeping, TEXTS) == expected_strings


def test_only_words_of_two_documents_or_more_are_kept_and_they_outlive_the_zone(
    two_pipelines: tuple[Language, Language],
) -> None:
    nlp = two_pipelines[0]
    texts = ["Zyxwvut met Qponmlk in Ponytown. Zyxwvut said so.", "Zyxwvut left; Lkjhgfd stayed in Ponytown."]
    with nlp.memory_zone():
        list(nlp.pipe(texts))
    assert "Zyxwvut" not in nlp.vocab.strings  # what a zone brought in is gone when it closes
    assert keep_recurring_words(nlp, texts) == 3  # "Zyxwvut", "Ponytown." and "in": nothing of one text alone
    with nlp.memory_zone():
        list(nlp.pipe(["Qponmlk and Lkjhgfd and Zyxwvut."]))
    assert "Zyxwvut" in nlp.vocab.strings
    assert "Qponmlk" not in nlp.vocab.strings and "Lkjhgfd" not in nlp.vocab.strings
    assert keep_recurring_words(nlp, texts) == 0  # kept once


def test_words_kept_stop_at_the_bound(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = _pipeline()
    monkeypatch.setattr(analyze_module, "KEPT_WORDS", 5)
    assert keep_recurring_words(nlp, TEXTS) == 5
    assert keep_recurring_words(nlp, TEXTS + ["Another text", "another text"]) == 0
    assert len(analyze_module._kept[nlp]) == 5


@pytest.mark.parametrize(("most", "chars"), [(64, 100_000), (2, 100_000), (64, 300), (3, 250), (1, 1)])
def test_parse_batches_keep_order_and_both_bounds(most: int, chars: int) -> None:
    rng = random.Random(most * 1000 + chars)
    texts = ["x" * rng.choice([0, 5, 80, 120, 260, 400, 999]) for _ in range(300)]
    batches = list(parse_batches(texts, most, chars))
    assert [t for batch in batches for t in batch] == texts
    for batch, following in zip(batches, [*batches[1:], None], strict=True):
        assert 1 <= len(batch) <= most
        assert len(batch) == 1 or sum(map(len, batch)) <= chars  # only a text longer than the bound goes alone
        if following is not None:  # cut only when the next text would break a bound
            assert len(batch) == most or sum(map(len, batch)) + len(following[0]) > chars


def test_parsing_in_batches_cut_by_characters_changes_nothing_the_parse_yields(
    two_pipelines: tuple[Language, Language], monkeypatch: pytest.MonkeyPatch
) -> None:
    nlp = two_pipelines[0]
    expected = _arrays(nlp, TEXTS)
    monkeypatch.setattr(analyze_module, "load_nlp", lambda: nlp)
    for chars in (1, 300, 100_000):
        with nlp.memory_zone():
            got = [doc.to_array(COLUMNS).copy() for doc in analyze_module.analyze(TEXTS, batch_chars=chars)]
        assert all(np.array_equal(a, b) for a, b in zip(got, expected, strict=True))


def test_a_document_s_sentences_are_found_once_and_are_spacy_s() -> None:
    (doc,) = analyze(["The envoys met in Vienna on Monday.\nThey spoke for an hour. Nothing was agreed."])
    found = sentences(doc)
    assert [s.text for s in found] == [s.text for s in doc.sents]
    assert len(found) == 3
    assert sentences(doc) is found  # kept with the document, not walked again


def test_a_document_s_entities_are_found_once_and_are_spacy_s() -> None:
    (doc,) = analyze(["Ministers from Canada and Chile met in Lisbon on Friday, said Mara Olsen of the Red Cross."])
    found = analyze_module.entities(doc)
    assert [(start, e.end, e.label_, e.text) for start, e in found.items()] == [
        (e.start, e.end, e.label_, e.text) for e in doc.ents]
    assert len(found) >= 4
    assert analyze_module.entities(doc) is found  # kept with the document, not built again


def test_a_document_s_columns_are_read_once_and_are_spacy_s() -> None:
    (doc,) = analyze(["The envoys met in Vienna on Monday.\nThey spoke for an hour. Nothing was agreed."])
    for attr in analyze_module.COLUMNS:
        assert np.array_equal(analyze_module.column(doc, attr), doc.to_array(attr))
    assert analyze_module.column(doc, HEAD).astype(np.int64).min() < 0  # offsets to the head, as spaCy gives them
    assert analyze_module.column(doc, LOWER) is analyze_module.column(doc, LOWER)
    (empty,) = analyze([""])
    assert analyze_module.column(empty, DEP).tolist() == []


def test_a_parsed_document_s_text_is_kept_and_is_spacy_s() -> None:
    texts = ["ANKARA, May 2 -- The two envoys met.\n\n\u201cWe agreed,\u201d one said.  Twice spaced.", "", " \n"]
    docs = list(analyze(texts))
    for doc, text in zip(docs, texts, strict=True):
        assert doc_text(doc) == doc.text == text
    made = analyze_module.load_nlp().make_doc("Made elsewhere, not by analyze.")  # no kept text: spaCy's is read
    assert doc_text(made) == "Made elsewhere, not by analyze."
