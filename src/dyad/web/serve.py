"""Run the web app under uvicorn: one process, or one per worker, each with its own listening socket.

uvicorn's own workers share one listening socket, and whichever process
happens to be waiting takes the next connection: under load one of two
workers held 41 of 50 keep-alive connections, so its clients waited four
times as long as the other's while both were busy. Here each worker binds
the port itself with SO_REUSEPORT, and the kernel spreads new connections
evenly over the workers' sockets. This process only holds the port and
restarts a worker that dies.
"""

from __future__ import annotations

import errno
import multiprocessing
import signal
import socket
import time
from typing import Any

from dyad.errors import DyadError
from dyad.web.deadlines import KEEP_ALIVE_SECONDS

# Seconds between checks that every worker is alive, and the least time between two restarts of one.
_WATCH_EVERY = 0.5
_RESTART_AFTER = 1.0
# A worker that exits this soon after it started, this many times in a row, cannot start: stop.
_STARTING = 10.0
_EARLY_EXITS = 3
_BACKLOG = 2048


def serve(host: str, port: int, workers: int) -> None:
    """Serve the app of `app_from_environment` on host:port until interrupted (Ctrl-C or SIGTERM)."""
    import uvicorn

    check_free(host, port)
    if workers == 1 or not hasattr(socket, "SO_REUSEPORT"):
        uvicorn.run("dyad.web.app:app_from_environment", workers=workers, **_options(host, port))
        return
    holder = _reusable_socket(host, port)  # bound, not listening: keeps the port and says which it is
    port = holder.getsockname()[1]
    context = multiprocessing.get_context("spawn")
    processes: list[Any] = [None] * workers
    started = [0.0] * workers
    stopping = False

    def stop(*_: Any) -> None:
        nonlocal stopping
        stopping = True

    previous = {sig: signal.signal(sig, stop) for sig in (signal.SIGINT, signal.SIGTERM)}
    early_exits = 0
    try:
        while not stopping:
            for i, process in enumerate(processes):
                if process is not None and not process.is_alive():
                    # A worker that dies while starting will die again: say so rather than loop.
                    early_exits = early_exits + 1 if time.monotonic() - started[i] < _STARTING else 0
                    if early_exits >= _EARLY_EXITS:
                        raise DyadError(f"The server's workers keep exiting as they start (last exit code "
                                        f"{process.exitcode}); see the messages above.")
                    processes[i] = process = None
                if process is None and time.monotonic() - started[i] >= _RESTART_AFTER:
                    processes[i] = context.Process(target=_worker, args=(host, port), daemon=True)
                    processes[i].start()
                    started[i] = time.monotonic()
            time.sleep(_WATCH_EVERY)
    finally:
        for process in processes:
            if process is not None and process.is_alive():
                process.terminate()  # uvicorn finishes the requests in hand, then exits
        for process in processes:
            if process is not None:
                process.join(timeout=10)
        holder.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def check_free(host: str, port: int) -> None:
    """Refuse, in one sentence, a port another program listens on (uvicorn would log a bind error and exit).

    The check binds a plain socket, without SO_REUSEPORT, so it also finds
    another `dyad serve --workers N` on the port, which the workers' own
    sockets would silently share it with.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            busy = exc.errno == errno.EADDRINUSE
            why = "another program is listening there" if busy else exc.strerror
            raise DyadError(f"Cannot serve on {host}:{port}: {why}. Choose another port "
                            f"(dyad serve --port {port + 1 if port else 8001}, or PORT={port + 1 if port else 8001} "
                            "make demo), or stop that program.") from None


def _worker(host: str, port: int) -> None:
    """Listen on the shared port with this process's own socket and serve until terminated."""
    import uvicorn

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole group: the parent decides
    sock = _reusable_socket(host, port)
    sock.listen(_BACKLOG)
    config = uvicorn.Config("dyad.web.app:app_from_environment", **_options(host, port))
    uvicorn.Server(config).run(sockets=[sock])


def _reusable_socket(host: str, port: int) -> socket.socket:
    """Bind a TCP socket that other processes of this user may bind to the same address too."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        raise DyadError(f"Cannot listen on {host}:{port}: {exc.strerror}. Choose another --port, "
                        "or stop the program that uses this one.") from exc
    return sock


def _options(host: str, port: int) -> dict[str, Any]:
    """Say how uvicorn runs the app: the same for one process or many, with bounded requests and deadlines
    (dyad.web.limits): long URLs, heads and bodies refused, idle and slow connections closed."""
    # No access log: at log level warning it is never written, but uvicorn still formatted its fields per request.
    return {"factory": True, "host": host, "port": port, "log_level": "warning", "access_log": False,
            "http": "dyad.web.limits:BoundedProtocol", "timeout_graceful_shutdown": 10,
            "timeout_keep_alive": KEEP_ALIVE_SECONDS}
