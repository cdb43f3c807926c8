"""Residual checks of the model with every level (``--group site/patient`` or ``--crossed site``).

With an outer or crossed grouping the report stands on the model with every level
(:mod:`reportgen.analysis.multilevel`). Its conditional residuals y - X beta - Z b (lme4's
``residuals(fit)``, ``fitted(fit)``) are what the residual checks read there: on one grouping a
site's level is left in the residuals, so patients who move between sites look like serial errors
(statistician O: residual SD 2.01 for movers against 1.35 for stayers on the one-grouping model).

The checks are :func:`reportgen.analysis.diagnostics.diagnose`'s, on these residuals; only the lag-1
correlation's expectation under independent errors is worked out anew, for this fit. The residuals
are sigma^2 V^-1 (y - X beta) (less a term for the fixed effects' estimation), so their covariance is
sigma^4 V^-1 with V = sigma^2 (I + Z Lambda Lambda' Z'), and by the push-through identity
sigma^2 V^-1 = I - M (M'M + I)^-1 M', M = Z Lambda (lme4's relative covariance factor): one sparse
q x q solve, every grouping term at once, nested or crossed. The predicted random effects and the
leave-one-out refits stay on the one-grouping model (their section says so).
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    import pandas as pd


# The expectation's solve holds a dense q x n block (q random effects, n rows): above this many
# cells it is left out (nan), and the lag-1 correlation is tested against 0 as without one.
MAX_DENSE_CELLS = 20_000_000


@dataclass(frozen=True)
class LevelResiduals:
    """The fitted values of the model with every level, one per row of the data it was fitted to
    (``index``: those rows' labels), its residual variance and M = Z Lambda (sparse, n x q)."""

    index: np.ndarray
    fitted: np.ndarray
    residual_var: float
    z_lambda: Any = dataclasses.field(repr=False, compare=False)


def level_residuals(model: Any, index: Any) -> LevelResiduals:
    """What the checks need of mixedlm's fit ``model`` of the rows ``index``."""
    z_lambda = (model.getME("Z") @ model.getME("Lambda")).tocsr()
    return LevelResiduals(
        np.asarray(index),
        np.asarray(model.fitted(), dtype=float),
        float(model.sigma) ** 2,
        z_lambda,
    )


def expected_lag1(
    residuals: LevelResiduals, time: np.ndarray, groups: np.ndarray, series: np.ndarray | None = None
) -> float:
    """The lag-1 correlation of consecutive residuals (within each subject, or each ``series``, in
    time order, as :func:`~reportgen.analysis.diagnostics.serial_correlation` pairs them) that
    independent errors give this fit: sum_pairs W[j, j+1] / sqrt(sum W[j, j] * sum W[j+1, j+1]),
    W = I - M (M'M + I)^-1 M'. nan without pairs or when the solve would be too large."""
    import pandas as pd
    from scipy.sparse import identity
    from scipy.sparse.linalg import splu

    m = residuals.z_lambda
    n, q = m.shape
    if n * q > MAX_DENSE_CELLS or n < 2:
        return math.nan
    frame = pd.DataFrame({"g": groups, "s": groups if series is None else series, "t": time})
    order = frame.sort_values(["g", "s", "t"], kind="stable").index.to_numpy()
    s = frame["s"].to_numpy()[order]
    g = frame["g"].to_numpy()[order]
    same = (s[1:] == s[:-1]) & (g[1:] == g[:-1])
    if not same.any():
        return math.nan
    m = m[order]
    solved = splu((m.T @ m + identity(q, format="csc")).tocsc()).solve(m.T.toarray())  # q x n
    mt = m.tocsr()
    diag = 1.0 - np.asarray(mt.multiply(solved.T).sum(axis=1)).ravel()
    off = -np.asarray(mt[:-1].multiply(solved[:, 1:].T).sum(axis=1)).ravel()
    return float(off[same].sum() / math.sqrt(diag[:-1][same].sum() * diag[1:][same].sum()))


def fitted_on(frame: pd.DataFrame, residuals: LevelResiduals | None) -> np.ndarray | None:
    """The fitted values in ``frame``'s row order; None when the fit left out some of its rows."""
    if residuals is None or len(residuals.index) != len(frame):
        return None
    import pandas as pd

    fitted = pd.Series(residuals.fitted, index=residuals.index)
    if not fitted.index.equals(frame.index):
        if not fitted.index.isin(frame.index).all():
            return None
        fitted = fitted.reindex(frame.index)
    return fitted.to_numpy(float)
