"""The per-analysis factorization of group columns (reportgen.analysis.group_codes): shared inside
one analysis, kept by nothing outside it."""

from __future__ import annotations

import pandas as pd
import pytest

from reportgen.analysis.group_codes import open_codes, reused
from reportgen.analysis.lmm import _factorize
from tests.support.group_codes import counted_factorizations


def _column() -> pd.Series:
    return pd.Series(pd.array(["b", "a", "c", "a"], dtype="string[pyarrow]"))


def test_outside_an_analysis_each_fit_factorizes_and_nothing_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counted_factorizations(monkeypatch)
    column = _column()
    first, _ = _factorize(column)
    second, codes = _factorize(column)
    assert len(calls) == 2 and first is not second
    assert open_codes() is None
    assert codes.tolist() == [1, 0, 2, 0]


def test_an_analysis_factorizes_a_column_once_and_forgets_it_after(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = counted_factorizations(monkeypatch)
    column = _column()
    with reused() as codes:
        assert open_codes() is codes
        labels, _ = _factorize(column)
        with reused() as inner:  # a nested analysis shares the outer one's
            assert inner is codes
            assert _factorize(column)[0] is labels
    assert len(calls) == 1
    assert open_codes() is None
    with reused():  # the next analysis (the next cohort) starts with none
        assert _factorize(column)[0] is not labels
    assert len(calls) == 2


def test_the_codes_do_not_depend_on_reuse() -> None:
    column = _column()
    alone = _factorize(column)
    with reused():
        shared = _factorize(column)
    assert [a.tolist() for a in alone] == [s.tolist() for s in shared] == [["a", "b", "c"], [1, 0, 2, 0]]
