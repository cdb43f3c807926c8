"""How many decimals shares of variance explained get (reportgen.words.r2_decimals): enough to
tell apart R² values that differ, never five to tell apart 0.30680 from 0.30681 (statistician P,
the daily cycle: random intercept and random slopes with a slope variance near zero)."""

from __future__ import annotations

from reportgen.words import decimals_to_separate, r2_decimals

DAILY = [0.02358, 0.30680, 0.30681]  # marginal, conditional (random intercept), conditional (slopes)


def test_r2_values_a_reader_cannot_tell_apart_get_no_extra_decimals() -> None:
    assert decimals_to_separate(DAILY, 2) == 5  # the rule that printed "0.30680" and "0.30681"
    assert r2_decimals(DAILY, 2) == 2
    assert r2_decimals([0.5, 0.5004], 3) == 3


def test_r2_values_that_differ_still_get_the_decimals_that_separate_them() -> None:
    assert r2_decimals([0.996, 0.999], 2) == 3  # not "1.00 ... 1.00"
    assert r2_decimals([0.3068, 0.3080], 2) == 3
    assert r2_decimals([0.28, 0.70, 0.80], 2) == 2
