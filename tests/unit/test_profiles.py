"""The report profiles (reportgen/profiles.py): which registry sections the study report shows,
which profile a command uses, and the warning when a study report would name reportgen its author."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import pytest

from reportgen.config import make_config
from reportgen.errors import ConfigError
from reportgen.mail.folders import BLOCKS, STUDY_BLOCKS, blocks_for
from reportgen.profiles import (
    SEMINAR,
    STUDY,
    STUDY_CHAPTERS,
    author_warning,
    chapter_views,
    cohort_profile,
    drawn,
    resolved_profile,
    speaks_of_the_seminar,
    study_sentences,
    without_pointers,
)
from reportgen.sections import SECTIONS, SHOWN, _figure_pattern, sections_for

GAUSSIAN: dict[str, Any] = {"trend": {"supported": True}, "covariates": {"Sex": {}}}
BINARY: dict[str, Any] = {"glmm": {"family": "binomial"}, "outcome": {"kind": "binary"}, "covariates": {}}


def chapters(results: dict[str, Any]) -> dict[str, Any]:
    return {view.key: view for view in chapter_views(sections_for(results), STUDY_CHAPTERS)}


def test_a_gaussian_study_report_has_every_chapter_and_no_seminar_step() -> None:
    views = chapters(GAUSSIAN)
    assert list(views) == ["design", "model", "estimates", "variation", "diagnostics", "appendix"]
    assert views["estimates"].figures == ("trend", "covariate_sex")
    assert "covariate:Sex" in views["estimates"].sentences
    assert views["model"].sentences == ("g_compare",)
    shown = {key for view in views.values() for key in view.sentences}
    # The seminar's teaching steps (one line for all, the seminar's pairs, the prompts) are not shown.
    assert not shown & {"q3", "q4", "q5", "q6", "g_slopes_prompt", "q5_note"}
    figures = [name for view in views.values() for name in view.figures]
    assert 3 <= len(figures) - 1 <= 4  # three or four figures, and one per covariate


def test_a_glmm_study_report_has_its_family_and_no_linear_model_chapters() -> None:
    views = chapters(BINARY)
    assert list(views) == ["design", "model", "appendix"]  # flip the family: the linear chapters go
    assert "g_family" in views["model"].sentences and "g_outcome" in views["model"].sentences
    assert views["model"].figures == ("family_curve",)


def test_a_glmm_study_report_with_a_covariate_gives_its_effect_from_the_glmm() -> None:
    binary = {**BINARY, "glmm": {"family": "binomial", "covariates": {"effects": {"arm": {}}}}}
    views = chapters(binary)
    assert list(views) == ["design", "model", "estimates", "appendix"]
    assert views["estimates"].sentences == ("glmm_covariate:arm",)


def test_a_sentence_is_shown_once_even_when_two_chapters_name_its_section() -> None:
    views = chapters(GAUSSIAN)
    assert "g_choice" in views["estimates"].sentences and "g_choice" not in views["model"].sentences


def test_every_name_of_the_study_chapters_is_in_the_registry() -> None:
    keys = {s.key for s in SECTIONS}
    sentences = {k for s in SECTIONS for k in s.sentences}
    figures = "|".join(_figure_pattern(f) for s in SECTIONS for f in s.figures)
    for chapter in STUDY_CHAPTERS:
        assert set(chapter.sections) <= keys, chapter.key
        assert set(chapter.sentences) <= sentences, chapter.key
        assert all(re.fullmatch(figures, f.replace("{slug}", "x")) for f in chapter.figures), chapter.key


@pytest.mark.parametrize(
    ("settings", "profile"),
    [
        ({}, STUDY),
        ({"profile": SEMINAR}, SEMINAR),
        ({"variant": "handout"}, SEMINAR),  # only the seminar's report has a handout
        ({"code": True}, SEMINAR),  # ... and solution code
        ({"code": False}, STUDY),
    ],
)
def test_cohorts_default_to_the_study_report(settings: dict[str, Any], profile: str) -> None:
    assert cohort_profile(make_config(**settings)) == profile


def test_build_defaults_to_the_seminar_report() -> None:
    assert resolved_profile(make_config()) == SEMINAR
    assert resolved_profile(make_config(profile="study")) == STUDY
    assert make_config(config_file=None, profile="study").profile == STUDY


@pytest.mark.parametrize(("variant", "code"), [("handout", None), ("both", None), ("solutions", True)])
def test_a_study_report_refuses_what_only_the_seminar_has(variant: str, code: bool | None) -> None:
    with pytest.raises(ConfigError, match="the study report has no questions, handout or code"):
        make_config(profile="study", variant=variant, code=code)


def test_an_unknown_profile_is_refused() -> None:
    with pytest.raises(ConfigError, match="profile"):
        make_config(profile="class")


def test_the_author_warning_speaks_only_for_a_study_report_by_reportgen() -> None:
    config = make_config()
    assert "--author NAME" in (author_warning(config, STUDY) or "")
    assert "'reportgen'" in (author_warning(config, STUDY) or "")
    assert author_warning(config, SEMINAR) is None
    assert author_warning(dataclasses.replace(config, author="A. Researcher"), STUDY) is None
    assert author_warning(dataclasses.replace(config, author=" "), STUDY) is not None


def test_the_study_summary_leaves_out_the_seminar_blocks() -> None:
    assert blocks_for({"report": {"profile": "study"}}) == STUDY_BLOCKS
    assert blocks_for({"report": {"profile": "seminar"}}) == BLOCKS
    assert blocks_for({"report": {}}) == BLOCKS  # a results.json before 1.3
    keys = {key for block in STUDY_BLOCKS for key in block.narrative}
    assert not keys & {"q3", "q4", "q5", "q6"}


@pytest.mark.parametrize(
    ("parts", "about_the_seminar"),
    [
        (("The seminar's linear mixed models are made for a continuous response.",), True),
        (("Question 6 forced one slope on everybody.",), True),
        (("Read it in Going further: random slopes.",), True),
        (("The linear mixed models are made for a continuous response.",), False),
        (("The questions of the study are answered by ", object(), "."), False),
    ],
)
def test_a_sentence_about_the_seminars_parts_is_found(
    parts: tuple[object, ...], about_the_seminar: bool
) -> None:
    assert speaks_of_the_seminar(parts) is about_the_seminar


def test_the_study_report_leaves_out_only_the_sentences_about_the_seminar() -> None:
    kept, dropped = ("The slope is 10.",), ("They are the two subjects the seminar compares.",)
    assert study_sentences({"q6": [kept, dropped], "g1": [dropped]}) == {"q6": [kept], "g1": []}


def test_a_study_report_draws_only_the_sections_whose_figures_it_shows() -> None:
    keys = tuple(s.key for s in SECTIONS)
    shown = {"covariates": {}, SHOWN: keys}
    study = drawn(shown, STUDY)[SHOWN]
    assert {"g-trend", "g-covariate-{slug}", "g4", "g5", "g-family"} <= set(study)
    # q2's scatter is left out when a covariate's figure draws every subject's trajectory
    assert not {"q1", "q2", "q3", "q4", "q6", "g-outcome"} & set(study)
    assert drawn(shown, SEMINAR) == shown  # the seminar's report draws every one


@pytest.mark.parametrize(
    ("seminar", "study"),
    [
        (
            "the report stands on the random-intercept model, which the tests support (next section).",
            "the report stands on the random-intercept model, which the tests support.",
        ),
        (
            "but the likelihood-ratio test below gives no clear evidence that rates differ at all",
            "but the likelihood-ratio test gives no clear evidence that rates differ at all",
        ),
        ("the fit is singular (see below), so", "the fit is singular, so"),
        ("as the counts are overdispersed; see below)", "as the counts are overdispersed)"),
        (
            "The fit converged, with the warnings listed above.",
            "The fit converged, with the warnings listed in results.json (fits.warnings).",
        ),
        (
            "; the type-III main effect in the table compares them at age 0",
            "; the type-III main effect compares them at age 0",
        ),
        ("follows the curve the trend section describes.", "follows the chosen curve."),
        (
            "so every model and number below describes 'yes'.",
            "so every model and number in this report describes 'yes'.",
        ),
        # comparisons of numbers are not pointers: kept as they are
        ("none below 0, and the AIC by more than 2 below every simpler shape", None),
        ("the slopes differ (likelihood-ratio test, p = 0.03).", None),
    ],
)  # fmt: skip
def test_the_study_report_rewrites_the_seminars_pointers_to_its_own_layout(
    seminar: str, study: str | None
) -> None:
    number = object()
    assert without_pointers((seminar, number)) == (study or seminar, number)
    assert study_sentences({"g1": [(seminar,)]}) == {"g1": [(study or seminar,)]}
