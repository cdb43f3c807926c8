"""The measured means printed beside the test of the start are the ones it tests: with arm
constant within clinics, the means of the clinics' means (statistician N, session 7: patient-level
means 42.69 / 40.21 were printed beside a test of the clinic-averaged 42.26 / 40.43)."""

from __future__ import annotations

import pandas as pd
import pytest
from scipy import stats

from reportgen.analysis.covariates import measured_at_start, measured_means_at


def _clinics() -> pd.DataFrame:
    """Four clinics at month 0, two per arm, of unequal sizes (1 and 3 patients per arm)."""
    rows = [
        ("C1", "control", 40.0),
        ("C2", "control", 44.0),
        ("C2", "control", 46.0),
        ("C2", "control", 48.0),
    ]
    rows += [("C3", "treat", 38.0), ("C4", "treat", 41.0), ("C4", "treat", 43.0), ("C4", "treat", 45.0)]
    frame = pd.DataFrame(rows, columns=["clinic", "arm", "response"])
    return frame.assign(time=0.0, group=[f"P{k}" for k in range(len(frame))])


def test_the_printed_means_are_the_clinics_means_the_test_compares() -> None:
    frame = _clinics()
    means = measured_means_at(frame, "arm", 0.0, "categorical", ("clinic",))
    assert means == pytest.approx({"control": (40.0 + 46.0) / 2, "treat": (38.0 + 43.0) / 2})
    test = measured_at_start(frame, "arm", 0.0, "categorical", ("clinic",))
    expected = stats.f_oneway([40.0, 46.0], [38.0, 43.0])
    assert test is not None and test.F == pytest.approx(expected.statistic) and test.den_df == 2


def test_without_an_outer_level_the_means_are_the_subjects() -> None:
    means = measured_means_at(_clinics(), "arm", 0.0, "categorical")
    assert means == pytest.approx({"control": 44.5, "treat": 41.75})
