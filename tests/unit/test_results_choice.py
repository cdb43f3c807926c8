"""results.model_choice's levels at the reference time follow the model the report stands on
(issue 21): a random-intercept choice gives its own level SD and no correlation, never the
random-slope fit's (a nested data set: 3.13 given where the intercept model gives 3.08)."""

from __future__ import annotations

import math
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.selection import RANDOM_INTERCEPT, RANDOM_SLOPE
from reportgen.analysis.shape import fit_supported_model
from reportgen.results import _choice


def _study(seed: int, slope_sd: float) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = [
        {"group": f"g{g}", "time": float(t), "response": 10 + level + (1.5 + slope) * t + rng.normal(0, 1.0)}
        for g, (level, slope) in enumerate(
            zip(rng.normal(0, 2.0, 15), rng.normal(0, slope_sd, 15), strict=True)
        )
        for t in range(1, 7)  # first observed time 1: levels are read there, not at time 0
    ]
    return pd.DataFrame(rows)


def _model_choice(frame: pd.DataFrame) -> tuple[Any, dict[str, Any]]:
    supported = fit_supported_model(frame, engine="exact")
    analysis = SimpleNamespace(
        choice=supported.choice,
        random_slope=supported.random_slope,
        explained=SimpleNamespace(marginal=0.5, conditional=0.8),
        glmm=None,
        multilevel=None,
    )
    return supported, _choice(analysis)  # type: ignore[arg-type]


def test_a_random_intercept_choice_gives_its_own_levels() -> None:
    supported, out = _model_choice(_study(3, slope_sd=0.0))
    assert supported.choice.model == RANDOM_INTERCEPT
    ri, rs = supported.random_intercept, supported.random_slope
    assert out["level_sd_at_reference"] == pytest.approx(math.sqrt(ri.re_cov[0, 0]), rel=1e-12)
    assert out["model_sd_at_reference"] == pytest.approx(math.sqrt(ri.re_cov[0, 0] + ri.residual_var))
    assert out["corr_at_reference"] is None  # a random intercept has no slopes to correlate with
    # The random-slope fit reads otherwise at time 1: the key no longer gives its number.
    slope_level = math.sqrt(rs.re_cov[0, 0] + 2 * rs.re_cov[0, 1] + rs.re_cov[1, 1])
    assert out["level_sd_at_reference"] != pytest.approx(slope_level, rel=1e-6)


def test_a_random_slope_choice_gives_the_levels_where_the_data_start() -> None:
    supported, out = _model_choice(_study(4, slope_sd=0.8))
    assert supported.choice.model == RANDOM_SLOPE
    rs = supported.choice.fit
    # Levels at time 1: b0 + b1, variance s00 + 2 s01 + s11.
    var = rs.re_cov[0, 0] + 2 * rs.re_cov[0, 1] + rs.re_cov[1, 1]
    assert out["level_sd_at_reference"] == pytest.approx(math.sqrt(var), rel=1e-12)
    assert out["corr_at_reference"] == pytest.approx(
        (rs.re_cov[0, 1] + rs.re_cov[1, 1]) / math.sqrt(var * rs.re_cov[1, 1]), rel=1e-12
    )
    assert out["stands_on"] == RANDOM_SLOPE
