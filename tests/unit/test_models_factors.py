"""analysis.models: a covariate given as a factor is written ``factor(Diet)`` in every formula and
fixed-effect name (final read, ChickWeight with ``--factor Diet``: ``... + Diet + ns(Time, 3):Diet``
on a CSV whose Diet is 1 to 4 refits Diet as a number in R, logLik -2331.32 against -2272.30)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from reportgen.analysis.model_matrix import build_model_matrix
from reportgen.analysis.models import factor_term, model_record


def test_factor_term_spells_levels_only_when_r_would_order_them_otherwise() -> None:
    assert factor_term("Diet", ("1", "2", "3", "4")) == "factor(Diet)"
    assert factor_term("dose", ("10", "5")) == 'factor(dose, levels = c("10", "5"))'  # R: 5 first
    assert factor_term("`my dose`", ("0.5", "1")) == "factor(`my dose`)"
    assert factor_term("arm", ("b", "a")) == "factor(arm)"  # text: R reads it as a factor already


def _record(factors: tuple[str, ...]) -> dict[str, Any]:
    from reportgen.analysis.mixed import fit_model

    rng = np.random.default_rng(1)
    n, k = 12, 4
    frame = pd.DataFrame(
        {
            "group": np.repeat([f"g{i}" for i in range(n)], k),
            "time": np.tile(np.arange(k, dtype=float), n),
            "Diet": np.repeat([str(1 + i % 3) for i in range(n)], k),
        }
    )
    frame["response"] = frame["time"] + frame["Diet"].astype(float) + rng.normal(0, 1, n * k)
    design = build_model_matrix(frame, covariates=("Diet",))
    fit = fit_model(frame, design, random=1)
    columns = {"response": "weight", "time": "Time", "group": "Chick"}
    return model_record(fit, design, columns, factors=factors)


def test_a_factor_is_written_as_r_must_code_it() -> None:
    given = _record(("Diet",))
    assert given["formula"] == "weight ~ Time + factor(Diet) + Time:factor(Diet) + (1 | Chick)"
    assert {"factor(Diet)2", "factor(Diet)3", "Time:factor(Diet)3"} <= set(given["fixed"])
    # flip: a covariate not given as a factor keeps its name (text in the file: R reads a factor)
    plain = _record(())
    assert plain["formula"] == "weight ~ Time + Diet + Time:Diet + (1 | Chick)"
    assert {"Diet2", "Time:Diet3"} <= set(plain["fixed"])
