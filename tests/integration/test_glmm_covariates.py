"""The covariate GLMM when a fit cannot be trusted (issue 21): a curved covariate GLMM refused by
:mod:`reportgen.analysis.glmm_reached` falls back to time as a straight line (the section's note
says so), and a straight one refused drops the covariates' GLMM sections with one stated sentence
instead of stopping the report (the main GLMM's refusal still stops it)."""

from __future__ import annotations

import functools
import math

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis import glmm_covariates
from reportgen.analysis.family import choose_family
from reportgen.analysis.glmm import analyse_glmm
from reportgen.analysis.glmm_covariates import CovariateRefusal, covariates_or_refusal, fit_covariates
from reportgen.analysis.time_basis import make_shape
from reportgen.config import Labels
from reportgen.errors import UnreliableFitError
from reportgen.narrative.family import family_words

COLUMNS = ("y", "visit", "id")


def small_binary(seed: int = 5) -> pd.DataFrame:
    """30 subjects x 5 visits, two arms, a logistic random intercept (as the analysis names columns)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(30):
        level = rng.normal(0, 0.7)
        for visit in range(1, 6):
            eta = -1.0 + 0.4 * visit + 0.5 * (i % 2) + level
            y = int(rng.random() < 1 / (1 + math.exp(-eta)))
            rows.append({"group": f"s{i:02d}", "time": float(visit), "arm": "ab"[i % 2], "response": y})
    return pd.DataFrame(rows)


def _fit(frame: pd.DataFrame) -> functools.partial:  # type: ignore[type-arg]
    """The covariate GLMM of ``arm`` on ``frame`` with time as a given shape."""
    return functools.partial(
        fit_covariates, frame, ("arm",), "random_intercept", "binomial", COLUMNS, 1.0, ()
    )


def _refusing(when: str) -> object:
    """A fit_formula that refuses the fits whose internal formula holds ``when`` and fits the others."""
    real = glmm_covariates.fit_formula

    def fit(data, internal, names, *args, **kwargs):  # type: ignore[no-untyped-def]
        if when in internal:
            raise UnreliableFitError("refused", formula=names.formula, reason="below_bound")
        return real(data, internal, names, *args, **kwargs)

    return fit


@pytest.mark.slow  # two real GLMM fits (5 s)
def test_a_refused_curved_covariate_glmm_falls_back_to_the_straight_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    frame = small_binary()
    quadratic = make_shape("quadratic", frame["time"].to_numpy(float), "visit")
    monkeypatch.setattr(glmm_covariates, "fit_formula", _refusing("shape"))
    c, refused = covariates_or_refusal(("arm",), _fit(frame), quadratic)
    assert refused is None and c is not None
    assert c.shape == "linear" and c.fit.formula == "y ~ visit + arm + (1 | id)"
    assert set(c.effects) == {"arm"}


def test_a_refused_straight_covariate_glmm_is_a_stated_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(glmm_covariates, "fit_formula", _refusing("response"))
    c, refused = covariates_or_refusal(("arm",), _fit(small_binary()))
    assert c is None
    assert refused == CovariateRefusal(("arm",), "y ~ visit + arm + (1 | id)", "below_bound")


def test_the_report_stands_on_the_main_glmm_without_the_covariate_sections(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The whole GLMM analysis: the main GLMM fitted, the covariate GLMM refused and said so."""
    monkeypatch.setattr(glmm_covariates, "fit_formula", _refusing("response"))
    frame = small_binary()
    g = analyse_glmm(
        frame, choose_family(frame["response"].to_numpy(float), "auto"), COLUMNS, covariates=("arm",)
    )
    assert g.covariates is None and g.covariates_refused is not None
    text = "".join(
        p
        for s in family_words(g, Labels("y", "", "visit", "", "id"))["g_family"]
        for p in s
        if isinstance(p, str)
    )
    assert "The logistic mixed model with arm could not be fitted reliably" in text
    assert "this report has no GLMM section on arm" in text
