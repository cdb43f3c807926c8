"""narrative.model_rules after the statistician's re-check (N1, N4, N7, N8): flip the input,
the words flip."""

from __future__ import annotations

from reportgen.narrative import model_rules as rules


def test_refit_slope_finding_zero_only_when_estimated_at_zero() -> None:
    # CO2: the uncorrelated refit's slope SD is 0.0057 (p = 0.167): not zero, just not supported.
    assert "above zero" in rules.refit_slope_finding(0.0057)
    assert "no slope variance" not in rules.refit_slope_finding(0.0057)
    assert rules.refit_slope_finding(0.0) == "finds no slope variance"
    assert rules.refit_slope_finding(None) == "finds no slope variance"


def test_covariate_note_names_what_the_refit_found() -> None:
    note = rules.covariate_structure_note(
        "random_intercept", "plants", reason="uncorrelated_not_supported", refit_slope_sd=0.0057
    )
    assert "above zero" in note and "no slope variance" not in note
    zero = rules.covariate_structure_note(
        "random_intercept", "plants", reason="uncorrelated_not_supported", refit_slope_sd=0.0
    )
    assert "finds no slope variance" in zero


def test_untrusted_note_keeps_the_test_valid() -> None:
    # The ML likelihood-ratio test is valid at the boundary (lme4: 10.81 on CO2, 8.07 on epil).
    small = rules.untrusted_test_note("uncorrelated_not_supported", 0.010)
    assert "finds evidence for random slopes" in small and "cannot be trusted" not in small
    large = rules.untrusted_test_note("uncorrelated_not_supported", 0.4)
    assert "no evidence" in large
    assert rules.untrusted_test_note("slopes_supported", 0.010) == ""


def test_model_basis_follows_how_the_model_was_chosen() -> None:
    assert rules.model_basis("uncorrelated_not_supported") == "the model the report stands on"
    assert rules.model_basis("slopes_not_supported") == "the model the tests support"


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
