"""Commitments: extraction from sentences, follow-up across documents, CLI, export and the seed key."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

import dyad
from dyad import queries
from dyad.actors import load_dictionary
from dyad.cli import main
from dyad.evaluate import evaluate
from dyad.evaluate_commitments import status_matches
from dyad.extract.commitments.commitment_cues import cues
from dyad.link.followup import classify, date_bounds, follow_up, statuses_as_of
from dyad.model import Commitment, Document, Published

FIXTURES = Path(__file__).parent / "fixtures" / "commitments"
SEEDS = Path(__file__).parents[2] / "shared" / "corpus" / "seeds"
GOLD = Path(__file__).parents[2] / "shared" / "gold" / "seeds.json"
KINDS = {"agreement", "intention", "proposal", "invitation"}
WIDE = {"COLUMNS": "250"}


def commitments_of(text: str, published: str = "2019-05-30") -> list[Commitment]:
    """Run the whole per-document analysis on one hand-written text."""
    from dyad.extract.annotate import annotate
    from dyad.nlp.analyze import analyze

    doc = Document(id="t-0", source="t.txt", part=0, text=text, raw_sha256="0" * 64,
                   published=Published(published, "day", "metadata"), language="en")
    return annotate(doc, next(analyze([text])), load_dictionary()).commitments


# -- extraction ------------------------------------------------------------------------

CASES = [
    # (text, published, kind, parties, action starts, due, place)
    ("Japan and Russia agreed to hold talks in Moscow next year.", "2019-05-30",
     "agreement", ["JPN", "RUS"], "hold talks in Moscow", "2020", "Moscow"),
    ("Russian Foreign Minister Sergey Lavrov said Russia and Japan would hold consultations in Tokyo in March.",
     "2019-01-10", "intention", ["RUS", "JPN"], "hold consultations in Tokyo", "2019-03", "Tokyo"),
    ("Russia invited Japanese Foreign Minister Taro Kono to visit Moscow by the end of this year.",
     "2019-05-30", "invitation", ["RUS", "JPN"], "visit Moscow", "2019-12-31", "Moscow"),
    ("Japan has proposed holding joint naval exercises with Russia.", "2019-05-30",
     "proposal", ["JPN", "RUS"], "hold joint naval exercises", None, None),
    ("The ministers shared the view that Japan and Russia will continue to cooperate on North Korea.",
     "2018-07-31", "agreement", ["JPN", "RUS"], "continue to cooperate on North Korea", None, None),
    ("The next summit between Japan and Russia will take place in Vladivostok.", "2019-05-30",
     "intention", ["JPN", "RUS"], "hold next summit", None, "Vladivostok"),
    # issue 27: more forms of a promise (commitment_forms.py)
    ("Chile and Peru signed a fisheries treaty in Lima.", "2019-05-30",
     "agreement", ["CHL", "PER"], "sign a fisheries treaty", None, "Lima"),
    ("Ghana and Togo reaffirmed their commitment to a joint border patrol.", "2019-05-30",
     "intention", ["GHA", "TGO"], "a joint border patrol", None, None),
    ("Norway remained committed to the Arctic fishing accord.", "2019-05-30",
     "intention", ["NOR"], "the Arctic fishing accord", None, None),
    ("Kenya and Uganda agreed on the construction of a railway.", "2019-05-30",
     "agreement", ["KEN", "UGA"], "agree on the construction of a railway", None, None),
    ("The Chilean minister was scheduled to meet his Peruvian counterpart.", "2019-05-30",
     "intention", ["CHL"], "meet his Peruvian counterpart", None, None),
    ("Ghana and Togo affirmed their commitment to jointly patrol the lake.", "2019-05-30",
     "intention", ["GHA", "TGO"], "jointly patrol the lake", None, None),
    ("Chile and Peru agreed steps to clear the border of mines.", "2019-05-30",
     "agreement", ["CHL", "PER"], "agree steps", None, None),
    ("Chile and Peru welcomed the agreements reached at the summit.", "2019-05-30",
     "agreement", ["CHL", "PER"], "the agreement reached at the summit", None, None),
    ("Norway has announced plans to send a frigate to the Arctic.", "2019-05-30",
     "intention", ["NOR"], "send a frigate to the Arctic", None, None),
]


@pytest.mark.parametrize(("text", "published", "kind", "parties", "action", "due", "place"), CASES)
def test_extraction(text: str, published: str, kind: str, parties: list[str], action: str,
                    due: str | None, place: str | None) -> None:
    found = commitments_of(text, published)
    assert len(found) == 1, found
    c = found[0]
    assert (c.kind, c.parties, c.due, c.place) == (kind, parties, due, place)
    assert c.action.startswith(action)
    assert text[c.start:c.end] in text


def test_the_sentence_dates_the_promise_and_its_window() -> None:
    text = "On Friday, the two foreign ministers said they had agreed to hold peace treaty talks in January next year."
    (c,) = commitments_of("Japan and Russia held talks. " + text, "2013-11-02")
    assert c.made == "2013-11-01"
    assert (c.due, c.due_first, c.due_last) == ("2014-01", "2014-01-01", "2014-01-31")


def test_a_deadline_opens_on_the_day_made() -> None:
    (c,) = commitments_of("Japan and Russia agreed to hold a security dialogue by the end of this year.", "2018-07-31")
    assert (c.due_first, c.due_last) == ("2018-07-31", "2018-12-31")


def test_two_objects_are_two_commitments() -> None:
    text = ("Japan and Russia agreed to arrange a visit to Russia by Katsutoshi Kawano by the end of this year, "
            "and a port call in Hakodate by the Russian Pacific Fleet this October.")
    found = commitments_of(text, "2018-07-31")
    assert [c.due for c in found] == ["2018-12-31", "2018-10"]
    assert "port call" in found[1].action and found[1].start > found[0].start


def test_objects_joined_deep_in_the_act_are_one_commitment() -> None:
    text = "Kenya and Uganda agreed to look into the possibility of expanding their rail links and ferry services."
    assert [c.action for c in commitments_of(text)] == [
        "look into the possibility of expanding their rail links and ferry services"]
    # joined to the act's own object (through "continue to"): two
    two = "Kenya and Uganda agreed to continue to arrange a visit to Kampala, and a port call in Mombasa."
    assert len(commitments_of(two)) == 2


@pytest.mark.parametrize("text", [
    "Japan and Russia did not agree to hold talks.",
    "Lavrov said the talks will be difficult.",
    "It is envisaged that this discussion will be held in Moscow.",
    "Japan held talks with Russia in Tokyo on Thursday.",
    "The sailors could take part in joint exercises.",
    "Chile and Peru did not sign the treaty.",
    "The treaty was praised by Chile.",
    "Click here to read more.",
    "Keep a close eye on your savings.",
    "Kenya and Uganda agreed on the importance of trade.",
    "The Chilean minister expects that both navies can contribute to stability.",
    # a view agreed on, whatever else hangs from the verb
    "Kenya and Uganda agree on the importance of their ties, not just to trade but to the region.",
    # forecasts by the writer
    "The Kenyan and Ugandan ministers will likely discuss closer ties in the region.",
    "It is likely that Kenya and Uganda will also discuss the border.",
    # a place, not a plan; a saying, not a text signed
    "“Kenya is here to stay,” the Kenyan minister told Uganda.",
    "Agreement is signed by leaders but peace is made by the people.",
    # a moderator running a press conference
    "MODERATOR: Good morning and welcome.\nWe will first hear from Kenya's minister, after which we will have "
    "the Q&A.\nKENYAN MINISTER ODHIAMBO: Thank you.",
    # a line in another script: the English parse of it is noise
    "Kenya and Uganda met. \u05e2\u05d5\u05e9\u05d9\u05dd \u05d4\u05d9\u05e1\u05d8\u05d5\u05e8\u05d9\u05d4 "
    "\u05e7\u05e0\u05d9\u05d4 \u05d5\u05d0\u05d5\u05d2\u05e0\u05d3\u05d4 \u05d9\u05d7\u05ea\u05de\u05d5 "
    "Odhiambo (@odhiambo) June 3, 2021",
])
def test_not_commitments(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text,action", [
    ("Kenya and Uganda will discuss closer ties in the region.", "discuss closer ties in the region"),
    ("The talks are soon to be held in Kampala.", "hold talks in Kampala"),
    ("KENYAN MINISTER ODHIAMBO: We will open a consulate in Kampala.", "open a consulate in Kampala"),
])
def test_near_misses_of_forecasts_and_moderators_are_commitments(text: str, action: str) -> None:
    assert action in [c.action for c in commitments_of(text)]


@pytest.mark.parametrize("text,actions", [
    # two acts joined by "and to" are two commitments; "as well as to" adds to one
    ("Kenya and Uganda agreed to resume the border talks, and to open a new trade office.",
     ["resume the border talks", "open a new trade office"]),
    ("Kenya and Uganda agreed to resume the border talks as well as to open a new trade office.",
     ["resume the border talks as well as to open a new trade office"]),
    # a schedule in an absolute phrase; a schedule for a date plans its subject
    ("With Kenya slated to send a frigate to the region, Uganda proposed joint drills.",
     ["send a frigate to the region", "propose joint drills"]),  # the drills proposed: a thing promised (session 23)
    ("The opening of the new border post is scheduled for 2027, the Kenyan minister said.",
     ["The opening of the new border post"]),
    # an act named by a noun with "of", confirmed or announced
    ("Kenya and Uganda confirmed the resumption of visits between their leaders.",
     ["the resumption of visits between their leaders"]),
    # a sum pledged or announced by a state
    ("Kenya has announced an extra $40 million for border security.", ["an extra $40 million for border security"]),
    # a second verb with its own "will" shares the first verb's subject
    ("Kenya is and will remain a steadfast partner to Uganda.", ["remain a steadfast partner to Uganda"]),
])
def test_further_forms_of_promises(text: str, actions: list[str]) -> None:
    assert [c.action for c in commitments_of(text)] == actions


@pytest.mark.parametrize("text", [
    "Kenya confirmed the death of its ambassador in Uganda.",  # a fact confirmed, no act promised
    "The opening of the new border post was praised by Uganda.",  # no schedule
    "Kenya is the largest partner of Uganda.",  # no second verb with "will"
    "The bank announced $3 billion in profits.",  # a sum announced by no state or person
])
def test_near_misses_of_further_forms(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text,actions", [
    # a named agreement is an agreement, beside the sentence's other promise
    ("Kenya and Uganda will expand the ports covered by the Lake Victoria Transit Agreement.",
     ["expand the ports covered by the Lake Victoria Transit Agreement", "the Lake Victoria Transit Agreement"]),
    ("Kenya's minister said the border is fixed by the Treaty of Kampala, a view Uganda shares.",
     ["the Treaty of Kampala"]),
    # a programme named with an agreement noun; its second mention is the same agreement
    ("Kenya and Uganda reviewed the Nile Basin Initiative accord in Entebbe. "
     "The Nile Basin Initiative has run since 1999.", ["the Nile Basin Initiative accord in Entebbe"]),
])
def test_a_named_agreement_is_an_agreement_once(text: str, actions: list[str]) -> None:
    found = commitments_of(text)
    assert [c.action for c in found] == actions
    assert found[-1].kind == "agreement"


@pytest.mark.parametrize("text", [
    "Kenya and Uganda talked about the Nile Basin Initiative.",  # a programme, no agreement noun
    "Kenya and Uganda discussed a possible Lake Victoria Transit Agreement.",  # not yet made
    "Kenya said Uganda broke the United Nations Convention on the Law of the Sea.",  # a yardstick cited
    "Agreement matters more than speed, the Kenyan minister told Uganda.",  # a capital at the start, no name
    "Kenya and Uganda Sign Historic Lake Victoria Transit Agreement in Kampala",  # a headline set in title case
])
def test_near_misses_of_named_agreements(text: str) -> None:
    assert [c for c in commitments_of(text) if c.kind == "agreement"] == []


def test_a_named_agreement_signed_is_the_signing_commitment_only() -> None:
    actions = [c.action for c in commitments_of("Kenya and Uganda signed the Lake Victoria Transit Agreement.")]
    assert actions == ["sign the Lake Victoria Transit Agreement"]


@pytest.mark.parametrize("text", [
    "We will continue to forge ahead, the Kenyan minister told Uganda.",  # an act that names nothing
    "The Kenyan president also invited Ugandan President Museveni to visit.",
    "The new ferry was intended to remind Uganda of Kenya's reach, a Kenyan official said.",  # a purpose
    "Overhauling the old transit accord is expected to take many months, Kenya and Uganda said.",  # a forecast
])
def test_vague_acts_purposes_and_durations_are_no_commitments(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text,action", [
    ("Kenya and Uganda agreed to meet again.", "meet again"),  # a meeting needs no object
    ("The Kenyan president invited Ugandan President Museveni to visit Nairobi.", "visit Nairobi"),
    ("A new ferry is planned to link Kenya and Uganda by 2027.", "link Kenya and Uganda"),
    ("The Kenyan minister is expected to sign a transit accord with Uganda.", "sign a transit accord with Uganda"),
])
def test_near_misses_of_vague_acts_are_commitments(text: str, action: str) -> None:
    assert action in [c.action for c in commitments_of(text)]


def test_a_trip_for_a_meeting_the_document_announces_is_part_of_that_plan() -> None:
    trip = "Kenyan President William Ruto will travel to Kampala for the summit with Uganda."
    announced = " The summit will be held on June 3."
    assert [c.action for c in commitments_of(trip + announced)] == ["hold summit"]
    # no announcement: the trip is the plan; another format announced: both stay
    assert [c.action for c in commitments_of(trip)] == ["travel to Kampala for the summit with Uganda"]
    assert len(commitments_of(trip + " The 2+2 dialogue will be held on June 3.")) == 2


@pytest.mark.parametrize("text,action,due", [
    # a passive future with a date ahead: someone is to do it by then
    ("Kenya's minister said a joint report on the border will be published by December.",
     "publish a joint report on the border", "2019-12"),
    # an act "before" a date ahead is taken for granted
    ("Uganda hopes to settle the border dispute before Kenya holds elections next August.", "hold elections", "2019-08"),
    ("Kenya is racing to strengthen its ties with Uganda before leaving the bloc in March 2020.",
     "leave the bloc", "2020-03"),
])
def test_acts_known_by_a_date_ahead_are_plans(text: str, action: str, due: str) -> None:
    assert [(c.action, c.due) for c in commitments_of(text)] == [(action, due)]


def test_a_passive_infinitive_with_a_date_ahead_is_a_plan() -> None:
    text = "Kenya said a joint report will be issued by March stating expected goals to be met by December 2020."
    assert [(c.action, c.due) for c in commitments_of(text)] == [
        ("issue a joint report", "2020-03"), ("meet expected goals", "2020-12")]
    past = text.replace("December 2020", "December 2015")
    assert [c.action for c in commitments_of(past)] == ["issue a joint report"]


@pytest.mark.parametrize("text", [
    "A joint report on the border will be published, Kenya's minister said.",  # no date
    "The old pipeline between Kenya and Uganda will be replaced in 2018.",  # a date already past
    "Uganda hopes to settle the border dispute before Kenya holds elections in 2017.",
    "Kenya hopes to plant the fields before the rains begin next month.",  # rains promise nothing
    "Kenya and Uganda met in Nairobi before the talks began last year.",  # past: it orders events
])
def test_near_misses_of_acts_known_by_a_date(text: str) -> None:
    assert commitments_of(text) == []


def test_a_text_cut_off_mid_word_loses_the_cut_word_only() -> None:
    whole = "Kenya and Uganda met in Kampala on Monday. Kenya will send more troops to the border"
    assert [c.action for c in commitments_of(whole + " posts.")] == ["send more troops to the border posts"]
    assert [c.action for c in commitments_of(whole + " pos")] == ["send more troops to the border"]
    assert commitments_of("Kenya and Uganda met in Kampala on Monday. Kenya will se") == []
    # a cut that leaves only function words leaves no act
    assert commitments_of("Kenya and Uganda met in Kampala on Monday. Kenya reiterates its support for the Uga") == []


@pytest.mark.parametrize("text,action", [
    ("Uganda welcomed Kenya's plan to open a consulate in Gulu.", "open a consulate in Gulu"),
    ("Uganda noted the intention of the Kenyan government to build the railway by 2030.", "build the railway"),
])
def test_an_intention_a_named_owner_has_is_a_plan_whatever_governs_it(text: str, action: str) -> None:
    assert [c.action for c in commitments_of(text)] == [action]


@pytest.mark.parametrize("text", [
    "Uganda discussed the plan to build the railway.",  # an owner who names no one
    "Uganda welcomed Kenya's plan for the railway.",  # no act "to" do
])
def test_near_misses_of_owned_intentions(text: str) -> None:
    assert commitments_of(text) == []


def test_support_renewed_for_something_is_a_pledge_support_expressed_is_not() -> None:
    renewed = "Kenya and Uganda reaffirmed their full support for the lake treaty."
    assert [c.action for c in commitments_of(renewed)] == ["the lake treaty"]
    assert commitments_of("The Kenyan president expressed support for his foreign minister over the row with Uganda.") == []


def test_a_paragraph_that_is_one_imperative_sentence_is_a_listed_action() -> None:
    text = ("Japan and Vietnam issued a joint statement. The two sides decided to:\n"
            "Increase investments in port facilities\n"
            "Continue collaborating to build resilient supply chains.")
    found = commitments_of(text)
    actions = [c.action for c in found]
    assert actions[-2:] == ["increase investments in port facilities", "continue collaborating to build resilient supply chains"]
    assert all(c.parties == ["JPN", "VNM"] for c in found[-2:]), found


def test_a_list_of_actions_counts_though_spacy_misreads_its_verbs() -> None:
    text = ("Chile and Peru issued a joint statement. The two sides decided to:\n"
            "Allocate USD 20 million for the coast guard\n"
            "Advance maritime cooperation\n"
            "Deepen coordination on fisheries")
    actions = [c.action for c in commitments_of(text)]
    assert actions[-3:] == ["Allocate USD 20 million for the coast guard", "Advance maritime cooperation",
                            "Deepen coordination on fisheries"], actions


def test_short_list_items_after_a_long_one_are_each_a_promise() -> None:
    text = ("The ministers committed to the following:\n"
            "Allocate USD 200 million in maritime financing from the 2025 budget, working with parliament\n"
            "Increase investments in the agreed port locations\nAdvance cybersecurity cooperation\n"
            "Bolster maritime cooperative activities to promote security cooperation and expand operational "
            "coordination with other partners, including in joint sails")
    actions = [c.action.lower() for c in commitments_of(text)]
    assert any(a.startswith("increase investments") for a in actions)
    assert any(a.startswith("bolster maritime cooperative activities to promote") for a in actions), actions


def test_a_headline_opening_with_a_list_verb_alone_is_no_commitment() -> None:
    assert commitments_of("Advance warning system fails in floods\nThe river rose overnight.") == []


def test_cue_file_is_valid() -> None:
    words = cues()
    assert set(words.verbs.values()) <= KINDS
    assert {kind for _, kind in words.views.values()} <= KINDS
    assert all(a["patterns"] for a in words.activities)


# -- follow-up helpers ------------------------------------------------------------------


@pytest.mark.parametrize(("action", "activity", "fmt"), [
    ("hold meetings in the 2+2 format on a regular basis", "format meeting", "2+2"),
    ("come to Moscow for a 2+2 meeting", "format meeting", "2+2"),
    ("continue to arrange a visit to Russia by Mr. Katsutoshi Kawano", "visit", None),
    ("continue to arrange a port call in Hakodate Port", "port call", None),
    ("hold joint anti-terror and anti-piracy military exercises", "exercise", None),
    ("continue to pursue defense exchanges", "exchanges", None),
    ("start holding meetings on the issue of cybersecurity", "meeting", None),
    ("broaden their cooperation further within the East Asia Summit", None, "summit"),
])
def test_classify(action: str, activity: str | None, fmt: str | None) -> None:
    found, named = classify(action)
    assert (found.name if found else None, named) == (activity, fmt)


@pytest.mark.parametrize(("value", "bounds"), [
    ("2018-07-31", ("2018-07-31", "2018-07-31")),
    ("2018-02", ("2018-02-01", "2018-02-28")),
    ("2014", ("2014-01-01", "2014-12-31")),
    ("2014-01-01/2014-02-28", ("2014-01-01", "2014-02-28")),
    ("2013-W44", ("2013-10-28", "2013-11-03")),
    ("2013-W44-WE", ("2013-11-02", "2013-11-03")),
    ("2013-SU", ("2013-01-01", "2013-12-31")),
])
def test_date_bounds(value: str, bounds: tuple[str, str]) -> None:
    found = date_bounds(value)
    assert found is not None and (found[0].isoformat(), found[1].isoformat()) == bounds
    assert date_bounds(None) is None and date_bounds("--11-02") is None


@pytest.mark.parametrize(("wanted", "got", "ok"), [
    ("fulfilled late", "fulfilled late", True),
    ("fulfilled late", "fulfilled", False),
    ("contradicted", "fulfilled", False),
    ("unknown", "pending", True),
    ("unknown (overdue as of the corpus end)", "overdue", True),
    ("unknown (overdue as of the corpus end)", "pending", False),
    ("in progress ('progress has been slow')", "unknown", True),
])
def test_status_matches(wanted: str, got: str, ok: bool) -> None:
    assert status_matches(wanted, got) is ok


# -- follow-up on real stores -------------------------------------------------------------


def _only(db: Path) -> dict[str, object]:
    with dyad.open(str(db)) as store:
        (item,) = list(queries.commitments.stream(store.engine))
    return item._asdict()


def test_kept_in_time_once_the_later_report_arrives(tmp_path: Path) -> None:
    db = tmp_path / "kept.db"
    dyad.ingest([str(FIXTURES / "kept" / "a_promise.jsonl")], str(db))
    assert _only(db)["status"] == "overdue"  # due July 2019, nothing yet
    dyad.ingest([str(FIXTURES / "kept" / "b_talks.jsonl")], str(db))
    item = _only(db)
    assert (item["status"], item["fulfilled_on"], item["due_last"]) == ("fulfilled", "2019-07-20", "2019-07-31")
    with dyad.open(str(db)) as store:
        later = {d.id for d in store.iter_documents() if d.published and d.published.value == "2019-07-20"}
        assert later <= set(item["status_evidence"])  # type: ignore[arg-type]
        (_, before) = next(statuses_as_of(store, date(2019, 7, 1)))
        assert before.status == "pending"  # the talks had not happened on 1 July


def test_kept_late(tmp_path: Path) -> None:
    db = tmp_path / "late.db"
    dyad.ingest([str(FIXTURES / "late")], str(db))
    item = _only(db)
    assert (item["status"], item["fulfilled_on"], item["due_last"]) == ("fulfilled late", "2019-09-14", "2019-07-31")


def test_contradicted_by_the_next_meeting_elsewhere(tmp_path: Path) -> None:
    db = tmp_path / "contradicted.db"
    dyad.ingest([str(FIXTURES / "contradicted")], str(db))
    item = _only(db)
    assert item["status"] == "contradicted" and item["place"] == "Moscow"
    with dyad.open(str(db)) as store:
        tokyo = next(d.id for d in store.iter_documents() if "Tokyo" in (d.title or ""))
    assert tokyo in item["status_evidence"]  # type: ignore[operator]


def test_pending_then_overdue_and_idempotent(tmp_path: Path) -> None:
    db = tmp_path / "open.db"
    dyad.ingest([str(FIXTURES / "open")], str(db))
    with dyad.open(str(db)) as store:
        assert follow_up(store, as_of=date(2019, 6, 1)) == 1
        first = list(queries.commitments.stream(store.engine))
        follow_up(store, as_of=date(2019, 6, 1))
        assert list(queries.commitments.stream(store.engine)) == first
        assert first[0].status == "pending" and first[0].status_as_of == "2019-06-01"
        assert [u.status for _, u in statuses_as_of(store, date(2020, 1, 1))] == ["overdue"]
    dyad.ingest([str(FIXTURES / "open")], str(db))  # the same content again changes nothing
    with dyad.open(str(db)) as store:
        assert list(queries.commitments.stream(store.engine)) == first


def test_commitments_to_follow_come_earliest_first_whatever_the_batch(tmp_path: Path) -> None:
    """The follow-up reads them a batch at a time, and the first one dates the evidence it reads."""
    db = tmp_path / "several.db"
    dyad.ingest([str(FIXTURES / name) for name in ("late", "contradicted", "open")], str(db))
    with dyad.open(str(db)) as store:
        every = list(store.commitments_to_follow())
        assert [c.id for c in store.commitments_to_follow(batch=1)] == [c.id for c in every]
        listed = queries.commitments.listing(store.engine, copies=True)
        assert len(every) >= 3 and {c.id for c in every} == {c.id for c in listed}
        made = [c.commitment.made or "" for c in every]
        assert made == sorted(made) and len(set(made)) > 1
        assert list(store.commitments_to_follow(only_new=True)) == []  # the ingest's follow-up saw them all


def test_cli_and_export(tmp_path: Path) -> None:
    db = tmp_path / "c.db"
    dyad.ingest([str(FIXTURES / "contradicted")], str(db))
    runner = CliRunner()
    shown = runner.invoke(main, ["--db", str(db), "commitments", "--status", "contradicted"], env=WIDE)
    assert shown.exit_code == 0 and "hold next 2+2 meeting in Moscow" in shown.output
    as_of = runner.invoke(main, ["--db", str(db), "commitments", "--as-of", "2019-01-01"], env=WIDE)
    assert as_of.exit_code == 0 and "unknown" in as_of.output and "contradicted" not in as_of.output
    out = runner.invoke(main, ["--db", str(db), "export", "--type", "commitment"])
    (record,) = [json.loads(line) for line in out.output.splitlines()]
    for name in ("id", "document", "parties", "action", "kind", "made", "due", "status", "status_evidence",
                 "start", "end"):
        assert name in record
    assert record["type"] == "commitment" and record["parties"] == ["JPN", "RUS"]


# -- the seed key ------------------------------------------------------------------------------


@pytest.mark.skipif(not SEEDS.is_dir() or not GOLD.is_file(), reason="needs ../shared seeds and gold")
def test_seed_commitments(tmp_path: Path) -> None:
    db = tmp_path / "seeds.db"
    dyad.ingest([str(SEEDS)], str(db))
    with dyad.open(str(db)) as store:
        scores = evaluate(store, GOLD)
        by_action = {c.commitment.action: c.status for c in queries.commitments.listing(store.engine)}
    assert scores["commitments"].tp >= 16
    assert scores["commitment_status"].tp >= 16
    assert by_action["come to Moscow for a 2+2 meeting"] == "fulfilled late"
    assert by_action["hold next 2+2 Ministerial Meeting in Russia"] == "contradicted"


def test_follow_up_asks_its_indexes_what_a_scan_of_every_proof_would_answer() -> None:
    import random

    from dyad.link.followup import _Proof, _World

    rng = random.Random(3)
    states, codes = ["JPN", "RUS", "CHN", "USA", "KOR"], ["036", "040", "042", "043", "057"]
    start = date(2015, 1, 1)

    def day() -> date:
        return start + timedelta(days=rng.randrange(3000))

    meetings = sorted((_Proof(day(), "", (f"m{n}",), countries=frozenset(rng.sample(states, rng.randrange(0, 4))))
                       for n in range(400)), key=lambda p: p.first)
    events = sorted((_Proof(day(), "", (f"e{n}",), cameo=rng.choice([*codes, None]), source=rng.choice(states),
                            target=rng.choice([*states, None])) for n in range(600)), key=lambda p: p.first)
    world = _World(meetings, events, load_dictionary())
    for _ in range(300):
        after, until = sorted((day(), day()))
        parties = set(rng.sample(states, rng.randrange(0, 3)))
        wanted = tuple(rng.sample(codes, rng.randrange(1, 3)))
        assert world.meetings_of(parties, after, until) == [
            m for m in meetings if after < m.first <= until and m.countries and parties <= m.countries]
        assert world.events_of(wanted, parties, after, until) == [
            e for e in events if after < e.first <= until and e.cameo in wanted
            and (e.target if e.cameo == "043" else e.source) in parties]
    assert world.meetings_of({"JPN"}, date(2030, 1, 1), date(2020, 1, 1)) == []  # an empty range


@pytest.mark.parametrize(("text", "proposed"), [
    ("Chilean Foreign Minister Alberto van Klaveren suggested that Peru and Chile hold talks on fishing.", True),
    ("Chilean Foreign Minister Alberto van Klaveren proposed that Chile would host the talks on fishing.", True),
    ("Chilean Foreign Minister Alberto van Klaveren suggested that Peru has a duty to curb fishing.", False),
    ("Chilean Foreign Minister Alberto van Klaveren suggested that the talks with Peru were a waste of time.", False),
    ("Chilean Foreign Minister Alberto van Klaveren suggested that Peru and Chile are wasting time on fishing.", False),
])
def test_a_proposal_asks_for_an_act_and_a_stated_fact_is_a_view(text: str, proposed: bool) -> None:
    found = [c for c in commitments_of(text) if c.kind == "proposal"]
    assert bool(found) == proposed


@pytest.mark.parametrize(("text", "intended"), [
    ("Peruvian President Dina Boluarte will always be a friend of Chile, Chilean officials said.", False),
    ("Chile will receive the biggest share of the fishing quota, Peruvian officials said.", False),
    ("Chile would owe Peru $2 billion under the ruling, Peruvian officials said.", False),
    ("Chile will be unable to meet the quota, Peruvian officials said.", False),
    ("Chile will send a delegation to Lima next week, Chilean officials said.", True),
    ("The fishing accord will be signed by Chile and Peru in Lima next week.", True),
])
def test_a_forecast_of_what_someone_will_be_or_get_is_no_intention(text: str, intended: bool) -> None:
    found = [c for c in commitments_of(text) if c.kind == "intention"]
    assert bool(found) == intended


@pytest.mark.parametrize(("text", "committed"), [
    ("Ghana does not, and never will, accept the border ruling, Ghanaian Foreign Minister Shirley Botchwey said.", False),
    ("Ghanaian officials have not said when they would reopen the border with Togo.", False),
    ("Togo asked whether Ghana will reopen the border next month.", False),
    ("If Ghana were to close the border, Togo would suffer, Togolese officials said.", False),
    ("Ghana will have to spend more on border security, Ghanaian officials said.", False),
    ("Ghana would have reopened the border sooner, Ghanaian officials said.", False),
    ("Ghana refused to pledge to reopen the border with Togo.", False),
    ("Ghanaian officials agreed that the border talks were a failure.", False),
    ("Sanctions apply only if the country involved was determined to have been involved in the raid on Ghana.", False),
    ("Ghana adopted customs rules that promise to transform its trade with Togo.", False),
    ("That promises to make trade between Ghana and Togo harder, Ghanaian officials said.", False),
    # near misses that stay promises
    ("Ghana will reopen the border with Togo next month, Ghanaian officials said.", True),
    ("When the talks end, Ghana will reopen the border with Togo, Ghanaian officials said.", True),
    ("Ghana and Togo agreed that their ministers would meet in Accra next month.", True),
    ("Ghana and Togo agreed that it is timely to expand their border cooperation.", True),
    ("Ghana is determined to reopen the border with Togo.", True),
    ("Ghana promised to reopen the border with Togo next month.", True),
])
def test_denied_asked_bound_and_refused_futures_are_no_commitments(text: str, committed: bool) -> None:
    assert bool(commitments_of(text)) == committed


@pytest.mark.parametrize(("text", "committed"), [
    ("Ghana sent Togo a loan intended to ease the border dispute.", False),
    ("Ghana will be unwise to reopen the border with Togo next month.", False),
    ("There is no chance Ghana will reopen the border with Togo, Ghanaian officials said.", False),
    ("GHANA WILL REOPEN THE BORDER WITH TOGO", False),
    # near misses that stay promises
    ("There is no doubt Ghana will reopen the border with Togo, Ghanaian officials said.", True),
    ("Ghana intends to ease the border dispute with Togo.", True),
    ("Ghana will reopen the border with Togo, Ghanaian officials said.", True),
])
def test_purposes_judgements_ruled_out_futures_and_headings_are_no_commitments(text: str, committed: bool) -> None:
    assert bool(commitments_of(text)) == committed


@pytest.mark.parametrize(("text", "committed"), [
    ("Ghana hopes Togo will reopen the border next month.", False),
    ("Ghanaian officials are hoping that Togo will reopen the border next month.", False),
    ("Ghana reopened talks in the hope that Togo will ease its tariffs.", False),
    # near misses that stay promises
    ("We hope we will reopen the border with Togo next month, Ghanaian officials said.", True),
    ("Ghanaian officials said Togo will reopen the border next month.", True),
])
def test_a_hope_for_anothers_act_is_no_commitment(text: str, committed: bool) -> None:
    assert bool(commitments_of(text)) == committed


# -- session 23: news nobody here wrote (forecasts, views, talk) -------------------------------

@pytest.mark.parametrize("text", [
    # a guess at a schedule: a doubting modal
    "Whichever side loses could be expected to appeal the case to the top court.",
    # a view of what a thing would do, not an act asked of a party
    "The economists agreed that the new tariff would raise prices for farmers.",
    "Critics suggest that lower fees would help the port attract more ships.",
    "To some extent, all agreed that the new tariff plan would raise prices for farmers.",  # "To" is no matter agreed
    # sure or convinced of another's act: a forecast
    "The Kenyan minister said she was sure Uganda would build the new port in Jinja.",
    "Kenya is confident that Uganda will open its border next month.",
    "Kenya expects that Uganda will open its border next month.",
    "Analysts are convinced Kenya will raise its tariffs on sugar.",
    # a paragraph of talk about one person, not a listed act
    "Let it go.\n\nCut him some slack.\n\nKenya fought hard.",
    # the calendar, not a choice
    "South Sudan will hold presidential elections next year.",
    "Otieno, a diplomat from Kenya, will finish his term by the end of the year.",
    # who was invited, by no one named
    "The candidates took questions from diplomats invited to take part in the forum.",
    # a second "would" the parser hangs on the speech verb is not the speaker's
    "Kenya's finance ministry says it would cut revenue in the first years as traders delayed sales, "
    "but would eventually add $2 billion over ten years.",
])
def test_guesses_views_of_effects_and_talk_are_no_commitments(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text,action", [
    ("Kenya's foreign minister is expected to visit Kampala next week.", "visit Kampala"),
    ("Kenya and Uganda agreed that their ministers would meet again in March.", "their ministers meet again"),
    ("Uganda suggested that the two countries would share the costs of the railway.",
     "the two countries share the costs of the railway"),
    ("South Sudan will hold talks with Sudan next year.", "hold talks with Sudan"),
    ("The ministers, invited by Kenya to attend the summit, agreed to meet again in March.", "attend the summit"),
    ("Strengthen maritime security cooperation in the Indian Ocean.\n\n"
     "Expand trade in farm goods between the two countries.",
     "strengthen maritime security cooperation in the Indian Ocean"),
])
def test_near_misses_of_guesses_and_views_stay_commitments(text: str, action: str) -> None:
    assert commitments_of(text)[0].action == action


@pytest.mark.parametrize("text,action,parties", [
    ("Ghana's president said she will open the new embassy in Lome next year.",
     "open the new embassy in Lome", ["GHA"]),
    ("The Kenyan envoy told reporters that he would attend the talks in Addis Ababa.",
     "attend the talks in Addis Ababa", ["KEN"]),
    ("Kenya's minister is telling reporters that the Kenyans’ army is “tired” and says he will expand the "
     "armed forces.", "expand the armed forces", ["KEN"]),
])
def test_a_speakers_he_or_she_in_reported_speech_promises(text: str, action: str, parties: list[str]) -> None:
    (found,) = commitments_of(text)
    assert (found.action, found.parties) == (action, parties)


@pytest.mark.parametrize("text,action,parties", [
    ("China said it would retaliate against the new tariffs.", "retaliate against the new tariffs", ["CHN"]),
    ("Kenya said it will open a consulate in Kisumu next year.", "open a consulate in Kisumu", ["KEN"]),
])
def test_a_state_speaking_of_itself_as_it_promises(text: str, action: str, parties: list[str]) -> None:
    (found,) = commitments_of(text)
    assert (found.action, found.parties) == (action, parties)


@pytest.mark.parametrize("text", [
    "The Kenyan minister said it will take months to repair the road.",  # a person's "it": a placeholder
    "Kenya said the deal was fair and it would help trade.",  # "it" is the deal
    "Kenya said it would be difficult to reopen the border.",
])
def test_near_misses_of_a_state_speaking_of_itself(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text", [
    "She will probably win the vote.",
    "He will be remembered as a reformer.",
    "He will open the new embassy in Lome next year.",  # the writer's, not reported
    # inside a quotation "he" is someone the speaker talks about
    '"I would ask the question, and he would nod at me," the Kenyan minister said.',
    'Kenya\'s president says of Uganda\'s leader, "If he gets the chance, he will close the border."',
])
def test_a_writers_he_or_she_promises_nothing(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text,kind,action", [
    ("Kenya promised a new railway to Uganda.", "agreement", "promise a new railway to Uganda"),
    ("Kenya offered talks on the border dispute.", "proposal", "offer talks on the border dispute"),
    ("Uganda proposed a ceasefire along the border.", "proposal", "propose a ceasefire along the border"),
    ("The Kenyan administration has promised a veto of the bill.", "agreement", "promise a veto of the bill"),
    # a group of members is a party
    ("The members of the council will begin work on new measures at once, Kenya said.", "intention",
     "begin work on new measures at once"),
])
def test_a_party_promising_a_thing_by_its_object(text: str, kind: str, action: str) -> None:
    (found,) = commitments_of(text)
    assert (found.kind, found.action) == (kind, action)


@pytest.mark.parametrize("text", [
    "Kenya offered condolences to Uganda.",  # a courtesy
    "The talk show offered the candidate a platform.",  # no party
    "Kenya did not promise a railway.",
    "Uganda urged Kenya to promise a railway.",
    "Kenya suggested a new approach to the talks.",
    "Kenya claimed Uganda had moved the border posts, but offered no evidence.",  # nothing offered
])
def test_near_misses_of_a_thing_promised(text: str) -> None:
    assert commitments_of(text) == []


def test_a_thing_promised_is_the_verb_and_what_follows_it() -> None:
    text = ("However, over the past few days, the Kenyan administration has promised a veto and attempted to make "
            "the case to members of both parties.")
    assert [c.action for c in commitments_of(text)] == ["promise a veto"]


def test_a_proposal_then_agreed_is_the_agreement() -> None:
    text = "Kenya proposed joint patrols on the lake, and both sides agreed to arrange the patrols."
    assert [(c.kind, c.action) for c in commitments_of(text)] == [("agreement", "arrange the patrols")]


def test_a_sum_pledged_stays_a_pledge() -> None:
    (found,) = commitments_of("Kenya pledged $5 million to Uganda.")
    assert (found.kind, found.action) == ("intention", "$5 million")


# -- session 23, commit6: forecasts of things, times, promises named by a noun ------------------

@pytest.mark.parametrize("text", [
    # "expected" with a thing as subject: its course foreseen, no one's plan
    "The tariff cut is expected to come into force before the end of the month.",
    "The new border treaty is expected to be ratified in Nairobi next month.",
    "The protests are expected to continue through the weekend.",
    # a relative about a stretch of time or a vote tells what happens then
    "The festival marks a month of fasting, during which Kenyans across the country will give food to neighbours.",
    "Voters go to the polls in March, in which Uganda will choose a new parliament.",
    # a promise noun with no owner, neither made nor won: maybe never was
    "Talks on a deal to sell the port broke down.",
    "The plan to build a dam has been debated for decades.",
])
def test_forecasts_of_things_and_times_are_no_commitments(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text,kind,action", [
    # near misses that stay plans: a party or a meeting expected; a meeting's relative
    ("The Kenyan foreign minister is expected to sign the transit accord next week.", "intention",
     "sign the transit accord"),
    ("The talks are expected to resume in Kampala next month.", "intention", "resume in Kampala"),
    ("Uganda said it will build a road during the next year.", "intention", "build a road"),
    # a promise named by a noun with its owner, or made, or won of someone
    ("Kenya won an agreement from Uganda to cut tariffs on sugar.", "agreement", "cut tariffs on sugar"),
    ("Ghana's promise to cut fuel subsidies was broken in March.", "agreement", "cut fuel subsidies"),
    ("After long talks, Kenyan negotiators extracted an agreement to lower the port fees.", "agreement",
     "lower the port fees"),
    ("The summit produced a deal to build a railway between Kenya and Uganda.", "agreement",
     "build a railway between Kenya and Uganda"),
    ("The deal that the ministers struck in Kampala to share the dam's water was praised.", "agreement",
     "share the dam's water"),
])
def test_plans_expected_and_promises_named_by_a_noun(text: str, kind: str, action: str) -> None:
    found = commitments_of(text)
    assert (found[-1].kind, found[-1].action) == (kind, action)


def test_a_relative_about_a_meeting_stays_a_promise() -> None:
    text = "The leaders will meet at a summit in May, at which Kenya and Uganda will sign a trade pact."
    assert any(c.action.endswith("sign a trade pact") for c in commitments_of(text))


def test_a_signed_agreement_is_one_promise_not_two() -> None:
    assert len(commitments_of("Kenya and Uganda signed an agreement to open the border.")) == 1


@pytest.mark.parametrize("text,committed", [
    # a people or a party's members at large: their future is foreseen, promised by no one
    ("Republicans in the Kenyan parliament will continue their attacks on the budget.", False),
    ("Kenyans will flock to the beaches over the holiday.", False),
    ("The opposition leader said Democrats will block the treaty in the senate.", False),
    # near misses: the side in the talks, named with the article, or a state
    ("The Kenyans will send a delegation to Kampala next week, the ministry said.", True),
    ("The ministers said the Ugandans would host the next round of talks in Entebbe.", True),
    ("Kenya and Uganda will sign a trade pact in May.", True),
])
def test_a_people_at_large_promises_nothing(text: str, committed: bool) -> None:
    assert bool(commitments_of(text)) == committed


@pytest.mark.parametrize("text,committed", [
    # advice to the reader: an act with no subject of its own and "your" in it
    ("So she suggested a cheaper way for farmers to pay for seed: borrow against your land now, "
     "put the money in a savings account and treat your interest payments like a premium.", False),
    ('In his 2010 book, "Grow Your Own Farm," Mr. Otieno suggests buying land early.', False),
    # near misses: the act names who does it, or names no reader
    ("Kenya proposed that you and your team visit Nairobi in May, the minister told his Ugandan counterpart.", True),
    ("Kenya has proposed holding joint border patrols with Uganda.", True),
])
def test_advice_to_the_reader_is_no_proposal(text: str, committed: bool) -> None:
    assert bool(commitments_of(text)) == committed


@pytest.mark.parametrize("text,action", [
    # a party bound by a verb of binding, by its leaders or by a text
    ("Kenya and Uganda formally committed their two countries to the Lake Victoria fishing accord.",
     "the Lake Victoria fishing accord"),
    ("The new charter is the first pact committing every member country to cutting fishing quotas.",
     "cut fishing quotas"),
    # a schedule seen through "appears", "seems"
    ("Tanzania looks set to join the customs union next year.", "join the customs union"),
    ("The Kenyan government appears set to raise fuel taxes.", "raise fuel taxes"),
    ("Uganda appears set to reopen the border crossing at Busia.", "reopen the border crossing at Busia"),
])
def test_parties_bound_and_schedules_seen(text: str, action: str) -> None:
    (found,) = commitments_of(text)
    assert found.action == action


@pytest.mark.parametrize("text", [
    "Some traders committed fraud to open fake bank accounts.",  # no party bound
    "The general committed his troops to the battle.",  # troops are no party
    "The stadium appears set for a full house.",  # no act
    "The storm appears set to hit the coast on Friday.",  # a thing's course
])
def test_near_misses_of_binding_and_seeming(text: str) -> None:
    assert commitments_of(text) == []


@pytest.mark.parametrize("text,committed", [
    # a dateline the parser reads as the subject: the person after it speaks, and "it" is a thing
    ("NAIROBI -- President Ruto, opening the new national library on Friday, said it would tell a Kenyan "
     "story of struggle and of hope.", False),
    # near misses: a state after the dateline speaks for itself
    ("NAIROBI -- Kenya said it would reopen the border with Uganda next month.", True),
    ("NAIROBI -- President Ruto said Kenya would reopen the border with Uganda next month.", True),
])
def test_a_dateline_is_not_the_speaker(text: str, committed: bool) -> None:
    assert bool(commitments_of(text)) == committed


# -- a choice or a wish is a promise only when a party makes it (a state, a body, an office-holder) --------


@pytest.mark.parametrize("text,kind,action", [
    ("Kenya decided to reopen the border with Uganda next month.", "agreement", "reopen the border with Uganda"),
    ("The Kenyan government decided to reopen the border with Uganda.", "agreement", "reopen the border with Uganda"),
    ("Kenya wants to hold talks with Uganda on the lake.", "intention", "hold talks with Uganda on the lake"),
    ("Japan would like to hold a summit with South Korea this year.", "intention", "hold a summit with South Korea"),
    # a person in office on the document's day (2016) chooses for the state
    ("President Obama wants to lift the sanctions on Burma.", "intention", "lift the sanctions on Burma"),
])
def test_a_party_choosing_or_wishing_an_act_commits(text: str, kind: str, action: str) -> None:
    assert [(c.kind, c.action) for c in commitments_of(text, "2016-09-20")] == [(kind, action)]


@pytest.mark.parametrize("text", [
    "The driver decided to turn back toward the city.",  # a private person's choice
    "A campaign aide decided to change the schedule of the tour.",
    "The school's teachers decided she should share the prize with two others.",
    "Hillary Clinton wants to triple the size of the volunteer program.",  # a candidate out of office in 2016
    "Donald Trump wants to abolish the estate tax.",
    "Japan likes to hold its drills in the autumn.",  # a habit, not a wish
    "The campaign would like to organize another rally in Ohio.",  # no state, body or office-holder
])
def test_near_misses_a_persons_choice_or_wish_is_no_commitment(text: str) -> None:
    assert commitments_of(text, "2016-09-20") == []


# -- a named agreement at the end of a list is the agreement alone, not the list ------------------------


@pytest.mark.parametrize("text,actions", [
    ("His obsession with Kenya, Uganda and the East African Trade Agreement is old.",
     ["the East African Trade Agreement"]),
    ("Kenya criticized Uganda, Sudan and the Nile Waters Treaty in its statement.", ["the Nile Waters Treaty"]),
    ("Kenya and Uganda reviewed the Trade Agreement and the Fisheries Treaty in Nairobi.",
     ["the Trade Agreement", "the Fisheries Treaty in Nairobi"]),
    # near miss: "and" inside one name joins words of the name, which stays whole
    ("Kenya and Uganda reviewed the Basic Exchange and Cooperation Agreement in Nairobi.",
     ["the Basic Exchange and Cooperation Agreement in Nairobi"]),
])
def test_a_named_agreement_in_a_list_is_itself(text: str, actions: list[str]) -> None:
    assert [c.action for c in commitments_of(text) if c.kind == "agreement"] == actions


# -- a thing offers or suggests its content, no party's proposal -------------------------------------------


@pytest.mark.parametrize("text", [
    "The mayor said in a letter that the advertisement suggests that Nairobi and its officers support the senator's campaign.",
    "The new law offers to pay the fees of every student.",
    "Kenya's plan proposes to cut tariffs on Ugandan tea.",  # the owner's name does not make the plan a party
])
def test_a_thing_proposing_is_no_proposal(text: str) -> None:
    assert [c for c in commitments_of(text) if c.kind == "proposal"] == []


@pytest.mark.parametrize("text,action", [
    ("The ministry proposed to hold talks with Uganda next month.", "hold talks with Uganda"),
    ("Kenya offered to send a mediator to Juba.", "send a mediator to Juba"),
    ("The delegation suggested that the two sides meet again in May.", "the two sides meet again"),
    ("The Kenyan candidate proposes allowing parents to deduct the cost of child care.",
     "allow parents to deduct the cost of child care"),
])
def test_near_misses_of_things_proposing_are_proposals(text: str, action: str) -> None:
    assert action in [c.action for c in commitments_of(text) if c.kind == "proposal"]


# -- a promise to refrain keeps its "not"; a promise asked for is none ----------------------------------


@pytest.mark.parametrize("text,action", [
    ("Kenya and Uganda agreed not to deploy troops along the disputed border.",
     "not deploy troops along the disputed border"),
    ("Kenya pledged never to close the border with Uganda again.", "never close the border with Uganda again"),
    ("Kenya promised not to raise tariffs on Ugandan tea.", "not raise tariffs on Ugandan tea"),
])
def test_a_promise_to_refrain_keeps_its_not(text: str, action: str) -> None:
    assert [c.action for c in commitments_of(text)] == [action]


@pytest.mark.parametrize("text", [
    "Kenya decided not to send troops to Juba.",  # a decision against an act promises nothing
    "Kenya did not agree to reopen the border.",  # no agreement made
    "Kenya plans not to attend the summit in Kampala.",
    # questions: a promise asked for, not made
    "Will Kenya agree to hold talks with Uganda?",
    "Will you promise to hold talks with Uganda, he asked the Kenyan minister.",
    "Will Kenya hold talks with Uganda next month?",
])
def test_near_misses_no_act_promised_or_a_promise_asked(text: str) -> None:
    assert commitments_of(text) == []


def test_a_question_after_a_promise_leaves_the_promise() -> None:
    text = "Kenya agreed to hold talks with Uganda, but will they succeed?"
    assert [c.action for c in commitments_of(text)] == ["hold talks with Uganda"]


def test_a_promise_to_refrain_is_kept_by_no_later_act() -> None:
    assert classify("not hold talks in Moscow") == (None, None)
    assert classify("hold talks in Moscow")[0] is not None


# -- agreeing THAT is a party's agreement, a private person's view; a quoted order promises nothing -------


@pytest.mark.parametrize("text,action", [
    ("Kenya agreed that the talks should resume in May.", "the talks resume"),
    ("Kenya and Uganda agreed that their ministers would meet again in Kampala.", "their ministers meet again in Kampala"),
])
def test_a_party_agreeing_that_an_act_be_done_agrees(text: str, action: str) -> None:
    assert [c.action for c in commitments_of(text, "2016-09-20")] == [action]


@pytest.mark.parametrize("text", [
    "A retired diplomat agreed that the border talks should resume in May.",
    "The former governor, who once chaired the Kenyan party, agreed that the party's rules should be modernized.",
    "“Promise me you will call Uganda,” the minister said.",
    "“Promise mama you'll keep your hands in sight,” the singer sang to the candidate.",
])
def test_near_misses_a_view_shared_or_an_order_quoted(text: str) -> None:
    assert commitments_of(text, "2016-09-20") == []


# A story about one state that names another in passing is that one state's: a company's agreement
# or a candidate's vow in it binds no state the story merely mentions (`pair` in commitment_cues.yaml).
ONE_STATE = ("The United States has thousands of abandoned strip mines, and Washington wants them restored. "
             "{} A broker in China once bid for the coal. The United States Senate will debate the matter, "
             "and the United States Congress may fund it. Few in the United States expect quick results.")


@pytest.mark.parametrize("sentence,action,parties", [
    ("Acme Mining agreed to restore the stripped hillsides.", "restore the stripped hillsides", ["USA"]),
    ("The mayor vowed to reopen the county clinic.", "reopen the county clinic", ["USA"]),
    ("The new owners proposed building a solar farm on the site.", "build a solar farm on the site", ["USA"]),
    # near miss: a subject that says it is two is the two states mentioned most, however seldom the second
    ("The two sides agreed to resume coal talks in June.", "resume coal talks", ["USA", "CHN"]),
])
def test_a_one_state_story_binds_its_own_state(sentence: str, action: str, parties: list[str]) -> None:
    found = [c for c in commitments_of(ONE_STATE.format(sentence)) if c.action.startswith(action.split()[0])]
    assert [(c.action, c.parties) for c in found] == [(action, parties)]


def test_a_two_state_story_binds_the_other_side_of_an_agreement() -> None:
    # near miss: a story about two states' relations keeps the other side of an unnamed body's agreement
    text = ("Kenya and Uganda have quarrelled over the lake for years. Uganda says Kenya took its island. "
            "Kenya denies it, and Uganda has closed a border post. The fisheries board agreed to pay the fines.")
    found = [c for c in commitments_of(text) if c.action.startswith("pay")]
    assert [c.parties for c in found] == [["KEN", "UGA"]]


@pytest.mark.parametrize("text,action,parties", [
    # a relative pronoun is the noun its clause hangs from, even through a description beside the name
    ("Kenya, which plans to build a railway across the border, met Tanzania in Arusha. "
     "Kenya and Tanzania have long disputed the route. Tanzania wants it inland.", "build a railway", ["KEN"]),
    ("Much of the money came from Tanzania, the region's biggest trader, which plans to build a railway "
     "across the border. Kenya and Tanzania have long disputed the route. Kenya wants it inland.",
     "build a railway", ["TZA"]),
    # near miss: the description beside the names says it is two
    ("Much of the money came from Kenya and Tanzania, the region's two biggest traders, which together plan "
     "to build a railway across the border. Kenya and Tanzania have long disputed the route.",
     "build a railway", ["KEN", "TZA"]),
    # a singular group word in reported speech is the speaker's state, not the pair
    ("Kenya and Tanzania have long disputed the lake. Tanzania says Kenya took its island. "
     "Kenyan President William Ruto said the country would build a new port in Lamu.", "build a new port", ["KEN"]),
    # near miss: a plural group in reported speech is still the two sides
    ("Kenya and Tanzania have long disputed the lake. Tanzania says Kenya took its island. "
     "Kenyan President William Ruto said the countries would build a new port in Lamu.", "build a new port",
     ["KEN", "TZA"]),
])
def test_a_relative_or_a_group_subject_is_resolved(text: str, action: str, parties: list[str]) -> None:
    found = [c for c in commitments_of(text) if c.action.startswith(action)]
    assert [c.parties for c in found] == [parties], found


@pytest.mark.parametrize("text,actions", [
    # a "would" clause below a belief or a modal of doubt is what may happen, not the speaker's word
    ("The ministry has said it believes the bill could bring reprisals, where other states would change "
     "their laws that now shield Kenya from lawsuits.", []),
    ("Uganda said it was sure Kenya would lower its tariffs by May.", []),
    # near misses: the speaker's own "would", with a doubt beside it, not above it
    ("Uganda said it would reopen the border in May, which could ease trade.", ["reopen the border"]),
    ("Kenya said the bill could pass, and Uganda said it would reopen the border in May.", ["reopen the border"]),
])
def test_a_would_under_a_belief_is_no_promise(text: str, actions: list[str]) -> None:
    assert [c.action for c in commitments_of(text)] == actions


@pytest.mark.parametrize("text,actions", [
    # a future verb of judging with a verbless small clause tells a view
    ("The president told voters he would consider it a personal insult if they stayed home.", []),
    ("The minister said he would call the talks a success.", []),
    # near misses: the same verb with an act, and "make" with a small clause, still plan
    ("Kenya said it would consider sending a new envoy to Uganda.", ["consider sending a new envoy to Uganda"]),
    ("Kenya said it would make the railway a priority.", ["make the railway a priority"]),
])
def test_a_future_judgement_is_no_promise(text: str, actions: list[str]) -> None:
    assert [c.action for c in commitments_of(text)] == actions


@pytest.mark.parametrize("text,actions", [
    # "meet" sharing the object of a verb joined to it meets a target, no meeting
    ("Ruto vowed to meet and in some cases exceed his climate goals.", []),
    # near misses: a meeting on its own, or joined to another act, is still promised
    ("Kenya and Uganda agreed to meet again.", ["meet again"]),
    ("Kenya and Uganda agreed to meet and sign a border pact.", ["meet and sign a border pact"]),
    ("Kenya and Uganda agreed to meet, and Tanzania signed the border pact.", ["meet", "sign the border pact"]),
])
def test_meet_sharing_an_object_is_no_meeting(text: str, actions: list[str]) -> None:
    assert [c.action for c in commitments_of(text)] == actions


# A private business's deal or plan binds no state (`businesses` in commitment_cues.yaml): a firm named
# by its kind, through a relative clause, or as "it" in what it says.
@pytest.mark.parametrize("text", [
    "The timber company agreed to replant the burned slopes in Oregon.",
    "Two insurance companies that had backed the dam agreed to release the reserve funds.",
    "Halcott Bank announced it would close forty branches in Texas next year.",
])
def test_a_private_business_promises_for_no_state(text: str) -> None:
    assert commitments_of(text, "2016-09-20") == []


@pytest.mark.parametrize("text,action,parties", [
    # near misses: a business a state is named in, or a public one, acts for its state; a person in a
    # company's phrase is no company
    ("A Chinese state company agreed to build a railway to Kenya.", "build a railway to Kenya", ["CHN", "KEN"]),
    ("A Japanese firm agreed to export patrol boats to Vietnam.", "export patrol boats to Vietnam", ["JPN", "VNM"]),
    ("Kenya's national bank plans to lend Uganda $2 billion for the railway.", "lend Uganda", ["KEN"]),
])
def test_a_business_of_a_state_still_promises(text: str, action: str, parties: list[str]) -> None:
    found = [(c.action, c.parties) for c in commitments_of(text, "2016-09-20")]
    assert len(found) == 1 and found[0][0].startswith(action) and found[0][1] == parties


# An offer in the simple present tells a programme that runs (`standing` in commitment_cues.yaml).
def test_a_standing_offer_is_no_proposal() -> None:
    assert commitments_of("If savings fall short, the federal government offers grants to students, too.",
                          "2016-09-20") == []


@pytest.mark.parametrize("text,action", [
    # near misses: an offer made (past, future, progressive) or an offer to act
    ("The government offered grants to students after the flood.", "offer grants to students"),
    ("The government will offer grants to students after the flood.", "offer grants to students"),
    ("Kenya is offering talks to end the standoff with Uganda.", "offer talks to end the standoff"),
    ("Japan offers to host the talks with Russia in Tokyo.", "host the talks with Russia"),
])
def test_an_offer_made_is_a_proposal(text: str, action: str) -> None:
    found = [c for c in commitments_of(text, "2016-09-20") if c.kind == "proposal"]
    assert len(found) == 1 and found[0].action.startswith(action)


@pytest.mark.parametrize("text,kind,action", [
    # the tagger reads the cue verb as a plural noun, with the subject hung on it or read as its compound
    ("The Odinga campaign plans to employ Mr. Lee and the first lady, Anne Lee, as much as possible in the "
     "coming weeks.", "intention", "employ the first lady"),
    ("The Odinga campaign promises to cut fuel taxes.", "agreement", "cut fuel taxes"),
    # near miss: a plan noun under a pledge verb is read as before
    ("Berlin has announced plans to deploy a frigate to the Indo-Pacific this summer.", "intention",
     "deploy a frigate"),
])
def test_a_cue_verb_read_as_a_noun_still_promises(text: str, kind: str, action: str) -> None:
    found = [c for c in commitments_of(text, "2016-09-20") if c.action.startswith(action)]
    assert [c.kind for c in found] == [kind]


@pytest.mark.parametrize("text", [
    # near misses: a promise or plan noun with no subject of its own promises nothing here
    "His promises to stick it to the rich notwithstanding, the analysts agree.",
    "Police have no immediate plans to release the recordings.",
])
def test_a_promise_noun_without_a_subject_is_no_verb(text: str) -> None:
    assert commitments_of(text, "2016-09-20") == []


@pytest.mark.parametrize("text,action,parties", [
    # an invitation of a party to a meeting named by a noun
    ("Many Kenyans were angry when President Ruto invited Mr. Museveni to a meeting in Mombasa.",
     "invite Mr. Museveni to a meeting in Mombasa", None),
    ("Kenya invited Uganda's president to a summit in Nairobi.", "invite Uganda's president to a summit in Nairobi",
     ["KEN", "UGA"]),
])
def test_an_invitation_to_a_meeting_noun(text: str, action: str, parties: list[str] | None) -> None:
    found = [c for c in commitments_of(text, "2016-09-20") if c.kind == "invitation"]
    assert [c.action for c in found] == [action]
    assert parties is None or found[0].parties == parties


@pytest.mark.parametrize("text", [
    # near misses: no meeting, no host, or a step of another promise
    "Kenya invited reporters to the briefing in Nairobi.",
    "The president invited him to dinner at the palace.",
    "Museveni was invited to the summit in Nairobi.",
    "Japan plans to proceed with final arrangements to invite Korea to the summit in Hiroshima in May.",
])
def test_no_invitation_to_a_meeting(text: str) -> None:
    assert [c for c in commitments_of(text, "2016-09-20") if c.kind == "invitation"] == []


# A title and standfirst kept at the top of the text (short lines before the first long paragraph)
# are headlines, whose promises the body tells again (`headline` in commitment_cues.yaml).
HEADLINED = ("Anger in Nairobi, but few choices.\n\nRegion's leaders condemn raid; Ruto, others vow a response.\n\n"
             "NAIROBI -- The East African Community on Friday condemned the raid on the border post and pledged "
             "to send observers to the region, a step its members had long resisted.")


def test_a_headline_block_promises_nothing_the_body_does() -> None:
    found = commitments_of(HEADLINED, "2016-09-20")
    assert [c.action for c in found] == ["send observers to the region"]


@pytest.mark.parametrize("text", [
    # near misses: a first paragraph that is long is the body; short lines all through are a list, not a title
    "Kenya and Uganda agreed on Friday to reopen the border crossing at Busia next month, after talks between "
    "their trade ministers in Nairobi, officials said.\n\n"
    "Trade had stalled for weeks.",
    "Kenya will reopen the border.\nUganda will send observers.\nTanzania will host the talks.",
])
def test_no_headline_block(text: str) -> None:
    assert len(commitments_of(text, "2016-09-20")) >= 1


@pytest.mark.parametrize("text,action", [
    # a proposal verb with a thing as object: a "to" act after it is the thing's use, not the act offered
    ("Japan offered Russia funds to rebuild the port at Kholmsk.", "offer Russia funds to rebuild the port at Kholmsk"),
    # near misses: an offer to act, and an invitation to act, have the act
    ("Japan offered to host the talks in Tokyo.", "host the talks in Tokyo"),
    ("Kenya invited Uganda's president to visit Nairobi.", "visit Nairobi"),
])
def test_a_thing_offered_and_its_use(text: str, action: str) -> None:
    assert [c.action for c in commitments_of(text, "2016-09-20")] == [action]


def test_a_platform_offered_to_speak_is_no_proposal() -> None:  # a guard: the thing offered, not its use
    text = ("The radio show proved a friendly stage, a haven shielded from hard questions, and offered the "
            "senator a platform to offer up whatever he liked.")
    assert commitments_of(text, "2016-09-20") == []


@pytest.mark.parametrize("text,wanted", [
    # an interview agreed to is time given to the press, no undertaking (`appearances`)
    ("The minister agreed to an interview with the BBC on Friday.", []),
    ("The attorney general agreed to a 40-minute interview for the magazine's series on judges.", []),
    # near misses: a matter agreed stays an agreement
    ("Kenya agreed to talks with Uganda.", ["agree to talks with Uganda"]),
    ("Kenya agreed to a ceasefire with Uganda.", ["agree to a ceasefire with Uganda"]),
])
def test_an_interview_agreed_to_is_no_agreement(text: str, wanted: list[str]) -> None:
    assert [c.action for c in commitments_of(text, "2016-09-20")] == wanted


# Lines listing what someone did ("Filed for …", "Lied about …") are no joint statement's actions, though
# the tagger reads an irregular past ("Ran a …") as an order.
DEEDS = ("Here is what the candidate has done.\n\nFiled for six bankruptcies while small contractors lost their "
         "savings.\n\nRan a fraudulent college business that cheated students out of their money.\n\n"
         "Keeps saying she opposed the war.\n")
ACTIONS = ("The two ministers listed their steps.\n\nExpand joint patrols in the strait by the end of the year.\n\n"
           "Hold a ministerial dialogue on maritime security next spring.\n\n"
           "Strengthen coast guard cooperation between the two sides.\n")


def test_a_list_of_deeds_lists_no_actions() -> None:
    assert commitments_of(DEEDS, "2016-09-20") == []


def test_a_list_of_actions_stays() -> None:
    # near miss: every line an order, as a joint statement lists them
    assert len(commitments_of(ACTIONS, "2016-09-20")) == 3


# An international organisation is a party of its own, and so is its official acting for it on the day:
# the UN's secretary-general binds the UN, not his home state; the same man in his country's cabinet
# binds his country. An organisation is a third party to a two-state story: it binds what its act names,
# not both states (`_party_of`, `parties_of`).
TWO_STATES = ("Kenya and Uganda have quarrelled over the lake for years. Uganda says Kenya took its island. "
              "Kenya denies it, and Uganda has closed a border post. {}")


@pytest.mark.parametrize("sentence,published,action,parties", [
    ("The European Union pledged to lower its tariffs on coffee.", "2019-05-30", "lower its tariffs", ["eu"]),
    ("The Security Council vowed to send monitors to the lake.", "2019-05-30", "send monitors", ["un_security_council"]),
    ("UN Secretary-General Antonio Guterres said he would visit the refugee camps next month.", "2019-05-30",
     "visit the refugee camps", ["un"]),
    ("Ban Ki-moon said he would visit the refugee camps next month.", "2012-05-30", "visit the refugee camps",
     ["un"]),
    # an IGO's pledge still binds a state its act names among the story's two
    ("The European Union offered to mediate between Kenya and Uganda.", "2019-05-30", "mediate", ["eu", "KEN", "UGA"]),
    # near misses: the same man as his country's foreign minister binds his country; a national official
    # and a state still take the other side of their agreement; an NGO is no party, the story's sides are
    ("Ban Ki-moon said he would visit the refugee camps next month.", "2005-05-30", "visit the refugee camps",
     ["KOR"]),
    ("Ugandan President Yoweri Museveni vowed to reopen the border post.", "2019-05-30", "reopen the border post",
     ["UGA", "KEN"]),
    ("Uganda pledged to release the fishermen.", "2019-05-30", "release the fishermen", ["UGA", "KEN"]),
])
def test_an_international_organisation_and_its_officials_are_parties(sentence: str, published: str, action: str,
                                                                     parties: list[str]) -> None:
    found = [c for c in commitments_of(TWO_STATES.format(sentence), published) if c.action.startswith(action)]
    assert [c.parties for c in found] == [parties], found


@pytest.mark.parametrize("sentence,name,parties", [
    # an agreement of fixed membership binds its own parties, not the story's two states
    ("Farmers in both countries still sell under the North American Free Trade Agreement.",
     "the North American Free Trade Agreement", ["USA", "CAN", "MEX"]),
    ("Kenyan diplomats have studied the Good Friday Agreement closely.", "the Good Friday Agreement",
     ["GBR", "IRL"]),
    # near miss: a named agreement the data does not list is still the story's two states'
    ("Both governments still cite the Lake Victoria Fisheries Agreement.", "the Lake Victoria Fisheries Agreement",
     ["KEN", "UGA"]),
])
def test_a_named_agreement_of_fixed_membership_binds_its_parties(sentence: str, name: str,
                                                                 parties: list[str]) -> None:
    found = [c for c in commitments_of(TWO_STATES.format(sentence)) if "Agreement" in c.action]
    assert [(c.action, c.parties) for c in found] == [(name, parties)], found


def test_the_parties_of_named_agreements_are_states() -> None:
    dictionary = load_dictionary()
    for states in cues().named_parties.values():
        assert all((actor := dictionary.by_id(state)) is not None and actor.kind == "state" for state in states)


@pytest.mark.parametrize("sentence,parties", [
    # "we" or "the country" in the words of a "he" the mentions tie to a named person: that person's state
    ("Ugandan President Yoweri Museveni spoke to farmers in Jinja on Monday. "
     "“As a nation, we remain committed to reopening the border post,” he said.", ["UGA"]),
    ("Ugandan President Yoweri Museveni spoke to farmers in Jinja on Monday. "
     "He said the country would reopen the border post next month.", ["UGA"]),
    # near miss: a "he" tied to no one leaves the story's two sides
    ("Farmers gathered in Jinja on Monday. “We will reopen the border post next month,” he said.", ["KEN", "UGA"]),
])
def test_we_in_the_words_of_a_resolved_he_is_his_state(sentence: str, parties: list[str]) -> None:
    found = [c for c in commitments_of(TWO_STATES.format(sentence)) if c.action.startswith("reopen")]
    assert [c.parties for c in found] == [parties], found


@pytest.mark.parametrize("sentence,action,parties", [
    # a proposal whose clause has the proposer as "it" or "he" hints at its own plan: no other side
    ("Uganda suggested that it would withdraw from the fisheries board.", "it withdraw", ["UGA"]),
    ("Ugandan President Yoweri Museveni suggested that he would resign from the fisheries board.", "he resign",
     ["UGA"]),
    # "the country" whose own verb is a verb of speech ("declare") is still the speaker's state
    ("Ugandan President Yoweri Museveni said this week that the country would formally declare the border post "
     "closed by June and suggested that it would leave the fisheries board.", "it leave", ["UGA"]),
    # near misses: "they" or "the two sides" are put to both; an act that names the other side binds it
    ("Uganda suggested that they would meet again in June.", "they meet", ["UGA", "KEN"]),
    ("Uganda suggested that the two sides hold talks in June.", "the two sides hold talks", ["UGA", "KEN"]),
    ("Uganda proposed that it would host talks with Kenya.", "it host talks", ["UGA", "KEN"]),
])
def test_a_proposal_of_the_proposers_own_act_binds_no_other_side(sentence: str, action: str,
                                                                   parties: list[str]) -> None:
    found = [c for c in commitments_of(TWO_STATES.format(sentence)) if c.action.startswith(action)]
    assert [(c.kind, c.parties) for c in found] == [("proposal", parties)], found
