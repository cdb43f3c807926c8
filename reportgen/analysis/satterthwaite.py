"""Satterthwaite t and F tests of linear combinations of fixed effects (lmerTest's method).

Kuznetsova, Brockhoff & Christensen (2017), "lmerTest Package: Tests in Linear Mixed Effects
Models", J. Stat. Softw. 82(13): a contrast L beta has variance L V L' with V = vcov(beta); its
Satterthwaite df is 2 (L V L')^2 / (g' A g), g the gradient of L V L' in the variance parameters
(theta, sigma) and A their asymptotic covariance (twice the inverse Hessian of the deviance). An F
test of several rows is split into independent t tests by the eigen-decomposition of L V L'.

This module needs only a fit's estimates (:class:`Estimates`), so the engine
(:mod:`reportgen.analysis.lmm`) and the tests built on it (:mod:`reportgen.analysis.inference`)
both import it and neither imports the other's importer: no import circle.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

import numpy as np

from reportgen.analysis.regression import Coefficient, t_coefficient


class Estimates(Protocol):
    """What a contrast needs of a fit: the fixed effects, their covariance and its derivatives."""

    @property
    def beta(self) -> Any: ...

    @property
    def beta_cov(self) -> Any: ...

    @property
    def vcov_beta_jacobian(self) -> Any: ...

    @property
    def vcov_varpar(self) -> Any: ...


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


def _satterthwaite_df(fit: Estimates, weights: Any) -> tuple[float, float]:
    """Variance of L beta and its Satterthwaite df, for one row L."""
    weights = np.asarray(weights, dtype=float)
    var = float(weights @ fit.beta_cov @ weights)
    grad = np.einsum("p,kpr,r->k", weights, fit.vcov_beta_jacobian, weights)
    denom = float(grad @ fit.vcov_varpar @ grad)
    return var, (2.0 * var * var / denom if denom > 0 else math.inf)


def contrast(fit: Estimates, weights: Any) -> Coefficient:
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


def f_test(fit: Estimates, weights: Any) -> FTest:
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
