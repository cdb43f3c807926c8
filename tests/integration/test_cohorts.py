"""Per-cohort reports without building one: splitting, safe slugs, [[cohort]] tables, an unreachable
scheduler, and the `reportgen cohorts` command's refusals (the builds: tests/e2e/test_cohorts.py).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner, Result

from reportgen.cli import cli
from reportgen.cohorts import (
    build_cohorts,
    slugify_name,
    split_by_column,
    unique_slugs,
)
from reportgen.config import BuildConfig, CohortSpec, make_config
from reportgen.errors import ClusterError, ConfigError
from tests.conftest import REPO
from tests.support.simulate import LIKE_SLEEPSTUDY, simulate

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


def parity_config(csv: Path, out: Path) -> BuildConfig:
    return make_config(data_path=csv, out_dir=out, formats=("html",))


@pytest.fixture(scope="module")
def parity_csv(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_parity_csv(tmp_path_factory.mktemp("parity") / "sleepstudy.csv")


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


# --- sleepstudy split by a derived column: incremental runs and a Dask cluster ------------------------


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
