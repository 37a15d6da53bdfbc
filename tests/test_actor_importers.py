"""Importers: PETRARCH/Phoenix .actors.txt files and our own CSV format."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from dyad.actors import import_csv_actors, import_phoenix_actors, load_dictionary
from dyad.actors.importers import parse_restriction, phoenix_date
from dyad.errors import DataFileError

FIXTURE = Path(__file__).parent / "fixtures" / "small.actors.txt"
PHOENIX = Path(__file__).resolve().parents[2] / "shared" / "dictionaries" / "phoenix"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("040309", date(2004, 3, 9)), ("320101", date(1932, 1, 1)), ("301231", date(2030, 12, 31)),
     ("19940922", date(1994, 9, 22)), ("991014", date(1999, 10, 14))],
)
def test_phoenix_dates_follow_the_petrarch_century_rule(text, expected):
    assert phoenix_date(text) == expected


def test_restrictions_become_start_and_exclusive_end():
    assert parse_restriction(">20040309") == (date(2004, 3, 9), None)
    assert parse_restriction("<331117") == (None, date(1933, 11, 18))
    assert parse_restriction("19300101-331117") == (date(1930, 1, 1), date(1933, 11, 18))
    assert parse_restriction("20070101-") == (date(2007, 1, 1), None)


def test_fixture_entries_codes_and_dated_roles():
    actors = {a.id: a for a in import_phoenix_actors(FIXTURE)}
    state = actors["phoenix:freedonia"]
    assert state.kind == "state" or state.code == "FRE"
    firefly = actors["phoenix:rufus_t_firefly"]
    assert firefly.kind == "person"
    assert "Firefly" in firefly.aliases
    assert [(r.role, r.country, r.sector) for r in firefly.roles] == [
        ("USAELI", "USA", "ELI"), ("USAGOV", "USA", "GOV"), ("USAELI", "USA", "ELI")
    ]
    assert firefly.roles[1].active(date(1934, 1, 1))
    assert not firefly.roles[1].active(date(1936, 1, 1))
    assert actors["phoenix:trentino_ambassador"].roles[0].end == date(1933, 11, 18)
    assert actors["phoenix:teasdale_foundation"].kind == "organisation"
    assert actors["phoenix:sylvanian_army"].code == "SYLMIL"
    assert "phoenix:null_code_person" not in actors


def test_a_bad_date_skips_only_that_code():
    bad = {a.id: a for a in import_phoenix_actors(FIXTURE)}["phoenix:bad_date_person"]
    assert [r.start for r in bad.roles] == [date(2007, 1, 1)]


def test_imported_actors_merge_into_the_dictionary():
    merged = load_dictionary(extra=[FIXTURE])
    assert [a.id for a in merged.exact("President Firefly")] == ["phoenix:rufus_t_firefly"]
    assert [a.id for a in merged.exact("Sergey Shoygu")] == ["sergei_shoigu"]
    assert load_dictionary().by_id("phoenix:rufus_t_firefly") is None


def test_csv_import_and_merge(tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(
        "id,name,country,sector,role,role_key,start,end,aliases,source\n"
        "jane_roe,Jane Roe,TUV,GOV,Minister of Foreign Affairs,foreign_minister,2030-01-01,,J. Roe,test\n"
        "sergei_shoigu,Sergei Shoigu,RUS,GOV,Emergencies Minister,security_council_secretary,1994-01-10,2012-05-11,,test\n"
    )
    [jane, shoigu] = import_csv_actors(path)
    assert jane.code == "TUVGOV" and jane.roles[0].start == date(2030, 1, 1)
    merged = load_dictionary(extra=[path])
    assert [a.id for a in merged.holders("TUV", "foreign_minister", date(2031, 1, 1))] == ["jane_roe"]
    assert len(merged.by_id("sergei_shoigu").roles) == 3


def test_unknown_extension_is_refused(tmp_path):
    path = tmp_path / "actors.json"
    path.write_text("{}")
    with pytest.raises(DataFileError):
        load_dictionary(extra=[path])


@pytest.mark.slow
@pytest.mark.parametrize("name", ["Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"])
def test_full_phoenix_files_parse(name):
    path = PHOENIX / name
    if not path.exists():
        pytest.skip(f"{path} is not present")
    actors = import_phoenix_actors(path)
    assert len(actors) > 1000
    by_id = {a.id: a for a in actors}
    if name.startswith("Phoenix.Countries"):
        lavrov = by_id["phoenix:sergey_lavrov"]
        assert any(r.role == "RUSGOV" and r.start == date(2004, 3, 9) for r in lavrov.roles)
        assert by_id["phoenix:afghanistan"].kind == "state"
    else:
        assert by_id["phoenix:nato"].code == "IGOWSTNAT"
