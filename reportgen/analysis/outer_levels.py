"""A one-grouping model's fixed effects refitted with the random effects of every level.

With ``--group site/patient`` the report stands on the multilevel model (``models.multilevel``,
:mod:`reportgen.analysis.multilevel`): its random effects at each level, chosen by the rules of
:func:`~reportgen.analysis.multilevel.choose_slopes`. The sections that state the answer (the
covariate tests, differences and intervals, the headline) make their contrasts of fixed effects
from a model matrix of their own (a covariate's design, a curve's basis); here that matrix is
refitted with the multilevel model's random terms (REML, mixedlm's ``lmer``), so its estimates,
standard errors and Satterthwaite df are those of the model with the site level. With a straight
trend and the same covariates the refit is ``models.multilevel`` itself, in another column order.

Without the site level a covariate that is constant within sites is tested as if the patients
were independent of their site (review H's simulated study: trt p = 0.092 where lmerTest with the
site level gives 0.033, and the intercept's interval too narrow where R's SE is 1.28 on 9 df);
tests/crosscheck/test_outer_levels.py holds the refit to lmerTest.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.lmer_estimates import lmer_estimates
from reportgen.analysis.multilevel import grouping_terms, lme4_formula, lmer_fit
from reportgen.analysis.satterthwaite import contrast

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.lmm import MixedFit
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.analysis.selection import ModelChoice
    from reportgen.analysis.shape import CurveSummary


def random_terms(multilevel: MultilevelFit) -> tuple[tuple[str, ...], frozenset[str]]:
    """The multilevel model's grouping terms on internal names (``l0``, ``l0:l1``, ``l0:l1:c0``) and
    those of them with a random slope on time (``t``)."""
    names = tuple(f"l{k}" for k in range(len(multilevel.levels)))
    conditions = tuple(f"c{j}" for j in range(len(multilevel.within)))
    internal = grouping_terms(names, conditions, multilevel.crossed)
    shown = grouping_terms(multilevel.levels, multilevel.within, multilevel.crossed)
    slopes = frozenset(
        term
        for term, name in zip(internal, shown, strict=True)
        if multilevel.time in multilevel.random.get(name, {})
    )
    return internal, slopes


def level_frame(frame: pd.DataFrame, multilevel: MultilevelFit) -> pd.DataFrame:
    """The response ``y``, time ``t`` and the grouping columns of :func:`random_terms`'s internal
    names (``l0``, ``l1``, ``c0``), as text, one row per row of ``frame``."""
    import pandas as pd

    data = pd.DataFrame(
        {"y": frame["response"].to_numpy(float), "t": frame["time"].to_numpy(float)}, index=frame.index
    )
    for k, level in enumerate(multilevel.levels[:-1]):
        data[f"l{k}"] = frame[level].astype(str)
    data[f"l{len(multilevel.levels) - 1}"] = frame["group"].astype(str)
    for j, condition in enumerate(multilevel.within):
        data[f"c{j}"] = frame[condition].astype(str)
    return data


def with_outer_levels(
    fit: MixedFit, frame: pd.DataFrame, x: Any, multilevel: MultilevelFit, *, reml: bool = True
) -> MixedFit:
    """``fit``'s fixed effects (model matrix ``x``, rows of ``frame``) refitted with the random
    terms of ``multilevel``: estimates, their covariance, Satterthwaite t tests and the derivatives
    every later contrast and F test reads. Its random effects (variances, conditional modes) stay
    ``fit``'s own: they describe the subjects, which the section's random part reports; its
    ``loglik``, ``theta`` and ``singular`` are the refit's (``models.covariates`` records them with
    :func:`random_part`; the headline reads whether the straight line with every level is singular).

    Args:
        fit: the one-grouping fit whose fixed effects are refitted.
        frame: the cleaned data (``response``, ``time``, ``group``, the outer grouping columns and
            the subject x condition columns under their own names).
        x: the model matrix of ``fit`` (one row per row of ``frame``).
        multilevel: the model the report stands on.
        reml: REML (the estimates and tests); ``False``: by ML, for a likelihood-ratio test of its
            fixed effects (``fit`` is then an ML fit, whose ``reml`` the refit keeps).

    Raises:
        ModelError: the model cannot be fitted.
    """
    import pandas as pd

    x = np.asarray(x, dtype=float)
    # Columns on one scale (as condition_term does): the estimates are scaled back below.
    scale = np.abs(x).max(axis=0)
    scale[scale == 0] = 1.0
    data = pd.DataFrame(x / scale, columns=[f"x{j}" for j in range(x.shape[1])], index=frame.index)
    data = data.join(level_frame(frame, multilevel))
    terms, slopes = random_terms(multilevel)
    fixed = "0 + " + " + ".join(data.columns[: x.shape[1]])
    model = lmer_fit(lme4_formula("y", fixed, "t", terms, slopes), data, reml=reml)
    estimates = lmer_estimates(model, scale)
    beta = estimates.beta
    eye = np.eye(len(beta))
    coefficients = {name: contrast(estimates, eye[j]) for j, name in enumerate(fit.fixed_names)}
    # The REML log-likelihood on the unscaled columns: the scaled columns (x / scale) lower
    # log|X'V^-1 X| by 2 sum(log scale), so the refit's -1/2 log|X'V^-1 X| is sum(log scale) higher.
    # ML's log-likelihood does not depend on the columns' scale.
    loglik = float(model.logLik().value) - (float(np.sum(np.log(scale))) if reml else 0.0)
    return dataclasses.replace(
        fit,
        beta=beta,
        beta_cov=estimates.beta_cov,
        coefficients=coefficients,
        vcov_beta_jacobian=estimates.vcov_beta_jacobian,
        vcov_varpar=estimates.vcov_varpar,
        loglik=loglik,
        theta=np.asarray(model.theta, dtype=float),
        singular=bool(model.isSingular()),
    )


def random_part(multilevel: MultilevelFit) -> str:
    """The multilevel model's random terms in lme4's notation, on the input's column names
    (``(visit | site) + (1 | site:patient)``): what a refit of a section's fixed effects with every
    level (:func:`with_outer_levels`) adds to its fixed part in ``models.<name>.formula``."""
    from reportgen.analysis.r_names import r_name

    internal, slopes = random_terms(multilevel)
    shown = grouping_terms(multilevel.levels, multilevel.within, multilevel.crossed)
    return " + ".join(
        f"({r_name(multilevel.time) if term in slopes else 1} | {':'.join(map(r_name, name.split(':')))})"
        for term, name in zip(internal, shown, strict=True)
    )


def line_with_levels(line: MixedFit, frame: pd.DataFrame, multilevel: MultilevelFit) -> MixedFit:
    """The straight line ``response ~ time`` with the random terms of every level (the headline's
    rate when the subjects are nested: without covariates it is the multilevel model's own slope)."""
    time = frame["time"].to_numpy(float)
    return with_outer_levels(line, frame, np.column_stack([np.ones_like(time), time]), multilevel)


def curve_with_levels(
    choice: ModelChoice, frame: pd.DataFrame, multilevel: MultilevelFit
) -> CurveSummary | None:
    """The chosen curve's levels and change over the observed range with the random terms of every
    level (the headline's level, and its rate when read from the curve); ``None`` for a straight
    trend."""
    from reportgen.analysis.shape import shape_design, summarise_curve
    from reportgen.analysis.time_basis import chosen_shape

    if choice.shape == "linear":
        return None
    time = frame["time"].to_numpy(float)
    shape = chosen_shape(choice.shapes, time)
    refit = with_outer_levels(choice.fit, frame, shape_design(frame, shape).X, multilevel)
    return summarise_curve(refit, shape, time)
