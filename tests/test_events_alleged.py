"""What one party accuses or blames another of is alleged, not done; and it is the accused's act.

"Chile accused Bolivia of breaking the truce" is Chile's accusation (asserted) and an alleged
breach by Bolivia (reported, as a speaker's words are), never Chile's own act, even when the
parser hangs "of breaking" on the accused ("Bolivian rebels OF breaking"). What someone is
criticised, praised or thanked for is told as done. All sentences are written for these tests.
"""

from __future__ import annotations

import pytest

from test_events_actors import coded


def acts(text: str) -> set[tuple[str, str | None, str]]:
    """Return the (code, source, modality) of the coder's events in a text."""
    return {(e.cameo, e.source, e.modality) for e in coded(text)}


@pytest.mark.parametrize(("text", "act"), [
    ("Chile accused Bolivia of breaking the truce.", ("196", "BOL", "reported")),
    ("Chile accused Bolivian rebels of breaking the truce.", ("196", "BOL", "reported")),
    ("Chile blamed Bolivia for attacking the border post.", ("190", "BOL", "reported")),
    ("Russia was accused of attacking the convoy.", ("190", "RUS", "reported")),
])
def test_an_accused_act_is_alleged_and_the_accuseds(text: str, act: tuple[str, str, str]) -> None:
    found = acts(text)
    assert act in found
    assert not any(code == act[0] and source == "CHL" for code, source, _ in found)


@pytest.mark.parametrize(("text", "act"), [
    ("Chile criticised Peru for expelling its diplomats.", ("161", "PER", "asserted")),
    ("Kenya praised Uganda for withdrawing its troops.", ("087", "UGA", "asserted")),
    ("Peru thanked Chile for sending aid.", ("070", "CHL", "asserted")),
])
def test_what_one_is_criticised_or_praised_for_is_told_as_done(text: str, act: tuple[str, str, str]) -> None:
    assert act in acts(text)
