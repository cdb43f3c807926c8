"""The largest data file reportgen reads: a cap in bytes, checked before a byte is read.

A data file is read whole into memory (pandas holds every value as text, several times the file's
size), so a file far beyond any study's would take the machine's memory and, in ``preview``, hold
the process for minutes. The default, 256 MiB, lets a table of a million rows of about 25 columns
through; ``REPORTGEN_MAX_DATA_BYTES`` sets another cap (in bytes).
"""

from __future__ import annotations

import os
from pathlib import Path

from reportgen.errors import ConfigError, InputFileError

DEFAULT_MAX_DATA_BYTES = 256 * 2**20
MAX_DATA_ENV = "REPORTGEN_MAX_DATA_BYTES"


def max_data_bytes() -> int:
    """The cap: ``$REPORTGEN_MAX_DATA_BYTES`` when set, else :data:`DEFAULT_MAX_DATA_BYTES`.

    Raises:
        ConfigError: the variable is not a whole number of bytes above 0.
    """
    given = os.environ.get(MAX_DATA_ENV, "").strip()
    if not given:
        return DEFAULT_MAX_DATA_BYTES
    if not given.isascii() or not given.isdigit() or int(given) == 0:
        raise ConfigError(
            f"{MAX_DATA_ENV} must be a whole number of bytes above 0 (e.g. {DEFAULT_MAX_DATA_BYTES}), "
            f"not {given[:40]!r}",
            key=MAX_DATA_ENV,
        )
    return int(given)


def check_data_size(path: Path, size: int) -> None:
    """Refuse a data file of ``size`` bytes above the cap, in one line.

    Raises:
        InputFileError: naming the file, its size, the cap and how to raise it.
        ConfigError: the cap set is not a number (:func:`max_data_bytes`).
    """
    cap = max_data_bytes()
    if size > cap:
        raise InputFileError(
            f"'{path}' is {_mib(size)}, larger than the {_mib(cap)} reportgen reads as data; "
            f"pass a smaller file, or set {MAX_DATA_ENV} to a larger number of bytes",
            path=str(path),
        )


def _mib(size: int) -> str:
    """ "388.0 MiB" (one decimal, so a file just above the cap is not shown as equal to it)."""
    return f"{size / 2**20:.1f} MiB"
