"""Every figure of the report, in the order the report shows them."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any, Literal

from reportgen.children import start_child
from reportgen.figures.base import FigureImage, FigureJob, FigureStore, with_narrow
from reportgen.i18n import SOURCE_LANGUAGE, speaking

if TYPE_CHECKING:
    import pandas as pd

    from reportgen.analysis import Analysis
    from reportgen.config import Labels

__all__ = ["FigureImage", "build_figures"]

# What a forked figure process draws from: set just before the fork, read by the child.
_SHARED: tuple[Any, ...] = ()


def figure_jobs(
    frame: pd.DataFrame,
    analysis: Analysis,
    labels: Labels,
    decimals: int = 2,
    sections: Mapping[str, Any] | None = None,
) -> list[FigureJob]:
    """Every figure of the report, ready to draw, from the sections' registry entries (the context
    numbers them in the sections' order).

    ``sections`` are the results of the sections that compute their own and that this report shows
    (see :func:`reportgen.sections.shown_results`); of their figures, only those the report shows
    (a study report's, see :func:`reportgen.profiles.drawn`).
    """
    from reportgen.profiles import shows_figure
    from reportgen.sections import section_figures

    sections = sections or {}
    jobs = section_figures(frame, analysis, labels, decimals, sections)
    return [job for job in jobs if shows_figure(job.name, sections)]


def build_figures(
    frame: pd.DataFrame,
    analysis: Analysis,
    labels: Labels,
    decimals: int = 2,
    *,
    parallel: bool = False,
    meanwhile: Callable[[], object] | None = None,
    sections: Mapping[str, Any] | None = None,
    cache: FigureStore | None = None,
    narrow: bool | Literal["panels"] = False,
    lang: str = SOURCE_LANGUAGE,
) -> list[FigureImage]:
    """Render every figure; with ``parallel``, shared with a forked process; with ``cache``, only
    the figures it does not hold (it counts what was drawn and reused).

    Drawing is most of a single build's time and figures are independent, so a build on a machine
    with two or more cores draws them in two processes, each taking the next figure (the costliest
    first) until none is left: the split adapts to each figure's cost and to ``meanwhile``, which
    this process runs first (only then), e.g. loading what the render and the PDF will need. Batch
    layers that already run one report per process (cohorts) leave ``parallel`` off. With
    ``narrow`` (the output includes HTML), figures too wide for a phone get a narrow version too;
    with ``narrow="panels"`` (a batch of study reports), only figures of several panels, which the
    narrow version lays out again: a phone shows a single panel's wide image scaled down.
    Titles, axis labels and legends are written in ``lang`` (:func:`reportgen.i18n.speaking`), which
    is part of the cache's key: a figure drawn in one language is never reused in another.
    """
    with speaking(lang):  # words made while the jobs are made (titles) ...
        jobs = figure_jobs(frame, analysis, labels, decimals, sections)
    if narrow:
        jobs = [with_narrow(job) if narrow is True or job.panels > 1 else job for job in jobs]
    jobs = [_spoken(job, lang) for job in jobs]  # ... and while drawn
    if cache is None:
        return _draw(jobs, parallel, meanwhile)
    inputs = (frame, analysis, labels, decimals, dict(sections or {}), narrow, lang)
    keys = cache.keys(inputs, [job.name for job in jobs])
    found = {i: image for i, key in enumerate(keys) if (image := cache.get(key, jobs[i].name)) is not None}
    missing = [i for i in range(len(jobs)) if i not in found]
    for i, image in zip(missing, _draw([jobs[i] for i in missing], parallel, meanwhile), strict=True):
        cache.put(keys[i], image)
        found[i] = image
    cache.trim()
    return [found[i] for i in range(len(jobs))]


def _spoken(job: FigureJob, lang: str) -> FigureJob:
    """``job`` drawn in ``lang``, also in a forked figure process (a context variable set here
    would not reach it)."""
    return replace(job, draw=functools.partial(_draw_in, lang, job.draw))


def _draw_in(lang: str, draw: Callable[[], FigureImage]) -> FigureImage:
    with speaking(lang):
        return draw()


def _draw(jobs: list[FigureJob], parallel: bool, meanwhile: Callable[[], object] | None) -> list[FigureImage]:
    """Draw ``jobs``, in two processes when ``parallel`` and the machine allows (see build_figures)."""
    if not jobs or not (parallel and sys.platform.startswith("linux") and (os.cpu_count() or 1) >= 2):
        return [job.draw() for job in jobs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Imported before the fork, or both processes import matplotlib (0.4 CPU-seconds each).
    import matplotlib.backends.backend_agg  # noqa: F401
    import matplotlib.figure  # noqa: F401

    context = multiprocessing.get_context("fork")
    order = sorted(range(len(jobs)), key=lambda i: -jobs[i].panels)
    taken = context.Value("i", 0)  # how many of ``order`` either process has taken
    global _SHARED
    _SHARED = (jobs, order, taken)
    try:
        # fork: the child inherits the jobs, the counter and the imported libraries; nothing is pickled in.
        with ProcessPoolExecutor(
            1, mp_context=context, initializer=start_child, initargs=(os.getpid(),)
        ) as pool:
            theirs = pool.submit(_draw_in_child)
            if meanwhile is not None:
                meanwhile()
            drawn = _draw_until_none_left(jobs, order, taken)
            drawn.update(theirs.result())
    finally:
        _SHARED = ()
    return [drawn[i] for i in range(len(jobs))]


def _draw_until_none_left(jobs: list[FigureJob], order: list[int], taken: Any) -> dict[int, FigureImage]:
    drawn: dict[int, FigureImage] = {}
    while True:
        with taken.get_lock():
            k = taken.value
            taken.value = k + 1
        if k >= len(order):
            return drawn
        drawn[order[k]] = jobs[order[k]].draw()


def _draw_in_child() -> dict[int, FigureImage]:
    return _draw_until_none_left(*_SHARED)
