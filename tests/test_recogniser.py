"""The batch decoding of the recogniser must find every entity spaCy's own decoding finds, and no other."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from spacy.attrs import ENT_IOB, ENT_TYPE
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import fix_random_seed

from dyad.nlp.analyze import load_model, load_nlp
from dyad.nlp.recogniser import GreedyEntities, decodable, use_greedy_entities

FIXTURES = Path(__file__).parent / "fixtures" / "pages"
# Our own sentences: entities at the very start and the very end of a text, one
# right before a line break (a sentence start), titles, dates, sums, a
# one-token text, spaces and blank lines, and texts of very different lengths in
# one batch (documents finish at different steps).
WRITTEN = [
    "Vienna",
    "Talks resumed in Oslo",
    "The foreign ministers of Brazil and South Africa met in New Delhi on 3 March 2021 with Ms. Ana Ruiz.\n\nEU",
    "  The Kremlin said Moscow would send $2.5bn.\nThe Pentagon denied it.\n\n\nNATO Secretary General Jens Stoltenberg",
    "Ambassador Li Wei of China, the United Nations Security Council and the World Bank all spoke on Tuesday.",
    "President Emmanuel Macron and Chancellor Olaf Scholz flew to Kyiv, Ukraine; the Élysée confirmed the trip.",
    "Al-Shabaab fighters attacked a base near Mogadishu, the African Union Mission in Somalia (AMISOM) said.",
]


def _texts() -> list[str]:
    pages = [page.read_text(encoding="utf-8") for page in sorted(FIXTURES.glob("*.txt"))]
    return WRITTEN + pages + ["", "\n", " "] + [" ".join(WRITTEN) * 3]


def _entities(docs: list[Doc]) -> list[np.ndarray]:
    return [doc.to_array([ENT_IOB, ENT_TYPE]) for doc in docs]


def test_the_models_entities_are_the_same_token_for_token() -> None:
    stock, ours = load_model(), load_model()
    assert use_greedy_entities(ours)
    assert stock.pipe_names == ours.pipe_names
    texts = _texts()
    for batch_size in (64, 3, 1):  # whole batches, small ones, one document at a time
        a, b = list(stock.pipe(texts, batch_size=batch_size)), list(ours.pipe(texts, batch_size=batch_size))
        for x, y in zip(_entities(a), _entities(b), strict=True):
            assert np.array_equal(x, y)
        assert [[(e.start, e.end, e.label_) for e in d.ents] for d in a] == [[(e.start, e.end, e.label_) for e in d.ents] for d in b]
    found = {e.label_ for doc in b for e in doc.ents}
    assert {"GPE", "ORG", "PERSON", "DATE", "MONEY"} <= found  # the recogniser had work to do
    assert ours(WRITTEN[0]).ents[0].text == "Vienna"  # a one-token document, called on its own


def test_dyad_pipeline_decodes_entities_in_batches_with_the_models_answers() -> None:
    nlp = load_nlp()
    assert isinstance(nlp.get_pipe("ner"), GreedyEntities)
    doc = nlp(WRITTEN[2])
    assert ("Brazil", "GPE") in [(e.text, e.label_) for e in doc.ents]
    assert all(token.ent_iob_ in ("B", "I", "O") for token in doc)  # every token decided


def _random_recogniser(seed: int) -> tuple[Language, object]:
    """A blank recogniser whose output layer is random: it opens, continues and closes entities everywhere."""
    fix_random_seed(seed)
    nlp = English()
    ner = nlp.add_pipe("ner")
    for label in ("PERSON", "ORG", "GPE"):
        ner.add_label(label)
    nlp.initialize()
    upper = ner.model.get_ref("upper")
    rng = np.random.default_rng(seed)
    upper.set_param("W", rng.normal(size=upper.get_param("W").shape).astype("f"))
    upper.set_param("b", rng.normal(size=upper.get_param("b").shape).astype("f"))
    return nlp, ner


def _with_sentences(nlp: Language, texts: list[str], every: int) -> list[Doc]:
    docs = [nlp.make_doc(text) for text in texts]
    for doc in docs:
        for i in range(0, len(doc), every):
            doc[i].is_sent_start = True
    return docs


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_move_rule_holds_under_a_model_that_moves_at_random(seed: int) -> None:
    """Entities end at sentence starts and at a text's end, never start on a space: as spaCy's own rules say."""
    nlp, ner = _random_recogniser(seed)
    texts = [WRITTEN[2], "a b c d e f g h i j k l m n o p " * 6, "x", "", "  two  spaces\n\nthen more", "word " * 150]
    stock, ours = _with_sentences(nlp, texts, 5), _with_sentences(nlp, texts, 5)
    list(ner.pipe(stock, batch_size=64))  # type: ignore[attr-defined]
    list(GreedyEntities(ner).pipe(ours, batch_size=64))
    assert sum(len(doc.ents) for doc in ours) > 50
    for x, y in zip(_entities(stock), _entities(ours), strict=True):
        assert np.array_equal(x, y)
    for doc in ours:
        for ent in doc.ents:
            assert not ent[0].is_space
            assert not any(token.is_sent_start for token in ent[1:])


def test_documents_that_bring_their_own_entities_are_left_to_spacy() -> None:
    nlp, ner = _random_recogniser(4)
    text = "Envoys from Atlantis met envoys from Lemuria in the city of Mu today."
    stock, ours = nlp.make_doc(text), nlp.make_doc(text)
    for doc in (stock, ours):
        doc.set_ents([Span(doc, 2, 3, label="GPE")], default="unmodified")  # preset: the rest is unknown
    ner(stock)  # type: ignore[operator]
    GreedyEntities(ner)(ours)
    assert np.array_equal(_entities([stock])[0], _entities([ours])[0])
    assert (ours[2].ent_type_, ours[2].ent_iob_) == ("GPE", "B")


def test_a_beam_recogniser_is_not_replaced() -> None:
    nlp = English()
    beam = nlp.add_pipe("beam_ner")
    beam.add_label("ORG")
    nlp.initialize()
    assert not decodable(beam)
    assert not use_greedy_entities(nlp, name="beam_ner")
    assert nlp.pipe_names == ["beam_ner"]


def test_a_recogniser_with_classes_it_never_saw_is_left_to_spacy() -> None:
    """spaCy scores unseen classes against its own sub-batch's lowest score: not reproduced here."""
    _, ner = _random_recogniser(5)
    assert decodable(ner)
    ner.model.attrs["unseen_classes"] = {3}  # type: ignore[attr-defined]
    assert not decodable(ner)
