"""An SPSS file whose id labels would merge subjects keeps its codes, and the build's warnings
(results.json data.input.warnings) name the codes."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.config import make_config
from reportgen.prepare import read_data

pyreadstat = pytest.importorskip("pyreadstat")


def _sav(path: Path, labels: dict[float, str]) -> Path:
    import pandas as pd

    frame = pd.DataFrame(
        {
            "Subject": [308.0, 308.0, 309.0, 309.0, 310.0, 310.0],
            "Days": [0.0, 1.0] * 3,
            "Reaction": [250.0, 260.0, 240.0, 255.0, 270.0, 280.0],
        }
    )
    pyreadstat.write_sav(frame, str(path), variable_value_labels={"Subject": labels})
    return path


def test_labels_merging_two_subjects_are_not_applied_and_said(tmp_path: Path) -> None:
    path = _sav(tmp_path / "merge.sav", {308.0: "Anna", 309.0: "Anna", 310.0: "Cleo"})
    raw, _, read = read_data(path, make_config(data_path=path))
    assert sorted(raw["Subject"].unique()) == ["308", "309", "310"]
    (warning,) = read["warnings"]
    assert "the ids 308, 309 the same label 'Anna'" in warning


def test_labels_of_their_own_are_applied_without_a_warning(tmp_path: Path) -> None:
    path = _sav(tmp_path / "own.sav", {308.0: "Anna", 309.0: "Ben", 310.0: "Cleo"})
    raw, _, read = read_data(path, make_config(data_path=path))
    assert sorted(raw["Subject"].unique()) == ["Anna", "Ben", "Cleo"]
    assert "warnings" not in read
