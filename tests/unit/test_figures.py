"""Drawing the figures of one build in two processes."""

from __future__ import annotations

import os
import sys
import time

import pytest

from reportgen import figures
from reportgen.figures.base import FigureImage, FigureJob


def _job(index: int, panels: int = 1) -> FigureJob:
    def draw() -> FigureImage:
        time.sleep(0.05)  # long enough for the other process to take figures too
        return FigureImage(name=f"{index}", title=str(os.getpid()), png=b"", width=1, height=1)

    return FigureJob(draw, panels)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the parallel path forks (Linux)")
def test_two_processes_share_the_figures_and_keep_their_order(monkeypatch: pytest.MonkeyPatch) -> None:
    jobs = [_job(i, panels=18 if i == 5 else 1) for i in range(12)]
    monkeypatch.setattr(figures, "figure_jobs", lambda *args: jobs)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    ran: list[int] = []

    drawn = figures.build_figures(None, None, None, parallel=True, meanwhile=lambda: ran.append(os.getpid()))  # type: ignore[arg-type]

    assert [image.name for image in drawn] == [str(i) for i in range(12)]
    drawers = {image.title for image in drawn}  # the process ids that drew them
    assert len(drawers) == 2 and str(os.getpid()) in drawers
    assert ran == [os.getpid()]  # the build's own process, once


def test_without_parallel_one_process_draws_every_figure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(figures, "figure_jobs", lambda *args: [_job(i) for i in range(3)])
    ran: list[int] = []
    drawn = figures.build_figures(None, None, None, meanwhile=lambda: ran.append(1))  # type: ignore[arg-type]
    assert [image.name for image in drawn] == ["0", "1", "2"]
    assert {image.title for image in drawn} == {str(os.getpid())}
    assert ran == []  # nothing to overlap with
