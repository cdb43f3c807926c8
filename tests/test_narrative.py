"""Every interpretation rule, with the flipped case: change the number, the words change."""

from __future__ import annotations

import pytest

from reportgen import narrative as n
from reportgen.analysis.pairs import AUTOMATIC, FROM_PRESET, FROM_USER


@pytest.mark.parametrize(
    "r, words",
    [
        (0.05, "negligible"),
        (-0.05, "negligible"),
        (0.2, "weak"),
        (0.54, "moderate"),
        (-0.54, "moderate"),
        (0.8, "strong"),
        (-0.95, "strong"),
    ],
)
def test_correlation_strength(r: float, words: str) -> None:
    assert n.correlation_strength(r) == words


def test_direction_and_trend_flip_with_sign() -> None:
    assert (n.direction(0.5), n.trend_verb(0.5)) == ("positive", "rise")
    assert (n.direction(-0.5), n.trend_verb(-0.5)) == ("negative", "fall")
    assert (n.direction(0.0), n.trend_verb(0.0)) == ("no", "stay level")


@pytest.mark.parametrize(
    "skew, shape, tail",
    [
        (0.1, "roughly symmetric", "neither tail stands out"),
        (0.59, "moderately right-skewed", "a longer tail of high values"),
        (-0.59, "moderately left-skewed", "a longer tail of low values"),
        (1.7, "strongly right-skewed", "a longer tail of high values"),
    ],
)
def test_skew_shape_and_tail(skew: float, shape: str, tail: str) -> None:
    assert n.skew_shape(skew) == shape
    assert n.tail_note(skew) == tail


def test_significance_flips_at_alpha() -> None:
    assert n.significance(0.01) == "statistically significant"
    assert n.significance(0.2) == "not statistically significant"
    assert n.significance(0.04, alpha=0.01) == "not statistically significant"


@pytest.mark.parametrize(
    "r2, words", [(0.05, "very little"), (0.29, "a modest part"), (0.45, "a good part"), (0.8, "most")]
)
def test_explained_words(r2: float, words: str) -> None:
    assert n.explained_words(r2) == words


@pytest.mark.parametrize(
    "share, words", [(0.62, "most"), (0.3, "a large part"), (0.15, "some"), (0.02, "little")]
)
def test_share_words(share: float, words: str) -> None:
    assert n.share_words(share) == words


def test_single_line_verdict_flips() -> None:
    assert "unexplained" in n.single_line_verdict(0.6)
    assert "reasonably well" in n.single_line_verdict(0.05)


def test_spread_words() -> None:
    assert n.spread_words(24.6, 10.5) == "vary widely"
    assert n.spread_words(6.0, 10.0) == "vary noticeably"
    assert n.spread_words(1.0, 10.0) == "are similar"


def test_individual_differences_names_what_differs() -> None:
    assert "both" in n.individual_differences(True, True)
    assert "where they start" in n.individual_differences(False, True)
    assert "how fast" in n.individual_differences(True, False)
    assert "alike" in n.individual_differences(False, False)


def test_ratio_phrase() -> None:
    assert n.ratio_phrase(9.6) == ", about 9.6 times as steep"
    assert n.ratio_phrase(1.1) == ", only slightly steeper"
    assert n.ratio_phrase(None) == ""


def test_variance_comparison_flips() -> None:
    assert n.variance_comparison(37.1, 31.0) == "larger than"
    assert n.variance_comparison(20.0, 31.0) == "smaller than"
    assert n.variance_comparison(30.0, 31.0) == "about the same as"


def test_pair_reason_says_why() -> None:
    assert "chosen by the user" in n.pair_reason(FROM_USER, "x")
    assert "seminar" in n.pair_reason(FROM_PRESET, "x")
    assert n.pair_reason(AUTOMATIC, "the steepest slope") == (
        "They were picked automatically: the steepest slope."
    )
    with pytest.raises(ValueError):
        n.pair_reason("guess", "x")


def test_convergence_note() -> None:
    assert "without warnings" in n.convergence_note(True, [])
    assert "warnings listed" in n.convergence_note(True, ["ConvergenceWarning: x"])
    assert "caution" in n.convergence_note(False, [])


def test_start_comparison_flips() -> None:
    assert n.start_comparison("308", "308", "subject 308") == "it also starts higher"
    assert n.start_comparison("335", "308", "subject 308") == "subject 308 starts higher"


# --- going further ---------------------------------------------------------------------------


def test_se_change() -> None:
    assert n.se_change(0.80, 1.55) == "grows"
    assert n.se_change(1.55, 0.80) == "shrinks"
    assert n.se_change(1.0, 1.02) == "barely changes"


def test_slope_variation() -> None:
    assert n.slope_variation(5.92, 10.47) == "a lot"
    assert n.slope_variation(3.0, 10.0) == "moderately"
    assert n.slope_variation(0.5, 10.0) == "little"
    assert n.slope_variation(1.0, 0.0) == "a lot"


def test_criteria_verdict() -> None:
    assert n.criteria_verdict(1802, 1764, 1815, 1783) == "AIC and BIC both favour the random-slope model"
    assert n.criteria_verdict(1764, 1802, 1783, 1815) == "AIC and BIC both favour the random-intercept model"
    split = n.criteria_verdict(100, 98, 101, 103)
    assert split.startswith("AIC favours the random-slope") and "the random-intercept model" in split


def test_subject_vs_time_flips() -> None:
    assert n.subject_vs_time(0.28, 0.80).startswith("differences between subjects")
    assert n.subject_vs_time(0.6, 0.7).startswith("the shared trend")


def test_shrinkage_words() -> None:
    assert [n.shrinkage_words(x) for x in (0.5, 0.2, 0.05, 0.0)] == ["strong", "moderate", "slight", "no"]


def test_clear_differences() -> None:
    assert n.clear_differences(0, 18) == "no subject differs clearly from the average"
    assert n.clear_differences(18, 18) == "every subject differs clearly from the average"
    assert "the rest are compatible" in n.clear_differences(8, 18)


def test_tail_weight_and_funnel_flip() -> None:
    assert n.tail_weight(7.7) == "heavier tails than a normal distribution"
    assert n.tail_weight(-1.5) == "lighter tails than a normal distribution"
    assert n.tail_weight(0.2) == "tails close to a normal distribution"
    assert n.funnel_shape(0.5).startswith("a funnel")
    assert n.funnel_shape(-0.5).startswith("a reversed funnel")
    assert n.funnel_shape(0.08) == "a roughly constant spread"


def test_diagnostic_verdict_flips() -> None:
    assert "departures" in n.diagnostic_verdict(7.7, 0.08, 3)
    assert "Nothing here contradicts" in n.diagnostic_verdict(0.1, 0.05, 0)


def test_singular_note() -> None:
    assert n.singular_note(False) == ""
    assert "singular" in n.singular_note(True)
