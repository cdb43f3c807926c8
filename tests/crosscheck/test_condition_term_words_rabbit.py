"""MASS::Rabbit's Going further 4 says which numbers carry + (1 | Animal:Treatment) (statistician S
4, session 8): the differences and their intervals are that model's (lmerTest 7.61 to 14.42 lower
on 19.5 df), so the caveat no longer says "The other tests and intervals of Treatment below come
from the model without it"; two treatments are "both levels". The rule: tests/unit/
test_condition_term_words.py; the numbers against lmerTest: tests/crosscheck/test_condition_term.py."""

from __future__ import annotations

import pytest

from tests.crosscheck.test_reshape_rabbit import _built

pytestmark = pytest.mark.slow


def test_the_caveat_names_the_paired_differences_and_both_levels() -> None:
    results, words = _built()
    assert results["covariates"]["Treatment"]["differences_paired"] is True
    assert "Each animal is measured at both levels of Treatment" in words
    assert (
        "and the differences between its levels with their tests and intervals, come from the model" in words
    )
    assert "The other tests and intervals of Treatment below come from the model without it" not in words
