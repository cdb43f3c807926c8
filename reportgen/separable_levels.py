"""Refuse a nested grouping whose outer level cannot be told apart from the level inside it.

With ``--group site/patient`` and one patient in every site, lme4's terms ``site`` and
``site:patient`` are the same grouping of the rows: the site and patient variances are not
identifiable apart, and the model choice spent minutes of fitting on them (break12: 240 rows, killed
after 180 s). Such data are refused before any fitting, with the one-level grouping to use instead.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.errors import DataValueError

if TYPE_CHECKING:
    import pandas as pd


def same_as_inner(frame: pd.DataFrame, levels: tuple[str, ...]) -> str | None:
    """The first outer level (of ``levels``, outermost first, columns of ``frame``) each of whose
    groups holds a single group of the next level within it, or ``None``."""
    for k, column in enumerate(levels[:-1]):
        inner = frame.groupby(list(levels[: k + 1]), observed=True)[levels[k + 1]].nunique()
        if len(inner) and int(inner.max()) <= 1:
            return column
    return None


def check_separable_levels(frame: pd.DataFrame, outer: tuple[str, ...], group: str) -> None:
    """Raise when an outer level of the nested grouping ``outer``/``group`` adds nothing: ``frame``
    holds the outer columns and the subjects in ``"group"`` (``group``: their own column's name)."""
    column = same_as_inner(frame, (*outer, "group"))
    if column is None:
        return
    k = outer.index(column)
    inner = (*outer, group)[k + 1]
    raise DataValueError(
        f"every value of grouping column '{column}' holds a single '{inner}', so the two levels are one "
        f"grouping and their variances cannot be told apart: give --group without '{column}' "
        f"(--group {'/'.join(c for c in (*outer, group) if c != column)})",
        column=column,
    )
