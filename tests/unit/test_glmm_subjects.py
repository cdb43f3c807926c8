"""A GLMM's subjects: said to differ only when the random intercepts tell them apart; a ratio
printed with enough decimals that its interval's ends do not read alike."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from reportgen.analysis.glmm_fit import RatioEstimate
from reportgen.config import Labels
from reportgen.narrative.family import interval_style, subjects_differ, subjects_sentence, with_interval
from reportgen.narrative.sentence import Num
from reportgen.numbers import format_number

LABELS = Labels("y", "", "time", "", "id")


@pytest.mark.parametrize(
    ("sd", "low", "high", "differ"),
    [
        (0.8, 0.4, 2.1, True),
        (0.0, 1.0, 1.0, False),
        (0.0, 0.9, 1.1, False),
        (0.8, 1.0, 1.0, False),
        (2e-9, 1 - 1e-17, 1 + 1e-17, False),  # lme4 on review-break4's binary.csv: a singular fit
        (0.01, 0.994, 1.006, True),  # 0.99 against 1.01: told apart
    ],
)
def test_subjects_differ_only_with_a_positive_sd_and_distinct_multipliers(
    sd: float, low: float, high: float, differ: bool
) -> None:
    assert subjects_differ(sd, low, high) is differ


def _glmm(family: str, sd: float, low: float, high: float, lowest: str, highest: str) -> SimpleNamespace:
    fit = SimpleNamespace(re_sd={"(Intercept)": sd})
    return SimpleNamespace(
        family=family,
        model="random_intercept",
        chosen="random_intercept",
        fits={"random_intercept": fit},
        shaped=None,  # a straight trend (analysis.glmm_subjects reads a curve's)
        subjects_of="random_intercept",
        subject_multiplier_min=low,
        subject_multiplier_max=high,
        lowest_subject=lowest,
        highest_subject=highest,
    )


def _text(sentence: tuple) -> str:
    return "".join(p if isinstance(p, str) else "#" for p in sentence)


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_a_zero_intercept_variance_says_the_subjects_do_not_differ(family: str) -> None:
    alike = _text(subjects_sentence(_glmm(family, 0.0, 1.0, 1.0, "s0", "s0"), LABELS))  # type: ignore[arg-type]
    assert "do not differ" in alike and "estimated as zero" in alike
    assert "s0" not in alike and "#" not in alike  # the reviewer read "id s0 ... that of id s0"
    apart = _text(subjects_sentence(_glmm(family, 0.9, 0.3, 2.5, "s3", "s7"), LABELS))  # type: ignore[arg-type]
    near = _text(subjects_sentence(_glmm(family, 2e-9, 1 - 1e-9, 1 + 1e-9, "s0", "s9"), LABELS))  # type: ignore[arg-type]
    assert "do not differ" in near and "close to zero" in near and "s9" not in near
    assert apart.startswith("The ids differ") and "id s3" in apart and "id s7" in apart
    assert "do not differ" not in apart


def test_an_interval_that_would_print_as_one_number_gets_more_decimals() -> None:
    # A million counts' rate ratio (review-break4 o_c1e6p): "1.05 (95% CI 1.05 to 1.05)".
    narrow = RatioEstimate(1.0455647685465237, 1.0452691799925469, 1.045860440689106, 0.0)
    style = interval_style(narrow)
    assert style == "d3"
    low, high = (format_number(v, "fixed", 3) for v in (narrow.ci_low, narrow.ci_high))
    assert (low, high) == ("1.045", "1.046")
    parts = [p for p in with_interval("glmm", "time_ratio", style=style) if isinstance(p, Num)]
    assert [p.style for p in parts] == ["d3"] * 3
    assert interval_style(RatioEstimate(1.52, 1.21, 1.93, 0.0004)) == "fixed"  # wide: as before
    assert interval_style(RatioEstimate(1.0, 1.0, 1.0, 1.0)) == "fixed"  # equal in fact: as before


@pytest.mark.parametrize(
    ("family", "pronoun"), [("binomial", "those of id s7"), ("poisson", "that of id s7")]
)
def test_odds_take_a_plural_pronoun_a_rate_a_singular_one(family: str, pronoun: str) -> None:
    """Review E: "the odds of id 12 are 0.38 times a typical one's, that of id 26" -> "those of"."""
    text = _text(subjects_sentence(_glmm(family, 0.9, 0.3, 2.5, "s3", "s7"), LABELS))  # type: ignore[arg-type]
    assert pronoun in text
