"""Write what a store holds in the exchange formats of DESIGN.md.

    records.py   the record types (document, actor, event, quote, meeting): fields,
                 value types, and a reader that streams each from the store
    jsonl.py     JSONL: one record per line with a "type" (the DESIGN.md contract)
    tabular.py   CSV and Parquet: one file per record type in a folder
    gdelt.py     TSV in the GDELT 2.0 event table's 61 columns (events only)

Every writer streams: records are read from the store in batches and written
as they come, so exporting never holds the store in memory (meetings are the
records linking stored, read a page at a time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from dyad.errors import ConfigError
from dyad.export.gdelt import export_gdelt
from dyad.export.jsonl import export_documents_jsonl, export_jsonl, write_jsonl_line
from dyad.export.records import RECORD_TYPES, RecordType, document_record
from dyad.export.tabular import export_csv, export_parquet
from dyad.store import Store

__all__ = [
    "FORMATS",
    "RECORD_TYPES",
    "ExportFormat",
    "RecordType",
    "document_record",
    "export",
    "export_documents_jsonl",
    "export_jsonl",
    "write_jsonl_line",
]


@dataclass(frozen=True)
class ExportFormat:
    """One output format: what it writes into and which record types it holds."""

    name: str
    write: Callable[..., dict[str, int]]
    folder: bool  # writes one file per record type into a folder
    types: tuple[str, ...]  # the record types it can hold, in output order

    def pick(self, wanted: Iterable[str] | None) -> list[str]:
        """Check the requested record types against this format; default to all it holds."""
        if not wanted:
            return list(self.types)
        asked = {w.strip().lower() for w in wanted}
        unknown = sorted(asked - set(RECORD_TYPES))
        if unknown:
            raise ConfigError(
                f"There is no record type {', '.join(map(repr, unknown))}. "
                f"Choose from: {', '.join(RECORD_TYPES)}."
            )
        refused = sorted(asked - set(self.types))
        if refused:
            raise ConfigError(
                f"The {self.name} format holds only {', '.join(self.types)} records, "
                f"not {', '.join(refused)}. Use --format jsonl, csv or parquet for those."
            )
        return [kind for kind in self.types if kind in asked]


ALL_TYPES = tuple(RECORD_TYPES)
FORMATS: dict[str, ExportFormat] = {
    "jsonl": ExportFormat("jsonl", export_jsonl, folder=False, types=ALL_TYPES),
    "csv": ExportFormat("csv", export_csv, folder=True, types=ALL_TYPES),
    "parquet": ExportFormat("parquet", export_parquet, folder=True, types=ALL_TYPES),
    "gdelt": ExportFormat("gdelt", export_gdelt, folder=False, types=("event",)),
}


def export(
    store: Store,
    fmt: str,
    out: TextIO | str | Path,
    *,
    types: Iterable[str] | None = None,
    header: bool = False,
) -> dict[str, int]:
    """Write a store in the named format; return the count written per record type.

    Args:
        store: the store to read.
        fmt: the format name, as given to `dyad export --format`: jsonl, csv,
            parquet or gdelt.
        out: for jsonl and gdelt, a text stream or a file path; for csv and
            parquet, a folder (created if missing) that gets one file per
            type, e.g. `events.csv`. CSV of a single type may go to a stream.
        types: the record types to write (document, actor, event, quote,
            meeting); default every type the format holds.
        header: gdelt only: start with a line of the codebook's column names.

    Returns:
        How many records of each type were written, e.g. {"document": 12, "event": 40}.
    """
    form = FORMATS.get(fmt.strip().lower())
    if form is None:
        raise ConfigError(f"Cannot export as {fmt!r}. Supported formats: {', '.join(FORMATS)}.")
    kinds = form.pick(types)
    extra: dict[str, Any] = {"header": header} if form.name == "gdelt" else {}
    if isinstance(out, str | Path):
        path = Path(out)
        if form.folder and path.exists() and not path.is_dir():
            raise ConfigError(
                f"{path} is a file, but the {form.name} format writes one file per record type "
                "into a folder. Give -o a folder (it is created if missing)."
            )
        if form.folder:
            return form.write(store, path, kinds, **extra)
        with path.open("w", encoding="utf-8", newline="") as handle:
            return form.write(store, handle, kinds, **extra)
    if form.name == "parquet" or (form.folder and len(kinds) != 1):
        raise ConfigError(
            f"The {form.name} format writes one file per record type, so it needs a folder: "
            "give -o FOLDER" + (", or pick one type with --type." if form.name == "csv" else ".")
        )
    return form.write(store, out, kinds, **extra)
