"""Column names as an R formula writes them (printed formulas, models.<name>.formula, R code)."""

from __future__ import annotations

import re

_SYNTACTIC = re.compile(r"^(?:[A-Za-z]|\.(?![0-9]))[A-Za-z0-9._]*$|^\.$")
_RESERVED = frozenset(
    "if else repeat while function for next break TRUE FALSE NULL Inf NaN NA NA_integer_ NA_real_ "
    "NA_character_ NA_complex_ in".split()
)


def r_name(name: str) -> str:
    """A column name as an R formula writes it: backticks around a name that is not syntactic."""
    if _SYNTACTIC.match(name) and name not in _RESERVED:
        return name
    return "`" + name.replace("\\", "\\\\").replace("`", "\\`") + "`"
