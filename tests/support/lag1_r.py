"""lme4's conditional residuals of a model with every level, their lag-1 correlation within
subjects and the lag-1 correlation independent errors give them (issue 24, pool24b): the reference
the residual checks of the model with every level are held to (tests/crosscheck/test_level_residuals*).

The expectation is computed densely in R (W = I - M (M'M + I)^-1 M', M = Z Lambda from ``getME``),
not by the sparse solve reportgen uses.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.r_run import run_r

R_SCRIPT = r"""
# residuals(fit), fitted(fit), their lag-1 correlation within subjects and the lag-1 correlation
# independent errors give them (sigma^2 V^-1 = I - M (M'M + I)^-1 M', M = Z Lambda), as JSON.
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressMessages(library(lme4))
d <- read.csv(args[2], stringsAsFactors = FALSE)
subject <- args[4]; time <- args[5]
for (column in strsplit(args[6], ",")[[1]]) d[[column]] <- factor(d[[column]])
fit <- lmer(as.formula(args[3]), data = d, REML = TRUE)
r <- residuals(fit)
o <- order(d[[subject]], d[[time]])
g <- as.character(d[[subject]])[o]
same <- g[-1] == g[-length(g)]
ro <- r[o]
lag1 <- cor(ro[-1][same], ro[-length(ro)][same])
M <- getME(fit, "Z") %*% getME(fit, "Lambda")
W <- diag(nrow(M)) - as.matrix(M %*% solve(crossprod(M) + Diagonal(ncol(M)), t(M)))
W <- W[o, o]
n <- nrow(W)
off <- W[cbind(1:(n - 1), 2:n)][same]
expected <- sum(off) / sqrt(sum(diag(W)[1:(n - 1)][same]) * sum(diag(W)[2:n][same]))
jsonlite::write_json(list(residuals = unname(r), fitted = unname(fitted(fit)), lag1 = lag1,
  expected = expected, pairs = sum(same), sigma = sigma(fit), time = d[[time]]), args[1],
  digits = NA, auto_unbox = TRUE)
"""


def r_lag1(folder: Path, csv: Path, formula: str, subject: str, time: str, factors: str) -> dict[str, Any]:
    """lme4's REML fit of ``formula`` on ``csv`` (``factors``: columns read as factors, comma
    separated): its residuals, fitted values, sigma, the lag-1 correlation of consecutive residuals
    of each ``subject`` in ``time`` order and its expectation under independent errors."""
    script, out = folder / "lag1.R", folder / "lag1.json"
    script.write_text(R_SCRIPT)
    run_r(script, str(out), str(csv), formula, subject, time, factors)
    return dict(json.loads(out.read_text()))


def assert_checks_read_every_level(results: dict[str, Any], r: dict[str, Any]) -> None:
    """results.json's diagnostics read the model with every level: lme4's lag-1 correlation and its
    expectation, its pairs, and its residual SD at each time (the spread check's bins)."""
    import numpy as np
    import pandas as pd
    import pytest

    d = results["diagnostics"]
    assert d["residuals_of"] == "multilevel"
    assert d["serial_pairs"] == r["pairs"]
    assert d["serial_corr"] == pytest.approx(r["lag1"], abs=1e-3)
    assert d["serial_expected"] == pytest.approx(r["expected"], abs=1e-3)
    by_time = d["spread_by_time"]
    residuals = pd.Series(r["residuals"]).groupby(np.asarray(r["time"], dtype=float)).std()
    assert by_time["time"] == pytest.approx(list(residuals.index))
    assert by_time["sd"] == pytest.approx(list(residuals), rel=1e-3)
