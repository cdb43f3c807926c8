"""A numeric covariate that may be a code: few distinct whole-number values (ChickWeight's Diet 1 to
4, eighth read). Its "quartiles" are codes too, so the words and figures name the values it is held
at, and the study report's summary leads with the warning, not a per-unit effect."""

from __future__ import annotations

# A numeric covariate with this few distinct whole-number values may be a code (plot 1 to 4).
MAX_CODE_VALUES = 6


def looks_coded(kind: str, distinct: int, whole: bool) -> bool:
    """A numeric covariate with few whole-number values (at most MAX_CODE_VALUES): maybe a code."""
    return kind == "numeric" and whole and distinct <= MAX_CODE_VALUES


def reading_values(values: list[float], median: float) -> list[float]:
    """Where a covariate that may be a code is read: its lowest value, the observed value nearest
    its median (the higher of two as near) and its highest, each once. Its quartiles are values no
    subject has (statistician N, session 7, BodyWeight's Diet 1 to 3: rates at "Diet = 1.5" and
    "Diet = 2.25"); ``values``: its distinct values, sorted."""
    middle = min(values, key=lambda v: (abs(v - median), -v))
    return sorted({values[0], middle, values[-1]})
