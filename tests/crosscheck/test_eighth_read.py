"""The eighth read's numbers against R (issue 21).

Nested study: a covariate assigned by school is tested at the start on the schools' means (the
school's df), as R's ``anova(lmer(score ~ arm + (1 | school)))`` at the first wave tests it, not on
the pupils as independent values (the report said F = 21.81 on 1 and 118 df where R gives
F = 7.94 on 1 and 6 df).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

from reportgen.analysis.covariates import measured_at_start
from tests.crosscheck.test_lme4 import R_TO_JSON
from tests.support.r_run import MISSING_PACKAGE, run_r

pytestmark = pytest.mark.slow

R_START = (
    f"""
for (p in c("lme4", "lmerTest"))
  if (!requireNamespace(p, quietly = TRUE)) quit(status = {MISSING_PACKAGE})
"""
    + R_TO_JSON
    + r"""
suppressMessages(library(lmerTest))
d <- read.csv(commandArgs(trailingOnly = TRUE)[1])
d0 <- d[d$wave == 0, ]
a <- anova(lmer(score ~ arm + (1 | school), data = d0))
cat(to_json(list(F = a["arm", "F value"], den_df = a["arm", "DenDF"], p = a["arm", "Pr(>F)"])), "\n")
"""
)


def _schools(seed: int) -> pd.DataFrame:
    """8 schools of 15 pupils, 5 waves, arm assigned by school; school SD 2.5, pupil SD 4, residual 3."""
    rng = np.random.default_rng(seed)
    rows = []
    for s in range(8):
        arm = "treat" if s >= 4 else "control"
        school = rng.normal(0, 2.5) - (3.0 if arm == "treat" else 0.0)
        for k in range(15):
            pupil = rng.normal(0, 4.0)
            for wave in range(5):
                score = 50 + school + pupil + 0.8 * wave + rng.normal(0, 3.0)
                rows.append(
                    {"wave": wave, "pupil": f"P{15 * s + k}", "school": f"S{s}", "arm": arm, "score": score}
                )
    return pd.DataFrame(rows)


@pytest.mark.parametrize("seed", [1, 2])
def test_an_arm_assigned_by_school_is_tested_at_the_start_on_the_schools_df(
    seed: int, tmp_path: Path
) -> None:
    data = _schools(seed)
    path = tmp_path / "schools.csv"
    data.to_csv(path, index=False)
    script = tmp_path / "start.R"
    script.write_text(R_START)
    r: dict[str, Any] = json.loads(run_r(script, str(path)).stdout.strip().splitlines()[-1])
    frame = data.rename(columns={"wave": "time", "score": "response", "pupil": "group"})
    ours = measured_at_start(frame, "arm", 0.0, "categorical", ("school",))
    assert ours is not None
    assert (ours.num_df, ours.den_df) == (1.0, pytest.approx(r["den_df"], rel=1e-3))
    assert ours.F == pytest.approx(r["F"], rel=1e-3)
    assert ours.p == pytest.approx(r["p"], rel=1e-3)
    # without the outer level the pupils count as independent: 118 df
    pooled = measured_at_start(frame, "arm", 0.0, "categorical")
    assert pooled is not None and pooled.den_df == 118.0
