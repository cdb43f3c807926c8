"""results.json is written by results_json: the same bytes as json.dumps(indent=2), faster."""

from __future__ import annotations

import json
import math

import pytest

from reportgen.results import results_json, to_json_ready


def _stdlib(value: object) -> bytes:
    return json.dumps(value, indent=2, allow_nan=False).encode() + b"\n"


@pytest.mark.parametrize(
    "value",
    [
        {"subject_fits": {"308": {"intercept": 244.19, "slope": 21.76, "n": 10}, "309": {"n": 0}}},
        {"a": (1, 2.5, "x"), "b": {}, "c": [], "d": [{"k": [1, {"z": None}]}, True, False]},
        {"é": 'ü\n"\\', "keys": {1: 2, "x": {"y": [[], {}]}}, "f": {"x": 1e300, "y": -0.0, "z": 5}},
        [1, "two", [3.0, {"four": 4}]],
        "text",
        {},
    ],
)
def test_results_json_is_json_dumps_indent_2(value: object) -> None:
    assert results_json(value) == _stdlib(value)  # type: ignore[arg-type]


def test_results_json_refuses_what_json_refuses() -> None:
    with pytest.raises(ValueError, match="not JSON compliant"):
        results_json({"x": {"y": math.nan}})
    assert to_json_ready({"x": {"y": math.nan, "z": (math.inf, 1.0)}}) == {"x": {"y": None, "z": [None, 1.0]}}
