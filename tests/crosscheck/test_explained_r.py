"""Nakagawa & Schielzeth's R² against R's by hand: var(fixed predictions) with n - 1 (as MuMIn)."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from tests.support.analysed import analyse_study
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow

R_SCRIPT = r"""
suppressPackageStartupMessages(library(lme4))
m <- lmer(uptake ~ conc + (1 | Plant), CO2, REML = TRUE)
vf <- var(as.vector(model.matrix(m) %*% fixef(m)))
vr <- VarCorr(m)$Plant[1]
s2 <- sigma(m)^2
cat(sprintf("%.10f %.10f\n", vf / (vf + vr + s2), (vf + vr) / (vf + vr + s2)))
"""


def test_co2_r_squared_matches_r() -> None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH")
    run = subprocess.run([rscript, "-e", R_SCRIPT], capture_output=True, text=True, timeout=300)
    if run.returncode != 0:
        pytest.skip(f"R could not fit CO2: {run.stderr.strip()[-200:]}")
    marginal, conditional = (float(v) for v in run.stdout.split())
    co2 = r_dataset("CO2")
    frame = co2[["uptake", "conc", "Plant"]].set_axis(["response", "time", "group"], axis=1)
    ri = analyse_study(frame)["results"]["random_intercept"]
    # R gives 0.2264 and 0.7035; the population variance (n) gave 0.2243 and 0.7027.
    assert ri["r2_marginal"] == pytest.approx(marginal, rel=1e-4)
    assert ri["r2_conditional"] == pytest.approx(conditional, rel=1e-4)
