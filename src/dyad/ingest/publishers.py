"""Name publishers consistently, from a written name, a web host or a page template."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import urlsplit

from dyad.data import load_yaml
from dyad.errors import DataFileError

# Words that end the names of news outlets; a short Title Case line ending in
# one of them, at the head of an article, is read as a masthead.
_OUTLET_WORDS = (
    "Times|Post|News|Herald|Journal|Tribune|Gazette|Daily|Telegraph|Observer|Review|"
    "Agency|Press|Monitor|Chronicle|Standard|Express|Mail|Today|Insider|Diplomat|Wire|"
    "Radio|TV|Television|Broadcasting|Dispatch|Courier|Bulletin|Report|Weekly|Magazine"
)
_MASTHEAD = re.compile(
    rf"^(?:The\s+)?(?:[A-Z][\w&'’.-]*\s+){{0,4}}(?:{_OUTLET_WORDS})(?:\s+(?:Online|International|English))?$"
)


@dataclass
class Publisher:
    name: str
    aliases: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    fingerprints: list[re.Pattern[str]] = field(default_factory=list)


@cache
def _publishers() -> list[Publisher]:
    """Load and validate the publisher list once per process."""
    out = []
    for i, entry in enumerate(load_yaml("publishers.yaml") or []):
        if not isinstance(entry, dict) or not entry.get("name"):
            raise DataFileError("publishers.yaml", f"entry {i + 1} has no name")
        try:
            prints = [re.compile(p, re.I) for p in entry.get("fingerprints") or []]
        except re.error as exc:
            raise DataFileError("publishers.yaml", f"{entry['name']}: bad fingerprint ({exc})") from None
        out.append(
            Publisher(entry["name"], list(entry.get("aliases") or []), list(entry.get("hosts") or []), prints)
        )
    return out


@cache
def _by_name() -> dict[str, str]:
    index = {}
    for pub in _publishers():
        for name in [pub.name, *pub.aliases]:
            index[_fold(name)] = pub.name
    return index


def publisher_names(name: str) -> list[str]:
    """Return every name a publisher is written as (its name, then its aliases); [name] if unknown."""
    for pub in _publishers():
        if pub.name == name:
            return [pub.name, *pub.aliases]
    return [name]


def _fold(name: str) -> str:
    return re.sub(r"\s+", " ", name.casefold().strip(" .,;:()"))


def canonical_publisher(name: str) -> str:
    """Return the stored name for a publisher as written in a source line or credit."""
    name = re.sub(r"\s+", " ", name).strip(" .,;:()")
    return _by_name().get(_fold(name), name)


def known_publisher(name: str) -> str | None:
    """Return the stored name if this exact name (or alias) is a known publisher."""
    return _by_name().get(_fold(name))


def looks_like_masthead(line: str) -> bool:
    """Tell whether a line is an outlet's name: known, or shaped like `Modern Tokyo Times`."""
    return known_publisher(line) is not None or bool(_MASTHEAD.match(line.strip()))


def publisher_from_url(url: str | None) -> str | None:
    """Name the publisher of a URL by its host, falling back to the bare host."""
    if not url:
        return None
    host = (urlsplit(url if "//" in url else f"//{url}").hostname or "").lower()
    if not host:
        return None
    for pub in _publishers():
        if any(host == h or host.endswith("." + h) for h in pub.hosts):
            return pub.name
    return host.removeprefix("www.")


@cache
def _fingerprints() -> re.Pattern[str]:
    """Join every publisher's fingerprints into one pattern; group `p<N>` names publisher N."""
    parts = [
        f"(?P<p{n}>{'|'.join(f'(?:{p.pattern})' for p in pub.fingerprints)})"
        for n, pub in enumerate(_publishers())
        if pub.fingerprints
    ]
    return re.compile("|".join(parts) or "(?!)", re.I)


def publisher_from_template(lines: Iterable[str]) -> str | None:
    """Name the publisher whose page template a line of furniture comes from."""
    pattern = _fingerprints()
    for line in lines:
        match = pattern.fullmatch(line.strip())
        if match and match.lastgroup:
            return _publishers()[int(match.lastgroup[1:])].name
    return None
