"""Rabbit (MASS::Rabbit, --covariate Treatment): the F test of the dose curve x Treatment stands on
the model with + (1 | Animal:Treatment), and the words no longer say it ignores the pairing
(statistician M, session 7, item 1). lmerTest, the stored lmerControl:
    f2 <- lmer(BPchange ~ (Dose + I(Dose^2)) * Treatment + (1 | Animal) + (0 + I(Dose - 6.25) | Animal)
               + (1 | Animal:Treatment), MASS::Rabbit, control = ctl)
    contestMD(f2, rows for Dose:TreatmentMDL and I(Dose^2):TreatmentMDL)
gives F = 16.762996 on 2 and 43.597486 df, p = 3.98e-06."""

from __future__ import annotations

import pytest

from tests.support.analysed import analyse_study
from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow


def test_rabbits_curve_by_treatment_f_test_is_the_paired_models() -> None:
    frame = r_dataset("Rabbit", "MASS").rename(
        columns={"BPchange": "response", "Dose": "time", "Animal": "group"}
    )
    frame["group"] = frame["group"].astype(str)
    study = analyse_study(frame[["response", "time", "group", "Treatment"]], covariates=["Treatment"])
    treatment = study["results"]["covariates"]["Treatment"]
    test = treatment["interaction_test"]
    assert treatment["subject_condition_term"] and treatment["shape"] != "linear"
    assert test["F"] == pytest.approx(16.762996, rel=1e-4) and test["den_df"] == pytest.approx(
        43.5975, rel=1e-3
    )
    (said,) = [s for s in study["sentences"]["covariate:Treatment"] if "type-III F test of the curve" in s]
    assert "but the test ignores the pairing" not in said
    assert "the likelihood-ratio test, which ignores the pairing" in said
