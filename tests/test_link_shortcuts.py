"""Linking's shortcuts decide as the long way does: story scores, preview ties, band keys' order, window reads.

Each shortcut skips or reorders work that cannot change a decision; these
tests compare it with the plain computation on many made-up cases,
including the near misses (a score just short of the threshold, a preview
a day too far, keys of one band that sort apart only by their strings).
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from dyad.actors import Actor
from dyad.extract.annotate import Annotations
from dyad.link import stories
from dyad.link.meetings import formats_agree
from dyad.link.stories import (
    STORY_THRESHOLD,
    WEIGHTS,
    Known,
    Profile,
    Reports,
    meeting_score,
    profiles,
    score,
)
from dyad.model import Meeting, Mention
from dyad.store import Store
from dyad.store.links import DocLinks, LinkedDoc, _by_band, _index_order
from link_texts import linked_doc

_PEOPLE = ["ana", "bo", "cy", "dee", "eli", "fay"]
_PLACES = ["Oslo", "oslo", "Lima", None, ""]
_FORMATS = ["bilateral", "multilateral", "2+2", "summit", None]
_STATUSES = ["held", "planned", "background"]


def _day(rng: random.Random) -> str | None:
    """A date of any precision, often none; days cluster so that pairs fall near and far."""
    first = date(2021, 4, 1) + timedelta(days=rng.randrange(40))
    return rng.choice([None, first.isoformat(), first.isoformat()[:7], "2021", "-04-13", first.isoformat()])


def _profile(rng: random.Random, doc_id: str) -> Profile:
    published = _day(rng)
    precision = None if published is None else "day" if len(published) == 10 else "month"
    doc = LinkedDoc(doc_id, doc_id, 0, None, None, published, precision, "s", None, (), datetime.now(UTC))
    actors = {person: rng.choice([0.5, 1.0]) for person in rng.sample(_PEOPLE, rng.randrange(len(_PEOPLE)))}
    meetings = [Meeting(0, 5, _day(rng), rng.choice(_PLACES), rng.choice(_FORMATS),
                        rng.sample(_PEOPLE, rng.randrange(4)), status=rng.choice(_STATUSES))
                for _ in range(rng.randrange(5))]
    return Profile(doc, actors, meetings)


def _previewed_plainly(a: list[Meeting], b: list[Meeting]) -> float:
    """The preview score as its docstring states it, every pair of meetings tried."""
    best = 0.0
    for x in a:
        for y in b:
            if "planned" not in (x.status, y.status) or not formats_agree(x.format, y.format):
                continue
            if x.place and y.place and x.place.casefold() != y.place.casefold():
                continue
            spans = stories.date_span(x.date), stories.date_span(y.date)
            if x.date is not None and y.date is not None:
                if spans[0] is None or spans[1] is None:
                    continue
                if max((spans[1][0] - spans[0][1]).days, (spans[0][0] - spans[1][1]).days, 0) > 14:
                    continue
            if not set(x.participants) & set(y.participants):
                continue
            formatted = x.format and x.format == y.format and x.format not in ("bilateral", "multilateral")
            days = all(m.date is not None and len(m.date) == 10 and m.date[0].isdigit()
                       for m in (x, y) if m.status == "planned")
            if (x.place and y.place) or (formatted and days):
                best = 1.0
            elif x.date is not None and y.date is not None:
                best = max(best, 0.5)
    return best


def _plain_score(new: Profile, old: Profile, text: float) -> float:
    """The weighted sum as the module's docstring states it, each part computed in full."""
    a, b = new.actors, old.actors
    actors = 0.0
    shared = sum(a[k] for k in a.keys() & b.keys())
    if len(a) >= 2 and len(b) >= 2:
        actors = shared / min(sum(a.values()), sum(b.values()))
    meeting = meeting_score(new, old)
    if text == 0.0 and meeting == 0.0 and shared < stories.LONE_ACTORS_WEIGHT:  # actors alone, too few of them
        actors = 0.0
    parts = {"text": text, "actors": actors, "meeting": meeting, "date": stories.date_score(new.span, old.span)}
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    return total / (1 - WEIGHTS["date"]) if new.span is None or old.span is None else total


def test_the_preview_score_is_that_of_every_pair_of_meetings_tried() -> None:
    rng = random.Random(29)
    found = set()
    for n in range(3000):
        new, old = _profile(rng, f"a{n}"), _profile(rng, f"b{n}")
        value = stories._previewed(new.reports, old.reports)
        assert value == _previewed_plainly(new.meetings, old.meetings)
        found.add(value)
    assert found == {0.0, 0.5, 1.0}  # the cases reach every outcome


def test_a_score_is_the_full_weighted_sum_and_the_shortcut_drops_only_pairs_short_of_the_threshold() -> None:
    rng = random.Random(7)
    dropped = kept = 0
    for n in range(3000):
        new, old = _profile(rng, f"a{n}"), _profile(rng, f"b{n}")
        text = rng.choice([0.0, 0.05, 0.2, 0.6, 1.0, rng.random()])
        exact = _plain_score(new, old, text)
        assert score(new, old, text) == exact
        reached = stories._reaching(new, old, text, STORY_THRESHOLD)
        if reached is None:
            assert exact < STORY_THRESHOLD
            dropped += 1
        else:
            assert reached == exact
            kept += exact >= STORY_THRESHOLD
    assert dropped and kept


def test_a_profile_read_again_after_its_document_was_reanalysed_gets_its_new_meetings() -> None:
    doc = LinkedDoc("d1", "d1", 0, None, None, "2021-04-10", "day", "s", None, (), datetime.now(UTC))
    known = Known()
    known.features["d1"] = ({"ana": 1.0, "bo": 1.0}, [Meeting(0, 5, "2021-04-10", "Oslo", None, ["ana"])])
    store: Store = None  # type: ignore[assignment]  # every profile asked for is known: the store is not read
    first = profiles(store, [doc], known)["d1"]
    assert [r.place for r in first.reports.every] == ["oslo"]
    assert profiles(store, [doc], known)["d1"].reports is first.reports  # worked out once
    # a re-analysis replaces the document's features: its reports follow
    known.features["d1"] = ({"ana": 1.0}, [Meeting(0, 5, "2021-04-11", "Lima", None, ["bo"], status="planned")])
    again = profiles(store, [doc], known)["d1"]
    assert [(r.place, r.planned) for r in again.reports.every] == [("lima", True)]
    assert again.reports.weight == 1.0


def test_reports_of_a_hand_made_profile_are_worked_out_from_its_meetings() -> None:
    doc = LinkedDoc("d", "d", 0, None, None, None, None, None, None, (), datetime.now(UTC))
    held = Meeting(0, 5, "2021-04-10", "Oslo", "summit", ["ana", "bo"])
    found = Profile(doc, {"ana": 0.5, "bo": 1.0}, [held, Meeting(6, 9, None, None, None, [], status="planned")])
    assert isinstance(found.reports, Reports)
    assert found.reports.held == [held] and found.reports.weight == 1.5
    assert [r.planned for r in found.reports.planned] == [True]


def _keys(rng: random.Random, count: int) -> set[tuple[str, int, str]]:
    # keys of one band that share their first digits: they sort by the rest of the string
    return {(rng.choice(["doc", "para"]), rng.randrange(12), f"{rng.randrange(4):x}{rng.getrandbits(60):015x}")
            for _ in range(count)}


def test_band_keys_are_looked_up_in_the_order_of_the_index() -> None:
    rng = random.Random(3)
    for count in (0, 1, 50, 2000):
        keys = _keys(rng, count)
        assert _index_order(keys) == sorted(keys)


def test_a_batch_s_band_rows_are_written_in_the_order_of_the_index() -> None:
    rng = random.Random(5)
    decided = []
    every = []
    for n in range(40):
        rows = sorted((level, band, key, f"doc{n:02d}", rng.randrange(4) if level == "para" else 0)
                      for level, band, key in _keys(rng, rng.randrange(0, 60)))
        every += rows
        decided.append(DocLinks(f"doc{n:02d}", iter(rows), None, [], "story"))
    slices = list(_by_band(decided))
    assert [row for rows in slices for row in rows] == sorted(every)
    assert all(len({row[:2] for row in rows}) == 1 for rows in slices)  # a (level, band) a slice


def test_windows_read_together_hold_what_each_read_alone_holds(store_url: str) -> None:
    """Several windows in one statement, on each engine: the documents of each, month-dated ones in their month."""
    cast = {code: Actor(code, code, "state", code, None, code) for code in ["NOR", "RUS", "CHL"]}
    days = [("2021-04-01", ["NOR", "RUS"]), ("2021-04-03", ["NOR", "CHL"]), ("2021-04", ["RUS", "CHL"]),
            ("2021-05-20", ["NOR", "RUS"]), (None, ["NOR", "RUS"]), ("2021-04-09", ["NOR"])]
    ids = {}
    with Store.open(store_url) as store:
        for n, (day, codes) in enumerate(days):
            item = linked_doc(n, f"Report {n} on the talks between the delegations of three states.", day)
            doc = item[1][0]
            mentions = [Mention(k, k + 3, "abc", code, "state", "name") for k, code in enumerate(codes)]
            store.add_batch([item], {doc.id: Annotations(doc.id, mentions, actors=[cast[c] for c in codes])})
            ids[n] = doc.id
        windows = [("2021-04-01", "2021-04-08"), ("2021-04-02", "2021-04-30"), ("2021-05-13", "2021-05-27"),
                   ("2022-01-01", "2022-01-15")]
        together = store.actors_in_windows(windows, 100, 100)
        for window in windows:
            alone = store.actors_in_window(*window, 100)
            assert together[window] is not None and alone is not None
            assert {a: sorted(d) for a, d in together[window].items()} == {a: sorted(d) for a, d in alone.items()}
        first = together[windows[0]]
        assert first is not None and sorted(first["NOR"]) == sorted([ids[0], ids[1]])  # not the 9th: past the window
        assert sorted(first["RUS"]) == sorted([ids[0], ids[2]])  # dated only to the month: in its first day's month
        assert together[windows[3]] == {}
        # a window of more documents than `most` (three: the 3rd, the 9th and the month) comes back unread
        assert store.actors_in_windows(windows[:2], 2, 100)[windows[1]] is None
        assert store.actors_in_windows(windows[:2], 3, 100)[windows[1]] is not None
