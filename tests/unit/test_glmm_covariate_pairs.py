"""The words of two covariates' interaction in a GLMM (issue 21, sixth read: epil's trt x lbase was
never tested or mentioned). Flip the p value, the words flip."""

from __future__ import annotations

from reportgen.narrative.family_covariates import pair_words


def test_no_evidence_keeps_the_model_additive() -> None:
    said = pair_words(0.162, "trt", "lbase", "rate ratio")
    assert said.startswith("no evidence that the rate ratio of trt depends on lbase")
    assert "stays additive in trt and lbase" in said


def test_evidence_makes_the_ratios_averages() -> None:
    said = pair_words(0.01, "trt", "lbase", "rate ratio")
    assert "evidence that the rate ratio of trt depends on lbase" in said and not said.startswith("no")
    assert "averages over lbase" in said and "stays additive" not in said
