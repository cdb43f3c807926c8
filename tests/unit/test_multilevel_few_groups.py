"""A share between only a few outermost groups is said to be imprecise (issue 21, sixth read:
Rabbit's "a sizeable part ... between animals (12.2%)" from 5 animals). Flip the count, the words
flip."""

from __future__ import annotations

from reportgen.narrative.multilevel import few_top_groups


def test_five_groups_are_few_and_twelve_are_not() -> None:
    assert few_top_groups(5)
    assert not few_top_groups(12)


def _words(groups: int) -> str:
    from types import SimpleNamespace
    from typing import Any, cast

    from reportgen.config import Labels
    from reportgen.narrative.multilevel import multilevel_words

    fit = SimpleNamespace(
        levels=("Animal", "Run"),
        shares={"Animal": SimpleNamespace(icc=0.122)},
        n_groups={"Animal": groups, "Animal:Run": 2 * groups},
        new_group_slope=None,
        within=(),
        simplified={},
        report_shape="linear",
        shape="linear",
        held_at={},
    )
    sentences = multilevel_words(cast(Any, fit), Labels("BPchange", "", "Dose", "", "Run"))["g_levels"]
    return " ".join(p for s in sentences for p in s if isinstance(p, str))


def test_the_section_says_so_only_for_few_groups() -> None:
    assert "estimated from only" in _words(5) and "rough guide" in _words(5)
    assert "estimated from only" not in _words(12)
