"""BodyWeight with ``--covariate Diet`` (numeric, 1 to 3, maybe codes): the per-value rates are read
at Diet = 1, 2 and 3, values rats have, not at the quartiles 1.5 and 2.25 (statistician N, session 7).

R (lmerTest, the stored lmerControl), the average rate over days 1 to 64 at Diet = k:
    m <- lmer(weight ~ ns(Time, 3) * Diet + (Time | Rat), nlme::BodyWeight, control = ctl)
    b <- predict(ns(d$Time, 3), 64) - predict(ns(d$Time, 3), 1)
    contest(m, c(0, b, 0, k * b) / 63, joint = FALSE, confint = TRUE)   # terms in lme4's order
gives 0.46375 (0.22748 to 0.70002), 0.67944 (0.49643 to 0.86245), 0.89513 (0.57815 to 1.21211).
"""

from __future__ import annotations

import pytest

from tests.support.analysed import analyse_study
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow

R_RATES = {
    1.0: (0.46375, 0.22748, 0.70002),
    2.0: (0.67944, 0.49643, 0.86245),
    3.0: (0.89513, 0.57815, 1.21211),
}


def test_bodyweights_numeric_diet_is_read_at_values_rats_have() -> None:
    frame = r_dataset("BodyWeight", "nlme").rename(
        columns={"weight": "response", "Time": "time", "Rat": "group"}
    )
    frame["group"] = frame["group"].astype(str)
    frame["Diet"] = frame["Diet"].astype(float)
    study = analyse_study(frame[["response", "time", "group", "Diet"]], covariates=["Diet"])
    diet = study["results"]["covariates"]["Diet"]
    assert diet["level_values"] == list(R_RATES) and diet["shape"] != "linear"
    for value, (estimate, low, high) in R_RATES.items():
        rate = diet["slope_by_level"][f"Diet {value:g}"]
        assert rate["estimate"] == pytest.approx(estimate, abs=1e-4)
        assert rate["ci_low"] == pytest.approx(low, abs=1e-3) and rate["ci_high"] == pytest.approx(
            high, abs=1e-3
        )
    said = " ".join([*(s for texts in study["sentences"].values() for s in texts), *study["alt"].values()])
    assert "Diet = 1.5" not in said and "Diet = 2.25" not in said and "Diet = 3" in said
