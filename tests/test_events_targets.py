"""Targets an act's own words do not name: the party of what is intended, received or asked from,
and the state where a material act is done (as PLOVER's coders code them).

Each group pairs sentences that must gain a target with near misses that must not: a
statement or a meeting is aimed at no one where it is made, a place named on the intention's own
verb is where it was said, and a person new to the dictionary acts for no state. All sentences
are written for these tests.
"""

from __future__ import annotations

import pytest

from dyad.extract.meetings.meeting_places import gazetteer, name_key
from test_events_actors import coded


def targets(text: str) -> set[tuple[str | None, str | None]]:
    """Return the (source, target) pairs of the coder's events in a text."""
    return {(e.source, e.target) for e in coded(text)}


@pytest.mark.parametrize(("text", "pair"), [
    # the party of the act an intention is about
    ("The Chilean government promised to resume food deliveries to Bolivia next month.", ("CHL", "BOL")),
    # the party a thing is received or asked from
    ("Bolivia rejected an offer of mediation from Chile.", ("BOL", "CHL")),
    ("The Kenyan government accepted demands from Somali elders to open the border.", ("KEN", "SOM")),
    ("Ghana received a team of inspectors from the African Union.", ("GHA", "african_union")),
    ("The Chilean navy confiscated fishing boats from Peru.", ("CHL", "PER")),
    # the party it is done against
    ("A Chilean judge opened fraud investigations against Peruvian officials.", ("CHL", "PER")),
    # the state where a material act is done
    ("Israeli forces reimposed a blockade in the Gaza Strip on Friday.", ("ISR", "PSE")),
    ("Ethiopian police arrested dozens of protesters in Nairobi.", ("ETH", "KEN")),
    ("Turkish jets bombed targets near Erbil.", ("TUR", "IRQ")),
    ("Palestinian prisoners rioted at a jail in Israel.", ("PSE", "ISR")),  # the place the jail is in
    ("Israel lifted its blockade on Palestinian lorries.", ("ISR", "PSE")),  # what a restriction is on
    ("Japan pledged 50 million dollars of aid for Ukraine.", ("JPN", "UKR")),  # who aid is for
])
def test_an_act_with_no_party_named_takes_the_party_or_place_it_is_aimed_at(text: str, pair: tuple[str, str]) -> None:
    assert pair in targets(text)


def test_a_region_is_its_own_states_not_the_town_its_last_word_names() -> None:
    """GeoNames has a town of Bank in India and the state of Ireland; "West Bank", "Northern Ireland" are neither."""
    assert ("ISR", "PSE") in targets("Israeli troops remained on high alert in the West Bank.")
    assert gazetteer()[name_key("the West Bank")].country == "PSE"
    assert gazetteer()[name_key("Northern Ireland")].country == "GBR"
    assert gazetteer()[name_key("Bank")].country == "IND"  # the town itself is still there


@pytest.mark.parametrize("text", [
    "Chile agreed in Lima to resume the border talks.",  # said in Lima: aimed at no one there
    "Chile promised in Lima to resume the border talks.",
    "Chile threatened in Lima to walk out of the talks.",
    "The Chilean foreign minister criticised the plan in Lima on Monday.",  # words, not a material act
    "Russian ministers met in Geneva on Monday.",
    "Maria Gonzalez, a retired teacher, demonstrated in Lima against the reform.",  # a newcomer acts for no state
    "Chile withdrew from the talks.",  # what is left is no party
    "Chilean senators voted against the new fishing law.",  # a law is no party
    "Kenya imposed a ban on plastic bags.",
    "Norway sent medical aid for the first time.",
    "Thousands of people demonstrated in Peru on Saturday.",  # a state's own crowd: no dyad with itself
])
def test_where_words_are_said_or_a_stranger_acts_is_no_target(text: str) -> None:
    assert {target for _, target in targets(text)} <= {None}


def test_a_strangers_past_in_a_place_is_no_event_against_it() -> None:
    assert not any(target == "VNM" for _, target in targets("John Kowalski said he had fought in Vietnam as a young man."))
