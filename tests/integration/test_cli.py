"""The command line end to end: files written, options honoured, bad input handled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgen.cli import cli
from tests.conftest import REPO

SLEEPSTUDY = REPO / "data" / "sleepstudy.csv"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_every_command_has_help_with_an_example() -> None:
    for name, command in [("reportgen", cli), *cli.commands.items()]:
        result = CliRunner().invoke(command, ["--help"])
        assert result.exit_code == 0, name
        assert "Example" in result.output, f"{name} --help has no example"


def test_help_does_not_import_heavy_libraries() -> None:
    """--help must answer at once: pandas, statsmodels, matplotlib, weasyprint load lazily."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from reportgen.cli import cli\n"
        "CliRunner().invoke(cli, ['build', '--help'])\n"
        "heavy = {'pandas', 'statsmodels', 'matplotlib', 'weasyprint', 'numpy'} & set(sys.modules)\n"
        "print(sorted(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- bad input: one line "Error: ...", exit 1, no traceback, existing report untouched ----------


def write(path: Path, content: str | bytes) -> Path:
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def sleepstudy_with(tmp_path: Path, old: str, new: str) -> Path:
    return write(tmp_path / "data.csv", SLEEPSTUDY.read_text().replace(old, new, 1))


BAD_INPUTS = {
    "missing file": (lambda d: ["--data", str(d / "nope.csv")], "data file '{d}/nope.csv' not found"),
    "a folder": (lambda d: ["--data", str(d)], "is a folder, not a CSV file"),
    "binary": (lambda d: ["--data", str(write(d / "x.csv", b"\x89PNG\x00\x01\x02"))], "is a binary file"),
    "wrong separator": (
        lambda d: ["--data", str(write(d / "x.csv", "Reaction;Days;Subject\n1;2;a\n")), "--separator", ","],
        "it looks semicolon-separated: pass --separator ';'",
    ),
    "empty": (lambda d: ["--data", str(write(d / "x.csv", ""))], "is empty"),
    "header only": (
        lambda d: ["--data", str(write(d / "x.csv", "Reaction,Days,Subject\n"))],
        "has a header but no data rows",
    ),
    "column missing": (
        lambda d: ["--response", "RT"],
        "column 'RT' not found in '{data}'; columns are: Reaction, Days, Subject; use --response",
    ),
    "non-numeric": (
        lambda d: ["--data", str(sleepstudy_with(d, "249.56", "fast"))],
        "column 'Reaction' has non-numeric values on line 2 (e.g. 'fast')",
    ),
    "one group": (
        lambda d: ["--data", str(write(d / "x.csv", "Reaction,Days,Subject\n1,0,a\n2,1,a\n3,2,a\n"))],
        "has 1 group after cleaning; a mixed model needs at least 2 groups",
    ),
    "single observations": (
        lambda d: ["--data", str(write(d / "x.csv", "Reaction,Days,Subject\n1,0,a\n2,1,b\n3,2,c\n"))],
        "every group in column 'Subject' has a single observation",
    ),
    "pair not in data": (
        lambda d: ["--pair", "308,999"],
        "subject '999' (from --pair) is not in the data; subjects are: 308, 309",
    ),
    "pair twice": (lambda d: ["--mixed-pair", "308,308"], "--mixed-pair names subject '308' twice"),
    "time constant within every subject": (
        lambda d: ["--data", str(write(d / "x.csv", "Reaction,Days,Subject\n1,0,a\n2,0,a\n3,1,b\n5,1,b\n"))],
        "column 'Days' never changes within a group: each group is measured at a single time",
    ),
    "covariate all missing": (
        lambda d: [
            "--data",
            str(
                write(
                    d / "x.csv",
                    SLEEPSTUDY.read_text().replace("\n", ",\n").replace("Subject,", "Subject,Age"),
                )
            ),
            "--covariate",
            "Age",
        ],
        "column 'Age' has no values (every cell is blank or missing)",
    ),
    "empty --data": (lambda d: ["--data", ""], "--data must not be empty; name a data file"),
    "--study-start on numbers": (
        lambda d: ["--study-start", "2024-03-01"],
        "--study-start applies to a time column of dates, but 'Days' holds numbers",
    ),
    "--date-unit on numbers": (
        lambda d: ["--date-unit", "weeks"],
        "--date-unit applies to a time column of dates",
    ),
    "a column both --covariate and --factor": (
        lambda d: [
            "--data",
            str(
                write(
                    d / "x.csv",
                    SLEEPSTUDY.read_text().replace("\n", ",A\n").replace("Subject,A", "Subject,Arm"),
                )
            ),
            "--covariate",
            "Arm",
            "--factor",
            "Arm",
        ],
        "column 'Arm' is given both as a covariate and as a factor; give it once",
    ),
    "empty --title": (lambda d: ["--title", ""], "--title must not be empty"),
    # An empty author became "reportgen" silently; refused like an empty title.
    "empty --author": (lambda d: ["--author", ""], "--author must not be empty; name a person or group"),
    "blank --author": (lambda d: ["--author", "  "], "--author must not be empty"),
    "bad pair syntax": (lambda d: ["--pair", "308"], "give two subject ids separated by a comma"),
    "data inside figures/": (
        lambda d: ["--data", str(write(d.parent / "out" / "figures" / "mine.csv", SLEEPSTUDY.read_bytes()))],
        "is where the report writes 'figures/', which a build replaces",
    ),
    "unwritable out": (
        lambda d: ["--out", str(write(d / "afile", "x") / "sub")],
        "cannot write to output folder",
    ),
}


# slow: the earlier report it must keep carries a real results.json, from the session build.
@pytest.mark.slow
@pytest.mark.parametrize("case", BAD_INPUTS, ids=list(BAD_INPUTS))
def test_bad_input_is_one_clear_line_and_keeps_the_old_report(
    tmp_path: Path, case: str, built_report: Path
) -> None:
    out = tmp_path / "out"
    (out / "figures").mkdir(parents=True)
    # An earlier run's report, as it wrote it (its results.json records the documents' digests: a
    # document not as recorded is the user's, and the build refuses before reading any data).
    old = {
        out / name: (built_report / name).read_bytes()
        for name in ("report.html", "report.pdf", "results.json")
    }
    for path, content in old.items():
        path.write_bytes(content)
    args, expected = BAD_INPUTS[case]
    data_dir = tmp_path / "in"
    data_dir.mkdir()
    extra = args(data_dir)
    code, stdout, stderr = (
        run("build", "--out", str(out), *extra) if "--out" not in extra else run("build", *extra)
    )
    lines = stderr.strip().splitlines()
    assert code != 0
    assert "Traceback" not in stderr + stdout
    assert expected.format(d=data_dir, data=SLEEPSTUDY) in lines[-1], stderr
    if code == 1:  # our errors are exactly one line; click's usage errors add a usage hint
        assert len(lines) == 1 and lines[0].startswith("Error: "), stderr
    assert {p: p.read_bytes() for p in old} == old
    assert sorted(p.name for p in out.iterdir()) == ["figures", "report.html", "report.pdf", "results.json"]


def test_failed_build_creates_no_output_folder(tmp_path: Path) -> None:
    out = tmp_path / "new" / "out"
    code, _, stderr = run("build", "--out", str(out), "--response", "RT")
    assert code == 1 and "column 'RT' not found" in stderr
    assert not (tmp_path / "new").exists()


def test_templates_export_refuses_an_empty_folder_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # an unset "$DIR" must not fill the current folder
    code, _, err = run("templates", "export", "")
    assert code == 2 and "FOLDER must not be empty" in err
    assert list(tmp_path.iterdir()) == []


def test_templates_export_refuses_the_home_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    code, _, err = run("templates", "export", str(home))
    assert code == 1 and "is your home folder" in err and "my-templates/" in err
    assert list(home.iterdir()) == []


def test_templates_export_checks_every_path_before_writing_any(tmp_path: Path) -> None:
    folder, elsewhere = tmp_path / "mine", tmp_path / "keep.txt"
    folder.mkdir()
    elsewhere.write_text("keep")
    (folder / "report.css").symlink_to(elsewhere)
    code, _, err = run("templates", "export", "--force", str(folder))
    assert code == 1 and "symbolic link" in err
    assert [p.name for p in folder.iterdir()] == ["report.css"]  # nothing written before the refusal
    assert elsewhere.read_text() == "keep"


def test_resend_without_send_is_refused(tmp_path: Path) -> None:
    code, _, stderr = run("email", "--resend", "--out", str(tmp_path), "--to", "a@example.org")
    assert code == 2 and stderr.strip().splitlines()[-1] == (
        "Error: --resend applies only with --send: add --send to deliver the messages again"
    )
    assert not (tmp_path / "outbox").exists()
