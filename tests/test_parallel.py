"""Ingest with worker processes and on Dask stores exactly what ingest in one process stores.

spaCy runs in every worker, so the corpus is a few short articles written for
these tests; each engine runs once per module and the tests compare stores.
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections import deque
from concurrent.futures import Future
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import dyad
from dyad.cli import main
from dyad.distributed import find_shards, read_parquet
from dyad.errors import ConfigError
from dyad.ingest.work import BatchWork
from dyad.model import Failure, RawItem
from dyad.pipeline import IngestReport
from dyad.settings import Settings
from dyad.store import Store

ARTICLES = [
    {
        "url": "https://example.org/a", "publisher": "Kyodo News", "published": "2018-07-31",
        "title": "Japan and Russia hold talks in Moscow",
        "text": "MOSCOW (Kyodo) -- Japanese Foreign Minister Taro Kono met Russian Foreign Minister "
                "Sergei Lavrov in Moscow on Tuesday.\n\n\"We agreed to speed up the talks,\" Kono told "
                "reporters after the meeting. Lavrov said the next meeting will take place in Tokyo.",
    },
    {
        "url": "https://example.org/b", "publisher": "TASS", "published": "2019-05-30",
        "title": "Shoigu criticises missile defence plans",
        "text": "Russian Defence Minister Sergei Shoigu criticised Japan over its plans to deploy "
                "missile defence systems. Japan denied that the systems threaten Russia, according to "
                "a statement from the Japanese Defence Ministry.",
    },
    {
        "url": "https://example.org/c", "publisher": "Reuters", "published": "2013-11-02",
        "title": "Ministers meet in Tokyo",
        "text": "TOKYO (Reuters) - Foreign and defence ministers of Japan and Russia met in Tokyo on "
                "Saturday for their first talks in the 2+2 format. They agreed to hold the next round "
                "in Moscow next year, officials said.",
    },
    {
        "url": "https://example.org/d", "publisher": "Xinhua", "published": "2019-06-01",
        "title": "China urges restraint",
        "text": "China called on Japan and Russia to resolve their dispute through dialogue. A "
                "spokesman for the Chinese Foreign Ministry said Beijing hoped both sides would show "
                "restraint in the weeks ahead.",
    },
]


def write_shards(folder: Path, broken: bool = False) -> list[Path]:
    """Write the articles as two JSONL shards; `broken` adds a line that is not JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for n, half in enumerate((ARTICLES[:2], ARTICLES[2:])):
        lines = [json.dumps(article) for article in half]
        if broken and n == 0:
            lines.insert(1, "{not json")
        path = folder / f"part{n}.jsonl"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def contents(db: str) -> dict[str, Any]:
    """Read what a store holds, per document, leaving out times of writing."""
    with Store.open(db, create=False, readonly=True) as store:
        found: dict[str, Any] = {}
        for doc in store.iter_documents():
            found[doc.id] = {
                "document": (doc.source, doc.part, doc.title, doc.publisher, doc.published, doc.text),
                "mentions": store.mentions_of(doc.id),
                "events": store.events_of(doc.id),
                "quotes": store.quotes_of(doc.id),
            }
        return found


def ingest(tmp_path: Path, name: str, **options: Any) -> tuple[IngestReport, dict[str, Any]]:
    """Ingest the shards under tmp_path/shards into a new store; return the report and contents."""
    db = str(tmp_path / f"{name}.db")
    workers = options.pop("workers", 1)
    report = dyad.ingest([str(tmp_path / "shards")], db, settings=Settings(workers=workers), **options)
    return report, contents(db)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("parallel")
    write_shards(folder / "shards", broken=True)
    return folder


@pytest.fixture(scope="module")
def one_process(corpus: Path) -> tuple[IngestReport, dict[str, Any]]:
    return ingest(corpus, "one")


def test_two_workers_store_exactly_what_one_process_stores(corpus: Path, one_process: Any) -> None:
    report, stored = ingest(corpus, "two", workers=2)
    expected_report, expected = one_process
    assert len(stored) == len(ARTICLES)
    assert sum(len(d["mentions"]) for d in stored.values()) > 10  # the articles were analysed
    assert any(d["quotes"] for d in stored.values()) and any(d["events"] for d in stored.values())
    assert stored == expected
    assert (report.inputs, report.documents_added, report.documents_analysed) == (
        expected_report.inputs, expected_report.documents_added, expected_report.documents_analysed)


def test_a_broken_input_is_reported_and_the_rest_stored(corpus: Path, one_process: Any) -> None:
    report, stored = one_process
    assert [f.location.rsplit("/", 1)[-1] for f in report.failures] == ["part0.jsonl:2"]
    assert "not valid JSON" in report.failures[0].reason
    assert report.documents_added == len(ARTICLES) == len(stored)


def test_a_second_run_with_workers_changes_nothing(corpus: Path, one_process: Any, tmp_path: Path) -> None:
    db = str(corpus / "one.db")
    report = dyad.ingest([str(corpus / "shards")], db, settings=Settings(workers=2))
    assert (report.documents_added, report.already_stored) == (0, len(ARTICLES))
    assert contents(db) == one_process[1]


def test_a_script_that_ingests_as_it_is_imported_is_told_how_to_start_workers(tmp_path: Path) -> None:
    # Workers start from a fresh interpreter that imports the calling script:
    # one without a main guard starts an ingest of its own there and dies.
    article = tmp_path / "note.txt"
    article.write_text("Officials of both states met in Geneva on Tuesday to discuss the border.\n", encoding="utf-8")
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import dyad\nfrom dyad.settings import Settings\n"
        f"dyad.ingest([{str(article)!r}], {str(tmp_path / 'x.db')!r}, "
        "settings=Settings(workers=2, analyse=False, link=False))\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert run.returncode != 0
    assert 'if __name__ == "__main__":' in run.stderr
    assert "fewer --workers" in run.stderr


def test_a_failing_input_fails_alone_in_a_worker() -> None:
    from dyad import parallel

    good = RawItem("good.txt", "good.txt", ARTICLES[1]["text"].encode("utf-8"), "text")
    empty = RawItem("empty.txt", "empty.txt", b" \n\n ", "text")
    parallel.init_worker(Settings(), [])
    work = parallel.work_in_worker([empty, good])
    assert [f.location for f in work.failures] == ["empty.txt"]
    assert [p.raw.source for p in work.done] == ["good.txt"]
    assert list(work.found) == [work.done[0].documents[0].id]


@pytest.mark.slow
def test_dask_on_a_local_cluster_stores_what_the_local_engine_stores(corpus: Path, one_process: Any) -> None:
    report, stored = ingest(corpus, "dask", workers=2, engine="dask")
    expected_report, expected = one_process
    assert stored == expected
    assert [f.location for f in report.failures] == [f.location for f in expected_report.failures]
    assert report.inputs == expected_report.inputs


def test_parquet_rows_are_read_like_jsonl_lines(tmp_path: Path) -> None:
    path = tmp_path / "articles.parquet"
    pq.write_table(pa.Table.from_pylist([ARTICLES[0], {"url": "https://example.org/empty", "text": None}]), path)
    items = list(read_parquet(str(path)))
    assert isinstance(items[0], RawItem) and items[0].fields["title"] == ARTICLES[0]["title"]
    assert items[0].source == ARTICLES[0]["url"]
    assert isinstance(items[1], Failure) and "neither a `text` nor an `html`" in items[1].reason


def test_only_containers_of_articles_can_be_shards(tmp_path: Path) -> None:
    write_shards(tmp_path)
    (tmp_path / "page.txt").write_text("A page.", encoding="utf-8")
    assert [Path(p).name for p in find_shards([str(tmp_path)])] == ["part0.jsonl", "part1.jsonl"]
    with pytest.raises(ConfigError, match="JSONL, WARC or Parquet"):
        find_shards([str(tmp_path / "page.txt")])
    with pytest.raises(ConfigError, match="stdin"):
        find_shards(["-"])


def test_cli_options_are_checked(tmp_path: Path) -> None:
    runner = CliRunner()
    db = str(tmp_path / "x.db")
    result = runner.invoke(main, ["--db", db, "ingest", "--workers", "0", str(tmp_path)])
    assert result.exit_code == 2 and "--workers" in result.output
    result = runner.invoke(main, ["--db", db, "ingest", "--scheduler", "tcp://127.0.0.1:1", str(tmp_path)])
    assert result.exit_code == 1 and "--engine dask" in result.output


def test_an_unreachable_scheduler_is_explained(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from dyad import distributed

    write_shards(tmp_path / "shards")
    monkeypatch.setattr(distributed, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ConfigError, match="Cannot reach the Dask scheduler"):
        dyad.ingest([str(tmp_path / "shards")], str(tmp_path / "x.db"), engine="dask", scheduler="tcp://127.0.0.1:9")


def _done(shas: set[str], work: BatchWork | None) -> tuple[set[str], Future[BatchWork]]:
    future: Future[BatchWork] = Future()
    if work is not None:
        future.set_result(work)
    return shas, future


def test_the_writer_waits_for_the_chunks_of_a_whole_batch_in_order() -> None:
    from dyad import parallel

    late = _done({"c"}, None)  # still running when the writer starts: it waits rather than write a short batch
    window: parallel.Window = deque([
        _done({"a"}, BatchWork(notices=["a"])),
        _done({"b"}, BatchWork(notices=["b"], failures=[Failure("b", "bad")])),
        late,
        _done({"d"}, BatchWork(notices=["d"])),
        _done({"e"}, BatchWork(notices=["e"])),
    ])
    threading.Timer(0.2, late[1].set_result, [BatchWork(notices=["c"])]).start()
    shas, work = parallel.next_batch(window, 4)
    assert work.notices == ["a", "b", "c", "d"] and shas == {"a", "b", "c", "d"} and len(window) == 1
    assert [f.location for f in work.failures] == ["b"]


def test_two_batches_of_chunks_are_in_flight_and_at_least_a_few_per_worker() -> None:
    from dyad.parallel import IN_FLIGHT_PER_WORKER, in_flight

    assert in_flight(Settings(batch_size=200, workers=1)) == 10  # chunks of 40
    assert in_flight(Settings(batch_size=400, workers=2)) == 20
    assert in_flight(Settings(batch_size=200, workers=2)) == IN_FLIGHT_PER_WORKER * 2
    assert in_flight(Settings(batch_size=3, workers=1)) == IN_FLIGHT_PER_WORKER  # chunks of 3


def _raw(name: str) -> RawItem:
    return RawItem(name, name, name.encode(), "text")


def test_small_chunks_are_joined_except_the_last_ones() -> None:
    from dyad.parallel import chunks_joined, joined

    small = [[_raw(f"{n}-{k}") for k in range(8)] for n in range(23)]
    units = list(joined(iter(small), 5))
    assert [raw for unit in units for raw in unit] == [raw for chunk in small for raw in chunk]
    assert [len(unit) for unit in units] == [40] * 3 + [8] * 8  # the last 8 small chunks stay small
    assert [len(unit) for unit in joined(iter(small[:9]), 5)] == [8] * 9  # a short input is never joined
    assert chunks_joined(Settings(batch_size=200)) == 5
    assert chunks_joined(Settings(batch_size=20)) == 2 and chunks_joined(Settings(batch_size=5)) == 1


def test_the_writer_keeps_to_the_batch_size() -> None:
    from dyad import parallel

    written: list[list[str]] = []
    window: parallel.Window = deque([_done({f"{n}a", f"{n}b"}, BatchWork(notices=[str(n)])) for n in range(3)])
    while window:
        written.append(parallel.next_batch(window, 4)[1].notices)
    assert written == [["0", "1"], ["2"]]


def test_merged_work_keeps_every_part_in_order() -> None:
    from dyad.ingest.work import merge_work

    first = BatchWork(failures=[Failure("1", "x")], notices=["n1"], found={"d1": None})  # type: ignore[dict-item]
    then = BatchWork(failures=[Failure("2", "y")], notices=["n2"], found={"d2": None})  # type: ignore[dict-item]
    merged = merge_work(first, then)
    assert [f.location for f in merged.failures] == ["1", "2"]
    assert merged.notices == ["n1", "n2"] and list(merged.found) == ["d1", "d2"]


def test_the_forkserver_is_warmed_only_for_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    import multiprocessing
    from multiprocessing import forkserver

    from dyad import parallel

    preloads: list[list[str]] = []
    context = multiprocessing.get_context(parallel.START_METHOD)
    monkeypatch.setattr(type(context), "set_forkserver_preload", lambda self, names: preloads.append(names))
    monkeypatch.setattr(forkserver, "ensure_running", lambda: None)
    parallel.start_forkserver(analyse=True)
    parallel.start_forkserver(analyse=False)
    assert preloads == [["dyad.parallel", "dyad.extract.preload"], ["dyad.parallel"]]
