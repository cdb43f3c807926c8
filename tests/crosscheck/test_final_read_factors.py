"""Final read (statistician L, session 6), item 4: a covariate given by ``--factor`` refits as R
codes it. ChickWeight's Diet is 1 to 4 in the file: ``... + Diet + ns(Time, 3):Diet`` refits it as a
number (logLik -2331.32 against the report's -2272.30); ``factor(Diet)`` refits the model the
report fitted. Skipped without Rscript and lme4 (unless ``REPORTGEN_REQUIRE_R=1``).
"""

from __future__ import annotations

import functools
import json
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.pipeline import render_report
from tests.crosscheck.test_final_read import _text
from tests.crosscheck.test_final_read_headline import LMER_FIT_R
from tests.support.r_datasets import r_dataset
from tests.support.r_run import run_r

pytestmark = pytest.mark.slow

REFIT_R = (
    LMER_FIT_R
    + r"""
out <- list(loglik = as.numeric(logLik(m)), fixed = as.list(fixef(m)))
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""
)


@functools.cache
def chickweight() -> tuple[pd.DataFrame, dict[str, Any], str]:
    """ChickWeight by Diet (a factor; integers in the file), study profile, as the read built it."""
    frame = r_dataset("ChickWeight", "datasets")
    frame["Chick"] = frame["Chick"].astype(str)  # as the file readers give ids
    config = make_config(
        response="weight", time="Time", group="Chick", factors=["Diet"], profile="study", formats=["html"]
    )
    report = render_report(frame, config, {"file": "ChickWeight.csv", "sha256": ""})
    return frame, report.results, _text(report.files["report.html"].decode())


def test_the_covariate_model_refits_in_r_with_the_factor(tmp_path: Path) -> None:
    frame, results, _ = chickweight()
    record = results["models"]["covariates"]
    assert "factor(Diet)" in record["formula"] and "+ Diet +" not in record["formula"]
    frame.to_csv(tmp_path / "data.csv", index=False)  # Diet as the numbers 1 to 4
    (tmp_path / "job.json").write_text(
        json.dumps({"formula": record["formula"], "control": record["control"], "group": "Chick"})
    )
    (tmp_path / "refit.R").write_text(REFIT_R)
    run_r(tmp_path / "refit.R", str(tmp_path))
    r = json.loads((tmp_path / "out.json").read_text())
    assert record["loglik"] == pytest.approx(r["loglik"], abs=0.01)  # -2272.30, not -2331.32
    assert set(record["fixed"]) == set(r["fixed"])
    for name, value in r["fixed"].items():
        assert record["fixed"][name]["estimate"] == pytest.approx(value, rel=1e-3, abs=1e-6)


CONTRASTS_R = (
    LMER_FIT_R
    + r"""
d$Diet <- factor(d$Diet)
tt <- delete.response(terms(m))
row <- function(t, lv) {  # every level in the new rows, so factor(Diet) keeps them all
  X <- model.matrix(tt, data.frame(Time = t, Diet = factor(levels(d$Diet), levels = levels(d$Diet))))
  X[match(lv, levels(d$Diet)), ]
}
out <- list()
for (when in c("mean", "last")) {
  t <- if (when == "mean") mean(d$Time) else max(d$Time)
  L <- do.call(rbind, lapply(c("2", "3", "4"), function(lv) row(t, lv) - row(t, "1")))
  for (k in 1:3) {
    r <- contest(m, L[k, ], joint = FALSE, confint = TRUE)
    out[[paste(k + 1, when)]] <- list(estimate = r$Estimate, low = r$lower, high = r$upper)
  }
  if (when == "mean") out$F <- contest(m, L, joint = TRUE)[["F value"]]
}
writeLines(jsonlite::toJSON(out, auto_unbox = TRUE, digits = NA), file.path(args[[1]], "out.json"))
"""
)


def test_the_levels_against_the_reference_are_read_as_r_gives_them(tmp_path: Path) -> None:
    """Item 3: the brief gives the overall test at the average time and every diet against Diet 1;
    the body says Diet 2 is higher by day 21 (R: 46.9, 95% CI 0.64 to 93.2, p = 0.047)."""
    frame, results, text = chickweight()
    record = results["models"]["covariates"]
    frame.to_csv(tmp_path / "data.csv", index=False)
    (tmp_path / "job.json").write_text(
        json.dumps({"formula": record["formula"], "control": record["control"], "group": "Chick"})
    )
    (tmp_path / "contrasts.R").write_text(CONTRASTS_R)
    run_r(tmp_path / "contrasts.R", str(tmp_path))
    r = json.loads((tmp_path / "out.json").read_text())
    diet = results["covariates"]["Diet"]
    assert diet["difference_at_mean_time"]["F"] == pytest.approx(r["F"], rel=1e-3)  # 4.74
    for level in ("2", "3", "4"):
        for when in ("mean", "last"):
            ours, theirs = diet["differences"]["at"][level][when], r[f"{level} {when}"]
            assert ours["estimate"] == pytest.approx(theirs["estimate"], rel=1e-3)
            assert ours["ci_low"] == pytest.approx(theirs["low"], rel=5e-3, abs=5e-3)
            assert ours["ci_high"] == pytest.approx(theirs["high"], rel=5e-3)
    assert r["2 last"]["low"] > 0 and r["3 mean"]["low"] > 0 and r["4 mean"]["low"] > 0
    brief = text[text.index("In brief") : text.index("Contents")]
    assert "the model's curves for the levels of Diet differ by F = 4.74" in brief
    assert "With Diet 3, weight is 27.76 higher than with Diet 1" in brief
    assert "With Diet 4, weight is 32.74 higher than with Diet 1" in brief
    assert "by the last, Diet 2 is higher than Diet 1 (95% CI 0.64 to 93.19 )" in text
