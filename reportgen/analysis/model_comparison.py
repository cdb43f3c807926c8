"""Random intercept against random slopes: both refit by ML, likelihood-ratio test, AIC, BIC.

The slopes may be correlated with the intercepts (2 extra parameters: the slope variance and the
covariance) or not (a diagonal covariance: 1 extra parameter).
"""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.analysis.inference import lrt
from reportgen.analysis.lmm import MixedFit


@dataclass(frozen=True)
class ModelComparison:
    """Likelihood-ratio test and information criteria of the two models (ML fits)."""

    loglik_ri: float
    loglik_rs: float
    lrt_chisq: float
    lrt_df: int
    lrt_p: float
    # The slope variance is tested on the boundary of its space (0): the null distribution is the
    # 50:50 mixture of chi-square(df - 1) and chi-square(df) (Self & Liang 1987), so this p is smaller.
    lrt_p_boundary: float
    aic_ri: float
    aic_rs: float
    bic_ri: float
    bic_rs: float
    singular_rs: bool


def compare_models(ri_ml: MixedFit, rs_ml: MixedFit) -> ModelComparison:
    """Compare ML fits of ``(1 | group)`` and ``(time | group)`` (or ``(time || group)``)."""
    from scipy.special import chdtrc  # chi-square survival function

    if ri_ml.reml or rs_ml.reml:
        raise ValueError("likelihood-ratio tests of random effects need ML fits")
    test = lrt(ri_ml, rs_ml)
    # chi-square(0) is a point mass at 0: it adds nothing to the tail.
    lower = float(chdtrc(test.df - 1, test.chisq)) if test.df > 1 else 0.0
    return ModelComparison(
        loglik_ri=ri_ml.loglik,
        loglik_rs=rs_ml.loglik,
        lrt_chisq=test.chisq,
        lrt_df=test.df,
        lrt_p=test.p,
        lrt_p_boundary=0.5 * lower + 0.5 * test.p,
        aic_ri=ri_ml.aic,
        aic_rs=rs_ml.aic,
        bic_ri=ri_ml.bic,
        bic_rs=rs_ml.bic,
        singular_rs=rs_ml.singular,
    )
