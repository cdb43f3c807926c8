"""Refitting printed lme4 formulas in R from the data file a reader has (issue 21: every printed
formula must refit to the same log-likelihood): :func:`refit_formulas` writes the frame as CSV, fits
each formula with ``lmer`` (REML) or ``glmer`` and returns R's log-likelihood and fixed effects."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pandas as pd

from tests.support.r_run import run_r

REFIT_R = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"))
text <- setNames(rep("character", length(job$text)), job$text)
d <- read.csv(file.path(args[[1]], "data.csv"), colClasses = text)
for (column in job$numeric) stopifnot(is.numeric(d[[column]]))  # as the file gives it: factor() must say so
control <- eval(parse(text = job$control))
fit <- function(f) {
  if (job$family == "gaussian") lmer(as.formula(f), data = d, REML = TRUE, control = control)
  else glmer(as.formula(f), data = d, family = job$family, control = control)
}
out <- lapply(job$formulas, function(f) {
  m <- fit(f)
  list(loglik = as.numeric(logLik(m)), fixed = as.list(fixef(m)))
})
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""


def refit_formulas(
    frame: pd.DataFrame,
    formulas: Mapping[str, str],
    folder: Path,
    *,
    family: str = "gaussian",
    text: tuple[str, ...] = (),
    numeric: tuple[str, ...] = (),
) -> dict[str, Any]:
    """R's ``{name: {loglik, fixed}}`` for each formula, fitted to ``frame`` as written to a CSV file.

    ``family``: "gaussian" (``lmer``, REML, the report's ``LMER_CONTROL``) or a GLMM family
    (``glmer``, the report's ``GLMER_CONTROL``); ``text``: columns R must read as text (ids);
    ``numeric``: columns R must find to be numbers (a covariate given as a factor whose cells are
    numbers). Skipped without Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``).
    """
    from reportgen.analysis.models import GLMER_CONTROL, LMER_CONTROL

    control = LMER_CONTROL if family == "gaussian" else GLMER_CONTROL
    job = {
        "formulas": dict(formulas),
        "family": family,
        "control": control,
        "text": list(text),
        "numeric": list(numeric),
    }
    frame.to_csv(folder / "data.csv", index=False, float_format="%.17g")
    (folder / "job.json").write_text(json.dumps(job))
    (folder / "refit.R").write_text(REFIT_R)
    run_r(folder / "refit.R", str(folder))
    return dict(json.loads((folder / "out.json").read_text()))
