"""With ``--group site/patient`` the numbers that describe the model stood on are that model's.

``model_choice.stands_on`` is "multilevel", so ``model_choice``'s SDs, correlation, residual SD and
R² and ``headline.slope_sd`` must be those of ``models.multilevel`` (the patients' within their
site), and ``models.covariates`` must be the model whose numbers ``covariates.<c>.fixed`` prints:
lme4 refits each from its own formula (seeded study of tests/crosscheck/test_outer_levels.py, trt
per site). R² is Nakagawa & Schielzeth's with Johnson's extension, computed in R from lme4's fit.
Before this, model_choice held the one-grouping model's values (patients' intercept SD 5.86 where
the multilevel model's is 4.04) and models.covariates had no site term (its logLik -1640.3).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pytest

from tests.crosscheck.test_lmertest import LMERTEST_PRELUDE
from tests.crosscheck.test_outer_levels import _built
from tests.support.r_run import run_r

REL = 0.01  # variance components and R²: 1%
LOGLIK = 0.01  # absolute


def r_script(ids: str, body: str) -> str:
    """An lmerTest script: the data of args[[2]] with the id columns ``ids`` read as text, ``body``
    (which fills ``out``), and ``out`` written as JSON to args[[1]]."""
    classes = ", ".join(f'{column} = "character"' for column in ids.split())
    return (
        LMERTEST_PRELUDE
        + f"d <- read.csv(args[[2]], colClasses = c({classes}))\n"
        + body
        + "writeLines(if (requireNamespace('jsonlite', quietly = TRUE))\n"
        + "  jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE) else to_json(out), args[[1]])\n"
    )


R_SCRIPT = r_script(
    "site patient",
    r"""
full <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
cov <- suppressMessages(lmer(as.formula(args[[4]]), data = d))
vc <- VarCorr(full)
patient <- vc[["site:patient"]]
z <- cbind(1, d[[args[[5]]]])
random <- sum(sapply(vc, function(S) {
  k <- ncol(S)
  mean(rowSums((z[, 1:k, drop = FALSE] %*% S) * z[, 1:k, drop = FALSE]))
}))
fixed <- var(as.vector(getME(full, "X") %*% fixef(full)))
total <- fixed + random + sigma(full)^2
out <- list(
  intercept_sd = sqrt(patient[1, 1]), slope_sd = sqrt(patient[2, 2]),
  corr = attr(patient, "correlation")[1, 2], residual_sd = sigma(full),
  r2_marginal = fixed / total, r2_conditional = (fixed + random) / total,
  cov_loglik = as.numeric(logLik(cov)), cov_names = as.list(names(fixef(cov))),
  cov_fixed = as.list(unname(fixef(cov)))
)
""",
)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(tmp_path_factory.mktemp("multilevel-results"))


@functools.cache
def _refit(folder: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """The arms report's results, and lme4's refits of models.multilevel and models.covariates."""
    results, _ = _built("arms", folder)
    out = Path(folder)
    (out / "refit.R").write_text(R_SCRIPT)
    models = results["models"]
    run_r(
        out / "refit.R",
        str(out / "refit.json"),
        str(out / "arms.csv"),
        models["multilevel"]["formula"],
        models["covariates"]["formula"],
        "visit",
    )
    return results, json.loads((out / "refit.json").read_text())


def test_model_choice_describes_the_model_with_every_level(folder: str) -> None:
    results, r = _refit(folder)
    choice = results["model_choice"]
    assert choice["stands_on"] == "multilevel"
    for key in ("intercept_sd", "slope_sd", "corr", "residual_sd", "r2_marginal", "r2_conditional"):
        assert choice[key] == pytest.approx(r[key], rel=REL, abs=1e-4), key
    # The one-grouping model's values stay, named as such (the seminar sections describe it).
    assert choice["one_grouping"]["stands_on"] == "random_slope"
    assert choice["one_grouping"]["intercept_sd"] != pytest.approx(r["intercept_sd"], rel=REL)


def test_headline_slope_spread_is_the_model_with_every_level(folder: str) -> None:
    results, r = _refit(folder)
    assert results["headline"]["slope_sd"] == pytest.approx(r["slope_sd"], rel=REL)
    assert results["headline"]["model"] == "random_slope"


def test_covariates_model_refits_to_the_printed_numbers(folder: str) -> None:
    """models.covariates is the model covariates.trt.fixed prints: the site level is in its formula
    and lme4's refit gives its log-likelihood and fixed effects."""
    results, r = _refit(folder)
    record = results["models"]["covariates"]
    assert "| site)" in record["formula"]
    assert record["loglik"] == pytest.approx(r["cov_loglik"], abs=LOGLIK)
    fixed = results["covariates"]["trt"]["fixed"]
    for name, estimate in zip(r["cov_names"], r["cov_fixed"], strict=True):
        assert record["fixed"][name]["estimate"] == pytest.approx(estimate, rel=1e-3), name
        assert fixed[name]["estimate"] == pytest.approx(estimate, rel=1e-3), name


def test_the_variance_table_names_the_model_with_every_level(folder: str) -> None:
    """Going further 3's row of the report's model is the model with every level, not a curve."""
    _refit(folder)
    html = (Path(folder) / "arms" / "report.html").read_text()
    assert "Every level: site, patient (the report&#39;s model)" in html or (
        "Every level: site, patient (the report's model)" in html
    )
    assert "curved trend (the report" not in html


def test_the_random_slopes_table_says_it_is_the_step_without_the_site_level(folder: str) -> None:
    """Going further 1's fixed effects group by site:patient alone: its caption says so and a note
    points to the table of the model with every level (the report's)."""
    _refit(folder)
    html = (Path(folder) / "arms" / "report.html").read_text()
    caption = html.split('<caption id="tab-random_slope-fixed">', 1)[1].split("</caption>", 1)[0]
    assert "by site:patient, without the site level" in caption
    assert "not the report" in caption
    section = html.split('<caption id="tab-random_slope-fixed">', 1)[1].split('<caption id="tab-g1-1">', 1)[0]
    assert 'href="#tab-levels-fixed"' in section
    assert 'id="tab-levels-fixed"' in html


CURVE_R = r_script(
    "Animal Run",
    r"""
m <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
av <- anova(m, type = 3)
sds <- lapply(VarCorr(m), function(S) as.list(sqrt(diag(S))))
out <- list(loglik = as.numeric(logLik(m)), sds = sds, terms = as.list(rownames(av)),
            F = as.list(unname(av[["F value"]])), num_df = as.list(unname(av[["NumDF"]])),
            den_df = as.list(unname(av[["DenDF"]])))
""",
)


@functools.cache
def _rabbit(folder: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """MASS::Rabbit by Animal/Run with Treatment (the report chooses a spline in Dose), and lmerTest's
    refit of models.multilevel."""
    from reportgen import build_report, make_config
    from tests.support.r_datasets import r_dataset

    out = Path(folder)
    data = out / "rabbit.csv"
    r_dataset("Rabbit", "MASS").to_csv(data, index=False)
    columns = {"response": "BPchange", "time": "Dose", "group": "Animal/Run", "covariates": ("Treatment",)}
    build_report(make_config(data_path=data, out_dir=out / "rabbit", formats=("html",), **columns))
    results = json.loads((out / "rabbit" / "results.json").read_text())
    (out / "curve.R").write_text(CURVE_R)
    run_r(out / "curve.R", str(out / "curve.json"), str(data), results["models"]["multilevel"]["formula"])
    return results, json.loads((out / "curve.json").read_text())


def test_the_model_with_every_level_fits_the_reports_curve(folder: str) -> None:
    """Rabbit by Animal/Run stands on a spline in Dose: the multilevel model fits it (R: the runs'
    SD 1.33, curve x Treatment F(3, 44) = 9.52; the straight line gave F = 0.074)."""
    results, r = _rabbit(folder)
    multilevel = results["multilevel"]
    shape = results["trend"]["shape"]
    assert shape.startswith("spline") and multilevel["shape"] == shape
    assert "splines::ns(Dose" in results["models"]["multilevel"]["formula"]
    assert results["models"]["multilevel"]["loglik"] == pytest.approx(r["loglik"], abs=LOGLIK)
    for term, sds in r["sds"].items():
        for name, sd in sds.items():
            assert multilevel["random"][term][name]["sd"] == pytest.approx(sd, rel=REL), (term, name)
    for term, F, num_df, den_df in zip(r["terms"], r["F"], r["num_df"], r["den_df"], strict=True):
        ours = multilevel["f_tests"][term]
        assert ours["F"] == pytest.approx(F, rel=REL), term
        assert ours["num_df"] == num_df, term
        assert ours["den_df"] == pytest.approx(den_df, rel=0.02), term
    assert multilevel["f_tests"][f"splines::ns(Dose, {shape[6:]}):Treatment"]["F"] > 5


LEVEL_R = r_script(
    "site patient",
    r"""
m <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
out <- list(level = unname(predict(m, newdata = data.frame(month = min(d$month)), re.form = NA)))
""",
)


def test_a_curved_headline_level_is_the_curve_with_every_level(tmp_path: Path) -> None:
    """On an unbalanced curved nested study the headline's level (the curve at the first month) is
    read from the curve refitted with every level's random terms, as lme4 predicts it."""
    import numpy as np

    from reportgen import build_report, make_config
    from tests.support.nested import simulate_nested

    frame = simulate_nested(6, 6, 8, 7)
    frame["score"] -= 0.8 * (frame["month"] - 3.0) ** 2
    frame = frame[np.random.default_rng(5).random(len(frame)) > 0.25]  # unbalanced
    data = tmp_path / "curved.csv"
    frame.to_csv(data, index=False)
    columns = {"response": "score", "time": "month", "group": "site/patient"}
    build_report(make_config(data_path=data, out_dir=tmp_path / "out", formats=("html",), **columns))
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    assert results["trend"]["shape"] != "linear"
    formula = results["models"]["multilevel"]["formula"]  # the curve alone: no covariates here
    (tmp_path / "level.R").write_text(LEVEL_R)
    run_r(tmp_path / "level.R", str(tmp_path / "level.json"), str(data), formula)
    level = json.loads((tmp_path / "level.json").read_text())["level"]
    assert results["headline"]["level"] == pytest.approx(level, rel=1e-4)
