"""Meetings and stories across outlets and years, from multi-document sets written for these tests.

tests/fixtures/meetings holds two outlets' reports of each of: Norway and
Chile's foreign ministers meeting in Oslo in 2019, the same two meeting in
Oslo again in 2021 (one report undated), and two different meetings in
Nairobi three weeks apart (the second also reported by an undated note), and
a preview of talks in Lima giving another day than the one they were held
(the same meeting: one record).
"""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import pytest

import dyad
from dyad import queries
from dyad.link.meetings import merge_meetings

FIXTURES = Path(__file__).parent / "fixtures" / "meetings"


@pytest.fixture(scope="module")
def meetings_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("meetings") / "meetings.db")
    assert dyad.ingest([str(FIXTURES)], db).ok
    return db


def _stories(db: str) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    with dyad.open(db) as store:
        for doc in store.iter_documents():
            assert doc.story is not None
            groups[doc.story].add(doc.source.rsplit("/", 1)[-1])
    return {frozenset(g) for g in groups.values()}


def test_each_meeting_is_one_story_and_no_two_meetings_share_one(meetings_db: str) -> None:
    assert _stories(meetings_db) == {
        frozenset({"norway-chile-talks", "chile-norway-oceans"}),
        frozenset({"norway-chile-again", "antarctic-logistics-accord"}),
        frozenset({"kenya-ethiopia-defence", "border-liaison-officers"}),
        frozenset({"kenya-somalia-trade", "khat-flights-resume", "khat-border-talks"}),
        frozenset({"peru-chile-talks-ahead", "peru-chile-water"}),
    }


_MEETINGS = [("2019-03-12", "Oslo", 2), ("2021-05-20", "Oslo", 2),
             ("2022-06-01", "Nairobi", 2), ("2022-06-22", "Nairobi", 3), ("2022-09-13", "Lima", 1)]


def test_reports_merge_into_one_meeting_each(meetings_db: str) -> None:
    with dyad.open(meetings_db) as store:
        found = [(m, d.id) for d in store.iter_documents() for m in store.meetings_of(d.id)]
    merged = sorted((m.date, m.place, len(m.documents)) for m in merge_meetings(found))
    assert merged == _MEETINGS


def test_linking_stores_one_record_per_meeting_as_the_merge_finds_them(meetings_db: str) -> None:
    """The same pair two years apart, and one city three weeks apart, are different records."""
    with dyad.open(meetings_db) as store:
        records = list(queries.meetings.stream(store.engine))
        assert queries.counts.records(store.engine)._asdict()["meetings"] == len(records) == len(_MEETINGS)
        assert store.link_meetings() == 0  # every report is in its record
    assert all(r.status == "held" for r in records)
    held = sorted((r.date, r.place, len(r.documents)) for r in records)  # the Lima record also holds its preview
    assert held == [(d, p, n + (p == "Lima")) for d, p, n in _MEETINGS]
    oslo = [r for r in records if r.place == "Oslo"]
    assert len({frozenset(r.participants) for r in oslo}) == 1  # the same two ministers, in two records
    assert len({r.id for r in records}) == len(records)


def test_a_second_ingest_keeps_every_record_and_its_id(meetings_db: str, tmp_path: Path) -> None:
    with dyad.open(meetings_db) as store:
        before = list(queries.meetings.stream(store.engine))
    assert dyad.ingest([str(FIXTURES)], meetings_db).ok
    with dyad.open(meetings_db) as store:
        assert list(queries.meetings.stream(store.engine)) == before
    # Ingested a file at a time, into a new store, the records are the same, ids and all:
    # each is named after the report that started it, and a later report joins it.
    db = str(tmp_path / "one_by_one.db")
    for path in sorted(FIXTURES.iterdir()):
        assert dyad.ingest([str(path)], db).ok
    with dyad.open(db) as store:
        one_by_one = list(queries.meetings.stream(store.engine))
    assert sorted((r.date, r.place, sorted(r.participants), len(r.documents)) for r in one_by_one) == sorted(
        (r.date, r.place, sorted(r.participants), len(r.documents)) for r in before)


def test_a_preview_with_another_day_is_the_meeting_held_and_joins_its_story(meetings_db: str) -> None:
    with dyad.open(meetings_db) as store:
        docs = {d.source.rsplit("/", 1)[-1]: d for d in store.iter_documents()}
        preview, held = docs["peru-chile-talks-ahead"], docs["peru-chile-water"]
        (record,) = queries.meetings.of_documents(store.engine, [held.id])
        assert queries.meetings.of_documents(store.engine, [preview.id]) == [record]
        (plan,) = store.plans_of(preview.id)
    assert plan.date == "2022-09-15"  # the preview's day, two days off
    assert (record.date, record.status, sorted(record.documents)) == ("2022-09-13", "held", sorted([held.id, preview.id]))
    assert preview.story == held.story


def test_a_preview_is_a_planned_meeting_on_the_day_it_gave(meetings_db: str) -> None:
    with dyad.open(meetings_db) as store:
        (doc,) = [d for d in store.iter_documents() if d.source.endswith("peru-chile-talks-ahead")]
        assert store.meetings_of(doc.id) == []
        (plan,) = store.plans_of(doc.id)
    assert (plan.status, plan.date, plan.place) == ("planned", "2022-09-15", "Lima")
    assert sorted(plan.participants) == ["new:ana_quispe", "new:luis_araya"]


def test_a_report_of_the_day_after_dates_the_meeting_by_its_yesterday(meetings_db: str) -> None:
    with dyad.open(meetings_db) as store:
        (doc,) = [d for d in store.iter_documents() if d.source.endswith("border-liaison-officers")]
        (meeting,) = store.meetings_of(doc.id)
    assert (doc.published.value if doc.published else None, meeting.date) == ("2022-06-02", "2022-06-01")
    assert meeting.place == "Nairobi"
    assert sorted(meeting.participants) == ["new:alemu_tesfaye", "new:joseph_kariuki"]


def test_meetings_of_documents_analysed_after_they_were_linked_get_their_records(tmp_path: Path) -> None:
    from dyad.settings import Settings

    db = str(tmp_path / "later.db")
    assert dyad.ingest([str(FIXTURES)], db, settings=Settings(analyse=False)).ok
    with dyad.open(db) as store:
        assert queries.meetings.count(store.engine) == 0 and all(d.story for d in store.iter_documents())
    assert dyad.ingest([str(FIXTURES)], db).ok  # analyses what the first run stored, already linked
    with dyad.open(db) as store:
        held = sorted((r.date, r.place) for r in queries.meetings.stream(store.engine) if r.status == "held")
    assert held == [(d, p) for d, p, _ in _MEETINGS]


@pytest.mark.parametrize("seed", [None, 1, 2])
def test_one_file_per_run_in_any_order_gives_the_same_stories(meetings_db: str, tmp_path: Path, seed: int | None) -> None:
    """An undated report finds its meeting's stored reports, and they find it, across runs."""
    files = sorted(FIXTURES.glob("*.jsonl"), reverse=seed is None)
    if seed is not None:
        random.Random(seed).shuffle(files)
    db = str(tmp_path / "one.db")
    for path in files:
        assert dyad.ingest([str(path)], db).ok
    assert _stories(db) == _stories(meetings_db)


UNDATED = Path(__file__).parent / "fixtures" / "undated"


@pytest.mark.parametrize("order", [(0, 1, 2), (1, 2, 0), (2, 1, 0)])
def test_an_undated_report_joins_its_meeting_s_story_whichever_run_stored_it(tmp_path: Path, order: tuple[int, ...]) -> None:
    """A dated wire report and an undated note of one meeting (no shared words) are one story, in any order.

    The note about another meeting of one of the same people stays apart.
    """
    files = sorted(UNDATED.glob("*.jsonl"))
    db = str(tmp_path / "undated.db")
    for index in order:
        assert dyad.ingest([str(files[index])], db).ok
    assert _stories(db) == {frozenset({"lavrov-wang-guilin", "russia-china-guilin"}),
                            frozenset({"lavrov-cavusoglu-antalya"})}
