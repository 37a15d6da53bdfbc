"""The seed corpus against its answer key: documents, metadata, furniture, idempotency."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import dyad
import dyad.settings
from dyad.ingest.lines import strip_bullet
from dyad.ingest.normalize import normalize_text

SHARED = Path(__file__).resolve().parents[2] / "shared"
SEEDS = SHARED / "corpus" / "seeds"
GOLD = SHARED / "gold" / "seeds.json"

pytestmark = pytest.mark.skipif(not GOLD.exists(), reason="../shared is not beside the repo")


def _gold_documents() -> list[tuple[str, int, dict]]:
    """Flatten the key to (file, part, expected) rows."""
    rows = []
    for entry in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]:
        parts = entry.get("parts") or [entry]
        rows.extend((entry["file"], n, part) for n, part in enumerate(parts))
    return rows


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dyad.IngestReport]:
    db = str(tmp_path_factory.mktemp("seeds") / "dyad.db")
    report = dyad.ingest([str(SEEDS)], db)
    return db, report


@pytest.fixture(scope="module")
def docs(seeded: tuple[str, dyad.IngestReport]) -> dict[tuple[str, int], dyad.Document]:
    with dyad.open(seeded[0]) as store:
        return {(Path(d.source).name, d.part): d for d in store.iter_documents()}


def test_seeds_give_eight_documents(seeded, docs) -> None:
    assert seeded[1].ok and seeded[1].inputs == 5
    assert len(docs) == len(_gold_documents()) == 8


@pytest.mark.parametrize("file,part,expected", _gold_documents(), ids=lambda v: str(v)[:24])
def test_document_metadata_matches_gold(docs, file, part, expected) -> None:
    doc = docs[(file, part)]
    assert doc.title == expected["title"].replace("  ", " ")
    assert doc.publisher == expected["publisher"]
    if "byline" in expected:
        assert doc.byline == expected["byline"]
    if "first_words" in expected:
        assert doc.text.lstrip("“\"‘'").startswith(expected["first_words"])
    assert doc.language == "en"


def test_dates_full_inferred_or_inherited(docs) -> None:
    """Full dates match; the yearless dateline gets its year inferred; the undated page inherits one."""
    for file, part, expected in _gold_documents():
        doc = docs[(file, part)]
        if file.startswith("002"):
            assert doc.published is not None
            assert (doc.published.value, doc.published.method) == ("2013-11-02", "inferred")
        elif file.startswith("004"):
            assert doc.published is not None
            assert (doc.published.value, doc.published.method) == ("2013-11", "inherited")
        else:
            assert doc.published is not None and doc.published.value == expected["published"]


def test_every_boilerplate_line_is_gone(docs) -> None:
    for entry in json.loads(GOLD.read_text(encoding="utf-8"))["documents"]:
        texts = [d.text for (f, _), d in docs.items() if f == entry["file"]]
        for line in entry.get("boilerplate_lines", []):
            for text in texts:
                assert normalize_text(line) not in text.split("\n"), line


def test_no_article_sentence_is_lost(docs) -> None:
    """Every line of every seed is in a document's text, or was removed on purpose."""
    for path in SEEDS.glob("*.txt"):
        mine = [d for (f, _), d in docs.items() if f == path.name]
        kept = {line for d in mine for line in d.text.split("\n")}
        removed = {line for d in mine for line in d.removed}
        for line in normalize_text(path.read_text(encoding="utf-8")).split("\n"):
            if line and line not in removed:
                assert strip_bullet(line) in kept, (path.name, line)


def test_removed_lines_are_never_prose(docs) -> None:
    """Nothing that reads like a sentence of reporting was dropped (the newsletter prompt aside)."""
    for doc in docs.values():
        for line in doc.removed:
            if re.search(r"\b(said|told|agreed|accused|met)\b", line):
                pytest.fail(f"{doc.id} dropped a sentence: {line}")


def test_confusable_letters_are_mapped(docs) -> None:
    assert "defenсe" not in docs[("000_1b07e1e9fcd960b5.txt", 1)].text  # Cyrillic с
    assert "defence departments" in docs[("000_1b07e1e9fcd960b5.txt", 1)].text


def test_second_ingest_changes_nothing(seeded) -> None:
    db, _ = seeded
    with dyad.open(db) as store:
        before = [(d.id, d.text, d.title) for d in store.iter_documents()]
    again = dyad.ingest([str(SEEDS)], db)
    assert again.documents_added == 0 and again.already_stored == 5 and again.ok
    with dyad.open(db) as store:
        assert [(d.id, d.text, d.title) for d in store.iter_documents()] == before


def test_without_analysis_the_yearless_dateline_stays_partial(tmp_path) -> None:
    settings = dyad.settings.load_settings().with_overrides(analyse=False)
    dyad.ingest([str(SEEDS / "002_260243f7335ccbaa.txt")], str(tmp_path / "d.db"), settings=settings)
    with dyad.open(str(tmp_path / "d.db")) as store:
        (doc,) = list(store.iter_documents())
    assert doc.published is not None
    assert (doc.published.value, doc.published.precision, doc.published.method) == ("--11-02", "monthday", "dateline")


def test_report_shows_records_dyads_and_commitments(seeded) -> None:
    from click.testing import CliRunner

    from dyad.cli import main

    result = CliRunner().invoke(main, ["--db", seeded[0], "report"], terminal_width=120)
    assert result.exit_code == 0, result.output
    for expected in ("Records", "meetings", "JPN–RUS", "Commitments by status", "fulfilled late"):
        assert expected in result.output
