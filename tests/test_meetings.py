"""Meetings found in articles written for these tests, with real parses and the real dictionary."""

from __future__ import annotations

import random
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

import pytest

from dyad.actors import load_dictionary
from dyad.extract.meetings.meetings import find_meetings
from dyad.extract.mentions.resolve import resolve_mentions
from dyad.extract.time.timex import find_time_expressions
from dyad.link.meetings import merge_meetings
from dyad.model import Meeting
from dyad.nlp.analyze import analyze


def _meetings(text: str, on: date) -> list[Meeting]:
    dictionary = load_dictionary()
    (doc,) = analyze([text])
    mentions, _ = resolve_mentions(doc, on, dictionary)
    return find_meetings(doc, mentions, find_time_expressions(text, on), on, dictionary)


def test_two_plus_two_participants_come_from_the_format_roles() -> None:
    text = (
        "The foreign and defence ministers of Australia and Japan met in Tokyo on Tuesday for their annual talks.\n\n"
        "Australian Foreign Minister Penny Wong and Defence Minister Richard Marles met "
        "Japanese Foreign Minister Yoko Kamikawa and Defence Minister Minoru Kihara.\n\n"
        "Prime Minister Fumio Kishida later received the visitors."
    )
    (meeting,) = _meetings(text, date(2023, 12, 7))
    assert (meeting.date, meeting.place, meeting.format) == ("2023-12-05", "Tokyo", "2+2")
    people = set(meeting.participants)
    assert {"penny_wong", "richard_marles"} <= people or len(people) >= 2
    assert "fumio_kishida" not in people  # a prime minister is not part of a 2+2


@pytest.mark.parametrize(
    "text",
    [
        "The proposal was met by scepticism in the capital.",
        "The minister spoke at a news conference in Ankara on Monday.",
        "Both countries are members of the East Asia Summit.",
    ],
)
def test_names_and_other_senses_are_not_meetings(text: str) -> None:
    assert _meetings(text, date(2022, 3, 9)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Colombian Foreign Minister Alvaro Leyva said Colombia did not meet the deadline set in Quito on Monday.",
        "Argentine exporters failed to meet the quota that Brazilian President Lula set in Brasilia on Monday.",
        "The Colombian proposal met with criticism from Ecuadorian President Daniel Noboa in Quito on Monday.",
        "Kenyan President William Ruto has never met Ugandan President Yoweri Museveni in Kampala.",
        "Talk of a ceasefire grew in Nairobi on Monday, Kenyan President William Ruto said.",
        "Kenyan President William Ruto, a guest on a talk radio show in Nairobi on Monday, praised Uganda.",
    ],
)
def test_meeting_a_bar_or_a_reaction_a_denied_meeting_and_a_bare_talk_are_no_meetings(text: str) -> None:
    assert _meetings(text, date(2024, 3, 6)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Colombian Foreign Minister Alvaro Leyva met Ecuador's Foreign Minister Gabriela Sommerfeld in Quito on Monday.",
        "Kenyan President William Ruto met with Ugandan President Yoweri Museveni in Kampala on Monday.",
        "Kenyan President William Ruto and Ugandan President Yoweri Museveni held talks in Kampala on Monday.",
        "Kenyan President William Ruto held a talk with Ugandan President Yoweri Museveni in Kampala on Monday.",
    ],
)
def test_meeting_someone_and_talks_are_meetings(text: str) -> None:
    (meeting,) = _meetings(text, date(2024, 3, 6))
    assert (meeting.status, meeting.date) == ("held", "2024-03-04")


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The two leaders will meet at the upcoming summit in Rome next month.", "Rome"),
        ("Both sides agreed to hold talks in Geneva in the spring.", "Geneva"),
        ("Norway offered to hold talks with Sudan in Oslo.", "Oslo"),
        ("The council chair has the authority to call a special meeting in Vienna.", "Vienna"),
    ],
)
def test_plans_are_planned_meetings_not_held_ones(text: str, place: str) -> None:
    (plan,) = _meetings(text, date(2022, 3, 9))
    assert (plan.status, plan.place) == ("planned", place)


def test_a_meeting_over_two_days_starts_on_its_first() -> None:
    """"11-12 May" is one span: the meeting starts on the 11th (the day alone was read as "12 May")."""
    text = "The leaders of Chile and Peru held talks in Santiago on 11-12 May, their first since the election."
    (meeting,) = _meetings(text, date(2022, 5, 20))
    assert meeting.place == "Santiago"
    assert meeting.date == "2022-05-11/2022-05-12"


def test_place_belongs_to_its_own_trigger() -> None:
    text = (
        "Ministers of Brazil and Argentina held talks in Buenos Aires on Monday, "
        "before the presidents meet at the upcoming summit in Lima."
    )
    (meeting,) = _meetings(text, date(2022, 3, 9))
    assert meeting.place == "Buenos Aires"
    assert meeting.date == "2022-03-07"


def test_a_past_meeting_is_kept_apart_from_the_reported_one() -> None:
    text = (
        "Foreign Minister Sergei Lavrov met Foreign Minister Wang Yi in Beijing on Tuesday.\n\n"
        "Their previous talks took place in Moscow last year."
    )
    meetings = _meetings(text, date(2022, 3, 31))
    assert [(m.place, (m.date or "")[:4]) for m in meetings] == [("Beijing", "2022"), ("Moscow", "2021")]
    assert set(meetings[0].participants) == {"sergey_lavrov", "wang_yi"}


def test_reports_of_one_meeting_merge_across_documents() -> None:
    a = Meeting(0, 10, "2019-05-30", "Tokyo", "2+2", ["a", "b"])
    b = Meeting(0, 10, "2019-05-30", "Tokyo", "2+2", ["b", "c"])
    c = Meeting(0, 10, "2018", "Moscow", None, [])
    d = Meeting(0, 10, "2018-07-31", "Moscow", "2+2", ["a"])
    merged = merge_meetings([(a, "d1"), (b, "d2"), (c, "d3"), (d, "d4")])
    assert [(m.date, m.place, m.participants, m.documents) for m in merged] == [
        ("2019-05-30", "Tokyo", ["a", "b", "c"], ["d1", "d2"]),
        ("2018-07-31", "Moscow", ["a"], ["d4", "d3"]),
    ]


def test_trigger_memo_is_emptied_instead_of_growing_with_the_vocabulary(monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad.caches import Bounded
    from dyad.extract.meetings import meetings

    monkeypatch.setattr(meetings, "_TRIGGER_LEMMA", Bounded(20))
    text = "Lavrov met Kono in Moscow on Monday. They held talks on the islands, officials said."
    sizes = []
    for n in range(6):
        found = _meetings(f"Qorvath{n} Zelmira{n} Tuvallo{n} said so. {text}", date(2018, 5, 1))
        assert [m.date for m in found] == ["2018-04-30"]  # the same answer whatever the memo holds
        sizes.append(len(meetings._TRIGGER_LEMMA))
    assert 0 < max(sizes) <= 20  # six pages of new names and the text: more lemmas than that, forgotten


def _merge_by_scanning(found: list[tuple[Meeting, str]]) -> list[tuple[str | None, str | None, str | None, list[str], list[str]]]:
    """The merge's rule read literally: each report joins the first earlier record it agrees with."""
    from dyad.link.meetings import _joins, better_format, vague

    ordered = sorted(found, key=lambda pair: (-len(pair[0].date or ""), pair[0].place is None))
    merged: list[Any] = []
    for meeting, doc_id in ordered:
        home = None if vague(meeting) else next((m for m in merged if _joins(m, meeting)), None)
        if home is None:
            home = SimpleNamespace(date=meeting.date, place=meeting.place, format=meeting.format, participants=[],
                                   documents=[])
            merged.append(home)
        home.place = home.place or meeting.place
        home.format = better_format(home.format, meeting.format)
        home.participants = list(dict.fromkeys([*home.participants, *meeting.participants]))
        if doc_id not in home.documents:
            home.documents.append(doc_id)
    return [(m.date, m.place, m.format, m.participants, m.documents) for m in merged]


@pytest.mark.parametrize("seed", range(6))
def test_indexed_merge_equals_the_merge_by_scanning(seed: int) -> None:
    rng = random.Random(seed)
    places = ["Moscow", "moscow", "Tokyo", "Seoul", None, None]
    found = []
    for n in range(600):
        day = date(2015, 1, 1) + timedelta(days=rng.randrange(120))
        kind = rng.random()
        when = (None if kind < 0.15 else day.isoformat()[:4] if kind < 0.25 else day.isoformat()[:7] if kind < 0.4
                else f"--{day.isoformat()[5:]}" if kind < 0.45 else day.isoformat())
        fmt = rng.choice([None, None, "bilateral", "2+2", "summit"])
        found.append((Meeting(0, 5, when, rng.choice(places), fmt, [f"p{rng.randrange(9)}"]), f"d{n // 3}"))
    expected = _merge_by_scanning(found)
    assert [(m.date, m.place, m.format, m.participants, m.documents) for m in merge_meetings(found)] == expected
    assert len(expected) < len(found)  # reports did merge


@pytest.mark.parametrize("seed", range(4))
def test_could_merge_never_misses_a_meeting_two_documents_share(seed: int) -> None:
    """Story scoring skips the merge when could_merge says no: it must never say no to a shared dated record."""
    from dyad.link.meetings import could_merge

    rng = random.Random(seed)
    places = ["Moscow", "moscow", "Tokyo", None]
    said_no = shared = 0
    for _ in range(3000):
        reports = []
        for _ in range(rng.randrange(0, 6)):
            day = date(2015, 1, 1) + timedelta(days=rng.randrange(6))
            kind = rng.random()
            when = None if kind < 0.2 else day.isoformat()[:7] if kind < 0.35 else day.isoformat()
            people = [f"p{rng.randrange(2)}"] if rng.random() < 0.8 else []
            reports.append(Meeting(0, 5, when, rng.choice(places), rng.choice([None, "bilateral", "summit"]), people))
        cut = rng.randrange(len(reports) + 1)
        a, b = reports[:cut], reports[cut:]
        both = any({"a", "b"} <= set(m.documents) and m.date is not None
                   for m in merge_meetings([*((m, "a") for m in a), *((m, "b") for m in b)]))
        shared += both
        if not could_merge(a, b):
            said_no += 1
            assert not both, (a, b)
    assert said_no > 400 and shared > 400  # both answers were put to the test


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan President William Ruto met his wife in Mombasa on Monday, his office said.",
        "Kenyan President William Ruto and Raila Odinga meet for the second of three debates in Nairobi on Monday.",
        "The Kenyan parliament's foreign affairs committee held a closed session in Nairobi on Monday.",
        "Kenyan lawmakers will debate the bill in the next session of parliament.",
        "Kenyan President William Ruto spoke at a ruling party meeting in Nairobi on Monday.",
        "The Ugandan vote set off another round of recriminations in Kampala on Monday.",
    ],
)
def test_kin_contests_one_sides_bodies_and_other_rounds_are_no_meetings(text: str) -> None:
    assert _meetings(text, date(2024, 3, 6)) == []


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan President William Ruto met Ugandan President Yoweri Museveni for talks in Kampala on Monday.",
        "The Kenya-Uganda joint committee held a session in Kampala on Monday.",
        "Kenya and Uganda held a new round of talks in Kampala on Monday.",
        "Kenyan President William Ruto attended a meeting of the UN Security Council in New York on Monday.",
    ],
)
def test_meetings_for_talks_joint_bodies_and_rounds_of_talks_stay_meetings(text: str) -> None:
    (meeting,) = _meetings(text, date(2024, 3, 6))
    assert meeting.status == "held"


@pytest.mark.parametrize(
    ("text", "meets"),
    [
        ("Ghanaian President Nana Akufo-Addo spoke at a teachers' conference in Accra on Monday.", False),
        ("Cocoa farmers gathered at a trade conference in Kumasi on Monday.", False),
        ("Ghanaian President Nana Akufo-Addo spoke at a conference on Togo in Accra on Monday.", True),
        ("Ghanaian President Nana Akufo-Addo spoke at an African Union conference in Accra on Monday.", True),
        ("Ghanaian President Nana Akufo-Addo spoke at a security conference in Lome on Monday.", True),
    ],
)
def test_a_conference_of_one_country_at_home_is_no_meeting(text: str, meets: bool) -> None:
    assert bool(_meetings(text, date(2024, 3, 6))) == meets


@pytest.mark.parametrize(
    "text",
    [
        "Executives of the Kazi Mines company first met Mr. Peter Odhiambo around the start of its bankruptcy "
        "case in May 2022.",
        "On Tuesday night, in a closed room, members of the audit panel met with treasury liaison Grace Wanjiru "
        "to discuss the records.",
        "Retired judge Samuel Otieno met with the Nairobi county auditor Grace Wanjiru on Tuesday.",
    ],
)
def test_meetings_of_people_new_to_the_dictionary_in_one_country_are_no_meetings(text: str) -> None:
    assert _meetings(text, date(2023, 5, 20)) == []


def test_a_newcomer_meeting_a_states_leaders_still_meets() -> None:
    text = "Senate Republican leader Tom Harlan met with Burmese leaders in Rangoon in January 2012."
    assert [m.date for m in _meetings(text, date(2016, 9, 16))] == ["2012-01"]


def test_people_new_to_the_dictionary_from_two_countries_still_meet() -> None:
    text = "Kenyan trade envoy Wanjiru Kamau met Ugandan trade envoy Moses Okello in Kampala on Tuesday."
    (meeting,) = _meetings(text, date(2023, 5, 20))
    assert meeting.place == "Kampala"


def test_people_new_to_the_dictionary_whose_titles_name_two_countries_still_meet() -> None:
    text = ("Bolivian Foreign Minister Rosa Mamani and Paraguayan Foreign Minister Jorge Benitez held talks in "
            "Asuncion on Tuesday.")
    on = date(2023, 5, 20)
    dictionary = load_dictionary()
    (doc,) = analyze([text])
    mentions, new = resolve_mentions(doc, on, dictionary)
    newcomers = {actor.id: actor.country for actor in new}
    found = find_meetings(doc, mentions, find_time_expressions(text, on), on, dictionary, newcomers=newcomers)
    assert [m.place for m in found] == ["Asuncion"]


@pytest.mark.parametrize(
    ("text", "people", "place"),
    [
        ("Kenyan President William Ruto hosted Brazilian Foreign Minister Mauro Vieira in Nairobi on Monday.",
         {"william_ruto", "mauro_vieira"}, "Nairobi"),
        ("German Chancellor Olaf Scholz hosted French President Emmanuel Macron in Berlin on Monday.",
         {"olaf_scholz", "emmanuel_macron"}, "Berlin"),
        ("Indonesian President Joko Widodo received Malaysian Prime Minister Anwar Ibrahim in Bogor on Monday.",
         {"joko_widodo", "anwar_ibrahim"}, "Bogor"),
        ("Malaysian Prime Minister Anwar Ibrahim was received in Bogor on Monday by Indonesian President Joko Widodo.",
         {"joko_widodo", "anwar_ibrahim"}, "Bogor"),
    ],
)
def test_hosting_or_receiving_a_person_is_a_meeting(text: str, people: set[str], place: str) -> None:
    (meeting,) = _meetings(text, date(2024, 3, 6))
    assert (meeting.status, meeting.date, meeting.place) == ("held", "2024-03-04", place)
    assert people <= set(meeting.participants)


@pytest.mark.parametrize(
    "text",
    [
        "Kenyan President William Ruto hosted the African Games in Nairobi on Monday.",
        "Kenyan President William Ruto hosted a Mauro Vieira fan club in Nairobi on Monday.",
        "Kenyan President William Ruto received the endorsement of Ugandan President Yoweri Museveni in Nairobi on Monday.",
        "Kenyan President William Ruto received a letter from Ugandan President Yoweri Museveni in Nairobi on Monday.",
        "Kenyan President William Ruto did not receive Ugandan President Yoweri Museveni in Nairobi on Monday.",
        "In the poll, Kenyan President William Ruto received 40 percent support, Raila Odinga 35 percent and Kalonzo Musyoka 9 percent.",
    ],
)
def test_a_thing_hosted_or_received_is_no_meeting(text: str) -> None:
    assert _meetings(text, date(2024, 3, 6)) == []
