"""Covariate effects with size and direction, the interaction of two covariates, and a covariate
model whose random effects vanish.

- **Differences**: each level's difference from the reference level (a numeric covariate: the
  change per unit) at the first, the average and the last observed time, and how much it changes
  from the first to the last. Each is a contrast L beta of the covariate model with a
  Satterthwaite t interval (lmerTest's ``contest1D``), L the difference of two rows of the design
  evaluated at that time (:meth:`ModelMatrix.rows`): it holds for any time basis, straight or curved.
- **Interactions** of two covariates, in the level (a:b) and in the slope (time:a:b): type-III F
  tests with Satterthwaite denominator df (lmerTest's ``anova``) and their joint F test, which
  decides whether the report stands on the model with the interaction (p < 0.05) or the additive one.
- **Random part**: a singular covariate model is simplified as the selection rules simplify the
  main model (:mod:`reportgen.analysis.selection`); when even the random intercept's variance is 0,
  the model treats every observation as independent, and the lag-1 correlation of its residuals
  within each subject says how far that is from true.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from reportgen.analysis.inference import FTest
from reportgen.analysis.lmm import SINGULAR_TOL, MixedFit
from reportgen.analysis.regression import Coefficient
from reportgen.analysis.selection import ALPHA, RANDOM_INTERCEPT, RANDOM_SLOPE, UNCORRELATED

if TYPE_CHECKING:
    import pandas as pd

# The times a difference is read at, in order, and the key of a numeric covariate's contrast.
WHEN = ("first", "mean", "last")
PER_UNIT = "per_unit"


@dataclass(frozen=True)
class Differences:
    """Each level against the reference (or one unit more of a numeric covariate), at three times."""

    reference: str  # the reference level; a numeric covariate: "" (the contrast is per unit)
    times: dict[str, float]  # WHEN -> the time
    at: dict[str, dict[str, Coefficient]]  # level (or PER_UNIT) -> WHEN -> the difference there
    change: dict[str, Coefficient]  # level (or PER_UNIT) -> difference at the last minus at the first time


@dataclass(frozen=True)
class Interaction:
    """Two covariates' interaction in the model with it: in the level, in the slope, and both."""

    pair: tuple[str, str]
    level: FTest  # type III, a:b
    slope: FTest  # type III, time:a:b
    joint: FTest  # both at once
    kept: bool  # joint p < ALPHA: the report stands on the model with the interaction


@dataclass(frozen=True)
class RandomPart:
    """The covariate model's random effects: as first fitted, and as kept after simplification."""

    first: str  # the structure first fitted (that of the model the report stands on)
    kept: str  # the structure kept
    singular: bool  # the first fit was singular
    no_variance: bool  # in the model kept, every random-effect variance is 0
    serial_corr: float | None  # lag-1 correlation of the kept model's residuals within subjects
    serial_p: float | None
    serial_pairs: int
    residual_df: float  # the df its tests of time run on (when no_variance: n - p)
    # Which component of the singular random-slope fit (the one the random-slope test reads) sits
    # at its boundary: "level", "slope", "correlation" or "" (see :func:`boundary_component`).
    boundary: str = ""


def design_rows(
    design: Any, column: str, values: list[Any], held: dict[str, str | float], t: float
) -> np.ndarray:
    """The design's rows at time ``t`` for each value of the covariate, the others as ``held`` says."""
    import pandas as pd

    n = len(values)
    return np.asarray(
        design.rows(pd.DataFrame({"time": [t] * n, column: values, **{k: [v] * n for k, v in held.items()}}))
    )


def compared_values(
    design: Any, column: str, kind: str, centre: float
) -> tuple[str, tuple[str, ...], list[Any]]:
    """(reference, the others' names, the values whose rows are compared): levels, or one unit's step."""
    if kind == "categorical":
        levels = tuple(design.levels[column])
        return str(levels[0]), tuple(str(lv) for lv in levels[1:]), list(levels)
    return "", (PER_UNIT,), [centre, centre + 1.0]


def difference_rows(
    design: Any, column: str, kind: str, held: dict[str, str | float], t: float, centre: float = 0.0
) -> np.ndarray:
    """L of each level minus the reference (numeric: one unit more) at time ``t``: one row each."""
    x = design_rows(design, column, compared_values(design, column, kind, centre)[2], held, t)
    return np.asarray(x[1:] - x[0])


class Contrasts(Protocol):
    """A fit that tests one linear combination of its fixed effects (MixedFit, LmerEstimates)."""

    def contrast(self, weights: Any) -> Coefficient: ...


def differences(
    model: Contrasts,
    design: Any,
    column: str,
    kind: str,
    held: dict[str, str | float],
    times: dict[str, float],
    centre: float = 0.0,
) -> Differences:
    """The contrasts of :class:`Differences`, from the design's rows at each time.

    ``held`` fixes the other covariates (as the slopes are read); ``centre`` is where a numeric
    covariate's one-unit step starts (its mean: the step does not depend on it in a straight line).
    """
    reference, others, _ = compared_values(design, column, kind, centre)
    rows = {when: difference_rows(design, column, kind, held, t, centre) for when, t in times.items()}
    at = {level: {when: model.contrast(rows[when][i]) for when in times} for i, level in enumerate(others)}
    change = {level: _change(model, rows["last"][i] - rows["first"][i]) for i, level in enumerate(others)}
    return Differences(reference, dict(times), at, change)


def _change(model: Contrasts, row: np.ndarray) -> Coefficient:
    """The change of a difference over time; exactly 0, and no test, when the model has no term
    that could change it (parallel curves: L is 0, and a t test of it is 0 / 0)."""
    if not np.any(np.abs(row) > 1e-12):
        return Coefficient(0.0, 0.0, math.nan, 1.0, 0.0, 0.0, math.nan)
    return model.contrast(row)


def observed_times(time: np.ndarray) -> dict[str, float]:
    """The first, the average and the last observed time."""
    return {"first": float(np.min(time)), "mean": float(np.mean(time)), "last": float(np.max(time))}


def interactions(
    model: MixedFit, pairs: tuple[tuple[str, str], ...], time: tuple[str, ...] = ("time",)
) -> list[Interaction]:
    """Each pair's type-III tests in the model with every pair's interaction (``model``).

    ``time``: the terms the trend's columns form (a quadratic's two: its slope test is joint).
    """
    from reportgen.analysis.inference import type3_anova

    anova = type3_anova(model)
    out = []
    for a, b in pairs:
        level = _term(model, (a, b))
        slopes = [_term(model, (t, a, b)) for t in time]
        joint = model.f_test(np.vstack([_type3(model, level), *(_type3(model, t) for t in slopes)]))
        slope = joint_test(model, anova, slopes)
        out.append(Interaction((a, b), anova[level], slope, joint, bool(joint.p < ALPHA)))
    return out


def joint_test(model: MixedFit, anova: dict[str, FTest], terms: list[str]) -> FTest:
    """The type-III test of one term, or of several at once (a quadratic's time and time²)."""
    if len(terms) == 1:
        return anova[terms[0]]
    return model.f_test(np.vstack([_type3(model, t) for t in terms]))


def _type3(model: MixedFit, term: str) -> np.ndarray:
    """A term's type-III contrast; without categorical covariates, its own columns (as type3_anova)."""
    if model.type3 is not None and term in model.type3:
        return np.asarray(model.type3[term])
    return np.eye(len(model.beta))[np.asarray(model.assign) == model.terms.index(term)]


def _term(model: MixedFit, factors: tuple[str, ...]) -> str:
    """The model's term made of exactly these factors."""
    from reportgen.analysis.model_matrix import term_factors

    wanted = set(factors)
    return next(term for term in model.terms if term_factors(term) == wanted)


def covariate_pairs(covariates: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """Every pair of covariates, in the order given."""
    return tuple((a, b) for i, a in enumerate(covariates) for b in covariates[i + 1 :])


# A structure of the covariate model: (random effects per group, covariance, time origin).
Structure = tuple[int, str, float]


def structure_name(structure: Structure) -> str:
    """The selection module's name of a structure."""
    random, covariance, _ = structure
    if random == 1:
        return RANDOM_INTERCEPT
    return UNCORRELATED if covariance == "diagonal" else RANDOM_SLOPE


def simpler(fit: MixedFit, structure: Structure, reference_time: float, time_sd: float) -> Structure | None:
    """The next structure of a singular fit, by the selection rules; None when none is simpler.

    Correlated slopes whose slope variance is not at 0 (their spread over the observed times against
    the residual SD, as selection.slope_variance_zero reads it: a scale shifting time leaves alone):
    uncorrelated, time from the first observed time; a slope variance at 0: the random intercept.
    Uncorrelated slopes whose level variance is the one at 0 are kept (individual slopes around one
    start, as the selection keeps them); the variance at 0 is the smaller of the level's and the
    slope's over the observed times (x SD of time).
    """
    random, covariance, _ = structure
    if not fit.singular or random == 1:
        return None
    if covariance == "unstructured":
        slope_spread = math.sqrt(max(float(fit.re_cov[1, 1]), 0.0)) * time_sd
        if slope_spread >= SINGULAR_TOL * math.sqrt(max(fit.residual_var, 0.0)):
            return 2, "diagonal", reference_time
        return 1, "unstructured", 0.0
    if fit.re_cov[0, 0] < fit.re_cov[1, 1] * time_sd**2:
        return None
    return 1, "unstructured", 0.0


def boundary_component(fit: MixedFit, time_sd: float) -> str:
    """Which random effect of a singular random-slope fit is at its boundary ("" when none is).

    "slope": the slopes' spread over the observed times (slope SD x SD of time) is below lme4's
    tolerance against the residual SD (as :func:`simpler` reads it); "level": the starting levels'
    variance (at the fit's time origin) is; "correlation": neither, so the correlation is at ±1.
    A test of the slopes is still informative when only the level or the correlation is at its
    boundary (Soybean with Variety: level variance 0, slope SD 0.041).
    """
    if not fit.singular or not fit.random_slope:
        return ""
    noise = SINGULAR_TOL * math.sqrt(max(fit.residual_var, 0.0))
    if math.sqrt(max(float(fit.re_cov[1, 1]), 0.0)) * time_sd < noise:
        return "slope"
    if math.sqrt(max(float(fit.re_cov[0, 0]), 0.0)) < noise:
        return "level"
    return "correlation"


def simplify(
    fit: Callable[[Structure], MixedFit], structure: Structure, reference_time: float, time_sd: float
) -> tuple[MixedFit, Structure, bool]:
    """Fit ``structure``; while singular, the next simpler one.

    Returns the REML fit kept, its structure, and whether the first fit was singular.
    """
    model = fit(structure)
    first_singular = model.singular
    while (step := simpler(model, structure, reference_time, time_sd)) is not None:
        structure = step
        model = fit(structure)
    return model, structure, first_singular


def random_part(
    model: MixedFit,
    structure: Structure,
    first: Structure,
    first_singular: bool,
    frame: pd.DataFrame,
    covariates: tuple[str, ...],
) -> RandomPart:
    """What :class:`RandomPart` records, with the residuals' lag-1 correlation when no variance is left."""
    from reportgen.analysis.diagnostics import measurement_series, serial_correlation

    no_variance = structure[0] == 1 and model.singular
    serial: tuple[float | None, float | None, int] = (None, None, 0)
    if no_variance:
        series, what = measurement_series(frame, covariates)
        if what != "skipped":
            groups = frame["group"].to_numpy() if series is None else series
            serial = serial_correlation(
                frame["response"].to_numpy(float) - model.fitted,
                frame["time"].to_numpy(float),
                np.asarray(groups),
            )
    return RandomPart(
        first=structure_name(first),
        kept=structure_name(structure),
        singular=first_singular,
        no_variance=no_variance,
        serial_corr=serial[0],
        serial_p=serial[1],
        serial_pairs=serial[2],
        residual_df=float(model.n_obs - len(model.beta)),
    )
