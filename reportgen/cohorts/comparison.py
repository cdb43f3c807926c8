"""Cohorts compared in one model of all the data (``comparison.json`` and the index's comparison).

Per-cohort reports each fit their own model; whether the cohorts' slopes really differ is a
question for one model of all the data. Only when subjects are nested in cohorts (each subject in
one cohort) is that model meaningful. Cohorts that are the values of a column (``--by site``) and
number at least :data:`~reportgen.cohorts.multilevel.MIN_RANDOM_SITES` are sites drawn from many:
one multilevel model with the site as a random effect (``multilevel.py``, structure ``random``).
Fewer, or cohorts named in the settings, are compared as fixed effects: the cohort as a covariate
with its time interaction (structure ``fixed``). The document says which and why.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING, Any

from reportgen.cohorts.cycle_comparison import cohort_effects_document, cycle_sites_reason
from reportgen.cohorts.multilevel import MIN_RANDOM_SITES, fit_sites, multilevel_document
from reportgen.errors import ReportError
from reportgen.words import counted, noun, plural, verb_for

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig

COMPARISON_FILE = "comparison.json"
DEFAULT_COLUMN = "cohort"


def compare_cohorts(frames: dict[str, pd.DataFrame], config: BuildConfig, by: str | None) -> dict[str, Any]:
    """``comparison.json``: the type-III F test of slope differences and each cohort's slope (on a
    cycle: of the cycles' differences, and each cohort's cycle, :mod:`.cycle_comparison`).

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
    if shared and by is None:
        return document | {
            "skipped": f"{counted(len(shared), config.labels.group)} "
            f"{verb_for(len(shared), 'belongs', 'belong')} to more than one cohort "
            f"(e.g. {shared[0]!r}); one model of all cohorts needs each in one cohort"
        }
    structure, reason = cohort_structure(len(frames), by)
    if structure == "random" and config.period is not None and by is not None:
        structure, reason = "fixed", cycle_sites_reason(len(frames), by)
    if shared:  # one column's values: the ids are nested in them, as --group site/patient reads them
        frames = nested_ids(frames, config.group)
        reason += "; " + reused_ids_words(len(shared), config.labels.group, column)
    if structure == "random" and column not in {config.response, config.time, config.group}:
        return document | _random_comparison(frames, config, column, reason)
    document |= {"structure": structure, "structure_reason": reason}
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
        **cohort_effects_document(effect),  # each cohort's cycle on a cycle, else its slope
    }


def _fit(raw: pd.DataFrame, config: BuildConfig, column: str) -> tuple[Any, str]:
    """Clean, choose the supported random effects, fit the cohort model."""
    from reportgen.analysis.covariates import analyse_covariates
    from reportgen.analysis.shape import fit_supported_model
    from reportgen.clean import clean

    frame = clean(raw, config).frame
    choice = fit_supported_model(frame, engine=config.engine, period=config.period).choice
    return analyse_covariates(frame, (column,), choice, engine=config.engine)[column], choice.model


def cohort_structure(cohorts: int, by: str | None) -> tuple[str, str]:
    """Whether the cohorts enter the model of all data as a random or a fixed effect, and why."""
    if by is None:
        return "fixed", "the cohorts come from the settings, not one column's values: fixed effects"
    sites = plural(by)
    if cohorts < MIN_RANDOM_SITES:
        return "fixed", (
            f"{cohorts} {sites}: fewer than {MIN_RANDOM_SITES} are too few to estimate how much "
            f"{sites} vary, so they are compared as fixed effects"
        )
    return "random", (
        f"{cohorts} {sites}: enough to estimate how much {sites} vary, so {noun(by)} is a random "
        "effect and each one's slope is shrunken towards the mean"
    )


def _random_comparison(
    frames: dict[str, pd.DataFrame], config: BuildConfig, column: str, reason: str
) -> dict[str, Any]:
    """The multilevel model's part of ``comparison.json`` (or why it could not be fitted)."""
    import pandas as pd

    from reportgen.clean import clean

    raw = pd.concat([frame.assign(**{column: name}) for name, frame in frames.items()], ignore_index=True)
    try:
        cleaned = clean(raw, dataclasses.replace(config, covariates=(column,), factors=(column,))).frame
        names = {"response": config.response, "time": config.time, "group": config.group}
        frame = cleaned[[*names, column]].rename(columns=names)
        fit = fit_sites(frame, config.response, config.time, column, config.group)
    except ReportError as exc:
        return {"skipped": f"the multilevel model of all cohorts could not be fitted: {exc}"}
    return {"structure": "random", "structure_reason": reason} | multilevel_document(fit)


def nested_ids(frames: dict[str, pd.DataFrame], group: str) -> dict[str, pd.DataFrame]:
    """Each cohort's ids prefixed with its name (``S1:P01``): the same id in two cohorts is two
    subjects, as lme4's ``site:patient`` term reads them."""
    out = {}
    for name, frame in frames.items():
        ids = frame[group]
        out[name] = frame.assign(**{group: ids.where(ids.isna(), name + ":" + ids.astype(str).str.strip())})
    return out


def reused_ids_words(count: int, group: str, by: str) -> str:
    """Why ids seen in several cohorts are not skipped (``--by`` a column: they are nested in it)."""
    return (
        f"{counted(count, f'{noun(group)} id')} {verb_for(count, 'appears', 'appear')} in more than one "
        f"{noun(by)}, so each {noun(group)} is "
        f"told apart by its {noun(by)} ({by}:{group})"
    )
