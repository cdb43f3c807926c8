"""The one way a number is written in a report (HTML, PDF and email alike)."""

from __future__ import annotations

import math
from collections.abc import Sequence

# "d0" ... "d6": fixed with that many decimals, whatever the report's setting (a sentence that
# needs more digits to tell two numbers apart, or the same decimals at both ends of a range).
DIGIT_STYLES = tuple(f"d{k}" for k in range(7))
STYLES = ("fixed", "int", "p", "p_eq", "pct", "auto", "trim", "df", "abs", "coef", *DIGIT_STYLES)


def format_number(value: float | int | None, style: str = "fixed", decimals: int = 2) -> str:
    """Format ``value`` for display.

    Styles: ``fixed`` (``decimals`` places), ``int``, ``p`` (p-values: ``< 0.001`` below
    that), ``pct`` (a share as a percentage with one decimal), ``auto`` (data values: up to
    four decimals, trailing zeros dropped), ``df`` (degrees of freedom: one decimal), ``abs``
    (the magnitude with ``decimals`` places, for a sign written as an operator: "a − 2.00 × t"),
    ``trim`` (``fixed`` with trailing zeros dropped: a mean time of 435 reads "435", one of
    1.5375 "1.54"), ``coef`` (model coefficients: ``decimals`` places, or two significant digits
    for a value too small to show in them, so a curvature of 0.0011 does not read "0.00"), ``d0`` to
    ``d6`` (fixed with that many decimals), ``p_eq`` (a p-value after "p": ``= 0.124`` or ``< 0.001``).

    In the fixed styles (``fixed``, ``abs``, ``d0`` to ``d6``) a small value is written with at
    least two significant digits, so nothing reads "0.00" that is not zero (see
    :func:`readable_decimals`).
    """
    if style in DIGIT_STYLES:
        style, decimals = "fixed", int(style[1:])
    if style not in STYLES:
        raise ValueError(f"unknown number style {style!r}; use one of {', '.join(STYLES)}")
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    if isinstance(value, float) and math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if style == "int":
        return f"{round(value):d}"
    if style == "p_eq":
        return "< 0.001" if value < 0.001 else f"= {value:.3f}"
    if style == "p":
        return "< 0.001" if value < 0.001 else f"{value:.3f}"
    if style == "coef":
        if value != 0 and abs(value) < 10.0 ** (1 - decimals):
            return f"{value:.2g}"
        style = "fixed"
    if style == "df":
        return f"{value:.1f}"
    if style == "abs":
        value = abs(value)
    if style == "pct":
        return f"{100 * value:.1f}%"
    if style == "auto":
        text = f"{value:.4f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    text = f"{value:.{readable_decimals(value, decimals)}f}"
    if style == "trim" and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def readable_decimals(value: float, decimals: int) -> int:
    """``decimals``, or more for a small value, so that it shows two significant digits.

    A slope of 0.0033 per day written "0.00" reads as no change at all, a confident wrong
    number; one of -0.0125 written "-0.01" beside an interval "-0.02 to 0.0022" mixes
    precisions. A value that would round to zero, or show one significant digit below 0.1 (at
    two decimals: under 0.1), gets two ("0.0033", "-0.013 (95% CI -0.019 to 0.0022)"); other
    values keep ``decimals`` (with ``d0``, a time of 5 stays "5").
    """
    rounds_to_zero = abs(value) < 0.5 * 10.0**-decimals
    one_digit = abs(value) < min(0.1, 10.0 ** (1 - decimals))  # 0.0125 as "0.01" at two decimals
    if value == 0 or not (rounds_to_zero or one_digit):
        return decimals
    return max(decimals, 1 - math.floor(math.log10(abs(value))))


def decimals_to_tell_apart(
    first: Sequence[float], second: Sequence[float], decimals: int, most: int = 6
) -> int:
    """Fewest decimals (at least ``decimals``) at which two sets of numbers print differently.

    Two intervals compared in one sentence must not read the same: Sitka's "0.012 to 0.013 there,
    against 0.012 to 0.013 here" hid 0.0119 to 0.0134 against 0.0122 to 0.0132. Numbers that are
    equal in fact keep ``decimals``: more digits would not tell them apart.
    """
    for k in range(decimals, most + 1):
        if [format_number(v, "fixed", k) for v in first] != [format_number(v, "fixed", k) for v in second]:
            return k
    return decimals


def average_time_style(mean: float, times: Sequence[float], most: int = 4) -> str:
    """The style of an average of observed times: the times' own decimals, one more when the
    average needs it (MASS::bacteria's weeks 0 to 11 average "4.5", not "4.4545"), at most
    ``most``."""
    own = 0
    for t in times:
        text = f"{t:.{most}f}".rstrip("0")
        own = max(own, len(text.split(".")[1]) if "." in text else 0)
    exact = abs(round(mean, own) - mean) < 0.5 * 10.0**-most
    return f"d{min(own if exact else own + 1, most)}"
