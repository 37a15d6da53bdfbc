"""spaCy's lemmatizer, asked once per distinct word form and its lemmas set a column at a time.

spaCy's lemmatizer visits every token in Python: it reads the token's text,
part of speech and morphology through the token, looks in its cache and
sets the lemma through the token again. That was 2.2% of ingest (3.4% of the
parse), for an answer that depends only on the triple (form, part of
speech, morphology) — spaCy's own cache is keyed by it — and a news article
repeats most of its triples. Here the columns come out of the Doc at once,
each triple not seen before in this process is given to spaCy's
lemmatizer, and the lemmas go back in one `Doc.from_array`. Every lemma is
still computed by spaCy's component, with the model's tables.

The model's lemmatizer stays in the pipeline, disabled, under another name:
this component asks it, and takes its place and name.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.tokens import Doc

from dyad.caches import Bounded

# Modes whose answer depends on the token's form, part of speech and morphology alone.
PURE_MODES = {"rule", "lookup", "pos_lookup"}
MEMO_MOST = 5_000  # triples kept (~1.5 MB); an article has a few hundred, mostly common ones
_COLUMNS = [ORTH, POS, MORPH, LEMMA]
_STOCK = "spacy_lemmatizer"


class ColumnLemmas:
    """Set each token's lemma from a memo of spaCy's lemmatizer's answers."""

    def __init__(self, lemmatizer: Any) -> None:
        self.lemmatizer = lemmatizer
        self.overwrite = bool(lemmatizer.overwrite)
        # (form, part of speech, morphology) ids -> lemma
        self.memo: Bounded[tuple[int, int, int], str] = Bounded(MEMO_MOST)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array(_COLUMNS)
        lemmas = columns[:, 3].copy()
        todo = range(len(doc)) if self.overwrite else np.flatnonzero(lemmas == 0).tolist()
        if not todo:
            return doc
        orth, pos, morph = (columns[:, i].tolist() for i in range(3))
        memo, strings = self.memo, doc.vocab.strings
        ids: dict[tuple[int, int, int], int] = {}  # this document's lemma ids by triple
        for i in todo:
            key = (orth[i], pos[i], morph[i])
            lemma_id = ids.get(key)
            if lemma_id is None:
                lemma = memo.get(key)
                if lemma is None:
                    lemma = memo.put(key, self.lemmatizer.lemmatize(doc[i])[0])
                # Added for each document: inside a `memory_zone` spaCy forgets the strings
                # a document added once the zone closes, so a kept id could name nothing.
                lemma_id = ids[key] = strings.add(lemma)
            lemmas[i] = lemma_id
        doc.from_array([LEMMA], lemmas.reshape(-1, 1))  # type: ignore[arg-type]  # uint64, as to_array gave it
        return doc


@Language.factory("dyad_lemmas", default_config={"source": _STOCK})
def make_column_lemmas(nlp: Language, name: str, source: str) -> ColumnLemmas:
    """Build the component over the pipeline's (disabled) spaCy lemmatizer named `source`."""
    return ColumnLemmas(nlp.get_pipe(source))


def use_column_lemmas(nlp: Language, name: str = "lemmatizer") -> bool:
    """Put ColumnLemmas in place of the pipeline's lemmatizer when its answers are a function of the token alone.

    Returns whether it did (False: no lemmatizer, or one whose mode may
    look beyond the token, and spaCy's component stays as it is).
    """
    if name not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(name)
    if getattr(lemmatizer, "mode", None) not in PURE_MODES or not hasattr(lemmatizer, "lemmatize"):
        return False
    validate = getattr(lemmatizer, "_validate_tables", None)
    if validate is not None:
        validate()  # spaCy checks the tables on its first call, which it no longer gets: a missing table says so now
    nlp.rename_pipe(name, _STOCK)
    nlp.add_pipe("dyad_lemmas", name=name, after=_STOCK, config={"source": _STOCK})
    nlp.disable_pipe(_STOCK)
    return True
