"""Covariates in the GLMM of a binary or count response: odds or rate ratios per level, and whether
the change over time differs with each covariate.

The covariates enter additively beside time, with the random effects of the fit the report stands
on (``y ~ period + trt + lbase + (period | subject) + (1 | obs)``): each level of a categorical
covariate against its first level (R's treatment contrasts, levels in sorted order), a numeric one
per unit, as Wald odds or rate ratios. Each covariate's time interaction (``period:trt``) is then
added alone and tested by a likelihood-ratio test (chi-square on its number of terms).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.covariate_effects import observed_times
from reportgen.analysis.glmm_covariate_effects import GlmmCovariateEffect, covariate_effect
from reportgen.analysis.glmm_fit import (
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
)
from reportgen.analysis.selection import ALPHA

if TYPE_CHECKING:
    import pandas as pd


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


def fit_covariates(
    frame: pd.DataFrame,
    covariates: tuple[str, ...],
    chosen: str,
    family: str,
    columns: tuple[str, str, str],
    t0: float,
    factors: tuple[str, ...] = (),
) -> CovariateGlmm | None:
    """The covariate GLMM and the time-interaction tests (None without covariates); ``factors``:
    the covariates given as factors, ``factor(Diet)`` in the lme4 formulas and terms."""
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
    terms = {"time": time} | names
    t = lme4_name(time)

    def fit(extra: list[str], name: str, pairs: tuple[tuple[str, str], ...] = ()) -> GlmmFit:
        products = [f"{i}:{j}" for a, b in pairs for i in of[a] for j in of[b]]
        internal_terms = " + ".join(["time", *x, *products, *(f"time:{e}" for e in extra)])
        lme4_terms = " + ".join(
            [
                t,
                *(written[c] for c in covariates),
                *(f"{written[a]}:{written[b]}" for a, b in pairs),
                *(f"{t}:{written[c]}" for c in extra_columns(extra)),
            ]
        )
        formula = f"{lme4_name(response)} ~ {lme4_terms} + {lme4_random}"
        return fit_formula(
            data, f"response ~ {internal_terms} + {random}", Lme4Names(formula, terms), name, family, t0
        )

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
        test = loglik_ratio(additive.loglik, larger_fits[column].loglik, len(of[column]), boundary=False)
        interactions[column] = TimeInteraction(test.chisq, test.df, test.p)
    kept = [c for c, test in interactions.items() if test.p < ALPHA]
    # The model the sections read: one kept time interaction is its own fit; several, one refit.
    if len(kept) > 1:
        read = fit([i for c in kept for i in of[c]], "covariates_chosen")
    else:
        read = larger_fits[kept[0]] if kept else additive
    for column in interactions:
        levels = [names[i] for i in of[column]]
        effects[column] = covariate_effect(read, levels, held, t, times, column in kept)
    return CovariateGlmm(
        additive,
        ratios,
        reference,
        {c: [names[i] for i in of[c]] for c in covariates},
        interactions,
        effects,
        pair_tests(additive, covariates, of, lambda pair: fit([], "covariates_pair", (pair,))),
        read,
    )


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
