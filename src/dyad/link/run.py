"""Link newly stored documents to the corpus: copies, citations, dates, stories, event counts.

Ingest calls `link_documents` after each batch with the ids it just stored.
They are linked BATCH at a time, in the order they were stored:

    1. fingerprint every document of the batch and read, in one look-up, the
       stored documents sharing any of their band keys; each document is also
       matched with the batch's earlier documents, in memory
    2. read the profiles (actors, meetings) of the batch's documents, and the
       story windows and meeting days they will ask about, at once
    3. for PART documents at a time, read their candidates' texts, linking
       fields and profiles; for each document in turn: decide what it copies and who cites whom
       (dyad.link.duplicates); an undated document citing a dated one
       inherits its date (dyad.link.dates); choose its story
       (dyad.link.stories), seeing the batch's earlier decisions in memory
    4. record the batch's band keys, copies, citations and stories in one
       transaction

then recount the events of the stories whose counts can have changed
(dyad.link.merge), and put the new meeting reports into the records of their
meetings (dyad.link.meeting_records). Only the new documents and their candidates are read, a
fixed number of queries per batch, so the cost of linking one document does
not grow with the corpus. A document already in a story is skipped, so a
re-run changes nothing; a batch whose run was cut short is picked up again on
the next call with its ids.

One document's linking that raises, or runs past LINK_SECONDS, costs that
document alone: it is recorded as failed, with the reason, in the batch's
write (dyad.store.progress), and the batch goes on. A batch that raises
outside any one document's part is linked again a document at a time, to
find the one at fault. Errors of the store itself are not a document's
fault: they stop the run, and the next one links what is left.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np
from sqlalchemy.exc import SQLAlchemyError

from dyad.actors import ActorDictionary
from dyad.budget import time_limit
from dyad.errors import StoreError, TimeBudgetError
from dyad.link.dates import inherit_published, inherited
from dyad.link.duplicates import (
    MAX_CANDIDATES,
    Fingerprint,
    Link,
    Side,
    decide,
    document_hashes,
    fingerprint,
    overlaps,
)
from dyad.link.merge import recount
from dyad.link.stories import (
    CITED_TEXT,
    Known,
    choose_story,
    meeting_days,
    meeting_people,
    plan_days,
    profiles,
    window_days,
)
from dyad.model import Published
from dyad.store import Store
from dyad.store.links import BAND_MATCH_LIMIT, BandKey, DocLinks, DocText, LinkedDoc


@dataclass
class LinkReport:
    """What one linking run found."""

    documents: int = 0
    duplicates: int = 0
    citations: int = 0
    dated: int = 0
    stories_new: int = 0
    events_recounted: int = 0
    meetings_new: int = 0
    touched: set[str] = field(default_factory=set)
    failed: list[tuple[LinkedDoc, str]] = field(default_factory=list)  # each with why its linking failed


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
    for start in range(0, len(todo), BATCH):
        _link_or_isolate(run, todo[start : start + BATCH])
    meetings = store.link_meeting_reports()  # every report not yet in a record (dyad.link.meeting_records)
    report.meetings_new = len(meetings.new)
    report.events_recounted = recount(store, run.stale | meetings.stories)
    return report


# Seconds one document's linking may take (its copies and citations, a
# re-analysis when it inherits a date, its story); it takes milliseconds, a
# re-analysis about a second. A document that hung spaCy in the re-analysis
# (long runs of quotation marks) stalled every later run, which tried it again.
LINK_SECONDS = 30.0
# Failures that are the store's, not a document's: they stop the run.
_STORE_ERRORS = (SQLAlchemyError, StoreError)


# Documents linked together: one band look-up and one write each. 200, as
# ingest's batch: a straggler run passes up to 10,000 ids, whose texts and
# candidates need not sit in memory at once.
BATCH = 200
# A batch's candidates' texts are read PART documents at a time: up to
# MAX_CANDIDATES each, so at most 2,500 texts (some 10 MB) are held at once,
# not the 10,000 of a whole batch in a store of many near-copies.
PART = 50
# Pages a paragraph key may be held by and still make candidates: as many as
# one document may check (MAX_CANDIDATES). A passage on more is furniture.
PASSAGE_MOST = MAX_CANDIDATES


@dataclass
class _Run:
    """One linking run: the store, what it read and decided, and dates it gave documents."""

    store: Store
    dictionary: ActorDictionary | None
    report: LinkReport
    dated: dict[str, Published] = field(default_factory=dict)
    known: Known = field(default_factory=Known)
    refresh: set[str] = field(default_factory=set)  # stories of re-dated documents, refreshed at the write
    stale: set[str] = field(default_factory=set)  # stories whose event counts may have changed

    def published(self, document: DocText) -> Published | None:
        """Return a document's date as it is now, counting dates this run gave it."""
        return self.dated.get(document.id, document.published)

    def redate(self, doc_id: str, date: Published) -> None:
        """Remember a date this run gave a document, and forget its profile if it was re-analysed."""
        self.dated[doc_id] = date
        if doc_id in self.known.docs:
            self.known.docs[doc_id] = replace(self.known.docs[doc_id], published=date.value, precision=date.precision)
        if self.dictionary is not None:
            self.known.features.pop(doc_id, None)


def _link_or_isolate(run: _Run, batch: list[LinkedDoc]) -> None:
    """Link a batch; if it raises outside any one document's part, link its documents one at a time."""
    try:
        _link_batch(run, batch)
    except _STORE_ERRORS:
        raise
    except Exception as exc:  # a bug on some document of the batch: find which, link the others
        if len(batch) == 1:
            run.store.mark_link_failed({batch[0].id: _reason(exc)})
            run.report.failed.append((batch[0], _reason(exc)))
            return
        for doc in batch:
            _link_or_isolate(run, [doc])


def _reason(exc: Exception) -> str:
    """Say why a document's linking failed, in words for `dyad report`."""
    if isinstance(exc, TimeBudgetError):
        return str(exc)
    return f"linking raised {type(exc).__name__}: {exc}; please report this"


def _link_batch(run: _Run, batch: list[LinkedDoc]) -> None:
    """Link a batch of new documents, each seeing the decisions of the ones before it; write them at once."""
    store = run.store
    texts = store.texts_by_id(d.id for d in batch)
    batch = [d for d in batch if d.id in texts]
    prints = {d.id: fingerprint(texts[d.id].text) for d in batch}
    run.known = Known({d.id: d for d in batch})  # per batch, so what it holds stays bounded
    found = candidates(store, [d.id for d in batch], prints)
    mine = profiles(store, batch, run.known)
    run.known.read_meeting_days(store, (day for profile in mine.values() for day in meeting_days(profile)))
    run.known.read_plan_days(store, (day for profile in mine.values() for day in plan_days(profile)))
    run.known.read_people(store, (person for profile in mine.values() for person in meeting_people(profile)))
    run.known.read_windows(store, (window_days(profile) for profile in mine.values()),
                           (actor for profile in mine.values() for actor in profile.actors))
    decided: list[DocLinks] = []
    failed: dict[str, str] = {}
    for start in range(0, len(batch), PART):
        part = batch[start : start + PART]
        others = {other for doc in part for other in found[doc.id]} - texts.keys()
        read = store.texts_by_id(others)
        profiles(store, run.known.linked(store, others).values(), run.known)  # read ahead: one query, not one each
        texts.update(read)
        for doc in part:
            links = _link_guarded(run, doc, texts[doc.id], prints[doc.id], found[doc.id], texts)
            if isinstance(links, DocLinks):
                decided.append(links)
            else:
                failed[doc.id] = links
        for other in read:
            del texts[other]
    # What the choices read is not needed to write them: let it go before the
    # write's own peak (the batch's largest, when it held both).
    merged, run.known = run.known.into, Known()
    del texts, found, mine
    with_events = store.documents_with_events(d.id for d in decided)
    changes = store.save_link_batch(decided, run.refresh, failed, with_events, merged)
    run.report.failed += [(doc, failed[doc.id]) for doc in batch if doc.id in failed]
    run.report.stories_new += len(changes.new)
    run.stale |= changes.stale
    run.refresh = set()


def candidates(store: Store, ids: list[str], prints: dict[str, Fingerprint]) -> dict[str, list[str]]:
    """List each document's band-sharing documents, most shared (level, band) pairs first, up to MAX_CANDIDATES.

    A document's candidates are stored documents and the batch's documents
    before it (`ids` is in storing order), as if each had been stored and
    linked alone. Paragraph keys held by more than BAND_MATCH_LIMIT
    documents are boilerplate and count for nothing.
    """
    lookup = store.band_documents(key for doc_id in ids for key in prints[doc_id].lookup_keys())
    # The batch's holders of each key so far, by (level, band), then by the
    # fingerprint's own key string: one id, or a list once a second holds it.
    # Most keys are one document's; a list for each of a batch's ~60,000
    # keys held 7 MB, and a (level, band, key) tuple for each 8 MB more.
    earlier: defaultdict[tuple[str, int], dict[str, str | list[str]]] = defaultdict(dict)
    found: dict[str, list[str]] = {}
    for doc_id in ids:
        shared: set[tuple[str, str, int]] = set()
        for key in prints[doc_id].lookup_keys():
            held = earlier[key[:2]]
            stored, batch = lookup.documents.get(key), held.get(key[2])
            if stored or batch:  # most keys are held by no one else: nothing to gather
                before = [batch] if isinstance(batch, str) else batch or []
                holders = _holders(key, stored or [], before, key in lookup.boilerplate)
                shared.update((other, key[0], key[1]) for other in holders if other != doc_id)
            if batch is None:
                held[key[2]] = doc_id
            elif isinstance(batch, str):
                held[key[2]] = [batch, doc_id]
            else:
                batch.append(doc_id)
        counts = Counter(other for other, _, _ in shared)
        found[doc_id] = [other for other, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]]
    return found


def _holders(key: BandKey, stored: list[str], batch: list[str], boilerplate: bool) -> list[str]:
    """Return who holds a key before this document, capped as the store caps a look-up.

    A paragraph key held by more than PASSAGE_MOST pages is a site's standard
    paragraph or an archive's recurring passage: furniture, not a list of
    candidates (a page made of such paragraphs had hundreds to compare).
    """
    if boilerplate:
        return []
    holders = stored + batch
    if len(holders) <= min(PASSAGE_MOST, BAND_MATCH_LIMIT):
        return holders
    pages = set(holders)  # pages, not rows: a page may repeat a paragraph
    if key[0] != "doc" and len(pages) > PASSAGE_MOST:
        return []
    if len(pages) <= BAND_MATCH_LIMIT:
        return holders
    # The store keeps a document key's first BAND_MATCH_LIMIT pages by id, so
    # the batch's holders are ranked among the stored ones the same way.
    return sorted(pages)[:BAND_MATCH_LIMIT] if key[0] == "doc" else []


def _link_guarded(
    run: _Run, doc: LinkedDoc, document: DocText, found: Fingerprint, ids: list[str], texts: dict[str, DocText]
) -> DocLinks | str:
    """Link one document within its time budget; return its links, or why it could not be linked."""
    try:
        with time_limit(LINK_SECONDS, "its linking"):
            return _link_one(run, doc, document, found, ids, texts)
    except _STORE_ERRORS:
        raise
    except Exception as exc:  # one document's bug or stall must not stop the batch
        return _reason(exc)


def _link_one(
    run: _Run, doc: LinkedDoc, document: DocText, found: Fingerprint, ids: list[str], texts: dict[str, DocText]
) -> DocLinks:
    """Link one new document: copies and citations, then its story, kept in memory until the batch is written."""
    text, duplicate, cites = _link_texts(run, doc, document, ids, texts)
    published = run.dated.get(doc.id)
    current = replace(doc, duplicate_of=duplicate or doc.duplicate_of)
    if published is not None:
        current = replace(current, published=published.value, precision=published.precision)
    choice = choose_story(run.store, current, text, run.known)
    run.known.tie(choice, doc.id)
    run.known.docs[doc.id] = replace(current, story=choice.story)
    run.report.touched.add(choice.story)
    run.report.documents += 1
    return DocLinks(doc.id, found.band_rows(doc.id), duplicate, cites, choice.story)


def _link_texts(
    run: _Run, doc: LinkedDoc, document: DocText, ids: list[str], texts: dict[str, DocText]
) -> tuple[dict[str, float], str | None, list[tuple[str, str]]]:
    """Find a document's copies and citations; return its text similarity by id, its original and its cites.

    An undated document of a citing pair inherits its date here, before the
    story is chosen, so the story sees the date.
    """
    linked = run.known.linked(run.store, ids)
    mine = document_hashes(doc.id, document.text)
    me = _side(run, document, doc, mine)
    others = [(texts[other], linked[other]) for other in ids if other in texts and other in linked]
    hashes = [document_hashes(other.id, text.text) for text, other in others]  # once each: the cache moves them up
    sides = [_side(run, text, other, found) for (text, other), found in zip(others, hashes, strict=True)]
    counts = overlaps(mine, hashes)
    shared = dict(zip([side.id for side in sides], counts, strict=True))
    links = [link for side in sides if (link := decide(me, side, shared[side.id])) is not None]
    duplicate = _original(links, linked)
    cites = [(link.document, link.other) for link in links if link.kind == "cites"]
    run.report.duplicates += duplicate is not None
    run.report.citations += len(cites)
    for citing, cited in cites:
        run.report.dated += _inherit(run, texts[citing], texts[cited], linked.get(citing))
    return _similarity(me, sides, links, shared), duplicate, cites


def _side(run: _Run, document: DocText, doc: LinkedDoc, hashes: np.ndarray) -> Side:
    """Gather what the copy-and-citation decision needs of one document, its shingles as hashes."""
    published = run.published(document)
    dated = published.value if published and published.precision != "monthday" else None
    return Side(doc.id, doc.source, doc.publisher, dated, doc.stored, document.text, hashes)


def _original(links: list[Link], linked: dict[str, LinkedDoc]) -> str | None:
    """Pick what a document copies: the closest copy's original, earliest stored on ties."""
    copies = [link for link in links if link.kind == "duplicate"]
    if not copies:
        return None
    best = min(copies, key=lambda link: (-link.jaccard, linked[link.other].stored))
    return linked[best.other].duplicate_of or best.other


def _similarity(me: Side, sides: list[Side], links: list[Link], shared: dict[str, int]) -> dict[str, float]:
    """Score text similarity to each candidate: the share of the smaller one's shingles in common.

    A copy scores 1 and a citation, either way, at least CITED_TEXT.
    """
    found = {
        side.id: shared[side.id] / min(len(me.shingles), len(side.shingles))
        for side in sides if len(me.shingles) and len(side.shingles)
    }
    for link in links:
        other = link.other if link.document == me.id else link.document
        found[other] = 1.0 if link.kind == "duplicate" else max(CITED_TEXT, found.get(other, 0.0))
    return found


def _inherit(run: _Run, citing: DocText, cited: DocText, linked: LinkedDoc | None) -> bool:
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
    run.redate(citing.id, date)
    if linked is not None and linked.story is not None:
        run.refresh.add(linked.story)  # its head no longer holds: recomputed when the batch is written
    return True
