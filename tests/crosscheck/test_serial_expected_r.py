"""The serial-correlation verdict against nlme's AR(1) error (issue 21): where the lag-1 residual
correlation departs upward from its expected value, an AR(1) error improves the fit in R; where it
does not, it does not. Sleepstudy's 0.12 is no "small negative value" test against 0 would pass:
independent errors give these residuals about -0.17, and nlme's corAR1 finds Phi near 0.5."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reportgen.analysis.diagnostics import expected_serial_correlation, serial_correlation, serial_departure_p
from reportgen.analysis.lmm import fit_exact
from reportgen.narrative.rules import ABOVE, serial_verdict
from tests.support.r_datasets import r_dataset
from tests.support.r_run import MISSING_PACKAGE, run_r
from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

pytestmark = pytest.mark.slow

AR1_R = f"""
if (!requireNamespace("nlme", quietly = TRUE)) quit(status = {MISSING_PACKAGE})
suppressMessages(library(nlme))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
ctl <- lmeControl(opt = "optim", maxIter = 200, msMaxIter = 200)
m0 <- lme(response ~ time, random = ~ time | group, data = d, control = ctl)
m1 <- update(m0, correlation = corAR1(form = ~ time | group))
cat(anova(m0, m1)[2, "p-value"], "\\n")
"""


def _ours(frame: pd.DataFrame) -> str:
    y, t, g = frame["response"].to_numpy(float), frame["time"].to_numpy(float), frame["group"].to_numpy()
    fit = fit_exact(y, t, g, random_slope=True)
    r, p, pairs = serial_correlation(y - fit.fitted, t, g)
    expected = expected_serial_correlation(fit, t, g)
    return serial_verdict(r, p, expected, serial_departure_p(r, expected, pairs))


def _ar1_p(frame: pd.DataFrame, folder: Path) -> float:
    data, script = folder / "data.csv", folder / "ar1.R"
    frame[["response", "time", "group"]].to_csv(data, index=False)
    script.write_text(AR1_R)
    return float(run_r(script, str(data)).stdout.split()[-1])


def test_sleepstudy_residuals_move_together_as_nlme_ar1_finds(tmp_path: Path) -> None:
    raw = r_dataset("sleepstudy", "lme4")
    frame = pd.DataFrame(
        {"response": raw["Reaction"], "time": raw["Days"], "group": raw["Subject"].astype(str)}
    )
    assert _ours(frame) == ABOVE
    assert _ar1_p(frame, tmp_path) < 0.001


def test_independent_errors_are_no_departure_and_ar1_adds_nothing(tmp_path: Path) -> None:
    frame = simulate(11, 18, 10, **LIKE_SLEEPSTUDY)
    frame["group"] = frame["group"].astype(str)
    assert _ours(frame) == ""
    assert _ar1_p(frame, tmp_path) > 0.05
