"""The long parts of a document's page, its marked text and its list of events, written here, not in its template.

A document may hold hundreds of events and as many marked stretches of
text; Jinja wrote each row through attribute look-ups and escaping calls
of its own (8 ms for a document of 250 events, most of the page's time).
Here the same HTML takes a fifth of that. Every value from the store still
goes through markupsafe's escaping, as in the template, and a test checks
the output equals what the template's loops wrote.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

# A character markupsafe's escape would change: values without one are written as they are.
_SPECIAL = re.compile(r"[&<>'\"]")


def event_items(found: Iterable[dict[str, Any]]) -> Markup:
    """Write a document's events as the <li> items of its events list, or one item saying there are none.

    An event's values are codes, ids, names and dates: they are escaped one
    by one only when their joined text holds a character escaping changes,
    which a call of markupsafe's per value (eight per event) cost most of
    the list's time to find out.
    """
    items = []
    for e in found:
        values = tuple(map(str, (e["quad_class"], e["id"], e["source_code"] or e["source_actor"] or "?",
                                 e["target_code"] or e["target_actor"] or "—", e["cameo"], e["cameo_name"],
                                 e["modality"], e["date"] or "undated")))
        if _SPECIAL.search("".join(values)):
            values = tuple(str(escape(value)) for value in values)
        quad, ident, who, whom, cameo, name, modality, date = values
        items.append(f'\n<li class="quad{quad}"><a href="#event-{ident}">{who} → {whom}</a> {cameo} {name} '
                     f'<span class="muted">({modality}, {date}, {float(e["goldstein"]):+.1f})</span></li>\n')
    return Markup("".join(items) if items else '<li class="empty">none</li>')


def text_segments(segments: Iterable[dict[str, Any]]) -> Markup:
    """Write a document's text, its marked segments as links or spans titled with what marks them."""
    parts: list[str] = []
    for s in segments:
        parts.extend(f'<span id="{escape(a)}"></span>' for a in s["anchors"])
        if not s["kinds"]:
            parts.append(str(escape(s["text"])))
            continue
        kinds, title, text = escape(" ".join(s["kinds"])), escape(s["title"]), escape(s["text"])
        if s["href"]:
            parts.append(f'<a href="{escape(s["href"])}" class="{kinds}" title="{title}">{text}</a>')
        else:
            parts.append(f'<span class="{kinds}" title="{title}">{text}</span>')
    return Markup("".join(parts))
