"""Question 6 of a GLMM report names the random-intercept GLMM its ratio comes from (statistician Q,
session 8, epil: 104.42 is from the fit with an observation-level effect; the plain random-intercept
GLMM gives 124.7 in R), and Question 4 names the subject whose line sits higher."""

from __future__ import annotations

from reportgen.narrative.finding_model import pair_ratio_message
from reportgen.narrative.rules import start_comparison


def test_the_ratio_names_the_observation_level_effect_when_it_is_in_the_model() -> None:
    with_obs = pair_ratio_message(False, True)
    assert with_obs.startswith(
        "In the random-intercept GLMM with an observation-level effect the expected count"
    )
    plain = pair_ratio_message(False, False)
    assert plain.startswith("In the random-intercept GLMM the expected count") and "observation" not in plain
    assert "with an observation-level effect the odds of" in pair_ratio_message(True, True)
    assert "observation" not in pair_ratio_message(True, False)


def test_the_steeper_subject_is_named_where_its_would_be_ambiguous() -> None:
    at = " at period 1, the first observed time"
    assert (
        start_comparison("49", "49", "subject 49", at, True, "subject 49")
        == f"subject 49's line also sits higher{at}"
    )
    assert (
        start_comparison("49", "49", "subject 49", at, False, "subject 49")
        == f"subject 49 also starts higher{at}"
    )
    assert (
        start_comparison("49", "25", "subject 25", at, True, "subject 49")
        == f"subject 25's line sits higher{at}"
    )
    assert start_comparison("49", "49", "subject 49", at, True) == f"its line also sits higher{at}"
