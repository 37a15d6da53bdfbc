"""Tests for reading files, folders, stdin, JSONL and WARC into RawItems and Failures."""

from __future__ import annotations

import gzip
import io
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dyad.ingest import read as read_module
from dyad.ingest.read import read_inputs
from dyad.model import Failure, RawItem
from dyad.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
DEFAULT = Settings()
ARTICLE = b"The foreign ministers of Norland and Estavia met in Vell on Thursday.\n"


def read_all(*paths: str | Path, limit: int | None = None, stdin: Any = None) -> list[Any]:
    """Read paths to a list, with an optional lower document size limit."""
    chosen = DEFAULT.with_overrides(max_document_bytes=limit)
    return list(read_inputs([str(p) for p in paths], chosen, stdin=stdin))


def only_failure(results: list[Any]) -> Failure:
    """Return the single Failure among results, failing the test when there is not exactly one."""
    failures = [r for r in results if isinstance(r, Failure)]
    assert len(failures) == 1, failures
    return failures[0]


def make_warc(records: list[tuple[str, str, str, bytes]], compress: bool = True) -> bytes:
    """Write (type, uri, content type, body) records to WARC bytes; HTTP status goes first in type."""
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=compress)
    for rec_type, uri, content_type, body in records:
        if rec_type == "resource":
            record = writer.create_warc_record(
                uri, "resource", payload=io.BytesIO(body), warc_content_type=content_type
            )
        else:
            status = rec_type.split()[0]
            headers = StatusAndHeaders(
                f"{status} X", [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                uri, "response", payload=io.BytesIO(body), http_headers=headers
            )
        writer.write_record(record)
    return out.getvalue()


# ---- files and folders -------------------------------------------------------


@pytest.mark.parametrize(
    "name, kind", [("a.txt", "text"), ("a.html", "html"), ("a.HTM", "html"), ("a.xhtml", "html")]
)
def test_single_file_becomes_one_item(tmp_path: Path, name: str, kind: str) -> None:
    path = tmp_path / name
    path.write_bytes(ARTICLE)
    [item] = read_all(path)
    assert item == RawItem(source=str(path), location=str(path), data=ARTICLE, kind=kind)


def test_read_inputs_is_lazy() -> None:
    results = read_inputs(["/no/such/path"], DEFAULT)
    assert isinstance(results, Iterator) and not isinstance(results, list)


def test_folder_is_walked_sorted_recursively_skipping_hidden_and_unknown(tmp_path: Path) -> None:
    for rel in [
        "b.txt",
        "a.html",
        "sub/c.txt",
        "sub/deeper/d.htm",
        "notes.md",
        "image.png",
        ".hidden.txt",
        ".git/e.txt",
        "sub/.cache/f.txt",
    ]:
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(ARTICLE)
    results = read_all(tmp_path)
    names = [Path(r.location).relative_to(tmp_path).as_posix() for r in results]
    assert names == ["a.html", "b.txt", "sub/c.txt", "sub/deeper/d.htm"]
    assert all(isinstance(r, RawItem) for r in results)


def test_symlink_loop_is_not_followed_forever(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_bytes(ARTICLE)
    (tmp_path / "sub" / "back").symlink_to(tmp_path, target_is_directory=True)
    (tmp_path / "self").symlink_to("self")  # a link to itself: stat fails with ELOOP
    results = read_all(tmp_path)
    assert [r.location for r in results if isinstance(r, RawItem)] == [
        str(tmp_path / "sub" / "a.txt")
    ]


def test_symlinks_out_of_the_folder_are_named_not_followed(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_bytes(b"root:x:0:0:root:/root:/bin/bash\n")
    crawl = tmp_path / "crawl"
    (crawl / "pages").mkdir(parents=True)
    (crawl / "pages" / "a.txt").write_bytes(ARTICLE)
    (crawl / "planted.txt").symlink_to(outside / "secret.txt")
    (crawl / "elsewhere").symlink_to(outside, target_is_directory=True)
    (crawl / "same.txt").symlink_to(crawl / "pages" / "a.txt")  # inside the folder: read
    results = read_all(crawl)
    read = sorted(r.location for r in results if isinstance(r, RawItem))
    assert read == [str(crawl / "pages" / "a.txt"), str(crawl / "same.txt")]
    refused = {r.location: r.reason for r in results if isinstance(r, Failure)}
    assert set(refused) == {str(crawl / "planted.txt"), str(crawl / "elsewhere")}
    assert all("outside the folder" in reason for reason in refused.values())
    assert any(isinstance(r, RawItem) for r in read_all(crawl / "planted.txt"))  # named by the user: read


def test_fixture_folder_yields_every_good_item_despite_bad_ones() -> None:
    results = read_all(FIXTURES)
    items = [r for r in results if isinstance(r, RawItem)]
    failures = [r for r in results if isinstance(r, Failure)]
    assert {Path(i.location.split(":")[0].split("#")[0]).name for i in items} == {
        "binary.txt",
        "news_article.html",
        "records.jsonl",
        "sample.warc.gz",
        "scripts_only.html",
        "windows1252.txt",
    }
    assert len(items) == 3 + 2 + 4  # JSONL records, WARC pages, the four plain files
    assert sorted(Path(f.location).name for f in failures) == [
        "empty.txt",
        "records.jsonl:3",
        "records.jsonl:4",
        "records.jsonl:6",
        "records.jsonl:8",
    ]


def test_missing_path_fails_with_its_name() -> None:
    failure = only_failure(read_all("/no/such/file.txt", FIXTURES / "news_article.html"))
    assert failure.location == "/no/such/file.txt"
    assert failure.reason.startswith("no such file or folder")


def test_empty_file_fails(tmp_path: Path) -> None:
    for name in ["e.txt", "e.jsonl", "e.warc.gz"]:
        (tmp_path / name).write_bytes(b"")
        assert read_all(tmp_path / name) == [Failure(str(tmp_path / name), "file is empty")]


def test_whitespace_only_file_fails(tmp_path: Path) -> None:
    (tmp_path / "w.txt").write_bytes(b" \n\n\t ")
    assert only_failure(read_all(tmp_path / "w.txt")).reason == "file is empty"


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_fails(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(ARTICLE)
    path.chmod(0)
    assert only_failure(read_all(path)).reason.startswith("permission denied")


def test_permission_error_becomes_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(ARTICLE)

    def refuse(*args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(read_module, "open", refuse, raising=False)
    failure = only_failure(read_all(path))
    assert failure.location == str(path)
    assert failure.reason.startswith("permission denied")


def test_fifo_fails_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    failure = only_failure(read_all(fifo))
    assert failure.reason.startswith("is a pipe, not a regular file")


def test_device_fails() -> None:
    failure = only_failure(read_all("/dev/null"))
    assert failure == Failure("/dev/null", failure.reason)
    assert failure.reason.startswith("is a device")


def test_unknown_extension_named_explicitly_is_sniffed(tmp_path: Path) -> None:
    page = tmp_path / "page.bin"
    page.write_bytes((FIXTURES / "news_article.html").read_bytes())
    records = tmp_path / "export.log"
    records.write_bytes(b'{"text": "one"}\n{"text": "two"}\n')
    plain = tmp_path / "README"
    plain.write_bytes(ARTICLE)
    warc = tmp_path / "crawl.dat"
    warc.write_bytes((FIXTURES / "sample.warc.gz").read_bytes())
    results = read_all(page, records, plain, warc)
    assert [(r.kind, r.location) for r in results] == [
        ("html", str(page)),
        ("record", f"{records}:1"),
        ("record", f"{records}:2"),
        ("text", str(plain)),
        ("html", f"{warc}#0"),
        ("html", f"{warc}#567"),
    ]


def test_unknown_gzip_named_explicitly_fails(tmp_path: Path) -> None:
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(b"<html><body><p>x</p></body></html>"))
    assert "decompress it first" in only_failure(read_all(path)).reason


def test_reader_keeps_binary_bytes_for_later_stages() -> None:
    [item] = read_all(FIXTURES / "binary.txt")
    assert item.kind == "text" and item.data.startswith(b"\x89PNG")


# ---- size limit --------------------------------------------------------------


def test_file_over_limit_fails_without_reading(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 3_000_000)
    monkeypatch.setattr(read_module, "open", None, raising=False)  # opening would crash
    failure = only_failure(read_all(path, limit=1_000_000))
    assert failure.location == str(path)
    assert failure.reason == (
        "file is 3 MB, over the 1 MB limit; raise DYAD_MAX_DOCUMENT_BYTES to read it"
    )


@pytest.mark.slow
def test_real_50_mb_file_fails_on_default_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.html"
    with open(path, "wb") as out:
        chunk = b"<p>" + b"The ministers met again. " * 40_000 + b"</p>\n"
        while out.tell() < 50_000_000:
            out.write(chunk)
        out.truncate(50_000_000)
    started = time.monotonic()
    failure = only_failure(read_all(path))
    assert time.monotonic() - started < 1.0
    assert failure.reason == (
        "file is 50 MB, over the 20 MB limit; raise DYAD_MAX_DOCUMENT_BYTES to read it"
    )


def test_limit_counts_bytes_exactly(tmp_path: Path) -> None:
    path = tmp_path / "edge.txt"
    path.write_bytes(b"y" * 100)
    assert isinstance(read_all(path, limit=100)[0], RawItem)
    assert "over the 99 bytes limit" in only_failure(read_all(path, limit=99)).reason


def test_jsonl_line_over_limit_fails_and_file_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    long_line = b'{"text": "' + b"z" * 5000 + b'"}\n'
    path.write_bytes(b'{"text": "short"}\n' + long_line + b'{"text": "after"}\n')
    results = read_all(path, limit=1000)
    assert [r.location for r in results] == [f"{path}:1", f"{path}:2", f"{path}:3"]
    assert results[1] == Failure(
        f"{path}:2",
        "line is 5,013 bytes, over the 1,000 bytes limit; raise DYAD_MAX_DOCUMENT_BYTES to read it",
    )
    assert results[2].fields == {"text": "after"}


def test_warc_record_over_limit_fails_and_file_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "c.warc.gz"
    path.write_bytes(
        make_warc(
            [
                ("200", "https://a.example/big", "text/html", b"<p>" + b"w" * 5000 + b"</p>"),
                ("200", "https://a.example/small", "text/html", b"<p>small page</p>"),
            ]
        )
    )
    results = read_all(path, limit=1000)
    assert isinstance(results[0], Failure) and "over the 1,000 bytes limit" in results[0].reason
    assert results[0].location.startswith(f"{path}#")
    assert isinstance(results[1], RawItem) and results[1].source == "https://a.example/small"


def test_stdin_over_limit_fails() -> None:
    failure = only_failure(read_all("-", limit=1000, stdin=io.BytesIO(b"x" * 5000)))
    assert failure.location == "<stdin>" and "over the 1,000 bytes limit" in failure.reason


# ---- JSONL -------------------------------------------------------------------


def test_jsonl_fixture_line_by_line() -> None:
    path = str(FIXTURES / "records.jsonl")
    results = read_all(path)
    assert [(type(r).__name__, r.location) for r in results] == [
        ("RawItem", f"{path}:1"),
        ("RawItem", f"{path}:2"),
        ("Failure", f"{path}:3"),
        ("Failure", f"{path}:4"),
        ("Failure", f"{path}:6"),  # line 5 is blank and skipped
        ("RawItem", f"{path}:7"),
        ("Failure", f"{path}:8"),
    ]
    first, second = results[0], results[1]
    assert first.source == "https://wire.example.net/2019/05/ministers-meet"
    assert first.kind == "record"
    assert first.fields["byline"] == "Tomas Reyl" and first.fields["published"] == "2019-05-30"
    assert first.data == Path(path).read_bytes().splitlines()[0]
    assert second.source == path and second.fields["html"].startswith("<html>")
    assert results[2].reason.startswith("has neither a `text` nor an `html` field")
    assert results[3].reason.startswith("not valid JSON (Unterminated string")
    assert results[4].reason.startswith("is a JSON list, not an object")
    assert results[6].reason.startswith("has neither a `text` nor an `html` field")


def test_jsonl_gz_and_ndjson(tmp_path: Path) -> None:
    body = b'{"text": "one", "url": "https://a.example/1"}\r\n{"html": "<p>two</p>"}'
    (tmp_path / "a.jsonl.gz").write_bytes(gzip.compress(body))
    (tmp_path / "b.ndjson").write_bytes(body)
    results = read_all(tmp_path)
    assert [r.source for r in results] == [
        "https://a.example/1",
        str(tmp_path / "a.jsonl.gz"),
        "https://a.example/1",
        str(tmp_path / "b.ndjson"),
    ]
    assert results[0].data == b'{"text": "one", "url": "https://a.example/1"}'


def test_truncated_jsonl_gz_keeps_lines_read(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "line %d of a long export"}\n' % n for n in range(2000))
    whole = gzip.compress(lines)
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(whole[: len(whole) // 2])
    results = read_all(path)
    failure = only_failure(results)
    assert failure.location == str(path)
    assert failure.reason.startswith("truncated or damaged gzip after ")
    assert len(results) > 100 and all(isinstance(r, RawItem) for r in results[:-1])


def test_jsonl_is_streamed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "many.jsonl"
    path.write_bytes(b"".join(b'{"text": "item %05d"}\n' % n for n in range(10_000)))
    size = path.stat().st_size
    handles: list[Any] = []

    def tracking_open(*args: Any, **kwargs: Any) -> Any:
        handle = open(*args, **kwargs)  # noqa: SIM115 - closed by the reader
        handles.append(handle)
        return handle

    monkeypatch.setattr(read_module, "open", tracking_open, raising=False)
    results = read_inputs([str(path)], DEFAULT)
    first = next(results)
    assert isinstance(first, RawItem) and first.fields == {"text": "item 00000"}
    assert handles[0].tell() < size / 4  # only a buffer's worth has been read
    assert sum(1 for _ in results) == 9_999


class CountingStream(io.RawIOBase):
    """A stdin stand-in that counts the bytes taken from it."""

    def __init__(self, data: bytes) -> None:
        self.source = io.BytesIO(data)
        self.taken = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.source.read(min(len(buffer), 4096))
        buffer[: len(data)] = data
        self.taken += len(data)
        return len(data)


def test_stdin_jsonl_is_streamed() -> None:
    data = b"".join(b'{"text": "item %05d"}\n' % n for n in range(10_000))
    stream = CountingStream(data)
    results = read_inputs(["-"], DEFAULT, stdin=stream)  # type: ignore[arg-type]
    first = next(results)
    assert isinstance(first, RawItem)
    assert first.location == "<stdin>:1" and first.source == "<stdin>"
    assert stream.taken < len(data) / 4
    assert sum(1 for _ in results) == 9_999


# ---- WARC --------------------------------------------------------------------


def test_warc_fixture_yields_html_responses_only() -> None:
    path = str(FIXTURES / "sample.warc.gz")
    results = read_all(path)
    assert [(r.kind, r.source, r.location) for r in results] == [
        ("html", "https://ledger.example.org/world/2021/03/strait-talks", f"{path}#0"),
        ("html", "https://ledger.example.org/world/2021/04/navy-exercise", f"{path}#567"),
    ]
    assert results[0].fields == {"url": "https://ledger.example.org/world/2021/03/strait-talks"}
    assert b"Negotiators from Norland and Estavia" in results[0].data
    assert results[0].data.startswith(b"<html>")  # the payload, not the HTTP headers


def test_warc_keeps_html_resources_and_skips_errors(tmp_path: Path) -> None:
    path = tmp_path / "mixed.warc"
    path.write_bytes(
        make_warc(
            [
                ("404", "https://a.example/missing", "text/html", b"<p>Not found</p>"),
                ("resource", "file:///saved/page.html", "text/html", b"<p>Saved page</p>"),
                ("200", "https://a.example/style.css", "text/css", b"p { color: red }"),
                (
                    "200",
                    "https://a.example/page",
                    "application/xhtml+xml; charset=utf-8",
                    b"<p>x</p>",
                ),
            ],
            compress=False,
        )
    )
    results = read_all(path)
    assert [r.source for r in results] == ["file:///saved/page.html", "https://a.example/page"]


@pytest.mark.parametrize("compress", [True, False], ids=["warc.gz", "warc"])
def test_truncated_warc_keeps_records_read(tmp_path: Path, compress: bool) -> None:
    pages = [
        ("200", f"https://a.example/{n}", "text/html", b"<p>page %d</p>" % n * 40) for n in range(3)
    ]
    whole = make_warc(pages, compress=compress)
    path = tmp_path / ("cut.warc.gz" if compress else "cut.warc")
    path.write_bytes(whole[: len(whole) * 5 // 6])  # cut inside the third record
    results = read_all(path)
    assert [r.source for r in results[:-1]] == ["https://a.example/0", "https://a.example/1"]
    assert results[-1] == Failure(
        str(path), "truncated WARC/gzip after 2 records; re-create or re-download it"
    )


def test_fixture_warc_cut_is_reported(tmp_path: Path) -> None:
    whole = (FIXTURES / "sample.warc.gz").read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(whole[:1000])
    results = read_all(path)
    assert len(results) == 2 and results[0].source.endswith("strait-talks")
    assert results[1].reason.startswith("truncated WARC/gzip after 1 records")


def test_not_a_warc_fails(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_bytes(b"This is a plain note, not an archive.\n")
    failure = only_failure(read_all(path))
    assert failure.location == str(path) and failure.reason.startswith("is not a WARC or ARC file")


# ---- stdin -------------------------------------------------------------------


@pytest.mark.parametrize(
    "fixture, kinds",
    [
        ("news_article.html", ["html"]),
        ("windows1252.txt", ["text"]),
        ("records.jsonl", ["record", "record", None, None, None, "record", None]),
        ("sample.warc.gz", ["html", "html"]),
    ],
)
def test_stdin_is_sniffed(fixture: str, kinds: list[str | None]) -> None:
    data = (FIXTURES / fixture).read_bytes()
    results = read_all("-", stdin=io.BytesIO(data))
    assert [getattr(r, "kind", None) for r in results] == kinds
    assert all(r.location.startswith("<stdin>") for r in results)
    if kinds == ["html"]:
        assert results[0] == RawItem("<stdin>", "<stdin>", data, "html")


def test_stdin_gzipped_jsonl() -> None:
    data = gzip.compress(b'{"text": "one"}\n{"text": "two"}\n')
    results = read_all("-", stdin=io.BytesIO(data))
    assert [r.location for r in results] == ["<stdin>:1", "<stdin>:2"]


def test_empty_stdin_fails() -> None:
    failure = only_failure(read_all("-", stdin=io.BytesIO(b"")))
    assert failure.location == "<stdin>" and "empty" in failure.reason


def test_stdin_mixed_with_paths(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(ARTICLE)
    results = read_all(tmp_path / "a.txt", "-", stdin=io.BytesIO(b"From stdin."))
    assert [r.source for r in results] == [str(tmp_path / "a.txt"), "<stdin>"]


# ---- never crash -------------------------------------------------------------

SUFFIXES = ["a.txt", "a.html", "a.jsonl", "a.jsonl.gz", "a.warc.gz", "a.warc", "noext"]


@pytest.fixture(scope="module")
def fuzz_dir() -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="dyad-read-fuzz-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def prefixed_bytes() -> st.SearchStrategy[bytes]:
    """Arbitrary bytes, some starting like the formats the reader knows."""
    starts = st.sampled_from([b"", b"\x1f\x8b\x08\x00", b"WARC/1.0\r\n", b'{"text": "', b"<html>"])
    return st.tuples(starts, st.binary(max_size=1500)).map(lambda pair: pair[0] + pair[1])


@settings(
    max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=prefixed_bytes(), name=st.sampled_from(SUFFIXES))
def test_reader_never_raises_on_any_bytes(fuzz_dir: Path, data: bytes, name: str) -> None:
    path = fuzz_dir / name
    path.write_bytes(data)
    for result in read_inputs([str(path), "-"], DEFAULT, stdin=io.BytesIO(data)):
        assert isinstance(result, RawItem | Failure)
        if isinstance(result, Failure):
            assert result.location.startswith((str(path), "<stdin>")) and result.reason


def test_file_name_that_is_not_utf8_is_read_and_named_readably(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path) + b"/in"
    os.mkdir(folder)
    with open(folder + b"/caf\xe9.txt", "wb") as handle:  # a Latin-1 name
        handle.write(ARTICLE)
    (item,) = read_all(tmp_path / "in")
    assert isinstance(item, RawItem)
    assert item.location == str(tmp_path / "in" / "caf\\xe9.txt")
    item.location.encode("utf-8")  # storable and printable
