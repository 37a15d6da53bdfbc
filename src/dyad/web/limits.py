"""Bound what one request can make the server read: its URL, its head, its body.

uvicorn's C parser (httptools) reads a request's head until it ends, however
long: a GET with a 100 MB header was read whole, held in memory, and
answered 200 after 9 s. `BoundedProtocol` counts the bytes of each head as
they arrive and answers as soon as one is over its limit, without reading
the rest:

    414  the URL is over MAX_URL bytes
    431  the head (request line and headers) is over MAX_HEAD bytes
    413  the request has a body (Content-Length above 0, or chunked): the app
         only reads, so it takes none

The answer says why in JSON and closes the connection. Until it is closed
the client may still be sending; what it sends is read and dropped, for at
most LINGER seconds and LINGER_BYTES, so that it gets to read the answer
rather than a reset connection (a server that closes with unread input sends
a reset, and the client's kernel may drop the answer it had received).

The app's own `Guard` refuses the same things again for servers that run it
without this protocol (tests, other ASGI servers).
"""

from __future__ import annotations

import json
from typing import Any

from uvicorn.protocols.http.httptools_impl import STATUS_LINE, HttpToolsProtocol

from dyad.web.deadlines import HeadDeadline
from dyad.web.security import HEADERS

# A fully filtered events URL is under 400 bytes; the app refuses a path over 1 KiB and a query over 2 KiB.
MAX_URL = 4096
# Browsers send a few hundred bytes, but cookies are shared by every port of
# localhost, so other local apps' cookies come along: 32 KiB, twice Node's 16.
MAX_HEAD = 32 * 1024
LINGER = 1.0
LINGER_BYTES = 1 << 20

REASONS = {
    413: "Requests may not carry a body; put filters in the query string.",
    414: f"The URL is longer than {MAX_URL} bytes; use fewer or shorter filters.",
    431: f"The request's headers are longer than {MAX_HEAD // 1024} KiB; send fewer or smaller ones (cookies?).",
}


class BoundedProtocol(HeadDeadline, HttpToolsProtocol):
    """uvicorn's httptools protocol, refusing long URLs, long heads and bodies before reading them,
    and closing a connection that sends no whole head in time (dyad.web.deadlines)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head = 0  # bytes of the current request's head handed to the parser
        self._line_ended = False  # the request line of the current request has ended
        self._refusal: int | None = None  # the status a request is refused with
        self._dropped = 0  # bytes read and dropped after a refusal

    def data_received(self, data: bytes) -> None:
        """Hand the parser at most what is left of the head's allowance, and refuse past it."""
        if self._refusal is not None:  # answered already
            self._drop(data)
            return
        room = MAX_HEAD - self._head
        part = data if len(data) <= room else data[:room]
        self._head += len(part)
        self._line_ended = self._line_ended or b"\n" in part
        super().data_received(part)
        if self._refusal is None and len(part) < len(data) and not self.transport.is_closing():
            if self._head == 0:  # a request ended within `part`: the rest begins the next one
                self.data_received(data[len(part):])
                return
            self._refusal = 431 if self._line_ended else 414
        if self._refusal is not None and not self.transport.is_closing():
            self._refuse(self._refusal)

    def on_url(self, url: bytes) -> None:
        """Collect the URL, marking the request refused once it is too long."""
        super().on_url(url)
        if len(self.url) > MAX_URL and self._refusal is None:
            self._refusal = 414

    def on_headers_complete(self) -> None:
        """Start the app on the request, unless it is refused (or carries a body, which refuses it)."""
        if self._refusal is None and _has_body(self.headers):
            self._refusal = 413
        if self._refusal is None:
            super().on_headers_complete()

    def on_body(self, body: bytes) -> None:
        """Pass a body on only to a request the app took (none, today: bodies are refused)."""
        if self._refusal is None:
            super().on_body(body)

    def on_message_complete(self) -> None:
        """End the request, and start counting the next one's head from nothing."""
        if self._refusal is None:
            super().on_message_complete()
            self._head = 0
            self._line_ended = False

    def _refuse(self, status: int) -> None:
        """Answer a refused request in JSON, stop sending, and close once the client has had time to read."""
        body = json.dumps({"detail": REASONS[status]}).encode()
        head = [STATUS_LINE[status], b"content-type: application/json\r\n",
                b"content-length: %d\r\n" % len(body), b"connection: close\r\n"]
        head += [name + b": " + value + b"\r\n" for name, value in HEADERS]
        self.transport.write(b"".join([*head, b"\r\n", body]))
        if self.transport.can_write_eof():
            self.transport.write_eof()
        self.loop.call_later(LINGER, self.transport.close)

    def _drop(self, data: bytes) -> None:
        """Read and drop what a refused client still sends, closing once it sent too much."""
        self._dropped += len(data)
        if self._dropped > LINGER_BYTES:
            self.transport.close()


def _has_body(headers: list[tuple[bytes, bytes]]) -> bool:
    """Tell whether a request's headers announce a body."""
    for name, value in headers:
        if name == b"transfer-encoding" or (name == b"content-length" and value.strip() not in (b"", b"0")):
            return True
    return False
