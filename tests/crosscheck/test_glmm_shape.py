"""The trend's shape of a binomial or Poisson response, compared on GLMM fits, against lme4's glmer.

Two seeded studies whose trend is curved on the link scale (a binary outcome quadratic in the
visit's logit, 60 subjects x 8 visits; counts log-linear in a doubling dose, 50 subjects x 6
doses), and the two reviewed GLMM studies (MASS::epil, the simulated binary study). One Rscript
run refits every candidate from the formula results.json prints (on the input's column names):
each shape's log-likelihood within 0.01 of glmer's, the shape R's AICs pick by the same rule
(``reportgen.analysis.shape.pick_shape``) is ours, and the stood-on GLMM's fixed effects agree
within 1e-3 relative. The curve's odds or rate ratio of the last to the first time is checked
against the same contrast computed from glmer's estimates.
"""

from __future__ import annotations

import functools
import json
import math

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.family import choose_family
from reportgen.analysis.glmm import GlmmAnalysis, analyse_glmm
from reportgen.analysis.shape import pick_shape
from reportgen.analysis.time_basis import ShapeFit
from tests.crosscheck.test_reviewed_reports import simulated_binary
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

LOGLIK = 0.01
FIXED = 1e-3

R_SCRIPT = r"""
args <- commandArgs(trailingOnly = TRUE)
for (p in c("lme4", "jsonlite")) if (!requireNamespace(p, quietly = TRUE)) quit(status = 3)
suppressPackageStartupMessages(library(lme4))
job <- jsonlite::fromJSON(file.path(args[[1]], "job.json"), simplifyVector = FALSE)
out <- lapply(job, function(study) {
  d <- read.csv(file.path(args[[1]], study$file), stringsAsFactors = FALSE)
  d[[study$group]] <- factor(d[[study$group]])
  d$obs <- factor(seq_len(nrow(d)))
  control <- glmerControl(optimizer = "bobyqa", tolPwrss = 1e-10,
                          optCtrl = list(rhobeg = 0.01, rhoend = 1e-10, maxfun = 1e5))
  lapply(study$formulas, function(f) {
    m <- suppressMessages(suppressWarnings(
      glmer(as.formula(f), data = d, family = study$family, control = control)))
    list(loglik = as.numeric(logLik(m)), df = attr(logLik(m), "df"), aic = AIC(m),
         fixed = as.list(fixef(m)))
  })
})
cat(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA))
"""


def curved_binary(seed: int = 21) -> pd.DataFrame:
    """60 subjects x 8 visits, a logistic random intercept, the logit quadratic in the visit."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(60):
        level = rng.normal(0, 0.8)
        for visit in range(8):
            eta = -1.5 + 1.2 * visit - 0.15 * visit**2 + level
            rows.append(
                {"id": f"s{i:02d}", "visit": visit, "y": int(rng.random() < 1 / (1 + math.exp(-eta)))}
            )
    return pd.DataFrame(rows)


def log_counts(seed: int = 7) -> pd.DataFrame:
    """50 subjects x 6 doubling doses, counts whose log rate is linear in log(dose)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(50):
        level = rng.normal(0, 0.4)
        for dose in (1, 2, 4, 8, 16, 32):
            rate = math.exp(0.3 + 0.45 * math.log(dose) + level)
            rows.append({"id": f"p{i:02d}", "dose": dose, "n": int(rng.poisson(rate))})
    return pd.DataFrame(rows)


def _epil() -> pd.DataFrame:
    return r_dataset("epil", "MASS")[["y", "period", "subject"]]


STUDIES = {
    "curved_binary": (curved_binary, ("y", "visit", "id")),
    "log_counts": (log_counts, ("n", "dose", "id")),
    "epil": (_epil, ("y", "period", "subject")),
    "binary": (simulated_binary, ("y", "visit", "id")),
}


@functools.cache
def analysed(study: str) -> tuple[pd.DataFrame, GlmmAnalysis]:
    make, columns = STUDIES[study]
    frame = make()
    renamed = frame.rename(columns=dict(zip(columns, ("response", "time", "group"), strict=True)))
    renamed["group"] = renamed["group"].astype(str)
    family = choose_family(renamed["response"].to_numpy(float), "auto")
    return frame, analyse_glmm(renamed, family, columns)


@pytest.fixture(scope="module")
def glmer(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("glmm_shape")
    job = {}
    for study in STUDIES:
        frame, g = analysed(study)
        assert g.shapes is not None
        frame.to_csv(folder / f"{study}.csv", index=False)
        job[study] = {
            "file": f"{study}.csv",
            "group": STUDIES[study][1][2],
            "family": g.family,
            "formulas": {name: fit.formula for name, fit in g.shapes.fits.items()},
        }
    (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
    script = folder / "glmm_shape.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    return json.loads(run_r(script, str(folder)).stdout)


@pytest.mark.parametrize("study", list(STUDIES))
def test_shapes_loglik_and_choice_as_glmer(study: str, glmer: dict) -> None:
    """Every candidate's logLik and df as glmer's; the shape R's AICs pick by the rule is ours."""
    _, g = analysed(study)
    assert g.shapes is not None
    r = glmer[study]
    assert set(r) == set(g.shapes.fits)
    for name, fit in g.shapes.fits.items():
        assert fit.loglik == pytest.approx(r[name]["loglik"], abs=LOGLIK), (study, name)
        assert fit.df == r[name]["df"], (study, name)
    by_r = pick_shape({name: ShapeFit(v["loglik"], v["aic"], v["df"]) for name, v in r.items()})
    assert g.shapes.comparison.shape == by_r


@pytest.mark.parametrize(
    ("study", "shape"),
    [("curved_binary", "quadratic"), ("log_counts", "log"), ("epil", "linear"), ("binary", "linear")],
)
def test_chosen_shape(study: str, shape: str, glmer: dict) -> None:
    """The seeded curves are found; the reviewed studies stay straight lines, as R's AICs say."""
    _, g = analysed(study)
    assert g.shapes is not None and g.shapes.comparison.shape == shape
    assert (g.shaped is None) == (shape == "linear")
    assert (g.curve is None) == (shape == "linear")


@pytest.mark.parametrize("study", ["curved_binary", "log_counts"])
def test_stood_on_curve_as_glmer(study: str, glmer: dict) -> None:
    """The curved GLMM the report stands on: glmer's fixed effects from its printed formula, and its
    change from the first to the last time as the same contrast of glmer's estimates."""
    _, g = analysed(study)
    assert g.shaped is not None and g.curve is not None and g.shapes is not None
    r = glmer[study][g.shapes.comparison.shape]["fixed"]
    for term, value in g.shaped.fixed.items():
        assert value.estimate == pytest.approx(r[term], rel=FIXED, abs=1e-6), (study, term)
    rows = g.shapes.shape.columns(np.array([g.curve.first.time, g.curve.last.time]))
    beta = np.array([r[name] for name in g.shapes.shape.names])
    ratio = math.exp(float((rows[1] - rows[0]) @ beta))
    assert g.curve.change.ratio == pytest.approx(ratio, rel=FIXED)
    intercept = r["(Intercept)"]
    eta_first = intercept + float(rows[0] @ beta)
    inverse = (lambda e: 1 / (1 + math.exp(-e))) if g.family == "binomial" else math.exp
    assert g.curve.first.value == pytest.approx(inverse(eta_first), rel=FIXED)


def test_the_binary_curve_peaks_where_glmer_s_parabola_does(glmer: dict) -> None:
    """The seeded binary curve's named peak is glmer's vertex, -b1 / (2 b2), to a hundredth of the range."""
    _, g = analysed("curved_binary")
    assert g.curve is not None and g.curve.extreme is not None and g.curve.extreme_kind == "peak"
    r = glmer["curved_binary"]["quadratic"]["fixed"]
    vertex = -r["visit"] / (2 * r["I(visit^2)"])
    assert g.curve.extreme.time == pytest.approx(vertex, abs=7 / 100)


def test_the_log_curve_s_ratio_per_doubling_is_glmer_s(glmer: dict) -> None:
    """The doubling doses' rate ratio per doubling is 2 to the power of glmer's log(dose) coefficient."""
    _, g = analysed("log_counts")
    assert g.curve is not None and g.curve.per_doubling is not None
    assert g.curve.per_doubling.ratio == pytest.approx(
        2 ** glmer["log_counts"]["log"]["fixed"]["log(dose)"], rel=FIXED
    )
