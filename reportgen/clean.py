"""Typing and cleaning: raw text columns -> numeric frame plus a log of what was removed.

Internal column names are fixed (``response``, ``time``, ``group``, ``line``) so later stages
never depend on the user's column names; ``line`` is the row's line number in the file
(the header is line 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from reportgen.errors import DataValueError, listed
from reportgen.period_check import check_period

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig

_MAX_LISTED = 5
# Words data files use for "no value" (pandas' list, any case). A cell holding one counts as
# missing like a blank cell, and the cleaning log says which word it held.
MISSING_WORDS = frozenset(
    word.lower()
    for word in (
        "#N/A", "#N/A N/A", "#NA", "-1.#IND", "-1.#QNAN", "-NaN", "1.#IND", "1.#QNAN",
        "<NA>", "N/A", "NA", "NULL", "NaN", "None", "nan",
    )
)  # fmt: skip
# Beyond these magnitudes the fourth powers of the values (kurtosis, variance-of-variance terms)
# over- or underflow in the model's arithmetic; such data must be rescaled (other units) first.
LARGEST_VALUE = 1e50
SMALLEST_SCALE = 1e-50
# Relative size below which a spread is rounding noise, not variation.
RELATIVE_NOISE = 1e-9
# Relative spread that is rounding itself (a few units in the last of a double's 16 digits).
ROUNDING = 1e-14
# Time must vary by more than this share of its size: fits lose about log10(size / spread) of
# their 16 digits (Unix timestamps varying by days are refused; day numbers since year 1 are fine).
TIME_RELATIVE_SPREAD = 1e-6


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
    # Group ids that are the same number written differently (e.g. "1" and "1.0"); they stay
    # different groups, and the report says so.
    id_spellings: tuple[tuple[str, ...], ...] = ()
    # Kept rows that repeat an earlier kept row exactly (group, time, response, covariates): each
    # still counts as a measurement, and the report says how many there are.
    duplicate_rows: int = 0
    # A response given as truth values or yes/no: the two words read as 0 and as 1 (None: numbers).
    response_coding: tuple[str, str] | None = None

    @property
    def raw_rows(self) -> int:
        return len(self.typed)


def _lines(mask: pd.Series) -> list[int]:
    return [int(i) + 2 for i in mask[mask].index[:_MAX_LISTED]]


def _to_numeric(raw: pd.DataFrame, column: str, values: pd.Series | None = None) -> pd.Series:
    """Numbers or NA for blanks; any other text is an error that names the lines (``values``: the
    column already read by :func:`_plain_numbers`)."""
    import numpy as np
    import pandas as pd

    if values is None:
        values = _plain_numbers(raw[column])
    if values is None:
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


# Two-valued words a binary response may be written in: (the word read as 0, the word read as 1).
TRUTH_WORDS = (("false", "true"), ("no", "yes"), ("n", "y"), ("absent", "present"))


def truth_coding(column: pd.Series) -> tuple[str, str] | None:
    """The (0, 1) words of a column of truth values or yes/no (any case; bool cells too), else None."""
    import pandas as pd

    filled = column.dropna()
    if filled.empty or pd.api.types.is_numeric_dtype(filled) and not pd.api.types.is_bool_dtype(filled):
        return None
    # Distinct words first (vectorised): a million numbers are never walked one by one in Python.
    distinct = filled.astype(str).str.strip().str.lower().unique()
    if len(distinct) != 2:
        return None
    seen = set(distinct)
    return next((pair for pair in TRUTH_WORDS if seen <= set(pair)), None)


def _response_values(raw: pd.DataFrame, column: str) -> tuple[pd.Series, tuple[str, str] | None]:
    """The response as numbers; true/false or yes/no read as 1/0 (the coding is returned to be said)."""
    # A column of plain numbers (read at C speed) holds no words: nothing else to look for.
    numbers = _plain_numbers(raw[column])
    coding = None if numbers is not None else truth_coding(raw[column])
    if coding is None:
        if numbers is None:
            _refuse_other_words(raw[column], column)
        return _to_numeric(raw, column, numbers), None
    words = raw[column].astype("string").str.strip().str.lower()
    return words.map({coding[0]: 0.0, coding[1]: 1.0}).astype(float), coding


def _refuse_other_words(column: pd.Series, name: str) -> None:
    """Two words that are not a known pair (:data:`TRUTH_WORDS`): say how to recode them to 0/1."""
    import pandas as pd

    if pd.api.types.is_numeric_dtype(column):
        return
    filled = column.dropna().astype(str).str.strip()
    distinct = filled.unique()
    if len(distinct) != 2 or pd.to_numeric(filled, errors="coerce").notna().any():
        return
    words = sorted(distinct)
    pairs = ", ".join("/".join(pair) for pair in TRUTH_WORDS)
    raise DataValueError(
        f"column '{name}' has two words, {words[0]!r} and {words[1]!r}, not numbers; recode them to "
        f"0 and 1 (1 for the value the models should describe), or write them as one of {pairs}",
        column=name,
    )


def _plain_numbers(text: pd.Series) -> pd.Series | None:
    """Arrow-stored text as numbers when every filled cell is a plain number (Arrow's parser: ten
    times faster than to_numeric, the same values); None when a cell is not, and to_numeric
    decides what it is."""
    import pandas as pd

    if not (isinstance(text.dtype, pd.StringDtype) and text.dtype.storage == "pyarrow"):
        return None
    import pyarrow as pa
    import pyarrow.compute as pc

    try:
        numbers = pc.cast(pa.array(text.array), pa.float64())
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    return pd.Series(numbers.to_numpy(zero_copy_only=False), index=text.index, name=text.name)


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
        ConfigError: a ``--period`` the times cannot resolve (:mod:`reportgen.period_check`).
    """
    import pandas as pd

    used = {config.response: "response", config.time: "time", config.group: "group"}
    used |= {column: column for column in (*config.covariates, *config.outer_groups, *config.crossed)}
    words = {column: _missing_words(raw[column]) for column in used if column in raw.columns}
    blanked = raw.assign(**{column: raw[column].mask(mask) for column, mask in words.items()})
    response, coding = _response_values(blanked, config.response)
    time = _to_numeric(blanked, config.time)
    group = blanked[config.group].str.strip()
    group = group.where(group != "", None)
    typed = pd.DataFrame({"response": response, "time": time, "group": group, "line": raw.index + 2})
    for column in config.covariates:
        typed[column] = covariate_values(blanked, column, categorical=column in config.factors)
    if config.outer_groups:
        typed = nest_groups(typed, blanked, config.outer_groups)
    for column in config.crossed:  # --crossed site: its ids as text, a subject's own in each row
        typed[column] = blanked[column].astype("string").str.strip().replace("", None)
    na = {name: typed[col].isna() for name, col in used.items()}
    _check_not_empty(na, config)
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
            reason=", ".join(_reason(label, raw, words, i) for label, mask in checks if mask[i]),
            values={c: _cell(raw.at[i, c]) for c in used},
        )
        for i in typed.index[dropped]
    )
    # Nothing dropped (the usual case at scale): the frame shares the typed table's columns (no copy).
    frame = (typed.loc[~dropped] if dropped.any() else typed).reset_index(drop=True)
    if config.log_response:
        typed, frame = log_response(typed, frame, config.response)
    _check_usable(frame, config)
    _check_arithmetic(frame, config)
    check_period(frame["time"].to_numpy(float), config.period, config.time)
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
        id_spellings=_id_spellings(frame["group"]),
        duplicate_rows=int(frame.duplicated(["group", "time", "response", *config.covariates]).sum()),
        response_coding=coding,
    )


def nest_groups(typed: pd.DataFrame, raw: pd.DataFrame, outer: tuple[str, ...]) -> pd.DataFrame:
    """The outer grouping columns (sites) as text; a subject id used in two sites (patient 1 of
    each site) becomes one subject per site, named ``site/patient``."""
    levels = {column: raw[column].astype("string").str.strip().replace("", None) for column in outer}
    out = typed.assign(**levels)
    if (out.groupby("group")[list(outer)].nunique() > 1).any(axis=None):
        out["group"] = out[list(outer)].astype(str).agg("/".join, axis=1) + "/" + out["group"].astype(str)
        out.loc[out[list(outer)].isna().any(axis=1) | typed["group"].isna(), "group"] = None
    return out


def log_response(typed: pd.DataFrame, frame: pd.DataFrame, column: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """--log-response: the response as its natural log, in every kept row (all must be above 0).

    Raises:
        DataValueError: a kept response is 0 or below (its log does not exist).
    """
    import numpy as np

    bad = frame["response"] <= 0
    if bad.any():
        lines = ", ".join(str(int(n)) for n in frame.loc[bad, "line"].iloc[:_MAX_LISTED])
        raise DataValueError(
            f"--log-response needs a response above 0, but column '{column}' has {int(bad.sum())} "
            f"value(s) of 0 or below (line {lines}); drop --log-response (or log_response in [model])",
            column=column,
        )
    positive = typed["response"].where(typed["response"] > 0)
    return (
        typed.assign(response=np.log(positive.to_numpy(float))),
        frame.assign(response=np.log(frame["response"].to_numpy(float))),
    )


def _missing_words(column: pd.Series) -> pd.Series:
    """Cells holding a word for "no value" (``NA``, ``null``, ``None``...)."""
    # A frame given in memory may hold numbers: only text can be such a word.
    text = column.astype("string")
    return text.str.strip().str.lower().isin(MISSING_WORDS).fillna(False).astype(bool)


def _reason(label: str, raw: pd.DataFrame, words: dict[str, pd.Series], row: Any) -> str:
    """A removal reason; a missing value written as a word says which word."""
    column = label.removeprefix("missing ")
    if label.startswith("missing ") and column in words and words[column][row]:
        return f"{label} (written {str(raw.at[row, column]).strip()!r})"
    return label


def _id_spellings(group: pd.Series) -> tuple[tuple[str, ...], ...]:
    """Ids that are one number written several ways ("1", "1.0", "01")."""
    import pandas as pd

    ids = pd.Series(group.unique())
    numbers = pd.to_numeric(ids, errors="coerce")
    # Only numbers written more than once can have several spellings (grouping every id is slow).
    shared = numbers.notna() & numbers.duplicated(keep=False)
    spellings = ids[shared].groupby(numbers[shared]).agg(lambda s: tuple(sorted(s)))
    return tuple(names for names in spellings if len(names) > 1)


def covariate_values(raw: pd.DataFrame, column: str, *, categorical: bool = False) -> pd.Series:
    """A covariate as numbers when every filled cell is a number, else (or when ``categorical``) as
    stripped text (a factor)."""
    import pandas as pd

    if column not in raw.columns:
        raise DataValueError(
            f"covariate column '{column}' not found; columns are: {listed(raw.columns)}",
            column=column,
        )
    text = raw[column].astype("string").str.strip()
    text = text.where(text != "", None)
    numbers = pd.to_numeric(text, errors="coerce")
    if not categorical and numbers.notna().sum() == text.notna().sum():
        return numbers.astype(float)
    return text.astype(object).where(text.notna(), None)


def _check_not_empty(na: dict[str, pd.Series], config: BuildConfig) -> None:
    """A column with no value at all is named (dropping its rows would leave no rows, for no
    reason the user could see)."""
    for column, missing in na.items():
        if len(missing) and missing.all():
            fix = (
                f"fill it, or leave out --covariate/--factor {column}"
                if column in config.covariates
                else "check that the right column is named"
            )
            raise DataValueError(
                f"column '{column}' has no values (every cell is blank or missing); {fix}", column=column
            )


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
    varying = int((frame.groupby("group")["time"].nunique() > 1).sum())
    if varying < 2:
        what = (
            "never changes within a group: each group is measured at a single time"
            if varying == 0
            else "changes within only one group: every other group is measured at a single time"
        )
        raise DataValueError(
            f"column '{config.time}' {what} (groups by '{config.group}'); the models need at least 2 "
            "groups measured at 2 or more times: check that --time names the time of each measurement "
            "and --group the subject measured repeatedly",
            column=config.time,
        )
    # A random effect needs 2 levels (lme4 refuses one as well): an outer or crossed grouping too.
    for column, remedy in (
        *((c, f"give --group {config.group} without it") for c in config.outer_groups),
        *((c, f"leave out --crossed {c}") for c in config.crossed),
    ):
        levels = frame[column].nunique() if column in frame.columns else 2
        if levels < 2:
            raise DataValueError(
                f"grouping column '{column}' has {levels} value after cleaning; a grouping needs at "
                f"least 2: {remedy}",
                column=column,
            )
    if config.outer_groups:  # one patient in every site: the two levels are one (break12)
        from reportgen.separable_levels import check_separable_levels

        check_separable_levels(frame, config.outer_groups, config.group)


def _check_arithmetic(frame: pd.DataFrame, config: BuildConfig) -> None:
    """Refuse data the model's arithmetic cannot handle, before any fitting.

    Values whose squares overflow or underflow, a response or time that varies only by rounding
    noise around a large value, and a response with no variation left once time and groups are
    accounted for (zero residual variance: a mixed model's variance ratio is then undefined).
    """
    import numpy as np

    for column, name in ((config.response, "response"), (config.time, "time")):
        values = frame[name].to_numpy(float)
        size = float(np.max(np.abs(values)))
        if size > LARGEST_VALUE:
            raise DataValueError(
                f"column '{column}' has values as large as {size:.3g}, too large for the model's "
                f"arithmetic; rescale it (other units) so its values are below {LARGEST_VALUE:.0e}",
                column=column,
            )
        spread = float(np.max(values) - np.min(values))
        if 0 < size < SMALLEST_SCALE:
            raise DataValueError(
                f"column '{column}' has values no larger than {size:.3g}, too small for the model's "
                f"arithmetic; rescale it (other units) so its values are above {SMALLEST_SCALE:.0e}",
                column=column,
            )
        if name == "response" and spread <= ROUNDING * size:
            shown = f"{values[0]:.6g}"
            raise DataValueError(
                f"column '{column}' has the same value ({shown}) in every row"
                + (" up to rounding" if spread > 0 else "")
                + "; there is nothing to model: check that --response names the measured outcome",
                column=column,
            )
        if name == "response" and spread <= RELATIVE_NOISE * size:
            raise DataValueError(
                f"column '{column}' varies by {spread:.3g} around {size:.3g}, too small a share of its "
                f"size for the model's arithmetic; subtract a constant first (e.g. {np.min(values):.6g})",
                column=column,
            )
        if name == "time" and spread <= TIME_RELATIVE_SPREAD * size:
            raise DataValueError(
                f"column '{column}' varies by only {spread:.3g} around {size:.3g}, within rounding "
                "of its size; subtract the start (e.g. time since the first measurement) first",
                column=column,
            )
    for column in config.covariates:
        if column in frame.columns and frame[column].dtype.kind in "if":
            size = float(np.nanmax(np.abs(frame[column].to_numpy(float)), initial=0.0))
            if size > LARGEST_VALUE:
                raise DataValueError(
                    f"covariate '{column}' has values as large as {size:.3g}, too large for the model's "
                    f"arithmetic; rescale it (other units) so its values are below {LARGEST_VALUE:.0e}",
                    column=column,
                )
    residual = _within_group_residual(frame)
    response = frame["response"].to_numpy(float)
    if float(np.std(residual)) <= RELATIVE_NOISE * float(np.std(response)):
        if _separated(frame):
            raise DataValueError(
                f"column '{config.response}' takes two values and all of each {config.group}'s rows hold "
                f"one of them: the {config.group}s are completely separated (each one's odds are 0 or "
                "infinite), so no mixed model can be fitted; check that the columns are the measured data",
                column=config.response,
            )
        raise DataValueError(
            f"column '{config.response}' has no variation left once each {config.group}'s offset "
            f"and a common slope over '{config.time}' are fitted (no noise at all): the residual "
            "variance is zero and a mixed model cannot be fitted; check that the columns are "
            "the measured data",
            column=config.response,
        )


def _separated(frame: pd.DataFrame) -> bool:
    """Whether a two-valued response is constant within every group (complete separation)."""
    return bool(frame["response"].nunique() == 2 and frame.groupby("group")["response"].nunique().max() == 1)


def _within_group_residual(frame: pd.DataFrame) -> Any:
    """Residuals of response ~ group + time (one offset per group, one common slope)."""
    import numpy as np

    by_group = frame.groupby("group", sort=False)
    y = (frame["response"] - by_group["response"].transform("mean")).to_numpy(float)
    t = (frame["time"] - by_group["time"].transform("mean")).to_numpy(float)
    scale = float(np.sum(t * t))
    slope = float(np.sum(t * y)) / scale if scale > 0 else 0.0
    return y - slope * t


def data_warnings(results: dict[str, Any]) -> tuple[str, ...]:
    """One line for each oddity of the data that a build keeps: what the reader guessed or left out
    (a mixed encoding, formulas without values, value labels not applied), rows entered twice."""
    from reportgen.words import counted, verb_for

    read = tuple((results["data"].get("input") or {}).get("warnings", ()))
    repeated = results["data"].get("duplicate_rows", 0)
    if not repeated:
        return read
    return read + (
        f"{counted(repeated, 'row')} {verb_for(repeated, 'repeats', 'repeat')} an earlier row exactly "
        f"(same group, time and response) and {verb_for(repeated, 'is', 'are each')} kept as a "
        "measurement of its own; remove repeats entered by mistake",
    )
