"""Where a covariate's tests compare its levels, said in the row labels of its tests table.

With other covariates in the model a covariate's tests are read at different places: lmerTest's
type-III main effect averages over another categorical covariate's levels (its columns are made
orthogonal to the interaction that contains it) and reads a numeric one it interacts with at 0,
while the tests at the first and average times hold the others where the slopes table does (a
category at its reference level, a number at its mean). CO2's Type: 5.99 averaged over Treatment,
1.91 at Treatment = chilled; both were labelled "at conc 95".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["main_effect_where"]


def main_effect_where(held_at: Mapping[str, Mapping[str, Any]], interactions: Mapping[str, Any]) -> str:
    """Where the type-III main effect compares the levels besides the time: ", averaged over B".

    Args:
        held_at: results' ``covariates.<column>.held_at``: each other covariate, with
            ``reference_level`` when it is categorical and ``mean`` when numeric.
        interactions: results' ``covariates.<column>.interactions`` (other -> its test, ``kept``).

    Returns:
        "" with no other covariate; else one clause per other covariate the test depends on:
        "averaged over B" for a categorical one, "at X = 0" for a numeric one whose interaction
        with this covariate is in the model (without it the difference does not depend on X).
    """
    parts = []
    for other, at in held_at.items():
        if "reference_level" in at:
            parts.append(f"averaged over {other}")
        elif (interactions.get(other) or {}).get("kept"):
            parts.append(f"at {other} = 0")
    return "".join(", " + part for part in parts)
