"""The model-side findings of the seventh read (issue 21), on the reports the statistician read:
Soybean (nlme, covariate Variety), CO2 (covariates Type and Treatment), Rabbit (MASS, covariate
Treatment) and clinics.csv (--group clinic/patient). Numbers are checked against R; words against
the numbers printed beside them. Each report is built once, in memory."""

from __future__ import annotations

import functools
import html as html_lib
import json
import math
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.examples import write_clinics
from reportgen.pipeline import render_report
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

STUDIES: dict[str, dict[str, Any]] = {
    "Rabbit": {"response": "BPchange", "time": "Dose", "group": "Animal", "covariates": ["Treatment"]},
    "Soybean": {"response": "weight", "time": "Time", "group": "Plot", "covariates": ["Variety"]},
    "CO2": {"response": "uptake", "time": "conc", "group": "Plant", "covariates": ["Type", "Treatment"]},
    "clinics": {"response": "score", "time": "month", "group": "clinic/patient"},
}
PACKAGES = {"Rabbit": "MASS", "Soybean": "nlme", "CO2": "datasets"}


@functools.cache
def frame(study: str) -> pd.DataFrame:
    if study == "clinics":
        folder = Path(__import__("tempfile").mkdtemp())
        write_clinics(folder / "clinics.csv")
        return pd.read_csv(folder / "clinics.csv", dtype={"clinic": str, "patient": str})  # as the CLI reads
    data = r_dataset(study, PACKAGES[study])
    column = STUDIES[study]["group"]
    data[column] = data[column].astype(str)
    return data


@functools.cache
def built(study: str) -> tuple[dict[str, Any], str]:
    """results.json and the report's text, whitespace collapsed."""
    config = make_config(**STUDIES[study], formats=["html"])
    report = render_report(frame(study), config, {"file": f"{study}.csv", "sha256": ""})
    page = re.sub(r'src="data:[^"]*"', "", report.files["report.html"].decode())
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    return report.results, re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))


CORRELATION_R = r"""
suppressMessages(ok <- requireNamespace("lme4", quietly = TRUE))
if (!ok) quit(status = 3)
d <- read.csv(commandArgs(TRUE)[1]); d$g <- interaction(d$clinic, d$patient)
m1 <- lme4::lmer(score ~ month + (month | g), d, REML = FALSE)
m0 <- lme4::lmer(score ~ month + (1 | g) + (0 + month | g), d, REML = FALSE)
a <- anova(m0, m1)
cat(sprintf('{"chisq": %.10g, "p": %.10g}', a$Chisq[2], a[["Pr(>Chisq)"]][2]))
"""


def test_clinics_correlation_sign_is_not_read_without_support(tmp_path: Path) -> None:
    # the seventh read: r = -0.14 read as "patients that start higher tend to rise more slowly"
    results, text = built("clinics")
    frame("clinics").to_csv(tmp_path / "clinics.csv", index=False)
    (tmp_path / "check.R").write_text(CORRELATION_R)
    r = json.loads(run_r(tmp_path / "check.R", str(tmp_path / "clinics.csv")).stdout)
    ours = results["random_slope"]["correlation_lrt"]
    assert math.isclose(ours["chisq"], r["chisq"], abs_tol=0.01) and math.isclose(
        ours["p"], r["p"], abs_tol=0.002
    )
    assert r["p"] > 0.05
    assert "cannot tell this correlation's sign" in text and "start higher tend to" not in text


def test_shape_sentences_say_chosen_and_name_the_lower_aic_within_two() -> None:
    rabbit_results, rabbit = built("Rabbit")
    shapes = rabbit_results["trend"]["shapes"]
    assert rabbit_results["trend"]["shape"] == "quadratic"
    assert shapes["spline3"]["aic"] < shapes["quadratic"]["aic"] < shapes["spline2"]["aic"]
    assert "fits best" not in rabbit and "every simpler shape" not in rabbit
    assert "a parabola (a quadratic in dose) is chosen (AIC" in rabbit
    assert re.search(r"the lower AIC of the 3-df spline \( ?379\.16 ?\) is within 2 of it", rabbit)
    # Table 14's fits (correlated slopes) are not the equation's (uncorrelated): said
    assert "not the uncorrelated random slopes of the model the report stands on" in rabbit
    clinics_results, clinics = built("clinics")
    assert clinics_results["trend"]["shape"] == "linear"
    assert "a straight line is chosen (AIC" in clinics and "the lower AIC of the 3-df spline" in clinics


def test_rabbit_counts_and_spread_direction_follow_the_numbers() -> None:
    results, text = built("Rabbit")
    d = results["diagnostics"]
    assert (d["smooth_off_zero"], d["smooth_bins"]) == (2, 6)
    assert "misses the average at two of the six observed values of dose" in text
    assert "at several values of dose" not in text
    by_time = d["spread_by_time"]
    assert by_time["sd_last"] > 4 * by_time["sd_first"]  # 0.69 first, 3.07 last
    assert "larger at the last than at the first, though not steadily" in text


def test_co2_curve_interaction_is_named_by_its_shape_not_a_slope() -> None:
    results, text = built("CO2")
    slope = results["covariates"]["Type"]["interactions"]["Treatment"]["slope"]
    assert slope["num_df"] == 4  # the 4-df spline in conc crossed with Type and Treatment
    assert "in the curve's shape over conc (F = " in text and "and in the slope (F =" not in text


SOYBEAN_R = r"""
d <- read.csv(commandArgs(TRUE)[1])
w <- d$weight[d$Time == as.numeric(commandArgs(TRUE)[2])]
cat(sprintf('{"mean": %.10g, "sd": %.10g, "n": %d}', mean(w), sd(w), length(w)))
"""


def test_soybean_levels_beside_the_measured_values_and_no_usable_intervals(tmp_path: Path) -> None:
    results, text = built("Soybean")
    curve = results["trend"]["curve"]
    frame("Soybean").to_csv(tmp_path / "soy.csv", index=False)
    (tmp_path / "check.R").write_text(SOYBEAN_R)
    for name in ("first", "last"):
        run = run_r(tmp_path / "check.R", str(tmp_path / "soy.csv"), repr(curve[name]["time"]))
        r, ours = json.loads(run.stdout), curve[name]["measured"]
        assert ours["n"] == r["n"] and math.isclose(ours["mean"], r["mean"], rel_tol=1e-9)
        assert math.isclose(ours["sd"], r["sd"], rel_tol=1e-9)
    # day 14: the level's interval reaches below zero; day 84: it misses the measured mean
    assert curve["first"]["ci_low"] < 0 < frame("Soybean")["weight"].min()
    assert not curve["last"]["ci_low"] <= curve["last"]["measured"]["mean"] <= curve["last"]["ci_high"]
    assert "while the weight measured there averages" in text
    # ... and only 16 of the 48 plots, the smallest, were measured at day 84: the gap is theirs
    # (final read), their fitted values near the measured mean
    assert "come from 16 of the 48 plots only" in text
    last = curve["last"]["measured"]
    assert abs(last["fitted_mean"] - last["mean"]) < abs(curve["last"]["estimate"] - last["mean"])
    assert results["diagnostics"]["spread_by_time"]["sd_ratio"] > 10
    assert "stay usable" not in text and "intervals and p-values are wrong" in text
