"""People: full names, titles, bare surnames, spelling variants, and people the dictionary lacks.

For a person candidate, in order:

1. **One word** (after titles): the person of that surname already mentioned
   in the document (method `coref`), unless a role titles it that this
   person never held and one dictionary namesake did ("President Roe" in a
   text about his wife: him, method `name`), or, for a PERSON entity of SLIP_MIN
   letters or more, the one person introduced under a surname one letter
   away ("McLenney" after "Jane McClenney"); else the dictionary's people of that
   surname, narrowed by the role that titles it, by who was in office on the
   date and by the countries the document names, and kept only if one is
   left and spaCy tags it PERSON, or a title or role stands with it, or it is
   an untagged proper noun (not a date) of someone in office on the date.
   A PERSON entity that is a given name alone (data/gender.yaml: "Melanie"
   in a profile) is the person introduced earlier under that given name,
   else, when no dictionary person has it as a surname, a new actor.
2. **Several words**: the dictionary's exact lookup, which folds name order,
   titles and romanisation (Sergey Shoygu = Sergei Shoigu), narrowed the
   same way when several people share a name.
3. **Fuzzy** (rapidfuzz ratio on the folded keys), for PERSON entities only.
   A candidate scoring at least FUZZY_FLOOR (88) is accepted when the role
   that titles the name is one it held; one scoring at least FUZZY_ALONE (92)
   is accepted without a role when its country is named in the document and
   it was in office on the date. A conflicting role always rejects. Numbers:
   "Sergey Lavrof" scores 92.3 against Sergey Lavrov; "Taro Kano" (a judoka)
   scores 88.9 against Taro Kono, and must not pass on country alone.
4. **New actor**: a PERSON entity of two words or more, or any name a role
   titles, gets the id `new:<slug>`, with the country and sector the text gives
   it (the role's; a military rank gives MIL). One per person in a document:
   a later name that ends the first one ("Al Kaabi" after "Noura Al
   Kaabi"), or differs from it by a slip in the given name ("Nora Al
   Kaabi"), takes the same actor.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from datetime import date

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein
from spacy.tokens import Doc, Span, Token

from dyad.actors import Actor, ActorDictionary, Role
from dyad.actors.dictionary import family_first
from dyad.actors.names import comma_reorder, normalise, surname
from dyad.actors.records import cameo_code
from dyad.extract.mentions.coref import History, gender_of, is_given_name, title_gender
from dyad.extract.mentions.lexicon import SURNAME, Lexicon
from dyad.extract.mentions.mentions import NER_PERSON, Candidate
from dyad.extract.mentions.roles import RoleUnit

MAX_SLIP = 2  # letters: "Nora" and "Noura" are one given name misspelt
LONG_SLIP = 9  # letters a surname needs before a two-letter slip ("Cavousoglou", "Cavusoglu") is read as the same
SLIP_MIN = 6  # letters a surname needs before a one-letter slip ("McLenney", "McClenney") is read as the same
_SYMBOLS = re.compile(r"[^\w.’'-]+")  # emoji and signs glued to a name's words
FUZZY_FLOOR = 88
SALIENT = 3  # times as many mentions as the other person of a given name, to be the one it names alone
AMBIGUOUS = "?"  # no actor's id: a given name that two people introduced earlier share
FUZZY_ALONE = 92

GIVEN_BEFORE = 3  # words of a given name the entity tagger may have cut off before a name
_INITIAL = re.compile(r"[A-Z]\.?")  # a middle initial: "Gilberto C. Teodoro"

Found = tuple[str, str, float]
NOT_NAMES = frozenset({"DATE", "TIME", "MONEY", "QUANTITY", "PERCENT", "CARDINAL", "ORDINAL", "EVENT"})


# A link or handle the entity tagger took for a name: "pic.twitter.com/x1Y2", "@envoy".
_LINK = re.compile(r"https?:|www\.|\.(?:com|org|net|gov)\b|[/@]", re.IGNORECASE)

NEW_PREFIX = "new:"  # the id prefix of a person new to the dictionary, named in the text


def nameable(name: str) -> bool:
    """Tell whether a span can be written as a person's name in the store's ids.

    Not when nothing of it is left in Latin letters (a slogan in Hebrew or
    Arabic quoted from a post, which every such span would share as one
    person, "new:"), nor when it is a link or a handle.
    """
    return any("a" <= ch <= "z" for ch in normalise(name)) and not _LINK.search(name)


def new_person_id(name: str) -> str:
    """Give the id of a person new to the dictionary: `new:` and the slug of the name as written."""
    return NEW_PREFIX + "_".join(normalise(name).split())


class People:
    """Resolve person candidates of one document, remembering who was introduced."""

    def __init__(
        self, doc: Doc, on: date | None, lexicon: Lexicon, history: History, countries: frozenset[str]
    ) -> None:
        self.doc, self.on, self.lexicon, self.history = doc, on, lexicon, history
        self.dictionary = lexicon.dictionary
        self.countries = countries
        self._new: dict[str, Actor] = {}
        self._full: dict[str, set[str]] | None = None

    def new_actors(self) -> list[Actor]:
        """Return the actors created for people the dictionary lacks."""
        return list(self._new.values())

    def resolve(self, cand: Candidate, unit: RoleUnit | None) -> Found | None:
        """Resolve one person candidate, titled by a role unit or not."""
        span = cand.span(self.doc)
        words = [t for t in span if not self._title(t.text) and t.text not in (".", ",")]
        text = cand.lookup or span.text
        if len(words) == 1 and self._date_after_preposition(span):
            return None  # "reopen in May, the minister said": the month, though a role follows it
        found = self._cut_name(span, text, unit) or self._foreign_title(span)
        if found is not None:
            pass  # "Gilberto C." cut off before "Teodoro Jr.", "Président Macron": the whole name says who
        elif len(words) == 1:
            found = self._surname(cand, span, unit)
        else:
            found = self._full_name(text, unit)
            if found is None and cand.kind == NER_PERSON:
                found = self._fuzzy(text, unit)
        if found is None and (unit is not None or (len(words) > 1 and cand.kind != SURNAME)):
            found = self._new_person(cand, span, unit)
        if found is not None:
            start = unit.start if unit is not None and unit.before_name else cand.start
            self._remember(found[0], start, cand.end, unit)
        return found

    def _date_after_preposition(self, span: Span) -> bool:
        """Tell whether a one-word name is a date the tagger marked so, after a preposition ("in May", "by June").

        A role set beside it ("…in May, the minister said") would otherwise make
        it a titled surname, the dictionary's Theresa May. Once the document
        has named a person so ("Theresa May … talks with May"), the word is
        that person, whatever the tagger says.
        """
        token = span[0]
        if token.ent_type_ not in ("DATE", "TIME") or span.start == 0 or self.doc[span.start - 1].pos_ != "ADP":
            return False
        return self.history.by_surname.get(self.dictionary.key(token.text)) is None

    def by_role(self, unit: RoleUnit) -> tuple[str, str] | None:
        """Resolve a role without a name: tenure on the date, else the last holder mentioned."""
        role = unit.role
        found: tuple[str, str] | None = None
        if role.role and unit.country and self.on:
            holders = self.dictionary.holders(unit.country, role.role, self.on)
            if holders:
                found = (self._prefer_seen(holders)[0].id, "role")
        if found is None:
            actor = self.history.role(role.family, unit.country, unit.start)
            found = (actor, "coref") if actor else None
        if found is not None:
            self._remember(found[0], unit.start, unit.end, unit)
        return found

    def _title(self, word: str) -> bool:
        """Tell whether a word is a courtesy title or rank word."""
        return word.lower().rstrip(".") in self.lexicon.title_words

    def _surname(self, cand: Candidate, span: Span, unit: RoleUnit | None) -> Found | None:
        """Resolve a bare surname: the person already introduced, else one clear dictionary match."""
        word = next(t.text for t in span if not self._title(t.text))
        named = self._given_before(span, word)
        if named is not None:  # "Ivanka Trump" found as "Trump": the person named so before
            return named, "coref", 0.9
        seen = self.history.surname(self.dictionary.key(word))
        said = self._title_gender(span)
        if seen is not None and said is not None and self.history.genders.get(seen, said) != said:
            seen = self.history.namesake(self.dictionary.key(word), said)  # "Mrs. Roe" is not her husband
        if seen is not None and unit is not None:
            holder = self._holder_namesake(word, seen, unit)
            if holder != seen:  # "President Roe" after his wife: him, from the dictionary
                return holder, "name", 0.85
        if seen is None and span[0].ent_type_ == "PERSON":
            seen = self._slipped(self.dictionary.key(word))
        if seen is not None:
            return seen, "coref", 0.9
        if span[0].ent_type_ == "PERSON" and unit is None and (is_given_name(word) or self._nickname(word)):
            given = self._given(word)  # "Melanie": a person the feature calls by her given name
            if given == AMBIGUOUS:
                return None  # "Larry" after "Larry Roe" and "Larry Doe": either of them
            if given is not None:
                return given, "coref", 0.9
            if is_given_name(word) and not self.dictionary.surnames(word) and not self._named_in_full_later(span):
                return self._new_person(cand, span, None)
        titled = unit is not None or self._title(span[0].text) or (
            span.start > 0 and self._title(self.doc[span.start - 1].text)
        )
        options = self._narrow(self.dictionary.surnames(word), unit)
        if not options and (span[0].ent_type_ == "PERSON" or titled):
            return self._by_surname_alone(cand, span, word, self._office_before(span))
        if said is not None:  # "King Hassan" is no woman called Hassan
            options = [a for a in options if gender_of(a.name, None) in (None, said)]
        country = self._country_after(span)
        if country is not None:  # "King Hassan OF MOROCCO" is no Maldivian Hassan
            options = [a for a in options if a.country == country]
        if len(options) != 1 or _other_office(options[0], unit):
            return None
        if titled or span[0].ent_type_ == "PERSON" or self._plain_name(span, options[0]):
            return options[0].id, "name", 0.85
        return None

    def _holder_namesake(self, word: str, seen: str, unit: RoleUnit) -> str:
        """Return the one namesake who held the office that titles a surname, when the person the
        document calls by it never did; else that person.

        "President Roe" in a text about Jane Roe, who never was president, is the former president
        John Roe of the dictionary, not her; "Senator Roe" stays hers when she was a senator, or
        when the text gave her the office itself, and so does a surname two former holders share.
        """
        role = unit.role.role
        actor = self.dictionary.by_id(seen)
        if role is None or actor is None or any(r.role_key == role for r in actor.roles):
            return seen
        if self.history.roles_of(seen) & unit.role.family:
            return seen
        holders = [
            a.id for a in self.dictionary.surnames(word)
            if a.kind == "person" and a.id != seen
            and any(r.role_key == role and unit.country in (None, r.country) for r in a.roles)
        ]
        return holders[0] if len(holders) == 1 else seen

    def _given_before(self, span: Span, word: str) -> str | None:
        """Return the person the text named with the given name right before a surname found alone."""
        if span.start == 0 or not self.doc[span.start - 1].is_title:
            return None
        slug = new_person_id(f"{self.doc[span.start - 1].text} {word}")
        return slug if slug in self._new else None

    def _title_gender(self, span: Span) -> str | None:
        """Return the gender a title in or right before a surname tells ("Mrs. Roe"), if any."""
        before = (span[0], self.doc[span.start - 1]) if span.start > 0 else (span[0],)
        return next((g for g in (title_gender(t.lower_) for t in before) if g is not None), None)

    def _given(self, word: str) -> str | None:
        """Return the person introduced earlier whose given name this word is ("Melanie" after "Melanie Roe").

        A person called by a given name alone, in a feature or a profile, is
        the one the document introduced so, also under the formal name a
        nickname stands for ("Larry" after "Laurence Roe", resolve_words.yaml
        `nicknames`). Of two people so introduced, the word is the one
        mentioned at least SALIENT times as often as any other ("Hillary",
        talked about all along, not a headline's "Hillary Asking Moderator"
        the tagger took for a name); else it is ambiguous (AMBIGUOUS). With
        nobody, the given name is a person of its own (a new actor).
        """
        keys = self._given_keys(word)
        named: dict[str, bool] = {}
        for seen in self.history.seen:
            if seen.actor not in named:
                actor = self.dictionary.by_id(seen.actor) or self._new.get(seen.actor)
                first = actor.name.split()[:1] if actor is not None else []
                named[seen.actor] = bool(first) and self.dictionary.key(first[0]) in keys
        counts = Counter(s.actor for s in self.history.seen if named[s.actor]).most_common(2)
        if not counts:
            return None
        if len(counts) == 1 or counts[0][1] >= SALIENT * counts[1][1]:
            return counts[0][0]
        return AMBIGUOUS

    def _given_keys(self, word: str) -> set[str]:
        """Return the keys of a given name and of the names it is a nickname for, or that are its nicknames."""
        nicknames = self.lexicon.words["nicknames"]
        lower = word.lower()
        names = {lower, *nicknames.get(lower, ())}
        names.update(short for short, formal in nicknames.items() if lower in formal)
        return {self.dictionary.key(n) for n in names}

    def _nickname(self, word: str) -> bool:
        """Tell whether a word is a nickname of resolve_words.yaml ("Larry")."""
        return word.lower() in self.lexicon.words["nicknames"]

    def _office_before(self, span: Span) -> bool:
        """Tell whether a title or an office word stands right before a name ("Sen. Roe", "Mr. Roe", "Mayor Roe")."""
        if span.start == 0 or not self.doc[span.start - 1].text[:1].isupper():
            return False
        word = self.doc[span.start - 1].lower_.rstrip(".")
        words = self.lexicon.words
        return word in words["surname_titles"] or word in words["title_nouns"] or word in words["office_words"]

    def _by_surname_alone(self, cand: Candidate, span: Span, word: str, titled: bool) -> Found | None:
        """Resolve a surname no earlier name and no dictionary person has.

        It is the one person the document names in full with it, before or
        after ("Roe" in a headline, "Sen. Jane Roe" below); with none, a
        titled surname ("Sen. Roe", "Gov. Roe") is a person of its own; two
        people named in full with it leave it unresolved.
        """
        full = self._full_names().get(self.dictionary.key(word), set())
        if len(full) == 1:
            name = full.pop()
            return self._full_name(name, None) or self._new_person(replace(cand, lookup=name), span, None)
        if not full and titled and span[0].pos_ == "PROPN" and span[-1].text[:1].isupper():
            slipped = self._dictionary_slip(self.dictionary.key(word))
            return (slipped, "fuzzy", 0.8) if slipped else self._new_person(cand, span, None)
        return None

    def _dictionary_slip(self, key: str) -> str | None:
        """Return the one dictionary person in office whose surname is a slip away ("Mr Cavousoglou"), for a
        titled surname about to make a new person.

        A slip is one letter in a surname of SLIP_MIN letters or more, two in one of LONG_SLIP or more: on
        the dev pages two letters in shorter ones took "Garland" for Gallant and "Mendez" for Melendez.
        """
        if len(key) < SLIP_MIN:
            return None
        index = _surname_index(self.lexicon)
        cutoff = MAX_SLIP if len(key) >= LONG_SLIP else 1
        close = process.extract(key, list(index), scorer=Levenshtein.distance, score_cutoff=cutoff, limit=None)
        ids = {i for known, _, _ in close if known[:1] == key[:1] and len(known) >= SLIP_MIN for i in index[known]}
        people = [a for a in (self.dictionary.by_id(i) for i in ids) if a is not None]
        if self.on is not None:
            people = [a for a in people if a.roles_on(self.on)]
        return people[0].id if len(people) == 1 else None

    def _full_names(self) -> dict[str, set[str]]:
        """Map surname keys to the full names of people the document names with them (once per document)."""
        if self._full is None:
            self._full = {}
            for ent in self.doc.ents:
                if ent.label_ == "PERSON" and len(ent) > 1 and ent[-1].text[:1].isupper():
                    name = " ".join(t.text for t in ent if not self._title(t.text) and t.tag_ != "POS")
                    if len(name.split()) > 1:
                        self._full.setdefault(self.dictionary.key(name.split()[-1]), set()).add(name)
        return self._full

    def _named_in_full_later(self, span: Span) -> bool:
        """Tell whether the document later writes this given name with a surname ("Hillary" … "Hillary Roe").

        A headline's "Hillary" is the person the story names in full further
        on, not a person of her own.
        """
        doc, word = self.doc, span[0].text
        return any(
            doc[i].text == word and doc[i + 1].pos_ == "PROPN" and doc[i + 1].text[:1].isupper()
            for i in range(span.end, len(doc) - 1)
        )

    def _slipped(self, key: str) -> str | None:
        """Return the person introduced under a surname one letter away ("McLenney" after "Jane McClenney").

        Only long surnames (SLIP_MIN letters), and only one person so close.
        """
        if len(key) < SLIP_MIN:
            return None
        close = {actor for known, actor in self.history.by_surname.items() if _one_letter(key, known)}
        return close.pop() if len(close) == 1 else None

    def _plain_name(self, span: Span, actor: Actor) -> bool:
        """Accept an untagged surname only as a proper noun, not a date, of someone in office then.

        spaCy sometimes tags a surname GPE ("thanked Scholz"); "May" in "in May"
        is a DATE and stays out.
        """
        token = span[0]
        in_office = self.on is not None and bool(actor.roles_on(self.on))
        return token.pos_ == "PROPN" and token.ent_type_ not in NOT_NAMES and in_office

    def _cut_name(self, span: Span, text: str, unit: RoleUnit | None) -> Found | None:
        """Resolve a name the entity tagger cut after its given names ("Gilberto C." | "Teodoro Jr.").

        Capitalised proper nouns (not titles) on the same line right before
        the name are tried as its given names, nearest first, up to
        GIVEN_BEFORE words; the first whole name the dictionary knows wins.
        """
        start = span.start
        while start > 0 and span.start - start < GIVEN_BEFORE:
            token = self.doc[start - 1]
            if not (token.pos_ == "PROPN" and token.text[:1].isupper() and not self._title(token.text)
                    and "\n" not in token.whitespace_):
                return None
            start -= 1
            found = self._full_name(f"{self.doc[start : span.start].text} {text}", unit)
            if found is not None:
                return found
        return None

    def _foreign_title(self, span: Span) -> Found | None:
        """Resolve "Président Macron": an office word written with accents, then one surname.

        The role phrases are matched as written, so the French or Spanish
        spelling of a one-word office ("Président", "Presidente") leaves it
        inside the name; folded, it is the office, and the surname after it
        is resolved as a titled one (the person already named, else the one
        dictionary person of that surname).
        """
        if len(span) != 2 or span[0].text.isascii() or normalise(span[0].text) not in _one_word_offices(self.lexicon):
            return None
        word = span[1].text
        seen = self.history.surname(self.dictionary.key(word))
        if seen is not None:
            return seen, "coref", 0.9
        options = self._narrow(self.dictionary.surnames(word), None)
        return (options[0].id, "name", 0.85) if len(options) == 1 else None

    def _full_name(self, text: str, unit: RoleUnit | None) -> Found | None:
        """Resolve a full name through the dictionary's exact (folded) lookup, middle initials aside."""
        words = text.split()
        plain = " ".join(w for n, w in enumerate(words) if n == 0 or not _INITIAL.fullmatch(w))
        options = self._narrow(self.lexicon.exact(text) or self.lexicon.exact(plain), unit)
        options = [a for a in options if a.kind == "person"]
        return (options[0].id, "name", 1.0) if options else None

    def _narrow(self, actors: list[Actor], unit: RoleUnit | None) -> list[Actor]:
        """Narrow people sharing a name by the titling role, the date, the document."""
        actors = [a for a in actors if a.kind == "person"]
        steps = []
        if unit is not None and unit.role.role:
            steps.append(lambda a: self._holds(a, unit.role.role, unit.country))
        if unit is not None and unit.country:
            steps.append(lambda a: a.country == unit.country)
        if self.on is not None:
            steps.append(lambda a: bool(a.roles_on(self.on)))
        steps.append(lambda a: a.country in self.countries)
        for keep in steps:
            if len(actors) < 2:
                break
            actors = [a for a in actors if keep(a)] or actors
        return self._prefer_seen(actors)

    def _holds(self, actor: Actor, role_key: str | None, country: str | None) -> bool:
        """Tell whether an actor held a role (in a country) on the date, or ever if no date."""
        return any(
            r.role_key == role_key
            and (country is None or r.country == country)
            and (self.on is None or r.active(self.on))
            for r in actor.roles
        )

    def _prefer_seen(self, actors: list[Actor]) -> list[Actor]:
        """Put people already mentioned in the document first."""
        seen = {s.actor for s in self.history.seen}
        return sorted(actors, key=lambda a: a.id not in seen)

    def _fuzzy(self, text: str, unit: RoleUnit | None) -> Found | None:
        """Match a spelling variant, guarded by role, country and date (see module docstring)."""
        for actor, score in self.dictionary.fuzzy(text, score_cutoff=FUZZY_FLOOR):
            if actor.kind != "person":
                continue
            if unit is not None and unit.role.role:
                if self._holds(actor, unit.role.role, unit.country):
                    return actor.id, "fuzzy", round(score / 100, 2)
                continue
            in_office = self.on is None or bool(actor.roles_on(self.on))
            if score >= FUZZY_ALONE and actor.country in self.countries and in_office:
                return actor.id, "fuzzy", round(score / 100 - 0.1, 2)
        return None

    def _new_person(self, cand: Candidate, span: Span, unit: RoleUnit | None) -> Found | None:
        """Create (once per document) an actor for a person the dictionary lacks; None for what names nobody."""
        if not nameable(span.text):
            return None
        name = self._display_name(cand, span)
        slug = new_person_id(name)
        slug = self._same_new_person(slug) or slug
        known = self._new.get(slug)
        if known is not None and known.country is None and unit is not None and unit.country:
            # a later mention titles the person ("Greek Foreign Minister Nikos Dendias"): their state
            known.country, known.sector = unit.country, known.sector or unit.role.sector
            known.code = self._code(known.country, known.sector)
            known.roles.append(Role(unit.role.text.title(), unit.role.role or "other", unit.country, known.sector))
        if slug not in self._new:
            country = unit.country if unit is not None and unit.country else self._country_after(span)
            country = country or self._country_beside(span)
            sector = unit.role.sector if unit is not None else None
            if sector is None and any(normalise(t.text) in self.lexicon.ranks for t in self._before(span)):
                sector = "MIL"
            roles = []
            if unit is not None:
                roles.append(Role(unit.role.text.title(), unit.role.role or "other", country, sector))
            self._new[slug] = Actor(
                id=slug, name=name, kind="person", country=country, sector=sector,
                code=self._code(country, sector) if country else sector, roles=roles,
                sources=["text"],
            )
        return slug, "new", 0.6

    def _code(self, country: str, sector: str | None) -> str | None:
        """Return a new person's CAMEO code: an organisation's own for its officials ("NATO
        Secretary-General Jane Roe" is IGOWSTNAT, as the dictionary codes them, not "natoIGO"),
        else country + sector."""
        owner = self.dictionary.by_id(country)
        if owner is not None and owner.kind == "organisation" and owner.code:
            return owner.code
        return cameo_code(country, sector)

    def _same_new_person(self, slug: str) -> str | None:
        """Return the new person already created in this document that a name also names.

        One person, one actor per document: "Al Kaabi" after "Noura Al Kaabi",
        or "Nora Al Kaabi" (a spelling slip of one or two letters in the
        given name) name the same new person.
        """
        words = slug.removeprefix(NEW_PREFIX).split("_")
        for known in self._new:
            other = known.removeprefix(NEW_PREFIX).split("_")
            if other == words or len(other) < 2 or len(words) < 1:
                continue
            if other[-len(words):] == words and len(words) < len(other):
                return known
            if len(words) == len(other) >= 2 and words[1:] == other[1:] and _close(words[0], other[0]):
                return known
        return None

    def _display_name(self, cand: Candidate, span: Span) -> str:
        """Write a new person's name given name first, without titles or symbols ("Roe🟠" in a post's signature)."""
        text = cand.lookup or span.text
        if "," in text:
            family, given = text.split(",", 1)
            family = " ".join(w for w in family.split() if not self._title(w))
            text = (comma_reorder(f"{family}, {given.strip()}") or [text])[0]
        words = (_SYMBOLS.sub("", w) for w in text.split() if not self._title(w))
        return " ".join(w for w in words if w)

    def _before(self, span: Span) -> list:  # type: ignore[type-arg]
        """Return the span's tokens and the title words right before it."""
        start = span.start
        while start > 0 and self._title(self.doc[start - 1].text):
            start -= 1
        return list(self.doc[start : span.end])

    def _country_after(self, span: Span) -> str | None:
        """Find "of <state>" right after a name ("Jane Doe of Canada")."""
        end = span.end
        if end + 1 < len(self.doc) and self.doc[end].lower_ == "of":
            after = self.doc[end + 1 : end + 4]
            for n in range(len(after), 0, -1):
                state = self.lexicon.state(after[:n].text)
                if state is not None:
                    return state.id
        return None

    def _country_beside(self, span: Span) -> str | None:
        """Find the state a description beside a new name gives, read from the parse: "IRAN's
        religious leader X", "X, ALGERIA's leading activist", "a member of the SYRIAN parliament, X",
        "NIGERIAN junior foreign minister X" (a member noun's "of" body counts; "a critic of Russian
        policy" is no Russian)."""
        root = span.root
        inside = range(span.start, span.end)
        nouns = [c for c in root.children if c.dep_ in ("appos", "compound") and c.i not in inside]
        if root.dep_ in ("appos", "compound") and root.head.i not in inside:
            nouns.append(root.head)
        for noun in nouns:
            bodies = [noun]
            if noun.lemma_.lower() in self.lexicon.words["member_nouns"]:
                bodies += [o for p in noun.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children if o.dep_ == "pobj"]
            for body in bodies:
                for c in body.children:
                    state = self.lexicon.state(_whole(c)) if c.dep_ in ("poss", "amod") else None
                    if state is not None:  # a state's name or demonym, not "a VIETNAM prisoner of war"
                        return state.id
        return None

    def _remember(self, actor_id: str, start: int, end: int, unit: RoleUnit | None) -> None:
        """Add a resolved person to the document's history and surname map."""
        actor = self.dictionary.by_id(actor_id) or self._new.get(actor_id)
        if actor is None:
            return
        roles = {r.role_key for r in actor.roles if self.on is None or r.active(self.on)}
        if unit is not None and unit.role.role:
            roles.add(unit.role.role)
        titles = [self.doc[i].text for i in (start - 1, start) if 0 <= i < len(self.doc)]
        title = next((t for t in titles if gender_of("", t) is not None), None)
        self.history.add(actor_id, start, end, frozenset(roles), actor.country, gender_of(actor.name, title))
        keys = self.lexicon.surname_keys.get(actor_id)
        if keys is None:
            keys = (self.dictionary.key(surname(actor.name, family_first(actor.country, actor.name))),)
        kin = self._kin_before(start)
        for key in keys:
            self.history.name_surname(key, actor_id, start, end, kin)

    def _kin_before(self, start: int) -> bool:
        """Tell whether a name follows a kin word ("his wife, Jane Roe", "her son John Roe")."""
        i = start - 1
        while i >= 0 and self._title(self.doc[i].text):
            i -= 1
        if i >= 0 and self.doc[i].text == ",":
            i -= 1
        return i >= 0 and self.doc[i].lower_ in self.lexicon.words["kin"]


_SURNAME_INDEX: dict[int, tuple[Lexicon, dict[str, list[str]]]] = {}


def _surname_index(lexicon: Lexicon) -> dict[str, list[str]]:
    """Map the dictionary's surname keys to its people, once per lexicon (a lexicon is cached per process)."""
    held = _SURNAME_INDEX.get(id(lexicon))
    if held is None or held[0] is not lexicon:
        index: dict[str, list[str]] = {}
        for actor_id, keys in lexicon.surname_keys.items():
            for key in keys:
                index.setdefault(key, []).append(actor_id)
        held = _SURNAME_INDEX[id(lexicon)] = (lexicon, index)
    return held[1]


def _other_office(actor: Actor, unit: RoleUnit | None) -> bool:
    """Tell whether the office titling a surname is one its only candidate never held ("the English King Harold").

    People the dictionary gives no office are not ruled out: it does not know.
    """
    if unit is None or not unit.role.role or not actor.roles:
        return False
    return not any(r.role_key == unit.role.role for r in actor.roles)


def _one_word_offices(lexicon: Lexicon) -> frozenset[str]:
    """Return the role phrases of one word ("president", "premier"), folded."""
    return frozenset(normalise(p.text) for p in lexicon.role_phrases.values() if " " not in p.text.strip())


def _one_letter(one: str, two: str) -> bool:
    """Tell whether two words differ by one letter changed, added or dropped, the first letter kept."""
    if one == two or one[:1] != two[:1] or abs(len(one) - len(two)) > 1:
        return False
    if len(one) == len(two):
        return sum(a != b for a, b in zip(one, two, strict=True)) == 1
    short, long = sorted((one, two), key=len)
    return any(long[:k] + long[k + 1 :] == short for k in range(len(long)))


def _close(one: str, two: str) -> bool:
    """Tell whether two given names differ by a slip: one or two letters changed, added or dropped, same first letter.

    Letters are compared by edit distance, not place by place: "Nora" and
    "Noura" are one letter apart, though every letter after the slip moves.
    """
    if one[:1] != two[:1] or abs(len(one) - len(two)) > MAX_SLIP:
        return False
    return Levenshtein.distance(one, two, score_cutoff=MAX_SLIP) <= MAX_SLIP


def surname_actor(dictionary: ActorDictionary, word: str, on: date | None) -> str | None:
    """Return the one person of the dictionary called by this surname and in office on the date."""
    people = [a for a in dictionary.surnames(word) if a.kind == "person"]
    if on is not None and len(people) > 1:
        people = [a for a in people if a.roles_on(on)]
    return people[0].id if len(people) == 1 else None


def _whole(modifier: Token) -> str:
    """Return a modifier's words without its case marker: "the United States" of "the United States'"."""
    return " ".join(t.text for t in modifier.subtree if t.dep_ not in ("case", "punct"))
