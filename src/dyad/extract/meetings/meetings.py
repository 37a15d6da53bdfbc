"""Find the meetings a document reports: held or planned, when, where, in what format, and who took part.

A meeting is reported by a trigger: a noun such as "talks" or "consultation"
with a place, a date or a verb of holding attached ("talks in Tokyo", "held a
consultation"), a verb such as "met", or a format name that was held ("the
2+2 was held in Moscow"). Triggers under a verb of planning or with
"upcoming"/"next" report plans: meetings with status "planned" (the
commitments stage records them as promises too).

The stages are split by concern: `meeting_groups` gathers the trigger
sentences of one meeting; `meeting_places` places it (in/at phrases, the
gazetteer, datelines), `meeting_titles` reads the report's title,
`meeting_years` gives a year-less day its year, `meeting_people` names people
by office. Participants come from the format when it defines roles (a 2+2 is
its foreign and defence ministers: every person the document names who held
one of those offices on the day), otherwise from the people named in the
trigger sentences, plus those named by office ("his Turkish counterpart").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

import numpy as np
from spacy.attrs import LEMMA, LOWER
from spacy.strings import StringStore
from spacy.tokens import Doc, Span, Token

from dyad.actors import ActorDictionary
from dyad.caches import Bounded
from dyad.data import load_yaml
from dyad.extract.meetings.meeting_context import day_of_scene, recalled, speaker_attends
from dyad.extract.meetings.meeting_groups import (
    Sighting,
    group_sightings,
    near,
    recent,
    soft,
)
from dyad.extract.meetings.meeting_people import office_holders
from dyad.extract.meetings.meeting_places import (
    Place,
    cities_in,
    find_dateline,
    name_key,
    place_in_phrase,
    placing_phrases,
)
from dyad.extract.meetings.meeting_titles import TitleHints, title_hints
from dyad.extract.meetings.meeting_years import infer_year, weekday_named, years_named
from dyad.extract.mentions.people import NEW_PREFIX
from dyad.extract.time.timex import TimeExpr, starting_in
from dyad.model import Meeting, Mention, Published
from dyad.nlp.analyze import column, doc_text, sentences, word_ids

_DAYISH = {"day", "days"}  # a day, or a span of a few ("11-12 July")
_HELD_VERBS = ("hold", "take", "convene")
_MODIFIERS = frozenset({"aux", "auxpass", "advmod", "npadvmod", "neg"})
_CLAUSES = frozenset({"conj", "cc", "ccomp", "xcomp", "advcl", "parataxis", "relcl", "acl"})
_SCENE = frozenset({"in", "at", "during", "after", "following"})


@dataclass
class _Words:
    nouns: frozenset[str]
    held_nouns: frozenset[str]
    held_forms: frozenset[str]
    unmet: frozenset[str]
    kin: frozenset[str]
    publics: frozenset[str]
    contests: frozenset[str]
    bodies: frozenset[str]
    of_talks: frozenset[str]
    home_gatherings: frozenset[str]
    verbs: frozenset[str]
    receiving: frozenset[str]
    not_after: frozenset[str]
    together: frozenset[str]
    holding: frozenset[str]
    future: frozenset[str]
    planning: frozenset[str]
    remote: frozenset[str]
    role_words: dict[str, str]
    onlookers: frozenset[str]
    visiting: frozenset[str]
    travelling: frozenset[str]
    asking: frozenset[str]
    urging: frozenset[str]
    before: frozenset[str]
    sequence: frozenset[str]
    lead_sentences: int
    absent: dict[str, frozenset[str]] = field(default_factory=dict)
    formats: list[tuple[str, re.Pattern[str], tuple[str, ...]]] = field(default_factory=list)


@cache
def _words() -> _Words:
    """Load the meeting words and formats from the bundled data file."""
    data: dict[str, Any] = load_yaml("meetings.yaml")
    triggers = data["triggers"]
    formats = [
        (f["name"], re.compile("|".join(f"(?:{p})" for p in f["patterns"]), re.I), tuple(f.get("roles") or ()))
        for f in data["formats"]
    ]
    return _Words(
        nouns=frozenset(triggers["nouns"]),
        held_nouns=frozenset(triggers.get("held_nouns", ())),
        held_forms=frozenset(triggers["held_forms"]),
        unmet=frozenset(triggers["unmet"]),
        kin=frozenset(triggers["kin"]),
        publics=frozenset(triggers["publics"]),
        contests=frozenset(triggers["contests"]),
        bodies=frozenset(triggers["bodies"]),
        of_talks=frozenset(triggers["of_talks"]),
        home_gatherings=frozenset(triggers["home_gatherings"]),
        verbs=frozenset(triggers["verbs"]),
        receiving=frozenset(triggers["receiving"]),
        not_after=frozenset(triggers["not_after"]),
        together=frozenset(triggers["together"]),
        holding=frozenset(triggers["holding_verbs"]),
        future=frozenset(data["future"]),
        planning=frozenset(data["planning"]),
        remote=frozenset(data["remote"]),
        role_words=dict(data["role_words"]),
        onlookers=frozenset(data["onlookers"]),
        visiting=frozenset(data["visiting"]),
        travelling=frozenset(data["travelling"]),
        asking=frozenset(data["asking"]),
        urging=frozenset(data["urging"]),
        before=frozenset(data["before"]),
        sequence=frozenset(data["sequence"]),
        lead_sentences=int(data["lead_sentences"]),
        absent={k: frozenset(v) for k, v in data["absent"].items()},
        formats=formats,
    )


@dataclass
class _Index:
    """What the scan reads from the whole parse once, rather than once per sentence."""

    candidates: list[int]  # tokens whose words could make them a trigger
    remote: list[int]  # tokens whose word says a meeting was held from afar ("by video", "online")


def find_meetings(
    doc: Doc,
    mentions: list[Mention],
    times: list[TimeExpr],
    on: date | None,
    dictionary: ActorDictionary,
    published: Published | None = None,
    title: str | None = None,
    byline: str | None = None,
    newcomers: Mapping[str, str | None] | None = None,
) -> list[Meeting]:
    """Return the meetings a parsed document reports, in order of first report.

    `on` is the report's day; `published` its date when known only to the
    month or year, which then dates the meetings the sentences leave undated;
    `title` the report's title, which may date and place its meeting;
    `byline` its author, who attends the meeting of a speech (`speaker_attends`);
    `newcomers` the country the text gives each person new to the dictionary.
    """
    words = _words()
    index = _index(doc, words)
    dateline = find_dateline(doc_text(doc))
    if dateline is not None:  # the dateline's date is the report's, not the meeting's
        times = [t for t in times if not dateline.start <= t.start < dateline.end]
    sightings = [s for sent in sentences(doc) for s in _sightings(sent, index, words, mentions, times, dictionary)]
    _carried_out(sightings, on, words)
    groups = [g for g in group_sightings([s for s in sightings if not s.planned and not s.before], on)
              if not _one_sides_own(g, mentions, dictionary, newcomers or {})]
    named = years_named(doc_text(doc)) if on is None else frozenset()
    late = _told_late(groups, doc, words.lead_sentences) if on is not None else set()
    absent = _absentees(doc, mentions, words)
    found = [_meeting(group, mentions, on, dictionary, words, named, passing=n in late, absent=absent)
             for n, group in enumerate(groups)]
    coarse = published.value if published is not None and published.precision in ("month", "year") else None
    hints = title_hints(title, words.nouns, [p for _, p, _ in words.formats], on, dictionary)
    if hints is not None:
        _apply_title(found, groups, hints, on)
    for n, (meeting, group) in enumerate(zip(found, groups, strict=True)):
        if meeting.date is None and coarse is not None and recent(group[-1], on):
            meeting.date = coarse
        _place_in_city(meeting, group)
        if dateline is not None and not (n in late and meeting.date is None):
            _place_by_dateline(meeting, group, dateline.city, on, lead=n == 0)
        if n and recalled(group, meeting, found[0], on):
            meeting.status = "background"
        elif meeting.place is not None and (meeting.date is None or len(meeting.date) < 10):
            day_of_scene(doc, meeting, times, mentions, dictionary)
    if found and found[0].status == "held" and byline:
        speaker_attends(doc, found[0], byline, dictionary)
    earlier = [_meeting([s], mentions, None, dictionary, words, passing=True, absent=absent) for s in sightings
               if s.before and not s.planned and not _one_sides_own([s], mentions, dictionary, newcomers or {})]
    for meeting in earlier:
        meeting.status = "background"
    return found + earlier + _plans([s for s in sightings if s.planned], mentions, dictionary, words, absent)


def _absentees(doc: Doc, mentions: list[Mention], words: _Words) -> dict[str, set[int]]:
    """Return the people the text says took no part, each with the sentences (their first character) saying so.

    The person is the subject of a verb of taking part denied ("X was not
    invited", "Y did not attend", "never joined"), of a verb of staying out
    ("Z skipped the summit"), of "was absent" or of "stayed away" (the
    words are `absent` in meetings.yaml). A person joined to such a subject
    ("X and Y did not attend") is one too. Only the people the mentions
    name are asked: no walk over the document's tokens.
    """
    absent = words.absent
    found: dict[str, set[int]] = {}
    for mention in mentions:
        if mention.kind != "person" or not mention.actor:
            continue
        node = _phrase_head(doc, mention)
        if node is None or node.dep_ not in ("nsubj", "nsubjpass"):
            continue
        verb = node.head
        lemma = verb.lemma_.lower()
        denied = any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)
        if (denied and lemma in absent["denied"]) or (not denied and (
                lemma in absent["away"]
                or any(c.dep_ == "acomp" and c.lower_ in absent["adjectives"] for c in verb.children)
                or (lemma in absent["with_away"] and any(c.lower_ == "away" for c in verb.children)))):
            found.setdefault(mention.actor, set()).add(verb.sent.start_char)
    return found


def _carried_out(sightings: list[Sighting], on: date | None, words: _Words) -> None:
    """Report as held the plans the text shows carried out; sightings are changed in place.

    A plan dated wholly before the report's day by its own words ("her
    decision to meet with X at the end of June", told in September) is
    a meeting that took place; a month without a year that falls in the
    year before ("at the end of November", told in September) may be the
    coming one, and stays a plan. A plan followed at once by a bare "the
    meeting" with nothing of its own (no date, place or people) and no
    modal or future word ("X invited Y to a meeting in Z. The meeting
    hardly improved relations.") has its meeting told as held. "The
    meeting would focus on trade" after an invitation stays a plan.
    """
    for n, sighting in enumerate(sightings):
        if not sighting.planned or sighting.before:
            continue
        when = sighting.date
        if when is not None and when.last is not None and on is not None and when.last < on and not soft(when) \
                and (when.last.year == on.year or re.search(r"\b\d{4}\b", when.text)):
            sighting.planned = False  # a year-less month put in the year before may be the next one
            continue
        after = sightings[n + 1] if n + 1 < len(sightings) else None
        if (sighting.date is None and after is not None and not after.planned and after.definite
                and after.date is None and after.place is None and not after.people
                and after.sentence.start - sighting.sentence.end <= 1
                and not any(t.tag_ == "MD" or _is_word(t, words.future) for t in after.sentence)):
            sighting.planned = False


def _told_late(groups: list[list[Sighting]], doc: Doc, lead: int) -> set[int]:
    """Return the numbers of the meetings first told after the report's lead whose sentences give no date.

    News tells its own meeting in its first sentences; one first named
    further down with no date of its own is told in passing ("After her
    meeting with Obama, the White House announced …", "Obama said after
    meeting with Putin", "a historian who attended the session"), often
    days or years before the report: it is left undated rather than dated
    by the report's day, no dateline places it, and, not being the report's
    own meeting, it has only the officeholders its sentences name.
    """
    starts = [s.start_char for s in sentences(doc)]
    if len(starts) <= lead:
        return set()
    end = starts[lead]
    return {n for n, group in enumerate(groups)
            if group[0].sentence.start_char >= end and all(s.date is None or soft(s.date) for s in group)}


def _plans(sightings: list[Sighting], mentions: list[Mention], dictionary: ActorDictionary,
           words: _Words, absent: Mapping[str, set[int]]) -> list[Meeting]:
    """Build the meetings a report announces: dated and placed by their own sentences only."""
    plans = []
    for group in group_sightings(sightings, None):
        meeting = _meeting(group, mentions, None, dictionary, words, absent=absent)
        meeting.status = "planned"
        plans.append(meeting)
    return plans


def _one_sides_own(group: list[Sighting], mentions: list[Mention], dictionary: ActorDictionary,
                   newcomers: Mapping[str, str | None]) -> bool:
    """Tell whether a meeting is one side's own: its people all new to the dictionary, no state named.

    "Executives met the buyer", "the committee met the department's
    liaison", "in meetings early in her career": no officeholder the
    dictionary knows takes part, the sentences name no state (a body such as
    a ministry may be named), and the people's titles give at most one
    country, so it is no meeting between states. A state named ("met with
    Burmese leaders") may be the other side: kept. The dev pages hold no
    held meeting whose people are all new (0 of 36).
    """
    people = frozenset().union(*(s.people for s in group))
    if not people or any(not p.startswith(NEW_PREFIX) for p in people) or any(s.format for s in group):
        return False
    spans = [(s.sentence.start_char, s.sentence.end_char) for s in group]
    if any(m.kind == "state" and any(a <= m.start < b for a, b in spans) for m in mentions):
        return False
    countries = {c for c in (newcomers.get(p) for p in people) if c}
    for mention in mentions:
        if mention.actor and any(a <= mention.start < b for a, b in spans):
            actor = dictionary.by_id(mention.actor)
            if actor is not None and actor.country:
                countries.add(actor.country)
    return len(countries) < 2


def _apply_title(found: list[Meeting], groups: list[list[Sighting]], hints: TitleHints, on: date | None) -> None:
    """Date and place the report's own meeting (its first held around the title's date) from its title."""
    for meeting, group in zip(found, groups, strict=True):
        loose = all(s.date is None or soft(s.date) for s in group)  # no sentence dates it
        if not loose and hints.date and meeting.date and not _dates_agree(meeting.date, hints.date):
            continue  # an earlier round: the title is about another meeting
        if hints.date and loose:
            meeting.date = hints.date
        meeting.participants = list(dict.fromkeys([*meeting.participants, *hints.people]))
        remote = any(s.remote for s in group)
        if hints.city and not remote and not any(s.place and not s.place_is_state for s in group):
            if all(s.country in (None, hints.city.country) for s in group if s.place):
                meeting.place = hints.city.name
        return


def _dates_agree(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _place_in_city(meeting: Meeting, group: list[Sighting]) -> None:
    """Narrow a meeting placed in a country to the one city of that country its sentences name."""
    country = next((s.country for s in group if s.place_is_state and s.country), None)
    if country is None or any(s.place and not s.place_is_state for s in group):
        return
    for sighting in group:
        city = cities_in(sighting.sentence, country)
        if city is not None:
            meeting.place = city.name
            return


def _place_by_dateline(meeting: Meeting, group: list[Sighting], city: Place, on: date | None, lead: bool) -> None:
    """Give a meeting held around the report's day, in person and without a city, the dateline's city.

    In an undated report the day cannot be checked: the first meeting it
    reports (its lead) takes the dateline's city.
    """
    if any(s.remote for s in group) or any(s.place and not s.place_is_state for s in group):
        return
    if any(s.place_is_state and s.country not in (None, city.country) for s in group):
        return  # placed in another country than the dateline's
    if meeting.date is not None and (not lead if on is None else not near(meeting.date, on)):
        return  # an earlier round recalled, or a later meeting of an undated report
    meeting.place = city.name


# News never stops bringing new words (names above all), so the memo is
# emptied when it reaches this many lemmas rather than grow with the corpus.
# 20,000 lemmas (~3 MB) hold a few hundred articles' words: the common ones
# come back at once, and a lemma costs a microsecond to work out again.
_CANDIDATE_MAX = 20_000
_TRIGGER_LEMMA: Bounded[int, bool] = Bounded(_CANDIDATE_MAX)  # lemma hash → its lower case is a trigger word


def _index(doc: Doc, words: _Words) -> _Index:
    """Read the trigger candidates and the words of remote meetings from the parse's arrays, once a document."""
    lowers = column(doc, LOWER)
    remote = np.flatnonzero(np.isin(lowers, word_ids(words.remote))).tolist()
    return _Index(_candidates(doc, column(doc, LEMMA), lowers, words), remote)


def _candidates(doc: Doc, lemmas: np.ndarray, lowers: np.ndarray, words: _Words) -> list[int]:
    """Return the tokens whose lemma or form is a trigger word, read from the parse's LEMMA and LOWER columns.

    Only these can pass `_reports_meeting`; building a Token for every word of
    every sentence to ask it was half of this stage's time. Each distinct
    lemma of the document is asked once (a memo by lemma), and the forms are
    compared as hashes: a loop over every token's (lemma, form) pair in
    Python cost 0.72 s of CPU per 1,000 generated news pages, this 0.26 s.
    """
    distinct, where = np.unique(lemmas, return_inverse=True)
    strings = doc.vocab.strings
    trigger = np.array([_is_trigger_lemma(lemma, strings, words) for lemma in distinct.tolist()], dtype=bool)
    found = trigger[where.ravel()] | np.isin(lowers, word_ids(words.nouns))
    return np.flatnonzero(found).tolist()  # type: ignore[no-any-return]


def _is_trigger_lemma(lemma: int, strings: StringStore, words: _Words) -> bool:
    """Tell whether a lemma (its hash), in lower case, is a trigger verb or noun; remembered."""
    known = _TRIGGER_LEMMA.get(lemma)
    if known is None:
        word = strings[lemma].lower()
        known = _TRIGGER_LEMMA.put(
            lemma, word in words.verbs or word in words.nouns or word in words.held_nouns or word in _HELD_VERBS
            or word in words.receiving)
    return known


def _sightings(
    sent: Span,
    index: _Index,
    words: _Words,
    mentions: list[Mention],
    times: list[TimeExpr],
    dictionary: ActorDictionary,
) -> list[Sighting]:
    """Find the trigger of one sentence that reports a meeting held, if any.

    Of several triggers, the one whose date and place hang from it wins
    ("Cavusoglu talks to reporters following their meeting in Ankara,
    Thursday": the meeting, not the talking), else the first that tells most.
    """
    first, after = bisect_left(index.candidates, sent.start), bisect_left(index.candidates, sent.end)
    if first == after:
        return []  # most sentences hold no trigger word: their text need not be built
    fmt = _format(doc_text(sent.doc)[sent.start_char : sent.end_char], words)  # Span.text joins its tokens again
    remote = bisect_left(index.remote, sent.start) < bisect_left(index.remote, sent.end)
    found: list[Sighting] = []
    plan: list[Sighting] = []
    for i in index.candidates[first:after]:
        token = sent.doc[i]
        if not _reports_meeting(token, words, mentions, fmt):
            continue
        planned = _is_plan(token, words)
        if planned and (found or plan):
            continue
        targets = _targets(token, planned)
        place, is_state, country = (None, False, None) if remote else _place(sent, targets, dictionary)
        if place is not None and not is_state and _at_home(token, sent, country, words, mentions, dictionary):
            continue
        when = _date(sent, times, targets, token)
        yearless = None if when else _yearless(sent, times, targets, token)
        sighting = Sighting(sent, token.text, when, place, is_state, fmt, remote, country, _people(sent, mentions, token),
                             planned, yearless, weekday_named(sent) if yearless else None,
                             _is_trigger_verb(token, words), when is None and not yearless and _told_before(token, words))
        sighting.definite = any(c.dep_ in ("det", "poss") and c.tag_ in ("DT", "PRP$") and c.lower_ != "a"
                                for c in token.children) and token.pos_ != "VERB"
        if planned:
            plan = [sighting]
            continue
        if sighting.date is not None and sighting.place is not None:
            return [sighting]
        if not found or _told(sighting) > _told(found[0]):
            found = [sighting]
    return found or plan


def _told_before(trigger: Token, words: _Words) -> bool:
    """Tell whether a trigger's clause says its meeting was some time before the report, its day untold.

    "Suu Kyi recently presided over a summit", "the two had previously held
    talks": a word of the past ("recently", "previously") on the trigger or
    a verb above it, up to the first verb. Such a meeting is not the
    report's and not of its day: kept undated, as background, apart from the
    meetings the report tells.
    """
    for node in [trigger, *trigger.ancestors]:
        if any(c.dep_ == "advmod" and c.lower_ in words.before for c in node.children):
            return True
        if node.pos_ in ("VERB", "AUX"):
            return False
    return False


def _at_home(token: Token, sent: Span, country: str | None, words: _Words, mentions: list[Mention],
             dictionary: ActorDictionary) -> bool:
    """Tell whether a conference in a city is that country's own gathering, no meeting between states.

    So it is when the sentence names no state, person or body of another
    country, and no body between nations (one with no country of its own):
    "a labor conference in Detroit", not "a conference in Geneva on Syria".
    People the dictionary lacks tell nothing either way.
    """
    if country is None or token.lemma_.lower() not in words.home_gatherings:
        return False
    for mention in mentions:
        if not (sent.start_char <= mention.start < sent.end_char) or not mention.actor:
            continue
        actor = dictionary.by_id(mention.actor)
        if actor is None:
            continue
        if actor.country != country:
            return False
    return True


def _told(sighting: Sighting) -> int:
    """Count what a sighting's sentence tells of its meeting: a date, a place."""
    return (sighting.date is not None) + (sighting.place is not None)


def _people(sent: Span, mentions: list[Mention], trigger: Token) -> frozenset[str]:
    """Return the people a sentence names in the clause of its trigger (see `_in_clause`)."""
    return frozenset(m.actor for m in mentions if m.kind == "person" and m.actor
                     and sent.start_char <= m.start < sent.end_char and _in_clause(sent, m, trigger))


def _in_clause(sent: Span, mention: Mention, trigger: Token) -> bool:
    """Tell whether a person named in a trigger's sentence is in the trigger's clause, so may have taken part.

    The verb that governs the name must be the trigger or a verb above it:
    "Lavrov said after talks with Wang", "X and Y arrive to attend their
    meeting", or a verb that describes the trigger ("talks, which were held
    under President X"). A name under another verb ("after Dendias went to
    Ankara on orders from Prime Minister Mitsotakis") or naming a thing
    ("under the Marcos administration") is someone else's, and so is one in
    a conjunct set after it ("met X, and later Y": Y's was another meeting).
    """
    span = sent.doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return True
    root = span.root
    if root.dep_ == "compound" and root.head.pos_ == "NOUN" and root.head.i != trigger.i:
        return False  # "the Marcos administration"
    if _later_conjunct(root, trigger):
        return False
    verb = _verb_above(root)
    if verb is None or verb.i == trigger.i:
        return True
    if verb.head.i == trigger.i and verb.dep_ in ("relcl", "acl"):
        return True  # "talks, which were held in Kinshasa under President Tshisekedi"
    if root.dep_ in ("dobj", "conj") and any(_urges(verb, c, _words()) and c in {trigger, *trigger.ancestors}
                                             for c in verb.children):
        return True  # "pressed Wang to hold talks": the one urged is a party
    return verb.i in _verbs_over(trigger)


def _verbs_over(trigger: Token) -> set[int]:
    """Return the verbs a trigger's clause hangs from, up to the first noun that is not the trigger's own.

    "Lavrov said after talks with Wang": "said" is over the talks. "X voiced
    support for Y over tensions during their joint press conference": the
    way up passes "tensions", so "voiced" and its subject are not the
    conference's. A verb with a subject of its own names its parties
    itself: "while Kerry negotiates with Russia, Schiff said" — the speaker
    above is not at the talks (a relative "who" is no subject of its own).
    """
    node = trigger.head if trigger.dep_ == "compound" else trigger
    found: set[int] = set()
    if trigger.pos_ == "VERB" and any(c.dep_ == "nsubj" and c.tag_ not in ("WP", "WDT") for c in trigger.children):
        return found
    for ancestor in node.ancestors:
        if _urges(ancestor, node, _words()):
            break  # "Kerry urged North Korea to resume talks": Kerry asks others to meet
        if ancestor.pos_ in ("VERB", "AUX"):
            found.add(ancestor.i)
        elif ancestor.pos_ in ("NOUN", "PROPN", "PRON") and node.dep_ not in ("relcl", "acl"):
            break  # not the noun a relative clause describes ("Blinken, who also met X"): that is a party
        node = ancestor
    return found


def _reports_meeting(token: Token, words: _Words, mentions: list[Mention], fmt: str | None) -> bool:
    """Tell whether a token reports a meeting: a trigger word with an actor, a place or a holding verb."""
    if token.pos_ == "VERB" and token.lemma_.lower() in words.receiving:
        return _receives_a_party(token, mentions)
    if _is_trigger_verb(token, words):
        return not _unmet(token, words) and any(_is_actor(child, mentions) for child in _arguments(token))
    if token.pos_ in ("NOUN", "PROPN") and (token.lemma_.lower() in words.held_nouns or token.lower_ in words.held_forms):
        return _held(token, words)
    if not _is_trigger_noun(token, words) and not (fmt and _is_held_format(token, words)):
        return False
    if token.ent_type_ and not _held(token, words):
        return False  # a name such as "East Asia Summit", not a report of one
    return not _one_sides_body(token, words, mentions) and not _round_of_other(token, words)


def _receives_a_party(verb: Token, mentions: list[Mention]) -> bool:
    """Tell whether "host" or "receive" has a person for its object: "hosted Vieira", "Vieira was received by Ruto".

    The object itself must be a person (a name or a role that covers its
    head word), and the only object. What is hosted or received and only
    names someone is no party: "received the endorsement of X", "hosted a
    Clinton event", "received the first pages of X's filings", nor is a poll's
    "received 38 percent support, Y 3 percent" (Y read as a second object);
    nor, here, a state or a group ("hosted Japan", "received a US
    delegation"): the reports measured name those meetings with other words.
    """
    if any(c.dep_ == "neg" for c in verb.children):
        return False
    role = "nsubjpass" if any(c.dep_ == "auxpass" for c in verb.children) else "dobj"
    guests = [c for c in verb.children if c.dep_ == role]
    if len(guests) != 1:  # "X received 38 percent support, Y 3 percent": a list misread as two objects
        return False
    return any(m.actor and m.kind == "person" and m.start <= guests[0].idx < m.end for m in mentions)


def _one_sides_body(noun: Token, words: _Words, mentions: list[Mention]) -> bool:
    """Tell whether a meeting noun is the sitting of one country's own body: "a session of Congress".

    The body is a modifier ("the party meeting", "committee's session",
    "morning meetings"), the "of" object ("a closed session of the
    committee") or the one holding it ("the cabinet held a meeting"). A
    joint body, or one that names two states ("the Japan-India committee"),
    meets between them.
    """
    owners = [c for c in noun.children if c.dep_ in ("compound", "poss", "amod", "nmod")]
    owners += _objects_of(noun, "of")
    if noun.dep_ == "dobj" and noun.head.lemma_.lower() in words.holding:  # "the committee held a session"
        owners += [c for c in noun.head.children if c.dep_ == "nsubj"]
    for owner in owners:
        if owner.lower_ not in words.bodies and owner.lemma_.lower() not in words.bodies:
            continue
        phrase = list(owner.subtree)
        if any(t.lower_ in words.together for t in phrase):
            continue
        start, end = phrase[0].idx, phrase[-1].idx + len(phrase[-1])
        states = {m.actor for m in mentions if m.kind == "state" and m.actor and start <= m.start < end}
        if len(states) < 2:
            return True
    return False


def _round_of_other(noun: Token, words: _Words) -> bool:
    """Tell whether "round" counts something else than talks: "another round of fireworks"."""
    if noun.lemma_.lower() not in words.of_talks:
        return False
    things = _objects_of(noun, "of")
    return any(not _is_trigger_noun(t, words) and t.lemma_.lower() not in words.held_nouns for t in things)


def _unmet(verb: Token, words: _Words) -> bool:
    """Tell whether "meet" reports no meeting between parties.

    So it is when denied ("did not meet", "have never met": none took place,
    nor is one planned), when what is met is a bar or a reaction ("meet the
    target", "met with criticism"), when the one met is kin ("met his wife"),
    or when the meeting is a contest (`_contest`).
    """
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    return _meets_no_one(verb, words)


def meets_no_one(verb: Token) -> bool:
    """Tell whether "meet" is satisfying a bar, receiving a reaction, meeting kin, the public or a contest.

    The event coder asks this of its "meet" (040) too, so one list says what
    no meeting is in both stages ("met with opposition", "meet the target").
    """
    return _meets_no_one(verb, _words())


def _meets_no_one(verb: Token, words: _Words) -> bool:
    """Tell whether what is met is a bar, a reaction or kin, or the meeting a contest."""
    things = [c for c in verb.children if c.dep_ == "dobj"]
    if not things:  # "promised to meet and exceed his GOALS": the object the conjoined verb shares
        things = [o for c in verb.children if c.dep_ == "conj" and c.pos_ == "VERB" for o in c.children if o.dep_ == "dobj"]
    things += _objects_of(verb, "with")
    if any(t.pos_ == "NOUN" and (t.lemma_.lower() in words.unmet or t.lower_ in words.kin or t.lemma_.lower() in words.publics)
           for t in things):
        return True
    return _contest(verb, words)


def _contest(verb: Token, words: _Words) -> bool:
    """Tell whether "meet" is "for" or "in" a contest: "meet for the first of three debates", "met in the final"."""
    for thing in _objects_of(verb, "for", "in"):
        named = [thing, *(g for c in thing.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children)]
        if any(t.lemma_.lower() in words.contests or t.lower_ in words.contests for t in named):
            return True
    return False


def _objects_of(token: Token, *preps: str) -> list[Token]:
    """Return the objects of a token's prepositions among `preps` ("a session OF the committee")."""
    return [g for c in token.children if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def _is_trigger_verb(token: Token, words: _Words) -> bool:
    return token.pos_ == "VERB" and token.lemma_.lower() in words.verbs


def _is_trigger_noun(token: Token, words: _Words) -> bool:
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    if token.lemma_.lower() not in words.nouns and token.lower_ not in words.nouns:
        return False
    lefts = [child.lower_ for child in token.lefts]
    return not any(word in words.not_after for word in lefts) or any(word in words.together for word in lefts)


def _is_held_format(token: Token, words: _Words) -> bool:
    """Tell whether a token is the verb of a sentence saying a format meeting was held."""
    if token.pos_ not in ("VERB", "AUX") or token.lemma_.lower() not in _HELD_VERBS:
        return False
    return token.dep_ == "ROOT" or any(c.dep_ in ("dobj", "nsubjpass") for c in token.children)


def _arguments(token: Token) -> list[Token]:
    """Return the subject, object and prepositional objects of a verb."""
    found = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "dobj", "conj")]
    if token.dep_ == "relcl":  # "Blinken, who also met with ...": who is the noun the clause describes
        found.append(token.head)
    found += [g for c in token.children if c.dep_ == "prep" and c.lower_ in ("with", "in", "at") for g in c.children]
    return found


def _is_actor(token: Token, mentions: list[Mention]) -> bool:
    """Tell whether an argument names an actor: "Lavrov", or "the ministers of Australia and Japan"."""
    start, end = token.left_edge.idx, token.right_edge.idx + len(token.right_edge)
    return any(start <= m.start < end and m.actor and m.kind in ("person", "state", "organisation") for m in mentions)


def _is_plan(token: Token, words: _Words) -> bool:
    """Tell whether a trigger reports a plan: a future or planning word above it or in its phrase.

    Planning verbs above count only up to a preposition that sets a scene
    ("at the meeting on Saturday they agreed to …": that meeting was held);
    a future ("the ministers in the meeting will discuss …") counts all the
    way up.
    """
    below_scene = True
    below = token
    for ancestor in token.ancestors:
        below_scene = below_scene and not (ancestor.dep_ == "prep" and ancestor.lower_ in _SCENE)
        if below_scene and _urges(ancestor, below, words):
            return True
        below = ancestor
        if _is_word(ancestor, words.future) or any(c.dep_ == "aux" and _is_word(c, words.future)
                                                   for c in ancestor.children):
            return True
        if below_scene and _is_word(ancestor, words.planning):
            return True
        if below_scene and ancestor.dep_ == "prep" and f"{ancestor.head.lemma_.lower()} {ancestor.lower_}" in words.asking:
            return True
    modifiers = [c for c in token.head.children if c.dep_ in _MODIFIERS]  # not "met … and agreed": a conjunct
    for other in [*_phrase(token), *modifiers]:
        if (_is_word(other, words.future) and not _next_to(other)) or _is_word(other, words.planning):
            return True
    infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
    return infinitive and not journeyed(token, words.travelling)


def _urges(verb: Token, clause: Token, words: _Words) -> bool:
    """Tell whether a verb urges others to do what its clause says: "pressed Wang to hold talks".

    The clause is the verb's infinitive ("told reporters that the talks
    went well" is speech, not urging); the verb is one of
    urging ("urge", "press") with the ones urged as its object, or one with
    its preposition ("called on Russia and Ukraine to hold talks"). The
    meeting is asked for, not held, and the one who asks is no party.
    """
    if clause.dep_ != "xcomp" or clause.head.i != verb.i or verb.pos_ != "VERB":
        return False
    lemma = verb.lemma_.lower()
    if lemma in words.urging:
        return any(c.dep_ == "dobj" for c in verb.children)
    return any(c.dep_ == "prep" and f"{lemma} {c.lower_}" in words.urging for c in verb.children)


def journeyed(token: Token, travelling: frozenset[str]) -> bool:
    """Tell whether a trigger is the purpose of a journey made ("flew to Tokyo to meet"): held, not a plan."""
    verb = token.head
    if token.dep_ not in ("advcl", "xcomp") or verb.lemma_.lower() not in travelling:
        return False
    return verb.tag_ == "VBD" or (verb.tag_ == "VBN" and any(c.dep_ == "aux" and c.lemma_ == "have"
                                                              for c in verb.children))


def _next_to(token: Token) -> bool:
    """Tell whether "next" is the preposition "next to" (a place beside), not the next meeting."""
    return token.lower_ == "next" and token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def _phrase(token: Token) -> list[Token]:
    """Return a trigger's own phrase: a noun's subtree, a verb's without the clauses hanging from it."""
    if token.pos_ != "VERB":
        return list(token.subtree)
    return [token, *(t for c in token.children if c.dep_ not in _CLAUSES for t in c.subtree)]


def _is_word(token: Token, listed: frozenset[str]) -> bool:
    return token.lemma_.lower() in listed or token.lower_ in listed


def _held(token: Token, words: _Words) -> bool:
    """Tell whether a trigger noun is held, attended or taking place, or the time of an act."""
    head = token.head
    if head.lemma_.lower() in words.holding:
        return True
    return head.dep_ == "prep" and head.lower_ in ("at", "during", "after", "before") and head.head.pos_ == "VERB"


def _targets(trigger: Token, planned: bool = False) -> set[int]:
    """Return the tokens a trigger's place and date may hang from.

    They are the trigger, the word it hangs from, the verb above that word
    when it is a preposition ("spoke at a meeting in Tokyo on Monday"), and
    a verb of holding that describes the trigger or its noun ("the summit
    meeting held at the residence"), and the journey whose purpose the
    meeting was ("went to Beijing to hold talks"). A planned meeting's
    relative clause in the past tells of earlier talks ("urged it to resume
    the talks it abandoned in 2009"): not the plan's date or place.
    """
    nouns = [trigger, trigger.head] if trigger.dep_ == "compound" else [trigger]
    targets = {trigger.i, trigger.head.i}
    if trigger.head.dep_ == "prep" or journeyed(trigger.head, _words().travelling):
        targets.add(trigger.head.head.i)
    targets |= {c.i for n in nouns for c in n.children if c.dep_ in ("acl", "relcl") and c.pos_ == "VERB"
                and not (planned and c.dep_ == "relcl" and _past(c))}
    return targets


def _place(sent: Span, targets: set[int], dictionary: ActorDictionary) -> tuple[str | None, bool, str | None]:
    """Find where the meeting was: a city of the gazetteer, else a country, placed by "in"/"at".

    Returns the name, whether it is a country, and the country's code.
    """
    state: tuple[str | None, bool, str | None] = (None, False, None)
    for phrase in placing_phrases(sent, targets, _words().visiting, _words().travelling):
        name = _words_of(phrase)
        actor = dictionary.state_by_name(name)
        place = place_in_phrase(phrase) if actor is None else None
        if place is not None and place.is_city:
            return place.name, False, place.country
        if state[0] is None and actor is not None:
            # the gazetteer's name when it has the country, so every report of a meeting names it alike
            country = place_in_phrase(phrase)
            label = country.name if country is not None and not country.is_city else name.removeprefix("the ")
            state = (label, True, actor.id)
        elif state[0] is None and place is not None and name_key(name) == name_key(place.name):
            state = (place.name, True, place.country)  # the country itself, not "the UK-France summit"
    return state


def _words_of(phrase: list[Token]) -> str:
    return "".join(t.text_with_ws for t in phrase).strip()


def _date(sent: Span, times: list[TimeExpr], targets: set[int], trigger: Token) -> TimeExpr | None:
    """Pick the date the meeting hangs from in the sentence, a day before anything coarser.

    A date counts when the way up the parse from it reaches the trigger or
    its verb before any other verb: in "the meeting built on ties normalised
    in 1965", 1965 dates the normalising, not the meeting. A date without a
    year ("--03-20") is left out: the year is unknown.
    """
    found = [t for t in _meeting_times(sent, times, targets, trigger) if t.value and not t.value.startswith("-")]
    return found[0] if found else None


def _yearless(sent: Span, times: list[TimeExpr], targets: set[int], trigger: Token) -> str | None:
    """Return the month and day ("--10-08") the meeting hangs from when the sentence gives no year."""
    return next((t.value for t in _meeting_times(sent, times, targets, trigger) if t.value and t.value.startswith("--")), None)


def _meeting_times(sent: Span, times: list[TimeExpr], targets: set[int], trigger: Token) -> list[TimeExpr]:
    """List the sentence's date expressions that date the meeting (see `_date`), days first."""
    doc = sent.doc
    inside = [t for t in starting_in(times, sent.start_char, sent.end_char) if t.value]
    attached, governed = [], []
    for expr in inside:
        span = doc.char_span(expr.start, expr.end, alignment_mode="expand")
        if span is None:
            continue
        if _hangs_from(span.root, targets):
            attached.append(expr)
        elif _governs(_verb_above(span.root), trigger):
            governed.append(expr)
    found = attached or governed
    found.sort(key=lambda t: t.precision not in _DAYISH)
    return found


def _past(verb: Token) -> bool:
    """Tell whether a clause's verb is in the past: "abandoned", "has abandoned", "were held"."""
    if verb.tag_ == "VBD":
        return True
    return verb.tag_ == "VBN" and any(c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBD", "VBZ", "VBP")
                                      and c.lemma_ in ("have", "be") for c in verb.children)


def _later_conjunct(token: Token, trigger: Token) -> bool:
    """Tell whether a name hangs from a conjunct that a sequence word puts after the trigger's meeting."""
    sequence = _words().sequence
    for node in [token, *token.ancestors]:
        if node.i == trigger.i or node.pos_ in ("VERB", "AUX"):
            return False
        if node.i > trigger.i and any(
                c.dep_ == "advmod" and c.lower_ in sequence for c in node.children):
            return True
    return False


def _verb_above(token: Token) -> Token | None:
    return next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)


def _governs(verb: Token | None, trigger: Token) -> bool:
    """Tell whether a date's verb also governs the trigger ("arrive to attend their meeting, Tuesday").

    With no verb above either, as in a title ("Summit of the two leaders: 18
    January"), the date is the meeting's too.
    """
    if verb is None:
        return _verb_above(trigger) is None
    return any(a.i == verb.i for a in trigger.ancestors)


def _hangs_from(token: Token, targets: set[int]) -> bool:
    """Tell whether a token's way up the parse reaches a target before another verb."""
    for node in [token, *token.ancestors]:
        if node.i in targets:
            return True
        if node.pos_ in ("VERB", "AUX") and node is not token:
            return False
    return False


def _format(text: str, words: _Words) -> str | None:
    return next((name for name, pattern, _ in words.formats if pattern.search(text)), None)


def _meeting(
    group: list[Sighting], mentions: list[Mention], on: date | None, dictionary: ActorDictionary, words: _Words,
    named: frozenset[int] = frozenset(), passing: bool = False, absent: Mapping[str, set[int]] | None = None,
) -> Meeting:
    """Build one meeting from its sightings; `named` holds the years the report names (for a year-less day),
    `passing` tells a meeting told in passing below the lead (`_told_late`): undated, no officeholders from afar.
    """
    when = min((s.date for s in group if s.date), key=lambda t: (soft(t), t.precision not in _DAYISH), default=None)
    cities = [s.place for s in group if s.place and not s.place_is_state]
    states = [s.place for s in group if s.place and s.place_is_state]
    fmt = next((s.format for s in group if s.format), None)
    day = when.first if when and when.first else on
    start, end = group[0].sentence.start_char, group[0].sentence.end_char
    own = not passing and (when is None or on is None or not when.value or near(when.value, on))
    participants = _participants(group, mentions, fmt, day, dictionary, words, own)
    yearless = next((s for s in group if s.yearless), None)
    if when is None and on is None and yearless is not None and yearless.yearless:
        inferred = infer_year(yearless.yearless, yearless.weekday, participants, dictionary, named=named)
        if inferred is not None:
            participants = _participants(group, mentions, fmt, date.fromisoformat(inferred), dictionary, words)
            when = TimeExpr(0, 0, "", inferred, date.fromisoformat(inferred), date.fromisoformat(inferred), "day", True)
    if absent:
        participants = _present(participants, group, absent)
    return Meeting(
        start=start,
        end=end,
        date=None if passing else when.value if when else (on.isoformat() if on else None),
        place=next(iter(cities or states), None),
        format=fmt or _format_by_sides(participants, dictionary),
        participants=participants,
        trigger=group[0].trigger,
    )


def _present(participants: list[str], group: list[Sighting], absent: Mapping[str, set[int]]) -> list[str]:
    """Drop the people the text says took no part (`_absentees`) from a meeting's participants.

    One is dropped when the words saying so are in a sentence of the
    meeting ("a summit of 27 leaders - X was not invited"), or when the
    meeting's trigger clauses do not name them (an officeholder a summit
    would take from anywhere in the report). "X skipped the summit" and,
    later, "X met Y on Friday" keep X at the second meeting.
    """
    starts = {s.sentence.start_char for s in group}
    there = frozenset().union(*(s.people for s in group))
    return [p for p in participants if p not in absent or (p in there and not absent[p] & starts)]


def _format_by_sides(participants: list[str], dictionary: ActorDictionary) -> str | None:
    """Call a meeting of two states' people bilateral, of more multilateral."""
    sides = {a.country for a in (dictionary.by_id(p) for p in participants) if a and a.country}
    if len(sides) == 2:
        return "bilateral"
    return "multilateral" if len(sides) > 2 else None


def _participants(
    group: list[Sighting],
    mentions: list[Mention],
    fmt: str | None,
    day: date | None,
    dictionary: ActorDictionary,
    words: _Words,
    own: bool = True,
) -> list[str]:
    """Name who took part: the format's officeholders, or the people in the trigger sentences.

    The officeholders named anywhere in the report take part only in the
    meeting of the report's own days (`own`): a report of a 2+2 names its
    ministers throughout, but one that recalls "NATO's July summit in
    Warsaw" or "the G-20 summit last week" names many leaders who were not
    there, so an earlier meeting has the officeholders its own sentences name.
    """
    roles = next((r for name, _, r in words.formats if name == fmt), ())
    # a spokesman is one wherever named: "He said Cairo took part in the talks" after "Spokesman X"
    onlookers = {m.actor for m in mentions if m.kind == "person" and _onlooker(m, words)}
    people = [m for m in mentions if m.kind == "person" and m.actor and m.actor not in onlookers]
    spans = [(s.sentence.start_char, s.sentence.end_char) for s in group]
    there = frozenset().union(*(s.people for s in group))
    named = [m.actor for m in people if m.actor in there and any(a <= m.start < b for a, b in spans)]
    chosen: list[str | None]
    if roles and not own:
        chosen = [a for a in named if _holds(dictionary, a, roles, day)]
    elif roles:  # undated: whoever held one of the offices at some time
        doc = group[0].sentence.doc
        acting = {m.actor for m in people if m.actor in there or _acts(doc, m)}
        chosen = [m.actor for m in people if m.actor in acting and _holds(dictionary, m.actor, roles, day)]
    else:
        chosen = list(named)
    if day is not None:
        chosen += office_holders([s.sentence for s in group], named, day, dictionary, words.role_words)
    return list(dict.fromkeys(a for a in chosen if a))


def _acts(doc: Doc, mention: Mention) -> bool:
    """Tell whether a person is named as one who acts, not in passing as a preposition's object or an owner.

    A summit's leaders named away from its sentences say, tell, sign
    ("Merkel told reporters after the meeting", "backed by X"); a leader
    named as the object of a preposition that hangs from a noun ("after a
    tough push from President X", "Clinton, like X, ...") is only spoken
    of, and no participant for that ("talks with X" stays). Barring also
    objects of prepositions under verbs and owners ("X's policy") lost
    dev meetings (0.930 -> 0.864).
    """
    node = _phrase_head(doc, mention)
    if node is None:
        return True
    return not (node.dep_ == "pobj" and node.head.lower_ != "with" and node.head.head.pos_ in ("NOUN", "PROPN"))


def _phrase_head(doc: Doc, mention: Mention) -> Token | None:
    """Return the word a mention's phrase hangs by: its root, above any conjuncts and appositions.

    "X and Y did not attend": Y's phrase hangs by X, the subject; "Jane Roe,
    the envoy, ..." likewise. None where the mention's characters make no span.
    """
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    if span is None:
        return None
    node = span.root
    while node.dep_ in ("conj", "appos") and node.head.i != node.i:
        node = node.head
    return node


def _onlooker(mention: Mention, words: _Words) -> bool:
    """Tell whether a person is named by a title of one who speaks of meetings ("Spokesman X")."""
    said = [*mention.text.lower().split(), *(mention.actor or "").replace(":", "_").split("_")]
    return not words.onlookers.isdisjoint(said)


def _holds(dictionary: ActorDictionary, actor_id: str | None, roles: tuple[str, ...], day: date | None) -> bool:
    actor = dictionary.by_id(actor_id) if actor_id else None
    held = (actor.roles_on(day) if day else actor.roles) if actor is not None else []
    return any(role.role_key in roles for role in held)
