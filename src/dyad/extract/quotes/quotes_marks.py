"""Find quoted spans in text from its quotation marks alone, before any attribution.

Rules, in the order they apply:

- A quote never crosses a line break: clean text puts paragraphs on their own
  lines, so an unbalanced mark can never run on into the next paragraph.
- Curly marks are paired with a stack, so a quote inside a quote (“… should
  “break the chains” of …”) stays inside its outer quote; only outermost spans
  are returned, the inner ones are part of their text.
- A straight mark opens after a space or an opening bracket and closes before a
  space or punctuation; where context does not tell, it toggles.
- A single mark between two letters or digits is an apostrophe ("Japan’s",
  "I'm"); a closing single mark that no open single mark is waiting for is an
  apostrophe too ("ministers' meeting").
- A closing double mark with nothing to close opens a quote when a word
  follows it after a space or at a line start (”Fear. I am afraid …”, a
  slip some pages make); elsewhere it is ignored (a stray ” at the end of a
  re-quoted paragraph); an opening double mark still open at the end of the
  line runs to the end of the line (the first paragraph of a quote that goes
  on), an unclosed single one is dropped (usually an elision: 'em, '90s).
- Leading and trailing ellipses and spaces are not part of the quoted words
  (“… Cooperation between …” quotes "Cooperation between").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

DOUBLE_OPEN = "“„‟«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT = "\"'"
MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT
OPENERS = " \t([{—–-/" + DOUBLE_OPEN + SINGLE_OPEN  # characters after which a straight mark opens
_MARK = re.compile(f"[{re.escape(MARKS)}]")
_LEAD = re.compile(r"(?:\s|…|\.\.\.)+")
_TAIL = re.compile(r"(?:\s|…|\.\.\.)+$")


@dataclass(frozen=True)
class QuoteSpan:
    """An outermost quoted span: where its marks are, and where its words are."""

    open: int  # offset of the opening mark
    close: int | None  # offset of the closing mark; None when the line ended first
    start: int  # first character of the quoted words
    end: int  # one past the last character of the quoted words
    line_start: int
    line_end: int


def find_spans(text: str) -> list[QuoteSpan]:
    """Return every outermost quoted span in the text, line by line."""
    spans: list[QuoteSpan] = []
    position = 0
    for line in text.split("\n"):
        spans.extend(_line_spans(text, position, position + len(line)))
        position += len(line) + 1
    return spans


def _line_spans(text: str, start: int, end: int) -> Iterator[QuoteSpan]:
    """Pair the marks of one line and yield the outermost spans they enclose."""
    stack: list[tuple[str, int]] = []  # (kind, offset) of marks still open
    for match in _MARK.finditer(text, start, end):
        i = match.start()
        role, kind = _mark_role(text, i, start, end, stack)
        if role == "open":
            stack.append((kind, i))
        elif role == "close":
            depth = _matching(stack, kind)
            if depth is None:
                continue
            opened = stack[depth][1]
            del stack[depth:]
            if not stack:
                span = _span(text, opened, i, i, start, end)
                if span:
                    yield span
    if stack and stack[0][0] == "double":
        span = _span(text, stack[0][1], None, end, start, end)
        if span:
            yield span


def _mark_role(
    text: str, i: int, start: int, end: int, stack: list[tuple[str, int]]
) -> tuple[str, str]:
    """Tell whether the mark at `i` opens, closes, or is an apostrophe, and its kind."""
    char = text[i]
    before = text[i - 1] if i > start else " "
    after = text[i + 1] if i + 1 < end else " "
    kind = "double" if char in DOUBLE_OPEN + DOUBLE_CLOSE + '"' else "single"
    if char in DOUBLE_OPEN + SINGLE_OPEN:
        return "open", kind
    if char in DOUBLE_CLOSE and before in OPENERS and after.isalnum() and _matching(stack, kind) is None:
        return "open", kind  # a paragraph opened with the closing mark: ”Fear. I am afraid …
    if kind == "single" and before.isalnum() and after.isalnum():
        return "none", kind
    if char in DOUBLE_CLOSE + SINGLE_CLOSE:
        return "close", kind
    opens = before in OPENERS and not after.isspace()
    closes = not before.isspace() and (after.isspace() or not after.isalnum())
    if opens and not closes:
        return "open", kind
    if closes and not opens:
        return "close", kind
    if kind == "single":
        return "none", kind
    return ("close" if _matching(stack, kind) is not None else "open"), kind


def _matching(stack: list[tuple[str, int]], kind: str) -> int | None:
    """Return the depth of the innermost open mark of this kind, if any."""
    for depth in range(len(stack) - 1, -1, -1):
        if stack[depth][0] == kind:
            return depth
    return None


def _span(
    text: str, opened: int, closed: int | None, stop: int, line_start: int, line_end: int
) -> QuoteSpan | None:
    """Build a span from its marks, trimming spaces and ellipses; None when nothing is left."""
    inner = text[opened + 1 : stop]
    lead = _LEAD.match(inner)
    tail = _TAIL.search(inner)
    first = opened + 1 + (lead.end() if lead else 0)
    last = opened + 1 + (tail.start() if tail else len(inner))
    if last <= first:
        return None
    return QuoteSpan(opened, closed, first, last, line_start, line_end)
