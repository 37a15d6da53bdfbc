"""Run the per-document stages on a Dask cluster, one task per input shard; load the results here.

    client: input files ──► one task per shard (a JSONL, WARC or Parquet file)
    worker: read the shard with Dyad's readers → process + analyse in chunks
            → a Parquet file of results (raw item, documents, annotations)
    client: load each result file, in input order, batch by batch into the
            store (`add_batch`, one transaction each), linking as it goes;
            then the usual catch-up

The worker runs exactly the function the local engine runs (`work_batch`),
so a Dask run stores what a local one stores. Only the client writes the
store. With `--scheduler`, workers on other machines must see the input
paths and the results folder (created in the current folder): run from a
shared filesystem.

Result columns hold pickled records, not JSON: the records are nested
dataclasses, the files are temporary, and the same Dyad version writes and
reads them within one run.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.parquet as pq

from dyad.actors import Actor, ActorDictionary
from dyad.actors.stored import with_imported
from dyad.caches import Bounded
from dyad.errors import ConfigError, brief
from dyad.ingest.decode import KIND_BY_SUFFIX
from dyad.ingest.document import Processed
from dyad.ingest.read import _parse_record, read_inputs
from dyad.ingest.work import BatchWork, batches, work_batch
from dyad.model import Failure, RawItem
from dyad.settings import Settings

if TYPE_CHECKING:
    from dyad.pipeline import Run

PARQUET = (".parquet", ".pq")
SHARD_KINDS = ("jsonl", "warc")
CONNECT_TIMEOUT = "10s"
# Raw inputs per chunk a Dask task analyses and writes as one group of result rows.
SHARD_CHUNK = 32


@dataclass
class ShardDone:
    """What one shard task did: where its results are, and what failed in it."""

    shard: str
    results: str
    inputs: int = 0
    failures: list[Failure] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


# -- shards --------------------------------------------------------------------


def find_shards(paths: Iterable[str]) -> list[str]:
    """List the shard files under the paths (folders walked, sorted); refuse what cannot be sharded."""
    shards: list[str] = []
    for path in paths:
        if path == "-":
            raise ConfigError("--engine dask cannot read stdin. Save it to a .jsonl file and name the file.")
        if os.path.isdir(path):
            shards.extend(p for p in _walk(Path(path)) if _shardable(p))
        elif not os.path.exists(path):
            raise ConfigError(f"{path}: no such file or folder; check the path.")
        elif _shardable(path):
            shards.append(os.path.abspath(path))
        else:
            raise ConfigError(
                f"{path} cannot be a Dask shard: shards are JSONL, WARC or Parquet files. "
                "Pack single pages into JSONL (one article per line), or use --workers N on this machine."
            )
    return shards


def _walk(folder: Path) -> Iterator[str]:
    """Yield every file under a folder in name order, skipping hidden entries."""
    for entry in sorted(folder.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            yield from _walk(entry)
        else:
            yield str(entry.resolve())


def _shardable(path: str) -> bool:
    """Tell whether a file is a container of many articles, which one task can read alone."""
    lowered = path.lower()
    if lowered.endswith(PARQUET):
        return True
    return any(lowered.endswith(suffix) and kind in SHARD_KINDS for suffix, kind in KIND_BY_SUFFIX)


def read_shard(path: str, settings: Settings) -> Iterator[RawItem | Failure]:
    """Read one shard with Dyad's readers; a Parquet row is read like a JSONL line."""
    if path.lower().endswith(PARQUET):
        yield from read_parquet(path)
    else:
        yield from read_inputs([path], settings)


def read_parquet(path: str, rows_per_read: int = 256) -> Iterator[RawItem | Failure]:
    """Yield one record per Parquet row holding JSONL's article fields (text or html, url, title…)."""
    try:
        table = pq.ParquetFile(path)
    except (OSError, ValueError) as exc:
        yield Failure(path, f"is not a readable Parquet file ({exc}); check the file")
        return
    row = 0
    for batch in table.iter_batches(batch_size=rows_per_read):
        for fields in batch.to_pylist():
            row += 1
            present = {key: value for key, value in fields.items() if value is not None}
            line = json.dumps(present, sort_keys=True, ensure_ascii=False, default=str).encode("utf-8")
            yield _parse_record(line, f"{path}:row{row}", path)


# -- the task (runs on a Dask worker) ------------------------------------------

Imported = tuple[str, list[Actor]]  # a fingerprint, and the actors a user imported into the store
_dictionaries: Bounded[str, ActorDictionary] = Bounded(1)  # the run's; a new run's replaces it


def _worker_dictionary(imported: Imported) -> ActorDictionary:
    """Build the actor dictionary once per worker process and keep it for the run's later shards."""
    key, actors = imported
    found = _dictionaries.get(key)
    if found is None:
        found = _dictionaries.put(key, with_imported(actors))
    return found


def process_shard(index: int, shard: str, out_dir: str, settings: Settings, imported: Imported | None) -> ShardDone:
    """Read, process and analyse one shard in chunks, writing a Parquet file of results."""
    dictionary = _worker_dictionary(imported) if imported is not None else None
    done = ShardDone(shard, os.path.join(out_dir, f"{index:06d}-{os.path.basename(shard)}.parquet"))
    with pq.ParquetWriter(done.results, _SCHEMA) as writer:
        for chunk in batches(read_shard(shard, settings), SHARD_CHUNK, done):
            work = work_batch(chunk, settings, dictionary)
            done.failures.extend(work.failures)
            done.notices.extend(work.notices)
            writer.write_table(pa.Table.from_pylist(_rows(work), schema=_SCHEMA))
    return done


_SCHEMA = pa.schema(
    [("sha256", pa.string()), ("raw", pa.binary()), ("documents", pa.binary()), ("annotations", pa.binary())]
)


def _rows(work: BatchWork) -> list[dict[str, Any]]:
    """Turn a chunk's results into rows: one per raw input, with its documents and their annotations."""
    rows = []
    for processed in work.done:
        found = {doc.id: work.found[doc.id] for doc in processed.documents if doc.id in work.found}
        rows.append({
            "sha256": processed.raw.sha256,
            "raw": pickle.dumps(processed.raw),
            "documents": pickle.dumps(processed.documents),
            "annotations": pickle.dumps(found),
        })
    return rows


# -- the client ----------------------------------------------------------------


class Dask:
    """The per-document work as Dask tasks, one per shard; the run loads each shard's results, in input order."""

    def __init__(self, scheduler: str | None = None) -> None:
        self.scheduler = scheduler

    def works(self, run: Run, paths: Iterable[str]) -> Iterator[BatchWork]:
        """Refuse what cannot be sharded now, before the run does anything; then map the shards."""
        return self._works(run, find_shards(paths))

    def _works(self, run: Run, shards: list[str]) -> Iterator[BatchWork]:
        settings = run.settings
        imported = _fingerprinted(run.resources.imported) if settings.analyse else None
        with ExitStack() as stack:
            client = _client(stack, self.scheduler, settings.workers)
            out_dir = tempfile.mkdtemp(prefix=".dyad-shards-", dir=os.getcwd())
            stack.callback(shutil.rmtree, out_dir, ignore_errors=True)
            shared = client.scatter(imported, broadcast=True) if imported is not None else None
            futures = [
                client.submit(process_shard, n, shard, out_dir, settings, shared, pure=False)
                for n, shard in enumerate(shards)
            ]
            for shard, future in zip(shards, futures, strict=True):
                yield from _load(run, shard, future)
                future.release()


def _fingerprinted(actors: list[Actor]) -> Imported:
    """Pair the imported actors with a fingerprint, so a long-lived worker rebuilds its dictionary only for new ones."""
    return hashlib.sha256(pickle.dumps(actors)).hexdigest(), actors


def _client(stack: ExitStack, scheduler: str | None, workers: int) -> Any:
    """Connect to the scheduler given, or start a local cluster of `workers` single-thread processes."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ConfigError(
            "--engine dask needs Dask distributed, which is not installed. "
            "Install it with `pip install 'dask[distributed]'`, or use --workers N on this machine."
        ) from None
    if scheduler is None:
        cluster = stack.enter_context(
            LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None)
        )
        return stack.enter_context(Client(cluster))
    try:
        return stack.enter_context(Client(scheduler, timeout=CONNECT_TIMEOUT))
    except (OSError, TimeoutError, ValueError) as exc:
        raise ConfigError(
            f"Cannot reach the Dask scheduler at {scheduler} ({exc}). Check the address "
            "(tcp://host:8786) and that `dask scheduler` runs there, or leave out --scheduler "
            "to start a cluster on this machine."
        ) from None


def _load(run: Run, shard: str, future: Any) -> Iterator[BatchWork]:
    """Wait for one shard's task and yield its results for the store, one batch at a time."""
    report = run.report
    try:
        done: ShardDone = future.result()
    except Exception as exc:  # one shard's crash must not stop the others: report it and go on
        report.failures.append(Failure(shard, f"could not be processed on Dask ({brief(exc)})"))
        return
    report.inputs += done.inputs
    report.failures.extend(done.failures)
    report.notices.extend(done.notices)
    if not os.path.exists(done.results):
        raise ConfigError(
            f"A Dask worker wrote {done.results}, which this machine cannot see. "
            "With --scheduler, run from a folder the workers share (a network filesystem)."
        )
    for processed, found in _result_batches(done.results, run.settings.batch_size):
        fresh = {raw.sha256 for raw in run.fresh([p.raw for p in processed])}
        kept = [p for p in processed if p.raw.sha256 in fresh]
        yield BatchWork(done=kept, found=found)
    os.remove(done.results)


def _result_batches(path: str, size: int) -> Iterator[tuple[list[Processed], dict[str, Any]]]:
    """Read a results file back, `size` raw inputs at a time, as processed items and annotations."""
    for batch in pq.ParquetFile(path).iter_batches(batch_size=size):
        processed: list[Processed] = []
        found: dict[str, Any] = {}
        for row in batch.to_pylist():
            processed.append(Processed(pickle.loads(row["raw"]), pickle.loads(row["documents"])))
            found.update(pickle.loads(row["annotations"]))
        yield processed, found
