"""The web UI in a real browser: Playwright driving Debian's Chromium against a live server.

Opens every page on the seeds' store, uses the events filters, follows a
chart bar to its evidence, checks that markup in an article never runs, and
saves a screenshot of each page under tests/screenshots/ (gitignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from servers import free_port, serving
from web_stores import SEEDS, seeds_db

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent / "screenshots"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]

if not CHROMIUM.exists():
    pytest.skip(f"no browser at {CHROMIUM}: apt-get install chromium", allow_module_level=True)
if not SEEDS.is_dir():
    pytest.skip(f"the seed corpus is not at {SEEDS}", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """Run the app under uvicorn on a free loopback port, in a thread."""
    import uvicorn

    from dyad.web.app import create_app

    port = free_port()
    with serving(uvicorn.Config(create_app(seeds_db()), host="127.0.0.1", port=port, log_level="warning")):
        yield f"http://127.0.0.1:{port}"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as play:
        chromium = play.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """Open a page that records console errors, policy violations and dialogs (a script ran)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    tab = context.new_page()
    tab.problems = []
    tab.on("console", lambda msg: tab.problems.append(msg.text) if msg.type == "error" else None)
    tab.on("pageerror", lambda exc: tab.problems.append(str(exc)))
    tab.on("dialog", lambda dialog: (tab.problems.append("dialog: " + dialog.message), dialog.dismiss()))
    yield tab
    context.close()


def _shoot(tab: Any, name: str) -> None:
    SHOTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def _open(tab: Any, url: str) -> None:
    response = tab.goto(url)
    assert response is not None and response.status == 200, url
    assert tab.evaluate("window.__xss") is None, f"a script from the article ran on {url}"


def test_every_page_opens_cleanly(server: str, page: Any) -> None:
    api = page.request.get(f"{server}/api/home").json()
    doc = next(d["id"] for d in api["documents"] if "xss" not in (d["title"] or ""))
    story = api["stories"][0]["id"]
    pages = {"home": "/", "search": "/search?q=Shoigu", "document": f"/documents/{doc}", "events": "/events",
             "dyads": "/dyads", "dyad": "/dyads/JPN-RUS", "stories": "/stories", "story": f"/stories/{story}",
             "commitments": "/commitments", "actors": "/actors", "actor": "/actors/sergei_shoigu", "api": "/api",
             "documents": "/documents", "quotes": "/quotes", "meetings": "/meetings"}
    for name, path in pages.items():
        _open(page, server + path)
        if name == "dyad":
            page.wait_for_selector(".chart[data-drawn=yes] svg", timeout=15_000)
        _shoot(page, name)
    assert page.problems == []


def test_filters_narrow_the_events(server: str, page: Any) -> None:
    _open(page, server + "/events")
    page.fill("input[name=dyad]", "JPN-RUS")
    page.select_option("select[name=root]", "11")
    page.click("#event-filters button[type=submit]")
    page.wait_for_url("**/events?*dyad=JPN-RUS*")
    assert "root=11" in page.url
    rows = page.locator("table.events tbody tr")
    assert rows.count() > 0
    from dyad.extract.events.cameo import load_cameo

    disapprove = [c.name for c in load_cameo() if c.root == "11"]  # every name under root 11
    texts = rows.all_inner_texts()
    assert all(any(name in t for name in disapprove) for t in texts), texts
    _shoot(page, "events-filtered")
    csv_link = page.locator("a.button[download]").get_attribute("href")
    assert csv_link and "dyad=JPN-RUS" in csv_link and "root=11" in csv_link
    assert page.problems == []


def test_a_chart_bar_leads_to_its_evidence(server: str, page: Any) -> None:
    _open(page, server + "/dyads/JPN-RUS")
    page.wait_for_selector(".chart[data-drawn=yes] svg", timeout=15_000)
    # Vega draws no <a>: a mark with an href navigates when clicked, its href named in its aria-label.
    bars = page.locator('.chart svg .mark-rect path[aria-label*="href: /events?dyad=JPN-RUS"]')
    assert bars.count() > 0, "the chart's bars carry no links"
    label = bars.last.get_attribute("aria-label") or ""
    month = label.split("date_from=")[1][:7]
    bars.last.click()
    page.wait_for_url(f"**/events?dyad=JPN-RUS&date_from={month}&date_to={month}&counted=1")
    assert page.locator("table.events tbody tr td.empty").count() == 0
    assert page.locator("table.events tbody tr").count() > 0
    _shoot(page, "evidence")
    assert page.problems == []


def test_markup_in_an_article_never_runs(server: str, page: Any) -> None:
    found = page.request.get(f"{server}/api/search?q=xss").json()["hits"]
    assert found, "the hostile article was not ingested"
    _open(page, f"{server}/documents/{found[0]['id']}")
    assert page.locator("h1").inner_text().startswith("Talks <script>")
    page.locator("h1").hover()
    page.locator("article.text").hover()
    _open(page, f"{server}/search?q=xss")
    page.locator("ol.hits a").first.hover()
    assert page.evaluate("window.__xss") is None
    assert not [p for p in page.problems if p.startswith("dialog")]
    _shoot(page, "hostile")


def test_an_events_evidence_opens_highlighted_and_in_view(server: str, page: Any) -> None:
    _open(page, server + "/events?dyad=JPN-RUS&counted=1&limit=500")
    links = page.locator("table.events tbody tr td:last-child a")
    assert links.count() > 0
    links.last.click()
    page.wait_for_url("**/documents/*?start=*#evidence-span")
    marked = page.locator("article.text .evidence")
    assert marked.count() > 0 and marked.first.is_visible()
    box, height = marked.first.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height, "the evidence is not scrolled into view"
    colour = marked.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot(path=str(SHOTS / "evidence-highlighted.png"))
    assert page.problems == []


def _evidence_in_view(page: Any) -> str:
    """Check the followed evidence is marked, coloured and scrolled into view; return its text."""
    page.wait_for_url("**/documents/*?start=*#evidence-span")
    marked = page.locator("article.text .evidence")
    assert marked.count() > 0 and marked.first.is_visible()
    box, height = marked.first.bounding_box(), page.viewport_size["height"]
    assert box is not None and 0 <= box["y"] < height, "the evidence is not scrolled into view"
    colour = marked.first.evaluate("el => getComputedStyle(el).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    return "".join(marked.all_text_contents())


def test_a_story_compares_its_outlets_row_by_row(server: str, page: Any) -> None:
    stories = page.request.get(f"{server}/api/stories").json()["stories"]
    shared = None
    for story in stories:  # a story whose outlets share at least one quote
        found = page.request.get(f"{server}/api/stories/{story['id']}").json()
        if len(found["columns"]) > 1 and any(len(r["outlets"]) > 1 for r in found["rows"] if r["kind"] == "quote"):
            shared = found
            break
    assert shared is not None, "no story of the seeds has a quote two outlets carry"
    _open(page, f"{server}/stories/{shared['story']['id']}")
    outlets = [c["outlet"] for c in shared["columns"]]
    assert page.locator("table.compare thead th.outlet .name").all_inner_texts() == outlets
    row = next(r for r in shared["rows"] if r["kind"] == "quote" and len(r["outlets"]) > 1)
    shown = page.locator("table.compare tr.row.quote").filter(has_text=row["outlets"][outlets[0]][0]["text"][:40])
    assert shown.count() >= 1
    cells = shown.first.locator("td")
    assert cells.count() == len(outlets)
    for n, name in enumerate(outlets):  # every outlet's own words sit on the one row, as printed
        assert row["outlets"][name][0]["text"][:30] in cells.nth(n).inner_text()
    speaker = shown.first.locator("th").inner_text()
    assert "_" not in speaker and speaker[0].isupper(), speaker  # a real name, not an id
    alone = page.locator("table.compare tr.row.alone")
    assert alone.count() > 0 and "only " in alone.first.locator("th").inner_text()
    assert page.locator("table.compare td.omitted").count() > 0
    _shoot(page, "story-compare")
    wanted = row["outlets"][outlets[-1]][0]["text"]
    cells.nth(len(outlets) - 1).locator("a.evidence-link").first.click()
    assert _evidence_in_view(page).strip() == wanted.strip()
    _shoot(page, "story-evidence")
    assert page.problems == []


def test_a_story_marks_a_wire_copy(server: str, page: Any) -> None:
    stories = page.request.get(f"{server}/api/stories").json()["stories"]
    copied = [s for s in stories if any(d["copy_mark"] for c in page.request.get(
        f"{server}/api/stories/{s['id']}").json()["columns"] for d in c["documents"])]
    assert copied, "the seeds' syndicated copy is not in any story"
    _open(page, f"{server}/stories/{copied[0]['id']}")
    assert page.locator("table.compare thead .copy-tag").count() > 0
    assert page.locator("table.compare tbody .copy-tag").count() > 0
    assert page.problems == []


def test_a_meetings_evidence_opens_highlighted_and_in_view(server: str, page: Any) -> None:
    _open(page, server + "/dyads/JPN-RUS")
    links = page.locator("ul.list a.evidence-link")
    assert links.count() > 0, "no meeting links to its evidence"
    links.first.click()
    said = _evidence_in_view(page)
    assert said.strip()
    _shoot(page, "meeting-evidence")
    assert page.problems == []


@pytest.mark.parametrize("path", ["/meetings", "/quotes"])
def test_a_list_pages_evidence_opens_highlighted_and_in_view(server: str, page: Any, path: str) -> None:
    _open(page, server + path)
    links = page.locator("a.evidence-link")
    assert links.count() > 0, f"no row of {path} links to its evidence"
    links.last.click()
    assert _evidence_in_view(page).strip()
    _shoot(page, f"list-{path.strip('/')}-evidence")
    assert page.problems == []
