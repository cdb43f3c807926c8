"""Random intercept against random slopes: both refit by ML, likelihood-ratio test, AIC, BIC."""

from __future__ import annotations

from dataclasses import dataclass

from reportgen.analysis.lmm import MixedFit

# The slope variance and the intercept-slope covariance: the extra parameters of (time | group).
LRT_DF = 2


@dataclass(frozen=True)
class ModelComparison:
    """Likelihood-ratio test and information criteria of the two models (ML fits)."""

    loglik_ri: float
    loglik_rs: float
    lrt_chisq: float
    lrt_df: int
    lrt_p: float
    # The slope variance is tested on the boundary of its space (0): the null distribution is the
    # 50:50 mixture of chi-square(1) and chi-square(2) (Self & Liang 1987), so this p is smaller.
    lrt_p_boundary: float
    aic_ri: float
    aic_rs: float
    bic_ri: float
    bic_rs: float
    singular_rs: bool


def compare_models(ri_ml: MixedFit, rs_ml: MixedFit) -> ModelComparison:
    """Compare ML fits of ``(1 | group)`` and ``(time | group)``."""
    from scipy.special import chdtrc  # chi-square survival function

    if ri_ml.reml or rs_ml.reml:
        raise ValueError("likelihood-ratio tests of random effects need ML fits")
    stat = max(0.0, 2.0 * (rs_ml.loglik - ri_ml.loglik))
    return ModelComparison(
        loglik_ri=ri_ml.loglik,
        loglik_rs=rs_ml.loglik,
        lrt_chisq=stat,
        lrt_df=LRT_DF,
        lrt_p=float(chdtrc(LRT_DF, stat)),
        lrt_p_boundary=float(0.5 * chdtrc(1, stat) + 0.5 * chdtrc(2, stat)),
        aic_ri=ri_ml.aic,
        aic_rs=rs_ml.aic,
        bic_ri=ri_ml.bic,
        bic_rs=rs_ml.bic,
        singular_rs=rs_ml.singular,
    )
