"""reportgen.narrative.caveats: few subjects, intercepts no one measured; flip the input, the words flip."""

from __future__ import annotations

from reportgen.narrative.caveats import few_groups, few_groups_words, intercept_caveat, intercept_outside


def test_five_or_fewer_subjects_get_the_imprecision_warning() -> None:
    assert few_groups(5) and few_groups(3)  # Orange's trees, the rabbits
    assert not few_groups(6) and not few_groups(18)
    assert "very imprecise" in few_groups_words("trees")


def test_an_intercept_outside_the_measured_range_at_an_unobserved_time_zero_gets_a_caveat() -> None:
    # Orange: circumference 30 to 214 measured at ages 118 to 1582; tree 3's mixed line: -2.74.
    assert intercept_outside([38.98, -2.74], 30.0, 214.0, 118.0, 1582.0)
    assert not intercept_outside([38.98, 31.0], 30.0, 214.0, 118.0, 1582.0)  # inside the range
    assert not intercept_outside([-2.74], 30.0, 214.0, 0.0, 1582.0)  # time 0 observed: not read there
    words = intercept_caveat([38.98, -2.74], 30.0, "age", "circumference")
    assert "below 0" in words and "these lines are extrapolations" in words
    above = intercept_caveat([14.64], 30.0, "age", "circumference")
    assert "outside the range of circumference measured" in above and "this line is" in above
    assert "below 0" not in intercept_caveat([-2.0], -5.0, "age", "change")  # negatives were measured
