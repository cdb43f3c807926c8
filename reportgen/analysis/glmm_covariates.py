"""Covariates in the GLMM of a binary or count response: odds or rate ratios per level, and whether
the change over time differs with each covariate.

The covariates enter additively beside time, with the random effects of the fit the report stands
on (``y ~ period + trt + lbase + (period | subject) + (1 | obs)``): each level of a categorical
covariate against its first level (R's treatment contrasts, levels in sorted order), a numeric one
per unit, as Wald odds or rate ratios. Each covariate's time interaction (``period:trt``) is then
added alone and tested by a likelihood-ratio test (chi-square on its number of terms).

On a curved trend (issue 21, covariate x shape) time is the curve the report stands on: its columns
in place of time, and a time interaction is their products with the covariate
(``y ~ visit + I(visit^2) + arm + (visit + I(visit^2)):arm + (1 | id)``), tested on levels x columns
df. A fit that cannot be trusted (:mod:`reportgen.analysis.glmm_reached`) makes the curved model fall
back to the straight one, and a straight one a :class:`CovariateRefusal` the report states.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.covariate_effects import observed_times
from reportgen.analysis.glmm_covariate_effects import GlmmCovariateEffect, covariate_effect
from reportgen.analysis.glmm_fit import (
    INTERCEPT,
    INTERNAL_RANDOM,
    OBSERVATION_LEVEL,
    GlmmFit,
    Lme4Names,
    RatioEstimate,
    fit_formula,
    formula_of,
    lme4_name,
    model_frame,
    ratio_of,
    wald_term,
)
from reportgen.analysis.selection import ALPHA
from reportgen.analysis.time_basis import LINEAR, QUADRATIC
from reportgen.errors import ModelError, UnreliableFitError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.time_basis import Shape


@dataclass(frozen=True)
class TimeInteraction:
    """Likelihood-ratio test of one covariate's interaction with time."""

    chisq: float
    df: int
    p: float


@dataclass(frozen=True)
class CovariateGlmm:
    """The covariate GLMM, its ratios by lme4 term, and each covariate's time interaction."""

    fit: GlmmFit
    ratios: dict[str, RatioEstimate]  # lme4 term (trtprogabide, lbase) -> its odds or rate ratio
    reference: dict[str, str | None]  # covariate -> its reference level (None: numeric, per unit)
    term_of: dict[str, list[str]]  # covariate -> its lme4 terms
    interactions: dict[str, TimeInteraction]
    # Each covariate's levels at the first, average and last observed times (since 1.3).
    effects: dict[str, GlmmCovariateEffect] = field(default_factory=dict)
    # Two covariates' interaction (lme4's "trt:lbase" -> its likelihood-ratio test against the
    # additive model), and the model the sections read: the additive one with every kept time
    # interaction (``models.covariates_glmm``; since 1.4).
    pairs: dict[str, TimeInteraction] = field(default_factory=dict)
    chosen: GlmmFit | None = field(default=None, metadata={"results": False})
    # The shape time has in these models (since 1.7): the curve the report stands on, or "linear"
    # (a straight trend, or a curve whose covariate GLMM could not be fitted reliably).
    shape: str = LINEAR


@dataclass(frozen=True)
class CovariateRefusal:
    """A covariate GLMM that could not be fitted reliably: its covariates (whose GLMM sections are
    dropped), the fit's lme4 formula ("" when unknown) and why (``reason``: "not_converged",
    "below_bound" or "no_finite_deviance")."""

    columns: tuple[str, ...]
    formula: str
    reason: str


def is_categorical(values: pd.Series) -> bool:
    """Text, truth values or categories: a factor (numbers are per unit)."""
    return values.dtype.kind not in "fiu"


def spelled(column: str, levels: list[str], factors: tuple[str, ...]) -> str:
    """A covariate as the lme4 formula names it: ``factor(Diet)`` for one given as a factor
    (``--factor``, whose cells R would read as numbers; with its levels spelt out when R's numeric
    order is not the report's, :func:`reportgen.analysis.r_names.factor_term`), else its name."""
    from reportgen.analysis.r_names import factor_term

    return factor_term(lme4_name(column), levels) if column in factors else lme4_name(column)


def covariate_columns(
    frame: pd.DataFrame, covariates: tuple[str, ...], factors: tuple[str, ...] = ()
) -> tuple[dict[str, np.ndarray], dict[str, str], dict[str, list[str]], dict[str, str | None]]:
    """The model's covariate columns (x0, x1, ...), their lme4 names (a factor's as
    :func:`spelled`), each covariate's columns, and its reference level."""
    columns: dict[str, np.ndarray] = {}
    names: dict[str, str] = {}
    of: dict[str, list[str]] = {}
    reference: dict[str, str | None] = {}
    for column in covariates:
        values = frame[column]
        of[column] = []
        if is_categorical(values):
            levels = sorted(str(v) for v in values.unique())
            reference[column] = levels[0]
            for level in levels[1:]:
                internal = f"x{len(columns)}"
                columns[internal] = (values.astype(str) == level).to_numpy(float)
                names[internal] = f"{spelled(column, levels, factors)}{level}"
                of[column].append(internal)
        else:
            internal = f"x{len(columns)}"
            columns[internal] = values.to_numpy(float)
            names[internal] = lme4_name(column)
            reference[column] = None
            of[column].append(internal)
    return columns, names, of, reference


def covariates_or_refusal(
    covariates: tuple[str, ...],
    fit: Callable[[Shape | None], CovariateGlmm | None],
    shape: Shape | None = None,
) -> tuple[CovariateGlmm | None, CovariateRefusal | None]:
    """The covariate GLMM ``fit`` gives with time as ``shape`` (the curve the report stands on;
    None or linear: a straight line), and no refusal; or the refusal the report states.

    On a curve, when one of its fits cannot be fitted reliably (:mod:`reportgen.analysis.glmm_reached`)
    it falls back to time as a straight line (``shape`` "linear", which the section says). When the
    straight one cannot be fitted either, there is no covariate GLMM: its covariates' GLMM sections
    are dropped and the report is still built on the main GLMM."""
    if shape is not None and not shape.linear:
        try:
            return fit(shape), None
        except (ModelError, ValueError, FloatingPointError, np.linalg.LinAlgError):
            pass  # the curved covariate GLMM refused: the straight one, with the note that says so
    try:
        return fit(None), None
    except UnreliableFitError as error:
        return None, CovariateRefusal(covariates, error.formula, error.reason)
    except ModelError:
        return None, CovariateRefusal(covariates, "", "no_finite_deviance")


def fit_covariates(
    frame: pd.DataFrame,
    covariates: tuple[str, ...],
    chosen: str,
    family: str,
    columns: tuple[str, str, str],
    t0: float,
    factors: tuple[str, ...] = (),
    shape: Shape | None = None,
) -> CovariateGlmm | None:
    """The covariate GLMM and the time-interaction tests (None without covariates); ``factors``:
    the covariates given as factors, ``factor(Diet)`` in the lme4 formulas and terms; ``shape``:
    the curve time has in them (None: a straight line). A fit that cannot be fitted reliably raises
    its ModelError (:func:`covariates_or_refusal` falls back or refuses)."""
    from reportgen.analysis.inference import loglik_ratio

    if not covariates:
        return None
    response, time, group = columns
    data = model_frame(frame, t0)
    x, names, of, reference = covariate_columns(frame, covariates, factors)
    written = {
        c: spelled(c, sorted(str(v) for v in frame[c].unique()), factors if is_categorical(frame[c]) else ())
        for c in covariates
    }
    for internal, values in x.items():
        data[internal] = values
    base = chosen.removesuffix("_" + OBSERVATION_LEVEL)
    random = INTERNAL_RANDOM[base] + (" + (1 | obs)" if base != chosen else "")
    lme4_random = formula_of(chosen, response, time, group, t0).split(" + ", 1)[1]
    t = lme4_name(time)
    timed = curve_columns(data, frame["time"].to_numpy(float), t0, shape)
    terms = {"time": time} | names | ({} if shape is None else dict(zip(timed, shape.names, strict=True)))
    t_term = t if shape is None else shape.term
    # How the time interaction's formula spells time: a curve of several columns in parentheses.
    t_times = t_term if shape is None or len(shape.names) == 1 else f"({shape.term})"

    def fit(extra: list[str], name: str, pairs: tuple[tuple[str, str], ...] = ()) -> GlmmFit:
        products = [f"{i}:{j}" for a, b in pairs for i in of[a] for j in of[b]]
        interactions = [f"{k}:{e}" for e in extra for k in timed]
        internal_terms = " + ".join([*timed, *x, *products, *interactions])
        lme4_terms = " + ".join(
            [
                t_term,
                *(written[c] for c in covariates),
                *(f"{written[a]}:{written[b]}" for a, b in pairs),
                *(f"{t_times}:{written[c]}" for c in extra_columns(extra)),
            ]
        )
        formula = f"{lme4_name(response)} ~ {lme4_terms} + {lme4_random}"
        fitted = fit_formula(
            data, f"response ~ {internal_terms} + {random}", Lme4Names(formula, terms), name, family, t0
        )
        return fitted if shape is None else on_raw_time(fitted, frame, shape, t0, names, x)

    def extra_columns(extra: list[str]) -> list[str]:
        return [c for c in covariates if of[c] and of[c][0] in extra]

    additive = fit([], "covariates")
    ratios = {names[i]: ratio_of(additive.fixed[names[i]]) for i in x}
    interactions = {}
    effects = {}
    times = observed_times(frame["time"].to_numpy(float))
    held = {names[i]: float(np.mean(v)) for i, v in x.items() if reference[_column_of(i, of)] is None}
    larger_fits: dict[str, GlmmFit] = {}
    for column in covariates:
        if not of[column]:
            continue
        larger_fits[column] = fit(of[column], f"covariates_{column}_time")
        df = len(of[column]) * len(timed)  # each level's product with each of time's columns
        test = loglik_ratio(additive.loglik, larger_fits[column].loglik, df, boundary=False)
        interactions[column] = TimeInteraction(test.chisq, test.df, test.p)
    kept = [c for c, test in interactions.items() if test.p < ALPHA]
    # The model the sections read: one kept time interaction is its own fit; several, one refit.
    if len(kept) > 1:
        read = fit([i for c in kept for i in of[c]], "covariates_chosen")
    else:
        read = larger_fits[kept[0]] if kept else additive
    for column in interactions:
        levels = [names[i] for i in of[column]]
        effects[column] = covariate_effect(read, levels, held, t, times, column in kept, shape)
    return CovariateGlmm(
        additive,
        ratios,
        reference,
        {c: [names[i] for i in of[c]] for c in covariates},
        interactions,
        effects,
        pair_tests(additive, covariates, of, lambda pair: fit([], "covariates_pair", (pair,))),
        read,
        LINEAR if shape is None else shape.name,
    )


def curve_columns(data: pd.DataFrame, time: np.ndarray, t0: float, shape: Shape | None) -> list[str]:
    """Time's internal columns of the covariate GLMM, added to ``data``: ``time`` on a straight
    line; a curve's ``shape0``.. (a quadratic's on time counted from ``t0``, as
    :func:`reportgen.analysis.glmm_shape.fit_shaped` fits it; the others on the raw times)."""
    if shape is None:
        return ["time"]
    values = shape.columns(time - t0) if shape.name == QUADRATIC else shape.columns(time)
    internal = [f"shape{k}" for k in range(len(shape.names))]
    for k, name in enumerate(internal):
        data[name] = values[:, k]
    return internal


def on_raw_time(
    fit: GlmmFit,
    frame: pd.DataFrame,
    shape: Shape,
    t0: float,
    names: dict[str, str],
    x: dict[str, np.ndarray],
) -> GlmmFit:
    """A curved covariate GLMM fitted on a quadratic of time - t0, as the fit on that of the raw
    time (its fixed effects and their covariance, as lme4 fits ``Time + I(Time^2)``); others as
    they are."""
    if shape.name != QUADRATIC or t0 == 0:
        return fit
    time = frame["time"].to_numpy(float)
    by_name = {lme4: x[internal] for internal, lme4 in names.items()}
    raw, shifted = shape.columns(time), shape.columns(time - t0)
    for k, name in enumerate(shape.names):
        by_name[name] = raw[:, k]

    def design(columns: dict[str, np.ndarray]) -> np.ndarray:
        out = np.ones((len(time), len(fit.fixed)))
        for j, term in enumerate(fit.fixed):
            for part in term.split(":"):
                if part != INTERCEPT:
                    out[:, j] *= columns[part]
        return out

    moved = by_name | {name: shifted[:, k] for k, name in enumerate(shape.names)}
    rows = np.unique(np.hstack([design(by_name), design(moved)]), axis=0)
    p = len(fit.fixed)
    mapping = np.linalg.lstsq(rows[:, :p], rows[:, p:], rcond=None)[0]  # raw @ mapping == shifted
    beta = mapping @ np.array([term.estimate for term in fit.fixed.values()])
    vcov = mapping @ fit.vcov @ mapping.T
    fixed = {
        name: wald_term(float(b), math.sqrt(max(vcov[j, j], 0.0)))
        for j, (name, b) in enumerate(zip(fit.fixed, beta, strict=True))
    }
    return replace(fit, fixed=fixed, vcov=vcov)


def pair_tests(
    additive: GlmmFit,
    covariates: tuple[str, ...],
    of: dict[str, list[str]],
    fit_pair: Callable[[tuple[str, str]], GlmmFit],
) -> dict[str, TimeInteraction]:
    """Each pair of covariates' interaction, added to the additive GLMM and tested by a
    likelihood-ratio test on its number of product columns (lme4's key: ``trt:lbase``)."""
    from reportgen.analysis.inference import loglik_ratio

    tests = {}
    for i, a in enumerate(covariates):
        for b in covariates[i + 1 :]:
            if not (of[a] and of[b]):
                continue
            larger = fit_pair((a, b))
            test = loglik_ratio(additive.loglik, larger.loglik, len(of[a]) * len(of[b]), boundary=False)
            tests[f"{lme4_name(a)}:{lme4_name(b)}"] = TimeInteraction(test.chisq, test.df, test.p)
    return tests


def _column_of(internal: str, of: dict[str, list[str]]) -> str:
    """The covariate a model column belongs to."""
    return next(c for c, internals in of.items() if internal in internals)
