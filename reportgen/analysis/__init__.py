"""Pure statistics: cleaned data in, frozen results out (no plotting, no text)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from reportgen.analysis.compare import LineComparison, compare_lines
from reportgen.analysis.describe import Overview, Relationship, overview, relationship
from reportgen.analysis.mixed import RandomInterceptFit, fit_random_intercept
from reportgen.analysis.pairs import Pair, choose_pair
from reportgen.analysis.regression import Line, OlsFit, fit_ols, fit_subject_lines

if TYPE_CHECKING:
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

__all__ = ["Analysis", "analyze"]


@dataclass(frozen=True)
class Analysis:
    """Every number the seminar's six questions need."""

    overview: Overview
    relationship: Relationship
    ols: OlsFit
    subject_lines: dict[str, Line]
    first_subjects: tuple[str, ...]
    pair: Pair
    pair_comparison: LineComparison
    mixed: RandomInterceptFit
    mixed_pair: Pair
    mixed_comparison: LineComparison


def analyze(data: CleanData, config: BuildConfig) -> Analysis:
    """Run the seminar's analysis in question order."""
    frame = data.frame
    subjects = [str(s) for s in frame["group"].unique()]
    lines = fit_subject_lines(frame)
    mixed = fit_random_intercept(frame)
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
        mixed.random_effects,
        option="--mixed-pair",
        all_subjects=subjects,
    )
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
            mixed.subject_line(mixed_pair.first),
            mixed_pair.second,
            mixed.subject_line(mixed_pair.second),
        ),
    )
