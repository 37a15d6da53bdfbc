"""`dyad ingest --workers 2` leaves no process behind, however it is stopped: a real run in a subprocess."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

DYAD = Path(sys.executable).parent / "dyad"
PLACES = ["Oslo", "Riga", "Vilnius", "Tallinn", "Helsinki", "Warsaw"]


def _articles(path: Path, count: int) -> None:
    """Write `count` short made-up articles, one JSONL line each: enough work to still be busy when stopped."""
    with path.open("w", encoding="utf-8") as out:
        for i in range(count):
            place = PLACES[i % len(PLACES)]
            text = (f"The foreign ministers of Norway and Latvia met in {place} on {1 + i % 28} March 2022 "
                    f"for talks numbered {i}. They agreed to meet again in {PLACES[(i + 1) % len(PLACES)]}. "
                    "Latvia accused Russia of cutting a cable in the Baltic Sea. ") * 4
            out.write(json.dumps({"text": text, "title": f"Talks {i} in {place}"}) + "\n")


def _wait_for_workers(main: subprocess.Popen[bytes], workers: int) -> list[psutil.Process]:
    """Wait until the ingest has its forkserver and workers running; return every process under it."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        assert main.poll() is None, main.stderr.read().decode() if main.stderr else "exited"
        below = psutil.Process(main.pid).children(recursive=True)
        forkservers = [p for p in below if any("forkserver" in part for part in p.cmdline())]
        if forkservers and len(forkservers[0].children()) >= workers:
            time.sleep(1)  # the workers are at work
            return below
        time.sleep(0.2)
    raise AssertionError("the workers did not start within 120 s")


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=["kill-9", "term", "int"])
def test_no_process_outlives_a_stopped_ingest(tmp_path: Path, how: signal.Signals) -> None:
    _articles(tmp_path / "articles.jsonl", 600)
    # SIGINT as a terminal gives it: a test run in the background inherits it ignored, and so would the ingest.
    main = subprocess.Popen([str(DYAD), "--db", str(tmp_path / "dyad.db"), "ingest", "--workers", "2",
                             str(tmp_path / "articles.jsonl")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        below = _wait_for_workers(main, 2)
        main.send_signal(how)
        code = main.wait(timeout=30)
        stopped = time.monotonic()
        _, alive = psutil.wait_procs(below, timeout=5)
        assert not alive, f"{[p.cmdline()[:3] for p in alive]} still running {time.monotonic() - stopped:.1f} s after"
    finally:
        if main.poll() is None:
            main.kill()
    assert code == {signal.SIGKILL: -9, signal.SIGTERM: 143, signal.SIGINT: 1}[how]
    if how != signal.SIGKILL:
        assert b"Traceback" not in (main.stderr.read() if main.stderr else b"")
