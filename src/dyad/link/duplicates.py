"""Find near-copies and re-quoted passages with MinHash LSH over word shingles.

A document's text is cut into word 5-shingles (lower-cased, punctuation
stripped) and summarised by a 128-permutation MinHash, once for the whole
document and once per paragraph. Each signature is cut into bands; each band is
hashed to a short hex key and stored in `lsh_bands`. Two texts whose shingle
sets are similar share a band key with high probability, so candidates come
from an indexed look-up of the new document's keys: the corpus is never
scanned and no in-memory index of it is ever built.

Candidates are then checked exactly, on their shingle sets:

    duplicate   Jaccard >= DUPLICATE_JACCARD: the later-stored is a copy
    cites       >= CITE_MIN_SHARED shingles in common (a long re-quoted
                passage), or >= NAMED_MIN_SHARED when one names the other's
                publisher ("RIA Novosti reports …", "according to Kyodo");
                the cited one is the one named, else the earlier published

This module only finds and decides; dyad.link.run records.
"""

from __future__ import annotations

import re
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from hashlib import blake2b

import numpy as np
from datasketch import MinHash

from dyad.ingest.publishers import publisher_names
from dyad.store.links import BandRow

NUM_PERM = 128
SEED = 1  # fixed, so band keys written by one run match those of the next
# Named, not left to datasketch's default: a default that changed (2.0 did) would
# silently make new band keys miss every stored one.
SCHEME = "affine32"
SHINGLE_WORDS = 5
# Documents: 32 bands of 4 rows puts the 50% chance of becoming a candidate at
# Jaccard ~0.42 and a 99.9% chance at 0.8, the duplicate threshold.
DOC_BANDS, DOC_ROWS = 32, 4
# Paragraphs: 32 bands of 2 rows (the first 64 permutations) catch a quoted
# paragraph inside a longer one: the seeds' re-quoted paragraphs (004 in 002)
# have Jaccard 0.28-0.52, found with 95-99.99% probability; J 0.1 pairs have 27%.
PARA_BANDS, PARA_ROWS = 32, 2
MIN_SHINGLES = 8  # paragraphs shorter than 12 words ("Leave a comment") are not indexed
# 0.8: on the seeds the DW scrape vs the aggregator's DW item is 0.875, the next
# pair (004 re-quoting 002) 0.102; a syndicated copy with a new headline and
# byline in our fixtures (tests/fixtures/stories) is 0.97.
DUPLICATE_JACCARD = 0.8
# 25 shingles is a run of ~30 words. Seeds: 004 shares 114 with 002; every other
# pair of different stories shares <= 2, and two items of one MoD page share 11.
CITE_MIN_SHARED = 25
# When the other's publisher is named, one shared 7-word phrase is enough.
NAMED_MIN_SHARED = 3
MAX_CANDIDATES = 50  # most band-sharing documents checked per document

_WORD = re.compile(r"\w+")
_PARAGRAPH = re.compile(r"\n\s*\n")
_NAME = r"(?:the\s+)?{name}(?:'s)?"
_ATTRIBUTION = (
    r"\b{name}\s+(?:news\s+agency\s+|agency\s+|newspaper\s+|website\s+)?"
    r"(?:reports?|reported|says|said|quoted|quotes|cited|cites|wrote|writes)\b",
    r"\b(?:according\s+to|reported\s+by|quoted\s+by|cited\s+by|citing|told)\s+{name}",
    r"\b(?:in\s+a\s+|a\s+)?{name}\s+(?:report|article|story|dispatch)\b",
)


# A shingle set: the strings, or their hashes as a sorted array (see shingle_hashes).
Shingles = frozenset[str] | np.ndarray


@dataclass
class Fingerprint:
    """A document's band keys, at document and paragraph level, each level's packed in one bytes object.

    Not its shingles: a batch holds the fingerprints of all its documents,
    and their strings took ten times the room of the keys. Nor the keys as
    strings, a 16-hex-digit string per band: 75,000 of them a batch, 5 MB
    held from its first step to its write; the keys are spelled out when
    looked up or written.
    """

    doc: bytes = b""  # KEY_BYTES per band
    paragraphs: list[tuple[int, bytes]] = field(default_factory=list)  # (paragraph index, its keys)

    @property
    def doc_keys(self) -> list[str]:
        return _spelled(self.doc)

    @property
    def para_keys(self) -> list[tuple[int, list[str]]]:
        return [(paragraph, _spelled(keys)) for paragraph, keys in self.paragraphs]

    def band_rows(self, doc_id: str) -> Iterator[BandRow]:
        """Yield this document's `lsh_bands` rows, (level, band, key, document, paragraph), in that order.

        Lazily: a linking batch keeps its decisions until it writes them, and
        a row per key held that long is some 60,000 objects a batch of 200.
        Sorted, so that a batch's rows can be merged into the index's order
        as they are written (see Store.save_link_batch), not gathered and sorted.
        """
        for band, key in enumerate(self.doc_keys):  # one key a band
            yield "doc", band, key, doc_id, 0
        paragraphs = self.para_keys
        for band in range(len(paragraphs[0][1]) if paragraphs else 0):
            for key, paragraph in sorted((keys[band], paragraph) for paragraph, keys in paragraphs):
                yield "para", band, key, doc_id, paragraph

    def lookup_keys(self) -> set[tuple[str, int, str]]:
        """Return the distinct (level, band, key) triples to look up (repeated paragraphs once)."""
        found = {("doc", band, key) for band, key in enumerate(self.doc_keys)}
        return found | {("para", band, key) for _, keys in self.para_keys for band, key in enumerate(keys)}


@dataclass(frozen=True)
class Side:
    """What the decision needs to know of one document."""

    id: str
    source: str
    publisher: str | None
    published: str | None  # ISO value with a year, or None
    stored: tuple[datetime, str, int]  # (ingested_at, source, part): the storing order
    text: str
    shingles: Shingles


@dataclass(frozen=True)
class Link:
    """A decided relation: `document` is a copy of, or cites, `other`."""

    kind: str  # "duplicate" or "cites"
    document: str
    other: str
    jaccard: float
    shared: int


def shingles(text: str) -> frozenset[str]:
    """Return the word 5-shingles of a text, lower-cased and without punctuation."""
    return frozenset(_joined(_WORD.findall(text.lower())))


def _joined(words: list[str]) -> list[str]:
    """Return each run of SHINGLE_WORDS words, in order; a shorter text is one shingle, an empty one none."""
    if len(words) < SHINGLE_WORDS:
        return [" ".join(words)] if words else []
    return [" ".join(words[i : i + SHINGLE_WORDS]) for i in range(len(words) - SHINGLE_WORDS + 1)]


def shingle_hashes(text: str) -> np.ndarray:
    """Return a text's word 5-shingles hashed to 64 bits, sorted and unique.

    Candidates are compared on these, not on the strings: an array takes a
    tenth of the memory of the set of strings, so many more documents stay
    cached, and one document is compared with all its candidates in a few
    array operations (see overlaps). Python's hash is salted per process,
    which is fine: the hashes never leave it. Two different shingles share a
    hash with odds of about 1 in 10^14 per pair of documents.
    """
    words = _WORD.findall(text.lower())
    if len(words) < SHINGLE_WORDS:
        grams: Iterable[tuple[str, ...]] = [tuple(words)] if words else []
    else:
        grams = zip(*(words[i:] for i in range(SHINGLE_WORDS)), strict=False)
    return np.unique(np.fromiter(map(hash, grams), dtype=np.int64))


# Documents whose shingle hashes are kept, by id, the last used first to go: a
# document is a candidate of many later ones (syndicated copies, an agency item
# re-quoted all week), and shingling candidates was half of linking time at
# 3,000 documents with a cache of 512 texts. Bounded by bytes, not documents, so
# that long texts cannot stretch it: 16 MiB holds ~4,000 wire stories, the same
# at 5,000 stored documents as at a million.
SHINGLE_CACHE_BYTES = 16 << 20


class _HashCache:
    """The shingle hashes of the documents used last, within a byte budget."""

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.held = 0
        self._arrays: OrderedDict[str, np.ndarray] = OrderedDict()

    def get(self, doc_id: str, text: str) -> np.ndarray:
        found = self._arrays.get(doc_id)
        if found is not None:
            self._arrays.move_to_end(doc_id)
            return found
        found = self._arrays[doc_id] = shingle_hashes(text)
        self.held += found.nbytes
        while self.held > self.budget and len(self._arrays) > 1:
            self.held -= self._arrays.popitem(last=False)[1].nbytes
        return found


_hashes = _HashCache(SHINGLE_CACHE_BYTES)


def document_hashes(doc_id: str, text: str) -> np.ndarray:
    """Return a stored document's shingle hashes, computing them once for the documents seen last."""
    return _hashes.get(doc_id, text)


def overlaps(mine: np.ndarray, others: list[np.ndarray]) -> list[int]:
    """Count the hashes each of `others` shares with `mine`, all in one pass (all sorted and unique)."""
    if not others or not len(mine):
        return [0] * len(others)
    every = np.concatenate(others)
    at = np.minimum(np.searchsorted(mine, every), len(mine) - 1)
    hits = np.concatenate(([0], np.cumsum(mine[at] == every)))
    lengths = np.array([len(other) for other in others])
    ends = np.cumsum(lengths)
    return (hits[ends] - hits[ends - lengths]).tolist()  # type: ignore[no-any-return]


def overlap(a: Shingles, b: Shingles) -> int:
    """Count the shingles two sets share, strings or hashes."""
    if isinstance(a, np.ndarray) and isinstance(b, np.ndarray):
        return overlaps(a, [b])[0]
    assert isinstance(a, frozenset) and isinstance(b, frozenset), "compare strings with strings, hashes with hashes"
    return len(a & b)


@lru_cache(maxsize=1)
def _permutations() -> tuple[np.ndarray, np.ndarray]:
    """Draw the permutations once per process: datasketch draws them per MinHash otherwise."""
    # The exact permutations datasketch draws for this seed, kept so signatures match.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations  # type: ignore[no-any-return]


def signature(found: Iterable[str]) -> np.ndarray:
    """Return the MinHash hash values of a shingle set."""
    return _minhash(found).hashvalues


def _minhash(found: Iterable[str]) -> MinHash:
    """Hash a shingle set into a MinHash (hashing is per shingle: the dearest part of fingerprinting)."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, permutations=_permutations(), scheme=SCHEME)
    minhash.update_batch([s.encode("utf-8") for s in found])  # a minimum per permutation: any order gives it
    return minhash


KEY_BYTES = 8  # a band key: 16 hex digits as stored


def band_keys(values: np.ndarray, bands: int, rows: int) -> list[str]:
    """Hash each band of a signature to a 16-hex-digit key."""
    return _spelled(_packed(values, bands, rows))


def _packed(values: np.ndarray, bands: int, rows: int) -> bytes:
    """Hash each band of a signature to KEY_BYTES bytes, one after the other."""
    raw = values.tobytes()  # sliced as bytes: a slice of the array and its bytes per band cost as much as the hash
    width = len(raw) // len(values) * rows
    return b"".join([blake2b(raw[b * width : (b + 1) * width], digest_size=KEY_BYTES).digest() for b in range(bands)])


def _spelled(packed: bytes) -> list[str]:
    """Spell packed band keys as their hex strings, one per band."""
    digits = packed.hex()
    width = 2 * KEY_BYTES
    return [digits[start : start + width] for start in range(0, len(digits), width)]


def fingerprint(text: str) -> Fingerprint:
    """Shingle a text and compute its document and paragraph band keys.

    A MinHash is a minimum per permutation, so the document's is the
    minimum of its paragraphs' and of the shingles no paragraph holds (those
    across a paragraph break): each shingle is hashed once, not twice. The
    words are found once, paragraph by paragraph (no word spans the blank
    line between two), and an indexed paragraph's shingles are a run of the
    document's: each is joined once too.
    """
    paragraphs = [p for p in _PARAGRAPH.split(text) if p.strip()]
    if len(paragraphs) < 2:  # one paragraph: the document keys say it all
        return _keyed(Fingerprint(), shingles(text), [], set())
    paragraph_words = [_WORD.findall(paragraph.lower()) for paragraph in paragraphs]
    words = [word for found in paragraph_words for word in found]
    runs = _joined(words)
    found = Fingerprint()
    parts: list[MinHash] = []
    covered: set[str] = set()
    start = 0
    for index, mine in enumerate(paragraph_words):
        # a paragraph of n >= SHINGLE_WORDS words holds the n - 4 shingles starting in it; a shorter
        # one has fewer than MIN_SHINGLES and is not indexed
        para = set(runs[start : start + len(mine) - SHINGLE_WORDS + 1]) if len(mine) >= SHINGLE_WORDS else set()
        start += len(mine)
        if len(para) < MIN_SHINGLES:
            continue
        minhash = _minhash(para)
        found.paragraphs.append((index, _packed(minhash.hashvalues, PARA_BANDS, PARA_ROWS)))
        parts.append(minhash)
        covered |= para
    return _keyed(found, frozenset(runs), parts, covered)


def _keyed(found: Fingerprint, whole: frozenset[str], parts: list[MinHash], covered: set[str]) -> Fingerprint:
    """Add the document keys, merging the paragraphs' MinHashes with that of the shingles they do not hold."""
    if len(whole) >= MIN_SHINGLES:
        document = _minhash(whole - covered)
        for minhash in parts:
            document.merge(minhash)
        found.doc = _packed(document.hashvalues, DOC_BANDS, DOC_ROWS)
    return found


def names_publisher(text: str, publisher: str | None) -> bool:
    """Tell whether a text attributes something to a publisher by any of its names ("Kyodo reports …")."""
    if not publisher:
        return False
    return _names(text, publisher)


@lru_cache(maxsize=512)  # its keys hold whole texts: ~2 MB
def _names(text: str, publisher: str) -> bool:
    """Search a text for an attribution once per (text, publisher): each pair of documents asks both ways.

    Most texts never mention the other outlet: a plain search for the
    longest word of each of its names (an attribution cannot match without
    one) rules them out some seventy times faster than the case-blind
    pattern does.
    """
    folded = text.casefold()
    if not any(word in folded for word in _key_words(publisher)):
        return False
    return _attribution(publisher).search(text) is not None


@lru_cache(maxsize=1024)
def _key_words(publisher: str) -> tuple[str, ...]:
    """Return the case-folded longest word of each name `_attribution` looks for."""
    return tuple({max(name.split(), key=len).casefold() for name in _searched_names(publisher)})


def _searched_names(publisher: str) -> list[str]:
    """List the names of a publisher an attribution may use: its aliases, less those of two letters or fewer."""
    return [name for name in publisher_names(publisher) if len(name) > 2]


@lru_cache(maxsize=1024)
def _attribution(publisher: str) -> re.Pattern[str]:
    """Build one pattern matching an attribution to any name of a publisher (publishers.yaml aliases)."""
    names = sorted(_searched_names(publisher), key=len, reverse=True)
    name = _NAME.format(name="(?:" + "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in names) + ")")
    return re.compile("|".join(f"(?:{p.format(name=name)})" for p in _ATTRIBUTION), re.IGNORECASE)


def decide(new: Side, old: Side, shared: int | None = None) -> Link | None:
    """Decide whether two documents are copies, or one cites the other, or neither.

    `shared` is the count of shingles in common when the caller counted it
    already (see overlaps).
    """
    if new.source == old.source or not len(new.shingles) or not len(old.shingles):
        return None  # items of one page are not copies or citations of each other
    if shared is None:
        shared = overlap(new.shingles, old.shingles)
    jaccard = shared / (len(new.shingles) + len(old.shingles) - shared)  # no union set built
    if jaccard >= DUPLICATE_JACCARD:
        return Link("duplicate", new.id, old.id, jaccard, shared)
    if new.publisher is not None and new.publisher == old.publisher:
        return None  # an outlet cites nobody by repeating itself: its editor's note, its standard background
    if shared < NAMED_MIN_SHARED or (shared < CITE_MIN_SHARED and new.publisher == old.publisher):
        return None  # no link whoever is named: skip the search for names
    new_names, old_names = names_publisher(new.text, old.publisher), names_publisher(old.text, new.publisher)
    named = (new_names or old_names) and new.publisher != old.publisher
    if shared < CITE_MIN_SHARED and not (named and shared >= NAMED_MIN_SHARED):
        return None
    citing, cited = _direction(new, old, new_names, old_names)
    return Link("cites", citing.id, cited.id, jaccard, shared)


def _direction(new: Side, old: Side, new_names: bool, old_names: bool) -> tuple[Side, Side]:
    """Pick (citing, cited): the named one is cited, else the earlier published, else the earlier stored."""
    if new_names != old_names:
        return (new, old) if new_names else (old, new)
    if new.published and old.published:
        width = min(len(new.published), len(old.published))  # "2013-11" vs "2013-11-02": same time
        if new.published[:width] != old.published[:width]:
            return (new, old) if old.published[:width] < new.published[:width] else (old, new)
    if bool(new.published) != bool(old.published):
        return (new, old) if old.published else (old, new)
    return (new, old) if old.stored <= new.stored else (old, new)
