"""Model choice (analysis.selection) does not depend on where time 0 is.

Simulated studies: shifting time by a constant (or counting it from another day) leaves the chosen
model, its rule and the test that decides unchanged; the uncorrelated refit only describes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.selection import (
    RANDOM_INTERCEPT,
    RANDOM_SLOPE,
    UNCORRELATED,
    fit_random_effects,
)


def _study(seed: int, *, slope_sd: float, linked: bool, groups: int = 18, times: int = 7) -> pd.DataFrame:
    """Random levels and slopes; ``linked``: the level is a multiple of the slope (a rank-1 covariance)."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(groups):
        slope = rng.normal(0, slope_sd)
        level = 6.0 * slope if linked else rng.normal(0, 3.0)
        for t in range(times):
            y = 20 + level + (2.0 + slope) * t + rng.normal(0, 1.0)
            rows.append({"group": f"g{g:02d}", "time": float(t), "response": y})
    return pd.DataFrame(rows)


def _choice(frame: pd.DataFrame, shift: float) -> tuple[str, str, float, float]:
    supported = fit_random_effects(frame.assign(time=frame["time"] + shift), engine="exact")
    c = supported.choice
    return c.model, c.reason, supported.comparison.lrt_p_boundary, c.fit.slope.estimate


@pytest.mark.parametrize(
    ("seed", "slope_sd", "linked", "expected"),
    [
        (1, 0.8, False, RANDOM_SLOPE),  # regular correlated slopes
        (2, 0.0, False, RANDOM_INTERCEPT),  # no slopes at all
        (3, 0.6, True, RANDOM_SLOPE),  # regular, its correlation at time 0 near the edge (0.986)
        (5, 0.6, True, UNCORRELATED),  # slopes whose correlated fit is singular
    ],
)
@pytest.mark.parametrize("shift", [-3.0, 250.0, -1000.0])
def test_shifting_time_leaves_the_choice_and_its_test_unchanged(
    seed: int, slope_sd: float, linked: bool, expected: str, shift: float
) -> None:
    frame = _study(seed, slope_sd=slope_sd, linked=linked)
    model, reason, p, slope = _choice(frame, 0.0)
    assert model == expected
    shifted = _choice(frame, shift)
    assert shifted[:2] == (model, reason)
    assert shifted[2] == pytest.approx(p, rel=1e-4, abs=1e-8)
    assert shifted[3] == pytest.approx(slope, rel=1e-4)


def test_the_uncorrelated_refit_describes_but_does_not_decide() -> None:
    # Slopes linked to levels: the correlated fit sits at +-1 and its test decides.
    frame = _study(5, slope_sd=0.6, linked=True)
    supported = fit_random_effects(frame, engine="exact")
    choice = supported.choice
    assert supported.random_slope.singular
    assert supported.comparison.lrt_p_boundary < 0.05
    assert choice.uncorrelated is not None and choice.uncorrelated_lrt is not None
    assert choice.uncorrelated.time_origin == choice.reference_time == 0.0
    # No slopes: the random intercept, whatever the uncorrelated refit would have said.
    flat = _study(2, slope_sd=0.0, linked=False)
    none = fit_random_effects(flat, engine="exact")
    assert none.choice.model == RANDOM_INTERCEPT and none.choice.uncorrelated is None


@pytest.mark.parametrize(("seed", "slope_sd", "linked"), [(1, 0.8, False), (2, 0.0, False), (5, 0.6, True)])
def test_the_comparison_words_agree_with_the_choice(seed: int, slope_sd: float, linked: bool) -> None:
    """'some' or 'strong' evidence for random slopes exactly when the report keeps slopes."""
    from reportgen.narrative.model_rules import choice_reason
    from reportgen.narrative.rules import evidence_strength

    supported = fit_random_effects(_study(seed, slope_sd=slope_sd, linked=linked), engine="exact")
    c = supported.comparison
    words = evidence_strength(c.lrt_p_boundary, c.aic_rs < c.aic_ri, c.bic_rs < c.bic_ri)
    keeps_slopes = supported.choice.model != RANDOM_INTERCEPT
    assert (words in ("some", "strong")) is keeps_slopes
    reason = choice_reason(supported.choice.reason, "subjects")
    assert ("change at different rates" in reason) is keeps_slopes


def _curved_study(seed: int, *, slope_sd: float, groups: int = 16, times: int = 8) -> pd.DataFrame:
    """A bending mean trend (a parabola) with random levels and, if ``slope_sd``, random slopes."""
    rng = np.random.default_rng(seed)
    rows = []
    for g in range(groups):
        level, slope = rng.normal(0, 3.0), rng.normal(0, slope_sd)
        for t in range(times):
            y = 20 + level + (4.0 + slope) * t - 0.45 * t * t + rng.normal(0, 1.0)
            rows.append({"group": f"g{g:02d}", "time": float(t), "response": y})
    return pd.DataFrame(rows)


def _shaped_choice(frame: pd.DataFrame, shift: float) -> tuple[str, str, str, float]:
    from reportgen.analysis.shape import fit_supported_model

    supported = fit_supported_model(frame.assign(time=frame["time"] + shift), engine="exact")
    c = supported.choice
    return c.shape, c.model, c.reason, supported.comparison.lrt_p_boundary


@pytest.mark.parametrize(
    ("seed", "slope_sd", "expected"), [(11, 0.0, RANDOM_INTERCEPT), (12, 0.7, RANDOM_SLOPE)]
)
@pytest.mark.parametrize("shift", [-3.0, 250.0])
def test_a_curve_is_chosen_first_and_the_choice_does_not_depend_on_time_0(
    seed: int, slope_sd: float, expected: str, shift: float
) -> None:
    """The shape, then the random effects on it: both the same wherever time is counted from."""
    frame = _curved_study(seed, slope_sd=slope_sd)
    shape, model, reason, p = _shaped_choice(frame, 0.0)
    assert shape != "linear" and model == expected
    moved = _shaped_choice(frame, shift)
    assert moved[:3] == (shape, model, reason)
    assert moved[3] == pytest.approx(p, rel=1e-4, abs=1e-8)


def test_the_random_effects_are_tested_on_the_chosen_curve() -> None:
    """On a parabola the random-slope test compares the curve's two models, and the straight line
    kept for the slope's summaries carries the chosen random effects."""
    from reportgen.analysis.shape import fit_supported_model

    frame = _curved_study(12, slope_sd=0.7)
    supported = fit_supported_model(frame, engine="exact")
    choice = supported.choice
    assert supported.shaped_ml is not None
    ri_ml, rs_ml = supported.shaped_ml
    assert ri_ml.fixed_names == rs_ml.fixed_names == choice.fit.fixed_names
    assert len(choice.fit.fixed_names) > 2  # the curve's columns
    assert supported.comparison.loglik_rs == rs_ml.loglik and supported.comparison.loglik_ri == ri_ml.loglik
    assert choice.line is not None and choice.line.fixed_names == ("(Intercept)", "time")
    assert choice.line.random_names == choice.fit.random_names
    # The seminar's models stay straight lines.
    assert supported.random_intercept.fixed_names == ("(Intercept)", "time")
