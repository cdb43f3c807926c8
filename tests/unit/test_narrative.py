"""Every interpretation rule, with the flipped case: change the number, the words change."""

from __future__ import annotations

import pytest

from reportgen.analysis.pairs import AUTOMATIC, FROM_PRESET, FROM_USER
from reportgen.narrative import rules as n


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
        (0.59, "moderately right-skewed", "with a longer tail of high values"),
        (-0.59, "moderately left-skewed", "with a longer tail of low values"),
        (1.7, "strongly right-skewed", "with a longer tail of high values"),
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
    # A small between-subject share says where the scatter lies, not that a line fits (Theoph R² 0.09).
    assert "reasonably well" not in n.single_line_verdict(0.05)
    assert (
        n.single_line_verdict(0.057)
        == "so most of the scatter around the line lies within subjects, not between them"
    )


def test_spread_words() -> None:
    assert n.spread_words(24.6, 10.5) == "vary widely"
    assert n.spread_words(6.0, 10.0) == "vary noticeably"
    assert n.spread_words(1.0, 10.0) == "are similar"


def test_pair_difference_claims_only_what_the_mixed_models_support() -> None:
    # IGF: lots 6 and 10 (4 to 6 points each) have opposite own slopes, but the mixed models find
    # no between-lot variation: no "one shared line would misdescribe both".
    igf = n.pair_difference(None, False, False, "lots")
    assert "misdescribe" not in igf and "differ by chance" in igf and "or in where they start" in igf
    both = n.pair_difference(None, True, True, "rats")
    assert both.startswith("These rats change at different rates and from different starting levels")
    slopes_only = n.pair_difference(2.0, True, False, "rats")
    assert "one shared slope would misdescribe both" in slopes_only and "may be chance" in slopes_only
    assert n.pair_difference(1.1, False, True, "rats").startswith("Their rates of change are close; they")
    assert "no clear differences in where rats start" in n.pair_difference(1.1, True, False, "rats")


def test_individual_differences_names_what_differs() -> None:
    assert "both" in n.individual_differences(True, True)
    assert "where they start" in n.individual_differences(False, True)
    assert "how fast" in n.individual_differences(True, False)
    assert "alike" in n.individual_differences(False, False)
    # Sleepstudy: both seen and supported, as before.
    assert n.individual_differences(True, True, True, True) == (
        "Individuals differ both in where they start and in how fast they change, "
        "which is the structure a mixed model is built to describe"
    )
    # Indometh/Theoph: own lines look different, but the models find no differences beyond noise.
    noise = n.individual_differences(True, True, False, False)
    assert "structure a mixed model" not in noise and "no clear differences" in noise
    # Pixel: levels differ; rates only seem to.
    pixel = n.individual_differences(True, True, False, True)
    assert pixel.startswith("Individuals differ mainly in where they start") and "how fast" in pixel


def test_slope_variation_words_follow_the_test() -> None:
    assert n.slope_variation_words(5.92, 10.47, True).startswith("individual rates of change differ a lot")
    # Pixel: slope SD 0.89 with the random-slope test's p = 0.45.
    words = n.slope_variation_words(0.89, 0.32, False)
    assert words.startswith("taken at face value") and "no clear evidence" in words


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
    # The warnings are shown above the interpretation (they were said to be "below").
    assert (
        n.convergence_note(True, ["ConvergenceWarning: x"])
        == "The fit converged, with the warnings listed above."
    )
    assert "in the appendix" in n.convergence_note(True, ["x"], shown_above=False)
    assert "below" not in n.convergence_note(False, ["x"]) + n.convergence_note(False, ["x"], True)
    assert "caution" in n.convergence_note(False, [])


@pytest.mark.parametrize(
    "steep, flat, lead",
    [
        # Rising lines read as before (sleepstudy).
        (21.8, 2.3, "A's line is steeper than B's: it rises faster, by "),
        # Falling lines: steepness is |slope| (Indometh: -0.233 is steeper than -0.133).
        (-0.233, -0.133, "A's line is steeper than B's: it falls faster, by "),
        (0.2, -0.1, "A's line rises while B's falls: their slopes differ by "),
        (-0.2, 0.0, "A's line falls while B's stays level: their slopes differ by "),
    ],
)
def test_steepness_lead_compares_sizes_and_names_the_direction(steep: float, flat: float, lead: str) -> None:
    assert n.steepness_lead(steep, flat, "A", "B") == lead


@pytest.mark.parametrize(
    "a, b, steeper, difference, ratio",
    [
        (-0.133, -0.233, "b", 0.1, 1.752),  # Indometh: falling lines, b falls faster
        (-0.051, -0.207, "b", 0.156, 4.059),  # Theoph: subject 9 is the steeper one
        (21.8, 2.3, "a", 19.5, 9.478),  # rising lines, as before
        (0.2, -0.3, "b", 0.5, None),  # opposite signs: no ratio
    ],
)
def test_compare_lines_orders_by_absolute_slope(
    a: float, b: float, steeper: str, difference: float, ratio: float | None
) -> None:
    from reportgen.analysis.line_pair import compare_lines
    from reportgen.analysis.regression import Line

    def line(slope: float) -> Line:
        return Line(intercept=1.0, slope=slope, n=5)

    c = compare_lines("a", line(a), "b", line(b))
    assert c.steeper == steeper and c.flatter == ("a" if steeper == "b" else "b")
    assert c.slope_difference == pytest.approx(difference)
    assert (c.slope_ratio is None) if ratio is None else c.slope_ratio == pytest.approx(ratio, abs=1e-3)


def test_start_comparison_flips() -> None:
    assert n.start_comparison("308", "308", "subject 308") == "it also starts higher"
    assert n.start_comparison("335", "308", "subject 308") == "subject 308 starts higher"


# --- going further ---------------------------------------------------------------------------


def test_se_change() -> None:
    assert n.se_change(0.80, 1.55) == "grows"
    assert n.se_change(1.55, 0.80) == "shrinks"
    assert n.se_change(1.0, 1.02) == "barely changes"


def test_slope_variation() -> None:
    # sleepstudy: 10.47 +- 1.96 x 5.92 crosses zero, by 1.13 of a 23.2-wide range: not clearly on
    # its own, but subject 335's own slope (-2.88) does point the other way.
    assert n.slope_variation(5.92, 10.47, [19.0, 1.76, 6.2, -2.88]).startswith("a lot, enough that some")
    assert n.slope_variation(5.92, 10.47, [19.0, 1.76, 6.2, 2.88]) == "a lot"
    # nlme::BodyWeight: SD 0.35 around 0.59, range -0.093 to 1.26, every own slope positive.
    assert n.slope_variation(0.3486, 0.5891, [0.20, 0.57, 1.34]) == "a lot"
    # A clear crossing says it without own slopes: 1 +- 1.96 x 1.5 reaches -1.94 of a 5.9 range.
    assert n.slope_variation(1.5, 1.0).startswith("a lot, enough that some")
    assert n.slope_variation(3.0, 10.0) == "a lot"
    # spruce: SD 0.00056 per day around 0.0033, 95% between 0.0022 and 0.0044: twofold, not "little".
    assert n.slope_variation(0.00056, 0.0033) == "substantially"
    # dietox: 95% of pigs between 5.7 and 8.2 kg per week: modest, still not "little".
    assert n.slope_variation(0.645, 6.94) == "modestly"
    assert n.slope_variation(1.0, 0.0).startswith("a lot")


def test_criteria_verdict() -> None:
    assert n.criteria_verdict(1802, 1764, 1815, 1783) == "AIC and BIC both favour the random-slope model"
    assert n.criteria_verdict(1764, 1802, 1783, 1815) == "AIC and BIC both favour the random-intercept model"
    split = n.criteria_verdict(100, 98, 101, 103)
    assert split.startswith("AIC favours the random-slope") and "the random-intercept model" in split


def test_sentences_name_the_study_s_own_groups() -> None:
    assert "children" in n.single_line_verdict(0.6, "children")
    assert "rats" in n.subject_vs_time(0.28, 0.8, "rats")


def test_subject_vs_time_flips() -> None:
    assert n.subject_vs_time(0.28, 0.80).startswith("differences between subjects")
    assert n.subject_vs_time(0.6, 0.7).startswith("the shared trend")


def test_shrinkage_words() -> None:
    assert [n.shrinkage_words(x) for x in (0.5, 0.2, 0.05, 0.0)] == ["strong", "moderate", "slight", "no"]


def test_clear_differences() -> None:
    assert n.clear_differences(0, 18) == "no subject differs clearly from the average"
    assert n.clear_differences(18, 18) == "every subject differs clearly from the average"
    assert "the rest are compatible" in n.clear_differences(8, 18)
    assert n.clear_differences(1, 18, "rat", "rats").startswith("this rat differs")
    assert n.clear_differences(2, 18, "rat", "rats").startswith("these rats differ")


def test_tail_weight_flips_and_follows_its_standard_error() -> None:
    assert n.tail_weight(7.7) == "heavier tails than a normal distribution"
    assert n.tail_weight(-1.5) == "lighter tails than a normal distribution"
    assert n.tail_weight(0.2) == "tails close to a normal distribution"
    # 1.5 is heavy with 1000 residuals (SE 0.15) but not with 12 (SE 1.4).
    assert n.tail_weight(1.5, se=0.15).startswith("heavier")
    assert n.tail_weight(1.5, se=1.4).startswith("tails close")


def test_spread_verdict_follows_the_p_value_not_a_fixed_rho() -> None:
    # The chick weights: rho 0.23 with p = 2.5e-8 at n = 578 is a funnel...
    assert n.funnel_shape(0.23, 2.5e-8).startswith("a funnel")
    # ... the same rho at n = 20 (p = 0.33) is not.
    assert n.funnel_shape(0.23, 0.33) == "no clear change in spread"
    assert n.funnel_shape(-0.4, 1e-4).startswith("a reversed funnel")
    assert n.spread_trend(0.3, 0.001) == n.GROWS and n.spread_trend(-0.3, 0.001) == n.SHRINKS
    assert n.spread_trend(0.3, 0.2) == n.CONSTANT


def test_time_spread_words_flip() -> None:
    assert n.time_spread_words(n.GROWS) == "the spread grows with time"
    assert n.time_spread_words(n.SHRINKS) == "the spread shrinks with time"
    assert n.time_spread_words(n.CONSTANT) == "no clear change either"


def test_diagnostic_words_never_say_no_clear_next_to_p_below_005() -> None:
    # Indometh: rho 0.29 and -0.29, both p = 0.020, above the diagnostics' 0.01 threshold.
    funnel = n.funnel_shape(0.29, 0.020)
    assert "no clear" not in funnel and "hint that the spread grows" in funnel and "0.01" in funnel
    over_time = n.time_spread_words(n.spread_trend(-0.29, 0.020), -0.29, 0.020, after_clear=False)
    assert "either" not in over_time and "hint that the spread shrinks with time" in over_time
    # "Either" only after a clear no; after a funnel (Pixel) the words stand alone.
    assert n.time_spread_words(n.CONSTANT, 0.1, 0.33, after_clear=False) == "no clear change"
    # Sleepstudy reads as before.
    assert n.funnel_shape(0.08, 0.262) == "no clear change in spread"
    assert n.time_spread_words(n.CONSTANT, -0.03, 0.643) == "no clear change either"
    # Ovary: residual curvature p = 0.043 is a hint, not "no sign"; the trend test's finding is named.
    hint = n.curvature_words(False, 0.043)
    assert "no" not in hint.split() and "hint of a bend" in hint
    assert "does find a curved trend" in n.curvature_agreement(False, True)
    assert n.curvature_agreement(False, False) == "" and n.curvature_agreement(True, None) == ""
    assert n.curvature_words(False, 0.429).startswith("the residual mean stays level")
    assert "hint of more correlation" in n.serial_words("", "tree", hint=n.ABOVE)
    assert "hint of more negative correlation" in n.serial_words("", "tree", hint=n.BELOW)


def test_spread_remedy_names_a_log_scale_only_when_it_applies() -> None:
    assert "log" in n.spread_remedy(n.GROWS, positive=True)
    assert "log" not in n.spread_remedy(n.GROWS, positive=False)
    assert "log" not in n.spread_remedy(n.SHRINKS, positive=True)
    assert n.spread_remedy(n.CONSTANT, positive=True) == ""


def test_curvature_verdict_flips() -> None:
    assert n.curvature_verdict(1e-4, 1.2) is True
    assert n.curvature_verdict(0.43, 1.2) is False  # not significant
    assert n.curvature_verdict(1e-4, 0.05) is False  # significant but negligible
    assert "bend" in n.curvature_words(True) and "level" in n.curvature_words(False)
    assert "slightly" in n.curvature_words(False, 1e-4)  # significant but negligible


def test_outlier_verdict_compares_with_the_expected_count() -> None:
    # One residual beyond 3 where 1.6 are expected is no excess (the chick weights)...
    assert n.outlier_verdict(1, 0.79) is False
    assert "no more than chance" in n.outlier_words(False, 1)
    # ... three where 0.5 are expected is (the sleep study).
    assert n.outlier_verdict(3, 0.013) is True
    assert "deserve a look" in n.outlier_words(True, 3)
    assert n.outlier_verdict(0, 1.0) is False and "in line with normal errors" in n.outlier_words(False, 0)


def test_serial_verdict_flips() -> None:
    # Without an expected value: a clear positive correlation of at least 0.2 against 0.
    assert n.serial_verdict(0.72, 1e-80) == n.ABOVE
    assert n.serial_verdict(0.12, 0.13) == ""
    assert n.serial_verdict(-0.47, 1e-5) == ""
    # Against the value independent errors give (nested sites: -0.34 where -0.22 is expected).
    assert n.serial_verdict(-0.34, 1e-5, -0.22, 0.001) == n.BELOW
    assert n.serial_verdict(-0.10, 1e-5, -0.22, 0.001) == n.ABOVE
    assert n.serial_verdict(-0.24, 1e-5, -0.22, 0.6) == ""
    assert n.serial_verdict(-0.17, 0.01, -0.22, 0.04) == ""  # clear, but under 0.1 away
    assert "move together" in n.serial_words(n.ABOVE, "chick")
    # Dialyzer: -0.0017 where independent errors give -0.27 is above that value, not a positive
    # correlation: the words say "more than chance", relative to the expected value.
    relative = n.serial_words(n.ABOVE, "subject", curved=True, relative=True)
    assert (
        relative.startswith("that is above what independent errors give") and "more than chance" in relative
    )
    assert "more than chance" not in n.serial_words(n.ABOVE, "subject", curved=True)
    # A model that already follows a curve is offered only the error structure (Rabbit's quadratic).
    assert "a curved trend or" in n.serial_words(n.ABOVE, "rabbit")
    curved = n.serial_words(n.ABOVE, "rabbit", curved=True)
    assert "a curved trend" not in curved and "an autocorrelated error structure" in curved
    below = n.serial_words(n.BELOW, "patient")
    assert "more negatively than independent errors" in below and "expected" not in below
    assert "about as independent errors would" in n.serial_words("", "chick")


def test_diagnostic_verdict_names_exactly_what_the_checks_found() -> None:
    none = n.diagnostic_problems(
        heavy_tails=False, excess_outliers=False, spread=n.CONSTANT, curved=False, serial=False
    )
    assert none == [] and "Nothing here contradicts" in n.diagnostic_verdict(none)
    found = n.diagnostic_problems(
        heavy_tails=False, excess_outliers=False, spread=n.GROWS, curved=True, serial=True
    )
    verdict = n.diagnostic_verdict(found)
    assert "curved trend" in verdict and "grows" in verdict and "serially" in verdict
    assert "heavy tails" not in verdict and "extreme" not in verdict  # no problem the checks did not find
    one = n.diagnostic_verdict(
        n.diagnostic_problems(
            heavy_tails=True, excess_outliers=False, spread=n.CONSTANT, curved=False, serial=False
        )
    )
    assert "find heavy tails:" in one


@pytest.mark.parametrize(
    "p, aic, bic, words",
    [
        (1e-6, True, True, "strong"),
        (1e-6, True, False, "some"),
        (0.03, True, True, "some"),
        (0.082, True, False, "weak"),  # sleep-like: boundary-corrected 0.082, AIC prefers slopes
        (0.3, True, False, "weak"),
        (0.3, False, False, "no"),
    ],
)
def test_evidence_strength(p: float, aic: bool, bic: bool, words: str) -> None:
    assert n.evidence_strength(p, aic, bic) == words


@pytest.mark.parametrize(
    "pooled, within, verdict",
    [
        (0.09, 0.83, "within_stronger"),  # rats on three diets: every rat gains weight
        (0.54, 0.72, "within_stronger"),
        (0.8, 0.3, "within_weaker"),
        (0.6, 0.65, "agree"),
        (-0.5, 0.6, "opposite"),
    ],
)
def test_correlation_agreement(pooled: float, within: float, verdict: str) -> None:
    assert n.correlation_agreement(pooled, within) == verdict
    text = n.correlation_disagreement(verdict, "rat", "rats")
    assert "rats" in text and ("agree" in text) == (verdict == "agree")


def test_design_kind() -> None:
    assert n.design_kind(0, 0, True) == "balanced"
    assert n.design_kind(5, 5, True) == "dropout"
    assert n.design_kind(3, 0, True) == "missing"
    assert n.design_kind(0, 0, False) == "different_times"


def test_starts_disagree_flips() -> None:
    # Chicks: the model puts one 60 g above another, yet both weighed about 41 g at day 0.
    assert n.starts_disagree(observed_difference=1.0, model_difference=60.0) is True
    assert n.starts_disagree(observed_difference=55.0, model_difference=60.0) is False


def test_influence_verdict_and_pick_note() -> None:
    assert n.influence_verdict(True, 0.2) == "changes a conclusion"
    assert "more than one standard error" in n.influence_verdict(False, 1.4)
    assert "less than one standard error" in n.influence_verdict(False, 0.4)
    assert n.pick_note((), "chick") == ""
    assert "chick 18 rests on one extreme observation" in n.pick_note(("18",), "chick")
    assert n.pick_note(("1", "2"), "tree").startswith("The picks of tree 1 and tree 2 each rest")


def test_convergence_note_does_not_cry_wolf_at_an_optimum_both_optimizers_reach() -> None:
    assert "stand" in n.convergence_note(False, ("gradient 0.0022",), optimizers_agree=True)
    assert "caution" in n.convergence_note(False, ("gradient 0.5",), optimizers_agree=False)


def test_singular_note() -> None:
    assert n.singular_note(False) == ""
    assert "singular" in n.singular_note(True)


def test_levels_differ_only_with_a_positive_intercept_variance() -> None:
    # Indometh: the intercept variance is 0 (singular): nothing to rank, no highest or lowest.
    assert n.levels_differ(0.0, 0.2013) is False
    assert n.levels_differ(1e-9, 0.2013) is False
    # Sleepstudy: subjects' levels differ, so Q5 and Q6 rank and pick as before.
    assert n.levels_differ(1378.2, 960.5) is True


def _text(sentences: list[tuple[object, ...]]) -> str:
    return " ".join("".join(p if isinstance(p, str) else "#" for p in s) for s in sentences)


def test_zero_intercept_variance_ranks_and_picks_nobody(monkeypatch: pytest.MonkeyPatch) -> None:
    from types import SimpleNamespace

    # Straight lines that place the measured start well (the other case: the next test).
    monkeypatch.setattr("reportgen.narrative.seminar._pair_lines_misplace_start", lambda a, c: False)
    monkeypatch.setattr("reportgen.narrative.seminar._start_misplaced", lambda a: False)

    from reportgen.config import Labels
    from reportgen.narrative.seminar import q5_random_effects, q6_mixed_pair

    labels = Labels("conc", "", "time", "", "Subject")

    def analysis(group_var: float, effects: dict[str, float]) -> SimpleNamespace:
        mixed = SimpleNamespace(
            group_var=group_var,
            residual_var=0.2,
            intercept_effects=lambda: effects,
            intercept=SimpleNamespace(estimate=1.5),
        )
        return SimpleNamespace(
            random_intercept=mixed,
            mixed_pair_lines=SimpleNamespace(higher="6", lower="1"),
            mixed_pair=SimpleNamespace(reason=AUTOMATIC, first="6", second="1"),
            overview=SimpleNamespace(response_min=0.5, response_max=3.0, time_min=0.25, time_max=8.0),
            first_observations={"1": (0.25, 1.5), "6": (0.25, 2.0)},
            choice=SimpleNamespace(
                model="random_intercept", reference_time=0.25, observed_sd_at_reference=None
            ),
        )

    # Indometh: variance 0, every effect 0; no "highest and lowest", no "sits 0.00 above".
    flat = analysis(0.0, {"1": 0.0, "6": 0.0})
    q5, q6 = _text(q5_random_effects(flat, labels)), _text(q6_mixed_pair(flat, labels))  # type: ignore[arg-type]
    assert "no differences" in q5 and "highest" not in q5
    assert "the same line" in q6 and "above" not in q6 and "picked" not in q6
    # Levels that differ are ranked and picked as before (sleepstudy's shape).
    spread = analysis(0.05, {"1": -0.3, "6": 0.3})
    q5, q6 = _text(q5_random_effects(spread, labels)), _text(q6_mixed_pair(spread, labels))  # type: ignore[arg-type]
    assert "subject 6's line sits highest and subject 1's lowest" in q5
    assert "above subject 1's" in q6 and "differ only in where they start" in q6


def test_q6_says_its_levels_are_the_lines_when_the_lines_misplace_the_start(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Orange: 'trees differ only in where they start', 41.72 apart on the lines, measured 32 and 30."""
    from types import SimpleNamespace

    from reportgen.config import Labels
    from reportgen.narrative.seminar import q6_mixed_pair

    mixed = SimpleNamespace(
        group_var=0.05,
        residual_var=0.2,
        intercept_effects=lambda: {"3": -0.3, "4": 0.3},
        intercept=SimpleNamespace(estimate=40.0),
    )
    analysis = SimpleNamespace(
        random_intercept=mixed,
        mixed_pair_lines=SimpleNamespace(
            higher="4", lower="3", higher_at_start="4", lower_at_start="3", first_time=118.0
        ),
        mixed_pair=SimpleNamespace(reason=AUTOMATIC, first="4", second="3"),
        overview=SimpleNamespace(
            response_min=30.0, response_max=214.0, time_min=118.0, time_max=1582.0, response_whole=True
        ),
        choice=SimpleNamespace(model="uncorrelated_slope"),
    )
    labels = Labels("circumference", "mm", "age", "day", "Tree")
    for misplaced in (True, False):
        monkeypatch.setattr(
            "reportgen.narrative.seminar._pair_lines_misplace_start", lambda a, c, m=misplaced: m
        )
        q6 = _text(q6_mixed_pair(analysis, labels))  # type: ignore[arg-type]
        assert "differ only in where they start" in q6
        assert ("not the measured start" in q6) is misplaced
        assert ("tree 4 was measured at" in q6) is misplaced


def test_quiet_flip_changes_no_conclusion() -> None:
    # Pixel: leaving out dog 4 flips a slope that is not significant either way.
    words = n.quiet_flip("4", "dog")
    assert "flips the slope's sign" in words and "changes a conclusion" not in words
    assert "not significant with or without that dog" in words


def test_same_shown_catches_a_change_that_does_not_show() -> None:
    # Indometh: log-likelihoods -39.7312 and -39.7309 both print -39.73 ("raise from -39.73 to -39.73").
    assert n.same_shown(-39.7312, -39.7309, "d2") is True
    # Theoph: standard errors equal to 6 decimals ("barely changes from 0.034511 to 0.034511").
    assert n.same_shown(0.0345111, 0.0345112, "d6") is True
    # Sleepstudy: -897.04 to -875.97 is a change, and reads as before.
    assert n.same_shown(-897.04, -875.97, "d2") is False
