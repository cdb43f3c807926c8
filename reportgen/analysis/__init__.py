"""Pure statistics: cleaned data in, frozen results out (no plotting, no text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.analysis.compare import LineComparison, compare_lines
from reportgen.analysis.comparison import ModelComparison, compare_models
from reportgen.analysis.covariates import CovariateEffect, analyse_covariates
from reportgen.analysis.describe import Overview, Relationship, overview, relationship
from reportgen.analysis.diagnostics import Diagnostics, diagnose
from reportgen.analysis.explained import VarianceExplained, icc, r_squared
from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.mixed import fit_mixed, subject_line
from reportgen.analysis.pairs import Pair, choose_pair
from reportgen.analysis.pooling import Pooling, pooling
from reportgen.analysis.regression import Line, OlsFit, fit_ols, fit_subject_lines
from reportgen.analysis.selection import ModelChoice, choose_model
from reportgen.analysis.trend import Trend, check_trend

if TYPE_CHECKING:
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

__all__ = ["Analysis", "analyze", "subject_line"]


@dataclass(frozen=True)
class Analysis:
    """Every number the report needs: the seminar's six questions, then going further."""

    overview: Overview
    relationship: Relationship
    ols: OlsFit
    subject_lines: dict[str, Line]
    first_subjects: tuple[str, ...]
    pair: Pair
    pair_comparison: LineComparison
    mixed: MixedFit  # (1 | group), REML: the seminar's model
    mixed_pair: Pair
    mixed_comparison: LineComparison
    random_slope: MixedFit  # (time | group), REML
    comparison: ModelComparison  # both refit by ML
    icc: float
    explained_ri: VarianceExplained
    explained_rs: VarianceExplained
    diagnostics: Diagnostics  # of the random-slope model
    pooling: Pooling
    choice: ModelChoice  # the random effects the tests support: the headline model
    trend: Trend  # is a straight line adequate?
    covariates: dict[str, CovariateEffect]  # the study's design, one entry per covariate column


def analyze(data: CleanData, config: BuildConfig) -> Analysis:
    """Run the seminar's analysis in question order, then the going-further models."""
    frame = data.frame
    engine = config.engine
    subjects = [str(s) for s in frame["group"].unique()]
    lines = fit_subject_lines(frame)
    mixed = fit_mixed(frame, random_slope=False, engine=engine)
    random_slope = fit_mixed(frame, random_slope=True, engine=engine)
    ri_ml = fit_mixed(frame, random_slope=False, reml=False, engine=engine)
    comparison = compare_models(ri_ml, fit_mixed(frame, random_slope=True, reml=False, engine=engine))
    choice = choose_model(frame, comparison, mixed, random_slope, ri_ml, engine=engine)
    pair = choose_pair(
        config.pair,
        config.pair_from_user,
        {s: lines[s].slope for s in lines},
        option="--pair",
        all_subjects=subjects,
    )
    mixed_pair = choose_pair(
        config.mixed_pair,
        config.mixed_pair_from_user,
        mixed.intercept_effects(),
        option="--mixed-pair",
        all_subjects=subjects,
    )
    time = frame["time"].to_numpy(float)
    return Analysis(
        overview=overview(data.typed, len(data.columns)),
        relationship=relationship(frame),
        ols=fit_ols(frame),
        subject_lines=lines,
        first_subjects=tuple(s for s in subjects if s in lines)[: config.first_subjects],
        pair=pair,
        pair_comparison=compare_lines(pair.first, lines[pair.first], pair.second, lines[pair.second]),
        mixed=mixed,
        mixed_pair=mixed_pair,
        mixed_comparison=compare_lines(
            mixed_pair.first,
            subject_line(mixed, mixed_pair.first),
            mixed_pair.second,
            subject_line(mixed, mixed_pair.second),
        ),
        random_slope=random_slope,
        comparison=comparison,
        icc=icc(mixed),
        explained_ri=r_squared(mixed, time),
        explained_rs=r_squared(random_slope, time),
        diagnostics=diagnose(random_slope, frame),
        pooling=pooling(random_slope, lines),
        choice=choice,
        trend=check_trend(frame, choice, engine=engine),
        covariates=analyse_covariates(frame, config.covariates, choice, engine=engine),
    )
