"""Page sizes and keyset paging, shared by every query that lists rows.

A list is read a page at a time: `clamp` caps what a caller asks for
(MAX_PAGE rows, MAX_OFFSET skipped), and `keyset` walks a whole table in
short queries, each starting after the last row of the one before, so no
read transaction stays open while the caller works and no query holds more
than a batch.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, Select, tuple_

from dyad.store.engine import reading

# 500 rows: a page a browser renders at once; the API's `limit` is capped here too.
MAX_PAGE = 500
# Deep offsets cost a scan of every skipped row; past this, filter instead.
MAX_OFFSET = 100_000
STREAM_BATCH = 1000


def clamp(limit: int, offset: int = 0) -> tuple[int, int]:
    """Clamp a page request to the caps, whatever the caller asked."""
    return max(1, min(limit, MAX_PAGE)), max(0, min(offset, MAX_OFFSET))


def keyset(engine: Engine, query: Select[Any], order: tuple[Any, ...], batch: int = STREAM_BATCH) -> Iterator[Any]:
    """Yield a query's rows `batch` at a time, each batch a short query after the last row's `order` columns."""
    after: tuple[Any, ...] | None = None
    while True:
        page = query.order_by(*order).limit(batch)
        if after is not None:
            page = page.where(tuple_(*order) > tuple_(*after))
        with reading(engine) as conn:
            rows = conn.execute(page).all()
        yield from rows
        if len(rows) < batch:
            return
        after = tuple(getattr(rows[-1], column.name) for column in order)
