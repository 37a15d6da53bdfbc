"""A fixed set of hostile and broken inputs, generated from a seed, and good articles to ingest beside them.

Each hostile input is one of the shapes a crawl or a careless export
produces: very long lines and space-less runs (a base64 image, a minified
script), NUL bytes, markup nested thousands deep, gzip, JSONL and WARC files
cut short, encodings mixed in one file, names that are not UTF-8 or hold
newlines, empty files, random bytes under a text name, a text over spaCy's
limit. `hostile` says of each whether it must fail (and be named) or may be
stored; either way it must cost no more than its size and change nothing of
the good articles' records.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import random
from pathlib import Path

MUST_FAIL = "named as failed"  # (a container cut short keeps the records before the cut)
MAY_PASS = "stored or named as failed"

# Made-up articles, the good inputs: whatever else the folder holds, each must be stored and keep its records.
GOOD = {
    "good_oslo.txt": (
        "Norway and Finland agree on border patrol\n\n"
        "OSLO, 3 May 2021 - Norway's foreign minister met her Finnish counterpart in Oslo on Monday. "
        "The two ministers agreed to hold a joint border commission meeting in June. "
        "\"We will keep the northern border open for trade,\" the Norwegian minister said."
    ),
    "good_riga.html": (
        "<html><head><title>Latvia protests airspace violation</title></head><body>"
        "<h1>Latvia protests airspace violation</h1>"
        "<p>RIGA, 4 May 2021 - Latvia accused Russia of violating its airspace with a military aircraft.</p>"
        "<p>The Latvian foreign ministry summoned the Russian ambassador on Tuesday, a spokesman said.</p>"
        "</body></html>"
    ),
    "good_vilnius.jsonl": json.dumps({
        "title": "Lithuania to open office in Taipei",
        "published": "2021-05-05",
        "text": "Lithuania said on Wednesday that it would open a trade office in Taipei this year. "
                "China criticised the plan and warned Lithuania against it.",
    }) + "\n",
}


def write_good(folder: Path) -> list[str]:
    """Write the good articles into `folder`; return their names."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, body in GOOD.items():
        (folder / name).write_text(body, encoding="utf-8")
    return sorted(GOOD)


def _prose(rng: random.Random, words: int, sentence: int = 0) -> str:
    """Make `words` random words, ending a sentence every `sentence` words (never, if 0)."""
    vocabulary = ["the", "minister", "said", "talks", "border", "trade", "on", "Monday", "agreed", "would"]
    chosen = [rng.choice(vocabulary) for _ in range(words)]
    if sentence:
        chosen = [w + "." if i % sentence == sentence - 1 else w for i, w in enumerate(chosen)]
    return " ".join(chosen)


def _junk(seed: int) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.getrandbits(8) for _ in range(20_000))


def _gzip(data: bytes) -> bytes:
    out = io.BytesIO()
    with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as gz:
        gz.write(data)
    return out.getvalue()


def _warc(html: bytes) -> bytes:
    """One WARC response record holding `html`, written by hand."""
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s" % (len(html), html)
    head = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/a\r\n"
            b"WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>\r\n"
            b"WARC-Date: 2021-05-03T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
            b"Content-Length: %d\r\n\r\n" % len(http))
    return head + http + b"\r\n\r\n"


def hostile_inputs(seed: int = 30) -> dict[bytes, tuple[bytes, str]]:
    """Make every hostile input: file name (bytes, as the file system holds it) -> (content, expectation)."""
    rng = random.Random(seed)
    article = GOOD["good_riga.html"].encode()
    page = _warc(article * 3)
    lines = "".join(json.dumps({"text": _prose(rng, 40, 10)}) + "\n" for _ in range(50)).encode()
    return {
        # Lengths: a 30 KB line of sentences, and a 12 KB sentence, as pages without line breaks hold; space-less
        # runs in text and in a page's script; a text over spaCy's limit of 1,000,000 characters.
        b"long_line.txt": (_prose(rng, 5_000, 12).encode(), MAY_PASS),
        b"long_sentence.txt": (_prose(rng, 2_000).encode(), MAY_PASS),
        b"long_run.txt": (b"Header line\n\n" + b"QUJD" * 100_000 + b"\n\nThe minister said so.", MAY_PASS),
        b"minified.html": (b"<html><body><script>" + b"var_a=1;" * 60_000 + b"</script><p>"
                           + _prose(rng, 60, 12).encode() + b"</p></body></html>", MAY_PASS),
        b"over_limit.txt": ("\n\n".join(_prose(rng, 60, 12) for _ in range(3_000)).encode(), MUST_FAIL),
        b"nul_bytes.txt": (b"The minister\x00 said\x00\x00 talks\x00 would go on." * 50, MAY_PASS),
        b"nested.html": (b"<div>" * 20_000 + b"deep text" + b"</div>" * 20_000, MAY_PASS),
        b"attributes.html": (b"<p " + b" ".join(b'a%d="%s"' % (i, b"x" * 50) for i in range(5_000)) + b">hi</p>",
                             MAY_PASS),
        # Cut short or damaged containers.
        b"cut.jsonl.gz": (_gzip(lines)[:-30], MUST_FAIL),
        b"cut.warc": (page[: len(page) // 2], MUST_FAIL),
        b"cut.warc.gz": (_gzip(page)[:-60], MUST_FAIL),
        b"bad_lines.jsonl": (b'{"text": "unterminated\n[1, 2]\n{"title": "no text"}\n' + b"[" * 50_000 + b"\n",
                             MUST_FAIL),
        # Encodings mixed in one file, and a UTF-16 file without its BOM.
        b"mixed.txt": ("Minister Jürgen said ".encode() + "café Ærø".encode("latin-1")
                       + " — talks ".encode("cp1252", "replace") + "Тallinn".encode("koi8-r"), MAY_PASS),
        b"utf16.txt": ("The minister said the talks would go on.".encode("utf-16-le"), MAY_PASS),
        # Odd names: not UTF-8, a newline, a leading dash, a right-to-left override, 250 bytes long.
        b"caf\xe9.txt": (b"A file whose name is in Latin-1.", MAY_PASS),
        b"new\nline.txt": (b"A file whose name holds a newline.", MAY_PASS),
        b"-dash.txt": (b"A file whose name starts with a dash.", MAY_PASS),
        "rtl\u202etxt.exe.txt".encode(): (b"A file whose name reverses itself.", MAY_PASS),
        b"n" * 246 + b".txt": (b"A file whose name is very long.", MAY_PASS),
        # Nothing, or noise.
        b"empty.txt": (b"", MUST_FAIL),
        b"empty.html": (b"", MUST_FAIL),
        b"empty.jsonl": (b"", MUST_FAIL),
        b"junk.txt": (_junk(seed + 1), MUST_FAIL),
        b"junk.html": (_junk(seed + 2), MUST_FAIL),
        b"junk.jsonl": (_junk(seed + 3), MUST_FAIL),
        b"junk.warc": (_junk(seed + 4), MUST_FAIL),
    }


def write_hostile(folder: Path, seed: int = 30) -> dict[bytes, str]:
    """Write the hostile inputs into `folder` (names as bytes); return each file's expectation."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}
    for name, (content, expectation) in hostile_inputs(seed).items():
        with open(os.path.join(os.fsencode(folder), name), "wb") as out:
            out.write(content)
        expected[name] = expectation
    return expected
