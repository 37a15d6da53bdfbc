"""Lay a story's outlets side by side: one column per outlet, one row per thing said or done.

A row is one quote, one claim (reported speech) or one kind of event, and
its cells hold what each outlet carries of it: the real words, who said
them, the document and the offsets of the evidence. Rows are aligned
across outlets the way `dyad.link.compare` groups them: two quotes are one
when their speakers agree (or one is unknown) and at least QUOTE_OVERLAP of
the shorter one's word 4-grams are in the other, so a trimmed re-quote sits
on the row of its full form; events are one row per source, target and
CAMEO code. A row carried by one outlet alone says so, and each column
counts what its outlet alone carries and what it omits.

Copies are marked where they stand: a document that is a near copy of
another (`duplicate_of`), or that carries a wire agency's text (`agency`),
is tagged in its column's header and on every cell it fills, so a row that
two outlets "share" because one reprinted the other reads as one report.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from dyad.link.compare import QUOTE_OVERLAP, UNKNOWN_OUTLET, event_label
from dyad.model import Document
from dyad.queries import actors as actor_queries
from dyad.queries import stories as story_queries
from dyad.store import Store
from dyad.web.labels import cameo_name, evidence_href

KINDS = ("quote", "claim", "event")
_WORD = re.compile(r"\w+")


@dataclass
class Row:
    """One thing said or done, with what each outlet carries of it."""

    kind: str
    key: str  # the speaker (quotes, claims) or "SOURCE>TARGET CAMEO" (events)
    grams: frozenset[str] = frozenset()
    cells: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def _grams(text: str) -> frozenset[str]:
    """Cut a text into its word 4-grams, folded (a short text is one gram)."""
    words = _WORD.findall(text.casefold())
    return frozenset(" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3)))


def _same_words(speaker: str | None, grams: frozenset[str], row: Row) -> bool:
    """Tell whether words belong on a row: speakers agree (or one is unknown) and enough 4-grams are shared."""
    if speaker and row.key and speaker != row.key:
        return False
    return len(grams & row.grams) >= QUOTE_OVERLAP * min(len(grams), len(row.grams))


def story_table(store: Store, story_id: str, docs: list[Document]) -> dict[str, Any]:
    """Build the comparison of a story's documents: columns (outlets) and aligned rows.

    Args:
        store: the store the documents are in.
        story_id: the story, for its events.
        docs: the story's documents, earliest first (the first report of a
            quote gives its row's place).

    Returns:
        A dict: `columns`, one per outlet (its documents, each marked as a
        copy or a wire text where it is one, and how many rows it alone
        carries or omits, by kind) and `rows` (kind, who, and per outlet the
        instances: text, document, offsets, evidence link, copy mark).
    """
    by_id = {doc.id: doc for doc in docs}
    rows: list[Row] = []
    # Rows by (kind, 4-gram): words can only join a row they share a gram with,
    # so each quote is tested against those few, not every row of a long story.
    sharing: dict[tuple[str, str], list[int]] = defaultdict(list)
    for doc in docs:
        for quote in store.quotes_of(doc.id):
            kind, speaker = ("quote" if quote.direct else "claim"), quote.speaker or quote.speaker_name
            grams = _grams(quote.text)
            candidates = sorted({n for gram in grams for n in sharing[(kind, gram)]})  # first made first
            row = next((rows[n] for n in candidates if _same_words(speaker, grams, rows[n])), None)
            if row is None:
                row = Row(kind, speaker or "", grams)
                for gram in grams:
                    sharing[(kind, gram)].append(len(rows))
                rows.append(row)
            elif not row.key and speaker:
                row.key = speaker
            _add(row, doc, quote.start, quote.end, quote.text, speaker=quote.speaker_name)
    events: dict[str, Row] = {}
    for event in story_queries.events(store.engine, story_id):
        label, teller = event_label(event), by_id.get(event.document)
        if label is None or teller is None:
            continue
        row = events.setdefault(label, Row("event", label))
        _add(row, teller, event.start, event.end, teller.text[event.start:event.end],
             trigger=event.trigger, modality=event.modality, source=event.source_actor, target=event.target_actor)
    rows += events.values()
    outlets = sorted({_outlet(doc) for doc in docs})
    return {"columns": [_column(name, docs, rows) for name in outlets],
            "rows": _ordered(store, rows, len(outlets))}


def _outlet(doc: Document) -> str:
    return doc.publisher or UNKNOWN_OUTLET


def _copy_mark(doc: Document) -> str | None:
    """Say whose text a document carries when it is not its outlet's own: a near copy, or a wire agency's."""
    if doc.duplicate_of:
        return "copy"
    if doc.agency and doc.agency != doc.publisher:
        return f"wire: {doc.agency}"
    return None


def _add(row: Row, doc: Document, start: int, end: int, text: str, **more: Any) -> None:
    """Put one instance of a row's words or act in its outlet's cell."""
    cell = row.cells.setdefault(_outlet(doc), [])
    cell.append({
        "text": text, "document": doc.id, "title": doc.title, "start": start, "end": end,
        "href": evidence_href(doc.id, start, end), "copy_mark": _copy_mark(doc), "copy_of": doc.duplicate_of,
        # The same words again in this outlet (its copy of itself, or a second item): shown as a link only.
        "repeat": any(found["text"] == text for found in cell), **more,
    })


def _column(name: str, docs: list[Document], rows: list[Row]) -> dict[str, Any]:
    """Describe one outlet: its documents, and by kind what it alone carries and what it omits."""
    mine = [d for d in docs if _outlet(d) == name]
    alone = {k: sum(1 for r in rows if r.kind == k and set(r.cells) == {name}) for k in KINDS}
    omits = {k: sum(1 for r in rows if r.kind == k and name not in r.cells) for k in KINDS}
    return {
        "outlet": name,
        "documents": [{"id": d.id, "title": d.title, "published": d.published.value if d.published else None,
                       "copy_mark": _copy_mark(d), "copy_of": d.duplicate_of, "agency": d.agency} for d in mine],
        "alone": alone,
        "omits": omits,
        "carries": {k: sum(1 for r in rows if r.kind == k and name in r.cells) for k in KINDS},
    }


def _ordered(store: Store, rows: list[Row], outlets: int) -> list[dict[str, Any]]:
    """Order rows by kind, then those more outlets carry first; name their speakers and actors."""
    ids = [r.key for r in rows if r.kind != "event"]
    ids += [str(c[side]) for r in rows if r.kind == "event" for cell in r.cells.values() for c in cell
            for side in ("source", "target") if c.get(side)]
    ids += [code[:3] for r in rows if r.kind == "event" for code in _codes(r.key)]
    names = actor_queries.names(store.engine, sorted(set(ids)))
    ordered = sorted(rows, key=lambda r: (KINDS.index(r.kind), -len(r.cells)))
    return [_row_out(r, names, outlets) for r in ordered]


def _codes(label: str) -> tuple[str, str]:
    """Split an event row's key "JPNGOV>RUS 040" into its source and target codes."""
    pair = label.rsplit(" ", 1)[0]
    source, _, target = pair.partition(">")
    return source, target


def _coded(code: str, names: dict[str, str]) -> str:
    """Name an actor code by its country: "RUSMIL" -> "Russia (RUSMIL)"; a code of no known state stays."""
    name = names.get(code[:3])
    return f"{name} ({code})" if name and name != code else code


def _row_out(row: Row, names: dict[str, str], outlets: int) -> dict[str, Any]:
    """Give a row its heading: who said it, or who did what to whom."""
    out: dict[str, Any] = {"kind": row.kind, "outlets": row.cells,
                           "only": next(iter(row.cells)) if len(row.cells) == 1 and outlets > 1 else None}
    if row.kind == "event":
        source, target = _codes(row.key)
        cameo = row.key.rsplit(" ", 1)[1]
        out.update(key=row.key, cameo=cameo, cameo_name=cameo_name(cameo),
                   who=f"{_coded(source, names)} → {_coded(target, names)}")
        for cell in row.cells.values():
            for found in cell:
                found["source_name"] = names.get(found["source"] or "", found["source"])
                found["target_name"] = names.get(found["target"] or "", found["target"])
    else:
        out.update(speaker=row.key or None, who=names.get(row.key, row.key) or "unknown speaker")
    return out
