"""Write events as a TSV shaped like the GDELT 2.0 event table.

The 61 columns, their names and their order are those of the GDELT 2.0 event
codebook (the `events` table of the GDELT 2.0 event database). Dyad fills what
it knows and leaves the rest empty:

    GLOBALEVENTID        the first 15 hex digits of the event id as an integer
                         (60 bits: stable, fits a signed 64-bit column)
    SQLDATE, MonthYear,  a day on every row: the event's date when it is a day; a
    Year, FractionDate   partial one (2013-11, 2013-W44, 2013) takes its
                         document's publication day (or first day of a partial
                         one) when that falls within it, else its first day; an undated event takes its
                         document's publication day (GDELT dates events by
                         their article), else the day it was stored.
                         FractionDate is YYYY + day of year / 365, to 4 places.
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
    …Geo_…               the meeting's place or the dateline city (gdelt_geo)
    DATEADDED            when the document was stored, YYYYMMDDHHMMSS (UTC)
    SOURCEURL            the document's URL, else its source as an absolute file:// URL

Known groups, ethnic and religious codes, Type2/Type3, AvgTone and ADM2Code
stay empty. Only the events that count are written (dyad.store.counts):
GDELT has no modality column, so a negated, planned or hypothetical event
("Japan did not protest", "if Russia attacks") would read as having
happened, and a copy's events would be counted twice. GDELT files have no
header row; `header=True` adds one with the codebook's names.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from dyad.actors import Actor
from dyad.export.gdelt_geo import place_event
from dyad.link.stories import date_span
from dyad.model import Document, Meeting
from dyad.queries import counts as count_queries
from dyad.queries import events as event_queries
from dyad.store import Store
from dyad.store.counts import is_counted_event

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


def global_event_id(event_id: str) -> int:
    """Turn a Dyad event id (hex) into GDELT's integer id, stably."""
    return int(event_id[:15], 16)


def event_day(value: str | None, published: str | None, added: datetime | None) -> date | None:
    """Pick the day a row is dated by: the event's day, else its document's within its period, else the first."""
    span, issued = date_span(value), date_span(published)
    if span is not None and span[0] == span[1]:
        return span[0]
    if span is not None:  # the publication's (first) day when it falls within the event's period
        return issued[0] if issued is not None and span[0] <= issued[0] <= span[1] else span[0]
    if issued is not None:
        return issued[0]
    return added.date() if added else None


def date_columns(day: date | None) -> dict[str, str]:
    """Fill SQLDATE, MonthYear, Year and FractionDate from a day."""
    if day is None:
        return {}
    fraction = min(day.timetuple().tm_yday / 365, 0.9999)
    return {"SQLDATE": day.strftime("%Y%m%d"), "MonthYear": day.strftime("%Y%m"), "Year": f"{day.year:04d}",
            "FractionDate": f"{day.year + fraction:.4f}"}


def source_url(doc: Document) -> str:
    """Give the document's URL, else its source as an absolute URL (a file path becomes file://)."""
    for candidate in (doc.url, doc.source):
        if candidate and urlsplit(candidate).scheme in ("http", "https", "file"):
            return candidate
    return Path(doc.source).resolve().as_uri()


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
    event: dict[str, Any], doc: Document, added: datetime | None, actor: Any, held: Sequence[Meeting] = ()
) -> list[str]:
    """Build one GDELT row for a stored event; `actor(id)` looks actors up, `held` are its document's meetings."""
    published = doc.published.value if doc.published else None
    cameo = event["cameo"]
    point, present = place_event(event, doc, held)
    geography = {} if point is None else point.columns("ActionGeo_")
    if point is not None and present:
        geography |= point.columns("Actor1Geo_") if event["source_actor"] else {}
        geography |= point.columns("Actor2Geo_") if event["target_actor"] else {}
    values: dict[str, str] = {
        "GLOBALEVENTID": str(global_event_id(event["id"])),
        **date_columns(event_day(event["date"], published, added)),
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
        "SOURCEURL": source_url(doc),
        **geography,
    }
    return [_clean(values.get(column, "")) for column in COLUMNS]


def _clean(value: str) -> str:
    """Keep a value on one line and in one column."""
    return value.replace("\t", " ").replace("\r", " ").replace("\n", " ")


def export_gdelt(
    store: Store, out: TextIO, types: Sequence[str] = ("event",), *, header: bool = False
) -> dict[str, int]:
    """Write the events that count as GDELT 2.0 event rows; return {"event": count}."""
    actor = lru_cache(maxsize=4096)(
        lambda actor_id: store.get_actor(actor_id) if actor_id else None
    )
    if header:
        out.write("\t".join(COLUMNS) + "\n")
    count = 0
    doc: Document | None = None
    added: datetime | None = None
    held: list[Meeting] = []
    events = event_queries.stream_all(store.engine)  # ordered by document: each is read once
    for row, copies in count_queries.with_copies(store.engine, events):
        event = row._asdict()
        if not is_counted_event(event, copies):
            continue
        if doc is None or doc.id != event["document"]:
            doc = store.get_document(event["document"])
            added = store.document_added(event["document"])
            held = store.meetings_of(event["document"])
        if doc is None:
            continue
        out.write("\t".join(gdelt_row(event, doc, added, actor, held)) + "\n")
        count += 1
    return {"event": count}
