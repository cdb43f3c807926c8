"""Which model the partial-pooling sentences name (reportgen.narrative.further.caterpillar and
partial_pooling): statistician P 6, on a daily cycle "The cyclic (sine-and-cosine) model with random
intercepts ... gives every subject the average slope" named the cycle the report stands on for what
its straight-line version does (the pooling compares straight lines, as its figures say)."""

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


def test_a_cycles_pooling_names_its_straight_line_version() -> None:
    said = _said("harmonic")
    assert said.startswith("In the straight-line version of the cyclic (sine-and-cosine) model with random")
    assert "the model gives every subject the average slope" in said
    # ... and says the cyclic model shares its cycle, not only a slope (issue 24, item 5).
    assert "as the cyclic model gives every subject the same cycle" in said


def test_a_straight_trend_names_its_model_as_fitted() -> None:
    assert _said("linear").startswith("In the random-intercept model, ")
