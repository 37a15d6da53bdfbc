"""The web app under FastAPI's TestClient: pages, JSON twins, filters, caps, CSV, escaping, guards."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fastapi.encoders import jsonable_encoder
from fastapi.testclient import TestClient

from dyad import queries
from dyad.cli import main
from dyad.queries.events import EventFilter, last_day
from dyad.queries.paging import MAX_PAGE
from dyad.store import Store
from dyad.web import views
from dyad.web.app import create_app
from dyad.web.highlight import Span, segments, snippet_parts
from web_stores import SCRIPT, SEEDS, hostile_db, seeds_db

LOCAL = "http://127.0.0.1"
needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not at {SEEDS}")


@pytest.fixture(scope="module")
def seeds(store_module_places: Callable[[], str | None]) -> Iterator[tuple[TestClient, Store]]:
    """Serve the ingested seeds, on each engine; also hand tests the store to call views directly."""
    if not SEEDS.is_dir():
        pytest.skip(f"the seed corpus is not at {SEEDS}")
    db = seeds_db(store_module_places())
    with TestClient(create_app(db), base_url=LOCAL) as client, Store.open(db, readonly=True) as store:
        yield client, store


@pytest.fixture(scope="module")
def hostile(store_module_places: Callable[[], str | None]) -> Iterator[TestClient]:
    """Serve the hand-written store whose every text carries markup, on each engine."""
    with TestClient(create_app(hostile_db(store_module_places())), base_url=LOCAL) as client:
        yield client


def _first(store: Store, what: str) -> str:
    """Find an id of each kind in the seeds store, for page URLs."""
    if what == "document":
        return queries.documents.latest(store.engine, 1)[0].id
    if what == "story":
        return queries.stories.page(store.engine, 1)[0].id
    return queries.actors.counts(store.engine, limit=1, kind="person")[0].actor.id


def _pages(store: Store) -> list[tuple[str, Any]]:
    """Every page of the seeds store with the view call that builds its dict."""
    doc, story, person = _first(store, "document"), _first(store, "story"), _first(store, "actor")
    everything = EventFilter()
    return [
        ("/", lambda: views.home(store)),
        ("/search?q=Shoigu", lambda: views.search(store, "Shoigu", 20)),
        (f"/documents/{doc}", lambda: views.document(store, doc)),
        ("/documents", lambda: views.documents(store, None, 50, 0)),
        ("/quotes", lambda: views.quotes(store, None, None, 50, 0)),
        ("/meetings", lambda: views.meetings(store, None, 50, 0)),
        ("/events", lambda: views.events(store, everything, {}, 50, 0)),
        ("/dyads", lambda: views.dyads(store, 50)),
        ("/dyads/JPN-RUS", lambda: views.dyad(store, "JPN", "RUS")),
        ("/stories", lambda: views.stories(store, 100)),
        (f"/stories/{story}", lambda: views.story(store, story)),
        ("/commitments", lambda: views.commitments(store, None, 200)),
        ("/actors", lambda: views.actors(store, None, 100)),
        (f"/actors/{person}", lambda: views.actor(store, person, 50, 0)),
    ]


@needs_seeds
def test_every_page_renders_and_its_json_twin_is_the_view_dict(seeds: tuple[TestClient, Store]) -> None:
    client, store = seeds
    for path, view in _pages(store):
        page = client.get(path)
        assert page.status_code == 200, path
        assert page.headers["content-type"].startswith("text/html")
        twin = "/api/home" if path == "/" else "/api" + path
        assert twin in page.text, f"{path} does not link its JSON twin"
        api = client.get(twin)
        assert api.status_code == 200, twin
        assert api.json() == jsonable_encoder(view()), twin


@needs_seeds
def test_home_counts_the_store_and_lists_the_top_dyad(seeds: tuple[TestClient, Store]) -> None:
    client, _ = seeds
    home = client.get("/api/home").json()
    assert home["counts"]["documents"] == 9  # 8 seed items + the hostile article
    assert home["dyads"][0]["pair"] == "JPN-RUS"
    assert home["stories"]


@needs_seeds
@pytest.mark.parametrize(
    ("query", "check"),
    [
        ("dyad=JPN-RUS", lambda e: {e["source_code"][:3], e["target_code"][:3]} == {"JPN", "RUS"}),
        ("source=RUS", lambda e: e["source_code"].startswith("RUS")),
        ("target=jpn", lambda e: e["target_code"].startswith("JPN")),
        ("root=11", lambda e: e["root"] == "11"),
        ("date_from=2018-07&date_to=2018-07", lambda e: e["date"].startswith("2018-07")),
        ("date_to=2013", lambda e: e["date"] <= "2013-12-31"),
        ("publisher=RIA Novosti", lambda e: e["publisher"] == "RIA Novosti"),
        ("actor=sergei_shoigu", lambda e: "sergei_shoigu" in (e["source_actor"], e["target_actor"])),
    ],
)
def test_event_filters_keep_only_matching_events(seeds: tuple[TestClient, Store], query: str, check: Any) -> None:
    client, _ = seeds
    found = client.get(f"/api/events?{query}&limit=500").json()["events"]
    assert found, query
    assert all(check(e) for e in found), query
    assert client.get(f"/events?{query}").status_code == 200


@needs_seeds
def test_pages_are_capped_and_follow_on(seeds: tuple[TestClient, Store]) -> None:
    client, store = seeds
    assert client.get("/api/events?limit=501").status_code == 422
    assert client.get("/api/events?offset=100001").status_code == 422
    assert client.get("/events?limit=0").status_code == 422
    assert len(queries.events.page(store.engine, EventFilter(), limit=10_000)) <= MAX_PAGE
    first = client.get("/api/events?limit=10").json()
    assert len(first["events"]) == 10 and first["next_offset"] == 10
    second = client.get("/api/events?limit=10&offset=10").json()
    assert {e["id"] for e in first["events"]}.isdisjoint(e["id"] for e in second["events"])
    assert second["previous_offset"] == 0


@needs_seeds
@pytest.mark.parametrize("bad", ["dyad=JPN", "root=99", "date_from=2019-13", "source=J%27--", "actor=a%20b"])
def test_malformed_filters_are_refused_before_the_store(seeds: tuple[TestClient, Store], bad: str) -> None:
    client, _ = seeds
    assert client.get(f"/api/events?{bad}").status_code == 422
    page = client.get(f"/events?{bad}")
    assert page.status_code == 422 and "cannot be used" in page.text


@needs_seeds
def test_csv_download_holds_every_filtered_event(seeds: tuple[TestClient, Store]) -> None:
    client, _ = seeds
    response = client.get("/events.csv?dyad=JPN-RUS&root=11")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    listed = client.get("/api/events?dyad=JPN-RUS&root=11&limit=500").json()["events"]
    assert sorted(r["id"] for r in rows) == sorted(e["id"] for e in listed)
    assert all(r["root"] == "11" for r in rows)


@needs_seeds
def test_dyad_chart_points_link_to_their_evidence(seeds: tuple[TestClient, Store]) -> None:
    client, _ = seeds
    dyad = client.get("/api/dyads/JPN-RUS").json()
    hrefs = {row["href"] for layer in _layers(dyad["chart"]) for row in layer.get("data", {}).get("values", [])
             if "href" in row}
    assert "/events?dyad=JPN-RUS&date_from=2019-05&date_to=2019-05&counted=1" in hrefs
    assert {m["date"] for m in dyad["meetings"]} >= {"2013-11-02", "2018-07-31", "2019-05-30"}
    evidence = client.get("/api/events?dyad=JPN-RUS&date_from=2019-05&date_to=2019-05&counted=1&limit=500").json()
    assert len(evidence["events"]) == sum(m["events"] for m in dyad["months"] if m["month"] == "2019-05")


@needs_seeds
def test_meetings_shown_are_the_stored_records_everywhere(seeds: tuple[TestClient, Store]) -> None:
    """The home page's count, the dyad's list, a document's meetings and the export name the same records."""
    from dyad.export.records import read_meetings

    client, store = seeds
    exported = {r["id"]: r for r in read_meetings(store)}
    held = [r for r in exported.values() if r["status"] == "held"]
    assert client.get("/api/home").json()["counts"]["meetings"] == len(held) == queries.counts.meetings_held(store.engine)
    assert len(exported) == queries.meetings.count(store.engine)  # planned meetings are records too, no meeting held
    for meeting in client.get("/api/dyads/JPN-RUS").json()["meetings"]:
        assert exported[meeting["id"]]["documents"] == meeting["documents"]
        for doc_id in meeting["documents"]:
            shown = client.get(f"/api/documents/{doc_id}").json()["meetings"]
            assert meeting["id"] in {m["id"] for m in shown}


def _layers(spec: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for panel in spec.get("vconcat", [spec]):
        yield from panel.get("layer", [panel])


@needs_seeds
def test_unknown_records_and_paths_are_404(seeds: tuple[TestClient, Store]) -> None:
    client, _ = seeds
    for path in ("/documents/nope-0", "/actors/nobody", "/stories/nostory", "/no/such/page"):
        page = client.get(path)
        assert page.status_code == 404 and "text/html" in page.headers["content-type"], path
        api = client.get("/api" + path)
        assert api.status_code == 404 and "detail" in api.json(), path


def test_markup_in_article_text_is_escaped_on_every_page(hostile: TestClient) -> None:
    pages = ["/", "/search?q=Talks", "/events", "/stories", "/stories/s1", "/commitments", "/actors",
             "/actors/evil_actor", "/dyads", "/dyads/JPN-RUS"]
    doc = hostile.get("/api/home").json()["documents"][0]["id"]
    pages.append(f"/documents/{doc}")
    for path in pages:
        page = hostile.get(path)
        assert page.status_code == 200, path
        body = page.text
        assert "<script>window.__xss" not in body, path
        assert 'onmouseover="window' not in body, path
        assert "onerror=" not in body.replace("onerror=&#34;", "").replace("onerror=&quot;", ""), path
    text = hostile.get(f"/documents/{doc}").text
    assert "&lt;script&gt;window.__xss" in text
    assert "&#34; onmouseover=&#34;" in text or "&quot; onmouseover=&quot;" in text


def test_json_keeps_the_text_as_text(hostile: TestClient) -> None:
    doc = hostile.get("/api/home").json()["documents"][0]["id"]
    found = hostile.get(f"/api/documents/{doc}").json()
    assert SCRIPT in found["document"]["text"]
    assert "".join(s["text"] for s in found["segments"]) == found["document"]["text"]


def test_csv_defuses_spreadsheet_formulas(hostile: TestClient) -> None:
    rows = list(csv.DictReader(io.StringIO(hostile.get("/events.csv").text)))
    assert {r["trigger"] for r in rows} >= {"'=HYPERLINK(\"x\")"}


def test_only_reads_are_allowed(hostile: TestClient) -> None:
    assert hostile.post("/api/events").status_code == 405
    assert hostile.delete("/api/events").status_code == 405
    assert hostile.request("GET", "/api/events", content=b"x" * 10).status_code == 413
    assert hostile.get("/api/events?" + "a=1&" * 600).status_code == 414
    assert hostile.get("/api/home", headers={"host": "evil.example"}).status_code == 400


def test_responses_carry_a_strict_policy(hostile: TestClient) -> None:
    headers = hostile.get("/").headers
    assert "script-src 'self'" in headers["content-security-policy"]
    assert "unsafe-eval" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"


def test_static_files_are_only_the_apps_own(hostile: TestClient) -> None:
    assert hostile.get("/static/app.css").status_code == 200
    bundle = hostile.get("/static/vega.js")
    assert bundle.status_code == 200 and "vegaEmbed" in bundle.text
    for path in ("/static/app.py", "/static/..%2fapp.py", "/static/../../pyproject.toml", "/static/%2e%2e/views.py"):
        assert hostile.get(path).status_code == 404, path


def test_api_is_documented_without_a_cdn(hostile: TestClient) -> None:
    schema = hostile.get("/openapi.json").json()
    assert {"/api/events", "/api/dyads/{pair}", "/api/documents/{doc_id}", "/events.csv"} <= set(schema["paths"])
    assert all(set(ops) == {"get"} for ops in schema["paths"].values())
    assert hostile.get("/docs").status_code == 404
    listing = hostile.get("/api").text
    assert "/api/events" in listing and "Rows per page" in listing and "cdn" not in listing.lower()


def test_events_parameters_are_documented_and_refused_in_plain_words(hostile: TestClient) -> None:
    paths = hostile.get("/openapi.json").json()["paths"]
    listed = {p["name"]: p for p in paths["/api/events"]["get"]["parameters"]}
    assert set(listed) == {"actor", "source", "target", "dyad", "root", "date_from", "date_to", "publisher",
                           "counted", "limit", "offset"}
    assert all(p["in"] == "query" and p["description"] for p in listed.values())
    assert listed["limit"]["schema"]["maximum"] == 500
    csv_params = {p["name"] for p in paths["/events.csv"]["get"]["parameters"]}
    assert csv_params == set(listed) - {"limit", "offset"}
    refused = hostile.get("/api/events?limit=0&root=7&unknown=1")
    assert refused.status_code == 422
    assert {(tuple(e["loc"]), e["type"]) for e in refused.json()["errors"]} == {(("query", "unknown"), "unknown_parameter")}
    refused = hostile.get("/api/events?limit=0&root=7")
    assert {(tuple(e["loc"]), e["type"]) for e in refused.json()["errors"]} == {
        (("query", "limit"), "greater_than_equal"), (("query", "root"), "string_pattern_mismatch")}
    assert refused.json()["detail"] == ("Some parameters cannot be used: root '7' is not a CAMEO root from 01 to 20; "
                                        "limit must be at least 1, not 0.")
    assert hostile.get("/events.csv?dyad=JPN").status_code == 422
    assert hostile.get("/api/events?root=04&root=05").json()["filters"] == {"root": "05"}  # the last one counts


def test_segments_cover_the_text_once_whatever_the_overlaps() -> None:
    text = "Shoigu met Kono in Tokyo."
    spans = [Span(0, 6, "mention", "m", "Shoigu", "/actors/s"), Span(0, 15, "event", "e", "meet"),
             Span(7, 25, "quote", "q", "quote"), Span(30, 40, "event", "bad", "beyond the text")]
    found = segments(text, spans)
    assert "".join(s["text"] for s in found) == text
    assert found[0] == {"text": "Shoigu", "kinds": ["event", "mention"], "title": "Shoigu; meet",
                        "href": "/actors/s", "anchors": ["mention-m", "event-e"]}
    assert [s["kinds"] for s in found[1:]] == [["event"], ["event", "quote"], ["quote"]]


def test_snippet_parts_split_at_marks() -> None:
    assert snippet_parts("a «b» c") == [{"text": "a ", "mark": False}, {"text": "b", "mark": True},
                                        {"text": " c", "mark": False}]


@pytest.mark.parametrize(("value", "end"), [("2019", "2019-12-31"), ("2019-02", "2019-02-28"),
                                            ("2020-02", "2020-02-29"), ("2019-05-30", "2019-05-30")])
def test_date_to_means_the_end_of_its_period(value: str, end: str) -> None:
    assert last_day(value) == end


@needs_seeds
@pytest.mark.parametrize("suffix", [".html", ".md"])
def test_report_writes_a_file_with_the_dyad_charts(tmp_path: Path, suffix: str) -> None:
    out = tmp_path / f"report{suffix}"
    result = CliRunner().invoke(main, ["--db", seeds_db(), "report", "-o", str(out)])
    assert result.exit_code == 0, result.output
    body = out.read_text()
    assert "Russian Ministry of Defence" in body and "JPN" in body
    with Store.open(seeds_db(), readonly=True) as store:  # the chart's numbers, in a table beside it
        totals = views.dyad(store, "JPN", "RUS")["month_totals"]
    for month, m in totals.items():
        row = (f"<tr><td>{month}</td><td class=\"num\">{m['events']}</td><td class=\"num\">{m['goldstein']:+.1f}</td>"
               if suffix == ".html" else f"| {month} | {m['events']} | {m['goldstein']:+.1f} |")
        assert row in body, row
    if suffix == ".html":
        assert "<svg" in body and "<script>window.__xss" not in body
    else:
        charts = sorted(tmp_path.glob("report-*.svg"))
        assert charts and charts[0].read_text().startswith("<svg")
        assert f"({charts[0].name})" in body


def test_report_refuses_an_unknown_format(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["--db", hostile_db(), "report", "-o", str(tmp_path / "r.pdf")])
    assert result.exit_code != 0 and ".html or .md" in result.output


def test_report_without_a_file_still_prints_tables() -> None:
    result = CliRunner().invoke(main, ["--db", hostile_db(), "report"])
    assert result.exit_code == 0 and "Documents by publisher" in result.output


def test_an_actor_listing_pages_through_both_sides_in_order(seeds: tuple[TestClient, Store]) -> None:
    _, store = seeds
    every = [e for e in queries.events.page(store.engine, EventFilter(), limit=500)
             if "sergei_shoigu" in (e.source_actor, e.target_actor)]
    pages = queries.events.page(store.engine, EventFilter(actor="sergei_shoigu"), limit=3) + queries.events.page(store.engine,
        EventFilter(actor="sergei_shoigu"), limit=500, offset=3)
    assert len(every) > 3
    assert [e.id for e in pages] == [e.id for e in every]


def test_an_empty_actor_field_filters_nothing(seeds: tuple[TestClient, Store]) -> None:
    _, store = seeds
    assert queries.events.page(store.engine, EventFilter(actor=""), limit=20) == queries.events.page(store.engine, EventFilter(), limit=20)


def _coded_events(store: Store, doc_id: str) -> None:
    """Store events whose codes test the filters: a state's sector, an organisation, a state alone."""
    from sqlalchemy import insert

    from dyad.store.schema import events

    base = {"document": doc_id, "cameo": "040", "root": "04", "quad_class": 1, "goldstein": 1.0, "plover": None,
            "date_precision": "day", "modality": "asserted", "start": 0, "end": 5, "trigger": "met",
            "confidence": 0.9, "coder": "test", "documents": 1, "publishers": 1, "publisher": "Wire One"}
    rows = [
        ("e1", "RUSMIL", "RUS", "JPN", "JPN", "2020-01-02"),
        ("e2", "RUSGOV", "RUS", "JPN", "JPN", "2020-01-03"),
        ("e3", "IGOUNO", None, "RUS", "RUS", "2020-01-04"),  # an organisation has no state
        ("e4", "JPN", "JPN", "IGOUNO", None, "2020-01-05"),
        ("e5", "RUSMILREB", "RUS", "CHN", "CHN", "2020-01-06"),  # a longer code of the sector
        ("e6", "RUSMI", "RUS", "CHN", "CHN", "2020-01-07"),  # shorter than the sector asked for
    ]
    with store._engine.begin() as conn:
        conn.execute(insert(events), [
            {**base, "id": i, "source_code": sc, "source_country": scy, "target_code": tc, "target_country": tcy,
             "dyad": "-".join(sorted((scy, tcy))) if scy and tcy else None, "date": day,
             "source_actor": None, "target_actor": None}
            for i, sc, scy, tc, tcy, day in rows
        ])


@pytest.mark.parametrize(
    ("where", "ids"),
    [
        (EventFilter(source="RUS"), ["e6", "e5", "e2", "e1"]),
        (EventFilter(source="RUSMIL"), ["e5", "e1"]),
        (EventFilter(source="RUSMIL", date_to="2020-01-05"), ["e1"]),
        (EventFilter(source="IGO"), ["e3"]),
        (EventFilter(source="IGOUNO"), ["e3"]),
        (EventFilter(target="IGO"), ["e4"]),
        (EventFilter(dyad=("JPN", "RUS")), ["e2", "e1"]),
        (EventFilter(dyad=("IGO", "RUS")), ["e3"]),
        (EventFilter(publisher="Wire One", date_to="2020-01-03"), ["e2", "e1"]),
        (EventFilter(publisher="Wire Two"), []),
    ],
)
def test_code_filters_tell_states_from_other_three_letter_codes(
    store_db: Store, store_batch: Any, where: EventFilter, ids: list[str]
) -> None:
    store_db.add_batch(store_batch)
    _coded_events(store_db, queries.documents.latest(store_db.engine, 1)[0].id)
    assert [e.id for e in queries.events.page(store_db.engine, where)] == ids
    assert [e.id for e in queries.events.page(store_db.engine, where, limit=1, offset=1)] == ids[1:2]  # pages agree


def test_api_json_encodes_what_views_hold() -> None:
    from datetime import date
    from decimal import Decimal

    from dyad.web.app import JSONBytes

    body = JSONBytes({"day": date(2020, 1, 2), "codes": {"RUS", "JPN"}, "sum": Decimal("1.5"), "text": "Привет"}).body
    assert json.loads(body) == {"day": "2020-01-02", "codes": ["JPN", "RUS"], "sum": 1.5, "text": "Привет"}
    with pytest.raises(TypeError):
        JSONBytes({"unknown": object()})


@pytest.mark.parametrize("query", ["source=RUS", "source=RUSMIL&limit=1&offset=1", "dyad=JPN-RUS&date_to=2020-01",
                                   "publisher=Wire%20One", "root=04&date_from=2020", ""])
def test_a_page_read_on_the_driver_equals_the_same_page_through_sqlalchemy(
    store_db: Store, store_batch: Any, query: str
) -> None:
    from urllib.parse import parse_qsl

    from dyad.queries.events import EventRow, _listing
    from dyad.web.routes import EventParams

    store_db.add_batch(store_batch)
    _coded_events(store_db, queries.documents.latest(store_db.engine, 1)[0].id)
    given = EventParams.model_validate(dict(parse_qsl(query)))
    shape, params = given.filter.bound()
    with store_db._engine.connect() as conn:
        expected = [EventRow._make(row) for row in
                    conn.execute(_listing(shape), {**params, "limit": given.limit, "offset": given.offset})]
    found = queries.events.page(store_db.engine, given.filter, given.limit, given.offset)
    assert found == expected and found
    assert {type(value) for row in found for value in row} <= {str, int, float, type(None)}


@pytest.mark.parametrize("url", ["/api/events?dayd=JPN-RUS", "/events?dayd=JPN-RUS", "/api/dyads?limt=5",
                                 "/api/home?x=1", "/events.csv?roots=04", "/api/commitments?stat=overdue"])
def test_unknown_parameters_are_refused_with_their_name(hostile: TestClient, url: str) -> None:
    refused = hostile.get(url)
    assert refused.status_code == 422
    name = url.split("?")[1].split("=")[0]
    assert f"there is no parameter '{name}' here" in (refused.json()["detail"] if "/api" in url or ".csv" in url
                                                      else refused.text.replace("&#39;", "'"))


@pytest.mark.parametrize("day", ["2019-02-30", "2019-04-31", "2018-02-29"])
def test_impossible_dates_are_refused(hostile: TestClient, day: str) -> None:
    for url in (f"/api/events?date_from={day}", f"/api/events?date_to={day}", f"/events.csv?date_from={day}"):
        refused = hostile.get(url)
        assert refused.status_code == 422, url
        assert f"'{day}' is not a day of the calendar" in refused.json()["detail"]
    assert hostile.get("/api/events?date_from=2020-02-29&date_to=2019-02").status_code == 200  # a leap day; a month


@needs_seeds
def test_dyad_chart_says_what_it_shows(seeds: tuple[TestClient, Store]) -> None:
    client, _ = seeds
    dyad = client.get("/api/dyads/JPN-RUS").json()
    tone, counts = (panel["layer"][0] for panel in dyad["chart"]["vconcat"])
    colour = tone["encoding"]["color"]
    # The Goldstein bars: a quantitative scale of their own, diverging at 0, with a legend.
    assert colour["type"] == "quantitative" and colour["scale"]["domainMid"] == 0 and colour["scale"].get("scheme")
    assert "range" not in colour["scale"] and colour.get("legend") is not None and colour["title"]
    low, high = colour["scale"]["domain"]
    assert low == -high and high >= max(abs(m["goldstein"]) for m in dyad["months"])
    assert counts["encoding"]["color"]["legend"] is not None
    assert dyad["chart"]["resolve"]["scale"]["color"] == "independent"
    for layer in (tone, counts):
        assert layer["encoding"]["x"]["title"] and layer["encoding"]["y"]["title"]
    rules = dyad["chart"]["vconcat"][0]["layer"][1]
    assert rules["encoding"]["strokeDash"]["scale"]["domain"] == ["meeting"]
    # The chart's bars add up to the page's totals (events without a month aside).
    drawn = sum(row["events"] for row in counts["data"]["values"])
    assert drawn == dyad["totals"]["events"] - dyad["totals"]["without_month"]
    # Each Goldstein bar is its month's sum over the table's rows, and the table shows that sum.
    bars = {row["month"][:7]: row for row in tone["data"]["values"]}
    assert set(bars) == {m["month"] for m in dyad["months"]} == set(dyad["month_totals"])
    page = client.get("/dyads/JPN-RUS").text
    for month, bar in bars.items():
        rows = [m for m in dyad["months"] if m["month"] == month]
        assert bar["goldstein"] == dyad["month_totals"][month]["goldstein"] == round(sum(m["goldstein"] for m in rows), 2)
        assert bar["events"] == dyad["month_totals"][month]["events"] == sum(m["events"] for m in rows)
        assert f'month-total" rowspan="{len(rows)}">{bar["goldstein"]:+.1f}<' in page


@needs_seeds
def test_every_record_links_to_its_evidence_highlighted(seeds: tuple[TestClient, Store]) -> None:
    client, store = seeds
    events = client.get("/api/events?limit=500").json()["events"]
    page = client.get("/events?limit=500").text
    quoted = client.get(f"/api/actors/{_first(store, 'actor')}").json()
    board = client.get("/api/commitments").json()["board"]
    wanted = [(e["document"], e["start"], e["end"]) for e in events[:5]]
    wanted += [(q["document"], q["start"], q["end"]) for q in quoted["quotes"][:3]]
    wanted += [(c["document"], c["start"], c["end"]) for rows in board.values() for c in rows[:2]]
    met = client.get("/api/dyads/JPN-RUS").json()["meetings"]
    assert met and all({r["document"] for r in m["evidence"]} == set(m["documents"]) for m in met)
    dyad_page = client.get("/dyads/JPN-RUS").text
    for report in (r for m in met for r in m["evidence"]):
        assert report["href"] == views.evidence_href(report["document"], report["start"], report["end"])
        assert report["href"].replace("&", "&amp;") in dyad_page
        wanted.append((report["document"], report["start"], report["end"]))
    shown = client.get(f"/api/documents/{met[0]['documents'][0]}").json()["meetings"]
    assert all(r["document"] == met[0]["documents"][0] for m in shown for r in m["evidence"])
    assert len(wanted) >= 8
    for doc_id, start, end in wanted:
        href = views.evidence_href(doc_id, start, end)
        if (doc_id, start, end) in wanted[:5]:
            assert href.replace("&", "&amp;") in page
        data = client.get("/api" + href.split("#")[0]).json()
        text = data["document"]["text"]
        marked = "".join(s["text"] for s in data["segments"] if "evidence" in s["kinds"])
        assert marked == text[start:end] == data["evidence"]["text"]
        first = next(s for s in data["segments"] if "evidence" in s["kinds"])
        assert "evidence-span" in first["anchors"]
    assert client.get(f"/api/documents/{wanted[0][0]}?start=5&end=999999").json()["evidence"] is None
    assert client.get(f"/api/documents/{wanted[0][0]}?start=-1&end=3").status_code == 422


@needs_seeds
@pytest.mark.parametrize(("typed", "actor_id"), [("shoygu", "sergei_shoigu"), ("Lavrov", "sergey_lavrov"),
                                                 ("Putin", "vladimir_putin")])
def test_search_finds_actors_by_surname_and_spelling(seeds: tuple[TestClient, Store], typed: str, actor_id: str) -> None:
    client, _ = seeds
    assert actor_id in [a["id"] for a in client.get(f"/api/search?q={typed}").json()["actors"]]
    assert f'href="/actors/{actor_id}"' in client.get(f"/search?q={typed}").text
    assert client.get("/api/search?q=Lavender").json()["actors"] == []


@needs_seeds
def test_events_show_their_sentence_inline(seeds: tuple[TestClient, Store]) -> None:
    client, store = seeds
    events = client.get("/api/events?dyad=JPN-RUS&limit=20").json()["events"]
    assert events
    for event in events:
        document = store.get_document(event["document"])
        assert document is not None and event["evidence"] == document.text[event["start"]:event["end"]]
        assert event["trigger"].split()[0].lower() in event["evidence"].lower()


@needs_seeds
def test_list_pages_hold_every_document_quote_and_meeting_record(seeds: tuple[TestClient, Store]) -> None:
    """Paged to the end, the list pages name each stored record once; filters keep only what they say."""
    from dyad.export.records import read_meetings

    client, store = seeds

    def every(path: str, key: str) -> list[dict[str, Any]]:
        rows, offset = [], 0
        while offset is not None:
            page = client.get(path, params={"limit": 7, "offset": offset}).json()
            rows += page[key]
            offset = page["next_offset"]
        return rows

    docs = every("/api/documents", "documents")
    assert len({d["id"] for d in docs}) == len(docs) == store.count_documents()
    quotes = every("/api/quotes", "quotes")
    assert len({q["id"] for q in quotes}) == len(quotes) == sum(len(store.quotes_of(d["id"])) for d in docs)
    assert all(q["href"].startswith(f"/documents/{q['document']}?start=") for q in quotes)
    meetings = every("/api/meetings", "meetings")
    assert {m["id"] for m in meetings} == {r["id"] for r in read_meetings(store)}
    assert all(m["evidence"] for m in meetings)  # every record links to its reports' words
    publisher = docs[0]["publisher"]
    mine = client.get("/api/documents", params={"publisher": publisher, "limit": 200}).json()["documents"]
    assert mine and {d["publisher"] for d in mine} == {publisher}
    direct = client.get("/api/quotes", params={"direct": 1, "limit": 200}).json()["quotes"]
    assert direct and all(q["direct"] for q in direct) and len(direct) < len(quotes)
    held = client.get("/api/meetings", params={"status": "held"}).json()["meetings"]
    assert {m["status"] for m in held} == {"held"}
    assert client.get("/api/meetings", params={"status": "maybe"}).status_code == 422
    page = client.get("/quotes", params={"direct": 1})
    assert page.status_code == 200 and "evidence-link" in page.text
