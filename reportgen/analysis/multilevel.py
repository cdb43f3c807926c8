"""Mixed models with more than one grouping factor: subjects within sites (``--group site/patient``)
and a subject x condition term when a factor varies within subjects at the same times.

The fits are ``mixedlm``'s ``lmer`` (a port of lme4 with its sparse Cholesky; imported lazily):
on nlme::Pixel, MASS::Rabbit and simulated nested studies it matches lme4/lmerTest in the
log-likelihood, fixed effects, variance components and Satterthwaite df (tests/crosscheck/
test_multilevel.py), and on 100,000 rows (200 sites x 50 patients x 10 times, correlated slopes at
both levels) one fit took 2.9 s where lme4 took 35 s on the same machine; the whole of
:func:`fit_multilevel` (the model choice's four fits, Satterthwaite df, the sites' conditional
variances) took 24 s. The result is frozen, on the data's own column names, so the rest of the
report reads one type.

Model choice at each level, with the one-grouping engine's rule (:mod:`reportgen.analysis.selection`):
every grouping level starts with correlated random slopes on time; while the covariance of a
level with slopes is at the boundary (singular), the slope of such a level whose slope varies least
(relative to the residual SD over the SD of time) is dropped; a fit singular only through a level
without slopes (a site intercept at 0) keeps the other levels' slopes, as lme4 users would; each
slope left is then kept only when the boundary-corrected likelihood-ratio test of the ML fits
(50:50 mixture of chi-square(1) and (2)) gives p < 0.05.
A subject x condition term has a random intercept only.
"""

from __future__ import annotations

import dataclasses
import math
import re
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.inference import Z95, loglik_ratio
from reportgen.analysis.level_effects import LevelEffects, level_effects
from reportgen.analysis.level_residuals import LevelResiduals, level_residuals
from reportgen.analysis.lmer_estimates import lmer_estimates
from reportgen.analysis.new_group_range import slope_prediction_interval
from reportgen.analysis.regression import t_coefficient
from reportgen.analysis.satterthwaite import FTest, f_test
from reportgen.errors import ModelError

if TYPE_CHECKING:
    from collections.abc import Callable

    import pandas as pd

    from reportgen.analysis import Analysis
    from reportgen.analysis.time_basis import Shape
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

ALPHA = 0.05
INTERCEPT = "(Intercept)"
# Within-subject conditions: at least this share of the subject x time cells hold two conditions.
WITHIN_SHARE = 0.5
# lme4's isSingular tolerance on the relative standard deviations.
SINGULAR_TOL = 1e-4
# An intercept-slope correlation this close to +-1 counts as at the boundary (a fit stopped just short
# of lme4's -1: Dialyzer in sites, tests/crosscheck/test_nested_headline_fault.py).
CORR_AT_ONE = 0.999


@dataclass(frozen=True)
class FixedEffect:
    """One fixed coefficient with lmerTest's Satterthwaite t test and its 95% t interval."""

    estimate: float
    se: float
    df: float
    t: float
    p: float
    ci_low: float
    ci_high: float


@dataclass(frozen=True)
class RandomSD:
    """The standard deviation of one random term (``random.<group>.<term>.sd`` in results.json)."""

    sd: float


@dataclass(frozen=True)
class GroupEstimate:
    """One outer group's own value (a site's slope, or its level when sites have no slopes): the
    conditional mode around the fixed value, with a 95% interval from its conditional variance."""

    estimate: float
    ci_low: float
    ci_high: float

    @property
    def sd(self) -> float:
        """The conditional SD the interval stands on."""
        return (self.ci_high - self.ci_low) / (2 * Z95)


@dataclass(frozen=True)
class SlopeTest:
    """The likelihood-ratio test that decided whether a grouping level keeps its random slopes: the
    ML log-likelihoods without and with them (the other levels as the rule had them then), the
    statistic on 2 df and its boundary-corrected p (50:50 mixture of chi-square(1) and (2))."""

    loglik_without: float
    loglik_with: float
    chisq: float
    df: int
    p: float


@dataclass(frozen=True)
class LevelShare:
    """One level's variance at the mean observed time and its share of the total (its ICC)."""

    variance: float
    icc: float


@dataclass(frozen=True)
class MultilevelFit:
    """A REML fit with several grouping terms, on the data's column names.

    ``levels`` are the grouping columns, outermost first (``("site", "patient")``); ``within`` the
    conditions whose subject x condition term was added; ``random`` each grouping term's SDs by
    term, with ``correlations`` (intercept-slope; ``None`` without a slope) and ``n_groups``;
    ``simplified`` says, per level, why a slope was left out (``"singular"`` or ``"not supported"``);
    ``shares`` are the variance components at the mean observed time ``t_mean`` (each grouping
    term, then ``Residual``), each with its share of the total. For the outermost level:
    ``top_term`` (``"slope"`` when its groups keep random slopes, else ``"level"``) and each group's
    own value of it (``top_groups``), the 95% range of a new group's mean level at ``t_mean``
    (``new_group_level``) and of its slope (``new_group_slope``, ``None`` without slopes there).
    """

    formula: str
    response: str
    time: str
    levels: tuple[str, ...]
    within: tuple[str, ...]
    loglik: float
    fixed: dict[str, FixedEffect]
    f_tests: dict[str, FTest]
    random: dict[str, dict[str, RandomSD]]
    correlations: dict[str, float | None]
    n_groups: dict[str, int]
    residual_sd: float
    singular: bool
    simplified: dict[str, str]
    shares: dict[str, LevelShare]
    t_mean: float
    top_term: str
    top_groups: dict[str, GroupEstimate]
    new_group_level: tuple[float, float]
    new_group_slope: tuple[float, float] | None
    # The trend shape the report stands on (``analysis.choice.shape``): this model is a straight line
    # in time at every level, whatever that shape is.
    report_shape: str = "linear"
    # Where the covariates sit in ``new_group_level`` (each site's own level or slope is read at its
    # own covariate values): a categorical one at its reference level (its name), a numeric one at 0;
    # empty without covariates.
    held_at: dict[str, str | float] = dataclasses.field(default_factory=dict)
    # Nakagawa & Schielzeth's R² of this model (Johnson's extension: every grouping term's variance
    # is the mean over the observations of z' Sigma z, z = (1, time)); ``None`` when not computed.
    r2_marginal: float | None = None
    r2_conditional: float | None = None
    # The trend's shape this model fits (its basis columns as fixed effects; random slopes on time).
    shape: str = "linear"
    # The outer levels are crossed with the subjects (``--crossed site``: ``(1 | site)`` beside
    # ``(time | patient)``), not nested; ``levels`` is then the crossed columns, then the subjects'.
    crossed: bool = False
    # Each level whose random slopes were tested (not those a singular fit dropped), by grouping
    # term: the test of the model-choice rule that kept or left them out.
    slope_tests: dict[str, SlopeTest] = dataclasses.field(default_factory=dict)
    # Its fitted values, residual variance and Z Lambda: what the residual checks read
    # (analysis.level_residuals); not written to results.json.
    residuals: LevelResiduals | None = dataclasses.field(
        default=None, repr=False, compare=False, metadata={"results": False}
    )
    # Every level's predicted random effects with their conditional SDs (ranef(condVar = TRUE)) and
    # each row's fixed part: what partial pooling at every level reads; not written to results.json.
    effects: LevelEffects | None = dataclasses.field(
        default=None, repr=False, compare=False, metadata={"results": False}
    )
    # The 95% prediction interval of a new outermost group's slope, the mean slope's SE included,
    # t on the groups less 2 (analysis.new_group_range, as the cohort index); None without slopes
    # there. ``new_group_slope`` keeps ± 1.96 slope SDs around the fixed slope.
    new_group_slope_interval: tuple[float, float] | None = None


def grouping_terms(
    levels: tuple[str, ...], within: tuple[str, ...] = (), crossed: bool = False
) -> tuple[str, ...]:
    """lme4's nested terms: ``("site", "patient")`` -> ``site``, ``site:patient``; each
    within-subject condition adds ``site:patient:condition``. ``crossed``: each level a term of
    its own (``site``, ``patient``; a condition adds ``patient:condition``)."""
    terms = levels if crossed else tuple(":".join(levels[: k + 1]) for k in range(len(levels)))
    return terms + tuple(f"{terms[-1]}:{condition}" for condition in within)


def subject_term(multilevel: MultilevelFit) -> str:
    """The innermost grouping term, the subjects within their outer groups (``site:patient``; the
    subjects' own column when crossed with the other groupings)."""
    return grouping_terms(multilevel.levels, crossed=multilevel.crossed)[-1]


def within_subject_factors(
    frame: pd.DataFrame, subject: tuple[str, ...], time: str, covariates: tuple[str, ...]
) -> tuple[str, ...]:
    """The covariates with several values within one subject at one time, in most subject x time
    cells (Pixel: Side within Dog at each day; Rabbit: Treatment within Animal at each dose)."""
    return tuple(c for c in covariates if varies_at_same_times(frame, subject, time, c))


def varies_at_same_times(frame: pd.DataFrame, subject: tuple[str, ...], time: str, column: str) -> bool:
    """The one definition of a condition within subjects at the same times (the multilevel model's
    subject x condition term, and ``covariates.<c>.within_subject`` "same_times"): ``column`` has
    several values in at least :data:`WITHIN_SHARE` of the subject x time cells (a few cells with two
    values, a repeat entered at one time, do not make a paired design)."""
    cells = frame.groupby([*subject, time], sort=False, observed=True)[column].nunique(dropna=True)
    return bool(len(cells)) and float((cells > 1).mean()) >= WITHIN_SHARE


def lme4_formula(response: str, fixed: str, time: str, terms: tuple[str, ...], slopes: frozenset[str]) -> str:
    """``response ~ fixed + (time | g) + (1 | h) ...`` in lme4's notation."""
    bars = " + ".join(f"({time if term in slopes else 1} | {term})" for term in terms)
    return f"{response} ~ {fixed} + {bars}"


def _fixed_part(trend: tuple[str, ...], covariates: tuple[str, ...]) -> str:
    """The fixed effects: the trend's columns (time, or a curve's), each covariate and their
    interactions."""
    crossed = tuple(f"{column}:{covariate}" for covariate in covariates for column in trend)
    return " + ".join((*trend, *covariates, *crossed))


def lmer_fit(formula: str, data: pd.DataFrame, reml: bool, contrasts: dict[str, str] | None = None) -> Any:
    """mixedlm's lmer; its failures as a ModelError. Its warning of a singular fit is caught here:
    the fit's ``isSingular()`` carries it into the result (and the model choice)."""
    import mixedlm

    try:
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", message="Model is singular", category=UserWarning)
            coding: dict[str, Any] | None = dict(contrasts) if contrasts else None
            return mixedlm.lmer(formula, data, REML=reml, contrasts=coding)
    except (RuntimeError, ValueError, np.linalg.LinAlgError) as error:
        raise ModelError(f"the multilevel model {formula} could not be fitted: {error}") from error


def _relative_slope_sd(model: Any, term: str, time: str, sd_time: float) -> float:
    """A level's slope SD times the SD of time over the residual SD (scale-free, origin-free)."""
    group = model.VarCorr().groups[term]
    return float(group.stddev.get(time, math.inf)) * sd_time / float(model.sigma)


def degenerate_slope_terms(model: Any, slopes: set[str], tol: float = SINGULAR_TOL) -> set[str]:
    """The terms with random slopes whose own covariance is at the boundary: its smallest
    eigenvalue, relative to the residual variance, below ``tol**2`` (lme4's and mixedlm's
    ``isSingular`` tolerance, per term), or its correlation at +-1 (:data:`CORR_AT_ONE`). A fit
    singular only through an intercept-only term (a site level at 0 once its slope is gone) has
    none: dropping another level's slopes would not mend it (break12: the patients' slopes, SD 1.9,
    went with a site intercept at 0)."""
    groups = model.VarCorr().groups
    variance = float(model.sigma) ** 2

    def at_boundary(group: Any) -> bool:
        corr = np.atleast_2d(group.corr)
        at_one = corr.shape[0] > 1 and float(np.abs(corr[0, 1])) >= CORR_AT_ONE
        return at_one or float(np.linalg.eigvalsh(np.atleast_2d(group.cov) / variance).min()) < tol**2

    return {term for term in slopes if at_boundary(groups[term])}


def choose_slopes(
    data: pd.DataFrame, response: str, fixed: str, time: str, terms: tuple[str, ...], n_levels: int
) -> tuple[frozenset[str], dict[str, str], Any, dict[str, SlopeTest]]:
    """Which grouping levels keep random slopes, why the others lost theirs, the REML fit of the
    chosen model, and the likelihood-ratio test of each level's slopes the rule tested."""
    slopes = set(terms[:n_levels])
    why: dict[str, str] = {}
    sd_time = float(data[time].std())

    def fit(chosen: set[str], reml: bool) -> Any:
        return lmer_fit(lme4_formula(response, fixed, time, terms, frozenset(chosen)), data, reml=reml)

    model = fit(slopes, reml=True)
    while model.isSingular() and (at_zero := degenerate_slope_terms(model, slopes)):
        weakest = min(at_zero, key=lambda term: _relative_slope_sd(model, term, time, sd_time))
        slopes.discard(weakest)
        why[weakest] = "singular"
        model = fit(slopes, reml=True)
    larger: Any = fit(slopes, reml=False) if slopes else None
    tests: dict[str, SlopeTest] = {}
    for term in sorted(slopes, key=terms.index):
        smaller = fit(slopes - {term}, reml=False)
        without, with_ = float(smaller.logLik().value), float(larger.logLik().value)
        test = loglik_ratio(without, with_, 2, boundary=True)
        tests[term] = SlopeTest(without, with_, test.chisq, test.df, test.p_boundary)
        if test.p_boundary >= ALPHA:
            slopes.discard(term)
            why[term] = "not supported"
            larger = smaller
    if any(reason == "not supported" for reason in why.values()):
        model = fit(slopes, reml=True)
    return frozenset(slopes), why, model, tests


def _random(
    model: Any, names: dict[str, str]
) -> tuple[dict[str, dict[str, RandomSD]], dict[str, float | None]]:
    """Each grouping term's SDs by term, and its intercept-slope correlation."""
    sds, correlations = {}, {}
    for term, group in model.VarCorr().groups.items():
        sds[_rename(term, names)] = {_rename(k, names): RandomSD(float(v)) for k, v in group.stddev.items()}
        correlations[_rename(term, names)] = float(group.corr[0, 1]) if len(group.term_names) > 1 else None
    return sds, correlations


def _top(
    model: Any,
    top: str,
    time: str,
    centres: Callable[[bool], dict[str, float]],
    condvar: dict[str, Any],
) -> tuple[str, dict[str, GroupEstimate]]:
    """The outermost groups' own slopes (or levels, without slopes there), with 95% intervals:
    ``centres(slope)`` gives each group's fixed value of the slope (or the level), to which its
    conditional mode is added; ``condvar``: their conditional variances by term (:func:`_top_condvar`)."""
    (structure,) = (s for s in model.matrices.random_structures if s.grouping_factor == top)
    term = time if time in structure.term_names else INTERCEPT
    centre = centres(term == time)
    modes = np.asarray(model.ranef()[top][term], dtype=float)
    variances = np.asarray(condvar[term], dtype=float)
    half = Z95 * np.sqrt(variances)
    return ("slope" if term == time else "level"), {
        str(name): GroupEstimate(c + float(m), c + float(m - h), c + float(m + h))
        for name, m, h in zip(structure.level_map, modes, half, strict=True)
        for c in (centre[str(name)],)
    }


def trend_at(x: np.ndarray, names: list[str], trend: tuple[str, ...], values: np.ndarray) -> np.ndarray:
    """The fixed effects' model matrix ``x`` (columns ``names``) with the trend's columns set to
    ``values`` (one per column of ``trend``) in every row, and their interactions with the
    covariates (``t:c``, which :func:`_fixed_part` writes trend first) set to ``values`` times the
    row's covariate column: each row's own fixed part at those times."""
    out = np.array(x, dtype=float, copy=True)
    for j, name in enumerate(names):
        head, _, rest = name.partition(":")
        if head in trend:
            value = float(values[trend.index(head)])
            out[:, j] = value * (x[:, names.index(rest)] if rest else 1.0)
    return out


def own_centres(
    model: Any,
    groups: np.ndarray,
    trend: tuple[str, ...],
    ends: tuple[np.ndarray, np.ndarray, float],
    means: np.ndarray,
) -> Callable[[bool], dict[str, float]]:
    """Each outermost group's fixed level or fixed rate at its own covariate values: the mean over
    its rows (``groups``: each row's group) of their fixed part with the trend's columns at their
    means (``means``), or of its change from the trend's values at one time to those at another
    over the span between them (``ends``). A group whose covariate is not at its reference level
    reads its own line (statistician N 2: a treat clinic's "own mean" was the control arm's line
    plus its effect); without covariates every group's value is the same."""
    import pandas as pd

    x = np.asarray(model.matrices.X, dtype=float)
    names = list(model.matrices.fixed_names)
    beta = np.asarray(model.beta, dtype=float)

    def centres(slope: bool) -> dict[str, float]:
        start, end, span = ends
        rows = (
            (trend_at(x, names, trend, end) - trend_at(x, names, trend, start)) @ beta / span
            if slope
            else trend_at(x, names, trend, means) @ beta
        )
        return {str(k): float(v) for k, v in pd.Series(rows).groupby(groups, sort=False).mean().items()}

    return centres


def _top_condvar(model: Any, structure: Any) -> dict[str, Any]:
    """The outermost groups' conditional variances, as ``ranef(condVar = TRUE)`` gives them.

    mixedlm's own ``ranef(condVar=True)`` solves for every level (100,000 patients: 43 of a 61 s
    fit); its block routine is asked for the first structure alone when that is the outermost (the
    blocks are laid out in order, so the first one's offset is 0), else for all."""
    from mixedlm.utils.variance import _conditional_variance_blocks

    structures = model.matrices.random_structures
    if structures[0] is not structure:
        return dict(model.ranef(condVar=True).condVar[structure.grouping_factor])
    projection = model._weighted_projection
    blocks = _conditional_variance_blocks(
        projection.random_factor, projection.lambda_matrix, [structure], scale=float(model.sigma) ** 2
    )
    return dict(blocks[structure.grouping_factor])


def _shares(model: Any, t_mean: float, names: dict[str, str]) -> dict[str, LevelShare]:
    """Each grouping term's variance at the mean time, then the residual's, with their shares."""
    variances = {}
    for term, group in model.VarCorr().groups.items():
        weights = np.array([1.0, t_mean][: len(group.term_names)])
        variances[_rename(term, names)] = float(weights @ np.asarray(group.cov) @ weights)
    variances["Residual"] = float(model.sigma) ** 2
    total = sum(variances.values())
    return {name: LevelShare(v, v / total) for name, v in variances.items()}


def factor_names(
    names: dict[str, str], internal: dict[str, str], given: tuple[str, ...], data: pd.DataFrame
) -> dict[str, str]:
    """``names`` with the covariates given as factors (``--factor``) as R must code them from the
    input file, whose cells may be numbers: ``factor(Diet)`` and its levels ``factor(Diet)2``, for
    the printed formula and the fixed effects' names (:func:`reportgen.analysis.r_names.factor_term`)."""
    from reportgen.analysis.r_names import factor_term, r_name

    shown = dict(names)
    for column in given:
        if column not in internal:
            continue
        key = internal[column]
        values = sorted(data[key].astype(str).unique())
        term = factor_term(r_name(column), values)
        shown[key] = term
        shown.update({f"{key}.{j}": f"{term}{v}" for j, v in enumerate(values)})
    return shown


def _rename(text: str, names: dict[str, str]) -> str:
    """Internal names (``v3:v4``, a factor's ``v5.1``) back in the data's column names, in one pass
    (so a column named like an internal name is never renamed twice)."""
    return re.sub(r"\bv\d+(?:\.\d+)?\b", lambda m: names.get(m.group(0), m.group(0)), text)


def fit_multilevel(
    frame: pd.DataFrame,
    response: str,
    time: str,
    levels: tuple[str, ...],
    *,
    covariates: tuple[str, ...] = (),
    extra_time: tuple[str, ...] = (),
    within: tuple[str, ...] | None = None,
    curve: Shape | None = None,
    crossed: bool = False,
    given_factors: tuple[str, ...] = (),
) -> MultilevelFit:
    """Fit ``response`` over ``time`` with random effects at each of ``levels`` (outermost first).

    Args:
        frame: the data, one row per measurement.
        response, time: the response and time columns.
        levels: the grouping columns, outermost first: ``("site", "patient")``, or ``("Dog",)``.
        covariates: columns in the model with their interaction with time.
        extra_time: numeric columns of the trend's shape beyond linear time (``day^2``).
        within: the covariates that get a subject x condition term; ``None`` finds them
            (:func:`within_subject_factors`).
        curve: the trend's shape when it is not a straight line (a spline, log, quadratic): its
            basis columns are the fixed trend in place of time (``extra_time`` is then unused);
            the random slopes stay on time.
        crossed: the levels before the last are crossed with the subjects (the last level), each
            its own term (``(1 | site) + (time | patient)``), not nested in one another.

    Returns:
        The REML fit of the chosen model, with Satterthwaite df and type-III F tests.

    Raises:
        ModelError: the model cannot be fitted.
    """
    import mixedlm
    import pandas as pd

    if within is None:
        within = within_subject_factors(frame, levels[-1:] if crossed else levels, time, covariates)
    columns = (response, time, *extra_time, *levels, *covariates)
    internal = {column: f"v{k}" for k, column in enumerate(columns)}
    names = {v: k for k, v in internal.items()}
    data = frame.loc[:, list(dict.fromkeys(columns))].rename(columns=internal).dropna()
    factors = {c for c in covariates if not pd.api.types.is_numeric_dtype(frame[c])}
    for column in (*levels, *covariates):
        if column in levels or column in factors:
            data[internal[column]] = data[internal[column]].astype(str)
            if column in covariates:  # treatment coding: mixedlm's "v5.1" is lme4's "SideR"
                values = sorted(data[internal[column]].unique())
                names.update({f"{internal[column]}.{j}": f"{column}{v}" for j, v in enumerate(values)})
    level_ids = tuple(internal[c] for c in levels)
    terms = grouping_terms(level_ids, tuple(internal[c] for c in within), crossed)
    trend = (internal[time], *(internal[c] for c in extra_time))
    curved = curve is not None and not curve.linear
    merged: dict[str, str] = {}  # a spline's basis columns, one term in lme4's formula and tests
    if curve is not None and curved:
        basis = curve.columns(data[internal[time]].to_numpy(float))
        trend = tuple(f"v{len(columns) + j}" for j in range(basis.shape[1]))
        whole = f"v{len(columns) + basis.shape[1]}"
        for column, name, values in zip(trend, curve.names, basis.T, strict=True):
            data[column], names[column] = values, name
            if curve.name.startswith("spline"):
                merged[column], names[whole] = whole, curve.term
    shown_names = factor_names(names, internal, given_factors, data)  # after the curve's names
    fixed = _fixed_part(trend, tuple(internal[c] for c in covariates))
    slopes, why, model, tests = choose_slopes(
        data, internal[response], fixed, internal[time], terms, len(levels)
    )
    formula = lme4_formula(internal[response], fixed, internal[time], terms, slopes)
    shown = (
        formula
        if not merged
        else lme4_formula(
            internal[response],
            _fixed_part((next(iter(merged.values())),), tuple(internal[c] for c in covariates)),
            internal[time],
            terms,
            slopes,
        )
    )
    df = dict(zip(*_df_names(mixedlm.satterthwaite_df(model)), strict=True))
    se = np.sqrt(np.diag(np.asarray(model.vcov())))
    fixed_effects = {}
    for k, (name, estimate) in enumerate(model.fixef().items()):
        c = t_coefficient(float(estimate), float(se[k]), float(df[name]))
        fixed_effects[_rename(name, shown_names)] = FixedEffect(
            c.estimate, c.se, float(df[name]), c.stat, c.p, c.ci_low, c.ci_high
        )
    factor_ids = tuple(internal[c] for c in covariates if c in factors)
    f_tests = type3_tests(model if not factor_ids else formula, data, factor_ids, names, merged)
    t_mean = float(data[internal[time]].mean())
    random, correlations = _random(model, names)
    shares = _shares(model, t_mean, names)
    top = levels[0]
    # The mean level: the trend's columns at their means, the covariates where held_at puts them; the
    # slope: a curve's average rate over the observed range (a group's random slope adds to it).
    beta = dict(zip(model.matrices.fixed_names, np.asarray(model.beta, dtype=float), strict=True))
    level_at_mean = beta[INTERCEPT] + sum(beta[c] * float(data[c].mean()) for c in trend)
    times = data[internal[time]].to_numpy(float)
    slope = (
        _average_rate(curve, [beta[c] for c in trend], float(times.min()), float(times.max()))
        if curved
        else fixed_effects[time].estimate
    )
    # A site's level deviation is the same at every time when sites have no slopes: around t_mean;
    # each site's fixed level or rate is read at its own covariate values.
    first, last = float(times.min()), float(times.max())
    ends = (np.zeros(len(trend)), np.eye(len(trend))[0], 1.0)  # time's own coefficient (not day^2's)
    if curve is not None and curved:
        start, end = curve.columns(np.array([first, last]))
        ends = (start, end, last - first)
    means = np.array([float(data[c].mean()) for c in trend])
    groups = data[level_ids[0]].astype(str).to_numpy()
    # The sites' conditional variances, once: 12 CPU-s for 1,000 sites of 100,000 patients.
    (top_structure,) = (s for s in model.matrices.random_structures if s.grouping_factor == level_ids[0])
    top_condvar = _top_condvar(model, top_structure)
    top_term, top_groups = _top(
        model, level_ids[0], internal[time], own_centres(model, groups, trend, ends, means), top_condvar
    )
    r2 = _r_squared(model, data[internal[time]].to_numpy(float))
    return MultilevelFit(
        formula=_rename(shown, shown_names),
        response=response,
        time=time,
        levels=levels,
        within=tuple(within),
        loglik=float(model.logLik().value),
        fixed=fixed_effects,
        f_tests=f_tests,
        random=random,
        correlations=correlations,
        n_groups={_rename(k, names): int(v) for k, v in model.ngrps().items()},
        residual_sd=float(model.sigma),
        singular=bool(model.isSingular()),
        simplified={_rename(term, names): reason for term, reason in why.items()},
        shares=shares,
        t_mean=t_mean,
        top_term=top_term,
        top_groups=top_groups,
        new_group_level=_range(level_at_mean, shares[top].variance),
        new_group_slope=_range(slope, random[top][time].sd ** 2) if time in random[top] else None,
        new_group_slope_interval=slope_prediction_interval(
            slope,
            _rate_se(model, trend, curve if curved else None, first, last),
            random[top][time].sd,
            int(model.ngrps()[level_ids[0]]),
        )
        if time in random[top]
        else None,
        held_at=covariates_held(frame, covariates, factors),
        r2_marginal=r2[0],
        r2_conditional=r2[1],
        crossed=crossed,
        slope_tests={_rename(term, names): test for term, test in tests.items()},
        residuals=level_residuals(model, data.index),
        effects=level_effects(model, lambda text: _rename(text, names), (level_ids[0], top_condvar)),
    )


def _r_squared(model: Any, time: np.ndarray) -> tuple[float, float]:
    """Nakagawa & Schielzeth's marginal and conditional R² with every level's random effects (as
    :func:`reportgen.analysis.explained.r_squared` for one grouping, its terms summed)."""
    from reportgen.analysis.explained import fixed_variance

    fixed = fixed_variance(np.asarray(model.matrices.X, dtype=float) @ np.asarray(model.beta, dtype=float))
    z = np.column_stack([np.ones_like(time), time])
    random = 0.0
    for group in model.VarCorr().groups.values():
        k = len(group.term_names)
        random += float(np.mean(np.einsum("ij,jk,ik->i", z[:, :k], np.asarray(group.cov), z[:, :k])))
    total = fixed + random + float(model.sigma) ** 2
    return fixed / total, (fixed + random) / total


def covariates_held(
    frame: pd.DataFrame, covariates: tuple[str, ...], factors: set[str]
) -> dict[str, str | float]:
    """Where each covariate sits in the model's mean level: a factor at its reference level (the
    first in sorted order, as the treatment coding above), a number at 0 (its coefficients' origin)."""
    return {c: sorted(frame[c].dropna().astype(str).unique())[0] if c in factors else 0.0 for c in covariates}


def _average_rate(curve: Shape | None, beta: list[float], first: float, last: float) -> float:
    """A curve's change from the first to the last observed time over that range."""
    assert curve is not None
    ends = curve.columns(np.array([first, last])) @ np.asarray(beta)
    return float((ends[1] - ends[0]) / (last - first))


def _rate_se(model: Any, trend: tuple[str, ...], curve: Shape | None, first: float, last: float) -> float:
    """The SE of the fixed slope (a curve's average rate, a contrast of its basis columns)."""
    names = list(model.matrices.fixed_names)
    weights = np.zeros(len(names))
    for k, column in enumerate(trend):
        unit = [1.0 if j == k else 0.0 for j in range(len(trend))]
        weights[names.index(column)] = 1.0 if curve is None else _average_rate(curve, unit, first, last)
        if curve is None:
            break  # time's own coefficient (not day^2's)
    return float(math.sqrt(weights @ np.asarray(model.vcov(), dtype=float) @ weights))


def _range(centre: float, variance: float) -> tuple[float, float]:
    """centre plus or minus 1.96 SDs."""
    half = Z95 * math.sqrt(variance)
    return centre - half, centre + half


def type3_tests(
    formula: str | Any,
    data: pd.DataFrame,
    factors: tuple[str, ...],
    names: dict[str, str],
    merged: dict[str, str] | None = None,
) -> dict[str, FTest]:
    """lmerTest's ``anova(m, type = 3)``: one Satterthwaite F test per term, the intercept left out.

    On a refit with sum-to-zero contrasts for the factors (REML, the same variance parameters), so
    each term's coefficients are its type-III hypothesis (mixedlm's own ``anova_type3`` tests the
    treatment-coded coefficients: on Pixel it gave day F = 38.4 where lmerTest gives 49.0).
    ``merged``: columns tested as one term (a curve's basis columns, by the curve's internal name).
    The rows are lmerTest's (:func:`level_difference_rows`), the F tests
    :func:`~reportgen.analysis.satterthwaite.f_test`'s (tests/crosscheck/test_lmer_f_tests.py).
    """
    # Without factors every coding is the same: the fit itself may be passed for the formula.
    model = (
        lmer_fit(formula, data, reml=True, contrasts=dict.fromkeys(factors, "sum"))
        if isinstance(formula, str)
        else formula
    )
    estimates = lmer_estimates(model)
    fixed_names = list(model.matrices.fixed_names)
    groups: dict[str, list[int]] = {}
    for k, name in enumerate(fixed_names):
        if name != INTERCEPT:
            parts = re.sub(r"\.\d+", "", name).split(":")
            groups.setdefault(":".join((merged or {}).get(p, p) for p in parts), []).append(k)
    return {
        _rename(term, names): f_test(estimates, level_difference_rows(fixed_names, columns))
        for term, columns in groups.items()
    }


def level_difference_rows(fixed_names: list[str], columns: list[int]) -> np.ndarray:
    """A term's type-III hypothesis as lmerTest writes it (``show_tests(anova(m, type = 3))``), on a
    fit with sum-to-zero factor codes: each level of a factor against its first, not each sum-to-zero
    coefficient. The F statistic is the same either way, but its Satterthwaite denominator df is made
    from the rows' eigen-decomposition and so depends on the rows (a 3-level covariate of a simulated
    nested study: 56.73 on the coefficients, 56.58 on the level differences, lmerTest's 56.58).

    mixedlm names a sum-coded column ``v5.1`` .. ``v5.(K-1)`` (``v7:v5.1`` crossed with a trend
    column); level K's effect is minus their sum. Columns without a factor code, or with two, are
    tested as they are (unit rows)."""
    rows: list[np.ndarray] = []
    blocks: dict[str, list[int]] = {}
    for k in columns:
        codes = re.findall(r"\.(\d+)", fixed_names[k])
        if len(codes) == 1:
            blocks.setdefault(re.sub(r"\.\d+", "", fixed_names[k]), []).append(k)
        else:
            rows.append(np.eye(len(fixed_names))[k])
    for block in blocks.values():
        effects = np.eye(len(fixed_names))[block]  # the levels but the last, as deviations
        effects = np.vstack([effects, -effects.sum(axis=0)])
        rows.extend(effects[1:] - effects[0])
    return np.vstack(rows)


def _df_names(result: Any) -> tuple[list[str], list[float]]:
    """mixedlm's Satterthwaite df as (names, values)."""
    return list(result.param_names), [float(v) for v in result.df]


def stood_on_multilevel(data: CleanData, config: BuildConfig, glmm: bool, shape: str) -> MultilevelFit | None:
    """The model the report stands on when the subjects are nested (``--group site/patient``) or
    crossed with another grouping (``--crossed site``): every level, the covariates as fixed
    effects. ``None`` with one grouping (the one-grouping engine's path stays as it was) and for a
    binomial or Poisson response (``glmm``: a linear model at every level would not suit it; not
    built yet)."""
    if not (config.outer_groups or config.crossed) or glmm:
        return None
    frame = data.frame.rename(
        columns={"response": config.response, "time": config.time, "group": config.group}
    )
    from reportgen.analysis.time_basis import make_shape

    levels = (*config.outer_groups, *config.crossed, config.group)
    curve = make_shape(shape, frame[config.time].to_numpy(float), label=config.time, period=config.period)
    fit = fit_multilevel(
        frame,
        config.response,
        config.time,
        levels,
        covariates=config.covariates,
        curve=curve,
        crossed=bool(config.crossed),
        given_factors=config.factors,
    )
    return dataclasses.replace(fit, report_shape=shape, shape=shape)


def multilevel_section(data: CleanData, analysis: Analysis, config: BuildConfig) -> MultilevelFit | None:
    """The model at every level (section g-levels): the one the report stands on, fitted in
    :func:`reportgen.analysis.analyze` (``analysis.multilevel``)."""
    return analysis.multilevel
