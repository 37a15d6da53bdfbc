"""The parse's matrix products through numpy's BLAS, one thread, instead of thinc's bundled BLIS.

Most of spaCy's parse is matrix products: the token-to-vector layers
(maxout) of the tagger, parser and recogniser were 35% of a whole
1,000-article ingest in a py-spy profile. thinc computes them with the BLIS
it bundles, whose generic build took three times the CPU of the OpenBLAS
numpy ships with for the same products on this project's machines (a
(20,000 x 288) by (288 x 288) product: 0.16 s against 0.05). thinc's own
`NumpyOps(use_blis=False)` hands them to numpy instead; the model, its
weights and every other kernel stay as they are. Annotations were the same
token for token on 300 generated articles (170,000 tokens: tags, parts of
speech, dependencies, heads, entities, lemmas, sentence starts) and the
parse took about 30% less CPU. The parser's and recogniser's
transition steps keep BLIS: thinc reaches those from compiled code.

OpenBLAS would otherwise run each product on as many threads as there are
cores. Dyad's parallelism is its worker processes, so while Dyad parses
numpy's BLAS gets one thread (threadpoolctl, restored afterwards: a program
that imports Dyad keeps its own setting outside the parse).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import threadpool_limits


def use_numpy_matmul(nlp: Language) -> bool:
    """Give every model in the pipeline numpy's matrix products when it computes them with BLIS on the CPU.

    Returns whether anything changed: a pipeline on a GPU or on another
    backend (Apple's, say) is left as it is.
    """
    numpy_ops = NumpyOps(use_blis=False)
    changed = False
    for _name, component in nlp.components:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            if type(node.ops) is NumpyOps and node.ops.use_blis:
                node.ops = numpy_ops
                changed = True
    return changed


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Hold numpy's BLAS to one thread while the block runs (the parse of a batch)."""
    with threadpool_limits(limits=1, user_api="blas"):
        yield
