"""Does a covariate change the trajectory? The study's design in the model.

One model carries every covariate and its interaction with time, with the random effects of the
model the report stands on (see :func:`covariate_structure`): response ~ time * (cov1 + cov2 ...) +
random effects. For each covariate: the type-III
F tests of its main effect and of its interaction with time (Satterthwaite denominator df), the ML
likelihood-ratio test of the interaction, the time slope of each level (categorical) or at the
quartiles (numeric) with a Satterthwaite t interval, and the random-slope test repeated with the
covariate in the model (when the chosen model has random slopes).
"""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.coded_covariate import looks_coded, reading_values
from reportgen.analysis.condition_term import condition_tests
from reportgen.analysis.covariate_effects import (
    Differences,
    Interaction,
    RandomPart,
    Structure,
    boundary_component,
    covariate_pairs,
    design_rows,
    difference_rows,
    differences,
    interactions,
    joint_test,
    observed_times,
    random_part,
    simplify,
)
from reportgen.analysis.inference import FTest, LikelihoodRatio
from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.regression import Coefficient
from reportgen.analysis.selection import ALPHA, ModelChoice, few_at_start, likelihood_ratio
from reportgen.analysis.start_subset import held_levels, rows_at
from reportgen.errors import DataValueError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.covariate_cycle import LevelCycles
    from reportgen.analysis.lmer_estimates import LmerEstimates
    from reportgen.analysis.multilevel import MultilevelFit

QUARTILE_NAMES = ("lower quartile", "median", "upper quartile")
# A categorical covariate with more levels than this is not a design variable we can report on.
MAX_LEVELS = 12


@dataclass(frozen=True)
class CovariateEffect:
    """Everything the section of one covariate reports."""

    column: str
    kind: str  # "categorical" or "numeric"
    within_subject: str  # "constant", "varies" (over time) or "same_times" (see within_subject)
    levels: tuple[str, ...]  # categorical levels, or the quartiles of a numeric covariate
    level_counts: dict[str, int]  # subjects per level (categorical; observations for time-varying)
    fixed: dict[str, Coefficient]  # the whole fixed-effects table of the covariate model
    slope_by_level: dict[str, Coefficient]
    level_intercepts: dict[str, float]  # each level's average line at time 0 (for the figure)
    level_values: tuple[float, ...]  # numeric: the quartiles the levels stand for
    main_test: FTest  # type-III: the lines compared at time 0
    difference_at_start: FTest  # the lines compared at the first observed time
    interaction_test: FTest
    lrt_interaction: LikelihoodRatio
    random_slope_lrt: LikelihoodRatio | None  # None when the supported model has no random slope
    slopes_explained_away: bool
    structure: (
        str  # random effects of the covariate model: random_slope, uncorrelated_slope, random_intercept
    )
    fit: MixedFit
    # Where the other covariates sit while this one's slopes are read: a categorical one at its
    # reference level (the level's name), a numeric one at its mean (a number).
    held_at: dict[str, str | float] = dataclasses.field(default_factory=dict)
    # Numeric: how many distinct values, and whether all are whole numbers (a code such as plot
    # 1, 2, 3, 4 looks like this, and read as a number it gets a straight-line effect).
    distinct_values: int = 0
    whole_numbers: bool = False
    # The lines compared at the average observed time: with parallel lines, the difference over the
    # whole observed range (a test at the first time alone can miss a gap that opens after it).
    mean_time: float = 0.0
    difference_at_mean_time: FTest | None = None
    # What was measured at the first observed time, by level: the means and a one-way test (None
    # when fewer than two levels have two values there). A numeric covariate: a straight-line
    # test of the values there, no means. The model's lines there, by level, beside them.
    measured_at_start: FTest | None = None
    measured_means_at_start: dict[str, float] = dataclasses.field(default_factory=dict)
    model_at_start: dict[str, float] = dataclasses.field(default_factory=dict)
    # Size and direction: each level against the reference at the first, average and last time.
    differences: Differences | None = None
    # With two or more covariates: this one's interaction with each other one (tested in the model
    # with every pair's interaction); the model stands on those kept.
    interactions: tuple[Interaction, ...] = ()
    # The random part as first fitted (the chosen model's) and as kept after a singular fit.
    random_part: RandomPart | None = None
    # With a kept interaction with a categorical covariate: the differences at each of its other
    # levels (``differences`` holds it at its reference level), other -> its level -> differences.
    differences_by: dict[str, dict[str, Differences]] = dataclasses.field(default_factory=dict)
    # A curved trend: the covariate model carries the curve (shape x covariate when its test keeps
    # it, else shape + covariate); each level's curve at ``curve_times`` (for the figure; empty for
    # a straight line, drawn from its intercept and slope). ``slope_by_level`` is then the average
    # rate over the observed times (last minus first, over the range).
    shape: str = "linear"
    time_interaction: bool = True  # the model stood on has the covariate x time (or x curve) term
    main_effect_time: float = 0.0  # where the type-III main effect compares levels (see main_effect_at)
    curve_times: tuple[float, ...] = ()
    curves: dict[str, tuple[float, ...]] = dataclasses.field(default_factory=dict)
    # The model matrix of ``fit`` (for its lme4 formula and names).
    design: Any = dataclasses.field(default=None, repr=False, compare=False)
    # Varying within subjects at the same times: main_test and interaction_test come from the model
    # with a (1 | subject:covariate) term (reportgen.analysis.condition_term); the rest do not.
    subject_condition_term: bool = False
    # With an outer level: ``fit``'s fixed effects refitted with every level's random terms, the
    # model whose numbers ``fixed`` and the tests print (``models.covariates``; outer_levels).
    fit_with_levels: MixedFit | None = dataclasses.field(default=None, repr=False, compare=False)
    # The outer grouping column whose means at the first time ``measured_at_start`` tests, when the
    # covariate is constant within it (arm by school); "" when it tests the values themselves.
    measured_at_start_by: str = ""
    # A cyclic trend: each level's mean level, amplitude and peak, and the amplitudes' differences
    # (what a covariate changes in a cycle; no rate, no first-to-last change), None otherwise.
    cycles: LevelCycles | None = None
    # ``measured_at_start`` has a random intercept for each group of the outer groupings
    # (``measured_at_start_by`` names the first) and the covariate is not constant within them:
    # groupings crossed with the subjects (patients who move between sites), or trt varying within
    # site; the values measured at one site share its level whatever their covariate.
    measured_at_start_crossed: bool = False
    # The other covariates whose level the values measured at the first time are taken at, as the
    # lines there are (a kept interaction with a categorical one: CO2's Type at Treatment chilled;
    # analysis.start_subset); empty when they pool over the other covariates.
    measured_at_start_held: dict[str, str] = dataclasses.field(default_factory=dict)
    # ``differences`` come from the model with the subject x condition term (``subject_condition_term``),
    # as its tests do; False: from the covariate model without it (statistician Q, session 8, Rabbit).
    differences_paired: bool = False


def held_at(
    frame: pd.DataFrame, design: Any, column: str, covariates: tuple[str, ...]
) -> dict[str, str | float]:
    """The other covariates' values in :func:`_level_contrasts` (the slopes are conditional on them)."""
    return {
        other: str(design.levels[other][0])
        if _kind(frame[other]) == "categorical"
        else float(frame[other].mean())
        for other in covariates
        if other != column
    }


def covariate_structure(choice: ModelChoice) -> tuple[int, str, float]:
    """Random effects of the covariate model: those of the model the report stands on.

    One decision, read here as everywhere: ``choice.model`` random intercept -> (1 | group);
    random slope -> (time | group); uncorrelated -> the diagonal form with the same time origin
    (the first observed time). Returns (random effects per group, covariance, time origin).
    """
    from reportgen.analysis.selection import RANDOM_SLOPE, UNCORRELATED

    if choice.model == UNCORRELATED:
        return 2, "diagonal", choice.reference_time
    if choice.model == RANDOM_SLOPE:
        return 2, "unstructured", 0.0
    return 1, "unstructured", 0.0


def within_subject(frame: pd.DataFrame, column: str) -> str:
    """How a covariate varies within a subject.

    "constant": one value per subject (between-subject); "same_times": several values at one time
    within a subject, in most subject x time cells (each subject x value is then a series measured
    over time, paired within the subject; the multilevel model's rule,
    :func:`~reportgen.analysis.multilevel.varies_at_same_times`); "varies": it changes over time
    within a subject (time-varying).
    """
    from reportgen.analysis.multilevel import varies_at_same_times

    if (frame.groupby("group")[column].nunique(dropna=True) <= 1).all():
        return "constant"
    if varies_at_same_times(frame, ("group",), "time", column):
        return "same_times"
    return "varies"


def _kind(values: pd.Series) -> str:
    return "numeric" if values.dtype.kind in "fiu" else "categorical"


def _check_levels(frame: pd.DataFrame, column: str) -> None:
    levels = frame[column].nunique()
    if levels < 2:
        raise DataValueError(
            f"covariate '{column}' has a single value in the data used; it cannot change anything",
            column=column,
        )
    if _kind(frame[column]) == "categorical" and levels > MAX_LEVELS:
        raise DataValueError(
            f"covariate '{column}' has {levels} levels; a categorical covariate needs at most "
            f"{MAX_LEVELS} (is it an id or a numeric column written as text?)",
            column=column,
        )


def _columns_of(design: Any, factors: set[str]) -> list[int]:
    """Columns of the model matrix whose term is made of exactly these factors."""
    from reportgen.analysis.model_matrix import term_factors

    wanted = {f.strip("`") for f in factors}
    return [j for j, a in enumerate(design.assign) if term_factors(design.terms[a]) == wanted]


def time_names(design: Any) -> tuple[str, ...]:
    """The terms that stand for time in a design: ``time``, or the curve's (a quadratic's two)."""
    from reportgen.analysis.model_matrix import time_terms

    return ("time",) if design.basis is None else tuple(term for term, _ in time_terms(design.basis))


def _all_time_columns(design: Any, column: str) -> list[int]:
    """Every column in which the covariate meets time: its own time (or curve) terms and those it
    shares with a covariate it interacts with (``ns(conc, 4):Type:Treatment``). Dropping them all
    asks whether time's trend differs with the covariate at any level of the others, whatever the
    coding; the own terms alone would test it at the others' reference levels only."""
    from reportgen.analysis.model_matrix import term_factors

    times = {t.strip("`") for t in time_names(design)}
    return [
        j
        for j, a in enumerate(design.assign)
        if column.strip("`") in (factors := term_factors(design.terms[a])) and factors & times
    ]


def _interaction_test(model: MixedFit, anova: dict[str, FTest], design: Any, column: str) -> FTest:
    """The type-III test of time x covariate (curve x covariate: all the curve's terms at once)."""
    return joint_test(model, anova, [term for term in interaction_terms(design, column) if term in anova])


def interaction_terms(design: Any, column: str) -> list[str]:
    """The design's terms of time (or the curve's terms) x the covariate."""
    from reportgen.analysis.model_matrix import term_factors

    wanted = [{t, column} for t in time_names(design)]
    return [term for term in design.terms if set(term_factors(term)) in wanted]


def main_effect_at(shape: str, first: float) -> float:
    """The time at which the type-III main effect compares the levels: where the trend's columns
    are all 0 (time 0; log(time) 0 at time 1; a natural spline's at its first knot, the first time).
    A harmonic's sine and cosine are never 0 together: its main effect compares the levels' mean
    levels over a cycle, at no one time (0 is returned, and the words say so)."""
    from reportgen.analysis.time_basis import LOG

    if shape == LOG:
        return 1.0
    return first if shape.startswith("spline") else 0.0


def curve_of(frame: pd.DataFrame, choice: ModelChoice) -> Any:
    """The chosen trend's shape when it is a curve (its columns then carry the covariates); None
    for a straight line, whose covariate model stays ``time * covariates``."""
    from reportgen.analysis.time_basis import chosen_shape

    if choice.shapes is None or not choice.shapes.curved:
        return None
    return chosen_shape(choice.shapes, frame["time"].to_numpy(float))


def _without(design: Any, drop: list[int]) -> Any:
    """The design with some columns removed (for the likelihood-ratio test of a term)."""
    keep = [j for j in range(len(design.names)) if j not in drop]
    return dataclasses.replace(
        design,
        X=design.X[:, keep],
        names=tuple(design.names[j] for j in keep),
        assign=tuple(design.assign[j] for j in keep),
    )


def _kept_partners(column: str, kept: tuple[tuple[str, str], ...]) -> list[str]:
    """The covariates whose interaction with ``column`` the model keeps."""
    return [b if a == column else a for a, b in kept if column in (a, b)]


def estimable_pairs(frame: pd.DataFrame, covariates: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """The pairs of covariates whose interaction the data can estimate beside the others'.

    A pair is left out when adding its terms leaves the design short of full rank (levels of the
    two that never meet, or one covariate that determines the other): nothing can test it.
    """
    from reportgen.analysis.model_matrix import build_model_matrix

    kept: tuple[tuple[str, str], ...] = ()
    for pair in covariate_pairs(covariates):
        x = build_model_matrix(frame, covariates=covariates, crossed=(*kept, pair)).X
        if np.linalg.matrix_rank(x) == x.shape[1]:
            kept = (*kept, pair)
    return kept


def analyse_covariates(
    frame: pd.DataFrame,
    covariates: tuple[str, ...],
    choice: ModelChoice,
    *,
    engine: str,
    outer: MultilevelFit | None = None,
) -> dict[str, CovariateEffect]:
    """One covariate model for all covariates; a section's numbers for each of them. With an outer
    level (``outer``: the model the report stands on), the tests, differences and intervals read
    the covariate model's fixed effects refitted with its random terms at every level."""
    from reportgen.analysis.covariate_cycle import level_cycles
    from reportgen.analysis.inference import type3_anova
    from reportgen.analysis.mixed import fit_model
    from reportgen.analysis.model_matrix import build_model_matrix

    if not covariates:
        return {}
    for column in covariates:
        _check_levels(frame, column)
    start = covariate_structure(choice)
    time_sd = float(frame["time"].std(ddof=0))
    mean_time = float(frame["time"].mean())

    def fit_as(d: Any, structure: Structure, *, reml: bool) -> MixedFit:
        random_terms, covariance, origin = structure
        return fit_model(
            frame, d, random=random_terms, covariance=covariance, reml=reml, engine=engine, time_origin=origin
        )

    curve = curve_of(frame, choice)

    def matrix(crossed: tuple[tuple[str, str], ...], timed: bool | tuple[str, ...] = True) -> Any:
        return build_model_matrix(
            frame, covariates=covariates, crossed=crossed, shape=curve, interactions=timed
        )

    pairs = estimable_pairs(frame, covariates)
    tested: list[Interaction] = []
    if pairs:  # the interactions tested in the model with every pair's, the random part simplified there
        crossed = matrix(pairs)
        with_pairs, _, _ = simplify(
            lambda st: fit_as(crossed, st, reml=True), start, choice.reference_time, time_sd
        )
        tested = interactions(with_pairs, pairs, time_names(crossed))
    kept_pairs = tuple(i.pair for i in tested if i.kept)
    design = matrix(kept_pairs)
    model, structure, first_singular = simplify(
        lambda st: fit_as(design, st, reml=True), start, choice.reference_time, time_sd
    )
    design_structure = structure
    random, covariance, origin = structure

    def fit(d: Any, *, reml: bool, random_terms: int = random) -> MixedFit:
        return fit_as(d, (random_terms, covariance, origin), reml=reml)

    full_ml = fit(design, reml=False)
    anova = type3_anova(model)
    drops = {column: _all_time_columns(design, column) for column in covariates}
    lrts = {
        column: likelihood_ratio(fit(_without(design, drop), reml=False), full_ml, len(drop), boundary=False)
        for column, drop in drops.items()
    }
    if outer is not None and outer.crossed:  # the test of the model the report stands on (statO 6)
        from reportgen.analysis.outer_levels import with_outer_levels

        def ml_with_levels(d: Any) -> MixedFit:
            return with_outer_levels(fit(d, reml=False), frame, d.X, outer, reml=False)

        larger = ml_with_levels(design)
        lrts = {
            column: likelihood_ratio(
                ml_with_levels(_without(design, drop)), larger, len(drop), boundary=False
            )
            for column, drop in drops.items()
        }
    timed = tuple(column for column in covariates if curve is None or lrts[column].p < ALPHA)
    used, used_model, used_ml, used_anova = design, model, full_ml, anova
    if timed != covariates:  # a curve the covariate does not change: the additive model
        used = matrix(kept_pairs, timed)
        used_model, structure, _ = simplify(
            lambda st: fit_as(used, st, reml=True), structure, choice.reference_time, time_sd
        )
        random, covariance, origin = structure
        used_ml, used_anova = fit_as(used, structure, reml=False), type3_anova(used_model)
    slope_test = None
    if start[0] >= 2:  # with the covariates in, are the slopes of the chosen model still needed?
        extra = 2 if start[1] == "unstructured" else 1  # slope variance (and covariance)
        first_ml = used_ml if structure == start else fit_as(used, start, reml=False)
        slope_test = likelihood_ratio(fit(used, reml=False, random_terms=1), first_ml, extra, boundary=True)
    part = random_part(used_model, structure, start, first_singular, frame, covariates)
    if slope_test is not None and first_singular:  # which variance the singular fit put at 0
        part = dataclasses.replace(part, boundary=boundary_component(first_ml, time_sd))
    one_grouping = used_model
    if outer is not None:
        from reportgen.analysis.outer_levels import with_outer_levels

        used_model = with_outer_levels(used_model, frame, used.X, outer)
        model = used_model if used is design else with_outer_levels(model, frame, design.X, outer)
        anova, used_anova = type3_anova(model), type3_anova(used_model)
    times = observed_times(frame["time"].to_numpy(float))
    outer_columns = () if outer is None else outer.levels[:-1]  # the subjects' own level is the last
    crossed_levels = outer is not None and outer.crossed
    effects = {}
    for column in covariates:
        kind = _kind(frame[column])
        held = held_at(frame, used, column, covariates)
        # the values measured at the first time, on the rows the lines there are drawn at (start_subset)
        at_levels = held_levels(held, _kept_partners(column, kept_pairs))
        start_rows = rows_at(frame, at_levels)
        # The grouping the first-time test has a random intercept for (analysis.outer_start_test):
        # one the covariate is constant within (arm by school), else the outermost one.
        constant_by = constant_within(
            _values_at(start_rows, column, choice.reference_time, outer_columns), column, outer_columns
        )
        start_by = constant_by if constant_by and not crossed_levels else next(iter(outer_columns), "")
        centre = float(frame[column].mean()) if kind == "numeric" else 0.0
        levels, contrasts, starts, values = _level_contrasts(frame, used, column, held, kind)
        level_at = functools.partial(_model_at, used_model, used, column, held, levels, values)
        varies = within_subject(frame, column)
        constant = varies == "constant"
        counts = (
            (frame.drop_duplicates("group")[column] if constant else frame[column]).astype(str).value_counts()
        )
        effects[column] = CovariateEffect(
            column=column,
            kind=kind,
            within_subject=varies,
            levels=levels,
            level_counts={lv: int(counts.get(lv, 0)) for lv in levels} if kind == "categorical" else {},
            fixed=dict(used_model.coefficients),
            slope_by_level={lv: used_model.contrast(row) for lv, row in zip(levels, contrasts, strict=True)},
            level_intercepts={
                lv: float(row @ used_model.beta) for lv, row in zip(levels, starts, strict=True)
            },
            level_values=values,
            main_test=_ftest(used_anova, used, {column}),
            difference_at_start=_start_test(used_model, used, column, choice.reference_time, held),
            interaction_test=_interaction_test(model, anova, design, column),
            lrt_interaction=lrts[column],
            random_slope_lrt=slope_test,
            slopes_explained_away=bool(
                slope_test is not None
                and slopes_supported_before(choice, slope_test.df)
                and slope_test.p_boundary >= ALPHA
            ),
            structure=(
                "random_intercept"
                if random == 1
                else "uncorrelated_slope"
                if covariance == "diagonal"
                else "random_slope"
            ),
            fit=one_grouping,
            held_at=held,
            distinct_values=int(frame[column].nunique()),
            whole_numbers=kind == "numeric" and bool((frame[column] % 1 == 0).all()),
            mean_time=mean_time,
            difference_at_mean_time=_start_test(used_model, used, column, mean_time, held),
            measured_at_start=None
            if few_at_start(choice.observed_groups_at_reference, int(frame["group"].nunique()))
            else measured_at_start(
                start_rows, column, choice.reference_time, kind, outer_columns, crossed_levels
            ),
            measured_at_start_by=start_by,
            measured_at_start_crossed=crossed_levels or (bool(start_by) and start_by != constant_by),
            measured_means_at_start=measured_means_at(start_rows, column, choice.reference_time, kind),
            measured_at_start_held=at_levels,
            model_at_start=level_at(choice.reference_time)
            if curve is not None
            else {
                lv: float(row @ model.beta) + choice.reference_time * model.contrast(slope).estimate
                for lv, row, slope in zip(levels, starts, contrasts, strict=True)
            },
            differences=differences(used_model, used, column, kind, held, times, centre),
            interactions=tuple(i for i in tested if column in i.pair),
            random_part=part,
            differences_by={
                other: {
                    str(level): differences(
                        used_model, used, column, kind, {**held, other: level}, times, centre
                    )
                    for level in used.levels[other][1:]
                }
                for other in _kept_partners(column, kept_pairs)
                if other in used.levels
            },
            shape=used.shape,
            time_interaction=column in timed,
            main_effect_time=main_effect_at(used.shape, times["first"]),
            design=used,
            **(_curves(level_at, times) if curve is not None else {}),
            cycles=None
            if curve is None or curve.period is None
            else level_cycles(
                used_model,
                levels,
                functools.partial(design_rows, used, column, _compared(used, column, values), held),
                float(curve.period),
            ),
        )
    if outer is not None:  # its subject x condition terms are the multilevel model's
        return {
            c: dataclasses.replace(e, subject_condition_term=c in outer.within, fit_with_levels=used_model)
            for c, e in effects.items()
        }
    paired = tuple(c for c, e in effects.items() if e.within_subject == "same_times")
    fitted = ((design, design_structure), (used, structure))
    paired_fit: list[LmerEstimates] = []  # the model with the subject x condition terms (condition_term)
    for column, (paired_main, paired_timed) in condition_tests(
        paired, frame, fitted, interaction_terms, paired_fit
    ).items():
        e = dataclasses.replace(
            effects[column],
            main_test=paired_main if paired_main is not None else effects[column].main_test,
            interaction_test=paired_timed if paired_timed is not None else effects[column].interaction_test,
            subject_condition_term=True,
        )
        if paired_fit and e.cycles is None:  # its differences too (statistician Q, session 8, Rabbit)
            held = held_at(frame, used, column, covariates)
            centre = float(frame[column].mean()) if e.kind == "numeric" else 0.0
            paired_model = paired_fit[0]
            e = dataclasses.replace(
                e,
                differences=differences(paired_model, used, column, e.kind, held, times, centre),
                difference_at_start=_start_test(paired_model, used, column, choice.reference_time, held),
                difference_at_mean_time=_start_test(paired_model, used, column, mean_time, held),
                differences_paired=True,
            )
        effects[column] = e
    return effects


def _values_at(frame: pd.DataFrame, column: str, t0: float, outer: tuple[str, ...] = ()) -> pd.DataFrame:
    """The rows measured at time t0 with a value of the covariate (and their ``outer`` groups)."""
    return frame.loc[frame["time"] == t0, [*outer, column, "response"]].dropna()


def measured_means_at(frame: pd.DataFrame, column: str, t0: float, kind: str) -> dict[str, float]:
    """Mean response measured at time t0 by level of a categorical covariate (numeric: none). A
    covariate constant within an outer level is tested on these same rows with a random intercept
    for each outer group (:func:`reportgen.analysis.outer_start_test.outer_level_test`, as lmerTest),
    so the means beside that test are the rows' own, not the outer groups' means."""
    if kind != "categorical":
        return {}
    rows = _values_at(frame, column, t0)
    return {str(lv): float(v) for lv, v in rows.groupby(column, sort=True)["response"].mean().items()}


def measured_at_start(
    frame: pd.DataFrame, column: str, t0: float, kind: str, outer: tuple[str, ...] = (), crossed: bool = False
) -> FTest | None:
    """Do the values measured at time t0 differ by the covariate? From the data, not the lines.

    Categorical: one-way ANOVA of the values there by level (levels with at least two values,
    at least two such levels). Numeric: the F test (= t squared) of a straight line in the
    covariate. None when there is too little to test.

    ``outer``: the outer grouping columns, outermost first. With any, the test has a random
    intercept for each outer group, as lmerTest tests it (:mod:`reportgen.analysis.outer_start_test`):
    the subjects of one school are not independent replicates of an arm assigned by school, and the
    values measured at one site share its level whatever their covariate (statistician R 4, session
    8: trt varying within site gave the one-way ANOVA's F 9.31 on 1 and 143 df where
    ``anova(lmer(score ~ trt + (1 | site)))`` gives 9.73 on 1 and 133.3). ``crossed``: the ``outer``
    groupings are crossed with the subjects (patients who move between sites), each a term of its
    own (statistician O: a straight line in trt gave F = 0.040 on 1 and 118 df where lmerTest gives
    1.97 on 1 and 106.3).
    """
    from scipy import stats

    from reportgen.analysis.outer_start_test import outer_level_test

    rows = _values_at(frame, column, t0, outer)
    if outer:
        return outer_level_test(rows, column, kind, outer, crossed)
    if kind == "numeric":
        if rows[column].nunique() < 2 or len(rows) < 3:
            return None
        fit = stats.linregress(rows[column].to_numpy(float), rows["response"].to_numpy(float))
        t = fit.slope / fit.stderr if fit.stderr > 0 else float("inf")
        return FTest(float(t * t), 1.0, float(len(rows) - 2), float(fit.pvalue))
    groups = [g.to_numpy(float) for _, g in rows.groupby(column, sort=True)["response"] if len(g) >= 2]
    if len(groups) < 2:
        return None
    n = sum(len(g) for g in groups)
    if all(np.ptp(g) == 0 for g in groups):  # no spread within levels: the F ratio is undefined
        return None
    result = stats.f_oneway(*groups)
    return FTest(
        float(result.statistic), float(len(groups) - 1), float(n - len(groups)), float(result.pvalue)
    )


def constant_within(rows: pd.DataFrame, column: str, outer: tuple[str, ...]) -> str:
    """The outermost level of ``outer`` within which ``column`` is constant in ``rows`` ("": none)."""
    return next((level for level in outer if (rows.groupby(level)[column].nunique() <= 1).all()), "")


def _start_test(
    model: MixedFit | LmerEstimates, design: Any, column: str, t0: float, held: dict[str, str | float]
) -> FTest:
    """Do the lines of the covariate's levels (or values) differ at time t0? One F test."""
    return model.f_test(
        difference_rows(design, column, "categorical" if column in design.levels else "numeric", held, t0)
    )


def _ftest(anova: dict[str, Any], design: Any, factors: set[str]) -> FTest:
    wanted = {f.strip("`") for f in factors}
    for term, test in anova.items():
        if {f.strip("`") for f in term.split(":")} == wanted:
            return test
    raise KeyError(f"no type-III test for {':'.join(sorted(factors))}")


def slopes_supported_before(choice: ModelChoice, df: int) -> bool:
    """Did the same random-slope test, before any covariate, find the slopes differing?

    The test with the covariates in drops the chosen model's slope variance (``df`` 1, uncorrelated)
    or variance and covariance (2). With one df the comparable test is the uncorrelated refit's
    (CO2: chi2 = 0.93, boundary-corrected p = 0.167, though the correlated test chose the slopes):
    a covariate cannot explain slope differences that test did not find.
    """
    if choice.model == "random_intercept":
        return False
    if df == 1 and choice.uncorrelated_lrt is not None:
        return choice.uncorrelated_lrt.p_boundary < ALPHA
    return True


def _level_contrasts(
    frame: pd.DataFrame, design: Any, column: str, held: dict[str, str | float], kind: str
) -> tuple[tuple[str, ...], list[np.ndarray], list[np.ndarray], tuple[float, ...]]:
    """Each level's time slope and level at time 0, as contrasts of the fixed effects.

    Levels are a categorical covariate's levels, or a numeric one's quartiles; the other
    covariates sit where ``held`` puts them. The rows are the design's at time 0 and 1 (the slope
    is their difference: the time basis is a straight line here).
    """
    distinct = [float(v) for v in sorted(frame[column].unique())] if kind == "numeric" else []
    if kind == "numeric" and len(distinct) == 2:
        # Two values only (Dialyzer's QB: 200 or 300): read at those, not at a median no one has.
        values = distinct
        levels = tuple(f"{column} {v:g}" for v in values)
    elif kind == "numeric" and looks_coded(kind, len(distinct), all(v.is_integer() for v in distinct)):
        # Few whole values, maybe codes (BodyWeight's Diet 1 to 3): read at values subjects have.
        values = reading_values(distinct, float(np.median(frame[column].to_numpy(float))))
        levels = tuple(f"{column} {v:g}" for v in values)
    elif kind == "numeric":
        quartiles = np.quantile(frame[column].to_numpy(float), [0.25, 0.5, 0.75])
        chosen: dict[str, float] = {}
        for name, q in zip(QUARTILE_NAMES, quartiles, strict=True):
            if not any(abs(v - q) < 1e-12 for v in chosen.values()):
                chosen[name] = float(q)
        levels, values = tuple(chosen), list(chosen.values())
    else:
        levels = tuple(str(level) for level in design.levels[column])
        values = list(design.levels[column])
    if design.basis is None:
        starts = design_rows(design, column, values, held, 0.0)
        slopes = design_rows(design, column, values, held, 1.0) - starts
    else:  # a curve: the average rate over the observed times, and its chord's level at time 0
        first, last = float(frame["time"].min()), float(frame["time"].max())
        at_first = design_rows(design, column, values, held, first)
        slopes = (design_rows(design, column, values, held, last) - at_first) / (last - first)
        starts = at_first - first * slopes
    return levels, list(slopes), list(starts), tuple(values) if kind == "numeric" else ()


CURVE_POINTS = 60  # points of each level's curve in the figure


def _compared(design: Any, column: str, values: tuple[float, ...]) -> list[Any]:
    """The values whose rows stand for the levels: a categorical covariate's levels, else ``values``."""
    return list(design.levels[column]) if column in design.levels else list(values)


def _model_at(
    model: MixedFit,
    design: Any,
    column: str,
    held: dict[str, str | float],
    levels: tuple[str, ...],
    values: tuple[float, ...],
    t0: float,
) -> dict[str, float]:
    """The model's level (on its curve) at time t0 for each level of the covariate."""
    rows = design_rows(design, column, _compared(design, column, values), held, t0)
    return {lv: float(row @ model.beta) for lv, row in zip(levels, rows, strict=True)}


def _curves(level_at: Callable[[float], dict[str, float]], times: dict[str, float]) -> dict[str, Any]:
    """``curve_times`` and ``curves`` of :class:`CovariateEffect` from each level's value at a time
    (``level_at``): the curves over the observed times, never beyond (a spline is not defined there)."""
    grid = np.linspace(times["first"], times["last"], CURVE_POINTS)
    at = [level_at(float(t)) for t in grid]
    return {
        "curve_times": tuple(float(t) for t in grid),
        "curves": {lv: tuple(point[lv] for point in at) for lv in at[0]},
    }
