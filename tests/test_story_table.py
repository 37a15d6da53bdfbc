"""The story comparison: one column per outlet, rows aligned across outlets, real words linked to their evidence.

A story of four documents written for the test, from three outlets: a
minister's full quote, the same quote trimmed by a second outlet, a near
miss (the same speaker, other words) that must stay on a row of its own,
and a third outlet's near copy of the first with a wire credit.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import insert, update

from dyad.model import Document, Published, RawItem, document_id
from dyad.store import Store
from dyad.store.schema import actors, documents, events, quotes, stories
from dyad.web import views
from dyad.web.app import create_app

FULL = "Our navy will keep patrolling the strait whatever the neighbours decide"
TRIMMED = "keep patrolling the strait whatever the neighbours decide"
OTHER = "The strait is calm and our sailors are patient"  # the same speaker, other words: a row of its own
TEXTS = {
    "harbour": f'Admiral Vera Kask said: "{FULL}." Freedonia protested to Sylvania on Monday. "{OTHER}," Kask added.',
    "courier": f'Sylvania insists it will "{TRIMMED}", according to Kask. Freedonia protested to Sylvania.',
    "reprint": f'Admiral Vera Kask said: "{FULL}." Freedonia protested to Sylvania on Monday. "{OTHER}," Kask added. '
               "(Island Press Agency)",
    "echo": "Freedonia protested to Sylvania, officials said.",
}
OUTLETS = {"harbour": "Harbour Daily", "courier": "Coastal Courier", "reprint": "Gazette of the Isles",
           "echo": "Coastal Courier"}


def _doc(name: str) -> tuple[RawItem, Document]:
    raw = RawItem(source=f"{name}.txt", location=f"{name}.txt", data=TEXTS[name].encode(), kind="text")
    return raw, Document(id=document_id(raw.sha256, 0), source=raw.source, part=0, text=TEXTS[name],
                         raw_sha256=raw.sha256, title=f"The {name} report", publisher=OUTLETS[name], story="st1",
                         published=Published("2024-03-04", "day", "metadata"))


def _quote(doc: Document, said: str, direct: bool = True) -> dict[str, object]:
    start = doc.text.index(said)
    return {"id": f"q{doc.source}{start}", "document": doc.id, "speaker": "vera_kask", "speaker_name": "Kask",
            "text": said, "direct": direct, "partial": False, "start": start, "end": start + len(said)}


def _event(doc: Document, n: int) -> dict[str, object]:
    start = doc.text.index("Freedonia protested")
    return {"id": f"ev{n}", "document": doc.id, "source_actor": "FRE", "target_actor": "SYL", "source_code": "FRE",
            "target_code": "SYL", "cameo": "111", "root": "11", "quad_class": 3, "goldstein": -2.0,
            "plover": "ACCUSE", "date": "2024-03-04", "date_precision": "day", "modality": "asserted",
            "confidence": 0.9, "coder": "test", "documents": 1, "publishers": 1, "start": start,
            "end": start + len("Freedonia protested to Sylvania"), "trigger": "protested"}


@pytest.fixture(scope="module")
def story(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Document]]]:
    db = str(Path(tmp_path_factory.mktemp("story")) / "story.db")
    made = {name: _doc(name) for name in TEXTS}
    docs = {name: doc for name, (_, doc) in made.items()}
    with Store.open(db) as store:
        store.add_batch([(raw, [doc]) for raw, doc in made.values()])
        with store._engine.begin() as conn:
            conn.execute(update(documents).where(documents.c.id == docs["reprint"].id)
                         .values(duplicate_of=docs["harbour"].id, agency="Island Press Agency"))
            conn.execute(insert(actors), [
                {"id": "vera_kask", "name": "Vera Kask", "kind": "person", "country": "SYL", "code": "SYLMIL",
                 "aliases": "[]", "roles": "[]", "origin": "test"},
                *({"id": c, "name": n, "kind": "state", "country": c, "code": c, "aliases": "[]", "roles": "[]",
                   "origin": "test"} for c, n in (("FRE", "Freedonia"), ("SYL", "Sylvania")))])
            conn.execute(insert(quotes), [
                _quote(docs["harbour"], FULL), _quote(docs["harbour"], OTHER), _quote(docs["courier"], TRIMMED),
                _quote(docs["reprint"], FULL), _quote(docs["reprint"], OTHER)])
            conn.execute(insert(events), [_event(docs[name], n) for n, name in enumerate(TEXTS)])
            conn.execute(insert(stories), [{"id": "st1", "title": "Patrols in the strait", "first_date": "2024-03-04",
                                            "last_date": "2024-03-04", "created_at": datetime.now(UTC)}])
    yield db, docs


def test_a_trimmed_requote_sits_on_the_row_of_its_full_form(story: tuple[str, dict[str, Document]]) -> None:
    db, docs = story
    with Store.open(db, readonly=True) as store:
        found = views.story(store, "st1")
    assert [c["outlet"] for c in found["columns"]] == ["Coastal Courier", "Gazette of the Isles", "Harbour Daily"]
    said = [r for r in found["rows"] if r["kind"] == "quote"]
    assert len(said) == 2, "the near miss joined the patrol quote, or the trimmed quote stands alone"
    patrol = next(r for r in said if "patrolling" in r["outlets"]["Harbour Daily"][0]["text"])
    assert set(patrol["outlets"]) == {"Coastal Courier", "Gazette of the Isles", "Harbour Daily"}
    assert patrol["who"] == "Vera Kask" and patrol["speaker"] == "vera_kask" and patrol["only"] is None
    assert patrol["outlets"]["Coastal Courier"][0]["text"] == TRIMMED  # the outlet's own words, as printed
    assert patrol["outlets"]["Harbour Daily"][0]["text"] == FULL
    other = next(r for r in said if r is not patrol)
    assert set(other["outlets"]) == {"Gazette of the Isles", "Harbour Daily"}
    assert other["outlets"]["Harbour Daily"][0]["text"] == OTHER


def test_each_passage_links_to_its_words(story: tuple[str, dict[str, Document]]) -> None:
    db, docs = story
    with Store.open(db, readonly=True) as store:
        found = views.story(store, "st1")
    by_id = {d.id: d for d in docs.values()}
    for row in found["rows"]:
        for cell in row["outlets"].values():
            for x in cell:
                assert by_id[x["document"]].text[x["start"]:x["end"]] == x["text"]
                assert x["href"] == f"/documents/{x['document']}?start={x['start']}&end={x['end']}#evidence-span"


def test_copies_are_marked_and_what_each_outlet_alone_carries_is_counted(
        story: tuple[str, dict[str, Document]]) -> None:
    db, docs = story
    with Store.open(db, readonly=True) as store:
        found = views.story(store, "st1")
    columns = {c["outlet"]: c for c in found["columns"]}
    gazette = columns["Gazette of the Isles"]
    assert [d["copy_mark"] for d in gazette["documents"]] == ["copy"]
    assert gazette["documents"][0]["copy_of"] == docs["harbour"].id
    assert gazette["documents"][0]["agency"] == "Island Press Agency"
    assert [d["copy_mark"] for d in columns["Harbour Daily"]["documents"]] == [None]
    patrol = next(r for r in found["rows"] if r["kind"] == "quote" and len(r["outlets"]) == 3)
    assert patrol["outlets"]["Gazette of the Isles"][0]["copy_mark"] == "copy"
    assert columns["Coastal Courier"]["omits"]["quote"] == 1  # the calm-strait quote
    assert columns["Coastal Courier"]["carries"]["quote"] == 1
    assert all(c["alone"]["quote"] == 0 for c in columns.values())
    (protest,) = [r for r in found["rows"] if r["kind"] == "event"]
    assert protest["who"] == "Freedonia (FRE) → Sylvania (SYL)" and protest["cameo_name"]
    courier = protest["outlets"]["Coastal Courier"]  # two documents of one outlet, the same words: one shown, one linked
    assert len(courier) == 2 and [x["repeat"] for x in courier] == [False, True]


def test_the_page_shows_names_words_and_evidence_links(story: tuple[str, dict[str, Document]]) -> None:
    db, docs = story
    with TestClient(create_app(db), base_url="http://127.0.0.1") as client:
        page = client.get("/stories/st1")
        api = client.get("/api/stories/st1").json()
    assert page.status_code == 200
    body = page.text
    assert "Vera Kask" in body and "vera_kask:" not in body
    assert f"“{FULL}”" in body and f"“{TRIMMED}”" in body  # whole and in its own case, not a folded key
    start = TEXTS["courier"].index(TRIMMED)
    assert f'href="/documents/{docs["courier"].id}?start={start}&amp;end={start + len(TRIMMED)}#evidence-span"' in body
    assert body.count('<th class="outlet"') == 3
    assert "copy-tag" in body and "wire: Island Press Agency" in body
    assert json.dumps(api["rows"][0]["outlets"]["Harbour Daily"][0]["text"]) == json.dumps(FULL)
