"""`reportgen build -v` says each stage once (as many as its bar counts); WeasyPrint's steps only at -vv."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.config import make_config
from reportgen.progress import stage_count
from tests.conftest import REPO


def test_v_says_the_stages_and_vv_weasyprints_pages(tmp_path: Path) -> None:
    frame = pd.read_csv(REPO / "data" / "sleepstudy.csv")
    frame[frame["Subject"].isin(sorted(frame["Subject"].unique())[:4])].to_csv(
        tmp_path / "d.csv", index=False
    )
    args = ["build", "--data", str(tmp_path / "d.csv"), "--out", str(tmp_path / "out"), "--format", "html"]
    args += ["--format", "pdf", "--variant", "both"]
    result = CliRunner().invoke(cli, [*args, "-v"])
    assert result.exit_code == 0, result.output
    stages = [
        "reading the data",
        "analysing",
        "drawing figures",
        "rendering report.html",
        "rendering report.pdf",
    ]
    stages += ["rendering handout.html", "rendering handout.pdf", "writing the files"]
    said = [line.removeprefix("reportgen: ") for line in result.stderr.splitlines()]
    assert [line for line in said if line in stages] == stages
    config = make_config(formats=["html", "pdf"], variant="both")
    assert stage_count(config) == len(stages)
    assert "Step 5 - Creating layout - Page 1" not in result.stderr

    result = CliRunner().invoke(cli, [*args, "-vv"])
    assert result.exit_code == 0, result.output
    assert "reportgen: Step 5 - Creating layout - Page 1" in result.stderr
