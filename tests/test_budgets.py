"""Per-document time budgets at ingest: a stall in reading or in extraction costs its document, not the batch."""

from __future__ import annotations

import time

import pytest

from dyad.actors import load_dictionary
from dyad.extract import annotate as annotate_module
from dyad.ingest import work as run_module
from dyad.model import Document, Failure, Published, RawItem
from dyad.settings import load_settings


def _doc(doc_id: str, text: str) -> Document:
    return Document(id=doc_id, source=f"{doc_id}.txt", part=0, text=text, raw_sha256="0" * 64,
                    published=Published("2021-05-03", "day", "metadata"), language="en")


def _stall_on(word: str, real):  # type: ignore[no-untyped-def]
    """Wrap a step so that it loops in Python when its input holds `word`, as a pathological text can."""
    def step(first, *args, **kwargs):  # type: ignore[no-untyped-def]
        text = first.text if hasattr(first, "text") else first.data.decode()
        while word in text:
            time.sleep(0.01)
        return real(first, *args, **kwargs)
    return step


def test_a_stalled_extraction_fails_its_document_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(annotate_module, "EXTRACT_SECONDS", 3.0)  # the first document also loads data files
    monkeypatch.setattr(annotate_module, "annotate", _stall_on("STALL", annotate_module.annotate))
    docs = [_doc("good", "Norway's foreign minister met her Finnish counterpart in Oslo on Monday."),
            _doc("bad", "STALL. The minister said so.")]
    started = time.monotonic()
    found, failed = annotate_module.annotate_documents(docs, load_dictionary())
    assert time.monotonic() - started < 30
    assert set(found) == {"good"}, failed
    assert [(d.id, "took more than 3 s" in why) for d, why in failed] == [("bad", True)]


def test_a_stalled_reading_fails_its_file_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(run_module, "CLEAN_SECONDS", 3.0)  # the first file also loads the outlet tables
    monkeypatch.setattr(run_module, "process_raw", _stall_on("STALL", run_module.process_raw))
    settings = load_settings()
    good = run_module.process_one(RawItem("good.txt", "good.txt", b"Norway met Finland in Oslo.", "text"), settings)
    bad = run_module.process_one(RawItem("bad.txt", "bad.txt", b"STALL here", "text"), settings)
    assert isinstance(bad, Failure) and "took more than 3 s" in bad.reason
    assert not isinstance(good, Failure)


def test_a_stalled_reading_in_a_worker_thread_fails_its_file_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a Dask worker runs ingest's per-document stage: in a thread of a pool, where no signal reaches."""
    from concurrent.futures import ThreadPoolExecutor

    monkeypatch.setattr(run_module, "CLEAN_SECONDS", 3.0)
    monkeypatch.setattr(run_module, "process_raw", _stall_on("STALL", run_module.process_raw))
    settings = load_settings()
    raws = [RawItem("bad.txt", "bad.txt", b"STALL here", "text"),
            RawItem("good.txt", "good.txt", b"Norway met Finland in Oslo.", "text")]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=1) as pool:
        bad, good = pool.map(lambda raw: run_module.process_one(raw, settings), raws)
    assert time.monotonic() - started < 30
    assert isinstance(bad, Failure) and "took more than 3 s" in bad.reason
    assert not isinstance(good, Failure)
