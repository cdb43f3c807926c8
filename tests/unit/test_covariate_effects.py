"""The rules that word a covariate's effect: flip the input, the words flip."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reportgen.narrative.covariate_effects import (
    direction,
    gap_change,
    interaction_choice,
    interval_caveat,
    random_part_words,
    serial_words,
)


def test_direction_follows_the_interval() -> None:
    assert direction(0.35, 0.05, 0.66) == "higher"
    assert direction(-0.35, -0.66, -0.05) == "lower"
    assert direction(0.1, -0.2, 0.4) == "unclear"


@pytest.mark.parametrize(
    ("first", "last", "p", "clear", "word"),
    [
        (1.0, 3.0, 0.01, True, "widens"),
        (3.0, 1.0, 0.01, True, "narrows"),
        (-1.0, -3.0, 0.01, True, "widens"),
        (-2.0, 3.0, 0.01, True, "reverses"),
        (-2.0, 3.0, 0.01, False, "opens"),  # the first difference is not clearly below 0
        (1.0, 3.0, 0.20, True, "steady"),
    ],
)
def test_gap_change(first: float, last: float, p: float, clear: bool, word: str) -> None:
    assert gap_change(first, last, p, first_clear=clear) == word


def test_interaction_choice_flips_with_p() -> None:
    kept = interaction_choice(0.03, "Type", "Treatment")
    dropped = interaction_choice(0.3, "Type", "Treatment")
    assert "covariate model keeps the Type × Treatment interaction" in kept
    assert "covariate model is additive, without the Type × Treatment interaction" in dropped
    assert kept.startswith("some evidence") and dropped.startswith("no evidence")


def test_random_part_words() -> None:
    assert random_part_words("random_slope", "random_slope", False, "subjects") == ""
    simplified = random_part_words("random_slope", "random_intercept", False, "trees")
    assert "simplified" in simplified and "to random intercepts" in simplified
    assert "independent" not in simplified
    none_left = random_part_words("uncorrelated_slope", "random_intercept", True, "subjects")
    assert "treats every observation as independent" in none_left


def test_serial_words_flip() -> None:
    assert "too small" in serial_words(0.49, 1e-8)
    assert "unreliable" in serial_words(-0.49, 1e-8)
    assert "not contradicted" in serial_words(0.05, 0.6)


def test_design_rows_reproduce_the_model_matrix() -> None:
    """The rows a contrast is built from are X's rows, whatever the terms (here a crossed pair)."""
    from reportgen.analysis.model_matrix import build_model_matrix

    rng = np.random.default_rng(1)
    frame = pd.DataFrame(
        {
            "time": np.tile(np.arange(4.0), 6),
            "a": np.repeat(["x", "y", "x", "y", "x", "y"], 4),
            "b": np.repeat(["p", "p", "q", "q", "p", "q"], 4),
            "w": rng.normal(size=24),
        }
    )
    design = build_model_matrix(frame, covariates=("a", "b", "w"), crossed=(("a", "b"),))
    assert "a:b" in design.terms and "time:a:b" in design.terms
    np.testing.assert_allclose(design.rows(frame.iloc[[3, 10, 17]]), design.X[[3, 10, 17]])


def test_interval_caveat_only_when_paired() -> None:
    assert interval_caveat("constant") == ""
    assert "ignores the pairing" in interval_caveat("same_times")


def test_two_numeric_covariates_get_their_interaction_tested() -> None:
    """Without categorical covariates the fit carries no type-III matrices: the terms' own columns."""
    from reportgen.analysis.covariates import analyse_covariates
    from reportgen.analysis.shape import fit_supported_model

    rng = np.random.default_rng(3)
    groups = np.repeat(np.arange(12), 5)
    u, v = rng.normal(size=12)[groups], rng.normal(size=12)[groups]
    time = np.tile(np.arange(5.0), 12)
    y = (
        1
        + 0.5 * time
        + u
        + v
        + 2.0 * u * v * time
        + rng.normal(size=60, scale=0.3)
        + rng.normal(size=12)[groups]
    )
    frame = pd.DataFrame({"group": groups.astype(str), "time": time, "response": y, "u": u, "v": v})
    choice = fit_supported_model(frame, engine="exact").choice
    effects = analyse_covariates(frame, ("u", "v"), choice, engine="exact")
    (interaction,) = effects["u"].interactions
    assert interaction.pair == ("u", "v") and interaction.kept  # built with a strong u x v x time term
    assert "time:u:v" in effects["u"].fit.terms
    assert list(effects["v"].differences.at) == ["per_unit"]


def test_a_pair_whose_levels_never_meet_is_not_tested() -> None:
    """Two covariates with an empty cell: their interaction cannot be estimated, so it is left out."""
    from reportgen.analysis.covariates import estimable_pairs

    cells = [("x", "p"), ("x", "q"), ("y", "p"), ("y", "q"), ("z", "p")] * 3  # z never meets q
    frame = pd.DataFrame(
        {
            "time": np.tile(np.arange(3.0), len(cells)),
            "a": np.repeat([a for a, _ in cells], 3),
            "b": np.repeat([b for _, b in cells], 3),
            "w": np.repeat(np.random.default_rng(2).normal(size=len(cells)), 3),
        }
    )
    assert estimable_pairs(frame, ("a", "b", "w")) == (("a", "w"), ("b", "w"))


def test_random_part_words_name_the_linear_model_in_a_glmm_report() -> None:
    from reportgen.narrative.covariate_effects import random_part_words

    gaussian = random_part_words("random_slope", "random_intercept", False, "subjects")
    glmm = random_part_words("random_slope", "random_intercept", False, "subjects", glmm=True)
    assert "(those of the model the report stands on)" in gaussian
    assert "(those of the linear model (an approximation))" in glmm and "stands on" not in glmm


def test_the_average_observed_time_keeps_the_times_decimals() -> None:
    from reportgen.narrative.covariate_effects import mean_time_style

    # nlme::BodyWeight: days 1 to 64 average 33.545...: "33.5", not "33.55" nor "33.5455".
    assert mean_time_style({"first": 1.0, "mean": 369 / 11, "last": 64.0}) == "d1"
    assert mean_time_style({"first": 8.0, "mean": 11.0, "last": 14.0}) == "d0"  # Orthodont's ages
