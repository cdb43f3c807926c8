"""The sentence of a refused covariate GLMM (issue 21): none when it was fitted; the family's model
and the refusal's reason in words (flip the input, the words flip)."""

from __future__ import annotations

import pytest

from reportgen.analysis.glmm_covariates import CovariateRefusal
from reportgen.narrative.glmm_covariate_refusal import covariate_refusal_sentences, refusal_reason_words


def _text(refusal: CovariateRefusal | None, family: str) -> str:
    return " ".join(
        "".join(p for p in s if isinstance(p, str)) for s in covariate_refusal_sentences(refusal, family)
    )


def test_a_fitted_covariate_glmm_says_nothing() -> None:
    assert covariate_refusal_sentences(None, "binomial") == []


@pytest.mark.parametrize(
    ("family", "model"), [("binomial", "logistic mixed model"), ("poisson", "Poisson mixed model")]
)
def test_the_refusal_names_the_family_s_model_and_the_covariates(family: str, model: str) -> None:
    text = _text(
        CovariateRefusal(("trt", "lbase"), "y ~ period + trt + lbase + (1 | subject)", "not_converged"),
        family,
    )
    assert text.startswith(
        f"The {model} with trt, lbase could not be fitted reliably (its optimizer did not converge)"
    )
    assert "no GLMM section on trt, lbase" in text


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("below_bound", "stopped below the log-likelihood of the same model without random effects"),
        ("not_converged", "did not converge"),
        ("no_finite_deviance", "found no finite deviance"),
    ],
)
def test_each_reason_has_its_words(reason: str, words: str) -> None:
    assert words in refusal_reason_words(reason)
    assert words in _text(CovariateRefusal(("arm",), "", reason), "binomial")
