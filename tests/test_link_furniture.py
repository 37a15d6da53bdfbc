"""A passage shared by many pages is furniture: it makes no candidates; shared by a few, it does."""

from __future__ import annotations

from pathlib import Path

from dyad.link.duplicates import fingerprint
from dyad.link.run import PASSAGE_MOST, candidates, link_documents
from dyad.store import Store
from link_texts import CHILE, NORWAY
from link_texts import linked_doc as _doc


def _own(n: int) -> str:
    """A paragraph of page n's own: numbers no other page has."""
    return " ".join(f"Line {n} item {n * k + 3} of the record {k * 17 + n} ends here." for k in range(1, 8))


def _candidates_of_new_page(tmp_path: Path, sharing: int, passage: str) -> tuple[list[str], set[str]]:
    with Store.open(str(tmp_path / f"f{sharing}.db")) as store:
        items = [_doc(n, f"{_own(n)}\n\n{passage}", "2019-05-01", publisher=f"Site {n}") for n in range(sharing)]
        store.add_batch(items)
        link_documents(store, [d.id for _, docs in items for d in docs], None)
        new = _doc(9999, f"{_own(9999)}\n\n{passage}", "2019-05-02", publisher="Late Site")
        store.add_batch([new])
        doc = new[1][0]
        found = candidates(store, [doc.id], {doc.id: fingerprint(doc.text)})[doc.id]
        return found, {d.id for _, docs in items for d in docs}


def test_a_passage_on_a_few_pages_makes_them_candidates(tmp_path: Path) -> None:
    found, sharing = _candidates_of_new_page(tmp_path, 3, NORWAY)
    assert set(found) == sharing


def test_a_passage_on_more_pages_than_a_document_checks_makes_none(tmp_path: Path) -> None:
    found, sharing = _candidates_of_new_page(tmp_path, PASSAGE_MOST + 5, CHILE)
    assert found == [] and len(sharing) == PASSAGE_MOST + 5
