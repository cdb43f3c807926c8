"""Tests of fixed effects in mixed models, as lmerTest does them (Satterthwaite's method).

Type-III F tests, each level's slope and the likelihood-ratio test of two nested fits; the
Satterthwaite contrasts they rest on are in :mod:`reportgen.analysis.satterthwaite`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.satterthwaite import FTest, contrast, f_test

if TYPE_CHECKING:
    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.model_matrix import ModelMatrix
    from reportgen.analysis.regression import Coefficient

# The two-sided 95% normal quantile (Wald intervals, bands).
Z95 = 1.959963984540054


@dataclass(frozen=True)
class LikelihoodRatio:
    """A likelihood-ratio test of two nested fits: chi-square statistic, its df and p.

    ``p_boundary`` is the p with one variance tested on the boundary of its space (zero), where
    that applies (:func:`reportgen.analysis.selection.likelihood_ratio` with ``boundary``); it
    equals ``p`` otherwise.
    """

    chisq: float
    df: int
    p: float
    p_boundary: float


def loglik_ratio(smaller: float, larger: float, df: int, *, boundary: bool) -> LikelihoodRatio:
    """Twice the log-likelihood gain of the larger of two nested fits (ML or Laplace).

    With ``boundary`` the extra parameters include one variance tested at zero, so the null
    distribution is the 50:50 mixture of chi-square(df - 1) and chi-square(df) (Self & Liang 1987).
    """
    from scipy.special import chdtrc

    stat = max(0.0, 2.0 * (larger - smaller))
    p = float(chdtrc(df, stat))
    if not boundary:
        return LikelihoodRatio(stat, df, p, p)
    lower = float(chdtrc(df - 1, stat)) if df > 1 else (1.0 if stat <= 0 else 0.0)
    return LikelihoodRatio(stat, df, p, 0.5 * lower + 0.5 * p)


def type3_anova(fit: MixedFit) -> dict[str, FTest]:
    """lmerTest's ``anova(m, type = 3)``: one F test per term (the intercept left out).

    With the design's type-III contrasts when the fit carries them; otherwise each term's own
    columns, which are the type-III contrasts when no term is contained in another (numeric terms).
    """
    out = {}
    assign = np.asarray(fit.assign)
    for k, term in enumerate(fit.terms):
        if term == "(Intercept)":
            continue
        if fit.type3 is not None and term in fit.type3:
            matrix = fit.type3[term]
        else:
            matrix = np.eye(len(fit.beta))[assign == k]
        out[term] = f_test(fit, matrix)
    return out


def level_slopes(fit: MixedFit, design: ModelMatrix, covariate: str) -> dict[str, Coefficient]:
    """Each level's own time slope, with its Satterthwaite t test and 95% interval.

    Treatment coding: the reference level's slope is the time coefficient; another level's adds
    its interaction with time (without interactions every level has the same slope). With a
    quadratic trend this is the slope at time 0.

    Raises:
        ValueError: the covariate is not a categorical covariate of the design.
    """
    if covariate not in design.levels:
        raise ValueError(f"{covariate!r} is not a categorical covariate of this design")
    names = list(design.names)
    out = {}
    for level in design.levels[covariate]:
        weights = np.zeros(len(names))
        weights[names.index(design.time)] = 1.0
        interaction = f"{design.time}:{covariate}{level}"
        if interaction in names:
            weights[names.index(interaction)] = 1.0
        out[level] = contrast(fit, weights)
    return out


def lrt(fit0: MixedFit, fit1: MixedFit) -> LikelihoodRatio:
    """Likelihood-ratio test of a smaller model ``fit0`` nested in ``fit1``.

    Fits that differ in their fixed effects must both be ML (REML likelihoods of different X are
    not comparable); fits that differ only in their random effects may be both REML or both ML.

    Raises:
        ValueError: mixed REML and ML fits, REML fits with different fixed effects, or fit0 not smaller.
    """
    from scipy.special import chdtrc  # chi-square survival function

    if fit0.reml != fit1.reml:
        raise ValueError("a likelihood-ratio test needs two REML or two ML fits")
    if fit0.reml and fit0.fixed_names != fit1.fixed_names:
        raise ValueError("models with different fixed effects are compared by ML fits, not REML")
    df = fit1.n_params - fit0.n_params
    if df <= 0:
        raise ValueError("the first model must have fewer parameters than the second")
    stat = max(0.0, 2.0 * (fit1.loglik - fit0.loglik))
    p = float(chdtrc(df, stat))
    return LikelihoodRatio(stat, df, p, p)
