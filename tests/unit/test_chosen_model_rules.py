"""Rules of issue 20 (items 1 and 2): levels read where the data are; words that follow the chosen model.

Each rule is flipped: change the input, the words (or the verdict) change.
"""

from __future__ import annotations

import numpy as np
import pytest

from reportgen.analysis.line_pair import compare_lines
from reportgen.analysis.regression import Line
from reportgen.narrative import rules
from reportgen.narrative.model_rules import residual_pattern


def test_which_line_starts_higher_is_read_at_the_first_observed_time() -> None:
    # Soybean's case: at time 0 (outside the data) b's line is higher; at day 14, a's is.
    a, b = Line(intercept=-5.0, slope=1.0, n=5), Line(intercept=2.0, slope=0.2, n=5)
    at_zero = compare_lines("a", a, "b", b)
    at_14 = compare_lines("a", a, "b", b, 14.0)
    assert (at_zero.higher_at_start, at_zero.start_difference) == ("b", pytest.approx(7.0))
    assert (at_14.higher_at_start, at_14.lower_at_start) == ("a", "b")
    assert at_14.start_difference == pytest.approx(abs((-5 + 14) - (2 + 0.2 * 14)))
    # The intercepts (at time 0) are still reported as they are.
    assert at_14.higher == "b" and at_14.intercept_difference == pytest.approx(7.0)


def test_start_comparison_names_the_time_it_is_read_at() -> None:
    at = " at day 14, the first observed time"
    assert rules.start_comparison("a", "a", "plot a", at) == "it also starts higher" + at
    assert rules.start_comparison("a", "b", "plot b", at) == "plot b starts higher" + at
    assert rules.start_comparison("a", "a", "plot a") == "it also starts higher"


@pytest.mark.parametrize(
    ("observed", "model", "start_sd", "disagree"),
    [
        # CO2: Qn3 first measured 8.5 above Mc2 where the parallel lines differ by 23.4; the spread of
        # all plants at that concentration is 2.7, so they are the highest and the lowest: no story.
        (8.5, 23.4, 2.74, False),
        # Rabbit: the model's higher animal was measured lower at the first dose.
        (-1.0, 1.5, 0.6, True),
        # Measured alike at the start (within half the spread there).
        (0.1, 23.4, 2.74, True),
        # Without a spread at that time the model's difference is the yardstick.
        (1.0, 60.0, None, True),
        (55.0, 60.0, None, False),
    ],
)
def test_starts_disagree_is_judged_against_the_spread_at_the_start(
    observed: float, model: float, start_sd: float | None, disagree: bool
) -> None:
    assert rules.starts_disagree(observed, model, start_sd) is disagree


def test_levels_supported_follows_the_chosen_model_level_variance() -> None:
    assert rules.levels_supported(4.0, 1.0, away=3) is True
    assert rules.levels_supported(0.0, 1.0, away=3) is False  # a singular fit: one shared start
    assert rules.levels_supported(4.0, 1.0, away=0) is False  # no level away from the average


def test_slopes_supported_follows_the_chosen_model() -> None:
    assert rules.slopes_supported("random_slope", 0.01, 10.0, 1.0) is True
    assert rules.slopes_supported("uncorrelated_slope", 0.01, 10.0, 1.0) is True
    assert rules.slopes_supported("random_intercept", 0.01, 10.0, 1.0) is False
    assert rules.slopes_supported("random_slope", 0.0, 10.0, 1.0) is False
    # Judged over the observed span: CO2's slope SD of 0.0057 per unit over 905 units is not nothing.
    assert rules.slopes_supported("uncorrelated_slope", 0.0057**2, 905.0, 40.0) is True


def test_where_individuals_differ_follows_the_chosen_model() -> None:
    # Own lines differ in both; the chosen model has slopes but one shared start (soybean).
    words = rules.individual_differences(True, True, True, False)
    assert words.startswith("Individuals differ mainly in how fast they change")
    flipped = rules.individual_differences(True, True, False, True)
    assert flipped.startswith("Individuals differ mainly in where they start")


def test_trend_residual_pattern_advises_an_occasion_effect_only_for_a_straight_trend() -> None:
    straight = residual_pattern(9, 12, "linear")
    curved = residual_pattern(9, 12, "quadratic")
    assert "occasion effect" in straight
    assert "occasion effect" not in curved


def test_model_words_name_each_model() -> None:
    from reportgen.words import model_words

    assert model_words("random_intercept") == "random-intercept"
    assert model_words("random_slope") == "random-slope"
    assert model_words("uncorrelated_slope") == "uncorrelated random-slope"


def test_caterpillar_panels_follow_the_levels_when_slopes_are_shared() -> None:
    from reportgen.analysis.pooling import MAX_PANELS, ModelLines, panel_subjects

    n = 50
    groups = tuple(f"s{i}" for i in range(n))
    level = np.arange(n, dtype=float)
    zeros = np.zeros(n)
    lines = ModelLines(groups, 0.0, False, 0.0, 1.0, level, zeros, np.ones(n), zeros)
    picked = panel_subjects(lines)
    assert len(picked) == MAX_PANELS and picked[0] == "s0" and picked[-1] == f"s{n - 1}"
    reversed_levels = ModelLines(groups, 0.0, False, 0.0, 1.0, -level, zeros, np.ones(n), zeros)
    assert panel_subjects(reversed_levels)[0] == f"s{n - 1}"


def test_a_negative_shrinkage_is_said_to_grow() -> None:
    assert rules.shrinkage_phrase(0.18) == ("shrinks by ", "")
    before, after = rules.shrinkage_phrase(-0.265)
    assert before.startswith("grows instead") and after == ")"


def test_the_slopes_shrinkage_has_its_own_verb_when_the_directions_differ() -> None:
    # CO2: the levels' spread grows (-6.0%) while the slopes' shrinks (51.6%).
    before, after = rules.second_shrinkage_phrase(-0.06, 0.516)
    assert "shrinks by" in before and "grows" not in before and after == ""
    before, after = rules.second_shrinkage_phrase(0.2, -0.1)
    assert "grows instead" in before and after == ")"
    assert rules.second_shrinkage_phrase(0.2, 0.5) == (" and the spread of slopes by ", "")
