"""The email of a curved GLMM report (reportgen.mail.compose): its key finding and default subject
read the curve's ratio of the last observed time to the first (glmm.curve.change), a straight
GLMM's its ratio per unit of time, as before."""

from __future__ import annotations

import pytest

from reportgen.config import Labels
from reportgen.mail.compose import default_subject, key_findings
from reportgen.narrative import Num

LABELS = Labels("y", "", "visit", "", "id")
STRAIGHT = {"ratio": 1.47, "ci_low": 1.25, "ci_high": 1.74, "p": 1e-6}
CHANGE = {"ratio": 2.39, "ci_low": 1.30, "ci_high": 4.39, "p": 0.005}


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_the_key_finding_follows_the_shape(family: str) -> None:
    curved = key_findings(LABELS, family, source="curve")[1]
    straight = key_findings(LABELS, family, source="line")[1]
    assert "last to first visit" in curved.label and "per visit" in straight.label
    assert {".".join(p.path) for p in curved.parts if isinstance(p, Num)} == {
        "glmm.curve.change.ratio",
        "glmm.curve.change.ci_low",
        "glmm.curve.change.ci_high",
    }
    assert "glmm.time_ratio.ratio" in {".".join(p.path) for p in straight.parts if isinstance(p, Num)}


def test_the_default_subject_follows_the_shape() -> None:
    curved = {"family": {"name": "binomial"}, "glmm": {"time_ratio": STRAIGHT, "curve": {"change": CHANGE}}}
    straight = {"family": {"name": "binomial"}, "glmm": {"time_ratio": STRAIGHT, "curve": None}}
    assert default_subject(curved, LABELS, 2) == "{title}, odds ratio 2.39 from the first to the last visit"
    assert default_subject(straight, LABELS, 2) == "{title}, odds ratio 1.47 per visit"
