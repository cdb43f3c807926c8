"""Exact refits of a mixed model without one group, from the full data's per-group statistics.

The exact engine reads the data once into per-group sums (see :mod:`reportgen.analysis.lmm`).
Leaving a group out removes that group's block and subtracts its few rows' products from X'X,
X'y and y'y, so a refit never passes over the other rows again, and its optimizer starts at the
full data's optimum, one group away from its own. The full data's conditioning (centring and
scaling) is kept: estimates are mapped back exactly, so that changes nothing beyond rounding.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.lmm import (
    MixedFit,
    _factorize,
    _finish,
    _Objective,
    _optimize,
    _prepare,
    _Problem,
    _safe_chol,
    _tri_index,
    one_blas_thread,
)

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]


@dataclass(frozen=True)
class LeaveOneOut:
    """One model's data read once; :meth:`fit_without` refits it without one group."""

    problem: _Problem
    labels: Array  # sorted group labels
    codes: Array  # each row's group (index into labels)
    y: Array
    x: Array
    z: Array
    rows: Array  # row numbers ordered by group: group g's rows are rows[bounds[g]:bounds[g + 1]]
    bounds: Array
    fixed_names: tuple[str, ...]
    random_names: tuple[str, ...]
    covariance: str
    time: str
    time_origin: float = 0.0  # where the random intercept is read (z's slope column is time - origin)

    def fit_without(self, group: str, *, reml: bool, near: MixedFit | None = None) -> MixedFit:
        """The model refitted without ``group``, starting at ``near``'s optimum when given.

        ``near`` is a fit of the same model (the same random effects) to the full data; without
        it the optimizer starts from scratch (lme4's start and the moments' start).
        """
        g = int(np.searchsorted(self.labels, group))
        if g >= len(self.labels) or self.labels[g] != group:
            raise ValueError(f"no group {group!r} in the data")
        left = self.rows[self.bounds[g] : self.bounds[g + 1]]
        problem = _without_group(self.problem, g, self.x[left], self.y[left])
        keep = self.codes != g
        codes = self.codes[keep]
        codes -= codes > g
        index = _tri_index(problem.q, self.covariance == "diagonal")
        obj = _Objective(problem, reml, index)
        start = None if near is None else _conditioned_theta(near, problem, index)
        with one_blas_thread():
            theta, optimizer, agree, gradient = _optimize(obj, start)
            return _finish(
                problem,
                obj,
                theta,
                engine="exact",
                labels=np.delete(self.labels, g),
                codes=codes,
                x=self.x[keep],
                z=self.z[keep],
                fixed_names=self.fixed_names,
                random_names=self.random_names,
                covariance=self.covariance,
                optimizer=optimizer,
                agree=agree,
                gradient=gradient,
                terms=self.fixed_names,
                assign=tuple(range(len(self.fixed_names))),
                time=self.time,
                type3=None,
            )


def leave_one_out(
    y: Any,
    x: Any,
    z: Any,
    groups: Any,
    *,
    fixed_names: tuple[str, ...],
    random_names: tuple[str, ...],
    covariance: str = "unstructured",
    time: str = "time",
    time_origin: float = 0.0,
) -> LeaveOneOut:
    """Read the data of ``y = X beta + Z b + e`` once (arguments as :func:`.lmm.fit_lmm`)."""
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float).reshape(len(y), -1)
    z = np.asarray(z, dtype=float).reshape(len(y), -1)
    labels, codes = _factorize(groups)
    problem = _prepare(y, x, z, codes, len(labels), covariance == "diagonal")
    rows = np.argsort(codes, kind="stable")
    bounds = np.concatenate([[0], np.cumsum(np.bincount(codes, minlength=len(labels)))])
    return LeaveOneOut(
        problem,
        labels,
        codes,
        y,
        x,
        z,
        rows,
        bounds,
        fixed_names,
        random_names,
        covariance,
        time,
        time_origin,
    )


def _without_group(s: _Problem, g: int, x_rows: Array, y_rows: Array) -> _Problem:
    """The problem without group g, whose rows of X and y are given (original scale)."""
    xs = x_rows @ s.w_inv  # X = Xs W: the rows on the conditioned scale
    ys = (y_rows - s.y_shift) / s.y_scale
    zw = np.delete(s.zw, g, axis=-1)
    return replace(
        s,
        n=s.n - len(y_rows),
        zw=zw,
        zz_sum=zw[:, : s.q].sum(-1),
        xx=s.xx - xs.T @ xs,
        xy=s.xy - xs.T @ ys,
        yy=s.yy - float(ys @ ys),
    )


def _conditioned_theta(fit: MixedFit, s: _Problem, index: list[tuple[int, int]]) -> Array:
    """``fit``'s optimum as theta on the conditioned scale of ``s``.

    The relative covariance D / sigma^2 on the original scale is U^-1 D_s U^-T, with D_s = Lambda
    Lambda' on the conditioned scale; Lambda is D_s's lower Cholesky factor (diagonal when the
    covariance is: U is then diagonal too).
    """
    relative = np.asarray(fit.re_cov, dtype=float) / fit.residual_var
    factor = _safe_chol(s.u @ relative @ s.u.T)
    return np.array([factor[i, j] for i, j in index])
