"""Put each new document into the story of the happening it reports, incrementally.

A story grows one document at a time and is never re-clustered. For a new
document the candidates are (each through an index, never a corpus scan):

    text      documents sharing LSH band keys with it, and those it cites or
              that cite it (from dyad.link.duplicates)
    window    documents published within WINDOW_DAYS of it that name at least
              MIN_SHARED_ACTORS of the same actors
    meeting   documents reporting a meeting on the same day (a preview: on
              the days around its own), and previews of the days around a
              held one
    batch     for an undated document, the documents read with it naming
              at least MIN_SHARED_ACTORS of its actors; for a dated one, the
              undated among them
    people    the same pairs among stored documents: for an undated
              document, those reporting a meeting of one of its meetings'
              people; for a dated one, the undated among them (an undated
              pair scores as one story only with a meeting in common)

Each candidate already in a story is scored against the new document:

    score = 0.35 text + 0.25 actors + 0.25 meeting + 0.15 date

    text     share of the smaller document's shingles found in the other
             (a cited or citing document counts at least CITED_TEXT)
    actors   weighted overlap coefficient of the actor ids both mention:
             |A ∩ B| / min(|A|, |B|), states and places weighing half of
             people and organisations. Plain Jaccard punishes short items:
             the seeds' 120-word MoD item on Shoigu's visit shares both its
             actors with the DW article (overlap 1.0) but has Jaccard 0.15.
             A pair with no text and no meeting in common counts it only
             when the actors shared weigh LONE_ACTORS_WEIGHT: two candidates
             every report of a campaign names tie no two reports
    meeting  1 when both report one meeting (dyad.link.meetings merges
             them) with date and place, held within WINDOW_DAYS of both;
             0.5 when one report lacks date or place
    date     1 on the same day, falling linearly to 0 at WINDOW_DAYS apart;
             half that when either date is only a month or a year

Two dated documents published more than STORY_DAYS apart are not scored:
they report two happenings. A story scores as its best document (single
link). The new document joins the best story scoring at least
STORY_THRESHOLD, else starts its own; a copy
joins its original's story. Its id is derived from its first document. Every
other story scoring at least STORY_THRESHOLD merges into the one it joins, so
the stories are those of the pairs that pass, whatever order they came in;
except stories of dates too far apart to be one happening, which stay apart.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from dyad.extract.time.timex_calendar import iso_span as date_span
from dyad.link.meetings import _GENERIC_FORMATS, could_merge, formats_agree, merge_meetings
from dyad.model import Meeting
from dyad.store import Store
from dyad.store.annotation_rows import record_id
from dyad.store.links import LinkedDoc
from dyad.store.story_heads import follow

WEIGHTS = {"text": 0.35, "actors": 0.25, "meeting": 0.25, "date": 0.15}
# 0.35, scored without the text part (which only adds): on the seeds the weakest
# same-story pair is the MoD item on the ground-force visit vs the other 2019
# items (0.40) and the strongest cross-story pair 0.25; in tests/fixtures/stories
# same-story pairs score 0.32-0.65 (each document's best >= 0.36; the Moscow
# Times analysis joins through its citation of Kyodo, 0.53), the unrelated
# same-week trade story <= 0.13. Before meetings had to be recent, the seeds'
# MoD item recalling the 2018 Moscow talks scored 0.35 against the 2018 story.
STORY_THRESHOLD = 0.35
WINDOW_DAYS = 7
# A preview's date may be off from the day held: "as early as around April
# 16" for a meeting held on the 13th. Held reports look for previews of
# their meeting PLAN_REACH days either side (previews are few: one lookup).
PREVIEW_DAYS = 14
PLAN_REACH = 3
# A happening's reports, previews and follow-ups come out within weeks of
# each other; two dated documents further apart are two stories however
# much they share (a background paragraph every report of a long dispute
# repeats, the same ministers, the same capital). On the development set
# the furthest same-story pair is a preview and its report, 8 days apart.
STORY_DAYS = 31
MIN_SHARED_ACTORS = 2
# Two documents sharing neither wording nor a meeting tie by their actors and dates alone only when the
# actors they share weigh this much (a person or an organisation 1, a state or a place half): the two
# candidates of an election, or two leaders and a state, are named in most of a week's reports, whatever
# each reports. On 84 US political articles (PolNeAR) such pairs made 17 ties and stories of 11 and 7
# unrelated articles; on the development set no same-story pair needs a tie of this kind.
LONE_ACTORS_WEIGHT = 3.0
MAX_WINDOW_CANDIDATES = 200  # a busy week's most overlapping documents
# Per batch, the windows read are kept, the last WINDOWS_KEPT, each of at most
# WINDOW_MOST documents: ~3 MB a window of 20,000 documents (a feed of 1,300 a
# day); a busier window is ranked by the store, document by document.
WINDOWS_KEPT = 8
WINDOW_MOST = 20_000
CITED_TEXT = 0.6
_HALF_WEIGHT_KINDS = {"state", "place"}


@dataclass
class Profile:
    """What story scoring reads of one document.

    A document is scored against some fifty candidates, and a candidate
    against every later document of its batch that finds it: what scoring
    asks of one side alone (its date's span, its actors' total weight, its
    meetings' facts) is worked out once, not per pair. `reports` comes from
    the run's `Known` when it read the document; a profile made by hand
    works its own out when first asked.
    """

    doc: LinkedDoc
    actors: dict[str, float] = field(default_factory=dict)
    meetings: list[Meeting] = field(default_factory=list)
    known_reports: Reports | None = field(default=None, repr=False, compare=False)

    @cached_property
    def span(self) -> tuple[date, date] | None:
        return date_span(self.doc.published)

    @property
    def reports(self) -> Reports:
        if self.known_reports is None:
            self.known_reports = Reports.of(self.actors, self.meetings)
        return self.known_reports


@dataclass(frozen=True, slots=True)
class _Report:
    """One meeting as a preview check reads it: place case-folded (None when empty), dates as spans, people as a set."""

    planned: bool
    format: str | None
    place: str | None
    day: str | None
    span: tuple[date, date] | None
    a_day: bool
    people: frozenset[str]


@dataclass(frozen=True, slots=True)
class Reports:
    """What pair scoring reads of one document's actors and meetings, worked out once per document."""

    weight: float  # the actors' total weight (halves and ones: the sum is exact in any order)
    held: list[Meeting]
    every: list[_Report]
    planned: list[_Report]

    @classmethod
    def of(cls, actors: dict[str, float], meetings: list[Meeting]) -> Reports:
        every = [_Report(m.status == "planned", m.format, m.place.casefold() if m.place else None, m.date,
                         date_span(m.date), _a_day(m.date), frozenset(m.participants)) for m in meetings]
        return cls(sum(actors.values()), _held(meetings), every, [r for r in every if r.planned])


def date_score(a: tuple[date, date] | None, b: tuple[date, date] | None) -> float:
    """Score how close two dates are: 1 on one day, 0 at WINDOW_DAYS apart, halved when vague."""
    if a is None or b is None:
        return 0.0
    gap = max((b[0] - a[1]).days, (a[0] - b[1]).days, 0)
    score = max(0.0, 1 - gap / WINDOW_DAYS)
    precise = a[0] == a[1] and b[0] == b[1]
    return score if precise else score / 2


def actor_score(a: dict[str, float], b: dict[str, float]) -> float:
    """Score shared actors as a weighted overlap coefficient; 0 when either names fewer than two."""
    if len(a) < MIN_SHARED_ACTORS or len(b) < MIN_SHARED_ACTORS:
        return 0.0
    shared = sum(a[k] for k in a.keys() & b.keys())
    return shared / min(sum(a.values()), sum(b.values()))


def _actor_score(new: Profile, old: Profile) -> float:
    """`actor_score` of two profiles, with each side's total weight worked out once."""
    a, b = new.actors, old.actors
    if len(a) < MIN_SHARED_ACTORS or len(b) < MIN_SHARED_ACTORS:
        return 0.0
    shared = sum(a[k] for k in a.keys() & b.keys())
    return shared / min(new.reports.weight, old.reports.weight)


def meeting_score(new: Profile, old: Profile) -> float:
    """Score 1 when two documents report one recent meeting with date and place, 0.5 when vaguer.

    The meeting must fall within WINDOW_DAYS of each dated document: two
    reports recalling last year's meeting as background are not one story.
    """
    near = new.span is None or old.span is None or _gap(new.span, old.span) <= PREVIEW_DAYS
    previewed = _previewed(new.reports, old.reports, near)
    if previewed == 1.0:  # nothing below can score more
        return previewed
    a, b = new.reports.held, old.reports.held
    undated = new.span is None or old.span is None
    if not could_merge(a, b):
        return max(previewed, 0.5 if undated and _same_place_and_format(new, old) else 0.0)
    best = previewed
    for merged in merge_meetings([*((m, "a") for m in a), *((m, "b") for m in b)]):
        if set(merged.documents) != {"a", "b"}:
            continue
        if merged.date is None:  # undated reports merge by their people only: one meeting, vaguely
            best = max(best, 0.5)
            continue
        when = date_span(merged.date)
        if any(date_score(when, span) == 0.0 for span in (new.span, old.span) if span is not None):
            continue
        # each document gives the meeting's date and place in one of its reports of it: a
        # document's later vague mention of the same meeting ("the meeting") takes nothing away
        precise = all(any(m.date is not None and m.place is not None and _in(m, merged.date, merged.place)
                          for m in side) for side in (a, b))
        best = max(best, 1.0 if precise and merged.place is not None else 0.5)
    if not best and undated and _same_place_and_format(new, old):
        best = 0.5
    return best


def _held(meetings: list[Meeting]) -> list[Meeting]:
    return [m for m in meetings if m.status == "held"]


def _previewed(a: Reports, b: Reports, near: bool = True) -> float:
    """Score a meeting one document announces and the other reports (or announces too) as one.

    A preview's date may differ from the day held (postponed, brought
    forward, "around the 16th"): up to PREVIEW_DAYS apart they are one
    meeting when they share a participant and agree on place and format.
    1 when they also name the same place or format, else 0.5. A preview
    that gives no day ties only by the same place: "the ministers will
    meet" and any meeting of one of them are not one, nor are "the next
    2+2" of a report and a 2+2 held years later. A preview without a day
    is dated only by its document: it ties a meeting only in a document
    published within PREVIEW_DAYS of its own (`near`, or either undated).
    "The next round will be held in Tokyo" in pieces years apart is two
    rounds.

    Only pairs with a preview in them are tried (each preview of one side
    with every meeting of the other), and the first pair scoring 1 ends it.
    """
    if not a.planned and not b.planned:
        return 0.0
    best = 0.0
    for x in a.every:
        for y in b.every if x.planned else b.planned:
            if not formats_agree(x.format, y.format) or (x.place and y.place and x.place != y.place):
                continue
            dated = x.day is not None and y.day is not None
            if dated and (x.span is None or y.span is None or _gap(x.span, y.span) > PREVIEW_DAYS):
                continue  # a date too vague to place (a day without its year) is never near another
            if not dated and not near:
                continue
            if x.people.isdisjoint(y.people):
                continue
            # "bilateral" only counts the sides: two two-sided meetings sharing a minister are not named alike
            formatted = x.format and x.format == y.format and x.format not in _GENERIC_FORMATS
            if (x.place and y.place) or (formatted and all(m.a_day for m in (x, y) if m.planned)):
                return 1.0
            if dated:
                best = 0.5
    return best


def _gap(x: tuple[date, date], y: tuple[date, date]) -> int:
    """Return the days between two spans (0 when they overlap)."""
    return max((y[0] - x[1]).days, (x[0] - y[1]).days, 0)


def _a_day(value: str | None) -> bool:
    """Tell whether a date is a day ("2021-04-13"), not a month, a range or a year-less day."""
    return value is not None and len(value) == 10 and value[:1].isdigit()


def _same_place_and_format(new: Profile, old: Profile) -> bool:
    """Tell whether two documents report a recent meeting in one place whose dates and formats agree.

    Too weak to merge the meetings when one is undated (a capital holds
    many), but a sign, among documents already sharing their actors, that an
    undated one reports the same meeting.
    """
    return any(x.place is not None and y.place is not None and x.place.casefold() == y.place.casefold()
               and _in(x, y.date, None) and formats_agree(x.format, y.format)
               and _recent(x, new) and _recent(y, old)
               for x in new.reports.held for y in old.reports.held)


def _recent(meeting: Meeting, profile: Profile) -> bool:
    """Tell whether a meeting falls within WINDOW_DAYS of its document's date (or either is unknown)."""
    when = date_span(meeting.date)
    return when is None or profile.span is None or date_score(when, profile.span) > 0.0


def _in(meeting: Meeting, day: str | None, place: str | None) -> bool:
    same_day = meeting.date is None or day is None or day.startswith(meeting.date) or meeting.date.startswith(day)
    same_place = meeting.place is None or place is None or meeting.place.casefold() == place.casefold()
    return same_day and same_place


def score(new: Profile, old: Profile, text: float) -> float:
    """Combine text, actors, meeting and date into one score between 0 and 1.

    When either document has no date, the date part is unknown rather than
    far apart: the other parts are scored out of their own weights. On the
    development set this let undated reports of one meeting join (their
    pairs 0.39-0.44) while no two reports of different stories passed 0.21.
    """
    actors, meeting = _actor_score(new, old), meeting_score(new, old)
    return _total(new, old, text, _supported(new, old, text, meeting, actors), meeting, date_score(new.span, old.span))


def _reaching(new: Profile, old: Profile, text: float, floor: float) -> float | None:
    """Return `score`, or None when it must fall short of `floor` whatever the meeting part.

    The meeting part is the dearest, and most candidates of a document are
    ruled out without it: scored with a meeting part of 1, their best case,
    they still fall short. Adding and dividing floats only ever rounds a
    larger sum to a value at least as large, so a best case short of the
    floor means the score is too.
    """
    actors, day = _actor_score(new, old), date_score(new.span, old.span)
    if _total(new, old, text, actors, 1.0, day) < floor:
        return None
    meeting = meeting_score(new, old)
    return _total(new, old, text, _supported(new, old, text, meeting, actors), meeting, day)


def _supported(new: Profile, old: Profile, text: float, meeting: float, actors: float) -> float:
    """Give the actors part as it counts: in full when the pair shares wording or a meeting, or shares actors
    weighing LONE_ACTORS_WEIGHT; else nothing, since two widely named people make no happening."""
    if text > 0.0 or meeting > 0.0 or actors == 0.0:
        return actors
    shared = sum(new.actors[k] for k in new.actors.keys() & old.actors.keys())
    return actors if shared >= LONE_ACTORS_WEIGHT else 0.0


def _total(new: Profile, old: Profile, text: float, actors: float, meeting: float, day: float) -> float:
    """Weigh the parts of a score, in one order always (floats add exactly alike only in one order)."""
    total = WEIGHTS["text"] * text + WEIGHTS["actors"] * actors + WEIGHTS["meeting"] * meeting + WEIGHTS["date"] * day
    if new.span is None or old.span is None:
        return total / (1 - WEIGHTS["date"])
    return total


def candidates(store: Store, profile: Profile, known: Known) -> list[str]:
    """List documents dated near this one that share its actors or one of its meetings."""
    found: list[str] = []
    days = window_days(profile)
    if days is not None:
        first, last = days
        window = known.window(store, first, last, profile.actors)
        if window is not None:
            found += sharing(window, profile.actors, profile.doc.id)
        else:  # a window too busy to hold: the store ranks it for this document
            found += store.documents_in_window(first, last, profile.actors, profile.doc.id,
                                               min_shared=MIN_SHARED_ACTORS, limit=MAX_WINDOW_CANDIDATES)
    for day in meeting_days(profile):
        found += known.at_meeting(store, day, profile.doc.id)
    found += known.at_plans(store, plan_days(profile), profile.doc.id)
    found += sharing(known.batch_actors(profile.span is None), profile.actors, profile.doc.id)
    found += known.with_people(store, meeting_people(profile), profile.doc.id, undated=profile.span is not None)
    return found


def meeting_people(profile: Profile) -> set[str]:
    """Return the people of the meetings a document reports."""
    return {person for meeting in profile.meetings for person in meeting.participants}


def window_days(profile: Profile) -> tuple[str, str] | None:
    """Return the first and last day of the window in which a document seeks its story's other reports.

    None when it has no date, or names too few actors to share them.
    """
    span = profile.span
    if span is None or len(profile.actors) < MIN_SHARED_ACTORS:
        return None
    return (span[0] - timedelta(days=WINDOW_DAYS)).isoformat(), (span[1] + timedelta(days=WINDOW_DAYS)).isoformat()


def meeting_days(profile: Profile) -> list[str]:
    """List the days on which a document's meetings may have been reported by others, those dated to the day.

    A held meeting's own day; for a planned one, the days around it too
    (PLAN_REACH either side): the reports of it held, which `plan_days`
    finds from their side, so the pair is found whichever came first.
    """
    days = []
    for meeting in profile.meetings:
        if meeting.date is not None and _a_day(meeting.date):
            days += _around(meeting.date) if meeting.status == "planned" else [meeting.date]
    return sorted(set(days))


def plan_days(profile: Profile) -> list[str]:
    """List the days around each meeting a document reports held on which a preview may have announced it."""
    days = [day for meeting in profile.meetings if meeting.date is not None and _a_day(meeting.date)
            for day in _around(meeting.date)]
    return sorted(set(days))


def _around(day: str) -> list[str]:
    """List the days PLAN_REACH either side of a day, and the day."""
    first = date.fromisoformat(day)
    return [(first + timedelta(days=n)).isoformat() for n in range(-PLAN_REACH, PLAN_REACH + 1)]


def sharing(window: dict[str, list[str]], actors: Iterable[str], exclude: str) -> list[str]:
    """Rank a window's documents naming at least MIN_SHARED_ACTORS of these actors, most shared first.

    Ties go by id; at most MAX_WINDOW_CANDIDATES are kept.
    """
    counts: Counter[str] = Counter()
    for actor in set(actors):
        counts.update(window.get(actor, ()))
    counts.pop(exclude, None)
    kept = sorted((-n, doc_id) for doc_id, n in counts.items() if n >= MIN_SHARED_ACTORS)
    return [doc_id for _, doc_id in kept[:MAX_WINDOW_CANDIDATES]]


@dataclass
class Known:
    """Documents and profiles a linking run has read or decided, so each is read once per batch.

    `docs` holds each document as it is now: the batch's own with the copies
    and stories decided so far (written when the batch is), others as read.
    `features` holds the actors and meetings of each document read.
    `named` is the actors the windows are read for: a batch asks only about
    those its documents name (None: all).
    """

    docs: dict[str, LinkedDoc] = field(default_factory=dict)
    features: dict[str, tuple[dict[str, float], list[Meeting]]] = field(default_factory=dict)
    windows: OrderedDict[tuple[str, str], dict[str, list[str]] | None] = field(default_factory=OrderedDict)
    meeting_days: dict[str, list[str]] = field(default_factory=dict)
    plan_days: dict[str, list[str]] = field(default_factory=dict)
    people: dict[str, list[tuple[str, bool]]] = field(default_factory=dict)  # read_people
    ahead: dict[tuple[str, str], dict[str, list[str]] | None] = field(default_factory=dict)  # read_windows
    named: set[str] | None = None
    # Each document's Reports, with the `features` entry they were worked out
    # from: an entry replaced (a re-analysed document) is worked out again.
    reports: dict[str, tuple[tuple[dict[str, float], list[Meeting]], Reports]] = field(default_factory=dict)
    made: set[str] = field(default_factory=set)  # stories this batch started, not stored yet
    into: dict[str, str] = field(default_factory=dict)  # stories merged in this batch, to the one each joined
    _batch: dict[bool, dict[str, list[str]]] = field(default_factory=dict)

    def story(self, doc: LinkedDoc) -> str | None:
        """Return a document's story as it is now, after the merges decided in this batch."""
        return follow(self.into, doc.story) if doc.story else None

    def tie(self, choice: Choice, doc_id: str) -> None:
        """Remember a document's choice: a story it started, and the stories it merged."""
        if choice.story == record_id("story", doc_id):
            self.made.add(choice.story)
        for gone in choice.merged:
            self.into[gone] = choice.story

    def window(
        self, store: Store, first: str, last: str, actors: Collection[str] | None = None
    ) -> dict[str, list[str]] | None:
        """Return who is named in the documents published between two days, reading each window once.

        The last WINDOWS_KEPT windows are kept: a batch of one busy week asks
        for a handful of windows. None for a window of more than
        WINDOW_MOST documents, whose actors are not read. `actors` are those
        the caller will look up (None: any); windows read for other actors
        are read again (a document re-analysed once it inherited a date may
        name new ones).
        """
        if self.named is not None and (actors is None or not self.named.issuperset(actors)):
            self.named = None if actors is None else self.named | set(actors)
            self.ahead.clear()
            self.windows.clear()
        key = (first, last)
        if key in self.ahead:
            return self.ahead[key]
        if key in self.windows:
            self.windows.move_to_end(key)
            return self.windows[key]
        found = self.windows[key] = store.actors_in_window(first, last, WINDOW_MOST, self.named)
        if len(self.windows) > WINDOWS_KEPT:
            self.windows.popitem(last=False)
        return found

    def read_windows(
        self, store: Store, windows: Iterable[tuple[str, str] | None], actors: Iterable[str] | None = None
    ) -> None:
        """Read ahead the windows a batch's documents will ask for, in a few queries for them all.

        Up to WINDOW_MOST documents in all are held this way (what one
        window of `window` may hold); the windows left out are read when
        asked. With `actors` (those the batch's documents name), the windows
        map only those, from now on: what the batch will ask about.
        """
        if actors is not None:
            self.named = (self.named or set()) | set(actors)
        missing = {w for w in windows if w is not None and w not in self.ahead and w not in self.windows}
        if missing:
            self.ahead.update(store.actors_in_windows(missing, WINDOW_MOST, WINDOW_MOST, self.named))

    def batch_actors(self, everyone: bool) -> dict[str, list[str]]:
        """Map each actor to the documents of this run naming it: all of them, or only the undated.

        An undated document has no window in the store to seek its story's
        other reports in, so it seeks them among the documents read with it
        (a batch: bounded), and a dated document seeks undated ones there.
        """
        if everyone not in self._batch:
            index: dict[str, list[str]] = {}
            for doc_id, (actors, _) in self.features.items():
                doc = self.docs.get(doc_id)
                if doc is not None and (everyone or date_span(doc.published) is None):
                    for actor in actors:
                        index.setdefault(actor, []).append(doc_id)
            self._batch[everyone] = index
        return self._batch[everyone]

    def with_people(self, store: Store, people: set[str], exclude: str, *, undated: bool) -> list[str]:
        """Rank the stored documents reporting a meeting of these people, most of them first (only undated ones if asked).

        An undated pair of reports scores as one story only with a meeting
        in common, and a meeting in common shares a participant: so an
        undated document finds its story's stored reports this way, and a
        dated one the undated among them, whichever run stored them. Each
        person's list is read once per batch; ties go by id.
        """
        self.read_people(store, people)
        counts: Counter[str] = Counter()
        for person in people:
            counts.update(doc_id for doc_id, no_date in self.people[person] if no_date or not undated)
        counts.pop(exclude, None)
        return [doc_id for _, doc_id in sorted((-n, doc_id) for doc_id, n in counts.items())[:MAX_WINDOW_CANDIDATES]]

    def read_people(self, store: Store, people: Iterable[str]) -> None:
        """Read the stored reports of meetings of these people, those not read yet, in one query."""
        missing = {person for person in people if person not in self.people}
        if missing:
            self.people.update(store.documents_meeting_people(missing, MAX_WINDOW_CANDIDATES))

    def at_meeting(self, store: Store, day: str, exclude: str) -> list[str]:
        """List the first MAX_WINDOW_CANDIDATES other documents (by id) reporting a meeting on a day, reading each day once."""
        if day not in self.meeting_days:
            self.read_meeting_days(store, [day])
        return [doc_id for doc_id in self.meeting_days[day] if doc_id != exclude][:MAX_WINDOW_CANDIDATES]

    def at_plans(self, store: Store, days: list[str], exclude: str) -> list[str]:
        """List the documents announcing a meeting on these days, reading each day once."""
        self.read_plan_days(store, days)
        found = dict.fromkeys(d for day in days for d in self.plan_days[day] if d != exclude)
        return list(found)[:MAX_WINDOW_CANDIDATES]

    def read_plan_days(self, store: Store, days: Iterable[str]) -> None:
        """Read the previews announcing meetings on these days, those not read yet, in one query."""
        missing = {day for day in days if day not in self.plan_days}
        if missing:
            self.plan_days.update(store.documents_at_meetings(missing, MAX_WINDOW_CANDIDATES + 1, "planned"))

    def read_meeting_days(self, store: Store, days: Iterable[str]) -> None:
        """Read the reports of meetings on these days, those not read yet, in one query."""
        missing = {day for day in days if day not in self.meeting_days}
        if missing:
            self.meeting_days.update(store.documents_at_meetings(missing, MAX_WINDOW_CANDIDATES + 1))

    def linked(self, store: Store, ids: Iterable[str]) -> dict[str, LinkedDoc]:
        """Return these documents as they are now, reading only those not known yet."""
        wanted = set(ids)
        missing = wanted - self.docs.keys()
        if missing:
            self.docs.update(store.linked_documents(missing, cites=False))
        return {doc_id: self.docs[doc_id] for doc_id in wanted if doc_id in self.docs}


def profiles(store: Store, docs: Iterable[LinkedDoc], known: Known | None = None) -> dict[str, Profile]:
    """Read the actors and meetings of these documents, those in `known` only once."""
    by_id = {doc.id: Profile(doc) for doc in docs}
    features = known.features if known is not None else {}
    missing = [doc_id for doc_id in by_id if doc_id not in features]
    if missing:
        actors, meetings = store.actors_of(missing), store.meetings_by_document(missing)
        for doc_id in missing:
            weights = {a: 0.5 if kind in _HALF_WEIGHT_KINDS else 1.0 for a, kind in actors.get(doc_id, {}).items()}
            features[doc_id] = (weights, meetings.get(doc_id, []))
    for doc_id, profile in by_id.items():
        found = features[doc_id]
        profile.actors, profile.meetings = found
        if known is not None:
            held = known.reports.get(doc_id)
            if held is None or held[0] is not found:
                held = known.reports[doc_id] = (found, Reports.of(*found))
            profile.known_reports = held[1]
    return by_id


@dataclass(frozen=True)
class Choice:
    """The story a document joins, and the other stories it ties to that story.

    `merged` are stories that also scored at least STORY_THRESHOLD against
    the document: it is a report of each, so they are one story and merge
    into `story`. Without the merge, which story a document joined (and so
    the whole partition) depended on the order documents arrived in: two
    reports of one meeting started apart, and a third linking both joined
    only the better one.
    """

    story: str
    merged: tuple[str, ...] = ()


def choose_story(store: Store, doc: LinkedDoc, text: dict[str, float], known: Known | None = None) -> Choice:
    """Return the story a document belongs to (its original's, the best-scoring one, or a new one) and those it ties.

    Every story scoring at least STORY_THRESHOLD is one the document
    reports, so all of them are one story (single link, as between two
    documents): the story that keeps its id is one stored before this batch
    if any (its id may be linked to), else the best-scoring, ties by id.
    Only stories whose tying documents are dated within WINDOW_DAYS of the
    kept one's merge: an undated piece on two leaders meeting scores with
    every dated story of their meetings, and those stay apart.

    Args:
        store: the store, holding the document and its band keys.
        doc: the document to place.
        text: text similarity to documents found by band keys or citations, by id.
        known: documents and profiles read or decided so far in this run
            (documents of a batch not yet written are known only there).

    Returns:
        The story (new ones are derived from this document's id) and the
        stories to merge into it.
    """
    known = known if known is not None else Known()
    if doc.duplicate_of:
        original = known.linked(store, [doc.duplicate_of]).get(doc.duplicate_of)
        story = known.story(original) if original is not None else None
        if story:
            return Choice(story)
    mine = profiles(store, [doc], known)[doc.id]
    ids = set(text) | set(candidates(store, mine, known))
    others = [d for d in known.linked(store, ids).values() if d.story and d.id != doc.id]
    scored: dict[str, float] = {}
    spans: dict[str, list[tuple[date, date]]] = {}  # the dates of each story's documents that tie it
    for other in profiles(store, others, known).values():
        story = known.story(other.doc)
        assert story is not None
        if mine.span is not None and other.span is not None and _gap(mine.span, other.span) > STORY_DAYS:
            continue
        value = _reaching(mine, other, text.get(other.doc.id, 0.0), STORY_THRESHOLD)
        if value is None:  # short of the threshold: it ties no story, and only tied stories' scores are read
            continue
        scored[story] = max(scored.get(story, 0.0), value)
        if value >= STORY_THRESHOLD and other.span is not None:
            spans.setdefault(story, []).append(other.span)
    tied = sorted((story for story, value in scored.items() if value >= STORY_THRESHOLD),
                  key=lambda story: (story in known.made, -scored[story], story))
    if not tied:
        return Choice(record_id("story", doc.id))
    kept = list(spans.get(tied[0], []))
    merged = []
    for story in tied[1:]:
        if all(date_score(a, b) > 0.0 for a in kept for b in spans.get(story, [])):
            merged.append(story)
            kept += spans.get(story, [])
    return Choice(tied[0], tuple(merged))
