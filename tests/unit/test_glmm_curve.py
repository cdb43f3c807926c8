"""The words of a curved GLMM trend (reportgen.narrative.glmm_curve): flip the input, the words flip."""

from __future__ import annotations

from reportgen.narrative.glmm_curve import (
    HIGHER,
    LOWER,
    UNCLEAR,
    change_words,
    curve_change_direction,
    curve_sentence,
    random_part_words,
    straight_covariate_note,
    turn_sentence,
)
from reportgen.narrative.sentence import Num


def _text(parts: tuple) -> str:
    return "".join(p if isinstance(p, str) else "<" + ".".join(p.path) + ">" for p in parts)


def test_direction_follows_the_interval_of_the_ratio() -> None:
    assert curve_change_direction(1.3, 4.4) == HIGHER
    assert curve_change_direction(0.2, 0.8) == LOWER
    assert curve_change_direction(0.8, 1.3) == UNCLEAR


def test_change_words_flip_with_the_direction() -> None:
    up, down = change_words(HIGHER, "binomial", "visit"), change_words(LOWER, "binomial", "visit")
    assert "clearly higher at the last visit" in up and "lower" not in up
    assert "clearly lower at the last visit" in down and "higher" not in down
    assert "do not tell" in change_words(UNCLEAR, "binomial", "visit")


def test_change_words_name_the_family_scale() -> None:
    assert change_words(HIGHER, "binomial").startswith("the odds")
    assert change_words(HIGHER, "poisson").startswith("the expected count")
    assert "dose" in change_words(LOWER, "poisson", "dose")


def test_random_part_words_name_the_observation_level() -> None:
    assert random_part_words("random_intercept") == "a random intercept"
    assert random_part_words("random_slope_observation_level") == (
        "correlated random slopes and an observation-level effect"
    )


def test_curve_sentence_reads_the_family_and_the_curve_keys() -> None:
    odds = curve_sentence("binomial", "visit", "id", HIGHER)
    rate = curve_sentence("poisson", "dose", "id", LOWER)
    assert "odds ratio of the last to the first" in _text(odds)
    assert "probability of a 1" in _text(odds)
    assert "rate ratio of the last to the first" in _text(rate)
    assert "expected count is clearly lower at the last dose" in _text(rate)
    paths = {tuple(p.path) for p in odds if isinstance(p, Num)}
    assert ("glmm", "curve", "first", "value") in paths
    assert ("glmm", "curve", "change", "ratio") in paths
    assert ("glmm", "curve", "last", "time") in paths


def test_a_curved_trend_says_the_covariate_model_is_straight() -> None:
    assert straight_covariate_note("linear", "visit", "binomial") == []
    (note,) = straight_covariate_note("quadratic", "visit", "binomial")
    assert "keeps visit as a straight line" in _text(note) and "parabola" in _text(note)


def test_the_turn_is_named_only_when_there_is_one_and_flips_with_its_kind() -> None:
    assert turn_sentence("", "visit") == []
    (peak,) = turn_sentence("peak", "visit")
    (trough,) = turn_sentence("trough", "visit")
    assert "peaks" in _text(peak) and "clearly above" in _text(peak)
    assert "bottoms out" in _text(trough) and "clearly below" in _text(trough)
    assert ("glmm", "curve", "extreme", "value") in {tuple(p.path) for p in peak if isinstance(p, Num)}
