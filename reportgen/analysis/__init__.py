"""Pure statistics: cleaned data in, frozen results out (no plotting, no text)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from reportgen.analysis.correlation_sign import correlation_test
from reportgen.analysis.covariates import CovariateEffect, analyse_covariates
from reportgen.analysis.curve_influence import CurveInfluence, curve_influence
from reportgen.analysis.describe import (
    ObservationDesign,
    Overview,
    Relationship,
    WithinCorrelation,
    observation_design,
    overview,
    relationship,
    within_correlation,
)
from reportgen.analysis.diagnostics import Diagnostics, diagnose
from reportgen.analysis.every_level_checks import diagnose_every_level, every_level_fit
from reportgen.analysis.explained import VarianceExplained, icc, r_squared
from reportgen.analysis.family import FamilyChoice, choose_family
from reportgen.analysis.headline_levels import without_covariates
from reportgen.analysis.inference import LikelihoodRatio
from reportgen.analysis.influence import Influence, subject_influence
from reportgen.analysis.line_pair import LineComparison, compare_lines, with_first_values
from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.mixed import subject_line
from reportgen.analysis.model_comparison import ModelComparison
from reportgen.analysis.models import ModelEntry, fitted_models
from reportgen.analysis.multilevel import MultilevelFit, stood_on_multilevel
from reportgen.analysis.outer_influence import OuterInfluence, outer_influence
from reportgen.analysis.outer_levels import curve_with_levels, line_with_levels
from reportgen.analysis.pairs import AUTOMATIC, Pair, choose_pair, eligible, rests_on_one_value
from reportgen.analysis.pooling import Pooling, model_lines, panel_subjects, pooling
from reportgen.analysis.regression import Line, OlsFit, fit_ols, fit_subject_lines
from reportgen.analysis.selection import ModelChoice
from reportgen.analysis.shape import CurveSummary, fit_supported_model, population, shape_by_covariates
from reportgen.analysis.trend import Trend, check_trend
from reportgen.analysis.waves import Waves, mean_waves, residual_waves
from reportgen.errors import DataValueError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.glmm import GlmmAnalysis
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

__all__ = ["Analysis", "analyze", "subject_line"]


@dataclass(frozen=True)
class Analysis:
    """Every number the report needs: the seminar's six questions, then going further."""

    overview: Overview
    relationship: Relationship
    within: WithinCorrelation  # Q2: the repeated-measures correlation beside the pooled one
    design: ObservationDesign  # Q1: observations per subject and dropout
    ols: OlsFit
    subject_lines: dict[str, Line]
    first_subjects: tuple[str, ...]
    subject_pair: Pair  # Q4: the two subjects and why they were picked; subject_pair_lines: their lines
    subject_pair_lines: LineComparison
    random_intercept: MixedFit  # (1 | group), REML: the seminar's model
    mixed_pair: Pair  # Q6, as subject_pair in the random-intercept model
    # Each subject's first observation (time, response): what the data say about where it starts;
    # the mean of its values at that time when it has several (first_counts: how many).
    first_observations: dict[str, tuple[float, float]]
    mixed_pair_lines: LineComparison
    random_slope: MixedFit  # (time | group), REML
    comparison: ModelComparison  # both refit by ML
    icc: float
    explained_ri: VarianceExplained
    explained_rs: VarianceExplained
    explained: VarianceExplained  # of choice.fit: the R² the report stands on
    # The model the report stands on (fit, rule code ``model`` and ``reason``): the random effects
    # the tests support. Pooling, the caterpillar plot, influence, diagnostics, residual figures,
    # alt texts, the headline, email and cohort index all describe ``choice.fit``.
    choice: ModelChoice
    diagnostics: Diagnostics  # of choice.fit, or with an outer level of checked_fit (below)
    pooling: Pooling  # of choice.fit, levels read at choice.reference_time
    influence: Influence  # leave-one-subject-out refits of choice.fit
    panel_subjects: tuple[str, ...]  # the subjects the small-multiples figure draws
    trend: Trend | None  # is a straight line adequate? (None: fewer than 3 distinct times)
    covariates: dict[str, CovariateEffect]  # the study's design, one entry per covariate column
    # Every mixed model the report fits, by its results name (``models.<name>``; see analysis.models).
    models: dict[str, ModelEntry] = field(default_factory=dict)
    # The response's family, decided once (--family); a binomial or Poisson one brings its GLMMs.
    family: FamilyChoice | None = None
    glmm: GlmmAnalysis | None = None
    # Does each covariate change the chosen curve (shape x covariate, ML)? Empty for a straight line.
    shape_by_covariate: dict[str, LikelihoodRatio] = field(default_factory=dict)
    first_counts: dict[str, int] = field(default_factory=dict)
    waves: Waves | None = None  # clear peaks and troughs of the mean trajectory (a cycle: both)
    # The same turns in the chosen model's residual means by time: a wave its shape does not follow.
    residual_waves: Waves | None = None
    # A curved trend: leave-one-subject-out refits of the curve itself (influence refits its line).
    curve_influence: CurveInfluence | None = None
    # The correlated random slopes against uncorrelated ones (ML, at the first observed time): the
    # correlation's sign is read only when this test supports it (analysis.correlation_sign).
    correlation_lrt: LikelihoodRatio | None = None
    # With subjects nested in an outer level (--group site/patient): the model with every level, which
    # the report stands on (model_choice.stands_on "multilevel"); None with one grouping.
    multilevel: MultilevelFit | None = None
    # With it: the straight line's fixed effects refitted with its random terms (the headline's rate).
    stood_on_line: MixedFit | None = None
    # With it and a curved trend: the curve's levels and change with every level (the headline's).
    stood_on_curve: CurveSummary | None = None
    # With it: the model with every level the headline reads (stood_on_line and stood_on_curve take
    # its random terms): ``multilevel`` itself without covariates, else the same levels without the
    # covariates, its random part chosen by the same rule (analysis.headline_levels).
    headline_multilevel: MultilevelFit | None = None
    # With it: the average slope with every level refitted without each outer group (site) in turn.
    outer_influence: OuterInfluence | None = None
    # With it: the one-grouping fit with the fitted values of the model with every level, whose
    # residuals ``diagnostics`` and the residual figures read (None: they read ``choice.fit``'s).
    checked_fit: MixedFit | None = None


def analyze(data: CleanData, config: BuildConfig) -> Analysis:
    """Run the seminar's analysis in question order, then the going-further models; its fits share
    each group column's factorization (:func:`reportgen.analysis.group_codes.reused`)."""
    from reportgen.analysis.group_codes import reused

    with reused():
        return _analyze(data, config)


def _analyze(data: CleanData, config: BuildConfig) -> Analysis:
    frame = data.frame
    engine = config.engine
    family = choose_family(
        frame["response"].to_numpy(float),
        config.family,
        unit=config.labels.response_unit,
        column=config.response,
    )
    if config.log_response and family.glmm:
        raise DataValueError(
            f"--log-response applies to a gaussian response; --family auto reads {config.response!r} "
            f"as {family.kind} and fits a {family.family} model; "
            "drop --log-response (or use --family gaussian)",
            column=config.response,
        )
    subjects = [str(s) for s in frame["group"].unique().tolist()]  # a list: Arrow arrays iterate slowly
    lines = fit_subject_lines(frame)
    supported = fit_supported_model(frame, engine=engine, period=config.period)
    mixed, random_slope = supported.random_intercept, supported.random_slope
    comparison, choice = supported.comparison, supported.choice
    counts = frame.groupby("group")["time"].count().to_dict()
    slopes = {s: lines[s].slope for s in lines}
    pair = choose_pair(
        config.pair,
        config.pair_from_user,
        slopes if config.pair_from_user else eligible(slopes, counts),
        option=config.pair_origins[0],
        all_subjects=subjects,
    )
    if pair.reason == AUTOMATIC:
        pair = _flag_single_values(pair, frame, eligible(slopes, counts))
    effects = mixed.intercept_effects()
    mixed_pair = choose_pair(
        config.mixed_pair,
        config.mixed_pair_from_user,
        effects if config.mixed_pair_from_user else eligible(effects, counts),
        option=config.pair_origins[1],
        all_subjects=subjects,
    )
    # Each subject's values at its own first time: their mean, and how many there are (Rabbit's
    # animals have two at dose 6.25, one per treatment: one of them is no subject's start).
    first_time = frame.groupby("group", sort=False)["time"].transform("min")
    at_first = frame[frame["time"].to_numpy(float) == first_time.to_numpy(float)]
    first = at_first.groupby("group", sort=False).agg(
        time=("time", "first"), response=("response", "mean"), n=("response", "size")
    )
    first_ids = [str(g) for g in first.index.tolist()]
    first_observations = {
        g: (float(t), float(y))
        for g, t, y in zip(first_ids, first["time"].tolist(), first["response"].tolist(), strict=True)
    }
    first_counts = {g: int(n) for g, n in zip(first_ids, first["n"].tolist(), strict=True)}
    time = frame["time"].to_numpy(float)
    chosen, start = choice.fit, choice.reference_time
    # A curved trend: the slope's summaries (influence) describe the straight line with the curve's
    # random effects (choice.line); pooling reads the random effects of the curve's own fit (the same
    # kind of deviation, in level and slope; the straight line's fit can be singular where it is not).
    line = choice.straight
    fits = (mixed, random_slope, supported.random_intercept_ml, choice.straight_ml)
    starts = tuple(f for f in fits if f is not None)  # the refits of influence start at these optima
    trend = check_trend(frame, choice, engine=engine)
    multilevel = stood_on_multilevel(data, config, family.glmm, choice.shape)
    headline_levels = without_covariates(data, config, multilevel)
    covariates = analyse_covariates(frame, config.covariates, choice, engine=engine, outer=multilevel)
    checked = every_level_fit(chosen, frame, multilevel)
    return Analysis(
        overview=overview(data.typed, len(data.columns)),
        relationship=relationship(frame),
        within=within_correlation(frame),
        design=observation_design(frame),
        ols=fit_ols(frame),
        subject_lines=lines,
        first_subjects=tuple(s for s in subjects if s in lines)[: config.first_subjects],
        subject_pair=pair,
        subject_pair_lines=with_first_values(
            compare_lines(
                pair.first, lines[pair.first], pair.second, lines[pair.second], choice.reference_time
            ),
            first_observations,
        ),
        random_intercept=mixed,
        mixed_pair=mixed_pair,
        first_observations=first_observations,
        first_counts=first_counts,
        mixed_pair_lines=with_first_values(
            compare_lines(
                mixed_pair.first,
                subject_line(mixed, mixed_pair.first),
                mixed_pair.second,
                subject_line(mixed, mixed_pair.second),
                choice.reference_time,
            ),
            first_observations,
        ),
        random_slope=random_slope,
        comparison=comparison,
        icc=icc(mixed),
        explained_ri=r_squared(mixed, time),
        explained_rs=r_squared(random_slope, time),
        explained=r_squared(chosen, time, fixed=population(choice, time)),
        choice=choice,
        diagnostics=_diagnostics(chosen, frame, config, choice, checked, multilevel),
        pooling=pooling(chosen, lines, start),
        influence=subject_influence(
            line,
            frame,
            # The random-slope test is re-run on straight lines only: a curve's decides on the curve.
            comparison if choice.shape == "linear" else None,
            starts=starts,
            slopes_kept=choice.model != "random_intercept",
        ),
        panel_subjects=panel_subjects(model_lines(chosen, start, population=line)),
        trend=trend,
        covariates=covariates,
        models=fitted_models(frame, supported, trend, covariates, multilevel),
        family=family,
        glmm=_glmm(frame, family, config, (mixed_pair.first, mixed_pair.second)),
        shape_by_covariate=shape_by_covariates(frame, config.covariates, choice, engine=engine),
        waves=mean_waves(time, frame["response"].to_numpy(float)),
        residual_waves=residual_waves(chosen, frame),
        curve_influence=curve_influence(frame, choice, None if trend is None else trend.curve, engine=engine),
        correlation_lrt=correlation_test(frame, supported, start, engine=engine),
        multilevel=multilevel,
        stood_on_line=None
        if headline_levels is None
        else line_with_levels(choice.straight, frame, headline_levels),
        stood_on_curve=None if headline_levels is None else curve_with_levels(choice, frame, headline_levels),
        headline_multilevel=headline_levels,
        outer_influence=outer_influence(frame, headline_levels),
        checked_fit=checked,
    )


def _diagnostics(
    chosen: MixedFit,
    frame: pd.DataFrame,
    config: BuildConfig,
    choice: ModelChoice,
    checked: MixedFit | None,
    multilevel: MultilevelFit | None,
) -> Diagnostics:
    """The residual checks of the model the report stands on: the model with every level's
    residuals (``checked``) when there is one, else the chosen one-grouping fit's."""
    options: dict[str, Any] = {
        "at": choice.reference_time,
        "engine": config.engine,
        "response_names": (config.response, config.labels.response),
        "log_response": config.log_response,
        "choice": choice,
    }
    if checked is not None and multilevel is not None:
        return diagnose_every_level(checked, frame, multilevel, covariates=config.covariates, **options)
    return diagnose(chosen, frame, config.covariates, **options)


def _glmm(
    frame: pd.DataFrame, family: FamilyChoice, config: BuildConfig, pair: tuple[str, str]
) -> GlmmAnalysis | None:
    """The GLMMs of a binomial or Poisson response (None for a gaussian one)."""
    if not family.glmm:
        return None
    from reportgen.analysis.glmm import analyse_glmm

    columns = (config.response, config.time, config.group)
    return analyse_glmm(frame, family, columns, pair, config.covariates, config.factors, config.period)


def _flag_single_values(pair: Pair, frame: pd.DataFrame, slopes: dict[str, float]) -> Pair:
    """Mark the picked subjects whose extreme slope rests on one observation."""
    from dataclasses import replace

    flagged = []
    for subject, highest in ((pair.first, True), (pair.second, False)):
        rows = frame[frame["group"] == subject]
        others = [v for s, v in slopes.items() if s != subject]
        if rests_on_one_value(rows["time"].to_list(), rows["response"].to_list(), others, highest):
            flagged.append(subject)
    return replace(pair, rests_on_one=tuple(flagged))
