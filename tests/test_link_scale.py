"""Linking stays cheap and right as the store grows: story heads, batched citations, boilerplate, memory."""

from __future__ import annotations

from pathlib import Path

from dyad import queries
from dyad.link.run import link_documents
from dyad.model import Document, RawItem
from dyad.store import Store
from dyad.store.links import BAND_MATCH_LIMIT
from link_texts import CHILE, FOOTER, NORWAY
from link_texts import linked_doc as _doc


def _add_and_link(store: Store, items: list[tuple[RawItem, list[Document]]]) -> None:
    store.add_batch(items)
    link_documents(store, [d.id for _, docs in items for d in docs], None)


def _head(store: Store, story: str) -> tuple[object, ...]:
    row = queries.stories.head(store.engine, story)
    assert row is not None
    return row.title, row.first_date, row.last_date


def test_story_head_follows_each_join_as_a_full_refresh_would(tmp_path: Path) -> None:
    """Copies joining one at a time, out of date order, leave the head a full re-read gives."""
    dates = ["2019-03-05", None, "2019-03-01", "2019-03-09", "2019-03", "2019-03-01"]
    with Store.open(str(tmp_path / "s.db")) as store:
        for n, published in enumerate(dates):
            _add_and_link(store, [_doc(n, f"{NORWAY} Edition {n}.", published, publisher=f"Outlet {n}")])
        docs = {d.title: d for d in store.iter_documents()}
        story = docs["Title 0"].story
        assert story is not None and {d.story for d in docs.values()} == {story}
        # the earliest sure day wins: 2019-03-01 (title 2 before title 5, stored first); "2019-03" may be the 31st
        assert _head(store, story) == ("Title 2", "2019-03-01", "2019-03")
        incremental = _head(store, story)
        store.refresh_story(story)
        assert _head(store, story) == incremental


def test_undated_story_keeps_its_first_stored_title(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "u.db")) as store:
        for n in range(3):
            _add_and_link(store, [_doc(n, f"{NORWAY} Edition {n}.", None, publisher=f"Outlet {n}")])
        story = next(store.iter_documents()).story
        assert story is not None
        assert _head(store, story) == ("Title 0", None, None)
        _add_and_link(store, [_doc(9, f"{NORWAY} Edition 9.", "2019-04-02", publisher="Late")])
        assert _head(store, story) == ("Title 9", "2019-04-02", "2019-04-02")


def test_one_document_citing_two_records_both_once(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "c.db")) as store:
        more = "\n\nMore on this story will follow as it develops later tonight in our live coverage."
        _add_and_link(store, [_doc(1, NORWAY + more, "2019-03-05", "Kyodo News"),
                              _doc(2, CHILE + more, "2019-03-06", "Reuters")])
        citing = f"Kyodo News reports:\n\n{NORWAY}\n\nReuters reports:\n\n{CHILE}\n\nOur own view follows."
        _add_and_link(store, [_doc(3, citing, "2019-03-08", "The Diplomat")])
        docs = {d.title: d for d in store.iter_documents()}
        assert sorted(docs["Title 3"].cites) == sorted([docs["Title 1"].id, docs["Title 2"].id])
        assert docs["Title 1"].cites == [] and docs["Title 2"].cites == []
        link_documents(store, [docs["Title 3"].id], None)  # already linked: nothing is added twice
        assert len(next(d for d in store.iter_documents() if d.title == "Title 3").cites) == 2


def test_shared_boilerplate_reads_a_bounded_number_of_matches(tmp_path: Path) -> None:
    """Pages sharing a footer match each other through it, but each look-up reads at most the cap per band."""
    with Store.open(str(tmp_path / "b.db")) as store:
        items = [_doc(n, f"Story number {n} about item {n * 7} in town {n * 13}.\n\n{FOOTER}", "2019-05-01",
                      publisher=f"Site {n % 3}") for n in range(BAND_MATCH_LIMIT + 50)]
        _add_and_link(store, items)
        new = _doc(999, f"Story number 999 about something else.\n\n{FOOTER}", "2019-05-02")
        store.add_batch([new])
        from dyad.link.duplicates import fingerprint

        doc = new[1][0]
        counts = store.band_matches(doc.id, fingerprint(doc.text).band_rows(doc.id))
        assert 0 < len(counts) <= BAND_MATCH_LIMIT * 2  # capped, though 250 pages share the footer
        assert doc.id not in counts


def _paragraphs(n: int, count: int) -> str:
    words = (NORWAY + " " + CHILE).split()
    return "\n\n".join(" ".join(words[(n * 7 + p * 11) % 40:][:20]) + f" ({n}.{p})" for p in range(count))


def test_band_lookups_do_not_fill_the_statement_cache(tmp_path: Path) -> None:
    """A look-up's statement depends on its document's paragraphs: caching each held ~1 MB and made memory grow."""
    with Store.open(str(tmp_path / "m.db")) as store:
        cache = store._engine._compiled_cache
        assert cache is not None
        _add_and_link(store, [_doc(n, _paragraphs(n, 2), "2019-03-05", f"O{n}") for n in range(3)])
        before = len(cache)
        _add_and_link(store, [_doc(n, _paragraphs(n, 2 + n % 12), "2019-03-05", f"O{n}") for n in range(3, 40)])
        assert len(cache) - before < 5  # the same few statements, not one per paragraph count
