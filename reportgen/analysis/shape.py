"""The shape of the trend: linear, quadratic, log(time) or a natural cubic spline, chosen by ML.

Candidates (each a set of fixed time columns beside the intercept):

- ``linear``: time;
- ``log``: log(time), only when every time is positive and the last is at least ``LOG_SPAN`` (10)
  times the first (doubling doses 6.25 .. 200: a dose-response read on a log scale);
- ``quadratic``: time and time squared;
- ``spline2``, ``spline3``, ``spline4``: R's natural cubic spline ``splines::ns(time, df)``
  (interior knots at quantiles of the times, boundary knots at their range), when there are more
  distinct times than columns; when the 4-df spline is chosen, 5 df, 6 df ... (up to
  ``SPLINE_DF_MOST``, as the times allow) are tried in turn while the most flexible one is chosen:
  a curve that still gains clearly at the last df tried is not cut short there.

Each is fitted by maximum likelihood (ML: REML likelihoods of different fixed effects cannot be
compared) with the same random effects, the maximal ones: correlated random slopes in linear time,
``(time | group)`` (the random intercept alone when that fit fails on the straight line), so that
the comparison is of the fixed shapes alone. The shape is chosen first; the random effects are
then chosen on it (:mod:`reportgen.analysis.selection`'s rules, :func:`fit_supported_model`): a
random-effects test on a straight line that misses a curve reads the curve as spread between
subjects (nlme::Dialyzer: on the straight line the starting levels' variance is zero; on the
chosen spline lme4 gives it an SD of 2.26, and dropping it costs chi2 = 15.7). A random
intercept alone would not do for the shapes either: when subjects' slopes differ (Orange's trees)
their spread hides the shared curve (Orange: a straight line has the lowest AIC with a random
intercept; with random slopes a spline beats it).

The rule: candidates are grouped by their number of parameters; the simplest group's best (lowest
AIC) is the starting choice, and a more complex shape replaces the current choice only when its
AIC is lower by more than ``AIC_MARGIN`` (2): a curve must earn its extra parameters. Among shapes
of equal size the lower AIC wins (ties go to the simpler one in the order above).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.time_basis import (
    HARMONIC,
    LINEAR,
    Shape,
    ShapeComparison,
    ShapeFit,
    candidates,
    chosen_shape,
    make_shape,
    spline_allowed,
)

if TYPE_CHECKING:
    import pandas as pd
    from numpy.typing import NDArray

    from reportgen.analysis.cycle import Cycle
    from reportgen.analysis.inference import LikelihoodRatio
    from reportgen.analysis.lmm import Likelihood, MixedFit
    from reportgen.analysis.measured_levels import MeasuredAt
    from reportgen.analysis.regression import Coefficient
    from reportgen.analysis.selection import ModelChoice, SupportedModel

    Array = NDArray[Any]

AIC_MARGIN = 2.0  # a more complex shape must lower the AIC by more than this
SPLINE_DF_MOST = 10  # the most df a spline is tried with (beyond SPLINE_DF only while each step wins)


def held_shapes(fits: dict[str, ShapeFit]) -> list[str]:
    """The shapes the rule holds in turn, simplest first: the last is the one it picks.

    Each size's best (lowest AIC, ties to the earlier) replaces the one held when its AIC is lower
    by more than ``AIC_MARGIN``; the shape held before the pick is what the pick was compared with.
    """
    order = list(fits)
    by_size: dict[int, list[str]] = {}
    for name in order:
        by_size.setdefault(fits[name].df, []).append(name)
    held: list[str] = []
    for size in sorted(by_size):
        best = min(by_size[size], key=lambda name: (fits[name].aic, order.index(name)))
        if not held or fits[best].aic < fits[held[-1]].aic - AIC_MARGIN:
            held.append(best)
    return held


def pick_shape(fits: dict[str, ShapeFit]) -> str:
    """The module docstring's rule: step up in size only for more than ``AIC_MARGIN`` of AIC."""
    held = held_shapes(fits)
    if not held:
        raise ValueError("no trend shape to choose from")
    return held[-1]


def more_flexible(shape: str, fits: dict[str, ShapeFit], time: Array) -> str | None:
    """The spline with one more df to try, when the chosen ``shape`` is the most flexible spline
    fitted (it beat the simpler shapes by more than ``AIC_MARGIN``, so a more flexible one may too:
    Soybean's 4 df lowered the AIC by 70 from 3 df, and 5 df lowers it by 21 more) and the times
    allow one (:func:`spline_allowed`, at most ``SPLINE_DF_MOST`` df); else None."""
    splines = [int(name[6:]) for name in fits if name.startswith("spline") and name[6:].isdigit()]
    if not splines or shape != f"spline{max(splines)}":
        return None
    df = max(splines) + 1
    return f"spline{df}" if df <= SPLINE_DF_MOST and spline_allowed(time, df) else None


def shape_design(frame: pd.DataFrame, shape: Shape) -> Any:
    """The model matrix ``1 + <shape's columns>`` of a frame (no covariates)."""
    from reportgen.analysis.model_matrix import build_model_matrix

    return build_model_matrix(frame, shape=shape)


def _fit_shape(
    frame: pd.DataFrame, shape: Shape, structure: tuple[int, str, float], *, reml: bool, engine: str
) -> MixedFit:
    """The shape's fixed columns with the random effects ``(terms, covariance, time origin)``."""
    from reportgen.analysis.mixed import fit_model

    random, covariance, origin = structure
    design = shape_design(frame, shape)
    return fit_model(
        frame, design, random=random, covariance=covariance, reml=reml, engine=engine, time_origin=origin
    )


def _shape_likelihood(
    frame: pd.DataFrame, shape: Shape, structure: tuple[int, str, float], *, engine: str
) -> Likelihood:
    """The ML log-likelihood of :func:`_fit_shape`'s model (all a candidate is compared by)."""
    from reportgen.analysis.mixed import fit_model_likelihood

    return fit_model_likelihood(frame, shape_design(frame, shape), structure, engine=engine)


def compare_shapes(
    frame: pd.DataFrame,
    structure: tuple[int, str, float] = (1, "unstructured", 0.0),
    *,
    engine: str,
    line_ml: MixedFit | None = None,
    period: float | None = None,
) -> ShapeComparison:
    """Fit every candidate shape by ML with the random effects ``structure`` and apply the rule.

    ``line_ml``: the straight line's ML fit with those random effects, when already made;
    ``period``: the cycle's length the user gave (the harmonic is a candidate only with it).
    """
    time = frame["time"].to_numpy(float)
    fits: dict[str, ShapeFit] = {}
    from reportgen.errors import ModelError

    for name in candidates(time, period):
        fit: MixedFit | Likelihood
        if name == LINEAR and line_ml is not None:
            fit = line_ml
        else:
            try:
                basis = make_shape(name, time, period=period)
                fit = _shape_likelihood(frame, basis, structure, engine=engine)
            except ModelError:
                if name == LINEAR:
                    raise
                continue  # a curve the data cannot fit is no candidate
        fits[name] = ShapeFit(loglik=fit.loglik, aic=fit.aic, df=fit.n_params)
    shape = pick_shape(fits)
    # The most flexible spline won its step: try one more df while each step still earns its place.
    while (more := more_flexible(shape, fits, time)) is not None:
        try:
            fit = _shape_likelihood(frame, make_shape(more, time), structure, engine=engine)
        except ModelError:
            break
        fits[more] = ShapeFit(loglik=fit.loglik, aic=fit.aic, df=fit.n_params)
        shape = pick_shape(fits)
    return ShapeComparison(shape, fits, period=period if HARMONIC in fits else None)


MAXIMAL = (2, "unstructured", 0.0)  # correlated random slopes in linear time: (time | group)
INTERCEPT_ONLY = (1, "unstructured", 0.0)  # (1 | group), when the maximal fit fails


def compared_fit(
    shapes: ShapeComparison | None, name: str, structure: tuple[int, str, float], line_ml: MixedFit
) -> ShapeFit | None:
    """Candidate ``name``'s ML fit from the shape comparison when it is the fit a test would make:
    the candidates had the random effects ``structure`` and their straight line is ``line_ml``
    (the very same log-likelihood: the same data, family and random effects); else None."""
    if shapes is None or name not in shapes.fits or LINEAR not in shapes.fits:
        return None
    made_with = INTERCEPT_ONLY if shapes.random == "random_intercept" else MAXIMAL
    if made_with != structure or shapes.fits[LINEAR].loglik != line_ml.loglik:
        return None
    return shapes.fits[name]


def choose_shape(
    frame: pd.DataFrame, *, engine: str, line_ml: MixedFit | None = None, period: float | None = None
) -> ShapeComparison:
    """The trend's shape, chosen first: every candidate with the maximal random effects (correlated
    random slopes, ``(time | group)``, by ML), or with the random intercept when the straight
    line's maximal fit fails. ``line_ml``: the straight line's maximal ML fit, when already made;
    ``period``: the cycle's length, when the user gave one (``--period``)."""
    from reportgen.errors import ModelError

    try:
        return compare_shapes(frame, MAXIMAL, engine=engine, line_ml=line_ml, period=period)
    except ModelError:
        shapes = compare_shapes(frame, INTERCEPT_ONLY, engine=engine, period=period)
        return replace(shapes, random="random_intercept")


def fit_supported_model(frame: pd.DataFrame, *, engine: str, period: float | None = None) -> SupportedModel:
    """The model the report stands on: the trend's shape first (:func:`choose_shape`), then the
    random effects the tests support on that shape
    (:func:`reportgen.analysis.selection.fit_random_effects`).

    The seminar's straight-line fits are made whatever the shape. A curve's choice keeps, as
    ``line`` and ``line_ml``, the straight line with the same random effects as the curve's
    (the slope's summaries describe it); a straight trend's choice is the seminar fits' own.
    """
    from reportgen.analysis.selection import fit_random_effects

    straight = fit_random_effects(frame, engine=engine)
    shapes = choose_shape(frame, engine=engine, line_ml=straight.random_slope_ml, period=period)
    if not shapes.curved:
        return replace(straight, choice=replace(straight.choice, shapes=shapes))
    from reportgen.errors import ModelError

    shape = make_shape(shapes.shape, frame["time"].to_numpy(float), period=shapes.period)
    try:
        curved = fit_random_effects(frame, engine=engine, shape=shape)
    except ModelError:  # a fit the ML comparison made fails with REML: keep the straight line
        return replace(straight, choice=replace(straight.choice, shapes=replace(shapes, shape=LINEAR)))
    choice = curved.choice
    line, line_ml = straight_line(frame, straight, choice, engine=engine)
    assert curved.random_slope_ml is not None
    return replace(
        straight,
        comparison=curved.comparison,
        choice=replace(choice, shapes=shapes, line=line, line_ml=line_ml),
        shaped_ml=(curved.random_intercept_ml, curved.random_slope_ml),
    )


def straight_line(
    frame: pd.DataFrame, straight: SupportedModel, choice: ModelChoice, *, engine: str
) -> tuple[MixedFit, MixedFit | None]:
    """The straight line (REML, ML) with the random effects ``choice`` stands on: the seminar's
    fits for a random intercept or correlated slopes, else the uncorrelated refit at its origin."""
    from reportgen.analysis.selection import RANDOM_INTERCEPT, UNCORRELATED, fit_uncorrelated

    if choice.model == RANDOM_INTERCEPT:
        return straight.random_intercept, straight.random_intercept_ml
    if choice.model != UNCORRELATED:
        return straight.random_slope, straight.random_slope_ml
    own = straight.choice
    if own.uncorrelated is not None and own.uncorrelated.time_origin == choice.reference_time:
        return own.uncorrelated, own.uncorrelated_ml
    t0 = choice.reference_time
    return (
        fit_uncorrelated(frame, t0, reml=True, engine=engine),
        fit_uncorrelated(frame, t0, reml=False, engine=engine),
    )


def population_curve(fit: MixedFit, shape: Shape, t: Array) -> Array:
    """The fixed part of a shaped fit at times ``t``: intercept plus the shape's columns."""
    beta = np.array([fit.coefficients[name].estimate for name in shape.names])
    return np.asarray(fit.intercept.estimate + shape.columns(np.asarray(t, dtype=float)) @ beta)


@dataclass(frozen=True)
class CurveSummary:
    """A curved trend in numbers a reader can hold: levels at named times and the change.

    ``times`` are the first, middle (the observed time nearest the middle of the range) and last
    observed times; ``levels`` the population curve there, each with its Satterthwaite t interval;
    ``change`` the difference last - first (a contrast of the fixed effects, with its test).
    """

    shape: str
    times: tuple[float, float, float]
    levels: tuple[Coefficient, Coefficient, Coefficient]
    change: Coefficient
    # The curve's interior maximum ("peak") or minimum ("trough") inside the observed range, the one
    # that stands further beyond both ends ("": none, the curve is highest and lowest at the ends);
    # its time, its level and the change from it to the last observed time.
    extreme_kind: str = ""
    extreme_time: float | None = None
    extreme: Coefficient | None = None
    after_extreme: Coefficient | None = None
    # How the curve's own rate changes over the observed range (:func:`bend_of`: "speeds_up",
    # "slows", "levels_off", "s_shaped", "slows_then_speeds_up" or "steady") and, for an S shape,
    # the time at which it changes fastest (rounded as ``extreme_time``).
    bend: str = ""
    fastest_time: float | None = None
    # The responses measured at ``times`` (analysis.measured_levels), beside the levels.
    measured: tuple[MeasuredAt | None, ...] = ()
    # A harmonic (cyclic) trend's mean level, amplitude, peak and trough (analysis.cycle); a cycle
    # is told by these, not by a bend or one interior extreme (None for the other shapes).
    cycle: Cycle | None = None

    @property
    def turns(self) -> bool:
        """Does the curve turn back clearly inside the range: after its peak it falls (or after its
        trough it rises) by a change whose 95% interval excludes zero?"""
        after = self.after_extreme
        if after is None:
            return False
        return after.ci_high < 0 if self.extreme_kind == "peak" else after.ci_low > 0


EXTREME_GRID = 401  # points of the curve searched for an interior peak or trough
# A rate (change per unit of time, in the direction of the overall change) counts as clearly
# slower than the fastest when it is below this share of it, and as levelled off below LEVEL_SHARE.
SLOWER_SHARE = 0.75
LEVEL_SHARE = 0.1


def bend_of(times: Array, levels: Array) -> tuple[str, int | None]:
    """How a curve's rate changes over ``times`` (a fine grid), read from the curve itself.

    The rate is the curve's slope signed by the direction of its overall change (so a fall that
    slows reads like a rise that slows). Returns the kind and, for an S shape, the grid index of
    the fastest change:

    - ``s_shaped``: the rate is clearly slower at both ends than at its fastest, inside (a
      logistic growth curve: it speeds up, then slows);
    - ``speeds_up`` / ``slows``: clearly slower only at the start / only at the end;
      ``levels_off``: ``slows`` to almost no change at the end (below ``LEVEL_SHARE`` of the
      fastest rate);
    - ``slows_then_speeds_up``: the rate is clearly faster at both ends than at its slowest;
    - ``steady``: none of these (a nearly constant rate); ``""``: no overall change to read.

    A curve that turns back (a rise into a fall) is told by :attr:`CurveSummary.turns` first.
    """
    t, y = np.asarray(times, dtype=float), np.asarray(levels, dtype=float)
    direction = np.sign(y[-1] - y[0])
    if direction == 0 or len(t) < 3:
        return "", None
    rate = direction * np.gradient(y, t)
    fastest = int(np.argmax(rate))
    top = float(rate[fastest])
    start_slow, end_slow = rate[0] < SLOWER_SHARE * top, rate[-1] < SLOWER_SHARE * top
    if start_slow and end_slow:
        return "s_shaped", fastest
    if end_slow:
        return ("levels_off" if rate[-1] < LEVEL_SHARE * top else "slows"), None
    if start_slow:
        return "speeds_up", None
    if float(rate.min()) < SLOWER_SHARE * min(rate[0], rate[-1]):
        return "slows_then_speeds_up", None
    return "steady", None


def _round_time(value: float, first: float, last: float) -> float:
    """A time inside the range named at a hundredth of it, to its leading digit (Ovary 0.74, CO2 569)."""
    digits = -math.floor(math.log10((last - first) / 100))
    return min(max(round(value, digits), first), last)


def interior_extreme(times: Array, levels: Array) -> tuple[str, int] | None:
    """("peak" or "trough", its index) of a curve sampled at ``times``, when it lies strictly inside.

    Of an interior maximum and minimum both, the one further beyond the nearer end is taken.
    """
    levels = np.asarray(levels, dtype=float)
    ends = (levels[0], levels[-1])
    found: list[tuple[float, str, int]] = []
    top, bottom = int(np.argmax(levels)), int(np.argmin(levels))
    if 0 < top < len(levels) - 1 and levels[top] > max(ends):
        found.append((levels[top] - max(ends), "peak", top))
    if 0 < bottom < len(levels) - 1 and levels[bottom] < min(ends):
        found.append((min(ends) - levels[bottom], "trough", bottom))
    if not found:
        return None
    _, kind, index = max(found)
    return kind, index


def reached_clearly(kind: str, into: Coefficient) -> bool:
    """Does the curve reach its interior peak (trough) by a clear rise (fall) ``into`` it from its
    lowest (highest) point before it, the change's 95% interval excluding zero? Else the extreme
    is a wiggle near the start, not a feature to name (a flexible spline can dip by 0.008 before
    rising by 17.8)."""
    return into.ci_low > 0 if kind == "peak" else into.ci_high < 0


def summarise_curve(fit: MixedFit, shape: Shape, time: Array) -> CurveSummary:
    """The levels at the first, middle and last observed times and the change over the range."""
    distinct = np.unique(np.asarray(time, dtype=float))
    first, last = float(distinct[0]), float(distinct[-1])
    middle = float(distinct[np.argmin(np.abs(distinct - (first + last) / 2))])
    at = np.array([first, middle, last])
    rows = np.column_stack([np.ones(3), shape.columns(at)])
    order = [fit.fixed_names.index(name) for name in (fit.fixed_names[0], *shape.names)]

    def weights(row: Array) -> Array:
        w = np.zeros(len(fit.fixed_names))
        w[order] = row
        return w

    levels = tuple(fit.contrast(weights(row)) for row in rows)
    summary = CurveSummary(
        shape=shape.name,
        times=(first, middle, last),
        levels=(levels[0], levels[1], levels[2]),
        change=fit.contrast(weights(rows[2] - rows[0])),
    )
    if shape.name == HARMONIC:  # a cycle: its amplitude and phase, no bend or single extreme
        from reportgen.analysis.cycle import summarise_cycle

        return replace(summary, cycle=summarise_cycle(fit, shape))
    grid = np.linspace(first, last, EXTREME_GRID)
    curve = population_curve(fit, shape, grid)
    bend, fastest = bend_of(grid, curve)
    summary = replace(
        summary,
        bend=bend,
        fastest_time=None if fastest is None else _round_time(float(grid[fastest]), first, last),
    )
    extreme = interior_extreme(grid, curve)
    if extreme is None:
        return summary
    kind, index = extreme
    at_time = _round_time(float(grid[index]), first, last)
    row = np.concatenate([[1.0], shape.columns(np.array([at_time]))[0]])
    # From the curve's opposite extreme before it (its first time, or Ovary's trough before its peak).
    before = curve[: index + 1]
    start = _round_time(
        float(grid[int(np.argmax(before) if kind == "trough" else np.argmin(before))]), first, last
    )
    start_row = np.concatenate([[1.0], shape.columns(np.array([start]))[0]])
    if not reached_clearly(kind, fit.contrast(weights(row - start_row))):
        return summary  # a wiggle at the start, no turn (Soybean's 5-df curve: 0.134 to 0.126)
    return replace(
        summary,
        extreme_kind=kind,
        extreme_time=at_time,
        extreme=fit.contrast(weights(row)),
        after_extreme=fit.contrast(weights(rows[2] - row)),
    )


def population(choice: ModelChoice, time: Array, at: Array | None = None) -> Array | None:
    """The chosen curve's fixed part at ``at`` (default: at ``time``, the data's times, which
    also place a spline's knots); None for a straight line, whose callers use its intercept and
    slope."""
    if choice.shapes is None or not choice.shapes.curved:
        return None
    return population_curve(choice.fit, chosen_shape(choice.shapes, time), time if at is None else at)


def shape_by_covariate(
    frame: pd.DataFrame,
    column: str,
    choice: ModelChoice,
    *,
    engine: str,
    others: tuple[str, ...] = (),
) -> LikelihoodRatio | None:
    """Does a covariate change the chosen curve? ``shape * covariate`` against ``shape + covariate``.

    Both by ML with the chosen random effects, and with the ``others`` covariates' main effects in
    both models (each covariate adjusted for the others, one convention for all: CO2's Type and
    Treatment); the test has one df per shape column and covariate column (Rabbit: the quadratic
    in dose x Treatment, 2 df). None for a straight line, whose ``time:covariate`` term the
    covariate section tests.
    """
    from reportgen.analysis.model_matrix import INTERCEPT, build_model_matrix, plain_matrix
    from reportgen.analysis.selection import likelihood_ratio, random_structure

    if choice.shapes is None or not choice.shapes.curved:
        return None
    time = frame["time"].to_numpy(float)
    shape = chosen_shape(choice.shapes, time)
    coded = build_model_matrix(frame, covariates=(column, *others), interactions=False)

    def columns_of(name: str) -> list[int]:
        return [j for j, a in enumerate(coded.assign) if coded.terms[a].strip("`") == name]

    own = columns_of(column)
    adjusting = [j for other in others for j in columns_of(other)]
    columns, levels = shape.columns(time), coded.X[:, own]
    names = [INTERCEPT, *shape.names, *(coded.names[j] for j in (*own, *adjusting))]
    additive = np.column_stack([np.ones_like(time), columns, levels, coded.X[:, adjusting]])
    products = [columns[:, a] * levels[:, b] for a in range(columns.shape[1]) for b in range(levels.shape[1])]
    crossed = [f"{s}:{coded.names[j]}" for s in shape.names for j in own]
    structure = random_structure(choice)

    def fit(x: Array, labels: list[str]) -> MixedFit:
        from reportgen.analysis.mixed import fit_model

        random, covariance, origin = structure
        design = plain_matrix(x, tuple(labels), "time")
        return fit_model(
            frame, design, random=random, covariance=covariance, reml=False, engine=engine, time_origin=origin
        )

    smaller = fit(additive, names)
    larger = fit(np.column_stack([additive, *products]), names + crossed)
    return likelihood_ratio(smaller, larger, len(products), boundary=False)


def shape_by_covariates(
    frame: pd.DataFrame, covariates: tuple[str, ...], choice: ModelChoice, *, engine: str
) -> dict[str, LikelihoodRatio]:
    """:func:`shape_by_covariate` for each covariate, adjusted for the others (empty for a straight line)."""
    tests = {
        column: shape_by_covariate(
            frame, column, choice, engine=engine, others=tuple(c for c in covariates if c != column)
        )
        for column in covariates
    }
    return {column: test for column, test in tests.items() if test is not None}
