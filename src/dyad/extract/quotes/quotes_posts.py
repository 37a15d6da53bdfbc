"""Posts embedded in a page: a social-media post kept as text with its author's signature line.

A page that embeds a post (X/Twitter, Instagram, Facebook, Threads) keeps, once
saved as text, the post's words and a signature line under them that names the
author; the post carries no quotation marks and no reporting verb:

    Proud to open our embassy today. Thank you all. pic.twitter.com/abc123
    — Jane Roe (@janeroe) June 29, 2021

Rules:

1. A signature line is one whole line in one of the shapes of `post_signatures`
   in data/speech_verbs.yaml: a dash (which cleaning may have dropped), the
   author's name, "(@handle)", and a date ("— Jane Roe (@janeroe) June 29,
   2021"), or "A post shared by Jane Roe
   (@janeroe)". The author's name is its part in Latin letters ("ג'יין רו –
   Jane Roe 🟠" gives "Jane Roe": the quotes are read in English); its actor is
   the resolver's mention over it, if any.
2. The line right above a signature is the post: one direct quote by the
   author, without its links ("pic.twitter.com/…", "https://t.co/…"), when it
   is written in Latin letters (a post in another script is not read).
3. A quotation on the line right after the signature that starts with a cue of
   `post_translation_cues` ("Translation: ‘…’") is the post in English: its
   speaker is the author.

A line that only looks like a signature in running text ("— as Jane Roe
(@janeroe) wrote on Monday, …") is not one: the shape must fill the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dyad.data import load_yaml
from dyad.extract.quotes.quotes_speakers import Speaker
from dyad.ingest.normalize import latin_share
from dyad.model import Mention, Quote

_LINK = re.compile(r"\s*(?:pic\.twitter\.com/\S+|https?://\S+)")
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f.’'-]*(?:[ \t]+[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f.’'-]*)*")
LATIN_SHARE = 0.6  # letters of a post that must be Latin for it to be read


@dataclass(frozen=True)
class Post:
    """An embedded post: its author, and where its signature line and the lines around it are."""

    author: Speaker
    line_start: int  # the signature line
    line_end: int


@cache
def _shapes() -> tuple[tuple[re.Pattern[str], ...], tuple[str, ...]]:
    """Read the signature shapes and translation cues from data/speech_verbs.yaml."""
    data = load_yaml("speech_verbs.yaml")
    shapes = tuple(re.compile(rf"^{shape}$") for shape in data["post_signatures"])
    return shapes, tuple(cue.lower() for cue in data["post_translation_cues"])


def find_posts(text: str, mentions: list[Mention]) -> list[Post]:
    """Find the signature lines of embedded posts, with their authors (rule 1)."""
    shapes, _ = _shapes()
    posts = []
    position = 0
    for line in text.split("\n"):
        match = next((m for m in (shape.match(line) for shape in shapes) if m is not None), None)
        if match is not None:
            author = _author(match.group("name"), position + match.start("name"), mentions)
            if author is not None:
                posts.append(Post(author, position, position + len(line)))
        position += len(line) + 1
    return posts


def post_quotes(text: str, posts: list[Post]) -> list[Quote]:
    """Make each post above a signature line one direct quote by its author (rule 2)."""
    quotes = []
    for post in posts:
        if post.line_start == 0:
            continue
        start = text.rfind("\n", 0, post.line_start - 1) + 1
        line = text[start : post.line_start - 1]
        words = _LINK.sub("", line).rstrip()
        if not any(ch.isalpha() for ch in words) or latin_share(words) < LATIN_SHARE:
            continue
        begin = start + len(line) - len(line.lstrip())
        quotes.append(post.author.quote(text, begin, start + len(words), "post", direct=True))
    return quotes


def translated_by(text: str, posts: list[Post], quote_open: int) -> Speaker | None:
    """Return the author whose post a quotation on the line after the signature translates (rule 3)."""
    _, cues = _shapes()
    for post in posts:
        line_start = post.line_end + 1
        line_end = text.find("\n", line_start)
        line_end = len(text) if line_end < 0 else line_end
        if line_start <= quote_open < line_end and text[line_start:quote_open].strip().lower().startswith(cues):
            return post.author
    return None


def _author(name: str, at: int, mentions: list[Mention]) -> Speaker | None:
    """Keep the Latin-letter part of a signature's name, with the mention over it."""
    runs = [m for m in _LATIN_RUN.finditer(name) if m.group(0)[0].isupper()]
    if not runs:
        return None
    run = max(runs, key=lambda m: len(m.group(0)))
    start, end = at + run.start(), at + run.end()
    actor = next((m.actor for m in mentions if m.actor and m.start < end and start < m.end and m.kind == "person"),
                 None)
    return Speaker(actor, run.group(0), start, end)

