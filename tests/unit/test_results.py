"""results.json is written by results_json: the same bytes as json.dumps(indent=2), faster."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from reportgen.results import results_json, to_json_ready
from reportgen.subject_tables import subject_table


def _stdlib(value: object) -> bytes:
    return json.dumps(value, indent=2, allow_nan=False, default=dict).encode() + b"\n"


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


def test_subject_tables_are_json_ready_and_written_as_json_dumps_writes_them() -> None:
    records = subject_table(["308", 'é"1', "3"], intercept=[244.19, math.nan, -0.0], n=np.array([10, 9, 8]))
    values = subject_table(["a", "b"], [1e300, math.inf])
    assert records["308"] == {"intercept": 244.19, "n": 10} and records['é"1']["intercept"] is None
    assert values == {"a": 1e300, "b": None} and to_json_ready(values) is values
    document = {"fits": records, "nested": {"changes": values, "empty": subject_table([], [])}}
    assert results_json(document) == _stdlib(document)
