"""The bundled actor dictionary: every file validates, and lookups give the right actor."""

from __future__ import annotations

import json
import random
import time
from datetime import date
from pathlib import Path

import pytest
from rapidfuzz import fuzz, process

from dyad.actors import load_dictionary
from dyad.actors.dictionary import ActorDictionary, bundled_actors, within_reach
from dyad.actors.importers import import_csv_actors
from dyad.actors.loader import DATA_DIR
from dyad.actors.near_keys import NearKeys, letter_pairs
from dyad.errors import DataFileError

GOLD = Path(__file__).resolve().parents[2] / "shared" / "gold" / "seeds.json"
HEADER = "id,name,country,sector,role,role_key,start,end,aliases,source\n"


@pytest.fixture(scope="module")
def actors():
    return load_dictionary()


def test_every_data_file_is_documented_and_loads(actors):
    readme = (DATA_DIR / "README.md").read_text()
    for path in DATA_DIR.glob("*.csv"):
        assert path.name in readme, f"{path.name} is not documented in the data README"
    assert len(actors) > 700


def test_load_is_fast():
    from dyad.actors.dictionary import _load

    _load.cache_clear()
    started = time.perf_counter()
    load_dictionary()
    assert time.perf_counter() - started < 0.8


def test_every_row_has_a_source():
    import csv

    for path in DATA_DIR.glob("*.csv"):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                assert row["source"], f"{path.name}: a row has no source: {row}"


# Role descriptions in the gold and the office and seed date that name the person.
ROLE_DESCRIPTIONS = {
    "the Russian Defence Minister": ("RUS", "defence_minister", "2019-05-30"),
    "the Minister of Defense of Russian Federation": ("RUS", "defence_minister", "2018-07-31"),
    "the Russian Foreign Minister": ("RUS", "foreign_minister", "2019-05-30"),
    "The Japanese foreign minister": ("JPN", "foreign_minister", "2013-11-02"),
}


def _by_name_tail(actors, alias):
    """Resolve a titled mention by its trailing name ("Prime Minister Abe" -> "Abe").

    Stripping titles in context is the resolver's job; this checks that the
    dictionary holds what it needs once the title is gone.
    """
    words = alias.split(",")[-1].split()
    for size in range(len(words), 0, -1):
        tail = " ".join(words[-size:])
        found = actors.exact(tail) or actors.surnames(tail)
        if found:
            return [a.id for a in found]
    return []


@pytest.mark.skipif(not GOLD.exists(), reason="seed gold not present")
def test_every_gold_alias_resolves(actors):
    gold = [e for e in json.loads(GOLD.read_text())["actors"] if e.get("type") != "place"]
    for entry in gold:
        for alias in entry["aliases"]:
            if alias in ROLE_DESCRIPTIONS:
                country, key, on = ROLE_DESCRIPTIONS[alias]
                found = [a.id for a in actors.holders(country, key, date.fromisoformat(on))]
            else:
                found = [a.id for a in actors.exact(alias)] or _by_name_tail(actors, alias)
            assert found == [entry["id"]], (alias, found)


@pytest.mark.skipif(not GOLD.exists(), reason="seed gold not present")
def test_gold_place_aliases_resolve(actors):
    for entry in json.loads(GOLD.read_text())["actors"]:
        if entry.get("type") == "place":
            for alias in entry["aliases"]:
                assert [p.id for p, _ in actors.place(alias)] == [entry["id"]], alias


@pytest.mark.parametrize(
    ("country", "role_key", "on", "expected"),
    [
        ("JPN", "foreign_minister", "2013-11-02", "fumio_kishida"),
        ("JPN", "foreign_minister", "2019-05-30", "taro_kono"),
        ("JPN", "foreign_minister", "2017-08-03", "taro_kono"),
        ("JPN", "defence_minister", "2013-11-02", "itsunori_onodera"),
        ("JPN", "defence_minister", "2018-07-31", "itsunori_onodera"),
        ("JPN", "defence_minister", "2019-05-30", "takeshi_iwaya"),
        ("JPN", "defence_minister", "2006-01-15", "fukushiro_nukaga"),
        ("JPN", "head_of_government", "2013-11-02", "shinzo_abe"),
        ("JPN", "chief_of_general_staff", "2018-07-31", "katsutoshi_kawano"),
        ("RUS", "defence_minister", "2019-05-30", "sergei_shoigu"),
        ("RUS", "defence_minister", "2025-03-01", "andrei_belousov"),
        ("RUS", "foreign_minister", "2013-11-02", "sergey_lavrov"),
        ("RUS", "head_of_state", "2010-01-01", "dmitry_medvedev"),
        ("RUS", "head_of_state", "2019-05-30", "vladimir_putin"),
        ("RUS", "chief_of_general_staff", "2018-07-31", "valery_gerasimov"),
        ("RUS", "land_forces_commander", "2018-07-31", "oleg_salyukov"),
        ("USA", "head_of_state", "2009-06-01", "barack_obama"),
        ("USA", "head_of_government", "2018-01-01", "donald_trump"),
        ("USA", "foreign_minister", "2014-05-01", "john_kerry"),
        ("USA", "defence_minister", "2004-01-01", "donald_rumsfeld"),
        ("GBR", "head_of_government", "2016-08-01", "theresa_may"),
        ("GBR", "foreign_minister", "2017-01-01", "boris_johnson"),
        ("GBR", "head_of_state", "2023-01-01", "charles_iii"),
        ("CHN", "head_of_state", "2015-01-01", "xi_jinping"),
        ("CHN", "foreign_minister", "2023-05-01", "qin_gang"),
        ("FRA", "head_of_state", "2010-01-01", "nicolas_sarkozy"),
        ("DEU", "head_of_government", "2010-01-01", "angela_merkel"),
        ("DEU", "defence_minister", "2015-01-01", "ursula_von_der_leyen"),
        ("IND", "head_of_government", "2010-01-01", "manmohan_singh"),
        ("KOR", "head_of_state", "2015-01-01", "park_geun_hye"),
        ("PRK", "head_of_state", "2015-01-01", "kim_jong_un"),
        ("UKR", "head_of_state", "2022-03-01", "volodymyr_zelenskyy"),
        ("UKR", "defence_minister", "2022-03-01", "oleksii_reznikov"),
        ("IRN", "foreign_minister", "2015-07-14", "mohammad_javad_zarif"),
        ("TUR", "head_of_government", "2020-01-01", "recep_tayyip_erdogan"),
        ("SAU", "defence_minister", "2017-01-01", "mohammed_bin_salman"),
        ("BRA", "head_of_state", "2020-01-01", "jair_bolsonaro"),
        ("eu", "high_representative", "2016-01-01", "federica_mogherini"),
        ("un", "secretary_general", "2010-01-01", "ban_ki_moon"),
    ],
)
def test_holders_on_a_date(actors, country, role_key, on, expected):
    assert [a.id for a in actors.holders(country, role_key, date.fromisoformat(on))] == [expected]


def test_handover_day_gives_the_successor(actors):
    assert [a.id for a in actors.holders("JPN", "foreign_minister", date(2012, 12, 26))] == [
        "fumio_kishida"
    ]
    assert [a.id for a in actors.holders("JPN", "foreign_minister", date(2012, 12, 25))] == [
        "koichiro_gemba"
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Sergey Shoygu", "sergei_shoigu"),
        ("Shoygu, Sergey Kuzhugetovich", "sergei_shoigu"),
        ("Mr. Shoygu, Sergey Kuzhugetovich", "sergei_shoigu"),
        ("Mr. Lavrov, Sergey Viktorovich", "sergey_lavrov"),
        ("sergei lavrov", "sergey_lavrov"),
        ("General Gerasimov, Valery Vasilyevich", "valery_gerasimov"),
        ("Valeriy Gerasimov", "valery_gerasimov"),
        ("Colonel General Salyukov, Oleg Leonidovich", "oleg_salyukov"),
        ("Mr. Katsutoshi Kawano", "katsutoshi_kawano"),
        ("Abe Shinzo", "shinzo_abe"),
        ("Kishida Fumio", "fumio_kishida"),
        ("Dr. Recep Tayyip Erdogan", "recep_tayyip_erdogan"),
        ("Mevlut Cavusoglu", "mevlut_cavusoglu"),
        ("Volodymyr Zelenskiy", "volodymyr_zelenskyy"),
        ("Volodymyr Zelensky", "volodymyr_zelenskyy"),
        ("Jinping Xi", "xi_jinping"),
        ("Kim Jong Un", "kim_jong_un"),
        ("Anatoly Serdyukov", "anatoliy_serdyukov"),
        ("Massimo D'Alema", "massimo_dalema"),
        ("Alexei Reznikov", "oleksii_reznikov"),
    ],
)
def test_exact_folds_spelling_and_name_order(actors, name, expected):
    assert expected in [a.id for a in actors.exact(name)]


def test_surname_and_fuzzy(actors):
    assert [a.id for a in actors.surnames("Shoygu")] == ["sergei_shoigu"]
    assert actors.fuzzy("Sergei Shoigo")[0][0].id == "sergei_shoigu"
    assert actors.fuzzy("Qwerty Uiop") == []


def test_fuzzy_search_scans_only_keys_in_reach_and_answers_as_a_full_scan(actors):
    """The length and letter-pair bounds may only skip keys that cannot reach the cutoff: answers equal a full scan."""
    rng = random.Random(7)
    keys = actors._fuzzy_keys
    letters = "abcdefghijklmnopqrstuvwxyz -'"

    def edited(key: str) -> str:
        chars = list(key)
        for _ in range(rng.randint(0, 3)):
            at = rng.randrange(len(chars) + 1)
            kind = rng.choice("idsx")
            if kind == "i" or not chars[at:]:
                chars.insert(at, rng.choice(letters))
            elif kind == "d":
                del chars[at]
            elif kind == "s":
                chars[at] = rng.choice(letters)
            else:
                chars[at:at] = chars[at:at + 3]  # a repeated run: lengths drift further than one letter
        return "".join(chars) or "a"

    queries = [edited(rng.choice(keys)) for _ in range(400)]
    queries += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 30))) for _ in range(100)]
    compared = found = 0
    for query in queries:
        for cutoff in (100, 95, 90, 80, 60):
            full = process.extract(query, keys, scorer=fuzz.ratio, score_cutoff=cutoff, limit=10)
            best: dict[str, tuple[str, float]] = {}
            for alias_key, score, _ in full:
                for actor in actors._names[alias_key]:
                    if actor.id not in best or best[actor.id][1] < score:
                        best[actor.id] = (actor.id, score)
            expected = sorted(best.values(), key=lambda pair: -pair[1])
            assert [(a.id, s) for a, s in actors._search(query, cutoff)] == expected, (query, cutoff)
            compared += 1
            found += bool(expected)
    assert found > 300  # the edited keys do find their actors: the comparison is not of empty lists
    lo, hi = within_reach(10, 90)
    assert lo <= 9 and hi >= 11 and lo > 8 and hi < 13  # 9 and 11 letters can score 90 against 10; 8 and 13 cannot


def test_letter_pairs_narrow_the_keys_scored_and_keep_every_close_one():
    keys = ["maria lopez", "mario lopes", "marta lopez", "olga lopez", "lopez maria", "ma", "marialopez"]
    near = NearKeys(keys)
    lo, hi = within_reach(len("maria lopes"), 90)
    found = near.candidates("maria lopes", 90, lo, hi)
    assert found is not None
    # kept: every key scoring 90 or more, in dictionary order
    assert [k for k in keys if fuzz.ratio("maria lopes", k) >= 90] == ["maria lopez", "mario lopes"]
    assert {"maria lopez", "mario lopes"} <= set(found)
    assert found == [k for k in keys if k in found]
    # near misses: another given name shares too few pairs, a short key is out of reach
    assert "olga lopez" not in found and "ma" not in found
    # a short name at a low cutoff cannot be narrowed by pairs: the caller scans by length
    assert near.candidates("lia", 60, *within_reach(3, 60)) is None
    assert near.candidates("li", 90, *within_reach(2, 90)) == []  # no key holds "li"
    assert letter_pairs("abab") == {"ab", "ba"}


def test_remembered_answers_are_the_answers(monkeypatch):
    """Keys and fuzzy searches are remembered per dictionary; what they return must not change with it."""
    monkeypatch.setattr("dyad.actors.dictionary.FUZZY_KEPT", 3)
    monkeypatch.setattr("dyad.actors.dictionary.KEYS_KEPT", 5)
    fresh = ActorDictionary(*bundled_actors())
    names = ["Sergei Shoigo", "Sergey Lavrov", "Qwerty Uiop", "Fumio Kishda", "Minister Sergei Shoigo", "Taro Kno"]
    keys = [fresh.key(name) for name in names]
    expected = [fresh.fuzzy(name) for name in names]
    assert expected[0][0][0].id == "sergei_shoigu" and expected[2] == []
    given = fresh.fuzzy(names[0])
    given.clear()  # a caller's list is its own
    searched = []
    monkeypatch.setattr(fresh, "_search", lambda *a: searched.append(a[0]) or ActorDictionary._search(fresh, *a))
    assert [fresh.fuzzy(name) for name in names + names[::-1]] == expected + expected[::-1]
    assert [fresh.key(name) for name in names] == keys
    assert len(fresh._fuzzy) <= 3 and len(fresh._keys) <= 5
    assert 0 < len(searched) < 12  # some answers came from the memo, the ones it had let go were searched again


def test_states_demonyms_and_codes(actors):
    assert actors.state("jpn").name == "Japan"
    assert actors.state_by_name("Japanese").id == "JPN"
    assert actors.state_by_name("the U.K.").id == "GBR"
    assert actors.state_by_name("DPRK").id == "PRK"
    assert actors.state_by_name("Russian Federation").id == "RUS"
    assert actors.by_id("sergei_shoigu").code == "RUSMIL"
    assert actors.by_id("fumio_kishida").code == "JPNGOV"
    assert actors.by_id("federica_mogherini").code in {"ITAGOV", "IGOEUREEC"}


def test_organisations(actors):
    for alias, expected in [("UN", "un"), ("UNODC", "unodc"), ("Association of Southeast Asian Nations", "asean"),
                            ("East Asia Summit", "east_asia_summit"), ("G-20", "g20"), ("NATO", "nato")]:
        assert expected in [a.id for a in actors.exact(alias)], alias
    assert actors.by_id("nato").code == "IGOWSTNAT"


def test_metonyms(actors):
    assert [(m.country, m.sector) for m in actors.metonym("Moscow")] == [("RUS", "GOV")]
    assert actors.metonym("the Pentagon")[0].code == "USAMIL"
    assert actors.metonym("Kremlin")[0].code == "RUSGOV"
    assert actors.metonym("Tokyo")[0].country == "JPN"


def test_places_record_who_uses_which_name(actors):
    for name, user in [("Northern Territories", "JPN"), ("Kurils", "RUS"), ("Southern Kuriles", "RUS")]:
        [(place, users)] = actors.place(name)
        assert place.id == "kuril_islands" and user in users
    assert actors.place("Diaoyu Islands")[0][1] == ["CHN"]
    assert actors.place("Malvinas")[0][0].id == "falkland_islands"
    assert actors.by_id("kuril_islands").contested


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (",Nobody,JPN,GOV,Minister,foreign_minister,2001-01-01,,,src", "id is missing"),
        ("nobody,Nobody,XXX,GOV,Minister,foreign_minister,2001-01-01,,,src", "alpha-3"),
        ("nobody,Nobody,JPN,GOV,Minister,foreign_minister,2001-01-01,2000-01-01,,src", "before start"),
        ("nobody,Nobody,JPN,DIP,Minister,foreign_minister,2001-01-01,,,src", "unknown sector"),
        ("nobody,Nobody,JPN,GOV,Minister,wizard,2001-01-01,,,src", "unknown role_key"),
        ("nobody,Nobody,JPN,GOV,Minister,foreign_minister,1 May 2001,,,src", "ISO date"),
        ("nobody,Nobody,JPN,GOV,Minister,foreign_minister,2001-01-01,,,", "source is missing"),
        ("Nobody Here,Nobody,JPN,GOV,Minister,foreign_minister,2001-01-01,,,src", "snake_case"),
    ],
)
def test_broken_rows_name_file_line_and_problem(tmp_path, row, message):
    path = tmp_path / "people.csv"
    path.write_text(HEADER + "ok_person,Ok,JPN,GOV,Minister,foreign_minister,2001-01-01,,,src\n" + row + "\n")
    with pytest.raises(DataFileError) as info:
        import_csv_actors(path)
    assert f"{path}, line 3" in str(info.value)
    assert message in str(info.value)


def test_missing_column_is_reported(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("id,name\nx,X\n")
    with pytest.raises(DataFileError, match="lacks the column"):
        import_csv_actors(path)


def test_a_regnal_number_or_suffix_is_no_surname() -> None:
    from dyad.actors.names import surname

    assert surname("Elizabeth II") == "Elizabeth"
    assert surname("Teodoro Locsin Jr.") == "Locsin"
    assert surname("Sergei Lavrov") == "Lavrov"
    assert surname("Frederik X") == "Frederik" and surname("Pope Leo XIV") == "Leo"
    assert surname("Ivan") == "Ivan"  # near miss: a one-word name stays itself
    assert not load_dictionary().surnames("I")
    assert not load_dictionary().surnames("X")  # the platform, not King Frederik X


def test_armed_groups_and_peoples_of_one_state_stand_for_it() -> None:
    dictionary = load_dictionary()
    for name, country in [("Revolutionary United Front", "SLE"), ("RUF", "SLE"), ("CNDD-FDD", "BDI"),
                          ("Forces for Defence of Democracy", "BDI"), ("Moro Islamic Liberation Front", "PHL"),
                          ("Lord's Resistance Army", "UGA"), ("ELN", "COL")]:
        assert [a.country for a in dictionary.exact(name)] == [country], name
    assert dictionary.state_by_name("Yoruba").id == "NGA"
    assert dictionary.state_by_name("Ibo").id == "NGA"
    assert dictionary.state_by_name("Chechens").id == "RUS"
    assert not dictionary.exact("FDD")  # near miss: also a Washington think tank
    assert not dictionary.exact("National Liberation Army")  # near miss: Colombia's, and Macedonia's in 2001


def test_a_states_own_bodies_are_its_sectors() -> None:
    dictionary = load_dictionary()
    assert [(a.id, a.country, a.code) for a in dictionary.exact("People's Liberation Army")] == [
        ("pla", "CHN", "CHNMIL")]
    assert [a.code for a in dictionary.exact("KCNA")] == ["PRKMED"]
    assert not dictionary.exact("MENA")  # near miss: the region, not Egypt's agency
