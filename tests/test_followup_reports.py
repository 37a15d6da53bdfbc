"""A later document's word on a promise: a deal broken a year on, a promise kept by a report that is no meeting.

tests/fixtures/followup holds, written for these tests: Estonia and Finland
agreeing to open a ferry line (2021), a report that Finland threatened to
suspend it (a near miss: no fact), and one that it suspended it (2022); and
Latvia and Lithuania agreeing to reopen consulates, a report that they would
not reopen before spring (a near miss), and one that they reopened.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import dyad
from dyad import queries
from dyad.link import followup_reports as reports
from dyad.link.followup import statuses_as_of
from dyad.link.followup_reports import Report, fates, judge, subject

FIXTURES = Path(__file__).parent / "fixtures" / "followup"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("Moscow quit the grain corridor deal on Monday.", "broken"),
        ("Russia withdrew from the grain corridor deal in July.", "broken"),
        ("The ceasefire was violated within hours.", "broken"),
        ("The two embassies reopened in March.", "kept"),
        ("The strategic dialogue was held in Canberra.", "kept"),
        ("The accord entered into force on 1 May.", "kept"),
        # near misses: no fact reported
        ("Russia threatened to quit the grain corridor deal.", None),
        ("Moscow did not quit the grain corridor deal.", None),
        ("Moscow didn't quit the grain corridor deal.", None),
        ("Officials said Ankara could suspend the accord.", None),
        ("The embassies will not reopen this year.", None),
        ("The dialogue is expected in the autumn.", None),
    ],
)
def test_a_sentence_tells_a_fate_only_when_it_reports_one(sentence: str, kind: str | None) -> None:
    found = fates(sentence)
    assert [f.kind for f in found] == ([kind] if kind else [])


def test_a_promise_is_known_by_its_own_words_not_generic_ones() -> None:
    grain = subject("implement the grain corridor deal")
    assert grain.shared_by(fates("Moscow quit the grain corridor deal.")[0].stems)
    assert not grain.shared_by(fates("Moscow quit the arms control deal.")[0].stems)
    dialogue = subject("hold a strategic dialogue")  # "strategic" is specific: it must be there
    assert dialogue.shared_by(fates("The strategic dialogue was held in Canberra.")[0].stems)
    assert not dialogue.shared_by(fates("A dialogue on trade was held.")[0].stems)
    assert subject("hold a dialogue").shared_by(fates("The dialogue was held on Friday.")[0].stems)
    assert not subject("strengthen cooperation")  # nothing of its own to look for


def test_a_report_of_a_break_outranks_what_kept_the_promise_before() -> None:
    kept = Report("kept", date(2021, 5, 1), "2021-05-01", "d-kept")
    broken = Report("broken", date(2022, 4, 11), "2022-04-11", "d-broken")
    judged = judge("c1", [kept, broken], date(2021, 4, 20), ["m1"], date(2021, 12, 31), date(2023, 1, 1))
    assert judged is not None
    assert (judged.status, judged.evidence, judged.fulfilled_on) == ("contradicted", ["m1", "d-kept", "d-broken"],
                                                                      "2021-04-20")
    # a kept report after a meeting already kept it changes nothing
    assert judge("c1", [kept], date(2021, 4, 20), ["m1"], None, date(2023, 1, 1)) is None
    late = judge("c1", [kept], None, [], date(2021, 3, 31), date(2023, 1, 1))
    assert late is not None and (late.status, late.fulfilled_on, late.evidence) == (
        "fulfilled late", "2021-05-01", ["d-kept"])


def _commitment(store: dyad.Store, title: str) -> dict:
    doc = next(d for d in store.iter_documents() if d.title == title)
    (item,) = [c for c in queries.commitments.stream(store.engine) if c.document == doc.id]
    return item._asdict()


def _doc(store: dyad.Store, title: str) -> str:
    return next(d.id for d in store.iter_documents() if d.title == title)


def test_a_deal_signed_then_broken_a_year_later_by_a_later_report(tmp_path: Path) -> None:
    db = str(tmp_path / "broken.db")
    assert dyad.ingest([str(FIXTURES / "broken")], db).ok
    with dyad.open(db) as store:
        item = _commitment(store, "Estonia and Finland sign ferry accord")
        assert (item["status"], item["parties"]) == ("contradicted", ["EST", "FIN"])
        assert item["status_evidence"] == [_doc(store, "Finland halts Tallinn ferry service")]
        # The threat of February was no fact: until the April report the promise was only overdue.
        before = {u.id: u for _, u in statuses_as_of(store, date(2022, 3, 1))}
        assert before[item["id"]].status == "overdue"
        after = {u.id: u for _, u in statuses_as_of(store, date(2022, 4, 30))}
        assert after[item["id"]].status == "contradicted"


def test_a_promise_kept_by_a_report_that_is_not_a_meeting(tmp_path: Path) -> None:
    db = str(tmp_path / "kept.db")
    assert dyad.ingest([str(FIXTURES / "kept" / "a_consulates.jsonl")], db).ok
    with dyad.open(db) as store:
        assert _commitment(store, "Latvia and Lithuania to reopen consulates")["status"] == "overdue"
    # Reports arriving later change it: the delay (a near miss) does not, the reopening does.
    assert dyad.ingest([str(FIXTURES / "kept")], db).ok
    with dyad.open(db) as store:
        item = _commitment(store, "Latvia and Lithuania to reopen consulates")
        assert (item["status"], item["fulfilled_on"]) == ("fulfilled", "2023-05-19")
        assert item["status_evidence"] == [_doc(store, "Doors open again in Daugavpils")]
        assert queries.meetings.of_documents(store.engine, [_doc(store, "Doors open again in Daugavpils")]) == []  # no meeting
        before = {u.id: u for _, u in statuses_as_of(store, date(2023, 4, 1))}
        assert before[item["id"]].status == "pending"


def test_names_alone_do_not_tie_a_sentence_to_a_promise() -> None:
    korea = subject("continue to cooperate on the denuclearization of North Korea")
    assert not korea.shared_by(fates("Talks on the situation around North Korea took place.")[0].stems)
    assert korea.shared_by(fates("The denuclearization of North Korea was halted in 2019.")[0].stems)
    assert subject("sign the BECA pact").shared_by(fates("India suspended the BECA pact.")[0].stems)


class _Naming:
    """A store's `documents_naming` over (id, published, parties) rows, counting the queries."""

    def __init__(self, rows: list[tuple[str, str, set[str]]]) -> None:
        self.rows = sorted(rows, key=lambda row: (row[1], row[0]))
        self.queries = 0

    def documents_naming(self, parties: list[str], after: str, until: str, exclude: str,
                         limit: int) -> list[tuple[str, str]]:
        self.queries += 1
        return [(doc, published) for doc, published, named in self.rows
                if named & set(parties) and after < published <= until + "~" and doc != exclude][:limit]


def test_a_read_ahead_answers_as_the_store_would_for_every_later_day(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reports, "MOST_DOCUMENTS", 3)
    monkeypatch.setattr(reports, "READ_AHEAD", 7)
    # days with several documents each, a month-precision date, one far later; documents naming one
    # party, the other, or both, so that a pair's documents are the union of each party's
    rows = [(f"d{n:02}", f"2021-0{1 + n // 4}-{10 + n % 3:02}", [{"EST"}, {"LVA"}, {"EST", "LVA"}][n % 3])
            for n in range(24)]
    rows += [("m1", "2021-03", {"EST"}), ("late", "2023-01-05", {"LVA"}), ("dup", "2021-02-11", {"EST", "LTU"})]
    store = _Naming(rows)
    kept = reports.Reports(store)  # type: ignore[arg-type]
    days = [date(2021, 1, 1), date(2021, 1, 10), date(2021, 2, 11), date(2021, 3, 1), date(2021, 4, 12),
            date(2021, 6, 30), date(2022, 12, 31), date(2023, 6, 1)]
    asked = 0
    for day in days:  # earliest first, as the follow-up asks
        for parties in (["EST"], ["LVA", "EST"], ["EST", "LTU"], ["LTU"]):
            for until in (date(2021, 2, 11), date(2024, 1, 1)):
                for exclude in ("", "d05", "d13", "late", "m1", "dup"):
                    asked += 1
                    expected = _Naming(rows).documents_naming(parties, day.isoformat(), until.isoformat(), exclude, 3)
                    assert kept.naming(parties, exclude, day, until) == expected, (day, parties, until, exclude)
    assert store.queries < asked / 10  # most answers came from a read-ahead
    # an earlier day than the read-ahead's is read again, not answered from it
    earlier = _Naming(rows).documents_naming(["EST", "LVA"], "2020-12-31", "2024-01-01", "", 3)
    assert kept.naming(["LVA", "EST"], "", date(2020, 12, 31), date(2024, 1, 1)) == earlier


def test_a_pair_reads_each_party_once_not_once_a_pair() -> None:
    # one country's promises with five partners: six parties' reads, not one query per pair
    partners = ["LVA", "LTU", "FIN", "SWE", "NOR"]
    rows = [(f"d{n:03}", f"2021-{1 + n % 12:02}-{1 + n % 28:02}", {"EST", partners[n % 5]}) for n in range(150)]
    store = _Naming(rows)
    kept = reports.Reports(store)  # type: ignore[arg-type]
    for month in range(1, 12):
        for partner in partners:
            day = date(2021, month, 1)
            expected = _Naming(rows).documents_naming(["EST", partner], day.isoformat(), "2030-01-01", "", 200)
            assert kept.naming(["EST", partner], "", day, date(2030, 1, 1)) == expected
    assert store.queries == 1 + len(partners)


def test_statuses_written_many_a_statement_land_on_their_own_commitments(
    store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    from dyad.store.commitment_queries import StatusUpdate

    assert dyad.ingest([str(FIXTURES / "broken"), str(FIXTURES / "kept"), str(FIXTURES.parent / "commitments")],
                       store_url).ok
    with dyad.Store.open(store_url) as store:
        stored = list(store.commitments_to_follow())
        assert len(stored) >= 5
        monkeypatch.setattr("dyad.store.commitment_queries.STATUS_ROWS", 2)  # several statements, one short
        updates = [StatusUpdate(c.id, ("pending", "overdue", "fulfilled")[n % 3], "2030-01-0" + str(1 + n % 9),
                                [c.document, f"e{n}"], "2029-12-31" if n % 3 == 2 else None)
                   for n, c in enumerate(stored)]
        missing = StatusUpdate("commitment:none", "pending", "2030-01-01", [])
        assert store.set_commitment_statuses(iter([*updates, missing])) == len(stored)  # the unknown id changes nothing
        got = {c.id: c for c in store.commitments_to_follow()}
    for update in updates:
        mine = got[update.id]
        assert (mine.status, mine.status_as_of, mine.status_evidence, mine.fulfilled_on) == (
            update.status, update.as_of, update.evidence, update.fulfilled_on)
