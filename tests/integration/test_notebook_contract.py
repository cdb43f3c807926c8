"""The notebook API keeps the CLI's contract (issue 23 item 5): the same bad input gives a
``ReportError`` whose message is the line the CLI prints after ``Error: ``; input the CLI's own
option parsing refuses (a type, a choice) is a ``ReportError`` naming the setting in the API.

Every case here is refused before any analysis; those that need one are in
tests/e2e/test_notebook_contract.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

import reportgen
from reportgen.cli import capped
from reportgen.errors import ReportError, printable
from tests.support.contract import SLEEPSTUDY, assert_one_error, run_cli


@dataclass(frozen=True)
class Case:
    """One bad input: the CLI's options and the same input as ``report()``'s arguments."""

    name: str
    cli: list[str]
    data: str | None = None  # report()'s first argument; None: the bundled sleepstudy file
    options: dict[str, Any] = field(default_factory=dict)
    files: dict[str, bytes] = field(default_factory=dict)  # written into the test's folder first


# {tmp} in an argument is the test's own folder.
CASES = [
    Case("missing data file", ["--data", "{tmp}/nowhere.csv"], data="{tmp}/nowhere.csv"),
    Case("data is a folder", ["--data", "{tmp}"], data="{tmp}"),
    Case("empty data file", ["--data", "{tmp}/e.csv"], data="{tmp}/e.csv", files={"e.csv": b""}),
    Case(
        "binary data file",
        ["--data", "{tmp}/b.csv"],
        data="{tmp}/b.csv",
        files={"b.csv": b"\x00\xff\xfe\x00PK\x03\x04" * 20},
    ),
    Case(
        "a header only",
        ["--data", "{tmp}/h.csv"],
        data="{tmp}/h.csv",
        files={"h.csv": b"Reaction,Days,Subject\n"},
    ),
    Case(
        "xlsx that is not a workbook",
        ["--data", "{tmp}/x.xlsx"],
        data="{tmp}/x.xlsx",
        files={"x.xlsx": b"a,b"},
    ),
    Case(
        "parquet that is not parquet",
        ["--data", "{tmp}/p.parquet"],
        data="{tmp}/p.parquet",
        files={"p.parquet": b"PAR1"},
    ),
    Case("missing response column", ["--response", "Nope"], options={"response": "Nope"}),
    Case("missing group column", ["--group", "Who"], options={"group": "Who"}),
    Case(
        "two roles, one column",
        ["--response", "Days", "--time", "Days"],
        options={"response": "Days", "time": "Days"},
    ),
    Case("decimals out of range", ["--decimals", "9"], options={"decimals": 9}),
    Case("missing config file", ["--config", "{tmp}/none.toml"], options={"config_file": "{tmp}/none.toml"}),
    Case("config file is a folder", ["--config", "{tmp}"], options={"config_file": "{tmp}"}),
    Case(
        "config with an unknown table",
        ["--config", "{tmp}/c.toml"],
        options={"config_file": "{tmp}/c.toml"},
        files={"c.toml": b'[build]\ndecimals = "x"\n'},
    ),
    Case(
        "config with a value of the wrong type",
        ["--config", "{tmp}/c.toml"],
        options={"config_file": "{tmp}/c.toml"},
        files={"c.toml": b'[report]\ndecimals = "x"\n'},
    ),
    Case(
        "config that is not TOML",
        ["--config", "{tmp}/c.toml"],
        options={"config_file": "{tmp}/c.toml"},
        files={"c.toml": b"decimals = = 3\n\xff"},
    ),
    Case("missing covariate", ["--covariate", "Nope"], options={"covariates": ["Nope"]}),
    Case("covariate is the response", ["--covariate", "Reaction"], options={"covariates": ["Reaction"]}),
    Case("wide times without wide", ["--wide-times", "1,2"], options={"wide_times": "1,2"}),
    Case("title not UTF-8", ["--title", "T\udcff"], options={"title": "T\udcff"}),
    Case("sheet for a CSV", ["--sheet", "Visits"], options={"sheet": "Visits"}),
]


def _filled(value: Any, tmp: Path) -> Any:
    if isinstance(value, str):
        return value.replace("{tmp}", str(tmp))
    if isinstance(value, list):
        return [_filled(v, tmp) for v in value]
    return value


def _api_message(call: Callable[[], object]) -> str:
    """The message of the ``ReportError`` that ``call`` raises (any other exception fails the test)."""
    with pytest.raises(ReportError) as caught:
        call()
    assert type(caught.value).__module__ == "reportgen.errors", type(caught.value)
    return str(caught.value)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_the_api_raises_the_cli_message(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no ./reportgen.toml is found; nothing is written elsewhere
    for name, content in case.files.items():
        (tmp_path / name).write_bytes(content)
    out = tmp_path / "out"
    run = run_cli("build", "--format", "html", "--out", str(out), *_filled(case.cli, tmp_path))
    cli_line = assert_one_error(run)

    data = _filled(case.data, tmp_path) if case.data is not None else str(SLEEPSTUDY)
    options = {key: _filled(value, tmp_path) for key, value in case.options.items()}
    message = _api_message(lambda: reportgen.report(data, **options))

    assert cli_line == f"Error: {capped(printable(message))}"
    assert not out.exists()


# What the CLI's option parsing refuses before the library sees it (Click's words), and what only
# Python can pass (types, objects): the API's own one-line ReportError, naming what is wrong.
FRAME = pd.read_csv(SLEEPSTUDY)
SURROGATE_IDS = FRAME.assign(Subject=pd.Series([f"{s}\ud800" for s in FRAME["Subject"]], dtype=object))
API_ONLY: list[tuple[str, Callable[[], object], str]] = [
    ("no data", lambda: reportgen.report(None), "takes a pandas DataFrame"),
    ("a number as data", lambda: reportgen.report(5), "not int"),
    ("a Series as data", lambda: reportgen.report(FRAME["Reaction"]), "not Series"),
    ("an empty frame", lambda: reportgen.report(pd.DataFrame()), "this DataFrame is empty"),
    (
        "two columns named alike",
        lambda: reportgen.report(FRAME.rename(columns={"Days": " Reaction"})),
        "Reaction",
    ),
    ("lone surrogate in ids", lambda: reportgen.report(SURROGATE_IDS), "not valid Unicode"),
    (
        "lone surrogate in a name",
        lambda: reportgen.report(FRAME, time="D\udc80"),
        "not found in 'DataFrame'",
    ),
    ("an unknown option", lambda: reportgen.report(FRAME, bogus=1), "no option 'bogus'"),
    ("data_path as an option", lambda: reportgen.report(FRAME, data_path="x.csv"), "no option 'data_path'"),
    ("decimals as text", lambda: reportgen.report(FRAME, decimals="x"), "decimals must be"),
    ("decimals as a bool", lambda: reportgen.report(FRAME, decimals=True), "decimals must be"),
    ("an unknown engine", lambda: reportgen.report(FRAME, engine="x"), "engine must be one of"),
    ("an unknown variant", lambda: reportgen.report(FRAME, variant=3), "variant must be one of"),
    ("a pair as one string", lambda: reportgen.report(FRAME, pair="308"), "pair must be two"),
    ("a pair of numbers", lambda: reportgen.report(FRAME, pair=(308, 309)), "pair must be two"),
    (
        "a pair of three",
        lambda: reportgen.report(FRAME, mixed_pair=("1", "2", "3")),
        "mixed_pair must be two",
    ),
    ("covariates as a number", lambda: reportgen.report(FRAME, covariates=5), "covariates must be a list"),
    ("labels as text", lambda: reportgen.report(FRAME, labels="abc"), "labels must be a mapping"),
    (
        "a label as a number",
        lambda: reportgen.report(FRAME, labels={"response": 5}),
        "labels.response must be",
    ),
    ("a label as None", lambda: reportgen.report(FRAME, labels={"time": None}), "labels.time must be"),
    ("a sheet as a number", lambda: reportgen.report(FRAME, sheet=1.5), "sheet must be"),
    ("a title as a number", lambda: reportgen.report(FRAME, title=3), "title must be"),
    (
        "a templates folder as a number",
        lambda: reportgen.report(FRAME, templates_dir=5),
        "templates_dir must be a path",
    ),
    (
        "config_file as a bool",
        lambda: reportgen.report(FRAME, config_file=False),
        "config_file must be the path",
    ),
    ("a NUL in the data path", lambda: reportgen.report("a\0b.csv"), "data_path must be a path"),
    ("a flag as a number", lambda: reportgen.report(FRAME, zero_is_missing=0.0), "zero_is_missing must be"),
    (
        "a covariate as a number",
        lambda: reportgen.report(FRAME, covariates=["Days", 1]),
        "covariates must be",
    ),
    ("a title as a bool", lambda: reportgen.report(FRAME, title=True), "title must be"),
    ("an unknown profile", lambda: reportgen.report(FRAME, profile="x"), "profile must be one of"),
]


@pytest.mark.parametrize(
    ("call", "fragment"), [case[1:] for case in API_ONLY], ids=[case[0] for case in API_ONLY]
)
def test_what_only_python_can_pass_is_one_report_error(call: Callable[[], object], fragment: str) -> None:
    message = _api_message(call)
    assert fragment in message, message
    assert "\n" not in message and len(printable(message)) < 2000
