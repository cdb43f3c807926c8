"""reportgen.narrative.family.interaction_words: a curve's test by a covariate is said in curve
words (statistician T, session 8, 6: binq "no evidence that the change with each visit differs
with arm" for the 2-df curve x arm test)."""

from __future__ import annotations

from reportgen.narrative.family import interaction_words


def test_a_curved_covariate_model_says_the_curves_shape() -> None:
    curved = interaction_words(0.113, "arm", "visit", curved=True)
    assert curved == "no evidence that the curve's shape differs with arm"
    assert "each visit" not in curved


def test_a_straight_covariate_model_says_the_change_per_unit() -> None:
    assert (
        interaction_words(0.113, "arm", "visit")
        == "no evidence that the change with each visit differs with arm"
    )
