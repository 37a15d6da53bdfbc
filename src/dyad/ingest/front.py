"""Read the front matter a saver or scraper put above a page's own text.

Saved pages often begin with lines that are not the page: `url: https://…`
written by a scraper, or a ` date 2020-10-27` stamp that a saving tool glued
in front of the first paragraph. They say where the page came from and when
it was saved, which the page itself may not. This is how a user gives a
plain .txt its address: put `url: ADDRESS` on its first line.

Only the very start of the text is read, and only keys listed under
`front_matter` in date_lines.yaml, with values of the right shape (an address,
an ISO date), so an article whose first word is "Date" is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from dyad.data import load_yaml
from dyad.ingest.dates import phrases


@dataclass
class FrontMatter:
    """What the lines above a page said, and the page text that follows them."""

    text: str
    url: str | None = None
    saved: str | None = None  # ISO date the page was saved, as the front matter gives it


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    keys = load_yaml("date_lines.yaml")["front_matter"]

    url = re.compile(
        rf"^[ \t]*(?:{phrases(keys['url'])})[ \t]*[:=][ \t]*(?P<url>(?:https?://|www\.)\S+)[ \t]*(?:\r?\n|$)", re.I
    )
    # The date may be glued to the page's first line: " date 2020-10-26 New Delhi: …"
    saved = re.compile(
        rf"^[ \t]*(?:{phrases(keys['date'])})[ \t]*[:=]?[ \t]*"
        r"(?P<date>\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?(?=\s|$)[ \t]*\r?\n?",
        re.I,
    )
    return url, saved


def read_front_matter(text: str) -> FrontMatter:
    """Split the front matter lines off the start of a page and return what they say."""
    url_line, date_line = _patterns()
    front = FrontMatter(text)
    rest = text.lstrip("\ufeff")
    while True:
        match = url_line.match(rest) if front.url is None else None
        if match:
            front.url = match.group("url").rstrip(".,;)>")
        else:
            match = date_line.match(rest) if front.saved is None else None
            if not match:
                break
            front.saved = match.group("date")
        rest = rest[match.end() :]
    if front.url or front.saved:
        front.text = rest
    return front
