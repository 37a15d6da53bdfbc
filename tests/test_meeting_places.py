"""Where and when meetings took place, read from articles written for these tests."""

from __future__ import annotations

from datetime import date

import pytest

from dyad.actors import load_dictionary
from dyad.extract.meetings.meeting_places import dateline_city, gazetteer, name_key
from dyad.extract.meetings.meetings import find_meetings
from dyad.extract.mentions.resolve import resolve_mentions
from dyad.extract.time.timex import find_time_expressions
from dyad.model import Meeting
from dyad.nlp.analyze import analyze


def _meetings(text: str, on: date | None, title: str | None = None) -> list[Meeting]:
    dictionary = load_dictionary()
    (doc,) = analyze([text])
    mentions, _ = resolve_mentions(doc, on, dictionary)
    return find_meetings(doc, mentions, find_time_expressions(text, on), on, dictionary, title=title)


def _place(text: str, on: date | None = date(2022, 5, 12)) -> str | None:
    (meeting,) = _meetings(text, on)
    return meeting.place


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The defence ministers of Norway and Poland met at the Grand Hotel in Oslo on Tuesday.", "Oslo"),
        ("Chile and Peru held talks at the Lima Convention Centre on Monday.", "Lima"),
        ("Delegations of Ghana and Togo met in Nigeria on Monday to settle the dispute.", "Nigeria"),
        ("The two foreign ministers held talks in New Delhi on Wednesday.", "New Delhi"),
        # a topic is not a place
        ("France and Poland held talks on the crisis in Ukraine on Monday.", None),
        ("The envoys held talks over the fishing rights in Greenland on Monday.", None),
        ("Both sides held talks about concerns over repression in Hong Kong on Monday.", None),
        # seas and regions are not places; a town must not be read out of a longer name
        ("The coast guards of Estonia and Finland held talks in the Baltic Sea on Monday.", None),
        ("Delegations of Ghana and Togo met in the Democratic Republic of Congo on Monday.",
         "Democratic Republic of the Congo"),
        # held by video: no place
        ("The foreign ministers of Spain and Canada held talks via videoconference on Thursday.", None),
    ],
)
def test_place_only_where_the_text_places_the_meeting(text: str, place: str | None) -> None:
    found = _place(text)
    assert (name_key(found) if found else None) == (name_key(place) if place else None)  # with or without "the"


def test_a_venue_after_a_time_phrase_still_places_the_meeting() -> None:
    text = "Kenya and Uganda held a summit for the first time at the State House in Nairobi on Tuesday."
    assert _place(text) == "Nairobi"


def test_a_meeting_held_described_by_its_verb_is_placed() -> None:
    text = "The leaders spoke to reporters after the summit meeting held at the palace in Madrid on Monday."
    assert _place(text) == "Madrid"


def test_the_dateline_places_a_meeting_held_that_day() -> None:
    text = (
        "OSLO (Reuters) - The foreign ministers of Norway and Sweden held talks on Monday about fishing quotas.\n\n"
        "Their previous talks were held in 2019."
    )
    meetings = _meetings(text, date(2022, 5, 10))
    assert [(m.date, m.place) for m in meetings] == [("2022-05-09", "Oslo"), ("2019", None)]


def test_a_video_call_takes_no_place_from_the_dateline() -> None:
    text = "MADRID (Reuters) - The prime ministers of Spain and Portugal held talks by videolink on Monday."
    assert _place(text, date(2022, 5, 10)) is None


@pytest.mark.parametrize(
    ("text", "city"),
    [
        ("MEXICO CITY (Reuters) - Talks went on.", "Mexico City"),
        ("Headline here\n\nNairobi, May 3 (Xinhua) -- The talks went on.", "Nairobi"),
        ("Accra [Ghana], May 3 (ANI): The talks went on.", "Accra"),
        ("Lagos/Abuja: The talks went on.", "Lagos"),
        ("Reading the talks went on, said one.", None),
        ("Turkey (Reuters) - The talks went on.", None),  # a country is no dateline city
    ],
)
def test_dateline_city(text: str, city: str | None) -> None:
    found = dateline_city(text)
    assert (found.name if found else None) == city


def test_gazetteer_prefers_the_most_populous_place_and_knows_countries() -> None:
    places = gazetteer()
    assert places["washington"].country == "USA"
    assert places["georgia"].kind == "country"
    assert places["bogota"].name in ("Bogotá", "Bogota")


def test_transliteration_marks_at_a_words_edge_are_not_spelled() -> None:
    # GeoNames keeps the ayn of "Samarra’"; English news leaves it out. Marks inside a word stay.
    assert gazetteer()[name_key("Samarra")].country == "IRQ"
    assert name_key("Samarra’") == name_key("Samarra") == "samarra"
    assert name_key("N'Djamena") == "n'djamena"
    assert name_key("the ’ Hague") == "hague"


def test_date_comes_from_the_meeting_not_from_another_clause() -> None:
    text = "In his meeting with the Chilean president, the minister praised ties that were established in 1990."
    (meeting,) = _meetings(text, date(2022, 5, 12))
    assert meeting.date == "2022-05-12"


def test_a_date_without_a_year_is_left_open() -> None:
    (meeting,) = _meetings("The ministers of Chile and Peru met in Lima on March 20.", None)
    assert meeting.date is None
    assert meeting.place == "Lima"


def test_a_meeting_setting_an_agreement_is_held_not_planned() -> None:
    text = "At their meeting in Hanoi on Tuesday, the foreign ministers of Vietnam and Laos agreed to expand trade."
    (meeting,) = _meetings(text, date(2022, 5, 12))
    assert (meeting.date, meeting.place) == ("2022-05-10", "Hanoi")


def test_a_title_names_the_city_after_the_talks() -> None:
    text = "Remarks by the Foreign Minister at a news conference with his Peruvian counterpart following talks, Lima, May 3, 2022"
    (meeting,) = _meetings(text, date(2022, 5, 3))
    assert (meeting.date, meeting.place) == ("2022-05-03", "Lima")


def test_a_date_the_sentence_gives_beats_the_report_day_a_day_later() -> None:
    text = (
        "The Chilean president made the remark at a meeting in Santiago with the foreign ministers of Peru and Bolivia.\n\n"
        "The ministers of the three countries met in Santiago yesterday for the talks."
    )
    meetings = _meetings(text, date(2022, 5, 4))
    assert [(m.date, m.place) for m in meetings] == [("2022-05-03", "Santiago")]


def test_the_trigger_that_tells_the_date_and_place_wins() -> None:
    text = ("Peruvian Foreign Minister Ana Quispe, talks during a joint statement with Chilean Foreign Minister "
            "Luis Araya following their meeting in Lima, Peru, Thursday, May 12, 2022.")
    (meeting,) = _meetings(text, None)
    assert (meeting.date, meeting.place) == ("2022-05-12", "Lima")


@pytest.mark.parametrize(
    ("title", "want"),
    [
        ("Remarks to the press following talks, Lima, May 3, 2022", ("2022-05-03", "Lima")),
        ("Speech at the Peru-Chile summit in Arica: 3 May 2022", ("2022-05-03", "Arica")),
        ("Minister praises ties with Chile in Lima, May 3, 2022", None),  # no meeting named: not read
    ],
)
def test_the_title_dates_and_places_the_reports_meeting(title: str, want: tuple[str, str] | None) -> None:
    text = "We have held useful and detailed talks with our Chilean colleagues on trade and fisheries."
    (meeting,) = _meetings(text, None, title)
    assert (meeting.date, meeting.place) == (want or (None, None))


def test_counterparts_and_ministers_of_countries_are_named_by_office() -> None:
    (meeting,) = _meetings("Foreign Minister Sergey Lavrov met his Japanese counterpart in Moscow on Monday.",
                           date(2018, 8, 1))
    assert {"sergey_lavrov", "taro_kono"} <= set(meeting.participants)
    (meeting,) = _meetings("The foreign ministers of Japan and Russia held talks in Tokyo on Thursday.",
                           date(2019, 5, 31))
    assert {"sergey_lavrov", "taro_kono"} <= set(meeting.participants)


def test_an_office_with_no_country_names_nobody() -> None:
    (meeting,) = _meetings("The two foreign ministers held talks in Tokyo on Thursday.", date(2019, 5, 31))
    assert meeting.participants == []


def test_the_title_names_the_meetings_people() -> None:
    title = "Remarks by Foreign Minister Sergey Lavrov following talks with Taro Kono, Moscow, July 31, 2018"
    (meeting,) = _meetings("We have held useful and detailed talks on a peace treaty.", None, title)
    assert (meeting.date, meeting.place) == ("2018-07-31", "Moscow")
    assert {"sergey_lavrov", "taro_kono"} <= set(meeting.participants)


def test_an_undated_reports_day_takes_the_one_year_its_people_and_weekday_allow() -> None:
    # Blinken was Secretary of State from 2021 to 2025: of those years, 8 October fell on a Friday only in 2021
    text = "Secretary of State Antony Blinken held talks with Mexican President Andres Manuel Lopez Obrador on Friday (Oct 8)."
    (meeting,) = _meetings(text, None)
    assert meeting.date == "2021-10-08"


def test_a_day_several_years_fit_stays_open() -> None:
    text = "Secretary of State Antony Blinken held talks with Mexican President Andres Manuel Lopez Obrador on October 8."
    (meeting,) = _meetings(text, None)
    assert meeting.date is None


def test_an_undated_reports_lead_meeting_takes_the_dateline_city() -> None:
    text = "LIMA (Reuters) - The foreign ministers of Peru and Chile held talks on Tuesday about water rights."
    (meeting,) = _meetings(text, None)
    assert meeting.place == "Lima"


def test_a_clause_saying_the_parties_are_visiting_a_city_places_the_meeting() -> None:
    text = ("On May 3, the foreign minister of Chile and the defence minister of Chile, who are visiting Lima, "
            "held talks with their Peruvian counterparts.")
    (meeting,) = _meetings(text, date(2022, 5, 4))
    assert meeting.place == "Lima"


def test_a_spokesman_speaking_of_the_talks_is_not_a_participant() -> None:
    text = ("Foreign Ministry Spokesman Karim Haddad said the talks between Egypt and Sudan in Khartoum on Monday "
            "ended without progress.")
    (meeting,) = _meetings(text, date(2022, 5, 3))
    assert not [p for p in meeting.participants if "haddad" in p]
