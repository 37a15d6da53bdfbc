"""Words for numbers and methods, as the web pages, the report and the CLI print them."""

from __future__ import annotations

# Plurals English does not make by adding "s"; the rest follow two rules below.
_IRREGULAR = {"person": "people", "analysis": "analyses", "index": "indexes"}
# How a document's date was found (Published.method), said in words.
DATE_METHODS = {
    "metadata": "from the page's metadata",
    "dateline": "from the dateline",
    "text": "read in the text",
    "inferred": "inferred from the text",
    "inherited": "from the report it quotes",
    "saved": "the day the page was saved",
    "url": "from the page's address",
    "updated": "the page's last update (it shows no first date)",
}


def plural(word: str, n: int = 2) -> str:
    """Give a noun's form for n of it: 1 story, 3 stories, 2 events."""
    if n == 1:
        return word
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in ("a", "e", "i", "o", "u"):
        return word[:-1] + "ies"
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    return word + "s"


def count_of(n: int, word: str) -> str:
    """Say a count with its noun: "1 event", "3 stories", "1,024 documents"."""
    return f"{n:,} {plural(word, n)}"


def singular(word: str) -> str:
    """Turn a plural record name back into its noun ("stories" -> "story"), for record-type keys."""
    for noun, many in _IRREGULAR.items():
        if word == many:
            return noun
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else word


def date_method(method: str | None) -> str:
    """Say how a document's date was found ("inferred" -> "inferred from the text")."""
    return DATE_METHODS.get(method or "", f"by {method}" if method else "")
