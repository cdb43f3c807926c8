"""A share between only a few outermost groups is said to be imprecise (issue 21, sixth read:
Rabbit's "a sizeable part ... between animals (12.2%)" from 5 animals). Flip the count, the words
flip."""

from __future__ import annotations

from reportgen.narrative.multilevel import few_top_groups
from tests.support.nested import levels_words


def test_five_groups_are_few_and_twelve_are_not() -> None:
    assert few_top_groups(5)
    assert not few_top_groups(12)


def _words(groups: int) -> str:
    return levels_words("Animal", "Run", icc=0.122, groups=groups, response="BPchange", time="Dose")


def test_the_section_says_so_only_for_few_groups() -> None:
    assert "estimated from only" in _words(5) and "rough guide" in _words(5)
    assert "estimated from only" not in _words(12)
