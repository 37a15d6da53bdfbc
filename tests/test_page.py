"""Page parsing on articles written for these tests: splitting, heads, furniture."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad.ingest.page import Hints, parse_page

PAGES = Path(__file__).parent / "fixtures" / "pages"


def _items(name: str):
    return parse_page((PAGES / name).read_text(encoding="utf-8"))


def test_digest_split_on_separator_lines() -> None:
    items = _items("digest_separators.txt")
    assert [i.title for i in items] == [
        "Baltic ministers pledge joint air patrols",
        "Canberra and Jakarta open maritime dialogue",
        "Ottawa names new envoy to the Arctic Council",
    ]
    assert [i.byline for i in items] == ["Maria Lindqvist", "Arif Santoso and Kate O'Brien", "Luc Tremblay"]
    assert [i.published.value for i in items if i.published] == ["2021-03-12", "2021-03-11", "2021-03-10"]
    assert "Weekly Security Digest" in items[0].removed  # the page heading is not an item's title
    assert items[1].text.endswith("A second round is planned for the autumn in Canberra.")


def test_wire_roundup_split_on_datelines() -> None:
    items = _items("wire_roundup.txt")
    assert [(i.title, i.publisher) for i in items] == [
        ("Seoul and Tokyo agree to restart shuttle diplomacy", "Yonhap"),
        ("Brazil hosts Amazon summit of eight nations", "Reuters"),
        ("Turkey offers to mediate grain talks", "Associated Press"),
    ]
    for item in items:
        assert item.published is not None
        assert (item.published.value, item.published.precision, item.published.method) == (
            "--03-04",
            "monthday",
            "dateline",
        )
        assert item.text.split(" ")[0].isupper()  # the dateline stays at the head of the text


def test_source_lines_in_another_shape() -> None:
    items = _items("source_line_variant.txt")
    assert [(i.publisher, i.published.value if i.published else None) for i in items] == [
        ("Kyodo News", "2019-11-30"),
        ("Xinhua", "2023-03-10"),
    ]
    assert all(i.published and i.published.method == "metadata" for i in items)


def test_scraped_article_keeps_prose_and_drops_furniture() -> None:
    (item,) = _items("scraped_article.txt")
    assert item.title == "Ukraine and Poland sign border crossing accord"
    assert item.byline == "Anna Kowalczyk"
    assert item.published and item.published.value == "2023-06-14"
    for furniture in [
        "Skip to content",
        "World",
        "Trucks queue at the Dorohusk crossing",  # a caption: the line above a photo credit
        "Photo: Wojtek Radwanski/AFP",
        "Poland extends ban on Ukrainian grain imports",  # related links with no prose after them
        "Ukraine's exports recover after port deal",
        "Subscribe to our daily newsletter",
        "Share on Facebook Twitter Email",
        "© 2023 Example Media Group. All rights reserved.",
    ]:
        assert furniture in item.removed
        assert furniture not in item.text
    assert "What the accord covers" in item.text.split("\n")  # a subheading prose follows
    assert item.text.count("\n\n") == 4  # paragraphs stay apart
    assert "“a step toward the single market,”" in item.text


def test_lookalike_letters_in_title_and_text() -> None:
    (item,) = _items("confusables.txt")
    assert item.title == "Moscow and Seoul discuss defence exports"
    assert "defence exports" in item.text


def test_given_metadata_wins_over_what_the_page_says() -> None:
    text = "A headline in the page\nMay 1, 2020\nThe foreign ministers met in Geneva on Friday and agreed to meet again."
    (item,) = parse_page(text, Hints(title="Given title", publisher="DW", published="2020-05-02"))
    assert item.title == "Given title"
    assert item.publisher == "Deutsche Welle"  # an alias resolves to the stored name
    assert item.published and (item.published.value, item.published.method) == ("2020-05-02", "metadata")


def test_publisher_from_url_host_when_page_says_nothing() -> None:
    text = "Envoys meet\nThe two envoys met in Vienna on Tuesday to discuss the nuclear file."
    (item,) = parse_page(text, Hints(url="https://www.reuters.com/world/story-1"))
    assert item.publisher == "Reuters"
    (item,) = parse_page(text, Hints(url="https://news.example.org/a/1"))
    assert item.publisher == "example.org"  # the registered domain, not the bare host


def test_hard_wrapped_lines_are_rejoined() -> None:
    text = (
        "Talks resume\n\n"
        "The delegations of the two countries resumed their talks on\n"
        "Monday after a pause of three months, officials said.\n"
    )
    (item,) = parse_page(text)
    assert item.text == (
        "The delegations of the two countries resumed their talks on Monday after a pause of "
        "three months, officials said."
    )


@pytest.mark.parametrize("text", ["", "\n\n  \n", "Home\nMenu\nprev next\n"])
def test_pages_without_prose_give_no_items(text: str) -> None:
    assert parse_page(text) == []
