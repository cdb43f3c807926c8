"""Binary and count reports stand on their GLMM throughout (issue 21, glmmreport): no linear-model
section or sentence, the covariates from the GLMM by time, model_choice the GLMM's, the GLMMs'
warnings, a title and an email that name the model. MASS::epil (Poisson: y ~ period by subject,
trt and lbase) and the review's simulated binary study with its drug arm."""

from __future__ import annotations

import functools
import html as html_lib
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from tests.crosscheck.test_reviewed_reports import simulated_binary
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow

# The linear sections a GLMM report must not show (their registry titles), and their sentences.
LINEAR_SECTIONS = ("g1", "g2", "g-trend", "g-covariate-{slug}", "g3", "g4", "g5")
LINEAR_WORDS = ("simplified to random intercepts", "their lines run apart", "Satterthwaite denominator df")


def _study(name: str) -> tuple[pd.DataFrame, dict[str, Any]]:
    if name == "binary":
        frame = simulated_binary()
        frame["arm"] = ["drug" if int(i[1:]) % 2 == 0 else "placebo" for i in frame["id"]]
        return frame, {"response": "y", "time": "visit", "group": "id", "covariates": ("arm",)}
    frame = r_dataset("epil", "MASS")
    frame["subject"] = frame["subject"].astype(str)
    return frame, {"response": "y", "time": "period", "group": "subject", "covariates": ("trt", "lbase")}


@functools.cache
def _built(name: str) -> tuple[dict[str, Any], str, dict[str, bytes]]:
    """results.json, the report's text (whitespace collapsed) and its files."""
    frame, columns = _study(name)
    report = render_report(
        frame, make_config(**columns, formats=["html"]), {"file": f"{name}.csv", "sha256": ""}
    )
    page = re.sub(r'src="data:[^"]*"', "", report.files["report.html"].decode())
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", page, flags=re.S)
    text = re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", body)))
    return report.results, text, report.files


@pytest.mark.parametrize("name", ["binary", "epil"])
def test_a_glmm_report_shows_no_linear_section(name: str) -> None:
    results, text, files = _built(name)
    from reportgen.sections import SECTIONS

    headings = re.findall(r"<h2>([^<]*)</h2>", files["report.html"].decode())
    assert any("a model for this kind of response" in h for h in headings)
    for section in SECTIONS:
        if section.key in LINEAR_SECTIONS:
            pattern = re.sub(r"\\\{\w+\\\}", ".+", re.escape(section.title))  # {groups}, {param}: any
            assert not any(re.fullmatch(rf"Going further \d+: {pattern}", h) for h in headings), section.key
    for words in LINEAR_WORDS:
        assert words not in text, words
    assert not any(
        key.startswith("g_") and key not in ("g_outcome", "g_family") for key in results["narrative"]
    )


def test_the_title_names_the_family() -> None:
    assert _built("binary")[0]["report"]["title"] == "Logistic mixed models: y over visit"
    results, text, _ = _built("epil")
    assert results["report"]["title"] == "Poisson mixed models: y over period"
    assert "Linear mixed models" not in text


def test_binary_arm_is_compared_at_each_visit_from_the_glmm() -> None:
    results, text, _ = _built("binary")
    effect = results["glmm"]["covariates"]["effects"]["arm"]
    assert effect["formula"] == "y ~ visit + arm + (1 | id)" and not effect["interaction_kept"]
    for when in ("first", "mean", "last"):
        assert effect["levels"]["armplacebo"][when]["p"] > 0.05
    assert "At visit 1 (the first observed time) the probability of a 1 is 0.23 at arm = placebo" in text
    assert "At visit 6 (the last observed time)" in text
    assert "at none of these times is the difference clear" in text


def test_epil_treatment_lowers_the_rate_at_every_period() -> None:
    results, text, _ = _built("epil")
    levels = results["glmm"]["covariates"]["effects"]["trt"]["levels"]["trtprogabide"]
    assert all(at["ci_high"] < 0 for at in levels.values())
    assert "higher at trt = placebo" in text and "the difference is clear at every one of these times" in text
    assert "the rate ratio of trt = progabide against trt = placebo is 0.72" in text


@pytest.mark.parametrize("name", ["binary", "epil"])
def test_model_choice_describes_the_glmm(name: str) -> None:
    results, _, _ = _built(name)
    choice, glmm = results["model_choice"], results["glmm"]
    assert (choice["random_effects"], choice["reason"]) == (glmm["model"], glmm["reason"])
    assert choice["stands_on"] == f"glmm_{glmm['chosen']}"
    assert "r2_marginal" not in choice and "r2_marginal" in choice["linear"]  # the linear keys moved
    assert choice["linear"]["random_effects"] in ("random_intercept", "random_slope", "uncorrelated_slope")


def test_model_warnings_name_the_singular_glmm() -> None:
    results, text, _ = _built("binary")
    assert results["glmm"]["fits"]["random_slope"]["singular"]
    warnings = results["fits"]["glmm_warnings"]
    assert warnings == [
        "random slope GLMM (y ~ visit + (visit | id)): singular fit: a variance is estimated at (or "
        "near) zero, or a correlation at +-1"
    ]
    appendix = text.split("Model warnings")[-1]
    assert appendix.lstrip().startswith("random slope GLMM") and "random slopes: singular" not in appendix
    assert "singular (a boundary fit: a variance at 0 or a correlation at ±1): random slope" in text


@pytest.mark.parametrize("name", ["binary", "epil"])
def test_the_email_gives_the_glmm_sentences(name: str, tmp_path: Path) -> None:
    from reportgen.mail.compose import summary_context
    from reportgen.mail.folders import ReportFolder

    results, _, files = _built(name)
    source = ReportFolder(tmp_path, results, {"family_curve": files["figures/family_curve.png"]})
    context = summary_context(source, "subject")
    plain = " ".join(context["plain"](parts) for block in context["blocks"] for parts in block.sentences)
    ratio = "odds ratio" if name == "binary" else "rate ratio"
    assert f"The {ratio} per" in plain and "glmer" in plain
    assert "least-squares" not in plain and "random-intercept model, where" not in plain
    assert context["title"].startswith("Logistic" if name == "binary" else "Poisson")
