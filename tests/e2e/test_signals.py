"""A run stopped by a signal ends its worker processes and releases its output folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Linux processes and signals")

BUILD = [sys.executable, "-c", "from reportgen.cli import main; main()", "build", "--format", "html"]


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its exit status waits to be collected


def _start_and_wait_for_figure_process(out: Path) -> tuple[subprocess.Popen[str], int]:
    run = subprocess.Popen([*BUILD, "--out", str(out)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        children = _children(run.pid)
        if children:
            return run, children[0]
        time.sleep(0.05)
    run.kill()
    pytest.fail("the build never started its figure process")


def _next_build_is_not_refused(out: Path) -> None:
    again = subprocess.run([*BUILD, "--out", str(out)], capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert "another reportgen run" not in again.stderr


def test_sigterm_stops_a_build_as_ctrl_c_does(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run, child = _start_and_wait_for_figure_process(out)
    run.send_signal(signal.SIGTERM)
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert stderr.strip().splitlines()[-1] == "Error: interrupted; no report was left half-written"
    assert not _alive(child)
    _next_build_is_not_refused(out)


def test_a_killed_build_takes_its_figure_process_with_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run, child = _start_and_wait_for_figure_process(out)
    os.kill(run.pid, signal.SIGKILL)
    run.communicate(timeout=60)
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(child)  # it would block on its result pipe for ever, holding the lock
    _next_build_is_not_refused(out)
