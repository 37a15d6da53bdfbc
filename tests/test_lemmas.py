"""The column lemmatizer must give every token the lemma spaCy's lemmatizer gives it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import LEMMA
from spacy.lang.en import English
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc, Token

from dyad.nlp.analyze import load_model, load_nlp
from dyad.nlp.lemmas import ColumnLemmas, use_column_lemmas

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
# Our own sentences: irregular verbs and plurals, comparatives, contractions (whose
# lemmas the attribute rules set first), proper nouns, numbers, symbols, spaces.
WRITTEN = [
    "The envoys went to Geneva; they had gone there twice, and the talks were better than before.",
    "Mice, geese and children: the ministers' wives were seen. She's leaving; we'd left; they're going.",
    "Ain't it the best deal? Both sides agreed, agreeing to meet; he agrees, she'd agree.",
    "  Russia's defence ministry said 3,000 troops had withdrawn by 12 May 2019 ($4bn, 40%).\n\nNo comment.",
    "HE SAID THE TALKS WERE BROKEN. Leaders Met Envoys. The Meeting Is Over.",
    "Running, ran, runs, run; better, best, good; worse, worst, bad; fewer, least.",
]


def _texts() -> list[str]:
    return WRITTEN + [page.read_text(encoding="utf-8") for page in sorted(FIXTURES.glob("*.txt"))] + ["", "\n"]


def test_the_models_lemmas_are_the_same_token_for_token() -> None:
    stock, ours = load_model(), load_model()
    assert use_column_lemmas(ours)
    assert stock.pipe_names == ours.pipe_names
    texts = _texts()
    changed = 0
    for _ in range(2):  # the second pass answers from the memo
        for a, b in zip(stock.pipe(texts), ours.pipe(texts), strict=True):
            assert np.array_equal(a.to_array([LEMMA]), b.to_array([LEMMA]))
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
            changed += sum(t.lemma_ != t.text for t in b)
    assert changed > 200  # the lemmatizer had work to do


def test_lemmas_outlive_the_memory_zone_of_the_document_that_first_needed_them() -> None:
    """Dyad parses in spaCy memory zones, which forget the strings a document added when they close."""
    stock, ours = load_model(), load_model()
    use_column_lemmas(ours)
    text = "The Zorblaxians were zorblaxing the envoys' proposals."  # lemmas no vocabulary holds
    for _ in range(3):
        with stock.memory_zone(), ours.memory_zone():
            a, b = stock(text), ours(text)
            assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
            assert b[3].text == "zorblaxing" and b[3].lemma_.startswith("zorblax") and b[3].lemma_ != b[3].text


def test_dyads_pipeline_uses_it() -> None:
    nlp = load_nlp()
    assert type(nlp.get_pipe("lemmatizer")).__name__ == "ColumnLemmas"
    assert nlp("The envoys went home.")[2].lemma_ == "go"


def test_lemmas_already_set_are_kept_unless_the_lemmatizer_overwrites() -> None:
    stock = load_model()
    text = "The envoys went home and the talks ended."
    tagged = list(stock.pipe([text], disable=["lemmatizer"]))[0]
    spacy_lemmatizer = stock.get_pipe("lemmatizer")
    for overwrite in (False, True):
        spacy_lemmatizer.overwrite = overwrite
        docs = [Doc(stock.vocab).from_bytes(tagged.to_bytes()) for _ in range(2)]
        for doc in docs:
            doc[1].lemma_ = "delegate"  # set before the lemmatizer runs, as the attribute rules do
        spacy_lemmatizer(docs[0])
        ColumnLemmas(spacy_lemmatizer)(docs[1])
        assert [t.lemma_ for t in docs[0]] == [t.lemma_ for t in docs[1]]
        assert docs[1][1].lemma_ == ("envoy" if overwrite else "delegate")
        assert docs[1][2].lemma_ == "go"


def test_a_memo_that_fills_up_starts_again(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("dyad.nlp.lemmas.MEMO_MOST", 5)
    stock, ours = load_model(), load_model()
    use_column_lemmas(ours)
    component = ours.get_pipe("lemmatizer")
    for a, b in zip(stock.pipe(WRITTEN), ours.pipe(WRITTEN), strict=True):
        assert [t.lemma_ for t in a] == [t.lemma_ for t in b]
        assert len(component.memo) <= 5


class ContextLemmatizer(Lemmatizer):
    """A lemmatizer with a mode of its own (spaCy calls `{mode}_lemmatize`), which may read the sentence."""

    def context_lemmatize(self, token: Token) -> list[str]:
        return [token.sent.root.text if token.is_sent_start else token.lower_]


@English.factory("test_context_lemmatizer")
def _make_context_lemmatizer(nlp: Language, name: str) -> ContextLemmatizer:
    return ContextLemmatizer(nlp.vocab, None, name, mode="context")


def test_a_lemmatizer_that_may_look_beyond_the_token_is_left_in_place() -> None:
    nlp = English()
    assert not use_column_lemmas(nlp)  # no lemmatizer at all
    lemmatizer = nlp.add_pipe("test_context_lemmatizer", name="lemmatizer")
    assert not use_column_lemmas(nlp)
    assert nlp.get_pipe("lemmatizer") is lemmatizer
    assert nlp.pipe_names == ["lemmatizer"]
