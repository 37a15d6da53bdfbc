"""Write records as tables: one CSV or Parquet file per record type.

Both take their columns from the record declarations (dyad.export.records): the
JSONL fields without `"type"`, which the file name carries instead
(`events.csv`, `events.parquet`). Files go into one folder.

CSV cells: empty for null, `true`/`false` for booleans, and list fields
(`cites`, `aliases`, `participants`, `documents`, `roles`) as JSON text, e.g.
`["JPN","RUS"]`, because names may hold any separator one would join with.

Parquet columns are typed: int64, float64, bool, string, list<string> for list
fields and list<struct> for an actor's roles. Rows are written in row groups of
ROW_GROUP records, so a large store never sits in memory.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from dyad.export.records import RECORD_TYPES, Record, RecordType
from dyad.store import Store

ROW_GROUP = 2000  # records per Parquet row group; a few MB at most with document text
ROLE_FIELDS = ("role", "role_key", "country", "sector", "start", "end")


def table_path(folder: Path, kind: str, suffix: str) -> Path:
    """Name the file that holds one record type: `events.csv` for events."""
    return folder / f"{kind}s.{suffix}"


def csv_cell(value: Any, value_type: str) -> str:
    """Render one value as CSV text: lists as JSON, booleans as true/false, null as empty."""
    if value is None:
        return ""
    if value_type in ("list", "roles"):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if value_type == "bool":
        return "true" if value else "false"
    return str(value)


def write_csv_table(kind: RecordType, records: Iterator[Record], out: TextIO) -> int:
    """Write one record type as CSV with a header row; return how many rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(kind.columns)
    count = 0
    for record in records:
        writer.writerow([csv_cell(record[name], value_type) for name, value_type in kind.fields])
        count += 1
    return count


def export_csv(store: Store, out: Path | TextIO, types: Sequence[str]) -> dict[str, int]:
    """Write each named record type to its own CSV file in a folder (or one type to a stream)."""
    if not isinstance(out, Path):
        (only,) = types  # the caller allows a stream for exactly one type
        return {only: write_csv_table(RECORD_TYPES[only], RECORD_TYPES[only].read(store), out)}
    out.mkdir(parents=True, exist_ok=True)
    counts = {}
    for name in types:
        kind = RECORD_TYPES[name]
        with table_path(out, name, "csv").open("w", encoding="utf-8", newline="") as handle:
            counts[name] = write_csv_table(kind, kind.read(store), handle)
    return counts


def arrow_schema(kind: RecordType) -> Any:
    """Build the Parquet schema of a record type from its declared value types."""
    import pyarrow as pa

    role = pa.struct([(name, pa.string()) for name in ROLE_FIELDS])
    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "float": pa.float64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
        "roles": pa.list_(role),
    }
    return pa.schema([(name, types[value_type]) for name, value_type in kind.fields])


def write_parquet_table(kind: RecordType, records: Iterator[Record], path: Path) -> int:
    """Write one record type as a Parquet file, a row group at a time; return how many rows."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(kind)
    count = 0
    with pq.ParquetWriter(path, schema) as writer:
        while chunk := list(islice(records, ROW_GROUP)):
            rows = [{name: record[name] for name in kind.columns} for record in chunk]
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            count += len(rows)
        if count == 0:
            writer.write_table(schema.empty_table())  # an empty store still gives a typed file
    return count


def export_parquet(store: Store, out: Path, types: Sequence[str]) -> dict[str, int]:
    """Write each named record type to its own Parquet file in a folder."""
    out.mkdir(parents=True, exist_ok=True)
    return {
        name: write_parquet_table(
            RECORD_TYPES[name], RECORD_TYPES[name].read(store), table_path(out, name, "parquet")
        )
        for name in types
    }
