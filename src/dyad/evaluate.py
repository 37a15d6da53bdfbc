"""Score a store against a hand-made answer key shaped like shared/gold/seeds.json.

Each record kind is scored as precision, recall and F1 over items that can be
matched to the key:

    documents    (document, field) pairs for title, publisher, published, byline
    dates        the key's date expressions, found in the document and resolved right;
                 precision counts only extracted expressions whose text the key lists
    quotes       quotes whose text starts as the key says, with the right speaker;
                 precision over the direct, non-partial quotes extracted from the
                 key's files (the key lists no indirect speech). A key quote of
                 style `fragment` (a few quoted words inside a sentence) may match
                 a partial quote, which is not counted against precision otherwise
    accusations  root-11 events whose evidence overlaps the key's, with the right
                 source and target states; precision over root-11 events in those files
    meetings     meetings matched by date and place: the stored records (merged across
                 documents when they were linked) holding reports of the key's files. A key
                 entry that names its `file` (a per-report key, as the development
                 set's) matches the merged meeting that holds a report of that file,
                 so several reports of one meeting in the key all match it; a key date
                 less precise than the merged one ("2020-10") matches when it is a
                 prefix. Entries without a file match one merged meeting each.
                 participants: (meeting, person) pairs, against the union of the
                 participants the key gives the entries matched to that meeting
    stories      pairs of documents (every item of the key's files): a pair is
                 positive when the key puts both files in one story; a stored
                 pair is right when both documents share a story id. Pairs
                 score partitions without having to match story ids, and a
                 story of n documents weighs as its n(n-1)/2 pairs
    duplicates   (document, original) pairs: the key's `near_duplicate_of`
                 ("FILE (first item)") against stored `duplicate_of`, over the
                 key's files
    citations    (document, cited file) pairs: the key's `cites` against stored
                 `cites`, over the key's files
    commitments, commitment_status: see dyad.evaluate_commitments
    boilerplate, text: see dyad.evaluate_text

Actor ids in the key are matched by name through the actor dictionary, so the
key's ids need not be the store's.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dyad.actors import ActorDictionary, load_dictionary
from dyad.errors import ConfigError
from dyad.evaluate_commitments import score_commitments
from dyad.evaluate_text import score_text
from dyad.extract.mentions.people import new_person_id
from dyad.model import Document
from dyad.queries import meetings as meeting_queries
from dyad.store import Store

KINDS = ("documents", "boilerplate", "text", "dates", "quotes", "accusations", "meetings", "participants", "commitments",
         "commitment_status", "stories", "duplicates", "citations")


@dataclass
class Score:
    """Counts for one record kind, and the misses worth showing."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4), "misses": self.misses}


def _fold(text: str) -> str:
    """Compare texts ignoring case, quotes, ellipses and spacing."""
    return " ".join(re.sub(r"[“”\"'‘’…]|\.\.\.", " ", text).casefold().split())


class _Key:
    """The answer key with its actor ids mapped to the store's."""

    def __init__(self, data: dict[str, Any], dictionary: ActorDictionary, store: Store | None = None) -> None:
        self.data = data
        self.ids: dict[str, str] = {}
        # A person the dictionary lacks is stored under a `new:` id per spelling
        # ("Teodoro Locsin", "Teodoro L. Locsin Jr."): every stored spelling of
        # the key's aliases stands for that one person.
        self.variants: dict[str, set[str]] = {}
        for actor in data.get("actors", []):
            for alias in actor.get("aliases", []):
                found = dictionary.exact(alias) or dictionary.place(alias) and [dictionary.place(alias)[0][0]]
                if found:
                    self.ids[actor["id"]] = found[0].id
                    break
            else:
                stored = {i for i in map(new_person_id, actor.get("aliases", [])) if store and store.get_actor(i)}
                if stored:
                    self.ids[actor["id"]] = min(stored)
                    self.variants[min(stored)] = stored

    def actor(self, key_id: str) -> str:
        return self.ids.get(key_id, key_id)

    def names(self, key_id: str) -> set[str]:
        """Return the folded names the key gives an actor: its id and every alias ("the four ministers")."""
        aliases: list[str] = next((a.get("aliases", []) for a in self.data.get("actors", []) if a["id"] == key_id), [])
        return {_fold(key_id), *map(_fold, aliases)}

    def same(self, wanted: str, got: str) -> bool:
        """Tell whether a stored actor id is the key's person (any stored spelling of a new person)."""
        return got == wanted or got in self.variants.get(wanted, ())


def evaluate(store: Store, gold_path: str | Path, dictionary: ActorDictionary | None = None) -> dict[str, Score]:
    """Score the store against the answer key at `gold_path`; return a Score per kind."""
    try:
        data = json.loads(Path(gold_path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"Cannot read the answer key {gold_path}: {exc}. Give a JSON file like seeds.json.") from None
    dictionary = dictionary or load_dictionary()
    key = _Key(data, dictionary, store)
    docs = _documents_by_file(store)
    scores = {kind: Score() for kind in KINDS}
    _score_documents(data, docs, scores["documents"])
    score_text(data, docs, scores["boilerplate"], scores["text"], _fold)
    _score_dates(data, docs, store, scores["dates"])
    _score_quotes(data, docs, store, key, scores["quotes"])
    _score_accusations(data, docs, store, dictionary, scores["accusations"])
    _score_meetings(data, docs, store, key, scores["meetings"], scores["participants"])
    score_commitments(data, docs, store, scores["commitments"], scores["commitment_status"], _overlaps)
    _score_stories(data, docs, scores["stories"])
    _score_duplicates(data, docs, scores["duplicates"], scores["citations"])
    return scores


def _documents_by_file(store: Store) -> dict[str, list[Document]]:
    found: dict[str, list[Document]] = defaultdict(list)
    for doc in store.iter_documents():
        found[Path(doc.source).name].append(doc)
    return found


def _score_documents(data: dict[str, Any], docs: dict[str, list[Document]], score: Score) -> None:
    for entry in data.get("documents", []):
        parts = entry.get("parts") or [entry]
        stored = sorted(docs.get(entry["file"], []), key=lambda d: d.part)
        for n, expected in enumerate(parts):
            doc = stored[n] if n < len(stored) else None
            for name in ("title", "publisher", "published", "byline"):
                if name not in expected:
                    continue
                got = _field(doc, name)
                want = expected[name]
                if got is not None and _fold(str(got)) == _fold(str(want)):
                    score.tp += 1
                else:
                    score.fn += 1
                    score.fp += got is not None
                    score.misses.append(f"{entry['file']}#{n} {name}: got {got!r}, want {want!r}")


def _field(doc: Document | None, name: str) -> Any:
    if doc is None:
        return None
    if name == "published":
        return doc.published.value if doc.published else None
    return getattr(doc, name)


def _score_dates(data: dict[str, Any], docs: dict[str, list[Document]], store: Store, score: Score) -> None:
    by_file: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in data.get("dates", []):
        by_file[entry["file"]].append(entry)
    for file, entries in by_file.items():
        times = [t for d in docs.get(file, []) for t in store.times_of(d.id)]
        used: set[int] = set()
        for entry in entries:
            want = _fold(entry["expression"])
            hit = next((i for i, t in enumerate(times) if i not in used and want in _fold(t.text)
                        and (t.value or "").startswith(entry["resolves_to"])), None)
            if hit is None:
                score.fn += 1
                got = [f"{t.text}={t.value}" for t in times if want in _fold(t.text)]
                score.misses.append(f"{file} {entry['expression']!r}: want {entry['resolves_to']}, got {got}")
                score.fp += bool(got)
            else:
                used.add(hit)
                score.tp += 1


def _score_quotes(data: dict[str, Any], docs: dict[str, list[Document]], store: Store, key: _Key, score: Score) -> None:
    gold = data.get("quotes", [])
    optional = [_fold(q) for q in data.get("optional_quotes", [])]
    files = {q["file"] for q in gold}
    found = [(file, q) for file in files for d in docs.get(file, []) for q in store.quotes_of(d.id) if q.direct]
    matched: set[int] = set()
    for entry in gold:
        start = _fold(entry["quote_start"])
        speaker = key.actor(entry["speaker"])
        fragment = entry.get("style") == "fragment"
        hit = next((i for i, (f, q) in enumerate(found) if i not in matched and f == entry["file"]
                    and (fragment or not q.partial) and _fold(q.text).startswith(start[:40])
                    and (key.same(speaker, q.speaker or "") or _fold(q.speaker_name or "") in key.names(entry["speaker"]))),
                   None)
        if hit is None:
            score.fn += 1
            score.misses.append(f"missed {entry['file']} {entry['speaker']}: {entry['quote_start'][:50]!r}")
        else:
            matched.add(hit)
            score.tp += 1
    for i, (file, quote) in enumerate(found):
        if i not in matched and not quote.partial and _fold(quote.text) not in optional:
            score.fp += 1
            score.misses.append(f"extra {file} {quote.speaker}: {quote.text[:50]!r}")


def _score_accusations(
    data: dict[str, Any], docs: dict[str, list[Document]], store: Store, dictionary: ActorDictionary, score: Score
) -> None:
    gold = data.get("accusations", [])
    files = {g["file"] for g in gold}
    found = []
    for file in files:
        for doc in docs.get(file, []):
            for event in store.events_of(doc.id):
                if event.cameo.startswith("11"):
                    found.append((file, doc, event))
    matched: set[int] = set()
    for entry in gold:
        wanted = [(entry["source"], entry["target"])]
        if "also" in entry:
            wanted.append((entry["target"], entry["source"]))
        for source, target in wanted:
            hit = next((i for i, (f, doc, e) in enumerate(found) if i not in matched and f == entry["file"]
                        and _overlaps(doc.text, e.start, e.end, entry["evidence"])
                        and _country(dictionary, store, e.source) == source
                        and _country(dictionary, store, e.target) == target),
                       None)
            if hit is None:
                score.fn += 1
                score.misses.append(f"missed {entry['file']} {source}->{target}: {entry['evidence'][:50]!r}")
            else:
                matched.add(hit)
                score.tp += 1
    score.fp += len(found) - len(matched)
    for i, (file, _, event) in enumerate(found):
        if i not in matched:
            score.misses.append(f"extra {file} {event.source}->{event.target} {event.cameo}: {event.trigger!r}")


def _overlaps(text: str, start: int, end: int, evidence: str) -> bool:
    where = _locate(text, evidence)
    return where is not None and where[0] < end and start < where[1]


def _locate(text: str, snippet: str) -> tuple[int, int] | None:
    """Find a key's snippet in a text, tolerating differences in spacing and quote marks."""
    words = [re.escape(w) for w in re.sub(r"[“”\"'‘’]", " ", snippet).split()]
    match = re.search(r"[\s“”\"'‘’]*".join(words), text)
    return (match.start(), match.end()) if match else None


def _country(dictionary: ActorDictionary, store: Store, actor_id: str | None) -> str | None:
    """Name an actor's state: from the dictionary, else from the store (people new to the dictionary)."""
    if not actor_id:
        return None
    actor = dictionary.by_id(actor_id) or store.get_actor(actor_id)
    return actor.country if actor else None


def _score_meetings(
    data: dict[str, Any], docs: dict[str, list[Document]], store: Store, key: _Key, score: Score, people: Score
) -> None:
    reported = meeting_queries.of_documents(store.engine, (d.id for ds in docs.values() for d in ds))
    merged = [m for m in reported if m.status == "held"]
    file_of = {d.id: file for file, ds in docs.items() for d in ds}
    matched: dict[int, tuple[list[str], set[str]]] = {}  # merged meeting -> key ids, wanted participants
    for entry in data.get("meetings", []):
        hit = next((i for i, m in enumerate(merged) if _same_meeting(entry, m, file_of, taken=i in matched)), None)
        wanted = {key.actor(p) for p in entry.get("participants", [])}
        if hit is None:
            score.fn += 1
            people.fn += len(wanted)
            score.misses.append(f"missed meeting {entry['id']} {entry['date']} {entry['place']}")
            continue
        score.tp += 1
        ids, people_wanted = matched.setdefault(hit, ([], set()))
        ids.append(entry["id"])
        people_wanted.update(wanted)
    for i, (ids, wanted) in matched.items():
        got = set(merged[i].participants)
        missing = {w for w in wanted if not any(key.same(w, g) for g in got)}
        extra = {g for g in got if not any(key.same(w, g) for w in wanted)}
        people.tp += len(wanted) - len(missing)
        people.fp += len(extra)
        people.fn += len(missing)
        if missing or extra:
            people.misses.append(f"{', '.join(ids)}: extra {sorted(extra)}, missing {sorted(missing)}")
    for i, meeting in enumerate(merged):
        if i not in matched:
            score.fp += 1
            score.misses.append(f"extra meeting {meeting.date} {meeting.place} {meeting.format}")


def _same_meeting(entry: dict[str, Any], meeting: Any, file_of: dict[str, str], *, taken: bool) -> bool:
    """Tell whether a merged meeting is the key's: date and place agree, and it holds a report of the key's file."""
    date = meeting.date or ""
    if not (date[:10] == entry["date"] or (entry["date"] and date.startswith(entry["date"]))):
        return False
    if _fold(meeting.place or "") != _fold(entry["place"] or ""):
        return False
    if "file" in entry:
        return any(file_of.get(doc) == entry["file"] for doc in meeting.documents)
    return not taken


def _score_stories(data: dict[str, Any], docs: dict[str, list[Document]], score: Score) -> None:
    """Score same-story pairs of documents against the key's stories."""
    gold = {file: entry["id"] for entry in data.get("stories", []) for file in entry["files"]}
    items = sorted(((file, d) for file in gold for d in docs.get(file, [])), key=lambda p: (p[0], p[1].part))
    for file in gold:
        if file not in docs:
            score.misses.append(f"{file} is not in the store")
    for i, (file_a, a) in enumerate(items):
        for file_b, b in items[i + 1 :]:
            want = gold[file_a] == gold[file_b]
            got = a.story is not None and a.story == b.story
            score.tp += want and got
            score.fp += got and not want
            score.fn += want and not got
            if want != got:
                what = "split" if want else "joined"
                score.misses.append(f"{what}: {file_a}#{a.part} and {file_b}#{b.part}")


def _score_duplicates(data: dict[str, Any], docs: dict[str, list[Document]], dups: Score, cites: Score) -> None:
    """Score near-copies and citations over the key's files."""
    by_id = {d.id: (file, d.part) for file, ds in docs.items() for d in ds}
    want_dups, want_cites = set(), set()
    for entry in data.get("documents", []):
        if entry.get("near_duplicate_of"):
            target = entry["near_duplicate_of"]
            part = 0 if "first item" in target or "(" not in target else None
            want_dups.add((entry["file"], (target.split()[0], part)))
        for cited in entry.get("cites", []):
            want_cites.add((entry["file"], cited["file"]))
    files = {entry["file"] for entry in data.get("documents", [])}
    got_dups = {(f, by_id.get(d.duplicate_of or "", ("?", None))) for f in files for d in docs.get(f, [])
                if d.duplicate_of}
    got_cites = {(f, by_id.get(c, ("?", None))[0]) for f in files for d in docs.get(f, []) for c in d.cites}
    _tally(dups, want_dups, got_dups)
    _tally(cites, want_cites, got_cites)


def _tally(score: Score, want: set[Any], got: set[Any]) -> None:
    score.tp += len(want & got)
    score.fp += len(got - want)
    score.fn += len(want - got)
    score.misses += [f"missed {item}" for item in sorted(want - got, key=str)]
    score.misses += [f"extra {item}" for item in sorted(got - want, key=str)]
