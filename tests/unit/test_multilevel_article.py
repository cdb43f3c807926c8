"""The article before a level's name comes from inflect ("an animal", "a site"; it said "a animal")."""

from __future__ import annotations

from reportgen.narrative.multilevel import within_words
from tests.support.nested import levels_words


def _words(top: str, subject: str) -> str:
    return levels_words(top, subject, icc=0.2, groups=20)


def test_an_before_a_vowel_a_before_a_consonant() -> None:
    assert "within an animal:" in _words("animal", "run") and "the rest within a run." in _words(
        "animal", "run"
    )
    assert "within a site:" in _words("site", "item") and "the rest within an item." in _words("site", "item")


def test_the_condition_term_takes_its_article_too() -> None:
    assert "adds an animal x side term" in within_words("animal", ("side",))
    assert "adds a dog x side term" in within_words("dog", ("side",))
