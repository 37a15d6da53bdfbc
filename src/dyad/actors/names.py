"""Name keys and name-order variants: how "Mr. Shoygu, Sergey" finds "Sergei Shoigu".

Lookup never compares raw strings. Both the dictionary's aliases and the
queried mention go through the same steps, so a rule only has to be written
once and spelling variants need not be listed per person:

1. `normalise`: fold accents (Erdoğan -> erdogan), lower-case, drop periods and
   apostrophes (U.S. -> us, D'Alema -> dalema), turn hyphens and other
   punctuation into spaces, squeeze whitespace.
2. `strip_titles`: drop leading courtesy titles and military ranks listed in
   `data/actors/honorifics.csv` ("Mr.", "Colonel General"), unless nothing
   would be left.
3. `spelling_key`: fold common romanisation variants of Russian, Ukrainian and
   similar names, token by token:
   - a final -iy, -yy, -ii or -ij becomes -i (Yuriy, Zelenskyy -> yuri, zelenski);
   - any other final -y becomes -i (Valery, Zelensky -> valeri, zelenski);
   - a y after a vowel becomes i (Shoygu -> shoigu, Sergey -> sergei);
   - x becomes ks (Alexei -> aleksei).
   The key is for matching only; it is never shown.
4. `order_variants`: "Family, Given Patronymic" becomes "Given Patronymic
   Family" and "Given Family"; names are also indexed family-name-first
   ("Abe Shinzo", "Shoigu Sergei Kuzhugetovich").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

_DROP = re.compile(r"[.'\u2019\u2018`]")
_SPACE = re.compile(r"[^0-9a-z]+")
_VOWEL_Y = re.compile(r"(?<=[aeiou])y")
_FINAL_IY = re.compile(r"(?:iy|yy|ii|ij)$")


# Letters that Unicode does not decompose into a base letter and an accent:
# without this "Błaszczak" and "Støre" would lose a letter, "Đặng" its first.
_UNDECOMPOSED = str.maketrans({
    "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ð": "d", "Ð": "D",
    "þ": "th", "Þ": "Th", "æ": "ae", "Æ": "Ae", "œ": "oe", "Œ": "Oe", "ß": "ss", "ħ": "h", "Ħ": "H",
})


def normalise(text: str) -> str:
    """Reduce a name to lower-case ASCII words so punctuation and accents never matter."""
    if text.isascii():  # most names: nothing to fold
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text.translate(_UNDECOMPOSED))
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = _DROP.sub("", folded)
    return " ".join(_SPACE.sub(" ", folded).split())


def _fold_token(token: str) -> str:
    """Fold one word's romanisation variants to a single spelling."""
    token = token.replace("x", "ks")
    token = _FINAL_IY.sub("i", token)
    if token.endswith("y") and len(token) > 2:
        token = token[:-1] + "i"
    return _VOWEL_Y.sub("i", token)


def spelling_key(normalised: str) -> str:
    """Fold a normalised name to its matching key (Sergey Shoygu -> sergei shoigu)."""
    return " ".join(_fold_token(token) for token in normalised.split())


def strip_titles(normalised: str, titles: Iterable[str]) -> str:
    """Drop leading titles ("mr", "colonel general") from a normalised name.

    `titles` must come longest first, so "colonel general" wins over "colonel".
    """
    ordered = tuple(titles)
    text = normalised
    if text.partition(" ")[0] not in _first_words(ordered):
        return text  # the usual case: the first word begins no title
    changed = True
    while changed:
        changed = False
        for title in ordered:
            if text.startswith(title + " ") and len(text) > len(title) + 1:
                text = text[len(title) + 1 :]
                changed = True
                break
    return text


@lru_cache(maxsize=8)
def _first_words(titles: tuple[str, ...]) -> frozenset[str]:
    """Return the words a title can begin with, so most names skip the scan of every title."""
    return frozenset(title.partition(" ")[0] for title in titles)


def comma_reorder(text: str) -> list[str]:
    """Turn "Family, Given Patronymic" into ["Given Patronymic Family", "Given Family"].

    Returns an empty list when the text has no single comma to reorder.
    """
    parts = [part.strip() for part in text.split(",")]
    if len(parts) != 2 or not parts[0] or not parts[1]:
        return []
    family, given = parts
    forms = [f"{given} {family}"]
    given_words = given.split()
    if len(given_words) > 1:
        forms.append(f"{given_words[0]} {family}")
    return forms


def order_variants(name: str, family_first: bool = False) -> list[str]:
    """List the word orders a name is indexed under, the name itself first.

    For "Sergei Kuzhugetovich Shoigu": the name, "Sergei Shoigu" (patronymic
    dropped), "Shoigu Sergei Kuzhugetovich" and "Shoigu Sergei". For a name
    written family-name-first (Xi Jinping) the reversed order is added instead.
    """
    words = name.split()
    forms = [name]
    if len(words) < 2:
        return forms
    if family_first:
        forms.append(" ".join(words[1:] + words[:1]))
        return forms
    given, family = words[:-1], words[-1]
    forms.append(" ".join([family, *given]))
    if len(given) > 1:
        forms.append(f"{given[0]} {family}")
        forms.append(f"{family} {given[0]}")
    return forms


def surname(name: str, family_first: bool = False) -> str:
    """Return the word a person is called by alone ("Shoigu", "Xi").

    A regnal number or a generational suffix is not that word: "Elizabeth II"
    is no "II" (which would make every "I" the queen), "Teodoro Jr." no "Jr.".
    """
    words = name.split()
    while len(words) > 1 and words[-1].rstrip(".,").lower() in NAME_SUFFIXES:
        words.pop()
    if not words:
        return ""
    return words[0] if family_first else words[-1]


def _roman(number: int) -> str:
    """Write 1-39 in lower-case Roman numerals (regnal numbers: "Frederik X", "Leo XIV")."""
    ones = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix"]
    return "x" * (number // 10) + ones[number % 10]


# Without "x", King Frederik X would be the bare "X" of every post on the platform.
NAME_SUFFIXES = frozenset({_roman(n) for n in range(1, 40)} | {"jr", "sr"})
