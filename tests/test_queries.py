"""The query modules: typed rows, pages that cap and add up, streams that page in any batch size.

Read on the ingested seeds, on each engine; every listing of dyad.queries
is asked for more than a page and in small pages, and its rows must be the
same rows as one big page, in the same order.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dyad import queries
from dyad.queries.events import EventFilter
from dyad.store import Store
from web_stores import SEEDS, seeds_db

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not at {SEEDS}")


@pytest.fixture(scope="module")
def seeds(store_module_places: Callable[[], str | None]) -> Iterator[Store]:
    with Store.open(seeds_db(store_module_places()), readonly=True) as store:
        yield store


def _listings(store: Store) -> dict[str, Callable[[int, int], list[Any]]]:
    """Every paged listing, as a function of (limit, offset)."""
    engine = store.engine
    return {
        "events": lambda limit, offset: queries.events.page(engine, EventFilter(), limit, offset),
        "counted events": lambda limit, offset: queries.events.page(engine, EventFilter(counted=True), limit, offset),
        "events with evidence": lambda limit, offset: queries.events.page_with_evidence(
            engine, EventFilter(source="JPN"), limit, offset),
        "documents": lambda limit, offset: queries.documents.page(engine, None, limit, offset),
        "quotes": lambda limit, offset: queries.quotes.page(engine, None, None, limit, offset),
        "meetings": lambda limit, offset: queries.meetings.page(engine, None, limit, offset),
        "commitments": lambda limit, offset: queries.commitments.page(engine, None, limit, offset),
        "stories": lambda limit, offset: queries.stories.page(engine, limit, offset),
        "failures": lambda limit, offset: queries.progress.link_failures(engine, limit, offset),
    }


def test_small_pages_put_together_are_the_whole_listing(seeds: Store) -> None:
    for name, listing in _listings(seeds).items():
        whole = listing(500, 0)
        pieces = [row for offset in range(0, len(whole) + 3, 3) for row in listing(3, offset)]
        assert pieces == whole, name
        assert listing(3, len(whole)) == [], name
    assert len(queries.events.page(seeds.engine, EventFilter(), 500, 0)) >= 90  # the seeds give about 100


def test_no_listing_gives_more_than_a_page(seeds: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(queries.paging, "MAX_PAGE", 4)
    for name, listing in _listings(seeds).items():
        assert len(listing(10_000, 0)) <= 4, name
    assert len(queries.dyads.top(seeds.engine, 10_000)) <= 4
    assert len(queries.actors.counts(seeds.engine, 10_000)) == 4
    assert queries.paging.clamp(0, -5) == (1, 0) and queries.paging.clamp(10, 10**9) == (4, queries.paging.MAX_OFFSET)


def test_rows_are_typed_not_dicts(seeds: Store) -> None:
    engine = seeds.engine
    (event,) = queries.events.page(engine, EventFilter(), 1)
    assert isinstance(event, queries.events.EventRow) and event.id == event._asdict()["id"]
    (doc,) = queries.documents.latest(engine, 1)
    assert isinstance(doc, queries.documents.LatestRow)
    assert isinstance(queries.documents.page(engine, None, 1)[0], queries.documents.DocumentRow)
    (pair,) = queries.dyads.top(engine, 1)
    assert isinstance(pair, queries.dyads.DyadRow) and pair.events > 0
    totals = queries.dyads.totals(engine, pair.a, pair.b)
    assert totals.events == pair.events and sum(totals.by_quad_class.values()) == pair.events
    months = queries.dyads.months(engine, pair.a, pair.b)
    assert all(isinstance(m, queries.dyads.DyadMonth) for m in months) and sum(m.events for m in months) <= pair.events
    board = queries.commitments.page(engine, None, 500)
    assert board and all(isinstance(r.commitment.parties, list) for r in board)
    assert isinstance(queries.counts.records(engine), queries.counts.RecordCounts)


def test_streams_give_the_same_rows_in_any_batch_size(seeds: Store) -> None:
    engine = seeds.engine
    stories = list(queries.stories.stream(engine))
    assert list(queries.stories.stream(engine, batch=1)) == stories and len(stories) >= 3
    assert [s.story for s in stories] == queries.stories.page(engine, 500)  # latest first, as the listing
    for story, ids in stories:
        assert ids == [d.id for d in seeds.story_documents(story.id)]  # earliest first
    commitments = list(queries.commitments.stream(engine))
    assert list(queries.commitments.stream(engine, batch=1)) == commitments and len(commitments) >= 2
    meetings = list(queries.meetings.stream(engine))
    assert list(queries.meetings.stream(engine, batch=1)) == meetings and len(meetings) == queries.meetings.count(engine)
    assert {a.id for a in queries.actors.aliases(engine)} == {a.id for a in seeds.iter_actors()}


def test_commitments_by_status_count_those_the_board_counts(seeds: Store) -> None:
    engine = seeds.engine
    by_status = queries.commitments.by_status(engine)
    assert by_status == Counter(c.status for c in queries.commitments.listing(seeds.engine))
    assert sum(by_status.values()) == queries.commitments.count(engine) == queries.counts.records(engine).commitments
    for status, n in by_status.items():
        assert queries.commitments.count(engine, status) == n


def test_the_driver_reads_give_rows_or_dicts_of_the_same_values(seeds: Store) -> None:
    from dyad.queries.events import EventRow, _listing
    from dyad.store.engine import read_dicts, read_rows

    shape, params = EventFilter(root="04").bound()
    values = {**params, "limit": 5, "offset": 0, "reach": 5}
    rows = read_rows(seeds.engine, _listing(shape), values)
    assert rows and read_dicts(seeds.engine, _listing(shape), values) == [EventRow._make(r)._asdict() for r in rows]


def test_a_page_with_evidence_is_the_page_with_each_events_words_and_copy_flag(seeds: Store) -> None:
    """The same rows in the same order as `page`, for each kind of filter, with the words each event was read from."""
    engine = seeds.engine
    texts: dict[str, Any] = {}
    someone = next(row.source_actor for row in queries.events.page(engine, EventFilter(), 50) if row.source_actor)
    for where in (EventFilter(), EventFilter(source="JPN"), EventFilter(dyad=("JPN", "RUS")),
                  EventFilter(source="RUSGOV"), EventFilter(actor=someone), EventFilter(counted=True)):
        plain = queries.events.page(engine, where, 40, 2)
        found = queries.events.page_with_evidence(engine, where, 40, 2)
        assert [row for row, _ in found] == plain and plain, where
        for row, said in found:
            if row.document not in texts:
                texts[row.document] = queries.documents.whole(engine, row.document)
            doc = texts[row.document]
            assert said.text == doc.text[row.start:row.end] and said.copy == (doc.duplicate_of is not None)
    copies = [said for row, said in queries.events.page_with_evidence(engine, EventFilter(), 500) if said.copy]
    assert copies  # the seeds hold a syndicated copy, whose events are marked as a copy's
