"""`build --help` and `preview --help` list their options in sections (data, model, documents,
output, other) instead of one flat list of 40 options; none is lost on the way."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from reportgen.cli import HELP_SECTIONS, cli, help_section


def _sections(command: str) -> dict[str, list[str]]:
    result = CliRunner().invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    sections: dict[str, list[str]] = {}
    current = None
    for line in result.output.splitlines():
        if heading := re.fullmatch(r"(\w+) options:", line):
            current = sections.setdefault(heading[1], [])
        elif current is not None and (option := re.match(r"  (-\w, )?(--[\w-]+)", line)):
            current.append(option[2])
    return sections


@pytest.mark.parametrize("command", ["build", "preview"])
def test_options_are_grouped_in_order_and_none_is_lost(command: str) -> None:
    sections = _sections(command)
    assert [title for title in HELP_SECTIONS if title in sections] == list(sections)
    shown = sorted(option for options in sections.values() for option in options)
    params = cli.commands[command].params
    long_names = [min((o for o in p.opts if o.startswith("--")), key=len) for p in params]
    declared = sorted([*long_names, "--help"])
    assert shown == declared


def test_each_option_is_in_its_section() -> None:
    sections = _sections("build")
    assert {"--data", "--response", "--time", "--group", "--wide"} <= set(sections["Data"])
    assert {"--engine", "--family", "--covariate", "--pair", "--mixed-pair"} <= set(sections["Model"])
    assert {"--title", "--author", "--variant", "--paper", "--templates"} <= set(sections["Documents"])
    assert sections["Output"] == ["--format", "--out", "--cache"]
    assert {"--config", "--verbose", "--help"} <= set(sections["Other"])


def test_the_section_follows_the_setting() -> None:
    assert help_section("data_path") == "Data"
    assert help_section("engine") == "Model" and help_section("covariates") == "Model"
    assert help_section("title") == "Documents"
    assert help_section("formats") == "Output"
    assert help_section("config_file") == "Other" and help_section(None) == "Other"
