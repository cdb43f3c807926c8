"""Model matrices of the fixed effects: time, its square, covariates and their interactions with time.

Built with formulaic (Wilkinson formulas, R's conventions): ``1 + time [+ I(time**2)]
[+ cov + time:cov for each covariate]``, terms ordered by degree as R orders them. A categorical
covariate is treatment-coded with the first level in sorted order as the reference; a numeric one
enters as it is. Column names follow R's ``model.matrix``: ``(Intercept)``, ``time``,
``I(time^2)``, ``sexM`` (level ``M`` of ``sex``), ``time:sexM``, ``weight``, ``time:weight``,
with the columns' own names (no quoting, whatever characters they hold).

Columns are renamed to safe identifiers before formulaic sees them, so any column name works.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

import numpy as np

from reportgen.errors import DataValueError

if TYPE_CHECKING:
    import pandas as pd
    from numpy.typing import NDArray

    from reportgen.analysis.time_basis import Shape

    Array = NDArray[Any]

INTERCEPT = "(Intercept)"


@dataclass(frozen=True)
class ModelMatrix:
    """The fixed-effects model matrix of one model.

    ``X`` (n x p) has the columns ``names``; ``assign[j]`` is the index in ``terms`` of the term
    column j belongs to (``terms[0]`` is ``"(Intercept)"``); ``levels`` maps each categorical
    covariate to its levels (the first is the reference). ``full`` is R's rank-deficient design of
    every term coded with all its levels, which lmerTest's type-III contrasts start from.
    """

    X: Array = field(repr=False)
    names: tuple[str, ...]
    terms: tuple[str, ...]
    assign: tuple[int, ...]
    levels: dict[str, tuple[str, ...]]
    time: str
    covariates: tuple[str, ...]
    quadratic: bool
    full: Array = field(repr=False)
    full_names: tuple[str, ...]
    full_assign: tuple[int, ...]
    # The variables of each term, and which of them are numeric (for containment).
    term_variables: tuple[frozenset[str], ...]
    term_numerics: tuple[frozenset[str], ...]
    # formulaic's model spec (None for ``1 + time [+ time^2]``): it codes new rows as X was coded.
    spec: Any = field(default=None, repr=False, compare=False)

    def rows(self, new: pd.DataFrame) -> Array:
        """The design's rows at new values of time and the covariates, coded as X is.

        A contrast built from them (the difference of two rows) holds whatever the time basis is.
        """
        t = new[self.time].to_numpy(float)
        if self.basis is not None:  # a curve: coded at time 1, then times the shape's columns
            x = self._coded(new, np.ones_like(t))
            return _expand(x, self.plan, self.basis.columns(t))
        if self.spec is None and self.shape not in ("linear", "quadratic"):
            raise NotImplementedError(f"rows of a {self.shape} trend's design")
        if self.spec is None:
            return np.column_stack([np.ones_like(t), t, t**2])[:, : len(self.names)]
        return self._coded(new, t)

    def _coded(self, new: pd.DataFrame, t: Array) -> Array:
        """formulaic's coding of new rows (time given as ``t``), columns in term order."""
        import pandas as pd

        safe = pd.DataFrame({"t_": t}, index=new.index)
        for k, name in enumerate(self.covariates):
            safe[f"c{k}_"] = (
                pd.Categorical(new[name].astype(str), categories=list(self.levels[name]))
                if name in self.levels
                else new[name].to_numpy(float)
            )
        order = [j for indices in self.spec.term_indices.values() for j in indices]
        return self.spec.get_model_matrix(safe).to_numpy(dtype=float)[:, order]

    shape: str = "linear"  # the trend shape of the time columns (reportgen.analysis.shape)
    # A curve with covariates (:func:`_shaped_matrix`): the shape, and each column of X as
    # (column of the design coded at time 1, the shape's column it is multiplied by, or -1).
    basis: Shape | None = field(default=None, repr=False, compare=False)
    plan: tuple[tuple[int, int], ...] = field(default=(), repr=False)

    def columns(self, term: str) -> list[int]:
        """The columns of X that belong to a term."""
        k = self.terms.index(term)
        return [j for j, a in enumerate(self.assign) if a == k]

    def containment(self) -> dict[str, tuple[str, ...]]:
        """For each term, the terms that contain it (SAS's definition, as lmerTest's ``containment``).

        F2 contains F1 when F2 has every variable of F1 and more, and both have the same numeric
        variables. The intercept is left out.
        """
        out = {}
        for a, term in enumerate(self.terms):
            if term == INTERCEPT:
                continue
            out[term] = tuple(
                other
                for b, other in enumerate(self.terms)
                if other != INTERCEPT
                and self.term_variables[a] < self.term_variables[b]
                and self.term_numerics[a] == self.term_numerics[b]
            )
        return out

    @cached_property
    def type3(self) -> dict[str, Array]:
        """lmerTest's type-III contrast matrix of each term (rows of L, one column per coefficient).

        L starts as the full design expressed in the model's coefficients (ginv(X) times the full
        design); the columns of a term contained in others are made orthogonal to theirs, higher
        order terms first; each term's contrast is its columns, at the rows of the model's own
        coefficients, without zero rows.
        """
        basis = _zapsmall(np.linalg.lstsq(self.X, self.full, rcond=None)[0].T)  # (full cols) x p
        contained = self.containment()
        order = sorted(
            (t for t in self.terms if t != INTERCEPT),
            key=lambda t: -len(self.term_variables[self.terms.index(t)]),
        )
        for term in order:
            if contained[term]:
                own = self.columns(term)
                others = [j for t in contained[term] for j in self.columns(t)]
                fit, *_ = np.linalg.lstsq(basis[:, others], basis[:, own], rcond=None)
                basis[:, own] = _zapsmall(basis[:, own] - basis[:, others] @ fit)
        rows = [self.full_names.index(name) for name in self.names]
        basis = basis[rows]
        out = {}
        for term in self.terms:
            if term == INTERCEPT:
                continue
            matrix = basis[:, self.columns(term)].T
            out[term] = matrix[np.abs(matrix).sum(1) > 1e-8]
        return out

    def random_columns(
        self, random: int, frame: pd.DataFrame, time_origin: float = 0.0
    ) -> tuple[Array, tuple[str, ...]]:
        """Z for 1 (intercept), 2 (+ slope) or 3 (+ curvature) random effects per group.

        ``time_origin`` moves where the random intercept is read; it matters only for uncorrelated
        (diagonal) random effects, whose model depends on it.
        """
        if random not in (1, 2, 3):
            raise ValueError("random must be 1 (intercept), 2 (+ slope) or 3 (+ curvature)")
        t = frame[self.time].to_numpy(float) - time_origin
        z = np.column_stack([np.ones_like(t), t, t * t])[:, :random]
        return z, (INTERCEPT, self.time, f"I({self.time}^2)")[:random]


def _zapsmall(x: Array, digits: int = 7) -> Array:
    """R's zapsmall: round to ``digits`` significant digits of the largest entry."""
    biggest = float(np.max(np.abs(x))) if x.size else 0.0
    if biggest == 0:
        return x
    return np.round(x, max(0, digits - math.ceil(math.log10(biggest))))


def _is_categorical(values: pd.Series) -> bool:
    import pandas as pd

    return not pd.api.types.is_numeric_dtype(values) or pd.api.types.is_bool_dtype(values)


def _polynomial_matrix(t: Array, time: str, quadratic: bool) -> ModelMatrix:
    """``1 + time [+ I(time^2)]``, the design of every model without covariates, without formulaic
    (whose import and parsing cost more than the fits of a small study; tests check they agree)."""
    from reportgen.analysis.time_basis import QUADRATIC, make_shape

    return _shape_matrix(t, time, make_shape(QUADRATIC if quadratic else "linear", t, label=time))


def plain_matrix(
    x: Array,
    names: tuple[str, ...],
    time: str,
    *,
    terms: tuple[str, ...] | None = None,
    assign: tuple[int, ...] | None = None,
    shape: str = "linear",
) -> ModelMatrix:
    """A design given by its columns, each its own term unless ``terms`` and ``assign`` group them
    (no categorical levels, so no type-III contrasts: likelihood-ratio tests and t tests only)."""
    terms = names if terms is None else terms
    assign = tuple(range(len(names))) if assign is None else assign
    variables = (frozenset(), *(frozenset([term]) for term in terms[1:]))
    return ModelMatrix(
        X=x,
        names=names,
        terms=terms,
        assign=assign,
        levels={},
        time=time,
        covariates=(),
        quadratic=shape == "quadratic",
        full=x,
        full_names=names,
        full_assign=assign,
        term_variables=variables,
        term_numerics=variables,
        shape=shape,
    )


def _shape_matrix(t: Array, time: str, shape: Shape) -> ModelMatrix:
    """``1 + <the shape's time columns>`` (lme4's names: ``log(time)``, ``splines::ns(time, 3)1``..).

    A spline's columns form one term, as lme4's ``splines::ns(time, 3)`` does.
    """
    x = np.column_stack([np.ones_like(t), shape.columns(t)])
    names = (INTERCEPT, *shape.names)
    if not shape.name.startswith("spline"):
        return plain_matrix(x, names, time, shape=shape.name)
    grouped = (0, *([1] * len(shape.names)))
    return plain_matrix(x, names, time, terms=(INTERCEPT, shape.term), assign=grouped, shape=shape.name)


def build_model_matrix(
    frame: pd.DataFrame,
    *,
    time: str = "time",
    covariates: tuple[str, ...] = (),
    quadratic: bool = False,
    interactions: bool | tuple[str, ...] = True,
    crossed: tuple[tuple[str, str], ...] = (),
    shape: Shape | None = None,
) -> ModelMatrix:
    """The fixed-effects design ``1 + time [+ I(time^2)] [+ cov + time:cov ...]`` of a frame.

    Args:
        frame: the cleaned data, with the time column and each covariate column.
        time: the time column; covariates: covariate columns (categorical or numeric).
        quadratic: add the square of time; interactions: add each covariate's interaction with time
            (True), none (False), or those of the covariates named.
        crossed: pairs of covariates whose interaction enters, in the level and with time (a:b, time:a:b).
        shape: the trend's shape (:mod:`reportgen.analysis.shape`) in place of ``time [+ I(time^2)]``;
            with covariates, its columns are crossed with them as time is (``ns(time, 3) * cov``).

    Raises:
        DataValueError: a covariate with missing values, or a categorical one with a single level.
    """
    if shape is not None and not shape.linear:
        if covariates:
            return _shaped_matrix(frame, time, covariates, shape, interactions, crossed)
        return _shape_matrix(frame[time].to_numpy(float), time, shape)
    if not covariates:
        return _polynomial_matrix(frame[time].to_numpy(float), time, quadratic)
    return _formula_matrix(frame, time, covariates, quadratic, interactions, crossed)


def _formula_matrix(
    frame: pd.DataFrame,
    time: str,
    covariates: tuple[str, ...],
    quadratic: bool,
    interactions: bool | tuple[str, ...],
    crossed: tuple[tuple[str, str], ...] = (),
) -> ModelMatrix:
    import pandas as pd
    from formulaic import model_matrix

    safe = pd.DataFrame({"t_": frame[time].to_numpy(float)}, index=frame.index)
    levels: dict[str, tuple[str, ...]] = {}
    for k, name in enumerate(covariates):
        values = frame[name]
        if values.isna().any():
            raise DataValueError(f"covariate column {name!r} has missing values", column=name)
        if _is_categorical(values):
            text = values.astype(str)
            found = tuple(sorted(text.unique()))
            if len(found) < 2:
                raise DataValueError(
                    f"covariate column {name!r} has a single value ({found[0]!r}): nothing to compare",
                    column=name,
                )
            levels[name] = found
            safe[f"c{k}_"] = pd.Categorical(text, categories=list(found))
        else:
            safe[f"c{k}_"] = values.to_numpy(float)

    parts = ["1", "t_"] + (["I(t_**2)"] if quadratic else [])
    parts += [f"c{k}_" for k in range(len(covariates))]
    timed = covariates if interactions is True else interactions or ()
    parts += [f"t_:c{k}_" for k, name in enumerate(covariates) if name in timed]
    for a, b in crossed:
        pair = f"c{covariates.index(a)}_:c{covariates.index(b)}_"
        parts += [pair, f"t_:{pair}"]
    matrix = model_matrix(" + ".join(parts), safe)
    square = f"I({time}^2)"

    def label(term: str) -> str:
        if term == "1":
            return INTERCEPT
        pieces = []
        for piece in term.split(":"):
            if piece == "t_":
                pieces.append(time)
            elif piece.startswith("I("):
                pieces.append(square)
            else:
                pieces.append(covariates[int(piece[1:-1])])
        return ":".join(pieces)

    def variables(term: str) -> tuple[frozenset[str], frozenset[str]]:
        if term == INTERCEPT:
            return frozenset(), frozenset()
        names = term.split(":") if term != square else [square]
        found = frozenset(names)
        return found, frozenset(v for v in found if v not in levels)

    def column_names(term: str, full: bool) -> list[str]:
        """R's names for a term's columns (a categorical covariate: its levels, all or all but one)."""
        names = [""]
        for piece in term.split(":") if term != square else [square]:
            if piece in levels:
                shown = levels[piece] if full else levels[piece][1:]
                names = [f"{n}{':' if n else ''}{piece}{lvl}" for n in names for lvl in shown]
            else:
                names = [f"{n}{':' if n else ''}{piece}" for n in names]
        return names

    spec = matrix.model_spec
    terms, assign, names = [], [], []
    for term, indices in spec.term_indices.items():
        shown = label(str(term))
        own = [INTERCEPT] if shown == INTERCEPT else column_names(shown, full=False)
        if len(own) != len(indices):
            raise AssertionError(f"unexpected columns for {shown}: {len(indices)}")
        terms.append(shown)
        assign.extend([len(terms) - 1] * len(indices))
        names.extend(own)
    x = matrix.to_numpy(dtype=float)
    # Columns in term order (formulaic's order already is, but keep the mapping explicit).
    order = [j for indices in spec.term_indices.values() for j in indices]
    x = x[:, order]

    # R's rank-deficient design: the intercept, then each term coded with all its levels.
    full_columns: list[Array] = [np.ones(len(frame))]
    full_names, full_assign = [INTERCEPT], [0]
    for k, (term, shown) in enumerate(zip(spec.term_indices, terms, strict=True)):
        if shown == INTERCEPT:
            continue
        block = model_matrix(f"0 + {term}", safe).to_numpy(dtype=float)
        full_columns.extend(block.T)
        full_names.extend(column_names(shown, full=True))
        full_assign.extend([k] * block.shape[1])
    term_sets = [variables(t) for t in terms]
    return ModelMatrix(
        X=x,
        names=tuple(names),
        terms=tuple(terms),
        assign=tuple(assign),
        levels=levels,
        time=time,
        covariates=tuple(covariates),
        quadratic=quadratic,
        full=np.column_stack(full_columns),
        full_names=tuple(full_names),
        full_assign=tuple(full_assign),
        term_variables=tuple(v for v, _ in term_sets),
        term_numerics=tuple(n for _, n in term_sets),
        spec=spec,
        shape="quadratic" if quadratic else "linear",
    )


def time_terms(shape: Shape) -> tuple[tuple[str, tuple[int, ...]], ...]:
    """The terms a shape's columns form, as lme4 groups them, with their columns: a spline's
    columns are one term (``splines::ns(time, 3)``), a quadratic's two (``time``, ``I(time^2)``)."""
    if shape.name.startswith("spline"):
        return ((shape.term, tuple(range(len(shape.names)))),)
    return tuple((name, (k,)) for k, name in enumerate(shape.names))


def _expand(x: Array, plan: tuple[tuple[int, int], ...], shaped: Array) -> Array:
    """The columns of ``plan``: a coded column, times one of the shape's columns where given."""
    return np.column_stack([x[:, j] * (shaped[:, k] if k >= 0 else 1.0) for j, k in plan])


def _shaped_terms(
    terms: tuple[str, ...], assign: tuple[int, ...], names: tuple[str, ...], time: str, shape: Shape
) -> tuple[list[str], list[int], list[str], list[tuple[int, int]], list[tuple[int, str]]]:
    """Each term with time in it becomes one term per group of the shape's columns (R's order:
    within a term the shape's column varies fastest). Returns the new terms, assign, names, the
    plan of :func:`_expand` and, for each new term, the old term it comes from and its group."""

    def swap(label: str, new: str) -> str:
        return ":".join(new if piece == time else piece for piece in label.split(":"))

    new_terms: list[str] = []
    new_assign: list[int] = []
    new_names: list[str] = []
    plan: list[tuple[int, int]] = []
    source: list[tuple[int, str]] = []
    for k, term in enumerate(terms):
        own = [j for j, a in enumerate(assign) if a == k]
        groups = time_terms(shape) if time in term.split(":") else ((term, (-1,)),)
        for group, columns in groups:
            new_terms.append(swap(term, group) if columns != (-1,) else term)
            source.append((k, group))
            for j in own:
                for c in columns:
                    new_assign.append(len(new_terms) - 1)
                    new_names.append(swap(names[j], shape.names[c]) if c >= 0 else names[j])
                    plan.append((j, c))
    return new_terms, new_assign, new_names, plan, source


def _shaped_matrix(
    frame: pd.DataFrame,
    time: str,
    covariates: tuple[str, ...],
    shape: Shape,
    interactions: bool | tuple[str, ...],
    crossed: tuple[tuple[str, str], ...],
) -> ModelMatrix:
    """``shape * covariates``: the straight-line design coded at time 1 (each term with time in it
    then holds its covariates' coding alone), each such column multiplied by the shape's columns.

    Terms and names as lme4 gives them for ``splines::ns(time, 3) * cov``; the rank-deficient full
    design (type-III contrasts) is expanded in the same way, so containment reads the shape's
    terms as it read time.
    """
    import dataclasses

    at_one = frame.assign(**{time: 1.0})
    line = _formula_matrix(at_one, time, covariates, False, interactions, crossed)
    shaped = shape.columns(frame[time].to_numpy(float))
    terms, assign, names, plan, source = _shaped_terms(line.terms, line.assign, line.names, time, shape)
    _, full_assign, full_names, full_plan, _ = _shaped_terms(
        line.terms, line.full_assign, line.full_names, time, shape
    )

    def renamed(variables: frozenset[str], group: str) -> frozenset[str]:
        return frozenset(group if v == time else v for v in variables)

    return dataclasses.replace(
        line,
        X=_expand(line.X, tuple(plan), shaped),
        names=tuple(names),
        terms=tuple(terms),
        assign=tuple(assign),
        full=_expand(line.full, tuple(full_plan), shaped),
        full_names=tuple(full_names),
        full_assign=tuple(full_assign),
        term_variables=tuple(renamed(line.term_variables[k], group) for k, group in source),
        term_numerics=tuple(renamed(line.term_numerics[k], group) for k, group in source),
        shape=shape.name,
        basis=shape,
        plan=tuple(plan),
    )


def term_factors(term: str) -> frozenset[str]:
    """The variables of a term's name: ``splines::ns(time, 3):Variety`` -> the spline and Variety
    (a colon splits, a double colon does not; backticks dropped)."""
    import re

    return frozenset(piece.strip("`") for piece in re.split(r"(?<!:):(?!:)", term))
