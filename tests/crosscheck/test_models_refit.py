"""Every model in results.json refits in R from its ``formula`` and ``method`` alone (issue 21, item 6).

For sleepstudy, the reviewed studies (test_reviewed_reports.STUDIES and the simulated binary one),
MASS::Rabbit (covariate Treatment), nlme::Dialyzer (covariate QB) and MASS::Sitka with its ozone
treatment: the data the report used are written to a CSV file with the input's column names, and
R refits every ``models.<name>`` with ``lme4::lmer(formula, data, REML = method == "REML")`` (or
``glmer`` with its family for "Laplace"), nothing else. Its log-likelihood must agree within 0.01 and
every fixed effect, matched by name, within 1e-3 relative (with a floor of 1e-3 standard errors for
estimates near zero). R takes the best of four optimizers (its default, bobyqa, Nelder-Mead,
nlminb) and of bobyqa started at the reported optimum (``theta``): on singular fits lme4's
optimizers can stop early, and where depends even on the order of the rows (datasets::Orange's
random slopes by ML: -138.486, -138.398, -138.379, -138.379; MASS::Rabbit's by REML: -195.724 at
best from lme4's own start, -195.695 from ours). Started at our optimum, lme4 evaluates its own
likelihood there and moves on if it can: a wrong formula or a worse optimum still fails.

Also here: the choice of model does not depend on where time 0 is (Rabbit, time shifted).

Skipped without Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.config import make_config
from tests.crosscheck.test_reviewed_reports import STUDIES, simulated_binary
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

LOGLIK = 0.01
FIXED = 1e-3

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
if (!requireNamespace("lme4", quietly = TRUE)) quit(status = 3)
if (!requireNamespace("jsonlite", quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
data <- read.csv(args[[1]], check.names = FALSE)
data$obs <- factor(seq_len(nrow(data)))  # the observation-level effect of an overdispersed Poisson GLMM
models <- jsonlite::fromJSON(args[[2]], simplifyVector = FALSE)
refit <- function(m) {
  f <- as.formula(m$formula)
  fits <- lapply(c("nloptwrap", "bobyqa", "Nelder_Mead", "nlminbwrap"), function(optimizer) {
    tryCatch(suppressMessages(suppressWarnings(
      if (m$method == "Laplace") {
        glmer(f, data = data, family = m$family, control = glmerControl(optimizer = optimizer))
      } else {
        lmer(f, data = data, REML = m$method == "REML", control = lmerControl(optimizer = optimizer))
      }
    )), error = function(e) NULL)
  })
  # And from the optimum reported (lme4's own optimizer then confirms it, or finds better).
  start <- if (is.null(m$theta)) NULL else list(theta = unlist(m$theta))
  reml <- m$method == "REML"
  fits[[length(fits) + 1]] <- tryCatch(suppressMessages(suppressWarnings(
    if (m$method == "Laplace") {
      glmer(f, data = data, family = m$family, start = start, control = glmerControl(optimizer = "bobyqa"))
    } else {
      lmer(f, data = data, REML = reml, start = start, control = lmerControl(optimizer = "bobyqa"))
    }
  )), error = function(e) NULL)
  fits <- Filter(Negate(is.null), fits)
  if (!length(fits)) return(list(error = "no fit"))
  best <- fits[[which.max(sapply(fits, function(x) as.numeric(logLik(x))))]]
  s <- coef(summary(best))
  list(loglik = as.numeric(logLik(best)),
       fixed = setNames(lapply(seq_len(nrow(s)), function(i) list(estimate = s[i, 1], se = s[i, 2])),
                        rownames(s)))
}
out <- lapply(models, refit)
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), args[[3]])
"""

# name: (package, data set, columns, covariates)
REFITTED: dict[str, tuple[str, str, dict[str, str], tuple[str, ...]]] = {
    "sleepstudy": ("lme4", "sleepstudy", {"response": "Reaction", "time": "Days", "group": "Subject"}, ()),
    **{name: (package, item, columns, ()) for name, (package, item, columns) in STUDIES.items()},
    "binary": ("", "", {"response": "y", "time": "visit", "group": "id"}, ()),
    "Rabbit": ("MASS", "Rabbit", {"response": "BPchange", "time": "Dose", "group": "Animal"}, ("Treatment",)),
    "Dialyzer": ("nlme", "Dialyzer", {"response": "rate", "time": "pressure", "group": "Subject"}, ("QB",)),
    "Sitka_ozone": ("MASS", "Sitka", {"response": "size", "time": "Time", "group": "tree"}, ("treat",)),
    # Curved trends crossed with covariates: ns(Time, 4) * Variety, ns(conc, 4) * Type * Treatment.
    "Soybean_variety": (
        "nlme",
        "Soybean",
        {"response": "weight", "time": "Time", "group": "Plot"},
        ("Variety",),
    ),
    "CO2_design": (
        "datasets",
        "CO2",
        {"response": "uptake", "time": "conc", "group": "Plant"},
        ("Type", "Treatment"),
    ),
}


def _raw(name: str) -> pd.DataFrame:
    package, item, columns, covariates = REFITTED[name]
    frame = simulated_binary() if name == "binary" else r_dataset(item, package)
    frame = frame[[*columns.values(), *covariates]].copy()
    frame[columns["group"]] = frame[columns["group"]].astype(str)  # as the file readers give ids
    return frame


def _results(frame: pd.DataFrame, columns: dict[str, str], covariates: tuple[str, ...]) -> dict[str, Any]:
    """results.json of the analysis (no figures), and the rows it used, with the input's names."""
    from reportgen.analysis import analyze
    from reportgen.clean import clean
    from reportgen.results import build_results

    config = make_config(**columns, covariates=list(covariates), formats=["html"])
    data = clean(frame, config)
    analysis = analyze(data, config)
    results = build_results(data, analysis, config, {"file": "data.csv", "sha256": ""})
    used = data.frame.rename(columns={role: column for role, column in columns.items()})
    return {"results": results, "used": used[[*columns.values(), *covariates]]}


def refit_in_r(
    used: pd.DataFrame,
    models: dict[str, Any],
    folder: Path,
    script: str = R_SCRIPT,
    keys: tuple[str, ...] = ("formula", "family", "method", "theta"),
) -> dict[str, Any]:
    """R's refit of each model from its formula and method alone (``script``, given each record's
    ``keys``), on the rows the report used."""
    folder.mkdir(parents=True, exist_ok=True)
    used.to_csv(folder / "data.csv", index=False, float_format="%.17g")
    asked = {name: {k: m[k] for k in keys if k in m} for name, m in models.items()}
    (folder / "models.json").write_text(json.dumps(asked))
    (folder / "refit.R").write_text(script)
    run_r(folder / "refit.R", str(folder / "data.csv"), str(folder / "models.json"), str(folder / "out.json"))
    return dict(json.loads((folder / "out.json").read_text()))


def disagreements(ours: dict[str, Any], theirs: dict[str, Any]) -> list[str]:
    """Where R's refits differ from results.json's models (empty: every model agrees)."""
    found = []
    for name, model in ours.items():
        r = theirs.get(name, {})
        if "loglik" not in r:
            found.append(f"{name}: R could not fit {model['formula']}")
            continue
        if abs(model["loglik"] - r["loglik"]) > LOGLIK:
            found.append(f"{name}: loglik {model['loglik']:.4f}, R {r['loglik']:.4f} ({model['formula']})")
        if set(model["fixed"]) != set(r["fixed"]):
            found.append(f"{name}: terms {sorted(model['fixed'])}, R {sorted(r['fixed'])}")
            continue
        for term, value in model["fixed"].items():
            estimate, reference = value["estimate"], r["fixed"][term]["estimate"]
            floor = FIXED * (r["fixed"][term]["se"] or 0.0)
            if not math.isclose(estimate, reference, rel_tol=FIXED, abs_tol=floor):
                found.append(f"{name}: {term} {estimate:.6g}, R {reference:.6g}")
    return found


@pytest.mark.parametrize("study", list(REFITTED))
def test_every_model_refits_in_r_from_its_formula(study: str, tmp_path: Path) -> None:
    _, _, columns, covariates = REFITTED[study]
    built = _results(_raw(study), columns, covariates)
    results = built["results"]
    models = results["models"]
    assert results["model_choice"]["model"] in models
    # The model the report stands on is in the registry, of the response's family and its trend's shape.
    stands_on = results["model_choice"]["stands_on"]
    assert models[stands_on]["family"] == results["family"]["name"]
    assert stands_on.startswith("glmm_") == (results["family"]["name"] != "gaussian")
    assert (results["trend"]["shape"] in stands_on) == (results["trend"]["shape"] != "linear")
    assert {"random_intercept", "random_slope", "random_intercept_ml", "random_slope_ml"} <= set(models)
    if covariates:
        assert "covariates" in models
        assert all(c in models["covariates"]["formula"] for c in covariates)
        # The covariate model carries the chosen curve (a straight line: the time term itself).
        time = columns["time"]
        shape = results["trend"]["shape"]
        expected = {"linear": f"~ {time} +", "quadratic": f"I({time}^2)", "log": f"log({time})"}.get(
            shape, f"splines::ns({time}, {shape[6:]})"
        )
        assert expected in models["covariates"]["formula"]
    theirs = refit_in_r(built["used"], models, tmp_path)
    assert disagreements(models, theirs) == []


def test_a_wrong_formula_fails_the_refit(tmp_path: Path) -> None:
    """The check can fail: the random-slope formula without its slope refits to another model."""
    _, _, columns, covariates = REFITTED["sleepstudy"]
    built = _results(_raw("sleepstudy"), columns, covariates)
    models = {"random_slope": dict(built["results"]["models"]["random_slope"])}
    assert models["random_slope"]["formula"] == "Reaction ~ Days + (Days | Subject)"
    models["random_slope"]["formula"] = "Reaction ~ Days + (1 | Subject)"
    theirs = refit_in_r(built["used"], models, tmp_path)
    found = disagreements(models, theirs)
    assert any(line.startswith("random_slope: loglik") for line in found)


@pytest.mark.parametrize("shift", [-6.25, -100.0, 1000.0])
def test_rabbit_model_choice_does_not_depend_on_where_dose_0_is(shift: float) -> None:
    """Rabbit: the uncorrelated refit's own test gives p = 0.037 from the first dose, 0.34 from the
    mean, no slope variance from the last; the choice rests on the correlated test, the same at
    every origin. Since the shape is chosen first, that test runs on the chosen quadratic (on the
    straight line it gave p = 0.116): its two ML fits are ``models.random_intercept_quadratic_ml``
    and ``random_slope_quadratic_ml``, which R refits above."""
    _, _, columns, covariates = REFITTED["Rabbit"]
    frame = _raw("Rabbit")
    base = _results(frame, columns, covariates)["results"]
    moved = _results(frame.assign(Dose=frame["Dose"] + shift), columns, covariates)["results"]
    assert base["trend"]["shape"] == moved["trend"]["shape"] == "quadratic"
    assert (
        base["model_choice"]["random_effects"]
        == moved["model_choice"]["random_effects"]
        == "uncorrelated_slope"
    )
    assert base["model_choice"]["reason"] == moved["model_choice"]["reason"]
    assert moved["comparison"]["lrt_p_boundary"] == pytest.approx(
        base["comparison"]["lrt_p_boundary"], rel=1e-4
    )
    models = base["models"]
    chisq = 2 * (
        models["random_slope_quadratic_ml"]["loglik"] - models["random_intercept_quadratic_ml"]["loglik"]
    )
    assert base["comparison"]["lrt_chisq"] == pytest.approx(chisq, abs=1e-9)
    assert base["comparison"]["lrt_p_boundary"] < 0.05
