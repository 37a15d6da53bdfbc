"""Heads of real pages: front matter, date stamps, wire agencies, addresses.

Every page here is written for the test, in the layouts real sites use.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from dyad.ingest.credits import agency_credit, date_from_url
from dyad.ingest.dates import parse_date_line
from dyad.ingest.front import read_front_matter
from dyad.ingest.page import Hints, parse_page
from dyad.ingest.publishers import (
    agency_name,
    publisher_from_url,
    registered_domain,
    unwrap_archive,
)
from dyad.wording import date_method

BODY = (
    "The two foreign ministers met for three hours and agreed to open a hotline between their navies.\n\n"
    "Officials said a second round of talks would follow before the end of the year."
)


def _one(text: str, hints: Hints | None = None):
    (item,) = parse_page(text, hints)
    return item


# -- front matter -------------------------------------------------------------


def test_saved_date_glued_to_the_first_paragraph_is_split_off() -> None:
    front = read_front_matter(" date 2019-03-04 Lisbon: The two ministers met on Monday.")
    assert (front.saved, front.text) == ("2019-03-04", "Lisbon: The two ministers met on Monday.")


def test_url_line_gives_a_text_file_its_address_and_publisher() -> None:
    item = _one(
        f"url: https://www.aljazeera.com/news/2019/3/4/ministers-meet\n\nMinisters meet\n\n{BODY}"
    )
    assert item.publisher == "Al Jazeera"
    assert item.published and (item.published.value, item.published.method) == ("2019-03-04", "url")
    assert not item.text.startswith("url:")


@pytest.mark.parametrize(
    "text",
    [
        "Date: March 5, 2021 was chosen for the vote, the minister said.",
        "Dates 2020-10-10 and 2020-10-11 are set aside for the talks.",
        "URL shorteners were banned by the ministry on Monday.",
    ],
)
def test_article_that_starts_like_front_matter_is_left_alone(text: str) -> None:
    front = read_front_matter(text)
    assert (front.url, front.saved, front.text) == (None, None, text)


def test_a_date_stamp_in_the_page_beats_the_saved_date() -> None:
    item = _one(f" date 2019-03-05 Ministers meet in Lisbon\n\n4 March 2019\n\n{BODY}")
    assert item.published and (item.published.value, item.published.method) == (
        "2019-03-04",
        "text",
    )
    assert item.title == "Ministers meet in Lisbon"


def test_saved_date_dates_a_page_with_no_stamp_of_its_own() -> None:
    item = _one(f" date 2019-03-05 Ministers meet in Lisbon\n\n{BODY}")
    assert item.published and (item.published.value, item.published.method) == (
        "2019-03-05",
        "saved",
    )


# -- date stamps --------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("Published 09:05 IST, March 4th 2019", "2019-03-04"),
        ("08:40 JST, March 4, 2019", "2019-03-04"),
        ("March 4, 2019 – 18:45", "2019-03-04"),
        ("4 March 201918:45", "2019-03-04"),
        ("Mar 4, 2019 10:14 IST", "2019-03-04"),
        ("Monday, March 4, 2019 at 6:05 p.m. ET", "2019-03-04"),
        ("[Date] March 4, 2019", "2019-03-04"),
        ("Posted on: 2019-03-04 | Updated: 2019-03-06", "2019-03-04"),
        ("Last updated 6 March 2019 | First published 4 March 2019", "2019-03-04"),
        ("Issued on 04.03.2019", "2019-03-04"),
        ("March 2019", "2019-03"),
        ("Published: 14/03/2019", "2019-03-14"),
        ("14.03.2019 | 09:10", "2019-03-14"),
        ("03/14/2019 9:10 AM", "2019-03-14"),
        ("14-03-2019", "2019-03-14"),
        ("First published on: 14-03-2019 at 09:10 IST", "2019-03-14"),
        ("Posted On: 14 MAR 2019 9:10AM by the Press Office", "2019-03-14"),
        ("March 14, 2019 / 9:10 AM / Updated 2 years ago", "2019-03-14"),
        ("Mar 14, 2019 | Updated 11:40 IST", "2019-03-14"),
        ("14 Mar 2019 | 4 min read", "2019-03-14"),
        ("Mar 14, 2019 | By Jane Roe", "2019-03-14"),
        ("Thu, 14 Mar 2019 09:10:00 +0530", "2019-03-14"),
        ("Released: March 14, 2019", "2019-03-14"),
    ],
)
def test_date_stamp_shapes(line: str, value: str) -> None:
    found = parse_date_line(line)
    assert found is not None and found.value == value and not found.updated


def test_an_updated_date_alone_is_marked_as_such() -> None:
    found = parse_date_line("Updated: Mar 6, 2019, 07:30 GMT")
    assert found is not None and (found.value, found.updated) == ("2019-03-06", True)


def test_relative_stamp_needs_the_day_the_page_was_saved() -> None:
    assert parse_date_line("3 hours ago") is None
    found = parse_date_line("3 hours ago", saved="2019-03-04")
    assert found is not None and found.value == "2019-03-04"
    found = parse_date_line("2 days ago", saved="2019-03-04")
    assert found is not None and found.value == "2019-03-02"


@pytest.mark.parametrize(
    "line",
    [
        "The summit was held on March 4, 2019 in Lisbon.",
        "Published",
        "2019",
        "Talks resume March 4, 2019 after a pause",
        "Minister Jane Roe, March 4, 2019, Lisbon, Portugal and other places to be named later on in the year",
        "Published: 04/03/2019",  # day first or month first: no telling which
        "14:05 | 16:30",
        "Analysis | Why the talks failed on March 14, 2019",
        "World | Mar 14, 2019",
    ],
)
def test_lines_that_are_not_date_stamps(line: str) -> None:
    assert parse_date_line(line) is None


def test_byline_with_a_date_gives_both() -> None:
    item = _one(f"Ministers meet in Lisbon\n\nAna Sousa-Ferreira , Monday 4 Mar 2019\n\n{BODY}")
    assert item.byline == "Ana Sousa-Ferreira"
    assert item.published and item.published.value == "2019-03-04"


def test_labelled_fields_of_a_document_archive() -> None:
    item = _one(
        f"[Title] Joint Statement of the Two Ministers\n[Place]\n[Date] March 4, 2019\n\n{BODY}"
    )
    assert item.title == "Joint Statement of the Two Ministers"
    assert item.published and item.published.value == "2019-03-04"


def test_date_line_below_a_caption_dates_the_article() -> None:
    text = (
        "Ministers meet in Lisbon\n\n"
        "The two ministers, left and right, shake hands before their meeting in Lisbon on Monday.\n"
        f"11:20 WET, March 4, 2019\n{BODY}"
    )
    item = _one(text)
    assert item.published and item.published.value == "2019-03-04"
    assert "11:20" not in item.text


# -- wire agencies --------------------------------------------------------------


def test_agency_credit_line_under_a_byline_is_the_agency_not_the_publisher() -> None:
    item = _one(
        f"Ministers meet in Lisbon\n\nBy JANE ROE\n\nAssociated Press\n\n{BODY}",
        Hints(url="https://www.latestly.com/x"),
    )
    assert (item.publisher, item.agency) == ("LatestLY", "Associated Press")


def test_byline_with_agency_after_a_bar() -> None:
    item = _one(f"Ministers meet in Lisbon\n\nBy Jane Roe | Reuters\n\n{BODY}")
    assert (item.byline, item.agency) == ("Jane Roe", "Reuters")


def test_wire_dateline_names_the_agency_and_stands_in_for_an_unknown_publisher() -> None:
    item = _one(
        "Ministers meet\n\nLISBON, March 4 (Reuters) - The two foreign ministers met on Monday and talked."
    )
    assert (item.publisher, item.agency) == ("Reuters", "Reuters")


@pytest.mark.parametrize(
    ("text", "agency"),
    [
        (
            "The ministers met on Monday.\n\nThey agreed to meet again, the minister said. (ANI)",
            "Asian News International",
        ),
        ("The ministers met on Monday.\n\nWith inputs from PTI", "Press Trust of India"),
        ("The ministers met on Monday.\n\n(Reporting by Jane Roe; Editing by John Doe)", "Reuters"),
        ("The ministers met on Monday.\n\n(AFP/Reuters)", "Agence France-Presse"),
    ],
)
def test_credits_at_the_foot_of_wire_copy(text: str, agency: str) -> None:
    assert agency_credit(text) == agency


@pytest.mark.parametrize(
    "text",
    [
        "The ministers met on Monday.\n\nThe talks were chaired by the United Nations (UN)",
        "The ministers met on Monday.\n\nThe report was first published by Reuters on Sunday.",
        "The ministers met on Monday.\n\nThe meeting was hosted by the Association of Southeast Asian Nations (ASEAN)",
    ],
)
def test_mentions_of_organisations_are_not_credits(text: str) -> None:
    assert agency_credit(text) is None


def test_agency_names_are_read_in_their_short_forms() -> None:
    assert agency_name("AP") == "Associated Press"
    assert agency_name("REUTERS") == "Reuters"
    assert agency_name("The Guardian") is None


# -- addresses --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "value"),
    [
        ("https://example.org/world/2019/03/04/ministers-meet/", "2019-03-04"),
        ("https://example.org/politics/20190304-12345/", "2019-03-04"),
        ("https://example.org/news/ministers-meet-2019-03-04.html", "2019-03-04"),
        ("https://example.org/news/2019/mar/04/ministers-meet", "2019-03-04"),
        ("https://example.org/2019/03/ministers-meet.html", "2019-03"),
    ],
)
def test_dates_in_addresses(url: str, value: str) -> None:
    found = date_from_url(url)
    assert found is not None and found[0] == value


def test_numbers_in_addresses_that_are_not_dates() -> None:
    assert date_from_url("https://example.org/news/story-4185567/") is None
    assert date_from_url("https://example.org/archives/2003744729") is None


def test_web_archive_address_is_unwrapped_to_the_original_host() -> None:
    url = "https://web.archive.org/web/20190305101500/https://www.aljazeera.com/news/story"
    assert unwrap_archive(url) == ("https://www.aljazeera.com/news/story", "2019-03-05")
    assert publisher_from_url(url) == "Al Jazeera"


def test_unknown_host_is_named_by_its_registered_domain() -> None:
    assert registered_domain("news.example.co.uk") == "example.co.uk"
    assert registered_domain("www.example.com") == "example.com"
    assert publisher_from_url("https://edition.example-daily.com/a") == "example-daily.com"


# -- furniture on unseen sites ----------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "An official website of the United States Government Here's how you know",
        "Official websites use .gov",
        "Secure .gov websites use HTTPS",
        "[Audio not playing? Click here to listen » https://example.org/a/1]",
        "free Sign Up",
        "Get the morning briefing of The Example Post straight to your inbox and never miss a story",
        "Media caption,",
        "Home > World > Europe",
    ],
)
def test_template_lines_are_furniture(line: str) -> None:
    item = _one(f"Ministers meet in Lisbon\n\n{line}\n\n{BODY}")
    assert line not in item.text and line in item.removed


@pytest.mark.parametrize(
    "line",
    [
        "The embassy said its official websites use the same address as before the move.",
        "Officials said they would click here and there through the proposals before the vote.",
        "Home ministers of the two countries met on Monday to discuss the border.",
    ],
)
def test_sentences_like_furniture_stay(line: str) -> None:
    item = _one(f"Ministers meet in Lisbon\n\n{line}\n\n{BODY}")
    assert line in item.text


def test_breadcrumb_ending_with_the_title_goes() -> None:
    title = "Ministers agree to open a naval hotline after talks in Lisbon."
    item = _one(f"Home World {title}\n{title}\n\n{BODY}")
    assert f"Home World {title}" in item.removed
    assert not item.text.startswith("Home")


def test_sentence_cut_off_by_the_end_of_a_scrape_is_kept() -> None:
    cut = "The ministers also agreed that their coast guards would hold a joint exercise near the"
    item = _one(f"Ministers meet in Lisbon\n\n{BODY}\n\n{cut}")
    assert item.text.endswith(cut)


def test_trailing_related_headlines_still_go() -> None:
    teasers = "Prime Minister Visits Naval Base, Meets Sailors\n\nOpposition Leader Calls For Early Election In Spring"
    item = _one(f"Ministers meet in Lisbon\n\n{BODY}\n\n{teasers}")
    assert "Naval Base" not in item.text and "Early Election" not in item.text


def test_cut_sentence_full_of_names_is_kept_at_the_end() -> None:
    cut = (
        "Portuguese Foreign Minister Ana Sousa and Spanish Foreign Minister Luis Ortega were joined by "
        "Defence Minister Carlos Lima, who also met with Prime Minister"
    )
    item = _one(f"Ministers meet in Lisbon\n\n{BODY}\n\n{cut}")
    assert item.text.endswith(cut)


def test_cut_line_holding_a_whole_sentence_is_kept_after_a_list() -> None:
    cut = "In short, the ministers agreed on a long list of steps. The next round of"
    item = _one(
        f"Ministers meet in Lisbon\n\n{BODY}\n\nOpen A Naval Hotline\nHold Joint Coast Guard Drills\n{cut}"
    )
    assert item.text.endswith(cut)


def test_single_teaser_followed_by_a_credit_still_goes() -> None:
    teaser = "Prime minister visits naval base and meets sailors in the south"
    item = _one(f"Ministers meet in Lisbon\n\n{BODY}\n\n{teaser}\n\nab/cd (Reuters, AFP)")
    assert teaser not in item.text


# -- titles -------------------------------------------------------------------------


def test_title_is_the_headline_not_the_standfirst_below_it() -> None:
    dek = "TALKS IN LISBON: The two ministers agreed on a hotline and said more talks would follow this year"
    item = _one(f"Ministers agree on naval hotline\n\n{dek}\n\nBy Jane Roe\n\n{BODY}")
    assert item.title == "Ministers agree on naval hotline"
    assert dek in item.text


def test_issuing_office_above_a_release_is_not_its_title() -> None:
    title = "Joint Statement on the Second Round of Maritime Consultations"
    item = _one(f"Press Releases\n\nMinistry of Foreign Affairs\n\n{title}\n\n{BODY}")
    assert item.title == title


def test_headline_printed_again_as_the_lead_is_the_title() -> None:
    lead = "Portugal and Spain held talks on maritime security, and agreed to open a naval hotline."
    item = _one(f"{lead}\n{lead}\n\n{BODY}")
    assert item.title == lead and item.text.startswith(BODY[:40])


def test_long_unpunctuated_first_line_of_a_transcript_is_its_title() -> None:
    title = (
        "Remarks by the Foreign Minister at a joint press conference with the Foreign Minister of "
        "Spain following their talks, Lisbon, March 4, 2019"
    )
    item = _one(f"4 March 2019 18:00\n\n{title}\n\n{BODY}")
    assert item.title == title


def test_byline_and_agency_at_the_top_are_not_titles() -> None:
    item = _one(f"By JANE ROE\n\nAssociated Press\n\n{BODY}")
    assert item.title is None and item.byline == "JANE ROE" and item.agency == "Associated Press"


def test_picture_file_name_is_furniture() -> None:
    name = "Copy of 2019-03-04T101500Z_1_LISBON-TALKS-HOTLINE_16004"
    item = _one(f"Ministers meet in Lisbon\n\n{name}\n\n{BODY}")
    assert name in item.removed and item.title == "Ministers meet in Lisbon"


def test_updated_date_is_kept_apart_from_the_published_one() -> None:
    item = _one(f"Ministers meet in Lisbon\n\nUpdated: March 6, 2019\nPublished: March 4, 2019\n\n{BODY}")
    assert item.published and item.published.value == "2019-03-04"
    assert item.updated == "2019-03-06"


def test_a_page_that_shows_only_its_update_is_dated_by_it_and_says_so() -> None:
    item = _one(f"Ministers meet in Lisbon\n\nUpdated on Mar 6, 2019 09:15 IST\n\n{BODY}")
    assert item.published is not None
    assert (item.published.value, item.published.method, item.updated) == ("2019-03-06", "updated", "2019-03-06")
    assert date_method("updated") == "the page's last update (it shows no first date)"
    url = Hints(url="https://example.org/2019/03/05/ministers-meet")  # any other date comes first
    assert _one(f"Ministers meet in Lisbon\n\nUpdated on Mar 6, 2019\n\n{BODY}", url).published.method == "url"


# -- whole pages in real layouts (fixtures/heads.yaml) ------------------------------

LAYOUTS = yaml.safe_load((Path(__file__).parent / "fixtures" / "heads.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", LAYOUTS, ids=[case["layout"] for case in LAYOUTS])
def test_page_layouts(case: dict) -> None:
    items = parse_page(case["page"])
    assert items, "the page must still give an article"
    item = items[0]
    found = {
        "title": item.title,
        "publisher": item.publisher,
        "published": item.published.value if item.published else None,
        "updated": item.updated,
        "agency": item.agency,
        "byline": item.byline,
    }
    for name, want in (case.get("expect") or {}).items():
        assert found[name] == want, name
    for line in case.get("gone", []):
        assert line not in item.text, line
    for line in case.get("kept", []):
        assert line in item.text, line


def test_unnumbered_list_of_actions_stays_but_title_case_teasers_go() -> None:
    actions = [
        "Open a naval hotline between the two fleets and staff it around the clock from the first of next month",
        "Hold a joint coast guard exercise near the islands before the end of the year and invite observers",
    ]
    teasers = [
        "Prime Minister Visits Naval Base, Meets Sailors And Their Families Before Leaving For The Capital Tonight",
        "Opposition Leader Calls For Early Election In Spring",
    ]
    page = f"Ministers meet in Lisbon\n\n{BODY}\n\n" + "\n".join(actions) + "\n\nRelated\n" + "\n".join(teasers)
    item = _one(page)
    assert all(a in item.text for a in actions)
    assert not any(t in item.text for t in teasers)


def test_several_decks_under_the_title_stay_as_text() -> None:
    decks = ["Before The Talks, Ministers Inspect Honour Guard", "On The Naval Hotline"]
    item = _one("Ministers Agree On Naval Hotline In Lisbon\n" + "\n".join(decks) + f"\n{BODY}")
    assert item.title == "Ministers Agree On Naval Hotline In Lisbon"
    assert all(deck in item.text for deck in decks)


@pytest.mark.parametrize(("line", "publisher"), [
    ("Gulf News", "Gulf News"),
    ("TRT World", "TRT World"),
    ("GulfNews.com", "Gulf News"),
])
def test_a_known_outlets_name_above_the_title_is_the_publisher(line: str, publisher: str) -> None:
    item = _one(f"{line}\nMinisters Agree On Naval Hotline In Lisbon\n{BODY}")
    assert (item.publisher, item.title) == (publisher, "Ministers Agree On Naval Hotline In Lisbon")
    assert line not in item.text


@pytest.mark.parametrize("line", ["World", "Home | World | Gulf News", "Unknownsite.com", "U.S."])
def test_other_lines_above_the_title_name_no_publisher(line: str) -> None:
    assert _one(f"{line}\nMinisters Agree On Naval Hotline In Lisbon\n{BODY}").publisher is None


def test_an_archives_masthead_above_a_title_field_goes() -> None:
    masthead = ["The Iberian Relations Archive (Project Leader: Ana Roe)", "Database of Iberian Diplomacy"]
    page = "\n".join(masthead) + f"\n\n[Title] Joint Statement of the Two Ministers\n[Date] March 4, 2019\n\n{BODY}"
    item = _one(page)
    assert item.title == "Joint Statement of the Two Ministers"
    assert not any(line in item.text for line in masthead)


@pytest.mark.parametrize("line", ["By Jane Roe and John Doe", "Jane Roe and John Doe", "Ana Sousa-Ferreira"])
def test_names_are_bylines(line: str) -> None:
    from dyad.ingest.header import is_byline

    assert is_byline(line)


@pytest.mark.parametrize("line", ["On The Naval Hotline", "Ministers Meet In Lisbon", "After The Summit"])
def test_title_case_decks_are_not_bylines(line: str) -> None:
    from dyad.ingest.header import is_byline

    assert not is_byline(line)


def test_a_run_of_short_action_items_is_kept_as_text() -> None:
    from dyad.ingest.page import parse_page

    text = ("Ministers agree on a new plan\n\nThe ministers committed to the following, among other pledges:\n"
            "Allocate funds for maritime security from the next budget, working with parliament and partners\n"
            "Increase investments in agreed locations\nAdvance cyber cooperation\n"
            "Bolster coast guard patrols to promote safety at sea and expand coordination with partners\n")
    body = parse_page(text)[0].text
    assert "Increase investments in agreed locations" in body and "Advance cyber cooperation" in body
