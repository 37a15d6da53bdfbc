"""Name codes and link evidence the same way on every page, the story comparison's included."""

from __future__ import annotations

import functools

from dyad.extract.events.cameo import load_cameo


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
