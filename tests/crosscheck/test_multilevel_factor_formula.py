"""A covariate given as a factor (``--factor dose``) whose cells are numbers is ``factor(dose)`` in
the formula of the model with every level too (issue 21: fix21e did the one-grouping linear
models): lme4's lmer, reading the same file (dose a number there), refits the printed formula to the
same REML log-likelihood (0.01) and fixed effects, named alike. Dose codes 5, 10, 20 sort
differently as text and as numbers, so the formula also carries the report's reference level.
Skipped without Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.support.nested import simulate_nested
from tests.support.r_refit import refit_formulas


def nested_with_dose() -> pd.DataFrame:
    """8 sites x 6 patients x 4 months, each patient's dose coded 5, 10 or 20 (numbers in the file)."""
    frame = simulate_nested(2121, 8, 6, 4)
    dose = np.array([5, 10, 20])[frame["patient"].str.rpartition("p")[2].astype(int) % 3]
    return frame.assign(dose=dose, score=frame["score"] + 0.2 * dose)


def test_multilevel_formula_with_a_factor_refits_in_r(tmp_path: Path) -> None:
    from reportgen.analysis.multilevel import fit_multilevel

    raw = nested_with_dose()
    frame = raw.assign(dose=raw["dose"].astype(str))  # as clean() gives a --factor column
    fit = fit_multilevel(
        frame, "score", "month", ("site", "patient"), covariates=("dose",), given_factors=("dose",)
    )
    assert 'factor(dose, levels = c("10", "20", "5"))' in fit.formula
    theirs = refit_formulas(
        raw, {"multilevel": fit.formula}, tmp_path, text=("site", "patient"), numeric=("dose",)
    )["multilevel"]
    assert fit.loglik == pytest.approx(theirs["loglik"], abs=0.01)
    assert set(fit.fixed) == set(theirs["fixed"])
    for term, value in theirs["fixed"].items():
        assert fit.fixed[term].estimate == pytest.approx(value, rel=1e-3, abs=1e-6), term
