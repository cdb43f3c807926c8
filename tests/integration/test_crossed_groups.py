"""Reading the examples with nested groups: ``study.csv`` with ``arm2 = Days % 2`` and
``--group arm2/Subject`` warns that the groups are crossed; ``clinics.csv`` (patient ids repeated
across clinics, documented as distinct patients) does not (breaker round 6)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from reportgen.config import make_config
from reportgen.examples import write_examples
from reportgen.prepare import read_data


def _warnings(path: Path, **settings: str) -> list[str]:
    _, _, read = read_data(path, make_config(data_path=path, **settings))
    return list(read.get("warnings", []))


def test_a_column_varying_within_subjects_given_as_outer_group_warns(tmp_path: Path) -> None:
    write_examples(tmp_path)
    study = pd.read_csv(tmp_path / "study.csv")
    study.assign(arm2=study["Days"] % 2).to_csv(tmp_path / "crossed.csv", index=False)
    (warning,) = _warnings(tmp_path / "crossed.csv", group="arm2/Subject")
    assert warning.startswith(
        "18 Subject ids appear under both values of arm2 at alternating times (e.g. 308 "
    )
    assert warning.endswith("give it as a covariate (--covariate arm2) and --group Subject")
    assert _warnings(tmp_path / "crossed.csv", group="site/Subject") == []  # site is constant per subject


def test_patient_ids_repeated_across_clinics_do_not_warn(tmp_path: Path) -> None:
    write_examples(tmp_path)
    settings = {"response": "score", "time": "month", "group": "clinic/patient"}
    assert _warnings(tmp_path / "clinics.csv", **settings) == []
