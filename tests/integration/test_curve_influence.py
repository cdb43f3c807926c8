"""Leave-one-subject-out refits of the curve the report stands on (analysis.curve_influence): the
subject that moves the curve's change most is found, a straight trend gets none. R's refit without
Soybean's most influential plot is in tests/crosscheck/test_curve_reading.py."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.curve_influence import curve_influence
from reportgen.analysis.shape import fit_supported_model
from reportgen.analysis.trend import check_trend


def growth(seed: int, *, curved: bool, outlier: str | None = None) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(8):
        subject = f"s{i:02d}"
        level = rng.normal(0, 0.5)
        for t in range(1, 11):
            mean = 10 / (1 + np.exp(-(t - 5.5))) if curved else 0.8 * t
            if subject == outlier and t >= 8:
                mean += 6.0  # one subject's late values far above everyone's
            rows.append({"response": mean + level + rng.normal(0, 0.4), "time": float(t), "group": subject})
    return pd.DataFrame(rows)


def analysed(frame: pd.DataFrame):  # type: ignore[no-untyped-def]
    choice = fit_supported_model(frame, engine="exact").choice
    return choice, check_trend(frame, choice, engine="exact")


def test_the_subject_that_bends_the_curve_is_found() -> None:
    frame = growth(3, curved=True, outlier="s07")
    choice, trend = analysed(frame)
    assert trend is not None and trend.curve is not None
    found = curve_influence(frame, choice, trend.curve, engine="exact")
    assert found is not None and found.subjects == 8
    assert found.most_influential == "s07"
    assert found.change_shift < 0  # without its high late values the curve rises less
    assert found.change == pytest.approx(trend.curve.change.estimate)
    assert not found.changes_conclusion  # a clear rise stays one


def test_a_straight_trend_refits_no_curve() -> None:
    frame = growth(3, curved=False)
    choice, trend = analysed(frame)
    assert trend is None or trend.curve is None
    assert curve_influence(frame, choice, None if trend is None else trend.curve, engine="exact") is None
