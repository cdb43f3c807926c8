"""Mixed models of longitudinal data, from either engine.

``exact`` is reportgen's own engine (:mod:`reportgen.analysis.lmm`); ``statsmodels`` is the
seminar's ``mixedlm``, kept as the cross-check of the optimum (unstructured covariance only). Both
return a :class:`MixedFit` with every estimate on the original scale.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any, TypeVar

import numpy as np

from reportgen.analysis.leave_one_out import LeaveOneOut, leave_one_out
from reportgen.analysis.lmm import Likelihood, MixedFit, fit_lmm, fit_lmm_likelihood
from reportgen.analysis.regression import Line
from reportgen.config import DEFAULT_ENGINE, ENGINES
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.model_matrix import ModelMatrix


def _seminar_design(frame: pd.DataFrame, random_slope: bool) -> tuple[Any, Any]:
    """X = [1, time] and Z, its first one or two columns."""
    t = frame["time"].to_numpy(float)
    x = np.column_stack([np.ones_like(t), t])
    return x, x[:, : 2 if random_slope else 1]


def fit_mixed(
    frame: pd.DataFrame, *, random_slope: bool, reml: bool = True, engine: str = DEFAULT_ENGINE
) -> MixedFit:
    """Fit response ~ time + (1 | group) or + (time | group) to the cleaned frame.

    Raises:
        ModelError: the model cannot be fitted at all.
    """
    x, z = _seminar_design(frame, random_slope)
    q = z.shape[1]
    return _fit(
        frame,
        x,
        z,
        fixed_names=("(Intercept)", "time"),
        random_names=("(Intercept)", "time")[:q],
        terms=("(Intercept)", "time"),
        assign=(0, 1),
        time="time",
        type3=None,
        covariance="unstructured",
        reml=reml,
        engine=engine,
    )


def fit_model(
    frame: pd.DataFrame,
    design: ModelMatrix,
    *,
    random: int,
    covariance: str = "unstructured",
    reml: bool = True,
    engine: str = DEFAULT_ENGINE,
    time_origin: float = 0.0,
) -> MixedFit:
    """Fit the design's fixed effects with 1 (intercept), 2 (+ slope) or 3 (+ curvature) random effects.

    Args:
        frame: the cleaned data (response, group and the design's columns), the rows the design was
            built from.
        design: from :func:`reportgen.analysis.model_matrix.build_model_matrix`.
        random: random effects per group: 1, 2 or 3.
        covariance: "unstructured" (correlated) or "diagonal" (uncorrelated) random effects.
        time_origin: the time the random effects' intercept is read at (random slopes measure
            time from it); only uncorrelated random effects depend on it.

    Raises:
        ModelError: the model cannot be fitted, or the engine does not support it.
    """
    if random not in (1, 2, 3):
        raise ModelError(f"random effects per group must be 1, 2 or 3, not {random}")
    z, random_names = design.random_columns(random, frame, time_origin)
    fit = _fit(
        frame,
        design.X,
        z,
        fixed_names=design.names,
        random_names=random_names,
        terms=design.terms,
        assign=design.assign,
        time=design.time,
        # Without categorical covariates no term contains another: the terms' own columns are
        # the type-III contrasts, and the full design need not be projected.
        type3=design.type3 if design.levels else None,
        covariance=covariance,
        reml=reml,
        engine=engine,
    )
    return replace(fit, time_origin=time_origin) if time_origin else fit


def fit_model_likelihood(
    frame: pd.DataFrame, design: ModelMatrix, structure: tuple[int, str, float], *, engine: str
) -> Likelihood:
    """:func:`fit_model`'s ML log-likelihood and parameter count alone, with the random effects
    ``structure`` (terms, covariance, time origin): a candidate compared by its likelihood. The
    exact engine stops at the optimum; statsmodels makes its whole fit.

    Raises:
        ModelError: as :func:`fit_model`.
    """
    random, covariance, origin = structure
    if engine != "exact":
        fit = fit_model(
            frame, design, random=random, covariance=covariance, reml=False, engine=engine, time_origin=origin
        )
        return Likelihood(fit.loglik, fit.n_params, fit.warnings)
    if random not in (1, 2, 3):
        raise ModelError(f"random effects per group must be 1, 2 or 3, not {random}")
    z, _ = design.random_columns(random, frame, origin)
    y, groups = frame["response"].to_numpy(float), frame["group"]
    return _guarded(lambda: fit_lmm_likelihood(y, design.X, z, groups, reml=False, covariance=covariance))


def seminar_without_one(
    frame: pd.DataFrame, *, random_slope: bool, covariance: str = "unstructured", time_origin: float = 0.0
) -> LeaveOneOut:
    """The data of :func:`fit_mixed`'s model read once, for exact refits without one group each.

    ``covariance`` and ``time_origin`` as in :func:`fit_model`: "diagonal" with the first observed
    time is the uncorrelated random-slope model.
    """
    x, _ = _seminar_design(frame, random_slope)
    t = frame["time"].to_numpy(float) - time_origin
    z = np.column_stack([np.ones_like(t), t])[:, : 2 if random_slope else 1]
    return leave_one_out(
        frame["response"].to_numpy(float),
        x,
        z,
        frame["group"],
        fixed_names=("(Intercept)", "time"),
        random_names=("(Intercept)", "time")[: z.shape[1]],
        covariance=covariance,
        time_origin=time_origin,
    )


def fit_without(model: LeaveOneOut, group: str, *, reml: bool, near: MixedFit | None) -> MixedFit:
    """``model`` refitted without ``group`` (exact engine), warnings and errors as :func:`fit_mixed`.

    Raises:
        ModelError: the model cannot be fitted without that group.
    """
    fit = _guarded(lambda: model.fit_without(group, reml=reml, near=near))
    return replace(fit, time_origin=model.time_origin) if model.time_origin else fit


def _fit(frame: pd.DataFrame, x: Any, z: Any, *, engine: str, **options: Any) -> MixedFit:
    if engine not in ENGINES:
        raise ModelError(f"unknown engine {engine!r}; choose from: {', '.join(ENGINES)}")
    y = frame["response"].to_numpy(float)
    groups = frame["group"]
    if engine == "statsmodels":
        return _guarded(lambda: _fit_statsmodels(y, x, z, groups, **options))
    return _guarded(lambda: fit_lmm(y, x, z, groups, **options))


Fitted = TypeVar("Fitted", MixedFit, Likelihood)


def _guarded(fitting: Callable[[], Fitted]) -> Fitted:
    """Run a fit: its warnings go into its notes, a failure becomes a ModelError."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            fit = fitting()
        except (np.linalg.LinAlgError, ValueError) as exc:
            raise ModelError(f"the mixed model could not be fitted: {exc}") from exc
    noted = tuple(f"{w.category.__name__}: {w.message}" for w in caught)
    if noted:
        fit = replace(fit, warnings=tuple(dict.fromkeys(fit.warnings + noted)))
    return fit


def subject_line(fit: MixedFit, group: str) -> Line:
    """A group's own line in the model: fixed effects plus its predicted random effects.

    The intercept is the line's value at time 0 (a random slope counts time from the fit's
    ``time_origin``, where its random intercept is read).
    """
    i = fit.groups.index(group)
    extra = float(fit.random_effects[i, 1]) if fit.random_slope else 0.0
    level = fit.intercept.estimate + fit.random_effects[i, 0] - extra * fit.time_origin
    return Line(float(level), float(fit.slope.estimate + extra), 0)


def _fit_statsmodels(y: Any, x: Any, z: Any, groups: Any, **options: Any) -> MixedFit:
    """statsmodels ``mixedlm`` on the exact engine's conditioned columns, best of two optimizers.

    statsmodels supplies the optimum (the relative covariance) and its log-likelihood; the estimates
    that follow from the optimum (fixed effects, their Satterthwaite tests, conditional modes) are
    computed from it by the exact engine's formulas, so the two engines differ only where their
    optimizers do.
    """
    from dataclasses import replace

    from statsmodels.regression.mixed_linear_model import MixedLM

    from reportgen.analysis import lmm

    if options["covariance"] != "unstructured":
        raise ModelError("the statsmodels engine fits unstructured (correlated) random effects only")
    reml = options["reml"]
    x = np.asarray(x, dtype=float)
    z = np.asarray(z, dtype=float)
    labels, codes = lmm._factorize(groups)
    problem = lmm._prepare(np.asarray(y, dtype=float), x, z, codes, len(labels), diagonal=False)
    # The conditioned columns statsmodels fits: X = Xs W, Z = Zs U.
    xs = x @ problem.w_inv
    zs = z @ problem.u_inv
    model = MixedLM(np.asarray(y, dtype=float), xs, codes, exog_re=zs)
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
    relative = np.asarray(fit.cov_re, dtype=float) / float(fit.scale)
    q = z.shape[1]
    index = lmm._tri_index(q, False)
    factor = lmm._safe_chol(relative)
    theta = np.array([factor[i, j] for i, j in index])
    obj = lmm._Objective(problem, reml, index)
    result = lmm._finish(
        problem,
        obj,
        theta,
        engine="statsmodels",
        labels=labels,
        codes=codes,
        x=x,
        z=z,
        optimizer=method,
        agree=agree,
        gradient=math.nan,
        **{k: v for k, v in options.items() if k != "reml"},
    )
    # statsmodels' REML likelihood is for the conditioned X: report it for the X given.
    loglik = float(fit.llf) - (problem.log_det_w if reml else 0.0)
    notes = tuple(n for n in result.warnings if not n.startswith("scaled gradient"))
    return replace(result, loglik=loglik, converged=bool(fit.converged), warnings=notes)
