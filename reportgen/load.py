"""The only module that reads data files: any supported format in, raw DataFrame of strings out."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

from reportgen.errors import ColumnError, InputFileError, listed

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.readers import InputTable


class FileRefused(Exception):
    """Raised by :func:`read_regular` with the end of a sentence: "is not a regular file (...)"."""


def read_regular(path: Path, *, limit: int) -> bytes:
    """The bytes of ``path``, a regular file of at most ``limit`` bytes.

    Opened without blocking and checked on the open descriptor, so a FIFO, socket or device
    (``/dev/zero``) is refused rather than read for ever.

    Raises:
        FileRefused: not a regular file, or larger than ``limit``.
        OSError: missing, a folder, unreadable.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise FileRefused("is not a regular file (a pipe, socket or device)")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise FileRefused(f"is larger than {limit // 2**20} MiB")
    return data


def read_input(path: Path, *, sheet: str | None = None, separator: str | None = None) -> InputTable:
    """Read a data file in any supported format (see :mod:`reportgen.readers`) with its provenance.

    Raises:
        InputFileError: missing, unreadable, larger than the cap (:mod:`reportgen.data_size`), of an
            unknown format, broken, or without data rows.
    """
    from reportgen.data_size import check_data_size
    from reportgen.readers import read_any

    where = str(path)
    if "\0" in where or not path.exists():  # no file name holds a NUL (os.stat raises on one)
        raise InputFileError(f"data file '{where}' not found; pass an existing file with --data", path=where)
    if path.is_dir():
        raise InputFileError(
            f"'{where}' is a folder, not a CSV file; pass a data file with --data", path=where
        )
    try:
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            # A FIFO, socket or device would block the read forever or never end.
            raise InputFileError(
                f"'{where}' is not a regular file (a pipe, socket or device); pass a data file with --data",
                path=where,
            )
        check_data_size(path, status.st_size)  # before a byte is read: the file is read whole
        return read_any(path, sheet=sheet, separator=separator)
    except OSError as exc:
        raise InputFileError(
            f"cannot read '{where}': {exc.strerror}; check its permissions", path=where
        ) from exc


def read_table(path: Path, *, sheet: str | None = None, separator: str | None = None) -> pd.DataFrame:
    """Read a data file as text columns (typing happens in :mod:`reportgen.clean`).

    Raises:
        InputFileError: as :func:`read_input`.
    """
    return read_input(path, sheet=sheet, separator=separator).frame


def require_columns(frame: pd.DataFrame, wanted: dict[str, str], path: Path) -> None:
    """Check each named column exists; ``wanted`` maps role (response/time/group) to column."""
    for role, column in wanted.items():
        if column not in list(frame.columns):  # a list: an Arrow index cannot look up a lone surrogate
            have = listed(frame.columns)
            raise ColumnError(
                f"column '{column}' not found in '{path}'; columns are: {have}; "
                f"use --{role} to name the {role} column",
                column=column,
            )
