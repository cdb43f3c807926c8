"""The multilevel model's F tests against lmerTest, on a seeded nested study that is unbalanced on
purpose (tests/support/nested_unbalanced.py: sites of 3 to 10 patients, a third of them leaving).

- Every type-III test of ``fit_multilevel`` with a 3-level arm and a 3-df natural spline (the curve,
  the arm and their 6-df interaction) is lmerTest's ``anova(m, type = 3)`` on the fit's own formula
  within 1e-3 in F and denominator df: one implementation
  (:func:`reportgen.analysis.satterthwaite.f_test` on :mod:`reportgen.analysis.lmer_estimates`) on
  lmerTest's rows. The old second implementation (``multilevel.f_from_rows``, on the sum-to-zero
  coefficients) gave the curve x arm interaction 143.01 df where lmerTest gives 143.24.
- A programme assigned by site is tested at the first month as lmerTest tests it,
  ``anova(lmer(score ~ programme + (1 | site)))``: F 7.91 on 1 and 6.53 df; the one-way ANOVA of the
  sites' means, exact only for sites of one size, gave F 9.60 on 1 and 6.
- An arm assigned by patient (varying within site) is tested there the same way,
  ``anova(lmer(score ~ arm + (1 | site)))``: the values measured at one site share its level whatever
  their arm (statistician R 4, session 8: the one-way ANOVA gave F 9.31 on 1 and 143 df where
  lmerTest gives 9.73 on 1 and 133.3).

Skipped without R, unless ``REPORTGEN_REQUIRE_R=1``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from reportgen.analysis.covariates import measured_at_start
from reportgen.analysis.multilevel import MultilevelFit, fit_multilevel
from reportgen.analysis.time_basis import make_shape
from tests.crosscheck.test_lme4 import R_TO_JSON
from tests.support.nested_unbalanced import nested_unbalanced
from tests.support.r_run import MISSING_PACKAGE, run_r

REL = 1e-3
CURVE = "splines::ns(month, 3)"

R_SCRIPT = (
    f"""
for (p in c("lme4", "lmerTest")) if (!requireNamespace(p, quietly = TRUE)) quit(status = {MISSING_PACKAGE})
"""
    + R_TO_JSON
    + r"""
suppressMessages(library(lmerTest))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1]); d$arm <- factor(d$arm); d$site <- factor(d$site); d$patient <- factor(d$patient)
m <- lmer(as.formula(args[2]), d, REML = TRUE, contrasts = list(arm = "contr.sum"))
a <- anova(m, type = 3)
terms <- lapply(rownames(a), function(t)
  list(F = a[t, "F value"], den_df = a[t, "DenDF"], num_df = a[t, "NumDF"]))
names(terms) <- rownames(a)
d0 <- d[d$month == 0, ]
s <- anova(lmer(score ~ programme + (1 | site), d0, REML = TRUE))
start <- list(F = s[1, "F value"], den_df = s[1, "DenDF"])
w <- anova(lmer(score ~ arm + (1 | site), d0, REML = TRUE))
within <- list(F = w[1, "F value"], den_df = w[1, "DenDF"], num_df = w[1, "NumDF"])
cat(to_json(list(terms = terms, start = start, within = within)), "\n")
"""
)


@functools.cache
def fitted() -> MultilevelFit:
    frame = nested_unbalanced()
    curve = make_shape("spline3", frame["month"].to_numpy(float), label="month")
    return fit_multilevel(frame, "score", "month", ("site", "patient"), covariates=("arm",), curve=curve)


@pytest.fixture(scope="module")
def lmertest(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("lmer_f")
    (folder / "refit.R").write_text(R_SCRIPT)
    nested_unbalanced().to_csv(folder / "study.csv", index=False)
    run = run_r(folder / "refit.R", str(folder / "study.csv"), fitted().formula)
    result: dict[str, Any] = json.loads(run.stdout.strip().splitlines()[-1])
    return result


def test_the_study_is_unbalanced() -> None:
    frame = nested_unbalanced()
    assert frame.groupby("site")["patient"].nunique().nunique() > 1
    assert frame.groupby("patient").size().nunique() > 1


@pytest.mark.parametrize("term", [CURVE, "arm", f"{CURVE}:arm"])
def test_type3_tests_are_lmertests_on_multi_df_terms(lmertest: dict[str, Any], term: str) -> None:
    ours, theirs = fitted().f_tests[term], lmertest["terms"][term]
    assert ours.num_df == theirs["num_df"] > 1
    assert ours.F == pytest.approx(theirs["F"], rel=REL)
    assert ours.den_df == pytest.approx(theirs["den_df"], rel=REL)


def test_a_covariate_constant_within_sites_is_tested_at_the_start_as_lmertest_does(
    lmertest: dict[str, Any],
) -> None:
    frame = nested_unbalanced().rename(columns={"month": "time", "score": "response", "patient": "group"})
    ours = measured_at_start(frame, "programme", 0.0, "categorical", ("site",))
    assert ours is not None
    assert ours.F == pytest.approx(lmertest["start"]["F"], rel=REL)
    assert ours.den_df == pytest.approx(lmertest["start"]["den_df"], rel=REL)


def test_a_covariate_varying_within_sites_is_tested_at_the_start_with_the_sites(
    lmertest: dict[str, Any],
) -> None:
    frame = nested_unbalanced().rename(columns={"month": "time", "score": "response", "patient": "group"})
    assert (frame.groupby("site")["arm"].nunique() > 1).any()
    ours = measured_at_start(frame, "arm", 0.0, "categorical", ("site",))
    assert ours is not None
    assert ours.num_df == lmertest["within"]["num_df"]
    assert ours.F == pytest.approx(lmertest["within"]["F"], rel=REL)
    assert ours.den_df == pytest.approx(lmertest["within"]["den_df"], rel=REL)
