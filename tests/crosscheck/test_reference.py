"""Correctness: our numbers against lme4's published sleepstudy figures (independent source)."""

from __future__ import annotations

import hashlib
import math
from typing import Any

import pytest

from tests.conftest import REFERENCE_FILE, REPO, SHARED_REFERENCE

FIXED = 1e-4  # relative tolerance for fixed effects and descriptive values
VARIANCE = 1e-3  # relative tolerance for variance components


def test_reference_copy_matches_the_shared_original() -> None:
    if not SHARED_REFERENCE.exists():
        pytest.skip("../shared/reference is not present on this machine")
    assert REFERENCE_FILE.read_bytes() == SHARED_REFERENCE.read_bytes()


def test_bundled_data_is_the_canonical_file(reference: dict[str, Any]) -> None:
    digest = hashlib.sha256((REPO / "data" / "sleepstudy.csv").read_bytes()).hexdigest()
    assert digest == reference["data"]["sha256"]


def test_data_summary(results: dict[str, Any], reference: dict[str, Any]) -> None:
    ref = reference["data"]
    assert results["data"]["sha256"] == ref["sha256"]
    assert results["data"]["rows"] == ref["rows"]
    assert results["data"]["groups"] == ref["subjects"]
    assert results["data"]["removed_rows"] == 0
    d = results["describe"]
    assert d["time_min"] == ref["days_min"]
    assert d["time_max"] == ref["days_max"]
    assert d["response_min"] == pytest.approx(ref["reaction_min"], rel=FIXED)
    assert d["response_max"] == pytest.approx(ref["reaction_max"], rel=FIXED)
    assert d["correlation"] == pytest.approx(reference["descriptive"]["corr_days_reaction"], rel=FIXED)


def test_ols(results: dict[str, Any], reference: dict[str, Any]) -> None:
    assert results["ols"]["intercept"] == pytest.approx(reference["ols"]["intercept"], rel=FIXED)
    assert results["ols"]["slope"] == pytest.approx(reference["ols"]["slope_days"], rel=FIXED)


@pytest.mark.parametrize("subject", ["308", "309"])
def test_per_subject_lines(results: dict[str, Any], reference: dict[str, Any], subject: str) -> None:
    ref = reference["per_subject_polyfit"][subject]
    fit = results["subject_fits"][subject]
    assert fit["slope"] == pytest.approx(ref["slope"], rel=FIXED)
    assert fit["intercept"] == pytest.approx(ref["intercept"], rel=FIXED)


def test_random_intercept_model(results: dict[str, Any], reference: dict[str, Any]) -> None:
    ref, ri = reference["random_intercept_reml"], results["random_intercept"]
    assert ri["converged"] is True
    assert ri["intercept"] == pytest.approx(ref["fixed"]["intercept"], rel=FIXED)
    assert ri["slope"] == pytest.approx(ref["fixed"]["days"], rel=FIXED)
    assert ri["intercept_se"] == pytest.approx(ref["fixed_se"]["intercept"], rel=FIXED)
    assert ri["slope_se"] == pytest.approx(ref["fixed_se"]["days"], rel=FIXED)
    assert ri["group_var"] == pytest.approx(ref["var_subject_intercept"], rel=VARIANCE)
    assert ri["residual_var"] == pytest.approx(ref["var_residual"], rel=VARIANCE)
    assert ri["group_sd"] == pytest.approx(ref["sd_subject_intercept"], rel=VARIANCE)
    assert ri["residual_sd"] == pytest.approx(ref["sd_residual"], rel=VARIANCE)
    # lme4's REML criterion is -2 x the REML log-likelihood (printed to one decimal).
    assert -2 * ri["reml_loglik"] == pytest.approx(ref["reml_criterion"], abs=0.05)


def test_random_effects_cover_every_subject(results: dict[str, Any], reference: dict[str, Any]) -> None:
    effects = results["random_intercept"]["random_effects"]
    assert len(effects) == reference["data"]["subjects"]
    # Predicted random effects average to ~0 for a balanced design.
    assert abs(sum(effects.values())) / len(effects) < 1e-6 * results["random_intercept"]["group_sd"] + 1e-6


@pytest.mark.parametrize("subject", ["371", "337"])
def test_subject_lines_in_mixed_model(
    results: dict[str, Any], reference: dict[str, Any], subject: str
) -> None:
    expected = reference["random_intercept_reml"]["subject_line_intercepts"][subject]
    line = results["random_intercept"]["subject_lines"][subject]
    assert line["intercept"] == pytest.approx(expected, abs=0.005)  # published to 2 decimals
    assert line["slope"] == pytest.approx(reference["random_intercept_reml"]["fixed"]["days"], rel=FIXED)


def test_seminar_pairs_are_used_for_sleepstudy(results: dict[str, Any]) -> None:
    assert (results["subject_pair"]["first"], results["subject_pair"]["second"]) == ("308", "309")
    assert (results["mixed_pair"]["first"], results["mixed_pair"]["second"]) == ("371", "337")
    assert results["subject_pair"]["reason"] == "preset"


def test_random_slope_model(results: dict[str, Any], reference: dict[str, Any]) -> None:
    ref, rs = reference["random_slope_reml"], results["random_slope"]
    assert rs["converged"] is True and rs["singular"] is False
    assert rs["intercept"] == pytest.approx(ref["fixed"]["intercept"], rel=FIXED)
    assert rs["slope"] == pytest.approx(ref["fixed"]["days"], rel=FIXED)
    assert rs["intercept_se"] == pytest.approx(ref["fixed_se"]["intercept"], rel=VARIANCE)
    assert rs["slope_se"] == pytest.approx(ref["fixed_se"]["days"], rel=VARIANCE)
    assert rs["group_var"] == pytest.approx(ref["var_subject_intercept"], rel=VARIANCE)
    assert rs["slope_var"] == pytest.approx(ref["var_subject_days"], rel=VARIANCE)
    assert rs["corr"] == pytest.approx(ref["corr_intercept_days"], abs=1e-3)
    assert rs["residual_var"] == pytest.approx(ref["var_residual"], rel=VARIANCE)
    assert rs["reml_criterion"] == pytest.approx(ref["reml_criterion"], abs=0.05)


def test_model_comparison(results: dict[str, Any], reference: dict[str, Any]) -> None:
    ref, c = reference["ml_comparison"], results["comparison"]
    assert c["loglik_ri"] == pytest.approx(ref["loglik_random_intercept_ml"], abs=1e-3)
    assert c["loglik_rs"] == pytest.approx(ref["loglik_random_slope_ml"], abs=1e-3)
    assert c["lrt_chisq"] == pytest.approx(ref["lrt_chisq"], abs=1e-3)
    assert c["lrt_df"] == ref["lrt_df"]
    assert c["lrt_p"] == pytest.approx(ref["lrt_p"], rel=1e-2)  # published to 3 digits
    assert c["lrt_p_boundary"] < c["lrt_p"]  # the boundary correction makes it smaller (the note)
    # AIC/BIC follow from the log-likelihoods: 4 and 6 parameters, n = 180.
    assert c["aic_ri"] == pytest.approx(-2 * ref["loglik_random_intercept_ml"] + 8, abs=2e-3)
    assert c["bic_rs"] == pytest.approx(-2 * ref["loglik_random_slope_ml"] + 6 * math.log(180), abs=2e-3)


def test_icc_and_r_squared(results: dict[str, Any], reference: dict[str, Any]) -> None:
    ref = reference["random_intercept_reml"]
    icc = ref["var_subject_intercept"] / (ref["var_subject_intercept"] + ref["var_residual"])
    assert results["random_intercept"]["icc"] == pytest.approx(icc, rel=VARIANCE)
    ri, rs = results["random_intercept"], results["random_slope"]
    assert 0 < rs["r2_marginal"] < ri["r2_conditional"] < rs["r2_conditional"] < 1


def test_nakagawa_r_squared_from_published_components(
    results: dict[str, Any], reference: dict[str, Any]
) -> None:
    """R² recomputed by hand from lme4's published variance components (Days are 0..9 for everyone).

    With the population variance (n) the marginal R² is 0.2786 where R gives 0.2799: 0.5% off.
    """
    days = list(range(10))
    mean_t, mean_t2 = sum(days) / 10, sum(d * d for d in days) / 10
    # The sample variance (n - 1 = 179), as R's var(fitted) in MuMIn and performance.
    var_fixed = reference["ols"]["slope_days"] ** 2 * (mean_t2 - mean_t**2) * 180 / 179
    ri = reference["random_intercept_reml"]
    total = var_fixed + ri["var_subject_intercept"] + ri["var_residual"]
    assert results["random_intercept"]["r2_marginal"] == pytest.approx(var_fixed / total, rel=2e-3)
    assert results["random_intercept"]["r2_conditional"] == pytest.approx(
        (var_fixed + ri["var_subject_intercept"]) / total, rel=2e-3
    )
    rs = reference["random_slope_reml"]
    cov = rs["corr_intercept_days"] * rs["sd_subject_intercept"] * rs["sd_subject_days"]
    var_random = rs["var_subject_intercept"] + 2 * cov * mean_t + rs["var_subject_days"] * mean_t2
    total = var_fixed + var_random + rs["var_residual"]
    assert results["random_slope"]["r2_marginal"] == pytest.approx(var_fixed / total, rel=2e-3)
    assert results["random_slope"]["r2_conditional"] == pytest.approx(
        (var_fixed + var_random) / total, rel=2e-3
    )
