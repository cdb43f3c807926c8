"""Which rows make each cohort: the values of a column (``--by``), or the ``[[cohort]]`` tables."""

from __future__ import annotations

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from reportgen.cohorts.names import natural_order
from reportgen.errors import CohortError, ColumnError, ReportError, listed

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.config import BuildConfig, CohortSpec, Labels

    # A data file as read: the raw frame, the config with the file's labels, the provenance.
    _ReadData = tuple[pd.DataFrame, BuildConfig, dict[str, Any]]


@dataclass(frozen=True)
class Cohort:
    """One cohort's rows (``frame``), or why it has none (``error``)."""

    name: str
    data_path: Path
    frame: pd.DataFrame | None
    error: str | None = None
    input: dict[str, Any] | None = None  # how the file was read (format, sheet, encoding, dialect)
    labels: Labels | None = None  # the config's labels with the file's own (SPSS, Stata) applied


def split_by_column(raw: pd.DataFrame, column: str, data_path: Path) -> list[Cohort]:
    """One cohort per value of ``column`` (blank cells form the cohort ``""``, listed last), in
    natural order.

    Rows keep their index, so each report names the data file's own line numbers.

    Raises:
        ColumnError: ``column`` is not in the data.
    """
    if column not in raw.columns:
        raise ColumnError(
            f"column '{column}' not found in '{data_path}'; columns are: {listed(raw.columns)}; "
            "use --by to name the column that splits the data into cohorts",
            column=column,
        )
    values = raw[column].fillna("").astype(str)
    groups = {str(value): frame for value, frame in raw.groupby(values, sort=False)}
    return [Cohort(name, data_path, groups[name]) for name in sorted(groups, key=natural_order)]


def _select(spec: CohortSpec, config: BuildConfig, main_data: Callable[[], _ReadData]) -> Cohort:
    """The rows of one ``[[cohort]]`` table; a problem becomes the cohort's error."""
    from reportgen.load import require_columns
    from reportgen.prepare import read_data, required_columns

    data_path = Path(spec.path) if spec.path else config.data_path
    roles = required_columns(config)
    try:
        raw, labelled, read = read_data(data_path, config) if spec.path else main_data()
        require_columns(raw, roles, data_path)
        if spec.where:
            for column, _ in spec.where:
                if column not in raw.columns:
                    raise ColumnError(
                        f"cohort '{spec.name}' filters on column '{column}', which is not in "
                        f"'{data_path}'; columns are: {listed(raw.columns)}; fix its where table",
                        column=column,
                    )
            keep = functools.reduce(
                lambda a, b: a & b, (raw[column].isin(values) for column, values in spec.where)
            )
            raw = raw[keep]
        elif spec.groups:
            present = set(raw[config.group].dropna())
            missing = [g for g in spec.groups if g not in present]
            if missing:
                known = sorted(present, key=natural_order)
                raise CohortError(
                    f"cohort '{spec.name}' names {config.group} ids not in the data: {listed(missing)}; "
                    f"ids are: {listed(known, 8)}",
                    cohort=spec.name,
                )
            raw = raw[raw[config.group].isin(spec.groups)]
        if raw.empty:
            raise CohortError(
                f"cohort '{spec.name}' selects no rows of '{data_path.name}'; check its where values",
                cohort=spec.name,
            )
    except ReportError as exc:
        return Cohort(spec.name, data_path, None, str(exc))
    return Cohort(spec.name, data_path, raw, input=read, labels=labelled.labels)


def collect_cohorts(config: BuildConfig, by: str | None) -> list[Cohort]:
    """The cohorts to build: the values of column ``by``, else the config file's ``[[cohort]]`` tables.

    Raises:
        ReportError: no cohorts are given, or the data (split by ``by``) cannot be read or lack a
            column. A problem of one ``[[cohort]]`` table is that cohort's error instead.
    """
    from reportgen.load import require_columns
    from reportgen.prepare import read_data, required_columns

    if by is None and not config.cohorts:
        where = (
            f"add [[cohort]] tables to {config.config_file}, which has none"
            if config.config_file is not None
            else "list [[cohort]] tables in a reportgen.toml (none was read: name one with --config)"
        )
        raise CohortError(
            f"no cohorts to build: give --by COLUMN to split the data by the values of a column, or {where}"
        )
    roles = required_columns(config)
    if by is None:
        main_data = functools.cache(functools.partial(read_data, config.data_path, config))
        return [_select(spec, config, main_data) for spec in config.cohorts]
    raw, labelled, read = read_data(config.data_path, config)
    require_columns(raw, roles, config.data_path)
    if by == config.group:
        raise CohortError(
            f"--by names the group column '{by}', so each cohort would hold a single group and a mixed "
            "model needs at least 2; choose a column that groups several of them"
        )
    for role, column in (("response", config.response), ("time", config.time)):
        if by == column:
            from reportgen.words import noun, plural

            raise CohortError(
                f"--by names the {role} column '{by}': cohorts are groups of {plural(config.labels.group)}, "
                f"such as sites or arms; choose a column that is constant within each "
                f"{noun(config.labels.group)}"
            )
    if by in config.covariates:
        raise CohortError(
            f"--by '{by}' is also a --covariate: within each cohort it has a single value, so no "
            f"cohort could estimate it; leave out --covariate {by}, or split by another column"
        )
    return [
        dataclasses.replace(cohort, input=read, labels=labelled.labels)
        for cohort in split_by_column(raw, by, config.data_path)
    ]
