"""Meetings in real news's constructions, in articles written for these tests (issue 25).

Each construction has its near misses: sentences that look alike and must
not give the same answer.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import dyad
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


def test_a_year_less_day_takes_the_one_fitting_year_the_report_names() -> None:
    # Blinken and Teodoro were in office together on 30 July of 2023 and of 2024: the report's "FY 2024" chooses
    text = (
        "On July 30, Secretary of State Antony Blinken and Secretary of National Defense Gilberto Teodoro "
        "held talks in Manila.\n\n"
        "They pledged funds from the FY 2024 budget for new patrol boats."
    )
    (meeting,) = _held(_meetings(text, None))
    assert meeting.date == "2024-07-30"


def test_a_year_less_day_stays_open_when_the_report_names_no_fitting_year_or_both() -> None:
    base = (
        "On July 30, Secretary of State Antony Blinken and Secretary of National Defense Gilberto Teodoro "
        "held talks in Manila.\n\n"
    )
    for tail in ("They pledged funds for new patrol boats.",
                 "They recalled the treaty of 1951.",
                 "Funds from the 2023 and 2024 budgets were pledged."):
        (meeting,) = _held(_meetings(base + tail, None))
        assert meeting.date is None, tail


def test_years_named_are_years_not_amounts() -> None:
    from dyad.extract.meeting_years import years_named

    assert years_named("the FY 2024 act, signed in 2023; 2,024 troops; 2024.5 tonnes; 20245 units; $2020") == {
        2023, 2024}


def _call_status(tmp_path: Path, later: str) -> str:
    """Ingest a promised courtesy call, then a later report, and return the promise's status."""
    promise = {"title": "Ministers to visit Manila", "published": "2024-07-28", "publisher": "Test Wire",
               "text": "Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin are scheduled "
                       "to pay a courtesy call on President Ferdinand Marcos Jr. during their visit to Manila."}
    report = {"title": "Talks in Manila", "published": "2024-07-30", "publisher": "Test Wire", "text": later}
    tmp_path.mkdir()
    for name, item in (("a.jsonl", promise), ("b.jsonl", report)):
        (tmp_path / name).write_text(json.dumps(item) + "\n")
    db = tmp_path / "call.db"
    dyad.ingest([str(tmp_path / "a.jsonl"), str(tmp_path / "b.jsonl")], str(db))
    with dyad.open(str(db)) as store:
        statuses = [c["status"] for c in store.iter_commitments() if "courtesy call" in c["action"]]
    assert len(statuses) == 1
    return str(statuses[0])


def test_a_courtesy_call_on_a_named_host_is_kept_only_by_a_meeting_with_the_host(tmp_path: Path) -> None:
    other = ("Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin held talks with "
             "Foreign Secretary Enrique Manalo in Manila on Tuesday.")
    assert _call_status(tmp_path / "other", other) != "fulfilled"
    host = ("Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin met "
            "President Ferdinand Marcos Jr. in Manila on Tuesday.")
    assert _call_status(tmp_path / "host", host) == "fulfilled"
