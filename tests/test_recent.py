"""The kept answers of the aggregate views: one per key and generation, computed once however many ask."""

from __future__ import annotations

import threading
import time

import pytest

from dyad.errors import StoreUnavailable
from dyad.store import Store
from dyad.web import recent as recent_module
from dyad.web.recent import Recent, remembered


def test_an_answer_is_computed_once_per_generation() -> None:
    recent, calls = Recent(), []
    for _ in range(3):
        assert recent.get(1, "k", lambda: calls.append(1) or len(calls)) == 1
    assert recent.get(2, "k", lambda: calls.append(1) or len(calls)) == 2  # the store changed: computed again
    assert recent.get(2, "k", lambda: calls.append(1) or len(calls)) == 2
    assert calls == [1, 1]


def test_first_callers_at_once_share_one_computation() -> None:
    recent, calls, gate = Recent(), [], threading.Event()

    def slow() -> str:
        calls.append(1)
        gate.wait(5)
        return "done"

    found: list[str] = []
    threads = [threading.Thread(target=lambda: found.append(recent.get(1, "k", slow))) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert found == ["done"] * 4 and calls == [1]


def test_a_failed_computation_is_kept_by_no_one_and_the_next_caller_tries_again() -> None:
    recent, calls = Recent(), []

    def failing() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("database away")
        return 7

    with pytest.raises(RuntimeError):
        recent.get(1, "k", failing)
    assert recent.get(1, "k", failing) == 7 and len(calls) == 2


def test_the_oldest_asked_is_dropped_past_the_limit() -> None:
    recent, calls = Recent(most=2), []
    for key in ("a", "b", "a", "c", "a", "b"):
        recent.get(1, key, lambda key=key: calls.append(key) or key)
    assert calls == ["a", "b", "c", "b"]  # "b" went when "c" came; "a", asked again, stayed


def test_a_writable_stores_answers_are_never_kept(tmp_path: object) -> None:
    calls: list[int] = []
    with Store.open(f"{tmp_path}/w.db") as store:
        for _ in range(2):
            remembered(store, "k", lambda: calls.append(1))
    assert calls == [1, 1]


def test_a_read_only_store_keeps_an_answer_until_a_write(tmp_path: object) -> None:
    db = f"{tmp_path}/r.db"
    with Store.open(db) as writer, Store.open(db, readonly=True) as reader:
        calls: list[int] = []
        for _ in range(2):
            remembered(reader, "k", lambda: calls.append(1))
        assert calls == [1]
        writer.add_actors([])  # a write transaction, even of nothing, moves the generation
        remembered(reader, "k", lambda: calls.append(1))
        assert calls == [1, 1]


def test_while_the_database_is_away_the_last_answer_is_given(tmp_path: object,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    db = f"{tmp_path}/a.db"
    Store.open(db).close()
    with Store.open(db, readonly=True) as reader:
        assert remembered(reader, "k", lambda: 7) == 7

        def away() -> int:
            raise StoreUnavailable(db, "gone")

        monkeypatch.setattr(reader, "generation", away)
        assert remembered(reader, "k", lambda: 8) == 7
        with pytest.raises(StoreUnavailable):
            remembered(reader, "never computed", lambda: 9)
    assert recent_module.MOST > 0


def test_within_a_request_the_generation_it_read_as_it_came_keys_its_aggregates(tmp_path: object,
                                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """The web app reads the generation once per request (dyad.web.generations); its views do not read it again."""
    import asyncio

    from dyad.web.generations import Generations

    db = f"{tmp_path}/g.db"
    with Store.open(db) as writer, Store.open(db, readonly=True) as reader:
        calls: list[int] = []

        async def request() -> None:  # one request: its generation read as it comes, then its views
            await Generations(reader).read()
            monkeypatch.setattr(reader, "generation", lambda: pytest.fail("read again within the request"))
            for _ in range(2):
                remembered(reader, "k", lambda: calls.append(1))
            monkeypatch.undo()

        asyncio.run(request())
        assert calls == [1]
        writer.add_actors([])
        asyncio.run(request())  # the next request read the new generation: computed again
        assert calls == [1, 1]
        remembered(reader, "k", lambda: calls.append(1))  # outside a request, read now: the same generation
        assert calls == [1, 1]
