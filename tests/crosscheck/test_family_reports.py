"""The reports of the binary study and the seizure counts read as GLMM reports (built whole)."""

from __future__ import annotations

import pytest

from tests.crosscheck.test_reviewed_reports import built

pytestmark = pytest.mark.slow


def test_binary_study_is_fitted_as_binomial_and_read_in_odds() -> None:
    results, text = built("binary")
    assert results["family"] == {
        "name": "binomial",
        "reason": "auto_binary",
        "kind": "binary",
        "coded_from": None,
    }
    glmm = results["glmm"]
    assert glmm["fits"]["random_intercept"]["formula"] == "y ~ visit + (1 | id)"
    assert 0 < glmm["first"]["value"] < glmm["last"]["value"] < 1  # probabilities, rising
    assert "generalized linear mixed model with a binomial family and logit link" in text
    assert "The odds ratio per visit is" in text and "the odds rise with each visit" in text
    assert "As a binary response it is described by its share of 1s" in text  # Q1
    assert "logistic regression, one for every row alike" in text  # Q3
    assert "On the latent (logistic) scale" in text
    assert "Going further 3: random slopes" not in text and "residual diagnostics are left out" in text
    assert "The response y takes two values only" in text and "The y " not in text
    assert "rests on one extreme observation" not in text  # every 0/1 value is an extreme
    assert (
        "fitted values of the linear random-intercept model (the random effects the linear models' own"
        in text
    )


def test_seizure_counts_are_fitted_as_poisson_with_overdispersion_remedied() -> None:
    results, text = built("epil")
    assert results["family"]["name"] == "poisson"
    glmm = results["glmm"]
    assert glmm["overdispersion"]["overdispersed"] and glmm["overdispersion"]["remedy"] == "observation_level"
    # The structure choice is redone with (1 | obs) in both models, and the words report that test.
    assert glmm["model"] == "random_intercept" and glmm["chosen"] == "random_intercept_observation_level"
    assert "chosen with an observation-level random effect (1 | obs) in both models compared" in text
    assert "chosen again with an observation-level random effect (1 | obs) in both models" in text
    assert "The rate ratio per period is" in text
    # Linear models are approximations here: no "stands on" for them, no pointer to a section left out.
    assert "model the report stands on stay" not in text and "(Going further: random slopes)" not in text
    assert "fitted values of the linear random-slope model (the random effects the linear models' own" in text
    # Whole-number data print whole (Table 2, the histogram's alt text); one skewness estimator.
    # The percentiles of counts are counts (R: quantile(epil$y, c(.05, .95), type = 1) gives 0 and 26;
    # review E read "between 0 and 25.25").
    assert "the middle 90% between 0 and 26" in text and " y 0 102 " in text
    assert results["describe"]["response_skew"] == results["outcome"]["skewness"]
    assert "For a typical subject (random effects 0)" in text and "The response y looks like a count" in text
    assert "As counts: mean" in text and "of the counts are 0" in text  # Q1
    assert "Poisson regression, one for every row alike" in text  # Q3
    assert "the next section fits it" in text  # the outcome section says which model is fitted
