"""A covariate given as a factor (``--factor dose``) whose cells are numbers is ``factor(dose)`` in
the GLMM formulas too (issue 21: fix21e did the linear models): R's glmer, reading the same file
(dose a number there), refits each covariate GLMM's printed formula to the same log-likelihood
(0.01) and fixed effects, named alike. Dose codes 5, 10, 20 sort differently as text and as
numbers, so the printed formula must also carry the report's reference level. Skipped without
Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.crosscheck.test_reviewed_reports import simulated_binary
from tests.support.r_refit import refit_formulas


def binary_with_dose() -> pd.DataFrame:
    """The reviewed simulated binary study, each subject given a dose coded 5, 10 or 20."""
    frame = simulated_binary()
    number = frame["id"].str[1:].astype(int)
    return frame.assign(dose=np.array([5, 10, 20])[number % 3])


def _fits(raw: pd.DataFrame, factors: tuple[str, ...]) -> Any:
    from reportgen.analysis.glmm_covariates import fit_covariates

    frame = pd.DataFrame(
        {
            "response": raw["y"].astype(float),
            "time": raw["visit"].astype(float),
            "group": raw["id"],
            "dose": raw["dose"].astype(str),  # as clean() gives a --factor column: its cells as text
        }
    )
    return fit_covariates(
        frame, ("dose",), "random_intercept", "binomial", ("y", "visit", "id"), 0.0, factors
    )


def test_factor_covariate_glmm_formulas_refit_in_r(tmp_path: Path) -> None:
    raw = binary_with_dose()
    covariates = _fits(raw, ("dose",))
    fits = {"additive": covariates.fit, "read": covariates.chosen}
    formulas = {name: fit.formula for name, fit in fits.items()}
    assert 'factor(dose, levels = c("10", "20", "5"))' in formulas["additive"]  # the report's reference: 10
    theirs = refit_formulas(raw, formulas, tmp_path, family="binomial", text=("id",), numeric=("dose",))
    for name, fit in fits.items():
        assert fit.loglik == pytest.approx(theirs[name]["loglik"], abs=0.01), name
        assert set(fit.fixed) == set(theirs[name]["fixed"]), name
        for term, value in theirs[name]["fixed"].items():
            assert fit.fixed[term].estimate == pytest.approx(value, rel=1e-3, abs=1e-5), (name, term)


def test_level_words_read_the_level_off_a_factor_term() -> None:
    from reportgen.narrative.family_covariates import level_name

    assert level_name("dose", 'factor(dose, levels = c("10", "20", "5"))20', "10") == (
        "dose = 20",
        "dose = 10",
    )
    assert level_name("dose", "factor(dose)20", "5") == ("dose = 20", "dose = 5")
    assert level_name("arm", "armcontrol", "active") == ("arm = control", "arm = active")
