"""Narrative rules that name the model: a curve's model is named by its curve (issue 21)."""

from __future__ import annotations

from reportgen.narrative.model_rules import not_stood_on
from reportgen.narrative.rules import criteria_verdict, pooling_lead, singular_note


def test_the_singular_straight_line_points_at_the_curve_the_report_stands_on() -> None:
    straight = singular_note(True, "random_slope")
    curved = singular_note(True, "random_slope", shape="quadratic")
    assert "so the report stands on it" in straight and "so the report stands on it" not in curved
    assert "the report stands on the quadratic model with correlated random slopes instead" in curved
    assert "singular too" in singular_note(True, "uncorrelated_slope", True, "spline3")
    assert "singular too" not in singular_note(True, "uncorrelated_slope", False, "spline3")
    assert singular_note(False, "random_slope", shape="quadratic") == ""


def test_criteria_name_the_curves_models() -> None:
    assert criteria_verdict(100, 98, 101, 99) == "AIC and BIC both favour the random-slope model"
    assert criteria_verdict(100, 98, 101, 99, "quadratic") == (
        "AIC and BIC both favour the quadratic model with correlated random slopes"
    )
    split = criteria_verdict(100, 98, 101, 103, "log")
    assert "AIC favours the log-linear model with correlated random slopes" in split
    assert split.endswith("the log-linear model with random intercepts")


def test_the_straight_random_slope_fit_is_not_the_curve_stood_on() -> None:
    assert not_stood_on("random_slope") == "this model"
    assert (
        not_stood_on("random_slope", "quadratic")
        == "the random-slope model, which the report does not stand on"
    )


def test_pooling_names_the_whole_model() -> None:
    lead = pooling_lead(
        0.3, "straight-line version of the quadratic model with random intercepts", "tree", "trees"
    )
    assert lead.startswith("The straight-line version of the quadratic model with random intercepts pulls")
