"""The sign of the levels-slopes correlation, read only when its test supports it.

The test (:mod:`reportgen.analysis.correlation_sign`) is printed beside the correlation; the words
(:func:`reportgen.narrative.model_rules.start_correlation`) read its sign only when p < 0.05.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.narrative.model_rules import ALPHA
from reportgen.narrative.sentence import Num, num

if TYPE_CHECKING:
    from reportgen.analysis.inference import LikelihoodRatio


def correlation_supported(test: LikelihoodRatio | None) -> bool:
    """Does the test against uncorrelated levels and slopes support the correlation (p < 0.05)?
    Without a test (a singular fit, or none made) the other rules decide what is read."""
    return test is None or test.p < ALPHA


def correlation_test_parts(test: LikelihoodRatio | None) -> tuple[str | Num, ...]:
    """The correlation's test, beside its value (nothing without one)."""
    if test is None:
        return ()
    return (
        " (against uncorrelated levels and slopes, likelihood-ratio χ² = ",
        num("random_slope", "correlation_lrt", "chisq"),
        " on 1 df, p ",
        num("random_slope", "correlation_lrt", "p", style="p_eq"),
        ")",
    )
