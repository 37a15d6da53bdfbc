"""Read and validate the actor data files in `dyad/data/actors/`.

Every reader checks its rows and raises DataFileError naming the file, the
line and what is wrong, so a broken edit is caught by the test that loads
every file rather than by a wrong resolution weeks later. The column formats
are documented in `data/actors/README.md`.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path

import pycountry

from dyad.data import read_csv_rows
from dyad.errors import DataFileError

from .records import Actor, Role, cameo_code

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
PEOPLE_COLUMNS = (
    "id", "name", "country", "sector", "role", "role_key", "start", "end", "aliases", "source",
)
_ID = re.compile(r"^[a-z0-9]+(?:_[a-z0-9]+)*$")


class RowError(ValueError):
    """Say what is wrong with one row; the reader adds file and line."""


read_rows = read_csv_rows  # the one CSV reader of bundled data files


def checked(path: Path, line: int, func, *args):  # type: ignore[no-untyped-def]
    """Run a row parser, turning its RowError into a DataFileError naming file and line."""
    try:
        return func(*args)
    except RowError as exc:
        raise DataFileError(f"{path}, line {line}", str(exc)) from exc


def split_list(value: str) -> list[str]:
    """Split a semicolon-separated cell into its non-empty items."""
    return [item.strip() for item in value.split(";") if item.strip()]


def parse_date(value: str, column: str) -> date | None:
    """Parse an ISO date cell; empty means open."""
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise RowError(f"{column} '{value}' is not an ISO date (YYYY-MM-DD)") from exc


@lru_cache(maxsize=1)
def alpha3_codes() -> frozenset[str]:
    """Return every ISO 3166 alpha-3 code pycountry knows."""
    return frozenset(country.alpha_3 for country in pycountry.countries)


def check_country(value: str, column: str = "country", extra: frozenset[str] = frozenset()) -> str:
    """Check an ISO alpha-3 code (or one of `extra`) and return it."""
    if value not in alpha3_codes() and value not in extra:
        raise RowError(f"{column} '{value}' is not an ISO 3166 alpha-3 code")
    return value


def check_id(value: str) -> str:
    """Check a snake_case id and return it."""
    if not value:
        raise RowError("the id is missing")
    if not _ID.match(value):
        raise RowError(f"id '{value}' is not snake_case (a-z, 0-9 and single underscores)")
    return value


@lru_cache(maxsize=1)
def load_sectors() -> dict[str, str]:
    """Read sectors.csv: CAMEO sector code -> name."""
    path = DATA_DIR / "sectors.csv"
    sectors: dict[str, str] = {}
    for line, row in read_rows(path, ("code", "name", "description", "source")):
        if not re.fullmatch(r"[A-Z]{3}", row["code"]):
            raise DataFileError(f"{path}, line {line}", f"code '{row['code']}' is not three capitals")
        sectors[row["code"]] = row["name"]
    return sectors


@lru_cache(maxsize=1)
def load_roles() -> dict[str, str]:
    """Read roles.csv: role key -> the sector its holders belong to."""
    path = DATA_DIR / "roles.csv"
    roles: dict[str, str] = {}
    sectors = load_sectors()
    for line, row in read_rows(path, ("role_key", "sector", "description", "source")):
        key = checked(path, line, check_id, row["role_key"])
        if row["sector"] not in sectors:
            raise DataFileError(f"{path}, line {line}", f"unknown sector '{row['sector']}'")
        roles[key] = row["sector"]
    return roles


# Countries whose people carry two surnames, father's then mother's ("López
# Obrador"), and are called by both without the given names.
TWO_SURNAMES = frozenset({
    "ARG", "BOL", "CHL", "COL", "CRI", "CUB", "DOM", "ECU", "ESP", "GNQ", "GTM", "HND", "MEX", "NIC",
    "PAN", "PER", "PRI", "PRY", "SLV", "URY", "VEN",
})


def person_from_row(row: dict[str, str], org_codes: dict[str, str]) -> Actor:
    """Build a one-role person Actor from a people.csv row, checking every cell."""
    actor_id = check_id(row["id"])
    if not row["name"]:
        raise RowError("the name is missing")
    country = check_country(row["country"], extra=frozenset(org_codes))
    sector = row["sector"]
    if sector not in load_sectors():
        raise RowError(f"unknown sector '{sector}' (see sectors.csv)")
    keys = split_list(row["role_key"])
    if not keys:
        raise RowError("the role_key is missing")
    for key in keys:
        if key not in load_roles():
            raise RowError(f"unknown role_key '{key}' (see roles.csv)")
    start, end = parse_date(row["start"], "start"), parse_date(row["end"], "end")
    if start and end and end < start:
        raise RowError(f"end {end} is before start {start}")
    if not row["source"]:
        raise RowError("the source is missing")
    roles = [Role(row["role"], key, country, sector, start, end, row["source"]) for key in keys]
    is_org = country in org_codes
    aliases = split_list(row["aliases"])
    words = row["name"].split()
    if country in TWO_SURNAMES and len(words) >= 3:  # "Andrés Manuel López Obrador" is "López Obrador"
        aliases.append(" ".join(words[-2:]))
    return Actor(
        id=actor_id, name=row["name"], kind="person",
        country=None if is_org else country, sector=sector,
        code=org_codes[country] if is_org else cameo_code(country, sector),
        roles=roles, aliases=aliases, sources=[row["source"]],
    )


def read_people(path: Path, org_codes: dict[str, str]) -> list[Actor]:
    """Read a people file (people.csv or a user CSV in the same format)."""
    return [
        checked(path, line, person_from_row, row, org_codes)
        for line, row in read_rows(path, PEOPLE_COLUMNS)
    ]


def read_organisations(path: Path) -> list[Actor]:
    """Read organisations.csv into organisation actors."""
    actors = []
    for line, row in read_rows(path, ("id", "name", "code", "kind", "aliases", "source")):
        checked(path, line, check_id, row["id"])
        if not re.fullmatch(r"[A-Z]{3,}", row["code"]):
            raise DataFileError(f"{path}, line {line}", f"code '{row['code']}' is not CAMEO-style")
        if row["kind"] not in {"igo", "ngo", "mnc", "group", "body"}:
            raise DataFileError(f"{path}, line {line}", f"kind '{row['kind']}' is not igo, ngo, mnc, group or body")
        # a group is a movement, party or armed group of one country ("Hamas": PSE, INS); a body
        # is a state's own (its armed forces, intelligence service, state news agency: CHN, MIL)
        country = checked(path, line, check_country, row["country"]) if row.get("country") else None
        actors.append(Actor(
            id=row["id"], name=row["name"], kind="organisation", country=country,
            sector=row["code"][3:6] if country else row["code"][:3],
            code=row["code"], aliases=split_list(row["aliases"]), sources=[row["source"]],
        ))
    return actors


def read_demonyms(path: Path) -> dict[str, list[str]]:
    """Read demonyms.csv: alpha-3 -> extra names and demonyms."""
    names: dict[str, list[str]] = {}
    for line, row in read_rows(path, ("country", "names", "source")):
        code = checked(path, line, check_country, row["country"])
        names.setdefault(code, []).extend(split_list(row["names"]))
    return names


def read_honorifics(path: Path) -> list[str]:
    """Read honorifics.csv: titles stripped before lookup, already normalised."""
    from .names import normalise

    return [normalise(row["title"]) for _, row in read_rows(path, ("title", "kind", "source"))]


def state_actors(demonyms: dict[str, list[str]]) -> list[Actor]:
    """Build one state actor per pycountry country, with demonyms from demonyms.csv.

    The display name is ISO's common name where it has one ("Taiwan", "Iran"),
    not its formal list name ("Taiwan, Province of China").
    """
    actors = []
    for country in pycountry.countries:
        names: list[str] = []
        for attr in ("common_name", "name", "official_name"):
            value = getattr(country, attr, None)
            if value and value not in names:
                names.append(value)
        names += [name for name in demonyms.get(country.alpha_3, []) if name not in names]
        actors.append(Actor(
            id=country.alpha_3, name=names[0], kind="state", country=country.alpha_3,
            code=country.alpha_3, aliases=names[1:], sources=["ISO 3166 via pycountry"],
        ))
    return actors


def read_metonyms(path: Path) -> dict[str, list[tuple[str, str, str]]]:
    """Read metonyms.csv: word -> [(country, sector, note)]."""
    found: dict[str, list[tuple[str, str, str]]] = {}
    sectors = load_sectors()
    for line, row in read_rows(path, ("word", "country", "sector", "note", "source")):
        if not row["word"]:
            raise DataFileError(f"{path}, line {line}", "the word is missing")
        code = checked(path, line, check_country, row["country"])
        if row["sector"] not in sectors:
            raise DataFileError(f"{path}, line {line}", f"unknown sector '{row['sector']}'")
        found.setdefault(row["word"], []).append((code, row["sector"], row["note"]))
    return found


def place_from_row(row: dict[str, str]) -> Actor:
    """Build a place actor from a places.csv row."""
    place_id = check_id(row["id"])
    country = check_country(row["country"]) if row["country"] else None
    claimants = [check_country(code, "claimants") for code in split_list(row["claimants"])]
    if row["contested"] not in {"true", "false"}:
        raise RowError(f"contested '{row['contested']}' is not true or false")
    return Actor(
        id=place_id, name=row["name"], kind="place", country=country,
        contested=row["contested"] == "true", sources=[row["source"]],
        claimants=claimants,
    )


def read_places(places: Path, names: Path) -> list[Actor]:
    """Read places.csv and place_names.csv into place actors with names by user."""
    columns = ("id", "name", "country", "kind", "contested", "claimants", "note", "source")
    actors = {
        actor.id: actor
        for actor in (checked(places, line, place_from_row, row) for line, row in read_rows(places, columns))
    }
    for line, row in read_rows(names, ("place_id", "name", "used_by", "note", "source")):
        actor = actors.get(row["place_id"])
        if actor is None:
            raise DataFileError(f"{names}, line {line}", f"unknown place_id '{row['place_id']}'")
        users = [checked(names, line, check_country, code, "used_by") for code in split_list(row["used_by"])]
        if not row["name"]:
            raise DataFileError(f"{names}, line {line}", "the name is missing")
        actor.names_by_user[row["name"]] = users
        if row["name"] != actor.name and row["name"] not in actor.aliases:
            actor.aliases.append(row["name"])
    return list(actors.values())
