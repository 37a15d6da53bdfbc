"""One store, every view, the same numbers (dyad.store.counts).

The seeds are ingested once; the home page (HTML and JSON), the dyad pages,
the events listing, the commitments board, `dyad report` (terminal and
Markdown), `dyad commitments` and the JSONL, CSV and GDELT exports must all
give the counts the store's one definition gives. The seeds hold what each
rule is for: a syndicated copy (Deutsche Welle's article twice), negated
events ("never signed"), planned ones and planned meetings.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient

from dyad import queries
from dyad.cli import main
from dyad.export import export
from dyad.export.gdelt import COLUMNS, global_event_id
from dyad.store import Store
from dyad.web.app import create_app
from dyad.wording import count_of
from web_stores import SEEDS, seeds_db

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not at {SEEDS}")
COUNTED_TYPES = {"event": "events", "quote": "quotes", "commitment": "commitments"}


@pytest.fixture(scope="module")
def seeded() -> Iterator[tuple[str, Store, TestClient]]:
    db = seeds_db()
    with Store.open(db, readonly=True) as store, TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        yield db, store, client


def _cli(db: str, *args: str) -> str:
    result = CliRunner().invoke(main, ["--db", db, *args], terminal_width=200)
    assert result.exit_code == 0, result.output
    return result.output


def _cells(output: str) -> list[list[str]]:
    """Split the rows of rich's tables into their cells."""
    return [[c.strip() for c in line.strip().strip("│").split("│")] for line in output.splitlines() if "│" in line]


def _records(store: Store) -> list[dict[str, Any]]:
    out = io.StringIO()
    export(store, "jsonl", out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_the_seeds_hold_what_each_rule_is_for(seeded: tuple[str, Store, TestClient]) -> None:
    _, store, _ = seeded
    events = [r for r in _records(store) if r["type"] == "event"]
    copies = queries.counts.copy_ids(store.engine, {e["document"] for e in events})
    assert copies, "a syndicated copy"
    assert any(e["document"] in copies and e["modality"] == "asserted" for e in events)
    assert {"negated", "intended"} <= {e["modality"] for e in events}
    assert not any(e["counted"] for e in events if e["modality"] in ("negated", "intended", "hypothetical"))
    assert not any(e["counted"] for e in events if e["document"] in copies)


def test_home_page_api_report_and_cli_agree(seeded: tuple[str, Store, TestClient]) -> None:
    db, store, client = seeded
    counts = queries.counts.records(store.engine)._asdict()
    assert counts["events"] < sum(1 for r in _records(store) if r["type"] == "event")  # some do not count
    assert client.get("/api/home").json()["counts"] == counts
    page = client.get("/").text
    shown = {name: int(n.replace(",", "")) for name, n in
             re.findall(r'<li data-record="(\w+)"><span class="n">([\d,]+)</span> \w+</li>', page)}
    assert shown == counts
    table = {row[0]: int(row[1].replace(",", "")) for row in _cells(_cli(db, "report")) if len(row) == 2
             and row[0] in counts}
    assert table == counts
    assert len([r for r in _cells(_cli(db, "commitments")) if len(r) == 6 and r[0] != "made"]) == counts["commitments"]
    assert f"Commitments: {counts['commitments']}" in _cli(db, "commitments")
    assert client.get("/api/commitments").json()["total"] == counts["commitments"]


def test_markdown_report_agrees(seeded: tuple[str, Store, TestClient], tmp_path: Path) -> None:
    db, store, _ = seeded
    _cli(db, "report", "-o", str(tmp_path / "report.md"))
    text = (tmp_path / "report.md").read_text(encoding="utf-8")
    for name, n in queries.counts.records(store.engine)._asdict().items():
        assert f"| {name} | {n:,} |" in text
    for pair in queries.dyads.top(store.engine, 3):
        assert f"{count_of(pair.events, 'event')}, Goldstein sum {pair.goldstein:+.1f}." in text


def test_dyad_pages_listing_and_top_dyads_agree(seeded: tuple[str, Store, TestClient]) -> None:
    db, store, client = seeded
    top = client.get("/api/dyads").json()["dyads"]
    assert top and top == client.get("/api/home").json()["dyads"][: len(top)]
    report_rows = {row[0]: row[1:] for row in _cells(_cli(db, "report")) if "–" in row[0]}
    for pair in top:
        a, b = pair["a"], pair["b"]
        totals = client.get(f"/api/dyads/{a}-{b}").json()
        assert (totals["totals"]["events"], totals["totals"]["goldstein"]) == (pair["events"], pair["goldstein"])
        assert sum(totals["totals"]["by_quad_class"].values()) == pair["events"]
        assert sum(m["events"] for m in totals["months"]) + totals["totals"]["without_month"] == pair["events"]
        listed = client.get(f"/api/events?dyad={a}-{b}&counted=1&limit=500").json()["events"]
        assert len(listed) == pair["events"] and all(e["counted"] for e in listed)
        assert round(sum(e["goldstein"] for e in listed), 2) == pair["goldstein"]
        assert report_rows[f"{a}–{b}"] == [f"{pair['events']:,}", f"{pair['goldstein']:+.1f}"]
        page = client.get(f"/dyads/{a}-{b}").text
        assert f">{count_of(pair['events'], 'event')}</a> (Goldstein sum {pair['goldstein']:+.1f})" in page


def test_every_export_counts_what_the_views_count(seeded: tuple[str, Store, TestClient], tmp_path: Path) -> None:
    _, store, _ = seeded
    counts = queries.counts.records(store.engine)._asdict()
    records = _records(store)
    for kind, name in COUNTED_TYPES.items():
        assert sum(1 for r in records if r["type"] == kind and r["counted"]) == counts[name], kind
    for kind, name in (("document", "documents"), ("story", "stories")):
        assert sum(1 for r in records if r["type"] == kind) == counts[name], kind
    # planned meetings are records too, exported with their status; the count is of meetings held
    assert sum(1 for r in records if r["type"] == "meeting" and r["status"] == "held") == counts["meetings"]
    export(store, "csv", tmp_path / "csv")
    with (tmp_path / "csv" / "events.csv").open(encoding="utf-8") as handle:
        assert sum(1 for row in csv.DictReader(handle) if row["counted"] == "true") == counts["events"]
    out = io.StringIO()
    export(store, "gdelt", out)
    rows = [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in out.getvalue().splitlines()]
    counted = {str(global_event_id(r["id"])) for r in records if r["type"] == "event" and r["counted"]}
    assert len(rows) == counts["events"] and {r["GLOBALEVENTID"] for r in rows} == counted


@pytest.mark.parametrize(("n", "word", "said"), [
    (1, "event", "1 event"), (2, "event", "2 events"), (3, "story", "3 stories"), (1, "story", "1 story"),
    (0, "quote", "0 quotes"), (2, "day", "2 days"), (1_204, "document", "1,204 documents"),
    (2, "analysis", "2 analyses"), (2, "match", "2 matches"),
])
def test_counts_are_said_with_their_plurals(n: int, word: str, said: str) -> None:
    assert count_of(n, word) == said
