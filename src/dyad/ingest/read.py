"""Read inputs (files, folders, stdin, JSONL, WARC) into RawItems, one at a time.

The first ingest stage: it finds the units of input and keeps their bytes as
they are; decoding and HTML extraction happen per document, later. Every
problem with one input becomes a `Failure` naming the input and saying what to
do; the reader never raises for a bad input and never holds more than one
document in memory, so a 10 GB JSONL or WARC streams through.

    path "-"                  stdin, kind sniffed from its first bytes
    folder                    walked recursively, sorted, hidden entries skipped
    .txt / .html .htm .xhtml  one RawItem (kind "text" / "html")
    .jsonl .ndjson (.gz)      one RawItem (kind "record") per line
    .warc .arc (.gz)          one RawItem (kind "html") per HTML response record
"""

from __future__ import annotations

import errno
import gzip
import io
import json
import os
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from typing import Any, BinaryIO, TypeGuard

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.limitreader import LimitReader

from dyad.ingest.decode import KIND_BY_SUFFIX, SNIFF_BYTES, sniff_kind
from dyad.model import Failure, RawItem
from dyad.settings import Settings

STDIN = "<stdin>"
CHUNK = 1 << 20
HTML_TYPES = ("text/html", "application/xhtml+xml")

Result = RawItem | Failure


def read_inputs(
    paths: Iterable[str], settings: Settings, stdin: BinaryIO | None = None
) -> Iterator[RawItem | Failure]:
    """Yield every unit of input under the given paths, or a Failure saying why not.

    Args:
        paths: files, folders, or "-" for stdin, in the order given.
        settings: resolved settings; `max_document_bytes` caps each document.
        stdin: the stream "-" reads (defaults to the process's binary stdin).

    Returns:
        A lazy iterator: inputs are read only as items are consumed.
    """
    for path in paths:
        if path == "-":
            yield from _read_stdin(stdin if stdin is not None else sys.stdin.buffer, settings)
        else:
            yield from _read_path(path, settings)


def _read_path(path: str, settings: Settings) -> Iterator[Result]:
    """Read one path named by the user: a folder is walked, a file read whatever its name."""
    try:
        info = os.stat(path)
    except OSError as exc:
        yield Failure(printable(path), _os_reason(exc))
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, settings, set(), os.path.realpath(path))
    else:
        yield from _read_file(path, _kind_from_name(path), settings)


def _walk(folder: str, settings: Settings, seen: set[tuple[int, int]], root: str) -> Iterator[Result]:
    """Read every known file under a folder in name order, skipping hidden ones and loops.

    A symbolic link is followed only when it points inside the folder the user
    named (`root`): a link to /etc/passwd planted in a crawl's folder must not
    land in a store that `dyad serve` shows. Such a link is named as a failure.
    """
    try:
        info = os.stat(folder)
        key = (info.st_dev, info.st_ino)
        if key in seen:
            return  # a symbolic link back to a folder already being read
        seen.add(key)
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as exc:
        yield Failure(printable(folder), _os_reason(exc))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        is_dir = _is_dir(entry)
        kind = None if is_dir else _kind_from_name(entry.name)
        if not is_dir and kind is None:
            continue
        if entry.is_symlink() and not _inside(os.path.realpath(entry.path), root):
            yield Failure(printable(entry.path), _OUTSIDE_LINK)
        elif is_dir:
            yield from _walk(entry.path, settings, seen, root)
        else:
            yield from _read_file(entry.path, kind, settings)


_OUTSIDE_LINK = (
    "a symbolic link to a place outside the folder being read; not followed (name its target to read it)"
)


def _inside(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip(os.sep) + os.sep)


def printable(path: str) -> str:
    """Name a path that may hold bytes that are not UTF-8 (`caf\\xe9.txt`), so it can be stored and shown.

    Python reads such names with surrogate escapes, which no store or terminal
    accepts; the bytes come back as `\\xNN` escapes, readable and one-to-one.
    """
    try:
        path.encode("utf-8")
        return path
    except UnicodeEncodeError:
        return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _is_dir(entry: os.DirEntry[str]) -> bool:
    """Tell whether a folder entry is a folder (following links), treating errors as no."""
    try:
        return entry.is_dir()
    except OSError:
        return False


def _kind_from_name(name: str) -> str | None:
    """Tell the reader a file name calls for, or None when the extension is unknown."""
    lowered = name.lower()
    return next((kind for suffix, kind in KIND_BY_SUFFIX if lowered.endswith(suffix)), None)


def _read_file(path: str, kind: str | None, settings: Settings) -> Iterator[Result]:
    """Read one regular file with the reader its kind calls for (sniffed when None)."""
    try:
        info = os.stat(path)
        problem = _file_problem(info, kind, settings.max_document_bytes)
        if problem is None:
            with open(path, "rb") as stream:
                if kind is None:
                    kind = sniff_kind(stream.read(SNIFF_BYTES), path)
                    stream.seek(0)
                    problem = _file_problem(info, kind, settings.max_document_bytes)
                if problem is None:
                    yield from _read_stream(stream, kind, printable(path), settings)
        if problem is not None:
            yield Failure(printable(path), problem)
    except OSError as exc:
        yield Failure(printable(path), _os_reason(exc))


def _file_problem(info: os.stat_result, kind: str | None, limit: int) -> str | None:
    """Say why a file cannot be read, from its stat alone, before opening it."""
    if not stat.S_ISREG(info.st_mode):
        return _not_regular(info.st_mode)
    if info.st_size == 0:
        return "file is empty"
    if kind in ("text", "html") and info.st_size > limit:
        return _too_large("file", info.st_size, limit)
    return None


def _read_stdin(stream: BinaryIO, settings: Settings) -> Iterator[Result]:
    """Read stdin once, sniffing its kind from the first bytes and then streaming on."""
    try:
        head = _read_up_to(stream, SNIFF_BYTES)
        if not head:
            yield Failure(STDIN, "stdin is empty; pipe a file into `-` or name the file instead")
            return
        rejoined = io.BufferedReader(_Rejoined(head, stream), CHUNK)
        yield from _read_stream(rejoined, sniff_kind(head, ""), STDIN, settings)
    except OSError as exc:
        yield Failure(STDIN, _os_reason(exc))


def _read_stream(stream: BinaryIO, kind: str, name: str, settings: Settings) -> Iterator[Result]:
    """Dispatch an open binary stream to the reader for its kind."""
    if kind in ("text", "html"):
        yield _read_document(stream, kind, name, settings.max_document_bytes)
    elif kind == "jsonl":
        yield from _read_jsonl(stream, name, settings.max_document_bytes)
    elif kind == "warc":
        yield from _read_warc(stream, name, settings.max_document_bytes)
    else:
        yield Failure(
            name,
            "is gzip-compressed but holds neither WARC nor JSONL; "
            "decompress it first or name it .warc.gz / .jsonl.gz",
        )


def _read_document(stream: BinaryIO, kind: str, name: str, limit: int) -> Result:
    """Read a whole text or HTML input, refusing it past the size limit."""
    data = _read_up_to(stream, limit + 1)
    if len(data) > limit:
        size = len(data) + _drain(stream)
        return Failure(name, _too_large("file", size, limit))
    if not data.strip():
        return Failure(name, "file is empty")
    return RawItem(source=name, location=name, data=data, kind=kind)


# ---- JSONL -------------------------------------------------------------------


def _read_jsonl(stream: BinaryIO, name: str, limit: int) -> Iterator[Result]:
    """Yield one record per JSONL line; a bad line fails alone and the file goes on."""
    lines = _maybe_gunzip(stream)
    lineno = 0
    try:
        while line := lines.readline(limit + 1):
            lineno += 1
            location = f"{name}:{lineno}"
            if len(line) > limit and not line.endswith(b"\n"):
                size = len(line) + _drain_line(lines)
                yield Failure(location, _too_large("line", size, limit))
            elif line.strip():
                yield _parse_record(line.rstrip(b"\r\n"), location, name)
    except (EOFError, OSError, zlib.error) as exc:
        # gzip raises EOFError on a cut file and BadGzipFile (an OSError) or
        # zlib.error on damaged data; each ends the file here.
        yield Failure(
            name,
            f"truncated or damaged gzip after {lineno} lines ({exc}); re-create or re-download it",
        )


def _parse_record(line: bytes, location: str, name: str) -> Result:
    """Turn one JSONL line into a record, or a Failure saying what the line lacks."""
    try:
        fields = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return Failure(
            location, f"not valid JSON ({_json_reason(exc)}); each line must be one JSON object"
        )
    if not isinstance(fields, dict):
        return Failure(
            location,
            f"is a JSON {type(fields).__name__}, not an object; each line must be one JSON object",
        )
    if not any(_has_text(fields.get(key)) for key in ("text", "html")):
        return Failure(
            location,
            "has neither a `text` nor an `html` field; give each line a non-empty string in one of them",
        )
    url = fields.get("url")
    source = url.strip() if _has_text(url) else name
    return RawItem(source=source, location=location, data=line, kind="record", fields=fields)


def _has_text(value: Any) -> TypeGuard[str]:
    """Tell whether a JSON value is a string with something in it."""
    return isinstance(value, str) and bool(value.strip())


def _json_reason(exc: BaseException) -> str:
    """Say briefly where a JSON line went wrong."""
    if isinstance(exc, json.JSONDecodeError):
        return f"{exc.msg}, column {exc.colno}"
    if isinstance(exc, RecursionError):
        return "nested too deeply"
    return str(exc)


# ---- WARC --------------------------------------------------------------------


class _CheckedIterator(ArchiveIterator):  # type: ignore[misc]
    """An ArchiveIterator that notices a cut-off file, which warcio silently ends on."""

    cut_short = False

    def close(self) -> None:
        """Check the file ended on a whole record before warcio drops its state."""
        decompressor = getattr(self.reader, "decompressor", None)
        if decompressor is not None and not getattr(decompressor, "eof", True):
            self.cut_short = True  # the last gzip member lacks its end marker
        if self.fh.tell() > self.offset:
            self.cut_short = True  # bytes after the last whole record: headers cut off
        super().close()


def _read_warc(stream: BinaryIO, name: str, limit: int) -> Iterator[Result]:
    """Yield the HTML pages of a WARC or ARC file, noting where a cut-off file ends."""
    stream = _buffered(stream)
    if sniff_kind(stream.peek(SNIFF_BYTES), "") != "warc":
        # warcio reads almost anything as a damaged ARC file; check the magic first.
        yield Failure(
            name, "is not a WARC or ARC file (it does not start with `WARC/`); check the file"
        )
        return
    count = 0
    records = _CheckedIterator(stream, arc2warc=True)
    try:
        for record in records:
            item = _warc_item(record, records, name, limit)
            if _record_cut_short(record):
                records.cut_short = True
                break
            count += 1
            if item is not None:
                yield item
    except ArchiveLoadFailed as exc:
        if count == 0:
            yield Failure(name, f"is not a WARC or ARC file ({_first_line(exc)}); check the file")
            return
        records.cut_short = True
    except Exception:  # noqa: BLE001 - warcio raises many types on damaged data
        records.cut_short = True
    if records.cut_short:
        yield Failure(
            name, f"truncated WARC/gzip after {count} records; re-create or re-download it"
        )


def _warc_item(record: Any, records: ArchiveIterator, name: str, limit: int) -> Result | None:
    """Make a RawItem of an HTML response or resource record; None for other records."""
    uri = record.rec_headers.get_header("WARC-Target-URI") or ""
    if not _is_html_record(record):
        return None
    location = f"{name}#{records.offset}"
    length = _int(record.rec_headers.get_header("Content-Length"))
    if length > limit:
        return Failure(location, _too_large("WARC record", length, limit))
    data = _read_up_to(record.content_stream(), limit + 1)
    if len(data) > limit:
        return Failure(location, _too_large("WARC record", len(data), limit))
    return RawItem(
        source=uri or name, location=location, data=data, kind="html", fields={"url": uri}
    )


def _is_html_record(record: Any) -> bool:
    """Tell whether a record holds an HTML page worth reading (successful, HTML type)."""
    if record.rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type") or ""
    elif record.rec_type == "response" and record.http_headers is not None:
        # 404 pages and redirects are HTML too, but never the article asked for.
        status = record.http_headers.get_statuscode() or ""
        if not status.startswith("2"):
            return False
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        return False
    return content_type.split(";")[0].strip().lower() in HTML_TYPES


def _record_cut_short(record: Any) -> bool:
    """Read the rest of a record and tell whether the file ended before its declared length."""
    raw = record.raw_stream
    declared = (record.rec_headers.get_header("Content-Length") or "").strip()
    if not isinstance(raw, LimitReader) or not declared.isdigit():
        return True  # every WARC/ARC record declares its length: the headers were cut off
    while raw.read(CHUNK):
        pass
    return raw.limit > 0


def _first_line(exc: BaseException) -> str:
    """Keep the first line of warcio's multi-line error messages."""
    return (str(exc).strip().splitlines() or ["unknown format"])[0]


def _int(value: str | None) -> int:
    """Parse a header's number, treating junk as zero."""
    try:
        return int(value or 0)
    except ValueError:
        return 0


# ---- streams -----------------------------------------------------------------


class _Rejoined(io.RawIOBase):
    """A stream that gives back the bytes already sniffed, then the rest of the source."""

    def __init__(self, head: bytes, rest: BinaryIO) -> None:
        self._head = head
        self._rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        """Fill the buffer from the sniffed head first, then from the source."""
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _buffered(stream: BinaryIO) -> io.BufferedReader:
    """Give a stream `peek`, so its first bytes can be checked without losing them."""
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(stream, CHUNK)  # type: ignore[arg-type,type-var]


def _maybe_gunzip(stream: BinaryIO) -> BinaryIO:
    """Wrap a gzip stream in a decompressor, leaving other streams as they are."""
    buffered = _buffered(stream)
    if buffered.peek(2)[:2] == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=buffered, mode="rb")  # type: ignore[return-value]
    return buffered  # type: ignore[return-value]


def _read_up_to(stream: Any, size: int) -> bytes:
    """Read up to size bytes, looping because pipes hand out data in pieces."""
    parts: list[bytes] = []
    while size > 0:
        part = stream.read(min(size, CHUNK))
        if not part:
            break
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _drain(stream: Any) -> int:
    """Read and discard the rest of a stream, returning how many bytes it held."""
    total = 0
    while part := stream.read(CHUNK):
        total += len(part)
    return total


def _drain_line(stream: Any) -> int:
    """Read and discard the rest of an overlong line, returning its remaining length."""
    total = 0
    while part := stream.readline(CHUNK):
        total += len(part)
        if part.endswith(b"\n"):
            break
    return total


# ---- messages ----------------------------------------------------------------


def _too_large(what: str, size: int, limit: int) -> str:
    """Say an input is over the size limit and which setting lets it in."""
    return (
        f"{what} is {_megabytes(size)}, over the {_megabytes(limit)} limit; "
        "raise DYAD_MAX_DOCUMENT_BYTES to read it"
    )


def _megabytes(size: int) -> str:
    """Spell a size in MB (bytes when under one MB) the way the limit message needs."""
    if size < 1_000_000:
        return f"{size:,} bytes"
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"


def _not_regular(mode: int) -> str:
    """Say what kind of non-file a path is, and what Dyad reads instead."""
    what = "a pipe" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
    return f"is {what}, not a regular file; save it to a file, or pipe it into `-` (stdin)"


def _os_reason(exc: OSError) -> str:
    """Turn an operating-system error into a reason that says what to do."""
    if exc.errno == errno.ENOENT:
        return "no such file or folder; check the path"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return "permission denied; make it readable (chmod) or run as a user who may read it"
    if exc.errno == errno.ELOOP:
        return "symbolic link loop; fix or remove the link"
    if exc.errno == errno.EISDIR:
        return "is a folder where a file was expected"
    return f"cannot be read ({exc.strerror or exc}); check the path"
