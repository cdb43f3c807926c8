"""The rows whose values measured at the first time are set beside the model's lines there.

With a kept interaction between two categorical covariates the lines of one covariate's levels are
drawn at the other's reference level (CO2: Type's curves at Treatment chilled), and there they
differ from its other levels. The values measured at the first time are then compared on the same
plants: pooled over Treatment they covered twelve plants against six (F = 9.12, p = 0.013, where the
chilled plants alone give F = 2.57, p = 0.184, the curves' own p), and the report blamed the curves
for a difference that came from the plants compared (statistician Q, session 8). Without the
interaction the lines' gap is the same at every level of the other covariate, and the pooled
values are compared, as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pandas as pd


def held_levels(held: dict[str, str | float], partners: list[str] | tuple[str, ...]) -> dict[str, str]:
    """The other covariates the lines are drawn at one level of, with a kept interaction with this
    one (``partners``): categorical ones held at their reference level (a numeric one held at its
    mean has no rows of its own, and stays pooled)."""
    return {other: at for other, at in held.items() if other in partners and isinstance(at, str)}


def rows_at(frame: pd.DataFrame, levels: dict[str, str]) -> pd.DataFrame:
    """The rows at those levels (the frame itself when there are none)."""
    if not levels:
        return frame
    keep = frame[list(levels)].astype(str).eq(list(levels.values())).all(axis=1)
    return frame.loc[keep]
