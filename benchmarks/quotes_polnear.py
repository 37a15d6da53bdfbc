"""Score Dyad's quotes and speakers against the PolNeAR dev split.

Run from the repository root (PolNeAR is research data kept outside the repo;
see ../shared/external/README.md):

    PYTHONPATH=src .venv/bin/python benchmarks/quotes_polnear.py \
        [--gold ../shared/external/polnear/dev.jsonl] [--db kept.db] [-v]

Each article (its first annotator's line; two articles have six) is ingested
through the Python API into a temporary store (`--db` keeps it, and scores an
existing one without ingesting again), then the store's quotes are scored:

    direct P/R/F1   predicted direct quotes against the gold attributions with
                    quotation marks in their content. Words are lower-cased
                    runs of letters and digits. A gold quote is found when
                    the predicted quotes matched to it (see below) cover at
                    least half the words inside its
                    quotation marks (a quote over several paragraphs may be
                    found in pieces); a predicted quote is right when the
                    words it shares with one gold attribution's content are
                    at least half of the shorter of the two (see `match` on
                    the gold's quote-mark flag).
    speaker right   of the gold quotes found (with a gold source), the share
                    whose predicted speaker names the person the gold source
                    refers to (see below).
    no speaker      of the gold quotes found, the share whose predicted quote
                    has no speaker, or only a pronoun resolved to nobody.
    indirect R      gold attributions without quotation marks whose cue is a
                    speech cue (SPEECH_CUES below: a list kept here, apart from
                    Dyad's own lexicon, so the measure does not grade itself),
                    found by a predicted indirect quote covering half their
                    content words (or by a direct one when the content holds
                    two-apostrophe marks, ''…'', which the gold's flag misses,
                    or a direct one with no mark at its start: a block quote);
                    speaker right is scored for them as well.

Gold speakers. A source span that holds a name (a capitalised word that is no
title, pronoun or function word) names that person; a pronoun or nominal span
("he", "the spokesman") stands for the nearest named source before it in the
same article's gold attributions (a definite description is also right when
the predicted speaker shares a word with it); "he" and "she" skip a named
source of the other gender (told by "Mr."/"Ms." in the span or before the
surname in the article, else by the given name, data/gender.yaml). A relative
pronoun ("who", "which", "that") stands for the words right before it in the
text (see `antecedent`). A prediction is right when the last name
word of one side (the surname) is among the other side's name words, or one
letter away from one of them in a name of five letters or more, surname to surname (the gold's
spans keep the article's misspellings: a "Halvorsen" named "Halvorson" a line later),
reading the predicted actor's dictionary name and the words the text names it by;
a source with no named antecedent is right when the predicted speaker's words
share a content word with it ("officials" and "US officials").

Session 23 changed the resolution of the gold sources (the gender, relative
pronouns and misspelt names above): before it, 32 of the 53 direct speaker
misses were the scorer's own, "she" standing for the last man named or a
name spelt two ways in one article.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import dyad
from dyad.data import load_yaml
from dyad.model import Quote

GOLD = Path(__file__).resolve().parents[2] / "shared" / "external" / "polnear" / "dev.jsonl"
_WORD = re.compile(r"[^\W_]+")
_NAME_WORD = re.compile(r"[A-Z][\w’'.-]*")
MARKS = frozenset("\"“”‘’'«»")
TWO_APOSTROPHES = "''"  # an outlet's quotation mark that the gold's quote-mark flag does not see
_QUOTED = re.compile(r"[\"“”]([^\"“”]+)[\"“”]")
PRONOUNS = frozenset(
    "he she him her his hers they them their it its we us our i me my you your who which that "
    "this these those himself herself themselves".split()
)
NOT_NAMES = frozenset(
    w.lower()
    for w in (
        "The A An He She His Her They It Its We I You This That These Those Mr Mrs Ms Dr Sen Rep Gov "
        "President Secretary Senator Representative Governor Minister Spokesman Spokeswoman Chairman "
        "Chief General Gen Director Vice Former Democratic Republican Democrat Republicans Democrats "
        "Speaker Leader Judge Justice Mayor Officials Aides"
    ).split()
)
SPEECH_CUES = frozenset(
    "say says said saying tell tells told telling according state states stated add adds added "
    "note notes noted explain explained argue argues argued claim claims claimed insist insisted "
    "write writes wrote report reports reported announce announced declare declared warn warned "
    "ask asked reply replied respond responded tweet tweeted post posted suggest suggested "
    "acknowledge acknowledged admit admitted deny denied confirm confirmed call called "
    "accuse accused praise praised criticize criticized complain complained predict predicted "
    "promise promised vow vowed stress stressed emphasize emphasized recall recalled joke joked "
    "lament lamented quip quipped contend contended assert asserted describe described "
    "testify testified told".split()
)
FUNCTION_WORDS = frozenset("the a an of and some many several other others all few most both".split())
RELATIVES = frozenset({"who", "which", "that"})
GENDERED = {"he": "male", "him": "male", "his": "male", "she": "female", "her": "female"}
_TITLE_GENDER = {"mr": "male", "mrs": "female", "ms": "female", "miss": "female"}
_SEGMENT_END = re.compile(r"[.;:!?()\n,—–]|\s--\s")
PHRASE_WORDS = 5  # words of the phrase before a relative pronoun that may name what it stands for
PREPOSITIONS = frozenset("on in at for from of with by to about".split())


@dataclass
class Gold:
    """One gold attribution, with the words scored and the name its source stands for."""

    content: str
    quoted: list[str]  # words inside quotation marks (direct) or all content words
    direct: bool
    cue: str
    source: str
    name: str | None = None  # the named source this span stands for
    start: int = 0  # where the source span starts in the article
    described: bool = False  # a definite description ("the senator"): its own words count too
    found: list[Quote] = field(default_factory=list)


def words(text: str) -> list[str]:
    """Split text into lower-case words."""
    return [w.lower() for w in _WORD.findall(text)]


def name_words(text: str) -> list[str]:
    """Return the capitalised words of a name that are not titles, pronouns or function words."""
    out = []
    for w in _NAME_WORD.findall(text.replace("’", "'")):
        w = re.sub(r"(['’]s|['’.])$", "", w).lower()
        if w and w not in NOT_NAMES and w not in PRONOUNS:
            out.append(w)
    return out


def overlap(a: list[str], b: list[str]) -> int:
    """Count the words two word lists share, with repeats."""
    return sum((Counter(a) & Counter(b)).values())


def load_gold(path: Path) -> dict[str, tuple[dict[str, Any], list[Gold]]]:
    """Read the first annotator's line of each article and its attributions in text order."""
    articles: dict[str, tuple[dict[str, Any], list[Gold]]] = {}
    for line in path.read_text("utf-8").splitlines():
        row = json.loads(line)
        if row["article"] in articles:
            continue
        golds = []
        for a in sorted(row["attributions"], key=_position):
            content = " ".join(p["text"] for p in a["content"])
            direct = bool(a["content_has_quote_marks"])
            inside = " ".join(_QUOTED.findall(content)) or content.strip("\"“” ")
            golds.append(Gold(
                content, words(inside if direct else content), direct,
                " ".join(p["text"] for p in a["cue"]), " ".join(p["text"] for p in a["source"]),
                start=min((p["start"] for p in a["source"]), default=0),
            ))
        _resolve_sources(golds, row["text"])
        articles[row["article"]] = (row, golds)
    return articles


def _position(attribution: dict[str, Any]) -> int:
    """Return where an attribution starts in its article: its source, else its cue or content."""
    for part in ("source", "cue", "content"):
        if attribution[part]:
            return min(p["start"] for p in attribution[part])
    return 0


def _resolve_sources(golds: list[Gold], text: str) -> None:
    """Give each source the name it holds, or that of the nearest named source before it.

    A source that is only a cue word ("said": an annotation slip) counts as no
    source; an indefinite nominal ("a Donald Trump tweet") is no antecedent;
    "he" and "she" pass over the named sources of the other gender; a relative
    pronoun stands for the words before it (`antecedent`).
    """
    named: list[tuple[int, str]] = []  # the named sources so far, with where they start
    for g in golds:
        lower = g.source.lower().strip()
        if lower in SPEECH_CUES:
            g.source = ""
        if not g.source:
            continue
        last = named[-1][1] if named else None
        if lower.startswith("the ") and g.source.split()[-1].islower() and last is not None:
            g.name, g.described = last, True  # "the Vermont senator": the person named before, or its words
        elif _names(g.source, text):
            g.name = g.source
            if lower.split()[0] not in ("a", "an"):
                named.append((g.start, g.source))
        elif lower in RELATIVES:
            g.source = antecedent(text, g.start)  # scored on its words, as a nominal is
        elif lower in GENDERED:
            g.name = _person_before(named, text, GENDERED[lower])
        elif lower in PRONOUNS and lower not in ("they", "them", "we"):
            g.name = last
        else:
            g.name = None  # a nominal ("the newspaper", "officials"): scored on its words


def _names(source: str, text: str) -> bool:
    """Tell whether a source span holds a name: a capitalised word, not one the article also writes in lower case.

    "Most voters", "Officials" open a sentence; the article writes "most" and
    "delegates" elsewhere, as it never writes a surname.
    """
    found = name_words(source)
    first = source.split()[0].lower().strip(",.") if source.split() else ""
    if found and found[0] == first and re.search(rf"(?<![\w.]) ?\b{re.escape(first)}\b", text):
        found = found[1:]
    return bool(found)


def _person_before(named: list[tuple[int, str]], text: str, sex: str) -> str | None:
    """Return the nearest named source before a "he"/"she" that is not of the other gender.

    People the text names but no gold attribution does stay out: taking them
    in (a given name or a "Mr."/"Ms." before a capitalised word) lost 8 right
    answers on the dev split for 2 gained, passing names being nearer than
    the speaker.
    """
    return next((name for _, name in reversed(named) if gender(name, text) in (None, sex)), None)


def gender(name: str, text: str) -> str | None:
    """Tell a named source's gender: "Mr."/"Ms." in the span or before its surname in the article, else the given name."""
    title = re.match(r"\s*(Mr|Mrs|Ms|Miss)\b", name)
    surname = name_words(name)[-1:]
    if title is None and surname:
        title = re.search(rf"\b(Mr|Mrs|Ms|Miss)\.? {re.escape(name.split()[-1].strip(',.'))}\b", text)
    if title is not None:
        return _TITLE_GENDER[title.group(1).lower()]
    given = _given_names()
    found = next((given[w] for w in name_words(name)[:-1] or name_words(name) if w in given), None)
    if found is None and surname:  # "Roe": the given name the article writes before the surname ("Jane Roe")
        full = re.findall(rf"\b([A-Z][a-z]+) (?:[A-Z]\. )?{re.escape(name.split()[-1].strip(',.'))}\b", text)
        found = next((given[w.lower()] for w in full if w.lower() in given), None)
    return found


def _given_names() -> dict[str, str]:
    """Read the given names of data/gender.yaml (general knowledge, not the resolver's rules)."""
    data = load_yaml("gender.yaml")["given_names"]
    return {w.lower(): sex for sex, names in data.items() for w in names}


def antecedent(text: str, start: int) -> str:
    """Return the words a relative pronoun at `start` stands for: the phrase right before it.

    The phrase runs back to the comma, dash or sentence break before it
    ("…, a pilot at the harbour who"); a phrase that opens in lower case
    after a comma is set beside a name, whose last words count too ("Roe, now
    the union's chair, who"). For "who", a person, a phrase after a
    preposition is a place or a body: "dockers at the port of Oslo, who" stands
    for the dockers.
    """
    before = text[:start].rstrip().rstrip(",—–- ").rstrip()
    cut = [m.end() for m in _SEGMENT_END.finditer(before)]
    segment = before[cut[-1] if cut else 0 :].split()
    if text[start : start + 3].lower() == "who":
        at = [k for k, w in enumerate(segment) if w.lower() in PREPOSITIONS and k >= len(segment) - PHRASE_WORDS]
        segment = segment[: at[-1]] if at and at[-1] > 0 else segment
    segment = segment[-PHRASE_WORDS:]
    if segment and segment[0][:1].islower() and len(cut) > 1 and before[cut[-1] - 1] == ",":
        segment = before[cut[-2] if len(cut) > 2 else 0 : cut[-1] - 1].split()[-PHRASE_WORDS:] + segment
    return " ".join(segment)


def ingest(articles: dict[str, tuple[dict[str, Any], list[Gold]]], db: str) -> None:
    """Write the articles as JSONL records and ingest them through the Python API."""
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as out:
        for name, (row, _) in articles.items():
            record = {"url": f"polnear://{name}", "text": row["text"], "date": row["date"],
                      "publisher": row["publisher"], "author": row["author"]}
            out.write(json.dumps(record) + "\n")
    report = dyad.ingest(out.name, db)
    Path(out.name).unlink()
    if report.failures:
        print(f"{len(report.failures)} articles failed: {report.failures[:3]}", file=sys.stderr)


def predicted(store: Any) -> dict[str, list[Quote]]:
    """Return each article's quotes from the store, by article name."""
    out: dict[str, list[Quote]] = {}
    for doc in store.iter_documents():
        name = (doc.url or "").removeprefix("polnear://")
        out.setdefault(name, []).extend(store.quotes_of(doc.id))
    return out


def speaker_names(store: Any, quote: Quote) -> list[str]:
    """Return the names a predicted speaker goes by: the actor's and the text's words."""
    names = [quote.speaker_name or ""]
    if quote.speaker:
        actor = store.get_actor(quote.speaker)
        if actor is not None:
            names.append(actor.name)
    return [n for n in names if n]


def has_speaker(quote: Quote) -> bool:
    """Tell whether a quote names a speaker: an actor, or words that are no bare pronoun."""
    if quote.speaker:
        return True
    return bool(quote.speaker_name) and quote.speaker_name.lower() not in PRONOUNS


def speaker_right(store: Any, gold: Gold, quote: Quote) -> bool:
    """Tell whether a predicted speaker names the person the gold source stands for."""
    if not has_speaker(quote):
        return False
    names = speaker_names(store, quote)
    content = set(words(gold.source)) - PRONOUNS - FUNCTION_WORDS
    if gold.name is None or gold.described:
        if any(content & set(words(n)) for n in names):
            return True
        if gold.name is None:
            return False
    gold_words = name_words(gold.name)
    for n in names if gold_words else ():
        pred = name_words(n)
        if pred and (gold_words[-1] in pred or pred[-1] in gold_words or _misspelt(gold_words[-1], pred[-1])):
            return True
    return False


def _misspelt(a: str, b: str) -> bool:
    """Tell whether two surnames of five letters or more differ by one letter changed, added or dropped.

    "Halvorsen"/"Halvorson", "McAllen"/"McCallen": surnames only, as a given
    name one letter from another person's surname ("Mina" and "Nina Roe") is no slip.
    """
    if min(len(a), len(b)) < 5 or abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long = sorted((a, b), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def match(golds: list[Gold], quotes: list[Quote], direct: bool, text: str = "") -> tuple[int, int]:
    """Attach predicted quotes to the gold ones they match; return (right, predicted) counts.

    Overlap is counted against the shorter side: a reported clause that runs
    on past the gold's content ("…, which forced her to leave") still finds it,
    and a predicted quote holding two gold ones finds both. A predicted direct
    quote is right when it matches any gold attribution: the gold's quote-mark
    flag is false when its content span leaves the marks out (the
    two-apostrophe marks of some outlets, transcript lines), and the marks in
    the text show the quote is direct all the same. For the same reason a gold
    attribution flagged as unmarked whose content holds two-apostrophe marks
    (''…'') is found by a direct quote as well as by an indirect one; so is
    one that a direct quote without marks at its start covers (a block quote
    set off after "X added:", which the gold flags as unmarked: it has none).
    A predicted indirect quote is right when it matches an unmarked gold
    attribution or a mixed one, a reported clause with a few quoted words in
    it ("said Roe has “no plan” for the port"), which the gold flags as
    marked; not when it matches only words wholly inside marks.
    """
    preds = [q for q in quotes if q.direct == direct]
    right = 0
    for q in preds:
        qw = words(q.text)
        hit = False
        for g in golds:
            gw = words(g.content)
            if overlap(qw, gw) < 0.5 * max(min(len(qw), len(gw)), 1) or not (direct or not g.direct or _mixed(g)):
                continue
            hit = True
            if g.direct == direct or (direct and (TWO_APOSTROPHES in g.content or _unmarked(text, q))):
                g.found.append(q)
        right += hit
    return right, len(preds)


def _mixed(g: Gold) -> bool:
    """Tell whether a marked gold attribution also holds words outside its marks: a reported clause quoting a phrase."""
    return g.direct and len(words(g.content)) > len(g.quoted)


def _unmarked(text: str, quote: Quote) -> bool:
    """Tell whether a predicted direct quote has no quotation mark at its start: a block quote or a turn."""
    return bool(text) and not {text[quote.start - 1 : quote.start], text[quote.start : quote.start + 1]} & MARKS


def is_found(g: Gold) -> bool:
    """Tell whether the predicted quotes attached to a gold quote cover half its words."""
    covered = sum(overlap(words(q.text), g.quoted) for q in g.found)
    return bool(g.quoted) and covered >= 0.5 * len(g.quoted)


def score(store: Any, articles: dict[str, tuple[dict[str, Any], list[Gold]]], verbose: bool) -> None:
    """Score every article and print the table (and with `verbose` every speaker miss)."""
    quotes = predicted(store)
    n = Counter[str]()
    for name, (row, golds) in articles.items():
        found = quotes.get(name, [])
        for direct in (True, False):
            right, total = match(golds, found, direct, row["text"])
            kind = "direct" if direct else "indirect"
            n[f"{kind} right"] += right
            n[f"{kind} predicted"] += total
        for g in golds:
            kind = "direct" if g.direct else "indirect"
            if not g.direct and not (set(words(g.cue)) & SPEECH_CUES):
                continue
            n[f"{kind} gold"] += 1
            if not is_found(g):
                if verbose:
                    what = "QUOTE" if g.direct else f"INDIRECT [{g.cue}]"
                    print(f"MISSED {what} {name}: {g.source[:40]!r} {g.content[:90]!r}")
                continue
            n[f"{kind} found"] += 1
            if not g.source:
                continue
            n[f"{kind} sourced"] += 1
            q = max(g.found, key=lambda q: (has_speaker(q), overlap(words(q.text), g.quoted)))
            n[f"{kind} nospeaker"] += not has_speaker(q)
            if speaker_right(store, g, q):
                n[f"{kind} speaker"] += 1
            elif verbose:
                said = "/".join(speaker_names(store, q)) or "-"
                print(f"SPEAKER {kind} {name}: gold {g.source!r} -> {g.name!r}; got {said!r}"
                      f" [{q.verb}] {q.text[:60]!r}")
    _table(n)


def _table(n: Counter[str]) -> None:
    """Print the scores."""
    def ratio(a: str, b: str) -> float:
        return n[a] / n[b] if n[b] else 0.0

    p, r = ratio("direct right", "direct predicted"), ratio("direct found", "direct gold")
    rows = [
        ("direct quotes precision", p, f"{n['direct right']}/{n['direct predicted']}"),
        ("direct quotes recall", r, f"{n['direct found']}/{n['direct gold']}"),
        ("direct quotes F1", 2 * p * r / (p + r) if p + r else 0.0, ""),
        ("direct speaker right", ratio("direct speaker", "direct sourced"),
         f"{n['direct speaker']}/{n['direct sourced']}"),
        ("direct without speaker", ratio("direct nospeaker", "direct sourced"),
         f"{n['direct nospeaker']}/{n['direct sourced']}"),
        ("indirect (speech cues) recall", ratio("indirect found", "indirect gold"),
         f"{n['indirect found']}/{n['indirect gold']}"),
        ("indirect speaker right", ratio("indirect speaker", "indirect sourced"),
         f"{n['indirect speaker']}/{n['indirect sourced']}"),
        ("indirect precision (any gold)", ratio("indirect right", "indirect predicted"),
         f"{n['indirect right']}/{n['indirect predicted']}"),
    ]
    print(f"{'measure':32} {'score':>6}  count")
    for label, value, count in rows:
        print(f"{label:32} {value:6.3f}  {count}")


def main() -> None:
    """Ingest the PolNeAR articles (unless --db holds them already) and print the scores."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gold", type=Path, default=GOLD)
    parser.add_argument("--db", help="store to keep (scored as is when it exists)")
    parser.add_argument("-v", "--verbose", action="store_true", help="print every miss")
    args = parser.parse_args()
    articles = load_gold(args.gold)
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db or str(Path(tmp) / "polnear.db")
        if not Path(db).exists():
            ingest(articles, db)
        with dyad.open(db, readonly=True) as store:
            score(store, articles, args.verbose)


if __name__ == "__main__":
    main()
