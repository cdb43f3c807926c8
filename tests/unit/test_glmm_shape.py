"""Pure parts of reportgen.analysis.glmm_shape: the quadratic fitted on time from its first value
put back on the raw time, and a curve's levels and change read from a fit's estimates."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reportgen.analysis.glmm_fit import GlmmFit, wald_term
from reportgen.analysis.glmm_shape import _mapped_back, summarise_glmm_curve, typical_curve
from reportgen.analysis.time_basis import make_shape

TIMES = np.array([2000.0, 2001, 2002, 2003, 2004, 2005])


def _fit(names: tuple[str, ...], beta: np.ndarray, vcov: np.ndarray) -> GlmmFit:
    fixed = {
        n: wald_term(float(b), math.sqrt(vcov[i, i]))
        for i, (n, b) in enumerate(zip(names, beta, strict=True))
    }
    return GlmmFit(
        "random_intercept_quadratic", "", "binomial", "Laplace", 0.0, 4,
        fixed, {}, None, False, True, 6, 1, 0.0, 2, vcov=vcov,
    )  # fmt: skip


def test_quadratic_on_shifted_time_is_put_back_on_the_raw_time() -> None:
    shape = make_shape("quadratic", TIMES, "year")
    names = ("(Intercept)", *shape.names)
    beta = np.array([-1.0, 0.8, -0.12])  # on year - 2000
    vcov = np.diag([0.04, 0.01, 0.0004])
    back = _mapped_back(_fit(names, beta, vcov), shape, TIMES, 2000.0)
    raw = np.column_stack([np.ones(len(TIMES)), shape.columns(TIMES)])
    shifted = np.column_stack([np.ones(len(TIMES)), shape.columns(TIMES - 2000.0)])
    estimates = np.array([t.estimate for t in back.fixed.values()])
    assert raw @ estimates == pytest.approx(shifted @ beta, abs=1e-6)
    # the linear predictor's variance at every time is the same in both bases (up to the rounding
    # of calendar years squared, ~4e6, in the raw basis lme4 also reports)
    assert np.einsum("ij,jk,ik->i", raw, back.vcov, raw) == pytest.approx(
        np.einsum("ij,jk,ik->i", shifted, vcov, shifted), rel=1e-3
    )


def test_curve_levels_and_change_follow_the_estimates() -> None:
    times = np.arange(8.0)
    shape = make_shape("quadratic", times, "visit")
    names = ("(Intercept)", *shape.names)
    fit = _fit(names, np.array([-1.3, 1.1, -0.14]), np.diag([0.07, 0.003, 0.00005]))
    curve = summarise_glmm_curve(fit, shape, "binomial", times)
    eta = np.array([-1.3, -1.3 + 1.1 * 3 - 0.14 * 9, -1.3 + 1.1 * 7 - 0.14 * 49])
    assert (curve.first.time, curve.middle.time, curve.last.time) == (0.0, 3.0, 7.0)  # 3 and 4 tie: the first
    assert curve.first.value == pytest.approx(1 / (1 + math.exp(-eta[0])))
    assert curve.middle.value == pytest.approx(1 / (1 + math.exp(-eta[1])))
    assert curve.change.ratio == pytest.approx(math.exp(eta[2] - eta[0]))
    assert curve.average_slope.estimate == pytest.approx((eta[2] - eta[0]) / 7)
    # the parabola peaks inside, at 1.1 / (2 * 0.14), clearly above both ends
    assert curve.extreme_kind == "peak" and curve.extreme is not None
    assert curve.extreme.time == pytest.approx(1.1 / 0.28, abs=0.02)  # on a 401-point grid
    # flip the curvature: the change flips side of 1
    flipped = summarise_glmm_curve(
        _fit(names, np.array([-1.3, -1.1, 0.14]), fit.vcov), shape, "binomial", times
    )
    assert (curve.change.ratio > 1) != (flipped.change.ratio > 1)
    assert flipped.extreme_kind == "trough"
    value, low, high = typical_curve(fit, shape, "poisson", np.array([0.0]))
    assert value[0] == pytest.approx(math.exp(-1.3)) and low[0] < value[0] < high[0]
