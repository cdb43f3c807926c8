"""Which model the partial-pooling sentences name (reportgen.narrative.further.caterpillar and
partial_pooling): statistician P 6, on a daily cycle "The cyclic (sine-and-cosine) model with random
intercepts ... gives every subject the average slope" named the cycle the report stands on for what
its straight-line version does. Statistician T (session 8, 1): the counts and spreads are the
curve model's own random effects (Soybean: 25 slopes in the spline model, 16 in its straight-line
version), so the sentences name the curve model the report stands on, as the figure captions do."""

from __future__ import annotations

from types import SimpleNamespace

from reportgen.narrative.further import caterpillar


def _said(shape: str) -> str:
    choice = SimpleNamespace(
        model="random_intercept", shape=shape, reference_time=0.0, fit=SimpleNamespace(random_slope=False)
    )
    pooling = SimpleNamespace(subjects=30, intercepts_away_from_zero=12)
    cycle = SimpleNamespace(curve=SimpleNamespace(cycle=object())) if shape == "harmonic" else None
    a = SimpleNamespace(choice=choice, pooling=pooling, trend=cycle)
    labels = SimpleNamespace(group="Subject", group_plural="", time="Hour")
    return "".join(part for part in caterpillar(a, labels)[0] if isinstance(part, str))  # type: ignore[arg-type]


def test_a_cycles_pooling_names_the_curve_model_its_counts_are_from() -> None:
    said = _said("harmonic")
    assert said.startswith("In the cyclic (sine-and-cosine) model with random intercepts, ")
    assert "straight-line version" not in said
    # ... and says the cyclic model shares its cycle, not only a slope (issue 24, item 5).
    assert "as the cyclic model gives every subject the same cycle" in said


def test_a_straight_trend_names_its_model_as_fitted() -> None:
    assert _said("linear").startswith("In the random-intercept model, ")


def test_the_pooling_sentence_names_the_curve_model_its_spreads_are_from() -> None:
    import numpy as np

    from reportgen.narrative.further import partial_pooling

    cov = np.array([[4.0, 0.0], [0.0, 1.0]])
    fit = SimpleNamespace(random_slope=True, residual_var=1.0, re_cov=cov, time_origin=14.0)
    choice = SimpleNamespace(model="uncorrelated_slope", shape="spline5", reference_time=14.0, fit=fit)
    pooling = SimpleNamespace(intercept_shrinkage=0.2, slope_shrinkage=0.299)
    a = SimpleNamespace(choice=choice, pooling=pooling, trend=None, design=SimpleNamespace(balanced=True))
    labels = SimpleNamespace(group="Plot", group_plural="", time="Time")
    said = "".join(p for p in partial_pooling(a, labels)[0] if isinstance(p, str))  # type: ignore[arg-type]
    assert said.startswith("The natural-spline (5 df) model with uncorrelated random slopes pulls ")
    assert "straight-line version" not in said
