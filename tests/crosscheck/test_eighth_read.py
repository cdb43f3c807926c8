"""The eighth read's numbers against R (issue 21).

Nested study: a covariate assigned by school is tested at the start with a random intercept per
school (the school's df), as R's ``anova(lmer(score ~ arm + (1 | school)))`` at the first wave
tests it, not on the pupils as independent values (the report said F = 21.81 on 1 and 118 df where R gives
F = 7.94 on 1 and 6 df).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.covariates import measured_at_start
from tests.crosscheck.test_lme4 import R_TO_JSON
from tests.support.r_run import MISSING_PACKAGE, run_r

pytestmark = pytest.mark.slow


def _r_script(packages: tuple[str, ...], body: str) -> str:
    """An R script that quits with MISSING_PACKAGE without ``packages`` and has ``to_json``."""
    wanted = ", ".join(f'"{p}"' for p in packages)
    check = (
        f"for (p in c({wanted})) if (!requireNamespace(p, quietly = TRUE)) quit(status = {MISSING_PACKAGE})"
    )
    return check + "\n" + R_TO_JSON + body


def _r_json(folder: Path, text: str, *args: str) -> dict[str, Any]:
    """Run the R script ``text`` from ``folder`` with ``args``; the JSON object it prints last."""
    script = folder / "check.R"
    script.write_text(text)
    result: dict[str, Any] = json.loads(run_r(script, *args).stdout.strip().splitlines()[-1])
    return result


R_START = _r_script(
    ("lme4", "lmerTest"),
    r"""
suppressMessages(library(lmerTest))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d0 <- d[d$wave == 0, ]
a <- anova(lmer(score ~ arm + (1 | school), data = d0))
cat(to_json(list(F = a["arm", "F value"], den_df = a["arm", "DenDF"], p = a["arm", "Pr(>F)"])), "\n")
""",
)


def _schools(seed: int) -> pd.DataFrame:
    """8 schools of 15 pupils, 5 waves, arm assigned by school; school SD 2.5, pupil SD 4, residual 3."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(8):
        arm = "treat" if s >= 4 else "control"
        school = rng.normal(0, 2.5) - (3.0 if arm == "treat" else 0.0)
        for k in range(15):
            pupil = rng.normal(0, 4.0)
            for wave in range(5):
                score = 50 + school + pupil + 0.8 * wave + rng.normal(0, 3.0)
                rows.append(
                    {"wave": wave, "pupil": f"P{15 * s + k}", "school": f"S{s}", "arm": arm, "score": score}
                )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", [1, 2])
def test_an_arm_assigned_by_school_is_tested_at_the_start_on_the_schools_df(
    seed: int, tmp_path: Path
) -> None:
    data = _schools(seed)
    path = tmp_path / "schools.csv"
    data.to_csv(path, index=False)
    r = _r_json(tmp_path, R_START, str(path))
    frame = data.rename(columns={"wave": "time", "score": "response", "pupil": "group"})
    ours = measured_at_start(frame, "arm", 0.0, "categorical", ("school",))
    assert ours is not None
    assert (ours.num_df, ours.den_df) == (1.0, pytest.approx(r["den_df"], rel=1e-3))
    assert ours.F == pytest.approx(r["F"], rel=1e-3)
    assert ours.p == pytest.approx(r["p"], rel=1e-3)
    # without the outer level the pupils count as independent: 118 df
    pooled = measured_at_start(frame, "arm", 0.0, "categorical")
    assert pooled is not None and pooled.den_df == 118.0


# Ovary: the curve the report stands on (a 3-df natural spline with correlated random slopes) and
# its change from the first to the last observed time, refitted in lme4/lmerTest; and the harmonic
# trend statistics.md compares it with (sin/cos of 2*pi*Time, ML), which the report does not fit.
R_OVARY = _r_script(
    ("lme4", "lmerTest", "nlme", "splines"),
    r"""
suppressMessages({library(lmerTest); library(splines)})
data(Ovary, package = "nlme")
d <- as.data.frame(Ovary)
d$Mare <- factor(as.character(d$Mare))
m <- lmer(follicles ~ ns(Time, 3) + (Time | Mare), data = d)
ends <- range(d$Time)
basis <- ns(d$Time, 3)
X <- cbind(1, predict(basis, ends))
ct <- contest(m, X[2, ] - X[1, ], joint = FALSE)
h <- lmer(follicles ~ sin(2 * pi * Time) + cos(2 * pi * Time) + (Time | Mare), data = d, REML = FALSE)
s <- lmer(follicles ~ ns(Time, 3) + (Time | Mare), data = d, REML = FALSE)
line <- unname(fixef(lmer(follicles ~ Time + (Time | Mare), data = d))[2])
cat(to_json(list(change = ct$Estimate, se = ct[["Std. Error"]], df = ct$df, p = ct[["Pr(>|t|)"]],
                 first = ends[1], last = ends[2], line = line,
                 aic_harmonic = AIC(h), aic_spline = AIC(s))), "\n")
""",
)


@pytest.fixture(scope="module")
def ovary() -> dict[str, Any]:
    from tests.support.analysed import analyse_study
    from tests.support.r_datasets import r_dataset

    raw = r_dataset("Ovary", "nlme")
    frame = raw[["follicles", "Time", "Mare"]].rename(
        columns={"follicles": "response", "Time": "time", "Mare": "group"}
    )
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reportgen.analysis.influence.EXACT_LIMIT", 20)
        return analyse_study(frame.assign(group=frame["group"].astype(str)))


@pytest.fixture(scope="module")
def r_ovary(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return _r_json(tmp_path_factory.mktemp("ovary"), R_OVARY)


def test_ovary_summaries_read_the_curves_rate_as_r_gives_it(
    ovary: dict[str, Any], r_ovary: dict[str, Any]
) -> None:
    head = ovary["results"]["headline"]
    span = r_ovary["last"] - r_ovary["first"]
    assert ovary["results"]["trend"]["shape"] == "spline3"
    assert head["slope_source"] == "curve"  # the line's slope has the other sign
    assert r_ovary["line"] > 0 > r_ovary["change"]
    assert head["slope"] == pytest.approx(r_ovary["change"] / span, rel=1e-3)
    assert head["slope_se"] == pytest.approx(r_ovary["se"] / span, rel=1e-2)
    assert head["slope_p"] == pytest.approx(r_ovary["p"], rel=5e-2)


def test_ovary_names_no_cycle_though_a_harmonic_fits_as_well_as_its_spline(
    ovary: dict[str, Any], r_ovary: dict[str, Any]
) -> None:
    # statistics.md: the spline follows the wave (no turns left in its residual means), no cycle is
    # named, and R's harmonic trend of period 1 has the lower AIC with one parameter fewer.
    results = ovary["results"]
    assert results["waves"]["cyclic"] and not results["residual_waves"]["cyclic"]
    assert results["trend"]["shapes"]["spline3"]["aic"] == pytest.approx(r_ovary["aic_spline"], abs=0.01)
    assert r_ovary["aic_harmonic"] < r_ovary["aic_spline"] - 2
    words = " ".join(s for group in ovary["sentences"].values() for s in group)
    assert "cycle (the sine and cosine" not in words


def test_the_nested_reports_start_sentence_says_it_tests_with_the_schools_level(tmp_path: Path) -> None:
    import re

    from click.testing import CliRunner

    from reportgen.cli import cli

    path = tmp_path / "schools.csv"
    _schools(1).to_csv(path, index=False)
    args = ["build", "--data", str(path), "--response", "score", "--time", "wave", "--group", "school/pupil"]
    result = CliRunner().invoke(
        cli, [*args, "--covariate", "arm", "--format", "html", "--out", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    # lmerTest's anova(lmer(score ~ arm + (1 | school))) at wave 0: 8 schools of one size, 6 df.
    assert results["covariates"]["arm"]["measured_at_start"]["den_df"] == pytest.approx(6.0, abs=1e-3)
    page = (tmp_path / "out" / "report.html").read_text()
    text = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))
    # The raw means printed beside it are not the ones the test compares (statistician P 9).
    assert (
        "with a random intercept for each school (arm is constant within each school; the test compares "
        "the means that model estimates, which adjust for the schools, not the raw means given here), "
        "differ by F =" in text
    )
