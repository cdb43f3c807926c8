"""reportgen/numbers.py: two intervals compared in one sentence never print the same."""

from __future__ import annotations

from reportgen.numbers import average_time_style, decimals_to_tell_apart, format_number


def test_decimals_to_tell_apart_sitka_intervals() -> None:
    there, here = [0.0119, 0.0134], [0.0122, 0.0132]  # Sitka: random slopes vs random intercept
    assert [format_number(v) for v in there] == [format_number(v) for v in here]  # "0.012 to 0.013"
    k = decimals_to_tell_apart(there, here, 2)
    assert k == 4
    assert [format_number(v, f"d{k}") for v in there] == ["0.0119", "0.0134"]
    assert [format_number(v, f"d{k}") for v in here] == ["0.0122", "0.0132"]


def test_decimals_to_tell_apart_keeps_the_report_decimals_when_they_suffice() -> None:
    assert decimals_to_tell_apart([7.44, 13.5], [8.9, 12.0], 2) == 2  # sleepstudy
    assert decimals_to_tell_apart([1.0, 2.0], [1.0, 2.0], 2) == 2  # equal in fact: no more digits


def test_an_average_time_keeps_the_times_own_decimals_plus_one_at_most() -> None:
    # MASS::bacteria: weeks 0, 2, 4, 6, 11, averaged over the rows: 4.4545... -> "4.5", not "4.4545".
    weeks = [0.0, 2.0, 4.0, 6.0, 11.0]
    style = average_time_style(49 / 11, weeks)
    assert style == "d1" and format_number(49 / 11, style) == "4.5"
    assert average_time_style(4.0, weeks) == "d0"  # an average that is a whole week stays whole
    # Times with one decimal: two at most.
    assert average_time_style(2.4567, [0.5, 1.5, 4.0]) == "d2"
    assert average_time_style(2.5, [0.5, 1.5, 4.0]) == "d1"
