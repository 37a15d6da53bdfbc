"""Page sizes and keyset paging, shared by every query that lists rows.

A list is read a page at a time: `clamp` caps what a caller asks for
(MAX_PAGE rows, MAX_OFFSET skipped), and `keyset` walks a whole table in
short queries, each starting after the last row of the one before, so no
read transaction stays open while the caller works and no query holds more
than a batch.
"""

from __future__ import annotations

from dyad.store.keyset import BATCH, keyset

__all__ = ["MAX_OFFSET", "MAX_PAGE", "STREAM_BATCH", "clamp", "keyset"]

# 500 rows: a page a browser renders at once; the API's `limit` is capped here too.
MAX_PAGE = 500
# Deep offsets cost a scan of every skipped row; past this, filter instead.
MAX_OFFSET = 100_000
STREAM_BATCH = BATCH


def clamp(limit: int, offset: int = 0) -> tuple[int, int]:
    """Clamp a page request to the caps, whatever the caller asked."""
    return max(1, min(limit, MAX_PAGE)), max(0, min(offset, MAX_OFFSET))
