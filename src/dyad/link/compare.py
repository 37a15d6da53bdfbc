"""Compare how the outlets of one story tell it: what each carries, omits, names and leans to.

For each outlet (publisher) of a story, against the union of the story:

    quotes   direct quotes; two are one quote when their speakers agree (or
             one is unknown) and at least QUOTE_OVERLAP of the shorter one's
             word 4-grams are in the other, so a trimmed re-quote ("…the
             creation by the US of a global…") matches its full form. Each
             is keyed by speaker and its first QUOTE_WORDS words, folded
    claims   reported speech (indirect quotes: "Lavrov said Japan's plans
             were a threat"), keyed the same way
    events   "SOURCE>TARGET CAMEO" with the stored actor codes; events with
             no target (bare statements) are left out, as in dyad.link.merge
    places   the name each outlet uses for a contested place, with whose
             usage that name is ("Kuril Islands": RUS, "Northern
             Territories": JPN), from the mentions' `used_by`

Tone: for each outlet and each side (a state, the first three letters of
an event's target code), the mean Goldstein score of the outlet's events
aimed at that side, from -10 (most hostile) to +10 (most cooperative), with
the number of events it averages. It measures which acts an outlet chooses
to report about a side, not its wording; an outlet with no event aimed at a
side has no tone toward it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from dyad.errors import QueryError
from dyad.queries import stories as story_queries
from dyad.queries.events import EventRow
from dyad.queries.stories import StoryHead
from dyad.store import Store
from dyad.store.links import LinkedDoc

QUOTE_WORDS = 8  # enough to tell quotes apart in a listing
# 0.5: the seeds' 004 re-quotes three RIA quotes trimmed to 60-90% of their words.
QUOTE_OVERLAP = 0.5
UNKNOWN_OUTLET = "(unknown publisher)"
_WORD = re.compile(r"\w+")


def outlet(doc: LinkedDoc) -> str:
    """Name a document's outlet: its publisher."""
    return doc.publisher or UNKNOWN_OUTLET


def quote_key(speaker: str | None, text: str) -> str:
    """Key a quote by its speaker and its first words, folded."""
    words = _WORD.findall(text.casefold())[:QUOTE_WORDS]
    return f"{speaker or '?'}: {' '.join(words)}"


def event_label(row: EventRow) -> str | None:
    """Key an event by its source and target codes and CAMEO code; None without a target."""
    target = row.target_code or row.target_actor
    if not target:
        return None
    return f"{row.source_code or row.source_actor or '?'}>{target} {row.cameo}"


def compare_story(store: Store, story_id: str) -> dict[str, Any]:
    """Compare the outlets of one story.

    Args:
        store: the store holding the story.
        story_id: a story id, as `dyad stories` lists them.

    Returns:
        A dict: `story` (id, title, dates), `union` (every quote, claim and
        event key of the story) and `outlets`, by publisher: `documents`,
        `quotes`/`claims`/`events` each as `carries` and `omits`, `places`
        and `tone`.
    """
    story = story_queries.head(store.engine, story_id) or _by_prefix(store, story_id)
    story_id = story.id
    docs = store.story_documents(story_id)
    carried = _carried(store, docs, story_queries.events(store.engine, story_id))
    union = {kind: sorted({key for found in carried.values() for key in found[kind]})
             for kind in ("quotes", "claims", "events")}
    outlets: dict[str, Any] = {}
    for name in sorted({outlet(d) for d in docs}):
        found = carried[name]
        outlets[name] = {
            "documents": [d.id for d in docs if outlet(d) == name],
            **{kind: {"carries": sorted(found[kind]), "omits": [k for k in union[kind] if k not in found[kind]]}
               for kind in union},
            "places": found["places"],
            "tone": found["tone"],
        }
    head = {k: getattr(story, k) for k in ("id", "title", "first_date", "last_date")}
    return {"story": head, "union": union, "outlets": outlets}


def _by_prefix(store: Store, prefix: str) -> StoryHead:
    """Find the one story whose id starts with what the user typed."""
    found = store.stories_starting(prefix) if len(prefix) >= 4 else []
    if len(found) != 1:
        reason = "No story" if not found else "More than one story"
        raise QueryError(f"{reason} has an id starting {prefix!r}. List the stories with `dyad stories`.")
    story = story_queries.head(store.engine, found[0])
    assert story is not None
    return story


def _grams(text: str) -> frozenset[str]:
    words = _WORD.findall(text.casefold())
    return frozenset(" ".join(words[i : i + 4]) for i in range(max(1, len(words) - 3)))


def _said(store: Store, docs: list[LinkedDoc]) -> dict[str, list[tuple[str, str]]]:
    """Group the story's quotes and claims into one key per thing said; return (outlet, key) pairs."""
    said: dict[str, list[tuple[str, str]]] = {"quotes": [], "claims": []}
    seen: dict[str, list[tuple[str | None, frozenset[str], str]]] = {"quotes": [], "claims": []}
    for doc in docs:
        for quote in store.quotes_of(doc.id):
            kind, grams = ("quotes" if quote.direct else "claims"), _grams(quote.text)
            speaker = quote.speaker or quote.speaker_name
            key = next((k for who, other, k in seen[kind] if _same(speaker, grams, who, other)), None)
            if key is None:
                key = quote_key(speaker, quote.text)
                seen[kind].append((speaker, grams, key))
            said[kind].append((outlet(doc), key))
    return said


def _same(speaker: str | None, grams: frozenset[str], who: str | None, other: frozenset[str]) -> bool:
    if speaker and who and speaker != who:
        return False
    return len(grams & other) >= QUOTE_OVERLAP * min(len(grams), len(other))


def _carried(store: Store, docs: list[LinkedDoc], events: Iterable[EventRow]) -> dict[str, dict[str, Any]]:
    """Collect, per outlet, the keys of what it carries, its place names and its tone."""
    by_doc = {d.id: outlet(d) for d in docs}
    found: dict[str, dict[str, Any]] = defaultdict(lambda: {"quotes": set(), "claims": set(), "events": set()})
    for kind, said in _said(store, docs).items():
        for name, key in said:
            found[name][kind].add(key)
    places: dict[str, dict[tuple[str, str, str | None], None]] = defaultdict(dict)
    for doc in docs:
        for mention in store.mentions_of(doc.id):
            if mention.used_by:
                name = re.sub(r"^the\s+", "", mention.text, flags=re.IGNORECASE)
                places[outlet(doc)][(mention.actor or name, name, mention.used_by)] = None
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for row in events:
        label = event_label(row)
        teller = by_doc.get(row.document)
        if label is None or teller is None:
            continue
        found[teller]["events"].add(label)
        scores[teller][(row.target_code or row.target_actor or "")[:3]].append(float(row.goldstein))
    for name in {outlet(d) for d in docs}:
        found[name]["places"] = [{"place": p, "name": n, "used_by": u} for p, n, u in places[name]]
        found[name]["tone"] = {side: {"goldstein": round(sum(v) / len(v), 2), "events": len(v)}
                               for side, v in sorted(scores[name].items())}
    return found
