"""The parse's matrix products: numpy's BLAS in place of BLIS, the same annotations, one BLAS thread while parsing."""

from __future__ import annotations

import numpy as np
import pytest
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import threadpool_info, threadpool_limits

from dyad.nlp import analyze as analyze_module
from dyad.nlp.analyze import dyad_pipeline, load_model
from dyad.nlp.matmul import use_numpy_matmul

COLUMNS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, SENT_START, ENT_IOB, ENT_TYPE]

# Our own sentences: names, titles, quotes, numbers, a dateline, a long clause chain.
TEXTS = [
    "BRUSSELS, March 3 - Estonia's defence minister told NATO envoys on Monday that the alliance \"must not blink\" "
    "over repeated airspace violations near the island of Saaremaa.",
    "The Chinese foreign ministry spokesperson, asked about the drills, said Beijing had lodged solemn representations "
    "with Manila and would take all necessary measures to safeguard its sovereignty.",
    "Kenya and Ethiopia signed a 12-point accord on water sharing; the two presidents agreed to meet again in Addis "
    "Ababa before the end of the year, officials said.",
    "Neither side commented. A senior U.S. official, speaking on condition of anonymity, said talks were \"stuck\" "
    "but that Washington expected a reply from Tehran within days.",
]


def _ops(nlp: Language) -> list[NumpyOps]:
    models = [getattr(component, "model", None) for _, component in nlp.components]
    return [node.ops for model in models if hasattr(model, "walk") for node in model.walk()]


def _arrays(nlp: Language) -> list[np.ndarray]:
    return [doc.to_array(COLUMNS).copy() for doc in nlp.pipe(TEXTS)]


def test_numpy_matmul_replaces_blis_in_every_model_and_annotates_the_same() -> None:
    stock, swapped = load_model(), load_model()
    assert any(type(ops) is NumpyOps and ops.use_blis for ops in _ops(stock))
    assert use_numpy_matmul(swapped) is True
    assert all(type(ops) is NumpyOps and not ops.use_blis for ops in _ops(swapped))
    assert use_numpy_matmul(swapped) is False  # nothing left to change
    expected = _arrays(stock)
    assert all(np.array_equal(a, b) for a, b in zip(_arrays(swapped), expected, strict=True))
    assert [[e.text for e in doc.ents] for doc in swapped.pipe(TEXTS)] == [[e.text for e in doc.ents]
                                                                           for doc in stock.pipe(TEXTS)]


def test_dyad_pipeline_uses_numpy_matmul() -> None:
    assert all(not ops.use_blis for ops in _ops(dyad_pipeline(load_model())))


def test_blas_has_one_thread_while_dyad_parses_and_its_setting_after(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = dyad_pipeline(load_model())
    seen: list[int] = []

    def probe(doc: Doc) -> Doc:
        seen.extend(lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas")
        return doc

    Language.component("dyad_test_blas_probe", func=probe)
    nlp.add_pipe("dyad_test_blas_probe", last=True)
    monkeypatch.setattr(analyze_module, "load_nlp", lambda: nlp)
    with threadpool_limits(limits=2, user_api="blas"):  # the program's own setting, whatever the machine's cores
        docs = list(analyze_module.analyze(TEXTS, batch_chars=300))
        after = [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]
    assert len(docs) == len(TEXTS)
    assert seen and set(seen) == {1}
    assert after and set(after) == {2}
