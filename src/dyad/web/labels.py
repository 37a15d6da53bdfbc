"""Name codes and link evidence the same way on every page, the story comparison's included."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote_plus

from dyad.extract.events.cameo import load_cameo

_PLAIN = re.compile(r"[A-Za-z0-9_.~-]*")  # what quote_plus leaves as it is


def cameo_name(code: str) -> str:
    """Name a CAMEO code ("112" -> "Accuse"), or give the code back when unknown."""
    return _cameo_names().get(code, code)


@functools.cache
def _cameo_names() -> dict[str, str]:
    """Map every CAMEO code to its name, once: a page of events names fifty."""
    return {code.code: code.name for code in load_cameo()}


def evidence_href(doc_id: str, start: int, end: int) -> str:
    """Link a record to its document, its evidence highlighted and scrolled to."""
    return f"/documents/{doc_id}?start={start}&end={end}#evidence-span"


def query(params: Mapping[str, Any]) -> str:
    """Write a query string as urllib's urlencode does, without quoting what needs none.

    A dyad page links each of its months' rows to their events (some 500
    links): urlencode quoted every key and value, a third of the page's
    rendering time, when codes, months and numbers never need it.
    """
    pairs = [(str(k), str(v)) for k, v in params.items()]
    if _PLAIN.fullmatch("".join(k + v for k, v in pairs)):  # all plain (nearly always): one test, not one each
        return "&".join(f"{k}={v}" for k, v in pairs)
    return "&".join(f"{_quoted(k)}={_quoted(v)}" for k, v in pairs)


def _quoted(text: str) -> str:
    return text if _PLAIN.fullmatch(text) else quote_plus(text)
