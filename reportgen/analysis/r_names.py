"""Column names as an R formula writes them (printed formulas, models.<name>.formula, R code)."""

from __future__ import annotations

import re
from collections.abc import Sequence

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


def _numbers(levels: Sequence[str]) -> list[float] | None:
    """The levels as numbers, or None when one is not a number."""
    try:
        return [float(level) for level in levels]
    except ValueError:
        return None


def factor_term(name: str, levels: Sequence[str]) -> str:
    """A covariate read as categories (``--factor``) as R must code it from the input file, whose
    cells may be numbers (final read, ChickWeight: ``Diet`` read as a number refits a slope, logLik
    -2331.32 against -2272.30): ``factor(Diet)``, with its ``levels`` (the first the reference)
    spelt out when R's order, numbers by value, is not the report's (5 before 10)."""
    numbers = _numbers(levels)
    if numbers is not None and numbers != sorted(numbers):  # numbers: no quote to escape
        spelt = '"' + '", "'.join(levels) + '"'
        return f"factor({name}, levels = c({spelt}))"
    return f"factor({name})"
