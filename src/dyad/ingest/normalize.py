"""Normalise Unicode so that the same word is always the same string.

Scrapes mix NFD accents, no-break spaces, zero-width characters and letters
from other scripts that look Latin. Offsets of every later record point into
the normalised text, so this runs once, before anything else reads the text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from dyad.data import load_yaml

_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_RUNS_OF_SPACES = re.compile(r" {2,}")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
# Dashes some sites type for an em dash (figure dash, horizontal bar, two- and three-em dashes):
# the parser knows only the em dash as punctuation and reads the others as words ("made public ―
# Trump boasted" made "public ―" the one who boasted). One character each, so lengths hold.
_DASHES = str.maketrans(dict.fromkeys("\u2012\u2015\u2e3a\u2e3b", "\u2014"))


@cache
def _confusables() -> dict[str, str]:
    """Return the lookalike-letter map from the bundled data file."""
    table: dict[str, str] = {}
    for script in load_yaml("confusables.yaml").values():
        table.update({str(k): str(v) for k, v in script.items()})
    return table


@cache
def _suspect_words() -> re.Pattern[str]:
    r"""Match only words holding a lookalike letter, so clean text costs one scan.

    The match starts only at a word's first character, so each word is looked
    through once: `\w*[…]\w*` tried again at every letter of a word without a
    lookalike, which made one long run of letters (a base64 image) quadratic.
    """
    letters = "".join(re.escape(ch) for ch in _confusables())
    return re.compile(rf"(?<!\w)(?=\w*[{letters}])\w+")


def is_latin(ch: str) -> bool:
    """Tell whether a character is a letter of the Latin script, the one the English parse reads."""
    return ch.isascii() and ch.isalpha() or "LATIN" in unicodedata.name(ch, "")


def latin_share(text: str) -> float:
    """Return the share of a text's letters that are Latin (1.0 for a text without letters)."""
    if text.isascii():  # nearly every line of English news: nothing to count
        return 1.0
    letters = [ch for ch in text if ch.isalpha()]
    return sum(map(is_latin, letters)) / len(letters) if letters else 1.0


def _fix_word(match: re.Match[str]) -> str:
    """Map lookalike letters to Latin in a word that is mostly Latin already."""
    word = match.group(0)
    table = _confusables()
    odd = [ch for ch in word if ch in table]
    latin = sum(1 for ch in word if ch.isalpha() and is_latin(ch))
    if latin <= len(odd):
        return word  # a word in Cyrillic or Greek: leave it alone
    return "".join(table.get(ch, ch) for ch in word)


def normalize_text(text: str) -> str:
    """Return text in NFC with plain spaces, Unix newlines, one em dash and no lookalike letters."""
    text = _NEWLINES.sub("\n", text)
    text = unicodedata.normalize("NFC", text)
    text = _INVISIBLE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = text.translate(_DASHES)
    text = _suspect_words().sub(_fix_word, text)
    lines = (_RUNS_OF_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(lines)
