"""Give an undated document the date of a document it re-quotes.

The cross-document stage finds that one document cites another (shared
passages, "RIA Novosti reports …"); when the citing document has no date of
its own, it inherits the cited one's, cut to the month, since a re-quoting
piece appears some days later. This is the hook that stage calls.
"""

from __future__ import annotations

from dataclasses import replace

from dyad.actors import ActorDictionary
from dyad.errors import StoreError
from dyad.ingest.document import may_analyse
from dyad.model import Published
from dyad.store import Store

# What a cited date is cut to: "2013-11-02" -> "2013-11".
_INHERITED_PRECISION = {"day": ("month", 7), "month": ("month", 7), "year": ("year", 4)}


def inherited(cited: Published) -> Published | None:
    """Return the date a citing document inherits from a cited one, or None if it has no year."""
    if cited.precision not in _INHERITED_PRECISION:
        return None
    precision, width = _INHERITED_PRECISION[cited.precision]
    return Published(cited.value[:width], precision, "inherited")


def inherit_published(store: Store, doc_id: str, published: Published, dictionary: ActorDictionary) -> bool:
    """Date an undated document and re-annotate it against that date; False if it had a date.

    Role descriptions ("the foreign minister") and relative dates depend on the
    date, so the document is analysed again, in one transaction with the new date.
    A document that ingest would not analyse (not English, too long: the same
    guards), or whose re-analysis fails, is dated without it.
    """
    document = store.get_document(doc_id)
    if document is None:
        raise StoreError(f"No document {doc_id} in the store; check the id with `dyad search`.")
    if document.published is not None and document.published.method != "inherited":
        return False
    if not may_analyse(document):
        store.set_published(doc_id, published)
        return True
    from dyad.extract.annotate import annotate_documents  # loads spaCy: only when re-analysing

    dated = replace(document, published=published)
    found, failed = annotate_documents([dated], dictionary)
    if failed:
        store.set_published(doc_id, published)
        return True
    annotations = found[doc_id]
    annotations.published = published
    store.replace_annotations([annotations])
    return True
