"""The contract every run keeps, whatever its input: a complete report whose every rendered number
is its ``results.json`` value, or exactly one ``Error:`` line with nothing changed on disk."""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from reportgen.cli import cli
from reportgen.results import MissingResult, lookup
from tests.conftest import REPO
from tests.support.rendered import rendered_numbers, shows_value

# Control characters (besides the line break that ends a line) must never reach the terminal.
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str


def run_cli(*args: str) -> Run:
    result = CliRunner().invoke(cli, list(args))
    return Run(result.exit_code, result.stdout, result.stderr)


def tree_state(folder: Path) -> dict[str, str]:
    """Every entry under ``folder``: its kind and, for files, a hash of its bytes."""
    state: dict[str, str] = {}
    if not folder.exists() and not folder.is_symlink():
        return state
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = Path(root) / name
            relative = path.relative_to(folder).as_posix()
            if path.is_symlink():
                state[relative] = f"link -> {os.readlink(path)}"
            elif path.is_dir():
                state[relative] = "folder"
            else:
                state[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
    return state


def lookup_key(results: object, key: str) -> object:
    """The value of a rendered ``data-key``; keys from data may hold dots themselves ("308.0")."""
    parts = key.split(".")

    def walk(node: object, i: int) -> object:
        if i == len(parts):
            return node
        for j in range(len(parts), i, -1):  # the longest key first
            try:
                child = lookup(node, [".".join(parts[i:j])])  # type: ignore[arg-type]
            except MissingResult:
                continue
            try:
                return walk(child, j)
            except MissingResult:
                continue
        raise MissingResult(f"no result at {key!r}")

    return walk(results, 0)


def assert_complete_report(out: Path, documents: tuple[str, ...] = ("report.html",)) -> None:
    """The report is whole: results, figures, documents; every number shown is its results value."""
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    figures = list((out / "figures").iterdir())
    assert figures and all(f.read_bytes().startswith(PNG_SIGNATURE) for f in figures)
    for document in documents:
        numbers = rendered_numbers(out / document)
        assert len(numbers) > 50, f"{document} shows only {len(numbers)} numbers"
        for key, text in numbers:
            value = lookup_key(results, key)
            assert shows_value(text, value), f"{key}: shows {text!r}, results.json has {value!r}"
    assert not [p.name for p in out.iterdir() if p.name.startswith(".reportgen-")], "work folders left"


def assert_one_error(run: Run, *fragments: str) -> str:
    """Exit code 1 and exactly one line on stderr, ``Error: ...``, holding each fragment."""
    assert "Traceback" not in run.stderr, run.stderr
    assert not _CONTROL.search(run.stderr), f"control characters on stderr: {run.stderr!r}"
    assert run.code == 1, (run.code, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), run.stderr
    for fragment in fragments:
        assert fragment in lines[0], f"{fragment!r} not in {lines[0]!r}"
    return lines[0]


def assert_contract(run: Run, out: Path, before: dict[str, str]) -> None:
    """Either a complete report (and nothing but the one "Wrote ..." line on stderr, then a
    "Warning: ..." line for each oddity of the data the report keeps), or one error line and the
    output folder exactly as it was."""
    if run.code == 0:
        assert not _CONTROL.search(run.stderr), f"control characters on stderr: {run.stderr!r}"
        lines = run.stderr.splitlines()
        assert lines and lines[0].startswith("Wrote "), f"noise on stderr: {run.stderr!r}"
        assert all(line.startswith("Warning: ") for line in lines[1:]), f"noise on stderr: {run.stderr!r}"
        assert_complete_report(out)
    elif run.code == 2:  # Click's usage errors: one error line too (no "Usage:" block)
        assert "Traceback" not in run.stderr and not _CONTROL.search(run.stderr), run.stderr
        lines = [line for line in run.stderr.splitlines() if line]
        assert len(lines) == 1 and lines[0].startswith("Error: "), run.stderr
        assert tree_state(out) == before, "a failed run changed the output folder"
    else:
        assert_one_error(run)
        assert tree_state(out) == before, "a failed run changed the output folder"


def sleepstudy(**changes: Callable[[pd.DataFrame], object]) -> pd.DataFrame:
    frame = pd.read_csv(SLEEPSTUDY)
    return frame.assign(**{column: change(frame) for column, change in changes.items()})


def csv(folder: Path, frame: pd.DataFrame, name: str = "data.csv") -> str:
    path = folder / name
    frame.to_csv(path, index=False)
    return str(path)
