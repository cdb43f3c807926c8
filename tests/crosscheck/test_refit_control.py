"""The appendix says why the lme4 call carries its control, from the model's own scales
(statistician M, session 7, item 9). lme4 (the stored lmerControl), getME(fit, "theta"):
MASS::Sitka, size ~ Time + I(Time^2) + (Time | tree): 8.132775, -0.020321, 0.020899 (ratio 389.15;
a bare lmer() reaches logLik 28.8124 against 28.8127 and warns "failed to converge");
CO2, uptake ~ ns(conc, 4) + (1 | Plant) + (0 + I(conc - 95) | Plant): 2.211615, 0.002599 (850.89)."""

from __future__ import annotations

import pytest

from tests.crosscheck.test_reviewed_reports import built

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(("study", "ratio", "axis"), [("Sitka", 389.1502, "time"), ("CO2", 850.8905, "conc")])
def test_the_appendix_says_the_scales_differ(study: str, ratio: float, axis: str) -> None:
    results, text = built(study)
    scale = results["model_choice"]["refit_scale"]
    assert scale["theta_ratio"] == pytest.approx(ratio, rel=1e-3) and scale["time_divisor"] == 10
    assert "The control runs lme4's optimizer to convergence" in text
    assert f"differ by a factor of about {round(ratio)} " in text
    assert f"Dividing {axis} by 10 brings the scales closer" in text
