"""reportgen.subject_tables: a per-subject table held as arrays reads and writes as the dict it stands for."""

from __future__ import annotations

import json
import math
import pickle

import numpy as np
import pytest

from reportgen.results import results_json, to_json_ready
from reportgen.subject_tables import CHUNK, SubjectTable, plain_results, subject_table


def test_records_are_made_json_ready_when_read() -> None:
    table = subject_table(["308", "309", "310"], intercept=np.array([244.19, math.nan, -0.0]), n=[10, 9, 8])
    assert list(table) == ["308", "309", "310"] and len(table) == 3
    assert table["308"] == {"intercept": 244.19, "n": 10}
    assert table["309"]["intercept"] is None  # JSON has no NaN
    assert type(table["310"]["n"]) is int and type(table["310"]["intercept"]) is float
    assert "311" not in table and table.get("311") is None
    assert table == {
        "308": {"intercept": 244.19, "n": 10},
        "309": {"intercept": None, "n": 9},
        "310": table["310"],
    }
    values = subject_table(["a", "b"], [1e300, -math.inf])
    assert dict(values) == {"a": 1e300, "b": None} and values != {"a": 1e300, "b": 0.0}
    assert to_json_ready(values) is values


def test_a_table_is_written_as_json_dumps_writes_its_dict() -> None:
    # More records than one written piece, a nan among them, ids that need escaping.
    n = CHUNK + 7
    ids = [f"s{i}" for i in range(n - 1)] + ['é"1']
    slope = np.linspace(-1.0, 1.0, n)
    slope[3] = math.nan
    tables = {
        "fits": subject_table(ids, intercept=np.arange(n) / 3.0, slope=slope, n=np.arange(n)),
        "nested": {"changes": subject_table(ids, slope), "empty": subject_table([], [])},
    }
    # dict(table) is JSON-ready (the nan is None): json.dumps writes it as the table is written.
    assert (
        results_json(tables) == json.dumps(tables, indent=2, allow_nan=False, default=dict).encode() + b"\n"
    )


def test_a_table_travels_to_a_worker_process_and_back() -> None:
    table = subject_table(["a", "b"], intercept=[1.0, 2.0], slope=[0.5, math.inf])
    copied = pickle.loads(pickle.dumps(table))
    assert isinstance(copied, SubjectTable) and copied == table and copied["b"]["slope"] is None


def test_a_table_of_100000_subjects_holds_arrays_not_a_million_python_objects() -> None:
    import tracemalloc

    ids = tuple(str(i) for i in range(100_000))
    columns = {name: np.random.default_rng(1).normal(size=len(ids)) for name in ("a", "b", "c")}
    tracemalloc.start()
    table = subject_table(ids, **columns)
    held, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    # As dicts of Python floats these records took about 26 MB; the arrays are the caller's.
    assert held < 1_000_000 and len(table) == len(ids) and table["7"]["b"] == columns["b"][7]


def test_columns_of_other_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="one value per subject"):
        subject_table(["a", "b"], intercept=[1.0])


def test_plain_results_makes_every_table_a_dict_for_json_dumps() -> None:
    table = subject_table(["a", "b"], intercept=[1.0, math.nan], n=[3, 4])
    results = {"fits": table, "nested": [{"values": subject_table(["a"], [2.5])}], "x": 1}
    plain = plain_results(results)
    assert type(plain["fits"]) is dict and type(plain["nested"][0]["values"]) is dict
    assert json.loads(json.dumps(plain)) == {
        "fits": {"a": {"intercept": 1.0, "n": 3}, "b": {"intercept": None, "n": 4}},
        "nested": [{"values": {"a": 2.5}}],
        "x": 1,
    }


def test_items_and_values_are_made_in_one_pass_as_a_dict_gives_them() -> None:
    table = subject_table(["b", "a"], [2.0, math.nan])
    assert list(table.items()) == [("b", 2.0), ("a", None)] and list(table.values()) == [2.0, None]
    assert sorted(table.items(), key=lambda item: item[0]) == [("a", None), ("b", 2.0)]
