"""Which levels' slopes the every-level model's simplification may drop
(reportgen.analysis.multilevel.degenerate_slope_terms): only those whose own covariance is at the
boundary, not another level's when the fit is singular through an intercept-only site level."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from reportgen.analysis.multilevel import degenerate_slope_terms


def _group(cov: np.ndarray) -> SimpleNamespace:
    sd = np.sqrt(np.diag(cov))
    return SimpleNamespace(cov=cov, corr=cov / np.outer(sd, sd) if sd.all() else np.eye(len(sd)))


def _model(site: np.ndarray, patient: np.ndarray, sigma: float = 10.0) -> SimpleNamespace:
    groups = {"site": _group(site), "site:patient": _group(patient)}
    return SimpleNamespace(VarCorr=lambda: SimpleNamespace(groups=groups), sigma=sigma)


PATIENT = np.array([[380.0, -4.0], [-4.0, 3.6]])  # SDs 19.5 and 1.9, correlation -0.1


def test_a_site_intercept_at_zero_leaves_the_patients_slopes() -> None:
    model = _model(np.array([[0.0]]), PATIENT)
    assert degenerate_slope_terms(model, {"site:patient"}) == set()


def test_a_site_slope_at_zero_is_the_one_to_drop() -> None:
    site = np.array([[1e-10, -1e-11], [-1e-11, 1e-12]])
    assert degenerate_slope_terms(_model(site, PATIENT), {"site", "site:patient"}) == {"site"}


def test_a_correlation_of_one_at_the_patients_makes_their_slopes_droppable() -> None:
    at_one = np.array([[400.0, 40.0], [40.0, 4.0]])  # correlation +1: a line, not an ellipse
    assert degenerate_slope_terms(_model(np.array([[25.0]]), at_one), {"site:patient"}) == {"site:patient"}


def test_a_correlation_just_short_of_one_counts_as_at_the_boundary() -> None:
    near = np.array([[1.0, -2.9985], [-2.9985, 9.0]])  # correlation -0.9995, as Dialyzer's fit
    assert degenerate_slope_terms(_model(np.array([[0.0]]), near), {"site:patient"}) == {"site:patient"}
    assert degenerate_slope_terms(_model(np.array([[0.0]]), PATIENT), {"site:patient"}) == set()  # the flip
