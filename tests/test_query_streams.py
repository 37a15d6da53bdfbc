"""Reads of many rows come a batch at a time: commitments, the follow-up's, actors and stories beyond a page.

Each stream is read in batches small enough that the seeds take several,
and must give what one big batch gives, in the same order. Keyset streams
are shown to run a query per batch (statements counted); the commitments,
sorted once in one read, to hold a batch and not all the rows (memory
traced). The follow-up marks what it has taken up in the store instead of
holding a list of it.
"""

from __future__ import annotations

import json
import re
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from itertools import islice
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import Engine, delete, event, insert, select, update

from dyad import queries
from dyad.actors import Actor
from dyad.cli import main
from dyad.queries.paging import MAX_PAGE
from dyad.store import Store
from dyad.store.commitment_queries import StoredCommitment
from dyad.store.progress import TAKEN
from dyad.store.schema import analyses, commitments, documents, raw_inputs
from web_stores import SEEDS, seeds_db

needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not at {SEEDS}")


@pytest.fixture(scope="module")
def seeds(store_module_places: Callable[[], str | None]) -> Iterator[Store]:
    if not SEEDS.is_dir():
        pytest.skip(f"the seed corpus is not at {SEEDS}")
    with Store.open(seeds_db(store_module_places()), readonly=True) as store:
        yield store


@contextmanager
def selects(engine: Engine) -> Iterator[list[str]]:
    """Collect the SELECT statements run on an engine meanwhile."""
    seen: list[str] = []

    def note(_conn: object, _cursor: object, statement: str, *_: object) -> None:
        if statement.lstrip().upper().startswith("SELECT"):
            seen.append(statement)

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", note)


def _paged(engine: Engine, stream: Callable[[int], Iterator[object]], batch: int = 2) -> list[object]:
    """Read a whole stream in small batches; check it took a query per batch and a first row took one query."""
    with selects(engine) as seen:
        rows = list(stream(batch))
    assert len(seen) == len(rows) // batch + 1  # one more query finds the last batch short
    with selects(engine) as seen:
        first = list(islice(stream(batch), 1))
    assert first == rows[:1] and len(seen) == 1  # nothing past the first batch was read
    return rows


@needs_seeds
def test_commitments_listing_comes_a_batch_per_query_in_the_order_made(seeds: Store) -> None:
    engine = seeds.engine
    whole = list(queries.commitments.listing(engine, copies=True, batch=1000))
    assert len(whole) >= 5 and list(queries.commitments.listing(engine, copies=True, batch=2)) == whole
    keys = [(c.commitment.made or "", c.document, c.commitment.start, c.id) for c in whole]
    assert keys == sorted(keys)  # undated first, then by day made, document and offset
    own = list(queries.commitments.listing(engine, batch=2))
    assert {c.id for c in own} <= {c.id for c in whole}
    for status in {c.status for c in own}:
        assert list(queries.commitments.listing(engine, status, batch=1)) == [c for c in own if c.status == status]


@needs_seeds
def test_the_commitments_to_follow_come_a_batch_per_query(seeds: Store) -> None:
    engine = seeds.engine
    whole = list(seeds.commitments_to_follow(batch=1000))
    assert list(seeds.commitments_to_follow(batch=1)) == whole
    keys = [(c.commitment.made or "", c.id) for c in whole]
    assert keys == sorted(keys) and {c.id for c in whole} == {c.id for c in queries.commitments.stream(engine)}


@needs_seeds
def test_actor_counts_stream_past_a_page_in_the_order_of_one_page(seeds: Store) -> None:
    engine = seeds.engine
    for kind in (None, "person", "state"):
        page = queries.actors.counts(engine, MAX_PAGE, kind)
        assert _paged(engine, lambda b, k=kind: queries.actors.stream_counts(engine, k, batch=b)) == page, kind
    mentions = [row.mentions for row in page]
    assert len(set(mentions)) > 1 and mentions == sorted(mentions, reverse=True)  # the keyset crosses counts


@needs_seeds
def test_stories_and_a_story_s_events_stream_as_typed_rows(seeds: Store) -> None:
    engine = seeds.engine
    page = queries.stories.page(engine, MAX_PAGE)
    assert _paged(engine, lambda b: queries.stories.listing(engine, batch=b)) == page and len(page) >= 3
    richest = max(page, key=lambda s: s.documents)
    head = queries.stories.head(engine, richest.id)
    assert isinstance(head, queries.stories.StoryHead)
    assert (head.id, head.title, head.first_date, head.last_date) == richest[:4]
    assert queries.stories.head(engine, "no-such-story") is None
    found = _paged(engine, lambda b: queries.stories.events(engine, richest.id, batch=b))
    assert len(found) >= 4 and all(isinstance(e, queries.events.EventRow) for e in found)
    docs = {d.id for d in seeds.story_documents(richest.id)}
    assert {e.document for e in found} <= docs
    assert found == [e for doc in sorted(docs) for e in queries.events.of_document(engine, doc)]


@needs_seeds
def test_judging_on_a_day_streams_the_commitments_it_judges(seeds: Store) -> None:
    from datetime import date

    from dyad.link.followup import statuses_as_of

    judged = statuses_as_of(seeds, date(2030, 1, 1))
    assert not isinstance(judged, list)  # a stream: the CLI holds the rows, the follow-up does not
    items = [item for item, _ in judged]
    assert items == list(queries.commitments.listing(seeds.engine))


NOW = datetime(2024, 5, 1, tzinfo=UTC)


def _analysed(store: Store, n: int) -> None:
    """Store n documents by hand, each analysed (not followed up) with one commitment, made on one of 90 days."""
    with store.engine.begin() as conn:
        conn.execute(insert(raw_inputs).values(sha256="r", source="s", location="s", size=1, kind="txt",
                                               ingested_at=NOW))
        conn.execute(insert(documents), [{"id": f"d{k}", "source": "s", "part": k, "text": "x", "content_hash": str(k),
                                          "raw_sha256": "r", "ingested_at": NOW} for k in range(n)])
        conn.execute(insert(analyses), [{"document": f"d{k}", "version": "v", "analysed_at": NOW} for k in range(n)])
        conn.execute(insert(commitments), [{
            "id": f"c{k}", "document": f"d{k}", "parties": '["JPN", "RUS"]', "action": "hold talks", "kind": "meeting",
            "made": f"201{k % 10}-0{1 + k % 9}", "start": 0, "end": 1, "status": "unknown", "status_evidence": "[]"}
            for k in range(n)])


def _peak(read: Callable[[], int]) -> tuple[int, int]:
    """Run a read; return what it returned and the most memory it held at once."""
    tracemalloc.start()
    try:
        return read(), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_commitments_are_read_a_batch_at_a_time_not_all_at_once(tmp_path: Path) -> None:
    with Store.open(str(tmp_path / "c.db")) as store:
        _analysed(store, 3000)
        streams: dict[str, Callable[[], Iterator[StoredCommitment]]] = {
            "listing": lambda: queries.commitments.listing(store.engine, batch=50),
            "to follow": lambda: store.commitments_to_follow(batch=50),
        }
        for name, stream in streams.items():
            made = [c.commitment.made for c in stream()]
            assert len(made) == 3000 and made == sorted(made), name
            held = _peak(lambda s=stream: len(list(s())))
            streamed = _peak(lambda s=stream: sum(1 for _ in s()))
            assert held[0] == streamed[0] == 3000 and streamed[1] < held[1] / 5, (name, held, streamed)


def test_a_follow_up_takes_up_what_it_has_not_seen_in_the_store(tmp_path: Path) -> None:
    """Taken up: marked, not listed; what a stopped one took is taken again; a re-analysis meanwhile stays unseen."""
    with Store.open(str(tmp_path / "f.db")) as store:
        engine = store.engine
        _analysed(store, 5)
        assert store.take_unfollowed() == 5 and queries.progress.unfollowed(engine) == 5
        assert store.take_unfollowed() == 5  # a follow-up that stopped before marking: the next takes them again
        with engine.begin() as conn:  # d0 is analysed again while the follow-up runs: a new row, not seen
            conn.execute(delete(analyses).where(analyses.c.document == "d0"))
            conn.execute(insert(analyses).values(document="d0", version="v", analysed_at=NOW))
        store.mark_followed()
        with engine.connect() as conn:
            left = conn.execute(select(analyses.c.document).where(analyses.c.followed_at.is_(None))).scalars().all()
            taken = conn.scalar(select(analyses.c.document).where(analyses.c.followed_at == TAKEN))
        assert left == ["d0"] and taken is None and queries.progress.unfollowed(engine) == 1
        with engine.begin() as conn:
            conn.execute(update(analyses).values(followed_at=NOW))
        assert store.take_unfollowed() == 0 and queries.progress.unfollowed(engine) == 0


def test_actors_list_gives_more_than_a_page_when_asked(tmp_path: Path) -> None:
    db = str(tmp_path / "a.db")
    many = [Actor(id=f"a{n:04d}", name=f"Actor {n}", kind="organisation") for n in range(MAX_PAGE + 120)]
    with Store.open(db) as store:
        store.add_actors(many)
        stored = len(list(store.iter_actors()))
    runner = CliRunner()

    def listed(*args: str) -> list[str]:
        result = runner.invoke(main, ["--db", db, "actors", "list", *args], env={"COLUMNS": "200"})
        assert result.exit_code == 0, result.output
        return re.findall(r"^│ (\S+)", result.output, flags=re.M)

    everyone = listed("-n", "0")
    assert len(everyone) == stored >= MAX_PAGE + 120 and len(set(everyone)) == stored
    assert listed("-n", str(MAX_PAGE + 50)) == everyone[: MAX_PAGE + 50]
    assert listed("-n", "7") == everyone[:7]
    assert listed("--kind", "organisation", "-n", "0") == [a for a in everyone if a.startswith("a")]
    assert runner.invoke(main, ["--db", db, "actors", "list", "-n", "-1"]).exit_code == 2


@needs_seeds
def test_exports_look_copies_up_a_batch_of_rows_at_a_time(seeds: Store) -> None:
    engine = seeds.engine
    events = list(queries.events.stream_all(engine))
    copies = queries.counts.copy_ids(engine, {e.document for e in events})
    assert copies and any(e.document not in copies for e in events)
    for batch in (1, 7, 1000):
        paired = list(queries.counts.with_copies(engine, events, batch))
        assert [e for e, _ in paired] == events
        assert all((e.document in found) == (e.document in copies) for e, found in paired)
        assert max(len(found) for _, found in paired) <= batch  # the copies of one batch's documents at most


@needs_seeds
def test_stories_cli_lists_all_when_asked() -> None:
    runner, db = CliRunner(), seeds_db()
    every = runner.invoke(main, ["--db", db, "stories", "-n", "0", "--json"])
    one_page = runner.invoke(main, ["--db", db, "stories", "-n", str(MAX_PAGE), "--json"])
    assert every.exit_code == 0 and every.output == one_page.output and len(json.loads(every.output)) >= 3
    first = runner.invoke(main, ["--db", db, "stories", "-n", "1", "--json"])
    assert json.loads(first.output) == json.loads(every.output)[:1]
