"""What kind of response this is (continuous, binary, a count), and what a linear model predicts for it.

The seminar's questions fit linear mixed models, made for a continuous response. For a binary
response (two values) or a count (small non-negative whole numbers or ones reaching 0, skewed to the
right) such a model can predict values the response cannot take: below 0 or above 1 for a 0/1
response, below 0 for a count. This module classifies the response with small named rules and
counts those fitted values of the linear model; the family the report fits instead is decided in
:mod:`reportgen.analysis.family` (``fitted_family``) and its GLMM in :mod:`reportgen.analysis.glmm`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from reportgen.analysis import Analysis
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

BINARY, COUNT, CONTINUOUS = "binary", "count", "continuous"
# Skewness from which whole numbers count as "clearly right-skewed" (Bulmer: above 1 is strong,
# 0.5 to 1 moderate); a count with fewer distinct values than this is counted whatever its skew.
COUNT_SKEW = 0.5
FEW_COUNT_VALUES = 5
# Whole numbers look like counts only when they are small or reach 0: a median up to this (a few
# events per subject, as in a seizure count) or zeros present. Larger whole numbers with none at 0
# (grams, millimetres recorded in whole units) are measurements.
SMALL_COUNT_MEDIAN = 20.0
# The family of a generalized linear mixed model (lme4's glmer) each kind calls for.
FAMILIES = {BINARY: "binomial", COUNT: "poisson"}


@dataclass(frozen=True)
class OutcomeCheck:
    """The kind of the response and the fitted values of the chosen model it cannot take."""

    kind: str  # BINARY, COUNT or CONTINUOUS
    distinct_values: int
    minimum: float
    maximum: float
    skewness: float
    zero_share: float  # share of responses that are exactly 0
    median: float  # the median response (small for counts: see looks_like_counts)
    model: str  # the model whose fitted values are checked (results' model_choice.random_effects)
    fitted_n: int
    fitted_min: float
    fitted_max: float
    lower_bound: float | None  # the smallest value the response can take (binary: its lower value)
    upper_bound: float | None  # the largest (binary: its upper value; a count has none)
    fitted_below: int  # fitted values below lower_bound
    fitted_above: int  # fitted values above upper_bound
    impossible_share: float  # (fitted_below + fitted_above) / fitted_n
    family: str | None  # the GLMM family such data call for (None: continuous)
    fitted_family: str = "gaussian"  # the family the report fitted (analysis.family): its GLMM, if any
    # The fitted values themselves, for the figure (one per row: not put into results.json).
    fitted: np.ndarray = field(default_factory=lambda: np.empty(0), repr=False, metadata={"results": False})


def is_binary(values: np.ndarray) -> bool:
    """Two distinct values exactly (0/1, yes/no coded as two numbers)."""
    return len(np.unique(values)) == 2


def is_whole_nonnegative(values: np.ndarray) -> bool:
    """Every value a whole number, none below 0: what a count can be."""
    return bool(np.all(values >= 0) and np.all(values == np.round(values)))


def skewness(values: np.ndarray) -> float:
    """The sample skewness the report prints everywhere: the adjusted Fisher-Pearson G1 (pandas'
    ``skew``, SAS, e1071's type 2), g1 * sqrt(n(n-1)) / (n-2); 0 for a constant or under 3 values."""
    n = len(values)
    centred = values - values.mean()
    sd = float(np.sqrt(np.mean(centred**2)))
    if n < 3 or sd == 0:
        return 0.0
    return float(np.mean(centred**3) / sd**3 * np.sqrt(n * (n - 1)) / (n - 2))


def looks_like_counts(values: np.ndarray, unit: str = "") -> bool:
    """Whole numbers that look like counts: small (median up to SMALL_COUNT_MEDIAN) or reaching 0.

    A response with a unit (g, mm) is a measurement, recorded in whole units or not.
    """
    if unit.strip():
        return False
    return bool(np.any(values == 0) or np.median(values) <= SMALL_COUNT_MEDIAN)


def is_count(values: np.ndarray, unit: str = "") -> bool:
    """Whole non-negative numbers that look like counts, more than two of them, clearly right-skewed
    (or few values)."""
    distinct = len(np.unique(values))
    if distinct <= 2 or not is_whole_nonnegative(values) or not looks_like_counts(values, unit):
        return False
    return distinct < FEW_COUNT_VALUES or skewness(values) >= COUNT_SKEW


def outcome_kind(values: np.ndarray, unit: str = "") -> str:
    """BINARY, COUNT or CONTINUOUS, by the rules above (binary first: 0/1 are also whole numbers)."""
    if is_binary(values):
        return BINARY
    if is_count(values, unit):
        return COUNT
    return CONTINUOUS


def possible_range(kind: str, values: np.ndarray) -> tuple[float | None, float | None]:
    """The values a response of this kind can take: between its two values, from 0, or any."""
    if kind == BINARY:
        return float(values.min()), float(values.max())
    if kind == COUNT:
        return 0.0, None
    return None, None


def check_outcome(data: CleanData, analysis: Analysis, config: BuildConfig) -> OutcomeCheck:
    """Classify the response and count the chosen model's fitted values outside its possible range."""
    values = data.frame["response"].to_numpy(float)
    kind = outcome_kind(values, config.labels.response_unit)
    fitted = np.asarray(analysis.choice.fit.fitted, dtype=float)
    low, high = possible_range(kind, values)
    below = int(np.sum(fitted < low)) if low is not None else 0
    above = int(np.sum(fitted > high)) if high is not None else 0
    return OutcomeCheck(
        kind=kind,
        distinct_values=len(np.unique(values)),
        minimum=float(values.min()),
        maximum=float(values.max()),
        skewness=skewness(values),
        zero_share=float(np.mean(values == 0)),
        median=float(np.median(values)),
        model=analysis.choice.model,
        fitted_n=len(fitted),
        fitted_min=float(fitted.min()),
        fitted_max=float(fitted.max()),
        lower_bound=low,
        upper_bound=high,
        fitted_below=below,
        fitted_above=above,
        impossible_share=(below + above) / len(fitted),
        family=FAMILIES.get(kind),
        fitted_family=analysis.family.family if analysis.family is not None else "gaussian",
        fitted=fitted,
    )
