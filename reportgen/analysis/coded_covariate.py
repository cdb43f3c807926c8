"""A numeric covariate that may be a code: few distinct whole-number values (ChickWeight's Diet 1 to
4, eighth read). Its "quartiles" are codes too, so the words and figures name the values it is held
at, and the study report's summary leads with the warning, not a per-unit effect."""

from __future__ import annotations

# A numeric covariate with this few distinct whole-number values may be a code (plot 1 to 4).
MAX_CODE_VALUES = 6


def looks_coded(kind: str, distinct: int, whole: bool) -> bool:
    """A numeric covariate with few whole-number values (at most MAX_CODE_VALUES): maybe a code."""
    return kind == "numeric" and whole and distinct <= MAX_CODE_VALUES
