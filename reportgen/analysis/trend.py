"""Is the trend straight? A quadratic term in time tested by an ML likelihood-ratio test.

Both models carry the random effects the data support (the headline model's structure); the
residual means over time show where a straight line misses.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.inference import Z95, LikelihoodRatio, loglik_ratio
from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.selection import ALPHA, likelihood_ratio, random_structure

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.selection import ModelChoice
    from reportgen.analysis.shape import CurveSummary

# A quadratic trend needs this many distinct times.
MIN_TIMES = 3
# More distinct times than this are grouped into this many bins of equal counts.
MAX_TIME_BINS = 12


@dataclass(frozen=True)
class ResidualBin:
    """Mean residual of the observations at (or around) one time, with its 95% interval."""

    time: float
    n: int
    mean: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class Trend:
    """The quadratic test and the curve it gives."""

    quadratic_lrt: LikelihoodRatio
    supported: str  # "linear" or "quadratic"
    quadratic: MixedFit  # REML fit with the time-squared term
    curvature: float  # coefficient of time squared
    curvature_p: float  # its Satterthwaite t test
    # Time at which the fitted curve turns (vertex), and whether it lies inside the observed times.
    turning_time: float | None
    turns_inside: bool
    residual_bins: tuple[ResidualBin, ...]
    bins_off_zero: int  # bins whose interval excludes zero
    off_zero_times: tuple[float, ...]  # their times
    # Observed time where the observed means peak (curvature < 0) or bottom out (> 0), when that
    # is inside the times (not the first or last bin); None when the means do not turn that way.
    observed_turn: float | None = None
    # Whether the fitted curve's turning time lies next to it (between its neighbouring bins).
    turn_agrees: bool = False
    # Whether the residual bins group neighbouring times (more distinct times than MAX_TIME_BINS),
    # so that a bin is not an observed time and its time is a mean of times.
    binned: bool = False
    # How likely that many bins miss zero by chance (binomial, 5% per bin), and the verdict read
    # from it: the straight line misses the average trajectory whatever the quadratic test says.
    bins_off_zero_p: float = 1.0
    line_misses: bool = False
    # The chosen shape's curve in numbers (levels at named times, the change): curved shapes only.
    curve: CurveSummary | None = None


def bins_off_zero_p(hits: int, bins: int, rate: float = 0.05) -> float:
    """P(at least ``hits`` of ``bins`` 95% intervals exclude zero) when the line fits (binomial).

    With few subjects the quadratic test has little power (Orange: 5 trees, p = 0.074) while the
    residual means at 5 of 7 ages miss zero (p = 6e-6; R's one-mean-per-age LRT: chi2 = 45.9 on 5
    df, p = 1e-8): the line is then inadequate, curved or not.
    """
    from scipy.special import bdtrc  # binomial upper tail: P(X > k)

    return float(bdtrc(hits - 1, bins, rate)) if hits > 0 else 1.0


def line_misses(hits: int, bins: int) -> bool:
    """Do more bins miss zero than chance allows (p below ALPHA)?"""
    return bins_off_zero_p(hits, bins) < ALPHA


def is_binned(time: np.ndarray) -> bool:
    """Are the times many enough to be grouped into bins (see :func:`_bin_keys`)?"""
    return len(np.unique(time)) > MAX_TIME_BINS


def _bin_keys(time: np.ndarray) -> np.ndarray:
    """Distinct times, or equal-count bins when times are many (shared by residuals and means)."""
    import pandas as pd

    if not is_binned(time):
        return time
    return np.asarray(pd.qcut(time, MAX_TIME_BINS, labels=False, duplicates="drop"))


def observed_turn(
    time: np.ndarray, response: np.ndarray, curvature: float, turning: float | None
) -> tuple[float | None, bool]:
    """Where the observed means turn the way the curve bends, and whether the curve turns there.

    The bin with the highest mean (curvature < 0) or the lowest (curvature > 0) counts as a turn
    only inside the times; the curve agrees when its turning time lies between that bin's
    neighbours. The turn is named by the observed time in that bin with the highest (lowest)
    mean: a bin's mean time (4.5 for weeks 4 and 5) was never observed.
    """
    import pandas as pd

    frame = pd.DataFrame({"key": _bin_keys(time), "time": time, "y": response})
    means = frame.groupby("key", sort=True).agg(time=("time", "mean"), y=("y", "mean"))
    times, ys = means["time"].to_numpy(float), means["y"].to_numpy(float)
    if len(ys) < MIN_TIMES or curvature == 0:
        return None, False
    i = int(np.argmax(ys) if curvature < 0 else np.argmin(ys))
    if i in (0, len(ys) - 1):
        return None, False
    agrees = turning is not None and times[i - 1] <= turning <= times[i + 1]
    inside = frame[frame["key"] == means.index[i]].groupby("time")["y"].mean()
    at = inside.idxmax() if curvature < 0 else inside.idxmin()
    return float(at), bool(agrees)


def residual_bins(time: np.ndarray, residuals: np.ndarray) -> tuple[ResidualBin, ...]:
    """Residual means by distinct time, or by equal-count bins when times are many."""
    import pandas as pd

    frame = pd.DataFrame({"key": _bin_keys(time), "time": time, "r": residuals})
    bins = []
    for _, part in frame.groupby("key", sort=True):
        n = len(part)
        mean = float(part["r"].mean())
        se = float(part["r"].std(ddof=1)) / math.sqrt(n) if n > 1 else math.inf
        half = Z95 * se
        bins.append(ResidualBin(float(part["time"].mean()), n, mean, mean - half, mean + half))
    return tuple(bins)


def check_trend(frame: pd.DataFrame, choice: ModelChoice, *, engine: str) -> Trend | None:
    """Fit the quadratic trend with the chosen random effects and compare by ML.

    None with fewer than 3 distinct times (a pre/post design): a curve cannot be told from a line.
    """
    if frame["time"].nunique() < MIN_TIMES:
        return None
    from reportgen.analysis.mixed import fit_model
    from reportgen.analysis.model_matrix import build_model_matrix
    from reportgen.analysis.shape import compared_fit
    from reportgen.analysis.time_basis import QUADRATIC

    random, covariance, origin = random_structure(choice)

    def fit(quadratic: bool, reml: bool) -> MixedFit:
        design = build_model_matrix(frame, quadratic=quadratic)
        return fit_model(
            frame, design, random=random, covariance=covariance, reml=reml, engine=engine, time_origin=origin
        )

    # The straight line by ML is the chosen model's own ML fit, when the choice made one; the
    # quadratic by ML is the shape comparison's candidate when it had these random effects.
    line = choice.straight_ml or fit(False, False)
    compared = compared_fit(choice.shapes, QUADRATIC, (random, covariance, origin), line)
    if compared is not None:
        lrt = loglik_ratio(line.loglik, compared.loglik, 1, boundary=False)
    else:
        lrt = likelihood_ratio(line, fit(True, False), 1, boundary=False)
    quadratic = fit(True, True)
    names = list(quadratic.coefficients)
    square = next(name for name in names if "^2" in name or "**2" in name)
    b1, b2 = quadratic.slope.estimate, quadratic.coefficients[square].estimate
    time = frame["time"].to_numpy(float)
    turning = -b1 / (2 * b2) if b2 != 0 else None
    inside = turning is not None and float(time.min()) < turning < float(time.max())
    response = frame["response"].to_numpy(float)
    bins = residual_bins(time, response - choice.straight.fitted)
    turn, agrees = observed_turn(time, response, b2, turning)
    off = sum(1 for b in bins if b.ci_low > 0 or b.ci_high < 0)
    return Trend(
        quadratic_lrt=lrt,
        supported="quadratic" if lrt.p < ALPHA else "linear",
        quadratic=quadratic,
        curvature=b2,
        curvature_p=quadratic.coefficients[square].p,
        turning_time=turning,
        turns_inside=inside,
        residual_bins=bins,
        bins_off_zero=off,
        off_zero_times=tuple(b.time for b in bins if b.ci_low > 0 or b.ci_high < 0),
        observed_turn=turn,
        turn_agrees=agrees,
        binned=is_binned(time),
        bins_off_zero_p=bins_off_zero_p(off, len(bins)),
        line_misses=line_misses(off, len(bins)),
        curve=_curve(choice, time, response, frame["group"].to_numpy()),
    )


def _curve(
    choice: ModelChoice, time: np.ndarray, response: np.ndarray, groups: np.ndarray
) -> CurveSummary | None:
    """The chosen curve's levels and change, and what was measured at its named times (None for a
    straight line)."""
    from dataclasses import replace

    from reportgen.analysis.measured_levels import measured_at
    from reportgen.analysis.shape import summarise_curve
    from reportgen.analysis.time_basis import chosen_shape

    if choice.shapes is None or not choice.shapes.curved:
        return None
    curve = summarise_curve(choice.fit, chosen_shape(choice.shapes, time), time)
    fitted = choice.fit.fitted if len(choice.fit.fitted) == len(time) else None
    return replace(curve, measured=measured_at(time, response, curve.times, groups, fitted))
