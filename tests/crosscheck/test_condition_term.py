"""The subject x condition term of the covariate model (``reportgen/analysis/condition_term.py``)
against lmerTest.

nlme::Pixel (Side within Dog at the same days) and MASS::Rabbit (Treatment within Animal at the same
doses): the covariate section's type-III tests of the covariate and of its interaction with the trend
must be lmerTest's ``anova(m, type = 3)`` (and ``contestMD`` for the quadratic's two interaction
terms at once) on the covariate model with ``(1 | subject:condition)``: F within 0.5%, denominator df
within 2%. Without the term (the one-grouping model) Pixel's Side gives F = 0.47 where lmerTest gives
1.18, so the comparison can fail. Skipped without R, unless ``REPORTGEN_REQUIRE_R=1``.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from reportgen.analysis.covariates import CovariateEffect, analyse_covariates
from reportgen.analysis.shape import fit_supported_model
from reportgen.clean import clean
from reportgen.config import make_config
from tests.crosscheck.test_lme4 import R_TO_JSON
from tests.support.r_datasets import r_dataset
from tests.support.r_run import MISSING_PACKAGE, run_r

F_REL = 5e-3
DF_REL = 2e-2

R_SCRIPT = (
    f"""
for (p in c("lme4", "lmerTest", "nlme", "MASS"))
  if (!requireNamespace(p, quietly = TRUE)) quit(status = {MISSING_PACKAGE})
"""
    + R_TO_JSON
    + r"""
suppressMessages(library(lmerTest))
row <- function(a, term) list(F = a[term, "F value"], den_df = a[term, "DenDF"])
data(Pixel, package = "nlme")
d <- as.data.frame(Pixel)
d$Dog <- factor(as.character(d$Dog)); d$Side <- factor(as.character(d$Side))
m <- lmer(pixel ~ splines::ns(day, 2) * Side + (day | Dog) + (1 | Dog:Side), d, REML = TRUE)
a <- anova(m, type = 3)
pixel <- list(main = row(a, "Side"), interaction = row(a, "splines::ns(day, 2):Side"))
data(Rabbit, package = "MASS")
r <- Rabbit
r$Animal <- factor(as.character(r$Animal)); r$Treatment <- factor(as.character(r$Treatment))
m <- suppressWarnings(lmer(
  BPchange ~ (Dose + I(Dose^2)) * Treatment + (1 | Animal) + (0 + I(Dose - 6.25) | Animal) +
    (1 | Animal:Treatment), r, REML = TRUE
))
a <- anova(m, type = 3)
L <- matrix(0, 2, length(fixef(m)), dimnames = list(NULL, names(fixef(m))))
L[1, "Dose:TreatmentMDL"] <- 1; L[2, "I(Dose^2):TreatmentMDL"] <- 1
joint <- contestMD(m, L)
interaction <- list(F = joint[["F value"]], den_df = joint[["DenDF"]])
rabbit <- list(main = row(a, "Treatment"), interaction = interaction)
cat(to_json(list(pixel = pixel, rabbit = rabbit)), "\n")
"""
)

# name -> (R data set, package, response, time, group, covariate, the model R refits)
STUDIES = {
    "pixel": ("Pixel", "nlme", "pixel", "day", "Dog", "Side", ("spline2", "random_slope")),
    "rabbit": (
        "Rabbit",
        "MASS",
        "BPchange",
        "Dose",
        "Animal",
        "Treatment",
        ("quadratic", "uncorrelated_slope"),
    ),
}


@functools.cache
def effect(name: str) -> tuple[CovariateEffect, float]:
    """The covariate section's effect, and the first observed time (the diagonal model's origin)."""
    data, package, response, time, group, covariate, _ = STUDIES[name]
    config = make_config(
        data_path=Path(f"{name}.csv"), response=response, time=time, group=group, covariates=(covariate,)
    )
    frame = clean(r_dataset(data, package).astype(str), config).frame
    choice = fit_supported_model(frame, engine=config.engine).choice
    return analyse_covariates(frame, (covariate,), choice, engine=config.engine)[
        covariate
    ], choice.reference_time


@pytest.fixture(scope="module")
def lmertest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    script = tmp_path_factory.mktemp("condition") / "refit.R"
    script.write_text(R_SCRIPT)
    result: dict[str, Any] = json.loads(run_r(script).stdout.strip().splitlines()[-1])
    return result


@pytest.mark.parametrize("name", list(STUDIES))
def test_the_refitted_model_is_the_one_the_section_stands_on(name: str) -> None:
    e, start = effect(name)
    shape, structure = STUDIES[name][-1]
    assert (e.shape, e.structure, e.within_subject) == (shape, structure, "same_times")
    assert e.subject_condition_term
    if structure == "uncorrelated_slope":
        assert start == 6.25  # the R formula's I(Dose - 6.25)


@pytest.mark.parametrize("name", list(STUDIES))
@pytest.mark.parametrize("test", ["main", "interaction"])
def test_tests_match_lmertest_with_the_subject_condition_term(
    lmertest: dict[str, Any], name: str, test: str
) -> None:
    e, _ = effect(name)
    ours = e.main_test if test == "main" else e.interaction_test
    theirs = lmertest[name][test]
    assert ours.F == pytest.approx(theirs["F"], rel=F_REL)
    assert ours.den_df == pytest.approx(theirs["den_df"], rel=DF_REL)
