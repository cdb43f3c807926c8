"""A ``--period`` the times cannot resolve is refused with one line (break12, item 6): with whole-number
days a period of 1 puts every visit at the same point of the cycle, where the harmonic shape used to
drop out of the candidates without a word."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportgen.period_check import period_problem
from tests.support.contract import assert_one_error, csv, run_cli, sleepstudy


def test_period_problem_counts_the_phases_the_times_fall_at() -> None:
    assert period_problem(3, 4.0, "Days") is None
    one = period_problem(1, 1.0, "Days")
    assert one is not None and one.startswith(
        "--period 1 cannot be seen in times that are all whole multiples"
    )
    two = period_problem(2, 2.0, "Days")
    assert two is not None and "only 2 points of the cycle" in two


@pytest.mark.parametrize(("period", "says"), [("1", "all whole multiples of it"), ("2", "only 2 points")])
def test_a_period_the_times_cannot_see_is_refused(tmp_path: Path, period: str, says: str) -> None:
    data = csv(tmp_path, sleepstudy())
    out = tmp_path / "out"
    run = run_cli(
        "build", "--data", data, "--response", "Reaction", "--time", "Days", "--group", "Subject",
        "--period", period, "--out", str(out),
    )  # fmt: skip
    assert_one_error(run, f"--period {period} cannot be seen", "'Days'", "leave --period out")
    assert not out.exists()
