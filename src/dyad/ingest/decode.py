"""Turn the bytes of one input into text, and guess what kind of input it is.

Readers keep bytes as they found them; this module is where a document's bytes
become a `str`. UTF-8 (with or without a byte-order mark) and UTF-16/32 with a
mark decode silently. Anything else goes to charset_normalizer, and a fitting
legacy encoding (a windows-1252 news page, say) is used with a notice so the
user learns the file was not UTF-8. Binary files and files no encoding fits
raise `InputError` with a reason that says what to do.
"""

from __future__ import annotations

import codecs
import json
import re
import zlib

import charset_normalizer

from dyad.errors import InputError

# Longest UTF-32 marks first: the UTF-32-LE mark begins with the UTF-16-LE one.
BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Magic numbers of files people drop into a folder of articles by mistake.
MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF file"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or a Word/Excel/EPUB file)"),
    (b"\x1f\x8b", "a gzip-compressed file"),
    (b"\xfd7zXZ\x00", "an xz-compressed file"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office file"),
    (b"\x7fELF", "a program (ELF executable)"),
    (b"SQLite format 3\x00", "an SQLite database"),
)

SNIFF_BYTES = 8192
# Share of control characters in the first 8 KB above which bytes count as binary.
# 0.1: text with stray form feeds or ANSI escapes stays well below it; images and
# compressed data sit far above it.
CONTROL_SHARE = 0.1
# charset_normalizer's own default ceiling for "mess" in a decoding.
MAX_CHAOS = 0.2

_CONTROL = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_HTML_START = re.compile(
    rb"<(!doctype\s+html|html|head|body|meta|title|article|main|div|p|section|span|table|h[1-6]|br)[\s>/]",
    re.IGNORECASE,
)
_BZIP2 = re.compile(rb"BZh[1-9]1AY&SY")

KIND_BY_SUFFIX: tuple[tuple[str, str], ...] = (
    (".warc.gz", "warc"),
    (".arc.gz", "warc"),
    (".warc", "warc"),
    (".arc", "warc"),
    (".jsonl.gz", "jsonl"),
    (".ndjson.gz", "jsonl"),
    (".jsonl", "jsonl"),
    (".ndjson", "jsonl"),
    (".html", "html"),
    (".htm", "html"),
    (".xhtml", "html"),
    (".txt", "text"),
)


def decode_text(data: bytes, location: str) -> tuple[str, str | None]:
    """Decode one document's bytes, telling the user when it was not UTF-8.

    Args:
        data: the document's bytes as read.
        location: where they came from, used in error messages.

    Returns:
        The text and a notice (None when the bytes were UTF-8 or marked Unicode).

    Raises:
        InputError: the bytes are empty, binary, or fit no text encoding.
    """
    if not data.strip():
        raise InputError(location, "file is empty")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _checked(_decode_marked(data, encoding, location), location), None
    _refuse_binary(data, location)
    try:
        return _checked(data.decode("utf-8"), location), None
    except UnicodeDecodeError:
        pass
    return _decode_legacy(data, location)


def _decode_marked(data: bytes, encoding: str, location: str) -> str:
    """Decode bytes that carry a byte-order mark, which names their encoding."""
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        raise InputError(
            location,
            f"starts with a {encoding.upper()} byte-order mark but is not valid {encoding.upper()}; "
            "convert it to UTF-8",
        ) from None


def _checked(text: str, location: str) -> str:
    """Refuse text that decoded to nothing but whitespace."""
    if not text.strip():
        raise InputError(location, "file is empty")
    return text


def _refuse_binary(data: bytes, location: str) -> None:
    """Raise when the bytes look like a known binary format or like no text at all."""
    kind = binary_kind(data)
    if kind is not None:
        raise InputError(location, f"looks like {kind}, not text or HTML")


def binary_kind(data: bytes) -> str | None:
    """Name the binary format the bytes start with, or None when they may be text."""
    for magic, name in MAGIC:
        if data.startswith(magic):
            return name
    if _BZIP2.match(data):
        return "a bzip2-compressed file"
    head = data[:SNIFF_BYTES]
    if b"\x00" in head:
        return "a binary file (it holds NUL bytes)"
    if len(_CONTROL.findall(head)) > CONTROL_SHARE * len(head):
        return "a binary file (it holds many control characters)"
    return None


def _decode_legacy(data: bytes, location: str) -> tuple[str, str]:
    """Decode non-UTF-8 bytes with the encoding charset_normalizer finds most plausible."""
    best = charset_normalizer.from_bytes(data).best()
    if best is None or best.chaos > MAX_CHAOS:
        raise InputError(
            location, "is not valid UTF-8 and no other text encoding fits; convert it to UTF-8"
        )
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        raise InputError(
            location, "is not valid UTF-8 and no other text encoding fits; convert it to UTF-8"
        ) from None
    return _checked(text, location), f"decoded as {_label(data, text, best.encoding)}, not UTF-8"


def _label(data: bytes, text: str, encoding: str) -> str:
    """Name the encoding used, preferring windows-1252 when it reads the bytes the same way.

    charset_normalizer named windows-1250 for the windows-1252 fixture (curly quotes
    and "é" sit at the same codes in both); windows-1252 is by far the commoner on
    the web, so it is the name users recognise.
    """
    try:
        if data.decode("cp1252") == text:
            return "windows-1252"
    except UnicodeDecodeError:
        pass
    return encoding_label(encoding)


def encoding_label(encoding: str) -> str:
    """Spell a Python codec name the way users see it in editors and HTTP headers."""
    name = encoding.lower().replace("_", "-")
    if re.fullmatch(r"cp125\d", name):
        return "windows-" + name[2:]
    if name in ("latin-1", "iso8859-1", "iso-8859-1"):
        return "latin-1"
    return name


def sniff_kind(data: bytes, name: str) -> str:
    """Tell which reader fits an input, from its file name and first bytes.

    Args:
        data: the first few kilobytes of the input (all of it is fine too).
        name: the file name, or "" for stdin.

    Returns:
        "html", "text", "jsonl", "warc" or "gzip" (compressed, holding neither
        WARC nor JSONL).
    """
    lowered = name.lower()
    for suffix, kind in KIND_BY_SUFFIX:
        if lowered.endswith(suffix):
            return kind
    if data.startswith(b"\x1f\x8b"):
        inner = _gunzip_head(data)
        kind = _sniff_content(inner) if inner else "gzip"
        return kind if kind in ("warc", "jsonl") else "gzip"
    return _sniff_content(data)


def _gunzip_head(data: bytes) -> bytes:
    """Decompress the start of a gzip stream, as far as the bytes at hand allow."""
    try:
        return zlib.decompressobj(wbits=31).decompress(data[:SNIFF_BYTES], SNIFF_BYTES)
    except zlib.error:
        return b""


def _sniff_content(data: bytes) -> str:
    """Tell WARC, JSONL, HTML and plain text apart by their first bytes."""
    head = data[:SNIFF_BYTES]
    for bom, _ in BOMS:
        if head.startswith(bom):
            head = head[len(bom) :]
            break
    head = head.lstrip()
    if head.startswith((b"WARC/", b"filedesc://")):
        return "warc"
    if head.startswith(b"{") and _first_line_is_object(head):
        return "jsonl"
    if head.startswith(b"<") and _HTML_START.search(head[:4096]):
        return "html"
    return "text"


def _first_line_is_object(head: bytes) -> bool:
    """Tell whether the first line is a JSON object, or too long to judge from the head."""
    line, newline, _ = head.partition(b"\n")
    if not newline:
        return True  # one long line cut by the head: judge by the opening brace
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False
