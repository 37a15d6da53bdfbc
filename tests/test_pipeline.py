"""The run's parts that the engines share: the catch-up reads unanalysed documents a page at a time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import event

import dyad
from dyad.settings import Settings
from dyad.store import Store


def _pages(tmp_path: Path, count: int) -> list[str]:
    paths = []
    for n in range(count):
        path = tmp_path / f"note{n}.txt"
        path.write_text(f"Officials of two states met in Geneva on day {n} to discuss border crossing number {n}.\n",
                        encoding="utf-8")
        paths.append(str(path))
    return paths


def test_unanalysed_documents_are_read_a_page_at_a_time(tmp_path: Path) -> None:
    db = str(tmp_path / "store.db")
    assert dyad.ingest(_pages(tmp_path, 5), db, settings=Settings(analyse=False, link=False)).ok
    with Store.open(db) as store:
        every = [doc.id for doc in store.iter_documents()]
        limits: list[Any] = []

        def seen(_conn: Any, _cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
            if "FROM documents" in statement and "analyses" in statement:
                limits.append(statement.count("LIMIT"))

        event.listen(store._engine, "before_cursor_execute", seen)
        pages = store.unanalysed("some version", batch=2)
        first = next(pages)
        assert len(limits) == 1  # one page read, not the store
        rest = list(pages)
        assert [first.id, *(doc.id for doc in rest)] == sorted(every)
        assert limits == [1, 1, 1]  # 2 + 2 + 1 documents: three pages, each with its limit
        assert [doc.text for doc in rest][-1].startswith("Officials")
        assert list(store.unanalysed("some version", batch=10)) != [] and len(limits) == 4
