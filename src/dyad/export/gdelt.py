"""Write events as a TSV shaped like the GDELT 2.0 event table.

The 61 columns, their names and their order are those of the GDELT 2.0 event
codebook (the `events` table of the GDELT 2.0 event database). Dyad fills what
it knows and leaves the rest empty:

    GLOBALEVENTID        the first 15 hex digits of the event id as an integer
                         (60 bits: stable, fits a signed 64-bit column)
    SQLDATE, MonthYear,  the event's date; an undated event takes its document's
    Year, FractionDate   publication date, as GDELT dates events by their article;
                         a partial date fills only what it has (2013-11 gives
                         MonthYear and Year). FractionDate is YYYY + day of
                         year / 365, to 4 places, as in the codebook.
    Actor1Code, …Name,   the source actor's CAMEO-style code, its name in capitals,
    …CountryCode,        its ISO alpha-3 country and its sector (GOV, MIL …);
    …Type1Code           Actor2… the same for the target
    IsRootEvent          1 when the evidence starts in the first paragraph
    EventCode, …Base…,   the CAMEO code, its first three digits, its root
    …Root…, QuadClass,
    GoldsteinScale
    NumMentions,         documents reporting the event (Dyad counts no mentions
    NumArticles          within a document, so both hold the document count)
    NumSources           distinct publishers reporting it
    DATEADDED            when the document was stored, YYYYMMDDHHMMSS (UTC)
    SOURCEURL            the document's URL, else its source path

Known groups, ethnic and religious codes, Type2/Type3, AvgTone and every
geography column stay empty. Only asserted and reported events are written:
GDELT has no modality column, so a negated or hypothetical event ("Japan did
not protest", "if Russia attacks") would read as having happened. GDELT files
have no header row; `header=True` adds one with the codebook's names.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any, TextIO

from dyad.actors import Actor
from dyad.model import Document
from dyad.store import Store

ACTOR_COLUMNS = (
    "Code", "Name", "CountryCode", "KnownGroupCode", "EthnicCode", "Religion1Code",
    "Religion2Code", "Type1Code", "Type2Code", "Type3Code",
)  # fmt: skip
GEO_COLUMNS = (
    "Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID",
)  # fmt: skip
COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    *(f"Actor1{name}" for name in ACTOR_COLUMNS),
    *(f"Actor2{name}" for name in ACTOR_COLUMNS),
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    *(f"Actor1Geo_{name}" for name in GEO_COLUMNS),
    *(f"Actor2Geo_{name}" for name in GEO_COLUMNS),
    *(f"ActionGeo_{name}" for name in GEO_COLUMNS),
    "DATEADDED", "SOURCEURL",
)  # fmt: skip
MODALITIES = frozenset({"asserted", "reported"})  # the events GDELT's reader would take as fact


def global_event_id(event_id: str) -> int:
    """Turn a Dyad event id (hex) into GDELT's integer id, stably."""
    return int(event_id[:15], 16)


def date_columns(value: str | None) -> dict[str, str]:
    """Fill SQLDATE, MonthYear, Year and FractionDate from an ISO date, as far as it goes."""
    if not value or value.startswith("-"):  # unknown, or a month and day without a year
        return {}
    parts = value.split("-")
    out = {"Year": parts[0]}
    if len(parts) >= 2:
        out["MonthYear"] = parts[0] + parts[1]
    if len(parts) == 3:
        day = date.fromisoformat(value[:10])
        out["SQLDATE"] = day.strftime("%Y%m%d")
        fraction = min(day.timetuple().tm_yday / 365, 0.9999)
        out["FractionDate"] = f"{day.year + fraction:.4f}"
    return out


def actor_columns(slot: str, code: str | None, actor: Actor | None) -> dict[str, str]:
    """Fill one actor's columns (slot `Actor1` or `Actor2`) from its code and record."""
    out = {f"{slot}Code": code or ""}
    if actor is not None:
        out[f"{slot}Name"] = actor.name.upper()
        if actor.country and len(actor.country) == 3 and actor.country.isalpha():
            out[f"{slot}CountryCode"] = actor.country.upper()
        out[f"{slot}Type1Code"] = actor.sector or ""
    return out


def is_root(doc: Document, start: int) -> bool:
    """Tell whether an offset lies in the document's first paragraph (GDELT's root events)."""
    end = doc.text.find("\n\n")
    return end < 0 or start < end


def gdelt_row(
    event: dict[str, Any], doc: Document, added: datetime | None, actor: Any
) -> list[str]:
    """Build one GDELT row for a stored event; `actor(id)` looks actors up."""
    published = doc.published.value if doc.published else None
    cameo = event["cameo"]
    values: dict[str, str] = {
        "GLOBALEVENTID": str(global_event_id(event["id"])),
        **date_columns(_dated(event["date"]) or published),
        **actor_columns("Actor1", event["source_code"], actor(event["source_actor"])),
        **actor_columns("Actor2", event["target_code"], actor(event["target_actor"])),
        "IsRootEvent": "1" if is_root(doc, event["start"]) else "0",
        "EventCode": cameo,
        "EventBaseCode": cameo[:3],
        "EventRootCode": event["root"],
        "QuadClass": str(event["quad_class"]),
        "GoldsteinScale": f"{event['goldstein']:g}",
        "NumMentions": str(event["documents"]),
        "NumSources": str(event["publishers"]),
        "NumArticles": str(event["documents"]),
        "DATEADDED": added.strftime("%Y%m%d%H%M%S") if added else "",
        "SOURCEURL": doc.url or doc.source,
    }
    return [_clean(values.get(column, "")) for column in COLUMNS]


def _dated(value: str | None) -> str | None:
    """Keep an event date only when it has a year; a bare month and day says too little."""
    return value if value and not value.startswith("-") else None


def _clean(value: str) -> str:
    """Keep a value on one line and in one column."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def export_gdelt(
    store: Store, out: TextIO, types: Sequence[str] = ("event",), *, header: bool = False
) -> dict[str, int]:
    """Write asserted and reported events as GDELT 2.0 event rows; return {"event": count}."""
    actor = lru_cache(maxsize=4096)(
        lambda actor_id: store.get_actor(actor_id) if actor_id else None
    )
    if header:
        out.write("\t".join(COLUMNS) + "\n")
    count = 0
    doc: Document | None = None
    added: datetime | None = None
    for event in store.iter_events():  # ordered by document: each is read once
        if event["modality"] not in MODALITIES:
            continue
        if doc is None or doc.id != event["document"]:
            doc = store.get_document(event["document"])
            added = store.document_added(event["document"])
        if doc is None:
            continue
        out.write("\t".join(gdelt_row(event, doc, added, actor)) + "\n")
        count += 1
    return {"event": count}
