"""Which figures a study report draws (reportgen/profiles.py: ``drawn``, ``shows_figure``): three or
four for a reader outside the class, exactly those its chapters show, and nothing else drawn."""

from __future__ import annotations

from fnmatch import fnmatchcase
from typing import Any

import pytest

from reportgen.profiles import FIGURES, SEMINAR, STUDY, STUDY_CHAPTERS, chapter_views, drawn, shows_figure
from reportgen.sections import SHOWN, sections_for, shown_results

LINEAR: dict[str, Any] = {"trend": {"supported": True}, "covariates": {}}
COVARIATE: dict[str, Any] = {"trend": {"supported": True}, "covariates": {"Sex": {}}}
TWO_COVARIATES: dict[str, Any] = {"trend": {"supported": True}, "covariates": {"Sex": {}, "age": {}}}
BINARY: dict[str, Any] = {"glmm": {"family": "binomial"}, "outcome": {"kind": "binary"}, "covariates": {}}


def drawn_names(results: dict[str, Any]) -> list[str]:
    """The figures a study report of ``results`` draws: of the sections it draws (registry keys, a
    repeated one's with ``{slug}``), the figures it shows."""
    chosen = drawn(shown_results({}, results), STUDY)
    patterns = [key.replace("{slug}", "*") for key in chosen[SHOWN]]
    return [
        name
        for section in sections_for(results)
        if any(fnmatchcase(section.key, pattern) for pattern in patterns)
        for name in section.figures
        if shows_figure(name, chosen)
    ]


def shown_names(results: dict[str, Any]) -> list[str]:
    """The figures the study report's chapters show."""
    return [name for view in chapter_views(sections_for(results), STUDY_CHAPTERS) for name in view.figures]


@pytest.mark.parametrize(
    ("results", "figures"),
    [
        (LINEAR, ["scatter", "trend", "small_multiples", "residuals"]),
        # flip: a covariate's figure draws every subject's trajectory, so the scatter goes
        (COVARIATE, ["trend", "covariate_sex", "small_multiples", "residuals"]),
        (TWO_COVARIATES, ["trend", "covariate_sex", "covariate_age", "small_multiples", "residuals"]),
        (BINARY, ["scatter", "family_curve"]),
    ],
)
def test_a_study_report_draws_exactly_the_figures_its_chapters_show(
    results: dict[str, Any], figures: list[str]
) -> None:
    assert shown_names(results) == figures
    assert drawn_names(results) == figures


def test_nothing_of_the_seminars_figures_is_drawn_for_a_study_report() -> None:
    chosen = drawn(shown_results({}, LINEAR), STUDY)
    for name in (
        "histogram",
        "ols_fit",
        "shrinkage",
        "caterpillar",
        "residual_checks",
        "spread",
        "effects_qq",
    ):
        assert not shows_figure(name, chosen), name
    assert shows_figure("covariate_sex", drawn(shown_results({}, COVARIATE), STUDY))


def test_the_seminar_report_draws_every_figure_of_its_sections() -> None:
    shown = shown_results({}, LINEAR)
    assert FIGURES not in drawn(shown, SEMINAR)
    for name in ("histogram", "shrinkage", "caterpillar", "effects_qq", "covariate_sex"):
        assert shows_figure(name, drawn(shown, SEMINAR)), name
