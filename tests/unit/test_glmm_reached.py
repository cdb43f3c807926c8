"""The rule that refuses a GLMM fit short of its optimum (analysis.glmm_reached)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.special import gammaln

from reportgen.analysis.glmm_reached import glm_loglik, reached, refuse_unreached
from reportgen.errors import ModelError


def test_a_fit_at_or_above_its_glm_bound_is_reached_below_it_is_not() -> None:
    assert reached(-100.0, -120.0)
    assert reached(-120.005, -120.0)  # within the tolerance
    assert not reached(-120.5, -120.0)
    assert not reached(-1.2e36, -28792.7)
    assert not reached(math.nan, -120.0)
    assert not reached(-math.inf, -120.0)


def test_refusal_names_the_model_and_why() -> None:
    refuse_unreached(-100.0, -120.0, True, "n ~ year + (1 | id)", "Poisson")  # reached: no error
    with pytest.raises(ModelError, match=r"n ~ year \+ \(1 \| id\).*below the -120"):
        refuse_unreached(-1.2e36, -120.0, True, "n ~ year + (1 | id)", "Poisson")
    with pytest.raises(ModelError, match="did not converge"):
        refuse_unreached(-100.0, -120.0, False, "n ~ year + (1 | id)", "Poisson")


def test_glm_bound_is_the_poisson_log_likelihood_at_the_mean() -> None:
    """Intercept only: the maximum is at the sample mean, sum(y log m - m - log y!)."""
    y = np.array([0.0, 3, 1, 7, 2, 4])
    m = y.mean()
    expected = float(np.sum(y * np.log(m) - m - gammaln(y + 1)))
    assert glm_loglik(y, np.ones((len(y), 1)), "poisson") == pytest.approx(expected, rel=1e-9)


def test_glm_bound_is_the_bernoulli_log_likelihood_at_the_share() -> None:
    y = np.array([0.0, 1, 1, 0, 1, 1, 1, 0])
    p = y.mean()
    expected = float(np.sum(y * np.log(p) + (1 - y) * np.log(1 - p)))
    assert glm_loglik(y, np.ones((len(y), 1)), "binomial") == pytest.approx(expected, rel=1e-9)
