"""Say where a meeting took place: a city or venue the text puts it in, or a country after "in"/"at".

A place counts only when the sentence places the meeting there: the place
hangs, through "in"/"at" phrases alone, from the trigger or from the verb the
trigger hangs from ("held talks at the guest house in Tokyo"). Any other
path ("talks on the situation in Ukraine", "concern over repression in Hong
Kong") names a topic, not a place. Inside such a phrase a city of the
gazetteer (`data/gazetteer.csv`, from GeoNames) wins over a country;
regions and seas ("the South China Sea") are never places. A meeting held by
video or telephone has no place.

When the sentences leave a meeting without a city, the wire dateline that
opens a report ("ANKARA (Reuters) -", "Tokyo, April 13 (Kyodo) --") gives it,
if the meeting was held around the report's day: that is where the reporter
saw it happen.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from spacy.tokens import Span, Token

from dyad.data import read_csv_rows

_LOCATIVE = frozenset({"in", "at"})
# Ways a noun can sit between a place and the meeting it places; and the
# prepositions of a topic, through which a place names what was discussed.
_CHAIN = frozenset({"pobj", "appos", "conj", "dobj"})
_TOPIC = frozenset({"on", "over", "about", "regarding", "concerning", "against", "by", "of", "into", "toward",
                    "towards", "from", "between", "to"})
_TRANSLITERATION_MARKS = "'’ʼʿʾ`"
_MOST_WORDS = 5  # "Sant Julià de Lòria": the longest name looked up, in tokens
# Entity types a capitalised word can have and still be a place's name.
_NOT_PLACE_TYPES = frozenset({"DATE", "TIME", "PERSON", "NORP", "CARDINAL", "ORDINAL", "MONEY", "PERCENT",
                              "QUANTITY", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "PRODUCT"})


@dataclass(frozen=True)
class Place:
    """A name of the gazetteer: a city ("city", "capital") or a country, with the country's alpha-3 code."""

    name: str
    kind: str
    country: str

    @property
    def is_city(self) -> bool:
        return self.kind != "country"


@cache
def gazetteer() -> dict[str, Place]:
    """Load the bundled gazetteer once: each folded name (`name_key`) to its most populous place.

    GeoNames' cities and countries (gazetteer.csv, generated), and the few
    regions news names whose last word is another place's name
    (regions.csv, by hand): "the West Bank" is no Indian town of Bank, and
    "Northern Ireland" is not Ireland.
    """
    best: dict[str, tuple[int, Place]] = {}
    rows = (row for name in ("gazetteer.csv", "regions.csv")
            for _, row in read_csv_rows(Path(str(resources.files("dyad.data").joinpath(name))),
                                        ("name", "kind", "country", "population")))
    for row in rows:
        key, people = name_key(row["name"]), int(row["population"] or 0)
        if row["kind"] == "country":
            people = 10**12  # a country's name means the country ("Georgia", "Mexico")
        if key not in best or people > best[key][0]:
            best[key] = (people, Place(row["name"], row["kind"], row["country"]))
    return {key: place for key, (_, place) in best.items()}


def name_key(name: str) -> str:
    """Fold a place name for look-up, without its articles ("the Democratic Republic of the Congo")
    and without the marks of an ayn or soft sign that open or close a transliterated word, which
    English news leaves out ("Samarra’", "Homyel'")."""
    words = (w.strip(_TRANSLITERATION_MARKS) for w in name.casefold().split() if w != "the")
    return " ".join(w for w in words if w)


def place_in_phrase(tokens: list[Token]) -> Place | None:
    """Find the longest gazetteer name among a phrase's capitalised words, a city before a country.

    A name must not continue a longer proper name: "Republic" in "the
    Democratic Republic of Congo" is not the town of Republic.
    """
    names = gazetteer()
    found: Place | None = None
    for i in range(len(tokens)):
        if i and _capitalised(tokens[i - 1]) and tokens[i - 1].pos_ == "PROPN":
            continue
        for n in range(min(_MOST_WORDS, len(tokens) - i), 0, -1):
            words = tokens[i : i + n]
            if not all(_capitalised(t) for t in (words[0], words[-1])):
                continue
            place = names.get(name_key(_text(words)))
            if place is not None and (found is None or (place.is_city and not found.is_city)):
                found = place
                break
    return found


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and token.ent_type_ not in _NOT_PLACE_TYPES


def _text(tokens: list[Token]) -> str:
    return "".join(t.text_with_ws for t in tokens).strip()


def placing_phrases(
    sent: Span, targets: set[int], visiting: frozenset[str] = frozenset(), travelling: frozenset[str] = frozenset()
) -> list[list[Token]]:
    """List the "in"/"at" phrases of a sentence that place what the target tokens report, nearest first.

    A phrase places the meeting when the way up from its preposition to a
    target passes only through other "in"/"at" phrases: "at the guest house
    in Tokyo" places a meeting held at the house. A journey's destination
    places the meeting that was its purpose ("went to Ankara to meet").
    """
    found = []
    for token in sent:
        if (token.dep_ == "prep" and token.lower_ == "to" and token.head.i in targets
                and token.head.lemma_.lower() in travelling and token.head.pos_ == "VERB"):
            found += [_phrase(obj) for obj in token.children if obj.dep_ == "pobj"]
        if token.lemma_.lower() in visiting and token.pos_ == "VERB" and _describes_a_party(token, targets):
            found += [_phrase(obj) for obj in token.children if obj.dep_ == "dobj" and obj.pos_ == "PROPN"]
        if token.dep_ in ("appos", "npadvmod", "conj") and token.head.i in targets and token.pos_ == "PROPN":
            place = place_in_phrase(_phrase(token))  # a title's "talks, Antalya, June 30": a city only
            if place is not None and place.is_city:
                found.append(_phrase(token))
        if token.dep_ != "prep" or token.lower_ not in _LOCATIVE or not _reaches(token, targets):
            continue
        found += [_phrase(obj) for obj in token.children if obj.dep_ == "pobj"]
    return found


def _describes_a_party(verb: Token, targets: set[int]) -> bool:
    """Tell whether a clause describes one of those meeting ("A and B, who are visiting Manila, held talks")."""
    if verb.dep_ not in ("relcl", "acl"):
        return False
    noun = verb.head
    while noun.dep_ in ("conj", "appos") and noun.head is not noun:
        noun = noun.head
    return noun.dep_ in ("nsubj", "nsubjpass") and noun.head.i in targets


def _reaches(prep: Token, targets: set[int]) -> bool:
    """Tell whether a preposition hangs from a target through the phrase it sits in, not through a topic.

    The way up may pass a noun the phrase belongs to ("with their
    counterparts, A and B, in Manila"; "for the first time at the guest
    house") but not a topic's preposition ("talks on the situation in
    Ukraine") nor another verb.
    """
    node = prep
    while True:
        head = node.head
        if head.i in targets:
            return True
        if head is node or head.pos_ not in ("NOUN", "PROPN", "PRON") or head.dep_ not in _CHAIN:
            return False
        if head.dep_ == "pobj":
            if head.head.lower_ in _TOPIC:
                return False
            node = head.head
        else:
            node = head


def _phrase(obj: Token) -> list[Token]:
    """Return a prepositional object's name: its words up to it and its "of" part ("the Republic of Korea")."""
    last = obj.i
    for child in obj.rights:
        if child.dep_ != "prep" or child.lower_ != "of":
            break
        last = child.right_edge.i
    return list(obj.doc[obj.left_edge.i : last + 1])


# A wire dateline opens a paragraph: the city in capitals or title case, maybe
# "[Country]" or ", Country", then the date, the agency in brackets or a dash.
_DATELINE = re.compile(
    r"^\s*(?P<city>[A-Z][A-Za-z.'’ -]{1,40}?)(?:/[A-Z][A-Za-z ]+)?"
    r"(?:\s*\[[^\]\n]{2,30}\]|,\s*[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+)?)?"
    r"\s*(?:,\s*(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d|\(|—|–|-{1,2}\s|/|:)",
    re.M,
)
_DATELINE_REACH = 1500  # characters from the start: a dateline opens the story's first paragraph


@dataclass(frozen=True)
class Dateline:
    """A report's wire dateline: its city, and where the dateline ends in the text."""

    city: Place
    start: int
    end: int


def find_dateline(text: str) -> Dateline | None:
    """Return the wire dateline opening one of a report's first paragraphs, if any."""
    names = gazetteer()
    for match in _DATELINE.finditer(text[:_DATELINE_REACH]):
        place = names.get(name_key(match["city"]))
        if place is not None and place.is_city:
            return Dateline(place, match.start(), match.end())
    return None


def dateline_city(text: str) -> Place | None:
    """Return the city of a report's wire dateline, if it has one."""
    found = find_dateline(text)
    return found.city if found else None


def cities_in(tokens: Span, country: str) -> Place | None:
    """Return the first gazetteer city of a country named in a stretch of text."""
    words = list(tokens)
    for i, token in enumerate(words):
        if not _capitalised(token):
            continue
        place = place_in_phrase(words[i : i + _MOST_WORDS])
        if place is not None and place.is_city and place.country == country:
            return place
    return None
