"""The rows of the events page's table, written here rather than in its template.

Fifty rows of seven cells, each cell a few attribute look-ups, tests and
escaping calls of Jinja's: 1.5-2 ms of an events page's 3-4 ms (at a
million events, nearly every events page is a first request). Here the
same HTML takes a fraction of that. Every value from the store still goes
through markupsafe's escaping, as in the template, and a test checks the
output equals what the template's loop wrote, hostile text included.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from markupsafe import Markup, escape

from dyad.store.counts import COUNTED_MODALITIES
from dyad.wording import count_of

# A character markupsafe's escape would change: values without one are written as they are.
_SPECIAL = re.compile(r"[&<>'\"]")
EVIDENCE_LENGTH = 280  # the evidence shown in a row, cut as Jinja's truncate(280) cuts it
_LEEWAY = 5  # Jinja's truncate.leeway: a text this much longer than the length is left whole
_EMPTY = '\n<tr><td colspan="7" class="empty">No events match these filters.</td></tr>\n'


def truncated(text: str, length: int = EVIDENCE_LENGTH) -> str:
    """Cut text as Jinja's `truncate` filter does: at the last space before length - 3, then '...'."""
    if len(text) <= length + _LEEWAY:
        return text
    return text[: length - 3].rsplit(" ", 1)[0] + "..."


def event_rows(found: Iterable[dict[str, Any]]) -> Markup:
    """Write events (the events view's dicts) as the <tr> rows of the events table, or its one row saying none."""
    rows = [_row(e) for e in found]
    return Markup("".join(rows) if rows else _EMPTY)


def _row(e: dict[str, Any]) -> str:
    """Write one event's row: the values escaped one by one only if their joined text holds a special character."""
    source_actor, target_actor, evidence = e["source_actor"], e["target_actor"], e["evidence"]
    values = tuple(map(str, (
        e["date"] or "undated", source_actor or "", e["source_code"] or source_actor or "?", target_actor or "",
        e["target_code"] or target_actor or "—", e["cameo"], e["cameo_name"], e["trigger"], e["dyad"] or "",
        truncated(evidence) if evidence else "", e["modality"], e["document"], e["document_title"] or e["document"],
        e["publisher"] or "")))
    if _SPECIAL.search("".join(values)):
        values = tuple(str(escape(value)) for value in values)
    date, source_id, source, target_id, target, cameo, name, trigger, dyad, said, modality, doc, title, publisher = values
    source_cell = f'<a href="/actors/{source_id}">{source}</a>' if source_actor else source
    target_cell = f'<a href="/actors/{target_id}">{target}</a>' if target_actor else target
    shown = (f' <a class="dyad" href="/dyads/{dyad}">{dyad}</a>' if e["dyad"] else "") + (
        f'<div class="said small">“{said}”</div>' if evidence else "")
    counted = "" if e["counted"] else (
        f'<div class="muted small">not counted{": a copy" if e["modality"] in COUNTED_MODALITIES else ""}</div>')
    reported = (f' · reported by {count_of(int(e["documents"] or 0), "document")} from '
                f'{count_of(int(e["publishers"] or 0), "publisher")}' if e["documents"] > 1 else "")
    return (f'\n<tr class="quad{e["quad_class"]}">\n  <td class="nowrap">{date}</td>\n  <td>{source_cell}</td>\n'
            f'  <td>{target_cell}</td>\n  <td><span class="code">{cameo}</span> {name} <span class="muted">“{trigger}”'
            f'</span>{shown}</td>\n  <td class="num">{e["goldstein"]:+.1f}</td>\n  <td>{modality}{counted}</td>\n'
            f'  <td><a href="/documents/{doc}?start={int(e["start"])}&amp;end={int(e["end"])}#evidence-span">{title}'
            f'</a><div class="muted">{publisher}{reported}</div></td>\n</tr>\n')
