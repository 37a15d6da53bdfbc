"""`dyad_months` (migration 0020) always holds what a fresh GROUP BY of the events that count gives.

The sums are kept by triggers in the same transaction as each write, so
every way the store changes is tried here, on both engines: ingest, a
near-copy marked by linking, re-analysis (the document's events deleted
and written again), and writes under the store's API (an event's modality,
date, class or pair changed, a document made a copy and made an original
again, its events deleted). The dyad queries that read the table must give
what grouping the events gives.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from dyad import api
from dyad.queries import dyads as dyad_queries
from dyad.store import Store
from dyad.store.dyad_months import held, recount
from dyad.store.engine import writing
from web_stores import SEEDS, seeds_db

ARTICLES = [
    {"text": "Russia accused Japan on Tuesday of staging military drills near the Kuril islands. The Russian "
             "foreign ministry said the drills on 14 May 2019 threatened regional stability. Japan rejected the "
             "accusation and said Russia had never signed a peace treaty. China criticised Japan over the drills.",
     "title": "Moscow protests drills", "publisher": "Harbour Times", "published": "2019-05-15",
     "url": "https://example.org/a"},
    {"text": "China and Russia signed an energy agreement in Beijing on 3 June 2019. President Xi praised Russia "
             "for its support. The United States condemned the agreement and threatened sanctions against China. "
             "Russia will host Chinese officials next month.",
     "title": "Beijing energy pact", "publisher": "Plain Wire", "published": "2019-06-04",
     "url": "https://example.org/b"},
    {"text": "Japan praised the United States in 2018 for its help after the storm. The United States promised "
             "aid to Japan. Japan thanked the United States.",
     "title": "Storm aid", "publisher": "Coast Daily", "published": "2018", "url": "https://example.org/c"},
]
# A syndicated near copy of the second article: linking marks it `duplicate_of`, and its events count nowhere.
COPY = {**ARTICLES[1], "text": ARTICLES[1]["text"].replace("next month.", "next month, officials said."),
        "title": "Beijing energy pact (wire)", "publisher": "Other Post", "url": "https://example.org/b2"}


def _write(folder: Path, name: str, rows: list[dict[str, Any]]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / name).write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


def assert_kept(store: Store) -> dict[tuple[str, str, int], tuple[int, float]]:
    """Check the table holds exactly the fresh grouping: the same rows, counts, and sums to the last decimals."""
    kept, fresh = held(store.engine), recount(store.engine)
    assert kept.keys() == fresh.keys()
    for key, (n, g) in fresh.items():
        assert kept[key][0] == n, key
        assert math.isclose(kept[key][1], g, abs_tol=1e-9), key
    return kept


def _rounded(sums: dict[tuple[str, str, int], tuple[int, float]]) -> dict[tuple[str, str, int], tuple[int, float]]:
    return {key: (n, round(g, 6)) for key, (n, g) in sums.items()}


def _sql(store: Store, sql: str, **params: Any) -> None:
    with writing(store.engine) as conn:
        conn.execute(text(sql), params)


def test_sums_follow_ingest_copies_reanalysis_and_writes(store_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _write(inputs, "a.jsonl", ARTICLES)
    assert api.ingest([str(inputs)], store_url).ok
    with Store.open(store_url) as store:
        kept = assert_kept(store)
        assert kept, "the articles hold events between states"
        assert all(n > 0 for n, _ in kept.values())
        before = dict(kept)

    # A near copy: stored, linked as a copy of the original, and adding nothing to the sums.
    _write(inputs, "b.jsonl", [COPY])
    assert api.ingest([str(inputs)], store_url).ok
    with Store.open(store_url) as store:
        with store.engine.connect() as conn:
            copies = conn.execute(text("SELECT id FROM documents WHERE duplicate_of IS NOT NULL")).scalars().all()
            copied_events = conn.execute(text("SELECT count(*) FROM events WHERE document = :d AND dyad IS NOT NULL"),
                                         {"d": copies[0]}).scalar() if copies else 0
        assert len(copies) == 1 and copied_events, "the near copy is linked as a copy and has events of its own"
        assert _rounded(assert_kept(store)) == _rounded(before)

        # The copy made an original: its events count; a copy again: they do not.
        _sql(store, "UPDATE documents SET duplicate_of = NULL WHERE id = :d", d=copies[0])
        grown = assert_kept(store)
        assert sum(n for n, _ in grown.values()) > sum(n for n, _ in before.values())
        _sql(store, "UPDATE documents SET duplicate_of = (SELECT id FROM documents WHERE title = 'Storm aid') "
                    "WHERE id = :d", d=copies[0])
        assert _rounded(assert_kept(store)) == _rounded(before)

    # Re-analysis: every document's events deleted and written again, in one transaction per batch.
    with Store.open(store_url) as store:
        _sql(store, "UPDATE analyses SET version = 'older'")
    again = api.ingest([str(inputs)], store_url)
    assert again.ok and again.documents_analysed == 4
    with Store.open(store_url) as store:
        assert _rounded(assert_kept(store)) == _rounded(before)

        # Writes under the store's API: a modality, a date to the year only, a class and score, a pair.
        event = _one(store, "SELECT id FROM events WHERE dyad IS NOT NULL AND modality = 'asserted' ORDER BY id")
        _sql(store, "UPDATE events SET modality = 'negated' WHERE id = :e", e=event)
        assert_kept(store)
        _sql(store, "UPDATE events SET modality = 'asserted', date = '2019' WHERE id = :e", e=event)
        assert_kept(store)
        _sql(store, "UPDATE events SET date = '2013-W44', quad_class = 4, goldstein = -9.5 WHERE id = :e", e=event)
        assert_kept(store)
        _sql(store, "UPDATE events SET dyad = 'FRA-GBR', date = '2020-02-29' WHERE id = :e", e=event)
        assert assert_kept(store)[("FRA-GBR", "2020-02", 4)] == (1, pytest.approx(-9.5))
        # Counts unrelated to the sums change nothing (no trigger reads them).
        _sql(store, "UPDATE events SET documents = 3, publishers = 2")
        assert_kept(store)
        # A document's events deleted: its rows fall, and rows left at zero go.
        doc = _one(store, "SELECT document FROM events WHERE id = :e", e=event)
        _sql(store, "DELETE FROM events WHERE document = :d", d=doc)
        assert ("FRA-GBR", "2020-02", 4) not in assert_kept(store)
        _sql(store, "DELETE FROM events")
        assert assert_kept(store) == {}


def _one(store: Store, sql: str, **params: Any) -> Any:
    with store.engine.connect() as conn:
        return conn.execute(text(sql), params).scalar()


def test_dyad_queries_give_what_grouping_the_events_gives(store_url: str, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    _write(inputs, "a.jsonl", [*ARTICLES, COPY])
    assert api.ingest([str(inputs)], store_url).ok
    with Store.open(store_url) as store:
        fresh = recount(store.engine)
        pairs = sorted({key[0] for key in fresh})
        assert pairs
        top = dyad_queries.top(store.engine, 50)
        by_pair: dict[str, tuple[int, float]] = {}
        for (pair, _, _), (n, g) in fresh.items():
            total = by_pair.get(pair, (0, 0.0))
            by_pair[pair] = (total[0] + n, total[1] + g)
        expected = sorted(((p, n, round(g, 2)) for p, (n, g) in by_pair.items() if p[:3] != p[4:]),
                          key=lambda row: (-row[1], row[0]))
        assert [(f"{r.a}-{r.b}", r.events, r.goldstein) for r in top] == expected
        for pair in pairs:
            a, b = pair.split("-")
            for first, second in ((a, b), (b, a)):  # either order, the same numbers
                totals = dyad_queries.totals(store.engine, first, second)
                assert (totals.events, totals.goldstein) == (by_pair[pair][0], round(by_pair[pair][1], 2))
                months = {(m.month, m.quad_class): (m.events, m.goldstein)
                          for m in dyad_queries.months(store.engine, first, second)}
                assert months == {(month, q): (n, round(g, 2)) for (p, month, q), (n, g) in fresh.items()
                                  if p == pair and month}
        # Codes other than two states are grouped from the events, on the same definition.
        rus = dyad_queries.totals(store.engine, "RUS", "CHNGOV")
        assert rus.events <= by_pair.get("CHN-RUS", (0, 0.0))[0]


@pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not at {SEEDS}")
def test_a_pairs_meetings_are_the_same_found_from_either_side(monkeypatch: pytest.MonkeyPatch) -> None:
    """From the pair's documents or from the meeting reports, whichever is fewer: the same records."""
    with Store.open(seeds_db(), readonly=True) as store:
        pairs = sorted({key[0] for key in held(store.engine)})
        found: dict[bool, dict[str, list[str]]] = {}
        for from_reports in (True, False):
            monkeypatch.setattr(dyad_queries, "_fewer_reports", lambda conn, pair, given=from_reports: given)
            found[from_reports] = {
                pair: [m.meeting.id for m in dyad_queries.meetings_of(store.engine, *pair.split("-"))] for pair in pairs}
        assert found[True] == found[False]
        assert any(found[True].values()), "the seeds report meetings between states"
