"""How much variance is between subjects: ICC and Nakagawa & Schielzeth's R² for mixed models."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.lmm import MixedFit

if TYPE_CHECKING:
    from numpy.typing import NDArray


@dataclass(frozen=True)
class VarianceExplained:
    """Marginal R² (fixed effects alone) and conditional R² (fixed and random effects)."""

    marginal: float
    conditional: float


def icc(fit: MixedFit) -> float:
    """Intraclass correlation of a random-intercept model: between / (between + residual)."""
    return fit.group_var / (fit.group_var + fit.residual_var)


def fixed_variance(fixed: NDArray[np.float64]) -> float:
    """Variance of the fixed-effect predictions with n - 1, as R's ``var`` (0 for one value)."""
    return float(np.var(fixed, ddof=1)) if len(fixed) > 1 else 0.0


def r_squared(
    fit: MixedFit, time: NDArray[np.float64], *, fixed: NDArray[np.float64] | None = None
) -> VarianceExplained:
    """Nakagawa & Schielzeth (2013), with Johnson's (2014) extension for random slopes.

    The random-effect variance is the mean over observations of z' Sigma z, z = (1, t - origin),
    with time counted from the fit's ``time_origin`` as its random effects are (the uncorrelated
    model counts it from the first observed time; its fixed effects use time itself). The fixed
    part's variance is the sample variance (n - 1), as Nakagawa & Schielzeth and R (MuMIn,
    performance: ``var(fitted)``) compute it. ``fixed``: the fixed part at each observation, for a
    fit whose trend is not a straight line.
    """
    if fixed is None:  # the fixed part of a straight line (a curve passes its own)
        fixed = fit.intercept.estimate + fit.slope.estimate * time
    var_fixed = fixed_variance(fixed)
    cov = fit.re_cov
    if fit.random_slope:
        s = time - fit.time_origin
        var_random = float(np.mean(cov[0, 0] + 2 * cov[0, 1] * s + cov[1, 1] * s * s))
    else:
        var_random = float(cov[0, 0])
    total = var_fixed + var_random + fit.residual_var
    return VarianceExplained(marginal=var_fixed / total, conditional=(var_fixed + var_random) / total)
