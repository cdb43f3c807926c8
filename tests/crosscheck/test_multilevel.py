"""Several grouping factors (reportgen.analysis.multilevel) against lme4/lmerTest.

The model reportgen chooses is refitted in R from its own ``formula`` (on nlme::Pixel, MASS::Rabbit
and a seeded simulated study of patients within sites): the same log-likelihood (0.01), fixed
effects (1e-3 relative), variance components (1%), Satterthwaite df (2%) and type-III F tests.
One R run for the module; skipped without R or lmerTest unless ``REPORTGEN_REQUIRE_R=1``.
"""

from __future__ import annotations

import functools
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.multilevel import MultilevelFit, fit_multilevel
from tests.crosscheck.test_lmertest import LMERTEST_PRELUDE
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

LOGLIK = 0.01  # absolute
FIXED = 1e-3  # relative
VC = 0.01  # relative, standard deviations
DF = 0.02  # relative, Satterthwaite df

R_SCRIPT = (
    LMERTEST_PRELUDE
    + r"""
specs <- read.delim(args[[2]], stringsAsFactors = FALSE)
out <- list()
for (i in seq_len(nrow(specs))) {
  d <- read.csv(specs$csv[i], stringsAsFactors = TRUE)
  m <- suppressMessages(lmer(as.formula(specs$formula[i]), data = d))
  co <- summary(m)$coefficients
  vc <- as.data.frame(VarCorr(m))
  av <- anova(m, type = 3)
  re <- ranef(m, condVar = TRUE)[[specs$top[i]]]
  k <- ncol(re)  # the top level's last term: its slope when it has one
  post <- attr(re, "postVar")
  # Each top group's fixed level at the mean time, at its own rows' covariate values.
  nd <- d; nd[[specs$time[i]]] <- mean(d[[specs$time[i]]])
  fx <- tapply(predict(m, newdata = nd, re.form = NA), d[[specs$top[i]]], mean)
  out[[specs$name[i]]] <- list(
    loglik = as.numeric(logLik(m)),
    names = as.list(rownames(co)), estimate = as.list(unname(co[, "Estimate"])),
    df = as.list(unname(co[, "df"])),
    grp = as.list(vc$grp), var1 = as.list(ifelse(is.na(vc$var1), "", vc$var1)),
    var2 = as.list(ifelse(is.na(vc$var2), "", vc$var2)), sdcor = as.list(vc$sdcor),
    terms = as.list(rownames(av)), F = as.list(unname(av[["F value"]])),
    den_df = as.list(unname(av[["DenDF"]])),
    top_ids = as.list(rownames(re)), top_mode = as.list(re[, k]), top_var = as.list(post[k, k, ]),
    top_fixed = as.list(unname(fx[rownames(re)]))
  )
}
writeLines(if (requireNamespace("jsonlite", quietly = TRUE))
  jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE) else to_json(out), args[[1]])
"""
)


def nested_study(seed: int = 24, sites: int = 12, patients: int = 10, visits: int = 6) -> pd.DataFrame:
    """Patients within sites, each with its own level and slope; patient ids repeat across sites."""
    rng = np.random.default_rng(seed)
    site = np.repeat(np.arange(sites), patients * visits)
    patient = np.tile(np.repeat(np.arange(patients), visits), sites)
    month = np.tile(np.arange(visits, dtype=float), sites * patients)
    site_level, site_slope = rng.normal(0, 4, sites), rng.normal(0, 1.0, sites)
    patient_level = rng.normal(0, 6, (sites, patients))
    patient_slope = rng.normal(0, 1.5, (sites, patients))
    arm = rng.choice(np.array(["a", "b", "c"]), (sites, patients))[site, patient]
    score = (
        50
        + site_level[site]
        + patient_level[site, patient]
        + (2 + site_slope[site] + patient_slope[site, patient]) * month
        + 0.8 * (arm == "c") * month
        + rng.normal(0, 3, site.size)
    )
    return pd.DataFrame(
        {
            "site": [f"S{s:02d}" for s in site],
            "patient": [f"P{p:02d}" for p in patient],
            "arm": arm,
            "month": month,
            "score": score,
        }
    )


def pixel() -> pd.DataFrame:
    frame = r_dataset("Pixel", "nlme")
    return frame.assign(day2=frame["day"] ** 2)


def rabbit() -> pd.DataFrame:
    frame = r_dataset("Rabbit", "MASS")
    return frame.assign(logDose=np.log(frame["Dose"]))


@functools.cache
def fits() -> dict[str, tuple[pd.DataFrame, MultilevelFit]]:
    out = {}
    frame = pixel()
    out["pixel"] = (
        frame,
        fit_multilevel(frame, "pixel", "day", ("Dog",), covariates=("Side",), extra_time=("day2",)),
    )
    frame = rabbit()
    out["rabbit"] = (
        frame,
        fit_multilevel(frame, "BPchange", "logDose", ("Animal",), covariates=("Treatment",)),
    )
    frame = nested_study()
    out["nested"] = frame, fit_multilevel(frame, "score", "month", ("site", "patient"))
    out["arms"] = frame, fit_multilevel(frame, "score", "month", ("site", "patient"), covariates=("arm",))
    return out


@pytest.fixture(scope="module")
def lmertest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder: Path = tmp_path_factory.mktemp("multilevel")
    rows = []
    for name, (frame, fit) in fits().items():
        frame.to_csv(folder / f"{name}.csv", index=False)
        rows.append(
            {
                "name": name,
                "csv": str(folder / f"{name}.csv"),
                "formula": fit.formula,
                "top": fit.levels[0],
                "time": fit.time,
            }
        )
    pd.DataFrame(rows).to_csv(folder / "specs.tsv", sep="\t", index=False)
    (folder / "fit.R").write_text(R_SCRIPT)
    run_r(folder / "fit.R", str(folder / "out.json"), str(folder / "specs.tsv"))
    result: dict[str, Any] = json.loads((folder / "out.json").read_text())
    return result


def test_the_chosen_structures() -> None:
    """Side within Dog and Treatment within Animal get their subject x condition term; the nested
    study keeps slopes at both levels; the rabbits' slopes go (a singular fit)."""
    found = {name: fit.formula for name, (_, fit) in fits().items()}
    assert found["pixel"].endswith("(day | Dog) + (1 | Dog:Side)")
    assert found["rabbit"].endswith("(1 | Animal) + (1 | Animal:Treatment)")
    assert fits()["rabbit"][1].simplified == {"Animal": "singular"}
    assert found["nested"] == "score ~ month + (month | site) + (month | site:patient)"


@pytest.mark.parametrize("name", ["pixel", "rabbit", "nested", "arms"])
def test_refit_in_lmertest_matches(lmertest: dict[str, Any], name: str) -> None:
    fit = fits()[name][1]
    ref = lmertest[name]
    assert fit.loglik == pytest.approx(ref["loglik"], abs=LOGLIK)
    assert list(fit.fixed) == ref["names"]
    for term, estimate, df in zip(ref["names"], ref["estimate"], ref["df"], strict=True):
        assert fit.fixed[term].estimate == pytest.approx(estimate, rel=FIXED, abs=1e-6), term
        assert fit.fixed[term].df == pytest.approx(df, rel=DF), term
    for grp, var1, var2, sdcor in zip(ref["grp"], ref["var1"], ref["var2"], ref["sdcor"], strict=True):
        if grp == "Residual":
            assert fit.residual_sd == pytest.approx(sdcor, rel=VC)
        elif var2:
            assert fit.correlations[grp] == pytest.approx(sdcor, abs=0.02), grp
        else:
            assert fit.random[grp][var1].sd == pytest.approx(sdcor, rel=VC, abs=1e-3), (grp, var1)


@pytest.mark.parametrize("name", ["pixel", "rabbit", "arms"])
def test_type3_f_tests_match_lmertest(lmertest: dict[str, Any], name: str) -> None:
    """Type-III F tests, terms named as R names them; ``arm`` has three levels (2 numerator df)."""
    fit = fits()[name][1]
    ref = lmertest[name]
    assert list(fit.f_tests) == ref["terms"]
    for term, f, den in zip(ref["terms"], ref["F"], ref["den_df"], strict=True):
        assert fit.f_tests[term].F == pytest.approx(f, rel=FIXED), term
        assert fit.f_tests[term].den_df == pytest.approx(den, rel=DF), term


def test_pixel_side_is_tested_against_the_dogs_sides() -> None:
    """The issue's finding: with Side within Dog the Side effect's df are those of the dog x side
    cells (about 16 here), not of the 102 images (the one-grouping engine's F 4.29 on ~80 df)."""
    test = fits()["pixel"][1].f_tests["Side"]
    assert test.den_df < 20
    assert test.p > 0.05


@pytest.mark.parametrize("name", ["nested", "rabbit"])
def test_caterpillar_of_the_top_level_matches_lme4(lmertest: dict[str, Any], name: str) -> None:
    """Each site's own slope (the rabbits: their own level) is lme4's conditional mode around the
    fixed value, its interval +-1.96 of lme4's conditional SD (``ranef(condVar = TRUE)``). A level's
    fixed value is the group's own: lme4's prediction at the mean time averaged over its rows (a
    rabbit's two treatments; statistician N 2: not the reference level's line for every group)."""
    fit = fits()[name][1]
    ref = lmertest[name]
    modes = dict(zip(ref["top_ids"], ref["top_mode"], strict=True))
    sds = dict(zip(ref["top_ids"], np.sqrt(ref["top_var"]), strict=True))
    fixed = dict(zip(ref["top_ids"], ref["top_fixed"], strict=True))
    assert set(fit.top_groups) == set(modes)
    for group, own in fit.top_groups.items():
        centre = fit.fixed[fit.time].estimate if fit.top_term == "slope" else fixed[group]
        assert own.estimate - centre == pytest.approx(modes[group], rel=VC, abs=1e-3 * sds[group]), group
        assert (own.ci_high - own.ci_low) / (2 * 1.959963984540054) == pytest.approx(sds[group], rel=VC), (
            group
        )


def test_variance_shares_add_up() -> None:
    fit = fits()["nested"][1]
    assert list(fit.shares) == ["site", "site:patient", "Residual"]
    assert math.fsum(share.icc for share in fit.shares.values()) == pytest.approx(1.0)


def test_a_built_report_carries_the_model_at_every_level(lmertest: dict[str, Any], tmp_path: Path) -> None:
    """``--group site/patient`` on the nested study: results.json's ``models.multilevel`` is the
    model lmerTest refits above (same formula, log-likelihood, SDs), and the section is shown."""
    from reportgen import build_report, make_config

    frame, fit = fits()["nested"]
    data = tmp_path / "nested.csv"
    frame.drop(columns="arm").to_csv(data, index=False)
    config = make_config(
        data_path=data,
        out_dir=tmp_path / "out",
        response="score",
        time="month",
        group="site/patient",
        formats=("html",),
    )
    build_report(config)
    results = json.loads((tmp_path / "out" / "results.json").read_text())
    record = results["models"]["multilevel"]
    assert record["formula"] == fit.formula
    assert record["loglik"] == pytest.approx(lmertest["nested"]["loglik"], abs=LOGLIK)
    assert record["random"]["site"]["month"]["sd"] == pytest.approx(fit.random["site"]["month"].sd, rel=1e-6)
    assert results["multilevel"]["shares"]["site"]["icc"] > 0.1
    # The one-grouping models name the patients as lme4 reads them from the file: within their site.
    assert results["models"]["random_slope"]["formula"] == "score ~ month + (month | site:patient)"
    html = (tmp_path / "out" / "report.html").read_text()
    assert 'id="g-levels"' in html and "level_caterpillar" in html
