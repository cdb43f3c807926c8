"""Random slopes need a third time (break12, item 7): with two times per subject a subject's slope
and the residual cannot be told apart (lme4 refuses the model); the choice says so, before any test."""

from __future__ import annotations

import numpy as np
import pandas as pd

from reportgen.analysis.selection import RANDOM_INTERCEPT, fit_random_effects
from reportgen.analysis.slope_identifiability import NOT_IDENTIFIABLE, most_times, slopes_identifiable
from reportgen.analysis.subject_slope_choice import one_grouping_keeps
from reportgen.narrative.model_rules import choice_reason, covariate_structure_note


def _two_times(seed: int = 3, groups: int = 30) -> pd.DataFrame:
    """Each group at times 0 and 1, with slopes that differ (SD 2)."""
    rng = np.random.default_rng(seed)
    rows = [
        {
            "group": f"g{g:02d}",
            "time": float(t),
            "response": 250 + level + (10 + slope) * t + rng.normal(0, 10),
        }
        for g, (level, slope) in enumerate(
            zip(rng.normal(0, 20, groups), rng.normal(0, 2, groups), strict=True)
        )
        for t in (0, 1)
    ]
    return pd.DataFrame(rows)


def test_slopes_need_three_times_in_some_group() -> None:
    assert not slopes_identifiable(2) and slopes_identifiable(3)
    frame = _two_times()
    assert most_times(frame) == 2
    third = pd.concat([frame, pd.DataFrame([{"group": "g00", "time": 2.0, "response": 270.0}])])
    assert most_times(third) == 3


def test_two_times_per_subject_stand_on_random_intercepts_and_say_why() -> None:
    choice = fit_random_effects(_two_times(), engine="exact").choice
    assert choice.model == RANDOM_INTERCEPT and choice.reason == NOT_IDENTIFIABLE
    assert not one_grouping_keeps(NOT_IDENTIFIABLE)
    words = choice_reason(NOT_IDENTIFIABLE, "subjects")
    assert "no more than 2 times" in words and "cannot be told apart from the residual" in words
    assert "no more than 2 times" not in choice_reason("slopes_not_supported", "subjects")
    assert "no more than 2 times" in covariate_structure_note(
        "random_intercept", "subjects", reason=NOT_IDENTIFIABLE
    )


def test_a_slope_sd_without_a_third_time_is_no_finding() -> None:
    from reportgen.narrative.rules import slope_variation_words

    unseen = slope_variation_words(2.06, 10.5, supported=False, identifiable=False)
    assert "cannot be told apart from the residual" in unseen and "no range of rates" in unseen
    assert "cannot be told apart" not in slope_variation_words(2.06, 10.5, supported=False)
