"""A nested grouping whose outer level holds one subject per group is refused in one line before any
fit (break12: ``--group site/patient`` with site = 'site_' + patient ran past 180 s on 240 rows)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reportgen.config import make_config
from reportgen.errors import DataValueError
from reportgen.separable_levels import same_as_inner


def _cleaned(tmp_path: Path, site_of: dict[int, str]) -> object:
    from reportgen.clean import clean
    from reportgen.prepare import prepare

    data = tmp_path / "d.csv"
    data.write_text("x\n")
    config = make_config(data_path=data, response="score", time="visit", group="site/patient")
    noise = [0.0, 0.3, 0.6, 0.9, 1.2]
    rows = [(p, site_of[p], t, 10.0 + p + t + noise[(7 * p + 3 * t) % 5]) for p in range(6) for t in range(3)]
    raw = pd.DataFrame(rows, columns=["patient", "site", "visit", "score"]).astype(str)
    prepared = prepare(raw, config)
    return clean(prepared.frame, prepared.config)


def test_one_patient_in_every_site_is_refused_naming_the_one_level_grouping(tmp_path: Path) -> None:
    with pytest.raises(DataValueError) as refused:
        _cleaned(tmp_path, {p: f"site_{p}" for p in range(6)})
    assert str(refused.value) == (
        "every value of grouping column 'site' holds a single 'patient', so the two levels are one "
        "grouping and their variances cannot be told apart: give --group without 'site' (--group patient)"
    )
    # the flip: one site of two patients (the others alone, as in break12's onepat) passes
    _cleaned(tmp_path, {p: f"site_{min(p, 4)}" for p in range(6)})


def test_same_as_inner_names_the_first_level_that_adds_nothing() -> None:
    frame = pd.DataFrame(
        {"region": ["r1", "r1", "r2", "r2"], "site": ["a", "b", "c", "d"], "group": ["p1", "p2", "p3", "p4"]}
    )
    assert same_as_inner(frame, ("region", "site", "group")) == "site"
    frame["group"] = ["p1", "p2", "p1", "p2"]  # ids reused in another site, still one per site
    assert same_as_inner(frame, ("region", "site", "group")) == "site"
    two = pd.concat([frame, frame.assign(group=["q1", "q2", "q3", "q4"])])  # two patients a site
    assert same_as_inner(two, ("region", "site", "group")) is None
    assert same_as_inner(two.assign(site="a"), ("region", "site", "group")) == "region"
