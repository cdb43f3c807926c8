"""Tests of fixed effects in mixed models, as lmerTest does them (Satterthwaite's method).

Kuznetsova, Brockhoff & Christensen (2017), "lmerTest Package: Tests in Linear Mixed Effects
Models", J. Stat. Softw. 82(13): a contrast L beta has variance L V L' with V = vcov(beta); its
Satterthwaite df is 2 (L V L')^2 / (g' A g), g the gradient of L V L' in the variance parameters
(theta, sigma) and A their asymptotic covariance (twice the inverse Hessian of the deviance). An F
test of several rows is split into independent t tests by the eigen-decomposition of L V L'.
Also: the likelihood-ratio test of two nested ML fits.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from reportgen.analysis.regression import Coefficient, t_coefficient

if TYPE_CHECKING:
    from reportgen.analysis.lmm import MixedFit

# lmerTest's tolerances: eigenvalues of L V L' (relative to the largest), equal t-test df.
RANK_EPS = math.sqrt(np.finfo(float).eps)
EQUAL_DF_TOL = 1e-8


@dataclass(frozen=True)
class FTest:
    """An F test with Satterthwaite denominator df (``num_df`` = 1: the square of a t test)."""

    F: float
    num_df: float
    den_df: float
    p: float


class LikelihoodRatio(NamedTuple):
    """Likelihood-ratio test of two nested fits: chi-square statistic, its df and p."""

    chisq: float
    df: int
    p: float


def _satterthwaite_df(fit: MixedFit, weights: Any) -> tuple[float, float]:
    """Variance of L beta and its Satterthwaite df, for one row L."""
    weights = np.asarray(weights, dtype=float)
    var = float(weights @ fit.beta_cov @ weights)
    grad = np.einsum("p,kpr,r->k", weights, fit.vcov_beta_jacobian, weights)
    denom = float(grad @ fit.vcov_varpar @ grad)
    return var, (2.0 * var * var / denom if denom > 0 else math.inf)


def contrast(fit: MixedFit, weights: Any) -> Coefficient:
    """t test of L beta = 0 for one row L (lmerTest's ``contest1D``)."""
    weights = np.asarray(weights, dtype=float).reshape(-1)
    if weights.shape != fit.beta.shape:
        raise ValueError(f"a contrast needs {len(fit.beta)} weights, one per fixed effect")
    var, df = _satterthwaite_df(fit, weights)
    return t_coefficient(float(weights @ fit.beta), math.sqrt(max(var, 0.0)), df)


def _f_den_df(nu: Any) -> float:
    """Denominator df of an F built from t statistics with df ``nu`` (lmerTest's get_Fstat_ddf)."""
    nu = np.asarray(nu, dtype=float)
    if len(nu) == 1:
        return float(nu[0])
    if np.all(np.abs(np.diff(nu)) < EQUAL_DF_TOL):
        return float(np.mean(nu))
    if np.any(nu <= 2):
        return 2.0
    e = float(np.sum(nu / (nu - 2)))
    return 2 * e / (e - len(nu))


def f_test(fit: MixedFit, weights: Any) -> FTest:
    """F test of L beta = 0 (lmerTest's ``contestMD``): one row is a squared t test."""
    from scipy.special import fdtrc  # F survival function

    matrix = np.atleast_2d(np.asarray(weights, dtype=float))
    if matrix.shape[1] != len(fit.beta):
        raise ValueError(f"a contrast needs {len(fit.beta)} columns, one per fixed effect")
    if matrix.shape[0] == 1:
        row = contrast(fit, matrix[0])
        return FTest(row.stat**2, 1.0, row.df, float(fdtrc(1.0, row.df, row.stat**2)))
    values, vectors = np.linalg.eigh(matrix @ fit.beta_cov @ matrix.T)
    order = np.argsort(values)[::-1]
    values, vectors = values[order], vectors[:, order]
    rank = int(np.sum(values > max(RANK_EPS * values[0], 0.0)))
    if rank == 0:
        return FTest(math.nan, 0.0, math.nan, math.nan)
    rotated = vectors[:, :rank].T @ matrix
    if rank == 1:
        row = contrast(fit, rotated[0])
        return FTest(row.stat**2, 1.0, row.df, float(fdtrc(1.0, row.df, row.stat**2)))
    t2 = (rotated @ fit.beta) ** 2 / values[:rank]
    f_value = float(np.sum(t2) / rank)
    nu = [_satterthwaite_df(fit, r)[1] for r in rotated]
    den = _f_den_df(nu)
    return FTest(f_value, float(rank), den, float(fdtrc(rank, den, f_value)))


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
    return LikelihoodRatio(stat, df, float(chdtrc(df, stat)))
