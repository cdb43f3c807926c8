"""Cohorts compared in one model: the cohort as a covariate of all the data, with its time interaction.

Per-cohort reports each fit their own model; whether the cohorts' slopes really differ is a
question for one model of all the data (``comparison.json`` and the index's comparison table).
Only when subjects are nested in cohorts (each subject in one cohort) is that model meaningful.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from reportgen.errors import ReportError
from reportgen.words import noun

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig

COMPARISON_FILE = "comparison.json"
DEFAULT_COLUMN = "cohort"


def compare_cohorts(frames: dict[str, pd.DataFrame], config: BuildConfig, by: str | None) -> dict[str, Any]:
    """``comparison.json``: the type-III F test of slope differences and each cohort's slope.

    ``frames`` are the cohorts' raw rows by cohort name. Returns a document that says why no
    comparison was made when it cannot be (fewer than two cohorts, subjects in several cohorts,
    data the model cannot fit).
    """
    import pandas as pd

    from reportgen.schemas import VERSIONS

    column = by or DEFAULT_COLUMN
    document: dict[str, Any] = {
        "schema_version": VERSIONS["comparison"],
        "column": column,
        "cohorts": list(frames),
    }
    if len(frames) < 2:
        return document | {"skipped": "fewer than two cohorts have data"}
    owners: dict[str, set[str]] = {}
    for name, frame in frames.items():
        for group in frame[config.group].dropna().astype(str).str.strip().unique():
            owners.setdefault(group, set()).add(name)
    shared = sorted(g for g, names in owners.items() if len(names) > 1)
    if shared:
        return document | {
            "skipped": f"{len(shared)} {noun(config.labels.group)}(s) belong to more than one cohort "
            f"(e.g. {shared[0]!r}); one model of all cohorts needs each in one cohort"
        }
    if by is None and column in {config.response, config.time, config.group}:
        column = "__cohort__"
    raw = pd.concat(
        [frame.assign(**{column: name}) for name, frame in frames.items()], ignore_index=True
    ).astype({column: str})
    try:
        effect, model = _fit(
            raw, dataclasses.replace(config, covariates=(column,), factors=(column,)), column
        )
    except ReportError as exc:
        return document | {"skipped": f"the model of all cohorts could not be fitted: {exc}"}
    return document | {
        "model": model,
        "interaction_test": dataclasses.asdict(effect.interaction_test),
        "lrt_interaction": {
            "chisq": effect.lrt_interaction.chisq,
            "df": effect.lrt_interaction.df,
            "p": effect.lrt_interaction.p,
        },
        "slope_by_cohort": {
            level: {"estimate": c.estimate, "se": c.se, "df": c.df, "ci_low": c.ci_low, "ci_high": c.ci_high}
            for level, c in effect.slope_by_level.items()
        },
    }


def _fit(raw: pd.DataFrame, config: BuildConfig, column: str) -> tuple[Any, str]:
    """Clean, choose the supported random effects, fit the cohort model."""
    from reportgen.analysis.covariates import analyse_covariates
    from reportgen.analysis.shape import fit_supported_model
    from reportgen.clean import clean

    frame = clean(raw, config).frame
    choice = fit_supported_model(frame, engine=config.engine).choice
    return analyse_covariates(frame, (column,), choice, engine=config.engine)[column], choice.model
