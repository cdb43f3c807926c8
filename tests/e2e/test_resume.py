"""Cohort batches that are interrupted resume (issue 12): each cohort's completion is recorded as it
finishes, so a run killed with SIGKILL or stopped with Ctrl-C redoes only the unfinished cohorts;
folders of cohorts gone from the data are removed; each cohort's folder is replaced all or nothing."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from reportgen.cohorts import build_cohorts
from reportgen.config import make_config
from reportgen.errors import OutputError
from tests.conftest import REPO
from tests.support.contract import tree_state

SITES = 8
PROGRESS = re.compile(r"^\[(\d+)/(\d+)\] (ok|skipped|error)\s")


def study(sites: list[str], seed: int = 1) -> pd.DataFrame:
    """Three subjects per site, four weeks each, with noise."""
    rng = np.random.default_rng(seed)
    rows = [
        (site, f"{site}-{subject}", week, 50 + 2 * week + 5 * subject + rng.normal(0, 1.5))
        for site in sites
        for subject in range(3)
        for week in range(4)
    ]
    return pd.DataFrame(rows, columns=["site", "subject", "week", "score"])


def cohorts_command(data: Path, out: Path) -> list[str]:
    return [
        sys.executable, "-m", "reportgen.cli", "cohorts", "--by", "site", "--data", str(data),
        "--response", "score", "--time", "week", "--group", "subject",
        "--format", "html", "--out", str(out), "--jobs", "1", "-v",
    ]  # fmt: skip


def start(data: Path, out: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "MPLBACKEND": "Agg"}
    return subprocess.Popen(
        cohorts_command(data, out),
        cwd=REPO,
        env=env,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )


def stop_after(process: subprocess.Popen[str], built: int, how: signal.Signals) -> tuple[list[str], str]:
    """Send ``how`` once ``built`` cohorts have been built in this run; the progress lines, the rest."""
    assert process.stderr is not None
    lines: list[str] = []
    with process:
        for line in process.stderr:
            lines.append(line)
            if statuses(lines).count("ok") == built:
                process.send_signal(how)
                break
        rest = process.stderr.read()
        process.wait(timeout=120)
    return lines, rest


def statuses(lines: list[str]) -> list[str]:
    return [m.group(3) for m in map(PROGRESS.match, lines) if m]


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "study.csv"
    study([f"s{i:02d}" for i in range(SITES)]).to_csv(path, index=False)
    return path


def test_killed_then_interrupted_runs_resume_where_they_stopped(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    # A crash: SIGKILL after 3 cohorts. Nothing can run at exit; only what was recorded counts.
    killed = start(data, out)
    lines, _ = stop_after(killed, 3, signal.SIGKILL)
    assert killed.returncode == -signal.SIGKILL
    assert statuses(lines).count("ok") == 3
    recorded = json.loads((out / "manifest.json").read_text())
    assert recorded["complete"] is False and len(recorded["cohorts"]) >= 3

    # Ctrl-C after 2 more: a clean stop that says how to resume, exit code 130, no traceback.
    interrupted = start(data, out)
    lines, rest = stop_after(interrupted, 2, signal.SIGINT)
    assert interrupted.returncode == 130, rest
    skipped_first = statuses(lines).count("skipped")
    assert skipped_first >= 3 and statuses(lines).count("ok") == 2
    assert "Traceback" not in rest
    last = rest.strip().splitlines()[-1]
    assert re.fullmatch(
        rf"Error: stopped after \d+ of {SITES} cohorts; the finished ones are kept in .*; "
        r"run the same command again to build the other \d+",
        last,
    ), last

    # The re-run builds only the rest.
    final = subprocess.run(
        cohorts_command(data, out), cwd=REPO, capture_output=True, text=True, timeout=600,
        env={**os.environ, "MPLBACKEND": "Agg"},
    )  # fmt: skip
    assert final.returncode == 0, final.stderr
    done = statuses(final.stderr.splitlines())
    assert len(done) == SITES and done.count("skipped") >= skipped_first + 2
    assert done.count("ok") == SITES - done.count("skipped") and done.count("ok") > 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["complete"] is True and manifest["counts"]["ok"] + manifest["counts"]["skipped"] == SITES


def _config(data: Path, out: Path) -> object:
    return make_config(
        data_path=data, out_dir=out, response="score", time="week", group="subject", formats=("html",)
    )


def test_cohorts_gone_from_the_data_are_removed_and_listed(tmp_path: Path) -> None:
    data, out = tmp_path / "study.csv", tmp_path / "out"
    study(["a", "b", "c"]).to_csv(data, index=False)
    first = build_cohorts(_config(data, out), by="site", jobs=1)  # type: ignore[arg-type]
    assert first.count("ok") == 3 and (out / "c" / "report.html").is_file()
    (out / "mine").mkdir()  # not a cohort folder of reportgen's: never touched
    study(["a", "b"]).to_csv(data, index=False)
    second = build_cohorts(_config(data, out), by="site", jobs=1)  # type: ignore[arg-type]
    assert second.removed == ("c",) and not (out / "c").exists() and (out / "mine").is_dir()
    assert second.count("skipped") == 2
    assert 'href="c/' not in (out / "index.html").read_text()
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["removed"] == ["c"] and [e["slug"] for e in manifest["cohorts"]] == ["a", "b"]


def test_a_cohort_folder_is_replaced_all_or_nothing(tmp_path: Path) -> None:
    data, out, outside = tmp_path / "study.csv", tmp_path / "out", tmp_path / "outside"
    study(["a", "b"]).to_csv(data, index=False)
    build_cohorts(_config(data, out), by="site", jobs=1)  # type: ignore[arg-type]
    outside.mkdir()
    (out / "a" / "figures" / "scatter.png").unlink()
    (out / "a" / "figures" / "scatter.png").symlink_to(outside / "x.png")
    (out / "b" / "stale.txt").write_text("from an older version")
    before = tree_state(out / "a")
    result = build_cohorts(_config(data, out), by="site", jobs=1, force=True)  # type: ignore[arg-type]
    outcome = {o.slug: o for o in result.cohorts}
    assert outcome["a"].status == "error" and "symbolic link" in (outcome["a"].error or "")
    assert tree_state(out / "a") == before and list(outside.iterdir()) == []
    # A file reportgen did not write is the user's: kept, as build keeps one beside a report.
    assert outcome["b"].status == "ok" and (out / "b" / "stale.txt").read_text() == "from an older version"
    assert not [p for p in out.iterdir() if p.name.startswith(".reportgen-")]


def test_a_hand_edited_manifest_never_makes_a_run_delete_what_it_did_not_write(tmp_path: Path) -> None:
    data, out = tmp_path / "study.csv", tmp_path / "out"
    study(["a", "b", "c"]).to_csv(data, index=False)
    build_cohorts(_config(data, out), by="site", jobs=1)  # type: ignore[arg-type]
    victim = tmp_path / "victim"
    victim.mkdir()
    (victim / "keep.txt").write_text("mine")
    for folder in ("photos", "mine"):
        (out / folder).mkdir()
    (out / "photos" / "holiday.jpg").write_bytes(b"jpeg")
    (out / "mine" / "report.html").write_text("a report of my own, not a cohort's")
    manifest = json.loads((out / "manifest.json").read_text())
    template = next(e for e in manifest["cohorts"] if e["slug"] == "c")
    slugs = ["", ".", "..", "../victim", str(victim), "photos", "mine", "c"]
    manifest["cohorts"] += [{**template, "slug": slug} for slug in slugs[:-1]]
    (out / "manifest.json").write_text(json.dumps(manifest))
    before = tree_state(victim)
    study(["a", "b"]).to_csv(data, index=False)
    # Slugs such as "" or "../victim" do not match the manifest's schema: it is no longer one
    # reportgen wrote, and the run refuses before it deletes or writes anything.
    with pytest.raises(OutputError, match="is not a manifest.json reportgen wrote"):
        build_cohorts(_config(data, out), by="site", jobs=1)  # type: ignore[arg-type]
    assert tree_state(victim) == before and (out / "photos" / "holiday.jpg").is_file()
    assert (out / "mine" / "report.html").is_file() and (out / "c" / "report.html").is_file()
    assert (out / "a" / "report.html").is_file() and (out / "b" / "report.html").is_file()
