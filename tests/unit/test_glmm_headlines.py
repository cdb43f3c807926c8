"""The email's key findings and the cohort index read a binomial or Poisson report's GLMM headline
(its odds or rate ratio per unit of time, results key glmm.time_ratio), not the linear slope."""

from __future__ import annotations

import pytest

from reportgen.cohorts.index import _ratio_name
from reportgen.cohorts.task import summarize
from reportgen.config import Labels
from reportgen.mail.compose import key_findings
from reportgen.narrative import Num

LABELS = Labels("y", "", "visit", "", "id")


def _paths(family: str) -> set[str]:
    return {".".join(p.path) for f in key_findings(LABELS, family) for p in f.parts if isinstance(p, Num)}


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_a_glmm_report_emails_its_ratio_per_unit_of_time(family: str) -> None:
    paths = _paths(family)
    assert {"glmm.time_ratio.ratio", "glmm.time_ratio.ci_low", "glmm.time_ratio.ci_high"} <= paths
    assert not any(p.startswith(("headline.", "random_intercept.")) for p in paths)
    titles = [f.label for f in key_findings(LABELS, family)]
    assert ("Odds ratio per visit" if family == "binomial" else "Rate ratio per visit") in titles


def test_a_gaussian_report_emails_its_linear_slope() -> None:
    paths = _paths("gaussian")
    assert "headline.slope" in paths and not any(p.startswith("glmm.") for p in paths)


RATIO = {"ratio": 1.47, "ci_low": 1.25, "ci_high": 1.74, "p": 1e-6}
RESULTS = {
    "data": {"rows": 360, "clean_rows": 360, "groups": 60},
    "headline": {"model": "random_intercept", "slope": 0.06, "slope_ci_low": 0.03, "slope_ci_high": 0.08,
                 "slope_df": 299.0},
    "model_choice": {"stands_on": "random_intercept", "intercept_sd": 0.2, "residual_sd": 0.4},
}  # fmt: skip


def test_the_cohort_index_reads_a_glmm_cohorts_ratio() -> None:
    glmm = summarize({**RESULTS, "family": {"name": "binomial"}, "glmm": {"time_ratio": RATIO}})
    assert glmm["glmm"]["time_ratio"] == RATIO and _ratio_name(glmm) == "odds ratio"
    counts = summarize({**RESULTS, "family": {"name": "poisson"}, "glmm": {"time_ratio": RATIO}})
    assert _ratio_name(counts) == "rate ratio"
    linear = summarize({**RESULTS, "family": {"name": "gaussian"}, "glmm": None})
    assert "glmm" not in linear and _ratio_name(linear) is None


def test_the_default_subject_gives_a_glmm_reports_ratio() -> None:
    from reportgen.mail.compose import SUBJECT, default_subject

    glmm = {"family": {"name": "binomial"}, "glmm": {"time_ratio": RATIO}}
    assert default_subject(glmm, LABELS, 2) == "{title}, odds ratio 1.47 per visit"
    assert default_subject({"family": {"name": "gaussian"}, "glmm": None}, LABELS, 2) == SUBJECT
