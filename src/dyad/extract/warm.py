"""Warm a process for analysis: load and build, once, all that the first document would.

The first document a process analyses pays for spaCy's model, the actor
dictionary, the actor lexicon built from it (about 1 s), the language
identifier's model (0.7 s) and the quote, event, time and meeting tables.
`warm_up` pays for them by running the per-document stages over a short
sample, so no list of loaders has to be kept in step with the stages.
"""

from __future__ import annotations

from dyad.actors import ActorDictionary, load_dictionary
from dyad.model import RawItem
from dyad.nlp.heap import freeze
from dyad.settings import Settings

SAMPLE = (
    "TOKYO, June 3 (Kyodo) -- Japanese Foreign Minister Taro Kono met Russian Foreign Minister "
    "Sergei Lavrov in Tokyo on Monday.\n\n\"We agreed to continue the talks,\" Kono told reporters. "
    "Lavrov said the next meeting would take place in Moscow, according to a statement."
)


def warm_up(dictionary: ActorDictionary | None = None) -> None:
    """Process and analyse one sample article so that every lazily built table is built, then settle them."""
    from dyad.ingest.work import work_batch

    raw = RawItem("warm-up", "warm-up", SAMPLE.encode(), "record", {"text": SAMPLE, "published": "2019-06-03"})
    work_batch([raw], Settings(), dictionary or load_dictionary())
    freeze()  # the tables the sample built too (see dyad.nlp.heap.settle)
