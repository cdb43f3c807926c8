"""A covariate model on the chosen curve, against lmerTest (issue 21, items 2 and 4).

MASS::Rabbit's trend is a quadratic in dose and nlme::Soybean's a 4-df natural spline in time; the
covariate model crosses that curve with the covariate (Treatment, Variety). R fits
``response ~ <curve> * covariate + <random part of models.covariates>`` itself (the curve written as
one term, ``poly(Dose, 2, raw = TRUE)`` or ``splines::ns(Time, 4)``, so lmerTest's type-III anova
gives the curve x covariate test in one row), and checks:

- the type-III F tests of the covariate and of curve x covariate (Satterthwaite denominator df);
- the likelihood-ratio test of curve x covariate (ML fits with and without it);
- each difference between levels at the first, average and last observed times: ``contest1D`` on
  L = the difference of two rows of R's ``model.matrix`` for new data at that time (R places the
  spline's knots itself; no number of ours goes into R).

Skipped without Rscript and lmerTest (unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import functools
import json
import tempfile
from pathlib import Path
from typing import Any

import pytest

from tests.crosscheck.test_models_refit import REFITTED, _raw, _results
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("lmerTest", quietly = TRUE)) quit(status = 3)
suppressMessages(library(lmerTest))
d <- read.csv(args[[1]], check.names = FALSE)
spec <- jsonlite::fromJSON(args[[2]])
d[[spec$column]] <- factor(d[[spec$column]])
best <- function(f, reml) {
  fits <- lapply(c("bobyqa", "Nelder_Mead"), function(o) suppressMessages(suppressWarnings(
    lmer(as.formula(f), d, REML = reml, control = lmerControl(optimizer = o)))))
  fits[[which.max(sapply(fits, function(x) as.numeric(logLik(x))))]]
}
m <- best(spec$full, TRUE)
# With a covariate varying within subjects at the same times, the F tests stand on the model with
# the subject x condition term (1 | group:covariate), and so do the contrasts below when the report
# reads its differences from that model (`differences_paired`, statistician Q 5).
paired <- if (spec$tested == spec$full) m else best(spec$tested, TRUE)
a <- anova(paired, type = 3)
out <- list(anova = list(terms = rownames(a), F = a[["F value"]], num = a[["NumDF"]],
                         den = a[["DenDF"]], p = a[["Pr(>F)"]]))
lrt <- anova(best(spec$additive, FALSE), best(spec$full, FALSE), refit = FALSE)
out$lrt <- list(chisq = lrt[["Chisq"]][2], df = lrt[["Df"]][2], p = lrt[["Pr(>Chisq)"]][2])
fixed_part <- delete.response(terms(lm(as.formula(spec$fixed), d)))
levels_ <- levels(d[[spec$column]])
for (w in names(spec$times)) {
  nd <- d[rep(1, length(levels_)), , drop = FALSE]
  nd[[spec$time]] <- spec$times[[w]]
  nd[[spec$column]] <- factor(levels_, levels = levels_)
  x <- model.matrix(fixed_part, nd)
  out$at[[w]] <- as.list(contest1D(if (spec$contrasts_paired) paired else m, x[2, ] - x[1, ], confint = TRUE))
}
cat(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE))
"""

STUDIES = {"Rabbit": "Treatment", "Soybean_variety": "Variety"}


def _curve(shape: str, time: str) -> str:
    """The chosen curve as one R term."""
    if shape == "quadratic":
        return f"poly({time}, 2, raw = TRUE)"
    if shape == "log":
        return f"log({time})"
    return f"splines::ns({time}, {shape[6:]})"


@functools.cache
def compared(study: str) -> tuple[dict[str, Any], dict[str, Any], str]:
    """Our results and R's (lmerTest) for one study, and R's name of the curve term."""
    _, _, columns, (column,) = REFITTED[study]
    built = _results(_raw(study), columns, (column,))
    results = built["results"]
    formula = results["models"]["covariates"]["formula"]
    random = "(" + formula.split(" + (", 1)[1]
    curve = _curve(results["trend"]["shape"], columns["time"])
    response = columns["response"]
    spec = {
        "column": column,
        "time": columns["time"],
        "times": results["covariates"][column]["differences"]["times"],
        "full": f"{response} ~ {curve} * {column} + {random}",
        "additive": f"{response} ~ {curve} + {column} + {random}",
        "fixed": f"{response} ~ {curve} * {column}",
    }
    paired = results["covariates"][column].get("subject_condition_term", False)
    spec["tested"] = spec["full"] + (f" + (1 | {columns['group']}:{column})" if paired else "")
    spec["contrasts_paired"] = bool(results["covariates"][column].get("differences_paired", False))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        built["used"].to_csv(folder / "data.csv", index=False, float_format="%.17g")
        (folder / "spec.json").write_text(json.dumps(spec))
        (folder / "check.R").write_text(R_SCRIPT)
        run = run_r(folder / "check.R", str(folder / "data.csv"), str(folder / "spec.json"))
    return results, json.loads(run.stdout), curve


@pytest.mark.parametrize("study", list(STUDIES))
def test_covariate_model_carries_the_chosen_curve(study: str) -> None:
    results, _, curve = compared(study)
    column = STUDIES[study]
    cov = results["covariates"][column]
    assert results["trend"]["shape"] != "linear" and cov["shape"] == results["trend"]["shape"]
    formula = results["models"]["covariates"]["formula"]
    assert column in formula and ":" + column in formula  # the curve's terms crossed with it
    assert cov["time_interaction"]  # both curves differ by the covariate (p < 0.001)


@pytest.mark.parametrize("study", list(STUDIES))
def test_covariate_f_tests_are_lmertest_anova_on_the_curve(study: str) -> None:
    results, r, curve = compared(study)
    column = STUDIES[study]
    cov = results["covariates"][column]
    anova = {
        term: (f, num, den, p)
        for term, f, num, den, p in zip(
            r["anova"]["terms"],
            r["anova"]["F"],
            r["anova"]["num"],
            r["anova"]["den"],
            r["anova"]["p"],
            strict=True,
        )
    }
    for ours, term in ((cov["main_test"], column), (cov["interaction_test"], f"{curve}:{column}")):
        f, num, den, p = anova[term]
        assert ours["F"] == pytest.approx(f, rel=1e-3)
        assert ours["num_df"] == num
        assert ours["den_df"] == pytest.approx(den, rel=1e-2)
        assert ours["p"] == pytest.approx(p, rel=1e-2, abs=1e-5)
    lrt = cov["lrt_interaction"]
    assert lrt["chisq"] == pytest.approx(r["lrt"]["chisq"], abs=0.02)
    assert lrt["df"] == r["lrt"]["df"]


@pytest.mark.parametrize("study", list(STUDIES))
def test_level_differences_on_the_curve_are_lmertest_contrasts(study: str) -> None:
    results, r, _ = compared(study)
    cov = results["covariates"][STUDIES[study]]
    (level,) = cov["differences"]["at"]
    for when in ("first", "mean", "last"):
        ours, theirs = cov["differences"]["at"][level][when], r["at"][when]
        assert ours["estimate"] == pytest.approx(theirs["Estimate"], rel=1e-4, abs=1e-6)
        assert ours["se"] == pytest.approx(theirs["Std. Error"], rel=1e-3)
        assert ours["ci_low"] == pytest.approx(theirs["lower"], abs=2e-3)
        assert ours["ci_high"] == pytest.approx(theirs["upper"], abs=2e-3)
        assert ours["df"] == pytest.approx(theirs["df"], rel=1e-2)


def test_rabbit_gap_is_clear_only_in_the_middle_of_the_doses() -> None:
    """Rabbit on its parabola: MDL and Control start and end together, apart in between."""
    results, _, _ = compared("Rabbit")
    at = results["covariates"]["Treatment"]["differences"]["at"]["MDL"]
    assert at["first"]["ci_low"] < 0 < at["first"]["ci_high"]
    assert at["last"]["ci_low"] < 0 < at["last"]["ci_high"]
    assert at["mean"]["ci_high"] < 0
