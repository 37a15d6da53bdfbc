"""Answer what was answered before, and the app's static files, without asking the app again.

`Answers` sits in front of the app (inside the guards, which still check
every request and add their headers) and keeps every whole 200 answer to a
GET, page, JSON or CSV, by path and query string, under the store's
generation (dyad.store.generation). Each request reads the generation (one
indexed statement, ~30 µs on SQLite): the answer kept under it is the one
the app would give now, since every view is a function of the path, the
query and the store. A write to the store moves the generation and retires
every kept answer at once, so no page ever shows numbers that differ from
the store's. A request that arrives while the same answer is being made
waits for it rather than making it again.

A kept answer is sent from memory on the event loop in a few tens of
microseconds, without routing, parameter checks, queries or templates:
under load it waits for at most the one view being computed, never behind
the queue of them (dyad.web.turns). Each carries an ETag (a hash of its bytes) and `Cache-Control:
no-cache`, so a browser asks again each time but is told 304 when nothing
changed; answers over MOST_BODY (a large CSV download) are streamed and
not kept; at most MOST_BYTES are kept per process, the least recently
asked dropped first.

Static files (app.css, charts.js, vega.js) are answered here too, from
memory, gzipped once for clients that take it, with an ETag and
Last-Modified (304 when the browser has them) and a day's Cache-Control;
a URL carrying the file's version (`?v=`, as the pages write it) is
cached for a year as immutable.

When the generation cannot be read (the database away), nothing kept is
given: the app answers, and says so.
"""

from __future__ import annotations

import asyncio
import functools
import gzip
import hashlib
import os
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from importlib import resources
from typing import Any
from urllib.parse import parse_qs

from starlette.concurrency import run_in_threadpool

from dyad.errors import DyadError
from dyad.store import Store
from dyad.web import vega
from dyad.web.generations import Generations

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MOST_BYTES = 64 << 20  # kept answers per process: a dyad page is 30-200 KB, an events page 40 KB
MOST_BODY = 2 << 20  # a bigger answer is streamed to the client and not kept
# The files /static serves: name -> media type. Nothing else is reachable.
STATIC = {"app.css": "text/css; charset=utf-8", "charts.js": "text/javascript; charset=utf-8",
          "vega.js": "text/javascript; charset=utf-8"}
STATIC_CACHE = b"public, max-age=86400"
VERSIONED_CACHE = b"public, max-age=31536000, immutable"
REVALIDATE = b"no-cache"  # pages and JSON: kept by the browser, but asked about every time (304 if unchanged)
_DROPPED = {b"content-length", b"transfer-encoding", b"etag", b"cache-control"}


@dataclass(frozen=True)
class Answer:
    """A whole 200 answer as sent: its headers (without length and caching), body and ETag."""

    headers: tuple[tuple[bytes, bytes], ...]
    body: bytes
    etag: bytes


def etag_of(body: bytes) -> bytes:
    """Name a body by a hash of its bytes: the same bytes, the same tag, whatever the generation.

    SHA-1, cut to 96 bits: a tag names bytes, it guards nothing, and SHA-1 has
    the processor's own instructions (half BLAKE2's time on a 100 KB page).
    """
    return b'"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:24].encode() + b'"'


class Answers:
    """An ASGI layer keeping the app's 200 answers per store generation, and serving the static files."""

    def __init__(self, app: ASGIApp, store: Store, *, most_bytes: int = MOST_BYTES,
                 on_new_generation: Callable[[], None] | None = None, generations: Generations | None = None) -> None:
        self.app, self.store, self.most_bytes = app, store, most_bytes
        self.on_new_generation = on_new_generation
        self._generation: int | None = None
        self._kept: OrderedDict[tuple[str, bytes], Answer] = OrderedDict()
        self._bytes = 0
        self._making: dict[tuple[str, bytes], asyncio.Future[None]] = {}
        self._generations = generations or Generations(store)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        if path.startswith("/static/") and path[8:] in STATIC:
            await send_static(await static_file(path[8:]), scope, send)
            return
        try:
            generation = await self._generations.read()
        except DyadError:  # the database is away: the app says so (or gives its last aggregates)
            await self.app(scope, receive, send)
            return
        if generation != self._generation:
            self._forget(generation)
        key = (path, scope.get("query_string", b""))
        while (making := self._making.get(key)) is not None:
            await asyncio.shield(making)  # the same answer is being made: wait for it, then look again
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
            await send_answer(found, scope, send)
            return
        if scope["method"] == "HEAD":
            await self.app(scope, receive, send)
            return
        making = self._making[key] = asyncio.get_running_loop().create_future()
        try:
            answer = await _take(self.app, scope, receive, send)
            if answer is not None and generation == self._generation:
                self._keep(key, answer)
        finally:
            del self._making[key]
            making.set_result(None)

    def _forget(self, generation: int) -> None:
        """Drop every answer kept under another generation: the store has changed since."""
        self._generation = generation
        self._kept.clear()
        self._bytes = 0
        if self.on_new_generation is not None:
            self.on_new_generation()

    def _keep(self, key: tuple[str, bytes], answer: Answer) -> None:
        """Keep an answer, dropping the least recently asked past MOST_BYTES."""
        self._kept[key] = answer
        self._bytes += len(answer.body)
        while self._bytes > self.most_bytes and self._kept:
            _, dropped = self._kept.popitem(last=False)
            self._bytes -= len(dropped.body)


async def _take(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> Answer | None:
    """Run the app, passing its answer on as it comes; return it whole if it is a 200 worth keeping.

    The start of an answer is held until its first body part: a body sent
    whole (every page and JSON answer) then goes out with its ETag, or as
    a 304 if the client holds that ETag already.
    """
    start: Message | None = None  # the start message, until its first body part is sent
    headers: list[tuple[bytes, bytes]] = []
    parts: list[bytes] = []
    size = 0
    keep = False
    tag: bytes | None = None  # the ETag of a body sent whole, made once

    async def taking(message: Message) -> None:
        nonlocal start, headers, size, keep, tag
        if message["type"] == "http.response.start":
            start, keep = message, message["status"] == 200
            headers = _kept_headers(message)
            return
        if message["type"] == "http.response.body":
            body, more = message.get("body", b""), message.get("more_body", False)
            if start is not None:
                held, start = start, None
                if keep and not more:  # whole: tell its length and tag now, or that the client has it
                    size, tag = len(body), etag_of(body)
                    parts.append(body)
                    if _matches(scope, tag):
                        await _send_304(send, [(b"etag", tag), (b"cache-control", REVALIDATE)])
                        return
                    await send({**held, "headers": [*headers, (b"content-length", str(size).encode()),
                                                    (b"etag", tag), (b"cache-control", REVALIDATE)]})
                    await send(message)
                    return
                await send(held)
            size += len(body)
            keep = keep and size <= MOST_BODY
            if keep:
                parts.append(body)
        await send(message)

    await app(scope, receive, taking)
    if not keep:
        return None
    body = b"".join(parts)
    return Answer(tuple(headers), body, tag if tag is not None and len(parts) == 1 else etag_of(body))


def _kept_headers(start: Message) -> list[tuple[bytes, bytes]]:
    """Keep an answer's headers but those about its length and caching, which are set when it is sent."""
    return [(name, value) for name, value in start.get("headers", []) if name.lower() not in _DROPPED]


def _header(scope: Scope, name: bytes) -> bytes | None:
    for key, value in scope.get("headers", []):
        if key == name:
            return bytes(value)
    return None


def _matches(scope: Scope, etag: bytes) -> bool:
    """Tell whether the client already holds this ETag (If-None-Match), so a 304 will do."""
    asked = _header(scope, b"if-none-match")
    if asked is None:
        return False
    tags = {tag.strip().removeprefix(b"W/") for tag in asked.split(b",")}
    return etag in tags or b"*" in tags


async def _send_304(send: Send, headers: list[tuple[bytes, bytes]]) -> None:
    await send({"type": "http.response.start", "status": 304, "headers": headers})
    await send({"type": "http.response.body", "body": b""})


async def send_answer(answer: Answer, scope: Scope, send: Send) -> None:
    """Send a kept answer, or a 304 if the client holds it already."""
    caching = [(b"etag", answer.etag), (b"cache-control", REVALIDATE)]
    if _matches(scope, answer.etag):
        await _send_304(send, caching)
        return
    headers = [*answer.headers, (b"content-length", str(len(answer.body)).encode()), *caching]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


# -- static files ------------------------------------------------------------------


@dataclass(frozen=True)
class StaticFile:
    """One of the app's static files, ready to send: its bytes, gzipped bytes, tag and date."""

    name: str
    body: bytes
    gzipped: bytes
    etag: bytes
    modified: float  # seconds since the epoch, whole

    @property
    def version(self) -> str:
        """The short version pages write into the file's URL, so that it can be cached for good."""
        return self.etag[1:9].decode()


def static_bytes(name: str) -> bytes:
    """Read one of the app's own static files; vega.js is vl-convert's bundle (dyad.web.vega)."""
    if name == "vega.js":
        return vega.bundle()
    return resources.files("dyad.web").joinpath("static", name).read_bytes()


_STARTED = float(int(time.time()))  # the date of what is made, not read (vega.js)


@functools.cache
def static_ready(name: str) -> StaticFile:
    """Make a static file ready to send, once per process: its gzip, its ETag, its date."""
    body = static_bytes(name)
    try:
        modified = float(int(os.stat(str(resources.files("dyad.web").joinpath("static", name))).st_mtime))
    except OSError:
        modified = _STARTED
    tag = vega.tag() if name == "vega.js" else etag_of(body)  # the bundle's, known before it is made
    return StaticFile(name, body, gzip.compress(body, 9, mtime=0), tag, modified)


_READY: dict[str, StaticFile] = {}


async def static_file(name: str) -> StaticFile:
    """Give a static file ready to send; the first time, made in a thread (vega.js's bundle takes seconds)."""
    found = _READY.get(name)
    if found is None:
        found = _READY[name] = await run_in_threadpool(static_ready, name)
    return found


def static_version(name: str) -> str:
    """Give the version of a static file for its URL in a page (`/static/app.css?v=…`).

    The Vega bundle's comes from vl-convert's version: a page naming it never waits for the bundle.
    """
    return (vega.tag() if name == "vega.js" else static_ready(name).etag)[1:9].decode()


async def send_static(found: StaticFile, scope: Scope, send: Send) -> None:
    """Send a static file: 304 if the client holds it, gzipped if it takes gzip, cached long if versioned."""
    versioned = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v") == [found.version]
    caching = [(b"etag", found.etag), (b"last-modified", formatdate(found.modified, usegmt=True).encode()),
               (b"cache-control", VERSIONED_CACHE if versioned else STATIC_CACHE), (b"vary", b"accept-encoding")]
    if _matches(scope, found.etag) or (_header(scope, b"if-none-match") is None and _unmodified(scope, found)):
        await _send_304(send, caching)
        return
    gzipped = b"gzip" in (_header(scope, b"accept-encoding") or b"")
    body = found.gzipped if gzipped else found.body
    headers = [(b"content-type", STATIC[found.name].encode()), (b"content-length", str(len(body)).encode()),
               *caching, *([(b"content-encoding", b"gzip")] if gzipped else [])]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})


def _unmodified(scope: Scope, found: StaticFile) -> bool:
    """Tell whether If-Modified-Since is at or after the file's date."""
    since = _header(scope, b"if-modified-since")
    if since is None:
        return False
    try:
        return parsedate_to_datetime(since.decode("latin-1")).timestamp() >= found.modified
    except (TypeError, ValueError, IndexError):
        return False
