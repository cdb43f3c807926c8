"""One cohort, the unit of work: what a worker gets, what it renders and what it sends back."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.errors import ReportError
from reportgen.warning_lines import SHOWN_WITH_V

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig

log = logging.getLogger("reportgen.cohorts")

# The numbers of each cohort the index shows, as paths in its results.json.
# Every column of a row comes from the model the cohort stands on (the random effects its own tests
# support): the headline's slope, and that model's intercept and residual SDs in model_choice.
SUMMARY_KEYS = {
    "data": ("rows", "clean_rows", "groups"),
    "headline": ("model", "slope", "slope_ci_low", "slope_ci_high", "slope_df"),
    "model_choice": ("stands_on", "intercept_sd", "residual_sd"),
}
# A binomial or Poisson report keeps these under model_choice.linear; its row shows the GLMM's ratio.
LINEAR_ONLY = frozenset({"intercept_sd", "residual_sd"})


@dataclass(frozen=True)
class CohortTask:
    """Everything a worker needs to build one cohort (picklable)."""

    name: str
    slug: str
    frame: pd.DataFrame
    config: BuildConfig
    source: dict[str, Any]


@dataclass(frozen=True)
class TaskResult:
    """What a worker sends back: the rendered files and key numbers, or the error."""

    slug: str
    files: dict[str, bytes]
    summary: dict[str, Any] | None
    error: str | None
    duration_s: float


def summarize(results: Mapping[str, Any]) -> dict[str, Any]:
    """The numbers the index shows, at the same paths as in ``results.json``; for a binomial or
    Poisson response also the GLMM's odds or rate ratio per unit of time (``glmm.time_ratio``), or on
    a curved GLMM trend the curve's ratio of the last observed time to the first
    (``glmm.curve.change``, as the email reads it), the headline the index shows for it in place of
    the linear slope; for a cycle its amplitude and
    peak time (``trend.curve.cycle``), shown in place of the slope a cycle does not have."""
    glmm = results.get("glmm")
    summary = {
        table: {
            key: results[table][key]
            for key in keys
            if glmm is None or (key not in LINEAR_ONLY and key in results[table])  # a GLMM: no slope_df
        }
        for table, keys in SUMMARY_KEYS.items()
    }
    if glmm is not None:
        summary["family"] = {"name": results["family"]["name"]}
        curve = glmm.get("curve")  # since 1.7: a curved GLMM trend has no one ratio per unit of time
        summary["glmm"] = (
            {"curve": {"change": curve["change"]}} if curve else {"time_ratio": glmm["time_ratio"]}
        )
    cycle = ((results.get("trend") or {}).get("curve") or {}).get("cycle")
    if cycle is not None:  # a cycle's headline is its amplitude, not a rate (the index shows it)
        summary["trend"] = {"curve": {"cycle": {k: cycle[k] for k in ("period", "amplitude", "peak_time")}}}
    return summary


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split()) or type(exc).__name__


def run_cohort(task: CohortTask) -> TaskResult:
    """Render one cohort's report in memory; never raises (a failure is the result's ``error``).

    This is what worker processes and Dask workers run; it writes nothing.
    """
    import warnings

    from reportgen.pipeline import render_report

    start = time.perf_counter()
    try:
        # Library warnings (matplotlib, numpy) are no one's to read in a worker: into the log.
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            report = render_report(task.frame, task.config, task.source, batch=True)
        for warning in caught:
            log.info("cohort %r: %s", task.name, warning.message, extra=SHOWN_WITH_V)
        summary = summarize(report.results)
    except ReportError as exc:
        return TaskResult(task.slug, {}, None, one_line(exc), time.perf_counter() - start)
    except Exception as exc:  # a failed fit or a bug: it stays this cohort's failure
        message = f"unexpected {type(exc).__name__}: {one_line(exc)}"
        return TaskResult(task.slug, {}, None, message, time.perf_counter() - start)
    return TaskResult(task.slug, report.files, summary, None, time.perf_counter() - start)
