"""The rules behind the supported-model, trend and covariate sentences, each flipped."""

from __future__ import annotations

import pytest

from reportgen.narrative import model_rules as rules


@pytest.mark.parametrize(
    "p, words",
    [
        (1e-5, "strong evidence"),
        (0.005, "good evidence"),
        (0.03, "some evidence"),
        (0.082, "weak evidence"),
        (0.124, "no evidence"),
        (0.9, "no evidence"),
    ],
)
def test_evidence_is_graded_by_p(p: float, words: str) -> None:
    assert rules.evidence(p) == words


def test_narrow_interval_note_only_when_slopes_are_supported() -> None:
    assert rules.narrow_interval_note("random_intercept", "chick") == ""
    note = rules.narrow_interval_note("random_slope", "chick")
    assert "too narrow" in note and "every chick" in note
    assert "too narrow" in rules.narrow_interval_note("uncorrelated_slope", "rat")
    # the uncorrelated model's interval is shown where the choice is made, not with random slopes
    assert "which model do the data support" in rules.narrow_interval_note("uncorrelated_slope", "rat")


@pytest.mark.parametrize(
    "corr, expected",
    [
        (0.5, "rats that start higher tend to rise faster"),
        (-0.5, "rats that start higher tend to rise more slowly"),
        (0.05, "where rats start tells little about how fast they change"),
        (None, "cannot be estimated"),
    ],
)
def test_start_correlation_flips_with_its_sign(corr: float | None, expected: str) -> None:
    assert expected in rules.start_correlation(corr, "rats")


@pytest.mark.parametrize(
    "corr, mean_slope, clear, expected",
    [
        # A falling average: a negative correlation means higher starters fall faster (Indometh).
        (-0.9, -0.18, True, "subjects that start higher tend to fall faster"),
        (0.9, -0.13, True, "subjects that start higher tend to fall more slowly"),
        # A rising average reads as before (sleepstudy's direction).
        (0.9, 10.5, True, "subjects that start higher tend to rise faster"),
        # No clear average direction: slopes are higher or lower, not faster or slower (Pixel).
        (-0.76, 0.32, False, "subjects that start higher tend to have lower slopes"),
        (0.5, -0.1, False, "subjects that start higher tend to have higher slopes"),
        (0.05, 0.1, False, "where subjects start tells little about their slopes"),
    ],
)
def test_start_correlation_follows_the_direction_of_the_trend(
    corr: float, mean_slope: float, clear: bool, expected: str
) -> None:
    assert rules.start_correlation(corr, "subjects", mean_slope, clear) == expected


def test_a_correlation_at_the_edge_or_from_a_singular_fit_is_not_interpreted() -> None:
    # IGF: the random-slope fit is degenerate, correlation -1.00; no "lots that start higher ...".
    for corr in (-1.0, 1.0, -0.995):
        words = rules.start_correlation(corr, "lots", 0.01, False)
        assert "cannot be interpreted" in words and "start higher" not in words
    assert "cannot be interpreted" in rules.start_correlation(-0.5, "lots", 0.01, False, singular=True)
    assert "start higher" in rules.start_correlation(-0.5, "lots", 0.01, False, singular=False)


@pytest.mark.parametrize(
    "curvature, slope, data_turn, words",
    [
        # Indometh: a falling trend that bends upward is a fall that slows, not change speeding up.
        (0.02, -0.18, False, "the average trajectory bends upward: the fall slows over time"),
        (-0.02, -0.18, False, "the average trajectory bends downward: the fall speeds up over time"),
        (-0.1, 10.5, False, "the average trajectory bends downward: the rise slows over time"),
        (0.1, 10.5, False, "the average trajectory bends upward: the rise speeds up over time"),
        # Theoph: the observed means peak inside the times, so a rise turns into a fall.
        (-0.02, -0.13, True, "the average trajectory bends downward: a rise turns into a fall"),
        (0.02, -0.13, True, "the average trajectory bends upward: a fall turns into a rise"),
    ],
)
def test_trend_shape_follows_the_direction_of_the_trend(
    curvature: float, slope: float, data_turn: bool, words: str
) -> None:
    assert rules.trend_shape("quadratic", curvature, slope, data_turn) == words


def test_turning_point_is_the_parabolas_unless_the_means_turn_there() -> None:
    # Theoph: the parabola turns at 8.10 but the means peak at 1.5; no peak is claimed at 8.10.
    elsewhere = rules.turning_point(-0.02, "time 1.5", agrees=False)
    assert "peaks" not in elsewhere and "do not turn there: they peak at time 1.5" in elsewhere
    # Indometh: the means keep falling, so nothing bottoms out.
    none = rules.turning_point(0.02, None, agrees=False)
    assert "bottoms out" not in none and "they do not bottom out inside the observed times" in none
    # When the means turn where the parabola does, the trajectory does peak there.
    assert "the average trajectory peaks around that time" in rules.turning_point(-0.1, "day 10", True)


def test_trend_shape_flips_with_support_and_sign() -> None:
    assert rules.trend_shape("linear", -3.0) == "a straight line is adequate for the average trajectory"
    assert "slows" in rules.trend_shape("quadratic", -0.1)
    assert "speeds up" in rules.trend_shape("quadratic", 0.1)


def test_residual_pattern_counts_agree_in_number() -> None:
    assert rules.residual_pattern(0, 10).startswith("no time point")
    assert rules.residual_pattern(1, 10).startswith("1 of 10 time points has a mean residual whose")
    assert rules.residual_pattern(3, 10).startswith("3 of 10 time points have")


@pytest.mark.parametrize(
    "p, expected",
    [
        (0.0001, "strong evidence that the rate of change differs with Sex"),
        (0.033, "some evidence that the rate of change differs with Sex"),
        (0.08, "only weak evidence"),
        (0.5, "no evidence that the rate of change differs with Sex"),
    ],
)
def test_interaction_verdict_flips_with_p(p: float, expected: str) -> None:
    assert expected in rules.interaction_verdict(p, "Sex")


def test_explained_away_needs_slopes_before_and_none_after() -> None:
    assert "no longer needed" in rules.explained_away(True, 0.4)
    assert "still differ" in rules.explained_away(True, 0.001)
    assert "none for it to explain" in rules.explained_away(False, 0.4)
    assert "supported only once it is in the model" in rules.explained_away(False, 0.03)
    assert rules.explained_away(True, None) == ""
    # epil (final read): the random-slope fit with trt is singular and simplified, so its chi2 10.89
    # (p = 0.003) shows no differing rates; the flip: a regular fit's test does.
    singular = rules.explained_away(True, 0.003, singular=True)
    assert "singular" in singular and "still differ" not in singular
    assert "still differ" in rules.explained_away(True, 0.003, singular=False)


def test_explained_away_credits_no_covariate_alone_when_the_model_holds_several() -> None:
    together = rules.explained_away(True, 0.4, together=True)
    assert "together they explain" in together and "it explains" not in together
    assert "it explains" in rules.explained_away(True, 0.4)
    # CO2: the uncorrelated slopes were not supported before any covariate (p = 0.167).
    nothing = rules.explained_away(False, 1.0, together=True)
    assert "explains" not in nothing and "none for them to explain" in nothing


def test_choice_reason_names_the_group_and_every_rule_code() -> None:
    codes = [
        "slopes_supported",
        "slopes_not_supported",
        "slope_variance_zero",
        "uncorrelated_supported",
        "uncorrelated_level_variance_zero",
        "singular_slopes_supported",
    ]
    texts = {code: rules.choice_reason(code, "chicks") for code in codes}
    assert "chicks change at different rates" in texts["slopes_supported"]
    assert "not supported" not in texts["uncorrelated_level_variance_zero"]
    assert len(set(texts.values())) == len(codes)
    assert rules.structure_name("uncorrelated_slope") == "uncorrelated random-slope"


def test_covariate_structure_note_names_what_the_model_keeps() -> None:
    assert "own levels only" in rules.covariate_structure_note("random_intercept", "rats")
    assert "keeps random slopes" in rules.covariate_structure_note("random_slope", "rats")
    assert "keeps uncorrelated random slopes" in rules.covariate_structure_note("uncorrelated_slope", "rats")


def test_straight_line_caveat_only_for_curved_trends() -> None:
    assert rules.straight_line_caveat("linear") == ""
    assert "curved" in rules.straight_line_caveat("quadratic")


def test_levels_agree_flips_with_the_spread() -> None:
    # The model's SD of a measurement at the start (levels and residual) against the measured SD.
    # milk, week 1, 79 cows: 0.40 measured, 0.35 expected: within sampling.
    assert rules.levels_agree(0.352, 0.401, 79).startswith("a difference within what sampling")
    # dietox, time 1, 72 pigs: 3.64 measured, 5.15 expected: narrower than sampling explains.
    assert rules.levels_agree(5.15, 3.64, 72).startswith("narrower than sampling")
    assert rules.levels_agree(3.64, 5.15, 72).startswith("wider than sampling")
    assert rules.levels_agree(24.7, None, 18) == ""


def test_levels_agree_draws_no_conclusion_from_few_subjects() -> None:
    # IGF: 5 values at the first age from 4 lots; an SD of 0.46 against 0.82 says nothing.
    assert rules.levels_agree(0.82, 0.46, 4) == ""
    assert rules.too_few_to_compare_spread(0.46, 4)
    assert not rules.too_few_to_compare_spread(0.46, 18)
    assert not rules.too_few_to_compare_spread(None, 4)
    low, high = rules.spread_sampling_range(5)
    assert low < 0.5 and high > 1.5  # why: a factor of two is sampling noise with so few


def test_residual_pattern_calls_bins_of_several_times_groups() -> None:
    # milk: 19 observed weeks in 12 bins; a bin is not a time point.
    assert rules.residual_pattern(7, 12, "quadratic", binned=True).startswith(
        "7 of 12 groups of neighbouring times have mean residuals"
    )
    assert rules.residual_pattern(7, 12, "quadratic", binned=False).startswith("7 of 12 time points have")
    assert rules.residual_pattern(0, 12, binned=True).startswith("no group of neighbouring times has")


def test_observed_turn_is_an_observed_time_not_a_bin_mean() -> None:
    import numpy as np

    from reportgen.analysis.trend import observed_turn

    # 19 weekly times in 12 bins, some of two weeks; the means bottom out at week 4.
    weeks = np.repeat(np.arange(1.0, 20.0), 5)
    means = 3.4 + 0.01 * (np.arange(1.0, 20.0) - 10) ** 2 / 10
    means[3] = 3.0
    turn, _ = observed_turn(weeks, np.repeat(means, 5), 0.01, 10.0)
    assert turn == 4.0  # not the mean time of its bin


def test_residual_pattern_is_reconciled_with_a_straight_verdict() -> None:
    assert "look at what happened" in rules.residual_pattern(3, 11, "linear", "time 22, 43, 44")
    assert "(time 22, 43, 44)" in rules.residual_pattern(3, 11, "linear", "time 22, 43, 44")
    assert "look at what happened" not in rules.residual_pattern(9, 12, "quadratic")
    assert "chance" not in rules.residual_pattern(9, 12, "quadratic")


def test_coef_style_shows_small_coefficients() -> None:
    from reportgen.numbers import format_number

    assert format_number(0.0011, "coef", 2) == "0.0011"  # not "0.00"
    assert format_number(255.454, "coef", 2) == "255.45"
    assert format_number(0.05, "coef", 2) == "0.05"
    assert format_number(-0.0008, "coef", 3) == "-0.0008"


def test_covariate_figure_names_are_unique_slugs() -> None:
    from reportgen.sections import covariate_figure_names

    names = covariate_figure_names(["x y", "x-y", "../etc"])
    assert names == {"x y": "covariate_x_y", "x-y": "covariate_x_y_2", "../etc": "covariate_etc"}


def _q1_text(rows: list[tuple[str, float]]) -> str:
    """Question 1's design sentences for (group, time) rows, with the numbers filled in."""
    from dataclasses import asdict
    from types import SimpleNamespace
    from typing import Any, cast

    import pandas as pd

    from reportgen.analysis.describe import observation_design
    from reportgen.config import Labels
    from reportgen.narrative.seminar import observation_sentences

    frame = pd.DataFrame(rows, columns=["group", "time"]).assign(response=1.0)
    design = observation_design(frame)
    values = asdict(design)
    labels = Labels("Pixel", "", "Day", "day", "Dog")
    sentences = observation_sentences(cast(Any, SimpleNamespace(design=design)), labels)
    return " ".join(
        "".join(part if isinstance(part, str) else str(values[part.path[-1]]) for part in sentence)
        for sentence in sentences
    )


def test_q1_late_entry_and_dropout_against_the_most_common_series() -> None:
    """Pixel's shape: 4 dogs complete (2 of them followed longer), 6 enter late, 2 of those leave early."""
    full, longer = (0, 1, 2, 4, 6, 10, 14), (0, 4, 6, 8, 10, 14, 21)
    grids = [full, full, longer, longer, (4, 6, 8, 10, 14), (4, 6, 8, 10, 14)]
    grids += [(4, 6, 10, 14), (4, 6, 10, 14), (4, 8), (4, 6, 8)]
    text = _q1_text([(f"d{i}", t) for i, grid in enumerate(grids) for t in grid])
    assert "most dogs have" not in text
    # not "the most common count (4 of 10 dogs)" right after "6 of 10 dogs have fewer" (Ovary, eighth read)
    assert (
        "6 of 10 dogs have fewer than 7 observations, the most common count, which 4 other dogs have" in text
    )
    assert "from day 0 to 14" in text
    assert "6 enter late, first seen at day 4 (6)" in text
    assert "2 leave early, last seen at day 8 (2)" in text
    assert "missing at random" in text


def test_q1_later_last_times_are_not_dropout() -> None:
    """Ovary's shape: short series ending later than the most common one do not 'leave early'."""
    rows = [(f"m{i}", -0.136 + k * 0.0454) for i in range(6) for k in range(29)]
    rows += [(f"s{i}", -0.15 + k * (1.3 + 0.01 * i) / 26) for i in range(5) for k in range(27)]
    text = _q1_text(rows)
    assert "none starts late or leaves early" in text and "last seen" not in text
    assert "observations most dogs have" in text  # 6 of 11 is a majority
    assert "missing at random" not in text
    assert "different values of day" in text


def test_q1_lists_every_time_with_its_count() -> None:
    grid = tuple(range(6))
    groups = [grid] * 6 + [grid[:3], grid[:4], grid[:4]]
    text = _q1_text([(f"d{i}", t) for i, g in enumerate(groups) for t in g])
    assert "3 leave early, last seen at day 2 (1), 3 (2) (number of dogs in brackets)" in text
    assert "missing at random" in text


def test_within_subject_kinds_and_measurement_series() -> None:
    import math
    from types import SimpleNamespace
    from typing import Any, cast

    import numpy as np
    import pandas as pd

    from reportgen.analysis.covariates import within_subject
    from reportgen.analysis.diagnostics import measurement_series

    rows = [(g, t, side, g % 2, t > 1) for g in range(4) for t in range(3) for side in "LR"]
    frame = pd.DataFrame(rows, columns=["group", "time", "side", "arm", "late"])
    assert within_subject(frame, "arm") == "constant"
    assert within_subject(frame, "side") == "same_times"
    assert within_subject(frame, "late") == "varies"
    series, unit = measurement_series(frame, ("side",))
    assert unit == "side" and series is not None and len(set(series)) == 8
    assert measurement_series(frame, ()) == (None, "skipped")  # L and R would pair at one time
    from reportgen.analysis.diagnostics import diagnose

    fit = SimpleNamespace(
        fitted=np.zeros(len(frame)), residual_var=1.0, random_effects=np.zeros((4, 1)), random_slope=False
    )
    fit.random_names, fit.re_cov, fit.time_origin = ("(Intercept)",), np.zeros((1, 1)), 0.0
    noisy = frame.assign(response=np.random.default_rng(1).normal(size=len(frame)))
    skipped = diagnose(cast(Any, fit), noisy)
    assert skipped.serial_series == "skipped" and math.isnan(skipped.serial_corr)
    assert diagnose(cast(Any, fit), noisy, ("side",)).serial_pairs == 16
    single = frame[frame["side"] == "L"]
    assert measurement_series(single, ("side",)) == (None, "")


def test_pairing_caveat_only_for_covariates_paired_at_the_same_times() -> None:
    assert rules.pairing_caveat("constant", "Sex", "child", "Subject") == ""
    assert rules.pairing_caveat("varies", "dose", "child", "Subject") == ""
    text = rules.pairing_caveat("same_times", "Side", "dog", "Dog")
    assert "ignore how the series are paired" in text and "(1 | Dog:Side)" in text
    assert rules.paired_verdict("some evidence", "constant") == "some evidence"
    assert "ignores the pairing" in rules.paired_verdict("some evidence", "same_times")
    assert "do not overstate" not in rules.covariate_structure_note("random_slope", "dogs", paired=True)


def test_observed_turn_needs_the_means_to_turn_inside_the_times() -> None:
    import numpy as np

    from reportgen.analysis.trend import observed_turn

    time = np.repeat(np.arange(8.0), 3)
    # Means that keep falling (Indometh's shape) do not bottom out, whatever the parabola does.
    assert observed_turn(time, np.exp(-time / 3), 0.02, 5.4) == (None, False)
    # Means that peak at 3: the parabola agrees only when it turns next to that time.
    assert observed_turn(time, -((time - 3) ** 2), -0.1, 3.2) == (3.0, True)
    assert observed_turn(time, -((time - 3) ** 2), -0.1, 7.9) == (3.0, False)


def test_few_whole_number_values_are_flagged_as_possible_codes() -> None:
    # spruce: plot = 1, 2, 3, 4 read as a number, with no warning.
    note = rules.numbers_or_codes("plot", "numeric", 4, True)
    assert "treats them as numbers" in note and "--factor plot" in note
    assert rules.numbers_or_codes("plot", "numeric", 40, True) == ""  # many values: an amount
    assert rules.numbers_or_codes("dose", "numeric", 4, False) == ""  # 0.5, 1.5: not codes
    assert rules.numbers_or_codes("Diet", "categorical", 4, False) == ""


def test_mean_time_verdict_follows_both_tests() -> None:
    from reportgen.narrative.model_rules import mean_time_verdict

    apart = mean_time_verdict(0.0004, 0.48, "Diet", "categorical")
    assert apart.startswith("strong evidence that the levels of Diet differ there")
    assert "running side by side, this far apart, across the observed times" in apart
    assert "gap changes" in mean_time_verdict(0.0004, 0.01, "Diet", "categorical")
    assert mean_time_verdict(0.3, 0.48, "dose", "numeric") == "no evidence of a difference at that time"
    assert "values of dose" in mean_time_verdict(0.02, 0.48, "dose", "numeric")


# Added for issue 20 (findings 2 and 5 of the statistician's review).


def test_covariate_note_follows_the_chosen_model_and_its_reason() -> None:
    shared = rules.covariate_structure_note("random_intercept", "subjects", reason="slopes_not_supported")
    assert "like the model the report stands on" in shared
    assert "no clear evidence that rates of change differ" in shared
    assert "singular" not in shared and "leave no room" not in shared
    zero = rules.covariate_structure_note("random_intercept", "subjects", reason="slope_variance_zero")
    assert "slope variance at zero" in zero
    kept = rules.covariate_structure_note("uncorrelated_slope", "plants", reason="uncorrelated_supported")
    assert "keeps uncorrelated random slopes, like the model the report stands on" in kept


def test_singular_slopes_are_supported_by_the_test_and_described_by_the_refit() -> None:
    # The correlated test decides (the same at every time origin); the refit only describes.
    for code in ("uncorrelated_supported", "uncorrelated_level_variance_zero", "singular_slopes_supported"):
        assert "change at different rates" in rules.choice_reason(code, "rabbits")
    assert "singular fit is kept" in rules.choice_reason("singular_slopes_supported", "rabbits")
    assert "singular fit" not in rules.choice_reason("uncorrelated_supported", "rabbits")
    described = rules.refit_role("uncorrelated_supported")
    assert "describes the slopes" in described and "does not decide" in described
    kept = rules.refit_role("singular_slopes_supported")
    assert "no variance" in kept and "does not decide" in kept and "describes" not in kept


def test_starts_narrower_flips_with_the_measured_spread() -> None:
    # 50 subjects: the sampling range of SD ratios is about 0.80 to 1.20.
    assert rules.starts_narrower(17.44, 1.13, 50)  # ChickWeight's day 0
    assert not rules.starts_narrower(17.44, 17.0, 50)
    assert not rules.starts_narrower(17.44, 1.13, 5)  # too few subjects to judge
    assert not rules.starts_narrower(17.44, None, 50)


def test_lines_misplace_start_when_curved_narrower_or_verdicts_differ() -> None:
    assert not rules.lines_misplace_start(False, False, 0.01, 0.02)  # both say: a difference
    assert not rules.lines_misplace_start(False, False, 0.40, 0.30)  # both say: none
    assert rules.lines_misplace_start(False, False, 0.027, 0.35)  # ChickWeight: lines yes, data no
    assert rules.lines_misplace_start(False, False, 0.40, 0.01)  # and the reverse
    assert rules.lines_misplace_start(True, False, 0.01, 0.02)  # curved trend
    assert rules.lines_misplace_start(False, True, 0.01, 0.02)  # starts narrower than the lines
    assert not rules.lines_misplace_start(False, False, 0.01, None)  # nothing measured to compare


def test_lines_start_verdict_says_at_the_start_only_when_the_lines_are_there() -> None:
    assert rules.lines_start_verdict(0.027, False) == "some evidence of a difference at the start"
    misplaced = rules.lines_start_verdict(0.027, True)
    assert "at the start" not in misplaced
    assert "between the lines there, which is not the measured start" in misplaced


def test_measured_start_verdict_flips_with_the_data_and_the_lines() -> None:
    none = rules.measured_start_verdict(0.35, True, "Diet")
    assert none.startswith("no evidence that the measured values differ with Diet at the start")
    assert "a product of straight lines" in none
    agree = rules.measured_start_verdict(0.01, False, "Diet")
    assert agree.startswith("some evidence that the measured values differ with Diet")
    assert agree.endswith("as the lines say")


def test_not_stood_on_names_the_random_slope_fit() -> None:
    assert rules.not_stood_on("random_slope") == "this model"
    words = rules.not_stood_on("random_intercept")
    assert "does not stand on" in words and "did not choose" not in words


def test_trend_verdict_follows_the_residual_means() -> None:
    # Orange: the quadratic test finds no clear bend (p = 0.074) but the residual means miss zero.
    assert rules.trend_verdict("linear", False) == "linear"
    assert "straight line is inadequate" in rules.trend_verdict("linear", True)
    assert rules.trend_verdict("quadratic", True) == "quadratic"


def test_curvature_connector_contrasts_only_against_the_test() -> None:
    # Sitka, Soybean, Chick, CO2: "strong evidence of curvature, so the trajectory bends".
    assert rules.curvature_connector("quadratic", True) == "so"
    assert rules.curvature_connector("quadratic", False) == "so"
    assert rules.curvature_connector("linear", True) == "but"
    assert rules.curvature_connector("linear", False) == "so"


def test_a_curved_trend_names_the_lines_average_rate_and_the_curves_own_test() -> None:
    # Statistician review (Rabbit): Going further 4 said "no evidence that the rate of change
    # differs with Treatment" (straight lines, p = 0.786) while the curve by Treatment gave
    # chi2 = 20.53 (p < 0.001): each now names what it tests.
    assert "the average rate of change (the straight lines' slope)" in rules.interaction_verdict(
        0.786, "Treatment", curved=True
    )
    assert "average rate" not in rules.interaction_verdict(0.786, "Treatment")
    note = rules.curve_differs_note(0.786, 3.5e-5, "Treatment", "dose")
    assert "the curve's shape does differ with Treatment" in note and "not clearly its average rate" in note
    assert rules.curve_differs_note(0.786, 0.4, "Treatment", "dose") == ""  # the curve agrees
    assert (
        rules.curve_differs_note(0.001, 3.5e-5, "Treatment", "dose") == ""
    )  # both differ: nothing to reconcile
    assert rules.curve_differs_note(0.786, None, "Treatment", "dose") == ""  # a straight trend


def test_stood_on_words_name_the_linear_model_an_approximation_in_a_glmm_report() -> None:
    from reportgen.narrative.model_rules import stood_on_words

    assert stood_on_words(False, "random-slope") == "the random-slope model the report stands on"
    assert stood_on_words(True, "random-slope") == "the linear random-slope model (an approximation)"
    assert "stands on" not in stood_on_words(True)


def test_narrow_interval_note_points_at_no_section_left_out() -> None:
    from reportgen.narrative.model_rules import narrow_interval_note

    assert "Going further: random slopes" in narrow_interval_note("random_slope", "subject")
    assert narrow_interval_note("random_slope", "subject", further_shown=False) == ""


@pytest.mark.parametrize(
    ("label", "subject"),
    [
        ("y", "The response y"),
        ("Reaction", "The reaction"),
        ("x2", "The response x2"),
        ("weight", "The weight"),
    ],
)
def test_the_response_names_a_bare_column_as_the_response(label: str, subject: str) -> None:
    from reportgen.words import the_response

    assert the_response(label) == subject


def test_pick_note_says_nothing_on_a_response_with_two_values() -> None:
    from reportgen.narrative.rules import pick_note

    assert "rests on one extreme observation" in pick_note(("S46",), "id")
    assert pick_note(("S46",), "id", two_values=True) == ""


def test_covariate_structure_note_names_the_linear_model_in_a_glmm_report() -> None:
    from reportgen.narrative.model_rules import covariate_structure_note

    gaussian = covariate_structure_note("random_slope", "subjects")
    glmm = covariate_structure_note("random_slope", "subjects", glmm=True)
    assert "like the model the report stands on" in gaussian
    assert "like the linear model (an approximation)" in glmm and "stands on" not in glmm


def test_a_rise_turns_into_a_fall_only_when_the_chosen_curve_falls_clearly() -> None:
    # Dialyzer: means that turn, a curve that rises to the end: the rise levels off.
    assert rules.trend_shape("quadratic", -1.0, 1.0, True, curve_turns=False).endswith("the rise levels off")
    # Ovary: the curve falls clearly after its peak at time 0.74.
    assert rules.trend_shape("quadratic", -1.0, -1.0, True, curve_turns=True).endswith(
        "a rise turns into a fall"
    )
    assert rules.trend_shape("quadratic", -1.0, 1.0, True, curve_turns=True).endswith(
        "a rise turns into a fall"
    )
    # No chosen curve to ask: the means decide, as before.
    assert rules.trend_shape("quadratic", -1.0, 1.0, True).endswith("a rise turns into a fall")


@pytest.mark.parametrize(
    ("family", "says", "never"),
    [
        ("gaussian", ("t statistics", "Satterthwaite's approximation"), ("Wald", "Laplace")),
        ("binomial", ("Wald z tests", "the Laplace approximation", "logistic"), ("Satterthwaite", " t ")),
        (
            "poisson",
            ("Wald z tests", "the Laplace approximation", "Poisson (log link)"),
            ("Satterthwaite", " t "),
        ),
    ],
)
def test_the_method_sentence_follows_the_family(
    family: str, says: tuple[str, ...], never: tuple[str, ...]
) -> None:
    from reportgen.narrative.model import method_note

    note = method_note(family)
    assert all(word in note for word in says) and not any(word in note for word in never)


def test_a_coded_covariate_is_read_at_its_value_not_at_the_median_of_its_codes() -> None:
    from reportgen.narrative.model_rules import quantile_name
    from reportgen.narrative.sentence import num

    value = num("covariates", "Diet", "level_values", "1", style="auto")
    # nlme::BodyWeight with Diet 1, 2, 3 as numbers: not "the median of Diet" (1.5, no rat's diet).
    assert quantile_name("Diet", "median", value, codes=True) == ("Diet = ", value)
    assert quantile_name("dose", "median", value, codes=False) == ("the median of dose",)
