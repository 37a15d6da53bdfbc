"""The web views: each reads the store and returns a plain dict.

The HTML page renders the dict and the JSON API returns it unchanged, so the
two cannot disagree (Datasette's way). Views never build HTML; article text
stays text until the template escapes it. A record that does not exist
raises Missing, which the app turns into a 404.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from typing import Any

from dyad.actors.find import find_actors
from dyad.errors import QueryError
from dyad.extract.events.cameo import QUAD_CLASSES, load_cameo
from dyad.link.compare import compare_story
from dyad.link.meetings import MergedMeeting
from dyad.queries import actors as actor_queries
from dyad.queries import commitments as commitment_queries
from dyad.queries import counts as count_queries
from dyad.queries import documents as document_queries
from dyad.queries import dyads as dyad_queries
from dyad.queries import events as event_queries
from dyad.queries import meetings as meeting_queries
from dyad.queries import quotes as quote_queries
from dyad.queries import stories as story_queries
from dyad.queries.dyads import DyadRow
from dyad.queries.events import EventFilter, EventRow
from dyad.store import Store
from dyad.store.annotation_rows import dyad_key
from dyad.store.counts import is_counted_event
from dyad.store.engine import Read, read_ahead
from dyad.web import charts
from dyad.web.highlight import Span, segments, snippet_parts
from dyad.web.labels import cameo_name, evidence_href
from dyad.web.recent import remembered
from dyad.web.story_table import story_table

SEARCH_LIMIT = 100
PUBLISHERS_TTL = 30.0  # seconds a read-only store keeps its publishers and actor names while its generation stands


class Missing(LookupError):
    """Report a record that is not in the store; the app answers 404."""


@functools.cache
def cameo_roots() -> list[dict[str, str]]:
    """List the twenty CAMEO roots with their names, for the events filter (once: every events page has it)."""
    return [{"root": c.code, "name": c.name} for c in load_cameo().roots()]


def home(store: Store) -> dict[str, Any]:
    """Say what is in the store: counts, latest stories and documents, top dyads (kept a while: dyad.web.recent)."""
    return remembered(store, "home", lambda: _home(store))  # type: ignore[no-any-return]


def _home(store: Store) -> dict[str, Any]:
    counts = count_queries.records(store.engine)
    return {
        "counts": counts._asdict(),
        "stories": [s._asdict() for s in story_queries.page(store.engine, 10)] if counts.stories else [],
        "documents": [d._asdict() for d in document_queries.latest(store.engine, 10)],
        "dyads": [_dyad_out(d) for d in dyad_queries.top(store.engine, 10)],
    }


def _dyad_out(row: DyadRow) -> dict[str, Any]:
    """Show a pair of states with its key ("JPN-RUS") for links."""
    return {**row._asdict(), "pair": f"{row.a}-{row.b}"}


def publishers(store: Store) -> list[str]:
    """List the publishers for a filter form: every events page shows them, so a read-only store keeps them
    PUBLISHERS_TTL seconds while its generation stands (Store.kept)."""
    return store.kept("publishers", PUBLISHERS_TTL, lambda: document_queries.publishers(store.engine))  # type: ignore[no-any-return]


def search(store: Store, query: str, limit: int) -> dict[str, Any]:
    """Find documents by words, and actors by any name, surname or near spelling of one.

    A query that cannot be read becomes a message, not an error page.
    """
    hits: list[dict[str, Any]] = []
    error = None
    if query.strip():
        try:
            found = store.search(query, limit=min(limit, SEARCH_LIMIT))
        except QueryError as exc:
            found, error = [], str(exc)
        hits = [{"id": h.id, "title": h.title, "publisher": h.publisher, "published": h.published,
                 "score": round(h.score, 3), "snippet": snippet_parts(h.snippet)} for h in found]
    aliases = store.kept("aliases", PUBLISHERS_TTL, lambda: list(actor_queries.aliases(store.engine))) if query.strip() else []
    people = find_actors(query, aliases) if query.strip() else []
    names = actor_queries.names(store.engine, [actor_id for actor_id, _ in people])
    return {"query": query, "hits": hits, "error": error,
            "actors": [{"id": actor_id, "name": names.get(actor_id, actor_id), "score": round(score, 1)}
                       for actor_id, score in people]}


def _event_label(row: dict[str, Any]) -> str:
    """Describe an event in a line: who, what, to whom, when."""
    who = row["source_code"] or row["source_actor"] or "?"
    whom = row["target_code"] or row["target_actor"] or "—"
    return f"{who} → {whom}: {row['cameo']} {cameo_name(row['cameo'])} ({row['modality']}, {row['date'] or 'undated'})"


def _event_out(event: EventRow, copies: set[str]) -> dict[str, Any]:
    """Show an event row with its CAMEO name, quad class name, dyad key and whether it counts."""
    row = event._asdict()
    source, target = event.source_code, event.target_code
    row["cameo_name"], row["quad_name"] = cameo_name(event.cameo), QUAD_CLASSES.get(event.quad_class)
    row["dyad"] = dyad_key(source[:3], target[:3]) if source and target else None
    row["counted"] = is_counted_event(row, copies)
    return row


def document(store: Store, doc_id: str, evidence: tuple[int, int] | None = None) -> dict[str, Any]:
    """Show a document with its actors, events, quotes and commitments marked in its text.

    `evidence` (start, end) is a span a link came for (a record's
    evidence): it is highlighted, and its first segment is the page's anchor.
    """
    with read_ahead(store.engine, _document_reads(doc_id)):
        return _document(store, doc_id, evidence)


def _document_reads(doc_id: str) -> list[Read]:
    """Name the reads a document page makes knowing only its id: made together (`read_ahead`), not one by one."""
    return [document_queries.whole_read(doc_id), event_queries.of_document_read(doc_id),
            quote_queries.of_document_read(doc_id), actor_queries.mentions_read(doc_id),
            commitment_queries.of_document_read(doc_id), meeting_queries.records_read([doc_id])]


def _document(store: Store, doc_id: str, evidence: tuple[int, int] | None) -> dict[str, Any]:
    """Build a document's page (`document`), its reads that need only its id already made."""
    doc = document_queries.whole(store.engine, doc_id)
    if doc is None:
        raise Missing(f"No document {doc_id!r} in this store.")
    copies = {doc.id} if doc.duplicate_of else set()
    found_events = [_event_out(r, copies) for r in event_queries.of_document(store.engine, doc_id)]
    found_quotes = quote_queries.of_document(store.engine, doc_id)
    found_mentions = actor_queries.mentions_in(store.engine, doc_id)
    promised = [c._asdict() for c in commitment_queries.of_document(store.engine, doc_id)]
    spans = [Span(m.start, m.end, "mention", f"{m.start}", f"{m.text}: {m.actor or 'unresolved'}",
                  f"/actors/{m.actor}" if m.actor else None) for m in found_mentions]
    spans += [Span(e["start"], e["end"], "event", e["id"], _event_label(e)) for e in found_events]
    spans += [Span(q.start, q.end, "quote", f"{q.start}-{q.end}",
                   f"{'quote' if q.direct else 'reported'}: {q.speaker or q.speaker_name or 'unknown speaker'}")
              for q in found_quotes]
    spans += [Span(c["start"], c["end"], "commitment", c["id"], f"{c['kind']}: {c['action']} ({c['status']})")
              for c in promised]
    shown = None
    if evidence is not None and 0 <= evidence[0] < evidence[1] <= len(doc.text):
        spans.append(Span(evidence[0], evidence[1], "evidence", "span", "the evidence you followed"))
        shown = {"start": evidence[0], "end": evidence[1], "text": doc.text[evidence[0]:evidence[1]]}
    published = doc.published
    return {
        "evidence": shown,
        "document": {
            "id": doc.id, "title": doc.title, "publisher": doc.publisher, "source": doc.source, "part": doc.part,
            "published": published.value if published else None,
            "published_method": published.method if published else None,
            "byline": doc.byline, "url": doc.url, "language": doc.language, "story": doc.story,
            "duplicate_of": doc.duplicate_of, "cites": list(doc.cites), "text": doc.text,
        },
        "segments": segments(doc.text, spans),
        "events": found_events,
        "quotes": [{"anchor": f"quote-{q.start}-{q.end}", "text": q.text, "direct": q.direct, "speaker": q.speaker,
                    "speaker_name": q.speaker_name} for q in found_quotes],
        "mentions": [{"text": m.text, "actor": m.actor, "kind": m.kind, "start": m.start, "end": m.end,
                      "used_by": m.used_by} for m in found_mentions],
        "commitments": promised,
        "meetings": _meetings_here(store, doc_id),
    }


def _meetings_here(store: Store, doc_id: str) -> list[dict[str, Any]]:
    """Show the meetings a document reports as their stored records, each with this document's evidence."""
    records = meeting_queries.of_documents(store.engine, [doc_id])
    reports = meeting_queries.reports(store.engine, [m.id for m in records])
    names = actor_queries.names(store.engine, [p for m in records for p in m.participants])
    return [{**_meeting_out(m), "names": [names.get(p, p) for p in m.participants],
             "evidence": [{**r._asdict(), "href": evidence_href(r.document, r.start, r.end)}
                          for r in reports.get(m.id, []) if r.document == doc_id]}
            for m in records]


def _meeting_out(meeting: MergedMeeting) -> dict[str, Any]:
    """Show a meeting the document reports as its stored record: merged with the other documents reporting it."""
    return {"id": meeting.id, "date": meeting.date, "place": meeting.place, "format": meeting.format,
            "status": meeting.status, "participants": list(meeting.participants), "documents": list(meeting.documents)}


def meeting_evidence(store: Store, found: list[dict[str, Any]]) -> dict[str, str]:
    """Give each meeting its reports' evidence (document, title, offsets, link) in place; return the titles by id."""
    reports = meeting_queries.reports(store.engine, [m["id"] for m in found])
    docs = store.linked_documents(d for m in found for d in m["documents"])
    titles = {doc_id: doc.title or doc_id for doc_id, doc in docs.items()}
    for meeting in found:
        meeting["evidence"] = [
            {**r._asdict(), "title": titles.get(r.document, r.document), "publisher": docs[r.document].publisher
             if r.document in docs else None, "href": evidence_href(r.document, r.start, r.end)}
            for r in reports.get(meeting["id"], [])]
    return titles


def _paged(rows: list[Any], limit: int, offset: int) -> dict[str, Any]:
    """Say where a page stands: rows were read one past the limit to tell whether another page follows."""
    return {"limit": limit, "offset": offset, "next_offset": offset + limit if len(rows) > limit else None,
            "previous_offset": max(0, offset - limit) if offset else None}


def documents(store: Store, publisher: str | None, limit: int, offset: int) -> dict[str, Any]:
    """List one page of documents, latest published first, with the publishers to filter by."""
    rows = document_queries.page(store.engine, publisher, limit=limit + 1, offset=offset)
    return {"filters": {"publisher": publisher or ""}, "documents": [r._asdict() for r in rows[:limit]],
            **_paged(rows, limit, offset), "publishers": publishers(store)}


def quotes(store: Store, speaker: str | None, direct: bool | None, limit: int, offset: int) -> dict[str, Any]:
    """List one page of quotes, each linked to its words highlighted in its document."""
    rows = quote_queries.page(store.engine, speaker, direct, limit=limit + 1, offset=offset)
    names = actor_queries.names(store.engine, [r.speaker for r in rows[:limit] if r.speaker])
    found = [{**r._asdict(), "speaker_label": names.get(r.speaker or "", r.speaker_name or "unknown speaker"),
              "href": evidence_href(r.document, r.start, r.end)} for r in rows[:limit]]
    return {"filters": {"speaker": speaker or "", "direct": "" if direct is None else str(int(direct))},
            "quotes": found, **_paged(rows, limit, offset)}


def meetings(store: Store, status: str | None, limit: int, offset: int) -> dict[str, Any]:
    """List one page of meeting records, latest first, each with its participants and its reports' evidence."""
    rows = meeting_queries.page(store.engine, status, limit=limit + 1, offset=offset)
    found = [_meeting_out(m) for m in rows[:limit]]
    titles = meeting_evidence(store, found)
    return {"filters": {"status": status or ""}, "meetings": found, "titles": titles,
            "names": actor_queries.names(store.engine, [p for m in found for p in m["participants"]]),
            **_paged(rows, limit, offset)}


def events(store: Store, where: EventFilter, query: dict[str, str], limit: int, offset: int) -> dict[str, Any]:
    """List one page of events matching the filters, with what the filter form needs."""
    found = event_queries.page_with_evidence(store.engine, where, limit=limit + 1, offset=offset)
    more = len(found) > limit
    copies = {r.document for r, said in found[:limit] if said.copy}
    return {
        "filters": query,
        "events": [{**_event_out(r, copies), "evidence": said.text} for r, said in found[:limit]],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if more else None,
        "previous_offset": max(0, offset - limit) if offset else None,
        "publishers": publishers(store),
        "roots": cameo_roots(),
    }


def dyad(store: Store, a: str, b: str) -> dict[str, Any]:
    """Show a dyad: monthly cooperation and conflict, with the meetings between the two (kept a while)."""
    return remembered(store, ("dyad", a, b), lambda: _dyad(store, a, b))  # type: ignore[no-any-return]


def _dyad(store: Store, a: str, b: str) -> dict[str, Any]:
    # The records are the same either way round (JPN-RUS, RUS-JPN): read once per pair and kept.
    found = remembered(store, ("dyad records", *sorted((a, b))), lambda: _dyad_records_ahead(store, a, b))
    return {
        "dyad": {"a": a, "b": b, "pair": f"{a}-{b}"},
        **found,
        "chart": charts.dyad_timeline(a, b, found["months"], found["meetings"]) if found["months"] else None,
    }


def _dyad_records_ahead(store: Store, a: str, b: str) -> dict[str, Any]:
    """Read a dyad's records with the reads that need only the pair made together (`read_ahead`)."""
    with read_ahead(store.engine, dyad_queries.pair_reads(a, b)):
        return _dyad_records(store, a, b)


def _dyad_records(store: Store, a: str, b: str) -> dict[str, Any]:
    """Read what a dyad's page shows in either direction: months, totals, meetings and their evidence."""
    quads = QUAD_CLASSES
    months: list[dict[str, Any]] = [{"month": m.month, "quad_class": m.quad_class, "events": m.events, "goldstein": m.goldstein,
               "quad_name": quads.get(m.quad_class)} for m in dyad_queries.months(store.engine, a, b)]
    found = [_meeting_out(m.meeting) for m in dyad_queries.meetings_of(store.engine, a, b)
             if not m.countries or {a, b} <= set(m.countries)]
    found.sort(key=lambda m: m["date"] or "")
    counted = dyad_queries.totals(store.engine, a, b)
    totals: dict[str, Any] = {"events": counted.events, "goldstein": counted.goldstein,
                              "by_quad_class": {QUAD_CLASSES[q]: counted.by_quad_class.get(q, 0) for q in QUAD_CLASSES}}
    # Events dated to a year or not at all count in the totals but have no month on the chart.
    totals["without_month"] = totals["events"] - sum(int(r["events"]) for r in months)
    titles = meeting_evidence(store, found)
    return {
        "months": months,
        "month_totals": _month_totals(months),
        "names": actor_queries.names(store.engine, [p for m in found for p in m["participants"]]),
        "titles": titles,
        "meetings": found,
        "totals": totals,
    }


def _month_totals(months: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Sum each month's rows over the quad classes: the numbers the chart's Goldstein bars draw."""
    totals: dict[str, dict[str, Any]] = {}
    for row in months:
        found = totals.get(row["month"])
        if found is None:
            found = totals[row["month"]] = {"events": 0, "goldstein": 0.0, "rows": 0}
        found["events"] += int(row["events"])
        found["rows"] += 1  # the table's rows of the month, which its total spans
        found["goldstein"] = round(found["goldstein"] + float(row["goldstein"]), 2)
    return totals


def dyads(store: Store, limit: int) -> dict[str, Any]:
    """List the country pairs with the most events (kept a while: the grouping reads every event)."""
    return remembered(store, ("dyads", limit),  # type: ignore[no-any-return]
                      lambda: {"dyads": [_dyad_out(d) for d in dyad_queries.top(store.engine, limit)]})


def stories(store: Store, limit: int) -> dict[str, Any]:
    """List stories, latest first."""
    return {"stories": [s._asdict() for s in story_queries.page(store.engine, limit)]}


def story(store: Store, story_id: str) -> dict[str, Any]:
    """Compare the outlets of a story side by side: a column each, a row per quote, claim or event.

    Places (whose name for a contested place each outlet uses) and tone
    (the mean Goldstein score of each outlet's events aimed at each side)
    come from `dyad.link.compare`, as `dyad compare` shows them.
    """
    head = story_queries.head(store.engine, story_id)
    if head is None:
        raise Missing(f"No story {story_id!r} in this store.")
    docs = [doc for linked in store.story_documents(story_id) if (doc := store.get_document(linked.id))]
    table = story_table(store, story_id, docs)
    leanings = compare_story(store, story_id)["outlets"]
    for column in table["columns"]:
        found = leanings.get(column["outlet"], {})
        column["places"], column["tone"] = found.get("places", []), found.get("tone", {})
    return {"story": {k: getattr(head, k) for k in ("id", "title", "first_date", "last_date")}, **table}


def commitments(store: Store, status: str | None, limit: int) -> dict[str, Any]:
    """Show commitments as a board, one column per status, each with its evidence."""
    found = commitment_queries.page(store.engine, status, limit=limit)
    rows = [{**r.commitment._asdict(), "document_title": r.document_title, "publisher": r.publisher} for r in found]
    names = actor_queries.names(store.engine, [p for r in rows for p in r["parties"]])
    board: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        row["party_names"] = [names.get(p, p) for p in row["parties"]]
        board[row["status"]].append(row)
    order = ("pending", "fulfilled", "fulfilled late", "overdue", "contradicted", "unknown")
    columns = {s: board.get(s, []) for s in order if s in board or not status}
    columns.update({s: r for s, r in board.items() if s not in columns})
    # Evidence ids name events, meetings or documents; documents get their titles and a link.
    docs = store.linked_documents(e for r in rows for e in r["status_evidence"])
    return {"status": status, "board": columns, "total": commitment_queries.count(store.engine, status), "shown": len(rows),
            "documents": {doc_id: doc.title for doc_id, doc in docs.items()}}


def actors(store: Store, kind: str | None, limit: int) -> dict[str, Any]:
    """List actors the documents mention, most mentioned first."""
    rows = actor_queries.counts(store.engine, limit=limit, kind=kind)
    return {"kind": kind, "actors": [{"id": a.id, "name": a.name, "kind": a.kind, "code": a.code,
                                      "country": a.country, "mentions": n, "documents": d} for a, n, d in rows]}


def actor(store: Store, actor_id: str, limit: int, offset: int) -> dict[str, Any]:
    """Show an actor: roles with dates, aliases, what they said, and where documents mention them."""
    found = store.get_actor(actor_id)
    if found is None:
        raise Missing(f"No actor {actor_id!r} in this store.")
    mentions = actor_queries.mention_page(store.engine, actor_id, limit=limit + 1, offset=offset)
    roles = [{"role": r.role, "country": r.country, "sector": r.sector,
              "start": r.start.isoformat() if r.start else None, "end": r.end.isoformat() if r.end else None}
             for r in found.roles]
    return {
        "actor": {"id": found.id, "name": found.name, "kind": found.kind, "country": found.country,
                  "sector": found.sector, "code": found.code, "aliases": list(found.aliases), "roles": roles},
        "mentions": [m._asdict() for m in mentions[:limit]],
        "quotes": [q._asdict() for q in quote_queries.of_actor(store.engine, actor_id, limit=20)],
        "limit": limit,
        "offset": offset,
        "next_offset": offset + limit if len(mentions) > limit else None,
        "previous_offset": max(0, offset - limit) if offset else None,
    }
