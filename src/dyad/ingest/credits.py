"""Find the wire agency a page credits, and a date in its address.

A page that republishes a wire story says so in a few fixed ways: an agency
name in brackets closing the text ("… said Pompeo. (ANI)"), a credit line
("With inputs from PTI"), or the agency's own house credit ("Reporting by …;
Editing by …"). These are read from the foot and the head of the clean text,
so a sentence that merely mentions Reuters is not a credit.
"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from dyad.data import load_yaml
from dyad.ingest.dates import date_from_parts, phrases
from dyad.ingest.publishers import agency_name, unwrap_archive

_NAME_LIST = re.compile(r"\s*(?:,|/|&|\band\b|;)\s*")
# /2018/09/06/, /2020/10/, /20220409-19509/, -20201027, _2021-04-06
_URL_DATES = (
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mnum>0?[1-9]|1[0-2])/(?P<day>0?[1-9]|[12]\d|3[01])(?=/|$|[-_.])"),
    re.compile(r"(?<![\d])(?P<year>(?:19|20)\d{2})-(?P<mnum>0[1-9]|1[0-2])-(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"(?<![\d])(?P<year>(?:19|20)\d{2})(?P<mnum>0[1-9]|1[0-2])(?P<day>0[1-9]|[12]\d|3[01])(?!\d)"),
    re.compile(r"/(?P<year>(?:19|20)\d{2})/(?P<mnum>0?[1-9]|1[0-2])(?=/)"),
    re.compile(
        r"/(?P<year>(?:19|20)\d{2})/(?P<month>jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*/"
        r"(?P<day>0?[1-9]|[12]\d|3[01])(?=/|$)",
        re.I,
    ),
)


@cache
def _credit_patterns() -> tuple[re.Pattern[str], list[tuple[str, re.Pattern[str]]]]:
    data = load_yaml("wire_credits.yaml")
    before = phrases(data["before"])
    lead = re.compile(rf"^[(\[]?\s*(?:{before})\s*:?\s+(?P<names>[^()\[\]\n]{{2,80}}?)\s*[)\]]?\.?$", re.I)
    house = [(agency, re.compile(p, re.I)) for agency, ps in data["reporting"].items() for p in ps]
    return lead, house


def agency_credit(text: str) -> str | None:
    """Return the agency a text's credit names, looking at its last and first paragraphs."""
    paragraphs = [p.strip() for p in text.split("\n") if p.strip()]
    if not paragraphs:
        return None
    for paragraph in (*paragraphs[-2:], paragraphs[0]):
        found = _closing_bracket(paragraph) or _credit_line(paragraph)
        if found:
            return found
    return None


def _closing_bracket(paragraph: str) -> str | None:
    """Read "… the last sentence. (ANI)" or "(AFP/Reuters)" closing a paragraph."""
    match = re.search(r"\((?P<names>[A-Za-z][A-Za-z ,/&.-]{1,60})\)\s*$", paragraph)
    return _first_agency(match.group("names")) if match else None


def _credit_line(paragraph: str) -> str | None:
    lead, house = _credit_patterns()
    match = lead.match(paragraph)
    if match:
        return _first_agency(match.group("names"))
    return next((agency for agency, pattern in house if pattern.fullmatch(paragraph)), None)


def _first_agency(names: str) -> str | None:
    """Return the first agency of a list of names, when every name in it is an agency."""
    found = [agency_name(n) for n in _NAME_LIST.split(names.strip(" .")) if n]
    return found[0] if found and all(found) else None


def date_from_url(url: str | None) -> tuple[str, str] | None:
    """Return the (ISO date, precision) written in an address's path, as many news sites do."""
    if not url:
        return None
    path = urlsplit(unwrap_archive(url)[0]).path
    for shape in _URL_DATES:
        match = shape.search(path)
        if match:
            found = date_from_parts({"month": None, "mnum": None, "day": None, **match.groupdict()})
            if found:
                return found
    return None
