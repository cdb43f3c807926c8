"""`reportgen build` draws each figure once: a rebuild after a change of title, author or
templates draws none (counted at -v); a change of the data or of the axes' labels draws again."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
from click.testing import CliRunner

from reportgen.cli import cli
from tests.conftest import REPO

SLEEP = REPO / "data" / "sleepstudy.csv"
COUNT = re.compile(r"^reportgen: figures: (\d+) drawn, (\d+) reused from the figure cache$", re.M)


def build(out: Path, *args: str) -> tuple[int, int, str]:
    """Drawn and reused figures of one `reportgen build -v --format html`, and its stderr."""
    result = CliRunner().invoke(cli, ["build", "-v", "--format", "html", "--out", str(out), *args])
    assert result.exit_code == 0, result.output
    counts = COUNT.findall(result.stderr)
    assert len(counts) == 1, result.stderr
    return int(counts[0][0]), int(counts[0][1]), result.stderr


def test_only_what_changes_a_picture_draws_it_again(tmp_path: Path) -> None:
    out = tmp_path / "out"
    drawn, reused, _ = build(out, "--title", "First title")
    assert drawn > 0 and reused == 0
    figures = {p.name: p.read_bytes() for p in (out / "figures").iterdir()}

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "report.css").write_text("body { color: #222; }\n")
    assert build(out, "--title", "Second title", "--author", "Ann", "--templates", str(templates))[:2] == (
        0,
        drawn,
    )
    assert {p.name: p.read_bytes() for p in (out / "figures").iterdir()} == figures

    (tmp_path / "units.toml").write_text('[labels]\nresponse_unit = "s"\n')
    assert build(out, "--config", str(tmp_path / "units.toml"))[:2] == (drawn, 0)

    frame = pd.read_csv(SLEEP)
    frame.loc[0, "Reaction"] += 1.0
    frame.to_csv(tmp_path / "changed.csv", index=False)
    assert build(out, "--data", str(tmp_path / "changed.csv"))[:2] == (drawn, 0)


def test_a_damaged_or_unwritable_cache_still_builds(tmp_path: Path, monkeypatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(cache))
    drawn, _, _ = build(tmp_path / "out")
    entries = sorted((cache / "figures").iterdir())
    assert len(entries) == drawn
    entries[0].write_bytes(entries[0].read_bytes()[:100])  # as if cut short
    assert build(tmp_path / "out", "--title", "Again")[:2] == (1, drawn - 1)
    # Another figure's entry under this one's key (a KeyError in context.py on every build before)
    # and a FIFO in place of an entry (the build hung): each a miss, drawn again.
    entries[1].write_bytes(entries[2].read_bytes())
    entries[3].unlink()
    os.mkfifo(entries[3])
    assert build(tmp_path / "out", "--title", "Once more")[:2] == (2, drawn - 2)
    assert entries[3].is_file()

    # --no-cache draws everything and leaves the cache alone.
    before = {p.name: p.stat().st_mtime_ns for p in (cache / "figures").iterdir()}
    assert build(tmp_path / "out", "--no-cache")[:2] == (drawn, 0)
    assert {p.name: p.stat().st_mtime_ns for p in (cache / "figures").iterdir()} == before

    (tmp_path / "not-a-folder").write_text("")
    monkeypatch.setenv("REPORTGEN_CACHE_DIR", str(tmp_path / "not-a-folder"))
    drawn_again, reused, stderr = build(tmp_path / "out")
    assert (drawn_again, reused) == (drawn, 0)
    assert "Warning: the figure cache" in stderr and "cannot be written" in stderr


def test_another_process_with_another_hash_seed_reuses_the_figures(tmp_path: Path) -> None:
    """The key is the same in every process (no set's order, no object's identity in it)."""
    counts = []
    for seed in ("1", "2"):
        done = subprocess.run(
            [sys.executable, "-m", "reportgen", "build", "-v", "--format", "html", "--out", str(tmp_path)],
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
        assert done.returncode == 0, done.stderr
        counts.append(COUNT.findall(done.stderr)[0])
    assert counts[1] == ("0", counts[0][0])


def test_the_notebook_and_the_preview_reuse_the_figures(caplog) -> None:
    import logging

    from reportgen.config import make_config
    from reportgen.notebook import report
    from reportgen.preview import Builder

    def counts() -> list[str]:
        return [r.getMessage() for r in caplog.records if r.getMessage().startswith("figures: ")]

    with caplog.at_level(logging.INFO, logger="reportgen"):
        report(SLEEP, title="In a notebook")
        report(SLEEP, title="In a notebook, retitled")
        Builder(lambda: make_config(data_path=SLEEP, title="In the preview")).build()
    first, *again = counts()
    assert first.startswith("figures: ") and not first.startswith("figures: 0 drawn")
    assert all(line.startswith("figures: 0 drawn") for line in again) and len(again) == 2
