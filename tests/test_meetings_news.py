"""Meetings in real news's constructions, in articles written for these tests (issue 25).

Each construction has its near misses: sentences that look alike and must
not give the same answer.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

import dyad
from dyad import queries
from dyad.actors import load_dictionary
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
    from dyad.extract.meetings.meeting_years import years_named

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
        statuses = [c.status for c in queries.commitments.stream(store.engine) if "courtesy call" in c.action]
    assert len(statuses) == 1
    return str(statuses[0])


def test_a_courtesy_call_on_a_named_host_is_kept_only_by_a_meeting_with_the_host(tmp_path: Path) -> None:
    other = ("Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin held talks with "
             "Foreign Secretary Enrique Manalo in Manila on Tuesday.")
    assert _call_status(tmp_path / "other", other) != "fulfilled"
    host = ("Secretary of State Antony Blinken and Secretary of Defense Lloyd Austin met "
            "President Ferdinand Marcos Jr. in Manila on Tuesday.")
    assert _call_status(tmp_path / "host", host) == "fulfilled"


def _people(text: str, on: date | None) -> list[str | None]:
    dictionary = load_dictionary()
    (doc,) = analyze([text])
    mentions, _ = resolve_mentions(doc, on, dictionary)
    return [m.actor for m in mentions if m.kind == "person"]


def test_a_name_with_a_middle_initial_is_the_dictionary_s_person() -> None:
    text = ("Secretary for Foreign Affairs Enrique A. Manalo and Secretary of National Defense "
            "Gilberto C. Teodoro Jr. met in Manila.")
    people = _people(text, None)
    assert "gilberto_teodoro" in people
    assert "teodoro_locsin_jr" not in people  # "Teodoro" is Locsin's given name, not this man's


def test_a_given_name_before_another_person_s_name_is_not_taken_for_theirs() -> None:
    # "Monday Taro Kono": a capitalised word before a full name that it does not complete
    people = _people("Foreign Minister Taro Kono spoke in Tokyo.", date(2019, 5, 30))
    assert people == ["taro_kono"]


def test_people_of_another_clause_of_the_sentence_do_not_take_part() -> None:
    text = ("Foreign Minister Mevlut Cavusoglu said their meeting in Ankara on Thursday was hard, after "
            "Foreign Minister Nikos Dendias came to Turkey on orders from Prime Minister Kyriakos Mitsotakis.")
    (meeting,) = _held(_meetings(text, date(2021, 4, 16)))
    assert "kyriakos_mitsotakis" not in meeting.participants
    assert "mevlut_cavusoglu" in meeting.participants


def test_a_person_naming_a_government_does_not_take_part() -> None:
    text = ("Foreign Minister Sergei Lavrov and Foreign Minister Wang Yi held talks in Beijing on Monday, "
            "which were the first under the Biden administration.")
    (meeting,) = _held(_meetings(text, date(2021, 3, 23)))
    assert set(meeting.participants) == {"sergey_lavrov", "wang_yi"}


def test_people_in_the_trigger_s_clause_or_above_it_take_part() -> None:
    for text, people in [
        ("Foreign Minister Sergei Lavrov said after talks with Foreign Minister Wang Yi in Beijing on Monday "
         "that the sides agreed.", {"sergey_lavrov", "wang_yi"}),
        ("Foreign Minister Sergei Lavrov and Foreign Minister Wang Yi arrive to attend their meeting in Beijing "
         "on Monday.", {"sergey_lavrov", "wang_yi"}),
        ("The talks, which were held in Beijing on Monday under the chairmanship of Foreign Minister Wang Yi, "
         "ended without a deal.", {"wang_yi"}),
    ]:
        (meeting,) = _held(_meetings(text, date(2021, 3, 23)))
        assert set(meeting.participants) == people, text


def test_an_office_spelt_with_accents_titles_the_surname_after_it() -> None:
    people = _people("Président Macron, merci. President Macron, welcome to London.", date(2018, 1, 18))
    assert people and set(people) == {"emmanuel_macron"}


def test_a_surname_titled_by_an_office_its_only_bearer_never_held_is_nobody_known() -> None:
    # Bill English was a prime minister, never a king: "the English King Harold" is not him
    people = _people("The tapestry shows the English King Harold killed at Hastings.", date(2018, 1, 18))
    assert "bill_english" not in people


def _speech(byline: str | None, text: str) -> list[Meeting]:
    dictionary = load_dictionary()
    (doc,) = analyze([text])
    mentions, _ = resolve_mentions(doc, None, dictionary)
    return find_meetings(doc, mentions, find_time_expressions(text, None), None, dictionary,
                         title="Speech at the UK-France Summit: 18 January 2018", byline=byline)


def test_the_officeholder_signing_a_speech_in_the_first_person_attends_its_meeting() -> None:
    text = "President Macron, welcome.\n\nThere is no better place than Sandhurst for these talks. We meet as allies."
    (meeting,) = _held(_speech("Prime Minister Theresa May", text))
    assert "theresa_may" in meeting.participants and meeting.date == "2018-01-18"
    (reported,) = _held(_speech("By Jane Reporter", text))  # a reporter is no officeholder
    assert "theresa_may" not in reported.participants
    third = "President Macron arrived.\n\nThere is no better place than Sandhurst for these talks, the hosts said."
    (told,) = _held(_speech("Prime Minister Theresa May", third))  # no one speaks as "we": a report about them
    assert "theresa_may" not in told.participants


def test_a_dialogue_is_a_meeting_only_where_it_is_held_or_attended() -> None:
    held = ("Secretary of State Antony Blinken speaks during the US-Mexico dialogue next to "
            "Foreign Secretary Marcelo Ebrard.")
    (meeting,) = _held(_meetings(held, date(2021, 10, 8)))
    assert {"antony_blinken", "marcelo_ebrard"} <= set(meeting.participants)  # "next to": beside, not next time
    for text in ("Secretary of State Antony Blinken called for dialogue with Mexico on migration.",
                 "Secretary of State Antony Blinken said dialogue was the only way forward."):
        assert _meetings(text, date(2021, 10, 8)) == [], text


def test_the_next_meeting_is_still_a_plan() -> None:
    text = "Foreign Minister Sergei Lavrov and Foreign Minister Wang Yi agreed the next meeting would be in Moscow."
    assert [m.status for m in _meetings(text, date(2021, 3, 23))] == ["planned"]


def test_who_met_is_the_person_the_clause_describes() -> None:
    text = ("Foreign Secretary Marcelo Ebrard accompanied Secretary of State Antony Blinken, who also met with "
            "President Andres Manuel Lopez Obrador in Mexico City on Friday.")
    (meeting,) = _held(_meetings(text, date(2021, 10, 9)))
    assert {"antony_blinken", "andres_manuel_lopez_obrador"} <= set(meeting.participants)
    assert meeting.place == "Mexico City"


def _month_dated(text: str) -> list[Meeting]:
    from dyad.model import Published

    dictionary = load_dictionary()
    (doc,) = analyze([text])
    mentions, _ = resolve_mentions(doc, None, dictionary)
    return find_meetings(doc, mentions, find_time_expressions(text, None), None, dictionary,
                         Published("2021-04", "month", "inherited"))


def test_a_caption_placing_two_countries_people_in_the_meeting_s_city_dates_it() -> None:
    text = ("Egypt's Foreign Minister Sameh Shoukry and Ethiopia's Foreign Minister Demeke Mekonnen sit in a hotel "
            "in Kinshasa on April 4, 2021.\n\n"
            "The talks in Kinshasa ended without progress, Egypt said on Tuesday.")
    (meeting,) = _held(_month_dated(text))
    assert (meeting.date, meeting.place) == ("2021-04-04", "Kinshasa")
    assert {"sameh_shoukry", "demeke_mekonnen"} <= set(meeting.participants)


def test_a_scene_of_one_country_or_of_another_city_or_month_dates_nothing() -> None:
    tail = "\n\nThe talks in Kinshasa ended without progress, Egypt said on Tuesday."
    for caption in (
        "Egypt's Foreign Minister Sameh Shoukry sits in a hotel in Kinshasa on April 4, 2021.",  # one country
        "Egypt's Foreign Minister Sameh Shoukry and Ethiopia's Foreign Minister Demeke Mekonnen sit in a hotel "
        "in Cairo on April 4, 2021.",  # another city
        "Egypt's Foreign Minister Sameh Shoukry and Ethiopia's Foreign Minister Demeke Mekonnen sit in a hotel "
        "in Kinshasa on March 4, 2021.",  # another month
    ):
        (meeting,) = _held(_month_dated(caption + tail))
        assert meeting.date == "2021-04", caption


def test_a_recalled_round_joins_the_record_of_that_meeting_without_changing_it() -> None:
    from dyad.link.meeting_records import Report, link_reports

    held = Report("r1", "d1", Meeting(0, 9, "2023-04-11", "Washington", "2+2", ["ana", "ben"]))
    recalled = Report("r2", "d2", Meeting(0, 9, "2023-04", "Washington", "2+2", [], status="background"))
    for order in ([held, recalled], [recalled, held]):
        (record,) = link_reports(order, []).new.values()
        assert (record.date, record.status, sorted(record.documents)) == ("2023-04-11", "held", ["d1", "d2"])
    (alone,) = link_reports([recalled], []).new.values()
    assert alone.status == "background"  # recalled only: no meeting reported as held here


def test_a_titled_surname_is_not_a_namesake_of_another_office() -> None:
    # Katalin Novak was Hungary's president, Simon Harris Ireland's prime minister: neither is meant here
    people = _people("Deputy Prime Minister Novak met Vice President Harris in Ankara.", date(2022, 3, 9))
    assert "katalin_novak" not in people and "simon_harris" not in people
    assert "joe_biden" in _people("President Biden spoke in Ankara.", date(2022, 3, 9))  # the office held


def test_a_journey_made_to_meet_someone_is_a_meeting_held_where_it_went() -> None:
    for text in ("Foreign Minister Sergei Lavrov flew to Beijing on Monday to meet Foreign Minister Wang Yi.",
                 "Foreign Minister Sergei Lavrov went to Beijing on Monday to hold talks with Foreign Minister Wang Yi.",
                 "Foreign Minister Sergei Lavrov has travelled to Beijing to meet with Foreign Minister Wang Yi."):
        (meeting,) = _meetings(text, date(2021, 3, 24))
        assert (meeting.status, meeting.place) == ("held", "Beijing"), text
        assert set(meeting.participants) == {"sergey_lavrov", "wang_yi"}, text


def test_a_journey_still_to_come_or_a_going_to_is_a_plan() -> None:
    for text in ("Foreign Minister Sergei Lavrov will fly to Beijing next week to meet Foreign Minister Wang Yi.",
                 "Foreign Minister Sergei Lavrov is going to meet Foreign Minister Wang Yi in Beijing.",
                 "Foreign Minister Sergei Lavrov wants to go to Beijing to meet Foreign Minister Wang Yi."):
        assert [m.status for m in _meetings(text, date(2021, 3, 24))] == ["planned"], text


def test_a_person_met_later_in_a_conjunct_took_part_in_another_meeting() -> None:
    text = ("Foreign Minister Sergei Lavrov went to Beijing to meet with President Xi Jinping, "
            "and later with Foreign Minister Wang Yi.")
    (meeting,) = _held(_meetings(text, date(2021, 3, 24)))
    assert set(meeting.participants) == {"sergey_lavrov", "xi_jinping"}
    both = "Foreign Minister Sergei Lavrov met President Xi Jinping and Foreign Minister Wang Yi in Beijing."
    (meeting,) = _held(_meetings(both, date(2021, 3, 24)))
    assert set(meeting.participants) == {"sergey_lavrov", "xi_jinping", "wang_yi"}


def test_a_meeting_called_for_is_a_plan_and_a_meeting_called_a_success_was_held() -> None:
    text = ("Sergei Lavrov and Wang Yi met in Guilin.\n\nThe two foreign ministers issued a statement "
            "calling for a summit of the five permanent members of the UN Security Council.")
    held, planned = _held(_meetings(text, None)), [m for m in _meetings(text, None) if m.status == "planned"]
    assert [(m.place, set(m.participants)) for m in held] == [("Guilin", {"sergey_lavrov", "wang_yi"})]
    assert [m.format for m in planned] == ["summit"]
    (meeting,) = _meetings("Sergei Lavrov called his meeting with Wang Yi in Guilin a success.", date(2021, 3, 24))
    assert meeting.status == "held"


def test_a_joint_press_conference_is_held_by_both_and_a_plain_one_is_no_meeting() -> None:
    joint = "The joint press conference of the Foreign Ministers of Greece and Turkey in Ankara ended in a row."
    (meeting,) = _held(_meetings(joint, date(2021, 4, 15)))
    assert set(meeting.participants) == {"nikos_dendias", "mevlut_cavusoglu"}  # "Ministers" capitalised: still an office
    assert meeting.place == "Ankara"
    plain = "Foreign Minister Nikos Dendias told a press conference in Athens that the row was over."
    assert _meetings(plain, date(2021, 4, 16)) == []


def test_a_person_whose_verb_reaches_the_meeting_through_another_noun_is_not_a_party() -> None:
    text = ("President Kyriakos Mitsotakis voiced worry about tensions during the talks of Foreign Minister "
            "Nikos Dendias and Foreign Minister Mevlut Cavusoglu in Ankara on Thursday.")
    (meeting,) = _held(_meetings(text, date(2021, 4, 16)))
    assert "kyriakos_mitsotakis" not in meeting.participants


def test_a_spokesman_is_no_party_wherever_he_is_named() -> None:
    text = ("Foreign Minister Sameh Shoukry held talks in Kinshasa on Monday.\n\n"
            "Foreign Ministry Spokesman Ahmed Hafez said Egypt wanted a deal.\n\n"
            "He said that Cairo took part in the talks in Kinshasa to relaunch the negotiations.")
    people = {p for m in _held(_meetings(text, date(2021, 4, 6))) for p in m.participants}
    assert "sameh_shoukry" in people
    assert not any("hafez" in p for p in people)


def test_a_recalled_summit_has_only_the_leaders_its_own_sentences_name() -> None:
    # Leaders named elsewhere in a report about later days were not at an earlier summit.
    text = (
        "NATO leaders agreed at a summit in Vilnius in July to step up air defences on the eastern flank.\n\n"
        "Russian President Vladimir Putin warned against the move on Tuesday, "
        "and Chinese President Xi Jinping called for restraint."
    )
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert (meeting.date, meeting.place, meeting.participants) == ("2023-07", "Vilnius", [])


def test_a_summit_of_last_month_does_not_take_the_leaders_of_other_sentences() -> None:
    text = (
        "The leaders of the G-20 held a summit in New Delhi last month.\n\n"
        "On Tuesday, Brazilian President Luiz Inacio Lula da Silva criticized the sanctions, "
        "and North Korean leader Kim Jong Un fired a missile."
    )
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert meeting.participants == []


def test_the_reports_own_summit_takes_the_leaders_named_anywhere() -> None:
    # Near miss: the summit of the report's day is its subject; its leaders speak in later sentences.
    text = (
        "The leaders of France and Germany held a summit in Paris on Tuesday.\n\n"
        "French President Emmanuel Macron said Europe must spend more on defence. German Chancellor Olaf Scholz agreed."
    )
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert (meeting.date, set(meeting.participants)) == ("2023-10-10", {"emmanuel_macron", "olaf_scholz"})


def test_a_recalled_summit_keeps_the_leaders_named_in_its_clause() -> None:
    # Near miss: the leaders the summit's own sentence names took part, though it was months ago.
    text = (
        "French President Emmanuel Macron and German Chancellor Olaf Scholz held a summit in Paris in June.\n\n"
        "Russian President Vladimir Putin criticized the sanctions on Tuesday."
    )
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert set(meeting.participants) == {"emmanuel_macron", "olaf_scholz"}


_BUDGET_LEAD = (
    "Parliament in Ottawa approved the budget bill late on Tuesday after weeks of debate. "
    "The opposition had demanded deeper cuts to spending on consultants. "
    "Finance officials said the new rules would take effect in January. "
    "Provinces will receive more money for hospitals and schools. "
    "Economists expect the deficit to shrink over the next two years.\n\n"
)
_IN_PASSING = ("After his meeting with Indian Prime Minister Narendra Modi, "
               "Canadian Prime Minister Justin Trudeau announced new trade rules.")


def test_a_meeting_told_in_passing_after_the_lead_is_left_undated() -> None:
    # Told below a lead about something else, with no date of its own: the report's day would be a guess.
    (meeting,) = _meetings(_BUDGET_LEAD + _IN_PASSING, date(2023, 10, 11))
    assert meeting.date is None
    assert set(meeting.participants) == {"narendra_modi", "justin_trudeau"}


def test_a_meeting_told_in_passing_after_the_lead_takes_no_dateline_city() -> None:
    (meeting,) = _meetings("OTTAWA, Oct 11 (Reuters) - " + _BUDGET_LEAD + _IN_PASSING, date(2023, 10, 11))
    assert (meeting.date, meeting.place) == (None, None)


def test_a_meeting_in_the_lead_is_of_the_reports_day() -> None:
    # Near miss: the same sentence opening the report tells its news.
    (meeting,) = _meetings(_IN_PASSING + "\n\n" + _BUDGET_LEAD, date(2023, 10, 11))
    assert meeting.date == "2023-10-11"


def test_a_meeting_after_the_lead_keeps_its_own_date() -> None:
    # Near miss: a sentence below the lead that dates its meeting itself.
    text = _BUDGET_LEAD + "Canadian Prime Minister Justin Trudeau met Indian Prime Minister Narendra Modi in New Delhi on Monday."
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert (meeting.date, meeting.place) == ("2023-10-09", "New Delhi")


def test_a_verb_naming_only_other_people_tells_another_meeting_of_the_day() -> None:
    text = (
        "Russian President Vladimir Putin said after meeting with Chinese President Xi Jinping that ties were strong.\n\n"
        "The sanctions may stay while Secretary of State Antony Blinken negotiates with Turkey over grain, officials said."
    )
    found = _meetings(text, date(2023, 10, 11))
    assert [set(m.participants) for m in found][0] == {"vladimir_putin", "xi_jinping"}
    assert len(found) == 2


def test_a_noun_naming_only_its_speaker_goes_on_about_the_meeting() -> None:
    # Near miss: "after the meeting, X told reporters" is the same meeting, told by one more of its people.
    text = (
        "Russian President Vladimir Putin said after meeting with Chinese President Xi Jinping that ties were strong.\n\n"
        "After the meeting, Russian Foreign Minister Sergei Lavrov told reporters that the talks went well."
    )
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert {"vladimir_putin", "xi_jinping"} <= set(meeting.participants)


def test_the_speaker_of_a_meeting_told_by_a_verb_with_its_own_subject_is_no_party() -> None:
    text = ("Secretary of State Antony Blinken negotiated with Russian Foreign Minister Sergei Lavrov in Geneva on Friday, "
            "British Prime Minister Rishi Sunak said.")
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert set(meeting.participants) == {"antony_blinken", "sergey_lavrov"}


@pytest.mark.parametrize(
    "text",
    [
        # Near misses: the speaker of "said after talks with" and the person a "who met" describes take part.
        "Secretary of State Antony Blinken said after talks with Russian Foreign Minister Sergei Lavrov "
        "in Geneva on Friday that the gap remained wide.",
        "Russian Foreign Minister Sergei Lavrov, who met Secretary of State Antony Blinken in Geneva on Friday, "
        "said the gap remained wide.",
    ],
)
def test_the_speaker_above_a_noun_or_a_relative_who_takes_part(text: str) -> None:
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert set(meeting.participants) == {"antony_blinken", "sergey_lavrov"}


def test_a_summit_told_in_passing_has_only_the_leaders_its_sentences_name() -> None:
    # Not the report's own meeting: a leader named in a later sentence was not there.
    text = (_BUDGET_LEAD + "After his summit with Indian Prime Minister Narendra Modi, Canadian Prime Minister "
            "Justin Trudeau announced new trade rules. Chinese President Xi Jinping criticized the rules.")
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert (meeting.date, set(meeting.participants)) == (None, {"narendra_modi", "justin_trudeau"})


def test_a_verb_naming_a_new_party_tells_another_meeting() -> None:
    text = ("Canadian Prime Minister Justin Trudeau held talks with Indian Prime Minister Narendra Modi "
            "in New Delhi on Monday.\n\nTrudeau also met Indian President Droupadi Murmu.")
    found = _meetings(text, date(2023, 10, 11))
    assert [set(m.participants) for m in found] == [{"justin_trudeau", "narendra_modi"}, {"justin_trudeau", "droupadi_murmu"}]


def test_a_verb_naming_the_same_parties_goes_on_about_the_meeting() -> None:
    # Near miss: no one new, the same meeting told again.
    text = ("Canadian Prime Minister Justin Trudeau held talks with Indian Prime Minister Narendra Modi "
            "in New Delhi on Monday.\n\nTrudeau met Modi again over dinner.")
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert (meeting.date, set(meeting.participants)) == ("2023-10-09", {"justin_trudeau", "narendra_modi"})


def test_talks_one_presses_others_to_hold_are_asked_for_not_held() -> None:
    text = ("Secretary of State Antony Blinken pressed Chinese Foreign Minister Wang Yi "
            "to hold talks on fentanyl in Beijing.")
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert (meeting.status, meeting.participants) == ("planned", ["wang_yi"])


def test_talks_one_calls_on_others_to_hold_are_no_meeting_held() -> None:
    text = "UN Secretary-General Antonio Guterres called on Russia and Ukraine to hold talks in Istanbul."
    found = _meetings(text, date(2023, 10, 11))
    assert [m.status for m in found] == ["planned"]
    assert found[0].participants == []


def test_the_one_who_urges_talks_is_no_party() -> None:
    text = "Secretary of State Antony Blinken urged North Korea to resume the nuclear talks."
    assert [m.participants for m in _meetings(text, date(2023, 10, 11))] == [[]]


@pytest.mark.parametrize(
    ("text", "status"),
    [
        # Near misses: agreeing to talks makes one a party; telling reporters of talks is speech, not urging.
        ("Russian Foreign Minister Sergei Lavrov agreed to resume talks with Secretary of State Antony Blinken "
         "in Geneva.", "planned"),
        ("Russian Foreign Minister Sergei Lavrov told reporters that his talks with Secretary of State "
         "Antony Blinken in Geneva on Friday were useful.", "held"),
    ],
)
def test_who_agrees_to_or_tells_of_talks_is_a_party(text: str, status: str) -> None:
    (meeting,) = _meetings(text, date(2023, 10, 11))
    assert (meeting.status, set(meeting.participants)) == (status, {"sergey_lavrov", "antony_blinken"})


def test_a_plan_is_not_dated_by_the_past_of_the_talks_it_resumes() -> None:
    text = "North Korea agreed to resume the nuclear talks it abandoned in 2019."
    assert [(m.status, m.date) for m in _meetings(text, date(2023, 10, 11))] == [("planned", None)]


def test_a_plan_is_dated_by_a_clause_that_tells_its_own_time() -> None:
    # Near miss: a relative clause in the future tells when the planned talks will be.
    text = "North Korea agreed to resume the nuclear talks that will be held in Geneva in May."
    assert [(m.status, m.date, m.place) for m in _meetings(text, date(2023, 10, 11))] == [
        ("planned", "2024-05", "Geneva")]


def test_a_meeting_told_as_recent_is_background_apart_from_the_reports_own() -> None:
    text = ("Canadian Prime Minister Justin Trudeau held talks with Indian Prime Minister Narendra Modi "
            "in New Delhi on Monday.\n\nModi recently presided over a summit of farm unions.")
    found = _meetings(text, date(2023, 10, 11))
    assert [(m.date, m.format, m.status) for m in found] == [
        ("2023-10-09", "bilateral", "held"), (None, "summit", "background")]


def test_a_meeting_told_as_recent_is_not_of_the_reports_day() -> None:
    text = "Canadian Prime Minister Justin Trudeau recently met Indian Prime Minister Narendra Modi."
    assert [(m.date, m.status) for m in _meetings(text, date(2023, 10, 11))] == [(None, "background")]


def test_a_recent_meeting_in_a_relative_clause_leaves_the_reports_meeting_alone() -> None:
    # Near miss: the sentence's own meeting is dated and placed; "who recently met Xi" takes nothing from it.
    text = ("Canadian Prime Minister Justin Trudeau, who recently met Chinese President Xi Jinping, held talks "
            "with Indian Prime Minister Narendra Modi in New Delhi on Monday.")
    assert [(m.date, m.place, m.status) for m in _meetings(text, date(2023, 10, 11))] == [
        ("2023-10-09", "New Delhi", "held")]


@pytest.mark.parametrize("absence", [
    "Canadian Prime Minister Justin Trudeau was not invited.",
    "Canadian Prime Minister Justin Trudeau did not attend.",
    "Canadian Prime Minister Justin Trudeau stayed away.",
    "Canadian Prime Minister Justin Trudeau skipped the gathering.",
    "Canadian Prime Minister Justin Trudeau was absent.",
])
def test_a_leader_the_report_says_took_no_part_is_no_participant(absence: str) -> None:
    text = ("The leaders of France and Germany held a summit in Paris on Tuesday.\n\n"
            f"French President Emmanuel Macron said the talks went well. {absence}")
    (summit,) = _held(_meetings(text, date(2023, 5, 10)))
    assert "emmanuel_macron" in summit.participants
    assert "justin_trudeau" not in summit.participants


def test_a_leader_invited_or_attending_stays_a_participant() -> None:
    # Near misses: the same verbs, not denied, and a denial of something else.
    text = ("The leaders of France and Germany held a summit in Paris on Tuesday.\n\n"
            "Canadian Prime Minister Justin Trudeau was invited and attended. "
            "French President Emmanuel Macron did not sign the statement.")
    (summit,) = _held(_meetings(text, date(2023, 5, 10)))
    assert {"justin_trudeau", "emmanuel_macron"} <= set(summit.participants)


def test_a_conclave_held_in_another_city_places_the_meeting_not_the_dateline() -> None:
    text = ("PARIS - European leaders gathered Friday to discuss the budget.\n\n"
            "The proposals were part of a wide-ranging conclave held in Vienna, Austria, on how to spend less.\n\n"
            "German Chancellor Olaf Scholz said Friday as he entered the talks that money was short.")
    (meeting,) = _held(_meetings(text, date(2023, 5, 12)))
    assert meeting.place == "Vienna"


def test_a_conclave_with_no_city_of_its_own_takes_the_dateline() -> None:
    # Near miss: nothing names another city, so the dateline's stands.
    text = ("PARIS - European leaders gathered Friday to discuss the budget.\n\n"
            "The proposals were part of a wide-ranging conclave on how to spend less.\n\n"
            "German Chancellor Olaf Scholz said Friday as he entered the talks that money was short.")
    (meeting,) = _held(_meetings(text, date(2023, 5, 12)))
    assert meeting.place == "Paris"


_SESSION_THEN_RECALLED_SUMMIT = (
    "Officials of France and Germany held a session in Paris on Tuesday.\n\n"
    "A summit between French President Emmanuel Macron and German Chancellor Olaf Scholz in Berlin "
    "in June 2022 had failed.\n\n")


def test_negotiations_told_after_other_meetings_do_not_give_their_people_to_an_earlier_one() -> None:
    text = _SESSION_THEN_RECALLED_SUMMIT + (
        "French Foreign Minister Catherine Colonna and German Foreign Minister Annalena Baerbock "
        "began negotiations with China.")
    found = _meetings(text, date(2023, 5, 10))
    session = next(m for m in found if m.trigger == "session")
    assert session.participants == []
    talks = next(m for m in found if m.trigger == "negotiations")
    assert set(talks.participants) == {"catherine_colonna", "annalena_baerbock"}


def test_the_session_pointed_back_at_keeps_its_speaker() -> None:
    # Near miss: "after the session" points back at the session told first.
    text = _SESSION_THEN_RECALLED_SUMMIT + (
        "French Foreign Minister Catherine Colonna said after the session that it went well.")
    found = _meetings(text, date(2023, 5, 10))
    session = next(m for m in found if m.trigger == "session")
    assert session.participants == ["catherine_colonna"]


@pytest.mark.parametrize(("text", "status"), [
    ("Critics questioned her decision to meet with French President Emmanuel Macron at the end of June in Paris.",
     "held"),
    # Near miss: a month with no year that may be the coming one stays a plan.
    ("Critics questioned her decision to meet with French President Emmanuel Macron at the end of November in Paris.",
     "planned"),
])
def test_a_plan_dated_before_the_report_took_place(text: str, status: str) -> None:
    (meeting,) = _meetings(text, date(2023, 9, 20))
    assert (meeting.status, meeting.place) == (status, "Paris")


def test_an_invitation_followed_by_the_meeting_told_is_a_meeting_held() -> None:
    text = ("German Chancellor Olaf Scholz invited French President Emmanuel Macron to a meeting in Berlin. "
            "The meeting hardly improved relations.")
    (meeting,) = _meetings(text, date(2023, 9, 20))
    assert (meeting.status, meeting.place) == ("held", "Berlin")
    assert set(meeting.participants) == {"olaf_scholz", "emmanuel_macron"}


@pytest.mark.parametrize("after", ["The meeting would focus on trade.",
                                   "Prices rose. Exports fell. The meeting hardly improved relations."])
def test_an_invitation_followed_by_a_modal_or_a_distant_meeting_stays_a_plan(after: str) -> None:
    # Near misses: the meeting still to come, or told too far from the invitation to be its meeting.
    text = f"German Chancellor Olaf Scholz invited French President Emmanuel Macron to a meeting in Berlin. {after}"
    assert [m.place for m in _meetings(text, date(2023, 9, 20)) if m.status == "planned"] == ["Berlin"]


_SUMMIT_LEAD = ("The leaders of France and Germany held a summit in Paris on Tuesday.\n\n"
                "French President Emmanuel Macron said Europe must spend more on defence. ")


@pytest.mark.parametrize("passing", [
    "The call followed a tough push from US President Joe Biden for more spending.",
    "Scholz, like US President Joe Biden, wants more spending.",
])
def test_a_leader_only_spoken_of_elsewhere_in_the_report_is_no_summit_participant(passing: str) -> None:
    (summit,) = _held(_meetings(_SUMMIT_LEAD + passing, date(2023, 10, 11)))
    assert "emmanuel_macron" in summit.participants
    assert "joe_biden" not in summit.participants


@pytest.mark.parametrize("acting", [
    "US President Joe Biden backed the plan.",
    "The plan was backed by US President Joe Biden.",
])
def test_a_leader_acting_elsewhere_in_the_report_stays_a_summit_participant(acting: str) -> None:
    # Near misses: the report's own summit takes the leaders that act anywhere in it (as before).
    (summit,) = _held(_meetings(_SUMMIT_LEAD + acting, date(2023, 10, 11)))
    assert "joe_biden" in summit.participants
