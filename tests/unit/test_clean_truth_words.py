"""reportgen.clean: a response in words is read from its distinct values (issue 22, scale), with
the same answers as when every cell was walked: case and spaces fold before the count of words."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.clean import _refuse_other_words, truth_coding
from reportgen.errors import DataValueError


@pytest.mark.parametrize("dtype", ["object", "string"])
def test_words_that_differ_only_in_case_and_spaces_are_one_pair(dtype: str) -> None:
    column = pd.Series(["Yes", " yes", "NO", "no ", None, "YES"], dtype=dtype)
    assert truth_coding(column) == ("no", "yes")


@pytest.mark.parametrize(
    "cells",
    [["yes", "no", "maybe"], ["yes", "yes"], ["true", "no"], ["1.5", "2.5"]],
)
def test_anything_but_exactly_one_known_pair_is_not_a_coding(cells: list[str]) -> None:
    assert truth_coding(pd.Series(cells, dtype="string")) is None


def test_two_unknown_words_are_refused_naming_both_in_order() -> None:
    column = pd.Series(["high", "low ", "low", None, "high"], dtype="string")
    with pytest.raises(DataValueError, match=r"two words, 'high' and 'low', not numbers"):
        _refuse_other_words(column, "level")


@pytest.mark.parametrize("cells", [["a", "b", "c"], ["1", "x"], ["7", "8"]])
def test_three_words_or_numbers_are_left_to_the_numeric_reading(cells: list[str]) -> None:
    _refuse_other_words(pd.Series(cells, dtype="string"), "level")  # no error
