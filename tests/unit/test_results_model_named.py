"""results.model_choice.model names the model the report stands on, the one a reader refits as
``models[model_choice.model]`` (issue 21, eighth read): a curve's model (Dialyzer's and Sitka's
splines, not their straight lines) and a count or binary response's GLMM (not the Gaussian fit).
The chosen random effects, 1.4's ``model``, are ``random_effects``."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd

from reportgen.analysis.selection import RANDOM_SLOPE
from reportgen.analysis.shape import fit_supported_model
from reportgen.results import _choice


def _supported() -> Any:
    rng = np.random.default_rng(4)
    rows = [
        {"group": f"g{g}", "time": float(t), "response": 10 + level + (1.5 + slope) * t + rng.normal(0, 1.0)}
        for g, (level, slope) in enumerate(zip(rng.normal(0, 2.0, 15), rng.normal(0, 0.8, 15), strict=True))
        for t in range(1, 7)
    ]
    return fit_supported_model(pd.DataFrame(rows), engine="exact")


def _record(choice: Any, glmm: Any = None) -> dict[str, Any]:
    analysis = SimpleNamespace(
        choice=choice,
        explained=SimpleNamespace(marginal=0.5, conditional=0.8),
        glmm=glmm,
        multilevel=None,
    )
    return _choice(analysis)  # type: ignore[arg-type]


def test_a_straight_line_names_its_own_model() -> None:
    out = _record(_supported().choice)
    assert out["model"] == out["stands_on"] == out["random_effects"] == RANDOM_SLOPE


def test_a_curve_names_the_curve_not_its_straight_line() -> None:
    choice = _supported().choice
    curved = dataclasses.replace(
        choice, shapes=SimpleNamespace(shape="spline4", curved=True), line=choice.fit
    )
    out = _record(curved)
    assert out["model"] == out["stands_on"] == "random_slope_spline4"
    assert out["random_effects"] == RANDOM_SLOPE  # the straight line's name, kept under its own key


def test_a_glmm_report_names_the_glmm_and_keeps_the_linear_model_apart() -> None:
    glmm = SimpleNamespace(
        model="random_intercept", reason="slopes_not_supported", chosen="random_intercept", shaped=None
    )
    out = _record(_supported().choice, glmm)
    assert out["model"] == out["stands_on"] == "glmm_random_intercept"
    assert (out["random_effects"], out["reason"]) == ("random_intercept", "slopes_not_supported")
    assert out["linear"]["model"] == out["linear"]["random_effects"] == RANDOM_SLOPE
