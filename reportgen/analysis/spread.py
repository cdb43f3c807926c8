"""Does the residual spread stay the same over time, across covariate levels and with the level?

Checked on the residuals of the model the report stands on (``Analysis.choice.fit``), so a trend
the model misses is not read as spread. Over time: the Brown-Forsythe test (Levene's test with
medians: a one-way ANOVA of |residual - bin median| across bins) over time bins, the distinct
times when there are few, else bins of equal counts; the residual SD of each bin. Across each
categorical covariate's levels: the same test. With the level: Spearman's correlation of
|residual| with the fitted value (:mod:`reportgen.analysis.diagnostics`), and the slope of
log(bin SD) on log(bin mean response), Tukey's spread-versus-level power (1: a spread
proportional to the level, which a log scale evens out).

The pattern and the remedy are rule codes decided here, once; the narrative words them.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.selection import ModelChoice

# Every spread check flags a change at this p (the diagnostics' threshold: residuals are many
# and correlated).
SPREAD_ALPHA = 0.01
# Time bins: each distinct time when there are at most MAX_TIME_BINS, else bins of equal counts;
# a bin holds at least MIN_PER_BIN residuals (smaller ones are merged into a neighbour).
MAX_TIME_BINS = 12
MIN_PER_BIN = 5
# Bins' SDs whose rank correlation with time reaches this go one way ("grows", "shrinks").
DIRECTION_RHO = 0.5
END_SHARE = 0.5  # the end a growing (shrinking) spread reaches: this share of its largest bin SD
# A spread that grows over time follows the level when log SD rises with log level at least
# this steeply (0.5: like a square root of the level; 1: in proportion), over levels that differ
# by at least LEVEL_SPAN times (closer levels cannot explain a changing spread).
LEVEL_POWER_MIN = 0.5
LEVEL_SPAN = 1.5

# The patterns (diagnostics.spread_pattern).
CONSTANT = "constant"
GROWS_WITH_TIME = "grows_with_time"
GROWS_WITH_LEVEL = "grows_with_level"
SHRINKS = "shrinks"
VARIES_OVER_TIME = "varies_over_time"
DIFFERS_BETWEEN_GROUPS = "differs_between_groups"
# The remedies (diagnostics.spread_remedy).
NO_REMEDY = "none"
LOG = "log"
LOG_APPLIED = "log_applied"
LOGISTIC = "logistic"
UNRELIABLE_SE = "unreliable_se"


@dataclass(frozen=True)
class SpreadTest:
    """Brown-Forsythe test that the residual spread is the same in every group of residuals."""

    statistic: float  # F
    p: float
    df_between: int
    df_within: int


@dataclass(frozen=True)
class SpreadByTime:
    """Brown-Forsythe over time bins, and each bin's residual SD, size and mean response."""

    statistic: float
    p: float
    df_between: int
    df_within: int
    bins: int
    distinct_times: bool  # each bin is one distinct time (else bins of several times)
    time: tuple[float, ...]  # mean time of each bin
    sd: tuple[float, ...]  # residual SD of each bin (n - 1)
    n: tuple[int, ...]
    level: tuple[float, ...]  # mean response of each bin
    sd_first: float
    sd_last: float
    direction: str  # "grows", "shrinks" or "varies": the bins' SDs against time
    level_power: float | None  # slope of log SD on log level; None without positive, spread levels
    sd_ratio: float = float("nan")  # sd_last / sd_first (nan when sd_first is 0)


@dataclass(frozen=True)
class LogScale:
    """The spread over time on the log scale: of the model refitted to log(response) (a preview,
    ``applied`` False) or of the report's own model (``applied``, with --log-response)."""

    applied: bool
    model: str  # the model the tests support on the log scale
    statistic: float
    p: float
    sd_first: float
    sd_last: float
    pattern: str
    # exp(slope) of the straight line on the log scale (the supported random effects): the factor
    # the response is multiplied by per time unit, and that change as a share (exp(slope) - 1:
    # 0.08 is 8% more per time unit). A ratio per unit is the log model's only when its trend is
    # straight: see ``shape``.
    slope_ratio: float
    relative_change: float
    # The trend's shape the log model takes (reportgen.analysis.shape: "linear", "quadratic",
    # "log", "spline3", ...); for a curve, ``range_ratio`` is the factor its fitted population
    # curve multiplies the response by from the first to the last observed time (None for a line).
    shape: str = "linear"
    range_ratio: float | None = None


def brown_forsythe(values: np.ndarray, labels: np.ndarray) -> SpreadTest:
    """Levene's test with medians: a one-way ANOVA of |value - its group's median| (F, p)."""
    import pandas as pd
    from scipy.special import fdtrc

    codes = pd.factorize(labels, sort=True)[0]
    k, n = int(codes.max()) + 1 if len(codes) else 0, len(values)
    if k < 2 or n - k < 1:
        return SpreadTest(0.0, 1.0, max(k - 1, 0), max(n - k, 0))
    medians = pd.Series(values).groupby(codes).median().reindex(range(k)).to_numpy(float)
    z = np.abs(values - medians[codes])
    counts = np.bincount(codes, minlength=k)
    means = np.bincount(codes, weights=z, minlength=k) / counts
    between = float(np.sum(counts * (means - z.mean()) ** 2))
    within = float(np.sum((z - means[codes]) ** 2))
    if within <= 0:
        return SpreadTest(math.inf if between > 0 else 0.0, 0.0 if between > 0 else 1.0, k - 1, n - k)
    f = (between / (k - 1)) / (within / (n - k))
    return SpreadTest(float(f), float(fdtrc(k - 1, n - k, f)), k - 1, n - k)


def time_bins(time: np.ndarray, max_bins: int = MAX_TIME_BINS, min_per_bin: int = MIN_PER_BIN) -> np.ndarray:
    """Bin codes 0, 1, ... in time order: each distinct time when there are at most ``max_bins``,
    else quantile bins of about equal counts; a bin of fewer than ``min_per_bin`` residuals joins
    its smaller neighbour."""
    values, codes = np.unique(time, return_inverse=True)
    codes = codes.ravel()
    if len(values) > max_bins:
        edges = np.unique(np.quantile(time, np.linspace(0, 1, max_bins + 1)))
        codes = np.digitize(time, edges[1:-1], right=True)
        codes = np.unique(codes, return_inverse=True)[1].ravel()
    counts = list(np.bincount(codes))
    members = [[j] for j in range(len(counts))]
    while len(counts) > 1 and min(counts) < min_per_bin:
        i = int(np.argmin(counts))
        if i == 0:
            j = 1
        elif i == len(counts) - 1:
            j = i - 1
        else:
            j = i - 1 if counts[i - 1] <= counts[i + 1] else i + 1
        low, high = min(i, j), max(i, j)
        counts[low : high + 1] = [counts[low] + counts[high]]
        members[low : high + 1] = [members[low] + members[high]]
    mapping = np.empty(sum(len(m) for m in members), dtype=int)
    for new, old in enumerate(members):
        mapping[old] = new
    return mapping[codes]


def direction(sd: Sequence[float]) -> str:
    """Which way the bins' SDs go over time: Spearman's rho with the bin order (``DIRECTION_RHO``)."""
    if len(sd) < 2:
        return "varies"
    if len(sd) == 2:
        return "grows" if sd[1] > sd[0] else "shrinks" if sd[1] < sd[0] else "varies"
    import pandas as pd

    ranks = pd.Series(sd).rank().to_numpy()
    if np.ptp(ranks) == 0:
        return "varies"
    rho = float(np.corrcoef(ranks, np.arange(len(sd)))[0, 1])
    # A spread that grows ends near its largest (and one that shrinks starts there): SDs that peak
    # in the middle (Rabbit's 0.69 ... 7.74, then 3.07 at the last dose) vary rather than grow.
    if rho >= DIRECTION_RHO and sd[-1] >= END_SHARE * max(sd):
        return "grows"
    if rho <= -DIRECTION_RHO and sd[0] >= END_SHARE * max(sd):
        return "shrinks"
    return "varies"


def level_power(sd: Sequence[float], level: Sequence[float]) -> float | None:
    """Slope of log SD on log level across bins (Tukey's spread-versus-level plot), or None when
    a level is not positive, an SD is zero, or the levels differ by less than ``LEVEL_SPAN`` times."""
    s, m = np.asarray(sd, float), np.asarray(level, float)
    if len(s) < 2 or np.any(m <= 0) or np.any(s <= 0) or m.max() < LEVEL_SPAN * m.min():
        return None
    return float(np.polyfit(np.log(m), np.log(s), 1)[0])


def spread_by_time(residuals: np.ndarray, time: np.ndarray, response: np.ndarray) -> SpreadByTime:
    """Brown-Forsythe over :func:`time_bins`, each bin's SD and mean response, the direction."""
    import pandas as pd

    codes = time_bins(time)
    test = brown_forsythe(residuals, codes)
    k = int(codes.max()) + 1
    distinct = len(pd.unique(time)) if k > 1 else 1
    counts = np.bincount(codes, minlength=k)
    means = np.bincount(codes, weights=residuals, minlength=k) / counts
    squares = np.bincount(codes, weights=(residuals - means[codes]) ** 2, minlength=k)
    sd = tuple(float(np.sqrt(q / (c - 1))) if c > 1 else 0.0 for q, c in zip(squares, counts, strict=True))
    level = tuple((np.bincount(codes, weights=response, minlength=k) / counts).tolist())
    mean_time = (np.bincount(codes, weights=time, minlength=k) / counts).tolist()
    return SpreadByTime(
        statistic=test.statistic,
        p=test.p,
        df_between=test.df_between,
        df_within=test.df_within,
        bins=k,
        distinct_times=k == distinct,
        time=tuple(mean_time),
        sd=sd,
        n=tuple(counts.tolist()),
        level=level,
        sd_first=sd[0],
        sd_last=sd[-1],
        direction=direction(sd),
        level_power=level_power(sd, level),
        sd_ratio=sd[-1] / sd[0] if sd[0] > 0 else float("nan"),
    )


def spread_by_covariate(
    residuals: np.ndarray, frame: pd.DataFrame, covariates: Sequence[str]
) -> dict[str, SpreadTest]:
    """Brown-Forsythe across the levels of each categorical covariate (numeric ones are skipped)."""
    out = {}
    for column in covariates:
        values = frame[column]
        if values.dtype.kind in "fiub" or values.nunique() < 2:
            continue
        out[column] = brown_forsythe(residuals, values.astype(str).to_numpy())
    return out


def spread_pattern(
    by_time: SpreadByTime,
    funnel_rho: float,
    funnel_p: float,
    by_covariate: Mapping[str, SpreadTest] | None = None,
    alpha: float = SPREAD_ALPHA,
) -> str:
    """The pattern, first rule that holds: the spread grows with the fitted level (funnel); it
    changes over time (Brown-Forsythe) and grows (with the level when the bins' spread-versus-level
    power reaches ``LEVEL_POWER_MIN``), shrinks or varies; it shrinks with the level; it differs
    between a covariate's levels; else constant."""
    if funnel_p < alpha and funnel_rho > 0:
        return GROWS_WITH_LEVEL
    if by_time.p < alpha:
        if by_time.direction == "grows":
            power = by_time.level_power
            return GROWS_WITH_LEVEL if power is not None and power >= LEVEL_POWER_MIN else GROWS_WITH_TIME
        return SHRINKS if by_time.direction == "shrinks" else VARIES_OVER_TIME
    if funnel_p < alpha:
        return SHRINKS
    if any(test.p < alpha for test in (by_covariate or {}).values()):
        return DIFFERS_BETWEEN_GROUPS
    return CONSTANT


# Words of a name that say the values are logarithms already ("log size", "logWeight", "ln_conc").
LOG_WORDS = frozenset({"log", "ln", "log2", "log10", "loge", "logarithm"})


def named_as_log(*names: str) -> bool:
    """Does a column name or label say the values are logarithms already (a word of it is one of
    ``LOG_WORDS``; words split at non-letters and lower-to-upper case changes)?"""
    for name in names:
        words = re.split(r"[^A-Za-z0-9]+|(?<=[a-z])(?=[A-Z])", name or "")
        if any(word.lower() in LOG_WORDS for word in words):
            return True
    return False


def spread_remedy(
    pattern: str, *, positive: bool, log_scale: bool, log_applied: bool = False, binary: bool = False
) -> str:
    """The remedy the data support: none for a constant spread; the log scale already applied;
    a logistic model for a 0/1 response; a log response for positive values, not logarithms
    already, whose spread grows with the level; otherwise standard errors to read with care."""
    if log_applied:
        return LOG_APPLIED
    if pattern == CONSTANT:
        return NO_REMEDY
    if binary:
        return LOGISTIC
    if pattern == GROWS_WITH_LEVEL and positive and not log_scale:
        return LOG
    return UNRELIABLE_SE


def log_scale_of(
    fit_slope: float,
    model: str,
    spread: SpreadByTime,
    pattern: str,
    *,
    applied: bool,
    shape: str = "linear",
    range_change: float | None = None,
) -> LogScale:
    """The log scale's summary: its spread over time, what the straight line's slope means as a
    ratio, and for a curved trend (``shape``) the ratio over the observed range (exp of the log
    curve's change from the first to the last time, ``range_change``)."""
    ratio = math.exp(fit_slope)
    curved = shape != "linear" and range_change is not None
    return LogScale(
        applied=applied,
        model=model,
        statistic=spread.statistic,
        p=spread.p,
        sd_first=spread.sd_first,
        sd_last=spread.sd_last,
        pattern=pattern,
        slope_ratio=ratio,
        relative_change=ratio - 1.0,
        shape=shape if curved else "linear",
        range_ratio=math.exp(range_change) if curved and range_change is not None else None,
    )


def curve_change(choice: ModelChoice, time: np.ndarray) -> float | None:
    """The chosen curve's change (last - first observed time) in the model's units; None for a line."""
    from reportgen.analysis.shape import population

    distinct = np.unique(np.asarray(time, dtype=float))
    curve = population(choice, time, np.array([distinct[0], distinct[-1]]))
    return None if curve is None else float(curve[1] - curve[0])
