"""Meetings in real news's constructions, in articles written for these tests (issue 25).

Each construction has its near misses: sentences that look alike and must
not give the same answer.
"""

from __future__ import annotations

from datetime import date

from dyad.actors import load_dictionary
from dyad.analyze import analyze
from dyad.extract.meetings import find_meetings
from dyad.extract.resolve import resolve_mentions
from dyad.extract.timex import find_time_expressions
from dyad.model import Meeting


def _meetings(text: str, on: date | None, title: str | None = None) -> list[Meeting]:
    dictionary = load_dictionary()
    (doc,) = analyze([text])
    mentions, _ = resolve_mentions(doc, on, dictionary)
    return find_meetings(doc, mentions, find_time_expressions(text, on), on, dictionary, title=title)


def _held(meetings: list[Meeting]) -> list[Meeting]:
    return [m for m in meetings if m.status == "held"]


def test_an_earlier_round_dated_to_a_month_is_background() -> None:
    text = (
        "The foreign ministers of Chile and Peru held talks in Lima on Monday.\n\n"
        "The previous round of talks was held in March 2021 in Santiago."
    )
    found = _meetings(text, date(2022, 9, 14))
    assert [(m.place, m.status) for m in found] == [("Lima", "held"), ("Santiago", "background")]


def test_an_earlier_round_in_an_undated_report_is_background() -> None:
    text = (
        "Chile and Peru held a round of talks in Lima on Tuesday.\n\n"
        "The first round was held in May 2019 in Santiago."
    )
    found = _meetings(text, None)
    assert [m.status for m in found if m.place == "Santiago"] == ["background"]
    assert [m.place for m in _held(found)] == ["Lima"]


def test_an_earlier_round_dated_to_a_far_day_is_background() -> None:
    text = (
        "The foreign ministers of Chile and Peru held talks in Lima on Monday.\n\n"
        "Their last meeting took place in Santiago on 3 May 2021."
    )
    found = _meetings(text, date(2022, 9, 14))
    assert [(m.place, m.status) for m in found] == [("Lima", "held"), ("Santiago", "background")]


def test_a_second_meeting_of_the_same_days_stays_held() -> None:
    text = (
        "The foreign ministers of Chile and Peru held talks in Lima on Monday.\n\n"
        "On Tuesday the Chilean minister held a meeting with business leaders in Cusco."
    )
    found = _meetings(text, date(2022, 9, 14))
    assert all(m.status == "held" for m in found)
    assert "Cusco" in [m.place for m in found]
