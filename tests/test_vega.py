"""The charts' Vega bundle: made by a child process (the server's requests go on meanwhile), kept in the user's
cache under vl-convert's version, its tag known before it is made."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
import vl_convert

from dyad.errors import DyadError
from dyad.web import answers, vega


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache directory of the user's, and a process that has not made the bundle yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(vega, "_made", None)
    return tmp_path / "cache"


def test_the_bundle_is_made_by_another_process_while_this_one_goes_on(cache: Path) -> None:
    gaps: list[float] = []
    done = threading.Event()

    def tick() -> None:  # a stand-in for the server's event loop: it must keep its turns
        last = time.perf_counter()
        while not done.is_set():
            time.sleep(0.01)
            now = time.perf_counter()
            gaps.append(now - last)
            last = now

    ticking = threading.Thread(target=tick)
    ticking.start()
    try:
        made = vega.bundle()
    finally:
        done.set()
        ticking.join()
    assert made == vl_convert.javascript_bundle().encode("utf-8")  # type: ignore[call-arg]  # snippet is optional
    # Made in this process, the bundle held the interpreter for its whole 3-4 s; the ticks went on instead.
    assert len(gaps) > 20 and max(gaps) < 1.0
    assert (cache / "dyad" / f"vega-{vega._version()}.js").read_bytes() == made


def test_a_later_start_reads_the_kept_bundle(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    kept = vega.cache_file()
    kept.parent.mkdir(parents=True)
    kept.write_bytes(b"/* the bundle of this version */")

    def never() -> bytes:
        raise AssertionError("made again although kept")

    monkeypatch.setattr(vega, "_made_elsewhere", never)
    assert vega.bundle() == b"/* the bundle of this version */"
    assert vega.bundle() is vega.bundle()  # once a process


def test_a_cache_that_cannot_be_written_still_gives_the_bundle(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "a-file-not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    monkeypatch.setattr(vega, "_made", None)
    monkeypatch.setattr(vega, "_made_elsewhere", lambda: b"/* made */")
    assert vega.bundle() == b"/* made */"
    assert list(tmp_path.iterdir()) == [blocked]  # nothing half written left behind


def test_a_child_that_fails_says_why(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(vega, "_MAKE", "raise SystemExit('vl-convert is missing here')")
    with pytest.raises(DyadError, match="Vega bundle.*vl-convert is missing here"):
        vega.bundle()
    assert not vega.cache_file().exists()


def test_pages_name_the_bundles_version_before_it_is_made(cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def never() -> bytes:
        raise AssertionError("a page waited for the bundle")

    monkeypatch.setattr(vega, "_made_elsewhere", never)
    version = answers.static_version("vega.js")
    assert version == vega.tag()[1:9].decode() and len(version) == 8
    monkeypatch.setattr(vega, "_made_elsewhere", lambda: b"/* made */")
    answers.static_ready.cache_clear()
    try:
        served = answers.static_ready("vega.js")
        assert served.version == version and served.etag == vega.tag()
    finally:
        answers.static_ready.cache_clear()
