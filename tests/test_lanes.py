"""The view threads' lanes: each lane's calls in the order they came, lanes apart, errors and departures."""

from __future__ import annotations

import asyncio
import threading

import pytest

from dyad.web.lanes import Lanes


def test_a_lanes_calls_run_in_the_order_they_came_and_give_their_results() -> None:
    async def main() -> list[int]:
        lanes = Lanes({"page": 1})
        lanes.start()
        ran: list[int] = []
        try:
            return await asyncio.gather(*(lanes.run("page", lambda n=n: ran.append(n) or n * n) for n in range(20)))
        finally:
            lanes.stop()
            assert ran == list(range(20))

    assert asyncio.run(main()) == [n * n for n in range(20)]


def test_an_api_call_is_not_held_behind_a_busy_page_lane() -> None:
    release = threading.Event()

    async def main() -> None:
        lanes = Lanes({"api": 1, "page": 1})
        lanes.start()
        try:
            page = asyncio.ensure_future(lanes.run("page", lambda: release.wait(10) and "page"))
            assert await asyncio.wait_for(lanes.run("api", lambda: "api"), 5) == "api"
            assert not page.done()  # still busy: the API call went by
            release.set()
            assert await page == "page"
        finally:
            release.set()
            lanes.stop()

    asyncio.run(main())


def test_an_error_in_a_call_reaches_its_caller_and_the_lane_goes_on() -> None:
    async def main() -> None:
        lanes = Lanes({"api": 1})
        lanes.start()
        try:
            with pytest.raises(LookupError, match="no such record"):
                await lanes.run("api", lambda: (_ for _ in ()).throw(LookupError("no such record")))
            assert await lanes.run("api", lambda: 7) == 7
        finally:
            lanes.stop()

    asyncio.run(main())


def test_a_call_whose_caller_left_while_it_waited_is_not_run() -> None:
    release = threading.Event()
    ran: list[str] = []

    async def main() -> None:
        lanes = Lanes({"page": 1})
        lanes.start()
        try:
            busy = asyncio.ensure_future(lanes.run("page", lambda: release.wait(10)))
            left = asyncio.ensure_future(lanes.run("page", lambda: ran.append("left")))
            await asyncio.sleep(0.05)
            left.cancel()  # the client went away while its call waited behind the busy one
            await asyncio.sleep(0)
            release.set()
            await busy
            assert await lanes.run("page", lambda: ran.append("next") or "next") == "next"
        finally:
            release.set()
            lanes.stop()

    asyncio.run(main())
    assert ran == ["next"]


def test_lanes_must_be_started_and_stop_their_threads() -> None:
    lanes = Lanes({"api": 2, "page": 1})
    with pytest.raises(RuntimeError):
        asyncio.run(lanes.run("api", lambda: 1))
    before = threading.active_count()
    lanes.start()
    lanes.start()  # once only
    assert threading.active_count() == before + 3
    lanes.stop()
    assert threading.active_count() == before
