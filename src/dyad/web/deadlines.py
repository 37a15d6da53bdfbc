"""Close connections that do not send a request in time: idle ones, and slow ones (slowloris).

uvicorn closes a kept-alive connection left idle after a response
(`timeout_keep_alive`), but sets no limit before a request's head is whole:
a client that connects and sends nothing, or sends its headers a byte at a
time, held its connection, and a server task, for as long as it liked.
Enough of them and no one else is answered. `HeadDeadline` gives every
connection HEAD_SECONDS from its opening, and from each response, to send
a whole request head (request line and headers); past that, a connection
still waiting for one is closed. A response in progress, however long, is
never cut: the deadline only concerns the client's part.
"""

from __future__ import annotations

import asyncio
from typing import Any

# Seconds a client has to send a request's head. Browsers and scripts send one
# in a few milliseconds, over a slow link in well under a second.
HEAD_SECONDS = 10.0
# Seconds a connection may stay idle after a response before it is closed (uvicorn's own timer).
KEEP_ALIVE_SECONDS = 5


class HeadDeadline:
    """Mixin for a uvicorn HTTP protocol: close a connection that has not sent a whole request head in time."""

    loop: asyncio.AbstractEventLoop
    transport: asyncio.Transport
    cycle: Any
    _deadline: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        """Start the clock for the first request's head."""
        super().connection_made(transport)  # type: ignore[misc]
        self._arm()

    def on_response_complete(self) -> None:
        """Start the clock for the next request's head."""
        super().on_response_complete()  # type: ignore[misc]
        self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        """Stop the clock."""
        if self._deadline is not None:
            self._deadline.cancel()
        super().connection_lost(exc)  # type: ignore[misc]

    def _arm(self) -> None:
        if self._deadline is not None:
            self._deadline.cancel()
        self._deadline = self.loop.call_later(HEAD_SECONDS, self._overdue)

    def _overdue(self) -> None:
        """Close the connection if it is still waiting for a request's head."""
        self._deadline = None
        waiting = self.cycle is None or self.cycle.response_complete
        if waiting and not self.transport.is_closing():
            self.transport.close()

