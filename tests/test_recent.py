"""The kept answers of the aggregate views: computed once, given stale while one thread refreshes them."""

from __future__ import annotations

import threading
import time

from dyad.store import Store
from dyad.web.recent import Recent, remembered


def test_a_fresh_answer_is_computed_once() -> None:
    recent, calls = Recent(fresh=60), []
    for _ in range(3):
        assert recent.get("k", lambda: calls.append(1) or len(calls)) == 1
    assert calls == [1]


def test_a_stale_answer_is_given_while_one_thread_refreshes_it() -> None:
    recent, calls, release = Recent(fresh=0.0), [], threading.Event()

    def slow() -> int:
        calls.append(1)
        if len(calls) > 1:
            release.wait(5)
        return len(calls)

    assert recent.get("k", slow) == 1
    started = time.monotonic()
    assert [recent.get("k", slow) for _ in range(5)] == [1] * 5  # stale, not waited for
    assert time.monotonic() - started < 1 and len(calls) == 2  # one refresh running, not five
    release.set()
    deadline = time.monotonic() + 5
    while recent.get("k", slow) == 1 and time.monotonic() < deadline:
        time.sleep(0.01)
    assert recent.get("k", slow) >= 2


def test_first_callers_at_once_share_one_computation() -> None:
    recent, calls, gate = Recent(), [], threading.Event()

    def slow() -> str:
        calls.append(1)
        gate.wait(5)
        return "done"

    found: list[str] = []
    threads = [threading.Thread(target=lambda: found.append(recent.get("k", slow))) for _ in range(4)]
    for thread in threads:
        thread.start()
    time.sleep(0.2)
    gate.set()
    for thread in threads:
        thread.join(5)
    assert found == ["done"] * 4 and calls == [1]


def test_the_oldest_asked_is_dropped_past_the_limit() -> None:
    recent, calls = Recent(most=2), []
    for key in ("a", "b", "a", "c", "a", "b"):
        recent.get(key, lambda key=key: calls.append(key) or key)
    assert calls == ["a", "b", "c", "b"]  # "b" went when "c" came; "a", asked again, stayed


def test_a_writable_stores_answers_are_never_kept(tmp_path: object) -> None:
    calls: list[int] = []
    with Store.open(f"{tmp_path}/w.db") as store:
        for _ in range(2):
            remembered(store, "k", lambda: calls.append(1))
    assert calls == [1, 1]


def test_a_failed_refresh_keeps_the_answer_and_waits_before_trying_again() -> None:
    recent, calls = Recent(fresh=0.0), []

    def failing() -> int:
        calls.append(1)
        if len(calls) > 1:
            raise RuntimeError("database away")
        return 7

    assert recent.get("k", failing) == 7
    assert recent.get("k", failing) == 7  # stale: one refresh started, which fails
    deadline = time.monotonic() + 5
    while len(calls) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    time.sleep(0.05)
    assert [recent.get("k", failing) for _ in range(5)] == [7] * 5
    assert len(calls) == 2  # not retried on every request
