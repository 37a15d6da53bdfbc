"""Cross-document linking: near-copies, citations, inherited dates, stories, event counts, comparison."""

from __future__ import annotations

import io
import json
import random
import shutil
from collections import defaultdict
from pathlib import Path

import pytest
from click.testing import CliRunner

import dyad
from dyad import queries
from dyad.cli import main
from dyad.evaluate import evaluate
from dyad.export import export
from dyad.link.compare import compare_story
from dyad.link.duplicates import (
    DOC_BANDS,
    DOC_ROWS,
    MIN_SHINGLES,
    PARA_BANDS,
    PARA_ROWS,
    Side,
    band_keys,
    decide,
    fingerprint,
    names_publisher,
    shingles,
    signature,
)
from dyad.link.merge import COUNTED
from dyad.link.run import link_documents
from dyad.link.stories import date_score, date_span
from dyad.store import Store

SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds"
GOLD = Path(__file__).parents[2] / "shared" / "gold" / "seeds.json"
STORIES = Path(__file__).parent / "fixtures" / "stories"
SUMMIT = ("reuters_summit", "tass_summit", "kyodo_summit", "japantimes_copy", "citing")


def _fixture_names() -> dict[str, str]:
    """Map the URL each fixture record gives (a JSONL record's source) to its file's name."""
    return {json.loads(p.read_text(encoding="utf-8"))["url"]: p.stem for p in STORIES.glob("*.jsonl")}


def _by_file(db: str) -> dict[str, list[dyad.model.Document]]:
    found: dict[str, list[dyad.model.Document]] = defaultdict(list)
    names = _fixture_names()
    with dyad.open(db) as store:
        for doc in store.iter_documents():
            found[names.get(doc.source, Path(doc.source).stem)].append(doc)
    return {name: sorted(docs, key=lambda d: d.part) for name, docs in found.items()}


def _partition(db: str) -> set[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for name, docs in _by_file(db).items():
        for doc in docs:
            assert doc.story is not None
            groups[doc.story].add(f"{name}#{doc.part}")
    return {frozenset(members) for members in groups.values()}


def _snapshot(db: str) -> tuple[object, ...]:
    with dyad.open(db) as store:
        docs = sorted((d.id, d.story, d.duplicate_of, tuple(d.cites), d.published) for d in store.iter_documents())
        counts = sorted((e.id, e.documents, e.publishers) for e in queries.events.stream_all(store.engine))
        stories = sorted((s.id, s.title, s.first_date, s.last_date) for s in queries.stories.page(store.engine))
    return docs, counts, stories


@pytest.fixture(scope="module")
def seeds_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    if not SEEDS.is_dir():
        pytest.skip("the seed corpus is not here")
    db = str(tmp_path_factory.mktemp("seeds") / "seeds.db")
    report = dyad.ingest([str(SEEDS)], db)
    assert report.ok
    return db


@pytest.fixture(scope="module")
def stories_db(tmp_path_factory: pytest.TempPathFactory) -> str:
    db = str(tmp_path_factory.mktemp("stories") / "stories.db")
    assert dyad.ingest([str(STORIES)], db).ok
    return db


# -- the seeds ---------------------------------------------------------------


def test_seeds_give_the_three_gold_stories(seeds_db: str) -> None:
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["stories"]
    docs = _by_file(seeds_db)
    want = {frozenset(f"{Path(f).stem}#{d.part}" for f in story["files"] for d in docs[Path(f).stem]) for story in gold}
    assert _partition(seeds_db) == want


def test_seed_copy_and_citation(seeds_db: str) -> None:
    docs = _by_file(seeds_db)
    aggregator, copy = docs["000_1b07e1e9fcd960b5"], docs["001_bb5317ad40518330"][0]
    assert copy.duplicate_of == aggregator[0].id
    assert all(d.duplicate_of is None for d in aggregator)
    ria, mtt = docs["002_260243f7335ccbaa"][0], docs["004_ec14b058b1acca21"][0]
    assert mtt.cites == [ria.id] and ria.cites == []
    assert mtt.published is not None
    assert (mtt.published.value, mtt.published.method) == ("2013-11", "inherited")


def test_seed_story_titles_and_dates(seeds_db: str) -> None:
    with dyad.open(seeds_db) as store:
        found = {s.first_date: s._asdict() for s in queries.stories.page(store.engine)}
    assert found["2013-11-02"]["title"] == "Russian-Japanese Talks Focus on US Missile Defense Plans"
    assert found["2019-05-30"]["documents"] == 5 and found["2019-05-30"]["publishers"] == 2


def test_eval_scores_stories_duplicates_and_citations(seeds_db: str) -> None:
    with dyad.open(seeds_db) as store:
        scores = evaluate(store, GOLD)
    for kind in ("stories", "duplicates", "citations"):
        assert scores[kind].f1 == 1.0, (kind, scores[kind].misses)


def test_a_copy_counts_once_in_event_counts(seeds_db: str) -> None:
    docs = _by_file(seeds_db)
    dw, copy = docs["000_1b07e1e9fcd960b5"][0].id, docs["001_bb5317ad40518330"][0].id
    with dyad.open(seeds_db) as store:
        rows = [e._asdict() for e in queries.events.stream_all(store.engine) if e.document in (dw, copy) and e.root == "11"]
    # Japan and Russia accusing each other: reported by DW only; the aggregator's copy counts once.
    assert {e["document"] for e in rows} == {dw, copy}
    assert {(e["documents"], e["publishers"]) for e in rows} == {(1, 1)}


# -- own multi-document sets -------------------------------------------------


def test_three_outlets_one_summit_one_story(stories_db: str) -> None:
    docs = _by_file(stories_db)
    summit = {docs[name][0].story for name in SUMMIT}
    assert len(summit) == 1
    assert docs["unrelated"][0].story not in summit


def test_syndicated_copy_with_new_headline(stories_db: str) -> None:
    docs = _by_file(stories_db)
    copy, kyodo = docs["japantimes_copy"][0], docs["kyodo_summit"][0]
    assert copy.title != kyodo.title
    assert copy.duplicate_of == kyodo.id
    assert copy.story == kyodo.story


def test_named_outlet_is_cited(stories_db: str) -> None:
    docs = _by_file(stories_db)
    assert docs["citing"][0].cites == [docs["kyodo_summit"][0].id]
    assert docs["kyodo_summit"][0].cites == []


def test_events_counted_once_per_outlet(stories_db: str) -> None:
    docs = _by_file(stories_db)
    names = {doc.id: name for name, found in docs.items() for doc in found}
    with dyad.open(stories_db) as store:
        rows = [e._asdict() for e in queries.events.stream_all(store.engine) if e.target_code]
    originals = {"reuters_summit", "tass_summit", "kyodo_summit", "citing"}
    assert max(e["documents"] for e in rows) <= len(originals)
    assert all(e["publishers"] <= e["documents"] for e in rows)
    # Russia -> Japan statements (root 03) come from three outlets; the copy adds nothing.
    rus_jpn = [e for e in rows if e["source_code"][:3] == "RUS" and e["target_code"][:3] == "JPN" and e["root"] == "03"]
    reporting = {names[e["document"]] for e in rus_jpn} - {"japantimes_copy"}
    assert rus_jpn and {e["documents"] for e in rus_jpn} == {len(reporting)}
    assert {e["publishers"] for e in rus_jpn} == {len(reporting)}


def test_recounting_reads_only_the_event_columns_it_counts(stories_db: str) -> None:
    """The narrow rows recounting reads hold the same values as the full rows, for the columns asked."""
    docs = _by_file(stories_db)
    story = docs["kyodo_summit"][0].story
    with Store.open(stories_db) as store:
        full, narrow = dict(store.stories_events([story]))[story], dict(store.stories_events([story], COUNTED))[story]
    assert narrow and len(narrow) == len(full)
    assert set(narrow[0]) == {*COUNTED, "publisher_1", "duplicate_of", "doc_source"}
    assert narrow == [{key: row[key] for key in narrow[0]} for row in full]


@pytest.mark.parametrize("order", [SUMMIT + ("unrelated",), ("unrelated",) + SUMMIT[::-1]])
def test_one_file_at_a_time_in_any_order(stories_db: str, tmp_path: Path, order: tuple[str, ...]) -> None:
    db = str(tmp_path / "one.db")
    for name in order:
        assert dyad.ingest([str(STORIES / f"{name}.jsonl")], db).ok
    assert _partition(db) == _partition(stories_db)
    docs = _by_file(db)
    assert docs["citing"][0].cites == [docs["kyodo_summit"][0].id]
    # The copy points to whichever of the two was stored first.
    pair = {docs["japantimes_copy"][0].duplicate_of, docs["kyodo_summit"][0].duplicate_of} - {None}
    assert len(pair) == 1


def test_rerunning_ingest_changes_nothing(stories_db: str, tmp_path: Path) -> None:
    db = str(tmp_path / "again.db")
    shutil.copy(stories_db, db)
    before = _snapshot(db)
    report = dyad.ingest([str(STORIES)], db)
    assert report.documents_added == 0
    with Store.open(db) as store:
        ids = [d.id for d in store.iter_documents()]
        assert link_documents(store, ids, None).documents == 0
    assert _snapshot(db) == before


def test_linking_without_analysis_uses_text_alone(tmp_path: Path) -> None:
    db = str(tmp_path / "plain.db")
    settings = dyad.settings.load_settings().with_overrides(analyse=False)
    assert dyad.ingest([str(STORIES)], db, settings=settings).ok
    docs = _by_file(db)
    assert docs["japantimes_copy"][0].duplicate_of == docs["kyodo_summit"][0].id
    assert docs["japantimes_copy"][0].story == docs["kyodo_summit"][0].story
    assert docs["citing"][0].cites == [docs["kyodo_summit"][0].id]


# -- comparison and commands -------------------------------------------------


def test_compare_outlets(stories_db: str) -> None:
    docs = _by_file(stories_db)
    with dyad.open(stories_db) as store:
        found = compare_story(store, docs["reuters_summit"][0].story or "")
    outlets = found["outlets"]
    assert {"Reuters", "TASS", "Kyodo News", "The Japan Times", "The Moscow Times"} <= set(outlets)
    names = {o: {(p["name"], p["used_by"]) for p in v["places"]} for o, v in outlets.items()}
    assert ("Kuril Islands", "RUS") in names["TASS"]
    assert ("Northern Territories", "JPN") in names["Kyodo News"]
    for outlet in outlets.values():
        for kind in ("quotes", "claims", "events"):
            assert sorted(outlet[kind]["carries"] + outlet[kind]["omits"]) == found["union"][kind]
    assert any(o["tone"] for o in outlets.values())
    assert all(-10 <= t["goldstein"] <= 10 for o in outlets.values() for t in o["tone"].values())


def test_stories_and_compare_commands(stories_db: str) -> None:
    runner = CliRunner()
    listed = runner.invoke(main, ["--db", stories_db, "stories", "--json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.output)
    assert len(stories) == 2
    big = max(stories, key=lambda s: s["documents"])
    assert big["documents"] == 5 and big["publishers"] == 5
    shown = runner.invoke(main, ["--db", stories_db, "compare", big["id"][:8]])
    assert shown.exit_code == 0, shown.output
    assert "Contested place names" in shown.output
    as_json = runner.invoke(main, ["--db", stories_db, "compare", big["id"], "--json"])
    compared = json.loads(as_json.output)
    assert compared["story"]["id"] == big["id"]
    # the same table as the story page: a column per outlet, rows with real names and the real words
    assert len(compared["columns"]) == 5 and compared["rows"]
    quotes = [r for r in compared["rows"] if r["kind"] == "quote"]
    assert quotes and all(r["who"] != r["who"].lower() for r in quotes)
    assert "What each outlet carries" in shown.output and "“" in shown.output  # cells hold the outlets' words
    missing = runner.invoke(main, ["--db", stories_db, "compare", "nosuchstory"])
    assert missing.exit_code != 0 and "dyad stories" in missing.output
    assert runner.invoke(main, ["stories", "--help"]).exit_code == 0


def test_export_has_story_records(stories_db: str) -> None:
    out = io.StringIO()
    with dyad.open(stories_db) as store:
        export(store, "jsonl", out, types=["story", "document"])
    records = [json.loads(line) for line in out.getvalue().splitlines()]
    stories = [r for r in records if r["type"] == "story"]
    docs = [r for r in records if r["type"] == "document"]
    assert sorted(d["id"] for s in stories for d in [{"id": i} for i in s["documents"]]) == sorted(d["id"] for d in docs)
    assert all({"story", "duplicate_of", "cites"} <= set(d) for d in docs)


# -- the pieces --------------------------------------------------------------


def test_shingles_fold_case_and_punctuation() -> None:
    assert shingles("The Kuril Islands, said Lavrov, are Russian.") == shingles("the kuril islands said lavrov are russian")
    assert len(shingles("one two three four five six")) == 2


def test_band_keys_are_deterministic() -> None:
    text = "Sergei Shoigu met Itsunori Onodera in Tokyo on Saturday to discuss missile defence plans."
    keys = band_keys(signature(shingles(text)), DOC_BANDS, 4)
    assert keys == fingerprint(text).doc_keys and len(keys) == DOC_BANDS and len(set(keys)) > 1


def test_document_keys_built_from_paragraphs_are_those_of_the_whole_text() -> None:
    """The document's MinHash is merged from its paragraphs': its band keys (stored) must not change."""
    rng = random.Random(3)
    words = ("the ministers met in Tokyo Moscow on Friday talks defence Kuril islands Shoigu said "
             "Russia Japan agreed to meet again treaty missile plans, were; frank. useful Σίσυφος ΝΟΜΟΣ İstanbul").split()
    stock = ["Leave a comment", "Share this", "Sergei Shoigu met Itsunori Onodera in Tokyo on Saturday to discuss plans."]
    checked = 0
    for _ in range(300):
        paragraphs = [
            rng.choice(stock) if rng.random() < 0.2 else " ".join(rng.choices(words, k=rng.randint(1, 60)))
            for _ in range(rng.randint(1, 8))
        ]
        text = rng.choice(["\n\n", "\n \n", "\n\n\n"]).join(paragraphs)
        found = fingerprint(text)
        whole = shingles(text)
        expected = band_keys(signature(whole), DOC_BANDS, DOC_ROWS) if len(whole) >= MIN_SHINGLES else []
        assert found.doc_keys == expected
        kept = [(i, shingles(p)) for i, p in enumerate(paragraphs)] if len(paragraphs) > 1 else []
        assert found.para_keys == [(i, band_keys(signature(para), PARA_BANDS, PARA_ROWS))
                                   for i, para in kept if len(para) >= MIN_SHINGLES]
        checked += len(found.para_keys) > 1
        # the rows written for it: one per key, in the band index's order (a batch merges them as it writes)
        rows = list(found.band_rows("d"))
        assert rows == sorted([("doc", band, key, "d", 0) for band, key in enumerate(expected)]
                              + [("para", band, key, "d", i) for i, keys in found.para_keys for band, key in enumerate(keys)])
    assert checked > 100


@pytest.mark.parametrize(
    ("text", "publisher", "named"),
    [
        ("RIA Novosti reports Russian concern over", "RIA Novosti", True),
        ("according to Kyodo, the leaders met", "Kyodo News", True),
        ("Kyodo News said on Friday", "Kyodo News", True),
        ("a Reuters report said", "Reuters", True),
        ("TOKYO, November 2 (RIA Novosti) - talks", "RIA Novosti", False),
        ("the leaders met in Tokyo", "Reuters", False),
    ],
)
def test_names_publisher(text: str, publisher: str, named: bool) -> None:
    assert names_publisher(text, publisher) is named


def test_the_quick_word_check_never_hides_an_attribution() -> None:
    from dyad.link.duplicates import _attribution, _names

    rng = random.Random(3)
    words = ["according", "to", "the", "KYODO", "kyodo", "News", "novosti", "RIA", "reports", "said", "Reuters'",
             "report", "citing", "Diplomat", "told", "agency", "\n", "  ", "Thomson", "ria-novosti", "wrote"]
    agree = named = 0
    for _ in range(3000):
        text = " ".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        for publisher in ("Kyodo News", "RIA Novosti", "Reuters", "The Diplomat"):
            expected = _attribution(publisher).search(text) is not None
            agree += _names.__wrapped__(text, publisher) is expected
            named += expected
    assert agree == 3000 * 4 and named > 500


def _side(doc_id: str, text: str, publisher: str, published: str | None, n: int) -> Side:
    from datetime import datetime

    return Side(doc_id, f"{doc_id}.txt", publisher, published, (datetime(2020, 1, 1), doc_id, n), text, shingles(text))


def test_decide_copy_and_citation_direction() -> None:
    base = " ".join(f"word{i}" for i in range(60))
    old = _side("a", base, "Kyodo News", "2019-09-05", 0)
    assert decide(_side("b", base + " extra", "The Japan Times", "2019-09-06", 1), old).kind == "duplicate"
    citing = _side("c", "Kyodo reports that " + " ".join(f"word{i}" for i in range(30)), "Other", None, 2)
    link = decide(old, citing)  # the older one seen as new: still the named one is cited
    assert link is not None and (link.kind, link.document, link.other) == ("cites", "c", "a")
    assert decide(_side("d", "nothing in common at all here", "X", None, 3), old) is None


def test_an_outlet_repeating_its_own_note_cites_nobody() -> None:
    """A passage two pieces of one outlet share (its editor's note, its standard background) is no citation;
    the same passage in two outlets' pieces is, and a copy is a copy whoever publishes it."""
    note = ("Editor's note: the governor of the province has repeatedly refused to answer questions from this "
            "newspaper about the contracts awarded to his brother's firms since the flood of the spring.")
    first = _side("a", "The harbour reopened after a week of repairs to the pier and the cranes. " + note,
                  "Harbour Gazette", "2021-03-02", 0)
    second = _side("b", "Teachers marched through the capital to demand the pay rise promised last year. " + note,
                   "Harbour Gazette", "2021-03-04", 1)
    assert decide(second, first) is None
    other = _side("c", "Teachers marched through the capital to demand the pay rise promised last year. " + note,
                  "Valley Courier", "2021-03-04", 2)
    link = decide(other, first)
    assert link is not None and link.kind == "cites"
    again = _side("d", first.text + " Updated.", "Harbour Gazette", "2021-03-02", 3)
    copy = decide(again, first)
    assert copy is not None and copy.kind == "duplicate"


def test_date_spans_and_scores() -> None:
    assert date_span("2013-11") == (date_span("2013-11-01")[0], date_span("2013-11-30")[0])  # type: ignore[index]
    assert date_span("--11-02") is None and date_span("2013-W44") is not None
    assert date_score(date_span("2019-09-05"), date_span("2019-09-05")) == 1.0
    assert date_score(date_span("2019-09-05"), date_span("2019-09-20")) == 0.0
    assert date_score(date_span("2013-11"), date_span("2013-11-02")) == 0.5


@pytest.mark.parametrize(
    ("first", "second", "met", "expected"),
    [
        ("2021-03-04", "2021-03-04", "2021-03-04", 1.0),  # one meeting, reported the day it was held
        ("2021-03-01", "2021-03-20", "2021-03", 1.0),  # three weeks apart, but the meeting is dated to the month
        ("2023-06-01", "2021-06-01", "2019-05-30", 0.0),  # two years apart, each recalling one old meeting
        (None, None, "2019-05-30", 1.0),  # undated documents: the meeting alone decides
        ("2021-03-01", "2021-03-11", "2021-03-01", 0.0),  # held the day of one, ten days before the other
        ("2021-03-01", "2021-03-05", "2021-03-03", 1.0),
    ],
)
def test_two_reports_of_one_meeting_score_only_when_it_is_recent_for_both(
    first: str | None, second: str | None, met: str, expected: float
) -> None:
    from datetime import UTC, datetime

    from dyad.link.stories import Profile, meeting_score
    from dyad.model import Meeting
    from dyad.store.links import LinkedDoc

    def profile(doc_id: str, published: str | None, place: str | None) -> Profile:
        precision = None if published is None else "day" if len(published) == 10 else "month"
        doc = LinkedDoc(doc_id, doc_id, 0, None, None, published, precision, None, None, (), datetime.now(UTC))
        other = Meeting(50, 60, {"a": "2015-01-09", "b": "2016-02-12"}[doc_id], "Minsk", None, ["UKR", "RUS"])
        return Profile(doc, {}, [Meeting(0, 10, met, place, "bilateral", ["NOR", "RUS"]), other])

    assert meeting_score(profile("a", first, "Oslo"), profile("b", second, "Oslo")) == expected
    assert meeting_score(profile("a", first, "Oslo"), profile("b", second, None)) == expected / 2
    assert meeting_score(profile("a", first, "Oslo"), profile("b", second, "Bergen")) == 0.0


def test_documents_left_unlinked_by_a_killed_run_are_linked_by_the_next(tmp_path) -> None:
    import sqlite3

    db = str(tmp_path / "k.db")
    page = tmp_path / "page.txt"
    page.write_text("Envoys meet\n\nThe envoys of Norway and Chile met in Oslo on Tuesday to discuss fisheries.\n")
    settings = dyad.settings.load_settings().with_overrides(analyse=False)
    dyad.ingest([str(page)], db, settings=settings)
    with sqlite3.connect(db) as conn:  # as if the run had died between storing and linking
        conn.execute("UPDATE documents SET story = NULL")
    report = dyad.ingest([str(page)], db, settings=settings)
    assert report.already_stored == 1
    with dyad.open(db) as store:
        assert store.unlinked_ids() == []


def test_no_link_loads_text_and_the_next_linking_run_catches_up(tmp_path) -> None:
    db = str(tmp_path / "n.db")
    page = tmp_path / "page.txt"
    page.write_text("Envoys meet\n\nThe envoys of Peru and Ghana met in Lima on Monday to discuss mining.\n")
    quiet = dyad.settings.load_settings().with_overrides(analyse=False, link=False)
    dyad.ingest([str(page)], db, settings=quiet)
    with dyad.open(db) as store:
        assert len(store.unlinked_ids()) == 1
    dyad.ingest([str(page)], db, settings=quiet.with_overrides(link=True))
    with dyad.open(db) as store:
        assert store.unlinked_ids() == []


def test_an_undated_preview_ties_a_meeting_only_when_it_names_its_place_or_format() -> None:
    from datetime import UTC, datetime

    from dyad.link.stories import Profile, meeting_score
    from dyad.model import Meeting
    from dyad.store.links import LinkedDoc

    def profile(doc_id: str, meeting: Meeting) -> Profile:
        doc = LinkedDoc(doc_id, doc_id, 0, None, None, None, None, None, None, (), datetime.now(UTC))
        return Profile(doc, {}, [meeting])

    held = Meeting(0, 10, "2021-06-30", "Antalya", "bilateral", ["lavrov", "cavusoglu"])
    vague = Meeting(0, 10, None, None, "bilateral", ["dendias", "cavusoglu"], status="planned")
    placed = Meeting(0, 10, None, "Antalya", "bilateral", ["cavusoglu"], status="planned")
    dated = Meeting(0, 10, "2021-07-02", None, "bilateral", ["cavusoglu"], status="planned")
    assert meeting_score(profile("a", vague), profile("b", held)) == 0.0  # one shared minister, nothing named
    assert meeting_score(profile("a", placed), profile("b", held)) == 1.0
    assert meeting_score(profile("a", dated), profile("b", held)) == 0.5  # days two apart: a preview of it
    # "the next 2+2" with no day, and a 2+2 held years later: one format, one minister, no tie
    next_round = Meeting(0, 10, None, None, "2+2", ["lavrov", "shoigu"], status="planned")
    years_later = Meeting(0, 10, "2018-07-31", "Moscow", "2+2", ["lavrov", "kono"])
    assert meeting_score(profile("a", next_round), profile("b", years_later)) == 0.0
    # a preview giving its day ties an undated report of the same format
    announced = Meeting(0, 10, "2021-04-13", None, "2+2", ["motegi", "maas"], status="planned")
    undated_report = Meeting(0, 10, None, None, "2+2", ["motegi", "kishi"])
    assert meeting_score(profile("a", announced), profile("b", undated_report)) == 1.0


def test_a_preview_without_a_day_ties_only_documents_published_near_each_other() -> None:
    from datetime import UTC, datetime

    from dyad.link.stories import Profile, meeting_score
    from dyad.model import Meeting
    from dyad.store.links import LinkedDoc

    def profile(doc_id: str, published: str | None, meeting: Meeting) -> Profile:
        precision = "day" if published else None
        doc = LinkedDoc(doc_id, doc_id, 0, None, None, published, precision, None, None, (), datetime.now(UTC))
        return Profile(doc, {}, [meeting])

    # "the next round will be held in Helsinki", said after two rounds held years apart
    next_round = Meeting(0, 10, None, "Helsinki", None, ["orpo", "tusk"], status="planned")
    assert meeting_score(profile("a", "2016-05-03", next_round), profile("b", "2023-11-20", next_round)) == 0.0
    assert meeting_score(profile("a", "2016-05-03", next_round), profile("b", "2016-05-12", next_round)) == 1.0
    assert meeting_score(profile("a", None, next_round), profile("b", "2023-11-20", next_round)) == 1.0
    # the visit held in Helsinki, reported a week after the preview, is still the one it announced
    held = Meeting(0, 10, "2016-05-16", "Helsinki", "bilateral", ["orpo", "tusk"])
    assert meeting_score(profile("a", "2016-05-03", next_round), profile("b", "2016-05-17", held)) == 1.0
    assert meeting_score(profile("a", "2016-05-03", next_round), profile("b", "2019-05-17", held)) == 0.0
    # a preview giving its day is placed by that day, whenever its document was published
    dated = Meeting(0, 10, "2016-05-16", "Helsinki", None, ["orpo", "tusk"], status="planned")
    assert meeting_score(profile("a", "2016-04-01", dated), profile("b", "2016-05-17", held)) == 1.0


def test_pieces_years_apart_saying_where_the_next_meeting_will_be_are_not_one_story(tmp_path) -> None:
    import sqlite3

    pages = {
        "2016-05-03": "Russian Foreign Minister Sergei Lavrov met Japanese Foreign Minister Fumio Kishida in Moscow on "
                      "Friday to discuss a peace treaty. The two sides spent four hours on the disputed islands and on "
                      "visa-free visits for former residents. Kishida pressed for joint economic projects on the "
                      "islands, while Russian officials spoke of investment in the Far East. A delegation of business "
                      "leaders travelled with the Japanese minister and signed two memorandums on energy.",
        "2019-09-20": "Russian Foreign Minister Sergei Lavrov met Japanese Foreign Minister Taro Kono in Moscow on "
                      "Monday to discuss fishing rights. Quotas for crab and salmon near the Kuril chain have been cut "
                      "twice since the spring, angering fishermen in Hokkaido. Kono raised the arrest of a trawler crew "
                      "in August and asked for their quick release. Observers in Tokyo expect a deal on catch limits "
                      "before the winter season opens.",
    }
    said = "\n\nSergei Lavrov told reporters that the next meeting would take place in Japan."
    lines = [json.dumps({"url": f"https://example.org/{n}", "published": day, "title": "Ministers talk",
                         "text": opening + said}) for n, (day, opening) in enumerate(pages.items())]
    (tmp_path / "pieces.jsonl").write_text("\n".join(lines) + "\n")
    db = str(tmp_path / "s.db")
    assert dyad.ingest([str(tmp_path)], db).ok
    with sqlite3.connect(db) as conn:
        found = dict(conn.execute("SELECT substr(published, 1, 10), story FROM documents"))
        planned = conn.execute("SELECT count(*) FROM meetings WHERE status = 'planned' AND place = 'Japan'").fetchone()
    assert planned == (2,)  # each says where the next meeting will be, and neither says when
    assert len(found) == 2 and found["2016-05-03"] != found["2019-09-20"]


@pytest.mark.parametrize(("second", "together"), [("2019-09-20", False), ("2016-05-05", True)])
def test_pieces_sharing_ministers_and_a_paragraph_are_one_story_only_weeks_apart(tmp_path, second, together) -> None:
    import sqlite3

    opening = ("Russian Foreign Minister Sergei Lavrov and Japanese Foreign Minister Fumio Kishida held talks in "
               "Moscow to discuss {}.")
    bodies = [
        "a peace treaty. The two sides spent four hours on the disputed islands and on visa-free visits for former "
        "residents. Kishida pressed for joint economic projects on the islands, while Russian officials spoke of "
        "investment in the Far East.",
        "fishing rights. Quotas for crab and salmon near the Kuril chain have been cut twice since the spring, "
        "angering fishermen in Hokkaido. Kishida raised the arrest of a trawler crew in August and asked for "
        "their quick release.",
    ]
    said = "\n\nSergei Lavrov told reporters that relations between Russia and Japan had room to grow."
    lines = [json.dumps({"url": f"https://example.org/{n}", "published": day, "title": "Ministers talk",
                         "text": opening.format(body) + said})
             for n, (day, body) in enumerate(zip(["2016-05-03", second], bodies, strict=True))]
    (tmp_path / "pieces.jsonl").write_text("\n".join(lines) + "\n")
    db = str(tmp_path / "s.db")
    assert dyad.ingest([str(tmp_path)], db).ok
    with sqlite3.connect(db) as conn:
        found = [story for (story,) in conn.execute("SELECT story FROM documents")]
    assert len(found) == 2 and (found[0] == found[1]) == together


def test_a_preview_and_a_report_of_the_meeting_find_each_other_whichever_came_first() -> None:
    """The held report seeks previews of days around its day; the preview seeks reports on the same days."""
    from datetime import UTC, datetime

    from dyad.link.stories import Profile, meeting_days, plan_days
    from dyad.model import Meeting
    from dyad.store.links import LinkedDoc

    def profile(meeting: Meeting) -> Profile:
        doc = LinkedDoc("d", "d", 0, None, None, "2021-04-05", "day", None, None, (), datetime.now(UTC))
        return Profile(doc, {}, [meeting])

    preview = profile(Meeting(0, 5, "2021-04-16", None, "2+2", ["a", "b"], status="planned"))
    held = profile(Meeting(0, 5, "2021-04-13", None, "2+2", ["a", "b"]))
    assert "2021-04-13" in meeting_days(preview)  # the preview looks for reports held three days off
    assert "2021-04-16" in plan_days(held)  # and the report for previews three days off
    assert meeting_days(held) == ["2021-04-13"]
    assert "2021-04-12" not in meeting_days(preview)  # four days off: not this preview's meeting


def test_reports_naming_the_same_two_campaigners_the_same_week_are_not_one_story(tmp_path) -> None:
    """Two candidates every piece of a campaign names, and a date, are no happening: without wording or a
    meeting in common, two pieces tie by their actors only when they share more of them (LONE_ACTORS_WEIGHT)."""
    import sqlite3

    pieces = {
        "2024-03-05": ("Tax plans", "Senator Walter Brennagh attacked Governor Odile Ferrante's tax plan at a rally "
                       "in Dayton on Monday, calling it a gift to landlords. Ferrante answered that Brennagh had "
                       "voted for every rent increase the state allowed."),
        "2024-03-06": ("Flood relief", "Crews cleared mud from the streets of Marlow after the river crested on "
                       "Tuesday. Relief groups said Governor Odile Ferrante should release emergency funds sooner, "
                       "and Senator Walter Brennagh asked for federal help with the damaged bridge."),
    }
    lines = [json.dumps({"url": f"https://example.org/{n}", "published": day, "title": title, "text": text})
             for n, (day, (title, text)) in enumerate(pieces.items())]
    (tmp_path / "pieces.jsonl").write_text("\n".join(lines) + "\n")
    db = str(tmp_path / "s.db")
    assert dyad.ingest([str(tmp_path)], db).ok
    with sqlite3.connect(db) as conn:
        found = [story for (story,) in conn.execute("SELECT story FROM documents")]
        people = conn.execute("SELECT count(DISTINCT actor) FROM mentions WHERE actor LIKE '%brennagh%' "
                              "OR actor LIKE '%ferrante%'").fetchone()
    assert people == (2,)  # the same two people in both pieces
    assert len(found) == 2 and found[0] != found[1]


@pytest.mark.parametrize(("shared", "text", "tied"), [
    ({"jane_roe": 1.0, "john_doe": 1.0}, 0.0, False),  # two widely named people and a day
    ({"USA": 0.5, "jane_roe": 1.0, "john_doe": 1.0}, 0.0, False),
    ({"jane_roe": 1.0, "john_doe": 1.0, "max_moss": 1.0}, 0.0, True),  # three people in common
    ({"KEN": 0.5, "UGA": 0.5, "TZA": 0.5, "SSD": 0.5, "jane_roe": 1.0}, 0.0, True),  # four states and a person
    ({"jane_roe": 1.0, "john_doe": 1.0}, 0.6, True),  # the same two, one citing the other
])
def test_actors_and_a_day_alone_tie_two_documents_only_when_they_share_enough(shared, text, tied) -> None:
    from datetime import UTC, datetime

    from dyad.link.stories import STORY_THRESHOLD, Profile, score
    from dyad.store.links import LinkedDoc

    def profile(doc_id: str, actors: dict[str, float]) -> Profile:
        doc = LinkedDoc(doc_id, doc_id, 0, None, None, "2024-03-05", "day", None, None, (), datetime.now(UTC))
        return Profile(doc, actors, [])

    one, other = profile("a", {**shared, "mary_major": 1.0}), profile("b", dict(shared))
    assert (score(one, other, text) >= STORY_THRESHOLD) == tied
