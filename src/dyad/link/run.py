"""Link newly stored documents to the corpus: copies, citations, dates, stories, event counts.

Ingest calls `link_documents` after each batch with the ids it just stored.
For each new document, in the order they were stored:

    1. fingerprint it and find band-sharing documents (dyad.link.duplicates),
       deciding what it copies and who cites whom
    2. an undated document citing a dated one inherits its date (dyad.link.dates)
    3. choose its story (dyad.link.stories), then record its band keys, copy,
       citations and story in one transaction

then recount the events of every story it touched (dyad.link.merge). Only the
new documents and their candidates are read (the new ones' texts in one query
per READ_AHEAD, each candidate once per document), so the cost of linking one
document does not grow with the corpus. A document already in a story is
skipped, so a re-run changes nothing; one whose run was cut short is picked
up again on the next call with its id.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from dyad.actors import ActorDictionary
from dyad.link.dates import inherit_published, inherited
from dyad.link.duplicates import MAX_CANDIDATES, Link, Side, cached_shingles, decide, fingerprint
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
    todo = sorted((d for d in store.linked_documents(doc_ids, cites=False).values() if d.story is None),
                  key=lambda d: d.stored)
    run = _Run(store, dictionary, report)
    for start in range(0, len(todo), READ_AHEAD):
        chunk = todo[start : start + READ_AHEAD]
        texts = store.documents_by_id(d.id for d in chunk)  # one read per chunk, not per document
        for doc in chunk:
            if doc.id in texts:
                _link_one(run, doc, texts[doc.id])
    report.events_recounted = recount(store, report.touched)
    return report


# New documents whose text is read in one query; a straggler run passes up to
# 10,000 ids, whose texts together would not need to sit in memory at once.
READ_AHEAD = 500


@dataclass
class _Run:
    """One linking run: the store, and dates it gave documents (so reads made earlier stay true)."""

    store: Store
    dictionary: ActorDictionary | None
    report: LinkReport
    dated: dict[str, Published] = field(default_factory=dict)

    def published(self, document: Document) -> Published | None:
        """Return a document's date as it is now, counting dates this run gave it."""
        return self.dated.get(document.id, document.published)


def _link_one(run: _Run, doc: LinkedDoc, document: Document) -> None:
    """Link one new document: copies and citations, then its story."""
    found = fingerprint(document.text)
    rows = found.band_rows(doc.id)
    text, duplicate, cites = _link_texts(run, doc, document, found.shingles, rows)
    published = run.dated.get(doc.id)
    current = replace(doc, duplicate_of=duplicate or doc.duplicate_of)
    if published is not None:
        current = replace(current, published=published.value, precision=published.precision)
    story = choose_story(run.store, current, text)
    run.report.stories_new += run.store.save_links(doc.id, rows, duplicate, cites, story)
    run.report.touched.add(story)
    run.report.documents += 1


def _link_texts(
    run: _Run, doc: LinkedDoc, document: Document, found: frozenset[str], rows: list[dict[str, Any]]
) -> tuple[dict[str, float], str | None, list[tuple[str, str]]]:
    """Find a document's copies and citations; return its text similarity by id, its original and its cites.

    An undated document of a citing pair inherits its date here, before the
    story is chosen, so the story sees the date.
    """
    store = run.store
    counts = store.band_matches(doc.id, rows)
    ids = [other for other, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]]
    texts, linked = (store.documents_by_id(ids), store.linked_documents(ids, cites=False)) if ids else ({}, {})
    me = _side(run, document, doc, found)
    sides = [_side(run, texts[other], linked[other]) for other in ids if other in texts and other in linked]
    links = [link for side in sides if (link := decide(me, side)) is not None]
    duplicate = _original(links, linked)
    cites = [(link.document, link.other) for link in links if link.kind == "cites"]
    run.report.duplicates += duplicate is not None
    run.report.citations += len(cites)
    docs = {document.id: document, **texts}
    for citing, cited in cites:
        run.report.dated += _inherit(run, docs[citing], docs[cited], linked.get(citing))
    return _similarity(me, sides, links), duplicate, cites


def _side(run: _Run, document: Document, doc: LinkedDoc, found: frozenset[str] | None = None) -> Side:
    """Gather what the copy-and-citation decision needs of one document."""
    published = run.published(document)
    dated = published.value if published and published.precision != "monthday" else None
    return Side(doc.id, doc.source, doc.publisher, dated, doc.stored, document.text,
                found if found is not None else cached_shingles(document.text))


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


def _inherit(run: _Run, citing: Document, cited: Document, linked: LinkedDoc | None) -> bool:
    """Give an undated citing document the cited one's date, cut to the month; tell if it did.

    The documents were read by this run; `run.dated` holds the dates it gave
    since, so no document is read again. A document already in a story gets
    its story's dates refreshed, as the story's head no longer holds.
    """
    mine, theirs = run.published(citing), run.published(cited)
    if (mine is not None and mine.method != "inherited") or theirs is None:
        return False
    date: Published | None = inherited(theirs)
    if date is None or date == mine:
        return False
    if run.dictionary is None:
        run.store.set_published(citing.id, date)
    elif not inherit_published(run.store, citing.id, date, run.dictionary):
        return False
    run.dated[citing.id] = date
    if linked is not None and linked.story is not None:
        run.store.refresh_story(linked.story)
    return True
