"""Figures speak the report's language (issue 25): titles made when the jobs are made and words
drawn on the axes are German in a German build, and the language is part of the figure cache's key,
so a German build after an English one draws again (and vice versa) instead of reusing the other's."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reportgen import figures
from reportgen.config import Labels
from reportgen.figure_cache import FigureCache
from reportgen.figures.base import FigureImage, FigureJob, render_panels
from reportgen.figures.seminar import q1_figures
from reportgen.i18n import spoken_language

LABELS = Labels("Reaction", "ms", "Days", "day", "Subject", "Probanden")
FRAME = pd.DataFrame({"time": [0.0, 1.0, 2.0, 3.0], "response": [250.0, 260.0, 255.0, 270.0]})


@pytest.fixture
def histogram_and_language(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The report's figures are Question 1's histogram and a job that notes the language it is drawn in."""
    spoken: list[str] = []

    def noted() -> FigureImage:
        return render_panels("noted", "noted", lambda axes: spoken.append(spoken_language()))

    def jobs(frame: pd.DataFrame, analysis: object, labels: Labels, *rest: object) -> list[FigureJob]:
        return [*q1_figures(frame, analysis, labels), FigureJob(noted, name="noted")]  # type: ignore[arg-type]

    monkeypatch.setattr(figures, "figure_jobs", jobs)
    return spoken


def _titles(lang: str, cache: FigureCache | None = None) -> list[str]:
    drawn = figures.build_figures(FRAME, None, LABELS, cache=cache, lang=lang)  # type: ignore[arg-type]
    return [image.title for image in drawn]


def test_titles_and_drawn_words_are_in_the_reports_language(histogram_and_language: list[str]) -> None:
    assert _titles("en") == ["Histogram of reaction", "noted"]
    assert _titles("de") == ["Histogramm: Reaction", "noted"]  # the label as written, German's capital
    assert histogram_and_language == ["en", "de"]
    assert spoken_language() == "en"  # only for the figure stage


def test_a_build_in_another_language_draws_again(histogram_and_language: list[str], tmp_path: Path) -> None:
    cache = FigureCache(tmp_path)
    assert _titles("en", cache) == ["Histogram of reaction", "noted"]
    assert (cache.drawn, cache.reused) == (2, 0)
    assert _titles("de", cache) == ["Histogramm: Reaction", "noted"]  # not the English figures
    assert (cache.drawn, cache.reused) == (4, 0)
    assert _titles("en", cache) == ["Histogram of reaction", "noted"]  # each language's its own
    assert _titles("de", cache) == ["Histogramm: Reaction", "noted"]
    assert (cache.drawn, cache.reused) == (4, 4)
    assert histogram_and_language == ["en", "de"]
