"""A multilevel fit's fixed effects as :mod:`reportgen.analysis.satterthwaite` reads them.

Every Satterthwaite t and F test of a mixedlm ``lmer`` fit (the multilevel model's type-III tests,
the subject x condition term's, a section's refit with every level) is made by
:func:`~reportgen.analysis.satterthwaite.contrast` and :func:`~reportgen.analysis.satterthwaite.f_test`
(lmerTest's ``contest1D`` and ``contestMD``) from the estimates made here: one implementation.
The derivatives of vcov(beta) in theta and theta's covariance are mixedlm's (it profiles sigma out);
sigma is one more variance parameter, independent of theta: its derivative of vcov(beta) is
2 vcov / sigma and its variance sigma^2 / (2 (n - p)), so its share of a contrast's g'Ag is
2 var^2 / (n - p), mixedlm's and lmerTest's residual term. On a simulated nested study the
coefficients' df are lmerTest's within 5e-5 (tests/crosscheck/test_lmer_f_tests.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from reportgen.analysis.regression import Coefficient
    from reportgen.analysis.satterthwaite import FTest


@dataclass(frozen=True)
class LmerEstimates:
    """Fixed effects, their covariance, its derivatives in the variance parameters and theirs."""

    beta: Any
    beta_cov: Any
    vcov_beta_jacobian: Any
    vcov_varpar: Any

    def contrast(self, weights: Any) -> Coefficient:
        """t test of one linear combination L beta (lmerTest's ``contest1D``), Satterthwaite df."""
        from reportgen.analysis.satterthwaite import contrast

        return contrast(self, weights)

    def f_test(self, weights: Any) -> FTest:
        """F test of L beta = 0 (lmerTest's ``contestMD``), Satterthwaite denominator df."""
        from reportgen.analysis.satterthwaite import f_test

        return f_test(self, weights)


def lmer_estimates(model: Any, scale: Any = None) -> LmerEstimates:
    """The estimates of a mixedlm ``lmer`` REML fit with the derivatives Satterthwaite's df read.

    Args:
        model: the fit.
        scale: the factors its model matrix's columns were divided by before fitting (``x / scale``);
            the estimates are returned on the columns' own scale. ``None``: not scaled.
    """
    from mixedlm.inference.ddf import _vcov_derivatives

    p = int(model.matrices.n_fixed)
    factors = np.ones(p) if scale is None else np.asarray(scale, dtype=float)
    unscale = 1.0 / np.outer(factors, factors)
    beta_cov = np.asarray(model.vcov(), dtype=float) * unscale
    gradients, theta_covariance = _vcov_derivatives(model)
    k = len(gradients)
    varpar = np.zeros((k + 1, k + 1))
    varpar[:k, :k] = np.asarray(theta_covariance, dtype=float)
    varpar[k, k] = 2.0 / (int(model.matrices.n_obs) - p)
    return LmerEstimates(
        beta=np.asarray(model.beta, dtype=float) / factors,
        beta_cov=beta_cov,
        vcov_beta_jacobian=np.stack([np.asarray(g, dtype=float) * unscale for g in gradients] + [beta_cov]),
        vcov_varpar=varpar,
    )
