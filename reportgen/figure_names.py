"""Names of figures that depend on the data, decided once for the figures and the words about them.

Neither figures nor narrative decide them: both import this module (which imports neither).
"""

from __future__ import annotations

from collections.abc import Iterable


def covariate_figure_names(columns: Iterable[str]) -> dict[str, str]:
    """File stem of each covariate's figure: slugs of the names (they come from data), made unique
    ("x y" and "x-y" both slug to x_y: the second becomes x_y_2)."""
    from slugify import slugify

    names: dict[str, str] = {}
    for column in columns:
        base = name = "covariate_" + (slugify(column, separator="_") or "column")
        number = 2
        while name in names.values():
            name, number = f"{base}_{number}", number + 1
        names[column] = name
    return names
