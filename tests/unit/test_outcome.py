"""The outcome check: the rules for the kind of response flip with the data, and so do its words."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from reportgen.analysis.outcome import (
    BINARY,
    CONTINUOUS,
    COUNT,
    OutcomeCheck,
    is_binary,
    is_count,
    is_whole_nonnegative,
    looks_like_counts,
    outcome_kind,
    possible_range,
    skewness,
)
from reportgen.config import Labels
from reportgen.narrative.outcome import (
    family_name,
    impossible_verdict,
    kind_words,
    outcome_alt_texts,
    outcome_sentences,
)
from reportgen.words import kind_noun, named_after

SKEWED_COUNTS = np.array([0, 0, 0, 0, 1, 1, 1, 2, 2, 3, 5, 9], dtype=float)


@pytest.mark.parametrize(
    "values, binary",
    [([0, 1, 1, 0], True), ([1, 2, 2, 1], True), ([0, 1, 2], False), ([3, 3, 3], False)],
)
def test_is_binary(values: list[float], binary: bool) -> None:
    assert is_binary(np.array(values, dtype=float)) is binary


@pytest.mark.parametrize("values, whole", [([0, 2, 7], True), ([0, 2.5, 7], False), ([-1, 2, 7], False)])
def test_is_whole_nonnegative(values: list[float], whole: bool) -> None:
    assert is_whole_nonnegative(np.array(values, dtype=float)) is whole


def test_skewness_matches_scipy_and_flips_with_the_tail() -> None:
    from scipy.stats import skew

    # The adjusted G1, as pandas' skew and describe's response_skew: one estimator in the report.
    assert skewness(SKEWED_COUNTS) == pytest.approx(skew(SKEWED_COUNTS, bias=False), rel=1e-12)
    assert skewness(SKEWED_COUNTS) != pytest.approx(skew(SKEWED_COUNTS), rel=1e-3)
    assert skewness(SKEWED_COUNTS) > 0 > skewness(-SKEWED_COUNTS)
    assert skewness(np.full(4, 2.0)) == 0


def test_is_count_needs_whole_numbers_skewed_right() -> None:
    assert is_count(SKEWED_COUNTS)
    assert not is_count(SKEWED_COUNTS + 0.5)  # not whole
    assert not is_count(SKEWED_COUNTS.max() - SKEWED_COUNTS + 100)  # whole, but skewed left
    assert not is_count(np.array([0.0, 1.0, 0.0]))  # two values: binary, not a count
    assert is_count(np.array([0.0, 1.0, 2.0, 2.0]))  # few values count whatever their skew


@pytest.mark.parametrize(
    "values, kind",
    [
        ([0, 1, 1, 0], BINARY),
        (SKEWED_COUNTS.tolist(), COUNT),
        ([249.56, 258.70, 250.80, 321.44, 356.85], CONTINUOUS),
        ((100 + SKEWED_COUNTS).tolist(), CONTINUOUS),  # whole, skewed, but large and never 0
        ((10 + SKEWED_COUNTS).tolist(), COUNT),  # small whole numbers (median 11), skewed
        ((-SKEWED_COUNTS).tolist(), CONTINUOUS),
    ],
)
def test_outcome_kind(values: list[float], kind: str) -> None:
    assert outcome_kind(np.array(values, dtype=float)) == kind


def test_looks_like_counts_flips_with_size_zeros_and_unit() -> None:
    small = np.array([1.0, 2.0, 3.0, 20.0, 40.0])  # median 3
    large = small + 100  # ChickWeight-like grams: median 103, none at 0
    assert looks_like_counts(small) and not looks_like_counts(large)
    assert looks_like_counts(np.append(large, 0.0))  # zeros present: counts reach 0
    assert not looks_like_counts(small, unit="g")  # a unit makes it a measurement
    skewed_grams = np.array([40, 41, 42, 45, 50, 60, 80, 120, 200, 373], dtype=float)
    assert outcome_kind(skewed_grams) == CONTINUOUS and outcome_kind(skewed_grams - 40) == COUNT


def test_possible_range_follows_the_kind() -> None:
    values = np.array([1.0, 2.0, 2.0])
    assert possible_range(BINARY, values) == (1.0, 2.0)
    assert possible_range(COUNT, values) == (0.0, None)
    assert possible_range(CONTINUOUS, values) == (None, None)


def test_word_rules_flip() -> None:
    assert impossible_verdict(0, 0) == "stay inside the possible range"
    assert impossible_verdict(1, 0) == impossible_verdict(0, 2) == "leave the possible range"
    assert family_name("poisson") == "Poisson" and family_name("binomial") == "binomial"
    assert kind_words(BINARY) != kind_words(COUNT) != kind_words(CONTINUOUS)


LABELS = Labels("Answer", "", "Week", "", "Pupil")
BINARY_CHECK = OutcomeCheck(
    kind=BINARY, distinct_values=2, minimum=0.0, maximum=1.0, skewness=0.1, zero_share=0.5, median=1.0,
    model="random_intercept", fitted_n=300, fitted_min=-0.15, fitted_max=1.12, lower_bound=0.0,
    upper_bound=1.0, fitted_below=21, fitted_above=12, impossible_share=0.11, family="binomial",
)  # fmt: skip


def _text(check: OutcomeCheck) -> str:
    groups = outcome_sentences(check, LABELS)["g_outcome"]
    return " ".join(
        "".join(p if isinstance(p, str) else "<" + ".".join(p.path) + ">" for p in s) for s in groups
    )


def test_binary_words_count_values_outside_both_bounds_and_name_binomial() -> None:
    text = _text(BINARY_CHECK)
    assert "<outcome.fitted_below> are below <outcome.lower_bound>" in text
    assert "<outcome.fitted_above> above <outcome.upper_bound>" in text
    assert "binomial family (lme4's glmer(..., family = binomial))" in text
    assert "random-intercept model" in text


def test_count_words_flip_the_bound_and_the_family() -> None:
    count = replace(
        BINARY_CHECK, kind=COUNT, upper_bound=None, fitted_above=0, family="poisson", model="random_slope"
    )
    text = _text(count)
    assert "above <outcome.upper_bound>" not in text and "<outcome.fitted_below> are below" in text
    assert "Poisson family (lme4's glmer(..., family = poisson))" in text
    assert "random-slope model" in text and "skewness <outcome.skewness>" in text
    assert "looks like a count" in text and "median <outcome.median>" in text
    assert "is a count" not in text and "is binary" in _text(BINARY_CHECK)


def test_no_impossible_values_says_so() -> None:
    inside = replace(BINARY_CHECK, fitted_below=0, fitted_above=0, impossible_share=0.0)
    text = _text(inside)
    assert "stay inside the possible range" in text and "cannot take" not in text
    assert "cannot take" in _text(BINARY_CHECK)


def test_the_verb_agrees_with_the_count_below() -> None:
    one = replace(BINARY_CHECK, kind=COUNT, upper_bound=None, fitted_below=1, fitted_above=0)
    assert "<outcome.fitted_below> is below" in _text(one)
    assert "<outcome.fitted_below> are below" in _text(BINARY_CHECK)


def test_alt_text_gives_the_computed_count() -> None:
    alt = outcome_alt_texts(BINARY_CHECK, LABELS)["outcome_fitted"]
    assert "33 fitted values lie outside 0 to 1" in alt
    one = replace(BINARY_CHECK, kind=COUNT, upper_bound=None, fitted_below=1, fitted_above=0)
    assert "1 fitted value lies below 0" in outcome_alt_texts(one, LABELS)["outcome_fitted"]


def test_a_response_named_after_its_kind_is_not_said_twice() -> None:
    # A simulated count named "count" (review-statD/mk.R): not "The count looks like a count",
    # "A count count calls for", nor "count count" in the figure's title.
    named = outcome_sentences(
        replace(BINARY_CHECK, kind=COUNT, upper_bound=None, family="poisson"),
        Labels("count", "", "visit", "", "subject"),
    )["g_outcome"][0][0]
    assert isinstance(named, str) and "looks like a count" not in named and "its name" in named
    assert "looks like a count" in kind_words(COUNT, "y") and "its name" not in kind_words(COUNT, "y")
    assert kind_noun(COUNT, "count") == "count" and kind_noun(COUNT, "seizure_counts") == "seizure_counts"
    assert kind_noun(COUNT, "y") == "count y" and kind_noun(BINARY, "Infected") == "binary infected"
    assert named_after(BINARY, "binary") and not named_after(COUNT, "discount")


def test_a_glmm_reports_linear_model_is_said_to_be_the_linear_tests_choice() -> None:
    from reportgen.narrative.outcome import linear_fit_words

    assert "linear models' own tests choose" in linear_fit_words(True, "uncorrelated random-slope")
    assert linear_fit_words(False, "random-slope") == "the random-slope model the report stands on"


def test_a_fitting_method_is_named_as_a_reader_knows_it() -> None:
    from reportgen.words import method_words

    assert method_words("Laplace") == "the Laplace approximation"
    assert method_words("REML") == "restricted maximum likelihood (REML)"
