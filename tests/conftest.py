"""Shared fixtures. Store fixtures are prefixed `store_`."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest

from dyad.model import Document, Published, RawItem, document_id
from dyad.store import Store

StoreItem = tuple[RawItem, list[Document]]


def _make_item(
    source: str, parts: list[tuple[str | None, str]], kind: str = "html", **doc: Any
) -> StoreItem:
    """Build a raw input whose bytes hold its parts, and one document per part."""
    body = "\n\n".join(f"<h1>{title}</h1><p>{text}</p>" for title, text in parts)
    raw = RawItem(source=source, location=source, data=body.encode("utf-8"), kind=kind)
    docs = [
        Document(
            id=document_id(raw.sha256, part),
            source=source,
            part=part,
            text=text,
            raw_sha256=raw.sha256,
            title=title,
            **doc,
        )
        for part, (title, text) in enumerate(parts)
    ]
    return raw, docs


@pytest.fixture
def store_make() -> Callable[..., StoreItem]:
    """Give tests a factory for (raw input, documents) pairs written by hand."""
    return _make_item


@pytest.fixture
def store_batch() -> list[StoreItem]:
    """Give a small batch: a page of two items, a single article, and an empty page."""
    page = _make_item(
        "seeds/mod.html",
        [
            ("Defence ministers meet in Tokyo", "Sergei Shoigu met Itsunori Onodera in Tokyo."),
            ("Foreign ministers agree", "Lavrov and Kishida agreed to meet in Moscow next year."),
        ],
        publisher="Ministry of Defence",
        published=Published("2013-11-02", "day", "metadata"),
        language="en",
        byline="Press Office",
        url="https://example.org/mod",
        removed=["Share this page", "Print"],
    )
    single = _make_item(
        "seeds/tass.txt",
        [("Shoygu in Moscow", "Shoygu hosted the 2+2 talks in Moscow on the Kuril Islands.")],
        kind="text",
        publisher="TASS",
        published=Published("2018-07", "month", "dateline"),
        language="en",
        cites=["abc-0"],
    )
    empty = (RawItem("seeds/empty.html", "seeds/empty.html", b"<html></html>", "html"), [])
    return [page, single, empty]


@pytest.fixture
def store_path(tmp_path: Any) -> str:
    """Give a path for a SQLite store file in a fresh folder."""
    return str(tmp_path / "dyad.db")


@pytest.fixture
def store_db(store_path: str) -> Iterator[Store]:
    """Give an open, empty store backed by a real SQLite file."""
    with Store.open(store_path) as store:
        yield store
