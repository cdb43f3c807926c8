"""Which model the headline slope, the pooling and the checks read when subjects are nested
(reportgen/narrative/outer_level.py; issue 24, nest24c)."""

from __future__ import annotations

from reportgen.narrative.outer_level import (
    checks_model_line,
    every_level_slope_lead,
    line_formula,
    pooling_model_line,
)

FORMULA = "score ~ wave + arm + wave:arm + (1 | school) + (wave | school:pupil)"


def test_the_line_keeps_every_levels_random_terms_and_drops_the_covariates() -> None:
    assert line_formula(FORMULA, "wave") == "score ~ wave + (1 | school) + (wave | school:pupil)"
    assert line_formula("y ~ t + (t | site) + (t | site:id)", "t") == "y ~ t + (t | site) + (t | site:id)"


def test_without_covariates_the_lead_is_the_model_with_every_level() -> None:
    assert every_level_slope_lead("school", "linear") == (
        "With the school level added (the model at every level), the average slope is "
    )


def test_with_covariates_the_lead_names_its_model_and_what_it_leaves_out() -> None:
    line = line_formula(FORMULA, "wave")
    lead = every_level_slope_lead("school", "linear", ("arm",), False, line)
    assert lead == f"Leaving arm out of the model at every level ({line}), the average slope is "
    assert "the model at every level)" not in lead


def test_with_time_by_covariate_the_slope_is_pooled_across_it() -> None:
    line = line_formula(FORMULA, "wave")
    assert "pooled across arm" in every_level_slope_lead("school", "linear", ("arm",), True, line)
    assert "pooled" not in every_level_slope_lead("school", "linear", ("arm",), False, line)
    both = every_level_slope_lead("site", "spline3", ("arm", "sex"), True, line)
    assert both.startswith("Leaving arm and sex out") and "pooled across arm and sex" in both
    assert "a straight line's average slope" in both


def test_the_pooling_says_it_pulls_toward_the_population_not_the_outer_group() -> None:
    text = pooling_model_line("random-slope model", ("school", "pupil"), "pupil")
    assert "random-slope model on school:pupil alone" in text
    assert "without the school level" in text and "not toward its school's" in text
    other = pooling_model_line("random-intercept model", ("site", "patient"), "patient")
    assert "random-intercept model on site:patient" in other and "each patient" in other
    assert "school" not in other


def test_the_checks_say_whose_differences_they_count() -> None:
    text = checks_model_line("random-slope model", ("school", "pupil"), "pupil")
    assert "on school:pupil alone" in text and "the schools' differences count as the pupils'" in text
    assert "each pupil left out" in text
    other = checks_model_line("random-slope model", ("clinic", "patient"), "patient")
    assert "the clinics' differences count as the patients'" in other
