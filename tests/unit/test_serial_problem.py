"""The verdict names a serial correlation by what was tested (eighth read: sleepstudy's study report
said "serially correlated residuals" for r = 0.12, p = 0.13 against 0, flagged only against the
-0.17 that independent errors give)."""

from __future__ import annotations

from reportgen.narrative.rules import ABOVE, BELOW, diagnostic_problems, serial_verdict
from reportgen.narrative.serial_problem import LESS_ALIKE, MORE_ALIKE, SERIAL, serial_problem


def test_a_correlation_above_the_expected_but_not_clearly_positive_is_not_called_serial() -> None:
    # sleepstudy (random slopes): r = 0.12, p = 0.13 against 0; expected -0.17, clearly above it.
    departure = serial_verdict(0.12, 0.13, -0.17, 0.0001)
    assert departure == ABOVE
    assert serial_problem(departure, 0.12, 0.13) == MORE_ALIKE
    assert "from one measurement to the next" in MORE_ALIKE and "serially" not in MORE_ALIKE


def test_a_clearly_positive_correlation_is_serial_and_below_is_less_alike() -> None:
    assert serial_problem(ABOVE, 0.47, 0.0001) == SERIAL
    assert serial_problem(ABOVE, 0.47, 0.03) == MORE_ALIKE  # positive, but not clearly
    assert serial_problem(BELOW, -0.34, 0.0001) == LESS_ALIKE
    assert serial_problem("", 0.47, 0.0001) == ""


def test_the_verdict_lists_the_words_it_is_given() -> None:
    base = dict(heavy_tails=False, excess_outliers=False, spread="constant", curved=False)
    assert diagnostic_problems(**base, serial=MORE_ALIKE) == [MORE_ALIKE]  # type: ignore[arg-type]
    assert diagnostic_problems(**base, serial="") == []  # type: ignore[arg-type]
    assert diagnostic_problems(**base, serial=True) == [SERIAL]  # type: ignore[arg-type]
