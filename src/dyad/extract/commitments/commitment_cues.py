"""The words commitments are found by, and the meeting formats they name, loaded from data files.

Kept apart from the parse-reading stage so that the follow-up (which reads
the same words to tell what act keeps a promise) never loads spaCy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from dyad.data import load_yaml

__all__ = ["CommitmentCues", "cues", "format_named", "meeting_formats"]


@dataclass(frozen=True)
class CommitmentCues:
    """The cue words of `commitment_cues.yaml`, as sets for look-up."""

    verbs: dict[str, str]
    views: dict[str, tuple[frozenset[str], str]]
    future: frozenset[str]
    reported_future: frozenset[str]
    speech: frozenset[str]
    announce: frozenset[str]
    meet: frozenset[str]
    upcoming: frozenset[str]
    groups: frozenset[str]
    pronouns: frozenset[str]
    anaphors: frozenset[str]
    purpose: tuple[str, ...]
    event_nouns: frozenset[str]
    motion: frozenset[str]
    trim_preps: frozenset[str]
    activities: tuple[dict[str, Any], ...]
    signing_verbs: frozenset[str] = frozenset()
    agreement_nouns: frozenset[str] = frozenset()
    pledge_verbs: frozenset[str] = frozenset()
    pledge_nouns: frozenset[str] = frozenset()
    pledge_adjectives: frozenset[str] = frozenset()
    imperative_skip: frozenset[str] = frozenset()
    imperative_min: int = 3
    schedules: frozenset[str] = frozenset()
    shared_views: frozenset[str] = frozenset()
    list_verbs: frozenset[str] = frozenset()
    signing_nouns: frozenset[str] = frozenset()
    hedges: frozenset[str] = frozenset()
    act_nouns: frozenset[str] = frozenset()
    money_verbs: frozenset[str] = frozenset()
    named_nouns: frozenset[str] = frozenset()
    named_titles: frozenset[str] = frozenset()
    unsettled: frozenset[str] = frozenset()
    named_parties: dict[str, tuple[str, ...]] = field(default_factory=dict)
    purpose_passives: frozenset[str] = frozenset()
    moods: frozenset[str] = frozenset()
    states: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    unmade: frozenset[str] = frozenset()
    foretelling: frozenset[str] = frozenset()
    affirming: frozenset[str] = frozenset()
    wishing: frozenset[str] = frozenset()
    objectless: frozenset[str] = frozenset()
    renewal_verbs: frozenset[str] = frozenset()
    intent_nouns: frozenset[str] = frozenset()
    doubting: frozenset[str] = frozenset()
    imperative_persons: frozenset[str] = frozenset()
    speaker_pronouns: frozenset[str] = frozenset()
    body_pronouns: frozenset[str] = frozenset()
    calendar: frozenset[str] = frozenset()
    object_verbs: frozenset[str] = frozenset()
    courtesies: frozenset[str] = frozenset()
    forecasts: frozenset[str] = frozenset()
    periods: frozenset[str] = frozenset()
    bound_nouns: frozenset[str] = frozenset()
    making: frozenset[str] = frozenset()
    winning: frozenset[str] = frozenset()
    seeming: frozenset[str] = frozenset()
    binding: frozenset[str] = frozenset()
    choosing: frozenset[str] = frozenset()
    liking: frozenset[str] = frozenset()
    things: frozenset[str] = frozenset()
    refraining: frozenset[str] = frozenset()
    concurring: frozenset[str] = frozenset()
    period_preps: frozenset[str] = frozenset()
    pair_share: float = 0.15
    pair_least: int = 3
    pair_close: float = 0.5
    pair_words: frozenset[str] = frozenset()
    relatives: frozenset[str] = frozenset()
    deeming: frozenset[str] = frozenset()
    businesses: frozenset[str] = frozenset()
    standing: frozenset[str] = frozenset()
    headline_words: int = 20
    appearances: frozenset[str] = frozenset()
    headline_paragraphs: int = 3
    public: frozenset[str] = frozenset()


@cache
def cues() -> CommitmentCues:
    """Load the commitment cues from the bundled data file."""
    data: dict[str, Any] = load_yaml("commitment_cues.yaml")
    return CommitmentCues(
        verbs=dict(data["verbs"]),
        views={v["verb"]: (frozenset(v["nouns"]), v["kind"]) for v in data["views"]},
        future=frozenset(data["future"]),
        reported_future=frozenset(data["reported_future"]),
        speech=frozenset(data["speech_verbs"]),
        announce=frozenset(data["announce"]),
        meet=frozenset(data["meet_verbs"]),
        upcoming=frozenset(data["upcoming"]),
        groups=frozenset(data["groups"]),
        pronouns=frozenset(data["pronouns"]),
        anaphors=frozenset(data["anaphors"]),
        purpose=tuple(data["purpose"]),
        event_nouns=frozenset(data["event_nouns"]),
        motion=frozenset(data["motion"]),
        trim_preps=frozenset(data["trim_preps"]),
        activities=tuple(data["activities"]),
        signing_verbs=frozenset(data["signing"]["verbs"]),
        agreement_nouns=frozenset(data["signing"]["nouns"]),
        pledge_verbs=frozenset(data["pledges"]["verbs"]),
        pledge_nouns=frozenset(data["pledges"]["nouns"]),
        pledge_adjectives=frozenset(data["pledges"]["adjectives"]),
        imperative_skip=frozenset(data["imperative"]["skip"]),
        imperative_min=int(data["imperative"]["min_tokens"]),
        schedules=frozenset(data["schedules"]),
        shared_views=frozenset(data["signing"]["views"]),
        list_verbs=frozenset(data["imperative"]["list_verbs"]),
        signing_nouns=frozenset(data["signing"]["signing_nouns"]),
        hedges=frozenset(data["hedges"]),
        act_nouns=frozenset(data["pledges"]["act_nouns"]),
        money_verbs=frozenset(data["pledges"]["money_verbs"]),
        named_nouns=frozenset(data["named"]["nouns"]),
        named_titles=frozenset(data["named"]["titles"]),
        unsettled=frozenset(data["named"]["unsettled"]),
        named_parties={name.lower(): tuple(states) for name, states in data["named"]["parties"].items()},
        purpose_passives=frozenset(data["purpose_passives"]),
        moods=frozenset(data["moods"]),
        states=frozenset(data["states"]),
        conditions=frozenset(data["conditions"]),
        unmade=frozenset(data["unmade"]),
        foretelling=frozenset(data["foretelling"]),
        affirming=frozenset(data["affirming"]),
        wishing=frozenset(data["wishing"]),
        objectless=frozenset(data["objectless"]),
        renewal_verbs=frozenset(data["pledges"]["renewal_verbs"]),
        intent_nouns=frozenset(data["pledges"]["intent_nouns"]),
        doubting=frozenset(data["doubting"]),
        imperative_persons=frozenset(data["imperative"]["persons"]),
        speaker_pronouns=frozenset(data["speaker_pronouns"]),
        body_pronouns=frozenset(data["body_pronouns"]),
        calendar=frozenset(data["calendar"]),
        object_verbs=frozenset(data["object_verbs"]),
        courtesies=frozenset(data["courtesies"]),
        forecasts=frozenset(data["forecasts"]),
        periods=frozenset(data["periods"]["nouns"]),
        bound_nouns=frozenset(data["pledges"]["bound_nouns"]),
        making=frozenset(data["pledges"]["making"]),
        winning=frozenset(data["pledges"]["winning"]),
        seeming=frozenset(data["seeming"]),
        binding=frozenset(data["binding"]),
        choosing=frozenset(data["choosing"]),
        liking=frozenset(data["liking"]),
        things=frozenset(data["things"]),
        refraining=frozenset(data["refraining"]),
        concurring=frozenset(data["concurring"]),
        period_preps=frozenset(data["periods"]["preps"]),
        pair_share=float(data["pair"]["share"]),
        pair_least=int(data["pair"]["least"]),
        pair_close=float(data["pair"]["close"]),
        pair_words=frozenset(data["pair"]["words"]),
        relatives=frozenset(data["relatives"]),
        deeming=frozenset(data["deeming"]),
        businesses=frozenset(data["businesses"]["nouns"]),
        standing=frozenset(data["standing"]),
        appearances=frozenset(data["signing"]["appearances"]),
        headline_words=int(data["headline"]["words"]),
        headline_paragraphs=int(data["headline"]["paragraphs"]),
        public=frozenset(data["businesses"]["public"]),
    )


@cache
def meeting_formats() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Return the meeting formats of `meetings.yaml` with the pattern that names each."""
    data: dict[str, Any] = load_yaml("meetings.yaml")
    return tuple(
        (f["name"], re.compile("|".join(f"(?:{p})" for p in f["patterns"]), re.I)) for f in data["formats"]
    )


def format_named(text: str) -> str | None:
    """Return the meeting format a text names ("2+2"), if any."""
    return next((name for name, pattern in meeting_formats() if pattern.search(text)), None)
