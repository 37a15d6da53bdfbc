"""The event coder: the lexicon file, the syntax rules on hand-written sentences, the seeds.

`python tests/test_events.py` prints precision and recall by CAMEO root on
tests/fixtures/event_sentences.yaml.
"""

from __future__ import annotations

import copy
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from pathlib import Path

import pytest
import yaml

from dyad.actors import ActorDictionary, load_dictionary
from dyad.data import load_yaml
from dyad.errors import DataFileError
from dyad.extract.events.cameo import load_cameo
from dyad.extract.events.events import CODER_VERSION, code_events
from dyad.extract.events.events_lexicon import load_event_lexicon, read_lexicon, split_pattern
from dyad.extract.mentions.resolve import resolve_mentions
from dyad.extract.time.timex import find_time_expressions
from dyad.ingest.page import parse_page
from dyad.model import Event, Mention
from dyad.nlp.analyze import analyze

FIXTURE = Path(__file__).parent / "fixtures" / "event_sentences.yaml"
SEEDS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "seeds"
GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.json"
# Floors from what the coder reaches on the fixture; raise them as it improves.
MIN_PRECISION, MIN_RECALL, MIN_MODALITY = 0.85, 0.80, 0.85

Triple = tuple[str, str | None, str]


def roll_up(actor: str | None, dictionary: ActorDictionary) -> str | None:
    """Map a person or place to its country; states and organisations stay."""
    if actor is None:
        return None
    found = dictionary.by_id(actor)
    if found is None or found.kind == "state" or not found.country:
        return actor
    return found.country


def rolled(event: Event, dictionary: ActorDictionary) -> tuple[Triple, str]:
    """Give an event as states (source, target, code) and its modality; self-pairs lose targets."""
    source, target = roll_up(event.source, dictionary), roll_up(event.target, dictionary)
    return (str(source), None if target == source else target, event.cameo), event.modality


def code_text(text: str, on: date | None) -> tuple[list[Event], list[Mention]]:
    """Run the real pipeline on one text: parse, resolve, time, events."""
    doc = next(analyze([text]))
    mentions, _ = resolve_mentions(doc, on, load_dictionary())
    return code_events(doc, mentions, find_time_expressions(text, on)), mentions


@dataclass
class Score:
    """Counts per CAMEO root for precision and recall."""

    true: Counter[str] = field(default_factory=Counter)
    found: Counter[str] = field(default_factory=Counter)
    expected: Counter[str] = field(default_factory=Counter)
    modality_right: int = 0
    modality_checked: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, text: str, expected: dict[Triple, str | None], got: dict[Triple, str]) -> None:
        """Count one sentence's expected and found events."""
        for triple in expected:
            self.expected[triple[2][:2]] += 1
        for triple, modality in got.items():
            self.found[triple[2][:2]] += 1
            if triple in expected:
                self.true[triple[2][:2]] += 1
                if expected[triple] is not None:
                    self.modality_checked += 1
                    self.modality_right += expected[triple] == modality
                    if expected[triple] != modality:
                        self.misses.append(
                            f"{text}\n   modality {modality}, not {expected[triple]}"
                        )
        if set(expected) != set(got):
            self.misses.append(
                f"{text}\n   expected {sorted(map(str, expected))}"
                f"\n   got      {sorted(map(str, got))}"
            )

    def table(self) -> str:
        """Render precision and recall by root, then the totals."""
        lines = ["root  expected  found  correct  precision  recall"]
        for root in sorted(set(self.expected) | set(self.found)):
            lines.append(self._row(root, self.expected[root], self.found[root], self.true[root]))
        total = self._row(
            "all", sum(self.expected.values()), sum(self.found.values()), sum(self.true.values())
        )
        return "\n".join(
            [*lines, total, f"modality right {self.modality_right}/{self.modality_checked}"]
        )

    @staticmethod
    def _row(root: str, expected: int, found: int, true: int) -> str:
        precision = true / found if found else 1.0
        recall = true / expected if expected else 1.0
        return f"{root:>4}  {expected:8}  {found:5}  {true:7}  {precision:9.2f}  {recall:6.2f}"

    @property
    def precision(self) -> float:
        return sum(self.true.values()) / max(1, sum(self.found.values()))

    @property
    def recall(self) -> float:
        return sum(self.true.values()) / max(1, sum(self.expected.values()))


def load_fixture() -> list[dict]:  # type: ignore[type-arg]
    """Read the hand-written sentences."""
    return yaml.safe_load(FIXTURE.read_text(encoding="utf-8"))


def expected_of(item: dict) -> dict[Triple, str | None]:  # type: ignore[type-arg]
    """Read an item's expected events as {(source, target, code): modality or None}."""
    return {(e[0], e[1], str(e[2])): (e[3] if len(e) > 3 else None) for e in item["expect"]}


@cache
def score_fixture(part: str = "tuning") -> Score:
    """Code the fixture's tuning or held-out sentences with the real pipeline and score them."""
    dictionary = load_dictionary()
    items = [i for i in load_fixture() if i.get("set", "tuning") == part]
    score = Score()
    for item, doc in zip(items, analyze(i["text"] for i in items), strict=True):
        on = item["date"]
        mentions, _ = resolve_mentions(doc, on, dictionary)
        events = code_events(doc, mentions, find_time_expressions(doc.text, on))
        got = dict(rolled(e, dictionary) for e in events)
        score.add(item["text"], expected_of(item), got)
    return score


# --- the lexicon file


def test_lexicon_loads_and_every_code_is_cameo() -> None:
    lexicon = load_event_lexicon()
    cameo = load_cameo()
    rules = [r for rs in lexicon.verbs.values() for r in rs] + list(lexicon.nouns.values())
    assert all(r.code in cameo for r in rules)
    assert len(rules) > 200


def test_lexicon_covers_every_root_several_times() -> None:
    lexicon = load_event_lexicon()
    roots = Counter(r.code[:2] for rs in lexicon.verbs.values() for r in rs)
    assert all(roots[f"{n:02}"] >= 3 for n in range(1, 21)), roots


def test_fixture_covers_every_root_and_has_80_sentences() -> None:
    items = load_fixture()
    roots = Counter(str(e[2])[:2] for item in items for e in item["expect"])
    assert len(items) >= 80
    assert all(roots[f"{n:02}"] >= 3 for n in range(1, 21)), roots
    assert sum(1 for item in items if not item["expect"]) >= 4


def test_a_bad_code_names_the_pattern() -> None:
    data = copy.deepcopy(load_yaml("event_lexicon.yaml"))
    data["patterns"]["accuse"] = {"code": "999"}
    with pytest.raises(DataFileError, match="accuse"):
        read_lexicon(data)


@pytest.mark.parametrize(
    ("pattern", "parts"),
    [
        ("accuse", {"verb": "accuse"}),
        ("object to", {"verb": "object", "prep": "to"}),
        ("hold talk", {"verb": "hold", "noun": "talk"}),
        ("break off talk", {"verb": "break", "prep": "off", "noun": "talk"}),
        ("send humanitarian aid", {"verb": "send", "noun": "aid", "mods": ("humanitarian",)}),
        ("open fire on", {"verb": "open", "noun": "fire", "preps": ("on",)}),
        ("decline ~comment", {"verb": "decline", "xcomp": "comment"}),
    ],
)
def test_patterns_split_into_their_parts(pattern: str, parts: dict) -> None:  # type: ignore[type-arg]
    found = split_pattern(pattern)
    assert {k: v for k, v in found.items() if v} == {k: v for k, v in parts.items() if v}


# --- hand-written sentences


def test_fixture_precision_and_recall_floors() -> None:
    score = score_fixture()
    print(score.table())
    assert score.precision >= MIN_PRECISION, score.table() + "\n" + "\n".join(score.misses)
    assert score.recall >= MIN_RECALL, score.table() + "\n" + "\n".join(score.misses)
    assert score.modality_right >= MIN_MODALITY * score.modality_checked, score.table()


@pytest.mark.parametrize(
    "text",
    [i["text"] for i in load_fixture() if not i["expect"]],
)
def test_negatives_code_nothing(text: str) -> None:
    events, _ = code_text(text, date(2019, 5, 30))
    assert events == []


def test_event_records_carry_evidence_confidence_date_and_coder() -> None:
    text = "Filler sentence here. Russia attacked Ukraine on 24 February 2022. More filler."
    events, _ = code_text(text, date(2022, 3, 1))
    (event,) = events
    assert text[event.start : event.end] == "Russia attacked Ukraine on 24 February 2022."
    assert (event.date, event.date_precision) == ("2022-02-24", "day")
    assert 0 < event.confidence <= 1 and event.coder == CODER_VERSION
    assert event.trigger == "attacked" and event.modality == "asserted"


def test_one_event_per_source_target_code_and_sentence() -> None:
    events, _ = code_text("Japan accused Russia and accused Russia again.", date(2019, 5, 30))
    assert [(e.source, e.target, e.cameo) for e in events] == [("JPN", "RUS", "112")]


def test_hand_built_mentions_need_no_resolver() -> None:
    text = "Tokyo accused Moscow."
    doc = next(analyze([text]))
    mentions = [
        Mention(0, 5, "Tokyo", "JPN", "state", "metonym"),
        Mention(15, 21, "Moscow", "RUS", "state", "metonym"),
    ]
    (event,) = code_events(doc, mentions, [])
    assert (event.source, event.target, event.cameo, event.date) == ("JPN", "RUS", "112", None)


def test_no_mentions_no_events() -> None:
    doc = next(analyze(["The ministers accused each other of lying."]))
    assert code_events(doc, [], []) == []


# --- the seeds


def seed_events() -> Iterable[tuple[str, Event]]:
    """Yield (file name, event) for every item of every seed page."""
    dictionary = load_dictionary()
    for path in sorted(SEEDS.glob("*.txt")):
        items = parse_page(path.read_text(encoding="utf-8"))
        for item, doc in zip(items, analyze(i.text for i in items), strict=True):
            published = item.published
            on = (
                date.fromisoformat(published.value)
                if published and published.precision == "day"
                else None
            )
            mentions, _ = resolve_mentions(doc, on, dictionary)
            for event in code_events(doc, mentions, find_time_expressions(doc.text, on)):
                yield path.name, event


def _charges(text: str) -> list[tuple[str | None, str | None, str, str]]:
    """Code a text and give its accusations (root 11) as (source, target, trigger, sentence)."""
    events, _ = code_text(text, date(2024, 5, 2))
    return [(e.source, e.target, e.trigger, text[e.start : e.end]) for e in events if e.cameo.startswith("11")]


def test_a_repeated_charge_is_one_accusation_told_where_fullest() -> None:
    text = (
        "Wang Yi said Japan is no friend of peace.\n"
        "Speaking to reporters in Beijing after talks with his counterpart, Chinese Foreign Minister "
        "Wang Yi said that Japan is no friend of peace and stability in the region.\n"
    )
    ((source, target, trigger, sentence),) = _charges(text)
    assert (source, target, trigger) == ("wang_yi", "JPN", "friend")
    assert sentence.startswith("Speaking to reporters")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # two charges in other words: both stay
        ("Wang Yi accused Japan of provoking tensions in the East China Sea. He also said Japan is no friend of peace.",
         [("JPN", "accused"), ("JPN", "friend")]),
        # the same words against another state: another accusation
        ("Wang Yi said Japan is no friend of peace. Wang Yi said Australia is no friend of peace either.",
         [("JPN", "friend"), ("AUS", "friend")]),
    ],
)
def test_charges_in_other_words_or_at_other_targets_stay_apart(text: str, wanted: list[tuple[str, str]]) -> None:
    assert [(target, trigger) for _, target, trigger, _ in _charges(text)] == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # "his criticism" after the charge was told points back to it
        ("Wang Yi accused Japan of provoking tensions in the East China Sea. Later, Wang Yi softened his criticism "
         "of Japan.", [("JPN", "accused")]),
        # with no charge before it, or at another target, it is a charge of its own
        ("Later, Wang Yi softened his criticism of Japan.", [("JPN", "criticism")]),
        ("Wang Yi accused Japan of provoking tensions in the East China Sea. Later, Wang Yi softened his criticism "
         "of Australia.", [("JPN", "accused"), ("AUS", "criticism")]),
    ],
)
def test_a_charge_owned_by_a_pronoun_points_back(text: str, wanted: list[tuple[str, str]]) -> None:
    assert [(target, trigger) for _, target, trigger, _ in _charges(text)] == wanted


@pytest.mark.skipif(not GOLD.exists(), reason="the seed corpus is not next to this checkout")
def test_seed_accusations_are_all_found() -> None:
    dictionary = load_dictionary()
    found = Counter()
    for name, event in seed_events():
        (source, target, code), _ = rolled(event, dictionary)
        if code.startswith("11") and target is not None:
            found[(name, source, target)] += 1
    gold = json.loads(GOLD.read_text(encoding="utf-8"))["accusations"]
    for item in gold:
        assert found[(item["file"], item["source"], item["target"])] >= 1, item
    # the reciprocal accusation: both directions from one sentence
    assert found[("000_1b07e1e9fcd960b5.txt", "RUS", "JPN")] >= 2


if __name__ == "__main__":
    for name in ("tuning", "heldout"):
        result = score_fixture(name)
        print(f"--- {name}\n{result.table()}")
        print("\n".join(result.misses))


# --- session 22: actors and idioms the PLOVER misses showed (sentences written here)


def coded(text: str, on: date = date(2019, 5, 30)) -> set[Triple]:
    """Code a text and give its events as rolled-up (source, target, code) triples."""
    dictionary = load_dictionary()
    return {rolled(e, dictionary)[0] for e in code_text(text, on)[0]}


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # a crowd no actor owns protests for the state it protests in
        ("Hundreds of villagers blocked the main road outside Nairobi.", {("KEN", None, "144")}),
        ("Thousands of students marched through central Santiago against the new fees.", {("CHL", None, "141")}),
        ("Inmates rioted at a prison in Brazil's capital Brasilia.", {("BRA", None, "145")}),
        # a counting noun counts its unnamed agents: placed as the agents are
        ("Dozens of gunmen stormed a police station near Quetta.", {("PAK", None, "180")}),
        # near misses: a crowd that is someone's stays theirs (and protests against the state it
        # protests in, as PLOVER codes "demonstrated in Serbia"); people in a place who do nothing
        # of the lexicon code nothing; refugees in a place are not of it
        ("Peruvian students marched in Santiago against the new fees.", {("PER", "CHL", "141")}),
        ("Thousands of tourists gathered in Rome for the ceremony.", set()),
        ("Syrian refugees rallied in Amman against the new rules.", {("SYR", "JOR", "141")}),
    ],
)
def test_crowds_act_for_the_state_they_act_in(text: str, wanted: set[Triple]) -> None:
    assert coded(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # phrases whose meaning is not their verb's (CAMEO's verb dictionary codes each)
        ("Egypt held Israel responsible for the death of its soldiers.", {("EGY", "ISR", "112")}),
        ("Sudanese rebels agreed to hold fire during the talks.", {("SDN", None, "0356")}),
        ("Britain called up 3,000 reservists.", {("GBR", None, "154")}),
        ("Uganda kicked the Kenyan diplomats out of the country.", {("UGA", "KEN", "174")}),
        ("Eritrea's government forced the UN agency out of its capital.", {("ERI", "un", "174")}),
        ("Kenya ordered the Somali envoy to leave within 48 hours.", {("KEN", "SOM", "174")}),
        ("Rwandan troops seized control of the town of Goma.", {("RWA", "COD", "192")}),
        ("Chile boycotted the summit in Lima.", {("CHL", None, "125")}),
        ("The United States stepped up pressure on Iran.", {("USA", "IRN", "100")}),
        ("Turkish police fired tear gas at protesters in Istanbul.", {("TUR", None, "175")}),
        ("Eritrea's government forced two foreign aid agencies out last year.", {("ERI", None, "1663")}),
        ("Sudan expelled two British aid workers.", {("SDN", "GBR", "1663")}),
        # a spec's modifier is required: exercises that are not joint show force
        ("China held military exercises near Taiwan.", {("CHN", "TWN", "150")}),
        ("Japan and India held joint exercises in the Bay of Bengal.", {("JPN", "IND", "062"), ("IND", "JPN", "062")}),
        ("The United Nations warned of a humanitarian catastrophe in Gaza.", {("un", None, "012")}),
        ("Kenya warned of the risk of famine in the north.", {("KEN", None, "012")}),
        ("Zimbabwe's information ministry ordered two radio stations to suspend their broadcasts.", {("ZWE", None, "172")}),
        ("The UN shipped out its peacekeepers from the Congolese town of Bunia.", {("un", "COD", "1661")}),
        ("France shipped out 500 troops from Timbuktu.", {("FRA", "MLI", "087")}),
        ("The Chilean president paid tribute to the victims of the flood.", {("CHL", None, "017")}),
        ("Peru and Chile exchanged fire along the border.", {("PER", "CHL", "193"), ("CHL", "PER", "193")}),
        ("Japan ruled out talks with North Korea.", {("JPN", "PRK", "125")}),
        ("Germany gave the green light for tank deliveries to Ukraine.", {("DEU", "UKR", "080")}),
        ("Kenya expressed support for the Ethiopian peace plan.", {("KEN", "ETH", "051")}),
        ("Armenia and Azerbaijan postponed their talks.", {("ARM", "AZE", "161"), ("AZE", "ARM", "161")}),
        ("Amnesty accused Myanmar of genocide.", {("amnesty", "MMR", "1124")}),
        ("The United States opposed the plan.", {("USA", None, "127")}),
        ("Pakistani militants stormed a police post near Quetta.", {("PAK", None, "190")}),
        # near misses: the verb without its idiom's words, or with other words
        ("Russia attacked the report as biased.", set()),
        ("Germany gave Ukraine light weapons.", {("DEU", "UKR", "072")}),
        ("Peru and Chile exchanged letters on the border.", set()),
        ("The Chilean president paid the bill.", set()),
        ("Amnesty accused Myanmar of lying.", {("amnesty", "MMR", "112")}),
        ("Japan shipped 300 tonnes of food aid to Haiti.", {("JPN", "HTI", "073")}),
        ("Chile's president ordered the army to halt its advance.", set()),
        ("Iran warned Israel of a crushing response.", {("IRN", "ISR", "130")}),
        ("The coach called up three new players.", set()),
        ("Chile boycotted the vote.", {("CHL", None, "143")}),
        ("Sudan expelled two British journalists.", {("SDN", "GBR", "174")}),
        ("Eritrea's government forced the news agency out of its capital.", {("ERI", None, "174")}),
        ("Chile's finance minister took control of the budget.", set()),
        ("The Chilean minister held a responsible post in Lima.", set()),
        ("Chilean troops fired artillery at the Peruvian positions.", {("CHL", "PER", "194")}),
    ],
)
def test_idioms_code_as_cameo_reads_them(text: str, wanted: set[Triple]) -> None:
    assert coded(text) == wanted


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        # a people placed with "of" in another state's land is that state's minority (CAMEO)
        ("The Hungarians of northern Serbia rejected the new language law.", {("SRB", None, "120")}),
        # near misses: a people with no place, of its own state, or troops (no people) of a unit
        ("Hungarians demanded autonomy.", {("HUN", None, "1044")}),
        ("The Hungarians of Hungary rejected the plan.", {("HUN", None, "127")}),
        ("Hungarian troops of the NATO brigade in Kosovo rejected the plan.", {("HUN", None, "127")}),
        # a place named by no state (a gazetteer town's name may be a word of it) leaves the people theirs
        ("Palestinians of the Israeli-occupied West Bank marched against the wall.", {("PSE", None, "141")}),
    ],
)
def test_a_people_of_another_state_s_land_is_that_state_s(text: str, wanted: set[Triple]) -> None:
    assert coded(text) == wanted


@pytest.mark.parametrize(
    ("text", "source", "target"),
    [
        ("Kenya branded the Ugandan move as reckless.", "KEN", "UGA"),
        ("Kenya derided the Ugandan plan as reckless.", "KEN", "UGA"),
        ("Kenyan lawmakers blasted Uganda for closing the border.", "KEN", "UGA"),
        ("Uganda faulted Kenya for the delay.", "UGA", "KEN"),
        ("Tanzania chastised Kenya over the tariffs.", "TZA", "KEN"),
    ],
)
def test_more_verbs_of_criticism_are_accusations(text: str, source: str, target: str) -> None:
    events, _ = code_text(text, date(2023, 5, 20))
    assert [(roll_up(e.source, load_dictionary()), roll_up(e.target, load_dictionary())) for e in events
            if e.cameo == "111"] == [(source, target)]


@pytest.mark.parametrize(
    "text",
    [
        "Miners blasted the rock near the Kenyan border.",
        "The Kenyan firm will brand its new coffee in Uganda.",
        "Kenya was not at fault, Uganda said.",
    ],
)
def test_near_misses_of_criticism_verbs(text: str) -> None:
    events, _ = code_text(text, date(2023, 5, 20))
    assert [e for e in events if e.cameo.startswith("11")] == []
