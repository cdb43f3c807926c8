"""``--group site/patient`` (and ``group = "site/patient"`` in reportgen.toml): nested groups in
lme4's notation, the subjects the lowest level; bad forms refused in one line before any fit."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from reportgen.clean import clean
from reportgen.config import make_config, read_config_file
from tests.support.contract import assert_one_error, csv, run_cli, sleepstudy


def test_the_lowest_level_is_the_subject() -> None:
    config = make_config(response="y", time="t", group="site/patient")
    assert (config.group, config.outer_groups) == ("patient", ("site",))
    three = make_config(response="y", time="t", group="country/site/patient")
    assert (three.group, three.outer_groups) == ("patient", ("country", "site"))
    assert make_config(response="y", time="t", group="g").outer_groups == ()
    assert make_config(response="y", time="t", group="site / patient").outer_groups == ("site",)


def test_the_config_file_takes_the_same_notation(tmp_path: Path) -> None:
    path = tmp_path / "reportgen.toml"
    path.write_text('[data]\nresponse = "y"\ntime = "t"\ngroup = "site/patient"\n')
    assert make_config(config_file=path).outer_groups == ("site",)
    path.write_text('[data]\ngroup = "site//patient"\n')
    with pytest.raises(Exception, match=r"'group' in .* must be a column, or columns outermost first"):
        read_config_file(path)


@pytest.mark.parametrize("spec", ["site//patient", "/patient", "site/", "site/site", "site:clinic/patient"])
def test_a_bad_nesting_is_one_line(tmp_path: Path, spec: str) -> None:
    data = csv(tmp_path, sleepstudy())
    run = run_cli("build", "--data", data, "--group", spec, "--out", str(tmp_path / "out"))
    assert_one_error(run, 'group must be a column, or columns outermost first joined by "/"')
    assert not (tmp_path / "out").exists()


def test_a_missing_site_column_is_one_line(tmp_path: Path) -> None:
    data = csv(tmp_path, sleepstudy())
    run = run_cli("build", "--data", data, "--group", "site/Subject", "--out", str(tmp_path / "out"))
    assert_one_error(run, "column 'site' not found", "use --group")


def test_patient_ids_repeated_across_sites_become_one_subject_per_site() -> None:
    raw = pd.DataFrame(
        {
            "site": ["A"] * 4 + ["B"] * 4,
            "patient": ["1", "1", "2", "2"] * 2,
            "t": ["0", "1"] * 4,
            "y": ["3", "5", "2", "7", "4", "4", "9", "6"],
        }
    )
    frame = clean(raw, make_config(response="y", time="t", group="site/patient")).frame
    assert sorted(frame["group"].unique()) == ["A/1", "A/2", "B/1", "B/2"]
    unique = raw.assign(patient=["1", "1", "2", "2", "3", "3", "4", "4"])
    kept = clean(unique, make_config(response="y", time="t", group="site/patient")).frame
    assert sorted(kept["group"].unique()) == ["1", "2", "3", "4"]
