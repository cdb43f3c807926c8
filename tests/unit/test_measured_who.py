"""A curve that "misses" a time's mean because only some subjects were measured there
(Soybean at day 84, eighth read): the words name who was measured, not a bad curve."""

from __future__ import annotations

import numpy as np
import pytest

from reportgen.analysis.measured_levels import MeasuredAt, explained_by_who_was_measured, measured_at
from reportgen.analysis.regression import Coefficient
from reportgen.narrative.measured_levels import MISSES_LEAD, WHO_LEAD, level_caveats


def _level(estimate: float, se: float = 0.58) -> Coefficient:
    return Coefficient(
        estimate=estimate,
        se=se,
        stat=estimate / se,
        p=0.0,
        ci_low=estimate - 1.96 * se,
        ci_high=estimate + 1.96 * se,
    )


def test_measured_at_counts_the_subjects_and_averages_their_fitted_values() -> None:
    time = np.array([1.0, 1.0, 2.0, 2.0, 2.0])
    response = np.array([1.0, 3.0, 5.0, 7.0, 9.0])
    groups = np.array(["a", "b", "a", "b", "c"])
    fitted = np.array([1.5, 2.5, 5.0, 7.0, 8.0])
    first, second = measured_at(time, response, (1.0, 2.0), groups, fitted)
    assert first is not None and second is not None
    assert (first.subjects, first.of_subjects, first.fitted_mean) == (2, 3, pytest.approx(2.0))
    assert (second.subjects, second.of_subjects, second.fitted_mean) == (3, 3, pytest.approx(20 / 3))


SOYBEAN_84 = MeasuredAt(mean=14.75, sd=4.77, n=16, subjects=16, of_subjects=48, fitted_mean=15.58)


def test_a_gap_the_measured_subjects_explain_is_theirs() -> None:
    assert explained_by_who_was_measured(_level(18.36), SOYBEAN_84)


@pytest.mark.parametrize(
    "measured",
    [
        MeasuredAt(14.75, 4.77, 16, 48, 48, 15.58),  # every subject measured there: the curve misses
        MeasuredAt(14.75, 4.77, 16, 16, 48, 18.30),  # their own fitted values miss too: the curve's fault
        MeasuredAt(14.75, 4.77, 16, 16, 48, None),  # nothing to tell
    ],
)
def test_otherwise_the_curve_misses(measured: MeasuredAt) -> None:
    assert not explained_by_who_was_measured(_level(18.36), measured)


def test_a_curve_within_the_interval_is_not_a_gap_at_all() -> None:
    assert not explained_by_who_was_measured(_level(15.2), SOYBEAN_84)


class _Curve:
    def __init__(self, measured: MeasuredAt) -> None:
        self.levels = (_level(5.0), _level(7.0), _level(18.36))
        self.measured = (None, None, measured)


@pytest.mark.parametrize(("fitted", "lead"), [(15.58, WHO_LEAD), (18.30, MISSES_LEAD)])
def test_the_words_flip_with_the_fitted_values_of_those_measured(fitted: float, lead: str) -> None:
    measured = MeasuredAt(14.75, 4.77, 16, 16, 48, fitted)
    sentences = level_caveats(_Curve(measured), 0.0, "weight", "time", "plot")  # type: ignore[arg-type]
    assert len(sentences) == 1 and str(sentences[0][0]).startswith(lead)
    text = "".join(part for part in sentences[0] if isinstance(part, str))
    assert ("plots" in text) == (lead == WHO_LEAD)
