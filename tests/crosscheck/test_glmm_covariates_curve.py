"""Covariate x shape in the GLMM of a binary response (issue 21), against lme4's glmer.

A seeded study whose logit is quadratic in the visit (80 subjects x visits 1 to 8, so time is
fitted from its first value and mapped back) and whose treated arm's logit rises by 0.35 more per
visit: the report stands on the quadratic, so the covariate GLMM has the quadratic's columns and,
its time interaction being kept, their products with the arm
(``y ~ visit + I(visit^2) + arm + (visit + I(visit^2)):arm + (1 | id)``). One Rscript run refits
the additive and the interaction formula exactly as ``models.glmm_covariates`` prints them: the
log-likelihoods within 0.01, the fixed effects within 1e-3 relative, the likelihood-ratio test of
the interaction from R's log-likelihoods, and the arm's odds ratios at the first, average and last
visit as the same contrasts of glmer's estimates. A second seeded study, counts log-linear in a
doubling dose whose arm b's log rate rises 0.15 less per log(dose), checks a one-column curve
(``n ~ log(dose) + arm + log(dose):arm + (dose | id)``).
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
from tests.crosscheck.test_glmm_shape import R_SCRIPT  # refits each study's formulas by glmer
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

LOGLIK = 0.01
FIXED = 1e-3


def curved_arms(seed: int = 21) -> pd.DataFrame:
    """80 subjects (every second one treated) x visits 1 to 8, a logistic random intercept, the
    logit quadratic in the visit, the treated arm's 0.35 steeper per visit from 1.0 lower."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(80):
        arm = "treated" if i % 2 else "control"
        level = rng.normal(0, 0.8)
        for visit in range(1, 9):
            eta = -2.0 + 1.2 * visit - 0.13 * visit**2 + level + (arm == "treated") * (-1.0 + 0.35 * visit)
            y = int(rng.random() < 1 / (1 + math.exp(-eta)))
            rows.append({"id": f"s{i:02d}", "visit": visit, "arm": arm, "y": y})
    return pd.DataFrame(rows)


def log_arm_counts(seed: int = 7) -> pd.DataFrame:
    """60 subjects (every second in arm b) x 6 doubling doses, counts whose log rate is linear in
    log(dose), arm b's 0.5 higher and rising 0.15 less per log(dose)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(60):
        arm = "b" if i % 2 else "a"
        level = rng.normal(0, 0.4)
        for dose in (1, 2, 4, 8, 16, 32):
            log_rate = 0.3 + 0.45 * math.log(dose) + level + (arm == "b") * (0.5 - 0.15 * math.log(dose))
            rows.append(
                {"id": f"p{i:02d}", "dose": dose, "arm": arm, "n": int(rng.poisson(math.exp(log_rate)))}
            )
    return pd.DataFrame(rows)


# study -> (its rows, its response, time and group columns, the level compared with the reference)
STUDIES = {
    "quadratic_binary": (curved_arms, ("y", "visit", "id"), "armtreated"),
    "log_counts": (log_arm_counts, ("n", "dose", "id"), "armb"),
}


@functools.cache
def analysed(study: str) -> GlmmAnalysis:
    make, columns, _ = STUDIES[study]
    renamed = make().rename(columns=dict(zip(columns, ("response", "time", "group"), strict=True)))
    family = choose_family(renamed["response"].to_numpy(float), "auto")
    return analyse_glmm(renamed, family, columns, covariates=("arm",))


@pytest.fixture(scope="module")
def glmer(tmp_path_factory: pytest.TempPathFactory) -> dict:
    folder = tmp_path_factory.mktemp("glmm_covariates_curve")
    job = {}
    for study, (make, _, _) in STUDIES.items():
        g = analysed(study)
        c = g.covariates
        assert c is not None and c.chosen is not None
        make().to_csv(folder / f"{study}.csv", index=False)
        formulas = {"additive": c.fit.formula, "chosen": c.chosen.formula}
        job[study] = {"file": f"{study}.csv", "group": "id", "family": g.family, "formulas": formulas}
    (folder / "job.json").write_text(json.dumps(job), encoding="utf-8")
    script = folder / "glmm_covariates_curve.R"
    script.write_text(R_SCRIPT, encoding="utf-8")
    return json.loads(run_r(script, str(folder)).stdout)


@pytest.mark.parametrize(
    ("study", "shape", "additive", "chosen"),
    [
        (
            "quadratic_binary",
            "quadratic",
            "y ~ visit + I(visit^2) + arm + (1 | id)",
            "y ~ visit + I(visit^2) + arm + (visit + I(visit^2)):arm + (1 | id)",
        ),
        (
            "log_counts",
            "log",
            "n ~ log(dose) + arm + (dose | id)",
            "n ~ log(dose) + arm + log(dose):arm + (dose | id)",
        ),
    ],
)
def test_the_covariate_glmm_has_the_curve_and_its_interaction_with_the_arm(
    study: str, shape: str, additive: str, chosen: str
) -> None:
    g = analysed(study)
    c = g.covariates
    assert g.curve is not None and g.curve.shape == shape and c is not None and c.chosen is not None
    assert c.shape == shape and g.covariates_refused is None
    assert (c.fit.formula, c.chosen.formula) == (additive, chosen)
    assert (
        c.interactions["arm"].df == len(g.shapes.shape.names if g.shapes else ())
        and c.effects["arm"].interaction_kept
    )


@pytest.mark.parametrize("study", list(STUDIES))
def test_the_curved_covariate_glmms_are_glmer_s(study: str, glmer: dict) -> None:
    """Both fits' logLik and fixed effects as glmer's from their printed formulas; the interaction's
    chi-square from R's log-likelihoods."""
    c = analysed(study).covariates
    r = glmer[study]
    assert c is not None and c.chosen is not None
    for name, fit in (("additive", c.fit), ("chosen", c.chosen)):
        assert fit.loglik == pytest.approx(r[name]["loglik"], abs=LOGLIK), name
        assert set(fit.fixed) == set(r[name]["fixed"]), name
        for term, value in fit.fixed.items():
            assert value.estimate == pytest.approx(r[name]["fixed"][term], rel=FIXED, abs=1e-6), (
                name,
                term,
            )
    chisq = 2 * (r["chosen"]["loglik"] - r["additive"]["loglik"])
    assert c.interactions["arm"].chisq == pytest.approx(chisq, abs=2 * LOGLIK)


@pytest.mark.parametrize("study", list(STUDIES))
def test_the_arm_s_ratios_at_three_times_are_glmer_s_contrasts(study: str, glmer: dict) -> None:
    """At the first, average and last time t: exp(arm + the sum over the curve's columns of
    column(t) times its product with arm), from glmer's estimates (visit:armtreated, ...)."""
    g = analysed(study)
    c, shape, term = g.covariates, g.shapes.shape if g.shapes else None, STUDIES[study][2]
    assert c is not None and shape is not None
    r = glmer[study]["chosen"]["fixed"]
    levels = c.effects["arm"].levels[term]
    for when, at in levels.items():
        columns = shape.columns(np.array([at.time]))[0]
        log_ratio = r[term] + sum(
            v * r[f"{name}:{term}"] for name, v in zip(shape.names, columns, strict=True)
        )
        assert at.ratio.ratio == pytest.approx(math.exp(log_ratio), rel=FIXED), when
    if study == "quadratic_binary":  # the arms part late: clear at the last visit only
        assert [levels[w].time for w in ("first", "mean", "last")] == [1.0, 4.5, 8.0]
        assert levels["last"].ratio.ci_low > 1 and levels["first"].ratio.ci_low < 1
