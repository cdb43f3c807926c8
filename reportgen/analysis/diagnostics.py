"""Residual and random-effect diagnostics of a mixed model, as numbers the narrative can judge.

Every check is a function of a fitted model and the frame it was fitted to, so the same
checks run on whichever model the tests support. Each check carries a statistic and a p-value
(or an expected count), so a verdict can take the sample size into account: a rank correlation
of 0.23 is noise with 20 rows and a clear funnel with 578.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.inference import Z95
from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.spread import (
    LOG,
    LogScale,
    SpreadByTime,
    SpreadTest,
    curve_change,
    log_scale_of,
    named_as_log,
    spread_by_covariate,
    spread_by_time,
    spread_pattern,
    spread_remedy,
)

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from reportgen.analysis.selection import ModelChoice

# Two-sided normal tail beyond 3 standard deviations: 2 * (1 - Phi(3)).
BEYOND_3 = 0.0026997960632601866
# A smooth of the residual mean uses each distinct time when there are at most this many,
# otherwise this many bins of equal counts.
SMOOTH_BINS = 12


@dataclass(frozen=True)
class RankTrend:
    """Spearman's rank correlation of |residual| with something, and its p-value."""

    rho: float
    p: float
    n: int


@dataclass(frozen=True)
class Smooth:
    """Residual mean at each time (or time bin), with a 95% band from the between-subject spread."""

    time: tuple[float, ...]
    mean: tuple[float, ...]
    band: tuple[float, ...]  # half-width


@dataclass(frozen=True)
class Diagnostics:
    """Summaries behind the diagnostic plots."""

    residual_excess_kurtosis: float
    residual_skew: float
    # Spearman correlation of |residual| with the fitted value: > 0 is a widening funnel.
    funnel_rho: float
    funnel_p: float
    spread_time_rho: float
    spread_time_p: float
    positive_response: bool  # every response > 0: a log scale is available as a remedy
    outliers: int  # standardized residuals beyond +-3
    outliers_expected: float  # under normality: n * P(|Z| > 3)
    outliers_p: float  # Poisson P(X >= outliers) at the expected count
    kurtosis_se: float  # sqrt(24 / n), the large-sample standard error under normality
    # Curvature: quadratic trend of the residuals in centred time, with a subject-clustered SE.
    curvature_t: float
    curvature_p: float
    curvature_size: float  # range of the fitted quadratic over the data, in residual SDs
    serial_corr: float  # lag-1 correlation of consecutive residuals of the same subject
    serial_p: float
    serial_pairs: int
    # The series the lag-1 pairs run in: "" the subject, a covariate name (each subject x level of
    # it is its own series), or "skipped" (a subject has several observations at one time that no
    # covariate separates: consecutive residuals would pair observations made at the same time).
    serial_series: str
    intercept_excess_kurtosis: float
    slope_excess_kurtosis: float | None
    smooth: Smooth
    n: int
    # Spread (reportgen.analysis.spread): Brown-Forsythe over time bins and across each categorical
    # covariate's levels, the pattern and remedy rule codes, and the log scale's check (a preview
    # refit when a log response is the remedy, the report's own model with --log-response).
    spread_by_time: SpreadByTime | None = None
    spread_by_covariate: dict[str, SpreadTest] = field(default_factory=dict)
    spread_pattern: str = "constant"
    spread_remedy: str = "none"
    spread_log: LogScale | None = None
    # Which test says whether the residual mean stays level over time: "quadratic" (the
    # curvature_* fields: a straight line's residuals) or "binned" (a curved model's: a quadratic
    # in time is fitted already, so its residuals have no quadratic trend by construction). The
    # binned test counts the smooth's means whose 95% band excludes zero (smooth_off_zero) and
    # its binomial p at 5% per bin (trend.bins_off_zero_p: the trend check's line_misses test).
    residual_means_test: str = "quadratic"
    smooth_bins: int = 0
    smooth_off_zero: int = 0
    smooth_off_zero_p: float = 1.0
    # The lag-1 correlation independent errors give these residuals (expected_serial_correlation:
    # negative, as each subject's line is fitted to its own points), and the p of serial_corr
    # against it (Fisher's z): the test of independence is against this value, not against 0.
    serial_expected: float = math.nan
    serial_expected_p: float = math.nan


def smooth_off_zero(smooth: Smooth) -> tuple[int, float]:
    """How many of the smooth's means miss zero (band excludes it), and how likely that many by
    chance when the model fits (binomial, 5% per mean)."""
    from reportgen.analysis.trend import bins_off_zero_p

    off = sum(1 for m, b in zip(smooth.mean, smooth.band, strict=True) if b > 0 and abs(m) > b)
    return off, bins_off_zero_p(off, len(smooth.mean))


def _moments(values: np.ndarray) -> tuple[float, float]:
    """Skewness and excess kurtosis from central moments (the biased estimators)."""
    if len(values) < 4 or np.std(values) == 0:
        return 0.0, 0.0
    # Standardized first: the same estimators, but powers of values near 1 cannot overflow.
    z = (values - values.mean()) / np.std(values)
    return float(np.mean(z**3)), float(np.mean(z**4)) - 3.0


def _t_pvalue(t: float, df: float) -> float:
    """Two-sided p of a t statistic (scipy.special: scipy.stats is slow to import)."""
    from scipy.special import stdtr

    if not math.isfinite(t):
        return 0.0
    return float(2 * stdtr(df, -abs(t)))


def rank_trends(size: np.ndarray, *against: np.ndarray) -> tuple[RankTrend, ...]:
    """Spearman's rho of ``size`` against each array (Pearson on average ranks, ``size`` ranked
    once), with the t approximation for its p-value."""
    import pandas as pd

    n = len(size)
    size_ranks = None
    trends = []
    for other in against:
        if n < 4 or np.ptp(other) == 0 or np.ptp(size) == 0:
            trends.append(RankTrend(0.0, 1.0, n))
            continue
        if size_ranks is None:
            size_ranks = pd.Series(size).rank().to_numpy()
        rho = float(np.corrcoef(size_ranks, pd.Series(other).rank().to_numpy())[0, 1])
        if abs(rho) >= 1:
            trends.append(RankTrend(rho, 0.0, n))
            continue
        t = rho * math.sqrt((n - 2) / (1 - rho**2))
        trends.append(RankTrend(rho, _t_pvalue(t, n - 2), n))
    return tuple(trends)


def outlier_tail_p(observed: int, expected: float) -> float:
    """P(X >= observed) for X ~ Poisson(expected): how surprising this many outliers are."""
    from scipy.special import pdtrc

    if observed <= 0:
        return 1.0
    return float(pdtrc(observed - 1, expected))


def curvature(residuals: np.ndarray, time: np.ndarray, groups: np.ndarray) -> tuple[float, float, float]:
    """Quadratic trend of the residuals in time: (t, p, size in residual SDs).

    Least squares of residual on 1, t, t^2 (t centred and scaled), with a cluster-robust
    (sandwich) standard error by subject, since residuals of one subject are not independent.
    """
    sd = float(np.std(residuals))
    if np.ptp(time) == 0 or sd == 0:
        return 0.0, 1.0, 0.0
    tc = (time - time.mean()) / np.ptp(time)
    x = np.column_stack([np.ones_like(tc), tc, tc**2])
    if len(np.unique(tc)) < 3:
        return 0.0, 1.0, 0.0
    bread = np.linalg.inv(x.T @ x)
    beta = bread @ x.T @ residuals
    e = residuals - x @ beta
    codes = np.unique(groups, return_inverse=True)[1]
    k = int(codes.max()) + 1
    scores = np.column_stack([np.bincount(codes, weights=x[:, j] * e, minlength=k) for j in range(3)])
    meat = scores.T @ scores * (k / max(k - 1, 1))
    cov = bread @ meat @ bread
    se = math.sqrt(cov[2, 2]) if cov[2, 2] > 0 else 0.0
    t = float(beta[2] / se) if se > 0 else 0.0
    grid = np.linspace(tc.min(), tc.max(), 50)
    quad = beta[1] * grid + beta[2] * grid**2
    return t, _t_pvalue(t, max(k - 1, 1)), float(np.ptp(quad) / sd)


def serial_correlation(
    residuals: np.ndarray, time: np.ndarray, groups: np.ndarray
) -> tuple[float, float, int]:
    """Lag-1 correlation of consecutive residuals within subjects (time order): (r, p, pairs)."""
    import pandas as pd

    frame = pd.DataFrame({"r": residuals, "t": time, "g": groups}).sort_values(["g", "t"], kind="stable")
    previous = frame.groupby("g", sort=False)["r"].shift(1)
    pairs = frame.assign(previous=previous).dropna(subset=["previous"])
    n = len(pairs)
    if n < 4 or pairs["r"].std() == 0 or pairs["previous"].std() == 0:
        return 0.0, 1.0, n
    r = float(np.corrcoef(pairs["r"], pairs["previous"])[0, 1])
    r = max(min(r, 0.999999), -0.999999)
    t = r * math.sqrt((n - 2) / (1 - r**2))
    return r, _t_pvalue(t, n - 2), n


def expected_serial_correlation(
    fit: MixedFit, time: np.ndarray, groups: np.ndarray, series: np.ndarray | None = None
) -> float:
    """The lag-1 correlation the conditional residuals have when the errors are independent.

    The residuals y - X beta - Z b are sigma^2 V^-1 (y - X beta), so under the model their covariance
    within a subject is sigma^4 V_i^-1 (less a term of order p / n for the fixed effects'
    estimation, left out), V_i = Z_i G Z_i' + sigma^2 I. The expected correlation of consecutive
    residuals is then sum_pairs V^-1[j, j+1] / sqrt(sum V^-1[j, j] * sum V^-1[j+1, j+1]). For a
    random intercept with m visits it is -lambda / (m - lambda), lambda = m tau^2 / (m tau^2 +
    sigma^2) the shrinkage of the subject's mean: about -1 / (m - 1) when subjects differ much.
    V_i^-1 comes from the push-through identity sigma^-2 (I - Z_i A_i Z_i'), A_i = G (sigma^2 I +
    Z_i' Z_i G)^-1, which holds for a singular G too. ``series``: pairs run within it (as
    :func:`serial_correlation` pairs them); nan without pairs or for random terms other than a
    subject's intercept and slope in time.
    """
    import pandas as pd

    q = len(fit.random_names)
    if q not in (1, 2) or fit.residual_var <= 0:
        return math.nan
    frame = pd.DataFrame({"g": groups, "s": groups if series is None else series, "t": time})
    frame = frame.sort_values(["g", "s", "t"], kind="stable").reset_index(drop=True)
    z = np.ones((len(frame), q))
    if q == 2:
        z[:, 1] = frame["t"].to_numpy(float) - fit.time_origin
    codes = pd.factorize(frame["g"])[0]
    ztz = np.zeros((codes.max() + 1, q, q))
    np.add.at(ztz, codes, z[:, :, None] * z[:, None, :])
    g_cov = np.asarray(fit.re_cov, float).reshape(q, q)
    a = g_cov @ np.linalg.inv(fit.residual_var * np.eye(q) + ztz @ g_cov)  # one A_i per subject
    az = np.einsum("rij,rj->ri", a[codes], z)  # A_i z_j, one row a residual
    same = (frame["s"].to_numpy()[1:] == frame["s"].to_numpy()[:-1]) & (codes[1:] == codes[:-1])
    if not same.any():
        return math.nan
    diag = 1.0 - np.einsum("ri,ri->r", z, az)  # sigma^2 V^-1[j, j]
    off = -np.einsum("ri,ri->r", z[:-1], az[1:])  # sigma^2 V^-1[j, j+1] (A_i is symmetric)
    return float(off[same].sum() / math.sqrt(diag[:-1][same].sum() * diag[1:][same].sum()))


def serial_departure_p(r: float, expected: float, pairs: int) -> float:
    """Two-sided p of the lag-1 correlation against its expected value (Fisher's z, pairs - 3 df)."""
    if pairs < 4 or not (math.isfinite(r) and math.isfinite(expected)):
        return math.nan
    from scipy.special import ndtr  # the normal CDF: scipy.stats costs 0.4 CPU-s to import

    clip = 0.999999
    z = (math.atanh(max(min(r, clip), -clip)) - math.atanh(max(min(expected, clip), -clip))) * math.sqrt(
        pairs - 3
    )
    return float(2 * ndtr(-abs(z)))  # scipy.stats.norm.sf(|z|) is ndtr(-|z|)


def residual_smooth(residuals: np.ndarray, time: np.ndarray, groups: np.ndarray) -> Smooth:
    """Mean residual per distinct time (or per bin of times), with a 95% band.

    The band uses the spread of subject means within each time point, so subjects, not rows,
    are the unit (a binned mean is a smooth that needs no extra library and says what it is).
    """
    import pandas as pd

    times = np.unique(time)
    if len(times) <= SMOOTH_BINS * 2:
        key = time
    else:
        edges = np.unique(np.quantile(time, np.linspace(0, 1, SMOOTH_BINS + 1)))
        key = np.digitize(time, edges[1:-1], right=True)
    frame = pd.DataFrame({"r": residuals, "t": time, "g": groups, "k": key})
    per_subject = frame.groupby(["k", "g"], sort=True).agg(r=("r", "mean"), t=("t", "mean")).reset_index()
    out_t, out_m, out_b = [], [], []
    for _, part in per_subject.groupby("k", sort=True):
        values = part["r"].to_numpy(float)
        out_t.append(float(part["t"].mean()))
        out_m.append(float(values.mean()))
        se = float(values.std(ddof=1) / math.sqrt(len(values))) if len(values) > 1 else 0.0
        out_b.append(Z95 * se)
    return Smooth(tuple(out_t), tuple(out_m), tuple(out_b))


def measurement_series(frame: pd.DataFrame, covariates: tuple[str, ...]) -> tuple[np.ndarray | None, str]:
    """The unit measured repeatedly over time: the subject, or subject x covariate level(s).

    Returns the series labels (None when the subject is the series) and what they are ("", the
    covariate names joined by " × ", or "skipped" when times still repeat within a series).
    """
    import pandas as pd

    if not frame.duplicated(["group", "time"]).any():
        return None, ""
    split = [c for c in covariates if frame.groupby(["group", "time"])[c].nunique().max() > 1]
    if not split:
        return None, "skipped"
    labels = frame["group"].astype(str)
    for column in split:
        labels = labels + "\x1f" + frame[column].astype(str)
    if pd.DataFrame({"s": labels, "t": frame["time"]}).duplicated().any():
        return None, "skipped"
    return labels.to_numpy(str), " × ".join(split)


def _levels_at(fit: MixedFit, at: float) -> np.ndarray:
    """The predicted random levels at time ``at`` (b0 + (at - origin) b1)."""
    levels = fit.random_effects[:, 0]
    if fit.random_slope:
        return levels + (at - fit.time_origin) * fit.random_effects[:, 1]
    return levels


def diagnose(
    fit: MixedFit,
    frame: pd.DataFrame,
    covariates: tuple[str, ...] = (),
    *,
    at: float = 0.0,
    engine: str | None = None,
    response_names: tuple[str, ...] = (),
    log_response: bool = False,
    choice: ModelChoice | None = None,
    serial_expectation: Callable[[np.ndarray, np.ndarray, np.ndarray | None], float] | None = None,
) -> Diagnostics:
    """Conditional residuals y - (X beta + Z b) and the predicted random effects.

    The lag-1 correlation runs within each series of :func:`measurement_series`; the random
    levels are read at time ``at`` (the first observed time), as the report shows them. The
    spread checks are :func:`check_spread`'s (``engine``: refit on the log scale when that is the
    remedy; ``response_names``: the response's column and label, which may say it is a log
    already; ``log_response``: the response is log(response) already, by --log-response;
    ``choice``: the choice ``fit`` belongs to, whose straight line and curve the log scale's
    ratios read; ``serial_expectation``: the lag-1 correlation independent errors give these residuals, as a
    function of (time, subject codes, series), when ``fit``'s own random part does not say it: the
    model with every level's, :mod:`reportgen.analysis.level_residuals`).
    """
    import pandas as pd

    y = frame["response"].to_numpy(float)
    time = frame["time"].to_numpy(float)
    # Group codes in the order of the sorted ids: the checks only group by them (hashing 1M ids
    # once, instead of sorting them as text in every check).
    groups = pd.factorize(frame["group"], sort=True)[0]
    residuals = y - fit.fitted
    standardized = residuals / np.sqrt(fit.residual_var)
    skewness, kurt = _moments(standardized)
    size = np.abs(residuals)
    funnel, over_time = rank_trends(size, fit.fitted, time)
    n = len(residuals)
    outliers = int(np.sum(np.abs(standardized) > 3))
    expected = n * BEYOND_3
    curve_t, curve_p, curve_size = curvature(residuals, time, groups)
    smooth = residual_smooth(residuals, time, groups)
    off, off_p = smooth_off_zero(smooth)
    curved = choice is not None and choice.shape != "linear"
    spread = check_spread(
        fit,
        frame,
        covariates,
        (funnel.rho, funnel.p),
        engine=engine,
        log_scale=log_response or named_as_log(*response_names),
        log_response=log_response,
        choice=choice,
    )
    series, serial_series = measurement_series(frame, covariates)
    if serial_series == "skipped":  # not computed: null in results.json, no verdict either way
        serial, serial_p, pairs = math.nan, math.nan, 0
    else:
        serial, serial_p, pairs = serial_correlation(residuals, time, groups if series is None else series)
    skipped = serial_series == "skipped"
    expectation = serial_expectation or (lambda t, g, s: expected_serial_correlation(fit, t, g, s))
    serial_expected = math.nan if skipped else expectation(time, groups, series)
    return Diagnostics(
        residual_excess_kurtosis=kurt,
        residual_skew=skewness,
        funnel_rho=funnel.rho,
        funnel_p=funnel.p,
        spread_time_rho=over_time.rho,
        spread_time_p=over_time.p,
        positive_response=bool(np.all(y > 0)),
        outliers=outliers,
        outliers_expected=expected,
        outliers_p=outlier_tail_p(outliers, expected),
        kurtosis_se=math.sqrt(24.0 / n) if n else math.inf,
        curvature_t=curve_t,
        curvature_p=curve_p,
        curvature_size=curve_size,
        serial_corr=serial,
        serial_p=serial_p,
        serial_pairs=pairs,
        serial_series=serial_series,
        intercept_excess_kurtosis=_moments(_levels_at(fit, at))[1],
        slope_excess_kurtosis=_moments(fit.random_effects[:, 1])[1] if fit.random_slope else None,
        smooth=smooth,
        n=n,
        **spread,
        residual_means_test="binned" if curved else "quadratic",
        smooth_bins=len(smooth.mean),
        smooth_off_zero=off,
        smooth_off_zero_p=off_p,
        serial_expected=serial_expected,
        serial_expected_p=serial_departure_p(serial, serial_expected, pairs),
    )


def check_spread(
    fit: MixedFit,
    frame: pd.DataFrame,
    covariates: tuple[str, ...],
    funnel: tuple[float, float],
    *,
    engine: str | None,
    log_scale: bool,
    log_response: bool,
    choice: ModelChoice | None = None,
) -> dict[str, Any]:
    """The spread fields of :class:`Diagnostics` (see :mod:`reportgen.analysis.spread`)."""
    y = frame["response"].to_numpy(float)
    residuals = y - fit.fitted
    by_time = spread_by_time(residuals, frame["time"].to_numpy(float), y)
    by_covariate = spread_by_covariate(residuals, frame, covariates)
    pattern = spread_pattern(by_time, *funnel, by_covariate)
    binary = len(np.unique(y)) == 2 and set(np.unique(y)) <= {0.0, 1.0}
    remedy = spread_remedy(
        pattern, positive=bool(np.all(y > 0)), log_scale=log_scale, log_applied=log_response, binary=binary
    )
    log = None
    if log_response:
        if choice is None:
            log = log_scale_of(fit.slope.estimate, "", by_time, pattern, applied=True)
        else:
            time = frame["time"].to_numpy(float)
            log = log_scale_of(
                choice.straight.slope.estimate,
                "",
                by_time,
                pattern,
                applied=True,
                shape=choice.shape,
                range_change=curve_change(choice, time),
            )
    elif remedy == LOG and engine is not None:
        period = choice.shapes.period if choice is not None and choice.shapes is not None else None
        log = preview_log_scale(frame, engine=engine, period=period)
    return {
        "spread_by_time": by_time,
        "spread_by_covariate": by_covariate,
        "spread_pattern": pattern,
        "spread_remedy": remedy,
        "spread_log": log,
    }


def preview_log_scale(frame: pd.DataFrame, *, engine: str, period: float | None = None) -> LogScale:
    """Refit the supported model to log(response) and check its spread over time (a preview of
    ``--log-response``; the response must be positive), with the same candidate shapes (``period``:
    the cycle's length when a harmonic was one)."""
    from reportgen.analysis.shape import fit_supported_model

    logged = frame.assign(response=np.log(frame["response"].to_numpy(float)))
    choice = fit_supported_model(logged, engine=engine, period=period).choice
    y = logged["response"].to_numpy(float)
    residuals = y - choice.fit.fitted
    spread = spread_by_time(residuals, logged["time"].to_numpy(float), y)
    (funnel,) = rank_trends(np.abs(residuals), choice.fit.fitted)
    pattern = spread_pattern(spread, funnel.rho, funnel.p)
    # The straight line's slope (a curve's first column is no slope: a spline basis's or the
    # linear term beside time squared); a curve is said by its change over the observed range.
    return log_scale_of(
        choice.straight.slope.estimate,
        choice.model,
        spread,
        pattern,
        applied=False,
        shape=choice.shape,
        range_change=curve_change(choice, logged["time"].to_numpy(float)),
    )
