"""Hostile and broken files beside good ones: the good are stored unchanged, the bad named, the run says so.

The inputs are fuzz_inputs' fixed set (long lines and space-less runs, NUL
bytes, deep markup, cut gzip, JSONL and WARC files, mixed encodings, odd
names, empty files, random bytes, a text over the parser's limit) and a
symbolic link out of the folder.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from dyad import api
from dyad.cli import main
from dyad.export import export
from dyad.ingest.read import printable
from dyad.store import Store
from fuzz_inputs import MUST_FAIL, write_good, write_hostile

# The whole test (three ingests, one of them of the good files only) took 13-22 s on a busy 2-core machine.
BUDGET = 60


def _records(db: str) -> set[str]:
    out = io.StringIO()
    with Store.open(db, readonly=True) as store:
        export(store, "jsonl", out)
    return set(out.getvalue().splitlines())


def _stored_sources(db: str) -> set[str]:
    with Store.open(db, readonly=True) as store:
        return {doc.source for doc in store.iter_documents()}


def _failed(output: str) -> dict[str, str]:
    """Read the run's summary: failed location -> reason, one line each (locations have no ': ')."""
    failed = {}
    for line in output.splitlines():
        if line.startswith("failed: "):
            location, _, reason = line.removeprefix("failed: ").partition(": ")
            failed[location] = reason
    return failed


def _named(name: str, failed: dict[str, str]) -> str | None:
    """Find the reason a file (or any of its records, `name:3` / `name#2`) was given."""
    return next((reason for location, reason in failed.items()
                 if location == name or location.startswith((name + ":", name + "#"))), None)


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_hostile_files_beside_good_ones(tmp_path: Path) -> None:
    started = time.monotonic()
    folder = tmp_path / "inputs"
    good = write_good(folder)
    expected = write_hostile(folder)
    outside = tmp_path / "secret.txt"
    outside.write_text("A private file outside the folder being read, never to be stored.", encoding="utf-8")
    (folder / "link.txt").symlink_to(outside)
    expected[b"link.txt"] = MUST_FAIL
    names = {printable(os.path.join(str(folder), os.fsdecode(name))): how for name, how in expected.items()}

    # The good files alone, named one by one: the records they make.
    alone = str(tmp_path / "alone.db")
    report = api.ingest([str(folder / name) for name in good], alone)
    assert report.ok, report.failures
    clean = _records(alone)

    # The whole folder in one run: good files stored as alone, bad ones named, the run failed.
    mixed = str(tmp_path / "mixed.db")
    result = CliRunner().invoke(main, ["--db", mixed, "ingest", str(folder)])
    assert result.exit_code == 1, result.output
    failed = _failed(result.output)
    stored = _stored_sources(mixed)
    assert {str(folder / name) for name in good} <= stored
    for name, how in names.items():
        reason = _named(name, failed)
        assert reason or (how != MUST_FAIL and name in stored), f"{name!r} neither stored nor named"
        if reason:
            assert len(reason) > 10 and "internal error" not in reason, reason
    assert str(outside) not in stored and not any("private file" in r for r in _records(mixed))
    assert clean <= _records(mixed), sorted(clean - _records(mixed))[:3]

    # The same folder into the store of the good files: their records do not change.
    again = api.ingest([str(folder)], alone)
    assert not again.ok and again.already_stored >= len(good)
    assert clean <= _records(alone), sorted(clean - _records(alone))[:3]
    assert time.monotonic() - started < BUDGET
