"""Statistician review B (CO2 with two covariates, Dialyzer, Ovary): the words follow the numbers.

Numbers from R (lme4, nlme data sets) as the reviewer read them; the sentences are the report's.
"""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path
from typing import Any

import pytest

from tests.crosscheck.test_wording_studies import _words
from tests.support.contract import csv, run_cli
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def ovary() -> tuple[str, dict[str, Any]]:
    return _words("nlme", "Ovary", "follicles", "Time", "Mare")


@pytest.fixture(scope="module")
def dialyzer() -> tuple[str, dict[str, Any]]:
    return _words("nlme", "Dialyzer", "rate", "pressure", "Subject", ("QB",))


@pytest.fixture(scope="module")
def co2() -> tuple[str, dict[str, Any]]:
    return _words("datasets", "CO2", "uptake", "conc", "Plant", ("Type", "Treatment"))


def test_ovary_curve_gives_its_peak_and_turns_into_a_fall(ovary: tuple[str, dict[str, Any]]) -> None:
    text, results = ovary
    extreme = results["trend"]["curve"]["extreme"]
    assert extreme["kind"] == "peak" and extreme["time"] == pytest.approx(0.74, abs=0.02)
    assert extreme["estimate"] == pytest.approx(15.8, abs=0.05)
    assert "follicles fall over the observed" in text and "follicles falls" not in text
    assert "in between it peaks at" in text and "a rise turns into a fall" in text


def test_ovary_leaving_out_mare_3_keeps_the_slopes(ovary: tuple[str, dict[str, Any]]) -> None:
    # R without mare 3: chi2 = 5.22, boundary-corrected p = 0.048: the slopes are still chosen.
    text, results = ovary
    assert "3" not in results["influence"]["random_slope_changers"]
    assert "changes the verdict of the random-slope test" not in text


def test_ovary_summing_up_does_not_contradict_the_lines(ovary: tuple[str, dict[str, Any]]) -> None:
    text, _ = ovary
    assert "differ mainly in how fast" not in text and "run from" in text


def test_dialyzer_levels_off_and_reads_qb_at_its_two_values(dialyzer: tuple[str, dict[str, Any]]) -> None:
    text, results = dialyzer
    assert "a rise turns into a fall" not in text and "the rise levels off" in text
    assert not results["trend"]["curve"]["after_extreme"]["ci_high"] < 0  # no clear fall after the peak
    qb = results["covariates"]["QB"]
    assert qb["level_values"] == [200.0, 300.0] and "median" not in " ".join(qb["levels"])
    assert "read at those two values" in text and "the median of QB" not in text


def test_co2_slope_test_with_both_covariates_credits_neither(co2: tuple[str, dict[str, Any]]) -> None:
    text, results = co2
    # Since issue 21's reshape the uncorrelated refit describes the chosen curve (on the straight line
    # its test gave p = 0.167): its statistic is that of the two ML fits R refits (test_models_refit).
    models, shape = results["models"], results["trend"]["shape"]
    chisq = 2 * (models["uncorrelated_slope_ml"]["loglik"] - models[f"random_intercept_{shape}_ml"]["loglik"])
    assert results["model_choice"]["uncorrelated_lrt"]["chisq"] == pytest.approx(max(chisq, 0.0), abs=1e-9)
    assert "With both covariates (Type and Treatment) in the model" in text
    assert "explains the differences in rates" not in text and "With Type in the model" not in text


def test_co2_words_per_direction_and_axis(co2: tuple[str, dict[str, Any]]) -> None:
    text, _ = co2
    assert "while the spread of slopes shrinks by" in text
    # the measured means are the chilled plants', as the curves (statistician Q, session 8); a spline
    assert "measured mean at Treatment chilled against the curve there" in text
    assert "too small for early times" not in text and "conc 435.00" not in text and "at conc 435," in text
    assert "and Treatment in both" in text and "and Type in both" in text  # one convention


def test_ovary_variance_explained_row_of_the_reports_model_is_the_curve(tmp_path: Path) -> None:
    frame = r_dataset("Ovary", "nlme")[["Mare", "Time", "follicles"]]
    data = csv(tmp_path, frame)
    run = run_cli(
        "build", "--data", data, "--response", "follicles", "--time", "Time", "--group", "Mare",
        "--format", "html", "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert run.code == 0, run.stderr
    html = html_lib.unescape((tmp_path / "out" / "report.html").read_text())  # "report&#39;s"
    row = re.search(r"Random slopes, curved trend \(the report's model\)</th>(.*?)</tr>", html, re.S)
    assert row is not None and "0.21" in row.group(1) and "0.65" in row.group(1)
    assert "Random slopes (the report's model)" not in html
