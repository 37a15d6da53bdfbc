"""Insert many rows through the database driver, past SQLAlchemy's per-row work.

A batch of 200 documents writes some 60,000 band rows and 20,000
annotation rows; SQLAlchemy's processing of each row's parameters took
about as long as the database took to insert them. Values of plain columns
(text, numbers, booleans) need no conversion on either engine, so rows of
tables made only of those go to the driver's executemany as tuples.
"""

from __future__ import annotations

from itertools import chain
from operator import itemgetter
from typing import Any

from sqlalchemy import Boolean, Connection, Float, Integer, String, Table

# SQLite takes up to 32,766 parameters a statement; rows go this many at a time, fewer when wide.
SQLITE_PARAMETERS = 32_000
ROWS_A_STATEMENT = 1_000


def insert_many(conn: Connection, into: str, rows: list[tuple[Any, ...]], *, ignore: bool = False) -> None:
    """Insert rows of plain values, in the order of the columns `into` names, skipping clashes when asked.

    `ON CONFLICT DO NOTHING` reads the same on SQLite and PostgreSQL. SQLite
    gets many rows a statement: a table with triggers (`events`, which keeps
    dyad_months) makes each statement open a statement journal, a temporary
    file, and one statement a row cost 50 µs a row for that alone (10,000
    events: 0.84 s, against 0.29 s in statements of 1,000 rows).
    """
    if not rows:
        return
    conflict = " ON CONFLICT DO NOTHING" if ignore else ""
    if conn.dialect.paramstyle != "qmark":
        values = ", ".join(["%s"] * len(rows[0]))
        conn.exec_driver_sql(f"INSERT INTO {into} VALUES ({values}){conflict}", rows)
        return
    row = "(" + ", ".join(["?"] * len(rows[0])) + ")"
    step = max(1, min(ROWS_A_STATEMENT, SQLITE_PARAMETERS // len(rows[0])))
    for start in range(0, len(rows), step):
        part = rows[start : start + step]
        conn.exec_driver_sql(f"INSERT INTO {into} VALUES {', '.join([row] * len(part))}{conflict}",
                             tuple(chain.from_iterable(part)))


_PLAIN = (Integer, Float, String, Boolean)  # Text is a String


def insert_rows(conn: Connection, table: Table, rows: list[dict[str, Any]], insert: Any) -> None:
    """Insert rows given as dicts (all with the same keys), skipping those clashing with a unique key.

    Through the driver when every column written is plain, with the
    defaults SQLAlchemy would have filled in for the columns a row leaves
    out; otherwise through `insert(table)`, the duplicate-skipping INSERT.
    """
    if not rows:
        return
    given = rows[0].keys()
    defaults = {c.name: c.default.arg for c in table.columns  # type: ignore[attr-defined]
                if c.name not in given and c.default is not None and c.default.is_scalar}
    columns = [c for c in table.columns if c.name in given or c.name in defaults]
    if not set(given) <= set(table.columns.keys()) or not all(isinstance(c.type, _PLAIN) for c in columns):
        conn.execute(insert(table), rows)
        return
    quote = conn.dialect.identifier_preparer.quote
    names = ", ".join(quote(c.name) for c in columns)
    if defaults:
        values = [tuple(row[c.name] if c.name in given else defaults[c.name] for c in columns) for row in rows]
    else:  # every column given: one C-level pick per row
        pick = itemgetter(*(c.name for c in columns))
        values = [pick(row) if len(columns) > 1 else (pick(row),) for row in rows]
    insert_many(conn, f"{quote(table.name)} ({names})", values, ignore=True)
