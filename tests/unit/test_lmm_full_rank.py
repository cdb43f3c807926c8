"""The exact engine's rank check: the Gram matrix decides a clearly full-rank design without an SVD,
and every design gets the verdict numpy's matrix_rank gives it."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from reportgen.analysis import lmm
from reportgen.analysis.lmm import fit_lmm, full_column_rank


def _conditioned(x: np.ndarray) -> np.ndarray:
    """Columns centred and scaled as _prepare conditions them (the intercept column kept)."""
    _, centre, spread = lmm._centring(x)
    return (x - centre) / spread


def _designs() -> list[np.ndarray]:
    rng = np.random.default_rng(22)
    n = 2_000
    t = np.tile(np.arange(10.0), n // 10)
    ones = np.ones(n)
    noise = rng.normal(size=n)
    designs = [
        np.column_stack([ones, t]),
        np.column_stack([ones, t, t**2]),
        np.column_stack([ones, t, t**2, t**3, t**4, t**5]),  # ill-conditioned, still full rank
        np.column_stack([ones, t, 2 * t + 3]),  # exactly collinear
        np.column_stack([ones, t, t]),  # a repeated column
        np.column_stack([ones, np.zeros(n)]),  # a column of zeros
        np.column_stack([ones, t, noise]),
        np.column_stack([ones, t, t + 1e-9 * noise]),  # collinear but for rounding-sized noise
        np.column_stack([ones, t, t + 1e-4 * noise]),  # nearly collinear, full rank
        np.column_stack([ones, t, t + 1e-7 * noise]),
        rng.normal(size=(3, 5)),  # fewer rows than columns
    ]
    return designs + [_conditioned(x) for x in designs if x.shape[0] > x.shape[1]]


@pytest.mark.parametrize("design", _designs(), ids=lambda x: f"{x.shape[0]}x{x.shape[1]}")
def test_the_verdict_is_matrix_rank_s(design: np.ndarray) -> None:
    expected = np.linalg.matrix_rank(design) == design.shape[1]
    assert full_column_rank(design, design.T @ design) == expected


def test_a_well_conditioned_design_needs_no_svd(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[Any] = []
    matrix_rank = np.linalg.matrix_rank

    def counted(x: Any, *args: Any, **kwargs: Any) -> Any:
        calls.append(x)
        return matrix_rank(x, *args, **kwargs)

    rng = np.random.default_rng(1)
    groups = np.repeat(np.arange(200), 10)
    t = np.tile(np.arange(10.0), 200)
    y = 250 + 10 * t + rng.normal(0, 30, 200)[groups] + rng.normal(0, 25, len(t))
    x = np.column_stack([np.ones_like(t), t, t**2])
    monkeypatch.setattr(np.linalg, "matrix_rank", counted)
    fit = fit_lmm(
        y, x, x[:, :2], groups, fixed_names=("(Intercept)", "t", "t2"), random_names=("(Intercept)", "t")
    )
    assert fit.converged
    assert calls == []  # the fit's rank check decided from X'X alone


def test_a_collinear_design_is_still_refused() -> None:
    groups = np.repeat(np.arange(20), 5)
    t = np.tile(np.arange(5.0), 20)
    y = t + np.sin(np.arange(len(t)))
    x = np.column_stack([np.ones_like(t), t, 3 * t - 1])
    with pytest.raises(ValueError, match="collinear"):
        fit_lmm(y, x, x[:, :1], groups, fixed_names=("a", "b", "c"), random_names=("a",))
