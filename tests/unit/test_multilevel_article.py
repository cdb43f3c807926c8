"""The article before a level's name comes from inflect ("an animal", "a site"; it said "a animal")."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

from reportgen.config import Labels
from reportgen.narrative.multilevel import multilevel_words, within_words


def _words(top: str, subject: str) -> str:
    fit = SimpleNamespace(
        levels=(top, subject),
        shares={top: SimpleNamespace(icc=0.2)},
        n_groups={top: 20, f"{top}:{subject}": 40},
        new_group_slope=None,
        within=(),
        simplified={},
        report_shape="linear",
        shape="linear",
        held_at={},
    )
    sentences = multilevel_words(cast(Any, fit), Labels("score", "", "month", "", subject))["g_levels"]
    return " ".join(p for s in sentences for p in s if isinstance(p, str))


def test_an_before_a_vowel_a_before_a_consonant() -> None:
    assert "within an animal:" in _words("animal", "run") and "the rest within a run." in _words(
        "animal", "run"
    )
    assert "within a site:" in _words("site", "item") and "the rest within an item." in _words("site", "item")


def test_the_condition_term_takes_its_article_too() -> None:
    assert "adds an animal x side term" in within_words("animal", ("side",))
    assert "adds a dog x side term" in within_words("dog", ("side",))
