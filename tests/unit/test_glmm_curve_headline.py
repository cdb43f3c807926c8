"""A curved GLMM's headline keeps no ratio per time unit (``glmm_results.glmm_curve_headline``;
statistician S 3, binq: headline.ratio 1.277 "per visit" beside "No single odds ratio per visit
describes this curve"); its ratio of the last to the first time stays (``change_ratio``)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reportgen.glmm_results import glmm_curve_headline


def _curved() -> Any:
    average = SimpleNamespace(estimate=0.245, se=0.08, z=3.1, p=0.002, ci_low=0.09, ci_high=0.40)
    change = SimpleNamespace(ratio=3.40, ci_low=1.58, ci_high=7.30, p=0.002)
    curve = SimpleNamespace(
        average_slope=average,
        change=change,
        first=SimpleNamespace(value=0.114, time=0.0),
        last=SimpleNamespace(value=0.304, time=5.0),
        shape="spline2",
    )
    return SimpleNamespace(model="random_intercept", reason="r", family="binomial", slope_sd=0.0, curve=curve)


def test_a_curve_writes_no_ratio_per_time_unit_but_its_last_to_first_ratio() -> None:
    head = glmm_curve_headline(_curved(), "glmm_random_intercept_spline2")
    assert head["ratio"] is None and head["ratio_ci_low"] is None and head["ratio_ci_high"] is None
    assert head["change_ratio"] == 3.40 and head["slope_source"] == "curve"
    assert head["slope"] == 0.245  # the average slope on the link scale stays, with its test
