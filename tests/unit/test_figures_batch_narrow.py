"""Phone versions in a batch (issue 22, the lead's decision b): a cohorts batch draws the narrow
version only of figures of several panels, which it lays out again; a single panel's wide image is
scaled down by the page. A single build still draws both kinds; the cache keeps them apart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from reportgen import figures
from reportgen.figure_cache import FigureCache
from reportgen.figures.base import one_axes_job, panels_job


def _jobs(*args: Any) -> list[Any]:
    def panels(axes: Any) -> None:
        for ax in axes:
            ax.plot([0, 1], [1, 2])

    return [
        one_axes_job("one", "One panel", lambda ax: ax.plot([0, 1], [1, 2])),
        panels_job("two", "Two panels", panels, grid=(1, 2), size=(9.0, 3.8)),
    ]


@pytest.mark.parametrize(
    ("narrow", "with_narrow"),
    [(True, {"one", "two"}), ("panels", {"two"}), (False, set())],
)
def test_which_figures_get_a_phone_version(
    monkeypatch: pytest.MonkeyPatch, narrow: Any, with_narrow: set[str]
) -> None:
    monkeypatch.setattr(figures, "figure_jobs", _jobs)
    drawn = figures.build_figures(None, None, None, narrow=narrow)  # type: ignore[arg-type]
    assert {image.name for image in drawn if image.narrow_png} == with_narrow
    assert all(image.png for image in drawn)


def test_a_batch_figure_is_not_what_a_single_build_finds_in_the_cache(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(figures, "figure_jobs", _jobs)
    inputs: tuple[Any, ...] = ({"frame": 1}, {"analysis": 2}, {"labels": 3})
    batch = FigureCache(tmp_path)
    figures.build_figures(*inputs, cache=batch, narrow="panels")
    single = FigureCache(tmp_path)
    drawn = figures.build_figures(*inputs, cache=single, narrow=True)
    assert single.reused == 0 and single.drawn == 2  # the batch's single panel has no phone version
    assert {image.name for image in drawn if image.narrow_png} == {"one", "two"}
