"""Keep what analysis loads for good out of the garbage collector's full passes."""

from __future__ import annotations

import gc

_settled = False


def settle() -> None:
    """Leave what analysis loaded out of Python's full garbage collections from now on; once per process.

    spaCy's model, the actor dictionary and the lexicon built from it are
    millions of objects that live as long as the process, and each full
    collection scanned them all: some ten of them cost 1.1 s of CPU in an
    ingest of 400 articles, 3% of it. `gc.freeze` moves every object alive
    now to a generation the collector never scans; a collection first, so
    no garbage is kept with them. Called once, when they are loaded:
    freezing later would keep a batch's objects for good.
    """
    global _settled
    if not _settled:
        _settled = True
        freeze()


def freeze() -> None:
    """Collect what is garbage now, then move every object alive to the generation full collections skip."""
    gc.collect()
    gc.freeze()
