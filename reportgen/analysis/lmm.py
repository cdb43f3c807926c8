"""Exact linear mixed model engine for one grouping factor.

Model: y = X beta + Z b + e, b_i ~ N(0, sigma^2 Lambda Lambda'), e ~ N(0, sigma^2 I), with any
fixed-effects design X (n x p) and 1 to 3 random-effect columns Z (intercept; + slope;
+ curvature), their covariance unstructured (lme4's ``(t | g)``) or diagonal (``(t || g)``).

The profiled deviance of Bates, Maechler, Bolker & Walker (2015), "Fitting Linear Mixed-Effects
Models Using lme4", J. Stat. Softw. 67(1), section 3, written with per-group sufficient statistics:
the data are read once (bincounts of column products), and each deviance evaluation is a handful of
elementwise operations on q x q blocks, one per group (q <= 3: closed-form Cholesky factors, no
batched LAPACK). Its gradient is analytic (the derivative of log|V|, log|X'V^-1 X| and the
penalized residual sum of squares in the relative covariance, from the same blocks).

Conditioning: the columns of X are centred and scaled, the response too, and so are the columns of
Z when the covariance is unstructured (a change of basis the unstructured covariance absorbs); a
diagonal covariance is not invariant under centring, so its Z columns are only scaled. Every
estimate is mapped back exactly, and the REML criterion is reported for the X given, as lme4
prints it.

Inference follows lmerTest (Kuznetsova, Brockhoff & Christensen 2017): Satterthwaite degrees of
freedom from the Hessian of the deviance in (theta, sigma) and the Jacobian of vcov(beta) in the
same parameters, both at the optimum, in lme4's own parametrisation of theta.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.analysis.group_codes import open_codes
from reportgen.analysis.regression import Coefficient, t_coefficient
from reportgen.analysis.satterthwaite import FTest, contrast, f_test

if TYPE_CHECKING:
    from numpy.typing import NDArray

    Array = NDArray[Any]

COVARIANCES = ("unstructured", "diagonal")
# lme4's isSingular() tolerance on the diagonal of the relative covariance factor (here on the
# conditioned scale, so that the verdict does not depend on the units of time).
SINGULAR_TOL = 1e-4
# Optimizers whose criteria differ by less than this (relative, on the -2 log L scale) agree.
AGREE_TOL = 1e-6
# lme4's check.conv.grad tolerance on the scaled gradient at the optimum.
GRADIENT_TOL = 2e-3
# lmerTest's tolerance on the eigenvalues of the Hessian of the deviance in (theta, sigma).
HESSIAN_TOL = 1e-8
# Moderate: one Newton step from the winner (see _polish) gives the last digits.
LBFGS_OPTIONS = {"ftol": 1e-11, "gtol": 1e-5, "maxiter": 500}


# --- the fit ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MixedFit:
    """A fitted model, every estimate for the X and Z given (original units).

    ``beta`` (p) and ``beta_cov`` (p x p) are the fixed effects, named by ``fixed_names``;
    ``coefficients`` holds each with its Satterthwaite t test (``df`` is ``inf`` for a z test).
    ``re_cov`` is the random-effects covariance (q x q, in the order of ``random_names``);
    ``random_effects`` (G x q) are the conditional modes (BLUPs) and ``random_effects_cov``
    (G x q x q) their conditional covariances given the estimates. ``theta`` is lme4's
    parametrisation of the relative covariance factor (the lower triangle of Lambda by columns, or
    its diagonal), ``vcov_varpar`` lmerTest's covariance of (theta, sigma) and
    ``vcov_beta_jacobian`` (k x p x p) the derivative of ``beta_cov`` in each of them.
    """

    engine: str
    reml: bool
    fixed_names: tuple[str, ...]
    beta: Array
    beta_cov: Array
    coefficients: dict[str, Coefficient]
    random_names: tuple[str, ...]
    covariance: str
    theta: Array
    re_cov: Array
    residual_var: float
    loglik: float
    groups: tuple[str, ...]
    random_effects: Array
    random_effects_cov: Array
    fitted: Array
    n_obs: int
    converged: bool
    singular: bool
    optimizer: str
    optimizers_agree: bool
    gradient_norm: float
    warnings: tuple[str, ...]
    vcov_varpar: Array
    vcov_beta_jacobian: Array
    time_name: str = "time"
    terms: tuple[str, ...] = ()
    assign: tuple[int, ...] = ()
    # Type-III contrast matrix of each term (from the design), when the design supplied them.
    type3: dict[str, Array] | None = field(default=None, repr=False)
    # The time the random intercept is read at: random slopes multiply time - time_origin.
    time_origin: float = 0.0

    @property
    def random_slope(self) -> bool:
        return len(self.random_names) >= 2

    @property
    def intercept(self) -> Coefficient:
        return self.coefficients.get("(Intercept)") or self.coefficients[self.fixed_names[0]]

    @property
    def slope(self) -> Coefficient:
        """The coefficient of the time column (the second column when none is named like time)."""
        if self.time_name in self.coefficients:
            return self.coefficients[self.time_name]
        return self.coefficients[self.fixed_names[1]]

    @property
    def criterion(self) -> float:
        """-2 log-likelihood (REML criterion or deviance, as lme4 prints them)."""
        return -2.0 * self.loglik

    @property
    def n_params(self) -> int:
        """Fixed effects + covariance parameters + residual variance."""
        return len(self.fixed_names) + len(self.theta) + 1

    @property
    def aic(self) -> float:
        return -2.0 * self.loglik + 2 * self.n_params

    @property
    def bic(self) -> float:
        return -2.0 * self.loglik + math.log(self.n_obs) * self.n_params

    @property
    def group_var(self) -> float:
        return float(self.re_cov[0, 0])

    @property
    def slope_var(self) -> float | None:
        return float(self.re_cov[1, 1]) if self.random_slope else None

    @property
    def corr(self) -> float | None:
        """Correlation of random intercepts and slopes (None when not estimated or at 0 variance)."""
        if not self.random_slope or self.covariance == "diagonal":
            return None
        denom = math.sqrt(self.re_cov[0, 0] * self.re_cov[1, 1])
        return float(self.re_cov[0, 1] / denom) if denom > 0 else None

    def intercept_effects(self) -> dict[str, float]:
        return {g: float(v) for g, v in zip(self.groups, self.random_effects[:, 0], strict=True)}

    def contrast(self, weights: Any) -> Coefficient:
        """t test of one linear combination L beta (lmerTest's ``contest1D``), Satterthwaite df."""
        return contrast(self, weights)

    def f_test(self, weights: Any) -> FTest:
        """F test of L beta = 0 (lmerTest's ``contestMD``), Satterthwaite denominator df."""
        return f_test(self, weights)


# --- the problem on the conditioned scale ----------------------------------------------------------


@dataclass(frozen=True)
class _Problem:
    """Sufficient statistics on the conditioned scale (group axis last) and the maps back.

    Conditioned variables: X = Xs W, y = y_shift + y_scale ys, Z = Zs U, so that
    beta = W^-1 (y_scale beta_s + y_shift e_intercept), b = y_scale U^-1 b_s.
    """

    q: int
    p: int
    n: int
    # (q, q + p + 1, G): Zs_i' [Zs_i, Xs_i, ys_i], one block per group (the group axis last, so
    # that every step is a few vector operations of length G or one small matrix product).
    zw: Array
    zz_sum: Array  # (q, q)
    xx: Array  # (p, p)
    xy: Array  # (p,)
    yy: float
    w_inv: Array  # (p, p)
    u: Array  # (q, q)
    u_inv: Array  # (q, q)
    y_shift: float
    y_scale: float
    intercept: int | None  # the column of X that is all ones
    log_det_w: float
    diagonal: bool


def _centring(columns: Array) -> tuple[int | None, Array, Array]:
    """The intercept column (all ones) if any, and each column's centre and scale."""
    ones = [j for j in range(columns.shape[1]) if np.all(columns[:, j] == 1.0)]
    intercept = ones[0] if ones else None
    centre = columns.mean(0) if intercept is not None else np.zeros(columns.shape[1])
    spread = np.sqrt(np.mean((columns - centre) ** 2, axis=0))
    if intercept is not None:
        centre[intercept], spread[intercept] = 0.0, 1.0
    spread[spread == 0] = 1.0
    return intercept, centre, spread


def _prepare(y: Array, x: Array, z: Array, codes: Array, n_groups: int, diagonal: bool) -> _Problem:
    """Condition the columns, then read the data once: per-group sums of column products."""
    n, p = x.shape
    q = z.shape[1]
    x_int, x_centre, x_scale = _centring(x)
    xs = (x - x_centre) / x_scale
    w = np.diag(x_scale)
    if x_int is not None:
        w[x_int, :] = x_centre
        w[x_int, x_int] = 1.0
    if x_int is not None:
        y_shift = float(y.mean())
    else:
        y_shift = 0.0
    y_scale = float(np.sqrt(np.mean((y - y_shift) ** 2))) or 1.0
    ys = (y - y_shift) / y_scale

    # Columns of Z on the conditioned scale: a Z column equal to an X column reuses it (centred,
    # when Z has an intercept and the covariance is unstructured); others are only scaled.
    z_int = next((k for k in range(q) if np.all(z[:, k] == 1.0)), None)
    u = np.zeros((q, q))
    base: list[Array] = [xs[:, j] for j in range(p)]
    z_index = []
    for k in range(q):
        match = next((j for j in range(p) if np.array_equal(z[:, k], x[:, j])), None)
        centred_ok = match is not None and (match == x_int or (not diagonal and z_int is not None))
        if centred_ok and match is not None:
            z_index.append(match)
            u[k, k] = x_scale[match]
            if match != x_int and z_int is not None:
                u[z_int, k] = x_centre[match]
        elif not diagonal and z_int is not None and k != z_int:
            # Its own centring (e.g. time read from another origin): the intercept absorbs the shift.
            centre = float(z[:, k].mean())
            spread = float(np.sqrt(np.mean((z[:, k] - centre) ** 2))) or 1.0
            base.append((z[:, k] - centre) / spread)
            z_index.append(len(base) - 1)
            u[k, k], u[z_int, k] = spread, centre
        else:
            rms = float(np.sqrt(np.mean(z[:, k] ** 2))) or 1.0
            base.append(z[:, k] / rms)
            z_index.append(len(base) - 1)
            u[k, k] = rms
    y_index = len(base)
    base.append(ys)
    ones = {j for j in range(len(base)) if j == x_int}

    counts = np.bincount(codes, minlength=n_groups).astype(float)
    cache: dict[tuple[int, int], Array] = {}

    def per_group(a: int, b: int) -> Array:
        key = (min(a, b), max(a, b))
        if key not in cache:
            if a in ones and b in ones:
                cache[key] = counts
            elif a in ones or b in ones:
                other = b if a in ones else a
                cache[key] = np.bincount(codes, weights=base[other], minlength=n_groups)
            else:
                cache[key] = np.bincount(codes, weights=base[a] * base[b], minlength=n_groups)
        return cache[key]

    columns = [*z_index, *range(p), y_index]
    zw = np.array([[per_group(a, b) for b in columns] for a in z_index])
    xx = xs.T @ xs
    if not full_column_rank(xs, xx):
        raise ValueError(
            "the fixed effects are collinear (the design is rank deficient): a covariate repeats time "
            "or another covariate, or a level has no data"
        )
    _, log_det_w = np.linalg.slogdet(w)
    return _Problem(
        q=q,
        p=p,
        n=n,
        zw=zw,
        zz_sum=zw[:, :q].sum(-1),
        xx=xx,
        xy=xs.T @ ys,
        yy=float(ys @ ys),
        w_inv=np.linalg.inv(w),
        u=u,
        u_inv=np.linalg.inv(u),
        y_shift=y_shift,
        y_scale=y_scale,
        intercept=x_int,
        log_det_w=float(log_det_w),
        diagonal=diagonal,
    )


# The Gram matrix's rounding error is at most about n * eps * trace(X'X) (each of its entries sums n
# products); a smallest eigenvalue this many times that error cannot come from a rank-deficient X.
GRAM_MARGIN = 4.0


def full_column_rank(xs: Array, xx: Array) -> bool:
    """Whether ``xs`` (n x p) has full column rank, as ``np.linalg.matrix_rank(xs) == p`` decides.

    ``xx`` is ``xs' xs``. When its smallest eigenvalue clears ``GRAM_MARGIN`` times the Gram
    matrix's rounding error, the smallest singular value of ``xs`` is above sqrt(2 n eps) times
    the largest, far above matrix_rank's tolerance (n eps times the largest), and the SVD of the
    n x p matrix (0.06-0.17 CPU-s a fit at 1,000,000 rows) is skipped; otherwise the SVD decides.
    """
    n, p = xs.shape
    if n >= p and np.all(np.isfinite(xx)):
        error = max(n, p) * np.finfo(float).eps * float(np.trace(xx))
        if float(np.linalg.eigvalsh(xx)[0]) > GRAM_MARGIN * error:
            return True
    return bool(np.linalg.matrix_rank(xs) == p)


# --- elementwise algebra on (q, q, G) blocks ------------------------------------------------------


def _chol_inv(a: Array) -> tuple[Array, Array]:
    """Lower Cholesky factor of a small positive definite matrix and its inverse (LAPACK directly:
    numpy.linalg's per-call overhead dominates at this size)."""
    from scipy.linalg.lapack import dpotrf, dtrtri

    low, info = dpotrf(a, lower=1, clean=1)
    if info != 0:
        raise np.linalg.LinAlgError("the fixed-effects design is rank deficient")
    inv, info = dtrtri(low, lower=1)
    return low, inv


def _chol(m: Array) -> Array:
    """Lower Cholesky factor of each q x q block of m (q, q, G), written out (q <= 3)."""
    q = m.shape[0]
    low = np.zeros_like(m)
    for j in range(q):
        d = m[j, j] - sum(low[j, k] * low[j, k] for k in range(j)) if j else m[j, j]
        low[j, j] = np.sqrt(d)
        for i in range(j + 1, q):
            s = m[i, j] - sum(low[i, k] * low[j, k] for k in range(j)) if j else m[i, j]
            low[i, j] = s / low[j, j]
    return low


def _forward(low: Array, rhs: Array) -> Array:
    """Solve L x = rhs blockwise; rhs is (q, ..., G)."""
    q = low.shape[0]
    out = np.empty_like(rhs)
    for i in range(q):
        s = rhs[i]
        for k in range(i):
            s = s - low[i, k] * out[k]
        out[i] = s / low[i, i]
    return out


def _backward(low: Array, rhs: Array) -> Array:
    """Solve L' x = rhs blockwise; rhs is (q, G)."""
    q = low.shape[0]
    out = np.empty_like(rhs)
    for i in reversed(range(q)):
        s = rhs[i]
        for k in range(i + 1, q):
            s = s - low[k, i] * out[k]
        out[i] = s / low[i, i]
    return out


@dataclass(frozen=True)
class _State:
    """The profiled quantities at one Lambda (conditioned scale)."""

    deviance: float
    beta: Array
    pwrss: float
    chol: Array  # (q, q, G) L_i
    # (q, q + p + 1, G): L_i^-1 Lambda' Z_i' [Z_i, X_i, y_i] = [K_i, R_ZX,i, c_u,i]
    solved: Array
    rx_inv_sq: Array  # (p, p) (X'V^-1 X)^-1
    l_x_inv: Array  # (p, p)
    kk_sum: Array  # (q, q) sum K_i' K_i

    @property
    def r_zx(self) -> Array:
        q = self.chol.shape[0]
        return self.solved[:, q:-1]

    @property
    def c_u(self) -> Array:
        return self.solved[:, -1]


def _solve(lam: Array, s: _Problem, reml: bool) -> _State:
    """The profiled deviance and everything it computes at Lambda (any q x q matrix)."""
    q, p = s.q, s.p
    n_groups = s.zw.shape[-1]
    applied = (lam.T @ s.zw.reshape(q, -1)).reshape(s.zw.shape)  # Lambda' Z_i'[Z X y]
    m = np.matmul(lam.T, applied[:, :q])  # (a, b, G): Lambda' S_i Lambda
    for a in range(q):
        m[a, a] += 1.0
    low = _chol(m)
    if not np.all(np.isfinite(low[q - 1, q - 1])):
        raise np.linalg.LinAlgError("not positive definite")
    solved = _forward(low, applied)
    # One product gives every sum over groups: K'K, K'R, R'R, R'c, c'c.
    flat = solved.transpose(1, 0, 2).reshape(q + p + 1, q * n_groups)
    gram = flat @ flat.T
    rx = s.xx - gram[q:-1, q:-1]
    l_x, l_x_inv = _chol_inv(rx)
    c_beta = l_x_inv @ (s.xy - gram[q:-1, -1])
    beta = l_x_inv.T @ c_beta
    pwrss = max(s.yy - float(gram[-1, -1]) - float(c_beta @ c_beta), 1e-300)
    log_det_l = 2.0 * float(sum(np.sum(np.log(low[a, a])) for a in range(q)))
    dof = s.n - p if reml else s.n
    deviance = log_det_l + dof * (1.0 + math.log(2.0 * math.pi * pwrss / dof))
    if reml:
        deviance += 2.0 * float(np.sum(np.log(np.diag(l_x))))
    return _State(deviance, beta, pwrss, low, solved, l_x_inv.T @ l_x_inv, l_x_inv, gram[:q, :q])


def _weighted(st: _State, s: _Problem) -> tuple[Array, Array, Array]:
    """Z'V^-1 Z summed over groups (q, q), Z_i'V_i^-1 X_i (q, p, G) and Z_i'V_i^-1 r_i (q, G).

    With V_i^-1 = I - Z_i Lambda M_i^-1 Lambda' Z_i': Z'V^-1 [Z X y] = Z'[Z X y] - K' L^-1 Lambda' Z'[Z X y].
    """
    q = s.q
    k = st.solved[:, :q]
    resid = st.solved[:, -1] - st.beta @ st.solved[:, q:-1]
    raw = s.zw[:, -1] - st.beta @ s.zw[:, q:-1]  # Z_i'(y_i - X_i beta)
    zvx = s.zw[:, q:-1].copy()
    w = raw
    for j in range(q):
        zvx -= k[j][:, None, :] * st.r_zx[j][None, :, :]
        w = w - k[j] * resid[j]
    return s.zz_sum - st.kk_sum, zvx, w


def _d_cov(st: _State, s: _Problem, reml: bool, inv_sigma2: float) -> tuple[Array, Array]:
    """The deviance's derivative in D = Lambda Lambda' (q x q, symmetric), and Z_i'V_i^-1 X_i.

    d log|V| = tr(sum Z'V^-1 Z dD), d pwrss = -sum w' dD w, d log|X'V^-1 X| = -tr(sum W C W' dD),
    with w_i = Z_i'V_i^-1 r_i, W_i = Z_i'V_i^-1 X_i, C = (X'V^-1 X)^-1; ``inv_sigma2`` weighs
    the pwrss term (dof/pwrss for the profiled deviance, 1/sigma^2 with sigma held fixed).
    """
    zvz, zvx, w = _weighted(st, s)
    grad = zvz - inv_sigma2 * (w @ w.T)
    if reml:
        # sum W C W' = sum (W L_X^-T)(W L_X^-T)', C = L_X^-T L_X^-1
        half = np.matmul(st.l_x_inv, zvx).reshape(s.q, -1)
        grad = grad - half @ half.T
    return grad, zvx


# --- parametrisations of Lambda ------------------------------------------------------------------


def _tri_index(q: int, diagonal: bool) -> list[tuple[int, int]]:
    """Positions of theta in Lambda, in lme4's order (lower triangle by columns, or the diagonal)."""
    if diagonal:
        return [(i, i) for i in range(q)]
    return [(i, j) for j in range(q) for i in range(j, q)]


def _lambda(theta: Array, index: list[tuple[int, int]], q: int) -> Array:
    lam = np.zeros((q, q))
    for value, (i, j) in zip(theta, index, strict=True):
        lam[i, j] = value
    return lam


def _lower_bounds(index: list[tuple[int, int]]) -> Array:
    return np.array([0.0 if i == j else -np.inf for i, j in index])


def _safe_chol(d: Array) -> Array:
    """Lower Cholesky factor of a positive semi-definite q x q matrix (zero columns where singular)."""
    q = d.shape[0]
    low = np.zeros((q, q))
    scale = max(float(np.max(np.abs(np.diag(d)))), 1e-300)
    for j in range(q):
        v = d[j, j] - float(low[j, :j] @ low[j, :j])
        if v <= 1e-14 * scale:
            continue
        low[j, j] = math.sqrt(v)
        for i in range(j + 1, q):
            low[i, j] = (d[i, j] - float(low[i, :j] @ low[j, :j])) / low[j, j]
    return low


# --- optimisation -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Objective:
    """The profiled deviance in theta (conditioned scale) and its analytic gradient."""

    s: _Problem
    reml: bool
    index: list[tuple[int, int]]

    def __call__(self, theta: Array) -> tuple[float, Array]:
        lam = _lambda(theta, self.index, self.s.q)
        try:
            st = _solve(lam, self.s, self.reml)
        except np.linalg.LinAlgError:
            return math.inf, np.zeros_like(theta)
        dof = self.s.n - self.s.p if self.reml else self.s.n
        g_d, _ = _d_cov(st, self.s, self.reml, dof / st.pwrss)
        g_lam = 2.0 * g_d @ lam
        return st.deviance, np.array([g_lam[i, j] for i, j in self.index])

    def hessian(self, theta: Array, free: list[int], grad: Array) -> Array:
        """Forward differences of the analytic gradient (``grad`` at theta), in the free coordinates."""
        k = len(free)
        hess = np.zeros((k, k))
        for a, i in enumerate(free):
            h = 1e-6 * max(1.0, abs(theta[i]))
            up = theta.copy()
            up[i] += h
            hess[a] = (self(up)[1][free] - grad[free]) / h
        return 0.5 * (hess + hess.T)


def _optimize(obj: _Objective, near: Array | None = None) -> tuple[Array, str, bool, float]:
    """Minimise the profiled deviance from two starts; restart off zero-variance saddles; polish.

    ``near`` (theta on the conditioned scale) replaces the two starts by one: the optimum of a
    problem that differs from this one by a single group's statistics (a leave-one-out refit).
    Returns theta, the winning run, whether the runs agree, and lme4's scaled gradient.
    """
    from scipy.optimize import minimize

    index = obj.index
    lower = _lower_bounds(index)
    bounds = [(0.0, None) if lo == 0 else (None, None) for lo in lower]

    def run(start: Array) -> tuple[float, Array]:
        res = minimize(obj, start, jac=True, method="L-BFGS-B", bounds=bounds, options=LBFGS_OPTIONS)
        return float(res.fun), np.maximum(np.asarray(res.x, dtype=float), lower)

    if near is None:
        starts = {
            "L-BFGS-B from lme4's start": np.array([1.0 if i == j else 0.0 for i, j in index]),
            "L-BFGS-B from moments": _moment_start(obj.s, index),
        }
    else:
        starts = {"L-BFGS-B from a nearby optimum": np.maximum(near, lower)}
    runs = sorted(((*run(start), name) for name, start in starts.items()), key=lambda r: (r[0], r[2]))
    best, theta, method = runs[0]
    agree = all(other - best <= AGREE_TOL * max(1.0, abs(best)) for other, _, _ in runs[1:])
    # The deviance is even in each diagonal element of Lambda, so a diagonal element at 0 is
    # always a stationary point, often a saddle both runs stop at: restart off it.
    for start in _escape_starts(theta, index):
        value, x = run(start)
        if value < best - AGREE_TOL * max(1.0, abs(best)):
            best, method, theta, agree = value, "L-BFGS-B (restarted off the boundary)", x, False
    theta, gradient = _polish(obj, theta, lower)
    return theta, method, agree, gradient


def _moment_start(s: _Problem, index: list[tuple[int, int]]) -> Array:
    """A start from the data: the spread of each group's own least-squares random effects, less
    their sampling noise (a method-of-moments estimate of D / sigma^2), on the conditioned scale.

    Groups too small to fit their own q effects are left out; a negative or degenerate estimate
    becomes a small positive one, so the start is always interior.
    """
    q = s.q
    zz = s.zw[:, :q]
    beta = np.linalg.solve(s.xx, s.xy)
    zr = s.zw[:, -1] - beta @ s.zw[:, q:-1]  # Z_i' r_i for the least-squares residuals
    with np.errstate(all="ignore"):
        low = _chol(zz)
        ok = np.all(np.isfinite(low), axis=(0, 1))
        for a in range(q):
            ok &= low[a, a] > 1e-8 * np.sqrt(np.maximum(zz[a, a], 1e-300))
    fallback = np.array([0.5 if i == j else 0.0 for i, j in index])
    if np.count_nonzero(ok) <= q + 1:
        return fallback
    low, zr = low[..., ok], zr[:, ok]
    half = _forward(low, zr)  # L_i^-1 Z_i'r_i
    own = _backward(low, half)  # S_i^-1 Z_i'r_i
    inv_low = _forward(low, np.broadcast_to(np.eye(q)[:, :, None], low.shape).copy())
    mean_inv = np.einsum("kag,kbg->ab", inv_low, inv_low) / own.shape[1]  # mean S_i^-1
    rss = s.yy - 2.0 * float(beta @ s.xy) + float(beta @ s.xx @ beta)
    dof = s.n - s.p - q * own.shape[1]
    sigma2 = max((rss - float(np.sum(half * half))) / dof, 1e-12) if dof > 0 else rss / s.n
    d = np.cov(own).reshape(q, q) - sigma2 * mean_inv
    values, vectors = np.linalg.eigh(0.5 * (d + d.T) / sigma2)
    floor = 0.01 * max(float(values.max()), 1.0)
    d = (vectors * np.maximum(values, floor)) @ vectors.T
    if s.diagonal:
        return np.sqrt(np.diag(d))
    factor = np.linalg.cholesky(d)
    return np.array([factor[i, j] for i, j in index])


def _escape_starts(theta: Array, index: list[tuple[int, int]]) -> list[Array]:
    starts = []
    size = max(1.0, float(np.max(np.abs(theta))))
    for k, (i, j) in enumerate(index):
        if i == j and theta[k] < SINGULAR_TOL:
            for value in (0.05, 0.5):
                start = theta.copy()
                start[k] = value * size
                starts.append(start)
    return starts


def _polish(obj: _Objective, theta: Array, lower: Array) -> tuple[Array, float]:
    """One Newton step on the free parameters, then lme4's convergence check.

    lme4 (checkConv): parameters on their bound are left out; the scaled gradient is
    chol(H)^-1 g, and the check takes, per parameter, the smaller of it and the raw gradient.
    """

    def free_at(point: Array) -> list[int]:
        return [k for k in range(len(point)) if not (lower[k] == 0 and point[k] <= 0)]

    value, grad = obj(theta)
    free = free_at(theta)
    if not free:
        return theta, 0.0
    hess = obj.hessian(theta, free, grad)
    try:
        np.linalg.cholesky(hess)
    except np.linalg.LinAlgError:
        return theta, float(np.max(np.abs(grad[free])))
    step = np.zeros_like(theta)
    step[free] = np.linalg.solve(hess, grad[free])
    trial = np.maximum(theta - step, lower)
    new_value, new_grad = obj(trial)
    if new_value < value:
        theta, grad = trial, new_grad
    kept = [a for a, k in enumerate(free) if k in free_at(theta)]
    if not kept:
        return theta, 0.0
    return theta, _scaled_gradient(grad[[free[a] for a in kept]], hess[np.ix_(kept, kept)])


def _scaled_gradient(grad: Array, hess: Array) -> float:
    """lme4's checkConv statistic: max over parameters of min(|chol(H)^-1 g|, |g|)."""
    try:
        scaled = np.linalg.solve(np.linalg.cholesky(hess), grad)
    except np.linalg.LinAlgError:
        return float(np.max(np.abs(grad)))
    return float(np.max(np.minimum(np.abs(scaled), np.abs(grad))))


# --- the fit from the optimum -------------------------------------------------------------------


def fit_lmm(
    y: Any,
    x: Any,
    z: Any,
    groups: Any,
    *,
    fixed_names: tuple[str, ...] | list[str],
    random_names: tuple[str, ...] | list[str],
    reml: bool = True,
    covariance: str = "unstructured",
    terms: tuple[str, ...] | None = None,
    assign: tuple[int, ...] | None = None,
    time: str = "time",
    type3: dict[str, Array] | None = None,
) -> MixedFit:
    """Fit y = X beta + Z b + e with one grouping factor by REML or ML.

    Args:
        y: responses (n); x: fixed-effects design (n x p, full column rank); z: random-effects
            columns (n x q, q in 1..3), e.g. 1, t, t^2; groups: group id of each row.
        fixed_names, random_names: names of the columns of x and z.
        reml: REML (default) or maximum likelihood.
        covariance: "unstructured" (lme4's ``(t | g)``) or "diagonal" (``(t || g)``).
        terms, assign: term labels and the term of each column of x (for type-III tests).
        time: the name of the time column, whose coefficient is ``MixedFit.slope``.
        type3: the type-III contrast matrix of each term, when the design provides them.

    Raises:
        ValueError: shapes or names that do not fit; numpy.linalg.LinAlgError: a rank-deficient X.
    """
    y, x, z = _checked_arrays(y, x, z, covariance)
    q = z.shape[1]
    if len(fixed_names) != x.shape[1] or len(random_names) != q:
        raise ValueError("fixed_names and random_names must name every column of x and z")
    labels, codes = _factorize(groups)
    with one_blas_thread():
        problem = _prepare(y, x, z, codes, len(labels), covariance == "diagonal")
        obj = _Objective(problem, reml, _tri_index(q, covariance == "diagonal"))
        theta, optimizer, agree, gradient = _optimize(obj)
        return _finish(
            problem,
            obj,
            theta,
            engine="exact",
            labels=labels,
            codes=codes,
            x=x,
            z=z,
            fixed_names=tuple(fixed_names),
            random_names=tuple(random_names),
            covariance=covariance,
            optimizer=optimizer,
            agree=agree,
            gradient=gradient,
            terms=tuple(terms) if terms is not None else tuple(fixed_names),
            assign=tuple(assign) if assign is not None else tuple(range(x.shape[1])),
            time=time,
            type3=type3,
        )


@dataclass(frozen=True)
class Likelihood:
    """A model's maximised log-likelihood and its parameter count, without its estimates."""

    loglik: float
    n_params: int  # fixed effects + covariance parameters + residual variance, as MixedFit counts
    warnings: tuple[str, ...] = ()  # what the fit warned of (mixed._guarded notes them)

    @property
    def aic(self) -> float:
        return -2.0 * self.loglik + 2 * self.n_params


def fit_lmm_likelihood(
    y: Any, x: Any, z: Any, groups: Any, *, reml: bool = False, covariance: str = "unstructured"
) -> Likelihood:
    """:func:`fit_lmm`'s log-likelihood alone: the same optimum (the same starts, steps and polish),
    without the estimates, standard errors, Satterthwaite df and BLUPs a likelihood comparison
    never reads (a shape candidate's fit at 1,000,000 rows: 0.1-0.15 CPU-s less).

    Raises:
        ValueError, numpy.linalg.LinAlgError: as :func:`fit_lmm`.
    """
    y, x, z = _checked_arrays(y, x, z, covariance)
    labels, codes = _factorize(groups)
    with one_blas_thread():
        problem = _prepare(y, x, z, codes, len(labels), covariance == "diagonal")
        obj = _Objective(problem, reml, _tri_index(z.shape[1], covariance == "diagonal"))
        theta, _, _, _ = _optimize(obj)
        st = _solve(_lambda(theta, obj.index, problem.q), problem, reml)
        return Likelihood(_loglik(st, problem, reml), problem.p + len(obj.index) + 1)


def _checked_arrays(y: Any, x: Any, z: Any, covariance: str) -> tuple[Array, Array, Array]:
    """y, X and Z as float arrays of matching rows, with 1 to 3 random-effect columns."""
    if covariance not in COVARIANCES:
        raise ValueError(f"covariance must be one of {', '.join(COVARIANCES)}, not {covariance!r}")
    y = np.asarray(y, dtype=float)
    x = np.asarray(x, dtype=float).reshape(len(y), -1)
    z = np.asarray(z, dtype=float).reshape(len(y), -1)
    if not 1 <= z.shape[1] <= 3:
        raise ValueError(f"1 to 3 random-effect columns are supported, not {z.shape[1]}")
    return y, x, z


def _loglik(st: _State, s: _Problem, reml: bool) -> float:
    """The log-likelihood (REML or ML) on the original scale, from the profiled deviance at st."""
    dof = s.n - s.p if reml else s.n
    offset = 2.0 * dof * math.log(s.y_scale) + (2.0 * s.log_det_w if reml else 0.0)
    return -0.5 * (st.deviance + offset)


@functools.cache
def _blas_controller() -> Any:
    import scipy.optimize  # noqa: F401  (loads scipy's own BLAS, which the controller must see)
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def one_blas_thread() -> Iterator[None]:
    """Run with one BLAS thread: on matrices this small, BLAS threads only wait on each other.

    Measured at 50k rows on a busy 2-core machine: 0.63 s with two threads, 0.16 s with one.
    """
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


def _factorize(groups: Any) -> tuple[Array, Array]:
    """Sorted group labels (as str) and each row's code; an Arrow column's read-only and computed once
    per analysis (see :mod:`reportgen.analysis.group_codes`)."""
    data = getattr(getattr(groups, "array", None), "_pa_array", None)
    codes = open_codes()
    if data is None or codes is None:
        return _factorize_values(groups)
    return codes.of(data, groups, _factorize_values)


def _factorize_values(groups: Any) -> tuple[Array, Array]:
    """Sorted group labels (as str) and each row's code; hashing, not sorting, the rows."""
    import pandas as pd

    # Hash the values as they are, then sort the few distinct labels as text (as np.unique on
    # str would, at a fraction of the cost on 50k string ids).
    # A pandas column is hashed as it is stored (Arrow strings are dictionary-encoded in place).
    codes, uniques = pd.factorize(groups if isinstance(groups, pd.Series) else np.asarray(groups))
    if np.any(codes < 0):
        raise ValueError("some rows have no group id")
    labels = np.asarray(uniques, dtype=object)
    if pd.api.types.infer_dtype(labels, skipna=False) != "string":  # str() only when not already text
        labels = np.array([str(u) for u in labels], dtype=object)
    order = np.argsort(labels.astype(str), kind="stable")
    rank = np.empty(len(order), dtype=np.intp)
    rank[order] = np.arange(len(order))
    return labels[order], rank[np.asarray(codes, dtype=np.intp)]


def _finish(
    s: _Problem,
    obj: _Objective,
    theta: Array,
    *,
    engine: str,
    labels: Array,
    codes: Array,
    x: Array,
    z: Array,
    fixed_names: tuple[str, ...],
    random_names: tuple[str, ...],
    covariance: str,
    optimizer: str,
    agree: bool,
    gradient: float,
    terms: tuple[str, ...],
    assign: tuple[int, ...],
    time: str,
    type3: dict[str, Array] | None,
) -> MixedFit:
    """Every estimate at the optimum, on the original scale, with lmerTest's Satterthwaite pieces."""
    lam = _lambda(theta, obj.index, s.q)
    st = _solve(lam, s, obj.reml)
    dof = s.n - s.p if obj.reml else s.n
    sigma2_s = st.pwrss / dof
    y2 = s.y_scale**2

    beta_s = s.y_scale * st.beta
    if s.intercept is not None:
        beta_s[s.intercept] += s.y_shift
    beta = s.w_inv @ beta_s
    beta_cov = y2 * sigma2_s * s.w_inv @ st.rx_inv_sq @ s.w_inv.T
    d_s = lam @ lam.T
    re_cov = y2 * sigma2_s * s.u_inv @ d_s @ s.u_inv.T
    # u_i = L_i^-T (c_u,i - R_ZX,i beta);  b_i = Lambda u_i
    resid = st.c_u - st.beta @ st.r_zx
    b_s = lam @ _backward(st.chol, resid)
    to_raw = s.y_scale * s.u_inv
    b = (to_raw @ b_s).T
    # Conditional covariance sigma^2 Lambda M_i^-1 Lambda', M_i^-1 = L_i^-T L_i^-1.
    k = _forward(st.chol, np.broadcast_to(lam.T[:, :, None], (s.q, s.q, len(labels))).copy())
    cond_s = np.einsum("kag,kbg->gab", k, k)
    cond = sigma2_s * np.einsum("ia,gab,jb->gij", to_raw, cond_s, to_raw)
    fitted = x @ beta + np.einsum("nk,nk->n", z, b[codes])

    lam_raw = _safe_chol(s.u_inv @ d_s @ s.u_inv.T) if covariance == "unstructured" else s.u_inv @ lam
    theta_raw = np.array([lam_raw[i, j] for i, j in obj.index])
    sigma = math.sqrt(y2 * sigma2_s)
    vcov_varpar, jacobian, notes = _satterthwaite(s, obj, theta_raw, sigma)
    coefficients = {}
    for j, name in enumerate(fixed_names):
        weights = np.zeros(s.p)
        weights[j] = 1.0
        coefficients[name] = _contrast_coefficient(beta, beta_cov, vcov_varpar, jacobian, weights)

    singular = bool(np.any(np.abs(np.diag(_conditioned_factor(lam, covariance))) < SINGULAR_TOL))
    converged = gradient < GRADIENT_TOL
    if not converged:
        notes.insert(0, f"scaled gradient {gradient:.2g} at the reported optimum: it may not be the optimum")
    if singular:
        notes.append("singular fit: a variance is estimated at (or near) zero, or a correlation at +-1")
    return MixedFit(
        engine=engine,
        reml=obj.reml,
        fixed_names=fixed_names,
        beta=beta,
        beta_cov=beta_cov,
        coefficients=coefficients,
        random_names=random_names,
        covariance=covariance,
        theta=theta_raw,
        re_cov=re_cov,
        residual_var=y2 * sigma2_s,
        loglik=_loglik(st, s, obj.reml),
        groups=tuple(labels.tolist()),
        random_effects=b,
        random_effects_cov=cond,
        fitted=fitted,
        n_obs=s.n,
        converged=converged,
        singular=singular,
        optimizer=optimizer,
        optimizers_agree=agree,
        gradient_norm=gradient,
        warnings=tuple(notes),
        vcov_varpar=vcov_varpar,
        vcov_beta_jacobian=jacobian,
        time_name=time,
        terms=terms,
        assign=assign,
        type3=type3,
    )


def _conditioned_factor(lam: Array, covariance: str) -> Array:
    """Lambda on the conditioned scale as a lower-triangular factor (for the singular check)."""
    return lam if covariance == "diagonal" else _safe_chol(lam @ lam.T)


def _contrast_coefficient(
    beta: Array, beta_cov: Array, vcov_varpar: Array, jacobian: Array, weights: Array
) -> Coefficient:
    """lmerTest's contest1D: t = L beta / se with df = 2 var^2 / (g' A g)."""
    var = float(weights @ beta_cov @ weights)
    grad = np.einsum("p,kpr,r->k", weights, jacobian, weights)
    denom = float(grad @ vcov_varpar @ grad)
    df = 2.0 * var * var / denom if denom > 0 else math.inf
    return t_coefficient(float(weights @ beta), math.sqrt(max(var, 0.0)), df)


def _satterthwaite(
    s: _Problem, obj: _Objective, theta_raw: Array, sigma: float
) -> tuple[Array, Array, list[str]]:
    """lmerTest's vcov of (theta, sigma) and the Jacobian of vcov(beta), in lme4's parametrisation.

    The Hessian is the forward difference of the analytic gradient of the deviance with sigma
    held fixed (lmerTest's ``devfun_vp``); the Jacobian is analytic:
    d vcov(beta) / d theta_k = sigma^2 C (sum_i W_i' dD_k W_i) C, d / d sigma = 2 sigma C.
    """
    index = obj.index

    def lambda_s(theta: Array) -> Array:
        return s.u @ _lambda(theta, index, s.q)  # Lambda on the conditioned scale (not triangular)

    def gradient(varpar: Array) -> Array:
        theta, sig = varpar[:-1], varpar[-1]
        sig_s = sig / s.y_scale
        lam = lambda_s(theta)
        st = _solve(lam, s, obj.reml)
        g_d, _ = _d_cov(st, s, obj.reml, 1.0 / sig_s**2)
        g_raw = s.u.T @ (2.0 * g_d @ lam)
        dof = s.n - s.p if obj.reml else s.n
        d_sigma = (-2.0 * st.pwrss / sig_s**3 + 2.0 * dof / sig_s) / s.y_scale
        return np.append([g_raw[i, j] for i, j in index], d_sigma)

    varpar = np.append(theta_raw, sigma)
    k = len(varpar)
    # Steps on each parameter's natural scale: rows of Lambda scale like 1 / U_ii.
    unit = np.array([1.0 / s.u[i, i] for i, _ in index] + [sigma])
    steps = 1e-6 * np.maximum(np.abs(varpar), 0.1 * unit)
    hess = np.zeros((k, k))
    base = gradient(varpar)
    for a in range(k):
        up = varpar.copy()
        up[a] += steps[a]
        hess[a] = (gradient(up) - base) / steps[a]
    # The tolerance applies to the Hessian in (theta, sigma / unit): sigma carries the response's
    # unit, and its curvature (~ n / sigma^2) would otherwise fall under the tolerance for a
    # response in the millions and leave sigma's variance out of the df (y x 1e6: df ~ 1e23).
    hess = unit[:, None] * (0.5 * (hess + hess.T)) * unit[None, :]
    values, vectors = np.linalg.eigh(hess)
    notes = []
    if np.any(values < -HESSIAN_TOL):
        notes.append("the deviance's Hessian has a negative eigenvalue: the fit may not be at a minimum")
    positive = values > HESSIAN_TOL
    scaled = 2.0 * (vectors[:, positive] / values[positive]) @ vectors[:, positive].T
    vcov_varpar = unit[:, None] * scaled * unit[None, :]

    lam = lambda_s(theta_raw)
    st = _solve(lam, s, obj.reml)
    _, zvx, _ = _weighted(st, s)
    sig_s2 = (sigma / s.y_scale) ** 2
    c = st.rx_inv_sq
    jacobian = np.zeros((k, s.p, s.p))
    for a, (i, j) in enumerate(index):
        unit_lam = np.zeros((s.q, s.q))
        unit_lam[i, j] = 1.0
        d_lam = s.u @ unit_lam
        d_d = d_lam @ lam.T + lam @ d_lam.T
        middle = np.einsum("apg,ab,bkg->pk", zvx, d_d, zvx)
        jacobian[a] = s.y_scale**2 * sig_s2 * s.w_inv @ (c @ middle @ c) @ s.w_inv.T
    jacobian[-1] = 2.0 * sigma * s.w_inv @ c @ s.w_inv.T
    return vcov_varpar, jacobian, notes


# --- the seminar's two models -------------------------------------------------------------------


def fit_exact(y: Array, t: Array, groups: Any, *, random_slope: bool, reml: bool = True) -> MixedFit:
    """Fit ``y ~ t + (1 | g)`` or ``y ~ t + (t | g)`` by REML or ML (see :func:`fit_lmm`)."""
    t = np.asarray(t, dtype=float)
    x = np.column_stack([np.ones_like(t), t])
    q = 2 if random_slope else 1
    return fit_lmm(
        y,
        x,
        x[:, :q],
        groups,
        fixed_names=("(Intercept)", "time"),
        random_names=("(Intercept)", "time")[:q],
        reml=reml,
        terms=("(Intercept)", "time"),
        assign=(0, 1),
    )
