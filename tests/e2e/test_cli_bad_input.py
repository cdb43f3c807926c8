"""Hostile and careless input (issue 12): each case gives one clear ``Error:`` line with the previous
report left byte-identical, or a complete report that says in words what was odd about the data.

Cases the fuzzer (test_fuzz.py) finds are added here as regular parametrized cases.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from reportgen import figures
from reportgen.errors import OutputError
from tests.support.contract import (
    SLEEPSTUDY,
    assert_complete_report,
    assert_contract,
    assert_one_error,
    csv,
    run_cli,
    sleepstudy,
    tree_state,
)
from tests.support.docs_examples import remember_figures

_REMEMBERED = remember_figures(figures.build_figures)


@pytest.fixture(scope="module")
def previous_report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An HTML report built once; each test starts from a copy of it."""
    out = tmp_path_factory.mktemp("previous") / "out"
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert run.code == 0, run.stderr
    return out


@pytest.fixture(autouse=True)
def _figures_drawn_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Most cases here build sleepstudy and differ in templates or folders, not in the figures: a
    build draws them once for all (they are a pure function of the data, model and labels)."""
    monkeypatch.setattr(figures, "build_figures", _REMEMBERED)


@pytest.fixture()
def out(previous_report: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(previous_report, copy)
    return copy


def text_ids(replace: dict[int, dict[str, str]]) -> pd.DataFrame:
    """Sleepstudy as text with some cells replaced (row index -> column -> text)."""
    frame = pd.read_csv(SLEEPSTUDY, dtype=str)
    for row, cells in replace.items():
        for column, value in cells.items():
            frame.loc[row, column] = value
    return frame


# Each case: (make the arguments from the test's folder, what the one error line must say).
DATA_ERRORS: dict[str, tuple[Callable[[Path], list[str]], tuple[str, ...]]] = {
    "constant response": (
        lambda d: ["--data", csv(d, sleepstudy(Reaction=lambda f: 250.0))],
        ("column 'Reaction' has the same value (250) in every row",),
    ),
    "response exactly on a line": (
        lambda d: ["--data", csv(d, sleepstudy(Reaction=lambda f: 2 + 3 * f.Days))],
        ("residual variance is zero",),
    ),
    "pure subject effect without noise": (
        lambda d: ["--data", csv(d, sleepstudy(Reaction=lambda f: f.Subject * 1.0))],
        ("residual variance is zero",),
    ),
    "values near the float limit": (
        lambda d: ["--data", csv(d, sleepstudy(Reaction=lambda f: f.Reaction * 1e298))],
        ("too large for the model's arithmetic", "rescale it"),
    ),
    "values beyond 1e50 (fuzzer: 1e81 overflowed the kurtosis)": (
        lambda d: ["--data", csv(d, sleepstudy(Reaction=lambda f: f.Reaction * 1e79))],
        ("values as large as", "below 1e+50"),
    ),
    "values near the smallest float": (
        lambda d: ["--data", csv(d, sleepstudy(Reaction=lambda f: f.Reaction * 1e-300))],
        ("too small for the model's arithmetic",),
    ),
    "time as a Unix timestamp": (
        lambda d: ["--data", csv(d, sleepstudy(Days=lambda f: 1.7e9 + f.Days))],
        ("column 'Days' varies by only 9 around 1.7e+09", "subtract the start"),
    ),
    "response within rounding of a constant": (
        lambda d: ["--data", csv(d, sleepstudy(Reaction=lambda f: 1e12 + f.Reaction * 1e-6))],
        ("has the same value", "up to rounding"),
    ),
    "one column as response and time": (
        lambda d: ["--response", "Days", "--time", "Days"],
        ("the response and the time are both column 'Days'",),
    ),
    "one column as time and group": (
        lambda d: ["--time", "Subject", "--group", "Subject"],
        ("the time and the group are both column 'Subject'",),
    ),
    "a FIFO as data": (
        lambda d: (os.mkfifo(d / "pipe.csv"), ["--data", str(d / "pipe.csv")])[1],
        ("is not a regular file",),
    ),
    "a device as data": (lambda d: ["--data", "/dev/zero"], ("'/dev/zero' is not a regular file",)),
    "a duplicate column name": (
        lambda d: ["--data", str(_write(d / "dup.csv", "Reaction,Days,Subject,Days\n1,2,3,4\n"))],
        ("the column name 'Days' more than once (columns 2, 4)",),
    ),
    "ANSI escape codes in a listed subject id": (
        lambda d: [
            "--data",
            csv(d, text_ids({i: {"Subject": "\x1b[2J\x1b[31mevil"} for i in range(10)})),
            "--pair",
            "308,999",
        ],
        ("subjects are: \\x1b[2J\\x1b[31mevil",),
    ),
    "a bidi override in a column name": (
        lambda d: ["--response", "Re\u202eaction"],
        ("column 'Re\\u202eaction' not found",),
    ),
    "a line break in a file name": (
        lambda d: ["--data", str(d / "a\nb.csv")],
        ("a\\nb.csv' not found",),
    ),
    "a line break in a column name": (
        lambda d: ["--response", "Re\naction"],
        ("column 'Re\\naction' not found",),
    ),
}


def _write(path: Path, text: str | bytes) -> Path:
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


@pytest.mark.parametrize("case", DATA_ERRORS)
def test_bad_data_is_one_error_line_and_the_report_is_untouched(case: str, out: Path, tmp_path: Path) -> None:
    make_args, fragments = DATA_ERRORS[case]
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html", *make_args(tmp_path))
    assert_one_error(run, *fragments)
    assert tree_state(out) == before


# --- the output folder: checked before any work, replaced all or nothing ------------------------------


def _figures_link(out: Path, outside: Path) -> None:
    shutil.rmtree(out / "figures")
    (out / "figures").symlink_to(outside, target_is_directory=True)


def _figures_file(out: Path, outside: Path) -> None:
    shutil.rmtree(out / "figures")
    (out / "figures").write_text("not a folder")


def _report_folder(out: Path, outside: Path) -> None:
    (out / "report.html").unlink()
    (out / "report.html").mkdir()


def _results_link(out: Path, outside: Path) -> None:
    (out / "results.json").unlink()
    (out / "results.json").symlink_to(outside / "victim.json")


def _deep_link(out: Path, outside: Path) -> None:
    (out / "figures" / "histogram.png").unlink()
    (out / "figures" / "histogram.png").symlink_to(outside / "victim.json")


OUTPUT_TRAPS = {
    "figures is a symlink out of the folder": (_figures_link, "figures' is a symbolic link"),
    "figures is a regular file": (_figures_file, "figures' is a file, where the report writes a folder"),
    "report.html is a folder": (_report_folder, "report.html' is a folder, where the report writes a file"),
    "results.json is a symlink": (_results_link, "results.json' is a symbolic link"),
    "a symlink deep under figures": (_deep_link, "histogram.png' is a symbolic link"),
}


@pytest.mark.parametrize("case", OUTPUT_TRAPS)
def test_odd_output_paths_are_refused_before_anything_is_written(
    case: str, out: Path, tmp_path: Path
) -> None:
    trap, fragment = OUTPUT_TRAPS[case]
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "victim.json").write_text("{}")
    trap(out, outside)
    before, outside_before = tree_state(out), tree_state(outside)
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert_one_error(run, fragment)
    assert tree_state(out) == before and tree_state(outside) == outside_before


def test_a_failed_swap_is_rolled_back(out: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A rename that fails halfway through the swap puts every previous file back."""
    from reportgen import export
    from reportgen.config import make_config
    from reportgen.pipeline import build_report

    before = tree_state(out)
    renames = []
    real_rename = os.rename

    def failing_rename(source: object, target: object) -> None:
        renames.append(target)
        if len(renames) == 4:  # results.json moved aside, the new one in, figures/ aside: then fail
            raise OSError(28, "No space left on device")
        real_rename(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(export.os, "rename", failing_rename)
    with pytest.raises(OutputError, match="No space left on device"):
        build_report(make_config(out_dir=out, formats=("html",)))
    monkeypatch.undo()
    assert len(renames) > 4  # the failed one, then those of the rollback
    assert tree_state(out) == before


def test_a_new_report_replaces_the_whole_set_and_leaves_other_files(out: Path) -> None:
    (out / "notes.txt").write_text("mine")
    # An earlier run's figure this one does not draw (a covariate no longer given), recorded as that
    # run wrote it (a figure not recorded so is the user's, and the build refuses: harden23b).
    (out / "figures" / "covariate_dose.png").write_bytes(b"old")
    results = json.loads((out / "results.json").read_text())
    digest = {"sha256": hashlib.sha256(b"old").hexdigest(), "size": 3}
    results["report"]["figure_digests"]["figures/covariate_dose.png"] = digest
    (out / "results.json").write_text(json.dumps(results))
    run = run_cli("build", "--out", str(out), "--format", "html", "--decimals", "3")
    assert run.code == 0, run.stderr
    assert (out / "notes.txt").read_text() == "mine"
    assert not (out / "figures" / "covariate_dose.png").exists()
    assert json.loads((out / "results.json").read_text())["report"]["decimals"] == 3
    assert_complete_report(out)


# --- templates: sandboxed, read only from their folder, errors name the file and line -----------------


def _template(folder: Path, text: str | bytes, name: str = "questions/q1_overview.html.j2") -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return path


TEMPLATE_ERRORS: dict[str, tuple[Callable[[Path, Path], None], tuple[str, ...]]] = {
    "division by zero": (
        lambda t, d: (_template(t, "<p>a</p>\n{{ 1 / 0 }}\n"), None)[1],
        ("q1_overview.html.j2, line 2: division by zero",),
    ),
    "an unknown number style": (
        lambda t, d: (_template(t, '{{ "ols.slope" | num("roman") }}'), None)[1],
        ("line 1: unknown number style 'roman'",),
    ),
    "the number filter on text": (
        lambda t, d: (_template(t, '{{ "report.title" | num }}'), None)[1],
        ("line 1: the num filter needs a number, but 'report.title' is str",),
    ),
    "not UTF-8": (
        lambda t, d: (_template(t, b"<p>\n<p>caf\xe9</p>\n"), None)[1],
        ("q1_overview.html.j2, line 2: not UTF-8 text (byte 0xe9)",),
    ),
    "including itself": (
        lambda t, d: (_template(t, '{% include "questions/q1_overview.html.j2" %}'), None)[1],
        ("line 1: templates include or call each other without end",),
    ),
    "running a command through lipsum.__globals__": (
        lambda t, d: (
            _template(t, f"{{{{ lipsum.__globals__['os'].popen('touch {d}/pwned').read() }}}}"),
            None,
        )[1],
        ("line 1: access to attribute '__globals__' of 'function' object is unsafe",),
    ),
    "enumerating every Python class": (
        lambda t, d: (_template(t, "{{ ''.__class__.__mro__[1].__subclasses__() }}"), None)[1],
        ("access to attribute '__class__' of 'str' object is unsafe",),
    ),
    "changing the context": (
        lambda t, d: (_template(t, "{{ results.update({}) }}"), None)[1],
        ("access to attribute 'update' of 'dict' object is unsafe",),
    ),
    "a symlink out of the folder": (
        lambda t, d: (
            (t / "questions").mkdir(parents=True)
            or (t / "questions" / "q1_overview.html.j2").symlink_to(d / "secret.txt")
        ),
        ("q1_overview.html.j2: a symbolic link",),
    ),
    "including through a symlink": (
        lambda t, d: (
            _template(t, '{% include "questions/leak.html.j2" %}'),
            (t / "questions" / "leak.html.j2").symlink_to(d / "secret.txt"),
        )[1],
        ("leak.html.j2: a symbolic link",),
    ),
    "including a path out of the folder": (
        lambda t, d: (_template(t, '{% include "../secret.txt" %}'), None)[1],
        ("template ../secret.txt: the path leaves the templates folder",),
    ),
    "a template too large": (
        lambda t, d: (_template(t, "x" * 1_100_000), None)[1],
        ("larger than 1 MB",),
    ),
    "an error in an included file": (
        lambda t, d: (_template(t, '{% include "mine.html" %}'), _template(t, "\n\n{{ 1/0 }}", "mine.html"))[
            1
        ],
        ("mine.html, line 3: division by zero",),
    ),
}


@pytest.mark.parametrize("case", TEMPLATE_ERRORS)
def test_hostile_templates_are_one_error_line(case: str, out: Path, tmp_path: Path) -> None:
    make, fragments = TEMPLATE_ERRORS[case]
    templates, data = tmp_path / "mine", tmp_path / "private"
    templates.mkdir()
    data.mkdir()
    (data / "secret.txt").write_text("SECRET")
    make(templates, data)
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html", "--templates", str(templates))
    line = assert_one_error(run, "Error: template ", *fragments)
    assert "SECRET" not in line
    assert tree_state(out) == before
    assert not (data / "pwned").exists()


def test_a_template_writing_without_end_is_stopped(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("reportgen.render.MAX_OUTPUT_CHARS", 2_000_000)
    templates = tmp_path / "mine"
    _template(templates, "{% for i in range(100000) %}{% for j in range(1000) %}xx{% endfor %}{% endfor %}")
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html", "--templates", str(templates))
    assert_one_error(run, "the output grew beyond 2 million characters")
    assert tree_state(out) == before


# --- valid but odd data: a complete report that says so --------------------------------------------


def test_missing_value_words_are_dropped_and_named(out: Path, tmp_path: Path) -> None:
    data = text_ids(
        {3: {"Subject": "NA"}, 5: {"Reaction": "null"}, 7: {"Subject": "n/a"}, 9: {"Days": "None"}}
    )
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html", "--data", csv(tmp_path, data))
    assert_contract(run, out, before)
    results = json.loads((out / "results.json").read_text())
    reasons = [row["reason"] for row in results["data"]["removed"]]
    assert reasons == [
        "missing Subject (written 'NA')",
        "missing Reaction (written 'null')",
        "missing Subject (written 'n/a')",
        "missing Days (written 'None')",
    ]
    assert results["data"]["na_counts"] == {"Reaction": 1, "Days": 1, "Subject": 2}
    assert "missing Subject (written &#39;NA&#39;)" in (out / "report.html").read_text()


def test_ids_that_are_one_number_written_two_ways_are_noted(out: Path, tmp_path: Path) -> None:
    data = text_ids({i: {"Subject": "308.0"} for i in range(5)})
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html", "--data", csv(tmp_path, data))
    assert_contract(run, out, before)
    results = json.loads((out / "results.json").read_text())
    assert results["data"]["id_spellings"] == [["308", "308.0"]]
    assert results["data"]["groups"] == 19
    html = (out / "report.html").read_text()
    assert "the same number written in different ways (308 and 308.0)" in html


@pytest.mark.parametrize(
    "case, change",
    [
        ("large values", {"Reaction": lambda f: f.Reaction * 1e20}),
        ("large time", {"Days": lambda f: f.Days * 1e40, "Reaction": lambda f: f.Reaction * 1e40}),
        ("small values", {"Reaction": lambda f: f.Reaction * 1e-40}),
        ("large values (fuzzer: kurtosis overflowed)", {"Reaction": lambda f: f.Reaction * 1e45}),
        ("day numbers since year 1", {"Days": lambda f: 738000 + f.Days}),
        ("Unix time in seconds", {"Days": lambda f: 1.7e9 + 86400 * f.Days}),
    ],
)
def test_large_and_small_but_usable_values_give_a_quiet_complete_report(
    case: str, change: dict[str, Callable[[pd.DataFrame], object]], out: Path, tmp_path: Path
) -> None:
    """No "n/a" beside a confident sentence: every model number is a number, and stderr is quiet."""
    before = tree_state(out)
    run = run_cli(
        "build", "--out", str(out), "--format", "html", "--data", csv(tmp_path, sleepstudy(**change))
    )
    assert_contract(run, out, before)
    results = json.loads((out / "results.json").read_text())
    for model in ("ols", "random_intercept"):
        assert all(v is not None for k, v in results[model].items() if k.startswith("slope")), model
    assert results["random_intercept"]["slope_p"] < 1e-10


def test_hostile_ids_in_a_successful_run_leave_stderr_quiet(out: Path, tmp_path: Path) -> None:
    """Matplotlib's "Glyph missing" warning for an escape code in an id stays out of stderr."""
    data = text_ids({i: {"Subject": "\x1b[31mred"} for i in range(10)})
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html", "--data", csv(tmp_path, data))
    assert_contract(run, out, before)


# --- output folders that hold what reportgen did not write (finding 1 of the careless-user review) --


def test_build_refuses_to_replace_figures_holding_other_files(out: Path) -> None:
    (out / "figures" / "notes.txt").write_text("kept here by hand")
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert_one_error(run, f"'{out / 'figures'}' holds 'notes.txt', which reportgen did not write")
    assert tree_state(out) == before


def test_build_refuses_to_replace_figures_holding_a_png_it_did_not_draw(out: Path) -> None:
    (out / "figures" / "user_notes.png").write_bytes(b"\x89PNG mine")
    before = tree_state(out)
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert_one_error(run, f"'{out / 'figures'}' holds 'user_notes.png', which reportgen did not write")
    assert tree_state(out) == before


def test_every_figure_a_build_draws_is_known_as_its_own(out: Path) -> None:
    from reportgen.pipeline import is_report_path

    drawn = sorted(p.name for p in (out / "figures").iterdir())
    assert len(drawn) >= 14
    assert [name for name in drawn if not is_report_path(f"figures/{name}")] == []
    assert is_report_path("figures/covariate_sex_2.png") and not is_report_path("figures/notes.png")


def test_build_leaves_unrelated_files_beside_the_report(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert run.code == 0, run.stderr
    assert (out / "notes.txt").read_text() == "mine" and (out / "report.html").is_file()


def test_a_second_run_into_the_same_folder_stops_with_one_line(tmp_path: Path) -> None:
    from reportgen.export import output_lock

    out = tmp_path / "out"
    with output_lock(out):  # as a first run holds it while it works
        for command, extra in (("build", []), ("cohorts", ["--by", "Subject"])):
            run = run_cli(command, "--out", str(out), "--format", "html", *extra)
            assert_one_error(run, f"another reportgen run is writing to '{out}' now; wait for it")
        assert not out.exists()
    run = run_cli("build", "--out", str(out), "--format", "html")
    assert run.code == 0, run.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["out"]  # the lock file is gone with the run
