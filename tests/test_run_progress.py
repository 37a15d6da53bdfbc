"""A run's progress is kept in the store: failed linking, the follow-up, interrupted and concurrent runs.

Kills are simulated by raising `Killed` (a BaseException, which no handler of
Dyad's catches, as none runs on kill -9) at a point of the run; open
transactions roll back as they would when the process dies. Stores are then
compared with a clean run's by what a user sees: the stories (as sets of
documents), copies, citations, dates and commitment statuses.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import dyad
import dyad.link.run
import dyad.pipeline
import dyad.store.links
from dyad import queries
from dyad.actors import load_dictionary
from dyad.budget import time_limit
from dyad.cli import main
from dyad.errors import TimeBudgetError
from dyad.export.records import read_meetings
from dyad.link.dates import inherit_published
from dyad.model import Document, Published, RawItem, document_id
from dyad.settings import load_settings
from dyad.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
TEXT_ONLY = load_settings().with_overrides(analyse=False)


class Killed(BaseException):
    """What a kill does to a run at the point it is raised: stops it, running no handler."""


def _page(folder: Path, name: str, title: str, body: str) -> str:
    path = folder / name
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return str(path)


# -- a document whose linking fails ------------------------------------------------------------


def test_a_document_whose_linking_stalls_is_marked_failed_and_later_runs_leave_it(tmp_path, monkeypatch) -> None:
    db = str(tmp_path / "poisoned.db")
    poison = _page(tmp_path, "poison.txt", "Envoys stall",
                   "The envoys of Peru and Ghana met in Lima on Monday to discuss mining rights at length.")
    # Stored but never linked: as if its linking had hung and the run been killed.
    dyad.ingest([poison], db, settings=TEXT_ONLY.with_overrides(link=False))
    tried: list[str] = []
    real = dyad.link.run._link_one

    def stalling(run: Any, doc: Any, *rest: Any) -> Any:
        tried.append(Path(doc.source).name)
        if doc.source.endswith("poison.txt"):
            time.sleep(60)
        return real(run, doc, *rest)

    monkeypatch.setattr(dyad.link.run, "_link_one", stalling)
    monkeypatch.setattr(dyad.link.run, "LINK_SECONDS", 0.5)
    other = _page(tmp_path, "other.txt", "Ministers agree",
                  "The foreign ministers of Chile and Kenya agreed in Nairobi on Friday to open embassies.")
    started = time.monotonic()
    report = dyad.ingest([other], db, settings=TEXT_ONLY)
    assert time.monotonic() - started < 15
    (failure,) = report.failures
    assert "poison.txt" in failure.location and failure.reason == "its linking took more than 0.5 s and was stopped"
    with Store.open(db) as store:
        assert queries.progress.link_states(store.engine) == {"stored": 0, "linked": 1, "failed": 1}
        assert store.unlinked_ids() == []
    tried.clear()
    third = _page(tmp_path, "third.txt", "Talks resume",
                  "Negotiators from Peru and Chile resumed talks in Santiago on Tuesday about water.")
    again = dyad.ingest([third], db, settings=TEXT_ONLY)
    assert tried == ["third.txt"] and again.ok  # the failed one is not tried again, nor counted as this run's
    assert any("could not be linked" in notice for notice in again.notices)
    shown = CliRunner().invoke(main, ["--db", db, "report"], env={"COLUMNS": "250"})
    assert shown.exit_code == 0
    assert "poison.txt" in shown.output and "took more than 0.5 s" in shown.output


def test_a_time_limit_stops_a_stall_in_the_main_thread_and_restores_an_outer_one() -> None:
    started = time.monotonic()
    with time_limit(5, "the outer step"):
        with pytest.raises(TimeBudgetError, match="the step took more than 0.2 s"), time_limit(0.2, "the step"):
            time.sleep(3)
        assert time.monotonic() - started < 1
        with pytest.raises(TimeBudgetError, match="the outer step took more than 5 s"):
            time.sleep(10)  # the outer limit still holds, less what the inner block used
    assert 4.5 < time.monotonic() - started < 6
    with time_limit(0.2, "a quick step"):
        pass
    time.sleep(0.4)  # its alarm was cancelled: nothing is raised after the block


def test_a_time_limit_stops_spacy_stalled_on_a_run_of_brackets() -> None:
    """The stall that hung re-analysis: the tokenizer's suffix search is quadratic in a run of brackets."""
    from dyad.extract.annotate import annotate_documents

    dictionary = load_dictionary()
    text = "Envoys of Peru and Chile met in Lima. " + "(" * 20_000 + " They talked."
    stalled = Document(id="b-0", source="b.txt", part=0, text=text, raw_sha256="b" * 64, language="en")
    started = time.monotonic()
    with pytest.raises(TimeBudgetError), time_limit(0.5, "the analysis"):
        annotate_documents([stalled], dictionary)  # quadratic: 4,000 brackets took 1.7 s, these some 40 s
    assert time.monotonic() - started < 3


def test_a_time_limit_stops_a_stall_off_the_main_thread_too() -> None:
    """Where ingest runs in a thread (a Dask worker's task, a caller's own thread), signals cannot reach it."""
    found: list[str] = []

    def step() -> None:
        started = time.monotonic()
        try:
            with time_limit(0.2, "a step in a thread"):
                while time.monotonic() - started < 5:  # a stall in Python
                    sum(range(1000))
        except TimeBudgetError as exc:
            found.append(f"{exc} after {time.monotonic() - started:.1f} s")
        with time_limit(0.2, "a quick step"):
            pass
        time.sleep(0.4)  # its timer was cancelled: nothing is raised after the block
        found.append("went on")

    worker = threading.Thread(target=step)
    worker.start()
    worker.join()
    assert found[0].startswith("a step in a thread took more than 0.2 s and was stopped after 0.")
    assert found[1:] == ["went on"]


def test_a_document_whose_linking_raises_fails_alone_and_the_batch_is_linked(tmp_path, monkeypatch) -> None:
    db = str(tmp_path / "raising.db")
    pages = [_page(tmp_path, f"{n}.txt", f"Item {n}", f"The envoys of Peru and Ghana met in Lima on day {n} "
                   f"to discuss topic number {n} and nothing else.") for n in range(4)]
    real_one, real_print = dyad.link.run._link_one, dyad.link.run.fingerprint

    def raising(run: Any, doc: Any, *rest: Any) -> Any:
        if doc.source.endswith("1.txt"):
            raise ValueError("a bug met on this page")
        return real_one(run, doc, *rest)

    def bad_print(text: str) -> Any:  # fails outside any one document's part: the batch is split to find it
        if "day 2" in text:
            raise RuntimeError("a bug in fingerprinting")
        return real_print(text)

    monkeypatch.setattr(dyad.link.run, "_link_one", raising)
    monkeypatch.setattr(dyad.link.run, "fingerprint", bad_print)
    report = dyad.ingest(pages, db, settings=TEXT_ONLY)
    reasons = {Path(f.location.split(" (")[0]).name: f.reason for f in report.failures}
    assert set(reasons) == {"1.txt", "2.txt"}
    assert "ValueError: a bug met on this page" in reasons["1.txt"]
    assert "RuntimeError: a bug in fingerprinting" in reasons["2.txt"]
    with Store.open(db) as store:
        assert queries.progress.link_states(store.engine) == {"stored": 0, "linked": 2, "failed": 2}


def test_a_document_ingest_would_not_analyse_inherits_a_date_without_reanalysis(tmp_path, monkeypatch) -> None:
    """The re-analysis for a date inherited while linking passes ingest's guards (language, length)."""
    raw = RawItem("marks.txt", "marks.txt", b"marks", "text")
    doc = Document(id=document_id(raw.sha256, 0), source="marks.txt", part=0, raw_sha256=raw.sha256,
                   text="Noted: " + '"' * 5_000, language="und")
    called: list[str] = []
    monkeypatch.setattr("dyad.extract.annotate.annotate_documents", lambda docs, _d: called.append("yes"))
    with Store.open(str(tmp_path / "g.db")) as store:
        store.add_batch([(raw, [doc])])
        assert inherit_published(store, doc.id, Published("2013-11", "month", "inherited"), load_dictionary())
        stored = store.get_document(doc.id)
    assert called == [] and stored is not None and stored.published == Published("2013-11", "month", "inherited")


# -- the follow-up works from the store ------------------------------------------------------------


def _statuses(db: str) -> dict[tuple[str, str], str]:
    with Store.open(db) as store:
        listed = queries.commitments.listing(store.engine, copies=True)
        return {(c.document, c.commitment.action): c.status for c in listed}


def test_a_follow_up_cut_short_is_repaired_by_the_next_run(tmp_path, monkeypatch) -> None:
    db = str(tmp_path / "late.db")
    clean = str(tmp_path / "clean.db")
    dyad.ingest([str(FIXTURES / "commitments" / "late")], clean)
    assert set(_statuses(clean).values()) == {"fulfilled late"}
    with monkeypatch.context() as patch:
        def killed(*_: Any) -> int:
            raise Killed

        patch.setattr(Store, "set_commitment_statuses", killed)
        with pytest.raises(Killed):
            dyad.ingest([str(FIXTURES / "commitments" / "late")], db)
    assert set(_statuses(db).values()) == {"unknown"}
    other = _page(tmp_path, "other.txt", "Fisheries talks",
                  "Norwegian and Chilean officials discussed fisheries quotas in Oslo on Tuesday.")
    dyad.ingest([other], db)  # another file: this run's own documents say nothing of the promise
    assert _statuses(db) == _statuses(clean)


# -- a kill at each phase, then a rerun: the store a clean run leaves --------------------------------

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
ONE_A_BATCH = load_settings().with_overrides(batch_size=1)  # five batches: a kill falls between two


def snapshot(db: str) -> dict[str, Any]:
    """What a user sees of a store's links: stories, copies, citations, dates, statuses, event counts."""
    with Store.open(db) as store:
        name = {d.id: f"{Path(d.source).name}#{d.part}" for d in store.iter_documents()}
        documents = {name[d.id]: (d.story, d.duplicate_of and name[d.duplicate_of], sorted(name[c] for c in d.cites),
                                  d.published) for d in store.iter_documents()}
        stories = {s.id: (s.title, s.first_date, s.last_date, sorted(name[i] for i in ids))
                   for s, ids in queries.stories.stream(store.engine)}
        statuses = {(name[c.document], c.commitment.action, c.commitment.start): (c.status, c.status_evidence,
                    c.fulfilled_on) for c in queries.commitments.listing(store.engine, copies=True)}
        counts = sorted((name[e.document], e.start, e.documents, e.publishers)
                        for e in queries.events.stream_all(store.engine))
        meetings = sorted(((m["date"], m["place"], m["format"], sorted(m["participants"]), sorted(name[d] for d in
                           m["documents"])) for m in read_meetings(store)), key=repr)
        progress = (queries.progress.link_states(store.engine), queries.progress.unfollowed(store.engine),
                    store.stale_stories())
    return {"documents": documents, "stories": stories, "statuses": statuses, "counts": counts, "meetings": meetings,
            "progress": progress}


@pytest.fixture(scope="module")
def clean_seeds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    db = str(tmp_path_factory.mktemp("clean") / "clean.db")
    assert dyad.ingest([str(SEEDS)], db, settings=ONE_A_BATCH).ok
    found = snapshot(db)
    assert len(found["stories"]) == 3 and found["progress"] == ({"stored": 0, "linked": 8, "failed": 0}, 0, [])
    return found


def _kill_at(monkeypatch: pytest.MonkeyPatch, owner: Any, name: str, nth: int) -> None:
    """Make the nth call of owner.name kill the run."""
    real, calls = getattr(owner, name), [0]

    def killing(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == nth:
            raise Killed
        return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, killing)


# (where the kill falls, the function it falls in, which of its calls)
PHASES = [
    ("during store", "dyad.store.store.BatchWriter", "finish", 3),  # inside the third batch's transaction
    ("between store and link", "dyad.pipeline.Run", "link_pending", 4),  # the third batch stored, not linked
    ("during link", "dyad.store.links", "join_stories", 2),  # inside the second batch's link write
    ("during link, after a re-dating", "dyad.store.links", "join_stories", 5),  # the citing piece was re-analysed
    ("before recounting", "dyad.link.run", "recount", 5),  # the last batch linked, its events not recounted
    ("during follow-up", "dyad.link.followup", "assess", 7),
    ("after follow-up, before it is recorded", "dyad.store.store.Store", "mark_followed", 1),
]


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/corpus/seeds")
@pytest.mark.parametrize(("phase", "owner", "name", "nth"), PHASES, ids=[p[0] for p in PHASES])
def test_a_rerun_after_a_kill_leaves_the_store_a_clean_run_leaves(
    phase: str, owner: str, name: str, nth: int, clean_seeds: dict[str, Any], store_url: str, monkeypatch
) -> None:
    db = store_url  # a SQLite file, then a PostgreSQL schema: compared with a clean run on SQLite
    module, _, attr = owner.rpartition(".")
    target = getattr(__import__(module, fromlist=[attr]), attr) if attr[0].isupper() else __import__(
        owner, fromlist=["_"])
    with monkeypatch.context() as patch:
        _kill_at(patch, target, name, nth)
        with pytest.raises(Killed):
            dyad.ingest([str(SEEDS)], db, settings=ONE_A_BATCH)
    assert snapshot(db) != clean_seeds, "the kill fell where it changed nothing"
    assert dyad.ingest([str(SEEDS)], db, settings=ONE_A_BATCH).ok
    assert snapshot(db) == clean_seeds


# -- concurrent runs take turns at the link step ------------------------------------------------------

# `dyad` with each document's linking slowed down, so two runs' link steps overlap.
SLOW_LINKING = """import sys, time
import dyad.link.run as run
from dyad.budget import time_limit
from dyad.cli import main
from dyad.errors import TimeBudgetError
from dyad.export.records import read_meetings
real = run._link_one
def slow(*args):
    time.sleep(0.25)
    return real(*args)
run._link_one = slow
main()
"""
_TAKE_LOCK = "import sys; from dyad.store import Store\nwith Store.open(sys.argv[1]).link_lock():\n    print('held', flush=True)"


def test_the_link_lock_is_held_across_processes(store_url: str) -> None:
    with Store.open(store_url) as store, store.link_lock():
        other = subprocess.Popen([sys.executable, "-c", _TAKE_LOCK, store_url], stdout=subprocess.PIPE, text=True)
        try:
            with pytest.raises(subprocess.TimeoutExpired):
                other.wait(timeout=3)  # it waits for ours
        except BaseException:
            other.kill()
            raise
    out, _ = other.communicate(timeout=60)
    assert out == "held\n" and other.returncode == 0
    assert not Path(f"{store_url}-link.lock").exists()  # SQLite's lock file goes with the lock


def _partition(found: dict[str, Any]) -> set[frozenset[str]]:
    return {frozenset(docs) for _title, _first, _last, docs in found["stories"].values()}


def _same_links(found: dict[str, Any]) -> dict[str, Any]:
    """What runs that stored the documents in another order agree on.

    Not the stories' ids (made from their first document), nor which of two
    copies of one date is the original (the one stored first).
    """
    documents = found["documents"]
    copies = {frozenset((name, doc[1])) for name, doc in documents.items() if doc[1]}
    cites = {name: doc[2] for name, doc in documents.items()}
    dates = {name: doc[3] for name, doc in documents.items()}
    statuses = {key: status for key, (status, _evidence, _on) in found["statuses"].items()}
    return {"partition": _partition(found), "copies": copies, "cites": cites, "dates": dates, "statuses": statuses,
            "meetings": found["meetings"], "progress": found["progress"]}


def _in_runs(db: str, runs: list[list[str]]) -> None:
    for files in runs:
        assert dyad.ingest(files, db, settings=ONE_A_BATCH).ok


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/corpus/seeds")
def test_the_seeds_in_other_orders_and_runs_give_the_links_of_one_run(clean_seeds, tmp_path, monkeypatch) -> None:
    files = sorted(str(p) for p in SEEDS.iterdir())
    orders = {
        "backwards, a run each": [[f] for f in reversed(files)],
        "odd then even files": [files[1::2], files[0::2]],
        "the second half first": [files[3:], files[:3]],
    }
    for label, runs in orders.items():
        db = str(tmp_path / f"{label}.db")
        _in_runs(db, runs)
        assert _same_links(snapshot(db)) == _same_links(clean_seeds), label
    db = str(tmp_path / "killed.db")  # backwards again, killed in the middle of linking the third batch
    with monkeypatch.context() as patch:
        _kill_at(patch, dyad.store.links, "join_stories", 3)
        with pytest.raises(Killed):
            dyad.ingest(files[::-1], db, settings=ONE_A_BATCH)
    _in_runs(db, [files[::-1]])
    assert _same_links(snapshot(db)) == _same_links(clean_seeds)


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/corpus/seeds")
def test_meeting_records_do_not_depend_on_the_order_documents_came_in(clean_seeds, tmp_path) -> None:
    files = sorted(str(p) for p in SEEDS.iterdir())
    db = str(tmp_path / "backwards.db")
    _in_runs(db, [[f] for f in reversed(files)])
    assert snapshot(db)["meetings"] == clean_seeds["meetings"]


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/corpus/seeds")
def test_two_ingests_of_halves_at_once_give_the_stories_of_one_run(store_url: str, clean_seeds) -> None:
    files = sorted(str(p) for p in SEEDS.iterdir())
    halves = [files[0::2], files[1::2]]  # the copy and its original, the citing piece and the cited, apart
    Store.open(store_url).close()  # made once: the runs race on linking, not on creating tables
    env = {**os.environ, "DYAD_BATCH_SIZE": "1"}
    runs = [subprocess.Popen([sys.executable, "-c", SLOW_LINKING, "--db", store_url, "ingest", *half], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for half in halves]
    for run in runs:
        out, _ = run.communicate(timeout=300)
        assert run.returncode == 0, out
    # two runs interleave their documents in an order of their own, and reach one run's links and meetings
    assert _same_links(snapshot(store_url)) == _same_links(clean_seeds)


@pytest.mark.slow
@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/corpus/seeds")
def test_a_rerun_after_kill_9_in_the_middle_of_linking_leaves_the_store_a_clean_run_leaves(
    clean_seeds: dict[str, Any], tmp_path: Path
) -> None:
    db = str(tmp_path / "killed.db")
    env = {**os.environ, "DYAD_BATCH_SIZE": "1"}
    run = subprocess.Popen([sys.executable, "-c", SLOW_LINKING, "--db", db, "ingest", str(SEEDS)], env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while True:  # two batches linked: the third is being linked (each document's linking sleeps)
            assert run.poll() is None and time.monotonic() < deadline, "the run ended before it could be killed"
            if Path(db).exists():
                with Store.open(db) as store:
                    if queries.progress.link_states(store.engine)["linked"] >= 2:
                        break
            time.sleep(0.1)
    finally:
        run.kill()  # SIGKILL: no handler runs, the lock file stays behind
        run.wait(timeout=30)
    assert snapshot(db) != clean_seeds
    assert dyad.ingest([str(SEEDS)], db, settings=ONE_A_BATCH).ok
    assert snapshot(db) == clean_seeds
