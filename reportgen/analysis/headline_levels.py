"""The model with every level that the headline reads when the subjects are nested in an outer level.

The headline (summaries, email, cohort index) is one slope of time, pooled across the covariates.
Without covariates it is the slope of the model the report stands on (``models.multilevel``). With
covariates that model has the covariates and their interactions with time as fixed effects, and its
random part was chosen with them: refitting the line ``response ~ time`` with those random terms
reuses a choice made for another model. Statistician N (session 7, a seeded nested study, arm
constant within clinics): with arm in the model the clinics' slopes are not needed (LRT 2.08,
boundary p = 0.25), without it they are (chi-square 15.5, p < 0.001), and the pooled slope with the
clinics' slopes is -1.41 (SE 0.156, 8.8 df, lmerTest) where the borrowed random part gave -1.55
(SE 0.085, 99.6 df). ``reportgen cohorts --by clinic`` fits the covariate-free model and printed
-1.41 on the same data.

One decision: the headline's model is fitted without the covariates and chooses its own random part
by the same rule (:func:`reportgen.analysis.multilevel.choose_slopes`), as the cohort index's model
does; ``models.multilevel_no_covariates`` records it and ``headline.stands_on`` names it.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from reportgen.analysis.multilevel import MultilevelFit
    from reportgen.clean import CleanData
    from reportgen.config import BuildConfig

# The name in results.json's ``models`` of the headline's model when it is not ``multilevel``.
NO_COVARIATES = "multilevel_no_covariates"


def without_covariates(
    data: CleanData, config: BuildConfig, multilevel: MultilevelFit | None
) -> MultilevelFit | None:
    """The model with every level the headline reads: ``multilevel`` itself when the report has no
    covariates, else the same levels and trend shape fitted without them, its random part chosen
    anew; ``None`` without an outer level."""
    from reportgen.analysis.multilevel import stood_on_multilevel

    if multilevel is None or not config.covariates:
        return multilevel
    bare = dataclasses.replace(config, covariates=(), factors=())
    return stood_on_multilevel(data, bare, False, multilevel.report_shape)


def headline_entry(multilevel: MultilevelFit, headline: MultilevelFit) -> str:
    """The name in ``models`` of the headline's model with every level: ``multilevel`` when it is
    the model the report stands on, else :data:`NO_COVARIATES`."""
    return "multilevel" if headline is multilevel else NO_COVARIATES
