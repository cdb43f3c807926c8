"""The every-level model's simplification drops the slopes of the level whose covariance is at 0, not
the patients' slopes with it (break12: ``--group site/patient``, patient slope SD about 2, no site
effects; the site slope went first, then the site intercept at 0 kept the fit singular and the
patients' slopes, SD 1.9 in lme4, were dropped as "a singular fit").

Both data sets are break12's (its gen.py, seed 1): ``notnested`` reuses patient ids P0..P5 in every
site (``site/patient`` is lme4's ``site:patient``: one patient per site and id), ``onepat`` has one
site of a single patient. Reference: lme4's REML fit of the chosen formula, run here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.multilevel import MultilevelFit, fit_multilevel
from tests.support.r_run import run_r

R_SCRIPT = r"""
suppressMessages({library(lme4); library(jsonlite)})
args <- commandArgs(trailingOnly = TRUE)
out <- list()
for (k in seq(2, length(args), by = 2)) {
  d <- read.csv(args[k])
  m <- lmer(as.formula(args[k + 1]), d, REML = TRUE)
  vc <- as.data.frame(VarCorr(m))
  out[[basename(args[k])]] <- list(loglik = as.numeric(logLik(m)), grp = vc$grp, var1 = vc$var1,
                                   var2 = vc$var2, sdcor = vc$sdcor)
}
write(toJSON(out, digits = NA, na = "null", auto_unbox = TRUE), args[1])
"""


def break12(kind: str) -> pd.DataFrame:
    """break12's gen.py: 30 subjects x days 0..7 in 5 sites, patient slope SD 2 per day."""
    r = np.random.default_rng(1)
    rows = []
    for s in range(30):
        b, sl = r.normal(0, 1), r.normal(0, 0.2)
        rows += [{"Subject": f"S{s}", "Days": t, "site": f"site{s % 5}", "u": b, "sl": sl} for t in range(8)]
    df = pd.DataFrame(rows)
    r.random(len(df))  # the binary and count responses drawn before, in gen.py's order
    r.poisson(np.exp(0.5 + 0.1 * df.Days + 0.5 * df.u))
    df["y"] = 250 + 10 * df.Days + 20 * df.u + df.sl * df.Days * 10 + r.normal(0, 10, len(df))
    if kind == "notnested":  # patient ids reused across sites
        df["patient"] = "P" + (df.Subject.str[1:].astype(int) % 6).astype(str)
    else:  # onepat: site0 only S0
        df["patient"] = df.Subject
        df["site"] = np.where(df.Subject == "S0", "siteONE", np.where(df.site == "site0", "site1", df.site))
    return df[["Subject", "Days", "site", "patient", "y"]]


KINDS = ("notnested", "onepat")


@pytest.fixture(scope="module")
def fitted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[MultilevelFit, dict[str, Any]]]:
    folder: Path = tmp_path_factory.mktemp("slopes")
    fits, args = {}, []
    for kind in KINDS:
        frame = break12(kind)
        fits[kind] = fit_multilevel(frame, "y", "Days", ("site", "patient"))
        frame.to_csv(folder / f"{kind}.csv", index=False)
        args += [str(folder / f"{kind}.csv"), fits[kind].formula]
    (folder / "fit.R").write_text(R_SCRIPT)
    run_r(folder / "fit.R", str(folder / "out.json"), *args)
    ref = json.loads((folder / "out.json").read_text())
    return {kind: (fits[kind], ref[f"{kind}.csv"]) for kind in KINDS}


@pytest.mark.parametrize("kind", KINDS)
def test_the_patients_slopes_stay_when_only_the_site_level_is_at_zero(
    fitted: dict[str, tuple[MultilevelFit, dict[str, Any]]], kind: str
) -> None:
    fit, ref = fitted[kind]
    assert fit.formula == "y ~ Days + (1 | site) + (Days | site:patient)"
    assert fit.simplified == {"site": "singular"}
    assert fit.n_groups["site:patient"] == 30  # ids reused across sites are 30 patients, as lme4's
    assert fit.loglik == pytest.approx(ref["loglik"], abs=0.01)
    r_sd = dict(zip(zip(ref["grp"], ref["var1"], strict=True), ref["sdcor"], strict=True))
    assert fit.random["site:patient"]["Days"].sd == pytest.approx(r_sd["site:patient", "Days"], rel=0.01)
    assert fit.random["site:patient"]["Days"].sd > 1.5  # simulated: 2
