"""Detect a document's language, so that only English text is analysed.

py3langid ships its model inside the package (nothing is fetched) and
classifies a page in well under a millisecond.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

UNDETERMINED = "und"
NO_CONTENT = "zxx"  # ISO 639-2 "no linguistic content": text that is not prose in any language
_LETTER = re.compile(r"[^\W\d_]")
_WORD = re.compile(r"[^\W\d_]+")
# A text of N words (N >= MIN_WORDS) is prose only with at least 2·√N different
# ones. Prose grows its vocabulary about as √N or faster (Heaps' law): in the
# dev and seed documents √N-scaled vocabularies run from 4.5 (a 24-word
# item) up; generated filler, keyword lists and one template repeated over
# and over fall far below (10 words recycled over 40 to 5,000: 1.6 to 0.14).
# Such a text holds no records to find, and parsing it costs as much as prose.
VOCABULARY_FACTOR = 2.0
MIN_WORDS = 20


@cache
def _identifier() -> Any:
    """Load the language model once per process, with normalised probabilities."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


# The first 2,000 characters decide: on our tests, classifying more text never
# changed an answer and doubled the time spent here.
SAMPLE_CHARS = 2000


def repeats_few_words(text: str) -> bool:
    """Tell whether a text recycles too few different words to be prose (see VOCABULARY_FACTOR)."""
    words = _WORD.findall(text)
    if len(words) < MIN_WORDS:
        return False
    return len({word.casefold() for word in words}) < VOCABULARY_FACTOR * len(words) ** 0.5


# Words that make up a sixth of English news prose and next to none of any
# other language's ("in", "on", "is", "was" are words of German, French or
# Dutch too, so they are not here). A sample of at least PLAIN_WORDS words in
# Latin letters, a PLAIN_SHARE of them these, is English without asking the
# model: the lowest share among the English pages we measure with (news,
# press releases, transcripts, generated articles) is 0.10, and French,
# German, Spanish and Dutch prose has none. It spares the model's 1-3 ms a
# page, a few percent of ingest beyond the parse.
ENGLISH_WORDS = frozenset("the of and to that for with said by are were has have from this which".split())
PLAIN_WORDS = 40
PLAIN_SHARE = 0.08
LATIN_SHARE = 0.9


def detect_language(text: str, min_letters: int = 40) -> str:
    """Return an ISO 639-1 code, or `und` when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    if len(_LETTER.findall(sample[: min_letters * 4])) < min_letters and len(_LETTER.findall(sample)) < min_letters:
        return UNDETERMINED
    if plainly_english(sample):
        return "en"
    lang, _prob = _identifier().classify(sample)
    if lang != "en" and names_mislead(sample):
        return "en"
    return str(lang)


# Below PLAIN_WORDS words, a news item is mostly names: "Kenyan President William
# Ruto hosted Brazilian Foreign Minister Mauro Vieira in Nairobi on Monday" has
# four words that are not names, and the model, reading the names' letters, called
# such items Nigerian Pidgin, Swahili or Bikol (three of six name-dense English
# sentences of ours; what is not analysed yields no record at all). The words in
# lower case carry the language; asked about those alone, the model called the
# three English and kept French, German, Spanish, Portuguese, Italian, Dutch,
# Indonesian, Tagalog, Swahili, Hausa and Pidgin sentences what they are.
MIN_PLAIN_WORDS = 3


def names_mislead(sample: str) -> bool:
    """Tell whether a text the model did not call English is English in the words that are not names.

    Capitalised words are dropped (names, and a headline's or a German
    noun's capitals: what is left of German is still German); a text with
    fewer than MIN_PLAIN_WORDS words left is left to the first answer.
    """
    plain = [word for word in _WORD.findall(sample) if not word[0].isupper()]
    if len(plain) < MIN_PLAIN_WORDS:
        return False
    lang, _prob = _identifier().classify(" ".join(plain))
    return bool(lang == "en")


def plainly_english(sample: str) -> bool:
    """Tell whether a text is English by its commonest words alone (see ENGLISH_WORDS)."""
    words = _WORD.findall(sample)
    if len(words) < PLAIN_WORDS or sum(word.isascii() for word in words) < LATIN_SHARE * len(words):
        return False
    return sum(word.casefold() in ENGLISH_WORDS for word in words) >= PLAIN_SHARE * len(words)
