"""Keep the article's prose and drop the page furniture around it.

Runs after the head has been read. A line goes when it matches a furniture
phrase, is a separator, repeats the title, is a picture caption (a short line
right above a credit), or is a short label that no prose follows — the shape
of related-article links and trailing teasers. A short label that prose does
follow is a subheading and stays. Every dropped line is kept in `removed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from dyad.extract.commitments.commitment_cues import (
    cues,  # the cue words alone: no parser is loaded
)
from dyad.ingest.dates import parse_date_line
from dyad.ingest.header import AGENCY_CREDIT, BY_PREFIX, Header
from dyad.ingest.lines import (
    LONG_LABEL_WORDS,
    Line,
    counter_stem,
    ends_sentence,
    furniture_kind,
    holds_a_sentence,
    is_body,
    is_enumerated,
    is_heading,
    is_separator,
    is_title_case,
    reads_as_prose,
    same_text,
    strip_bullet,
    word_count,
)


@dataclass
class Body:
    """The clean text of one article and what cleaning found on the way."""

    text: str
    removed: list[str] = field(default_factory=list)
    byline: str | None = None
    date: tuple[str, str] | None = None


def clean_body(lines: list[Line], head: Header) -> Body:
    """Return the article text of a segment whose head has been read."""
    body = Body(text="", removed=list(head.removed))
    kept = [Line(strip_bullet(lines[i].text), lines[i].block) for i in head.kept]
    for line in lines[head.body_start :]:
        text = strip_bullet(line.text)
        verdict = _verdict(text, head, body)
        if verdict == "keep":
            kept.append(Line(text, line.block))
            continue
        body.removed.append(line.text)
        if verdict == "credit" and kept and kept[-1].block == line.block and is_heading(kept[-1].text):
            body.removed.append(kept.pop().text)  # the caption above a picture credit
    last = strip_bullet(lines[-1].text) if lines else ""
    standfirst = kept[: len(head.kept)]  # the head's lines below the title: decks, not teasers
    kept = standfirst + _drop_orphan_labels(kept[len(head.kept) :], body.removed, last)
    body.text = _assemble(kept)
    return body


def _verdict(text: str, head: Header, body: Body) -> str:
    """Say what a body line is: keep, credit, or another reason to drop it."""
    kind = furniture_kind(text)
    if kind:
        return "credit" if kind == "images" else kind
    if is_separator(text):
        return "separator"
    if head.title and (same_text(text, head.title) or same_text(counter_stem(text) or "", head.title)):
        return "title"
    if AGENCY_CREDIT.match(text) or (BY_PREFIX.match(text) and not ends_sentence(text)):
        body.byline = body.byline or BY_PREFIX.sub("", text)
        return "byline"
    if not is_body(text):
        found = parse_date_line(text, head.saved)
        if found:
            if not found.updated:
                body.date = body.date or (found.value, found.precision)
            return "date"
    return "keep"


def _drop_orphan_labels(kept: list[Line], removed: list[str], last: str) -> list[Line]:
    """Drop unnumbered labels that another label or the end follows: related links, teasers.

    The page's very last line, in lower-case prose right after the article's
    prose, is a sentence the scrape cut short, and stays; with anything after
    it (a credit, a footer) or another label before it, it is a teaser. A
    line longer than any headline, or holding a whole sentence, is no label:
    the items of an unnumbered list of actions stay.
    """
    out = []
    for i, line in enumerate(kept):
        if _is_label(line.text) and not _action_item(kept, i):
            nxt = kept[i + 1].text if i + 1 < len(kept) else ""
            after_prose = i > 0 and is_body(kept[i - 1].text)
            if not nxt and line.text == last and reads_as_prose(line.text) and (
                after_prose or holds_a_sentence(line.text)
            ):
                out.append(line)  # the scrape's last sentence, cut short after prose
                continue
            if not nxt or _is_label(nxt):
                removed.append(line.text)
                continue
        out.append(line)
    return out


def _action_item(kept: list[Line], i: int) -> bool:
    """Tell whether a line is one of a list of actions: it and a neighbour open with an action verb.

    A joint statement lists what its signatories will do ("Advance cyber
    cooperation", "Increase investments in …"), lines as short as teasers;
    teasers do not open with a bare verb of action, and not two in a row.
    """
    verbs = cues().list_verbs

    def opens(k: int) -> bool:
        words = kept[k].text.split(maxsplit=1) if 0 <= k < len(kept) else []
        return bool(words) and words[0].istitle() and words[0].lower() in verbs

    return opens(i) and (opens(i - 1) or opens(i + 1))


def _is_label(text: str) -> bool:
    """Tell whether a kept line is a label: unnumbered, one sentence at most, and headline-long or Title Case."""
    if not is_heading(text) or is_enumerated(text) or holds_a_sentence(text):
        return False
    return word_count(text) < LONG_LABEL_WORDS or is_title_case(text)


def _assemble(kept: list[Line]) -> str:
    """Join lines: a blank line between paragraphs, a newline between lines of one."""
    parts: list[str] = []
    for i, line in enumerate(kept):
        if i:
            parts.append("\n\n" if kept[i - 1].block != line.block else "\n")
        parts.append(line.text)
    return "".join(parts)
