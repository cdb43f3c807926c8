"""The README's promises: its test command is what CI runs, and its examples are real."""

from __future__ import annotations

import re
import shlex

from reportgen.cli import cli
from tests.conftest import REPO

README = (REPO / "README.md").read_text()


def _setup_commands() -> list[str]:
    block = README.split("## Set up", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    return [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]


def test_readme_has_the_two_setup_commands() -> None:
    install, test = _setup_commands()
    assert "pip install" in install and "reportgen build" in install
    assert test == "python3 -m pytest"


def test_ci_runs_exactly_the_readme_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert _setup_commands()[1] in ci


def test_usage_examples_parse() -> None:
    """Every `reportgen ...` line in the README's usage block is accepted by the CLI parser."""
    block = README.split("## Usage", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    examples = [line.split("#", 1)[0].strip() for line in block.strip().splitlines()]
    assert len(examples) >= 4
    for example in (e for e in examples if "--help" not in e):
        args = shlex.split(example)[1:]
        command = cli.commands[args[0]]
        ctx = command.make_context(args[0], args[1:], resilient_parsing=False)
        assert ctx.params is not None, example


def test_readme_picture_exists() -> None:
    pictures = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", README)
    assert len(pictures) == 2  # sleepstudy's report and ChickWeight's covariate section
    for picture in pictures:
        assert (REPO / picture).stat().st_size > 10_000
