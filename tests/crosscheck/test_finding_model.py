"""epil's questions name the GLMMs with the observation-level effect as the ones finding no slopes
differing (statistician M, session 7, item 3; R: glmer(y ~ period + (period | subject)) against
(1 | subject): chi2 = 20.3; with + (1 | obs) on both: 0.016)."""

from __future__ import annotations

import pytest

from tests.crosscheck.test_reviewed_reports import built

pytestmark = pytest.mark.slow


def test_epil_names_the_glmms_with_the_observation_level_effect() -> None:
    results, text = built("epil")
    glmm = results["glmm"]
    assert glmm["overdispersion"]["fit"] == "random_slope" and glmm["model"] == "random_intercept"
    assert glmm["lrt_chisq"] == pytest.approx(0.016, abs=1e-3)
    assert "but the GLMMs with an observation-level effect find no clear differences" in text
    assert "but the GLMMs find no clear differences" not in text
