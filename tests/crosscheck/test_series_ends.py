"""Soybean's series end at different times: 32 of its 48 plots are last measured before day 84
(counted from nlme::Soybean in R: table(tapply(Time, Plot, max)) gives 70: 1, 77: 15, 79: 16,
84: 16), and the report no longer says "no plot drops out" (statistician M, session 7, item 7)."""

from __future__ import annotations

import pytest

from tests.crosscheck.test_reviewed_reports import built

pytestmark = pytest.mark.slow


def test_soybean_says_its_series_end_at_different_times() -> None:
    results, text = built("Soybean")
    assert (
        results["describe"]["design"]["ends_early"] == 32 and results["describe"]["design"]["subjects"] == 48
    )
    assert "no plot drops out" not in text
    assert "their series end at different times ( 32 of the 48 plots are last measured before time 84" in text
