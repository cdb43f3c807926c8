"""Residual and random-effect diagnostics of a mixed model, as numbers the narrative can judge."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.lmm import MixedFit

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Diagnostics:
    """Summaries behind the diagnostic plots."""

    residual_excess_kurtosis: float
    residual_skew: float
    # Spearman correlation of |residual| with the fitted value: > 0 is a widening funnel.
    funnel_rho: float
    outliers: int  # standardized residuals beyond +-3
    intercept_excess_kurtosis: float
    slope_excess_kurtosis: float | None


def _moments(values: np.ndarray) -> tuple[float, float]:
    """Skewness and excess kurtosis from central moments (the biased estimators)."""
    if len(values) < 4 or np.std(values) == 0:
        return 0.0, 0.0
    # Standardized first: the same estimators, but powers of values near 1 cannot overflow.
    z = (values - values.mean()) / np.std(values)
    return float(np.mean(z**3)), float(np.mean(z**4)) - 3.0


def diagnose(fit: MixedFit, frame: pd.DataFrame) -> Diagnostics:
    """Conditional residuals y - (X beta + Z b) and the predicted random effects."""
    import pandas as pd

    residuals = frame["response"].to_numpy(float) - fit.fitted
    standardized = residuals / np.sqrt(fit.residual_var)
    skewness, kurt = _moments(standardized)
    # Spearman's rho: Pearson's correlation of the ranks (ties share their average rank).
    ranks = pd.DataFrame({"size": np.abs(residuals), "fitted": fit.fitted}).rank()
    rho = float(np.corrcoef(ranks["size"], ranks["fitted"])[0, 1]) if np.std(fit.fitted) > 0 else 0.0
    return Diagnostics(
        residual_excess_kurtosis=kurt,
        residual_skew=skewness,
        funnel_rho=float(rho),
        outliers=int(np.sum(np.abs(standardized) > 3)),
        intercept_excess_kurtosis=_moments(fit.random_effects[:, 0])[1],
        slope_excess_kurtosis=_moments(fit.random_effects[:, 1])[1] if fit.random_slope else None,
    )
