"""The Vega bundle the pages draw their charts with: vl-convert's, made outside the server, once per version.

vl-convert makes the bundle (Vega, Vega-Lite and vega-embed, about 900 KB)
in 3-4 s of CPU and holds the interpreter's lock all the while: made in a
server process, even in a thread of its own, it froze every request of that
process for as long, at every start. So a child process makes it, and it is
kept in the user's cache directory under vl-convert's version: a server
starts at once, its workers read one file, and a later start reads it in a
millisecond. Where the cache cannot be written, the bundle is still made by
a child process, only again at the next start.

The bundle is a function of vl-convert's version alone, so the version is
its tag too (`tag`): a page can name the bundle's URL before it is made.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import vl_convert

from dyad.errors import DyadError

_MAKE = "import sys, vl_convert; sys.stdout.buffer.write(vl_convert.javascript_bundle().encode('utf-8'))"
MAKE_TIMEOUT = 300  # seconds; the bundle takes 3-4 on a laptop
_MAKING = threading.Lock()  # one bundle a process: the warm-up and a first request wait for the same one
_made: bytes | None = None


def tag() -> bytes:
    """The bundle's ETag, from vl-convert's version (the same bundle, the same tag), as answers' tags are written."""
    digest = hashlib.sha1(f"vl-convert {_version()}".encode(), usedforsecurity=False).hexdigest()
    return b'"' + digest[:24].encode() + b'"'


def cache_file() -> Path:
    """Where the bundle of this vl-convert version is kept: `$XDG_CACHE_HOME/dyad` (else `~/.cache/dyad`)."""
    root = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(root) / "dyad" / f"vega-{_version()}.js"


def _version() -> str:
    return str(vl_convert.__version__)  # type: ignore[attr-defined]  # not in its stubs


def bundle() -> bytes:
    """Give the bundle: read from the cache, else made by a child process and kept there for the next start."""
    global _made
    with _MAKING:
        if _made is None:
            _made = _kept_or_made(cache_file())
        return _made


def _kept_or_made(kept: Path) -> bytes:
    try:
        return kept.read_bytes()
    except OSError:
        pass
    made = _made_elsewhere()
    try:
        kept.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=kept.parent, prefix=".vega-", delete=False) as out:
            out.write(made)
        os.replace(out.name, kept)  # whole or not at all: two servers starting at once each write their own
    except OSError:
        pass  # a read-only or missing home: made again at the next start
    return made


def _made_elsewhere() -> bytes:
    """Have a child process make the bundle, so that this one's requests go on meanwhile."""
    try:
        done = subprocess.run([sys.executable, "-c", _MAKE], capture_output=True, timeout=MAKE_TIMEOUT, check=True)
    except (OSError, subprocess.SubprocessError) as exc:
        detail = exc.stderr.decode("utf-8", "replace").strip() if isinstance(exc, subprocess.CalledProcessError) else exc
        raise DyadError(f"Could not make the charts' Vega bundle with vl-convert: {detail}") from exc
    return done.stdout
