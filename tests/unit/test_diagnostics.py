"""Diagnostics, influence, within-subject correlation and design: each check flips when the data flip."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.describe import observation_design, within_correlation
from reportgen.analysis.diagnostics import diagnose, outlier_tail_p, rank_trends
from reportgen.analysis.influence import APPROXIMATE, EXACT, deletion_slopes, subject_influence
from reportgen.analysis.mixed import fit_mixed
from reportgen.analysis.pairs import eligible, rests_on_one_value
from reportgen.narrative import rules as n
from tests.support.corpus import simulate


def _checks(frame: pd.DataFrame) -> dict[str, object]:
    fit = fit_mixed(frame, random_slope=True)
    d = diagnose(fit, frame)
    return {
        "spread": n.spread_trend(d.funnel_rho, d.funnel_p),
        "curved": n.curvature_verdict(d.curvature_p, d.curvature_size),
        "serial": n.serial_verdict(d.serial_corr, d.serial_p, d.serial_expected, d.serial_expected_p)
        == n.ABOVE,
        "diagnostics": d,
    }


def test_a_funnel_is_found_and_a_constant_spread_is_not() -> None:
    assert _checks(simulate(2, curvature=1.0, fanning=True, groups=40))["spread"] == n.GROWS
    assert _checks(simulate(1))["spread"] == n.CONSTANT


def test_curvature_is_found_and_a_straight_trend_passes() -> None:
    assert _checks(simulate(7, curvature=0.5))["curved"] is True
    assert _checks(simulate(7))["curved"] is False


def test_serial_correlation_is_found_and_independent_errors_pass() -> None:
    assert _checks(simulate(5, serial=0.8, times=10))["serial"] is True
    assert _checks(simulate(5, times=10))["serial"] is False


def test_residual_smooth_follows_the_bend() -> None:
    smooth = _checks(simulate(7, curvature=0.5))["diagnostics"].smooth  # type: ignore[attr-defined]
    mean = np.asarray(smooth.mean)
    assert len(smooth.time) == 8
    assert mean[0] > 0 and mean[-1] > 0 and mean[len(mean) // 2] < 0  # a U left in the residuals


def test_rank_trend_p_value_follows_n() -> None:
    rng = np.random.default_rng(0)
    x = rng.normal(size=600)
    y = 0.25 * x + rng.normal(size=600)
    (many,), (few,) = rank_trends(y, x), rank_trends(y[:20], x[:20])
    assert many.p < 1e-4 and few.p > many.p
    from scipy.stats import spearmanr

    reference = spearmanr(y, x)
    assert many.rho == pytest.approx(reference.statistic, abs=1e-12)
    assert many.p == pytest.approx(reference.pvalue, rel=1e-6)


def test_outlier_tail_probability() -> None:
    from scipy.stats import poisson

    assert outlier_tail_p(3, 0.49) == pytest.approx(poisson.sf(2, 0.49), rel=1e-9)
    assert outlier_tail_p(0, 1.5) == 1.0


def test_within_correlation_matches_pingouin_rm_corr() -> None:
    pingouin = pytest.importorskip("pingouin")
    for frame in (simulate(1), simulate(3, dropout=True), simulate(4, different_times=True)):
        ours = within_correlation(frame)
        with warnings.catch_warnings():
            # pingouin 0.7 calls DataFrame.rename(inplace=True), deprecated in pandas 3.1.
            warnings.filterwarnings("ignore", message="The inplace keyword", category=Warning)
            theirs = pingouin.rm_corr(frame, x="time", y="response", subject="group")
        assert ours.r == pytest.approx(float(theirs["r"].iloc[0]), abs=1e-10)
        assert ours.df == int(theirs["dof"].iloc[0])
        assert ours.p == pytest.approx(float(theirs["pval"].iloc[0]), rel=1e-6)


def test_within_correlation_sees_through_a_simpson_reversal() -> None:
    """Every subject rises with time, but later-starting subjects start lower: pooled r < 0."""
    rows = [
        {
            "response": 100 - 12 * g + 2.0 * t + 0.3 * ((t * 7 + g) % 3),
            "time": float(t + 3 * g),
            "group": f"s{g}",
        }
        for g in range(6)
        for t in range(5)
    ]
    frame = pd.DataFrame(rows)
    pooled = frame["time"].corr(frame["response"])
    within = within_correlation(frame).r
    assert pooled < 0 < within
    assert n.correlation_agreement(pooled, within) == "opposite"


def test_design_balanced_dropout_and_different_times() -> None:
    balanced = observation_design(simulate(1))
    assert balanced.balanced and balanced.dropouts == 0
    dropout = observation_design(simulate(3, dropout=True))
    assert dropout.dropouts == dropout.shorter == 10 and not dropout.balanced
    assert sum(dropout.dropout_times.values()) == 10
    different = observation_design(simulate(4, different_times=True))
    assert not different.shared_times and different.shorter == 0 and different.dropouts == 0


def test_influence_exact_finds_a_planted_influential_subject() -> None:
    frame = simulate(11, groups=12)
    # One subject with a steep slope pulls the average slope up.
    steep = frame["group"] == "p03"
    frame.loc[steep, "response"] += 6.0 * frame.loc[steep, "time"]
    fit = fit_mixed(frame, random_slope=True)
    result = subject_influence(fit, frame)
    assert result.method == EXACT
    assert result.most_influential == "p03"
    assert result.slope_change < 0  # without it the slope falls
    assert result.slope_without == pytest.approx(fit.slope.estimate + result.slope_change)
    assert not result.changes_conclusion  # 11 other subjects still rise clearly


def test_influence_flags_a_subject_that_flips_the_sign() -> None:
    """A flat study whose small positive (not significant) slope comes from one subject."""
    frame = simulate(12, groups=10, sd_slope=0.2)
    frame["response"] -= 3.0 * frame["time"]  # true average slope 0
    lifted = frame["group"] == "p00"
    frame.loc[lifted, "response"] += 2.0 * frame.loc[lifted, "time"]
    fit = fit_mixed(frame, random_slope=True)
    result = subject_influence(fit, frame)
    assert result.most_influential == "p00"
    assert fit.slope.estimate > 0 > result.slope_without
    # The slope is not significant with or without p00 (p about 0.46): the flip is quiet and
    # changes no conclusion (Pixel's dog 4, review finding 7).
    assert fit.slope.p >= 0.05 and not result.significance_changers
    assert result.quiet_sign_changers[0] == "p00" and not result.sign_changers
    assert not result.changes_conclusion
    # Flip the data: without the lifted subject nothing changes a conclusion... of that kind.
    calm = frame[~lifted]
    assert subject_influence(fit_mixed(calm, random_slope=True), calm).most_influential != "p00"


def test_deletion_formula_approximates_exact_refits() -> None:
    """The approximation used beyond EXACT_LIMIT subjects, validated against exact refits."""
    frame = simulate(13, groups=40)
    fit = fit_mixed(frame, random_slope=True)
    approx = deletion_slopes(fit, frame)
    exact = subject_influence(fit, frame)
    approx_change = {s: approx[s][0] - fit.slope.estimate for s in approx}
    worst_exact = max(exact.slope_changes, key=lambda s: abs(exact.slope_changes[s]))
    worst_approx = max(approx_change, key=lambda s: abs(approx_change[s]))
    assert worst_approx == worst_exact
    for subject, change in exact.slope_changes.items():
        assert approx_change[subject] == pytest.approx(change, abs=0.1 * abs(exact.slope_change) + 1e-3)
    # Forced into approximate mode, the reported most influential subject is refitted exactly.
    forced = subject_influence(fit, frame, exact_limit=10)
    assert forced.method == APPROXIMATE
    assert forced.most_influential == exact.most_influential
    assert forced.slope_change == pytest.approx(exact.slope_change, rel=1e-6)


def test_automatic_picks_skip_short_series_and_notice_one_extreme_value() -> None:
    scores = {"a": 5.0, "b": 1.0, "c": 9.0}
    assert eligible(scores, {"a": 5, "b": 5, "c": 2}) == {"a": 5.0, "b": 1.0}
    t = [0.0, 1.0, 2.0, 3.0, 4.0]
    # Steepest only because of its last value:
    assert rests_on_one_value(t, [0, 1, 2, 3, 30], others=[2.0, 3.0], highest=True) is True
    # Steep at every point:
    assert rests_on_one_value(t, [0, 5, 10, 15, 20], others=[2.0, 3.0], highest=True) is False


def test_smooth_off_zero_counts_means_whose_band_excludes_zero() -> None:
    from reportgen.analysis.diagnostics import Smooth, smooth_off_zero

    level = Smooth(time=(1.0, 2.0, 3.0, 4.0), mean=(0.1, -0.1, 0.05, 0.0), band=(0.5, 0.5, 0.5, 0.5))
    assert smooth_off_zero(level) == (0, 1.0)
    off = Smooth(time=(1.0, 2.0, 3.0, 4.0), mean=(1.0, -1.0, 1.0, 0.0), band=(0.5, 0.5, 0.5, 0.5))
    hits, p = smooth_off_zero(off)
    assert hits == 3 and p == pytest.approx(4 * 0.05**3 * 0.95 + 0.05**4)  # binomial P(X >= 3)
    # A band of 0 (one subject at that time) says nothing: never counted as missing zero.
    assert smooth_off_zero(Smooth(time=(1.0,), mean=(2.0,), band=(0.0,)))[0] == 0


def test_a_curved_model_reads_its_residual_means_by_the_binned_test() -> None:
    # Statistician review: a quadratic model's residuals have no quadratic trend by construction
    # (Rabbit printed "p = 1.000, a bend of 0.000000000000027 residual SDs").
    from dataclasses import replace

    from reportgen.analysis.shape import fit_supported_model
    from reportgen.analysis.time_basis import ShapeComparison

    frame = simulate(7, curvature=0.5)
    choice = fit_supported_model(frame, engine="exact").choice
    as_line = replace(choice, shapes=ShapeComparison(shape="linear", fits={}))
    as_curve = replace(choice, shapes=ShapeComparison(shape="quadratic", fits={}))
    assert diagnose(choice.fit, frame, choice=as_line).residual_means_test == "quadratic"
    d = diagnose(choice.fit, frame, choice=as_curve)  # the flip: a curve, the binned test
    assert d.residual_means_test == "binned" and d.smooth_bins == len(d.smooth.mean) == 8
    assert (d.smooth_off_zero, d.smooth_off_zero_p) == n_off_zero(d.smooth)


def n_off_zero(smooth: object) -> tuple[int, float]:
    from reportgen.analysis.diagnostics import smooth_off_zero

    return smooth_off_zero(smooth)  # type: ignore[arg-type]


def test_the_influence_check_judges_the_slope_test_as_the_model_choice_does() -> None:
    """Ovary without mare 3: chi2 = 5.22, naive p = 0.074 but boundary-corrected p = 0.048 (R):
    the model choice keeps the slopes, so leaving the mare out changes no verdict."""
    from types import SimpleNamespace

    from reportgen.analysis.selection import slopes_kept

    def test(p_boundary: float, singular: bool = False) -> Any:
        return SimpleNamespace(lrt_p=0.074, lrt_p_boundary=p_boundary, singular_rs=singular)

    rs = SimpleNamespace(random_slope=True, residual_var=1.0, re_cov=np.diag([1.0, 0.5]))
    time = np.linspace(0.0, 1.0, 11)
    assert slopes_kept(test(0.048), rs, time)  # type: ignore[arg-type]
    assert not slopes_kept(test(0.052), rs, time)  # type: ignore[arg-type]  # the flip
    assert slopes_kept(test(0.010, singular=True), rs, time)  # type: ignore[arg-type]  # CO2: singular, kept
    flat = SimpleNamespace(random_slope=True, residual_var=1.0, re_cov=np.diag([1.0, 0.0]))
    assert not slopes_kept(test(0.010), flat, time)  # type: ignore[arg-type]  # no slope variance
