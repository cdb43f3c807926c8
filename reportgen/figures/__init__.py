"""Every figure of the report, in the order the report shows them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from reportgen.figures.base import FigureImage
from reportgen.figures.further import further_figures
from reportgen.figures.seminar import seminar_figures

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis import Analysis
    from reportgen.config import Labels

__all__ = ["FigureImage", "build_figures"]


def build_figures(
    frame: pd.DataFrame, analysis: Analysis, labels: Labels, decimals: int = 2
) -> list[FigureImage]:
    return seminar_figures(frame, analysis, labels, decimals) + further_figures(frame, analysis, labels)
