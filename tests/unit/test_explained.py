"""analysis.explained: Nakagawa's R² counts time from the fit's time origin, as its random effects do."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest

from reportgen.analysis.explained import r_squared


def _fit(origin: float) -> Any:
    """A diagonal random-slope fit: intercept 1, slope 2; variances 4 (level) and 1 (slope); sigma² 3."""
    return SimpleNamespace(
        intercept=SimpleNamespace(estimate=1.0),
        slope=SimpleNamespace(estimate=2.0),
        re_cov=np.diag([4.0, 1.0]),
        random_slope=True,
        residual_var=3.0,
        time_origin=origin,
    )


def test_random_variance_is_read_with_time_counted_from_the_origin() -> None:
    time = np.array([1.0, 2.0, 3.0])
    # Fixed part 3, 5, 7: variance 4 (n - 1, as R's var).
    # From origin 1: mean of 4 + s² over s = 0, 1, 2 is 4 + 5/3.
    from_start = r_squared(_fit(1.0), time)
    var_fixed, var_random = 4.0, 4 + 5 / 3
    total = var_fixed + var_random + 3.0
    assert from_start.marginal == pytest.approx(var_fixed / total)
    assert from_start.conditional == pytest.approx((var_fixed + var_random) / total)
    # From origin 0 (s = 1, 2, 3): 4 + 14/3, a different, larger random variance.
    from_zero = r_squared(_fit(0.0), time)
    assert from_zero.conditional > from_start.conditional
    assert from_zero.marginal == pytest.approx(var_fixed / (var_fixed + 4 + 14 / 3 + 3.0))
