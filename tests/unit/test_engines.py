"""The two mixed-model engines agree, and both are right.

Three layers: lme4's published sleepstudy figures (an independent source) for both engines; a
panel of awkward designs on which the exact engine must match statsmodels or beat it (statsmodels
is known to stop early); and recovery of the parameters of simulated data by the exact engine.
"""

from __future__ import annotations

import functools
import math
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.lmm import MixedFit
from reportgen.analysis.mixed import ENGINES, fit_mixed
from reportgen.errors import ModelError
from tests.conftest import REPO
from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

FIXED = 1e-4  # relative, fixed effects and their standard errors
VARIANCE = 1e-3  # relative, variance components
CORR = 1e-3  # absolute, correlation of random intercepts and slopes
CRITERION = 0.05  # absolute, REML criterion (lme4 prints one decimal)
LOGLIK = 1e-3  # absolute, ML log-likelihoods (printed to 4 decimals)
AGREE = 1e-6  # relative: criteria closer than this are the same optimum
ESTIMATE = 1e-4  # relative (or 1e-4 x the quantity's natural scale) between engines

MODELS = {"random_intercept": False, "random_slope": True}


# --- sleepstudy against lme4's published figures ---------------------------------------------------


@functools.cache
def sleepstudy() -> pd.DataFrame:
    frame = pd.read_csv(REPO / "data" / "sleepstudy.csv")
    frame = frame.rename(columns={"Reaction": "response", "Days": "time", "Subject": "group"})
    return frame.assign(group=frame["group"].astype(str))


@functools.cache
def sleepstudy_fit(engine: str, random_slope: bool, reml: bool) -> MixedFit:
    return fit_mixed(sleepstudy(), random_slope=random_slope, reml=reml, engine=engine)


@pytest.mark.parametrize("engine", ENGINES)
def test_sleepstudy_random_intercept_reml(engine: str, reference: dict[str, Any]) -> None:
    ref, fit = reference["random_intercept_reml"], sleepstudy_fit(engine, False, True)
    assert fit.intercept.estimate == pytest.approx(ref["fixed"]["intercept"], rel=FIXED)
    assert fit.slope.estimate == pytest.approx(ref["fixed"]["days"], rel=FIXED)
    assert fit.intercept.se == pytest.approx(ref["fixed_se"]["intercept"], rel=FIXED)
    assert fit.slope.se == pytest.approx(ref["fixed_se"]["days"], rel=FIXED)
    assert fit.group_var == pytest.approx(ref["var_subject_intercept"], rel=VARIANCE)
    assert math.sqrt(fit.group_var) == pytest.approx(ref["sd_subject_intercept"], rel=VARIANCE)
    assert fit.residual_var == pytest.approx(ref["var_residual"], rel=VARIANCE)
    assert math.sqrt(fit.residual_var) == pytest.approx(ref["sd_residual"], rel=VARIANCE)
    assert fit.criterion == pytest.approx(ref["reml_criterion"], abs=CRITERION)


@pytest.mark.parametrize("engine", ENGINES)
def test_sleepstudy_random_slope_reml(engine: str, reference: dict[str, Any]) -> None:
    ref, fit = reference["random_slope_reml"], sleepstudy_fit(engine, True, True)
    # Published to 3 decimals: allow half a unit in the last place as well.
    published = {"rel": FIXED, "abs": 5e-4}
    assert fit.intercept.estimate == pytest.approx(ref["fixed"]["intercept"], **published)
    assert fit.slope.estimate == pytest.approx(ref["fixed"]["days"], **published)
    assert fit.intercept.se == pytest.approx(ref["fixed_se"]["intercept"], **published)
    assert fit.slope.se == pytest.approx(ref["fixed_se"]["days"], **published)
    assert fit.group_var == pytest.approx(ref["var_subject_intercept"], rel=VARIANCE)
    assert fit.slope_var == pytest.approx(ref["var_subject_days"], rel=VARIANCE)
    assert math.sqrt(fit.group_var) == pytest.approx(ref["sd_subject_intercept"], rel=VARIANCE)
    assert math.sqrt(fit.re_cov[1, 1]) == pytest.approx(ref["sd_subject_days"], rel=VARIANCE)
    assert fit.corr == pytest.approx(ref["corr_intercept_days"], abs=CORR)
    assert fit.residual_var == pytest.approx(ref["var_residual"], rel=VARIANCE)
    assert math.sqrt(fit.residual_var) == pytest.approx(ref["sd_residual"], rel=VARIANCE)
    assert fit.criterion == pytest.approx(ref["reml_criterion"], abs=CRITERION)


@pytest.mark.parametrize("engine", ENGINES)
def test_sleepstudy_ml_comparison(engine: str, reference: dict[str, Any]) -> None:
    ref = reference["ml_comparison"]
    ri, rs = sleepstudy_fit(engine, False, False), sleepstudy_fit(engine, True, False)
    assert ri.loglik == pytest.approx(ref["loglik_random_intercept_ml"], abs=LOGLIK)
    assert rs.loglik == pytest.approx(ref["loglik_random_slope_ml"], abs=LOGLIK)
    assert 2 * (rs.loglik - ri.loglik) == pytest.approx(ref["lrt_chisq"], abs=2 * LOGLIK)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("reml", [True, False], ids=["reml", "ml"])
def test_sleepstudy_exact_fit_is_regular(model: str, reml: bool) -> None:
    fit = sleepstudy_fit("exact", MODELS[model], reml)
    assert fit.converged and fit.optimizers_agree
    assert not fit.singular
    assert fit.warnings == ()


# --- a panel of designs: exact against statsmodels ------------------------------------------------

PANEL: dict[str, dict[str, Any]] = {
    "balanced": {"seed": 1, "groups": 30, "per_group": 10},
    # This one and near_singular (random slopes) once stopped the exact engine at the saddle
    # theta[2] = 0 (correlation +-1) where lme4 and statsmodels find a better interior optimum.
    "unbalanced": {"seed": 2, "groups": 40, "per_group": 12, "balanced": False},
    "string_ids": {"seed": 3, "groups": 25, "per_group": 8, "balanced": False, "string_ids": True},
    "string_ids_balanced": {"seed": 13, "groups": 25, "per_group": 8, "string_ids": True},
    "days_1_to_64": {"seed": 4, "groups": 20, "per_group": 64, "time_offset": 1.0, "balanced": False},
    "time_x1000_plus_2000": {
        "seed": 5,
        "groups": 30,
        "per_group": 10,
        "time_scale": 1000.0,
        "time_offset": 2000.0,
        "slope": 0.01,
        "sd_slope": 0.006,
        "balanced": False,
    },
    "near_singular": {"seed": 6, "groups": 20, "per_group": 10, "sd_slope": 0.05},
    "two_groups": {"seed": 7, "groups": 2, "per_group": 10},
    # statsmodels takes ~5 s (intercept) and ~9 s (slope) here, against 0.1-0.2 s for the exact
    # engine. Its cost grows with the number of groups, not rows: 5 or 4 observations per group
    # are no faster, so the case keeps 10.
    "2000_groups": {"seed": 8, "groups": 2000, "per_group": 10, "balanced": False},
}


@functools.cache
def panel_frame(case: str) -> pd.DataFrame:
    spec = {**LIKE_SLEEPSTUDY, **PANEL[case]}
    return simulate(spec.pop("seed"), spec.pop("groups"), spec.pop("per_group"), **spec)


def assert_same_estimates(a: MixedFit, b: MixedFit, frame: pd.DataFrame) -> None:
    """Equal to ESTIMATE relative, or ESTIMATE x the natural scale of each quantity (near 0)."""
    y_sd, t_sd = float(frame["response"].std()), float(frame["time"].std())
    units = np.array([y_sd, y_sd / t_sd])  # an intercept, a slope
    q = 2 if a.random_slope else 1

    def close(x: Any, y: Any, scale: float) -> None:
        assert x == pytest.approx(y, rel=ESTIMATE, abs=ESTIMATE * scale)

    close(a.intercept.estimate, b.intercept.estimate, units[0])
    close(a.slope.estimate, b.slope.estimate, units[1])
    # Not the fixed effects' standard errors: statsmodels inverts the observed information of all
    # parameters, lme4 and the exact engine use sigma^2 (X'V^-1 X)^-1; they differ by ~2% when
    # unbalanced (test_lme4.py checks the exact engine's against lme4's vcov()).
    close(a.residual_var, b.residual_var, y_sd**2)
    for i in range(q):
        for j in range(q):
            close(a.re_cov[i, j], b.re_cov[i, j], units[i] * units[j])
    assert sorted(a.groups) == sorted(b.groups)
    other = dict(zip(b.groups, b.random_effects, strict=True))
    aligned = np.array([other[g] for g in a.groups])
    for k in range(q):
        close(a.random_effects[:, k], aligned[:, k], units[k])


@pytest.mark.parametrize(
    ("case", "model"),
    [
        # 2000 groups take statsmodels ~15 s: out of the fast loop (`-m "not slow"`), in the full run
        pytest.param(c, m, id=f"{c}-{m}", marks=[pytest.mark.slow] if c == "2000_groups" else [])
        for c in PANEL
        for m in MODELS
    ],
)
def test_engines_agree_or_exact_is_better(case: str, model: str, record_property: Any) -> None:
    """Same optimum and the same estimates, or a better criterion for the exact engine (recorded)."""
    frame = panel_frame(case)
    exact = fit_mixed(frame, random_slope=MODELS[model], engine="exact")
    other = fit_mixed(frame, random_slope=MODELS[model], engine="statsmodels")
    gap = (other.criterion - exact.criterion) / abs(exact.criterion)
    better = "same" if abs(gap) <= AGREE else ("exact" if gap > 0 else "statsmodels")
    record_property("criterion_exact", exact.criterion)
    record_property("criterion_statsmodels", other.criterion)
    record_property("better", better)
    print(f"{case}-{model}: exact {exact.criterion:.8f} statsmodels {other.criterion:.8f} ({better})")
    assert better != "statsmodels", (
        f"statsmodels' criterion {other.criterion:.8f} beats the exact engine's {exact.criterion:.8f}"
    )
    if better == "same":
        assert_same_estimates(exact, other, frame)


# --- simulation: the exact engine recovers the truth ----------------------------------------------

RECOVERY_GROUPS, RECOVERY_PER_GROUP = 200, 10


def _design_noise(frame: pd.DataFrame, sd_residual: float) -> tuple[float, float]:
    """Mean sampling variance of one group's own intercept (at time 0) and slope, from its data."""
    by = frame.groupby("group")["time"]
    n, tbar = by.size().to_numpy(float), by.mean().to_numpy()
    stt = by.var(ddof=0).to_numpy() * n
    var = sd_residual**2
    return float(np.mean(var * (1 / n + tbar**2 / stt))), float(np.mean(var / stt))


@pytest.mark.parametrize("balanced", [True, False], ids=["balanced", "unbalanced"])
@pytest.mark.parametrize("seed", [11, 12, 13])
def test_exact_recovers_simulated_random_slopes(seed: int, balanced: bool) -> None:
    p, groups = LIKE_SLEEPSTUDY, RECOVERY_GROUPS
    frame = simulate(seed, groups, RECOVERY_PER_GROUP, balanced=balanced, **p)
    fit = fit_mixed(frame, random_slope=True)
    assert fit.converged and fit.optimizers_agree and not fit.singular

    assert abs(fit.intercept.estimate - p["intercept"]) <= 4 * fit.intercept.se
    assert abs(fit.slope.estimate - p["slope"]) <= 4 * fit.slope.se
    # Variance components: within 4 approximate sampling SDs, (true + noise) * sqrt(2 / (G - 1)).
    noise0, noise1 = _design_noise(frame, p["sd_residual"])
    v0, v1 = p["sd_intercept"] ** 2, p["sd_slope"] ** 2
    c01 = p["corr"] * p["sd_intercept"] * p["sd_slope"]
    spread = math.sqrt(2 / (groups - 1))
    assert abs(fit.re_cov[0, 0] - v0) <= 4 * (v0 + noise0) * spread
    assert abs(fit.re_cov[1, 1] - v1) <= 4 * (v1 + noise1) * spread
    cov_sd = math.sqrt(((v0 + noise0) * (v1 + noise1) + c01**2) / (groups - 1))
    assert abs(fit.re_cov[0, 1] - c01) <= 4 * cov_sd
    resid_dof = fit.n_obs - 2 * groups
    assert abs(fit.residual_var - p["sd_residual"] ** 2) <= 4 * p["sd_residual"] ** 2 * math.sqrt(
        2 / resid_dof
    )


@pytest.mark.parametrize("balanced", [True, False], ids=["balanced", "unbalanced"])
@pytest.mark.parametrize("seed", [21, 22])
def test_exact_recovers_simulated_random_intercepts(seed: int, balanced: bool) -> None:
    p = {**LIKE_SLEEPSTUDY, "sd_slope": 0.0, "corr": 0.0}
    groups = RECOVERY_GROUPS
    frame = simulate(seed, groups, RECOVERY_PER_GROUP, balanced=balanced, **p)
    fit = fit_mixed(frame, random_slope=False)
    assert fit.converged and fit.optimizers_agree and not fit.singular
    assert abs(fit.intercept.estimate - p["intercept"]) <= 4 * fit.intercept.se
    assert abs(fit.slope.estimate - p["slope"]) <= 4 * fit.slope.se
    v0, noise0 = p["sd_intercept"] ** 2, float(np.mean(p["sd_residual"] ** 2 / frame.groupby("group").size()))
    assert abs(fit.group_var - v0) <= 4 * (v0 + noise0) * math.sqrt(2 / (groups - 1))
    resid_dof = fit.n_obs - groups
    sigma2 = p["sd_residual"] ** 2
    assert abs(fit.residual_var - sigma2) <= 4 * sigma2 * math.sqrt(2 / resid_dof)


# --- singular fits ---------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_singular_without_slope_variance(seed: int) -> None:
    """sd_slope = 0 with 4 groups: the slope variance (or the 2x2 covariance) is estimated on its boundary.

    With no slope variance a boundary estimate is likely, not certain (9 of seeds 0-11 here);
    these seeds give one, and statsmodels finds nothing better, so the boundary is the optimum.
    """
    frame = simulate(seed, 4, 10, **{**LIKE_SLEEPSTUDY, "sd_slope": 0.0, "corr": 0.0})
    fit = fit_mixed(frame, random_slope=True)
    assert fit.singular
    assert any("singular" in note for note in fit.warnings)
    try:
        other = fit_mixed(frame, random_slope=True, engine="statsmodels")
    except ModelError:
        return
    assert fit.criterion <= other.criterion * (1 + AGREE)
