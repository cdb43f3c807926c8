"""Per-cohort reports built: the manifest and index, parallel and cluster runs, the incremental
cache, and the `reportgen cohorts` command that builds.

The expensive builds (a few seconds per cohort) run once per module in fixtures and are shared;
everything is HTML only, as PDF export is tested elsewhere. The command's refusals, the slugs and the
[[cohort]] tables are in tests/integration/test_cohorts.py.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from reportgen.cohorts import (
    MANIFEST_FILE,
    CohortOutcome,
    CohortsResult,
    build_cohorts,
)
from reportgen.config import BuildConfig, make_config
from reportgen.numbers import format_number
from reportgen.results import lookup
from tests.integration.test_cohorts import (
    COLUMNS,
    FAILING,
    HOSTILE,
    UNBALANCED,
    assert_one_error_line,
    invoke,
    parity_config,
    synthetic_frame,
    write_parity_csv,
)


@pytest.fixture(scope="module")
def parity_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parity_csv(tmp_path_factory.mktemp("parity") / "sleepstudy.csv")


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "sites.csv"
    synthetic_frame().to_csv(path, index=False)
    return path


def synthetic_config(csv: Path, out: Path) -> BuildConfig:
    return make_config(data_path=csv, out_dir=out, formats=("html",), **COLUMNS)


@pytest.fixture(scope="module")
def synthetic_run(synthetic_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> CohortsResult:
    out = tmp_path_factory.mktemp("synthetic-jobs1")
    return build_cohorts(synthetic_config(synthetic_csv, out), by="site", jobs=1)


@pytest.fixture(scope="module")
def parity_run(parity_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> CohortsResult:
    out = tmp_path_factory.mktemp("parity-local")
    return build_cohorts(parity_config(parity_csv, out), by="parity", jobs=1)


def manifest_of(out: Path) -> dict[str, Any]:
    return json.loads((out / MANIFEST_FILE).read_text())


def without_timings(manifest: dict[str, Any]) -> dict[str, Any]:
    return {**manifest, "cohorts": [{**c, "duration_s": None} for c in manifest["cohorts"]]}


def statuses(result: CohortsResult) -> dict[str, str]:
    return {outcome.name: outcome.status for outcome in result.cohorts}


def report_files(out: Path) -> dict[str, bytes]:
    """Every file a run wrote, by relative path (manifest.json aside: it holds timings)."""
    return {
        p.relative_to(out).as_posix(): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and p.name != MANIFEST_FILE
    }


def test_every_cohort_has_a_status_and_only_the_single_group_fails(synthetic_run: CohortsResult) -> None:
    assert statuses(synthetic_run) == {
        UNBALANCED: "ok",
        FAILING: "error",
        **dict.fromkeys(HOSTILE, "ok"),
    }
    (failed,) = synthetic_run.failed
    assert "has 1 group after cleaning; a mixed model needs at least 2 groups" in (failed.error or "")


def test_outputs_stay_inside_the_folder(synthetic_run: CohortsResult) -> None:
    out = synthetic_run.out_dir
    folders = sorted(p.name for p in out.iterdir() if p.is_dir())
    assert folders == ["b-i-unbalanced-i", "cafe", "cafe-2", "cohort", "con-cohort", "etc-passwd"]
    assert sorted(p.name for p in out.iterdir() if p.is_file()) == [
        "comparison.json",
        "index.html",
        "manifest.json",
    ]
    assert not (out.parent / "etc").exists()
    for outcome in synthetic_run.cohorts:
        for relative in outcome.outputs:
            assert (out / relative).resolve().is_relative_to(out.resolve())
            assert (out / relative).is_file()


def test_manifest_content(synthetic_run: CohortsResult, synthetic_csv: Path) -> None:
    manifest = manifest_of(synthetic_run.out_dir)
    assert manifest["by"] == "site" and manifest["counts"] == {"ok": 6, "skipped": 0, "error": 1}
    entries = {entry["name"]: entry for entry in manifest["cohorts"]}
    names = ["../../etc/passwd", UNBALANCED, "Café", "cafe", "con", FAILING, ""]  # sorted, blank last
    assert [e["name"] for e in manifest["cohorts"]] == names
    passwd = entries["../../etc/passwd"]
    assert set(passwd) == {
        "name",
        "slug",
        "status",
        "error",
        "input_hash",
        "cache_key",
        "outputs",
        "duration_s",
    }
    assert passwd["slug"] == "etc-passwd" and passwd["status"] == "ok" and passwd["error"] is None
    assert re.fullmatch(r"[0-9a-f]{64}", passwd["input_hash"])
    assert "etc-passwd/report.html" in passwd["outputs"] and "etc-passwd/results.json" in passwd["outputs"]
    assert sum(o.startswith("etc-passwd/figures/") for o in passwd["outputs"]) >= 3  # a study report's
    assert passwd["duration_s"] > 0
    failed = entries[FAILING]
    assert failed["status"] == "error" and failed["outputs"] == [] and "1 group" in failed["error"]
    assert (entries["Café"]["slug"], entries["cafe"]["slug"]) == ("cafe", "cafe-2")
    assert entries[""]["slug"] == "cohort" and entries["con"]["slug"] == "con-cohort"
    # Each cohort's report holds its own rows and says which cohort it is.
    results = json.loads((synthetic_run.out_dir / "con-cohort" / "results.json").read_text())
    assert results["data"]["cohort"] == "con" and results["data"]["sha256"] == entries["con"]["input_hash"]
    assert results["data"]["groups"] == 4 and results["data"]["rows"] == 20
    # A cohort's report is a study report: the study title made from the labels, with the cohort
    # (issue 21, seventh read: it kept the seminar's "Linear mixed models: ..." title).
    assert results["report"]["title"] == "score over week: a study report (site = con)"


def test_unbalanced_cohort_is_analysed(synthetic_run: CohortsResult) -> None:
    results = json.loads((synthetic_run.out_dir / "b-i-unbalanced-i" / "results.json").read_text())
    assert results["data"]["groups"] == 5 and results["data"]["rows"] < 25


def index_numbers(index: Path) -> list[tuple[str, str]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(index.read_text(), "html.parser")
    return [(span["data-key"], span.get_text()) for span in soup.select("span.num")]


def test_index_numbers_equal_each_cohorts_results(synthetic_run: CohortsResult) -> None:
    out = synthetic_run.out_dir
    every = index_numbers(out / "index.html")
    numbers = [(key, text) for key, text in every if not key.startswith("_comparison.")]
    assert len(numbers) == 6 * 7  # seven numbers for each of the six cohorts that were built
    for key, text in numbers:
        slug, path = key.split(".", 1)
        value = lookup(json.loads((out / slug / "results.json").read_text()), path)
        assert text == format_number(value, "int" if path.startswith("data.") else "fixed", 2), key
    # The comparison in one model: its numbers are comparison.json's.
    comparison = json.loads((out / "comparison.json").read_text())
    for key, text in every:
        if key.startswith("_comparison."):
            path = key.split(".", 1)[1]
            if path.startswith("slope_by_cohort."):  # cohort names may hold dots: split at the ends
                name, field = path.removeprefix("slope_by_cohort.").rsplit(".", 1)
                value = comparison["slope_by_cohort"][name][field]
            else:
                value = lookup(comparison, path)
            assert text in {format_number(value, style, 2) for style in ("fixed", "df", "p", "int")}, key


def test_index_lists_every_cohort_with_links_status_and_the_plot(synthetic_run: CohortsResult) -> None:
    from bs4 import BeautifulSoup

    out = synthetic_run.out_dir
    html = (out / "index.html").read_text()
    soup = BeautifulSoup(html, "html.parser")
    rows = soup.select("table.cohorts tbody tr")
    assert len(rows) == 7
    links = [a["href"] for a in soup.select("table.cohorts a")]
    assert links and all((out / href).is_file() for href in links)
    assert "<i>" not in html and "B &lt;i&gt;unbalanced&lt;/i&gt;" in html  # names are text, not markup
    failed = soup.select_one("tr#cohort-single")
    assert failed is not None and "status-error" in failed["class"]
    assert "a mixed model needs at least 2 groups" in failed.get_text()
    image = soup.select_one("figure#fig-cohort-slopes img")
    assert image is not None
    assert image["src"].startswith("data:image/png;base64,") and "6 cohorts" in image["alt"]
    # seven sites: one multilevel model, its forest of the sites' slopes follows
    assert [f["id"] for f in soup.select("figure")] == ["fig-cohort-slopes", "fig-site-slopes"]


def test_jobs_2_gives_identical_outputs(
    synthetic_run: CohortsResult, synthetic_csv: Path, tmp_path: Path
) -> None:
    parallel = build_cohorts(synthetic_config(synthetic_csv, tmp_path), by="site", jobs=2)
    assert statuses(parallel) == statuses(synthetic_run)
    assert report_files(tmp_path) == report_files(synthetic_run.out_dir)
    assert without_timings(manifest_of(tmp_path)) == without_timings(manifest_of(synthetic_run.out_dir))


def test_sleepstudy_split_by_parity(parity_run: CohortsResult) -> None:
    assert statuses(parity_run) == {"even": "ok", "odd": "ok"}
    even = json.loads((parity_run.out_dir / "even" / "results.json").read_text())
    assert even["data"]["groups"] == 9 and even["data"]["cohort"] == "even"
    # The preset's seminar pairs are not all in each half, so subjects are picked automatically.
    assert even["subject_pair"]["reason"] != "user"


class Recorder:
    def __init__(self) -> None:
        self.total = -1
        self.seen: list[CohortOutcome] = []

    def start(self, total: int) -> None:
        self.total = total

    def advance(self, outcome: CohortOutcome) -> None:
        self.seen.append(outcome)


def test_cohort_reports_leave_the_solution_code_out_unless_asked(
    parity_run: CohortsResult, parity_csv: Path, tmp_path: Path
) -> None:
    # A report for a site, not a class: no code by default; --code (or [report] code) brings it.
    out = parity_run.out_dir
    assert all('<div class="code">' not in p.read_text() for p in out.glob("*/report.html"))
    config = dataclasses.replace(parity_config(parity_csv, tmp_path), code=True)
    build_cohorts(config, by="parity", jobs=1)
    assert all(p.read_text().count('<div class="code">') == 6 for p in tmp_path.glob("*/report.html"))


def test_incremental_runs(parity_run: CohortsResult, tmp_path: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(parity_run.out_dir, out)
    before = report_files(out)
    csv = write_parity_csv(tmp_path / "sleepstudy.csv")

    progress = Recorder()
    again = build_cohorts(parity_config(csv, out), by="parity", progress=progress)
    assert statuses(again) == {"even": "skipped", "odd": "skipped"}
    assert progress.total == 2 and sorted(o.name for o in progress.seen) == ["even", "odd"]
    kept = report_files(out)
    assert kept.pop("index.html") != before.pop("index.html")  # it now says "2 unchanged"
    assert kept == before  # outputs kept
    entries = manifest_of(out)["cohorts"]
    assert [e["status"] for e in entries] == ["skipped", "skipped"]
    assert [e["outputs"] for e in entries] == [list(o.outputs) for o in parity_run.cohorts]

    write_parity_csv(csv, change=1.5)  # one odd subject's first reaction time
    changed = build_cohorts(parity_config(csv, out), by="parity")
    assert statuses(changed) == {"even": "skipped", "odd": "ok"}
    assert (out / "even" / "results.json").read_bytes() == before["even/results.json"]
    assert (out / "odd" / "results.json").read_bytes() != before["odd/results.json"]

    settings = make_config(data_path=csv, out_dir=out, formats=("html",), decimals=3)
    assert statuses(build_cohorts(settings, by="parity")) == {"even": "ok", "odd": "ok"}
    assert statuses(build_cohorts(settings, by="parity", force=True)) == {"even": "ok", "odd": "ok"}
    assert statuses(build_cohorts(settings, by="parity")) == {"even": "skipped", "odd": "skipped"}


def test_a_deleted_output_is_rebuilt(parity_run: CohortsResult, tmp_path: Path, parity_csv: Path) -> None:
    out = tmp_path / "out"
    shutil.copytree(parity_run.out_dir, out)
    (out / "odd" / "figures" / "scatter.png").unlink()
    result = build_cohorts(parity_config(parity_csv, out), by="parity")
    assert statuses(result) == {"even": "skipped", "odd": "ok"}
    assert (out / "odd" / "figures" / "scatter.png").is_file()


def test_dask_cluster_gives_the_same_results(
    parity_run: CohortsResult, parity_csv: Path, tmp_path: Path
) -> None:
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        host="127.0.0.1",
        protocol="tcp://",  # a real TCP scheduler, though its one worker is a thread of this process
        processes=False,
        n_workers=1,
        threads_per_worker=1,
        dashboard_address=None,
    ) as cluster:
        result = build_cohorts(
            parity_config(parity_csv, tmp_path), by="parity", scheduler=cluster.scheduler_address
        )
    assert statuses(result) == {"even": "ok", "odd": "ok"}
    assert report_files(tmp_path) == report_files(parity_run.out_dir)
    assert without_timings(manifest_of(tmp_path)) == without_timings(manifest_of(parity_run.out_dir))


def test_cli_with_cohort_tables_builds_each_and_reports_the_failure(tmp_path: Path) -> None:
    odd = write_parity_csv(tmp_path / "all.csv")
    frame = pd.read_csv(odd, dtype=str)
    frame[frame["parity"] == "odd"].to_csv(tmp_path / "odd.csv", index=False)
    (tmp_path / "reportgen.toml").write_text(
        '[report]\nformats = ["html"]\nout = "site"\ndecimals = 1\n\n[data]\npath = "all.csv"\n\n'
        '[[cohort]]\nname = "Even subjects"\nwhere = { parity = "even" }\n\n'
        '[[cohort]]\nname = "Odd, own file"\npath = "odd.csv"\n\n'
        '[[cohort]]\nname = "Ghosts"\ngroups = ["308", "999"]\n'
    )
    result = invoke("cohorts", "--config", str(tmp_path / "reportgen.toml"))
    assert_one_error_line(result, f"1 of 3 cohorts failed; the other 2 are in {tmp_path / 'site'}/")
    assert "cohort 'Ghosts' failed: cohort 'Ghosts' names Subject ids not in the data: 999" in result.stderr
    manifest = manifest_of(tmp_path / "site")
    assert [(c["slug"], c["status"]) for c in manifest["cohorts"]] == [
        ("even-subjects", "ok"),
        ("odd-own-file", "ok"),
        ("ghosts", "error"),
    ]
    odd_results = json.loads((tmp_path / "site" / "odd-own-file" / "results.json").read_text())
    assert odd_results["data"]["file"] == "odd.csv" and odd_results["data"]["groups"] == 9
    every = index_numbers(tmp_path / "site" / "index.html")
    numbers = [(key, text) for key, text in every if not key.startswith("_comparison.")]
    assert len(numbers) == 2 * 7
    assert all(
        re.fullmatch(r"-?\d+\.\d", text) for key, text in numbers if ".data." not in key
    )  # decimals = 1


def test_cli_by_column_verbose_then_unchanged(
    parity_run: CohortsResult, parity_csv: Path, tmp_path: Path
) -> None:
    shutil.copytree(parity_run.out_dir, tmp_path / "out")
    args = ["cohorts", "--by", "parity", "--data", str(parity_csv), "--format", "html", "--out"]
    result = invoke(*args, str(tmp_path / "out"), "-v")
    assert result.exit_code == 0, result.output
    lines = result.stderr.strip().splitlines()
    assert lines[:2] == ["[1/2] skipped even/ ('even'): unchanged", "[2/2] skipped odd/ ('odd'): unchanged"]
    assert lines[-1] == f"Wrote 2 cohort reports to {tmp_path / 'out'}/ (0 built, 2 unchanged); " \
        f"see {tmp_path / 'out'}/index.html"  # fmt: skip
    quiet = invoke(*args, str(tmp_path / "out"))  # not a terminal: no bar, only the summary
    said = [line for line in quiet.stderr.strip().splitlines() if not line.startswith("Warning: ")]
    assert quiet.exit_code == 0 and len(said) == 1  # (and the warning that the author is reportgen)
