"""Soybean's series end at different times: 32 of its 48 plots are last measured before day 84
(counted from nlme::Soybean in R: table(tapply(Time, Plot, max)) gives 70: 1, 77: 15, 79: 16,
84: 16), and the report no longer says "no plot drops out" (statistician M, session 7, item 7).
Those ends are each year's schedule, not dropout: the report says so and keeps the dropout
assumption for the one plot off it (statistician Q, session 8). Dialyzer's pressures vary around
set values (R: every subject measured 7 times, the last from 2.97 to 3.03): no series ends early."""

from __future__ import annotations

import pytest

from reportgen.analysis.describe import _time_grids
from reportgen.analysis.series_schedule import series_ends
from tests.crosscheck.test_reviewed_reports import built
from tests.support.r_datasets import _read, r_dataset

pytestmark = pytest.mark.slow


def test_soybean_says_its_series_end_on_a_schedule() -> None:
    results, text = built("Soybean")
    design = results["describe"]["design"]
    assert design["ends_early"] == 32 and design["subjects"] == 48
    ends = _read("as.data.frame(table(last = tapply(nlme::Soybean$Time, nlme::Soybean$Plot, max)))")
    common = sorted(float(t) for t, n in zip(ends["last"], ends["Freq"], strict=True) if n >= 0.1 * 48)
    assert design["schedule"] == {"ends": common, "column": "", "off_schedule": 48 - 47}  # R: 77, 79, 84
    assert "no plot drops out" not in text and "last measured before time 84" not in text
    assert "the series follow a few schedules that end at common values of time" in text
    assert "1 plot ends at none of these values" in text


def test_soybean_schedule_is_named_by_year() -> None:
    frame = r_dataset("Soybean", "nlme").rename(columns={"Plot": "group", "Time": "time"})
    frame["group"] = frame["group"].astype(str)
    frame["time"] = frame["time"].astype(float)
    assert series_ends(frame, _time_grids(frame), ("Variety", "Year")).schedule_column == "Year"


def test_dialyzer_series_all_reach_the_last_pressure() -> None:
    per = _read(
        "with(nlme::Dialyzer, data.frame(n = tapply(pressure, Subject, length), "
        "last = tapply(pressure, Subject, max)))"
    )
    assert set(per["n"]) == {7}  # R: nobody's series is short
    frame = r_dataset("Dialyzer", "nlme").rename(columns={"Subject": "group", "pressure": "time"})
    frame["group"] = frame["group"].astype(str)
    ends = series_ends(frame, _time_grids(frame))
    assert ends.ends_early == 0 and ends.visits
    assert (ends.last_low, ends.last_high) == pytest.approx((per["last"].min(), per["last"].max()))
