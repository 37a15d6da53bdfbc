"""Try a store operation again when its database server went away, waiting longer each time.

A lost connection is a condition to wait out, not a fault: a PostgreSQL
restart refuses connections for one to three seconds, and a transaction cut
by it left nothing behind. So a batch's write is tried again, after WAITS
seconds (15 s in all), and only then does the run stop, with one line that
names the store and says what of the batch was stored. SQLite stores never
get here: a file has no server to lose.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from dyad.errors import StoreUnavailable

T = TypeVar("T")

WAITS = (1.0, 2.0, 4.0, 8.0)


def retried(action: Callable[[], T], *, then: str) -> T:
    """Run `action`, again after each of WAITS while the store is unavailable; then say `then` happened.

    `action` must be safe to run twice: one transaction, or work that skips
    what is done.
    """
    waits = WAITS
    for wait in waits:
        try:
            return action()
        except StoreUnavailable:
            time.sleep(wait)
    try:
        return action()
    except StoreUnavailable as exc:
        raise StoreUnavailable(exc.where, exc.reason, (
            f"Lost the connection to the store at {exc.where} ({exc.reason}), and it did not come back "
            f"in {sum(waits):.0f} s; {then}. Run the same command again once the database server is back: "
            "it skips what is stored and completes the rest."
        )) from None
