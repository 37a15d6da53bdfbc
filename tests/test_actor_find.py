"""Finding actors by a name as people type it (dyad.actors.find), with near misses that must not match."""

from __future__ import annotations

import pytest

from dyad.actors.find import find_actors

ROWS = [
    ("sergei_shoigu", "Sergei Shoigu", ["Sergey Shoygu", "Sergei Kuzhugetovich Shoigu"]),
    ("sergey_lavrov", "Sergey Lavrov", ["Sergei Lavrov"]),
    ("vladimir_putin", "Vladimir Putin", []),
    ("taro_kono", "Taro Kono", ["Kono Taro"]),
    ("shinzo_abe", "Shinzo Abe", []),
    ("JPN", "Japan", ["Nippon"]),
]


@pytest.mark.parametrize(("typed", "found"), [
    ("shoygu", "sergei_shoigu"), ("Shoigu", "sergei_shoigu"), ("SHOIGOU", "sergei_shoigu"),
    ("Lavrov", "sergey_lavrov"), ("lavrof", "sergey_lavrov"), ("Putin", "vladimir_putin"),
    ("Sergey Shoygu", "sergei_shoigu"), ("Kono", "taro_kono"), ("Abe", "shinzo_abe"), ("nippon", "JPN"),
])
def test_names_surnames_and_near_spellings_find_the_actor(typed: str, found: str) -> None:
    assert find_actors(typed, ROWS)[0][0] == found


@pytest.mark.parametrize("typed", ["Lavender", "Tokyo", "missile", "Ab", "", "Putting", "Abbey"])
def test_far_names_find_nobody(typed: str) -> None:
    assert find_actors(typed, ROWS) == []


def test_a_shared_given_name_finds_each_bearer() -> None:
    assert {actor for actor, _ in find_actors("Sergey", ROWS)} == {"sergey_lavrov", "sergei_shoigu"}
