"""Word rules of reportgen/narrative/rules.py from issue 21's smaller items.

Flip the input, the words flip."""

from __future__ import annotations

import numpy as np
import pytest

from reportgen.analysis.describe import bimodality_coefficient
from reportgen.narrative.rules import (
    BIMODAL_LIMIT,
    extreme_lines_words,
    extreme_name,
    fraction_words,
    icc_words,
    measured_order_words,
    outlier_lead,
    outlier_words,
    sharing,
    skew_shape,
    two_humped,
    value_style,
)


def test_no_residual_beyond_three_is_in_line_with_normal_errors_not_none_is() -> None:
    assert outlier_lead(0) == "No standardized residual lies"
    assert outlier_words(False, 0) == "that is in line with normal errors"
    assert outlier_lead(1) == " standardized residual lies"
    assert outlier_words(False, 1) == "one is no more than chance would produce"
    assert outlier_lead(3) == " standardized residuals lie"
    assert outlier_words(False, 3) == "no more than chance would produce"
    assert outlier_words(True, 1).endswith("so that observation deserves a look")
    assert outlier_words(True, 4).endswith("so those observations deserve a look")


@pytest.mark.parametrize(
    ("icc", "words"),
    [
        (0.04, "hardly more alike"),
        (0.2, "about a fifth of it lies between plants"),
        (0.66, "about two thirds of it lies between plants"),
        (0.79, "about four fifths of it lies between plants"),
        (0.97, "nearly all of it lies between plants"),
        # Dialyzer: 5.4% is about a twentieth, not "about a tenth".
        (0.054, "about a twentieth of it lies between plants"),
        (0.104, "about a tenth of it lies between plants"),
        # Near no simple fraction: the percentage before these words says it, the fraction is left out.
        (0.15, "the rest of it lies within plants"),
    ],
)
def test_icc_words_say_a_share_of_variance_not_a_grade(icc: float, words: str) -> None:
    assert words in icc_words(icc, "plant", "plants")
    # A share of variance between subjects, not a reliability grade (Koo & Li's bands rate a
    # measurement's reliability): no "moderate" or "strong" at any value.
    assert not {"weak", "moderate", "strong", "good", "poor"} & set(icc_words(icc, "plant", "plants").split())


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (0.054, "about a twentieth"),
        (0.066, None),
        (0.15, None),
        (0.66, "about two thirds"),
        (0.6, "about three fifths"),
    ],
)
def test_fraction_words_name_a_fraction_only_when_it_is_close(share: float, words: str | None) -> None:
    assert fraction_words(share) == words


def test_bimodality_coefficient_matches_sarles_formula_and_finds_two_humps() -> None:
    rng = np.random.default_rng(1)
    bell = rng.normal(size=400)
    humps = np.concatenate([rng.normal(-3, 1, 200), rng.normal(3, 1, 200)])
    # By hand: b = (g² + 1) / (k + 3 (n-1)² / ((n-2)(n-3))) with the sample skewness and kurtosis.
    x = np.array([1.0, 2.0, 2.0, 3.0, 9.0])
    n, m = 5, x.mean()
    m2, m3, m4 = (np.mean((x - m) ** k) for k in (2, 3, 4))
    g = np.sqrt(n * (n - 1)) / (n - 2) * m3 / m2**1.5
    k = (n - 1) / ((n - 2) * (n - 3)) * ((n + 1) * m4 / m2**2 - 3 * (n - 1))
    assert bimodality_coefficient(x) == pytest.approx(
        (g * g + 1) / (k + 3 * (n - 1) ** 2 / ((n - 2) * (n - 3)))
    )
    assert bimodality_coefficient(np.ones(5)) is None and bimodality_coefficient(x[:3]) is None
    bell_b, humps_b = bimodality_coefficient(bell), bimodality_coefficient(humps)
    assert bell_b is not None and humps_b is not None
    assert bell_b < BIMODAL_LIMIT < humps_b


def test_a_two_humped_distribution_is_not_called_roughly_symmetric() -> None:
    assert skew_shape(-0.11, 0.563) == "flat or two-humped rather than bell-shaped"  # CO2's uptake
    assert skew_shape(-0.11, 0.45) == "roughly symmetric"
    assert skew_shape(-0.11) == "roughly symmetric"
    # A skewed distribution passes 5/9 through its skew: judged by the skew (chick weights).
    assert not two_humped(0.96, 0.571) and skew_shape(0.96, 0.571) == "moderately right-skewed"


def test_whole_numbers_are_printed_without_decimals() -> None:
    from reportgen.numbers import format_number

    assert format_number(102.0, value_style(True)) == "102"
    assert format_number(25.25, value_style(True)) == "25.25"
    assert format_number(102.0, value_style(False)) == "102.00"


def test_the_random_slopes_prompt_follows_the_own_lines() -> None:
    from reportgen.narrative.rules import slopes_prompt

    assert "differ in slope too" in slopes_prompt(True, "plant", "plants")
    alike = slopes_prompt(False, "plant", "plants")
    assert "differ in slope too" not in alike and "differ little in slope" in alike
    assert "Let each plant have its own slope" in alike


def test_singular_note_names_the_model_the_report_stands_on() -> None:
    from reportgen.narrative.rules import singular_note

    ri = singular_note(True, "random_intercept")
    assert "read the random-intercept model the report stands on instead" in ri and "simpler" not in ri
    # Orange: the uncorrelated model the report stands on is singular too.
    both = singular_note(True, "uncorrelated_slope", chosen_singular=True)
    assert "uncorrelated random-slope model" in both and "singular too" in both and "instead" not in both
    assert singular_note(False, "uncorrelated_slope", True) == ""


def test_slope_spread_is_graded_only_from_a_supported_regular_fit() -> None:
    from reportgen.narrative.rules import slope_variation_words

    assert slope_variation_words(5.92, 10.47, True).startswith("individual rates of change differ a lot")
    unsupported = slope_variation_words(0.027, 0.15, False)  # the rabbits: no clear evidence
    assert "substantially" not in unsupported and "no clear evidence" in unsupported
    singular = slope_variation_words(1.10, -0.49, True, singular=True)  # epil: correlation -1
    assert "not a finding" in singular and singular.startswith("the fit is singular")


def test_q5_start_words_say_whether_the_measured_order_keeps_the_ranking() -> None:
    from reportgen.narrative.rules import measured_order_words

    lines = "the lines' levels, not the measured start"
    kept = measured_order_words(False, lines)  # sleepstudy: 337 measured above 309 at day 0
    assert kept.startswith("the ranking above holds there") and "reversed" not in kept
    assert "order is reversed" in measured_order_words(True, lines)


def test_slopes_only_a_singular_fit_finds_are_neither_denied_nor_chance() -> None:
    from reportgen.narrative.rules import individual_differences, pair_difference

    # CO2: random-slope test p = 0.010, but only with the correlation at 1; the report stands on (1 | Plant).
    q3 = individual_differences(True, True, False, True, slopes_singular_only=True)
    assert "only in a singular fit" in q3 and "find no clear differences" not in q3
    assert "find no clear differences" in individual_differences(True, True, False, True)  # the flip
    q4 = pair_difference(4.7, False, True, "plants", slopes_singular_only=True)
    assert "only in a singular fit" in q4 and "need not differ" not in q4
    assert "need not differ" in pair_difference(4.7, False, True, "plants")


def test_subjects_fan_out_when_their_measured_spread_doubles() -> None:
    from reportgen.narrative.rules import fans_out, individual_differences

    assert fans_out(2.74, 10.41)  # CO2: conc 95 to conc 1000
    assert not fans_out(10.41, 2.74) and not fans_out(2.74, 4.0) and not fans_out(None, 4.0)
    fanning = individual_differences(True, True, False, True, fanning=True)
    assert fanning.startswith("Individuals differ in where they start")
    assert individual_differences(True, True, False, True).startswith("Individuals differ mainly in where")


@pytest.mark.parametrize(
    ("model", "intercept_sd", "slope_sd", "expected"),
    [
        ("random_intercept", 1.29, 0.0, (False, True)),  # MASS::bacteria's glmer: levels only
        ("random_intercept", 0.0, 0.0, (False, False)),
        ("random_slope", 1.0, 0.3, (True, True)),
        ("random_slope", 1.0, 0.0, (False, True)),  # a slope SD at zero is no slope variation
        ("uncorrelated_slope", 0.0, 0.3, (True, False)),
    ],
)
def test_a_glmm_report_finds_what_its_glmm_finds(
    model: str, intercept_sd: float, slope_sd: float, expected: tuple[bool, bool]
) -> None:
    from reportgen.narrative.rules import glmm_support

    assert glmm_support(model, intercept_sd, slope_sd) == expected


def test_equal_measured_starts_are_a_tie_not_a_ranking_that_holds() -> None:
    # MASS::bacteria: ID Z19 measured at 1 and ID Y13 at 1 at week 0.
    tied = measured_order_words(False, "the lines' levels", tied=True)
    assert "the two are level" in tied and "holds" not in tied
    assert "holds there" in measured_order_words(False, "the lines' levels")
    assert "reversed" in measured_order_words(True, "the lines' levels")


def test_a_top_random_intercept_many_share_is_said_to_be_shared() -> None:
    # MASS::bacteria's linear random intercepts: the IDs with every week a 1 share the highest.
    effects = {"X03": 0.10397317286409773, "X04": 0.10397317286409773, "Z19": 0.10397317286409773,
               "X01": 0.0898, "Y13": -0.2705}  # fmt: skip
    assert sharing(effects, "Z19") == 3 and sharing(effects, "Y13") == 1
    assert extreme_name("ID", "IDs", "Z19", 3) == "ID Z19 and other IDs at the same value"
    assert extreme_name("ID", "IDs", "Z19", 2) == "ID Z19 and another ID at the same value"
    assert extreme_name("ID", "IDs", "Z19", 1) == "ID Z19"
    shared = extreme_lines_words("ID", "IDs", "Z19", 3, "Y13", 1)
    assert shared == "several IDs' lines share the highest level and ID Y13's lowest"
    assert (
        extreme_lines_words("ID", "IDs", "Z19", 1, "Y13", 1)
        == "ID Z19's line sits highest and ID Y13's lowest"
    )
    assert "share the lowest" in extreme_lines_words("ID", "IDs", "Z19", 1, "Y13", 4)


@pytest.mark.parametrize("curved", [True, False])
def test_a_wave_is_called_a_cycle_only_when_it_repeats(curved: bool) -> None:
    from reportgen.narrative.rules import wave_remedy

    assert "sine and cosine" in wave_remedy(curved, repeats=True)
    once = wave_remedy(curved, repeats=False)  # Soybean: one trough, one peak around its spline
    # Says less since issue 21's sixth read: no remedy (Soybean's turns come from its design).
    assert "a cycle" not in once and "sine" not in once and "show no cycle" in once
