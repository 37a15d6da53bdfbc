"""Import actor dictionaries written for other systems, and our own CSV format.

- `import_phoenix_actors`: the PETRARCH/Phoenix `.actors.txt` format
  (petrarch2 `docs/source/dictionaries.rst`): a primary phrase, `+` synonyms,
  codes in `[...]` either on the phrase's line or on following indented
  lines, each optionally date-restricted (`<date`, `>date`, `date-date`),
  dates as YYMMDD or YYYYMMDD, `#`, `;` and `<!-- -->` comments, `_` for
  spaces. Codes map to a country (first three letters, when an ISO alpha-3
  code) and a sector (the next three), date-restricted codes to dated roles.
- `import_csv_actors`: the people.csv format (see `data/actors/README.md`).

Both return Actor records that `load_dictionary(extra=...)` merges.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from dyad.errors import DataFileError

from .loader import DATA_DIR, alpha3_codes, read_organisations, read_people
from .records import Actor, Role

log = logging.getLogger(__name__)

_CODE = re.compile(r"\[([^\]]*)\]")
_HTML_COMMENT = re.compile(r"<!--.*?-->")
# "For consistency with KEDS and TABARI, YY years between 00 and 30 are
# interpreted as 20YY; otherwise 19YY" (petrarch2 dstr_to_ordate).
_PIVOT_YY = 30


@dataclass
class _Entry:
    """One actor block being read: its phrases and its code cells."""

    line: int
    phrases: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)


def phoenix_date(text: str) -> date:
    """Parse a YYMMDD or YYYYMMDD date the way PETRARCH does."""
    digits = text.strip()
    if not digits.isdigit():
        raise ValueError(f"'{text}' is not a date")
    if len(digits) <= 7:
        yy = int(digits[:2])
        year = 2000 + yy if yy <= _PIVOT_YY else 1900 + yy
        return date(year, int(digits[2:4]), int(digits[4:6]))
    return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


def parse_restriction(text: str) -> tuple[date | None, date | None]:
    """Turn a PETRARCH restriction into (start, exclusive end); limits are inclusive there."""
    text = text.strip()
    if not text:
        return None, None
    if text.startswith("<"):
        return None, phoenix_date(text[1:]) + timedelta(days=1)
    if text.startswith(">"):
        return phoenix_date(text[1:]), None
    first, _, second = text.partition("-")
    start = phoenix_date(first) if first else None
    end = phoenix_date(second) + timedelta(days=1) if second else None
    return start, end


def code_role(cell: str) -> Role | None:
    """Turn one `[CODE restriction]` cell into a Role; None for the null code `---`."""
    code, _, restriction = cell.strip().partition(" ")
    if not code or code.strip("-") == "":
        return None
    start, end = parse_restriction(restriction)
    country = code[:3] if code[:3] in alpha3_codes() else None
    sector = code[3:6] if country else code[:3]
    return Role(code, "", country, sector or None, start, end, "phoenix")


def _strip_comments(line: str) -> str:
    """Remove `#`, legacy `;` and one-line `<!-- -->` comments."""
    line = _HTML_COMMENT.sub("", line)
    for mark in ("#", ";"):
        line = line.split(mark, 1)[0]
    return line.rstrip()


def _phrase(text: str) -> str:
    """Turn a dictionary phrase (SERGEY_LAVROV_) into words (SERGEY LAVROV)."""
    return " ".join(text.replace("_", " ").split())


def _entries(lines: list[str]) -> list[_Entry]:
    """Group the file's lines into actor blocks."""
    entries: list[_Entry] = []
    in_comment = False
    for number, raw in enumerate(lines, start=1):
        if in_comment:
            in_comment = "-->" not in raw
            continue
        if "<!--" in raw and "-->" not in raw.split("<!--", 1)[1]:
            raw, in_comment = raw.split("<!--", 1)[0], True
        line = _strip_comments(raw)
        text = line.strip()
        if not text:
            continue
        codes = _CODE.findall(text)
        words = _phrase(_CODE.sub(" ", text).lstrip("+"))
        if text.startswith("[") and entries:
            entries[-1].codes.extend(codes)
        elif text.startswith("+") and entries:
            entries[-1].phrases.append(words)
            entries[-1].codes.extend(codes)
        elif words:
            entries.append(_Entry(number, [words], list(codes)))
    return entries


def _actor(entry: _Entry, path: Path) -> Actor | None:
    """Build an Actor from one block; blocks without a usable name or code are skipped."""
    roles = []
    for cell in entry.codes:
        try:
            role = code_role(cell)
        except ValueError as exc:
            log.warning("%s, line %d: skipped code [%s]: %s", path, entry.line, cell, exc)
            continue
        if role is not None:
            roles.append(role)
    if not roles:
        return None
    default = next((r for r in roles if r.start is None and r.end is None), roles[-1])
    dated = [r for r in roles if r.start or r.end]
    name = entry.phrases[0].title()
    kind = _kind(default, dated)
    slug = re.sub(r"[^a-z0-9]+", "_", entry.phrases[0].lower()).strip("_")
    return Actor(
        id=f"phoenix:{slug}", name=name, kind=kind, country=default.country,
        sector=default.sector, code=default.role, roles=dated if kind == "person" else [],
        aliases=[phrase.title() for phrase in entry.phrases[1:]], sources=[f"{path.name}"],
    )


def _kind(default: Role, dated: list[Role]) -> str:
    """Guess the kind: a bare alpha-3 code is a state, dated codes a person, IGO/NGO an organisation.

    The format does not say; this is the rule that fits Phoenix's files.
    """
    if dated:
        return "person"
    if default.country and default.role == default.country:
        return "state"
    if default.role[:3] in {"IGO", "NGO", "MNC"}:
        return "organisation"
    return "person"


def import_phoenix_actors(path: Path) -> list[Actor]:
    """Read a PETRARCH/Phoenix `.actors.txt` file into Actor records.

    Args:
        path: the dictionary file.
    Returns:
        One Actor per block with at least one code; undated codes give the
        actor's code, date-restricted codes become roles with start and end.
    Raises:
        DataFileError: the file cannot be read.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise DataFileError(str(path), f"cannot be read ({exc.strerror})") from exc
    actors: dict[str, Actor] = {}
    for entry in _entries(text.splitlines()):
        actor = _actor(entry, path)
        if actor is None:
            continue
        if actor.id in actors:
            actors[actor.id].merge(actor)
        else:
            actors[actor.id] = actor
    return list(actors.values())


def import_csv_actors(path: Path) -> list[Actor]:
    """Read a CSV of people in the people.csv format into Actor records.

    Raises:
        DataFileError: a row does not validate (the message names file and line).
    """
    org_codes = {org.id: org.code or "" for org in read_organisations(DATA_DIR / "organisations.csv")}
    return read_people(Path(path), org_codes)


def import_file(path: Path) -> list[Actor]:
    """Import an actor file by its name: `.actors.txt`/`.txt` as Phoenix, `.csv` as ours."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return import_csv_actors(path)
    if path.suffix.lower() == ".txt":
        return import_phoenix_actors(path)
    raise DataFileError(str(path), "is neither a .csv nor a PETRARCH .actors.txt file")
