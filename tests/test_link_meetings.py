"""Meetings and stories across outlets and years, from multi-document sets written for these tests.

tests/fixtures/meetings holds two outlets' reports of each of: Norway and
Chile's foreign ministers meeting in Oslo in 2019, the same two meeting in
Oslo again in 2021 (one report undated), and two different meetings in
Nairobi three weeks apart (the second also reported by an undated note), and
a preview of talks in Lima giving another day than the one they were held.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

import dyad
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


def test_reports_merge_into_one_meeting_each(meetings_db: str) -> None:
    with dyad.open(meetings_db) as store:
        found = [(m, d.id) for d in store.iter_documents() for m in store.meetings_of(d.id)]
    merged = sorted((m.date, m.place, len(m.documents)) for m in merge_meetings(found))
    assert merged == [("2019-03-12", "Oslo", 2), ("2021-05-20", "Oslo", 2),
                      ("2022-06-01", "Nairobi", 2), ("2022-06-22", "Nairobi", 3), ("2022-09-13", "Lima", 1)]


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
