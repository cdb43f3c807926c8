"""Influence of single outer groups (sites): leave one site out of the model with every level.

With ``--group site/patient`` (or ``--crossed site``) the report's average slope is the straight
line with every level's random terms (``headline.slope``, :func:`~reportgen.analysis.outer_levels.
line_with_levels`). Here that line is refitted once per outer group with the group's rows left out
(REML, mixedlm's ``lmer``, the same random terms as the full fit: the model is not chosen again), and
each refit's slope and its 95% Satterthwaite interval (lmerTest's ``contest1D``) are kept. The site
whose removal moves the slope most is named, and the summary says whether any removal flips the
slope's sign or whether its interval excludes 0.

Leaving out each *subject* with every level would need one such refit per subject (hundreds); the
subjects' influence stays on one grouping (:mod:`reportgen.analysis.influence`), and the report says
so. A refit per site is affordable for 10-20 sites (timings at :data:`MAX_GROUPS`);
tests/crosscheck/test_outer_influence.py holds the slopes and intervals to lmerTest's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from reportgen.analysis.lmer_estimates import lmer_estimates
from reportgen.analysis.multilevel import lme4_formula, lmer_fit
from reportgen.analysis.outer_levels import level_frame, random_terms
from reportgen.analysis.satterthwaite import contrast
from reportgen.errors import ModelError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.multilevel import MultilevelFit

# Fewer outer groups than this and leaving one out would leave too few to estimate their variance.
MIN_GROUPS = 4
# More than this many refits, or rows over all refits, and the check is left out (``None``): on the
# shared 2-core machine (heavily loaded) 13 fits of 576 rows took 12 s, 21 fits of 10,000 rows 35 s;
# 1,000 sites of a million rows would take hours.
MAX_GROUPS = 50
MAX_ROWS_REFITTED = 500_000


@dataclass(frozen=True)
class OuterSlope:
    """The average slope of a refit (or of the full data) with its 95% interval."""

    estimate: float
    ci_low: float
    ci_high: float

    @property
    def clear(self) -> bool:
        """The interval excludes 0."""
        return self.ci_low > 0 or self.ci_high < 0


@dataclass(frozen=True)
class OuterInfluence:
    """What leaving out one outer group at a time does to the average slope with every level.

    ``level``: the outer grouping column (``site``); ``slope``: with every group; ``without``: each
    group's refit without it (groups whose refit failed are in ``not_fitted``); ``most_influential``:
    the group whose removal moves the slope most, ``slope_change`` that move (without - with) and
    ``change_in_se`` it over the full fit's standard error; ``sign_changers`` / ``significance_changers``:
    the groups whose removal flips the slope's sign / whether its interval excludes 0; ``subjects``:
    how many subjects a per-subject refit with every level would need (the reason it is not done).
    """

    level: str
    slope: OuterSlope
    slope_se: float
    without: dict[str, OuterSlope]
    most_influential: str
    slope_change: float
    change_in_se: float | None  # None when the slope's standard error is 0
    sign_changers: tuple[str, ...]
    significance_changers: tuple[str, ...]
    not_fitted: tuple[str, ...]
    subjects: int

    @property
    def changes_conclusion(self) -> bool:
        return bool(self.sign_changers or self.significance_changers)


def _slope(data: pd.DataFrame, formula: str) -> tuple[OuterSlope, float]:
    """The REML fit's slope on ``t`` with its Satterthwaite 95% interval, and its standard error."""
    import warnings

    with warnings.catch_warnings():
        # Five sites less one leave four, where mixedlm warns that a variance is poorly estimated:
        # each refit only moves the slope, and the report already says when the sites are few.
        warnings.filterwarnings("ignore", message="Grouping factor .* has only", category=UserWarning)
        estimates = lmer_estimates(lmer_fit(formula, data, reml=True))
    c = contrast(estimates, np.array([0.0, 1.0]))
    return OuterSlope(c.estimate, c.ci_low, c.ci_high), c.se


def _subjects(data: pd.DataFrame, multilevel: MultilevelFit) -> int:
    """The subjects: each innermost group within its outer groups (nested), or on its own (crossed)."""
    last = len(multilevel.levels) - 1
    ids = [f"l{last}"] if multilevel.crossed else [f"l{k}" for k in range(last + 1)]
    return int(len(data[ids].drop_duplicates()))


def outer_influence(frame: pd.DataFrame, multilevel: MultilevelFit | None) -> OuterInfluence | None:
    """Leave each outer group (``multilevel.levels[0]``) out of the straight line with every level.

    Args:
        frame: the cleaned data (``response``, ``time``, ``group`` and the outer grouping columns
            under their own names).
        multilevel: the model the report stands on; ``None`` with one grouping.

    Returns:
        The refits' slopes and summary; ``None`` with one grouping, fewer than :data:`MIN_GROUPS`
        or more than :data:`MAX_GROUPS` outer groups, or more than :data:`MAX_ROWS_REFITTED` rows
        over all refits, or when no refit could be fitted.

    Raises:
        ModelError: the full-data line cannot be fitted (the headline's line, fitted before this).
    """
    if multilevel is None or len(multilevel.levels) < 2:
        return None
    data = level_frame(frame, multilevel)
    groups = sorted(data["l0"].unique())
    if not MIN_GROUPS <= len(groups) <= MAX_GROUPS or len(groups) * len(data) > MAX_ROWS_REFITTED:
        return None
    terms, slopes = random_terms(multilevel)
    formula = lme4_formula("y", "t", "t", terms, slopes)
    full, se = _slope(data, formula)
    without: dict[str, OuterSlope] = {}
    failed = []
    for group in groups:
        try:
            without[group] = _slope(data[data["l0"] != group], formula)[0]
        except ModelError:
            failed.append(group)
    if not without:  # no refit converged: nothing to compare
        return None
    most = max(without, key=lambda g: abs(without[g].estimate - full.estimate))
    change = without[most].estimate - full.estimate
    return OuterInfluence(
        level=multilevel.levels[0],
        slope=full,
        slope_se=se,
        without=without,
        most_influential=most,
        slope_change=change,
        change_in_se=abs(change) / se if se > 0 else None,
        sign_changers=tuple(g for g, s in without.items() if np.sign(s.estimate) != np.sign(full.estimate)),
        significance_changers=tuple(g for g, s in without.items() if s.clear != full.clear),
        not_fitted=tuple(failed),
        subjects=_subjects(data, multilevel),
    )
