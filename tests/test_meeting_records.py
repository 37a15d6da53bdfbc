"""Linking reports into stored meeting records (dyad.link.meeting_records), on reports written by hand."""

from __future__ import annotations

from dyad import queries
from dyad.link.meeting_records import Report, link_reports, wanted
from dyad.model import Meeting


def _report(n: int, doc: str, when: str | None, place: str | None, fmt: str | None, people: list[str]) -> Report:
    return Report(f"r{n}", doc, Meeting(n, n + 5, when, place, fmt, people))


def _records(reports: list[Report]) -> list[tuple[str | None, str | None, list[str]]]:
    linked = link_reports(reports, [])
    return sorted((r.date, r.place, sorted(r.documents)) for r in linked.new.values())


def test_a_report_a_day_apart_joins_with_two_people_there_but_not_with_one() -> None:
    a = _report(1, "d1", "2022-03-14", "Geneva", "bilateral", ["ana", "ben"])
    b = _report(2, "d2", "2022-03-15", None, None, ["ana", "ben"])
    assert _records([a, b]) == [("2022-03-14", "Geneva", ["d1", "d2"])]
    c = _report(3, "d3", "2022-03-15", None, None, ["ana", "carl"])  # a minister on tour meets another
    assert len(_records([a, c])) == 2


def test_the_same_place_and_named_format_join_across_a_day_but_not_across_weeks() -> None:
    a = _report(1, "d1", "2022-03-14", "Geneva", "2+2", ["ana"])
    b = _report(2, "d2", "2022-03-16", "Geneva", "2+2", ["carl"])
    assert _records([a, b]) == [("2022-03-14", "Geneva", ["d1", "d2"])]
    weeks = _report(3, "d3", "2022-04-04", "Geneva", "2+2", ["ana", "carl"])
    assert len(_records([a, weeks])) == 2
    years = _report(4, "d4", "2024-03-14", "Geneva", "2+2", ["ana", "carl"])  # the same pair, two years on
    assert len(_records([a, years])) == 2


def test_a_stored_record_dated_to_the_month_takes_a_later_report_s_day() -> None:
    first = link_reports([_report(1, "d1", "2022-03", "Geneva", None, ["ana", "ben"])], [])
    (record,) = first.new.values()
    later = [_report(2, "d2", "2022-03-14", "Geneva", None, ["ana"])]
    assert "2022-03" in wanted(later).dates  # the store is asked for records dated to the month
    second = link_reports(later, [record])
    assert not second.new and second.assigned == {"r2": record.id}
    assert (record.date, record.documents) == ("2022-03-14", ["d1", "d2"])
    assert record.id in second.changed


def test_record_ids_come_from_the_report_that_started_them() -> None:
    reports = [_report(1, "d1", "2022-03-14", "Geneva", None, ["ana"]), _report(2, "d2", None, None, None, [])]
    ids = link_reports(reports, []).assigned
    assert ids == link_reports(list(reversed(reports)), []).assigned
    assert len(set(ids.values())) == 2  # a vague report stays on its own


def test_a_preview_days_off_joins_the_meeting_held_which_keeps_its_own_day() -> None:
    held = _report(1, "d1", "2022-03-14", "Geneva", "bilateral", ["ana", "ben"])
    preview = Report("r2", "d2", Meeting(2, 7, "2022-03-10", "Geneva", None, ["ana", "ben"], status="planned"))
    for order in ([held, preview], [preview, held]):
        (record,) = link_reports(order, []).new.values()
        assert (record.date, record.status, sorted(record.documents)) == ("2022-03-14", "held", ["d1", "d2"])
    # stored first, the plan is found by the held report's day
    (plan,) = link_reports([preview], []).new.values()
    assert plan.status == "planned" and "2022-03-10" in wanted([held]).plan_dates
    later = link_reports([held], [plan])
    assert later.assigned == {"r1": plan.id} and (plan.date, plan.status) == ("2022-03-14", "held")
    # a preview of other people, or weeks off, is another meeting
    others = Report("r3", "d3", Meeting(2, 7, "2022-03-10", "Geneva", None, ["carl", "dan"], status="planned"))
    assert len(link_reports([held, others], []).new) == 2
    weeks = Report("r4", "d4", Meeting(2, 7, "2022-02-20", "Geneva", None, ["ana", "ben"], status="planned"))
    assert len(link_reports([held, weeks], []).new) == 2


def test_undated_reports_look_up_fewer_records_and_join_the_same_ones(monkeypatch) -> None:
    import random

    from dyad.link import meeting_records

    rng = random.Random(5)
    people = ["ana", "ben", "carl", "dora", "eve", "fred"]
    dates = [None, None, None, "2022-03-14", "2022-03-15", "2022-03", "2022"]
    formats = [None, None, "bilateral", "2+2", "summit"]
    places = [None, None, "Geneva", "Oslo"]
    statuses = ["held", "held", "planned", "background"]

    def reports(n: int) -> list[Report]:
        return [Report(f"r{k}", f"d{k % 40}", Meeting(k, k + 5, rng.choice(dates), rng.choice(places),
                                                      rng.choice(formats), rng.sample(people, rng.randrange(4)),
                                                      status=rng.choice(statuses)))
                for k in range(n)]

    def every_person(meeting: Meeting) -> list[str]:  # the look-up before: every record of one of its people
        return [f"@{p}" for p in meeting.participants]

    tried = joined = 0
    for _ in range(60):
        batch = reports(rng.randrange(5, 60))
        found = link_reports(batch, [])
        with monkeypatch.context() as patched:
            patched.setattr(meeting_records, "_keys_undated", every_person)
            before = link_reports(batch, [])
        assert found.assigned == before.assigned
        assert found.tested <= before.tested
        tried += before.tested - found.tested
        joined += len(batch) - len(found.new)
    assert tried > 300 and joined > 500  # the cases cut look-ups and join reports alike
    # a planned report of one person naming no place and format joins nothing: it looks up nothing
    alone = Meeting(0, 5, None, None, None, ["ana"], status="planned")
    assert meeting_records._keys_undated(alone) == []


def test_documents_reporting_one_meeting_held_on_a_day_are_put_in_one_story(store_db, store_batch) -> None:
    """Two items of 2 November 2013 and one of 2018 report a Tokyo meeting of that day; the 2018 one recalls it."""
    from dyad.extract.annotate import Annotations
    from dyad.store.links import DocLinks

    (first, second), (third,) = store_batch[0][1], store_batch[1][1]
    tokyo = Meeting(0, 9, "2013-11-02", "Tokyo", "2+2", ["sergei_shoigu", "itsunori_onodera"])
    month = Meeting(20, 29, "2013-11", "Oslo", None, ["ana", "ben"])  # a month-dated record joins no stories
    found = {first.id: Annotations(first.id, meetings=[tokyo, month]),
             second.id: Annotations(second.id, meetings=[Meeting(3, 12, "2013-11-02", "Tokyo", None, ["sergei_shoigu"]),
                                                         Meeting(20, 29, "2013-11", "Oslo", None, ["ana", "ben"])]),
             third.id: Annotations(third.id, meetings=[Meeting(3, 12, "2013-11-02", "Tokyo", "2+2",
                                                                ["sergei_shoigu", "itsunori_onodera"])])}
    store_db.add_batch(store_batch, annotations=found)
    store_db.save_link_batch([DocLinks(doc.id, [], None, [], f"story-{n}") for n, doc in enumerate((first, second, third))])
    linked = store_db.link_meeting_reports()
    assert len(linked.new) == 2 and linked.stories == {"story-0"}
    stories = {d.id: d.story for d in store_db.iter_documents()}
    assert stories == {first.id: "story-0", second.id: "story-0", third.id: "story-2"}  # 2018: background
    assert {s.id for s in queries.stories.page(store_db.engine)} == {"story-0", "story-2"}


def test_a_reanalysed_document_leaves_its_records_rebuilt_from_what_remains_and_is_linked_again(
    store_db, store_batch
) -> None:
    from dyad.extract.annotate import Annotations

    (first, _), (third,) = store_batch[0][1], store_batch[1][1]
    tokyo = Meeting(0, 9, "2013-11-02", "Tokyo", "2+2", ["sergei_shoigu", "itsunori_onodera"])
    store_db.add_batch(store_batch, annotations={
        first.id: Annotations(first.id, meetings=[tokyo, Meeting(20, 29, "2014-03-01", "Oslo", None, ["ana"])]),
        third.id: Annotations(third.id, meetings=[Meeting(3, 12, "2013-11-02", "Tokyo", None, ["sergei_shoigu"])])})
    store_db.link_meetings()
    (kept,) = queries.meetings.of_documents(store_db.engine, [third.id])
    # Re-analysed, the first document no longer reports Oslo, and its Tokyo report names another minister.
    store_db.replace_annotations([Annotations(first.id, meetings=[
        Meeting(0, 9, "2013-11-02", "Tokyo", "2+2", ["sergei_shoigu", "fumio_kishida"])])])
    (rebuilt,) = list(queries.meetings.stream(store_db.engine))  # Oslo's record, left empty, is gone
    assert (rebuilt.id, rebuilt.participants, rebuilt.documents) == (kept.id, ["sergei_shoigu"], [third.id])
    store_db.link_meetings()
    (again,) = list(queries.meetings.stream(store_db.engine))
    assert again.id == kept.id and sorted(again.documents) == sorted([first.id, third.id])
    assert set(again.participants) == {"sergei_shoigu", "fumio_kishida"} and again.format == "2+2"


def test_many_unlinked_reports_are_linked_a_chunk_a_transaction(store_db, store_batch, monkeypatch) -> None:
    from dyad.extract.annotate import Annotations
    from dyad.store import meeting_records

    monkeypatch.setattr(meeting_records, "LINK_CHUNK", 3)
    (first, second), (third,) = store_batch[0][1], store_batch[1][1]
    found = {doc.id: Annotations(doc.id, meetings=[Meeting(k * 10, k * 10 + 5, f"2016-03-{k + 1:02d}", "Oslo", None,
                                                           [f"p{k}", f"q{k}"]) for k in range(4)])
             for doc in (first, second, third)}
    store_db.add_batch(store_batch, annotations=found)
    linked = store_db.link_meeting_reports()
    assert len(linked.assigned) == 12 and len(linked.new) == queries.meetings.count(store_db.engine) == 4
    assert store_db.link_meetings() == 0
    assert all(len(r.documents) == 3 for r in queries.meetings.stream(store_db.engine))


def _records_linked_in(store_url: str, batch, order: list[int]) -> list[tuple[str | None, list[str]]]:  # type: ignore[no-untyped-def]
    """Store three documents, give each its meeting report and link it, in `order`; return the records.

    They must be the records one merge of the three reports makes.
    """
    from dyad.extract.annotate import Annotations
    from dyad.store import Store

    docs = [doc for _, items in batch for doc in items]
    reports = [Meeting(0, 5, "2013-11", "Oslo", None, ["ana", "ben"]),  # the month: either day's meeting
               Meeting(0, 5, "2013-11-02", "Oslo", None, ["ana", "ben"]),
               Meeting(0, 5, "2013-11-20", "Oslo", None, ["ana", "ben"])]  # the same pair, weeks later
    with Store.open(store_url) as store:
        store.add_batch(batch)
        for n in order:
            store.replace_annotations([Annotations(docs[n].id, meetings=[reports[n]])])
            store.link_meetings()
        names = {doc.id: str(n) for n, doc in enumerate(docs)}
        stored = sorted((r.date, sorted(names[d] for d in r.documents)) for r in queries.meetings.stream(store.engine))
    at_once = link_reports([Report(f"r{n}", docs[n].id, m) for n, m in enumerate(reports)], [])
    assert stored == sorted((r.date, sorted(names[d] for d in r.documents)) for r in at_once.new.values())
    return stored


def test_meeting_records_are_the_same_whatever_order_their_reports_came_in(store_module_places, store_batch,
                                                                           tmp_path) -> None:
    """Linked report by report, the month-dated one joined whichever day's record was stored first."""
    found = []
    for k, order in enumerate([[0, 1, 2], [2, 1, 0], [2, 0, 1], [1, 2, 0]]):
        found.append(_records_linked_in(store_module_places() or str(tmp_path / f"{k}.db"), store_batch, order))
    assert len(found[0]) == 2  # the month joined one of the two days
    assert all(records == found[0] for records in found), found


def test_a_recalled_meeting_does_not_join_the_record_of_its_own_documents_meeting() -> None:
    held = _report(1, "d1", None, None, "bilateral", ["ana", "ben"])
    recalled = Report("r2", "d1", Meeting(2, 7, None, None, "summit", ["ana"], status="background"))
    assert len(link_reports([held, recalled], []).new) == 2
    # near misses: another document's report of one of the people joins; so does a second held report of d1
    other = _report(3, "d2", None, None, None, ["ana"])
    again = _report(4, "d1", None, None, None, ["ana"])
    assert len(link_reports([held, other], []).new) == 1
    assert len(link_reports([held, again], []).new) == 1
