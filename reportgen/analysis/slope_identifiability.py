"""Whether random slopes can be told apart from the residual at all: a subject needs three or more
distinct times for its own slope to leave anything to the residual.

With two times per subject (break12, item 7) the random intercept, the random slope and the
residual are not identifiable: a subject's two values fit its own line exactly, and lme4 refuses
such a model ("number of observations <= number of random effects"). Our engine still returned a
fit, "converged: yes; singular: no" with a slope SD of 2.06 that the data cannot carry. The model
choice therefore leaves random slopes out, with a rule code of its own, before any test.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

# A subject's own slope beside its own level and the residual needs this many distinct times.
MIN_TIMES_FOR_SLOPES = 3
NOT_IDENTIFIABLE = "slopes_not_identifiable"  # the rule code (model_choice.reason)


def most_times(frame: pd.DataFrame) -> int:
    """The most distinct times any one group is measured at."""
    return int(frame.groupby("group")["time"].nunique().max())


def slopes_identifiable(most: int) -> bool:
    """Random slopes can be separated from the residual: some group has MIN_TIMES_FOR_SLOPES times."""
    return most >= MIN_TIMES_FOR_SLOPES
