"""Every figure of the report, in the order the report shows them."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from reportgen.figures.base import FigureImage
from reportgen.figures.design import design_figures
from reportgen.figures.further import further_figures
from reportgen.figures.seminar import seminar_figures

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis import Analysis
    from reportgen.config import Labels

__all__ = ["FigureImage", "build_figures"]

# What a forked figure process draws from: set just before the fork, read by the child.
_JOB: tuple[Any, ...] = ()


def _further_in_child() -> list[FigureImage]:
    frame, analysis, labels = _JOB
    return further_figures(frame, analysis, labels)


def build_figures(
    frame: pd.DataFrame,
    analysis: Analysis,
    labels: Labels,
    decimals: int = 2,
    *,
    parallel: bool = False,
    meanwhile: Callable[[], object] | None = None,
) -> list[FigureImage]:
    """Render every figure; with ``parallel``, the going-further half in a forked process.

    Drawing is most of a single build's time and the two halves are independent, so a build on a
    machine with two or more cores runs them side by side. Batch layers that already run one
    report per process (cohorts) leave ``parallel`` off. ``meanwhile`` runs in this process while
    the forked one draws (only then): the going-further half takes about 0.8 s longer to draw,
    time a build can spend loading its templates and PDF engine.
    """
    if not (parallel and sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2):
        return (
            seminar_figures(frame, analysis, labels, decimals)
            + design_figures(frame, analysis, labels)
            + further_figures(frame, analysis, labels)
        )
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Imported before the fork, or both processes import matplotlib (0.4 CPU-seconds each).
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    global _JOB
    _JOB = (frame, analysis, labels)
    try:
        # fork: the child inherits the data and the imported libraries, nothing is pickled in.
        with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
            further = pool.submit(_further_in_child)
            if meanwhile is not None:
                meanwhile()
            seminar = seminar_figures(frame, analysis, labels, decimals)
            design = design_figures(frame, analysis, labels)
            return seminar + design + further.result()
    finally:
        _JOB = ()
