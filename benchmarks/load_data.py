"""Generate a large store of events for the load benchmark, fast and the same every time.

The store is shaped like a real one, not uniform: 50 countries of which a few
(USA, RUS, CHN, …) appear far more often (Zipf weights), ten actors per
country, the 20 CAMEO roots weighted as in news (consultations and statements
common, force rare), ten years of dates with some to the month only and a few
undated, 20 publishers, and documents carrying a few hundred events each so
that every event has a real document (the foreign key) to join to.

Rows go in through SQLAlchemy Core executemany on SQLite and through COPY on
PostgreSQL, in batches, after the store's migrations made its tables and
indexes; then both engines get fresh planner statistics (ANALYZE).
"""

from __future__ import annotations

import hashlib
import random
import zlib
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, insert, text

from dyad.store import Store
from dyad.store.schema import documents, events, raw_inputs

COUNTRIES = (
    "USA RUS CHN GBR FRA DEU JPN IND UKR ISR IRN TUR KOR PRK SAU PAK AFG IRQ SYR EGY "
    "BRA CAN AUS ITA ESP POL MEX IDN ZAF NGA KEN ETH VNM PHL THA MYS SGP NZL ARG CHL "
    "COL VEN CUB QAT ARE JOR LBN KAZ BLR SRB"
).split()
SECTORS = ("", "GOV", "MIL", "LEG", "JUD", "BUS", "MED", "COP", "OPP", "REB")
PUBLISHERS = tuple(f"Publisher {n:02d}" for n in range(1, 21))
# Relative frequency of each CAMEO root 01..20 in news-coded events (roughly
# GDELT's shape: statements, appeals, consultations and cooperation dominate).
ROOT_WEIGHTS = (10, 4, 6, 14, 7, 3, 2, 1, 1, 3, 5, 3, 2, 2, 1, 1, 3, 3, 2, 1)
QUAD = {root: 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4 for root in range(1, 21)}
FIRST_DAY = date(2015, 1, 1)
DAYS = 3653  # ten years
EVENTS_PER_DOCUMENT = 250
BATCH = 20_000


def event_id(n: int) -> str:
    """Give event n a stable id shaped like the store's (hex, in no particular order)."""
    return hashlib.blake2b(n.to_bytes(8, "big"), digest_size=16).hexdigest()


def document_id(n: int) -> str:
    """Give document n a stable id shaped like the store's (`<sha prefix>-<part>`)."""
    return hashlib.sha256(f"doc{n}".encode()).hexdigest()[:16] + "-0"


def _raw_sha(n: int) -> str:
    return hashlib.sha256(f"raw{n}".encode()).hexdigest()


def _weights(n: int) -> list[float]:
    """Zipf weights: the k-th most reported country is reported about 1/k as often."""
    return [1.0 / (k + 1) for k in range(n)]


def _date(rng: random.Random) -> tuple[str | None, str | None]:
    """Draw an event date: 88% to the day, 10% to the month, 2% undated."""
    draw = rng.random()
    if draw < 0.02:
        return None, None
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    if draw < 0.12:
        return day.isoformat()[:7], "month"
    return day.isoformat(), "day"


def event_rows(count: int, n_documents: int, seed: int = 6) -> Iterator[dict[str, Any]]:
    """Yield `count` event rows, each tied to one of `n_documents` documents."""
    rng = random.Random(seed)
    country_w = _weights(len(COUNTRIES))
    roots = list(range(1, 21))
    for n in range(count):
        src, tgt = rng.choices(COUNTRIES, country_w, k=2)
        if tgt == src:
            tgt = rng.choice(COUNTRIES)
        root = rng.choices(roots, ROOT_WEIGHTS)[0]
        src_sector, tgt_sector = rng.choice(SECTORS), rng.choice(SECTORS)
        when, precision = _date(rng)
        start = rng.randrange(5000)
        document = n // EVENTS_PER_DOCUMENT % n_documents
        yield {
            "id": event_id(n), "document": document_id(document),
            "source_actor": f"{src.lower()}_{src_sector.lower() or 'state'}",
            "target_actor": f"{tgt.lower()}_{tgt_sector.lower() or 'state'}",
            "source_code": src + src_sector, "target_code": tgt + tgt_sector,
            "cameo": f"{root:02d}{rng.randrange(10)}", "root": f"{root:02d}",
            "quad_class": QUAD[root], "goldstein": round(rng.uniform(-10, 10), 1),
            "plover": None, "date": when, "date_precision": precision,
            "modality": "asserted", "start": start, "end": start + rng.randrange(20, 200),
            "trigger": "met", "confidence": 0.9, "coder": "bench",
            "documents": 1 + int(rng.random() < 0.2), "publishers": 1,
            "source_country": src, "target_country": tgt, "dyad": "-".join(sorted((src, tgt))),
            "publisher": PUBLISHERS[document % len(PUBLISHERS)], "document_title": f"Generated report {document}",
        }  # fmt: skip


def document_rows(n_documents: int, now: datetime) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Yield (raw input row, document row) pairs, one document per raw input."""
    rng = random.Random(60)
    content = zlib.compress(b"<html>generated</html>")
    for n in range(n_documents):
        sha = _raw_sha(n)
        day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
        raw = {"sha256": sha, "source": f"gen/{n}.html", "location": f"gen/{n}.html", "size": 22,
               "content": content, "kind": "html", "fields": "{}", "ingested_at": now}
        doc = {"id": document_id(n), "raw_sha256": sha, "source": f"gen/{n}.html", "part": 0,
               "title": f"Generated report {n}", "publisher": PUBLISHERS[n % len(PUBLISHERS)],
               "published": day.isoformat(), "published_precision": "day", "published_method": "metadata",
               "byline": None, "url": None, "language": "en", "text": f"Generated text {n}.",
               "content_hash": hashlib.sha256(f"text{n}".encode()).hexdigest(), "removed": "[]",
               "story": None, "duplicate_of": None, "cites": "[]", "ingested_at": now}
        yield raw, doc


def _batches(rows: Iterator[dict[str, Any]], size: int = BATCH) -> Iterator[list[dict[str, Any]]]:
    batch: list[dict[str, Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _copy(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Load rows with PostgreSQL's COPY, the fast path psycopg offers; columns the rows lack take their defaults."""
    columns = [c.name for c in table.columns if c.name in rows[0]]
    quoted = ", ".join(f'"{c}"' for c in columns)
    cursor = conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
    with cursor.copy(f"COPY {table.name} ({quoted}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row([row[c] for c in columns])


def _put(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """Insert one batch: COPY on PostgreSQL, Core executemany on SQLite."""
    if conn.dialect.name == "postgresql":
        _copy(conn, table, rows)
    else:
        conn.execute(insert(table), rows)


def fill(store: Store, n_events: int, progress: Any = print) -> None:
    """Fill an empty store with `n_events` events and the documents they need."""
    n_documents = max(1, -(-n_events // EVENTS_PER_DOCUMENT))
    now = datetime.now(UTC)
    engine = store._engine
    with engine.begin() as conn:
        pairs = list(document_rows(n_documents, now))
        _put(conn, raw_inputs, [raw for raw, _ in pairs])
        _put(conn, documents, [doc for _, doc in pairs])
    done = 0
    for batch in _batches(event_rows(n_events, n_documents)):
        with engine.begin() as conn:
            _put(conn, events, batch)
        done += len(batch)
        if done % 200_000 < BATCH:
            progress(f"  {done:,} events")
    with engine.connect() as conn:
        conn.execute(text("ANALYZE"))
        conn.commit()


def count_events(store: Store) -> int:
    """Count the events a store holds, to tell whether a kept store can be reused."""
    with store._engine.connect() as conn:
        return int(conn.execute(text("SELECT count(*) FROM events")).scalar() or 0)
