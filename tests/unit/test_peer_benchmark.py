"""benchmarks/peer.py is too slow for CI; this keeps its data, arguments and notebook from rotting."""

from __future__ import annotations

import ast
import importlib.util
import json
from pathlib import Path

import pandas as pd
import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def peer():
    spec = importlib.util.spec_from_file_location("peer_benchmark", REPO / "benchmarks" / "peer.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_data_is_ten_sleepstudy_shaped_cohorts_and_reproducible(peer, tmp_path):
    first = peer.write_data(tmp_path / "a.csv")
    second = peer.write_data(tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()
    frame = pd.read_csv(first)
    assert list(frame.columns) == ["cohort", "Reaction", "Days", "Subject"]
    assert list(frame["cohort"].unique()) == peer.cohort_names(10)
    assert frame.groupby("cohort")["Subject"].nunique().eq(12).all()
    assert frame.groupby(["cohort", "Subject"]).size().eq(10).all()
    assert sorted(frame["Days"].unique()) == list(range(10))
    assert frame["Subject"].nunique() == 120  # subjects differ between cohorts
    assert frame["Reaction"].between(100, 600).all()


def test_arguments(peer):
    args = peer.parse_args([])
    assert (args.runs, args.jobs, args.routes, args.cohorts) == (3, [1, 2], ["notebook", "reportgen"], 10)
    assert args.json == REPO / "benchmarks" / "results" / "peer.json"
    args = peer.parse_args(["--runs", "1", "--jobs", "2", "--routes", "reportgen", "--keep", "out"])
    assert (args.runs, args.jobs, args.routes, args.keep) == (1, [2], ["reportgen"], Path("out"))
    with pytest.raises(SystemExit):
        peer.parse_args(["--jobs", "0"])


def test_notebook_has_parameters_and_valid_code(peer):
    notebook = json.loads(peer.NOTEBOOK.read_text())
    code = [cell for cell in notebook["cells"] if cell["cell_type"] == "code"]
    parameters = [cell for cell in code if "parameters" in cell["metadata"].get("tags", [])]
    assert len(parameters) == 1
    assigned = {node.targets[0].id for node in ast.parse("".join(parameters[0]["source"])).body}
    assert assigned == {"data_path", "cohort"}
    for cell in code:
        ast.parse("".join(cell["source"]))
        assert not cell["outputs"]
    assert sum("plt.show()" in "".join(cell["source"]) for cell in code) == 6  # 7 figures: Q4 draws two
