"""Where a GDELT row's event took place: the meeting's place, else the report's dateline city.

GDELT's geography columns (Type, FullName, CountryCode, ADM1Code, ADM2Code,
Lat, Long, FeatureID) are filled from the bundled gazetteer's points
(`data/gazetteer_points.csv`, the rows of `data/gazetteer.csv`, GeoNames): a city gets its point, its first-level
division ("JA40") and its GeoNames id; a country (a meeting placed only "in
Russia") gets type 1 and its FIPS code as ADM1Code and FeatureID, as GDELT
writes country-level rows, and no point, since GeoNames gives none. Country
codes are FIPS 10-4, as in GDELT, not the ISO codes of the actor columns.

An event is placed at a meeting its document reports as held, on a date that
agrees with the event's, when the meeting's evidence holds the event's, or
when the document reports one placed meeting on the event's own day; both actors were there, so the actor
columns get the place too. Otherwise the dateline city, where the report was
filed, places the action only. Nothing is guessed beyond that.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from dyad.data import read_csv_rows
from dyad.extract.meetings.meeting_places import Place, dateline_city, gazetteer, name_key
from dyad.link.stories import date_span
from dyad.model import Document, Meeting

GDELT_US = "US"  # GDELT's types 2 and 3 are for places in the United States


@dataclass(frozen=True)
class GeoPoint:
    """One place in GDELT's terms."""

    type: int  # 1 country, 3 US city, 4 world city
    full_name: str
    country: str  # FIPS 10-4
    adm1: str
    lat: str
    long: str
    feature: str

    def columns(self, prefix: str) -> dict[str, str]:
        """Fill the eight geography columns of one slot (`Actor1Geo_`, `ActionGeo_` …)."""
        return {f"{prefix}Type": str(self.type), f"{prefix}FullName": self.full_name,
                f"{prefix}CountryCode": self.country, f"{prefix}ADM1Code": self.adm1,
                f"{prefix}Lat": self.lat, f"{prefix}Long": self.long, f"{prefix}FeatureID": self.feature}


@cache
def _points() -> dict[tuple[str, str, str], dict[str, str]]:
    """Load the gazetteer's FIPS codes and points by (name, kind, country)."""
    path = Path(str(resources.files("dyad.data").joinpath("gazetteer_points.csv")))
    wanted = ("name", "kind", "country", "fips", "lat", "long", "adm1", "geonameid")
    return {(row["name"], row["kind"], row["country"]): row for _, row in read_csv_rows(path, wanted)}


@cache
def _country_names() -> dict[str, str]:
    """Name each country as GeoNames does ("Russia", not "Russian Federation"), by alpha-3 code."""
    names: dict[str, str] = {}
    for (name, kind, country), _ in _points().items():
        if kind == "country":
            names.setdefault(country, name)
    return names


def geo_point(place: Place) -> GeoPoint | None:
    """Turn a gazetteer place into GDELT's geography, or None when the gazetteer has no row for it."""
    row = _points().get((place.name, place.kind, place.country))
    if row is None or not row["fips"]:
        return None
    country_name = _country_names().get(place.country, place.country)
    if not place.is_city:
        return GeoPoint(1, country_name, row["fips"], row["fips"], "", "", row["fips"])
    kind = 3 if row["fips"] == GDELT_US else 4
    return GeoPoint(kind, f"{place.name}, {country_name}", row["fips"], row["adm1"], row["lat"], row["long"],
                    row["geonameid"])


def named_place(name: str | None) -> Place | None:
    """Find a stored place name ("Tokyo", "Russia") in the gazetteer, as the meeting stage did."""
    return gazetteer().get(name_key(name)) if name else None


def place_event(event: dict[str, Any], doc: Document, held: Sequence[Meeting]) -> tuple[GeoPoint | None, bool]:
    """Say where an event took place, and whether its actors were there (a meeting) or only the report's dateline."""
    meeting = _meeting_of(event, held)
    place = named_place(meeting.place) if meeting is not None else None
    point = geo_point(place) if place is not None else None
    if point is not None:
        return point, True
    city = dateline_city(doc.text)
    return (geo_point(city) if city else None), False


def _meeting_of(event: dict[str, Any], held: Sequence[Meeting]) -> Meeting | None:
    """Pick the held meeting an event belongs to: its evidence holds the event's, or the only one on its day."""
    day = date_span(event.get("date"))
    placed = [m for m in held if named_place(m.place) is not None and _agree(day, date_span(m.date))]
    around = [m for m in placed if m.start <= event["start"] < m.end or event["start"] <= m.start < event["end"]]
    if around:
        return around[0]
    same_day = [m for m in placed if event.get("date") and m.date == event["date"] and len(m.date or "") == 10]
    return same_day[0] if len(same_day) == 1 else None


def _agree(a: tuple[date, date] | None, b: tuple[date, date] | None) -> bool:
    """Tell whether two dates could be one (their periods overlap); an unknown date agrees with any."""
    return a is None or b is None or (a[0] <= b[1] and b[0] <= a[1])
