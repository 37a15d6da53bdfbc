"""The short cuts extraction takes for speed find exactly what the long way finds.

Each stage skips tokens it can tell from the parse's arrays will not match, or
reads once what it used to rebuild per sentence; these tests check, on real
parses of sentences written for them, that nothing a stage could match is
skipped.
"""

from __future__ import annotations

import importlib

import pytest

from dyad.extract.commitments import commitments
from dyad.extract.commitments.commitment_cues import cues
from dyad.extract.meetings import meetings
from dyad.extract.quotes.quotes_indirect import positions
from dyad.nlp.analyze import analyze, load_model, load_nlp

TEXTS = [
    "Japanese Foreign Minister Taro Kono met Russian Foreign Minister Sergei Lavrov in Moscow on Tuesday.",
    "The 2+2 was held in Tokyo. The Talks took place at the Kremlin, and the ministers convened again.",
    "Lavrov said that Japan would not deploy the systems, according to TASS. Both sides agreed to meet.",
    "MEETING IN OSAKA: Abe and Putin will hold a summit; they never agreed to hold talks at the G20.",
]


@pytest.fixture(scope="module")
def docs() -> list:
    return list(analyze(TEXTS))


def test_meeting_candidates_hold_every_token_that_could_be_a_trigger(docs: list) -> None:
    words = meetings._words()
    for doc in docs:
        found = set(meetings._index(doc, words).candidates)
        could = {t.i for t in doc if meetings._is_trigger_verb(t, words) or meetings._is_trigger_noun(t, words)
                 or meetings._is_held_format(t, words)}
        assert could <= found
    assert any(found for found in (meetings._index(doc, words).candidates for doc in docs))


def test_meeting_index_holds_exactly_the_trigger_words_and_the_remote_words(docs: list) -> None:
    words = meetings._words()
    remote = list(analyze(["The envoys spoke by VIDEO link on Monday and met Online again, not by phone."]))
    for doc in [*docs, *remote]:
        expected = [t.i for t in doc if t.lemma_.lower() in words.verbs | words.nouns | words.held_nouns
                    or t.lemma_.lower() in meetings._HELD_VERBS or t.lower_ in words.nouns]
        index = meetings._index(doc, words)
        assert index.candidates == expected
        assert index.remote == [t.i for t in doc if t.lower_ in words.remote]
    assert len(meetings._index(remote[0], words).remote) == 3
    assert meetings._index(load_nlp().make_doc(""), words) == meetings._Index([], [])


def test_only_verbs_can_be_commitment_cues(docs: list) -> None:
    words = cues()
    for doc in docs:
        for token in doc:
            if token.pos_ not in ("VERB", "AUX"):
                kinds = (commitments._verb_cue, commitments._view_cue, commitments._future_cue, commitments._meet_cue)
                assert all(kind(token, words) is None for kind in kinds), token.text


def test_positions_read_labels_and_words_from_the_arrays(docs: list) -> None:
    from spacy.attrs import DEP, LOWER

    doc = docs[2]
    assert positions(doc, DEP, ["ccomp"]) == [t.i for t in doc if t.dep_ == "ccomp"] != []  # a symbol, not a hash
    assert positions(doc, LOWER, ["according", "lavrov"]) == [t.i for t in doc if t.lower_ in ("according", "lavrov")]


def test_the_baseline_model_is_dyads_less_its_sentence_rule() -> None:
    assert [n for n in load_nlp().pipe_names if n != "dyad_line_breaks"] == load_model().pipe_names


def test_the_forkserver_preload_never_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad.extract import warm

    def broken(dictionary: object = None) -> None:
        raise RuntimeError("no model")

    monkeypatch.setattr(warm, "warm_up", broken)
    import dyad.extract.preload

    importlib.reload(dyad.extract.preload)  # a worker reports a missing model itself


def test_warm_up_builds_what_the_first_document_needs() -> None:
    from dyad.extract.warm import warm_up

    warm_up()
    assert load_nlp.cache_info().currsize == 1
