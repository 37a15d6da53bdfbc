"""Tests for pulling the article and its metadata out of an HTML page."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import InputError
from dyad.ingest.html import NO_TEXT, HtmlArticle, extract_html

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any attempt to open a connection fail the test."""

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("extraction tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.fixture
def article(no_network: None) -> HtmlArticle:
    html = (FIXTURES / "news_article.html").read_text(encoding="utf-8")
    return extract_html(html, "https://ledger.example.org/world/x", "news_article.html")


def test_metadata_is_read(article: HtmlArticle) -> None:
    assert article.title == "Coastal states agree to joint patrol talks"
    assert article.author == "Mirela Tanaka-Ossipova"
    assert article.date == "2021-03-14"
    assert article.sitename == "The Harbour Ledger"
    assert article.url == "https://ledger.example.org/world/2021/03/joint-patrol-talks"
    assert article.hostname is not None and article.hostname.endswith("example.org")
    assert article.description is not None and article.description.startswith("Foreign and")


def test_article_paragraphs_are_kept_apart(article: HtmlArticle) -> None:
    paragraphs = article.text.split("\n\n")
    starts = ["PORT CALDER", "Norland's foreign minister", "The two defence", "Analysts in both"]
    for start in starts:
        assert sum(p.startswith(start) for p in paragraphs) == 1, start
    assert all("\n" not in p for p in paragraphs)  # no paragraph glued to another


@pytest.mark.parametrize(
    "furniture",
    [
        "cookie",
        "Related stories",
        "harbourwatcher",
        "trawler crews",
        "All rights reserved",
        "Subscribe",
        "Politics",
        "analyticsQueue",
        "font-family",
    ],
)
def test_page_furniture_is_left_out(article: HtmlArticle, furniture: str) -> None:
    assert furniture not in article.text


def test_scripts_only_page_has_no_text(no_network: None) -> None:
    html = (FIXTURES / "scripts_only.html").read_text(encoding="utf-8")
    with pytest.raises(InputError) as caught:
        extract_html(html, None, "scripts_only.html")
    assert caught.value.location == "scripts_only.html"
    assert caught.value.reason == NO_TEXT


def test_line_break_inside_a_paragraph_stays_single() -> None:
    html = (
        "<html><body><article><p>Joint statement of the two ministers<br>Port Calder, 14 March</p>"
        "<p>The ministers agreed to meet again in Estavia before the end of the year and to "
        "exchange notices of naval exercises ten days in advance.</p></article></body></html>"
    )
    text = extract_html(html, None, "x.html").text
    assert text.startswith("Joint statement of the two ministers\nPort Calder, 14 March\n\n")


@pytest.mark.parametrize("html", ["", "   ", "no markup at all", "<html></html>", "<<<>>>"])
def test_pages_without_text_raise_input_error(html: str) -> None:
    with pytest.raises(InputError, match="holds no article text"):
        extract_html(html, None, "x.html")


@settings(max_examples=150, deadline=None)
@given(
    st.one_of(
        st.text(max_size=1500),
        st.lists(
            st.sampled_from(
                [
                    "<p>",
                    "</p>",
                    "<div>",
                    "</div>",
                    "<br>",
                    "<script>",
                    "</script>",
                    "<html>",
                    "<meta property='article:published_time' content='2020-13-45'>",
                    "The ministers met in Vell. ",
                    "<h1>",
                    "&amp;",
                    "<!--",
                    "-->",
                    "<table><tr><td>",
                ]
            ),
            max_size=60,
        ).map("".join),
    )
)
def test_extract_html_raises_only_input_error(html: str) -> None:
    try:
        article = extract_html(html, None, "fuzz.html")
    except InputError as exc:
        assert exc.location == "fuzz.html"
    else:
        assert article.text.strip()
