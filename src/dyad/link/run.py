"""Link newly stored documents to the corpus: copies, citations, dates, stories, event counts.

Ingest calls `link_documents` after each batch with the ids it just stored.
For each new document, in the order they were stored:

    1. fingerprint it and find band-sharing documents (dyad.link.duplicates);
       record its band keys, what it copies and who cites whom (one transaction)
    2. an undated document citing a dated one inherits its date (dyad.link.dates)
    3. put it into a story (dyad.link.stories; one transaction)

then recount the events of every story it touched (dyad.link.merge). Only the
new documents and their candidates are read, so the cost of linking one
document does not grow with the corpus. A document already in a story is
skipped, so a re-run changes nothing; one whose run was cut short is picked
up again on the next call with its id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from dyad.actors import ActorDictionary
from dyad.link.dates import inherit_published, inherited
from dyad.link.duplicates import MAX_CANDIDATES, Link, Side, decide, fingerprint, shingles
from dyad.link.merge import recount
from dyad.link.stories import CITED_TEXT, choose_story
from dyad.model import Document, Published
from dyad.store import Store
from dyad.store.links import LinkedDoc


@dataclass
class LinkReport:
    """What one linking run found."""

    documents: int = 0
    duplicates: int = 0
    citations: int = 0
    dated: int = 0
    stories_new: int = 0
    events_recounted: int = 0
    touched: set[str] = field(default_factory=set)


def link_documents(store: Store, doc_ids: Iterable[str], dictionary: ActorDictionary | None) -> LinkReport:
    """Link these stored documents to the rest of the store; skip those linked already.

    Args:
        store: a writable store holding the documents.
        doc_ids: ids of documents just stored (unknown ids are ignored).
        dictionary: the actor dictionary, to re-analyse a document that
            inherits a date; None (ingest without analysis) dates it only.

    Returns:
        A LinkReport with counts of what was found.
    """
    report = LinkReport()
    todo = [d for d in store.linked_documents(doc_ids).values() if d.story is None]
    for doc in sorted(todo, key=lambda d: d.stored):
        text = _link_texts(store, doc, dictionary, report)
        current = store.linked_documents([doc.id])[doc.id]
        story = choose_story(store, current, text)
        report.stories_new += store.get_story(story) is None
        store.join_story(doc.id, story)
        report.touched.add(story)
        report.documents += 1
    report.events_recounted = recount(store, report.touched)
    return report


def _link_texts(
    store: Store, doc: LinkedDoc, dictionary: ActorDictionary | None, report: LinkReport
) -> dict[str, float]:
    """Record a document's band keys, copies and citations; return its text similarity by id."""
    document = store.documents_by_id([doc.id])[doc.id]
    found = fingerprint(document.text)
    rows = found.band_rows(doc.id)
    counts = store.band_matches(doc.id, rows)
    ids = [other for other, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]]
    texts, linked = store.documents_by_id(ids), store.linked_documents(ids)
    me = _side(document, doc, found.shingles)
    sides = [_side(texts[other], linked[other]) for other in ids if other in texts]
    links = [link for side in sides if (link := decide(me, side)) is not None]
    duplicate = _original(links, linked)
    cites = [(link.document, link.other) for link in links if link.kind == "cites"]
    store.save_links(doc.id, rows, duplicate, cites)
    report.duplicates += duplicate is not None
    report.citations += len(cites)
    for citing, cited in cites:
        report.dated += _inherit(store, citing, cited, dictionary)
    return _similarity(me, sides, links)


def _side(document: Document, doc: LinkedDoc, found: frozenset[str] | None = None) -> Side:
    """Gather what the copy-and-citation decision needs of one document."""
    published = document.published
    dated = published.value if published and published.precision != "monthday" else None
    return Side(doc.id, doc.source, doc.publisher, dated, doc.stored, document.text,
                found if found is not None else shingles(document.text))


def _original(links: list[Link], linked: dict[str, LinkedDoc]) -> str | None:
    """Pick what a document copies: the closest copy's original, earliest stored on ties."""
    copies = [link for link in links if link.kind == "duplicate"]
    if not copies:
        return None
    best = min(copies, key=lambda link: (-link.jaccard, linked[link.other].stored))
    return linked[best.other].duplicate_of or best.other


def _similarity(me: Side, sides: list[Side], links: list[Link]) -> dict[str, float]:
    """Score text similarity to each candidate: the share of the smaller one's shingles in common.

    A copy scores 1 and a citation, either way, at least CITED_TEXT.
    """
    found = {
        side.id: len(me.shingles & side.shingles) / min(len(me.shingles), len(side.shingles))
        for side in sides if me.shingles and side.shingles
    }
    for link in links:
        other = link.other if link.document == me.id else link.document
        found[other] = 1.0 if link.kind == "duplicate" else max(CITED_TEXT, found.get(other, 0.0))
    return found


def _inherit(store: Store, citing: str, cited: str, dictionary: ActorDictionary | None) -> bool:
    """Give an undated citing document the cited one's date, cut to the month; tell if it did."""
    docs = store.documents_by_id([citing, cited])
    if citing not in docs or cited not in docs:
        return False
    mine, theirs = docs[citing].published, docs[cited].published
    if (mine is not None and mine.method != "inherited") or theirs is None:
        return False
    date: Published | None = inherited(theirs)
    if date is None or date == mine:
        return False
    if dictionary is None:
        store.set_published(citing, date)
        return True
    return inherit_published(store, citing, date, dictionary)
