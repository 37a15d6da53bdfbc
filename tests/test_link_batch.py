"""Linking a batch at once: the same links as one document at a time; boilerplate paragraphs make no candidates."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from dyad import queries
from dyad.actors import Actor
from dyad.extract.annotate import Annotations
from dyad.link import run as link_run
from dyad.link import stories
from dyad.link.duplicates import (
    _HashCache,
    fingerprint,
    overlap,
    overlaps,
    shingle_hashes,
    shingles,
)
from dyad.link.run import link_documents
from dyad.link.stories import (
    MAX_WINDOW_CANDIDATES,
    MIN_SHARED_ACTORS,
    Known,
    candidates,
    profiles,
    sharing,
)
from dyad.model import Document, Mention, RawItem
from dyad.store import Store
from dyad.store import links as store_links
from dyad.store.links import LinkedDoc
from link_texts import CHILE, FOOTER, NORWAY
from link_texts import linked_doc as _doc


def _prose(seed: int, words: int) -> str:
    """Write text no other call shares a phrase with."""
    rng = random.Random(seed)
    return " ".join("".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(3))
                    for _ in range(words)) + "."


def _items() -> list[tuple[RawItem, list[Document]]]:
    """Copies, a re-quote naming its source (the undated one inherits a date), and unrelated pieces."""
    more = "\n\nMore on this story will follow as it develops later tonight in our live coverage."
    return [
        _doc(1, NORWAY + more, "2019-03-05", "Kyodo News"),
        _doc(2, f"{NORWAY} Edition two.", "2019-03-01", "Reuters"),  # a copy, dated earlier
        _doc(3, CHILE + more, "2019-03-06", "TASS"),
        _doc(4, f"Kyodo News reports:\n\n{NORWAY}\n\nOur own view follows. {_prose(4, 40)}", None, "The Diplomat"),
        _doc(5, _prose(5, 80), "2019-03-05", "Xinhua"),
        _doc(6, f"{CHILE} Edition six.", None, "Yonhap"),  # an undated copy
        _doc(7, f"{NORWAY} Edition seven.", "2019-03", "BBC News"),
    ]


def _linked(store: Store) -> dict[str, tuple[object, ...]]:
    """Describe every document's links by title, so two stores can be compared."""
    docs = list(store.iter_documents())
    title = {d.id: d.title for d in docs}
    story_members: dict[str | None, list[str]] = {}
    for d in docs:
        story_members.setdefault(d.story, []).append(str(d.title))
    found = {}
    for d in docs:
        head = queries.stories.head(store.engine, d.story) if d.story else None
        found[str(d.title)] = (
            title.get(d.duplicate_of or ""), sorted(str(title[c]) for c in d.cites),
            d.published.value if d.published else None, sorted(story_members[d.story]),
            head and (head.title, head.first_date, head.last_date),
        )
    return found


def test_a_batch_links_as_its_documents_one_at_a_time(tmp_path: Path, store_url: str) -> None:
    """On each engine: one batch look-up, in-memory matching and one write give what linking one by one gives."""
    with Store.open(str(tmp_path / "one.db")) as one, Store.open(store_url) as batch:
        for item in _items():
            one.add_batch([item])
            link_documents(one, [item[1][0].id], None)
        batch.add_batch(_items())
        report = link_documents(batch, [d.id for _, docs in _items() for d in docs], None)
        assert (report.documents, report.duplicates, report.dated, report.stories_new) == (7, 1, 2, 3)
        assert _linked(batch) == _linked(one)
        found = _linked(batch)
        assert found["Title 7"][0] == "Title 2"  # a copy of a document of the same batch
        assert found["Title 4"][1:3] == (["Title 1", "Title 2"], "2019-03")  # cites the batch's earlier ones, inherits
        assert found["Title 6"][1:3] == (["Title 3"], "2019-03")
        assert found["Title 1"][3] == ["Title 1", "Title 2", "Title 4", "Title 7"]
        assert found["Title 1"][4] == ("Title 2", "2019-03-01", "2019-03")  # the head after all joins
        assert found["Title 5"][3] == ["Title 5"]


def test_a_batch_split_across_link_batches_links_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with Store.open(str(tmp_path / "a.db")) as whole, Store.open(str(tmp_path / "b.db")) as split:
        whole.add_batch(_items())
        link_documents(whole, [d.id for _, docs in _items() for d in docs], None)
        monkeypatch.setattr(link_run, "BATCH", 3)
        split.add_batch(_items())
        link_documents(split, [d.id for _, docs in _items() for d in docs], None)
        assert _linked(split) == _linked(whole)


def test_boilerplate_paragraphs_make_no_candidates(store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of many sources sharing a footer cite each other through it only until it is boilerplate."""
    monkeypatch.setattr(store_links, "BAND_MATCH_LIMIT", 4)
    monkeypatch.setattr(link_run, "BAND_MATCH_LIMIT", 4)
    with Store.open(store_url) as store:
        pages = [_doc(n, f"{_prose(n, 60)}\n\n{_prose(100 + n, 60)}\n\n{FOOTER}", "2019-05-01", f"Site {n}")
                 for n in range(10)]
        store.add_batch(pages[:3])
        link_documents(store, [d.id for _, docs in pages[:3] for d in docs], None)
        cites = {d.title: d.cites for d in store.iter_documents()}
        assert cites["Title 2"]  # three pages share the footer: it still reads as a re-quoted passage
        for page in pages[3:]:  # one at a time and in one batch alike
            store.add_batch([page])
        link_documents(store, [d.id for _, docs in pages[3:] for d in docs], None)
        cites = {d.title: d.cites for d in store.iter_documents()}
        assert all(not cites[f"Title {n}"] for n in range(5, 10))  # more than 4 hold it: boilerplate
        keys = fingerprint(pages[9][1][0].text).lookup_keys()
        lookup = store.band_documents(keys)
        assert lookup.boilerplate and all(key[0] == "para" for key in lookup.boilerplate)
        assert not lookup.boilerplate & lookup.documents.keys()


def test_a_paragraph_repeated_within_pages_is_boilerplate_by_pages_not_rows(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cap counts pages holding a paragraph, however often each repeats it, stored or in the batch alike.

    The store keeps one band row per page and paragraph; counting rows made
    three pages that each print a passage twice "boilerplate" once stored,
    while the same pages in one batch were counted as three, so where a run
    cut its batches changed the citations found.
    """
    monkeypatch.setattr(store_links, "BAND_MATCH_LIMIT", 4)
    monkeypatch.setattr(link_run, "BAND_MATCH_LIMIT", 4)
    pages = [_doc(n, f"{FOOTER}\n\n{_prose(n, 60)}\n\n{_prose(200 + n, 50)}\n\n{FOOTER}", "2019-05-01", f"Site {n}")
             for n in range(6)]
    ids = [d.id for _, docs in pages for d in docs]
    with Store.open(str(tmp_path / "a.db")) as whole, Store.open(str(tmp_path / "b.db")) as alone:
        whole.add_batch(pages)
        link_documents(whole, ids, None)
        for page in pages:
            alone.add_batch([page])
            link_documents(alone, [page[1][0].id], None)
        assert _linked(alone) == _linked(whole)
        cites = {d.title: d.cites for d in alone.iter_documents()}
        assert cites["Title 3"] and not cites["Title 5"]  # 4 earlier pages hold it: still a passage; 5 are too many
        footer_keys = {key for key in fingerprint(pages[5][1][0].text).lookup_keys() if key[0] == "para"}
        with Store.open(str(tmp_path / "c.db")) as four:
            four.add_batch(pages[:4])
            link_documents(four, ids[:4], None)
            assert not four.band_documents(footer_keys).boilerplate  # 8 rows, 4 pages
            four.add_batch(pages[4:5])
            link_documents(four, ids[4:5], None)
            assert four.band_documents(footer_keys).boilerplate  # 5 pages


def test_document_keys_past_the_cap_still_find_copies(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A text copied more often than the cap is still found a copy: document keys are capped, not skipped."""
    monkeypatch.setattr(store_links, "BAND_MATCH_LIMIT", 3)
    monkeypatch.setattr(link_run, "BAND_MATCH_LIMIT", 3)
    with Store.open(str(tmp_path / "c.db")) as store:
        items = [_doc(n, f"{NORWAY} {CHILE} Edition {n}.", "2019-03-05", f"Outlet {n}") for n in range(8)]
        for item in items:
            store.add_batch([item])
            link_documents(store, [item[1][0].id], None)
        docs = {d.title: d for d in store.iter_documents()}
        assert all(docs[f"Title {n}"].duplicate_of for n in range(1, 8))
        assert len({d.story for d in docs.values()}) == 1


def test_shingle_hashes_count_as_the_strings_do() -> None:
    texts = [NORWAY, CHILE, f"{NORWAY} {CHILE}", "three short words", "", FOOTER + " " + NORWAY[:120]]
    for a in texts:
        assert len(shingle_hashes(a)) == len(shingles(a))
        counts = overlaps(shingle_hashes(a), [shingle_hashes(b) for b in texts])
        assert counts == [len(shingles(a) & shingles(b)) for b in texts]
    assert overlap(shingles(NORWAY), shingles(NORWAY)) == overlap(shingle_hashes(NORWAY), shingle_hashes(NORWAY))
    assert overlaps(np.array([], dtype=np.int64), [shingle_hashes(NORWAY)]) == [0]


def test_shingle_hash_cache_stays_within_its_byte_budget() -> None:
    texts = {f"d{n}": _prose(n, 60 + 40 * (n % 5)) for n in range(40)}
    budget = sum(shingle_hashes(t).nbytes for t in list(texts.values())[:6])
    cache = _HashCache(budget)
    for doc_id, text in texts.items():
        assert np.array_equal(cache.get(doc_id, text), shingle_hashes(text))
        assert cache.held <= budget
    # the documents used last are the ones kept, and a hit is the array kept
    kept = cache.get("d39", texts["d39"])
    assert cache.get("d39", texts["d39"]) is kept
    cache.get("d0", texts["d0"])  # long gone: computed again, pushing out the oldest
    assert cache.held <= budget and "d0" in cache._arrays
    # one text larger than the whole budget is still returned, and held alone
    big = _prose(99, 2000)
    assert np.array_equal(cache.get("big", big), shingle_hashes(big))
    assert list(cache._arrays) == ["big"]


def test_window_candidates_are_the_documents_sharing_actors_nearby(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents of a busy fortnight with random casts: the window ranking is what a reading of every mention gives."""
    rng = random.Random(3)
    cast = [Actor(f"person_{k}", f"Person {k}", "person", "NOR", None, "NOR") for k in range(12)]
    dates = [f"2021-03-{day:02d}" for day in range(1, 29)] + ["2021-03", "2021-02", "2021", None]
    named: dict[str, tuple[str | None, set[str]]] = {}
    with Store.open(str(tmp_path / "w.db")) as store:
        for n in range(260):
            item = _doc(n, _prose(1000 + n, 30), rng.choice(dates))
            doc = item[1][0]
            actors = rng.sample(cast, rng.randrange(0, 5))
            mentions = [Mention(k, k + 3, "abc", a.id, "person", "name") for k, a in enumerate(actors)]
            mentions += [Mention(90, 93, "abc", None, "person", "new")]  # unresolved: never counted
            store.add_batch([item], {doc.id: Annotations(doc.id, mentions, actors=actors)})
            named[doc.id] = (doc.published.value if doc.published else None, {a.id for a in actors})
        known = Known()
        asked = 0
        for first, last in [("2021-03-03", "2021-03-17"), ("2021-02-22", "2021-03-08"), ("2021-03-20", "2021-04-03")]:
            for doc_id, (_, mine) in list(named.items())[:40]:
                window = known.window(store, first, last)
                assert window is not None
                got = sharing(window, mine, doc_id)
                counts = {
                    other: len(mine & theirs) for other, (published, theirs) in named.items()
                    if other != doc_id and published is not None
                    and (first <= published <= last or published == first[:7])
                }
                expected = sorted((-n, other) for other, n in counts.items() if n >= MIN_SHARED_ACTORS)
                assert got == [other for _, other in expected[:MAX_WINDOW_CANDIDATES]]
                # a window too busy to hold is ranked by the store, with the same answer
                assert got == store.documents_in_window(first, last, mine, doc_id, min_shared=MIN_SHARED_ACTORS,
                                                        limit=MAX_WINDOW_CANDIDATES)
                asked += bool(got)
            busy = len([p for p, _ in named.values() if p and (first <= p <= last or p == first[:7])])
            assert store.actors_in_window(first, last, busy) is not None
            assert store.actors_in_window(first, last, busy - 1) is None
        assert asked > 20  # the casts overlap enough for the comparison to mean something
        assert len(known.windows) == 3  # each window read once
        # read ahead for a batch, all windows at once: the same documents by actor; too busy ones None,
        # and windows past the budget left for the caller to read one by one
        spans = [*known.windows, ("2021-05-01", "2021-05-15")]

        def same(window: dict[str, list[str]] | None) -> dict[str, list[str]] | None:
            return None if window is None else {actor: sorted(docs) for actor, docs in window.items()}

        ahead = Known()
        ahead.read_windows(store, [*spans, None, spans[0]])
        assert {w: same(ahead.ahead[w]) for w in spans[:3]} == {w: same(known.windows[w]) for w in spans[:3]}
        assert ahead.ahead[spans[3]] == {} and all(ahead.ahead[w] for w in spans[:3])
        assert all(same(ahead.window(store, *w)) == same(known.windows[w]) for w in spans[:3]) and not ahead.windows
        # read for a batch's own actors only: what those documents ask is answered the same; a document
        # naming others (re-analysed once it inherited a date) has the windows read again for them
        few = {"person_0", "person_1", "person_2", "person_3"}
        narrow = Known()
        narrow.read_windows(store, spans, few)
        assert all(set(narrow.ahead[w] or {}) <= few for w in spans)
        for doc_id, (_, mine) in list(named.items())[:60]:
            for w in spans[:3]:
                window, full = narrow.window(store, *w, mine), known.windows[w]
                assert window is not None and full is not None
                assert sharing(window, mine, doc_id) == sharing(full, mine, doc_id)
        assert narrow.named is not None and narrow.named > few  # the casts name more than the four
        sizes = {w: len({d for docs in known.windows[w].values() for d in docs}) for w in spans[:3]}
        smallest = min(sizes, key=lambda w: sizes[w])
        # (documents naming no actor count too: a window's size is read from the store)
        size = len([p for p, _ in named.values() if p and (smallest[0] <= p <= smallest[1] or p == smallest[0][:7])])
        partial = store.actors_in_windows(spans[:3], 1_000, size)
        assert list(partial) == [smallest] and same(partial[smallest]) == same(known.windows[smallest])
        assert store.actors_in_windows(spans[:3], size - 1, 10_000)[smallest] is None
        # story candidates: the same whether windows are held or every one is too busy to hold
        docs = {d.id: d for d in store.linked_documents(list(named)[:60], cites=False).values()}
        held = {d: candidates(store, p, Known()) for d, p in profiles(store, docs.values()).items()}
        monkeypatch.setattr(stories, "WINDOW_MOST", 0)
        busy = {d: candidates(store, p, Known()) for d, p in profiles(store, docs.values()).items()}
        assert busy == held and sum(map(len, held.values())) > 60


def test_known_keeps_a_bounded_number_of_windows(monkeypatch: pytest.MonkeyPatch) -> None:
    reads: list[tuple[str, str]] = []

    class _Store:
        def actors_in_window(self, first: str, last: str, most: int, actors: object) -> dict[str, list[str]] | None:
            reads.append((first, last))
            return None if first == "d4" else {}  # d4: too busy to hold, and asked once all the same

    monkeypatch.setattr(stories, "WINDOWS_KEPT", 3)
    known = stories.Known()
    for day in [1, 2, 3, 1, 4, 4, 1, 2]:
        known.window(_Store(), f"d{day}", "z")  # type: ignore[arg-type]
    assert len(known.windows) == 3
    assert reads == [("d1", "z"), ("d2", "z"), ("d3", "z"), ("d4", "z"), ("d2", "z")]
    assert known.window(_Store(), "d4", "z") is None  # type: ignore[arg-type]


def test_documents_at_a_meeting_are_read_once_a_day_and_cut_the_same(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each document's meeting candidates: the first few other documents (by id) reporting a meeting that day."""
    from dyad.model import Meeting

    monkeypatch.setattr(stories, "MAX_WINDOW_CANDIDATES", 3)
    rng = random.Random(8)
    days = ["2021-03-01", "2021-03-02", "2021-03-03"]
    reported: dict[str, set[str]] = {}
    with Store.open(str(tmp_path / "m.db")) as store:
        for n in range(30):
            item = _doc(n, _prose(2000 + n, 30), "2021-03-02")
            doc = item[1][0]
            held = rng.sample(days, rng.randrange(0, 3))
            meetings = [Meeting(k, k + 5, day, rng.choice(["Oslo", None]), None, []) for k, day in enumerate(held)]
            store.add_batch([item], {doc.id: Annotations(doc.id, [], meetings=meetings)})
            reported[doc.id] = set(held)
        known = Known()
        for doc_id, held in reported.items():
            for day in held:
                others = sorted(d for d, hers in reported.items() if day in hers and d != doc_id)
                assert known.at_meeting(store, day, doc_id) == others[:3]
        assert set(known.meeting_days) == set(days)

        # Read ahead for a whole batch: one query for every day, the same answers, a day without meetings empty.
        asked: list[list[str]] = []
        read = store.documents_at_meetings
        monkeypatch.setattr(store, "documents_at_meetings", lambda d, n: asked.append(sorted(d)) or read(d, n))
        ahead = Known()
        ahead.read_meeting_days(store, [*days, "2021-04-01", days[0]])
        for doc_id, held in reported.items():
            for day in held:
                assert ahead.at_meeting(store, day, doc_id) == known.at_meeting(store, day, doc_id)
        assert ahead.at_meeting(store, "2021-04-01", "x") == []
        assert asked == [sorted([*days, "2021-04-01"])]


def test_document_keys_past_the_cap_give_the_same_candidates_however_batches_are_cut(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the cap a copy's candidates are the first documents by id, stored before its batch or in it alike.

    Storing order and id order differ (ids are hashes), so capping the batch's
    holders in storing order found other copies than linking one at a time.
    """
    monkeypatch.setattr(store_links, "BAND_MATCH_LIMIT", 3)
    monkeypatch.setattr(link_run, "BAND_MATCH_LIMIT", 3)
    items = [_doc(n, f"{CHILE} {NORWAY} Issue {n}.", "2020-04-20", f"Paper {n}") for n in range(9)]
    ids = [d.id for _, docs in items for d in docs]
    assert ids != sorted(ids)  # else both orders agree and this proves nothing
    prints = {d.id: fingerprint(d.text) for _, docs in items for d in docs}
    expected: dict[str, list[str]] = {}
    with Store.open(str(tmp_path / "a.db")) as alone, Store.open(str(tmp_path / "b.db")) as cut:
        for item, doc_id in zip(items, ids, strict=True):
            alone.add_batch([item])
            expected.update(link_run.candidates(alone, [doc_id], prints))
            link_documents(alone, [doc_id], None)
        cut.add_batch(items[:2])
        link_documents(cut, ids[:2], None)
        cut.add_batch(items[2:])
        found = link_run.candidates(cut, ids[2:], prints)
        assert found == {doc_id: expected[doc_id] for doc_id in ids[2:]}
        assert len(expected[ids[-1]]) < len(ids) - 1  # the cap left some earlier copies out


def _tied_items() -> list[tuple[RawItem, list[Document]]]:
    """Two unrelated reports of a day, a round-up quoting most of both, and a piece on something else."""
    roundup = f"{NORWAY}\n\nElsewhere in the region:\n\n{CHILE}\n\n{_prose(13, 30)}"
    return [_doc(11, f"{NORWAY}\n\n{_prose(11, 8)}", "2019-03-05", "Kyodo News"),
            _doc(12, f"{CHILE}\n\n{_prose(12, 8)}", "2019-03-05", "TASS"),
            _doc(13, roundup, "2019-03-05", "The Diplomat"),
            _doc(14, _prose(14, 80), "2019-03-05", "Xinhua")]


def _stories_by_title(store: Store) -> set[frozenset[str]]:
    groups: dict[str | None, set[str]] = {}
    for doc in store.iter_documents():
        groups.setdefault(doc.story, set()).add(str(doc.title))
    return {frozenset(g) for g in groups.values()}


@pytest.mark.parametrize("order", [(0, 1, 2, 3), (2, 0, 1, 3), (3, 1, 0, 2), (1, 3, 2, 0)])
def test_a_document_tied_to_two_stories_merges_them_whatever_the_order(store_url: str, order: tuple[int, ...]) -> None:
    """On each engine: the round-up scores as one story with each report; all three are one story, in any order."""
    items = _tied_items()
    with Store.open(store_url) as store:
        for index in order:
            store.add_batch([items[index]])
            link_documents(store, [items[index][1][0].id], None)
        assert _stories_by_title(store) == {frozenset({"Title 11", "Title 12", "Title 13"}), frozenset({"Title 14"})}
        (kept,) = {d.story for d in store.iter_documents() if d.title != "Title 14"}
        head = queries.stories.head(store.engine, kept)
        assert head is not None and head.first_date == "2019-03-05"
        assert len({d.story for d in store.iter_documents()}) == len(store.story_dates(
            [d.story for d in store.iter_documents() if d.story]))  # no story row left without documents


def _story_doc(doc_id: str, published: str | None, story: str | None) -> LinkedDoc:
    from datetime import UTC, datetime

    precision = "day" if published else None
    return LinkedDoc(doc_id, doc_id, 0, None, None, published, precision, story, None, (), datetime.now(UTC))


def test_stories_tied_by_one_document_merge_only_when_their_dates_agree(tmp_path: Path) -> None:
    """An undated piece scoring with reports of two leaders' meetings a year apart joins one and merges none."""
    from dyad.link.stories import choose_story
    from dyad.model import Meeting

    leaders = {"vladimir_putin": 1.0, "xi_jinping": 1.0, "RUS": 0.5, "CHN": 0.5}
    with Store.open(str(tmp_path / "apart.db")) as store:
        for nearby in ("2024-05-14", "2023-03-21"):
            known = Known()
            docs = [_story_doc("a", "2023-03-21", "story-a"), _story_doc("b", "2024-05-16", "story-b"),
                    _story_doc("c", nearby, "story-c"), _story_doc("new", None, None)]
            for doc in docs:
                known.docs[doc.id] = doc
                known.features[doc.id] = (leaders, [Meeting(0, 5, doc.published, None, "bilateral", list(leaders)[:2])])
            choice = choose_story(store, docs[-1], {"a": 0.9, "b": 0.8, "c": 0.7}, known)
            assert choice.story == "story-a"
            # "c" dated near "a" merges; "b", a year later, stays apart whatever it scores
            assert choice.merged == (() if nearby == "2024-05-14" else ("story-c",)), nearby
