"""The named-entity recogniser's greedy decoding, every document of a batch in step, in numpy.

spaCy's recogniser scores each token's next move (begin, inside, last,
unit or outside an entity of one of 18 types: 74 moves in the small English
model) and takes the best move the entity rules allow. Its compiled loop
asks each of the 74 moves in turn whether it is allowed, for every token of
every document: that check alone was the largest part of the recogniser and
the recogniser the largest part of Dyad's parse (py-spy: the recogniser 45%
of the parse, its move checks more than half of that), three times the
dependency parser's whole decoding although the parser makes twice as many
moves.

Here the same decoding runs on the whole batch at once. Every document
advances one token a move, so at step t the documents still being read are
those longer than t, which sorted longest first are a prefix of the batch.
A step sums the three precomputed feature vectors of each document's state
(the token being read, the first and the last token of an open entity),
takes the maxout, multiplies by the output layer with the same BLIS product
spaCy's loop calls (the same numbers, not merely close ones), masks the
moves the entity rules forbid and takes the first best move. What the
model computes, its weights and its rules stay spaCy's: this module only
replaces the per-move loop with array operations. The rules, for a
document that brings no entities of its own:

- outside an entity: begin a type (not on the last token, not before a
  sentence start, not on a space), a one-token entity (not on a space), or
  outside;
- inside an entity: go on with the same type (not on the last token, not
  before a sentence start) or end it with the same type.

A batch with any document that already carries entity annotations, a
model of another shape, a beam search, or a model with classes it never saw
in training is left to spaCy's own decoding: the preset-entity rules are not
reproduced here, and spaCy scores unseen classes against the lowest score of
the sub-batch it happens to decode, which a whole batch would not match.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

import numpy as np
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from thinc.api import NumpyOps

_STOCK = "spacy_ner"
_BLIS = NumpyOps(use_blis=True)  # the product spaCy's compiled loop computes the scores with
_MOVES = "BILU"  # the moves with a type; "O" is outside


class GreedyEntities:
    """Find entities with spaCy's recogniser, its per-token move choice done for a batch at once."""

    def __init__(self, recogniser: Any) -> None:
        self.recogniser = recogniser
        model = recogniser.model
        self.tok2vec, self.lower, self.upper = model.layers
        moves = recogniser.moves
        names = [moves.get_class_name(i) for i in range(moves.n_moves)]
        kind = np.array([_kind(name) for name in names])
        strings = recogniser.vocab.strings
        self.labels = np.array([strings.add(name[2:]) if name[2:] else 0 for name in names], dtype=np.uint64)
        typed = self.labels != 0
        self.begin, self.inside = (kind == "B") & typed, (kind == "I") & typed
        self.last, self.unit, self.outside = (kind == "L") & typed, (kind == "U") & typed, kind == "O"
        self.bias = self.lower.get_param("b")  # (hidden, pieces)
        self.weights = np.ascontiguousarray(self.upper.get_param("W"))  # (moves, hidden)
        self.move_bias = self.upper.get_param("b")

    def __call__(self, doc: Doc) -> Doc:
        self.set_entities([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            self.set_entities(batch)
            yield from batch

    def set_entities(self, docs: list[Doc]) -> None:
        """Set the recogniser's entities on these documents, as spaCy's own decoding would."""
        if not any(len(doc) for doc in docs):
            for doc in docs:
                doc.set_ents([], default="outside")
            return
        if any(doc.to_array(ENT_IOB).any() for doc in docs):  # preset entities: spaCy's rules for them
            self.recogniser.set_annotations(docs, self.recogniser.predict(docs))
            return
        for doc, found in zip(docs, self.decode(docs), strict=True):
            doc.set_ents([Span(doc, start, end, label=int(label)) for start, end, label in found], default="outside")

    def decode(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """Return each document's entities as (start, end, label id), by the greedy decoding of spaCy's recogniser."""
        vectors = self.lower.predict(self.tok2vec.predict(docs))  # (tokens + 1, features, hidden, pieces); row 0 pads
        in_order = np.array([len(doc) for doc in docs])
        order = np.argsort(-in_order, kind="stable")  # longest first: the documents still read are a prefix
        lengths = in_order[order]
        offsets = (np.cumsum(in_order) - in_order)[order] + 1  # row of each document's first token
        # per document, per position: the next token starts a sentence / this token is a space
        starts_next = np.zeros((len(docs), int(lengths[0]) + 1), dtype=bool)
        space = np.zeros_like(starts_next)
        for row, i in enumerate(order):
            if lengths[row]:
                columns = docs[i].to_array([SENT_START, IS_SPACE])
                starts_next[row, : lengths[row] - 1] = columns[1:, 0] == 1
                space[row, : lengths[row]] = columns[:, 1] == 1
        is_open = np.zeros(len(docs), dtype=bool)
        entity_start = np.zeros(len(docs), dtype=np.intp)
        entity_label = np.zeros(len(docs), dtype=np.uint64)
        found: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        for t in range(int(lengths[0])):
            n = int(np.count_nonzero(lengths > t))
            rows_open = is_open[:n]
            token = offsets[:n] + t
            first = np.where(rows_open, offsets[:n] + entity_start[:n], 0)
            previous = np.where(rows_open, token - 1, 0)
            hidden = vectors[token, 0] + vectors[first, 1]
            hidden += vectors[previous, 2]
            hidden += self.bias
            scores = _BLIS.gemm(hidden.max(axis=2), self.weights, trans2=True)
            scores += self.move_bias
            more = lengths[:n] - t >= 2
            free = ~starts_next[:n, t]
            on_space = space[:n, t]
            same = self.labels[None, :] == entity_label[:n, None]
            allowed_open = (self.inside & (more & free)[:, None] | self.last) & same
            allowed_closed = (self.begin & (more & free & ~on_space)[:, None]) | (self.unit & ~on_space[:, None]) | self.outside
            allowed = np.where(rows_open[:, None], allowed_open, allowed_closed)
            move = np.where(allowed, scores, -np.inf).argmax(axis=1)
            label = self.labels[move]
            began, ended, single = self.begin[move], self.last[move], self.unit[move]
            for row in np.flatnonzero(ended | single).tolist():
                start = int(entity_start[row]) if ended[row] else t
                found[order[row]].append((start, t + 1, int(label[row] if single[row] else entity_label[row])))
            entity_start[:n][began] = t
            entity_label[:n][began] = label[began]
            is_open[:n] = (rows_open & ~ended) | began
        return found


def _kind(name: str) -> str:
    """The move of a class name: "B-ORG" -> "B", "U-" -> "U", "O" -> "O"."""
    return name[0] if name[:1] in _MOVES or name == "O" else "?"


@Language.factory("dyad_entities", default_config={"source": _STOCK})
def make_greedy_entities(nlp: Language, name: str, source: str) -> GreedyEntities:
    """Build the component over the pipeline's (disabled) spaCy recogniser named `source`."""
    return GreedyEntities(nlp.get_pipe(source))


def decodable(recogniser: Any) -> bool:
    """Whether this recogniser is the greedy, BILUO, three-feature maxout model this module decodes."""
    try:
        model = recogniser.model
        lower, upper = model.get_ref("lower"), model.get_ref("upper")
        names = [recogniser.moves.get_class_name(i) for i in range(recogniser.moves.n_moves)]
        return (
            recogniser.cfg.get("beam_width", 1) == 1
            and not model.attrs.get("unseen_classes")
            and model.attrs.get("has_upper", False)
            and lower.get_dim("nF") == 3
            and lower.get_dim("nP") >= 2
            and len(model.layers) == 3
            and all(_kind(name) != "?" for name in names)
            and type(lower.ops).__name__ == "NumpyOps"
            and type(upper.ops).__name__ == "NumpyOps"
        )
    except (AttributeError, KeyError, ValueError):
        return False


def use_greedy_entities(nlp: Language, name: str = "ner") -> bool:
    """Put GreedyEntities in place of the pipeline's recogniser when it is a model this module decodes.

    Returns whether it did. spaCy's component stays in the pipeline,
    disabled, under another name: its model computes the features and
    scores, and it decodes any batch this module leaves to it.
    """
    if name not in nlp.pipe_names or not decodable(nlp.get_pipe(name)):
        return False
    nlp.rename_pipe(name, _STOCK)
    nlp.add_pipe("dyad_entities", name=name, after=_STOCK, config={"source": _STOCK})
    nlp.disable_pipe(_STOCK)
    return True
