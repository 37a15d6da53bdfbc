"""Line shapes, furniture phrases, dates and normalisation, as tables of cases."""

from __future__ import annotations

import pytest

from dyad.ingest.dates import parse_date, parse_metadata_date
from dyad.ingest.header import is_byline
from dyad.ingest.lines import furniture_kind, is_body, is_heading
from dyad.ingest.normalize import normalize_text
from dyad.ingest.publishers import canonical_publisher, looks_like_masthead, publisher_from_url
from dyad.ingest.split import dateline_at, is_source_line


@pytest.mark.parametrize(
    "line",
    [
        "Skip to main content",
        "3. Skip to more DW sites",
        "prev next",
        "« Previous | Next »",
        "Back to top",
        "Leave a comment",
        "Comments are closed",
        "12 comments",
        "Share this article",
        "Follow us on Twitter, Facebook",
        "Image: Getty Images/AFP/K. Nogi",
        "Photo: Wojtek Radwanski/AFP",
        "REUTERS/Issei Kato",
        "AP Photo/Eugene Hoshiko",
        "画像2",
        "Subscribe to our weekly newsletter",
        "We use cookies to improve your experience on our site.",
        "© 2021 Example News. All rights reserved.",
        "Related articles",
        "You may also like:",
    ],
)
def test_furniture_lines_are_recognised(line: str) -> None:
    assert furniture_kind(line) is not None


@pytest.mark.parametrize(
    "line",
    [
        "The minister told Reuters that talks would resume next week.",
        "Share prices in Tokyo fell after the announcement.",
        "He said the comments were taken out of context.",
        "Next year the two sides will meet in Moscow.",
        "The photo shows the foreign ministers shaking hands in Tokyo.",
        "Subscribers to the treaty must report their stockpiles.",
        "Back to the negotiating table, the envoys resumed work on Monday.",
        "Home affairs ministers from the EU met in Brussels to discuss migration.",
        "Kuril Islands, Russia",
        "Japan's US co-operation irks Russians",
    ],
)
def test_prose_and_headings_are_not_furniture(line: str) -> None:
    assert furniture_kind(line) is None


def test_patterns_found_anywhere_give_what_their_full_match_gives() -> None:
    import re

    from dyad.data import load_yaml
    from dyad.ingest.lines import _anywhere

    lines = ["Readers who sign up get the morning e-mail", "To read on, please accept cookies and reload",
             "Our editors send out a selection twice a week.", "The council will register for the talks",
             "Sign up for\nthe newsletter", "Please accept cookies\nthen read on", "The talks were frank."]
    full = [(group, [re.compile(p, re.I) for p in patterns]) for group, patterns in load_yaml("furniture.yaml").items()]
    for line in lines:
        expected = next((group for group, patterns in full if any(p.fullmatch(line) for p in patterns)), None)
        assert furniture_kind(line) == expected, line
    assert [furniture_kind(line) for line in lines[:3]] == ["engagement"] * 3
    assert [_anywhere(p) for p in (".*cookies.*", ".*a|b.*", ".*?a.*", ".*a[.]*", ".*(a|b.*)", "we use cookies.*")] == [
        True, False, False, False, False, False]


@pytest.mark.parametrize(
    "line,body,heading",
    [
        ("He declined to comment.", False, False),
        ("Lavrov defended his country's actions, saying the forces were active.", True, False),
        ("Islands blocking formal end of World War II hostilities", False, True),
        ("“We made no secret of the fact,” Shoigu said.", True, False),
        ("(1) Communication of Japan’s stance", False, True),
    ],
)
def test_line_shapes(line: str, body: bool, heading: bool) -> None:
    assert is_body(line) is body
    assert is_heading(line) is heading


@pytest.mark.parametrize(
    "text,expected",
    [
        ("May 30, 2019", ("2019-05-30", "day")),
        ("Thursday, 30 May 2019, 10:20 GMT", ("2019-05-30", "day")),
        ("Published: 14 June 2023", ("2023-06-14", "day")),
        ("Updated on 2021-03-04", ("2021-03-04", "day")),
        ("November 2", ("--11-02", "monthday")),
        ("Feb. 29", ("--02-29", "monthday")),
        ("March 2018", ("2018-03", "month")),
        ("February 30, 2019", None),
        ("May be", None),
        ("March on Washington", None),
        ("Kuril Islands, Russia", None),
    ],
)
def test_parse_date(text: str, expected: tuple[str, str] | None) -> None:
    assert parse_date(text) == expected


def test_metadata_dates_in_other_formats() -> None:
    assert parse_metadata_date("Thu, 30 May 2019 10:00:00 GMT") == ("2019-05-30", "day")
    assert parse_metadata_date("not a date at all") is None


@pytest.mark.parametrize(
    "text,place,date,agency",
    [
        ("TOKYO, November 2 (RIA Novosti) – Russian concern over", "TOKYO", "November 2", "RIA Novosti"),
        ("MOSCOW (Reuters) - The Kremlin said", "MOSCOW", None, "Reuters"),
        ("WASHINGTON, Nov. 3, 2020 (AP) — The State Department", "WASHINGTON", "Nov. 3, 2020", "AP"),
        ("SEOUL, March 4 – North Korea fired", "SEOUL", "March 4", None),
        ("MOSCOW, March 4. /TASS/. The Kremlin said", "MOSCOW", "March 4", "TASS"),
        ("Minsk, March 4, 2020 /BelTA/ The talks", "Minsk", "March 4, 2020", "BelTA"),
    ],
)
def test_datelines(text: str, place: str, date: str | None, agency: str | None) -> None:
    match = dateline_at(text)
    assert match is not None
    assert (match.group("place"), match.group("date"), match.group("agency")) == (place, date, agency)


@pytest.mark.parametrize("text", ["US – Japan talks resume", "The talks - in Tokyo - went well", "NATO said on Monday",
                                  "Prices, March 4. /Updated/ daily"])
def test_not_datelines(text: str) -> None:
    assert dateline_at(text) is None


@pytest.mark.parametrize(
    "line,expected",
    [
        ("(Source: Deutsche Welle German Radio; issued May 30, 2019)", True),
        ("Source: Kyodo News, 30 November 2019", True),
        ("The source of the leak was never identified by the ministry or the police.", False),
    ],
)
def test_source_lines(line: str, expected: bool) -> None:
    assert is_source_line(line) is expected


@pytest.mark.parametrize(
    "line,expected",
    [
        ("Joachim de Villiers and Lee Jay Walker", True),
        ("By Anna Kowalczyk", True),
        ("js/sms (AP, dpa)", True),
        ("Japan-Russia Relations", False),
        ("South Korea", False),
        ("Modern Tokyo Times", False),
    ],
)
def test_bylines(line: str, expected: bool) -> None:
    assert is_byline(line) is expected


def test_publisher_names() -> None:
    assert canonical_publisher("Deutsche Welle German Radio") == "Deutsche Welle"
    assert canonical_publisher("Some Local Paper") == "Some Local Paper"
    assert looks_like_masthead("Modern Tokyo Times") and looks_like_masthead("The Korea Herald")
    assert not looks_like_masthead("Russian Federation and Japan increasing their security ties")
    assert publisher_from_url("https://www.dw.com/en/x/a-1") == "Deutsche Welle"
    assert publisher_from_url(None) is None


@pytest.mark.parametrize(
    "raw,clean",
    [
        ("defen\u0441e", "defence"),  # Cyrillic es inside a Latin word
        ("Москва", "Москва"),  # real Cyrillic stays
        ("a\u00a0b\u200bc", "a bc"),
        ("cafe\u0301", "café"),  # NFD to NFC
        ("one  two\r\nthree", "one two\nthree"),
        ("made public \u2015 Ellis said", "made public \u2014 Ellis said"),  # a horizontal bar as a dash
        ("1\u20122", "1\u20142"),
        ("in 1990\u20131995 \u2014 then", "in 1990\u20131995 \u2014 then"),  # near misses: en and em dash stay
    ],
)
def test_normalize(raw: str, clean: str) -> None:
    assert normalize_text(raw) == clean
