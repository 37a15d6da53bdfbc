"""Turn annotation records (actors, mentions, date expressions) into rows and back."""

from __future__ import annotations

import hashlib
import json
from dataclasses import fields
from datetime import date
from typing import Any

from dyad.actors import Actor, Role
from dyad.extract.events.cameo import load_cameo
from dyad.extract.time.timex import TimeExpr
from dyad.model import Event, Meeting, Mention, Quote


def actor_row(actor: Actor, origin: str) -> dict[str, Any]:
    """Build the `actors` row for one actor, its roles as JSON."""
    return {
        "id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "sector": actor.sector,
        "code": actor.code,
        "aliases": json.dumps(actor.aliases, ensure_ascii=False),
        "roles": json.dumps([role_dict(role) for role in actor.roles], ensure_ascii=False),
        "origin": origin,
    }


def role_dict(role: Role) -> dict[str, Any]:
    """Give a role as plain JSON-ready values, dates as ISO strings."""
    return {
        "role": role.role,
        "role_key": role.role_key,
        "country": role.country,
        "sector": role.sector,
        "start": role.start.isoformat() if role.start else None,
        "end": role.end.isoformat() if role.end else None,
        "source": role.source,
    }


def row_actor(row: Any) -> Actor:
    """Rebuild an Actor from its row."""
    roles = [
        Role(
            role=r["role"],
            role_key=r["role_key"],
            country=r["country"],
            sector=r["sector"],
            start=date.fromisoformat(r["start"]) if r["start"] else None,
            end=date.fromisoformat(r["end"]) if r["end"] else None,
            source=r.get("source") or "",
        )
        for r in json.loads(row.roles)
    ]
    return Actor(
        id=row.id,
        name=row.name,
        kind=row.kind,
        country=row.country,
        sector=row.sector,
        code=row.code,
        roles=roles,
        aliases=json.loads(row.aliases),
    )


def mention_row(document: str, mention: Mention) -> dict[str, Any]:
    return {"document": document, **{k: getattr(mention, k) for k in _MENTION_FIELDS}}


def row_mention(row: Any) -> Mention:
    return Mention(**{k: getattr(row, k) for k in _MENTION_FIELDS})


_MENTION_FIELDS = ("start", "end", "text", "actor", "kind", "method", "confidence", "used_by")


def time_row(document: str, expr: TimeExpr) -> dict[str, Any]:
    return {
        "document": document,
        "start": expr.start,
        "end": expr.end,
        "text": expr.text,
        "value": expr.value,
        "first": expr.first.isoformat() if expr.first else None,
        "last": expr.last.isoformat() if expr.last else None,
        "precision": expr.precision,
        "anchored": expr.anchored,
        "modifier": expr.modifier,
    }


def row_time(row: Any) -> TimeExpr:
    return TimeExpr(
        start=row.start,
        end=row.end,
        text=row.text,
        value=row.value,
        first=date.fromisoformat(row.first) if row.first else None,
        last=date.fromisoformat(row.last) if row.last else None,
        precision=row.precision,
        anchored=bool(row.anchored),
        modifier=row.modifier,
    )


def record_id(*parts: object) -> str:
    """Derive a stable record id from what makes the record unique."""
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:20]


def event_row(
    document: str, event: Event, codes: dict[str, str | None], countries: dict[str, str | None]
) -> dict[str, Any]:
    """Build the `events` row, with the code's root, quad class, Goldstein score and PLOVER type."""
    cameo = load_cameo()[event.cameo]
    source, target = countries.get(event.source or ""), countries.get(event.target or "")
    return {
        "id": record_id(document, event.source, event.target, event.cameo, event.start),
        "document": document,
        "source_actor": event.source,
        "target_actor": event.target,
        "source_code": codes.get(event.source or ""),
        "target_code": codes.get(event.target or ""),
        "cameo": event.cameo,
        "root": cameo.root,
        "quad_class": cameo.quad_class,
        "goldstein": cameo.goldstein,
        "plover": cameo.plover,
        "date": event.date,
        "date_precision": event.date_precision,
        "modality": event.modality,
        "start": event.start,
        "end": event.end,
        "trigger": event.trigger,
        "confidence": event.confidence,
        "coder": event.coder,
        "documents": 1,
        "publishers": 1,
        "source_country": source,
        "target_country": target,
        "dyad": dyad_key(source, target),
    }


def dyad_key(a: str | None, b: str | None) -> str | None:
    """Name the pair of two states in alphabetical order ("JPN-RUS"), either direction alike."""
    return "-".join(sorted((a, b))) if a and b else None


def row_event(row: Any) -> Event:
    return Event(
        source=row.source_actor,
        target=row.target_actor,
        cameo=row.cameo,
        modality=row.modality,
        start=row.start,
        end=row.end,
        trigger=row.trigger,
        confidence=row.confidence,
        date=row.date,
        date_precision=row.date_precision,
        coder=row.coder,
    )


_QUOTE_FIELDS = tuple(f.name for f in fields(Quote))


def quote_row(document: str, quote: Quote) -> dict[str, Any]:
    row = {k: getattr(quote, k) for k in _QUOTE_FIELDS}
    return {"id": record_id(document, quote.start, quote.end), "document": document, **row}


def row_quote(row: Any) -> Quote:
    return Quote(**{k: getattr(row, k) for k in _QUOTE_FIELDS})


def meeting_row(document: str, meeting: Meeting) -> dict[str, Any]:
    return {
        "id": record_id(document, meeting.start, meeting.end, *(() if meeting.status == "held" else (meeting.status,))),
        "document": document,
        "date": meeting.date,
        "place": meeting.place,
        "format": meeting.format,
        "participants": json.dumps(meeting.participants),
        "start": meeting.start,
        "end": meeting.end,
        "trigger": meeting.trigger,
        "status": meeting.status,
    }


def row_meeting(row: Any) -> Meeting:
    return Meeting(
        start=row.start,
        end=row.end,
        date=row.date,
        place=row.place,
        format=row.format,
        participants=json.loads(row.participants),
        trigger=row.trigger,
        status=row.status,
    )
