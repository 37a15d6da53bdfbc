"""A TCP relay in front of the test PostgreSQL server, cut and restored at will: a server outage for one test.

Stopping the test server itself would take every other test's store with it;
cutting the relay looks the same to a store connected through it (its
connections drop, new ones are refused) and touches nothing else.
"""

from __future__ import annotations

import socket
import threading
from types import TracebackType

from sqlalchemy.engine import URL, make_url


class Relay:
    """Relay 127.0.0.1:port to a server; `cut()` drops every connection and refuses new ones, `restore()` ends that."""

    def __init__(self, url: str) -> None:
        target = make_url(url)
        self.target = (target.host or "127.0.0.1", target.port or 5432)
        self._url = target
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._listener: socket.socket | None = None
        self.port = 0
        self.restore()

    def url(self) -> str:
        """Give the store URL that goes through the relay."""
        relayed: URL = self._url.set(host="127.0.0.1", port=self.port)
        return relayed.render_as_string(hide_password=False)

    def restore(self) -> None:
        """Listen (again, on the same port) and relay every connection."""
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self.port = listener.getsockname()[1]
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        """Stop listening and drop every relayed connection, as a server going down does."""
        if self._listener is not None:
            try:
                self._listener.shutdown(socket.SHUT_RDWR)  # wakes the accepting thread; close() alone would not
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            sock.close()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:  # closed by cut()
                return
            server = socket.create_connection(self.target)
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=_pipe, args=(client, server), daemon=True).start()
            threading.Thread(target=_pipe, args=(server, client), daemon=True).start()

    def __enter__(self) -> Relay:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.cut()


def _pipe(source: socket.socket, sink: socket.socket) -> None:
    """Copy bytes one way until either side closes."""
    try:
        while data := source.recv(65536):
            sink.sendall(data)
    except OSError:
        pass
    for sock in (source, sink):
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
