"""Typing and cleaning: raw text columns -> numeric frame plus a log of what was removed.

Internal column names are fixed (``response``, ``time``, ``group``, ``line``) so later stages
never depend on the user's column names; ``line`` is the row's line number in the file
(the header is line 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.errors import DataValueError

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig

_MAX_LISTED = 5


@dataclass(frozen=True)
class RemovedRow:
    """One dropped row: its file line, why, and its values as read."""

    line: int
    reason: str
    values: dict[str, Any]


@dataclass(frozen=True)
class CleanData:
    """Result of cleaning; ``typed`` keeps every row, ``frame`` only the usable ones."""

    typed: pd.DataFrame
    frame: pd.DataFrame
    columns: tuple[str, ...]
    head: tuple[dict[str, Any], ...]
    na_counts: dict[str, int]
    zero_counts: dict[str, int]
    removed: tuple[RemovedRow, ...]

    @property
    def raw_rows(self) -> int:
        return len(self.typed)


def _lines(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in mask[mask].index[:_MAX_LISTED]]


def _to_numeric(raw: pd.DataFrame, column: str) -> pd.Series:
    """Numbers or NA for blanks; any other text is an error that names the lines."""
    import numpy as np
    import pandas as pd

    values = pd.to_numeric(raw[column], errors="coerce")
    bad = (values.isna() & raw[column].notna()) | np.isinf(values.fillna(0))
    if bad.any():
        lines = ", ".join(str(n) for n in _lines(bad))
        example = raw.loc[bad, column].iloc[0]
        more = f" and {int(bad.sum()) - _MAX_LISTED} more" if bad.sum() > _MAX_LISTED else ""
        raise DataValueError(
            f"column '{column}' has non-numeric values on line {lines}{more} (e.g. {example!r}); "
            "fix them or leave the cells blank to drop those rows",
            column=column,
        )
    return values.astype(float)


def _cell(value: Any) -> Any:
    """JSON-friendly cell for the data preview: numbers stay numbers, blanks become None."""
    import pandas as pd

    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    number = pd.to_numeric(pd.Series([value]), errors="coerce").iloc[0]
    return float(number) if pd.notna(number) else str(value)


def clean(raw: pd.DataFrame, config: BuildConfig) -> CleanData:
    """Type the used columns, drop rows with missing (or, for seminar data, zero) values.

    Raises:
        DataValueError: non-numeric values, too few groups, no repeated measures, constant time.
    """
    import pandas as pd

    response = _to_numeric(raw, config.response)
    time = _to_numeric(raw, config.time)
    group = raw[config.group].str.strip()
    group = group.where(group != "", None)
    typed = pd.DataFrame({"response": response, "time": time, "group": group, "line": raw.index + 2})
    for column in config.covariates:
        typed[column] = covariate_values(raw, column, categorical=column in config.factors)
    used = {config.response: "response", config.time: "time", config.group: "group"}
    used |= {column: column for column in config.covariates}
    na = {name: typed[col].isna() for name, col in used.items()}
    # The seminar's check (2a): a zero reaction time or subject id "0" is a missing value.
    zero = (
        {config.response: typed["response"] == 0, config.group: typed["group"] == "0"}
        if config.zero_is_missing
        else {}
    )
    checks = [*((f"missing {n}", m) for n, m in na.items()), *((f"zero {n}", m) for n, m in zero.items())]
    dropped = pd.concat([mask for _, mask in checks], axis=1).any(axis=1)
    removed = tuple(
        RemovedRow(
            line=int(typed.at[i, "line"]),
            reason=", ".join(label for label, mask in checks if mask[i]),
            values={c: _cell(raw.at[i, c]) for c in used},
        )
        for i in typed.index[dropped]
    )
    frame = typed.loc[~dropped].reset_index(drop=True)
    _check_usable(frame, config)
    return CleanData(
        typed=typed,
        frame=frame,
        columns=tuple(raw.columns),
        head=tuple(
            {c: (v if c == config.group else _cell(v)) for c, v in row.items()}
            for row in raw.head(config.head_rows).to_dict(orient="records")
        ),
        na_counts={name: int(mask.sum()) for name, mask in na.items()},
        zero_counts={name: int(mask.sum()) for name, mask in zero.items()},
        removed=removed,
    )


def covariate_values(raw: pd.DataFrame, column: str, *, categorical: bool = False) -> pd.Series:
    """A covariate as numbers when every filled cell is a number, else (or when ``categorical``) as
    stripped text (a factor)."""
    import pandas as pd

    if column not in raw.columns:
        raise DataValueError(
            f"covariate column '{column}' not found; columns are: {', '.join(map(str, raw.columns))}",
            column=column,
        )
    text = raw[column].astype("string").str.strip()
    text = text.where(text != "", None)
    numbers = pd.to_numeric(text, errors="coerce")
    if not categorical and numbers.notna().sum() == text.notna().sum():
        return numbers.astype(float)
    return text.astype(object).where(text.notna(), None)


def _check_usable(frame: pd.DataFrame, config: BuildConfig) -> None:
    """The models need two groups, repeated measures and time that varies."""
    if frame.empty:
        raise DataValueError("no rows are left after dropping rows with missing values")
    groups = frame["group"].nunique()
    if groups < 2:
        raise DataValueError(
            f"column '{config.group}' has {groups} group after cleaning; a mixed model needs at "
            "least 2 groups; use --group to name the grouping column",
            column=config.group,
        )
    if frame["group"].value_counts().max() < 2:
        raise DataValueError(
            f"every group in column '{config.group}' has a single observation; a mixed model "
            "needs repeated measures (at least 2 rows in some group)",
            column=config.group,
        )
    if frame["time"].nunique() < 2:
        raise DataValueError(
            f"column '{config.time}' has a single value; time must vary to fit a slope",
            column=config.time,
        )
