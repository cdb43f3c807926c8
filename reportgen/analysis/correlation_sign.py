"""Whether the data tell the sign of the correlation between subjects' levels and slopes.

The correlated random-slope fit always estimates a correlation; its sign is read only when the data
support it: the likelihood-ratio test of the correlated fit against the uncorrelated one, both by
ML with time counted from the first observed time (where the correlation is read), 1 df, p < 0.05.
A correlation of 0 is inside its range, so the test is the plain chi-square one (no boundary).
clinics.csv (seventh read): r = -0.14 read as "patients that start higher rise more slowly"; in R
``anova(m0, m1)`` gives chi2 = 1.08, p = 0.30, and the profile CI is -0.37 to 0.12.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis.inference import LikelihoodRatio
    from reportgen.analysis.selection import SupportedModel


def correlation_test(
    frame: pd.DataFrame, supported: SupportedModel, t0: float, *, engine: str
) -> LikelihoodRatio | None:
    """The straight line's correlated random slopes against uncorrelated ones at ``t0`` (ML, 1 df);
    None when there is no regular correlated fit to test or the uncorrelated one fails."""
    from reportgen.analysis.selection import fit_uncorrelated, likelihood_ratio
    from reportgen.errors import ModelError

    correlated = supported.random_slope_ml
    if correlated is None or not correlated.random_slope or correlated.singular:
        return None
    own = supported.choice.uncorrelated_ml
    try:
        uncorrelated = (
            own
            if own is not None and own.time_origin == t0 and own.fixed_names == correlated.fixed_names
            else fit_uncorrelated(frame, t0, reml=False, engine=engine)
        )
    except ModelError:
        return None
    return likelihood_ratio(uncorrelated, correlated, 1, boundary=False)
