"""MASS::Rabbit (BPchange ~ Dose by Animal, Treatment): the report stands on a quadratic in dose, and
every place that names the model names the quadratic, never "the random-intercept model" (issue 21).

Pooling, influence and the caterpillar plot read the quadratic model's straight-line version (the
same random effects); the diagnostics read the quadratic itself. R refits every model in
results.json (tests/crosscheck/test_models_refit.py); here the words follow them.
"""

from __future__ import annotations

import functools
import re
from typing import Any

import pytest

from tests.support.r_datasets import r_dataset
from tests.support.report_text import built_words

pytestmark = pytest.mark.slow


@functools.cache
def _built() -> tuple[dict[str, Any], str]:
    frame = r_dataset("Rabbit", "MASS")
    frame["Animal"] = frame["Animal"].astype(str)
    columns = {"response": "BPchange", "time": "Dose", "group": "Animal"}
    return built_words(frame, "rabbit", **columns, covariates=["Treatment"])


# The places that name the model the report stands on (or its straight-line version).
NAMING = (
    "their line in the ",  # pooling's prompt
    "Check the assumptions of the model the report stands on, the ",  # diagnostics' prompt
    "The data support the ",  # the model section
    "Interpretation Refitting the ",  # influence (not the appendix's "Refitting the model in R")
    "Residuals of the ",  # diagnostics figure and alt text
    "Predicted random effects of the ",  # caterpillar title
    "Partial pooling: own lines against ",  # shrinkage figure
)


def test_the_quadratic_is_named_wherever_the_model_is() -> None:
    results, text = _built()
    assert results["trend"]["shape"] == "quadratic"
    assert results["model_choice"]["stands_on"] == f"{results['model_choice']['random_effects']}_quadratic"
    for lead in NAMING:
        found = [text[m.end() : m.end() + 60] for m in re.finditer(re.escape(lead), text)]
        assert found, lead
        for after in found:
            assert not after.startswith("random-intercept model"), (lead, after)
            assert "quadratic model" in after, (lead, after)


def test_pooling_reads_the_straight_line_with_the_quadratic_models_random_effects() -> None:
    results, text = _built()
    models = results["models"]
    line = models.get("uncorrelated_slope_line") or models[results["model_choice"]["random_effects"]]
    chosen = models[results["model_choice"]["stands_on"]]
    # The same random-effects terms (after the fixed part), on the straight line.
    assert line["formula"].split(" + (", 1)[1] == chosen["formula"].split(" + (", 1)[1]
    assert line["formula"].startswith("BPchange ~ Dose + (")
    assert "straight-line version of the quadratic model with" in text
