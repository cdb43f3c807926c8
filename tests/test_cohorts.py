"""Per-cohort reports: splitting, safe slugs, the manifest and index, parallel and cluster runs,
the incremental cache, and the `reportgen cohorts` command.

The expensive builds (a few seconds per cohort) run once per module in fixtures and are shared;
everything is HTML only, as PDF export is tested elsewhere.
"""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from reportgen.cli import cli
from reportgen.cohorts import (
    MANIFEST_FILE,
    CohortOutcome,
    CohortsResult,
    build_cohorts,
    slugify_name,
    split_by_column,
    unique_slugs,
)
from reportgen.config import BuildConfig, CohortSpec, make_config
from reportgen.errors import ClusterError, ConfigError
from reportgen.numbers import format_number
from reportgen.results import lookup
from tests.conftest import REPO
from tests.simulate import LIKE_SLEEPSTUDY, simulate

SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"
COLUMNS = {"response": "score", "time": "week", "group": "subject"}
HOSTILE = ["../../etc/passwd", "con", "", "Café", "cafe"]
UNBALANCED = "B <i>unbalanced</i>"
FAILING = "single"


# --- data ---------------------------------------------------------------------------------------------


def synthetic_frame() -> pd.DataFrame:
    """Seven cohorts in column ``site``: an unbalanced one (with markup in its name), one with a single
    subject (must fail), and five whose names need slugging (two collide); ``con`` has 4 x 5 rows."""
    parts = []
    plan = [(UNBALANCED, 5, False), (FAILING, 1, True)] + [(n, 4 if n == "con" else 3, True) for n in HOSTILE]
    for number, (site, groups, balanced) in enumerate(plan):
        frame = simulate(number, groups, 5, balanced=balanced, **LIKE_SLEEPSTUDY).round(3)
        parts.append(
            pd.DataFrame(
                {
                    "site": site,
                    "subject": [f"s{number}-{g}" for g in frame["group"]],
                    "week": frame["time"],
                    "score": frame["response"],
                }
            )
        )
    return pd.concat(parts, ignore_index=True)


def write_parity_csv(path: Path, change: float = 0.0) -> Path:
    """sleepstudy with a derived column ``parity`` (even/odd subject number); ``change`` is added to
    the first reaction time of the first odd subject."""
    frame = pd.read_csv(SLEEPSTUDY, dtype=str)
    frame["parity"] = ["even" if int(s) % 2 == 0 else "odd" for s in frame["Subject"]]
    if change:
        first_odd = frame.index[frame["parity"] == "odd"][0]
        frame.loc[first_odd, "Reaction"] = f"{float(frame.loc[first_odd, 'Reaction']) + change:.4f}"
    frame.to_csv(path, index=False)
    return path


@pytest.fixture(scope="module")
def synthetic_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("synthetic") / "sites.csv"
    synthetic_frame().to_csv(path, index=False)
    return path


def synthetic_config(csv: Path, out: Path) -> BuildConfig:
    return make_config(data_path=csv, out_dir=out, formats=("html",), **COLUMNS)


def parity_config(csv: Path, out: Path) -> BuildConfig:
    return make_config(data_path=csv, out_dir=out, formats=("html",))


@pytest.fixture(scope="module")
def synthetic_run(synthetic_csv: Path, tmp_path_factory: pytest.TempPathFactory) -> CohortsResult:
    out = tmp_path_factory.mktemp("synthetic-jobs1")
    return build_cohorts(synthetic_config(synthetic_csv, out), by="site", jobs=1)


@pytest.fixture(scope="module")
def parity_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parity_csv(tmp_path_factory.mktemp("parity") / "sleepstudy.csv")


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


# --- slugs: safe, unique, always inside the output folder ----------------------------------------------


def test_slugs_are_safe_and_unique() -> None:
    names = ["A", *HOSTILE, "COM1", "???", "日本語", "a" * 200, "x/../y", "figures", "Outbox"]
    slugs = unique_slugs(names)
    assert slugs[:6] == ["a", "etc-passwd", "con-cohort", "cohort", "cafe", "cafe-2"]
    # figures/ is a report's, outbox/ the email's (`reportgen email --cohorts`): never a cohort's
    assert slugs[6:] == [
        "com1-cohort",
        "cohort-2",
        "ri-ben-yu",
        "a" * 60,
        "x-y",
        "figures-cohort",
        "outbox-cohort",
    ]
    assert len(set(slugs)) == len(slugs)
    for slug in slugs:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug), slug
        assert (Path("/out") / slug).resolve().parent == Path("/out")


def test_a_clash_with_an_already_numbered_slug_still_gets_a_free_one() -> None:
    assert unique_slugs(["a", "a-2", "A", "a"]) == ["a", "a-2", "a-3", "a-4"]
    assert slugify_name("Ünïcödé Straße") == "unicode-strasse"


def test_split_by_column_orders_numbers_naturally_and_keeps_blanks() -> None:
    raw = pd.DataFrame({"g": ["10", "2", None, "x", "2"], "v": ["a", "b", "c", "d", "e"]})
    cohorts = split_by_column(raw, "g", Path("d.csv"))
    assert [c.name for c in cohorts] == ["2", "10", "x", ""]
    two = cohorts[0].frame
    assert two is not None and list(two.index) == [1, 4]  # file lines are kept


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    """A cohort folder that an attacker made a symlink to elsewhere is that cohort's error."""
    from reportgen.cohorts import CohortTask, TaskResult
    from reportgen.cohorts.run import _store

    out, outside = tmp_path / "out", tmp_path / "outside"
    out.mkdir()
    outside.mkdir()
    (out / "etc-passwd").symlink_to(outside, target_is_directory=True)
    task = CohortTask("../../etc/passwd", "etc-passwd", pd.DataFrame(), make_config(), {"sha256": "0"})
    outcome = _store(out, task, "key", TaskResult("etc-passwd", {"report.html": b"x"}, {}, None, 0.1))
    assert outcome.status == "error" and "symbolic link" in (outcome.error or "")
    assert list(outside.iterdir()) == []


# --- the synthetic batch ----------------------------------------------------------------------------------


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
    assert sum(o.startswith("etc-passwd/figures/") for o in passwd["outputs"]) >= 10
    assert passwd["duration_s"] > 0
    failed = entries[FAILING]
    assert failed["status"] == "error" and failed["outputs"] == [] and "1 group" in failed["error"]
    assert (entries["Café"]["slug"], entries["cafe"]["slug"]) == ("cafe", "cafe-2")
    assert entries[""]["slug"] == "cohort" and entries["con"]["slug"] == "con-cohort"
    # Each cohort's report holds its own rows and says which cohort it is.
    results = json.loads((synthetic_run.out_dir / "con-cohort" / "results.json").read_text())
    assert results["data"]["cohort"] == "con" and results["data"]["sha256"] == entries["con"]["input_hash"]
    assert results["data"]["groups"] == 4 and results["data"]["rows"] == 20
    assert results["report"]["title"] == "Linear mixed models: score over week (site = con)"


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
            assert text in {format_number(value, style, 2) for style in ("fixed", "df", "p")}, key


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
    (image,) = soup.select("figure img")
    assert image["src"].startswith("data:image/png;base64,") and "6 cohorts" in image["alt"]


def test_jobs_2_gives_identical_outputs(
    synthetic_run: CohortsResult, synthetic_csv: Path, tmp_path: Path
) -> None:
    parallel = build_cohorts(synthetic_config(synthetic_csv, tmp_path), by="site", jobs=2)
    assert statuses(parallel) == statuses(synthetic_run)
    assert report_files(tmp_path) == report_files(synthetic_run.out_dir)
    assert without_timings(manifest_of(tmp_path)) == without_timings(manifest_of(synthetic_run.out_dir))


# --- sleepstudy split by a derived column: incremental runs and a Dask cluster ------------------------


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


def test_unreachable_scheduler_is_one_clear_error(
    parity_csv: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("distributed")
    monkeypatch.setattr("reportgen.cohorts.workers.CONNECT_TIMEOUT_S", 1)
    with pytest.raises(
        ClusterError, match=r"cannot reach the Dask scheduler at 'tcp://127.0.0.1:9'.*dask scheduler"
    ):
        build_cohorts(parity_config(parity_csv, tmp_path), by="parity", scheduler="tcp://127.0.0.1:9")


# --- [[cohort]] tables in reportgen.toml ---------------------------------------------------------------


def test_cohort_tables_are_read_and_checked(tmp_path: Path) -> None:
    path = tmp_path / "reportgen.toml"
    path.write_text(
        '[[cohort]]\nname = "Early"\nwhere = { Days = ["0", 1], Subject = "308" }\n\n'
        '[[cohort]]\nname = "Pilot"\ngroups = ["308", 309]\n\n'
        '[[cohort]]\nname = "Site B"\npath = "b/site.csv"\n'
    )
    assert make_config(config_file=path).cohorts == (
        CohortSpec("Early", where=(("Days", ("0", "1")), ("Subject", ("308",)))),
        CohortSpec("Pilot", groups=("308", "309")),
        CohortSpec("Site B", path=str(tmp_path / "b" / "site.csv")),
    )
    bad = {
        '[cohort]\nname = "x"\ngroups = ["1"]\n': "must be [[cohort]] tables, each with a name and one of",
        '[[cohort]]\nname = "x"\n': "[[cohort]] number 1 needs a name and exactly one of: where, groups, "
        "path; got name",
        '[[cohort]]\nname = "x"\ngroups = ["1"]\npath = "a.csv"\n': "; got name, groups, path",
        '[[cohort]]\nname = "x"\ngroup = ["1"]\n': "unknown key 'group' in",
        '[[cohort]]\nname = ""\ngroups = ["1"]\n': "'name' in",
        '[[cohort]]\nname = "x"\nwhere = "a"\n': "'where' in",
        '[[cohort]]\nname = "x"\ngroups = []\n': "'groups' in",
        '[[cohort]]\nname = "x"\ngroups = ["1"]\n[[cohort]]\nname = "x"\ngroups = ["2"]\n': "two cohorts",
    }
    for text, expected in bad.items():
        path.write_text(text)
        with pytest.raises(ConfigError) as caught:
            make_config(config_file=path)
        assert expected in str(caught.value), text


# --- the command ---------------------------------------------------------------------------------------


def invoke(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def assert_one_error_line(result: Result, expected: str) -> None:
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert lines[-1].startswith("Error: ") and expected in lines[-1], result.stderr


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
    assert quiet.exit_code == 0 and len(quiet.stderr.strip().splitlines()) == 1


CLI_ERRORS = {
    "unknown --by column": (
        ["--by", "Site"],
        "column 'Site' not found in '{data}'; columns are: Reaction, Days, Subject; use --by to name",
    ),
    "--by the group column": (["--by", "Subject"], "--by names the group column 'Subject'"),
    "--by the time column": (
        ["--by", "Days"],
        "--by names the time column 'Days': cohorts are groups of subjects",
    ),
    "--by the response": (["--by", "Reaction"], "--by names the response column 'Reaction'"),
    "no cohorts": ([], "no cohorts to build: give --by COLUMN"),
    "no config file": (
        [],
        "list [[cohort]] tables in a reportgen.toml (none was read: name one with --config)",
    ),
    "missing data": (["--by", "x", "--data", "nope.csv"], "data file 'nope.csv' not found"),
}


@pytest.mark.parametrize("case", CLI_ERRORS, ids=list(CLI_ERRORS))
def test_cli_bad_input_is_one_clear_line(case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # no reportgen.toml here
    args, expected = CLI_ERRORS[case]
    result = invoke("cohorts", "--out", str(tmp_path / "out"), *args)
    assert_one_error_line(result, expected.format(data=SLEEPSTUDY.resolve()))
    assert len(result.stderr.strip().splitlines()) == 1


def test_no_cohort_tables_names_the_config_file_read(tmp_path: Path) -> None:
    # A valid file with other tables: the message names that file, not "reportgen.toml".
    config = tmp_path / "study.toml"
    config.write_text('[report]\ntitle = "Study"\n')
    result = invoke("cohorts", "--config", str(config), "--out", str(tmp_path / "out"))
    assert_one_error_line(result, f"add [[cohort]] tables to {config}, which has none")


def test_cohorts_help_does_not_import_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from reportgen.cli import cli\n"
        "CliRunner().invoke(cli, ['cohorts', '--help'])\n"
        "heavy = {'pandas', 'statsmodels', 'matplotlib', 'weasyprint', 'numpy', 'distributed'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_cli_usage_errors(tmp_path: Path) -> None:
    assert invoke("cohorts", "--by", "x", "--jobs", "0").exit_code == 2
    both = invoke("cohorts", "--by", "x", "--jobs", "2", "--scheduler", "tcp://127.0.0.1:9")
    assert both.exit_code == 2 and "--jobs and --scheduler exclude each other" in both.stderr


def test_workers_are_forked_only_from_a_process_running_no_other_thread() -> None:
    import threading

    from reportgen.cohorts import worker_start_method

    if sys.platform.startswith("linux") and threading.active_count() == 1:  # no thread left by other tests
        assert worker_start_method() == "fork"
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert worker_start_method() == "spawn"
    finally:
        stop.set()
        other.join()
