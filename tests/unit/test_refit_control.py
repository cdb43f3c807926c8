"""The scales of a model's random effects for lme4's optimizer (reportgen.refit_control;
statistician M, session 7, item 9: a bare lmer() stops short on Sitka, theta 13.86 against 0.0104)."""

from __future__ import annotations

import numpy as np
import pytest

from reportgen.refit_control import theta_ratio, time_divisor


def _cov(theta: list[float], residual_var: float) -> np.ndarray:
    """The random-effects covariance whose lme4 theta (lower Cholesky over sigma) is ``theta``."""
    factor = np.array([[theta[0], 0.0], [theta[1], theta[2]]])
    return residual_var * factor @ factor.T


def test_sitkas_theta_ratio_and_the_divisor_that_closes_it() -> None:
    ratio = theta_ratio(_cov([13.857, -0.01067, 0.01041], 0.0042), 0.0042)
    assert ratio == pytest.approx(13.857 / 0.01041, rel=1e-6)
    assert time_divisor(ratio) == 100  # Time / 100: theta 13.86, -1.07, 1.04, ratio 13
    assert time_divisor(389.15) == 10 and time_divisor(40.0) == 1


def test_no_ratio_for_one_effect_or_a_zero_variance() -> None:
    assert theta_ratio(np.array([[4.0]]), 1.0) is None
    assert theta_ratio(np.diag([4.0, 0.0]), 1.0) is None
    assert theta_ratio(np.diag([4.0, 1.0]), 1.0) == pytest.approx(2.0)
