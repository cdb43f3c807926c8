"""A cyclic trend's words outside the covariate section (reportgen.narrative.cycle): the model
choice, the shape after the quadratic test, and the influence of single subjects on the cycle
(flip the input, the words flip)."""

from __future__ import annotations

from reportgen.narrative.cycle import (
    cycle_choice_reason,
    cycle_shape_words,
)
from reportgen.narrative.model_rules import choice_reason


def test_without_random_slopes_the_subjects_share_one_cycle_not_one_slope() -> None:
    words = cycle_choice_reason("slopes_not_supported", "subjects")
    assert "one shared cycle, the subjects at their own levels" in words
    assert "slope" not in words
    # With random slopes supported the reason reads as on any trend.
    assert cycle_choice_reason("slopes_supported", "mares") == choice_reason("slopes_supported", "mares")


def test_a_cycle_is_not_said_to_bend() -> None:
    for contrast in (True, False):
        words = cycle_shape_words(contrast)
        assert "rises and falls by the same amount every period" in words
        assert "bends downward" not in words and "levels off" not in words
    assert cycle_shape_words(False).startswith("the trend is not a straight line")  # after "so"
    assert cycle_shape_words(True).startswith("the shape comparison below chooses a cycle")  # after "but"


def test_the_covariate_model_on_a_cycle_names_drifts_not_rates() -> None:
    from reportgen.narrative.model_rules import covariate_structure_note

    on_cycle = covariate_structure_note(
        "random_intercept", "subjects", reason="slopes_not_supported", cycle=True
    )
    assert "no clear evidence that subjects drift apart over time" in on_cycle
    assert "rates of change" not in on_cycle
    line = covariate_structure_note("random_intercept", "subjects", reason="slopes_not_supported")
    assert "rates of change differ" in line
