"""Tests for turning input bytes into text and telling input kinds apart."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dyad.errors import InputError
from dyad.ingest.decode import decode_text, sniff_kind

FIXTURES = Path(__file__).parent / "fixtures" / "inputs"
TEXT = "The ministers met in Port Calder — “a good start”, said one."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        codecs.BOM_UTF8 + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # carries a byte-order mark
        codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"),
        TEXT.encode("utf-32"),
    ],
    ids=["utf-8", "utf-8-bom", "utf-16", "utf-16-be", "utf-32"],
)
def test_unicode_decodes_without_notice(data: bytes) -> None:
    assert decode_text(data, "a.txt") == (TEXT, None)


def test_windows_1252_decodes_with_notice() -> None:
    text, notice = decode_text((FIXTURES / "windows1252.txt").read_bytes(), "windows1252.txt")
    assert "“Talks will resume,”" in text
    assert "Montréal" in text and "owners’" in text
    assert notice == "decoded as windows-1252, not UTF-8"


def test_latin_1_decodes_with_notice() -> None:
    data = "Le ministre a déclaré que la réunion était très utile pour les deux pays.".encode(
        "latin-1"
    )
    text, notice = decode_text(data, "fr.txt")
    assert "déclaré" in text
    assert notice is not None and notice.endswith("not UTF-8")


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", codecs.BOM_UTF8, codecs.BOM_UTF8 + b"  \n"])
def test_empty_input_is_refused(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        decode_text(data, "empty.txt")
    assert caught.value.reason == "file is empty"
    assert caught.value.location == "empty.txt"


@pytest.mark.parametrize(
    "data, name",
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"PK\x03\x04\x14\x00\x00\x00\x08\x00", "a ZIP archive"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03", "a gzip-compressed file"),
    ],
)
def test_known_binary_formats_are_named(data: bytes, name: str) -> None:
    with pytest.raises(InputError) as caught:
        decode_text(data, "doc.txt")
    assert caught.value.reason.startswith(f"looks like {name}")
    assert caught.value.reason.endswith("not text or HTML")


def test_binary_fixture_is_refused() -> None:
    with pytest.raises(InputError, match="looks like a PNG image, not text or HTML"):
        decode_text((FIXTURES / "binary.txt").read_bytes(), "binary.txt")


@pytest.mark.parametrize(
    "data",
    [b"some text\x00with a NUL byte", bytes(range(1, 32)) * 10 + b"a few letters"],
    ids=["nul", "control"],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(InputError, match="looks like a binary file"):
        decode_text(data, "x.txt")


def test_text_with_a_few_control_characters_is_kept() -> None:
    data = b"Page one.\x0cPage two. \x1b[1mBold\x1b[0m and a bell\x07 in a long enough line."
    text, notice = decode_text(data, "x.txt")
    assert text.startswith("Page one.") and notice is None


def test_undecodable_bytes_say_convert_to_utf8() -> None:
    with pytest.raises(InputError) as caught:
        decode_text(bytes(range(0x80, 0x100)), "odd.txt")
    assert "is not valid UTF-8 and no other text encoding fits" in caught.value.reason
    assert "convert it to UTF-8" in caught.value.reason


def test_broken_utf16_after_bom_is_refused() -> None:
    with pytest.raises(InputError, match="convert it to UTF-8"):
        decode_text(codecs.BOM_UTF16_LE + b"a\x00\x00\xd8", "x.txt")


@pytest.mark.parametrize(
    "data, name, kind",
    [
        (b"anything", "page.HTML", "html"),
        (b"anything", "page.htm", "html"),
        (b"anything", "notes.txt", "text"),
        (b"anything", "a.jsonl", "jsonl"),
        (b"anything", "a.ndjson.gz", "jsonl"),
        (b"anything", "crawl.warc.gz", "warc"),
        (b"anything", "old.arc.gz", "warc"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "", "html"),
        (b"  \n<html lang='en'><p>x</p>", "noext", "html"),
        (b"<p>A paragraph.</p>", "", "html"),
        (b'{"text": "a"}\n{"text": "b"}\n', "", "jsonl"),
        (b'{"text": "a very long line cut by the sniffing window', "", "jsonl"),
        (b"{not json at all}\nmore\n", "", "text"),
        (b"WARC/1.0\r\nWARC-Type: warcinfo\r\n", "", "warc"),
        (b"The ministers met. <b>Really.</b>", "", "text"),
        (b"Plain words.", "README", "text"),
        (b"\x1f\x8b\x08\x00garbage", "", "gzip"),
    ],
)
def test_sniff_kind(data: bytes, name: str, kind: str) -> None:
    assert sniff_kind(data, name) == kind


def test_sniff_kind_looks_inside_gzip() -> None:
    warc = (FIXTURES / "sample.warc.gz").read_bytes()
    assert sniff_kind(warc, "") == "warc"
    import gzip

    assert sniff_kind(gzip.compress(b'{"text": "x"}\n'), "") == "jsonl"
    assert sniff_kind(gzip.compress(b"<html><body></body></html>"), "") == "gzip"


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048))
def test_decode_text_raises_only_input_error(data: bytes) -> None:
    try:
        text, notice = decode_text(data, "fuzz")
    except InputError as exc:
        assert exc.location == "fuzz" and exc.reason
    else:
        assert isinstance(text, str) and text.strip()
        assert notice is None or notice.startswith("decoded as ")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2048), st.sampled_from(["", "x.txt", "x.bin", "x.gz"]))
def test_sniff_kind_always_answers(data: bytes, name: str) -> None:
    assert sniff_kind(data, name) in {"html", "text", "jsonl", "warc", "gzip"}
