"""The words of a count's values (break12): size, skew, spread against Poisson, few values."""

from __future__ import annotations

from reportgen.analysis.glmm import Overdispersion
from reportgen.analysis.outcome import COUNT
from reportgen.narrative.count_words import (
    few_values_sentence,
    size_words,
    skew_words,
    underdispersed,
)
from reportgen.narrative.family import overdispersion_words, reason_words
from reportgen.narrative.outcome import kind_words


def test_skew_words_follow_the_skewness() -> None:
    # 0/1/2 drawn uniformly has skewness ~0.02: not "skewed to the right".
    assert skew_words(0.023) == "close to symmetric"
    assert skew_words(1.4) == "skewed to the right"
    assert skew_words(-1.4) == "skewed to the left"


def test_size_words_follow_the_median() -> None:
    assert size_words(2.0) == "small whole numbers"
    assert size_words(1.5e9) == "large whole numbers"


def test_a_count_is_described_by_its_own_values() -> None:
    flat = kind_words(COUNT, "y", skewness=0.023, median=1.0)
    assert "close to symmetric" in flat and "skewed" not in flat
    huge = kind_words(COUNT, "y", skewness=1.2, median=1.5e9)
    assert "large whole numbers" in huge and "small" not in huge
    # The family's reason claims neither size nor skew.
    assert "small" not in reason_words("auto_count") and "skewed" not in reason_words("auto_count")


def test_underdispersion_is_not_read_as_poisson_spread() -> None:
    # break12's 0/1/2 outcome: dispersion 0.66 on 231 df, upper-tail p ~ 1.
    under = Overdispersion(152.5, 231, 0.66, 0.99999, False, None)
    fine = Overdispersion(230.0, 231, 0.99, 0.5, False, None)
    assert underdispersed(0.66, 0.99999) and not underdispersed(0.99, 0.5) and not underdispersed(1.5, 0.0)
    words = overdispersion_words(under)
    assert "less than a Poisson model expects" in words and "conservative" in words
    assert "about as much" not in words
    assert "about as much as a Poisson model expects" in overdispersion_words(fine)


def test_few_values_get_a_note_on_bounded_models() -> None:
    note = few_values_sentence(3)
    assert note is not None and "ordinal" in "".join(p for p in note if isinstance(p, str))
    assert few_values_sentence(12) is None
