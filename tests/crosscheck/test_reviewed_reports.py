"""Reports of the data sets a statistician reviewed (R's Orange, Soybean, epil, CO2): the words the
review found wrong now follow the numbers. Each report is built once, in memory."""

from __future__ import annotations

import functools
import html as html_lib
import re
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow

STUDIES: dict[str, tuple[str, str, dict[str, Any]]] = {
    "Orange": ("datasets", "Orange", {"response": "circumference", "time": "age", "group": "Tree"}),
    "Soybean": ("nlme", "Soybean", {"response": "weight", "time": "Time", "group": "Plot"}),
    "epil": ("MASS", "epil", {"response": "y", "time": "period", "group": "subject"}),
    "CO2": ("datasets", "CO2", {"response": "uptake", "time": "conc", "group": "Plant"}),
    "Sitka": ("MASS", "Sitka", {"response": "size", "time": "Time", "group": "tree"}),
}


def simulated_binary(seed: int = 42) -> pd.DataFrame:
    """The review's binary study: 60 subjects, 6 visits, a logistic random intercept, a drug arm."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(60):
        level, treated = rng.normal(0, 1.5), i % 2
        for visit in range(6):
            eta = -0.5 + 0.25 * visit + 0.3 * treated * visit + level
            y = int(rng.random() < 1 / (1 + np.exp(-eta)))
            rows.append({"id": f"S{i + 1:02d}", "visit": visit + 1, "y": y})
    return pd.DataFrame(rows)


@functools.cache
def built(study: str) -> tuple[dict[str, Any], str]:
    """results.json and the report's words (text, then every alt text), whitespace collapsed."""
    if study == "binary":
        columns: dict[str, Any] = {"response": "y", "time": "visit", "group": "id"}
        frame = simulated_binary()
    else:
        package, name, columns = STUDIES[study]
        frame = r_dataset(name, package)
        frame[columns["group"]] = frame[columns["group"]].astype(str)  # as the file readers give ids
    config = make_config(**columns, formats=["html"])
    report = render_report(frame, config, {"file": f"{study}.csv", "sha256": ""})
    page = report.files["report.html"].decode()
    page = re.sub(r'src="data:[^"]*"', "", page)
    alts = " ".join(re.findall(r'alt="([^"]*)"', page))
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    text = html_lib.unescape(re.sub(r"<[^>]+>", " ", body) + " " + alts)
    return report.results, re.sub(r"\s+", " ", text)


def test_epil_alt_text_and_body_agree_on_a_negligible_correlation() -> None:
    results, text = built("epil")
    assert abs(results["describe"]["correlation"]) < 0.1
    assert "hardly any linear relationship (correlation" in text  # the scatter's alt text
    assert "y tends to fall with period" not in text
    # within r = -0.11, p = 0.142: no relationship "that holds inside each of them"
    assert results["describe"]["within_correlation_p"] > 0.05
    assert "inside each of them" not in text and "no clear linear relationship" in text


def test_pooling_words_follow_the_numbers() -> None:
    co2, co2_text = built("CO2")
    assert co2["pooling"]["intercept_shrinkage"] < 0
    assert "no pooling of the levels, whose spread grows" in co2_text
    assert "strong pooling of the levels" not in co2_text
    # Since issue 21 CO2 stands on uncorrelated slopes (the correlated test, p = 0.010, decides);
    # pooling reads that curve's own random effects (statistician D), whose slopes shrink less than
    # the straight line's did (0.13, was above 0.5): the words follow.
    shrinkage = co2["pooling"]["slope_shrinkage"]
    assert 0.1 <= shrinkage < 0.3 and "moderate pooling of the slopes" in co2_text
    _, orange_text = built("Orange")  # uncorrelated slopes, level variance 0 at age 118
    assert "the model gives the levels no variance" in orange_text and "strong pooling" not in orange_text


def test_soybean_q3_reads_levels_at_the_first_time_and_the_chosen_model() -> None:
    results, text = built("Soybean")
    first = results["first_subjects"]
    assert results["model_choice"]["reference_time"] == 14
    # The straight lines put every plot below zero there (weights of 0.029 to 0.154 were measured):
    # the words say they are the lines' levels, from a curved trend, not chance (N5).
    assert "their lines' levels at time 14, the first observed time," in text
    assert "reaching outside the range of the measured values" in text and "curved trend" in text
    assert "also differ in where they start" not in text
    assert first["level_min"] > first["intercept_min"]  # read at day 14, not at day 0
    assert results["model_choice"]["random_effects"] != "random_intercept"  # slopes (R: chi2 = 91.75)
    assert "no clear differences between individuals" not in text
    assert "Individuals differ mainly in how fast they change" in text


def test_orange_straight_line_is_inadequate_and_diagnostics_agree() -> None:
    results, text = built("Orange")
    trend = results["trend"]
    # R: one mean per age against the line, LRT chi2 = 45.9 on 5 df, p = 1e-8; the quadratic
    # test alone (chi2 = 3.18, p = 0.074) is weak with 5 trees.
    assert trend["supported"] == "linear" and trend["quadratic_lrt"]["p"] == pytest.approx(0.0744, abs=2e-3)
    assert trend["bins_off_zero"] == 5 and trend["line_misses"]
    assert "a straight line is adequate" not in text and "a straight line is nevertheless inadequate" in text
    # The model the report stands on then follows a curve (shape comparison): its residuals are
    # the curve's, and the diagnostics say so instead of calling a straight trend adequate.
    assert trend["shape"] != "linear" and results["trend"]["curve"] is not None
    assert "no clear sign that the trend bends" not in text and "around a straight trend" not in text


def test_sitka_q5_points_at_the_curves_rate_not_two_line_intervals() -> None:
    _, text = built("Sitka")
    assert "0.012 to 0.013 there, against 0.012 to 0.013 here" not in text
    # Final read: a curve's headline rate is the curve's own (0.0031), so Q5 points at it instead of
    # setting a straight line's interval beside another's.
    assert "there, against" not in text
    assert "read the average rate and its interval from the curve the model stands on" in text


@pytest.mark.parametrize("study", ["binary", "Orange"])
def test_the_same_threshold_is_named_before(study: str) -> None:
    _, text = built(study)
    if "the same threshold" in text:
        assert text.index("threshold these checks use") < text.index("the same threshold")
    if study == "binary":  # a clear reversed funnel, then a hint over time: the threshold is named there
        assert "the same threshold" not in text


def test_binary_q1_gives_the_share_of_ones_and_the_remedy_is_logistic() -> None:
    results, text = built("binary")
    share = results["describe"]["response_upper_share"]
    assert share == pytest.approx(simulated_binary()["y"].mean())
    assert "takes two values only, 0 and 1" in text and "around a median of" not in text
    assert "two values only, 54.7% of them 1." in text and "roughly symmetric" not in text  # alt text too
    if "would suit it better" in text:
        assert "binomial family" in text and "(or a transformation) would suit" not in text
