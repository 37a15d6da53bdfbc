"""Guard the web app: read-only methods, no request bodies, short URLs, strict browser policy.

The app only reads, so anything but GET and HEAD is refused before routing,
and so is any request carrying a body. Query strings are capped, since every
filter fits in far less. Responses carry a Content-Security-Policy that lets
scripts come only from the app itself (no inline script, no eval: charts use
Vega's expression interpreter), so even text that escaped escaping could
not run. Written as plain ASGI, not BaseHTTPMiddleware, to keep the cost per
request at a dictionary look-up.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_QUERY_BYTES = 2048  # a fully filtered events URL is under 400
MAX_PATH_BYTES = 1024
ALLOWED_METHODS = frozenset({"GET", "HEAD"})

# 'unsafe-inline' for styles only: Vega's tooltip plugin injects a <style>; scripts stay strict.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
]


class Guard:
    """Refuse writes, bodies and long URLs; add security headers to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _refusal(scope)
        if refusal is not None:
            await _refuse(send, *refusal)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _refusal(scope: Scope) -> tuple[int, str] | None:
    """Say why a request is refused (status, message), or None to let it through."""
    if scope["method"] not in ALLOWED_METHODS:
        return 405, "This app is read-only: only GET and HEAD are allowed."
    headers = dict(scope.get("headers", []))
    length = headers.get(b"content-length", b"0").strip() or b"0"
    if b"transfer-encoding" in headers or length != b"0":
        return 413, "Requests may not carry a body; put filters in the query string."
    if len(scope.get("query_string", b"")) > MAX_QUERY_BYTES:
        return 414, f"The query string is longer than {MAX_QUERY_BYTES} bytes; use fewer or shorter filters."
    if len(scope.get("raw_path") or scope["path"].encode()) > MAX_PATH_BYTES:
        return 414, f"The path is longer than {MAX_PATH_BYTES} bytes."
    return None


async def _refuse(send: Send, status: int, message: str) -> None:
    """Answer a refused request with a short JSON error and the security headers."""
    body = json.dumps({"detail": message}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *HEADERS]
    if status == 405:
        headers.append((b"allow", b"GET, HEAD"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
