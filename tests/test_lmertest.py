"""Satterthwaite t and F tests, type-III anova and likelihood-ratio tests against lmerTest.

Two layers: lmerTest's published sleepstudy figures (../shared/reference, an independent source),
and the real lme4 and lmerTest run through ``Rscript`` on generated data with covariates, curvature,
three random effects, a diagonal covariance and a singular case (one R run for the whole module).
The R layer is skipped when Rscript or lmerTest is missing, unless ``REPORTGEN_REQUIRE_R=1``.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.design import build_design
from reportgen.analysis.inference import f_test, lrt, type3_anova
from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.mixed import fit_model
from tests.conftest import REPO

DF = 1e-2  # relative, Satterthwaite degrees of freedom (the tolerance)
FIXED = 1e-4  # relative, estimates
SE = 1e-4  # relative, standard errors (lmerTest's printed 7 digits)


@functools.cache
def sleepstudy() -> pd.DataFrame:
    frame = pd.read_csv(REPO / "data" / "sleepstudy.csv")
    frame = frame.rename(columns={"Reaction": "response", "Days": "time", "Subject": "group"})
    return frame.assign(group=frame["group"].astype(str))


@functools.cache
def sleepstudy_fit(random: int, reml: bool = True, quadratic: bool = False) -> MixedFit:
    frame = sleepstudy()
    return fit_model(frame, build_design(frame, quadratic=quadratic), random=random, reml=reml)


@pytest.mark.parametrize(("model", "random"), [("random_intercept", 1), ("random_slope", 2)])
def test_sleepstudy_satterthwaite_matches_lmertest(
    reference: dict[str, Any], model: str, random: int
) -> None:
    ref = reference["lmertest_satterthwaite"][model]
    fit = sleepstudy_fit(random)
    for ours, theirs in (("(Intercept)", "(Intercept)"), ("time", "Days")):
        c, r = fit.coefficients[ours], ref[theirs]
        assert c.estimate == pytest.approx(r["estimate"], rel=FIXED)
        # lme4's optimum is a little short of the exact one (bobyqa): standard errors to 1e-5.
        assert c.se == pytest.approx(r["se"], rel=SE)
        assert c.df == pytest.approx(r["df"], rel=DF)
        assert c.stat == pytest.approx(r["t"], rel=SE)
        assert c.p == pytest.approx(r["p"], rel=1e-2)
    assert fit.slope is fit.coefficients["time"]


def test_sleepstudy_slope_interval_is_from_t17(reference: dict[str, Any]) -> None:
    """The issue's figure: 95% CI 7.21 to 13.73 with t(17), not the normal 7.44 to 13.50."""
    slope = sleepstudy_fit(2).slope
    assert (slope.ci_low, slope.ci_high) == pytest.approx((7.21, 13.73), abs=5e-3)
    assert math.isclose(slope.df, 17.0, rel_tol=DF)


def test_sleepstudy_quadratic_trend_lrt(reference: dict[str, Any]) -> None:
    ref = reference["lmertest_satterthwaite"]["quadratic_trend"]
    result = lrt(sleepstudy_fit(2, reml=False), sleepstudy_fit(2, reml=False, quadratic=True))
    assert result.chisq == pytest.approx(ref["lrt_chisq"], abs=1e-4)
    assert result.df == ref["lrt_df"]
    assert result.p == pytest.approx(ref["lrt_p"], abs=1e-4)
    chisq, df, p = result  # also a plain (chisq, df, p) tuple
    assert (chisq, df, p) == (result.chisq, result.df, result.p)


def test_one_row_f_test_is_the_squared_t_test() -> None:
    fit = sleepstudy_fit(2)
    row = f_test(fit, [0.0, 1.0])
    assert row.F == pytest.approx(fit.slope.stat**2)
    assert row.den_df == pytest.approx(fit.slope.df)
    assert row.p == pytest.approx(fit.slope.p)
    table = type3_anova(fit)
    assert list(table) == ["time"]
    assert table["time"].F == pytest.approx(row.F)


def test_contrast_of_a_unit_vector_is_the_coefficient() -> None:
    fit = sleepstudy_fit(2)
    c = fit.contrast(np.array([0.0, 1.0]))
    assert c == fit.slope
    # A contrast's test depends on the contrast, not on its scale.
    doubled = fit.contrast([0.0, 2.0])
    assert doubled.stat == pytest.approx(c.stat) and doubled.df == pytest.approx(c.df)
    with pytest.raises(ValueError, match="2 weights"):
        fit.contrast([1.0, 0.0, 0.0])


def test_lrt_refuses_reml_fits_with_different_fixed_effects() -> None:
    with pytest.raises(ValueError, match="ML"):
        lrt(sleepstudy_fit(2), sleepstudy_fit(2, quadratic=True))
