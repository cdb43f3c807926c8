"""The GLMM covariate section's rules (reportgen.narrative.family_covariates), its delta-method
comparison (reportgen.analysis.glmm_covariate_effects), and the GLMM report's title, warnings and
email blocks: flip the input, the words flip."""

from __future__ import annotations

import math

import numpy as np
import pytest

from reportgen.analysis.glmm_covariate_effects import covariate_effect, level_at_time
from reportgen.analysis.glmm_fit import GlmmFit, wald_term
from reportgen.config import Labels, default_title
from reportgen.mail.folders import BLOCKS, GLMM_BLOCKS, blocks_for
from reportgen.narrative.family import report_title, warning_words
from reportgen.narrative.family_covariates import (
    higher_words,
    level_name,
    ratio_over_time_words,
    where_clear_words,
)
from reportgen.sections import SECTIONS, sections_for

LABELS = Labels("y", "", "visit", "", "id")


def _fit(family: str, fixed: dict[str, float], vcov: np.ndarray) -> GlmmFit:
    terms = {name: wald_term(value, math.sqrt(vcov[i, i])) for i, (name, value) in enumerate(fixed.items())}
    return GlmmFit(
        "covariates", "y ~ visit + arm + (1 | id)", family, "Laplace", -200.0, 4,
        terms, {"(Intercept)": 1.0}, None, False, True, 360, 60, 300.0, 356, vcov=vcov,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("low", "high", "words"),
    [
        (0.02, 0.30, "higher at arm = drug"),
        (-0.30, -0.02, "higher at arm = placebo"),
        (-0.10, 0.20, "the data do not say which is higher"),
    ],
)
def test_which_level_is_higher_flips_with_the_interval(low: float, high: float, words: str) -> None:
    assert words in higher_words((low + high) / 2, low, high, "arm = drug", "arm = placebo")


def test_where_the_difference_is_clear_follows_the_p_values() -> None:
    assert "only at the last observed time" in where_clear_words({"first": 0.25, "mean": 0.09, "last": 0.03})
    assert "only at the first observed time" in where_clear_words({"first": 0.03, "mean": 0.09, "last": 0.25})
    assert "at none of these times" in where_clear_words({"first": 0.25, "mean": 0.09, "last": 0.06})
    assert "at every one of these times" in where_clear_words({"first": 0.01, "mean": 0.02, "last": 0.03})


def test_ratio_over_time_follows_the_interaction_test() -> None:
    kept = ratio_over_time_words(True, "arm", "visit", "odds ratio")
    dropped = ratio_over_time_words(False, "arm", "visit", "odds ratio")
    assert "is kept" in kept and "given at each" in kept
    assert "is not kept" in dropped and "one odds ratio for every time" in dropped


def test_levels_are_named_from_the_data() -> None:
    assert level_name("arm", "armplacebo", "drug") == ("arm = placebo", "arm = drug")
    assert level_name("lbase", "lbase", None) == ("lbase one unit above its mean", "lbase at its mean")


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_difference_and_its_interval_follow_the_delta_method(family: str) -> None:
    """Against a numerical gradient of the inverse link (an independent route to the same SE)."""
    beta = {"(Intercept)": -0.4, "visit": 0.3, "armplacebo": -0.7}
    vcov = np.array([[0.09, -0.01, -0.05], [-0.01, 0.006, 0.0], [-0.05, 0.0, 0.12]])
    fit = _fit(family, beta, vcov)
    inverse = (lambda e: 1 / (1 + math.exp(-e))) if family == "binomial" else math.exp
    base, contrast = np.array([1.0, 2.0, 0.0]), np.array([0.0, 0.0, 1.0])
    at = level_at_time(fit, base, contrast, 2.0)
    b = np.array(list(beta.values()))

    def difference(v: np.ndarray) -> float:
        return inverse(float((base + contrast) @ v)) - inverse(float(base @ v))

    step = 1e-6
    gradient = np.array(
        [(difference(b + step * e) - difference(b - step * e)) / (2 * step) for e in np.eye(3)]
    )
    se = math.sqrt(gradient @ vcov @ gradient)
    assert at.difference == pytest.approx(difference(b), rel=1e-12)
    assert at.ci_high - at.difference == pytest.approx(1.959964 * se, rel=1e-5)
    assert at.ratio.ratio == pytest.approx(math.exp(-0.7)) and at.ratio.ci_low == pytest.approx(
        math.exp(-0.7 - 1.959964 * math.sqrt(0.12)), rel=1e-5
    )
    # Flip the effect: the level is higher, the difference positive.
    flipped = level_at_time(_fit(family, beta | {"armplacebo": 0.7}, vcov), base, contrast, 2.0)
    assert flipped.difference > 0 > at.difference


def test_with_a_time_interaction_the_ratio_changes_with_time() -> None:
    beta = {"(Intercept)": -0.4, "visit": 0.3, "armplacebo": 0.2, "visit:armplacebo": -0.3}
    fit = _fit("binomial", beta, np.eye(4) * 0.01)
    effect = covariate_effect(fit, ["armplacebo"], {}, "visit", {"first": 1.0, "last": 6.0}, True)
    at = effect.levels["armplacebo"]
    assert at["first"].ratio.ratio == pytest.approx(math.exp(0.2 - 0.3))
    assert at["last"].ratio.ratio == pytest.approx(math.exp(0.2 - 0.3 * 6))


@pytest.mark.parametrize(
    ("singular", "chosen", "words"),
    [
        ([], "random_intercept", "none is singular"),
        (["random_slope"], "random_intercept", "is not among them"),
        (["random_slope"], "random_slope", "is one of them"),
    ],
)
def test_warning_words_name_singular_glmms(singular: list[str], chosen: str, words: str) -> None:
    text = warning_words(singular, [], chosen)
    assert words in text
    assert ("random slope" in text) == bool(singular)
    assert "did not converge: random intercept" in warning_words([], ["random_intercept"], chosen)


@pytest.mark.parametrize(
    ("family", "title"),
    [
        ("binomial", "Logistic mixed models: y over visit"),
        ("poisson", "Poisson mixed models: y over visit"),
        (None, "Linear mixed models: y over visit"),
    ],
)
def test_the_default_title_names_the_family(family: str | None, title: str) -> None:
    assert report_title(default_title(LABELS), LABELS, family) == title
    assert report_title("My study", LABELS, family) == "My study"  # a given title is kept


def test_a_glmm_report_emails_the_glmm_sentences() -> None:
    assert blocks_for({"glmm": {"family": "poisson"}}) == GLMM_BLOCKS
    assert blocks_for({"glmm": None}) == BLOCKS
    sentences = {key for section in SECTIONS for key in section.sentences}
    figures = {name for section in SECTIONS for name in section.figures}
    for block in GLMM_BLOCKS:
        assert set(block.narrative) <= sentences and block.figure in figures


def test_a_glmm_report_has_no_linear_covariate_section() -> None:
    glmm = {"glmm": {"covariates": {"effects": {"arm": {}}}}, "covariates": {"arm": {}}, "trend": {"x": 1}}
    keys = [s.key for s in sections_for(glmm)]
    assert "g-glmm-covariate-arm" in keys and not any(k.startswith("g-covariate") for k in keys)
    for gaussian_only in ("g1", "g2", "g-trend", "g3", "g4", "g5"):
        assert gaussian_only not in keys
    linear = [s.key for s in sections_for({"glmm": None, "covariates": {"arm": {}}, "trend": {"x": 1}})]
    assert "g-covariate-arm" in linear and not any(k.startswith("g-glmm") for k in linear)


def test_sections_hidden_by_applies_compute_no_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Item 5: only the shown sections' hooks run (a GLMM report's gaussian sections are never worded)."""
    from types import SimpleNamespace

    import reportgen.sections as sections

    called: list[str] = []
    monkeypatch.setattr(sections, "resolve", lambda hook: lambda *args: called.append(hook) or {})
    config = SimpleNamespace(labels=LABELS, decimals=2)
    shown = {sections.SHOWN: ("q1", "g-family")}
    sections.section_sentences(None, None, config, shown)  # type: ignore[arg-type]
    assert called == ["reportgen.narrative.seminar:q1_words"]  # g-family computes: no result, no words
    called.clear()
    sections.section_sentences(None, None, config, {sections.SHOWN: ("q1", "g1", "g5")})  # type: ignore[arg-type]
    assert called == [
        "reportgen.narrative.seminar:q1_words",
        "reportgen.narrative.further:slopes_words",
        "reportgen.narrative.further:diagnostics_words",
    ]


@pytest.mark.parametrize("kept", [False, True])
def test_the_additive_ratio_is_no_verdict_when_the_time_interaction_is_kept(kept: bool) -> None:
    """Review E (binary study): an additive odds ratio, p = 0.167, read as "no clear difference"
    beside a kept arm x visit interaction (chi-square 5.48) is an average over time, not the answer."""
    from types import SimpleNamespace

    from reportgen.analysis.glmm_fit import RatioEstimate
    from reportgen.narrative.family_covariates import additive_ratio_sentences

    covariates = SimpleNamespace(
        reference={"arm": "active"},
        term_of={"arm": ["armcontrol"]},
        ratios={"armcontrol": RatioEstimate(0.66, 0.37, 1.19, 0.167)},
        fit=SimpleNamespace(formula="y ~ visit + arm + (1 | id)"),
    )
    g = SimpleNamespace(family="binomial", covariates=covariates)
    (sentence,) = additive_ratio_sentences(g, "arm", kept)  # type: ignore[arg-type]
    text = "".join(p for p in sentence if isinstance(p, str))
    assert ("an average over the observed times" in text) is kept
    assert ("no clear" in text) is not kept
