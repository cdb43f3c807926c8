"""Q3 and Q4: one least-squares line for everybody, and one per subject."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


@dataclass(frozen=True)
class Coefficient:
    """One estimated coefficient with its uncertainty."""

    estimate: float
    se: float
    stat: float
    p: float
    ci_low: float
    ci_high: float
    # Degrees of freedom of the t test (Satterthwaite's for mixed models); inf means a z test.
    df: float = math.inf


def t_coefficient(estimate: float, se: float, df: float) -> Coefficient:
    """A coefficient with its t statistic, two-sided p and 95% interval from t(df) (df = inf: normal)."""
    from scipy.special import stdtr, stdtrit  # Student t CDF and its inverse (scipy.stats is slow to import)

    stat = estimate / se if se > 0 else math.inf
    quantile = float(stdtrit(df, 0.975))
    p = float(2 * stdtr(df, -abs(stat)))
    return Coefficient(estimate, se, stat, p, estimate - quantile * se, estimate + quantile * se, df)


@dataclass(frozen=True)
class OlsFit:
    """Q3: response ~ time by ordinary least squares."""

    intercept: Coefficient
    slope: Coefficient
    r_squared: float
    n: int
    residual_sd: float
    # Share of the residual variance explained by subject means: how much of the
    # scatter around the single line is subject-to-subject difference.
    between_subject_share: float


@dataclass(frozen=True)
class Line:
    """A subject's own straight line (least squares, like ``np.polyfit(time, y, 1)``)."""

    intercept: float
    slope: float
    n: int

    def at(self, time: float) -> float:
        """The line's value at ``time`` (its level there; the intercept at time 0)."""
        return self.intercept + self.slope * time


def fit_ols(frame: pd.DataFrame) -> OlsFit:
    """Fit response ~ time on all rows, ignoring subjects, with t-based inference.

    numpy's least squares and scipy's t distribution give what statsmodels' OLS reports
    (the seminar's code shows that; the tests compare with lme4's published figures), without
    importing statsmodels on every build.
    """
    import numpy as np
    from scipy.special import stdtr, stdtrit  # Student t CDF and its inverse

    t = frame["time"].to_numpy(float)
    y = frame["response"].to_numpy(float)
    design = np.column_stack([np.ones_like(t), t])
    beta, *_ = np.linalg.lstsq(design, y, rcond=None)
    fitted = design @ beta
    rss = float(np.sum((y - fitted) ** 2))
    dof = len(y) - 2
    sigma2 = rss / dof
    cov = sigma2 * np.linalg.inv(design.T @ design)
    quantile = float(stdtrit(dof, 0.975))

    def coefficient(i: int) -> Coefficient:
        se = math.sqrt(cov[i, i])
        stat = beta[i] / se if se > 0 else math.inf
        return Coefficient(
            estimate=float(beta[i]),
            se=se,
            stat=float(stat),
            p=float(2 * stdtr(dof, -abs(stat))),
            ci_low=float(beta[i] - quantile * se),
            ci_high=float(beta[i] + quantile * se),
            df=float(dof),
        )

    residuals = frame["response"] - fitted
    by_subject = residuals.groupby(frame["group"]).transform("mean")
    total = float((residuals**2).sum())
    share = float((by_subject**2).sum()) / total if total > 0 else 0.0
    return OlsFit(
        intercept=coefficient(0),
        slope=coefficient(1),
        r_squared=1.0 - rss / float(np.sum((y - y.mean()) ** 2)),
        n=len(y),
        residual_sd=math.sqrt(sigma2),
        between_subject_share=share,
    )


def fit_subject_lines(frame: pd.DataFrame) -> dict[str, Line]:
    """Every subject's own line, from per-group sums (one pass, no Python loop over rows).

    Subjects with fewer than two distinct time points have no line and are left out.
    """
    t, y = frame["time"], frame["response"]
    sums = (
        frame.assign(tt=t * t, ty=t * y)
        .groupby("group", sort=False)
        .agg(
            n=("time", "size"),
            st=("time", "sum"),
            sy=("response", "sum"),
            stt=("tt", "sum"),
            sty=("ty", "sum"),
            distinct=("time", "nunique"),
        )
    )
    sums = sums[sums["distinct"] >= 2]
    sxx = sums["stt"] - sums["st"] ** 2 / sums["n"]
    sxy = sums["sty"] - sums["st"] * sums["sy"] / sums["n"]
    slope = sxy / sxx
    intercept = (sums["sy"] - slope * sums["st"]) / sums["n"]
    # Plain lists, not Series lookups: one dict entry per subject, 100,000 subjects in well under a second.
    return {
        str(g): Line(intercept=a, slope=b, n=n)
        for g, a, b, n in zip(
            sums.index.tolist(),
            intercept.tolist(),
            slope.tolist(),
            sums["n"].astype(int).tolist(),
            strict=True,
        )
    }
