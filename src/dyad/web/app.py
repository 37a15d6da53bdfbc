"""The web app: server-rendered pages, each with a JSON twin under /api, over a read-only store.

    create_app(db) -> FastAPI
      /…            HTML pages (Jinja2, autoescaped), one per view
      /api/…        the same view dicts as JSON, described by /openapi.json
      /api          a page listing the API, made from the OpenAPI schema
      /events.csv   the filtered events as CSV, streamed
      /static/NAME  the app's CSS and scripts, and the Vega bundle of vl-convert

Every 200 answer to a GET is kept per store generation, and the static
files are served from memory, by dyad.web.answers, in front of the routes.
FastAPI's own /docs page loads Swagger UI from a CDN, so it is off; the app
fetches nothing from anywhere and serves only files it names itself.
"""

from __future__ import annotations

import functools
import gc
import inspect
import json
import os
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from decimal import Decimal
from typing import Any, TypeVar

import orjson
from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dyad.errors import DyadError, ReadTooLong, StoreUnavailable
from dyad.queries.events import EventFilter
from dyad.store import Store
from dyad.store.engine import read_too_long, time_limit
from dyad.web import routes, views
from dyad.web.answers import STATIC, Answers, static_ready, static_version
from dyad.web.document_html import event_items, text_segments
from dyad.web.event_table import event_rows
from dyad.web.generations import Generations
from dyad.web.labels import evidence_href, query
from dyad.web.month_table import month_rows
from dyad.web.security import Guard
from dyad.web.turns import Turns
from dyad.web.views import Missing
from dyad.wording import count_of, date_method, singular

T = TypeVar("T")
LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
UNAVAILABLE = "The database is not reachable just now. This page works again once it is back: try again in a few seconds."
RETRY_AFTER = 5  # seconds: a PostgreSQL restart takes one to three
# A view's reads stop here (a first request takes 1-5 ms at a million events): on SQLite the
# view's reads together, on PostgreSQL each read (dyad.store.engine.time_limit).
VIEW_SECONDS = 5.0
TOO_LONG = (f"This answer took longer than {VIEW_SECONDS:g} s to compute and was stopped. "
            "Narrow it (a shorter date range, one country or pair) and try again.")
WARM_DYADS = 50  # the busiest pairs' pages (the dyads listing's) computed ahead: 0.01-0.1 s each at 1M events
# The cyclic collector's youngest generation, in allocations, in a server process (CPython's is 700).
# A document's first request allocates thousands of short-lived containers that reference counting
# frees, so the collector ran several times a request over objects about to die, and now and then a
# full collection went over every object the process held (189,000 after start-up: modules, the app,
# the chart skeletons), 100 ms in which the process answered nothing. Over load_misses.py's 3,000
# requests: 0.14 s of collections at the defaults, 0.02 s with start-up's objects frozen and 10,000.
GC_YOUNG = 10_000
CSV_ON_LOOP = 256_000  # bytes of a CSV download read in one turn; the rest is read a part per turn as it is sent


def api_path(path: str) -> str:
    """Name a page's JSON twin: /events -> /api/events; the home page's is /api/home."""
    return "/api/home" if path == "/" else "/api" + path


def app_from_environment() -> FastAPI:
    """Build the app in a server process started by `dyad serve` (which sets DYAD_SERVE_*)."""
    hosts = json.loads(os.environ.get("DYAD_SERVE_HOSTS", "null"))
    app = create_app(os.environ["DYAD_SERVE_DB"], allowed_hosts=hosts)
    quiet_collector()
    return app


def quiet_collector() -> None:
    """Keep the cyclic collector off what start-up made, and out of most requests (GC_YOUNG), in a server process.

    Not in `create_app`: the thresholds are the process's, and a program
    that builds the app (a test) keeps its own.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])


def create_app(db: str, *, allowed_hosts: list[str] | None = None) -> FastAPI:
    """Build the app over the store at `db`, opened read-only.

    Args:
        db: a SQLite path or a postgresql:// URL.
        allowed_hosts: Host headers to answer (default: loopback names), so a
            page on another site cannot reach the app by DNS rebinding.

    Returns:
        The FastAPI app; serve it with uvicorn.
    """
    store = Store.open(db, create=False, readonly=True)
    warming = Warming(store)
    generations = Generations(store)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        _app.state.turns = Turns()  # the views' turns on the event loop (dyad.web.turns)
        warming.start()
        yield
        warming.join(timeout=60)
        await generations.close()
        store.close()

    app = FastAPI(
        title="Dyad", summary="A sourced record of relations between states: read-only JSON API.",
        docs_url=None, redoc_url=None, lifespan=lifespan,
    )
    app.state.store = store
    app.state.templates = _templates()
    for path, endpoint, template in routes.PAGES:
        _twin(app, path, endpoint, template)
    _extras(app)
    _errors(app)
    app.add_middleware(Answers, store=store, on_new_generation=warming.start, generations=generations)
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_HOSTS)
    app.add_middleware(Guard)
    return app


class Warming:
    """Compute the home page, the dyads listing and the busiest dyads' pages, and ready the static files,
    in a thread of their own:
    at start-up and again for each new generation of the store, so that their first visitor does not wait."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._thread: threading.Thread | None = None
        self._again = False
        self._lock = threading.Lock()

    def start(self) -> None:
        """Warm up in the background; if a warm-up is running, it warms up once more when done."""
        with self._lock:
            if self._thread is not None:
                self._again = True
                return
            self._thread = threading.Thread(target=self._run, daemon=True, name="dyad-warm")
            self._thread.start()

    def join(self, timeout: float) -> None:
        """Wait for a running warm-up to end, at most `timeout` seconds."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)

    def _run(self) -> None:
        while True:
            self._warm()
            with self._lock:
                if not self._again:
                    self._thread = None
                    return
                self._again = False

    def _warm(self) -> None:
        try:
            for name in STATIC:
                static_ready(name)
        except DyadError:  # no Vega bundle: a page's charts say so in the browser; the rest works
            pass
        try:
            views.home(self.store)
            listed = views.dyads(self.store, 50)["dyads"]
            for pair in listed[:WARM_DYADS]:  # the busiest pairs' pages, linked from the home page and the listing
                views.dyad(self.store, pair["a"], pair["b"])
        except DyadError:  # an unreachable database: the pages say so when asked
            pass


def _templates() -> Jinja2Templates:
    """Load templates from the package, escaping every value by default."""
    # Not reloaded: the package's templates do not change under a running server, and checking
    # cost a stat() of each template a page uses (three or four) on every page.
    env = Environment(loader=PackageLoader("dyad.web", "templates"), autoescape=select_autoescape(default=True),
                      auto_reload=False)
    env.globals["api_path"] = api_path
    env.filters["query"] = lambda params: query({k: v for k, v in params.items() if v not in (None, "")})
    # The chart specs (a dyad's is 100 KB) as orjson writes them, escaped for a <script> as Jinja does
    env.policies["json.dumps_function"] = _script_json
    env.policies["json.dumps_kwargs"] = {}
    env.filters["count"] = lambda n, word: count_of(int(n or 0), word)
    env.filters["record_count"] = lambda n, name: count_of(int(n or 0), singular(name))
    env.filters["date_method"] = date_method
    env.globals["evidence_href"] = evidence_href
    env.globals["static_version"] = static_version
    env.globals["month_rows"] = month_rows
    env.globals["event_items"] = event_items
    env.globals["event_rows"] = event_rows
    env.globals["text_segments"] = text_segments
    return Jinja2Templates(env=env)


def _script_json(value: Any) -> str:
    """Encode a value for `tojson` with orjson (keys sorted, as Jinja's default): a tenth of json.dumps's time."""
    return orjson.dumps(value, default=_json_default, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode()


def render(request: Request, template: str, data: dict[str, Any], status: int = 200) -> HTMLResponse:
    """Render a view's dict into its page, with a link to the JSON twin."""
    twin = api_path(request.url.path) + (f"?{request.url.query}" if request.url.query else "")
    context = {"data": data, "api_url": twin, "path": request.url.path}
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, template, context, status_code=status)


def _json_default(value: Any) -> Any:
    """Encode what views may hold beyond what orjson encodes itself (dates, dataclasses), as FastAPI would."""
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    if isinstance(value, Decimal):  # PostgreSQL's sums and averages of some columns
        return float(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


class JSONBytes(JSONResponse):
    """A view's dict as compact JSON, encoded by orjson in one call.

    FastAPI would otherwise walk every value through its own encoder first,
    which cost ten times the encoding itself on a page of 50 events; the
    standard library's encoder took 0.26 ms for that page, orjson 0.02
    (a tenth of the server's whole work per request).
    """

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=_json_default, option=orjson.OPT_NON_STR_KEYS)


async def in_lane(request: Request, lane: str, work: Callable[[], T]) -> T:
    """Run work on the event loop when its lane's turn comes ("api" or "page": dyad.web.turns), within VIEW_SECONDS."""
    turns: Turns | None = getattr(request.app.state, "turns", None)
    limited = functools.partial(_limited, work)
    return limited() if turns is None else await turns.run(lane, limited)


def _limited(work: Callable[[], T]) -> T:
    """Run a view with its reads cut at VIEW_SECONDS (dyad.store.engine.time_limit)."""
    try:
        with time_limit(VIEW_SECONDS):
            return work()
    except Exception as exc:
        if read_too_long(exc):
            raise ReadTooLong(TOO_LONG) from None
        raise


def _deferred(endpoint: Callable[..., dict[str, Any]]) -> Callable[..., Any]:
    """Make an endpoint an async dependency taking its parameters, which hands back the call still to make.

    FastAPI checks the parameters on the event loop (microseconds), and the
    page or API answer then makes the call, queries and template or JSON
    together, in one turn (dyad.web.turns): every turn waits behind the
    others' work, and a page that took two (its view as a plain dependency,
    then its template) would wait twice.
    """

    async def deferred(**kwargs: Any) -> Callable[[], dict[str, Any]]:
        return functools.partial(endpoint, **kwargs)

    signature = inspect.signature(endpoint, eval_str=True)  # the annotations are strings (from __future__)
    deferred.__signature__ = signature.replace(return_annotation=inspect.Signature.empty)  # type: ignore[attr-defined]
    deferred.__name__ = endpoint.__name__
    if hasattr(endpoint, "openapi_extra"):  # the parameters it reads itself (events), which routes.known_query takes
        deferred.openapi_extra = endpoint.openapi_extra  # type: ignore[attr-defined]
    return deferred


def _taking(name: str, view: Callable[..., Any], *first: inspect.Parameter) -> inspect.Signature:
    """Spell out a route's signature: its first parameters, then the view's call as a dependency named `name`.

    Spelled out, not annotated: the dependency is a closure's, which string
    annotations (from __future__) could not name.
    """
    return inspect.Signature([*first, inspect.Parameter(name, inspect.Parameter.POSITIONAL_OR_KEYWORD,
                                                        default=Depends(view))])


_REQUEST = inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request)


def _twin(app: FastAPI, path: str, endpoint: Callable[..., dict[str, Any]], template: str) -> None:
    """Register a view as its JSON API endpoint and as the HTML page rendering the same dict.

    Both run the view in its turn on the event loop (dyad.web.turns), the
    API's turns first, with kept answers and static files (dyad.web.answers)
    sent between two turns; serve with --workers N (one process per core)
    for views in parallel.
    """
    view = _deferred(endpoint)

    async def api(request: Request, call: Callable[[], dict[str, Any]]) -> Response:
        return await in_lane(request, "api", lambda: JSONBytes(call()))

    api.__signature__ = _taking("call", view, _REQUEST)  # type: ignore[attr-defined]
    api.__doc__, api.__name__ = endpoint.__doc__, endpoint.__name__
    app.get(api_path(path), tags=["pages"], name=f"api_{endpoint.__name__}",
            openapi_extra=getattr(endpoint, "openapi_extra", None), dependencies=[Depends(routes.known_query)])(api)

    async def page(request: Request, call: Callable[[], dict[str, Any]]) -> HTMLResponse:
        return await in_lane(request, "page", lambda: render(request, template, call()))

    page.__signature__ = _taking("call", view, _REQUEST)  # type: ignore[attr-defined]
    app.get(path, include_in_schema=False, response_class=HTMLResponse, name=endpoint.__name__,
            dependencies=[Depends(routes.known_query)])(page)


def _extras(app: FastAPI) -> None:
    """Add the CSV download and the API listing page."""

    @app.get("/events.csv", tags=["downloads"], response_class=StreamingResponse,
             openapi_extra=routes.openapi_parameters(routes.EventParams, routes.FILTERS),
             dependencies=[Depends(routes.known_query)])
    async def events_csv(request: Request) -> Response:
        """Every event matching the filters (those of /api/events) as CSV."""
        headers = {"content-disposition": 'attachment; filename="events.csv"'}
        where = routes.event_params(request).filter
        # The store is asked here, so an unreachable database is a 503, not a cut download.
        parts, rest = await in_lane(request, "page", lambda: _csv_start(request.app.state.store, where))
        if rest is None:  # all of it: sent whole, with its length (and kept, by dyad.web.answers)
            return Response(b"".join(parts), media_type="text/csv", headers=headers)
        return StreamingResponse(_in_turns(request, parts, rest), media_type="text/csv", headers=headers)

    @app.get("/api", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        return render(request, "api.html", {"openapi": app.openapi()})


def _csv_start(store: Store, where: EventFilter) -> tuple[list[bytes], Iterator[bytes] | None]:
    """Read a CSV download's first parts, up to CSV_ON_LOOP, in one turn: all of it (and None) for nearly all
    (a pair's month is 1-75 KB at a million events), else the rest, to send as it is read (`_in_turns`).

    Read whole in one turn, a download of 2 MB (some 14,000 events) would hold
    its process for a tenth of a second or more.
    """
    lines = (part.encode() for part in routes.csv_lines(store, where))
    parts: list[bytes] = []
    size = 0
    for part in lines:
        parts.append(part)
        size += len(part)
        if size >= CSV_ON_LOOP:
            return parts, lines
    return parts, None


async def _in_turns(request: Request, parts: list[bytes], rest: Iterator[bytes]) -> AsyncIterator[bytes]:
    """Send a download's first parts, then read and send the rest a part (64 KB) per turn of the pages' lane.

    In turns, not in a thread: a thread would take the interpreter from the
    event loop at every part (the loop waits up to the switch interval to
    have it back), and kept answers and static files would wait with it.
    """
    for part in parts:
        yield part
    while (part := await in_lane(request, "page", lambda: next(rest, b""))) != b"":
        yield part


def _wants_json(request: Request) -> bool:
    return request.url.path.startswith("/api") or request.url.path.endswith(".csv")


def _error(request: Request, status: int, message: str) -> Response:
    """Answer an error as JSON on the API and as a page elsewhere."""
    if _wants_json(request):
        return JSONResponse({"detail": message}, status_code=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def _problems(exc: RequestValidationError) -> str:
    """Say in a sentence what is wrong with a request's parameters."""
    return f"Some parameters cannot be used: {'; '.join(routes.plain_problem(e) for e in exc.errors())}."


def _errors(app: FastAPI) -> None:
    """Turn missing records, bad parameters, unknown paths and an unreachable database into pages or JSON errors.

    An unreachable database (a PostgreSQL server restarting or down) is a
    503 with a Retry-After, page or JSON, naming neither the server nor the
    query; the pool opens new connections once the server is back, so the
    app recovers by itself.
    """

    @app.exception_handler(StoreUnavailable)
    async def unavailable(request: Request, exc: StoreUnavailable) -> Response:
        response = _error(request, 503, UNAVAILABLE)
        response.headers["retry-after"] = str(RETRY_AFTER)
        return response

    @app.exception_handler(ReadTooLong)
    async def too_long(request: Request, exc: ReadTooLong) -> Response:
        return _error(request, 503, str(exc))

    @app.exception_handler(Missing)
    async def missing(request: Request, exc: Missing) -> Response:
        return _error(request, 404, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> Response:
        if _wants_json(request):  # the sentence, then each problem for programs: where, what kind, in words
            errors = [{"loc": e.get("loc"), "type": e.get("type"), "input": e.get("input"),
                       "problem": routes.plain_problem(e)} for e in exc.errors()]
            return JSONResponse({"detail": _problems(exc), "errors": jsonable_encoder(errors)}, status_code=422)
        return _error(request, 422, _problems(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        message = "No such page." if exc.status_code == 404 else str(exc.detail)
        return _error(request, exc.status_code, message)
