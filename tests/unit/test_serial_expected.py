"""The lag-1 correlation that independent errors give the conditional residuals (issue 21).

Residuals around lines fitted to each subject's own points correlate negatively under independence:
-lambda / (m - lambda) for a random intercept with m visits. The report tests the observed
correlation against that value, not against 0; checked here in closed form and by simulation.
"""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from reportgen.analysis.diagnostics import expected_serial_correlation, serial_correlation, serial_departure_p
from reportgen.analysis.lmm import fit_exact
from tests.support.simulate import simulate


def _fit(tau2: float, sigma2: float, slope: bool = False) -> Any:
    re_cov = np.array([[tau2, 0.0], [0.0, 4.0]]) if slope else np.array([[tau2]])
    names = ("(Intercept)", "time") if slope else ("(Intercept)",)
    return SimpleNamespace(random_names=names, re_cov=re_cov, residual_var=sigma2, time_origin=0.0)


@pytest.mark.parametrize(("m", "tau2", "sigma2"), [(5, 2.25, 1.0), (10, 625.0, 625.0), (3, 0.01, 1.0)])
def test_random_intercept_gives_minus_lambda_over_m_minus_lambda(m: int, tau2: float, sigma2: float) -> None:
    groups = np.repeat(np.arange(20), m)
    time = np.tile(np.arange(m, dtype=float), 20)
    lam = m * tau2 / (m * tau2 + sigma2)
    expected = expected_serial_correlation(_fit(tau2, sigma2), time, groups)
    assert expected == pytest.approx(-lam / (m - lam), rel=1e-9)
    # Subjects that differ much: about -1 / (m - 1); hardly at all: about 0.
    if tau2 / sigma2 > 100:
        assert expected == pytest.approx(-1 / (m - 1), abs=0.01)


def test_pairs_run_within_series() -> None:
    groups = np.repeat(np.arange(10), 6)
    time = np.tile(np.array([0, 1, 2, 0, 1, 2], dtype=float), 10)
    series = np.array([f"{g}-{k // 3}" for g in range(10) for k in range(6)])
    expected = expected_serial_correlation(_fit(100.0, 1.0), time, groups, series)
    lam = 6 * 100.0 / (600.0 + 1.0)
    assert expected == pytest.approx(-lam / (6 - lam), rel=1e-9)  # pairs within a series only
    assert math.isnan(expected_serial_correlation(_fit(1.0, 1.0), time[:10], np.arange(10)))


@pytest.mark.parametrize("slope_sd", [0.0, 6.0])
def test_simulated_residuals_correlate_as_expected_and_the_test_holds_its_level(slope_sd: float) -> None:
    observed, expected, rejected = [], [], []
    for seed in range(80):
        f = simulate(
            seed, 20, 6, intercept=250, slope=10, sd_intercept=25, sd_slope=slope_sd, corr=0.1, sd_residual=25
        )
        y, t, g = f["response"].to_numpy(float), f["time"].to_numpy(float), f["group"].to_numpy()
        fit = fit_exact(y, t, g, random_slope=slope_sd > 0)
        r, _, pairs = serial_correlation(y - fit.fitted, t, g)
        e = expected_serial_correlation(fit, t, g)
        observed.append(r)
        expected.append(e)
        rejected.append(serial_departure_p(r, e, pairs) < 0.05)
    se = np.std(observed) / math.sqrt(len(observed))
    assert np.mean(observed) == pytest.approx(np.mean(expected), abs=max(3 * se, 0.01))
    assert np.mean(observed) < -0.1  # clearly negative: a test against 0 would call this a finding
    assert np.mean(rejected) < 0.1  # independent errors are rarely called dependent


def test_departure_p_flips_with_the_distance_from_the_expected_value() -> None:
    assert serial_departure_p(-0.34, -0.22, 120) < serial_departure_p(-0.24, -0.22, 120)
    assert serial_departure_p(-0.22, -0.22, 120) == pytest.approx(1.0)
    assert math.isnan(serial_departure_p(-0.3, math.nan, 120))
