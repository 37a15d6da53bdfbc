"""The JSONL export writes the DESIGN.md field names, one record per line."""

from __future__ import annotations

import csv
import io
import json
import random
from datetime import date, timedelta
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from dyad import queries
from dyad.actors import Actor, Role
from dyad.cli import main
from dyad.errors import ConfigError
from dyad.export import FORMATS, RECORD_TYPES, document_record, export, export_documents_jsonl
from dyad.export.gdelt import COLUMNS as GDELT_COLUMNS
from dyad.extract.annotate import Annotations
from dyad.extract.events.cameo import load_cameo
from dyad.model import Event, Meeting, Quote

DOCUMENT_FIELDS = {
    "type", "id", "source", "part", "title", "publisher", "published", "published_method",
    "byline", "language", "text", "story", "duplicate_of", "cites",
}  # fmt: skip


def _lines(out: io.StringIO) -> list[dict]:
    text = out.getvalue()
    assert text.endswith("\n")
    return [json.loads(line) for line in text.splitlines()]


def test_documents_carry_exactly_the_contract_fields(store_db, store_batch):
    store_db.add_batch(store_batch)
    out = io.StringIO()
    assert export_documents_jsonl(store_db, out) == 3
    records = _lines(out)
    assert len(records) == 3
    for record in records:
        assert DOCUMENT_FIELDS <= set(record)
        assert set(record) - DOCUMENT_FIELDS == {"agency", "updated", "url", "published_precision", "content_hash"}
        assert record["type"] == "document"


def test_document_record_values(store_db, store_batch):
    store_db.add_batch(store_batch)
    out = io.StringIO()
    export_documents_jsonl(store_db, out)
    first = _lines(out)[0]
    doc = store_batch[0][1][0]
    assert first == {
        "type": "document",
        "id": doc.id,
        "source": "seeds/mod.html",
        "part": 0,
        "title": "Defence ministers meet in Tokyo",
        "publisher": "Ministry of Defence",
        "published": "2013-11-02",
        "published_method": "metadata",
        "byline": "Press Office",
        "language": "en",
        "text": "Sergei Shoigu met Itsunori Onodera in Tokyo.",
        "story": None,
        "duplicate_of": None,
        "cites": [],
        "agency": None,
        "updated": None,
        "url": "https://example.org/mod",
        "published_precision": "day",
        "content_hash": doc.content_hash,
    }


def test_undated_document_and_non_ascii_text(store_make):
    _, (doc,) = store_make("ja.txt", [("東京で会談", "Сергей Шойгу — 東京")])
    record = document_record(doc)
    assert (record["published"], record["published_method"]) == (None, None)
    out = io.StringIO()
    export(_FakeStore([doc]), "jsonl", out, types=["document"])
    assert "東京で会談" in out.getvalue()
    assert _lines(out)[0]["text"] == "Сергей Шойгу — 東京"


class _FakeStore:
    """Stand in for a Store where only iteration matters."""

    def __init__(self, docs):
        self.docs = docs

    def iter_documents(self, batch=500):
        return iter(self.docs)


def test_export_dispatches_by_format_and_counts_by_type(store_db, store_batch):
    store_db.add_batch(store_batch)
    out = io.StringIO()
    assert export(store_db, "JSONL", out) == {
        "document": 3, "actor": 0, "event": 0, "quote": 0, "meeting": 0, "commitment": 0, "story": 0,
    }  # fmt: skip
    assert [r["source"] for r in _lines(out)] == [
        "seeds/mod.html",
        "seeds/mod.html",
        "seeds/tass.txt",
    ]


def test_empty_store_exports_nothing(store_db):
    out = io.StringIO()
    assert set(export(store_db, "jsonl", out).values()) == {0}
    assert out.getvalue() == ""


@pytest.mark.parametrize("fmt", ["xml", "tsv"])
def test_unsupported_format_names_the_supported_ones(store_db, fmt):
    with pytest.raises(ConfigError, match=r"Supported formats: jsonl, csv, parquet, gdelt"):
        export(store_db, fmt, io.StringIO())


# -- actors, events, quotes and meetings, in every format -------------------


CONTRACT = {
    "document": DOCUMENT_FIELDS - {"type"},
    "actor": {"id", "name", "kind", "country", "sector", "code", "aliases"},
    "event": {
        "id", "document", "source_actor", "target_actor", "source_code", "target_code", "cameo",
        "root", "quad_class", "goldstein", "plover", "date", "modality", "start", "end",
        "documents", "publishers",
    },
    "quote": {"id", "document", "speaker", "speaker_name", "text", "direct", "start", "end"},
    "meeting": {"id", "date", "place", "format", "status", "participants", "documents"},
    "commitment": {
        "id", "document", "parties", "action", "kind", "made", "due", "status", "status_evidence",
        "start", "end",
    },
    "story": {"id", "documents"},
}  # fmt: skip
EXTRAS = {
    "document": {"agency", "updated", "url", "published_precision", "content_hash"},
    "actor": {"roles"},
    "event": {"date_precision", "trigger", "confidence", "coder", "counted"},
    "quote": {"partial", "speaker_start", "speaker_end", "verb", "counted"},
    "meeting": set(),
    "commitment": {"due_first", "due_last", "place", "status_as_of", "fulfilled_on", "counted"},
    "story": {"title", "first_date", "last_date", "publishers"},
}
GDELT_COLUMN_COUNT = 61  # the GDELT 2.0 event table: 5 date, 2 x 10 actor, 10 event, 3 x 8 geo, 2


SHOIGU = Actor(
    "sergei_shoigu", "Sergei Shoigu", "person", "RUS", "MIL", "RUSMIL",
    roles=[Role("Minister of Defence", "defence_minister", "RUS", "MIL", None, None)],
    aliases=["Sergei Kuzhugetovich Shoigu", "Shoygu"],
)  # fmt: skip
ONODERA = Actor("itsunori_onodera", "Itsunori Onodera", "person", "JPN", "MIL", "JPNMIL")
JAPAN = Actor("JPN", "Japan", "state", "JPN", None, "JPN", aliases=["Japanese"])
RUSSIA = Actor("RUS", "Russian Federation", "state", "RUS", None, "RUS")


def _annotated(store_batch):
    """Annotate the batch's first and third documents by hand: two reports of one meeting."""
    (tokyo, _second), (moscow,) = store_batch[0][1], store_batch[1][1]
    first = Annotations(
        document=tokyo.id,
        actors=[SHOIGU, ONODERA, JAPAN, RUSSIA],
        events=[
            Event("sergei_shoigu", "itsunori_onodera", "040", "asserted", 0, 44, "met", 0.9,
                  "2013-11-02", "day", "test"),
            Event("JPN", "RUS", "112", "asserted", 0, 44, "accused", 0.8, None, None, "test"),
            Event("JPN", "RUS", "140", "negated", 0, 44, "protest", 0.8, "2013-11", "month", "test"),
        ],
        quotes=[Quote("met Itsunori", 14, 26, True, "sergei_shoigu", "Shoigu", 0, 13, "say")],
        meetings=[Meeting(0, 44, "2013-11-02", "Tokyo", "2+2", ["sergei_shoigu", "itsunori_onodera"])],
    )  # fmt: skip
    second = Annotations(
        document=moscow.id,
        actors=[SHOIGU, RUSSIA],
        events=[Event("sergei_shoigu", None, "0311", "reported", 0, 20, "hosted", 0.7, "2018", "year",
                      "test")],
        quotes=[Quote("hosted the 2+2 talks", 7, 27, False, None, "Shoygu", 0, 6, "say", partial=True)],
        meetings=[
            Meeting(0, 50, "2013-11", "Tokyo", None, ["sergei_shoigu", "JPN"]),
            Meeting(51, 80, "2018-07", "Moscow", "2+2", ["RUS"]),
        ],
    )  # fmt: skip
    return {first.document: first, second.document: second}


@pytest.fixture
def filled(store_db, store_batch):
    """Give a store holding the batch with hand-written actors, events, quotes and meetings."""
    store_db.add_batch(store_batch, annotations=_annotated(store_batch))
    store_db.link_meetings()  # meetings are records made by linking
    return store_db


def _jsonl(store, **options) -> list[dict]:
    out = io.StringIO()
    export(store, "jsonl", out, **options)
    return _lines(out) if out.getvalue() else []


def test_every_record_type_carries_exactly_the_contract_fields(filled):
    records = _jsonl(filled)
    assert [r["type"] for r in records] == sorted(
        (r["type"] for r in records), key=list(RECORD_TYPES).index
    )
    by_type: dict[str, list[dict]] = {}
    for record in records:
        by_type.setdefault(record["type"], []).append(record)
    assert {kind: len(rows) for kind, rows in by_type.items()} == {
        "document": 3, "actor": 4, "event": 4, "quote": 2, "meeting": 2,
    }  # fmt: skip
    for kind, rows in by_type.items():
        for record in rows:
            assert set(record) == {"type"} | CONTRACT[kind] | EXTRAS[kind], kind
        assert RECORD_TYPES[kind].columns == list(rows[0])[1:], kind


def test_event_records_carry_the_cameo_facts_and_actor_codes(filled):
    cameo = load_cameo()
    events = [r for r in _jsonl(filled, types=["event"])]
    assert {r["type"] for r in events} == {"event"}
    for event in events:
        code = cameo[event["cameo"]]
        assert (event["root"], event["quad_class"], event["goldstein"]) == (
            code.root, code.quad_class, code.goldstein,
        )  # fmt: skip
        assert isinstance(event["quad_class"], int) and isinstance(event["goldstein"], float)
        assert (event["documents"], event["publishers"]) == (1, 1)
    met = next(e for e in events if e["cameo"] == "040")
    assert (met["source_code"], met["target_code"]) == ("RUSMIL", "JPNMIL")
    hosted = next(e for e in events if e["cameo"] == "0311")
    assert (hosted["target_actor"], hosted["target_code"], hosted["date"]) == (None, None, "2018")


def test_actor_and_quote_records(filled):
    records = _jsonl(filled, types=["actor", "quote"])
    shoigu = next(r for r in records if r["id"] == "sergei_shoigu")
    assert shoigu["aliases"] == ["Sergei Kuzhugetovich Shoigu", "Shoygu"]
    assert shoigu["roles"][0]["role_key"] == "defence_minister"
    quotes = sorted((r for r in records if r["type"] == "quote"), key=lambda q: q["direct"])
    assert [(q["speaker"], q["speaker_name"], q["direct"], q["partial"]) for q in quotes] == [
        (None, "Shoygu", False, True), ("sergei_shoigu", "Shoigu", True, False),
    ]  # fmt: skip


def test_meetings_are_merged_across_documents_with_stable_ids(filled, store_batch):
    meetings = _jsonl(filled, types=["meeting"])
    tokyo = next(m for m in meetings if m["place"] == "Tokyo")
    assert (tokyo["date"], tokyo["format"]) == ("2013-11-02", "2+2")
    assert tokyo["participants"] == ["sergei_shoigu", "itsunori_onodera", "JPN"]
    assert tokyo["documents"] == sorted([store_batch[0][1][0].id, store_batch[1][1][0].id])
    assert [m["id"] for m in _jsonl(filled, types=["meeting"])] == [m["id"] for m in meetings]
    assert len({m["id"] for m in meetings}) == 2


def test_type_filter_keeps_only_the_named_types(filled):
    assert {r["type"] for r in _jsonl(filled, types=["event"])} == {"event"}
    assert export(filled, "jsonl", io.StringIO(), types=["quote", "event"]) == {"event": 4, "quote": 2}
    with pytest.raises(ConfigError, match="no record type 'commitments'.*document, actor"):
        export(filled, "jsonl", io.StringIO(), types=["commitments"])
    with pytest.raises(ConfigError, match="gdelt format holds only event"):
        export(filled, "gdelt", io.StringIO(), types=["quote"])


def test_csv_writes_one_file_per_type_with_the_jsonl_columns(filled, tmp_path):
    counts = export(filled, "csv", tmp_path / "tables")
    assert counts == {"document": 3, "actor": 4, "event": 4, "quote": 2, "meeting": 2, "commitment": 0, "story": 0}
    records = _jsonl(filled)
    for kind, n in counts.items():
        with (tmp_path / "tables" / f"{kind}s.csv").open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            rows = list(reader)
        assert reader.fieldnames == RECORD_TYPES[kind].columns
        assert set(reader.fieldnames) == CONTRACT[kind] | EXTRAS[kind]
        assert len(rows) == n
        expected = [r for r in records if r["type"] == kind]
        assert [row["id"] for row in rows] == [r["id"] for r in expected]
    with (tmp_path / "tables" / "meetings.csv").open(encoding="utf-8", newline="") as handle:
        tokyo = next(row for row in csv.DictReader(handle) if row["place"] == "Tokyo")
    assert json.loads(tokyo["participants"]) == ["sergei_shoigu", "itsunori_onodera", "JPN"]
    with (tmp_path / "tables" / "quotes.csv").open(encoding="utf-8", newline="") as handle:
        quotes = list(csv.DictReader(handle))
    assert sorted((q["direct"], q["speaker"]) for q in quotes) == [
        ("false", ""), ("true", "sergei_shoigu"),
    ]  # fmt: skip


def test_csv_of_one_type_may_go_to_a_stream_but_several_need_a_folder(filled):
    out = io.StringIO()
    assert export(filled, "csv", out, types=["event"]) == {"event": 4}
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[0] == RECORD_TYPES["event"].columns and len(rows) == 5
    with pytest.raises(ConfigError, match="needs a folder"):
        export(filled, "csv", io.StringIO())
    with pytest.raises(ConfigError, match="needs a folder"):
        export(filled, "parquet", io.StringIO(), types=["event"])


def test_parquet_files_are_typed_and_complete(filled, tmp_path):
    counts = export(filled, "parquet", tmp_path)
    tables = {kind: pq.read_table(tmp_path / f"{kind}s.parquet") for kind in counts}
    assert {kind: t.num_rows for kind, t in tables.items()} == counts
    for kind, table in tables.items():
        assert table.column_names == RECORD_TYPES[kind].columns
    events, quotes, meetings = tables["event"].schema, tables["quote"].schema, tables["meeting"].schema
    assert events.field("quad_class").type == pa.int64()
    assert events.field("goldstein").type == pa.float64()
    assert events.field("start").type == pa.int64()
    assert events.field("cameo").type == pa.string()
    assert quotes.field("direct").type == pa.bool_()
    assert meetings.field("participants").type == pa.list_(pa.string())
    assert tables["document"].schema.field("part").type == pa.int64()
    assert tables["document"].schema.field("cites").type == pa.list_(pa.string())
    assert tables["actor"].schema.field("aliases").type == pa.list_(pa.string())
    assert tables["event"].to_pylist() == [
        {k: v for k, v in r.items() if k != "type"} for r in _jsonl(filled, types=["event"])
    ]


def test_parquet_writes_in_row_groups(filled, tmp_path, monkeypatch):
    monkeypatch.setattr("dyad.export.tabular.ROW_GROUP", 3)
    export(filled, "parquet", tmp_path, types=["event"])
    meta = pq.ParquetFile(tmp_path / "events.parquet").metadata
    assert (meta.num_rows, meta.num_row_groups) == (4, 2)


def _gdelt_rows(store, **options) -> list[list[str]]:
    out = io.StringIO()
    export(store, "gdelt", out, **options)
    text = out.getvalue()
    assert text == "" or text.endswith("\n")
    return [line.split("\t") for line in text.splitlines()]


def test_gdelt_rows_have_the_codebook_columns_and_consistent_cameo_facts(filled, store_batch):
    assert len(GDELT_COLUMNS) == GDELT_COLUMN_COUNT == len(set(GDELT_COLUMNS))
    assert GDELT_COLUMNS[:5] == ("GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate")
    assert GDELT_COLUMNS[-2:] == ("DATEADDED", "SOURCEURL")
    rows = [dict(zip(GDELT_COLUMNS, row, strict=True)) for row in _gdelt_rows(filled)]
    assert len(rows) == 3  # the negated protest is left out
    cameo = load_cameo()
    for row in rows:
        code = cameo[row["EventCode"]]
        assert row["EventRootCode"] == code.root == row["EventCode"][:2]
        assert row["EventBaseCode"] == row["EventCode"][:3]
        assert int(row["QuadClass"]) == code.quad_class
        assert float(row["GoldsteinScale"]) == code.goldstein
        assert int(row["GLOBALEVENTID"]) < 2**63
        assert row["AvgTone"] == ""
        assert len(row["DATEADDED"]) == 14 and row["DATEADDED"].isdigit()
    hosted, met, accused = sorted(rows, key=lambda r: r["EventCode"])
    assert (met["SQLDATE"], met["MonthYear"], met["Year"], met["FractionDate"]) == (
        "20131102", "201311", "2013", "2013.8384",
    )  # fmt: skip
    assert (met["Actor1Code"], met["Actor1Name"], met["Actor1CountryCode"], met["Actor1Type1Code"]) == (
        "RUSMIL", "SERGEI SHOIGU", "RUS", "MIL",
    )  # fmt: skip
    assert (met["Actor2Code"], met["IsRootEvent"], met["NumArticles"]) == ("JPNMIL", "1", "1")
    assert met["SOURCEURL"] == "https://example.org/mod"
    assert accused["SQLDATE"] == "20131102"  # undated: the document's publication date
    # A year-dated event takes its document's month (2018-07), within that year.
    assert (hosted["SQLDATE"], hosted["MonthYear"], hosted["Actor2Code"]) == ("20180701", "201807", "")
    assert hosted["SOURCEURL"].startswith("file:///") and hosted["SOURCEURL"].endswith("/seeds/tass.txt")
    # The 2013 meeting in Tokyo places the met event (its evidence, its day), not the 2018 hosting.
    assert (met["ActionGeo_FullName"], met["ActionGeo_CountryCode"], met["Actor1Geo_ADM1Code"]) == (
        "Tokyo, Japan", "JA", "JA40")
    assert abs(float(met["ActionGeo_Lat"]) - 35.69) < 0.01 and abs(float(met["ActionGeo_Long"]) - 139.69) < 0.01
    assert hosted["ActionGeo_Type"] == hosted["ActionGeo_Lat"] == ""
    ids = [r["GLOBALEVENTID"] for r in rows]
    assert len(set(ids)) == 3 and ids == [row[0] for row in _gdelt_rows(filled)]  # stable


def test_gdelt_header_only_when_asked(filled):
    plain, headed = _gdelt_rows(filled), _gdelt_rows(filled, header=True)
    assert headed[0] == list(GDELT_COLUMNS) and headed[1:] == plain
    assert all(len(row) == GDELT_COLUMN_COUNT for row in headed)


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_every_format_exports_an_empty_store(store_db, tmp_path, fmt):
    target = tmp_path / "out" if FORMATS[fmt].folder else io.StringIO()
    counts = export(store_db, fmt, target)
    assert set(counts.values()) == {0} and list(counts) == list(FORMATS[fmt].types)
    if fmt == "parquet":
        table = pq.read_table(tmp_path / "out" / "events.parquet")
        assert table.num_rows == 0 and table.schema.field("goldstein").type == pa.float64()
    elif fmt == "csv":
        lines = (tmp_path / "out" / "meetings.csv").read_text(encoding="utf-8").splitlines()
        assert lines == [",".join(RECORD_TYPES["meeting"].columns)]
    else:
        assert isinstance(target, io.StringIO) and target.getvalue() == ""


def test_store_streams_records_in_batches(filled):
    events = list(queries.events.stream_all(filled.engine))
    assert list(queries.events.stream_all(filled.engine, batch=1)) == events and len(events) == 4
    assert [(e.document, e.start, e.id) for e in events] == sorted((e.document, e.start, e.id) for e in events)
    quotes = list(queries.quotes.stream(filled.engine))
    assert list(queries.quotes.stream(filled.engine, batch=1)) == quotes and quotes
    assert {type(q.direct) for q in quotes} == {bool}
    assert [a.id for a in filled.iter_actors_batched(batch=3)] == [a.id for a in filled.iter_actors()]
    assert list(filled.iter_meetings(batch=2)) == list(filled.iter_meetings()) and len(list(filled.iter_meetings())) == 3


def test_meeting_records_hold_every_report_once_and_page_as_when_read_at_once(store_db, store_batch):
    """Linking puts each held report in one record; records stream a page at a time with their documents."""
    from dyad.export.records import read_meetings

    rng = random.Random(7)
    (first, second), (third,) = store_batch[0][1], store_batch[1][1]
    found = {}
    for n, doc in enumerate((first, second, third)):
        reports = []
        for k in range(40):
            day = (date(2016, 3, 1) + timedelta(days=rng.randrange(20))).isoformat()
            when = rng.choice([None, day[:4], day[:7], day, day])
            reports.append(Meeting(k * 10, k * 10 + 5, when, rng.choice(["Oslo", "Riga", None]),
                                   rng.choice([None, "bilateral", "summit"]), [f"p{n}", f"p{rng.randrange(5)}"]))
        found[doc.id] = Annotations(document=doc.id, meetings=reports)
    store_db.add_batch(store_batch, annotations=found)
    made = store_db.link_meetings()
    assert store_db.link_meetings() == 0  # nothing left to link: a second run changes nothing
    records = list(queries.meetings.stream(store_db.engine, batch=7))
    assert records == list(queries.meetings.stream(store_db.engine))
    assert len(records) == made == queries.meetings.count(store_db.engine) < 120
    reports = [(doc_id, m) for doc_id, a in found.items() for m in a.meetings]
    by_record = {r.id: r for r in records}
    for doc_id in found:
        for record in queries.meetings.of_documents(store_db.engine, [doc_id]):
            assert doc_id in by_record[record.id].documents
    assert [r["id"] for r in read_meetings(store_db)] == [r.id for r in records]
    assert all(set(m.participants) <= {p for r in records for p in r.participants} for _, m in reports)


def _cli(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def test_cli_exports_every_format_and_filters_by_type(filled, store_url, tmp_path):
    result = _cli("--db", store_url, "export", "--type", "event")
    assert result.exit_code == 0, result.output
    assert {json.loads(line)["type"] for line in result.output.splitlines()} == {"event"}
    result = _cli("--db", store_url, "export", "--format", "csv", "--type", "event,quote",
                  "-o", str(tmp_path / "t"))
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "t").iterdir()) == ["events.csv", "quotes.csv"]
    result = _cli("--db", store_url, "export", "--format", "parquet", "-o", str(tmp_path / "p"))
    assert result.exit_code == 0 and pq.read_table(tmp_path / "p" / "meetings.parquet").num_rows == 2
    result = _cli("--db", store_url, "export", "--format", "gdelt", "--header")
    lines = result.output.splitlines()
    assert lines[0].startswith("GLOBALEVENTID\tSQLDATE") and len(lines) == 4
    result = _cli("--db", store_url, "export", "--format", "csv", "--type", "actor")
    assert result.output.splitlines()[0] == "id,name,kind,country,sector,code,aliases,roles"


def test_cli_refuses_what_a_format_cannot_hold(filled, store_url):
    result = CliRunner().invoke(main, ["--db", store_url, "export", "--format", "parquet"])
    assert result.exit_code == 1 and "needs a folder" in result.output
    result = CliRunner().invoke(main, ["--db", store_url, "export", "--format", "gdelt", "--type", "quote"])
    assert result.exit_code == 1 and "holds only event" in result.output


def test_export_help_documents_formats_types_and_output():
    text = _cli("export", "--help").output
    for word in ("jsonl", "csv", "parquet", "gdelt", "--type", "--header", "folder", "Examples"):
        assert word in text, word


ARTICLE = """Russia and Japan hold first 2+2 talks in Tokyo

TOKYO, Nov. 2, 2013 - Russian Defence Minister Sergei Shoigu met Japanese Defence Minister \
Itsunori Onodera in Tokyo on Saturday. Japan and Russia held their first "2+2" meeting of foreign \
and defence ministers in Tokyo.

"We agreed to hold the next meeting in Moscow next year," Lavrov said. Japan accused Russia of \
violating its airspace.
"""


@pytest.mark.slow
def test_ingested_article_exports_every_record_type(tmp_path: Path):
    import dyad

    source = tmp_path / "tokyo.txt"
    source.write_text(ARTICLE, encoding="utf-8")
    db = str(tmp_path / "dyad.db")
    dyad.ingest([str(source)], db)
    with dyad.open(db) as store:
        records = _jsonl(store)
        gdelt = _gdelt_rows(store)
    kinds = {r["type"] for r in records}
    assert kinds == {"document", "actor", "event", "quote", "meeting", "commitment", "story"}
    for record in records:
        assert CONTRACT[record["type"]] <= set(record), record["type"]
    events = [r for r in records if r["type"] == "event"]
    assert any(e["cameo"].startswith("11") and e["source_actor"] == "JPN" for e in events)
    assert len(gdelt) == sum(e["modality"] in ("asserted", "reported") for e in events)
    assert all(len(row) == GDELT_COLUMN_COUNT for row in gdelt)


def test_folder_formats_refuse_a_file_as_output(filled, tmp_path):
    taken = tmp_path / "events.csv"
    taken.write_text("x", encoding="utf-8")
    with pytest.raises(ConfigError, match="is a file.*Give -o a folder"):
        export(filled, "csv", taken)
