"""Which of a paired covariate's numbers carry the subject x condition term
(``reportgen/narrative/condition_term_words.py``; statistician S, session 8, Rabbit)."""

from __future__ import annotations

from reportgen.i18n import speaking
from reportgen.narrative.condition_term_words import condition_term_caveat, measured_at_levels


def test_two_levels_are_both_levels_more_are_several() -> None:
    assert measured_at_levels("animal", "Treatment", 2).startswith(
        "Each animal is measured at both levels of"
    )
    assert "several levels of Treatment" in measured_at_levels("animal", "Treatment", 3)
    assert "several levels" in measured_at_levels("animal", "Dose", 0)  # a numeric covariate


def test_paired_differences_are_said_to_come_from_the_model_with_the_term() -> None:
    words = condition_term_caveat("Treatment", "animal", "Animal", "dose", 2, differences_paired=True)
    assert (
        "and the differences between its levels with their tests and intervals, come from the model with"
        in words
    )
    assert "The coefficient table, each level's rate, the likelihood-ratio test" in words
    assert "The other tests and intervals" not in words
    assert "(1 | Animal:Treatment)" in words


def test_differences_of_the_model_without_the_term_are_said_to_ignore_the_pairing() -> None:
    words = condition_term_caveat("Treatment", "animal", "Animal", "dose", 2, differences_paired=False)
    assert "The other tests and intervals of Treatment below come from the model without it" in words
    assert "differences between its levels" not in words


def test_the_caveat_is_translated() -> None:
    with speaking("de"):
        words = condition_term_caveat("Behandlung", "Tier", "Animal", "Dosis", 2, differences_paired=True)
    assert words.startswith(
        "Jede Einheit Tier wird zu denselben Zeitpunkten auf beiden Stufen von Behandlung"
    )
    assert "Koeffiziententabelle" in words
