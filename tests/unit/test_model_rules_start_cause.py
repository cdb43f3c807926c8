"""Why the measurements at the start spread less than the model says follows the model (final read,
Soybean: "this model expects 1.40 ... straight lines fitted to the whole period spread more at the
start" where the level SD at day 14 is 0 and 1.40 is the one residual SD under a spread that grows
about 45-fold)."""

from __future__ import annotations

from reportgen.narrative.model_rules import (
    GROWING_SPREAD,
    LINES_SPREAD,
    ONE_RESIDUAL,
    levels_agree,
    start_narrow_cause,
)


def test_the_cause_is_the_larger_part_of_the_models_spread() -> None:
    assert start_narrow_cause(0.0, 1.40, spread_grows=True) == GROWING_SPREAD  # Soybean
    assert start_narrow_cause(0.0, 1.40, spread_grows=False) == ONE_RESIDUAL
    assert start_narrow_cause(12.01, 11.4, spread_grows=True) == LINES_SPREAD  # ChickWeight: the lines


def test_the_words_name_the_cause() -> None:
    soybean = levels_agree(1.40, 0.038, 48, GROWING_SPREAD)
    assert soybean.startswith("narrower than sampling") and "one residual standard deviation" in soybean
    assert "spread growing over time" in soybean and "straight lines" not in soybean
    assert "growing" not in levels_agree(1.40, 0.038, 48, ONE_RESIDUAL)
    assert "straight lines fitted to the whole period" in levels_agree(1.40, 0.038, 48)
    assert levels_agree(0.04, 0.038, 48, GROWING_SPREAD).startswith("a difference within")  # agrees
