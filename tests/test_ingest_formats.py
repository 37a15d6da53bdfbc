"""Ingest end to end from HTML, WARC, JSONL and other encodings: metadata reaches the store."""

from __future__ import annotations

from pathlib import Path

import dyad
from dyad.settings import load_settings

INPUTS = Path(__file__).parent / "fixtures" / "inputs"


def _ingest(tmp_path: Path, *names: str) -> tuple[dyad.IngestReport, list[dyad.Document]]:
    db = str(tmp_path / "d.db")
    settings = load_settings().with_overrides(analyse=False)
    report = dyad.ingest([str(INPUTS / n) for n in names], db, settings=settings)
    with dyad.open(db) as store:
        return report, list(store.iter_documents())


def test_html_page_metadata_and_clean_text(tmp_path: Path) -> None:
    report, (doc,) = _ingest(tmp_path, "news_article.html")
    assert report.ok
    assert (doc.title, doc.publisher, doc.byline) == (
        "Coastal states agree to joint patrol talks",
        "The Harbour Ledger",
        "Mirela Tanaka-Ossipova",
    )
    assert doc.published is not None and (doc.published.value, doc.published.method) == ("2021-03-14", "metadata")
    assert doc.url == "https://ledger.example.org/world/2021/03/joint-patrol-talks"
    assert "cookie" not in doc.text.lower() and "\n\n" in doc.text


def test_warc_records_become_documents_named_by_their_urls(tmp_path: Path) -> None:
    report, docs = _ingest(tmp_path, "sample.warc.gz")
    assert report.ok and len(docs) == 2
    assert all(d.source.startswith("https://ledger.example.org/") and d.url == d.source for d in docs)
    assert {d.publisher for d in docs} == {"ledger.example.org"}  # the host, when the page names no site


def test_jsonl_fields_win_and_bad_lines_are_reported(tmp_path: Path) -> None:
    report, docs = _ingest(tmp_path, "records.jsonl")
    given = next(d for d in docs if d.title == "Ministers meet in Vell")
    assert given.publisher == "Example Wire" and given.byline == "Tomas Reyl"
    assert given.published is not None and given.published.value == "2019-05-30"
    assert {f.location.rsplit(":", 1)[1] for f in report.failures} == {"3", "4", "6", "8"}


def test_other_encodings_are_read_with_a_notice(tmp_path: Path) -> None:
    report, (doc,) = _ingest(tmp_path, "windows1252.txt")
    assert "Montréal" in doc.text and "“Talks will resume,”" in doc.text
    assert any("windows-1252" in notice for notice in report.notices)


def test_a_text_too_long_to_parse_fails_alone_and_the_batch_is_stored(tmp_path) -> None:
    from click.testing import CliRunner

    from dyad.cli import main

    folder = tmp_path / "in"
    folder.mkdir()
    paragraph = "The two ministers met again in Lisbon on Monday and agreed to talk more often. "
    (folder / "huge.txt").write_text("Long page\n\n" + paragraph * 14_000, encoding="utf-8")
    (folder / "small.txt").write_text("Ministers meet\n\n" + paragraph * 3, encoding="utf-8")
    db = str(tmp_path / "d.db")
    result = CliRunner().invoke(main, ["--db", db, "ingest", str(folder)])
    assert result.exit_code == 1
    assert "1 document added" in result.output
    assert f"failed: {folder / 'huge.txt'}: its text is 1," in result.output
    assert "--no-analyse" in result.output
