"""Count, for each event, how many documents and publishers of its story report it.

Within one story, events are the same happening when they share

    source country, target country, CAMEO root, and date slot

where the country is the first three letters of the actor code ("RUSGOV" and
"RUS" are both Russia: one outlet writes "Lavrov accused Japan", another
"Russia accused Japan"), the root is used rather than the full code because
outlets in different words get different leaf codes for one act ("met" 040,
"held talks" 043), and the date slot is "in story" for events dated within
the story's days (± a week) and the event's own date otherwise, so a story
mentioning last year's accusation does not count it with this week's.

An event without a target ("Shoigu said …", CAMEO 010) names no dyad to
match on; it stays on its own and counts its own document only.

Every event row of the group gets the group's counts, like GDELT's NumArticles
and NumSources: `documents` is the number of distinct documents, a copy
counting as its original, and `publishers` the distinct publishers of those
originals (a document with no publisher counts as its own). Only the stories
whose counts can have changed are recounted: one a document with events
joined, one whose first or last date moved (the "in story" slot), one with a
re-dated document (dyad.link.run). A document without events adds no row.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import timedelta
from typing import Any

from dyad.link.stories import WINDOW_DAYS, date_span
from dyad.store import Store

EventKey = tuple[str, ...]
# The event columns counting reads (`publisher` is the event's own copy of
# its document's, as in the full rows compare.py reads).
COUNTED = ("id", "document", "source_actor", "target_actor", "source_code", "target_code", "root", "date",
           "documents", "publishers", "publisher")


def event_key(row: dict[str, Any], window: tuple[str, str] | None) -> EventKey:
    """Say which happening an event row reports, within its story."""
    source = (row["source_code"] or row["source_actor"] or "?")[:3]
    target = (row["target_code"] or row["target_actor"] or "")[:3]
    if not target:
        return ("alone", row["id"])
    span = date_span(row["date"])
    in_story = span is None or window is None or (window[0] <= span[1].isoformat() and span[0].isoformat() <= window[1])
    return source, target, row["root"], "story" if in_story else row["date"]


def story_window(first_date: str | None, last_date: str | None) -> tuple[str, str] | None:
    """Return a story's first and last days widened by WINDOW_DAYS, as ISO days."""
    first, last = date_span(first_date), date_span(last_date)
    if first is None or last is None:
        return None
    return (first[0] - timedelta(days=WINDOW_DAYS)).isoformat(), (last[1] + timedelta(days=WINDOW_DAYS)).isoformat()


def count_events(rows: list[dict[str, Any]], window: tuple[str, str] | None) -> dict[str, tuple[int, int]]:
    """Return (documents, publishers) for every event row of one story."""
    publisher_of = {r["document"]: r["publisher"] or f"?{r['doc_source']}" for r in rows}
    groups: dict[EventKey, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        groups[event_key(row, window)].append(row)
    counts: dict[str, tuple[int, int]] = {}
    for members in groups.values():
        originals = {r["duplicate_of"] or r["document"] for r in members}
        publishers = {publisher_of.get(doc) or _own_publisher(members, doc) for doc in originals}
        for row in members:
            counts[row["id"]] = (len(originals), len(publishers))
    return counts


def _own_publisher(members: list[dict[str, Any]], original: str) -> str:
    """Name the publisher of an original that reports no event itself, through its copy."""
    copy = next(r for r in members if (r["duplicate_of"] or r["document"]) == original)
    return copy["publisher"] or f"?{copy['doc_source']}"


def recount(store: Store, story_ids: Iterable[str]) -> int:
    """Recount the events of these stories; return how many event rows changed.

    The stories' events and dates are read in one query each, the events
    counted a story at a time as they come, and the changed counts written
    in one statement: a batch of new documents makes as many stale stories
    as documents.
    """
    wanted = sorted(set(story_ids))
    if not wanted:
        return 0
    dates = store.story_dates(wanted)
    stale: dict[str, tuple[int, int]] = {}
    for story_id, rows in store.stories_events(wanted, COUNTED):
        counts = count_events(rows, story_window(*dates[story_id]) if story_id in dates else None)
        stale.update((r["id"], counts[r["id"]]) for r in rows if (r["documents"], r["publishers"]) != counts[r["id"]])
    return store.set_event_counts(stale, wanted)
