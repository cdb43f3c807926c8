"""Commands that read an output folder complete a replacement a killed build left half done, under
the folder's lock, before they read it (break round 8: a build killed mid-swap left new figures
beside the old results.json, and ``reportgen email`` sent the old numbers with the new data's
figure, exit 0; ``validate`` passed the old results.json)."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

from reportgen import swap
from reportgen.errors import OutputError
from reportgen.export import output_lock, replace_outputs
from reportgen.export import validate_output_file as validate_file
from reportgen.mail import make_mail_config
from reportgen.mail.folders import blocks_for
from reportgen.mail.run import load_sources
from reportgen.schemas import VERSIONS

FIXTURE = Path(__file__).parents[1] / "fixtures" / "results-1.4-sleepstudy.json"
PNG = b"\x89PNG\r\n\x1a\n"


def report_set(title: str) -> dict[str, bytes]:
    """A report's results.json (the sleepstudy fixture, retitled) and the figures it names."""
    results = copy.deepcopy(json.loads(FIXTURE.read_text(encoding="utf-8")))
    results["report"]["title"] = title
    results["schema_version"] = VERSIONS["results"]  # its keys are today's too
    figures = {f"figures/{s.figure}.png": PNG + title.encode() for s in blocks_for(results) if s.figure}
    return {"results.json": json.dumps(results).encode(), **figures}


def killed_in_the_swap(out: Path, step: str = "in figures") -> None:
    """Write an old report into ``out``, then a new one killed (as SIGKILL) at ``step`` of its swap."""
    replace_outputs(out, report_set("Old data"))
    pid = os.fork()
    if pid == 0:  # the child: the build that is killed

        def die(reached: str) -> None:
            if reached == step:
                os._exit(9)

        swap.checkpoint = die
        try:
            replace_outputs(out, report_set("New data"))
        finally:
            os._exit(0)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 9
    # half replaced: the new figures are in, the old results.json is still there
    assert json.loads((out / "results.json").read_bytes())["report"]["title"] == "Old data"
    assert (out / "figures" / "ols_fit.png").read_bytes().endswith(b"New data")


def test_email_completes_a_killed_builds_swap_before_reading(tmp_path: Path) -> None:
    out = tmp_path / "out"
    killed_in_the_swap(out)
    (source,), _ = load_sources(make_mail_config(folder=out, to=["a@example.org"]))
    assert source.results["report"]["title"] == "New data"
    assert {png.removeprefix(PNG) for png in source.figures.values()} == {b"New data"}
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


def test_validate_completes_a_killed_builds_swap_before_reading(tmp_path: Path) -> None:
    out = tmp_path / "out"
    killed_in_the_swap(out)
    assert validate_file(out / "results.json")[0] == "results"
    assert json.loads((out / "results.json").read_bytes())["report"]["title"] == "New data"
    assert not swap.journal_path(out).exists()


def test_readers_refuse_a_folder_another_run_is_writing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    replace_outputs(out, report_set("Old data"))
    with output_lock(out), pytest.raises(OutputError, match="another reportgen run is writing to"):
        load_sources(make_mail_config(folder=out, to=["a@example.org"]))
    with output_lock(out), pytest.raises(OutputError, match="another reportgen run is writing to"):
        validate_file(out / "results.json")
