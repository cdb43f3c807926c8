"""Which variance a singular random-slope fit put at its boundary, and what the slope test then
shows (analysis.covariate_effects.boundary_component, analysis.selection.level_at_boundary,
narrative.model_rules.explained_away, narrative.covariate_effects.random_part_words). Soybean with
Variety: the levels' variance is 0 and the slopes' SD 0.041, so chi2 = 143 still reads the slopes."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any, cast

import numpy as np

from reportgen.analysis.covariate_effects import boundary_component
from reportgen.analysis.selection import level_at_boundary
from reportgen.narrative.covariate_effects import random_part_words
from reportgen.narrative.model_rules import explained_away


def fit(level_var: float, slope_var: float, *, singular: bool = True, covariance: str = "diagonal") -> Any:
    """The few fields the rules read of a random-slope fit (residual SD 2.2, as Soybean's)."""
    return cast(
        Any,
        SimpleNamespace(
            singular=singular,
            random_slope=True,
            covariance=covariance,
            re_cov=np.array([[level_var, 0.0], [0.0, slope_var]]),
            residual_var=4.84,
        ),
    )


TIME_SD = 20.0


def test_the_component_at_its_boundary_is_named() -> None:
    assert boundary_component(fit(0.0, 0.041**2), TIME_SD) == "level"
    assert boundary_component(fit(0.9, 0.0), TIME_SD) == "slope"
    assert boundary_component(fit(0.9, 0.041**2, covariance="unstructured"), TIME_SD) == "correlation"
    assert boundary_component(fit(0.9, 0.041**2, singular=False), TIME_SD) == ""


def test_only_a_level_variance_at_zero_leaves_the_slopes_sd_a_finding() -> None:
    assert level_at_boundary(fit(0.0, 0.041**2))
    assert not level_at_boundary(fit(0.9, 0.0))
    assert not level_at_boundary(fit(0.0, 0.041**2, singular=False))
    assert not level_at_boundary(fit(0.0, 0.041**2, covariance="unstructured"))


def test_a_level_at_zero_lets_the_slope_test_speak() -> None:
    words = explained_away(True, 1e-6, singular=True, boundary="level", simplified=False)
    assert "singular only because its starting levels' variance is estimated at 0" in words
    assert words.endswith("even with it in the model, individual rates of change still differ")
    assert "does not show" not in words


def test_a_slope_at_zero_does_not() -> None:
    words = explained_away(True, 1e-6, singular=True, boundary="slope", simplified=True)
    assert "does not show that individual rates of change differ" in words
    assert "simplified for that reason" in words


def test_a_kept_singular_fit_is_not_said_to_be_simplified() -> None:
    words = explained_away(True, 1e-6, singular=True, boundary="", simplified=False)
    assert "simplified" not in words and "its slope variance is estimated at 0" in words


def test_a_correlation_at_the_edge_also_lets_the_slope_test_speak() -> None:
    words = explained_away(True, 0.2, singular=True, boundary="correlation", together=True)
    assert "its correlation of levels and slopes is estimated at ±1" in words
    assert "together they explain the differences in rates" in words


def test_the_simplified_covariate_model_names_the_component() -> None:
    words = random_part_words("random_slope", "random_intercept", False, "plots", boundary="slope")
    assert "is singular (its slope variance is estimated at 0), so it is simplified" in words
    words = random_part_words("random_slope", "uncorrelated_slope", False, "plots", boundary="correlation")
    assert "(its correlation of levels and slopes is estimated at ±1)" in words
    assert "(its" not in random_part_words("random_slope", "random_intercept", False, "plots")
