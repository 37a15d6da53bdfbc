"""Name publishers consistently, from a written name, a web host or a page template."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from urllib.parse import SplitResult, urlsplit

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


_KINDS = ("outlet", "agency", "official")
# The files of publishers, read in this order: publishers.yaml holds the ones
# with page-template fingerprints, outlets.yaml the world's outlets, agencies
# and official sites by name and host.
_FILES = ("publishers.yaml", "outlets.yaml")


@dataclass
class Publisher:
    name: str
    aliases: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)
    fingerprints: list[re.Pattern[str]] = field(default_factory=list)
    kind: str = "outlet"


@cache
def _publishers() -> list[Publisher]:
    """Load and validate the publisher lists once per process."""
    out = []
    for name in _FILES:
        for i, entry in enumerate(load_yaml(name) or []):
            out.append(_publisher(name, i, entry))
    return out


def _publisher(file: str, i: int, entry: object) -> Publisher:
    """Check one entry of a publisher file and build it."""
    if not isinstance(entry, dict) or not entry.get("name"):
        raise DataFileError(file, f"entry {i + 1} has no name")
    kind = entry.get("kind", "outlet")
    if kind not in _KINDS:
        raise DataFileError(file, f"{entry['name']}: kind {kind!r} is not one of {', '.join(_KINDS)}")
    try:
        prints = [re.compile(p, re.I) for p in entry.get("fingerprints") or []]
    except re.error as exc:
        raise DataFileError(file, f"{entry['name']}: bad fingerprint ({exc})") from None
    hosts = [str(h).lower() for h in entry.get("hosts") or []]
    return Publisher(entry["name"], list(entry.get("aliases") or []), hosts, prints, kind)


@cache
def _by_host() -> dict[str, Publisher]:
    """Index publishers by host; the first file that names a host wins."""
    index: dict[str, Publisher] = {}
    for pub in _publishers():
        for host in pub.hosts:
            index.setdefault(host, pub)
    return index


@cache
def _by_name() -> dict[str, str]:
    index: dict[str, str] = {}
    for pub in _publishers():
        for name in [pub.name, *pub.aliases]:
            index.setdefault(_fold(name), pub.name)
    return index


@cache
def _agencies() -> dict[str, str]:
    """Map every written form of a wire agency's name to its stored name."""
    return {
        _fold(name): pub.name for pub in _publishers() if pub.kind == "agency" for name in [pub.name, *pub.aliases]
    }


def agency_name(name: str) -> str | None:
    """Return the stored name of the wire agency written as `name` ("AP", "REUTERS", "Jiji Press"), or None."""
    return _agencies().get(_fold(name))


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


# Web archives wrap the original address: /web/20201027101400/https://…
_ARCHIVED = re.compile(r"^/(?:web/)?(?P<stamp>\d{8,14})(?:[a-z]{2}_)?/(?P<url>(?:https?:/?/?)?[^/]+\..*)$")
_ARCHIVE_HOSTS = ("web.archive.org", "archive.org", "archive.today", "archive.ph", "archive.is", "webcitation.org")
# Second-level labels under country codes: news.example.co.uk is registered as example.co.uk.
_SECOND_LEVEL = {"co", "com", "net", "org", "gov", "go", "ac", "or", "ne", "edu", "mil", "gob", "gouv", "nic"}


def unwrap_archive(url: str) -> tuple[str, str | None]:
    """Return the original address of a web-archive snapshot and the snapshot's date (a hint only)."""
    parts = _split(url)
    host = (parts.hostname or "").lower()
    if not any(host == h or host.endswith("." + h) for h in _ARCHIVE_HOSTS):
        return url, None
    match = _ARCHIVED.match(parts.path + (f"?{parts.query}" if parts.query else ""))
    if not match:
        return url, None
    original = match.group("url")
    original = re.sub(r"^(https?):/+", r"\1://", original)
    stamp = match.group("stamp")
    return original, f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"


def url_host(url: str | None) -> str | None:
    """Return the lower-case host of an address, after unwrapping a web-archive snapshot."""
    if not url:
        return None
    host = (_split(unwrap_archive(url)[0]).hostname or "").lower()
    return host or None


def _split(url: str) -> SplitResult:
    """Split an address, reading a bare "example.org/a" as a host and a path."""
    return urlsplit(url if "//" in url else f"//{url}")


def publisher_from_url(url: str | None) -> str | None:
    """Name the publisher of a URL by its host through the outlet tables.

    An unknown host is named by its registered domain ("news.example.co.uk" →
    "example.co.uk"), which is how such outlets are usually cited.
    """
    host = url_host(url)
    if not host:
        return None
    labels = host.split(".")
    for i in range(len(labels) - 1):
        pub = _by_host().get(".".join(labels[i:]))
        if pub:
            return pub.name
    return registered_domain(host)


def registered_domain(host: str) -> str:
    """Cut a host to the domain its owner registered: the last two labels, three under `co.uk`-like suffixes."""
    labels = host.removeprefix("www.").split(".")
    keep = 3 if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-keep:])


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
