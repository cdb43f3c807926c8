"""The covariate section's equation with a covariate given as a factor (``--factor``) whose cells are
numbers is the lme4 formula as fitted, ``factor(Dose)`` and all (issue 21: it printed ``Days * Dose``,
which R reads as a slope in Dose): lme4's lmer refits the printed equation from the input file to the
covariate model's REML log-likelihood (0.01). Sleepstudy stays a straight line, the branch of the
template that printed the short form. Skipped without Rscript and lme4 (unless
``REPORTGEN_REQUIRE_R=1``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.support.contract import SLEEPSTUDY
from tests.support.r_refit import refit_formulas
from tests.support.report_text import built_words


def test_the_printed_equation_of_a_factor_covariate_refits_in_r(tmp_path: Path) -> None:
    frame = pd.read_csv(SLEEPSTUDY, dtype={"Subject": str})
    subjects = sorted(frame["Subject"].unique())
    codes = dict(zip(subjects, np.resize([5, 10, 20], len(subjects)), strict=True))
    frame["Dose"] = frame["Subject"].map(codes)
    results, words = built_words(
        frame,
        "sleepstudy_dose",
        response="Reaction",
        time="Days",
        group="Subject",
        factors=["Dose"],
    )
    assert results["trend"]["shape"] == "linear"
    record = results["models"]["covariates"]
    assert "factor(Dose" in record["formula"] and record["formula"] in words
    assert "Days * Dose" not in words
    theirs = refit_formulas(
        frame, {"covariates": record["formula"]}, tmp_path, text=("Subject",), numeric=("Dose",)
    )
    assert record["loglik"] == pytest.approx(theirs["covariates"]["loglik"], abs=0.01)
