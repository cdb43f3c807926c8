"""``--family``: a family the data cannot take is one clear error line, before any model is fitted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.support.contract import assert_one_error, csv, run_cli, sleepstudy


@pytest.mark.parametrize(
    ("family", "fragment"),
    [
        ("binomial", "--family binomial needs a response with two values; 'Reaction' has 180"),
        (
            "poisson",
            "--family poisson needs whole numbers from 0 (counts); "
            "'Reaction' has 179 values below 0 or not whole (249.56",
        ),
    ],
)
def test_a_family_the_response_cannot_take_is_refused(tmp_path: Path, family: str, fragment: str) -> None:
    data = csv(tmp_path, sleepstudy())
    run = run_cli(
        "build", "--data", data, "--family", family, "--format", "html", "--out", str(tmp_path / "out")
    )
    assert_one_error(run, fragment, "use --family auto or gaussian")


def test_an_unknown_family_is_refused_by_its_choices(tmp_path: Path) -> None:
    data = csv(tmp_path, pd.DataFrame({"Reaction": [1, 0], "Days": [0, 1], "Subject": ["a", "a"]}))
    run = run_cli("build", "--data", data, "--family", "gamma", "--out", str(tmp_path / "out"))
    assert run.code != 0 and "'gamma' is not one of" in run.stderr


def test_a_count_with_one_value_off_a_whole_number_names_that_value(tmp_path: Path) -> None:
    counts = sleepstudy(Reaction=lambda f: (f["Days"] % 4).astype(float))
    counts.loc[5, "Reaction"] = 2.0000001
    run = run_cli(
        "build", "--data", csv(tmp_path, counts), "--family", "poisson", "--out", str(tmp_path / "out")
    )
    assert_one_error(run, "'Reaction' has a value below 0 or not whole (2.0000001)")


@pytest.mark.parametrize("family", ["binomial", "poisson"])
def test_log_response_with_a_glmm_family_is_refused(tmp_path: Path, family: str) -> None:
    data = csv(tmp_path, sleepstudy(Reaction=lambda f: (f["Days"] % 2 + 1).astype(float)))
    run = run_cli(
        "build", "--data", data, "--family", family, "--log-response", "--out", str(tmp_path / "out")
    )
    assert_one_error(run, "--log-response applies to a gaussian response, not to --family " + family)


def test_log_response_is_refused_when_auto_finds_a_binary_response(tmp_path: Path) -> None:
    data = csv(tmp_path, sleepstudy(Reaction=lambda f: (f["Days"] % 2 + 1).astype(float)))
    run = run_cli("build", "--data", data, "--log-response", "--out", str(tmp_path / "out"))
    assert_one_error(
        run, "--log-response applies to a gaussian response; --family auto reads 'Reaction' as binary"
    )
