"""The only module that reads data files: CSV in, raw DataFrame of strings out."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import ColumnError, InputFileError

if TYPE_CHECKING:
    import pandas as pd


def read_table(path: Path) -> pd.DataFrame:
    """Read a CSV as text columns (typing happens in :mod:`reportgen.clean`).

    Raises:
        InputFileError: missing, unreadable, not text, not a CSV, or without data rows.
    """
    import pandas as pd

    where = str(path)
    if not path.exists():
        raise InputFileError(f"data file '{where}' not found; pass an existing CSV with --data", path=where)
    if path.is_dir():
        raise InputFileError(
            f"'{where}' is a folder, not a CSV file; pass a CSV file with --data", path=where
        )
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        raise InputFileError(
            f"cannot read '{where}': {exc.strerror}; check its permissions", path=where
        ) from exc
    if not stat.S_ISREG(mode):
        # A FIFO, socket or device would block the read forever or never end.
        raise InputFileError(
            f"'{where}' is not a regular file (a pipe, socket or device); pass a CSV file with --data",
            path=where,
        )
    try:
        with path.open("rb") as handle:
            sample = handle.read(4096)
    except OSError as exc:
        raise InputFileError(
            f"cannot read '{where}': {exc.strerror}; check its permissions", path=where
        ) from exc
    if b"\x00" in sample:
        raise InputFileError(
            f"'{where}' is a binary file, not a CSV; pass a comma-separated text file", path=where
        )
    try:
        # Only blank cells are read as missing here; clean.py decides about NA-like words and
        # says so in the cleaning log.
        frame = pd.read_csv(
            path, dtype=str, encoding="utf-8", skipinitialspace=True, keep_default_na=False, na_values=[""]
        )
        header = pd.read_csv(path, dtype=str, encoding="utf-8", header=None, nrows=1, keep_default_na=False)
    except UnicodeDecodeError as exc:
        raise InputFileError(
            f"'{where}' is not UTF-8 text (byte {exc.start}); save it as a UTF-8 CSV", path=where
        ) from exc
    except pd.errors.EmptyDataError as exc:
        raise InputFileError(f"'{where}' is empty; it needs a header row and data rows", path=where) from exc
    except pd.errors.ParserError as exc:
        detail = str(exc).strip().splitlines()[-1]
        raise InputFileError(f"'{where}' is not a valid CSV ({detail})", path=where) from exc
    if frame.empty:
        raise InputFileError(f"'{where}' has a header but no data rows", path=where)
    names = [str(c).strip() for c in header.iloc[0]] if len(header) else []
    duplicated = sorted({n for n in names if n and names.count(n) > 1})
    if duplicated:
        places = ", ".join(str(i + 1) for i, n in enumerate(names) if n == duplicated[0])
        raise InputFileError(
            f"'{where}' has the column name '{duplicated[0]}' more than once (columns {places}); "
            "give every column its own name",
            path=where,
        )
    frame.columns = [str(c).strip() for c in frame.columns]
    return frame


def require_columns(frame: pd.DataFrame, wanted: dict[str, str], path: Path) -> None:
    """Check each named column exists; ``wanted`` maps role (response/time/group) to column."""
    for role, column in wanted.items():
        if column not in frame.columns:
            have = ", ".join(frame.columns)
            raise ColumnError(
                f"column '{column}' not found in '{path}'; columns are: {have}; "
                f"use --{role} to name the {role} column",
                column=column,
            )
