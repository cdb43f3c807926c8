"""Covariate effects with size and direction, against lmerTest (issue 21, item 4).

Each difference is refitted in R with the random part the report used and tested with
``contest1D`` on an L vector that R builds itself: the difference of two rows of
``model.matrix`` for new data at that time (no number of ours goes into R). Estimates within 1e-6
relative, interval bounds within 1e-4 (R with bobyqa: its default optimizer stops at a worse
optimum of Sitka89's random-slope model, log-likelihood 117.13 against bobyqa's 181.37, ours);
F tests of the interaction of two covariates against
lmerTest's ``anova`` and ``contest(joint = TRUE)``. MASS::Sitka89 gives the issue's "ozone-treated
trees are 0.35 smaller (95% CI 0.05 to 0.66) at the average time" on straight lines; on its chosen
curve (a 4-df natural spline, which treat does not change: parallel curves) 0.36 smaller, 95% CI
0.06 to 0.66 (MASS::Sitka, the 1988 season, gives 0.21, CI -0.09 to 0.51 on straight lines: there
the direction is not settled). A curved trend's covariate model is R's own formula as fitted
(``models.covariates.formula``), so R builds the spline's columns and knots itself.
"""

from __future__ import annotations

import functools
import json
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from tests.support.r_datasets import r_dataset

pytestmark = pytest.mark.slow

# name: (R data set, package, columns -> response/time/group/covariates, covariates)
STUDIES: dict[str, tuple[str, str, dict[str, str], tuple[str, ...]]] = {
    "sitka89": (
        "Sitka89",
        "MASS",
        {"size": "response", "Time": "time", "tree": "group", "treat": "treat"},
        ("treat",),
    ),
    "sitka": (
        "Sitka",
        "MASS",
        {"size": "response", "Time": "time", "tree": "group", "treat": "treat"},
        ("treat",),
    ),
    "rabbit": (
        "Rabbit",
        "MASS",
        {"BPchange": "response", "Dose": "time", "Animal": "group", "Treatment": "Treatment"},
        ("Treatment",),
    ),
    "co2": (
        "CO2",
        "datasets",
        {"uptake": "response", "conc": "time", "Plant": "group", "Type": "Type", "Treatment": "Treatment"},
        ("Type", "Treatment"),
    ),
    "dialyzer": (
        "Dialyzer",
        "nlme",
        {"rate": "response", "pressure": "time", "Subject": "group", "QB": "QB"},
        ("QB",),
    ),
}
# Dialyzer's QB read as a number (mL/min): the difference per unit; Sitka89 with the response
# negated: the same numbers with the other sign, so the words must flip.
STUDIES["dialyzer_numeric"] = STUDIES["dialyzer"]
STUDIES["sitka89_negated"] = STUDIES["sitka89"]

R_RANDOM = {
    "random_intercept": "(1 | group)",
    "random_slope": "(time | group)",
    "uncorrelated_slope": "(1 | group) + (0 + I(time - {t0}) | group)",
}

R_SCRIPT = r"""
suppressMessages(library(lmerTest))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1], stringsAsFactors = FALSE)
spec <- jsonlite::fromJSON(args[2])
for (c in spec$factors) d[[c]] <- factor(d[[c]], levels = sort(unique(as.character(d[[c]]))))
# The better of two optimizers: on Sitka89's curve model bobyqa stops at 454.3596, Nelder-Mead at 454.3617.
fits <- lapply(c("bobyqa", "Nelder_Mead"), function(o) suppressWarnings(
  lmer(as.formula(spec$formula), d, REML = TRUE, control = lmerControl(optimizer = o))))
m <- fits[[which.max(sapply(fits, function(f) as.numeric(logLik(f))))]]
fixed_part <- delete.response(terms(lm(as.formula(spec$fixed), d)))
row_at <- function(t, values) {
  nd <- d[rep(1, length(values[[1]])), , drop = FALSE]
  nd$time <- t
  for (k in names(values)) {
    nd[[k]] <- if (is.factor(d[[k]])) factor(values[[k]], levels = levels(d[[k]])) else values[[k]]
  }
  model.matrix(fixed_part, nd)
}
out <- list()
for (c in spec$columns) {
  held <- spec$held[[c]]
  if (is.factor(d[[c]])) values <- levels(d[[c]]) else values <- mean(d[[c]]) + c(0, 1)
  vals <- list(); vals[[c]] <- values
  for (k in names(held)) vals[[k]] <- rep(held[[k]], length(values))
  times <- c(first = min(d$time), mean = mean(d$time), last = max(d$time))
  res <- list()
  L <- lapply(times, function(t) { x <- row_at(t, vals); sweep(x[-1, , drop = FALSE], 2, x[1, ]) })
  for (w in names(times)) res[[w]] <- as.list(contest1D(m, L[[w]][1, ], confint = TRUE))
  res$change <- as.list(contest1D(m, L$last[1, ] - L$first[1, ], confint = TRUE))
  out[[c]] <- res
}
a <- anova(m)
out$anova <- list(terms = rownames(a), F = a[["F value"]], den = a[["DenDF"]], p = a[["Pr(>F)"]])
if (!is.null(spec$joint)) {
  b <- names(fixef(m)); L <- t(sapply(spec$joint, function(n) as.numeric(b == n)))
  j <- contest(m, L, joint = TRUE)
  out$joint <- list(F = j[["F value"]], den = j[["DenDF"]], p = j[["Pr(>F)"]])
}
cat(jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE))
"""


def _frame(study: str) -> pd.DataFrame:
    name, package, columns, _ = STUDIES[study]
    frame = r_dataset(name, package)[list(columns)].rename(columns=columns)
    if study.endswith("_negated"):
        frame["response"] = -frame["response"]
    if study == "dialyzer_numeric":
        frame["QB"] = frame["QB"].astype(float)
    return frame.assign(group=frame["group"].astype(str))


@functools.cache
def analysed(study: str) -> dict[str, Any]:
    from tests.support.analysed import analyse_study

    *_, covariates = STUDIES[study]
    factors = ("QB",) if study == "dialyzer" else ()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reportgen.analysis.influence.EXACT_LIMIT", 20)
        return analyse_study(
            _frame(study), covariates=tuple(c for c in covariates if c not in factors), factors=factors
        )


@functools.cache
def lmertest(study: str, at: tuple[tuple[str, str], ...] = ()) -> dict[str, Any]:
    """lmerTest's contrasts and tests of the model the report stands on, built in R.

    ``at``: (other covariate, level) pairs that replace where the others are held.
    """
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH")
    results = analysed(study)["results"]
    covs = results["covariates"]
    first = next(iter(covs.values()))
    columns = list(covs)
    kept = [
        (a, b)
        for a in columns
        for b, t in covs[a]["interactions"].items()
        if t["kept"] and columns.index(a) < columns.index(b)
    ]
    fixed = "time * (" + " + ".join(columns + [f"{a}:{b}" for a, b in kept]) + ")"
    random = R_RANDOM[first["structure"]].format(t0=results["model_choice"]["reference_time"])
    formula = f"response ~ {fixed} + {random}"
    fixed_names = list(results["models"]["covariates"]["fixed"])
    if first["shape"] != "linear":  # a curve: the formula as fitted (R's own ns() knots and columns)
        formula = results["models"]["covariates"]["formula"]
        fixed = formula.split(" ~ ", 1)[1].split(" + (", 1)[0]
    # Differences of a paired covariate come from the model with its subject x condition term
    # (statistician Q, session 8, Rabbit: 7.61 to 14.42 lower on 19.5 df).
    formula += "".join(f" + (1 | group:{c})" for c in columns if covs[c].get("differences_paired"))
    spec: dict[str, Any] = {
        "formula": formula,
        "fixed": f"response ~ {fixed}",
        "factors": [c for c in columns if covs[c]["kind"] == "categorical"],
        "columns": columns,
        "joint": [name for name in fixed_names if all(c in name for c in columns)] if kept else None,
        "held": {
            c: {k: v.get("reference_level", v.get("mean")) for k, v in covs[c]["held_at"].items()}
            | {k: v for k, v in at if k != c}
            for c in columns
        },
    }
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.csv"
        _frame(study).to_csv(path, index=False)
        script = Path(tmp) / "contrasts.R"
        script.write_text(R_SCRIPT)
        run = subprocess.run(
            [rscript, str(script), str(path), json.dumps(spec)], capture_output=True, text=True, timeout=300
        )
    assert run.returncode == 0, run.stderr[-500:]
    return dict(json.loads(run.stdout))


def _agrees(ours: dict[str, float], r: dict[str, float]) -> None:
    assert ours["estimate"] == pytest.approx(r["Estimate"], rel=1e-6, abs=1e-9)
    assert ours["ci_low"] == pytest.approx(r["lower"], abs=1e-4)
    assert ours["ci_high"] == pytest.approx(r["upper"], abs=1e-4)
    assert ours["df"] == pytest.approx(r["df"], rel=1e-3)


@pytest.mark.parametrize("study", ["sitka89", "sitka", "rabbit", "co2", "dialyzer", "dialyzer_numeric"])
def test_differences_are_lmertest_contrasts(study: str) -> None:
    covs = analysed(study)["results"]["covariates"]
    r = lmertest(study)
    for column, cov in covs.items():
        (level,) = cov["differences"]["at"]  # two levels each: one difference
        for when in ("first", "mean", "last"):
            _agrees(cov["differences"]["at"][level][when], r[column][when])
        if cov["time_interaction"]:
            _agrees(cov["differences"]["change"][level], r[column]["change"])
        else:  # parallel curves: no change, by construction (R's contest of L = 0 is NaN)
            assert cov["differences"]["change"][level]["estimate"] == 0.0


def test_sitka89_ozone_trees_are_smaller_at_the_average_time() -> None:
    study = analysed("sitka89")
    diff = study["results"]["covariates"]["treat"]["differences"]
    mean = diff["at"]["ozone"]["mean"]
    assert diff["reference"] == "control" and diff["times"]["mean"] == pytest.approx(569.25)
    # On the chosen spline (the straight lines: 0.354, CI 0.048 to 0.660); R agrees above.
    assert mean["estimate"] == pytest.approx(-0.3614, abs=5e-4)
    assert (mean["ci_low"], mean["ci_high"]) == pytest.approx((-0.6642, -0.0586), abs=5e-4)
    words = " ".join(study["sentences"]["covariate:treat"])
    assert (
        "With treat ozone, response is 0.36 lower than with treat control (95% CI 0.059 to 0.66 lower)"
        in words
    )
    assert "is the same at every observed time: the model's curves run parallel" in words


def test_negating_the_response_flips_the_words() -> None:
    study = analysed("sitka89_negated")
    mean = study["results"]["covariates"]["treat"]["differences"]["at"]["ozone"]["mean"]
    assert mean["estimate"] == pytest.approx(0.3614, abs=5e-4)
    words = " ".join(study["sentences"]["covariate:treat"])
    assert "is 0.36 higher than with treat control (95% CI 0.059 to 0.66 higher)" in words
    assert "lower than with treat control" not in words


def test_numeric_covariate_difference_is_per_unit() -> None:
    cov = analysed("dialyzer_numeric")["results"]["covariates"]["QB"]
    diff = cov["differences"]
    assert cov["kind"] == "numeric" and list(diff["at"]) == ["per_unit"] and diff["reference"] == ""
    # QB 200 -> 300: the categorical difference is 100 units of the numeric one (same model).
    categorical = analysed("dialyzer")["results"]["covariates"]["QB"]["differences"]["at"]["300"]["mean"]
    assert 100 * diff["at"]["per_unit"]["mean"]["estimate"] == pytest.approx(
        categorical["estimate"], rel=1e-6
    )
    words = " ".join(analysed("dialyzer_numeric")["sentences"]["covariate:QB"])
    assert "With one unit more of QB, response is 0.065 higher" in words


def test_sitka_direction_is_not_claimed_when_the_interval_spans_zero() -> None:
    study = analysed("sitka")
    mean = study["results"]["covariates"]["treat"]["differences"]["at"]["ozone"]["mean"]
    assert mean["ci_low"] < 0 < mean["ci_high"]
    words = " ".join(study["sentences"]["covariate:treat"])
    assert "the data do not say which is higher" in words and "lower than with treat control" not in words


def test_rabbit_says_which_treatment_is_higher() -> None:
    study = analysed("rabbit")
    cov = study["results"]["covariates"]["Treatment"]
    assert cov["subject_condition_term"] and cov["differences_paired"]  # lmerTest agrees: see above
    words = " ".join(study["sentences"]["covariate:Treatment"])
    assert "95% CI 7.61 to 14.42 lower" in words and "the interval ignores the pairing" not in words
    mean = study["results"]["covariates"]["Treatment"]["differences"]["at"]["MDL"]["mean"]
    word = "lower" if mean["ci_high"] < 0 else "higher" if mean["ci_low"] > 0 else "do not say"
    assert word != "do not say"
    assert "than with Treatment Control" in " ".join(study["sentences"]["covariate:Treatment"])
    assert f" {word} than with Treatment Control" in " ".join(study["sentences"]["covariate:Treatment"])


def test_co2_type_by_treatment_interaction_is_tested_and_kept() -> None:
    study = analysed("co2")
    r = lmertest("co2")
    test = study["results"]["covariates"]["Type"]["interactions"]["Treatment"]
    anova = dict(
        zip(
            r["anova"]["terms"],
            zip(r["anova"]["F"], r["anova"]["den"], r["anova"]["p"], strict=True),
            strict=True,
        )
    )
    # CO2's chosen trend is a 4-df spline in conc: the slope part is the spline's four columns.
    for part, term in (("level", "Type:Treatment"), ("slope", "splines::ns(time, 4):Type:Treatment")):
        f, den, p = anova[term]
        assert test[part]["F"] == pytest.approx(f, rel=1e-4)
        assert test[part]["den_df"] == pytest.approx(den, rel=1e-3)
        assert test[part]["p"] == pytest.approx(p, abs=1e-4)
    # R's joint test of the five interaction coefficients (contest, joint): F = 4.82 on 5 and 25.76 df.
    assert test["joint"]["num_df"] == 5
    assert test["joint"]["F"] == pytest.approx(r["joint"]["F"], rel=1e-4)
    assert test["joint"]["p"] == pytest.approx(r["joint"]["p"], abs=1e-4)
    assert test["kept"]
    words = " ".join(study["sentences"]["covariate:Treatment"])
    assert "covariate model keeps the Treatment × Type interaction" in words
    assert "(with Type at its reference level, Mississippi)" in words


def test_co2_chilling_differs_by_type_as_lmertest_says() -> None:
    """The kept interaction: chilling's difference in each type (the reference type's is `differences`)."""
    study = analysed("co2")
    by = study["results"]["covariates"]["Treatment"]["differences_by"]["Type"]["Quebec"]
    r = lmertest("co2", (("Type", "Quebec"),))["Treatment"]
    for when in ("first", "mean", "last"):
        _agrees(by["at"]["nonchilled"][when], r[when])
    _agrees(by["change"]["nonchilled"], r["change"])
    words = " ".join(study["sentences"]["covariate:Treatment"])
    # Mississippi, then Quebec:
    assert "is 14.39 higher than with Treatment chilled (95% CI 10.19 to 18.60 higher)" in words
    assert "differs from Treatment chilled by 3.22 (95% CI -0.99 to 7.42)" in words  # Quebec


def test_dialyzer_on_its_curve_keeps_its_random_slopes() -> None:
    """On the chosen spline in pressure the covariate model is not singular: the straight lines'
    zero variances (below) came from forcing a line through curved data."""
    study = analysed("dialyzer")
    cov = study["results"]["covariates"]["QB"]
    part = cov["random_part"]
    assert cov["shape"] == "spline4" and cov["time_interaction"]
    assert not part["singular"] and not part["no_variance"]
    # The random effects are chosen on the spline (issue 21's reshape): correlated slopes, a regular
    # fit there (R: corr -0.71), as the report stands on.
    assert (part["first"], part["kept"]) == ("random_slope", "random_slope")
    assert study["results"]["model_choice"]["random_effects"] == "random_slope"
    assert "treats every observation as independent" not in " ".join(study["sentences"]["covariate:QB"])


def test_dialyzer_singular_covariate_model_is_flagged_with_its_serial_correlation() -> None:
    """The straight-line covariate model (as a straight chosen trend would fit it) has no variance left."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("reportgen.analysis.covariates.curve_of", lambda frame, choice: None)
        study = analysed.__wrapped__("dialyzer")
    cov = study["results"]["covariates"]["QB"]
    part = cov["random_part"]
    assert part["singular"] and part["no_variance"]
    # The covariate model starts from the random effects the report stands on, chosen on the
    # trend's spline since issue 21's reshape (correlated slopes there; uncorrelated ones on the
    # straight line).
    assert part["first"] == study["results"]["model_choice"]["random_effects"] == "random_slope"
    assert part["kept"] == "random_intercept"
    assert cov["structure"] == "random_intercept"
    assert part["residual_df"] == 136
    # R: residuals of lm(rate ~ pressure * QB) (the zero-variance model), lag 1 within Subject in
    # pressure order: cor = 0.4879 over 120 pairs.
    assert part["serial_corr"] == pytest.approx(0.48792, abs=1e-4)
    assert part["serial_pairs"] == 120
    words = " ".join(study["sentences"]["covariate:QB"])
    assert "treats every observation as independent" in words
    assert "standard errors and p-values are too small" in words
    assert "like the model the report stands on" not in words


def test_co2_start_difference_names_where_the_other_covariate_is_held() -> None:
    """With Type x Treatment kept, Type's gap at the first conc is at Treatment's reference level
    (1.91 in review F's R check), not the type-III test averaged over Treatment (F 5.99): the
    sentence says where Treatment is held, so it no longer reads as the table's test."""
    study = analysed("co2")
    cov = study["results"]["covariates"]["Type"]
    assert cov["held_at"] == {"Treatment": {"reference_level": "chilled"}}
    assert cov["main_test"]["F"] != pytest.approx(cov["difference_at_start"]["F"], rel=1e-3)
    words = " ".join(study["sentences"]["covariate:Type"])
    assert (
        "the model's curves for the levels of Type (with Treatment at its reference level, chilled) differ by"
        in words
    )


CHILLED_START_R = r"""
d <- datasets::CO2
d <- d[d$conc == min(d$conc) & d$Treatment == "chilled", ]
a <- anova(lm(uptake ~ Type, d))
m <- tapply(d$uptake, as.character(d$Type), mean)
cat(jsonlite::toJSON(list(F = a[["F value"]][1], df = a$Df[2], p = a[["Pr(>F)"]][1], means = as.list(m)),
  digits = NA, auto_unbox = TRUE))
"""


def test_co2_measured_start_compares_the_plants_the_curves_are_drawn_at(tmp_path: Path) -> None:
    """Statistician Q (session 8): Type's curves at the lowest conc sit at Treatment chilled, so the
    measured means and their test are the chilled plants' (R: 9.60 and 12.87, F = 2.57 on 1 and 4
    df, p = 0.184, the curves' own p), not the twelve plants' pooled over Treatment (F = 9.12,
    p = 0.013), and the verdicts agree: nothing is blamed on the curves."""
    from tests.support.r_run import run_r

    script = tmp_path / "chilled.R"
    script.write_text(CHILLED_START_R)
    r = json.loads(run_r(script).stdout)
    study = analysed("co2")
    cov = study["results"]["covariates"]["Type"]
    assert cov["measured_at_start_held"] == {"Treatment": "chilled"}
    assert cov["measured_at_start"]["F"] == pytest.approx(r["F"], rel=1e-6)
    assert cov["measured_at_start"]["den_df"] == r["df"] and cov["measured_at_start"]["p"] == pytest.approx(
        r["p"]
    )
    assert cov["measured_means_at_start"] == pytest.approx(r["means"], rel=1e-9)
    words = " ".join(study["sentences"]["covariate:Type"])
    assert "measured mean at Treatment chilled against the curve there" in words
    assert "pooled over Treatment" not in words and "product of the model's curves" not in words
