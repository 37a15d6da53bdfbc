"""The events that count between each pair of states, summed per month and quad class, kept by the database.

A dyad's page, its JSON twin, the dyads listing and the home page's top pairs
all show sums over the events that count (dyad.store.counts): grouping them
from the events on each request read every event of a pair (50,000 for the
busiest at a million events, 10-100 ms) and every event of the store for the
top pairs (a quarter of a second). `dyad_months` holds those sums, one row
per pair (the events' `dyad` column), month ("YYYY-MM", or "" for an event
dated only to a year, to an ISO week, or not at all) and quad class: a pair's
page reads at most a few hundred rows.

The database keeps it: triggers on `events` (rows added, removed, or changed
in a column the sums read) and on `documents` (a document becoming a copy of
another, or ceasing to be one, or removed) change the sums in the same
statement, so in the same transaction as the write, whatever code writes. So
the table always equals what `recount` groups from the events now, and every
view reading it shows the numbers a fresh GROUP BY would (a test checks this
after ingests, re-ingests, copies and deletions, on both engines). A row
whose count falls to zero is removed, as a GROUP BY would have no such row.
On PostgreSQL rows added or removed by one statement (an ingest's batch, a
COPY) are summed once per statement, from its transition table.

Goldstein sums are floating point, changed by each write: they may differ
from a fresh sum in the last bits, never at the two decimals views show.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, func, select

from dyad.store.counts import COUNTED_MODALITIES, counted_events
from dyad.store.engine import reading
from dyad.store.schema import dyad_months, events

MIGRATION = "0020_dyad_months"
_MODALITIES = ", ".join(f"'{name}'" for name in COUNTED_MODALITIES)


def month_sql(column: str) -> str:
    """The month an event's date falls in, as SQL over `column`: "YYYY-MM", or "" for no month.

    The same test as a dyad's months listed before this table: at least seven
    characters, a month 01-12 in place (so "2013-W44" and "2019" have none).
    """
    return (f"CASE WHEN length({column}) >= 7 AND {column} >= '0' AND substr({column}, 6, 2) >= '01' "
            f"AND substr({column}, 6, 2) <= '12' THEN substr({column}, 1, 7) ELSE '' END")


def _counts(row: str) -> str:
    """SQL telling whether the event `row` (new, old, or a table alias) counts: a pair, a counted modality, no copy."""
    return (f"{row}.dyad IS NOT NULL AND {row}.modality IN ({_MODALITIES}) AND NOT EXISTS "
            f"(SELECT 1 FROM documents AS d WHERE d.id = {row}.document AND d.duplicate_of IS NOT NULL)")


def _add_grouped(source: str, where: str) -> str:
    """SQL adding the events of `source` that match `where`, grouped, to the sums (rows made as needed)."""
    return (f"INSERT INTO dyad_months (dyad, month, quad_class, events, goldstein) "
            f"SELECT e.dyad, {month_sql('e.date')}, e.quad_class, count(*), sum(e.goldstein) FROM {source} AS e "
            f"WHERE {where} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3 "
            "ON CONFLICT (dyad, month, quad_class) DO UPDATE SET events = dyad_months.events + excluded.events, "
            "goldstein = dyad_months.goldstein + excluded.goldstein")


def _take_grouped(source: str, where: str) -> list[str]:
    """SQL taking the events of `source` that match `where`, grouped, off the sums, and removing rows left at zero."""
    gone = (f"SELECT e.dyad AS dyad, {month_sql('e.date')} AS month, e.quad_class AS quad_class, count(*) AS n, "
            f"sum(e.goldstein) AS g FROM {source} AS e WHERE {where} GROUP BY 1, 2, 3")
    keys = "dyad_months.dyad = gone.dyad AND dyad_months.month = gone.month AND dyad_months.quad_class = gone.quad_class"
    return [
        f"UPDATE dyad_months SET events = dyad_months.events - gone.n, goldstein = dyad_months.goldstein - gone.g "
        f"FROM ({gone}) AS gone WHERE {keys}",
        # Only the rows just changed: a look-up each, not a pass over the table.
        f"DELETE FROM dyad_months WHERE events <= 0 AND (dyad, month, quad_class) IN "
        f"(SELECT e.dyad, {month_sql('e.date')}, e.quad_class FROM {source} AS e WHERE {where})",
    ]


# Columns of an event the sums read: changing any moves the event from one row of sums to another.
_READ = "dyad, date, quad_class, goldstein, modality, document"
_ADD_ONE = ("INSERT INTO dyad_months (dyad, month, quad_class, events, goldstein) VALUES "
            "({row}.dyad, {month}, {row}.quad_class, 1, {row}.goldstein) ON CONFLICT (dyad, month, quad_class) "
            "DO UPDATE SET events = dyad_months.events + 1, goldstein = dyad_months.goldstein + excluded.goldstein")
_TAKE_ONE = ("UPDATE dyad_months SET events = events - 1, goldstein = goldstein - {row}.goldstein "
             "WHERE dyad = {row}.dyad AND month = {month} AND quad_class = {row}.quad_class")
_DROP_EMPTY = ("DELETE FROM dyad_months WHERE dyad = {row}.dyad AND month = {month} "
               "AND quad_class = {row}.quad_class AND events <= 0")


def _one(template: str, row: str) -> str:
    return template.format(row=row, month=month_sql(f"{row}.date"))


def _sqlite_triggers() -> list[str]:
    """SQLite's triggers: one row at a time (SQLite has no statement triggers)."""
    take_old = f"{_one(_TAKE_ONE, 'old')}; {_one(_DROP_EMPTY, 'old')};"
    of_document = "e.document = {row}.id AND e.dyad IS NOT NULL AND e.modality IN (" + _MODALITIES + ")"
    copied = of_document.format(row="new")
    return [
        f"CREATE TRIGGER dyad_months_insert AFTER INSERT ON events WHEN {_counts('new')} "
        f"BEGIN {_one(_ADD_ONE, 'new')}; END",
        f"CREATE TRIGGER dyad_months_delete AFTER DELETE ON events WHEN {_counts('old')} BEGIN {take_old} END",
        f"CREATE TRIGGER dyad_months_update_old AFTER UPDATE OF {_READ} ON events WHEN {_counts('old')} "
        f"BEGIN {take_old} END",
        f"CREATE TRIGGER dyad_months_update_new AFTER UPDATE OF {_READ} ON events WHEN {_counts('new')} "
        f"BEGIN {_one(_ADD_ONE, 'new')}; END",
        # A document made a copy: its events no longer count. No longer a copy, or gone: they count again.
        "CREATE TRIGGER dyad_months_copy AFTER UPDATE OF duplicate_of ON documents "
        "WHEN old.duplicate_of IS NULL AND new.duplicate_of IS NOT NULL "
        f"BEGIN {'; '.join(_take_grouped('events', copied))}; END",
        "CREATE TRIGGER dyad_months_original AFTER UPDATE OF duplicate_of ON documents "
        "WHEN old.duplicate_of IS NOT NULL AND new.duplicate_of IS NULL "
        f"BEGIN {_add_grouped('events', copied)}; END",
        "CREATE TRIGGER dyad_months_copy_removed AFTER DELETE ON documents WHEN old.duplicate_of IS NOT NULL "
        f"BEGIN {_add_grouped('events', of_document.format(row='old'))}; END",
    ]


def _postgresql_triggers() -> list[str]:
    """PostgreSQL's triggers: rows added or removed summed per statement (transition tables), changes per row."""
    counted = _counts("e")
    of_document = "e.document = {row}.id AND e.dyad IS NOT NULL AND e.modality IN (" + _MODALITIES + ")"

    def function(name: str, body: list[str]) -> str:
        statements = " ".join(f"{statement};" for statement in body)
        return (f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {statements} RETURN NULL; END $$")

    changed_old = f"IF {_counts('OLD')} THEN {_one(_TAKE_ONE, 'OLD')}; {_one(_DROP_EMPTY, 'OLD')}; END IF"
    changed_new = f"IF {_counts('NEW')} THEN {_one(_ADD_ONE, 'NEW')}; END IF"
    copy = (f"IF OLD.duplicate_of IS NULL AND NEW.duplicate_of IS NOT NULL THEN "
            f"{'; '.join(_take_grouped('events', of_document.format(row='NEW')))}; "
            f"ELSIF OLD.duplicate_of IS NOT NULL AND NEW.duplicate_of IS NULL THEN "
            f"{_add_grouped('events', of_document.format(row='NEW'))}; END IF")
    removed = f"IF OLD.duplicate_of IS NOT NULL THEN {_add_grouped('events', of_document.format(row='OLD'))}; END IF"
    return [
        function("dyad_months_added", [_add_grouped("added", counted)]),
        function("dyad_months_removed", _take_grouped("removed", counted)),
        function("dyad_months_changed", [changed_old, changed_new]),
        function("dyad_months_copy", [copy]),
        function("dyad_months_copy_removed", [removed]),
        "CREATE TRIGGER dyad_months_insert AFTER INSERT ON events REFERENCING NEW TABLE AS added "
        "FOR EACH STATEMENT EXECUTE FUNCTION dyad_months_added()",
        "CREATE TRIGGER dyad_months_delete AFTER DELETE ON events REFERENCING OLD TABLE AS removed "
        "FOR EACH STATEMENT EXECUTE FUNCTION dyad_months_removed()",
        f"CREATE TRIGGER dyad_months_update AFTER UPDATE OF {_READ} ON events "
        "FOR EACH ROW EXECUTE FUNCTION dyad_months_changed()",
        "CREATE TRIGGER dyad_months_copy AFTER UPDATE OF duplicate_of ON documents "
        "FOR EACH ROW EXECUTE FUNCTION dyad_months_copy()",
        "CREATE TRIGGER dyad_months_copy_removed AFTER DELETE ON documents "
        "FOR EACH ROW EXECUTE FUNCTION dyad_months_copy_removed()",
    ]


def create(conn: Connection) -> None:
    """Make the table and its triggers, and sum the events already stored into it (migration 0020)."""
    dyad_months.create(conn, checkfirst=True)
    conn.exec_driver_sql("DELETE FROM dyad_months")
    conn.exec_driver_sql(_add_grouped("events", _counts("e")))
    postgresql = conn.dialect.name == "postgresql"
    for statement in _postgresql_triggers() if postgresql else _sqlite_triggers():
        conn.exec_driver_sql(statement)


def recount(engine: Engine) -> dict[tuple[str, str, int], tuple[int, float]]:
    """Group the events that count from the events themselves, as the table should hold them (for checks)."""
    month = func.substr(events.c.date, 1, 7)
    has_month = ((func.length(events.c.date) >= 7) & (events.c.date >= "0")
                 & (func.substr(events.c.date, 6, 2) >= "01") & (func.substr(events.c.date, 6, 2) <= "12"))
    query = (select(events.c.dyad, has_month.label("has"), month.label("month"), events.c.quad_class,
                    func.count().label("n"), func.sum(events.c.goldstein).label("g"))
             .where(events.c.dyad.is_not(None), counted_events())
             .group_by(events.c.dyad, has_month, month, events.c.quad_class))
    found: dict[tuple[str, str, int], tuple[int, float]] = {}
    with reading(engine) as conn:
        for row in conn.execute(query):
            key = (row.dyad, row.month if row.has else "", int(row.quad_class))
            n, g = found.get(key, (0, 0.0))
            found[key] = (n + int(row.n), g + float(row.g or 0))
    return found


def held(engine: Engine) -> dict[tuple[str, str, int], tuple[int, float]]:
    """Read the table as it is: (pair, month, quad class) -> (events, Goldstein sum)."""
    with reading(engine) as conn:
        rows: Any = conn.execute(select(dyad_months))
        return {(r.dyad, r.month, int(r.quad_class)): (int(r.events), float(r.goldstein)) for r in rows}
