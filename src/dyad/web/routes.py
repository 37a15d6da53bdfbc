"""The API endpoints, each the JSON twin of a page: parse and check parameters, call a view.

Every endpoint here is registered twice by `dyad.web.app`: as `/api/…`,
returning the view's dict as JSON (and documented in the OpenAPI schema),
and as the page, which takes the very same dict as a dependency and
renders it. Parameters are checked here, by pattern and length, before
any reaches the store.
"""

from __future__ import annotations

import csv
import io
import operator
from collections.abc import Callable, Iterator
from datetime import date
from functools import cached_property
from typing import Annotated, Any

from fastapi import Depends, Path, Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from dyad.queries import events as event_queries
from dyad.queries.events import EventFilter, EventRow
from dyad.queries.paging import MAX_OFFSET, MAX_PAGE
from dyad.store import Store
from dyad.web import views

CODE = r"^[A-Za-z]{3}[A-Za-z0-9]{0,29}$"
DYAD = r"^[A-Za-z]{3}[A-Za-z0-9]{0,29}-[A-Za-z]{3}[A-Za-z0-9]{0,29}$"
DATE = r"^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"
ID = r"^[A-Za-z0-9_.:\-]{1,128}$"


def blank_or(pattern: str) -> str:
    """Also accept an empty value: a submitted form sends its unfilled fields as `name=`."""
    return f"^$|{pattern}"


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"Rows per page, at most {MAX_PAGE}.")]
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="Rows to skip.")]


async def get_store(request: Request) -> Store:
    """Hand endpoints the app's read-only store (async: FastAPI would run a plain function in a thread)."""
    store: Store = request.app.state.store
    return store


StoreDep = Annotated[Store, Depends(get_store)]


def home(store: StoreDep) -> dict[str, Any]:
    """What the store holds: counts, latest stories and documents, top dyads."""
    return views.home(store)


def search(
    store: StoreDep,
    q: Annotated[str, Query(max_length=200, description="Words, a \"phrase\", OR, prefix*.")] = "",
    limit: Annotated[int, Query(ge=1, le=views.SEARCH_LIMIT)] = 20,
) -> dict[str, Any]:
    """Full-text search over document titles and text, best match first."""
    return views.search(store, q, limit)


def document(
    store: StoreDep,
    doc_id: Annotated[str, Path(pattern=ID)],
    start: Annotated[int | None, Query(ge=0, description="Start of a span to highlight (a record's evidence).")] = None,
    end: Annotated[int | None, Query(ge=0, description="Its end: the page opens scrolled to it.")] = None,
) -> dict[str, Any]:
    """One document: its text cut into segments marked by mentions, events, quotes and commitments."""
    return views.document(store, doc_id, (start, end) if start is not None and end is not None else None)


class EventParams(BaseModel):
    """The events filters and page, as given in the query string, checked in one call.

    /api/events is the page read most, and FastAPI's per-parameter
    dependency solving cost it more than the store's query: one validation
    of a model is a tenth of that. The model's fields are the endpoint's
    documented parameters (see `openapi_parameters`); a bad value is a 422
    in FastAPI's own form.
    """

    model_config = ConfigDict(extra="ignore", frozen=True)

    actor: Annotated[str | None, Field(pattern=blank_or(ID), description="Actor id, as source or target.")] = None
    source: Annotated[str | None, Field(pattern=blank_or(CODE), description="Source code prefix: JPN, RUSMIL.")] = None
    target: Annotated[str | None, Field(pattern=blank_or(CODE), description="Target code prefix.")] = None
    dyad: Annotated[str | None, Field(pattern=blank_or(DYAD),
                                      description="Two code prefixes, either direction: JPN-RUS.")] = None
    root: Annotated[str | None, Field(pattern=blank_or(r"^(0[1-9]|1[0-9]|20)$"), description="CAMEO root, 01–20.")] = None
    date_from: Annotated[str | None, Field(pattern=blank_or(DATE),
                                           description="First date: 2019, 2019-05 or 2019-05-30.")] = None
    date_to: Annotated[str | None, Field(pattern=blank_or(DATE),
                                         description="Last date, inclusive: 2019-05 means to its end.")] = None
    publisher: Annotated[str | None, Field(max_length=200, description="Exact publisher name.")] = None
    counted: Annotated[bool, Field(description="Only events that count: reported as having happened "
                                               "(not negated, planned or hypothetical), copies left out.")] = False
    limit: Annotated[int, Field(ge=1, le=MAX_PAGE, description=f"Rows per page, at most {MAX_PAGE}.")] = 50
    offset: Annotated[int, Field(ge=0, le=MAX_OFFSET, description="Rows to skip.")] = 0

    @field_validator("date_from", "date_to")
    @classmethod
    def _real_day(cls, value: str | None) -> str | None:
        """Refuse a day the calendar does not have (2019-02-30), which the pattern alone lets through."""
        if value and len(value) == 10:
            try:
                date.fromisoformat(value)
            except ValueError:
                raise PydanticCustomError("impossible_date", "{value} is not a day of the calendar",
                                          {"value": value}) from None
        return value

    @cached_property  # read by `filter` and again for the form
    def query(self) -> dict[str, str]:
        """The filters given, without blanks: what the form shows and page links carry."""
        return {name: value for name in FILTERS if (value := getattr(self, name))}

    @property
    def filter(self) -> EventFilter:
        """The filters as the store takes them: codes upper-cased, the pair split."""
        given = self.query
        source, target, dyad = (given.get(k) for k in ("source", "target", "dyad"))
        pair = tuple(dyad.upper().split("-")) if dyad else None
        return EventFilter(
            actor=given.get("actor"), source=source.upper() if source else None,
            target=target.upper() if target else None, dyad=pair,  # type: ignore[arg-type]  # DYAD has one dash
            root=given.get("root"), date_from=given.get("date_from"), date_to=given.get("date_to"),
            publisher=given.get("publisher"), counted=bool(given.get("counted")),
        )


FILTERS = tuple(name for name in EventParams.model_fields if name not in ("limit", "offset"))


def event_params(request: Request) -> EventParams:
    """Read and check the events parameters of a request; a bad one raises FastAPI's 422."""
    try:
        return EventParams.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise RequestValidationError(
            [{**error, "loc": ("query", *error["loc"])} for error in exc.errors(include_url=False)]
        ) from None


# What a parameter must look like, by pattern, said to the person who typed it.
FORMS = {"actor": "an actor id such as sergei_shoigu", "source": "a code such as JPN or RUSMIL",
         "target": "a code such as JPN or RUSMIL", "dyad": "two codes joined by a dash, such as JPN-RUS",
         "pair": "two codes joined by a dash, such as JPN-RUS", "root": "a CAMEO root from 01 to 20",
         "date_from": "a date such as 2019, 2019-05 or 2019-05-30",
         "date_to": "a date such as 2019, 2019-05 or 2019-05-30",
         "status": "pending, fulfilled, fulfilled late, overdue, contradicted or unknown",
         "kind": "person, state, organisation or place"}


def plain_problem(error: dict[str, Any]) -> str:
    """Say in plain words what is wrong with one parameter of a request."""
    name = str(error["loc"][-1]) if error.get("loc") else "a parameter"
    kind, ctx, given = error.get("type", ""), error.get("ctx") or {}, str(error.get("input", ""))[:40]
    if kind == "unknown_parameter":
        return f"there is no parameter {name!r} here" + (f" (it takes {error['known']})" if error.get("known") else "")
    if kind == "string_pattern_mismatch":
        return f"{name} {given!r} is not {FORMS.get(name, 'in the form it takes')}"
    if kind == "impossible_date":
        return f"{name} {given!r} is not a day of the calendar"
    if kind in ("greater_than_equal", "less_than_equal"):
        bound = ctx.get("ge", ctx.get("le"))
        return f"{name} must be {'at least' if kind == 'greater_than_equal' else 'at most'} {bound}, not {given}"
    if kind == "int_parsing":
        return f"{name} must be a whole number, not {given!r}"
    if kind == "bool_parsing":
        return f"{name} must be 1 or 0 (true or false), not {given!r}"
    if kind == "string_too_long":
        return f"{name} is longer than the {ctx.get('max_length')} characters it takes"
    return f"{name}: {error.get('msg', 'cannot be used')}"


def _query_names(dependant: Any) -> set[str]:
    """Collect the query parameters a route takes, through its dependencies and its documented extras."""
    names = {param.alias for param in dependant.query_params}
    extra = getattr(dependant.call, "openapi_extra", None) or {}
    names |= {p["name"] for p in extra.get("parameters", []) if p.get("in") == "query"}
    for child in dependant.dependencies:
        names |= _query_names(child)
    return names


async def known_query(request: Request) -> None:
    """Refuse a query parameter the route does not take (a typo such as `dayd=` would else be ignored).

    Async, though it waits for nothing: FastAPI runs a plain function's
    dependency in a thread, a hop per request for a few microseconds' work.
    """
    route = request.scope.get("route")
    if route is None or not request.query_params:
        return
    known = _query_names(route.dependant) | {p["name"] for p in (route.openapi_extra or {}).get("parameters", [])}
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        raise RequestValidationError([
            {"type": "unknown_parameter", "loc": ("query", name), "msg": "Unknown parameter.",
             "input": request.query_params[name], "known": ", ".join(sorted(known))} for name in unknown])


def openapi_parameters(model: type[BaseModel], names: tuple[str, ...] | None = None) -> dict[str, Any]:
    """Describe a model's fields (or those named) as an operation's query parameters, for `openapi_extra`."""
    fields = model.model_json_schema()["properties"]
    return {"parameters": [
        {"name": name, "in": "query", "required": False, "description": schema.pop("description", ""),
         "schema": schema}
        for name, schema in ((name, dict(fields[name])) for name in names or fields)
    ]}


def events(request: Request) -> dict[str, Any]:
    """Events matching the filters, latest first, one page at a time (`next_offset` for the next)."""
    given = event_params(request)
    return views.events(request.app.state.store, given.filter, given.query, given.limit, given.offset)


events.openapi_extra = openapi_parameters(EventParams)  # type: ignore[attr-defined]


CSV_COLUMNS = (
    "id", "date", "source_code", "target_code", "cameo", "root", "quad_class", "goldstein", "modality",
    "source_actor", "target_actor", "trigger", "documents", "publishers", "document", "document_title",
    "publisher", "start", "end",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_FIRST = frozenset(_FORMULA_START)  # the same, as a set a value's first character is looked up in
_CSV_VALUES = operator.itemgetter(*(EventRow._fields.index(name) for name in CSV_COLUMNS))  # a row's, in CSV order


def _cell(value: Any) -> Any:
    """Defuse text a spreadsheet would run as a formula (article titles are untrusted)."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _formula_in(values: tuple[Any, ...]) -> bool:
    """Tell whether a row's text values hold one starting as a formula would: a loop, no generator (a third faster)."""
    for value in values:
        if value.__class__ is str and value[:1] in _FORMULA_FIRST:
            return True
    return False


def csv_lines(store: Store, where: EventFilter) -> Iterator[str]:
    """Yield the CSV of every matching event, a line at a time, header first.

    A row's values are taken in one call and defused only when one of them
    starts as a formula would (rarely): most downloads are a first request,
    and a call per cell was a third of their Python.
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(CSV_COLUMNS)
    for row in event_queries.stream(store.engine, where):
        values = _CSV_VALUES(row)
        if _formula_in(values):
            values = [_cell(value) for value in values]
        writer.writerow(values)
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def dyads(store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50) -> dict[str, Any]:
    """Country pairs with the most events between them."""
    return views.dyads(store, limit)


def dyad(store: StoreDep, pair: Annotated[str, Path(pattern=DYAD, description="Two codes: JPN-RUS.")]) -> dict[str, Any]:
    """A dyad's monthly events by quad class and Goldstein sum, with its meetings and a Vega-Lite chart."""
    a, b = pair.upper().split("-")
    return views.dyad(store, a, b)


def stories(store: StoreDep, limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100) -> dict[str, Any]:
    """Stories (documents reporting one happening), latest first."""
    return views.stories(store, limit)


def story(store: StoreDep, story_id: Annotated[str, Path(pattern=ID)]) -> dict[str, Any]:
    """One story's outlets side by side: their documents, and what each carries and omits."""
    return views.story(store, story_id)


STATUS = r"^(pending|fulfilled|fulfilled late|overdue|contradicted|unknown)$"


def commitments(
    store: StoreDep,
    status: Annotated[str | None, Query(pattern=STATUS, description="Only this status.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 200,
) -> dict[str, Any]:
    """Commitments by status, each with the ids of the records that show its status."""
    return views.commitments(store, status, limit)


def actors(
    store: StoreDep,
    kind: Annotated[str | None, Query(pattern=r"^(person|state|organisation|place)$")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 100,
) -> dict[str, Any]:
    """Actors the documents mention, most mentioned first."""
    return views.actors(store, kind, limit)


def actor(store: StoreDep, actor_id: Annotated[str, Path(pattern=ID)], limit: Limit = 50,
          offset: Offset = 0) -> dict[str, Any]:
    """One actor: roles, aliases, quotes, and a page of its mentions."""
    return views.actor(store, actor_id, limit, offset)


def documents(
    store: StoreDep,
    publisher: Annotated[str | None, Query(max_length=200, description="Only this publisher.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Documents, latest published first (undated last), without their text."""
    return views.documents(store, publisher or None, limit, offset)


def quotes(
    store: StoreDep,
    speaker: Annotated[str | None, Query(pattern=blank_or(ID), description="Only this speaker's (an actor id).")] = None,
    direct: Annotated[str | None, Query(pattern=r"^$|^[01]$", description="1: direct quotes, 0: reported speech.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Quotes and reported speech, latest documents first, each with its speaker and evidence."""
    return views.quotes(store, speaker or None, None if not direct else direct == "1", limit, offset)


MEETING_STATUS = r"^$|^(held|planned|background)$"


def meetings(
    store: StoreDep,
    status: Annotated[str | None, Query(pattern=MEETING_STATUS, description="held, planned or background.")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
) -> dict[str, Any]:
    """Meeting records, latest first, with their participants and the reports that tell of them."""
    return views.meetings(store, status or None, limit, offset)


# (path, endpoint, template) of every page; the API twin is "/api" + path.
PAGES: list[tuple[str, Callable[..., dict[str, Any]], str]] = [
    ("/", home, "home.html"),
    ("/search", search, "search.html"),
    ("/documents", documents, "documents.html"),
    ("/documents/{doc_id}", document, "document.html"),
    ("/quotes", quotes, "quotes.html"),
    ("/meetings", meetings, "meetings.html"),
    ("/events", events, "events.html"),
    ("/dyads", dyads, "dyads.html"),
    ("/dyads/{pair}", dyad, "dyad.html"),
    ("/stories", stories, "stories.html"),
    ("/stories/{story_id}", story, "story.html"),
    ("/commitments", commitments, "commitments.html"),
    ("/actors", actors, "actors.html"),
    ("/actors/{actor_id}", actor, "actor.html"),
]
