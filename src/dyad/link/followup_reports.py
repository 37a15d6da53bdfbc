"""Find what later documents say became of a promise: ended, suspended, violated, or carried out.

Meetings and events keep a promise only when an extractor coded them; news
also just says so ("Moscow quit the grain deal", "the embassies reopened",
"the dialogue was held"), often in a report that is no meeting at all. A
document published after the promise was made, naming one of its parties,
tells its fate in a sentence holding a cue of `followup_cues.yaml` (not
negated, threatened or conditional) and the promise's own subject words.
The follow-up (dyad.link.followup) turns a broken report into
`contradicted` and a kept one into `fulfilled`, with the document as
evidence and its date as the day.

Each candidate document's sentences are scanned once per follow-up run and
kept (`Reports`), so many promises of one pair read each document once.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from itertools import islice
from typing import TYPE_CHECKING, Any

from dyad.caches import Bounded
from dyad.data import load_yaml
from dyad.store.commitment_queries import StatusUpdate

if TYPE_CHECKING:
    from dyad.store import Store

# Documents read per promise, earliest first: a pair's later news is long,
# and the first reports of a fate are what decide it.
MOST_DOCUMENTS = 200
# Documents naming a party read at once, for the promises of its sets of
# parties made on that day or later (they come earliest first): a pair's
# hundreds of promises asked one query each, and each query reads every
# mention of the pair's states however far it reads (half the follow-up).
READ_AHEAD = 5 * MOST_DOCUMENTS
# Parties, and sets of parties, whose read-ahead is kept at once; a run with more reads again.
KEPT_PARTIES = 512

_WORD = re.compile(r"\w[\w+']*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


@dataclass(frozen=True)
class Cues:
    """The cue phrases (as word tuples) and word lists of `followup_cues.yaml`."""

    broken: tuple[tuple[str, ...], ...]
    kept: tuple[tuple[str, ...], ...]
    guards: frozenset[str]
    guard_span: int
    generic: frozenset[str]
    kinds: frozenset[str]


@cache
def cues() -> Cues:
    """Load the follow-up cues once."""
    data: dict[str, Any] = load_yaml("followup_cues.yaml")
    return Cues(
        broken=tuple(tuple(words(p)) for p in data["broken"]),
        kept=tuple(tuple(words(p)) for p in data["kept"]),
        guards=frozenset(str(g).casefold() for g in data["guards"]),
        guard_span=int(data["guard_span"]),
        generic=frozenset(stem(w) for w in data["generic"]),
        kinds=frozenset(stem(w) for w in data["kinds"]),
    )


def words(text: str) -> list[str]:
    """Split text into casefolded words, "n't" kept apart as a word of its own."""
    return [w for token in _WORD.findall(text.casefold().replace("n't", " n't"))
            for w in ([token] if token != "n't" else ["n't"])]


def stem(word: str) -> str:
    """Cut a word to a rough stem so "embassies" meets "embassy" and "reopened" meets "reopen"."""
    word = word.casefold()
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    for ending in ("ing", "ed", "es", "s"):
        if len(word) > len(ending) + 3 and word.endswith(ending) and not word.endswith("ss"):
            return word[: -len(ending)]
    return word


@dataclass(frozen=True)
class Subject:
    """What a promise is about: its specific words and the kinds of thing it names, stemmed."""

    specific: frozenset[str]
    kinds: frozenset[str]
    common: frozenset[str] = frozenset()  # the specific words that are no names ("grain", "ferry", "BECA")

    def shared_by(self, sentence: frozenset[str]) -> bool:
        """Tell whether a sentence's stems speak of this promise (see followup_cues.yaml, kinds).

        Names alone do not: "the situation around North Korea" shares two
        words with "cooperate on the denuclearization of North Korea", yet
        speaks of something else.
        """
        if self.specific:
            shared = self.specific & sentence
            return len(shared) >= min(2, len(self.specific)) and bool(shared & self.common)
        return bool(self.kinds & sentence)

    def __bool__(self) -> bool:
        return bool(self.specific or self.kinds)


@cache
def subject(action: str) -> Subject:
    """Take a promise's subject words from its action, leaving out the generic ones."""
    found = cues()
    stems = {stem(w) for w in words(action) if len(w) > 2 or any(c.isdigit() for c in w)}
    specific = frozenset(stems - found.generic - found.kinds)
    names = {stem(w) for w in _WORD.findall(action) if w[:1].isupper() and not w.isupper()}
    common = {stem(w) for w in words(action)} - names
    return Subject(specific, frozenset(stems & found.kinds), frozenset(specific & common))


@dataclass(frozen=True)
class Fate:
    """One sentence of a later document telling a promise's fate."""

    kind: str  # "broken" or "kept"
    stems: frozenset[str]


def fates(text: str) -> list[Fate]:
    """List the sentences of a text that report a deal ended or carried out, with their stems."""
    out = []
    for sentence in _SENTENCE_END.split(text):
        tokens = words(sentence)
        kind = _said(tokens)
        if kind is not None:
            out.append(Fate(kind, frozenset(stem(t) for t in tokens)))
    return out


@cache
def _by_first_word() -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """List the cue phrases under their first word, broken ones first: one pass over a sentence finds them."""
    found: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for kind, phrases in (("broken", cues().broken), ("kept", cues().kept)):
        for phrase in phrases:
            found.setdefault(phrase[0], []).append((kind, phrase))
    return found


def _said(tokens: list[str]) -> str | None:
    """Return the kind of the first cue standing in the words, not negated, threatened or conditional.

    A sentence saying both ("the talks were held, then the deal collapsed")
    reports the break.
    """
    found, listed = cues(), _by_first_word()
    kinds = set()
    for i, token in enumerate(tokens):
        for kind, phrase in listed.get(token, ()):
            if tuple(tokens[i : i + len(phrase)]) == phrase:
                if not found.guards.intersection(tokens[max(0, i - found.guard_span) : i]):
                    kinds.add(kind)
    return "broken" if "broken" in kinds else ("kept" if kinds else None)


@dataclass(frozen=True)
class Report:
    """A later document's word on a promise: broken or kept, on the document's day."""

    kind: str
    day: date
    value: str
    document: str


@dataclass
class Reports:
    """Later documents' fates, scanned once per follow-up run."""

    store: Store
    _fates: dict[str, list[Fate]] = field(default_factory=dict)
    _naming: Bounded[tuple[str, ...], Naming] = field(default_factory=lambda: Bounded(KEPT_PARTIES))
    _party: Bounded[str, Naming] = field(default_factory=lambda: Bounded(KEPT_PARTIES))

    def about(self, parties: list[str], action: str, document: str, after: date, until: date) -> list[Report]:
        """Return what documents published after one day, up to another, naming a party, say of a promise."""
        about = subject(action)
        if not about or not parties or after >= until or after == date.min:
            return []
        found = self.naming(parties, document, after, until)
        unread = [doc for doc, _ in found if doc not in self._fates]
        for doc_id, text in self.store.texts_by_id(unread).items():
            self._fates[doc_id] = fates(text.text)
        reports = []
        for doc_id, published in found:
            day = _day(published)
            if day is None or not after < day <= until:
                continue
            for fate in self._fates.get(doc_id, []):
                if about.shared_by(fate.stems):
                    reports.append(Report(fate.kind, day, published, doc_id))
                    break
        return sorted(reports, key=lambda r: (r.day, r.document))

    def naming(self, parties: list[str], document: str, after: date, until: date) -> list[tuple[str, str]]:
        """Return the first MOST_DOCUMENTS documents after a day, up to another, naming a party, but one.

        As `Store.documents_naming` gives them, from a read-ahead of the
        parties' documents when one covers the day. A set of parties' rows
        are the union of each party's own read-ahead (`_union`): the
        promises of a country with each of its partners ask for many sets
        and few parties, and each query reads every mention of its states.
        """
        key = tuple(sorted(set(parties)))
        kept = self._naming.get(key)
        found = kept.after(after, document, until) if kept is not None else None
        if found is None:
            kept = self._naming.put(key, self._union(key, after))
            found = kept.after(after, document, until)
            assert found is not None, "a read-ahead covers the day it was read from"
        return found

    def _union(self, parties: tuple[str, ...], after: date) -> Naming:
        """Merge the parties' read-aheads into the set's: every row up to the first row one of them has not read.

        A party's rows read after an earlier day hold every row after this
        one up to their last; the union is whole up to the earliest such
        last row. Short of READ_AHEAD rows there, the party that cut it is
        read again from this day.
        """
        since = after.isoformat()
        while True:
            lists = [self._read(party, after) for party in parties]
            unfinished = [n for n, kept in enumerate(lists) if not kept.complete]
            cut = min((_order(lists[n].rows[-1]) for n in unfinished), default=None)
            rows = sorted({row for kept in lists for row in kept.rows
                           if row[1] > since and (cut is None or _order(row) <= cut)}, key=_order)
            if cut is None or len(rows) >= READ_AHEAD:
                return Naming(after, rows, complete=cut is None)
            n = min(unfinished, key=lambda n: _order(lists[n].rows[-1]))  # the party that cut the union
            short = lists[n]
            self._party.put(parties[n], self._fetch(parties[n], after,
                                                    2 * len(short.rows) if short.since == after else READ_AHEAD))

    def _read(self, party: str, after: date) -> Naming:
        """Return a party's read-ahead covering a day: kept, or read from that day."""
        kept = self._party.get(party)
        if kept is None or kept.since > after:
            kept = self._party.put(party, self._fetch(party, after, READ_AHEAD))
        return kept

    def _fetch(self, party: str, after: date, limit: int) -> Naming:
        rows = self.store.documents_naming([party], after.isoformat(), _LAST_DAY, "", limit)
        return Naming(after, rows, complete=len(rows) < limit)


# Read-aheads run to the last day there is; each answer stops at its own.
_LAST_DAY = "9999-12-31"


def _order(row: tuple[str, str]) -> tuple[str, str]:
    """Order rows as the store does: by date, then by id."""
    return row[1], row[0]


@dataclass(frozen=True)
class Naming:
    """The documents naming some parties published after a day, in date order: all, or the first READ_AHEAD."""

    since: date
    rows: list[tuple[str, str]]  # (id, published), ordered as the store orders them
    complete: bool  # every such document, not only the first READ_AHEAD

    def after(self, day: date, exclude: str, until: date) -> list[tuple[str, str]] | None:
        """Return the first MOST_DOCUMENTS published after a day, up to another, but one document; None when these rows cannot tell.

        The rows after a later day are the first of that day's own list: they
        answer when they hold MOST_DOCUMENTS, when no row was left unread, or
        when a row read lies past the last day.
        """
        if day < self.since:
            return None
        first = bisect_right(self.rows, day.isoformat(), key=lambda row: row[1])
        last = until.isoformat() + "~"
        end = bisect_right(self.rows, last, lo=first, key=lambda row: row[1])
        found = [row for row in islice(self.rows, first, end) if row[0] != exclude][:MOST_DOCUMENTS]
        whole = self.complete or end < len(self.rows)
        return found if whole or len(found) == MOST_DOCUMENTS else None


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def judge(commitment_id: str, reports: list[Report], kept_on: date | None, kept_ids: list[str],
          due_last: date | None, as_of: date) -> StatusUpdate | None:
    """Judge a promise by its later reports, given the first day its meetings or events kept it (if any).

    A report that the deal was ended or violated makes it `contradicted`,
    with what kept it before then; a report that it was carried out, before
    any meeting or event did, makes it fulfilled on the report's day. None:
    the reports change nothing.
    """
    broken = next((r for r in reports if r.kind == "broken"), None)
    kept = next((r for r in reports if r.kind == "kept" and (broken is None or r.day <= broken.day)), None)
    first_kept = min([d for d in (kept_on, kept.day if kept else None) if d is not None], default=None)
    if broken is not None:
        before = [*(kept_ids if kept_on is not None and kept_on <= broken.day else []),
                  *([kept.document] if kept else [])]
        return StatusUpdate(commitment_id, "contradicted", as_of.isoformat(), [*before, broken.document],
                            None if first_kept is None else first_kept.isoformat())
    if kept is None or (kept_on is not None and kept_on <= kept.day):
        return None
    late = due_last is not None and kept.day > due_last
    return StatusUpdate(commitment_id, "fulfilled late" if late else "fulfilled", as_of.isoformat(),
                        [kept.document, *kept_ids], kept.value)
