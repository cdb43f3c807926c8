"""words.model_name: the model the report stands on, named by its random effects and its curve."""

from __future__ import annotations

import pytest

from reportgen.words import model_name


@pytest.mark.parametrize(
    ("model", "shape", "expected"),
    [
        ("random_intercept", "linear", "random-intercept model"),
        ("random_intercept", "quadratic", "quadratic model with random intercepts"),
        ("random_slope", "linear", "random-slope model"),
        ("random_slope", "spline4", "natural-spline (4 df) model with correlated random slopes"),
        ("uncorrelated_slope", "log", "log-linear model with uncorrelated random slopes"),
    ],
)
def test_a_curve_is_named_with_its_random_effects(model: str, shape: str, expected: str) -> None:
    assert model_name(model, shape) == expected


def test_a_quadratic_is_never_the_random_intercept_model() -> None:
    straight, curved = model_name("random_intercept"), model_name("random_intercept", "quadratic")
    assert straight == "random-intercept model" and "random-intercept model" not in curved
    line = model_name("random_intercept", "quadratic", line=True)
    assert line == "straight-line version of the quadratic model with random intercepts"
    assert model_name("random_intercept", "linear", line=True) == straight  # a straight trend is its own line
    assert model_name("random_slope", "quadratic", short=True) == "quadratic model"
