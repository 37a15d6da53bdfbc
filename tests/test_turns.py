"""Views take turns on the event loop: one at a time, the API's waiting calls before the pages'."""

from __future__ import annotations

import asyncio
import socket
import time

import pytest

from dyad.web.turns import Turns


def test_calls_run_one_at_a_time_api_first() -> None:
    async def scenario() -> list[str]:
        turns, ran = Turns(), []
        running = 0

        def work(name: str) -> str:
            nonlocal running
            running += 1
            assert running == 1, "two views ran at once"
            ran.append(name)
            running -= 1
            return name

        turns._busy = True  # a view is being computed: every call below waits its turn
        calls = [asyncio.ensure_future(turns.run(lane, lambda n=name: work(n)))
                 for lane, name in (("page", "page 2"), ("api", "api 1"), ("page", "page 3"), ("api", "api 2"))]
        await asyncio.sleep(0)
        assert turns.waiting() == 4 and not ran
        turns._next()  # the view ends
        assert await asyncio.gather(*calls) == ["page 2", "api 1", "page 3", "api 2"]
        assert turns.waiting() == 0 and not turns._busy
        assert await turns.run("page", lambda: work("page 1")) == "page 1"  # nothing waiting: runs at once
        return ran

    assert asyncio.run(scenario()) == ["api 1", "api 2", "page 2", "page 3", "page 1"]


def test_a_cancelled_call_gives_up_its_turn() -> None:
    async def scenario() -> list[str]:
        turns, ran = Turns(), []
        turns._busy = True
        gone = asyncio.ensure_future(turns.run("api", lambda: ran.append("gone")))
        kept = asyncio.ensure_future(turns.run("page", lambda: ran.append("kept")))
        await asyncio.sleep(0)
        gone.cancel()  # the client went away while it waited
        await asyncio.sleep(0)
        turns._next()
        await asyncio.wait_for(kept, 1)
        with pytest.raises(asyncio.CancelledError):
            await gone
        assert not turns._busy  # the turn was freed, not lost with the cancelled call
        await asyncio.gather(turns.run("api", lambda: ran.append("given")), turns.run("page", lambda: ran.append("after")))
        assert turns.waiting() == 0 and ran == ["kept", "given", "after"]
        # Cancelled after it was given the turn: the turn goes on to the next call.
        turns._busy = True
        late = asyncio.ensure_future(turns.run("api", lambda: ran.append("late")))
        last = asyncio.ensure_future(turns.run("page", lambda: ran.append("last")))
        await asyncio.sleep(0)
        turns._next()  # gives `late` its turn ...
        late.cancel()  # ... and its client goes away before it runs
        await asyncio.wait_for(last, 1)  # held for good if the turn went with the cancelled call
        assert not turns._busy
        return ran

    assert asyncio.run(scenario()) == ["kept", "given", "after", "last"]


def test_what_arrives_during_a_view_goes_before_the_next_view() -> None:
    """Under uvloop (as `dyad serve` runs), a request read while a view ran is answered before the next view."""
    uvloop = pytest.importorskip("uvloop")

    async def scenario() -> list[str]:
        loop, turns, order = asyncio.get_running_loop(), Turns(), []
        server, client = socket.socketpair()

        class Kept(asyncio.Protocol):
            def data_received(self, data: bytes) -> None:  # a kept answer's request: a task of its own, as uvicorn's
                async def answer() -> None:
                    order.append("kept")

                loop.create_task(answer())

        await loop.connect_accepted_socket(Kept, server)

        def first_view() -> None:
            client.send(b"GET")  # arrives while this view is computed
            time.sleep(0.01)
            order.append("first view")

        turns._busy = True  # a view is running; two wait
        calls = [asyncio.ensure_future(turns.run("api", first_view)),
                 asyncio.ensure_future(turns.run("page", lambda: order.append("next view")))]
        await asyncio.sleep(0)
        turns._next()
        await asyncio.gather(*calls)
        await asyncio.sleep(0.01)
        client.close()
        return order

    assert uvloop.run(scenario()) == ["first view", "kept", "next view"]
