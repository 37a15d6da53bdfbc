"""people.csv as data: every row well-formed, one person per id, no two holders of one office at once.

Then a few sentences written for this test, with office holders of countries
beyond the G20 named in them, resolved on their dates.
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date

import pycountry
import pytest

from dyad.actors import ActorDictionary, load_dictionary
from dyad.actors.loader import DATA_DIR, load_roles
from dyad.actors.names import normalise
from dyad.extract.mentions.resolve import resolve_mentions
from dyad.nlp.analyze import load_nlp

PEOPLE = DATA_DIR / "people.csv"
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _rows() -> list[dict[str, str]]:
    with PEOPLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _organisation_ids() -> set[str]:
    with (DATA_DIR / "organisations.csv").open(encoding="utf-8", newline="") as handle:
        return {row["id"] for row in csv.DictReader(handle)}


def test_every_row_is_well_formed() -> None:
    roles = load_roles()
    organisations = _organisation_ids()
    for line, row in enumerate(_rows(), start=2):
        where = f"people.csv line {line}"
        assert re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", row["id"]), where
        assert row["name"] and row["role"] and row["source"], where
        country = row["country"]
        assert country in organisations or pycountry.countries.get(alpha_3=country) is not None, where
        keys = row["role_key"].split(";")
        assert keys and all(key in roles for key in keys), where
        assert all(roles[key] == row["sector"] for key in keys), where  # a defence minister is MIL
        assert ISO_DATE.match(row["start"]), where
        start = date.fromisoformat(row["start"])
        if row["end"]:
            assert ISO_DATE.match(row["end"]) and start < date.fromisoformat(row["end"]), where
        assert start < date(2027, 1, 1), where
        assert row["aliases"] == row["aliases"].strip(" ;"), where


def test_an_id_is_one_person_with_the_id_of_the_name() -> None:
    """One name per id, and the id is the name folded to ASCII, save for a few made unique by hand."""
    names: dict[str, set[str]] = defaultdict(set)
    for row in _rows():
        names[row["id"]].add(row["name"])
    assert all(len(found) == 1 for found in names.values()), {i: n for i, n in names.items() if len(n) > 1}
    differing = [i for i, found in names.items() if i != "_".join(normalise(next(iter(found))).split())]
    assert len(differing) < len(names) // 20, differing  # the exceptions stay exceptions


def test_no_office_has_two_holders_at_once() -> None:
    terms: dict[tuple[str, str], list[tuple[date, date, str]]] = defaultdict(list)
    for row in _rows():
        end = date.fromisoformat(row["end"]) if row["end"] else date.max
        for key in row["role_key"].split(";"):
            terms[row["country"], key].append((date.fromisoformat(row["start"]), end, row["id"]))
    for office, spans in terms.items():
        spans.sort()
        for (_, end, first), (start, _, second) in zip(spans, spans[1:], strict=False):
            assert first == second or end <= start, (office, first, second)


def test_the_whole_world_is_covered() -> None:
    countries = {row["country"] for row in _rows()}
    for code in ("GRC", "PHL", "EGY", "ETH", "ISR", "ARE", "POL", "ESP", "NLD", "VNM", "PAK", "NGA", "KEN",
                 "COL", "CHL", "TWN", "HUN", "SRB", "ARM", "AZE", "GEO", "BLR", "KAZ", "AFG", "MMR", "PSE"):
        assert code in countries, code
    assert len(countries) > 130


@pytest.fixture(scope="module")
def dictionary() -> ActorDictionary:
    return load_dictionary()


@pytest.mark.parametrize(
    ("country", "role_key", "on", "expected"),
    [
        ("GRC", "foreign_minister", "2021-06-01", "nikos_dendias"),
        ("GRC", "head_of_government", "2016-01-01", "alexis_tsipras"),
        ("POL", "head_of_government", "2024-05-01", "donald_tusk"),
        ("POL", "head_of_government", "2019-05-01", "mateusz_morawiecki"),
        ("ISR", "defence_minister", "2023-11-01", "yoav_gallant"),
        ("EGY", "head_of_state", "2012-12-01", "mohamed_morsi"),
        ("PHL", "head_of_state", "2018-01-01", "rodrigo_duterte"),
        ("TWN", "head_of_state", "2025-01-01", "lai_ching_te"),
        ("VNM", "foreign_minister", "2019-01-01", "pham_binh_minh"),
        ("KEN", "head_of_government", "2023-01-01", "william_ruto"),
        ("ETH", "head_of_government", "2020-01-01", "abiy_ahmed"),
        ("SYR", "head_of_state", "2020-01-01", "bashar_al_assad"),
        ("SYR", "head_of_state", "2025-06-01", "ahmed_al_sharaa"),
    ],
)
def test_holders_beyond_the_g20(dictionary, country, role_key, on, expected) -> None:
    assert [a.id for a in dictionary.holders(country, role_key, date.fromisoformat(on))] == [expected]


def test_a_handover_day_gives_the_successor(dictionary) -> None:
    assert [a.id for a in dictionary.holders("NLD", "head_of_government", date(2024, 7, 1))] == ["mark_rutte"]
    assert [a.id for a in dictionary.holders("NLD", "head_of_government", date(2024, 7, 2))] == ["dick_schoof"]


def test_a_person_in_a_national_and_an_international_office(dictionary) -> None:
    tusk = dictionary.by_id("donald_tusk")
    assert [r.country for r in tusk.roles_on(date(2016, 1, 1))] == ["eu"]
    assert [r.country for r in tusk.roles_on(date(2024, 1, 1))] == ["POL"]


def test_letters_without_a_decomposition_fold_to_ascii(dictionary) -> None:
    assert [a.id for a in dictionary.exact("Mariusz Blaszczak")] == ["mariusz_blaszczak"]
    assert [a.id for a in dictionary.exact("Jonas Gahr Store")] == ["jonas_gahr_store"]
    assert [a.id for a in dictionary.exact("Djuro Macut")] == ["duro_macut"]


def _people(text: str, on: date, dictionary: ActorDictionary) -> list[tuple[str, str | None, str | None]]:
    """Resolve a sentence; return (text, actor, the actor's country on that day) for each person."""
    found = []
    for mention in resolve_mentions(load_nlp()(text), on, dictionary)[0]:
        if mention.kind != "person" or mention.actor is None:
            continue
        actor = dictionary.by_id(mention.actor)
        countries = sorted({r.country for r in actor.roles_on(on)}) if actor else []
        found.append((mention.text, mention.actor, countries[0] if countries else None))
    return found


@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("Foreign Minister Nikos Dendias told reporters in Athens that the talks would resume.",
         date(2021, 3, 4), [("Nikos Dendias", "nikos_dendias", "GRC")]),
        ("Nikolaos Dendias, the Greek defence minister, inspected a frigate on Tuesday.",
         date(2024, 2, 6), [("Nikolaos Dendias", "nikos_dendias", "GRC"),
                            ("the Greek defence minister", "nikos_dendias", "GRC")]),
        ("Sameh Shoukry and Ayman Safadi called for an immediate ceasefire.",
         date(2023, 11, 9), [("Sameh Shoukry", "sameh_shoukry", "EGY"), ("Ayman Safadi", "ayman_safadi", "JOR")]),
        ("President Ferdinand Marcos Jr. said Manila would not give up an inch of its waters.",
         date(2024, 3, 25), [("Ferdinand Marcos Jr.", "ferdinand_marcos_jr", "PHL")]),
        ("Prime Minister Shehbaz Sharif thanked the Chinese government for its support.",
         date(2024, 6, 8), [("Shehbaz Sharif", "shehbaz_sharif", "PAK")]),
        ("Pham Minh Chinh met business leaders in Hanoi.",
         date(2023, 9, 11), [("Pham Minh Chinh", "pham_minh_chinh", "VNM")]),
    ],
)
def test_sentences_name_office_holders_of_the_whole_world(dictionary, text, on, expected) -> None:
    found = _people(text, on, dictionary)
    assert sorted((actor, country) for _, actor, country in found) == sorted(
        (actor, country) for _, actor, country in expected
    ), found
    for surface, _, _ in expected:  # the name is in the mention (with any title before it)
        assert any(text.endswith(surface) for text, _, _ in found), found


def test_a_role_description_resolves_on_its_date(dictionary) -> None:
    text = "The Greek foreign minister said Athens would answer."
    assert [(a, c) for _, a, c in _people(text, date(2021, 3, 4), dictionary)] == [("nikos_dendias", "GRC")]
    assert [(a, c) for _, a, c in _people(text, date(2024, 1, 4), dictionary)] == [("giorgos_gerapetritis", "GRC")]


def test_near_misses_are_no_office_holders(dictionary) -> None:
    """A namesake the dictionary lacks, and a holder's surname in a year before his office."""
    found = _people("Ahmed Ali Khan opened a bakery in Lahore.", date(2020, 1, 1), dictionary)
    assert all(actor.startswith("new:") for _, actor, _ in found), found
    assert [a.id for a in dictionary.holders("GRC", "head_of_government", date(2019, 7, 7))] == ["alexis_tsipras"]
