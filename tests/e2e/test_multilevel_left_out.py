"""``--group site/patient`` with a binary response: the levels section is left out, and the build
says why in one line."""

from __future__ import annotations

from pathlib import Path

from tests.integration.test_cohorts import invoke
from tests.support.nested import simulate_nested


def test_a_binary_nested_report_says_why_the_levels_are_left_out(tmp_path: Path) -> None:
    frame = simulate_nested(3, 6, 10, 5)
    frame["high"] = (frame["score"] > frame["score"].median()).astype(int)
    frame.drop(columns="score").to_csv(tmp_path / "binary.csv", index=False)
    result = invoke(
        "build", "--data", str(tmp_path / "binary.csv"), "--response", "high", "--time", "month",
        "--group", "site/patient", "--format", "html", "--out", str(tmp_path / "out"),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert (
        "Warning: the model at every level (between sites) is left out: the response is binomial"
        in result.output
    )
    assert 'id="g-levels"' not in (tmp_path / "out" / "report.html").read_text()
