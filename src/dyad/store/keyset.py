"""Read a query's rows a batch per short query, each starting after the last row of the one before (keyset).

Offsets rescan every skipped row and one long cursor holds a read
transaction open while the caller works; a keyset page does neither. The
order's columns must be unique together and ascending; a computed key
(`func.coalesce(made, "")`) is given labelled and selected, so each
page's last row carries the value the next page starts after.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sqlalchemy import Engine, Select, tuple_

from dyad.store.engine import reading

# Rows per query when streaming: a thousand keeps each query short and the queries few.
BATCH = 1000


def keyset(engine: Engine, query: Select[Any], order: tuple[Any, ...], batch: int = BATCH) -> Iterator[Any]:
    """Yield a query's rows `batch` at a time, each batch a short query after the last row's `order` columns."""
    after: tuple[Any, ...] | None = None
    while True:
        page = query.order_by(*order).limit(batch)
        if after is not None:
            page = page.where(tuple_(*(_key(column) for column in order)) > tuple_(*after))
        with reading(engine) as conn:
            rows = conn.execute(page).all()
        yield from rows
        if len(rows) < batch:
            return
        after = tuple(getattr(rows[-1], column.name) for column in order)


def _key(column: Any) -> Any:
    """Compare on a labelled key's expression: a WHERE clause cannot name a select's label on every engine."""
    return getattr(column, "element", column)
