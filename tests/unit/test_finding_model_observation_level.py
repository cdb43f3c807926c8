"""The GLMMs that find no slopes differing are named by their observation-level effect when that
effect changed the choice (statistician M, session 7, item 3: epil's random-slope Poisson GLMM finds
them, chi2 = 20.3, p < 0.001; only with (1 | obs) does the test fall to 0.016)."""

from __future__ import annotations

from reportgen.narrative.finding_model import finding_model, observation_level_decides
from reportgen.narrative.rules import individual_differences


def test_epils_choice_changed_by_the_observation_level() -> None:
    assert observation_level_decides("random_slope", "random_intercept", "random_intercept_observation_level")
    # the same choice with and without (1 | obs), no refit, or no overdispersion check: not named
    assert not observation_level_decides(
        "random_intercept", "random_intercept", "random_intercept_observation_level"
    )
    assert not observation_level_decides("random_slope", "random_intercept", "random_intercept")
    assert not observation_level_decides(None, "random_intercept", "random_intercept")


def test_the_sentence_names_the_glmms_with_the_observation_level() -> None:
    q3 = individual_differences(True, True, False, True, finds=finding_model(True, True))
    assert "but the GLMMs with an observation-level effect find no clear differences there" in q3
    assert finding_model(True, False) == "the GLMMs find"
    assert finding_model(False, True) == "the mixed models below find"
