"""CPU per request of each kind of route, in one process, the app called as ASGI without HTTP or clients.

The load benchmark (load.py) measures a server under 50 clients on a shared
machine, where latency follows whatever else runs; this measures what each
request costs the app itself, first asked (a miss: computed) and asked
again (kept, dyad.web.answers), over the same draw of mixed paths, so that
two versions of the code can be compared on one store without noise from
the machine. The views run inline (no thread pool), on the store given.

    python benchmarks/load_misses.py --db benchmarks/out/load-1000000.db
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import threading
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))
from load import kind_of, mixed  # noqa: E402

from dyad.web.app import create_app, quiet_collector  # noqa: E402


def route(path: str) -> str:
    """Name a path's route: /api/dyads, /documents/{id}, /events.csv, …"""
    kind, parts = kind_of(path), path.split("?")[0].split("/")
    if kind == "api":
        return "/api/" + parts[2] + ("/{…}" if len(parts) > 3 else "")
    if kind == "static":
        return "/static"
    return "/" + parts[1] + ("/{…}" if len(parts) > 2 else "")


async def measure(db: str, paths: list[str]) -> dict[tuple[str, bool], list[float]]:
    """Call the app once per path, in order; return the CPU ms of each call by (route, miss)."""
    app = create_app(db)
    quiet_collector()  # as a server process does (dyad.web.app.app_from_environment)
    found: dict[tuple[str, bool], list[float]] = defaultdict(list)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def call(path: str) -> int:
        where, _, query = path.partition("?")
        scope = {"type": "http", "method": "GET", "path": where, "raw_path": where.encode(),
                 "query_string": query.encode(), "headers": [(b"host", b"127.0.0.1")], "http_version": "1.1",
                 "scheme": "http", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1), "root_path": ""}
        status: list[int] = []

        async def send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status.append(message["status"])

        await app(scope, receive, send)
        return status[0]

    async with app.router.lifespan_context(app):
        for thread in threading.enumerate():  # the warm-up of the busiest pairs, as a server does first
            if thread.name == "dyad-warm":
                thread.join()
        seen: set[str] = set()
        for path in paths:
            started = time.process_time()
            status = await call(path)
            found[(route(path), path not in seen)].append((time.process_time() - started) * 1000)
            seen.add(path)
            if status != 200:
                raise SystemExit(f"{path}: {status}")
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="a store (load.py makes benchmarks/out/load-N.db)")
    parser.add_argument("--events", type=int, default=1_000_000, help="events the store holds (for its documents)")
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=2)
    args = parser.parse_args()
    paths = mixed(args.requests, args.events, seed=args.seed)
    found = asyncio.run(measure(args.db, paths))
    print("| route | first asked or kept | requests | mean CPU ms | total s |")
    print("|---|---|---|---|---|")
    for (name, miss), taken in sorted(found.items(), key=lambda item: -sum(item[1])):
        print(f"| {name} | {'first' if miss else 'kept'} | {len(taken)} | {sum(taken) / len(taken):.2f} | "
              f"{sum(taken) / 1000:.2f} |")
    total = sum(sum(taken) for taken in found.values())
    print(f"\nall {len(paths):,} requests: {total / len(paths):.2f} ms of CPU each")


if __name__ == "__main__":
    main()
