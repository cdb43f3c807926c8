"""Where subjects start (Q3c, Q4, Going further 1): the rules that decide whether the lines' levels
at the first observed time are the measured start. Numbers from the reviewed reports (CO2, chick
weights, soybean, binary), checked against the data sets."""

from reportgen.narrative.model_rules import (
    lines_misplace_start,
    lines_start_words,
    outside_observed,
    pair_start_misplaced,
    start_correlation,
)
from reportgen.narrative.rules import pair_difference, start_comparison


def test_pair_start_misplaced_when_gaps_differ_by_more_than_the_spread_there():
    # CO2: Qn2 and Mc2's lines 16.17 apart at conc 95, measured 13.6 - 7.7 = 5.9, spread 2.74.
    assert pair_start_misplaced(False, 16.17, 13.6 - 7.7, 2.74)
    assert not pair_start_misplaced(False, 6.5, 13.6 - 7.7, 2.74)


def test_pair_start_misplaced_follows_the_shared_rule_and_needs_measurements():
    assert pair_start_misplaced(True, 1.0, 1.0, 2.0)
    assert not pair_start_misplaced(False, 16.17, None, 2.74)
    assert not pair_start_misplaced(False, 16.17, 5.9, None)


def test_shared_rule_curved_or_narrower_misplaces_the_start():
    assert lines_misplace_start(True, False, 1.0, None)
    assert lines_misplace_start(False, True, 1.0, None)
    assert not lines_misplace_start(False, False, 1.0, None)


def test_outside_observed_flags_impossible_levels():
    # Soybean: lines at day 14 from -4.30 to -2.53 g; weights measured from 0.029 to 30.3.
    assert outside_observed(-4.30, -2.53, 0.029, 30.3)
    assert outside_observed(0.0, 1.14, 0.0, 1.0)  # a 0/1 outcome
    assert not outside_observed(0.1, 0.9, 0.0, 1.0)


def test_lines_start_words_name_the_lines_the_impossible_and_the_curve():
    plain = lines_start_words(False, False)
    assert "the lines' levels, not the measured start" == plain
    impossible = lines_start_words(True, False)
    assert "outside the range of the measured values" in impossible and "not the measured" not in impossible
    assert "curved trend" in lines_start_words(False, True)
    assert "curved trend" not in plain


def test_start_correlation_speaks_of_the_lines_when_they_misplace_the_start():
    # Chick weights: corr -0.95 with a rising trend; day-0 weights have SD 1.13.
    assert start_correlation(-0.5, "chicks", 8.0, True) == "chicks that start higher tend to rise more slowly"
    lines = start_correlation(-0.5, "chicks", 8.0, True, lines=True)
    assert lines == "chicks whose lines start higher tend to rise more slowly"
    assert "lines start tells little" in start_correlation(0.05, "chicks", 8.0, True, lines=True)


def test_start_comparison_says_line_when_the_lines_misplace_the_start():
    assert start_comparison("a", "a", "chick a") == "it also starts higher"
    assert start_comparison("a", "a", "chick a", lines=True) == "its line also sits higher"
    assert (
        start_comparison("a", "b", "chick b", " at time 14", lines=True)
        == "chick b's line sits higher at time 14"
    )


def test_pair_difference_claims_no_starting_levels_when_the_lines_misplace_them():
    # Chick 16 and 35: both weighed 41 at day 0, lines 38.63 apart there.
    claimed = pair_difference(16.4, True, True, "chicks")
    assert "from different starting levels" in claimed
    lines = pair_difference(16.4, True, True, "chicks", lines_misplace_start=True)
    assert "starting levels" not in lines and "measured values" in lines
    assert "where they start" in pair_difference(1.1, True, True, "chicks", lines_misplace_start=True)
