"""The records that flow between stages: raw input in, documents out.

Stages pass these plain dataclasses rather than database rows so that every
per-document stage stays a pure function that can run in any process.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any


def sha256_hex(data: bytes) -> str:
    """Hash bytes the way every content hash in Dyad is computed."""
    return hashlib.sha256(data).hexdigest()


@dataclass
class RawItem:
    """One unit of input exactly as read: a file, a JSONL line, or a WARC record.

    `data` holds the bytes that are kept in the store so a document can always be
    re-processed; `fields` holds metadata the container already gave us (JSONL
    keys, the WARC target URI) so later stages need not parse the bytes again.
    """

    source: str
    location: str
    data: bytes
    kind: str  # "text", "html" or "record" (a parsed JSONL article)
    fields: dict[str, Any] = field(default_factory=dict)

    @property
    def sha256(self) -> str:
        return sha256_hex(self.data)


@dataclass
class Failure:
    """An input that produced no documents, with a reason a user can act on."""

    location: str
    reason: str


@dataclass
class Published:
    """A publication date, possibly partial, and how it was found.

    `value` is ISO 8601 cut to its precision: `2019-05-30`, `2013-11`, `2013`,
    or `--11-02` for a month and day whose year is not known yet.
    """

    value: str
    precision: str  # "day", "month", "year" or "monthday"
    method: str  # "metadata", "dateline", "text", "inferred" or "inherited"


@dataclass
class Document:
    """One article: clean text plus what is known about where it came from.

    Offsets of every later record point into `text`, so `text` never changes
    once a document is stored.
    """

    id: str
    source: str
    part: int
    text: str
    raw_sha256: str
    title: str | None = None
    publisher: str | None = None
    published: Published | None = None
    byline: str | None = None
    url: str | None = None
    language: str | None = None
    # The wire agency whose copy the page carries ("Associated Press" on a
    # local paper's page); `publisher` stays the outlet that published it.
    agency: str | None = None
    # The page's "Updated: …" date (ISO day), kept apart from `published`.
    updated: str | None = None
    removed: list[str] = field(default_factory=list)
    story: str | None = None
    duplicate_of: str | None = None
    cites: list[str] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return sha256_hex(self.text.encode("utf-8"))

    @property
    def analysable(self) -> bool:
        """Tell whether later stages should analyse this document (English only, for now)."""
        return self.language == "en"


def document_id(raw_sha256: str, part: int) -> str:
    """Derive a stable document id from the raw input's hash and the item's index."""
    return f"{raw_sha256[:16]}-{part}"


@dataclass
class Mention:
    """A span of a document's text that names or refers to an actor.

    `method` says how the actor was found, so a user can judge the link:
    `name` (dictionary name or alias), `title` (a role title with a name),
    `role` (a role description resolved through who held it on the date),
    `fuzzy` (a spelling variant), `coref` (a pronoun or short form tied to an
    earlier mention), `metonym` (a capital standing for its government),
    `demonym`, or `new` (a person the dictionary lacks, added from the text).
    """

    start: int
    end: int
    text: str
    actor: str | None
    kind: str  # "person", "state", "organisation" or "place"
    method: str
    confidence: float = 1.0
    used_by: str | None = None  # for a contested place: the state whose name this is


@dataclass
class Quote:
    """Words attributed to a speaker: quoted directly, or reported ("X said that …").

    `start`/`end` are offsets of the quoted words (without quotation marks) in
    the document text; `speaker_start`/`speaker_end` those of the words naming
    the speaker, which may be a pronoun or a role description.
    """

    text: str
    start: int
    end: int
    direct: bool
    speaker: str | None  # actor id
    speaker_name: str | None  # the speaker as the text names them ("the Russian Defence Minister")
    speaker_start: int | None = None
    speaker_end: int | None = None
    verb: str | None = None  # the reporting verb's lemma: say, tell, stress, according_to …
    partial: bool = False  # a phrase inside a sentence of the reporter's own words


@dataclass
class Event:
    """Who did what to whom, in CAMEO terms, with the text that says so.

    One event per (source, target, code, sentence). `start`/`end` are offsets
    of the evidence (the clause or sentence); `trigger` the words that matched
    the lexicon. `modality` is one of asserted, intended, negated,
    hypothetical or reported.
    """

    source: str | None  # actor id
    target: str | None
    cameo: str
    modality: str
    start: int
    end: int
    trigger: str
    confidence: float
    date: str | None = None  # ISO value, possibly partial, from the time stage
    date_precision: str | None = None
    coder: str = ""


@dataclass(slots=True)  # a linking batch holds those of every candidate it reads
class Meeting:
    """A meeting reported in one document: when, where, in what format, who took part."""

    start: int
    end: int
    date: str | None
    place: str | None
    format: str | None  # "bilateral", "2+2", "summit", "multilateral", …
    participants: list[str] = field(default_factory=list)  # actor ids
    trigger: str = ""
    # "held" (reported as happened), "planned" (announced, previewed) or
    # "background" (an earlier meeting the report recalls as context)
    status: str = "held"


@dataclass
class Commitment:
    """A promise one document reports: who promised, what, when it was made and when it is due.

    `kind` is agreement, intention, proposal or invitation. `made` and `due`
    are ISO values, possibly partial or `first/last` ranges; `due_first` and
    `due_last` are the days of the due window ("by the end of this year":
    from the day made to 31 December). `start`/`end` are offsets of the
    evidence; `trigger` the cue words. Whether it was kept is not known from
    one document: the follow-up stage (dyad.link.followup) decides that.
    """

    parties: list[str]  # state actor ids, or an international organisation's ("un", "eu")
    action: str  # a normalised verb phrase: "hold 2+2 meetings on a regular basis"
    kind: str
    made: str | None
    start: int
    end: int
    trigger: str
    due: str | None = None
    due_first: str | None = None
    due_last: str | None = None
    place: str | None = None
