"""The spread checks (reportgen.analysis.spread) and their words (reportgen.narrative.spread): the
Brown-Forsythe test against scipy and a hand computation, the bins, and each rule flipping its
words when its input flips."""

from __future__ import annotations

import numpy as np
import pytest

from reportgen.analysis import spread as s
from reportgen.config import Labels
from reportgen.narrative import rules
from reportgen.narrative import spread as w


def _by_time(p: float, direction: str = "grows", power: float | None = None) -> s.SpreadByTime:
    return s.SpreadByTime(
        statistic=5.0,
        p=p,
        df_between=3,
        df_within=40,
        bins=4,
        distinct_times=True,
        time=(0.0, 1.0, 2.0, 3.0),
        sd=(1.0, 2.0, 3.0, 4.0),
        n=(11, 11, 11, 11),
        level=(1.0, 2.0, 3.0, 4.0),
        sd_first=1.0,
        sd_last=4.0,
        direction=direction,
        level_power=power,
    )


# --- Brown-Forsythe -----------------------------------------------------------------------------


def test_brown_forsythe_matches_scipy_levene_with_medians() -> None:
    from scipy.stats import levene

    rng = np.random.default_rng(3)
    groups = [rng.normal(0, sd, size) for sd, size in ((1, 12), (2, 9), (4, 15), (1.5, 6))]
    values = np.concatenate(groups)
    labels = np.repeat(np.arange(4), [len(g) for g in groups])
    ours = s.brown_forsythe(values, labels)
    theirs = levene(*groups, center="median")
    assert ours.statistic == pytest.approx(theirs.statistic, rel=1e-12)
    assert ours.p == pytest.approx(theirs.pvalue, rel=1e-10)
    assert (ours.df_between, ours.df_within) == (3, len(values) - 4)


def test_brown_forsythe_by_hand() -> None:
    # Groups {1, 2, 6} and {2, 4, 4}: medians 2 and 4, |deviations| {1, 0, 4} and {2, 0, 0},
    # means 5/3 and 2/3, grand mean 7/6; between SS = 3 (1/2)^2 * 2 = 1.5 on 1 df;
    # within SS = (4/9 + 25/9 + 49/9) + (16/9 + 4/9 + 4/9) = 102/9 on 4 df: F = 1.5 / (102/36) = 9/17.
    test = s.brown_forsythe(
        np.array([1.0, 2.0, 6.0, 2.0, 4.0, 4.0]), np.array(["a", "a", "a", "b", "b", "b"])
    )
    assert test.statistic == pytest.approx(9 / 17, rel=1e-12)
    from scipy.stats import f

    assert test.p == pytest.approx(f.sf(9 / 17, 1, 4), rel=1e-12)


def test_brown_forsythe_finds_a_growing_spread_and_not_a_constant_one() -> None:
    rng = np.random.default_rng(0)
    labels = np.repeat(np.arange(6), 30)
    assert s.brown_forsythe(rng.normal(0, 1 + labels, labels.size), labels).p < 1e-6
    assert s.brown_forsythe(rng.normal(0, 1, labels.size), labels).p > 0.01


def test_brown_forsythe_of_one_group_is_no_evidence() -> None:
    assert s.brown_forsythe(np.arange(5.0), np.zeros(5)).p == 1.0


# --- bins ---------------------------------------------------------------------------------------


def test_few_distinct_times_are_their_own_bins() -> None:
    time = np.repeat(np.arange(10.0), 18)
    codes = s.time_bins(time)
    assert codes.max() == 9 and np.array_equal(codes, time.astype(int))


def test_many_distinct_times_make_quantile_bins_of_at_least_five() -> None:
    time = np.random.default_rng(1).uniform(0, 100, 400)
    codes = s.time_bins(time)
    counts = np.bincount(codes)
    assert len(counts) == s.MAX_TIME_BINS and counts.min() >= s.MIN_PER_BIN
    assert all(time[codes == j].max() <= time[codes == j + 1].min() for j in range(len(counts) - 1))


def test_a_small_bin_joins_a_neighbour() -> None:
    time = np.array([0.0] * 8 + [1.0] * 8 + [2.0] * 2)  # two values at the last time
    codes = s.time_bins(time)
    assert codes.max() == 1 and np.bincount(codes).min() >= s.MIN_PER_BIN


def test_direction_flips_with_the_bins() -> None:
    assert s.direction([1.0, 2.0, 3.0, 4.0]) == "grows"
    assert s.direction([4.0, 3.0, 2.0, 1.0]) == "shrinks"
    assert s.direction([1.0, 4.0, 1.0, 4.0, 1.0]) == "varies"
    # Rabbit's residual SDs by dose peak in the middle: they vary, they do not grow (seventh read).
    assert s.direction([0.69, 1.09, 2.40, 7.72, 7.74, 3.07]) == "varies"
    assert s.direction([0.69, 1.09, 2.40, 7.72, 7.74, 7.00]) == "grows"
    assert s.direction([3.07, 7.74, 7.72, 2.40, 1.09, 0.69]) == "varies"


def test_level_power_is_one_for_a_spread_in_proportion_to_the_level() -> None:
    assert s.level_power([0.1, 0.2, 0.4], [1.0, 2.0, 4.0]) == pytest.approx(1.0)
    assert s.level_power([0.1, 0.1, 0.1], [1.0, 2.0, 4.0]) == pytest.approx(0.0)
    assert s.level_power([0.1, 0.2], [-1.0, 2.0]) is None  # a level at or below 0
    assert s.level_power([0.1, 0.2], [10.0, 11.0]) is None  # levels too close to explain a spread


def test_spread_by_time_reads_the_first_and_last_bins() -> None:
    rng = np.random.default_rng(2)
    time = np.repeat(np.arange(5.0), 40)
    residuals = rng.normal(0, 1 + time)
    out = s.spread_by_time(residuals, time, 10 + time)
    assert out.bins == 5 and out.distinct_times and out.direction == "grows" and out.p < 1e-6
    assert out.sd_first == pytest.approx(np.std(residuals[:40], ddof=1))
    assert out.sd_last == pytest.approx(np.std(residuals[-40:], ddof=1))


# --- pattern and remedy rules --------------------------------------------------------------------


def test_pattern_follows_each_check() -> None:
    constant = _by_time(0.5)
    assert s.spread_pattern(constant, 0.0, 0.9) == s.CONSTANT
    assert s.spread_pattern(constant, 0.3, 0.001) == s.GROWS_WITH_LEVEL  # a funnel
    assert s.spread_pattern(constant, -0.3, 0.001) == s.SHRINKS
    assert s.spread_pattern(_by_time(0.001), 0.0, 0.9) == s.GROWS_WITH_TIME
    assert s.spread_pattern(_by_time(0.001, power=1.0), 0.0, 0.9) == s.GROWS_WITH_LEVEL
    assert s.spread_pattern(_by_time(0.001, power=0.2), 0.0, 0.9) == s.GROWS_WITH_TIME
    assert s.spread_pattern(_by_time(0.001, "shrinks"), 0.0, 0.9) == s.SHRINKS
    assert s.spread_pattern(_by_time(0.001, "varies"), 0.0, 0.9) == s.VARIES_OVER_TIME
    groups = {"diet": s.SpreadTest(9.0, 0.0001, 1, 40)}
    assert s.spread_pattern(constant, 0.0, 0.9, groups) == s.DIFFERS_BETWEEN_GROUPS
    assert s.spread_pattern(constant, 0.0, 0.9, {"diet": s.SpreadTest(1.0, 0.4, 1, 40)}) == s.CONSTANT


def test_log_is_offered_only_for_positive_values_not_logged_whose_spread_grows_with_the_level() -> None:
    assert s.spread_remedy(s.GROWS_WITH_LEVEL, positive=True, log_scale=False) == s.LOG
    assert s.spread_remedy(s.GROWS_WITH_LEVEL, positive=False, log_scale=False) == s.UNRELIABLE_SE
    assert s.spread_remedy(s.GROWS_WITH_LEVEL, positive=True, log_scale=True) == s.UNRELIABLE_SE
    assert s.spread_remedy(s.GROWS_WITH_TIME, positive=True, log_scale=False) == s.UNRELIABLE_SE
    assert s.spread_remedy(s.CONSTANT, positive=True, log_scale=False) == s.NO_REMEDY
    assert s.spread_remedy(s.GROWS_WITH_LEVEL, positive=True, log_scale=False, binary=True) == s.LOGISTIC
    assert s.spread_remedy(s.CONSTANT, positive=True, log_scale=True, log_applied=True) == s.LOG_APPLIED


@pytest.mark.parametrize(
    ("name", "logged"),
    [("log size", True), ("logWeight", True), ("ln_conc", True), ("size", False), ("logistic", False)],
)
def test_a_name_can_say_the_values_are_logs(name: str, logged: bool) -> None:
    assert s.named_as_log(name) is logged


def test_log_scale_reads_the_slope_as_a_ratio() -> None:
    log = s.log_scale_of(np.log(1.08), "random_slope", _by_time(0.5), s.CONSTANT, applied=False)
    assert log.slope_ratio == pytest.approx(1.08) and log.relative_change == pytest.approx(0.08)


def _log(slope: float, shape: str = "linear", range_change: float | None = None) -> s.LogScale:
    """A preview log scale of a random-intercept model with a steady spread."""
    return s.log_scale_of(
        slope,
        "random_intercept",
        _by_time(0.5),
        s.CONSTANT,
        applied=False,
        shape=shape,
        range_change=range_change,
    )


def test_a_curved_log_model_keeps_its_range_ratio_and_a_line_has_none() -> None:
    curved = _log(0.1, "quadratic", np.log(20.0))
    assert curved.shape == "quadratic" and curved.range_ratio == pytest.approx(20.0)
    assert curved.slope_ratio == pytest.approx(np.exp(0.1))  # the straight line's, kept
    line = _log(0.1, "linear", None)
    assert line.shape == "linear" and line.range_ratio is None


# --- words -------------------------------------------------------------------------------------


def test_time_words_flip_with_the_test() -> None:
    assert w.time_spread_phrase("grows", 0.001, "age") == "the residual spread grows with age"
    assert w.time_spread_phrase("shrinks", 0.001, "age") == "the residual spread shrinks with age"
    assert "without a steady direction" in w.time_spread_phrase("varies", 0.001)
    assert w.time_spread_phrase("grows", 0.5) == "the residual spread stays about the same"
    assert "at most a hint" in w.time_spread_phrase("grows", 0.03)


def test_group_words_flip_with_the_test() -> None:
    assert w.group_spread_phrase(0.001) == "the residual spread differs between them"
    assert w.group_spread_phrase(0.5) == "the residual spread is about the same in each"
    assert "hint" in w.group_spread_phrase(0.02)


def test_a_percentage_is_shown_only_when_it_does_not_read_zero() -> None:
    assert w.shows_as_percent(0.08) and w.shows_as_percent(-0.001)
    assert not w.shows_as_percent(0.0003)


def test_log_check_says_whether_the_spread_stabilised() -> None:
    assert w.log_stabilised(s.CONSTANT) and not w.log_stabilised(s.GROWS_WITH_LEVEL)
    assert "steady" in w.log_check_phrase(s.CONSTANT)
    assert "still grows" in w.log_check_phrase(s.GROWS_WITH_TIME)
    assert "over-corrects" in w.log_check_phrase(s.SHRINKS)
    assert "still changes" in w.log_check_phrase(s.VARIES_OVER_TIME)
    assert "hint" in w.log_check_phrase(s.CONSTANT, 0.02) and "steady" not in w.log_check_phrase(
        s.CONSTANT, 0.02
    )


def test_unreliable_errors_name_where_they_fail() -> None:
    assert "too small for late times" in w.unreliable_se_words(s.GROWS_WITH_TIME, "age")
    assert "too small for early times" in w.unreliable_se_words(s.SHRINKS, "age")
    assert "every age" in w.unreliable_se_words(s.SHRINKS, "age")
    level = w.unreliable_se_words(s.GROWS_WITH_LEVEL, "age")
    assert "whatever the level" in level and "too small where the level is high" in level
    between = w.unreliable_se_words(s.DIFFERS_BETWEEN_GROUPS, "age", ("Diet",))
    assert "level of Diet" in between and "varIdent" in between
    assert "values are 0 or below" in w.no_log_reason(positive=False)
    assert "logarithms already" in w.no_log_reason(positive=True)


def _diagnostics(pattern: str, remedy: str, log: s.LogScale | None = None, positive: bool = True) -> object:
    from types import SimpleNamespace

    return SimpleNamespace(
        spread_by_time=_by_time(0.001 if pattern != s.CONSTANT else 0.5, power=1.0),
        spread_by_covariate={},
        spread_pattern=pattern,
        spread_remedy=remedy,
        spread_log=log,
        funnel_rho=0.1,
        funnel_p=0.5,
        positive_response=positive,
    )


LABELS = Labels("Weight", "g", "Age", "week", "Plant")


def _text(sentences: list[tuple[object, ...]]) -> str:
    return " ".join("".join(p if isinstance(p, str) else "#" for p in sentence) for sentence in sentences)


def test_the_sentences_offer_log_only_when_the_rule_does() -> None:
    log = s.log_scale_of(0.1, "random_slope", _by_time(0.5), s.CONSTANT, applied=False)
    offered = _text(w.spread_sentences(_diagnostics(s.GROWS_WITH_LEVEL, s.LOG, log), LABELS))  # type: ignore[arg-type]
    assert "--log-response" in offered and "weight is multiplied by # per week" in offered
    assert "the spread is steady" in offered
    refused = _text(w.spread_sentences(_diagnostics(s.GROWS_WITH_LEVEL, s.UNRELIABLE_SE), LABELS))  # type: ignore[arg-type]
    assert "--log-response" not in refused and "logarithms already" in refused
    constant = _text(w.spread_sentences(_diagnostics(s.CONSTANT, s.NO_REMEDY), LABELS))  # type: ignore[arg-type]
    assert "stays about the same" in constant and "log" not in constant and "unreliable" not in constant


def test_a_ratio_per_unit_is_said_only_of_a_straight_log_trend() -> None:
    # Statistician review: Rabbit's curved log model printed "multiplied by 182.3175 per unit of
    # dose" (exp of a spline column); a curve is said over the observed range, its shape named.
    assert w.per_unit_ratio_holds("linear", None)
    assert not w.per_unit_ratio_holds("spline2", 19.7)
    line = _log(np.log(1.0154))
    said = _text([w.log_ratio_sentence(line, LABELS)])
    assert "weight is multiplied by # per week on average (a change of # per week)" in said
    assert "curve" not in said
    curve = _log(np.log(1.0154), "spline2", np.log(19.7))
    said = _text([w.log_ratio_sentence(curve, LABELS)])
    assert "per week on average" not in said and "no single ratio per week" in said
    assert "natural cubic spline in age with 2 degrees of freedom" in said
    assert "over the observed range of age" in said and "multiplies weight by #" in said
    keys = [p.path for p in w.log_ratio_sentence(curve, LABELS) if not isinstance(p, str)]  # type: ignore[union-attr]
    assert keys == [("diagnostics", "spread_log", "range_ratio")]


def test_the_verdict_names_the_pattern() -> None:
    assert rules.spread_problem(s.GROWS_WITH_TIME, "age") == "a spread that grows with age"
    assert rules.spread_problem(s.GROWS_WITH_LEVEL) == "a spread that grows with the level"
    assert rules.spread_problem("grows") == "a spread that grows"  # the older codes
