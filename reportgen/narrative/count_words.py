"""Words for what a count response's values are like: their size, their skew, how their spread
compares with a Poisson model's, and a note when they take only a few values.

Each rule is a small function of the numbers (flip the input, the words flip): counts around
1e9 are not "small whole numbers", a skewness near 0 is not "skewed to the right", and counts
that vary less than a Poisson model expects are not said to vary "about as much".
"""

from __future__ import annotations

from reportgen.analysis.outcome import COUNT_SKEW, FEW_COUNT_VALUES, SMALL_COUNT_MEDIAN
from reportgen.analysis.selection import ALPHA
from reportgen.i18n import gettext as _
from reportgen.narrative.sentence import Sentence, filled, num

RIGHT, LEFT, SYMMETRIC = "right", "left", "symmetric"


def skew_direction(skewness: float) -> str:
    """RIGHT from a skewness of COUNT_SKEW on (the skew that makes whole numbers read as counts),
    LEFT from -COUNT_SKEW down, else SYMMETRIC."""
    if skewness >= COUNT_SKEW:
        return RIGHT
    if skewness <= -COUNT_SKEW:
        return LEFT
    return SYMMETRIC


def skew_words(skewness: float) -> str:
    """The skew of the values, in words that follow the skewness's sign and size."""
    return {
        RIGHT: _("skewed to the right"),
        LEFT: _("skewed to the left"),
        SYMMETRIC: _("close to symmetric"),
    }[skew_direction(skewness)]


def is_small_count(median: float) -> bool:
    """Small counts: a median up to SMALL_COUNT_MEDIAN (reportgen.analysis.outcome's reading)."""
    return median <= SMALL_COUNT_MEDIAN


def size_words(median: float) -> str:
    """Small whole numbers for small counts, large ones for counts in the thousands or billions
    (the values' size, not their kind)."""
    return _("small whole numbers") if is_small_count(median) else _("large whole numbers")


def count_look_words(skewness: float, median: float) -> str:
    """What a count's values are like: their size, none below 0, and their skew."""
    return _("%(size)s, none below 0, %(skew)s") % {"size": size_words(median), "skew": skew_words(skewness)}


def underdispersed(ratio: float, p_over: float) -> bool:
    """Counts that vary clearly less than a Poisson model expects: the Pearson ratio below 1 and the
    chi-square's lower tail (1 - the upper-tail p the overdispersion test gives) below ALPHA."""
    return ratio < 1 and 1 - p_over < ALPHA


def underdispersion_words() -> str:
    """What underdispersion means for a Poisson fit's standard errors."""
    return _(
        "The counts vary less than a Poisson model expects (underdispersion: the ratio is below 1, "
        "and the chi-square's lower tail, 1 minus the p above, is below 0.05), so its standard errors "
        "are if anything too large: its intervals and tests are conservative"
    )


def few_values(distinct: int) -> bool:
    """A count that takes fewer than FEW_COUNT_VALUES values (0/1/2, say)."""
    return distinct < FEW_COUNT_VALUES


def few_values_sentence(distinct: int) -> Sentence | None:
    """For a count of a few values only: a bounded model (ordinal, or binomial out of its maximum)
    may fit better than a Poisson one, which has no upper limit. None otherwise."""
    if not few_values(distinct):
        return None
    return filled(
        _(
            "It takes only %(n)s values, up to %(high)s: a model for a bounded response, an ordinal "
            "model or a binomial one of %(high)s trials, may fit such values better than a Poisson "
            "model, which has no upper limit."
        ),
        n=num("outcome", "distinct_values", style="int"),
        high=num("outcome", "maximum", style="auto"),
    )
