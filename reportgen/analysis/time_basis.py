"""The candidate shapes of the trend and their time columns: straight, quadratic, log(time), R's
natural cubic splines ``splines::ns(time, df)`` and, when the cycle's period is known, a harmonic
(one sine and one cosine wave of that period), each named as lme4 names its columns; and the record
of comparing them. Which shape is chosen, and how, is :mod:`reportgen.analysis.shape`; the model
matrices build on these columns (:mod:`reportgen.analysis.model_matrix`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

LINEAR = "linear"
QUADRATIC = "quadratic"
LOG = "log"
HARMONIC = "harmonic"
SPLINE_DF = (2, 3, 4)
LOG_SPAN = 10.0  # log(time) is a candidate when max/min of the (positive) times reaches this


def ns_basis(
    x: Array, df: int, knots: Array | None = None, boundary: tuple[float, float] | None = None
) -> Array:
    """R's ``splines::ns(x, df)`` (no intercept column): a natural cubic spline basis.

    Interior knots at the quantiles ``1/df, ..., (df-1)/df`` of ``x`` (R's type 7, numpy's
    default), boundary knots at its range unless given. The B-spline basis of the knots loses its
    first column, then is projected (by the QR decomposition of the second derivatives at the
    boundary knots, as R does) onto the splines that are linear beyond the boundary.
    Inside the boundary only: the report never evaluates a shape outside the observed times.
    """
    from scipy.interpolate import BSpline

    x = np.asarray(x, dtype=float)
    if boundary is None:
        boundary = (float(np.min(x)), float(np.max(x)))
    if knots is None:
        knots = np.quantile(x, np.arange(1, df) / df) if df > 1 else np.empty(0)
    low, high = boundary
    t = np.concatenate([[low] * 4, np.sort(np.asarray(knots, dtype=float)), [high] * 4])
    n_basis = len(t) - 4
    spline = BSpline(t, np.eye(n_basis), 3, extrapolate=True)
    const = spline(np.array([low, high]), nu=2)[:, 1:]
    q, _ = np.linalg.qr(const.T, mode="complete")
    # Evaluated once per distinct time, then spread to the rows (a million rows have a few times).
    distinct, rows = np.unique(x, return_inverse=True)
    return np.asarray((spline(distinct)[:, 1:] @ q[:, 2:])[rows.reshape(-1)])


@dataclass(frozen=True)
class Shape:
    """One trend shape: its name, the time columns it adds (lme4 names) and how to compute them.

    ``term`` is the lme4 term for the formula (``splines::ns(time, 3)``); ``names`` are the
    columns' names as R's ``model.matrix`` gives them (``splines::ns(time, 3)1`` ..); ``columns``
    maps times to those columns (knots fixed at the data's).
    """

    name: str
    term: str
    names: tuple[str, ...]
    columns: Callable[[Array], Array]
    period: float | None = None  # the harmonic's cycle length (None for the other shapes)

    @property
    def linear(self) -> bool:
        return self.name == LINEAR


def harmonic_terms(label: str, period: float) -> tuple[str, str]:
    """The harmonic's two columns as R's ``model.matrix`` names them: ``sin(2 * pi * Time)``,
    ``cos(2 * pi * Time)`` for a period of 1, else ``sin(2 * pi * Time/24)`` (R's deparse puts no
    spaces around ``/``)."""
    length = repr(int(period)) if float(period).is_integer() else repr(float(period))
    inside = f"2 * pi * {label}" if period == 1 else f"2 * pi * {label}/{length}"
    return f"sin({inside})", f"cos({inside})"


def make_shape(name: str, time: Array, label: str = "time", period: float | None = None) -> Shape:
    """The shape called ``name`` (linear, quadratic, log, harmonic, spline2..) for these times.

    ``label`` is the time column's name in the formula (the internal ``time`` by default);
    ``period`` the cycle's length in units of time, which the harmonic needs.
    """
    time = np.asarray(time, dtype=float)
    if name == HARMONIC:
        if period is None:
            raise ValueError("the harmonic shape needs the cycle's period")
        omega = 2 * np.pi / period
        sine, cosine = harmonic_terms(label, period)

        def waves(t: Array) -> Array:
            angle = omega * np.asarray(t, dtype=float)
            return np.column_stack([np.sin(angle), np.cos(angle)])

        return Shape(name, f"{sine} + {cosine}", (sine, cosine), waves, period)
    if name == LINEAR:
        return Shape(name, label, (label,), lambda t: np.asarray(t, dtype=float)[:, None])
    if name == QUADRATIC:
        square = f"I({label}^2)"

        def quadratic(t: Array) -> Array:
            t = np.asarray(t, dtype=float)
            return np.column_stack([t, t * t])

        return Shape(name, f"{label} + {square}", (label, square), quadratic)
    if name == LOG:
        term = f"log({label})"
        return Shape(name, term, (term,), lambda t: np.log(np.asarray(t, dtype=float))[:, None])
    if name.startswith("spline") and name[6:].isdigit():
        df = int(name[6:])
        knots = np.quantile(time, np.arange(1, df) / df)
        boundary = (float(time.min()), float(time.max()))
        term = f"splines::ns({label}, {df})"
        return Shape(
            name,
            term,
            tuple(f"{term}{k}" for k in range(1, df + 1)),
            lambda t: ns_basis(np.asarray(t, dtype=float), df, knots, boundary),
        )
    raise ValueError(f"unknown trend shape {name!r}")


def candidates(time: Array, period: float | None = None) -> tuple[str, ...]:
    """The shapes these times can tell apart, simplest first (see the module docstring); the
    harmonic only when the cycle's ``period`` is given (:func:`harmonic_allowed`)."""
    time = np.asarray(time, dtype=float)
    distinct = len(np.unique(time))
    names = [LINEAR]
    if distinct < 3:
        return tuple(names)
    if time.min() > 0 and time.max() / time.min() >= LOG_SPAN:
        names.append(LOG)
    names.append(QUADRATIC)
    if period is not None and harmonic_allowed(time, period):
        names.append(HARMONIC)
    # A spline of df columns needs more distinct times than its df + 1 coefficients, and distinct
    # interior knots strictly inside the range (ties at a few times can make quantiles coincide).
    names += [f"spline{df}" for df in SPLINE_DF if spline_allowed(time, df)]
    return tuple(names)


def harmonic_allowed(time: Array, period: float) -> bool:
    """Can these times fit a sine and cosine of this period: at least three distinct phases of the
    cycle (times a whole period apart are one phase, and would make the two columns collinear)?"""
    from reportgen.period_check import cycle_phases  # shared with the check at cleaning

    return cycle_phases(time, period) >= 3


def spline_allowed(time: Array, df: int) -> bool:
    """Can these times fit ``ns(time, df)``: more distinct times than its df + 1 coefficients, and
    distinct interior knots strictly inside the range?"""
    time = np.asarray(time, dtype=float)
    return len(np.unique(time)) > df + 1 and _knots_apart(time, df)


def _knots_apart(time: Array, df: int) -> bool:
    """Are ns()'s interior knots for ``df`` distinct and strictly inside the times' range?"""
    knots = np.quantile(time, np.arange(1, df) / df)
    return bool(np.all(np.diff(knots) > 0) and knots[0] > time.min() and knots[-1] < time.max())


@dataclass(frozen=True)
class ShapeFit:
    """One shape's ML fit: log-likelihood, AIC and parameters (df, as lme4's logLik counts them)."""

    loglik: float
    aic: float
    df: int


@dataclass(frozen=True)
class ShapeComparison:
    """Every candidate's fit and the shape the rule picks."""

    shape: str
    fits: dict[str, ShapeFit]
    # The random effects every candidate was fitted with (selection's rule codes): correlated
    # random slopes, or the random intercept when their straight-line fit failed.
    random: str = "random_slope"
    # The cycle's period the harmonic candidate was built with (None: no harmonic was a candidate).
    period: float | None = None

    @property
    def curved(self) -> bool:
        return self.shape != LINEAR


def relabel(column: str, label: str) -> str:
    """A time column's lme4 name with the time variable called ``label``.

    ``time`` -> ``Days``, ``I(time^2)`` -> ``I(Days^2)``, ``log(time)`` -> ``log(Dose)``,
    ``splines::ns(time, 3)2`` -> ``splines::ns(Time, 3)2``, ``sin(2 * pi * time)`` ->
    ``sin(2 * pi * Time)``; other names are returned as they are.
    """
    import re

    if column == "time":
        return label
    found = re.fullmatch(
        r"(I\(|log\(|splines::ns\(|(?:sin|cos)\(2 \* pi \* )time(\^2\)|\)|/[\d.e+-]+\)|, \d+\)\d*)", column
    )
    return f"{found[1]}{label}{found[2]}" if found else column


def chosen_shape(shapes: ShapeComparison | None, time: Array, label: str = "time") -> Shape:
    """The shape a comparison picked (a straight line without one), built for these times with the
    harmonic's period."""
    if shapes is None:
        return make_shape(LINEAR, time, label)
    return make_shape(shapes.shape, time, label, period=shapes.period)
