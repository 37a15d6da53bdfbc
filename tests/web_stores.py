"""Stores the web tests read: the seeds ingested for real, and a hostile store written by hand.

Built once per test session (ingesting runs spaCy, seconds per run) and
shared by test_web and test_browser through module-level caches.
"""

from __future__ import annotations

import atexit
import functools
import json
import shutil
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import insert

from dyad import api
from dyad.model import Document, Published, RawItem, document_id
from dyad.store import Store
from dyad.store.schema import actors, commitments, events, mentions, quotes, stories

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
SCRIPT = "<script>window.__xss = 1; alert('xss')</script>"
ATTR = '" onmouseover="window.__xss = 2" x="'
# An article that tries both: a script element and an attribute break-out, in title and text.
HOSTILE_TEXT = (
    f"Russia and Japan met in Tokyo. {SCRIPT} Shoigu said {ATTR} the talks were useful. "
    "Japan accused Russia of a military buildup. <img src=x onerror=\"window.__xss = 3\">"
)
HOSTILE_TITLE = f"Talks {SCRIPT} {ATTR}"
HOSTILE_PUBLISHER = f"Evil {ATTR} Press"


def _folder() -> Path:
    """Make a temporary folder removed when the test session ends."""
    path = Path(tempfile.mkdtemp(prefix="dyad-web-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


@functools.cache
def seeds_db(where: str | None = None) -> str:
    """Ingest the seeds plus one hostile article through the whole pipeline into `where`.

    `where` is a store location that does not exist yet (a PostgreSQL schema's
    URL); by default a new SQLite file. Returns the store's location.
    """
    folder = _folder()
    inputs = folder / "inputs"
    shutil.copytree(SEEDS, inputs)
    article = {"text": HOSTILE_TEXT, "title": HOSTILE_TITLE, "publisher": HOSTILE_PUBLISHER,
               "published": "2019-05-30", "url": "https://example.org/\"><script>window.__xss=4</script>"}
    (inputs / "zz_hostile.jsonl").write_text(json.dumps(article) + "\n", encoding="utf-8")
    db = where or str(folder / "seeds.db")
    report = api.ingest([str(inputs)], db)
    assert report.ok, report.failures
    return db


@functools.cache
def hostile_db(where: str | None = None) -> str:
    """Write a small store by hand whose every text field carries markup into `where` (default: a new SQLite file)."""
    db = where or str(_folder() / "hostile.db")
    raw = RawItem(source="evil.html", location="evil.html", data=HOSTILE_TEXT.encode(), kind="text")
    doc_id = document_id(raw.sha256, 0)
    doc = Document(id=doc_id, source="evil.html", part=0, text=HOSTILE_TEXT, raw_sha256=raw.sha256,
                   title=HOSTILE_TITLE, publisher=HOSTILE_PUBLISHER, story="s1",
                   published=Published("2019-05-30", "day", "metadata"))
    with Store.open(db) as store:
        store.add_batch([(raw, [doc])])
        with store._engine.begin() as conn:
            _hostile_rows(conn, doc_id)
    return db


def _hostile_rows(conn: object, doc_id: str) -> None:
    """Insert an actor, mentions, events, a quote, a story and a commitment, all with markup in them."""
    text = HOSTILE_TEXT
    script_at = text.index("<script>")
    conn.execute(insert(actors), [  # type: ignore[attr-defined]
        {"id": "evil_actor", "name": f"Evil {SCRIPT}", "kind": "person", "country": "RUS", "code": "RUSGOV",
         "aliases": json.dumps([ATTR]), "roles": "[]", "origin": "text"},
        {"id": "JPN", "name": "Japan", "kind": "state", "country": "JPN", "code": "JPN", "aliases": "[]",
         "roles": "[]", "origin": "dictionary"},
    ])
    conn.execute(insert(mentions), [  # type: ignore[attr-defined]
        {"document": doc_id, "start": 0, "end": 6, "text": "Russia", "actor": "evil_actor", "kind": "person",
         "method": "dictionary", "confidence": 1.0},
        {"document": doc_id, "start": 11, "end": 16, "text": "Japan", "actor": "JPN", "kind": "state",
         "method": "dictionary", "confidence": 1.0},
    ])
    base = {"document": doc_id, "cameo": "112", "root": "11", "quad_class": 3, "goldstein": -2.0,
            "plover": "ACCUSE", "date_precision": "day", "modality": "asserted", "confidence": 0.9,
            "coder": "test", "documents": 1, "publishers": 1}
    conn.execute(insert(events), [  # type: ignore[attr-defined]
        {**base, "id": "ev1", "source_actor": "evil_actor", "target_actor": "JPN", "source_code": "RUSGOV",
         "target_code": "JPN", "date": "2019-05-30", "start": 0, "end": script_at + 10, "trigger": SCRIPT},
        {**base, "id": "ev2", "source_actor": "JPN", "target_actor": "evil_actor", "source_code": "JPN",
         "target_code": "RUS", "date": "2019-05", "start": 5, "end": 40, "trigger": "=HYPERLINK(\"x\")"},
    ])
    conn.execute(insert(quotes), [{  # type: ignore[attr-defined]
        "id": "q1", "document": doc_id, "speaker": "evil_actor", "speaker_name": ATTR, "text": ATTR,
        "direct": True, "partial": False, "start": script_at, "end": script_at + 40,
    }])
    conn.execute(insert(stories), [{"id": "s1", "title": HOSTILE_TITLE, "first_date": "2019-05-30",  # type: ignore[attr-defined]
                                    "last_date": "2019-05-30", "created_at": datetime.now(UTC)}])
    conn.execute(insert(commitments), [{  # type: ignore[attr-defined]
        "id": "c1", "document": doc_id, "parties": json.dumps(["evil_actor", "JPN"]), "action": f"meet {SCRIPT}",
        "kind": "intention", "made": "2019-05-30", "due": "2020", "start": 30, "end": 60, "status": "overdue",
        "status_as_of": "2021-01-01", "status_evidence": json.dumps([ATTR]),
    }])
