"""The web app: server-rendered pages, each with a JSON twin under /api, over a read-only store.

    create_app(db) -> FastAPI
      /…            HTML pages (Jinja2, autoescaped), one per view
      /api/…        the same view dicts as JSON, described by /openapi.json
      /api          a page listing the API, made from the OpenAPI schema
      /events.csv   the filtered events as CSV, streamed
      /static/NAME  the app's CSS and scripts, and the Vega bundle of vl-convert

FastAPI's own /docs page loads Swagger UI from a CDN, so it is off; the app
fetches nothing from anywhere and serves only files it names itself.
"""

from __future__ import annotations

import functools
import inspect
import itertools
import json
import os
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from decimal import Decimal
from importlib import resources
from typing import Any
from urllib.parse import urlencode

import orjson
from fastapi import Depends, FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse
from fastapi.templating import Jinja2Templates
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from dyad.errors import DyadError, StoreUnavailable
from dyad.store import Store
from dyad.web import routes, views
from dyad.web.labels import evidence_href
from dyad.web.security import Guard
from dyad.web.views import Missing
from dyad.wording import count_of, date_method, singular

LOCAL_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]
# The files /static serves: name -> media type. Nothing else is reachable.
STATIC = {"app.css": "text/css", "charts.js": "text/javascript", "vega.js": "text/javascript"}
STATIC_CACHE = "public, max-age=3600"
UNAVAILABLE = "The database is not reachable just now. This page works again once it is back: try again in a few seconds."
RETRY_AFTER = 5  # seconds: a PostgreSQL restart takes one to three


def api_path(path: str) -> str:
    """Name a page's JSON twin: /events -> /api/events; the home page's is /api/home."""
    return "/api/home" if path == "/" else "/api" + path


def app_from_environment() -> FastAPI:
    """Build the app in a server process started by `dyad serve` (which sets DYAD_SERVE_*)."""
    hosts = json.loads(os.environ.get("DYAD_SERVE_HOSTS", "null"))
    return create_app(os.environ["DYAD_SERVE_DB"], allowed_hosts=hosts)


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

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        # The aggregate pages' answers computed before anyone asks (dyad.web.recent keeps them).
        warm = threading.Thread(target=_warm, args=(store,), daemon=True, name="dyad-warm")
        warm.start()
        yield
        warm.join(timeout=60)
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
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts or LOCAL_HOSTS)
    app.add_middleware(Guard)
    return app


def _warm(store: Store) -> None:
    """Compute the home page and the dyads listing once, so their first visitor does not wait for them."""
    try:
        views.home(store)
        views.dyads(store, 50)
    except DyadError:  # an unreachable database: the pages say so when asked
        pass


def _templates() -> Jinja2Templates:
    """Load templates from the package, escaping every value by default."""
    env = Environment(loader=PackageLoader("dyad.web", "templates"), autoescape=select_autoescape(default=True))
    env.globals["api_path"] = api_path
    env.filters["query"] = lambda params: urlencode({k: v for k, v in params.items() if v not in (None, "")})
    env.filters["count"] = lambda n, word: count_of(int(n or 0), word)
    env.filters["record_count"] = lambda n, name: count_of(int(n or 0), singular(name))
    env.filters["date_method"] = date_method
    env.globals["evidence_href"] = evidence_href
    return Jinja2Templates(env=env)


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


def _twin(app: FastAPI, path: str, endpoint: Callable[..., dict[str, Any]], template: str) -> None:
    """Register a view as its JSON API endpoint and as the HTML page rendering the same dict."""
    # Async, so the view runs on the server's event loop rather than in a
    # thread: each answer is a few milliseconds of CPU, which a thread hop and
    # the threads' fight for the GIL made twice as long under load. Serve
    # with --workers N (one process per core) for requests in parallel.
    @functools.wraps(endpoint)
    async def api(*args: Any, **kwargs: Any) -> Response:
        if endpoint.__name__ in routes.OFF_LOOP:  # seconds of aggregation the first time: not on the loop
            return JSONBytes(await run_in_threadpool(endpoint, *args, **kwargs))
        return JSONBytes(endpoint(*args, **kwargs))

    app.get(api_path(path), tags=["pages"], name=f"api_{endpoint.__name__}",
            openapi_extra=getattr(endpoint, "openapi_extra", None), dependencies=[Depends(routes.known_query)])(api)

    def page(request: Request, data: dict[str, Any]) -> HTMLResponse:
        return render(request, template, data)

    # Spelled out, not annotated: the dependency is this closure's `endpoint`,
    # which string annotations (from __future__) could not name.
    page.__signature__ = inspect.Signature([  # type: ignore[attr-defined]
        inspect.Parameter("request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=Request),
        inspect.Parameter("data", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=dict,
                          default=Depends(endpoint)),
    ])
    app.get(path, include_in_schema=False, response_class=HTMLResponse, name=endpoint.__name__,
            dependencies=[Depends(routes.known_query)])(page)


def _extras(app: FastAPI) -> None:
    """Add the CSV download, the API listing page and the static files."""

    @app.get("/events.csv", tags=["downloads"], response_class=StreamingResponse,
             openapi_extra=routes.openapi_parameters(routes.EventParams, routes.FILTERS),
             dependencies=[Depends(routes.known_query)])
    def events_csv(request: Request) -> StreamingResponse:
        """Every event matching the filters (those of /api/events) as CSV."""
        headers = {"content-disposition": 'attachment; filename="events.csv"'}
        lines = routes.csv_lines(request.app.state.store, routes.event_params(request).filter)
        first = next(lines)  # the store is asked here, so an unreachable database is a 503, not a cut download
        return StreamingResponse(itertools.chain([first], lines), media_type="text/csv", headers=headers)

    @app.get("/api", include_in_schema=False, response_class=HTMLResponse)
    def api_docs(request: Request) -> HTMLResponse:
        return render(request, "api.html", {"openapi": app.openapi()})

    @app.get("/static/{name}", include_in_schema=False)
    def static(name: str) -> Response:
        if name not in STATIC:
            return JSONResponse({"detail": "Not found."}, status_code=404)
        return Response(static_file(name), media_type=STATIC[name], headers={"cache-control": STATIC_CACHE})


@functools.cache
def static_file(name: str) -> bytes:
    """Read one of the app's own static files; vega.js is vl-convert's bundle, made once."""
    if name == "vega.js":
        import vl_convert

        return vl_convert.javascript_bundle().encode("utf-8")  # type: ignore[call-arg]  # snippet is optional
    return resources.files("dyad.web").joinpath("static", name).read_bytes()


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
