"""The exact engine's group factorization: computed once per Arrow column within an analysis
(:func:`reportgen.analysis.group_codes.reused`), never stale."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.group_codes import reused
from reportgen.analysis.lmm import _factorize


def _frame() -> pd.DataFrame:
    return pd.DataFrame({"group": pd.array(["b", "a", "c", "a", "b"], dtype="string[pyarrow]")})


def test_a_column_is_factorized_once_and_its_arrays_are_read_only() -> None:
    frame = _frame()
    with reused():
        labels, codes = _factorize(frame["group"])
        again_labels, again_codes = _factorize(frame["group"])
    assert labels.tolist() == ["a", "b", "c"]
    assert codes.tolist() == [1, 0, 2, 0, 1]
    assert again_labels is labels and again_codes is codes  # the second fit reuses the first's labels
    with pytest.raises(ValueError):
        codes[0] = 2  # shared between fits: nobody may change them


def test_a_changed_column_is_factorized_again() -> None:
    frame = _frame()
    with reused():
        labels, _ = _factorize(frame["group"])
        frame.loc[0, "group"] = "z"
        new_labels, new_codes = _factorize(frame["group"])
    assert new_labels.tolist() == ["a", "b", "c", "z"]
    assert new_codes.tolist() == [3, 0, 2, 0, 1]
    assert labels.tolist() == ["a", "b", "c"]


def test_a_subset_is_its_own_column() -> None:
    frame = _frame()
    with reused():
        _factorize(frame["group"])
        labels, codes = _factorize(frame["group"][frame["group"] != "a"])
    assert labels.tolist() == ["b", "c"]
    assert codes.tolist() == [0, 1, 0]


def test_plain_values_are_factorized_as_before() -> None:
    labels, codes = _factorize(np.array([3, 1, 3]))
    assert labels.tolist() == ["1", "3"]
    assert codes.tolist() == [1, 0, 1]
