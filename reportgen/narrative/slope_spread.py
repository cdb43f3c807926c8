"""How far apart subjects' own slopes are, in words: "similar" only when they nearly coincide.

:func:`reportgen.narrative.rules.spread_words` grades levels against the residual SD, where half a
standard deviation is small. Slopes are read against the average slope's size, where half of it is
not: Soybean's own slopes from 0.28 to 0.42 (a range of 40% of the average slope, the steepest half
as steep again as the flattest) were called "similar". Here "similar" needs the range to stay under
a fifth of the average slope; up to a half they "vary moderately", then as spread_words says.
"""

from __future__ import annotations

from reportgen.narrative.rules import spread_words

__all__ = ["SIMILAR_SHARE", "slope_spread_words"]

# The largest range, as a share of the average slope's size, that slopes are "similar" within.
SIMILAR_SHARE = 0.2


def slope_spread_words(value_range: float, slope: float) -> str:
    """How much own slopes differ (their range) against the size of the average slope."""
    words = spread_words(value_range, abs(slope))
    if words == "are similar" and value_range >= SIMILAR_SHARE * abs(slope):
        return "vary moderately"
    return words
