"""The type-III rows of a multilevel fit's F tests in lmerTest's basis (``multilevel.level_difference_rows``):
each level of a sum-coded factor against the first, not the sum-to-zero coefficients themselves. The F
statistic is the same on either basis; its Satterthwaite df is not (tests/crosscheck/test_lmer_f_tests.py)."""

from __future__ import annotations

import numpy as np

from reportgen.analysis.multilevel import level_difference_rows

NAMES = ["(Intercept)", "v1", "v2", "v5.1", "v5.2", "v1:v5.1", "v1:v5.2", "v2:v5.1", "v2:v5.2"]


def test_a_three_level_factor_is_tested_as_level_differences() -> None:
    """Levels a, b, c coded a = v5.1, b = v5.2, c = -(v5.1 + v5.2): b - a and c - a."""
    rows = level_difference_rows(NAMES, [3, 4])
    assert rows[:, 3:5].tolist() == [[-1.0, 1.0], [-2.0, -1.0]]
    assert not rows[:, [0, 1, 2, 5, 6, 7, 8]].any()


def test_an_interaction_with_a_curve_is_differenced_within_each_basis_column() -> None:
    rows = level_difference_rows(NAMES, [5, 6, 7, 8])
    expected = np.zeros((4, len(NAMES)))
    expected[0, [5, 6]] = [-1, 1]
    expected[1, [5, 6]] = [-2, -1]
    expected[2, [7, 8]] = [-1, 1]
    expected[3, [7, 8]] = [-2, -1]
    assert rows.tolist() == expected.tolist()


def test_columns_without_a_factor_code_are_their_own_rows() -> None:
    assert level_difference_rows(NAMES, [1, 2]).tolist() == np.eye(len(NAMES))[[1, 2]].tolist()
