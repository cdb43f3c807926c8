"""Partial pooling at every level (issue 24 item 3) against lme4: each level's conditional modes
and conditional SDs are ``ranef(fit, condVar = TRUE)`` of ``lmer`` on the printed formula (modes
within 1e-3 of their conditional SD, SDs within 1%), on a seeded unbalanced nested study and on the
seeded crossed (rater) design. Analysis only, no report built.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from tests.crosscheck.test_multilevel_results import r_script
from tests.support.crossed import rated_visits
from tests.support.nested import simulate_nested
from tests.support.r_run import run_r

MODE_TOL = 1e-3  # of the mode's conditional SD
SD_REL = 0.01

R_BODY = r"""
fit <- suppressMessages(lmer(as.formula(args[[3]]), data = d))
re <- ranef(fit, condVar = TRUE)
out <- list()
for (g in names(re)) {
  m <- re[[g]]
  pv <- attr(m, "postVar")
  sds <- matrix(sqrt(apply(pv, 3, function(x) diag(as.matrix(x)))), ncol = ncol(m), byrow = TRUE)
  out[[g]] <- list(names = I(rownames(m)), terms = I(colnames(m)), modes = unname(as.matrix(m)), sds = sds)
}
"""


def unbalanced_nested() -> pd.DataFrame:
    """12 sites of 8 patients, every third site down to 2 patients and every fourth patient's
    last two visits dropped: conditional SDs differ between sites (seeded)."""
    data = simulate_nested(11, 12, 8, 5)
    number = data["patient"].str.rsplit("-p", n=1).str[1].astype(int)
    site = data["site"].str[1:].astype(int)
    thin = (site % 3 == 0) & (number >= 2)
    short = (number % 4 == 0) & (data["month"] >= 3)
    return data[~thin & ~short].reset_index(drop=True)


def r_ranef(folder: Path, data: pd.DataFrame, formula: str, ids: str) -> dict[str, Any]:
    """lme4's conditional modes and SDs of every grouping term of ``formula`` on ``data``."""
    csv = folder / "ranef.csv"
    data.to_csv(csv, index=False)
    (folder / "ranef.R").write_text(r_script(ids, R_BODY))
    run_r(folder / "ranef.R", str(folder / "ranef.json"), str(csv), formula)
    return dict(json.loads((folder / "ranef.json").read_text()))


def assert_same_effects(fit: Any, r: dict[str, Any]) -> None:
    assert fit.effects is not None
    assert sorted(fit.effects.terms) == sorted(r)
    for term, ours in fit.effects.terms.items():
        theirs = r[term]
        assert list(ours.terms) == theirs["terms"], term
        order = [theirs["names"].index(name) for name in ours.groups]
        modes = np.asarray(theirs["modes"], dtype=float)[order]
        sds = np.asarray(theirs["sds"], dtype=float)[order]
        np.testing.assert_allclose(ours.sds, sds, rtol=SD_REL, err_msg=term)
        assert np.all(np.abs(ours.modes - modes) <= MODE_TOL * sds), term


def test_nested_modes_and_condvar_are_lme4s(tmp_path: Path) -> None:
    from reportgen.analysis.multilevel import fit_multilevel

    data = unbalanced_nested()
    fit = fit_multilevel(data, "score", "month", ("site", "patient"))
    assert fit.formula == "score ~ month + (month | site) + (month | site:patient)"
    assert_same_effects(fit, r_ranef(tmp_path, data, fit.formula, "site patient"))


def test_crossed_modes_and_condvar_are_lme4s(tmp_path: Path) -> None:
    from reportgen.analysis.multilevel import fit_multilevel

    data = rated_visits()
    fit = fit_multilevel(data, "rating", "week", ("rater", "subject"), crossed=True)
    assert fit.crossed
    assert_same_effects(fit, r_ranef(tmp_path, data, fit.formula, "subject rater"))


def test_site_pull_follows_its_condvar(tmp_path: Path) -> None:
    """The thin sites (2 patients) are pulled furthest, and a site's pull is lme4's conditional
    variance over the sites' variance in the model (VarCorr)."""
    from reportgen.analysis.level_pooling import level_pooling
    from reportgen.analysis.multilevel import fit_multilevel
    from reportgen.analysis.regression import fit_subject_lines
    from reportgen.narrative.level_pooling import most_pulled, pull_reasons

    data = unbalanced_nested()
    fit = fit_multilevel(data, "score", "month", ("site", "patient"))
    frame = data.rename(columns={"score": "response", "month": "time", "patient": "group"})
    result = level_pooling(frame, fit, fit_subject_lines(frame), 0.0)
    assert result is not None and result.term == "slope"
    r = r_ranef(tmp_path, data, fit.formula, "site patient")["site"]
    slope_sd = fit.random["site"]["month"].sd
    for name, group in result.groups.items():
        condsd = r["sds"][r["names"].index(name)][r["terms"].index("month")]
        assert group.pull == pytest.approx(condsd**2 / slope_sd**2, rel=2 * SD_REL)
    furthest = most_pulled(result.groups)
    assert furthest in {"S03", "S06", "S09", "S12"}
    assert pull_reasons(furthest, result.groups)[0]  # fewer patients than most sites
