"""The study report shows the model with every level's sentences on the subjects' slopes in place of
the one-grouping model's when the report has them (profiles.Chapter.instead; statistician N 3)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from reportgen.profiles import STUDY_CHAPTERS, chapter_views


def _section(key: str, *sentences: str) -> Any:
    return SimpleNamespace(key=key, sentences=sentences, figures=())


ONE_GROUPING = (
    _section("g1", "g_slopes_prompt", "g_slopes"),
    _section("g2", "g_compare", "g_choice"),
)
LEVELS = _section("g-levels", "g_levels", "g_levels_test", "g_levels_subjects")


def _sentences(sections: tuple[Any, ...]) -> dict[str, tuple[str, ...]]:
    return {view.key: view.sentences for view in chapter_views(sections, STUDY_CHAPTERS)}


def test_one_grouping_reports_keep_their_sentences() -> None:
    shown = _sentences(ONE_GROUPING)
    assert "g_compare" in shown["model"] and "g_slopes" in shown["variation"]


def test_nested_reports_show_the_stood_on_models_in_their_place() -> None:
    shown = _sentences((*ONE_GROUPING, LEVELS))
    assert "g_levels_test" in shown["model"] and "g_compare" not in shown["model"]
    assert "g_levels_subjects" in shown["variation"] and "g_slopes" not in shown["variation"]
    assert "g_levels" not in shown["model"] + shown["variation"]
