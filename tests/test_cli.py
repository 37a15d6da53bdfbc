"""The `dyad` command end to end: real files in, a real SQLite store, real output."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dyad.cli import main
from web_stores import SEEDS as SEEDS_FOR_ACTORS

PAGES = Path(__file__).parent / "fixtures" / "pages"
INPUTS = Path(__file__).parent / "fixtures" / "inputs"


def run(*args: str, input: bytes | str | None = None):
    return CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "dyad.db")


def _rows(db: str) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT id, title, text, publisher, published FROM documents ORDER BY id").fetchall()


def test_ingest_report_search_export(db: str, tmp_path: Path) -> None:
    result = run("--db", db, "ingest", str(PAGES))
    assert result.exit_code == 0, result.output
    assert "5 inputs read, 10 documents added" in result.output

    report = run("--db", db, "report")
    assert "Yonhap" in report.output and "2021-03" in report.output

    found = run("--db", db, "search", "maritime dialogue")
    assert "Canberra and Jakarta open maritime dialogue" in found.output
    assert "«maritime»" in found.output

    out = tmp_path / "out.jsonl"
    assert run("--db", db, "export", "--format", "jsonl", "-o", str(out)).exit_code == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {r["type"] for r in records} <= {"document", "actor", "event", "quote", "meeting", "commitment", "story"}
    records = [r for r in records if r["type"] == "document"]
    assert len(records) == 10
    for field in ("id", "source", "part", "title", "publisher", "published", "published_method",
                  "byline", "language", "text", "story", "duplicate_of", "cites"):
        assert all(field in r for r in records), field


def test_ingest_from_stdin(db: str) -> None:
    page = "Envoys meet in Vienna\n\nThe two envoys met in Vienna on Tuesday to discuss the nuclear file.\n"
    result = run("--db", db, "ingest", "-", input=page.encode())
    assert result.exit_code == 0 and "1 document added" in result.output
    assert _rows(db)[0][1] == "Envoys meet in Vienna"


def test_bad_inputs_are_listed_and_the_batch_goes_on(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Talks resume\n\nThe delegations resumed their talks in Geneva on Monday, officials said.\n"
    )
    (folder / "empty.txt").write_bytes(b"")
    (folder / "binary.txt").write_bytes(bytes(range(256)) * 4)
    (folder / "scripts.html").write_text("<html><script>var a = 1;</script><style>p{}</style></html>")
    (folder / "lines.jsonl").write_text('{"text": "The ministers met in Oslo on Friday and agreed to meet again."}\nnot json\n')
    result = run("--db", db, "ingest", str(folder), str(tmp_path / "missing.txt"))
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    failed = [line for line in result.output.splitlines() if line.startswith("failed: ")]
    assert len(failed) == 5, result.output
    for name in ("empty.txt", "binary.txt", "scripts.html", "lines.jsonl:2", "missing.txt"):
        assert any(name in line for line in failed), name
    assert len(_rows(db)) == 2  # the good text file and the good JSONL line


def test_search_and_report_need_a_store(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", str(tmp_path / "none.db"), "report"])
    assert result.exit_code == 1
    assert "No store at" in result.output and "dyad ingest" in result.output


def test_bad_search_syntax_is_explained_not_raised(db: str) -> None:
    run("--db", db, "ingest", str(PAGES))
    result = CliRunner().invoke(main, ["--db", db, "search", 'AND "unbalanced'])
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output


def test_unknown_export_format_says_what_exists(db: str) -> None:
    run("--db", db, "ingest", str(PAGES))
    result = CliRunner().invoke(main, ["--db", db, "export", "--format", "xml"])
    assert result.exit_code == 1 and "jsonl" in result.output


def test_every_command_has_help_with_an_example() -> None:
    for command in main.commands.values():
        text = run(command.name or "", "--help").output
        assert "Example" in text, command.name


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl", ".warc.gz", ""]))
def test_arbitrary_bytes_never_crash_nor_change_the_store(tmp_path_factory, data: bytes, suffix: str) -> None:
    base = tmp_path_factory.mktemp("fuzz")
    db = str(base / "dyad.db")
    run("--db", db, "ingest", str(PAGES))
    before = _rows(db)
    bad = base / f"input{suffix}"
    bad.write_bytes(data)
    result = run("--db", db, "ingest", str(bad))
    assert result.exit_code in (0, 1)
    assert "Traceback" not in result.output
    after = _rows(db)
    assert after[: len(before)] == before or set(before) <= set(after)


def test_eval_scores_text_and_lists_the_misses_asked_for(db: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    body = ("The two foreign ministers met for three hours in Lisbon and agreed to open a hotline.\n\n"
            "Officials said a second round of talks would follow before the end of the year.")
    (pages / "p1.txt").write_text(
        f"Ministers meet in Lisbon\n\nMarch 4, 2019\n\nOur sponsor of the week\n\n{body}\n\nLeave a comment\n",
        encoding="utf-8",
    )
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"documents": [{
        "file": "p1.txt", "publisher": "Example Times", "published": "2019-03-04",
        "boilerplate_lines": ["Leave a comment", "Our sponsor of the week"],
    }]}), encoding="utf-8")
    assert run("--db", db, "ingest", str(pages)).exit_code == 0
    result = run("--db", db, "eval", "--gold", str(gold), "--misses", "documents", "--misses", "boilerplate")
    assert result.exit_code == 0, result.output
    assert "p1.txt#0 publisher: got None, want 'Example Times'" in result.output
    assert "published:" not in result.output  # the date was found
    assert "p1.txt: kept 'Our sponsor of the week'" in result.output
    report = CliRunner(env={"COLUMNS": "200"}).invoke(main, ["--db", db, "report"]).output
    heads = report.split("Document heads")[1]
    assert "│ published │ 1 (text 1)" in heads
    assert "no source line, masthead, known page template, address or wire credit: p1.txt" in heads
    assert "Leave a comment" not in result.output.split("boilerplate: ")[1]
    scores = json.loads(run("--db", db, "eval", "--gold", str(gold), "--json").output)
    assert (scores["boilerplate"]["tp"], scores["boilerplate"]["fn"]) == (1, 1)
    assert (scores["text"]["tp"], scores["text"]["fn"]) == (2, 0)
    bad = CliRunner().invoke(main, ["--db", db, "eval", "--gold", str(gold), "--misses", "nope"])
    assert bad.exit_code == 2 and "the kinds are documents" in bad.output


def test_eval_matches_each_reports_meeting_in_a_per_report_key(db: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, lead in (("r1.txt", "Portuguese Foreign Minister Ana Sousa met Spanish Foreign Minister Luis Ortega in Lisbon on Monday."),
                       ("r2.txt", "Spain's foreign minister Luis Ortega held talks with his Portuguese counterpart Ana Sousa in Lisbon on Monday.")):
        (pages / name).write_text(f"Ministers meet\n\nMarch 4, 2019\n\n{lead}\n\nThey agreed to open a naval hotline.\n",
                                  encoding="utf-8")
    entry = {"date": "2019-03-04", "place": "Lisbon", "format": "bilateral", "participants": []}
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"meetings": [{**entry, "id": "r1:0", "file": "r1.txt"},
                                             {**entry, "id": "r2:0", "file": "r2.txt"},
                                             {**entry, "id": "r3:0", "file": "r3.txt"}]}), encoding="utf-8")
    assert run("--db", db, "ingest", str(pages)).exit_code == 0
    scores = json.loads(run("--db", db, "eval", "--gold", str(gold), "--json").output)
    # one merged meeting holds both reports: each report's entry matches it; a file not stored does not
    assert (scores["meetings"]["tp"], scores["meetings"]["fn"]) == (2, 1), scores["meetings"]["misses"]


def test_one_file_of_junk_lines_does_not_hide_the_other_failures(db: str, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a_junk.jsonl").write_text("not json\n" * 200, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    result = CliRunner().invoke(main, ["--db", db, "ingest", str(folder)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith(("failed:", "…"))]
    assert sum(line.startswith(f"failed: {folder / 'a_junk.jsonl'}:") for line in lines) == 3
    assert f"… and 197 more failed records of {folder / 'a_junk.jsonl'}." in lines
    assert any(line.startswith(f"failed: {folder / 'b_empty.txt'}: ") for line in lines)


def test_eval_matches_a_keys_fragment_to_a_partial_quote(db: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "f.txt").write_text(
        "Lavrov on the plan\n\nMarch 4, 2019\n\nRussian Foreign Minister Sergey Lavrov called the plan "
        "“a dangerous gamble with our security” and left the room before questions.\n",
        encoding="utf-8",
    )
    quote = {"file": "f.txt", "speaker": "Sergey Lavrov", "quote_start": "a dangerous gamble with our security"}
    gold = tmp_path / "gold.json"
    for style, tp in (("fragment", 1), ("quoted", 0)):
        actors = [{"id": "Sergey Lavrov", "aliases": ["Sergey Lavrov"]}]
        gold.write_text(json.dumps({"actors": actors, "quotes": [{**quote, "style": style}]}), encoding="utf-8")
        assert run("--db", db, "ingest", str(pages)).exit_code == 0
        scores = json.loads(run("--db", db, "eval", "--gold", str(gold), "--json").output)["quotes"]
        assert (scores["tp"], scores["fp"]) == (tp, 0), (style, scores["misses"])


def test_eval_knows_people_new_to_the_dictionary_by_their_stored_spellings(db: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "m.txt").write_text(
        "Ministers meet\n\nMarch 4, 2019\n\nPortuguese Foreign Minister Ana Sousa Roe met Spanish Foreign Minister "
        "Luis Ortega in Lisbon on Monday.\n\nRoe and Ortega agreed to open a naval hotline.\n", encoding="utf-8")
    actors = [{"id": "Ana Roe", "aliases": ["Ana Roe", "Ana Sousa Roe"]},
              {"id": "Luis Ortega", "aliases": ["Luis Ortega"]}]
    meeting = {"id": "m:0", "file": "m.txt", "date": "2019-03-04", "place": "Lisbon", "format": "bilateral",
               "participants": ["Ana Roe", "Luis Ortega"]}
    gold = tmp_path / "gold.json"
    gold.write_text(json.dumps({"actors": actors, "meetings": [meeting]}), encoding="utf-8")
    assert run("--db", db, "ingest", str(pages)).exit_code == 0
    scores = json.loads(run("--db", db, "eval", "--gold", str(gold), "--json").output)
    assert scores["meetings"]["tp"] == 1, scores["meetings"]["misses"]
    assert (scores["participants"]["tp"], scores["participants"]["fn"]) == (2, 0), scores["participants"]["misses"]


@pytest.mark.skipif(not SEEDS_FOR_ACTORS.is_dir(), reason="the seed corpus is not there")
@pytest.mark.parametrize(("typed", "actor_id"), [
    ("shoygu", "sergei_shoigu"), ("Shoigu", "sergei_shoigu"), ("Lavrov", "sergey_lavrov"),
    ("Lavrof", "sergey_lavrov"), ("Putin", "vladimir_putin"), ("Sergey Shoygu", "sergei_shoigu"),
    ("sergey lavrov", "sergey_lavrov"),
])
def test_actors_show_finds_people_the_way_they_are_typed(typed: str, actor_id: str) -> None:
    from web_stores import seeds_db

    result = CliRunner().invoke(main, ["--db", seeds_db(), "actors", "show", typed])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0].split("[")[1].startswith(actor_id + "]")


@pytest.mark.skipif(not SEEDS_FOR_ACTORS.is_dir(), reason="the seed corpus is not there")
@pytest.mark.parametrize("typed", ["xyzzy", "Lavender", "Tokyo Times"])
def test_actors_show_does_not_guess_far(typed: str) -> None:
    from web_stores import seeds_db

    result = CliRunner().invoke(main, ["--db", seeds_db(), "actors", "show", typed])
    assert result.exit_code == 1 and "No actor" in result.output


def test_eval_takes_a_speaker_named_by_any_alias_the_key_gives(db: str, tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "g.txt").write_text(
        "Ministers meet\n\nMarch 4, 2019\n\nOn Monday, the three ministers firmly rejected "
        "\"any attempt to change the status quo by force\" in the region.\n",
        encoding="utf-8",
    )
    quote = {"file": "g.txt", "speaker": "Nordic ministers", "quote_start": "any attempt to change the status quo"}
    gold = tmp_path / "gold.json"
    assert run("--db", db, "ingest", str(pages)).exit_code == 0
    # the key's alias names the speaker as the text does; a key without that alias does not match
    for aliases, tp in ((["Nordic ministers", "the three ministers"], 1), (["Nordic ministers"], 0)):
        actors = [{"id": "Nordic ministers", "aliases": aliases}]
        gold.write_text(json.dumps({"actors": actors, "quotes": [{**quote, "style": "fragment"}]}), encoding="utf-8")
        scores = json.loads(run("--db", db, "eval", "--gold", str(gold), "--json").output)["quotes"]
        assert scores["tp"] == tp, (aliases, scores["misses"])
