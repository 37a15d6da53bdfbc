"""Follow commitments up across the corpus: kept, kept late, contradicted, pending, overdue or unknown.

A commitment's action says what kind of act would keep it (the `activities`
of `commitment_cues.yaml`): a meeting of a named format ("hold 2+2 meetings",
"come to Moscow for a 2+2 meeting"), a visit, exchanges, exercises, a port
call. The evidence is what the store holds after the day it was made and up
to the day asked about (`as_of`):

- meeting records held (`dyad.link.meeting_records`) whose participants
  come from every party, of the named format when there is one, at the
  promised place when there is one;
- events with the activity's CAMEO codes between the parties (a visit: 042
  by a party to the promised place; exercises: 062 between them).

Then, in this order:

- **contradicted**: the promise names a format and a place, and the first
  later meeting of that format was held elsewhere ("the next 2+2 will take
  place in Russia"; the next 2+2 was in Tokyo). Places are compared by
  country when the dictionary knows them (Tokyo is in Japan);
- **fulfilled**: evidence on or before the end of the due window (or with no
  window); **fulfilled late**: the first evidence after it, with both dates
  (`due_last` and `fulfilled_on`);
- **pending** when the window is still open on `as_of`, **overdue** when it
  has closed, **unknown** when there is no window and no evidence.

A later document's word overrides them (dyad.link.followup_reports): a
report that the deal was ended, suspended or violated makes it
**contradicted**; one that it was carried out, before any meeting or event
showed it, makes it **fulfilled** on the report's day.

Every status lists its evidence: the meetings' and events' ids with their
documents, or the promising document itself. Statuses only ever depend on
the store and `as_of`, so running the follow-up again changes nothing.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import chain
from typing import Any

from dyad.actors import ActorDictionary
from dyad.extract.commitments.commitment_cues import cues, format_named
from dyad.extract.time.timex_calendar import iso_span
from dyad.link.followup_reports import Reports, judge
from dyad.queries import commitments as commitment_queries
from dyad.store import Store
from dyad.store.commitment_queries import StatusUpdate, StoredCommitment

__all__ = ["Activity", "classify", "follow_up", "statuses_as_of"]


@dataclass(frozen=True)
class Activity:
    """A kind of act that keeps a promise, and what evidence shows it (see commitment_cues.yaml)."""

    name: str
    patterns: tuple[re.Pattern[str], ...]
    cameo: tuple[str, ...] = ()
    triggers: tuple[str, ...] = ()
    meetings: bool = False
    format: str | None = None  # "named", "place" or None
    needs_format: bool = False


@cache
def activities() -> tuple[Activity, ...]:
    """Load the activities from the bundled cue file, in the order they are tried."""
    return tuple(
        Activity(
            name=a["name"],
            patterns=tuple(re.compile(p, re.I) for p in a["patterns"]),
            cameo=tuple(a.get("cameo") or ()),
            triggers=tuple(a.get("triggers") or ()),
            meetings=bool(a.get("meetings")),
            format=a.get("format"),
            needs_format=bool(a.get("needs_format")),
        )
        for a in cues().activities
    )


# How the commitment stage writes an act promised not to be done ("vowed never to close it").
REFRAINING = ("not ", "never ")


def classify(action: str) -> tuple[Activity | None, str | None]:
    """Tell what kind of act keeps a promise, and the meeting format it names, from its action.

    A promise to refrain ("not deploy troops", "never hold talks") is kept by no
    later act: a meeting or an event of its kind would break it, not keep it.
    """
    if action.startswith(REFRAINING):
        return None, None
    fmt = format_named(action)
    for activity in activities():
        if activity.needs_format and fmt is None:
            continue
        if any(p.search(action) for p in activity.patterns):
            return activity, fmt
    return None, fmt


@dataclass(slots=True)
class _Proof:
    """One piece of evidence: a merged meeting or an event, when it happened and where.

    A follow-up holds one per meeting and per event with a relevant code,
    which at 20,000 articles is half a million: immutable sets and tuples,
    no per-instance dict, and strings and sets shared between proofs (see
    `_Shared`) keep each to about a third of what a plain dataclass took.
    """

    first: date
    value: str
    ids: tuple[str, ...]
    place: str | None = None
    countries: frozenset[str] = frozenset()
    format: str | None = None
    people: frozenset[str] = frozenset()
    source: str | None = None  # events: the acting country, for visits the visitor
    target: str | None = None
    cameo: str | None = None
    trigger: str = ""


@dataclass
class _World:
    """The evidence the store holds, read once per follow-up run, and indexed for each commitment's questions.

    Each commitment asks for the meetings in a date range whose countries
    include its parties, and the events in a date range with some CAMEO
    codes, done by one of its parties. Scanning every meeting and event for every commitment made a
    run's follow-up quadratic (20,000 articles: most of an hour after the
    articles were stored); the indexes below list, per country and per
    code and doer, the positions of its proofs in date order, so a question
    reads only its candidates, in the same order as a scan would.
    """

    meetings: list[_Proof]  # sorted by first day
    events: list[_Proof]
    dictionary: ActorDictionary
    later: Reports | None = None  # later documents' word on promises (dyad.link.followup_reports)
    _by_country: dict[str, list[int]] = field(default_factory=dict, init=False, repr=False)
    _by_code: dict[tuple[str, str | None], list[int]] = field(default_factory=dict, init=False, repr=False)
    _meeting_days: list[date] = field(default_factory=list, init=False, repr=False)
    _event_days: list[date] = field(default_factory=list, init=False, repr=False)

    def __post_init__(self) -> None:
        for n, meeting in enumerate(self.meetings):
            for country in meeting.countries:
                self._by_country.setdefault(country, []).append(n)
        for n, event in enumerate(self.events):
            visitor, _host = _visitor_and_host(event.cameo, event.source, event.target)
            self._by_code.setdefault((event.cameo or "", visitor), []).append(n)
        self._meeting_days = [m.first for m in self.meetings]
        self._event_days = [e.first for e in self.events]

    def meetings_of(self, parties: set[str], after: date, until: date) -> list[_Proof]:
        """Return the meetings held after one day, up to another, with every party among their countries."""
        low, high = bisect_right(self._meeting_days, after), bisect_right(self._meeting_days, until)
        chosen: Sequence[int] = range(low, high)
        if parties:
            positions = min((self._by_country.get(country, []) for country in parties), key=len)
            chosen = positions[bisect_left(positions, low) : bisect_left(positions, high)]
        return [m for m in (self.meetings[n] for n in chosen) if m.countries and parties <= m.countries]

    def events_of(self, codes: tuple[str, ...], visitors: set[str], after: date, until: date) -> list[_Proof]:
        """Return the events with one of some CAMEO codes, done by one of some parties, in a date range, in order.

        The party doing the act is the source, or for a visit received
        ("host a visit", 043) the target: `_visitor_and_host`.
        """
        low, high = bisect_right(self._event_days, after), bisect_right(self._event_days, until)
        chosen: list[int] = []
        for key in {(code, visitor) for code in codes for visitor in visitors}:
            positions = self._by_code.get(key, [])
            chosen += positions[bisect_left(positions, low) : bisect_left(positions, high)]
        return [self.events[n] for n in sorted(chosen)]


def follow_up(store: Store, as_of: date | None = None, *, only_new: bool = False) -> int:
    """Decide and store the status of the commitments that may have changed; record the analyses seen.

    Which analyses the follow-up has seen is kept in the store, not in a
    run's memory: a run stopped before or during its follow-up leaves them
    unseen, and the next follow-up takes them up (dyad.store.progress).

    Args:
        store: the store, after its documents were analysed and linked.
        as_of: the day statuses are judged on; today when None.
        only_new: only follow up the commitments that analyses not seen
            yet can change: their documents' own, those whose parties
            the documents mention, and those naming no party (any new
            meeting may keep one); every commitment when False.

    Returns:
        How many commitments were given a status.
    """
    taken = store.take_unfollowed()  # before the evidence is read: what comes after is the next follow-up's
    if only_new and not taken:
        return 0
    todo = store.commitments_to_follow(only_new)  # earliest made first
    first = next(todo, None)
    changed = 0
    if first is not None:
        day = as_of or date.today()
        world = _world(store, _earliest([first]))
        changed = store.set_commitment_statuses(assess(store, item, world, day) for item in chain([first], todo))
    if taken:
        store.mark_followed()
    return changed


def statuses_as_of(
    store: Store, as_of: date, status: str | None = None
) -> Iterator[tuple[StoredCommitment, StatusUpdate]]:
    """Judge every commitment as of a day without storing anything (for `dyad commitments --as-of`).

    The commitments are streamed earliest made first, so the first gives
    the year the evidence is read from, and each is judged as it is read.
    """
    todo = commitment_queries.listing(store.engine)
    first = next(todo, None)
    if first is None:
        return
    world = _world(store, _earliest([first]))
    for item in chain([first], todo):
        update = assess(store, item, world, as_of)
        if status is None or update.status == status:
            yield item, update


def _earliest(todo: list[StoredCommitment]) -> str:
    """Return the year the earliest of some commitments was made: no earlier event can keep one ("": undated)."""
    return min((c.commitment.made or "" for c in todo), default="")[:4]


def _world(store: Store, earliest: str) -> _World:
    """Read the meetings and the events since a year that could be evidence for some commitments.

    Events are streamed from the store and only those that could keep a
    promise are kept: one party acting towards another (an act with no
    known doer or receiver, or a state's act towards itself, never counts).
    """
    from dyad.actors.stored import dictionary_for
    from dyad.export.records import read_meetings

    shared = _Shared(dictionary_for(store))
    held = (m for m in read_meetings(store) if m["status"] == "held")  # a planned meeting keeps no promise
    meetings = [p for p in (_meeting_proof(m, shared) for m in held) if p is not None]
    codes = {code for activity in activities() for code in activity.cameo}
    events = [p for p in (_event_proof(e, shared) for e in store.events_with_codes(codes, earliest)) if p]
    return _World(sorted(meetings, key=lambda p: p.first), sorted(events, key=lambda p: p.first), shared.dictionary,
                  Reports(store))


class _Shared:
    """One copy of what many proofs hold alike: days, date strings, sets of people, actors' countries."""

    def __init__(self, dictionary: ActorDictionary) -> None:
        self.dictionary = dictionary
        self._days: dict[str, tuple[date, date] | None] = {}
        self._countries: dict[str | None, str | None] = {}
        self._sets: dict[frozenset[str], frozenset[str]] = {}
        self._strings: dict[str, str] = {}

    def bounds(self, value: str | None) -> tuple[date, date] | None:
        if value not in self._days:
            self._days[value] = date_bounds(value)  # type: ignore[index]  # None is a key like any other
        return self._days[value]  # type: ignore[index]

    def country(self, actor_id: str | None) -> str | None:
        if actor_id not in self._countries:
            self._countries[actor_id] = _country(self.dictionary, actor_id)
        return self._countries[actor_id]

    def set(self, items: Any) -> frozenset[str]:
        found = frozenset(items)
        return self._sets.setdefault(found, found)

    def string(self, value: str) -> str:
        return self._strings.setdefault(value, value)


def _meeting_proof(record: dict[str, Any], shared: _Shared) -> _Proof | None:
    bounds = shared.bounds(record["date"])
    if bounds is None:
        return None
    people = shared.set(record["participants"])
    countries = shared.set(c for c in (shared.country(p) for p in people) if c)
    ids = (record["id"], *map(shared.string, record["documents"]))  # a document reports several meetings
    return _Proof(bounds[0], shared.string(record["date"]), ids, record["place"],
                  countries, record["format"], people)


def _event_proof(row: dict[str, Any], shared: _Shared) -> _Proof | None:
    bounds = shared.bounds(row["date"])
    if bounds is None:
        return None
    source, target = shared.country(row["source_actor"]), shared.country(row["target_actor"])
    visitor, host = _visitor_and_host(row["cameo"], source, target)
    if visitor is None or host is None or visitor == host:
        return None  # what `_events` would always pass over
    return _Proof(bounds[0], shared.string(row["date"]), (row["id"], shared.string(row["document"])),
                  source=source, target=target, people=shared.set({row["source_actor"]} - {None}),
                  cameo=shared.string(row["cameo"]), trigger=shared.string(row["trigger"].lower()))


def _country(dictionary: ActorDictionary, actor_id: str | None) -> str | None:
    actor = dictionary.by_id(actor_id) if actor_id else None
    if actor is None:
        return None
    return actor.id if actor.kind == "state" else actor.country


def place_country(dictionary: ActorDictionary, place: str | None) -> str | None:
    """Return the country a place name is in, when the dictionary knows (a state, or its capital)."""
    if not place:
        return None
    state = dictionary.state_by_name(place)
    if state is not None:
        return state.id
    capitals = dictionary.metonym(place)
    return capitals[0].country if capitals else None


# -- judging one commitment ------------------------------------------------------


def assess(store: Store, item: StoredCommitment, world: _World, as_of: date) -> StatusUpdate:
    """Judge one commitment as of a day, with the evidence for the judgement."""
    c = item.commitment
    made = date_bounds(c.made)
    after = made[1] if made else date.min
    due_last = date.fromisoformat(c.due_last) if c.due_last else None
    activity, fmt = classify(c.action)
    verdict, proofs = "", list[_Proof]()
    if activity is not None:
        people = store.commitment_mentions(item.document, c.start, c.end) if activity.name == "visit" else []
        verdict, proofs = _evidence(activity, fmt, item, world, after, as_of, people)
    if world.later is not None and made and verdict != "contradicted":  # a later document's word on it
        ids = list(dict.fromkeys(i for p in proofs for i in p.ids))
        reports = world.later.about(c.parties, c.action, item.document, after, as_of)
        judged = judge(item.id, reports, proofs[0].first if proofs else None, ids, due_last, as_of)
        if judged is not None:
            return judged
    if proofs:
        ids = list(dict.fromkeys(i for p in proofs for i in p.ids))
        if verdict == "contradicted":
            return StatusUpdate(item.id, "contradicted", as_of.isoformat(), ids)
        late = due_last is not None and proofs[0].first > due_last
        return StatusUpdate(item.id, "fulfilled late" if late else "fulfilled", as_of.isoformat(), ids,
                            proofs[0].value)
    if due_last is None:
        status = "unknown"
    else:
        status = "pending" if as_of <= due_last else "overdue"
    return StatusUpdate(item.id, status, as_of.isoformat(), [item.document])


def _evidence(
    activity: Activity, fmt: str | None, item: StoredCommitment, world: _World, after: date, as_of: date,
    people: list[str],
) -> tuple[str, list[_Proof]]:
    """Find what keeps or breaks a promise: ("fulfilled" | "contradicted", proofs in date order)."""
    parties = set(item.commitment.parties)
    meetings = world.meetings_of(parties, after, as_of)
    if activity.format == "named":
        return _named(fmt, item.commitment.place, meetings, world.dictionary)
    found: list[_Proof] = []
    if activity.meetings:
        found += _at_place(activity, item, meetings, people, world.dictionary)
    events = world.events_of(activity.cameo, parties, after, as_of)  # `_events` keeps only a party's acts
    found += _events(activity, item, events, people, world.dictionary)
    return "fulfilled", sorted(found, key=lambda p: p.first)


def _named(fmt: str | None, place: str | None, meetings: list[_Proof], dictionary: ActorDictionary
           ) -> tuple[str, list[_Proof]]:
    """Judge a promise of a meeting in a named format: the first later one decides where it is held."""
    series = [m for m in meetings if m.format == fmt]
    if not place:
        return "fulfilled", series
    for n, meeting in enumerate(series):
        same = same_place(place, meeting.place, dictionary)
        if same is None:
            continue
        if not same:
            return "contradicted", [meeting]
        return "fulfilled", [m for m in series[n:] if same_place(place, m.place, dictionary)]
    return "fulfilled", []


def _at_place(
    activity: Activity, item: StoredCommitment, meetings: list[_Proof], people: list[str], dictionary: ActorDictionary
) -> list[_Proof]:
    """Keep the meetings at the promised place (and with the promised visitor, for a visit)."""
    place = item.commitment.place
    if activity.format == "place":
        if place:
            meetings = [m for m in meetings if same_place(place, m.place, dictionary)]
        elif not item.commitment.action.startswith("meet"):
            return []  # "hold talks on X": a meeting on another subject would not keep it
    if people:  # a call on a named host ("a courtesy call on President X") is kept only by a meeting with them
        meetings = [m for m in meetings if set(people) <= m.people]
    return meetings


def _events(
    activity: Activity, item: StoredCommitment, events: list[_Proof], people: list[str], dictionary: ActorDictionary
) -> list[_Proof]:
    """Keep the events between the parties that carry the act out (a visit to the promised place)."""
    parties = set(item.commitment.parties)
    where = place_country(dictionary, item.commitment.place)
    found = []
    for event in events:
        if activity.triggers and not any(word in event.trigger for word in activity.triggers):
            continue
        visitor, host = _visitor_and_host(event.cameo, event.source, event.target)
        if visitor not in parties or host is None or host == visitor:
            continue
        if where is not None and activity.format == "place" and host != where:
            continue
        if where is None and host not in parties:
            continue
        if people and not event.people & set(people) and event.cameo != "043":
            continue
        found.append(event)
    return found


def _visitor_and_host(cameo: str | None, source: str | None, target: str | None) -> tuple[str | None, str | None]:
    """Name the country doing an act and the one it is done to (visitor and host).

    For a visit received ("host a visit", 043) the target is the visitor
    and the source the host; for every other act, the source acts.
    """
    return (target, source) if cameo == "043" else (source, target)


def same_place(promised: str, held: str | None, dictionary: ActorDictionary) -> bool | None:
    """Tell whether a meeting was held at the promised place: True, False, or None when unknown.

    The same name agrees; otherwise countries decide when both are known
    ("Russia" and "Moscow" agree; "Russia" and "Tokyo" do not).
    """
    if not held:
        return None
    if promised.casefold() == held.casefold():
        return True
    a, b = place_country(dictionary, promised), place_country(dictionary, held)
    if a is None or b is None:
        return None
    if a != b:
        return False
    return True if dictionary.state_by_name(promised) is not None else None


def date_bounds(value: str | None) -> tuple[date, date] | None:
    """Return the first and last day an ISO value denotes: a day, week, weekend, month, year or first/last range.

    A value of a year that the calendar cannot read ("2019-SU", "2019-Q3")
    spans its whole year.
    """
    if not value:
        return None
    if "/" in value:
        first, _, last = value.partition("/")
        a, b = date_bounds(first), date_bounds(last)
        return (a[0], b[1]) if a and b else None
    found = iso_span(value)
    if found is None and re.match(r"\d{4}", value):
        return iso_span(value[:4])
    return found
