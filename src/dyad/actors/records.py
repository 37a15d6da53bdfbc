"""The actor records that the dictionary, the importers and the resolver share.

They are plain dataclasses so that a per-document stage can carry them to any
process; nothing here touches files or indexes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Role:
    """One office held for one term; `end` is exclusive (the successor's first day).

    Exclusive ends make handover days unambiguous: on 2017-08-03 Japan's foreign
    minister is Taro Kono, not Fumio Kishida. `start` or `end` is None when open.
    `country` is an ISO alpha-3 code or, for officials of an international
    organisation, that organisation's id (`eu`, `un`, `nato`).
    """

    role: str
    role_key: str
    country: str | None
    sector: str | None
    start: date | None = None
    end: date | None = None
    source: str = ""

    def active(self, on: date) -> bool:
        """Tell whether the role was held on a given day."""
        if self.start is not None and on < self.start:
            return False
        return self.end is None or on < self.end


@dataclass
class Actor:
    """A person, state, organisation or place with its names and offices.

    `code` is CAMEO-style: country + sector for people (RUSMIL, JPNGOV), the
    alpha-3 code for states, the CAMEO/Phoenix code for organisations.
    `names_by_user` maps a name to the countries that use it (places only).
    """

    id: str
    name: str
    kind: str  # "person", "state", "organisation" or "place"
    country: str | None = None
    sector: str | None = None
    code: str | None = None
    roles: list[Role] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    names_by_user: dict[str, list[str]] = field(default_factory=dict)
    contested: bool = False
    claimants: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    def roles_on(self, on: date) -> list[Role]:
        """Return the roles this actor held on a given day."""
        return [role for role in self.roles if role.active(on)]

    def merge(self, other: Actor) -> None:
        """Fold another record for the same id into this one (roles, aliases, sources)."""
        for role in other.roles:
            if role not in self.roles:
                self.roles.append(role)
        for alias in [other.name, *other.aliases]:
            if alias != self.name and alias not in self.aliases:
                self.aliases.append(alias)
        for source in other.sources:
            if source not in self.sources:
                self.sources.append(source)


def cameo_code(country: str | None, sector: str | None) -> str | None:
    """Derive a CAMEO-style code from a country and a sector (JPN + MIL -> JPNMIL)."""
    if country is None:
        return sector
    return country + (sector or "")
