"""A message naming data with control characters or a lone surrogate (an undecodable byte in an
argument) is the same clean line from the API (``str(exc)``, ``print``) and from the CLI."""

from __future__ import annotations

import pytest

import reportgen
from tests.support.contract import SLEEPSTUDY, run_cli

NAME = "Re\udcffa\x1b[2Jc"  # what Python makes of the argument bytes b"Re\xffa\x1b[2Jc"


def test_api_and_cli_give_one_clean_line() -> None:
    with pytest.raises(reportgen.ReportError) as caught:
        reportgen.report(SLEEPSTUDY, response=NAME)
    message = str(caught.value)
    assert "column 'Re\\udcffa\\x1b[2Jc' not found" in message
    assert message.isprintable()
    message.encode("utf-8")  # print() of it works on any UTF-8 terminal
    run = run_cli("build", "--data", str(SLEEPSTUDY), "--response", NAME, "--format", "html")
    assert run.code == 1
    assert run.stderr == f"Error: {message}\n"
