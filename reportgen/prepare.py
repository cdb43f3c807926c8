"""Shape the table as read into the long table cleaning expects.

Three steps, each a pure function of the raw text table and the config: the file's own labels
(SPSS, Stata) where the user gave none, wide data (one column per time) to one row per
measurement, and a time column of dates to time elapsed in a chosen unit.
"""

from __future__ import annotations

import dataclasses
import fnmatch
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.errors import ColumnError, ConfigError, DataValueError, listed
from reportgen.value_labels import id_labels

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig
    from reportgen.readers import InputTable

# Length of each unit in days (a month is a twelfth of the mean Gregorian year).
DAYS_PER_UNIT = {"days": 1.0, "weeks": 7.0, "months": 365.2425 / 12, "years": 365.2425}
SINGULAR = {"days": "day", "weeks": "week", "months": "month", "years": "year"}
_PATTERN_CHARACTERS = "*?["
_LISTED = 8


@dataclass(frozen=True)
class Prepared:
    """The long table, the config with any labels the data implied, and notes for results.json."""

    frame: pd.DataFrame
    config: BuildConfig
    notes: dict[str, Any]


def required_columns(config: BuildConfig) -> dict[str, str]:
    """Role -> column that must be in the file as read (wide data make response and time later)."""
    if config.wide:
        return {"group": config.group}
    return {"response": config.response, "time": config.time, "group": config.group}


def prepare(raw: pd.DataFrame, config: BuildConfig) -> Prepared:
    """Reshape wide data, then turn a time column of dates into elapsed time.

    Raises:
        ColumnError: a named column is missing, or a wide column name clashes.
        DataValueError: wide values that are not numbers, or dates that cannot be read.
        ConfigError: wide times that do not match the wide columns.
    """
    from reportgen.load import require_columns

    notes: dict[str, Any] = {}
    require_columns(raw, required_columns(config), config.data_path)
    for column in config.outer_groups:  # --group site/patient: the sites' column too
        require_columns(raw, {"group": column}, config.data_path)
    for column in config.crossed:
        require_columns(raw, {"crossed": column}, config.data_path)
    frame = raw
    if config.wide:
        frame, notes["wide"] = reshape_wide(raw, config)
    require_columns(
        frame, {"response": config.response, "time": config.time, "group": config.group}, config.data_path
    )
    if is_date_column(frame[config.time], config.time):
        frame, unit, origin = time_from_dates(frame, config)
        notes["time_from_dates"] = {"column": config.time, "unit": unit, "origin": origin}
        config = dataclasses.replace(config, labels=date_labels(config, unit, origin))
    else:
        _refuse_date_settings(config)
    if config.log_response:  # clean() takes the log; the label says so
        config = dataclasses.replace(config, labels=log_labels(config.labels))
    return Prepared(frame=frame, config=config, notes=notes)


def log_labels(labels: Any) -> Any:
    """The response named as its log ("log weight"), without a unit (a log has none)."""
    return dataclasses.replace(labels, response=f"log {labels.response}", response_unit="")


def _refuse_date_settings(config: BuildConfig) -> None:
    """--study-start and --date-unit only apply to dates: on numbers they would silently do nothing."""
    from reportgen.errors import ConfigError

    for key, option, given in (
        ("study_start", "--study-start", config.study_start is not None),
        ("date_unit", "--date-unit", config.date_unit != "auto"),
    ):
        if given:
            raise ConfigError(
                f"{option} applies to a time column of dates, but '{config.time}' holds numbers, which "
                f"are used as they are; drop {option} (or {key} in [data] of the config file)",
                key=f"data.{key}",
            )


# --- labels the file carries -------------------------------------------------------------------------


def read_data(path: Path, config: BuildConfig) -> tuple[pd.DataFrame, BuildConfig, dict[str, Any]]:
    """Read a data file with its own labels applied: the raw frame, the config, the provenance.

    ``config.sheet`` and ``config.separator`` apply to ``config.data_path``; another file (a
    cohort's own) is read with its format and dialect detected.
    """
    from reportgen.crossed_groups import nested_groups_warning
    from reportgen.load import read_input

    own = path == config.data_path
    table = read_input(path, sheet=config.sheet if own else None, separator=config.separator if own else None)
    frame, labelled = apply_input_labels(table, config)
    read = table.provenance()
    if table.value_labels.get(config.group) and config.group in table.frame.columns:
        _, why = id_labels(table.frame[config.group].dropna(), table.value_labels[config.group], config.group)
        if why:  # the labels were not applied: said, naming the codes
            read["warnings"] = [*read.get("warnings", []), why]
    crossed = nested_groups_warning(frame, labelled)
    if crossed:  # --group arm2/Subject where arm2 varies within subjects: kept, and said
        read["warnings"] = [*read.get("warnings", []), crossed]
    return frame, labelled, read


def apply_input_labels(table: InputTable, config: BuildConfig) -> tuple[pd.DataFrame, BuildConfig]:
    """Variable labels name the response, time and group where the user gave no label; the group's
    value labels replace its codes when every id has one of its own (:func:`id_labels`)."""
    roles = {"response": config.response, "time": config.time, "group": config.group}
    fields = {
        role: table.variable_labels[column]
        for role, column in roles.items()
        if column in table.variable_labels and role not in config.labels_from_user
    }
    frame = table.frame
    codes = table.value_labels.get(config.group)
    if codes and config.group in frame.columns:
        mapping, _ = id_labels(frame[config.group].dropna(), codes, config.group)
        if mapping is not None:
            frame = frame.assign(**{config.group: frame[config.group].map(mapping, na_action="ignore")})
    if not fields:
        return frame, config
    return frame, dataclasses.replace(config, labels=dataclasses.replace(config.labels, **fields))


# --- wide data ---------------------------------------------------------------------------------------


def _columns_list(columns: list[str]) -> str:
    return listed(columns, _LISTED)


def select_wide_columns(columns: list[str], spec: tuple[str, ...]) -> list[str]:
    """The columns named by ``spec``: names, patterns (``Day*``), and ``...`` for every column
    between its neighbours in the file (``Day0,Day1,...,Day9``)."""
    chosen: list[str] = []
    for position, item in enumerate(spec):
        if item == "...":
            if position == 0 or position == len(spec) - 1:
                raise ConfigError(
                    "'...' in --wide stands for the columns between two named ones, e.g. Day0,Day1,...,Day9",
                    key="wide",
                )
            before, after = spec[position - 1], spec[position + 1]
            for name in (before, after):
                if name not in columns:
                    raise ColumnError(
                        f"wide column '{name}' not found; columns are: {_columns_list(columns)}", column=name
                    )
            start, stop = columns.index(before), columns.index(after)
            if start >= stop:
                raise ColumnError(
                    f"wide column '{after}' comes before '{before}' in the file, so '...' between them "
                    "selects nothing; list them in the file's order",
                    column=after,
                )
            chosen.extend(columns[start + 1 : stop])
        elif any(ch in item for ch in _PATTERN_CHARACTERS):
            matched = [c for c in columns if fnmatch.fnmatchcase(c, item)]
            if not matched:
                raise ColumnError(
                    f"--wide pattern '{item}' matches no column; columns are: {_columns_list(columns)}",
                    column=item,
                )
            chosen.extend(matched)
        else:
            if item not in columns:
                raise ColumnError(
                    f"wide column '{item}' not found; columns are: {_columns_list(columns)}; "
                    "check the names given with --wide",
                    column=item,
                )
            chosen.append(item)
    chosen = list(dict.fromkeys(chosen))
    if len(chosen) < 2:
        raise ColumnError(
            f"--wide selects {len(chosen)} column ({', '.join(chosen)}); wide data need one column per "
            "time, at least 2",
            column=chosen[0] if chosen else "",
        )
    return chosen


def time_from_name(column: str) -> float:
    """The one number in a column's name: Day3 -> 3, week_2.5 -> 2.5.

    Raises:
        ColumnError: the name holds no number or more than one.
    """
    numbers = re.findall(r"\d+(?:\.\d+)?", column)
    if len(numbers) != 1:
        found = "no number" if not numbers else f"{len(numbers)} numbers ({', '.join(numbers)})"
        raise ColumnError(
            f"cannot take a time from wide column '{column}': its name holds {found}; "
            "give the times in order with --wide-times (e.g. --wide-times 0,1,2)",
            column=column,
        )
    if re.search(r"-\d", column):
        raise ColumnError(
            f"cannot take a time from wide column '{column}': the '-' before {numbers[0]} may be a minus "
            f"sign (time -{numbers[0]}) or a separator (time {numbers[0]}); give the times in order "
            "with --wide-times (e.g. --wide-times -3,0,1)",
            column=column,
        )
    return float(numbers[0])


def reshape_wide(raw: pd.DataFrame, config: BuildConfig) -> tuple[pd.DataFrame, dict[str, Any]]:
    """One row per group and time from one row per group: the response at each time in its own column.

    Raises:
        ColumnError: a missing or clashing column, or a name without a time.
        ConfigError: a different number of wide times than of wide columns.
        DataValueError: a wide cell that is not a number (the message names column and line).
    """
    import pandas as pd

    columns = [str(c) for c in raw.columns]
    wide = select_wide_columns(columns, config.wide)
    if config.group in wide:
        raise ColumnError(
            f"the group column '{config.group}' is among the --wide columns; the wide columns hold the "
            "response at each time",
            column=config.group,
        )
    for role, name in (("response", config.response), ("time", config.time)):
        if name in columns and name not in wide:
            raise ColumnError(
                f"the long table's {role} column would be '{name}', but the data already have a column "
                f"of that name; name the {role} with --{role}",
                column=name,
            )
    if config.wide_times:
        if len(config.wide_times) != len(wide):
            raise ConfigError(
                f"--wide-times gives {len(config.wide_times)} times for {len(wide)} wide columns "
                f"({_columns_list(wide)}); give one time per column",
                key="wide_times",
            )
        times = dict(zip(wide, config.wide_times, strict=True))
    else:
        times = {column: time_from_name(column) for column in wide}
        seen: dict[float, str] = {}
        for column, value in times.items():
            if value in seen:
                raise ColumnError(
                    f"wide columns '{seen[value]}' and '{column}' both give time {value:g}; "
                    "give the times with --wide-times",
                    column=column,
                )
            seen[value] = column
    for column in wide:
        values = raw[column]
        numbers = pd.to_numeric(values, errors="coerce")
        bad = numbers.isna() & values.notna() & (values.astype(str).str.strip() != "")
        if bad.any():
            line = int(bad[bad].index[0]) + 2
            raise DataValueError(
                f"wide column '{column}' has a non-numeric value on line {line} "
                f"({values[bad].iloc[0]!r}); fix it or leave the cell blank",
                column=column,
            )
    ordered = sorted(wide, key=times.__getitem__)
    keep = [c for c in columns if c not in wide]
    long = (
        raw.assign(_row=range(len(raw)))
        .melt(id_vars=[*keep, "_row"], value_vars=ordered, var_name="_column", value_name=config.response)
        .assign(**{config.time: lambda f: f["_column"].map(times)})
    )
    long["_order"] = long["_column"].map({c: i for i, c in enumerate(ordered)})
    long = long.sort_values(["_row", "_order"], kind="stable").drop(columns=["_row", "_order", "_column"])
    note = {"columns": ordered, "times": [times[c] for c in ordered], "rows": len(raw)}
    return long.reset_index(drop=True), note


# --- dates as time -----------------------------------------------------------------------------------

_DATE_LIKE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def is_date_column(values: pd.Series, column: str) -> bool:
    """True when the values are ISO 8601 dates or date-times (numbers are never dates).

    Raises:
        DataValueError: the values look like dates but one is not an ISO 8601 date (day and month
            order cannot be guessed), or is not a date at all; the message names its line.
    """
    import pandas as pd

    present = values.dropna().astype(str).str.strip()
    present = present[present != ""]
    if present.empty or pd.to_numeric(present, errors="coerce").notna().all():
        return False
    # utc=True: dates in different time zones (or none) are still dates; time_from_dates checks the mix.
    parsed = pd.to_datetime(present, format="ISO8601", errors="coerce", utc=True)
    if parsed.notna().all():
        return True
    if present.str.match(_DATE_LIKE).mean() <= 0.5:
        return False  # not a date column: cleaning reports its non-numeric values
    bad = present[parsed.isna()]
    example, line = bad.iloc[0], int(bad.index[0]) + 2
    if _DATE_LIKE.match(example):
        reason = (
            "is a date not in ISO 8601 form; write dates as YYYY-MM-DD "
            "(day and month order cannot be guessed)"
        )
    else:
        reason = "is not a date; fix it or leave the cell blank"
    raise DataValueError(
        f"column '{column}' holds dates, but {example!r} on line {line} {reason}", column=column
    )


def choose_unit(gap_days: float) -> str:
    """A unit for the typical gap between visits: yearly -> years, monthly -> months, weekly -> weeks."""
    if gap_days >= 182:
        return "years"
    if gap_days >= 28:
        return "months"
    if gap_days >= 7:
        return "weeks"
    return "days"


def time_from_dates(frame: pd.DataFrame, config: BuildConfig) -> tuple[pd.DataFrame, str, str]:
    """The time column as time elapsed since each group's first date (or ``config.study_start``).

    Returns:
        The new frame, the unit used and the origin ("first" or the study start's ISO date).
    """
    import pandas as pd

    text = frame[config.time].astype("string").str.strip()
    text = text.where(text != "")
    # Time zones: all dates with one (compared in UTC), or none; a mix has no single clock.
    zoned = text.str.contains(r"(?:Z|[+-]\d\d:?\d\d)$", regex=True).fillna(False).astype(bool)
    present = text.notna()
    if zoned.any() and not zoned[present].all():
        line = int(text.index[present & ~zoned][0]) + 2
        raise DataValueError(
            f"column '{config.time}' mixes dates with and without a time zone (line {line} has none); "
            "write every date the same way",
            column=config.time,
        )
    stamps = pd.to_datetime(text, format="ISO8601", utc=bool(zoned.any()))
    if getattr(stamps.dt, "tz", None) is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    if config.study_start:
        origin_label = config.study_start.removesuffix("T00:00:00")
        start = pd.Timestamp(config.study_start)
        if start.tzinfo is not None:  # compared in UTC, as zoned dates are
            start = start.tz_convert("UTC").tz_localize(None)
        origin = pd.Series(start, index=frame.index)
        early = stamps < start
        if early.any():
            line = int(early[early].index[0]) + 2
            raise DataValueError(
                f"{int(early.sum())} dates in column '{config.time}' are before --study-start "
                f"{origin_label} (the first on line {line}: {text[early].iloc[0]}), which would give "
                "negative times; check the study start, or leave --study-start out to count from "
                "each first visit",
                column=config.time,
            )
    else:
        origin_label = "first"
        group = frame[config.group].astype("string").str.strip()
        origin = stamps.groupby(group).transform("min")
    elapsed_days = (stamps - origin).dt.total_seconds() / 86400
    unit = config.date_unit
    if unit == "auto":
        ordered = pd.DataFrame({"group": frame[config.group], "stamp": stamps}).dropna()
        ordered = ordered.drop_duplicates().sort_values(["group", "stamp"])
        gaps = ordered.groupby("group")["stamp"].diff().dropna().dt.total_seconds() / 86400
        gaps = gaps[gaps > 0]
        unit = choose_unit(float(gaps.median()) if len(gaps) else float(elapsed_days.max() or 0))
    elapsed = elapsed_days / DAYS_PER_UNIT[unit]
    return frame.assign(**{config.time: elapsed}), unit, origin_label


def date_labels(config: BuildConfig, unit: str, origin: str) -> Any:
    """ "Weeks since first visit" (or "since study start (date)"), where the user named no label."""
    since = "first visit" if origin == "first" else f"study start ({origin})"
    fields = {"time": f"{unit.capitalize()} since {since}", "time_unit": SINGULAR[unit]}
    chosen = {k: v for k, v in fields.items() if k not in config.labels_from_user}
    return dataclasses.replace(config.labels, **chosen)
