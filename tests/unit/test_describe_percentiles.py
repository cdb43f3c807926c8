"""Q1's middle 90%: whole numbers (counts) get percentiles that are values of the data, as R's
``quantile(type = 1)``; other values R's default interpolation (type 7). Expected values from R 4."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.analysis.describe import overview

COUNTS = [0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89, 3, 2, 1, 0, 7, 4, 26, 11]


def _overview(values: list[float]) -> tuple[float, float]:
    typed = pd.DataFrame({"response": values, "time": range(len(values))})
    o = overview(typed, 2)
    return o.response_p05, o.response_p95


def test_counts_get_percentiles_that_are_counts() -> None:
    assert _overview([float(v) for v in COUNTS]) == (0.0, 55.0)  # R: quantile(x, type = 1)


def test_measured_values_keep_the_interpolated_percentiles() -> None:
    low, high = _overview([v + 0.5 for v in COUNTS])
    assert (low, high) == (pytest.approx(0.5), pytest.approx(57.2))  # R: quantile(x + 0.5)
