"""Which GLMM the subjects' multipliers read (``analysis/glmm_subjects.py``) and how the sentence
names it (statistician S 2: the curve's SD beside the straight GLMM's multipliers)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reportgen.analysis.glmm_subjects import subjects_fit
from reportgen.narrative.family import with_curve_words


def _fit(name: str, *terms: str) -> Any:
    return SimpleNamespace(name=name, re_sd=dict.fromkeys(terms, 1.0))


def test_a_curve_with_random_intercepts_only_is_read() -> None:
    straight = _fit("random_intercept", "(Intercept)")
    curve = _fit("random_intercept_spline2", "(Intercept)")
    assert subjects_fit(straight, curve) is curve
    with_obs = _fit("random_intercept_observation_level_quadratic", "(Intercept)", "obs")
    assert subjects_fit(straight, with_obs) is with_obs


def test_a_curve_with_random_slopes_or_none_keeps_the_straight_random_intercept_glmm() -> None:
    straight = _fit("random_intercept", "(Intercept)")
    assert subjects_fit(straight, _fit("random_slope_quadratic", "(Intercept)", "visit")) is straight
    assert subjects_fit(straight, None) is straight


def test_the_sentence_names_the_curve_only_when_it_is_read() -> None:
    assert with_curve_words("the random-intercept model", True) == (
        "the random-intercept model with the curve the report stands on"
    )
    assert with_curve_words("the random-intercept model", False) == "the random-intercept model"
