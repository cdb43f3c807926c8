"""Partial pooling on the model with every level (``--group site/patient`` or ``--crossed site``).

Each outer group (site) has its own estimate from its rows alone (no pooling: the mean, or the
least-squares slope over time, of its rows' departures from the fixed part X beta) and its
estimate in the model (fixed part plus its conditional mode). How much the model leans on the
average for it is ``pull`` = conditional variance / the level's variance in the model (one minus
its estimate's reliability): few patients or noisy rows leave more uncertain and give a larger pull.
In a balanced model with one random term per level a group's predicted effect is exactly
(1 - pull) times its own rows' departure; with patients' effects inside the sites (or crossed with
them) the predicted effect also accounts for which patients the rows come from, so the two
estimates shown need not stand in that ratio (the pull is the model's, not their ratio).

A subject's line in the model is the fixed part plus its site's effect plus its own (crossed: its
own alone, a site's effect belongs to each measurement); the spread of these lines is compared with
that of the subjects' own least-squares lines, levels read at the first observed time.

The random effects of each level are checked for their distribution: excess kurtosis and, with at
least :data:`MIN_CHECKED_GROUPS` groups, Shapiro-Wilk's test (D'Agostino-Pearson's above 5,000);
below that the check has little power and says nothing of normality.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis import Analysis
    from reportgen.analysis.level_effects import LevelEffects, TermEffects
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.analysis.regression import Line
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

# Fewer groups than this: a test of their effects' distribution has little power (and 5 values can
# never show a normal distribution), so no test is run and the words say so.
MIN_CHECKED_GROUPS = 10
# Shapiro-Wilk's p is accurate up to 5,000 values (scipy warns above); more are tested by
# D'Agostino and Pearson's omnibus test of skewness and kurtosis.
MAX_SHAPIRO = 5_000
SHAPIRO, DAGOSTINO = "Shapiro-Wilk", "D'Agostino-Pearson"
INTERCEPT = "(Intercept)"


@dataclass(frozen=True)
class GroupPull:
    """One outer group: ``patients`` (subjects) in it, its ``own`` estimate from its rows alone,
    its estimate in the model (``pooled``) with its conditional SD, how much the model leans on the
    average for it (``pull``), the SD of its rows' residuals in the model (``noise``) and the average
    its estimate is read against (``average``: the fixed value, ``pooled`` minus its conditional mode;
    not in results.json, whose ``modes`` hold it)."""

    patients: int
    own: float
    pooled: float
    sd: float
    pull: float
    noise: float
    average: float = field(default=math.nan, metadata={"results": False})


@dataclass(frozen=True)
class SubjectPooling:
    """The subjects' own least-squares lines against their lines in the model (fixed part, plus
    their outer group's effect when nested, plus their own): the spread of levels at ``level_time``
    and of slopes; the median conditional SD of their own effects by term. ``model_level_sd`` and
    ``model_slope_sd`` spread the random departures alone; ``line_level_sd`` and ``line_slope_sd``
    the whole lines, fixed part included (a covariate's terms too: statistician R 9, session 8,
    nested study (a): 4.246/0.520 without trt's terms, 4.382/0.547 with them, as R)."""

    subjects: int
    level_time: float
    own_level_sd: float
    model_level_sd: float
    own_slope_sd: float
    model_slope_sd: float
    median_sd: dict[str, float]
    line_level_sd: float = math.nan
    line_slope_sd: float = math.nan
    # Subjects whose own random intercept (slope) in this model has a 95% interval, mode ± 1.96
    # conditional SDs, that excludes zero; None without conditional SDs or without the term
    # (statistician R 5, session 8: the study profile gave the one-grouping model's 87/21 where the
    # model it stands on gives 66/6).
    intercepts_away_from_zero: int | None = None
    slopes_away_from_zero: int | None = None


@dataclass(frozen=True)
class EffectCheck:
    """The predicted effects of one term at one level: how many, the term's SD in the model (0: they
    are all 0), their excess kurtosis and its large-sample SE, and the p of ``normality_test`` (``None``
    below :data:`MIN_CHECKED_GROUPS` groups)."""

    groups: int
    sd: float
    excess_kurtosis: float
    kurtosis_se: float
    normality_p: float | None
    normality_test: str = SHAPIRO


@dataclass(frozen=True)
class LevelPooling:
    """Partial pooling on the model with every level (results' ``level_pooling``).

    ``top``: the outer grouping; ``term``: what its groups are compared by (``"slope"`` or
    ``"level"``, the model's ``top_term``); ``groups``: each outer group's :class:`GroupPull`;
    ``modes``: the outer groups' conditional modes and SDs by term (``ranef(condVar = TRUE)``);
    ``subjects``: :class:`SubjectPooling`; ``checks``: by grouping term and effect term.
    """

    top: str
    crossed: bool
    term: str
    groups: dict[str, GroupPull]
    modes: dict[str, dict[str, dict[str, float]]]
    subjects: SubjectPooling
    checks: dict[str, dict[str, EffectCheck]]
    # The subjects' grouping term (``site:patient``; crossed: ``patient``).
    subject_level: str = ""
    # Every level's predicted effects and conditional SDs (the QQ plots' and the subjects'
    # caterpillar plot's), by grouping term; not written to results.json.
    effects: dict[str, TermEffects] = field(
        default_factory=dict, repr=False, compare=False, metadata={"results": False}
    )


def own_estimate(departures: np.ndarray, time: np.ndarray, slope: bool) -> float:
    """A group's own estimate of its departure from the fixed part: the mean of its rows'
    departures, or their least-squares slope over time (nan with one distinct time)."""
    if not slope:
        return float(np.mean(departures))
    centred = time - time.mean()
    spread = float(centred @ centred)
    return float(centred @ departures / spread) if spread > 0 else math.nan


def pull_share(conditional_sd: float, level_sd: float) -> float:
    """How much the model leans on the average for a group: conditional variance over the level's
    variance (0: its own rows settle it; 1: they tell nothing, it sits on the average)."""
    if level_sd <= 0:
        return 1.0
    return min(1.0, (conditional_sd / level_sd) ** 2)


def effect_check(values: np.ndarray, sd: float) -> EffectCheck:
    """:class:`EffectCheck` of one term's predicted effects."""
    from scipy import stats

    n = len(values)
    varied = n >= 4 and float(np.std(values)) > 0
    kurtosis = float(stats.kurtosis(values, fisher=True, bias=True)) if varied else 0.0
    tested = varied and n >= MIN_CHECKED_GROUPS
    test = SHAPIRO if n <= MAX_SHAPIRO else DAGOSTINO
    normality = None
    if tested:
        normality = float((stats.shapiro if test == SHAPIRO else stats.normaltest)(values).pvalue)
    return EffectCheck(n, sd, kurtosis, math.sqrt(24.0 / n) if n else math.inf, normality, test)


def level_pooling(
    frame: pd.DataFrame, fit: MultilevelFit, own_lines: dict[str, Line], at: float
) -> LevelPooling | None:
    """:class:`LevelPooling` of ``fit`` on ``frame`` (the cleaned rows: ``response``, ``time``,
    ``group`` and the outer columns); ``own_lines``: the subjects' least-squares lines; ``at``:
    the first observed time. None when the fit kept no effects or left out rows."""
    effects, residuals = fit.effects, fit.residuals
    if effects is None or residuals is None or len(residuals.index) != len(frame):
        return None
    import pandas as pd

    from reportgen.analysis.multilevel import subject_term

    rows = frame.loc[residuals.index]
    top, slope = fit.levels[0], fit.top_term == "slope"
    top_effects = effects.terms[top]
    term = fit.time if slope else INTERCEPT
    k = top_effects.terms.index(term)
    response = rows["response"].to_numpy(float)
    table = pd.DataFrame(
        {
            "site": rows[top].astype(str).to_numpy(),
            "subject": rows["group"].to_numpy(),
            "departure": response - effects.fixed_part,
            "residual": response - residuals.fitted,
            "time": rows["time"].to_numpy(float),
        }
    )
    parts = dict(iter(table.groupby("site", sort=False)))  # one pass over the rows, not one per site
    level_sd = effects.term_sds[top][term]
    groups: dict[str, GroupPull] = {}
    for j, name in enumerate(top_effects.groups):
        part = parts[name]
        pooled = fit.top_groups[name].estimate
        sd = float(top_effects.sds[j, k])
        own = own_estimate(part["departure"].to_numpy(), part["time"].to_numpy(), slope)
        average = pooled - float(top_effects.modes[j, k])
        groups[name] = GroupPull(
            patients=int(part["subject"].nunique()),
            own=average + own,
            pooled=pooled,
            sd=sd,
            pull=pull_share(sd, level_sd),
            noise=float(np.std(part["residual"].to_numpy(), ddof=1)) if len(part) > 1 else math.nan,
            average=average,
        )
    modes = {
        name: {
            t: {"mode": float(top_effects.modes[j, i]), "sd": float(top_effects.sds[j, i])}
            for i, t in enumerate(top_effects.terms)
        }
        for j, name in enumerate(top_effects.groups)
    }
    return LevelPooling(
        top=top,
        crossed=fit.crossed,
        term=fit.top_term,
        groups=groups,
        modes=modes,
        subjects=subject_pooling(rows, fit, effects, own_lines, at),
        checks={
            level: {
                t: effect_check(e.modes[:, i], effects.term_sds[level].get(t, 0.0))
                for i, t in enumerate(e.terms)
            }
            for level, e in effects.terms.items()
        },
        subject_level=subject_term(fit),
        effects=effects.terms,
    )


def subject_deviations(
    rows: pd.DataFrame, fit: MultilevelFit, effects: LevelEffects
) -> tuple[list[str], np.ndarray]:
    """Each subject's predicted departure from the fixed part, (level at time 0, slope): its
    outer groups' effects plus its own when nested, its own alone when crossed."""
    from reportgen.analysis.multilevel import grouping_terms

    firsts = rows.drop_duplicates("group")
    subjects = [str(s) for s in firsts["group"].tolist()]
    columns = [*fit.levels[:-1], "group"]
    terms = grouping_terms(fit.levels, crossed=fit.crossed)
    used = terms[-1:] if fit.crossed else terms
    total = np.zeros((len(subjects), 2))
    for term in used:
        e = effects.terms[term]
        index = {name: j for j, name in enumerate(e.groups)}
        parts = columns[-1:] if fit.crossed else columns[: term.count(":") + 1]
        joined = firsts[parts[0]].astype(str)
        for column in parts[1:]:
            joined = joined + ":" + firsts[column].astype(str)
        picked = e.modes[[index[n] for n in joined.tolist()]]
        for i, t in enumerate(e.terms):
            total[:, 0 if t == INTERCEPT else 1] += picked[:, i]
    return subjects, total


def subject_pooling(
    rows: pd.DataFrame, fit: MultilevelFit, effects: LevelEffects, own_lines: dict[str, Line], at: float
) -> SubjectPooling:
    """:class:`SubjectPooling` of the subjects with an own line."""
    from reportgen.analysis.multilevel import subject_term

    subjects, deviations = subject_deviations(rows, fit, effects)
    keep = [i for i, s in enumerate(subjects) if s in own_lines]
    own = [own_lines[subjects[i]] for i in keep]
    model_level = deviations[keep, 0] + at * deviations[keep, 1]
    fixed = fixed_lines(rows, effects.fixed_part).loc[[subjects[i] for i in keep]].to_numpy()
    lines = deviations[keep] + fixed
    inner = effects.terms[subject_term(fit)]
    return SubjectPooling(
        subjects=len(keep),
        level_time=at,
        own_level_sd=float(np.std([line.intercept + line.slope * at for line in own], ddof=1)),
        model_level_sd=float(np.std(model_level, ddof=1)),
        own_slope_sd=float(np.std([line.slope for line in own], ddof=1)),
        model_slope_sd=float(np.std(deviations[keep, 1], ddof=1)),
        median_sd={t: float(np.median(inner.sds[:, i])) for i, t in enumerate(inner.terms)},
        line_level_sd=float(np.std(lines[:, 0] + at * lines[:, 1], ddof=1)),
        line_slope_sd=float(np.std(lines[:, 1], ddof=1)),
        intercepts_away_from_zero=away_from_zero(inner, INTERCEPT),
        slopes_away_from_zero=away_from_zero(inner, fit.time),
    )


def away_from_zero(effects: TermEffects, term: str) -> int | None:
    """How many groups' ``term`` effects have a 95% interval (mode ± 1.96 conditional SDs) that
    excludes zero; None without the term or without conditional SDs."""
    from reportgen.analysis.inference import Z95

    if term not in effects.terms:
        return None
    k = effects.terms.index(term)
    modes, sds = effects.modes[:, k], effects.sds[:, k]
    if not np.all(np.isfinite(sds)):
        return None
    return int(np.sum(np.abs(modes) > Z95 * sds))


def fixed_lines(rows: pd.DataFrame, fixed_part: np.ndarray) -> pd.DataFrame:
    """Each subject's fixed part as a line (level at time 0, slope), by subject id: the
    least-squares line of its rows' fixed values over time, exact for a straight line with the
    covariates constant within the subject (a curve: its straight-line summary, as the subject's own
    least-squares line summarises its rows); slope 0 with one distinct time."""
    import pandas as pd

    table = pd.DataFrame(
        {
            "subject": rows["group"].astype(str).to_numpy(),
            "time": rows["time"].to_numpy(float),
            "fixed": fixed_part,
        }
    )
    by = table.groupby("subject", sort=False)
    centred = table["time"] - by["time"].transform("mean")
    table["cross"] = centred * (table["fixed"] - by["fixed"].transform("mean"))
    table["spread"] = centred * centred
    sums = table.groupby("subject", sort=False)[["cross", "spread", "time", "fixed"]].agg(
        {"cross": "sum", "spread": "sum", "time": "mean", "fixed": "mean"}
    )
    slope = (sums["cross"] / sums["spread"].where(sums["spread"] > 0)).fillna(0.0)
    return pd.DataFrame({"level": sums["fixed"] - slope * sums["time"], "slope": slope})


def level_pooling_section(data: CleanData, analysis: Analysis, config: BuildConfig) -> LevelPooling | None:
    """Section g-level-pooling's result: None with one grouping (the pooling section reads it)."""
    if analysis.multilevel is None:
        return None
    return level_pooling(
        data.frame, analysis.multilevel, analysis.subject_lines, analysis.choice.reference_time
    )
