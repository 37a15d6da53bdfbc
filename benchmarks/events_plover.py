"""Score Dyad's event coder on the PLOVER gold-standard sentences.

Run from the repository root (the records are not part of the repo, see
`../shared/external/README.md`):

    PYTHONPATH=src python benchmarks/events_plover.py [--gold PATH] [-v]

Each of the 322 records is one edited news sentence coded by hand with one
event in PLOVER 0.5b1 (AGREE … FIGHT) and its source and target actors. Every
sentence goes through Dyad's per-document stage (`annotate`, no store), alone
and undated. Dyad's CAMEO codes become PLOVER 0.5b1 categories through
`data/cameo.plover05.csv` (statements, root 01, have none). Per sentence the
event Dyad would put first (highest confidence; the event coder before the
quote stage; then text order) is its answer. Reported:

- category accuracy: sentences whose answer has the gold category, over all
  gold events (issue 27 goal: 70%);
- detection recall: sentences with at least one typed event; precision: the
  share of those whose answer is right (goal: 85%); and the share where any
  of Dyad's typed events has the gold category;
- a table per category: gold count, Dyad's answers of that category, right;
- source and target country: where the gold record and Dyad's answer both
  code an actor, whether Dyad's actor's country (IGO for international
  organisations) is one of the gold codes (goal: 90%).

`-v` prints every miss (sentence, gold, Dyad's events) for reading; never
copy those sentences into the project.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from dyad.actors import Actor, ActorDictionary, load_dictionary
from dyad.extract.annotate import QUOTE_CODER, annotate
from dyad.extract.events.cameo import PLOVER_05_TYPES, plover_05
from dyad.extract.mentions.lexicon import lexicon_for
from dyad.model import Document, Event
from dyad.nlp.analyze import analyze, load_nlp

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT.parent / "shared" / "external" / "plover" / "gsr_cameo.jsonl"
# The records keep a few pre-ISO codes from the CAMEO manual.
OLD_CODES = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}


@dataclass
class Answer:
    """Dyad's reading of one gold sentence."""

    record: dict
    events: list[tuple[str, Event]] = field(default_factory=list)  # (category, event), best first
    source: str | None = None  # country code of the answer's source
    target: str | None = None

    @property
    def category(self) -> str | None:
        """Return the category Dyad answers, None when it typed no event."""
        return self.events[0][0] if self.events else None


def read_gold(path: Path) -> list[dict]:
    """Read the gold records, one JSON object a line."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def country_of(actor_id: str | None, dictionary: ActorDictionary, found: Iterable[Actor] = ()) -> str | None:
    """Return an actor's country code, or IGO for an international organisation.

    `found` holds the actors the sentence's annotations made: a person new to
    the dictionary has the country the text gives ("Algerian President X"),
    as the store records it.
    """
    if actor_id is None:
        return None
    actor = dictionary.by_id(actor_id) or next((a for a in found if a.id == actor_id), None)
    if actor is None:
        return None
    if actor.kind == "organisation" and actor.country is None:
        return "IGO" if (actor.code or "").startswith("IGO") else "NGO"
    if actor.country in dictionary_ids(dictionary):  # an organisation's official
        return "IGO"
    return actor.country


def dictionary_ids(dictionary: ActorDictionary) -> frozenset[str]:
    """Return the ids of the organisations, which people's `country` may name."""
    return frozenset(a.id for a in dictionary if a.kind == "organisation")


def gold_codes(actors: Iterable[dict]) -> set[str]:
    """Return the gold actors' country codes, old CAMEO codes made ISO.

    The records code international NGOs (Amnesty, the Red Cross) as IGO or NGO
    without a rule we could follow: both stand for "an international body".
    """
    codes = {OLD_CODES.get(a["code"], a["code"]) for a in actors if a.get("code")}
    return codes | {"IGO", "NGO"} if codes & {"IGO", "NGO"} else codes


def ranked(events: list[Event]) -> list[tuple[str, Event]]:
    """Return the typed events, the one Dyad would put first at the head."""
    typed = [(plover_05(e.cameo), e) for e in events]
    kept = [(c, e) for c, e in typed if c is not None]
    kept.sort(key=lambda ce: (-ce[1].confidence, ce[1].coder == QUOTE_CODER, ce[1].start))
    return kept  # type: ignore[return-value]


def read_all(records: list[dict], dictionary: ActorDictionary) -> list[Answer]:
    """Run every gold sentence through Dyad's per-document stage."""
    lexicon_for(dictionary, load_nlp().vocab)
    answers = []
    texts = [r["text"] for r in records]
    for n, (record, parsed) in enumerate(zip(records, analyze(texts), strict=True)):
        doc = Document(id=f"plover-{n}", source="plover", part=0, text=record["text"], raw_sha256="")
        annotations = annotate(doc, parsed, dictionary)
        answer = Answer(record, ranked(annotations.events))
        if answer.events:
            best = answer.events[0][1]
            answer.source = country_of(best.source, dictionary, annotations.actors)
            answer.target = country_of(best.target, dictionary, annotations.actors)
        answers.append(answer)
    return answers


def percent(part: int, whole: int) -> str:
    """Format a share as a percentage with its counts."""
    return f"{100 * part / whole:5.1f}% ({part}/{whole})" if whole else "   n/a"


def actor_score(answers: list[Answer], role: str) -> tuple[int, int, int]:
    """Count (right, both coded, gold coded) for the source or target country."""
    right = both = coded = 0
    for a in answers:
        gold = gold_codes(a.record[role])
        if not gold or not a.events:
            continue
        coded += 1
        mine = getattr(a, role)
        if mine is not None:
            both += 1
            right += mine in gold
    return right, both, coded


def report(answers: list[Answer]) -> None:
    """Print the scores and the per-category table."""
    total = len(answers)
    typed = [a for a in answers if a.events]
    right = [a for a in typed if a.category == a.record["event"]]
    anywhere = [a for a in typed if any(c == a.record["event"] for c, _ in a.events)]
    print(f"category accuracy      {percent(len(right), total)}")
    print(f"detection recall       {percent(len(typed), total)}")
    print(f"precision (answer)     {percent(len(right), len(typed))}")
    print(f"any typed event right  {percent(len(anywhere), total)}")
    for role in ("source", "target"):
        ok, both, coded = actor_score(answers, role)
        print(f"{role} country right   {percent(ok, both)}; Dyad coded {both} of {coded} gold-coded")
    gold = Counter(a.record["event"] for a in answers)
    said = Counter(a.category for a in typed)
    hits = Counter(a.category for a in right)
    print(f"\n{'category':12} {'gold':>5} {'dyad':>5} {'right':>6} {'recall':>7} {'prec':>6}")
    for name in sorted(PLOVER_05_TYPES, key=lambda c: -gold[c]):
        g, s, h = gold[name], said[name], hits[name]
        rec = f"{h / g:.2f}" if g else "-"
        prec = f"{h / s:.2f}" if s else "-"
        print(f"{name:12} {g:5} {s:5} {h:6} {rec:>7} {prec:>6}")


def show_misses(answers: list[Answer]) -> None:
    """Print each sentence whose answer is wrong or whose actors are wrong."""
    for a in answers:
        r = a.record
        src, tar = gold_codes(r["source"]), gold_codes(r["target"])
        bad_actor = (a.source and src and a.source not in src) or (a.target and tar and a.target not in tar)
        if a.category == r["event"] and not bad_actor:
            continue
        print(f"\n[{r['id']}] {r['text']}")
        print(f"  gold: {r['event']} '{r['event_text']}' src={sorted(src)} tar={sorted(tar)}")
        for category, e in a.events[:4]:
            print(f"  dyad: {category} {e.cameo} '{e.trigger}' {e.source}->{e.target} {e.modality} {e.confidence}")
        if not a.events:
            print("  dyad: (no typed event)")


def main() -> None:
    """Score the gold sentences and print the report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD, help="the gold records (JSONL)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    answers = read_all(read_gold(args.gold), load_dictionary())
    if args.verbose:
        show_misses(answers)
        print()
    report(answers)


if __name__ == "__main__":
    main()
