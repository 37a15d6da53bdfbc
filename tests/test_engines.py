"""One runner, three mappers: in one process, in worker processes and on Dask, a run leaves the same store.

Each store starts alike: one shard stored by a run that did not link
(stragglers: analysed, never linked) and one stored by a run that neither
analysed nor linked (caught up at the end of the next run). Then each engine
ingests all the shards, and the stores' exports (every record type), their
stories and their commitments' follow-up statuses must be the same.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

import dyad
from dyad import queries
from dyad.export.jsonl import export_jsonl
from dyad.export.records import RECORD_TYPES
from dyad.settings import Settings
from dyad.store import Store

# Articles written for this test; two of them make a promise and its late keeping.
SHARDS: dict[str, list[dict[str, str]]] = {
    "part0.jsonl": [
        {"url": "https://example.org/promise", "publisher": "Test Wire", "published": "2020-03-02",
         "title": "Ministers agree to meet again",
         "text": "Norwegian Foreign Minister Ine Eriksen Soreide and Finnish Foreign Minister Pekka Haavisto "
                 "met in Oslo on Monday. The two ministers agreed to hold talks in Helsinki next month."},
        {"url": "https://example.org/fish", "publisher": "Harbour Daily", "published": "2020-03-03",
         "title": "Fisheries quotas discussed",
         "text": "Norwegian and Chilean officials discussed fisheries quotas in Oslo on Tuesday, the "
                 "Norwegian ministry said in a statement."},
    ],
    "part1.jsonl": [
        {"url": "https://example.org/fish-copy", "publisher": "Coast Times", "published": "2020-03-04",
         "title": "Fisheries quotas discussed in Oslo",
         "text": "Norwegian and Chilean officials discussed fisheries quotas in Oslo on Tuesday, the "
                 "Norwegian ministry said in a statement. Further talks are planned."},
        {"url": "https://example.org/warning", "publisher": "Harbour Daily", "published": "2020-03-10",
         "title": "Chile warns over quotas",
         "text": "Chile accused Norway of breaking the fisheries agreement, a spokesman for the Chilean "
                 "Foreign Ministry said on Tuesday. \"We will not accept this,\" the spokesman told reporters."},
    ],
    "part2.jsonl": [
        {"url": "https://example.org/talks", "publisher": "Test Wire", "published": "2020-06-20",
         "title": "Soreide finally in Helsinki",
         "text": "Norwegian Foreign Minister Ine Eriksen Soreide held talks with Finnish Foreign Minister "
                 "Pekka Haavisto in Helsinki on Saturday."},
        {"url": "https://example.org/reply", "publisher": "Coast Times", "published": "2020-03-11",
         "title": "Norway rejects Chilean charge",
         "text": "Norway rejected the Chilean accusation on Wednesday. Norwegian officials said the "
                 "fisheries agreement had been respected and offered to meet Chilean officials in Santiago."},
    ],
}
# What is left out of the comparison: when a row was written.
WRITTEN_AT = {"ingested", "ingested_at", "analysed_at", "linked_at", "created", "updated"}


def _write_shards(folder: Path) -> Path:
    shards = folder / "shards"
    shards.mkdir(parents=True)
    for name, articles in SHARDS.items():
        (shards / name).write_text("".join(json.dumps(a) + "\n" for a in articles), encoding="utf-8")
    return shards


def _without_times(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _without_times(v) for k, v in value.items() if k not in WRITTEN_AT}
    if isinstance(value, list):
        return [_without_times(v) for v in value]
    return value


def exported(db: str) -> dict[str, Any]:
    """Every record type the store exports, with its stories and follow-up statuses."""
    out = io.StringIO()
    with Store.open(db, create=False, readonly=True) as store:
        counts = export_jsonl(store, out, list(RECORD_TYPES))
        statuses = sorted((c.commitment.action, c.status, c.status_evidence, c.fulfilled_on)
                          for c in queries.commitments.listing(store.engine, copies=True))
        stories = sorted(sorted(ids) for _, ids in queries.stories.stream(store.engine))
        progress = (queries.progress.link_states(store.engine), queries.progress.unfollowed(store.engine),
                    store.stale_stories())
    records = sorted(json.dumps(_without_times(json.loads(line)), sort_keys=True) for line in out.getvalue().splitlines())
    return {"counts": counts, "records": records, "statuses": statuses, "stories": stories, "progress": progress}


def _run(folder: Path, shards: Path, name: str, **options: Any) -> tuple[dyad.IngestReport, dict[str, Any]]:
    db = str(folder / f"{name}.db")
    assert dyad.ingest([str(shards / "part0.jsonl")], db, settings=Settings(link=False)).ok  # stragglers
    assert dyad.ingest([str(shards / "part1.jsonl")], db, settings=Settings(link=False, analyse=False)).ok
    with Store.open(db) as store:
        assert queries.progress.link_states(store.engine)["stored"] == 4  # nothing linked yet, two documents not analysed
    workers = options.pop("workers", 1)
    report = dyad.ingest([str(shards)], db, settings=Settings(workers=workers), **options)
    return report, exported(db)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("engines")
    return folder, _write_shards(folder)


@pytest.fixture(scope="module")
def serial(corpus: tuple[Path, Path]) -> tuple[dyad.IngestReport, dict[str, Any]]:
    return _run(*corpus, "serial")


def test_the_serial_run_links_the_stragglers_catches_up_and_follows_up(serial: Any) -> None:
    report, found = serial
    assert report.ok and (report.inputs, report.already_stored, report.documents_added) == (6, 4, 2)
    assert report.documents_analysed == 4  # two new, two caught up
    assert found["progress"] == ({"stored": 0, "linked": 6, "failed": 0}, 0, [])
    assert any(status == "fulfilled late" for _action, status, *_ in found["statuses"])
    assert any(len(story) > 1 for story in found["stories"])
    assert found["counts"]["document"] == 6 and found["counts"]["event"] > 0


def test_two_workers_leave_the_store_one_process_leaves(corpus: tuple[Path, Path], serial: Any) -> None:
    report, found = _run(*corpus, "pool", workers=2)
    assert found == serial[1]
    assert (report.inputs, report.documents_added, report.documents_analysed, report.already_stored) == (
        serial[0].inputs, serial[0].documents_added, serial[0].documents_analysed, serial[0].already_stored)


@pytest.mark.slow
def test_dask_leaves_the_store_one_process_leaves(corpus: tuple[Path, Path], serial: Any) -> None:
    report, found = _run(*corpus, "dask", workers=2, engine="dask")
    assert found == serial[1]
    assert (report.inputs, report.documents_added, report.documents_analysed, report.already_stored) == (
        serial[0].inputs, serial[0].documents_added, serial[0].documents_analysed, serial[0].already_stored)
