"""Which family the response is modelled with, decided once (``--family``).

``auto`` reads it off the values with :mod:`reportgen.analysis.outcome`'s rules: a binary response
(two values) gets a binomial GLMM, a count a Poisson GLMM, anything else a linear mixed model
(gaussian). A family the user forces must suit the data: binomial needs two values (coded 0/1, or
mapped with the higher value as 1), Poisson non-negative whole numbers. The reason is a rule code
that the report words (:func:`reportgen.narrative.family.reason_words`).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from reportgen.analysis.outcome import BINARY, COUNT, FAMILIES, is_whole_nonnegative, outcome_kind
from reportgen.errors import DataValueError

GAUSSIAN, BINOMIAL, POISSON = "gaussian", "binomial", "poisson"
AUTO = "auto"


@dataclass(frozen=True)
class FamilyChoice:
    """The family the report fits and why (``reason``: a rule code, see :func:`choose_family`)."""

    family: str  # GAUSSIAN, BINOMIAL or POISSON
    reason: str  # auto_binary, auto_count, auto_continuous, or user_<family>
    kind: str  # the response's kind by outcome.py's rules (binary, count, continuous)
    # A binary response not coded 0/1: its two values (lower -> 0, higher -> 1); None when 0/1.
    coded_from: tuple[float, float] | None = None

    @property
    def glmm(self) -> bool:
        """A generalized linear mixed model (binomial or Poisson), not the linear one."""
        return self.family != GAUSSIAN


def binary_coding(values: np.ndarray) -> tuple[float, float] | None:
    """The two values of a binary response when they are not 0 and 1 (the higher becomes 1)."""
    low, high = (float(v) for v in np.unique(values))
    return None if (low, high) == (0.0, 1.0) else (low, high)


def not_counts_words(values: np.ndarray, shown: int = 3) -> str:
    """The values that are no count (below 0 or not whole), the first few by their full digits."""
    bad = values[(values < 0) | (values != np.round(values))]
    first = list(dict.fromkeys(float(v) for v in bad))
    listed = ", ".join(repr(v) for v in first[:shown])
    more = f" and {len(first) - shown} more" if len(first) > shown else ""
    what = "a value" if len(first) == 1 else f"{len(first)} values"
    return f"{what} below 0 or not whole ({listed}{more})"


def family_error(family: str, values: np.ndarray, column: str) -> str | None:
    """Why the data cannot take a family the user forced (None: they can)."""
    distinct = len(np.unique(values))
    if family == BINOMIAL and distinct != 2:
        return (
            f"--family binomial needs a response with two values; {column!r} has {distinct}; "
            "use --family auto or gaussian"
        )
    if family == POISSON and not is_whole_nonnegative(values):
        return (
            f"--family poisson needs whole numbers from 0 (counts); {column!r} has "
            f"{not_counts_words(values)}; use --family auto or gaussian"
        )
    return None


def choose_family(
    values: np.ndarray, requested: str, *, unit: str = "", column: str = "response"
) -> FamilyChoice:
    """The family for this response: the user's, when the data can take it, or by its kind (auto).

    Raises:
        DataValueError: a forced family the data cannot take (one line that says how to fix it).
    """
    kind = outcome_kind(values, unit)
    if requested == AUTO:
        family = FAMILIES.get(kind, GAUSSIAN)
        reason = f"auto_{kind}"
    else:
        problem = family_error(requested, values, column)
        if problem is not None:
            raise DataValueError(problem, column=column)
        family, reason = requested, f"user_{requested}"
    coded = binary_coding(values) if family == BINOMIAL else None
    return FamilyChoice(family, reason, kind, coded)


def coded_response(values: np.ndarray, family: str) -> np.ndarray:
    """The response as the family's model reads it: 0/1 for binomial (the higher value 1)."""
    if family != BINOMIAL:
        return values
    return (values == values.max()).astype(float)


__all__ = ["BINARY", "COUNT", "FamilyChoice", "choose_family", "coded_response"]
