"""How the diagnostics' verdict names a serial correlation, by what was tested.

The lag-1 correlation of a subject's consecutive residuals is tested against the value independent
errors give those residuals (negative: each subject's line is fitted to its own points), not
against 0. Sleepstudy's study report said "serially correlated residuals" for r = 0.12 (p = 0.13
against 0) where independent errors give -0.17 (eighth read): the words now say what the test
found -- residuals more alike from one measurement to the next than independent errors leave them
-- and "serially correlated" only when the correlation is itself clearly positive.
"""

from __future__ import annotations

from reportgen.narrative.rules import ABOVE, BELOW, DIAGNOSTIC_ALPHA, SERIAL_MIN

SERIAL = "serially correlated residuals"
MORE_ALIKE = "residuals more alike from one measurement to the next than independent errors would leave them"
LESS_ALIKE = "residuals less alike from one measurement to the next than independent errors would leave them"


def serial_problem(departure: str, r: float, p: float, alpha: float = DIAGNOSTIC_ALPHA) -> str:
    """The verdict's name for :func:`~reportgen.narrative.rules.serial_verdict`'s ``departure``
    ("" for none): "serially correlated" only for r >= SERIAL_MIN with p < ``alpha`` against 0."""
    if departure == ABOVE:
        return SERIAL if r >= SERIAL_MIN and p < alpha else MORE_ALIKE
    if departure == BELOW:
        return LESS_ALIKE
    return ""
