"""A GLMM's time counted in calendar years (2019..2024) or from 1e6 gives the results of time counted
from 0 (review-break3: the odds ratio's CI was 1.07-1.11, p = 2.8e-30, against 0.86-1.38, p = 0.47).

lme4's glmer itself struggles on the raw years (on the review's data: "Model is nearly
unidentifiable", the slope's SE 0.0023 against 0.12), so the reference is glmer on time from the
first visit, its intercept moved to time 0 (b0 - t0 b1) with the covariance A V A'.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.family import choose_family
from reportgen.analysis.glmm import GlmmAnalysis, analyse_glmm
from tests.crosscheck.test_reviewed_reports import simulated_binary

pytestmark = pytest.mark.slow

SHIFTS = (0.0, 2019.0, 1e6)


def _analyse(shift: float) -> GlmmAnalysis:
    frame = simulated_binary().rename(columns={"y": "response", "visit": "time", "id": "group"})
    frame["time"] = frame["time"] + shift
    family = choose_family(frame["response"].to_numpy(float), "auto")
    return analyse_glmm(frame, family, ("y", "visit", "id"))


@pytest.fixture(scope="module")
def by_shift() -> dict[float, GlmmAnalysis]:
    return {shift: _analyse(shift) for shift in SHIFTS}


@pytest.mark.parametrize("shift", SHIFTS[1:])
def test_shifting_time_leaves_the_ratio_its_interval_and_the_slope_test_alone(
    by_shift: dict[float, GlmmAnalysis], shift: float
) -> None:
    base, moved = by_shift[0.0], by_shift[shift]
    for attr in ("time_ratio", "ri_time_ratio"):
        a, b = getattr(base, attr), getattr(moved, attr)
        assert (b.ratio, b.ci_low, b.ci_high, b.p) == pytest.approx(
            (a.ratio, a.ci_low, a.ci_high, a.p), rel=1e-6
        )
    assert moved.lrt_p_boundary == pytest.approx(base.lrt_p_boundary, rel=1e-6, abs=1e-9)
    assert moved.model == base.model
    assert moved.pooled.time_ratio.ci_low == pytest.approx(base.pooled.time_ratio.ci_low, rel=1e-6)
    for name, fit in base.fits.items():
        assert moved.fits[name].loglik == pytest.approx(fit.loglik, abs=1e-6)
    # The typical subject's probability at the first visit is the same prediction.
    assert moved.first.value == pytest.approx(base.first.value, rel=1e-6)
    assert moved.first.ci_high == pytest.approx(base.first.ci_high, rel=1e-6)


REFIT = r"""
suppressMessages(library(lme4))
d <- read.csv(commandArgs(TRUE)[1])
t0 <- as.numeric(commandArgs(TRUE)[2])
d$t <- d$visit - min(d$visit)
m <- glmer(y ~ t + (1 | id), d, family = binomial)
a <- matrix(c(1, 0, -(t0 + min(d$visit)), 1), 2)
b <- as.vector(a %*% fixef(m))
v <- a %*% as.matrix(vcov(m)) %*% t(a)
cat(jsonlite::toJSON(list(beta = b, se = sqrt(diag(v)), loglik = as.numeric(logLik(m))), digits = NA))
"""


def test_years_match_glmer_on_time_from_the_first_visit(
    by_shift: dict[float, GlmmAnalysis], tmp_path: Path
) -> None:
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH")
    path = tmp_path / "data.csv"
    simulated_binary().to_csv(path, index=False)
    run = subprocess.run(
        [rscript, "-e", REFIT, str(path), "2019"], capture_output=True, text=True, timeout=300
    )
    if run.returncode != 0:
        pytest.skip(f"R could not refit: {run.stderr.strip()[-300:]}")
    r = json.loads(run.stdout)
    fit = by_shift[2019.0].fits["random_intercept"]
    estimates = [fit.fixed[k].estimate for k in ("(Intercept)", "visit")]
    assert estimates == pytest.approx(r["beta"], rel=1e-3)
    assert [fit.fixed[k].se for k in ("(Intercept)", "visit")] == pytest.approx(r["se"], rel=0.02)
    assert fit.loglik == pytest.approx(
        r["loglik"][0] if isinstance(r["loglik"], list) else r["loglik"], abs=0.01
    )
    assert np.isfinite(pd.Series(estimates)).all()
