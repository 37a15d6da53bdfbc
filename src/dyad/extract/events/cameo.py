"""The CAMEO event ontology: codes, names, Goldstein scores, quad classes, PLOVER types.

The facts live in `dyad/data/cameo.csv` (columns and sources in `data/cameo.md`).
`load_cameo()` reads it once per process and checks every row, so a broken edit
fails the test that loads the file instead of giving events a wrong score.

    >>> cameo = load_cameo()
    >>> cameo.get("112").plover
    'ACCUSE'
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from dyad.data import read_csv_rows
from dyad.errors import DataFileError

DATA_FILE = Path(str(resources.files("dyad.data").joinpath("cameo.csv")))
COLUMNS = (
    "code",
    "name",
    "root",
    "level",
    "goldstein",
    "quad_class",
    "plover",
    "plover_inherited",
    "goldstein_inherited",
)
LEVELS = {2: "root", 3: "base", 4: "sub"}
QUAD_CLASSES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}
# The event types of PLOVER draft 0.8 (openeventdata/PLOVER, CAMEO2PLOVER-2021.txt).
PLOVER_TYPES = frozenset(
    {
        "AGREE",
        "CONSULT",
        "SUPPORT",
        "CONCEDE",
        "COOPERATE",
        "AID",
        "RETREAT",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "MOBILIZE",
        "COERCE",
        "ASSAULT",
    }
)
# PLOVER dropped CAMEO's statements (01) and appeals (02): only they may lack a type.
NO_PLOVER_ROOTS = frozenset({"01", "02"})
_CODE = re.compile(r"(0[1-9]|1[0-9]|20)[0-9]{0,2}")


class RowError(ValueError):
    """Say what is wrong with one row; the reader adds file and line."""


def quad_class_of(root: str) -> int:
    """Return the GDELT quad class of a two-digit root: 01–05, 06–08, 09–13, 14–20."""
    number = int(root)
    if not 1 <= number <= 20:
        raise ValueError(f"'{root}' is not a CAMEO root (01 to 20)")
    return 1 if number <= 5 else 2 if number <= 8 else 3 if number <= 13 else 4


@dataclass(frozen=True, slots=True)
class CameoCode:
    """One CAMEO event code with its scores and its PLOVER type (None for roots 01, 02)."""

    code: str
    name: str
    root: str
    level: str
    goldstein: float
    quad_class: int
    plover: str | None
    plover_inherited: bool = False
    goldstein_inherited: bool = False

    @property
    def parent(self) -> str | None:
        """Return the code one level up, or None for a root."""
        return self.code[:-1] if len(self.code) > 2 else None


class CameoOntology:
    """All CAMEO codes, looked up by code string ("042", not 42)."""

    def __init__(self, codes: Iterable[CameoCode]) -> None:
        self._codes = {item.code: item for item in sorted(codes, key=lambda c: c.code)}
        self._children: dict[str, list[CameoCode]] = {code: [] for code in self._codes}
        for item in self._codes.values():
            if item.parent is not None and item.parent in self._children:
                self._children[item.parent].append(item)

    def __len__(self) -> int:
        return len(self._codes)

    def __iter__(self) -> Iterator[CameoCode]:
        return iter(self._codes.values())

    def __contains__(self, code: object) -> bool:
        return code in self._codes

    def __getitem__(self, code: str) -> CameoCode:
        try:
            return self._codes[code]
        except KeyError:
            raise KeyError(
                f"'{code}' is not a CAMEO event code; codes are strings of 2 to 4 digits "
                "with their leading zeros, such as '042'"
            ) from None

    def get(self, code: str) -> CameoCode | None:
        """Return the code's record, or None when there is no such code.

        Args:
            code: a CAMEO code as a string with its leading zeros ("0211").

        Returns:
            The CameoCode, or None.
        """
        return self._codes.get(code)

    def root_of(self, code: str) -> CameoCode:
        """Return the root record of a code ("1123" -> "11"); KeyError for an unknown code."""
        return self[self[code].root]

    def children(self, code: str) -> list[CameoCode]:
        """Return the codes one level below a code, in code order; KeyError for an unknown code."""
        return list(self._children[self[code].code])

    def roots(self) -> list[CameoCode]:
        """Return the 20 root codes, 01 to 20."""
        return [item for item in self._codes.values() if item.level == "root"]


def parse_flag(value: str, column: str) -> bool:
    """Parse a 0/1 cell."""
    if value not in ("0", "1"):
        raise RowError(f"{column} '{value}' is not 0 or 1")
    return value == "1"


def parse_goldstein(value: str) -> float:
    """Parse a Goldstein score and check it lies in [-10, 10]."""
    try:
        score = float(value)
    except ValueError:
        raise RowError(f"goldstein '{value}' is not a number") from None
    if math.isnan(score) or not -10.0 <= score <= 10.0:
        raise RowError(f"goldstein {value} is outside the scale's range -10 to 10")
    return score


def parse_plover(value: str, root: str) -> str | None:
    """Check a PLOVER type; only roots 01 and 02 may leave it empty."""
    if not value:
        if root in NO_PLOVER_ROOTS:
            return None
        raise RowError(
            f"the plover type is missing (only roots {', '.join(sorted(NO_PLOVER_ROOTS))} may lack one)"
        )
    if value not in PLOVER_TYPES:
        raise RowError(
            f"plover '{value}' is not a PLOVER event type ({', '.join(sorted(PLOVER_TYPES))})"
        )
    return value


def code_from_row(row: dict[str, str]) -> CameoCode:
    """Build a CameoCode from one CSV row, checking every cell."""
    code, root = row["code"], row["root"]
    if not _CODE.fullmatch(code):
        raise RowError(f"code '{code}' is not 2 to 4 digits starting with a root from 01 to 20")
    if root != code[:2]:
        raise RowError(f"root '{root}' is not the first two digits of code '{code}'")
    if row["level"] != LEVELS[len(code)]:
        raise RowError(
            f"level '{row['level']}' should be '{LEVELS[len(code)]}' for a {len(code)}-digit code"
        )
    if not row["name"]:
        raise RowError("the name is missing")
    expected = quad_class_of(root)
    if row["quad_class"] != str(expected):
        raise RowError(f"quad_class '{row['quad_class']}' should be {expected} for root {root}")
    return CameoCode(
        code=code,
        name=row["name"],
        root=root,
        level=row["level"],
        goldstein=parse_goldstein(row["goldstein"]),
        quad_class=expected,
        plover=parse_plover(row["plover"], root),
        plover_inherited=parse_flag(row["plover_inherited"], "plover_inherited"),
        goldstein_inherited=parse_flag(row["goldstein_inherited"], "goldstein_inherited"),
    )


def check_tree(path: Path, codes: dict[str, tuple[int, CameoCode]]) -> None:
    """Check every code's parent exists and inherited values match the parent's."""
    for line, item in codes.values():
        if item.parent is None:
            continue
        if item.parent not in codes:
            raise DataFileError(
                f"{path}, line {line}", f"code '{item.code}' has no parent row '{item.parent}'"
            )
        parent = codes[item.parent][1]
        if item.plover_inherited and item.plover != parent.plover:
            raise DataFileError(
                f"{path}, line {line}",
                f"plover is marked inherited but differs from {parent.code}'s",
            )
        if item.goldstein_inherited and item.goldstein != parent.goldstein:
            raise DataFileError(
                f"{path}, line {line}",
                f"goldstein is marked inherited but differs from {parent.code}'s",
            )


def read_cameo(path: Path) -> CameoOntology:
    """Read and validate a CAMEO code file in the format of `data/cameo.csv`.

    Args:
        path: the CSV file.

    Returns:
        The ontology holding every row.
    """
    codes: dict[str, tuple[int, CameoCode]] = {}
    for line, row in read_csv_rows(path, COLUMNS):
        try:
            item = code_from_row(row)
        except RowError as exc:
            raise DataFileError(f"{path}, line {line}", str(exc)) from exc
        if item.code in codes:
            raise DataFileError(
                f"{path}, line {line}",
                f"code '{item.code}' already appears on line {codes[item.code][0]}",
            )
        codes[item.code] = (line, item)
    check_tree(path, codes)
    return CameoOntology(item for _, item in codes.values())


@cache
def load_cameo() -> CameoOntology:
    """Return the bundled CAMEO ontology, read once per process."""
    return read_cameo(DATA_FILE)


# The categories of PLOVER 0.5b1, the version the PLOVER gold-standard records use.
PLOVER_05_TYPES = frozenset(
    "AGREE CONSULT SUPPORT COOPERATE AID RETREAT CONCEDE INVESTIGATE DEMAND DISAPPROVE "
    "REJECT THREATEN PROTEST MOBILIZE SANCTION COERCE ASSAULT FIGHT".split()
)
PLOVER_05_FILE = DATA_FILE.with_name("cameo.plover05.csv")


def read_plover_05(path: Path) -> dict[str, str]:
    """Read a CAMEO-prefix to PLOVER 0.5b1 table, checking every prefix and category."""
    table: dict[str, str] = {}
    for line, row in read_csv_rows(path, ("prefix", "plover", "note")):
        prefix, plover = row["prefix"], row["plover"]
        if not _CODE.fullmatch(prefix) or plover not in PLOVER_05_TYPES or prefix in table:
            raise DataFileError(
                f"{path}, line {line}",
                f"'{prefix},{plover}' is not a new CAMEO prefix with a PLOVER 0.5b1 category",
            )
        table[prefix] = plover
    return table


@cache
def load_plover_05() -> dict[str, str]:
    """Return the bundled CAMEO-prefix to PLOVER 0.5b1 table, read once per process."""
    return read_plover_05(PLOVER_05_FILE)


def plover_05(code: str) -> str | None:
    """Return a CAMEO code's PLOVER 0.5b1 category by its longest listed prefix (None for 01)."""
    table = load_plover_05()
    for end in range(len(code), 1, -1):
        found = table.get(code[:end])
        if found is not None:
            return found
    return None
