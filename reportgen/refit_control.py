"""Why the appendix's lme4 call carries its control, said from the model's own scales.

Statistician M (session 7): a bare ``lmer(formula)`` gives Sitka's model a log-likelihood of 244.28
(degenerate Hessian) against 451.79. The cause is scale: lme4 optimizes the relative covariance
factor (``theta``, the random effects' Cholesky factor over the residual SD), starting at 1 for
each SD; with time in days (469 to 674) the slopes' element is 0.0104 beside the levels' 13.86, a
factor of about 1,300, and the default optimizer stops short. With time divided by 100 the factor
is about 13 and a bare ``lmer`` reaches 451.79 without a warning (so does the stored control).
:func:`theta_ratio` measures that factor; :func:`time_divisor` is the power of 10 that brings it
to below about 100; ``reportgen.narrative.refit_words`` says it.
"""

from __future__ import annotations

import math

import numpy as np

# A ratio of the relative covariance factor's diagonal above this is a scale lme4's defaults
# struggle with (Sitka: 1,300; with time / 100: 13, and the default fit reaches the optimum).
THETA_RATIO_LIMIT = 100.0


def theta_ratio(re_cov: np.ndarray, residual_var: float) -> float | None:
    """Largest over smallest non-zero diagonal element of lme4's theta for a random-effects
    covariance ``re_cov`` (time's original origin) and residual variance; None for one random effect,
    a zero element or no residual variance."""
    if re_cov.shape[0] < 2 or residual_var <= 0:
        return None
    try:
        factor = np.linalg.cholesky(np.asarray(re_cov, float) / residual_var)
    except np.linalg.LinAlgError:  # a singular covariance: a zero element
        return None
    diagonal = np.abs(np.diag(factor))
    if diagonal.min() <= 1e-12:
        return None
    return float(diagonal.max() / diagonal.min())


def time_divisor(ratio: float) -> int:
    """The power of 10 to divide time by so that ``ratio`` falls below :data:`THETA_RATIO_LIMIT`
    (1 when it already does): a slope's element grows with time's unit, the levels' does not."""
    if ratio <= THETA_RATIO_LIMIT:
        return 1
    return int(10 ** math.ceil(math.log10(ratio / THETA_RATIO_LIMIT)))
