"""History.of tells embedded clauses for all subjects at once (_embedded_at): the same answer as `embedded`."""

from __future__ import annotations

import numpy as np
from spacy.attrs import DEP, HEAD

from dyad.extract.mentions.coref import EMBEDDED, _embedded_at, embedded
from dyad.nlp.analyze import analyze, column


def test_embedded_at_agrees_with_embedded_for_every_token() -> None:
    texts = [
        "The mayor said the council, which had met on Monday, would vote on the budget that officials drafted.",
        "Farmers who lost their crops asked the minister to visit the valley before the rains return.",
        "She left. Nobody knew why the envoy, having refused to sign, stayed in the capital.",  # near miss: main clauses
    ]
    for doc in analyze(texts):
        heads = np.arange(len(doc)) + column(doc, HEAD).astype(np.int64)
        inner = np.isin(column(doc, DEP), [doc.vocab.strings[dep] for dep in EMBEDDED])
        found = _embedded_at(np.arange(len(doc)), heads, inner).tolist()
        assert found == [embedded(token) for token in doc]
        assert any(found) and not all(found)
