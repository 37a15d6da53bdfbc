"""The state the quote finder's steps share: a quote in the making, and the document it is in."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.attrs import IDX
from spacy.tokens import Doc

from dyad.extract.quotes.quotes_lexicon import Lexicon
from dyad.extract.quotes.quotes_marks import QuoteSpan
from dyad.extract.quotes.quotes_speakers import Speaker
from dyad.extract.quotes.quotes_turns import Lookup, capital_labels
from dyad.model import Mention
from dyad.nlp.analyze import column


@dataclass
class Found:
    """A direct quote in the making: its span, how it is framed, and its attribution."""

    span: QuoteSpan
    first: int  # token of the opening mark
    last: int  # token of the closing mark (or of the last word when unclosed)
    framed: bool = False
    right: bool = False  # attributed by words after the closing mark
    speaker: Speaker | None = None
    verb: str | None = None
    partial: bool = False
    parts: list[QuoteSpan] = field(default_factory=list)


class Context:
    """A document prepared for the scans: token offsets, mentions, lexicon, quoted tokens."""

    def __init__(
        self, doc: Doc, text: str, mentions: list[Mention], lexicon: Lexicon, lookup: Lookup | None = None
    ) -> None:
        """Index the document once for all the quotes in it."""
        self.doc = doc
        self.text = text
        self.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        self.lexicon = lexicon
        self.starts: list[int] = column(doc, IDX).tolist()  # no Token built per word
        self.quoted: set[int] = set()
        self.titles: list[tuple[int, int]] = []  # quoted titles of works: no quotes, nor any report's words
        self.capitals = capital_labels(text)
        self.lookup = lookup

    def end_of(self, found: Found) -> int:
        """Return the offset just past a quote's last part."""
        return (found.parts[-1] if found.parts else found.span).end

    def token_at(self, offset: int) -> int:
        """Return the index of the token holding a character offset."""
        return max(bisect_right(self.starts, offset) - 1, 0)
