"""Mixed models, response ~ time + (1 | group) or + (time | group), from either engine.

``exact`` is reportgen's own engine (:mod:`reportgen.analysis.lmm`); ``statsmodels`` is the
seminar's ``mixedlm``, kept as the cross-check. Both return a :class:`MixedFit` with every
estimate on the original time scale.
"""

from __future__ import annotations

import math
import warnings
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.lmm import SINGULAR_TOL, MixedFit, fit_exact, standardize_time
from reportgen.analysis.regression import Coefficient, Line, wald_coefficient
from reportgen.config import DEFAULT_ENGINE, ENGINES
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd


def fit_mixed(
    frame: pd.DataFrame, *, random_slope: bool, reml: bool = True, engine: str = DEFAULT_ENGINE
) -> MixedFit:
    """Fit one model to the cleaned frame (columns response, time, group).

    Raises:
        ModelError: the model cannot be fitted at all.
    """
    if engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}; choose from: {', '.join(ENGINES)}")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            if engine == "statsmodels":
                fit = _fit_statsmodels(frame, random_slope=random_slope, reml=reml)
            else:
                fit = fit_exact(
                    frame["response"].to_numpy(float),
                    frame["time"].to_numpy(float),
                    frame["group"].to_numpy(str),
                    random_slope=random_slope,
                    reml=reml,
                )
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise ModelError(f"the mixed model could not be fitted: {exc}") from exc
    noted = tuple(f"{w.category.__name__}: {w.message}" for w in caught)
    if noted:
        from dataclasses import replace

        fit = replace(fit, warnings=tuple(dict.fromkeys(fit.warnings + noted)))
    return fit


def subject_line(fit: MixedFit, group: str) -> Line:
    """A group's own line in the model: fixed effects plus its predicted random effects."""
    i = fit.groups.index(group)
    slope = fit.slope.estimate + (fit.random_effects[i, 1] if fit.random_slope else 0.0)
    return Line(fit.intercept.estimate + fit.random_effects[i, 0], float(slope), 0)


def _fit_statsmodels(frame: pd.DataFrame, *, random_slope: bool, reml: bool) -> MixedFit:
    """statsmodels ``mixedlm`` on centred and scaled time, best of two optimizers."""
    import statsmodels.formula.api as smf

    t = frame["time"].to_numpy(float)
    ts, _, scale, a = standardize_time(t)
    data = frame.assign(ts=ts)
    model = smf.mixedlm(
        "response ~ ts", data, groups=data["group"], re_formula="~ts" if random_slope else None
    )
    fits = []
    for method in ("lbfgs", "bfgs"):
        try:
            candidate = model.fit(reml=reml, method=method)
        except (np.linalg.LinAlgError, ValueError):
            continue
        # lbfgs can stop at a degenerate point reporting an infinite likelihood: not a fit.
        if np.isfinite(candidate.llf):
            fits.append((method, candidate))
    if not fits:
        raise ModelError("statsmodels could not fit the mixed model with any optimizer")
    fits.sort(key=lambda pair: -pair[1].llf)
    method, fit = fits[0]
    agree = all(abs(f.llf - fit.llf) <= 1e-6 * max(1.0, abs(fit.llf)) for _, f in fits)

    q = 2 if random_slope else 1
    beta = a @ fit.fe_params.to_numpy()
    beta_cov = a @ fit.cov_params().to_numpy()[:2, :2] @ a.T
    cov_scaled = fit.cov_re.to_numpy()
    groups = tuple(str(g) for g in fit.random_effects)
    b_scaled = np.array([fit.random_effects[g].to_numpy()[:q] for g in fit.random_effects])
    cond_scaled = np.array([fit.random_effects_cov[g].to_numpy()[:q, :q] for g in fit.random_effects])
    a_re = a if q == 2 else np.eye(1)

    def coefficient(k: int) -> Coefficient:
        return wald_coefficient(float(beta[k]), math.sqrt(beta_cov[k, k]))

    relative = (
        np.linalg.cholesky(cov_scaled / fit.scale + 1e-300 * np.eye(q))
        if np.all(np.linalg.eigvalsh(cov_scaled) > 0)
        else np.zeros((q, q))
    )
    return MixedFit(
        engine="statsmodels",
        random_slope=random_slope,
        reml=reml,
        intercept=coefficient(0),
        slope=coefficient(1),
        re_cov=a_re @ cov_scaled @ a_re.T,
        residual_var=float(fit.scale),
        # statsmodels' REML likelihood was computed for the scaled design; report it for [1, t].
        loglik=float(fit.llf) - (math.log(scale) if reml else 0.0),
        groups=groups,
        random_effects=b_scaled @ a_re.T,
        random_effects_cov=a_re @ cond_scaled @ a_re.T,
        fitted=np.asarray(fit.fittedvalues, dtype=float),
        n_obs=len(frame),
        converged=bool(fit.converged),
        singular=bool(np.any(np.diag(relative) < SINGULAR_TOL)),
        optimizer=method,
        optimizers_agree=agree,
        gradient_norm=math.nan,
        warnings=(),
    )
