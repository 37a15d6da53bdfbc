"""The Python API: what `import dyad` offers beyond the records themselves."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from dyad.errors import ConfigError
from dyad.parallel import check_workers
from dyad.pipeline import IngestReport, ingest_into
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
    engine: str = "local",
    scheduler: str | None = None,
) -> IngestReport:
    """Ingest files, folders or `-` (stdin) into a store and return the run's report.

    Args:
        paths: one path or many; folders are read recursively.
        db: the store; defaults as in `open`.
        settings: settings to use instead of those from dyad.toml and DYAD_* variables;
            `settings.workers` processes do the per-document work.
        stdin: the stream `-` reads (default: the process's standard input).
        progress: show a progress line on a terminal.
        engine: "local" (this machine's processes) or "dask" (a Dask cluster, over
            JSONL, WARC or Parquet shards).
        scheduler: with engine "dask", the address of a running scheduler
            (`tcp://host:8786`); a local cluster of `settings.workers` when None.

    Returns:
        An IngestReport; `report.failures` names each input that failed and why.
    """
    settings = settings or load_settings()
    if isinstance(paths, str):
        paths = [paths]
    check_engine(engine, scheduler, settings.workers)
    with Store.open(db or settings.db) as store, Progress("Ingesting", enabled=None if progress else False) as bar:
        if engine == "dask":
            from dyad.distributed import Dask

            return ingest_into(store, paths, settings, progress=bar, mapper=Dask(scheduler))
        return ingest_into(store, paths, settings, stdin=stdin, progress=bar)


def check_engine(engine: str, scheduler: str | None, workers: int) -> None:
    """Refuse an unknown engine, a scheduler without Dask, or fewer than one worker."""
    check_workers(workers)
    if engine not in ("local", "dask"):
        raise ConfigError(f"Unknown engine {engine!r}. Use `local` (this machine) or `dask` (a Dask cluster).")
    if scheduler and engine != "dask":
        raise ConfigError("--scheduler needs --engine dask: give both, or neither to ingest on this machine.")
