"""A paired covariate's differences come from the model with the subject x condition term when it
is fitted, and their words drop the "ignores the pairing" caveat (statistician Q, session 8,
Rabbit: lmerTest on that model gives 7.61 to 14.42 lower on 19.5 df; the model without the pairing,
"taken at face value", 8.09 to 13.94)."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.lmer_estimates import LmerEstimates
from reportgen.narrative.covariate_effects import interval_caveat


def test_the_caveat_goes_with_the_model_the_interval_comes_from() -> None:
    assert "ignores the pairing" in interval_caveat("same_times")
    assert interval_caveat("same_times", paired_fit=True) == ""
    assert interval_caveat("constant") == ""


def test_the_pairing_models_estimates_give_contrasts_and_f_tests() -> None:
    # Two fixed effects, no variance parameters' uncertainty: t and F follow from beta and its covariance.
    fit = LmerEstimates(
        beta=np.array([1.0, -2.0]),
        beta_cov=np.diag([0.25, 1.0]),
        vcov_beta_jacobian=np.zeros((1, 2, 2)),
        vcov_varpar=np.zeros((1, 1)),
    )
    c = fit.contrast([0.0, 1.0])
    assert c.estimate == -2.0 and c.se == 1.0
    assert fit.f_test([[0.0, 1.0]]).F == 4.0
