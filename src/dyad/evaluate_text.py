"""Score how clean the stored article texts are (part of `dyad eval`).

    boilerplate  the key's `boilerplate_lines` (page furniture) that are gone
                 from the stored text of their file; precision counts the
                 article lines removed along with them as false positives
    text         the article's own lines that the stored text keeps: every
                 line of the saved file of 8 words or more (shorter lines are
                 heads: titles, bylines, date stamps) that the key does not
                 list as furniture and that does not hold the stored title (a
                 headline leaves the text by design); precision counts the
                 key's furniture lines left in the text as false positives

Lines are compared after the same front-matter split and normalisation that
ingest applies, ignoring case, quote marks and spacing, so a line rejoined from
a hard wrap or stripped of a bullet still counts as kept. Files that cannot be
read from the store's `source` path are left out of `text`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyad.ingest.decode import decode_text
from dyad.ingest.front import read_front_matter
from dyad.ingest.lines import PROSE_WORDS, strip_bullet, word_count
from dyad.ingest.normalize import normalize_text
from dyad.model import Document

if TYPE_CHECKING:
    from collections.abc import Callable

    from dyad.evaluate import Score


def score_text(
    data: dict[str, Any], docs: dict[str, list[Document]], furniture: Score, prose: Score, fold: Callable[[str], str]
) -> None:
    """Score furniture removed and article lines kept, file by file."""
    for entry in data.get("documents", []):
        stored = docs.get(entry["file"], [])
        if not stored:
            continue
        text = fold("\n".join(d.text for d in stored))
        titles = {fold(d.title) for d in stored if d.title}
        listed = [(line, fold(line)) for line in entry.get("boilerplate_lines", []) if re.search(r"\w", line)]
        wanted = [folded for _, folded in listed]
        for line, folded in listed:
            if folded in text:
                furniture.fn += 1
                prose.fp += 1
                furniture.misses.append(f"{entry['file']}: kept {line[:80]!r}")
            else:
                furniture.tp += 1
        for line in _prose_lines(stored[0].source):
            folded = fold(line)
            if any(t in folded or folded in t for t in titles) or any(folded in w or w in folded for w in wanted):
                continue
            if folded in text:
                prose.tp += 1
            else:
                prose.fn += 1
                furniture.fp += 1
                prose.misses.append(f"{entry['file']}: removed {line[:80]!r}")


def _prose_lines(source: str) -> list[str]:
    """Return the lines of 8 words or more of a saved file, as ingest reads them."""
    path = Path(source)
    try:
        data = path.read_bytes()
    except OSError:
        return []
    text = normalize_text(read_front_matter(decode_text(data, source)[0]).text)
    lines = (strip_bullet(line.strip()) for line in text.split("\n"))
    return [line for line in lines if word_count(line) >= PROSE_WORDS]
