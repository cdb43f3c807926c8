"""The covariate model on a curved trend: its design (shape x covariates, named as lme4 names it)
and the small rules that word it (flip the input, the words flip)."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.covariates import main_effect_at
from reportgen.analysis.model_matrix import build_model_matrix, term_factors
from reportgen.analysis.regression import Coefficient
from reportgen.analysis.time_basis import make_shape, ns_basis
from reportgen.narrative.covariate_effects import covariate_rate_lead, curve_interaction_verdict, middle_gap
from reportgen.narrative.model_rules import mean_time_verdict


def _frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    return pd.DataFrame(
        {
            "time": np.tile([1.0, 2.0, 4.0, 8.0, 16.0, 32.0], 6),
            "group": np.repeat(np.arange(6), 6),
            "arm": np.repeat(list("ABCABC"), 6),
            "dose": rng.normal(size=36),
        }
    )


def test_spline_crossed_with_a_factor_has_lme4s_terms_and_columns() -> None:
    frame = _frame()
    design = build_model_matrix(frame, covariates=("arm",), shape=make_shape("spline3", frame["time"]))
    # R: colnames(model.matrix(~ splines::ns(time, 3) * arm)) and its term labels.
    assert design.terms == ("(Intercept)", "splines::ns(time, 3)", "arm", "splines::ns(time, 3):arm")
    assert design.names[4:6] == ("armB", "armC")
    assert design.names[6:9] == tuple(f"splines::ns(time, 3){k}:armB" for k in (1, 2, 3))
    basis = ns_basis(frame["time"].to_numpy(), 3)
    arm_b = (frame["arm"] == "B").to_numpy(float)
    np.testing.assert_allclose(design.X[:, 6:9], basis * arm_b[:, None], atol=1e-12)
    np.testing.assert_allclose(design.rows(frame), design.X, atol=1e-12)
    # The covariate's type-III contrast is its own columns (no term with the same numerics contains it).
    assert design.type3["arm"].shape == (2, design.X.shape[1])


def test_quadratic_crossed_keeps_time_and_its_square_as_terms() -> None:
    frame = _frame()
    design = build_model_matrix(frame, covariates=("dose",), shape=make_shape("quadratic", frame["time"]))
    assert design.terms == ("(Intercept)", "time", "I(time^2)", "dose", "time:dose", "I(time^2):dose")
    t, dose = frame["time"].to_numpy(), frame["dose"].to_numpy()
    np.testing.assert_allclose(design.X[:, 5], t * t * dose)


def test_a_covariate_left_out_of_the_time_interaction_is_additive() -> None:
    frame = _frame()
    shape = make_shape("log", frame["time"])
    design = build_model_matrix(frame, covariates=("arm", "dose"), shape=shape, interactions=("dose",))
    assert "log(time):arm" not in design.terms and "log(time):dose" in design.terms


def test_term_factors_split_on_single_colons_only() -> None:
    assert term_factors("splines::ns(time, 3):Variety") == {"splines::ns(time, 3)", "Variety"}
    assert term_factors("time:`a b`") == {"time", "a b"}


@pytest.mark.parametrize(("shape", "expected"), [("quadratic", 0.0), ("log", 1.0), ("spline3", 14.0)])
def test_main_effect_is_read_where_the_curves_columns_are_zero(shape: str, expected: float) -> None:
    assert main_effect_at(shape, 14.0) == expected
    if shape == "spline3":  # R's ns() is 0 at its lower boundary knot, the first time
        assert np.allclose(ns_basis(np.array([14.0, 30.0, 84.0]), 3)[0], 0.0)


def _c(estimate: float, low: float, high: float) -> Coefficient:
    return Coefficient(estimate, 1.0, math.nan, 0.5, low, high)


def test_middle_gap_names_a_gap_the_ends_miss() -> None:
    unclear, clear = _c(0.3, -3.0, 3.6), _c(-11.0, -14.4, -7.6)
    assert "only in the middle" in middle_gap(unclear, clear, unclear)
    assert middle_gap(clear, unclear, clear) == ""  # flip: clear at the ends, not in the middle
    assert "widest in the middle" in middle_gap(_c(-2.0, -3.0, -1.0), clear, _c(-3.0, -4.0, -2.0))
    assert middle_gap(_c(-20.0, -25.0, -15.0), clear, _c(-3.0, -4.0, -2.0)) == ""


def test_curve_interaction_verdict_flips_with_p() -> None:
    kept = curve_interaction_verdict(0.0001, "Variety")
    assert "strong evidence that the curve's shape differs with Variety" in kept and "keeps" in kept
    parallel = curve_interaction_verdict(0.37, "treat")
    assert "no evidence" in parallel and "parallel curves" in parallel


def test_rate_lead_says_average_rate_on_a_curve_and_slope_on_a_line() -> None:
    assert covariate_rate_lead(False, "per day", "days", "level", "arm").startswith(
        "The average slope (per day)"
    )
    curved = covariate_rate_lead(True, "per day", "days", "level", "arm")
    assert "average rate (per day) over the observed days range" in curved and "slope" not in curved


def test_mean_time_verdict_names_what_the_model_draws() -> None:
    assert "their curves as running side by side" in mean_time_verdict(
        0.01, 0.4, "arm", "categorical", "curves"
    )
    assert "their lines as running side by side" in mean_time_verdict(0.01, 0.4, "arm", "categorical")


def test_start_words_name_curves_when_the_model_draws_curves() -> None:
    from reportgen.narrative.model_rules import lines_start_verdict, measured_start_verdict

    assert "between the curves there" in lines_start_verdict(0.4, True, "curves")
    assert "between the lines there" in lines_start_verdict(0.4, True)
    curves = measured_start_verdict(0.01, True, "arm", "curves")
    assert "a product of the model's curves" in curves and "straight lines" not in curves
    assert "a product of straight lines" in measured_start_verdict(0.01, True, "arm")
    assert measured_start_verdict(0.3, False, "arm", "curves").endswith("as the curves say")
