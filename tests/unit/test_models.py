"""analysis.models: each fit written as lme4 refits it, on the input's column names."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.mixed import fit_mixed, fit_model
from reportgen.analysis.model_matrix import build_model_matrix
from reportgen.analysis.models import formula, model_record, r_name

COLUMNS = {"response": "Reaction", "time": "Days", "group": "Subject"}


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    rng = np.random.default_rng(3)
    rows = []
    for g in range(12):
        level, slope, arm = rng.normal(0, 3), rng.normal(0, 0.5), "drug B" if g % 2 else "A"
        for t in range(5, 11):
            y = 10 + level + (1 + slope + 0.3 * (arm == "A")) * t + rng.normal()
            rows.append({"group": f"s{g}", "time": float(t), "response": y, "my arm": arm})
    return pd.DataFrame(rows)


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ("Reaction", "Reaction"),
        ("log.dose_2", "log.dose_2"),
        ("my arm", "`my arm`"),
        ("2nd", "`2nd`"),
        (".5x", "`.5x`"),
        ("if", "`if`"),
        ("a`b", "`a\\`b`"),
    ],
)
def test_names_that_are_not_syntactic_in_r_are_quoted(name: str, written: str) -> None:
    assert r_name(name) == written


def test_the_seminar_models_and_their_method(frame: pd.DataFrame) -> None:
    ri = fit_mixed(frame, random_slope=False)
    rs_ml = fit_mixed(frame, random_slope=True, reml=False)
    assert formula(ri, None, COLUMNS) == "Reaction ~ Days + (1 | Subject)"
    record = model_record(rs_ml, None, COLUMNS)
    assert record["formula"] == "Reaction ~ Days + (Days | Subject)"
    assert (record["family"], record["method"], record["loglik"]) == ("gaussian", "ML", rs_ml.loglik)
    assert set(record["fixed"]) == {"(Intercept)", "Days"}
    assert record["fixed"]["Days"] == {"estimate": rs_ml.slope.estimate, "se": rs_ml.slope.se}
    assert record["theta"] == pytest.approx(list(rs_ml.theta))
    assert model_record(ri, None, COLUMNS, family="binomial", method="Laplace")["method"] == "Laplace"


@pytest.mark.parametrize(("origin", "term"), [(5.0, "I(Days - 5)"), (-2.5, "I(Days + 2.5)"), (0.0, "Days")])
def test_uncorrelated_slopes_keep_their_time_origin(frame: pd.DataFrame, origin: float, term: str) -> None:
    design = build_model_matrix(frame)
    fit = fit_model(frame, design, random=2, covariance="diagonal", time_origin=origin)
    assert formula(fit, design, COLUMNS) == f"Reaction ~ Days + (1 | Subject) + (0 + {term} | Subject)"


def test_covariate_and_quadratic_terms_are_named_as_r_names_them(frame: pd.DataFrame) -> None:
    design = build_model_matrix(frame, covariates=("my arm",))
    fit = fit_model(frame, design, random=1)
    record = model_record(fit, design, COLUMNS)
    assert record["formula"] == "Reaction ~ Days + `my arm` + Days:`my arm` + (1 | Subject)"
    assert list(record["fixed"]) == ["(Intercept)", "Days", "`my arm`drug B", "Days:`my arm`drug B"]
    square = build_model_matrix(frame, quadratic=True)
    curved = model_record(fit_model(frame, square, random=2), square, COLUMNS)
    assert curved["formula"] == "Reaction ~ Days + I(Days^2) + (Days | Subject)"
    assert list(curved["fixed"]) == ["(Intercept)", "Days", "I(Days^2)"]
