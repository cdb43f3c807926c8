"""reportgen/numbers.py: two intervals compared in one sentence never print the same."""

from __future__ import annotations

from reportgen.numbers import decimals_to_tell_apart, format_number


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
