"""A GLMM mixedlm cannot fit to its optimum is refused with one clear line, never reported."""

from __future__ import annotations

import pytest

from reportgen.analysis.glmm_fit import fit_glmm
from reportgen.errors import ModelError
from tests.support.calendar_glmm import calendar_counts


def test_a_diverging_poisson_fit_over_calendar_years_is_refused() -> None:
    """80 subjects x 2000-2009: mixedlm's PIRLS diverges to log-likelihood -1.2e36 (glmer reaches
    -3673.1 on centred years); before the check this fit was the report's model."""
    frame = calendar_counts(2, 0.5, 1.0, 0.3, 0.1).rename(
        columns={"n": "response", "year": "time", "id": "group"}
    )
    with pytest.raises(ModelError, match=r"n ~ year \+ \(1 \| id\) could not be fitted reliably"):
        fit_glmm(frame, "random_intercept", "poisson", ("n", "year", "id"), 2000.0)
