"""The GDELT export read back against the GDELT 2.0 event codebook, column by column, for every row.

The codebook's 61 columns are written here as (name, check) pairs, from the
codebook's descriptions (not from the exporter's code): dates as YYYYMMDD,
YYYYMM, YYYY and YYYY.FFFF that agree; CAMEO codes that nest; FIPS 10-4
country codes and points in range for the geography; an absolute SOURCEURL.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import datetime

import pytest

from dyad.export import export
from dyad.export.gdelt import COLUMNS
from dyad.extract.events.cameo import load_cameo
from dyad.store import Store
from web_stores import SEEDS, seeds_db

pytestmark = pytest.mark.skipif(not SEEDS.is_dir(), reason=f"the seed corpus is not at {SEEDS}")
Check = Callable[[str, dict[str, str]], bool]


def _blank_or(pattern: str) -> Check:
    return lambda value, _row: value == "" or re.fullmatch(pattern, value) is not None


def _number(low: float, high: float, blank: bool = True) -> Check:
    def check(value: str, _row: dict[str, str]) -> bool:
        if value == "":
            return blank
        try:
            return low <= float(value) <= high
        except ValueError:
            return False
    return check


def _day(value: str, _row: dict[str, str]) -> bool:
    try:
        return datetime.strptime(value, "%Y%m%d").strftime("%Y%m%d") == value
    except ValueError:
        return False


def _fraction(value: str, row: dict[str, str]) -> bool:
    if not re.fullmatch(r"\d{4}\.\d{4}", value) or not _day(row["SQLDATE"], row):
        return False
    day = datetime.strptime(row["SQLDATE"], "%Y%m%d")
    return value[:4] == row["Year"] and abs(float(value) - (day.year + day.timetuple().tm_yday / 365)) < 0.0031


def _count(value: str, _row: dict[str, str]) -> bool:
    return value.isdigit() and int(value) >= 1


def _actor(slot: str) -> list[tuple[str, Check]]:
    return [
        (f"{slot}Code", _blank_or(r"[A-Z]{3}[A-Z0-9]*")),
        (f"{slot}Name", lambda v, _r: v == v.upper() and "\t" not in v),
        (f"{slot}CountryCode", _blank_or(r"[A-Z]{3}")),
        (f"{slot}KnownGroupCode", _blank_or(r"[A-Z]{3}")),
        (f"{slot}EthnicCode", _blank_or(r"[a-z]{3}")),
        (f"{slot}Religion1Code", _blank_or(r"[A-Z]{3}")),
        (f"{slot}Religion2Code", _blank_or(r"[A-Z]{3}")),
        (f"{slot}Type1Code", _blank_or(r"[A-Z]{3}")),
        (f"{slot}Type2Code", _blank_or(r"[A-Z]{3}")),
        (f"{slot}Type3Code", _blank_or(r"[A-Z]{3}")),
    ]


def _geo(slot: str) -> list[tuple[str, Check]]:
    def placed(v: str, r: dict[str, str]) -> bool:  # a typed place has a name and a country
        return v == "" or (v in "12345" and bool(r[f"{slot}FullName"]) and bool(r[f"{slot}CountryCode"]))

    def point(v: str, r: dict[str, str]) -> bool:  # a city (types 3, 4) has its point
        return r[f"{slot}Type"] not in ("3", "4") or v != ""

    return [
        (f"{slot}Type", placed),
        (f"{slot}FullName", lambda v, _r: "\t" not in v),
        (f"{slot}CountryCode", _blank_or(r"[A-Z]{2}")),
        (f"{slot}ADM1Code", lambda v, r: v == "" or (v[:2] == r[f"{slot}CountryCode"] and v.isalnum())),
        (f"{slot}ADM2Code", _blank_or(r"[A-Za-z0-9]+")),
        (f"{slot}Lat", lambda v, r: _number(-90, 90)(v, r) and point(v, r)),
        (f"{slot}Long", lambda v, r: _number(-180, 180)(v, r) and point(v, r)),
        (f"{slot}FeatureID", _blank_or(r"-?[A-Za-z0-9]+")),
    ]


CAMEO = {code.code for code in load_cameo()}
CODEBOOK: list[tuple[str, Check]] = [
    ("GLOBALEVENTID", lambda v, _r: v.isdigit() and 0 < int(v) < 2**63),
    ("SQLDATE", _day),
    ("MonthYear", lambda v, r: re.fullmatch(r"\d{6}", v) is not None and v == r["SQLDATE"][:6]),
    ("Year", lambda v, r: re.fullmatch(r"\d{4}", v) is not None and v == r["SQLDATE"][:4]),
    ("FractionDate", _fraction),
    *_actor("Actor1"),
    *_actor("Actor2"),
    ("IsRootEvent", lambda v, _r: v in ("0", "1")),
    ("EventCode", lambda v, _r: v in CAMEO),
    ("EventBaseCode", lambda v, r: v == r["EventCode"][:3]),
    ("EventRootCode", lambda v, r: v == r["EventCode"][:2]),
    ("QuadClass", lambda v, _r: v in ("1", "2", "3", "4")),
    ("GoldsteinScale", _number(-10, 10, blank=False)),
    ("NumMentions", _count),
    ("NumSources", lambda v, r: _count(v, r) and int(v) <= int(r["NumArticles"])),
    ("NumArticles", _count),
    ("AvgTone", _number(-100, 100)),
    *_geo("Actor1Geo_"),
    *_geo("Actor2Geo_"),
    *_geo("ActionGeo_"),
    ("DATEADDED", lambda v, _r: re.fullmatch(r"\d{14}", v) is not None and bool(datetime.strptime(v, "%Y%m%d%H%M%S"))),
    ("SOURCEURL", lambda v, _r: re.fullmatch(r"(https?://[^/\s]+|file://)/\S*", v) is not None),
]


@pytest.fixture(scope="module")
def rows() -> list[list[str]]:
    out = io.StringIO()
    with Store.open(seeds_db(), readonly=True) as store:
        export(store, "gdelt", out)
    return [line.split("\t") for line in out.getvalue().splitlines()]


def test_the_codebook_has_61_columns_in_the_exporters_order() -> None:
    assert len(CODEBOOK) == 61 and [name for name, _ in CODEBOOK] == list(COLUMNS)


def test_every_row_passes_every_column(rows: list[list[str]]) -> None:
    assert rows
    failures = []
    for n, cells in enumerate(rows, 1):
        assert len(cells) == 61, f"row {n} has {len(cells)} columns"
        row = dict(zip(COLUMNS, cells, strict=True))
        failures += [f"row {n} {name}={row[name]!r}" for name, check in CODEBOOK if not check(row[name], row)]
    assert not failures, failures[:20]
    assert len({cells[0] for cells in rows}) == len(rows)  # GLOBALEVENTID is unique


def test_rows_are_placed_by_meetings_and_datelines(rows: list[list[str]]) -> None:
    found = [dict(zip(COLUMNS, cells, strict=True)) for cells in rows]
    placed = [r for r in found if r["ActionGeo_Type"]]
    assert len(placed) >= len(found) // 2
    # At a meeting both actors were there; a dateline places the action only.
    assert any(r["Actor1Geo_FullName"] == r["ActionGeo_FullName"] != "" for r in found)
    assert any(r["ActionGeo_Type"] and not r["Actor1Geo_Type"] for r in found)
    assert {r["ActionGeo_FullName"] for r in placed} <= {"Tokyo, Japan", "Moscow, Russia", "Russia"}
