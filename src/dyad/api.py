"""The Python API: what `import dyad` offers beyond the records themselves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from dyad.ingest.run import IngestReport, ingest_into
from dyad.progress import Progress
from dyad.settings import Settings, load_settings
from dyad.store import Store


def open(db: str | None = None, *, readonly: bool = False, create: bool = True) -> Store:  # noqa: A001
    """Open a store (a SQLite path or a postgresql:// URL; default from settings).

    Args:
        db: where the store is; `DYAD_DB`, then `dyad.toml`, then `./dyad.db` when None.
        readonly: open without the right to write (the web app does).
        create: create the store when it does not exist yet.

    Returns:
        A Store; use it as a context manager or call `close()`.
    """
    return Store.open(db or load_settings().db, readonly=readonly, create=create)


def ingest(
    paths: Iterable[str] | str,
    db: str | None = None,
    *,
    settings: Settings | None = None,
    stdin: BinaryIO | None = None,
    progress: bool = False,
) -> IngestReport:
    """Ingest files, folders or `-` (stdin) into a store and return the run's report.

    Args:
        paths: one path or many; folders are read recursively.
        db: the store; defaults as in `open`.
        settings: settings to use instead of those from dyad.toml and DYAD_* variables.
        stdin: the stream `-` reads (default: the process's standard input).
        progress: show a progress line on a terminal.

    Returns:
        An IngestReport; `report.failures` names each input that failed and why.
    """
    settings = settings or load_settings()
    if isinstance(paths, str):
        paths = [paths]
    with Store.open(db or settings.db) as store, Progress("Ingesting", enabled=None if progress else False) as bar:
        return ingest_into(store, paths, settings, stdin=stdin, progress=bar)
