"""The lag-1 expectation of the model with every level (reportgen.analysis.level_residuals) against
closed forms and a dense inverse, and the fitted values' alignment with the report's rows."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from reportgen.analysis.level_residuals import LevelResiduals, expected_lag1, fitted_on


def _residuals(z_lambda: np.ndarray, index: np.ndarray | None = None) -> LevelResiduals:
    n = z_lambda.shape[0]
    index = np.arange(n) if index is None else index
    return LevelResiduals(index, np.zeros(n), 1.0, sparse.csr_matrix(z_lambda))


@pytest.mark.parametrize(("visits", "ratio"), [(4, 0.5), (8, 3.0), (3, 0.0)])
def test_random_intercept_has_the_closed_form(visits: int, ratio: float) -> None:
    """One random intercept, tau / sigma = ``ratio``: -lambda / (m - lambda), lambda the shrinkage."""
    subjects = 5
    groups = np.repeat(np.arange(subjects), visits)
    time = np.tile(np.arange(visits, dtype=float), subjects)
    z = np.zeros((groups.size, subjects))
    z[np.arange(groups.size), groups] = ratio
    shrink = visits * ratio**2 / (visits * ratio**2 + 1)
    assert expected_lag1(_residuals(z), time, groups) == pytest.approx(-shrink / (visits - shrink))


def test_crossed_terms_match_a_dense_inverse() -> None:
    """Subjects crossed with sites (each visit at a random site), slopes for the subjects: the
    expectation from (I + M M')^-1 computed densely, rows shuffled."""
    rng = np.random.default_rng(7)
    subjects, visits, sites = 12, 6, 4
    groups = np.repeat(np.arange(subjects), visits)
    time = np.tile(np.arange(visits, dtype=float), subjects)
    site = rng.integers(0, sites, groups.size)
    m = np.zeros((groups.size, 2 * subjects + sites))
    rows = np.arange(groups.size)
    m[rows, 2 * groups] = 1.3
    m[rows, 2 * groups + 1] = 0.4 * time + 0.2  # a lower-triangular Lambda's second column
    m[rows, 2 * subjects + site] = 0.8
    shuffle = rng.permutation(groups.size)
    got = expected_lag1(_residuals(m[shuffle]), time[shuffle], groups[shuffle])
    w = np.linalg.inv(np.eye(groups.size) + m @ m.T)  # rows already in subject, time order
    same = groups[1:] == groups[:-1]
    off = w[rows[:-1], rows[1:]][same]
    diag = np.diag(w)
    want = off.sum() / math.sqrt(diag[:-1][same].sum() * diag[1:][same].sum())
    assert got == pytest.approx(want, rel=1e-9)


def test_no_pairs_no_expectation() -> None:
    z = np.ones((3, 1))
    assert math.isnan(expected_lag1(_residuals(z), np.zeros(3), np.arange(3)))


def test_fitted_values_follow_the_frames_rows() -> None:
    residuals = LevelResiduals(np.array([2, 0, 1]), np.array([20.0, 0.0, 10.0]), 1.0, None)
    frame = pd.DataFrame({"response": [1.0, 2.0, 3.0]})
    assert fitted_on(frame, residuals) == pytest.approx([0.0, 10.0, 20.0])
    assert fitted_on(frame.iloc[:2], residuals) is None  # the fit did not keep the same rows
    assert fitted_on(frame, None) is None
