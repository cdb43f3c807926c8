"""``trend.of`` marks the linear-mixed-model keys of a GLMM report's trend (statistician S 7)."""

from __future__ import annotations

import json
from importlib import resources

from reportgen.trend_of import LINEAR_MIXED_MODEL, trend_of


def test_a_glmm_report_marks_its_trend_as_the_linear_mixed_models() -> None:
    assert trend_of(True) == {"of": "linear_mixed_model"}


def test_a_gaussian_report_writes_no_mark() -> None:
    assert trend_of(False) == {}


def test_the_schema_allows_the_mark_and_keeps_it_optional() -> None:
    schema = json.loads(resources.files("reportgen.schemas").joinpath("results.schema.json").read_text())
    trend = next(x for x in schema["properties"]["trend"]["anyOf"] if x.get("type") == "object")
    assert trend["properties"]["of"]["enum"] == [LINEAR_MIXED_MODEL]
    assert "of" not in trend.get("required", [])
