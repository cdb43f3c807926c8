"""reportgen.toml honoured in whole builds: decimals, the file in the working folder, pairs,
the README example.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from reportgen.config import (
    make_config,
)
from tests.integration.test_config import growth_csv, invoke, number, readme_toml, write_toml


@pytest.mark.slow
def test_decimals_are_honoured_in_the_html(tmp_path: Path) -> None:
    from reportgen.pipeline import build_report

    build_report(make_config(out_dir=tmp_path, formats=("html",), decimals=3))
    html = tmp_path / "report.html"
    assert number(html, "ols.slope") == "10.467"
    assert number(html, "ols.intercept") == "251.405"


@pytest.mark.slow
def test_build_picks_up_reportgen_toml_in_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_toml(
        tmp_path,
        '[report]\ntitle = "From the file"\ndecimals = 3\nformats = ["html"]\nout = "site"\n'
        '[pairs]\npair = ["330", "331"]\n',
    )
    result = invoke("build", "--title", "From the command line")
    assert result.exit_code == 0, result.output
    assert result.stderr == "Wrote report.html, results.json and figures/ to site/\n"
    html = tmp_path / "site" / "report.html"
    assert number(html, "ols.slope") == "10.467"
    text = html.read_text(encoding="utf-8")
    assert "From the command line" in text and "From the file" not in text
    results = json.loads((tmp_path / "site" / "results.json").read_text())
    assert results["subject_pair"]["first"] == "330" and results["subject_pair"]["reason"] == "user"


@pytest.mark.slow
def test_pair_from_the_file_must_be_in_the_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_toml(tmp_path, '[pairs]\npair = ["308", "999"]\n')
    result = invoke("build", "--format", "html")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    # The pair came from the file, not from --pair: the message says so.
    assert line.startswith(
        "Error: subject '999' (from pair in [pairs] of reportgen.toml) is not in the data; subjects are: 308"
    )
    assert not (tmp_path / "output" / "report.html").exists()


@pytest.mark.slow
def test_readme_example_builds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config_file = write_toml(tmp_path / "growth", readme_toml())
    growth_csv(tmp_path / "growth" / "growth.csv")
    monkeypatch.chdir(tmp_path)
    result = invoke("build", "--config", "growth/reportgen.toml", "--format", "html")
    assert result.exit_code == 0, result.output
    html = config_file.parent / "report" / "report.html"
    assert re.fullmatch(r"\d+\.\d", number(html, "ols.slope"))
    text = html.read_text(encoding="utf-8")
    assert "Growth of twelve children" in text and "cm/year" in text
    results = json.loads((config_file.parent / "report" / "results.json").read_text())
    assert (results["subject_pair"]["first"], results["subject_pair"]["reason"]) == ("c01", "user")
    assert (results["mixed_pair"]["second"], results["mixed_pair"]["reason"]) == ("c11", "user")
    assert results["random_intercept"]["slope"] == pytest.approx(6.5, abs=0.5)
