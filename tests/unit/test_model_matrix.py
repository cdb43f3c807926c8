"""Design matrices (formulaic) and the general engine's API: names, coding, type-III contrasts,
invariances that follow from the model, the convergence check, and errors."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis import lmm
from reportgen.analysis.inference import type3_anova
from reportgen.analysis.lmm import GRADIENT_TOL, fit_exact, fit_lmm
from reportgen.analysis.mixed import fit_mixed, fit_model
from reportgen.analysis.model_comparison import compare_models
from reportgen.analysis.model_matrix import build_model_matrix
from reportgen.errors import DataValueError, ModelError
from tests.support.simulate import LIKE_SLEEPSTUDY, simulate


def frame_with_covariates(seed: int = 3, groups: int = 24) -> pd.DataFrame:
    frame = simulate(seed, groups, 8, balanced=False, **LIKE_SLEEPSTUDY)
    rng = np.random.default_rng(seed)
    codes = frame["group"].to_numpy() % 3
    return frame.assign(
        # "b" appears first in the data; the reference must still be "a" (sorted order).
        arm=np.array(["b", "a", "c"])[codes],
        sex=np.where(frame["group"].to_numpy() % 2 == 0, "M", "F"),
        weight=rng.normal(70, 10, size=len(frame)),
    )


def test_names_terms_and_coding_follow_r() -> None:
    frame = frame_with_covariates()
    design = build_model_matrix(frame, covariates=("arm", "weight"), quadratic=True)
    assert design.names == (
        "(Intercept)",
        "time",
        "I(time^2)",
        "armb",
        "armc",
        "weight",
        "time:armb",
        "time:armc",
        "time:weight",
    )
    assert design.terms == ("(Intercept)", "time", "I(time^2)", "arm", "weight", "time:arm", "time:weight")
    assert design.assign == (0, 1, 2, 3, 3, 4, 5, 5, 6)
    assert design.levels == {"arm": ("a", "b", "c")}
    t = frame["time"].to_numpy()
    is_b = (frame["arm"] == "b").to_numpy(float)
    x = design.X
    assert np.array_equal(x[:, 0], np.ones(len(frame)))
    assert np.allclose(x[:, 2], t**2)
    assert np.array_equal(x[:, 3], is_b)
    assert np.allclose(x[:, 6], t * is_b)
    assert np.allclose(x[:, 8], t * frame["weight"].to_numpy())


def test_without_interactions_and_with_odd_column_names() -> None:
    frame = frame_with_covariates().rename(columns={"arm": "treatment arm (1`st)", "time": "age [y]"})
    design = build_model_matrix(
        frame, time="age [y]", covariates=("treatment arm (1`st)",), interactions=False
    )
    assert design.names == ("(Intercept)", "age [y]", "treatment arm (1`st)b", "treatment arm (1`st)c")
    assert design.terms == ("(Intercept)", "age [y]", "treatment arm (1`st)")
    fit = fit_model(frame, design, random=2)
    assert fit.slope is fit.coefficients["age [y]"]
    assert set(type3_anova(fit)) == {"age [y]", "treatment arm (1`st)"}


def test_covariate_errors_are_clear() -> None:
    frame = frame_with_covariates()
    with pytest.raises(DataValueError, match="'sex' has a single value"):
        build_model_matrix(frame.assign(sex="F"), covariates=("sex",))
    broken = frame.assign(weight=frame["weight"].where(frame.index != 3))
    with pytest.raises(DataValueError, match="'weight' has missing values"):
        build_model_matrix(broken, covariates=("weight",))


def test_type3_contrasts_are_the_sas_ones() -> None:
    """With treatment coding, type III tests time at the average of the levels' slopes and the
    covariate's main effect at time 0; a numeric covariate contains nothing and is contained in nothing."""
    frame = frame_with_covariates()
    design = build_model_matrix(frame, covariates=("arm", "weight"))
    assert design.containment() == {
        "time": ("time:arm",),
        "arm": (),
        "weight": (),
        "time:arm": (),
        "time:weight": (),
    }
    contrasts = design.type3
    names = design.names
    time_row = dict(zip(names, contrasts["time"][0], strict=True))
    # Average slope over the three arms: time + (time:armb + time:armc) / 3.
    assert time_row == pytest.approx(
        {n: 0.0 for n in names} | {"time": 1, "time:armb": 1 / 3, "time:armc": 1 / 3}
    )
    unit = np.eye(len(names))
    assert contrasts["arm"] == pytest.approx(unit[[names.index("armb"), names.index("armc")]])
    assert contrasts["time:weight"] == pytest.approx(unit[[names.index("time:weight")]])


def test_slope_by_level_is_a_contrast_with_its_own_df() -> None:
    frame = frame_with_covariates()
    design = build_model_matrix(frame, covariates=("sex",))
    fit = fit_model(frame, design, random=2)
    weights = np.zeros(len(design.names))
    weights[design.names.index("time")] = 1.0
    weights[design.names.index("time:sexM")] = 1.0
    male = fit.contrast(weights)
    assert male.estimate == pytest.approx(fit.beta[1] + fit.beta[design.names.index("time:sexM")])
    assert male.se == pytest.approx(math.sqrt(weights @ fit.beta_cov @ weights))
    assert 1 < male.df < len(fit.groups)


def test_time_units_change_nothing_but_the_reml_constant() -> None:
    frame = simulate(4, 30, 8, balanced=False, **LIKE_SLEEPSTUDY)
    fit = fit_mixed(frame, random_slope=True)
    other = fit_mixed(frame.assign(time=frame["time"] * 1000.0 + 2000.0), random_slope=True)
    assert other.slope.estimate * 1000 == pytest.approx(fit.slope.estimate, rel=1e-7)
    assert other.slope.stat == pytest.approx(fit.slope.stat, rel=1e-7)
    assert other.slope.df == pytest.approx(fit.slope.df, rel=1e-5)
    # X = [1, 1000 t + 2000] = [1, t] W with det W = 1000: log|X'V^-1 X| grows by 2 log 1000.
    assert other.criterion - fit.criterion == pytest.approx(2 * math.log(1000.0), abs=1e-6)
    assert other.converged and fit.converged and other.warnings == ()


def test_diagonal_covariance_is_not_invariant_to_shifting_time() -> None:
    frame = simulate(6, 30, 8, balanced=False, **LIKE_SLEEPSTUDY)
    shifted = frame.assign(time=frame["time"] + 5.0)
    design, design_shifted = build_model_matrix(frame), build_model_matrix(shifted)
    unstructured = [
        fit_model(f, d, random=2).criterion for f, d in ((frame, design), (shifted, design_shifted))
    ]
    diagonal = [
        fit_model(f, d, random=2, covariance="diagonal")
        for f, d in ((frame, design), (shifted, design_shifted))
    ]
    assert unstructured[0] == pytest.approx(unstructured[1], abs=1e-6)
    assert abs(diagonal[0].criterion - diagonal[1].criterion) > 1e-3
    fit = diagonal[0]
    assert fit.covariance == "diagonal" and fit.corr is None and fit.re_cov[0, 1] == 0.0
    assert len(fit.theta) == 2 and fit.n_params == 2 + 2 + 1


def test_fitted_values_are_fixed_plus_random_parts() -> None:
    frame = frame_with_covariates()
    design = build_model_matrix(frame, covariates=("sex",), quadratic=True)
    fit = fit_model(frame, design, random=3)
    z, names = design.random_columns(3, frame)
    rows = [fit.groups.index(str(g)) for g in frame["group"]]
    assert names == ("(Intercept)", "time", "I(time^2)")
    expected = design.X @ fit.beta + np.einsum("nk,nk->n", z, fit.random_effects[rows])
    assert fit.fitted == pytest.approx(expected)
    assert fit.random_effects_cov.shape == (len(fit.groups), 3, 3)


def test_the_convergence_check_flags_a_point_that_is_not_the_optimum() -> None:
    frame = simulate(7, 30, 8, **LIKE_SLEEPSTUDY)
    fit = fit_exact(frame["response"], frame["time"], frame["group"], random_slope=True)
    assert fit.converged and fit.gradient_norm < GRADIENT_TOL
    t = frame["time"].to_numpy(float)
    x = np.column_stack([np.ones_like(t), t])
    labels, codes = lmm._factorize(frame["group"])
    problem = lmm._prepare(frame["response"].to_numpy(float), x, x, codes, len(labels), False)
    objective = lmm._Objective(problem, True, lmm._tri_index(2, False))
    optimum, _, _, at_optimum = lmm._optimize(objective)
    assert at_optimum < GRADIENT_TOL
    # lme4's check (before any polish) at a point 5% away from the optimum.
    away = optimum * 1.05
    _, grad = objective(away)
    assert lmm._scaled_gradient(grad, objective.hessian(away, [0, 1, 2], grad)) > GRADIENT_TOL


def test_engine_and_shape_errors() -> None:
    frame = frame_with_covariates()
    design = build_model_matrix(frame)
    with pytest.raises(ModelError, match="unstructured"):
        fit_model(frame, design, random=2, covariance="diagonal", engine="statsmodels")
    with pytest.raises(ModelError, match="1, 2 or 3"):
        fit_model(frame, design, random=4)
    y, t = frame["response"].to_numpy(), frame["time"].to_numpy()
    with pytest.raises(ValueError, match="1 to 3"):
        fit_lmm(
            y,
            np.ones((len(y), 1)),
            np.ones((len(y), 4)),
            frame["group"],
            fixed_names=["a"],
            random_names="abcd",
        )
    with pytest.raises(ValueError, match="covariance"):
        fit_lmm(
            y,
            np.ones((len(y), 1)),
            t,
            frame["group"],
            fixed_names=["a"],
            random_names=["t"],
            covariance="full",
        )


def test_statsmodels_engine_reaches_the_same_tests() -> None:
    frame = frame_with_covariates(groups=40)
    design = build_model_matrix(frame, covariates=("sex",))
    exact = fit_model(frame, design, random=2)
    other = fit_model(frame, design, random=2, engine="statsmodels")
    assert other.criterion == pytest.approx(exact.criterion, rel=1e-6)
    for name in design.names:
        assert other.coefficients[name].df == pytest.approx(exact.coefficients[name].df, rel=1e-2)
    assert type3_anova(other)["time:sex"].F == pytest.approx(type3_anova(exact)["time:sex"].F, rel=1e-3)


def test_random_slope_comparison_counts_the_parameters_it_adds() -> None:
    """(t | g) adds a variance and a covariance (2 df), (t || g) a variance only (1 df, boundary p halved)."""
    frame = simulate(8, 30, 8, balanced=False, **LIKE_SLEEPSTUDY)
    design = build_model_matrix(frame)
    ri = fit_model(frame, design, random=1, reml=False)
    correlated = compare_models(ri, fit_model(frame, design, random=2, reml=False))
    diagonal = compare_models(ri, fit_model(frame, design, random=2, reml=False, covariance="diagonal"))
    assert (correlated.lrt_df, diagonal.lrt_df) == (2, 1)
    assert diagonal.lrt_p_boundary == pytest.approx(diagonal.lrt_p / 2)
    assert correlated.lrt_p_boundary < correlated.lrt_p


def test_random_effects_read_at_another_time_origin() -> None:
    """Correlated random effects are the same model whatever origin their time is read from (only
    the intercept variance and the correlation move); uncorrelated ones are a different model."""
    frame = simulate(9, 30, 8, balanced=False, **LIKE_SLEEPSTUDY)
    design = build_model_matrix(frame)
    base = fit_model(frame, design, random=3)
    shifted = fit_model(frame, design, random=3, time_origin=4.5)
    assert shifted.criterion == pytest.approx(base.criterion, abs=1e-6)
    assert shifted.beta == pytest.approx(base.beta, rel=1e-7)
    assert shifted.slope.df == pytest.approx(base.slope.df, rel=1e-4)
    assert shifted.slope_var != pytest.approx(base.slope_var, rel=1e-3)  # slope variance at t0 = 4.5
    diagonal = [fit_model(frame, design, random=2, covariance="diagonal", time_origin=o) for o in (0.0, 4.5)]
    assert abs(diagonal[0].criterion - diagonal[1].criterion) > 1e-3


@pytest.mark.parametrize("quadratic", [False, True])
def test_designs_without_covariates_match_formulaic(quadratic: bool) -> None:
    # Models without covariates skip formulaic (its import costs more than a small study's fits):
    # every field must be what the formula would give.
    from dataclasses import fields

    from reportgen.analysis.model_matrix import _formula_matrix

    frame = pd.DataFrame({"Days": np.tile(np.arange(10.0), 3) - 2.5})
    fast = build_model_matrix(frame, time="Days", quadratic=quadratic)
    formula = _formula_matrix(frame, "Days", (), quadratic, True)
    for field in fields(fast):
        if field.name == "spec":  # formulaic's own spec (None without it): their rows must agree
            np.testing.assert_allclose(fast.rows(frame.iloc[:4]), formula.rows(frame.iloc[:4]))
            continue
        a, b = getattr(fast, field.name), getattr(formula, field.name)
        if isinstance(a, np.ndarray):
            np.testing.assert_array_equal(a, b, err_msg=field.name)
        else:
            assert a == b, field.name
    assert fast.type3.keys() == formula.type3.keys()
