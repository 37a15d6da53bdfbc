"""The bundled CAMEO ontology: the file validates, holds known facts, and bad rows are refused."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dyad.errors import DataFileError
from dyad.extract.events.cameo import (
    COLUMNS,
    DATA_FILE,
    PLOVER_TYPES,
    CameoCode,
    load_cameo,
    quad_class_of,
    read_cameo,
)


@pytest.fixture(scope="module")
def cameo():
    return load_cameo()


def test_file_loads_with_every_code(cameo):
    assert len(cameo) == 311
    levels = [item.level for item in cameo]
    assert (levels.count("root"), levels.count("base"), levels.count("sub")) == (20, 147, 144)
    assert load_cameo() is cameo


def test_file_is_documented():
    doc = DATA_FILE.with_name("cameo.md").read_text(encoding="utf-8")
    for column in COLUMNS:
        assert f"`{column}`" in doc, f"column {column} is not documented in cameo.md"


def test_exactly_twenty_roots_in_order(cameo):
    assert [root.code for root in cameo.roots()] == [f"{n:02d}" for n in range(1, 21)]


def test_every_code_has_its_root_and_parent(cameo):
    for item in cameo:
        assert item.root == item.code[:2]
        assert cameo.root_of(item.code).code == item.root
        if item.parent is not None:
            assert item.parent in cameo


@pytest.mark.parametrize(
    "root, quad",
    [("01", 1), ("05", 1), ("06", 2), ("08", 2), ("09", 3), ("13", 3), ("14", 4), ("20", 4)],
)
def test_quad_class_boundaries(root, quad):
    assert quad_class_of(root) == quad


def test_every_quad_class_matches_its_root_range(cameo):
    for item in cameo:
        root = int(item.root)
        expected = 1 if root <= 5 else 2 if root <= 8 else 3 if root <= 13 else 4
        assert item.quad_class == expected, item.code


def test_every_code_has_a_goldstein_score_in_range(cameo):
    for item in cameo:
        assert -10.0 <= item.goldstein <= 10.0


def test_plover_types_are_known_and_missing_only_for_statements_and_appeals(cameo):
    for item in cameo:
        if item.root in ("01", "02"):
            assert item.plover is None, item.code
        else:
            assert item.plover in PLOVER_TYPES, item.code


# Checked against GDELT's CAMEO.eventcodes.txt and CAMEO.goldsteinscale.txt.
@pytest.mark.parametrize(
    "code, name, goldstein",
    [
        ("036", "Express intent to meet or negotiate", 4.0),
        ("042", "Make a visit", 1.9),
        ("043", "Host a visit", 2.8),
        ("044", "Meet at a 'third' location", 2.5),
        ("046", "Engage in negotiation", 7.0),
        ("057", "Sign formal agreement", 8.0),
        ("0874", "Retreat or surrender militarily", 10.0),
        ("106", "Demand meeting, negotiation", -5.0),
        ("111", "Criticize or denounce", -2.0),
        ("112", "Accuse", -2.0),
        ("1123", "Accuse of aggression", -2.0),
        ("130", "Threaten", -4.4),
        ("163", "Impose embargo, boycott, or sanctions", -8.0),
        ("190", "Use conventional military force", -10.0),
        ("2041", "Use chemical, biological, or radiological weapons", -10.0),
    ],
)
def test_known_names_and_scores(cameo, code, name, goldstein):
    item = cameo.get(code)
    assert item is not None
    assert (item.name, item.goldstein) == (name, goldstein)


# Checked against openeventdata/PLOVER CAMEO2PLOVER-2021.txt.
@pytest.mark.parametrize(
    "code, plover",
    [
        ("036", "AGREE"),
        ("042", "CONSULT"),
        ("046", "CONSULT"),
        ("057", "SUPPORT"),
        ("0813", "RETREAT"),
        ("083", "CONCEDE"),
        ("091", "ACCUSE"),
        ("106", "REQUEST"),
        ("112", "ACCUSE"),
        ("125", "REJECT"),
        ("138", "THREATEN"),
        ("154", "MOBILIZE"),
        ("163", "COERCE"),
        ("1712", "ASSAULT"),
        ("175", "ASSAULT"),
        ("191", "COERCE"),
        ("190", "ASSAULT"),
    ],
)
def test_plover_mapping(cameo, code, plover):
    assert cameo[code].plover == plover


def test_lookups(cameo):
    assert cameo.get("42") is None and cameo.get("999") is None
    assert "042" in cameo and 42 not in cameo
    assert cameo.root_of("1123").name == "Disapprove"
    assert [child.code for child in cameo.children("112")] == [
        "1121",
        "1122",
        "1123",
        "1124",
        "1125",
    ]
    assert cameo.children("1123") == []
    assert [child.code for child in cameo.children("04")] == [
        "040",
        "041",
        "042",
        "043",
        "044",
        "045",
        "046",
    ]
    assert isinstance(cameo["190"], CameoCode) and cameo["190"].parent == "19"


def test_unknown_code_raises_key_error(cameo):
    with pytest.raises(KeyError, match="leading zeros"):
        cameo["42"]
    with pytest.raises(KeyError):
        cameo.root_of("999")
    with pytest.raises(KeyError):
        cameo.children("0999")


GOOD = {
    "11": "11,Disapprove,11,root,-2.0,3,ACCUSE,0,0",
    "112": "112,Accuse,11,base,-2.0,3,ACCUSE,0,0",
}
HEADER = ",".join(COLUMNS)


def _write(tmp_path: Path, *lines: str) -> Path:
    path = tmp_path / "cameo.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return path


def test_good_small_file_reads(tmp_path):
    ontology = read_cameo(_write(tmp_path, *GOOD.values()))
    assert [item.code for item in ontology] == ["11", "112"]


@pytest.mark.parametrize(
    "row, message",
    [
        ("1x2,Accuse,11,base,-2.0,3,ACCUSE,0,0", "is not 2 to 4 digits"),
        ("11234,Accuse,11,base,-2.0,3,ACCUSE,0,0", "is not 2 to 4 digits"),
        ("212,Accuse,21,base,-2.0,3,ACCUSE,0,0", "is not 2 to 4 digits"),
        ("112,Accuse,12,base,-2.0,3,ACCUSE,0,0", "not the first two digits"),
        ("112,Accuse,11,sub,-2.0,3,ACCUSE,0,0", "should be 'base'"),
        ("112,,11,base,-2.0,3,ACCUSE,0,0", "name is missing"),
        ("112,Accuse,11,base,-12.0,3,ACCUSE,0,0", "outside the scale's range"),
        ("112,Accuse,11,base,nan,3,ACCUSE,0,0", "outside the scale's range"),
        ("112,Accuse,11,base,minus two,3,ACCUSE,0,0", "is not a number"),
        ("112,Accuse,11,base,-2.0,4,ACCUSE,0,0", "should be 3 for root 11"),
        ("112,Accuse,11,base,-2.0,3,DISAPPROVE,0,0", "is not a PLOVER event type"),
        ("112,Accuse,11,base,-2.0,3,,0,0", "plover type is missing"),
        ("112,Accuse,11,base,-2.0,3,ACCUSE,yes,0", "is not 0 or 1"),
        ("112,Accuse,11,base,-2.0,3,ACCUSE,0", "wrong number of fields"),
    ],
)
def test_malformed_row_is_refused(tmp_path, row, message):
    path = _write(tmp_path, GOOD["11"], row)
    with pytest.raises(DataFileError, match=message) as info:
        read_cameo(path)
    assert info.value.path == f"{path}, line 3"


def test_duplicate_code_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="already appears on line 3"):
        read_cameo(_write(tmp_path, GOOD["11"], GOOD["112"], GOOD["112"]))


def test_orphan_code_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="no parent row '11'"):
        read_cameo(_write(tmp_path, GOOD["112"]))


def test_inherited_value_must_match_parent(tmp_path):
    row = "112,Accuse,11,base,-3.0,3,ACCUSE,0,1"
    with pytest.raises(DataFileError, match="goldstein is marked inherited"):
        read_cameo(_write(tmp_path, GOOD["11"], row))
    row = "112,Accuse,11,base,-2.0,3,REJECT,1,0"
    with pytest.raises(DataFileError, match="plover is marked inherited"):
        read_cameo(_write(tmp_path, GOOD["11"], row))


def test_missing_column_is_refused(tmp_path):
    path = tmp_path / "cameo.csv"
    path.write_text("code,name,root\n01,Make public statement,01\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="lacks the column"):
        read_cameo(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(DataFileError, match="cannot be read"):
        read_cameo(tmp_path / "absent.csv")


def test_bundled_file_is_sorted_and_keeps_leading_zeros():
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        codes = [row["code"] for row in csv.DictReader(handle)]
    assert codes == sorted(codes)
    assert codes[:3] == ["01", "010", "011"]


@pytest.mark.parametrize(
    ("code", "plover"),
    [
        ("010", None),  # statements have no PLOVER category
        ("020", "DEMAND"),
        ("036", "AGREE"),
        ("057", "SUPPORT"),
        ("0841", "RETREAT"),
        ("081", "CONCEDE"),
        ("112", "DISAPPROVE"),
        ("1823", "ASSAULT"),
        ("195", "FIGHT"),
        ("202", "FIGHT"),
    ],
)
def test_codes_map_to_plover_05(code, plover):
    from dyad.extract.events.cameo import plover_05

    assert plover_05(code) == plover


def test_every_root_but_statements_has_a_plover_05_category(cameo):
    from dyad.extract.events.cameo import load_plover_05, plover_05

    assert all(plover_05(item.code) for item in cameo if item.root != "01")
    assert all(prefix in cameo for prefix in load_plover_05())


def test_plover_05_table_refuses_unknown_category(tmp_path):
    from dyad.extract.events.cameo import read_plover_05

    bad = tmp_path / "bad.csv"
    bad.write_text("prefix,plover,note\n19,BATTLE,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="line 2"):
        read_plover_05(bad)
